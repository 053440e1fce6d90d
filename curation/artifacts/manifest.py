"""manifest.json: what a split directory was made from, with which options, and what it holds
(docs/contracts.md §5).

The producer is `curate split` (`curation.split.manifest.build`, written with the files by
`curation.split.write.write_split_dir`); `split --check`, `train`, `eval` and `tiny-model` read it
back through `curation.split.layout.read_split_dir`. Nothing in it depends on the clock or the
machine: the same input, options and seed give the same bytes.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from curation.artifacts.base import Artifact, Model
from curation.artifacts.report import Canonicalized, NearParams
from curation.split.config import ASSIGNED_SPLITS, DEDUP_MODES, FORMATS, KEEP_POLICIES, RARE_POLICIES, REWEIGHT_MODES

AssignedSplit = Literal[ASSIGNED_SPLITS]  # type: ignore[valid-type]  # train | validation | test
SplitName = Literal[(*ASSIGNED_SPLITS, "test_ood")]  # type: ignore[valid-type]  # curation.split.layout.SPLIT_NAMES


class Tool(Model):
    name: Literal["curate"]
    version: str


class InputFile(Model):
    path: str  # as given on the command line
    name: str
    sha256: str | None  # None for a file that is not there (a folder, a Hub id)
    rows: int


class Input(Model):
    files: list[InputFile]
    rows: int
    sha256: str | None  # of the one file, or over the files' names and hashes


class AuditRef(Model):
    dir: str
    dataset_sha256: str | None


class Parameters(Model):
    """Every split option (`curation.split.config.SplitConfig.as_dict`) and the strata used."""

    stratify: list[str]
    ratios: dict[AssignedSplit, float]
    group: str  # near | exact | none | a column
    dedup: Literal[DEDUP_MODES]  # type: ignore[valid-type]
    keep: Literal[KEEP_POLICIES]  # type: ignore[valid-type]
    reweight: Literal[REWEIGHT_MODES]  # type: ignore[valid-type]
    reweight_strength: float
    template_fields: list[str] | None
    holdout_templates: dict[str, float]  # field -> share of its templates held out
    source_weights: dict[str, float]  # input file name -> weight
    rare_strata: Literal[RARE_POLICIES]  # type: ignore[valid-type]
    seed: int
    format: Literal[FORMATS]  # type: ignore[valid-type]
    verify: bool
    large_cluster_share: float


class Labels(Model):
    canonicalized: list[Canonicalized]


class NearDuplicates(NearParams):
    """Where the duplicate clusters came from (`audit DIR` or `computed`), and their parameters;
    from an audit, also the audit's own near-step parameters."""

    source: str


class RareStratum(Model):
    stratum: str
    rows: int
    action: Literal["merge", "train"]
    into: str


class RarePolicy(Model):
    policy: Literal[RARE_POLICIES]  # type: ignore[valid-type]
    strata: list[RareStratum]


class Strata(Model):
    columns: list[str]
    counts: dict[str, int]  # stratum -> rows, before the rare-strata policy
    rare: RarePolicy


class Dropped(Model):
    dedup: Literal[DEDUP_MODES]  # type: ignore[valid-type]
    keep: Literal[KEEP_POLICIES]  # type: ignore[valid-type]
    rows: int
    kept_rows: int


class SplitCounts(Model):
    rows: int
    by_stratum: dict[str, int]


class StratumRatio(Model):
    stratum: str
    rows: int
    train: int
    validation: int
    test: int
    max_error_pp: float


class Ratios(Model):
    target: dict[AssignedSplit, float]
    achieved: dict[AssignedSplit, float]
    max_error_pp_strata_50plus: float
    within_2pp: bool
    by_stratum: list[StratumRatio]


class LargeGroup(Model):
    group: int  # its smallest row
    rows: int
    split: SplitName
    share_of_test: float
    example: str


class Groups(Model):
    mode: str
    groups: int
    singletons: int
    largest: int
    crossing_splits: int  # 0 unless something is wrong
    large: list[LargeGroup]


class LeakRows(Model):
    """Held-out rows by the kind of their strongest match in an earlier split (curation.split.leakage)."""

    exact: int
    near: int
    family: int  # template-family siblings: not leakage
    ngram13: int  # a shared 13-word span alone: not leakage


class Leakage(Model):
    rows: LeakRows
    leaking_rows: int
    leaking_by_split: dict[SplitName, int]
    checked: bool
    assignment_rounds: int


class HeldOutField(Model):
    share: float
    templates: int
    held_out: list[int]  # template ids
    rows: int


class Holdout(Model):
    split: Literal["test_ood"]
    fields: dict[str, HeldOutField]
    rows: int
    rows_by_group: int  # came along with their group


class SourceShare(Model):
    rows: int
    weight_share: float


class WeightStats(Model):
    """The train weights (`curation.split.weights.weight_stats`); only `rows` when train is empty."""

    rows: int
    mean: float | None = None
    std: float | None = None
    min: float | None = None
    p50: float | None = None
    max: float | None = None
    ess: float | None = None  # Kish's effective sample size
    below_1: int | None = None
    ess_share: float | None = None
    by_source: dict[str, SourceShare] | None = None


class Weights(Model):
    reweight: Literal[REWEIGHT_MODES]  # type: ignore[valid-type]
    strength: float
    fields: list[str]
    formula: str  # the one applied, in words
    source_weights: dict[str, float]
    train: WeightStats


class PairedWith(Model):
    """The raw split paired with a curated one (`curation.training.probes.paired_raw_split`)."""

    curated: str
    held_out_shared: list[SplitName]
    removed_rows_in_train: int
    removed_rows_left_out: int


class FileEntry(Model):
    rows: int | None = None  # absent for the files of a Hugging Face DatasetDict folder
    sha256: str


class SplitRecord(Model):
    """Everything of the manifest but its `files`: what the split decided, before it is written."""

    schema_version: Literal[1]
    tool: Tool
    profile: str
    profile_source: str
    prompt_field: str
    input: Input
    audit: AuditRef | None
    seed: int
    parameters: Parameters
    labels: Labels
    near_duplicates: NearDuplicates
    strata: Strata
    dropped: Dropped
    counts: dict[SplitName, SplitCounts]
    ratios: Ratios
    groups: Groups
    leakage: Leakage
    holdout: Holdout | None
    weights: Weights
    paired_with: PairedWith | None = None


class Manifest(SplitRecord, Artifact):
    FILE: ClassVar[str] = "manifest.json"
    VERSION: ClassVar[int] = 1
    WRITER: ClassVar[str] = "curate split"

    files: dict[str, FileEntry]  # per written file (for a DatasetDict, every file of the folder)
