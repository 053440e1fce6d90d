"""Rendering machinery: option tables drawn for every row at once, templates filled per row,
per-row word choices, pronouns for the first or third person, and the seeded random streams.

Text is assembled per template with one concat of its pieces (numpy draws, polars expressions),
never scanned for tokens row by row."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import polars as pl


def rng_stream(seed: int, stage: int) -> np.random.Generator:
    """An independent stream per stage, so changing one stage leaves the others' draws alone."""
    return np.random.default_rng([seed, stage])


class Table:
    """Option lists keyed by a small integer (a risk type, a severity, ...), flattened so one
    numpy draw picks an option for every row at once."""

    def __init__(self, groups: Sequence[Sequence[str]]):
        self.values = pl.Series([v for g in groups for v in g], dtype=pl.String)
        self.counts = np.array([len(g) for g in groups], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)

    @classmethod
    def flat(cls, options: Sequence[str]) -> Table:
        return cls([options])

    def index(self, rng: np.random.Generator, keys: np.ndarray | int, n: int | None = None) -> np.ndarray:
        keys = np.full(n, keys, dtype=np.int64) if np.isscalar(keys) else np.asarray(keys, dtype=np.int64)
        counts = self.counts[keys]
        return self.offsets[keys] + (rng.random(keys.size) * counts).astype(np.int64)  # uniform in [0, count)

    def pick(self, rng: np.random.Generator, keys: np.ndarray | int, n: int | None = None) -> pl.Series:
        return self.values.gather(self.index(rng, keys, n))


def pick(rng: np.random.Generator, options: Sequence[str], n: int) -> pl.Series:
    """One of `options` for each of `n` rows."""
    return Table.flat(options).pick(rng, 0, n)


def capitalized(text: str) -> str:
    """First letter upper-cased; a leading pronoun token becomes its capitalized token ({her} -> {Her})."""
    if text.startswith("{"):
        return "{" + text[1].upper() + text[2:]
    return text[0].upper() + text[1:]


TOKEN = re.compile(r"(\{[A-Za-z0-9_]+\}|\[[^\]]*\|[^\]]*\])")  # a {slot} or an [a|b|c] choice


def render(ids: np.ndarray, templates: Sequence[str], slots: pl.DataFrame, rng: np.random.Generator | None = None) -> pl.Series:
    """Row i is templates[ids[i]] with each {token} that names a column of `slots` replaced by
    that column's value in row i (other tokens stay for a later pass, e.g. pronouns) and each
    [a|b|c] choice drawn per row with `rng`. Text is assembled per template with one concat of its
    pieces, never scanned for tokens."""
    ids = np.asarray(ids, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    bounds = np.searchsorted(ids[order], np.arange(len(templates) + 1))
    pieces = []
    for t, template in enumerate(templates):
        rows = order[bounds[t]:bounds[t + 1]]
        if not rows.size:
            continue
        pieces_of_template = [p for p in TOKEN.split(template) if p]
        parts = []
        for part in pieces_of_template:
            if part in slots.columns:
                parts.append(pl.col(part))
            elif part.startswith("[") and "|" in part:
                options = part[1:-1].split("|")
                parts.append(pl.lit(pl.Series(options).gather(rng.integers(0, len(options), rows.size))))
            else:
                parts.append(pl.lit(part))
        used = sorted({p for p in pieces_of_template if p in slots.columns})
        frame = slots.select(used)[rows].with_columns(_i=pl.Series(rows)) if used else pl.DataFrame({"_i": rows})
        pieces.append(frame.select("_i", pl.concat_str(parts).alias("text")))
    if not pieces:
        return pl.Series("text", [], dtype=pl.String)
    return pl.concat(pieces).sort("_i")["text"]


def varied(template: str, thesaurus: Mapping[str, Sequence[str]]) -> str:
    """Mark each thesaurus word of a template as a per-row choice: 'keeps' -> '[keeps|continues]'."""
    words_ = re.compile(r"(?<![\w{-])(" + "|".join(sorted(map(re.escape, thesaurus), key=len, reverse=True)) + r")(?![\w}-])")
    return "".join(
        part if part.startswith("{") else words_.sub(lambda m: "[" + "|".join((m.group(1), *thesaurus[m.group(1)])) + "]", part)
        for part in re.split(r"(\{[A-Za-z0-9_]+\})", template)
    )


# token: (third person, first person)
PRONOUNS: Mapping[str, tuple[str, str]] = {
    "{She_is}": ("She is", "I am"), "{she_is}": ("she is", "I am"),
    "{She_has}": ("She has", "I have"), "{she_has}": ("she has", "I have"),
    "{She_was}": ("She was", "I was"), "{she_was}": ("she was", "I was"),
    "{She}": ("She", "I"), "{she}": ("she", "I"),
    "{Her}": ("Her", "My"), "{her}": ("her", "my"),
    "{her_o}": ("her", "me"), "{herself}": ("herself", "myself"),
}


def pronouns(texts: pl.Series, first_person: np.ndarray | None = None) -> pl.Series:
    """Fill the pronoun tokens in one pass: third person, or first person where `first_person`."""
    tokens = list(PRONOUNS)
    third = texts.str.replace_many(tokens, [v[0] for v in PRONOUNS.values()])
    if first_person is None or not np.any(first_person):
        return third
    first = np.flatnonzero(first_person)
    return third.scatter(first, texts.gather(first).str.replace_many(tokens, [v[1] for v in PRONOUNS.values()]))


def slot_frame(rows: pl.DataFrame, values: Mapping[str, pl.Expr | pl.Series]) -> pl.DataFrame:
    """A frame with one column per {token}, evaluated on `rows`."""
    return rows.select(**{token: value for token, value in values.items()})


def drawn_slots(rng: np.random.Generator, n: int, tables: Iterable[tuple[str, Sequence[str]]]) -> dict[str, pl.Expr]:
    """A fresh draw from each (token, options) for each of `n` rows, as slot values."""
    return {token: pl.lit(pick(rng, options, n)) for token, options in tables}
