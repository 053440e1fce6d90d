"""`curate audit DATA`"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from curation.cli.options import ConfigDefault
from curation.console import is_quiet, stderr
from curation.read import FORMATS

if TYPE_CHECKING:
    from curation.artifacts.report import ReportJson

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


@click.command(short_help="Audit a dataset: schema, duplicates, templates, legal and helpline facts, PII, leakage.")
@click.argument("data")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Output directory (default: beside DATA, e.g. data.audit/).")
@click.option("--profile", help="nariraksha, chat, do-not-answer, generic, or a profile .yaml file (default: detected from the columns).")
@click.option("--text-column", multiple=True, help="Text column to check (generic profile; repeatable). The first is the prompt field.")
@click.option("--label-column", multiple=True, help="Label column (generic profile; repeatable).")
@click.option("--id-column", help="Column holding each row's id.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Input format (default: from the name; a .gz, .zst or .bz2 JSONL, JSON or CSV file is read compressed).")
@click.option("--split", "hf_split", help="Split to read from a Hugging Face dataset (default: the only one, or train).")
@click.option("--against", multiple=True, help="Another dataset to check for leakage into this one (repeatable), e.g. the train set when DATA is a test set.")
@click.option("--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help="Folder of extra rule packs (YAML) that add to or override the built-in ones.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default=ConfigDefault("curation.audit.pipeline:AuditConfig", "fail_on"), show_default=True, help="Exit 1 when a finding at or above this severity exists.")
# The near-duplicate options default to `curation.dedup.NearParams` (via AuditConfig): one place,
# and this module stays light to import. tests/test_audit_options.py checks the help states them.
@click.option("--near-threshold", type=click.FloatRange(0.5, 1.0), help="Word edit similarity (1 - edited words / words of the longer prompt) two prompts keep, with one edit to spare, to be near-duplicates. [default: 0.8: 1 edited word in 10, 3 in 20]")
@click.option("--num-perm", type=click.IntRange(16, 1024), help="MinHash permutations (the LSH that proposes candidate pairs). [default: 96]")
@click.option("--family-share", type=click.FloatRange(0.0, 1.0), help="A near-duplicate cluster larger than this share of rows is reported as a template family, not as duplicates. [default: 0.01]")
@click.option("--seed", type=int, help="Seed of the MinHash permutations. [default: 1]")
@click.option("--skip", "skip", multiple=True, help="Leave out an audit step (repeatable; steps: overview, schema, text_quality, exact, near, labels, label_in_prompt, templates, legal, helplines, patterns, leakage), e.g. --skip templates on a first look at a huge file. `curate split --audit` needs exact, near and templates.")
@click.option("--no-html", is_flag=True, help="Skip report.html (report.json, findings.parquet and rows.parquet are always written).")
def audit(data, out_dir, profile, text_column, label_column, id_column, fmt, hf_split, against, rules_dirs, fail_on,
          near_threshold, num_perm, family_share, seed, skip, no_html):
    """Audit DATA (parquet; JSONL, JSON or CSV, also compressed .gz, .zst, .bz2; a save_to_disk folder
    or a Hub id) and write report.html, report.json, findings.parquet and rows.parquet.

    \b
    Examples:
      curate audit nariraksha.parquet
      curate audit test.jsonl --against train.jsonl --fail-on warning
      curate audit prompts.csv --profile generic --text-column prompt --label-column label
      curate audit hh-rlhf-test.jsonl.gz --text-column chosen --text-column rejected

    Exit code 0 when the gate passes, 1 when findings at or above --fail-on exist, 2 on bad input.
    """
    from curation.audit import run_audit
    from curation.audit.pipeline import AuditConfig

    near = {"near_threshold": near_threshold, "num_perm": num_perm, "family_share": family_share, "seed": seed}
    config = AuditConfig(
        fail_on=fail_on,
        against=tuple(against),
        rules_dirs=tuple(rules_dirs),
        skip=tuple(skip),
        **{name: value for name, value in near.items() if value is not None},  # unset: the NearParams default
    )
    outcome = run_audit(
        data,
        profile=profile,
        text_columns=tuple(text_column),
        label_columns=tuple(label_column),
        id_column=id_column,
        format=fmt,
        split=hf_split,
        config=config,
        out_dir=out_dir,
        html=not no_html,
    )
    if not is_quiet():
        print_summary(outcome.report)
    if not outcome.passed:
        click.get_current_context().exit(1)


def print_summary(report: ReportJson) -> None:
    from rich.table import Table

    ds = report.dataset
    stderr.print(f"[bold]{ds.path}[/]  {ds.rows:,} rows  profile [bold]{ds.profile}[/]  "
                 f"({report.timing_s.get('total', 0):.1f} s)")
    table = Table(show_edge=False, header_style="bold")
    for col, justify in (("check", "left"), ("severity", "left"), ("findings", "right"), ("rows", "right"), ("% rows", "right"), ("columns", "left")):
        table.add_column(col, justify=justify)
    for c in report.by_check:
        table.add_row(c.check, f"[{SEVERITY_STYLE[c.severity]}]{c.severity}[/]", f"{c.count:,}", f"{c.rows:,}",
                      f"{c.share:.1%}", ", ".join(c.columns)[:40])
    if report.by_check:
        stderr.print(table)
    gate = report.gate
    style = "bold green" if gate.passed else "bold red"
    stderr.print(f"[{style}]{'PASSED' if gate.passed else 'FAILED'}[/] {gate.sentence}")
    stderr.print(f"outputs: {report.outputs.dir}/ (report.html, report.json, findings.parquet, rows.parquet)")
