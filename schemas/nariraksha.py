"""NariRaksha-100K: Indian women's-safety scenarios (columns from the project's public README)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any


from curation.profile import Conversation, LabelPhrases, Profile

# The public generator's risk types, plus the labels of its earlier versions (docs/seed-models.md §1). Compared
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
# How a scenario states its own labels (the audit's label.in_prompt, eval's label-masked prompts).
# Synonyms are other spellings and established names of the same whole label, never a broader word
# ("harassment" is not "online harassment", "deepfake" not "deepfake abuse").
RISK_TYPE_PHRASES = LabelPhrases(synonyms={
    "cyberstalking": ("cyber stalking", "online stalking"),
    "online harassment": ("cyber harassment", "cyberharassment", "internet harassment"),
    "workplace harassment": ("harassment at work", "harassment at the workplace", "harassment at workplace",
                             "workplace sexual harassment", "sexual harassment at work", "sexual harassment at the workplace",
                             "sexual harassment at workplace"),
    "domestic violence": ("domestic abuse",),
    "blackmail / extortion": ("blackmail and extortion", "blackmail or extortion"),
    "trafficking indicators": ("indicators of trafficking",),
    "deepfake abuse": ("deep fake abuse",),
    # NCII: non-consensual intimate images; "revenge porn" is its common name
    "revenge content (NCII)": ("revenge content", "ncii", "revenge porn", "non consensual intimate images", "non consensual intimate imagery"),
    "revenge content": ("revenge porn", "ncii"),
    "financial exploitation": ("financial abuse",),
})
# Severity levels are everyday words ("high school", "low battery"): they state the label only in
# a severity or risk context. Synonyms are the other names of a level on four-level risk scales
# (low / moderate / high / extreme).
SEVERITY_PHRASES = LabelPhrases(
    synonyms={"medium": ("moderate",), "critical": ("extreme",)},
    contexts=("{} severity", "severity {}", "severity is {}", "severity was {}", "severity level {}", "severity level is {}",
              "severity level was {}", "classified as {}", "assessed as {}", "rated as {}",
              "{} risk", "risk is {}", "risk was {}", "risk level {}", "risk level is {}", "risk level was {}"),
)
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
    label_phrases={"risk_type": RISK_TYPE_PHRASES, "severity": SEVERITY_PHRASES},
    detect=detect,
)
