"""run.json: what `curate train` trained, on what, with what (docs/contracts.md §6).

The producer is `curation.training.trainer.train`: written at the start (`status: running`) and
replaced at the end, when the keys of the end (`finished`, the eval losses, `adapter_step`, ...)
join it. `train --resume` and `eval` read it back (`curation.training.inference.load_run`). Nothing
here imports torch.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from curation.artifacts.base import Artifact, Model

TrainedSplit = Literal["train", "validation"]


class LengthReport(Model):
    """What the length limit did to one split (`curation.training.data.fit_to_length`)."""

    split: str
    rows: int
    max_length: int
    longest: int
    over_limit: int
    truncated: int
    dropped: int

    def sentence(self) -> str:
        return (
            f"{self.split}: {self.over_limit:,} of {self.rows:,} rows are longer than max_length={self.max_length} "
            f"tokens (longest {self.longest:,}): {self.truncated:,} truncated, {self.dropped:,} dropped"
        )


class RunSplit(Model):
    path: str  # resolved
    sha256: str  # of manifest.json (which holds every file's sha256), else of the folder
    manifest_sha256: str | None
    profile: str
    format: str
    rows: dict[TrainedSplit, int]
    answer_tokens: dict[TrainedSplit, int]
    length_limit: dict[TrainedSplit, LengthReport]
    packed_sequences: int | None  # with data.packing


class Steps(Model):
    total: int
    rows_per_step: int  # training units per optimizer step, over all processes
    warmup: int
    done: int | None = None  # at the end


class Parameters(Model):
    trainable: int
    total: int


class Versions(Model):
    curate: str
    python: str
    torch: str
    transformers: str
    peft: str
    bitsandbytes: str
    accelerate: str
    tokenizers: str
    numpy: str


class Device(Model):
    type: str  # cuda | cpu
    name: str
    processes: int
    compute_dtype: str
    mixed_precision: str
    cpu_threads: int
    platform: str


class RunJson(Artifact):
    FILE: ClassVar[str] = "run.json"
    VERSION: ClassVar[int] = 1
    WRITER: ClassVar[str] = "curate train"

    schema_version: Literal[1]
    recipe: str
    # The whole resolved recipe (model, lora, data, training): its shape and checks are the recipe
    # loader's (`curation.training.recipe.recipe_from_dict`, which reads it back on resume and eval).
    config: dict[str, Any]
    status: Literal["running", "completed", "early_stopped"]
    started: str  # UTC, ISO 8601
    split: RunSplit
    steps: Steps
    parameters: Parameters
    versions: Versions
    device: Device
    # at the end
    finished: str | None = None
    final_eval_loss: float | None = None
    best_eval_loss: float | None = None
    best_step: int | None = None
    adapter_step: int | None = None  # the adapter saved: the last step's, or the best eval step's after early stopping
    elapsed_s: float | None = None
