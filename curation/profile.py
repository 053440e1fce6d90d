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
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

import polars as pl
from pydantic import AfterValidator, Field, NonNegativeInt, model_validator

from curation.errors import CurateError
from curation.text import label_key, label_key_str
from curation.validation import FileModel, matches, read_yaml, validated

if TYPE_CHECKING:
    import pandera.polars as pa

Conversation = list[dict[str, str]]


Phrase = Annotated[str, matches(r"\s*\S", "it must not be blank")]


def _one_slot(context: str) -> str:
    if context.count("{}") != 1:
        raise ValueError("it must hold '{}' exactly once, where the label's phrase stands")
    return context


class LabelPhrases(FileModel, frozen=True):
    """How the values of one label field are stated in text: what the audit's `label.in_prompt` and
    eval's `label-masked` prompts look for (`curation.label_phrases`).

    A value is stated by its own words and by each of its `synonyms`, folded like
    `curation.text.normalized` and matched as whole words ("high" is not in "highway"). `unstated`
    values ("none") are stated only by their synonyms. With `contexts`, a phrase counts only inside
    one of them, "{}" standing for it ("severity was {}"): the field's values are common words that
    alone state nothing ("high school").
    """

    synonyms: dict[str, tuple[Phrase, ...]] = {}  # label value -> more phrases
    contexts: tuple[Annotated[Phrase, AfterValidator(_one_slot)], ...] = ()
    unstated: tuple[Phrase, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _nothing_is_default(cls, data: Any) -> Any:
        """`contexts:` with nothing under it in a profile file: no contexts."""
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, Mapping) else data


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
    # Columns the profile cannot be applied without, beside the prompt field (`prepare` checks them
    # all, after `derive`): the columns a user names (--text-column, ...) and those `derive` reads.
    # A missing schema column the profile can do without is the schema step's finding instead.
    requires: tuple[str, ...] = ()

    @functools.cached_property
    def schema(self) -> pa.DataFrameSchema:
        import curation.schema_checks  # noqa: F401  (registers the custom checks the schemas use)

        return self.build_schema()

    def prepare(self, frame: pl.DataFrame, source: str = "the data", require: Collection[str] | None = None) -> pl.DataFrame:
        """The frame every check sees: derived columns added, nothing removed. A CurateError when a
        column in `require` (default: `requires` and the prompt field) is missing; `source` names
        the input in the message."""
        prepared = self.derive(frame) if self.derive is not None else frame
        wanted = (*self.requires, self.prompt_field) if require is None else require
        missing = [c for c in dict.fromkeys(wanted) if c not in prepared.columns]
        # a column `derive` makes (chat's `user`) is missing because its input is: name the input
        missing = [c for c in missing if c in self.requires] or missing
        if missing:
            shown = ", ".join(frame.columns[:12]) + (", ..." if frame.width > 12 else "")
            raise CurateError(
                f"{source} has no column {' or '.join(repr(c) for c in missing)}, which profile '{self.name}' needs "
                f"(its columns: {shown}); add the column, or name the profile and columns that fit the data "
                "(--profile NAME, or --profile generic --text-column COL [--label-column COL])."
            )
        return prepared

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
            requires=tuple(dict.fromkeys((*profile.requires, *text_columns, *label_columns, *([id_column] if id_column else [])))),
        )
    return profile


# -- user profile files ---------------------------------------------------------------------------

Dtype = Literal["str", "string", "int", "float", "bool"]
_DTYPES = dict(zip(get_args(Dtype), (pl.String, pl.String, pl.Int64, pl.Float64, pl.Boolean), strict=True))


def _regex(pattern: str | None) -> str | None:
    """`pattern`, if polars (which runs the check) reads it as a regular expression."""
    if pattern is not None:
        try:
            pl.select(pl.lit("").str.contains(pattern))
        except pl.exceptions.PolarsError as exc:
            said = next((line.strip() for line in str(exc).splitlines() if line.startswith("error:")), "")
            raise ValueError(f"it is not a regular expression polars can use ({said.removeprefix('error: ') or 'regex parse error'}); fix the pattern") from None
    return pattern


def _template(template: str) -> str:
    """`template`, if str.format can fill it ("{prompt}"; braces as text are doubled)."""
    try:
        list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"it is not a format template ({exc}); write a column as {{name}} and a brace as {{{{ or }}}}") from None
    return template


def _vocabulary(values: list[str] | None) -> list[str] | None:
    """`values` in their canonical forms, once each; two that fold alike are a mistake."""
    try:
        return None if values is None else list(vocabulary_forms(values).values())
    except CurateError as exc:
        raise ValueError(str(exc).removesuffix(".")) from None


class ColumnSpec(FileModel):
    """One column of a profile file: its type, whether it may be null, its checks (the other fields)."""

    dtype: Dtype = "str"
    nullable: bool = False
    isin: list[str | int | float | bool] | None = None
    in_vocabulary: Annotated[list[str] | None, AfterValidator(_vocabulary)] = None  # case and punctuation folded
    in_range: tuple[float, float] | None = None  # [lowest, highest]
    min_length: NonNegativeInt | None = None
    max_length: NonNegativeInt | None = None
    matches: Annotated[str | None, AfterValidator(_regex)] = None
    not_blank: bool = False

    def checks(self) -> list[pa.Check]:
        import pandera.polars as pa

        import curation.schema_checks  # noqa: F401  (in_vocabulary, not_blank)

        make = {
            "isin": lambda v: pa.Check.isin(v),
            "in_vocabulary": lambda v: pa.Check.in_vocabulary(allowed=v),
            "in_range": lambda v: pa.Check.in_range(*v),
            "min_length": lambda v: pa.Check.str_length(min_value=v),
            "max_length": lambda v: pa.Check.str_length(max_value=v),
            "matches": lambda v: pa.Check.str_matches(v),
            "not_blank": lambda v: pa.Check.not_blank(),
        }
        given = {name: getattr(self, name) for name in make}
        return [make[name](value) for name, value in given.items() if value is not None and value is not False]


class ProfileFile(FileModel):
    """A profile file (see `load_profile_file`)."""

    name: str | None = None
    description: str | None = None
    prompt_field: str = Field(description="the column that holds the prompt, e.g. text")
    text_fields: list[str] | None = None
    label_fields: list[str] = []
    strata: list[str] | None = None
    id_column: str | None = None
    fact_fields: list[str] = []
    risk_type_field: str | None = None
    columns: dict[str, ColumnSpec | None] = Field(description="each column's dtype and checks, e.g. {text: {dtype: str, not_blank: true}}")
    conversation: dict[Literal["system", "user", "assistant"], Annotated[str, AfterValidator(_template)]] | None = None
    label_phrases: dict[str, LabelPhrases | None] | None = None


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
    conversation: {user: "{prompt}", assistant: "{label}"}  # for curate train
    label_phrases:            # optional, per label field (see LabelPhrases)
      label:
        synonyms: {unsafe: [harmful]}
        contexts: ["label is {}", "{} request"]
        unstated: [safe]
    ```

    The checks a column may have are the fields of `ColumnSpec`. A mistake is one CurateError
    naming the file, the entry and the field (`curation.validation`).
    """
    spec = validated(ProfileFile, read_yaml(Path(path), "profile file"), f"profile file {path}")
    import pandera.polars as pa  # a user's profile: its checks are built (and checked) now

    given = {name: col or ColumnSpec() for name, col in spec.columns.items()}
    columns = {name: pa.Column(_DTYPES[col.dtype], checks=col.checks(), nullable=col.nullable, required=True) for name, col in given.items()}
    name = spec.name or Path(path).stem
    label_fields = tuple(spec.label_fields)
    return Profile(
        name=name,
        description=spec.description or f"user profile from {path}",
        build_schema=functools.partial(pa.DataFrameSchema, columns, name=name),
        prompt_field=spec.prompt_field,
        text_fields=tuple(spec.text_fields or [spec.prompt_field]),
        label_fields=label_fields,
        vocabularies={name: tuple(col.in_vocabulary) for name, col in given.items() if col.in_vocabulary is not None},
        strata=tuple(spec.strata or label_fields),
        id_column=spec.id_column,
        fact_fields=tuple(spec.fact_fields),
        risk_type_field=spec.risk_type_field,
        conversation=_template_conversation(spec.conversation),
        label_phrases={name: phrases or LabelPhrases() for name, phrases in (spec.label_phrases or {}).items()},
        source=str(path),
    )


def _template_conversation(spec: Mapping[str, str] | None) -> Callable[[Mapping[str, Any]], Conversation] | None:
    """`conversation: {system: "...", user: "{prompt}", assistant: "{label}"}` -> a row formatter."""
    if not spec:
        return None

    def build(row: Mapping[str, Any]) -> Conversation:
        values = {k: ("" if v is None else (v if isinstance(v, str) else json.dumps(v))) for k, v in row.items()}
        return [{"role": role, "content": str(template).format(**values)} for role, template in spec.items()]

    return build
