"""Exact and near-duplicate clusters (curation.dedup) against hand-checked expectations."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from curation import minhash
from curation.dedup import (
    NearParams,
    bands_for,
    candidate_probability,
    edit_similarity,
    exact_clusters,
    max_edits,
    min_words,
    near_clusters,
    sorted_unique,
    star_candidates,
    star_cover,
    word_distances,
)
from curation.text import normalize_series
from dedup_fixtures import BASE, edit_sim, links, replace_word, template_prompts, word_edits

# -- exact -------------------------------------------------------------------------------------


def test_exact_clusters_fold_case_space_punctuation_and_width():
    texts = pl.Series([
        "Help me, please!",       # 0
        "help me please",         # 1 = 0
        "HELP   ME...  PLEASE",   # 2 = 0
        "Ｈｅｌｐ ｍｅ ｐｌｅａｓｅ",  # 3 = 0 (full-width, NFKC)
        "help me now",            # 4 unique
        None,                     # 5 null
        "   ",                    # 6 blank
        "",                       # 7 blank: never a duplicate of 6
        "help me now!",           # 8 = 4
    ], dtype=pl.String)
    assert exact_clusters(texts).to_list() == [0, 0, 0, 0, 4, None, None, None, 4]
    assert exact_clusters(texts).dtype == pl.Int64


def test_exact_clusters_of_all_unique_text_are_null():
    assert exact_clusters(pl.Series(["a b", "b a", "a  b c"])).null_count() == 3


# -- banding -----------------------------------------------------------------------------------


def test_bands_are_chosen_for_recall_at_the_candidate_jaccard():
    bands, rows = bands_for(0.5, 96, 0.98)
    assert (bands, rows) == (32, 3) == NearParams().bands
    assert candidate_probability(0.5, bands, rows) >= 0.98
    # a 20-word text with three separate substitutions shares 13 of 25 distinct word bigrams
    assert candidate_probability(13 / 25, bands, rows) > 0.99
    assert bands_for(0.5, 128, 0.98) == (42, 3)
    assert (1 / bands) ** (1 / rows) < 0.32  # the S-curve's 50% point: crowded buckets are the verify step's to weed


def test_edits_allowed_grow_with_length_one_spared():
    lengths = np.array([4, 9, 10, 14, 15, 19, 20, 24, 25, 40, 100])
    assert max_edits(lengths, NearParams()).tolist() == [-1, 0, 1, 1, 2, 2, 3, 3, 4, 7, 19]
    assert max_edits(lengths, NearParams(spare_edits=0)).tolist() == [0, 1, 2, 2, 3, 3, 4, 4, 5, 8, 20]
    assert max_edits(lengths, NearParams(threshold=0.6)).tolist() == [0, 2, 3, 4, 5, 6, 7, 8, 9, 15, 39]
    assert min_words(NearParams()) == 9  # a 10-word text may lose a word
    assert min_words(NearParams(spare_edits=0)) == 4 and min_words(NearParams(threshold=1.0)) > 10**9


def test_s_curve_is_recorded():
    result = near_clusters(pl.Series([BASE, BASE + " again"]))
    curve = result.stats["s_curve"]
    assert curve["jaccard"][0] == 0.2 and curve["jaccard"][-1] == 1.0
    assert curve["probability"] == sorted(curve["probability"])


def test_star_candidates_link_each_bucket_to_its_smallest_member():
    keys = np.random.default_rng(0).integers(0, 5, (200, 3)).astype(np.uint64)
    expected = set()
    for band in range(keys.shape[1]):
        for key in np.unique(keys[:, band]):
            members = np.flatnonzero(keys[:, band] == key)
            expected |= {(int(members.min()), int(m)) for m in members if m != members.min()}
    u, v = star_candidates(keys)
    assert set(zip(u.tolist(), v.tolist(), strict=True)) == expected and len(u) == len(expected)


# -- near: found and not found -------------------------------------------------------------------


def test_word_distances_are_levenshtein_over_normalized_words():
    texts = [
        "The cat sat on the mat.",          # 0
        "the CAT sat on a mat",             # 1: one substitution (case and punctuation fold)
        "the cat sat on the old mat",       # 2: one insertion
        "cat sat on the mat",               # 3: one deletion
        "mat the on sat cat the",           # 4: the words reversed
    ]
    words = minhash.normalized_words(pl.Series(texts).to_frame("t").select(pl.col("t").str.to_lowercase()
                                     .str.replace_all(r"[^a-z ]", "").str.replace_all(" +", " ").str.strip_chars())["t"])
    u, v = np.zeros(4, dtype=np.int64), np.arange(1, 5)
    assert word_distances(words, u, v).tolist() == [1, 1, 1, 4] == [word_edits(texts[0], t) for t in texts[1:]]
    assert word_distances(words, u, v, cutoff=np.array([1, 1, 1, 2])).tolist() == [1, 1, 1, 3]  # above the cutoff: cutoff + 1
    assert edit_similarity(words, u, v) == pytest.approx([5 / 6, 6 / 7, 5 / 6, 2 / 6])


def test_word_distances_agree_with_the_textbook_on_real_text():
    from real_text import turn_table

    texts = turn_table().filter(pl.col("words") >= 20)["text"].head(300).to_list()
    norm = normalize_series(pl.Series(texts))
    words = minhash.normalized_words(norm)
    rng = np.random.default_rng(0)
    u, v = rng.integers(0, 300, 200), rng.integers(0, 300, 200)
    assert len(set(norm.str.split(" ").explode().to_list())) > 1000  # beyond one byte per word
    assert word_distances(words, u, v).tolist() == [word_edits(texts[a], texts[b]) for a, b in zip(u, v, strict=True)]


def test_sorted_unique_is_numpys():
    values = np.random.default_rng(1).integers(0, 50, 1000).astype(np.uint64)
    distinct, inverse = sorted_unique(values)
    expected, expected_inverse = np.unique(values, return_inverse=True)
    assert np.array_equal(distinct, expected) and np.array_equal(inverse, expected_inverse)


def test_hand_made_near_duplicates_are_found():
    one_edit = BASE.upper().replace("BUS STOP", "bus-stop,")  # case and punctuation only: the same normalized text
    substituted = replace_word(BASE, 12, "emails")
    inserted = BASE.replace("every evening", "almost every evening")
    texts = pl.Series([BASE, "An unrelated prompt about a landlord in Kochi who refuses to return the deposit", substituted, inserted, one_edit])
    assert word_edits(BASE, substituted) == 1 and word_edits(BASE, inserted) == 1
    result = near_clusters(texts)
    assert result.cluster.to_list() == [0, None, 0, 0, 0]
    assert result.size.to_list() == [4, 1, 4, 4, 4]
    assert result.representative.to_list() == [0, None, 0, 0, 0]
    sims = result.similarity.to_list()
    assert sims[0] == 1.0 and sims[4] == 1.0  # the representative and its normalized copy
    assert sims[2] == pytest.approx(1 - 1 / 34) == pytest.approx(edit_sim(BASE, substituted))
    assert sims[3] == pytest.approx(1 - 1 / 35) == pytest.approx(edit_sim(BASE, inserted))


def substitute(text: str, positions: list[int]) -> str:
    for i in positions:
        text = replace_word(text, i, f"other{i}")
    return text


def test_the_edit_allowance_is_the_boundary():
    # BASE has 34 words: 0.2 * 34 = 6.8 edits, one spared: 5 link, 6 do not.
    five, six = substitute(BASE, [1, 7, 13, 19, 25]), substitute(BASE, [1, 7, 13, 19, 25, 31])
    assert links(BASE, five) and not links(BASE, six)
    assert near_clusters(pl.Series([BASE, five])).cluster.to_list() == [0, 0]
    result = near_clusters(pl.Series([BASE, six]))
    assert result.cluster.to_list() == [None, None] and result.stats["verified_pairs"] == 0


def test_short_prompts_need_a_word_to_spare():
    ten = "Can you tell me how to get into my neighbour's wifi network"  # 12 normalized words
    nine = "How do I find out where my ex lives"  # 9 words
    one_off_ten, one_off_nine = ten.replace("neighbour's", "boss's"), nine.replace("ex", "boss")
    assert links(ten, one_off_ten) and not links(nine, one_off_nine) and links(nine, one_off_nine, spare=0)
    assert near_clusters(pl.Series([ten, one_off_ten, nine, one_off_nine])).cluster.to_list() == [0, 0, None, None]
    spare_none = near_clusters(pl.Series([ten, one_off_ten, nine, one_off_nine]), NearParams(spare_edits=0))
    assert spare_none.cluster.to_list() == [0, 0, 2, 2]


def test_a_shorter_text_below_the_length_floor_still_links_to_a_longer_one():
    ten = "how can i do heroin do i need a spoon"  # 10 words; one deleted leaves 9
    assert near_clusters(pl.Series([ten, "how can i do heroin do i need a"])).cluster.to_list() == [0, 0]


def test_threshold_is_a_parameter():
    seven = substitute(BASE, [5, 15, 25, 30, 33, 10, 20])  # 7 of 34 words
    assert 0.75 < edit_sim(BASE, seven) < 0.8
    assert near_clusters(pl.Series([BASE, seven]), NearParams(threshold=0.8)).cluster.null_count() == 2
    assert near_clusters(pl.Series([BASE, seven]), NearParams(threshold=0.7)).cluster.to_list() == [0, 0]


def test_short_prompts_match_only_when_their_words_match():
    texts = pl.Series(["Help me", "help me!", "help me now", "Help", None, ""], dtype=pl.String)
    result = near_clusters(texts)
    assert result.cluster.to_list() == [0, 0, None, None, None, None]
    assert result.size.to_list() == [2, 2, 1, 1, 1, 1]
    assert result.stats["short_texts"] == 3  # never compared: only exact copies join them


# -- stars, not chains --------------------------------------------------------------------------


def chain(n: int) -> list[str]:
    """n <= 5 texts, each four words away from the previous one at new positions: neighbours link (4
    of the 5 edits allowed in 34 words), texts two steps apart (8 edits) do not: only a chain links the ends."""
    texts, current = [BASE], BASE
    for i in range(1, n):
        for j in range(4):
            current = replace_word(current, (7 * i + 2 * j) % 34, f"changed{i}x{j}")
        texts.append(current)
    return texts


def test_a_chain_is_not_one_cluster():
    texts = chain(5)
    for a, b in zip(texts, texts[1:]):
        assert links(a, b)
    assert not links(texts[0], texts[2]) and not links(texts[2], texts[4])
    result = near_clusters(pl.Series(texts))
    clusters = result.cluster.to_list()
    assert len({c for c in clusters if c is not None}) >= 2, clusters
    for i, rep in enumerate(result.representative.to_list()):
        if rep is not None:  # every member is verified against its representative
            assert links(texts[i], texts[rep])


def test_star_cover_centers_take_their_neighbours_and_never_chain():
    # path 0-1-2-3-4 plus a triangle 5-6-7, every edge verified
    u = np.array([0, 1, 2, 3, 5, 5, 6])
    v = np.array([1, 2, 3, 4, 6, 7, 7])
    sim = np.array([0.9, 0.85, 0.85, 0.9, 0.95, 0.9, 0.8])
    center, to_center = star_cover(np.ones(8, dtype=np.int64), u, v, sim)
    edges = set(zip(u.tolist(), v.tolist())) | set(zip(v.tolist(), u.tolist()))
    for node, c in enumerate(center.tolist()):
        assert c == node or (node, c) in edges  # a member is a direct neighbour of its center
        assert center[c] == c  # centers are their own centers
    assert center[5] == center[6] == center[7] == 5  # the triangle is one star around its best node
    assert center[0] != center[4]


def test_the_center_covering_most_rows_is_the_representative():
    # B links to both A and C; A and C do not: one star around B holds all three.
    a, b, c = chain(3)
    result = near_clusters(pl.Series([a, b, c]))
    assert result.cluster.to_list() == [0, 0, 0]
    assert result.representative.to_list() == [1, 1, 1]


# -- template families ---------------------------------------------------------------------------

def test_template_family_is_reported_not_called_duplicates():
    texts = template_prompts(3000)  # 3 templates x 35 ages x 10 cities: siblings differ in a word or two
    result = near_clusters(texts, NearParams(family_share=0.01))
    families = result.families
    assert len(families) == 3, "each template's slot variants chain into one family"
    for family, marker in zip(sorted(families, key=lambda f: texts[f["representative"]]), [" year old woman in ", "A woman of ", "In "], strict=True):
        members = texts.filter(result.family == family["id"])
        assert family["size"] == members.len() > max(0.01 * len(texts), NearParams().family_min_rows) and family["distinct_texts"] >= 2
        assert members.str.contains(marker, literal=True).all() and marker in texts[family["example"]]
    assert result.family.null_count() == 0
    # no giant duplicate cluster: family members only cluster with their own exact copies
    fam_frame = pl.DataFrame({"c": result.cluster, "t": texts})
    assert fam_frame.filter(pl.col("c").is_not_null()).group_by("c").agg(pl.col("t").n_unique())["t"].max() == 1
    assert int(result.size.max()) < 20


def test_family_needs_a_share_of_the_rows():
    texts = template_prompts(3000)
    strict = near_clusters(texts, NearParams(family_share=0.5))
    assert strict.families == [] and strict.family.null_count() == len(texts)


# -- determinism ---------------------------------------------------------------------------------


def test_near_clusters_are_deterministic():
    texts = pl.concat([template_prompts(500, seed=1), pl.Series(chain(5))])
    first, second = near_clusters(texts), near_clusters(texts)
    assert first.frame().equals(second.frame())
    assert first.families == second.families


@pytest.mark.parametrize("texts", [[], [None, None], ["", "  ", "?!"], ["one lonely prompt"]])
def test_degenerate_inputs_give_singletons(texts):
    result = near_clusters(pl.Series(texts, dtype=pl.String))
    assert result.cluster.null_count() == len(texts) and result.size.to_list() == [1] * len(texts)
    assert result.frame().schema == {"near_cluster": pl.Int64, "near_cluster_size": pl.Int64, "near_representative": pl.Int64,
                                     "near_similarity": pl.Float64, "near_family": pl.Int64}
    assert exact_clusters(pl.Series(texts, dtype=pl.String)).null_count() == len(texts)


def test_identical_rows_are_one_cluster_of_similarity_one():
    result = near_clusters(pl.Series(["Same prompt, again."] * 4 + ["same prompt again"]))
    assert result.cluster.to_list() == [0] * 5 and result.similarity.to_list() == [1.0] * 5
    assert result.stats["distinct_texts"] == 1 and result.stats["candidates"] == 0
