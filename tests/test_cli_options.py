"""The options of `curate` itself (-q, --version) work before and after any subcommand, with the same
meaning: `curate audit data.parquet -q` is `curate -q audit data.parquet`. Parametrized over the
group's commands (and a group's subcommands, such as `rules check`), so a new command is covered."""

from __future__ import annotations

import click
import pytest

from curation import __version__
from curation.cli import COMMANDS, cli, main


@pytest.fixture
def curate(capsys):
    """Run the CLI in-process: curate(*args) -> (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return int(exit_info.value.code), captured.out, captured.err

    return run


def command_paths() -> list[tuple[str, ...]]:
    ctx = click.Context(cli)
    paths = []
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        paths.append((name,))
        paths += [(name, sub) for sub in getattr(command, "commands", {})]
    return paths


PATHS = command_paths()


def resolve(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    return command


def test_the_paths_cover_nested_commands():
    assert ("rules", "check") in PATHS and ("audit",) in PATHS


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_carries_the_group_options_themselves(path):
    command = resolve(path)
    for option in cli.params:
        assert option in command.params  # the very object: same callback, so the same meaning
    assert sum("-q" in p.opts for p in command.get_params(click.Context(command))) == 1


@pytest.mark.parametrize("place", ["before", "after"])
@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_quiet_is_accepted_before_and_after_every_command(path, place, curate):
    # --help exits after the whole line is parsed: an unknown option would be exit 2 instead.
    args = ["-q", *path, "--help"] if place == "before" else [*path, "-q", "--help"]
    code, out, err = curate(*args)
    assert code == 0, err
    assert out.startswith(f"Usage: curate {' '.join(path)} ")


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_version_after_every_command(path, curate):
    code, out, _ = curate(*path, "--version")
    assert code == 0 and out.strip() == f"curate, version {__version__}"


def test_help_of_a_command_lists_quiet(curate):
    code, out, _ = curate("audit", "--help")
    assert code == 0 and "-q, --quiet" in out


def test_quiet_after_the_command_silences_it_like_before(tmp_path, nariraksha_parquet, curate):
    code, _, loud = curate("audit", str(nariraksha_parquet), "-o", str(tmp_path / "a"))
    assert code in (0, 1) and "outputs:" in loud
    for args in (("-q", "audit", str(nariraksha_parquet), "-o", str(tmp_path / "b")),
                 ("audit", str(nariraksha_parquet), "-o", str(tmp_path / "c"), "-q"),
                 ("audit", "-q", str(nariraksha_parquet), "-o", str(tmp_path / "d"), "--quiet")):
        assert curate(*args) == (code, "", "")
    # -q does not outlive its command: the next one in this process speaks again.
    code_again, _, again = curate("audit", str(nariraksha_parquet), "-o", str(tmp_path / "e"))
    assert code_again == code and "outputs:" in again


def test_quiet_after_a_subcommand_of_a_group(curate):
    text = "IPC Section 498A; call the women's helpline 1098"
    code, out, _ = curate("rules", "check", text)
    assert code == 0 and "498A" in out
    for args in (("-q", "rules", "check", text), ("rules", "-q", "check", text), ("rules", "check", text, "-q")):
        assert curate(*args) == (0, "", "")


def test_errors_still_print_under_quiet(tmp_path, curate):
    code, _, err = curate("audit", str(tmp_path / "absent.parquet"), "-q")
    assert code == 2 and err.startswith("error: ") and "no such file" in err
