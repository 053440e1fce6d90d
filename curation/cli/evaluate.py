"""`curate eval RUN_DIR --split SPLIT_DIR` and `curate compare RUN_A RUN_B ...`"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from curation.cli.options import ConfigDefault
from curation.console import is_quiet, note

EVAL = "curation.training.evaluate:EvalConfig"  # where the eval defaults below are defined
if TYPE_CHECKING:
    from curation.artifacts.evaluation import EvalJson


@click.command("eval", short_help="Accuracy, facts and memorization of a trained run (eval.json).")
@click.argument("run_dir", type=click.Path(file_okay=False))
@click.option("--split", "split_dir", required=True, type=click.Path(file_okay=False), help="Split directory (the one the run was trained on).")
@click.option("--limit", type=click.IntRange(min=0), default=ConfigDefault(EVAL, "limit"), show_default=True, help="Rows per split for loss and generation (a seeded sample); 0 = all.")
@click.option("--probes", type=click.IntRange(min=1), default=ConfigDefault(EVAL, "probes"), show_default=True, help="Probe rows per curation fate (kept, downweighted, removed, held_out).")
@click.option("--probes-from", type=click.Path(file_okay=False), help="Curated split directory whose fates define the probe rows (default: --split). Give a raw run the curated split to pair it with the curated run.")
@click.option("--batch-size", type=click.IntRange(min=1), default=ConfigDefault(EVAL, "batch_size"), show_default=True, help="Rows per forward pass / generation batch.")
@click.option("--max-new-tokens", type=click.IntRange(min=1), help="Generation length (default: the longest reference answer in the sample + 25%).")
@click.option("--prefix-tokens", type=click.IntRange(min=0), default=ConfigDefault(EVAL, "prefix_tokens"), show_default=True, help="Extraction: answer tokens given with the prompt (k).")
@click.option("--suffix-tokens", type=click.IntRange(min=1), default=ConfigDefault(EVAL, "suffix_tokens"), show_default=True, help="Extraction: tokens the greedy continuation must reproduce.")
@click.option("--no-base", is_flag=True, help="Skip the base model without the adapter (reference-ratio MIA and the base extraction baseline).")
@click.option("--no-perturb", is_flag=True, help="Skip the perturbed and the label-masked prompts.")
@click.option("--negative-label", type=str, default=ConfigDefault(EVAL, "negative_label"), show_default=True, help="The classifier's no-violation class (block rate, precision and recall treat the others as blocks).")
@click.option("--similarity-model", type=str, default=ConfigDefault(EVAL, "similarity_model"), show_default=True, help="sentence-transformers model for reference similarity (do-not-answer), when installed.")
@click.option("--base-model", "base", help="Base model folder or Hub id, replacing the one in run.json (e.g. the same model elsewhere).")
@click.option("--profile", help="Dataset profile (default: the split's manifest, else detected).")
@click.option("--seed", type=int, default=ConfigDefault(EVAL, "seed"), show_default=True, help="Seed of the samples, the perturbation and the bootstrap.")
@click.option("--threads", type=click.IntRange(min=1), help="Torch threads on a CPU (default: torch's own, one per core).")
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="eval.json to write (default: RUN_DIR/eval.json); the .probes/.generations parquet files go beside it.")
def eval_command(run_dir, split_dir, limit, probes, probes_from, batch_size, max_new_tokens, prefix_tokens, suffix_tokens, no_base,
                 no_perturb, negative_label, similarity_model, base, profile, seed, threads, out):
    """Evaluate RUN_DIR (written by `curate train`) on SPLIT_DIR and write eval.json: loss per split
    and stratum with the generalization gap; greedy answers on test and test_ood (format validity,
    label accuracy, macro-F1, ordinal error, confusion; classifier block rate, precision, recall);
    hallucinated citations and helplines; template regurgitation on test, test_ood and perturbed
    prompts; label accuracy with and without the labels the test prompts state (label-masked);
    extraction per duplicate-count bucket; membership inference (loss, Min-20%, zlib, base-model
    ratio); and all of it per curation fate, with the base model as a baseline.

    \b
    Examples:
      curate eval run/ --split split/
      curate eval raw-run/ --split raw-split/ --probes-from curated-split/ --limit 500
    """
    from curation.cli.train import _need_train_extra, _quiet_libraries

    _need_train_extra()
    _quiet_libraries()
    from curation.training.evaluate import EvalConfig, evaluate_run

    config = EvalConfig(limit=limit or None, probes=probes, batch_size=batch_size, max_new_tokens=max_new_tokens,
                        prefix_tokens=prefix_tokens, suffix_tokens=suffix_tokens, seed=seed, base_model=not no_base,
                        perturb=not no_perturb, probes_from=probes_from, negative_label=negative_label,
                        similarity_model=similarity_model, profile=profile, base=base, threads=threads)
    outcome = evaluate_run(run_dir, split_dir, config, out)
    if not is_quiet():
        print_eval_summary(outcome.report)
        note(f"eval.json and per-row probes/generations: {outcome.path}")


def print_eval_summary(report: EvalJson) -> None:
    from rich.table import Table

    from curation.console import stderr
    from curation.training.compare import headline_metrics

    table = Table(show_edge=False, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in headline_metrics(report).items():
        table.add_row(name, "—" if value is None else f"{value:.4g}")
    stderr.print(table)


@click.command(short_help="Runs side by side: every eval metric with deltas, loss curves (compare.html).")
@click.argument("runs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), default="compare", show_default=True, help="Directory for compare.json and compare.html.")
@click.option("--name", "names", multiple=True, help="Display name of each run, in order (default: the folder names).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the paired bootstrap.")
def compare(runs, out_dir, names, seed):
    """Compare RUN_A RUN_B ... (each with the eval.json of `curate eval`): every metric side by side
    with its delta from the first run and which run is better, paired bootstrap intervals on the
    probe rows the runs share, and train/eval loss curves overlaid from metrics.jsonl.

    \b
    Example:
      curate compare raw-run/ curated-run/ --out impact/
    """
    from curation.training.compare import compare_runs

    if len(runs) < 2:
        raise click.UsageError("compare needs at least two runs, e.g. curate compare raw-run/ curated-run/.")
    outcome = compare_runs(list(runs), out_dir, names=list(names) or None, seed=seed)
    if not is_quiet():
        note(f"compare.json and compare.html ({len(runs)} runs, {len(outcome['metrics'])} metrics): {out_dir}/")
