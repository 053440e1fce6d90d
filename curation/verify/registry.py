"""The rule registry: the built-in YAML packs in `curation.rules`, plus `--rules DIR` folders whose
entries add to or override them, loaded into polars frames the checks join against.

A pack is a YAML mapping with any of these keys (the `Pack` model below is their one definition;
see the built-in packs for examples):
  sources       key -> citable document; an entry's `source` may name a key
  act           one act (`sections` then belong to it), or `acts`: a list (each section names its `act`)
  sections      sections of an act: section, title, aliases, status, replaced_by, ...
  helplines     phone numbers and short codes; `purpose_words` names the purpose tags
  organisations names of organisations whose numbers the registry does not hold (a number beside
                one is that organisation's, to verify: `helpline.unknown`, never personal data)
  offences      risk type -> fitting provisions; `neutral` lists provisions that fit any risk type
  placeholders, pii, phones   detection patterns
Every entry carries `source` and `verified`. A later folder's entry with the same key (act id,
act + section, number, risk type, pattern name) replaces the earlier one; an act block with only an
`id` extends that act's sections. A pack that breaks these rules is a CurateError naming the file,
the entry and the field (`curation.validation`).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar

import phonenumbers
import polars as pl
from pydantic import (AfterValidator, BeforeValidator, ConfigDict, Discriminator, Field, PositiveInt, StrictBool, StringConstraints, Tag,
                      field_validator, model_validator)

from curation.errors import CurateError
from curation.findings import check_family
from curation.text import label_key_str
from curation.validation import FileModel, matches, read_yaml, validated

_SECTION = re.compile(r"^(\d{1,3})([A-Z]{0,3})$")
_REFERENCE = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\s+(\d{1,3}[A-Z]{0,3})(?:\s*-\s*(\d{1,3}))?((?:\(\w{1,4}\))*))?$")

# Words in front of an act's name that are not part of it ("under the POSH Act", "as per IPC").
_LEADING_WORDS = r"^(?:(?:under|the|as|per|of|this|that|said|see|vide|in|also|and|both|read|with|invoke|invoking|apply|applying|file|filing|cite|citing|u s)\s+)+"


def act_key(expr: pl.Expr) -> pl.Expr:
    """An act's name folded for lookup: 'the I.P.C.' == 'IPC'; 'POSH Act, 2013' == 'posh'."""
    return (
        expr.str.to_lowercase()
        .str.replace_all(r"&", " and ")
        .str.replace_all(r"\.", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
        .str.replace(r"\s*(?:of\s+)?(?:18|19|20)\d\d$", "")
        .str.replace(_LEADING_WORDS, "")
        .str.replace(r"\s*\bact$", "")
        .str.strip_chars()
    )


def number_key(number: str) -> str | None:
    """A phone number's join key: the E.164 digits of a full number, the digits of a short code."""
    digits = re.sub(r"\D", "", number)
    if not digits:
        return None
    if len(digits) <= 6:
        return digits
    try:
        parsed = phonenumbers.parse(number, "IN")
    except phonenumbers.NumberParseException:
        return digits
    return f"{parsed.country_code}{parsed.national_number}"


@dataclass(frozen=True)
class Pattern:
    name: str
    check: str
    regex: str
    message: str
    suggestion: str | None
    source: str
    verified: bool
    validate: str | None = None  # "verhoeff": keep only matches whose digits pass the check
    exclude: str | None = None  # matches that also match this regex are dropped
    requires: str | None = None  # a cheap regex every match contains (a pre-filter)


@dataclass(frozen=True)
class PhoneRules:
    full: str
    helpline_words: tuple[str, ...]
    call_words: tuple[str, ...]
    not_before: tuple[str, ...]
    not_after: tuple[str, ...]
    # Capitalised words that end an organisation's name ("Vandrevala Foundation", "Press Office"):
    # a number beside such a name is the organisation's, not a person's.
    organisation_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackInfo:
    path: str
    kinds: tuple[str, ...]
    entries: int
    verified: int


@dataclass(frozen=True, eq=False)
class Registry:
    acts: pl.DataFrame  # act, name, aliases, year, status, repealed_on, replaced_by, sections_total, ...
    aliases: pl.DataFrame  # key (act_key of an alias), act
    sections: pl.DataFrame  # act, section, number, suffix, title, aliases, status, replaced_by, ...
    helplines: pl.DataFrame  # key, number, name, operator, purposes, orgs, status, replaced_by, correct, ...
    organisations: pl.DataFrame  # name, aliases, scope, source, verified, note
    purpose_words: Mapping[str, tuple[str, ...]]
    offences: pl.DataFrame  # risk_key, act, section, lo, hi, neutral
    risk_types: Mapping[str, str]  # risk_key -> risk type as written
    suggestions: Mapping[str, tuple[str, ...]]  # risk_key -> suggested citations ("BNS 78")
    placeholders: tuple[Pattern, ...]
    pii: tuple[Pattern, ...]
    phones: PhoneRules
    packs: tuple[PackInfo, ...]
    alias_forms: tuple[str, ...] = field(default=())  # every alias as written, for the act regex

    @cached_property
    def act_regex(self) -> str:
        """One alternation matching any known act alias as written (longest first)."""
        return "|".join(_alias_regex(a) for a in sorted(set(self.alias_forms), key=len, reverse=True))

    @cached_property
    def section_titles(self) -> pl.DataFrame:
        """act, section, short, title, display ('BNS 78 (Stalking)') for every listed section."""
        names = self.acts.select("act", "short")
        return self.sections.join(names, on="act").select(
            "act", "section", "short", "title",
            pl.when(pl.col("title").is_not_null())
            .then(pl.format("{} {} ({})", "short", "section", "title"))
            .otherwise(pl.format("{} {}", "short", "section")).alias("display"),
        )



def _alias_regex(alias: str) -> str:
    """An alias as a regex: flexible spaces, optional dots, an optional trailing 'Act', and
    case-insensitive when it is a long name ('indian penal code'); acronyms keep their case."""
    core = alias.rstrip(".")
    body = re.escape(core).replace(r"\ ", r"\s+").replace(r"\.", r"\.?\s?")
    if not core.endswith("Act"):
        body += r"(?:\s+Act)?"
    if len(alias) >= 10 and " " in alias:
        body = f"(?i:{body})"
    return rf"(?-u:\b)(?:{body})(?-u:\b)" + (r"\.?" if alias.endswith(".") else "")


# -- the pack file --------------------------------------------------------------------------------

ActStatus = Literal["in_force", "repealed"]
SectionStatus = Literal["in_force", "struck_down", "repealed", "omitted"]
Lettered = Literal["none", "listed", "unknown"]
Listing = Literal["complete", "partial"]
# discontinued: a source says the line is no longer in service; superseded / temporary: a source
# says it was replaced, or was announced as temporary (it may still answer); unknown: no source on
# its current status; misprint: a known wrong printing of another number.
HelplineStatus = Literal["active", "legacy", "superseded", "temporary", "discontinued", "unknown", "misprint"]

Text = Annotated[str, StringConstraints(strip_whitespace=True), matches(r"\S", "write it out (it cannot be blank)")]
ActId = Annotated[str, matches(r"[A-Z][A-Z0-9_]*$", "use capital letters, digits and _ (e.g. BNS, IT)")]
Reference = Annotated[str, matches(_REFERENCE.pattern, "write 'ACT', 'ACT SECTION' or 'ACT A-B', e.g. 'BNS 85', 'BNS 308(2)' or 'BNS 1-62'")]
SectionId = Annotated[
    str,
    BeforeValidator(lambda v: str(v).strip().upper().replace(" ", "") if isinstance(v, (str, int)) else v),
    matches(_SECTION.pattern, 'write the section as a number with an optional letter suffix, e.g. "78" or "66E"'),
]


def _compiles(regex: str) -> str:
    """A pattern polars (Rust's regex crate) can run."""
    try:
        pl.Series([""], dtype=pl.String).str.contains(regex)
    except Exception as exc:  # polars raises ComputeError for a bad pattern, its reason on an 'error:' line
        lines = str(exc).splitlines()
        reason = next((line.removeprefix("error:").strip() for line in lines if line.startswith("error:")), lines[0] if lines else "")
        raise ValueError(f"polars cannot compile it ({reason[:120]}); use Rust regex syntax (no look-around)") from None
    return regex


Regex = Annotated[str, matches(r"(?s).", "write the pattern"), AfterValidator(_compiles)]


class _Model(FileModel):
    model_config = ConfigDict(frozen=True)  # cached across loads: never changed once read


class _Entry(_Model):
    """Every entry says where its facts come from and whether they were checked."""

    source: Text = Field(description="a citable document (or a key of the pack's sources)")
    verified: StrictBool = Field(description="true when the facts were seen in the source, false otherwise")
    note: str | None = None


class Act(_Entry):
    id: ActId
    name: Text
    aliases: Annotated[list[str], Field(min_length=1, description="the names it is cited by, e.g. [BNS, Bharatiya Nyaya Sanhita]")]
    year: int | None = None
    status: ActStatus = "in_force"
    in_force_from: datetime.date | None = None
    repealed_on: datetime.date | None = None
    replaced_by: ActId | None = None
    sections_total: PositiveInt | None = None
    total_verified: StrictBool | None = None  # whether sections_total was seen in the source (default: verified)
    lettered: Lettered = "unknown"  # lettered sections (354A): none, listed below, or unknown
    lettered_complete_for: list[str] = []  # numbers whose lettered series is complete
    lettered_complete_source: str | None = None
    listing: Listing = "partial"  # are all the act's sections listed?
    procedural: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Act:
        if self.status == "repealed" and not self.replaced_by:
            raise ValueError("is repealed but names no replaced_by act; add replaced_by: ACT_ID")
        if self.lettered_complete_for and not self.lettered_complete_source:
            raise ValueError("lists lettered_complete_for without lettered_complete_source; name the source that shows the series is complete")
        return self


class ActRef(_Model):
    """`act: {id: BNSS}`: this pack adds sections to an act another pack defines."""

    id: ActId


ActBlock = Annotated[
    Annotated[Act, Tag("Act")] | Annotated[ActRef, Tag("ActRef")],
    Discriminator(lambda v: "ActRef" if isinstance(v, Mapping) and set(v) == {"id"} else "Act"),
]


class Section(_Entry):
    section: SectionId
    act: ActId | None = None  # default: the pack's act
    title: str | None = None
    aliases: list[str] = []  # everyday names the title check accepts
    status: SectionStatus = "in_force"
    replaced_by: list[Reference] = []
    suggestion: str | None = None
    struck_down_by: str | None = None


def _dialable(number: str) -> str:
    if number_key(number) is None:
        raise ValueError('write the number with its digits, e.g. number: "181"')
    return number.strip()


class Helpline(_Entry):
    number: Annotated[str, AfterValidator(_dialable)]
    name: Text
    operator: str | None = None
    purposes: list[str] = []  # tags that purpose_words defines
    orgs: list[str] = []  # names of the line's operator or service
    status: HelplineStatus = "active"
    replaced_by: str | None = None
    correct: str | None = None  # a misprint's real number
    scope: str | None = None

    @model_validator(mode="after")
    def _misprint(self) -> Helpline:
        if self.status == "misprint" and not self.correct:
            raise ValueError('is a misprint but names no correct number; add correct: "NUMBER"')
        return self


class Organisation(_Entry):
    name: Text
    aliases: list[str] = []
    scope: str | None = None


class Neutral(_Entry):
    fits: list[Reference] = []


class Offence(_Entry):
    risk_type: Text
    fits: list[Reference] = []
    suggest: list[Reference] = []  # what the suggestion names, first the primary citation
    same_as: str | None = None  # reuse another risk type's lists

    @model_validator(mode="after")
    def _fits_something(self) -> Offence:
        if self.same_as is None and not self.fits:
            raise ValueError('lists nothing that fits; add fits: ["BNS 78", ...] or same_as: OTHER_RISK_TYPE')
        return self


class _Pattern(_Entry):
    family: ClassVar[str]  # the findings family its check belongs to
    example: ClassVar[str]
    name: Text
    check: str = Field(description="a check name from curation/findings.py CHECKS")
    regex: Regex = Field(description="a Rust regex (the syntax polars runs), e.g. '(?i)lorem ipsum'")
    message: Text = Field(description="what a match is, e.g. 'an e-mail address'")
    suggestion: str | None = None
    digits: Literal["verhoeff"] | None = Field(None, alias="validate")  # keep only matches whose digits pass the check
    exclude: Regex | None = None  # matches that also match this regex are dropped
    requires: Regex | None = None  # a cheap regex every match contains (a pre-filter)

    @field_validator("check")
    @classmethod
    def _of_family(cls, check: str) -> str:
        try:
            ok = check_family(check).split(".")[0] == cls.family
        except KeyError:
            ok = False
        if not ok:
            raise ValueError(f"use a {cls.family} check name from curation/findings.py CHECKS (e.g. {cls.example})")
        return check


class Placeholder(_Pattern):
    family, example = "placeholder", "placeholder.slot"


class Pii(_Pattern):
    family, example = "pii", "pii.email"


class Phones(_Entry):
    full: Regex | None = None  # a full number: optional +country code, then at least 8 digits
    helpline_words: list[str] = []
    call_words: list[str] = []
    organisation_words: list[str] = []
    not_before: list[str] = []
    not_after: list[str] = []


class Pack(_Model):
    sources: dict[str, str] = {}
    act: ActBlock | None = None
    acts: list[ActBlock] = []
    sections: list[Section] = []
    helplines: list[Helpline] = []
    purpose_words: dict[str, list[str]] = {}
    organisations: list[Organisation] = []
    neutral: Neutral | None = None
    offences: list[Offence] = []
    placeholders: list[Placeholder] = []
    pii: list[Pii] = []
    phones: Phones | None = None

    @model_validator(mode="before")
    @classmethod
    def _blank_keys(cls, data: Any) -> Any:
        """`helplines:` with nothing under it holds nothing."""
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, Mapping) else data


# -- loading --------------------------------------------------------------------------------------


def load_registry(extra_dirs: tuple[str, ...] | list[str] = ()) -> Registry:
    """The built-in packs plus `extra_dirs` (each a folder of *.yaml), later folders overriding."""
    dirs = tuple(str(Path(d)) for d in extra_dirs)
    if not dirs:
        return _builtin_registry()
    return _build((_builtin_dir(), *dirs))


@functools.lru_cache(maxsize=1)
def _builtin_registry() -> Registry:
    return _build((_builtin_dir(),))


def _builtin_dir() -> str:
    from curation.rules import pack_dir

    return str(pack_dir())


def _build(dirs: tuple[str, ...]) -> Registry:
    acc = _Accumulator()
    for folder in dirs:
        path = Path(folder)
        if not path.is_dir():
            raise CurateError(f"rules folder {folder} does not exist; pass a folder of rule-pack .yaml files to --rules.")
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        if folder != _builtin_dir() and not files:
            raise CurateError(f"rules folder {folder} holds no .yaml rule packs; add packs (see `curate rules list`) or drop --rules.")
        seen: set[tuple[str, Any]] = set()
        for file in files:
            kinds, pack = _read_builtin(str(file)) if folder == _builtin_dir() else _read_pack(file)
            acc.add_pack(file, kinds, pack, seen)
    return acc.registry()


@functools.lru_cache(maxsize=64)
def _read_builtin(path: str) -> tuple[tuple[str, ...], Pack]:
    """The built-in packs never change while a process runs: read each once."""
    return _read_pack(Path(path))


def _read_pack(path: Path) -> tuple[tuple[str, ...], Pack]:
    """What the pack holds, in the file's order (for `curate rules list`), and the pack."""
    data = read_yaml(path, "rule pack")
    data = {} if data is None else data
    pack = validated(Pack, data, f"rule pack {path}")
    return tuple(k for k in data if k != "sources"), pack


class _Accumulator:
    """Collects entries pack by pack (later ones override), then builds the Registry's frames."""

    def __init__(self) -> None:
        self.acts: dict[str, Act] = {}
        self.sections: dict[tuple[str, str], Section] = {}
        self.helplines: dict[str, Helpline] = {}  # number_key -> entry
        self.organisations: dict[str, Organisation] = {}
        self.purpose_words: dict[str, tuple[str, ...]] = {}
        self.offences: dict[str, Offence] = {}  # label_key_str(risk type) -> entry
        self.neutral: Neutral | None = None
        self.placeholders: dict[str, Pattern] = {}
        self.pii: dict[str, Pattern] = {}
        self.phones: dict[str, Any] = {}
        self.packs: list[PackInfo] = []
        self.where: dict[tuple[str, Any], str] = {}  # entry key -> the pack that defined it (for errors)

    # one pack ------------------------------------------------------------------------------------
    def add_pack(self, path: Path, kinds: tuple[str, ...], pack: Pack, seen: set[tuple[str, Any]]) -> None:
        def cited(entry: _E) -> _E:  # the entry with a source key of the pack replaced by the document
            text = pack.sources.get(entry.source)
            return entry.model_copy(update={"source": f"{entry.source}: {text}"}) if text is not None else entry

        entries: list[_Entry] = []
        default_act = None
        for block in (pack.act, *pack.acts):
            if block is None:
                continue
            if isinstance(block, ActRef):  # only an id: this pack extends an existing act's sections
                if block.id not in self.acts:
                    _fail(path, f"act {block.id!r}", "extends an act no pack defines", "define the act in full (name, aliases, status, source, verified)")
            else:
                self._claim(path, seen, ("act", block.id), f"act {block.id!r}")
                self.acts[block.id] = cited(block)
                entries.append(block)
            default_act = default_act or block.id
        for i, section in enumerate(pack.sections):
            act_id = section.act or default_act
            where = f"sections[{i}] ({act_id} {section.section})"
            if not act_id:
                _fail(path, where, "names no act", "add act: ID to the entry or an act block to the pack")
            self._claim(path, seen, ("section", (act_id, section.section)), where)
            self.sections[(act_id, section.section)] = cited(section).model_copy(update={"act": act_id})
            entries.append(section)
        for tag, words in pack.purpose_words.items():
            self.purpose_words[tag] = tuple(w.lower() for w in words)
        for i, line in enumerate(pack.helplines):
            key = number_key(line.number)
            self._claim(path, seen, ("helpline", key), f"helplines[{i}] ({line.number})")
            self.helplines[key] = cited(line)
            entries.append(line)
        for i, org in enumerate(pack.organisations):
            self._claim(path, seen, ("organisation", org.name.lower()), f"organisations[{i}] ({org.name})")
            self.organisations[org.name.lower()] = cited(org)
            entries.append(org)
        if pack.neutral is not None:
            self.neutral = pack.neutral
            entries.append(pack.neutral)
        for i, offence in enumerate(pack.offences):
            key = label_key_str(offence.risk_type)
            self._claim(path, seen, ("risk_type", key), f"offences[{i}] ({offence.risk_type})")
            self.offences[key] = offence
            entries.append(offence)
        for kind, patterns, into in (("placeholders", pack.placeholders, self.placeholders), ("pii", pack.pii, self.pii)):
            for i, p in enumerate(patterns):
                self._claim(path, seen, (kind, p.name), f"{kind}[{i}] ({p.name})")
                into[p.name] = Pattern(name=p.name, check=p.check, regex=p.regex, message=p.message, suggestion=p.suggestion,
                                       source=cited(p).source, verified=p.verified, validate=p.digits, exclude=p.exclude,
                                       requires=p.requires)
                entries.append(p)
        if pack.phones is not None:
            self.phones.update(pack.phones.model_dump(exclude_unset=True))
            entries.append(pack.phones)
        self.packs.append(PackInfo(str(path), kinds, len(entries), sum(1 for e in entries if e.verified)))

    def _claim(self, path: Path, seen: set[tuple[str, Any]], key: tuple[str, Any], where: str) -> None:
        """Two entries with one key in one folder is a mistake; across folders the later wins."""
        if key in seen:
            _fail(path, where, f"repeats {key[0]} {key[1]!r} (also in {self.where[key]})", "keep one entry per key in a folder")
        seen.add(key)
        self.where[key] = str(path)

    # the registry --------------------------------------------------------------------------------
    def registry(self) -> Registry:
        self._check_references()
        acts = self._acts_frame()
        alias_rows = [(alias, act_id) for act_id, act in self.acts.items() for alias in [*act.aliases, act.name, act_id]]
        aliases = (
            pl.DataFrame({"alias": [a for a, _ in alias_rows], "act": [b for _, b in alias_rows]})
            .with_columns(act_key(pl.col("alias")).alias("key"))
            .filter(pl.col("key") != "")
            .unique(["key", "act"], keep="first", maintain_order=True)
        )
        clash = aliases.group_by("key").agg(pl.col("act").unique()).filter(pl.col("act").list.len() > 1)
        if clash.height:
            key, acts_of = clash.row(0)
            raise CurateError(f"rule packs: the act name {key!r} is an alias of more than one act ({', '.join(sorted(acts_of))}); keep it on one act.")
        return Registry(
            acts=acts,
            aliases=aliases.select("key", "act"),
            sections=self._sections_frame(),
            helplines=self._helplines_frame(),
            organisations=pl.DataFrame(
                [e.model_dump() for e in self.organisations.values()],
                schema={"name": pl.String, "aliases": pl.List(pl.String), "scope": pl.String, "source": pl.String,
                        "verified": pl.Boolean, "note": pl.String}),
            purpose_words=dict(self.purpose_words),
            offences=self._offences_frame(),
            risk_types={k: v.risk_type for k, v in self.offences.items()},
            suggestions=self._suggestions(),
            placeholders=tuple(self.placeholders.values()),
            pii=tuple(self.pii.values()),
            phones=self._phone_rules(),
            packs=tuple(self.packs),
            alias_forms=tuple(a for act in self.acts.values() for a in act.aliases),
        )

    def _check_references(self) -> None:
        for act in self.acts.values():
            if act.replaced_by and act.replaced_by not in self.acts:
                raise CurateError(f"rule pack {self.where[('act', act.id)]}: act {act.id!r} is replaced_by {act.replaced_by!r}, which no pack defines; define that act or fix the id.")
        for (act_id, section), entry in self.sections.items():
            pack = self.where[("section", (act_id, section))]
            if act_id not in self.acts:
                raise CurateError(f"rule pack {pack}: section {act_id} {section} belongs to act {act_id!r}, which no pack defines; add the act or fix the id.")
            for ref in entry.replaced_by:
                if _REFERENCE.match(ref).group(1) not in self.acts:
                    raise CurateError(f"rule pack {pack}: section {act_id} {section} is replaced_by {ref!r}, an act no pack defines; fix the reference.")
        tags = set(self.purpose_words)
        for key, entry in self.helplines.items():
            unknown = sorted(set(entry.purposes) - tags)
            if unknown:
                raise CurateError(f"rule pack {self.where[('helpline', key)]}: helpline {entry.number} has purposes {unknown} that purpose_words does not define; add them or fix the tag.")
        for key, entry in self.offences.items():
            pack = self.where[("risk_type", key)]
            if entry.same_as is not None and label_key_str(entry.same_as) not in self.offences:
                raise CurateError(f"rule pack {pack}: risk type {entry.risk_type!r} is same_as {entry.same_as!r}, which no pack defines; fix the name.")
            for ref in entry.fits + entry.suggest:
                if _REFERENCE.match(ref).group(1) not in self.acts:
                    raise CurateError(f"rule pack {pack}: risk type {entry.risk_type!r} names {ref!r}, an act no pack defines; use a defined act id.")

    def _acts_frame(self) -> pl.DataFrame:
        rows = [{**act.model_dump(mode="json"), "act": act.id, "short": _short_name(act),
                 "total_verified": act.verified if act.total_verified is None else act.total_verified}
                for act in self.acts.values()]
        return pl.DataFrame(rows, schema={
            "act": pl.String, "name": pl.String, "short": pl.String, "aliases": pl.List(pl.String), "year": pl.Int64,
            "status": pl.String, "repealed_on": pl.String, "replaced_by": pl.String, "sections_total": pl.Int64,
            "total_verified": pl.Boolean, "lettered": pl.String, "lettered_complete_for": pl.List(pl.String),
            "listing": pl.String, "procedural": pl.Boolean,
            "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        })

    def _sections_frame(self) -> pl.DataFrame:
        rows = [{**e.model_dump(), **dict(zip(("number", "suffix"), _SECTION.match(e.section).groups()))}
                for e in self.sections.values()]
        return pl.DataFrame(rows, schema={
            "act": pl.String, "section": pl.String, "number": pl.String, "suffix": pl.String, "title": pl.String,
            "aliases": pl.List(pl.String), "status": pl.String, "replaced_by": pl.List(pl.String),
            "suggestion": pl.String, "struck_down_by": pl.String, "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        }).with_columns(pl.col("number").cast(pl.Int64))

    def _helplines_frame(self) -> pl.DataFrame:
        rows = [{**e.model_dump(), "key": key} for key, e in self.helplines.items()]
        return pl.DataFrame(rows, schema={
            "key": pl.String, "number": pl.String, "name": pl.String, "operator": pl.String,
            "purposes": pl.List(pl.String), "orgs": pl.List(pl.String), "status": pl.String, "replaced_by": pl.String,
            "correct": pl.String, "scope": pl.String, "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        })

    def _offences_frame(self) -> pl.DataFrame:
        rows = []
        for key in self.offences:
            for ref in self._resolve_offence(key).fits:
                rows.append({"risk_key": key, **_reference_parts(ref), "neutral": False})
        for ref in self.neutral.fits if self.neutral else ():
            rows.append({"risk_key": None, **_reference_parts(ref), "neutral": True})
        return pl.DataFrame(rows, schema={"risk_key": pl.String, "act": pl.String, "section": pl.String,
                                          "lo": pl.Int64, "hi": pl.Int64, "neutral": pl.Boolean})

    def _resolve_offence(self, key: str, depth: int = 0) -> Offence:
        entry = self.offences[key]
        if entry.same_as is None:
            return entry
        if depth > 5:
            raise CurateError(f"rule pack {self.where[('risk_type', key)]}: risk type {entry.risk_type!r} has a same_as cycle; point it at a risk type with its own fits.")
        return self._resolve_offence(label_key_str(entry.same_as), depth + 1)

    def _suggestions(self) -> dict[str, tuple[str, ...]]:
        return {key: tuple(self._resolve_offence(key).suggest) for key in self.offences}

    def _phone_rules(self) -> PhoneRules:
        p = self.phones
        if not p.get("full"):
            raise CurateError("rule packs define no `phones` block (the built-in patterns.yaml has one); restore it.")
        words = {k: tuple(w.lower() for w in p.get(k, ())) for k in ("helpline_words", "call_words", "not_before", "not_after")}
        # organisation words keep their case: "Trust" ends a name, "trust" is a verb
        return PhoneRules(full=p["full"], **words, organisation_words=tuple(p.get("organisation_words", ())))


_E = TypeVar("_E", bound=_Entry)


def _fail(path: Path, where: str, what: str, fix: str) -> None:
    raise CurateError(f"rule pack {path}: {where} {what}; {fix}.")


def _short_name(act: Act) -> str:
    """How suggestions name the act: its first alias ('BNS', 'IT Act', 'POSH Act')."""
    return act.aliases[0]


def _reference_parts(ref: str) -> dict[str, Any]:
    """'BNS 78' -> act BNS, section 78; 'BNS 1-62' -> a range; 'POSH' -> the whole act."""
    act, section, hi, _sub = _REFERENCE.match(ref).groups()
    if hi is not None:
        return {"act": act, "section": None, "lo": int(re.match(r"\d+", section).group(0)), "hi": int(hi)}
    return {"act": act, "section": section, "lo": None, "hi": None}
