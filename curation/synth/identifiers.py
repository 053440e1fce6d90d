"""Made-up identifiers planted into text, each in the forms people write it: Aadhaar numbers
(passing the Verhoeff check, or a decoy failing it), PAN, e-mail addresses, personal mobile
numbers, and helpline numbers that are invented or malformed."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from curation.synth.phrases import NAMES, SURNAMES
from curation.synth.render import pick

EMAIL_DOMAINS = ("gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com", "hotmail.com", "gmail.com")
MOBILE_PREFIXES = ("98", "99", "97", "96", "94", "93", "95", "90", "91", "92", "70", "60", "69")  # all-mobile ranges (phonenumbers)
# STD codes of large cities, for invented landlines.
STD_CODES = ("11", "22", "80", "44", "33", "40", "20", "79", "141", "522")
# Numbers of the registry that an invented number must never equal.
REGISTRY_NUMBERS = ("7827170170", "18005990019", "18008914416", "9999666555", "9152987821", "7217735372")

# Verhoeff tables (dihedral group D5): multiplication, position permutation, inverse.
_VERHOEFF_D = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
])
_VERHOEFF_P = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
])
_VERHOEFF_INV = np.array([0, 4, 3, 2, 1, 5, 6, 7, 8, 9])


def verhoeff_check_digit(digits: np.ndarray) -> np.ndarray:
    """The Verhoeff check digit of each row of `digits` (shape rows x length)."""
    c = np.zeros(digits.shape[0], dtype=np.int64)
    for i, column in enumerate(range(digits.shape[1] - 1, -1, -1)):
        c = _VERHOEFF_D[c, _VERHOEFF_P[(i + 1) % 8, digits[:, column]]]
    return _VERHOEFF_INV[c]


def _digits_text(digits: np.ndarray) -> pl.Series:
    """Each row of a digit matrix as one string."""
    return pl.Series(["".join(map(str, row)) for row in digits.tolist()], dtype=pl.String)


def _grouped(numbers: pl.Series, groups: Sequence[int], separators: pl.Series) -> pl.Series:
    """'234567890123' -> '2345 6789 0123' with each row's separator ('' keeps it contiguous)."""
    starts = np.concatenate([[0], np.cumsum(groups)[:-1]])
    pieces = []
    for i, (start, length) in enumerate(zip(starts, groups, strict=True)):
        if i:
            pieces.append(pl.col("sep"))
        pieces.append(pl.col("n").str.slice(int(start), int(length)))
    return pl.DataFrame({"n": numbers, "sep": separators}).select(pl.concat_str(pieces).alias("n"))["n"]


def aadhaar_like(m: int, rng: np.random.Generator, *, valid: bool) -> pl.Series:
    """12-digit numbers, first digit 2-8; the last digit passes the Verhoeff check iff `valid`."""
    body = np.column_stack([rng.integers(2, 9, m), rng.integers(0, 10, (m, 10))])
    check = verhoeff_check_digit(body)
    if not valid:
        check = (check + rng.integers(1, 10, m)) % 10
    numbers = _digits_text(np.column_stack([body, check]))
    return _grouped(numbers, (4, 4, 4), pick(rng, (" ", " ", " ", "", "-"), m))


def pans(m: int, rng: np.random.Generator) -> pl.Series:
    """PAN numbers: 3 letters, the holder type (mostly P, a person), a letter, 4 digits, a letter."""
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    holder = np.where(rng.random(m) < 0.85, "P", rng.choice(list("CHFAT"), m))
    rows = np.column_stack([letters[rng.integers(0, 26, (m, 3))], holder, letters[rng.integers(0, 26, m)],
                            rng.integers(0, 10, (m, 4)).astype(str), letters[rng.integers(0, 26, m)]])
    return pl.Series(["".join(r) for r in rows.tolist()], dtype=pl.String)


def emails(m: int, rng: np.random.Generator) -> pl.Series:
    """Personal addresses: name, separator, surname, sometimes two digits, a common domain."""
    frame = pl.DataFrame({
        "first": pl.Series(NAMES).gather(rng.integers(0, len(NAMES), m)).str.to_lowercase(),
        "sep": pick(rng, (".", "_", "", "."), m),
        "last": pl.Series(SURNAMES).gather(rng.integers(0, len(SURNAMES), m)),
        "num": pl.Series(np.where(rng.random(m) < 0.6, rng.integers(10, 100, m).astype(str), "")),
        "domain": pick(rng, EMAIL_DOMAINS, m),
    })
    return frame.select(pl.concat_str(["first", "sep", "last", "num", pl.lit("@"), "domain"]).alias("e"))["e"]


def mobiles(m: int, rng: np.random.Generator) -> pl.Series:
    """Personal Indian mobile numbers as people write them: +91 98xxx xxxxx, 98xxx xxxxx, +91 9xxxxxxxxx."""
    numbers = pl.concat_str([pl.lit(pick(rng, MOBILE_PREFIXES, m)), pl.lit(_digits_text(rng.integers(0, 10, (m, 8))))])
    number = pl.DataFrame().select(numbers.alias("n"))["n"]
    grouped = _grouped(number, (5, 5), pl.Series([" "] * m))
    style = rng.integers(0, 4, m)
    frame = pl.DataFrame({"n": number, "g": grouped, "style": style})
    return frame.select(pl.when(pl.col("style") == 0).then("+91 " + pl.col("g"))
                        .when(pl.col("style") == 1).then(pl.col("g"))
                        .when(pl.col("style") == 2).then("+91 " + pl.col("n"))
                        .otherwise("+91-" + pl.col("n")).alias("p"))["p"]


def unknown_numbers(m: int, rng: np.random.Generator) -> pl.Series:
    """Invented but well-formed Indian numbers: toll-free 1800 numbers and city landlines."""
    toll_free = pl.Series([f"1800-{a}-{b:04d}" for a, b in zip(rng.integers(100, 1000, m), rng.integers(0, 10000, m), strict=True)])
    std = np.array(STD_CODES)[rng.integers(0, len(STD_CODES), m)]
    local = ["2" + "".join(map(str, rng.integers(0, 10, 9 - len(code)))) for code in std]
    landline = pl.Series([f"0{code}-{number}" for code, number in zip(std, local, strict=True)])
    numbers = pl.DataFrame({"t": toll_free, "l": landline, "pick": rng.random(m) < 0.7}).select(
        pl.when(pl.col("pick")).then("t").otherwise("l").alias("n"))["n"]
    registry = set(REGISTRY_NUMBERS)
    clash = [i for i, v in enumerate(numbers.str.replace_all(r"\D", "").to_list()) if v in registry]
    return numbers.scatter(clash, ["1800-425-1234"] * len(clash)) if clash else numbers


def malformed_numbers(m: int, rng: np.random.Generator) -> pl.Series:
    """Mobile-like numbers with a digit too few or too many (9 or 11 digits)."""
    length = np.where(rng.random(m) < 0.5, 9, 11)
    digits = [np.concatenate([[rng.integers(7, 10)], rng.integers(0, 10, k - 1)]) for k in length]
    return pl.Series(["".join(map(str, d[:5])) + " " + "".join(map(str, d[5:])) for d in digits], dtype=pl.String)

