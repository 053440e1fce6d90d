"""The whole-audit benchmark: the real `curate audit` CLI on `curate synth` data, in a subprocess.

    python bench/bench_audit.py                          # 100K rows, best of 3
    python bench/bench_audit.py --rows 100000 --rows 1000000 --repeat 2
    python bench/bench_audit.py --rows 20000 --repeat 1 --html
    python bench/bench_audit.py --skip legal --skip helplines --skip patterns   # issue 2's checks only

Targets (issue 2, item 13), on the 2-core development machine: 100K rows, all checks, <= 10 s wall
and <= 2 GB peak RSS; 1M rows <= 120 s and <= 8 GB.

Data: `curate synth -n N --seed 0`, made once and cached (`--cache`, default
$TMPDIR/curate-bench). Each run is `curate -q audit DATA --no-html --out DIR` (the report's HTML
with `--html`); the process is waited for with `os.wait4`, which gives its own CPU time (user +
system) and peak resident set. Per-stage seconds come from the run's report.json `timing_s`.
The figures printed are the best run (least wall time) and the median of the runs; on a shared
machine repeat, and read CPU seconds beside wall seconds (CPU time is less sensitive to load).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from synth_cache import synth_data

CURATE = [sys.executable, "-c", "from curation.cli import main; main()"]
TARGETS = {100_000: (10.0, 2.0), 1_000_000: (120.0, 8.0)}  # rows -> (wall s, peak RSS GB)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds, the audit process from start to exit
    cpu: float  # user + system seconds of the audit process
    rss_gb: float  # peak resident set of the audit process
    stages: dict[str, float]  # report.json timing_s


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def load() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def audit_once(data: Path, out: Path, options: list[str]) -> Run:
    """One `curate audit` process; exit 1 (the gate failed on planted problems) is a normal run."""
    command = [*CURATE, "-q", "audit", str(data), "--out", str(out), *options]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    if code not in (0, 1):
        raise SystemExit(f"curate audit exited {code}:\n{stderr}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime, rss_gb=usage.ru_maxrss / 2**20, stages=report["timing_s"])


def bench(rows: int, repeat: int, cache: Path, options: list[str]) -> list[Run]:
    data = synth_data(rows, cache)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        for i in range(repeat):
            out = Path(tmp) / f"run{i}"
            before = load()
            run = audit_once(data, out, options)
            shutil.rmtree(out, ignore_errors=True)
            runs.append(run)
            print(f"  {rows:>9,} rows  run {i + 1}/{repeat}: wall {run.wall:6.1f} s  cpu {run.cpu:6.1f} s  "
                  f"peak RSS {run.rss_gb:5.2f} GB  ({before} at start)", flush=True)
    return runs


def summary(rows: int, runs: list[Run]) -> dict:
    best = min(runs, key=lambda r: r.wall)
    out = {
        "rows": rows,
        "runs": len(runs),
        "best": {"wall_s": round(best.wall, 2), "cpu_s": round(best.cpu, 2), "peak_rss_gb": round(best.rss_gb, 2)},
        "median": {"wall_s": round(statistics.median(r.wall for r in runs), 2),
                   "cpu_s": round(statistics.median(r.cpu for r in runs), 2),
                   "peak_rss_gb": round(statistics.median(r.rss_gb for r in runs), 2)},
        "stages_best_run_s": best.stages,
        "stages_median_s": {k: round(statistics.median(r.stages.get(k, 0.0) for r in runs), 3) for k in best.stages},
    }
    if rows in TARGETS:
        wall, rss = TARGETS[rows]
        out["target"] = {"wall_s": wall, "peak_rss_gb": rss, "met": best.wall <= wall and best.rss_gb <= rss}
    return out


def print_summary(s: dict) -> None:
    b, m = s["best"], s["median"]
    target = s.get("target")
    verdict = "" if not target else (
        f"   target <= {target['wall_s']:g} s, <= {target['peak_rss_gb']:g} GB: {'met' if target['met'] else 'NOT met'}")
    print(f"\n{s['rows']:,} rows, {s['runs']} runs: best wall {b['wall_s']} s (cpu {b['cpu_s']} s, peak RSS {b['peak_rss_gb']} GB); "
          f"median wall {m['wall_s']} s (cpu {m['cpu_s']} s, peak RSS {m['peak_rss_gb']} GB){verdict}")
    print(f"  {'stage':<12} {'best run s':>10} {'median s':>10}")
    for stage, seconds in s["stages_best_run_s"].items():
        print(f"  {stage:<12} {seconds:>10.2f} {s['stages_median_s'][stage]:>10.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="rows of synthetic data (repeatable; default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best and the median are printed")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "curate-bench", help="where synth data is kept")
    parser.add_argument("--html", action="store_true", help="also render report.html (off by default, as the targets are measured)")
    parser.add_argument("--skip", action="append", default=[], help="curate audit --skip STEP (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the summaries to this file")
    args = parser.parse_args()
    options = ([] if args.html else ["--no-html"]) + [a for step in args.skip for a in ("--skip", step)]
    print(f"machine: {machine()}; {load()}; curate audit {' '.join(options)}", flush=True)
    summaries = []
    for rows in args.rows or [100_000]:
        runs = bench(rows, args.repeat, args.cache, options)
        summaries.append(summary(rows, runs))
        print_summary(summaries[-1])
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "summaries": summaries}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
