"""The page's sections as plain values, built from report.json (`ReportJson`) and findings.parquet.

report.json is the source of truth; this module only reads it, through its typed model: every
dedicated view reads the keys its step writes (`curation.artifacts.report`). A step that did not
run, was skipped, or left out says so; whatever else a step recorded (the metrics and parameters
no dedicated view draws, and keys a step adds beyond its model) is still shown through `describe`.
Evidence tables come from findings.parquet itself (grouped by check and evidence).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import polars as pl
from pydantic import BaseModel

from curation.artifacts.report import CheckSummary, Cluster, FieldMetrics, Member, ReportJson, SCurve, Template
from curation.findings import SEVERITY_RANK
from curation.report.describe import describe, fmt, is_scalar, table
from curation.report.mask import Masker

MAX_LABEL_VALUES = 30
MAX_CLUSTERS = 10
MAX_MEMBERS_SIDE_BY_SIDE = 4
MAX_MEMBERS = 12
MAX_CLUSTER_TEXT = 600
MAX_TEMPLATES = 10
MAX_EVIDENCE_GROUPS = 30
MAX_PIVOT = (40, 16)  # strata grid: rows x columns drawn as a grid; larger grids become a list
ORDINALS = (("low", "medium", "high", "critical"),)
_PUNCT = re.compile(r"^\W+|\W+$")


def plain(value: Any) -> Any:
    """A model (or dict / list of them) as the JSON values report.json holds, for `describe`."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# -- steps ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """A step's entry in report.json's `checks`, with whether it ran. `metrics` and `params` are the
    step's typed models (None when it did not run)."""

    name: str
    state: str  # "ran" | "skipped" | "missing"
    reason: str | None = None
    metrics: Any = None
    params: Any = None
    wall_s: float | None = None

    @property
    def ran(self) -> bool:
        return self.state == "ran"

    @property
    def status(self) -> str:
        """One sentence for a section whose step did not run."""
        if self.state == "skipped":
            return f"The {self.name} step was skipped: {self.reason}."
        if self.state == "missing":
            return f"The {self.name} step did not run in this audit (it was left out with --skip)."
        return ""


def step(report: ReportJson, name: str) -> Step:
    entry = report.checks.entry(name)
    if entry is None:
        return Step(name, "missing")
    if entry.skipped:
        return Step(name, "skipped", entry.skipped, wall_s=entry.wall_s)
    return Step(name, "ran", None, entry.metrics, entry.params, entry.wall_s)


def rest(metrics: Any, used: set[str]) -> dict[str, Any] | None:
    """What of a step's metrics no dedicated view drew, as a `describe` node (None when nothing is left)."""
    left = {k: v for k, v in (plain(metrics) or {}).items() if k not in used}
    return describe(left) if left else None


# -- charts -----------------------------------------------------------------------------------------


class Charts:
    """Chart specs the page's script draws with Chart.js; each also gets a data table for screen readers."""

    def __init__(self) -> None:
        self.specs: list[dict[str, Any]] = []

    def add(self, kind: str, title: str, labels: list, series: list[dict[str, Any]], *,
            x_title: str = "", y_title: str = "", percent: bool = False) -> dict[str, Any]:
        spec = {
            "id": f"chart-{len(self.specs) + 1}", "kind": kind, "title": title, "labels": [str(x) for x in labels],
            "series": [{"name": s["name"], "data": [_finite(v) for v in s["data"]]} for s in series],
            "x_title": x_title, "y_title": y_title, "percent": percent,
        }
        self.specs.append(spec)
        return spec


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


# -- triage -----------------------------------------------------------------------------------------


def triage(report: ReportJson, shown: dict[tuple[str, str], int]) -> dict[str, Any]:
    """Verdict, counts by severity and the checks that need attention, by share of rows affected."""
    keyed = {f"{c.check}:{c.severity}": c for c in report.by_check}
    order = [k for k in report.needs_attention if k in keyed]
    counts, gate, rows = report.counts, report.gate, report.dataset.rows
    by_sev = counts.by_severity
    return {
        "passed": gate.passed,
        # "never" gates nothing: the verdict says so instead of a green tick over errors
        "state": "fail" if not gate.passed else ("unenforced" if gate.fail_on == "never" and by_sev.get("error") else "pass"),
        "sentence": gate.sentence,
        "fail_on": gate.fail_on,
        "blocking": gate.blocking,
        "findings": counts.findings,
        "severities": [{"name": s, "count": by_sev.get(s, 0)} for s in ("error", "warning", "info")],
        "rows": rows,
        "rows_with_error": counts.rows_with_error,
        "rows_with_any": counts.rows_with_any,
        "share_error": counts.rows_with_error / rows if rows else 0.0,
        "share_any": counts.rows_with_any / rows if rows else 0.0,
        "attention": [_check_entry(keyed[k], shown) for k in order],
        "others": [_check_entry(c, shown) for k, c in keyed.items() if k not in order],
    }


def _check_entry(entry: CheckSummary, shown: dict[tuple[str, str], int]) -> dict[str, Any]:
    """One by_check entry, with how many of its findings the page carries (`shown`)."""
    carried = shown.get((entry.check, entry.severity), 0)
    return {
        "check": entry.check, "severity": entry.severity, "count": entry.count, "rows": entry.rows,
        "share": entry.share, "columns": entry.columns, "description": entry.description,
        "shown": carried, "capped": carried < entry.count,
    }


# -- overview ---------------------------------------------------------------------------------------


def overview(report: ReportJson) -> dict[str, Any]:
    dataset, tool = report.dataset, report.tool
    facts = [
        ("path", dataset.path), ("format", dataset.format), ("rows", dataset.rows),
        ("profile", dataset.profile), ("profile source", dataset.profile_source),
        ("id column", dataset.id_column), ("prompt field", dataset.prompt_field),
        ("text fields", ", ".join(dataset.text_fields) or None),
        ("label fields", ", ".join(dataset.label_fields) or None),
        ("strata", " × ".join(dataset.strata) or None),
        ("sha256", dataset.sha256),
        ("tool", f"{tool.name} {tool.version} (Python {tool.python})"),
        ("report schema", report.schema_version),
    ]
    return {
        "facts": [(k, fmt(v)) for k, v in facts],
        "columns": [{"name": c.name, "dtype": c.dtype, "nulls": fmt(c.nulls)} for c in dataset.columns],
        "parameters": describe(plain(report.parameters)),
        "timing": [(k, f"{v:.3f}") for k, v in report.timing_s.items()],
    }


# -- labels and strata ------------------------------------------------------------------------------


def labels(report: ReportJson, charts: Charts) -> list[dict[str, Any]]:
    out = []
    rows = report.dataset.rows
    for name, entry in report.labels.items():
        if not entry.counts:
            continue
        ordered = sorted(entry.counts.items(), key=lambda kv: -kv[1])
        shown = ordered[:MAX_LABEL_VALUES]
        chart = charts.add("hbar", f"{name}: rows per value", [k for k, _ in shown], [{"name": "rows", "data": [v for _, v in shown]}],
                           x_title="rows")
        out.append({
            "name": name, "chart": chart, "distinct": entry.distinct,
            "top": [(k, fmt(v), v / rows if rows else 0.0) for k, v in shown],
            "more": len(ordered) - len(shown),
        })
    return out


def strata(report: ReportJson) -> dict[str, Any] | None:
    grid = report.strata
    if grid is None or not grid.cells:
        return None
    columns, rare_below = grid.columns, grid.rare_below
    cells = [(tuple("∅" if v is None else v for v in c.values), c.count) for c in grid.cells]
    rare = sorted(((v, n) for v, n in cells if n < rare_below), key=lambda vn: (vn[1], vn[0]))
    base = {"columns": columns, "rare_below": rare_below, "n_cells": len(cells),
            "rare": [(" × ".join(v), n) for v, n in rare]}
    if len(columns) == 2:
        rows_order = _order([v[0] for v, _ in cells], cells, 0)
        cols_order = _order([v[1] for v, _ in cells], cells, 1)
        if len(rows_order) <= MAX_PIVOT[0] and len(cols_order) <= MAX_PIVOT[1]:
            lookup = {v: n for v, n in cells}
            pivot = [
                (r, [{"count": lookup.get((r, c), 0), "rare": 0 < lookup.get((r, c), 0) < rare_below,
                      "empty": (r, c) not in lookup} for c in cols_order],
                 sum(lookup.get((r, c), 0) for c in cols_order))
                for r in rows_order
            ]
            return {**base, "kind": "pivot", "row_values": rows_order, "col_values": cols_order, "pivot": pivot}
    listed = sorted(cells, key=lambda vn: (vn[1], vn[0]))[:60]
    return {**base, "kind": "list", "cells": [(" × ".join(v), n, n < rare_below) for v, n in listed], "more": len(cells) - len(listed)}


def label_in_prompt(report: ReportJson) -> dict[str, Any]:
    """Per label field: the rows whose prompt states their own label, and the phrases found."""
    found = step(report, "label_in_prompt")
    if not found.ran:
        return {"step": found, "prompt_field": None, "fields": [], "rows": None, "share": None}
    rows = [{"field": name, "rows": entry.rows, "share": entry.share, "phrases": [(p.phrase, fmt(p.rows)) for p in entry.phrases]}
            for name, entry in found.metrics.fields.items()]
    return {"step": found, "prompt_field": found.params.prompt_field, "fields": rows,
            "rows": found.metrics.rows, "share": found.metrics.share}


def _order(values: list[str], cells: list[tuple[tuple, int]], axis: int) -> list[str]:
    """Axis values in their natural order when they are ordinal (low < ... < critical), else by rows."""
    distinct = list(dict.fromkeys(values))
    totals: dict[str, int] = {}
    for v, n in cells:
        totals[v[axis]] = totals.get(v[axis], 0) + n
    by_rows = sorted(distinct, key=lambda v: (-totals[v], v))
    for scale in ORDINALS:
        ordinal = [v for v in scale if v in distinct]
        if len(ordinal) * 2 >= len(distinct):  # mostly ordinal: the scale first, stray values after
            return ordinal + [v for v in by_rows if v not in scale]
    return by_rows


# -- text lengths -----------------------------------------------------------------------------------

LENGTH_STATS = ("min", "p5", "median", "mean", "p95", "p99", "max")


def lengths(report: ReportJson, charts: Charts) -> list[dict[str, Any]]:
    out = []
    for name, metrics in report.fields.items():
        chars, words = metrics.chars, metrics.words
        if chars is None:
            continue
        stats = [(k, fmt(getattr(chars, k)), fmt(getattr(words, k) if words else None)) for k in LENGTH_STATS]
        hist, chart = chars.histogram, None
        if hist is not None and hist.counts and len(hist.edges) == len(hist.counts) + 1:
            bins = [f"{hist.edges[i]:.0f}–{hist.edges[i + 1]:.0f}" for i in range(len(hist.counts))]
            chart = charts.add("bar", f"{name}: length in characters", bins, [{"name": "rows", "data": hist.counts}],
                               x_title="characters", y_title="rows")
        out.append({"name": name, "stats": stats, "chart": chart, "clipped_at": hist.clipped_at if hist else None,
                    "distinct": fmt(metrics.distinct), "nulls": fmt(metrics.nulls)})
    return out


# -- duplicates -------------------------------------------------------------------------------------

# The per-field figures the exact and near steps write into report.json `fields[F]`.
DUPLICATE_FIGURES = tuple(name for name in FieldMetrics.model_fields if name.startswith(("exact_", "near_")))


def duplicates(report: ReportJson, masker: Masker, charts: Charts) -> dict[str, Any]:
    exact, near, conflicts = step(report, "exact"), step(report, "near"), step(report, "labels")
    return {
        "exact": exact, "near": near, "conflicts": conflicts,
        "per_field": _field_table(report),
        "exact_clusters": clusters(exact.metrics.largest_clusters, masker) if exact.ran else [],
        "near_clusters": clusters(near.metrics.largest_clusters, masker) if near.ran else [],
        "s_curve": s_curve(near.metrics.s_curve, charts) if near.ran else None,
        "near_params": describe(plain(near.params)) if near.ran else None,
        # the steps' per-field figures are in the table above
        "exact_rest": rest(exact.metrics, {"largest_clusters", "fields"}) if exact.ran else None,
        "near_rest": rest(near.metrics, {"largest_clusters", "s_curve"}) if near.ran else None,
        "conflicts_view": describe(plain(conflicts.metrics)) if conflicts.ran and conflicts.metrics else None,
    }


def _field_table(report: ReportJson) -> dict[str, Any] | None:
    """Per field, the duplicate figures (DUPLICATE_FIGURES) and any scalar a step added beyond
    FieldMetrics: one row per figure, one column per field (a dozen figures read down, not across)."""
    values = {name: {k: getattr(m, k) for k in DUPLICATE_FIGURES if getattr(m, k) is not None}
              | {k: v for k, v in (m.model_extra or {}).items() if is_scalar(v)} for name, m in report.fields.items()}
    values = {name: v for name, v in values.items() if v}
    keys = list(dict.fromkeys(k for v in values.values() for k in v))
    if not keys:
        return None
    return {"fields": list(values), "rows": [(k.replace("_", " "), [fmt(v.get(k)) for v in values.values()]) for k in keys]}


def clusters(items: list[Cluster], masker: Masker) -> list[dict[str, Any]]:
    """The largest clusters: representative and members side by side, differing words marked."""
    return [_cluster_view(Cluster.model_validate(masker.deep(c.model_dump()))) for c in items[:MAX_CLUSTERS]]


def _cluster_view(cluster: Cluster) -> dict[str, Any]:
    rep = _member(cluster.representative)
    members = [_member(m) for m in cluster.members if m.row != cluster.representative.row]
    pairs, identical = [], []
    for m in members[:MAX_MEMBERS]:
        left, right = word_diff(rep["text"], m["text"])
        if not any(changed for _, changed in left + right):
            identical.append(m)  # exact duplicates: listed once, not drawn side by side
        elif len(pairs) < MAX_MEMBERS_SIDE_BY_SIDE:
            pairs.append({"member": m, "left": left, "right": right})
    return {
        "id": cluster.cluster, "size": cluster.size, "rep": rep, "pairs": pairs, "identical": identical,
        "more": [m for m in members[:MAX_MEMBERS] if m not in identical and all(m is not p["member"] for p in pairs)],
        "left_out": max(cluster.size - 1 - min(len(members), MAX_MEMBERS), 0),
    }


def _member(member: Member) -> dict[str, Any]:
    return {"row": member.row, "text": _clip(member.text or ""),
            "similarity": fmt(member.similarity) if member.similarity is not None else None}


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CLUSTER_TEXT else text[:MAX_CLUSTER_TEXT] + " …"


def word_diff(a: str, b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts as (words, differs) runs: words compared with case and edge punctuation folded."""
    wa, wb = a.split(), b.split()
    key = lambda w: _PUNCT.sub("", w.lower())
    matcher = difflib.SequenceMatcher(None, [key(w) for w in wa], [key(w) for w in wb], autojunk=False)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            left.append((" ".join(wa[i1:i2]), op != "equal"))
        if j2 > j1:
            right.append((" ".join(wb[j1:j2]), op != "equal"))
    return left, right


def s_curve(curve: SCurve, charts: Charts) -> dict[str, Any] | None:
    """LSH's probability of becoming a candidate pair against Jaccard similarity."""
    if not curve.jaccard:
        return None
    chart = charts.add("line", "Near duplicates: chance LSH proposes a pair for verification, by the Jaccard of their word-shingle sets",
                       [f"{x:.2f}" for x in curve.jaccard], [{"name": "P(candidate)", "data": curve.probability}],
                       x_title="word-shingle Jaccard", y_title="probability")
    return {"chart": chart}


# -- templates --------------------------------------------------------------------------------------

SLOT = re.compile(r"(\{[a-z_]+\})")  # a masked slot of a template pattern (curation.templates): {num}, {risk_type}


def templates(report: ReportJson, masker: Masker, charts: Charts) -> dict[str, Any]:
    tpl = step(report, "templates")
    per_field = []
    for name, metrics in report.fields.items():
        if metrics.template_share is None:
            continue
        top = [Template.model_validate(masker.deep(t.model_dump())) for t in (metrics.top or [])[:MAX_TEMPLATES]]
        per_field.append({"name": name, "share": metrics.template_share, "distinct": metrics.distinct_templates,
                          "top": [_template_view(t) for t in top]})
    chart = None
    if per_field:
        chart = charts.add("bar", "Share of rows whose text is a stock template, per field", [f["name"] for f in per_field],
                           [{"name": "template share", "data": [f["share"] for f in per_field]}], y_title="share of rows", percent=True)
    # the step's per-field summary is what fields[F] holds, drawn above
    return {"step": tpl, "fields": per_field, "chart": chart, "rest": rest(tpl.metrics, {"fields"}) if tpl.ran else None}


def _template_view(t: Template) -> dict[str, Any]:
    return {
        "pattern": [(part, bool(SLOT.fullmatch(part))) for part in SLOT.split(_clip(t.pattern)) if part],
        "rows": fmt(t.rows), "share": t.share,
        "example": _clip(t.example) if t.example is not None else None, "example_row": t.example_row,
    }


# -- facts: legal citations, helplines, placeholders, PII, leakage ----------------------------------


FAMILIES = ("legal", "helpline", "placeholder", "pii", "leak", "leak_labels")  # check families with evidence tables
# Label conflicts across files are shown with the leakage they come with, apart from duplicates'.
CROSS_LABELS = "label.conflict.against"


def evidence_groups(findings: pl.DataFrame, masker: Masker) -> dict[str, list[dict[str, Any]]]:
    """Findings of each family in FAMILIES grouped by check and evidence: how many rows, the first
    one, the suggestion — e.g. every row citing "IPC Section 498A" in one line. One pass over all."""
    if findings.height == 0:
        return {name: [] for name in FAMILIES}
    family = pl.when(pl.col("check").str.starts_with(CROSS_LABELS)).then(pl.lit("leak_labels")).otherwise(pl.col("check").str.split(".").list.first())
    keys = ["family", "check", "severity", "evidence"]
    tagged = findings.with_columns(family.alias("family")).filter(pl.col("family").is_in(FAMILIES))
    # Count every group cheaply, keep the largest per family, and only then aggregate their details.
    top = (
        tagged.group_by(keys).agg(pl.len().alias("count"))
        .with_columns(pl.col("severity").replace_strict(SEVERITY_RANK, default=-1, return_dtype=pl.Int8).alias("_rank"))
        .sort(["family", "_rank", "count", "check", "evidence"], descending=[False, True, True, False, False], nulls_last=True)
        .filter(pl.int_range(pl.len()).over("family") < MAX_EVIDENCE_GROUPS)
        .with_columns(pl.int_range(pl.len()).alias("_order"))
    )
    details = (
        tagged.join(top.select(keys), on=keys, how="semi", nulls_equal=True)
        .group_by(keys)
        .agg(pl.col("row").drop_nulls().n_unique().alias("rows"), pl.col("row").min().alias("first_row"),
             pl.col("column").drop_nulls().unique().sort().alias("columns"),
             pl.col("suggestion").drop_nulls().first().alias("suggestion"), pl.col("message").first().alias("message"))
    )
    grouped = top.join(details, on=keys, how="left", nulls_equal=True).sort("_order").drop("_rank", "_order")
    grouped = masker.frame(grouped)
    return {name: grouped.filter(pl.col("family") == name).drop("family").to_dicts() for name in FAMILIES}


def facts(report: ReportJson, groups: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Legal citations per act and verdict, helplines per number and verdict, with their evidence."""
    legal, helplines = step(report, "legal"), step(report, "helplines")
    legal_counts = {"citations", "rows_with_citations"}
    helpline_counts = {"numbers", "rows_with_numbers"}
    return {
        "legal": legal, "helplines": helplines,
        "by_act": verdict_table(legal.metrics.by_act) if legal.ran else None,
        "by_number": verdict_table(helplines.metrics.by_number) if helplines.ran else None,
        "legal_summary": _counts(legal.metrics, legal_counts) if legal.ran else [],
        "helpline_summary": _counts(helplines.metrics, helpline_counts) if helplines.ran else [],
        "legal_rest": rest(legal.metrics, {"by_act"} | legal_counts) if legal.ran else None,
        "helplines_rest": rest(helplines.metrics, {"by_number"} | helpline_counts) if helplines.ran else None,
        "legal_evidence": groups["legal"],
        "helpline_evidence": groups["helpline"],
    }


def verdict_table(counts: dict[str, dict[str, int]]) -> dict[str, Any] | None:
    """{"BNS": {"verified": 586, "legal.repealed": 3}, ...} -> a table, a row per act (or number), the
    verdicts as columns with `verified` first."""
    if not counts:
        return None
    verdicts = list(dict.fromkeys(k for v in counts.values() for k in v))
    verdicts.sort(key=lambda v: (v != "verified", v))
    return table([{"": name, **{v: by.get(v, 0) for v in verdicts}} for name, by in counts.items()])


def _counts(metrics: BaseModel, names: set[str]) -> list[tuple[str, str]]:
    return [(k, fmt(v)) for k, v in plain(metrics).items() if k in names]


def pii(report: ReportJson, groups: dict[str, list[dict[str, Any]]], masker: Masker) -> dict[str, Any]:
    patterns = step(report, "patterns")
    return {
        "step": patterns, "masked": masker.enabled,
        "view": describe(masker.deep(plain(patterns.metrics))) if patterns.ran else None,
        "placeholder_evidence": groups["placeholder"],
        "pii_evidence": groups["pii"],
    }


def leakage(report: ReportJson, groups: dict[str, list[dict[str, Any]]], masker: Masker) -> dict[str, Any]:
    leak = step(report, "leakage")
    return {
        "step": leak, "against": report.parameters.against,
        "view": describe(masker.deep(plain(leak.metrics))) if leak.ran else None,
        "evidence": groups["leak"],
        "label_evidence": groups["leak_labels"],
    }
