"""Legal citations: every citation form of issue 3, the public NariRaksha generator's legal strings
(docs/rules-sources.md §7) with the verdict each must get, and real-looking free text. Expectations
are checked by hand against docs/rules-sources.md (§1.1 titles, §1.2 IPC -> BNS mappings, §1.4)."""

from __future__ import annotations

import polars as pl
import pytest

from curation.verify import check_citations, citation_table, judge, load_registry


def cited(text: str) -> list[tuple[str | None, str | None, str]]:
    """(act, section+sub, verdict) for each citation in `text`, in order."""
    table = citation_table(pl.Series([text]))
    return [(r["act"], None if r["section"] is None else r["section"] + (r["sub"] or ""), r["verdict"]) for r in table.iter_rows(named=True)]


@pytest.mark.parametrize(("text", "expected"), [
    ("BNS Section 78 (Stalking)", [("BNS", "78", "verified")]),
    ("Section 78 BNS", [("BNS", "78", "verified")]),
    ("BNS §78", [("BNS", "78", "verified")]),
    ("S. 66E of the IT Act", [("IT", "66E", "verified")]),
    ("Sections 143-144 BNS", [("BNS", "143", "verified"), ("BNS", "144", "verified")]),
    ("PWDVA Section 3(c)", [("PWDVA", "3(c)", "verified")]),
    ("BNS Section 308(4)", [("BNS", "308(4)", "verified")]),
    ("PWDVA Sections 3 and 18", [("PWDVA", "3", "verified"), ("PWDVA", "18", "verified")]),
    ("Bharatiya Nyaya Sanhita, 2023, s. 78", [("BNS", "78", "verified")]),
    ("BNS Sections 74, 75 and 79", [("BNS", "74", "verified"), ("BNS", "75", "verified"), ("BNS", "79", "verified")]),
    ("BNS Section 308(4), IT Act Section 66C", [("BNS", "308(4)", "verified"), ("IT", "66C", "verified")]),
    ("BNS 78; IT Act 67A; POSH Act, 2013, s. 9", [("BNS", "78", "verified"), ("IT", "67A", "verified"), ("POSH", "9", "verified")]),
    ("Sections 63 to 65 of the BNS", [("BNS", "63", "verified"), ("BNS", "64", "verified"), ("BNS", "65", "verified")]),
    ("Section 4 of the Dowry Prohibition Act, 1961", [("DPA", "4", "verified")]),
    ("IPC 503/506", [("IPC", "503", "legal.repealed"), ("IPC", "506", "legal.repealed")]),
    ("BNS 85/86", [("BNS", "85", "verified"), ("BNS", "86", "verified")]),
    ("Sections 3 and Section 18 of PWDVA", [("PWDVA", "3", "verified"), ("PWDVA", "18", "verified")]),
    ("Protection of Women from Domestic Violence Act, 2005, Section 12", [("PWDVA", "12", "verified")]),
    ("Sexual Harassment of Women at Workplace (Prevention, Prohibition and Redressal) Act, 2013, Section 9", [("POSH", "9", "verified")]),
    ("IPC ki dhara 498A", [("IPC", "498A", "legal.repealed")]),
])
def test_citation_forms(text, expected):
    assert cited(text) == expected


@pytest.mark.parametrize(("text", "verdict", "suggestion"), [
    # the public generator's fixed strings (docs/rules-sources.md §7)
    ("BNS Section 73 (outraging modesty)", "legal.title_mismatch", "cite BNS 74 (Assault or use of criminal force to woman with intent to outrage her modesty)"),
    ("BNS Section 316 (cheating)", "legal.title_mismatch", "cite BNS 318 (Cheating)"),
    ("IPC Section 498A", "legal.repealed", "cite BNS 85 (Husband or relative of husband of a woman subjecting her to cruelty) and BNS 86 (Cruelty defined)"),
    ("IT Act Section 66A", "legal.struck_down", None),
    ("BNS 354D", "legal.unknown_section", "354D is an IPC number: cite BNS 78 (Stalking)"),
    ("BNS Section XX", "placeholder", None),
    # more traps from docs/rules-sources.md §1.4 and §7
    ("BNS Section 77 (Stalking)", "legal.title_mismatch", "cite BNS 78 (Stalking)"),
    ("BNS 420", "legal.unknown_section", "420 is an IPC number: cite BNS 318(4) (Cheating)"),
    ("PWDVA Section 498A", "legal.unknown_section", "498A is an IPC number: cite BNS 85 (Husband or relative of husband of a woman subjecting her to cruelty) and BNS 86 (Cruelty defined)"),
    ("POSH Act Section 354A", "legal.unknown_section", "354A is an IPC number: cite BNS 75 (Sexual harassment)"),
    ("IT Act Section 67D", "legal.unknown_section", None),  # the 67 series ends at 67C
    ("BNS Section 509", "legal.unknown_section", "509 is an IPC number: cite BNS 79 (Word, gesture or act intended to insult modesty of a woman)"),
    ("CrPC 154", "legal.repealed", "cite BNSS 173 (Information in cognizable cases)"),
    ("IPC 354D", "legal.repealed", "cite BNS 78 (Stalking)"),
    ("IPC Section 384", "legal.repealed", "cite BNS 308(2) (Extortion)"),
    ("BNS Section 351 (Extortion)", "legal.title_mismatch", "cite BNS 308 (Extortion)"),
    ("BNS Section 294 (obscene acts)", "legal.title_mismatch", "cite BNS 296 (Obscene acts and songs)"),
    ("Section 12 of the Cyber Harassment Prevention Act, 2020", "legal.unknown_act", None),
    ("Section 15 of the Online Decency Code, 2021", "legal.unknown_act", None),
    ("Section 498A", "legal.malformed", None),
    ("BNS Section", "legal.malformed", None),
])
def test_verdicts_and_suggestions(text, verdict, suggestion):
    row = citation_table(pl.Series([text])).row(0, named=True)
    assert row["verdict"] == verdict
    if suggestion is not None:
        assert row["suggestion"] == suggestion
    if verdict.startswith("legal."):
        assert row["check"] == verdict and row["message"]


def test_struck_down_names_the_case():
    row = citation_table(pl.Series(["IT Act Section 66A"])).row(0, named=True)
    assert "Shreya Singhal" in row["message"]


def test_titles_that_fit_pass():
    texts = [
        "BNS Section 78 (Stalking)", "Section 351(2) BNS (Criminal intimidation)", "BNS 318(4) (Cheating)", "BNS 85 (cruelty by husband)",
        "IT Act, 2000 Section 66E (violation of privacy)", "Sec. 66D IT Act (cheating by personation using a computer resource)",
        "Section 173 BNSS (zero FIR)", "POSH Act Section 4 (Constitution of Internal Complaints Committee)", "BNS 74 (molestation)",
        "BNS Section 78 (stalking and harassment)", "BNS s. 308 (sextortion)",
    ]
    assert set(citation_table(pl.Series(texts))["verdict"]) == {"verified"}


def test_sections_the_registry_does_not_list_are_unverified_not_unknown():
    # BNSS (531 sections), BSA, the IT Act's unlisted numbers, ITPA and DPDP: incomplete in the registry
    texts = ["BNSS Section 154", "BSA 65", "IT Act Section 43", "ITPA Section 5", "DPDP Act Section 8", "POSH Act Section 1"]
    table = citation_table(pl.Series(texts))
    assert table["verdict"].to_list() == ["unverified"] * 6
    assert check_citations(pl.Series(texts)).height == 0


def test_out_of_range_numbers_are_unknown():
    table = citation_table(pl.Series(["BNS 363", "BNSS 600", "PWDVA Section 38", "Dowry Prohibition Act Section 11", "Dowry Prohibition Act Section 4B"]))
    assert table["verdict"].to_list() == ["legal.unknown_section"] * 5


def test_lettered_sections_listed_for_the_act_are_known():
    assert cited("Dowry Prohibition Act, Section 8A") == [("DPA", "8A", "verified")]
    assert cited("IT Act 69A") == [("IT", "69A", "verified")]


def test_a_former_provision_named_for_history_is_not_a_finding():
    assert cited("formerly IPC 354, now BNS 74") == [("IPC", "354", "historical"), ("BNS", "74", "verified")]
    assert cited("BNS Section 85 (formerly IPC 498A)") == [("BNS", "85", "verified"), ("IPC", "498A", "historical")]
    assert check_citations(pl.Series(["IPC 498A (now BNS 85)"])).height == 0


def test_numbers_that_are_not_sections():
    # quantities, years and ordinals beside citations are not sections
    assert cited("up to 3 years under BNS 78") == [("BNS", "78", "verified")]
    assert cited("In 2023 BNS replaced IPC") == [("BNS", None, "act_only"), ("IPC", None, "act_only")]
    assert cited("within 90 days under the POSH Act") == [("POSH", None, "act_only")]
    assert cited("the 3rd floor, BNS 78") == [("BNS", "78", "verified")]


def test_a_section_without_its_act_takes_the_nearest_act():
    assert cited("Under the Dowry Prohibition Act, 1961 (Section 4)") == [("DPA", "4", "verified")]
    assert cited("IPC 498A; Section 506") == [("IPC", "498A", "legal.repealed"), ("IPC", "506", "legal.repealed")]


def test_real_looking_free_text():
    text = "She can file an FIR under Section 173 BNSS (zero FIR) and call 112 or the NCW helpline 7827170170"
    assert cited(text) == [("BNSS", "173", "verified")]
    text = ("Relevant law: Section 3 PWDVA 2005; PWDVA s. 18 (Protection orders), and the police may also "
            "register a case under Sections 85 and 86 of the Bharatiya Nyaya Sanhita.")
    assert cited(text) == [("PWDVA", "3", "verified"), ("PWDVA", "18", "verified"), ("BNS", "85", "verified"), ("BNS", "86", "verified")]


def test_prose_without_citations_is_silent():
    texts = [
        "Please act now and keep the evidence.", "The Act was passed in 2005.", "She was born in 1994 and is 30 years old.",
        "Call her at 6 pm.", "He sent 150 messages in 3 days.", "It matters that it act quickly.",
    ]
    assert citation_table(pl.Series(texts)).filter(pl.col("verdict").str.starts_with("legal.")).height == 0


def test_offence_mismatch_uses_the_row_risk_type():
    texts = pl.Series(["BNS 302", "BNS 78", "BNS Section 281 (Rash driving or riding on a public way)", "Section 173 BNSS", "POSH Act"])
    risks = pl.Series(["cyberstalking", "cyberstalking", "domestic violence", "cyberstalking", "workplace harassment"])
    found = check_citations(texts, risks)
    mismatch = found.filter(pl.col("check") == "legal.offence_mismatch")
    assert mismatch["row"].to_list() == [0, 2]  # BNSS is procedure: neutral; POSH fits workplace harassment
    assert mismatch["suggestion"][0].startswith("for cyberstalking cite e.g. BNS 78 (Stalking)")
    assert mismatch["severity"].to_list() == ["warning", "warning"]


def test_offence_mismatch_folds_label_spelling_and_skips_unknown_risk_types():
    texts = pl.Series(["BNS 302", "BNS 302"])
    found = check_citations(texts, pl.Series(["Blackmail_Extortion", "something else"]))
    assert found.filter(pl.col("check") == "legal.offence_mismatch")["row"].to_list() == [0]


def test_severities_follow_the_catalog():
    found = check_citations(pl.Series(["IPC Section 498A", "BNS 354D", "IT Act Section 66A", "BNS Section 73 (outraging modesty)", "Section 498A"]))
    assert dict(zip(found["check"], found["severity"], strict=True)) == {
        "legal.repealed": "warning", "legal.unknown_section": "error", "legal.struck_down": "error",
        "legal.title_mismatch": "error", "legal.malformed": "warning",
    }
    assert found.columns == ["row", "check", "severity", "message", "evidence", "suggestion"]


def test_judge_reports_every_citation_with_its_parsed_form():
    verdicts = judge("BNS Section 73 (outraging modesty), IPC 498A", risk_type="public safety / stalking")
    assert [(v.parsed, v.verdict) for v in verdicts] == [("BNS 73 'outraging modesty'", "legal.title_mismatch"), ("IPC 498A", "legal.repealed")]
    assert verdicts[1].severity == "warning"


def test_judge_reports_a_placeholder_section_once():
    verdicts = judge("BNS Section XX")
    assert [(v.kind, v.check) for v in verdicts] == [("citation", "placeholder.section")]


def test_nulls_and_empty_texts():
    assert check_citations(pl.Series([None, "", "  "], dtype=pl.String)).height == 0


def test_registry_is_cached():
    assert load_registry() is load_registry()
