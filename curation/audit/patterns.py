"""Patterns step: placeholders and artifacts ("Section XX", unfilled {slots}, mock-translation
prefixes, TODO, lorem ipsum, serialised nulls) and PII (Aadhaar passing Verhoeff, PAN, e-mail,
personal phone numbers) in every scanned field. PII evidence is the raw value: findings.parquet is
the sidecar, and the HTML report masks it."""

from __future__ import annotations

import polars as pl

from curation.audit.pipeline import AuditContext, StepResult
from curation.verify import long_frame
from curation.verify.engine import patterns_long

NAME = "patterns"
TITLE = "Placeholders and PII"


def setup(ctx: AuditContext) -> None:
    ctx.rules()  # on the main thread: reads the packs, builds the engine's lookups


def run(ctx: AuditContext) -> StepResult:
    fields = ctx.scanned_fields()
    if not fields:
        return StepResult(skipped="the profile names no text fields to scan")
    registry = ctx.rules()
    found = patterns_long(long_frame(ctx.data, fields), registry)
    by_check = found.group_by(["check", "column"]).agg(pl.len().alias("count"), pl.col("row").n_unique().alias("rows")).sort(
        ["count", "check", "column"], descending=[True, False, False]) if found.height else found.clear()
    return StepResult(
        findings=found,
        metrics={"by_check": {c: int(n) for c, n in found.group_by("check").len().sort("check").iter_rows()} if found.height else {},
                 "by_check_and_column": by_check.to_dicts() if found.height else []},
        params={"fields": fields, "placeholders": [p.name for p in registry.placeholders], "pii": [p.name for p in registry.pii] + ["phone"]},
    )
