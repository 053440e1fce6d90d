"""Inference on a trained run, for the eval stage: load a run directory (base + adapter, or the base
alone), the per-token losses of the assistant's answer tokens, and greedy generation from the
conversation up to the answer (optionally given the answer's first k tokens).

Conversations are tokenized exactly as in training (`curation.training.data.encode`), so "answer
token t" means the same token in the loss the trainer minimized and in what eval measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from curation.artifacts.run import RunJson
from curation.errors import CurateError
from curation.profile import Conversation
from curation.training.data import TokenizedSplit, collate, encode, fit_to_length
from curation.training.recipe import ModelSpec, Quantization, Recipe, recipe_from_dict


@dataclass
class LoadedModel:
    """A model ready for inference, with what is needed to tokenize its conversations the same way."""

    model: Any
    tokenizer: Any
    device: Any
    max_length: int
    template_kwargs: dict[str, Any] = field(default_factory=dict)
    recipe: Recipe | None = None
    run_dir: Path | None = None
    adapter: bool = False
    run_info: RunJson | None = None  # None for a base model alone


def load_run(path: str | Path, *, adapter: bool = True, base: str | None = None, device: str | None = None,
             quantization: Quantization | None = None) -> LoadedModel:
    """A run directory written by `curate train` (its base model, loaded as it was trained, plus the
    LoRA adapter unless `adapter=False`), or a base model alone (a folder or a Hub id).

    `base` replaces the base model named in run.json (e.g. the same checkpoint in another folder);
    `quantization` (nf4 | fp4 | none) replaces the recipe's."""
    import torch

    from curation.training import model as modeling

    root = Path(path)
    run_json = root / RunJson.FILE
    dev = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if run_json.exists():
        info = RunJson.read(run_json)
        recipe = recipe_from_dict(info.config, where=str(run_json))
        spec = recipe.model
        if base:
            spec.base = base
        if adapter and not (root / "adapter_model.safetensors").exists():
            raise CurateError(f"{root} has no adapter_model.safetensors (the run did not finish); resume it with curate train --resume.")
        tokenizer_source = root if (root / "tokenizer_config.json").exists() else None
    else:
        info, recipe = None, None
        spec = ModelSpec(base=base or str(path), quantization="none", compute_dtype="auto")
        tokenizer_source = None
        adapter = False
    if quantization:
        spec.quantization = quantization
    dtype = modeling.compute_dtype(spec, dev.type)
    tokenizer = modeling.load_tokenizer(ModelSpec(base=str(tokenizer_source), trust_remote_code=spec.trust_remote_code)
                                        if tokenizer_source else spec)
    model = modeling.load_base_model(spec, dev, dtype)
    if adapter:
        from peft import PeftModel

        with modeling.peft_quietly():
            model = PeftModel.from_pretrained(model, str(root), is_trainable=False)
    model.eval()
    return LoadedModel(model=model, tokenizer=tokenizer, device=dev,
                       max_length=recipe.data.max_length if recipe else getattr(tokenizer, "model_max_length", 4096),
                       template_kwargs=dict(recipe.data.chat_template_kwargs) if recipe else {},
                       recipe=recipe, run_dir=root if info else None, adapter=adapter, run_info=info)


def tokenize_conversations(loaded: LoadedModel, conversations: Sequence[Conversation], max_length: int | None = None) -> TokenizedSplit:
    """Conversations as in training; a longer one keeps its prompt and the first answer tokens that fit."""
    prompt_ids, answer_ids = encode(loaded.tokenizer, conversations, loaded.template_kwargs)
    n = len(prompt_ids)
    return fit_to_length("eval", prompt_ids, answer_ids, np.ones(n), np.arange(n), max_length or loaded.max_length, "truncate")


def answer_token_losses(loaded: LoadedModel, conversations: Sequence[Conversation], *, batch_size: int = 8,
                        max_length: int | None = None) -> list[np.ndarray]:
    """For each conversation, the negative log-likelihood (nats) of each of its answer tokens, in
    order (float32 arrays). A conversation whose prompt alone exceeds the length limit raises."""
    import torch

    from curation.training.trainer import answer_nll

    tokens = tokenize_conversations(loaded, conversations, max_length)
    if len(tokens) < len(conversations):
        raise CurateError(f"{len(conversations) - len(tokens)} conversations have a prompt longer than {max_length or loaded.max_length} tokens; raise max_length.")
    from curation.training.model import accepts_logits_to_keep

    keep_logits = accepts_logits_to_keep(loaded.model)
    losses: list[np.ndarray] = [np.empty(0, dtype=np.float32)] * len(tokens)
    order = np.argsort(tokens.seq_lengths, kind="stable")  # similar lengths together: little padding
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            batch = collate(tokens, [np.asarray([i]) for i in idx], loaded.tokenizer.pad_token_id, use_weights=False)
            batch = {k: (v.to(loaded.device) if hasattr(v, "to") else v) for k, v in batch.items()}
            nll, weights = answer_nll(loaded.model, batch, keep_logits=keep_logits)
            nll, weights = nll.float().cpu().numpy(), weights.cpu().numpy()
            for b, i in enumerate(idx):
                losses[i] = nll[b][weights[b] > 0]
    return losses


@dataclass(frozen=True)
class Generation:
    """One greedy continuation. `prefix_ids` are the true answer's first k tokens (given in the prompt),
    `target_ids` the rest of the true answer, `generated_ids` what the model produced after the
    prefix (up to, not including, the end-of-turn token)."""

    prompt_ids: np.ndarray
    prefix_ids: np.ndarray
    target_ids: np.ndarray
    generated_ids: np.ndarray
    text: str
    stopped: bool  # the model ended its turn (rather than hitting max_new_tokens)


def generate_answers(loaded: LoadedModel, conversations: Sequence[Conversation], *, max_new_tokens: int = 256,
                     prefix_tokens: int = 0, batch_size: int = 8, max_length: int | None = None) -> list[Generation]:
    """Greedy generation, batched with left padding, from each conversation's prompt (+ the first
    `prefix_tokens` tokens of its true answer)."""
    import torch

    tokens = tokenize_conversations(loaded, conversations, max_length)
    if len(tokens) < len(conversations):
        raise CurateError("some conversations have a prompt longer than the length limit; raise max_length.")
    tok = loaded.tokenizer
    eos_ids = _stop_ids(loaded)
    contexts = [ids[: min(len(ids), start + prefix_tokens)] for ids, start in zip(tokens.input_ids, tokens.answer_start)]
    results: list[Generation | None] = [None] * len(contexts)
    order = np.argsort([len(c) for c in contexts], kind="stable")
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        width = max(len(contexts[i]) for i in idx)
        input_ids = torch.full((len(idx), width), tok.pad_token_id, dtype=torch.long)
        attention = torch.zeros((len(idx), width), dtype=torch.long)
        for b, i in enumerate(idx):  # left padding: every row's next token is at the same column
            input_ids[b, width - len(contexts[i]):] = torch.as_tensor(contexts[i])
            attention[b, width - len(contexts[i]):] = 1
        with torch.no_grad():
            out = loaded.model.generate(input_ids=input_ids.to(loaded.device), attention_mask=attention.to(loaded.device),
                                        max_new_tokens=max_new_tokens, do_sample=False, num_beams=1,
                                        pad_token_id=tok.pad_token_id, eos_token_id=eos_ids)
        new = out[:, width:].cpu().numpy()
        for b, i in enumerate(idx):
            generated, stopped = _until_stop(new[b], eos_ids)
            ids, answer_start = tokens.input_ids[i], int(tokens.answer_start[i])
            given = len(contexts[i]) - answer_start
            results[i] = Generation(
                prompt_ids=ids[:answer_start], prefix_ids=ids[answer_start:answer_start + given],
                target_ids=ids[answer_start + given:], generated_ids=generated,
                text=tok.decode(generated, skip_special_tokens=True), stopped=stopped,
            )
    return results  # type: ignore[return-value]


def _stop_ids(loaded: LoadedModel) -> list[int]:
    """Token ids that end the assistant's turn: the tokenizer's eos and the generation config's."""
    ids = {loaded.tokenizer.eos_token_id}
    configured = getattr(getattr(loaded.model, "generation_config", None), "eos_token_id", None)
    ids.update(configured if isinstance(configured, list) else [configured])
    return sorted(i for i in ids if i is not None)


def _until_stop(generated: np.ndarray, stop_ids: Sequence[int]) -> tuple[np.ndarray, bool]:
    hits = np.flatnonzero(np.isin(generated, stop_ids))
    return (generated[: hits[0]], True) if len(hits) else (generated, False)

