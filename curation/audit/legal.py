"""Legal step: every citation in the profile's fact fields, parsed and judged against the rule packs
(curation.verify): unknown act or section, repealed (with the replacement), struck down, title
mismatch, malformed, and `legal.offence_mismatch` when nothing a row cites fits its risk type."""

from __future__ import annotations

import polars as pl

from curation.audit.pipeline import AuditContext, StepResult
from curation.verify import long_frame
from curation.verify.engine import citation_metrics, citations_long

NAME = "legal"
TITLE = "Legal citations"


def setup(ctx: AuditContext) -> None:
    ctx.rules()  # on the main thread: reads the packs, builds the engine's lookups


def run(ctx: AuditContext) -> StepResult:
    fields = ctx.fact_fields()
    if not fields:
        return StepResult(skipped="the profile names no fact fields (text holding legal citations)")
    registry = ctx.rules()
    risk_field = ctx.profile.risk_type_field
    risk = None
    if risk_field and risk_field in ctx.data.columns:
        risk = ctx.data.select("row", pl.col(risk_field).cast(pl.String).alias("risk_type")).drop_nulls("risk_type")
    judged, found = citations_long(long_frame(ctx.data, fields), registry, risk)
    return StepResult(
        findings=found,
        metrics=citation_metrics(judged, found),
        params={"fields": fields, "risk_type_field": risk_field if risk is not None else None,
                "rules_dirs": list(ctx.config.rules_dirs), "packs": len(registry.packs)},
    )
