"""The rule registry: the built-in YAML packs in `curation.rules`, plus `--rules DIR` folders whose
entries add to or override them, loaded into polars frames the checks join against.

A pack is a YAML mapping with any of these keys (see the built-in packs for examples):
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
`id` extends that act's sections. A pack that breaks these rules is a CurateError naming the file
and the entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import phonenumbers
import polars as pl
import yaml

from curation.errors import CurateError
from curation.text import label_key_str
from curation.findings import check_family

ACT_STATUSES = ("in_force", "repealed")
SECTION_STATUSES = ("in_force", "struck_down", "repealed", "omitted")
LETTERED = ("none", "listed", "unknown")
LISTINGS = ("complete", "partial")
# discontinued: a source says the line is no longer in service; superseded / temporary: a source
# says it was replaced, or was announced as temporary (it may still answer); unknown: no source on
# its current status; misprint: a known wrong printing of another number.
HELPLINE_STATUSES = ("active", "legacy", "superseded", "temporary", "discontinued", "unknown", "misprint")
VALIDATORS = (None, "verhoeff")
_SECTION = re.compile(r"^(\d{1,3})([A-Z]{0,3})$")
_REFERENCE = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\s+(\d{1,3}[A-Z]{0,3})(?:\s*-\s*(\d{1,3}))?((?:\(\w{1,4}\))*))?$")
_ACT_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
# libyaml's loader when available: the BNS pack alone takes ~1 s with the pure-Python one.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KNOWN_KEYS = {"sources", "act", "acts", "sections", "helplines", "organisations", "purpose_words", "offences", "neutral",
               "placeholders", "pii", "phones"}

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
            data = _read_builtin(str(file)) if folder == _builtin_dir() else _read_yaml(file)
            acc.add_pack(file, data, seen)
    return acc.registry()


@functools.lru_cache(maxsize=64)
def _read_builtin(path: str) -> Mapping[str, Any]:
    """The built-in packs never change while a process runs: parse each once."""
    return _read_yaml(Path(path))


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise CurateError(f"rule pack {path} is not valid YAML ({str(exc).splitlines()[0]}); fix the file.") from None
    except UnicodeDecodeError:
        raise CurateError(f"rule pack {path} is not UTF-8 text; save it as UTF-8.") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CurateError(f"rule pack {path} must be a YAML mapping (keys such as act, sections, helplines); fix the file.")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise CurateError(f"rule pack {path} has unknown top-level keys {unknown}; use {sorted(_KNOWN_KEYS)}.")
    return data


class _Accumulator:
    """Collects entries pack by pack (later ones override), then builds the Registry's frames."""

    def __init__(self) -> None:
        self.acts: dict[str, dict[str, Any]] = {}
        self.sections: dict[tuple[str, str], dict[str, Any]] = {}
        self.helplines: dict[str, dict[str, Any]] = {}
        self.organisations: dict[str, dict[str, Any]] = {}
        self.purpose_words: dict[str, tuple[str, ...]] = {}
        self.offences: dict[str, dict[str, Any]] = {}
        self.neutral: dict[str, Any] | None = None
        self.placeholders: dict[str, Pattern] = {}
        self.pii: dict[str, Pattern] = {}
        self.phones: dict[str, Any] = {}
        self.packs: list[PackInfo] = []
        self.where: dict[tuple[str, Any], str] = {}  # entry key -> the pack that defined it (for errors)

    # one pack ------------------------------------------------------------------------------------
    def add_pack(self, path: Path, data: Mapping[str, Any], seen: set[tuple[str, Any]]) -> None:
        pack = _Pack(path, data.get("sources") or {})
        entries: list[Mapping[str, Any]] = []
        default_act = None
        act_blocks = []
        if "act" in data:
            act_blocks.append(pack.mapping(data["act"], "act"))
            default_act = act_blocks[0].get("id")
        act_blocks += [pack.mapping(a, f"acts[{i}]") for i, a in enumerate(pack.listing(data.get("acts"), "acts"))]
        for block in act_blocks:
            act_id = self._add_act(pack, block, seen)
            if len(block) > 1:
                entries.append(block)
            default_act = default_act or act_id
        for i, raw in enumerate(pack.listing(data.get("sections"), "sections")):
            entries.append(self._add_section(pack, pack.mapping(raw, f"sections[{i}]"), i, default_act, seen))
        if "purpose_words" in data:
            for tag, words in pack.mapping(data["purpose_words"], "purpose_words").items():
                self.purpose_words[str(tag)] = tuple(str(w).lower() for w in pack.listing(words, f"purpose_words.{tag}"))
        for i, raw in enumerate(pack.listing(data.get("helplines"), "helplines")):
            entries.append(self._add_helpline(pack, pack.mapping(raw, f"helplines[{i}]"), i, seen))
        for i, raw in enumerate(pack.listing(data.get("organisations"), "organisations")):
            entries.append(self._add_organisation(pack, pack.mapping(raw, f"organisations[{i}]"), i, seen))
        if "neutral" in data:
            neutral = pack.mapping(data["neutral"], "neutral")
            pack.provenance(neutral, "neutral")
            self.neutral = {**neutral, "fits": [str(f) for f in pack.listing(neutral.get("fits"), "neutral.fits")]}
            entries.append(neutral)
        for i, raw in enumerate(pack.listing(data.get("offences"), "offences")):
            entries.append(self._add_offence(pack, pack.mapping(raw, f"offences[{i}]"), i, seen))
        for kind in ("placeholders", "pii"):
            for i, raw in enumerate(pack.listing(data.get(kind), kind)):
                entries.append(self._add_pattern(pack, kind, pack.mapping(raw, f"{kind}[{i}]"), i, seen))
        if "phones" in data:
            phones = pack.mapping(data["phones"], "phones")
            pack.provenance(phones, "phones")
            if "full" in phones:
                pack.regex(phones["full"], "phones.full")
            self.phones.update(phones)
            entries.append(phones)
        kinds = tuple(k for k in data if k != "sources")
        self.packs.append(PackInfo(str(path), kinds, len(entries), sum(1 for e in entries if e.get("verified") is True)))

    def _claim(self, pack: _Pack, seen: set[tuple[str, Any]], key: tuple[str, Any], where: str) -> None:
        """Two entries with one key in one folder is a mistake; across folders the later wins."""
        if key in seen:
            pack.fail(where, f"repeats {key[0]} {key[1]!r} (also in {self.where[key]})", "keep one entry per key in a folder")
        seen.add(key)
        self.where[key] = str(pack.path)

    def _add_act(self, pack: _Pack, block: Mapping[str, Any], seen: set[tuple[str, Any]]) -> str:
        act_id = pack.text(block, "id", "act")
        if not _ACT_ID.match(act_id):
            pack.fail(f"act {act_id!r}", "has an invalid id", "use capital letters, digits and _ (e.g. BNS, IT)")
        if len(block) == 1:  # only an id: this pack extends an existing act's sections
            if act_id not in self.acts:
                pack.fail(f"act {act_id!r}", "extends an act no pack defines", "define the act in full (name, aliases, status, source, verified)")
            return act_id
        self._claim(pack, seen, ("act", act_id), f"act {act_id!r}")
        where = f"act {act_id!r}"
        pack.provenance(block, where)
        act = {**self.acts.get(act_id, {}), **block}
        act["id"] = act_id
        act["name"] = pack.text(act, "name", where)
        act["aliases"] = [str(a) for a in pack.listing(act.get("aliases"), f"{where}.aliases")]
        if not act["aliases"]:
            pack.fail(where, "has no aliases", "list the names it is cited by, e.g. aliases: [BNS, Bharatiya Nyaya Sanhita]")
        act["status"] = pack.choice(act, "status", ACT_STATUSES, where, default="in_force")
        act["lettered"] = pack.choice(act, "lettered", LETTERED, where, default="unknown")
        act["listing"] = pack.choice(act, "listing", LISTINGS, where, default="partial")
        total = act.get("sections_total")
        if total is not None and (not isinstance(total, int) or total < 1):
            pack.fail(where, f"has sections_total {total!r}", "write a positive whole number or leave it out")
        if act["status"] == "repealed" and not act.get("replaced_by"):
            pack.fail(where, "is repealed but names no replaced_by act", "add replaced_by: ACT_ID")
        act["lettered_complete_for"] = [str(n) for n in pack.listing(act.get("lettered_complete_for"), f"{where}.lettered_complete_for")]
        if act["lettered_complete_for"] and not act.get("lettered_complete_source"):
            pack.fail(where, "lists lettered_complete_for without lettered_complete_source", "name the source that shows the series is complete")
        act["source"] = pack.source(act, where)
        self.acts[act_id] = act
        return act_id

    def _add_section(self, pack: _Pack, raw: Mapping[str, Any], i: int, default_act: str | None,
                     seen: set[tuple[str, Any]]) -> Mapping[str, Any]:
        act_id = str(raw.get("act") or default_act or "")
        section = str(raw.get("section", "")).strip().upper().replace(" ", "")
        where = f"sections[{i}] ({act_id} {section})"
        if not act_id:
            pack.fail(where, "names no act", "add act: ID to the entry or an act block to the pack")
        if not _SECTION.match(section):
            pack.fail(where, f"has section {raw.get('section')!r}", "write the section as a number with an optional letter suffix, e.g. \"78\" or \"66E\"")
        self._claim(pack, seen, ("section", (act_id, section)), where)
        pack.provenance(raw, where)
        entry = dict(raw)
        entry.update(act=act_id, section=section, source=pack.source(raw, where))
        entry["status"] = pack.choice(raw, "status", SECTION_STATUSES, where, default="in_force")
        entry["aliases"] = [str(a) for a in pack.listing(raw.get("aliases"), f"{where}.aliases")]
        entry["replaced_by"] = [str(r) for r in pack.listing(raw.get("replaced_by"), f"{where}.replaced_by")]
        for ref in entry["replaced_by"]:
            if not _REFERENCE.match(ref):
                pack.fail(where, f"has replaced_by {ref!r}", "write each replacement as 'ACT SECTION', e.g. 'BNS 85' or 'BNS 308(2)'")
        entry["_pack"] = str(pack.path)
        self.sections[(act_id, section)] = entry
        return entry

    def _add_helpline(self, pack: _Pack, raw: Mapping[str, Any], i: int, seen: set[tuple[str, Any]]) -> Mapping[str, Any]:
        number = str(raw.get("number", "")).strip()
        where = f"helplines[{i}] ({number})"
        key = number_key(number)
        if key is None:
            pack.fail(where, "has no digits in its number", "write the number, e.g. number: \"181\"")
        self._claim(pack, seen, ("helpline", key), where)
        pack.provenance(raw, where)
        entry = dict(raw)
        entry.update(number=number, key=key, source=pack.source(raw, where))
        entry["name"] = pack.text(raw, "name", where)
        entry["status"] = pack.choice(raw, "status", HELPLINE_STATUSES, where, default="active")
        entry["purposes"] = [str(p) for p in pack.listing(raw.get("purposes"), f"{where}.purposes")]
        entry["orgs"] = [str(o) for o in pack.listing(raw.get("orgs"), f"{where}.orgs")]
        if entry["status"] == "misprint" and not raw.get("correct"):
            pack.fail(where, "is a misprint but names no correct number", "add correct: \"NUMBER\"")
        entry["_pack"] = str(pack.path)
        self.helplines[key] = entry
        return entry

    def _add_organisation(self, pack: _Pack, raw: Mapping[str, Any], i: int, seen: set[tuple[str, Any]]) -> Mapping[str, Any]:
        name = pack.text(raw, "name", f"organisations[{i}]")
        where = f"organisations[{i}] ({name})"
        self._claim(pack, seen, ("organisation", name.lower()), where)
        pack.provenance(raw, where)
        entry = {**raw, "name": name, "source": pack.source(raw, where), "_pack": str(pack.path)}
        entry["aliases"] = [str(a) for a in pack.listing(raw.get("aliases"), f"{where}.aliases")]
        self.organisations[name.lower()] = entry
        return entry

    def _add_offence(self, pack: _Pack, raw: Mapping[str, Any], i: int, seen: set[tuple[str, Any]]) -> Mapping[str, Any]:
        risk = pack.text(raw, "risk_type", f"offences[{i}]")
        where = f"offences[{i}] ({risk})"
        self._claim(pack, seen, ("risk_type", label_key_str(risk)), where)
        pack.provenance(raw, where)
        entry = dict(raw)
        if "same_as" not in raw:
            entry["fits"] = [str(f) for f in pack.listing(raw.get("fits"), f"{where}.fits")]
            entry["suggest"] = [str(s) for s in pack.listing(raw.get("suggest"), f"{where}.suggest")]
            if not entry["fits"]:
                pack.fail(where, "lists nothing that fits", "add fits: [\"BNS 78\", ...] or same_as: OTHER_RISK_TYPE")
        entry["_pack"] = str(pack.path)
        self.offences[label_key_str(risk)] = entry
        return entry

    def _add_pattern(self, pack: _Pack, kind: str, raw: Mapping[str, Any], i: int, seen: set[tuple[str, Any]]) -> Mapping[str, Any]:
        name = pack.text(raw, "name", f"{kind}[{i}]")
        where = f"{kind}[{i}] ({name})"
        self._claim(pack, seen, (kind, name), where)
        pack.provenance(raw, where)
        check = pack.text(raw, "check", where)
        family = "placeholder" if kind == "placeholders" else "pii"
        try:
            ok = check_family(check).split(".")[0] == family
        except KeyError:
            ok = False
        if not ok:
            pack.fail(where, f"has check {check!r}", f"use a {family} check name from curation/findings.py CHECKS (e.g. {family}{'.slot' if family == 'placeholder' else '.email'})")
        validate = raw.get("validate")
        if validate not in VALIDATORS:
            pack.fail(where, f"has validate {validate!r}", f"use one of {[v for v in VALIDATORS if v]} or leave it out")
        pattern = Pattern(
            name=name, check=check, regex=pack.regex(raw.get("regex"), where), message=pack.text(raw, "message", where),
            suggestion=raw.get("suggestion"), source=pack.source(raw, where), verified=bool(raw["verified"]),
            validate=validate, exclude=pack.regex(raw["exclude"], where) if raw.get("exclude") else None,
            requires=pack.regex(raw["requires"], where) if raw.get("requires") else None,
        )
        (self.placeholders if kind == "placeholders" else self.pii)[name] = pattern
        return raw

    # the registry --------------------------------------------------------------------------------
    def registry(self) -> Registry:
        self._check_references()
        acts = self._acts_frame()
        alias_rows = [(alias, act_id) for act_id, act in self.acts.items() for alias in [*act["aliases"], act["name"], act_id]]
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
                [{"name": e["name"], "aliases": e["aliases"], "scope": e.get("scope"), "source": e["source"],
                  "verified": bool(e["verified"]), "note": e.get("note")} for e in self.organisations.values()],
                schema={"name": pl.String, "aliases": pl.List(pl.String), "scope": pl.String, "source": pl.String,
                        "verified": pl.Boolean, "note": pl.String}),
            purpose_words=dict(self.purpose_words),
            offences=self._offences_frame(),
            risk_types={k: str(v["risk_type"]) for k, v in self.offences.items()},
            suggestions=self._suggestions(),
            placeholders=tuple(self.placeholders.values()),
            pii=tuple(self.pii.values()),
            phones=self._phone_rules(),
            packs=tuple(self.packs),
            alias_forms=tuple(a for act in self.acts.values() for a in act["aliases"]),
        )

    def _check_references(self) -> None:
        for act in self.acts.values():
            if act.get("replaced_by") and act["replaced_by"] not in self.acts:
                raise CurateError(f"rule pack: act {act['id']!r} is replaced_by {act['replaced_by']!r}, which no pack defines; define that act or fix the id.")
        for (act_id, section), entry in self.sections.items():
            if act_id not in self.acts:
                raise CurateError(f"rule pack {entry['_pack']}: section {act_id} {section} belongs to act {act_id!r}, which no pack defines; add the act or fix the id.")
            for ref in entry["replaced_by"]:
                if _REFERENCE.match(ref).group(1) not in self.acts:
                    raise CurateError(f"rule pack {entry['_pack']}: section {act_id} {section} is replaced_by {ref!r}, an act no pack defines; fix the reference.")
        tags = set(self.purpose_words)
        for entry in self.helplines.values():
            unknown = sorted(set(entry["purposes"]) - tags)
            if unknown:
                raise CurateError(f"rule pack {entry['_pack']}: helpline {entry['number']} has purposes {unknown} that purpose_words does not define; add them or fix the tag.")
        for key, entry in self.offences.items():
            target = entry.get("same_as")
            if target is not None and label_key_str(str(target)) not in self.offences:
                raise CurateError(f"rule pack {entry['_pack']}: risk type {entry['risk_type']!r} is same_as {target!r}, which no pack defines; fix the name.")
            for ref in entry.get("fits", []) + entry.get("suggest", []):
                match = _REFERENCE.match(ref)
                if not match or match.group(1) not in self.acts:
                    raise CurateError(f"rule pack {entry['_pack']}: risk type {entry['risk_type']!r} names {ref!r}; write 'ACT', 'ACT SECTION' or 'ACT A-B' with a defined act id.")

    def _acts_frame(self) -> pl.DataFrame:
        rows = []
        for act in self.acts.values():
            rows.append({
                "act": act["id"], "name": act["name"], "short": _short_name(act), "aliases": act["aliases"],
                "year": act.get("year"), "status": act["status"],
                "repealed_on": str(act["repealed_on"]) if act.get("repealed_on") else None,
                "replaced_by": act.get("replaced_by"), "sections_total": act.get("sections_total"),
                "total_verified": bool(act.get("total_verified", act["verified"])),
                "lettered": act["lettered"], "lettered_complete_for": act["lettered_complete_for"],
                "listing": act["listing"], "procedural": bool(act.get("procedural", False)),
                "source": act["source"], "verified": bool(act["verified"]), "note": act.get("note"),
            })
        return pl.DataFrame(rows, schema={
            "act": pl.String, "name": pl.String, "short": pl.String, "aliases": pl.List(pl.String), "year": pl.Int64,
            "status": pl.String, "repealed_on": pl.String, "replaced_by": pl.String, "sections_total": pl.Int64,
            "total_verified": pl.Boolean, "lettered": pl.String, "lettered_complete_for": pl.List(pl.String),
            "listing": pl.String, "procedural": pl.Boolean,
            "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        })

    def _sections_frame(self) -> pl.DataFrame:
        rows = []
        for (act_id, section), e in self.sections.items():
            number, suffix = _SECTION.match(section).groups()
            rows.append({
                "act": act_id, "section": section, "number": int(number), "suffix": suffix,
                "title": e.get("title"), "aliases": e["aliases"], "status": e["status"], "replaced_by": e["replaced_by"],
                "suggestion": e.get("suggestion"), "struck_down_by": e.get("struck_down_by"),
                "source": e["source"], "verified": bool(e["verified"]), "note": e.get("note"),
            })
        return pl.DataFrame(rows, schema={
            "act": pl.String, "section": pl.String, "number": pl.Int64, "suffix": pl.String, "title": pl.String,
            "aliases": pl.List(pl.String), "status": pl.String, "replaced_by": pl.List(pl.String),
            "suggestion": pl.String, "struck_down_by": pl.String, "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        })

    def _helplines_frame(self) -> pl.DataFrame:
        rows = []
        for e in self.helplines.values():
            rows.append({
                "key": e["key"], "number": e["number"], "name": e["name"], "operator": e.get("operator"),
                "purposes": e["purposes"], "orgs": e["orgs"], "status": e["status"],
                "replaced_by": str(e["replaced_by"]) if e.get("replaced_by") else None,
                "correct": str(e["correct"]) if e.get("correct") else None, "scope": e.get("scope"),
                "source": e["source"], "verified": bool(e["verified"]), "note": e.get("note"),
            })
        return pl.DataFrame(rows, schema={
            "key": pl.String, "number": pl.String, "name": pl.String, "operator": pl.String,
            "purposes": pl.List(pl.String), "orgs": pl.List(pl.String), "status": pl.String, "replaced_by": pl.String,
            "correct": pl.String, "scope": pl.String, "source": pl.String, "verified": pl.Boolean, "note": pl.String,
        })

    def _offences_frame(self) -> pl.DataFrame:
        rows = []
        for key in self.offences:
            for ref in self._resolve_offence(key)["fits"]:
                rows.append({"risk_key": key, **_reference_parts(ref), "neutral": False})
        for ref in (self.neutral or {}).get("fits", []):
            rows.append({"risk_key": None, **_reference_parts(ref), "neutral": True})
        return pl.DataFrame(rows, schema={"risk_key": pl.String, "act": pl.String, "section": pl.String,
                                          "lo": pl.Int64, "hi": pl.Int64, "neutral": pl.Boolean})

    def _resolve_offence(self, key: str, depth: int = 0) -> dict[str, Any]:
        entry = self.offences[key]
        if "same_as" not in entry:
            return entry
        if depth > 5:
            raise CurateError(f"rule pack {entry['_pack']}: risk type {entry['risk_type']!r} has a same_as cycle; point it at a risk type with its own fits.")
        return self._resolve_offence(label_key_str(str(entry["same_as"])), depth + 1)

    def _suggestions(self) -> dict[str, tuple[str, ...]]:
        return {key: tuple(self._resolve_offence(key).get("suggest", [])) for key in self.offences}

    def _phone_rules(self) -> PhoneRules:
        p = self.phones
        if "full" not in p:
            raise CurateError("rule packs define no `phones` block (the built-in patterns.yaml has one); restore it.")
        words = {k: tuple(str(w).lower() for w in p.get(k) or ()) for k in ("helpline_words", "call_words", "not_before", "not_after")}
        # organisation words keep their case: "Trust" ends a name, "trust" is a verb
        return PhoneRules(full=str(p["full"]), **words, organisation_words=tuple(str(w) for w in p.get("organisation_words") or ()))


def _short_name(act: Mapping[str, Any]) -> str:
    """How suggestions name the act: its first alias ('BNS', 'IT Act', 'POSH Act')."""
    return str(act["aliases"][0])


def _reference_parts(ref: str) -> dict[str, Any]:
    """'BNS 78' -> act BNS, section 78; 'BNS 1-62' -> a range; 'POSH' -> the whole act."""
    act, section, hi, _sub = _REFERENCE.match(ref).groups()
    if hi is not None:
        return {"act": act, "section": None, "lo": int(re.match(r"\d+", section).group(0)), "hi": int(hi)}
    return {"act": act, "section": section, "lo": None, "hi": None}


class _Pack:
    """One YAML file being read: typed access to its fields, with errors naming file and entry."""

    def __init__(self, path: Path, sources: Any) -> None:
        self.path = path
        if not isinstance(sources, dict):
            self.fail("sources", "is not a mapping", "write sources as KEY: \"citable document\"")
        self.sources = {str(k): str(v) for k, v in sources.items()}

    def fail(self, where: str, what: str, fix: str) -> None:
        raise CurateError(f"rule pack {self.path}: {where} {what}; {fix}.")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "is not a mapping", "write it as key: value pairs")
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, "is not a list", "write it as a YAML list")
        return value

    def text(self, entry: Mapping[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if value is None or not str(value).strip():
            self.fail(where, f"has no {key}", f"add {key}: ...")
        return str(value).strip()

    def choice(self, entry: Mapping[str, Any], key: str, allowed: Iterable[str], where: str, default: str) -> str:
        value = entry.get(key, default)
        if value not in allowed:
            self.fail(where, f"has {key} {value!r}", f"use one of {list(allowed)}")
        return str(value)

    def provenance(self, entry: Mapping[str, Any], where: str) -> None:
        """Every entry says where its facts come from and whether they were checked."""
        if not str(entry.get("source") or "").strip():
            self.fail(where, "has no source", "add source: a citable document (or a key of the pack's sources)")
        if not isinstance(entry.get("verified"), bool):
            self.fail(where, "has no verified: true|false", "add verified: true when the facts were seen in the source, false otherwise")

    def source(self, entry: Mapping[str, Any], where: str) -> str:
        value = str(entry.get("source")).strip()
        return f"{value}: {self.sources[value]}" if value in self.sources else value

    def regex(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value:
            self.fail(where, "has no regex", "add regex: '...'")
        try:
            pl.Series([""], dtype=pl.String).str.contains(value)
        except Exception as exc:  # polars raises ComputeError for a bad pattern
            self.fail(where, f"has a regex polars cannot compile ({str(exc).splitlines()[0][:120]})", "fix the pattern (Rust regex syntax: no look-around)")
        return value
