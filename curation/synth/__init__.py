"""`curate synth`: a NariRaksha-shaped dataset with planted problems and a ground-truth sidecar.

The public NariRaksha generator fills 3 scenario templates, 2 reasoning templates and 3 fixed
actions; its legal strings carry real errors. This generator keeps that shape but makes the clean
part realistic enough to test detectors on:

- scenarios are composed per row from many independent parts (who, where, which platform, what
  happened, since when, what she fears, a detail, a question; first or third person; ~8% Hinglish),
  with per-row word choices (THESAURUS), so clean rows are not near-duplicates of each other;
- reasoning and recommended_action are ~80% stock templates with slots filled (labels, age, city,
  helpline, channel; light variation) and ~20% free text built one word slot at a time, so free
  rows share no long spans with each other;
- legal_context cites 1-3 sections that fit the risk type (CITATIONS_BY_RISK), in the many forms
  real data uses; helplines fit the risk type and the city (no 181 in West Bengal, 1091 only in
  Delhi, 1930 only for money fraud).

Then it plants problems on known rows, each named by the audit check that should find it
(`curation.findings.CHECKS`), and records them in the truth table, one row per (row, problem):

    row      int64   0-based position in the data
    problem  str     a check name (`duplicate.near`, `legal.repealed`, ...; schema problems use the
                     finer names `schema.in_vocabulary`, `schema.in_range`, `schema.not_nullable`,
                     `schema.not_blank`) or one of the MARKERS below
    column   str?    the column that carries it
    partner  int64?  duplicate.* and label.conflict: the original row, always < row. Originals
                     themselves carry no duplicate row; siblings (copies of one original) name it.
    detail   str?    the planted value or evidence span, the template id, or for duplicate.near
                     "j3=0.9130;j5=0.8571;edits=substitute+insert" (the measured word 3-/5-gram
                     Jaccard of the pair on `curation.text.words`; every planted pair has j3 >= 0.8)

MARKERS are truth rows that are not problems: `template` / `free_text` say, for every row, whether
its reasoning and recommended_action are template-filled (detail = template id) or free text, and
`decoy.aadhaar` marks a clean 12-digit number that fails the Verhoeff check (no finding expected).
`template` is also the audit's check name: a row with problem `template` should get one.

Everything is vectorized (numpy draws, polars expressions; text is assembled per template, never
scanned); the same (n, seed) gives equal frames, and `write_synth` the same bytes.

One module per part of the pipeline, in the order `synthesize` runs them:

    phrases      the phrase banks clean rows are written from (data only)
    citations    provisions that fit each risk type, their written forms, the wrong citations
    render       option tables, template filling, per-row word choices, pronouns, random streams
    rows         the taxonomy-keyed tables (Vocab) and each row's drawn attributes
    scenarios    the scenario of each row (English first or third person, Hinglish)
    answers      reasoning, recommended_action (templated or free text) and legal_context
    catalogue    what is planted and how much (the plant catalogue, duplicate shares, floors)
    duplicates   exact and near copies, label conflicts, and word n-gram Jaccard
    identifiers  made-up Aadhaar, PAN, e-mail, mobile and helpline numbers
    problems     the other planted problems: wrong values, planters, row allocation
    truth        the truth table's schema, builder and summaries
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from curation.errors import CurateError
from curation.files import atomic_file
from curation.read import _SUFFIXES as READ_SUFFIXES
from curation.synth.answers import answers
from curation.synth.citations import CITATIONS_BY_RISK
from curation.synth.duplicates import NEAR_MIN_J3, copy_attributes, plan_duplicates, plant_duplicates, shingle_jaccard
from curation.synth.identifiers import verhoeff_check_digit
from curation.synth.phrases import CITIES
from curation.synth.problems import plant_problems
from curation.synth.render import rng_stream
from curation.synth.rows import draw_rows, load_vocab
from curation.synth.scenarios import accidental_duplicates, scenarios
from curation.synth.truth import MARKERS, TRUTH_SCHEMA, planted_pairs, template_truth, truth_summary

__all__ = [
    "CITATIONS_BY_RISK", "CITIES", "COLUMNS", "FORMATS", "MARKERS", "NEAR_MIN_J3", "STAGES", "TRUTH_SCHEMA",
    "output_format", "planted_pairs", "shingle_jaccard", "synthesize", "truth_path", "truth_summary",
    "verhoeff_check_digit", "write_synth",
]

_vocab = load_vocab  # bench/bench_synth.py calls it to import the taxonomy before timing generation

COLUMNS = ("scenario", "language", "risk_type", "severity", "reasoning", "recommended_action", "legal_context", "confidence")
STAGES = ("drawing rows", "writing scenarios", "writing answers", "planting duplicates", "planting problems", "recording truth")

_WRITERS: dict[str, Callable[[pl.DataFrame, Path], None]] = {
    "parquet": pl.DataFrame.write_parquet,
    "jsonl": pl.DataFrame.write_ndjson,
    "csv": pl.DataFrame.write_csv,
}
# Output suffix -> format: the suffixes `curate audit` reads (curation.read), for the formats written here.
FORMATS = {suffix: fmt for suffix, fmt in READ_SUFFIXES.items() if fmt in _WRITERS}


def synthesize(n: int, seed: int = 0, *, on_stage: Callable[[str], None] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A NariRaksha-shaped dataset of `n` rows with planted problems, and its truth table.

    Pure: the same (n, seed) gives equal frames. `on_stage` is told the name of each stage as it
    starts (for a progress display). Each stage draws from its own random stream."""
    if n < 1:
        raise CurateError(f"cannot synthesize {n} rows; ask for at least 1 row (-n 2000, for example).")
    if seed < 0:
        raise CurateError(f"the seed must be a non-negative integer, not {seed}.")
    stage = on_stage or (lambda name: None)
    vocab = load_vocab()
    stage(STAGES[0])
    plan = plan_duplicates(n, rng_stream(seed, 2))
    rows = copy_attributes(draw_rows(n, vocab, rng_stream(seed, 1)), plan, vocab, rng_stream(seed, 3))
    stage(STAGES[1])
    scenario = scenarios(rows, vocab, rng_stream(seed, 4))
    for attempt in range(10):  # a scenario that repeats another by chance is written again
        repeats = accidental_duplicates(scenario)
        if not repeats.size:
            break
        scenario = scenario.scatter(repeats, scenarios(rows[repeats], vocab, rng_stream(seed, 100 + attempt)))
    stage(STAGES[2])
    frame = pl.concat([rows, answers(rows, vocab, rng_stream(seed, 5))], how="horizontal").with_columns(
        scenario=scenario,
        language=pl.when(pl.col("hinglish")).then(pl.lit("Hinglish")).otherwise(pl.lit("English")),
        risk_type=pl.lit(pl.Series(vocab.risks)).gather(pl.col("risk")),
        severity=pl.lit(pl.Series(vocab.severities)).gather(pl.col("sev")),
    )
    stage(STAGES[3])
    frame, duplicate_truth = plant_duplicates(frame, plan, rng_stream(seed, 6))
    stage(STAGES[4])
    frame, problem_truth = plant_problems(frame, plan, vocab, rng_stream(seed, 7))
    stage(STAGES[5])
    truth = pl.concat([duplicate_truth, problem_truth, template_truth(frame)]).sort("row", "problem", "column", nulls_last=True)
    return frame.select(COLUMNS), truth


def truth_path(out: str | Path) -> Path:
    """The sidecar beside the data: nariraksha.parquet -> nariraksha.truth.parquet."""
    out = Path(out)
    return out.with_name(out.stem + ".truth.parquet")


def output_format(out: str | Path, format: str | None = None) -> str:
    """`format` if given (checked), else the format the suffix of `out` names."""
    if format:
        if format not in _WRITERS:
            raise CurateError(f"unknown output format '{format}'; use parquet, jsonl or csv.")
        return format
    suffix = Path(out).suffix.lower()
    if suffix not in FORMATS:
        raise CurateError(f"{out}: cannot tell the output format from '{suffix or 'no suffix'}'; "
                          "name the file .parquet, .jsonl or .csv, or pass --format.")
    return FORMATS[suffix]


def write_synth(data: pl.DataFrame, truth: pl.DataFrame, out: str | Path, format: str | None = None) -> tuple[Path, Path]:
    """Write the data (parquet, jsonl or csv) and its truth sidecar (parquet), both atomically."""
    fmt = output_format(out, format)
    out, sidecar = Path(out), truth_path(out)
    try:
        with atomic_file(out) as data_tmp, atomic_file(sidecar) as truth_tmp:
            _WRITERS[fmt](data, data_tmp)
            truth.write_parquet(truth_tmp)
    except OSError as exc:
        raise CurateError(f"{out}: cannot write the output ({exc.strerror or exc}); choose a folder you can write to.") from exc
    return out, sidecar
