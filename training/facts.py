"""Facts in generated answers: the rule engine (`curation.verify`) over the generated legal context
and actions, as hallucination rates, beside the same rates of the reference answers (the training
data's own errors, which a model that copies will reproduce).

Per citation: its verdict from the registry; reported as the share of citations in each group and
the share of answers with at least one (an offence mismatch, a finding per answer, counts in the
latter only). Groups:
  unknown   legal.unknown_act, legal.unknown_section (the act or section does not exist)
  invalid   legal.malformed, legal.title_mismatch (a section quoted under the wrong title), and
            legal.offence_mismatch (a section that does not fit the row's true risk type)
  repealed  legal.repealed, legal.struck_down
Per helpline number: unverified (helpline.unknown), outdated (a replaced or temporary line) and wrong
(wrong_purpose, discontinued, malformed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

CITATION_GROUPS = {
    "unknown": ("legal.unknown_act", "legal.unknown_section"),
    "invalid": ("legal.malformed", "legal.title_mismatch", "legal.offence_mismatch"),
    "repealed": ("legal.repealed", "legal.struck_down"),
}
HELPLINE_GROUPS = {
    "unverified": ("helpline.unknown",),
    "outdated": ("helpline.outdated",),
    "wrong": ("helpline.wrong_purpose", "helpline.discontinued", "helpline.malformed"),
}


def _in_group(column: str, names: Sequence[str]) -> pl.Expr:
    """The check is one of `names` or a finer name under one (`legal.repealed.ipc`)."""
    col = pl.col(column).fill_null("")
    return pl.any_horizontal([(col == n) | col.str.starts_with(n + ".") for n in names])


def fact_rates(texts: pl.Series, risk_types: pl.Series | None) -> dict[str, Any]:
    """Hallucination rates of one set of answers (`texts`: their fact fields joined, one per answer)."""
    from curation.verify import check_citations, citation_table, helpline_table, load_registry

    registry = load_registry()
    answers = texts.len()
    cited = citation_table(texts, registry=registry)
    # offence fit needs the risk type: the one check the citation table does not carry
    mismatch = check_citations(texts, risk_types, registry=registry).filter(_in_group("check", ("legal.offence_mismatch",)))
    numbers = helpline_table(texts, registry=registry)
    out: dict[str, Any] = {"answers": answers, "citations": cited.height, "helpline_numbers": numbers.height}
    problem_rows: list[pl.Series] = []
    for group, names in CITATION_GROUPS.items():
        hits = cited.filter(_in_group("verdict", names) | _in_group("check", names))
        out[f"{group}_citation_rate"] = hits.height / cited.height if cited.height else None  # share of citations
        rows = hits["row"].cast(pl.Int64)
        if "legal.offence_mismatch" in names:  # a finding per answer, not a citation verdict
            rows = pl.concat([rows, mismatch["row"].cast(pl.Int64)])
        out[f"answers_with_{group}_citation"] = rows.n_unique() / answers if answers else None
        problem_rows.append(rows)
    for group, names in HELPLINE_GROUPS.items():
        hits = numbers.filter(_in_group("verdict", names) | _in_group("check", names))
        out[f"{group}_helpline_rate"] = hits.height / numbers.height if numbers.height else None
        out[f"answers_with_{group}_helpline"] = hits["row"].n_unique() / answers if answers else None
        problem_rows.append(hits["row"].cast(pl.Int64))
    flagged = pl.concat(problem_rows).n_unique() if problem_rows else 0
    out["hallucination_rate"] = flagged / answers if answers else None  # answers with any problem above
    out["citations_by_verdict"] = dict(cited.group_by("verdict").len().sort("len", descending=True).iter_rows())
    out["helplines_by_verdict"] = dict(numbers.group_by("verdict").len().sort("len", descending=True).iter_rows())
    return out


def joined_fact_text(frame: pl.DataFrame, fields: Sequence[str]) -> pl.Series:
    """The fact fields of each answer in one string (nulls skipped)."""
    if not fields:
        return pl.Series("text", [""] * frame.height, dtype=pl.String)
    return frame.select(pl.concat_str([pl.col(f).fill_null("") for f in fields], separator="\n").alias("text"))["text"]
