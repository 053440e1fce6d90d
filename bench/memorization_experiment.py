"""The memorization experiment: the same tiny model trained on raw and on curated data, measured
side by side (issue 7). Runs on a CPU end to end, every stage through the `curate` CLI:

  curate synth -> curate audit -> curate split (curated: --dedup near --reweight template
  --holdout-templates reasoning:0.1) -> the paired raw split -> curate tiny-model -> pretraining
  of the base -> curate train (raw, curated at equal steps, curated at equal epochs; each seed) ->
  curate eval (every run probed on the same rows) -> curate compare

The base model. LoRA on the random-init tiny model barely learns (measured: answer loss 6.8 -> 6.0
in 100 steps at lr 2e-2; LoRA r=64 does no better), because its embeddings and output head are
frozen random vectors. A real QLoRA run starts from a pretrained model that knows the language but
not the dataset, so the experiment first trains the whole tiny model briefly as a language model on
the *scenarios* of a disjoint `curate synth` draw (another seed): it learns the domain's language,
never an answer, a template of the answers, or a row of the experiment's data. Both runs then
QLoRA-train from this same base.

The two splits share their held-out rows: the raw split is written from the curated one
(`curation.training.probes.paired_raw_split`) with the very same validation, test and test_ood files;
its train is every other input row at weight 1 (no dedup, no reweighting), leaving out only a
removed duplicate whose kept twin is held out (it would leak). So the probe rows (kept,
downweighted, removed, held_out, sampled once from the curated split) are the same rows under every
run, and their differences are paired.

Same token budget: raw and curated train with the same recipe, batch and number of steps (equal
steps); a third run trains the curated split for the raw run's number of epochs (equal epochs).
Headline = raw - curated per probe fate, each row's difference averaged over the seeds, with a 95%
bootstrap interval over the rows.

    python bench/memorization_experiment.py --work /tmp/memexp            # defaults below
    python bench/memorization_experiment.py --rows 1000 --steps 120 --seeds 0 --work /tmp/quick

Prints the figures (a markdown table) and writes WORK/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

FATES = ("kept", "downweighted", "removed", "held_out")
PAIRED = {"exact": "extraction exact 32/32", "near": "extraction near-verbatim (EditSim > 0.8)", "score": "extraction score (Pythia)", "loss": "answer loss (nats/token)"}


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", default="memexp", help="Working directory (created).")
    p.add_argument("--rows", type=int, default=1000, help="Rows of curate synth data.")
    p.add_argument("--steps", type=int, default=400, help="Optimizer steps of the raw run (and of the equal-steps curated run).")
    p.add_argument("--seeds", default="0,1", help="Training seeds, comma-separated.")
    p.add_argument("--batch-size", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-2)
    p.add_argument("--lora-r", type=int, default=16)
    p.add_argument("--hidden", type=int, default=64, help="Tiny model hidden size.")
    p.add_argument("--layers", type=int, default=2, help="Tiny model layers.")
    p.add_argument("--limit", type=int, default=100, help="curate eval --limit (held-out rows generated per split).")
    p.add_argument("--probes", type=int, default=60, help="curate eval --probes (rows per curation fate).")
    p.add_argument("--eval-batch", type=int, default=64)
    p.add_argument("--data-seed", type=int, default=0)
    p.add_argument("--pretrain-steps", type=int, default=300, help="Full-model LM steps of the base on disjoint scenarios (0: none).")
    p.add_argument("--pretrain-rows", type=int, default=3000, help="Scenarios of the disjoint synth draw the base pretrains on.")
    p.add_argument("--no-equal-epochs", action="store_true", help="Skip the curated run at the raw run's epochs (equal steps only).")
    p.add_argument("--resume", action="store_true", help="Reuse the data, base and trained runs already in --work; evaluate again.")
    return p.parse_args()


class Runner:
    """Runs curate commands in the work directory, one thread each (2 shared cores), timing them."""

    def __init__(self, work: Path):
        self.work = work
        self.seconds: dict[str, float] = {}
        self.env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}

    def curate(self, label: str, *args: str) -> None:
        start = time.perf_counter()
        cmd = ["curate", "-q", *map(str, args)]
        print(f"[{time.strftime('%H:%M:%S')}] {' '.join(cmd)}", file=sys.stderr, flush=True)
        result = subprocess.run(cmd, cwd=self.work, env=self.env, capture_output=True, text=True)
        if result.returncode not in (0, 1):  # 1: the audit gate; not an error here
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"{label} failed (exit {result.returncode})")
        self.seconds[label] = round(time.perf_counter() - start, 1)

    def python(self, label: str, fn, *args) -> None:
        start = time.perf_counter()
        fn(*args)
        self.seconds[label] = round(time.perf_counter() - start, 1)


def prepare_data(run: Runner, args: argparse.Namespace) -> None:
    from curation.training.probes import paired_raw_split

    if reusable(run.work / "base" if args.pretrain_steps else run.work / "tiny", args):
        return
    run.curate("synth", "synth", "-n", args.rows, "-o", "data.parquet", "--seed", args.data_seed)
    run.curate("audit", "audit", "data.parquet", "-o", "audit", "--fail-on", "never")
    run.curate("split curated", "split", "data.parquet", "--audit", "audit", "--stratify", "risk_type,severity", "--dedup", "near",
               "--reweight", "template", "--holdout-templates", "reasoning:0.1", "--seed", args.data_seed, "--out", "curated")
    cwd = Path.cwd()
    os.chdir(run.work)  # the manifest names the input as `curate split` was given it
    try:
        run.python("split raw (paired)", paired_raw_split, "curated", "raw")
    finally:
        os.chdir(cwd)
    run.curate("tiny-model", "tiny-model", "tiny", "--data", "raw", "--hidden-size", args.hidden, "--layers", args.layers)
    if args.pretrain_steps:
        run.python("pretrain base", pretrain_base, run.work / "tiny", run.work / "base", args)


def reusable(path: Path, args: argparse.Namespace) -> bool:
    """--resume: a stage whose output exists is not run again (evals always are)."""
    return args.resume and path.exists()


def pretrain_base(tiny: Path, out: Path, args: argparse.Namespace) -> None:
    """Train every weight of the tiny model as a language model on the scenarios of a disjoint synth
    draw (seed data_seed + 1000): batch 16, AdamW lr 3e-3, 10 warmup steps, linear decay."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from curation.synth import synthesize

    torch.set_num_threads(1)
    torch.manual_seed(args.data_seed)
    texts = synthesize(args.pretrain_rows, seed=args.data_seed + 1000)[0]["scenario"].to_list()
    tokenizer = AutoTokenizer.from_pretrained(tiny)
    model = AutoModelForCausalLM.from_pretrained(tiny, dtype=torch.float32)
    steps = args.pretrain_steps
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 10) * max(0.0, 1 - s / steps))
    rng = np.random.default_rng(args.data_seed)
    for step in range(steps):
        picked = rng.choice(len(texts), 16, replace=False)
        batch = tokenizer([texts[i] + tokenizer.eos_token for i in picked], return_tensors="pt", padding=True, add_special_tokens=False)
        labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        if (step + 1) % 50 == 0:
            print(f"  pretrain step {step + 1}: loss {loss.item():.3f}", file=sys.stderr, flush=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)


def train_rows(work: Path, split: str) -> int:
    return pl.read_parquet(work / split / "train.parquet").height


def plan_runs(work: Path, args: argparse.Namespace) -> list[dict]:
    """(name, split, steps) per seed: raw and curated at equal steps, curated at the raw run's epochs."""
    raw_rows, curated_rows = train_rows(work, "raw"), train_rows(work, "curated")
    epoch_steps = max(1, round(args.steps * curated_rows / raw_rows))
    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        runs.append({"name": f"raw-s{seed}", "kind": "raw", "split": "raw", "steps": args.steps, "seed": seed})
        runs.append({"name": f"curated-s{seed}", "kind": "curated", "split": "curated", "steps": args.steps, "seed": seed})
        if epoch_steps != args.steps and not args.no_equal_epochs:
            runs.append({"name": f"curated-epochs-s{seed}", "kind": "curated-epochs", "split": "curated", "steps": epoch_steps, "seed": seed})
    return runs


def train_and_eval(run: Runner, spec: dict, args: argparse.Namespace) -> None:
    out = f"runs/{spec['name']}"
    if not reusable(run.work / out / "adapter_model.safetensors", args):
        train(run, spec, out, args)
    run.curate(f"eval {spec['name']}", "eval", out, "--split", spec["split"], "--probes-from", "curated", "--limit", args.limit,
               "--probes", args.probes, "--batch-size", args.eval_batch, "--seed", 0)


def train(run: Runner, spec: dict, out: str, args: argparse.Namespace) -> None:
    run.curate(f"train {spec['name']}", "train", spec["split"], "--recipe", "tiny-cpu", "--model", "base" if args.pretrain_steps else "tiny", "--out", out,
               "--max-steps", spec["steps"], "--seed", spec["seed"], "--set", f"training.lr={args.lr}",
               "--set", f"training.batch_size={args.batch_size}", "--set", f"lora.r={args.lora_r}", "--set", f"lora.alpha={2 * args.lora_r}",
               "--set", "training.eval_every=50", "--set", f"training.save_every={spec['steps']}", "--set", "data.overflow=truncate",
               "--set", "training.warmup_ratio=0.05")


# -- results ------------------------------------------------------------------------------------------------


def load(work: Path, name: str) -> tuple[dict, pl.DataFrame]:
    root = work / "runs" / name
    return json.loads((root / "eval.json").read_text()), pl.read_parquet(root / "eval.probes.parquet")


def pooled_paired(work: Path, raw_names: list[str], cur_names: list[str]) -> dict:
    """raw - curated per fate and measure: each probe row's difference averaged over the seeds,
    mean and 95% bootstrap interval over rows."""
    from curation.training.metrics import bootstrap_ci

    diffs = []
    for raw_name, cur_name in zip(raw_names, cur_names):
        _, raw = load(work, raw_name)
        _, cur = load(work, cur_name)
        joined = raw.join(cur, on=["row", "fate"], suffix="_cur")
        cols = []
        for m in PAIRED:
            eligible = pl.lit(True) if m == "loss" else pl.col("eligible") & pl.col("eligible_cur")
            cols.append(pl.when(eligible).then(pl.col(m).cast(pl.Float64) - pl.col(f"{m}_cur").cast(pl.Float64)).alias(m))
        diffs.append(joined.select("row", "fate", *cols))
    per_row = pl.concat(diffs).group_by("row", "fate").agg(pl.col(m).mean() for m in PAIRED)
    out = {}
    for fate in FATES:
        rows = per_row.filter(pl.col("fate") == fate)
        if rows.height:
            out[fate] = {m: {"rows": int(rows[m].drop_nulls().len()), **bootstrap_ci(rows[m].drop_nulls().to_numpy(), seed=0)} for m in PAIRED}
    return out


def per_run_table(work: Path, names: list[str]) -> dict:
    """The headline numbers of each run's eval.json, and its AUROC of each fate vs held-out."""
    from curation.training.compare import flatten

    wanted = {
        "test loss": "loss.test.token_mean", "train loss (sample)": "loss.train.token_mean", "gap test-train": "loss.gap.test_minus_train",
        "format valid (test)": "generation.test.format_valid_rate", "risk_type acc (test)": "generation.test.risk_type.accuracy",
        "risk_type macro-F1 (test)": "generation.test.risk_type.macro_f1", "severity acc (test)": "generation.test.severity.accuracy",
        "severity |err| (test)": "generation.test.severity.ordinal.mean_abs_error", "risk_type acc (test_ood)": "generation.test_ood.risk_type.accuracy",
        "hallucination (test)": "facts.test.generated.hallucination_rate",
        "regurg. reasoning (test)": "memorization.regurgitation.test.reasoning.generated",
        "regurg. reasoning (test_ood)": "memorization.regurgitation.test_ood.reasoning.generated",
        "regurg. reasoning (perturbed)": "memorization.regurgitation.perturbed.reasoning.generated",
        "regurg. action (test)": "memorization.regurgitation.test.recommended_action.generated",
        "perturbed: follows swap": "memorization.perturbation.follows_swap_rate",
        "perturbed: label unchanged": "memorization.perturbation.unchanged_label_rate",
        "perturbed: same reasoning": "memorization.perturbation.same_answer_rate.reasoning",
        "extraction exact (members)": "memorization.extraction.members.exact_rate",
        "extraction near (members)": "memorization.extraction.members.near_verbatim_rate",
        "extraction exact (held-out)": "memorization.extraction.held_out.exact_rate",
        "MIA AUROC loss": "memorization.mia.scores.loss.auroc", "MIA AUROC min-20%": "memorization.mia.scores.min_k.auroc",
        "MIA AUROC zlib": "memorization.mia.scores.zlib.auroc", "MIA AUROC ref (base)": "memorization.mia.scores.ref.auroc",
        "MIA TPR@5%FPR loss": "memorization.mia.scores.loss.tpr_at_0.05_fpr",
    }
    for fate in ("kept", "downweighted", "removed"):
        wanted[f"{fate}: extraction exact"] = f"probes.{fate}.extraction.exact_rate"
        wanted[f"{fate}: AUROC vs held-out (loss)"] = f"probes.{fate}.auroc_vs_held_out.loss"
    table = {}
    for name in names:
        report, _ = load(work, name)
        flat = {k: v["value"] for k, v in flatten(report).items()}
        table[name] = {label: flat.get(path) for label, path in wanted.items()}
        table[name]["steps"] = report["run"]["steps"]
        table[name]["epochs"] = report["run"]["epochs"]
    return table


def fmt(value) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def print_markdown(results: dict) -> None:
    names = list(results["runs"])
    print("\n## Per run\n")
    print("| metric | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for label in results["runs"][names[0]]:
        print(f"| {label} | " + " | ".join(fmt(results["runs"][n][label]) for n in names) + " |")
    for title, block in results["headline"].items():
        print(f"\n## Paired probes, raw - curated ({title}), mean over seeds per row, 95% bootstrap CI\n")
        print("| fate | measure | rows | raw - curated | 95% CI |")
        print("|---|---|---|---|---|")
        for fate, measures in block.items():
            for m, cell in measures.items():
                print(f"| {fate} | {PAIRED[m]} | {cell['rows']} | {fmt(cell['value'])} | [{fmt(cell['low'])}, {fmt(cell['high'])}] |")
    print("\n## Wall time (s)\n")
    for label, seconds in results["seconds"].items():
        print(f"- {label}: {seconds}")


def main() -> None:
    args = parse_args()
    work = Path(args.work).resolve()
    (work / "runs").mkdir(parents=True, exist_ok=True)
    run = Runner(work)
    started = time.perf_counter()
    prepare_data(run, args)
    specs = plan_runs(work, args)
    for spec in specs:
        train_and_eval(run, spec, args)
    names = [s["name"] for s in specs]
    for seed in sorted({s["seed"] for s in specs}):
        mine = [s["name"] for s in specs if s["seed"] == seed]
        run.curate(f"compare s{seed}", "compare", *[f"runs/{n}" for n in mine], "--out", f"compare-s{seed}")
    raw = [s["name"] for s in specs if s["kind"] == "raw"]
    headline = {"equal steps": pooled_paired(work, raw, [s["name"] for s in specs if s["kind"] == "curated"])}
    epochs = [s["name"] for s in specs if s["kind"] == "curated-epochs"]
    if epochs:
        headline["equal epochs"] = pooled_paired(work, raw, epochs)
    run.seconds["total"] = round(time.perf_counter() - started, 1)
    results = {
        "parameters": vars(args),
        "data": {"raw_train_rows": train_rows(work, "raw"), "curated_train_rows": train_rows(work, "curated"),
                 "curated_manifest_weights": json.loads((work / "curated" / "manifest.json").read_text())["weights"]["train"],
                 "raw_pairing": json.loads((work / "raw" / "manifest.json").read_text())["paired_with"]},
        "runs": per_run_table(work, names),
        "headline": headline,
        "seconds": run.seconds,
        "machine": {"cpus": os.cpu_count(), "platform": sys.platform},
    }
    (work / "results.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"# memorization experiment: {args.rows} synth rows, {args.steps} steps, seeds {args.seeds}; work dir {work}")
    print(f"raw train rows {results['data']['raw_train_rows']}, curated train rows {results['data']['curated_train_rows']}")
    print_markdown(results)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
