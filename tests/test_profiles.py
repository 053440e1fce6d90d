"""Profiles: detection from columns, overrides, user profile files, and the schema step's findings."""

from __future__ import annotations

import polars as pl
import pytest

from curation.audit.pipeline import AuditConfig, AuditContext
from curation.audit import prepare, schema as schema_step
from curation.errors import CurateError
from curation.profile import detect_profile, resolve_profile
from curation.read import Loaded


def test_detects_each_builtin_profile():
    assert detect_profile(["scenario", "risk_type", "severity", "reasoning"]).name == "nariraksha"
    assert detect_profile(["messages", "_meta"]).name == "chat"
    assert detect_profile(["id", "risk_area", "types_of_harm", "specific_harms", "question"]).name == "do-not-answer"


def test_columns_fitting_no_profile_is_a_clear_error():
    with pytest.raises(CurateError, match=r"fit no built-in profile; check them with the generic profile by naming each "
                       r"text column \(e\.g\. --text-column bar --text-column foo\)"):
        detect_profile(["foo", "bar"])


def test_generic_profile_from_flags():
    p = resolve_profile(None, ["prompt", "label"], text_columns=("prompt",), label_columns=("label",))
    assert (p.name, p.prompt_field, p.label_fields, p.strata) == ("generic", "prompt", ("label",), ("label",))


def test_unknown_profile_name():
    with pytest.raises(CurateError, match="unknown profile 'nope'"):
        resolve_profile("nope", ["scenario"])


def test_user_profile_file(tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "name: mine\nprompt_field: prompt\nlabel_fields: [label]\nid_column: uid\n"
        "columns:\n  prompt: {dtype: str, not_blank: true}\n  label: {dtype: str, isin: [safe, unsafe]}\n"
        "  score: {dtype: float, in_range: [0, 1], nullable: true}\n"
    )
    p = resolve_profile(str(spec), ["prompt", "label", "score", "uid"])
    assert (p.name, p.prompt_field, p.id_column, p.strata) == ("mine", "prompt", "uid", ("label",))
    frame = pl.DataFrame({"uid": ["a", "b"], "prompt": ["hello", " "], "label": ["safe", "maybe"], "score": [0.5, 2.0]})
    found = _schema_findings(frame, p)
    assert sorted(zip(found["row"].to_list(), found["check"].to_list())) == [
        (1, "schema.in_range"), (1, "schema.isin"), (1, "schema.not_blank")]


def test_user_profile_file_with_an_unknown_check(tmp_path):
    spec = tmp_path / "bad.yaml"
    spec.write_text("prompt_field: p\ncolumns:\n  p: {dtype: str, looks_nice: true}\n")
    with pytest.raises(CurateError, match="columns.p has an unknown field 'looks_nice'; use dtype, nullable, isin"):
        resolve_profile(str(spec), ["p"])


def _schema_findings(frame: pl.DataFrame, profile) -> pl.DataFrame:
    loaded = Loaded(frame=frame, source="mem", format="parquet", sha256=None)
    ctx = AuditContext(data=prepare(loaded, profile), profile=profile, config=AuditConfig(), loaded=loaded)
    return schema_step.run(ctx).findings


def test_nariraksha_schema_findings_map_to_rows(nariraksha_frame):
    bad = nariraksha_frame.with_columns(pl.col("confidence").cast(pl.String)).vstack(
        pl.DataFrame([
            {**nariraksha_frame.row(0, named=True), "severity": "extreme", "confidence": "1.7"},
            {**nariraksha_frame.row(1, named=True), "risk_type": "alien abduction", "confidence": "n/a"},
            {**nariraksha_frame.row(2, named=True), "scenario": "   ", "risk_type": "Blackmail/Extortion", "severity": "HIGH", "confidence": None},
        ], schema=nariraksha_frame.with_columns(pl.col("confidence").cast(pl.String)).schema)
    )
    found = _schema_findings(bad, detect_profile(bad.columns))
    got = sorted(zip(found["row"].to_list(), found["check"].to_list(), found["column"].to_list()))
    assert got == [
        (3, "schema.in_range", "confidence"),
        (3, "schema.in_vocabulary", "severity"),
        (4, "schema.dtype", "confidence"),  # "n/a" is not a number, reported once (not also as null)
        (4, "schema.in_vocabulary", "risk_type"),
        (5, "schema.noncanonical", "risk_type"),
        (5, "schema.noncanonical", "severity"),
        (5, "schema.not_blank", "scenario"),
        (5, "schema.not_nullable", "confidence"),
    ]
    # Labels are compared with case and punctuation folded: "Blackmail/Extortion" and "HIGH" pass the
    # vocabulary, and are warnings naming the form split and train use.
    odd = found.filter(pl.col("check") == "schema.noncanonical").sort("column")
    assert odd["severity"].to_list() == ["warning", "warning"]
    assert odd["evidence"].to_list() == ["Blackmail/Extortion", "HIGH"]
    assert "'blackmail / extortion'" in odd["message"][0] and "'high'" in odd["message"][1]


def test_missing_required_column_is_one_dataset_level_finding(nariraksha_frame):
    found = _schema_findings(nariraksha_frame.drop("confidence"), detect_profile(nariraksha_frame.columns))
    missing = found.filter(pl.col("check") == "schema.column_missing")
    assert missing.height == 1 and missing["row"][0] is None and missing["column"][0] == "confidence"


def test_chat_schema_roles_final_turn_and_category(chat_jsonl):
    from curation.read import read_dataset

    frame = read_dataset(chat_jsonl).frame
    broken = pl.concat([frame, pl.DataFrame({
        "messages": [[{"role": "user", "content": "hi"}, {"role": "bot", "content": "Weird"}]],
        "_meta": [{"src": "x", "category": "Weird", "verdict": "?"}],
    }, schema=frame.schema)])
    profile = detect_profile(broken.columns)
    found = _schema_findings(broken, profile)
    assert sorted(zip(found["row"].to_list(), found["check"].to_list())) == [
        (2, "schema.in_vocabulary"), (2, "schema.last_role_is"), (2, "schema.valid_roles")]
    assert profile.prepare(frame)["user"].to_list() == ["How do I hack my ex's Instagram?", "What is the capital of India?"]


def test_pandera_is_imported_only_when_a_schema_is_first_used():
    # importing pandera (and pandas) costs ~1 s: commands that read a profile but validate nothing
    # (split, train, report) do not pay it. (The audit's schema step imports it on the main thread
    # before the steps start: tests/test_audit_threads.py.)
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from curation.profile import resolve_profile\n"
        "p = resolve_profile(None, ['scenario', 'risk_type', 'severity', 'reasoning', 'legal_context'])\n"
        "print('pandera' in sys.modules, end=' ')\n"
        "p.schema\n"
        "print('pandera' in sys.modules, 'scenario' in p.schema.columns)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]
