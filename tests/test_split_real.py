"""`curate split` at its defaults keeps every planted duplicate family of real text in one split:
300 real turns of 20+ words (tests/data/real/, HH-RLHF), each with two variants (1-3 words
inserted, deleted or substituted, or case and spacing changed), among every other real turn.
Before word edit similarity, 79 of the 300 families crossed splits. (2 of the 300 have a variant
whose 3 edits touch contractions and are 4 normalized words apart: not near-duplicates by the
rule, so not held to it.)"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from dedup_fixtures import links
from real_text import KINDS, plant_variants, turn_table

from curation.split.config import SplitConfig
from curation.split.run import run_split

FAMILIES = 300


@pytest.fixture(scope="module")
def real_with_families(tmp_path_factory):
    """(data path, family per row (the original's position for planted families, else null), the
    families whose two variants are near-duplicates of their original by the rule)."""
    base = turn_table()
    rng = np.random.default_rng(21)
    originals = np.sort(rng.choice(np.flatnonzero((base["words"] >= 20).to_numpy()), FAMILIES, replace=False))
    kinds = [KINDS[int(k)] for k in rng.integers(0, len(KINDS), 2 * FAMILIES)]
    variants = plant_variants(base["text"].gather(np.repeat(originals, 2)), kinds, seed=22)
    # a few 3-word edits touch a contraction ("I'm" is two normalized words) and are 4 edits apart
    linkable = [all(links(base["text"][int(o)], variants["text"][2 * i + j]) for j in (0, 1)) for i, o in enumerate(originals)]
    in_family = np.zeros(base.height, dtype=bool)
    in_family[originals] = True
    family = pl.Series("family", np.r_[np.where(in_family, np.arange(base.height), -1), np.repeat(originals, 2)]).replace(-1, None)
    rows = pl.DataFrame({
        "text": pl.concat([base["text"], variants["text"]]),
        "role": pl.concat([base["role"], base["role"].gather(np.repeat(originals, 2))]),
    })
    order = rng.permutation(rows.height)  # copies scattered through the file, not after their originals
    path = tmp_path_factory.mktemp("real") / "real.jsonl"
    rows[order].write_ndjson(path)
    return path, family.gather(order), set(originals[np.array(linkable)].tolist())


def families_across_splits(frames: dict[str, pl.DataFrame], family: pl.Series, linkable: set[int]) -> int:
    """Planted families in more than one split, of those whose variants are near-duplicates of
    their original by the rule (`dedup_fixtures.links`, counted by hand)."""
    assert len(linkable) >= 0.95 * FAMILIES
    placed = pl.concat([f.select("row", pl.lit(name).alias("split")) for name, f in frames.items()])
    rows = pl.DataFrame({"row": np.arange(len(family), dtype=np.int64), "family": family}).join(placed, on="row")
    per = rows.filter(pl.col("family").is_not_null()).group_by("family").agg(pl.len().alias("rows"), pl.col("split").n_unique())
    assert per.height == FAMILIES and (per["rows"] == 3).all()  # every family member was split (none dropped)
    return int(per.filter(pl.col("family").is_in(list(linkable)) & (pl.col("split") > 1)).height)


def test_split_keeps_real_duplicate_families_together_at_defaults(real_with_families, tmp_path):
    path, family, linkable = real_with_families
    outcome = run_split((str(path),), SplitConfig(), out_dir=tmp_path / "split", profile="generic",
                        text_columns=("text",), label_columns=("role",))
    assert families_across_splits(outcome.frames, family, linkable) == 0
    assert outcome.manifest.leakage.leaking_rows == 0


def test_split_from_an_audit_keeps_them_together_too(real_with_families, tmp_path):
    from curation.audit import run_audit

    path, family, linkable = real_with_families
    run_audit(str(path), profile="generic", text_columns=("text",), label_columns=("role",), out_dir=tmp_path / "audit", html=False)
    outcome = run_split((str(path),), SplitConfig(), out_dir=tmp_path / "split", audit=str(tmp_path / "audit"), profile="generic",
                        text_columns=("text",), label_columns=("role",))
    assert families_across_splits(outcome.frames, family, linkable) == 0
