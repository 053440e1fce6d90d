"""An audit directory read back by the stages after it: `curate report` and `curate diff` read
report.json and findings.parquet, `curate split --audit` report.json and rows.parquet. Nothing is
recomputed. Where the audited data is now, and the profile the audit used, are resolved here from
what report.json recorded — once, for every reader.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from curation.artifacts.report import Dataset, ReportJson
from curation.errors import CurateError
from curation.profile import Profile

REPORT, FINDINGS, ROWS = ReportJson.FILE, "findings.parquet", "rows.parquet"


def report_path(path: str | Path) -> Path:
    """An audit directory, or a report.json inside one, -> the report.json path."""
    p = Path(path)
    if p.is_dir():
        p = p / REPORT
    if not p.exists():
        raise CurateError(f"{p} does not exist; give the directory `curate audit` wrote (e.g. data.audit/), or audit first.")
    return p


def read_report(path: str | Path) -> ReportJson:
    """report.json of an audit directory (or the file itself), validated (`ReportJson.read`)."""
    return ReportJson.read(report_path(path))


def _read_parquet(directory: Path, name: str, what: str) -> pl.DataFrame:
    path = directory / name
    if not path.exists():
        raise CurateError(f"{directory} has {REPORT} but no {name}; re-run `curate audit` to write both.")
    try:
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise CurateError(f"{path} is not a readable {what} ({str(exc).splitlines()[0][:200]}); re-run `curate audit`.") from None


def read_findings(directory: Path) -> pl.DataFrame:
    from curation import findings as F

    found = _read_parquet(directory, FINDINGS, "findings file")
    try:
        return F.conform(found)
    except (pl.exceptions.PolarsError, ValueError, KeyError) as exc:
        raise CurateError(f"{directory / FINDINGS} is not a readable findings file ({str(exc).splitlines()[0]}); re-run `curate audit`.") from None


def read_rows(directory: Path) -> pl.DataFrame:
    return _read_parquet(directory, ROWS, "rows file")


def data_path(report: ReportJson, directory: Path) -> str:
    """The audited dataset's path: as recorded (relative to where `curate audit` ran), else beside
    the audit directory."""
    written = report.dataset.path
    if Path(written).exists() or Path(written).is_absolute():
        return written
    beside = directory.resolve().parent / written
    return str(beside) if beside.exists() else written


def profile_of(dataset: Dataset, columns: Collection[str], *, label_columns: tuple[str, ...] = (), id_column: str | None = None) -> Profile:
    """The profile the audit used, from what report.json recorded of it (`label_columns` and
    `id_column` override it, as on the command line). A profile file must still exist: a built-in
    profile of the same name is not the one the audit checked against."""
    from curation.profile import resolve_profile

    if dataset.profile == "generic":
        return resolve_profile("generic", columns, text_columns=tuple(dataset.text_fields),
                               label_columns=label_columns or tuple(dataset.label_fields), id_column=id_column or dataset.id_column)
    source = dataset.profile if dataset.profile_source == "built-in" else dataset.profile_source
    if dataset.profile_source != "built-in" and not Path(source).exists():
        raise CurateError(f"the profile file {source} the audit used no longer exists; pass --profile, or audit again.")
    return resolve_profile(source, columns, label_columns=label_columns, id_column=id_column)
