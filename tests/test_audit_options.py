"""`curate audit` options: `--skip STEP` (a step left out is absent from the outputs, and `curate
split` computes what it needed) and the gate's sentence under each `--fail-on`."""

from __future__ import annotations

import json

import polars as pl
import pytest


def test_audit_skip_leaves_steps_out_and_split_says_what_it_needs(tmp_path, nariraksha_parquet, curate):
    out = tmp_path / "audit"
    code, _ = curate("-q", "audit", str(nariraksha_parquet), "--out", str(out), "--skip", "templates", "--skip", "legal", "--fail-on", "never")
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["parameters"]["skip"] == ["templates", "legal"]
    assert "templates" not in report["timing_s"] and "legal" not in report["timing_s"] and "near" in report["timing_s"]
    # rows.parquet keeps its contract: the template columns are there, empty
    assert pl.read_parquet(out / "rows.parquet")["tpl_reasoning"].null_count() == len(pl.read_parquet(nariraksha_parquet))
    # split computes what the audit skipped: the same split as from a full audit
    full = tmp_path / "full"
    assert curate("-q", "audit", str(nariraksha_parquet), "--out", str(full), "--fail-on", "never")[0] == 0
    split_args = ("--reweight", "template", "--seed", "3")
    code, err = curate("split", str(nariraksha_parquet), "--audit", str(out), *split_args, "--out", str(tmp_path / "from-skipped"))
    assert code == 0 and "skipped templates" in " ".join(err.split())
    assert curate("-q", "split", str(nariraksha_parquet), "--audit", str(full), *split_args, "--out", str(tmp_path / "from-full"))[0] == 0
    for name in ("train", "validation", "test"):
        a, b = (pl.read_parquet(tmp_path / d / f"{name}.parquet") for d in ("from-skipped", "from-full"))
        assert a.equals(b)


def test_audit_skip_of_an_unknown_step_names_the_steps(tmp_path, nariraksha_parquet, curate):
    from curation.audit import STEPS

    code, err = curate("audit", str(nariraksha_parquet), "--out", str(tmp_path / "a"), "--skip", "template")
    assert code == 2 and "no such audit step" in err and all(step in err for step in STEPS)
    assert not (tmp_path / "a").exists()


def test_audit_help_names_every_step(capsys):
    # written out in the help: the CLI does not import the audit (pandera, polars) to show it
    from curation.audit import STEPS
    from curation.cli import main

    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert all(step in help_text for step in STEPS)


def test_the_gate_sentence_says_when_it_is_not_enforced():
    from curation.audit import _gate
    from curation.audit.pipeline import AuditConfig

    never = AuditConfig(fail_on="never")
    gate = _gate(never, {"error": 30, "warning": 5}, {"error": 25, "any": 28}, 1000)
    assert gate.passed and gate.sentence.startswith("Gate not enforced") and "2.5% of rows" in gate.sentence
    assert "not ready to train" in gate.sentence
    assert _gate(never, {}, {}, 1000).sentence == "Ready to train: no errors or warnings."
    failed = _gate(AuditConfig(fail_on="error"), {"error": 30}, {"error": 25, "any": 25}, 1000)
    assert not failed.passed and failed.sentence.startswith("Not ready to train: 30 findings")


def test_near_duplicate_options_default_to_near_params(tmp_path, nariraksha_parquet, curate, capsys):
    from curation.audit.pipeline import AuditConfig
    from curation.cli import main
    from curation.dedup import NearParams

    defaults = NearParams()
    config = AuditConfig()
    assert (config.near_threshold, config.num_perm, config.family_share, config.seed) == (
        defaults.threshold, defaults.num_perm, defaults.family_share, defaults.seed)
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for option, value in (("--near-threshold", defaults.threshold), ("--num-perm", defaults.num_perm),
                          ("--family-share", defaults.family_share), ("--seed", defaults.seed)):
        assert f"[default: {value}" in help_text.split(option, 1)[1].split(" --", 1)[0], option
    # unset options leave the NearParams defaults in report.json; a set one is recorded
    code, _ = curate("-q", "audit", str(nariraksha_parquet), "--out", str(tmp_path / "a"), "--fail-on", "never", "--no-html")
    assert code == 0
    assert json.loads((tmp_path / "a" / "report.json").read_text())["checks"]["near"]["params"]["threshold"] == defaults.threshold
    code, _ = curate("-q", "audit", str(nariraksha_parquet), "--out", str(tmp_path / "b"), "--fail-on", "never", "--no-html",
                     "--near-threshold", "0.7")
    assert code == 0 and json.loads((tmp_path / "b" / "report.json").read_text())["checks"]["near"]["params"]["threshold"] == 0.7
