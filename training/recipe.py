"""Training recipes: YAML files with four sections (model, lora, data, training), every field
validated and overridable from the command line (`--set training.lr=2e-4`).

The built-in recipes live in `curation/training/recipes/` (the repository's `training/recipes/`);
`--recipe` also takes a path to a YAML file of the same shape. The models below are the recipe's
one definition: types, defaults, allowed values (the `Literal` types, reused wherever a choice is
offered) and limits; `curation.validation` turns a mistake into one sentence.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BeforeValidator, Field, NonNegativeFloat, PositiveFloat, PositiveInt, ValidationError

from curation.errors import CurateError
from curation.validation import FileModel, explain, matches, read_yaml

RECIPES_DIR = Path(__file__).parent / "recipes"

Quantization = Literal["nf4", "fp4", "none"]  # bitsandbytes 4-bit through BitsAndBytesConfig, or none
ComputeDtype = Literal["auto", "bfloat16", "float16", "float32"]  # auto: bf16 where supported, else fp32
LoraBias = Literal["none", "all", "lora_only"]
Overflow = Literal["error", "truncate", "drop"]  # what to do with a sequence longer than max_length
Scheduler = Literal["cosine", "linear", "constant", "constant_with_warmup"]
Optimizer = Literal["adamw", "adamw_8bit", "paged_adamw_8bit"]


def _none_word(value: Any) -> Any:
    """`--set training.max_steps=none`: the word none (or null) for an optional number is null."""
    return None if isinstance(value, str) and value.strip().lower() in ("none", "null") else value


def _comma_list(value: Any) -> Any:
    """`--set lora.target_modules=q_proj,v_proj`: a comma-separated text is a list."""
    return [v.strip() for v in value.split(",") if v.strip()] if isinstance(value, str) and "," in value else value


def _empty_section(value: Any) -> Any:
    """A section written with nothing under it (`lora:`) takes every default."""
    return {} if value is None else value


OptionalCount = Annotated[PositiveInt | None, BeforeValidator(_none_word)]
Share = Annotated[float, Field(ge=0, lt=1)]


class ModelSpec(FileModel):
    base: Annotated[str, matches(r"\s*\S", "name a Hub id or a local model folder (--model or --set model.base=...)"),
                    Field(description="a Hub id (Qwen/Qwen2.5-3B-Instruct) or a local model folder (or pass --model)")]
    revision: str | None = None
    quantization: Quantization = "nf4"
    double_quant: bool = True
    compute_dtype: ComputeDtype = "auto"
    gradient_checkpointing: bool = True
    attn_implementation: str | None = None  # sdpa | eager | flash_attention_2 (default: the library's)
    trust_remote_code: bool = False


class LoraSpec(FileModel):
    r: PositiveInt = 16
    alpha: PositiveInt = 32
    dropout: Share = 0.0
    target_modules: Annotated[Annotated[list[str], Field(min_length=1)] | str, BeforeValidator(_comma_list)] = "all-linear"
    bias: LoraBias = "none"


class DataSpec(FileModel):
    max_length: PositiveInt = 2048
    overflow: Overflow = "error"
    packing: bool = False
    use_weights: bool = True  # apply the split's `weight` column to the loss
    eval_rows: OptionalCount = None  # evaluate on the first N validation rows (default: all)
    chat_template_kwargs: dict[str, Any] = {}  # e.g. {enable_thinking: false}


class TrainingSpec(FileModel):
    lr: PositiveFloat = 2e-4
    scheduler: Scheduler = "cosine"
    warmup_ratio: Share = 0.0
    batch_size: PositiveInt = 4  # rows (or packed sequences) per micro-batch per process
    grad_accum: PositiveInt = 1
    epochs: PositiveFloat = 1.0
    max_steps: OptionalCount = None  # optimizer steps; overrides epochs
    weight_decay: NonNegativeFloat = 0.0
    max_grad_norm: NonNegativeFloat = 1.0
    optimizer: Optimizer = "adamw"
    seed: int = 42
    eval_every: PositiveInt = 50  # steps between eval-loss measurements (and one at the end)
    eval_batch_size: PositiveInt = 8
    save_every: PositiveInt = 100  # steps between checkpoints (and one at the end)
    save_limit: PositiveInt = 2  # checkpoints kept
    log_every: PositiveInt = 1
    early_stopping_patience: OptionalCount = None  # stop after this many evals without improvement
    early_stopping_min_delta: float = 0.0
    cpu_threads: OptionalCount = None  # torch threads when training on a CPU (default: torch's own choice)


class Recipe(FileModel):
    name: str = "recipe"
    description: str = ""
    source: str = ""  # where the setup comes from (a seed model card)
    model: Annotated[ModelSpec, BeforeValidator(_empty_section), Field(description="a section with base: a Hub id or a local model folder")]
    lora: Annotated[LoraSpec, BeforeValidator(_empty_section)] = Field(default_factory=LoraSpec)
    data: Annotated[DataSpec, BeforeValidator(_empty_section)] = Field(default_factory=DataSpec)
    training: Annotated[TrainingSpec, BeforeValidator(_empty_section)] = Field(default_factory=TrainingSpec)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


def builtin_recipes() -> list[str]:
    return sorted(p.stem for p in RECIPES_DIR.glob("*.yaml"))


def recipe_path(name_or_file: str) -> Path:
    """A built-in recipe's file, or the YAML file the user named."""
    builtin = RECIPES_DIR / f"{name_or_file}.yaml"
    if builtin.exists():
        return builtin
    path = Path(name_or_file)
    if path.suffix.lower() in (".yaml", ".yml"):
        if not path.exists():
            raise CurateError(f"recipe file {path} does not exist; check the path.")
        return path
    raise CurateError(f"unknown recipe '{name_or_file}'; use one of {', '.join(builtin_recipes())}, or a recipe .yaml file.")


def load_recipe(name_or_file: str, overrides: Iterable[str] = ()) -> Recipe:
    """Read a recipe, apply `KEY=VALUE` overrides (`training.lr=2e-4`), and validate it."""
    path = recipe_path(name_or_file)
    spec = read_yaml(path, "recipe")
    if isinstance(spec, dict):
        spec.setdefault("name", path.stem)
    return recipe_from_dict(spec, overrides, where=f"recipe {path.name if path.parent == RECIPES_DIR else path}")


def recipe_from_dict(spec: Any, overrides: Iterable[str] = (), *, where: str = "recipe") -> Recipe:
    """`spec` (a recipe as read from YAML or run.json) with the overrides applied, validated; a
    mistake names the `--set` that made it, or else `where`."""
    spec = copy.deepcopy(dict(spec)) if isinstance(spec, Mapping) else spec
    written: dict[tuple[str, ...], str] = {}  # field path -> the --set that wrote it
    for item in overrides:
        key, value = _parse_override(item)
        path = tuple(key.split("."))
        node = spec
        for part in path[:-1]:
            if isinstance(node, dict) and node.get(part) is None:
                node[part] = {}
            node = node[part] if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise CurateError(f"--set {item}: {'.'.join(path[:-1]) or 'the recipe'} is not a section; write SECTION.FIELD=VALUE, e.g. training.lr=2e-4.")
        node[path[-1]] = value
        written[path] = item
    try:
        return Recipe.model_validate(spec)
    except ValidationError as exc:
        loc = tuple(str(k) for k in exc.errors(include_url=False)[0]["loc"])
        item = next((item for path, item in written.items() if loc and loc[:len(path)] == path[:len(loc)]), None)
        raise CurateError(explain(exc, spec, f"--set {item}" if item else where, Recipe)) from None


def _parse_override(item: str) -> tuple[str, Any]:
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise CurateError(f"--set {item}: expected KEY=VALUE, for example --set training.lr=2e-4.")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    return key.strip(), value
