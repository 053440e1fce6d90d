"""Text normalization shared by every comparison of text (exact duplicates, MinHash, leakage).

One definition, so that "the same text" means the same thing in the audit, the split and eval.
"""

from __future__ import annotations

import polars as pl

# Unicode letters, combining marks and digits are kept (the marks are Devanagari and Tamil vowel
# signs: without them "मेरी" would become "म र"); every run of anything else (punctuation,
# symbols, whitespace) becomes one space. Done in two passes for speed: runs of anything but word
# characters and plain spaces become a space, then runs of spaces one space (replacing each single
# space between words with itself, as one pass does, costs ~4x more).
_NON_WORD_NON_SPACE = r"[^\p{L}\p{M}\p{N} ]+"
_SPACES = r" {2,}"
_NON_ASCII = r"[^\x00-\x7F]"


def normalized(expr: pl.Expr) -> pl.Expr:
    """Fold Unicode compatibility forms, case, whitespace and punctuation."""
    # ASCII text is already NFKC: only rows with another character pay for normalizing.
    folded = pl.when(expr.str.contains(_NON_ASCII)).then(expr.str.normalize("NFKC")).otherwise(expr)
    return (
        folded.str.to_lowercase()
        .str.replace_all(_NON_WORD_NON_SPACE, " ")
        .str.replace_all(_SPACES, " ")
        .str.strip_chars()
    )


def normalize_series(texts: pl.Series) -> pl.Series:
    return texts.to_frame("t").select(normalized(pl.col("t")))["t"]


def words(expr: pl.Expr) -> pl.Expr:
    """The normalized text split into words (a list column)."""
    return normalized(expr).str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def label_key(expr: pl.Expr) -> pl.Expr:
    """A label folded for comparison: 'Blackmail / Extortion' == 'blackmail_extortion'."""
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{M}\p{N}]", "")


def label_key_str(value: str) -> str:
    """`label_key` for one Python string."""
    import unicodedata

    return "".join(ch for ch in value.lower() if ch.isalnum() or unicodedata.category(ch).startswith("M"))
