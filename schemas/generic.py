"""The generic profile: text and label columns named on the command line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from curation.profile import Conversation, Profile


def generic_profile(text_columns: tuple[str, ...], label_columns: tuple[str, ...] = (), id_column: str | None = None) -> Profile:
    prompt = text_columns[0]

    def schema():
        import pandera.polars as pa

        columns = {c: pa.Column(str, checks=[pa.Check.not_blank()], nullable=False) for c in text_columns}
        columns.update({c: pa.Column(nullable=False, required=True) for c in label_columns})
        return pa.DataFrameSchema(columns, name="generic")

    def conversation(row: Mapping[str, Any]) -> Conversation:
        if not label_columns:
            return [{"role": "user", "content": str(row[prompt])}]
        return [
            {"role": "user", "content": str(row[prompt])},
            {"role": "assistant", "content": str(row[label_columns[0]])},
        ]

    return Profile(
        name="generic",
        description=f"generic: text {', '.join(text_columns)}; labels {', '.join(label_columns) or 'none'}",
        build_schema=schema,
        prompt_field=prompt,
        text_fields=tuple(text_columns),
        label_fields=tuple(label_columns),
        strata=tuple(label_columns),
        id_column=id_column,
        conversation=conversation,
        targets={label_columns[0]: "label"} if label_columns else {},
        requires=(*text_columns, *label_columns, *([id_column] if id_column else [])),
    )
