"""The four artifacts' typed contracts (curation.artifacts): what the producers write validates
against `curate schema NAME`, is read back byte for byte, and a file of another schema version, or
one that is not that artifact, is refused with one sentence. run.json and eval.json are produced
by the train-marked tests (test_train.py, test_eval_end_to_end.py); here eval.json is the one a
real `curate eval` wrote (tests/data/eval/)."""

from __future__ import annotations

import dataclasses
import importlib
import json
import shutil
import typing
from pathlib import Path

import pytest
from report_fixtures import audit_dir

from curation.artifacts import ARTIFACTS, EvalJson, Manifest, ReportJson, RunJson
from curation.artifacts.report import Checks, Finding, Parameters
from curation.cli import COMMANDS

EVAL_JSON = Path(__file__).parent / "data" / "eval" / "eval.json"


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    """A real audit (every step, against a second dataset) and a real split of its data."""
    from curation.split.config import SplitConfig
    from curation.split.run import run_split

    root = tmp_path_factory.mktemp("artifacts")
    audit = audit_dir(root, n=300, against=True)
    outcome = run_split((), SplitConfig(reweight="template", holdout_templates=(("reasoning", 0.3),)), audit=str(audit), out_dir=root / "split")
    return {"report": audit / "report.json", "manifest": outcome.out_dir / "manifest.json", "eval": EVAL_JSON, "root": root}


def schema_of(capsys, name: str) -> dict:
    """What `curate schema NAME` prints, parsed."""
    from curation.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["schema", name])
    assert exit_info.value.code == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["report", "manifest", "eval"])
def test_a_produced_artifact_validates_against_curate_schema(produced, capsys, name):
    model = ARTIFACTS[name]
    assert schema_of(capsys, name) == model.model_json_schema()
    path = produced[name]
    text = path.read_text(encoding="utf-8")
    read = model.read(path)
    assert read.schema_version == model.VERSION == 1
    assert read.dumps() == text  # nothing lost, nothing added: the model holds every key the producer wrote


def test_schema_command_names_every_artifact(curate, capsys):
    assert "schema" in COMMANDS and list(ARTIFACTS) == ["report", "manifest", "run", "eval"]
    code, err = curate("schema", "findings")
    assert code == 2 and "'findings' is not one of 'report', 'manifest', 'run', 'eval'" in err
    run = schema_of(capsys, "run")
    assert run["properties"]["schema_version"] == {"const": 1, "title": "Schema Version", "type": "integer"}
    assert set(run["required"]) >= {"schema_version", "recipe", "config", "status", "split", "versions", "device"}


def _with(path: Path, target: Path, change) -> Path:
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(raw), encoding="utf-8")
    return target


def _one_sentence(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_a_report_of_another_version_is_refused(produced, tmp_path, curate):
    work = tmp_path / "a.audit"
    shutil.copytree(produced["report"].parent, work)
    _with(work / "report.json", work / "report.json", lambda r: r.update(schema_version=2))
    html = (work / "report.html").read_bytes()
    code, err = curate("report", str(work))
    assert code == 2
    assert f"{work / 'report.json'} is a report.json of schema version 2, but this curate reads version 1" in _one_sentence(err)
    assert "run `curate audit` again" in err and (work / "report.html").read_bytes() == html
    # split --audit reads it through the same loader
    code, err = curate("split", "--audit", str(work), "-o", str(tmp_path / "split"))
    assert code == 2 and "schema version 2" in _one_sentence(err) and not (tmp_path / "split").exists()


def test_a_manifest_of_another_version_or_tool_is_refused(produced, tmp_path, curate):
    split = tmp_path / "split"
    shutil.copytree(produced["manifest"].parent, split)
    _with(split / "manifest.json", split / "manifest.json", lambda m: m.update(schema_version=0))
    code, err = curate("split", "--check", str(split))
    assert code == 2 and "is a manifest.json of schema version 0, but this curate reads version 1" in _one_sentence(err)
    (split / "manifest.json").write_text(json.dumps({"seed": 0, "counts": {"train": 10}}))
    code, err = curate("split", "--check", str(split))
    assert code == 2 and "is not a manifest.json written by curate (it has no schema_version); run `curate split` again" in _one_sentence(err)


def test_an_eval_of_another_version_is_refused(produced, tmp_path, curate):
    for name in ("a", "b"):
        _with(EVAL_JSON, tmp_path / name / "eval.json", lambda e: e.update(schema_version=3))
    code, err = curate("compare", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "cmp"))
    assert code == 2 and "eval.json of schema version 3, but this curate reads version 1" in _one_sentence(err)
    assert not (tmp_path / "cmp").exists()


def test_a_broken_artifact_names_the_key_that_is_wrong(produced, tmp_path):
    from curation.errors import CurateError

    bad = _with(produced["report"], tmp_path / "report.json", lambda r: r["gate"].update(passed="maybe"))
    with pytest.raises(CurateError) as info:
        ReportJson.read(bad)
    assert str(info.value) == (f"{bad} is not a valid report.json of schema version 1: gate.passed: Input should be a valid boolean, "
                               "unable to interpret input; run `curate audit` again to write it.")
    unknown = _with(produced["manifest"], tmp_path / "manifest.json", lambda m: m.update(shuffled=True))
    with pytest.raises(CurateError, match=r"manifest.json of schema version 1: shuffled: Extra inputs are not permitted"):
        Manifest.read(unknown)
    (tmp_path / "run.json").write_text("[1, 2]")
    with pytest.raises(CurateError, match="is not a run.json written by curate"):
        RunJson.read(tmp_path / "run.json")
    (tmp_path / "eval.json").write_text("{")
    with pytest.raises(CurateError, match="is not valid JSON"):
        EvalJson.read(tmp_path / "eval.json")


def test_a_report_of_the_previous_curate_is_still_read(produced, tmp_path):
    """curate 0.1.0 wrote a skipped step's metrics and params as {} (the shape is otherwise the same)."""
    old = _with(produced["report"], tmp_path / "report.json",
                lambda r: r["checks"].update(leakage={"params": {}, "metrics": {}, "skipped": "no --against given", "wall_s": 0.0}))
    leakage = ReportJson.read(old).checks.leakage
    assert leakage.skipped == "no --against given" and leakage.metrics is None and leakage.params is None


def test_a_step_may_record_more_than_its_model_declares(produced, tmp_path):
    """A step's metrics are open: a key a step adds is kept, and the page shows it."""
    extra = _with(produced["report"], tmp_path / "report.json", lambda r: r["checks"]["near"]["metrics"].update(pairs_per_second=1234.5))
    report = ReportJson.read(extra)
    assert report.checks.near.metrics.model_extra == {"pairs_per_second": 1234.5}
    assert json.loads(report.dumps())["checks"]["near"]["metrics"]["pairs_per_second"] == 1234.5


# -- the models follow what they describe ------------------------------------------------------------


def test_the_models_name_what_the_code_defines():
    from curation import findings as F
    from curation.artifacts import evaluation, manifest
    from curation.audit import STEPS
    from curation.audit.pipeline import AuditConfig
    from curation.split.config import SplitConfig
    from curation.split.layout import SPLIT_NAMES
    from curation.training.evaluate import EvalConfig
    from curation.training.probes import FATES

    names = [importlib.import_module(f"curation.audit.{step}").NAME for step in STEPS]
    assert [f.alias or name for name, f in Checks.model_fields.items()] == names
    assert list(Parameters.model_fields) == [f.name for f in dataclasses.fields(AuditConfig)]
    assert set(manifest.Parameters.model_fields) == {f.name for f in dataclasses.fields(SplitConfig)}
    assert list(evaluation.Parameters.model_fields) == [f.name for f in dataclasses.fields(EvalConfig) if f.name != "device"]
    assert list(Finding.model_fields) == list(F.FINDINGS_SCHEMA)
    assert typing.get_args(manifest.SplitName) == SPLIT_NAMES and typing.get_args(evaluation.Fate) == FATES


@pytest.mark.parametrize(("name", "section"), [("report", "4"), ("manifest", "5"), ("run", "6"), ("eval", "7")])
def test_docs_name_every_key_of_each_artifact(name, section):
    """docs/contracts.md describes each artifact's top-level keys (and stays true to the models)."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "contracts.md").read_text(encoding="utf-8")
    text = page.split(f"## §{section} ")[1].split("\n## ")[0]
    keys = [f.alias or key for key, f in ARTIFACTS[name].model_fields.items()]
    assert [k for k in keys if f"`{k}`" not in text] == []
    assert f"curate schema {name}" in page
