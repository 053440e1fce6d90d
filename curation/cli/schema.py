"""`curate schema {report,manifest,run,eval}`"""

from __future__ import annotations

import click

from curation.artifacts import ARTIFACTS


@click.command(short_help="Print the JSON Schema of report.json, manifest.json, run.json or eval.json.")
@click.argument("artifact", type=click.Choice(list(ARTIFACTS)))
def schema(artifact):
    """Print the JSON Schema of ARTIFACT: report (report.json of `curate audit`), manifest
    (manifest.json of `curate split`), run (run.json of `curate train`) or eval (eval.json of
    `curate eval`). Each file is validated against its model when a later stage reads it, and one
    of another schema_version is refused.

    \b
    Examples:
      curate schema report > report.schema.json
      curate schema manifest | python -m json.tool
    """
    import json

    click.echo(json.dumps(ARTIFACTS[artifact].model_json_schema(), indent=2, ensure_ascii=False))
