"""Loading the base model the way QLoRA does: `from_pretrained` with a bitsandbytes 4-bit NF4
`BitsAndBytesConfig` (the same code on CPU and GPU: bitsandbytes >= 0.48 runs its 4-bit layers on a
CPU), peft LoRA on the recipe's modules, gradient checkpointing, bf16 where the device supports it.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from curation.errors import CurateError
from curation.training.recipe import LoraSpec, ModelSpec

def compute_dtype(spec: ModelSpec, device_type: str):
    """The recipe's dtype; `auto` = bf16 on a GPU that supports it, fp32 otherwise (a CPU's bf16
    matmuls are slower than fp32 on most CPUs, and fp16 needs loss scaling)."""
    import torch

    if spec.compute_dtype != "auto":
        return getattr(torch, spec.compute_dtype)
    if device_type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float32


def mixed_precision(dtype) -> str:
    """accelerate's name for the autocast that matches the compute dtype."""
    import torch

    return {torch.bfloat16: "bf16", torch.float16: "fp16"}.get(dtype, "no")


def is_local(base: str) -> bool:
    """A folder on disk (existing, or written like a path), as opposed to a Hub id `org/name`."""
    return Path(base).expanduser().exists() or base.startswith((".", "/", "~")) or base.count("/") > 1


def _from_pretrained(loader, base: str, what: str, **kwargs: Any):
    """`loader.from_pretrained(base)` with one clear sentence for a missing folder or an unreachable Hub."""
    if is_local(base) and not Path(base).expanduser().exists():
        raise CurateError(
            f"model folder {base} does not exist; build a tiny one with `curate tiny-model {base} --data SPLIT_DIR`, "
            "or pass --model with a Hub id or a folder saved with save_pretrained."
        )
    try:
        return loader.from_pretrained(str(Path(base).expanduser()) if is_local(base) else base, **kwargs)
    except OSError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if is_local(base):
            raise CurateError(f"could not load the {what} from {base} ({first}); is it a folder written by save_pretrained?") from None
        if "connect" in first.lower() or "offline" in first.lower():
            raise CurateError(
                f"the {what} '{base}' is not in the local Hugging Face cache and the Hub cannot be reached (offline?); "
                f"download it where there is internet (`hf download {base}`) and pass its folder with --model."
            ) from None
        raise CurateError(f"could not load the {what} '{base}' from the Hugging Face Hub ({first}); check the model id and your access to it.") from None


def load_tokenizer(spec: ModelSpec):
    from transformers import AutoTokenizer

    tokenizer = _from_pretrained(AutoTokenizer, spec.base, "base model", revision=spec.revision,
                                 trust_remote_code=spec.trust_remote_code)
    if tokenizer.pad_token is None:
        # Padding is masked out of attention and loss; any id will do, the end-of-sequence one is there.
        tokenizer.pad_token = tokenizer.eos_token
    tokenizer.padding_side = "right"
    return tokenizer


def quantization_config(spec: ModelSpec, dtype):
    from transformers import BitsAndBytesConfig

    if spec.quantization == "none":
        return None
    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type=spec.quantization,
        bnb_4bit_use_double_quant=spec.double_quant,
        bnb_4bit_compute_dtype=dtype,
    )


def import_bitsandbytes():
    """bitsandbytes, imported without asking the Hub for a kernel.

    On a CPU with AVX512-BF16, importing bitsandbytes >= 0.49 calls
    `kernels.get_kernel("kernels-community/quantization-bitsandbytes")`, a network lookup at run time
    that fails offline with a warning. The kernel serves only the CPU inference repacking that
    `keep_4bit_layers_trainable` turns off, so the lookup buys nothing: `kernels` is hidden for the
    length of the import (bitsandbytes then falls back to its own C++ kernels) and the one warning
    about that choice is dropped. Called on the main thread, before any model is loaded."""
    if "bitsandbytes" in sys.modules:
        return sys.modules["bitsandbytes"]
    hidden = sys.modules.get("kernels")
    log = logging.getLogger("bitsandbytes.backends.cpu.ops")
    drop = _DropMessages("Failed to load CPU gemm_4bit_forward from kernels-community")
    sys.modules["kernels"] = None  # type: ignore[assignment]  # `from kernels import ...` -> ImportError
    log.addFilter(drop)
    try:
        import bitsandbytes
    finally:
        log.removeFilter(drop)
        if hidden is None:
            del sys.modules["kernels"]
        else:
            sys.modules["kernels"] = hidden
    return bitsandbytes


class _DropMessages(logging.Filter):
    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.prefix)


def keep_4bit_layers_trainable(model) -> None:
    """Turn off bitsandbytes' CPU inference repacking on every 4-bit layer.

    On a CPU with AVX512-BF16, bitsandbytes >= 0.49 repacks a `Linear4bit` weight into an
    inference-only layout the first time the layer runs in eval mode without grad (the trainer's
    eval loss every N steps) and never packs it back: every later forward, in training too, takes
    that layout's `gemv_4bit` kernel, which has no autograd formula. A layer with a bias (Qwen2's
    q/k/v projections) then fails on `result += bias` ("a view of a leaf Variable that requires
    grad..."), and a layer without one silently passes no gradient back through the frozen base
    weights. Off, eval runs the same dequantize-and-matmul path as training, so the eval loss of
    `curate train` and `curate eval` is computed the same way as the training loss."""
    from bitsandbytes.nn import Linear4bit

    for module in model.modules():
        if isinstance(module, Linear4bit):
            module.support_avx512bf16_for_cpu = False


def load_base_model(spec: ModelSpec, device, dtype):
    """The base model on `device` (a torch.device), quantized as the recipe says."""
    if spec.quantization != "none":
        import_bitsandbytes()
    from transformers import AutoModelForCausalLM

    kwargs: dict[str, Any] = {
        "revision": spec.revision,
        "trust_remote_code": spec.trust_remote_code,
        "dtype": dtype,
        "quantization_config": quantization_config(spec, dtype),
        # bitsandbytes quantizes while loading, on the device each process trains on.
        "device_map": {"": device},
    }
    if spec.attn_implementation:
        kwargs["attn_implementation"] = spec.attn_implementation
    model = _from_pretrained(AutoModelForCausalLM, spec.base, "base model", **kwargs)
    if spec.quantization != "none":
        keep_4bit_layers_trainable(model)
    return model


@contextlib.contextmanager
def peft_quietly() -> Iterator[None]:
    """peft 0.21 reads `is_gradient_checkpointing`, which transformers 5 deprecates with a FutureWarning
    on every model wrap; the warning is about peft's code, not the user's."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        yield


def add_lora(model, lora: LoraSpec, *, quantized: bool, gradient_checkpointing: bool):
    """Freeze the base, make it trainable through 4-bit layers, and wrap it with LoRA adapters."""
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    ckpt_kwargs = {"use_reentrant": False}
    with peft_quietly():
        if quantized:
            model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gradient_checkpointing,
                                                    gradient_checkpointing_kwargs=ckpt_kwargs)
        elif gradient_checkpointing:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs=ckpt_kwargs)
            model.enable_input_require_grads()
        model.config.use_cache = False
        config = LoraConfig(
            r=lora.r,
            lora_alpha=lora.alpha,
            lora_dropout=lora.dropout,
            target_modules=lora.target_modules,
            bias=lora.bias,
            task_type="CAUSAL_LM",
        )
        try:
            return get_peft_model(model, config)
        except ValueError as exc:
            raise CurateError(
                f"LoRA cannot be attached: {str(exc).splitlines()[0]} Set lora.target_modules to names of the model's "
                "linear layers (or all-linear)."
            ) from None


def accepts_logits_to_keep(model) -> bool:
    """Whether the model's forward can compute logits only where the loss needs them."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return "logits_to_keep" in inspect.signature(base.forward).parameters


def count_parameters(model) -> tuple[int, int]:
    """(trainable, total) parameters; a 4-bit weight stores two values per byte, counted as such."""
    trainable = total = 0
    for p in model.parameters():
        n = p.numel() * (2 if p.dtype.itemsize == 1 and not p.is_floating_point() else 1)
        total += n
        trainable += n if p.requires_grad else 0
    return trainable, total
