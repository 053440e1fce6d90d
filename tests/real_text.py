"""Real human-written text for tests: tests/data/real's HH-RLHF harmless-base test split (see its
README), cut into the pieces tests need."""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
from pathlib import Path

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
