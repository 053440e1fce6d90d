"""Masking personal data in the HTML report.

The page is shared more widely than the data (pasted into a PR, mailed to a reviewer), so PII is
masked by default: every value a `pii.*` finding names as its evidence, and anything the rule pack's
`pii` patterns match (rules/patterns.yaml: Aadhaar numbers that pass the Verhoeff check, PANs,
personal e-mail addresses — the very definitions the audit's PII step uses), wherever it appears in
the page's text (row bodies, evidence, cluster members, template examples), also in fields the step
did not scan. findings.parquet keeps the full values.

Personal phone numbers are masked where the PII step named them (their evidence): a phone-shaped
regex would also hide public helpline numbers, which reviewers must see to verify them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import polars as pl

from curation.verify.patterns import pii_values
from curation.verify.registry import Pattern, load_registry

MASK_CHAR = "•"
MIN_VALUE_CHARS = 4  # shorter evidence ("a@b") is not worth replacing everywhere it occurs
KEEP_TAIL_FROM = 8  # values with at least this many letters/digits keep their last two visible
_ALNUM = r"[\p{L}\p{N}]"
_RUN = r"[\p{L}\p{N}]+"
_LAST_TWO = r"^([^\p{L}\p{N}]*[\p{L}\p{N}][^\p{L}\p{N}]*[\p{L}\p{N}])"  # of a reversed value: its last two alnum


def masked(values: pl.Series) -> pl.Series:
    """Each value with its letters and digits hidden, separators kept, and — for values of 8 or more
    letters/digits — the last two visible: "9876543210" -> "••••••••10", "priya@mail.com" ->
    "•••••@••••.•om". Vectorized, and linear in the text: the tail is read from the reversed value."""
    reversed_ = pl.col("v").str.reverse()
    tail = reversed_.str.extract(_LAST_TWO, 1).fill_null("")
    keep = pl.col("v").str.count_matches(_ALNUM) >= KEEP_TAIL_FROM
    kept = pl.when(keep).then(tail).otherwise(pl.lit(""))
    head = reversed_.str.slice(kept.str.len_chars()).str.replace_all(_ALNUM, MASK_CHAR)
    expr = (kept + head).str.reverse()
    return values.cast(pl.String).to_frame("v").select(expr.alias(values.name))[values.name]


def mask_value(value: str) -> str:
    return masked(pl.Series("v", [value]))[0]


class Masker:
    """Replaces known PII values (and PII-shaped spans) in text with their masked forms.

    There may be tens of thousands of known values, and building a replacement automaton over all
    of them for every column costs seconds. So each call first keeps only the values that can occur
    in the texts at hand: those whose every run of letters/digits is a run of the texts too.
    """

    def __init__(self, values: Iterable[str] | pl.Series = (), enabled: bool = True, patterns: Sequence[Pattern] | None = None):
        """`values` to mask wherever they occur, plus what `patterns` match (default: the built-in
        rule pack's `pii` patterns, those the audit ran unless `--rules` replaced them)."""
        self.enabled = enabled
        self._patterns = tuple(patterns) if patterns is not None else (load_registry().pii if enabled else ())
        self._known = pl.DataFrame(schema={"value": pl.String, "n_runs": pl.UInt32})
        self._runs = pl.DataFrame(schema={"value": pl.String, "run": pl.String})  # one row per (value, run)
        distinct = pl.Series("value", values if isinstance(values, pl.Series) else list(values), dtype=pl.String).drop_nulls().unique()
        self._add(distinct.filter(distinct.str.len_chars() >= MIN_VALUE_CHARS))

    def _add(self, values: pl.Series) -> None:
        """Learn values to mask, with their runs of letters/digits for `_present`."""
        if values.len() == 0:
            return
        runs = values.str.extract_all(_RUN).list.unique()
        self._known = pl.concat([self._known, pl.DataFrame({"value": values, "n_runs": runs.list.len()})])
        self._runs = pl.concat([self._runs, pl.DataFrame({"value": values, "run": runs}).explode("run").drop_nulls()])

    def _present(self, texts: pl.Series) -> pl.DataFrame:
        """The known values whose runs all occur among the runs of `texts` (a superset of those present)."""
        runs = texts.str.extract_all(_RUN).explode().drop_nulls().unique()
        hits = self._runs.filter(pl.col("run").is_in(runs.implode())).group_by("value").agg(pl.col("run").n_unique().alias("hit"))
        return self._known.join(hits, on="value").filter(pl.col("hit") >= pl.col("n_runs")).drop("hit")

    @classmethod
    def from_findings(cls, findings: pl.DataFrame, enabled: bool = True) -> Masker:
        """Every evidence span of a `pii.*` finding is a value to mask."""
        if not enabled or findings.height == 0:
            return cls(enabled=enabled)
        return cls(findings.filter(pl.col("check").str.starts_with("pii."))["evidence"], enabled=True)

    def series(self, texts: pl.Series) -> pl.Series:
        """Mask a string column: the known values plus every value the PII patterns find in it."""
        if not self.enabled or texts.dtype != pl.String or texts.len() == 0:
            return texts
        found = pii_values(texts, self._patterns)
        self._add(found.filter(~found.is_in(self._known["value"].implode())))
        present = self._present(texts).sort(pl.col("value").str.len_chars(), descending=True)["value"]  # the longest match wins
        if present.len() == 0:
            return texts
        return texts.str.replace_many(present.to_list(), masked(present).to_list())

    def frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Mask every string column, in one pass over all of them."""
        columns = [c for c, t in frame.schema.items() if t == pl.String]
        if not self.enabled or not columns or frame.height == 0:
            return frame
        stacked = self.series(pl.concat([frame[c] for c in columns]))
        return frame.with_columns(stacked.slice(i * frame.height, frame.height).alias(c) for i, c in enumerate(columns))

    def deep(self, obj: Any) -> Any:
        """Mask every string inside nested dicts/lists (report.json's examples and metrics)."""
        if not self.enabled:
            return obj
        strings: list[str] = []
        _collect_strings(obj, strings)
        if not strings:
            return obj
        return _replace_strings(obj, iter(self.series(pl.Series(strings, dtype=pl.String)).to_list()))


def _collect_strings(obj: Any, out: list[str]) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, dict):
        for value in obj.values():
            _collect_strings(value, out)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _collect_strings(value, out)


def _replace_strings(obj: Any, masked_strings: Iterator[str]) -> Any:
    """Rebuild `obj` taking its strings, in the order _collect_strings visited them, from the iterator."""
    if isinstance(obj, str):
        return next(masked_strings)
    if isinstance(obj, dict):
        return {key: _replace_strings(value, masked_strings) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_replace_strings(value, masked_strings) for value in obj]
    return obj
