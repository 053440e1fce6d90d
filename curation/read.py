"""Reading a dataset from a file, a Hugging Face `save_to_disk` folder or a Hub dataset id.

Every reader returns a polars DataFrame and fails with one CurateError sentence (what, where, how
to fix) on input it cannot read: a missing file, a corrupt parquet, a malformed JSONL line (named by
its line number), bytes that are not UTF-8, a truncated compressed file, an empty dataset.

JSONL, JSON and CSV may come compressed (gzip, zstd, bz2: `hh.jsonl.gz`, the way HH-RLHF ships). The
file's first bytes say whether and how it is compressed, whatever its name; the format is read from
the name before the compression suffix.
"""

from __future__ import annotations

import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import polars as pl
import pyarrow as pa

from curation.errors import CurateError
from curation.files import sha256_of

FORMATS = ("parquet", "jsonl", "json", "csv", "hf", "hub")

_SUFFIXES = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
# Compression suffix -> codec (pyarrow's names), and the first bytes of each codec's files.
COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd", ".bz2": "bz2"}
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
# bz2: "BZh", the block size 1-9, then a block's or the end of stream's 48-bit magic (so that a CSV
# whose header starts with "BZh" is still text).
_BZ2 = re.compile(rb"BZh[1-9](\x31\x41\x59\x26\x53\x59|\x17\x72\x45\x38\x50\x90)")
_DECOMPRESS = {"gzip": "gunzip", "zstd": "zstd -d", "bz2": "bunzip2"}


class FileName(NamedTuple):
    """A data file's name taken apart: `train.jsonl.gz` -> ("train", "jsonl", "gzip")."""

    stem: str
    format: str | None  # None when the name says no format
    compression: str | None


def parse_name(name: str) -> FileName:
    """Split off a compression suffix, then a format suffix (a leading dot alone is a hidden file's)."""
    base, dot, last = name.rpartition(".")
    compression = COMPRESSIONS.get(f".{last.lower()}") if dot else None
    if compression:
        name = base
    base, dot, last = name.rpartition(".")
    fmt = _SUFFIXES.get(f".{last.lower()}") if dot and base else None
    return FileName(base if fmt else name, fmt, compression)


@dataclass(frozen=True)
class Loaded:
    """A dataset as read: the frame and where it came from."""

    frame: pl.DataFrame
    source: str
    format: str
    sha256: str | None  # None for a Hub dataset (no local bytes to hash)


def infer_format(source: str) -> str:
    """Format from the name: a suffix (before any .gz, .zst, .bz2), a `save_to_disk` folder, or a Hub
    id such as `org/name`."""
    path = Path(source)
    if path.is_dir():
        if any((path / marker).exists() for marker in ("dataset_dict.json", "state.json", "dataset_info.json")):
            return "hf"
        raise CurateError(
            f"{source} is a folder but not a Hugging Face save_to_disk folder (no dataset_dict.json or "
            "state.json); pass a data file, or --format hub to load the folder with datasets.load_dataset."
        )
    name = parse_name(path.name)
    if name.format == "parquet" and name.compression:
        raise _compressed_parquet(source, name.compression)
    if name.format:
        return name.format
    if not path.exists() and _looks_like_hub_id(source):
        return "hub"
    if not path.exists():
        raise CurateError(f"{source}: no such file; check the path (or pass a Hub dataset id such as org/name).")
    compression = name.compression or _sniff(source)
    if compression:
        raise CurateError(
            f"{source}: cannot tell the format of this {compression}-compressed file from its name '{path.name}'; "
            f"name it like data.jsonl{_suffix_of(compression)} (or .json, .csv), or pass --format jsonl, json or csv."
        )
    raise CurateError(
        f"{source}: cannot tell the format from the name '{path.name}'; pass --format "
        f"({', '.join(FORMATS)})."
    )


def _suffix_of(compression: str) -> str:
    return next(suffix for suffix, codec in COMPRESSIONS.items() if codec == compression)


def _sniff(source: str) -> str | None:
    """The compression a file's first bytes announce (gzip, zstd, bz2), or None for a plain file."""
    if os.path.isdir(source):  # a folder of parquet files, read as one
        return None
    try:
        with open(source, "rb") as fh:
            head = fh.read(10)
    except OSError as exc:
        raise CurateError(f"{source} cannot be opened ({exc.strerror or exc}); check its permissions.") from None
    if _BZ2.match(head):
        return "bz2"
    return next((codec for magic, codec in _MAGIC.items() if head.startswith(magic)), None)


def _compressed_parquet(source: str, compression: str) -> CurateError:
    name = Path(source).name
    if parse_name(name).compression:
        command = f"{_DECOMPRESS[compression]} -k {name}"
    else:  # a misnamed file: decompressing it in place would need the suffix, so write a new one
        command = f"{_DECOMPRESS[compression]} -c {name} > {parse_name(name).stem}.plain.parquet"
    return CurateError(
        f"{source} is a {compression}-compressed parquet file, which cannot be read as it is (parquet "
        f"compresses its own columns, and a reader seeks inside the file); decompress it ({command}) and "
        "pass the .parquet file."
    )


def _looks_like_hub_id(source: str) -> bool:
    parts = source.split("/")
    return len(parts) == 2 and all(parts) and not source.startswith((".", "/")) and "." not in parts[0]


def read_dataset(source: str | os.PathLike, format: str | None = None, *, split: str | None = None) -> Loaded:
    """Read one dataset. `format` overrides the inferred one; `split` picks a split of a DatasetDict."""
    source = str(source)
    fmt = format or infer_format(source)
    if fmt not in FORMATS:
        raise CurateError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}.")
    if fmt not in ("hub",) and not Path(source).exists():
        raise CurateError(f"{source}: no such file or folder; check the path.")
    if fmt == "hf":
        frame = _read_hf_folder(source, split)
    elif fmt == "hub":
        frame = _read_hub(source, split)
    else:
        frame = read_file(source, fmt)
    if frame.height == 0:
        raise CurateError(f"{source} has no rows; nothing to check.")
    if frame.width == 0:
        raise CurateError(f"{source} has no columns; nothing to check.")
    sha = None if fmt == "hub" else sha256_of(source)
    return Loaded(frame=frame, source=source, format=fmt, sha256=sha)


def read_many(sources: list[str], format: str | None = None) -> pl.DataFrame:
    """Read several files into one frame with a `source` column naming each row's file.

    Files must share their columns (types are unified); used for data mixes such as the
    classifier's nine JSONL files.
    """
    names = [Path(s).name for s in sources]
    labels = names if len(set(names)) == len(names) else [str(s) for s in sources]  # paths when names collide
    frames = []
    for source, label in zip(sources, labels):
        loaded = read_dataset(source, format)
        frames.append(loaded.frame.with_columns(pl.lit(label).alias("source")))
    try:
        return pl.concat(frames, how="diagonal_relaxed")
    except pl.exceptions.PolarsError as exc:
        raise CurateError(
            f"the input files do not share compatible columns ({_first_line(exc)}); "
            "give files of one dataset format."
        ) from None


# -- per-format readers -------------------------------------------------------------------------


def read_file(source: str | os.PathLike, format: str | None = None) -> pl.DataFrame:
    """One data file (parquet, or JSONL, JSON, CSV, compressed or not) as it is: no check that it has
    rows, for a split file that may rightly be empty."""
    source = str(source)
    fmt = format or infer_format(source)
    readers = {"parquet": _read_parquet, "jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv}
    if fmt not in readers:
        raise CurateError(f"{source}: '{fmt}' is not a data file format; use one of {', '.join(readers)}.")
    return readers[fmt](source)


def _read_parquet(source: str) -> pl.DataFrame:
    compression = _sniff(source)
    if compression:
        raise _compressed_parquet(source, compression)
    try:
        return pl.read_parquet(source)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise CurateError(
            f"{source} is not a readable parquet file ({_first_line(exc)}); re-export it, or pass "
            "--format if it is another format."
        ) from None


def _utf8_bytes(source: str) -> bytes:
    """The file's text bytes, decompressed where its first bytes say so, checked to be UTF-8; the
    first bad byte is named by line and offset."""
    compression = _sniff(source)
    if compression:
        try:
            data = pa.input_stream(source, compression=compression).read()
        except OSError as exc:  # pyarrow's codecs raise OSError for truncated and corrupt streams alike
            raise CurateError(
                f"{source} is a damaged {compression} file ({_first_line(exc).lower()}); download it or "
                "compress it again."
            ) from None
    else:
        data = Path(source).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        named = parse_name(Path(source).name).compression
        if named and not compression:  # e.g. .gz whose gzip header is damaged: iconv is the wrong advice
            raise CurateError(
                f"{source} is named {Path(source).suffix} but its bytes are neither {named} data nor UTF-8 text "
                f"(0x{data[exc.start]:02x} at byte {exc.start}); the file is damaged or misnamed: download it again."
            ) from None
        where = f"{source} (decompressed)" if compression else source
        raise CurateError(
            f"{where}: line {line} has bytes that are not UTF-8 (0x{data[exc.start]:02x} at byte "
            f"{exc.start}); re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)."
        ) from None
    return data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is not data


def _read_jsonl(source: str) -> pl.DataFrame:
    data = _utf8_bytes(source)
    try:
        # Scan every line for the schema: chat `_meta` keys vary from file to file.
        return pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except pl.exceptions.PolarsError as exc:
        _raise_first_bad_json_line(source, data)
        raise CurateError(f"{source} could not be read as JSON Lines ({_first_line(exc)}).") from None


def _raise_first_bad_json_line(source: str, data: bytes) -> None:
    """Only on the error path: find the first line that is not one JSON object and name it."""
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CurateError(
                f"{source}: line {number} is not valid JSON ({exc.msg} at column {exc.colno}); "
                "fix or remove that line."
            ) from None
        if not isinstance(value, dict):
            raise CurateError(
                f"{source}: line {number} is a JSON {type(value).__name__}, not an object; "
                "each line must be one JSON object."
            )


def _read_json(source: str) -> pl.DataFrame:
    data = _utf8_bytes(source)
    try:
        value = json.loads(data)
    except json.JSONDecodeError as exc:
        raise CurateError(
            f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
            "fix the file, or pass --format jsonl if it has one object per line."
        ) from None
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CurateError(f"{source}: expected a JSON array of objects (one per row); got a {type(value).__name__}.")
    try:
        return pl.from_dicts(value, infer_schema_length=None) if value else pl.DataFrame()
    except pl.exceptions.PolarsError as exc:
        raise CurateError(f"{source}: rows could not be turned into a table ({_first_line(exc)}).") from None


def _read_csv(source: str) -> pl.DataFrame:
    data = _utf8_bytes(source)
    try:
        # A CSV has no types: read every column as text and let the profile's schema coerce.
        return pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise CurateError(f"{source} could not be read as CSV ({_first_line(exc)}); check its quoting and delimiter.") from None


def _pick_split(obj, source: str, split: str | None):
    import datasets

    if isinstance(obj, (datasets.DatasetDict, datasets.IterableDatasetDict)):
        names = list(obj.keys())
        if split is None:
            if len(names) == 1:
                split = names[0]
            elif "train" in names:
                split = "train"
            else:
                raise CurateError(f"{source} has splits {', '.join(names)}; pick one with --split.")
        if split not in obj:
            raise CurateError(f"{source} has no split '{split}'; it has {', '.join(names)}.")
        return obj[split]
    return obj


def _to_polars(ds) -> pl.DataFrame:
    # to_polars applies any indices mapping in memory: reading never writes cache files into the folder.
    return ds.to_polars()


def _read_hf_folder(source: str, split: str | None) -> pl.DataFrame:
    import datasets

    try:
        obj = datasets.load_from_disk(source)
    except Exception as exc:  # datasets raises several unrelated types for a broken folder
        raise CurateError(f"{source} is not a readable save_to_disk folder ({_first_line(exc)}).") from None
    return _to_polars(_pick_split(obj, source, split))


def _read_hub(source: str, split: str | None) -> pl.DataFrame:
    """A Hub dataset id (or anything `datasets.load_dataset` accepts, such as a local folder)."""
    import datasets

    try:
        obj = datasets.load_dataset(source, split=split)
    except ValueError as exc:
        if "split" in str(exc).lower() or "Unknown split" in str(exc):
            raise CurateError(f"{source}: {_first_line(exc)}; pick an existing split with --split.") from None
        raise CurateError(f"could not load '{source}' with datasets.load_dataset ({_first_line(exc)}).") from None
    except Exception as exc:  # offline, unknown id, gated: all surface as different exception types
        raise CurateError(
            f"could not load '{source}' from the Hugging Face Hub ({_first_line(exc)}); check the id and your "
            "connection, or download the data and pass the local file."
        ) from None
    return _to_polars(_pick_split(obj, source, split))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__).rstrip(".")[:300]
