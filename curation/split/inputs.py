"""What `curate split` splits: one or several data files, or the dataset of an audit directory.

`curate split --stratify risk_type,severity` with no file takes the dataset an audit was run on
(`--audit DIR`, or the one audit directory in the working directory) and reuses its rows.parquet
(duplicate clusters, template ids) instead of computing them again. The data must still be the
bytes the audit read: its sha256 is compared with report.json.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from curation.artifacts.report import ReportJson
from curation.audit import prepare
from curation.audit.directory import REPORT, ROWS, data_path, profile_of, read_report, read_rows
from curation.errors import CurateError
from curation.files import sha256_of
from curation.profile import Profile, resolve_profile
from curation.read import Loaded, read_dataset, read_many

AUDIT_FILES = (REPORT, ROWS)


@dataclass
class Audit:
    dir: Path
    report: ReportJson
    rows: pl.DataFrame


@dataclass
class SplitInput:
    data: pl.DataFrame  # `row` first (0-based position in the input, files in the order given), derived columns added
    output_columns: list[str]  # the input's own columns (+ source, source_row for several files), `row` first
    profile: Profile
    files: list[dict[str, Any]]  # {path, name, sha256, rows}
    audit: Audit | None = None
    notes: list[str] = field(default_factory=list)
    # labels written in the profile's canonical form: {column, value, canonical, rows}
    canonicalized: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sha256(self) -> str | None:
        """The input's fingerprint: the file's sha256, or one over the files' names and hashes."""
        if len(self.files) == 1:
            return self.files[0]["sha256"]
        if any(f["sha256"] is None for f in self.files):
            return None
        lines = "".join(f"{f['name']}\t{f['sha256']}\n" for f in self.files)
        return hashlib.sha256(lines.encode()).hexdigest()

    @property
    def sources(self) -> pl.Series | None:
        return self.data["source"] if len(self.files) > 1 else None


def is_audit_dir(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in AUDIT_FILES)


def find_audit_dir(audit: str | None) -> Path:
    """--audit DIR, or the single audit directory in (or being) the working directory."""
    if audit is not None:
        path = Path(audit)
        if not is_audit_dir(path):
            raise CurateError(f"--audit {audit} is not an audit directory (it needs report.json and rows.parquet); run `curate audit DATA` first.")
        return path
    here = Path(".")
    found = [here] if is_audit_dir(here) else [d for d in sorted(here.iterdir()) if is_audit_dir(d)]
    if not found:
        raise CurateError("no DATA given and no audit directory here; give the data file (curate split DATA ...) or run `curate audit DATA` first.")
    if len(found) > 1:
        names = ", ".join(d.name for d in found[:5])
        raise CurateError(f"no DATA given and {len(found)} audit directories here ({names}); pick one with --audit DIR.")
    return found[0]


def read_audit(path: Path) -> Audit:
    return Audit(path, read_report(path), read_rows(path))


def load_input(
    data: tuple[str, ...],
    *,
    audit: str | None = None,
    profile: str | None = None,
    text_columns: tuple[str, ...] = (),
    label_columns: tuple[str, ...] = (),
    id_column: str | None = None,
    format: str | None = None,
) -> SplitInput:
    """Read the data (or the audit's data) and pick its profile."""
    notes = []
    audit_obj = None
    if not data or audit is not None:
        audit_obj = read_audit(find_audit_dir(audit))
        if not data:
            data = (data_path(audit_obj.report, audit_obj.dir),)
            notes.append(f"splitting {data[0]}, the dataset of the audit in {audit_obj.dir}")
        else:
            notes.append(f"reusing the duplicate clusters and templates of the audit in {audit_obj.dir}")
        if len(data) > 1:
            raise CurateError("--audit describes one dataset, but several files were given; split them without --audit (clusters are computed) or audit their union first.")
    _refuse_repeated(data)
    loaded, files = _read(data, format or (audit_obj.report.dataset.format if audit_obj else None))
    if audit_obj is not None:
        _check_audit_matches(audit_obj, files[0], loaded.frame.height)
    if profile is None and not text_columns and audit_obj is not None:
        chosen = profile_of(audit_obj.report.dataset, loaded.frame.columns, label_columns=label_columns, id_column=id_column)
    else:
        chosen = resolve_profile(profile, loaded.frame.columns, text_columns=text_columns, label_columns=label_columns, id_column=id_column)
    loaded = _without_earlier_split_columns(loaded, notes)
    prepared, canonicalized = _canonical(prepare(loaded, chosen), chosen, notes)
    output_columns = ["row", *(c if c != "row" else "source_row" for c in loaded.frame.columns)]
    return SplitInput(prepared, output_columns, chosen, files, audit_obj, notes, canonicalized)


def _canonical(data: pl.DataFrame, profile: Profile, notes: list[str]) -> tuple[pl.DataFrame, list[dict[str, Any]]]:
    """Labels in the profile's canonical form ('HIGH' -> 'high'): strata, groups and the files
    written see one label, not two spellings of it."""
    changed = profile.noncanonical_labels(data)
    if changed.is_empty():
        return data, []
    counts = changed.group_by("column", "value", "canonical").agg(pl.len().alias("rows")).sort(["rows", "column", "value"], descending=[True, False, False])
    shown = ", ".join(f"{c} '{v}' -> '{k}' ({n:,})" for c, v, k, n in counts.head(4).iter_rows())
    notes.append(f"{changed.height:,} labels are written in the profile's canonical form: {shown}{' ...' if counts.height > 4 else ''}")
    return profile.canonical_labels(data), counts.to_dicts()


def _read(data: tuple[str, ...], format: str | None) -> tuple[Loaded, list[dict[str, Any]]]:
    """One file as it is; several with `source` (file name) and `source_row` (position in it)."""
    if len(data) == 1:
        loaded = read_dataset(data[0], format)
        return loaded, [{"path": data[0], "name": Path(data[0]).name, "sha256": loaded.sha256, "rows": loaded.frame.height}]
    frame = read_many(list(data), format)
    if not {"row", "source_row"} & set(frame.columns):  # else the input's own row numbers stay
        frame = frame.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).over("source").alias("source_row"))
    counts = dict(frame["source"].value_counts().iter_rows())
    files = [{"path": p, "name": Path(p).name, "sha256": sha256_of(p) if Path(p).exists() else None, "rows": int(counts.get(Path(p).name, 0))} for p in data]
    return Loaded(frame=frame, source=",".join(data), format=format or "mixed", sha256=None), files


def _without_earlier_split_columns(loaded: Loaded, notes: list[str]) -> Loaded:
    """A file from an earlier split (train.parquet) carries that split's stratum/group/weight, which
    this split rewrites; its `row` becomes `source_row`, replacing an older `source_row`."""
    stale = [c for c in ("stratum", "group", "weight") if c in loaded.frame.columns]
    if "row" in loaded.frame.columns and "source_row" in loaded.frame.columns:
        stale.append("source_row")
    if not stale:
        return loaded
    notes.append(f"the input comes from an earlier split: its {', '.join(stale)} columns are replaced")
    return Loaded(loaded.frame.drop(stale), loaded.source, loaded.format, loaded.sha256)


def _refuse_repeated(data: tuple[str, ...]) -> None:
    names = [Path(p).name for p in data]
    for name in names:
        if names.count(name) > 1:
            same = len({str(Path(p).resolve()) for p in data if Path(p).name == name}) == 1
            if same:
                raise CurateError(f"{name} is given twice; give it once and weight it with --source-weight {name}=2 (rows listed twice would be duplicates).")
            raise CurateError(f"two input files are named {name}; the source column tells files apart by name, so rename one.")


def _check_audit_matches(audit: Audit, file: dict[str, Any], n_rows: int) -> None:
    audited = audit.report.dataset.sha256
    if audited and file["sha256"] and audited != file["sha256"]:
        raise CurateError(
            f"{file['path']} is not the data audited in {audit.dir} (its sha256 differs from report.json's); "
            "run `curate audit` on it again, or split without --audit."
        )
    rows = audit.rows
    if rows.height != n_rows or "row" not in rows.columns:
        raise CurateError(f"{audit.dir / 'rows.parquet'} has {rows.height} rows but the data has {n_rows}; run `curate audit` again.")
