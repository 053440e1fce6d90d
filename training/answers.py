"""What a generated answer says: parsed into the profile's target fields, labels mapped onto the
training vocabulary, and whether the answer has the format the model was trained to write.

Two answer shapes, told apart by the reference answers themselves (not by the profile's name):
a JSON object holding the targets (NariRaksha: risk_type, severity, reasoning, ...), or plain text
that is the single target (the classifier's category, a refusal).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from curation.profile import Profile
from curation.text import label_key, label_key_str
from curation.training.metrics import INVALID

_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
# Ordered label scales: a label field whose values all lie on one is scored by ordinal error too.
ORDINAL_SCALES = (("low", "medium", "high", "critical"),)


@dataclass(frozen=True)
class AnswerFormat:
    """How answers are laid out and what their labels may be."""

    is_json: bool
    labels: tuple[str, ...]  # target fields that are labels (risk_type, severity, category)
    texts: tuple[str, ...]  # target fields that are free text (reasoning, recommended_action, ...)
    vocabulary: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field -> folded key -> canonical label

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.labels, *self.texts)

    def ordinal_scale(self, name: str) -> tuple[str, ...] | None:
        values = {label_key_str(v) for v in self.vocabulary.get(name, {}).values()}
        for scale in ORDINAL_SCALES:
            if values and values <= {label_key_str(level) for level in scale}:
                return scale
        return None


def _as_object(text: str) -> dict | None:
    """The JSON object in `text`: the whole text, else its outermost {...} span."""
    for candidate in (text.strip(), *(m.group(0) for m in [_OBJECT.search(text)] if m)):
        try:
            value = json.loads(candidate)
        except (json.JSONDecodeError, ValueError):
            continue
        if isinstance(value, dict):
            return value
    return None


def answer_format(profile: Profile, reference_answers: Sequence[str], train: pl.DataFrame) -> AnswerFormat:
    """The format of `profile`'s answers (JSON when every reference answer is a JSON object) and the
    label vocabulary seen in the training rows."""
    targets = dict(profile.targets)
    if not targets:
        targets = {profile.label_fields[0]: "label"} if profile.label_fields else {"answer": "text"}
    is_json = bool(reference_answers) and all(_as_object(a) is not None for a in reference_answers)
    if not is_json and len(targets) > 1:
        # A plain-text answer carries one value: the first label (a classifier) or the first text.
        first = next((f for f, kind in targets.items() if kind == "label"), next(iter(targets)))
        targets = {first: targets[first]}
    labels = tuple(f for f, kind in targets.items() if kind == "label")
    texts = tuple(f for f, kind in targets.items() if kind != "label")
    vocabulary = {}
    for name in labels:
        if name in train.columns:
            values = train[name].cast(pl.String).drop_nulls().unique().sort().to_list()
            vocabulary[name] = {label_key_str(v): v for v in values}
    return AnswerFormat(is_json, labels, texts, vocabulary)


def _salvaged(text: str, fields: Sequence[str]) -> dict:
    """From an answer that is no valid JSON (cut off, a broken key), each field's first string
    value `"field": "..."` up to its closing quote or the end: the text the model wrote is still
    measured (regurgitation, facts) though the answer's format is invalid."""
    found = {}
    for name in fields:
        match = re.search(rf'"{re.escape(name)}"\s*:\s*"((?:[^"\\]|\\.)*)', text)
        if match:
            try:
                found[name] = json.loads(f'"{match.group(1)}"')
            except json.JSONDecodeError:  # a cut-off escape sequence
                found[name] = match.group(1)
    return found


def parse_answers(texts: Sequence[str], fmt: AnswerFormat) -> pl.DataFrame:
    """One row per answer: `parsed` (a JSON object was found, or plain text), `valid` (parsed, every
    label in the vocabulary, every text field a non-empty string), each label field mapped to its
    canonical label (INVALID when missing or unknown) and each text field as written (null when
    missing). Fields of an unparsable JSON answer are salvaged where they can be (`_salvaged`)."""
    records = []
    for text in texts:
        obj = _as_object(text) if fmt.is_json else {fmt.fields[0]: text.strip()}
        record = {"parsed": obj is not None}
        values = obj if obj is not None else _salvaged(text, fmt.fields)
        for name in fmt.fields:
            value = values.get(name)
            record[name] = value if isinstance(value, str) else (None if value is None or isinstance(value, (dict, list)) else str(value))
        records.append(record)
    schema = {"parsed": pl.Boolean, **{name: pl.String for name in fmt.fields}}
    frame = pl.DataFrame(records, schema=schema)
    return with_canonical_labels(frame, fmt)


def canonical_label(expr: pl.Expr, fmt: AnswerFormat, name: str) -> pl.Expr:
    """The label as the training data spells it (null when it is not in the vocabulary)."""
    vocab = fmt.vocabulary.get(name, {})
    return label_key(expr.cast(pl.String)).replace_strict(list(vocab), list(vocab.values()), default=None, return_dtype=pl.String)


def with_canonical_labels(frame: pl.DataFrame, fmt: AnswerFormat) -> pl.DataFrame:
    """Label columns folded (`label_key`) and mapped to the training vocabulary; `valid` added."""
    ok = pl.col("parsed") if "parsed" in frame.columns else pl.lit(True)
    columns = []
    for name in fmt.labels:
        mapped = canonical_label(pl.col(name), fmt, name)
        columns.append(mapped.fill_null(INVALID).alias(name))
        ok = ok & mapped.is_not_null()
    for name in fmt.texts:
        ok = ok & (pl.col(name).str.strip_chars().str.len_chars() > 0).fill_null(False)
    return frame.with_columns(columns).with_columns(ok.alias("valid"))


def reference_values(frame: pl.DataFrame, answers: Sequence[str], fmt: AnswerFormat) -> pl.DataFrame:
    """The ground truth of each row: each target field from the row's own column where it has one
    (the JSON answer is made from those columns; the classifier's truth is `_meta.category`), else
    parsed from its reference answer."""
    own = [name for name in fmt.fields if name in frame.columns]
    missing = [name for name in fmt.fields if name not in own]
    parsed = parse_answers(answers, fmt).select(missing) if missing else pl.DataFrame()
    values = frame.select(pl.col(name).cast(pl.String) for name in own).hstack(parsed.get_columns()).select(fmt.fields)
    # a true label the training data never had stays as written: the model cannot get it right
    return values.with_columns(canonical_label(pl.col(name), fmt, name).fill_null(pl.col(name)).fill_null(INVALID) for name in fmt.labels)
