"""One runaway field: the real `curate audit` CLI on a 3-row file whose one field is megabytes long.

    python bench/bench_long_field.py                                   # scenario: 1, 2, 5 and 10 MB
    python bench/bench_long_field.py --field legal_context --mb 10 --repeat 3
    python bench/bench_long_field.py --same 3 --mb 10                  # the long field in all 3 rows

Target (issue 11): a 3-row file with a 10 MB field audits in <= 10 s on the 2-core development
machine, and no step's cost grows faster than the field: each step's seconds per MB stay flat from
the smallest size to the largest (before the fix the templates step took 69 s at 2.2 MB).

Data: `curate synth -n 3 --seed 1` rows (NariRaksha-shaped); FIELD of the first row (of `--same`
rows) is replaced by `tests/real_text.py` `runaway_text`: sentences of HH-RLHF's assistant turns
(tests/data/real) drawn at random with a fixed seed, three in ten replaced by a reasoning,
recommended action or legal context of 2,000 synth rows, so the field also holds citations and
helpline numbers, repeated as in text concatenated by a runaway generator. Each run is `curate -q audit DATA --no-html
--fail-on never --against DATA` (the leakage step then compares the field with itself), timed as
bench_audit.py does (`os.wait4`: CPU time and peak RSS of the process; stages from report.json).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import polars as pl
from bench_audit import audit_once, load, machine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from real_text import runaway_text  # noqa: E402

from curation.synth import synthesize  # noqa: E402

STEPS = ("templates", "overview", "schema", "text", "exact", "near", "labels", "legal", "helplines", "patterns", "leakage")


def write_data(path: Path, field: str, mb: float, same: int) -> None:
    data, _ = synthesize(3, seed=1)
    text = runaway_text(int(mb * 1_000_000))
    data.with_columns(pl.when(pl.int_range(pl.len()) < same).then(pl.lit(text)).otherwise(pl.col(field)).alias(field)).write_parquet(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--field", default="scenario", help="the long field (default scenario, the prompt)")
    parser.add_argument("--mb", type=float, action="append", help="field size in MB (repeatable; default 1 2 5 10)")
    parser.add_argument("--same", type=int, default=1, choices=(1, 2, 3), help="rows holding the long field (default 1)")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    sizes = sorted(args.mb or [1.0, 2.0, 5.0, 10.0])
    print(f"{machine()}; field {args.field} in {args.same} of 3 rows; {load()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-long-") as tmp:
        for mb in sizes:
            data = Path(tmp) / f"long-{mb:g}.parquet"
            write_data(data, args.field, mb, args.same)
            runs = []
            for i in range(args.repeat):
                before = load()
                runs.append(audit_once(data, Path(tmp) / f"out-{mb:g}-{i}", ["--no-html", "--fail-on", "never", "--against", str(data)]))
                r = runs[-1]
                print(f"  {mb:5g} MB run {i + 1}/{args.repeat}: wall {r.wall:6.2f} s  cpu {r.cpu:6.2f} s  peak RSS {r.rss_gb:5.2f} GB  ({before})", flush=True)
            best = min(runs, key=lambda r: r.wall)
            results.append({"mb": mb, "wall_s": round(best.wall, 2), "median_wall_s": round(statistics.median(r.wall for r in runs), 2),
                            "cpu_s": round(best.cpu, 2), "peak_rss_gb": round(best.rss_gb, 2),
                            "stages_s": {s: best.stages.get(s, 0.0) for s in (*STEPS, "setup", "total")}})
    print(f"\n{'MB':>6} {'wall s':>7} {'cpu s':>7} {'RSS GB':>7}  " + " ".join(f"{s[:9]:>9}" for s in STEPS))
    for r in results:
        print(f"{r['mb']:>6g} {r['wall_s']:>7.2f} {r['cpu_s']:>7.2f} {r['peak_rss_gb']:>7.2f}  "
              + " ".join(f"{r['stages_s'][s]:>9.2f}" for s in STEPS))
    small, large = results[0], results[-1]
    if large["mb"] > small["mb"]:
        # seconds per MB, largest size over smallest: ~1 for a linear step, ~(size ratio) for a quadratic one
        growth = {s: round((large["stages_s"][s] / large["mb"]) / max(small["stages_s"][s] / small["mb"], 1e-9), 2)
                  for s in STEPS if large["stages_s"][s] >= 0.05}
        print(f"\nseconds per MB at {large['mb']:g} MB over {small['mb']:g} MB (1 = linear, {large['mb'] / small['mb']:g} = quadratic): {growth}")
        results.append({"per_mb_growth": growth})
    print(f"10 MB target <= 10 s: {'met' if large['mb'] >= 10 and large['wall_s'] <= 10 else 'not met' if large['mb'] >= 10 else 'not measured'}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
