"""The four files the stages hand each other, one pydantic model each (docs/contracts.md):

    report.json    ReportJson  written by `curate audit`, read by report, diff and split --audit
    manifest.json  Manifest    written by `curate split`, read by split --check, train and eval
    run.json       RunJson     written by `curate train`, read by train --resume and eval
    eval.json      EvalJson    written by `curate eval`, read by compare

Producers build the model and write it (`Artifact.write`); every consumer reads through the
model's one loader (`Artifact.read`), which refuses a file of another schema version, or one that
is not that artifact, with one sentence. `curate schema NAME` prints each model's JSON Schema.
"""

from __future__ import annotations

from curation.artifacts.base import Artifact
from curation.artifacts.evaluation import EvalJson
from curation.artifacts.manifest import Manifest
from curation.artifacts.report import ReportJson
from curation.artifacts.run import RunJson

__all__ = ["ARTIFACTS", "Artifact", "EvalJson", "Manifest", "ReportJson", "RunJson"]

# `curate schema NAME` -> the model, in pipeline order
ARTIFACTS: dict[str, type[Artifact]] = {"report": ReportJson, "manifest": Manifest, "run": RunJson, "eval": EvalJson}
