"""`curate diff OLD_DIR NEW_DIR`"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from curation.diff import Diff


@click.command(short_help="Compare two audits (before and after curation): counts, rates, metrics and the gate.")
@click.argument("old_dir", type=click.Path())
@click.argument("new_dir", type=click.Path())
@click.option("-o", "--out", type=click.Path(dir_okay=False), help="Where to write the HTML page (default: NEW_DIR/diff.html).")
@click.option("--no-html", is_flag=True, help="Print the tables only; write no page.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON on stdout (for CI) instead of tables.")
@click.option("--all", "show_all", is_flag=True, help="List unchanged figures in the console too.")
def diff(old_dir, new_dir, out, no_html, as_json, show_all):
    """Compare the audit in OLD_DIR (before curation) with the one in NEW_DIR (after): rows, the gate,
    findings by severity and by check, duplicate and template figures per field, label shares and
    every numeric step metric. Reads the two report.json files; recomputes nothing.

    \b
    Examples:
      curate diff raw.audit curated.audit
      curate diff raw.audit curated.audit --json > diff.json
    """
    import json
    from pathlib import Path

    from rich.markup import escape

    from curation.console import note, stderr
    from curation.diff import diff_reports, render_diff_html
    from curation.report.audit_dir import read_report, report_path

    result = diff_reports(read_report(old_dir), read_report(new_dir))
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        print_diff(result, stderr, show_all=show_all)
    if not no_html:
        target = Path(out) if out else report_path(new_dir).parent / "diff.html"
        render_diff_html(result, target)
        note(f"wrote {escape(str(target))}")


def print_diff(result: Diff, console, show_all: bool = False) -> None:
    """The comparison as rich tables: only what changed, unless `show_all`."""
    from rich.markup import escape
    from rich.table import Table

    from curation.diff import fmt_delta, fmt_value

    console.print(f"[bold]before[/] {escape(str(result.old['path']))} ({fmt_value(result.old['rows'])} rows)   "
                  f"[bold]after[/] {escape(str(result.new['path']))} ({fmt_value(result.new['rows'])} rows)")
    for section in result.sections:
        shown = section.changes if show_all else section.changed
        if not shown:
            continue
        table = Table(title=section.title, title_justify="left", show_edge=False, header_style="bold")
        for name, justify in (("", "left"), ("before", "right"), ("after", "right"), ("change", "right")):
            table.add_column(name, justify=justify)
        for c in shown:
            style = {"better": "green", "worse": "red"}.get(c.verdict, "")
            delta = fmt_delta(c)
            table.add_row(escape(c.name), fmt_value(c.old, c.share), fmt_value(c.new, c.share), f"[{style}]{delta}[/]" if style and delta else delta)
        console.print(table)
        for line in section.notes:
            console.print(f"  {escape(line)}", style="dim")
    if not any(s.changed for s in result.sections):
        console.print("No figure changed between the two audits.")
    for note in result.notes:
        console.print(f"[yellow]note:[/] {escape(note)}")
