"""`curate compare RUN_A RUN_B ...`: eval.json of several runs side by side.

compare.json holds, for every numeric metric of eval.json (its dotted path), each run's value, the
delta of each run from the first (run - first), the direction in which the metric is better, and
which run is best; paired bootstrap intervals on the probe rows two runs share (from the
eval.probes.parquet sidecars); and each run's train/eval loss curve from metrics.jsonl.
compare.html shows the same, self-contained (the vendored Chart.js inlined).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from curation import __version__
from curation.artifacts.evaluation import EvalJson
from curation.errors import CurateError
from curation.files import staged_outputs
from curation.training import memorization as M
from curation.training import metrics as X
from curation.training.evaluate import jsonable, sidecar
from curation.training.probes import FATES

SCHEMA_VERSION = 1
HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
# Sections of eval.json that are descriptions, not metrics.
SKIPPED = ("schema_version", "tool.", "run.", "split.", "parameters.", "answer_format.", "notes", "timing_s.")
SKIPPED_PARTS = (".confusion.", ".per_class.", ".by_stratum.", ".citations_by_verdict.", ".helplines_by_verdict.", ".by_copies.")
# First matching pattern (a regex searched in the dotted path) decides the direction.
DIRECTIONS: tuple[tuple[str, str], ...] = (
    (r"(^|\.)(rows|answers|tokens|eligible|members|nonmembers|prompts|citations|helpline_numbers|missing_predictions|support|scored|tp|fp|fn|tn)$", NEUTRAL),
    (r"\.reference($|\.)|reference\.|\.base_|base_model\.|median_copies", NEUTRAL),  # baselines describe the data or the base model
    (r"^loss\.train\.", NEUTRAL),  # a lower train loss is not better by itself
    (r"^loss\.gap\.", LOWER),
    (r"^loss\.", LOWER),
    (r"^probes\.[a-z_]+\.loss$", NEUTRAL),
    (r"^probes\.held_out\.extraction", NEUTRAL),
    (r"^memorization\.extraction\.held_out", NEUTRAL),
    (r"block_rate", NEUTRAL),
    (r"label_masked\.(prompts|test_prompts|share_of_test|still_stated)$", NEUTRAL),  # what the test prompts state, not the model
    (r"mean_abs_error|false_positive_rate|unchanged_label_rate|same_answer_rate|hallucination|_citation|_helpline|accuracy_drop", LOWER),
    (r"accuracy|f1|precision|recall|within_one|valid_rate|parse_rate|stopped_rate|follows_swap_rate|distinct_", HIGHER),
    (r"^memorization\.|^probes\.", LOWER),  # regurgitation, extraction, MIA: less memorization is better
    (r"similarity\.(mean|median)|share_at_least", HIGHER),
)


@dataclass
class RunEval:
    name: str
    path: Path
    report: EvalJson
    probes: pl.DataFrame | None
    curve: list[dict[str, Any]]


def load_run_eval(run_dir: str | Path, name: str | None = None) -> RunEval:
    root = Path(run_dir)
    path = root / EvalJson.FILE if root.is_dir() else root
    if not path.exists():
        raise CurateError(f"{root} has no eval.json; run `curate eval {root} --split SPLIT_DIR` first.")
    report = EvalJson.read(path)
    probes_path = sidecar(path, "probes")
    probes = pl.read_parquet(probes_path) if probes_path.exists() else None
    run_root = path.parent
    return RunEval(name or run_root.name, path, report, probes, read_curve(run_root / "metrics.jsonl"))


def read_curve(path: Path) -> list[dict[str, Any]]:
    """step, train_loss, eval_loss, epoch of each logged step (empty when there is no metrics.jsonl)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out.append({k: record.get(k) for k in ("step", "train_loss", "eval_loss", "epoch")})
    return out


# -- metrics ---------------------------------------------------------------------------------------------------


def flatten(report: EvalJson) -> dict[str, dict[str, float | None]]:
    """Dotted path -> {"value", "low", "high"} for every numeric leaf of eval.json (a bootstrap
    interval is one metric with its bounds)."""
    out: dict[str, dict[str, float | None]] = {}

    def walk(value: Any, path: str) -> None:
        if path.startswith(SKIPPED) or any(part in f".{path}." for part in SKIPPED_PARTS):
            return
        if isinstance(value, dict):
            if "value" in value and {"low", "high"} <= set(value):
                out[path] = {"value": value["value"], "low": value["low"], "high": value["high"]}
                return
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, bool):
            return
        elif isinstance(value, (int, float)) or value is None:
            if value is None and not path:
                return
            out[path] = {"value": None if value is None else float(value), "low": None, "high": None}

    walk(report.model_dump(mode="json", exclude_unset=True), "")
    return out


def direction(path: str) -> str:
    for pattern, result in DIRECTIONS:
        if re.search(pattern, path):
            return result
    return NEUTRAL


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def metric_rows(runs: list[RunEval]) -> list[dict[str, Any]]:
    """One row per metric path found in any run: values, intervals, deltas from the first run,
    direction, the best run, and per run better/worse/same than the first."""
    flat = [flatten(r.report) for r in runs]
    paths = list(dict.fromkeys(p for f in flat for p in f))
    rows = []
    for path in paths:
        values = [f.get(path, {}).get("value") for f in flat]
        if all(v is None for v in values):
            continue
        better = direction(path)
        first = values[0]
        deltas = [v - first if _finite(v) and _finite(first) else None for v in values]
        verdicts = [_verdict(d, better) for d in deltas]
        rows.append({
            "metric": path, "section": path.split(".")[0], "direction": better, "values": values,
            "intervals": [[f.get(path, {}).get("low"), f.get(path, {}).get("high")] for f in flat],
            "deltas": deltas, "verdicts": verdicts, "best": _best(values, better, [r.name for r in runs]),
        })
    return rows


def _verdict(delta: float | None, better: str) -> str | None:
    if delta is None or better == NEUTRAL:
        return None
    if abs(delta) < 1e-12:
        return "same"
    return "better" if (delta > 0) == (better == HIGHER) else "worse"


def _best(values: list[float | None], better: str, names: list[str]) -> str | None:
    scored = [(v, n) for v, n in zip(values, names) if _finite(v)]
    if better == NEUTRAL or len(scored) < 2 or len({v for v, _ in scored}) == 1:
        return None
    return (max if better == HIGHER else min)(scored)[1]


def headline_metrics(report: EvalJson) -> dict[str, float | None]:
    """The handful of numbers a reader looks at first, from one eval.json."""
    flat = {k: v["value"] for k, v in flatten(report).items()}
    first_label = next(iter(report.answer_format.labels), None)
    first_text = next(iter(report.answer_format.texts), None)
    wanted = {
        "test loss": "loss.test.token_mean",
        "gap (test - train)": "loss.gap.test_minus_train",
        "format valid (test)": "generation.test.format_valid_rate",
        f"{first_label} accuracy (test)": f"generation.test.{first_label}.accuracy",
        f"{first_label} macro-F1 (test)": f"generation.test.{first_label}.macro_f1",
        f"{first_label} accuracy (test_ood)": f"generation.test_ood.{first_label}.accuracy",
        "block rate (test)": f"generation.test.{first_label}.binary.block_rate",
        "hallucination (test)": "facts.test.generated.hallucination_rate",
        f"{first_text} regurgitation (test)": f"memorization.regurgitation.test.{first_text}.generated",
        f"{first_text} regurgitation (perturbed)": f"memorization.regurgitation.perturbed.{first_text}.generated",
        "perturbed: label unchanged": "memorization.perturbation.unchanged_label_rate",
        f"{first_label} accuracy drop (label-masked)": f"memorization.label_masked.fields.{first_label}.accuracy_drop",
        "extraction exact (members)": "memorization.extraction.members.exact_rate",
        "extraction near-verbatim (members)": "memorization.extraction.members.near_verbatim_rate",
        "MIA AUROC (loss)": "memorization.mia.scores.loss.auroc",
        "MIA AUROC (ref)": "memorization.mia.scores.ref.auroc",
    }
    return {label: flat.get(path) for label, path in wanted.items() if path in flat}


# -- paired probes --------------------------------------------------------------------------------------------------


PAIRED_COLUMNS = {"exact": "extraction exact", "near": "extraction near-verbatim", "score": "extraction score", "loss": "loss"}


def paired_probes(first: RunEval, other: RunEval, *, n_boot: int, seed: int) -> dict[str, Any] | None:
    """Per fate, over the probe rows both runs scored (joined by row and fate): the mean of other -
    first with a paired bootstrap interval, and the AUROC difference (fate vs held_out) per MIA score."""
    if first.probes is None or other.probes is None:
        return None
    keys = ["row", "fate"]
    joined = first.probes.join(other.probes, on=keys, how="inner", suffix="_other")
    if not joined.height:
        return None
    out: dict[str, Any] = {"estimate": f"{other.name} - {first.name}", "shared_rows": joined.height}
    held = joined.filter(pl.col("fate") == "held_out")
    for fate in FATES:
        rows = joined.filter(pl.col("fate") == fate)
        if not rows.height:
            continue
        section: dict[str, Any] = {"rows": rows.height}
        for column, label in PAIRED_COLUMNS.items():
            ok = rows.filter(pl.col("eligible") & pl.col("eligible_other")) if column != "loss" else rows
            a = ok[f"{column}_other"].cast(pl.Float64).to_numpy()
            b = ok[column].cast(pl.Float64).to_numpy()
            section[column] = {"label": label, "rows": ok.height, **X.paired_bootstrap_ci(a, b, n_boot=n_boot, seed=seed)}
        if fate != "held_out" and held.height:
            section["auroc_vs_held_out"] = {
                name: X.paired_auroc_diff_ci(_score(rows, name, True), _score(held, name, True), _score(rows, name, False),
                                             _score(held, name, False), n_boot=n_boot, seed=seed)
                for name, (column, _) in M.MIA_SCORES.items() if column in rows.columns and f"{column}_other" in rows.columns
            }
        out[fate] = section
    return out


def _score(rows: pl.DataFrame, name: str, other: bool) -> np.ndarray:
    column, sign = M.MIA_SCORES[name]
    return sign * rows[f"{column}_other" if other else column].cast(pl.Float64).to_numpy()


# -- entry point ---------------------------------------------------------------------------------------------------


def compare_runs(run_dirs: list[str], out_dir: str | Path, *, names: list[str] | None = None, seed: int = 0,
                 n_boot: int = X.N_BOOT) -> dict[str, Any]:
    if names and len(names) != len(run_dirs):
        raise CurateError(f"--name was given {len(names)} times for {len(run_dirs)} runs; name every run or none.")
    runs = [load_run_eval(d, n) for d, n in zip(run_dirs, names or [None] * len(run_dirs))]
    if len({r.name for r in runs}) < len(runs):
        raise CurateError("two runs have the same name; pass --name for each run.")
    result = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "curate", "version": __version__},
        "runs": [{"name": r.name, "eval": str(r.path), "run": r.report.run.model_dump(), "split": r.report.split.path} for r in runs],
        "headline": {r.name: headline_metrics(r.report) for r in runs},
        "metrics": metric_rows(runs),
        "paired": {r.name: paired_probes(runs[0], r, n_boot=n_boot, seed=seed) for r in runs[1:]},
        "curves": {r.name: r.curve for r in runs},
    }
    result = jsonable(result)
    with staged_outputs(out_dir) as stage:
        (stage / "compare.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (stage / "compare.html").write_text(render_html(result), encoding="utf-8")
    return result


def render_html(result: dict[str, Any]) -> str:
    """compare.html: self-contained (styles, data and Chart.js inline)."""
    import jinja2

    from curation.report.embed import chartjs, script_json

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent), autoescape=jinja2.select_autoescape(["html", "j2"]),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _num
    env.filters["signed"] = _signed
    template = env.get_template("compare.html.j2")
    sections = list(dict.fromkeys(m["section"] for m in result["metrics"]))
    return template.render(result=result, sections=sections, chartjs=chartjs(), data_json=script_json({"curves": result["curves"]}))


def _num(value: float | None, sign: str = "") -> str:
    """Rates and losses to 4 decimals (no scientific notation: 1.3e-05 reads as 0.0000), counts
    with thousands separators, other large values to one decimal."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1 or isinstance(value, int):
        return f"{int(value):{sign},}"
    return f"{value:{sign}.4f}" if abs(value) < 10 else f"{value:{sign},.1f}"


def _signed(value: float | None) -> str:
    return _num(value, "+")
