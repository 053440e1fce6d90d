"""The page's sections as plain values, built from report.json (and findings.parquet).

report.json is the source of truth; this module only reads it. Each audit step is written on its
own and its metrics may grow, so every section reads them defensively: a step that did not run, or
was skipped, says so; the figures a section has a dedicated view for are drawn as such, and the rest
of a step's metrics are still shown through `describe`. Evidence tables come from findings.parquet
itself (grouped by check and evidence), so they do not depend on any step's metric names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import polars as pl

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


# -- steps ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    state: str  # "ran" | "skipped" | "missing"
    reason: str | None = None
    metrics: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
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
            return f"The {self.name} step did not run in this audit (no '{self.name}' entry in report.json's checks)."
        return ""


def step(report: dict, *names: str) -> Step:
    """The first of `names` present in report.json's `checks` (step names may vary between versions)."""
    checks = report.get("checks") or {}
    for name in names:
        entry = checks.get(name)
        if isinstance(entry, dict):
            metrics = entry.get("metrics") if isinstance(entry.get("metrics"), dict) else {}
            params = entry.get("params") if isinstance(entry.get("params"), dict) else {}
            skipped = entry.get("skipped")
            return Step(name, "skipped" if skipped else "ran", skipped, metrics, params, entry.get("wall_s"))
    return Step(names[0], "missing")


def first(mapping: Any, *keys: str, default: Any = None) -> Any:
    """The value of the first key present (and not None) in `mapping`."""
    if isinstance(mapping, dict):
        for key in keys:
            if mapping.get(key) is not None:
                return mapping[key]
    return default


def rest(metrics: dict, used: set[str]) -> dict[str, Any] | None:
    """Metrics no dedicated view drew, as a `describe` node (None when nothing is left)."""
    left = {k: v for k, v in metrics.items() if k not in used}
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


def triage(report: dict, shown: dict[tuple[str, str], int]) -> dict[str, Any]:
    """Verdict, counts by severity and the checks that need attention, by share of rows affected."""
    by_check = [c for c in report.get("by_check") or [] if isinstance(c, dict)]
    keyed = {f"{c.get('check')}:{c.get('severity')}": c for c in by_check}
    order = [k for k in report.get("needs_attention") or [] if k in keyed]
    if not order:  # an older report without the list: errors and warnings by share of rows
        order = [k for k, c in keyed.items() if c.get("severity") in ("error", "warning")]
        order.sort(key=lambda k: (-(keyed[k].get("share") or 0), -SEVERITY_RANK.get(keyed[k].get("severity"), 0)))
    entries = [_check_entry(keyed[k], shown) for k in order]
    others = [_check_entry(c, shown) for k, c in keyed.items() if k not in order]
    counts = report.get("counts") or {}
    rows = (report.get("dataset") or {}).get("rows") or 0
    by_sev = counts.get("by_severity") or {}
    gate = report.get("gate") or {}
    return {
        "passed": bool(gate.get("passed")),
        # "never" gates nothing: the verdict says so instead of a green tick over errors
        "state": "fail" if not gate.get("passed") else ("unenforced" if gate.get("fail_on") == "never" and by_sev.get("error") else "pass"),
        "sentence": gate.get("sentence") or ("Passed the gate." if gate.get("passed") else "Failed the gate."),
        "fail_on": gate.get("fail_on", "error"),
        "blocking": gate.get("blocking"),
        "findings": counts.get("findings", sum(c.get("count", 0) for c in by_check)),
        "severities": [{"name": s, "count": int(by_sev.get(s, 0) or 0)} for s in ("error", "warning", "info")],
        "rows": rows,
        "rows_with_error": counts.get("rows_with_error"),
        "rows_with_any": counts.get("rows_with_any"),
        "share_error": (counts.get("rows_with_error") or 0) / rows if rows else 0.0,
        "share_any": (counts.get("rows_with_any") or 0) / rows if rows else 0.0,
        "attention": entries,
        "others": others,
    }


def _check_entry(entry: dict, shown: dict[tuple[str, str], int]) -> dict[str, Any]:
    """One by_check entry, with how many of its findings the page carries (`shown`)."""
    key = (entry.get("check"), entry.get("severity"))
    count = int(entry.get("count") or 0)
    return {
        "check": entry.get("check"), "severity": entry.get("severity"),
        "count": count, "rows": int(entry.get("rows") or 0),
        "share": float(entry.get("share") or 0.0), "columns": entry.get("columns") or [],
        "description": entry.get("description") or "", "shown": shown.get(key, 0), "capped": shown.get(key, 0) < count,
    }


# -- overview ---------------------------------------------------------------------------------------


def overview(report: dict) -> dict[str, Any]:
    dataset = report.get("dataset") or {}
    tool = report.get("tool") or {}
    timing = report.get("timing_s") or {}
    facts = [
        ("path", dataset.get("path")), ("format", dataset.get("format")), ("rows", dataset.get("rows")),
        ("profile", dataset.get("profile")), ("profile source", dataset.get("profile_source")),
        ("id column", dataset.get("id_column")), ("prompt field", dataset.get("prompt_field")),
        ("text fields", ", ".join(dataset.get("text_fields") or []) or None),
        ("label fields", ", ".join(dataset.get("label_fields") or []) or None),
        ("strata", " × ".join(dataset.get("strata") or []) or None),
        ("sha256", dataset.get("sha256")),
        ("tool", f"{tool.get('name', 'curate')} {tool.get('version', '?')} (Python {tool.get('python', '?')})"),
        ("report schema", report.get("schema_version")),
    ]
    columns = [c for c in dataset.get("columns") or [] if isinstance(c, dict)]
    return {
        "facts": [(k, fmt(v)) for k, v in facts],
        "columns": [{"name": c.get("name"), "dtype": c.get("dtype"), "nulls": fmt(c.get("nulls"))} for c in columns],
        "parameters": describe(report.get("parameters") or {}),
        "timing": [(k, f"{float(v):.3f}") for k, v in timing.items() if isinstance(v, (int, float))],
    }


# -- labels and strata ------------------------------------------------------------------------------


def labels(report: dict, charts: Charts) -> list[dict[str, Any]]:
    out = []
    rows = (report.get("dataset") or {}).get("rows") or 0
    for name, entry in (report.get("labels") or {}).items():
        counts = first(entry, "counts", default={}) if isinstance(entry, dict) else {}
        if not isinstance(counts, dict) or not counts:
            continue
        ordered = sorted(counts.items(), key=lambda kv: -kv[1])
        shown = ordered[:MAX_LABEL_VALUES]
        chart = charts.add("hbar", f"{name}: rows per value", [k for k, _ in shown], [{"name": "rows", "data": [v for _, v in shown]}],
                           x_title="rows")
        out.append({
            "name": name, "chart": chart, "distinct": first(entry, "distinct", default=len(counts)),
            "top": [(k, fmt(v), v / rows if rows else 0.0) for k, v in shown],
            "more": len(ordered) - len(shown),
        })
    return out


def strata(report: dict) -> dict[str, Any] | None:
    grid = report.get("strata")
    if not isinstance(grid, dict) or not grid.get("cells"):
        return None
    columns = grid.get("columns") or []
    rare_below = int(grid.get("rare_below") or 0)
    cells = [(tuple("∅" if v is None else str(v) for v in c.get("values") or []), int(c.get("count") or 0))
             for c in grid["cells"] if isinstance(c, dict)]
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


def label_in_prompt(report: dict) -> dict[str, Any]:
    """Per label field: the rows whose prompt states their own label, and the phrases found."""
    found = step(report, "label_in_prompt")
    fields = found.metrics.get("fields") if isinstance(found.metrics.get("fields"), dict) else {}
    rows = []
    for name, entry in fields.items():
        if not isinstance(entry, dict):
            continue
        phrases = [p for p in entry.get("phrases") or [] if isinstance(p, dict)]
        rows.append({"field": name, "rows": entry.get("rows"), "share": float(entry.get("share") or 0.0),
                     "phrases": [(p.get("phrase"), fmt(p.get("rows"))) for p in phrases]})
    return {"step": found, "prompt_field": found.params.get("prompt_field"), "fields": rows,
            "rows": found.metrics.get("rows"), "share": found.metrics.get("share")}


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


def lengths(report: dict, charts: Charts) -> list[dict[str, Any]]:
    out = []
    for name, metrics in (report.get("fields") or {}).items():
        if not isinstance(metrics, dict) or not isinstance(metrics.get("chars"), dict):
            continue
        chars, words = metrics["chars"], metrics.get("words") or {}
        stats = [(k, fmt(chars.get(k)), fmt(words.get(k))) for k in ("min", "p5", "median", "mean", "p95", "p99", "max")]
        hist = chars.get("histogram") or {}
        edges, counts = hist.get("edges") or [], hist.get("counts") or []
        chart = None
        if counts and len(edges) == len(counts) + 1:
            bins = [f"{edges[i]:.0f}–{edges[i + 1]:.0f}" for i in range(len(counts))]
            chart = charts.add("bar", f"{name}: length in characters", bins, [{"name": "rows", "data": counts}],
                               x_title="characters", y_title="rows")
        out.append({"name": name, "stats": stats, "chart": chart, "clipped_at": hist.get("clipped_at"),
                    "distinct": fmt(metrics.get("distinct")), "nulls": fmt(metrics.get("nulls"))})
    return out


# -- duplicates -------------------------------------------------------------------------------------

CLUSTER_KEYS = ("largest_clusters", "top_clusters", "clusters", "largest")
S_CURVE_KEYS = ("s_curve", "scurve", "s-curve")
DUPLICATE_FIELD_KEY = re.compile(r"dup|exact|near|cluster", re.IGNORECASE)


def duplicates(report: dict, masker: Masker, charts: Charts) -> dict[str, Any]:
    exact, near, conflicts = step(report, "exact", "duplicates"), step(report, "near"), step(report, "labels")
    per_field = _field_table(report, DUPLICATE_FIELD_KEY)
    shown = {"fields"} if per_field else set()  # the steps' own per-field figures are in that table
    return {
        "exact": exact, "near": near, "conflicts": conflicts,
        "per_field": per_field,
        "exact_clusters": clusters(exact.metrics, masker),
        "near_clusters": clusters(near.metrics, masker),
        "s_curve": s_curve(near.metrics, near.params, charts),
        "near_params": describe(near.params) if near.params else None,
        "exact_rest": rest(exact.metrics, _listed(exact.metrics, CLUSTER_KEYS) | shown),
        "near_rest": rest(near.metrics, _listed(near.metrics, CLUSTER_KEYS + S_CURVE_KEYS) | shown),
        "conflicts_view": describe(conflicts.metrics) if conflicts.metrics else None,
    }


def _listed(metrics: dict, keys: tuple[str, ...]) -> set[str]:
    """The keys among `keys` whose values a dedicated view draws (lists and maps, not counts)."""
    return {k for k in keys if isinstance(metrics.get(k), (list, dict))}


def _field_table(report: dict, pattern: re.Pattern) -> dict[str, Any] | None:
    """Per text field, the scalar figures whose names match `pattern` (what the dedup steps add)."""
    fields = {k: v for k, v in (report.get("fields") or {}).items() if isinstance(v, dict)}
    keys = list(dict.fromkeys(k for m in fields.values() for k, v in m.items() if pattern.search(k) and is_scalar(v)))
    if not keys:
        return None
    names = [name for name, m in fields.items() if any(k in m for k in keys)]
    # one row per figure, one column per field: a dozen figures read down, not across a scroll
    return {"fields": names, "rows": [(k.replace("_", " "), [fmt(fields[name].get(k)) for name in names]) for k in keys]}


def clusters(metrics: dict, masker: Masker) -> list[dict[str, Any]]:
    """The largest clusters: representative and members side by side, differing words marked."""
    items = first(metrics, *CLUSTER_KEYS, default=[])
    if isinstance(items, dict):  # {cluster_id: {...}}
        items = [{"cluster": k, **v} for k, v in items.items() if isinstance(v, dict)]
    if not isinstance(items, list):
        return []
    items = masker.deep([c for c in items[:MAX_CLUSTERS] if isinstance(c, dict)])
    return [_cluster_view(c) for c in items]


def _cluster_view(cluster: dict) -> dict[str, Any]:
    rep_raw = first(cluster, "representative", "rep", "representative_text", "text")
    rep = _member(rep_raw) if rep_raw is not None else None
    raw_members = first(cluster, "members", "examples", "texts", "rows", default=[])
    members = [_member(m) for m in raw_members if isinstance(m, (str, dict))] if isinstance(raw_members, list) else []
    if rep is None and members:
        rep, members = members[0], members[1:]
    if rep is not None:
        members = [m for m in members if not (m["row"] is not None and m["row"] == rep["row"])]
    pairs, identical = [], []
    for m in members[:MAX_MEMBERS]:
        left, right = word_diff(rep["text"], m["text"]) if rep else ([], [(m["text"], False)])
        if rep and not any(changed for _, changed in left + right):
            identical.append(m)  # exact duplicates: listed once, not drawn side by side
        elif len(pairs) < MAX_MEMBERS_SIDE_BY_SIDE:
            pairs.append({"member": m, "left": left, "right": right})
    size = first(cluster, "size", "n", "count", "rows_in_cluster")
    if not isinstance(size, (int, float)):
        size = len(members) + (1 if rep else 0)
    extra = {k: v for k, v in cluster.items() if is_scalar(v) and k not in
             ("cluster", "id", "size", "n", "count", "representative", "rep", "representative_text", "text")}
    return {
        "id": first(cluster, "cluster", "id", "cluster_id"), "size": int(size), "rep": rep, "pairs": pairs,
        "identical": identical,
        "more": [m for m in members[:MAX_MEMBERS] if m not in identical and all(m is not p["member"] for p in pairs)],
        "left_out": max(int(size) - 1 - min(len(members), MAX_MEMBERS), 0) if rep else 0,
        "extra": [(k, fmt(v)) for k, v in extra.items()],
    }


def _member(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        text = first(value, "text", "value", "scenario", "prompt", default="")
        similarity = first(value, "jaccard", "similarity", "score")
        return {"row": value.get("row"), "id": value.get("id"), "text": _clip(str(text)),
                "similarity": fmt(similarity) if similarity is not None else None}
    return {"row": None, "id": None, "text": _clip(str(value)), "similarity": None}


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


def s_curve(metrics: dict, params: dict, charts: Charts) -> dict[str, Any] | None:
    """LSH's probability of becoming a candidate pair against Jaccard similarity, when reported."""
    raw = first(metrics, *S_CURVE_KEYS, default=None) or first(params, *S_CURVE_KEYS, default=None)
    xs, ys = _xy(raw)
    if not xs:
        return None
    chart = charts.add("line", "Near duplicates: chance LSH proposes a pair for verification, by the Jaccard of their word-shingle sets",
                       [f"{x:.2f}" for x in xs], [{"name": "P(candidate)", "data": ys}],
                       x_title="word-shingle Jaccard", y_title="probability")
    return {"chart": chart}


def _xy(raw: Any) -> tuple[list[float], list[float]]:
    """(x, y) from {"jaccard": [...], "probability": [...]}, [[x, y], ...] or [{"x":..,"y":..}, ...]."""
    try:
        if isinstance(raw, dict):
            lists = [v for v in raw.values() if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v)]
            if len(lists) >= 2 and len(lists[0]) == len(lists[1]):
                return [float(x) for x in lists[0]], [float(y) for y in lists[1]]
        if isinstance(raw, list) and raw:
            if all(isinstance(p, (list, tuple)) and len(p) >= 2 for p in raw):
                return [float(p[0]) for p in raw], [float(p[1]) for p in raw]
            if all(isinstance(p, dict) for p in raw):
                numeric = [k for k, v in raw[0].items() if isinstance(v, (int, float))]
                if len(numeric) >= 2:
                    return [float(p[numeric[0]]) for p in raw], [float(p[numeric[1]]) for p in raw]
    except (TypeError, ValueError, KeyError):
        pass
    return [], []


# -- templates --------------------------------------------------------------------------------------

SHARE_KEYS = ("template_share", "tpl_share", "templated_share")
DISTINCT_KEYS = ("distinct_templates", "templates_distinct", "n_templates")
TOP_KEYS = ("top_templates", "templates", "top")
SLOT = re.compile(r"(<[A-Z_]+>|\{[a-z_]+\}|⟨[^⟩]*⟩|\[[A-Z_]+\])")


def templates(report: dict, masker: Masker, charts: Charts) -> dict[str, Any]:
    tpl = step(report, "templates", "template")
    per_field = []
    for name, metrics in (report.get("fields") or {}).items():
        if not isinstance(metrics, dict):
            continue
        share, distinct = first(metrics, *SHARE_KEYS), first(metrics, *DISTINCT_KEYS)
        top = first(metrics, *TOP_KEYS, default=[])
        if share is None and distinct is None and not top:
            continue
        top = masker.deep([t for t in top if isinstance(t, dict)][:MAX_TEMPLATES]) if isinstance(top, list) else []
        per_field.append({"name": name, "share": share, "distinct": distinct, "top": [_template_view(t) for t in top]})
    chart = None
    shares = [(f["name"], f["share"]) for f in per_field if isinstance(f["share"], (int, float))]
    if shares:
        chart = charts.add("bar", "Share of rows whose text is a stock template, per field", [n for n, _ in shares],
                           [{"name": "template share", "data": [s for _, s in shares]}], y_title="share of rows", percent=True)
    return {"step": tpl, "fields": per_field, "chart": chart, "rest": rest(tpl.metrics, set())}


def _template_view(t: dict) -> dict[str, Any]:
    pattern = str(first(t, "pattern", "template", "text", default=""))
    example = first(t, "example", "example_text", "sample")
    if isinstance(example, dict):
        example_row, example = example.get("row"), first(example, "text", "value", default="")
    else:
        example_row = first(t, "example_row", "row")
    return {
        "pattern": [(part, bool(SLOT.fullmatch(part))) for part in SLOT.split(_clip(pattern)) if part],
        "rows": fmt(first(t, "rows", "count", "n")), "share": first(t, "share"),
        "example": _clip(str(example)) if example is not None else None, "example_row": example_row,
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


def facts(report: dict, groups: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Legal citations per act and verdict, helplines per number and verdict, with their evidence."""
    legal, helplines = step(report, "legal"), step(report, "helplines", "helpline")
    by_act, act_key = verdict_table(legal.metrics, "by_act", "acts")
    by_number, number_key = verdict_table(helplines.metrics, "by_number", "numbers_by_verdict")
    return {
        "legal": legal, "helplines": helplines,
        "by_act": by_act, "by_number": by_number,
        "legal_summary": _scalars(legal.metrics), "helpline_summary": _scalars(helplines.metrics),
        "legal_rest": rest(legal.metrics, {act_key} | set(_scalar_keys(legal.metrics))),
        "helplines_rest": rest(helplines.metrics, {number_key} | set(_scalar_keys(helplines.metrics))),
        "legal_evidence": groups["legal"],
        "helpline_evidence": groups["helpline"],
    }


def verdict_table(metrics: dict, *keys: str) -> tuple[dict[str, Any] | None, str]:
    """{"BNS": {"verified": 586, "legal.repealed": 3}, ...} -> a table, a row per act (or number), the
    verdicts as columns with `verified` first; the key it was read from."""
    for key in keys:
        value = metrics.get(key)
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            verdicts = list(dict.fromkeys(k for v in value.values() for k in v))
            verdicts.sort(key=lambda v: (v != "verified", v))
            records = [{"": name, **{v: counts.get(v, 0) for v in verdicts}} for name, counts in value.items()]
            return table(records), key
    return None, ""


def _scalar_keys(metrics: dict) -> list[str]:
    return [k for k, v in metrics.items() if is_scalar(v)]


def _scalars(metrics: dict) -> list[tuple[str, str]]:
    return [(k, fmt(metrics[k])) for k in _scalar_keys(metrics)]


def pii(report: dict, groups: dict[str, list[dict[str, Any]]], masker: Masker) -> dict[str, Any]:
    patterns = step(report, "patterns", "pii", "placeholders")
    return {
        "step": patterns, "masked": masker.enabled,
        "view": describe(masker.deep(patterns.metrics)) if patterns.metrics else None,
        "placeholder_evidence": groups["placeholder"],
        "pii_evidence": groups["pii"],
    }


def leakage(report: dict, groups: dict[str, list[dict[str, Any]]], masker: Masker) -> dict[str, Any]:
    leak = step(report, "leakage", "leak")
    against = (report.get("parameters") or {}).get("against") or []
    return {
        "step": leak, "against": against,
        "view": describe(masker.deep(leak.metrics)) if leak.metrics else None,
        "evidence": groups["leak"],
        "label_evidence": groups["leak_labels"],
    }
