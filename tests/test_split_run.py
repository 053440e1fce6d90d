"""`curate split` end to end: outputs, manifest, determinism, dedup, holdout, data mixes, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from split_fixtures import nariraksha, write_audit

from curation.errors import CurateError
from curation.split.config import SplitConfig
from curation.split.layout import read_split_dir
from curation.split.run import run_split


@pytest.fixture
def audited(tmp_path, monkeypatch):
    """600 NariRaksha-shaped rows, their audit directory beside them, cwd = that folder."""
    frame, truth = nariraksha(600, seed=4)
    data = tmp_path / "nr.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "nr.audit", data, truth)
    monkeypatch.chdir(tmp_path)
    return data, truth


def all_rows(frames: dict[str, pl.DataFrame]) -> pl.Series:
    return pl.concat([f["row"] for f in frames.values()])


def split_of_rows(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return pl.concat([f.select("row", pl.lit(n).alias("split")) for n, f in frames.items()])


def truth_groups_cross(truth: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> int:
    """Clusters of the hand-made truth (exact or near) found in more than one split."""
    placed = truth.join(split_of_rows(frames), on="row")
    crossing = 0
    for column in ("exact_cluster", "near_cluster"):
        per = placed.filter(pl.col(column).is_not_null()).group_by(column).agg(pl.col("split").n_unique())
        crossing += int((per["split"] > 1).sum())
    return crossing


def test_split_with_no_data_uses_the_audit_here_and_keeps_every_row(audited, curate):
    data, truth = audited
    code, err = curate("split", "--stratify", "risk_type,severity")
    assert code == 0, err
    assert "splitting" in err and "nr.audit" in err  # says which data was used
    assert "rows split over" in err and "cyberstalking | medium" in err  # strata printed
    out = read_split_dir("nr.split")
    frames = out.frames
    assert sorted(all_rows(frames).to_list()) == list(range(600))
    assert truth_groups_cross(truth, frames) == 0
    original = pl.read_parquet(data)
    indexed = original.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    for frame in frames.values():
        assert frame.columns == ["row", *original.columns, "stratum", "group", "weight"]
        assert frame["row"].is_sorted()
        # every value kept as it was in the input
        assert frame.drop("stratum", "group", "weight").equals(indexed.filter(pl.col("row").is_in(frame["row"])))
    m = out.manifest
    assert m.profile == "nariraksha" and m.input.sha256 == json.loads((Path("nr.audit") / "report.json").read_text())["dataset"]["sha256"]
    assert m.groups.crossing_splits == 0 and m.leakage.rows.exact == 0 and m.leakage.rows.near == 0
    assert m.ratios.within_2pp and m.counts["train"].rows == frames["train"].height
    assert sum(m.strata.counts.values()) == 600
    assert m.weights.train.mean == 1.0 and (frames["test"]["weight"] == 1.0).all()


def test_same_input_and_seed_give_byte_identical_files(audited, tmp_path):
    for fmt in ("parquet", "jsonl", "hf"):
        config = SplitConfig(stratify=("risk_type", "severity"), seed=3, format=fmt, reweight="cluster", dedup="exact", holdout_templates=(("recommended_action", 0.3),))
        a = run_split((), config, out_dir=tmp_path / f"a-{fmt}")
        b = run_split((), config, out_dir=tmp_path / f"b-{fmt}")
        files_a = sorted(p.relative_to(a.out_dir) for p in a.out_dir.rglob("*") if p.is_file())
        assert files_a == sorted(p.relative_to(b.out_dir) for p in b.out_dir.rglob("*") if p.is_file())
        for name in files_a:
            assert (a.out_dir / name).read_bytes() == (b.out_dir / name).read_bytes(), f"{fmt}: {name} differs"
        assert read_split_dir(a.out_dir).frames["train"].height == a.frames["train"].height
    other = run_split((), SplitConfig(stratify=("risk_type", "severity"), seed=4), out_dir=tmp_path / "c")
    assert set(other.frames["test"]["row"]) != set(run_split((), SplitConfig(stratify=("risk_type", "severity"), seed=3), out_dir=tmp_path / "d").frames["test"]["row"])


def test_dedup_drops_are_counted_listed_and_never_lost(audited, tmp_path):
    _, truth = audited
    outcome = run_split((), SplitConfig(dedup="exact", keep="first"), out_dir=tmp_path / "o")
    exact = truth.filter(pl.col("exact_cluster").is_not_null())
    expected = exact.height - exact["exact_cluster"].n_unique()
    assert outcome.manifest.dropped.rows == expected == outcome.dropped.height
    kept = all_rows(outcome.frames)
    assert kept.len() + expected == 600 and not kept.is_in(outcome.dropped["row"]).any()
    # first: the kept row is the cluster's first row, which is the truth's cluster id
    assert outcome.dropped.join(truth, on="row").select((pl.col("kept_row") == pl.col("exact_cluster")).all()).item()
    assert pl.read_parquet(outcome.out_dir / "dropped.parquet").equals(outcome.dropped)


def test_holdout_moves_every_row_of_the_held_templates_to_test_ood(audited, tmp_path):
    _, truth = audited
    outcome = run_split((), SplitConfig(holdout_templates=(("recommended_action", 0.3),)), out_dir=tmp_path / "o")
    held = outcome.manifest.holdout.fields["recommended_action"].held_out
    assert len(held) == 1  # round(0.3 * 3 templates)
    placed = truth.join(split_of_rows(outcome.frames), on="row")
    assert set(placed.filter(pl.col("tpl_recommended_action").is_in(held))["split"]) == {"test_ood"}
    assert truth_groups_cross(truth, outcome.frames) == 0
    assert outcome.manifest.holdout.rows == outcome.frames["test_ood"].height
    # the held-out rows are not in the ratios: train/validation/test still split the rest 80/10/10
    assert outcome.manifest.ratios.achieved["train"] == pytest.approx(0.8, abs=0.02)
    # a later run without the holdout removes the stale test_ood file
    run_split((), SplitConfig(), out_dir=tmp_path / "o")
    assert not (tmp_path / "o" / "test_ood.parquet").exists()


def test_template_reweighting_downweights_the_large_template(tmp_path):
    frame, truth = nariraksha(400, seed=1)
    # 40 rows get a unique reasoning of their own: no template, so full weight
    unique = np.arange(400) % 10 == 0
    frame = frame.with_columns(pl.when(pl.Series(unique)).then(pl.format("Free text {}", pl.int_range(400))).otherwise("reasoning").alias("reasoning"))
    truth = truth.with_columns(pl.when(pl.Series(unique)).then(None).otherwise("tpl_reasoning").alias("tpl_reasoning"),
                               pl.when(pl.Series(unique)).then(0.0).otherwise("tpl_score_reasoning").alias("tpl_score_reasoning"))
    data = tmp_path / "d.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "d.audit", data, truth)
    config = SplitConfig(reweight="template", reweight_strength=1.0, template_fields=("reasoning",))
    train = run_split((str(data),), config, audit=str(tmp_path / "d.audit"), out_dir=tmp_path / "o").frames["train"]
    placed = train.join(truth, on="row")
    n = placed.group_by("tpl_reasoning").len()
    expected = placed.join(n, on="tpl_reasoning", how="left").select(pl.when(pl.col("tpl_reasoning").is_null()).then(1.0).otherwise(1.0 / pl.col("len")).alias("w"))["w"]
    assert train["weight"].mean() == pytest.approx(1.0)
    assert placed["weight"].to_numpy() == pytest.approx((expected / expected.mean()).to_numpy())


def test_multi_file_mix_records_the_source_and_weights_it(tmp_path):
    a, _ = nariraksha(300, seed=2, exact_share=0, near_share=0)
    b, _ = nariraksha(100, seed=3, exact_share=0, near_share=0)
    (tmp_path / "mix").mkdir()
    a.write_ndjson(tmp_path / "mix" / "a.jsonl")
    b.write_ndjson(tmp_path / "mix" / "fp_fix.jsonl")
    files = (str(tmp_path / "mix" / "a.jsonl"), str(tmp_path / "mix" / "fp_fix.jsonl"))
    outcome = run_split(files, SplitConfig(source_weights=(("fp_fix.jsonl", 2.0),), stratify=("risk_type",)), out_dir=tmp_path / "o")
    train = outcome.frames["train"]
    assert {"source", "source_row"} <= set(train.columns)
    together = pl.concat(outcome.frames.values())
    assert together.filter(pl.col("source") == "fp_fix.jsonl")["source_row"].sort().to_list() == list(range(100))
    weights = train.group_by("source").agg(pl.col("weight").unique())
    per_source = dict(weights.iter_rows())
    assert len(per_source["a.jsonl"]) == 1 and per_source["fp_fix.jsonl"][0] == pytest.approx(2 * per_source["a.jsonl"][0])
    assert train["weight"].mean() == pytest.approx(1.0)
    assert [f.name for f in outcome.manifest.input.files] == ["a.jsonl", "fp_fix.jsonl"]
    assert outcome.manifest.weights.train.by_source["fp_fix.jsonl"].rows == train.filter(pl.col("source") == "fp_fix.jsonl").height


def test_a_large_cluster_is_warned_about_and_goes_to_train(tmp_path, curate):
    frame, truth = nariraksha(1000, seed=5, exact_share=0, near_share=0)
    big = pl.Series(np.arange(1000) < 30)  # 30 rows = 30% of a 100-row test set
    # chat-formatted text: rich would read '[/INST]' as a closing tag, if the warning let it
    frame = frame.with_columns(pl.when(big).then(pl.lit("[INST] He follows me home. [/INST]")).otherwise(pl.col("scenario")).alias("scenario"))
    truth = truth.with_columns(pl.when(big).then(0).otherwise(None).cast(pl.Int64).alias("near_cluster"))
    data = tmp_path / "d.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "d.audit", data, truth)
    outcome = run_split((str(data),), SplitConfig(stratify=()), audit=str(tmp_path / "d.audit"), out_dir=tmp_path / "o")
    large = outcome.manifest.groups.large
    assert large[0].rows == 30 and large[0].group == 0 and large[0].split == "train"
    assert outcome.manifest.counts["test"].rows == 100
    assert [line for line in outcome.notes if "a duplicate group of 30 rows" in line]  # the library returns the warning
    code, err = curate("split", str(data), "--audit", str(tmp_path / "d.audit"), "--stratify", "none", "-o", str(tmp_path / "cli"))
    assert code == 0, err
    assert 'a duplicate group of 30 rows (row 0: "[INST] He follows me home. [/INST]")' in " ".join(err.split())  # the CLI prints it


def test_rare_strata_policy_is_recorded(audited, tmp_path, curate):
    merged = run_split((), SplitConfig(stratify=("risk_type", "severity", "confidence")), out_dir=tmp_path / "m")
    rare = merged.manifest.strata.rare
    assert rare.policy == "merge" and rare.strata and all(r.into.endswith("| *") or r.into == "other" for r in rare.strata)
    assert sum(merged.manifest.counts[s].rows for s in ("train", "validation", "test")) == 600
    pinned = run_split((), SplitConfig(stratify=("risk_type", "severity", "confidence"), rare_strata="train"), out_dir=tmp_path / "t")
    rare_names = {r.stratum for r in pinned.manifest.strata.rare.strata}
    assert set(pinned.frames["train"].filter(pl.col("stratum").is_in(list(rare_names)))["stratum"]) == rare_names
    assert not pinned.frames["test"]["stratum"].is_in(list(rare_names)).any()
    code, err = curate("split", "--stratify", "risk_type,severity,confidence", "--rare-strata", "error")
    assert code == 2 and "fewer rows than the 3 splits" in err and "Traceback" not in err


@pytest.mark.parametrize(("args", "message"), [
    (("--group", "conversation"), "--group 'conversation' is neither"),
    (("--stratify", "risk,severity"), "--stratify names risk"),
    (("--ratios", "0.5,0.1,0.1"), "add up to 0.7"),
    (("--holdout-templates", "scenario:0.1", "--audit", "nr.audit"), "scenario"),
    (("--source-weight", "a.jsonl=2"), "several DATA files"),
    (("nr.parquet", "nr.parquet"), "given twice; give it once and weight it with --source-weight nr.parquet=2"),
])
def test_usage_errors_exit_2_with_one_sentence(audited, curate, args, message):
    code, err = curate("split", *args)
    assert code == 2 and message in err and "Traceback" not in err


def test_changed_data_does_not_reuse_a_stale_audit(audited, curate):
    data, _ = audited
    pl.read_parquet(data).head(599).write_parquet(data)
    code, err = curate("split")
    assert code == 2 and "is not the data audited" in err


def test_no_data_and_no_single_audit_dir(tmp_path, monkeypatch, curate):
    monkeypatch.chdir(tmp_path)
    code, err = curate("split")
    assert code == 2 and "no DATA given and no audit directory here" in err
    for name in ("a.audit", "b.audit"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.json").write_text("{}")
        (tmp_path / name / "rows.parquet").write_bytes(b"")
    code, err = curate("split")
    assert code == 2 and "2 audit directories here (a.audit, b.audit); pick one with --audit" in err


def test_missing_columns_in_a_split_file_fail_cleanly(tmp_path):
    pl.DataFrame({"text": ["a b c", "d e f"]}).write_parquet(tmp_path / "x.parquet")
    with pytest.raises(CurateError, match="fit no built-in profile"):
        run_split((str(tmp_path / "x.parquet"),), SplitConfig(), out_dir=tmp_path / "o")


def test_near_duplicates_the_clusters_missed_are_joined_before_the_final_split(tmp_path):
    """Star clusters can put two near-duplicates in different clusters. Here the audit gives each of
    80 near-identical pairs two different clusters; the leakage check finds the pairs a first
    assignment splits apart, joins their groups and assigns again."""
    frame, truth = nariraksha(400, seed=8, exact_share=0, near_share=0)
    copies = frame.head(80).with_columns(pl.col("scenario") + " She is scared.")
    frame = pl.concat([frame, copies])
    n = frame.height
    truth = pl.DataFrame({"row": np.arange(n), "exact_cluster": [None] * n, "near_cluster": np.arange(n)},
                         schema={"row": pl.Int64, "exact_cluster": pl.Int64, "near_cluster": pl.Int64})
    data = tmp_path / "d.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "d.audit", data, truth)
    outcome = run_split((str(data),), SplitConfig(stratify=(), seed=1), audit=str(tmp_path / "d.audit"), out_dir=tmp_path / "o")
    assert outcome.manifest.leakage.assignment_rounds >= 2  # the first assignment did split pairs
    assert outcome.manifest.leakage.leaking_rows == 0
    placed = split_of_rows(outcome.frames).sort("row")["split"]
    assert (placed.head(80) == placed.slice(400, 80)).all()


def test_without_an_audit_clusters_and_templates_are_computed(tmp_path):
    """No audit: the prompt's duplicate clusters (curation.dedup) and the answer fields' templates
    (curation.templates) are computed; they must match the planted truth."""
    frame, truth = nariraksha(300, seed=2)
    data = tmp_path / "d.parquet"
    frame.write_parquet(data)
    outcome = run_split((str(data),), SplitConfig(holdout_templates=(("reasoning", 0.5),), reweight="template"), out_dir=tmp_path / "o")
    assert outcome.manifest.near_duplicates.source == "computed"
    assert truth_groups_cross(truth, outcome.frames) == 0
    placed = truth.join(split_of_rows(outcome.frames), on="row")
    held = set(placed.filter(pl.col("split") == "test_ood")["tpl_reasoning"])
    kept = set(placed.filter(pl.col("split") != "test_ood")["tpl_reasoning"])
    # One of the two true reasoning templates is wholly in test_ood; the other is there only with
    # rows that came along with their duplicate group.
    assert len(kept) == 1 and held == {0, 1}
    assert outcome.manifest.weights.fields == ["reasoning", "recommended_action", "legal_context"]
    assert outcome.frames["train"]["weight"].mean() == pytest.approx(1.0)
