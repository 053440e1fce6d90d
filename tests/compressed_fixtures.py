"""Compressed copies of test files, written by the libraries users' tools use (gzip, bz2: the stdlib;
zstd: pyarrow's codec, the same standard frame `zstd` writes)."""

from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pyarrow as pa

COMPRESS = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".zst": lambda data: pa.compress(data, codec="zstd", asbytes=True),
}


def compress_file(plain: Path, suffix: str, *, keep: bool = False) -> Path:
    """plain (e.g. d.jsonl) -> d.jsonl.gz beside it; the plain file is removed unless `keep`."""
    packed = plain.with_name(plain.name + suffix)
    packed.write_bytes(COMPRESS[suffix](plain.read_bytes()))
    if not keep:
        plain.unlink()
    return packed
