"""One validation layer for the YAML files users edit: each kind of file is a pydantic model
(`FileModel`: unknown fields refused, allowed values as `Literal` types, limits as `Field(...)`,
checks of one value as `matches(...)` or other validators), and `validated(Model, data, where)`
returns the model or raises one CurateError sentence naming the file, the entry, the field and
what is allowed:

    rule pack mine.yaml: helplines[0] (1555) status is 'open'; use one of active, legacy, ...
    rule pack mine.yaml: organisations[0] (Our NGO) has no source; add source: a citable document ...
    recipe mine.yaml: training has an unknown field 'lrr'; use lr, scheduler, warmup_ratio, ...
    profile file mine.yaml: columns.label.dtype is 'text'; use one of str, string, int, float, bool.

An entry is named by its path in the file, with its id (`id`, `number`, `section`, `risk_type`
or `name`) in brackets. A validator's ValueError says how to fix one value ("write the section
as a number, ...") or, raised by a model validator, what is wrong with the entry and how to fix it
("is repealed but names no replaced_by act; add replaced_by: ACT_ID").

Rule packs (`curation.verify.registry`), training recipes (`curation.training.recipe`) and
profile files (`curation.profile.load_profile_file`) use it.
"""

from __future__ import annotations

import datetime
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError

from curation.errors import CurateError

M = TypeVar("M", bound=BaseModel)
# The fields that name an entry in a message, first found first: "helplines[3] (1098)".
ENTRY_KEYS = ("id", "number", "section", "risk_type", "name")
# libyaml's loader when available: the BNS pack alone takes ~1 s with the pure-Python one.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FileModel(BaseModel):
    """A mapping of a user-edited file: unknown fields are mistakes; `181` where text is expected
    is the text '181' (YAML reads unquoted numbers as numbers)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


def read_yaml(path: Path, what: str) -> Any:
    """The parsed YAML of `path` (a `what`: 'rule pack', 'recipe'), or one sentence saying why not."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except FileNotFoundError:
        raise CurateError(f"{what} {path} does not exist; check the path.") from None
    except IsADirectoryError:
        raise CurateError(f"{what} {path} is a folder; pass the path of a .yaml file.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CurateError(f"{what} {path} is not valid YAML ({problem}{at}); fix the file.") from None
    except UnicodeDecodeError:
        raise CurateError(f"{what} {path} is not UTF-8 text; save it as UTF-8.") from None


def validated(model: type[M], data: Any, where: str) -> M:
    """`data` as `model`, or a CurateError naming `where` (the file), the entry and the field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CurateError(explain(exc, data, where, model)) from None


def matches(pattern: str, fix: str) -> AfterValidator:
    """A check that a text matches `pattern` (from its start); `fix` says how to write it."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(fix)
        return value

    return AfterValidator(check)


def choices(annotation: Any) -> tuple[Any, ...]:
    """The values a `Literal[...]` type (or an optional one) allows: what a click.Choice offers."""
    return tuple(v for member in _members(annotation) if get_origin(member) is Literal for v in get_args(member))


# -- the sentence ---------------------------------------------------------------------------------

_LIMITS = {
    "greater_than": "it must be greater than {gt}",
    "greater_than_equal": "it must be at least {ge}",
    "less_than": "it must be less than {lt}",
    "less_than_equal": "it must be at most {le}",
}


def explain(exc: ValidationError, data: Any, where: str, model: type[BaseModel]) -> str:
    """The first error of `exc` as one sentence: where, which entry and field, what is allowed."""
    error = exc.errors(include_url=False)[0]
    steps = _resolve(model, data, error["loc"])
    last = steps[-1] if steps else None
    entry = _render(steps[:-1])
    at = f"{where}: {entry}" if entry else where
    kind, ctx = error["type"], error.get("ctx") or {}
    if not steps and kind == "model_type":  # the file itself is empty, a list or a text
        needed = [f"{info.alias or name} ({info.description})" if info.description else info.alias or name
                  for name, info in model.model_fields.items() if info.is_required()]
        found = "empty" if data is None else _show(data)
        return f"{where} is {found}; write a mapping" + (f" with at least {' and '.join(needed)}." if needed else " (key: value).")
    if kind == "missing" and last and isinstance(last.key, int):  # a tuple too short: the tuple is wrong
        steps, last = steps[:-1], steps[-2]
    elif kind == "missing" and last:
        info = last.parent.model_fields.get(last.field) if last.parent else None
        hint = info.description if info and info.description else _kind(last.annotation)
        return f"{at} has no {last.key}; add {last.key}: {hint}."
    if kind == "extra_forbidden" and last:
        known = [info.alias or name for name, info in last.parent.model_fields.items()] if last.parent else []
        return f"{at} has an unknown field {last.key!r}; use {', '.join(known)}."
    if error["loc"][-1:] == ("[key]",) and last and choices(last.annotation):
        return f"{at} has an unknown key {last.key!r}; use {', '.join(map(str, choices(last.annotation)))}."
    place = _render(steps)
    value = _show(last.value if last and last.found else error.get("input"))
    subject = f"{where}: {place} is {value}" if place else f"{where} is {value}"
    annotation = last.annotation if last else model
    if kind in ("value_error", "assertion_error"):
        reason = str(ctx.get("error", error["msg"]))
        if _is_model(annotation) and isinstance(last.value if last else data, Mapping):
            return f"{where}: {place} {reason}." if place else f"{where} {reason}."  # the entry as a whole
        return f"{subject}; {reason}."
    if kind in _LIMITS:
        limits = {k: f"{v:g}" if isinstance(v, float) else v for k, v in ctx.items()}
        return f"{subject}; {_LIMITS[kind].format(**limits)}."
    if kind in ("too_short", "string_too_short"):
        least = ctx.get("min_length", 1)
        return f"{subject}; it must not be empty." if least == 1 else f"{subject}; it needs at least {least}."
    allowed = choices(annotation)
    if allowed:
        return f"{subject}; use one of {', '.join(map(str, allowed))}."
    return f"{subject}; write {_kind(annotation)}."


@dataclass(frozen=True)
class _Step:
    key: str | int  # as in the file: a field name or a list index
    field: str | None  # the model's name for the field (differs from `key` under an alias)
    annotation: Any  # the type expected there
    parent: type[BaseModel] | None  # the model that holds the field
    value: Any  # what the file has there
    found: bool  # whether the file has anything there


def _resolve(model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> list[_Step]:
    """Follow an error's location through the model and the data, dropping pydantic's union tags."""
    steps: list[_Step] = []
    annotation, value = model, data
    key_annotation: Any = Any  # the key type of the last mapping passed
    for key in loc:
        if key == "[key]" and steps:  # a mapping's key is wrong, not its value
            steps[-1] = replace(steps[-1], annotation=key_annotation, value=steps[-1].key, found=True)
            continue
        members = _members(annotation)
        if isinstance(key, int):
            sequence = next((m for m in members if get_origin(m) in (list, tuple)), None)
            annotation = get_args(sequence)[0] if sequence is not None and get_args(sequence) else Any
            found = isinstance(value, list) and 0 <= key < len(value)
            value = value[key] if found else None
            steps.append(_Step(key, None, annotation, None, value, found))
            continue
        found = isinstance(value, Mapping) and key in value
        holder = next((m for m in members if _is_model(m) and key in _fields(m)), None)
        if holder is None and not found:  # a union tag such as 'list[str]' or 'Act': no place in the file
            annotation = next((m for m in members if key in (getattr(m, "__name__", None), str(m))), annotation)
            continue
        parent = holder or next((m for m in members if _is_model(m)), None)
        name = _fields(holder).get(key) if holder else None
        mapping = next((m for m in members if get_origin(m) in (dict, Mapping)), None)
        if name is not None:
            annotation = holder.model_fields[name].annotation
        elif mapping is not None:
            key_annotation, annotation = get_args(mapping) or (Any, Any)
        else:
            annotation = Any
        value = value[key] if found else None
        steps.append(_Step(key, name, annotation, parent, value, found))
    return steps


def _render(steps: list[_Step]) -> str:
    """'helplines[0] (1555) status', 'training.lr', 'act (BNS)': a path, each entry with its id."""
    text, labelled = "", False
    for i, step in enumerate(steps):
        if isinstance(step.key, int):
            text += f"[{step.key}]"
        else:
            text += (" " if labelled else "." if text else "") + step.key
        labelled = False
        following = steps[i + 1].key if i + 1 < len(steps) else None
        ident = next((k for k in ENTRY_KEYS if _is_model(step.annotation) and isinstance(step.value, Mapping) and k in step.value), None)
        if ident is not None and following != ident:
            text += f" ({_short(str(step.value[ident]))})"
            labelled = True
    return text


def _fields(model: type[BaseModel]) -> dict[str, str]:
    """A model's fields as the file writes them (their alias, if any) -> their names."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def _strip(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> tuple[Any, ...]:
    """A union's types (without None), or the one type."""
    annotation = _strip(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        return tuple(m for a in get_args(annotation) if a is not type(None) for m in _members(a))
    return (annotation,)


def _is_model(annotation: Any) -> bool:
    return any(isinstance(m, type) and issubclass(m, BaseModel) for m in _members(annotation))


_KINDS: dict[Any, str] = {bool: "true or false", int: "a whole number", float: "a number", str: "text",
                          datetime.date: "a date (YYYY-MM-DD)"}


def _kind(annotation: Any) -> str:
    """What a value of this type looks like in YAML: 'a whole number', 'a list or text'."""
    kinds: list[str] = []
    for member in _members(annotation):
        origin = get_origin(member)
        if origin is Literal:
            kind = "one of " + ", ".join(map(str, get_args(member)))
        elif member in _KINDS:
            kind = _KINDS[member]
        elif origin is tuple and get_args(member) and ... not in get_args(member):
            kind = f"a list of {len(get_args(member))} values"
        elif origin in (list, tuple) or member in (list, tuple):
            kind = "a list"
        elif origin in (dict, Mapping) or member is dict or _is_model(member):
            kind = "a mapping (key: value)"
        else:
            kind = "a value"
        if kind not in kinds:
            kinds.append(kind)
    return " or ".join(kinds)


def _show(value: Any) -> str:
    """A value as YAML writes it, cut short: null, true, 'open', [1, 2]."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return _short(repr(value))


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

