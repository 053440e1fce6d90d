"""The docs ship with the project: no tracked file cites a document outside the repository, and
every docs page and section that code, rules, tests, benchmarks, recipes, the README and the docs
themselves cite exists (docs/README.md says how they are cited)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
THIS = Path(__file__).resolve()

# Documents that live outside the repository (the shared hooks' check). The names are spelled
# without their suffix here, so this file does not match its own pattern.
OUTSIDE_NAMES = ("DESIGN", "SEEDS", "INDIA_LAW_HELPLINES", "DEDUP_ANCHORS", "AUDIT_ANCHORS", "MEMORIZATION_QLORA")
OUTSIDE = re.compile(r"\.\./shared|(^|[^/A-Za-z_])(" + "|".join(OUTSIDE_NAMES) + r")\.md", re.MULTILINE)

DOC_PATH = re.compile(r"(?<![\w/.-])docs/[\w./-]+\.md\b")  # a repository path of a docs page
PAGE = re.compile(r"(?<![\w/.-])(?:docs/)?([a-z][a-z0-9-]*\.md)\b")  # a page, by path or (inside docs/) by name
# "§4.4", "§3–4"; not a legal citation such as "BNS §78" or "IT Act §66E"
SECTION = re.compile(r"(?<![A-Z] )(?<!Act )(?<![A-Za-z])§(\d+(?:\.\d+)*)(?:[–-](\d+))?")
HEADING = re.compile(r"^#{1,6} §(\d+(?:\.\d+)*)", re.MULTILINE)
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")
SKIP_DIRS = {".git", ".venv", "build", "dist", "__pycache__", "node_modules"}


def tracked_files() -> list[Path]:
    """The repository's files: `git ls-files`, or every file but build output outside a checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
        paths = [ROOT / name for name in out.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):  # an unpacked sdist: no git
        paths = [p for p in ROOT.rglob("*") if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
                 and not any(part.endswith(".egg-info") for part in p.parts)]
    return sorted(p for p in paths if p.is_file())


def text_of(path: Path) -> str | None:
    """The file as text, or None for a binary file (a parquet fixture, a gzip)."""
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def outside_citations(text: str) -> list[str]:
    """Lines that cite a document outside the repository."""
    return [line.strip() for line in text.splitlines() if OUTSIDE.search(line)]


def sections_of(page: Path) -> set[str]:
    return set(HEADING.findall(page.read_text(encoding="utf-8")))


def cited_sections(text: str, *, in_docs: bool, default: str | None) -> list[tuple[str, str]]:
    """(page, section) per section cited: a section belongs to the last page named before it on its
    line; with none, to `default` (the page itself inside docs/; docs/rules-sources.md in rules/)."""
    cited = []
    for line in text.splitlines():
        pages = [(m.start(), m.group(1)) for m in PAGE.finditer(line) if in_docs or m.group(0).startswith("docs/")]
        for m in SECTION.finditer(line):
            page = next((name for start, name in reversed(pages) if start < m.start()), default)
            if page is None:
                continue
            cited.append((page, m.group(1)))
            if m.group(2):  # a range "§3–4": its end too
                cited.append((page, m.group(2)))
    return cited


def missing_sections(text: str, *, in_docs: bool, default: str | None) -> list[str]:
    problems = []
    for page, section in cited_sections(text, in_docs=in_docs, default=default):
        path = DOCS / page
        if not path.is_file():
            problems.append(f"docs/{page} (cited with §{section}) does not exist")
        elif section not in sections_of(path):
            problems.append(f"docs/{page} has no §{section}")
    return problems


def scanned() -> list[tuple[Path, str]]:
    files = [(p, text_of(p)) for p in tracked_files()]
    return [(p, t) for p, t in files if t is not None]


def default_page(path: Path) -> str | None:
    rel = path.relative_to(ROOT)
    if rel.parts[0] == "docs":
        return rel.name
    if rel.parts[0] == "rules" and path.suffix in (".yaml", ".yml"):
        return "rules-sources.md"  # the packs' convention: a bare §N is a section of docs/rules-sources.md
    return None


def test_no_tracked_file_cites_a_document_outside_the_repository():
    offenders = {str(p.relative_to(ROOT)): lines for p, t in scanned() if (lines := outside_citations(t))}
    assert not offenders, f"cite the repository's docs/ (or the public source) instead: {offenders}"


def test_every_cited_docs_page_exists():
    missing = {}
    for path, text in scanned():
        if path.relative_to(ROOT).parts[0] == "docs" or path == THIS:
            continue  # docs pages cite other repositories' docs/ paths too; this file's examples are made up
        for cited in DOC_PATH.findall(text):
            if not (ROOT / cited).is_file():
                missing.setdefault(str(path.relative_to(ROOT)), []).append(cited)
    assert not missing, missing


def test_every_cited_section_exists():
    problems = {}
    for path, text in scanned():
        if path == THIS:
            continue
        found = missing_sections(text, in_docs=path.relative_to(ROOT).parts[0] == "docs", default=default_page(path))
        if found:
            problems[str(path.relative_to(ROOT))] = found
    assert not problems, problems


def test_links_of_the_readme_and_the_docs_resolve():
    broken = {}
    for page in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue  # https://, mailto:
            if not (page.parent / target).exists():
                broken.setdefault(str(page.relative_to(ROOT)), []).append(target)
    assert not broken, broken


def test_the_docs_index_lists_every_page():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    listed = set(LINK.findall(index))
    pages = {p.name for p in DOCS.glob("*.md")} - {"README.md"}
    assert pages <= listed, f"docs/README.md does not list {sorted(pages - listed)}"
    assert {"design.md", "contracts.md", "rules-sources.md"} <= pages


@pytest.mark.parametrize(("text", "cited"), [
    ("docs/dedup.md §2", [("dedup.md", "2")]),
    ("follow docs/rules-sources.md §6 (offence -> citation) and §1.2; any §6 row", [("rules-sources.md", "6"), ("rules-sources.md", "1.2"), ("rules-sources.md", "6")]),
    ("docs/rules-sources.md (§1.1 titles, §1.4)", [("rules-sources.md", "1.1"), ("rules-sources.md", "1.4")]),
    ("docs/rules-sources.md §5.", [("rules-sources.md", "5")]),
    ('docs/seed-models.md §1: "BNS §78", "IT Act §66E"', [("seed-models.md", "1")]),  # legal sections are no doc sections
    ("BNS §78 and contracts.md §3", []),  # outside docs/, only a docs/ path names a page
])
def test_cited_sections_outside_docs(text, cited):
    assert cited_sections(text, in_docs=False, default=None) == cited


def test_cited_sections_inside_docs_and_rules():
    assert cited_sections("[dedup.md](dedup.md) §3–4; as in §1", in_docs=True, default="design.md") == [
        ("dedup.md", "3"), ("dedup.md", "4"), ("dedup.md", "1")]
    assert cited_sections("| V | §2 (s.72) |", in_docs=True, default="rules-sources.md") == [("rules-sources.md", "2")]
    assert cited_sections("IPC had 511 sections (§0).", in_docs=False, default="rules-sources.md") == [("rules-sources.md", "0")]


def test_the_checks_catch_what_they_are_for():
    assert missing_sections("docs/rules-sources.md §4.4", in_docs=False, default=None) == []
    assert missing_sections("docs/rules-sources.md §42", in_docs=False, default=None) == ["docs/rules-sources.md has no §42"]
    assert missing_sections("docs/nowhere.md §1", in_docs=False, default=None) == ["docs/nowhere.md (cited with §1) does not exist"]
    parent = ".."  # assembled, so this file cites nothing outside the repository itself
    assert outside_citations(f"see {parent}/shared/reference/notes\nfine") == [f"see {parent}/shared/reference/notes"]
    assert outside_citations(f"as {OUTSIDE_NAMES[1]}.md says") == [f"as {OUTSIDE_NAMES[1]}.md says"]
    assert outside_citations(f"docs/{OUTSIDE_NAMES[0].lower()}.md and docs/{OUTSIDE_NAMES[0]}.md") == []  # a repository path
