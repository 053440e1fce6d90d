"""MinHash signatures of word shingles (curation.minhash): equal to datasketch's for the same hash
function, seed and scheme; shingles and short-text fallback checked by hand."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from datasketch import MinHash

from curation import minhash
from curation.text import normalize_series, words

TEXTS = [
    "The quick brown fox jumps over the lazy dog",
    "Her ex-husband keeps calling from new numbers; she's scared.",
    "Help me",  # shorter than a 3-word shingle
    "",
    None,
    "नमस्ते, मेरी मदद करें! मुझे धमकी भरे संदेश मिल रहे हैं",
    "ＦＵＬＬ　ｗｉｄｔｈ text, then   spaces\tand\nnewlines",
    "word " * 40,  # one shingle repeated: a set of size 1
]


@pytest.mark.parametrize("k", [1, 3, 5, 13])
@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7)])
def test_signatures_equal_datasketch_bulk(k, num_perm, seed):
    texts = pl.Series(TEXTS, dtype=pl.String)
    sigs = minhash.signatures(minhash.shingle_hashes(texts, k), num_perm, seed)
    reference = MinHash.bulk(
        [minhash.text_shingles(t or "", k) for t in TEXTS],
        num_perm=num_perm, seed=seed, scheme="affine32", hashfunc=minhash.shingle_hash32,
    )
    assert sigs.dtype == np.uint32 and sigs.shape == (len(TEXTS), num_perm)
    for i, m in enumerate(reference):
        assert np.array_equal(sigs[i], m.hashvalues), f"row {i} ({TEXTS[i]!r})"


def test_permutations_are_datasketchs():
    a, b = minhash.permutations(128, 3)
    ours = np.array([a, b])
    theirs = MinHash(num_perm=128, seed=3, scheme="affine32").permutations
    assert np.array_equal(ours, theirs)


def test_fmix32_is_datasketchs_premix():
    from datasketch.minhash import _fmix

    values = np.random.default_rng(0).integers(0, 2**32, 1000, dtype=np.uint32)
    assert np.array_equal(minhash.fmix32(values), _fmix(values, 32))


def test_shingle_hashes_match_the_scalar_reference():
    texts = pl.Series(TEXTS, dtype=pl.String)
    for k in (2, 3, 13):
        shingles = minhash.shingle_hashes(texts, k)
        for i, text in enumerate(TEXTS):
            expected = [minhash.shingle_hash(s) for s in minhash.text_shingles(text or "", k)]
            assert shingles.row(i).tolist() == expected


def test_short_texts_become_one_shingle_never_dropped():
    shingles = minhash.shingle_hashes(pl.Series(["help me", "help", "please help me now"]), 3)
    assert shingles.counts.tolist() == [1, 1, 2]
    assert shingles.word_counts.tolist() == [2, 1, 4]
    assert shingles.row(0)[0] == minhash.shingle_hash(("help", "me"))


def test_blank_and_null_texts_have_no_shingles_and_an_empty_signature():
    shingles = minhash.shingle_hashes(pl.Series(["", "   ", None, "!!!"], dtype=pl.String), 3)
    assert shingles.counts.tolist() == [0, 0, 0, 0]
    assert (minhash.signatures(shingles, 16, 1) == minhash.EMPTY).all()


def test_split_normalized_is_curation_text_words():
    texts = pl.Series(TEXTS, dtype=pl.String)
    ours = minhash.split_normalized(normalize_series(texts)).to_list()
    theirs = texts.to_frame("t").select(words(pl.col("t")))["t"].to_list()
    for mine, reference in zip(ours, theirs, strict=True):
        assert (mine or []) == (reference or [])


def test_case_and_punctuation_do_not_change_signatures():
    a = minhash.signatures(minhash.shingle_hashes(pl.Series(["She is being FOLLOWED, every day!"]), 3), 32, 1)
    b = minhash.signatures(minhash.shingle_hashes(pl.Series(["she is being followed every day"]), 3), 32, 1)
    assert np.array_equal(a, b)


def test_window_hashes_handle_many_rows_in_chunks(monkeypatch):
    monkeypatch.setattr(minhash, "_ROWS_PER_HASH_CHUNK", 3)
    texts = pl.Series([f"row {i} says hello to the world again" for i in range(10)])
    chunked = minhash.shingle_hashes(texts, 3)
    monkeypatch.setattr(minhash, "_ROWS_PER_HASH_CHUNK", 100_000)
    whole = minhash.shingle_hashes(texts, 3)
    assert np.array_equal(chunked.offsets, whole.offsets) and np.array_equal(chunked.hashes, whole.hashes)


def test_estimated_jaccard_tracks_the_exact_one():
    base = " ".join(f"w{i}" for i in range(60))
    edited = base.replace("w30", "x30").replace("w45", "x45")
    shingles = minhash.shingle_hashes(pl.Series([base, edited]), 3)
    sigs = minhash.signatures(shingles, 256, 1)
    a, b = set(shingles.row(0).tolist()), set(shingles.row(1).tolist())
    exact = len(a & b) / len(a | b)
    estimate = float((sigs[0] == sigs[1]).mean())
    assert abs(estimate - exact) < 0.1  # sd at J=0.8 with 256 permutations is 0.025


def test_threaded_blocks_give_the_same_signatures(monkeypatch):
    texts = pl.Series([f"prompt {i} about a neighbour who follows her to the market, time {i % 7}" for i in range(50)] + [None, ""])
    shingles = minhash.shingle_hashes(texts, 3)
    monkeypatch.setattr(minhash, "_ROWS_PER_CHUNK", 4)
    monkeypatch.setattr(minhash, "MAX_THREADS", 1)
    single = minhash.signatures(shingles, 64, 1)
    monkeypatch.setattr(minhash, "MAX_THREADS", 4)
    monkeypatch.setattr(minhash.os, "cpu_count", lambda: 4)
    assert np.array_equal(minhash.signatures(shingles, 64, 1), single)


@pytest.mark.parametrize("piece", [1, 2, 5, 7])
def test_texts_longer_than_a_piece_keep_their_datasketch_signature(monkeypatch, piece):
    """A block's shingles are permuted a piece at a time (a runaway field would otherwise need a
    num_perm x shingles buffer): rows cut by a piece's edge, rows inside one, empty rows between."""
    monkeypatch.setattr(minhash, "_SHINGLES_PER_PIECE", piece)
    test_signatures_equal_datasketch_bulk(3, 64, 7)


def test_dedup_signatures_use_the_params_shingles_seed_and_permutations():
    from curation.dedup import NearParams, signatures

    params = NearParams(num_perm=32, seed=5)
    sigs = signatures(pl.Series(TEXTS, dtype=pl.String), params)
    reference = MinHash.bulk([minhash.text_shingles(t or "", params.shingle) for t in TEXTS],
                             num_perm=32, seed=5, scheme="affine32", hashfunc=minhash.shingle_hash32)
    assert all(np.array_equal(sigs[i], m.hashvalues) for i, m in enumerate(reference))
