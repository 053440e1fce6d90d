"""Leakage step (`curate audit DATA --against OTHER ...`): the prompt field of DATA compared with
each OTHER dataset's (read with the same profile) by `curation.dedup.cross_matches`.

- `leak.exact` (error): the same normalized prompt is in OTHER.
- `leak.near` (warning): a verified near-duplicate (word edit similarity, --near-threshold; `curation.dedup`).
- `leak.ngram` (info): only a shared run of 13 words (the lm-evaluation-harness decontamination
  rule). Info, because stock phrases of template-generated data share 13-grams by construction.

Each finding names the matching row of OTHER (and its id, when the profile has an id column), and
says whether the labels agree: an exact or near copy whose label fields (canonical form) differ from
the match's, or from any exact copy of it in OTHER, is also a `label.conflict.against` finding per
differing field: an error for an exact copy, a warning for a near one (a near copy may differ in
the very words that decide the label). The same prompt labelled two ways across train and test
makes the test measure label noise.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from curation import findings as F
from curation.audit.labels import COPIES, agreement_summary, copy_labels
from curation.audit.near import params_of
from curation.audit.pipeline import AuditContext, StepResult
from curation.dedup import cross_matches, normalize_distinct
from curation.read import read_dataset

NAME = "leakage"
TITLE = "Leakage against other datasets"

# kind -> (check, severity, what the message says)
KINDS = {
    "exact": ("leak.exact", "error", "'{}' leaks: the same text (normalized) is row {} of {}"),
    "near": ("leak.near", "warning", "'{}' leaks: a near-duplicate (word edit similarity {}) of row {} of {}"),
    "ngram13": ("leak.ngram", "info", "'{}' shares a run of 13 words with row {} of {} (word edit similarity {}): contamination by the "
                "lm-evaluation-harness rule, unless it is a stock phrase"),
}


def setup(ctx: AuditContext) -> None:
    for source in ctx.config.against:  # on the main thread: reading may import (a Hub dataset, a folder)
        other_data(ctx, source)


def other_data(ctx: AuditContext, source: str) -> pl.DataFrame:
    """OTHER, read and prepared with this audit's profile (once per audit), its labels in canonical form."""
    return ctx.shared(f"against:{source}", lambda: _read_other(ctx, source))


def _read_other(ctx: AuditContext, source: str) -> pl.DataFrame:
    prompt = ctx.profile.prompt_field  # all that must be there: the rest of the profile may be missing
    frame = ctx.profile.prepare(read_dataset(source).frame, f"--against {source}", require=(prompt,))
    return ctx.profile.canonical_labels(frame.with_columns(pl.col(prompt).cast(pl.String)))


def _named(matches: pl.DataFrame, other_ids: pl.Series | None) -> pl.DataFrame:
    """`named`: the matched row of OTHER as messages name it, '12' or '12 (id abc)'."""
    other_id = other_ids.gather(matches["reference"]) if other_ids is not None else pl.repeat(None, matches.height, dtype=pl.String, eager=True)
    named = pl.when(pl.col("other_id").is_not_null()).then(pl.format("{} (id {})", pl.col("reference"), pl.col("other_id"))).otherwise(pl.col("reference").cast(pl.String))
    return matches.with_columns(other_id=other_id).with_columns(named=named)


def leak_findings(matches: pl.DataFrame, other_ids: pl.Series | None, prompt: str, name: str, compared: pl.DataFrame) -> pl.DataFrame:
    """One leak finding per matching row; for exact and near copies the message says whether the
    labels agree (`compared`: `copy_labels` of the matches)."""
    verdict = compared.group_by("query").agg(pl.col("agree").all(), pl.col("label").filter(~pl.col("agree")).str.join(", ").alias("differ"))
    said = (
        pl.when(pl.col("agree")).then(pl.lit("; the labels agree"))
        .when(pl.col("agree").is_not_null()).then(pl.format("; the labels differ ({})", "differ"))
        .otherwise(pl.lit(""))
    )
    frame = _named(matches, other_ids).with_columns(similarity=pl.col("similarity").round(2)).join(
        verdict, on="query", how="left").with_columns(said.alias("labels_said"))
    frames = []
    for kind, (check, severity, template) in KINDS.items():
        part = frame.filter(pl.col("kind") == kind)
        args = {"exact": [pl.col("named"), pl.lit(name)], "near": [pl.col("similarity"), pl.col("named"), pl.lit(name)],
                "ngram13": [pl.col("named"), pl.lit(name), pl.col("similarity")]}[kind]
        part = part.with_columns(message=pl.format(template, pl.lit(prompt), *args) + pl.col("labels_said"))
        frames.append(F.findings(
            part["query"], check, severity=severity, column=prompt, message=part["message"], evidence=part["evidence"],
            suggestion=f"drop this row or its match in {name} so the two sets share no prompt",
        ))
    return F.concat(frames)


def conflict_findings(matches: pl.DataFrame, compared: pl.DataFrame, other_ids: pl.Series | None, name: str) -> pl.DataFrame:
    """`label.conflict.against`, one per copied row and differing label field."""
    differ = compared.filter(~pl.col("agree")).join(_named(matches, other_ids).select("query", "kind", "named"), on="query")
    if differ.is_empty():
        return F.empty()
    said = differ.select(
        pl.format("'{}' differs from the {} copy of this prompt in {} (row {}): '{}' here, {} there",
                  "label", "kind", pl.lit(name), "named", "value", "there").alias("message"),
        pl.format("'{}' here; {} in {}", "value", "there", pl.lit(name)).alias("evidence"),
        pl.when(pl.col("kind") == "exact").then(pl.lit("error")).otherwise(pl.lit("warning")).alias("severity"),
    )
    return F.findings(differ["query"], "label.conflict.against", severity=said["severity"], column=differ["label"],
                      message=said["message"], evidence=said["evidence"],
                      suggestion=f"label the copies alike, or keep the prompt in only one of this data and {name}")


def _compare(matches: pl.DataFrame, here: pl.DataFrame, other: pl.DataFrame, labels: list[str], prompt: str) -> pl.DataFrame:
    """`copy_labels` of the exact and near copies; OTHER's copies share a normalized prompt."""
    copies = matches.filter(pl.col("kind").is_in(["exact", "near"]))
    if not labels or copies.is_empty():
        return copy_labels(copies, here, other, [])
    there = other.select(labels).with_columns(normalize_distinct(other[prompt]).alias(COPIES))
    return copy_labels(copies, here, there, labels)


def run(ctx: AuditContext) -> StepResult:
    if not ctx.config.against:
        return StepResult(skipped="no --against given")
    prompt = ctx.profile.prompt_field
    if prompt not in ctx.data.columns or ctx.data.schema[prompt] != pl.String:
        return StepResult(skipped=f"the prompt field '{prompt}' is missing or not text")
    params = params_of(ctx.config)
    labels = [c for c in ctx.profile.label_fields if c in ctx.data.columns]
    here = ctx.profile.canonical_labels(ctx.data.select(labels))
    frames, per_other = [], {}
    for source in ctx.config.against:
        other = other_data(ctx, source)
        ids = other[ctx.profile.id_column].cast(pl.String) if ctx.profile.id_column in other.columns else None
        matches = cross_matches(ctx.data[prompt], other[prompt], params, normalized_queries=ctx.normalized(prompt))
        shared = [c for c in labels if c in other.columns]
        compared = _compare(matches, here, other, shared, prompt)
        frames += [leak_findings(matches, ids, prompt, Path(source).name, compared),
                   conflict_findings(matches, compared, ids, Path(source).name)]
        by_kind = {kind: int((matches["kind"] == kind).sum()) for kind in KINDS}
        leaked = by_kind["exact"] + by_kind["near"]
        per_other[source] = {"rows": other.height, **by_kind, "leaked_rows": leaked,
                             "leaked_share": round(leaked / max(ctx.n_rows, 1), 4),
                             "labels": {"fields": shared, **agreement_summary(compared)}}
    return StepResult(
        findings=F.concat(frames),
        metrics={"against": per_other},
        params={"against": list(ctx.config.against), "field": prompt, "near_threshold": params.threshold,
                "shingle": params.shingle, "ngram": 13},
    )
