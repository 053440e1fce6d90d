"""Real human-written text for tests: tests/data/real's HH-RLHF harmless-base test split (see its
README), cut into the pieces tests need, and few-word edits planted into it (`plant_variants`)."""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
from pathlib import Path

import numpy as np
import polars as pl

from curation.text import normalize_series

HH_RLHF = Path(__file__).parent / "data" / "real" / "hh-rlhf-harmless-base-test.jsonl.gz"


@functools.cache
def turns() -> tuple[tuple[str, str], ...]:
    """(speaker, text) of every turn of every `chosen` dialogue, in file order."""
    out = []
    with gzip.open(HH_RLHF, "rt", encoding="utf-8") as lines:
        for line in lines:
            parts = re.split(r"\n\n(Human|Assistant): ", json.loads(line)["chosen"])[1:]
            out += [(speaker, text.strip()) for speaker, text in zip(parts[::2], parts[1::2]) if text.strip()]
    return tuple(out)


@functools.cache
def human_prompts() -> tuple[str, ...]:
    """Distinct human turns of 4+ words, in file order: real prompts, as a red-teamer typed them."""
    return tuple(dict.fromkeys(t for s, t in turns() if s == "Human" and len(t.split()) >= 4))


@functools.cache
def sentences() -> tuple[str, ...]:
    """Distinct sentences of the assistant turns, in file order: real prose to build long text from."""
    found = (s.strip() for speaker, text in turns() if speaker == "Assistant" for s in re.split(r"(?<=[.!?])\s+", text))
    return tuple(dict.fromkeys(s for s in found if len(s.split()) >= 3))


@functools.cache
def _answer_fields(seed: int) -> tuple[str, ...]:
    from curation.synth import synthesize

    rows, _ = synthesize(2000, seed=seed)
    return tuple(t for c in ("reasoning", "recommended_action", "legal_context") for t in rows[c].drop_nulls().to_list())


def runaway_text(chars: int, seed: int = 0, pool: int | None = None) -> str:
    """`chars` characters of a runaway field: real sentences drawn at random, three in ten of them
    replaced by a reasoning, recommended action or legal context of 2,000 synth rows (so the field
    holds citations and helpline numbers), with repeats, as a generator concatenating its output
    writes them. `pool`: draw from only that many distinct pieces of each kind, so that a field 4x
    longer has the same pieces 4x as often (the same structure at every size)."""
    rng = random.Random(seed)
    real, own = list(sentences()), list(_answer_fields(seed))
    if pool is not None:
        real, own = rng.sample(real, pool), rng.sample(own, pool)
    out, n = [], 0
    while n < chars:
        piece = rng.choice(own) if rng.random() < 0.3 else rng.choice(real)
        out.append(piece)
        n += len(piece) + 1
    return " ".join(out)[:chars]


@functools.lru_cache(maxsize=2)
def distinct_turns(speaker: str | None = None) -> tuple[str, ...]:
    """Every distinct turn of the chosen and rejected dialogues, in file order: all of them, or only
    `speaker`'s ("Human" or "Assistant")."""
    seen: dict[str, None] = {}
    with gzip.open(HH_RLHF, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for dialogue in (record["chosen"], record["rejected"]):
                for who, text in re.findall(r"\n\n(Human|Assistant): (.*?)(?=\n\n(?:Human|Assistant): |\Z)", dialogue, re.DOTALL):
                    if (speaker is None or who == speaker) and text.strip():
                        seen.setdefault(text.strip(), None)
    return tuple(seen)


# -- few-word edits, for the near-duplicate tests and bench/bench_near_real.py ---------------------

WORD_EDITS = ("insert", "delete", "substitute")
KINDS = ("1 word", "2 words", "3 words", "case/spacing")


@functools.cache
def turn_table() -> pl.DataFrame:
    """One turn per distinct normalized text (the first, in file order), non-blank: role ("Human"
    when a human ever wrote it), text, words (of the normalized text). Any two rows are different
    real texts: a near-duplicate link between two of them is a false one."""
    human = set(distinct_turns("Human"))
    frame = pl.DataFrame({"text": list(distinct_turns())})
    frame = frame.with_columns(role=pl.col("text").is_in(list(human)).replace_strict({True: "Human", False: "Assistant"}),
                               norm=normalize_series(frame["text"])).filter(pl.col("norm") != "")
    frame = frame.unique("norm", keep="first", maintain_order=True)
    return frame.select("role", "text", words=pl.col("norm").str.split(" ").list.len())


def vocabulary() -> list[str]:
    """The corpus's words (with repeats, so common words are drawn more often), for edits."""
    return [w for t in turn_table()["text"].to_list() for w in t.split()]


def edit_words(text: str, edits: int, rng: np.random.Generator, vocab: list[str]) -> str:
    """`text` with `edits` random word edits (insert, delete or substitute a corpus word), each at a
    random position; a substitution never puts back the same word."""
    tokens = text.split()
    for _ in range(edits):
        kind = WORD_EDITS[int(rng.integers(3))] if len(tokens) > 1 else "insert"
        at = int(rng.integers(len(tokens)))
        if kind == "delete":
            del tokens[at]
            continue
        word = vocab[int(rng.integers(len(vocab)))]
        while kind == "substitute" and word.lower().strip(".,!?") == tokens[at].lower().strip(".,!?"):
            word = vocab[int(rng.integers(len(vocab)))]
        if kind == "insert":
            tokens.insert(at, word)
        else:
            tokens[at] = word
    return " ".join(tokens)


def recase_respace(text: str, rng: np.random.Generator) -> str:
    """The same words with other case and spacing: upper, lower or title case, a word or two
    upper-cased, doubled spaces, a line break."""
    tokens = text.split()
    style = int(rng.integers(4))
    if style == 0:
        tokens = [t.upper() for t in tokens]
    elif style == 1:
        tokens = [t.lower() for t in tokens]
    elif style == 2:
        tokens = [t.capitalize() for t in tokens]
    for at in rng.integers(len(tokens), size=2):
        tokens[at] = tokens[at].upper()
    gaps = [" "] * (len(tokens) - 1)
    for at in rng.integers(max(len(gaps), 1), size=2) if gaps else ():
        gaps[at] = "  " if rng.random() < 0.5 else "\n"
    return "".join(t + g for t, g in zip(tokens, [*gaps, ""], strict=True))


def plant_variants(originals: pl.Series, kinds: list[str], seed: int = 0) -> pl.DataFrame:
    """One variant per (original, kind): original (position in `originals`), kind, text."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    texts = originals.to_list()
    out = []
    for i, (text, kind) in enumerate(zip(texts, kinds, strict=True)):
        variant = recase_respace(text, rng) if kind == "case/spacing" else edit_words(text, KINDS.index(kind) + 1, rng, vocab)
        out.append((i, kind, variant))
    return pl.DataFrame(out, schema={"original": pl.Int64, "kind": pl.String, "text": pl.String}, orient="row")
