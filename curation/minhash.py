"""MinHash signatures of word shingles, vectorized, and the hashed words that `curation.dedup` verifies
candidates on (word edit distance).

The pipeline, all columnar:

1. words of `curation.text.normalized` text, each hashed by polars (`Series.hash`, seeded) to 64 bits;
2. shingles = runs of `k` consecutive words, hashed by folding their word hashes (`shingle_hash`);
   a text of fewer than `k` words is one shingle of all its words, so it is never dropped (it can
   then only match a text with the same words in the same order: an exact match);
3. signatures with datasketch 2.0's `affine32` scheme: the 32-bit fold of the shingle hash is
   pre-mixed with the MurmurHash3 finalizer, permuted by `a * h + b mod 2**32` (datasketch's own
   `a`, `b` for the seed) and the minimum kept per permutation.

Compatibility: for any list of shingles, `signatures` gives exactly the hash values of
`datasketch.MinHash.bulk(shingles, num_perm=P, seed=S, scheme="affine32", hashfunc=shingle_hash32)`
(tests/test_dedup_minhash.py checks it). Only the hash function differs from datasketch's default
(sha1 of bytes), because hashing every shingle in Python runs at ~40K rows/s against ~170K for
polars word hashes folded in numpy (docs/dedup.md §7).

Caveat: polars' string hash is stable within one polars version only, so signatures are never
persisted; they live for one run. Clusters do not depend on it beyond which borderline pairs LSH
proposes, because every candidate pair is verified on the texts' words themselves.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from curation.text import normalize_series, words

WORD_HASH_SEED = 0x5EED  # seeds polars' word hash; fixed, so signatures repeat run to run
_FOLD = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier (golden ratio) that folds words into a shingle
_U32 = np.uint64(0xFFFFFFFF)
_ROWS_PER_CHUNK = 64  # rows per permutation block: 128 x ~3K uint32, a reused buffer that stays in cache (measured best of 16-4096)
_SHINGLES_PER_PIECE = 1 << 16  # ... and at most this many shingles (a 32 MB buffer), however long a text
_ROWS_PER_HASH_CHUNK = 100_000  # rows whose words are exploded at once
MAX_THREADS = 8


@dataclass(frozen=True)
class Shingles:
    """Shingle hashes of many texts, row after row: row i owns hashes[offsets[i]:offsets[i + 1]]."""

    offsets: np.ndarray  # int64, n + 1
    hashes: np.ndarray  # uint64; may repeat within a row (a repeated phrase)
    word_counts: np.ndarray  # int64 per row (fewer than k words: one shorter shingle)

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.offsets)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> np.ndarray:
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]


def word_hash(word: str) -> int:
    """The 64-bit hash of one normalized word (the scalar twin of the vectorized path)."""
    return int(pl.Series([word], dtype=pl.String).hash(seed=WORD_HASH_SEED)[0])


def shingle_hash(shingle: Sequence[str]) -> int:
    """64-bit hash of a shingle (a tuple of words): h = h * FOLD + word_hash, wrapping at 2**64."""
    value = 0
    for word in shingle:
        value = (value * int(_FOLD) + word_hash(word)) & 0xFFFFFFFFFFFFFFFF
    return value


def shingle_hash32(shingle: Sequence[str]) -> int:
    """The 32-bit value MinHash sees: high and low halves of `shingle_hash` XORed (datasketch hashfunc)."""
    value = shingle_hash(shingle)
    return (value ^ (value >> 32)) & 0xFFFFFFFF


def text_shingles(text: str, k: int) -> list[tuple[str, ...]]:
    """Shingles of one text, as tuples of words (the reference the vectorized path must equal)."""
    tokens = pl.Series([text]).to_frame("t").select(words(pl.col("t")))["t"][0].to_list()
    if not tokens:
        return []
    if len(tokens) < k:
        return [tuple(tokens)]
    return [tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)]


def shingle_hashes(texts: pl.Series, k: int) -> Shingles:
    """Hashes of every text's word k-shingles (a text of n < k words gives one n-word shingle)."""
    return normalized_shingle_hashes(normalize_series(texts), k)


def split_normalized(normalized_texts: pl.Series) -> pl.Series:
    """The words of already-normalized texts: `curation.text.words` without normalizing a second
    time (normalization is the costliest step, ~1 s per 100K rows). Blank or null text -> null."""
    col = pl.col("t")
    return normalized_texts.to_frame("t").select(pl.when(col != "").then(col.str.split(" ")).alias("w"))["w"]


@dataclass(frozen=True)
class Words:
    """Hashed words of many texts, row after row: row i owns hashes[offsets[i]:offsets[i + 1]]."""

    offsets: np.ndarray  # int64, n + 1
    hashes: np.ndarray  # uint64

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def rows(self, start: int, stop: int) -> Words:
        """Rows start..stop-1 (views, no copy)."""
        offsets = self.offsets[start : stop + 1]
        return Words(offsets=offsets - offsets[0], hashes=self.hashes[offsets[0] : offsets[-1]])

    def take(self, rows: np.ndarray) -> Words:
        """The given rows, in that order (a copy)."""
        counts = np.diff(self.offsets)[rows]
        offsets = _offsets(counts)
        at = np.repeat(self.offsets[rows] - offsets[:-1], counts) + np.arange(offsets[-1], dtype=np.int64)
        return Words(offsets=offsets, hashes=self.hashes[at])


def normalized_words(normalized_texts: pl.Series) -> Words:
    """The words of texts already through `curation.text.normalized`, hashed, in chunks of rows so
    that the split words of 1M texts never sit in memory as strings at once."""
    lengths, hashes = [], []
    for start in range(0, len(normalized_texts), _ROWS_PER_HASH_CHUNK):
        tokens = split_normalized(normalized_texts.slice(start, _ROWS_PER_HASH_CHUNK))
        lengths.append(tokens.list.len().fill_null(0).to_numpy().astype(np.int64))
        hashes.append(tokens.explode().drop_nulls().hash(seed=WORD_HASH_SEED).to_numpy())
    return Words(offsets=_offsets(np.concatenate([np.zeros(0, np.int64), *lengths])),
                 hashes=np.concatenate([np.zeros(0, np.uint64), *hashes]))


def normalized_shingle_hashes(normalized_texts: pl.Series, k: int) -> Shingles:
    """`shingle_hashes` of texts already passed through `curation.text.normalized`."""
    return shingles_of(normalized_words(normalized_texts), k)


def shingles_of(words: Words, k: int) -> Shingles:
    """Word k-shingles of hashed words (a text of n < k words: one n-word shingle), made in chunks
    of rows: the index arithmetic over 1M texts' ~56M shingles would otherwise take ~3 GB."""
    parts = [_chunk_shingles(words.rows(start, min(start + _ROWS_PER_HASH_CHUNK, len(words))), k)
             for start in range(0, len(words), _ROWS_PER_HASH_CHUNK)]
    return Shingles(
        offsets=_offsets(np.concatenate([np.zeros(0, np.int64), *(p.counts for p in parts)])),
        hashes=np.concatenate([np.zeros(0, np.uint64), *(p.hashes for p in parts)]),
        word_counts=np.concatenate([np.zeros(0, np.int64), *(p.word_counts for p in parts)]),
    )


def _chunk_shingles(words: Words, k: int) -> Shingles:
    lengths = np.diff(words.offsets)
    per_row = np.where(lengths >= k, lengths - k + 1, np.minimum(lengths, 1))
    offsets = _offsets(per_row)
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), per_row)
    first_word = np.arange(offsets[-1], dtype=np.int64) - offsets[owner] + words.offsets[owner]
    return Shingles(offsets=offsets, hashes=window_hashes(words.hashes, first_word, np.minimum(lengths[owner], k)), word_counts=lengths)


def window_hashes(word_hashes: np.ndarray, start: np.ndarray, width: np.ndarray) -> np.ndarray:
    """`shingle_hash` of every window word_hashes[start:start + width], folded word by word over
    all windows at once. Every window is folded to the widest width; the few narrower ones (texts
    shorter than a shingle) are then refolded to their own width."""
    if len(start) == 0:
        return np.zeros(0, dtype=np.uint64)
    widest = int(width.max())
    padded = np.concatenate([word_hashes, np.zeros(widest, dtype=np.uint64)])  # a short last text may read past the end
    # The fold from every word position at once, over contiguous slices and in place (much cheaper
    # than gathering each window's words); the windows are then picked out.
    n = len(word_hashes)
    folded = padded[:n].copy()
    for j in range(1, widest):
        folded *= _FOLD
        folded += padded[j : n + j]
    value = folded[start]
    short = np.flatnonzero(width < widest)
    if short.size:
        refolded = padded[start[short]]
        for j in range(1, widest):
            more = width[short] > j
            refolded = np.where(more, refolded * _FOLD + padded[start[short] + j], refolded)
        value[short] = refolded
    return value


def _offsets(counts: np.ndarray) -> np.ndarray:
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def fold32(hashes: np.ndarray) -> np.ndarray:
    return ((hashes ^ (hashes >> np.uint64(32))) & _U32).astype(np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, the pre-mix datasketch's affine32 scheme applies (wraps mod 2**32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2.0's affine32 parameters for (num_perm, seed): `a` odd, `b` any, both uint32."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for a MinHash that saw nothing


def signatures(shingles: Shingles, num_perm: int, seed: int) -> np.ndarray:
    """(n, num_perm) uint32 MinHash signatures; a row without shingles keeps EMPTY everywhere.

    Blocks of _ROWS_PER_CHUNK rows: permute all their shingles at once (num_perm x shingles, in a
    reused buffer) and take each row's minimum with `np.minimum.reduceat`. numpy releases the GIL
    in these loops, so the blocks are shared among a thread per core."""
    a, b = permutations(num_perm, seed)
    premixed = fmix32(fold32(shingles.hashes))
    out = np.full((len(shingles), num_perm), EMPTY, dtype=np.uint32)
    starts = np.arange(0, len(shingles), _ROWS_PER_CHUNK)
    workers = max(1, min(os.cpu_count() or 1, MAX_THREADS, len(starts)))
    if workers == 1:
        _signature_blocks(shingles, premixed, a, b, starts, out)
    else:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda part: _signature_blocks(shingles, premixed, a, b, part, out), np.array_split(starts, workers)))
    return out


def _signature_blocks(shingles: Shingles, premixed: np.ndarray, a: np.ndarray, b: np.ndarray, starts: np.ndarray, out: np.ndarray) -> None:
    offsets, n = shingles.offsets, len(shingles)
    ends = np.minimum(starts + _ROWS_PER_CHUNK, n)
    widest = int((offsets[ends] - offsets[starts]).max(initial=0))
    buffer = np.empty((len(a), max(min(widest, _SHINGLES_PER_PIECE), 1)), dtype=np.uint32)
    for s0, s1 in zip(offsets[starts].tolist(), offsets[ends].tolist()):
        # A block's shingles, at most _SHINGLES_PER_PIECE at a time: one runaway text of 10 MB has
        # ~1.8M shingles, num_perm times that a 1 GB buffer. A row cut by a piece's edge keeps the
        # minimum over its pieces.
        for c0 in range(s0, s1, _SHINGLES_PER_PIECE):
            c1 = min(c0 + _SHINGLES_PER_PIECE, s1)
            permuted = buffer[:, : c1 - c0]
            np.multiply(a[:, None], premixed[None, c0:c1], out=permuted)  # wraps mod 2**32, as datasketch's uint32 does
            np.add(permuted, b[:, None], out=permuted)
            first, last = np.searchsorted(offsets, c0, side="right") - 1, np.searchsorted(offsets, c1 - 1, side="right")
            rows = np.arange(first, last)
            rows = rows[offsets[rows + 1] > offsets[rows]]  # rows with shingles (in this piece, as they lie between)
            mins = np.minimum.reduceat(permuted, np.maximum(offsets[rows], c0) - c0, axis=1).T
            out[rows] = np.minimum(out[rows], mins)
