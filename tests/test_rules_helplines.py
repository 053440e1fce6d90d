"""Helplines: registry numbers in fitting and unfitting contexts, discontinued and misprinted numbers,
invented and malformed ones, the organisation named beside a number, and the precision traps (years,
ages, amounts, sections, dates, PIN codes, counts) that are not phone numbers. Facts from
docs/rules-sources.md §5."""

from __future__ import annotations

import polars as pl
import pytest

from curation.verify import check_helplines, helpline_table, judge, load_registry


def numbers(text: str) -> list[tuple[str, str]]:
    """(number as written, verdict) for each helpline number in `text`, in order."""
    return [(r["number"], r["verdict"]) for r in helpline_table(pl.Series([text])).iter_rows(named=True)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Call 112 in an emergency.", [("112", "verified")]),
    ("Women can call 181, 112 or 1091 at any time.", [("181", "verified"), ("112", "verified"), ("1091", "verified")]),
    ("Report the UPI fraud on the National Cyber Crime Helpline 1930 and at cybercrime.gov.in.", [("1930", "verified")]),
    ("Call 112 or the NCW helpline 7827170170.", [("112", "verified"), ("7827170170", "verified")]),
    ("the National Commission for Women helpline at 7827170170", [("7827170170", "verified")]),
    ("Reach Tele-MANAS on 14416 for emotional support.", [("14416", "verified")]),
    ("Call the Tele-MANAS toll-free line 1-800-891-4416.", [("1-800-891-4416", "verified")]),
    ("Dial 100 for the police.", [("100", "verified")]),
    ("If the girl is a minor, call Childline 1098.", [("1098", "verified")]),
    ("1091 (Delhi Police women's helpline)", [("1091", "verified")]),
    ("dial 112/100", [("112", "verified"), ("100", "verified")]),
])
def test_registry_lines_in_fitting_contexts(text, expected):
    assert numbers(text) == expected
    assert check_helplines(pl.Series([text])).height == 0


@pytest.mark.parametrize(("text", "check", "suggestion_part"), [
    ("Call the women's helpline 1098 for immediate support.", "helpline.wrong_purpose", "for women use"),
    ("Contact the women helpline 1098 right away.", "helpline.wrong_purpose", "181"),
    ("Call Tele-MANAS (14416) to report the crime to the police.", "helpline.wrong_purpose", "for police use"),
    ("Dial 14416 (Tele-MANAS) and ask for police assistance.", "helpline.wrong_purpose", "for police use"),
    ("Report the harassment to the helpline 1075.", "helpline.wrong_purpose", None),
    ("Call Elderline 14567, the helpline for women in distress.", "helpline.wrong_purpose", "for women use"),
    ("Call the NCW helpline 181 for support.", "helpline.wrong_purpose", "NCW's number is 7827170170"),
    ("Report the fraud on the cyber crime helpline 155260.", "helpline.outdated", "cite the current line, 1930"),
    ("NCW's WhatsApp number 7217735372", "helpline.outdated", "cite the current line, 7827170170"),
    ("Call 1-800-91-4416 for counselling.", "helpline.unknown", "the correct number is 14416"),
    ("KIRAN helpline 1800-500-0019", "helpline.unknown", "the correct number is 1800-599-0019"),
    ("KIRAN 1800-599-0019 is available 24x7.", "helpline.unknown", None),  # launch verified, current status not
    ("You can also call the women's safety helpline at 1800-425-1234.", "helpline.unknown", None),
    ("The state women's cell helpline is 011-23456789.", "helpline.unknown", None),
    ("call 1555 for women in distress", "helpline.unknown", None),
    ("Contact the NCW helpline at 78271 7017.", "helpline.malformed", "did you mean 7827170170"),
    ("Call the women's helpline 98765 432101 for help.", "helpline.malformed", None),
])
def test_problem_numbers(text, check, suggestion_part):
    found = check_helplines(pl.Series([text]))
    assert found["check"].to_list() == [check]
    if suggestion_part:
        assert suggestion_part in found["suggestion"][0]
    assert found["evidence"][0]  # the number with the words around it


def test_severities_follow_the_catalog():
    found = check_helplines(pl.Series([
        "Call the women's helpline 1098.", "Dial 155260 now.", "the helpline 1800-425-1234", "the NCW helpline 98765 4321",
    ]))
    assert dict(zip(found["check"], found["severity"], strict=True)) == {
        "helpline.wrong_purpose": "error", "helpline.outdated": "warning", "helpline.unknown": "warning", "helpline.malformed": "warning",
    }


@pytest.mark.parametrize("text", [
    "The helpline was launched in 2021.",
    "She is aged 34 and paid Rs 50,000 on 12-05-2024 at 10:30 pm.",
    "File the FIR under Section 173, then call 112 if needed.",  # only 112 counts
    "Delhi 110001 is her PIN code; PIN 560034 is her office.",
    "He called 150 times and sent 300 messages.",
    "Contact 1000 NGOs for shelter support.",
    "Between 2019-2023 the cases doubled.",
    "Her Aadhaar 2345 6789 0124 was leaked.",  # an Aadhaar number, not a phone number
    "In 1930 the law was different.",
])
def test_numbers_that_are_not_helplines(text):
    found = helpline_table(pl.Series([text]))
    assert found.filter(pl.col("verdict") != "verified").height == 0
    assert found["number"].to_list() in ([], ["112"])


def test_personal_numbers_are_not_helpline_findings():
    # a personal number is PII (checked by the patterns step), not a helpline problem
    assert check_helplines(pl.Series(["Her number is +91 98765 43210.", "Call her at 98765 43210."])).height == 0


def test_judge_explains_each_number():
    verdicts = judge("Call 112 or the women's helpline 1098.")
    assert [(v.parsed.split(" ->")[0], v.verdict) for v in verdicts] == [("112", "verified"), ("1098", "helpline.wrong_purpose")]
    assert "Child helpline" in verdicts[1].message


# -- verdicts no stronger than their sources ------------------------------------------------------

GENERATOR_ACTION = "Contact Shakti Shalini (011-24373736) or message the NCW WhatsApp number 7217735372 for immediate help."


def test_the_upstream_generators_helpline_sentence():
    """A third of the upstream generator's rows: an NGO's published number beside its name, and
    NCW's 2020 WhatsApp number, which its source only calls temporary."""
    assert numbers(GENERATOR_ACTION) == [("011-24373736", "helpline.unknown"), ("7217735372", "helpline.outdated")]
    found = check_helplines(pl.Series([GENERATOR_ACTION])).sort("message")
    assert found["severity"].to_list() == ["warning", "warning"]
    assert found["message"].to_list() == [
        "011-24373736, given for Shakti Shalini, is not in the helpline registry: a human must verify it",
        "7217735372 (NCW WhatsApp number (2020 lockdown)): announced in Apr 2020 for the lockdown and stated to be temporary; "
        "no source says whether it still answers",
    ]
    assert found["suggestion"].to_list() == [
        "check the number against Shakti Shalini's own published contacts, or add it to a helplines pack (--rules DIR)",
        "cite the current line, 7827170170 (NCW helpline)",
    ]
    assert not any("no longer in service" in m for m in found["message"])
    from curation.verify import check_patterns

    assert check_patterns(pl.Series([GENERATOR_ACTION])).height == 0  # no pii.phone


def test_each_status_is_said_as_strongly_as_its_source():
    """Every registry line cited plainly: a replaced or temporary one is a warning naming the current
    line; 'no longer in service' is said of none (no source says it of a built-in line); a line whose
    number or status is unconfirmed is never 'verified'."""
    registry = load_registry()
    lines = registry.helplines.filter(pl.col("status") != "misprint")
    found = helpline_table(pl.Series([f"Call {n}." for n in lines["number"]]))
    verdict = dict(zip(found["number"], found["verdict"]))
    for line in lines.iter_rows(named=True):
        expected = {"superseded": "helpline.outdated", "temporary": "helpline.outdated", "unknown": "helpline.unknown"}.get(
            line["status"], "verified" if line["verified"] else "helpline.unknown")
        assert verdict[line["number"]] == expected, line["number"]
    assert not found.filter(pl.col("message").str.contains("no longer in service")).height


def test_a_line_a_source_calls_out_of_service_is_discontinued(tmp_path):
    pack = tmp_path / "rules"
    pack.mkdir()
    (pack / "lines.yaml").write_text(
        "helplines:\n  - {number: '1555', name: Our old NGO line, purposes: [women], status: discontinued, replaced_by: '181',"
        " note: \"closed on 1 Jan 2024 (the NGO's notice)\", source: \"the NGO's website, 2 Jan 2024\", verified: true}\n", encoding="utf-8")
    found = check_helplines(pl.Series(["Call the women's helpline 1555."]), registry=load_registry((str(pack),)))
    assert (found["check"][0], found["severity"][0]) == ("helpline.discontinued", "error")
    assert found["message"][0] == "1555 (Our old NGO line) is no longer in service: closed on 1 Jan 2024 (the NGO's notice)"
    assert found["suggestion"][0] == "cite the current line, 181 (Women Helpline (WHL))"


def test_an_unknown_number_presented_as_an_organisations_is_verify_it_not_personal_data():
    found = check_helplines(pl.Series(["Contact the Vanita Sahayata Kendra at 080-22943225 for counselling."]))
    assert found["check"].to_list() == ["helpline.unknown"]
    assert found["message"][0] == "080-22943225, given for Vanita Sahayata Kendra, is not in the helpline registry: a human must verify it"
