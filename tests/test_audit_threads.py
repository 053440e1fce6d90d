"""The audit's steps run side by side on threads: nothing they do may race (an import, a cache
shared across steps), and the same input gives the same outputs in every fresh process.

Each audit here runs in a fresh interpreter, as a user's does: in the test process pandera and the
rule engine are already imported and warm, which hides exactly the races these tests look for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from real_text import human_prompts

SHARED = 40  # rows of test.csv that are also in train.csv
RUN_CLI = "import sys; from curation.cli import main; main(sys.argv[1:])"
# Audits, one per argument list (JSON in argv[1]), in one process; every import that happens on a
# thread other than the main one is written to stdout.
TRACE_IMPORTS = """
import json, sys, threading
seen = []
def hook(event, args):
    if event == "import" and threading.current_thread() is not threading.main_thread():
        seen.append([threading.current_thread().name, args[0]])
sys.addaudithook(hook)
from curation.cli import main
codes = []
for args in json.loads(sys.argv[1]):
    try:
        main(args)
    except SystemExit as exc:
        codes.append(exc.code)
print(json.dumps({"exits": codes, "imports_on_threads": seen}))
"""


def write_pair(folder: Path) -> tuple[Path, Path]:
    """train.csv (300 real prompts) and test.csv (100 others, SHARED of them also in train), with
    a label column, as a user's generic classifier data would be."""
    prompts = human_prompts()
    train = pl.DataFrame({"Description": prompts[:300], "label": ["unsafe" if i % 3 else "safe" for i in range(300)]})
    test_prompts = prompts[300 - SHARED:300] + prompts[300:360]
    test = pl.DataFrame({"Description": test_prompts, "label": ["unsafe" if i % 2 else "safe" for i in range(100)]})
    train.write_csv(folder / "train.csv")
    test.write_csv(folder / "test.csv")
    return folder / "test.csv", folder / "train.csv"


def audit_args(test: Path, train: Path, out: Path) -> list[str]:
    return ["-q", "audit", str(test), "--against", str(train), "--profile", "generic", "--text-column", "Description",
            "--label-column", "label", "--out", str(out)]


def fresh(code: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300)


def without_wall_time(value: Any) -> Any:
    """report.json less what differs between runs by nature: wall times and the output folder."""
    if isinstance(value, dict):
        return {k: without_wall_time(v) for k, v in value.items() if k not in ("timing_s", "wall_s", "seconds", "dir")}
    if isinstance(value, list):
        return [without_wall_time(v) for v in value]
    return value


def outputs(out: Path) -> tuple[bytes, bytes, str]:
    report = without_wall_time(json.loads((out / "report.json").read_text(encoding="utf-8")))
    return (out / "findings.parquet").read_bytes(), (out / "rows.parquet").read_bytes(), json.dumps(report, ensure_ascii=False)


def audit_repeatedly(folder: Path, runs: int) -> None:
    test, train = write_pair(folder)
    first = None
    for i in range(runs):
        out = folder / f"run{i}.audit"
        done = fresh(RUN_CLI, audit_args(test, train, out))
        # exit 1: the gate fails on the leaked rows, and nothing else is printed under -q
        assert (done.returncode, done.stderr) == (1, ""), f"run {i}: exit {done.returncode}\n{done.stderr[-3000:]}"
        got = outputs(out)
        if first is None:
            first = got
            leaks = pl.read_parquet(out / "findings.parquet").filter(pl.col("check") == "leak.exact")
            assert leaks["row"].to_list() == list(range(SHARED))  # the shared rows, each once
        else:
            assert got[0] == first[0], f"run {i}: findings.parquet differs from run 0"
            assert got[1] == first[1], f"run {i}: rows.parquet differs from run 0"
            assert got[2] == first[2], f"run {i}: report.json differs from run 0"


def test_steps_import_nothing_on_worker_threads(tmp_path: Path, nariraksha_parquet: Path) -> None:
    """The cause of the races: an import on a step's thread (two threads importing pandera
    deadlocked on its module locks). Every import happens on the main thread, before the steps
    start, for the generic profile with --against and for nariraksha (rule engine, phone metadata)."""
    test, train = write_pair(tmp_path)
    audits = [audit_args(test, train, tmp_path / "generic.audit"),
              ["-q", "audit", str(nariraksha_parquet), "--against", str(nariraksha_parquet), "--out", str(tmp_path / "nr.audit")]]
    done = fresh(TRACE_IMPORTS, [json.dumps(audits)])
    assert done.stderr == "", done.stderr[-3000:]
    traced = json.loads(done.stdout.splitlines()[-1])
    assert traced == {"exits": [1, 1], "imports_on_threads": []}  # both gates fail on the leaked rows


def test_fresh_processes_give_identical_outputs(tmp_path: Path) -> None:
    audit_repeatedly(tmp_path, runs=3)


@pytest.mark.slow
def test_thirty_fresh_processes_give_identical_outputs(tmp_path: Path) -> None:
    """main's code crashed 5 of 5 runs of this audit (pandera imported on two threads at once)."""
    audit_repeatedly(tmp_path, runs=30)


def test_ties_come_out_in_one_order(tmp_path: Path) -> None:
    """Synth data has what the generic pair lacks: rows in an exact and a near cluster whose labels
    conflict (findings that tie on row, check and column) and helpline numbers with equal counts
    (report.json keeps the top 20). polars' parallel joins and group_bys order such ties anew on
    each run; two audits in one process must still agree, byte for byte."""
    from curation.audit import run_audit
    from curation.audit.pipeline import AuditConfig
    from curation.synth import synthesize

    data, _ = synthesize(3000, seed=0)
    data.write_parquet(tmp_path / "nr.parquet")
    data.tail(1000).write_parquet(tmp_path / "other.parquet")
    config = AuditConfig(against=(str(tmp_path / "other.parquet"),), fail_on="never")
    for run in ("a", "b"):
        run_audit(str(tmp_path / "nr.parquet"), config=config, out_dir=tmp_path / f"{run}.audit", html=False)
    first, second = outputs(tmp_path / "a.audit"), outputs(tmp_path / "b.audit")
    conflicts = pl.read_parquet(tmp_path / "a.audit" / "findings.parquet").filter(pl.col("check") == "label.conflict")
    assert conflicts.select("row", "column").is_duplicated().any()  # the ties are there to order
    for name, a, b in zip(("findings.parquet", "rows.parquet", "report.json"), first, second):
        assert a == b, f"{name} differs between two audits of the same data"
