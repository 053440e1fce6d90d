"""manifest.json of a split directory: what went in, with which parameters, and what came out
(the model: `curation.artifacts.manifest`). `build` makes all of it but the written files' hashes,
which `curation.split.write.write_split_dir` adds as it writes.

Nothing in it depends on the clock or the machine, so the same input and seed give the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl

from curation import __version__
from curation.artifacts.manifest import Groups, Ratios, SplitCounts, SplitRecord, Tool
from curation.split import weights as W
from curation.split.assign import Assignment
from curation.split.config import ASSIGNED_SPLITS, SplitConfig
from curation.split.leakage import summarize

if TYPE_CHECKING:
    from curation.split.inputs import SplitInput
    from curation.split.run import _Plan

BIG_STRATUM = 50  # ratios are promised within 2 points for strata of at least this many rows
TOLERANCE_PP = 2.0


def ratio_table(assignment: Assignment, strata_names: list[str], splits: tuple[str, ...], ratios: np.ndarray) -> Ratios:
    """Target and achieved ratios, overall and per stratum, with the worst error in points."""
    rows = assignment.stratum_rows
    achieved = assignment.achieved
    total = max(int(rows.sum()), 1)
    per_stratum = []
    worst_big = 0.0
    for i, name in enumerate(strata_names):
        share = achieved[i] / max(rows[i], 1)
        error = float(np.abs(share - ratios).max() * 100)
        if rows[i] >= BIG_STRATUM:
            worst_big = max(worst_big, error)
        per_stratum.append({
            "stratum": name,
            "rows": int(rows[i]),
            **{s: int(achieved[i, k]) for k, s in enumerate(splits)},
            "max_error_pp": round(error, 3),
        })
    return Ratios(
        target={s: float(r) for s, r in zip(splits, ratios)},
        achieved={s: round(float(achieved[:, k].sum()) / total, 6) for k, s in enumerate(splits)},
        max_error_pp_strata_50plus=round(worst_big, 3),
        within_2pp=bool(worst_big <= TOLERANCE_PP + 1e-9),
        by_stratum=per_stratum,
    )


def counts_by_split(frames: dict[str, pl.DataFrame]) -> dict[str, SplitCounts]:
    out = {}
    for name, frame in frames.items():
        by = frame.group_by("stratum").len().sort("stratum")
        out[name] = SplitCounts(rows=frame.height, by_stratum={s: int(n) for s, n in by.iter_rows()})
    return out


def group_stats(frames: dict[str, pl.DataFrame], large: list[dict[str, Any]], mode: str) -> Groups:
    together = pl.concat([f.select("group", pl.lit(name).alias("split")) for name, f in frames.items()])
    per_group = together.group_by("group").agg(pl.len().alias("rows"), pl.col("split").n_unique().alias("splits"))
    return Groups(
        mode=mode,
        groups=per_group.height,
        singletons=int((per_group["rows"] == 1).sum()),
        largest=int(per_group["rows"].max() or 0),
        crossing_splits=int((per_group["splits"] > 1).sum()),
        large=large,
    )


def build(inp: SplitInput, config: SplitConfig, stratify: tuple[str, ...], template_fields: list[str], near_params: dict[str, Any],
          dropped: pl.DataFrame, plan: _Plan, frames: dict[str, pl.DataFrame], matches: pl.DataFrame, rounds: int,
          large: list[dict[str, Any]]) -> SplitRecord:
    """The manifest of a split `curation.split.run` made, less its files."""
    train = frames["train"]
    return SplitRecord(
        schema_version=1,
        tool=Tool(name="curate", version=__version__),
        profile=inp.profile.name,
        profile_source=inp.profile.source,
        prompt_field=inp.profile.prompt_field,
        input={"files": inp.files, "rows": inp.data.height, "sha256": inp.sha256},
        audit=None if inp.audit is None else {"dir": str(inp.audit.dir), "dataset_sha256": inp.audit.report.dataset.sha256},
        seed=config.seed,
        parameters={**config.as_dict(), "stratify": list(stratify)},
        labels={"canonicalized": inp.canonicalized},
        near_duplicates=near_params,
        strata={
            "columns": list(stratify),
            "counts": {s: int(n) for s, n in plan.strata.counts.iter_rows()},
            "rare": {"policy": config.rare_strata, "strata": plan.strata.rare},
        },
        dropped={"dedup": config.dedup, "keep": config.keep, "rows": dropped.height,
                 "kept_rows": int(dropped["kept_row"].n_unique()) if dropped.height else 0},
        counts=counts_by_split(frames),
        ratios=ratio_table(plan.assignment, plan.strata_names, ASSIGNED_SPLITS, np.asarray(config.ratios)),
        groups=group_stats(frames, large, config.group),
        leakage={**summarize(matches), "checked": config.verify, "assignment_rounds": rounds},
        holdout=plan.holdout,
        weights={
            "reweight": config.reweight,
            "strength": config.reweight_strength,
            "fields": template_fields,
            "formula": W.FORMULAS[config.reweight],
            "source_weights": dict(config.source_weights),
            "train": W.weight_stats(train["weight"].to_numpy(), train["source"] if "source" in train.columns and len(inp.files) > 1 else None),
        },
    )
