"""The training loop of `curate train`: QLoRA on a split directory, eval loss tracked.

The loss of one optimizer step is the weighted mean of the per-token cross-entropy over the
assistant tokens of every row in the step (all gradient-accumulation micro-batches, all processes):

    loss = sum_i w_i * sum_t l_it  /  sum_i w_i * n_i

with w_i the row's `weight` from the split, l_it the negative log-likelihood of its t-th answer
token and n_i its number of answer tokens. With every weight 1 it is the plain token-mean. The
denominator is summed before the step's first backward pass, so splitting a step into micro-batches
or processes changes nothing. Eval loss is the unweighted token-mean over the validation split (it
measures the data as it is, not as reweighted).

Data parallelism comes from `accelerate`: the same command runs under `accelerate launch` or
`torchrun`; each process takes its share of every step's rows, gradients are all-reduced by DDP, and
only the main process writes files.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from curation import __version__
from curation.artifacts.run import RunJson
from curation.console import note, progress
from curation.errors import CurateError
from curation.files import atomic_file, sha256_of, staged_outputs
from curation.training.data import TokenizedSplit, collate, pack, single_rows, split_profile, tokenize_split
from curation.training.recipe import Recipe, recipe_from_dict

RUN_JSON, METRICS, CHECKPOINTS = RunJson.FILE, "metrics.jsonl", "checkpoints"
ADAPTER_FILE = "adapter_model.safetensors"


# -- the loss -------------------------------------------------------------------------------------------


def answer_nll(model, batch: dict[str, Any], *, keep_logits: bool = True):
    """Per-token negative log-likelihood of the scored tokens, and their weights, both [B, K].

    `batch["token_weights"][b, t]` weighs the prediction of token t (from the logits at t-1); only the
    positions some row scores are projected onto the vocabulary (`logits_to_keep`), which skips the
    prompt's logits entirely."""
    import torch.nn.functional as F

    ids = batch["input_ids"]
    target_weights = batch["token_weights"][:, 1:]
    keep = target_weights.sum(0).nonzero().squeeze(-1)  # positions whose next token is scored
    inputs = {k: batch[k] for k in ("input_ids", "attention_mask", "position_ids") if k in batch}
    if keep_logits:
        logits = model(**inputs, use_cache=False, logits_to_keep=keep).logits
    else:
        logits = model(**inputs, use_cache=False).logits[:, keep]
    nll = F.cross_entropy(logits.float().transpose(1, 2), ids[:, keep + 1], reduction="none")
    return nll, target_weights[:, keep]


# -- the run -----------------------------------------------------------------------------------------


@dataclass
class TrainResult:
    run_dir: Path
    status: str  # completed | early_stopped
    steps: int
    final_eval_loss: float | None
    best_eval_loss: float | None
    best_step: int | None
    adapter_step: int


@dataclass
class State:
    """What a checkpoint must restore beyond the weights and the optimizer."""

    step: int = 0
    consumed: int = 0  # training units (rows, or packed sequences) consumed so far, over all processes
    elapsed: float = 0.0
    best_eval_loss: float | None = None
    best_step: int | None = None
    bad_evals: int = 0
    last_eval_loss: float | None = None


@dataclass
class Data:
    """The split, tokenized: what the loop trains and evaluates on."""

    tokenizer: Any
    train: TokenizedSplit
    validation: TokenizedSplit
    units: list[np.ndarray]  # training units: single rows, or packed groups of rows
    info: dict[str, Any]  # run.json's `split`


@dataclass
class Session:
    """Everything the loop touches, on this process."""

    recipe: Recipe
    run_dir: Path
    accelerator: Any
    model: Any
    optimizer: Any
    scheduler: Any
    keep_logits: bool
    total_steps: int
    per_step: int  # units per optimizer step, over all processes


def train(split_dir: str | Path, recipe: Recipe | None, out_dir: str | Path, *, resume: bool = False,
          profile: str | None = None, on_step: Callable[[dict], None] | None = None) -> TrainResult:
    """Train `recipe` on the split directory and write the run directory (docs/contracts.md §6). With
    `resume`, continue the run in `out_dir` from its latest checkpoint (`recipe` None: the saved one)."""
    from accelerate.utils import set_seed

    run_dir = Path(out_dir)
    prior = _check_run_dir(run_dir, resume)
    if recipe is None:
        recipe = recipe_from_dict(prior.config, where=str(run_dir / RUN_JSON))
    accelerator, dtype = _accelerator(recipe)
    accelerator.wait_for_everyone()  # every process has checked the folder before the first file is written
    set_seed(recipe.training.seed)
    data = prepare_data(split_dir, recipe, profile, accelerator.is_main_process)
    if prior is not None and prior.split.sha256 != data.info["sha256"]:
        raise CurateError(f"{split_dir} is not the split {run_dir} was trained on (its files changed); resume with the same split.")
    session = _session(recipe, run_dir, accelerator, dtype, data)
    state, best_adapter = State(), None
    if prior is not None:
        state, best_adapter = _restore(session, _latest_checkpoint(run_dir))
        _truncate_metrics(run_dir / METRICS, state.step, accelerator.is_main_process)
        if accelerator.is_main_process:
            note(f"resuming {run_dir} from step {state.step} of {session.total_steps}")
    run_info = _run_info(session, data, dtype, started=prior.started if prior else _now())
    if accelerator.is_main_process:
        with atomic_file(run_dir / RUN_JSON) as tmp:
            run_info.write(tmp)
    status, best_adapter = _loop(session, data, state, best_adapter, on_step)
    return _finish(session, data, state, status, best_adapter, run_info)


def _accelerator(recipe: Recipe):
    """accelerate's Accelerator (one process, or one per GPU under accelerate launch / torchrun) and
    the compute dtype, whose autocast it applies."""
    import torch
    from accelerate import Accelerator

    from curation.training import model as modeling

    device_type = "cuda" if torch.cuda.is_available() else "cpu"
    if device_type == "cpu" and recipe.training.cpu_threads:
        torch.set_num_threads(recipe.training.cpu_threads)
    dtype = modeling.compute_dtype(recipe.model, device_type)
    return Accelerator(mixed_precision=modeling.mixed_precision(dtype), cpu=device_type == "cpu"), dtype


def prepare_data(split_dir: str | Path, recipe: Recipe, profile: str | None, main: bool = True) -> Data:
    """Read the split, build each row's conversation with the split's profile, tokenize train and
    validation under the length limit (saying what it cut), and group the training units."""
    from curation.split.layout import MANIFEST, read_split_dir
    from curation.training.model import load_tokenizer

    split = read_split_dir(split_dir, require=("train", "validation"))
    manifest = split.path / MANIFEST
    sha = sha256_of(manifest) if manifest.exists() else sha256_of(split.path)
    prof = split_profile(split, profile)
    tokenizer = load_tokenizer(recipe.model)
    limits = dict(max_length=recipe.data.max_length, overflow=recipe.data.overflow, template_kwargs=recipe.data.chat_template_kwargs)
    train_set = tokenize_split("train", split.frames["train"], prof, tokenizer, use_weights=recipe.data.use_weights, **limits)
    val_frame = split.frames["validation"]
    if recipe.data.eval_rows and recipe.data.eval_rows < val_frame.height:
        # a seeded sample, not the first rows: a split file may be ordered by stratum
        val_frame = val_frame.sample(recipe.data.eval_rows, seed=recipe.training.seed)
    val_set = tokenize_split("validation", val_frame, prof, tokenizer, use_weights=False, **limits)
    for tokenized in (train_set, val_set):
        if tokenized.lengths.over_limit and main:
            note(tokenized.lengths.sentence())
    units = pack(train_set, recipe.data.max_length, recipe.training.seed) if recipe.data.packing else single_rows(train_set)
    info = {"path": str(split.path.resolve()), "sha256": sha, "manifest_sha256": sha if manifest.exists() else None,
            "profile": prof.name, "format": split.format,
            "rows": {"train": len(train_set), "validation": len(val_set)},
            "answer_tokens": {"train": train_set.answer_tokens, "validation": val_set.answer_tokens},
            "length_limit": {s.name: s.lengths for s in (train_set, val_set)},
            "packed_sequences": len(units) if recipe.data.packing else None}
    return Data(tokenizer, train_set, val_set, units, info)


def _session(recipe: Recipe, run_dir: Path, accelerator, dtype, data: Data) -> Session:
    """The 4-bit base with LoRA, its optimizer and schedule, prepared for this process."""
    from curation.training import model as modeling

    t = recipe.training
    per_step = t.batch_size * t.grad_accum * accelerator.num_processes
    total_steps = t.max_steps or max(1, math.ceil(t.epochs * len(data.units) / per_step))
    model = modeling.load_base_model(recipe.model, accelerator.device, dtype)
    model = modeling.add_lora(model, recipe.lora, quantized=recipe.model.quantization != "none",
                              gradient_checkpointing=recipe.model.gradient_checkpointing)
    keep_logits = modeling.accepts_logits_to_keep(model)
    optimizer = _optimizer(t, [p for p in model.parameters() if p.requires_grad])
    scheduler = _scheduler(t, optimizer, total_steps)
    model, optimizer = accelerator.prepare(model, optimizer)
    return Session(recipe, run_dir, accelerator, model, optimizer, scheduler, keep_logits, total_steps, per_step)


def _run_info(session: Session, data: Data, dtype, *, started: str) -> RunJson:
    from curation.training.model import count_parameters

    trainable, total = count_parameters(session.model)
    return RunJson(
        schema_version=RunJson.VERSION,
        recipe=session.recipe.name,
        config=session.recipe.to_dict(),
        status="running",
        started=started,
        split=data.info,
        steps={"total": session.total_steps, "rows_per_step": session.per_step,
               "warmup": _warmup_steps(session.recipe.training, session.total_steps)},
        parameters={"trainable": trainable, "total": total},
        versions=_versions(),
        device=_device(session.accelerator, dtype),
    )


def _loop(session: Session, data: Data, state: State, best_adapter: dict | None,
          on_step: Callable[[dict], None] | None) -> tuple[str, dict | None]:
    """Optimizer steps until the last one (or early stopping): log, evaluate, checkpoint."""
    acc, t = session.accelerator, session.recipe.training
    main = acc.is_main_process
    pad_id = data.tokenizer.pad_token_id
    eval_batches = _eval_units(data.validation, t.eval_batch_size, acc.process_index, acc.num_processes)
    started = time.perf_counter() - state.elapsed
    status = "completed"
    with (progress() if main else contextlib.nullcontext()) as bar, _metrics_writer(session.run_dir / METRICS, main) as log:
        task = bar.add_task("training", total=session.total_steps, completed=state.step) if main else None
        while state.step < session.total_steps:
            t0 = time.perf_counter()
            lr = session.optimizer.param_groups[0]["lr"]
            micro = _micro_batches(data.units, state.consumed, t, acc, data.train, pad_id, session.recipe.data.use_weights)
            loss, tokens = _optimizer_step(session.model, session.optimizer, session.scheduler, micro, acc, t, session.keep_logits)
            step_time = time.perf_counter() - t0
            state.step += 1
            state.consumed += session.per_step
            state.elapsed = time.perf_counter() - started
            record = {"step": state.step, "train_loss": loss, "eval_loss": None, "learning_rate": lr,
                      "tokens_per_second": tokens / step_time, "elapsed": round(state.elapsed, 3),
                      "epoch": round(state.consumed / len(data.units), 4)}
            last = state.step == session.total_steps
            if state.step % t.eval_every == 0 or last:
                record["eval_loss"] = state.last_eval_loss = evaluate(session.model, data.validation, eval_batches, pad_id, acc, session.keep_logits)
                if _improved(state, t):
                    state.best_eval_loss, state.best_step, state.bad_evals = state.last_eval_loss, state.step, 0
                    if t.early_stopping_patience:
                        best_adapter = _adapter_state(acc, session.model)
                else:
                    state.bad_evals += 1
                if t.early_stopping_patience and state.bad_evals >= t.early_stopping_patience:
                    status, last = "early_stopped", True
            if state.step % t.log_every == 0 or record["eval_loss"] is not None or last:
                log(record)
            if on_step is not None:
                on_step(record)
            if main:
                bar.update(task, completed=state.step, description=_describe(record, state))
            if state.step % t.save_every == 0 or last:
                _save_checkpoint(session, state, best_adapter)
            if last:
                break
    return status, best_adapter


def _improved(state: State, t) -> bool:
    return state.best_eval_loss is None or state.last_eval_loss < state.best_eval_loss - t.early_stopping_min_delta


def _finish(session: Session, data: Data, state: State, status: str, best_adapter: dict | None, run_info: RunJson) -> TrainResult:
    """Write the adapter (the best one when early stopping ended the run), the tokenizer and the
    final run.json together."""
    acc = session.accelerator
    adapter_step = state.step
    if status == "early_stopped" and best_adapter is not None:
        _load_adapter_state(acc, session.model, best_adapter)
        adapter_step = state.best_step
    run_info = run_info.model_copy(update={
        "status": status, "finished": _now(), "steps": run_info.steps.model_copy(update={"done": state.step}),
        "final_eval_loss": state.last_eval_loss, "best_eval_loss": state.best_eval_loss, "best_step": state.best_step,
        "adapter_step": adapter_step, "elapsed_s": round(state.elapsed, 3)})
    if acc.is_main_process:
        with staged_outputs(session.run_dir) as stage:
            acc.unwrap_model(session.model).save_pretrained(stage, safe_serialization=True)
            data.tokenizer.save_pretrained(stage)
            run_info.write(stage / RUN_JSON)
    acc.wait_for_everyone()
    return TrainResult(session.run_dir, status, state.step, state.last_eval_loss, state.best_eval_loss, state.best_step, adapter_step)


# -- one step --------------------------------------------------------------------------------------------


def _micro_batches(units, consumed: int, tcfg, accelerator, split: TokenizedSplit, pad_id: int, use_weights: bool) -> list[dict]:
    """This process's micro-batches for the next step: the step takes the next batch x accum x
    processes units of a seeded, per-epoch shuffled order; process k takes every k-th batch."""
    per_step = tcfg.batch_size * tcfg.grad_accum * accelerator.num_processes
    picked = [units[i] for i in _stream(len(units), consumed, per_step, tcfg.seed)]
    batches = []
    for m in range(tcfg.grad_accum):
        start = (m * accelerator.num_processes + accelerator.process_index) * tcfg.batch_size
        batch = collate(split, picked[start:start + tcfg.batch_size], pad_id, use_weights=use_weights)
        batches.append({k: (v.to(accelerator.device) if hasattr(v, "to") else v) for k, v in batch.items()})
    return batches


def _stream(n: int, start: int, count: int, seed: int) -> np.ndarray:
    """Positions start..start+count of the endless sequence of per-epoch permutations of range(n)."""
    out, pos = [], start
    while len(out) < count:
        epoch, offset = divmod(pos, n)
        perm = np.random.default_rng([seed, epoch]).permutation(n)
        take = perm[offset:offset + count - len(out)]
        out.extend(take.tolist())
        pos += len(take)
    return np.asarray(out)


def _optimizer_step(model, optimizer, scheduler, micro: list[dict], accelerator, tcfg, keep_logits: bool) -> tuple[float, int]:
    """Forward/backward over the step's micro-batches with the step-wide weighted denominator, then
    one optimizer update. Returns the step's loss and the number of tokens it processed."""
    import torch

    denominator = sum(b["token_weights"][:, 1:].sum() for b in micro)
    # A step whose rows all weigh 0 has nothing to learn: its loss and gradient are 0, not 0/0.
    denominator = accelerator.reduce(denominator.clone(), reduction="sum").clamp_min(1e-12)
    # DDP averages gradients over processes; scaling by their number turns that into the global sum.
    scale = accelerator.num_processes / denominator
    weighted_sum = torch.zeros((), device=accelerator.device)
    for m, batch in enumerate(micro):
        sync = m == len(micro) - 1
        with contextlib.nullcontext() if sync else accelerator.no_sync(model):
            nll, weights = answer_nll(model, batch, keep_logits=keep_logits)
            part = (nll * weights).sum()
            accelerator.backward(part * scale)
        weighted_sum += part.detach()
    if tcfg.max_grad_norm > 0:
        accelerator.clip_grad_norm_(model.parameters(), tcfg.max_grad_norm)
    optimizer.step()
    scheduler.step()
    optimizer.zero_grad(set_to_none=True)
    loss = accelerator.reduce(weighted_sum, reduction="sum") / denominator
    tokens = accelerator.reduce(torch.tensor(sum(b["tokens"] for b in micro), device=accelerator.device), reduction="sum")
    return float(loss), int(tokens)


def _eval_units(split: TokenizedSplit, batch_size: int, rank: int, world: int) -> list[list[np.ndarray]]:
    """This process's eval batches: rows sorted by length (little padding), every world-th row."""
    order = np.argsort(split.seq_lengths, kind="stable")[rank::world]
    return [[np.asarray([i]) for i in order[s:s + batch_size]] for s in range(0, len(order), batch_size)]


def evaluate(model, split: TokenizedSplit, batches, pad_id: int, accelerator, keep_logits: bool = True) -> float:
    """Token-mean NLL over the answer tokens of the split (unweighted), summed over processes."""
    import torch

    was_training = model.training
    model.eval()
    total = torch.zeros(2, dtype=torch.float64, device=accelerator.device)
    with torch.no_grad():
        for units in batches:
            batch = collate(split, units, pad_id, use_weights=False)
            batch = {k: (v.to(accelerator.device) if hasattr(v, "to") else v) for k, v in batch.items()}
            nll, weights = answer_nll(model, batch, keep_logits=keep_logits)
            total += torch.stack([(nll * weights).sum().double(), weights.sum().double()])
    total = accelerator.reduce(total, reduction="sum")
    model.train(was_training)
    return float(total[0] / total[1])


def _optimizer(tcfg, params):
    import torch

    kwargs = {"lr": tcfg.lr, "weight_decay": tcfg.weight_decay}
    if tcfg.optimizer == "adamw":
        return torch.optim.AdamW(params, **kwargs)
    from curation.training.model import import_bitsandbytes

    bnb = import_bitsandbytes()
    cls = bnb.optim.AdamW8bit if tcfg.optimizer == "adamw_8bit" else bnb.optim.PagedAdamW8bit
    return cls(params, **kwargs)


def _warmup_steps(tcfg, total_steps: int) -> int:
    return math.ceil(tcfg.warmup_ratio * total_steps)


def _scheduler(tcfg, optimizer, total_steps: int):
    from transformers import get_scheduler

    return get_scheduler(tcfg.scheduler, optimizer, num_warmup_steps=_warmup_steps(tcfg, total_steps),
                         num_training_steps=total_steps)


def _describe(record: dict, state: State) -> str:
    eval_loss = "—" if state.last_eval_loss is None else f"{state.last_eval_loss:.4f}"
    return f"train {record['train_loss']:.4f}  eval {eval_loss}  {record['tokens_per_second']:,.0f} tok/s"


# -- run directory, checkpoints, resume --------------------------------------------------------------------


def _check_run_dir(run_dir: Path, resume: bool) -> RunJson | None:
    """The earlier run to resume (its run.json), or None for a fresh run into an empty folder."""
    info_path = run_dir / RUN_JSON
    if resume:
        if not info_path.exists():
            raise CurateError(f"{run_dir} holds no run to resume (no {RUN_JSON}); drop --resume to start one there.")
        if _latest_checkpoint(run_dir) is None:
            raise CurateError(f"{run_dir} has no checkpoint to resume from; start again without --resume into an empty folder.")
        return RunJson.read(info_path)
    if run_dir.exists() and any(run_dir.iterdir()):
        hint = "pass --resume to continue it" if info_path.exists() else "choose an empty or new folder"
        raise CurateError(f"{run_dir} is not empty; {hint}, or pass another --out.")
    return None


def _checkpoints(run_dir: Path) -> list[Path]:
    root = run_dir / CHECKPOINTS
    found = [p for p in root.glob("step-*") if p.is_dir() and (p / "trainer_state.json").exists()] if root.exists() else []
    return sorted(found, key=lambda p: int(p.name.split("-")[1]))


def _latest_checkpoint(run_dir: Path) -> Path | None:
    found = _checkpoints(run_dir)
    return found[-1] if found else None


def _adapter_state(accelerator, model) -> dict:
    from peft import get_peft_model_state_dict

    return {k: v.detach().to("cpu", copy=True) for k, v in get_peft_model_state_dict(accelerator.unwrap_model(model)).items()}


def _load_adapter_state(accelerator, model, state: dict) -> None:
    from peft import set_peft_model_state_dict

    set_peft_model_state_dict(accelerator.unwrap_model(model), state)


def _save_checkpoint(session: Session, state: State, best_adapter: dict | None) -> None:
    """checkpoints/step-N/: adapter, optimizer, scheduler, RNG states and trainer_state.json, written to a
    temporary folder and renamed, so a checkpoint is either whole or absent."""
    import torch
    from safetensors.torch import save_file

    acc = session.accelerator
    root = session.run_dir / CHECKPOINTS
    final = root / f"step-{state.step:06d}"
    tmp = root / f".tmp-step-{state.step:06d}"
    if acc.is_main_process:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        acc.unwrap_model(session.model).save_pretrained(tmp, safe_serialization=True)
        torch.save(session.optimizer.state_dict(), tmp / "optimizer.pt")
        torch.save(session.scheduler.state_dict(), tmp / "scheduler.pt")
        if best_adapter is not None:
            save_file(best_adapter, str(tmp / "best_adapter.safetensors"))
        (tmp / "trainer_state.json").write_text(json.dumps(vars(state), indent=2), encoding="utf-8")
    acc.wait_for_everyone()
    torch.save(_rng_state(), tmp / f"rng_state_{acc.process_index}.pt")
    acc.wait_for_everyone()
    if acc.is_main_process:
        shutil.rmtree(final, ignore_errors=True)
        os.replace(tmp, final)
        for old in _checkpoints(session.run_dir)[:-session.recipe.training.save_limit]:
            shutil.rmtree(old, ignore_errors=True)
    acc.wait_for_everyone()


def _rng_state() -> dict:
    import random

    import torch

    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _restore(session: Session, checkpoint: Path) -> tuple[State, dict | None]:
    """Adapter, optimizer, scheduler and RNG states from a checkpoint; the trainer state to go on from."""
    import random

    import torch
    from safetensors.torch import load_file

    acc = session.accelerator
    _load_adapter_state(acc, session.model, load_file(str(checkpoint / ADAPTER_FILE), device="cpu"))
    session.optimizer.load_state_dict(torch.load(checkpoint / "optimizer.pt", map_location="cpu", weights_only=False))
    session.scheduler.load_state_dict(torch.load(checkpoint / "scheduler.pt", weights_only=False))
    rng_file = checkpoint / f"rng_state_{acc.process_index}.pt"
    if rng_file.exists():
        rng = torch.load(rng_file, weights_only=False)
        random.setstate(rng["python"])
        np.random.set_state(rng["numpy"])
        torch.set_rng_state(rng["torch"])
        if "cuda" in rng and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(rng["cuda"])
    best_file = checkpoint / "best_adapter.safetensors"
    best = load_file(str(best_file), device="cpu") if best_file.exists() else None
    state = State(**json.loads((checkpoint / "trainer_state.json").read_text(encoding="utf-8")))
    return state, best


def _truncate_metrics(path: Path, step: int, main: bool) -> None:
    """Drop the metrics of steps after the checkpoint: they are trained again."""
    if not main or not path.exists():
        return
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and json.loads(line)["step"] <= step]
    with atomic_file(path) as tmp:
        tmp.write_text("".join(line + "\n" for line in kept), encoding="utf-8")


@contextlib.contextmanager
def _metrics_writer(path: Path, main: bool) -> Iterator[Callable[[dict], None]]:
    """Append one JSON line per logged step, flushed at once so a crash keeps what was measured."""
    if not main:
        yield lambda record: None
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        def write(record: dict) -> None:
            fh.write(json.dumps(record) + "\n")
            fh.flush()

        yield write


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _versions() -> dict[str, str]:
    import accelerate
    import peft
    import tokenizers
    import torch
    import transformers

    from curation.training.model import import_bitsandbytes

    return {"curate": __version__, "python": platform.python_version(), "torch": torch.__version__,
            "transformers": transformers.__version__, "peft": peft.__version__, "bitsandbytes": import_bitsandbytes().__version__,
            "accelerate": accelerate.__version__, "tokenizers": tokenizers.__version__, "numpy": np.__version__}


def _device(accelerator, dtype) -> dict[str, Any]:
    import torch

    device = accelerator.device
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else (platform.processor() or platform.machine())
    return {"type": device.type, "name": name, "processes": accelerator.num_processes, "compute_dtype": str(dtype).removeprefix("torch."),
            "mixed_precision": accelerator.mixed_precision, "cpu_threads": torch.get_num_threads(), "platform": sys.platform}
