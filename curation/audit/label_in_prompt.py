"""Labels stated in the prompt: the prompt field says a label value of its own row.

"...filed a complaint regarding online harassment. The harm caused was classified as high." on a
row labelled (online harassment, high): a model fine-tuned on it learns to copy the label out of
the prompt, its loss falls fast and it fails on prompts that do not say their label. Every such
(row, label field) is a `label.in_prompt` warning, with the phrase found as evidence; the step's
metrics give the share of rows per label field. What counts as stating a label (whole words after
folding, the profile's synonyms and contexts) is `curation.label_phrases`.
"""

from __future__ import annotations

import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditContext, StepResult
from curation.label_phrases import label_fields, profile_phrases, stated

NAME = "label_in_prompt"
TITLE = "Labels stated in the prompt"
TOP_PHRASES = 10  # phrases listed per field in report.json, most rows first


def run(ctx: AuditContext) -> StepResult:
    prompt = ctx.profile.prompt_field
    labels = label_fields(ctx.profile, ctx.data)
    if prompt not in ctx.data.columns or ctx.data.schema[prompt] != pl.String:
        return StepResult(skipped=f"the prompt field '{prompt}' is not a text column of the data")
    if not labels:
        return StepResult(skipped="the profile names no label field found in the data")
    phrases = profile_phrases(ctx.profile, ctx.data)
    found = stated(ctx.normalized(prompt), {name: ctx.data[name] for name in labels}, phrases)
    values = ctx.data.select("row", *(pl.col(name).cast(pl.String) for name in labels)).with_row_index("pos")
    hits = found.join(values, on="pos").with_columns(
        pl.coalesce(pl.when(pl.col("field") == name).then(pl.col(name)) for name in labels).alias("value"),
        pl.col("phrases").list.join("; ").alias("evidence"),
    )
    message = pl.format("'{}' states this row's {} label '{}'", pl.lit(prompt), pl.col("field"), pl.col("value"))
    findings = F.findings(
        hits["row"], "label.in_prompt", column=prompt, message=hits.select(message.alias("m"))["m"],
        evidence=hits["evidence"],
        suggestion="take the label out of the prompt (a model learns to copy it); `curate eval` measures the reliance on label-masked prompts",
    )
    n = ctx.n_rows
    fields = {}
    for name in labels:
        mine = hits.filter(pl.col("field") == name)
        top = mine.explode("phrases").group_by("phrases").agg(pl.len().alias("rows")).sort(["rows", "phrases"], descending=[True, False])
        fields[name] = {"rows": mine.height, "share": mine.height / n if n else 0.0,
                        "phrases": [{"phrase": p, "rows": r} for p, r in top.head(TOP_PHRASES).iter_rows()]}
    any_rows = found["pos"].n_unique()
    return StepResult(
        findings=findings,
        metrics={"rows": any_rows, "share": any_rows / n if n else 0.0, "fields": fields},
        params={"prompt_field": prompt, "label_fields": labels,
                "phrases": {name: int((phrases["field"] == name).sum()) for name in labels},
                "matching": "whole words after folding case, width and punctuation; the profile's synonyms and contexts"},
    )
