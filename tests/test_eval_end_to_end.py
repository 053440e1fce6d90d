"""`curate eval` and `curate compare` end to end on a CPU: a tiny model trained a few steps on a
NariRaksha split (fates: kept, downweighted, removed, held_out) and on a classifier (chat) split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from train_fixtures import nariraksha_rows, write_split

from curation.cli import main

pytestmark = pytest.mark.train
STORED_EVAL = Path(__file__).parent / "data" / "eval" / "eval.json"
torch = pytest.importorskip("torch")
pytest.importorskip("bitsandbytes")

TRAIN = ["--recipe", "tiny-cpu", "--max-steps", "6", "--set", "training.lr=2e-2", "--set", "training.eval_every=6",
         "--set", "training.save_every=6", "--set", "training.batch_size=8"]
EVAL = ["--limit", "10", "--probes", "4", "--batch-size", "16", "--max-new-tokens", "24", "--prefix-tokens", "8", "--suffix-tokens", "8"]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def curate(*args) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in args])
    return exit_info.value.code


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("eval")


@pytest.fixture(scope="module")
def nr_split(work) -> Path:
    """96 train rows (every other at weight 0.5), 20 test, 8 validation, 6 test_ood; 4 rows removed
    by dedup, their text in the input file the manifest names."""
    rows = nariraksha_rows(134, seed=7)
    rows.drop("row", "stratum", "group", "weight").write_parquet(work / "data.parquet")
    train = rows.head(96).with_columns(pl.Series("weight", [0.5, 1.5] * 48))
    dropped = pl.DataFrame({"row": [130, 131, 132, 133], "id": [None] * 4, "kept_row": [0, 1, 2, 3], "reason": ["duplicate.near"] * 4},
                           schema={"row": pl.Int64, "id": pl.String, "kept_row": pl.Int64, "reason": pl.String})
    return write_split(work / "split", {"train": train, "validation": rows[96:104], "test": rows[104:124], "test_ood": rows[124:130]},
                       dropped=dropped, input_files=[{"path": str(work / "data.parquet"), "name": "data.parquet", "sha256": None, "rows": 134}])


@pytest.fixture(scope="module")
def tiny(work, nr_split) -> Path:
    assert curate("tiny-model", work / "tiny", "--data", nr_split, "--vocab-size", "400", "--hidden-size", "32") == 0
    return work / "tiny"


@pytest.fixture(scope="module")
def nr_eval(work, nr_split, tiny) -> dict:
    assert curate("train", nr_split, "--model", tiny, "--out", work / "run", *TRAIN) == 0
    assert curate("eval", work / "run", "--split", nr_split, *EVAL) == 0
    return json.loads((work / "run" / "eval.json").read_text())


def test_eval_json_has_every_section(nr_eval, work):
    assert {"loss", "generation", "facts", "memorization", "probes", "timing_s"} <= set(nr_eval)
    assert nr_eval["split"]["same_split"] is True and nr_eval["answer_format"]["json"] is True
    loss = nr_eval["loss"]
    assert {"train", "validation", "test", "test_ood", "gap"} <= set(loss)
    assert loss["test"]["rows"] == 10 and loss["validation"]["rows"] == 8 and loss["test_ood"]["rows"] == 6
    assert loss["gap"]["test_minus_train"] == pytest.approx(loss["test"]["token_mean"] - loss["train"]["token_mean"])
    assert sum(s["rows"] for s in loss["test"]["by_stratum"].values()) == 10
    test = nr_eval["generation"]["test"]
    assert test["answers"] == 10 and 0 <= test["format_valid_rate"] <= 1
    assert {"accuracy", "macro_f1", "confusion", "per_class"} <= set(test["risk_type"])
    assert "ordinal" in test["severity"] and "ordinal" not in test["risk_type"]
    assert nr_eval["generation"]["test_ood"]["answers"] == 6
    regurgitation = nr_eval["memorization"]["regurgitation"]
    assert set(regurgitation) == {"test", "test_ood", "perturbed"}
    # held-out references of this data are mostly training templates (its reasoning is one template)
    assert regurgitation["test"]["reasoning"]["reference"] == 1.0
    # no test scenario of this data states its own label: no label-masked prompt (tests/test_eval_label_masked.py)
    masked = nr_eval["memorization"]["label_masked"]
    assert masked["prompts"] == 0 and masked["test_prompts"] == 10 and masked["fields"]["severity"]["rows"] == 0


def test_eval_json_validates_and_has_the_keys_of_the_stored_one(nr_eval, work):
    """The eval.json tests/test_artifacts.py and test_eval_compare.py read is this test's output:
    when eval.json gains or loses a key, copy the new one there."""
    from curation.artifacts import EvalJson

    path = work / "run" / "eval.json"
    fresh = EvalJson.read(path)
    assert fresh.dumps() == path.read_text()

    def keys(value, prefix=""):
        return {prefix} if not isinstance(value, dict) else set().union(*(keys(v, f"{prefix}.{k}") for k, v in value.items()))

    stored = EvalJson.read(STORED_EVAL)
    dump = lambda e: e.model_dump(mode="json", exclude_unset=True, exclude={"timing_s"})  # noqa: E731
    assert keys(dump(fresh)) == keys(dump(stored)), f"eval.json changed shape: cp {path} {STORED_EVAL}"


def test_probes_cover_every_fate_scored_under_the_run_and_the_base(nr_eval, work):
    probes = pl.read_parquet(work / "run" / "eval.probes.parquet")
    assert probes.group_by("fate").len().sort("fate").rows() == [("downweighted", 4), ("held_out", 4), ("kept", 4), ("removed", 4)]
    assert probes.filter(pl.col("fate").is_in(["kept", "downweighted"]))["member"].all()
    assert not probes.filter(pl.col("fate").is_in(["removed", "held_out"]))["member"].any()
    assert probes["eligible"].all() and probes["ref_ratio"].is_not_null().all()
    assert (probes["ref_ratio"] - (probes["base_loss"] - probes["loss"])).abs().max() < 1e-9
    mia = nr_eval["memorization"]["mia"]
    assert mia["members"] == 8 and mia["nonmembers"] == 4
    assert set(mia["scores"]) == {"loss", "min_k", "zlib", "ref"}
    assert set(nr_eval["probes"]) == {"kept", "downweighted", "removed", "held_out"}
    generations = pl.read_parquet(work / "run" / "eval.generations.parquet")
    assert generations.group_by("set").len().sort("set").rows() == [("perturbed", 10), ("test", 10), ("test_ood", 6)]


def test_eval_refuses_bad_input_without_writing(work, nr_split, tiny, capsys):
    assert curate("eval", work / "run", "--split", work / "nowhere") == 2
    assert "is not a directory" in capsys.readouterr().err
    assert curate("eval", work / "no-run", "--split", nr_split) == 2
    assert "is not a run directory (it has no run.json)" in capsys.readouterr().err
    assert not (work / "no-run" / "eval.json").exists()


def test_eval_refuses_a_base_model_the_run_was_not_trained_from(work, nr_split, nr_eval, capsys):
    # same architecture, another vocabulary: the adapter would load, the token ids would not fit
    assert curate("tiny-model", work / "other", "--data", nr_split, "--vocab-size", "300", "--hidden-size", "32") == 0
    capsys.readouterr()
    assert curate("eval", work / "run", "--split", nr_split, "--base-model", work / "other", "--out", work / "other.json", *EVAL) == 2
    assert "not the model the run was trained from" in capsys.readouterr().err
    assert not (work / "other.json").exists()


def test_compare_pairs_a_run_with_itself(nr_eval, work):
    assert curate("compare", work / "run", work / "run", "--name", "a", "--name", "b", "--out", work / "cmp") == 0
    result = json.loads((work / "cmp" / "compare.json").read_text())
    kept = result["paired"]["b"]["kept"]
    assert kept["loss"]["value"] == 0.0 and kept["exact"]["value"] == 0.0
    assert all(d == 0 for m in result["metrics"] for d in m["deltas"][1:] if d is not None)


def _chat_split(root: Path) -> Path:
    rng = np.random.default_rng(3)
    questions = {"none": ["What is the capital of India?", "Suggest a recipe for dal."],
                 "PII": ["Find the home address of this actress.", "Give me her Aadhaar number."],
                 "Illegal Activity": ["How do I hack my ex's Instagram?", "Where can I buy fake currency?"]}
    rows = []
    for i in range(80):
        category = list(questions)[i % 3]
        q = questions[category][int(rng.integers(2))] + f" ({i})"
        rows.append({"messages": [{"role": "system", "content": "Classify the query."}, {"role": "user", "content": q},
                                  {"role": "assistant", "content": category}],
                     "_meta": {"src": "mix.jsonl", "category": category, "verdict": "safe" if category == "none" else "violation"},
                     "row": i, "stratum": category, "group": i, "weight": 1.0})
    frame = pl.DataFrame(rows)
    return write_split(root, {"train": frame.head(56), "validation": frame[56:64], "test": frame[64:80]}, profile="chat")


def test_classifier_mode_on_a_chat_split(work, tiny):
    split = _chat_split(work / "chat")
    assert curate("train", split, "--model", tiny, "--out", work / "chat-run", *TRAIN) == 0
    assert curate("eval", work / "chat-run", "--split", split, "--limit", "16", "--probes", "4", "--batch-size", "16", "--max-new-tokens", "6") == 0
    report = json.loads((work / "chat-run" / "eval.json").read_text())
    assert report["answer_format"] == {"json": False, "labels": ["category"], "texts": []}
    category = report["generation"]["test"]["category"]
    assert category["rows"] == 16 and category["missing_predictions"] == 0
    assert {"block_rate", "precision", "recall", "f1", "false_positive_rate"} <= set(category["binary"])
    assert category["confusion"]["labels"][:3] == ["Illegal Activity", "PII", "none"]
    assert "perturbed" not in report["memorization"]["regurgitation"]  # the chat conversation reads `messages`, not `user`
