"""`curate compare`: metrics side by side with directions, paired probe differences, the HTML page."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from html_scripts import HOSTILE, scripts, template_scripts

from curation.artifacts.evaluation import EvalJson, Interval
from curation.cli import main
from curation.report.embed import inline_script
from curation.training import compare as compare_module
from curation.training.compare import compare_runs, direction, flatten, headline_metrics, metric_rows, paired_probes, load_run_eval


STORED_EVAL = Path(__file__).parent / "data" / "eval" / "eval.json"  # what a real `curate eval` wrote (its README)


def _report(test_loss: float, exact: float, accuracy: float, auroc: float) -> EvalJson:
    """The stored eval.json with four metrics set: the test loss, exact extraction of members,
    risk-type accuracy on test and the loss MIA's AUROC."""
    report = EvalJson.read(STORED_EVAL)
    report.loss.test.token_mean = test_loss
    report.loss.gap["test_minus_train"] = test_loss - report.loss.train.token_mean
    report.generation["test"].risk_type.accuracy = accuracy
    report.memorization.extraction.members.exact_rate = Interval(value=exact, low=exact - 0.1, high=exact + 0.1)
    report.memorization.mia.scores["loss"].auroc = Interval(value=auroc, low=0.5, high=0.9)
    return report


def _probes(seed: int, shift: float) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    rows = np.arange(40)
    fate = np.repeat(["kept", "removed", "held_out", "downweighted"], 10)
    loss = rng.normal(1.0, 0.1, 40) + np.where(fate == "held_out", 1.0, shift)
    return pl.DataFrame({"row": rows, "fate": fate, "eligible": np.ones(40, dtype=bool), "exact": fate != "held_out",
                         "near": fate != "held_out", "score": np.where(fate == "held_out", 0.2, 0.9), "loss": loss,
                         "min_k_logprob": -loss, "zlib_ratio": loss / 100})


def _write_run(root: Path, report: EvalJson, probes: pl.DataFrame | None, losses: list[float]) -> Path:
    root.mkdir(parents=True)
    report.write(root / "eval.json")
    if probes is not None:
        probes.write_parquet(root / "eval.probes.parquet")
    (root / "metrics.jsonl").write_text("".join(json.dumps({"step": i + 1, "train_loss": v, "eval_loss": v + 0.1 if i % 2 else None, "epoch": i / 10}) + "\n"
                                                for i, v in enumerate(losses)))
    return root


def test_flatten_keeps_numbers_and_intervals_and_skips_descriptions():
    flat = flatten(_report(1.2, 0.4, 0.7, 0.8))
    assert flat["loss.test.token_mean"] == {"value": 1.2, "low": None, "high": None}
    assert flat["memorization.extraction.members.exact_rate"] == {"value": 0.4, "low": pytest.approx(0.3), "high": pytest.approx(0.5)}
    assert not [k for k in flat if k.startswith(("run.", "split.", "parameters.", "timing_s.")) or ".confusion." in k]


@pytest.mark.parametrize("path, expected", [
    ("loss.test.token_mean", "lower"),
    ("loss.train.token_mean", "neutral"),
    ("loss.gap.test_minus_train", "lower"),
    ("generation.test.risk_type.accuracy", "higher"),
    ("generation.test.severity.ordinal.mean_abs_error", "lower"),
    ("generation.test.category.binary.block_rate", "neutral"),
    ("generation.test.distinct.reasoning.distinct_2.generated", "higher"),
    ("generation.test.distinct.reasoning.distinct_2.reference", "neutral"),
    ("memorization.extraction.members.exact_rate", "lower"),
    ("memorization.regurgitation.test.reasoning.generated", "lower"),
    ("memorization.regurgitation.test.reasoning.reference", "neutral"),
    ("memorization.mia.scores.loss.auroc", "lower"),
    ("memorization.perturbation.follows_swap_rate", "higher"),
    ("memorization.perturbation.unchanged_label_rate", "lower"),
    ("memorization.label_masked.fields.risk_type.accuracy_drop", "lower"),  # less reliance on labels in the prompt
    ("memorization.label_masked.fields.risk_type.accuracy_masked", "higher"),
    ("memorization.label_masked.fields.risk_type.rows", "neutral"),
    ("memorization.label_masked.share_of_test", "neutral"),
    ("memorization.label_masked.still_stated", "neutral"),
    ("facts.test.generated.hallucination_rate", "lower"),
    ("probes.kept.loss", "neutral"),
    ("probes.removed.auroc_vs_held_out.loss", "lower"),
    ("probes.kept.base_extraction.exact_rate", "neutral"),
    ("memorization.extraction.members.rows", "neutral"),
])
def test_directions(path, expected):
    assert direction(path) == expected


def test_metric_rows_delta_and_verdicts(tmp_path):
    a = load_run_eval(_write_run(tmp_path / "raw", _report(1.5, 0.6, 0.5, 0.9), None, [3.0, 2.0]))
    b = load_run_eval(_write_run(tmp_path / "curated", _report(1.2, 0.2, 0.7, 0.6), None, [3.1, 2.2]))
    rows = {r["metric"]: r for r in metric_rows([a, b])}
    test_loss = rows["loss.test.token_mean"]
    assert test_loss["deltas"][1] == pytest.approx(-0.3) and test_loss["verdicts"][1] == "better" and test_loss["best"] == "curated"
    assert rows["generation.test.risk_type.accuracy"]["verdicts"][1] == "better"
    assert rows["memorization.extraction.members.exact_rate"]["verdicts"][1] == "better"
    assert rows["loss.train.token_mean"]["verdicts"] == [None, None] and rows["loss.train.token_mean"]["best"] is None
    assert headline_metrics(a.report)["extraction exact (members)"] == 0.6


def test_paired_probes_difference_by_fate(tmp_path):
    a = load_run_eval(_write_run(tmp_path / "raw", _report(1, 0, 0, 0), _probes(0, 0.0), [1.0]))
    b = load_run_eval(_write_run(tmp_path / "curated", _report(1, 0, 0, 0), _probes(0, 1.0), [1.0]))
    out = paired_probes(a, b, n_boot=200, seed=0)
    assert out["estimate"] == "curated - raw" and out["shared_rows"] == 40
    kept = out["kept"]
    assert kept["loss"]["value"] == pytest.approx(1.0) and kept["loss"]["low"] == pytest.approx(1.0)
    assert kept["exact"]["value"] == 0.0
    assert out["held_out"]["loss"]["value"] == pytest.approx(0.0)
    # under b the kept rows' losses look like the held-out rows': their MIA AUROC vs held_out drops from 1
    assert kept["auroc_vs_held_out"]["loss"]["value"] < -0.2
    assert "auroc_vs_held_out" not in out["held_out"]


def test_compare_writes_json_and_a_self_contained_page(tmp_path, capsys):
    _write_run(tmp_path / "raw", _report(1.5, 0.6, 0.5, 0.9), _probes(0, 0.0), [3.0, 2.5, 2.0, 1.5])
    _write_run(tmp_path / "curated", _report(1.2, 0.2, 0.7, 0.6), _probes(0, 0.5), [3.1, 2.6, 2.2, 1.9])
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(tmp_path / "raw"), str(tmp_path / "curated"), "--out", str(tmp_path / "cmp")])
    assert exit_info.value.code == 0
    result = json.loads((tmp_path / "cmp" / "compare.json").read_text())
    assert [r["name"] for r in result["runs"]] == ["raw", "curated"]
    assert result["curves"]["raw"][1] == {"step": 2, "train_loss": 2.5, "eval_loss": 2.6, "epoch": 0.1}
    assert result["paired"]["curated"]["kept"]["loss"]["value"] == pytest.approx(0.5)
    html = (tmp_path / "cmp" / "compare.html").read_text()
    assert "<script src=" not in html and "Chart.js" in html[:100_000] or "new Chart(" in html
    assert "loss.test.token_mean" in html and "curated - raw" in html
    assert 'class="better"' in html and 'class="worse"' not in html.split("Every metric")[0]


def test_names_and_vendored_code_cannot_close_the_script_blocks(tmp_path, monkeypatch):
    chart = tmp_path / "chart.js"  # a Chart.js build that carries the markup in a string
    chart.write_text(f"var vendoredChart = '{HOSTILE}';", encoding="utf-8")
    monkeypatch.setattr(importlib.import_module("curation.report.embed"), "CHARTJS", chart)
    report = _report(1.5, 0.6, 0.5, 0.9)
    report.run.recipe = HOSTILE
    _write_run(tmp_path / "raw", report, _probes(0, 0.0), [3.0, 2.5])
    _write_run(tmp_path / "curated", _report(1.2, 0.2, 0.7, 0.6), _probes(0, 0.5), [3.1, 2.6])
    compare_runs([str(tmp_path / "raw"), str(tmp_path / "curated")], tmp_path / "cmp", names=[HOSTILE, "curated"])
    found = scripts((tmp_path / "cmp" / "compare.html").read_text(encoding="utf-8"))
    assert len(found) == template_scripts(Path(compare_module.__file__).parent / "compare.html.j2")  # none opened by the data
    for _, text in found:
        assert "</script" not in text.lower() and "<!--" not in text  # what could end an element early, or hide its end
    assert [text for _, text in found if "vendoredChart" in text] == [inline_script(chart.read_text(encoding="utf-8"))]
    data = json.loads(next(text for attrs, text in found if attrs.get("id") == "compare-data"))
    assert list(data["curves"]) == [HOSTILE, "curated"]  # the name itself arrives whole


def test_compare_refuses_a_run_without_eval(tmp_path, capsys):
    (tmp_path / "run").mkdir()
    (tmp_path / "other").mkdir()
    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(tmp_path / "run"), str(tmp_path / "other"), "--out", str(tmp_path / "cmp")])
    assert exit_info.value.code == 2
    assert "no eval.json" in capsys.readouterr().err
    assert not (tmp_path / "cmp").exists()
    with pytest.raises(Exception):
        compare_runs([str(tmp_path / "run")], tmp_path / "cmp2")


def test_compare_needs_two_runs(tmp_path, capsys):
    from curation.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["compare", str(tmp_path)])
    assert exit_info.value.code == 2 and "at least two runs" in capsys.readouterr().err
