"""Training past an evaluation step, offline: the class of break where a library change makes the
step after the first eval fail (bitsandbytes' CPU inference repacking, see
`curation.training.model.keep_4bit_layers_trainable`) or reach for the Hub.

Not marked `train`: these run in the quick set too, wherever the train extra is installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from train_fixtures import nariraksha_split

torch = pytest.importorskip("torch")
pytest.importorskip("bitsandbytes")

# Installed as sitecustomize in the child processes: any DNS lookup or connection is printed and fails.
NO_NETWORK = '''
import socket, sys
def _refuse(*args, **kwargs):
    sys.stderr.write(f"NETWORK ATTEMPT: {args[:2]!r}\\n")
    raise OSError("network disabled by the test")
socket.getaddrinfo = _refuse
socket.socket.connect = lambda self, address: _refuse(address)
'''


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("past_eval")
    nariraksha_split(root / "split", n_train=48, n_val=16, n_test=8)
    (root / "guard").mkdir()
    (root / "guard" / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    return root


def curate_offline(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    """`curate ARGS` in a fresh process that cannot reach any network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "USE_HUB", "DISABLE_KERNEL"))}
    env["PYTHONPATH"] = os.pathsep.join([str(workdir / "guard"), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run([sys.executable, "-c", "from curation.cli import main; main()", *args],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=600)


def assert_clean(result: subprocess.CompletedProcess) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for sign in ("Traceback", "NETWORK ATTEMPT", "kernels-community", "huggingface.co"):
        assert sign not in output, output


def test_training_goes_past_evaluations_and_resumes_offline(workdir):
    assert_clean(curate_offline(workdir, "tiny-model", "tiny", "--data", "split"))
    steps = ["--set", "training.eval_every=2", "--set", "training.save_every=3", "--set", "data.eval_rows=16"]
    assert_clean(curate_offline(workdir, "train", "split", "--recipe", "tiny-cpu", "--model", "tiny", "--out", "run",
                                "--max-steps", "6", *steps))
    metrics = [json.loads(line) for line in (workdir / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in metrics] == [1, 2, 3, 4, 5, 6]
    assert [m["step"] for m in metrics if m["eval_loss"] is not None] == [2, 4, 6]
    assert all(0 < m["train_loss"] < 100 for m in metrics)  # finite: steps 3 and 5 follow an evaluation

    # Resume from the step-3 checkpoint: it trains on past two more evaluations to the same end.
    resumed = workdir / "resumed"
    subprocess.run(["cp", "-r", str(workdir / "run"), str(resumed)], check=True)
    subprocess.run(["rm", "-r", str(resumed / "checkpoints" / "step-000006"), str(resumed / "adapter_model.safetensors")], check=True)
    result = curate_offline(workdir, "train", "split", "--out", "resumed", "--resume")
    assert_clean(result)
    assert "from step 3 of 6" in result.stderr
    again = [json.loads(line) for line in (resumed / "metrics.jsonl").read_text().splitlines()]
    assert [m["step"] for m in again] == [1, 2, 3, 4, 5, 6]
    for a, b in zip(again[3:], metrics[3:]):
        assert a["train_loss"] == pytest.approx(b["train_loss"], rel=1e-5)
        assert (a["eval_loss"] is None) == (b["eval_loss"] is None)
        if b["eval_loss"] is not None:
            assert a["eval_loss"] == pytest.approx(b["eval_loss"], rel=1e-5)


def test_gradients_after_an_evaluation_are_the_gradients_without_one(workdir):
    """The silent half of the bug: a 4-bit layer without a bias, once repacked for inference, passed
    no gradient back through the frozen base weights. Same batch, same weights: the LoRA gradients
    after an eval pass must equal those before it."""
    from curation.training import model as modeling
    from curation.training.recipe import load_recipe

    if not (workdir / "tiny").exists():
        assert_clean(curate_offline(workdir, "tiny-model", "tiny", "--data", "split"))
    recipe = load_recipe("tiny-cpu")
    recipe.model.base = str(workdir / "tiny")
    device, dtype = torch.device("cpu"), torch.float32
    model = modeling.add_lora(modeling.load_base_model(recipe.model, device, dtype), recipe.lora,
                              quantized=True, gradient_checkpointing=False)
    ids = torch.randint(3, 200, (2, 12), generator=torch.Generator().manual_seed(0))

    def lora_grads() -> dict[str, torch.Tensor]:
        model.train()
        model.zero_grad(set_to_none=True)
        model(input_ids=ids, use_cache=False).logits.float().pow(2).mean().backward()
        return {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}

    before = lora_grads()
    model.eval()
    with torch.no_grad():
        model(input_ids=ids, use_cache=False)
    after = lora_grads()
    assert before.keys() == after.keys() and before
    for name in before:
        torch.testing.assert_close(after[name], before[name], rtol=1e-4, atol=1e-7, msg=name)
