"""Label phrases: where a text states a label value of its own row.

A generator that writes "...regarding online harassment. The harm caused was classified as high."
into a scenario labelled (online harassment, high) teaches a model to copy the label out of the
prompt. The audit's `label.in_prompt` finds such rows and eval's `label-masked` prompts remove the
phrases to measure how much a trained model relies on them; both use this module, so "states its
label" means one thing.

A row's label value is stated by its own words and by the synonyms its profile lists
(`curation.profile.LabelPhrases`), each folded like `curation.text.normalized` (case, width,
punctuation) and found as whole words: the text " a b c " contains the phrase "b c" when
" a b c " contains " b c ". A phrase with no letter (a 0/1 label outside any context) and the
catch-all values (CATCH_ALL: "none", "other") state nothing by their own words. An occurrence right after a negation
(NEGATIONS: "not domestic violence", "isn't high risk") states nothing either.

All phrases of all fields, plain and negated, are found in one Aho-Corasick pass over the folded
texts (polars `extract_many`, overlapping: a negated occurrence is also found plain); a text
states a phrase where it holds more plain occurrences than negated ones, and the phrase belongs to
the row's own label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import polars as pl

from curation.profile import LabelPhrases, Profile
from curation.text import label_key, label_key_str, normalize_series

# A run of what `normalized` folds into one space: anything but letters, marks and digits.
_SEPARATOR = r"[^\p{L}\p{M}\p{N}]"

PHRASES_SCHEMA = {"field": pl.String, "key": pl.String, "phrase": pl.String}
# Catch-all labels, folded (`label_key`): "none of these", "the other day" state no label.
CATCH_ALL = frozenset({"none", "other", "others", "unknown", "na", "misc", "miscellaneous", "null", "nan"})
# Folded words that, right before a phrase, deny it ("isn't" folds to "isn t").
NEGATIONS = ("not", "no", "never", "nor", "without", "not a", "not an", "isn t", "isn t a", "isn t an", "wasn t", "wasn t a",
             "wasn t an", "aren t", "weren t")
STATED_SCHEMA = {"pos": pl.UInt32, "field": pl.String, "phrases": pl.List(pl.String)}


def phrase_table(field: str, values: Iterable[str | None], spec: LabelPhrases = LabelPhrases()) -> pl.DataFrame:
    """field, key (the value's `label_key`), phrase (folded, as a text must contain it): every
    phrase that states each of `values` (the distinct labels of a field)."""
    synonyms = {label_key_str(value): phrases for value, phrases in spec.synonyms.items()}
    unstated = CATCH_ALL | {label_key_str(value) for value in spec.unstated}
    keys, raw = [], []
    for value in dict.fromkeys(v for v in values if v is not None):
        key = label_key_str(value)
        for phrase in ([] if key in unstated else [value]) + list(synonyms.get(key, ())):
            for text in [c.replace("{}", phrase) for c in spec.contexts] or [phrase]:
                keys.append(key)
                raw.append(text)
    table = pl.DataFrame({"field": field, "key": keys, "phrase": normalize_series(pl.Series(raw, dtype=pl.String))},
                         schema=PHRASES_SCHEMA)
    return table.filter(pl.col("phrase").str.contains(r"\p{L}")).unique(maintain_order=True)


def profile_phrases(profile: Profile, frame: pl.DataFrame) -> pl.DataFrame:
    """The phrase table of every label field of `profile` found in `frame`, for the values it holds."""
    tables = [phrase_table(name, frame[name].cast(pl.String).unique(maintain_order=True).to_list(),
                           profile.label_phrases.get(name, LabelPhrases()))
              for name in label_fields(profile, frame)]
    return pl.concat(tables) if tables else pl.DataFrame(schema=PHRASES_SCHEMA)


def label_fields(profile: Profile, frame: pl.DataFrame) -> list[str]:
    """The profile's label fields present in `frame`."""
    return [name for name in profile.label_fields if name in frame.columns]


def stated(normalized: pl.Series, labels: Mapping[str, pl.Series], phrases: pl.DataFrame) -> pl.DataFrame:
    """pos (index of the text), field, phrases (in table order, none inside another): each (text,
    label field) where the folded text (`curation.text.normalized`) states its own row's label of
    that field."""
    plain = phrases["phrase"].unique(maintain_order=True)
    if not plain.len() or not labels:
        return pl.DataFrame(schema=STATED_SCHEMA)
    forms = pl.concat([
        pl.DataFrame({"phrase": plain, "negated": False}),
        *(pl.DataFrame({"phrase": plain, "negated": True, "_neg": negation}) for negation in NEGATIONS),
    ], how="diagonal").select("phrase", "negated", pattern=pl.concat_str([pl.lit(" "), pl.col("_neg") + " ", "phrase", pl.lit(" ")],
                                                                         ignore_nulls=True))
    padded = pl.concat_str([pl.lit(" "), pl.col("t").fill_null(""), pl.lit(" ")])
    hits = (
        pl.DataFrame({"t": normalized}).with_row_index("pos")
        .select("pos", padded.str.extract_many(forms["pattern"].to_list(), overlapping=True).alias("pattern"))
        .filter(pl.col("pattern").list.len() > 0)
        .explode("pattern").join(forms, on="pattern")
        .group_by("pos", "phrase").agg(((~pl.col("negated")).sum() > pl.col("negated").sum()).alias("stated"))
        .filter("stated").drop("stated")
    )
    own = (
        pl.DataFrame({name: label_key(values.cast(pl.String)) for name, values in labels.items()}, schema={n: pl.String for n in labels})
        .with_row_index("pos").join(hits.select("pos").unique(), on="pos", how="semi")
        .unpivot(index="pos", variable_name="field", value_name="key")
    )
    matched = hits.join(own, on="pos").join(phrases.with_row_index("_order"), on=["field", "key", "phrase"])
    # a phrase inside a longer one found for the same label ("revenge content" in "revenge content ncii") adds nothing
    several = matched.filter(pl.len().over("pos", "field") > 1)
    pairs = several.join(several.select("pos", "field", pl.col("phrase").alias("longer")), on=["pos", "field"])
    inside = pairs.filter((pl.col("phrase") != pl.col("longer"))
                          & (" " + pl.col("longer") + " ").str.contains(" " + pl.col("phrase") + " ", literal=True))
    return (
        matched.join(inside, on=["pos", "field", "phrase"], how="anti")
        .sort("pos", "field", "_order")
        .group_by("pos", "field", maintain_order=True).agg(pl.col("phrase").unique(maintain_order=True).alias("phrases"))
        .cast(STATED_SCHEMA)  # type: ignore[arg-type]
    )


def phrase_pattern(phrase: str) -> str:
    """A regex finding the folded `phrase` in unfolded text: any case, any run of punctuation or
    spaces between its words, whole words (groups 1 and 3 are the characters around it)."""
    words = (_SEPARATOR + "+").join(re.escape(w) for w in phrase.split(" "))
    return r"(?i)(^|" + _SEPARATOR + r")(" + words + r")(" + _SEPARATOR + r"|$)"


def masked(texts: pl.Series, found: pl.DataFrame) -> pl.Series:
    """`texts` with the phrases `stated` found in them removed where they stand. Only the texts with a
    phrase change: they are NFKC-normalized (as folding saw them), each phrase is cut out (twice, for
    a phrase right after itself), and the cut tidied (no double space or space before punctuation)."""
    frame = pl.DataFrame({"t": texts.cast(pl.String)}).with_row_index("pos")
    per_text = found.explode("phrases").group_by("pos").agg(pl.col("phrases").unique().sort())
    frame = frame.join(per_text, on="pos", how="left")
    hit = pl.col("phrases").is_not_null()
    out = pl.when(hit).then(pl.col("t").str.normalize("NFKC")).otherwise(pl.col("t"))
    frame = frame.with_columns(out.alias("t"))
    for phrase in sorted(per_text["phrases"].explode().unique().to_list(), key=lambda p: (-len(p), p)):  # longest first
        rx = phrase_pattern(phrase)
        cut = pl.col("t").str.replace_all(rx, "${1}${3}").str.replace_all(rx, "${1}${3}")
        frame = frame.with_columns(pl.when(pl.col("phrases").list.contains(phrase)).then(cut).otherwise(pl.col("t")).alias("t"))
    tidy = pl.col("t").str.replace_all(r"[ \t]{2,}", " ").str.replace_all(r"[ \t]+([.,;:!?])", "${1}").str.strip_chars(" \t")
    return frame.select(pl.when(hit).then(tidy).otherwise(pl.col("t")).alias(texts.name))[texts.name]
