"""Answers: reasoning and recommended_action (stock templates with slots filled, or free text built
one word slot at a time, so free rows share no long spans) and legal_context (1-3 provisions that
fit the risk type, in the forms real data uses)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from curation.synth.citations import LEGAL_PREFIXES
from curation.synth.phrases import (
    ACTION_TEMPLATES,
    CHANNELS_BY_RISK,
    CONCERN_BY_SEVERITY,
    FT_ACTION_STARTS,
    FT_ACTORS,
    FT_ADJECTIVES,
    FT_ALSO,
    FT_BECAUSE,
    FT_CAUSES,
    FT_CONTACT_MANNER,
    FT_CONTACT_VERBS,
    FT_DEGREES,
    FT_DETERMINERS,
    FT_EVIDENCE,
    FT_EVIDENCE_ADJECTIVES,
    FT_EVIDENCE_DETERMINERS,
    FT_EVIDENCE_MANNER,
    FT_HELPLINES,
    FT_IMPACT_LEADS,
    FT_IMPACTS,
    FT_KEEP_VERBS,
    FT_LIFE,
    FT_NEXT,
    FT_OPENERS,
    FT_PROTECT_MANNER,
    FT_PROTECT_OBJECTS,
    FT_PROTECT_VERBS,
    FT_QUALITIES,
    FT_SEVERITY_SUBJECTS,
    FT_SEVERITY_VERBS,
    FT_SEVERITY_WORDS,
    FT_SPANS,
    FT_SUBJECTS,
    FT_VERBS,
    FT_WRONGS,
    HELPLINES,
    HELPLINES_BY_RISK,
    REASONING_TEMPLATES,
    TEMPLATE_TAILS,
    TEMPLATE_VARIANTS,
)
from curation.synth.render import Table, drawn_slots, pick, render, slot_frame
from curation.synth.rows import Vocab, person_slots


def _label_slots(vocab: Vocab) -> dict[str, pl.Expr]:
    return {
        "{risk}": pl.lit(pl.Series(vocab.risks)).gather(pl.col("risk")),
        "{severity}": pl.lit(pl.Series(vocab.severities)).gather(pl.col("sev")),
    }


def templated_reasoning(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator, *, fill_city: bool = True) -> tuple[pl.Series, pl.Series]:
    """(text, template id) from the stock reasoning templates; `fill_city=False` leaves {city} unfilled."""
    n = rows.height
    slots = slot_frame(rows, {
        "{v_concern}": pl.lit(pl.Series([CONCERN_BY_SEVERITY[s] for s in vocab.severities])).gather(pl.col("sev")),
        **drawn_slots(rng, n, TEMPLATE_VARIANTS.items()),
        **_label_slots(vocab),
        **person_slots(rows, vocab),
    })
    if not fill_city:
        slots = slots.drop("{city}")
    template = rng.integers(0, len(REASONING_TEMPLATES), n)
    text = render(template, list(REASONING_TEMPLATES.values()), slots) + pick(rng, TEMPLATE_TAILS, n)
    return text, pl.Series(list(REASONING_TEMPLATES)).gather(template)


def _draw(rng: np.random.Generator, options: Sequence[str], n: int) -> pl.Expr:
    return pl.lit(pick(rng, options, n))


def _draw_by(rng: np.random.Generator, groups: Sequence[Sequence[str]], keys: np.ndarray) -> pl.Expr:
    return pl.lit(Table(groups).pick(rng, keys))


def _sentence(*parts: pl.Expr) -> pl.Expr:
    return pl.concat_str(list(parts), separator=" ") + "."


def _free_reasoning(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    """An observation, a severity judgement and sometimes an impact, one word slot at a time."""
    n = rows.height
    risk, severity = rows["risk"].to_numpy(), rows["sev"].to_numpy()
    span = rng.integers(0, len(FT_SPANS), n)
    observation = _sentence(
        _draw(rng, FT_OPENERS, n), _draw(rng, FT_DETERMINERS, n), _draw(rng, FT_ADJECTIVES, n),
        _draw_by(rng, [FT_SUBJECTS[r] for r in vocab.risks], risk), _draw(rng, FT_VERBS, n), _draw(rng, FT_QUALITIES, n),
        _draw(rng, FT_WRONGS, n), *(_draw_by(rng, [group[i] for group in FT_SPANS], span) for i in range(3)),
    )
    judgement = _sentence(
        _draw(rng, FT_SEVERITY_SUBJECTS, n), _draw(rng, FT_SEVERITY_VERBS, n),
        _draw_by(rng, [FT_SEVERITY_WORDS[s] for s in vocab.severities], severity), _draw(rng, FT_BECAUSE, n),
        _draw(rng, FT_ACTORS, n), *(_draw_by(rng, [FT_CAUSES[s][i] for s in vocab.severities], severity) for i in range(2)),
    )
    impact = _sentence(_draw(rng, FT_IMPACT_LEADS, n), pl.lit("her"), _draw(rng, FT_LIFE, n), _draw(rng, FT_IMPACTS, n),
                       _draw(rng, FT_DEGREES, n))
    order = pl.lit(rng.integers(0, 4, n))
    text = (pl.when(order == 0).then(pl.concat_str([observation, judgement], separator=" "))
            .when(order == 1).then(pl.concat_str([observation, judgement, impact], separator=" "))
            .when(order == 2).then(pl.concat_str([judgement, observation], separator=" "))
            .otherwise(pl.concat_str([impact, observation, judgement], separator=" ")))
    return rows.select(text.alias("reasoning"))["reasoning"]


def _helpline_keys(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> np.ndarray:
    """A helpline (index into HELPLINES) that fits the risk type and the city: no 181 in West
    Bengal, 1091 only in Delhi."""
    keys = list(HELPLINES)
    by_risk = Table([[str(keys.index(k)) for k in HELPLINES_BY_RISK[r]] for r in vocab.risks])
    key = by_risk.pick(rng, rows["risk"].to_numpy()).cast(pl.Int64).to_numpy()
    city = rows["city"].to_numpy()
    key = np.where((key == keys.index("181")) & vocab.city_in_west_bengal[city], keys.index("NCW"), key)
    return np.where((key == keys.index("1091")) & ~vocab.city_in_delhi[city], keys.index("112"), key)


def _templated_actions(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    n = rows.height
    slots = slot_frame(rows, {
        "{helpline}": pl.lit(Table([HELPLINES[k] for k in HELPLINES]).pick(rng, _helpline_keys(rows, vocab, rng))),
        "{channel}": pl.lit(Table([CHANNELS_BY_RISK[r] for r in vocab.risks]).pick(rng, rows["risk"].to_numpy())),
        **drawn_slots(rng, n, TEMPLATE_VARIANTS.items()),
    })
    template = rng.integers(0, len(ACTION_TEMPLATES), n)
    return render(template, list(ACTION_TEMPLATES.values()), slots), pl.Series(list(ACTION_TEMPLATES)).gather(template)


def _free_actions(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    """Keep evidence, contact a helpline that fits, and sometimes protect herself, one word slot at a time."""
    n = rows.height
    risk = rows["risk"].to_numpy()
    evidence = _sentence(
        _draw(rng, FT_ACTION_STARTS, n), _draw(rng, FT_KEEP_VERBS, n), _draw(rng, FT_EVIDENCE_DETERMINERS, n),
        _draw(rng, FT_EVIDENCE_ADJECTIVES, n), _draw_by(rng, [FT_EVIDENCE[r] for r in vocab.risks], risk), _draw(rng, FT_EVIDENCE_MANNER, n),
    )
    contact = _sentence(_draw(rng, FT_NEXT, n), _draw(rng, FT_CONTACT_VERBS, n),
                        _draw_by(rng, list(FT_HELPLINES.values()), _helpline_keys(rows, vocab, rng)), _draw(rng, FT_CONTACT_MANNER, n))
    protect = _sentence(_draw(rng, FT_ALSO, n), _draw(rng, FT_PROTECT_VERBS, n), _draw(rng, FT_PROTECT_OBJECTS, n), _draw(rng, FT_PROTECT_MANNER, n))
    text = pl.when(pl.lit(rng.random(n) < 0.6)).then(pl.concat_str([evidence, contact, protect], separator=" ")).otherwise(
        pl.concat_str([evidence, contact], separator=" "))
    return rows.select(text.alias("recommended_action"))["recommended_action"]


def _split_write(free: np.ndarray, templated: Callable[[np.ndarray], tuple[pl.Series, pl.Series]],
                 free_text: Callable[[np.ndarray], pl.Series]) -> tuple[pl.Series, pl.Series]:
    """(text, template id or null): templated rows and free-text rows, each written only where used."""
    text = pl.Series([""] * free.size, dtype=pl.String)
    ids = pl.Series([None] * free.size, dtype=pl.String)
    rows = np.flatnonzero(~free)
    if rows.size:
        written, written_ids = templated(rows)
        text, ids = text.scatter(rows, written), ids.scatter(rows, written_ids)
    rows = np.flatnonzero(free)
    if rows.size:
        text = text.scatter(rows, free_text(rows))
    return text, ids


def _legal(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.Series:
    """1-3 distinct provisions that fit the row's risk type, each in a random form, joined as lists are."""
    n = rows.height
    risk = rows["risk"].to_numpy()
    available = vocab.citation_group_count[risk]
    keys = rng.random((n, int(vocab.citation_group_count.max())))
    keys[np.arange(keys.shape[1])[None, :] >= available[:, None]] = np.inf
    chosen = np.argsort(keys, axis=1)[:, :3]
    k = np.minimum(rng.choice([1, 2, 3], n, p=[0.35, 0.45, 0.2]), available)
    cited = [pl.lit(vocab.citation_groups.pick(rng, vocab.citation_group_start[risk] + chosen[:, j])) for j in range(3)]
    separator = pl.lit(pick(rng, (", ", "; ", ", "), n))
    last = pl.lit(pick(rng, (", ", "; ", " and "), n))
    joined = (pl.when(pl.lit(k == 1)).then(cited[0])
              .when(pl.lit(k == 2)).then(pl.concat_str([cited[0], last, cited[1]]))
              .otherwise(pl.concat_str([cited[0], separator, cited[1], last, cited[2]])))
    prefix = pl.lit(pick(rng, LEGAL_PREFIXES, n))
    return rows.select(pl.concat_str([prefix, joined]).alias("legal_context"))["legal_context"]


def answers(rows: pl.DataFrame, vocab: Vocab, rng: np.random.Generator) -> pl.DataFrame:
    """reasoning, recommended_action and legal_context, and the template ids of the first two (null: free text)."""
    reasoning, reasoning_ids = _split_write(rows["free_reasoning"].to_numpy(),
                                            lambda idx: templated_reasoning(rows[idx], vocab, rng),
                                            lambda idx: _free_reasoning(rows[idx], vocab, rng))
    action, action_ids = _split_write(rows["free_action"].to_numpy(),
                                      lambda idx: _templated_actions(rows[idx], vocab, rng),
                                      lambda idx: _free_actions(rows[idx], vocab, rng))
    return pl.DataFrame({
        "reasoning": reasoning,
        "recommended_action": action,
        "legal_context": _legal(rows, vocab, rng),
        "_tpl_reasoning": reasoning_ids,
        "_tpl_action": action_ids,
    })

