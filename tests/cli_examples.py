"""Example command lines (in --help texts and in README.md) read as `curate` invocations, and checked
against the real command line: the command exists, every option it names exists and has its value,
and the arguments fit. Shared by tests/test_cli.py (help examples) and tests/test_readme.py."""

from __future__ import annotations

import re
import shlex

import click

from curation.cli import cli

# what follows a command on its line and is not part of it: '#' comments, and notes in parentheses
# after two or more spaces ("curate split --check DIR      (also: another tool's files)")
_NOTE = re.compile(r"\s{2,}\(.*$")


def commands(line: str) -> list[list[str]]:
    """The `curate` commands on one shell line, each as the argv after `curate`: '&&' chains split,
    '> file' redirections dropped; `$(which curate)` (as under `accelerate launch`) counts as curate."""
    tokens = shlex.split(_NOTE.sub("", line), comments=True)
    found: list[list[str]] = []
    current: list[str] | None = None
    redirected = False
    for token in tokens:
        if redirected:  # the file after '>'
            redirected = False
        elif token in ("&&", "||", ";", "|"):
            current = None
        elif token.startswith(">"):
            redirected = token == ">"
        elif token in ("curate", "curate)") and current is None:
            current = []
            found.append(current)
        elif current is not None:
            current.append(token)
    return found


def problem(argv: list[str]) -> str | None:
    """Why `curate argv` would not parse (unknown command or option, an option without its value,
    missing or extra arguments), or None. Nothing runs: paths are not checked for existence."""
    args = [a for a in argv if a not in ("-q", "--quiet")]  # the group's own options, valid anywhere
    command: click.Command = cli
    ctx = click.Context(cli, info_name="curate")
    path = []
    while isinstance(command, click.Group):
        if not args:
            return f"`curate {' '.join(path)}` names no subcommand"
        name, args = args[0], args[1:]
        sub = command.get_command(ctx, name)
        if sub is None:
            return f"no command `curate {' '.join([*path, name])}`"
        path.append(name)
        command, ctx = sub, click.Context(sub, info_name=name, parent=ctx)
    try:
        values, extra, _ = command.make_parser(ctx).parse_args(list(args))
    except click.UsageError as exc:
        return f"`curate {' '.join(path)}`: {exc.format_message()}"
    if extra:
        return f"`curate {' '.join(path)}` takes no argument {extra[0]!r}"
    missing = [p.human_readable_name for p in command.params if isinstance(p, click.Argument) and p.required and p.name not in values]
    if missing:
        return f"`curate {' '.join(path)}` misses {', '.join(missing)}"
    return None


def path_of(argv: list[str]) -> tuple[str, ...]:
    """The command path an argv names: ('audit',) or ('rules', 'check')."""
    args = [a for a in argv if a not in ("-q", "--quiet")]
    names: list[str] = []
    command: click.Command = cli
    ctx = click.Context(cli, info_name="curate")
    while isinstance(command, click.Group) and args:
        sub = command.get_command(ctx, args[0])
        if sub is None:
            break
        names.append(args.pop(0))
        command, ctx = sub, click.Context(sub, info_name=names[-1], parent=ctx)
    return tuple(names)
