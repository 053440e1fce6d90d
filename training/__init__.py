"""The bundled QLoRA trainer (`curate train`, `curate tiny-model`) and the inference helpers the eval
stage builds on. Installed as `curation.training`; needs the `train` extra (torch, transformers, peft,
bitsandbytes, accelerate), imported only inside the functions that use it.

Modules: `recipe` (YAML recipes and overrides), `data` (rows -> conversations -> token ids with
assistant-only weights), `model` (4-bit loading + LoRA), `trainer` (the loop, run directory,
checkpoints), `inference` (load a run, answer-token losses, greedy generation), `tiny_model`.
"""

import os as _os

# No Hub access at run time: transformers (`USE_HUB_KERNELS`) and the `kernels` package it brings
# (`DISABLE_KERNEL_MAPPING`) would otherwise swap layers' forwards for kernels fetched from the Hub.
# Set before any of them is imported (every training module is imported through this package);
# `setdefault`, so a user who wants Hub kernels can still ask for them. bitsandbytes' own lookup is
# handled in `model.import_bitsandbytes`.
_os.environ.setdefault("USE_HUB_KERNELS", "NO")
_os.environ.setdefault("DISABLE_KERNEL_MAPPING", "1")
