"""What the page embeds of findings.parquet and of the dataset, within a size budget.

The page never embeds every row: findings are capped per (check, severity), and only the rows those
findings name are embedded, their long text cut. When the payload still exceeds the byte budget the
cap is halved until it fits, so a 100K-row audit with hundreds of thousands of findings stays a file
a browser opens. Every cut is counted (`left_out`), and the page says so.

What any page inlines inside <script> goes through `script_json` (data) or `inline_script` (code:
Chart.js, the page's own script), so nothing in it can close the element early.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from curation.findings import FINDINGS_SCHEMA, SEVERITY_RANK
from curation.report.mask import Masker

MAX_PER_CHECK = 200  # findings per (check, severity) embedded, before the budget shrinks it
BUDGET_BYTES = 3_000_000  # embedded findings + rows; the page adds ~0.3 MB of assets and sections
MAX_CELL_CHARS = 1_500  # a row's text value is cut here in the page (the data file keeps it whole)
MAX_FINDING_CHARS = 500  # message / evidence / suggestion
FINDING_COLUMNS = tuple(FINDINGS_SCHEMA)
FINDING_TEXTS = ("message", "evidence", "suggestion")
CHARTJS = Path(__file__).parent / "chart.umd.min.js"  # vendored Chart.js (LICENSE-chartjs.txt)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
# In a <script> element a browser's tokenizer reacts to '</script' (the end) and to '<!--' (after which
# a '<script' makes it skip the real end tag): neither may appear in what is inlined.
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


@dataclass(frozen=True)
class Embedded:
    findings_json: str  # {"columns": [...], "rows": [[...], ...]}
    rows_json: str  # {"columns": [...], "rows": {"<row>": [...]}}, or "null" without the dataset
    shown: dict[tuple[str, str], int]  # (check, severity) -> findings embedded
    total: dict[tuple[str, str], int]  # (check, severity) -> findings in findings.parquet
    cap: int  # the per-(check, severity) cap that fit the budget
    rows_embedded: int
    with_rows: bool

    @property
    def size_bytes(self) -> int:
        return len(self.findings_json.encode()) + len(self.rows_json.encode())

    @property
    def findings_shown(self) -> int:
        return sum(self.shown.values())

    @property
    def findings_left_out(self) -> int:
        return sum(self.total.values()) - self.findings_shown

    def left_out(self, check: str, severity: str) -> int:
        return self.total.get((check, severity), 0) - self.shown.get((check, severity), 0)


def script_json(value: Any) -> str:
    """JSON safe to place inside <script type="application/json">: no '</script>' can close it early."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).replace("<", "\\u003c")


def inline_script(source: str) -> str:
    """JavaScript safe to place inside <script>...</script>: '</script' becomes '<\\/script' and '<!--'
    becomes '\\x3C!--' (they can only sit in a string, a regex or a comment, where the escapes mean the
    same), so nothing in it ends the element early or hides its end; the source-map comment is dropped
    (nothing may be fetched)."""
    source = _SOURCE_MAP.sub("", source)
    return _SCRIPT_END.sub(r"<\\/\1", source).replace("<!--", "\\x3C!--")


def chartjs() -> str:
    """The vendored Chart.js, ready to inline: the one copy both report.html and compare.html carry."""
    return inline_script(CHARTJS.read_text(encoding="utf-8"))


def embed(
    findings: pl.DataFrame,
    data: pl.DataFrame | None,
    masker: Masker,
    *,
    max_per_check: int = MAX_PER_CHECK,
    budget_bytes: int = BUDGET_BYTES,
) -> Embedded:
    """The findings and row bodies the page carries: as many per check as fit `budget_bytes`."""
    total = _group_counts(findings)
    cap = max(int(max_per_check), 1)
    # Cut and mask once, at the largest cap; the budget loop only narrows these down.
    candidates = masker.frame(_ranked(findings, cap).with_columns(_cut(c, MAX_FINDING_CHARS) for c in FINDING_TEXTS))
    bodies = _row_bodies(data, candidates["row"], masker)
    while True:
        shown = candidates.filter(pl.col("_n") < cap).drop("_n")
        findings_json = script_json({"columns": list(FINDING_COLUMNS), "rows": [list(r) for r in shown.iter_rows()]})
        rows = None if bodies is None else _rows_payload(bodies.filter(pl.col("row").is_in(shown["row"].drop_nulls().implode())))
        rows_json = script_json(rows)
        size = len(findings_json.encode()) + len(rows_json.encode())
        if size <= budget_bytes or cap == 1:
            break
        cap = max(cap // 2, 1)
    return Embedded(
        findings_json=findings_json,
        rows_json=rows_json,
        shown=_group_counts(shown),
        total=total,
        cap=cap,
        rows_embedded=0 if rows is None else len(rows["rows"]),
        with_rows=rows is not None,
    )


def _ranked(findings: pl.DataFrame, cap: int) -> pl.DataFrame:
    """The first `cap` findings of each (check, severity) in file order, most severe first;
    `_n` = position within its group. The window runs on the row-sorted frame and only the few
    kept findings are sorted by severity."""
    return (
        findings.select(FINDING_COLUMNS)
        .sort("row", nulls_last=False, maintain_order=True)
        .with_columns(pl.int_range(pl.len()).over(["check", "severity"]).alias("_n"))
        .filter(pl.col("_n") < cap)
        .with_columns(pl.col("severity").replace_strict(SEVERITY_RANK, default=-1, return_dtype=pl.Int8).alias("_rank"))
        .sort(["_rank", "check", "_n"], descending=[True, False, False], maintain_order=True)
        .drop("_rank")
    )


def _group_counts(frame: pl.DataFrame) -> dict[tuple[str, str], int]:
    if frame.height == 0:
        return {}
    counts = frame.group_by(["check", "severity"]).agg(pl.len())
    return {(c, s): int(n) for c, s, n in counts.iter_rows()}


def _cut(column: str, limit: int) -> pl.Expr:
    """A text column cut to `limit` characters, saying how much was left out."""
    col = pl.col(column)
    over = col.str.len_chars().cast(pl.Int64) - limit
    return (
        pl.when(over > 0)
        .then(col.str.slice(0, limit) + pl.lit(" … [") + over.cast(pl.String) + pl.lit(" more characters]"))
        .otherwise(col)
        .alias(column)
    )


def _row_bodies(data: pl.DataFrame | None, rows: pl.Series, masker: Masker) -> pl.DataFrame | None:
    """The rows named by `rows`, as text cut and PII masked (`row` first)."""
    if data is None:
        return None
    bodies = _as_text(data.filter(pl.col("row").is_in(rows.drop_nulls().unique().implode())).sort("row"))
    strings = [c for c, t in bodies.schema.items() if t == pl.String]
    return masker.frame(bodies.with_columns(_cut(c, MAX_CELL_CHARS) for c in strings))


def _rows_payload(bodies: pl.DataFrame) -> dict[str, Any]:
    """{"columns": [...], "rows": {"<row>": [values]}}: the page looks rows up by number."""
    return {"columns": bodies.columns[1:], "rows": {str(r[0]): list(r[1:]) for r in bodies.iter_rows()}}


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns JSON cannot carry as they are become text: nested values (chat `messages`, `_meta`) as
    compact JSON, floats (NaN and inf included, which JSON lacks) and dates as their string form."""
    plain = (pl.String, pl.Boolean, pl.Null)
    converted = []
    for name, dtype in frame.schema.items():
        if dtype in plain or dtype.is_integer():
            continue
        if dtype.is_nested():  # only the embedded rows (a few thousand at most), not the dataset
            texts = [None if v is None else json.dumps(v, ensure_ascii=False, default=str) for v in frame[name].to_list()]
            converted.append(pl.Series(name, texts, dtype=pl.String))
        else:
            converted.append(frame[name].cast(pl.String))
    return frame.with_columns(converted) if converted else frame
