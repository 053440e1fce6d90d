"""The rows every text is written from: the content tables keyed by the taxonomy's order of risk
types and severities (Vocab), and the attributes drawn per row (labels, language, person, woman,
place, perpetrator, free or templated answers, confidence)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from curation.synth.citations import CITATIONS_BY_RISK, REPEALED_BY_RISK, render_forms
from curation.synth.phrases import (
    CHANNELS_BY_RISK,
    CITIES,
    DELHI,
    EVENTS,
    FT_EVIDENCE,
    FT_SUBJECTS,
    HELPLINES_BY_RISK,
    HI_EVENTS,
    HI_PERPETRATORS,
    NAMES,
    OCCUPATIONS,
    PERPETRATORS,
    WEST_BENGAL,
)
from curation.synth.render import Table, capitalized

FREE_TEXT_SHARE = 0.2  # of rows, per answer field
HINGLISH_SHARE = 0.08
FIRST_PERSON_SHARE = 0.35
SEVERITY_WEIGHTS: Mapping[str, Sequence[float]] = {  # low, medium, high, critical
    "cyberstalking": (0.15, 0.4, 0.35, 0.1),
    "online harassment": (0.3, 0.45, 0.2, 0.05),
    "workplace harassment": (0.2, 0.45, 0.3, 0.05),
    "domestic violence": (0.05, 0.25, 0.45, 0.25),
    "coercive control": (0.1, 0.4, 0.4, 0.1),
    "blackmail / extortion": (0.05, 0.25, 0.45, 0.25),
    "trafficking indicators": (0.02, 0.18, 0.4, 0.4),
    "deepfake abuse": (0.1, 0.35, 0.4, 0.15),
    "revenge content (NCII)": (0.05, 0.3, 0.45, 0.2),
    "financial exploitation": (0.2, 0.45, 0.3, 0.05),
    "emotional manipulation": (0.25, 0.45, 0.25, 0.05),
    "public safety / stalking": (0.1, 0.35, 0.4, 0.15),
}


@dataclass(frozen=True)
class Vocab:
    """The content tables, keyed by the taxonomy's order of risk types and severities."""

    risks: tuple[str, ...]
    severities: tuple[str, ...]
    localities: pl.Series
    locality_city: np.ndarray
    cities: pl.Series
    city_in_west_bengal: np.ndarray
    city_in_delhi: np.ndarray
    perpetrators: Table
    perpetrators_cap: pl.Series
    hi_perpetrators: Table
    hi_perpetrators_cap: pl.Series
    citation_groups: Table  # one group per (risk, provision): its rendered forms
    citation_group_start: np.ndarray  # first group of each risk
    citation_group_count: np.ndarray  # provisions per risk


def load_vocab() -> Vocab:
    """The content tables; every phrase bank keyed by risk type must cover exactly the taxonomy's.
    The taxonomy is imported here, not at the top: its module imports pandera, which is slow."""
    from curation.schemas.nariraksha import RISK_TYPES, SEVERITIES

    risks = tuple(RISK_TYPES[:12])
    tables = (PERPETRATORS, EVENTS, HI_PERPETRATORS, HI_EVENTS, HELPLINES_BY_RISK, CHANNELS_BY_RISK, FT_SUBJECTS,
              FT_EVIDENCE, CITATIONS_BY_RISK, REPEALED_BY_RISK, SEVERITY_WEIGHTS)
    for table in tables:
        if set(table) != set(risks):
            raise AssertionError(f"synth content keys {sorted(table)} do not match the taxonomy {risks}")
    cities = list(CITIES)
    perps = [PERPETRATORS[r] for r in risks]
    hi_perps = [HI_PERPETRATORS[r] for r in risks]
    groups = [render_forms(p) for r in risks for p in CITATIONS_BY_RISK[r]]
    counts = np.array([len(CITATIONS_BY_RISK[r]) for r in risks], dtype=np.int64)
    return Vocab(
        risks=risks,
        severities=tuple(SEVERITIES),
        localities=pl.Series([loc for c in cities for loc in CITIES[c]], dtype=pl.String),
        locality_city=np.array([i for i, c in enumerate(cities) for _ in CITIES[c]], dtype=np.int64),
        cities=pl.Series(cities, dtype=pl.String),
        city_in_west_bengal=np.array([c in WEST_BENGAL for c in cities]),
        city_in_delhi=np.array([c in DELHI for c in cities]),
        perpetrators=Table(perps),
        perpetrators_cap=pl.Series([capitalized(p) for g in perps for p in g], dtype=pl.String),
        hi_perpetrators=Table(hi_perps),
        hi_perpetrators_cap=pl.Series([capitalized(p) for g in hi_perps for p in g], dtype=pl.String),
        citation_groups=Table(groups),
        citation_group_start=np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64),
        citation_group_count=counts,
    )


def draw_rows(n: int, vocab: Vocab, rng: np.random.Generator) -> pl.DataFrame:
    """One row of attributes per data row; every text of the row is written from them."""
    risk = rng.integers(0, len(vocab.risks), n)
    weights = np.array([SEVERITY_WEIGHTS[r] for r in vocab.risks])
    severity = (rng.random(n)[:, None] > np.cumsum(weights, axis=1)[risk][:, :-1]).sum(axis=1)
    hinglish = rng.random(n) < HINGLISH_SHARE
    locality = rng.integers(0, len(vocab.localities), n)
    return pl.DataFrame({
        "risk": risk,
        "sev": severity,
        "hinglish": hinglish,
        "first_person": (rng.random(n) < FIRST_PERSON_SHARE) & ~hinglish,
        "age": rng.integers(18, 53, n),
        "locality": locality,
        "city": vocab.locality_city[locality],
        "occupation": rng.integers(0, len(OCCUPATIONS), n),
        "perp": vocab.perpetrators.index(rng, risk),
        "hi_perp": vocab.hi_perpetrators.index(rng, risk),
        "name": rng.integers(0, len(NAMES), n),
        "free_reasoning": rng.random(n) < FREE_TEXT_SHARE,
        "free_action": rng.random(n) < FREE_TEXT_SHARE,
        "confidence": np.round(rng.uniform(0.87, 0.99, n), 2),
    })


def _with_article(noun: str) -> str:
    """'a nurse', 'an accountant', 'an MBA student', 'a UPSC aspirant'."""
    vowel_sound = noun[0] in "aeiou" or noun.startswith(("MBA", "HR"))
    return ("an " if vowel_sound else "a ") + noun


def person_slots(rows: pl.DataFrame, vocab: Vocab) -> dict[str, pl.Expr]:
    """Slot values that describe the woman and where she lives (scenarios and answers share them)."""
    article = pl.when(pl.col("age") == 18).then(pl.lit("an")).otherwise(pl.lit("a"))  # ages are 18-52
    return {
        "{occ_a}": pl.lit(pl.Series([_with_article(o) for o in OCCUPATIONS])).gather(pl.col("occupation")),
        "{occ}": pl.lit(pl.Series(OCCUPATIONS)).gather(pl.col("occupation")),
        "{A_age}": article.str.to_titlecase(),
        "{a_age}": article,
        "{age}": pl.col("age").cast(pl.String),
        "{loc}": pl.lit(vocab.localities).gather(pl.col("locality")),
        "{city}": pl.lit(vocab.cities).gather(pl.col("city")),
        "{name}": pl.lit(pl.Series(NAMES)).gather(pl.col("name")),
    }

