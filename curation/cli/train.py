"""`curate train SPLIT_DIR --recipe NAME --out RUN_DIR` and `curate tiny-model DIR`."""

from __future__ import annotations

import click

from curation.cli.options import ConfigDefault
from curation.console import is_quiet, note
from curation.errors import CurateError

TINY = "curation.training.tiny_model:TinySpec"  # where the tiny-model defaults below are defined


def _need_train_extra() -> None:
    """One sentence instead of an ImportError when the heavy dependencies are missing. Looked up, not
    imported: `curation.training` sets the no-Hub-kernels environment before any of them loads, and
    bitsandbytes is imported through `import_bitsandbytes` (no Hub lookup)."""
    import importlib.util

    import curation.training  # noqa: F401  (sets the environment first)

    for name in ("torch", "transformers", "peft", "bitsandbytes", "accelerate"):
        if importlib.util.find_spec(name) is None:
            raise CurateError(f"training needs the train extra ({name} is not installed); pip install 'curate[train]'.")


def _quiet_libraries() -> None:
    """Our progress bar and notes only: the libraries' own loading bars and deprecation chatter go."""
    import warnings

    import transformers

    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", message=".*gemm_4bit.*")


def _recipes_help() -> str:
    from curation.training.recipe import builtin_recipes

    return ", ".join(builtin_recipes())


@click.command(short_help="QLoRA fine-tune on a split directory, with eval loss tracked.")
@click.argument("split_dir", type=click.Path())
@click.option("-r", "--recipe", help=f"Built-in recipe ({_recipes_help()}) or a recipe .yaml file. Not needed with --resume.")
@click.option("-o", "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Run directory to write (empty or new; with --resume, the run to continue).")
@click.option("--model", "base", help="Base model: a Hub id or a local folder (same as --set model.base=...).")
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a recipe field, e.g. --set training.lr=2e-4 --set data.packing=true (repeatable).")
@click.option("--resume", is_flag=True, help="Continue the run in --out from its latest checkpoint.")
@click.option("--max-steps", type=click.IntRange(min=1), help="Optimizer steps (same as --set training.max_steps=N).")
@click.option("--seed", type=int, help="Seed for LoRA init, data order and dropout (same as --set training.seed=N).")
@click.option("--profile", help="Dataset profile (default: the split's manifest, else detected from the columns).")
def train(split_dir, recipe, out_dir, base, overrides, resume, max_steps, seed, profile):
    """Fine-tune a LoRA adapter on SPLIT_DIR (written by `curate split`) and write RUN_DIR:
    adapter_model.safetensors + adapter_config.json, tokenizer, metrics.jsonl (train loss, eval loss,
    learning rate, tokens/s per step), run.json (recipe, resolved config, versions, device, split
    manifest sha256) and checkpoints/.

    \b
    Examples:
      curate tiny-model tiny/ --data split/
      curate train split/ --recipe tiny-cpu --model tiny/ --out run/
      curate train split/ --recipe nariraksha-qwen2.5-3b --out run3b/ --set training.lr=1e-4
      curate train split/ --out run3b/ --resume
      accelerate launch --multi_gpu $(which curate) train split/ --recipe rai-classifier-nemotron-4b --out rai/

    Each row becomes its profile's chat conversation; the loss is on the assistant's answer only,
    weighted by the split's `weight` column: sum_i w_i sum_t l_it / sum_i w_i n_i.
    """
    _need_train_extra()
    _quiet_libraries()
    from curation.training.trainer import train as run_training

    overrides = list(overrides)
    if base:
        overrides.append(f"model.base={base}")
    if max_steps:
        overrides.append(f"training.max_steps={max_steps}")
    if seed is not None:
        overrides.append(f"training.seed={seed}")
    resolved = _resolve_recipe(recipe, out_dir, overrides, resume)
    result = run_training(split_dir, resolved, out_dir, resume=resume, profile=profile)
    if not is_quiet():
        best = "" if result.best_eval_loss is None else f", best {result.best_eval_loss:.4f} at step {result.best_step}"
        final = "n/a" if result.final_eval_loss is None else f"{result.final_eval_loss:.4f}"
        note(f"[bold]{result.status}[/] {result.steps} steps; eval loss {final}{best}")
        note(f"adapter (step {result.adapter_step}), metrics.jsonl, run.json: {result.run_dir}/")


def _resolve_recipe(recipe: str | None, out_dir: str, overrides: list[str], resume: bool):
    """The recipe to run: named, or on --resume the one saved in the run's run.json (plus overrides)."""
    from pathlib import Path

    from curation.artifacts.run import RunJson
    from curation.training.recipe import load_recipe, recipe_from_dict

    run_json = Path(out_dir) / RunJson.FILE
    if resume and run_json.exists():
        saved = RunJson.read(run_json).config
        if recipe and recipe not in (saved.get("name"), None):
            raise CurateError(f"{out_dir} was trained with recipe '{saved.get('name')}', not '{recipe}'; drop --recipe to resume it.")
        return recipe_from_dict(saved, overrides, where=str(run_json))
    if resume:
        return None  # the trainer says there is nothing to resume
    if not recipe:
        raise CurateError("no --recipe given; pass one of the built-in recipes or a recipe .yaml file (e.g. --recipe tiny-cpu).")
    return load_recipe(recipe, overrides)


@click.command("tiny-model", short_help="Build a tiny random-init Qwen2 model + BPE tokenizer for CPU demos and tests.")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--data", type=click.Path(exists=True), help="Split directory or data file whose text trains the tokenizer (default: a curate synth sample).")
@click.option("--profile", help="Dataset profile of --data (default: the manifest's, else detected).")
@click.option("--vocab-size", type=click.IntRange(min=300), default=ConfigDefault(TINY, "vocab_size"), show_default=True, help="Upper bound on the BPE vocabulary.")
@click.option("--hidden-size", type=click.IntRange(min=16), default=ConfigDefault(TINY, "hidden_size"), show_default=True)
@click.option("--layers", type=click.IntRange(min=1), default=ConfigDefault(TINY, "num_layers"), show_default=True)
@click.option("--heads", type=click.IntRange(min=1), default=ConfigDefault(TINY, "num_heads"), show_default=True)
@click.option("--seed", type=int, default=ConfigDefault(TINY, "seed"), show_default=True, help="Seed of the random weights.")
def tiny_model(out_dir, data, profile, vocab_size, hidden_size, layers, heads, seed):
    """Write OUT_DIR like a Hub model (config.json, model.safetensors, tokenizer with a ChatML chat
    template): a random-init Qwen2-architecture model small enough to QLoRA-train on a CPU in
    seconds. It has learnt nothing; it exercises the real training path.

    \b
    Example:
      curate tiny-model tiny/ --data split/ && curate train split/ --recipe tiny-cpu --model tiny/ --out run/
    """
    _need_train_extra()
    _quiet_libraries()
    from curation.training.tiny_model import TinySpec, build_tiny_model, conversations_for_tokenizer

    spec = TinySpec(vocab_size=vocab_size, hidden_size=hidden_size, intermediate_size=4 * hidden_size,
                    num_layers=layers, num_heads=heads, num_kv_heads=heads // 2 if heads % 2 == 0 else heads, seed=seed)
    conversations = conversations_for_tokenizer(data, profile)
    path = build_tiny_model(out_dir, conversations, spec)
    note(f"tiny model written to {path}/ ({layers} layers, hidden {hidden_size}; tokenizer from {len(conversations):,} conversations)")
