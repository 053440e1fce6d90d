"""`curate split --check DIR`: our own splits pass; planted leakage, a changed file or a row in two
splits fail with exit 1 — also in a directory another tool wrote, without a manifest."""

from __future__ import annotations

import polars as pl
import pytest
from split_fixtures import nariraksha, write_audit

from curation.split.check import check_split_dir
from curation.split.config import SplitConfig
from curation.split.run import run_split


@pytest.fixture
def ours(tmp_path):
    frame, truth = nariraksha(500, seed=11)
    data = tmp_path / "nr.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "nr.audit", data, truth)
    return run_split((str(data),), SplitConfig(), audit=str(tmp_path / "nr.audit"), out_dir=tmp_path / "split").out_dir


def foreign(tmp_path, leak: bool):
    """A split another tool made: train/valid/test JSONL, no manifest, no row/group columns."""
    frame, _ = nariraksha(300, seed=12, exact_share=0, near_share=0)
    train, valid, test = frame.slice(0, 240), frame.slice(240, 30), frame.slice(270, 30)
    if leak:
        exact_copy = train.slice(5, 1).with_columns(pl.col("scenario").str.to_uppercase())  # case folded: same text
        near_copy = train.slice(9, 1).with_columns(pl.col("scenario") + " She is scared.")
        test = pl.concat([test, exact_copy, near_copy])
    folder = tmp_path / ("leaky" if leak else "clean")
    folder.mkdir()
    for name, part in (("train", train), ("valid", valid), ("test", test)):
        part.write_ndjson(folder / f"{name}.jsonl")
    return folder


def test_our_split_passes_the_check(ours, curate):
    result = check_split_dir(ours)
    assert result.passed and result.has_manifest and result.profile == "nariraksha"
    assert list(result.rows) == ["train", "validation", "test"] and sum(result.rows.values()) == 500
    code, err = curate("split", "--check", str(ours))
    assert code == 0 and "PASSED" in err


def test_planted_leakage_in_a_foreign_directory_fails(tmp_path, curate):
    result = check_split_dir(foreign(tmp_path, leak=True))
    assert not result.has_manifest and not result.passed
    assert result.leakage["rows"]["exact"] == 1 and result.leakage["rows"]["near"] >= 1
    leaked = result.examples.filter(pl.col("split") == "test")
    # rows without a `row` column are named by their position in their file
    assert set(zip(leaked["other_split"], leaked["other_row"])) == {("train", 5), ("train", 9)}
    assert set(leaked["row"]) == {30, 31}
    code, err = curate("split", "--check", str(tmp_path / "leaky"))
    assert code == 1 and "held-out rows have an exact duplicate" in err and "FAILED" in err


def test_a_clean_foreign_directory_passes_and_reports_its_ratios(tmp_path):
    result = check_split_dir(foreign(tmp_path, leak=False))
    assert result.passed and result.ratios == {"train": 0.8, "validation": 0.1, "test": 0.1}
    assert result.strata and sum(s["rows"] for s in result.strata) == 300


def test_a_changed_file_fails_against_the_manifest(ours, curate):
    train = pl.read_parquet(ours / "train.parquet")
    train.head(train.height - 1).write_parquet(ours / "train.parquet")
    result = check_split_dir(ours)
    assert any("train.parquet changed since it was written" in p for p in result.problems)
    assert any(p.startswith("train has") and "the manifest says" in p for p in result.problems)
    code, _ = curate("split", "--check", str(ours))
    assert code == 1


def test_a_row_in_two_splits_fails(ours):
    train = pl.read_parquet(ours / "train.parquet")
    test = pl.read_parquet(ours / "test.parquet")
    (ours / "manifest.json").unlink()  # as if another tool had made it
    pl.concat([test, train.head(1).with_columns(pl.lit(999_999, pl.Int64).alias("group"))]).write_parquet(ours / "test.parquet")
    result = check_split_dir(ours)
    assert "1 rows appear in more than one split" in result.problems
    assert result.leakage["rows"]["exact"] >= 1


def test_check_with_data_is_a_usage_error(ours, curate):
    code, err = curate("split", "nr.parquet", "--check", str(ours))
    assert code == 2 and "give no DATA" in err


@pytest.mark.parametrize("fmt", ["jsonl", "hf"])
def test_other_formats_pass_the_check_and_reading_does_not_count_as_a_change(tmp_path, fmt):
    frame, truth = nariraksha(200, seed=13)
    data = tmp_path / "nr.parquet"
    frame.write_parquet(data)
    write_audit(tmp_path / "nr.audit", data, truth)
    out = run_split((str(data),), SplitConfig(format=fmt), audit=str(tmp_path / "nr.audit"), out_dir=tmp_path / "split").out_dir
    assert check_split_dir(out).passed
    assert check_split_dir(out).passed  # a second read (datasets may leave cache files) still matches


def test_copies_across_splits_say_whether_their_labels_agree(tmp_path, curate):
    """Another tool's split of real human prompts: test holds 12 exact copies of train rows, 4 of
    them with another severity and 3 spelling it in capitals (the same label), and one near copy
    with another risk type."""
    from real_text import distinct_turns

    prompts = [t for t in distinct_turns("Human") if len(t.split()) >= 25][:200]
    severities = ["low", "medium", "high", "critical"]
    rows = [{"scenario": p, "language": "English", "risk_type": "cyberstalking", "severity": severities[i % 4], "reasoning": "r",
             "recommended_action": "a", "legal_context": "BNS Section 78", "confidence": 0.9} for i, p in enumerate(prompts)]
    train, valid, test = pl.DataFrame(rows[:150]), pl.DataFrame(rows[150:175]), pl.DataFrame(rows[175:])
    copies = train.slice(0, 12).with_columns(
        pl.col("scenario").str.to_lowercase(),
        pl.Series("severity", ["LOW", "MEDIUM", "HIGH", "critical", "low", "medium", "high", "critical", "high", "high", "low", "low"]),
    )
    near = train.slice(20, 1).with_columns(pl.col("scenario") + " thanks", pl.lit("domestic violence").alias("risk_type"))
    folder = tmp_path / "theirs"
    folder.mkdir()
    for name, part in (("train", train), ("valid", valid), ("test", pl.concat([test, copies, near]))):
        part.write_ndjson(folder / f"{name}.jsonl")
    result = check_split_dir(folder)
    assert result.leakage["rows"]["exact"] == 12 and result.leakage["rows"]["near"] == 1
    # train rows 0..11 are low, medium, high, critical, low, ...: copies 0..7 agree, 8..11 do not
    assert result.leakage["labels"] == {"fields": ["risk_type", "severity"], "compared_rows": 13, "agree_rows": 8, "conflict_rows": 5,
                                        "conflicts_by_label": {"risk_type": 1, "severity": 4}}
    conflicts = result.label_conflicts.sort("row")
    assert list(zip(conflicts["row"], conflicts["other_row"], conflicts["label"], conflicts["value"])) == [
        (33, 8, "severity", "high"), (34, 9, "severity", "high"), (35, 10, "severity", "low"), (36, 11, "severity", "low"),
        (37, 20, "risk_type", "domestic violence"),
    ]
    assert conflicts["there"][0] == "'low' (1 row)"
    assert any("5 of the 13 held-out copies carry other labels" in p for p in result.problems)
    code, err = curate("split", "--check", str(folder))
    assert code == 1
    assert "8 of 13 held-out copies agree with their copies in an earlier split, 5 do not" in " ".join(err.split())
    assert "severity: test row 33 'high' ~ train row 8: 'low' (1 row)" in " ".join(err.split())
