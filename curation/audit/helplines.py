"""Helpline step: phone numbers and short codes in the profile's fact fields, judged against the
helpline registry (curation.verify): unknown (a human must verify), wrong purpose or organisation,
outdated (replaced or temporary), discontinued, malformed."""

from __future__ import annotations

from curation.audit.pipeline import AuditContext, StepResult
from curation.verify import long_frame
from curation.verify.engine import helpline_metrics, helplines_long

NAME = "helplines"
TITLE = "Helplines"


def setup(ctx: AuditContext) -> None:
    ctx.rules()  # on the main thread: reads the packs, builds the engine's lookups


def run(ctx: AuditContext) -> StepResult:
    fields = ctx.fact_fields()
    if not fields:
        return StepResult(skipped="the profile names no fact fields (text holding helpline numbers)")
    registry = ctx.rules()
    judged, found = helplines_long(long_frame(ctx.data, fields), registry)
    return StepResult(
        findings=found,
        metrics=helpline_metrics(judged),
        params={"fields": fields, "rules_dirs": list(ctx.config.rules_dirs), "helplines": registry.helplines.height},
    )
