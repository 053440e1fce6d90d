"""Benchmark `curate split` on NariRaksha-shaped rows (`curation.synth`, 100K by default).

Targets (issue 5): 100K rows split with clusters computed from scratch <= 10 s; from an audit
directory (rows.parquet reused) <= 3 s.

Measured, each `--repeat` times (best and median printed):
  scratch        run_split(DATA): exact + near clusters of the prompt computed, then split
  scratch+all    the same with --dedup near --reweight template --holdout-templates reasoning:0.1
                 (templates of the answer fields are mined too)
  audit          run_split(--audit DIR): clusters read from the audit's rows.parquet
  audit+all      the same with --dedup near --reweight template --holdout-templates reasoning:0.1
  cli audit      the `curate split --audit DIR` process end to end (imports included)
Every split runs the final cross-split leakage check (`verify`); `--no-verify` times are printed
beside it, since that check is the largest part of the audit-path time.

The audit directory is made once by `curate audit` (untimed). Phases come from
SplitOutcome.timing. The machine is named in the output; on a shared machine run it when it is
quiet and repeat.

    python bench/bench_split.py                 # 100K rows, 3 repeats
    python bench/bench_split.py -n 20000 --repeat 1
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from curation.console import set_quiet
from curation.split.config import SplitConfig
from curation.split.run import run_split
from synth_cache import synth_data

ALL = {"dedup": "near", "reweight": "template", "holdout_templates": (("reasoning", 0.1),)}
ALL_ARGS = ["--dedup", "near", "--reweight", "template", "--holdout-templates", "reasoning:0.1"]


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, load average {load:.1f} at start"


def make_audit(work: Path, data: Path) -> Path:
    """`curate audit DATA` once (untimed)."""
    from curation.audit import run_audit

    audit = work / f"{data.stem}.audit"
    if (audit / "rows.parquet").exists():
        return audit
    started = time.perf_counter()
    run_audit(str(data), out_dir=audit, html=False)
    print(f"audit: curate audit (untimed setup, {time.perf_counter() - started:.1f} s)", flush=True)
    return audit


def timed(label: str, repeat: int, call) -> None:
    """Wall time, and CPU time of this process and its children (on a shared machine the CPU time
    is the steadier figure: it does not count the time other processes held the cores)."""
    walls, cpus, phases = [], [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), _cpu_seconds()
        outcome = call()
        walls.append(time.perf_counter() - started)
        cpus.append(_cpu_seconds() - cpu)
        phases.append(outcome.timing if outcome is not None else {})
    best = min(range(repeat), key=walls.__getitem__)
    phase_text = "  ".join(f"{k} {v:.2f}" for k, v in phases[best].items())
    print(f"{label:<24} wall best {min(walls):6.2f} s  median {statistics.median(walls):6.2f} s  "
          f"cpu best {min(cpus):6.2f} s   [{phase_text}]", flush=True)


def _cpu_seconds() -> float:
    own, children = os.times(), os.times()
    return own.user + own.system + children.children_user + children.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None, help="keep the data and audit here between runs")
    parser.add_argument("--only", choices=["scratch", "audit"], help="run one of the two families of measurements")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-split-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    set_quiet(True)  # no strata tables or notes inside the timings
    data = synth_data(args.n, work)
    audit = make_audit(work, data)
    print(f"rows: {args.n:,}; data {data}")
    stratify = ("risk_type", "severity")
    out = work / "split"

    def split(audit_dir: Path | None, verify: bool = True, **options):
        config = SplitConfig(stratify=stratify, verify=verify, **options)
        return run_split((str(data),), config, audit=str(audit_dir) if audit_dir else None, out_dir=out)

    if args.only != "audit":
        timed("scratch", args.repeat, lambda: split(None))
        timed("scratch --no-verify", args.repeat, lambda: split(None, verify=False))
        timed("scratch+all", args.repeat, lambda: split(None, **ALL))
    if args.only == "scratch":
        return
    timed("audit", args.repeat, lambda: split(audit))
    timed("audit --no-verify", args.repeat, lambda: split(audit, verify=False))
    timed("audit+all", args.repeat, lambda: split(audit, **ALL))
    cli = [str(Path(sys.executable).with_name("curate")), "-q", "split", str(data), "--audit", str(audit), "--stratify", ",".join(stratify), "-o", str(out)]

    def process() -> None:
        subprocess.run(cli, check=True)

    timed("cli audit (process)", args.repeat, process)
    manifest = split(audit).manifest
    print(f"check: leaking rows {manifest.leakage.rows.model_dump()}, groups {manifest.groups.groups:,} "
          f"(largest {manifest.groups.largest}), worst stratum error {manifest.ratios.max_error_pp_strata_50plus} points")


if __name__ == "__main__":
    main()
