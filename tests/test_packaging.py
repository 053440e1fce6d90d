"""The installed wheel (non-editable) carries every package, profile, rule pack, recipe and report
asset, all under the one `curation` namespace."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"curation": "curation", "curation.schemas": "schemas", "curation.rules": "rules", "curation.training": "training"}


def _declared_packages() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]


def test_every_source_package_is_declared():
    declared = set(_declared_packages())
    found = set()
    for package, folder in MAPPED.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "__pycache__" in init.parts:
                continue
            rel = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *rel.parts]))
    assert found <= declared, f"packages missing from pyproject.toml: {sorted(found - declared)}"


# Imported by the package but on purpose not declared: optional, looked up before use.
OPTIONAL_IMPORTS = {"sentence_transformers": "training/evaluate.py: reference similarity, when installed"}


def _third_party_imports() -> set[str]:
    """Top-level modules the installed code (curation/, schemas/, rules/, training/) imports."""
    import ast

    found = set()
    for folder in MAPPED.values():
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in {"curation", "__future__"}}


def _requirement_name(spec: str) -> str:
    import re

    return re.split(r"[\[<>=!~;\s]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_dependencies_are_what_the_code_imports():
    """Every runtime (and train) dependency is imported by the package, and every import is declared."""
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_requirement_name(d) for d in project["dependencies"]}
    declared = runtime | {_requirement_name(d) for d in project["optional-dependencies"]["train"]}
    distributions = packages_distributions()
    imported = {}
    for module in _third_party_imports() - set(OPTIONAL_IMPORTS):
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert names, f"{module} is imported but installed by no distribution"
        imported[module] = names
    undeclared = sorted(m for m, names in imported.items() if not names & declared)
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"
    used = set().union(*imported.values())
    assert sorted(declared - used) == [], "declared in pyproject.toml but imported nowhere"


@pytest.mark.slow
def test_wheel_contains_packs_profiles_recipes_and_assets(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, timeout=600, cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("curate-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    top = {n.split("/")[0] for n in names if not n.startswith("curate-")}
    assert top == {"curation"}, f"generic names at the top of the import namespace: {top}"
    for yaml in (ROOT / "rules").glob("*.yaml"):
        assert f"curation/rules/{yaml.name}" in names
    for recipe in (ROOT / "training" / "recipes").glob("*.yaml"):
        assert f"curation/training/recipes/{recipe.name}" in names
    for profile in ("nariraksha", "chat", "do_not_answer", "generic"):
        assert f"curation/schemas/{profile}.py" in names
    for asset in ("report.html.j2", "report.css", "report.js", "chart.umd.min.js"):
        assert f"curation/report/{asset}" in names
