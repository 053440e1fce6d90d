"""OpenAI `messages` JSONL with `_meta` (the RAI safety classifier's training mix)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import polars as pl

from curation.profile import Conversation, Profile

CATEGORIES = [
    "Violence/Harassment",
    "Hate/Discrimination",
    "Misinformation",
    "Sexual Content",
    "Illegal Activity",
    "Self-harm",
    "Jailbreak/PromptInjection",
    "Intellectual Property",
    "PII",
    "Politics",
    "Impersonation",
    "Specialist Advice",
    "High-risk decisions",
    "none",
]
ROLES = ["system", "user", "assistant"]


def _turns(role: str, how: str) -> pl.Expr:
    """The content of the `role` turns of `messages`: the last one, or all joined by blank lines."""
    picked = pl.col("messages").list.eval(
        pl.element().filter(pl.element().struct.field("role") == role).struct.field("content")
    )
    return picked.list.last() if how == "last" else picked.list.join("\n\n")


def derive(frame: pl.DataFrame) -> pl.DataFrame:
    """Flatten `messages` into system/user/assistant text and `_meta` into its fields."""
    dtype = frame.schema.get("messages")
    if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Struct)):
        return frame  # the schema check reports the malformed column
    if not {"role", "content"} <= {f.name for f in dtype.inner.fields}:
        return frame
    derived = [_turns("system", "all").alias("system"), _turns("user", "all").alias("user"),
               _turns("assistant", "last").alias("assistant")]
    meta = frame.schema.get("_meta")
    if isinstance(meta, pl.Struct):
        for name in ("category", "src", "verdict"):
            if name in {f.name for f in meta.fields} and name not in frame.columns:
                derived.append(pl.col("_meta").struct.field(name).cast(pl.String).alias(name))
    frame = frame.with_columns(derived)
    if "category" not in frame.columns:
        # Without _meta the classifier's answer is the category itself.
        frame = frame.with_columns(pl.col("assistant").str.strip_chars().alias("category"))
    return frame


def schema():
    """The pandera schema, built on first use of `Profile.schema`."""
    import pandera.polars as pa

    class ChatSchema(pa.DataFrameModel):
        messages: pl.List = pa.Field(
            valid_roles={"allowed": ROLES}, last_role_is={"role": "assistant"}, has_content={}
        )
        user: str = pa.Field(not_blank={})
        category: str = pa.Field(in_vocabulary={"allowed": CATEGORIES})

        class Config:
            name = "chat"
            strict = False

    return ChatSchema.to_schema()


def conversation(row: Mapping[str, Any]) -> Conversation:
    return [{"role": m["role"], "content": m["content"]} for m in row["messages"]]


def detect(columns: Collection[str]) -> int:
    return 20 if "messages" in set(columns) else 0


CHAT = Profile(
    name="chat",
    description="OpenAI messages JSONL (system/user/assistant) with _meta {src, category, verdict}; category is one of 13 policy categories or none.",
    build_schema=schema,
    prompt_field="user",
    text_fields=("user",),
    label_fields=("category",),
    vocabularies={"category": tuple(CATEGORIES)},
    strata=("category",),
    id_column=None,
    fact_fields=(),
    derive=derive,
    conversation=conversation,
    targets={"category": "label"},
    detect=detect,
    requires=("messages",),
)
