"""The `curate` command line. Each command lives in its own module here and is imported only when
run, so `curate --help` stays fast and never loads torch."""

from __future__ import annotations

import importlib
import sys

import click

from curation import __version__
from curation.console import set_quiet
from curation.errors import CurateError

# command name -> (module, attribute), in the order of the pipeline
COMMANDS = {
    "synth": ("curation.cli.synth", "synth"),
    "audit": ("curation.cli.audit", "audit"),
    "report": ("curation.cli.report", "report"),
    "diff": ("curation.cli.diff", "diff"),
    "rules": ("curation.cli.rules", "rules"),
    "split": ("curation.cli.split", "split"),
    "tiny-model": ("curation.cli.train", "tiny_model"),
    "train": ("curation.cli.train", "train"),
    "eval": ("curation.cli.evaluate", "eval_command"),
    "compare": ("curation.cli.evaluate", "compare"),
    "schema": ("curation.cli.schema", "schema"),
}


class LazyGroup(click.Group):
    """Imports a command's module only when it runs; gives every command (and every subcommand of a
    group such as `rules`) the group's own options, so `curate audit data.parquet -q` means
    `curate -q audit data.parquet`: people type options after the subcommand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        command = getattr(importlib.import_module(module), attr)
        _add_options(command, self.params)
        return command


def _add_options(command: click.Command, options: list[click.Parameter]) -> None:
    """Append the group's options to a command (once: commands are module-level objects).

    Each group option takes no value in the command's function (expose_value=False) and acts through
    its callback, so it means the same wherever it is typed."""
    taken = {opt for param in command.params if param not in options for opt in param.opts}
    for option in options:
        if option in command.params:
            continue
        clash = taken.intersection(option.opts)
        if clash:  # a programming error, caught by tests/test_cli.py
            raise RuntimeError(f"`curate {command.name}` defines {', '.join(sorted(clash))}, an option of `curate` itself")
        command.params.append(option)
    for sub in getattr(command, "commands", {}).values():
        _add_options(sub, options)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    # ctx.meta is shared by the group's and the subcommand's contexts: -q in either place is -q.
    ctx.meta["curate.quiet"] = ctx.meta.get("curate.quiet", False) or value
    set_quiet(ctx.meta["curate.quiet"])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="curate")
@click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_quiet,
              help="Print nothing but errors (no progress bars, no tables); also after the command.")
def cli() -> None:
    """Audit, split, reweight and train on safety fine-tuning datasets, and measure what curation
    does to memorization.

    \b
    The pipeline, one command per stage:
      curate synth -n 2000 -o data.parquet       a NariRaksha-shaped sample with planted problems
      curate audit data.parquet                  duplicates, templates, legal/helpline facts, PII -> report.html
      curate split --stratify risk_type,severity leakage-free stratified splits with reweighting
      curate train SPLIT_DIR --recipe tiny-cpu   QLoRA fine-tune with eval loss tracked
      curate eval RUN_DIR --split SPLIT_DIR      memorization and accuracy of the trained model

    Exit codes: 0 success (audit gate passed), 1 audit gate failed, 2 bad usage or unreadable input.
    """


def main(argv: list[str] | None = None) -> None:
    try:
        # Without standalone mode click returns ctx.exit()'s code (the audit gate's 1) instead of exiting.
        code = cli.main(args=argv, prog_name="curate", standalone_mode=False)
    except CurateError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
