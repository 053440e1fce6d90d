"""Span-level template detection: which parts of a text field are stock text with slots filled.

NariRaksha's `reasoning` is one of two sentences with the row's risk type and severity filled in;
`recommended_action` one of three fixed strings. A template may also cover only some sentences of
a row (half stock, half free text). `mine_templates` works in vectorized passes (polars, numpy):

1. **Slot masking.** Each row's text is split into sentences; numbers become `{num}`, Indian
   places `{place}`, common given names and surnames `{name}`, and the row's own label values
   (`slot_values`, e.g. its risk_type and severity) `{risk_type}`, `{severity}`; the text is
   normalized with `curation.text.normalized`. "risk of cyberstalking at high severity in Pune"
   and "risk of domestic violence at low severity in Delhi" both become
   "risk of {risk_type} at {severity} severity in {place}". A second key also masks capitalised
   words (after a sentence's first word, or a run of them at its start) as `{name}`; it is used
   where it gathers more rows than the plain key, so unknown names and localities in slot
   positions match, while constant capitalised words ("Commission") stay readable elsewhere.
2. **Recurring sentences.** A masked sentence of at least `min_sentence_words` words found in at
   least `recurring_rows(n)` rows is a template sentence. So is every sentence of a whole field
   whose masked text recurs that often, however short (a stock answer such as "Call 112."), and
   a short sentence that recurs right beside the same template sentence ("Risk type: {risk_type}.").
3. **Recurring spans.** Over the other sentences (consecutive ones joined, so short stock
   sentences count together), word `ngram`-grams are counted across rows (numpy hashing); a word
   inside an n-gram found in `recurring_rows(n)` rows is template text: a stock clause inside a
   free sentence, or most of an edited copy.
4. **Edited copies.** A sentence that shares word 4-grams with a template sentence and reaches
   `fuzzy_ratio` (rapidfuzz `ratio`) with it counts as that sentence. `ratio` costs the product of
   the two lengths, so sentences and patterns over `fuzzy_max_chars` are compared only exactly:
   every pass is linear in a field's length (a runaway field of 10 MB, bench/bench_long_field.py).

A row's `score` is the share of its masked characters that are template sentences or spans. It is
*templated* when the score reaches `row_threshold`; only templated rows get a template id. The
template is the row's sequence of template sentences when that sequence recurs and holds at least
`cohesion` of its rarest sentence's rows (a two-sentence template), else the row's longest
template part; patterns within `family_ratio` of a more frequent one join it (one template with a
variant word: "is required" / "is advised"; on synth data, distinct templates' patterns never
reached a ratio of 76, variants of one template had a median of 80). Ids rank templates by rows, then pattern: the same
input gives the same ids, whatever its row order.

Thresholds, chosen by measurement (bench/bench_templates.py on `curate synth` data and on Markov
prose from the standard library's docstrings): people share phrases and named entities ("call 112
immediately", "the National Commission for Women helpline at 7827170170"), so a span counts only
from 10 words, a sentence only from 10 words (unless it is the whole field or sits beside a
template sentence), recurrence needs 0.1% of the rows (at least 50; 0.5% of small datasets, at least 3), and
a row is templated from 60% coverage. With 8-word spans, 50 rows and 50% coverage, 44% of synth's
free-text actions were called templated; with these defaults 0.7%, at a template recall of 0.995.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from curation.text import normalized

# -- slot vocabularies --------------------------------------------------------------------------------

# States, union territories and the larger cities, lowercase; multi-word names are matched whole.
PLACES = (
    "andhra pradesh", "arunachal pradesh", "assam", "bihar", "chhattisgarh", "goa", "gujarat",
    "haryana", "himachal pradesh", "jharkhand", "karnataka", "kerala", "madhya pradesh",
    "maharashtra", "manipur", "meghalaya", "mizoram", "nagaland", "odisha", "orissa", "punjab",
    "rajasthan", "sikkim", "tamil nadu", "telangana", "tripura", "uttar pradesh", "uttarakhand",
    "west bengal", "andaman and nicobar", "chandigarh", "dadra and nagar haveli", "daman and diu",
    "jammu and kashmir", "jammu", "kashmir", "ladakh", "lakshadweep", "puducherry", "pondicherry",
    "delhi", "new delhi", "mumbai", "bombay", "kolkata", "calcutta", "chennai", "madras",
    "bengaluru", "bangalore", "hyderabad", "secunderabad", "ahmedabad", "pune", "surat", "jaipur",
    "lucknow", "kanpur", "nagpur", "indore", "thane", "bhopal", "visakhapatnam", "vizag", "patna",
    "vadodara", "ghaziabad", "ludhiana", "agra", "nashik", "faridabad", "meerut", "rajkot",
    "varanasi", "srinagar", "aurangabad", "dhanbad", "amritsar", "navi mumbai", "prayagraj",
    "allahabad", "ranchi", "howrah", "coimbatore", "jabalpur", "gwalior", "vijayawada", "jodhpur",
    "madurai", "raipur", "kota", "guwahati", "solapur", "hubli", "mysuru", "mysore",
    "tiruchirappalli", "bareilly", "aligarh", "tiruppur", "moradabad", "jalandhar", "bhubaneswar",
    "salem", "warangal", "thiruvananthapuram", "trivandrum", "kochi", "cochin", "kozhikode",
    "dehradun", "noida", "gurugram", "gurgaon", "shimla", "mangaluru", "mangalore", "udaipur",
    "ajmer", "siliguri", "durgapur", "asansol", "imphal", "shillong", "aizawl", "kohima",
    "agartala", "itanagar", "gangtok", "panaji", "margao", "cuttack", "belagavi", "belgaum",
    "kolhapur", "sangli", "nellore", "guntur", "tirupati", "thrissur", "kannur",
)

# Common Indian given names and surnames (none of them an everyday English word).
NAMES = (
    "priya", "anjali", "meera", "sneha", "pooja", "kavya", "riya", "neha", "divya", "aisha",
    "fatima", "lakshmi", "sunita", "rekha", "geeta", "gita", "radha", "sita", "anita", "kiran",
    "nisha", "shreya", "ananya", "aditi", "ishita", "tanvi", "simran", "harpreet", "manpreet",
    "gurpreet", "zoya", "sana", "ayesha", "nazia", "shabana", "farah", "deepa", "deepika", "swati",
    "shalini", "payal", "komal", "jyoti", "preeti", "seema", "rani", "kamala", "savitri", "parvati",
    "sarita", "vandana", "archana", "madhuri", "poonam", "rashmi", "sapna", "kajal", "nandini",
    "bhavna", "bhavana", "roshni", "tanya", "isha", "diya", "aarti", "arti", "mona",
    "rahul", "amit", "ravi", "arjun", "vikram", "suresh", "ramesh", "rohit", "sanjay", "deepak",
    "manoj", "rajesh", "mahesh", "anil", "sunil", "vijay", "ajay", "karan", "varun", "nikhil",
    "akash", "aman", "imran", "salman", "faisal", "arif", "irfan", "harish", "naveen", "pradeep",
    "sharma", "verma", "gupta", "singh", "kumar", "kumari", "patel", "reddy", "nair", "iyer",
    "iyengar", "menon", "pillai", "das", "khan", "sheikh", "shaikh", "ansari", "qureshi", "yadav",
    "jain", "mehta", "shah", "joshi", "chauhan", "thakur", "mishra", "pandey", "tiwari", "dubey",
    "srivastava", "saxena", "agarwal", "aggarwal", "bansal", "goel", "malhotra", "kapoor",
    "khanna", "chopra", "bhatia", "sethi", "arora", "banerjee", "chatterjee", "mukherjee", "bose",
    "ghosh", "dutta", "chakraborty", "rao", "naidu", "gowda", "hegde", "shetty",
    "kulkarni", "deshpande", "patil", "pawar", "jadhav", "desai", "naik", "fernandes", "dsouza",
)

_SENTENCE_END = r"([.!?;।॥]+[\"'”’)\]]*)\s+"
_NUMBER = r"\p{N}[\p{L}\p{N}]*"
# A capitalised word after the first of its sentence (the leading whitespace excludes the first),
# and a capitalised first word followed by another ("Rakesh Khatri said ...": a name, not "The").
_CAPITALISED = r"(\s[\"'“‘(]?)(\p{Lu}\p{Ll})"
_CAPITALISED_FIRST = r"^([\"'“‘(]?\p{Lu}\p{Ll}[\p{L}\p{M}'’]*\s+\p{Lu}\p{Ll})"
# Sentinels are plain letters, so they survive `normalized` (it keeps only letters and digits);
# after normalizing they become the `{slot}` tokens of patterns.
_CAPS_MARK = "qqcapsqq"
_NUMBER_SENTINEL = "qqslotaqq"  # `num` is always the first slot (see _masked_sentences)
_PARTS_JOIN = " … "  # between the sentences of a multi-sentence template's pattern
_BLOCK_GRAM = 4  # edited copies are compared only with template sentences sharing a word 4-gram ...
_BLOCK_MAX_CENTROIDS = 8  # ... that few template sentences share


def _normalized_words_regex(words: tuple[str, ...]) -> str:
    """Whole-word alternation over normalized text (lowercase, single spaces), where a capitalised
    word carries the `_CAPS_MARK` token before it; the match takes the marks with it. Literal and
    case-sensitive, so the regex engine's fast prefilter applies."""
    mark = f"(?:{_CAPS_MARK} )?"
    body = "|".join(f" {mark}".join(map(re.escape, w.split())) for w in sorted(set(words), key=len, reverse=True))
    return rf"{mark}\b(?:{body})\b"


_PLACES_RE = _normalized_words_regex(PLACES)
_NAMES_RE = _normalized_words_regex(NAMES)


# Slot tokens of their own, and the working columns a slot column must not collide with.
_RESERVED = {
    "num", "place", "name", "text", "row", "doc", "weight", "h", "pos", "raw", "rid", "unit", "uid", "cid", "marked",
    "changed", "key", "key_caps", "kh", "kch", "words", "caps_words", "chars",
}


@dataclass(frozen=True)
class TemplateParams:
    """Thresholds of `mine_templates`; the summary records every one.

    A span recurs when it is found in at least `recurring_rows(n)` rows:
        max(ceil(min_share * n), min(min_rows, max(small_min_rows, ceil(small_share * n))))
    = 3 rows at n = 50, 5 at n = 939 (Do-Not-Answer), 25 at 5,000, 50 from 10,000, 100 at 100K,
    1,000 at 1M. (At 1% instead of 0.5%, synth's action templates, short fixed parts between
    multi-word slots, were found at recall 0.89-0.91 on 1K-5K rows; at 0.5%, 0.97-0.98.)
    """

    min_rows: int = 50  # the recurrence floor (DF >= 50, docs/dedup.md §5) ...
    min_share: float = 0.001  # ... or 0.1% of rows when that is more (100 at 100K, 1,000 at 1M)
    small_share: float = 0.005  # small datasets: 0.5% of rows ...
    small_min_rows: int = 3  # ... and never fewer than 3 rows
    min_sentence_words: int = 10  # a shorter recurring sentence counts only as a whole field
    ngram: int = 10  # words in a recurring span; shorter common phrases never count alone
    row_threshold: float = 0.6  # a row is templated from this share of its text
    fuzzy_ratio: float = 85.0  # rapidfuzz ratio from which a sentence is an edited copy
    family_ratio: float = 80.0  # ... and from which a template pattern joins a more frequent one
    max_centroids: int = 1000  # template sentences edited copies are compared with (most rows first)
    # rapidfuzz's ratio costs the product of two texts' lengths: a longer sentence or pattern (a
    # runaway field of one 10 MB sentence; a 10 MB field repeated in 3 rows is one 10 MB pattern)
    # is compared only exactly, never as an edited copy or a variant
    fuzzy_max_chars: int = 5000
    cohesion: float = 0.5  # a sentence sequence is one template if it holds this share of its rarest sentence's rows
    max_slot_values: int = 200  # a label column with more distinct values is not used as a slot
    top: int = 10  # templates listed in the summary

    def recurring_rows(self, n: int) -> int:
        small = max(self.small_min_rows, math.ceil(self.small_share * n))
        return max(math.ceil(self.min_share * n), min(self.min_rows, small))


@dataclass
class FieldTemplates:
    template_id: pl.Series  # Int64 | null per row: the row's template, when the row is templated
    score: pl.Series  # Float64 0..1 per row: share of the text made of recurring template spans
    summary: dict[str, Any]  # template_share, distinct_templates, top, params, ...
    evidence: pl.Series  # String | null per row: the sentences holding template text, as written
    templates: pl.DataFrame  # every template: template, rows, share, pattern, example_row


def mine_templates(
    texts: pl.Series,
    slot_values: pl.DataFrame | None = None,
    params: TemplateParams = TemplateParams(),
) -> FieldTemplates:
    """Template ids, coverage scores and a summary for one text field (one value per row).

    `slot_values` has one row per text (same order); each column is a label whose value, where a
    row's own text mentions it, is masked as `{column}`.
    """
    n = texts.len()
    min_rows = params.recurring_rows(n)
    slots = _slot_columns(slot_values, n, params)
    docs, doc_of_row = _unique_docs(texts.cast(pl.String), slots)
    sentences, sentence_texts = _masked_sentences(docs, slots)
    sentences = _recurring_sentences(sentences, min_rows, params)
    words = _Words.of(sentences, sentence_texts)
    spans, edits = _recurring_spans(words, min_rows, params), _edited_copies(sentences, words, sentence_texts, params)
    sentences = _merge(sentences, words, spans, edits)
    scored = _doc_scores(docs, sentences, sentence_texts, params)
    assigned, table = _assign_templates(scored, sentences, sentence_texts, min_rows, params)

    rows = doc_of_row.join(assigned, on="doc", how="left", maintain_order="left")
    first_row = doc_of_row.group_by("doc").agg(pl.col("row").min().cast(pl.Int64).alias("example_row"))
    table = table.join(first_row, left_on="example_doc", right_on="doc", how="left").select(
        "template", pl.col("rows").cast(pl.Int64), (pl.col("rows") / max(n, 1)).alias("share"), "pattern", "example_row"
    ).sort("template")
    return FieldTemplates(
        template_id=rows["template"].alias("template_id"),
        score=rows["score"].fill_null(0.0).alias("score"),
        summary=_summary(table, rows, texts, min_rows, params),
        evidence=rows["evidence"].alias("evidence"),
        templates=table,
    )


# -- 0. slots and unique documents ------------------------------------------------------------------


def _slot_columns(slot_values: pl.DataFrame | None, n: int, params: TemplateParams) -> pl.DataFrame:
    """The usable slot columns as strings, named as their `{slot}` token (`risk_type`)."""
    if slot_values is None or slot_values.width == 0:
        return pl.DataFrame()
    if slot_values.height != n:
        raise ValueError(f"slot_values has {slot_values.height} rows for {n} texts")
    keep: dict[str, pl.Series] = {}
    for name in slot_values.columns:
        if slot_values.schema[name] not in (pl.String, pl.Categorical, pl.Enum) and not slot_values.schema[name].is_integer():
            continue  # floats (confidence), lists, structs: not slots
        values = slot_values[name].cast(pl.String)
        slot = re.sub(r"[^a-z]+", "_", name.lower()).strip("_") or "label"
        if slot in _RESERVED:
            slot += "_label"
        if slot not in keep and values.n_unique() <= params.max_slot_values:
            keep[slot] = values
    return pl.DataFrame(keep)


def _unique_docs(texts: pl.Series, slots: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with the same text and slot values are one document, weighted by its rows: a
    template-heavy field of 100K rows is a few hundred documents."""
    frame = pl.DataFrame({"text": texts}).hstack(slots) if slots.width else pl.DataFrame({"text": texts})
    frame = frame.with_columns(pl.struct(frame.columns).hash().alias("h")).with_row_index("row")  # joins on a hash are cheap
    docs = frame.group_by("h", maintain_order=True).agg(pl.all().exclude("row").first(), pl.len().alias("weight")).with_row_index("doc")
    doc_of_row = frame.select("row", "h").join(docs.select("h", "doc"), on="h", how="left", maintain_order="left")
    return docs.drop("h"), doc_of_row.select("row", "doc")


# -- 1. sentences and slot masking ------------------------------------------------------------------


@dataclass(frozen=True)
class _Texts:
    """The strings the sentence table refers to by hash: counting and joining run on the hashes,
    and only the few texts a result shows are looked up. `raw`: each distinct sentence as written
    (by `rid`); `keys`: each masked key (by its hash `kh` or `kch`, which is also a `part`'s)."""

    raw: pl.DataFrame  # rid, raw
    keys: pl.DataFrame  # h, key

    def raw_of(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` with `raw`, the sentence its `rid` names, as written."""
        return frame.join(self.raw, on="rid", how="left", maintain_order="left")

    def key_of(self, frame: pl.DataFrame, hash_column: str, alias: str) -> pl.DataFrame:
        """`frame` with `alias`, the masked text its `hash_column` names (null where that is null)."""
        keys = self.keys.rename({"h": hash_column, "key": alias})
        return frame.join(keys, on=hash_column, how="left", maintain_order="left")


_SIZES = ["kh", "kch", "words", "caps_words", "chars"]  # a sentence's keys (as hashes) and their sizes


def _masked_sentences(docs: pl.DataFrame, slots: pl.DataFrame) -> tuple[pl.DataFrame, _Texts]:
    """One row per (doc, sentence), in (doc, pos) order: `rid` (a hash of the sentence as written),
    `kh` (of its `key`: slots masked, normalized), `kch` (of its `key_caps`: capitalised words also
    masked as `{name}`), the keys' words (`words`, `caps_words`) and characters (`chars`); and
    the texts behind the hashes."""
    sentences = (
        docs.select("doc", "weight", *slots.columns, pl.col("text").fill_null("").str.replace_all(_SENTENCE_END, "$1\n").str.split("\n").alias("raw"))
        .explode("raw")
        .with_columns(pl.col("raw").str.strip_chars())
        .filter(pl.col("raw") != "")
        .with_columns(pl.col("raw").hash().alias("rid"))
    )
    raw = sentences.select("rid", "raw").unique("rid")
    sentences = sentences.drop("raw").with_columns(pl.Series("pos", _positions(sentences["doc"].to_numpy()), dtype=pl.Int64))
    # Each distinct sentence is cut into a `unit` once: numbers first (an age or a phone number would
    # make every template sentence distinct); each distinct unit (`uid`) is masked and normalized once.
    units = raw.select("rid", pl.col("raw").str.replace_all(_NUMBER, f" {_NUMBER_SENTINEL} ").alias("unit")).with_columns(pl.col("unit").hash().alias("uid"))
    sentinel = {name: f"qqslot{_letters(i)}qq" for i, name in enumerate(["num", "place", "name", *slots.columns])}
    marked = _marked(units.select("uid", "unit").unique("uid"), sentinel)
    keys = _keys(marked, sentinel)
    sized = units.select("rid", "uid").join(keys.select("uid", *_SIZES), on="uid")
    sentences = sentences.join(sized, on="rid", how="left", maintain_order="left")
    all_keys = [keys]
    if slots.width:
        # The row's own label values are masked only in the (sentence, labels) combinations (`cid`)
        # whose sentence mentions one.
        mentions = marked.filter(pl.col("marked").str.contains(_normalized_words_regex(tuple(_label_words(slots)))))
        mentioned = pl.col("uid").is_in(mentions["uid"].implode())
        sentences = sentences.with_columns(pl.when(mentioned).then(pl.struct("uid", *slots.columns).hash()).alias("cid"))
        combos = sentences.filter(pl.col("cid").is_not_null()).select("cid", "uid", *slots.columns).unique("cid").join(mentions, on="uid")
        labelled = _keys(_mask_labels(combos, slots.columns, sentinel), sentinel)
        all_keys.append(labelled)
        sentences = sentences.join(labelled.select("cid", *_SIZES), on="cid", how="left", maintain_order="left", suffix="_labelled")
        sentences = sentences.with_columns(pl.coalesce(f"{c}_labelled", c).alias(c) for c in _SIZES)
    key_texts = pl.concat([k.select(pl.col(h).alias("h"), pl.col(text).alias("key")) for k in all_keys for h, text in (("kh", "key"), ("kch", "key_caps"))])
    return sentences.select("doc", "weight", "pos", "rid", *_SIZES), _Texts(raw=raw, keys=key_texts.unique("h"))


def _positions(doc: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... along each run of equal `doc` values (the sentences of a document)."""
    index = np.arange(len(doc), dtype=np.int64)
    starts = np.concatenate([[True], doc[1:] != doc[:-1]]) if len(doc) else np.zeros(0, dtype=bool)
    return index - np.maximum.accumulate(np.where(starts, index, 0))


def _marked(units: pl.DataFrame, sentinel: dict[str, str]) -> pl.DataFrame:
    """uid, marked: the normalized `unit` with capitalised words marked (`_CAPS_MARK` before them)
    and places and names replaced by their sentinels; a run of one slot ("Pune, Maharashtra") is
    one sentinel. (One step at a time: `normalized` reads its input more than once.)"""
    text = pl.col("marked")
    frame = units.select(
        "uid",
        pl.col("unit").str.replace(_CAPITALISED_FIRST, " $1")  # a leading space lets the next pattern mark it
        .str.replace_all(_CAPITALISED, f"$1 {_CAPS_MARK} $2").alias("marked"),
    ).with_columns(normalized(text).alias("marked"))
    marked = text.str.replace_all(_PLACES_RE, sentinel["place"]).str.replace_all(_NAMES_RE, sentinel["name"])
    for name in ("num", "place", "name"):  # "98765 43210", "Pune, Maharashtra", "Priya Sharma"
        marked = marked.str.replace_all(f"{sentinel[name]}(?: {sentinel[name]})+", sentinel[name])
    return frame.with_columns(marked.alias("marked"))


def _keys(frame: pl.DataFrame, sentinel: dict[str, str]) -> pl.DataFrame:
    """From `marked`: `key` (capitalised words kept), `key_caps` (a run of them is `{name}`), and
    per key its hash, words and characters."""
    tokens = [f"{{{name}}}" for name in sentinel]
    name = sentinel["name"]
    caps = (
        pl.col("marked")
        .str.replace_all(f"{_CAPS_MARK} \\S+(?: {_CAPS_MARK} \\S+)*", name)
        .str.replace_all(f"{name}(?: {name})+", name)
    )
    return (
        frame.with_columns(
            pl.col("marked").str.replace_many([f"{_CAPS_MARK} ", *sentinel.values()], ["", *tokens]).alias("key"),
            caps.str.replace_many(list(sentinel.values()), tokens).alias("key_caps"),
        )
        .drop("marked")
        .with_columns(
            pl.col("key").hash().alias("kh"),
            pl.col("key_caps").hash().alias("kch"),
            (pl.col("key").str.count_matches(" ") + 1).alias("words"),
            (pl.col("key_caps").str.count_matches(" ") + 1).alias("caps_words"),
            pl.col("key").str.len_chars().cast(pl.Float64).alias("chars"),
        )
    )


def _letters(i: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa' (letters only: a digit would itself be masked)."""
    out = ""
    while True:
        out = chr(ord("a") + i % 26) + out
        i = i // 26 - 1
        if i < 0:
            return out


def _label_words(slots: pl.DataFrame) -> list[str]:
    """Every label value as it reads in normalized text ("blackmail / extortion" -> "blackmail
    extortion"); values shorter than 2 characters are not masked."""
    values = {str(v) for name in slots.columns for v in slots[name].unique().drop_nulls().to_list()}
    words = {" ".join(re.findall(r"[^\W_]+", v.lower())) for v in values}
    return sorted(w for w in words if len(w) >= 2) or ["qqnolabelqq"]


def _mask_labels(combos: pl.DataFrame, slot_names: list[str], sentinel: dict[str, str]) -> pl.DataFrame:
    """The (sentence, labels) combinations whose `marked` text mentions one of the row's own label
    values, with those values masked. Rows are handled per distinct value (a label has few): one
    whole-word regex on the normalized text each."""
    frame = combos.with_columns(pl.lit(False).alias("changed"))
    for name in slot_names if frame.height else ():
        parts = []
        for (value,), part in frame.group_by(name, maintain_order=True):
            words = " ".join(re.findall(r"[^\W_]+", str(value or "").lower()))
            if len(words) >= 2:  # as in _label_words
                pattern = _normalized_words_regex((words,))
                hit = pl.col("marked").str.contains(pattern)
                part = part.with_columns(
                    pl.when(hit).then(pl.col("marked").str.replace_all(pattern, sentinel[name])).otherwise(pl.col("marked")).alias("marked"),
                    (pl.col("changed") | hit).alias("changed"),
                )
            parts.append(part)
        frame = pl.concat(parts)
    return frame.filter(pl.col("changed")).drop("changed")


# -- 2. recurring sentences and fields --------------------------------------------------------------


def _recurring_sentences(sentences: pl.DataFrame, min_rows: int, params: TemplateParams) -> pl.DataFrame:
    """`part` = the hash of the sentence's template pattern (its key, or its capitalised-word key
    where that gathers more rows) when it recurs and is long enough, when its whole field's masked
    text recurs, or when it recurs next to the same template sentence (a short stock sentence such
    as "Risk type: {risk_type}."). `match` says which. Adds `dkch`, a hash of the field's
    capitalised-word keys.

    Rows are counted as occurrences (a sentence twice in one row counts twice): no `unique` pass."""
    doc, pos = sentences["doc"].to_numpy(), sentences["pos"].to_numpy()
    frame = sentences.with_columns(
        pl.Series("dkh", _field_hashes(doc, pos, sentences["kh"].to_numpy())),
        pl.Series("dkch", _field_hashes(doc, pos, sentences["kch"].to_numpy())),
    )
    # a field's rows, counted over one sentence per document and spread to its other sentences
    fields = frame.filter(pl.col("pos") == 0).select(
        pl.col("weight").sum().over("dkh").alias("field_rows"), pl.col("weight").sum().over("dkch").alias("field_caps_rows")
    )
    frame = frame.with_columns(
        pl.col("weight").sum().over("kh").alias("rows"),
        pl.col("weight").sum().over("kch").alias("caps_rows"),
        *(fields[c].gather(np.cumsum(pos == 0) - 1) for c in fields.columns),  # the sentence's document among them
    )
    field_plain, field_caps = pl.col("field_rows") >= min_rows, pl.col("field_caps_rows") >= min_rows
    plain = (pl.col("rows") >= min_rows) & (pl.col("words") >= params.min_sentence_words)
    caps = (pl.col("caps_rows") >= min_rows) & (pl.col("caps_words") >= params.min_sentence_words)
    # The capitalised-word key wins where it gathers more rows: a name or place in a slot position.
    caps_field = field_caps & (pl.col("field_caps_rows") > pl.col("field_rows"))
    caps_sentence = caps & ~field_plain & (~plain | (pl.col("caps_rows") > pl.col("rows")))
    use_caps = caps_field | caps_sentence
    frame = frame.with_columns(
        pl.when(use_caps).then(pl.col("kch")).when(field_plain | plain).then(pl.col("kh")).alias("part"),
        pl.when(field_plain | field_caps).then(pl.lit("field")).when(plain | caps).then(pl.lit("sentence")).alias("match"),
    )
    return _context_sentences(frame, min_rows).drop("kh", "dkh", "words", "rows", "caps_rows", "field_rows", "field_caps_rows")


def _field_hashes(doc: np.ndarray, pos: np.ndarray, sentence_hash: np.ndarray) -> np.ndarray:
    """Per sentence, a hash of its whole field (the ordered sentence hashes of its doc); rows are in
    (doc, pos) order. Wrapping uint64 sums of position-mixed hashes, one `reduceat` per field."""
    if len(doc) == 0:
        return np.zeros(0, dtype=np.uint64)
    mixed = (sentence_hash ^ pos.astype(np.uint64)) * _MULTIPLIERS[pos % len(_MULTIPLIERS)]
    starts = np.flatnonzero(np.concatenate([[True], doc[1:] != doc[:-1]]))
    return np.repeat(np.add.reduceat(mixed, starts), np.diff(np.append(starts, len(doc))))


def _context_sentences(frame: pl.DataFrame, min_rows: int) -> pl.DataFrame:
    """An unmatched sentence found right before or after the same template sentence in `min_rows`
    rows is part of that template, however short."""
    part = pl.col("part")  # rows are in (doc, pos) order
    frame = frame.with_columns(
        pl.when(pl.col("doc").shift(-1) == pl.col("doc")).then(part.shift(-1)).alias("next_part"),
        pl.when(pl.col("doc").shift(1) == pl.col("doc")).then(part.shift(1)).alias("previous_part"),
    )
    context = pl.col("part").is_null() & (_beside(frame, "next_part", min_rows) | _beside(frame, "previous_part", min_rows))
    return frame.with_columns(
        pl.when(context).then(pl.col("kch")).otherwise(pl.col("part")).alias("part"),
        pl.when(context).then(pl.lit("context")).otherwise(pl.col("match")).alias("match"),
    ).drop("next_part", "previous_part")


def _beside(frame: pl.DataFrame, neighbour: str, min_rows: int) -> pl.Expr:
    """Whether the sentence (`kch`) is found beside this `neighbour` template part in `min_rows`
    rows. Only sentences with a template neighbour are counted (a hash of the pair is the key)."""
    pair = pl.struct("kch", neighbour).hash()
    pairs = frame.filter(pl.col(neighbour).is_not_null()).group_by(pair.alias("pair")).agg(pl.col("weight").sum())
    recurring = pairs.filter(pl.col("weight") >= min_rows)["pair"]
    return pl.col(neighbour).is_not_null() & pair.is_in(recurring.implode())


@dataclass
class _Words:
    """The unmatched sentences of each distinct masked field, once (`sentences`: sid, block, dkch,
    pos, weight, kch, key), their distinct keys (`keys`: key, kch, key_caps, words), the keys' words
    (`key_of_word`, `key_hashes`) and every sentence's words, in sentence order (`sid`, `block`,
    `hashes`, `length`). Consecutive unmatched sentences form one block (n-grams may cross them); a
    template sentence ends a block. Per-word arrays are kept narrow: 1M rows hold ~50M words."""

    sentences: pl.DataFrame
    keys: pl.DataFrame
    key_of_word: np.ndarray  # int32: the key of each key word
    key_hashes: np.ndarray  # uint64: hash of each key word
    sid: np.ndarray  # int32: sentence of each word
    block: np.ndarray  # int32: block of each word
    hashes: np.ndarray  # uint64: hash of the word
    length: np.ndarray  # float32: characters of the word
    sid_weight: np.ndarray  # float64 per sentence: rows holding its field

    @classmethod
    def of(cls, sentences: pl.DataFrame, texts: _Texts) -> _Words:
        fields = (
            sentences.group_by("dkch")
            .agg(
                pl.col("doc").min().alias("rep"),
                pl.col("weight").filter(pl.col("pos") == 0).sum().alias("field_weight"),
                pl.col("part").is_null().any().alias("open"),
            )
            .filter(pl.col("open"))  # a field made only of template sentences needs no spans
            .sort("rep")
            .with_row_index("field")
        )
        distinct = (
            sentences.join(fields.select(pl.col("rep").alias("doc"), "field", "field_weight"), on="doc")
            .sort("field", "pos")
            .with_columns(
                ((pl.col("field") != pl.col("field").shift(1)).fill_null(True) | pl.col("part").is_not_null()).cum_sum().alias("block")
            )
            .filter(pl.col("part").is_null())
            .with_row_index("sid")
            .select(pl.col("sid").cast(pl.Int64), "block", "dkch", "pos", pl.col("field_weight").alias("weight"), "kch")
        )
        # Sentences repeat across fields: each distinct key is split into words once, and every
        # sentence's words are gathered from its key's.
        keys = texts.key_of(distinct.select("kch").unique(maintain_order=True), "kch", "key_caps").with_row_index("key")
        key_words = keys.select("key", pl.col("key_caps").str.split(" ").alias("w")).explode("w")
        key_of_word = key_words["key"].to_numpy().astype(np.int32)
        words_per_key = np.bincount(key_of_word, minlength=keys.height)
        distinct = distinct.join(keys.select("kch", "key"), on="kch", how="left", maintain_order="left")
        key = distinct["key"].to_numpy()
        count = words_per_key[key]
        first_word = np.concatenate([[0], np.cumsum(words_per_key)[:-1]])
        word = np.repeat(first_word[key] - np.cumsum(count) + count, count) + np.arange(count.sum())
        return cls(
            sentences=distinct,
            keys=keys.with_columns(pl.Series("words", words_per_key)),
            key_of_word=key_of_word,
            key_hashes=_word_hashes(key_words["w"]),
            sid=np.repeat(np.arange(distinct.height, dtype=np.int32), count),
            block=np.repeat(distinct["block"].to_numpy().astype(np.int32), count),
            hashes=_word_hashes(key_words["w"])[word],
            length=key_words["w"].str.len_chars().to_numpy().astype(np.float32)[word],
            sid_weight=distinct["weight"].to_numpy().astype(np.float64),
        )


def _word_hashes(words: pl.Series) -> np.ndarray:
    return words.hash(seed=7).to_numpy()


# -- 3. recurring spans (word n-grams over runs of unmatched sentences) -----------------------------

# Odd 64-bit multipliers, one per position in an n-gram (wrapping arithmetic: a polynomial hash).
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9,
     0x8CB92BA72F3D8DD7, 0xA24BAED4963EE407, 0x9FB21C651E98DF25, 0xE7037ED1A0B428DB,
     0xD1B54A32D192ED03, 0xAEF17502108EF2D9, 0xDB4F0B9175AE2165, 0x82A5A5C1C4BF1D8D],
    dtype=np.uint64,
)


_CHUNK_WORDS = 1 << 22  # n-grams are hashed this many start positions at a time (bounded scratch memory)


def _ngram_hashes(word_hashes: np.ndarray, group: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(start index, hash) of every word n-gram that lies inside one group."""
    count = len(word_hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    starts, hashes = [], []
    for a in range(0, count, _CHUNK_WORDS):
        b = min(a + _CHUNK_WORDS, count)
        grams = word_hashes[a:b] * _MULTIPLIERS[0]
        term = np.empty(b - a, dtype=np.uint64)  # one buffer for every position's term
        for j in range(1, n):  # contiguous slices, not a gather: every start at once
            grams += np.multiply(word_hashes[a + j : b + j], _MULTIPLIERS[j], out=term)
        inside = np.flatnonzero(group[a:b] == group[a + n - 1 : b + n - 1])
        starts.append(inside + a)
        hashes.append(grams[inside])
    return np.concatenate(starts), np.concatenate(hashes)


def _recurring(keys: np.ndarray, weights: np.ndarray, min_rows: int) -> np.ndarray:
    """Which `keys` have a total weight of at least `min_rows`. Most keys are rare: a 2^22-bucket
    count (an upper bound of each key's total) rules them out, and only keys in heavy buckets are
    counted exactly."""
    buckets = (keys & np.uint64((1 << 22) - 1)).astype(np.intp)
    heavy = np.flatnonzero(np.bincount(buckets, weights=weights, minlength=1 << 22)[buckets] >= min_rows)
    del buckets
    out = np.zeros(len(keys), dtype=bool)
    if heavy.size:  # (a hash group-by: np.unique with an inverse sorts, ~8x slower on 10M keys)
        totals = pl.DataFrame({"k": keys[heavy], "w": weights[heavy]}).select(pl.col("w").sum().over("k"))
        out[heavy] = totals.to_series().to_numpy() >= min_rows
    return out


def _recurring_spans(words: _Words, min_rows: int, params: TemplateParams) -> pl.DataFrame:
    """Per unmatched sentence (`sid`): `cover`, the share of its masked characters inside a word
    n-gram that recurs in `min_rows` rows, and its longest covered run of words (`span_at`,
    `span_n`)."""
    n = params.ngram
    if not 2 <= n <= len(_MULTIPLIERS):
        raise ValueError(f"ngram must be between 2 and {len(_MULTIPLIERS)}")
    starts, grams = _ngram_hashes(words.hashes, words.block, n)
    frequent = starts[_recurring(grams, words.sid_weight[words.sid[starts]], min_rows)]
    del starts, grams
    # A word is covered when inside a frequent n-gram: +1 at its start, -1 past its end, sum > 0.
    total = len(words.sid)
    marks = np.bincount(frequent, minlength=total + n) - np.bincount(frequent + n, minlength=total + n)
    covered = np.cumsum(marks[:total]) > 0
    del marks
    count = words.sentences.height
    chars = np.bincount(words.sid, weights=words.length, minlength=count)
    covered_at = np.flatnonzero(covered)
    covered_chars = np.bincount(words.sid[covered_at], weights=words.length[covered_at], minlength=count)
    cover = np.divide(covered_chars, chars, out=np.zeros(count), where=chars > 0)
    spans = pl.DataFrame({"sid": np.arange(count, dtype=np.int64), "cover": cover})
    return spans.join(_longest_runs(words, covered), on="sid", how="left")


def _longest_runs(words: _Words, covered: np.ndarray) -> pl.DataFrame:
    """Per sentence (`sid`) with covered words, its longest run of them: first word (`span_at`,
    counted in the sentence) and length (`span_n`); the text is built only for templated rows."""
    idx = np.flatnonzero(covered)
    if idx.size == 0:
        return pl.DataFrame(schema={"sid": pl.Int64, "span_at": pl.Int64, "span_n": pl.Int64})
    sid = words.sid
    # a covered word starts a run unless the word before it is covered and in the same sentence
    new_run = np.concatenate([[True], (idx[1:] != idx[:-1] + 1) | (sid[idx[1:]] != sid[idx[:-1]])])
    starts = idx[new_run]
    length = np.diff(np.append(np.flatnonzero(new_run), idx.size))
    run_sid = sid[starts]
    order = np.lexsort((starts, -length, run_sid))  # per sentence: longest, then first
    best = order[np.concatenate([[True], run_sid[order][1:] != run_sid[order][:-1]])]
    first_word = np.searchsorted(sid, run_sid[best])  # words are in sentence order
    return pl.DataFrame({"sid": run_sid[best].astype(np.int64), "span_at": starts[best] - first_word, "span_n": length[best]})


# -- 4. edited copies -------------------------------------------------------------------------------


def _edited_copies(sentences: pl.DataFrame, words: _Words, texts: _Texts, params: TemplateParams) -> pl.DataFrame:
    """Per unmatched sentence (`sid`) that is an edited copy of a template sentence, that sentence's
    part (`edited_part`): of the template sentences, it shares most word 4-grams with that one, and
    their rapidfuzz ratio reaches `fuzzy_ratio`."""
    empty = pl.DataFrame(schema={"sid": pl.Int64, "edited_part": pl.UInt64})
    long_enough = pl.col("caps_words") >= params.min_sentence_words
    parts = sentences.filter(pl.col("match").is_in(["sentence", "field"]) & long_enough).group_by("part").agg(pl.col("kch").first(), pl.col("weight").sum())
    centroids = (
        texts.key_of(texts.key_of(parts, "part", "pattern"), "kch", "key_caps")
        .filter(pl.col("key_caps").str.len_chars() <= params.fuzzy_max_chars)
        .sort(["weight", "pattern"], descending=[True, False])
        .head(params.max_centroids)
        .with_row_index("centroid")
    )
    # A sentence's words are its key's: each distinct key is compared once.
    candidate = (words.keys["words"].to_numpy() >= params.min_sentence_words) & (
        words.keys["key_caps"].str.len_chars().to_numpy() <= params.fuzzy_max_chars)
    if centroids.height == 0 or not candidate.any():
        return empty
    centroid_words = centroids.select("centroid", pl.col("key_caps").str.split(" ").alias("w")).explode("w")
    centroid_id = centroid_words["centroid"].to_numpy().astype(np.int64)
    starts, grams = _ngram_hashes(_word_hashes(centroid_words["w"]), centroid_id, _BLOCK_GRAM)
    centroid_grams = (
        pl.DataFrame({"g": grams, "centroid": centroid_id[starts]})
        .unique()
        .filter(pl.len().over("g") <= _BLOCK_MAX_CENTROIDS)  # a gram most templates share picks none out
    )
    starts, grams = _ngram_hashes(words.key_hashes, words.key_of_word, _BLOCK_GRAM)
    gram_key = words.key_of_word[starts]
    keep = candidate[gram_key] & _member(grams, centroid_grams["g"].to_numpy())
    pairs = (
        pl.DataFrame({"g": grams[keep], "key": gram_key[keep]})
        .join(centroid_grams, on="g")
        .group_by("key", "centroid").agg(pl.len().alias("shared"))
        .sort(["key", "shared", "centroid"], descending=[False, True, False])
        .unique("key", keep="first")
    )
    if pairs.height == 0:
        return empty
    queries = words.keys["key_caps"].gather(pairs["key"]).to_list()
    choices = centroids["key_caps"].gather(pairs["centroid"]).to_list()
    ratio = process.cpdist(queries, choices, scorer=fuzz.ratio, workers=1)
    edited = (
        pairs.with_columns(pl.Series("ratio", ratio))
        .filter(pl.col("ratio") >= params.fuzzy_ratio)
        .join(centroids.select(pl.col("centroid").cast(pairs.schema["centroid"]), pl.col("part").alias("edited_part")), on="centroid")
        .select(pl.col("key").cast(pl.UInt32), "edited_part")
    )
    return words.sentences.join(edited, on="key").select("sid", "edited_part")


def _member(keys: np.ndarray, of: np.ndarray) -> np.ndarray:
    """`np.isin(keys, of)` for a small `of`: a 2^22-bucket table rules most keys out without a sort."""
    mask = np.uint64((1 << 22) - 1)
    table = np.zeros(1 << 22, dtype=bool)
    table[(of & mask).astype(np.int64)] = True
    maybe = table[(keys & mask).astype(np.int64)]
    out = np.zeros(len(keys), dtype=bool)
    out[maybe] = np.isin(keys[maybe], of)
    return out


def _merge(sentences: pl.DataFrame, words: _Words, spans: pl.DataFrame, edits: pl.DataFrame) -> pl.DataFrame:
    """Carry the span cover and edited copies of each distinct field back to every row's sentences."""
    at = (pl.col("dkch") ^ pl.col("pos").cast(pl.UInt64)).alias("at")  # (field, position) as one key: a faster join
    per_sid = words.sentences.select("sid", at).join(spans, on="sid", how="left").join(edits, on="sid", how="left").drop("sid")
    out = sentences.with_columns(at).join(per_sid, on="at", how="left", maintain_order="left").drop("at")
    matched, edited = pl.col("part").is_not_null(), pl.col("edited_part").is_not_null()
    return out.with_columns(
        pl.when(matched | edited).then(1.0).otherwise(pl.col("cover").fill_null(0.0)).alias("cover"),
        pl.when(matched | edited).then(None).otherwise(pl.col("span_n")).alias("span_n"),
        pl.when(edited & ~matched).then(pl.lit("edited")).otherwise(pl.col("match")).alias("match"),
        pl.coalesce("part", "edited_part").alias("part"),
    ).drop("edited_part", "dkch")


# -- 5. scores and template assignment ---------------------------------------------------------------


def _doc_scores(docs: pl.DataFrame, sentences: pl.DataFrame, texts: _Texts, params: TemplateParams) -> pl.DataFrame:
    """Per document: score, templated, evidence (its sentences holding template text, as written)
    and, for templated documents, its template parts in order (`parts`, as hashes) and its units
    (`units`, a part's pattern or, for an unmatched sentence, its longest recurring span) with their
    covered characters."""
    covered = pl.col("chars") * pl.col("cover")
    scores = sentences.group_by("doc").agg((covered.sum() / pl.col("chars").sum()).fill_nan(0.0).alias("score"))
    scored = (
        docs.select("doc", "weight")
        .join(scores, on="doc", how="left", maintain_order="left")
        .with_columns(pl.col("score").fill_null(0.0).clip(0.0, 1.0))
        .with_columns((pl.col("score") >= params.row_threshold).alias("templated"))
    )
    touched = sentences.filter(pl.col("cover") > 0)  # rows are in (doc, pos) order, so lists are in pos order
    evidence = (  # (a list joined afterwards: ~3x faster than `str.join` in the aggregation)
        texts.raw_of(touched.select("doc", "rid")).group_by("doc", maintain_order=True).agg(pl.col("raw").alias("evidence"))
        .with_columns(pl.col("evidence").list.join(" "))
    )
    templated = touched.join(scored.filter(pl.col("templated")).select("doc"), on="doc", how="semi", maintain_order="left")
    units = (
        texts.key_of(texts.key_of(templated.with_columns(_span_key()), "part", "pattern"), "span_key", "key_caps")
        .with_columns(pl.coalesce("pattern", _span_text()).alias("unit"), covered.alias("covered"))
        .group_by("doc", maintain_order=True)
        .agg(
            pl.col("unit").filter(pl.col("unit").is_not_null()).alias("units"),
            pl.col("covered").filter(pl.col("unit").is_not_null()).alias("unit_chars"),
            pl.col("part").filter(pl.col("part").is_not_null()).alias("parts"),
        )
    )
    return scored.join(evidence, on="doc", how="left", maintain_order="left").join(units, on="doc", how="left", maintain_order="left")


def _span_key() -> pl.Expr:
    """`kch` of the sentences whose text `_span_text` needs (null for the others: no lookup)."""
    return pl.when(pl.col("span_n").is_not_null()).then(pl.col("kch")).alias("span_key")


def _span_text() -> pl.Expr:
    """The words of an unmatched sentence's longest recurring span (null when it has none)."""
    return pl.col("key_caps").str.split(" ").list.slice(pl.col("span_at"), pl.col("span_n")).list.join(" ")


def _assign_templates(scored: pl.DataFrame, sentences: pl.DataFrame, texts: _Texts, min_rows: int, params: TemplateParams) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Templated documents get the pattern of their whole sequence of template sentences when that
    sequence recurs and is cohesive, otherwise their longest part; patterns are ranked into ids."""
    part_rows = sentences.filter(pl.col("part").is_not_null()).unique(["doc", "part"]).group_by("part").agg(pl.col("weight").sum().alias("part_rows"))
    templated = scored.filter(pl.col("templated"))
    sequences = (  # each distinct sequence of two or more parts, with its rows
        templated.filter(pl.col("parts").list.len() >= 2)
        .group_by("parts", maintain_order=True)
        .agg(pl.col("weight").sum().alias("sequence_rows"))
        .with_row_index("sequence_id")
    )
    # Its parts, one row each, under the sequence's id (carrying the whole list along would cost
    # the square of its length: one runaway field of 10 MB holds ~100K sentences).
    composites = (
        texts.key_of(
            sequences.select("sequence_id", "sequence_rows", pl.col("parts").alias("part")).explode("part")
            .join(part_rows, on="part", how="left", maintain_order="left"),
            "part", "pattern",
        )
        .group_by("sequence_id", maintain_order=True)
        .agg(pl.col("sequence_rows").first(), pl.col("part_rows").min(), pl.col("pattern").str.join(_PARTS_JOIN).alias("sequence"))
        .filter((pl.col("sequence_rows") >= min_rows) & (pl.col("sequence_rows") >= params.cohesion * pl.col("part_rows")))
        .join(sequences.select("sequence_id", "parts"), on="sequence_id", maintain_order="left")
        .select("parts", "sequence")
    )
    longest = pl.col("units").list.get(pl.col("unit_chars").list.arg_max(), null_on_oob=True)
    chosen = templated.join(composites, on="parts", how="left").with_columns(pl.coalesce("sequence", longest).alias("pattern"))
    counts = chosen.filter(pl.col("pattern").is_not_null()).group_by("pattern").agg(pl.col("weight").sum().alias("rows"))
    chosen = chosen.join(_families(counts, params), on="pattern", how="left").rename({"pattern": "own"}).rename({"family": "pattern"})
    table = (
        chosen.filter(pl.col("pattern").is_not_null())
        .group_by("pattern")
        # the example is a row of the representative pattern itself, not of a variant
        .agg(pl.col("weight").sum().alias("rows"), pl.col("doc").filter(pl.col("own") == pl.col("pattern")).min().alias("example_doc"))
        .sort(["rows", "pattern"], descending=[True, False])
        .with_row_index("template")
        .with_columns(pl.col("template").cast(pl.Int64))
    )
    ids = chosen.select("doc", "pattern").join(table.select("pattern", "template"), on="pattern", how="left")
    assigned = scored.select("doc", "score", "templated", "evidence").join(ids, on="doc", how="left")
    return assigned.select("doc", "score", "templated", "template", "evidence"), table


def _families(counts: pl.DataFrame, params: TemplateParams) -> pl.DataFrame:
    """pattern -> `family`: the most frequent pattern within `family_ratio` of it ("is required" and
    "is advised" variants of one sentence are one template). Each pattern joins a representative,
    never a member (a star, not a chain); the `max_centroids` most frequent patterns of at most
    `fuzzy_max_chars` are compared, the others are their own family."""
    ranked = counts.sort(["rows", "pattern"], descending=[True, False])["pattern"].to_list()
    head = [p for p in ranked if len(p) <= params.fuzzy_max_chars][: params.max_centroids]
    similar = process.cdist(head, head, scorer=fuzz.ratio, score_cutoff=params.family_ratio, dtype=np.uint8, workers=1)
    representative = np.arange(len(head))
    for i in range(1, len(head)):  # over patterns (a few hundred), in order of rows
        earlier = similar[i, :i] * (representative[:i] == np.arange(i))
        if earlier.any():
            representative[i] = int(earlier.argmax())
    family = dict(zip(head, (head[r] for r in representative)))
    return pl.DataFrame({"pattern": ranked, "family": [family.get(p, p) for p in ranked]}, schema={"pattern": pl.String, "family": pl.String})


# -- 6. summary ---------------------------------------------------------------------------------------


def _summary(table: pl.DataFrame, rows: pl.DataFrame, texts: pl.Series, min_rows: int, params: TemplateParams) -> dict[str, Any]:
    n = rows.height
    templated = int(rows["templated"].fill_null(False).sum())
    top = [{**rec, "example": texts[rec["example_row"]]} for rec in table.head(params.top).iter_rows(named=True)]
    return {
        "rows": n,
        "templated_rows": templated,
        "template_share": templated / n if n else 0.0,
        "distinct_templates": table.height,
        "mean_score": float(rows["score"].fill_null(0.0).mean() or 0.0) if n else 0.0,
        "top": top,
        "recurring_rows": min_rows,
        "params": asdict(params),
    }
