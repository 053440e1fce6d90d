"""The `curate` command line as a user meets it: help, version, exit codes, one-sentence errors,
and no partial outputs. Runs the real console script in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from curation import __version__
from curation.cli import COMMANDS

CURATE = [sys.executable, "-c", "from curation.cli import main; main()"]


def curate(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CURATE, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_version():
    result = curate("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_top_level_help_lists_every_command():
    result = curate("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_has_help_with_an_example(command):
    result = curate(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    assert "curate " + command in result.stdout or "Example" in result.stdout


def assert_one_sentence_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_audit_missing_file_exits_2_without_outputs(tmp_path):
    result = curate("audit", str(tmp_path / "nope.parquet"), "-o", str(tmp_path / "out"))
    assert_one_sentence_error(result, "no such file")
    assert not (tmp_path / "out").exists()


def test_audit_malformed_jsonl_names_line(tmp_path):
    (tmp_path / "d.jsonl").write_text('{"scenario": "a", "risk_type": "x", "severity": "low"}\n{"scenario": \n')
    result = curate("audit", str(tmp_path / "d.jsonl"), "-o", str(tmp_path / "out"))
    assert_one_sentence_error(result, "line 2")
    assert not (tmp_path / "out").exists()


def test_audit_columns_fitting_no_profile(tmp_path):
    (tmp_path / "d.csv").write_text("foo,bar\n1,2\n")
    result = curate("audit", str(tmp_path / "d.csv"), "-o", str(tmp_path / "out"))
    assert_one_sentence_error(result, "fit no built-in profile")


def test_usage_error_is_exit_2():
    result = curate("audit")
    assert result.returncode == 2 and "Traceback" not in result.stderr

