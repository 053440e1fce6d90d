"""Writing a split directory (docs/contracts.md §5): one file per split in the chosen format,
the dropped rows, and manifest.json with every file's sha256 — all or nothing
(`curation.files.staged_outputs`), and byte-identical for the same input and seed (rows sorted by
`row`, no timestamps)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from curation.artifacts.manifest import Manifest, SplitRecord
from curation.files import sha256_of, staged_outputs
from curation.split.layout import MANIFEST, SPLIT_NAMES

SUFFIX = {"parquet": ".parquet", "jsonl": ".jsonl", "hf": ""}
DROPPED = "dropped"


def _write_frame(frame: pl.DataFrame, path: Path, fmt: str) -> None:
    if fmt == "jsonl":
        frame.write_ndjson(path)
    else:
        frame.write_parquet(path, statistics=True)


def _write_hf(frames: Mapping[str, pl.DataFrame], stage: Path) -> None:
    import datasets

    was_disabled = datasets.are_progress_bars_disabled()
    datasets.disable_progress_bars()  # our own console shows progress; theirs would break it
    try:
        datasets.DatasetDict({name: datasets.Dataset(frame.to_arrow()) for name, frame in frames.items()}).save_to_disk(str(stage))
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


def stale_outputs(out_dir: Path, keep: set[str]) -> list[Path]:
    """Split files an earlier run left in `out_dir` that this run does not replace (a train.jsonl
    beside a new train.parquet, a test_ood of an earlier holdout): a reader would mix them in."""
    if not out_dir.is_dir():
        return []
    ours = {*SPLIT_NAMES, DROPPED}
    stale = [p for p in out_dir.iterdir() if p.name not in keep and (p.stem in ours or p.name in (MANIFEST, "dataset_dict.json"))]
    return sorted(stale)


def _file_hashes(stage: Path, frames: Mapping[str, pl.DataFrame], fmt: str) -> dict[str, dict[str, Any]]:
    """sha256 per written file. A Hugging Face split is a folder: each of its files is listed, so a
    later reader's cache files in that folder do not count as a change."""
    if fmt != "hf":
        return {f"{name}{SUFFIX[fmt]}": {"rows": frames[name].height, "sha256": sha256_of(stage / f"{name}{SUFFIX[fmt]}")} for name in frames}
    written = sorted(p for p in stage.rglob("*") if p.is_file())
    return {p.relative_to(stage).as_posix(): {"sha256": sha256_of(p)} for p in written}


def write_split_dir(out_dir: Path, frames: Mapping[str, pl.DataFrame], dropped: pl.DataFrame | None, record: SplitRecord, fmt: str) -> Manifest:
    """Write everything; returns the manifest as written: `record` and the files' hashes."""
    import shutil

    with staged_outputs(out_dir) as stage:
        if fmt == "hf":
            _write_hf(frames, stage)
        else:
            for name, frame in frames.items():
                _write_frame(frame, stage / f"{name}{SUFFIX[fmt]}", fmt)
        files = _file_hashes(stage, frames, fmt)
        if dropped is not None and dropped.height:
            name = f"{DROPPED}{'.jsonl' if fmt == 'jsonl' else '.parquet'}"
            _write_frame(dropped, stage / name, "jsonl" if fmt == "jsonl" else "parquet")
            files[name] = {"rows": dropped.height, "sha256": sha256_of(stage / name)}
        manifest = Manifest.model_validate({**record.model_dump(mode="json", exclude_unset=True), "files": files})
        manifest.write(stage / MANIFEST)
        written = {p.name for p in stage.iterdir()}
        for path in stale_outputs(out_dir, written):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return manifest
