"""Memorization measures: template regurgitation, discoverable extraction, membership inference.

- **Regurgitation**: a generated text field (reasoning, recommended_action) is regurgitated when its
  rapidfuzz `ratio` to some training value of that field is >= 90 after both are normalized
  (`curation.text.normalized`) and every label value (a risk type, a severity) is masked as a slot.
  Masking makes "a training template with other slots filled" count, not only a verbatim copy.
- **Extraction** (Carlini et al. 2022 discoverable memorization; Pythia's 32/32 score): the prompt
  is the conversation up to the answer plus the answer's first k tokens; the greedy continuation is
  compared with the next `suffix` tokens: exact match of all of them, the share of positions that
  match (Pythia score), and near-verbatim at token edit similarity > 0.8 (Lee et al. 2022). A row
  whose answer is shorter than k + suffix tokens is not eligible. Its *copies* are the number of
  training answers that begin with the same k + suffix tokens (the duplicate count of the sequence).
- **Membership inference** from the answer tokens' losses, each oriented so higher means "member":
  `loss` (-mean NLL), `min_k` (mean log-probability of the k% least likely tokens, Shi et al. 2023,
  k = 20%), `zlib` (-mean NLL / zlib-compressed bytes of the answer, Carlini et al. 2021) and `ref`
  (mean NLL under the base model without the adapter minus under the run: log p_run - log p_base per
  token, the natural reference for a LoRA run).
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from curation.text import normalized
from curation.training.metrics import edit_similarity

REGURGITATION_RATIO = 90.0
NEAR_VERBATIM = 0.8
MIN_K = 0.2
CHUNK = 256  # generated texts compared with all training values at once (a CHUNK x values matrix)
ALL_PAIRS = 2_000_000  # up to this many (text, training value) comparisons, compare them all
CANDIDATE_SIMILARITY = 0.5  # beyond, the candidate is the training value of highest word edit similarity, if at least this


# -- regurgitation --------------------------------------------------------------------------------------


def masked_texts(texts: pl.Series, slot_values: Mapping[str, Sequence[str]]) -> pl.Series:
    """Normalized texts with every label value (whole words) replaced by a slot token per field."""
    out = texts.cast(pl.String).to_frame("t").select(normalized(pl.col("t")))["t"]
    for name, values in slot_values.items():
        keys = sorted({v for v in pl.Series(list(values), dtype=pl.String).to_frame("v").select(normalized(pl.col("v")))["v"].to_list() if v},
                      key=len, reverse=True)
        if keys:
            token = "slot" + "".join(ch for ch in name.lower() if ch.isalnum())
            pattern = r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b"
            out = out.str.replace_all(pattern, token)
    return out


def regurgitation(generated: pl.Series, training: pl.Series, slot_values: Mapping[str, Sequence[str]],
                  ratio: float = REGURGITATION_RATIO, workers: int = -1) -> pl.DataFrame:
    """Per generated text: `similarity` (best rapidfuzz ratio, 0-100, to a training value, both
    masked; below `ratio` it reads 0) and `regurgitated` (similarity >= ratio). A null or empty
    text is not regurgitated.

    A verbatim (masked) copy is found by lookup. The rest is compared with every distinct training
    value when that is at most ALL_PAIRS comparisons; beyond, each text is compared with the
    training value most similar in words (MinHash LSH of `curation.dedup`, verified word edit
    similarity >= CANDIDATE_SIMILARITY), which finds edited copies but can miss a copy whose every
    few words were changed."""
    queries = masked_texts(generated, slot_values).fill_null("")
    choices = masked_texts(training, slot_values).drop_nulls().unique(maintain_order=True)
    choices = choices.filter(choices.str.len_chars() > 0)
    best = np.zeros(queries.len(), dtype=np.float64)
    best[queries.is_in(choices).to_numpy() & (queries.str.len_chars() > 0).to_numpy()] = 100.0
    rest = np.flatnonzero((best == 0) & (queries.str.len_chars() > 0).to_numpy())
    if rest.size and choices.len():
        pending = queries.gather(rest)
        if rest.size * choices.len() <= ALL_PAIRS:
            best[rest] = _best_of_all(pending.to_list(), choices.to_list(), ratio, workers)
        else:
            best[rest] = _best_of_candidates(pending, choices, ratio)
    best[best < ratio] = 0.0
    return pl.DataFrame({"similarity": best, "regurgitated": best >= ratio})


def _best_of_all(queries: list[str], choices: list[str], ratio: float, workers: int) -> np.ndarray:
    best = np.zeros(len(queries))
    for start in range(0, len(queries), CHUNK):
        scores = process.cdist(queries[start:start + CHUNK], choices, scorer=fuzz.ratio, score_cutoff=ratio, dtype=np.float32, workers=workers)
        best[start:start + CHUNK] = scores.max(axis=1)
    return best


def _best_of_candidates(queries: pl.Series, choices: pl.Series, ratio: float) -> np.ndarray:
    from curation.dedup import NearParams, cross_matches

    found = cross_matches(queries, choices, NearParams(threshold=CANDIDATE_SIMILARITY))
    best = np.zeros(queries.len())
    if found.height:
        q, r = found["query"].to_numpy(), found["reference"].to_numpy()
        best[q] = process.cpdist(queries.gather(q).to_list(), choices.gather(r).to_list(), scorer=fuzz.ratio, dtype=np.float32)
    return best


def same_answer(a: pl.Series, b: pl.Series, ratio: float = REGURGITATION_RATIO) -> np.ndarray:
    """Per pair: the two texts (normalized) are within rapidfuzz `ratio` of each other."""
    left = a.cast(pl.String).to_frame("t").select(normalized(pl.col("t")).fill_null(""))["t"]
    right = b.cast(pl.String).to_frame("t").select(normalized(pl.col("t")).fill_null(""))["t"]
    scores = process.cpdist(left.to_list(), right.to_list(), scorer=fuzz.ratio, dtype=np.float32)
    return (scores >= ratio) & (left.str.len_chars() > 0).to_numpy() & (right.str.len_chars() > 0).to_numpy()


# -- extraction -------------------------------------------------------------------------------------------


def extraction_scores(generations: Sequence, suffix: int, near: float = NEAR_VERBATIM) -> pl.DataFrame:
    """One row per `curation.training.inference.Generation` (made with the answer's first k tokens
    given): eligible, exact, score (Pythia), edit_similarity, near."""
    eligible, exact, score, similarity = [], [], [], []
    for g in generations:
        target = np.asarray(g.target_ids[:suffix])
        produced = np.asarray(g.generated_ids[:suffix])
        ok = target.size == suffix
        eligible.append(ok)
        if not ok:
            exact.append(None), score.append(None), similarity.append(None)
            continue
        matches = np.zeros(suffix, dtype=bool)
        matches[: produced.size] = produced == target[: produced.size]
        exact.append(bool(matches.all()))
        score.append(float(matches.mean()))
        similarity.append(edit_similarity(produced, target))
    frame = pl.DataFrame(
        {"eligible": eligible, "exact": exact, "score": score, "edit_similarity": similarity},
        schema={"eligible": pl.Boolean, "exact": pl.Boolean, "score": pl.Float64, "edit_similarity": pl.Float64},
    )
    return frame.with_columns((pl.col("edit_similarity") > near).alias("near"))


def window_keys(answer_ids: Sequence[Sequence[int]], length: int) -> pl.Series:
    """The first `length` tokens of each answer as bytes (null when the answer is shorter)."""
    keys = [np.asarray(ids[:length], dtype=np.int64).tobytes() if len(ids) >= length else None for ids in answer_ids]
    return pl.Series("key", keys, dtype=pl.Binary)


def copies(keys: pl.Series, train_keys: pl.Series) -> np.ndarray:
    """How many training answers begin with each key's tokens (0 for a null key)."""
    counts = train_keys.drop_nulls().value_counts(name="copies").rename({train_keys.name: "key"})
    joined = keys.alias("key").to_frame().join(counts, on="key", how="left", maintain_order="left")
    return joined["copies"].fill_null(0).to_numpy().astype(np.int64)


def copies_bucket(counts: np.ndarray | pl.Series) -> pl.Series:
    """Power-of-two buckets of a duplicate count: "0", "1", "2-3", "4-7", "8-15", ..."""
    c = np.asarray(counts, dtype=np.int64)
    low = np.where(c > 0, 2 ** np.floor(np.log2(np.maximum(c, 1))).astype(np.int64), 0)
    labels = [("0" if lo == 0 else "1" if lo == 1 else f"{lo}-{2 * lo - 1}") for lo in low]
    return pl.Series("copies_bucket", labels, dtype=pl.String)


def bucket_order(label: str) -> int:
    return int(label.split("-")[0])


# -- membership inference -----------------------------------------------------------------------------------

# name -> (column of the per-row table, sign): the MIA score is sign * column, higher = member.
MIA_SCORES = {"loss": ("loss", -1.0), "min_k": ("min_k_logprob", 1.0), "zlib": ("zlib_ratio", -1.0), "ref": ("ref_ratio", 1.0)}


def loss_features(nll: Sequence[np.ndarray], answers: Sequence[str], k: float = MIN_K) -> pl.DataFrame:
    """Per row, from its answer tokens' NLLs (nats): tokens, loss (mean NLL), min_k_logprob (mean
    log-probability of the ceil(k * n) least likely tokens), zlib_ratio (loss / zlib bytes of the
    answer text)."""
    tokens, loss, min_k, ratio = [], [], [], []
    for values, text in zip(nll, answers):
        v = np.asarray(values, dtype=np.float64)
        tokens.append(int(v.size))
        if not v.size:
            loss.append(math.nan), min_k.append(math.nan), ratio.append(math.nan)
            continue
        mean = float(v.mean())
        worst = np.sort(v)[::-1][: max(1, math.ceil(k * v.size))]
        loss.append(mean)
        min_k.append(float(-worst.mean()))
        ratio.append(mean / len(zlib.compress(text.encode("utf-8"))))
    return pl.DataFrame({"tokens": tokens, "loss": loss, "min_k_logprob": min_k, "zlib_ratio": ratio},
                        schema={"tokens": pl.Int64, "loss": pl.Float64, "min_k_logprob": pl.Float64, "zlib_ratio": pl.Float64})


def mia_score(frame: pl.DataFrame, name: str) -> np.ndarray:
    column, sign = MIA_SCORES[name]
    return sign * frame[column].cast(pl.Float64).to_numpy()
