"""Real human-written text for tests: tests/data/real's HH-RLHF harmless-base test split (see its
README), cut into the pieces tests need."""

from __future__ import annotations

import functools
import gzip
import json
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
