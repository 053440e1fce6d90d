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


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> Diff:
    """Compare two report.json dicts (old = before curation, new = after)."""
    return Diff(
        old=_summary(old), new=_summary(new),
        sections=[_dataset(old, new), _gate(old, new), _severities(old, new), _checks(old, new),
                  _fields(old, new), _labels(old, new), _metrics(old, new)],
        notes=_notes(old, new),
    )


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    dataset = report.get("dataset") or {}
    return {"path": dataset.get("path"), "sha256": dataset.get("sha256"), "rows": dataset.get("rows"),
            "profile": dataset.get("profile"), "tool": (report.get("tool") or {}).get("version")}


def _dataset(old: dict, new: dict) -> Section:
    o, n = old.get("dataset") or {}, new.get("dataset") or {}
    return Section("Dataset", [
        Change("rows", o.get("rows"), n.get("rows")),
        Change("columns", len(o.get("columns") or []), len(n.get("columns") or [])),
        Change("profile", o.get("profile"), n.get("profile")),
        Change("sha256", (o.get("sha256") or "")[:12], (n.get("sha256") or "")[:12]),
    ])


def _share(count: Any, rows: Any) -> float | None:
    return round(count / rows, 6) if _number(count) and _number(rows) and rows else None


def _gate(old: dict, new: dict) -> Section:
    og, ng = old.get("gate") or {}, new.get("gate") or {}
    oc, nc = old.get("counts") or {}, new.get("counts") or {}
    orows, nrows = (old.get("dataset") or {}).get("rows"), (new.get("dataset") or {}).get("rows")
    return Section("Gate", [
        Change("passed", og.get("passed"), ng.get("passed"), "higher"),
        Change(f"blocking findings (--fail-on {ng.get('fail_on', og.get('fail_on', 'error'))})", og.get("blocking"), ng.get("blocking"), "lower"),
        Change("rows with an error", oc.get("rows_with_error"), nc.get("rows_with_error"), "lower"),
        Change("share of rows with an error", _share(oc.get("rows_with_error"), orows), _share(nc.get("rows_with_error"), nrows), "lower", share=True),
        Change("rows with an error or warning", oc.get("rows_with_any"), nc.get("rows_with_any"), "lower"),
        Change("share of rows with an error or warning", _share(oc.get("rows_with_any"), orows), _share(nc.get("rows_with_any"), nrows), "lower", share=True),
    ], notes=(f"before: {og.get('sentence', '—')}", f"after: {ng.get('sentence', '—')}"))


def _severities(old: dict, new: dict) -> Section:
    ob = (old.get("counts") or {}).get("by_severity") or {}
    nb = (new.get("counts") or {}).get("by_severity") or {}
    changes = [Change("findings", (old.get("counts") or {}).get("findings"), (new.get("counts") or {}).get("findings"), "lower")]
    changes += [Change(s, ob.get(s, 0), nb.get(s, 0), "lower") for s in SEVERITIES]
    return Section("Findings by severity", changes)


def _checks(old: dict, new: dict) -> Section:
    """Rows affected per check and severity, and their share of the dataset: fewer is better."""
    def index(report: dict) -> dict[str, dict]:
        return {f"{c.get('check')} ({c.get('severity')})": c for c in report.get("by_check") or [] if isinstance(c, dict)}

    o, n = index(old), index(new)
    names = sorted(set(o) | set(n), key=lambda k: -max((o.get(k) or {}).get("rows", 0), (n.get(k) or {}).get("rows", 0)))
    changes = []
    for name in names:
        oc, nc = o.get(name) or {}, n.get(name) or {}
        changes.append(Change(f"{name}: rows", oc.get("rows", 0), nc.get("rows", 0), "lower"))
        changes.append(Change(f"{name}: share of rows", round(oc.get("share", 0.0), 6), round(nc.get("share", 0.0), 6), "lower", share=True))
    return Section("Findings by check", changes)


def _fields(old: dict, new: dict) -> Section:
    """Per text field: duplicate, template and distinct-text figures (whatever the steps report)."""
    of, nf = old.get("fields") or {}, new.get("fields") or {}
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


def _labels(old: dict, new: dict) -> Section:
    """Each label value's share of rows: did curation skew the label distribution?"""
    ol, nl = old.get("labels") or {}, new.get("labels") or {}
    changes = []
    for name in list(dict.fromkeys([*ol, *nl])):
        oc, nc = (ol.get(name) or {}).get("counts") or {}, (nl.get(name) or {}).get("counts") or {}
        ot, nt = sum(oc.values()) or 1, sum(nc.values()) or 1
        values = sorted(set(oc) | set(nc), key=lambda v: -(oc.get(v, 0) + nc.get(v, 0)))[:MAX_LABEL_VALUES]
        changes += [Change(f"{name} = {v}", round(oc.get(v, 0) / ot, 6), round(nc.get(v, 0) / nt, 6), share=True) for v in values]
    return Section("Label shares", changes)


def _metrics(old: dict, new: dict) -> Section:
    """Every numeric metric of every step (near-duplicate clusters, conflicts, verdict counts ...)."""
    o = dict(_flatten({k: (v or {}).get("metrics") for k, v in (old.get("checks") or {}).items()}))
    n = dict(_flatten({k: (v or {}).get("metrics") for k, v in (new.get("checks") or {}).items()}))
    return Section("Step metrics", [Change(k, o.get(k), n.get(k)) for k in dict.fromkeys([*o, *n])])


def _flatten(value: Any, prefix: str = "", depth: int = 0):
    """(dotted key, number) for each numeric leaf of nested dicts; lists (examples, curves) are skipped."""
    if isinstance(value, dict) and depth <= MAX_METRIC_DEPTH:
        for key, item in value.items():
            yield from _flatten(item, f"{prefix}.{key}" if prefix else str(key), depth + 1)
    elif _number(value):
        yield prefix, value


def _notes(old: dict, new: dict) -> list[str]:
    notes = []
    op, np_ = old.get("parameters") or {}, new.get("parameters") or {}
    differing = sorted(k for k in set(op) | set(np_) if op.get(k) != np_.get(k))
    if differing:
        notes.append("The audits ran with different parameters (" + ", ".join(f"{k}: {op.get(k)!r} → {np_.get(k)!r}" for k in differing)
                     + "); some differences come from that, not from the data.")
    od, nd = old.get("dataset") or {}, new.get("dataset") or {}
    if od.get("sha256") and od.get("sha256") == nd.get("sha256"):
        notes.append("Both audits read the same file (same sha256): differences come from the audit, not the data.")
    if od.get("profile") != nd.get("profile"):
        notes.append(f"The profiles differ ({od.get('profile')} → {nd.get('profile')}): checks and fields may not line up.")
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
