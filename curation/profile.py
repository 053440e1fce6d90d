"""Dataset profiles: what a dataset format's columns mean to every stage.

A profile names the pandera schema, the id column, the prompt field (near-duplicate clusters and
leakage are computed on it), the text fields to scan, the label fields, the default strata, the
fields the legal/helpline rules read, and how a row becomes a chat conversation for training.
The built-in profiles live in `curation.schemas` (the repository's `schemas/` folder); a user may
write their own as a YAML file (see `load_profile_file`).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import yaml

from curation.errors import CurateError
from curation.text import label_key, label_key_str

if TYPE_CHECKING:
    import pandera.polars as pa

Conversation = list[dict[str, str]]
# Importing pandera from two threads at once deadlocks (its modules import each other): the audit's
# steps build the schema side by side, so the first build holds this lock.
_SCHEMA_LOCK = threading.Lock()


@dataclass(frozen=True)
class LabelPhrases:
    """How the values of one label field are stated in text: what the audit's `label.in_prompt` and
    eval's `label-masked` prompts look for (`curation.label_phrases`).

    A value is stated by its own words and by each of its `synonyms`, folded like
    `curation.text.normalized` and matched as whole words ("high" is not in "highway"). `unstated`
    values ("none") are stated only by their synonyms. With `contexts`, a phrase counts only inside
    one of them, "{}" standing for it ("severity was {}"): the field's values are common words that
    alone state nothing ("high school").
    """

    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # label value -> more phrases
    contexts: tuple[str, ...] = ()
    unstated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    # Builds the pandera schema; `schema` calls it once, on first use. (Importing pandera, and the
    # pandas it imports, costs about a second: the audit's other steps run meanwhile.)
    build_schema: Callable[[], pa.DataFrameSchema]
    prompt_field: str
    text_fields: tuple[str, ...]
    label_fields: tuple[str, ...] = ()
    # Closed label vocabularies: field -> its allowed values as the profile writes them (the
    # canonical forms). The schema's `in_vocabulary` checks accept any folding of these (case,
    # spaces, punctuation); `canonical_labels` writes each such value in its canonical form.
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strata: tuple[str, ...] = ()
    id_column: str | None = None
    fact_fields: tuple[str, ...] = ()  # text the legal-citation and helpline rules read
    risk_type_field: str | None = None  # legal.offence_mismatch compares citations with this label
    # Adds derived columns before any check runs (the chat profile flattens `messages` into
    # `system`, `user`, `assistant` and `_meta` into `category`, ...). Vectorized: frame in, frame out.
    derive: Callable[[pl.DataFrame], pl.DataFrame] | None = None
    # A row (as a dict, after `derive`) -> the chat conversation the trainer tokenizes; the last
    # message is the assistant's answer, the only tokens the loss is computed on.
    conversation: Callable[[Mapping[str, Any]], Conversation] | None = None
    # What the assistant's answer carries, for eval: field -> kind ("label" | "text").
    targets: Mapping[str, str] = field(default_factory=dict)
    # Label field -> how its values are stated in text (synonyms, contexts); a field not named here
    # is stated by its values' own words.
    label_phrases: Mapping[str, LabelPhrases] = field(default_factory=dict)
    # Score for auto-detection from the column names: 0 = does not fit; the highest score wins.
    detect: Callable[[Collection[str]], int] = lambda columns: 0
    source: str = "built-in"

    @functools.cached_property
    def schema(self) -> pa.DataFrameSchema:
        with _SCHEMA_LOCK:
            import curation.schema_checks  # noqa: F401  (registers the custom checks the schemas use)

            return self.build_schema()

    def prepare(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The frame every check sees: derived columns added, nothing removed."""
        return self.derive(frame) if self.derive is not None else frame

    def canonical_labels(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame` with every vocabulary label that matches an allowed value only after folding
        ('HIGH', ' high.') written as the profile writes it ('high'); other values unchanged. The
        one canonicalization `curate split`, `curate train` and the label comparisons use."""
        columns = [canonical_label(name, vocab).alias(name) for name, vocab in self._vocabularies_in(frame)]
        return frame.with_columns(columns) if columns else frame

    def noncanonical_labels(self, frame: pl.DataFrame) -> pl.DataFrame:
        """One line per label `canonical_labels` would rewrite: position (in `frame`), column,
        value (as written), canonical."""
        parts = [
            frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("position"), pl.lit(name).alias("column"),
                         pl.col(name).alias("value"), canonical_label(name, vocab).alias("canonical"))
            .filter(pl.col("value") != pl.col("canonical"))
            for name, vocab in self._vocabularies_in(frame)
        ]
        schema = {"position": pl.Int64, "column": pl.String, "value": pl.String, "canonical": pl.String}
        return pl.concat([pl.DataFrame(schema=schema), *parts]).rechunk()  # one chunk: pl.format over unaligned chunks panics (polars 2.1)

    def _vocabularies_in(self, frame: pl.DataFrame) -> list[tuple[str, tuple[str, ...]]]:
        return [(n, v) for n, v in self.vocabularies.items() if n in frame.columns and frame.schema[n] == pl.String]

    def to_conversation(self, row: Mapping[str, Any]) -> Conversation:
        if self.conversation is None:
            raise CurateError(f"profile '{self.name}' does not say how a row becomes a conversation; it cannot be trained on.")
        return self.conversation(row)

    def with_overrides(self, **changes: Any) -> Profile:
        from dataclasses import replace

        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def canonical_label(name: str, vocabulary: tuple[str, ...]) -> pl.Expr:
    """Column `name` with each value that folds (`label_key`) onto an entry of `vocabulary` written
    as that entry; nulls and values outside the vocabulary (schema errors) as they are."""
    forms = vocabulary_forms(vocabulary)
    return label_key(pl.col(name)).replace_strict(list(forms), list(forms.values()), default=pl.col(name), return_dtype=pl.String)


def vocabulary_forms(vocabulary: Collection[str]) -> dict[str, str]:
    """folded key -> canonical form; two entries that fold alike would make the form ambiguous."""
    forms: dict[str, str] = {}
    for value in vocabulary:
        key = label_key_str(value)
        if key in forms and forms[key] != value:
            raise CurateError(f"the vocabulary lists '{forms[key]}' and '{value}', which are the same label once case, spaces and punctuation are folded; keep one.")
        forms[key] = value
    return forms


def builtin_profiles() -> dict[str, Profile]:
    from curation.schemas import BUILTIN

    return dict(BUILTIN)


def detect_profile(columns: Collection[str]) -> Profile:
    """The built-in profile whose columns fit best; a clear error when none does."""
    scored = sorted(((p.detect(columns), p.name) for p in builtin_profiles().values()), reverse=True)
    best_score, best_name = scored[0]
    if best_score <= 0:
        names = sorted(columns)
        example = " ".join(f"--text-column {c}" for c in names[:2])  # e.g. HH-RLHF's chosen and rejected
        raise CurateError(
            f"the columns ({', '.join(names[:12])}) fit no built-in profile; check them with the generic profile "
            f"by naming each text column (e.g. {example}) [--label-column COL], or pass --profile FILE.yaml "
            "describing your columns."
        )
    return builtin_profiles()[best_name]


def resolve_profile(
    name_or_path: str | None,
    columns: Collection[str],
    *,
    text_columns: tuple[str, ...] = (),
    label_columns: tuple[str, ...] = (),
    id_column: str | None = None,
) -> Profile:
    """The profile for a dataset: named, read from a file, or auto-detected from its columns.

    `text_columns`/`label_columns`/`id_column` configure the generic profile, and override the
    fields of any other profile.
    """
    from curation.schemas.generic import generic_profile

    if name_or_path is None and text_columns:
        name_or_path = "generic"
    if name_or_path is None:
        profile = detect_profile(columns)
    elif name_or_path == "generic":
        if not text_columns:
            raise CurateError("--profile generic needs at least one --text-column naming the text to check.")
        return generic_profile(text_columns, label_columns, id_column)
    elif name_or_path in builtin_profiles():
        profile = builtin_profiles()[name_or_path]
    elif Path(name_or_path).suffix.lower() in (".yaml", ".yml"):
        profile = load_profile_file(name_or_path)
    else:
        known = ", ".join(sorted(builtin_profiles()))
        raise CurateError(f"unknown profile '{name_or_path}'; use one of {known}, generic, or a profile .yaml file.")
    if text_columns or label_columns or id_column:
        profile = profile.with_overrides(
            text_fields=tuple(text_columns) or None,
            prompt_field=text_columns[0] if text_columns else None,
            label_fields=tuple(label_columns) or None,
            strata=tuple(label_columns) or None,
            id_column=id_column,
        )
    return profile


# -- user profile files ---------------------------------------------------------------------------

_DTYPES = {"str": pl.String, "string": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean}
_CHECKS = ("isin", "in_vocabulary", "in_range", "min_length", "max_length", "matches", "not_blank")


def _check(name: str, value: Any) -> pa.Check:
    import pandera.polars as pa

    import curation.schema_checks  # noqa: F401  (in_vocabulary, not_blank)

    return {
        "isin": lambda v: pa.Check.isin(list(v)),
        "in_vocabulary": lambda v: pa.Check.in_vocabulary(allowed=list(v)),
        "in_range": lambda v: pa.Check.in_range(*v),
        "min_length": lambda v: pa.Check.str_length(min_value=int(v)),
        "max_length": lambda v: pa.Check.str_length(max_value=int(v)),
        "matches": lambda v: pa.Check.str_matches(str(v)),
        "not_blank": lambda v: pa.Check.not_blank(),
    }[name](value)


def load_profile_file(path: str) -> Profile:
    """A profile from YAML. Example:

    ```yaml
    name: my-dataset
    prompt_field: prompt
    text_fields: [prompt, response]
    label_fields: [label]
    strata: [label]
    id_column: uid
    columns:
      prompt: {dtype: str, not_blank: true}
      label: {dtype: str, isin: [safe, unsafe]}
      score: {dtype: float, in_range: [0, 1], nullable: true}
    label_phrases:            # optional, per label field (see LabelPhrases)
      label:
        synonyms: {unsafe: [harmful]}
        contexts: ["label is {}", "{} request"]
        unstated: [safe]
    ```
    """
    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CurateError(f"profile file {path} does not exist.") from None
    except yaml.YAMLError as exc:
        raise CurateError(f"profile file {path} is not valid YAML ({str(exc).splitlines()[0]}).") from None
    if not isinstance(spec, dict) or "columns" not in spec or "prompt_field" not in spec:
        raise CurateError(f"profile file {path} needs at least 'prompt_field' and 'columns' (see `curate audit --help`).")
    import pandera.polars as pa  # a user's profile: its checks are built (and checked) now

    columns, vocabularies = {}, {}
    for name, col in (spec.get("columns") or {}).items():
        col = dict(col or {})
        dtype_name = str(col.pop("dtype", "str"))
        if dtype_name not in _DTYPES:
            raise CurateError(f"profile file {path}: column '{name}' has unknown dtype '{dtype_name}'; use one of {', '.join(_DTYPES)}.")
        nullable = bool(col.pop("nullable", False))
        checks = []
        for check_name, value in col.items():
            if check_name not in _CHECKS:
                raise CurateError(f"profile file {path}: column '{name}' has unknown check '{check_name}'; use one of {', '.join(_CHECKS)}.")
            checks.append(_check(check_name, value))
            if check_name == "in_vocabulary":
                try:
                    vocabularies[name] = tuple(vocabulary_forms([str(v) for v in value]).values())
                except CurateError as exc:
                    raise CurateError(f"profile file {path}: column '{name}': {exc}") from None
        columns[name] = pa.Column(_DTYPES[dtype_name], checks=checks, nullable=nullable, required=True)
    text_fields = tuple(spec.get("text_fields") or [spec["prompt_field"]])
    label_fields = tuple(spec.get("label_fields") or ())
    return Profile(
        name=str(spec.get("name", Path(path).stem)),
        description=str(spec.get("description", f"user profile from {path}")),
        build_schema=functools.partial(pa.DataFrameSchema, columns, name=str(spec.get("name", Path(path).stem))),
        prompt_field=str(spec["prompt_field"]),
        text_fields=text_fields,
        label_fields=label_fields,
        vocabularies=vocabularies,
        strata=tuple(spec.get("strata") or label_fields),
        id_column=spec.get("id_column"),
        fact_fields=tuple(spec.get("fact_fields") or ()),
        risk_type_field=spec.get("risk_type_field"),
        conversation=_template_conversation(spec.get("conversation")),
        label_phrases=_label_phrases(spec.get("label_phrases"), path),
        source=str(path),
    )


def _label_phrases(spec: Any, path: str) -> dict[str, LabelPhrases]:
    """`label_phrases: {field: {synonyms: {value: [phrase, ...]}, contexts: [...], unstated: [...]}}`."""
    where = f"profile file {path}: label_phrases"
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise CurateError(f"{where} must map each label field to its synonyms, contexts and unstated values.")

    def strings(value: Any, what: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CurateError(f"{where}: {what} must be a list of non-empty strings.")
        return tuple(value)

    out = {}
    for name, entry in spec.items():
        entry = entry or {}
        unknown = sorted(set(entry) - {"synonyms", "contexts", "unstated"}) if isinstance(entry, dict) else ["(not a mapping)"]
        if unknown:
            raise CurateError(f"{where}.{name} has unknown key '{unknown[0]}'; use synonyms, contexts and unstated.")
        synonyms = entry.get("synonyms") or {}
        if not isinstance(synonyms, dict):
            raise CurateError(f"{where}.{name}.synonyms must map a label value to a list of phrases.")
        contexts = strings(entry.get("contexts") or [], f"{name}.contexts")
        bad = next((c for c in contexts if c.count("{}") != 1), None)
        if bad is not None:
            raise CurateError(f"{where}.{name}.contexts: '{bad}' must hold '{{}}' exactly once, where the label's phrase stands.")
        out[str(name)] = LabelPhrases(
            synonyms={str(value): strings(phrases, f"{name}.synonyms.{value}") for value, phrases in synonyms.items()},
            contexts=contexts, unstated=strings(entry.get("unstated") or [], f"{name}.unstated"))
    return out


def _template_conversation(spec: Mapping[str, str] | None) -> Callable[[Mapping[str, Any]], Conversation] | None:
    """`conversation: {system: "...", user: "{prompt}", assistant: "{label}"}` -> a row formatter."""
    if not spec:
        return None

    def build(row: Mapping[str, Any]) -> Conversation:
        values = {k: ("" if v is None else (v if isinstance(v, str) else json.dumps(v))) for k, v in row.items()}
        return [{"role": role, "content": str(template).format(**values)} for role, template in spec.items()]

    return build
