"""Label-conflict step: rows of one duplicate cluster (exact or near) whose labels disagree.

The same prompt labelled two ways teaches the model noise (deepchecks' ConflictingLabels). Every
row of a conflicting cluster gets a `label.conflict` finding per disagreeing label field, with the
cluster id and the competing values as evidence. Labels are compared in the profile's canonical
form: 'HIGH' and 'high' are one label (`schema.noncanonical` reports the spelling).
"""

from __future__ import annotations

import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditContext, StepResult

NAME = "labels"
TITLE = "Label conflicts"
AFTER = ("exact", "near")  # reads their clusters


def conflicts(data: pl.DataFrame, cluster_col: str, label: str) -> pl.DataFrame:
    """Rows whose cluster holds more than one value of `label`, with the values (most common first)."""
    clustered = data.filter(pl.col(cluster_col).is_not_null())
    per_cluster = (
        clustered.group_by(cluster_col)
        .agg(pl.col(label).cast(pl.String).drop_nulls().value_counts(sort=True).alias("vc"))
        .filter(pl.col("vc").list.len() > 1)
        .with_columns(
            pl.col("vc").list.eval(pl.element().struct.field(label) + " (" + pl.element().struct.field("count").cast(pl.String) + ")")
            .list.join(" vs ").alias("evidence")
        )
        .select(cluster_col, "evidence")
    )
    return clustered.join(per_cluster, on=cluster_col).select("row", pl.col(cluster_col).alias("cluster"), "evidence", pl.col(label).cast(pl.String).alias("value"))


def run(ctx: AuditContext) -> StepResult:
    labels = [c for c in ctx.profile.label_fields if c in ctx.data.columns]
    frames, metrics = [], {}
    for kind, step in (("exact", "exact"), ("near", "near")):
        result = ctx.results.get(step)
        cluster_col = f"{kind}_cluster"
        if result is None or result.rows is None or cluster_col not in result.rows.columns:
            continue
        # 'HIGH' and 'high' are one label written two ways (schema.noncanonical), not a conflict
        data = ctx.profile.canonical_labels(ctx.data.select(["row", *labels])).join(result.rows.select("row", cluster_col), on="row")
        for label in labels:
            hits = conflicts(data, cluster_col, label)
            metrics[f"{kind}.{label}"] = {"rows": hits.height, "clusters": hits["cluster"].n_unique()}
            frames.append(F.findings(
                hits["row"], "label.conflict", column=label, cluster=hits["cluster"],
                message=f"this row's {kind}-duplicate cluster carries different '{label}' labels",
                evidence=hits["evidence"],
                suggestion="relabel the cluster consistently or drop the wrong rows",
            ))
    return StepResult(findings=F.concat(frames), metrics=metrics, params={"label_fields": labels})
