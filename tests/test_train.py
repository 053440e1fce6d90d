"""`curate tiny-model` + `curate train` end to end on a CPU: the real 4-bit NF4 load, LoRA, training
with eval loss, the run directory, reloading the adapter and generating, resuming, early stopping,
the weighted loss against a hand computation, and bad input (exit 2, one sentence, nothing written)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from train_fixtures import nariraksha_rows, nariraksha_split, write_split

from curation.cli import COMMANDS, main
from curation.files import sha256_of

pytestmark = pytest.mark.train
torch = pytest.importorskip("torch")
pytest.importorskip("bitsandbytes")

TRAIN_ARGS = ["--recipe", "tiny-cpu", "--max-steps", "12", "--set", "training.eval_every=4", "--set", "training.save_every=6"]
METRIC_KEYS = {"step", "train_loss", "eval_loss", "learning_rate", "tokens_per_second", "elapsed", "epoch"}


@pytest.fixture(scope="module", autouse=True)
def cli_and_threads():
    """Register the commands (until the CLI lists them) and train on one thread: on a shared 2-core
    machine a second OpenMP thread mostly waits."""
    added = [name for name in ("train", "tiny-model") if name not in COMMANDS]
    COMMANDS.setdefault("train", ("curation.cli.train", "train"))
    COMMANDS.setdefault("tiny-model", ("curation.cli.train", "tiny_model"))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
    for name in added:
        COMMANDS.pop(name, None)


def curate(capsys, *args) -> tuple[int, str]:
    """Run the curate CLI in this process; (exit code, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in args])
    return exit_info.value.code, capsys.readouterr().err


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("train")


@pytest.fixture(scope="module")
def split_dir(workdir) -> Path:
    return nariraksha_split(workdir / "split")


@pytest.fixture(scope="module")
def tiny_dir(workdir, split_dir) -> Path:
    out = workdir / "tiny"
    with pytest.raises(SystemExit) as exit_info:
        main(["tiny-model", str(out), "--data", str(split_dir)])
    assert exit_info.value.code == 0
    return out


@pytest.fixture(scope="module")
def run_dir(workdir, split_dir, tiny_dir) -> Path:
    out = workdir / "run"
    with pytest.raises(SystemExit) as exit_info:
        main(["train", str(split_dir), "--model", str(tiny_dir), "--out", str(out), *TRAIN_ARGS])
    assert exit_info.value.code == 0
    return out


def read_metrics(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_tiny_model_is_saved_like_a_hub_model(tiny_dir):
    from transformers import AutoConfig, AutoTokenizer

    assert {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"} <= {p.name for p in tiny_dir.iterdir()}
    config = AutoConfig.from_pretrained(tiny_dir)
    assert config.model_type == "qwen2" and config.num_hidden_layers == 2 and config.hidden_size == 64
    tok = AutoTokenizer.from_pretrained(tiny_dir)
    text = tok.apply_chat_template([{"role": "user", "content": "Namaste, Pune"}], tokenize=False, add_generation_prompt=True)
    assert text == "<|im_start|>user\nNamaste, Pune<|im_end|>\n<|im_start|>assistant\n"
    ids = tok(text, add_special_tokens=False)["input_ids"]
    assert tok.convert_tokens_to_ids("<|im_start|>") in ids and tok.decode(ids) == text  # byte-level BPE round-trips


def test_training_writes_the_run_directory(run_dir, split_dir, tiny_dir):
    metrics = read_metrics(run_dir)
    assert [m["step"] for m in metrics] == list(range(1, 13))
    assert all(set(m) == METRIC_KEYS for m in metrics)
    assert [m["step"] for m in metrics if m["eval_loss"] is not None] == [4, 8, 12]
    assert all(m["tokens_per_second"] > 0 and m["learning_rate"] >= 0 for m in metrics)
    info = json.loads((run_dir / "run.json").read_text())
    assert info["status"] == "completed" and info["recipe"] == "tiny-cpu"
    assert info["config"]["model"]["base"] == str(tiny_dir) and info["config"]["training"]["max_steps"] == 12
    assert info["split"]["manifest_sha256"] == sha256_of(split_dir / "manifest.json")
    assert info["split"]["rows"] == {"train": 96, "validation": 24} and info["split"]["profile"] == "nariraksha"
    assert {"torch", "transformers", "peft", "bitsandbytes", "accelerate"} <= set(info["versions"])
    assert info["device"]["type"] == "cpu" and info["final_eval_loss"] == metrics[-1]["eval_loss"]
    assert 0 < info["parameters"]["trainable"] < info["parameters"]["total"]
    adapter = json.loads((run_dir / "adapter_config.json").read_text())
    assert adapter["r"] == 8 and adapter["lora_alpha"] == 16
    assert (run_dir / "adapter_model.safetensors").exists()
    assert sorted(p.name for p in (run_dir / "checkpoints").iterdir()) == ["step-000006", "step-000012"]


def test_loss_falls(run_dir):
    metrics = read_metrics(run_dir)
    train = [m["train_loss"] for m in metrics]
    evals = [m["eval_loss"] for m in metrics if m["eval_loss"] is not None]
    assert np.mean(train[-3:]) < train[0] - 0.2
    assert evals[-1] < evals[0]


def test_adapter_reloads_and_its_losses_match_the_logged_eval_loss(run_dir, split_dir):
    from curation.schemas import NARIRAKSHA
    from curation.training.data import conversations_of
    from curation.training.inference import answer_token_losses, load_run

    conversations = conversations_of(NARIRAKSHA, pl.read_parquet(split_dir / "validation.parquet"))
    tuned = load_run(run_dir)
    losses = answer_token_losses(tuned, conversations, batch_size=5)
    token_mean = np.concatenate(losses).mean()
    assert token_mean == pytest.approx(json.loads((run_dir / "run.json").read_text())["final_eval_loss"], rel=1e-4)
    base = load_run(run_dir, adapter=False)
    base_losses = answer_token_losses(base, conversations, batch_size=5)
    assert [len(x) for x in base_losses] == [len(x) for x in losses]
    assert np.concatenate(base_losses).mean() > token_mean + 0.1  # the adapter learnt something


def test_generation_from_the_reloaded_adapter(run_dir, split_dir):
    from curation.schemas import NARIRAKSHA
    from curation.training.data import conversations_of
    from curation.training.inference import generate_answers, load_run

    conversations = conversations_of(NARIRAKSHA, pl.read_parquet(split_dir / "test.parquet").head(4))
    tuned = load_run(run_dir)
    plain = generate_answers(tuned, conversations, max_new_tokens=12, batch_size=3)
    assert len(plain) == 4
    for g in plain:
        assert len(g.prefix_ids) == 0 and len(g.generated_ids) <= 12 and isinstance(g.text, str)
        assert tuned.tokenizer.decode(g.prompt_ids).endswith("<|im_start|>assistant\n")
    prefixed = generate_answers(tuned, conversations, max_new_tokens=6, prefix_tokens=5)
    for g, conv in zip(prefixed, conversations):
        answer = np.concatenate([g.prefix_ids, g.target_ids])
        assert len(g.prefix_ids) == 5
        assert tuned.tokenizer.decode(answer) == conv[-1]["content"] + "<|im_end|>"
    # Batched (left-padded) generation gives what one conversation at a time gives.
    alone = generate_answers(tuned, conversations[:1], max_new_tokens=12)
    assert alone[0].generated_ids.tolist() == plain[0].generated_ids.tolist()


def test_resume_continues_the_run_exactly(run_dir, split_dir, tmp_path, capsys):
    from safetensors.torch import load_file

    resumed = tmp_path / "resumed"
    shutil.copytree(run_dir, resumed)
    shutil.rmtree(resumed / "checkpoints" / "step-000012")
    (resumed / "adapter_model.safetensors").unlink()
    code, err = curate(capsys, "train", split_dir, "--out", resumed, "--resume")
    assert code == 0, err
    assert "resuming" in err and "from step 6 of 12" in err
    again, original = read_metrics(resumed), read_metrics(run_dir)
    assert [m["step"] for m in again] == list(range(1, 13))
    for a, b in zip(again[6:], original[6:]):
        assert a["train_loss"] == pytest.approx(b["train_loss"], rel=1e-5)
        assert (a["eval_loss"] is None) == (b["eval_loss"] is None)
    new, old = load_file(resumed / "adapter_model.safetensors"), load_file(run_dir / "adapter_model.safetensors")
    assert new.keys() == old.keys()
    for key in old:
        torch.testing.assert_close(new[key], old[key], rtol=1e-4, atol=1e-6)


def test_weighted_loss_equals_a_hand_computation(tiny_dir, split_dir):
    """loss = sum_i w_i sum_t l_it / sum_i w_i n_i, whatever the split into micro-batches, and its
    gradient is the gradient of that formula."""
    from accelerate import Accelerator

    from curation.schemas import NARIRAKSHA
    from curation.training import model as modeling
    from curation.training.data import collate, tokenize_split
    from curation.training.recipe import TrainingSpec, load_recipe
    from curation.training.trainer import _optimizer_step

    recipe = load_recipe("tiny-cpu", [f"model.base={tiny_dir}"])
    tokenizer = modeling.load_tokenizer(recipe.model)
    weights = [1.0, 3.0, 0.25]
    frame = pl.read_parquet(split_dir / "validation.parquet").head(3).with_columns(weight=pl.Series(weights))
    split = tokenize_split("train", frame, NARIRAKSHA, tokenizer, max_length=512, overflow="error")
    model = modeling.add_lora(modeling.load_base_model(recipe.model, torch.device("cpu"), torch.float32), recipe.lora,
                              quantized=True, gradient_checkpointing=False)
    torch.manual_seed(0)
    params = {n: p for n, p in model.named_parameters() if p.requires_grad}
    with torch.no_grad():  # LoRA's B starts at zero; make both factors matter
        for name, p in params.items():
            if "lora_B" in name:
                p.normal_(0, 0.05)
    start = {n: p.detach().clone() for n, p in params.items()}

    # By hand: each row alone (no padding), the NLL of each answer token from the log-softmax.
    numerator, denominator, token_losses = 0.0, 0.0, []
    for i, w in enumerate(weights):
        ids = torch.as_tensor(split.input_ids[i])[None]
        logp = torch.log_softmax(model(input_ids=ids).logits[0].float(), dim=-1)
        t = torch.arange(int(split.answer_start[i]), ids.shape[1])
        nll = -logp[t - 1, ids[0, t]]
        numerator = numerator + w * nll.sum()
        denominator += w * len(t)
        token_losses.append(nll.detach())
    hand = numerator / denominator
    hand.backward()
    hand_grads = {n: p.grad.clone() for n, p in params.items()}
    model.zero_grad(set_to_none=True)
    unweighted = torch.cat(token_losses).mean().item()
    assert abs(unweighted - hand.item()) > 1e-3  # the weights make a difference the test can see

    accelerator = Accelerator(cpu=True)
    for grouping, keep_logits in (([[0, 1, 2]], True), ([[0], [1], [2]], True), ([[2, 0], [1]], False)):
        with torch.no_grad():
            for n, p in params.items():
                p.copy_(start[n])
        optimizer = torch.optim.SGD(list(params.values()), lr=1.0)
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0)
        micro = [collate(split, [np.asarray([i]) for i in group], tokenizer.pad_token_id) for group in grouping]
        loss, _ = _optimizer_step(model, optimizer, scheduler, micro, accelerator,
                                  TrainingSpec(max_grad_norm=0, grad_accum=len(grouping)), keep_logits)
        assert loss == pytest.approx(hand.item(), rel=1e-5)
        for n, p in params.items():  # SGD with lr 1: the update is the gradient
            torch.testing.assert_close(start[n] - p.detach(), hand_grads[n], rtol=1e-3, atol=1e-7)

    # A step made only of weight-0 rows has loss 0 and changes nothing (no 0/0).
    zero = tokenize_split("train", frame.with_columns(weight=pl.Series([0.0, 0.0, 1.0])), NARIRAKSHA, tokenizer,
                          max_length=512, overflow="error")
    before = {n: p.detach().clone() for n, p in params.items()}
    optimizer = torch.optim.SGD(list(params.values()), lr=1.0)
    loss, _ = _optimizer_step(model, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 1.0),
                              [collate(zero, [np.asarray([0]), np.asarray([1])], tokenizer.pad_token_id)], accelerator,
                              TrainingSpec(max_grad_norm=0), True)
    assert loss == 0.0
    assert all(torch.equal(before[n], p.detach()) for n, p in params.items())


def test_early_stopping_keeps_the_best_adapter(split_dir, tiny_dir, tmp_path, capsys):
    from safetensors.torch import load_file

    out = tmp_path / "early"
    code, err = curate(capsys, "train", split_dir, "--model", tiny_dir, "--out", out, "--recipe", "tiny-cpu", "--max-steps", "10",
                       "--set", "training.eval_every=2", "--set", "training.early_stopping_patience=1",
                       "--set", "training.early_stopping_min_delta=100", "--set", "training.batch_size=4")
    assert code == 0, err
    info = json.loads((out / "run.json").read_text())
    assert (info["status"], info["steps"]["done"], info["best_step"], info["adapter_step"]) == ("early_stopped", 4, 2, 2)
    final = load_file(out / "adapter_model.safetensors")
    best = load_file(out / "checkpoints" / "step-000004" / "best_adapter.safetensors")
    last = load_file(out / "checkpoints" / "step-000004" / "adapter_model.safetensors")
    assert all(torch.equal(final[k], best[k]) for k in final)
    assert any(not torch.equal(final[k], last[k]) for k in final)


def test_packing(split_dir, tiny_dir, tmp_path, capsys):
    out = tmp_path / "packed"
    code, err = curate(capsys, "train", split_dir, "--model", tiny_dir, "--out", out, "--recipe", "tiny-cpu", "--max-steps", "3",
                       "--set", "data.packing=true", "--set", "training.batch_size=2")
    assert code == 0, err
    info = json.loads((out / "run.json").read_text())
    assert info["split"]["packed_sequences"] < info["split"]["rows"]["train"]
    metrics = read_metrics(out)
    assert len(metrics) == 3 and metrics[-1]["eval_loss"] is not None and np.isfinite(metrics[-1]["train_loss"])


def test_truncation_is_reported(split_dir, tiny_dir, tmp_path, capsys):
    out = tmp_path / "cut"
    code, err = curate(capsys, "train", split_dir, "--model", tiny_dir, "--out", out, "--recipe", "tiny-cpu", "--max-steps", "1",
                       "--set", "data.max_length=150", "--set", "data.overflow=truncate")
    assert code == 0, err
    assert "train: " in err and "rows are longer than max_length=150 tokens" in err and "truncated" in err
    limit = json.loads((out / "run.json").read_text())["split"]["length_limit"]["train"]
    assert limit["truncated"] + limit["dropped"] == limit["over_limit"] > 0


def test_a_curate_synth_split_trains(tiny_dir, tmp_path, capsys):
    synthesize = getattr(pytest.importorskip("curation.synth"), "synthesize", None)
    if synthesize is None:
        pytest.skip("curation.synth has no synthesize() yet")
    rows = synthesize(60, seed=1)
    rows = rows[0] if isinstance(rows, tuple) else rows  # (data, truth)
    rows = rows.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64), weight=pl.lit(1.0),
                                                   stratum=pl.lit("s"), group=pl.col("row").cast(pl.String))
    split = write_split(tmp_path / "synth-split", {"train": rows.head(40), "validation": rows.slice(40, 10), "test": rows.tail(10)})
    code, err = curate(capsys, "train", split, "--model", tiny_dir, "--out", tmp_path / "run", "--recipe", "tiny-cpu",
                       "--max-steps", "2", "--set", "data.overflow=truncate")
    assert code == 0, err


# -- bad input: exit 2, one sentence, no run directory -------------------------------------------------


def _mismatched_split(root: Path) -> Path:
    frame = nariraksha_rows(8).drop("scenario").rename({"reasoning": "text"})
    return write_split(root, {"train": frame, "validation": frame, "test": frame}, profile="nariraksha")


@pytest.mark.parametrize(("case", "expected"), [
    ("unknown_recipe", "unknown recipe 'qwen-72b'; use one of"),
    ("missing_split", "is not a directory; pass the folder `curate split --out` wrote"),
    ("no_validation", "has no validation split"),
    ("unmappable_columns", "has no column 'scenario', 'reasoning', which profile 'nariraksha' needs"),
    ("too_long", "rows are longer than data.max_length=64 tokens (longest"),
    ("missing_model_folder", "model folder ./no-such-model does not exist; build a tiny one with `curate tiny-model"),
    ("offline_hub_id", "the base model 'curate-test-org/no-such-model' is not in the local Hugging Face cache and the Hub cannot be reached"),
    ("bad_override", "--set training.lr=fast: training.lr is 'fast'; write a number."),
    ("nothing_to_resume", "holds no run to resume"),
])
def test_bad_input_exits_2_with_one_sentence(case, expected, split_dir, tiny_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("huggingface_hub.constants.HF_HUB_OFFLINE", True)  # no network here: fail at once, not after retries
    out = tmp_path / "run"
    split, extra = split_dir, ["--recipe", "tiny-cpu", "--model", tiny_dir]
    if case == "unknown_recipe":
        extra = ["--recipe", "qwen-72b"]
    elif case == "missing_split":
        split = tmp_path / "nowhere"
    elif case == "no_validation":
        split = tmp_path / "half"
        split.mkdir()
        shutil.copy(split_dir / "train.parquet", split / "train.parquet")
    elif case == "unmappable_columns":
        split = _mismatched_split(tmp_path / "other")
    elif case == "too_long":
        extra += ["--set", "data.max_length=64"]
    elif case == "missing_model_folder":
        extra = ["--recipe", "tiny-cpu", "--model", "./no-such-model"]
    elif case == "offline_hub_id":
        extra = ["--recipe", "tiny-cpu", "--model", "curate-test-org/no-such-model"]
    elif case == "bad_override":
        extra += ["--set", "training.lr=fast"]
    elif case == "nothing_to_resume":
        extra = ["--resume"]
    code, err = curate(capsys, "train", split, "--out", out, *extra)
    assert code == 2
    assert expected in err and "Traceback" not in err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not out.exists()


def test_run_json_validates_against_curate_schema_and_another_version_is_refused(run_dir, split_dir, tmp_path, capsys):
    from curation.artifacts import RunJson

    with pytest.raises(SystemExit):
        main(["schema", "run"])
    assert json.loads(capsys.readouterr().out) == RunJson.model_json_schema()
    text = (run_dir / "run.json").read_text()
    info = RunJson.read(run_dir / "run.json")
    assert info.dumps() == text and info.schema_version == 1 and info.status == "completed" and info.adapter_step == 12
    newer = tmp_path / "newer"
    shutil.copytree(run_dir, newer)
    (newer / "run.json").write_text(json.dumps({**json.loads(text), "schema_version": 2}))
    code, err = curate(capsys, "train", split_dir, "--out", newer, "--resume")
    assert code == 2 and f"{newer / 'run.json'} is a run.json of schema version 2, but this curate reads version 1" in err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_a_used_run_directory_is_not_overwritten(run_dir, split_dir, tiny_dir, capsys):
    before = (run_dir / "metrics.jsonl").read_text()
    code, err = curate(capsys, "train", split_dir, "--out", run_dir, "--recipe", "tiny-cpu", "--model", tiny_dir)
    assert code == 2 and "is not empty; pass --resume to continue it" in err
    assert (run_dir / "metrics.jsonl").read_text() == before


def test_tiny_model_from_a_data_file(tmp_path, capsys):
    data = tmp_path / "nr.jsonl"
    nariraksha_rows(30, seed=9).drop("row", "stratum", "group", "weight").write_ndjson(data)
    code, err = curate(capsys, "tiny-model", tmp_path / "tiny", "--data", data, "--hidden-size", "32", "--heads", "2", "--layers", "1")
    assert code == 0, err
    config = json.loads((tmp_path / "tiny" / "config.json").read_text())
    assert (config["hidden_size"], config["num_attention_heads"], config["num_hidden_layers"]) == (32, 2, 1)


def test_tiny_model_refuses_sizes_that_do_not_divide(split_dir, tmp_path, capsys):
    code, err = curate(capsys, "tiny-model", tmp_path / "tiny", "--data", split_dir, "--hidden-size", "60")
    assert code == 2 and "hidden size 60 must split into 4 heads of an even size" in err
    assert not (tmp_path / "tiny").exists()
