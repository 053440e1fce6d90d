"""Labels stated in the prompt (`label.in_prompt`): time of the audit step, recall and precision.

    python bench/bench_label_in_prompt.py --rows 100000 --repeat 3 [--cache DIR]

Data: `curate synth -n ROWS --seed 0`, whose truth sidecar names the rows where a sentence stating
the row's risk_type or severity was planted into the scenario (problem `label.in_prompt`), and the
same rows made generator-shaped: every scenario ending the way the public NariRaksha generator's
do, "She filed a complaint regarding {risk_type}. The harm caused was classified as {severity}."
(the shape in which every row states both labels).

For each it runs the audit step (`curation.audit.label_in_prompt.run`) on a fresh audit context,
so the prompt's folding (`curation.text.normalized`, shared with the exact step in a full audit)
is timed too, and prints wall and CPU seconds (best of the repeats), rows flagged per label field
and, on the synth rows, recall and precision against the truth. The load average is printed beside
them: the machine is shared, wall time is inflated when others hold the cores.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import polars as pl

from curation.audit import label_in_prompt, prepare
from curation.audit.pipeline import AuditConfig, AuditContext
from curation.read import read_dataset
from curation.schemas import NARIRAKSHA
from curation.synth import truth_path
from synth_cache import synth_data

GENERATOR_TAIL = pl.format(" She filed a complaint regarding {}. The harm caused was classified as {}.", "risk_type", "severity")


def measure(data: pl.DataFrame, loaded, repeat: int) -> tuple[object, float, float]:
    best = None
    for _ in range(repeat):
        ctx = AuditContext(data=data, profile=NARIRAKSHA, config=AuditConfig(), loaded=loaded)
        wall, cpu = time.perf_counter(), time.process_time()
        result = label_in_prompt.run(ctx)
        took = (time.perf_counter() - wall, time.process_time() - cpu)
        if best is None or took[0] < best[1]:
            best = (result, *took)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "curate-bench", help="where generated data is kept between runs")
    args = parser.parse_args()
    path = synth_data(args.rows, args.cache)
    loaded = read_dataset(str(path))
    data = prepare(loaded, NARIRAKSHA)
    truth = pl.read_parquet(truth_path(path)).filter(pl.col("problem") == "label.in_prompt")
    shaped = data.with_columns(pl.col("scenario") + GENERATOR_TAIL)
    print(f"load average {os.getloadavg()[0]:.2f}; {data.height:,} rows, best of {args.repeat}")
    print("| data | wall | CPU | rows flagged: any | risk_type | severity | recall | precision |")
    print("|---|---|---|---|---|---|---|---|")
    for name, frame in (("curate synth", data), ("generator-shaped", shaped)):
        result, wall, cpu = measure(frame, loaded, args.repeat)
        fields = result.metrics["fields"]
        flagged = set(result.findings["row"].to_list())
        recall = precision = "—"
        if name == "curate synth":
            planted = set(truth["row"].to_list())
            recall = f"{len(planted & flagged) / len(planted):.4f} ({len(planted):,} planted)"
            precision = f"{len(planted & flagged) / max(len(flagged), 1):.4f}"
        share = {k: f"{v['rows']:,} ({v['share']:.2%})" for k, v in fields.items()}
        print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {result.metrics['rows']:,} ({result.metrics['share']:.2%}) "
              f"| {share['risk_type']} | {share['severity']} | {recall} | {precision} |")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
