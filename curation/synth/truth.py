"""The truth table: one row per (row, planted problem) and the per-row template markers; its
schema, how its rows are built, and the summaries read back from it (see `curation.synth`)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

TRUTH_SCHEMA: Mapping[str, pl.DataType] = {
    "row": pl.Int64,
    "problem": pl.String,
    "column": pl.String,
    "partner": pl.Int64,
    "detail": pl.String,
}
MARKERS = ("template", "free_text", "decoy.aadhaar")


def truth_frame(rows, problem, column, partner, detail) -> pl.DataFrame:
    """Truth rows for `rows`; every other field is one value for all of them or one per row."""
    row = np.asarray(rows, dtype=np.int64)
    given = {"row": row, "problem": problem, "column": column, "partner": partner, "detail": detail}
    return pl.DataFrame({name: _truth_column(given[name], dtype, row.size) for name, dtype in TRUTH_SCHEMA.items()})


def _truth_column(value, dtype: pl.DataType, m: int) -> pl.Series:
    if isinstance(value, pl.Series):
        return value.cast(dtype)
    if isinstance(value, (np.ndarray, list, tuple)):
        return pl.Series(list(value) if isinstance(value, np.ndarray) and value.dtype == object else value, dtype=dtype)
    return pl.repeat(value, m, dtype=dtype, eager=True)


def template_truth(frame: pl.DataFrame) -> pl.DataFrame:
    """A `template` (detail: the template id) or `free_text` marker for every row's reasoning and
    recommended_action, from the hidden template-id columns of the generated frame."""
    rows = pl.int_range(pl.len(), dtype=pl.Int64).alias("row")
    out = []
    for field, hidden in (("reasoning", "_tpl_reasoning"), ("recommended_action", "_tpl_action")):
        out.append(frame.select(rows, problem=pl.when(pl.col(hidden).is_null()).then(pl.lit("free_text")).otherwise(pl.lit("template")),
                                column=pl.lit(field), partner=pl.lit(None, dtype=pl.Int64), detail=pl.col(hidden)))
    return pl.concat(out)


def truth_summary(truth: pl.DataFrame, n: int) -> pl.DataFrame:
    """Rows per planted problem, with their share of the data; the template markers per field."""
    per_field = pl.col("problem").is_in(["template", "free_text"])
    key = pl.when(per_field).then(pl.format("{} ({})", "problem", "column")).otherwise(pl.col("problem")).alias("problem")
    return (truth.group_by(key).agg(rows=pl.col("row").n_unique(), columns=pl.col("column").unique().sort().str.join(", "))
            .with_columns(share=pl.col("rows") / n).sort("problem"))


def planted_pairs(truth: pl.DataFrame) -> pl.DataFrame:
    """The planted duplicate pairs: row, partner (the original), problem, and the measured word
    3-/5-gram Jaccard of near copies (1.0 for exact copies)."""
    pairs = truth.filter(pl.col("problem").is_in(["duplicate.exact", "duplicate.near"]))
    return pairs.select(
        "row", "partner", "problem",
        j3=pl.when(pl.col("problem") == "duplicate.exact").then(1.0).otherwise(pl.col("detail").str.extract(r"j3=([0-9.]+)", 1).cast(pl.Float64)),
        j5=pl.when(pl.col("problem") == "duplicate.exact").then(1.0).otherwise(pl.col("detail").str.extract(r"j5=([0-9.]+)", 1).cast(pl.Float64)),
    )
