"""Findings: the one table every check writes to (`findings.parquet`, docs/contracts.md §2).

A finding is one problem on one row (or, with `row` null, on a column or the whole dataset).
Checks build findings as polars frames, never row by row: `findings(...)` takes columns or
scalars and returns a frame in the contract's column order and types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

FINDINGS_SCHEMA: Mapping[str, pl.DataType] = {
    "row": pl.Int64,
    "id": pl.String,
    "check": pl.String,
    "severity": pl.String,
    "column": pl.String,
    "message": pl.String,
    "evidence": pl.String,
    "suggestion": pl.String,
    "cluster": pl.Int64,
}

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}

# The check catalog: every check name a finding may carry, its severity and what it means.
# Prefixes are fixed by the contract (docs/contracts.md §2); finer names live under them (schema.isin, text.empty, ...).
CHECKS: Mapping[str, tuple[str, str]] = {
    "schema": ("error", "A value breaks the profile's schema (type, allowed values, range, required column)."),
    "schema.noncanonical": ("warning", "A label matches an allowed value only after folding case, spaces or punctuation ('HIGH' for 'high'); split and train use the allowed form."),
    "text": ("warning", "Text quality: empty text, broken encoding (mojibake), or an extreme length."),
    "duplicate.exact": ("warning", "The text is identical to another row's after case, whitespace and punctuation are folded."),
    "duplicate.near": ("warning", "The text is a near-duplicate (a few words edited: MinHash candidates, verified word edit similarity) of another row's."),
    "label.conflict": ("error", "Duplicate or near-duplicate rows carry different labels."),
    "label.conflict.against": ("error", "The prompt is also in the other data (--against, or an earlier split), there with different labels."),
    "label.in_prompt": ("warning", "The prompt states a label value of its own row (whole words after folding, or a synonym the profile lists): a model learns to copy it."),
    "template": ("info", "The field's text is mostly a stock template repeated across many rows."),
    "legal.unknown_act": ("error", "The citation names an act the registry does not know."),
    "legal.unknown_section": ("error", "The section does not exist in the cited act."),
    "legal.repealed": ("warning", "The provision was repealed; cite its replacement."),
    "legal.struck_down": ("error", "The provision was struck down by a court and is not law."),
    "legal.title_mismatch": ("error", "The title quoted beside the section is not that section's title."),
    "legal.offence_mismatch": ("warning", "Nothing cited fits the row's risk type."),
    "legal.malformed": ("warning", "A citation that cannot be parsed into act and section."),
    "helpline.unknown": ("warning", "A phone number or short code the registry does not know: a human must verify it."),
    "helpline.wrong_purpose": ("error", "A real helpline given for the wrong purpose (e.g. 1098, a child line, as a women's line)."),
    "helpline.discontinued": ("error", "A helpline number a source reports as no longer in service."),
    "helpline.outdated": ("warning", "A helpline number a source reports as replaced, or as temporary: it may still answer, but cite the current line."),
    "helpline.malformed": ("warning", "A helpline-like number that is not a valid number."),
    "placeholder": ("error", "Unfilled template text: 'Section XX', {slot}, a mock-translation prefix, TODO, lorem ipsum."),
    "pii.aadhaar": ("error", "An Aadhaar number (12 digits passing the Verhoeff check)."),
    "pii.pan": ("warning", "A PAN (Indian tax id)."),
    "pii.email": ("warning", "An e-mail address."),
    "pii.phone": ("warning", "A valid phone number with no helpline or organisation named beside it: possibly a person's own."),
    "leak.exact": ("error", "The text also appears, normalized, in the --against data."),
    "leak.near": ("warning", "The text near-duplicates a row of the --against data (verified word edit similarity)."),
    "leak.ngram": ("info", "The text shares a run of 13 words with a row of the --against data (the lm-evaluation-harness decontamination rule)."),
}


def check_family(check: str) -> str:
    """The catalog entry a check name belongs to, its longest catalogued prefix:
    'schema.isin' -> 'schema', 'legal.repealed' -> itself, 'legal.repealed.ipc' -> 'legal.repealed'."""
    parts = check.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in CHECKS:
            return ".".join(parts[:end])
    raise KeyError(f"check '{check}' is not in the catalog (curation.findings.CHECKS)")


def default_severity(check: str) -> str:
    return CHECKS[check_family(check)][0]


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=dict(FINDINGS_SCHEMA))


def findings(
    row: Any,
    check: Any,
    *,
    severity: Any = None,
    column: Any = None,
    message: Any = None,
    evidence: Any = None,
    suggestion: Any = None,
    cluster: Any = None,
    id: Any = None,
) -> pl.DataFrame:
    """Build a findings frame from columns (Series/Expr-free sequences) or scalars broadcast over `row`.

    `severity` defaults to the catalog's severity of `check`.
    """
    row_series = pl.Series("row", row, dtype=pl.Int64) if not isinstance(row, pl.Series) else row.cast(pl.Int64).alias("row")
    n = row_series.len()
    if severity is None:
        if isinstance(check, str):
            severity = default_severity(check)
        else:
            severity = [default_severity(c) for c in check]
    values = {
        "row": row_series,
        "id": id,
        "check": check,
        "severity": severity,
        "column": column,
        "message": message,
        "evidence": evidence,
        "suggestion": suggestion,
        "cluster": cluster,
    }
    columns = []
    for name, dtype in FINDINGS_SCHEMA.items():
        value = values[name]
        if isinstance(value, pl.Series):
            columns.append(value.cast(dtype).alias(name))
        elif isinstance(value, (list, tuple)):
            columns.append(pl.Series(name, value, dtype=dtype))
        else:
            columns.append(pl.repeat(value, n, dtype=dtype, eager=True).alias(name))
    return pl.DataFrame(columns)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Put a frame into the findings contract: all columns, right types, right order, known checks."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in FINDINGS_SCHEMA.items() if c not in frame.columns]
    frame = frame.with_columns(missing).select([pl.col(c).cast(t) for c, t in FINDINGS_SCHEMA.items()])
    bad_severity = frame.filter(~pl.col("severity").is_in(SEVERITIES))
    if bad_severity.height:
        raise ValueError(f"unknown severities {bad_severity['severity'].unique().to_list()}")
    for check in frame["check"].unique().to_list():
        check_family(check)
    return frame


def concat(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [conform(f) for f in frames if f is not None and f.height]
    return pl.concat(frames) if frames else empty()
