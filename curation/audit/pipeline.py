"""The audit pipeline: small single-purpose steps over one prepared frame.

Each step is a module in this folder with a `NAME`, a `TITLE` and `run(ctx) -> StepResult`. A step
reads `ctx.data` (the dataset with `row` first and the profile's derived columns), returns
findings, per-row columns for rows.parquet, and metrics for report.json. Steps never write files;
`curation.audit.run` assembles and writes the outputs.

Steps run side by side on worker threads, and Python's imports and process-wide caches are not
safe to fill from two threads at once (two threads importing pandera deadlock on its module
locks). So a step's `run` only computes: whatever imports a module, reads a file or fills a cache
shared across steps is done by the step's optional `setup(ctx)`, which the pipeline calls on the
main thread, for every step, before any step starts; `run` then only reads what it made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

import polars as pl

from curation.dedup import NearParams, normalize_columns
from curation.profile import Profile
from curation.read import Loaded
from curation.verify import Registry, load_registry
from curation.verify.engine import warm

T = TypeVar("T")


@dataclass(frozen=True)
class AuditConfig:
    """Everything a user can set on `curate audit`; recorded in report.json."""

    fail_on: str = "error"  # error | warning | never
    against: tuple[str, ...] = ()  # leakage: other datasets compared with this one
    rules_dirs: tuple[str, ...] = ()  # extra/overriding rule packs
    # Near-duplicates (`curation.dedup.NearParams`, where the defaults and their calibration live):
    near_threshold: float = NearParams.threshold  # word edit similarity for duplicate.near
    num_perm: int = NearParams.num_perm
    family_share: float = NearParams.family_share  # a near cluster above this share of rows is a template family
    seed: int = NearParams.seed
    max_examples: int = 20  # examples per check kept in report.json
    skip: tuple[str, ...] = ()  # audit steps not run (report.json lists them; split needs exact, near, templates)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class StepResult:
    findings: pl.DataFrame | None = None  # findings contract (curation.findings); `id` is filled later
    rows: pl.DataFrame | None = None  # `row` + columns this step adds to rows.parquet
    metrics: dict[str, Any] = field(default_factory=dict)  # report.json: checks[step].metrics
    params: dict[str, Any] = field(default_factory=dict)  # report.json: checks[step].params
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # report.json: fields[F] (merged)
    skipped: str | None = None  # why the step did not run (e.g. no --against given)


@dataclass
class AuditContext:
    data: pl.DataFrame  # the prepared dataset; `row` (Int64) is its first column
    profile: Profile
    config: AuditConfig
    loaded: Loaded
    results: dict[str, StepResult] = field(default_factory=dict)  # earlier steps, by NAME
    _normalized: dict[str, pl.Series] = field(default_factory=dict, repr=False)  # see `normalized`
    _lengths: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)  # see `lengths`
    _shared: dict[str, Any] = field(default_factory=dict, repr=False)  # see `shared`
    _cache_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)  # steps run side by side

    @property
    def n_rows(self) -> int:
        return self.data.height

    def text_fields(self) -> list[str]:
        """The profile's text fields that exist in the data and hold text."""
        return [f for f in self.profile.text_fields if f in self.data.columns and self.data.schema[f] == pl.String]

    def fact_fields(self) -> list[str]:
        return [f for f in self.profile.fact_fields if f in self.data.columns and self.data.schema[f] == pl.String]

    def scanned_fields(self) -> list[str]:
        """Text fields and fact fields, each once, in profile order."""
        return list(dict.fromkeys(self.text_fields() + self.fact_fields()))

    def normalized(self, name: str) -> pl.Series:
        """Column `name` through `curation.text.normalized`, computed once per audit: the exact,
        near and leakage steps all compare normalized text."""
        return self.normalized_fields([name])[name]

    def normalized_fields(self, names: list[str]) -> dict[str, pl.Series]:
        """`normalized` of several columns; the missing ones are computed together (in parallel)."""
        with self._cache_lock:
            missing = [name for name in dict.fromkeys(names) if name not in self._normalized]
            if missing:
                self._normalized.update(normalize_columns(self.data, missing))
            return {name: self._normalized[name] for name in names}

    def lengths(self, name: str) -> pl.DataFrame:
        """`chars` and `words` (runs of non-whitespace) of scanned field `name`, one row per row:
        the overview and text-quality steps both read them. Computed once per audit, for every
        scanned field in one select (polars runs its expressions in parallel)."""
        with self._cache_lock:
            if name not in self._lengths:
                self._measure_lengths()
            return self._lengths[name]

    def _measure_lengths(self) -> None:
        fields = self.scanned_fields()
        measured = self.data.select(
            expr for f in fields
            for expr in (pl.col(f).str.len_chars().alias(f"{f}\0chars"), pl.col(f).str.count_matches(r"\S+").alias(f"{f}\0words"))
        )
        for f in fields:
            self._lengths[f] = measured.select(pl.col(f"{f}\0chars").alias("chars"), pl.col(f"{f}\0words").alias("words"))

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """`build()`, called once per audit and kept under `key`, for what several steps (or a
        step's `setup` and its `run`) use. Call it from `setup` for anything that imports or reads."""
        with self._cache_lock:
            if key not in self._shared:
                self._shared[key] = build()
            return self._shared[key]

    def rules(self) -> Registry:
        """The rule packs (built in, plus --rules folders) with every lookup table the rule engine
        builds on first use: the legal, helplines and patterns steps share one, loaded in setup."""
        return self.shared("rules", lambda: warm(load_registry(self.config.rules_dirs)))
