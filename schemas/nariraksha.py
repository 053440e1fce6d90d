"""NariRaksha-100K: Indian women's-safety scenarios (columns from the project's public README)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any


from curation.profile import Conversation, Profile

# The public generator's risk types, plus the labels of its earlier versions (SEEDS.md). Compared
# with case, spaces and punctuation folded ("Blackmail_Extortion" is "blackmail / extortion"); a value
# written another way than here is a schema.noncanonical warning, and split and train use this form.
RISK_TYPES = [
    "cyberstalking",
    "online harassment",
    "workplace harassment",
    "domestic violence",
    "coercive control",
    "blackmail / extortion",
    "trafficking indicators",
    "deepfake abuse",
    "revenge content (NCII)",
    "financial exploitation",
    "emotional manipulation",
    "public safety / stalking",
    # earlier generator versions
    "blackmail",
    "extortion",
    "public safety threats",
    "revenge content",
    "impersonation",
]
SEVERITIES = ["low", "medium", "high", "critical"]
TEXT_FIELDS = ("scenario", "reasoning", "recommended_action", "legal_context")
ANSWER_FIELDS = ("risk_type", "severity", "reasoning", "recommended_action", "legal_context", "confidence")


def schema():
    """The pandera schema, built on first use of `Profile.schema`."""
    import pandera.polars as pa

    import curation.verify.checks  # noqa: F401  (registers verified_citations)

    class NariRakshaSchema(pa.DataFrameModel):
        scenario: str = pa.Field(not_blank={})
        language: str = pa.Field(not_blank={})
        risk_type: str = pa.Field(in_vocabulary={"allowed": RISK_TYPES})
        severity: str = pa.Field(in_vocabulary={"allowed": SEVERITIES})
        reasoning: str = pa.Field(not_blank={})
        recommended_action: str = pa.Field(not_blank={})
        legal_context: str = pa.Field(not_blank={}, verified_citations={})
        confidence: float = pa.Field(in_range={"min_value": 0.0, "max_value": 1.0})

        class Config:
            name = "nariraksha"
            strict = False  # extra columns (an id, a source) are allowed

    return NariRakshaSchema.to_schema()


SYSTEM_PROMPT = (
    "You are NariRaksha, an assistant that assesses women's-safety scenarios in India. "
    "Answer with one JSON object with the keys risk_type, severity, reasoning, "
    "recommended_action, legal_context and confidence."
)
USER_PREFIX = "Analyse this safety scenario and give your assessment as JSON.\n\nScenario: "


def conversation(row: Mapping[str, Any]) -> Conversation:
    answer = {key: row.get(key) for key in ANSWER_FIELDS}
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": USER_PREFIX + str(row["scenario"])},
        {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)},
    ]


def detect(columns: Collection[str]) -> int:
    cols = set(columns)
    if "scenario" not in cols:
        return 0
    hits = len(cols & {"risk_type", "severity", "reasoning", "recommended_action", "legal_context", "confidence", "language"})
    return 10 + hits if hits >= 2 else 0


NARIRAKSHA = Profile(
    name="nariraksha",
    description="NariRaksha-100K women's-safety scenarios: scenario, language, risk_type, severity, reasoning, recommended_action, legal_context, confidence.",
    build_schema=schema,
    prompt_field="scenario",
    text_fields=TEXT_FIELDS,
    label_fields=("risk_type", "severity"),
    vocabularies={"risk_type": tuple(RISK_TYPES), "severity": tuple(SEVERITIES)},
    strata=("risk_type", "severity"),
    id_column=None,
    fact_fields=("legal_context", "recommended_action", "reasoning"),
    risk_type_field="risk_type",
    conversation=conversation,
    targets={"risk_type": "label", "severity": "label", "reasoning": "text", "recommended_action": "text", "legal_context": "text"},
    detect=detect,
)
