"""The rule packs: what they hold (checked against docs/rules-sources.md), that every entry names
its source and verification status, `--rules DIR` overrides, and bad packs failing with one sentence
that names the file and the entry."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from curation.errors import CurateError
from curation.rules import pack_dir
from curation.verify import citation_table, helpline_table, load_registry


def test_every_pack_entry_has_source_and_verified():
    for path in sorted(pack_dir().glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        entries = [data["act"]] if "act" in data else []
        for key in ("acts", "sections", "helplines", "offences", "placeholders", "pii"):
            entries += data.get(key) or []
        for entry in entries:
            if set(entry) == {"id"}:
                continue
            assert str(entry.get("source", "")).strip(), f"{path.name}: {entry} has no source"
            assert isinstance(entry.get("verified"), bool), f"{path.name}: {entry} has no verified flag"


OUTSIDE = ("shared/", "issue 3")  # notes outside the repository (cited files outside it: tests/test_docs.py)


def test_sources_name_the_public_source_or_a_section_of_the_rules_sources_doc():
    doc = (Path(__file__).parents[1] / "docs" / "rules-sources.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^#{2,3} (§[0-9.]+)", doc, re.MULTILINE))
    for path in sorted(pack_dir().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for outside in OUTSIDE:
            assert outside not in text, f"{path.name} cites {outside!r}, which is not in the repository"
        for cited in re.findall(r"docs/rules-sources\.md ((?:§[0-9.]+(?:[,/ ]+(?:and )?)?)+)", text):
            for section in re.findall(r"§[0-9.]+", cited):
                assert section.rstrip(".") in sections, f"{path.name} cites docs/rules-sources.md {section}, which has no such section"


def test_bns_has_all_358_sections_with_titles_and_no_lettered_ones():
    bns = load_registry().sections.filter(pl.col("act") == "BNS")
    assert bns.height == 358
    assert bns["number"].sort().to_list() == list(range(1, 359))
    assert bns["suffix"].unique().to_list() == [""] and bns["title"].null_count() == 0
    titles = dict(zip(bns["section"], bns["title"], strict=True))
    assert titles["73"] == "Printing or publishing any matter relating to Court proceedings without permission"
    assert titles["74"] == "Assault or use of criminal force to woman with intent to outrage her modesty"
    assert titles["316"] == "Criminal breach of trust" and titles["318"] == "Cheating" and titles["78"] == "Stalking"


def test_repealed_codes_map_to_their_replacements():
    registry = load_registry()
    acts = {r["act"]: r for r in registry.acts.iter_rows(named=True)}
    assert (acts["IPC"]["status"], acts["IPC"]["replaced_by"], acts["IPC"]["repealed_on"]) == ("repealed", "BNS", "2024-07-01")
    assert (acts["CRPC"]["replaced_by"], acts["IEA"]["replaced_by"]) == ("BNSS", "BSA")
    ipc = {r["section"]: r["replaced_by"] for r in registry.sections.filter(pl.col("act") == "IPC").iter_rows(named=True)}
    issue_list = {"354": ["BNS 74"], "354A": ["BNS 75"], "354B": ["BNS 76"], "354C": ["BNS 77"], "354D": ["BNS 78"], "509": ["BNS 79"],
                  "304B": ["BNS 80"], "498A": ["BNS 85", "BNS 86"], "306": ["BNS 108"], "370": ["BNS 143"], "419": ["BNS 319"]}
    for section, replacement in issue_list.items():
        assert ipc[section] == replacement
    assert ipc["503"] == ["BNS 351(1)"] and ipc["420"] == ["BNS 318(4)"] and ipc["326A"] == ["BNS 124(1)"]


def test_act_sizes_from_the_reference():
    totals = dict(load_registry().acts.select("act", "sections_total").iter_rows())
    assert {k: totals[k] for k in ("BNS", "BNSS", "BSA", "IPC", "CRPC", "IEA", "PWDVA", "POSH", "DPA", "IT")} == {
        "BNS": 358, "BNSS": 531, "BSA": 170, "IPC": 511, "CRPC": 484, "IEA": 167, "PWDVA": 37, "POSH": 30, "DPA": 10, "IT": 94,
    }
    assert totals["ITPA"] is None and totals["DPDP"] is None  # no count verified (docs/rules-sources.md §4.5)


def test_helpline_registry():
    lines = {r["number"]: r for r in load_registry().helplines.iter_rows(named=True)}
    for number in ("112", "181", "1091", "1930", "1098", "14416", "7827170170", "100", "108", "102"):
        assert number in lines
    assert lines["1098"]["purposes"] == ["child", "safety"]
    assert (lines["155260"]["status"], lines["155260"]["replaced_by"]) == ("superseded", "1930")
    assert lines["1-800-91-4416"]["status"] == "misprint" and lines["9152987821"]["verified"] is False
    # a number no source confirms is never claimed to be in service
    unconfirmed = load_registry().helplines.filter(~pl.col("verified") & pl.col("status").is_in(["active", "legacy"]))
    assert unconfirmed.is_empty(), unconfirmed["number"].to_list()
    assert load_registry().organisations["name"].to_list() == ["Shakti Shalini"]


def write_pack(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_extra_pack_adds_an_act_and_overrides_a_helpline(tmp_path):
    folder = write_pack(tmp_path / "rules", "mine.yaml", """
act:
  id: HMA
  name: Hindu Marriage Act, 1955
  aliases: [Hindu Marriage Act, HMA]
  year: 1955
  status: in_force
  source: "my counsel's note"
  verified: false
sections:
  - {section: "13", title: "Divorce", source: "my counsel's note", verified: false}
helplines:
  - {number: "1555", name: Our NGO line, purposes: [women], status: active, source: "NGO website", verified: true}
purpose_words:
  women: [women, woman]
""")
    registry = load_registry((str(folder),))
    assert registry is not load_registry()
    table = citation_table(pl.Series(["Hindu Marriage Act, 1955, Section 13", "Hindu Marriage Act, 1955, Section 99"]), registry=registry)
    assert table["verdict"].to_list() == ["unverified", "unverified"]  # listed but unverified; 99 unlisted in a partial act
    assert citation_table(pl.Series(["Hindu Marriage Act, 1955"]))["verdict"].to_list() == ["legal.unknown_act"]
    assert helpline_table(pl.Series(["Call our helpline 1555 for women."]), registry=registry)["verdict"].to_list() == ["verified"]


def test_extra_pack_extends_an_existing_act(tmp_path):
    folder = write_pack(tmp_path / "rules", "bnss_more.yaml", """
act: {id: BNSS}
sections:
  - {section: "154", title: "Something else", source: "a law site", verified: true}
""")
    table = citation_table(pl.Series(["BNSS Section 154 (FIR)"]), registry=load_registry((str(folder),)))
    assert table["verdict"].to_list() == ["legal.title_mismatch"]


@pytest.mark.parametrize(("text", "fragment"), [
    ("act: [not, a, mapping]", "act is ['not', 'a', 'mapping']; write a mapping (key: value)."),
    ("helplines:\n  - {number: '1555', name: X, status: active, verified: true}",
     "helplines[0] (1555) has no source; add source: a citable document (or a key of the pack's sources)."),
    ("helplines:\n  - {number: '1555', name: X, status: active, source: s}",
     "helplines[0] (1555) has no verified; add verified: true when the facts were seen in the source, false otherwise."),
    ("helplines:\n  - {number: '1555', name: X, status: open, source: s, verified: true}",
     "helplines[0] (1555) status is 'open'; use one of active, legacy, superseded, temporary, discontinued, unknown, misprint."),
    ("organisations:\n  - {name: Our NGO, verified: true}", "organisations[0] (Our NGO) has no source"),
    ("pii:\n  - {name: x, check: pii.email, regex: '(?<=a)b', message: m, source: s, verified: true}",
     "pii[0] (x) regex is '(?<=a)b'; polars cannot compile it (look-around, including look-ahead and look-behind, is not supported)"),
    ("pii:\n  - {name: x, check: legal.repealed, regex: 'a', message: m, source: s, verified: true}",
     "pii[0] (x) check is 'legal.repealed'; use a pii check name from curation/findings.py CHECKS (e.g. pii.email)."),
    ("sections:\n  - {act: NOPE, section: '1', source: s, verified: true}", "act 'NOPE', which no pack defines"),
    ("sections:\n  - {act: BNS, section: 'one', source: s, verified: true}",
     "sections[0].section is 'one'; write the section as a number with an optional letter suffix"),
    ("colour: blue", "bad.yaml has an unknown field 'colour'; use sources, act, acts, sections, helplines"),
    ("key: [unclosed", "is not valid YAML"),
    ("offences:\n  - {risk_type: stalking, fits: ['XYZ 1'], source: s, verified: true}", "names 'XYZ 1', an act no pack defines"),
    # wrong type, unknown field, bad allowed value, missing required field: each names entry and field
    ("act: {id: HMA, name: Hindu Marriage Act, aliases: [HMA], year: soon, source: s, verified: true}",
     "act (HMA) year is 'soon'; write a whole number."),
    ("act: {id: HMA, name: Hindu Marriage Act, aliases: [HMA], colour: red, source: s, verified: true}",
     "act (HMA) has an unknown field 'colour'; use source, verified, note, id, name, aliases, year, status"),
    ("act: {id: HMA, name: Hindu Marriage Act, aliases: [HMA], lettered: some, source: s, verified: true}",
     "act (HMA) lettered is 'some'; use one of none, listed, unknown."),
    ("act: {id: HMA, name: Hindu Marriage Act, source: s, verified: true}",
     "act (HMA) has no aliases; add aliases: the names it is cited by, e.g. [BNS, Bharatiya Nyaya Sanhita]."),
    ("act: {id: hma, name: Hindu Marriage Act, aliases: [HMA], source: s, verified: true}",
     "act.id is 'hma'; use capital letters, digits and _ (e.g. BNS, IT)."),
    ("act: {id: HMA, name: Hindu Marriage Act, aliases: [HMA], status: repealed, source: s, verified: true}",
     "act (HMA) is repealed but names no replaced_by act; add replaced_by: ACT_ID."),
    ("sections:\n  - {act: BNS, section: '78', stauts: repealed, source: s, verified: true}",
     "sections[0] (78) has an unknown field 'stauts'; use source, verified, note, section, act, title"),
    ("sections:\n  - {act: BNS, section: '78', replaced_by: [BNS-79], source: s, verified: true}",
     "sections[0] (78) replaced_by[0] is 'BNS-79'; write 'ACT', 'ACT SECTION' or 'ACT A-B'"),
    ("helplines:\n  - {number: '1555', name: X, verified: 'yes', source: s}",
     "helplines[0] (1555) verified is 'yes'; write true or false."),
    ("helplines:\n  - {number: 'none', name: X, source: s, verified: true}",
     "helplines[0].number is 'none'; write the number with its digits, e.g. number: \"181\"."),
    ("helplines:\n  - {number: '1555', name: X, purposes: women, source: s, verified: true}",
     "helplines[0] (1555) purposes is 'women'; write a list."),
    ("helplines:\n  - {number: '1555', name: X, status: misprint, source: s, verified: true}",
     "helplines[0] (1555) is a misprint but names no correct number; add correct: \"NUMBER\"."),
    ("offences:\n  - {risk_type: stalking, source: s, verified: true}",
     "offences[0] (stalking) lists nothing that fits; add fits:"),
    ("pii:\n  - {name: x, check: pii.email, regex: 'a', validate: luhn, message: m, source: s, verified: true}",
     "pii[0] (x) validate is 'luhn'; use one of verhoeff."),
    ("pii:\n  - {name: x, check: pii.email, message: m, source: s, verified: true}", "pii[0] (x) has no regex; add regex: a Rust regex (the syntax polars runs)"),
    ("sources: [a, b]", "sources is ['a', 'b']; write a mapping (key: value)."),
])
def test_bad_packs_name_file_entry_and_field(tmp_path, text, fragment):
    folder = write_pack(tmp_path / "rules", "bad.yaml", text)
    with pytest.raises(CurateError) as err:
        load_registry((str(folder),))
    message = str(err.value)
    assert fragment in message and message.startswith(f"rule pack {folder / 'bad.yaml'}")
    assert "\n" not in message


def test_pack_entries_take_unquoted_numbers_and_empty_lists(tmp_path):
    folder = write_pack(tmp_path / "rules", "mine.yaml", """
act: {id: BNS}
sections:
  - {section: 64 a, title: "Something", source: s, verified: false}
helplines:
  - {number: 1555, name: Our line, purposes: [women], source: s, verified: true}
organisations:
""")
    registry = load_registry((str(folder),))
    assert registry.sections.filter((pl.col("act") == "BNS") & (pl.col("section") == "64A"))["title"].to_list() == ["Something"]
    assert "1555" in registry.helplines["number"].to_list()


def test_duplicate_keys_in_one_folder(tmp_path):
    folder = write_pack(tmp_path / "rules", "a.yaml", "helplines:\n  - {number: '1555', name: X, source: s, verified: true}")
    write_pack(folder, "b.yaml", "helplines:\n  - {number: '1555', name: Y, source: s, verified: true}")
    with pytest.raises(CurateError, match="repeats helpline '1555'"):
        load_registry((str(folder),))


def test_rules_folder_errors(tmp_path):
    with pytest.raises(CurateError, match="does not exist"):
        load_registry((str(tmp_path / "missing"),))
    (tmp_path / "empty").mkdir()
    with pytest.raises(CurateError, match="holds no .yaml rule packs"):
        load_registry((str(tmp_path / "empty"),))
