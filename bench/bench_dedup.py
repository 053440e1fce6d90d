"""Benchmark the duplicate steps of `curate audit` (exact, near, leakage) on `curate synth` data.

For each size (100K and 1M rows by default), in a fresh subprocess per measurement so that peak
RSS is the step's own (read + step, nothing from data generation):

  exact      the exact step (4 text fields of NariRaksha, the prompt's clusters)
  near       the near step (MinHash + LSH + verification + stars + families), with its phases
  leakage    cross_matches of the last 10% of rows (as a test set) against the first 90%
  template   near_clusters of prompts shaped like the public NariRaksha generator's (3 templates x
             15 cities x ages 18-52 x 12 risk types x 4 severities)

and from the truth sidecar: near-duplicate recall (planted copy and its original in one cluster),
pair precision (reported duplicate.near rows whose cluster is their planted original's), and
leak recall (planted copies in the test 10% whose original is in the train 90%, found exact or
near). The similarity and its default are calibrated on real text by bench/bench_near_real.py. Wall and CPU seconds are both printed: on a shared 2-core machine wall time depends on
the other users, CPU time much less.

    python bench/bench_dedup.py                       # 100K and 1M rows, 1 repeat
    python bench/bench_dedup.py -n 100000 --repeat 3  # best and median of 3
    python bench/bench_dedup.py -n 100000 --audit     # also the whole `curate audit` (CLI process)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from synth_cache import synth_data


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, polars {pl.__version__}, numpy {np.__version__}, load average {os.getloadavg()[0]:.1f}"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def context(frame: pl.DataFrame):
    from curation.audit import prepare
    from curation.audit.pipeline import AuditConfig, AuditContext
    from curation.profile import resolve_profile
    from curation.read import Loaded

    loaded = Loaded(frame=frame, source="bench", format="parquet", sha256=None)
    profile = resolve_profile(None, frame.columns)
    return AuditContext(data=prepare(loaded, profile), profile=profile, config=AuditConfig(), loaded=loaded)


def timed(fn, *args, **kwargs):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3)


# -- measurements (each runs in its own process) ----------------------------------------------


def measure_steps(path: Path, which: str) -> dict:
    from curation.audit import exact, near
    from curation.synth import planted_pairs

    frame = pl.read_parquet(path)
    truth = pl.read_parquet(str(path).replace(".parquet", ".truth.parquet"))
    rss_read = peak_rss_mb()
    ctx = context(frame)
    out: dict = {"rows": frame.height, "rss_after_read_mb": round(rss_read)}
    if which == "exact":
        result, wall, cpu = timed(exact.run, ctx)
        out.update(wall_s=wall, cpu_s=cpu, findings=result.findings.height,
                   prompt=result.fields[ctx.profile.prompt_field])
    else:
        result, wall, cpu = timed(near.run, ctx)  # includes normalizing the prompt (the exact step shares it in an audit)
        rows = result.rows.sort("row")
        pairs = planted_pairs(truth).filter(pl.col("problem") == "duplicate.near")
        cluster = rows["near_cluster"]
        together = (cluster.gather(pairs["row"]) == cluster.gather(pairs["partner"])).fill_null(False)
        original = dict(planted_pairs(truth).select("row", "partner").iter_rows())
        cluster_of = dict(rows.select("row", "near_cluster").iter_rows())
        members = result.findings.filter(pl.col("check") == "duplicate.near")["row"].to_list()
        correct = sum(original.get(m, m) == original.get(cluster_of[m], cluster_of[m]) for m in members)
        out.update(wall_s=wall, cpu_s=cpu, phases=result.metrics["seconds"], counts=result.metrics["counts"],
                   planted_pairs=pairs.height, recall=round(float(together.mean()), 4),
                   reported_members=len(members), pair_precision=round(correct / max(len(members), 1), 4),
                   largest_cluster=int(rows["near_cluster_size"].max()), cluster_sizes=result.metrics["cluster_sizes"])
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


def measure_leakage(path: Path) -> dict:
    from curation.dedup import cross_matches
    from curation.synth import planted_pairs

    frame = pl.read_parquet(path)
    truth = pl.read_parquet(str(path).replace(".parquet", ".truth.parquet"))
    cut = int(frame.height * 0.9)
    train, test = frame["scenario"][:cut], frame["scenario"][cut:]
    found, wall, cpu = timed(cross_matches, test, train)
    pairs = planted_pairs(truth).filter((pl.col("row") >= cut) & (pl.col("partner") < cut))
    leaks = found.filter(pl.col("kind").is_in(["exact", "near"])).select((pl.col("query") + cut).alias("row"), "reference")
    hit = pairs.join(leaks, on="row", how="left")
    return {"queries": test.len(), "references": train.len(), "wall_s": wall, "cpu_s": cpu,
            "by_kind": dict(found.group_by("kind").len().sort("kind").iter_rows()),
            "planted_across_cut": pairs.height, "leak_recall": round(float(hit["reference"].is_not_null().mean()), 4) if pairs.height else None,
            "peak_rss_mb": round(peak_rss_mb())}


def public_generator_prompts(n: int, seed: int = 0) -> pl.Series:
    """3 sentence templates with age, city, risk type and severity filled in (docs/seed-models.md §1)."""
    from curation.schemas.nariraksha import RISK_TYPES, SEVERITIES

    cities = ["Mumbai", "Delhi", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune", "Ahmedabad", "Jaipur",
              "Lucknow", "Kochi", "Indore", "Bhopal", "Patna", "Surat"]
    templates = [
        "A {age}-year-old woman in {city} reports {risk}; the situation is assessed as {sev} severity and she needs guidance on what to do next.",
        "In {city}, a {age} year old woman describes {risk} by someone she knows, which she rates as {sev} in urgency.",
        "{sev} case: a woman aged {age} living in {city} is experiencing {risk} and asks how to stay safe.",
    ]
    rng = np.random.default_rng(seed)
    frame = pl.DataFrame({
        "t": rng.integers(0, 3, n), "age": rng.integers(18, 53, n), "city": np.array(cities)[rng.integers(0, 15, n)],
        "risk": np.array(RISK_TYPES[:12])[rng.integers(0, 12, n)], "sev": np.array(SEVERITIES)[rng.integers(0, 4, n)],
    })
    parts = [pl.format(t.replace("{age}", "{}").replace("{city}", "{}").replace("{risk}", "{}").replace("{sev}", "{}"),
                       *[pl.col(c) for c in _slot_order(t)]) for t in templates]
    expr = pl.when(pl.col("t") == 0).then(parts[0]).when(pl.col("t") == 1).then(parts[1]).otherwise(parts[2])
    return frame.select(expr.alias("scenario"))["scenario"]


def _slot_order(template: str) -> list[str]:
    names = {"{age}": "age", "{city}": "city", "{risk}": "risk", "{sev}": "sev"}
    found = sorted((template.index(k), v) for k, v in names.items() if k in template)
    return [v for _, v in found]


def measure_template(n: int) -> dict:
    from curation.dedup import NearParams, near_clusters

    prompts = public_generator_prompts(n)
    result, wall, cpu = timed(near_clusters, prompts, NearParams())
    stats = result.stats
    return {"rows": n, "distinct": prompts.n_unique(), "wall_s": wall, "cpu_s": cpu, "phases": stats["seconds"],
            "candidates": stats["candidates"], "verified_pairs": stats["verified_pairs"], "clusters": stats["clusters"],
            "clustered_rows": stats["clustered_rows"], "largest_cluster": int(result.size.max()),
            "families": stats["families"], "family_rows": stats["family_rows"], "peak_rss_mb": round(peak_rss_mb())}


# -- driver ---------------------------------------------------------------------------------------


def child(args: list[str]) -> dict:
    """Run one measurement in a fresh interpreter; its JSON line is the result."""
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def audit_cli(path: Path, work: Path) -> dict:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", "from curation.cli import main; main()", "-q", "audit", str(path),
                          "-o", str(work / f"audit-{path.stem}"), "--no-html", "--fail-on", "never"], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        return {"error": out.stderr.strip()[-300:]}
    report = json.loads((work / f"audit-{path.stem}" / "report.json").read_text())
    timing = report["timing_s"]
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "steps_s": {k: timing.get(k) for k in ("exact", "near", "leakage", "total")}}


def summarize(runs: list[dict], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{min(values):.2f} (median {statistics.median(values):.2f})" if len(values) > 1 else f"{values[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, action="append", help="rows (repeatable; default 100000 and 1000000)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "curate-bench-dedup")
    parser.add_argument("--audit", action="store_true", help="also time the whole `curate audit` process")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, target = args.child[0], args.child[1]
        result = (measure_template(int(target)) if kind == "template" else measure_leakage(Path(target)) if kind == "leakage"
                  else measure_steps(Path(target), kind))
        print(json.dumps(result))
        return
    print(machine())
    args.work.mkdir(parents=True, exist_ok=True)
    for n in args.n or [100_000, 1_000_000]:
        path = synth_data(n, args.work)
        print(f"\n== {n:,} rows of `curate synth` ({path})")
        for kind in ("exact", "near", "leakage", "template"):
            runs = [child([kind, str(n) if kind == "template" else str(path)]) for _ in range(args.repeat)]
            print(f"{kind:>9}: wall {summarize(runs, 'wall_s')} s, cpu {summarize(runs, 'cpu_s')} s, peak RSS {max(r['peak_rss_mb'] for r in runs)} MB")
            detail = {k: v for k, v in runs[-1].items() if k not in ("wall_s", "cpu_s", "peak_rss_mb")}
            print("           " + json.dumps(detail))
        if args.audit:
            print(f"    audit: {json.dumps(audit_cli(path, args.work))}")


if __name__ == "__main__":
    main()
