"""Placeholders and PII: the patterns of the registry's `placeholders` and `pii` packs, plus personal
phone numbers (curation.verify.phones). Each pattern is one regex pass over the distinct texts that
a single combined pre-filter flags; Aadhaar candidates keep only those passing the Verhoeff check."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import polars as pl

from curation import findings as F
from curation.verify.phones import mentions
from curation.verify.registry import Pattern, Registry

# Verhoeff tables (dihedral group D5): multiplication and position permutation.
_D = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
], dtype=np.int8)
_P = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
], dtype=np.int8)


def verhoeff_valid(numbers: pl.Series) -> np.ndarray:
    """For each string of digits (separators ignored), whether its last digit is a valid Verhoeff
    check digit. Vectorized over equal-length groups with numpy."""
    digits = numbers.str.replace_all(r"[^0-9]", "").to_list()
    ok = np.zeros(len(digits), dtype=bool)
    by_length: dict[int, list[int]] = {}
    for i, d in enumerate(digits):
        if d:
            by_length.setdefault(len(d), []).append(i)
    for length, idx in by_length.items():
        block = np.frombuffer("".join(digits[i] for i in idx).encode("ascii"), dtype=np.uint8).reshape(-1, length) - ord("0")
        check = np.zeros(len(idx), dtype=np.int8)
        for pos in range(length):  # from the right: position 0 is the check digit
            check = _D[check, _P[pos % 8, block[:, length - 1 - pos]]]
        ok[idx] = check == 0
    return ok


def _group_count(regex: str) -> int:
    return len(pl.Series([""], dtype=pl.String).str.extract_groups(regex).struct.fields)


def _pattern_hits(texts: pl.DataFrame, pattern: Pattern) -> pl.DataFrame:
    """tid, evidence for every match of one pattern in `texts` (tid, text; the first capture group,
    when it has one)."""
    hits = texts.select("tid", pl.col("text").str.extract_all(pattern.regex).alias("evidence")).explode("evidence").drop_nulls("evidence")
    if _group_count(pattern.regex) >= 1:
        hits = hits.with_columns(pl.col("evidence").str.extract(pattern.regex, 1))
    hits = hits.with_columns(pl.col("evidence").str.strip_chars()).filter(pl.col("evidence") != "")
    if pattern.exclude:
        hits = hits.filter(~pl.col("evidence").str.contains(pattern.exclude))
    if pattern.validate == "verhoeff" and hits.height:
        hits = hits.filter(pl.Series(verhoeff_valid(hits["evidence"])))
    return hits


def _matches(places: pl.DataFrame, patterns: Sequence[Pattern]) -> Iterator[tuple[Pattern, pl.DataFrame]]:
    """(pattern, its hits: tid, evidence) for each pattern over `places` (tid, text, ...): each runs
    on the distinct texts its `requires` pre-filter lets through (one combined pass picks them)."""
    gated = [p for p in patterns if p.requires]
    candidates = places.filter(pl.col("text").str.contains("|".join(f"(?:{p.requires})" for p in gated))) if gated else places
    for pattern in patterns:
        pool = candidates if pattern.requires else places
        yield pattern, _pattern_hits(pool.filter(pl.col("text").str.contains(pattern.regex)).select("tid", "text"), pattern).unique()


def pii_values(texts: pl.Series, patterns: Sequence[Pattern]) -> pl.Series:
    """The distinct values the `pii` patterns find in `texts`: what the PII step reports as evidence
    (personal phone numbers aside: those depend on the words around a number, not its shape)."""
    distinct = texts.cast(pl.String).drop_nulls().unique().to_frame("text").with_row_index("tid")
    found = [hits["evidence"] for _, hits in _matches(distinct, patterns)]
    return pl.concat(found).unique(maintain_order=True).alias("value") if found else pl.Series("value", [], dtype=pl.String)


def pattern_findings(texts: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Placeholder and PII findings (with `column`) for `texts` (columns row, column, text). Only the
    patterns' matches on distinct texts are mapped back to rows."""
    from curation.verify.engine import by_text, expand

    places = by_text(texts)
    frames = []
    for pattern, hits in _matches(places, (*registry.placeholders, *registry.pii)):
        if hits.height == 0:
            continue
        located = expand(hits, places)
        frames.append(F.findings(located["row"], pattern.check, column=located["column"], message=pattern.message,
                                 evidence=located["evidence"], suggestion=pattern.suggestion))
    personal = mentions(places["text"], registry, short_codes=False).filter(pl.col("role") == "personal").select("tid", "num").unique()
    if personal.height:
        located = expand(personal, places)
        frames.append(F.findings(located["row"], "pii.phone", column=located["column"],
                                 message="a phone number with no helpline or organisation named beside it: possibly a person's own",
                                 evidence=located["num"], suggestion="remove or mask the phone number"))
    found = F.concat(frames)
    return found.unique(["row", "column", "check", "evidence"], maintain_order=True).sort(["row", "column"]) if found.height else found
