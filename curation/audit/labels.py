"""Label-conflict step: rows of one duplicate cluster (exact or near) whose labels disagree.

The same prompt labelled two ways teaches the model noise (deepchecks' ConflictingLabels). Every
row of a conflicting cluster gets a `label.conflict` finding per disagreeing label field, with the
cluster id and the competing values as evidence. Labels are compared in the profile's canonical
form: 'HIGH' and 'high' are one label (`schema.noncanonical` reports the spelling).

`copy_labels` makes the same comparison across files, for the rows leakage finds in other data
(`audit --against`, `split --check`): there a disagreement is `label.conflict.against`.
"""

from __future__ import annotations

from collections.abc import Sequence

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


COPIES = "_copies"  # the column of `copy_labels`' `there` naming each row's group of copies


def copy_labels(pairs: pl.DataFrame, here: pl.DataFrame, there: pl.DataFrame, labels: Sequence[str]) -> pl.DataFrame:
    """The labels of rows found in other data, against their copies there.

    `pairs`: `query` (a position in `here`) and `reference` (the position in `there` of the row it
    matched). `there` has a COPIES column: rows with one value are copies of each other (the same
    normalized prompt), so a row is compared with every copy of its match, not just the first.
    Labels should be in canonical form (`Profile.canonical_labels`). One line per pair and label
    field with a value on both sides (nulls are not compared): query, reference, label, value, there
    (the copies' values, most common first: "'low' (2 rows), 'high' (1 row)"), agree (every copy carries the
    row's value)."""
    labels = list(labels)
    schema = {"query": pl.Int64, "reference": pl.Int64, "label": pl.String, "value": pl.String, "there": pl.String, "agree": pl.Boolean}
    if not labels or pairs.is_empty():
        return pl.DataFrame(schema=schema)
    # the label fields become values of `_field`: internal names cannot meet a label column's name
    long = {"variable_name": "_field", "value_name": "_value"}
    keys = pairs.select(pl.col("query").cast(pl.Int64).alias("_q"), pl.col("reference").cast(pl.Int64).alias("_r")).join(
        there.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("_r"), COPIES), on="_r", how="left")
    mine = (
        here.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("_q"), *(pl.col(c).cast(pl.String) for c in labels))
        .join(keys.select("_q"), on="_q", how="semi").unpivot(index="_q", on=labels, **long).drop_nulls("_value")
    )
    theirs = (
        there.select(COPIES, *(pl.col(c).cast(pl.String) for c in labels)).join(keys.select(COPIES), on=COPIES, how="semi")
        .unpivot(index=COPIES, on=labels, **long).drop_nulls("_value")
        .group_by(COPIES, "_field", "_value").agg(pl.len().alias("_n"))
        .sort([COPIES, "_field", "_n", "_value"], descending=[False, False, True, False])
        .group_by(COPIES, "_field", maintain_order=True)
        .agg(pl.col("_value").alias("_others"), pl.format("'{}' ({} row{})", "_value", "_n", pl.when(pl.col("_n") == 1).then(pl.lit("")).otherwise(pl.lit("s"))).str.join(", ").alias("there"))
    )
    agree = (pl.col("_others").list.len() == 1) & (pl.col("_others").list.first() == pl.col("_value"))
    return (
        keys.join(mine, on="_q").join(theirs, on=[COPIES, "_field"])
        .select(pl.col("_q").alias("query"), pl.col("_r").alias("reference"), pl.col("_field").alias("label"),
                pl.col("_value").alias("value"), "there", agree.alias("agree"))
        .sort("query", "label").cast(schema)
    )


def agreement_summary(compared: pl.DataFrame, by: Sequence[str] = ("query",)) -> dict[str, object]:
    """How many compared rows (told apart by the columns `by`) carry their copies' labels, how many
    others (per label field too)."""
    per_row = compared.group_by(list(by)).agg(pl.col("agree").all())
    differ = compared.filter(~pl.col("agree"))
    return {
        "compared_rows": per_row.height,
        "agree_rows": int(per_row["agree"].sum()),
        "conflict_rows": int((~per_row["agree"]).sum()),
        "conflicts_by_label": {k: int(n) for k, n in differ.group_by("label").len().sort("label").iter_rows()},
    }
