"""Data for the split tests: NariRaksha-shaped rows with planted duplicates and templates whose
clusters are known by construction, and an audit directory whose rows.parquet holds that
knowledge — so the split is tested against answers we did not compute with it. Its report.json is
the real audit's (`curate audit` of the data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl


RISKS = ["cyberstalking", "domestic violence", "workplace harassment", "blackmail / extortion", "deepfake abuse", "trafficking indicators"]
SEVERITIES = ["low", "medium", "high", "critical"]
CITIES = ["Pune", "Delhi", "Jaipur", "Kochi", "Patna", "Indore", "Surat", "Mysuru"]
SCENARIOS = [
    "A {age} year old woman in {city} reports {event} by someone she knows, and she is afraid to go out alone after dark.",
    "In {city} a {age} year old student says a man from her college keeps {event} and watches her hostel every evening.",
    "My sister, {age}, lives in {city}; her husband's brother has started {event} and threatens her children.",
]
EVENTS = ["sending abusive messages", "following her home", "posting her photos", "demanding money", "calling her at night",
          "tracking her phone", "threatening her family", "spreading rumours", "waiting outside her office", "editing her pictures"]
# Six of these per row make distinct rows differ in 7+ of their ~35 words, more than the 5 edits a
# near-duplicate of that length may have (`curation.dedup.max_edits`): siblings, not copies.
DETAILS = ("market", "bus", "temple", "school", "office", "station", "hostel", "park", "clinic", "bank", "library", "canteen",
           "monday", "tuesday", "friday", "sunday", "morning", "evening", "night", "noon", "rain", "winter", "summer", "festival",
           "neighbour", "cousin", "driver", "guard", "teacher", "landlord", "colleague", "stranger", "vendor", "doctor", "clerk",
           "phone", "letter", "photo", "video", "note", "gift", "scooter", "car", "train", "lift", "gate", "stairs", "road",
           "twice", "again", "often", "lately", "openly", "quietly", "loudly", "daily", "weekly", "once", "still", "even")
REASONING = [
    "The pattern of {risk} described here indicates {severity} risk because the behaviour is repeated and targeted.",
    "Given the {severity} severity, this {risk} case needs prompt action and careful documentation of every incident.",
]
ACTIONS = [
    "Call 112 in an emergency, save all evidence, and file a complaint at the nearest police station.",
    "Contact the women helpline 181 and report online at cybercrime.gov.in with screenshots.",
    "Reach out to a trusted person, write down dates and times, and seek a protection order.",
]


def nariraksha(n: int, seed: int = 0, exact_share: float = 0.15, near_share: float = 0.1) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`n` rows and their truth: exact_cluster, near_cluster (smallest row of the cluster, null when
    alone), tpl_reasoning/tpl_recommended_action (template index) with score 1.0.

    Distinct rows draw every slot at random (and six detail words: see DETAILS); then a share of
    rows are exact copies of an earlier row (case and punctuation changed) and a share are near
    copies (one trailing clause added)."""
    rng = np.random.default_rng(seed)
    risk = rng.integers(0, len(RISKS), n)
    severity = rng.choice(len(SEVERITIES), n, p=[0.3, 0.35, 0.25, 0.1])
    tpl_reason = rng.integers(0, len(REASONING), n)
    tpl_action = rng.integers(0, len(ACTIONS), n)
    scenario = [
        SCENARIOS[rng.integers(0, 3)].format(age=int(rng.integers(18, 53)), city=CITIES[rng.integers(0, len(CITIES))],
                                             event=f"{EVENTS[rng.integers(0, 10)]} (case {i}: {' '.join(rng.choice(DETAILS, 6))})")
        for i in range(n)
    ]
    exact = np.full(n, -1)
    near = np.full(n, -1)
    kinds = rng.random(n)
    for i in range(1, n):
        if kinds[i] < exact_share:
            j = int(rng.integers(0, i))
            j = exact[j] if exact[j] >= 0 else j
            scenario[i] = scenario[j].upper().replace(",", " ,")
            exact[i] = exact[j] = j
            risk[i], severity[i] = risk[j], severity[j]
        elif kinds[i] < exact_share + near_share:
            j = int(rng.integers(0, i))
            if exact[j] >= 0 or near[j] >= 0:
                continue  # copies of copies would blur the truth
            scenario[i] = scenario[j] + " She is scared."
            near[i] = near[j] = j
    frame = pl.DataFrame({
        "scenario": scenario,
        "language": ["English"] * n,
        "risk_type": [RISKS[r] for r in risk],
        "severity": [SEVERITIES[s] for s in severity],
        "reasoning": [REASONING[t].format(risk=RISKS[r], severity=SEVERITIES[s]) for t, r, s in zip(tpl_reason, risk, severity)],
        "recommended_action": [ACTIONS[t] for t in tpl_action],
        "legal_context": ["BNS Section 78" for _ in range(n)],
        "confidence": np.round(rng.uniform(0.87, 0.99, n), 2),
    })
    truth = pl.DataFrame({
        "row": np.arange(n, dtype=np.int64),
        "exact_cluster": pl.Series(np.where(exact >= 0, exact, 0)).cast(pl.Int64),
        "near_cluster": pl.Series(np.where(near >= 0, near, 0)).cast(pl.Int64),
        "tpl_reasoning": tpl_reason.astype(np.int64),
        "tpl_score_reasoning": np.ones(n),
        "tpl_recommended_action": tpl_action.astype(np.int64),
        "tpl_score_recommended_action": np.ones(n),
        "tpl_legal_context": np.zeros(n, dtype=np.int64),
        "tpl_score_legal_context": np.ones(n),
    }).with_columns(
        pl.when(pl.Series(exact >= 0)).then(pl.col("exact_cluster")).alias("exact_cluster"),
        pl.when(pl.Series(near >= 0)).then(pl.col("near_cluster")).alias("near_cluster"),
    )
    return frame, truth


def write_audit(audit_dir: Path, data_path: Path, truth: pl.DataFrame, profile: str = "nariraksha", **options) -> Path:
    """An audit directory: `curate audit` of the data (the steps split reuses: exact, near,
    templates), then rows.parquet replaced by the truth. `options` go to `run_audit` (e.g. the
    generic profile's text_columns)."""
    from curation.audit import STEPS, run_audit
    from curation.audit.pipeline import AuditConfig

    reused = ("exact", "near", "templates")
    run_audit(str(data_path), profile=profile, out_dir=audit_dir, html=False,
              config=AuditConfig(skip=tuple(s for s in STEPS if s not in reused)), **options)
    rows = truth.with_columns(
        pl.lit(None, pl.String).alias("id"),
        pl.len().over("near_cluster").cast(pl.Int64).alias("near_cluster_size"),
        pl.lit(0, pl.Int64).alias("n_error"),
        pl.lit(0, pl.Int64).alias("n_warning"),
    )
    rows.write_parquet(audit_dir / "rows.parquet")
    return audit_dir
