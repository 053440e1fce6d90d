"""The audit's exact and near steps on NariRaksha-shaped frames, and recall/precision of planted
near-duplicates in `curate synth` data (its truth sidecar names each copy's original)."""

from __future__ import annotations

import polars as pl
import pytest
from dedup_fixtures import replace_word, template_prompts

from curation.audit import exact, near, prepare
from curation.audit.pipeline import AuditConfig, AuditContext
from curation.profile import resolve_profile
from curation.read import Loaded

STALKED = ("A colleague at her office in Pune keeps sending her messages late at night, waits near the bus stop after "
           "work and has started following her home on his motorbike every evening this week")
STOCK_REASONING = "Repeated unwanted contact is harassment."


def frame_of(scenarios: list[str | None], reasoning: list[str] | None = None) -> pl.DataFrame:
    n = len(scenarios)
    return pl.DataFrame({
        "scenario": pl.Series(scenarios, dtype=pl.String),
        "language": ["English"] * n,
        "risk_type": ["cyberstalking"] * n,
        "severity": ["high"] * n,
        "reasoning": reasoning or [f"Reasoning number {i} written by hand." for i in range(n)],
        "recommended_action": [f"Action {i}." for i in range(n)],
        "legal_context": ["BNS Section 78"] * n,
        "confidence": [0.9] * n,
    })


def context(frame: pl.DataFrame, config: AuditConfig = AuditConfig()) -> AuditContext:
    loaded = Loaded(frame=frame, source="memory", format="parquet", sha256=None)
    profile = resolve_profile("nariraksha", frame.columns)
    return AuditContext(data=prepare(loaded, profile), profile=profile, config=config, loaded=loaded)


def filler(i: int) -> str:
    return f"Unrelated scenario {i}: a woman in city {i} reports problem number {i} with person {i} at place {i}."


def test_exact_step_reports_every_prompt_copy_beyond_the_first():
    scenarios = [filler(0), STALKED, filler(2), STALKED.upper(), "  " + STALKED.replace(",", ""), None, ""]
    result = exact.run(context(frame_of(scenarios)))
    found = result.findings.filter(pl.col("column") == "scenario")
    assert found["row"].to_list() == [3, 4]
    assert found["cluster"].to_list() == [1, 1]
    assert set(found["check"]) == {"duplicate.exact"} and set(found["severity"]) == {"warning"}
    assert "row 1" in found["message"][0] and "3 rows share it" in found["message"][0]
    assert found["evidence"][0].startswith("A COLLEAGUE AT HER OFFICE") and found["evidence"][0].endswith("…")
    rows = result.rows.sort("row")
    assert rows["exact_cluster"].to_list() == [None, 1, None, 1, 1, None, None]
    assert rows["exact_cluster_size"].to_list() == [1, 3, 1, 3, 3, 1, 1]
    metrics = result.fields["scenario"]
    assert (metrics["exact_duplicate_rows"], metrics["exact_groups"], metrics["exact_largest_group"]) == (2, 1, 3)
    assert metrics["exact_distinct_normalized"] == 3
    assert result.metrics["largest_clusters"][0]["size"] == 3
    assert result.metrics["largest_clusters"][0]["representative"]["row"] == 1


def test_exact_step_leaves_template_sized_repeats_to_the_templates_step():
    n = 120
    reasoning = [STOCK_REASONING] * 60 + ["A rare answer given twice."] * 2 + [f"Own answer {i}." for i in range(58)]
    result = exact.run(context(frame_of([filler(i) for i in range(n)], reasoning)))
    found = result.findings.filter(pl.col("column") == "reasoning")
    assert found["row"].to_list() == [61]  # the second copy of the rare answer; the stock one (60 rows) is a template
    assert set(found["severity"]) == {"info"}
    assert result.fields["reasoning"]["exact_template_groups"] == 1
    assert result.fields["reasoning"]["exact_template_rows"] == 60


def test_near_step_findings_rows_and_metrics():
    variant = replace_word(STALKED, 10, "texts")
    scenarios = [filler(0), STALKED, variant, STALKED.lower(), filler(4), None]
    result = near.run(context(frame_of(scenarios)))
    rows = result.rows.sort("row")
    assert rows.columns == ["row", "near_cluster", "near_cluster_size", "near_similarity", "near_family"]
    assert rows["near_cluster"].to_list() == [None, 1, 1, 1, None, None]
    assert rows["near_cluster_size"].to_list() == [1, 3, 3, 3, 1, 1]
    found = result.findings
    assert found["row"].to_list() == [2]  # row 3 is an exact copy of the representative: the exact step's
    assert found["check"][0] == "duplicate.near" and found["cluster"][0] == 1
    assert "row 1" in found["message"][0] and "word edit similarity 0.97" in found["message"][0]  # 1 of 34 words
    assert result.metrics["counts"]["verified_pairs"] == 1
    assert result.metrics["s_curve"]["jaccard"][0] == 0.2
    top = result.metrics["largest_clusters"][0]
    assert top["representative"]["row"] == 1 and [m["row"] for m in top["members"]] == [2]
    assert result.params["bands"] == 32 and result.params["rows_per_band"] == 3 and result.params["shingle"] == 2
    assert "Levenshtein" in result.params["similarity"] and "under 9 words" in result.params["candidates"]


def test_near_step_uses_the_configured_threshold():
    seven_edits = STALKED
    for i, word in zip((2, 6, 10, 14, 18, 22, 26), ("flat", "Delhi", "calls", "early", "gate", "before", "tracking"), strict=True):
        seven_edits = replace_word(seven_edits, i, word)  # 7 of 34 words: 5 may differ at 0.8, 12 at 0.6
    strict = near.run(context(frame_of([STALKED, seven_edits])))
    loose = near.run(context(frame_of([STALKED, seven_edits]), AuditConfig(near_threshold=0.6)))
    assert strict.findings.is_empty() and loose.findings["row"].to_list() == [1]
    assert loose.params["threshold"] == 0.6


def test_near_step_reports_template_families_as_info():
    prompts = template_prompts(2000).to_list()
    result = near.run(context(frame_of(prompts)))
    families = result.findings.filter(pl.col("check") == "template.family")
    assert families.height > 0 and set(families["severity"]) == {"info"}
    family_rows = set(families["row"].to_list())
    dups = result.findings.filter(pl.col("check") == "duplicate.near")
    assert family_rows.isdisjoint(dups["row"].to_list())  # family members are not called duplicates
    assert result.metrics["counts"]["family_rows"] == len(family_rows)
    assert result.metrics["families"][0]["size"] >= 50


@pytest.mark.parametrize("n", [6000])
def test_planted_near_duplicates_of_synth_data_are_found(n):
    synth = pytest.importorskip("curation.synth")
    data, truth = synth.synthesize(n, seed=3)
    result = near.run(context(data))
    cluster = result.rows.sort("row")["near_cluster"]
    planted = synth.planted_pairs(truth).filter(pl.col("problem") == "duplicate.near")
    together = (cluster.gather(planted["row"]) == cluster.gather(planted["partner"])).fill_null(False)
    assert planted.height >= 50
    assert together.mean() >= 0.95
    # precision: each reported member's cluster id (its smallest row) is its planted original
    original = dict(synth.planted_pairs(truth).select("row", "partner").iter_rows())
    cluster_of = dict(result.rows.select("row", "near_cluster").iter_rows())
    members = result.findings.filter(pl.col("check") == "duplicate.near")["row"].to_list()
    correct = sum(original.get(m, m) == original.get(cluster_of[m], cluster_of[m]) for m in members)
    assert correct / max(len(members), 1) >= 0.95
