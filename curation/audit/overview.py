"""Overview step: text length distributions per field, label distributions and the strata grid.

No findings; this is what the report's overview, label and length sections draw.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from curation.audit.pipeline import AuditContext, StepResult

NAME = "overview"
TITLE = "Overview"

HISTOGRAM_BINS = 30
RARE_STRATUM_ROWS = 10  # strata smaller than this are highlighted as rare (split needs >= 1 per split)


def _length_stats(lengths: pl.Series) -> dict:
    values = lengths.drop_nulls().to_numpy()
    if values.size == 0:
        return {"count": 0}
    top = max(float(np.percentile(values, 99.5)), 1.0)
    counts, edges = np.histogram(np.clip(values, 0, top), bins=HISTOGRAM_BINS, range=(0, top))
    q = np.percentile(values, [5, 50, 95, 99])
    return {
        "count": int(values.size),
        "min": int(values.min()),
        "p5": float(q[0]),
        "median": float(q[1]),
        "p95": float(q[2]),
        "p99": float(q[3]),
        "max": int(values.max()),
        "mean": float(values.mean()),
        "histogram": {"edges": [round(float(e), 2) for e in edges], "counts": counts.astype(int).tolist(), "clipped_at": top},
    }


def run(ctx: AuditContext) -> StepResult:
    data = ctx.data
    fields = {}
    names = ctx.scanned_fields()
    counts = data.select(e for name in names for e in (pl.col(name).n_unique().alias(f"{name}\0distinct"), pl.col(name).null_count().alias(f"{name}\0nulls")))
    for name in names:
        lengths = ctx.lengths(name)
        fields[name] = {
            "chars": _length_stats(lengths["chars"]),
            "words": _length_stats(lengths["words"]),
            "distinct": int(counts[f"{name}\0distinct"][0]),
            "nulls": int(counts[f"{name}\0nulls"][0]),
        }

    labels = {}
    for name in ctx.profile.label_fields:
        if name not in data.columns:
            continue
        counts = data[name].cast(pl.String).value_counts(sort=True, name="count")
        labels[name] = {
            "distinct": counts.height,
            "counts": {str(k): int(v) for k, v in zip(counts[name].to_list(), counts["count"].to_list())},
        }

    strata = [s for s in ctx.profile.strata if s in data.columns]
    grid = None
    if strata:
        counts = data.group_by(strata).agg(pl.len().alias("count")).sort(strata, nulls_last=True)
        grid = {
            "columns": strata,
            "cells": [
                {"values": [None if r[s] is None else str(r[s]) for s in strata], "count": int(r["count"])}
                for r in counts.iter_rows(named=True)
            ],
            "rare_below": RARE_STRATUM_ROWS,
            "rare": int((counts["count"] < RARE_STRATUM_ROWS).sum()),
        }
    columns = [
        {"name": c, "dtype": str(t), "nulls": int(data[c].null_count())}
        for c, t in data.schema.items()
        if c != "row"
    ]
    return StepResult(
        metrics={"columns": columns, "labels": labels, "strata": grid},
        fields=fields,
        params={"histogram_bins": HISTOGRAM_BINS, "rare_stratum_rows": RARE_STRATUM_ROWS},
    )
