"""Scenarios: each row's account, composed from its attributes and fresh draws of every other part
(who, where, which platform, what happened, since when, what she fears, a detail, a question), in
one of several sentence orders, with per-row word choices; first or third person, or Hinglish."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from curation.synth.phrases import (
    AMOUNTS,
    ASKS,
    COUNTS,
    DEADLINES,
    DESTINATIONS,
    DETAILS,
    DURATION_N,
    DURATION_UNITS,
    DURATIONS,
    EVENTS,
    FEARS,
    FESTIVALS,
    HI_ASKS,
    HI_DETAILS,
    HI_DURATIONS,
    HI_EVENTS,
    HI_FEARS,
    HI_INTROS,
    HI_PERIODS,
    HI_RELATIVES,
    HI_STRUCTURES,
    HI_THESAURUS,
    HI_VENUES,
    HI_WORKPLACES,
    INTROS_FIRST,
    INTROS_THIRD,
    JOB_OFFERS,
    MONTHS,
    PERIODS,
    PLATFORMS,
    RELATIVES,
    STRUCTURE_WEIGHTS,
    STRUCTURES,
    THESAURUS,
    TIMES,
    TRIGGERS,
    VENUES,
    VIEWS,
    WORKPLACES,
)
from curation.synth.render import Table, drawn_slots, pronouns, render, slot_frame, varied
from curation.synth.rows import Vocab, person_slots


def _varied_table(groups: Sequence[Sequence[str]], thesaurus: Mapping[str, Sequence[str]] = THESAURUS) -> Table:
    """Sentence groups with their thesaurus words marked as per-row choices."""
    return Table([[varied(sentence, thesaurus) for sentence in group] for group in groups])


def _by_structure(sentences: Mapping[str, pl.Series], structure: np.ndarray, structures: Sequence[str]) -> pl.Series:
    """Join each row's sentences in its structure's order (one letter per sentence)."""
    frame = pl.DataFrame(dict(sentences))
    joined = [" ".join("{" + letter + "}" for letter in letters) for letters in structures]
    return render(structure, joined, frame.rename({c: "{" + c + "}" for c in frame.columns}))


def scenarios(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    """Each row's scenario, composed from its attributes and fresh draws of every other part."""
    out = pl.Series("scenario", [""] * rows.height, dtype=pl.String)
    hinglish = rows["hinglish"].to_numpy()
    for is_hinglish, writer in ((False, _english_scenarios), (True, _hinglish_scenarios)):
        idx = np.flatnonzero(hinglish == is_hinglish)
        if idx.size:
            out = out.scatter(idx, writer(rows[idx], vocab, rng))
    return out


def _english_scenarios(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    n = rows.height
    risk = rows["risk"].to_numpy()
    platform = rng.integers(0, len(PLATFORMS), n)
    slots = slot_frame(rows, {
        "{Perp}": pl.lit(vocab.perpetrators_cap).gather(pl.col("perp")),
        "{perp}": pl.lit(vocab.perpetrators.values).gather(pl.col("perp")),
        "{platform}": pl.lit(pl.Series(PLATFORMS).gather(platform)),
        "{platform2}": pl.lit(pl.Series(PLATFORMS).gather((platform + 1 + rng.integers(0, len(PLATFORMS) - 1, n)) % len(PLATFORMS))),
        **drawn_slots(rng, n, (
            ("{venue}", VENUES), ("{trigger}", TRIGGERS), ("{count}", COUNTS), ("{amount}", AMOUNTS), ("{time}", TIMES),
            ("{workplace}", WORKPLACES), ("{deadline}", DEADLINES), ("{dest}", DESTINATIONS), ("{job_offer}", JOB_OFFERS),
            ("{views}", VIEWS), ("{n_dur}", DURATION_N), ("{unit}", DURATION_UNITS), ("{festival}", FESTIVALS),
            ("{period}", PERIODS), ("{month}", MONTHS), ("{relative}", RELATIVES))),
        **person_slots(rows, vocab),
    })
    events = _varied_table([EVENTS[r] for r in vocab.risks])
    event = events.index(rng, risk)
    second = events.offsets[risk] + (event - events.offsets[risk] + 1 + rng.integers(0, events.counts[risk] - 1)) % events.counts[risk]
    intros = _varied_table([INTROS_THIRD, INTROS_FIRST])
    durations, fears = _varied_table([DURATIONS]), _varied_table([FEARS[s] for s in vocab.severities])
    details, asks = _varied_table([DETAILS]), _varied_table([ASKS])
    sentences = {
        "I": render(intros.index(rng, rows["first_person"].to_numpy().astype(np.int64)), intros.values, slots, rng),
        "E": render(event, events.values, slots, rng),
        "F": render(second, events.values, slots, rng),
        "D": render(durations.index(rng, 0, n), durations.values, slots, rng),
        "R": render(fears.index(rng, rows["sev"].to_numpy()), fears.values, slots, rng),
        "T": render(details.index(rng, 0, n), details.values, slots, rng),
        "A": render(asks.index(rng, 0, n), asks.values, slots, rng),
    }
    weights = np.array(STRUCTURE_WEIGHTS, dtype=float)
    structure = rng.choice(len(STRUCTURES), n, p=weights / weights.sum())
    return pronouns(_by_structure(sentences, structure, STRUCTURES), rows["first_person"].to_numpy())


def _hinglish_scenarios(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    n = rows.height
    perp = pl.lit(vocab.hi_perpetrators.values).gather(pl.col("hi_perp"))
    oblique = perp.str.replace(r"^uska ", "uske ").str.replace(r"^ek (.*) wala$", "ek ${1} wale")  # before ne/ko/pe
    slots = slot_frame(rows, {
        "{Perp}": pl.lit(vocab.hi_perpetrators_cap).gather(pl.col("hi_perp")),
        "{perp}": perp,
        "{Perp_obl}": oblique.str.slice(0, 1).str.to_uppercase() + oblique.str.slice(1),
        "{perp_obl}": oblique,
        "{count_d}": pl.lit(pl.Series(rng.integers(2, 10, n)).cast(pl.String)),
        **drawn_slots(rng, n, (
            ("{platform}", PLATFORMS), ("{amount}", AMOUNTS), ("{time}", TIMES), ("{deadline}", DEADLINES),
            ("{dest}", DESTINATIONS), ("{job_offer}", JOB_OFFERS), ("{festival}", FESTIVALS), ("{month}", MONTHS),
            ("{period_hi}", HI_PERIODS), ("{venue_hi}", HI_VENUES), ("{workplace_hi}", HI_WORKPLACES),
            ("{relative_hi}", HI_RELATIVES))),
        **person_slots(rows, vocab),
    })
    tables = {
        "I": ([HI_INTROS], 0), "E": ([HI_EVENTS[r] for r in vocab.risks], rows["risk"].to_numpy()),
        "D": ([HI_DURATIONS], 0), "R": ([HI_FEARS[s] for s in vocab.severities], rows["sev"].to_numpy()),
        "T": ([HI_DETAILS], 0), "A": ([HI_ASKS], 0),
    }
    sentences = {}
    for letter, (groups, keys) in tables.items():
        table = _varied_table(groups, HI_THESAURUS)
        sentences[letter] = render(table.index(rng, keys, n), table.values, slots, rng)
    return _by_structure(sentences, rng.integers(0, len(HI_STRUCTURES), n), HI_STRUCTURES)



def accidental_duplicates(scenario: pl.Series) -> np.ndarray:
    """Rows whose scenario repeats an earlier row's by chance. Lower-casing is enough here (and
    much cheaper than `normalized`): composed texts never differ only in punctuation."""
    return np.flatnonzero(~scenario.str.to_lowercase().is_first_distinct().to_numpy())
