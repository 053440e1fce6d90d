"""Rows -> chat conversations -> token ids, with the loss on the assistant's answer only.

Each row of a split becomes the conversation its profile defines (the last message is the answer).
The tokenizer's own chat template renders it; the tokens of the prompt (everything up to and
including the assistant header) get weight 0, the answer's tokens (its end-of-turn marker included)
get the row's `weight`. A sequence longer than `max_length` is an error, or is truncated (the answer
is cut) or dropped, as the recipe says, and the count is reported either way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from curation.artifacts.run import LengthReport  # run.json records it per split
from curation.errors import CurateError
from curation.profile import Conversation, Profile, resolve_profile
from curation.split.layout import SplitDir, read_split_dir
from curation.training.recipe import Overflow


# -- rows and conversations -------------------------------------------------------------------------


def split_profile(split: SplitDir, override: str | None = None) -> Profile:
    """The profile named by --profile, else by the split's manifest, else detected from the columns."""
    return resolve_profile(override or split.profile_name, split.frames["train"].columns)


def load_rows(source: str | Path, profile: str | None = None) -> tuple[dict[str, pl.DataFrame], Profile]:
    """Every split of a split directory, or a single data file as one frame, with its profile."""
    path = Path(source)
    if path.is_dir() and not (path / "state.json").exists():  # a split directory (parquet, jsonl or a DatasetDict)
        split = read_split_dir(path, require=("train",))
        return split.frames, split_profile(split, profile)
    from curation.read import read_dataset

    frame = read_dataset(str(source)).frame
    return {"data": frame}, resolve_profile(profile, frame.columns)


def conversations_of(profile: Profile, frame: pl.DataFrame, split_name: str = "data") -> list[Conversation]:
    """The profile's conversation for each row, its labels in their canonical form ('HIGH' is
    trained as 'high'); the last message must be a non-empty assistant answer."""
    prepared = profile.canonical_labels(profile.prepare(frame, require=()))  # the check below names every column a conversation needs
    missing = [c for c in profile.schema.columns if c not in prepared.columns]
    if missing:
        raise CurateError(
            f"the {split_name} split has no column {', '.join(repr(c) for c in missing)}, which profile "
            f"'{profile.name}' needs to build a conversation; pass --profile with the profile that fits its columns "
            f"({', '.join(frame.columns[:10])})."
        )
    conversations = []
    for position, row in enumerate(prepared.iter_rows(named=True)):
        try:
            conversation = profile.to_conversation(row)
        except (KeyError, TypeError, ValueError) as exc:
            raise CurateError(
                f"row {_row_label(row, position)} of the {split_name} split cannot become a '{profile.name}' "
                f"conversation ({type(exc).__name__}: {exc}); fix the row or pass --profile."
            ) from None
        if not conversation or conversation[-1].get("role") != "assistant" or not str(conversation[-1].get("content") or "").strip():
            raise CurateError(
                f"row {_row_label(row, position)} of the {split_name} split has no assistant answer to train on; "
                "every conversation must end with a non-empty assistant message."
            )
        conversations.append(conversation)
    return conversations


def _row_label(row: Mapping[str, Any], position: int) -> str:
    return str(row.get("row", position))


def row_weights(frame: pl.DataFrame, split_name: str, use_weights: bool = True) -> np.ndarray:
    """The split's `weight` column (1.0 for every row when absent or when weighting is off)."""
    if not use_weights or "weight" not in frame.columns:
        return np.ones(frame.height, dtype=np.float64)
    try:
        weights = frame["weight"].cast(pl.Float64).to_numpy()
    except pl.exceptions.PolarsError:
        raise CurateError(f"the {split_name} split's 'weight' column is not numeric; re-run curate split.") from None
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        raise CurateError(
            f"{int(bad.sum())} rows of the {split_name} split have a missing, negative or infinite weight "
            f"(first: row {int(np.flatnonzero(bad)[0])}); weights must be finite and >= 0."
        )
    if weights.sum() <= 0:
        raise CurateError(f"every row of the {split_name} split has weight 0; nothing would be trained.")
    return weights


# -- tokenization -------------------------------------------------------------------------------------


def render(tokenizer, conversations: Sequence[Conversation], template_kwargs: Mapping[str, Any] | None = None) -> tuple[list[str], list[str]]:
    """(prompt text up to the assistant header, answer text) per conversation, rendered by the
    tokenizer's chat template."""
    if not getattr(tokenizer, "chat_template", None):
        raise CurateError(
            f"the tokenizer of {getattr(tokenizer, 'name_or_path', 'the base model')} has no chat template; "
            "use an instruct/chat checkpoint (or one built by curate tiny-model)."
        )
    kwargs = dict(template_kwargs or {})
    prompts = tokenizer.apply_chat_template([c[:-1] for c in conversations], tokenize=False, add_generation_prompt=True, **kwargs)
    fulls = tokenizer.apply_chat_template(list(conversations), tokenize=False, **kwargs)
    answers = []
    for prompt, full in zip(prompts, fulls):
        if not full.startswith(prompt):
            raise CurateError(
                "the chat template renders the conversation without the prompt as its prefix, so the answer's "
                "tokens cannot be found; use a template whose generation prompt is a prefix of the full conversation."
            )
        # Whitespace after the end-of-turn marker is layout, not part of the answer.
        answers.append(full[len(prompt):].rstrip())
    return prompts, answers


def encode(tokenizer, conversations: Sequence[Conversation], template_kwargs: Mapping[str, Any] | None = None) -> tuple[list[list[int]], list[list[int]]]:
    """Token ids of each conversation's prompt and of its answer (batched in the Rust tokenizer)."""
    prompts, answers = render(tokenizer, conversations, template_kwargs)
    prompt_ids = tokenizer(prompts, add_special_tokens=False)["input_ids"]
    answer_ids = tokenizer(answers, add_special_tokens=False)["input_ids"]
    return prompt_ids, answer_ids


@dataclass
class TokenizedSplit:
    """A split ready to batch: per kept row, its token ids, where its answer starts, and its weight."""

    name: str
    input_ids: list[np.ndarray]
    answer_start: np.ndarray  # int64: index of the first answer token
    weights: np.ndarray  # float64, one per row
    rows: np.ndarray  # the `row` ids of the kept rows
    lengths: LengthReport

    def __len__(self) -> int:
        return len(self.input_ids)

    @property
    def seq_lengths(self) -> np.ndarray:
        return np.fromiter((len(ids) for ids in self.input_ids), dtype=np.int64, count=len(self.input_ids))

    @property
    def answer_tokens(self) -> int:
        return int((self.seq_lengths - self.answer_start).sum())


def fit_to_length(name: str, prompt_ids: list[list[int]], answer_ids: list[list[int]], weights: np.ndarray,
                  rows: np.ndarray, max_length: int, overflow: Overflow) -> TokenizedSplit:
    """Apply the length limit: `error` refuses, `truncate` cuts the answer (a row whose prompt alone
    fills the limit is dropped: no answer token would remain), `drop` leaves the row out."""
    p_len = np.fromiter(map(len, prompt_ids), dtype=np.int64, count=len(prompt_ids))
    a_len = np.fromiter(map(len, answer_ids), dtype=np.int64, count=len(answer_ids))
    total = p_len + a_len
    over = total > max_length
    if overflow == "error" and over.any():
        raise CurateError(
            f"{int(over.sum()):,} of {len(total):,} {name} rows are longer than data.max_length={max_length} tokens "
            f"(longest {int(total.max()):,}); raise it (--set data.max_length={int(total.max())}) or pass "
            "--set data.overflow=truncate (cut the answer) or data.overflow=drop (leave those rows out)."
        )
    keep = ~over if overflow == "drop" else p_len < max_length
    report = LengthReport(split=name, rows=len(total), max_length=max_length, longest=int(total.max(initial=0)),
                          over_limit=int(over.sum()), truncated=int((over & keep).sum()), dropped=int((~keep).sum()))
    if not keep.any():
        raise CurateError(f"no {name} row fits in data.max_length={max_length} tokens; raise data.max_length.")
    kept = np.flatnonzero(keep)
    input_ids = [np.asarray((prompt_ids[i] + answer_ids[i])[:max_length], dtype=np.int64) for i in kept]
    return TokenizedSplit(name, input_ids, p_len[kept], weights[kept], rows[kept], report)


def tokenize_split(name: str, frame: pl.DataFrame, profile: Profile, tokenizer, *, max_length: int, overflow: Overflow,
                   use_weights: bool = True, template_kwargs: Mapping[str, Any] | None = None) -> TokenizedSplit:
    """One split of the split directory, from rows to token ids."""
    if frame.height == 0:
        raise CurateError(f"the {name} split has no rows; re-run curate split with more data.")
    conversations = conversations_of(profile, frame, name)
    weights = row_weights(frame, name, use_weights)
    rows = frame["row"].cast(pl.Int64).to_numpy() if "row" in frame.columns else np.arange(frame.height)
    prompt_ids, answer_ids = encode(tokenizer, conversations, template_kwargs)
    return fit_to_length(name, prompt_ids, answer_ids, weights, rows, max_length, overflow)


# -- batching -----------------------------------------------------------------------------------------


def pack(split: TokenizedSplit, max_length: int, seed: int) -> list[np.ndarray]:
    """Units of training: one row each, or with packing several rows (in a seeded order) filling up to
    `max_length` tokens. Packed rows never attend to each other (positions restart at each row)."""
    order = np.random.default_rng(seed).permutation(len(split))
    lengths = split.seq_lengths
    units, current, used = [], [], 0
    for i in order:
        if current and used + lengths[i] > max_length:
            units.append(np.asarray(current))
            current, used = [], 0
        current.append(i)
        used += int(lengths[i])
    units.append(np.asarray(current))
    return units


def single_rows(split: TokenizedSplit) -> list[np.ndarray]:
    return [np.asarray([i]) for i in range(len(split))]


def collate(split: TokenizedSplit, units: Sequence[np.ndarray], pad_token_id: int, *, use_weights: bool = True) -> dict[str, Any]:
    """Tensors for one micro-batch: right-padded `input_ids`; `token_weights` = the row's weight on
    each answer token (0 on prompt and padding), aligned with the token it scores; `attention_mask`
    for single rows, or `position_ids` restarting per row for packed units."""
    import torch

    packed = any(len(u) > 1 for u in units)
    seqs, weights, positions = [], [], []
    for unit in units:
        ids = [split.input_ids[i] for i in unit]
        seqs.append(np.concatenate(ids))
        weights.append(np.concatenate([
            # max(.., 1): a row's first token is never scored (in a pack it would be predicted from the row before)
            np.where(np.arange(len(x)) >= max(split.answer_start[i], 1), split.weights[i] if use_weights else 1.0, 0.0)
            for i, x in zip(unit, ids)
        ]))
        positions.append(np.concatenate([np.arange(len(x)) for x in ids]))
    width = max(len(s) for s in seqs)
    input_ids = np.full((len(seqs), width), pad_token_id, dtype=np.int64)
    token_weights = np.zeros((len(seqs), width), dtype=np.float32)
    position_ids = np.zeros((len(seqs), width), dtype=np.int64)
    attention_mask = np.zeros((len(seqs), width), dtype=np.int64)
    for b, (s, w, p) in enumerate(zip(seqs, weights, positions)):
        input_ids[b, : len(s)] = s
        token_weights[b, : len(s)] = w
        attention_mask[b, : len(s)] = 1
        # Padding continues as its own short "sequence" so it never joins a packed row's attention.
        position_ids[b] = np.concatenate([p, np.arange(width - len(s))])
    batch = {"input_ids": torch.from_numpy(input_ids), "token_weights": torch.from_numpy(token_weights),
             "tokens": int(attention_mask.sum())}
    if packed:
        batch["position_ids"] = torch.from_numpy(position_ids)
    else:
        batch["attention_mask"] = torch.from_numpy(attention_mask)
    return batch
