"""Data that does not fit its profile, and profile files that do not parse: exit 2, one sentence
saying what, where and how to fix it, no traceback, and no output folder (audit, split, train)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from conftest import NARIRAKSHA_ROWS
from real_text import human_prompts

from curation.errors import CurateError
from curation.profile import resolve_profile


def one_sentence(code: int, err: str, *fragments: str) -> str:
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def no_scenario_csv(tmp_path: Path) -> Path:
    """NariRaksha rows as a user exported them, without the scenario (the prompt) column."""
    path = tmp_path / "no_scenario.csv"
    pl.DataFrame(NARIRAKSHA_ROWS).drop("scenario").write_csv(path)
    return path


@pytest.fixture
def prompts_csv(tmp_path: Path) -> Path:
    path = tmp_path / "prompts.csv"
    pl.DataFrame({"Description": human_prompts()[:20], "label": ["safe", "unsafe"] * 10}).write_csv(path)
    return path


# -- a column the profile needs is missing ------------------------------------------------------------


def test_audit_without_the_prompt_column(curate, no_scenario_csv, tmp_path):
    out = tmp_path / "out"
    line = one_sentence(*curate("audit", str(no_scenario_csv), "--profile", "nariraksha", "--out", str(out)),
                        str(no_scenario_csv), "has no column 'scenario'", "profile 'nariraksha'", "--profile")
    assert "legal_context" in line  # the columns it has, to pick from
    assert not out.exists()


@pytest.mark.parametrize(("args", "missing"), [
    (["--profile", "generic", "--text-column", "Prompt"], "'Prompt'"),  # a typo of the column's name
    (["--profile", "generic", "--text-column", "Description", "--label-column", "category"], "'category'"),
    (["--profile", "generic", "--text-column", "Description", "--id-column", "uid"], "'uid'"),
    (["--profile", "chat"], "'messages'"),  # not 'user', which the profile derives from messages
])
def test_audit_with_columns_the_data_lacks(curate, prompts_csv, tmp_path, args, missing):
    out = tmp_path / "out"
    one_sentence(*curate("audit", str(prompts_csv), *args, "--out", str(out)), str(prompts_csv), f"has no column {missing}")
    assert not out.exists()


def test_against_needs_only_the_prompt_column(curate, prompts_csv, tmp_path):
    """The other dataset is compared on its prompts: a missing label column is no reason to stop,
    a missing prompt column is."""
    only_prompts = tmp_path / "train.csv"
    pl.read_csv(prompts_csv).select("Description").write_csv(only_prompts)
    base = ["audit", str(prompts_csv), "--profile", "generic", "--text-column", "Description", "--label-column", "label"]
    code, err = curate(*base, "--against", str(only_prompts), "--out", str(tmp_path / "ok"), "--fail-on", "never")
    assert code == 0, err
    leaks = pl.read_parquet(tmp_path / "ok" / "findings.parquet").filter(pl.col("check") == "leak.exact")
    assert leaks.height == 20
    unrelated = tmp_path / "unrelated.csv"
    pl.DataFrame({"text": human_prompts()[20:30]}).write_csv(unrelated)
    out = tmp_path / "out"
    one_sentence(*curate(*base, "--against", str(unrelated), "--out", str(out)), f"--against {unrelated}", "has no column 'Description'")
    assert not out.exists()


def test_a_schema_column_the_audit_can_do_without_stays_a_finding(curate, tmp_path):
    """Only the columns a profile cannot work without stop the audit: a NariRaksha file without
    `confidence` is audited, and the missing column is its finding."""
    path = tmp_path / "no_confidence.parquet"
    pl.DataFrame(NARIRAKSHA_ROWS).drop("confidence").write_parquet(path)
    code, err = curate("audit", str(path), "--out", str(tmp_path / "out"))
    assert code == 1, err
    found = pl.read_parquet(tmp_path / "out" / "findings.parquet").filter(pl.col("check") == "schema.column_missing")
    assert found["column"].to_list() == ["confidence"]


def test_split_without_the_prompt_column(curate, no_scenario_csv, prompts_csv, tmp_path):
    out = tmp_path / "split"
    one_sentence(*curate("split", str(no_scenario_csv), "--profile", "nariraksha", "--out", str(out)),
                 str(no_scenario_csv), "has no column 'scenario'")
    one_sentence(*curate("split", str(prompts_csv), "--text-column", "Prompt", "--out", str(out)), "has no column 'Prompt'")
    assert not out.exists()


# -- profile files that do not parse, or parse to the wrong shape -------------------------------------

GOOD = "prompt_field: Description\nlabel_fields: [label]\ncolumns:\n  Description: {dtype: str, not_blank: true}\n  label: {isin: [safe, unsafe]}\n"
BAD_FILES = [
    ("unclosed", "prompt_field: Description\ncolumns:\n  Description: {dtype: str\n", "is not valid YAML", "at line 4"),
    ("tab", "prompt_field: Description\ncolumns:\n\tDescription: {}\n", "is not valid YAML", "at line 3"),
    ("a_list", "- Description\n- label\n", "is ['Description', 'label']; write a mapping with at least prompt_field", "and columns (each column's dtype"),
    ("empty", "", "is empty; write a mapping with at least prompt_field", "e.g. {text: {dtype: str, not_blank: true}}"),
    ("no_prompt", "columns:\n  Description: {}\n", "has no prompt_field; add prompt_field:", "e.g. text"),
    ("columns_a_list", "prompt_field: Description\ncolumns: [Description, label]\n", "columns is ['Description', 'label']", "write a mapping"),
    ("key_typo", "prompt_field: Description\ntext_field: [Description]\ncolumns: {Description: {}}\n", "has an unknown field 'text_field'", "use name, description, prompt_field, text_fields"),
    ("fields_a_string", "prompt_field: Description\ntext_fields: Description\ncolumns: {Description: {}}\n", "text_fields is 'Description'", "write a list"),
    ("unknown_dtype", "prompt_field: Description\ncolumns:\n  Description: {dtype: text}\n", "columns.Description.dtype is 'text'", "use one of str, string, int, float, bool"),
    # a column named like an entry's id (id, name) is a column, not the name of the columns block
    ("column_named_id", "prompt_field: text\ncolumns:\n  id: {dtype: int}\n  text: {dtype: number}\n", "columns.text.dtype is 'number'", "use one of str"),
    ("unknown_check", "prompt_field: Description\ncolumns:\n  Description: {looks_nice: true}\n", "columns.Description has an unknown field 'looks_nice'", "isin, in_vocabulary"),
    ("isin_a_string", "prompt_field: Description\ncolumns:\n  label: {isin: safe}\n", "columns.label.isin is 'safe'", "write a list"),
    ("range_one_number", "prompt_field: Description\ncolumns:\n  score: {dtype: float, in_range: [0]}\n", "columns.score.in_range is [0]", "write a list of 2 values"),
    ("negative_length", "prompt_field: Description\ncolumns:\n  Description: {min_length: -3}\n", "columns.Description.min_length is -3", "it must be at least 0"),
    ("bad_regex", "prompt_field: Description\ncolumns:\n  Description: {matches: '(unclosed'}\n", "columns.Description.matches is '(unclosed'; it is not a regular expression", "unclosed group"),
    ("unknown_role", "prompt_field: Description\ncolumns: {Description: {}}\nconversation: {bot: '{Description}'}\n",
     "conversation has an unknown key 'bot'", "use system, user, assistant"),
    ("ambiguous_vocabulary", "prompt_field: Description\ncolumns:\n  label: {in_vocabulary: [un-safe, Unsafe]}\n",
     "columns.label.in_vocabulary is ['un-safe', 'Unsafe']", "the same label once case, spaces and punctuation are folded; keep one"),
    ("bad_template", "prompt_field: Description\ncolumns: {Description: {}}\nconversation: {user: '{Description', assistant: '{label}'}\n",
     "conversation.user is '{Description'; it is not a format template", "write a column as {name}"),
]


@pytest.mark.parametrize(("name", "text", "what", "detail"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_audit_with_a_profile_file_that_does_not_parse(curate, prompts_csv, tmp_path, name, text, what, detail):
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    one_sentence(*curate("audit", str(prompts_csv), "--profile", str(spec), "--out", str(out)), f"profile file {spec}", what, detail)
    assert not out.exists()


def test_profile_file_that_is_not_text(curate, prompts_csv, tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_bytes("prompt_field: Description\n".encode("utf-16"))
    one_sentence(*curate("audit", str(prompts_csv), "--profile", str(spec), "--out", str(tmp_path / "out")), "is not UTF-8 text")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    one_sentence(*curate("audit", str(prompts_csv), "--profile", str(folder), "--out", str(tmp_path / "out")),
                 f"profile file {folder} is a folder; pass the path of a .yaml file")
    missing = tmp_path / "nowhere.yaml"
    one_sentence(*curate("split", str(prompts_csv), "--profile", str(missing), "--out", str(tmp_path / "split")),
                 f"profile file {missing} does not exist")
    assert not (tmp_path / "out").exists() and not (tmp_path / "split").exists()


def test_a_good_profile_file_still_works(curate, prompts_csv, tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text(GOOD + "conversation: {user: '{Description}', assistant: '{label}'}\n", encoding="utf-8")
    profile = resolve_profile(str(spec), ["Description", "label"])
    assert (profile.prompt_field, profile.label_fields, profile.name) == ("Description", ("label",), "mine")
    assert profile.to_conversation({"Description": "Is this safe?", "label": "safe"})[-1] == {"role": "assistant", "content": "safe"}
    assert [c.name for c in profile.schema.columns["Description"].checks] == ["not_blank"]
    code, err = curate("audit", str(prompts_csv), "--profile", str(spec), "--out", str(tmp_path / "out"))
    assert code == 0, err


def test_not_blank_false_adds_no_check(tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text("prompt_field: p\ncolumns:\n  p: {not_blank: false, max_length: 10}\n", encoding="utf-8")
    assert [c.name for c in resolve_profile(str(spec), ["p"]).schema.columns["p"].checks] == ["str_length"]


def test_the_profile_check_names_the_input(tmp_path):
    from curation.schemas import NARIRAKSHA

    with pytest.raises(CurateError, match=r"^the test split has no column 'scenario', which profile 'nariraksha' needs"):
        NARIRAKSHA.prepare(pl.DataFrame(NARIRAKSHA_ROWS).drop("scenario"), "the test split")
