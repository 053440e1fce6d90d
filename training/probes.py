"""Probe rows by curation fate, and the raw split that shares a curated split's held-out rows.

A curated split (`curate split --dedup near --reweight template ...`) decides a fate for every input
row:

- `kept`: in its train split at full weight (weight >= 1, the train mean);
- `downweighted`: in its train split at weight < 1 (template-heavy answers);
- `removed`: dropped by --dedup (listed in dropped.parquet; the text comes from the input file);
- `held_out`: in its test split (never trained on by either run).

The same probe rows are scored under every run (a raw run, a curated run, the base model), so their
differences are paired. `paired_raw_split` writes the raw counterpart of a curated split: the very
same validation, test and test_ood files, and as train every other input row at weight 1 (no dedup,
no reweighting) — except a removed row whose kept twin went to a held-out split, which would leak.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from curation.artifacts.manifest import Manifest, SplitRecord
from curation.errors import CurateError
from curation.split.layout import MANIFEST, SplitDir, read_split_dir

FATES = ("kept", "downweighted", "removed", "held_out")
DROPPED_FILE = "dropped.parquet"


def input_rows(split: SplitDir) -> pl.DataFrame | None:
    """Every row of the data the split was made from (its input files, as the manifest names them),
    with `row` and the input's columns; None when the manifest names none or they cannot be read."""
    from curation.split.inputs import load_input

    files = split.manifest.input.files if split.manifest else []
    paths = tuple(str(resolve_path(f.path, split.path)) for f in files)
    if not paths or not all(Path(p).exists() for p in paths):
        return None
    loaded = load_input(paths, profile=split.profile_name)
    return loaded.data.select(loaded.output_columns)


def resolve_path(path: str, split_dir: Path) -> Path:
    """A manifest path as written (relative to where `curate split` ran), else beside the split dir."""
    p = Path(path)
    if p.exists() or p.is_absolute():
        return p
    beside = split_dir.resolve().parent / p
    return beside if beside.exists() else p


def prompt_cluster_sizes(split: SplitDir) -> pl.DataFrame | None:
    """row, prompt_copies (the audit's near_cluster_size: rows of the input whose prompt is an exact
    or near duplicate of this row's, itself included), when the split names an audit whose
    rows.parquet can be read."""
    audit = split.manifest.audit.dir if split.manifest and split.manifest.audit else None
    path = resolve_path(audit, split.path) / "rows.parquet" if audit else None
    if path is None or not path.exists():
        return None
    rows = pl.read_parquet(path, columns=None)
    if "near_cluster_size" not in rows.columns:
        return None
    return rows.select(pl.col("row").cast(pl.Int64), pl.col("near_cluster_size").cast(pl.Int64).alias("prompt_copies"))


def dropped_table(split: SplitDir) -> pl.DataFrame | None:
    """row, kept_row of every row --dedup removed (None when the split removed none)."""
    path = split.path / DROPPED_FILE
    if not path.exists():
        return None
    return pl.read_parquet(path).select(pl.col("row").cast(pl.Int64), pl.col("kept_row").cast(pl.Int64))


def curation_fates(split: SplitDir, inputs: pl.DataFrame | None = None) -> tuple[pl.DataFrame, list[str]]:
    """Every row with a fate (and its data columns), and notes on what could not be included.
    `inputs` is the split's input data (read from the manifest's files when not given)."""
    notes = []
    train = split.frames["train"]
    weight = pl.col("weight").cast(pl.Float64) if "weight" in train.columns else pl.lit(1.0)
    parts = [
        train.with_columns(pl.when(weight < 1 - 1e-9).then(pl.lit("downweighted")).otherwise(pl.lit("kept")).alias("fate")),
        split.frames["test"].with_columns(pl.lit("held_out").alias("fate")),
    ]
    dropped = dropped_table(split)
    if dropped is not None and dropped.height:
        data = inputs if inputs is not None else input_rows(split)
        if data is None:
            notes.append(f"the input data of {split.path} cannot be read, so the rows curation removed are not probed")
        else:
            removed = data.join(dropped.select("row"), on="row", how="semi").with_columns(pl.lit("removed").alias("fate"))
            parts.append(removed)
    return pl.concat(parts, how="diagonal_relaxed").sort("row"), notes


def sample_fates(fates: pl.DataFrame, per_fate: int, seed: int) -> pl.DataFrame:
    """Up to `per_fate` rows of each fate, a seeded sample that depends only on the fate's rows (so
    two runs probed with the same curated split get the same rows)."""
    picked = []
    for index, fate in enumerate(FATES):
        rows = fates.filter(pl.col("fate") == fate).sort("row")
        if rows.height > per_fate:
            choice = np.sort(np.random.default_rng([seed, index]).choice(rows.height, size=per_fate, replace=False))
            rows = rows[choice]
        picked.append(rows)
    return pl.concat(picked, how="diagonal_relaxed")


# -- the raw split paired with a curated one ---------------------------------------------------------------


def paired_raw_split(curated_dir: str | Path, out_dir: str | Path, inputs: pl.DataFrame | None = None) -> Manifest:
    """Write the raw split paired with `curated_dir` (see the module docstring); returns its manifest."""
    from curation.split.strata import joint_key
    from curation.split.weights import weight_stats
    from curation.split.write import write_split_dir
    from curation.split.manifest import counts_by_split

    curated = read_split_dir(curated_dir)
    if curated.manifest is None:
        raise CurateError(f"{curated_dir} has no {MANIFEST}; pair a split written by curate split.")
    data = inputs if inputs is not None else input_rows(curated)
    if data is None:
        raise CurateError(f"the input data named in {Path(curated_dir) / MANIFEST} cannot be read; run from the folder curate split ran in.")
    held = {name: frame for name, frame in curated.frames.items() if name != "train"}
    held_rows = pl.concat([f.select("row") for f in held.values()])
    dropped = dropped_table(curated)
    leaking = (dropped.join(held_rows.rename({"row": "kept_row"}), on="kept_row", how="semi").select("row")
               if dropped is not None else pl.DataFrame(schema={"row": pl.Int64}))
    train_cols = curated.frames["train"].columns
    strata = tuple(curated.manifest.strata.columns)
    group_of = curated.frames["train"].select("row", "group")
    if dropped is not None:  # a removed row belongs to its kept twin's group
        group_of = pl.concat([group_of, dropped.join(group_of.rename({"row": "kept_row"}), on="kept_row").select("row", "group")])
    train = (
        data.join(held_rows, on="row", how="anti").join(leaking, on="row", how="anti")
        .join(group_of, on="row", how="left")
        .with_columns(joint_key(strata).alias("stratum"), pl.col("group").fill_null(pl.col("row")), pl.lit(1.0).alias("weight"))
        .select(train_cols).sort("row")
    )
    frames = {"train": train, **held}
    kept = curated.manifest
    record = SplitRecord.model_validate({
        **kept.model_dump(mode="json", exclude_unset=True, exclude={"files"}),
        "parameters": {**kept.parameters.model_dump(mode="json"), "dedup": "none", "reweight": "none"},
        "paired_with": {"curated": str(Path(curated_dir)), "held_out_shared": sorted(held),
                        "removed_rows_in_train": int(dropped.height - leaking.height) if dropped is not None else 0,
                        "removed_rows_left_out": leaking.height},
        "dropped": {"dedup": "none", "keep": kept.dropped.keep, "rows": 0, "kept_rows": 0},
        "counts": counts_by_split(frames),
        "weights": {**kept.weights.model_dump(mode="json"), "reweight": "none", "train": weight_stats(train["weight"].to_numpy(), None)},
    })
    return write_split_dir(Path(out_dir), frames, None, record, "parquet")
