"""`curate eval RUN_DIR --split SPLIT_DIR`: what a trained run learnt and what it memorized.

Writes `eval.json` (every section below) and two per-row sidecars beside it:
`eval.probes.parquet` (one row per probe row: fate, membership, losses, MIA features, extraction)
and `eval.generations.parquet` (one row per generated answer: the text, parsed fields, truth,
regurgitation). `curate compare` pairs runs on the probes' rows.

Sections of eval.json:
- `loss`: token-mean answer NLL on train, validation, test, test_ood (a seeded sample of `limit`
  rows each), per stratum, and the generalization gaps (held-out minus train).
- `generation`: greedy answers on test and test_ood: format validity, label accuracy / macro-F1 /
  confusion, ordinal error, classifier block rate / precision / recall (predictions joined to the
  truth by id), distinct-n against the references, reference similarity (do-not-answer).
- `facts`: hallucination rates of generated legal context / actions (`curation.training.facts`).
- `memorization`: template regurgitation on test, test_ood and perturbed prompts; perturbation
  sensitivity; label accuracy on the test prompts that state their label, with and without the
  label phrases (`label_masked`); extraction per duplicate-count bucket; MIA AUROC and TPR at 5% FPR.
- `probes`: the same numbers per curation fate (kept / downweighted / removed / held_out), with the
  base model without the adapter as a baseline.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from curation import __version__
from curation.artifacts.evaluation import EvalJson
from curation.artifacts.run import RunJson
from curation.console import note
from curation.errors import CurateError
from curation.files import sha256_of, staged_outputs
from curation.profile import Profile
from curation.split.layout import MANIFEST, SplitDir, read_split_dir
from curation.training import memorization as M
from curation.training import metrics as X
from curation.training.answers import AnswerFormat, answer_format, canonical_label, parse_answers, reference_values
from curation.training.probes import FATES, curation_fates, prompt_cluster_sizes, sample_fates

EVAL_SPLITS = ("train", "validation", "test", "test_ood")
GENERATED_SPLITS = ("test", "test_ood")
PERTURBED_SETS = ("perturbed", "label_masked")  # generated from test prompts; not generation sections of their own
SIMILARITY_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


@dataclass
class EvalConfig:
    limit: int | None = 1000  # rows per split for loss and generation (seeded sample); None = all
    probes: int = 200  # probe rows per curation fate
    batch_size: int = 16
    max_new_tokens: int | None = None  # default: the longest reference answer in the sample, + 25%
    prefix_tokens: int = 32  # k: answer tokens given with the prompt for extraction
    suffix_tokens: int = 32  # tokens the greedy continuation must reproduce
    regurgitation_ratio: float = M.REGURGITATION_RATIO
    near_verbatim: float = M.NEAR_VERBATIM
    min_k: float = M.MIN_K
    fpr: float = 0.05
    seed: int = 0
    base_model: bool = True  # score the probes under the base model without the adapter too
    perturb: bool = True
    probes_from: str | None = None  # a curated split directory defining the fates (default: --split)
    negative_label: str = "none"  # the classifier's "no violation" class
    similarity_model: str = SIMILARITY_MODEL
    profile: str | None = None
    base: str | None = None  # replaces the base model folder named in run.json
    device: str | None = None
    threads: int | None = None  # torch threads on a CPU (default: torch's own, one per core)
    n_boot: int = X.N_BOOT


@dataclass
class EvalOutcome:
    path: Path
    report: EvalJson
    probes: pl.DataFrame
    generations: pl.DataFrame


@dataclass
class _Timer:
    seconds: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.seconds[name] = round(self.seconds.get(name, 0.0) + time.perf_counter() - start, 3)
        note(f"eval: {name} {self.seconds[name]:.1f} s")


@dataclass
class _Data:
    """What eval reads: the split (derived columns added), its samples, the probe rows, the answer format."""

    split: SplitDir
    profile: Profile
    samples: dict[str, pl.DataFrame]
    probes: pl.DataFrame
    fmt: AnswerFormat
    key: str  # the column predictions are joined to the truth on: the profile's id, else `row`
    notes: list[str]


# -- entry point ---------------------------------------------------------------------------------------------


def evaluate_run(run_dir: str | Path, split_dir: str | Path, config: EvalConfig = EvalConfig(),
                 out: str | Path | None = None) -> EvalOutcome:
    from curation.training.inference import load_run

    timer = _Timer()
    with timer.phase("load"):
        data = _read_data(split_dir, config)  # a bad split fails before the model loads
        if not (Path(run_dir) / RunJson.FILE).is_file():  # else load_run would take the name for a Hub model id
            raise CurateError(f"{run_dir} is not a run directory (it has no run.json); give the --out folder of `curate train`.")
        loaded = load_run(run_dir, adapter=True, base=config.base, device=config.device)
        _check_tokenizer_fits(loaded, run_dir)
        _set_threads(loaded, config.threads)
        run_check = _run_matches_split(loaded, data.split)
        if not run_check["same_split"]:
            note(f"[yellow]warning:[/] {run_dir} was trained on another split ({run_check['trained_on']}); eval goes on with {split_dir}.")
    report: dict[str, Any] = {  # the sections of EvalJson, validated into it once complete
        "schema_version": EvalJson.VERSION,
        "tool": {"name": "curate", "version": __version__},
        "run": _run_summary(loaded, run_dir),
        "split": {"path": str(data.split.path), "profile": data.profile.name, "sha256": _split_sha(data.split), **run_check,
                  "rows": {name: frame.height for name, frame in data.split.frames.items()},
                  "sampled": {name: frame.height for name, frame in data.samples.items()}},
        "parameters": {k: v for k, v in asdict(config).items() if k not in ("device",)},
        "answer_format": {"json": data.fmt.is_json, "labels": list(data.fmt.labels), "texts": list(data.fmt.texts)},
        "notes": data.notes,
    }
    with timer.phase("loss"):
        losses = _score_losses(loaded, data, config)
        report["loss"] = _loss_section(data, losses)
    with timer.phase("generation"):
        generations = _generate_held_out(loaded, data, config)
        report["generation"] = {name: _generation_metrics(generations.filter(pl.col("set") == name), data, config)
                                for name in generations["set"].unique(maintain_order=True).to_list() if name not in PERTURBED_SETS}
    with timer.phase("facts"):
        report["facts"] = _facts_section(generations, data)
    with timer.phase("memorization"):
        train_answers = _answers(data, data.split.frames["train"])
        generations = _with_regurgitation(generations, data, train_answers, config)
        probes = _probe_table(loaded, data, config, losses, train_answers)
        report["memorization"] = _memorization_section(generations, probes, data, config)
        report["probes"] = _probes_section(probes, config)
    report["timing_s"] = timer.seconds
    written = EvalJson.model_validate(jsonable(report))
    path = Path(out) if out else Path(run_dir) / EvalJson.FILE
    _write(path, written, probes, generations)
    return EvalOutcome(path, written, probes, generations)


# -- reading ---------------------------------------------------------------------------------------------------


def sample_rows(frame: pl.DataFrame, limit: int | None, seed: int) -> pl.DataFrame:
    """At most `limit` rows, a seeded sample, in `row` order."""
    if limit is None or frame.height <= limit:
        return frame
    return frame.sample(n=limit, seed=seed).sort("row")


def _read_data(split_dir: str | Path, config: EvalConfig) -> _Data:
    from curation.training.data import split_profile

    split = read_split_dir(split_dir, require=("train", "test"))
    profile = split_profile(split, config.profile)
    # derived columns (the chat profile's `category` from `_meta`) are the truth of label fields,
    # in the canonical form the model was trained on
    split.frames = {name: profile.canonical_labels(profile.prepare(frame, f"the {name} split of {split_dir}")) for name, frame in split.frames.items()}
    samples = {name: sample_rows(split.frames[name], config.limit, config.seed) for name in EVAL_SPLITS if name in split.frames}
    if config.probes_from:
        probe_split = read_split_dir(config.probes_from, require=("train", "test"))
        _check_same_data(split, probe_split)
    else:
        probe_split = split
    fates, notes = curation_fates(probe_split)
    probes = sample_fates(fates, config.probes, config.seed)
    clusters = prompt_cluster_sizes(probe_split)
    if clusters is not None:
        probes = probes.join(clusters, on="row", how="left")
    in_train = split.frames["train"].select("row").with_columns(pl.lit(True).alias("member"))
    probes = probes.join(in_train, on="row", how="left").with_columns(pl.col("member").fill_null(False))
    reference = [conv[-1]["content"] for conv in _conversations(profile, samples["test"].head(200), "test")]
    fmt = answer_format(profile, reference, split.frames["train"])
    key = profile.id_column if profile.id_column and profile.id_column in split.frames["test"].columns else "row"
    return _Data(split, profile, samples, probes, fmt, key, notes)


def _check_same_data(split: SplitDir, other: SplitDir) -> None:
    """--probes-from must describe the same input data as --split (their rows are the same rows)."""
    mine = split.manifest.input.sha256 if split.manifest else None
    theirs = other.manifest.input.sha256 if other.manifest else None
    if mine and theirs and mine != theirs:
        raise CurateError(f"--probes-from {other.path} was split from other data than {split.path} (input sha256 differs); "
                          "give the curated split of the same input.")


def _conversations(profile: Profile, frame: pl.DataFrame, name: str) -> list:
    from curation.training.data import conversations_of

    return conversations_of(profile, frame, name) if frame.height else []


def _answers(data: _Data, frame: pl.DataFrame) -> list[str]:
    return [conv[-1]["content"] for conv in _conversations(data.profile, frame, "train")]


def _split_sha(split: SplitDir) -> str:
    manifest = split.path / MANIFEST
    return sha256_of(manifest) if manifest.exists() else sha256_of(split.path)


def _run_matches_split(loaded, split: SplitDir) -> dict[str, Any]:
    trained = loaded.run_info.split
    return {"same_split": trained.sha256 == _split_sha(split), "trained_on": trained.path}


def _set_threads(loaded, threads: int | None) -> None:
    """Torch threads on a CPU when asked. Not the recipe's training.cpu_threads: that was chosen for
    training on a loaded machine; eval of the tiny model runs faster on torch's default (BENCHMARKS.md,
    eval: 83 s on 2 threads, 109 s on 1)."""
    import torch

    if loaded.device.type == "cpu" and threads:
        torch.set_num_threads(threads)


def _check_tokenizer_fits(loaded, run_dir: str | Path) -> None:
    """The run's tokenizer must index the base model's embeddings: a relative model path in run.json
    read from another folder can load some other model."""
    rows = loaded.model.get_input_embeddings().num_embeddings
    if len(loaded.tokenizer) > rows:
        base = loaded.recipe.model.base
        raise CurateError(f"the tokenizer of {run_dir} has {len(loaded.tokenizer):,} tokens but the base model loaded from '{base}' "
                          f"embeds {rows:,}: it is not the model the run was trained from; pass --base-model with that model's folder.")


def _run_summary(loaded, run_dir: str | Path) -> dict[str, Any]:
    info = loaded.run_info
    return {"path": str(run_dir), "recipe": info.recipe, "base": info.config["model"]["base"], "status": info.status,
            "steps": info.steps.done, "adapter_step": info.adapter_step, "epochs": _last_epoch(Path(run_dir)),
            "final_eval_loss": info.final_eval_loss}


def _last_epoch(run_dir: Path) -> float | None:
    path = run_dir / "metrics.jsonl"
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(lines[-1]).get("epoch") if lines else None


# -- losses ------------------------------------------------------------------------------------------------------


def _score_losses(loaded, data: _Data, config: EvalConfig) -> pl.DataFrame:
    """Per row (every sampled split row and every probe row, once): the loss features of its answer
    tokens under the run (`memorization.loss_features`, plus nll_sum for token means), and for the
    probe rows base_loss under the base model without the adapter and ref_ratio = base_loss - loss."""
    from curation.training.inference import answer_token_losses

    frames = [frame.with_columns(pl.lit(name).alias("_split")) for name, frame in data.samples.items()]
    frames.append(data.probes.with_columns(pl.lit("probe").alias("_split")))
    rows = pl.concat(frames, how="diagonal_relaxed").unique("row", keep="first", maintain_order=True)
    conversations = _conversations(data.profile, rows, "eval")
    nll = answer_token_losses(loaded, conversations, batch_size=config.batch_size)
    answers = [conv[-1]["content"] for conv in conversations]
    table = pl.DataFrame({"row": rows["row"]}).hstack(M.loss_features(nll, answers, config.min_k))
    table = table.with_columns(pl.Series("nll_sum", [float(np.sum(v)) for v in nll]))
    if config.base_model and loaded.adapter:
        in_probes = rows["row"].is_in(data.probes["row"]).to_numpy()
        with loaded.model.disable_adapter():
            base_nll = answer_token_losses(loaded, [c for c, p in zip(conversations, in_probes) if p], batch_size=config.batch_size)
        base = pl.DataFrame({"row": rows["row"].filter(in_probes), "base_loss": [float(np.mean(v)) if len(v) else math.nan for v in base_nll]})
        table = table.join(base, on="row", how="left").with_columns((pl.col("base_loss") - pl.col("loss")).alias("ref_ratio"))
    return table


def _loss_section(data: _Data, losses: pl.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, frame in data.samples.items():
        scored = frame.select("row", "stratum" if "stratum" in frame.columns else pl.lit("(all)").alias("stratum")).join(losses, on="row")
        out[name] = {**_token_mean(scored), "by_stratum": {
            s: _token_mean(g) for (s,), g in scored.sort("stratum").group_by("stratum", maintain_order=True)}}
    train = out.get("train", {}).get("token_mean")
    out["gap"] = {f"{name}_minus_train": (out[name]["token_mean"] - train) if train is not None and out[name]["token_mean"] is not None else None
                  for name in ("validation", "test", "test_ood") if name in out}
    return out


def _token_mean(scored: pl.DataFrame) -> dict[str, Any]:
    tokens = int(scored["tokens"].sum())
    return {"rows": scored.height, "tokens": tokens,
            "token_mean": float(scored["nll_sum"].sum() / tokens) if tokens else None,
            "row_mean": float(scored["loss"].mean()) if scored.height else None}


# -- generation ----------------------------------------------------------------------------------------------------


def _max_new_tokens(loaded, answers: Sequence[str], config: EvalConfig) -> int:
    if config.max_new_tokens:
        return config.max_new_tokens
    longest = max((len(ids) for ids in loaded.tokenizer(list(answers), add_special_tokens=False)["input_ids"]), default=16)
    return int(math.ceil(longest * 1.25)) + 4


def _generate_held_out(loaded, data: _Data, config: EvalConfig) -> pl.DataFrame:
    """Greedy answers for the test and test_ood samples and the perturbed and label-masked test
    prompts: one row per answer with set, row, id, text, stopped, the parsed fields, and truth_<field>."""
    sets = {name: data.samples[name] for name in GENERATED_SPLITS if name in data.samples and data.samples[name].height}
    if config.perturb:
        for name, frame in (("perturbed", _perturbed(data, config)), ("label_masked", _label_masked(data))):
            if frame is not None and frame.height:
                sets[name] = frame
    all_answers = [a for frame in sets.values() for a in _answers(data, frame)]
    max_new = _max_new_tokens(loaded, all_answers, config)
    tables = [_generate_set(loaded, data, name, frame, max_new, config) for name, frame in sets.items()]
    return pl.concat(tables, how="diagonal_relaxed")


def _generate_set(loaded, data: _Data, name: str, frame: pl.DataFrame, max_new: int, config: EvalConfig) -> pl.DataFrame:
    from curation.training.inference import generate_answers

    conversations = _conversations(data.profile, frame, name)
    outputs = generate_answers(loaded, conversations, max_new_tokens=max_new, batch_size=config.batch_size)
    texts = [g.text for g in outputs]
    truth = reference_values(frame, [c[-1]["content"] for c in conversations], data.fmt)
    extra = [c for c in frame.columns if c in ("donor_row", "donor_label", "original_label", "masked_phrases", "still_stated")
             or c.startswith("stated_")]
    return pl.concat([
        frame.select(pl.lit(name).alias("set"), "row", _key_expr(data, frame), *extra),
        pl.DataFrame({"text": texts, "stopped": [g.stopped for g in outputs]}, schema={"text": pl.String, "stopped": pl.Boolean}),
        parse_answers(texts, data.fmt),
        truth.rename({c: f"truth_{c}" for c in truth.columns}),
    ], how="horizontal")


def _key_expr(data: _Data, frame: pl.DataFrame) -> pl.Expr:
    if data.key != "row" and data.key in frame.columns:
        return pl.col(data.key).cast(pl.String).alias("id")
    return pl.lit(None, dtype=pl.String).alias("id")


def _perturbed(data: _Data, config: EvalConfig) -> pl.DataFrame | None:
    """The test sample with each prompt's incident swapped for another label's (None when the
    profile's conversation does not read its prompt field, or there is no label to swap)."""
    from curation.training.perturb import incident_swap, word_log_odds

    label = data.profile.risk_type_field or (data.fmt.labels[0] if data.fmt.labels else None)
    prompt = data.profile.prompt_field
    test, train = data.samples["test"], data.split.frames["train"]
    if label is None or label not in test.columns or not _prompt_is_read(data, test):
        data.notes.append("perturbed prompts: skipped (no label to swap, or the conversation does not read the prompt field)")
        return None
    log_odds = word_log_odds(train[prompt], train[label])
    return incident_swap(test, prompt, label, log_odds, config.seed)


def _label_masked(data: _Data) -> pl.DataFrame | None:
    """The test sample's prompts that state their own label, the label phrases removed (None when
    the conversation does not read the prompt field)."""
    from curation.training.perturb import label_masked

    test = data.samples["test"]
    if not _prompt_is_read(data, test):
        data.notes.append("label-masked prompts: skipped (the conversation does not read the prompt field)")
        return None
    return label_masked(test, data.profile)


def _prompt_is_read(data: _Data, frame: pl.DataFrame) -> bool:
    """Whether changing the prompt field changes the conversation (the chat profile reads `messages`)."""
    marker = "\u2063curate-perturbation-probe\u2063"
    row = frame.head(1).with_columns(pl.lit(marker).alias(data.profile.prompt_field))
    try:
        conversation = _conversations(data.profile, row, "test")
    except CurateError:
        return False
    return any(marker in m["content"] for m in conversation[0])


def _generation_metrics(rows: pl.DataFrame, data: _Data, config: EvalConfig) -> dict[str, Any]:
    fmt = data.fmt
    out: dict[str, Any] = {"answers": rows.height, "parse_rate": _mean(rows["parsed"]), "format_valid_rate": _mean(rows["valid"]),
                           "stopped_rate": _mean(rows["stopped"])}
    for name in fmt.labels:
        out[name] = label_metrics(rows.select(data_key(rows), pl.col(name).alias("predicted")),
                                  rows.select(data_key(rows), pl.col(f"truth_{name}").alias("truth")),
                                  scale=fmt.ordinal_scale(name), negative=config.negative_label)
    out["distinct"] = {name: _distinct(rows[name], rows[f"truth_{name}"]) for name in fmt.texts}
    if fmt.texts and not fmt.is_json and not fmt.labels:
        out["reference_similarity"] = reference_similarity(rows[fmt.texts[0]], rows[f"truth_{fmt.texts[0]}"], config.similarity_model)
    return out


def data_key(rows: pl.DataFrame) -> pl.Expr:
    """The join key of a generations table: its id where every row has one, else its row."""
    if "id" in rows.columns and rows["id"].null_count() == 0:
        return pl.col("id").alias("key")
    return pl.col("row").cast(pl.String).alias("key")


def _mean(values: pl.Series) -> float | None:
    return float(values.cast(pl.Float64).mean()) if values.len() else None


def label_metrics(predicted: pl.DataFrame, truth: pl.DataFrame, *, scale: Sequence[str] | None = None,
                  negative: str | None = None) -> dict[str, Any]:
    """Accuracy, macro-F1, confusion (and ordinal error on `scale`; block rate, precision, recall,
    F1 when `negative` is a class) of predictions joined to the truth on `key` — never by position."""
    for name, frame in (("predictions", predicted), ("truth", truth)):
        if frame["key"].is_duplicated().any():
            raise CurateError(f"the {name} have duplicate ids ({frame.filter(frame['key'].is_duplicated())['key'][0]}); ids must be unique to join them.")
    joined = truth.join(predicted, on="key", how="left")
    missing = int(joined["predicted"].null_count())
    t = joined["truth"].fill_null(X.INVALID).to_list()
    p = joined["predicted"].fill_null(X.INVALID).to_list()
    out: dict[str, Any] = {"rows": len(t), "missing_predictions": missing, "accuracy": X.accuracy(t, p),
                           "macro_f1": X.macro_f1(t, p), "per_class": X.per_class(t, p), "confusion": X.confusion(t, p)}
    if scale:
        out["ordinal"] = X.ordinal_error(t, p, scale)
    if negative is not None and negative in set(t):
        out["binary"] = {"negative_class": negative, **X.binary_rates([x != negative for x in t], [x not in (negative, X.INVALID) for x in p])}
    return out


def _distinct(generated: pl.Series, reference: pl.Series) -> dict[str, Any]:
    return {f"distinct_{n}": {"generated": X.distinct_n(generated, n), "reference": X.distinct_n(reference, n)} for n in (1, 2, 3)}


def reference_similarity(generated: pl.Series, reference: pl.Series, model_name: str) -> dict[str, Any]:
    """Cosine similarity of each response to its reference refusal with a sentence-transformers
    model, or why it was not measured."""
    import importlib.util

    if importlib.util.find_spec("sentence_transformers") is None:
        message = ("not measured: sentence-transformers is not installed (pip install sentence-transformers) "
                   "to score responses against the reference refusals")
        note(f"eval: reference similarity {message}")
        return {"available": False, "message": message}
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(model_name)
    a = model.encode(generated.fill_null("").to_list(), normalize_embeddings=True)
    b = model.encode(reference.fill_null("").to_list(), normalize_embeddings=True)
    cosine = np.sum(np.asarray(a) * np.asarray(b), axis=1)
    return {"available": True, "model": model_name, "mean": float(cosine.mean()), "median": float(np.median(cosine)),
            "share_at_least_0.8": float((cosine >= 0.8).mean())}


# -- facts --------------------------------------------------------------------------------------------------------


def _facts_section(generations: pl.DataFrame, data: _Data) -> dict[str, Any]:
    from curation.training.facts import fact_rates, joined_fact_text

    fields = [f for f in data.profile.fact_fields if f in data.fmt.texts]
    if not fields:
        return {"fields": [], "note": "the profile's answers carry no fact fields (legal context, actions)"}
    risk = data.profile.risk_type_field
    out: dict[str, Any] = {"fields": fields}
    for name in GENERATED_SPLITS:
        rows = generations.filter(pl.col("set") == name)
        if not rows.height:
            continue
        truth_risk = rows[f"truth_{risk}"] if risk and f"truth_{risk}" in rows.columns else None
        reference = rows.select(pl.col(f"truth_{f}").alias(f) for f in fields)
        out[name] = {"generated": fact_rates(joined_fact_text(rows, fields), truth_risk),
                     "reference": fact_rates(joined_fact_text(reference, fields), truth_risk)}
    return out


# -- memorization -------------------------------------------------------------------------------------------------


def _slot_values(data: _Data) -> dict[str, list[str]]:
    return {name: list(vocab.values()) for name, vocab in data.fmt.vocabulary.items()}


def _with_regurgitation(generations: pl.DataFrame, data: _Data, train_answers: list[str], config: EvalConfig) -> pl.DataFrame:
    """regurgitated_<field> and similarity_<field> of each generated text field, and of its
    reference (how much of the held-out data is itself training template)."""
    train_values = reference_values(data.split.frames["train"], train_answers, data.fmt)
    slots = _slot_values(data)
    n = generations.height
    columns = []
    for name in data.fmt.texts:
        # generated and reference texts in one pass over the training values
        found = M.regurgitation(pl.concat([generations[name], generations[f"truth_{name}"]]), train_values[name], slots,
                                config.regurgitation_ratio)
        for part, prefix in ((found.head(n), ""), (found.tail(n), "truth_")):
            columns += [part["similarity"].alias(f"{prefix}similarity_{name}"), part["regurgitated"].alias(f"{prefix}regurgitated_{name}")]
    return generations.with_columns(columns)


def _regurgitation_rates(rows: pl.DataFrame, texts: Sequence[str]) -> dict[str, Any]:
    return {name: {"generated": _mean(rows[f"regurgitated_{name}"]), "reference": _mean(rows[f"truth_regurgitated_{name}"]),
                   "answers": rows.height} for name in texts}


def _perturbation_section(generations: pl.DataFrame, data: _Data, config: EvalConfig) -> dict[str, Any] | None:
    perturbed = generations.filter(pl.col("set") == "perturbed")
    if not perturbed.height:
        return None
    label = data.profile.risk_type_field if data.profile.risk_type_field in data.fmt.labels else next(iter(data.fmt.labels), None)
    compared = [*data.fmt.texts, *([label] if label else [])]
    # the answer to the same row's unperturbed prompt
    original = generations.filter(pl.col("set") == "test").select("row", *(pl.col(f).alias(f"original_{f}") for f in compared))
    joined = perturbed.join(original, on="row", how="inner")
    out: dict[str, Any] = {"prompts": perturbed.height, "design": "incident swap (curation.training.perturb)"}
    if label:
        # over the pairs where both answers have a valid label: an unparsable answer says nothing here
        scored = joined.filter((pl.col(label) != X.INVALID) & (pl.col(f"original_{label}") != X.INVALID))
        out["label"] = label
        out["label_pairs"] = scored.height
        donor = scored.select(canonical_label(pl.col("donor_label"), data.fmt, label).fill_null(X.INVALID))["donor_label"]
        out["follows_swap_rate"] = _mean(scored[label] == donor)
        out["unchanged_label_rate"] = _mean(scored[label] == scored[f"original_{label}"])
    out["same_answer_rate"] = {name: _mean(pl.Series(M.same_answer(joined[name], joined[f"original_{name}"], config.regurgitation_ratio)))
                               for name in data.fmt.texts}
    return out


def _label_masked_section(generations: pl.DataFrame, data: _Data, config: EvalConfig) -> dict[str, Any] | None:
    """Per label field, over the test prompts that stated that label: accuracy of the answers to the
    prompt as written and with the label phrases removed, and the paired drop (original - masked)."""
    test = generations.filter(pl.col("set") == "test")
    if not config.perturb or not test.height or not _prompt_is_read(data, data.samples["test"]):
        return None
    masked = generations.filter(pl.col("set") == "label_masked")
    labels = data.fmt.labels
    original = test.select("row", *(pl.col(f).alias(f"original_{f}") for f in labels))
    joined = masked.join(original, on="row", how="inner") if masked.height else masked
    out: dict[str, Any] = {"design": "label phrases removed from the prompt (curation.label_phrases, as the audit's label.in_prompt)",
                           "prompts": masked.height, "test_prompts": test.height, "share_of_test": masked.height / test.height,
                           "still_stated": int(masked["still_stated"].sum()) if masked.height else 0, "fields": {}}
    for name in labels:
        rows = joined.filter(pl.col(f"stated_{name}")) if f"stated_{name}" in joined.columns else joined.clear()
        before = (rows[f"original_{name}"] == rows[f"truth_{name}"]).cast(pl.Float64).to_numpy() if rows.height else np.zeros(0)
        after = (rows[name] == rows[f"truth_{name}"]).cast(pl.Float64).to_numpy() if rows.height else np.zeros(0)
        out["fields"][name] = {"rows": rows.height,
                               "accuracy_original": float(before.mean()) if before.size else None,
                               "accuracy_masked": float(after.mean()) if after.size else None,
                               "accuracy_drop": X.paired_bootstrap_ci(before, after, n_boot=config.n_boot, seed=config.seed)}
    return out


def _memorization_section(generations: pl.DataFrame, probes: pl.DataFrame, data: _Data, config: EvalConfig) -> dict[str, Any]:
    sets = generations["set"].unique(maintain_order=True).to_list()
    members, held = probes.filter(pl.col("member")), probes.filter(pl.col("fate") == "held_out")
    return {
        "regurgitation": {name: _regurgitation_rates(generations.filter(pl.col("set") == name), data.fmt.texts) for name in sets},
        "perturbation": _perturbation_section(generations, data, config),
        "label_masked": _label_masked_section(generations, data, config),
        "extraction": {"members": _extraction_summary(members, config), "held_out": _extraction_summary(held, config),
                       # copies of the row's first k + suffix answer tokens among the training answers
                       "by_copies": {"members": _by_bucket(members, "copies"), "held_out": _by_bucket(held, "copies")},
                       # the audit's duplicate count of the row's prompt (when the split names its audit)
                       "by_prompt_copies": {"members": _by_bucket(members, "prompt_copies"), "held_out": _by_bucket(held, "prompt_copies")}
                       if "prompt_copies" in probes.columns else None,
                       "base_model": {"members": _extraction_summary(members, config, "base_"),
                                      "held_out": _extraction_summary(held, config, "base_")} if "base_exact" in probes.columns else None},
        "mia": {"members": members.height, "nonmembers": held.height, "scores": _mia(members, held, config)},
    }


def _extraction_summary(rows: pl.DataFrame, config: EvalConfig, prefix: str = "") -> dict[str, Any]:
    if f"{prefix}exact" not in rows.columns:
        return {"rows": 0}
    ok = rows.filter(pl.col("eligible"))
    out: dict[str, Any] = {"rows": rows.height, "eligible": ok.height}
    for name, column in (("exact_rate", "exact"), ("near_verbatim_rate", "near"), ("mean_score", "score")):
        out[name] = X.bootstrap_ci(ok[f"{prefix}{column}"].cast(pl.Float64).to_numpy(), n_boot=config.n_boot, seed=config.seed)
    return out


def _by_bucket(rows: pl.DataFrame, column: str) -> list[dict[str, Any]]:
    """Extraction per power-of-two bucket of a duplicate count."""
    ok = rows.filter(pl.col("eligible") & pl.col(column).is_not_null())
    ok = ok.with_columns(M.copies_bucket(ok[column]).alias("bucket"))
    out = []
    for (bucket,), group in sorted(ok.group_by("bucket"), key=lambda item: M.bucket_order(item[0][0])):
        out.append({"copies": bucket, "rows": group.height, "exact_rate": _mean(group["exact"]), "near_verbatim_rate": _mean(group["near"]),
                    "mean_score": _mean(group["score"])})
    return out


def _mia(members: pl.DataFrame, nonmembers: pl.DataFrame, config: EvalConfig) -> dict[str, Any]:
    out = {}
    for name, (column, _) in M.MIA_SCORES.items():
        if column not in members.columns:
            continue
        pos, neg = M.mia_score(members, name), M.mia_score(nonmembers, name)
        out[name] = {"auroc": X.bootstrap_auroc_ci(pos, neg, n_boot=config.n_boot, seed=config.seed),
                     f"tpr_at_{config.fpr:g}_fpr": X.tpr_at_fpr(pos, neg, config.fpr)}
    return out


# -- probes by curation fate ------------------------------------------------------------------------------------


def _probe_table(loaded, data: _Data, config: EvalConfig, losses: pl.DataFrame, train_answers: list[str]) -> pl.DataFrame:
    """One row per probe: row, id, fate, member, the loss features, copies of its answer window in
    train, and extraction under the run (and the base model)."""
    from curation.training.inference import generate_answers

    probes = data.probes
    conversations = _conversations(data.profile, probes, "probe")
    window = config.prefix_tokens + config.suffix_tokens
    tokenizer = loaded.tokenizer
    keys = M.window_keys(tokenizer([c[-1]["content"] for c in conversations], add_special_tokens=False)["input_ids"], window)
    train_keys = M.window_keys(tokenizer(train_answers, add_special_tokens=False)["input_ids"], window)
    counts = M.copies(keys, train_keys)
    kwargs = dict(max_new_tokens=config.suffix_tokens, prefix_tokens=config.prefix_tokens, batch_size=config.batch_size)
    extraction = M.extraction_scores(generate_answers(loaded, conversations, **kwargs), config.suffix_tokens, config.near_verbatim)
    extra = [c for c in ("prompt_copies",) if c in probes.columns]
    table = pl.concat([
        probes.select("row", _key_expr(data, probes), "fate", "member", *extra),
        pl.DataFrame({"copies": counts}), M.copies_bucket(counts).to_frame(), extraction,
    ], how="horizontal")
    if config.base_model and loaded.adapter:
        with loaded.model.disable_adapter():
            base = M.extraction_scores(generate_answers(loaded, conversations, **kwargs), config.suffix_tokens, config.near_verbatim)
        table = table.hstack(base.select(pl.all().exclude("eligible").name.prefix("base_")))
    features = losses.drop("nll_sum")
    return table.join(features, on="row", how="left")


def _probes_section(probes: pl.DataFrame, config: EvalConfig) -> dict[str, Any]:
    held = probes.filter(pl.col("fate") == "held_out")
    out: dict[str, Any] = {}
    for fate in FATES:
        rows = probes.filter(pl.col("fate") == fate)
        if not rows.height:
            continue
        section: dict[str, Any] = {"rows": rows.height, "members": int(rows["member"].sum()),
                                   "median_copies": float(rows["copies"].median()),
                                   "loss": X.bootstrap_ci(rows["loss"].to_numpy(), n_boot=config.n_boot, seed=config.seed),
                                   "extraction": _extraction_summary(rows, config)}
        if "base_loss" in rows.columns:
            section["base_loss"] = X.bootstrap_ci(rows["base_loss"].to_numpy(), n_boot=config.n_boot, seed=config.seed)
            section["base_extraction"] = _extraction_summary(rows, config, "base_")
        if fate != "held_out":
            section["auroc_vs_held_out"] = {name: X.bootstrap_auroc_ci(M.mia_score(rows, name), M.mia_score(held, name), n_boot=config.n_boot, seed=config.seed)
                                            for name, (column, _) in M.MIA_SCORES.items() if column in rows.columns}
        out[fate] = section
    return out


# -- writing ----------------------------------------------------------------------------------------------------


def sidecar(path: Path, kind: str) -> Path:
    """eval.json -> eval.probes.parquet / eval.generations.parquet."""
    return path.with_name(f"{path.stem}.{kind}.parquet")


def jsonable(value: Any) -> Any:
    """`value` with numpy scalars as Python numbers and NaN/inf as None (JSON has no NaN)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (np.floating, float)):
        return None if not math.isfinite(float(value)) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _write(path: Path, report: EvalJson, probes: pl.DataFrame, generations: pl.DataFrame) -> None:
    """eval.json and its sidecars, all at once."""
    with staged_outputs(path.parent) as stage:
        report.write(stage / path.name)
        probes.write_parquet(stage / sidecar(path, "probes").name)
        generations.write_parquet(stage / sidecar(path, "generations").name)
