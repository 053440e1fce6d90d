"""Near-duplicates on real human text: recall and pair precision of planted few-word edits, by length.

Data: the distinct turns of tests/data/real/ (HH-RLHF harmless-base test, human and assistant;
one per normalized text, so any two are *different* real texts). From each length bin, up to
`--per-bin` of them get one variant each, cycling through the kinds: 1, 2 or 3 words inserted,
deleted or substituted (words drawn from the corpus), or only case and spacing changed
(tests/real_text.py). `near_clusters` then runs, at the given parameters (default: the defaults),
over every real turn plus the variants, and:

  recall     a variant is in the near cluster of its original;
  precision  of the rows reported as `duplicate.near` (a cluster member whose text differs from its
             representative's), the share whose representative is of the same family (its
             original, or another variant of it). A link between two different real texts is
             false, however alike they read; `real-real` counts those members.

A member is binned by its family's original length. With `--audit`, the same rows (a label per row,
half the variants carrying another label than their original) go through `curate audit`
(label-conflict recall: variants with another label flagged `label.conflict`) and `curate split`
(families whose rows land in more than one split).

    python bench/bench_near_real.py                               # the defaults
    python bench/bench_near_real.py --sweep                       # threshold x spare edits
    python bench/bench_near_real.py --set threshold=0.6 --audit   # one setting, end to end
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl
from bench_dedup import machine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the real-text loader and edit planter
import real_text  # noqa: E402

BINS = ((5, 9), (10, 14), (15, 19), (20, 39), (40, 79), (80, 10_000))


def planted(per_bin: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows, variants): rows = every distinct real turn then the variants, with `family` (the
    original's position), `words` (the original's) and `kind` ("real" for the turns)."""
    base = real_text.turn_table()
    rng = np.random.default_rng(seed)
    picks = []
    for lo, hi in BINS:
        pool = np.flatnonzero(((base["words"] >= lo) & (base["words"] <= hi)).to_numpy())
        picks.append(np.sort(rng.choice(pool, min(per_bin, len(pool)), replace=False)))
    originals = np.concatenate(picks)
    kinds = [real_text.KINDS[i % len(real_text.KINDS)] for i in range(len(originals))]
    variants = real_text.plant_variants(base["text"].gather(originals), kinds, seed=seed + 1)
    variants = variants.with_columns(family=pl.Series(originals, dtype=pl.Int64), words=base["words"].gather(originals))
    rows = pl.concat([
        base.select("text", family=pl.int_range(base.height, dtype=pl.Int64), words="words", kind=pl.lit("real")),
        variants.select("text", "family", "words", "kind"),
    ])
    return rows, variants


def score(rows: pl.DataFrame, cluster: pl.Series, representative: pl.Series, member: pl.Series) -> pl.DataFrame:
    """Per row: found (a variant in its original's cluster), reported (a duplicate.near member),
    correct (its representative of its family), real_real (both real, different)."""
    frame = rows.with_columns(cluster=cluster, rep=representative, member=member).with_row_index("pos")
    family, kind = frame["family"].to_numpy(), frame["kind"].to_numpy()
    rep = frame["rep"].fill_null(-1).to_numpy()
    cl = frame["cluster"].fill_null(-1).to_numpy()
    variant = kind != "real"
    found = variant & (cl >= 0) & (cl == cl[family])
    correct = family == family[np.maximum(rep, 0)]
    real_real = (kind == "real") & (rep >= 0) & (kind[np.maximum(rep, 0)] == "real") & ~correct
    return frame.with_columns(found=found, correct=correct & frame["member"].to_numpy(), real_real=real_real & frame["member"].to_numpy())


def table(scored: pl.DataFrame) -> list[dict]:
    """Recall by kind and precision per length bin, then for 20+ words and for all."""
    out = []
    spans = [*BINS, (20, 10_000), (1, 10_000)]
    for lo, hi in spans:
        part = scored.filter((pl.col("words") >= lo) & (pl.col("words") <= hi))
        variants = part.filter(pl.col("kind") != "real")
        members = part.filter("member")
        row = {"words": f"{lo}+" if hi == 10_000 else f"{lo}-{hi}", "variants": variants.height,
               "recall": round(float(variants["found"].mean() or 0), 4) if variants.height else None}
        for kind in real_text.KINDS:
            of_kind = variants.filter(pl.col("kind") == kind)
            row[kind] = round(float(of_kind["found"].mean() or 0), 3) if of_kind.height else None
        row.update(members=members.height, precision=round(float(members["correct"].mean()), 4) if members.height else None,
                   false=int((~members["correct"]).sum()), real_real=int(members["real_real"].sum()),
                   real_texts=part.filter(pl.col("kind") == "real").height)
        out.append(row)
    return out


def run_clusters(rows: pl.DataFrame, params) -> tuple[pl.DataFrame, dict]:
    from curation.dedup import near_clusters
    from curation.text import normalize_series

    wall, cpu = time.perf_counter(), time.process_time()
    result = near_clusters(rows["text"], params)
    timing = {"wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(time.process_time() - cpu, 3)}
    norm = normalize_series(rows["text"])
    member = result.cluster.is_not_null() & (norm != norm.gather(result.representative.fill_null(0)))
    stats = {k: result.stats.get(k) for k in ("candidates", "compared_pairs", "verified_pairs", "clusters", "families", "family_rows")}
    return score(rows, result.cluster, result.representative, member), {**timing, **stats}


def print_table(lines: list[dict]) -> None:
    head = ["words", "variants", "recall", *real_text.KINDS, "members", "precision", "false", "real_real", "real_texts"]
    print("  " + " | ".join(f"{h:>12}" for h in head))
    for line in lines:
        print("  " + " | ".join(f"{'' if line[h] is None else line[h]!s:>12}" for h in head))


def end_to_end(rows: pl.DataFrame, variants: pl.DataFrame, work: Path, overrides: dict) -> dict:
    """`curate audit` + `curate split` (the generic profile, in process) on the planted rows."""
    from curation.audit import run_audit
    from curation.audit.pipeline import AuditConfig
    from curation.split.config import SplitConfig
    from curation.split.run import run_split

    n_real = rows.height - variants.height
    # label: the original's role; every second variant takes the other one (a label conflict)
    role = pl.concat([real_text.turn_table()["role"], real_text.turn_table()["role"].gather(variants["family"])])
    flip = np.r_[np.zeros(n_real, bool), np.arange(variants.height) % 2 == 1]
    label = pl.Series(np.where(flip, np.where(role.to_numpy() == "Human", "Assistant", "Human"), role.to_numpy()))
    data = rows.select("text", label=label)
    path = work / "real.jsonl"
    data.write_ndjson(path)
    config = AuditConfig(**{("near_threshold" if k == "threshold" else k): v for k, v in overrides.items() if k in ("threshold", "num_perm", "seed")},
                         skip=("templates", "legal", "helplines", "patterns"), fail_on="never")
    started = time.perf_counter()
    run_audit(str(path), profile="generic", text_columns=("text",), label_columns=("label",), config=config, out_dir=work / "real.audit", html=False)
    audit_s = time.perf_counter() - started
    findings = pl.read_parquet(work / "real.audit" / "findings.parquet")
    conflicted = set(findings.filter(pl.col("check") == "label.conflict")["row"].to_list())
    flipped = np.flatnonzero(flip)
    found = np.array([int(r) in conflicted for r in flipped])
    long = rows["words"].to_numpy()[flipped] >= 20
    families = set(variants["family"].to_list())
    false_conflicts = sum(1 for r in conflicted if r < n_real and r not in families)
    outcome = run_split((str(path),), SplitConfig(stratify=()), out_dir=work / "real.split", audit=str(work / "real.audit"),
                        profile="generic", text_columns=("text",), label_columns=("label",))
    split_of = pl.concat([f.select("row", pl.lit(name).alias("split")) for name, f in outcome.frames.items()])
    placed = rows.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)).join(split_of, on="row")
    per_family = (placed.filter(pl.col("family").is_in(list(families))).group_by("family")
                  .agg(pl.col("split").n_unique(), pl.col("words").first()))
    crossing = per_family.filter(pl.col("split") > 1)
    return {"audit_s": round(audit_s, 2),
            "label_conflict_recall": {"20+ words": round(float(found[long].mean()), 4), "all": round(float(found.mean()), 4)},
            "planted_conflicts": {"20+ words": int(long.sum()), "all": len(flipped)},
            "rows_flagged_in_no_planted_family": false_conflicts,
            "families": {"20+ words": int((per_family["words"] >= 20).sum()), "all": per_family.height},
            "families_across_splits": {"20+ words": int((crossing["words"] >= 20).sum()), "all": crossing.height}}


def parse_set(specs: list[str]) -> dict:
    from curation.dedup import NearParams

    fields = {f.name: f.type for f in dataclasses.fields(NearParams)}
    out = {}
    for spec in specs:
        name, _, value = spec.partition("=")
        if name not in fields:
            raise SystemExit(f"--set {spec}: NearParams has no field {name!r}; it has {', '.join(fields)}")
        out[name] = float(value) if "." in value else int(value)
    return out


def main() -> None:
    from curation.dedup import NearParams

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-bin", type=int, default=400, help="originals per length bin (default 400)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", action="append", default=[], help="a NearParams field, e.g. threshold=0.85 (repeatable)")
    parser.add_argument("--sweep", action="store_true", help="threshold 0.75/0.8/0.85 x spare_edits 0/1")
    parser.add_argument("--audit", action="store_true", help="also curate audit + curate split on the planted rows")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "curate-bench-near-real")
    args = parser.parse_args()
    print(machine())
    rows, variants = planted(args.per_bin, args.seed)
    print(f"{rows.height - variants.height:,} distinct real turns + {variants.height:,} variants (seed {args.seed})")
    overrides = parse_set(args.set)
    settings = ([{**overrides, "threshold": t, "spare_edits": s} for s in (1, 0) for t in (0.75, 0.8, 0.85)] if args.sweep else [overrides])
    for setting in settings:
        params = dataclasses.replace(NearParams(), **setting)
        scored, info = run_clusters(rows, params)
        print(f"\n== {dataclasses.asdict(params)}\n   {info}")
        print_table(table(scored))
    if args.audit:
        args.work.mkdir(parents=True, exist_ok=True)
        print("\n== curate audit + curate split (generic profile):", end_to_end(rows, variants, args.work, overrides))


if __name__ == "__main__":
    main()
