"""Text quality step: broken encoding, empty text the schema does not already cover, extreme lengths.

- `text.encoding`: mojibake (UTF-8 read as Latin-1/cp1252, e.g. "â€™", "Ã©"), the Unicode
  replacement character, or control characters.
- `text.empty`: null or blank text in a scanned field the profile's schema does not check.
- `text.length`: a prompt too short to mean anything (fewer than MIN_PROMPT_WORDS words), or a
  field far longer than the rest (over LONG_FACTOR x its 99th percentile and over LONG_MIN_CHARS),
  or over RUNAWAY_CHARS whatever the rest (in a small dataset the long field is its own 99th
  percentile). Every step's cost is linear in a field's length (bench/bench_long_field.py: a 10 MB
  field); the one shortcut is the templates step's, which compares a sentence of more than
  `TemplateParams.fuzzy_max_chars` only exactly.
"""

from __future__ import annotations

import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditContext, StepResult

NAME = "text"
TITLE = "Text quality"

# UTF-8 bytes decoded as cp1252/Latin-1 leave these two-character signatures.
MOJIBAKE = r"(?:Ã[\x{80}-\x{BF}ƒ‚„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]|â€[™œ\x{9D}˜“”¦¢]|Â[\x{A0}-\x{BF}]|\x{FFFD}|[\x{00}-\x{08}\x{0B}\x{0C}\x{0E}-\x{1F}])"
MIN_PROMPT_WORDS = 3
LONG_FACTOR = 4.0
LONG_MIN_CHARS = 4000
RUNAWAY_CHARS = 100_000  # ~25K tokens: more than any training recipe's sequence (training/recipes: at most 4,096 tokens)


def setup(ctx: AuditContext) -> None:
    _ = ctx.profile.schema  # on the main thread: the schema's columns are read below


def run(ctx: AuditContext) -> StepResult:
    data = ctx.data
    schema_cols = set(ctx.profile.schema.columns)
    names = ctx.scanned_fields()
    # one regex pass per field, all fields in one select (in parallel)
    broken = data.select(pl.col(name).str.contains(MOJIBAKE).fill_null(False).alias(name) for name in names)
    frames = []
    counts = {}
    for name in names:
        col = pl.col(name)
        encoding = data.filter(broken[name]).select("row", col.str.extract(f"(.{{0,20}}{MOJIBAKE}.{{0,20}})").alias("ev"))
        frames.append(F.findings(encoding["row"], "text.encoding", column=name,
                                 message=f"'{name}' has broken encoding (mojibake, U+FFFD or control characters)",
                                 evidence=encoding["ev"], suggestion="re-decode the source text as UTF-8"))
        counts[f"{name}.encoding"] = encoding.height
        if name not in schema_cols:
            empty = data.filter(col.is_null() | (col.str.strip_chars() == ""))
            frames.append(F.findings(empty["row"], "text.empty", column=name, message=f"'{name}' is empty"))
            counts[f"{name}.empty"] = empty.height
        lengths = ctx.lengths(name).select(data["row"], pl.col("chars").alias("n"), pl.col("words").alias("w"))
        limit = min(RUNAWAY_CHARS, max(LONG_MIN_CHARS, LONG_FACTOR * float(lengths["n"].quantile(0.99) or 0)))
        long_rows = lengths.filter(pl.col("n") > limit)
        frames.append(F.findings(long_rows["row"], "text.length", severity="info", column=name,
                                 message=f"'{name}' is unusually long", evidence=long_rows["n"].cast(pl.String) + " characters",
                                 suggestion="check for concatenated or runaway text"))
        counts[f"{name}.long"] = long_rows.height
        if name == ctx.profile.prompt_field:
            short = lengths.filter(pl.col("w").is_between(1, MIN_PROMPT_WORDS - 1))
            frames.append(F.findings(short["row"], "text.length", severity="warning", column=name,
                                     message=f"'{name}' has fewer than {MIN_PROMPT_WORDS} words",
                                     evidence=short["w"].cast(pl.String) + " words"))
            counts[f"{name}.short"] = short.height
    return StepResult(
        findings=F.concat(frames),
        metrics={"counts": counts},
        params={"min_prompt_words": MIN_PROMPT_WORDS, "long_factor": LONG_FACTOR, "long_min_chars": LONG_MIN_CHARS,
                "runaway_chars": RUNAWAY_CHARS},
    )
