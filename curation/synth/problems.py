"""Planted problems other than duplicates: the wrong values (real ones, from the registry facts),
the planters that write them into rows, and which rows each plant goes to. Every planter reads the
clean rows it is given and returns the new values of its column, the detail the truth records, and
any other column it changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from curation.synth.answers import templated_reasoning
from curation.synth.catalogue import FLOOR, PLANTS, Plant, planted_count
from curation.synth.citations import (
    BNS_302,
    OFFENCE_MISMATCH_302,
    OFFENCE_MISMATCHES,
    REPEALED_BY_RISK,
    SECTION_XX,
    STRUCK_DOWN,
    TITLE_MISMATCHES,
    UNKNOWN_ACTS,
    UNKNOWN_SECTIONS,
    render_forms,
)
from curation.synth.duplicates import DuplicatePlan
from curation.synth.identifiers import aadhaar_like, emails, malformed_numbers, mobiles, pans, unknown_numbers
from curation.synth.render import Table, pick, pronouns, render, slot_frame
from curation.synth.rows import Vocab
from curation.synth.truth import truth_frame

BAD_SEVERITIES = ("extreme", "sev-3", "very high", "urgent", "5", "moderate", "severe")
BAD_RISK_TYPES = ("sextortion", "cyber bullying", "acid attack threat", "dowry harassment", "eve teasing", "other", "honour-based threat")
BAD_CONFIDENCES = (1.7, -0.2, 87.0, 95.0, 1.05, 9.2, -1.0)
BLANKS = ("", "   ", "\n", " \t ")

# Real helplines for another purpose (children, mental health, elders), and one replaced (155260 -> 1930).
WRONG_PURPOSE = (
    ("1098", "Call the women's helpline 1098 for immediate support."),
    ("1098", "Contact the women helpline 1098 right away."),
    ("14416", "Call Tele-MANAS (14416) to report the crime to the police."),
    ("14416", "Dial 14416 (Tele-MANAS) and ask for police assistance."),
    ("1075", "Report the harassment to the helpline 1075."),
    ("14567", "Call Elderline 14567, the helpline for women in distress."),
)
REPLACED = (
    "Report the fraud on the cyber crime helpline 155260.",
    "Call the cyber helpline 155260 to block the transaction.",
    "Dial 155260 (National Cyber Crime Helpline) immediately.",
)
UNKNOWN_HELPLINE_LEADS = (
    "You can also call the women's safety helpline at {num}.",
    "Call the 24x7 women's support line {num}.",
    "The state women's cell helpline is {num}.",
    "Reach the anti-harassment helpline on {num}.",
)
MALFORMED_HELPLINE_LEADS = (
    "Contact the NCW helpline at {num}.",
    "Call the women's helpline {num} for help.",
    "The helpline number to call is {num}.",
)
TRANSLATION_LANGUAGES = ("Hindi", "Tamil", "Bengali", "Marathi", "Telugu")
TODO_TAILS = ("TODO: verify helpline.", "TODO: add local helpline number.", "(TODO: confirm legal section)")
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit."

# Sentences that carry a planted identifier ({value}) into a scenario; a decoy is a 12-digit
# number that is not an Aadhaar (it fails the Verhoeff check) in a context that says so.
PII_SENTENCES: Mapping[str, Sequence[str]] = {
    "aadhaar": (
        "{Perp} also has a photo of {her} Aadhaar card, number {value}.",
        "{Her} Aadhaar number {value} was shared in the group.",
        "The fake profile even lists {her} Aadhaar, {value}.",
    ),
    "decoy": (
        "{She} paid through UPI, and the reference number was {value}.",
        "The transaction ID on the bank SMS is {value}.",
        "The courier receipt shows tracking number {value}.",
    ),
    "pan": (
        "{Her} PAN card ({value}) was used to take a loan.",
        "A copy of {her} PAN, {value}, is with {perp}.",
        "The form was filled with {her} PAN {value}.",
    ),
    "email": (
        "{Perp} keeps writing to {her} personal email, {value}.",
        "You can reach {her_o} at {value}.",
        "The messages also came to {value}.",
    ),
    "phone": (
        "{Perp} posted {her} mobile number, {value}, online.",
        "Strangers now call {her} number {value} all day.",
        "{Her} WhatsApp number is {value}.",
    ),
}
HI_PII_SENTENCES: Mapping[str, Sequence[str]] = {
    "aadhaar": ("Uska Aadhaar number {value} bhi share ho gaya hai.", "Uske Aadhaar card ki photo ({value}) group mein hai."),
    "decoy": ("UPI ka reference number {value} tha.", "Bank SMS mein transaction ID {value} hai."),
    "pan": ("Uska PAN {value} bhi use hua hai.", "Loan form mein uska PAN card {value} laga hai."),
    "email": ("Uske email {value} pe bhi messages aate hain.", "Uska email {value} hai."),
    "phone": ("Uska number {value} online daal diya gaya hai.", "Log uske number {value} pe call karte hain."),
}

# Sentences that state the row's own label in its scenario, as the public generator writes them
# (v1: "filed a complaint regarding {risk_type}. The harm caused was classified as {severity}.",
# v2: "She stated the severity was {severity}") and a few more ways.
LABEL_SENTENCES: Mapping[str, Sequence[str]] = {
    "risk_type": ("{She} filed a complaint regarding {value}.", "{She} would like to report {value}.", "This is a case of {value}."),
    "severity": ("The harm caused was classified as {value}.", "{She} stated the severity was {value}.", "Severity: {value}."),
}
HI_LABEL_SENTENCES: Mapping[str, Sequence[str]] = {
    "risk_type": ("Usne {value} ki complaint file ki hai.", "Yeh {value} ka case hai."),
    "severity": ("Harm ko {value} severity ka bataya gaya hai.", "Severity {value} batayi gayi hai."),
}


@dataclass(frozen=True)
class PlantContext:
    """What every planter may use besides its rows: the content tables and the random stream."""

    vocab: Vocab
    rng: np.random.Generator


Planted = tuple[pl.Series, pl.Series, Mapping[str, pl.Series]]  # new column values, detail, other columns


def _insert_sentence(texts: pl.Series, sentences: pl.Series, rng: np.random.Generator) -> pl.Series:
    """After the text's first sentence or at its end."""
    frame = pl.DataFrame({"t": texts, "s": sentences, "end": rng.random(len(texts)) < 0.5})
    parts = pl.col("t").str.splitn(". ", 2)
    first, rest = parts.struct.field("field_0"), parts.struct.field("field_1")
    return frame.select(pl.when(pl.col("end") | rest.is_null()).then(pl.concat_str([pl.col("t"), pl.col("s")], separator=" "))
                        .otherwise(pl.concat_str([first, pl.lit(". "), pl.col("s"), pl.lit(" "), rest])).alias("t"))["t"]


def _scenario_sentence(kind: str, values: Callable[[int, np.random.Generator], pl.Series]) -> Callable[[pl.DataFrame, PlantContext], Planted]:
    """A planter that writes an identifier from `values` into the scenario, in a sentence about it."""
    def plant(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
        value = values(rows.height, ctx.rng)
        sentences = Table([PII_SENTENCES[kind], HI_PII_SENTENCES[kind]])
        slots = slot_frame(rows, {
            "{value}": pl.lit(value),
            "{Perp}": pl.lit(ctx.vocab.perpetrators_cap).gather(pl.col("perp")),
            "{perp}": pl.lit(ctx.vocab.perpetrators.values).gather(pl.col("perp")),
        })
        chosen = sentences.index(ctx.rng, rows["hinglish"].to_numpy().astype(np.int64))
        sentence = pronouns(render(chosen, sentences.values, slots), rows["first_person"].to_numpy())
        return _insert_sentence(rows["scenario"], sentence, ctx.rng), value, {}
    return plant


def _label_sentence(field: str) -> Callable[[pl.DataFrame, PlantContext], Planted]:
    """A planter that writes a sentence stating the row's own `field` label into the scenario
    (detail: "field=value")."""
    def plant(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
        sentences = Table([LABEL_SENTENCES[field], HI_LABEL_SENTENCES[field]])
        chosen = sentences.index(ctx.rng, rows["hinglish"].to_numpy().astype(np.int64))
        sentence = pronouns(render(chosen, sentences.values, slot_frame(rows, {"{value}": pl.col(field)})), rows["first_person"].to_numpy())
        return _insert_sentence(rows["scenario"], sentence, ctx.rng), f"{field}=" + rows[field], {}
    return plant


def _replace_value(options: Sequence, dtype: pl.DataType = pl.String, describe: Callable[[object], str] = str) -> Callable[[pl.DataFrame, PlantContext], Planted]:
    """A planter that replaces the column's value with one of `options` (detail: `describe(value)`)."""
    def plant(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
        picked = [options[i] for i in ctx.rng.integers(0, len(options), rows.height)]
        return pl.Series(picked, dtype=dtype), pl.Series([describe(v) for v in picked], dtype=pl.String), {}
    return plant


def _translation_prefix(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
    language = pick(ctx.rng, TRANSLATION_LANGUAGES, rows.height)
    prefix = "[" + language + " Translation of]:"
    return prefix + " " + rows["scenario"], prefix, {"language": language}


def _with_citation(existing: pl.Series, cited: pl.Series, rng: np.random.Generator) -> pl.Series:
    """Add a citation to a row's legal_context, before or after the others, as lists are joined."""
    frame = pl.DataFrame({"e": existing, "c": cited, "sep": pick(rng, (", ", "; ", " and ", ", "), len(existing)),
                          "front": rng.random(len(existing)) < 0.5})
    front = pl.col("front") & ~pl.col("e").str.contains(":", literal=True)
    return frame.select(pl.when(front).then(pl.concat_str(["c", "sep", "e"])).otherwise(pl.concat_str(["e", "sep", "c"])).alias("l"))["l"]


def _added_citation(choose: Callable[[pl.DataFrame, PlantContext], pl.Series]) -> Callable[[pl.DataFrame, PlantContext], Planted]:
    """A planter that adds the citation `choose` picks to legal_context (detail: that citation)."""
    def plant(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
        cited = choose(rows, ctx)
        return _with_citation(rows["legal_context"], cited, ctx.rng), cited, {}
    return plant


def _from(options: Sequence[str]) -> Callable[[pl.DataFrame, PlantContext], pl.Series]:
    return lambda rows, ctx: pick(ctx.rng, options, rows.height)


def _repealed(rows: pl.DataFrame, ctx: PlantContext) -> pl.Series:
    return Table([REPEALED_BY_RISK[r] for r in ctx.vocab.risks]).pick(ctx.rng, rows["risk"].to_numpy())


def _offence_mismatch(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
    """Only real sections that fit no risk type (BNS 302 also where it is the classic mistake)."""
    provisions = (*OFFENCE_MISMATCHES, BNS_302)
    forms = Table([render_forms(p) for p in provisions])
    m = rows.height
    allow_302 = np.isin(rows["risk"].to_numpy(), [ctx.vocab.risks.index(r) for r in OFFENCE_MISMATCH_302])
    first = ctx.rng.integers(0, len(OFFENCE_MISMATCHES) + allow_302.astype(np.int64))
    second = (first + 1 + ctx.rng.integers(0, len(OFFENCE_MISMATCHES) - 1, m)) % len(OFFENCE_MISMATCHES)
    frame = pl.DataFrame({"a": forms.pick(ctx.rng, first), "b": forms.pick(ctx.rng, second), "two": ctx.rng.random(m) < 0.3})
    cited = frame.select(pl.when(pl.col("two")).then(pl.concat_str(["a", pl.lit(", "), "b"])).otherwise("a").alias("l"))["l"]
    return cited, cited, {}


def _appended(sentences: Callable[[int, np.random.Generator], tuple[pl.Series, pl.Series]], column: str) -> Callable[[pl.DataFrame, PlantContext], Planted]:
    """A planter that appends a sentence to `column`; `sentences` gives (sentence, detail) per row."""
    def plant(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
        sentence, detail = sentences(rows.height, ctx.rng)
        return rows[column] + " " + sentence, detail, {}
    return plant


def _number_sentences(leads: Sequence[str], numbers: Callable[[int, np.random.Generator], pl.Series]) -> Callable[[int, np.random.Generator], tuple[pl.Series, pl.Series]]:
    """Sentences that give a number from `numbers` in one of `leads` (detail: the number)."""
    def sentences(m: int, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
        number = numbers(m, rng)
        return render(rng.integers(0, len(leads), m), leads, pl.DataFrame({"{num}": number})), number
    return sentences


def _wrong_purpose(m: int, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    picked = rng.integers(0, len(WRONG_PURPOSE), m)
    return pl.Series([WRONG_PURPOSE[i][1] for i in picked]), pl.Series([WRONG_PURPOSE[i][0] for i in picked])


def _replaced(m: int, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    return pick(rng, REPLACED, m), pl.Series(["155260"] * m)


def _todo(m: int, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    return pick(rng, TODO_TAILS, m), pl.Series(["TODO"] * m)


def _lorem(m: int, rng: np.random.Generator) -> tuple[pl.Series, pl.Series]:
    return pl.Series([LOREM] * m), pl.Series(["Lorem ipsum"] * m)


def _unfilled_city(rows: pl.DataFrame, ctx: PlantContext) -> Planted:
    """A templated reasoning whose {city} slot was never filled."""
    text, ids = templated_reasoning(rows, ctx.vocab, ctx.rng, fill_city=False)
    return text, pl.Series(["{city}"] * rows.height), {"_tpl_reasoning": ids}


PLANTERS: Mapping[str, Callable[[pl.DataFrame, PlantContext], Planted]] = {
    "pii.aadhaar": _scenario_sentence("aadhaar", lambda m, rng: aadhaar_like(m, rng, valid=True)),
    "decoy.aadhaar": _scenario_sentence("decoy", lambda m, rng: aadhaar_like(m, rng, valid=False)),
    "pii.pan": _scenario_sentence("pan", pans),
    "pii.email": _scenario_sentence("email", emails),
    "pii.phone": _scenario_sentence("phone", mobiles),
    "schema.not_blank": _replace_value(BLANKS, describe=lambda v: "empty" if v == "" else "whitespace"),
    "placeholder.translation": _translation_prefix,
    "schema.in_vocabulary.severity": _replace_value(BAD_SEVERITIES),
    "schema.in_vocabulary.risk_type": _replace_value(BAD_RISK_TYPES),
    "schema.in_range": _replace_value(BAD_CONFIDENCES, pl.Float64),
    "schema.not_nullable": _replace_value((None,), pl.Float64, describe=lambda v: "null"),
    "legal.title_mismatch": _added_citation(_from(TITLE_MISMATCHES)),
    "legal.repealed": _added_citation(_repealed),
    "legal.struck_down": _added_citation(_from(STRUCK_DOWN)),
    "legal.unknown_section": _added_citation(_from(UNKNOWN_SECTIONS)),
    "legal.unknown_act": _added_citation(_from(UNKNOWN_ACTS)),
    "legal.offence_mismatch": _offence_mismatch,
    "placeholder.section_xx": _added_citation(_from(SECTION_XX)),
    "helpline.unknown": _appended(_number_sentences(UNKNOWN_HELPLINE_LEADS, unknown_numbers), "recommended_action"),
    "helpline.wrong_purpose": _appended(_wrong_purpose, "recommended_action"),
    "helpline.outdated": _appended(_replaced, "recommended_action"),
    "helpline.malformed": _appended(_number_sentences(MALFORMED_HELPLINE_LEADS, malformed_numbers), "recommended_action"),
    "placeholder.todo": _appended(_todo, "recommended_action"),
    "placeholder.unfilled_slot": _unfilled_city,
    "placeholder.lorem_ipsum": _appended(_lorem, "reasoning"),
    "label.in_prompt.risk_type": _label_sentence("risk_type"),
    "label.in_prompt.severity": _label_sentence("severity"),
}


def _allocate(n: int, plan: DuplicatePlan, rng: np.random.Generator) -> dict[Plant, np.ndarray]:
    """Rows for each plant: disjoint within a lane. Scenario and label problems avoid duplicate
    clusters (they would break the copies or make unplanned conflicts); legal problems avoid rows
    whose risk_type is invalid (the fit of a section to the risk type must be decidable); labels
    stated in the scenario avoid both the scenario's other plants (one write per column) and the
    rows whose labels are replaced (the sentence states the clean label)."""
    per_problem = {p.problem: sum(q.problem == p.problem for q in PLANTS) for p in PLANTS}
    clean = np.setdiff1d(np.arange(n), plan.rows)
    chosen: dict[Plant, np.ndarray] = {}
    def lane_rows(*lanes: str) -> np.ndarray:
        return np.concatenate([rows for p, rows in chosen.items() if p.lane in lanes] + [np.zeros(0, np.int64)])

    for lane in ("scenario", "labels", "legal", "action", "reasoning", "prompt_labels"):
        if lane in ("scenario", "labels"):
            pool = clean
        elif lane == "legal":
            pool = np.setdiff1d(np.arange(n), lane_rows("labels"))
        elif lane == "prompt_labels":
            pool = np.setdiff1d(clean, lane_rows("scenario", "labels"))
        else:
            pool = np.arange(n)
        plants = [p for p in PLANTS if p.lane == lane]
        counts = np.array([planted_count(p.share, n, FLOOR / per_problem[p.problem]) for p in plants])
        if counts.sum() > pool.size // 2:  # tiny datasets: at most half a lane's pool
            counts = np.floor(counts * (pool.size // 2) / counts.sum()).astype(int)
        order = rng.permutation(pool)
        for plant, start, count in zip(plants, np.cumsum(counts) - counts, counts, strict=True):
            chosen[plant] = np.sort(order[start:start + count])
    return chosen


def plant_problems(frame: pl.DataFrame, plan: DuplicatePlan, vocab: Vocab, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every planter reads the clean frame (plants that write one column are on disjoint rows),
    then each column is written once."""
    ctx = PlantContext(vocab, rng)
    truth, writes = [], {}
    for plant, rows in _allocate(frame.height, plan, rng).items():
        if not rows.size:
            continue
        values, detail, others = PLANTERS[plant.kind](frame[rows], ctx)
        for column, new in ((plant.column, values), *others.items()):
            writes.setdefault(column, []).append((rows, new))
        truth.append(truth_frame(rows, plant.problem, plant.column, None, detail))
    columns = []
    for column, parts in writes.items():
        rows = np.concatenate([r for r, _ in parts])
        values = pl.concat([v.cast(frame.schema[column]) for _, v in parts])
        columns.append(frame[column].scatter(rows, values))
    return frame.with_columns(columns), pl.concat(truth) if truth else truth_frame([], "", None, None, [])

