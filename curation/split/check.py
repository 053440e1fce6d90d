"""`curate split --check DIR`: re-verify a split directory — ours or one made by another tool.

Fails (exit 1) on leakage: an exact or near duplicate of the prompt across splits, a row or a group
in two splits, or (with a manifest) a file whose sha256 or row count is not the manifest's. For
every such copy it says whether the labels agree with its copies in the earlier split (canonical
form, as `curate audit --against` compares them); copies with other labels are label conflicts
across splits, counted and shown.
Reports the split ratios, overall and per stratum, and warns where a stratum of 50+ rows is more
than 2 points off: off the manifest's targets, or, for a foreign split, off the overall shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from curation.artifacts.manifest import Manifest
from curation.audit import prepare
from curation.audit.labels import COPIES, agreement_summary, copy_labels
from curation.files import sha256_of
from curation.profile import Profile, resolve_profile
from curation.read import Loaded
from curation.split.layout import SPLIT_NAMES, SplitDir, read_split_dir
from curation.split.clusters import near_params
from curation.split.leakage import cross_split_matches, leak_pairs, mark_family_siblings, summarize
from curation.split.manifest import BIG_STRATUM, TOLERANCE_PP
from curation.split.strata import joint_key
from curation.dedup import normalize_distinct


@dataclass
class CheckResult:
    path: Path
    has_manifest: bool
    profile: str
    rows: dict[str, int]
    ratios: dict[str, float]
    leakage: dict[str, Any]
    examples: pl.DataFrame  # leaking pairs, first ones, with both texts
    label_conflicts: pl.DataFrame  # copies whose labels differ: split, row, other_split, other_row, label, value, there
    strata: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each fails the check
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def _profile(split_dir: SplitDir, name: str | None, text_columns: tuple[str, ...], label_columns: tuple[str, ...], columns: list[str]) -> Profile:
    manifest = split_dir.manifest
    if name is None and not text_columns and manifest is not None:
        name = manifest.profile_source if manifest.profile_source != "built-in" else manifest.profile
        if name == "generic":  # its label columns were its strata
            text_columns = (manifest.prompt_field,)
            label_columns = label_columns or tuple(manifest.strata.columns)
    return resolve_profile(name, columns, text_columns=text_columns, label_columns=label_columns)


def check_split_dir(path: str | Path, *, profile: str | None = None, text_columns: tuple[str, ...] = (),
                    label_columns: tuple[str, ...] = ()) -> CheckResult:
    split_dir = read_split_dir(path)
    frames = {name: split_dir.frames[name] for name in SPLIT_NAMES if name in split_dir.frames}
    chosen = _profile(split_dir, profile, text_columns, label_columns, frames["train"].columns)
    # `row` is kept apart (own_rows): prepare would rename it onto an existing `source_row`. Labels
    # in canonical form: 'HIGH' and 'high' are one stratum and one label.
    prepared = {name: chosen.canonical_labels(prepare(Loaded(f.drop("row", strict=False), str(path), split_dir.format, None), chosen))
                for name, f in frames.items()}
    manifest = split_dir.manifest
    # A row is named by its `row` column where the split has one, else by its position in its file.
    own_rows = {name: (frames[name]["row"] if "row" in frames[name].columns else p["row"]) for name, p in prepared.items()}
    texts = pl.concat([p[chosen.prompt_field].cast(pl.String) for p in prepared.values()])
    split = pl.concat([pl.Series([n] * p.height, dtype=pl.String) for n, p in prepared.items()])
    rows = pl.concat([own_rows[n].cast(pl.Int64) for n in prepared])
    params = near_params(manifest.near_duplicates.model_dump() if manifest else None)
    matches = cross_split_matches(texts, split, rows, params=params)
    if (matches["kind"] == "near").any():
        # Siblings of one template family are not duplicates (curation.split.leakage); tell them apart.
        from curation.dedup import near_clusters

        matches = mark_family_siblings(matches, split, rows, near_clusters(texts, params).family)
    labels = [c for c in chosen.label_fields if all(c in p.columns for p in prepared.values())]
    compared = _copy_labels(leak_pairs(matches), prepared, labels, texts, split, rows)
    total = sum(f.height for f in frames.values())
    result = CheckResult(
        path=Path(path),
        has_manifest=manifest is not None,
        profile=chosen.name,
        rows={n: f.height for n, f in frames.items()},
        ratios={n: round(f.height / max(total, 1), 6) for n, f in frames.items()},
        leakage={**summarize(matches), "labels": {"fields": labels, **agreement_summary(compared, by=("split", "row"))}},
        examples=_examples(leak_pairs(matches), texts, split, rows),
        label_conflicts=compared.filter(~pl.col("agree")).drop("agree"),
    )
    _check_leakage(result)
    _check_identity(frames, result)
    if manifest is not None:
        _check_files(split_dir, manifest, result)
    _check_strata(frames, prepared, chosen, manifest, result)
    return result


def _copy_labels(pairs: pl.DataFrame, prepared: dict[str, pl.DataFrame], labels: list[str],
                 texts: pl.Series, split: pl.Series, rows: pl.Series) -> pl.DataFrame:
    """`copy_labels` of each leaking pair (the held-out row against the earlier split's copies of its
    match), named by split and row; `prepared` holds the labels in canonical form."""
    if not labels or pairs.is_empty():
        return pl.DataFrame(schema={"split": pl.String, "row": pl.Int64, "other_split": pl.String, "other_row": pl.Int64,
                                    "label": pl.String, "value": pl.String, "there": pl.String, "agree": pl.Boolean})
    canon = pl.concat([p.select(pl.col(labels).cast(pl.String)) for p in prepared.values()])
    # copies of a row: the same normalized prompt in the same split
    there = canon.with_columns(pl.concat_str([split, normalize_distinct(texts)], separator="\x1f").alias(COPIES))
    where = pl.DataFrame({"split": split, "row": rows, "pos": np.arange(len(rows), dtype=np.int64)}).unique(["split", "row"], keep="first")
    located = pairs.join(where, on=["split", "row"]).join(
        where.rename({"split": "other_split", "row": "other_row", "pos": "other_pos"}), on=["other_split", "other_row"])
    compared = copy_labels(located.select(pl.col("pos").alias("query"), pl.col("other_pos").alias("reference")), canon, there, labels)
    named = located.select(pl.col("pos").alias("query"), "split", "row", "other_split", "other_row").unique("query", keep="first")
    return compared.join(named, on="query").select("split", "row", "other_split", "other_row", "label", "value", "there", "agree")


def _examples(pairs: pl.DataFrame, texts: pl.Series, split: pl.Series, rows: pl.Series, limit: int = 10) -> pl.DataFrame:
    lookup = pl.DataFrame({"split": split, "row": rows, "text": texts})
    other = lookup.rename({"split": "other_split", "row": "other_row", "text": "other_text"})
    return pairs.head(limit).join(lookup, on=["split", "row"], how="left").join(other, on=["other_split", "other_row"], how="left")


def _check_leakage(result: CheckResult) -> None:
    rows = result.leakage["rows"]
    for kind in ("exact", "near"):
        if rows[kind]:
            result.problems.append(f"{rows[kind]:,} held-out rows have an {kind} duplicate of their prompt in an earlier split")
    if rows["family"]:
        result.warnings.append(f"{rows['family']:,} held-out rows are slot-filled siblings of a template family in an earlier split (not leakage; --holdout-templates keeps templates apart)")
    labels = result.leakage["labels"]
    if labels["conflict_rows"]:
        fields = ", ".join(f"{k} {n:,}" for k, n in labels["conflicts_by_label"].items())
        result.problems.append(f"{labels['conflict_rows']:,} of the {labels['compared_rows']:,} held-out copies carry other labels than "
                               f"their copies in an earlier split ({fields}): label conflicts across splits")
    if rows["ngram13"]:
        result.warnings.append(f"{rows['ngram13']:,} held-out rows share a 13-word span with an earlier split (not counted as leakage)")


def _check_identity(frames: dict[str, pl.DataFrame], result: CheckResult) -> None:
    """A `row` or `group` may live in one split only."""
    for column in ("row", "group"):
        if not all(column in f.columns for f in frames.values()):
            continue
        together = pl.concat([f.select(pl.col(column).cast(pl.Int64), pl.lit(n).alias("split")) for n, f in frames.items()])
        per_value = together.group_by(column).agg(pl.len().alias("n"), pl.col("split").n_unique().alias("splits"))
        crossing = int((per_value["splits"] > 1).sum())
        if crossing:
            result.problems.append(f"{crossing:,} {column}s appear in more than one split")
        if column == "row" and int((per_value["n"] > 1).sum()) > crossing:
            result.problems.append(f"{int((per_value['n'] > 1).sum()) - crossing:,} rows appear twice within one split")


def _check_files(split_dir: SplitDir, manifest: Manifest, result: CheckResult) -> None:
    for name, recorded in manifest.files.items():
        file = split_dir.path / name
        if not file.exists():
            result.problems.append(f"{name} is listed in the manifest but missing")
        elif sha256_of(file) != recorded.sha256:
            result.problems.append(f"{name} changed since it was written (sha256 differs from the manifest)")
    for name, frame in split_dir.frames.items():
        expected = manifest.counts[name].rows if name in manifest.counts else None
        if expected is not None and expected != frame.height:
            result.problems.append(f"{name} has {frame.height:,} rows; the manifest says {expected:,}")


def _check_strata(frames: dict[str, pl.DataFrame], prepared: dict[str, pl.DataFrame], profile: Profile, manifest: Manifest | None, result: CheckResult) -> None:
    """Per-stratum shares of train/validation/test against the targets (or the overall shares)."""
    names = [n for n in ("train", "validation", "test") if n in frames]
    recorded: dict[str, float] = manifest.ratios.target if manifest else {}
    if all(n in recorded for n in names):
        target = np.array([recorded[n] for n in names])
    else:
        sizes = np.array([frames[n].height for n in names], dtype=np.float64)
        target = sizes / max(sizes.sum(), 1)
    columns = tuple(c for c in profile.strata if all(c in prepared[n].columns for n in names))
    labelled = [
        (frames[n].select("stratum") if "stratum" in frames[n].columns else prepared[n].select(joint_key(columns).alias("stratum"))).with_columns(pl.lit(n).alias("split"))
        for n in names
    ]
    table = pl.concat(labelled).group_by("stratum", "split").len().pivot("split", index="stratum", values="len").fill_null(0).sort("stratum")
    for rec in table.iter_rows(named=True):
        counts = np.array([rec.get(n, 0) for n in names], dtype=np.float64)
        total = counts.sum()
        error = float(np.abs(counts / max(total, 1) - target).max() * 100)
        result.strata.append({"stratum": rec["stratum"], "rows": int(total), **{n: int(c) for n, c in zip(names, counts)}, "max_error_pp": round(error, 3)})
        if total >= BIG_STRATUM and error > TOLERANCE_PP + 1e-9:
            result.warnings.append(f"stratum '{rec['stratum']}' ({int(total):,} rows) is {error:.1f} points off the {'target' if recorded else 'overall'} ratios")
