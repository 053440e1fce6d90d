"""The rule engine's entry points: whole columns in, findings or verdict tables out.

Two shapes of input:
- a `pl.Series` of texts (the public API: `check_citations`, `check_helplines`, `check_patterns`,
  `citation_table`, `helpline_table`); `row` is the position in the Series;
- a long frame `row, column, text` (`long_frame`), which the audit builds from several fields.
`judge` runs everything on one string, for `curate rules check` and for eval.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from phonenumbers import PhoneMetadata

from curation import findings as F
from curation.verify.citations import judge_citations, lookup_tables, offence_findings, parse
from curation.verify.patterns import pattern_findings
from curation.verify.phones import judge_helplines, mentions, vocabulary
from curation.verify.registry import Registry, load_registry

PUBLIC_COLUMNS = ["row", "check", "severity", "message", "evidence", "suggestion"]


def long_frame(data: pl.DataFrame, fields: list[str], row: str = "row") -> pl.DataFrame:
    """row, column, text: the text fields of `data` stacked (nulls and blanks dropped)."""
    frames = [data.select(pl.col(row).cast(pl.Int64).alias("row"), pl.lit(f).alias("column"), pl.col(f).cast(pl.String).alias("text"))
              for f in fields]
    if not frames:
        return pl.DataFrame(schema={"row": pl.Int64, "column": pl.String, "text": pl.String})
    return pl.concat(frames).filter(pl.col("text").is_not_null() & (pl.col("text").str.strip_chars() != ""))


def by_text(long: pl.DataFrame) -> pl.DataFrame:
    """tid, text, at: each distinct text once (`tid` its position), with the (row, column) places it
    occurs. Checks run on the distinct texts and `expand` maps their results back to rows, with no
    join over every row."""
    return long.group_by("text", maintain_order=True).agg(pl.struct("row", "column").alias("at")).with_row_index("tid")


def expand(per_text: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Results keyed by `tid` (a text's position in `places`) -> one row per (row, column) where the
    text occurs. Results carry the text's id, never the text: a runaway field of 10 MB with
    thousands of citations would otherwise be copied, hashed and compared once per citation."""
    return per_text.join(places.select("tid", "at"), on="tid", how="inner").explode("at").unnest("at").drop("tid")


def _series_frame(texts: pl.Series) -> pl.DataFrame:
    return long_frame(pl.DataFrame({"row": pl.int_range(texts.len(), eager=True), "text": texts.cast(pl.String)}), ["text"]).with_columns(
        pl.lit(None, dtype=pl.String).alias("column")
    )


def _severity(checks: pl.Series) -> pl.Series:
    mapping = {c: F.default_severity(c) for c in checks.unique().drop_nulls().to_list()}
    return checks.replace_strict(mapping, return_dtype=pl.String) if mapping else checks.cast(pl.String)


def _findings(frame: pl.DataFrame, evidence: str) -> pl.DataFrame:
    """Findings for the rows of a judged table that carry a check."""
    bad = frame.filter(pl.col("check").is_not_null())
    if bad.height == 0:
        return F.empty()
    return F.findings(bad["row"], bad["check"], severity=_severity(bad["check"]), column=bad["column"],
                      message=bad["message"], evidence=bad[evidence], suggestion=bad["suggestion"])


def warm(registry: Registry) -> Registry:
    """`registry`, with everything the engine otherwise builds on its first use made now: the act
    regex, the section titles, the citation and phone lookup tables, and every region's phone
    metadata (which `phonenumbers` imports lazily, region by region). Threads that then share the
    registry only read. Call it on the main thread (the audit's steps run on worker threads)."""
    PhoneMetadata.load_all()
    lookup_tables(registry)
    vocabulary(registry)
    return registry


# -- long frames (the audit) ----------------------------------------------------------------------


def citations_long(long: pl.DataFrame, registry: Registry, risk: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(every citation with its verdict, findings) for a long frame; `risk` (row, risk_type) enables
    `legal.offence_mismatch`. Texts are parsed and judged once each, then joined to their rows."""
    places = by_text(long)
    per_text = judge_citations(parse(places["text"], registry), registry)
    judged = expand(per_text, places)
    found = [_findings(judged, "span")]
    if risk is not None:
        found.append(offence_findings(judged, risk, registry))
    return judged, F.concat(found)


def helplines_long(long: pl.DataFrame, registry: Registry) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(every helpline mention with its verdict, findings) for a long frame. Texts are searched once
    each, then joined to their rows."""
    places = by_text(long)
    per_text = judge_helplines(mentions(places["text"], registry), registry)
    judged = expand(per_text, places)
    return judged, _findings(judged, "evidence")


def patterns_long(long: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Placeholder and PII findings for a long frame."""
    return pattern_findings(long, registry)


# -- one column (the public API) ------------------------------------------------------------------


def citation_table(texts: pl.Series, registry: Registry | None = None) -> pl.DataFrame:
    """Every parsed citation with its verdict, verified ones included: row (position in `texts`),
    span, act, section, sub, title, verdict, check, message, suggestion."""
    registry = registry or load_registry()
    judged, _ = citations_long(_series_frame(texts), registry)
    return judged.sort(["row", "chunk", "item_no", "number"]).select("row", "span", "act", "section", "sub", "title", "verdict", "check", "message", "suggestion")


def check_citations(texts: pl.Series, risk_types: pl.Series | None = None, registry: Registry | None = None) -> pl.DataFrame:
    """One row per citation problem in `texts` (row, check, severity, message, evidence, suggestion);
    with `risk_types` (aligned with `texts`) also `legal.offence_mismatch`."""
    registry = registry or load_registry()
    risk = None
    if risk_types is not None:
        risk = pl.DataFrame({"row": pl.int_range(texts.len(), eager=True, dtype=pl.Int64), "risk_type": risk_types.cast(pl.String)})
    _, found = citations_long(_series_frame(texts), registry, risk)
    return found.sort(["row", "check"]).select(PUBLIC_COLUMNS)


def helpline_table(texts: pl.Series, registry: Registry | None = None) -> pl.DataFrame:
    """Every helpline number or short code with its verdict: row, number, name, verdict, check, message, suggestion."""
    registry = registry or load_registry()
    judged, _ = helplines_long(_series_frame(texts), registry)
    return judged.sort(["row", "n"]).select("row", pl.col("num").alias("number"), "name", "verdict", "check", "message", "suggestion")


def check_helplines(texts: pl.Series, registry: Registry | None = None) -> pl.DataFrame:
    """One row per helpline problem in `texts` (row, check, severity, message, evidence, suggestion)."""
    registry = registry or load_registry()
    _, found = helplines_long(_series_frame(texts), registry)
    return found.sort(["row", "check"]).select(PUBLIC_COLUMNS)


def check_patterns(texts: pl.Series, registry: Registry | None = None) -> pl.DataFrame:
    """One row per placeholder or PII hit in `texts` (row, check, severity, message, evidence, suggestion)."""
    registry = registry or load_registry()
    return patterns_long(_series_frame(texts), registry).sort(["row", "check"]).select(PUBLIC_COLUMNS)


# -- one string -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """How one citation, number or pattern hit in a string is judged."""

    kind: str  # "citation" | "helpline" | "pattern"
    span: str  # as written
    parsed: str  # what the engine read: "BNS 73 'outraging modesty'", "7827170170 -> NCW helpline"
    verdict: str  # verified, unverified, historical, act_only, placeholder, or a check name
    check: str | None  # the finding the audit reports (None: no finding)
    severity: str | None
    message: str
    suggestion: str | None

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def judge(text: str, risk_type: str | None = None, registry: Registry | None = None) -> list[Verdict]:
    """Every citation, helpline number and placeholder/PII hit in `text`, judged (verified ones too)."""
    registry = registry or load_registry()
    long = pl.DataFrame({"row": [0], "column": ["text"], "text": [text]}, schema={"row": pl.Int64, "column": pl.String, "text": pl.String})
    risk = pl.DataFrame({"row": [0], "risk_type": [risk_type]}, schema={"row": pl.Int64, "risk_type": pl.String}) if risk_type else None
    cites, cite_findings = citations_long(long, registry, risk)
    verdicts = [_citation_verdict(r) for r in cites.sort(["chunk", "item_no", "number"]).iter_rows(named=True)]
    for r in cite_findings.filter(pl.col("check") == "legal.offence_mismatch").iter_rows(named=True):
        verdicts.append(Verdict("citation", r["evidence"], f"risk type {risk_type!r}", r["check"], r["check"], r["severity"], r["message"], r["suggestion"]))
    numbers, _ = helplines_long(long, registry)
    verdicts += [_helpline_verdict(r) for r in numbers.sort("n").iter_rows(named=True)]
    placeholder_spans = [v.span for v in verdicts if v.verdict == "placeholder"]
    for r in patterns_long(long, registry).iter_rows(named=True):
        if r["check"] == "placeholder.section" and any(r["evidence"] in span for span in placeholder_spans):
            continue  # already reported as the citation's placeholder section
        verdicts.append(Verdict("pattern", r["evidence"], r["check"], r["check"], r["check"], r["severity"], r["message"], r["suggestion"]))
    return verdicts


def _citation_verdict(r: dict[str, Any]) -> Verdict:
    act = r["act"] or r["act_text"] or "?"
    parsed = act if r["section"] is None else f"{act} {r['section']}{r['sub'] or ''}"
    if r["title"]:
        parsed += f" '{r['title']}'"
    check = r["check"] or ("placeholder.section" if r["verdict"] == "placeholder" else None)
    severity = F.default_severity(check) if check else None
    return Verdict("citation", r["span"], parsed, r["verdict"], check, severity, r["message"], r["suggestion"])


def _helpline_verdict(r: dict[str, Any]) -> Verdict:
    parsed = f"{r['num']} -> {r['name']}" if r["name"] else f"{r['num']} (not in the registry)"
    severity = F.default_severity(r["check"]) if r["check"] else None
    return Verdict("helpline", r["evidence"], parsed, r["verdict"], r["check"], severity, r["message"], r["suggestion"])


# -- metrics for report.json ----------------------------------------------------------------------


def citation_metrics(judged: pl.DataFrame, found: pl.DataFrame, top: int = 10) -> dict[str, Any]:
    """Lean, JSON-able: counts per act and verdict, the most frequent problems and unknown acts."""
    by_act: dict[str, dict[str, int]] = {}
    for act, verdict, n in judged.group_by([pl.coalesce("act", pl.lit("(none)")).alias("a"), "verdict"]).len().sort(["len", "a", "verdict"], descending=[True, False, False]).iter_rows():
        by_act.setdefault(act, {})[verdict] = n
    problems = (
        judged.filter(pl.col("check").is_not_null())
        .group_by(["check", "span"]).agg(pl.len().alias("count"), pl.col("row").n_unique().alias("rows"), pl.col("suggestion").sort_by("row", "column", "suggestion").first())
        .sort(["count", "span", "check"], descending=[True, False, False]).head(top)
    )
    unknown_acts = (
        judged.filter(pl.col("verdict") == "legal.unknown_act").group_by("act_text").len()
        .sort(["len", "act_text"], descending=[True, False]).head(top)
    )
    return {
        "citations": judged.height,
        "rows_with_citations": judged["row"].n_unique(),
        "by_verdict": {v: n for v, n in judged.group_by("verdict").len().sort(["len", "verdict"], descending=[True, False]).iter_rows()},
        "by_act": by_act,
        "findings_by_check": {c: n for c, n in found.group_by("check").len().sort(["len", "check"], descending=[True, False]).iter_rows()} if found.height else {},
        "top_problems": problems.to_dicts(),
        "unknown_acts": [{"name": a, "count": n} for a, n in unknown_acts.iter_rows()],
    }


def helpline_metrics(judged: pl.DataFrame, top: int = 20) -> dict[str, Any]:
    """Counts per number and verdict, and the most frequent numbers the registry does not know."""
    by_number: dict[str, dict[str, int]] = {}
    counts = judged.group_by([pl.coalesce("entry_number", "num").alias("n"), "verdict"]).len().sort(["len", "n", "verdict"], descending=[True, False, False])
    for number, verdict, n in counts.iter_rows():
        if number in by_number or len(by_number) < top:
            by_number.setdefault(number, {})[verdict] = n
    unknown = (
        judged.filter(~pl.col("known")).group_by("digits").agg(pl.len().alias("count"), *(pl.col(c).sort_by("row", "column", "n").first() for c in ("num", "verdict")))
        .rename({"num": "number"})
        .sort(["count", "digits"], descending=[True, False]).head(10)
    )
    return {
        "numbers": judged.height,
        "rows_with_numbers": judged["row"].n_unique(),
        "by_verdict": {v: n for v, n in judged.group_by("verdict").len().sort(["len", "verdict"], descending=[True, False]).iter_rows()},
        "by_number": by_number,
        "top_unknown": unknown.select("number", "count", "verdict").to_dicts(),
    }
