"""Schema step: the profile's pandera schema, validated lazily, every failure case mapped to its row.

Numeric columns that arrive as text (CSV) are cast first, and each value that will not cast is its
own `schema.dtype` finding: pandera's own coercion stops at the first failure and skips the checks
after it. Failures are named `schema.<check>` (schema.in_vocabulary, schema.not_nullable, ...);
a missing column is one dataset-level finding (`row` null). A label the vocabulary accepts only
once folded ('HIGH' for 'high') passes the schema but is a `schema.noncanonical` warning naming the
form split and train will use (`Profile.canonical_labels`).
"""

from __future__ import annotations

import re

import pandera.errors
import pandera.polars as pa
import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditContext, StepResult

NAME = "schema"
TITLE = "Schema"

_NUMERIC = (pl.Float64, pl.Float32, pl.Int64, pl.Int32, pl.Int16, pl.Int8, pl.UInt64, pl.UInt32)
# Checks of the rule engine registered on pandera: the legal and helpline steps report them with
# their own, richer findings, so the schema step leaves them out rather than run them twice.
RULE_CHECKS = ("verified_citations", "known_helplines")


def _without_rule_checks(schema: pa.DataFrameSchema) -> pa.DataFrameSchema:
    for name, column in schema.columns.items():
        kept = [c for c in column.checks if c.name not in RULE_CHECKS]
        if len(kept) != len(column.checks):
            schema = schema.update_column(name, checks=kept)
    return schema


def _declared_dtypes(schema: pa.DataFrameSchema) -> dict[str, pl.DataType]:
    out = {}
    for name, column in schema.columns.items():
        dtype = getattr(column.dtype, "type", None)
        if dtype is not None:
            out[name] = dtype
    return out


def _cast_numeric(data: pl.DataFrame, schema: pa.DataFrameSchema) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Cast text columns the schema declares numeric; return the cast frame and one finding per bad value."""
    bad = []
    casts = []
    for name, dtype in _declared_dtypes(schema).items():
        if name not in data.columns or data.schema[name] == dtype:
            continue
        if not (dtype in _NUMERIC and data.schema[name] in (pl.String, *_NUMERIC)):
            continue
        cast = pl.col(name).cast(dtype, strict=False)
        if data.schema[name] == pl.String:
            cast = pl.col(name).str.strip_chars().cast(dtype, strict=False)
        failed = data.filter(pl.col(name).is_not_null() & cast.is_null())
        if failed.height:
            bad.append(
                F.findings(
                    failed["row"],
                    "schema.dtype",
                    column=name,
                    message=f"'{name}' should be a number ({dtype}); this value is not",
                    evidence=failed[name].cast(pl.String),
                    suggestion=f"write a number in '{name}'",
                )
            )
        casts.append(cast.alias(name))
    return data.with_columns(casts), F.concat(bad)


def _check_name(check: str) -> str:
    """pandera's check repr -> our finer check name: "isin(['a'])" -> "schema.isin"."""
    if check == "column_in_dataframe":
        return "schema.column_missing"
    if check.startswith("dtype("):
        return "schema.dtype"
    base = re.match(r"[A-Za-z_][A-Za-z0-9_]*", check)
    return f"schema.{base.group(0) if base else 'check'}"


def _messages(check: str, column: str) -> tuple[str, str | None]:
    short = _check_name(check).removeprefix("schema.")
    return {
        "column_missing": (f"required column '{column}' is missing", f"add the column '{column}' or pick another --profile"),
        "not_nullable": (f"'{column}' is empty (null)", f"fill in '{column}' or drop the row"),
        "not_blank": (f"'{column}' is blank", f"fill in '{column}' or drop the row"),
        "dtype": (f"'{column}' has the wrong type ({check})", None),
        "in_vocabulary": (f"'{column}' is not one of the profile's allowed values", f"use an allowed value for '{column}' (see the profile)"),
        "isin": (f"'{column}' is not one of the allowed values", None),
        "in_range": (f"'{column}' is out of range ({check})", None),
        "valid_roles": ("a message has a role other than system/user/assistant", "fix the message roles"),
        "last_role_is": ("the conversation does not end with an assistant turn", "end each conversation with the assistant's answer"),
        "has_content": ("a message has empty content", "remove the empty turn or fill it"),
    }.get(short, (f"'{column}' fails {check}", None))


def _noncanonical(ctx: AuditContext) -> tuple[pl.DataFrame, list[dict]]:
    """`schema.noncanonical` findings, and per column and spelling how many rows carry it."""
    odd = ctx.profile.noncanonical_labels(ctx.data)
    if odd.is_empty():
        return F.empty(), []
    odd = odd.with_columns(ctx.data["row"].gather(odd["position"]).alias("row"))
    said = odd.select(
        pl.format("'{}' is written '{}'; the profile's form is '{}'", "column", "value", "canonical").alias("message"),
        pl.format("write '{}' (curate split and curate train use that form)", "canonical").alias("suggestion"),
    )
    found = F.findings(odd["row"], "schema.noncanonical", column=odd["column"], message=said["message"],
                       evidence=odd["value"], suggestion=said["suggestion"])
    counts = odd.group_by("column", "value", "canonical").agg(pl.len().alias("rows")).sort(["rows", "column", "value"], descending=[True, False, False])
    return found, counts.to_dicts()


def setup(ctx: AuditContext) -> None:
    # On the main thread: build the schema (which registers the custom checks) and validate no
    # rows, so pandera imports and registers its polars backends here, not on a worker thread.
    _failure_cases(_without_rule_checks(ctx.profile.schema), ctx.data.head(0))


def _failure_cases(schema: pa.DataFrameSchema, data: pl.DataFrame) -> pl.DataFrame | None:
    """pandera's failure cases of `data` (lazy validation: every failure), None when it passes."""
    try:
        schema.validate(data.drop("row"), lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases
    return None


def run(ctx: AuditContext) -> StepResult:
    schema = _without_rule_checks(ctx.profile.schema)
    data, cast_findings = _cast_numeric(ctx.data, schema)
    cases = _failure_cases(schema, data)
    frames = [cast_findings]
    if cases is not None and cases.height:
        # A column that failed to cast already has its row-level findings; pandera's column-level
        # dtype complaint about the same column adds nothing.
        cast_cols = set(cast_findings["column"].unique().to_list()) if cast_findings.height else set()
        cases = cases.filter(~(pl.col("check").str.starts_with("dtype(") & pl.col("column").is_in(list(cast_cols))))
        for (check, column), group in cases.group_by(["check", "column"], maintain_order=True):
            if column == schema.name:  # dataset-level: pandera names the schema as the column
                column = None
            if check == "column_in_dataframe":
                column = None
                for missing in group["failure_case"].to_list():
                    msg, hint = _messages(check, missing)
                    frames.append(F.findings([None], "schema.column_missing", column=missing, message=msg, suggestion=hint))
                continue
            msg, hint = _messages(check, column or "")
            rows = group["index"].cast(pl.Int64)
            frames.append(
                F.findings(rows, _check_name(check), column=column, message=msg, evidence=group["failure_case"].str.slice(0, 200), suggestion=hint)
            )
    failures = F.concat(frames)
    if cast_findings.height:  # a value that failed to cast became null: its not_nullable failure is a repeat
        repeat = cast_findings.select("row", "column").with_columns(pl.lit("schema.not_nullable").alias("check"))
        failures = failures.join(repeat, on=["row", "column", "check"], how="anti", nulls_equal=True)
    odd, noncanonical = _noncanonical(ctx)
    found = F.concat([failures, odd])
    rollup = (
        found.group_by(["column", "check"]).agg(pl.len().alias("count"), pl.col("row").n_unique().alias("rows"))
        .sort(["count", "column", "check"], descending=[True, False, False])
        .to_dicts()
        if found.height
        else []
    )
    return StepResult(
        findings=found,
        metrics={"failures": failures.height, "rows_failing": failures["row"].drop_nulls().n_unique(), "by_column_and_check": rollup,
                 "noncanonical": noncanonical},
        params={"schema": schema.name, "columns": list(schema.columns)},
    )
