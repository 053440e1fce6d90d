"""`curate diff`: what curation changed, from two audits' report.json (before and after).

Compares counts and metrics — rows, the gate, findings by severity and by check, per-field
duplicate and template figures, label shares, every numeric step metric — and renders the result as
a small self-contained HTML page (the console tables are the CLI's: curation/cli/diff.py). Nothing
is recomputed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from curation.artifacts.report import ReportJson
from curation.findings import SEVERITIES

FIELD_KEYS = re.compile(r"dup|exact|near|template|distinct|cluster", re.IGNORECASE)
MAX_LABEL_VALUES = 30
MAX_METRIC_DEPTH = 3


@dataclass(frozen=True)
class Change:
    """One figure, before and after."""

    name: str
    old: Any
    new: Any
    better: str = ""  # "lower" or "higher" when the direction of improvement is known
    share: bool = False  # a share of rows: printed as a percentage, its change in percentage points

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def delta(self) -> float | None:
        if _number(self.old) and _number(self.new):
            return self.new - self.old
        return None

    @property
    def verdict(self) -> str:
        """"better", "worse" or "" (unchanged, or no known direction of improvement)."""
        if not self.changed or not self.better:
            return ""
        if isinstance(self.old, bool) or isinstance(self.new, bool):
            improved = bool(self.new) if self.better == "higher" else not self.new
        elif self.delta is None:
            return ""
        else:
            improved = self.delta > 0 if self.better == "higher" else self.delta < 0
        return "better" if improved else "worse"


@dataclass
class Section:
    title: str
    changes: list[Change] = field(default_factory=list)
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.changed]


@dataclass
class Diff:
    old: dict[str, Any]  # dataset summary: path, sha256, rows, profile, tool version
    new: dict[str, Any]
    sections: list[Section]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "old": self.old,
            "new": self.new,
            "notes": self.notes,
            "sections": [
                {"title": s.title, "changes": [{"name": c.name, "old": c.old, "new": c.new, "delta": c.delta, "verdict": c.verdict}
                                               for c in s.changes]}
                for s in self.sections
            ],
        }


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def diff_reports(old: ReportJson, new: ReportJson) -> Diff:
    """Compare two audits' report.json (old = before curation, new = after)."""
    return Diff(
        old=_summary(old), new=_summary(new),
        sections=[_dataset(old, new), _gate(old, new), _severities(old, new), _checks(old, new),
                  _fields(old, new), _labels(old, new), _metrics(old, new)],
        notes=_notes(old, new),
    )


def _summary(report: ReportJson) -> dict[str, Any]:
    dataset = report.dataset
    return {"path": dataset.path, "sha256": dataset.sha256, "rows": dataset.rows, "profile": dataset.profile, "tool": report.tool.version}


def _dataset(old: ReportJson, new: ReportJson) -> Section:
    o, n = old.dataset, new.dataset
    return Section("Dataset", [
        Change("rows", o.rows, n.rows),
        Change("columns", len(o.columns), len(n.columns)),
        Change("profile", o.profile, n.profile),
        Change("sha256", (o.sha256 or "")[:12], (n.sha256 or "")[:12]),
    ])


def _share(count: int, rows: int) -> float | None:
    return round(count / rows, 6) if rows else None


def _gate(old: ReportJson, new: ReportJson) -> Section:
    og, ng, oc, nc = old.gate, new.gate, old.counts, new.counts
    orows, nrows = old.dataset.rows, new.dataset.rows
    return Section("Gate", [
        Change("passed", og.passed, ng.passed, "higher"),
        Change(f"blocking findings (--fail-on {ng.fail_on})", og.blocking, ng.blocking, "lower"),
        Change("rows with an error", oc.rows_with_error, nc.rows_with_error, "lower"),
        Change("share of rows with an error", _share(oc.rows_with_error, orows), _share(nc.rows_with_error, nrows), "lower", share=True),
        Change("rows with an error or warning", oc.rows_with_any, nc.rows_with_any, "lower"),
        Change("share of rows with an error or warning", _share(oc.rows_with_any, orows), _share(nc.rows_with_any, nrows), "lower", share=True),
    ], notes=(f"before: {og.sentence}", f"after: {ng.sentence}"))


def _severities(old: ReportJson, new: ReportJson) -> Section:
    ob, nb = old.counts.by_severity, new.counts.by_severity
    changes = [Change("findings", old.counts.findings, new.counts.findings, "lower")]
    changes += [Change(s, ob.get(s, 0), nb.get(s, 0), "lower") for s in SEVERITIES]
    return Section("Findings by severity", changes)


def _checks(old: ReportJson, new: ReportJson) -> Section:
    """Rows affected per check and severity, and their share of the dataset: fewer is better."""
    o = {f"{c.check} ({c.severity})": c for c in old.by_check}
    n = {f"{c.check} ({c.severity})": c for c in new.by_check}
    rows = lambda index, name: index[name].rows if name in index else 0  # noqa: E731
    share = lambda index, name: round(index[name].share, 6) if name in index else 0.0  # noqa: E731
    names = sorted(set(o) | set(n), key=lambda k: -max(rows(o, k), rows(n, k)))
    changes = []
    for name in names:
        changes.append(Change(f"{name}: rows", rows(o, name), rows(n, name), "lower"))
        changes.append(Change(f"{name}: share of rows", share(o, name), share(n, name), "lower", share=True))
    return Section("Findings by check", changes)


def _fields(old: ReportJson, new: ReportJson) -> Section:
    """Per text field: duplicate, template and distinct-text figures (whatever the steps report)."""
    of = {k: v.model_dump(exclude_unset=True) for k, v in old.fields.items()}
    nf = {k: v.model_dump(exclude_unset=True) for k, v in new.fields.items()}
    changes = []
    for name in list(dict.fromkeys([*of, *nf])):
        o, n = of.get(name) or {}, nf.get(name) or {}
        keys = [k for k in dict.fromkeys([*o, *n]) if FIELD_KEYS.search(k) and (_number(o.get(k)) or _number(n.get(k)))]
        changes += [Change(f"{name}.{k}", o.get(k), n.get(k), *_direction(k)) for k in keys]
    return Section("Duplicates and templates per field", changes)


def _direction(key: str) -> tuple[str, bool]:
    """Duplicate counts and shares, template shares: fewer is better. Distinct counts have no direction
    (they fall when rows are dropped, duplicates or not)."""
    is_share = "share" in key or "rate" in key
    return ("lower" if "dup" in key or is_share else ""), is_share


def _labels(old: ReportJson, new: ReportJson) -> Section:
    """Each label value's share of rows: did curation skew the label distribution?"""
    changes = []
    for name in list(dict.fromkeys([*old.labels, *new.labels])):
        oc = old.labels[name].counts if name in old.labels else {}
        nc = new.labels[name].counts if name in new.labels else {}
        ot, nt = sum(oc.values()) or 1, sum(nc.values()) or 1
        values = sorted(set(oc) | set(nc), key=lambda v: -(oc.get(v, 0) + nc.get(v, 0)))[:MAX_LABEL_VALUES]
        changes += [Change(f"{name} = {v}", round(oc.get(v, 0) / ot, 6), round(nc.get(v, 0) / nt, 6), share=True) for v in values]
    return Section("Label shares", changes)


def _step_metrics(report: ReportJson) -> dict[str, Any]:
    checks = report.checks.model_dump(mode="json", exclude_unset=True)
    return dict(_flatten({step: entry["metrics"] for step, entry in checks.items()}))


def _metrics(old: ReportJson, new: ReportJson) -> Section:
    """Every numeric metric of every step (near-duplicate clusters, conflicts, verdict counts ...)."""
    o, n = _step_metrics(old), _step_metrics(new)
    return Section("Step metrics", [Change(k, o.get(k), n.get(k)) for k in dict.fromkeys([*o, *n])])


def _flatten(value: Any, prefix: str = "", depth: int = 0):
    """(dotted key, number) for each numeric leaf of nested dicts; lists (examples, curves) are skipped."""
    if isinstance(value, dict) and depth <= MAX_METRIC_DEPTH:
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    elif _number(value):
        yield prefix, value


def _notes(old: ReportJson, new: ReportJson) -> list[str]:
    notes = []
    op, np_ = old.parameters.model_dump(), new.parameters.model_dump()
    differing = sorted(k for k in op if op[k] != np_[k])
    if differing:
        notes.append("The audits ran with different parameters (" + ", ".join(f"{k}: {op[k]!r} → {np_[k]!r}" for k in differing)
                     + "); some differences come from that, not from the data.")
    od, nd = old.dataset, new.dataset
    if od.sha256 and od.sha256 == nd.sha256:
        notes.append("Both audits read the same file (same sha256): differences come from the audit, not the data.")
    if od.profile != nd.profile:
        notes.append(f"The profiles differ ({od.profile} → {nd.profile}): checks and fields may not line up.")
    return notes


# -- output ------------------------------------------------------------------------------------------


def fmt_value(value: Any, share: bool = False) -> str:
    from curation.report.describe import fmt

    return f"{value:.1%}" if share and _number(value) else fmt(value)


def fmt_delta(change: Change) -> str:
    d = change.delta
    if d is None:
        return "changed" if change.changed else ""
    if d == 0:
        return "0"
    if change.share:
        return f"{d * 100:+.1f} pp"
    if isinstance(d, int):
        return f"{d:+,}"
    return f"{d:+.4g}"


def render_diff_html(diff: Diff, path: str | Path) -> Path:
    """A small self-contained page: the same tables, every figure, changed ones marked."""
    from curation.files import atomic_file
    from curation.report import environment

    css = (Path(__file__).parent / "report" / "report.css").read_text(encoding="utf-8")
    html = environment().get_template("diff.html.j2").render(diff=diff, css=css, fmt_value=fmt_value, fmt_delta=fmt_delta)
    with atomic_file(path) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return Path(path)
