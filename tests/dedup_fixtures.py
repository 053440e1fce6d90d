"""Text builders shared by the dedup tests: hand-made edits and template-filled prompts."""

from __future__ import annotations

import numpy as np
import polars as pl

from curation.text import normalize_series

BASE = (
    "A colleague at her office in Pune keeps sending her messages late at night, waits near the bus stop "
    "after work and has started following her home on his motorbike every evening this week"
)  # 34 words

CITIES = ["Mumbai", "Delhi", "Pune", "Chennai", "Kolkata", "Jaipur", "Surat", "Patna", "Indore", "Kochi"]
TEMPLATES = [
    "A {age} year old woman in {city} is being followed home from work every evening by a stranger on a motorbike and does not know whom to call",
    "In {city} a woman aged {age} receives threatening messages from an unknown number demanding money and photos",
    "A woman of {age} from {city} says her husband controls her salary and stops her from meeting her family",
]


def words_of(text: str) -> list[str]:
    return normalize_series(pl.Series([text]))[0].split()


def word_edits(a: str, b: str) -> int:
    """Word-level Levenshtein distance of the normalized texts, by the textbook dynamic programme."""
    x, y = words_of(a), words_of(b)
    row = list(range(len(y) + 1))
    for i, wx in enumerate(x, start=1):
        previous, row[0] = row[0], i
        for j, wy in enumerate(y, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (wx != wy))
    return row[-1]


def edit_sim(a: str, b: str) -> float:
    """1 - word edits / words of the longer text, the slow, obvious way."""
    return 1 - word_edits(a, b) / max(len(words_of(a)), len(words_of(b)), 1)


def links(a: str, b: str, threshold: float = 0.8, spare: int = 1) -> bool:
    """The near-duplicate rule by hand: the pair is still >= threshold similar after `spare` more edits."""
    longer = max(len(words_of(a)), len(words_of(b)))
    return word_edits(a, b) + spare <= (1 - threshold) * longer + 1e-9


def replace_word(text: str, index: int, word: str) -> str:
    tokens = text.split()
    tokens[index] = word
    return " ".join(tokens)


def template_prompts(n: int, seed: int = 0) -> pl.Series:
    """The public NariRaksha generator's shape: 3 sentence templates with age and city filled in."""
    rng = np.random.default_rng(seed)
    t, age, city = rng.integers(0, 3, n), rng.integers(18, 53, n), rng.integers(0, len(CITIES), n)
    return pl.Series([TEMPLATES[t[i]].format(age=age[i], city=CITIES[city[i]]) for i in range(n)])
