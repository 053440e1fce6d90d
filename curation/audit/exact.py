"""Exact duplicates step: rows whose text is the same once case, spacing and punctuation are folded
(`curation.text.normalized`), per text field and for the prompt field.

- Prompt field: every copy beyond the first is a `duplicate.exact` warning naming the first row;
  rows.parquet gets `exact_cluster` (smallest row with the same prompt) and `exact_cluster_size`.
- Other text fields (reasoning, actions, ...): only groups smaller than a template are reported,
  as info (`template_rows`: 1% of the rows, at least 10 and at most 50), and at most
  INFO_FINDINGS per field (the first copies by row; the field metrics count them all). A value
  repeated more often is a stock template: the templates step reports those.
"""

from __future__ import annotations

import math

import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditContext, StepResult
from curation.dedup import NearParams, clip, exact_clusters_of_normalized

NAME = "exact"
TITLE = "Exact duplicates"
LARGEST = 10  # clusters shown in the report
MEMBERS_SHOWN = 3
TEMPLATE_MIN_ROWS = 10  # see template_rows
# Info findings on a non-prompt field: enough to show where copies are; the field metrics count
# every copy. (Uncapped, synth data gives ~7% of its rows as copies: 700K findings at 1M rows,
# a third of the audit's findings.parquet and of its exact-step time, for no decision.)
INFO_FINDINGS = 1000


def template_rows(ctx: AuditContext) -> int:
    """Rows from which one repeated value of an answer field is a template, not duplicates: over
    `family_share` of the rows, but never more than `NearParams.family_min_rows` (50 identical
    answers are a stock answer at any scale; at 1M rows 1% would be 10K) and never fewer than
    TEMPLATE_MIN_ROWS (in a small dataset a few copies are copies)."""
    share = math.ceil(ctx.config.family_share * ctx.n_rows)
    return min(max(share, TEMPLATE_MIN_ROWS), NearParams().family_min_rows)


def groups(ctx: AuditContext, name: str) -> pl.DataFrame:
    """row, cluster (smallest row with the same normalized text, null if unique), size, text."""
    cluster = exact_clusters_of_normalized(ctx.normalized(name))
    frame = pl.DataFrame({"row": ctx.data["row"], "cluster": cluster, "text": ctx.data[name]})
    return frame.with_columns(
        pl.when(pl.col("cluster").is_null()).then(1).otherwise(pl.len().over("cluster")).cast(pl.Int64).alias("size")
    )


def field_metrics(frame: pl.DataFrame, norm: pl.Series, template_from: int) -> dict:
    clustered = frame.filter(pl.col("cluster").is_not_null())
    sizes = clustered.group_by("cluster").agg(pl.len().alias("n"))["n"]
    template = sizes.filter(sizes >= template_from)
    unique = int((frame["cluster"].is_null() & (norm != "")).sum())  # non-blank texts found once
    return {
        "exact_duplicate_rows": int((clustered["row"] != clustered["cluster"]).sum()),
        "exact_groups": sizes.len(),
        "exact_largest_group": int(sizes.max() or 0),
        "exact_distinct_normalized": unique + sizes.len(),
        "exact_template_groups": template.len(),
        "exact_template_rows": int(template.sum() or 0),
    }


def duplicate_findings(copies: pl.DataFrame, name: str, severity: str, suggestion: str) -> pl.DataFrame:
    message = pl.format(
        "'{}' repeats row {} once case, spacing and punctuation are folded ({} rows share it)",
        pl.lit(name), pl.col("cluster"), pl.col("size"),
    )
    shown = copies.select("row", "cluster", message.alias("message"), clip(pl.col("text"), 80).alias("evidence"))
    return F.findings(
        shown["row"], "duplicate.exact", severity=severity, column=name, cluster=shown["cluster"],
        message=shown["message"], evidence=shown["evidence"], suggestion=suggestion,
    )


def largest_clusters(frame: pl.DataFrame, limit: int = LARGEST) -> list[dict]:
    """The biggest groups: the first row's text and up to MEMBERS_SHOWN copies (as written)."""
    top = (
        frame.filter(pl.col("cluster").is_not_null())
        .group_by("cluster").agg(pl.len().alias("size"))
        .sort(["size", "cluster"], descending=[True, False]).head(limit)
    )
    out = []
    for cluster, size in top.iter_rows():
        members = frame.filter(pl.col("cluster") == cluster).sort("row")
        first, rest = members.row(0, named=True), members.slice(1, MEMBERS_SHOWN)
        out.append({
            "cluster": cluster,
            "size": size,
            "representative": {"row": first["row"], "text": first["text"]},
            "members": [{"row": r, "text": t, "similarity": 1.0} for r, t in rest.select("row", "text").iter_rows()],
        })
    return out


def run(ctx: AuditContext) -> StepResult:
    prompt = ctx.profile.prompt_field
    text_fields = ctx.text_fields()
    has_prompt = prompt in ctx.data.columns and ctx.data.schema[prompt] == pl.String
    names = list(dict.fromkeys(([prompt] if has_prompt else []) + text_fields))
    template_from = template_rows(ctx)
    ctx.normalized_fields(names)  # all at once: in parallel
    frames, fields, metrics, rows = [], {}, {}, None
    for name in names:
        frame = groups(ctx, name)
        fields[name] = field_metrics(frame, ctx.normalized(name), template_from)
        copies = frame.filter(pl.col("cluster").is_not_null() & (pl.col("row") != pl.col("cluster")))
        if name == prompt:
            frames.append(duplicate_findings(copies, name, "warning",
                                             "keep one copy (`curate split --dedup exact` drops the others)"))
            rows = frame.select("row", pl.col("cluster").alias("exact_cluster"), pl.col("size").alias("exact_cluster_size"))
            metrics["largest_clusters"] = largest_clusters(frame)
        else:
            small = copies.filter(pl.col("size") < template_from)
            fields[name]["exact_info_findings_left_out"] = max(small.height - INFO_FINDINGS, 0)
            frames.append(duplicate_findings(small.head(INFO_FINDINGS), name, "info",
                                             "the same text in a few rows: vary it or drop the copies"))
    metrics["fields"] = fields
    return StepResult(
        findings=F.concat(frames),
        rows=rows,
        metrics=metrics,
        fields=fields,
        params={"prompt_field": prompt if has_prompt else None, "fields": names,
                "normalization": "NFKC, lower case, every run of non-letters/digits -> one space",
                "template_from_rows": template_from, "info_findings_per_field": INFO_FINDINGS},
    )
