"""Exact duplicates, near-duplicate clusters (MinHash LSH candidates, every one verified by word edit
similarity) and leakage.

Positions are 0-based positions in the given Series (the dataset's `row`).

Two texts are **near-duplicates** when few of their words were inserted, deleted or substituted:
with d the word-level Levenshtein distance (rapidfuzz, over the words of the normalized texts) and
n the longer text's words, the similarity is 1 - d / n, and they link when it stays at or above
`NearParams.threshold` (0.8) after one more edit, i.e. d <= 0.2 n - 1 (see `max_edits`). So a
10-word prompt links with one word edited, a 15-word one with two, a 20-word one with three, a
100-word answer with 19 (docs/dedup.md §2-4). Calibrated on real human text (tests/data/real/,
HH-RLHF; bench/bench_near_real.py, figures in BENCHMARKS.md): 1-3 word edits of texts of 20+ words are
found at recall 0.99 with pair precision 0.99, counting every link between two different real
texts as false. Without the spare edit, 114 of the 2,837 real 5-9-word turns would be reported as
near-duplicates of *other* real turns ("how do i steal a car" / "how do i hijack a car"); with it,
2. Shorter texts pay for that in recall: one edited word is found from 10 words on, two from 15,
three from 20. Word 3-gram Jaccard >= 0.8, the measure before, found 71% of the 1-3 word edits of
20+-word texts (an edit breaks three shingles).

Near duplicates, in phases (timed in `NearClusters.stats["seconds"]`):

1. **distinct texts** — rows with the same normalized text are one node (an exact copy is
   similarity 1 to its original); everything below runs on distinct texts and is expanded back to
   rows. Texts too short to link at the threshold (`min_words`: fewer than 9 words at 0.8) skip
   the next phases: only their exact copies join them.
2. **signatures** — MinHash of word-bigram sets (`curation.minhash`, datasketch-compatible).
3. **candidates** — LSH with bands chosen for recall: the fewest rows per band whose banding still
   proposes a pair at `NearParams.candidate_jaccard` (0.5: a 20-word text with three separate
   substitutions shares 13 of its 25 distinct bigrams) with probability >= `candidate_recall`
   (0.98 with 96 permutations -> 32 bands x 3 rows). Each bucket gives star edges from its
   smallest member to the others, never all pairs of a huge bucket.
4. **verify** — candidates whose lengths differ by more than the edits allowed, or whose
   signatures agree on fewer values than a pair at the candidate Jaccard would (3 standard
   deviations below it: crowded buckets of texts that share common phrases), are dropped; the rest
   get their word edit distance from rapidfuzz, cut off at the edits each pair is allowed.
5. **families** — a connected component of verified links holding more than `family_share` of the
   rows, at least `family_min_rows` rows and at least 2 distinct texts is a template family of the
   field (slot-filled variants of one pattern chain into one component: the public NariRaksha
   generator's 100K scenarios are 3 families of ~33K), not duplicates. Its members keep only their
   exact copies as a cluster.
6. **stars** — the other components are covered by stars, never chains: in rounds, every text that
   covers more rows (itself + unassigned verified neighbours; ties: smaller position) than each of
   its unassigned neighbours becomes a center and takes its unassigned verified neighbours (each to
   the center it is most similar to). Every member is verified against its representative.
"""

from __future__ import annotations

import encodings.utf_32_le  # noqa: F401  (the codec `_word_strings` decodes with, imported here: never on a step's thread)
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from curation import minhash
from curation.errors import CurateError
from curation.text import normalized

Progress = Callable[[str], None]


@dataclass(frozen=True)
class NearParams:
    # Word edit similarity (1 - word edits / words of the longer text) a pair must keep with
    # `spare_edits` more edits: 0.8 and 1 link d <= 0.2 n - 1 edits (module docstring, `max_edits`).
    # Measured on HH-RLHF turns with 1-3 planted word edits (bench/bench_near_real.py): 20-39
    # words recall 0.98 at pair precision 0.98, 40+ words 1.00 / 1.00; 0.85 finds half of the
    # 3-word edits of 20-39-word texts, 0.75 links twice as many different real 10-14-word texts.
    threshold: float = 0.8
    # Edits a linked pair must have to spare. With 0, a 5-word prompt links with one word changed,
    # and 114 of 2,837 real 5-9-word turns link to a different real turn (precision 0.46); with 1, 2.
    spare_edits: int = 1
    # 96 permutations: 32 bands x 3 rows propose a pair at the candidate Jaccard with 0.986; 128
    # (42 x 3, 0.996) found no more planted pairs (real or synth) for 0.3 s more CPU per 100K rows.
    num_perm: int = 96
    # Words per shingle of the MinHash that proposes candidates: 2. Word sets (1) propose 6x more
    # candidates on `curate synth` scenarios (phrase banks share most words) for no more recall;
    # 3-grams lose 3-word edits of 20-word texts (an edit breaks three shingles: J = 0.33).
    shingle: int = 2
    # LSH proposes a pair of this word-bigram Jaccard with probability `candidate_recall`.
    candidate_jaccard: float = 0.5
    candidate_recall: float = 0.98
    seed: int = 1
    family_share: float = 0.01  # a component above this share of rows (and >= family_min_rows) is a template family
    # Rows a component needs before it can be a family, so that in a small dataset (1% of 939
    # Do-Not-Answer questions is 9 rows) a genuine cluster of a few copies is never called a
    # template. 50: fifty variants of one prompt are a template in all but name.
    family_min_rows: int = 50

    @property
    def bands(self) -> tuple[int, int]:
        return bands_for(self.candidate_jaccard, self.num_perm, self.candidate_recall)

    @property
    def agreement_floor(self) -> float:
        """Share of equal signature values below which a candidate is not compared: 3 standard
        deviations below what a pair at `candidate_jaccard` shows."""
        j = self.candidate_jaccard
        return j - 3 * math.sqrt(j * (1 - j) / self.num_perm)


def max_edits(words: np.ndarray, params: NearParams) -> np.ndarray:
    """Word edits a pair whose longer text has `words` words may differ by and still link:
    floor((1 - threshold) * words) - spare_edits (may be negative: such a pair never links)."""
    return np.floor((1 - params.threshold) * np.asarray(words, dtype=np.float64) + 1e-9).astype(np.int64) - params.spare_edits


def min_words(params: NearParams) -> int:
    """The fewest words a text needs to link with a different one: 9 at the defaults (a 10-word
    text may lose one word; a pair always differs by at least one edit, and n - max_edits(n)
    never falls as n grows)."""
    if params.threshold >= 1:
        return np.iinfo(np.int64).max
    longer = math.ceil((1 + params.spare_edits) / (1 - params.threshold) - 1e-9)  # the shortest text that may link
    return int(longer - max_edits(np.array([longer]), params)[0])


def bands_for(threshold: float, num_perm: int, recall: float) -> tuple[int, int]:
    """(bands, rows per band): the largest r with b = num_perm // r and P(candidate | J=threshold) >= recall."""
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= recall:
            return bands, rows
    return num_perm, 1


def candidate_probability(j: float, bands: int, rows: int) -> float:
    """The LSH S-curve: chance a pair of Jaccard j shares at least one band."""
    return 1.0 - (1.0 - j**rows) ** bands


def s_curve(bands: int, rows: int) -> dict[str, list[float]]:
    """P(candidate) at J = 0.20, 0.25, ..., 1.00 (for the report's chart)."""
    grid = [round(0.2 + 0.05 * i, 2) for i in range(17)]
    return {"jaccard": grid, "probability": [round(candidate_probability(j, bands, rows), 4) for j in grid]}


def signatures(texts: pl.Series, params: NearParams = NearParams()) -> np.ndarray:
    """(n, num_perm) uint32 MinHash signatures of the texts' word shingles (every text, short ones
    too): equal to
    `datasketch.MinHash.bulk(shingles, num_perm=, seed=, scheme="affine32", hashfunc=minhash.shingle_hash32)`
    (see `curation.minhash`); a null or blank text keeps datasketch's empty value everywhere."""
    shingles = minhash.normalized_shingle_hashes(normalize_distinct(texts), params.shingle)
    return minhash.signatures(shingles, params.num_perm, params.seed)


# -- exact ---------------------------------------------------------------------------------------


def normalize_distinct(texts: pl.Series) -> pl.Series:
    """`curation.text.normalized` of a Series (see `normalize_columns`)."""
    name = texts.name or "text"
    return normalize_columns(texts.alias(name).to_frame(), [name])[name].alias(texts.name)


def normalize_columns(frame: pl.DataFrame, names: Sequence[str]) -> dict[str, pl.Series]:
    """`curation.text.normalized` of several text columns, in one parallel polars run (normalizing
    is the costliest step of exact, near and leakage). A column of mostly repeated values
    (template-filled answers) is normalized once per distinct value and joined back; any other is
    cut into one slice of rows per core, since polars runs one string expression on one core."""
    if frame.height == 0:
        return {c: frame[c].cast(pl.String) for c in names}
    lazy, n = frame.lazy(), frame.height
    distinct = frame.select([pl.col(c).approx_n_unique() for c in names]).row(0)  # (HyperLogLog: enough to choose, ~10x cheaper)
    step = -(-n // max(1, min(os.cpu_count() or 1, 8)))
    queries, parts_of = [], {}
    for name, count in zip(names, distinct, strict=True):
        col = pl.col(name)
        if count <= n // 2:
            values = lazy.select(col).unique().with_columns(normalized(col).alias("_normalized"))
            queries.append(lazy.select(col).join(values, on=name, how="left", maintain_order="left").select(pl.col("_normalized").alias(name)))
            parts_of[name] = 1
        else:
            queries += [lazy.slice(start, step).select(normalized(col).alias(name)) for start in range(0, n, step)]
            parts_of[name] = len(range(0, n, step))
    done = iter(pl.collect_all(queries))
    return {name: pl.concat([next(done)[name] for _ in range(parts)], rechunk=True) for name, parts in parts_of.items()}


def exact_clusters(texts: pl.Series) -> pl.Series:
    """Int64 per position: the smallest position with the same normalized text; null when the text
    is unique, null or blank."""
    return exact_clusters_of_normalized(normalize_distinct(texts))


def exact_clusters_of_normalized(norm: pl.Series) -> pl.Series:
    """`exact_clusters` of texts already normalized. Texts are grouped by a 64-bit hash of the
    normalized text: windows over integers cost a fraction of windows over strings, and the odds
    that two different texts of a million rows share a hash are about 1 in 30 million."""
    text = pl.col("t")
    frame = norm.to_frame("t").with_row_index("pos").with_columns(pl.when(text != "").then(text.hash()).alias("key"))
    key = pl.col("key")
    return frame.select(
        pl.when(key.is_not_null() & (pl.len().over(key) > 1))
        .then(pl.col("pos").min().over(key))
        .cast(pl.Int64)
        .alias("exact_cluster")
    )["exact_cluster"]


# -- near ----------------------------------------------------------------------------------------


@dataclass
class NearClusters:
    cluster: pl.Series  # Int64: smallest position in the row's cluster; null for a singleton (or family member without copies)
    size: pl.Series  # Int64: rows in the cluster; 1 for a singleton
    representative: pl.Series  # Int64: the cluster's center row; null for a singleton
    similarity: pl.Series  # Float64: word edit similarity to the representative (1.0 for it and its copies); null for a singleton
    family: pl.Series  # Int64: template family id (smallest position in the family) or null
    families: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame([self.cluster, self.size, self.representative, self.similarity, self.family])


@dataclass(frozen=True)
class _Distinct:
    """Rows folded to distinct normalized texts (nodes), ordered by first position."""

    norm: pl.Series  # the nodes' normalized texts
    first: np.ndarray  # int64: each node's first position
    weight: np.ndarray  # int64: rows holding the node's text
    node_of_row: np.ndarray  # int64 per position: its node, -1 for blank/null text


def _distinct(norm: pl.Series) -> _Distinct:
    text = pl.col("t")
    frame = norm.to_frame("t").with_row_index("pos").select(
        "pos", "t", pl.when(text != "").then(pl.col("pos").min().over("t")).alias("first")
    )
    nodes = frame.filter(pl.col("pos") == pl.col("first"))
    counts = frame.filter(pl.col("first").is_not_null()).group_by("first").agg(pl.len().alias("n")).sort("first")
    first = nodes["first"].to_numpy().astype(np.int64)
    row_first = frame["first"].fill_null(-1).to_numpy().astype(np.int64)
    node_of_row = np.where(row_first >= 0, np.searchsorted(first, row_first), -1)
    return _Distinct(norm=nodes["t"], first=first, weight=counts["n"].to_numpy().astype(np.int64), node_of_row=node_of_row)


def band_keys(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint64: each band's `rows` signature values folded into one key."""
    keys = np.zeros((sigs.shape[0], bands), dtype=np.uint64)
    for r in range(rows):
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + sigs[:, r:bands * rows:rows].astype(np.uint64)
    return keys


def star_candidates(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (u < v) of row indices of `keys`: in every band, each bucket links its smallest
    member to each other member (a star, not all pairs: a bucket of 10K template siblings gives
    10K edges, not 50M)."""
    pairs = [np.zeros(0, dtype=np.uint64)]
    for band in range(keys.shape[1] if keys.shape[0] > 1 else 0):
        order = np.argsort(keys[:, band])  # runs of equal keys are the buckets
        sorted_keys = keys[order, band]
        run_start = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        run_size = np.diff(np.r_[run_start, len(order)])
        shared = np.repeat(run_size > 1, run_size)  # only buckets with company make edges
        smallest = np.repeat(np.minimum.reduceat(order, run_start), run_size)
        edge = shared & (order != smallest)
        pairs.append(_pair_keys(smallest[edge], order[edge]))
    return _distinct_pairs(pairs)


def _pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Pairs of indices below 2**32 as one uint64 each (a band's edges take a third of the memory)."""
    return (first.astype(np.uint64) << np.uint64(32)) | second.astype(np.uint64)


def _distinct_pairs(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs of `_pair_keys` arrays, sorted, as (first, second)."""
    ordered = np.sort(np.concatenate(keys))
    distinct = ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
    return (distinct >> np.uint64(32)).astype(np.int64), (distinct & np.uint64(0xFFFFFFFF)).astype(np.int64)


def sorted_unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct values sorted, each value's index among them): `np.unique(return_inverse=True)` by
    sorting, since numpy 2's hash-based unique is ~10x slower on 64-bit keys (5 s for 5M)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]] if len(values) else np.zeros(0, dtype=bool)
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


# Code points that can stand for a word in the strings rapidfuzz compares: all but NUL and the
# UTF-16 surrogates.
_SURROGATES = (0xD800, 0xE000)
_WORD_CODES = 0x110000 - 1 - (_SURROGATES[1] - _SURROGATES[0])
_PAIRS_PER_CHUNK = 500_000  # pairs whose texts are turned into word strings at once


def _word_strings(words: minhash.Words, nodes: np.ndarray) -> np.ndarray | None:
    """Each node's words as a str of one code point per word (equal words, equal code points), so
    rapidfuzz's Levenshtein over these strings is the word-level edit distance; None when the
    nodes hold more distinct words than there are code points."""
    taken = words.take(nodes)
    hashes = pl.Series("h", taken.hashes)
    vocabulary = hashes.unique(maintain_order=True).to_frame().with_row_index("code", offset=1)
    if vocabulary.height > _WORD_CODES:
        return None
    codes = hashes.to_frame().join(vocabulary, on="h", how="left", maintain_order="left")["code"].to_numpy().astype(np.uint32)
    codes += (codes >= _SURROGATES[0]).astype(np.uint32) * np.uint32(_SURROGATES[1] - _SURROGATES[0])
    text = codes.astype("<u4").tobytes().decode("utf-32-le")  # all nodes at once, then cut (one decode per node is 5x slower)
    cut = taken.offsets.tolist()
    return np.array([text[cut[i]:cut[i + 1]] for i in range(len(nodes))], dtype=object)


def word_distances(words: minhash.Words, u: np.ndarray, v: np.ndarray, cutoff: np.ndarray | None = None) -> np.ndarray:
    """Word-level Levenshtein distance of each pair (u[i], v[i]) of rows of `words` (rapidfuzz).
    With `cutoff`, a distance above cutoff[i] reads cutoff[i] + 1 (rapidfuzz then stops early:
    ~0.3 us a pair instead of ~1-3 us for 60-word texts)."""
    out = np.zeros(len(u), dtype=np.int64)
    for start in range(0, len(u), _PAIRS_PER_CHUNK):
        part = slice(start, start + _PAIRS_PER_CHUNK)
        out[part] = _chunk_distances(words, u[part], v[part], None if cutoff is None else cutoff[part])
    return out


def _chunk_distances(words: minhash.Words, u: np.ndarray, v: np.ndarray, cutoff: np.ndarray | None) -> np.ndarray:
    if len(u) == 0:
        return np.zeros(0, dtype=np.int64)
    involved, index = sorted_unique(np.concatenate([u, v]))
    strings = _word_strings(words, involved)
    if strings is None:  # a vocabulary beyond the code points: halve the pairs until each half fits
        half = len(u) // 2
        if half == 0:
            raise CurateError("two texts hold more than a million distinct words between them; near-duplicates cannot compare them "
                              "(skip the step: --skip near).")
        parts = [slice(0, half), slice(half, None)]
        return np.concatenate([_chunk_distances(words, u[p], v[p], None if cutoff is None else cutoff[p]) for p in parts])
    a, b = strings[index[: len(u)]], strings[index[len(u):]]
    workers = max(1, min(os.cpu_count() or 1, minhash.MAX_THREADS))
    out = np.zeros(len(u), dtype=np.int64)
    if cutoff is None:
        groups = [np.arange(len(u))]
    else:  # pairs allowed the same edits share one call
        order = np.argsort(cutoff, kind="stable")
        groups = np.split(order, np.flatnonzero(np.diff(cutoff[order])) + 1)
    for sel in groups:
        limit = None if cutoff is None else int(cutoff[sel[0]])
        out[sel] = process.cpdist(a[sel], b[sel], scorer=Levenshtein.distance, score_cutoff=limit, dtype=np.int32, workers=workers)
    return out


def edit_similarity(words: minhash.Words, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """1 - word edit distance / words of the longer text, of each pair (1.0 for equal words)."""
    lengths = np.diff(words.offsets)
    longer = np.maximum(lengths[u], lengths[v])
    return 1.0 - word_distances(words, u, v) / np.maximum(longer, 1)


def signature_agreement(sigs: np.ndarray, u: np.ndarray, v: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Share of equal MinHash values of each pair: the estimate of their shingle sets' Jaccard."""
    equal = [np.count_nonzero(sigs[u[i:i + chunk]] == sigs[v[i:i + chunk]], axis=1) for i in range(0, len(u), chunk)]
    return np.concatenate([np.zeros(0, dtype=np.int64), *equal]) / max(sigs.shape[1], 1)


@dataclass(frozen=True)
class Verified:
    """Candidate pairs that link: positions into the candidates, their similarity, and how many
    candidates were compared by rapidfuzz (the others failed the length or signature test)."""

    index: np.ndarray  # int64 into the candidate arrays
    similarity: np.ndarray  # float64: 1 - d / n
    compared: int


def verify(words: minhash.Words, sigs: np.ndarray, u: np.ndarray, v: np.ndarray, params: NearParams) -> Verified:
    """The candidates (u[i], v[i]) (rows of `words` and `sigs`) that are near-duplicates: d <= `max_edits`."""
    lengths = np.diff(words.offsets)
    longer = np.maximum(lengths[u], lengths[v])
    allowed = max_edits(longer, params)
    test = np.flatnonzero((allowed >= 1) & (np.abs(lengths[u] - lengths[v]) <= allowed))
    test = test[signature_agreement(sigs, u[test], v[test]) >= params.agreement_floor]
    d = word_distances(words, u[test], v[test], allowed[test])
    link = d <= allowed[test]
    return Verified(index=test[link], similarity=1.0 - d[link] / longer[test[link]], compared=len(test))


def _components(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    graph = coo_matrix((np.ones(len(u), dtype=np.int8), (u, v)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def star_cover(
    weight: np.ndarray, u: np.ndarray, v: np.ndarray, sim: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cover a verified graph with stars. Returns, per node, its center (itself for a center and
    for an untouched node) and its similarity to that center (1.0 for centers).

    Rounds: each unassigned node whose coverage (its weight + its unassigned neighbours' weights;
    ties: smaller index) beats all its unassigned neighbours' becomes a center; each unassigned
    neighbour of a center joins the most similar one. Centers are never adjacent in a round, and the
    best node left always becomes one, so every round makes progress.
    """
    n = len(weight)
    center = np.arange(n, dtype=np.int64)
    to_center = np.ones(n, dtype=np.float64)
    free = np.ones(n, dtype=bool)
    src, dst, s = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([sim, sim])
    while True:
        live = free[src] & free[dst]
        src, dst, s = src[live], dst[live], s[live]
        if len(src) == 0:
            return center, to_center
        coverage = weight + np.bincount(src, weights=weight[dst], minlength=n).astype(np.int64)
        rank = np.empty(n, dtype=np.int64)
        rank[np.lexsort((-np.arange(n), coverage))] = np.arange(n)  # higher = better
        best_neighbour = np.full(n, -1, dtype=np.int64)
        np.maximum.at(best_neighbour, src, rank[dst])
        has_edge = np.zeros(n, dtype=bool)
        has_edge[src] = True
        is_center = has_edge & (rank > best_neighbour)
        joins = is_center[src] & ~is_center[dst]
        c, m, js = src[joins], dst[joins], s[joins]
        order = np.lexsort((rank[c], js, m))  # per member: most similar center last (ties: better center)
        last = np.r_[m[order][1:] != m[order][:-1], True]
        chosen_member, chosen_center, chosen_sim = m[order][last], c[order][last], js[order][last]
        center[chosen_member] = chosen_center
        to_center[chosen_member] = chosen_sim
        free[is_center] = False
        free[chosen_member] = False


class _Stopwatch:
    """Seconds per phase, and the caller's progress callback told each phase as it starts."""

    def __init__(self, progress: Progress | None) -> None:
        self.seconds: dict[str, float] = {}
        self._progress = progress
        self._phase: str | None = None
        self._started = 0.0

    def phase(self, name: str) -> None:
        self.stop()
        if self._progress is not None:
            self._progress(name)
        self._phase, self._started = name, time.perf_counter()

    def stop(self) -> None:
        if self._phase is not None:
            self.seconds[self._phase] = round(time.perf_counter() - self._started, 4)
            self._phase = None


def near_clusters(
    texts: pl.Series, params: NearParams = NearParams(), progress: Progress | None = None, *, normalized_texts: pl.Series | None = None
) -> NearClusters:
    """Near-duplicate clusters (stars verified against their representative) and template families.
    `normalized_texts`: the texts already through `curation.text.normalized` (saves normalizing twice)."""
    watch = _Stopwatch(progress)
    watch.phase("distinct")
    distinct = _distinct(normalized_texts if normalized_texts is not None else normalize_distinct(texts))
    watch.phase("signatures")
    n_words = (distinct.norm.str.count_matches(" ") + 1).to_numpy().astype(np.int64)
    long_enough = np.flatnonzero(n_words >= min_words(params))  # the others can only be exact copies
    words = minhash.normalized_words(distinct.norm.gather(long_enough))
    shingles = minhash.shingles_of(words, params.shingle)
    sigs = minhash.signatures(shingles, params.num_perm, params.seed)
    watch.phase("candidates")
    bands, rows = params.bands
    u, v = star_candidates(band_keys(sigs, bands, rows))
    watch.phase("verify")
    verified = verify(words, sigs, u, v, params)
    del sigs
    vu, vv, vs = long_enough[u[verified.index]], long_enough[v[verified.index]], verified.similarity
    watch.phase("clusters")
    n_nodes = len(distinct.first)
    component = _components(n_nodes, vu, vv)
    family_of_node, families = _families(component, distinct, vu, vv, params, texts)
    in_family = family_of_node >= 0
    outside = ~(in_family[vu] | in_family[vv])
    center, to_center = star_cover(distinct.weight, vu[outside], vv[outside], vs[outside])
    result = _expand(distinct, center, to_center, family_of_node, len(texts))
    watch.stop()
    result.families = families
    result.stats = {
        "params": asdict(params),
        "bands": bands,
        "rows_per_band": rows,
        "s_curve": s_curve(bands, rows),
        "rows": len(texts),
        "distinct_texts": n_nodes,
        "short_texts": n_nodes - len(long_enough),
        "shingles": int(len(shingles.hashes)),
        "candidates": int(len(u)),
        "compared_pairs": verified.compared,
        "verified_pairs": len(verified.index),
        "candidate_precision": round(len(verified.index) / len(u), 4) if len(u) else None,
        "families": len(families),
        "family_rows": int(result.family.is_not_null().sum()),
        "clusters": int(result.cluster.drop_nulls().n_unique()),
        "clustered_rows": int(result.cluster.is_not_null().sum()),
        "seconds": watch.seconds,
    }
    return result


def _families(
    component: np.ndarray, distinct: _Distinct, u: np.ndarray, v: np.ndarray, params: NearParams, texts: pl.Series
) -> tuple[np.ndarray, list[dict[str, Any]]]:
    """Family id per node (-1 outside families) and a description of each family."""
    n_rows = len(texts)
    rows_per = np.bincount(component, weights=distinct.weight).astype(np.int64)
    texts_per = np.bincount(component)
    is_family = (rows_per > params.family_share * n_rows) & (rows_per >= params.family_min_rows) & (texts_per >= 2)
    family_of_node = np.full(len(component), -1, dtype=np.int64)
    families: list[dict[str, Any]] = []
    if not is_family.any():
        return family_of_node, families
    degree = np.bincount(np.concatenate([u, v]), minlength=len(component))
    for comp in np.flatnonzero(is_family):
        members = np.flatnonzero(component == comp)
        family_id = int(distinct.first[members].min())
        family_of_node[members] = family_id
        hub = members[np.lexsort((distinct.first[members], -degree[members]))[0]]
        other = members[members != hub][0]
        families.append({
            "id": family_id,
            "size": int(rows_per[comp]),
            "distinct_texts": int(texts_per[comp]),
            "share": round(float(rows_per[comp] / n_rows), 4),
            "representative": int(distinct.first[hub]),
            "representative_text": texts[int(distinct.first[hub])],
            "example": int(distinct.first[other]),
            "example_text": texts[int(distinct.first[other])],
        })
    families.sort(key=lambda f: (-f["size"], f["id"]))
    return family_of_node, families


def _expand(distinct: _Distinct, center: np.ndarray, to_center: np.ndarray, family_of_node: np.ndarray, n_rows: int) -> NearClusters:
    """Node-level stars -> per-row cluster, size, representative, similarity, family."""
    cluster_rows = np.bincount(center, weights=distinct.weight, minlength=len(center)).astype(np.int64)
    cluster_id = np.full(len(center), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(cluster_id, center, distinct.first)
    if not len(center):  # no row has text
        return _singletons(n_rows)
    has = distinct.node_of_row >= 0  # rows with text
    node = np.where(has, distinct.node_of_row, 0)
    c = center[node]
    size = np.where(has, cluster_rows[c], 1)
    clustered = has & (size > 1)
    fam = np.where(has, family_of_node[node], -1)
    return NearClusters(
        cluster=_masked("near_cluster", cluster_id[c], clustered, pl.Int64),
        size=pl.Series("near_cluster_size", size, dtype=pl.Int64),
        representative=_masked("near_representative", distinct.first[c], clustered, pl.Int64),
        similarity=_masked("near_similarity", to_center[node], clustered, pl.Float64),
        family=_masked("near_family", fam, fam >= 0, pl.Int64),
    )


def _singletons(n_rows: int) -> NearClusters:
    def nulls(name: str, dtype: pl.DataType) -> pl.Series:
        return pl.Series(name, [None] * n_rows, dtype=dtype)

    return NearClusters(cluster=nulls("near_cluster", pl.Int64), size=pl.Series("near_cluster_size", [1] * n_rows, dtype=pl.Int64),
                        representative=nulls("near_representative", pl.Int64), similarity=nulls("near_similarity", pl.Float64),
                        family=nulls("near_family", pl.Int64))


def _masked(name: str, values: np.ndarray, keep: np.ndarray, dtype: pl.DataType) -> pl.Series:
    """A Series of `values`, null where `keep` is False."""
    frame = pl.DataFrame({"v": pl.Series(values, dtype=dtype), "k": keep})
    return frame.select(pl.when(pl.col("k")).then(pl.col("v")).alias(name))[name]


# -- leakage -------------------------------------------------------------------------------------

NGRAM = 13  # lm-evaluation-harness decontamination: any shared 13-gram of words
# Per band, a query is proposed with at most this many references of its bucket (the smallest):
# template-filled text puts thousands of references in one bucket, and all of them would be
# thousands of candidates per query. A true near match shares several bands with the query
# (32 x J^3 bands on average: 4 at the candidate Jaccard 0.5, 16 at 0.8), so it needs to be among
# the first few in only one of them.
CROSS_BUCKET_REFERENCES = 4
EVIDENCE_CHARS = 120
REFERENCE_CHUNK = 100_000  # references whose 13-grams are hashed at once
CROSS_SCHEMA = {"query": pl.Int64, "reference": pl.Int64, "kind": pl.String, "similarity": pl.Float64, "evidence": pl.String}


def clip(texts: pl.Expr, chars: int = EVIDENCE_CHARS) -> pl.Expr:
    """A short span for evidence: the first `chars` characters, with an ellipsis when cut."""
    return pl.when(texts.str.len_chars() > chars).then(texts.str.slice(0, chars) + "…").otherwise(texts)


def cross_candidates(keys: np.ndarray, n_references: int, per_bucket: int = CROSS_BUCKET_REFERENCES) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (query, reference) index pairs sharing a band bucket; indices below `n_references`
    are references, the rest queries. Each query meets the `per_bucket` smallest references of each
    of its buckets."""
    is_query = np.arange(keys.shape[0]) >= n_references
    pairs = [np.zeros(0, dtype=np.uint64)]
    for band in range(keys.shape[1] if keys.shape[0] > 1 else 0):
        order = np.lexsort((np.arange(keys.shape[0]), is_query, keys[:, band]))  # per bucket: references first, by index
        sorted_keys = keys[order, band]
        run_start = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        run = np.cumsum(run_start) - 1
        first = np.flatnonzero(run_start)
        refs_in_run = np.bincount(run, weights=~is_query[order], minlength=len(first)).astype(np.int64)
        take = np.minimum(refs_in_run[run], per_bucket) * is_query[order]  # per query: references to pair with
        q = np.repeat(order, take)
        within = np.arange(take.sum()) - np.repeat(np.cumsum(take) - take, take)
        pairs.append(_pair_keys(q, order[np.repeat(first[run], take) + within]))
    return _distinct_pairs(pairs)


def _best_per_query(query: np.ndarray, reference: np.ndarray, score: np.ndarray, ref_first: np.ndarray) -> pl.DataFrame:
    """One match per query node: the highest score, then the reference that comes first."""
    frame = pl.DataFrame({"q": query, "r": reference, "s": score, "pos": ref_first[reference]})
    return frame.sort(["q", "s", "pos"], descending=[False, True, False]).unique("q", keep="first", maintain_order=True)


def cross_matches(
    queries: pl.Series,
    references: pl.Series,
    params: NearParams = NearParams(),
    progress: Progress | None = None,
    *,
    normalized_queries: pl.Series | None = None,
) -> pl.DataFrame:
    """Rows of `queries` that leak from `references`: one line per query row with its strongest
    match — `exact` (same normalized text), else `near` (a verified near-duplicate, `verify`),
    else `ngram13` (a shared run of 13 words) — naming the reference row (its first position for
    that text), the word edit similarity and the evidence (the text, the reference's text, or the
    shared 13 words). `normalized_queries`: the queries already normalized (saves doing it twice)."""
    watch = _Stopwatch(progress)
    watch.phase("distinct")
    q = _distinct(normalized_queries if normalized_queries is not None else normalize_distinct(queries))
    r = _distinct(normalize_distinct(references))
    n_ref = len(r.first)
    both = pl.concat([r.norm, q.norm])  # node index: references first, then queries
    watch.phase("exact")
    exact = (
        pl.DataFrame({"t": q.norm, "q": np.arange(len(q.first)) + n_ref})
        .join(pl.DataFrame({"t": r.norm, "r": np.arange(n_ref)}), on="t")
        .select("q", "r", pl.lit(1.0).alias("s"), pl.lit("exact").alias("kind"))
    )
    matched = np.zeros(len(both), dtype=bool)
    matched[exact["q"].to_numpy()] = True
    watch.phase("near")
    words = minhash.normalized_words(both)
    shingles = minhash.shingles_of(words, params.shingle)
    sigs = minhash.signatures(shingles, params.num_perm, params.seed)
    cq, cr = cross_candidates(band_keys(sigs, *params.bands), n_ref)
    cq, cr = cq[~matched[cq]], cr[~matched[cq]]
    verified = verify(words, sigs, cr, cq, params)
    del sigs
    ok = verified.index
    near = _best_per_query(cq[ok], cr[ok], verified.similarity, r.first).with_columns(pl.lit("near").alias("kind"))
    matched[near["q"].to_numpy()] = True
    watch.phase("ngram13")
    grams = _ngram_matches(both, words, n_ref, matched)
    grams = grams.with_columns(s=pl.Series(edit_similarity(words, grams["r"].to_numpy(), grams["q"].to_numpy()), dtype=pl.Float64))
    watch.stop()
    nodes = pl.concat([exact, near.select("q", "r", "s", "kind"), grams.select("q", "r", "s", "kind")])
    return _expand_matches(nodes, q, r, n_ref, queries, references, grams)


def _grams(words: minhash.Words, first_index: int = 0) -> pl.DataFrame:
    """Every 13-gram of words of the texts that have 13 words: h (hash), owner (first_index + the
    text's position), start (its first word)."""
    grams = minhash.shingles_of(words, NGRAM)
    owner = np.repeat(np.arange(len(grams)), grams.counts)
    usable = grams.word_counts[owner] >= NGRAM  # a shorter text's one shingle is not a 13-gram
    start = np.arange(len(grams.hashes)) - grams.offsets[owner]
    return pl.DataFrame({"h": grams.hashes[usable], "owner": owner[usable] + first_index, "start": start[usable]})


def _ngram_matches(both: pl.Series, words: minhash.Words, n_ref: int, matched: np.ndarray) -> pl.DataFrame:
    """Query nodes not yet matched that share a 13-gram with a reference: q, r (the first
    reference holding it) and words (the first shared run of 13 words in the query). References
    are scanned in chunks, keeping only the 13-grams some query has, so 1M references never hold
    all their ~50M 13-grams in memory at once."""
    wanted = _grams(words.rows(n_ref, len(words)), n_ref).rename({"owner": "q"})
    wanted = wanted.filter(pl.Series(~matched[wanted["q"].to_numpy()]))
    distinct_wanted = wanted.select("h").unique()
    held = [
        _grams(words.rows(start, min(start + REFERENCE_CHUNK, n_ref)), start).rename({"owner": "r"}).join(distinct_wanted, on="h", how="semi").select("h", "r")
        for start in range(0, n_ref, REFERENCE_CHUNK)
    ]
    first_holder = pl.concat([pl.DataFrame(schema={"h": pl.UInt64, "r": pl.Int64}), *held]).group_by("h").agg(pl.col("r").min())
    found = wanted.join(first_holder, on="h").sort("q", "start").unique("q", keep="first", maintain_order=True)
    found = found.with_columns(tokens=minhash.split_normalized(both.gather(found["q"])))
    span = pl.col("tokens").list.slice(pl.col("start"), NGRAM).list.join(" ")
    return found.select("q", "r", pl.lit("ngram13").alias("kind"), span.alias("words"))


def _expand_matches(
    nodes: pl.DataFrame, q: _Distinct, r: _Distinct, n_ref: int, queries: pl.Series, references: pl.Series, span: pl.DataFrame
) -> pl.DataFrame:
    """Node matches -> one line per query row, naming the reference's first row, with evidence: the
    query's text (exact), the reference's text (near) or the shared 13 words (ngram13)."""
    rows = pl.DataFrame({"q": q.node_of_row + n_ref, "query": np.arange(len(q.node_of_row), dtype=np.int64)})
    out = nodes.join(rows.filter(pl.col("q") >= n_ref), on="q").join(span.select("q", "words"), on="q", how="left")
    out = out.with_columns(
        reference=pl.Series(r.first[out["r"].to_numpy()], dtype=pl.Int64),
        query_text=queries.gather(out["query"]),
    )
    out = out.with_columns(reference_text=references.gather(out["reference"]))
    kind = pl.col("kind")
    evidence = (
        pl.when(kind == "exact").then(clip(pl.col("query_text")))
        .when(kind == "near").then(clip(pl.col("reference_text")))
        .otherwise(pl.col("words"))
    )
    return (
        out.select("query", "reference", "kind", pl.col("s").alias("similarity"), evidence.alias("evidence"))
        .cast(CROSS_SCHEMA)
        .sort("query")
    )
