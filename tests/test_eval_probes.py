"""Probe rows by curation fate, and the raw split that shares a curated split's held-out rows."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from train_fixtures import nariraksha_rows, write_split

from curation.artifacts.manifest import Input, Manifest
from curation.errors import CurateError
from curation.split.layout import read_split_dir
from curation.training.probes import curation_fates, paired_raw_split, sample_fates


@pytest.fixture
def curated(tmp_path: Path, monkeypatch) -> Path:
    """A hand-made curated split of 20 input rows: train 0-9 (rows 0-3 down-weighted), validation
    10-11, test 12-14, test_ood 15; dedup dropped 16 and 17 (kept twins 1 and 2, in train) and 18, 19
    (kept twins 12 and 15, held out)."""
    monkeypatch.chdir(tmp_path)
    data = nariraksha_rows(20, seed=4).drop("row", "stratum", "group", "weight")
    data.write_parquet(tmp_path / "data.parquet")
    framed = nariraksha_rows(20, seed=4).with_columns(pl.col("row").alias("group"))
    weights = [0.5, 0.5, 0.5, 0.5] + [4 / 3] * 6

    def part(rows: list[int], weight=None) -> pl.DataFrame:
        frame = framed.filter(pl.col("row").is_in(rows))
        return frame.with_columns(pl.Series("weight", weight or [1.0] * frame.height))

    frames = {"train": part(list(range(10)), weights), "validation": part([10, 11]), "test": part([12, 13, 14]), "test_ood": part([15])}
    dropped = pl.DataFrame({"row": [16, 17, 18, 19], "id": [None] * 4, "kept_row": [1, 2, 12, 15], "reason": ["duplicate.near"] * 4},
                           schema={"row": pl.Int64, "id": pl.String, "kept_row": pl.Int64, "reason": pl.String})
    root = write_split(tmp_path / "curated", frames, dropped=dropped, stratify=("risk_type", "severity"), reweight="template",
                       input_files=[{"path": "data.parquet", "name": "data.parquet", "sha256": None, "rows": 20}])
    return root


def test_every_row_gets_its_curation_fate(curated):
    fates, notes = curation_fates(read_split_dir(curated))
    assert notes == []
    by_fate = {f: sorted(g["row"].to_list()) for (f,), g in fates.group_by("fate")}
    assert by_fate == {"downweighted": [0, 1, 2, 3], "kept": [4, 5, 6, 7, 8, 9], "held_out": [12, 13, 14], "removed": [16, 17, 18, 19]}
    removed = fates.filter(pl.col("fate") == "removed")
    assert removed["scenario"].null_count() == 0  # their text came from the input file


def test_removed_rows_are_left_out_with_a_note_when_the_input_is_gone(curated):
    (curated.parent / "data.parquet").unlink()
    fates, notes = curation_fates(read_split_dir(curated))
    assert "removed" not in fates["fate"].to_list()
    assert len(notes) == 1 and "cannot be read" in notes[0]


def test_probe_samples_depend_only_on_the_fates_rows(curated):
    fates, _ = curation_fates(read_split_dir(curated))
    a = sample_fates(fates, 2, seed=5)
    assert a.group_by("fate").len().sort("fate")["len"].to_list() == [2, 2, 2, 2]
    # the same fates in another order give the same sample
    b = sample_fates(fates.sample(fraction=1.0, shuffle=True, seed=1), 2, seed=5)
    assert sorted(a["row"].to_list()) == sorted(b["row"].to_list())
    assert sample_fates(fates, 2, seed=6)["row"].to_list() != a["row"].to_list()


def test_the_raw_split_shares_the_held_out_rows_and_trains_on_the_rest(curated):
    manifest = paired_raw_split(curated, curated.parent / "raw")
    raw, cur = read_split_dir(curated.parent / "raw"), read_split_dir(curated)
    for name in ("validation", "test", "test_ood"):
        assert raw.frames[name].equals(cur.frames[name])
    # train: everything but held-out rows and the removed twins of held-out rows (18, 19 would leak)
    assert raw.frames["train"]["row"].to_list() == [*range(10), 16, 17]
    assert raw.frames["train"]["weight"].unique().to_list() == [1.0]
    assert raw.frames["train"].columns == cur.frames["train"].columns
    groups = dict(zip(raw.frames["train"]["row"].to_list(), raw.frames["train"]["group"].to_list()))
    assert groups[16] == groups[1] and groups[17] == groups[2]  # a removed row sits in its twin's group
    assert manifest.paired_with.removed_rows_in_train == 2 and manifest.paired_with.removed_rows_left_out == 2
    assert manifest.parameters.dedup == "none" and manifest.weights.reweight == "none"


def test_a_raw_split_needs_the_input(curated):
    (curated.parent / "data.parquet").unlink()
    with pytest.raises(CurateError, match="cannot be read"):
        paired_raw_split(curated, curated.parent / "raw")
    assert not (curated.parent / "raw").exists()


def test_probes_from_another_dataset_are_refused(tmp_path):
    from curation.split.layout import SplitDir
    from curation.training.evaluate import _check_same_data

    def split(name: str, sha: str) -> SplitDir:  # only the manifest's input matters here
        return SplitDir(tmp_path / name, {}, "parquet", Manifest.model_construct(input=Input(files=[], rows=20, sha256=sha)))

    mine, same, other = split("a", "1" * 64), split("b", "1" * 64), split("c", "2" * 64)
    _check_same_data(mine, same)
    with pytest.raises(CurateError, match="other data"):
        _check_same_data(mine, other)
