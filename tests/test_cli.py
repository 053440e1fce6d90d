"""The `curate` command line as a user meets it: help, version, exit codes, one-sentence errors,
and no partial outputs. Runs the real console script in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from cli_examples import commands, path_of, problem

from curation import __version__
from curation.cli import COMMANDS, cli

CURATE = [sys.executable, "-c", "from curation.cli import main; main()"]
# every command and every subcommand of a group (`rules list`, `rules check`)
COMMAND_PATHS = [(name, *sub) for name in COMMANDS
                 for sub in [(), *((s,) for s in getattr(cli.get_command(click.Context(cli), name), "commands", {}))]]


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


def help_examples(help_text: str) -> list[str]:
    """The lines of a help text's Example(s): block."""
    lines, inside = [], False
    for line in help_text.splitlines():
        if line.strip() in ("Example:", "Examples:"):
            inside = True
        elif inside and not line.strip():
            inside = False
        elif inside:
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_has_help_with_examples_that_parse(path):
    result = curate(*path, "--help")
    assert result.returncode == 0, result.stderr
    examples = [argv for line in help_examples(result.stdout) for argv in commands(line)]
    assert any(path_of(argv)[:len(path)] == path for argv in examples), f"`curate {' '.join(path)} --help` shows no example of itself"
    for argv in examples:  # its own and those of other commands it shows (synth's help shows an audit)
        assert problem(argv) is None, problem(argv)


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

