"""Property tests of the whole split (hypothesis): whatever the data, clusters and options,
no row is lost or duplicated except the rows dedup dropped (counted in the manifest), no duplicate
group crosses splits, and the same input and seed give byte-identical files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from split_fixtures import write_audit

from curation.split.config import SplitConfig
from curation.split.groups import components
from curation.split.run import run_split


@st.composite
def datasets(draw):
    n = draw(st.integers(1, 60))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    labels = [["a", "b", "c", None][i] for i in rng.integers(0, draw(st.integers(1, 4)), n)]
    # Cluster ids are arbitrary labels (not row numbers), null for rows alone.
    exact = [int(c) * 13 if c < n // 3 else None for c in rng.integers(0, max(n, 1), n)]
    near = [int(c) + 1000 if c < n // 4 else None for c in rng.integers(0, max(n, 1), n)]
    frame = pl.DataFrame({
        "prompt": [f"prompt number {i} about {'x' * (i % 7)} and word{i * 31 % 97} end" for i in range(n)],
        "label": labels,
        "kind": [["p", "q"][i] for i in rng.integers(0, 2, n)],
    })
    truth = pl.DataFrame({"row": np.arange(n, dtype=np.int64), "exact_cluster": exact, "near_cluster": near},
                         schema={"row": pl.Int64, "exact_cluster": pl.Int64, "near_cluster": pl.Int64})
    config = SplitConfig(
        stratify=draw(st.sampled_from([("label",), ("label", "kind"), ()])),
        ratios=draw(st.sampled_from([(0.8, 0.1, 0.1), (0.5, 0.25, 0.25), (0.9, 0.0, 0.1)])),
        group=draw(st.sampled_from(["near", "exact", "none", "kind"])),
        dedup=draw(st.sampled_from(["none", "exact", "near"])),
        keep=draw(st.sampled_from(["first", "last", "longest", "random"])),
        reweight=draw(st.sampled_from(["none", "cluster"])),
        rare_strata=draw(st.sampled_from(["merge", "train"])),
        seed=seed,
    )
    return frame, truth, config


def crossing(labels: pl.Series, split: pl.Series) -> int:
    frame = pl.DataFrame({"g": labels, "s": split}).filter(pl.col("g").is_not_null())
    return int((frame.group_by("g").agg(pl.col("s").n_unique())["s"] > 1).sum())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_property_rows_kept_or_counted_groups_whole_deterministic(case):
    frame, truth, config = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "d.parquet"
        frame.write_parquet(data)
        write_audit(root / "d.audit", data, truth, profile="generic", text_columns=("prompt",), label_columns=("label",))
        run = lambda out: run_split((str(data),), config, audit=str(root / "d.audit"), out_dir=root / out)  # noqa: E731
        outcome = run("a")
        splits = pl.concat([f.select("row", pl.lit(n).alias("split")) for n, f in outcome.frames.items()])

        # every row once, or dropped and counted
        assert splits["row"].is_unique().all()
        assert sorted(splits["row"].to_list() + outcome.dropped["row"].to_list()) == list(range(frame.height))
        assert outcome.manifest.dropped.rows == outcome.dropped.height
        assert not splits["row"].is_in(outcome.dropped["row"]).any()

        # the chosen groups never cross splits (recomputed here from the audit's clusters)
        placed = truth.join(splits, on="row").join(frame.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)), on="row")
        if config.group == "near":
            placed = placed.with_columns(pl.Series("g", components(placed.height, [placed["exact_cluster"], placed["near_cluster"]])))
            assert crossing(placed["g"], placed["split"]) == 0
        elif config.group in ("exact", "kind"):
            assert crossing(placed["exact_cluster" if config.group == "exact" else "kind"], placed["split"]) == 0
        assert outcome.manifest.groups.crossing_splits == 0
        assert not outcome.frames["validation"].height or config.ratios[1] > 0

        train = outcome.frames["train"]
        if train.height:
            assert abs(train["weight"].mean() - 1.0) < 1e-9

        again = run("b")
        for name in outcome.manifest.files:
            assert (outcome.out_dir / name).read_bytes() == (again.out_dir / name).read_bytes()
        assert (outcome.out_dir / "manifest.json").read_bytes() == (again.out_dir / "manifest.json").read_bytes()
