"""`curate audit`: run the pipeline's steps over a dataset and write report.json, findings.parquet,
rows.parquet (and report.html) into one directory, all at once or not at all."""

from __future__ import annotations

import importlib
import os
import platform
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from curation import __version__
from curation import findings as F
from curation.artifacts.report import CheckSummary, Checks, Counts, Dataset, Gate, Outputs, ReportJson, Tool
from curation.audit.pipeline import AuditConfig, AuditContext, StepResult
from curation.console import progress
from curation.errors import CurateError
from curation.files import staged_outputs
from curation.profile import Profile, resolve_profile
from curation.read import Loaded, read_dataset

# The pipeline. Steps start in this order, side by side on STEP_WORKERS threads (polars and numpy
# release the GIL), each once the steps its `AFTER` names are done (labels reads the clusters):
# templates, the longest, starts first and overlaps the rest. report.json lists them in this order.
STEPS = (
    "templates",
    "overview",
    "schema",
    "text_quality",
    "exact",
    "near",
    "labels",
    "label_in_prompt",
    "legal",
    "helplines",
    "patterns",
    "leakage",
)
STEP_WORKERS = 2


@dataclass(frozen=True)
class AuditOutcome:
    out_dir: Path
    report: ReportJson
    findings: pl.DataFrame
    rows: pl.DataFrame

    @property
    def passed(self) -> bool:
        return self.report.gate.passed


def default_out_dir(source: str) -> Path:
    """Beside the input: data.parquet -> data.audit/ (a Hub id -> ./name.audit/)."""
    path = Path(source)
    if path.exists():
        return path.with_name(path.name.split(".")[0] + ".audit") if path.is_file() else path.with_name(path.name + ".audit")
    return Path.cwd() / (source.replace("/", "__") + ".audit")


def prepare(loaded: Loaded, profile: Profile) -> pl.DataFrame:
    """The frame every step sees: `row` (0-based input position) first, then the profile's columns."""
    frame = loaded.frame
    if "row" in frame.columns:  # e.g. a split file keeps the original row; ours is this file's position
        keep_as = next(n for n in ("source_row", *(f"source_row_{i}" for i in range(2, 100))) if n not in frame.columns)
        frame = frame.rename({"row": keep_as})
    frame = profile.prepare(frame, loaded.source)
    return frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))


def ids_of(data: pl.DataFrame, profile: Profile) -> pl.Series:
    if profile.id_column and profile.id_column in data.columns:
        return data[profile.id_column].cast(pl.String).alias("id")
    return pl.repeat(None, data.height, dtype=pl.String, eager=True).alias("id")


def run_audit(
    source: str,
    *,
    profile: str | None = None,
    text_columns: tuple[str, ...] = (),
    label_columns: tuple[str, ...] = (),
    id_column: str | None = None,
    format: str | None = None,
    split: str | None = None,
    config: AuditConfig = AuditConfig(),
    out_dir: str | Path | None = None,
    html: bool = True,
) -> AuditOutcome:
    unknown = sorted(set(config.skip) - set(STEPS))
    if unknown:
        raise CurateError(f"--skip {unknown[0]}: no such audit step; the steps are {', '.join(STEPS)}.")
    started = time.perf_counter()
    timing: dict[str, float] = {}
    t0 = time.perf_counter()
    loaded = read_dataset(source, format, split=split)
    timing["read"] = time.perf_counter() - t0

    chosen = resolve_profile(profile, loaded.frame.columns, text_columns=text_columns, label_columns=label_columns, id_column=id_column)
    t0 = time.perf_counter()
    data = prepare(loaded, chosen)
    timing["prepare"] = time.perf_counter() - t0
    ctx = AuditContext(data=data, profile=chosen, config=config, loaded=loaded)

    timing.update(run_steps(ctx))

    ids = ids_of(data, chosen)
    found = _collect_findings(ctx, ids)
    rows = _collect_rows(ctx, ids, found)
    out = Path(out_dir) if out_dir else default_out_dir(source)
    report = _report(ctx, found, rows, timing, out)
    t0 = time.perf_counter()
    with staged_outputs(out) as stage:
        found.write_parquet(stage / "findings.parquet")
        rows.write_parquet(stage / "rows.parquet")
        timing["write"] = time.perf_counter() - t0
        timing["total"] = time.perf_counter() - started
        report.timing_s = {k: round(v, 4) for k, v in timing.items()}
        report.write(stage / ReportJson.FILE)
        if html:
            from curation.report import render_report

            render_report(report, found, data, stage / "report.html")
    return AuditOutcome(out_dir=out, report=report, findings=found, rows=rows)


def run_steps(ctx: AuditContext, workers: int = STEP_WORKERS) -> dict[str, float]:
    """Run every step into `ctx.results` (in STEPS order): first every step's `setup`, one after
    the other on this thread, then the steps themselves on `workers` threads. Returns the setups'
    wall seconds and each step's (steps overlap, so they add up to more than the time taken). A
    step's error is raised as it is."""
    steps = [importlib.import_module(f"curation.audit.{name}") for name in STEPS if name not in ctx.config.skip]
    started = time.perf_counter()
    for step in steps:  # imports, reads and shared caches, on this thread (see curation.audit.pipeline)
        if hasattr(step, "setup"):
            step.setup(ctx)
    seconds = {"setup": time.perf_counter() - started}
    # a step waits only for the steps of this run it names (a run of a subset of STEPS skips others)
    after = {s.NAME: set(getattr(s, "AFTER", ())) & {t.NAME for t in steps} for s in steps}
    waiting, running, results = list(steps), {}, {}
    with progress() as bar, ThreadPoolExecutor(max(1, min(workers, os.cpu_count() or 1))) as pool:
        task = bar.add_task("auditing", total=len(steps))
        while waiting or running:
            for step in [s for s in waiting if after[s.NAME] <= results.keys()]:
                waiting.remove(step)
                running[pool.submit(_timed_run, step, ctx)] = step
            if not running:  # a cycle in AFTER: nothing can start
                raise RuntimeError(f"audit steps wait on each other: {[s.NAME for s in waiting]}")
            bar.update(task, description=", ".join(s.TITLE for s in running.values()))
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                step = running.pop(future)
                results[step.NAME], seconds[step.NAME] = future.result()
                ctx.results[step.NAME] = results[step.NAME]
                bar.advance(task)
    ctx.results = {s.NAME: results[s.NAME] for s in steps}
    return seconds


def _timed_run(step: Any, ctx: AuditContext) -> tuple[StepResult, float]:
    started = time.perf_counter()
    return step.run(ctx), time.perf_counter() - started


def _collect_findings(ctx: AuditContext, ids: pl.Series) -> pl.DataFrame:
    found = F.concat([r.findings for r in ctx.results.values() if r.findings is not None])
    id_lookup = pl.DataFrame({"row": ctx.data["row"], "_id": ids})
    found = (
        found.join(id_lookup, on="row", how="left")
        .with_columns(pl.coalesce("id", "_id").alias("id"))
        .drop("_id")
        # every column a key: rows of equal (row, check, column) come in any order from the steps'
        # parallel joins, and the same input must give the same bytes
        .sort(["row", "check", "column", "severity", "message", "evidence", "cluster", "suggestion", "id"], nulls_last=False)
    )
    return F.conform(found)


def _collect_rows(ctx: AuditContext, ids: pl.Series, found: pl.DataFrame) -> pl.DataFrame:
    rows = pl.DataFrame({"row": ctx.data["row"], "id": ids})
    for result in ctx.results.values():
        if result.rows is not None and result.rows.width > 1:
            rows = rows.join(result.rows, on="row", how="left")
    defaults = {"exact_cluster": pl.lit(None, pl.Int64), "near_cluster": pl.lit(None, pl.Int64), "near_cluster_size": pl.lit(1, pl.Int64)}
    for name in ctx.text_fields():
        defaults[f"tpl_{name}"] = pl.lit(None, pl.Int64)
        defaults[f"tpl_score_{name}"] = pl.lit(0.0, pl.Float64)
    rows = rows.with_columns([expr.alias(col) for col, expr in defaults.items() if col not in rows.columns])
    per_row = (
        found.filter(pl.col("row").is_not_null())
        .group_by("row")
        .agg((pl.col("severity") == "error").sum().cast(pl.Int64).alias("n_error"),
             (pl.col("severity") == "warning").sum().cast(pl.Int64).alias("n_warning"))
    )
    rows = rows.join(per_row, on="row", how="left").with_columns(pl.col("n_error", "n_warning").fill_null(0))
    fixed = ["row", "id", "exact_cluster", "near_cluster", "near_cluster_size"]
    tpl = [c for name in ctx.text_fields() for c in (f"tpl_{name}", f"tpl_score_{name}")]
    rest = [c for c in rows.columns if c not in fixed + tpl + ["n_error", "n_warning"]]
    return rows.select(fixed + tpl + rest + ["n_error", "n_warning"]).sort("row")


def _gate(config: AuditConfig, by_severity: dict[str, int], rows_with: dict[str, int], n_rows: int) -> Gate:
    levels = {"error": ["error"], "warning": ["error", "warning"], "never": []}[config.fail_on]
    blocking = sum(by_severity.get(s, 0) for s in levels)
    passed = blocking == 0
    errors, warnings = by_severity.get("error", 0), by_severity.get("warning", 0)
    if passed and errors == 0 and warnings == 0:
        sentence = "Ready to train: no errors or warnings."
    elif config.fail_on == "never":
        sentence = (f"Gate not enforced (--fail-on never): {errors:,} errors on {rows_with.get('error', 0) / max(n_rows, 1):.1%} of rows "
                    f"and {warnings:,} warnings; not ready to train until the errors are fixed or dropped." if errors else
                    f"Gate not enforced (--fail-on never): no errors, {warnings:,} warnings to review before training.")
    elif passed:
        sentence = f"Passes the gate (--fail-on {config.fail_on}), with {errors:,} errors and {warnings:,} warnings to review before training."
    else:
        share = rows_with.get("error" if config.fail_on == "error" else "any", 0) / max(n_rows, 1)
        sentence = (
            f"Not ready to train: {blocking:,} findings at or above '{config.fail_on}' "
            f"on {share:.1%} of rows; fix or drop them, then audit again."
        )
    return Gate(fail_on=config.fail_on, passed=passed, blocking=blocking, sentence=sentence)


def _report(ctx: AuditContext, found: pl.DataFrame, rows: pl.DataFrame, timing: dict[str, float], out: Path) -> ReportJson:
    n = ctx.n_rows
    by_sev = {s: int(c) for s, c in found.group_by("severity").agg(pl.len()).iter_rows()} if found.height else {}
    rows_with = {
        "error": int((rows["n_error"] > 0).sum()),
        "any": int(((rows["n_error"] + rows["n_warning"]) > 0).sum()),
    }
    by_check = []
    if found.height:
        grouped = (
            found.group_by(["check", "severity"])
            .agg(pl.len().alias("count"), pl.col("row").drop_nulls().n_unique().alias("rows"),
                 pl.col("column").drop_nulls().unique().sort().alias("columns"))
            .sort(["rows", "count", "check", "severity"], descending=[True, True, False, False])
        )
        for rec in grouped.iter_rows(named=True):
            examples = (
                found.filter((pl.col("check") == rec["check"]) & (pl.col("severity") == rec["severity"]))
                .head(ctx.config.max_examples)
                .to_dicts()
            )
            by_check.append(CheckSummary(
                **rec,
                share=rec["rows"] / n if n else 0.0,
                description=F.CHECKS[F.check_family(rec["check"])][1],
                examples=examples,
                examples_left_out=max(rec["count"] - len(examples), 0),
            ))
    needs_attention = [c for c in by_check if c.severity in ("error", "warning")]
    needs_attention.sort(key=lambda c: (-c.share, -F.SEVERITY_RANK[c.severity], -c.count))
    fields: dict[str, dict[str, Any]] = {}
    for result in ctx.results.values():
        for name, metrics in result.fields.items():
            fields.setdefault(name, {}).update(metrics)
    # a skipped step measured nothing: null metrics and params, not empty ones
    checks = {
        step: {"params": None if r.skipped else r.params, "metrics": None if r.skipped else r.metrics,
               "skipped": r.skipped, "wall_s": round(timing.get(step, 0.0), 4)}
        for step, r in ctx.results.items()
    }
    overview = ctx.results.get("overview", StepResult())
    return ReportJson(
        schema_version=ReportJson.VERSION,
        tool=Tool(name="curate", version=__version__, python=platform.python_version()),
        dataset=Dataset(
            path=ctx.loaded.source,
            format=ctx.loaded.format,
            sha256=ctx.loaded.sha256,
            rows=n,
            columns=overview.metrics.get("columns", []),
            profile=ctx.profile.name,
            profile_source=ctx.profile.source,
            id_column=ctx.profile.id_column,
            prompt_field=ctx.profile.prompt_field,
            text_fields=ctx.text_fields(),
            fact_fields=ctx.fact_fields(),
            label_fields=list(ctx.profile.label_fields),
            strata=list(ctx.profile.strata),
        ),
        parameters=ctx.config.as_dict(),
        gate=_gate(ctx.config, by_sev, rows_with, n),
        counts=Counts(
            findings=found.height,
            by_severity={s: by_sev.get(s, 0) for s in F.SEVERITIES},
            rows_with_error=rows_with["error"],
            rows_with_any=rows_with["any"],
        ),
        by_check=by_check,
        needs_attention=[c.check + ":" + c.severity for c in needs_attention],
        fields=fields,
        labels=overview.metrics.get("labels", {}),
        strata=overview.metrics.get("strata"),
        checks=Checks.model_validate(checks),
        timing_s={k: round(v, 4) for k, v in timing.items()},
        outputs=Outputs(dir=str(out), files=[ReportJson.FILE, "findings.parquet", "rows.parquet", "report.html"]),
    )
