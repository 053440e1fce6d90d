"""NariRaksha-shaped data and its real audit, for the report tests and bench/bench_report.py.

The data is hand-made, not `curate synth`: it carries what the report draws (exact and near
duplicates, conflicting labels, PII, wrong and repealed legal strings, a misused helpline, stock
templates) at a size the tests choose. The report is never hand-made: `audit_dir` runs
`curate audit` itself, every step, so the page is tested on what the audit writes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from curation import findings as F

CITIES = ["Delhi", "Mumbai", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune", "Jaipur", "Lucknow", "Patna"]
RISKS = ["cyberstalking", "online harassment", "workplace harassment", "domestic violence", "blackmail / extortion", "deepfake abuse"]
SEVERITIES = ["low", "medium", "high", "critical"]
SCENARIO_TEMPLATES = [
    "A {age}-year-old woman in {city} reports {risk}: someone {act} after she {context}.",
    "In {city}, a {age} year old student says a man {act} and she fears it is {risk}.",
    "My sister ({age}) in {city} is facing {risk}; the person {act} since she {context}.",
]
ACTS = ["keeps messaging her from new accounts", "posted edited photos of her", "follows her to the bus stop",
        "threatens to leak private chats", "demands money every week", "tracks her phone location"]
CONTEXTS = ["refused his proposal", "changed her number", "reported him to HR", "moved to a hostel",
            "blocked him online", "started a new job"]
REASONING = [
    "This is a case of {risk} with {severity} severity because the behaviour is repeated and targeted.",
    "The pattern indicates {risk}; severity is {severity} given the threat to her safety.",
]
ACTIONS = [
    "Call the women helpline 181 or dial 112 in an emergency, and keep screenshots as evidence.",
    "Report it on cybercrime.gov.in or call 1930, and block the accounts involved.",
    "Call 1098 women helpline and file a complaint at the nearest police station.",  # 1098 is a child line
]
LEGAL = {
    "cyberstalking": "BNS Section 78 (Stalking), IT Act Section 66E",
    "online harassment": "BNS Section 73 (outraging modesty)",  # wrong: 73 is court proceedings
    "workplace harassment": "POSH Act 2013, BNS Section 75",
    "domestic violence": "IPC Section 498A",  # repealed
    "blackmail / extortion": "BNS Section 308(4)",
    "deepfake abuse": "IT Act Section 66A",  # struck down
}


def nariraksha_like(n: int, seed: int = 0) -> pl.DataFrame:
    """`n` NariRaksha rows with templates, exact and near duplicates, bad labels, PII and placeholders."""
    rng = np.random.default_rng(seed)
    pick = lambda options: pl.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), n)].tolist(), dtype=pl.String)
    frame = pl.DataFrame({
        "tpl": pick(SCENARIO_TEMPLATES), "age": pl.Series(rng.integers(18, 53, n)).cast(pl.String),
        "city": pick(CITIES), "risk_type": pick(RISKS), "act": pick(ACTS), "context": pick(CONTEXTS),
        "severity": pick(SEVERITIES), "rtpl": pick(REASONING), "recommended_action": pick(ACTIONS),
        "confidence": rng.uniform(0.87, 0.99, n).round(3),
    })
    for slot in ("age", "city", "risk_type", "act", "context", "severity"):
        marker = "{" + ("risk" if slot == "risk_type" else slot) + "}"
        frame = frame.with_columns(pl.col(t).str.replace_all(marker, pl.col(slot), literal=True) for t in ("tpl", "rtpl"))
    frame = frame.select(
        pl.col("tpl").alias("scenario"),
        pl.lit("en").alias("language"),
        "risk_type", "severity",
        pl.col("rtpl").alias("reasoning"),
        "recommended_action",
        pl.col("risk_type").replace_strict(LEGAL).alias("legal_context"),
        "confidence",
    )
    return _plant_problems(frame, rng)


def _plant_problems(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    n = frame.height
    idx = np.arange(n)
    step = max(n // 50, 1)
    scenario = frame["scenario"].to_list()
    severity = frame["severity"].to_list()
    legal = frame["legal_context"].to_list()
    confidence = frame["confidence"].to_list()
    for i in idx[5::step]:  # exact duplicate of the previous row, with a conflicting severity
        scenario[i] = scenario[i - 1]
        severity[i] = SEVERITIES[(SEVERITIES.index(severity[i - 1]) + 1) % 4]
    for i in idx[7::step]:  # near duplicate: one word changed
        scenario[i] = scenario[i - 2].replace("woman", "girl").replace("student", "teacher")
    for i in idx[11::step]:
        scenario[i] += " Her number is 9876543210 and her email is priya.sharma@example.com."
    for i in idx[13::step]:
        scenario[i] += " Her Aadhaar 2345 6789 0124 was shared online."
    for i in idx[3::step]:
        legal[i] = "BNS Section XX"
    for i in idx[17::step]:
        severity[i] = "severe"  # not in the enum
    for i in idx[19::step]:
        confidence[i] = 1.7
    return frame.with_columns(
        pl.Series("scenario", scenario), pl.Series("severity", severity),
        pl.Series("legal_context", legal), pl.Series("confidence", confidence),
    )


def pii_findings(data: pl.DataFrame) -> pl.DataFrame:
    """`pii.*` findings for the planted PII, as the PII step reports them (evidence = the span)."""
    frames = []
    for check, span in (("pii.phone", "9876543210"), ("pii.email", "priya.sharma@example.com"), ("pii.aadhaar", "2345 6789 0124")):
        hits = data.filter(pl.col("scenario").str.contains(span, literal=True))
        frames.append(F.findings(hits["row"], check, column="scenario", message=f"{check.split('.')[1]} in the scenario", evidence=span,
                                 suggestion="remove or redact it"))
    return F.concat(frames)


def audit_dir(tmp: Path, n: int = 600, seed: int = 0, *, against: bool = False, **options) -> Path:
    """Write `n` rows and audit them with every step (`options` go to `run_audit`); with `against`,
    also a second dataset that shares some prompts, exact and edited, some with other labels, and
    audit against it. Returns the audit directory."""
    import dataclasses

    import curation.audit
    from curation.audit.pipeline import AuditConfig

    data = nariraksha_like(n, seed)
    data_path = tmp / f"nari_{n}_{seed}.parquet"
    data.write_parquet(data_path)
    config = options.pop("config", AuditConfig())
    if against:
        other = tmp / f"other_{n}_{seed}.parquet"
        copied = data.slice(1, 12).with_columns(
            pl.when(pl.int_range(pl.len()) % 3 == 0).then(pl.col("scenario") + " She is scared.").otherwise(pl.col("scenario")).alias("scenario"),
            pl.when(pl.int_range(pl.len()) % 2 == 0).then(pl.lit("low")).otherwise(pl.col("severity")).alias("severity"),
        )
        pl.concat([nariraksha_like(max(n // 4, 20), seed + 1), copied]).write_parquet(other)
        config = dataclasses.replace(config, against=(str(other),))
    out = tmp / f"nari_{n}_{seed}.audit"
    curation.audit.run_audit(str(data_path), out_dir=out, config=config, **options)
    return out
