"""Labels that match the vocabulary only once folded ('HIGH' for 'high'): a `schema.noncanonical`
warning naming the canonical form, and one canonicalization (`Profile.canonical_labels`) that split,
train and the label comparisons use, so 'HIGH' and 'high' are never two labels."""

from __future__ import annotations

import json

import polars as pl
import pytest
from real_text import distinct_turns

from curation.audit import labels as labels_step
from curation.audit import prepare
from curation.audit import schema as schema_step
from curation.audit.pipeline import AuditConfig, AuditContext, StepResult
from curation.errors import CurateError
from curation.profile import builtin_profiles, resolve_profile
from curation.read import Loaded
from curation.schemas import NARIRAKSHA
from curation.split.config import SplitConfig
from curation.split.run import run_split
from curation.training.data import conversations_of

ROW = {
    "scenario": "My husband's family demands more dowry and locks me out of the house in Jaipur.",
    "language": "English", "risk_type": "domestic violence", "severity": "high",
    "reasoning": "Dowry demands with cruelty by in-laws.", "recommended_action": "Call 181 and approach the Protection Officer.",
    "legal_context": "BNS Section 85, Dowry Prohibition Act Section 4", "confidence": 0.95,
}


def test_folded_labels_take_the_vocabulary_form_and_others_stay():
    frame = pl.DataFrame({
        "severity": ["HIGH", " High.", "high", "extreme", None, "Critical"],
        "risk_type": ["Blackmail_Extortion", "blackmail/extortion", "DOMESTIC VIOLENCE", "sextortion", "revenge content (ncii)", None],
    })
    out = NARIRAKSHA.canonical_labels(frame)
    assert out["severity"].to_list() == ["high", "high", "high", "extreme", None, "critical"]
    assert out["risk_type"].to_list() == ["blackmail / extortion", "blackmail / extortion", "domestic violence", "sextortion",
                                          "revenge content (NCII)", None]
    odd = NARIRAKSHA.noncanonical_labels(frame)
    assert sorted(zip(odd["column"], odd["position"], odd["value"], odd["canonical"])) == [
        ("risk_type", 0, "Blackmail_Extortion", "blackmail / extortion"), ("risk_type", 1, "blackmail/extortion", "blackmail / extortion"),
        ("risk_type", 2, "DOMESTIC VIOLENCE", "domestic violence"), ("risk_type", 4, "revenge content (ncii)", "revenge content (NCII)"),
        ("severity", 0, "HIGH", "high"), ("severity", 1, " High.", "high"), ("severity", 5, "Critical", "critical"),
    ]
    assert NARIRAKSHA.canonical_labels(pl.DataFrame({"scenario": ["no label columns"]})).columns == ["scenario"]


@pytest.mark.parametrize("profile", sorted(builtin_profiles()))
def test_each_builtin_vocabulary_is_its_schemas_allowed_list(profile):
    chosen = builtin_profiles()[profile]
    allowed = {
        name: tuple(check.statistics["allowed"])
        for name, column in chosen.schema.columns.items() for check in column.checks if check.name == "in_vocabulary"
    }
    assert dict(chosen.vocabularies) == allowed


def test_a_user_profiles_vocabulary_and_an_ambiguous_one(tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text("prompt_field: p\ncolumns:\n  p: {dtype: str}\n  label: {dtype: str, in_vocabulary: [Safe, Unsafe]}\nlabel_fields: [label]\n")
    profile = resolve_profile(str(spec), ["p", "label"])
    assert profile.vocabularies == {"label": ("Safe", "Unsafe")}
    assert profile.canonical_labels(pl.DataFrame({"label": ["safe", "UNSAFE", "Safe"]}))["label"].to_list() == ["Safe", "Unsafe", "Safe"]
    spec.write_text("prompt_field: p\ncolumns:\n  p: {dtype: str}\n  label: {dtype: str, in_vocabulary: [un-safe, Unsafe]}\n")
    with pytest.raises(CurateError, match="'un-safe' and 'Unsafe', which are the same label once case, spaces and punctuation are folded"):
        resolve_profile(str(spec), ["p", "label"])


def _context(frame: pl.DataFrame) -> AuditContext:
    loaded = Loaded(frame=frame, source="mem", format="parquet", sha256=None)
    return AuditContext(data=prepare(loaded, NARIRAKSHA), profile=NARIRAKSHA, config=AuditConfig(), loaded=loaded)


def test_severity_HIGH_is_a_warning_naming_high_not_a_silent_pass():
    ctx = _context(pl.DataFrame([ROW, {**ROW, "severity": "HIGH"}, {**ROW, "severity": "extreme"}]))
    result = schema_step.run(ctx)
    found = result.findings.sort("row")
    assert list(zip(found["row"], found["check"], found["severity"])) == [(1, "schema.noncanonical", "warning"), (2, "schema.in_vocabulary", "error")]
    assert found["message"][0] == "'severity' is written 'HIGH'; the profile's form is 'high'"
    assert found["evidence"][0] == "HIGH" and "write 'high'" in found["suggestion"][0]
    assert result.metrics["noncanonical"] == [{"column": "severity", "value": "HIGH", "canonical": "high", "rows": 1}]
    assert result.metrics["failures"] == 1 and result.metrics["rows_failing"] == 1  # the warning is no schema failure


def test_one_label_written_two_ways_in_a_duplicate_cluster_is_no_conflict():
    ctx = _context(pl.DataFrame([ROW, {**ROW, "severity": "HIGH"}, {**ROW, "severity": "low"}]))
    ctx.results["exact"] = StepResult(rows=pl.DataFrame({"row": [0, 1, 2], "exact_cluster": [0, 0, 0]}))
    found = labels_step.run(ctx).findings
    assert set(found["column"]) == {"severity"} and found.height == 3
    assert found["evidence"][0] == "high (2) vs low (1)"  # 'HIGH' counted as 'high'


def test_split_and_train_see_one_label(tmp_path):
    # real human prompts as scenarios; a third of the 'high' rows spell it 'HIGH', some 'High '
    prompts = [t for t in distinct_turns("Human") if len(t.split()) >= 6][:240]
    severities = ["high", "HIGH", "High ", "low"] * 60
    data = pl.DataFrame([{**ROW, "scenario": p, "severity": s, "risk_type": "online harassment"} for p, s in zip(prompts, severities)])
    source = tmp_path / "data.parquet"
    data.write_parquet(source)
    outcome = run_split((str(source),), SplitConfig(stratify=("severity",), verify=False), out_dir=tmp_path / "split")
    assert sorted(outcome.manifest.strata.counts) == ["high", "low"]
    assert outcome.manifest.strata.counts["high"] == 180
    assert [c.model_dump() for c in outcome.manifest.labels.canonicalized] == [
        {"column": "severity", "value": "HIGH", "canonical": "high", "rows": 60},
        {"column": "severity", "value": "High ", "canonical": "high", "rows": 60},
    ]
    written = pl.concat([pl.read_parquet(tmp_path / "split" / f"{n}.parquet") for n in ("train", "validation", "test")])
    assert sorted(written["severity"].unique()) == ["high", "low"] and written.height == 240
    # a split made by another tool, or the raw file: the trainer writes the canonical form itself
    answers = [json.loads(conv[-1]["content"])["severity"] for conv in conversations_of(NARIRAKSHA, data)]
    assert sorted(set(answers)) == ["high", "low"] and answers.count("high") == 180
