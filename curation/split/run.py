"""`curate split`, end to end: read -> per-row clusters and templates -> dedup -> groups ->
template holdout -> strata -> grouped stratified assignment -> leakage check (merging the groups of
any near-duplicates found across splits, then assigning again) -> weights -> files + manifest.
Prints nothing: the outcome carries the notes and strata the CLI shows (curation/cli/split.py)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from rich.markup import escape  # the notes are rich markup; data text in them ('[/INST]') must stay text

from curation.artifacts.manifest import Manifest
from curation.audit import ids_of
from curation.errors import CurateError
from curation.profile import Profile
from curation.split import clusters as C
from curation.split import weights as W
from curation.split.assign import Assignment, assign
from curation.split.config import ASSIGNED_SPLITS, SplitConfig
from curation.split.dedup import dedup
from curation.split.groups import dup_groups, group_ids
from curation.split.holdout import held_out_rows
from curation.split.inputs import SplitInput, load_input
from curation.split.leakage import MATCH_SCHEMA, cross_split_matches, leak_pairs
from curation.split.manifest import build as build_manifest
from curation.split.strata import Strata, build_strata, joint_key
from curation.split.write import write_split_dir

MAX_ROUNDS = 6  # assignment rounds while near-duplicates across splits are found and merged


@dataclass
class SplitOutcome:
    out_dir: Path
    manifest: Manifest
    frames: dict[str, pl.DataFrame]
    dropped: pl.DataFrame
    matches: pl.DataFrame  # duplicates found across the final splits (leakage if exact/near)
    timing: dict[str, float]
    strata: Strata  # of the rows assigned to train/validation/test (test_ood rows are not in it)
    notes: list[str]  # what the user should know: the data used, what was computed, warnings (rich markup)


@dataclass
class _Plan:
    """One assignment of the (deduplicated) rows to splits."""

    group: np.ndarray  # per row: group id as a position in the frame
    split: pl.Series  # per row: split name
    strata: Strata  # of the rows assigned to train/validation/test
    assignment: Assignment
    strata_names: list[str]
    holdout: dict[str, Any] | None


def default_out_dir(source: str) -> Path:
    """Beside the input: data.parquet -> data.split/."""
    path = Path(source)
    return path.with_name(path.name.split(".")[0] + ".split")


def answer_text_fields(profile: Profile, columns: list[str]) -> list[str]:
    """The text fields the model learns to write (reasoning, recommended_action, ...), else the
    text fields other than the prompt, else the prompt."""
    fields = [f for f, kind in profile.targets.items() if kind == "text" and f in profile.text_fields]
    fields = fields or [f for f in profile.text_fields if f != profile.prompt_field] or [profile.prompt_field]
    return [f for f in fields if f in columns]


def run_split(
    data: tuple[str, ...],
    config: SplitConfig,
    *,
    out_dir: str | Path | None = None,
    audit: str | None = None,
    profile: str | None = None,
    text_columns: tuple[str, ...] = (),
    label_columns: tuple[str, ...] = (),
    id_column: str | None = None,
    input_format: str | None = None,
) -> SplitOutcome:
    timing: dict[str, float] = {}
    clock = time.perf_counter()
    inp = load_input(data, audit=audit, profile=profile, text_columns=text_columns, label_columns=label_columns, id_column=id_column, format=input_format)
    notes = list(inp.notes)
    prompt = inp.profile.prompt_field
    stratify = config.stratify if config.stratify is not None else tuple(inp.profile.strata)
    template_fields = _template_fields(config, inp)
    source_weights = _source_weights(config, inp)
    timing["read"] = time.perf_counter() - clock

    clock = time.perf_counter()
    info, near_params = _per_row_info(inp, [*template_fields, *(f for f, _ in config.holdout_templates)], notes)
    timing["clusters"] = time.perf_counter() - clock

    clock = time.perf_counter()
    ids = ids_of(inp.data, inp.profile)
    deduped = dedup(inp.data, info, prompt, config.dedup, config.keep, config.seed, ids)
    rows = inp.data.filter(deduped.keep)
    info = info.filter(deduped.keep)

    pairs = np.empty((0, 2), np.int64)
    plan = _plan(rows, info, config, stratify, pairs)
    matches, rounds = _find_leaks(rows, info, prompt, plan, config, near_params), 1
    while config.verify and config.group == "near" and rounds < MAX_ROUNDS and leak_pairs(matches).height:
        # Star clusters can leave two near-duplicates in different groups: join them and split again.
        pairs = np.vstack([pairs, _positions(rows, leak_pairs(matches))])
        plan = _plan(rows, info, config, stratify, pairs)
        matches, rounds = _find_leaks(rows, info, prompt, plan, config, near_params), rounds + 1
    if leak_pairs(matches).height:
        notes.append(f"[yellow]warning:[/] {leak_pairs(matches).height:,} exact or near-duplicate prompt pairs cross splits "
                     f"(--group {config.group}); `curate split --check` will fail on them.")
    timing["assign"] = time.perf_counter() - clock

    clock = time.perf_counter()
    weight = _weights(rows, info, plan, config, template_fields, source_weights)
    frames = _frames(inp, rows, plan, weight, stratify)
    large = _large_groups(rows, prompt, plan, config.large_cluster_share)
    notes += [f"[yellow]warning:[/] a duplicate group of {item['rows']:,} rows (row {item['group']}: \"{escape(item['example'][:60])}\") is "
              f"{item['share_of_test']:.0%} of the test set's size; it went whole to {item['split']}." for item in large[:5]]
    record = build_manifest(inp, config, stratify, template_fields, near_params, deduped.dropped, plan, frames, matches, rounds, large)
    out = Path(out_dir) if out_dir else default_out_dir(inp.files[0]["path"])
    manifest = write_split_dir(out, frames, deduped.dropped, record, config.format)
    timing["write"] = time.perf_counter() - clock
    return SplitOutcome(out, manifest, frames, deduped.dropped, matches, timing, plan.strata, notes)


# -- inputs -----------------------------------------------------------------------------------


def _template_fields(config: SplitConfig, inp: SplitInput) -> list[str]:
    if config.reweight != "template":
        return []
    fields = list(config.template_fields) if config.template_fields else answer_text_fields(inp.profile, inp.data.columns)
    missing = [f for f in fields if f not in inp.data.columns or inp.data.schema[f] != pl.String]
    if missing or not fields:
        raise CurateError(f"--reweight template needs text fields; {', '.join(missing) or 'none'} is not a text column of the data.")
    return fields


def _source_weights(config: SplitConfig, inp: SplitInput) -> dict[str, float]:
    """--source-weight NAME=W keyed by the `source` value (the file name); NAME may be the path given."""
    if not config.source_weights:
        return {}
    if len(inp.files) < 2:
        raise CurateError("--source-weight weighs input files against each other; give several DATA files.")
    by_path = {f["path"]: f["name"] for f in inp.files} | {f["name"]: f["name"] for f in inp.files}
    unknown = [name for name, _ in config.source_weights if name not in by_path]
    if unknown:
        raise CurateError(f"--source-weight names {', '.join(unknown)}, which is not an input file; the files are {', '.join(f['name'] for f in inp.files)}.")
    return {by_path[name]: w for name, w in config.source_weights}


def _per_row_info(inp: SplitInput, fields: list[str], notes: list[str]) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Duplicate clusters of the prompt and template ids of `fields`, aligned with the rows."""
    fields = list(dict.fromkeys(fields))
    if inp.audit is not None:
        skipped = sorted(set(inp.audit.report.parameters.skip) & {"exact", "near", "templates"})
        if not skipped:
            near = inp.audit.report.checks.near
            params = near.params.model_dump(mode="json") if near is not None and near.params is not None else {}
            return C.from_audit(inp.audit.rows, fields), {"source": f"audit {inp.audit.dir}", **params}
        notes.append(f"the audit in {inp.audit.dir} skipped {', '.join(skipped)}: computing duplicate clusters and template ids here.")
    texts = inp.data[inp.profile.prompt_field]
    frame, params = C.compute_clusters(texts)
    if fields:
        frame = frame.hstack(C.compute_templates(inp.data, inp.profile, fields).get_columns())
    return frame, {"source": "computed", **params}


# -- assignment -------------------------------------------------------------------------------


def _plan(rows: pl.DataFrame, info: pl.DataFrame, config: SplitConfig, stratify: tuple[str, ...], pairs: np.ndarray) -> _Plan:
    group = group_ids(config.group, rows, info, pairs)
    ood = np.zeros(rows.height, dtype=bool)
    holdout = None
    if config.holdout_templates:
        ood, holdout = held_out_rows(info, group, config.holdout_templates, config.seed)
    if ood.all():
        raise CurateError("--holdout-templates holds out every row; hold out a smaller share of templates.")
    assigned = rows.filter(~pl.Series(ood))
    ratios = np.asarray(config.ratios, dtype=np.float64)
    strata = build_strata(assigned, stratify, config.rare_strata, int((ratios > 0).sum()))
    codes = strata.stratum.rank("dense").to_numpy().astype(np.int64) - 1
    names = strata.stratum.unique().sort().to_list()
    result = assign(group[~ood], codes, strata.pinned_to_train.to_numpy(), ratios, config.seed)
    split = np.full(rows.height, "test_ood", dtype=object)
    split[~ood] = np.asarray(ASSIGNED_SPLITS, dtype=object)[result.split]
    return _Plan(group, pl.Series("split", split, dtype=pl.String), strata, result, names, holdout)


def _find_leaks(rows: pl.DataFrame, info: pl.DataFrame, prompt: str, plan: _Plan, config: SplitConfig, near: dict[str, Any]) -> pl.DataFrame:
    """Rows of a later split with an exact or near duplicate in an earlier one. A row with no exact
    or near duplicate and no template family anywhere in the data cannot have one, so only the
    linked rows are compared (a few percent of a deduplicated dataset)."""
    if not config.verify:
        return pl.DataFrame(schema=MATCH_SCHEMA)
    linked = info.select(pl.any_horizontal(pl.col(c).is_not_null() for c in (*C.CLUSTER_COLUMNS, C.FAMILY)))
    keep = linked.to_series()
    return cross_split_matches(rows[prompt].filter(keep), plan.split.filter(keep), rows["row"].filter(keep),
                               info[C.FAMILY].filter(keep), C.near_params(near))


def _positions(rows: pl.DataFrame, pairs: pl.DataFrame) -> np.ndarray:
    """Matched pairs (`row`, `other_row`) -> positions in `rows`."""
    lookup = pl.DataFrame({"row": rows["row"], "pos": np.arange(rows.height)})

    def position(column: str) -> np.ndarray:
        return pairs.select(pl.col(column).alias("row")).join(lookup, on="row", how="left", maintain_order="left")["pos"].to_numpy()

    return np.column_stack([position("row"), position("other_row")]).astype(np.int64)


def _large_groups(rows: pl.DataFrame, prompt: str, plan: _Plan, share: float) -> list[dict[str, Any]]:
    """Groups larger than `share` of the test set (of the smallest held-out split when there is no
    test share): they cannot be stratified and would dominate a held-out split. Listed in the
    manifest (the 20 largest); run_split adds a warning note for the first five."""
    held = plan.assignment.targets[:, 1:].sum(axis=0)
    if not (held > 0).any():
        return []
    test_rows = int(held[1]) or int(held[held > 0].min())
    sizes = (
        pl.DataFrame({"group": plan.group, "split": plan.split})
        .group_by("group").agg(pl.len().alias("rows"), pl.col("split").first())
        .filter(pl.col("rows") > share * test_rows)
        .sort(["rows", "group"], descending=[True, False]).head(20)
    )
    large = [
        {
            "group": int(rows["row"][group]),  # a group's id is its smallest row; `group` is its position here
            "rows": int(size),
            "split": split,
            "share_of_test": round(size / test_rows, 4),
            "example": (rows[prompt][group] or "")[:120],
        }
        for group, size, split in sizes.iter_rows()
    ]
    return large


# -- outputs ----------------------------------------------------------------------------------


def _weights(rows: pl.DataFrame, info: pl.DataFrame, plan: _Plan, config: SplitConfig, fields: list[str], source_weights: dict[str, float]) -> np.ndarray:
    """Per row; train rows per the documented formula (curation.split.weights), others 1.0."""
    weight = np.ones(rows.height)
    in_train = (plan.split == "train").to_numpy()
    train_info = info.filter(pl.Series(in_train))
    raw = np.ones(int(in_train.sum()))
    if config.reweight == "template":
        raw = W.template_factor(train_info, fields, config.reweight_strength)
    elif config.reweight == "cluster":
        raw = W.cluster_factor(pl.Series(dup_groups(train_info)), config.reweight_strength)
    if source_weights:
        raw = raw * W.source_factor(rows["source"].filter(pl.Series(in_train)), source_weights)
    weight[in_train] = W.train_weights(raw)
    return weight


def _frames(inp: SplitInput, rows: pl.DataFrame, plan: _Plan, weight: np.ndarray, stratify: tuple[str, ...]) -> dict[str, pl.DataFrame]:
    stratum = rows.select(joint_key(stratify).alias("stratum"))["stratum"]  # test_ood rows keep their own
    assigned = plan.split != "test_ood"
    stratum = stratum.scatter(np.flatnonzero(assigned.to_numpy()), plan.strata.stratum)
    table = rows.select(inp.output_columns).with_columns(
        stratum.alias("stratum"),
        rows["row"].gather(plan.group).alias("group"),
        pl.Series("weight", weight, dtype=pl.Float64),
        plan.split.alias("_split"),
    )
    names = [*ASSIGNED_SPLITS, *(["test_ood"] if plan.holdout else [])]
    return {name: table.filter(pl.col("_split") == name).drop("_split").sort("row") for name in names}


