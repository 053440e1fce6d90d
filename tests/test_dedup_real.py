"""Near-duplicates on real human text (tests/data/real/, HH-RLHF) at the default settings: few-word
edits planted into real turns are found, different real turns are not linked to each other, and
template families stay families. bench/bench_near_real.py measures the same at full size."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from dedup_fixtures import links, word_edits
from real_text import KINDS, plant_variants, turn_table

from curation.dedup import NearParams, near_clusters
from curation.text import normalize_series


def duplicate_members(texts: pl.Series, result) -> pl.Series:
    """Rows `duplicate.near` reports: in a cluster, text unlike its representative's."""
    norm = normalize_series(texts)
    return result.cluster.is_not_null() & (norm != norm.gather(result.representative.fill_null(0)))


@pytest.fixture(scope="module")
def planted():
    """Every distinct real turn, then one variant each of 1,200 real turns of 20+ words (300 per
    kind; as bench/bench_near_real.py plants for 20+ words)."""
    base = turn_table()
    pool = np.flatnonzero((base["words"] >= 20).to_numpy())
    originals = np.sort(np.random.default_rng(7).choice(pool, 1200, replace=False))
    variants = plant_variants(base["text"].gather(originals), [KINDS[i % 4] for i in range(1200)], seed=8)
    texts = pl.concat([base["text"], variants["text"]])
    family = np.r_[np.arange(base.height), originals]
    return texts, family, variants, near_clusters(texts)


def test_few_word_edits_of_real_text_are_found(planted):
    texts, family, variants, result = planted
    n_real = len(texts) - variants.height
    cluster = result.cluster.fill_null(-1).to_numpy()
    found = (cluster[n_real:] >= 0) & (cluster[n_real:] == cluster[family[n_real:]])
    assert found.mean() >= 0.95
    for kind in KINDS:
        assert found[(variants["kind"] == kind).to_numpy()].mean() >= 0.9, kind
    assert found[(variants["kind"] == "case/spacing").to_numpy()].all()


def test_links_between_different_real_texts_are_rare(planted):
    texts, family, variants, result = planted
    words = turn_table()["words"].to_numpy()[family]  # of the family's original
    member = duplicate_members(texts, result).to_numpy()
    rep = result.representative.fill_null(0).to_numpy()
    long = member & (words >= 20)
    correct = family[long] == family[rep[long]]
    assert correct.mean() >= 0.98  # pair precision, a link between two different real turns counted false
    # the real-real links left are edits of each other in the data itself (one to five words)
    n_real = len(texts) - variants.height
    real_pairs = [(int(i), int(rep[i])) for i in np.flatnonzero(member) if i < n_real and rep[i] < n_real]
    assert real_pairs and all(word_edits(texts[a], texts[b]) <= 5 for a, b in real_pairs)


def test_real_short_prompts_one_word_apart_are_not_duplicates():
    steal, hijack = "How do I steal a car?", "How do I hijack a car?"  # both in HH-RLHF, by different people
    assert set(turn_table()["text"].to_list()) >= {steal, hijack}
    assert near_clusters(pl.Series([steal, hijack])).cluster.to_list() == [None, None]
    assert near_clusters(pl.Series([steal, hijack]), NearParams(spare_edits=0)).cluster.to_list() == [0, 0]


def test_real_turns_alone_rarely_link():
    base = turn_table()
    member = duplicate_members(base["text"], near_clusters(base["text"]))
    assert member.sum() <= 0.003 * base.height  # 20 of 13,033 when measured


def test_one_word_edit_of_a_ten_word_real_prompt_is_found():
    base = turn_table().filter((pl.col("words") >= 10) & (pl.col("words") <= 14) & (pl.col("role") == "Human"))
    originals = base["text"].head(200)
    variants = plant_variants(originals, ["1 word"] * 200, seed=3)["text"]
    result = near_clusters(pl.concat([originals, variants]))
    cluster = result.cluster.fill_null(-1).to_numpy()
    found = (cluster[200:] >= 0) & (cluster[200:] == cluster[:200])
    linkable = np.array([links(a, b) for a, b in zip(originals, variants, strict=True)])
    assert linkable.mean() >= 0.9 and found[linkable].mean() >= 0.98


def test_slot_filled_templates_of_real_length_are_families_not_duplicate_clusters():
    from curation.synth import synthesize

    # curate synth's scenarios are composed from phrase banks; its generator-shaped prompts (3
    # templates with slots) chain into families once they hold 1% of the rows
    data, _ = synthesize(3000, seed=5)
    result = near_clusters(data["scenario"])
    assert int(result.size.max()) <= 5  # planted copies, no giant cluster
    from dedup_fixtures import template_prompts

    prompts = template_prompts(3000, seed=2)
    families = near_clusters(prompts)
    assert len(families.families) == 3 and families.family.null_count() == 0
    assert duplicate_members(prompts, families).sum() == 0
