"""The split directory contract (docs/contracts.md §5): train / validation / test (/ test_ood) files plus
manifest.json. One reader for every stage that consumes a split (train, eval, split --check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import polars as pl

from curation.errors import CurateError
from curation.artifacts.manifest import Manifest
from curation.read import parse_name, read_file

SPLIT_NAMES = ("train", "validation", "test", "test_ood")
REQUIRED_SPLITS = ("train", "validation", "test")
# Other tools name their held-out files differently; `split --check` accepts these too.
ALIASES = {"valid": "validation", "val": "validation", "dev": "validation", "eval": "validation"}
SPLIT_COLUMNS = ("row", "stratum", "group", "weight")  # added to every input column by `curate split`
MANIFEST = Manifest.FILE


@dataclass
class SplitDir:
    path: Path
    frames: dict[str, pl.DataFrame]
    format: str
    manifest: Manifest | None = field(default=None)  # None for a split another tool made

    @property
    def profile_name(self) -> str | None:
        return self.manifest.profile if self.manifest else None


def _find_split_files(path: Path) -> tuple[dict[str, Path], str]:
    """Split name -> file, for data files named like train.parquet / valid.jsonl / test.csv.gz; where a
    split has several, parquet comes first, then JSONL, JSON, CSV, each uncompressed first."""
    order = ("parquet", "jsonl", "json", "csv")
    candidates = []
    for f in path.iterdir():
        name = parse_name(f.name)
        if f.is_file() and name.format in order and ALIASES.get(name.stem, name.stem) in SPLIT_NAMES:
            candidates.append((order.index(name.format), name.compression is not None, f.name, ALIASES.get(name.stem, name.stem), f))
    found: dict[str, Path] = {}
    for *_, split, f in sorted(candidates):
        found.setdefault(split, f)
    formats = [parse_name(f.name).format for f in found.values()]
    return found, min(formats, key=order.index) if formats else ""


def read_split_dir(path: str | Path, *, require: tuple[str, ...] = REQUIRED_SPLITS) -> SplitDir:
    """Read a split directory written by `curate split` (parquet, jsonl or a Hugging Face
    DatasetDict folder), or one of train/validation/test files made by another tool (any data file
    format `curation.read` reads, compressed or not)."""
    root = Path(path)
    if not root.is_dir():
        raise CurateError(f"{root} is not a directory; pass the folder `curate split --out` wrote.")
    manifest = Manifest.read(root / MANIFEST) if (root / MANIFEST).exists() else None
    frames: dict[str, pl.DataFrame] = {}
    if (root / "dataset_dict.json").exists():
        from curation.read import read_dataset

        import datasets

        names = list(datasets.load_from_disk(str(root)).keys())
        for name in names:
            canonical = ALIASES.get(name, name)
            if canonical in SPLIT_NAMES:
                frames[canonical] = read_dataset(str(root), "hf", split=name).frame
        fmt = "hf"
    else:
        files, fmt = _find_split_files(root)
        for name, file in files.items():
            frames[name] = read_file(file)
    missing = [s for s in require if s not in frames]
    if missing:
        raise CurateError(
            f"{root} has no {', '.join(missing)} split; expected files named "
            f"{', '.join(f'{s}.parquet' for s in require)} (or .jsonl, .json, .csv, any of them also .gz, .zst or .bz2)."
        )
    return SplitDir(path=root, frames=frames, format=fmt, manifest=manifest)
