"""Duplicates: clusters of an original and 1-3 copies at random rows. Exact copies normalize to the
original (case, whitespace, punctuation variants); near copies are word edits of it, measured by
word 3-/5-gram Jaccard; a conflicting copy keeps the scenario but changes one label."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import polars as pl

from curation.synth.catalogue import CONFLICT_SHARE, EXACT_SHARE, FLOOR, NEAR_SHARE, planted_count, scaled_floor
from curation.synth.render import Table
from curation.synth.rows import Vocab
from curation.synth.truth import truth_frame
from curation.text import words

# Near-duplicate copies are edited until their word-3-gram Jaccard with the original is at least
# this (fewer edits, then an edit at the edge of the text), so planted pairs are findable.
NEAR_MIN_J3 = 0.8

# Word edits for near-duplicate copies: a synonym when the word has one, else a filler.
SYNONYMS: Mapping[str, str] = {
    "afraid": "scared", "scared": "afraid", "messages": "texts", "keeps": "continues", "every": "each", "started": "began",
    "began": "started", "photos": "pictures", "pictures": "photos", "house": "home", "job": "work", "friends": "mates",
    "angry": "furious", "several": "many", "threatened": "warned", "threatens": "warns", "worried": "concerned",
    "anxious": "nervous", "money": "cash", "office": "workplace", "posted": "uploaded", "sent": "forwarded",
    "night": "evening", "says": "claims", "told": "informed", "wants": "expects", "asked": "requested",
    "parents": "family", "account": "profile", "videos": "clips", "quickly": "fast", "immediately": "instantly",
    "usko": "use", "roz": "daily", "baar": "dafa", "dar": "khauf", "paise": "rupaye", "ghar": "makaan",
}
FILLERS = ("really", "also", "just", "actually", "now", "again", "still", "even", "very", "quite", "honestly", "basically", "constantly", "recently")
HI_FILLERS = ("bhi", "abhi", "phir", "ekdum", "sach", "toh", "bas")


def shingle_jaccard(a: pl.Series, b: pl.Series, k: int) -> np.ndarray:
    """Word k-gram Jaccard of a[i] and b[i], on the words of `curation.text.words` (the audit's
    normalization). A text shorter than k words is one shingle (itself); two empty texts score 1.
    Shingles are 64-bit hashes of their words (in-process only; collisions are negligible)."""
    n = len(a)
    texts = pl.concat([a.rename("t").to_frame(), b.rename("t").to_frame()])
    tokens = texts.select(w=words(pl.col("t").fill_null("")))["w"]
    count = tokens.list.len().to_numpy().astype(np.int64)
    word_hash = tokens.explode().drop_nulls().hash(seed=0).to_numpy()  # (older polars explode [] to null)
    start = np.concatenate([[0], np.cumsum(count)[:-1]])
    text_of_word = np.repeat(np.arange(2 * n), count)
    position = np.arange(count.sum()) - start[text_of_word]
    full = position <= count[text_of_word] - k  # a window of k words starts here
    shingle = word_hash[full].copy()
    for j in range(1, k):
        shingle = shingle * np.uint64(1099511628211) + word_hash[np.flatnonzero(full) + j]
    whole = tokens.list.join(" ").hash(seed=1).to_numpy()
    short = np.flatnonzero(count < k)
    owner = np.concatenate([text_of_word[full], short])
    hashes = np.concatenate([shingle, whole[short]])
    # distinct shingles per text, then shingles present on both sides of a pair (sorting, no hashing)
    order = np.lexsort((hashes, owner))
    owner, hashes = owner[order], hashes[order]
    first = np.ones(owner.size, bool)
    first[1:] = (owner[1:] != owner[:-1]) | (hashes[1:] != hashes[:-1])
    owner, hashes = owner[first], hashes[first]
    sizes = np.bincount(owner, minlength=2 * n)
    pair = owner % n
    order = np.lexsort((hashes, pair))
    pair, hashes = pair[order], hashes[order]
    both = (pair[1:] == pair[:-1]) & (hashes[1:] == hashes[:-1])
    shared = np.bincount(pair[1:][both], minlength=n).astype(float)
    union = sizes[:n] + sizes[n:] - shared
    return np.where(union > 0, shared / np.maximum(union, 1), 1.0)


@dataclass(frozen=True)
class DuplicatePlan:
    """Which rows become copies of which originals, near or exact, and which label a copy changes."""

    copy: np.ndarray  # rows that become copies
    original: np.ndarray  # their originals (original < copy)
    near: np.ndarray  # bool: near copy (else exact)
    conflict: np.ndarray  # 0 none, 1 risk_type, 2 severity

    @property
    def rows(self) -> np.ndarray:
        return np.union1d(self.copy, self.original)


def plan_duplicates(n: int, rng: np.random.Generator) -> DuplicatePlan:
    """Clusters of an original and 1-3 copies at random positions; the smallest row is the original."""
    n_exact, n_near = planted_count(EXACT_SHARE, n, FLOOR), planted_count(NEAR_SHARE, n, 2 * FLOOR)
    copies_per_cluster = rng.choice([1, 2, 3], size=n_exact + n_near, p=[0.7, 0.2, 0.1])
    cluster_count = int(np.searchsorted(np.cumsum(copies_per_cluster), n_exact + n_near) + 1)
    sizes = copies_per_cluster[:cluster_count] + 1
    while sizes.sum() > n // 2 and sizes.size:  # tiny datasets: keep at least half the rows clean
        sizes = sizes[:-1]
    total = int(sizes.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return DuplicatePlan(empty, empty, np.zeros(0, bool), empty)
    members = rng.choice(n, total, replace=False)
    cluster = np.repeat(np.arange(sizes.size), sizes)
    order = np.lexsort((members, cluster))
    members, cluster = members[order], cluster[order]
    first = np.concatenate([[True], cluster[1:] != cluster[:-1]])
    original = members[first][cluster]
    copy, original = members[~first], original[~first]
    near = np.zeros(copy.size, bool)
    near[rng.permutation(copy.size)[: int(round(copy.size * n_near / (n_exact + n_near)))]] = True
    conflict = np.zeros(copy.size, np.int64)
    n_conflict = min(copy.size, max(int(round(CONFLICT_SHARE * (n_exact + n_near))), scaled_floor(n, FLOOR)))
    conflict[rng.permutation(copy.size)[:n_conflict]] = rng.integers(1, 3, n_conflict)
    return DuplicatePlan(copy, original, near, conflict)


def _exact_variants(texts: pl.Series, rng: np.random.Generator) -> tuple[pl.Series, np.ndarray]:
    """Copies that normalize to the same text: identical, or changed in case, whitespace or punctuation."""
    kinds = np.array(["identical", "case", "whitespace", "punctuation"])
    kind = rng.choice(kinds.size, len(texts), p=[0.35, 0.25, 0.2, 0.2])
    upper = rng.random(len(texts)) < 0.15
    t = pl.col("t")
    variant = (
        pl.when(pl.lit(kind == 1) & pl.lit(upper)).then(t.str.to_uppercase())
        .when(pl.lit(kind == 1)).then(t.str.to_lowercase())
        .when(pl.lit(kind == 2)).then(pl.concat_str([pl.lit(" "), t.str.replace_all(". ", ".  \n", literal=True), pl.lit("  ")]))
        .when(pl.lit(kind == 3)).then(t.str.replace_all(", ", " ", literal=True).str.replace_all(r"\.$", "!!"))  # not 1,20,000
        .otherwise(t)
    )
    return texts.to_frame("t").select(variant)["t"], kinds[kind]


def _edit_words(texts: pl.Series, edits: np.ndarray, hinglish: np.ndarray, rng: np.random.Generator, *, at_end: bool = False) -> tuple[pl.Series, np.ndarray]:
    """Apply `edits[i]` word edits to texts[i]: substitute a word (a synonym if it has one, else a
    filler), insert a filler word, or delete a word. `at_end` appends one filler word instead."""
    texts = texts.clone()  # scatter below writes in place
    log = np.full(len(texts), "", dtype=object)
    for step in range(int(edits.max(initial=0))):
        active = np.flatnonzero(edits > step)
        tokens = texts.gather(active).str.split(" ")
        length = tokens.list.len().to_numpy()
        kind = np.full(active.size, 1) if at_end else rng.integers(0, 3, active.size)  # 0 substitute, 1 insert, 2 delete
        kind[(kind == 2) & (length < 12)] = 0
        position = length if at_end else rng.integers(0, np.maximum(length, 1))
        filler = Table([FILLERS, HI_FILLERS]).pick(rng, hinglish[active].astype(np.int64))
        frame = pl.DataFrame({"t": tokens, "pos": position, "kind": kind, "filler": filler})
        word = pl.col("t").list.get(pl.col("pos"), null_on_oob=True).fill_null("")
        core = word.str.extract(r"^([\p{L}']+)", 1).str.to_lowercase()
        trail = word.str.extract(r"([^\p{L}\p{N}]*)$", 1).fill_null("")
        synonym = core.replace_strict(SYNONYMS, default=None)
        new_word = pl.when(pl.col("kind") == 0).then(pl.coalesce(synonym, pl.col("filler")) + trail).otherwise(pl.col("filler"))
        middle = pl.when(pl.col("kind") == 2).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(pl.concat_list(new_word))
        skip = pl.when(pl.col("kind") == 1).then(0).otherwise(1)
        edited = frame.select(pl.concat_list(pl.col("t").list.slice(0, pl.col("pos")), middle,
                                             pl.col("t").list.slice(pl.col("pos") + skip)).list.join(" ").alias("t"))["t"]
        texts = texts.scatter(active, edited)
        names = np.array(["substitute", "insert", "delete"])[kind]
        log[active] = np.where(log[active] == "", names, log[active] + "+" + names)
    return texts, log


def _near_copies(originals: pl.Series, hinglish: np.ndarray, rng: np.random.Generator) -> tuple[pl.Series, np.ndarray, np.ndarray, np.ndarray]:
    """Edited copies with word-3-gram Jaccard >= NEAR_MIN_J3 to their originals: (texts, edits, j3, j5)."""
    edits = rng.choice([1, 2, 3], len(originals), p=[0.55, 0.3, 0.15])
    texts, log = _edit_words(originals, edits, hinglish, rng)
    j3 = shingle_jaccard(originals, texts, 3)
    for attempt in range(3):  # too far: fewer edits, then a single edit at the end of the text
        redo = np.flatnonzero((j3 < NEAR_MIN_J3) | (j3 >= 1.0))  # too far, or no visible change after normalization
        if not redo.size:
            break
        edits[redo] = np.maximum(edits[redo] - 1, 1) if attempt == 0 else 1
        again, again_log = _edit_words(originals.gather(redo), edits[redo], hinglish[redo], rng, at_end=attempt == 2)
        texts = texts.scatter(redo, again)
        log[redo] = again_log
        j3[redo] = shingle_jaccard(originals.gather(redo), again, 3)
    cosmetic = rng.random(len(texts)) < 0.3  # case or punctuation on top, which normalization folds
    texts = texts.to_frame("t").select(pl.when(pl.lit(cosmetic)).then(pl.col("t").str.to_lowercase().str.replace_all(r"\.$", ""))
                                       .otherwise(pl.col("t")))["t"]
    return texts, log, j3, shingle_jaccard(originals, texts, 5)


def plant_duplicates(frame: pl.DataFrame, plan: DuplicatePlan, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn the planned rows into copies of their originals and return the truth of it."""
    n = frame.height
    whole = np.arange(n)
    whole[plan.copy[plan.conflict == 0]] = plan.original[plan.conflict == 0]
    frame = frame[whole]  # a copy without a conflict repeats its original's whole row
    scenario = frame["scenario"].gather(plan.original)  # a conflicting copy only its scenario
    exact, near = np.flatnonzero(~plan.near), np.flatnonzero(plan.near)
    exact_texts, exact_kinds = _exact_variants(scenario.gather(exact), rng)
    hinglish = frame["hinglish"].to_numpy()[plan.copy]
    near_texts, edits, j3, j5 = _near_copies(scenario.gather(near), hinglish[near], rng)
    unchanged = (exact_texts == scenario.gather(exact)).to_numpy()
    frame = frame.with_columns(frame["scenario"].scatter(plan.copy[exact], exact_texts).scatter(plan.copy[near], near_texts))
    truth = [
        truth_frame(plan.copy[exact], "duplicate.exact", "scenario", plan.original[exact], np.where(unchanged, "identical", exact_kinds)),
        truth_frame(plan.copy[near], "duplicate.near", "scenario", plan.original[near],
               [f"j3={a:.4f};j5={b:.4f};edits={e}" for a, b, e in zip(j3, j5, edits, strict=True)]),
    ]
    conflict = np.flatnonzero(plan.conflict > 0)
    column = np.where(plan.conflict[conflict] == 1, "risk_type", "severity")
    before = np.where(column == "risk_type", frame["risk_type"].gather(plan.original[conflict]).to_numpy(),
                      frame["severity"].gather(plan.original[conflict]).to_numpy())
    after = np.where(column == "risk_type", frame["risk_type"].gather(plan.copy[conflict]).to_numpy(),
                     frame["severity"].gather(plan.copy[conflict]).to_numpy())
    truth.append(truth_frame(plan.copy[conflict], "label.conflict", column, plan.original[conflict],
                        [f"{a} -> {b}" for a, b in zip(before, after, strict=True)]))
    return frame, pl.concat(truth)


def copy_attributes(rows: pl.DataFrame, plan: DuplicatePlan, vocab: Vocab, rng: np.random.Generator) -> pl.DataFrame:
    """Copies describe the same woman as their originals; a conflicting copy then changes one label."""
    source = np.arange(rows.height)
    source[plan.copy] = plan.original
    rows = rows[source]
    risk, sev = rows["risk"].to_numpy().copy(), rows["sev"].to_numpy().copy()
    for code, values, size in ((1, risk, len(vocab.risks)), (2, sev, len(vocab.severities))):
        target = plan.copy[plan.conflict == code]
        values[target] = (values[target] + 1 + rng.integers(0, size - 1, target.size)) % size
    return rows.with_columns(risk=risk, sev=sev)

