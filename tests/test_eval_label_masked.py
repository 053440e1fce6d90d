"""`curate eval`'s label-masked prompts: the test prompts that state their own label, the label
phrases removed (the audit's matcher), and label accuracy with and without them — measured here
with stand-in models (no training): one that copies the label out of the prompt, one that reads
the scenario."""

from __future__ import annotations

import json
from types import SimpleNamespace

import polars as pl
import pytest
from train_fixtures import nariraksha_rows

from curation.schemas import CHAT, NARIRAKSHA
from curation.training import evaluate as E
from curation.training.answers import answer_format
from curation.training.inference import Generation
from curation.training.perturb import label_masked

V1 = " She filed a complaint regarding {risk}. The harm caused was classified as {severity}."
V2 = " She stated the severity was {severity}."
# row: risk_type, severity, the sentence appended to the scenario
ROWS = [
    ("domestic violence", "high", V1),
    ("cyberstalking", "low", V1),  # the copying model's guesses (cyberstalking, low) are right here by chance
    ("workplace harassment", "critical", V2),  # states its severity only
    ("financial exploitation", "medium", ""),  # states nothing: not a label-masked prompt
]
RISKS = ("domestic violence", "cyberstalking", "workplace harassment", "financial exploitation")
LEVELS = ("low", "medium", "high", "critical")


@pytest.fixture
def test_rows() -> pl.DataFrame:
    rows = nariraksha_rows(len(ROWS), seed=3)
    return rows.with_columns(
        pl.Series("risk_type", [r for r, _, _ in ROWS]), pl.Series("severity", [s for _, s, _ in ROWS]),
        pl.Series("scenario", [text + tail.format(risk=r, severity=s) for text, (r, s, tail) in zip(rows["scenario"], ROWS)]),
    )


def _answer(risk_type: str, severity: str) -> str:
    return json.dumps({"risk_type": risk_type, "severity": severity, "reasoning": "r", "recommended_action": "a",
                       "legal_context": "BNS Section 78", "confidence": 0.9})


def copying_model(conversation) -> str:
    """Answers the labels its prompt states, else guesses cyberstalking / low."""
    prompt = conversation[1]["content"].lower()
    risk = next((r for r in RISKS if r in prompt), "cyberstalking")
    level = next((v for v in LEVELS if f"classified as {v}" in prompt or f"severity was {v}" in prompt), "low")
    return _answer(risk, level)


def _run(monkeypatch, test_rows: pl.DataFrame, model, perturb: bool = True):
    def generate(loaded, conversations, **kwargs):
        return [Generation(text=model(c), stopped=True, prompt_ids=[], prefix_ids=[], target_ids=[], generated_ids=[]) for c in conversations]

    monkeypatch.setattr("curation.training.inference.generate_answers", generate)
    fmt = answer_format(NARIRAKSHA, [E._conversations(NARIRAKSHA, test_rows, "t")[0][-1]["content"]], test_rows)
    data = E._Data(split=SimpleNamespace(frames={"train": test_rows}), profile=NARIRAKSHA, samples={"test": test_rows},
                   probes=pl.DataFrame(), fmt=fmt, key="row", notes=[])
    config = E.EvalConfig(max_new_tokens=64, perturb=perturb, n_boot=200)
    generations = E._generate_held_out(None, data, config)
    return generations, E._label_masked_section(generations, data, config)


def test_the_masked_prompts_are_the_test_prompts_that_state_a_label(test_rows):
    out = label_masked(test_rows, NARIRAKSHA)
    assert out["row"].to_list() == test_rows["row"].to_list()[:3]
    assert out["stated_risk_type"].to_list() == [True, True, False] and out["stated_severity"].to_list() == [True, True, True]
    assert out["masked_phrases"].to_list() == ["risk_type: domestic violence; severity: classified as high",
                                               "risk_type: cyberstalking; severity: classified as low",
                                               "severity: severity was critical"]
    assert not out["still_stated"].any()
    for before, after in zip(test_rows["scenario"], out["scenario"]):
        assert after.startswith(before.split(" She ")[0])  # the scenario itself is untouched
        assert "classified as" not in after and "severity was" not in after
    assert out.drop("scenario", "stated_risk_type", "stated_severity", "masked_phrases", "still_stated").equals(test_rows.head(3).drop("scenario"))


def test_a_model_that_copies_the_label_loses_its_accuracy_without_it(monkeypatch, test_rows):
    generations, section = _run(monkeypatch, test_rows, copying_model)
    assert generations.group_by("set").len().sort("set").rows() == [("label_masked", 3), ("perturbed", 4), ("test", 4)]
    assert (section["prompts"], section["test_prompts"], section["share_of_test"], section["still_stated"]) == (3, 4, 0.75, 0)
    risk, severity = section["fields"]["risk_type"], section["fields"]["severity"]
    # hand-checked: risk_type is stated in rows 0 and 1, both right as written, only row 1 (a lucky guess) masked
    assert (risk["rows"], risk["accuracy_original"], risk["accuracy_masked"]) == (2, 1.0, 0.5)
    assert risk["accuracy_drop"]["value"] == pytest.approx(0.5)
    # severity is stated in rows 0, 1 and 2: all right as written, only row 1 (low) masked
    assert (severity["rows"], severity["accuracy_original"]) == (3, 1.0)
    assert severity["accuracy_masked"] == pytest.approx(1 / 3) and severity["accuracy_drop"]["value"] == pytest.approx(2 / 3)
    assert severity["accuracy_drop"]["low"] <= 2 / 3 <= severity["accuracy_drop"]["high"]


def test_a_model_that_reads_the_scenario_keeps_its_accuracy(monkeypatch, test_rows):
    scenarios = nariraksha_rows(len(ROWS), seed=3)["scenario"].to_list()  # as written, before a label sentence

    def reading_model(conversation):
        prompt = conversation[1]["content"].split("Scenario: ", 1)[1]
        risk, severity, _ = next(row for text, row in zip(scenarios, ROWS) if prompt.startswith(text))
        return _answer(risk, severity)

    _, section = _run(monkeypatch, test_rows, reading_model)
    for name in ("risk_type", "severity"):
        field = section["fields"][name]
        assert field["accuracy_original"] == field["accuracy_masked"] == 1.0 and field["accuracy_drop"]["value"] == 0.0


def test_no_masked_prompts_when_none_states_its_label_or_perturb_is_off(monkeypatch, test_rows):
    plain = test_rows.tail(1)
    _, section = _run(monkeypatch, plain, copying_model)
    assert section["prompts"] == 0 and section["fields"]["risk_type"]["rows"] == 0
    assert section["fields"]["risk_type"]["accuracy_masked"] is None
    generations, section = _run(monkeypatch, test_rows, copying_model, perturb=False)
    assert section is None and set(generations["set"]) == {"test"}


def test_a_profile_whose_conversation_does_not_read_the_prompt_is_skipped():
    frame = pl.DataFrame({"messages": [[{"role": "user", "content": "Is this PII?"}, {"role": "assistant", "content": "PII"}]],
                          "row": [0]})
    data = E._Data(split=None, profile=CHAT, samples={"test": CHAT.prepare(frame)}, probes=pl.DataFrame(), fmt=None, key="row", notes=[])
    assert E._label_masked(data) is None and "label-masked prompts: skipped" in data.notes[0]
