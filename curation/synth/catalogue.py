"""What is planted, and how much: the plant catalogue (each problem, its column, its share of the
rows and its lane), the duplicate shares, and the row counts they give at a dataset size.

Each problem is named by the audit check that should find it (`curation.findings.CHECKS`). Each fine
problem also gets at least FLOOR rows at 2,000 rows (scaled down below that) so recall stays
measurable on small samples."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Plant:
    kind: str  # which planter writes it
    problem: str
    column: str
    share: float  # of all rows
    lane: str  # plants in one lane are on disjoint rows; lanes overlap freely


PLANTS: tuple[Plant, ...] = (
    Plant("pii.aadhaar", "pii.aadhaar", "scenario", 0.003, "scenario"),
    Plant("pii.pan", "pii.pan", "scenario", 0.003, "scenario"),
    Plant("pii.email", "pii.email", "scenario", 0.003, "scenario"),
    Plant("pii.phone", "pii.phone", "scenario", 0.003, "scenario"),
    Plant("decoy.aadhaar", "decoy.aadhaar", "scenario", 0.003, "scenario"),
    Plant("schema.not_blank", "schema.not_blank", "scenario", 0.003, "scenario"),
    Plant("placeholder.translation", "placeholder", "scenario", 0.0015, "scenario"),
    Plant("schema.in_vocabulary.severity", "schema.in_vocabulary", "severity", 0.002, "labels"),
    Plant("schema.in_vocabulary.risk_type", "schema.in_vocabulary", "risk_type", 0.002, "labels"),
    Plant("schema.in_range", "schema.in_range", "confidence", 0.003, "labels"),
    Plant("schema.not_nullable", "schema.not_nullable", "confidence", 0.003, "labels"),
    Plant("legal.title_mismatch", "legal.title_mismatch", "legal_context", 0.004, "legal"),
    Plant("legal.repealed", "legal.repealed", "legal_context", 0.005, "legal"),
    Plant("legal.struck_down", "legal.struck_down", "legal_context", 0.003, "legal"),
    Plant("legal.unknown_section", "legal.unknown_section", "legal_context", 0.004, "legal"),
    Plant("legal.unknown_act", "legal.unknown_act", "legal_context", 0.003, "legal"),
    Plant("legal.offence_mismatch", "legal.offence_mismatch", "legal_context", 0.004, "legal"),
    Plant("placeholder.section_xx", "placeholder", "legal_context", 0.0015, "legal"),
    Plant("helpline.unknown", "helpline.unknown", "recommended_action", 0.004, "action"),
    Plant("helpline.wrong_purpose", "helpline.wrong_purpose", "recommended_action", 0.004, "action"),
    Plant("helpline.outdated", "helpline.outdated", "recommended_action", 0.003, "action"),
    Plant("helpline.malformed", "helpline.malformed", "recommended_action", 0.003, "action"),
    Plant("placeholder.todo", "placeholder", "recommended_action", 0.001, "action"),
    Plant("placeholder.unfilled_slot", "placeholder", "reasoning", 0.0015, "reasoning"),
    Plant("placeholder.lorem_ipsum", "placeholder", "reasoning", 0.001, "reasoning"),
    Plant("label.in_prompt.risk_type", "label.in_prompt", "scenario", 0.0015, "prompt_labels"),
    Plant("label.in_prompt.severity", "label.in_prompt", "scenario", 0.0015, "prompt_labels"),
)
FLOOR = 20  # rows per fine problem at n >= 2000
EXACT_SHARE = 0.012  # exact copies (rows)
NEAR_SHARE = 0.02  # near copies (rows)
CONFLICT_SHARE = 0.25  # of copies


def scaled_floor(n: int, floor: float) -> int:
    """At least `floor` rows at 2,000 rows and above (fewer, proportionally, below)."""
    return int(np.ceil(floor * min(1.0, n / 2000)))


def planted_count(share: float, n: int, floor: float) -> int:
    """Rows to plant: `share` of `n`, but at least the scaled floor."""
    return max(int(round(share * n)), scaled_floor(n, floor))
