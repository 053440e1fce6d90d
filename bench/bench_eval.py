"""Benchmark: `curate eval` of 1,000 test prompts with the tiny model (target <= 2 min on the 2-core
CPU machine).

Setup (not timed): `curate synth` -> `curate split` with a test share that yields the test rows ->
`curate tiny-model` -> `curate train` a few steps. Timed: `evaluate_run` in this process (the
model loaded once per repeat), phase by phase, for
  - the full eval: loss on up to --test-rows rows of each split, generation on test + test_ood and
    on as many perturbed prompts, extraction and losses of 4 x --probes probe rows under the run and
    the base model, regurgitation, facts;
  - loss + test/test_ood generation: the same without perturbed prompts and the base model, and
    one probe row per fate.
Generated tokens per second are counted from the answers the model wrote.

    python bench/bench_eval.py --work /tmp/bench-eval            # 1,000 test prompts, 2 repeats
    python bench/bench_eval.py --test-rows 200 --repeat 1         # quick
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", default="bench-eval")
    p.add_argument("--test-rows", type=int, default=1000)
    p.add_argument("--train-steps", type=int, default=60)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--probes", type=int, default=200)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own, one per core)")
    return p.parse_args()


def curate(work: Path, *args) -> None:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    result = subprocess.run(["curate", "-q", *map(str, args)], cwd=work, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"curate {args[0]} failed")


def setup(work: Path, args: argparse.Namespace) -> None:
    if (work / "run" / "adapter_model.safetensors").exists():
        return
    rows = int(args.test_rows / 0.45) + 1
    curate(work, "synth", "-n", rows, "-o", "data.parquet", "--seed", 1)
    curate(work, "split", "data.parquet", "--ratios", "0.5,0.05,0.45", "--holdout-templates", "reasoning:0.1", "--out", "split")
    curate(work, "tiny-model", "tiny", "--data", "split")
    curate(work, "train", "split", "--recipe", "tiny-cpu", "--model", "tiny", "--out", "run", "--max-steps", args.train_steps,
           "--set", "training.lr=1e-2", "--set", "data.overflow=truncate", "--set", f"training.save_every={args.train_steps}")


def generated_tokens(path: Path, tokenizer) -> int:
    import polars as pl

    texts = pl.read_parquet(path)["text"].fill_null("").to_list()
    return sum(len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"])


def main() -> None:
    args = parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    setup(work, args)

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from curation.console import set_quiet
    from curation.training.evaluate import EvalConfig, evaluate_run, sidecar
    from curation.training.inference import load_run

    set_quiet(True)
    tokenizer = load_run(work / "run", base=str(work / "tiny")).tokenizer
    variants = {
        "full eval": EvalConfig(limit=args.test_rows, probes=args.probes, batch_size=args.batch_size, base=str(work / "tiny")),
        "loss + test/test_ood generation": EvalConfig(limit=args.test_rows, probes=1, batch_size=args.batch_size, base_model=False, perturb=False,
                                           base=str(work / "tiny")),
    }
    print(f"# curate eval: {args.test_rows} test prompts, tiny model, batch {args.batch_size}, {torch.get_num_threads()} torch thread(s), "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    for name, config in variants.items():
        for i in range(args.repeat):
            out = work / f"eval-{name.split()[0]}-{i}.json"
            start = time.perf_counter()
            outcome = evaluate_run(work / "run", work / "split", config, out)
            total = time.perf_counter() - start
            tokens = generated_tokens(sidecar(out, "generations"), tokenizer)
            phases = ", ".join(f"{k} {v:.1f}" for k, v in outcome.report.timing_s.items())
            answers = outcome.generations.height
            print(f"{name} #{i + 1}: {total:.1f} s total ({phases}); {answers} answers generated, {tokens:,} tokens, "
                  f"{tokens / outcome.report.timing_s['generation']:.0f} tok/s in generation; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
