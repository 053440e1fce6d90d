"""The HTML audit report: one self-contained file maintainers read before training.

`render_report` turns report.json (`ReportJson`, the source of truth), findings.parquet and the prepared
dataset into report.html: triage first (the gate's verdict, counts by severity, what needs attention
by share of rows), then the sections, then a findings table linked to the full rows. Everything is
inline — CSS, script, the vendored Chart.js (LICENSE-chartjs.txt) — so the page opens offline, and
it stays small: findings and rows are embedded only up to a byte budget (`curation.report.embed`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import polars as pl

from curation.artifacts.report import ReportJson
from curation.files import atomic_file
from curation.findings import SEVERITIES
from curation.report import sections as S
from curation.report.describe import fmt
from curation.report.embed import BUDGET_BYTES, MAX_PER_CHECK, Embedded, chartjs, embed, inline_script, script_json
from curation.report.mask import Masker

HERE = Path(__file__).parent

__all__ = ["render_report", "render_html", "Rendered", "environment", "BUDGET_BYTES", "MAX_PER_CHECK"]


@dataclass(frozen=True)
class Rendered:
    """What a render wrote: the page and how much of findings.parquet and the dataset it carries."""

    path: Path
    size_bytes: int
    findings_shown: int
    findings_total: int
    rows_embedded: int
    cap: int  # findings per (check, severity) that fit the budget
    rows_note: str | None  # why row bodies are missing, when they are


def render_report(
    report: ReportJson,
    findings: pl.DataFrame,
    data: pl.DataFrame | None,
    path: str | Path,
    *,
    mask_pii: bool = True,
    max_per_check: int = MAX_PER_CHECK,
    budget_bytes: int = BUDGET_BYTES,
    rows_note: str | None = None,
) -> Rendered:
    """Write report.html to `path` (atomically). `data` is the prepared dataset (`row` first), or None
    when it is no longer available: the page then links findings to rows it cannot show, and says why."""
    html, embedded, rows_note = _render(report, findings, data, mask_pii=mask_pii, max_per_check=max_per_check,
                                        budget_bytes=budget_bytes, rows_note=rows_note)
    encoded = html.encode("utf-8")
    with atomic_file(path) as tmp:
        tmp.write_bytes(encoded)
    return Rendered(Path(path), len(encoded), embedded.findings_shown, findings.height, embedded.rows_embedded, embedded.cap, rows_note)


def render_html(
    report: ReportJson,
    findings: pl.DataFrame,
    data: pl.DataFrame | None,
    *,
    mask_pii: bool = True,
    max_per_check: int = MAX_PER_CHECK,
    budget_bytes: int = BUDGET_BYTES,
    rows_note: str | None = None,
) -> str:
    """The page as a string (see `render_report`)."""
    return _render(report, findings, data, mask_pii=mask_pii, max_per_check=max_per_check,
                   budget_bytes=budget_bytes, rows_note=rows_note)[0]


def _render(report, findings, data, *, mask_pii, max_per_check, budget_bytes, rows_note) -> tuple[str, Embedded, str | None]:
    masker = Masker.from_findings(findings, enabled=mask_pii)
    embedded = embed(findings, data, masker, max_per_check=max_per_check, budget_bytes=budget_bytes)
    if data is None and rows_note is None:
        rows_note = "Row bodies are not embedded (the dataset was not available when this page was rendered)."
    charts = S.Charts()
    groups = S.evidence_groups(findings, masker)
    path = report.dataset.path
    context = {
        "dataset_name": Path(path).name or path or "dataset",
        "dataset_path": path,
        "tool_version": report.tool.version,
        "triage": S.triage(report, embedded.shown),
        "overview": S.overview(report),
        "labels": S.labels(report, charts),
        "strata": S.strata(report),
        "label_in_prompt": S.label_in_prompt(report),
        "lengths": S.lengths(report, charts),
        "duplicates": S.duplicates(report, masker, charts),
        "templates": S.templates(report, masker, charts),
        "facts": S.facts(report, groups),
        "pii": S.pii(report, groups, masker),
        "leakage": S.leakage(report, groups, masker),
        "filters": _filters(embedded, findings),
        "embedded": embedded,
        "rows_note": rows_note,
        "meta_json": script_json({"rows_note": rows_note, "masked": mask_pii}),
    }
    context["charts_json"] = script_json(charts.specs)
    context.update(_assets(), chartjs=chartjs())
    return environment().get_template("report.html.j2").render(**context), embedded, rows_note


def _filters(embedded: Embedded, findings: pl.DataFrame) -> dict[str, list[str]]:
    """The table's filter options: the checks and columns of the findings the page carries."""
    checks = sorted({check for check, _ in embedded.shown})
    columns = sorted(c for c in findings["column"].unique().to_list() if c is not None) if findings.height else []
    return {"checks": checks, "severities": list(SEVERITIES), "columns": columns}


@functools.cache
def _assets() -> dict[str, str]:
    """The page's own inline CSS and script."""
    return {
        "css": (HERE / "report.css").read_text(encoding="utf-8"),
        "js": inline_script((HERE / "report.js").read_text(encoding="utf-8")),
    }


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(num=_num, pct=_pct)
    return env


def _num(value: Any) -> str:
    return fmt(value)


def _pct(value: Any) -> str:
    """A share as a percentage: 0.0231 -> "2.3%", tiny non-zero shares stay visible ("<0.1%")."""
    if value is None:
        return "—"
    share = float(value)
    if 0 < share < 0.001:
        return "<0.1%"
    return f"{share:.1%}"
