"""Do-Not-Answer (939 questions; Wang et al. 2023): id, risk_area, types_of_harm, specific_harms, question."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


from curation.errors import CurateError
from curation.profile import Conversation, Profile

RISK_AREAS = [
    "Information Hazards",
    "Malicious Uses",
    "Discrimination, Exclusion, Toxicity, Hateful, Offensive",
    "Misinformation Harms",
    "Human-Chatbot Interaction Harms",
]
RESPONSE_COLUMNS = ("response", "refusal", "reference_response")


def schema():
    """The pandera schema, built on first use of `Profile.schema`."""
    import pandera.polars as pa

    class DoNotAnswerSchema(pa.DataFrameModel):
        id: str = pa.Field(not_blank={})
        risk_area: str = pa.Field(in_vocabulary={"allowed": RISK_AREAS})
        types_of_harm: str = pa.Field(not_blank={})
        specific_harms: str = pa.Field(not_blank={})
        question: str = pa.Field(not_blank={})

        class Config:
            name = "do-not-answer"
            strict = False

    return DoNotAnswerSchema.to_schema()


def conversation(row: Mapping[str, Any]) -> Conversation:
    response = next((row[c] for c in RESPONSE_COLUMNS if row.get(c)), None)
    if response is None:
        raise CurateError(
            "do-not-answer rows need a reference answer to train on: add a 'response' column "
            "(the ideal refusal) to the data."
        )
    return [{"role": "user", "content": str(row["question"])}, {"role": "assistant", "content": str(response)}]


def detect(columns: Collection[str]) -> int:
    cols = set(columns)
    return 15 if {"question", "risk_area"} <= cols else 0


DO_NOT_ANSWER = Profile(
    name="do-not-answer",
    description="Do-Not-Answer refusal prompts: id, risk_area (5), types_of_harm (12), specific_harms (61), question.",
    build_schema=schema,
    prompt_field="question",
    text_fields=("question",),
    label_fields=("risk_area", "types_of_harm"),
    vocabularies={"risk_area": tuple(RISK_AREAS)},
    strata=("risk_area", "types_of_harm"),
    id_column="id",
    conversation=conversation,
    targets={"response": "text"},
    detect=detect,
)
