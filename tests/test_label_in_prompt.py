"""`label.in_prompt`: a prompt that states a label value of its own row — the matcher
(`curation.label_phrases`), the audit step, its report section, and the profile's synonyms —
on hand-written cases, the public generator's own phrasings, and real human text (HH-RLHF)."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from pathlib import Path

import polars as pl
import pytest

from curation.audit import label_in_prompt, prepare
from curation.audit.pipeline import AuditConfig, AuditContext
from curation.errors import CurateError
from curation.label_phrases import masked, phrase_table, profile_phrases, stated
from curation.profile import LabelPhrases, resolve_profile
from curation.read import Loaded
from curation.schemas import NARIRAKSHA
from curation.schemas.generic import generic_profile
from curation.schemas.nariraksha import RISK_TYPES, SEVERITIES
from curation.text import normalize_series

REAL = Path(__file__).parent / "data" / "real" / "hh-rlhf-harmless-base-test.jsonl.gz"

# The public generator's scenarios, as filed: v1 and v2 phrasings.
V1 = ("Priya, 24, from Pune, filed a complaint regarding online harassment. "
      "The harm caused was classified as high.")
V2 = "A woman in Lucknow says her ex keeps messaging her. She stated the severity was high."


def found(texts: list[str], risk_types: list[str], severities: list[str], profile=NARIRAKSHA) -> dict[int, dict[str, list[str]]]:
    """text index -> label field -> phrases found."""
    frame = pl.DataFrame({"scenario": texts, "risk_type": risk_types, "severity": severities})
    out = stated(normalize_series(frame["scenario"]), {"risk_type": frame["risk_type"], "severity": frame["severity"]},
                 profile_phrases(profile, frame))
    result: dict[int, dict[str, list[str]]] = {}
    for pos, field, phrases in out.iter_rows():
        result.setdefault(pos, {})[field] = phrases
    return result


def test_the_generator_phrasings_state_both_labels():
    assert found([V1, V2], ["online harassment", "cyberstalking"], ["high", "high"]) == {
        0: {"risk_type": ["online harassment"], "severity": ["classified as high"]},
        1: {"severity": ["severity was high"]},
    }


@pytest.mark.parametrize("text, risk_type, severity", [
    ("He drove her home on the highway after her high school reunion.", "online harassment", "high"),  # "high" is no severity here
    ("Her highly paid boss harasses her; the harassment never stops.", "online harassment", "high"),  # "harassment" is not "online harassment"
    ("Someone made a deepfake of her.", "deepfake abuse", "medium"),  # a related word, not the label
    ("He keeps stalking her near the bus stop.", "cyberstalking", "low"),
    ("He threatens to blackmail her with the photos.", "blackmail / extortion", "critical"),
    ("It is not domestic violence, he says. The severity was not high.", "domestic violence", "high"),  # negated
    ("It isn't high risk and it wasn't online harassment.", "online harassment", "high"),
    ("Can I have more extreme pranks please", "emotional manipulation", "critical"),  # a synonym outside its context
    ("Low battery, medium rare, high tide, critical reviews.", "coercive control", "low"),
    ("She faces a high risk of online harassment.", "cyberstalking", "low"),  # another row's labels
])
def test_mentions_that_do_not_state_the_rows_own_label(text, risk_type, severity):
    assert found([text], [risk_type], [severity]) == {}


@pytest.mark.parametrize("text, risk_type, severity, expected", [
    ("ONLINE-HARASSMENT!! severity: HIGH", "online harassment", "high", {"risk_type": ["online harassment"], "severity": ["severity high"]}),
    ("This looks like cyber-stalking.", "cyberstalking", "low", {"risk_type": ["cyber stalking"]}),
    ("It is domestic abuse, of moderate severity.", "domestic violence", "medium", {"risk_type": ["domestic abuse"], "severity": ["moderate severity"]}),
    ("Her ex posted revenge porn; she is at extreme risk.", "revenge content (NCII)", "critical",
     {"risk_type": ["revenge porn"], "severity": ["extreme risk"]}),
    ("A case of revenge content (NCII), rated as low.", "revenge content (NCII)", "low",
     {"risk_type": ["revenge content ncii"], "severity": ["rated as low"]}),  # "revenge content" and "ncii" inside it add nothing
    ("Blackmail / extortion: he wants money.", "blackmail / extortion", "low", {"risk_type": ["blackmail extortion"]}),
    ("It is not only harassment, it is domestic violence.", "domestic violence", "low", {"risk_type": ["domestic violence"]}),
])
def test_the_label_its_spellings_and_synonyms(text, risk_type, severity, expected):
    assert found([text], [risk_type], [severity]) == {0: expected}


def test_catch_all_and_letterless_labels_state_nothing_by_themselves():
    profile = generic_profile(("prompt",), ("label",))
    texts = ["None of your business.", "Tell me about the other day.", "I have 1 question", "Is it unsafe to walk alone?"]
    frame = pl.DataFrame({"prompt": texts, "label": ["none", "Other", "1", "unsafe"]})
    out = stated(normalize_series(frame["prompt"]), {"label": frame["label"]}, profile_phrases(profile, frame))
    assert out.rows() == [(3, "label", ["unsafe"])]
    # a context states even a number: "severity 3" says the label 3
    table = phrase_table("severity", ["3", "none"], LabelPhrases(contexts=("severity {}",)))
    assert table["phrase"].to_list() == ["severity 3"]


def test_masking_removes_the_phrases_and_nothing_else():
    texts = [V1, V2, "Nothing to see here.", "High risk, HIGH RISK; she is at high-risk."]
    frame = pl.DataFrame({"scenario": texts, "risk_type": ["online harassment", "cyberstalking", "cyberstalking", "cyberstalking"],
                          "severity": ["high", "high", "high", "high"]})
    labels = {"risk_type": frame["risk_type"], "severity": frame["severity"]}
    phrases = profile_phrases(NARIRAKSHA, frame)
    hits = stated(normalize_series(frame["scenario"]), labels, phrases)
    cut = masked(frame["scenario"], hits)
    assert cut.to_list() == [
        "Priya, 24, from Pune, filed a complaint regarding. The harm caused was.",
        "A woman in Lucknow says her ex keeps messaging her. She stated the.",
        "Nothing to see here.",
        ",; she is at.",
    ]
    assert stated(normalize_series(cut), labels, phrases).height == 0


def _audit(frame: pl.DataFrame, profile=NARIRAKSHA):
    loaded = Loaded(frame=frame, source="mem", format="parquet", sha256=None)
    ctx = AuditContext(data=prepare(loaded, profile), profile=profile, config=AuditConfig(), loaded=loaded)
    return label_in_prompt.run(ctx)


def test_the_audit_step_reports_each_row_and_the_share_per_label_field(nariraksha_frame):
    frame = pl.concat([nariraksha_frame, nariraksha_frame.head(1).with_columns(scenario=pl.lit(V1), risk_type=pl.lit("online harassment"),
                                                                                 severity=pl.lit("high"))])
    result = _audit(frame)
    findings = result.findings.sort("row", "message")
    assert findings["row"].to_list() == [3, 3] and set(findings["check"]) == {"label.in_prompt"}
    assert set(findings["severity"]) == {"warning"} and set(findings["column"]) == {"scenario"}
    assert findings["message"].to_list() == ["'scenario' states this row's risk_type label 'online harassment'",
                                             "'scenario' states this row's severity label 'high'"]
    assert findings["evidence"].to_list() == ["online harassment", "classified as high"]
    assert result.metrics["rows"] == 1 and result.metrics["share"] == 0.25
    assert result.metrics["fields"]["severity"] == {"rows": 1, "share": 0.25, "phrases": [{"phrase": "classified as high", "rows": 1}]}
    # the fixture's own scenarios state no label ("follows her to the bus stop", "dowry", "morphed photos")
    assert _audit(nariraksha_frame).findings.height == 0


def test_the_step_is_skipped_without_a_label_or_a_text_prompt():
    profile = generic_profile(("prompt",))
    assert _audit(pl.DataFrame({"prompt": ["a b c"]}), profile).skipped == "the profile names no label field found in the data"
    profile = generic_profile(("prompt",), ("label",))
    assert "is not a text column" in _audit(pl.DataFrame({"prompt": [1], "label": ["x"]}), profile).skipped


def test_curate_audit_writes_the_share_and_the_report_section(tmp_path, curate, nariraksha_frame):
    frame = pl.concat([nariraksha_frame, nariraksha_frame.with_columns(pl.col("scenario") + " " + V2.split(". ")[1])])
    frame.write_parquet(tmp_path / "nr.parquet")
    code, err = curate("-q", "audit", str(tmp_path / "nr.parquet"), "-o", str(tmp_path / "out"), "--fail-on", "never")
    assert code == 0, err
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    metrics = report["checks"]["label_in_prompt"]["metrics"]
    # V2's sentence states "high" on the one copy labelled high; the others are medium and critical
    assert metrics["fields"]["severity"]["rows"] == 1 and metrics["fields"]["severity"]["share"] == pytest.approx(1 / 6)
    assert metrics["fields"]["risk_type"]["rows"] == 0
    entry = next(c for c in report["by_check"] if c["check"] == "label.in_prompt")
    assert entry["severity"] == "warning" and entry["rows"] == 1
    html = (tmp_path / "out" / "report.html").read_text()
    section = html[html.index('id="label-in-prompt"'):html.index('id="lengths"')]
    assert 'data-testid="label-in-prompt"' in section and "<code>severity was high</code> (1)" in section


def test_a_profile_file_lists_synonyms_and_contexts(tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "prompt_field: prompt\nlabel_fields: [label, level]\ncolumns:\n  prompt: {dtype: str}\n  label: {dtype: str}\n  level: {dtype: str}\n"
        "label_phrases:\n  label:\n    synonyms: {unsafe: [harmful]}\n    unstated: [safe]\n"
        "  level:\n    contexts: ['level {}', '{} level']\n"
    )
    profile = resolve_profile(str(spec), ["prompt", "label", "level"])
    assert profile.label_phrases["label"] == LabelPhrases(synonyms={"unsafe": ("harmful",)}, unstated=("safe",))
    frame = pl.DataFrame({"prompt": ["Is this harmful? Level 2.", "Is it safe? It is high.", "High level stuff"],
                          "label": ["unsafe", "safe", "safe"], "level": ["2", "high", "high"]})
    out = stated(normalize_series(frame["prompt"]), {"label": frame["label"], "level": frame["level"]}, profile_phrases(profile, frame))
    assert out.rows() == [(0, "label", ["harmful"]), (0, "level", ["level 2"]), (2, "level", ["high level"])]


@pytest.mark.parametrize("block, message", [
    ("label_phrases: [a]", "bad.yaml: label_phrases is ['a']; write a mapping (key: value)."),
    ("label_phrases:\n  label: {contexts: ['level']}", "label_phrases.label.contexts[0] is 'level'; it must hold '{}' exactly once"),
    ("label_phrases:\n  label: {synonyms: {x: harmful}}", "label_phrases.label.synonyms.x is 'harmful'; write a list."),
    ("label_phrases:\n  label: {aliases: {x: [y]}}", "label_phrases.label has an unknown field 'aliases'; use synonyms, contexts, unstated."),
    ("label_phrases:\n  label: {unstated: ['  ']}", "label_phrases.label.unstated[0] is '  '; it must not be blank."),
])
def test_a_bad_label_phrases_block_is_one_clear_sentence(tmp_path, curate, block, message):
    spec = tmp_path / "bad.yaml"
    spec.write_text(f"prompt_field: prompt\nlabel_fields: [label]\ncolumns:\n  prompt: {{dtype: str}}\n  label: {{dtype: str}}\n{block}\n")
    with pytest.raises(CurateError, match=re.escape(message)):
        resolve_profile(str(spec), ["prompt", "label"])
    pl.DataFrame({"prompt": ["a b c"], "label": ["x"]}).write_parquet(tmp_path / "d.parquet")
    code, err = curate("audit", str(tmp_path / "d.parquet"), "--profile", str(spec), "-o", str(tmp_path / "out"))
    assert code == 2 and message in err and "Traceback" not in err and not (tmp_path / "out").exists()


# -- real human text ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def human_turns() -> pl.Series:
    """Every human turn of HH-RLHF harmless-base test (5,756 real red-team prompts)."""
    with gzip.open(REAL, "rt", encoding="utf-8") as f:
        dialogues = [json.loads(line)["chosen"] for line in f]
    turns = [t.strip() for d in dialogues for t in re.findall(r"\n\nHuman: (.*?)(?=\n\nAssistant:|\Z)", d, re.S)]
    return pl.Series("scenario", turns)


def _oracle(texts: list[str], phrases: list[str]) -> set[int]:
    """A second, plain-Python reading of "states one of the phrases": NFKC, any case, whole words."""
    words = "|".join(r"[\W_]+".join(map(re.escape, p.split())) for p in phrases)
    pattern = re.compile(r"(?<![^\W_])(?:" + words + r")(?![^\W_])", re.I)
    return {i for i, text in enumerate(texts) if pattern.search(unicodedata.normalize("NFKC", text))}


def test_real_prompts_are_flagged_only_where_a_label_phrase_stands(human_turns):
    """Every row labelled with one risk type (and one severity) at a time: the flags are exactly
    the rows the plain-Python reading finds. By hand: one real prompt says 'online harassment', ten
    say 'blackmail' (an earlier generator's label, not 'blackmail / extortion'), none states a
    severity though seven say 'high school', and 'stalking her' is not 'cyberstalking'."""
    texts = human_turns.to_list()
    norm = normalize_series(human_turns)
    flagged = {}
    for risk_type, severity in zip(RISK_TYPES, SEVERITIES * 5):
        labels = {"risk_type": pl.repeat(risk_type, human_turns.len(), eager=True), "severity": pl.repeat(severity, human_turns.len(), eager=True)}
        phrases = profile_phrases(NARIRAKSHA, pl.DataFrame(labels))
        hits = stated(norm, labels, phrases)
        for field in labels:
            rows = set(hits.filter(pl.col("field") == field)["pos"].to_list())
            wanted = phrases.filter(pl.col("field") == field)["phrase"].to_list()
            assert rows == _oracle(texts, wanted), (field, risk_type if field == "risk_type" else severity)
            flagged[(field, labels[field][0])] = rows
    assert {key: len(rows) for key, rows in flagged.items() if rows} == {("risk_type", "online harassment"): 1, ("risk_type", "blackmail"): 10}
    (row,) = flagged[("risk_type", "online harassment")]
    assert texts[row] == "Yeah I know. That's not what I asked. I asked what the most effective form of online harassment was."
    assert len(_oracle(texts, ["high school"])) == 7 and len(_oracle(texts, ["stalking"])) == 2


def test_generator_sentences_planted_into_real_prompts_are_all_found(human_turns):
    """The generator's v1 and v2 sentences appended to every third real prompt, labels attached
    to every prompt: exactly the planted rows are flagged, with the planted field."""
    n = 600
    risk = [RISK_TYPES[i % 12] for i in range(n)]  # the generator's 12 current risk types
    severity = [SEVERITIES[i % 4] for i in range(n)]
    texts = human_turns.head(n).to_list()
    planted = {}
    for i in range(0, n, 3):
        if i % 2:
            texts[i] += f" She stated the severity was {severity[i]}."
            planted[i] = {"severity"}
        else:
            texts[i] += f" She filed a complaint regarding {risk[i]}. The harm caused was classified as {severity[i]}."
            planted[i] = {"risk_type", "severity"}
    got = found(texts, risk, severity)
    assert {i: set(fields) for i, fields in got.items()} == planted
