"""Data for the training tests: NariRaksha-shaped rows (varied, human-looking scenarios, not only
the generator's templates) and split directories written the way `curate split` lays them out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

RISKS = {
    "cyberstalking": "BNS Section 78 (stalking), IT Act Section 66E",
    "domestic violence": "PWDVA 2005 Section 3, BNS Section 85",
    "workplace harassment": "POSH Act 2013 Section 9, BNS Section 75",
    "blackmail / extortion": "BNS Section 308, IT Act Section 67",
    "deepfake abuse": "IT Act Section 66D, BNS Section 356",
    "financial exploitation": "BNS Section 318 (cheating)",
}
SEVERITIES = ["low", "medium", "high", "critical"]
CITIES = ["Pune", "Delhi", "Jaipur", "Kochi", "Patna", "Indore", "Guwahati", "Mysuru"]
OPENINGS = [
    "A {age} year old woman in {city} says {event}.",
    "My friend ({age}) from {city} told me {event}, and she does not know whom to trust.",
    "{city}: {event}. She is {age} and lives alone with her mother.",
    "Mere office mein ek colleague hai in {city} — {event}. I am {age}.",
]
EVENTS = [
    "a man from her gym sends her messages every night from new numbers",
    "her husband takes her salary and checks her phone every evening",
    "someone made a fake profile with her photos and edited them",
    "a caller claiming to be from the bank asked for her OTP and money vanished",
    "her manager keeps commenting on her clothes and asking her to stay late",
    "an ex threatens to share private pictures unless she pays",
]
ACTIONS = [
    "Call 112 in an emergency and keep screenshots of every message.",
    "Report at cybercrime.gov.in or call 1930 within the first hours.",
    "Write down dates and times, tell a trusted person, and seek a protection order.",
]


def nariraksha_rows(n: int, seed: int = 0, start_row: int = 0) -> pl.DataFrame:
    """`n` NariRaksha rows with the split's extra columns (row, stratum, group, weight = 1)."""
    rng = np.random.default_rng(seed)
    risks = list(RISKS)
    rows = []
    for i in range(n):
        risk, severity = risks[rng.integers(len(risks))], SEVERITIES[rng.integers(4)]
        scenario = OPENINGS[rng.integers(len(OPENINGS))].format(
            age=int(rng.integers(18, 53)), city=CITIES[rng.integers(len(CITIES))], event=EVENTS[rng.integers(len(EVENTS))])
        rows.append({
            "scenario": scenario,
            "language": "English" if "Mere" not in scenario else "Hinglish",
            "risk_type": risk,
            "severity": severity,
            "reasoning": f"This is {risk} with {severity} risk: the behaviour repeats and targets her.",
            "recommended_action": ACTIONS[rng.integers(len(ACTIONS))],
            "legal_context": RISKS[risk],
            "confidence": float(np.round(rng.uniform(0.87, 0.99), 2)),
            "row": start_row + i,
            "stratum": f"{risk}|{severity}",
            "group": f"g{start_row + i}",
            "weight": 1.0,
        })
    return pl.DataFrame(rows)


def write_split(root: Path, frames: dict[str, pl.DataFrame], profile: str | None = "nariraksha", fmt: str = "parquet", *,
                dropped: pl.DataFrame | None = None, input_files: Sequence[dict] = (), **options) -> Path:
    """A split directory of these frames, written as `curate split` writes one
    (`curation.split.write.write_split_dir`): the files, and a manifest the split's own section
    builders make of the frames, for a split whose leakage was not checked. `dropped` (row, id,
    kept_row, reason) are rows --dedup removed, `input_files` the manifest's input files, `options`
    the split options it records (SplitConfig: stratify, reweight, ...). With `profile` None, the
    files alone: a split another tool made."""
    if profile is None:
        root.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            frame.write_parquet(root / f"{name}.parquet") if fmt == "parquet" else frame.write_ndjson(root / f"{name}.jsonl")
        return root
    from dataclasses import asdict

    from curation import __version__
    from curation.artifacts.manifest import SplitRecord
    from curation.dedup import NearParams
    from curation.profile import resolve_profile
    from curation.split.assign import Assignment, targets_for
    from curation.split.config import ASSIGNED_SPLITS, SplitConfig
    from curation.split.manifest import counts_by_split, group_stats, ratio_table
    from curation.split.weights import FORMULAS, weight_stats
    from curation.split.write import write_split_dir

    chosen = resolve_profile(profile, frames["train"].columns)
    config = SplitConfig(**{"stratify": (), "dedup": "near" if dropped is not None else "none", "format": fmt, "verify": False, **options})
    assigned = [frames[s] for s in ASSIGNED_SPLITS]
    strata = sorted({v for f in assigned for v in f["stratum"].cast(pl.String).to_list()})
    achieved = np.array([[int((f["stratum"].cast(pl.String) == name).sum()) for f in assigned] for name in strata], dtype=np.int64)
    ratios = np.asarray(config.ratios)
    assignment = Assignment(split=np.zeros(0, np.int64), targets=targets_for(achieved.sum(1), ratios), achieved=achieved, stratum_rows=achieved.sum(1))
    held = frames.get("test_ood")
    record = SplitRecord(
        schema_version=1, tool={"name": "curate", "version": __version__},
        profile=chosen.name, profile_source=chosen.source, prompt_field=chosen.prompt_field,
        input={"files": list(input_files), "rows": sum(f.height for f in frames.values()) + (dropped.height if dropped is not None else 0), "sha256": None},
        audit=None, seed=config.seed, parameters={**config.as_dict(), "stratify": list(config.stratify)}, labels={"canonicalized": []},
        near_duplicates={"source": "computed", **asdict(NearParams())},
        strata={"columns": list(config.stratify), "counts": dict(zip(strata, achieved.sum(1).tolist())), "rare": {"policy": config.rare_strata, "strata": []}},
        dropped={"dedup": config.dedup, "keep": config.keep, "rows": dropped.height if dropped is not None else 0,
                 "kept_rows": dropped["kept_row"].n_unique() if dropped is not None else 0},
        counts=counts_by_split(frames), ratios=ratio_table(assignment, strata, ASSIGNED_SPLITS, ratios),
        groups=group_stats(frames, [], config.group),
        leakage={"rows": {"exact": 0, "near": 0, "family": 0, "ngram13": 0}, "leaking_rows": 0, "leaking_by_split": {}, "checked": False,
                 "assignment_rounds": 0},
        holdout=None if held is None else {"split": "test_ood", "fields": {}, "rows": held.height, "rows_by_group": 0},
        weights={"reweight": config.reweight, "strength": config.reweight_strength, "fields": [], "formula": FORMULAS[config.reweight],
                 "source_weights": {}, "train": weight_stats(frames["train"]["weight"].to_numpy(), None)},
    )
    write_split_dir(root, frames, dropped, record, fmt)
    return root


def nariraksha_split(root: Path, n_train: int = 96, n_val: int = 24, n_test: int = 16, seed: int = 0) -> Path:
    return write_split(root, {
        "train": nariraksha_rows(n_train, seed, 0),
        "validation": nariraksha_rows(n_val, seed + 1, n_train),
        "test": nariraksha_rows(n_test, seed + 2, n_train + n_val),
    })
