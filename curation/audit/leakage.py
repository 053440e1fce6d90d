"""Leakage step (`curate audit DATA --against OTHER ...`): the prompt field of DATA compared with
each OTHER dataset's (read with the same profile) by `curation.dedup.cross_matches`.

- `leak.exact` (error): the same normalized prompt is in OTHER.
- `leak.near` (warning): a verified near-duplicate (word-shingle Jaccard >= --near-threshold).
- `leak.ngram` (info): only a shared run of 13 words (the lm-evaluation-harness decontamination
  rule). Info, because stock phrases of template-generated data share 13-grams by construction.

Each finding names the matching row of OTHER (and its id, when the profile has an id column).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from curation import findings as F
from curation.audit.near import params_of
from curation.audit.pipeline import AuditContext, StepResult
from curation.dedup import cross_matches
from curation.read import read_dataset

NAME = "leakage"
TITLE = "Leakage against other datasets"

# kind -> (check, severity, what the message says)
KINDS = {
    "exact": ("leak.exact", "error", "'{}' leaks: the same text (normalized) is row {} of {}"),
    "near": ("leak.near", "warning", "'{}' leaks: a near-duplicate (Jaccard {}) of row {} of {}"),
    "ngram13": ("leak.ngram", "info", "'{}' shares a run of 13 words with row {} of {} (Jaccard {}): contamination by the "
                "lm-evaluation-harness rule, unless it is a stock phrase"),
}


def setup(ctx: AuditContext) -> None:
    for source in ctx.config.against:  # on the main thread: reading may import (a Hub dataset, a folder)
        other_prompts(ctx, source)


def other_prompts(ctx: AuditContext, source: str) -> tuple[pl.Series, pl.Series | None]:
    """OTHER's prompt texts and ids, read and prepared with this audit's profile (once per audit)."""
    return ctx.shared(f"against:{source}", lambda: _read_prompts(ctx, source))


def _read_prompts(ctx: AuditContext, source: str) -> tuple[pl.Series, pl.Series | None]:
    prompt = ctx.profile.prompt_field  # all that is compared: the rest of the profile may be missing
    frame = ctx.profile.prepare(read_dataset(source).frame, f"--against {source}", require=(prompt,))
    ids = frame[ctx.profile.id_column].cast(pl.String) if ctx.profile.id_column in frame.columns else None
    return frame[prompt].cast(pl.String), ids


def leak_findings(matches: pl.DataFrame, other_ids: pl.Series | None, prompt: str, name: str) -> pl.DataFrame:
    other_id = (
        other_ids.gather(matches["reference"]) if other_ids is not None else pl.repeat(None, matches.height, dtype=pl.String, eager=True)
    )
    frame = matches.with_columns(other_id=other_id, similarity=pl.col("similarity").round(2))
    named = pl.when(pl.col("other_id").is_not_null()).then(pl.format("{} (id {})", pl.col("reference"), pl.col("other_id"))).otherwise(pl.col("reference").cast(pl.String))
    frames = []
    for kind, (check, severity, template) in KINDS.items():
        part = frame.filter(pl.col("kind") == kind)
        args = {"exact": [named, pl.lit(name)], "near": [pl.col("similarity"), named, pl.lit(name)],
                "ngram13": [named, pl.lit(name), pl.col("similarity")]}[kind]
        part = part.with_columns(message=pl.format(template, pl.lit(prompt), *args))
        frames.append(F.findings(
            part["query"], check, severity=severity, column=prompt, message=part["message"], evidence=part["evidence"],
            suggestion=f"drop this row or its match in {name} so the two sets share no prompt",
        ))
    return F.concat(frames)


def run(ctx: AuditContext) -> StepResult:
    if not ctx.config.against:
        return StepResult(skipped="no --against given")
    prompt = ctx.profile.prompt_field
    if prompt not in ctx.data.columns or ctx.data.schema[prompt] != pl.String:
        return StepResult(skipped=f"the prompt field '{prompt}' is missing or not text")
    params = params_of(ctx.config)
    frames, per_other = [], {}
    for source in ctx.config.against:
        references, ids = other_prompts(ctx, source)
        matches = cross_matches(ctx.data[prompt], references, params, normalized_queries=ctx.normalized(prompt))
        frames.append(leak_findings(matches, ids, prompt, Path(source).name))
        by_kind = {kind: int((matches["kind"] == kind).sum()) for kind in KINDS}
        leaked = by_kind["exact"] + by_kind["near"]
        per_other[source] = {"rows": references.len(), **by_kind, "leaked_rows": leaked,
                             "leaked_share": round(leaked / max(ctx.n_rows, 1), 4)}
    return StepResult(
        findings=F.concat(frames),
        metrics={"against": per_other},
        params={"against": list(ctx.config.against), "field": prompt, "near_threshold": params.threshold,
                "shingle": params.shingle, "ngram": 13},
    )
