"""The options of `curate` itself (-q, --version) work before and after any subcommand, with the same
meaning: `curate audit data.parquet -q` is `curate -q audit data.parquet`. Parametrized over the
group's commands (and a group's subcommands, such as `rules check`), so a new command is covered."""

from __future__ import annotations

import click
import pytest

from curation import __version__
from curation.cli import COMMANDS, cli, main
from curation.cli.options import ConfigDefault


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


# -- defaults: written once, in the config dataclass each command builds --------------------------

# command -> (its config dataclass, {option name: field name} where they differ)
CONFIGS = {
    "audit": ("curation.audit.pipeline:AuditConfig", {}),
    "split": ("curation.split.config:SplitConfig", {"fmt": "format"}),
    "eval": ("curation.training.evaluate:EvalConfig", {}),
    "tiny-model": ("curation.training.tiny_model:TinySpec", {"layers": "num_layers", "heads": "num_heads"}),
}
# a few arguments each command needs to parse (nothing is run)
ARGS = {"audit": ["d.parquet"], "split": [], "eval": ["run", "--split", "split"], "tiny-model": ["tiny"]}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_no_option_repeats_a_default_its_config_defines(name):
    import dataclasses
    import importlib

    target, renamed = CONFIGS[name]
    module, cls = target.split(":")
    fields = {f.name for f in dataclasses.fields(getattr(importlib.import_module(module), cls))}
    command = resolve((name,))
    mirrored = [p for p in command.params if isinstance(p, click.Option) and renamed.get(p.name, p.name) in fields and not p.is_flag]
    assert mirrored, name
    for option in mirrored:
        # unset (the config applies) or read from the config: never a second copy of the value
        unset = option.default is None or option.default == () or type(option.default).__module__.startswith("click")  # click's UNSET
        assert unset or isinstance(option.default, ConfigDefault), (name, option.name, option.default)
        if isinstance(option.default, ConfigDefault):
            assert (option.default.target, option.default.field) == (target, renamed.get(option.name, option.name))


@pytest.mark.parametrize("name", list(CONFIGS))
def test_config_defaults_reach_the_command_and_its_help(name):
    command = resolve((name,))
    ctx = command.make_context(name, list(ARGS[name]))
    read = [option for option in command.params if isinstance(option.default, ConfigDefault)]
    assert read, name
    for option in read:
        assert ctx.params[option.name] == option.type.convert(option.default(), option, ctx), option.name
        # the help shows the value itself, not click's "(dynamic)" for a callable default
        _, help_line = option.get_help_record(ctx)
        assert f"[default: {option.default()}" in help_line, (option.name, help_line)


def test_listing_the_commands_imports_no_config_behind_them():
    """`curate --help` imports every command module: a config read at import time would pull in scipy."""
    import subprocess
    import sys

    code = ("import sys\nfrom curation.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('scipy', 'torch', 'transformers', 'curation.training.evaluate', 'curation.audit.pipeline') if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stderr.strip() == "[]", result.stderr
