"""Reading what `curate audit` wrote, for `curate report` (re-render) and `curate diff` (compare).

Nothing is recomputed: report.json and findings.parquet are read as they are
(`curation.audit.directory`). The dataset itself is re-read only for the row bodies the page shows,
and only when it is still the file that was audited (same sha256) — otherwise row numbers could
point at different rows, so the page goes without them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from curation.artifacts.report import ReportJson
from curation.audit.directory import profile_of, read_findings, read_report, report_path
from curation.errors import CurateError

__all__ = ["AuditDir", "read_audit_dir", "read_report", "report_path", "dataset_rows"]


@dataclass(frozen=True)
class AuditDir:
    path: Path
    report: ReportJson
    findings: pl.DataFrame


def read_audit_dir(path: str | Path) -> AuditDir:
    """report.json and findings.parquet of one audit directory."""
    report_file = report_path(path)
    report = read_report(report_file)
    return AuditDir(path=report_file.parent, report=report, findings=read_findings(report_file.parent))


def dataset_rows(report: ReportJson, source: str | None = None) -> tuple[pl.DataFrame | None, str | None]:
    """The audited dataset prepared as the audit saw it (`row` first), or None and the reason why not."""
    from curation.audit import prepare
    from curation.read import read_dataset

    dataset = report.dataset
    path = source or dataset.path
    try:
        loaded = read_dataset(path, None if source else dataset.format)
    except CurateError as exc:
        return None, f"Row bodies are not embedded: the audited dataset could not be read ({exc})"
    if dataset.sha256 and loaded.sha256 and loaded.sha256 != dataset.sha256:
        return None, (f"Row bodies are not embedded: {path} changed since the audit (its sha256 differs), "
                      "so row numbers may no longer match the findings.")
    try:
        profile = profile_of(dataset, loaded.frame.columns)
    except CurateError as exc:
        return None, f"Row bodies are not embedded: the audit's profile could not be loaded again ({exc})"
    return prepare(loaded, profile), None
