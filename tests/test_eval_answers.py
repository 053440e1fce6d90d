"""Parsing generated answers, label scoring joined by id (never by position), and the perturbed prompts."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest

from curation.errors import CurateError
from curation.schemas import CHAT, NARIRAKSHA
from curation.training.answers import answer_format, parse_answers, reference_values
from curation.training.evaluate import label_metrics
from curation.training.metrics import INVALID
from curation.training.perturb import incident_swap, incidents, word_log_odds

TRAIN = pl.DataFrame({
    "risk_type": ["cyberstalking", "domestic violence", "Blackmail / Extortion"],
    "severity": ["low", "high", "critical"],
})


def _answer(**fields) -> str:
    base = {"risk_type": "cyberstalking", "severity": "high", "reasoning": "He follows her online.", "recommended_action": "Report it.",
            "legal_context": "BNS Section 78", "confidence": 0.9}
    return json.dumps({**base, **fields})


@pytest.fixture
def nr_format():
    return answer_format(NARIRAKSHA, [_answer(), _answer(severity="low")], TRAIN)


def test_json_answers_are_parsed_and_labels_mapped_to_the_training_spelling(nr_format):
    assert nr_format.is_json and nr_format.labels == ("risk_type", "severity")
    texts = [
        _answer(risk_type="CYBERSTALKING"),
        "Sure! " + _answer(risk_type="blackmail_extortion") + " Stay safe.",  # prose around the object
        _answer(risk_type="alien abduction"),  # not a label of the data
        _answer(risk_type="domestic violence")[:78],  # cut off mid-answer
        _answer(reasoning=""),
        "I am not sure what to say.",
    ]
    out = parse_answers(texts, nr_format)
    assert out["parsed"].to_list() == [True, True, True, False, True, False]
    assert out["risk_type"].to_list() == ["cyberstalking", "Blackmail / Extortion", INVALID, "domestic violence", "cyberstalking", INVALID]
    assert out["valid"].to_list() == [True, True, False, False, False, False]
    # what a cut-off answer did write is kept (its regurgitation and facts are still measured)
    assert out["reasoning"][3] == "He follow" and out["legal_context"][3] is None
    assert nr_format.ordinal_scale("severity") == ("low", "medium", "high", "critical")
    assert nr_format.ordinal_scale("risk_type") is None


def test_a_classifier_answers_in_plain_text():
    train = pl.DataFrame({"category": ["none", "PII", "Self-harm"]})
    fmt = answer_format(CHAT, ["none", "PII"], train)
    assert not fmt.is_json and fmt.labels == ("category",) and fmt.texts == ()
    out = parse_answers(["  pii\n", "Self harm", "I cannot say"], fmt)
    assert out["category"].to_list() == ["PII", "Self-harm", INVALID]
    truth = reference_values(pl.DataFrame({"category": ["Self-harm", "none", "PII"]}), ["x", "y", "z"], fmt)
    assert truth["category"].to_list() == ["Self-harm", "none", "PII"]  # the row's own label, not the answer text


CATEGORIES = ["none", "PII", "Self-harm", "Illegal Activity"]


def _classifier_case(n: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    ids = [f"q{i:03d}" for i in range(n)]
    truth = rng.choice(CATEGORIES, n, p=[0.6, 0.15, 0.15, 0.1]).tolist()
    predicted = [t if rng.random() < 0.7 else rng.choice(CATEGORIES) for t in truth]
    return ids, truth, predicted


def test_classifier_metrics_join_predictions_by_id_not_position():
    ids, truth, predicted = _classifier_case()
    truth_frame = pl.DataFrame({"key": ids, "truth": truth})
    in_order = label_metrics(pl.DataFrame({"key": ids, "predicted": predicted}), truth_frame, negative="none")
    # concurrent workers write predictions in another order: the numbers must not change
    shuffled = pl.DataFrame({"key": ids, "predicted": predicted}).sample(fraction=1.0, shuffle=True, seed=3)
    assert shuffled["key"].to_list() != ids
    assert label_metrics(shuffled, truth_frame, negative="none") == in_order
    # scoring the shuffled file by line position (the seed scorer's bug) gives other numbers
    by_position = label_metrics(pl.DataFrame({"key": ids, "predicted": shuffled["predicted"]}), truth_frame, negative="none")
    assert by_position["accuracy"] != in_order["accuracy"]


def test_classifier_binary_rates_by_hand():
    truth = pl.DataFrame({"key": ["a", "b", "c", "d", "e"], "truth": ["none", "PII", "Self-harm", "none", "none"]})
    predicted = pl.DataFrame({"key": ["e", "d", "c", "b", "a"], "predicted": ["none", "PII", "Self-harm", "none", "none"]})
    out = label_metrics(predicted, truth, negative="none")
    # blocks: c (right) and d (a false positive); b is a missed violation
    assert out["binary"]["block_rate"] == pytest.approx(0.4)
    assert out["binary"]["precision"] == 0.5 and out["binary"]["recall"] == 0.5
    assert out["accuracy"] == pytest.approx(3 / 5)
    assert out["confusion"]["labels"] == ["PII", "Self-harm", "none"]
    assert out["confusion"]["matrix"] == [[0, 0, 1], [0, 1, 0], [1, 0, 2]]


def test_missing_and_duplicate_predictions():
    truth = pl.DataFrame({"key": ["a", "b"], "truth": ["none", "PII"]})
    out = label_metrics(pl.DataFrame({"key": ["a"], "predicted": ["none"]}), truth)
    assert out["missing_predictions"] == 1 and out["accuracy"] == 0.5
    with pytest.raises(CurateError, match="duplicate ids"):
        label_metrics(pl.DataFrame({"key": ["a", "a"], "predicted": ["none", "PII"]}), truth)


def _perturbation_data():
    incidents_by_label = {
        "cyberstalking": ["He creates fake profiles and messages her online every night.", "An account keeps tagging her in posts and messages her online."],
        "domestic violence": ["Her husband beats her when he drinks at home.", "Her husband and in-laws beat her over dowry at home."],
        "financial exploitation": ["A caller took her bank OTP and emptied the account.", "Her bank account was emptied after she shared an OTP."],
    }
    contexts = ["She is 29 and lives in Pune.", "My sister works as a nurse in Jaipur.", "A student in Kochi wrote to us."]
    rows = []
    for i in range(60):
        label = list(incidents_by_label)[i % 3]
        rows.append({"row": i, "risk_type": label, "scenario": f"{contexts[i % 3 if i % 2 else (i + 1) % 3]} {incidents_by_label[label][i % 2]}"})
    return pl.DataFrame(rows)


def test_the_incident_is_the_most_label_indicative_sentence():
    data = _perturbation_data()
    log_odds = word_log_odds(data["scenario"], data["risk_type"])
    test = pl.DataFrame({"scenario": ["She is 40 and lives in Delhi. Her husband beats her at home. She wants advice."],
                         "risk_type": ["domestic violence"]})
    found = incidents(test["scenario"], test["risk_type"], log_odds)
    assert found["sentence"].to_list() == ["Her husband beats her at home."]


def test_incident_swap_keeps_the_context_and_takes_another_labels_incident():
    data = _perturbation_data()
    train, test = data.head(45), data.tail(15)
    out = incident_swap(test, "scenario", "risk_type", word_log_odds(train["scenario"], train["risk_type"]), seed=0)
    assert out.height == test.height
    assert (out["donor_label"] != out["original_label"]).all()
    for before, after, incident, swapped in zip(test["scenario"], out["scenario"], out["incident"], out["swapped_in"]):
        context = before.replace(incident, "").strip()
        assert incident in before and incident not in after
        assert after == f"{context} {swapped}"
    # the same seed, the same perturbation
    assert incident_swap(test, "scenario", "risk_type", word_log_odds(train["scenario"], train["risk_type"]), seed=0).equals(out)


def test_a_true_label_unseen_in_training_stays_as_written(nr_format):
    frame = pl.DataFrame({"risk_type": ["Cyberstalking", "impersonation"], "severity": ["HIGH", "low"], "reasoning": ["a", "b"],
                          "recommended_action": ["c", "d"], "legal_context": ["e", "f"]})
    truth = reference_values(frame, ["", ""], nr_format)
    assert truth["risk_type"].to_list() == ["cyberstalking", "impersonation"]
    assert truth["severity"].to_list() == ["high", "low"]
