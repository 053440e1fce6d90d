"""`curate split [DATA...]` and `curate split --check DIR`"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from curation.cli.options import ConfigDefault
from curation.console import is_quiet, stderr
from curation.read import FORMATS as INPUT_FORMATS
from curation.split.config import DEDUP_MODES, FORMATS, KEEP_POLICIES, RARE_POLICIES, REWEIGHT_MODES

if TYPE_CHECKING:
    from curation.split.strata import Strata

SPLIT = "curation.split.config:SplitConfig"  # where every default below is defined
SHOWN_STRATA = 40  # strata listed after a split (manifest.json has them all)

if TYPE_CHECKING:
    from curation.artifacts.manifest import Manifest


@click.command(short_help="Leakage-free grouped stratified train/validation/test splits, with reweighting and a template holdout.")
@click.argument("data", nargs=-1)
@click.option("--stratify", help="Columns whose joint values are the strata, e.g. risk_type,severity ('none' for no strata). Default: the profile's.")
@click.option("--ratios", default=ConfigDefault(SPLIT, "ratios", form=lambda r: ",".join(f"{x:g}" for x in r)), show_default=True, help="train,validation,test shares (or percentages).")
@click.option("--group", default=ConfigDefault(SPLIT, "group"), show_default=True, help="Rows that must share a split: near (exact + near-duplicate prompts), exact, none, or a COLUMN (e.g. a conversation id).")
@click.option("--dedup", type=click.Choice(DEDUP_MODES), default=ConfigDefault(SPLIT, "dedup"), show_default=True, help="Keep one row per exact or near-duplicate prompt cluster; dropped rows are listed in dropped.parquet and counted in the manifest.")
@click.option("--keep", type=click.Choice(KEEP_POLICIES), default=ConfigDefault(SPLIT, "keep"), show_default=True, help="Which row of a duplicate cluster --dedup keeps (longest/shortest: by prompt length).")
@click.option("--reweight", type=click.Choice(REWEIGHT_MODES), default=ConfigDefault(SPLIT, "reweight"), show_default=True, help="Down-weight train rows whose answer text is a large template (template) or whose prompt is in a near-duplicate cluster (cluster).")
@click.option("--reweight-strength", type=click.FloatRange(0.0, 1.0), default=ConfigDefault(SPLIT, "reweight_strength"), show_default=True, help="a in the weight n^-a of a row shared with n train rows: 0 = no reweighting, 0.5 = n rows count sqrt(n), 1 = they count once.")
@click.option("--template-fields", help="Text fields --reweight template looks at (default: the profile's answer text fields, e.g. reasoning,recommended_action,legal_context).")
@click.option("--holdout-templates", multiple=True, help="FIELD:SHARE: move every row of a seeded SHARE of FIELD's templates to a test_ood split (repeatable), e.g. reasoning:0.1.")
@click.option("--source-weight", multiple=True, help="FILE=W: multiply the weight of FILE's rows by W when several DATA files are mixed (repeatable), e.g. fp_fix.jsonl=2.")
@click.option("--rare-strata", type=click.Choice(RARE_POLICIES), default=ConfigDefault(SPLIT, "rare_strata"), show_default=True, help="A stratum with fewer rows than splits: pool it into a coarser stratum (drop the last --stratify column, then 'other'), keep it in train, or stop.")
@click.option("--seed", type=int, default=ConfigDefault(SPLIT, "seed"), show_default=True, help="Seed of every random choice; the same input and seed give byte-identical files.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=ConfigDefault(SPLIT, "format"), show_default=True, help="Output files: train.parquet ..., train.jsonl ..., or a Hugging Face DatasetDict folder.")
@click.option("--audit", "audit_dir", type=click.Path(file_okay=False), help="Audit directory whose rows.parquet (clusters, templates) to reuse; with no DATA its dataset is split. Default with no DATA: the one audit directory here.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False), help="Output directory (default: beside the data, e.g. data.split/).")
@click.option("--check", "check_dir", type=click.Path(file_okay=False), help="Re-verify a split directory instead (ours or another tool's train/validation/test files): exit 1 on leakage.")
@click.option("--profile", help="nariraksha, chat, do-not-answer, generic, or a profile .yaml file (default: the audit's, or detected).")
@click.option("--text-column", multiple=True, help="Text column (generic profile; repeatable). The first is the prompt that groups and leakage are computed on.")
@click.option("--label-column", multiple=True, help="Label column (generic profile; repeatable); also the default strata.")
@click.option("--id-column", help="Column holding each row's id.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), help="Input format (default: from the name; a .gz, .zst or .bz2 JSONL, JSON or CSV file is read compressed).")
@click.option("--no-verify", is_flag=True, help="Skip the final near-duplicate comparison across splits (faster; the manifest then records leakage as unchecked).")
def split(data, stratify, ratios, group, dedup, keep, reweight, reweight_strength, template_fields, holdout_templates, source_weight,
          rare_strata, seed, fmt, audit_dir, out_dir, check_dir, profile, text_column, label_column, id_column, input_format, no_verify):
    """Split DATA (one or several files; default: the dataset of the audit directory) into train,
    validation and test with no duplicate group across them, every stratum at the target ratios,
    and write them with a `weight` column and manifest.json.

    \b
    Examples:
      curate split --stratify risk_type,severity            (the data of ./*.audit, with its clusters)
      curate split data.parquet --audit data.audit --dedup near --reweight template
      curate split data.parquet --holdout-templates reasoning:0.1 --format hf -o data.split
      curate split a.jsonl b.jsonl fp_fix.jsonl --source-weight fp_fix.jsonl=2 --group none
      curate split --check data.split                       (also: another tool's train/valid/test files)

    \b
    Weights (train; held-out splits keep 1.0), with a = --reweight-strength, then divided by their mean:
      template  exp(-a * mean_F(tpl_score_F * ln n_F)), n_F = train rows sharing the row's template of field F
      cluster   c^-a, c = train rows in the row's exact/near-duplicate cluster
      times the --source-weight of the row's file.

    Exit codes: 0 success; 1 --check found leakage or a changed file; 2 bad usage or unreadable input.
    """
    from curation.errors import CurateError

    if check_dir:
        if data:
            raise CurateError("--check verifies an existing split directory; give no DATA with it.")
        _check(check_dir, profile, tuple(text_column), tuple(label_column))
        return
    from curation.split.config import SplitConfig, parse_columns, parse_holdout, parse_ratios, parse_source_weights
    from curation.split.run import run_split

    config = SplitConfig(
        stratify=parse_columns(stratify),
        ratios=parse_ratios(ratios),
        group=group,
        dedup=dedup,
        keep=keep,
        reweight=reweight,
        reweight_strength=reweight_strength,
        template_fields=parse_columns(template_fields) or None,
        holdout_templates=parse_holdout(holdout_templates),
        source_weights=parse_source_weights(source_weight),
        rare_strata=rare_strata,
        seed=seed,
        format=fmt,
        verify=not no_verify,
    )
    outcome = run_split(
        tuple(data), config, out_dir=out_dir, audit=audit_dir, profile=profile, text_columns=tuple(text_column),
        label_columns=tuple(label_column), id_column=id_column, input_format=input_format,
    )
    if not is_quiet():
        for line in outcome.notes:
            stderr.print(line)
        held_out = outcome.frames["test_ood"].height if "test_ood" in outcome.frames else 0
        print_strata(outcome.strata, held_out)
        print_summary(outcome.manifest, outcome.out_dir, sum(outcome.timing.values()))


def print_strata(strata: Strata, held_out: int) -> None:
    """The strata the rows were split over (the first SHOWN_STRATA), rare ones marked."""
    from rich.markup import escape
    from rich.table import Table

    counts = strata.counts
    title = f"{counts['rows'].sum():,} rows split over {counts.height} strata ({escape(', '.join(strata.columns) or 'none')})"
    if held_out:
        title += f"; {held_out:,} more held out to test_ood"
    stderr.print(title)
    table = Table(show_edge=False, header_style="bold")
    table.add_column("stratum")
    table.add_column("rows", justify="right")
    table.add_column("note")
    rare = {r["stratum"]: r for r in strata.rare}
    for name, n in counts.head(SHOWN_STRATA).iter_rows():
        change = rare.get(name)
        note = "" if change is None else f"rare: {'-> ' + change['into'] if change['action'] == 'merge' else 'kept in train'}"
        table.add_row(escape(name), f"{n:,}", escape(note))
    if counts.height > SHOWN_STRATA:
        table.add_row(f"... {counts.height - SHOWN_STRATA} more (all in manifest.json)", "", "")
    stderr.print(table)


def print_summary(manifest: Manifest, out_dir, seconds: float) -> None:
    from rich.table import Table

    table = Table(show_edge=False, header_style="bold")
    for col, justify in (("split", "left"), ("rows", "right"), ("share", "right"), ("target", "right")):
        table.add_column(col, justify=justify)
    ratios, groups, leak = manifest.ratios, manifest.groups, manifest.leakage
    for name, counts in manifest.counts.items():
        achieved, target = ratios.achieved.get(name), ratios.target.get(name)
        table.add_row(name, f"{counts.rows:,}", f"{achieved:.1%}" if achieved is not None else "", f"{target:.0%}" if target is not None else "held out")
    stderr.print(table)
    verdict = "[green]within 2 points[/]" if ratios.within_2pp else "[yellow]more than 2 points off[/]"
    stderr.print(f"strata of 50+ rows: worst {ratios.max_error_pp_strata_50plus:.2f} points from target ({verdict})")
    stderr.print(f"groups ({groups.mode}): {groups.groups:,}, largest {groups.largest:,} rows, crossing splits {groups.crossing_splits}")
    if leak.checked:
        rows = leak.rows
        style = "green" if not leak.leaking_rows else "bold red"
        siblings = f" ({rows.family:,} template-family siblings, not leakage)" if rows.family else ""
        stderr.print(f"[{style}]held-out rows duplicating an earlier split: {rows.exact} exact, {rows.near} near[/]{siblings}")
    dropped = manifest.dropped
    if dropped.rows:
        stderr.print(f"dropped by --dedup {dropped.dedup} (keep {dropped.keep}): {dropped.rows:,} rows (listed in dropped file)")
    weights = manifest.weights
    if weights.reweight != "none" or weights.source_weights:
        w = weights.train
        stderr.print(f"train weights ({weights.reweight}): min {w.min:.3g}, max {w.max:.3g}, effective rows {w.ess:,.0f} of {w.rows:,}")
    written = dict.fromkeys(name.split("/")[0] for name in manifest.files)  # a Hugging Face split is a folder
    stderr.print(f"outputs: {out_dir}/ ({', '.join(written)}, manifest.json)  {seconds:.1f} s")


def _check(path: str, profile: str | None, text_columns: tuple[str, ...], label_columns: tuple[str, ...]) -> None:
    from curation.split.check import check_split_dir

    result = check_split_dir(path, profile=profile, text_columns=text_columns, label_columns=label_columns)
    if not is_quiet():
        print_check(result)
    if not result.passed:
        click.get_current_context().exit(1)


def print_check(result) -> None:
    total = sum(result.rows.values())
    source = "manifest" if result.has_manifest else "no manifest: files from another tool"
    stderr.print(f"[bold]{result.path}[/] ({source}; profile {result.profile}): " + ", ".join(f"{n} {r:,} ({result.ratios[n]:.1%})" for n, r in result.rows.items()) + f" of {total:,}")
    for _, rec in zip(range(5), result.examples.iter_rows(named=True)):
        stderr.print(f"  {rec['kind']}: {rec['split']} row {rec['row']} ~ {rec['other_split']} row {rec['other_row']}: \"{(rec['text'] or '')[:70]}\"")
    labels = result.leakage["labels"]
    if labels["compared_rows"]:
        stderr.print(f"labels ({', '.join(labels['fields'])}): {labels['agree_rows']:,} of {labels['compared_rows']:,} held-out copies "
                     f"agree with their copies in an earlier split, {labels['conflict_rows']:,} do not")
    for _, rec in zip(range(5), result.label_conflicts.iter_rows(named=True)):
        stderr.print(f"  {rec['label']}: {rec['split']} row {rec['row']} '{rec['value']}' ~ {rec['other_split']} row {rec['other_row']}: {rec['there']}")
    for line in result.warnings:
        stderr.print(f"[yellow]warning:[/] {line}")
    for line in result.problems:
        stderr.print(f"[bold red]problem:[/] {line}")
    stderr.print("[bold green]PASSED[/] no leakage across splits." if result.passed else "[bold red]FAILED[/] the splits leak or do not match their manifest.")
