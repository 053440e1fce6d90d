"""README.md's command examples, run (sqlite-utils' habit), so the README stays true.

Every command line of the README's ```bash blocks is either run here, as written, on a small
built-in sample (RUN), or listed in SKIPPED with the reason. A README line that is in neither fails,
and so does any line whose command or options stop existing (that check runs in the quick set).

The sample: `curate synth` rows (300 for the data commands, 60 for the training chain) and what the
README's file names stand for, made from them (SAMPLE). Each line runs in a directory of its own
holding copies of what it names, except the lines that make what later lines use (`provides`: the
synth, tiny-model, train and first eval lines), which run once, in the sample directory itself.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from cli_examples import commands, problem

from curation.cli import main

ROOT = Path(__file__).resolve().parents[1]


def readme_lines() -> list[str]:
    """Each command line of README.md's ```bash blocks: its comment dropped, spaces collapsed."""
    lines = []
    for block in re.findall(r"^```bash\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command and not command.startswith("#"):
                lines.append(" ".join(command.split()))
    return lines


@dataclass(frozen=True)
class Example:
    needs: tuple[str | tuple[str, str], ...] = ()  # sample names copied in; (name here, sample name) maps one
    code: int = 0  # the exit code the README promises for this sample
    makes: tuple[str, ...] = ()  # what the README says the command writes
    values: tuple[tuple[str, str], ...] = ()  # (option, value): a README value too large for a test, replaced
    provides: str | None = None  # the sample name this line makes (it then runs in the sample directory)
    train: bool = False  # needs the train extra (torch, transformers, peft, bitsandbytes)


GATE = 1  # `curate audit` exits 1 when the gate fails: the synth sample carries errors on purpose

RUN = {
    "curate synth -n 100000 -o nariraksha.parquet --seed 0": Example(
        values=(("-n", "300"),), provides="nariraksha.parquet", makes=("nariraksha.parquet", "nariraksha.truth.parquet")),
    "curate audit nariraksha.parquet": Example(
        needs=("nariraksha.parquet",), code=GATE,
        makes=tuple(f"nariraksha.audit/{f}" for f in ("report.html", "report.json", "findings.parquet", "rows.parquet"))),
    "curate audit test.jsonl --against train.jsonl": Example(needs=("test.jsonl", "train.jsonl"), code=GATE, makes=("test.audit/report.json",)),
    "curate audit prompts.csv --profile generic --text-column prompt --label-column label": Example(
        needs=("prompts.csv",), code=GATE, makes=("prompts.audit/report.html",)),
    "curate report nariraksha.audit": Example(needs=("nariraksha.parquet", "nariraksha.audit"), makes=("nariraksha.audit/report.html",)),
    "curate diff raw.audit curated.audit": Example(needs=("raw.audit", "curated.audit"), makes=("curated.audit/diff.html",)),
    "curate rules list": Example(),
    "curate schema report": Example(),
    "curate rules check \"IPC Section 498A; call the women's helpline 1098\" --risk-type \"domestic violence\"": Example(),
    "curate split --stratify risk_type,severity": Example(needs=("nariraksha.parquet", "nariraksha.audit"), makes=("nariraksha.split/manifest.json",)),
    "curate split data.parquet --audit data.audit --dedup near --reweight template --holdout-templates reasoning:0.1": Example(
        needs=("data.parquet", "data.audit"), makes=("data.split/test_ood.parquet", "data.split/dropped.parquet", "data.split/manifest.json")),
    "curate split a.jsonl b.jsonl fp_fix.jsonl --source-weight fp_fix.jsonl=2": Example(
        needs=("a.jsonl", "b.jsonl", "fp_fix.jsonl"), makes=("a.split/manifest.json",)),
    "curate split --check other_tool_splits/": Example(needs=("other_tool_splits",)),
    "curate tiny-model tiny/ --data split/": Example(needs=("split",), provides="tiny", makes=("tiny/config.json",), train=True),
    "curate train split/ --recipe tiny-cpu --model tiny/ --out run/": Example(
        needs=("split", "tiny"), provides="run", makes=("run/run.json", "run/metrics.jsonl", "run/adapter_model.safetensors"), train=True),
    "curate eval run/ --split split/": Example(needs=("run",), provides="evaluated run", makes=("run/eval.json",), train=True),
    "curate eval raw-run/ --split raw-split/ --probes-from curated-split/ --limit 500": Example(
        needs=(("raw-run", "run"), ("raw-split", "split"), "curated-split", "tiny"), makes=("raw-run/eval.json",), train=True),
    "curate compare raw-run/ curated-run/ --name raw --name curated --out impact/": Example(
        # one run twice: compare reads eval.json only (tests/test_eval_compare.py compares runs that differ)
        needs=(("raw-run", "evaluated run"), ("curated-run", "evaluated run")), makes=("impact/compare.json", "impact/compare.html"), train=True),
}

SKIPPED = {
    "make demo": "creates .venv and installs the train extra; the pipeline it then runs is run here command by command",
    "make test": "runs the test suite this test is part of",
    "curate audit LibrAI/do-not-answer": "a Hugging Face Hub dataset id: needs the internet",
    "curate train split/ --recipe nariraksha-qwen2.5-3b --out run3b/ --set training.lr=1e-4":
        "downloads a 3B-parameter model from the Hub and needs a GPU (the tiny-cpu line trains the same way)",
}


# -- the quick checks ------------------------------------------------------------------------------------


def test_every_readme_command_is_run_or_skipped_with_a_reason():
    lines = readme_lines()
    assert len(lines) >= 15  # the ```bash blocks were found
    uncovered = [line for line in lines if line not in RUN and line not in SKIPPED]
    assert not uncovered, f"README lines neither run nor skipped: add them to RUN or SKIPPED in tests/test_readme.py: {uncovered}"
    stale = [line for line in (*RUN, *SKIPPED) if line not in lines]
    assert not stale, f"tests/test_readme.py lists lines the README no longer has: {stale}"
    assert not set(RUN) & set(SKIPPED)


@pytest.mark.parametrize("line", [pytest.param(line, id=line[:70]) for line in readme_lines() if line.startswith("curate")])
def test_every_readme_command_parses(line):
    """Run or skipped, each line names a real command, only options it has, and the arguments it takes."""
    (argv,) = commands(line)
    assert problem(argv) is None, problem(argv)


# -- the sample ------------------------------------------------------------------------------------------


def run_curate(argv: list[str], cwd: Path) -> tuple[int, str]:
    """`curate argv` in `cwd`, in this process: (exit code, what it wrote on stderr)."""
    err = io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    return int(exit_info.value.code), err.getvalue()


def _nariraksha(root: Path) -> pl.DataFrame:
    return pl.read_parquet(root / "nariraksha.parquet")


def _parts(root: Path) -> None:
    """Files the README names, cut from the 300-row sample."""
    data = _nariraksha(root)
    data.slice(60).write_ndjson(root / "train.jsonl")
    pl.concat([data.head(60), data.slice(100, 10)]).write_ndjson(root / "test.jsonl")  # 10 rows leak from train
    data.select(pl.col("scenario").alias("prompt"), pl.col("risk_type").alias("label")).write_csv(root / "prompts.csv")
    for name in ("data.parquet", "raw.parquet"):
        shutil.copy(root / "nariraksha.parquet", root / name)
    data.unique("scenario", keep="first", maintain_order=True).write_parquet(root / "curated.parquet")  # exact duplicates dropped
    for i, name in enumerate(("a.jsonl", "b.jsonl", "fp_fix.jsonl")):
        data.slice(100 * i, 100).write_ndjson(root / name)


def _other_tool_splits(root: Path) -> None:
    """train / valid / test JSONL files with the data columns only and no manifest, as another tool writes them."""
    out = root / "other_tool_splits"
    out.mkdir()
    for ours, theirs in (("train", "train"), ("validation", "valid"), ("test", "test")):
        pl.read_parquet(root / "split" / f"{ours}.parquet").drop("row", "stratum", "group", "weight").write_ndjson(out / f"{theirs}.jsonl")


def _audit(name: str) -> tuple[str, ...]:
    return ("audit", f"{name}.parquet", "-o", f"{name}.audit", "--fail-on", "never", "--no-html")


SPLIT = ("split", "small.parquet", "--audit", "small.audit", "--stratify", "risk_type,severity")
PARTS = ("train.jsonl", "test.jsonl", "prompts.csv", "data.parquet", "raw.parquet", "curated.parquet", "a.jsonl", "b.jsonl", "fp_fix.jsonl")
# name -> (what it needs, how it is made: a `curate` argv, or a function of the sample directory)
SAMPLE: dict[str, tuple[tuple[str, ...], tuple[str, ...] | Callable[[Path], None]]] = {
    **{name: (("nariraksha.parquet",), _parts) for name in PARTS},
    "nariraksha.audit": (("nariraksha.parquet",), _audit("nariraksha")),  # no report.html: `curate report` writes it
    **{f"{name}.audit": ((f"{name}.parquet",), _audit(name)) for name in ("data", "raw", "curated")},
    "small.parquet": ((), ("synth", "-n", "60", "-o", "small.parquet", "--seed", "1")),  # the training chain's data
    "small.audit": (("small.parquet",), _audit("small")),
    "split": (("small.audit",), (*SPLIT, "-o", "split")),
    "curated-split": (("small.audit",), (*SPLIT, "--dedup", "near", "--reweight", "template", "--holdout-templates", "reasoning:0.1", "-o", "curated-split")),
    "other_tool_splits": (("split",), _other_tool_splits),
}
PROVIDED = {example.provides: line for line, example in RUN.items() if example.provides}


class Sample:
    """The sample directory, each name made once, on first use."""

    def __init__(self, root: Path):
        self.root = root
        self.outcomes: dict[str, tuple[int, str]] = {}  # provided name -> (exit code, stderr) of its README line

    def get(self, name: str) -> Path:
        if name in PROVIDED:
            if name not in self.outcomes:
                line = PROVIDED[name]
                example = RUN[line]
                if example.train:
                    pytest.importorskip("torch")
                    pytest.importorskip("bitsandbytes")
                for need in example.needs:
                    self.get(need if isinstance(need, str) else need[1])
                self.outcomes[name] = run_curate(readme_argv(line), self.root)
            return self.root / Path(RUN[PROVIDED[name]].makes[0]).parts[0]  # the file or folder the line writes
        path = self.root / name
        if not path.exists():
            needs, make = SAMPLE[name]
            for need in needs:
                self.get(need)
            if callable(make):
                make(self.root)
            else:
                code, err = run_curate(list(make), self.root)
                assert code == 0, f"making the sample's {name} failed: {err}"
        return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    return Sample(tmp_path_factory.mktemp("readme-sample"))


def readme_argv(line: str) -> list[str]:
    """The line's argv, with its too-large values replaced (the options stay)."""
    (argv,) = commands(line)
    for option, value in RUN[line].values:
        argv[argv.index(option) + 1] = value
    return argv


# -- running them ----------------------------------------------------------------------------------------


def _marks(example: Example) -> list[pytest.MarkDecorator]:
    return [pytest.mark.slow, *([pytest.mark.train] if example.train else [])]


@pytest.mark.parametrize("line", [pytest.param(line, marks=_marks(example), id=line[:70]) for line, example in RUN.items()])
def test_readme_command_runs_as_the_readme_says(line, sample, tmp_path):
    example = RUN[line]
    if example.train:
        pytest.importorskip("torch")
        pytest.importorskip("bitsandbytes")
    if example.provides:  # it makes what later lines use: run once, in the sample directory
        sample.get(example.provides)
        (code, err), where = sample.outcomes[example.provides], sample.root
    else:
        for need in example.needs:
            here, name = (need, need) if isinstance(need, str) else need
            source = sample.get(name)
            (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / here)
        (code, err), where = run_curate(readme_argv(line), tmp_path), tmp_path
    assert code == example.code, err
    assert "Traceback" not in err
    missing = [path for path in example.makes if not (where / path).exists()]
    assert not missing, f"`{line}` did not write {missing}"
