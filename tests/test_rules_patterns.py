"""Placeholders and PII: Aadhaar numbers that pass and fail Verhoeff, PAN, e-mail, personal phone
numbers versus helplines, and the template artifacts of the public generator (docs/rules-sources.md §7)."""

from __future__ import annotations

import polars as pl
import pytest

from curation.verify import check_patterns
from curation.verify.patterns import verhoeff_valid

# Verhoeff tables, written out again here (not imported) so the test checks the implementation.
D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
     [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
     [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2], [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
     [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1], [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def check_digit(payload: str) -> str:
    """The textbook Verhoeff check digit for `payload` (positions counted from the right, starting at 1)."""
    c = 0
    for i, digit in enumerate(reversed(payload)):
        c = D[c][P[(i + 1) % 8][int(digit)]]
    return str(INV[c])


def test_published_verhoeff_examples():
    # Worked examples of the Verhoeff scheme: 236 -> 3, 12345 -> 1
    assert check_digit("236") == "3" and check_digit("12345") == "1"
    assert verhoeff_valid(pl.Series(["2363", "123451", "2364", "123452"])).tolist() == [True, True, False, False]


@pytest.mark.parametrize("payload", ["23456789012", "98765432101", "50123456789", "71234567890", "46000000001"])
def test_aadhaar_numbers_passing_verhoeff_are_found_in_every_grouping(payload):
    number = payload + check_digit(payload)
    wrong = payload + str((int(check_digit(payload)) + 1) % 10)
    for written in (f"{number[:4]} {number[4:8]} {number[8:]}", f"{number[:4]}-{number[4:8]}-{number[8:]}", number):
        found = check_patterns(pl.Series([f"Her Aadhaar number {written} was shared."]))
        assert found["check"].to_list() == ["pii.aadhaar"] and found["evidence"].to_list() == [written]
    decoy = check_patterns(pl.Series([f"The UPI reference was {wrong[:4]} {wrong[4:8]} {wrong[8:]}."]))
    assert "pii.aadhaar" not in decoy["check"].to_list()


def test_aadhaar_rules_out_leading_0_and_1_and_phone_numbers():
    for payload in ("01234567890", "11234567890"):
        number = payload + check_digit(payload)
        assert check_patterns(pl.Series([f"number {number[:4]} {number[4:8]} {number[8:]}"])).height == 0
    # "+91" then 10 digits is a phone number, not an Aadhaar number
    payload = "91987654321"
    number = payload + check_digit(payload)
    assert "pii.aadhaar" not in check_patterns(pl.Series([f"call +{number}"]))["check"].to_list()


@pytest.mark.parametrize(("text", "check", "evidence"), [
    ("Her PAN card (ABCPK1234Z) was used to take a loan.", "pii.pan", "ABCPK1234Z"),
    ("He keeps writing to her personal email, priya.sharma87@gmail.com.", "pii.email", "priya.sharma87@gmail.com"),
    ("He posted her mobile number, +91 98765 43210, online.", "pii.phone", "+91 98765 43210"),
    ("Strangers now call her number 98765 43210 all day.", "pii.phone", "98765 43210"),
    ("Uska number +91-9876543210 online daal diya gaya hai.", "pii.phone", "+91-9876543210"),
    ("BNS Section XX", "placeholder.section", "Section XX"),
    ("Section __ of the IT Act", "placeholder.section", "Section __"),
    ("A woman in {city} aged {age} reports stalking.", "placeholder.slot", "{city}"),
    ("[Hindi Translation of]: A woman in Pune is being followed.", "placeholder.translation", "[Hindi Translation of]:"),
    ("Call the helpline. TODO: verify helpline.", "placeholder.todo", "TODO"),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit.", "placeholder.lorem", "Lorem ipsum dolor sit amet"),
    ("None", "placeholder.null", "None"),
])
def test_hits(text, check, evidence):
    found = check_patterns(pl.Series([text]))
    assert (check, evidence) in list(zip(found["check"], found["evidence"], strict=True))


def test_severities_and_columns():
    found = check_patterns(pl.Series(["PAN ABCPK1234Z, mail a.b@gmail.com, TODO"]))
    assert dict(zip(found["check"], found["severity"], strict=True)) == {"pii.pan": "warning", "pii.email": "warning", "placeholder.todo": "error"}
    assert found.columns == ["row", "check", "severity", "message", "evidence", "suggestion"]


@pytest.mark.parametrize("text", [
    "Call the NCW helpline 7827170170 or 112.",  # registry helplines are not personal data
    "Report at cybercrime.gov.in and write to complaint-ncw@nic.in.",  # an official address
    "A 24-year-old woman in Pune paid Rs 5,00,000 on 12/05/2024 at 10:30 pm.",
    "The UPI reference was 3456 7890 1234.",  # fails Verhoeff
    "She works at ACME Technologies in Sector 62, Noida 201301.",
    "The NGO runs a 24x7 line; section 4 of the policy applies.",
    "Xx marks the spot; the agenda is TBA.",
])
def test_clean_text_is_silent(text):
    assert check_patterns(pl.Series([text])).height == 0


def test_every_occurrence_maps_to_its_row():
    found = check_patterns(pl.Series(["TODO", "fine", "TODO", None]))
    assert found["row"].to_list() == [0, 2]


# -- organisations' numbers are not personal data ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "Contact Shakti Shalini (011-24373736).",  # the upstream generator's phrasing: an NGO's published number
    "Contact Shakti Shalini (011-24373736) for shelter support.",
    "011-24373736 (Shakti Shalini) runs a shelter in Delhi.",
    "Call the Sahas Women's Trust on 98765 43210 for legal aid.",  # a name ending in an organisation word
    "The Apollo Hospital help desk, 040-23607777, can arrange a medical exam.",
    "Ask the NGO at 98765 43210 about a shelter.",
])
def test_a_number_beside_an_organisations_name_is_never_personal_data(text):
    assert "pii.phone" not in check_patterns(pl.Series([text]))["check"].to_list()


@pytest.mark.parametrize(("text", "evidence"), [
    ("Call my friend Ravi at 9876543210.", "9876543210"),
    ("Trust me, my number is 9876543210.", "9876543210"),  # a capitalised verb, not an organisation
    ("Contact Shakti Shalini (011-24373736) or your brother Ravi at 9876543210.", "9876543210"),  # the NGO's number is not his
    ("Tell the Police, then text my brother at 9876543210.", "9876543210"),
])
def test_a_persons_number_beside_no_organisation_is_still_reported(text, evidence):
    found = check_patterns(pl.Series([text]))
    assert list(zip(found["check"], found["evidence"])) == [("pii.phone", evidence)]
    assert found["message"][0] == "a phone number with no helpline or organisation named beside it: possibly a person's own"


def test_real_human_text_yields_no_pii_phone_for_organisations_or_lists():
    """Every HH-RLHF turn: the numbers reported are the ones given as a person's (checked by hand),
    not the White House press office's, nor a numbered list of passwords ('7.  123456789')."""
    from real_text import distinct_turns

    found = check_patterns(pl.Series(distinct_turns()))
    phones = sorted(found.filter(pl.col("check") == "pii.phone")["evidence"].unique())
    # (the number as the finding writes it: from its first digit, "(512) 555-0202" as "512) 555-0202")
    assert phones == ["+1 917-444-6321", "202) 225-2815", "215) 204-3120", "256) 555-9515", "323-856-7866", "512) 555-0202",
                      "512) 555-2994", "556737-3523", "647) 321-1199", "844-555-5555", "932-682-1067"]
