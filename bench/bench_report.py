"""Benchmark: rendering report.html for a 100K-row audit (issue 4: <= 3 s and <= 5 MB).

Audits a NariRaksha-shaped dataset (default: tests/report_fixtures.py's generator; or --data FILE,
e.g. `curate synth -n 100000 -o x.parquet`) with every audit step, then times, best and median of
--repeat runs:

  render    render_report(report, findings, data, path) as `curate audit` calls it (inputs in memory)
  rerender  what `curate report DIR` does: read report.json and findings.parquet, re-read and prepare
            the dataset, render

for two loads of findings: the audit's own, and a stress load where STRESS_CHECKS checks each hit
STRESS_SHARE of the rows (what a template-heavy dataset gives once every step runs) — the load that
exercises the per-check cap and the byte budget. Prints the figures; BENCHMARKS.md records them.

    python bench/bench_report.py                  # 100,000 rows
    python bench/bench_report.py --rows 20000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import curation.audit  # noqa: E402
from curation import findings as F  # noqa: E402
from curation.report import render_report  # noqa: E402
from curation.report.audit_dir import dataset_rows, read_audit_dir  # noqa: E402

STRESS_CHECKS = ("duplicate.near", "duplicate.exact", "template", "legal.repealed", "legal.title_mismatch",
                 "legal.offence_mismatch", "helpline.unknown", "helpline.wrong_purpose", "placeholder",
                 "pii.phone", "pii.email", "label.conflict")
STRESS_SHARE = 0.30


def stress_findings(data: pl.DataFrame, seed: int = 0) -> pl.DataFrame:
    """Each STRESS_CHECKS check on a random STRESS_SHARE of rows, evidence cut from the row's text
    (for pii.*, a distinct phone number or e-mail address per row, as a PII step reports them)."""
    rng = np.random.default_rng(seed)
    frames = []
    for check in STRESS_CHECKS:
        rows = np.sort(rng.choice(data.height, int(data.height * STRESS_SHARE), replace=False))
        picked = data.select("row", "scenario").filter(pl.col("row").is_in(rows))
        evidence = {
            "pii.phone": "9" + picked["row"].cast(pl.String).str.zfill(9),
            "pii.email": "user" + picked["row"].cast(pl.String) + "@mail.example.in",
        }.get(check, picked["scenario"].str.slice(0, 80))
        frames.append(F.findings(picked["row"], check, column="scenario", message=f"{check} found in 'scenario'",
                                 evidence=evidence, suggestion="review the row",
                                 cluster=(picked["row"] // 7) if check.startswith("duplicate") else None))
    return F.concat(frames).sort(["row", "check"])


def timed(fn, repeat: int) -> tuple[float, float, float, object]:
    """Best and median wall seconds, best CPU seconds (all threads; steadier on a shared machine), result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), statistics.median(walls), min(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", help="an existing dataset file to audit instead of the generated one")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from report_fixtures import nariraksha_like

    work = Path(tempfile.mkdtemp(prefix="bench-report-"))
    source = Path(args.data) if args.data else work / "data.parquet"
    if not args.data:
        nariraksha_like(args.rows, seed=0).write_parquet(source)
    steps = curation.audit.STEPS
    out = work / "data.audit"
    t0 = time.perf_counter()
    outcome = curation.audit.run_audit(str(source), out_dir=out, html=False)
    audit_s = time.perf_counter() - t0
    audit = read_audit_dir(out)
    data, _ = dataset_rows(audit.report)
    print(f"machine: {sys.platform}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; python {sys.version.split()[0]}, polars {pl.__version__}")
    print(f"dataset: {source} ({outcome.report.dataset.rows:,} rows); audit steps run: {', '.join(steps)} ({audit_s:.1f} s)")

    loads = {"audit findings": audit.findings, "stress findings": stress_findings(data)}
    for name, found in loads.items():
        page = work / f"report-{name.split()[0]}.html"
        best, median, cpu, rendered = timed(lambda: render_report(audit.report, found, data, page), args.repeat)
        print(f"[{name}] {found.height:,} findings · render wall best {best:.2f} s, median {median:.2f} s, cpu {cpu:.2f} s · "
              f"{rendered.size_bytes / 1e6:.2f} MB · {rendered.findings_shown:,} findings and {rendered.rows_embedded:,} rows embedded "
              f"(cap {rendered.cap} per check and severity)")
        if name == "stress findings":
            found.write_parquet(out / "findings.parquet")

    def rerender():
        again = read_audit_dir(out)
        rows, _ = dataset_rows(again.report)
        return render_report(again.report, again.findings, rows, out / "report.html")

    best, median, cpu, rendered = timed(rerender, args.repeat)
    print(f"[curate report DIR, stress findings] read + prepare + render wall best {best:.2f} s, median {median:.2f} s, cpu {cpu:.2f} s · "
          f"{rendered.size_bytes / 1e6:.2f} MB")
    print(json.dumps({"rows": outcome.report.dataset.rows, "work_dir": str(work)}))


if __name__ == "__main__":
    main()
