"""eval.json: what a trained run learnt and what it memorized (docs/contracts.md §7).

The producer is `curation.training.evaluate.evaluate_run` (`curate eval`); `curate compare` reads
it back. The measures and their sources are in docs/memorization.md. NaN and infinity are written
as null. Keys named after the data (a label field, a fact group, the MIA false-positive rate) are
typed extras of their section. Nothing here imports torch.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from curation.artifacts.base import Artifact, Model, Open
from curation.artifacts.manifest import SplitName, Tool

Fate = Literal["kept", "downweighted", "removed", "held_out"]  # curation.training.probes.FATES


class Interval(Model):
    """A point estimate with its bootstrap interval (`curation.training.metrics`)."""

    value: float | None
    low: float | None
    high: float | None


class RunSummary(Model):
    path: str
    recipe: str
    base: str  # the base model run.json names
    status: str
    steps: int | None
    adapter_step: int | None
    epochs: float | None  # of the last line of metrics.jsonl
    final_eval_loss: float | None


class EvalSplit(Model):
    path: str
    profile: str
    sha256: str  # of manifest.json, else of the folder
    same_split: bool  # as the run was trained on
    trained_on: str | None
    rows: dict[SplitName, int]
    sampled: dict[SplitName, int]


class Parameters(Model):
    """`curation.training.evaluate.EvalConfig` as a record (less the device)."""

    limit: int | None
    probes: int
    batch_size: int
    max_new_tokens: int | None
    prefix_tokens: int
    suffix_tokens: int
    regurgitation_ratio: float
    near_verbatim: float
    min_k: float
    fpr: float
    seed: int
    base_model: bool
    perturb: bool
    probes_from: str | None
    negative_label: str
    similarity_model: str
    profile: str | None
    base: str | None
    threads: int | None
    n_boot: int


class AnswerFormat(Model):
    json_: bool = Field(alias="json")  # "json" is a BaseModel attribute
    labels: list[str]
    texts: list[str]


class TokenMean(Model):
    rows: int
    tokens: int
    token_mean: float | None
    row_mean: float | None


class SplitLoss(TokenMean):
    by_stratum: dict[str, TokenMean]


class Loss(Model):
    """Token-mean answer NLL per sampled split, and the generalization gaps (`<split>_minus_train`)."""

    train: SplitLoss | None = None
    validation: SplitLoss | None = None
    test: SplitLoss | None = None
    test_ood: SplitLoss | None = None
    gap: dict[str, float | None]


class PerClass(Model):
    precision: float | None
    recall: float | None
    f1: float | None
    support: int


class Confusion(Model):
    labels: list[str]
    predicted_labels: list[str]
    matrix: list[list[int]]


class Ordinal(Model):
    mean_abs_error: float | None
    within_one: float | None
    scored: int


class Binary(Model):
    negative_class: str
    block_rate: float | None
    precision: float | None
    recall: float | None
    f1: float | None
    false_positive_rate: float | None
    tp: int
    fp: int
    fn: int
    tn: int


class LabelMetrics(Model):
    rows: int
    missing_predictions: int
    accuracy: float | None
    macro_f1: float | None
    per_class: dict[str, PerClass]
    confusion: Confusion
    ordinal: Ordinal | None = None  # on an ordinal scale (severity)
    binary: Binary | None = None  # when the negative class is one of the labels


class GeneratedReference(Model):
    generated: float | None
    reference: float | None


class ReferenceSimilarity(Model):
    available: bool
    message: str | None = None  # why it was not measured
    model: str | None = None
    mean: float | None = None
    median: float | None = None
    share_at_least_0_8: float | None = Field(default=None, alias="share_at_least_0.8")


class GenerationSet(Open):
    """Greedy answers on one held-out set; each label field's metrics under its own name."""

    __pydantic_extra__: dict[str, LabelMetrics]

    answers: int
    parse_rate: float | None
    format_valid_rate: float | None
    stopped_rate: float | None
    distinct: dict[str, dict[str, GeneratedReference]]  # text field -> distinct_<n>
    reference_similarity: ReferenceSimilarity | None = None


class FactRates(Open):
    """Hallucination rates of one set of answers (`curation.training.facts.fact_rates`); the rate of
    each kind of problem under `<kind>_citation_rate`, `answers_with_<kind>_citation`, ..."""

    __pydantic_extra__: dict[str, float | None]

    answers: int
    citations: int
    helpline_numbers: int
    hallucination_rate: float | None
    citations_by_verdict: dict[str, int]
    helplines_by_verdict: dict[str, int]


class SetFacts(Model):
    generated: FactRates
    reference: FactRates


class Facts(Model):
    fields: list[str]
    note: str | None = None  # why nothing was measured
    test: SetFacts | None = None
    test_ood: SetFacts | None = None


class Regurgitation(Model):
    generated: float | None
    reference: float | None
    answers: int


class Perturbation(Model):
    prompts: int
    design: str
    label: str | None = None
    label_pairs: int | None = None
    follows_swap_rate: float | None = None
    unchanged_label_rate: float | None = None
    same_answer_rate: dict[str, float | None]


class LabelMaskedField(Model):
    rows: int
    accuracy_original: float | None
    accuracy_masked: float | None
    accuracy_drop: Interval


class LabelMasked(Model):
    design: str
    prompts: int
    test_prompts: int
    share_of_test: float
    still_stated: int
    fields: dict[str, LabelMaskedField]


class ExtractionSummary(Model):
    """Only `rows` when nothing was extracted."""

    rows: int
    eligible: int | None = None
    exact_rate: Interval | None = None
    near_verbatim_rate: Interval | None = None
    mean_score: Interval | None = None


class Bucket(Model):
    copies: str  # "0", "1", "2-3", "4-7", ...
    rows: int
    exact_rate: float | None
    near_verbatim_rate: float | None
    mean_score: float | None


class ExtractionPair(Model):
    members: ExtractionSummary
    held_out: ExtractionSummary


class BucketPair(Model):
    members: list[Bucket]
    held_out: list[Bucket]


class Extraction(ExtractionPair):
    by_copies: BucketPair
    by_prompt_copies: BucketPair | None
    base_model: ExtractionPair | None


class MiaScore(Open):
    """AUROC of one membership-inference score, and the TPR at the configured FPR (`tpr_at_<fpr>_fpr`)."""

    __pydantic_extra__: dict[str, float | None]

    auroc: Interval


class Mia(Model):
    members: int
    nonmembers: int
    scores: dict[str, MiaScore]  # loss, min_k, zlib, ref


class Memorization(Model):
    regurgitation: dict[str, dict[str, Regurgitation]]  # set -> text field
    perturbation: Perturbation | None
    label_masked: LabelMasked | None
    extraction: Extraction
    mia: Mia


class ProbeFate(Model):
    rows: int
    members: int
    median_copies: float | None
    loss: Interval
    extraction: ExtractionSummary
    base_loss: Interval | None = None
    base_extraction: ExtractionSummary | None = None
    auroc_vs_held_out: dict[str, Interval] | None = None


class EvalJson(Artifact):
    FILE: ClassVar[str] = "eval.json"
    VERSION: ClassVar[int] = 1
    WRITER: ClassVar[str] = "curate eval"

    schema_version: Literal[1]
    tool: Tool
    run: RunSummary
    split: EvalSplit
    parameters: Parameters
    answer_format: AnswerFormat
    notes: list[str]
    loss: Loss
    generation: dict[str, GenerationSet]  # test, test_ood
    facts: Facts
    memorization: Memorization
    probes: dict[Fate, ProbeFate]
    timing_s: dict[str, float]
