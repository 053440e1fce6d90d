"""report.json: what `curate audit` measured and found (docs/contracts.md §4).

The producer is `curation.audit.run_audit`; `curate report` (the page), `curate diff` and
`curate split --audit` read it back. Each step's `metrics` and `params` are the step module's own
(`curation/audit/<step>.py`): the keys declared here are the ones other code reads; a step may add
more (they are kept and shown on the page as they are).
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import Field, model_validator

from curation.artifacts.base import Artifact, Model, Open
from curation.findings import SEVERITIES

Severity = Literal[SEVERITIES]  # type: ignore[valid-type]  # error | warning | info
FailOn = Literal["error", "warning", "never"]


class Tool(Model):
    name: Literal["curate"]
    version: str
    python: str


class Column(Model):
    name: str
    dtype: str
    nulls: int


class Dataset(Model):
    path: str  # as given to `curate audit` (a file, a folder or a Hub id)
    format: str | None
    sha256: str | None  # of the bytes read; None for a Hub dataset
    rows: int
    columns: list[Column]
    profile: str
    profile_source: str  # "built-in", or the profile file's path
    id_column: str | None
    prompt_field: str
    text_fields: list[str]
    fact_fields: list[str]
    label_fields: list[str]
    strata: list[str]


class Parameters(Model):
    """Every audit option: `curation.audit.pipeline.AuditConfig` as a record."""

    fail_on: FailOn
    against: list[str]
    rules_dirs: list[str]
    near_threshold: float
    num_perm: int
    family_share: float
    seed: int
    max_examples: int
    skip: list[str]


class Gate(Model):
    fail_on: FailOn
    passed: bool
    blocking: int  # findings at or above fail_on
    sentence: str


class Counts(Model):
    findings: int
    by_severity: dict[Severity, int]
    rows_with_error: int
    rows_with_any: int


class Finding(Model):
    """One row of findings.parquet (docs/contracts.md §2)."""

    row: int | None
    id: str | None
    check: str
    severity: Severity
    column: str | None
    message: str
    evidence: str | None
    suggestion: str | None
    cluster: int | None


class CheckSummary(Model):
    """The findings of one (check, severity)."""

    check: str
    severity: Severity
    count: int
    rows: int
    columns: list[str]
    share: float  # of the dataset's rows
    description: str  # the catalog's (curation.findings.CHECKS)
    examples: list[Finding]
    examples_left_out: int


# -- per field ------------------------------------------------------------------------------------


class Histogram(Model):
    edges: list[float]
    counts: list[int]
    clipped_at: float | None = None  # lengths above it are counted in the last bin


class LengthStats(Model):
    """Characters or words of one field; only `count` when the field is empty everywhere."""

    count: int
    min: int | None = None
    p5: float | None = None
    median: float | None = None
    mean: float | None = None
    p95: float | None = None
    p99: float | None = None
    max: int | None = None
    histogram: Histogram | None = None


class Template(Model):
    """One of a field's most frequent templates (`curation.templates`)."""

    template: int  # the id rows.parquet's tpl_<F> holds
    rows: int
    share: float
    pattern: str  # with its slots as {slot}
    example_row: int
    example: str | None  # that row's text as written


class FieldMetrics(Open):
    """report.json `fields[F]`: what the steps measured of one scanned field, merged. A step that did
    not measure the field (or did not run) leaves its keys out."""

    # overview
    chars: LengthStats | None = None
    words: LengthStats | None = None
    distinct: int | None = None
    nulls: int | None = None
    # exact (the prompt field and the text fields)
    exact_duplicate_rows: int | None = None
    exact_groups: int | None = None
    exact_largest_group: int | None = None
    exact_distinct_normalized: int | None = None
    exact_template_groups: int | None = None
    exact_template_rows: int | None = None
    exact_info_findings_left_out: int | None = None  # text fields other than the prompt
    # near (the prompt field)
    near_duplicate_rows: int | None = None
    near_clusters: int | None = None
    near_clustered_rows: int | None = None
    near_family_rows: int | None = None
    # templates (the text fields)
    template_share: float | None = None
    templated_rows: int | None = None
    distinct_templates: int | None = None
    mean_score: float | None = None
    top: list[Template] | None = None
    score_histogram: Histogram | None = None


class LabelCounts(Model):
    distinct: int
    counts: dict[str, int]  # value -> rows, most rows first


class StrataCell(Model):
    values: list[str | None]  # one per strata column
    count: int


class StrataGrid(Model):
    columns: list[str]
    cells: list[StrataCell]
    rare_below: int  # a cell with fewer rows is rare
    rare: int  # cells that are


# -- the steps' metrics and parameters --------------------------------------------------------------


class OverviewMetrics(Open):
    columns: list[Column]
    labels: dict[str, LabelCounts]
    strata: StrataGrid | None


class OverviewParams(Open):
    histogram_bins: int
    rare_stratum_rows: int


class SchemaRollup(Model):
    column: str | None
    check: str
    count: int
    rows: int


class Canonicalized(Model):
    """Rows whose label `value` the profile's vocabulary takes as `canonical` ('HIGH' for 'high')."""

    column: str
    value: str
    canonical: str
    rows: int


class SchemaMetrics(Open):
    failures: int
    rows_failing: int
    by_column_and_check: list[SchemaRollup]
    noncanonical: list[Canonicalized]


class SchemaParams(Open):
    # "schema" is taken by pydantic's BaseModel: the attribute is schema_, the key "schema"
    schema_: str | None = Field(alias="schema")  # the pandera schema's name
    columns: list[str]


class TextMetrics(Open):
    counts: dict[str, int]  # "<field>.<encoding|empty|long|short>" -> findings


class TextParams(Open):
    min_prompt_words: int
    long_factor: float
    long_min_chars: int
    runaway_chars: int


class Member(Model):
    row: int
    text: str | None
    similarity: float | None = None  # verified Jaccard to the representative (1.0 for an exact copy)


class Cluster(Model):
    """A duplicate cluster the page draws: its representative and a few members."""

    cluster: int
    size: int
    representative: Member
    members: list[Member]


class ExactField(Open):
    exact_duplicate_rows: int
    exact_groups: int
    exact_largest_group: int
    exact_distinct_normalized: int
    exact_template_groups: int
    exact_template_rows: int
    exact_info_findings_left_out: int | None = None


class ExactMetrics(Open):
    largest_clusters: list[Cluster] = []  # of the prompt field, when there is one
    fields: dict[str, ExactField]


class ExactParams(Open):
    prompt_field: str | None
    fields: list[str]
    normalization: str
    template_from_rows: int
    info_findings_per_field: int


class SCurve(Model):
    """LSH's chance that a pair of Jaccard similarity j becomes a candidate."""

    jaccard: list[float]
    probability: list[float]


class NearCounts(Open):
    rows: int
    distinct_texts: int
    short_texts: int  # under the words a near-duplicate needs: exact copies only
    shingles: int
    candidates: int
    compared_pairs: int
    verified_pairs: int
    candidate_precision: float | None
    clusters: int
    clustered_rows: int
    families: int
    family_rows: int
    duplicate_near_findings: int
    template_family_findings: int


class Family(Open):
    """A template family: a component of verified links over `family_share` of the rows."""

    id: int
    size: int
    representative: int
    representative_text: str | None


class NearMetrics(Open):
    s_curve: SCurve
    counts: NearCounts
    cluster_sizes: dict[str, int]  # "2", "3", "4-5", ... -> clusters
    largest_clusters: list[Cluster]
    families: list[Family]
    seconds: dict[str, float]  # per phase


class NearParams(Open):
    """`curation.dedup.NearParams` as a record (what `split` and `split --check` compare with)."""

    threshold: float
    spare_edits: int
    num_perm: int
    shingle: int
    candidate_jaccard: float
    candidate_recall: float
    seed: int
    family_share: float
    family_min_rows: int


class NearStepParams(NearParams):
    field: str
    bands: int
    rows_per_band: int
    similarity: str  # the verification rule, in words
    candidates: str  # what LSH proposes, in words
    minhash: str


class ConflictCount(Model):
    rows: int
    clusters: int


class LabelsParams(Open):
    label_fields: list[str]


class Phrase(Model):
    phrase: str
    rows: int


class StatedLabel(Model):
    rows: int
    share: float
    phrases: list[Phrase]  # most rows first


class LabelInPromptMetrics(Open):
    rows: int  # rows whose prompt states any label
    share: float
    fields: dict[str, StatedLabel]


class LabelInPromptParams(Open):
    prompt_field: str
    label_fields: list[str]


class LegalProblem(Open):
    check: str
    span: str | None
    count: int
    rows: int
    suggestion: str | None


class NamedCount(Open):
    name: str | None
    count: int


class LegalMetrics(Open):
    citations: int
    rows_with_citations: int
    by_verdict: dict[str, int]
    by_act: dict[str, dict[str, int]]  # act -> verdict -> citations
    findings_by_check: dict[str, int]
    top_problems: list[LegalProblem]
    unknown_acts: list[NamedCount]


class FactParams(Open):
    fields: list[str]
    rules_dirs: list[str]


class UnknownNumber(Open):
    number: str | None
    count: int
    verdict: str | None


class HelplineMetrics(Open):
    numbers: int
    rows_with_numbers: int
    by_verdict: dict[str, int]
    by_number: dict[str, dict[str, int]]  # number -> verdict -> mentions
    top_unknown: list[UnknownNumber]


class PatternCount(Model):
    check: str
    column: str | None
    count: int
    rows: int


class PatternsMetrics(Open):
    by_check: dict[str, int]
    by_check_and_column: list[PatternCount]


class PatternsParams(Open):
    fields: list[str]
    placeholders: list[str]
    pii: list[str]


class LabelAgreement(Open):
    """Whether copies found in other data carry the same labels (`curation.audit.labels.agreement_summary`)."""

    fields: list[str]
    compared_rows: int
    agree_rows: int
    conflict_rows: int
    conflicts_by_label: dict[str, int]


class Against(Open):
    rows: int
    exact: int
    near: int
    ngram13: int
    leaked_rows: int
    leaked_share: float
    labels: LabelAgreement


class LeakageMetrics(Open):
    against: dict[str, Against]  # per --against source


class LeakageParams(Open):
    against: list[str]
    field: str
    near_threshold: float


class TemplateSummary(Model):
    template_share: float
    templated_rows: int
    distinct_templates: int
    mean_score: float


class TemplatesMetrics(Open):
    fields: dict[str, TemplateSummary]


class TemplatesParams(Open):
    """`curation.templates.TemplateParams` as a record, and what the step derived from it."""

    recurring_rows: int
    slot_columns: list[str]


M = TypeVar("M")
P = TypeVar("P")


class Step(Model, Generic[M, P]):
    """One step's entry in `checks`. A skipped step has `skipped` (why) and no metrics or params."""

    params: P | None
    metrics: M | None
    skipped: str | None
    wall_s: float

    @model_validator(mode="before")
    @classmethod
    def _skipped_before_nulls(cls, data: Any) -> Any:
        """curate up to 0.1.0 wrote a skipped step's metrics and params as {}: read them as null."""
        if isinstance(data, dict) and data.get("skipped") and data.get("metrics") == {} and data.get("params") == {}:
            return {**data, "metrics": None, "params": None}
        return data


class Checks(Model):
    """Per step, in pipeline order (`curation.audit.STEPS`, by each step's NAME); a step left out
    with `--skip` is absent."""

    templates: Step[TemplatesMetrics, TemplatesParams] | None = None
    overview: Step[OverviewMetrics, OverviewParams] | None = None
    schema_: Step[SchemaMetrics, SchemaParams] | None = Field(default=None, alias="schema")
    text: Step[TextMetrics, TextParams] | None = None
    exact: Step[ExactMetrics, ExactParams] | None = None
    near: Step[NearMetrics, NearStepParams] | None = None
    labels: Step[dict[str, ConflictCount], LabelsParams] | None = None  # "<exact|near>.<label field>"
    label_in_prompt: Step[LabelInPromptMetrics, LabelInPromptParams] | None = None
    legal: Step[LegalMetrics, FactParams] | None = None
    helplines: Step[HelplineMetrics, FactParams] | None = None
    patterns: Step[PatternsMetrics, PatternsParams] | None = None
    leakage: Step[LeakageMetrics, LeakageParams] | None = None

    def entry(self, name: str) -> Step | None:
        """The entry of step `name` (its key in report.json), None when the step was left out."""
        attribute = next((a for a, f in type(self).model_fields.items() if (f.alias or a) == name), None)
        return getattr(self, attribute) if attribute else None


class Outputs(Model):
    dir: str
    files: list[str]


class ReportJson(Artifact):
    FILE: ClassVar[str] = "report.json"
    VERSION: ClassVar[int] = 1
    WRITER: ClassVar[str] = "curate audit"

    schema_version: Literal[1]
    tool: Tool
    dataset: Dataset
    parameters: Parameters
    gate: Gate
    counts: Counts
    by_check: list[CheckSummary]  # most rows first
    needs_attention: list[str]  # "check:severity" of the errors and warnings, largest share of rows first
    fields: dict[str, FieldMetrics]
    labels: dict[str, LabelCounts]
    strata: StrataGrid | None
    checks: Checks
    timing_s: dict[str, float]  # read, prepare, setup, each step, write, total
    outputs: Outputs
