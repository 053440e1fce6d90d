"""Real human-written text for tests: the HH-RLHF turns in tests/data/real/ (see its README)."""

from __future__ import annotations

import functools
import gzip
import json
import re
from pathlib import Path

REAL = Path(__file__).parent / "data" / "real" / "hh-rlhf-harmless-base-test.jsonl.gz"


@functools.lru_cache(maxsize=2)
def turns(speaker: str | None = None) -> tuple[str, ...]:
    """Every distinct turn of the chosen and rejected dialogues, in file order: all of them, or only
    `speaker`'s ("Human" or "Assistant")."""
    seen: dict[str, None] = {}
    with gzip.open(REAL, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for dialogue in (record["chosen"], record["rejected"]):
                for who, text in re.findall(r"\n\n(Human|Assistant): (.*?)(?=\n\n(?:Human|Assistant): |\Z)", dialogue, re.DOTALL):
                    if (speaker is None or who == speaker) and text.strip():
                        seen.setdefault(text.strip(), None)
    return tuple(seen)
