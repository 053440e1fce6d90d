"""Leakage: `curation.dedup.cross_matches` and the audit's leakage step on two small files."""

from __future__ import annotations

import json

import polars as pl
import pytest
from real_text import distinct_turns

from curation.audit import leakage, prepare
from curation.audit.pipeline import AuditConfig, AuditContext
from curation.dedup import cross_matches
from curation.errors import CurateError
from curation.profile import resolve_profile
from curation.read import read_dataset

TRAIN = [
    "My neighbour in Lucknow keeps sending me obscene videos on WhatsApp and threatens to share my photos",  # 0
    "My boss at the bank in Pune comments on my clothes every day and touches my shoulder in meetings",      # 1
    "A man on the metro in Delhi filmed me without consent last Tuesday evening and is now posting the clip "
    "on Instagram with my name and college tagged in every post",                                           # 2
    "My boss at the bank in Pune comments on my clothes every day and touches my shoulder in meetings",      # 3 = 1
    "After I refused his proposal he created fake profiles in my name and sent messages to all my relatives",  # 4
]
TEST = [
    "my boss at the bank in pune comments on my clothes every day, and touches my shoulder in meetings!",   # exact of 1
    "A man on the metro in Delhi filmed me without my consent last Tuesday evening and is now posting the "
    "clip on Instagram with my name and college tagged in every post",                                      # near of 2
    "Since last month, after I refused his proposal he created fake profiles in my name and sent threats",  # 13-gram of 4
    "My landlord in Kochi refuses to return the deposit and shouts at me whenever I ask for it",            # clean
    None,
]


def test_cross_matches_names_the_reference_row_and_the_kind():
    found = cross_matches(pl.Series(TEST), pl.Series(TRAIN))
    assert found.schema == {"query": pl.Int64, "reference": pl.Int64, "kind": pl.String, "similarity": pl.Float64, "evidence": pl.String}
    by_query = {r["query"]: r for r in found.to_dicts()}
    assert set(by_query) == {0, 1, 2}
    assert (by_query[0]["kind"], by_query[0]["reference"], by_query[0]["similarity"]) == ("exact", 1, 1.0)  # first row with that text
    assert by_query[1]["kind"] == "near" and by_query[1]["reference"] == 2 and 0.8 <= by_query[1]["similarity"] < 1
    assert by_query[2]["kind"] == "ngram13" and by_query[2]["reference"] == 4 and by_query[2]["similarity"] < 0.8
    assert by_query[2]["evidence"] == "after i refused his proposal he created fake profiles in my name and"  # the first shared 13 words
    assert by_query[1]["evidence"].startswith("A man on the metro")  # the reference's text


def test_cross_matches_of_disjoint_sets_is_empty():
    found = cross_matches(pl.Series(["one prompt about a stalker"]), pl.Series(["another about a landlord"]))
    assert found.is_empty() and found.columns == ["query", "reference", "kind", "similarity", "evidence"]


def test_cross_matches_is_deterministic_and_one_line_per_query():
    queries = pl.Series(TEST * 3)
    first, second = cross_matches(queries, pl.Series(TRAIN)), cross_matches(queries, pl.Series(TRAIN))
    assert first.equals(second)
    assert first["query"].n_unique() == first.height == 9


def write(path, prompts):
    rows = [{"scenario": p, "language": "English", "risk_type": "cyberstalking", "severity": "high",
             "reasoning": "r", "recommended_action": "a", "legal_context": "BNS Section 78", "confidence": 0.9} for p in prompts]
    pl.DataFrame(rows, schema_overrides={"scenario": pl.String}).write_parquet(path)
    return path


def context(data_path, against=()):
    loaded = read_dataset(str(data_path))
    profile = resolve_profile(None, loaded.frame.columns)
    return AuditContext(data=prepare(loaded, profile), profile=profile, config=AuditConfig(against=tuple(str(a) for a in against)), loaded=loaded)


def test_leakage_step_between_two_files(tmp_path):
    train = write(tmp_path / "train.parquet", TRAIN)
    test = write(tmp_path / "test.parquet", TEST)
    result = leakage.run(context(test, [train]))
    found = result.findings.sort("row")
    assert found["row"].to_list() == [0, 1, 2]
    assert found["check"].to_list() == ["leak.exact", "leak.near", "leak.ngram"]
    assert found["severity"].to_list() == ["error", "warning", "info"]
    assert "row 1 of train.parquet" in found["message"][0]
    assert "row 2 of train.parquet" in found["message"][1] and "word edit similarity" in found["message"][1]
    assert "13 words" in found["message"][2] and "row 4 of train.parquet" in found["message"][2]
    assert result.metrics["against"][str(train)] == {
        "rows": 5, "exact": 1, "near": 1, "ngram13": 1, "leaked_rows": 2, "leaked_share": 0.4,
        "labels": {"fields": ["risk_type", "severity"], "compared_rows": 2, "agree_rows": 2, "conflict_rows": 0, "conflicts_by_label": {}},
    }
    assert [m.endswith("; the labels agree") for m in found["message"]] == [True, True, False]  # a 13-gram is no copy


def test_leakage_step_is_skipped_without_against(tmp_path):
    test = write(tmp_path / "test.parquet", TEST)
    assert leakage.run(context(test)).skipped == "no --against given"


def test_leakage_against_a_file_without_the_prompt_column(tmp_path):
    test = write(tmp_path / "test.parquet", TEST)
    other = tmp_path / "other.parquet"
    pl.DataFrame({"question": ["x"]}).write_parquet(other)
    with pytest.raises(CurateError, match=r"^--against .*other.parquet has no column 'scenario', which profile 'nariraksha' needs"):
        leakage.run(context(test, [other]))


def test_leakage_against_a_missing_file(tmp_path):
    test = write(tmp_path / "test.parquet", TEST)
    with pytest.raises(CurateError, match="no such file"):
        leakage.run(context(test, [tmp_path / "missing.parquet"]))


def test_audit_cli_with_against_writes_leak_findings_and_cluster_columns(tmp_path):
    import subprocess
    import sys

    train = write(tmp_path / "train.parquet", TRAIN)
    test = write(tmp_path / "test.parquet", TEST[:4])
    out = tmp_path / "audit"
    run = subprocess.run([sys.executable, "-c", "from curation.cli import main; main()", "-q", "audit", str(test), "--against", str(train),
                          "-o", str(out), "--no-html", "--fail-on", "never"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    found = pl.read_parquet(out / "findings.parquet").filter(pl.col("check").str.starts_with("leak."))
    assert sorted(found["row"].to_list()) == [0, 1, 2]
    rows = pl.read_parquet(out / "rows.parquet")
    assert {"exact_cluster", "exact_cluster_size", "near_cluster", "near_cluster_size", "near_similarity", "near_family"} <= set(rows.columns)


def test_references_scanned_in_chunks_give_the_same_matches(monkeypatch):
    from curation import dedup

    whole = cross_matches(pl.Series(TEST), pl.Series(TRAIN))
    monkeypatch.setattr(dedup, "REFERENCE_CHUNK", 2)
    assert cross_matches(pl.Series(TEST), pl.Series(TRAIN)).equals(whole)


# -- labels of the copies ---------------------------------------------------------------------------

SEVERITY = ("low", "medium", "high", "critical")
RISK = ("cyberstalking", "online harassment", "domestic violence")


def real_rows(prompts, severity, risk):
    return [{"scenario": p, "language": "English", "risk_type": r, "severity": s, "reasoning": "r", "recommended_action": "a",
             "legal_context": "BNS Section 78", "confidence": 0.9} for p, s, r in zip(prompts, severity, risk)]


@pytest.fixture
def real_leak(tmp_path):
    """train: 300 real human prompts (25+ words, labels cycling); test: 20 exact copies with the same
    labels (10 spelling the severity in capitals), 10 exact copies with another severity, 10 near
    copies (one word added) with another risk type, and one copy of a prompt train holds twice,
    labelled two ways. Returns the paths and the test rows whose labels differ."""
    from curation.text import normalize_series

    long = [t for t in distinct_turns("Human") if len(t.split()) >= 25]
    norm = normalize_series(pl.Series(long))
    prompts = pl.DataFrame({"p": long, "n": norm}).unique("n", keep="first", maintain_order=True)["p"].to_list()[:300]
    assert len(prompts) == 300
    severity = [SEVERITY[i % 4] for i in range(300)]
    risk = [RISK[i % 3] for i in range(300)]
    train = real_rows(prompts, severity, risk) + real_rows([prompts[50]], ["critical"], [risk[50]])  # row 300 = row 50, other severity
    copies = [p.lower() + " !!" for p in prompts[:30]] + [p + " please" for p in prompts[30:40]] + [prompts[50]]
    test_severity = [s.upper() if i < 10 else s for i, s in enumerate(severity[:20])] + [SEVERITY[(i + 1) % 4] for i in range(20, 30)]
    test_severity += severity[30:40] + [severity[50]]
    test_risk = risk[:30] + [RISK[(i + 1) % 3] for i in range(30, 40)] + [risk[50]]
    pl.DataFrame(train).write_parquet(tmp_path / "train.parquet")
    pl.DataFrame(real_rows(copies, test_severity, test_risk)).write_parquet(tmp_path / "test.parquet")
    return tmp_path / "train.parquet", tmp_path / "test.parquet"


def test_copies_with_other_labels_are_label_conflicts_across_files(real_leak):
    train, test = real_leak
    result = leakage.run(context(test, [train]))
    found = result.findings
    leaks = found.filter(pl.col("check").str.starts_with("leak."))
    assert sorted(leaks.filter(pl.col("check") == "leak.exact")["row"]) == [*range(30), 40]
    assert sorted(leaks.filter(pl.col("check") == "leak.near")["row"]) == list(range(30, 40))
    conflicts = found.filter(pl.col("check") == "label.conflict.against").sort("row")
    assert list(zip(conflicts["row"], conflicts["column"], conflicts["severity"])) == (
        [(r, "severity", "error") for r in range(20, 30)] + [(r, "risk_type", "warning") for r in range(30, 40)] + [(40, "severity", "error")]
    )
    assert conflicts["evidence"][0] == "'medium' here; 'low' (1 row) in train.parquet"  # row 20: train row 20 is 'low'
    assert conflicts["evidence"][-1] == "'high' here; 'critical' (1 row), 'high' (1 row) in train.parquet"  # both copies named
    assert "exact copy of this prompt in train.parquet (row 20)" in conflicts["message"][0]
    said = dict(zip(leaks["row"], leaks["message"]))
    assert all(said[r].endswith("; the labels agree") for r in range(20))  # 'HIGH' here is 'high' there
    assert said[25].endswith("; the labels differ (severity)") and said[35].endswith("; the labels differ (risk_type)")
    assert result.metrics["against"][str(train)]["labels"] == {
        "fields": ["risk_type", "severity"], "compared_rows": 41, "agree_rows": 20, "conflict_rows": 21,
        "conflicts_by_label": {"risk_type": 10, "severity": 11},
    }


def test_label_conflicts_across_files_are_counted_in_the_report(real_leak, curate):
    train, test = real_leak
    out = train.parent / "audit"
    code, _ = curate("-q", "audit", str(test), "--against", str(train), "-o", str(out), "--fail-on", "never")
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    counts = {(c["check"], c["severity"]): c["rows"] for c in report["by_check"]}
    assert counts[("label.conflict.against", "error")] == 11 and counts[("label.conflict.against", "warning")] == 10
    assert report["checks"]["leakage"]["metrics"]["against"][str(train)]["labels"]["conflict_rows"] == 21
    page = (out / "report.html").read_text()
    section = page[page.index('id="leakage"'):page.index('id="findings"')]
    assert "Copies with other labels" in section and "conflict_rows" in section
    assert "&#39;medium&#39; here; &#39;low&#39; (1 row) in train.parquet" in section
