"""Perturbed prompts: the same scenario with its incident swapped for another risk type's, and
with the labels it states removed.

A model that reads the prompt changes its answer when the risk-relevant content changes; a model
that memorized answers for a kind of context (a city, an age, a stock opening sentence) answers
the same. The perturbation keeps everything of the prompt but its most risk-indicative sentence:

1. Word log-odds per label from the training prompts (document frequency, add-one smoothing):
   lo(w, L) = log((df(w, L) + 1) / (n_L + 2)) - log((df(w, not L) + 1) / (n - n_L + 2)),
   for words (not numbers) found in at least MIN_ROWS prompts.
2. Each held-out prompt is cut into sentences; its *incident* is the sentence with the highest sum
   of positive log-odds for the row's own label (the most evidence for it).
3. The incident is replaced by the incident of a donor row (seeded) with a different label.

The expected answer now follows the donor's label. Eval reports, over the perturbed prompts, how
often the predicted label follows the donor (reading), stays the original (not reading), and how
often the generated text fields are the same answer as for the unperturbed prompt (ratio >= 90).

Label-masked prompts are the held-out prompts that state a label of their own row (the audit's
`label.in_prompt`, `curation.label_phrases`) with those phrases removed: label accuracy with and
without them measures how much the model copies the label out of the prompt.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from curation.label_phrases import label_fields, masked, profile_phrases, stated
from curation.profile import Profile
from curation.text import normalize_series, words

MIN_ROWS = 5  # a rarer word's log-odds is noise
SENTENCE_BREAK = r"([.!?;।॥]+[\"'”’)\]]*)\s+"
_CUT = "\u0000"


def word_log_odds(prompts: pl.Series, labels: pl.Series) -> pl.DataFrame:
    """label, word, log_odds for every word of the training prompts."""
    frame = pl.DataFrame({"label": labels.cast(pl.String), "t": prompts.cast(pl.String)}).drop_nulls()
    n = frame.height
    per_label = frame.group_by("label").len("n_label")
    df = (
        frame.with_row_index("doc").select("doc", "label", words(pl.col("t")).list.unique().alias("word"))
        .explode("word").drop_nulls("word").filter(~pl.col("word").str.contains(r"^\p{N}+$"))
        .group_by("label", "word").len("df")
    )
    df = (df.with_columns(pl.col("df").sum().over("word").alias("df_all")).filter(pl.col("df_all") >= MIN_ROWS)
          .join(per_label, on="label"))
    return df.select(
        "label", "word",
        (((pl.col("df") + 1) / (pl.col("n_label") + 2)).log()
         - ((pl.col("df_all") - pl.col("df") + 1) / (n - pl.col("n_label") + 2)).log()).alias("log_odds"),
    )


def sentences(texts: pl.Series) -> pl.DataFrame:
    """pos (index of the text), sent (index in the text), sentence."""
    cut = texts.cast(pl.String).fill_null("").str.replace_all(SENTENCE_BREAK, "${1}" + _CUT).str.split(_CUT)
    return (
        pl.DataFrame({"sentence": cut}).with_row_index("pos")
        .with_columns(pl.int_ranges(pl.col("sentence").list.len()).alias("sent"))
        .explode("sentence", "sent")
        .filter(pl.col("sentence").str.strip_chars().str.len_chars() > 0)
    )


def incidents(texts: pl.Series, labels: pl.Series, log_odds: pl.DataFrame) -> pl.DataFrame:
    """pos, sent, sentence of each text's most label-indicative sentence (the first on a tie)."""
    parts = sentences(texts).join(pl.DataFrame({"label": labels.cast(pl.String)}).with_row_index("pos"), on="pos")
    scored = (
        parts.with_columns(words(pl.col("sentence")).alias("word")).explode("word")
        .join(log_odds, on=["label", "word"], how="left")
        .group_by("pos", "sent", maintain_order=True)
        .agg(pl.col("sentence").first(), pl.col("log_odds").fill_null(0.0).clip(lower_bound=0.0).sum().alias("score"))
    )
    return scored.sort(["pos", "score", "sent"], descending=[False, True, False]).group_by("pos", maintain_order=True).first()


def donors(labels: pl.Series, seed: int) -> np.ndarray:
    """For each row, the position of another row with a different label (-1 when every row shares
    one label)."""
    values = labels.cast(pl.String).fill_null("").to_numpy()
    rng = np.random.default_rng([seed, 11])
    out = np.full(values.size, -1, dtype=np.int64)
    for label in np.unique(values):
        mine, others = np.flatnonzero(values == label), np.flatnonzero(values != label)
        if others.size:
            out[mine] = others[rng.integers(0, others.size, size=mine.size)]
    return out


def incident_swap(frame: pl.DataFrame, prompt_field: str, label_field: str, log_odds: pl.DataFrame, seed: int) -> pl.DataFrame:
    """`frame` with each prompt's incident replaced by a donor's, and the columns donor_row,
    donor_label, original_label, incident, swapped_in. Rows without a donor are left out."""
    texts, labels = frame[prompt_field], frame[label_field].cast(pl.String)
    found = incidents(texts, labels, log_odds)
    donor = donors(labels, seed)
    incident_of = dict(zip(found["pos"].to_list(), found["sentence"].to_list()))
    sent_of = dict(zip(found["pos"].to_list(), found["sent"].to_list()))
    parts = sentences(texts).group_by("pos", maintain_order=True).agg("sentence", "sent")
    rebuilt: dict[int, str] = {}
    for pos, sents, index in parts.iter_rows():
        d = int(donor[pos])
        if d < 0 or d not in incident_of:
            continue
        rebuilt[pos] = " ".join(incident_of[d] if i == sent_of[pos] else s for s, i in zip(sents, index))
    keep = np.asarray(sorted(rebuilt), dtype=np.int64)
    if not keep.size:
        return frame.clear()
    rows = frame[keep]
    return rows.with_columns(
        pl.Series(prompt_field, [rebuilt[p] for p in keep.tolist()], dtype=pl.String),
        frame["row"].gather(donor[keep]).alias("donor_row"),
        labels.gather(donor[keep]).alias("donor_label"),
        labels.gather(keep).alias("original_label"),
        pl.Series("incident", [incident_of[p] for p in keep.tolist()], dtype=pl.String),
        pl.Series("swapped_in", [incident_of[int(donor[p])] for p in keep.tolist()], dtype=pl.String),
    )


def label_masked(frame: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """The rows of `frame` whose prompt states a label of their own, the phrases removed from the
    prompt; with stated_<field> (the prompt stated that field's label), masked_phrases ("field:
    phrase; ..."), and still_stated (the masked prompt still states one: a phrase the cut missed)."""
    prompt, fields = profile.prompt_field, label_fields(profile, frame)
    phrases = profile_phrases(profile, frame)
    labels = {name: frame[name] for name in fields}
    found = stated(normalize_series(frame[prompt].cast(pl.String)), labels, phrases)
    if not found.height:
        return frame.clear().with_columns([pl.lit(False).alias(f"stated_{name}") for name in fields]
                                          + [pl.lit(None, pl.String).alias("masked_phrases"), pl.lit(False).alias("still_stated")])
    cut = masked(frame[prompt], found)
    again = stated(normalize_series(cut), labels, phrases)
    per_row = found.group_by("pos", maintain_order=True).agg(
        *((pl.col("field") == name).any().alias(f"stated_{name}") for name in fields),
        (pl.col("field") + ": " + pl.col("phrases").list.join(", ")).str.join("; ").alias("masked_phrases"),
    ).sort("pos")
    keep = per_row["pos"]
    return frame[keep.to_numpy()].with_columns(
        cut.gather(keep).alias(prompt),
        *(per_row[f"stated_{name}"] for name in fields),
        per_row["masked_phrases"],
        keep.is_in(again["pos"].implode()).alias("still_stated"),
    )
