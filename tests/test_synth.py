"""`curate synth`: the generator's data, its planted problems and the truth sidecar.

Expectations here are written out by hand (sections that fit each risk type, registry numbers,
Verhoeff examples, the schema of the outputs) and checked against the generated data with code
that does not come from curation.synth, so a generator bug cannot hide behind itself.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import numpy as np
import phonenumbers
import polars as pl
import pytest
from datasketch import MinHash, MinHashLSH

from curation import synth as S
from curation.cli import main
from curation.errors import CurateError
from curation.findings import check_family
from curation.text import label_key_str, normalize_series

N = 2000
RISKS = [
    "cyberstalking", "online harassment", "workplace harassment", "domestic violence", "coercive control",
    "blackmail / extortion", "trafficking indicators", "deepfake abuse", "revenge content (NCII)",
    "financial exploitation", "emotional manipulation", "public safety / stalking",
]
SEVERITIES = {"low", "medium", "high", "critical"}
FINE_PROBLEMS = {
    "duplicate.exact", "duplicate.near", "label.conflict", "schema.in_vocabulary", "schema.in_range", "schema.not_nullable",
    "schema.not_blank", "legal.title_mismatch", "legal.repealed", "legal.struck_down", "legal.unknown_section",
    "legal.unknown_act", "legal.offence_mismatch", "helpline.unknown", "helpline.wrong_purpose", "helpline.outdated",
    "helpline.malformed", "placeholder", "pii.aadhaar", "pii.pan", "pii.email", "pii.phone", "label.in_prompt",
}
# Sections that fit each risk type (docs/rules-sources.md §1.2, §2-§4, §6), by act-free number.
FITTING_SECTIONS = {
    "cyberstalking": {"78", "351", "66C"},
    "online harassment": {"79", "75", "67", "356", "351"},
    "workplace harassment": {"75", "9", "4", "79"},
    "domestic violence": {"85", "86", "3", "12", "18", "115"},
    "coercive control": {"85", "86", "3", "18", "351"},
    "blackmail / extortion": {"308", "351", "66E", "67A"},
    "trafficking indicators": {"143", "144"},
    "deepfake abuse": {"66D", "66E", "67", "67A", "356"},
    "revenge content (NCII)": {"77", "66E", "67", "67A"},
    "financial exploitation": {"318", "319", "316", "66D"},
    "emotional manipulation": {"3", "18", "85", "86"},
    "public safety / stalking": {"78", "74", "79", "351"},
}
# Titles a citation may quote beside a section (official titles, or their usual short forms).
TITLES = {
    "74": "Assault or use of criminal force to woman with intent to outrage her modesty", "75": "Sexual harassment",
    "77": "Voyeurism", "78": "Stalking", "79": "Word, gesture or act intended to insult modesty of a woman",
    "85": "Husband or relative of husband of a woman subjecting her to cruelty", "86": "Cruelty defined",
    "115": "Voluntarily causing hurt", "143": "Trafficking of person", "144": "Exploitation of a trafficked person",
    "308": "Extortion", "316": "Criminal breach of trust", "318": "Cheating", "319": "Cheating by personation",
    "351": "Criminal intimidation", "356": "Defamation", "66C": "identity theft", "66D": "cheating by personation using a computer resource",
    "66E": "violation of privacy", "67": "obscene material in electronic form", "67A": "sexually explicit material in electronic form",
    "3": "Definition of domestic violence", "12": "Application to Magistrate", "18": "Protection orders",
    "4": "Constitution of Internal Complaints Committee", "9": "Complaint of sexual harassment",
}
REGISTRY = {"112", "181", "1091", "1930", "7827170170", "14416"}  # numbers a clean row may give


@pytest.fixture(scope="module")
def sample():
    return S.synthesize(N, 0)


@pytest.fixture(scope="module")
def large():
    return S.synthesize(20_000, 7)


def rows_with(truth: pl.DataFrame, *problems: str) -> set[int]:
    return set(truth.filter(pl.col("problem").is_in(problems))["row"].to_list())


def problem_rows(truth: pl.DataFrame) -> set[int]:
    return set(truth.filter(~pl.col("problem").is_in(S.MARKERS))["row"].to_list())


def clean_rows(truth: pl.DataFrame, n: int) -> list[int]:
    """Rows with no planted problem and in no duplicate cluster (neither copy nor original)."""
    originals = set(truth.filter(pl.col("partner").is_not_null())["partner"].to_list())
    return sorted(set(range(n)) - problem_rows(truth) - originals - rows_with(truth, "decoy.aadhaar"))


def word_shingles(text: str, k: int) -> set:
    w = re.sub(r"[^\w]+", " ", (text or "").lower()).split()
    return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)} if len(w) >= k else {tuple(w)}


def jaccard(a: str, b: str, k: int) -> float:
    x, y = word_shingles(a, k), word_shingles(b, k)
    return len(x & y) / len(x | y) if x | y else 1.0


def verhoeff_valid(number: str) -> bool:
    """Verhoeff check written out from the published tables (independent of the generator's)."""
    d = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
         [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
         [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
         [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
    p = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
         [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
         [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
    c = 0
    for i, digit in enumerate(reversed([int(ch) for ch in number])):
        c = d[c][p[i % 8][digit]]
    return c == 0


# --- determinism and outputs --------------------------------------------------------------------


def test_same_seed_same_frames_and_different_seed_different(sample):
    data, truth = S.synthesize(N, 0)
    assert data.equals(sample[0]) and truth.equals(sample[1])
    other, _ = S.synthesize(N, 1)
    assert not other.equals(data)


@pytest.fixture(scope="module")
def twice():
    return S.synthesize(300, 5), S.synthesize(300, 5)


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".csv"])
def test_written_files_are_byte_identical_for_a_seed(tmp_path, twice, suffix):
    (a, a_truth), (b, b_truth) = (S.write_synth(data, truth, tmp_path / f"{name}{suffix}") for name, (data, truth) in zip("ab", twice))
    assert a.read_bytes() == b.read_bytes() and a_truth.read_bytes() == b_truth.read_bytes()
    assert a_truth.name == "a.truth.parquet"
    back = {".parquet": pl.read_parquet, ".jsonl": pl.read_ndjson, ".csv": pl.read_csv}[suffix](a)
    assert back.columns == list(S.COLUMNS) and back.height == 300


def test_data_and_truth_schemas(sample):
    data, truth = sample
    assert data.columns == list(S.COLUMNS)
    assert data.schema["confidence"] == pl.Float64
    assert all(data.schema[c] == pl.String for c in S.COLUMNS if c != "confidence")
    assert dict(truth.schema) == dict(S.TRUTH_SCHEMA)
    assert truth["row"].is_between(0, N - 1).all()
    assert truth.select(pl.col("row", "problem", "column")).is_unique().all()
    for problem in truth["problem"].unique():
        if problem not in S.MARKERS:
            check_family(problem)  # raises for a name the audit's check catalog does not know


def test_truth_partners_point_at_earlier_real_rows(sample):
    _, truth = sample
    paired = truth.filter(pl.col("problem").is_in(["duplicate.exact", "duplicate.near", "label.conflict"]))
    assert paired["partner"].null_count() == 0
    assert (paired["partner"] < paired["row"]).all() and (paired["partner"] >= 0).all()
    assert truth.filter(~pl.col("problem").is_in(["duplicate.exact", "duplicate.near", "label.conflict"]))["partner"].null_count() == \
        truth.filter(~pl.col("problem").is_in(["duplicate.exact", "duplicate.near", "label.conflict"])).height
    originals = set(paired["partner"].to_list())
    assert not originals & rows_with(truth, "duplicate.exact", "duplicate.near")  # an original is never itself a copy


def test_clean_labels_and_confidence_are_in_the_taxonomy(sample):
    data, truth = sample
    bad = rows_with(truth, "schema.in_vocabulary", "schema.in_range", "schema.not_nullable")
    ok = data.with_row_index("row").filter(~pl.col("row").is_in(list(bad)))
    assert set(ok["risk_type"]) == set(RISKS)
    assert set(ok["severity"]) == SEVERITIES
    assert ok["confidence"].is_between(0.87, 0.99).all()
    assert set(data["language"]) <= {"English", "Hinglish", "Hindi", "Tamil", "Bengali", "Marathi", "Telugu"}
    assert 0.04 < (data["language"] == "Hinglish").mean() < 0.12


# --- shares -------------------------------------------------------------------------------------


def test_every_problem_has_enough_rows_on_a_small_sample(sample):
    _, truth = sample
    counts = dict(truth.filter(~pl.col("problem").is_in(S.MARKERS)).group_by("problem").agg(pl.col("row").n_unique()).iter_rows())
    assert set(counts) == FINE_PROBLEMS
    assert min(counts.values()) >= 20, counts
    assert len(rows_with(truth, "decoy.aadhaar")) >= 20


def test_shares_at_20k_rows_are_the_planned_ones_and_modest(large):
    data, truth = large
    n = data.height
    counts = dict(truth.group_by("problem").agg(pl.col("row").n_unique()).iter_rows())
    # hand-checked: 1.2% exact copies, 2% near copies, a quarter of copies conflicting, 0.3-0.5% each other problem
    assert counts["duplicate.exact"] == 240 and counts["duplicate.near"] == 400
    assert counts["label.conflict"] == 160
    assert counts["legal.repealed"] == 100 and counts["pii.aadhaar"] == 60 and counts["decoy.aadhaar"] == 60
    assert counts["schema.in_vocabulary"] == 80 and counts["placeholder"] == 130
    assert 0.08 < len(problem_rows(truth)) / n < 0.14  # mostly clean
    for field in ("reasoning", "recommended_action"):
        free = truth.filter((pl.col("problem") == "free_text") & (pl.col("column") == field)).height
        assert 0.17 < free / n < 0.23


# --- duplicates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["sample", "large"])
def test_exact_copies_normalize_to_their_original(request, dataset):
    data, truth = request.getfixturevalue(dataset)
    pairs = truth.filter(pl.col("problem") == "duplicate.exact")
    copies = normalize_series(data["scenario"].gather(pairs["row"]))
    originals = normalize_series(data["scenario"].gather(pairs["partner"]))
    assert (copies == originals).all()
    raw_differs = data["scenario"].gather(pairs["row"]) != data["scenario"].gather(pairs["partner"])
    assert raw_differs.sum() >= len(pairs) // 3  # most copies change case, spacing or punctuation
    assert set(pairs["detail"]) <= {"identical", "case", "whitespace", "punctuation"}


@pytest.mark.parametrize("dataset", ["sample", "large"])
def test_near_copies_are_near_and_their_recorded_jaccard_is_right(request, dataset):
    data, truth = request.getfixturevalue(dataset)
    pairs = truth.filter(pl.col("problem") == "duplicate.near")
    assert len(pairs) >= 40
    for row, partner, detail in pairs.select("row", "partner", "detail").iter_rows():
        copy, original = data["scenario"][row], data["scenario"][partner]
        recorded = dict(part.split("=") for part in detail.split(";"))
        j3, j5 = jaccard(copy, original, 3), jaccard(copy, original, 5)
        assert j3 == pytest.approx(float(recorded["j3"]), abs=1e-4) and j5 == pytest.approx(float(recorded["j5"]), abs=1e-4)
        assert j3 >= S.NEAR_MIN_J3 and j5 >= 0.5
        assert 1 <= len(recorded["edits"].split("+")) <= 3
        assert word_shingles(copy, 1) != word_shingles(original, 1) or copy.lower() != original.lower()
    copies = normalize_series(data["scenario"].gather(pairs["row"]))
    assert not (copies == normalize_series(data["scenario"].gather(pairs["partner"]))).any()  # near, not exact


def test_label_conflicts_change_exactly_the_named_label(sample):
    data, truth = sample
    conflicts = truth.filter(pl.col("problem") == "label.conflict")
    assert set(conflicts["column"]) == {"risk_type", "severity"}
    for row, partner, column, detail in conflicts.select("row", "partner", "column", "detail").iter_rows():
        other = "severity" if column == "risk_type" else "risk_type"
        assert data[column][row] != data[column][partner]
        assert data[other][row] == data[other][partner]
        assert detail == f"{data[column][partner]} -> {data[column][row]}"
        assert data[column][row] in (SEVERITIES | set(RISKS))
    assert rows_with(truth, "label.conflict") <= rows_with(truth, "duplicate.exact", "duplicate.near")


def test_clean_rows_are_not_near_each_other(sample):
    data, truth = sample
    clean = clean_rows(truth, N)
    texts = data["scenario"].gather(clean).to_list()
    assert len(set(normalize_series(pl.Series(texts)).to_list())) == len(texts)  # no exact repeats
    rng = random.Random(0)
    sampled = [jaccard(*rng.sample(texts, 2), 3) for _ in range(3000)]
    assert np.mean(sampled) < 0.03 and max(sampled) < 0.4
    # every pair, through LSH at a low threshold, then the exact Jaccard of each candidate
    shingles = [{" ".join(s).encode() for s in word_shingles(t, 3)} for t in texts]
    lsh = MinHashLSH(threshold=0.4, num_perm=32)
    hashes = MinHash.bulk(shingles, num_perm=32, seed=1)
    for i, h in enumerate(hashes):
        lsh.insert(i, h)
    worst = max((len(shingles[i] & shingles[j]) / len(shingles[i] | shingles[j])
                 for i, h in enumerate(hashes) for j in lsh.query(h) if j > i), default=0.0)
    assert worst < 0.6


def test_scenarios_are_varied_in_length_and_mostly_distinct_in_wording(sample):
    data, truth = sample
    clean = clean_rows(truth, N)
    lengths = data["scenario"].gather(clean).str.split(" ").list.len()
    assert lengths.min() >= 18 and lengths.max() <= 110 and 35 <= lengths.mean() <= 70


# --- other planted problems ---------------------------------------------------------------------


def test_verhoeff_on_published_examples():
    assert verhoeff_valid("2363") and not verhoeff_valid("2364")  # Wikipedia: the check digit of 236 is 3
    assert verhoeff_valid("1428570") and not verhoeff_valid("1428571")  # Wikipedia: 142857 -> 0
    assert S.verhoeff_check_digit(np.array([[2, 3, 6], [1, 4, 2]]))[0] == 3
    assert S.verhoeff_check_digit(np.array([[1, 4, 2, 8, 5, 7]]))[0] == 0
    body = np.random.default_rng(0).integers(0, 10, (200, 11))
    check = S.verhoeff_check_digit(body)
    assert all(verhoeff_valid("".join(map(str, b)) + str(c)) for b, c in zip(body.tolist(), check.tolist()))


def test_planted_aadhaar_numbers_pass_verhoeff_and_decoys_fail(sample):
    data, truth = sample
    for problem, valid in (("pii.aadhaar", True), ("decoy.aadhaar", False)):
        planted = truth.filter(pl.col("problem") == problem)
        assert planted.height >= 20
        for row, value in planted.select("row", "detail").iter_rows():
            assert value in data["scenario"][row]
            digits = re.sub(r"\D", "", value)
            assert len(digits) == 12 and digits[0] in "23456789"
            assert verhoeff_valid(digits) is valid


def test_pan_email_and_phone_values_have_their_real_shapes(sample):
    data, truth = sample
    details = {p: truth.filter(pl.col("problem") == p).select("row", "detail").rows() for p in ("pii.pan", "pii.email", "pii.phone")}
    for row, value in details["pii.pan"]:
        assert re.fullmatch(r"[A-Z]{3}[PCHFAT][A-Z][0-9]{4}[A-Z]", value) and value in data["scenario"][row]
    for row, value in details["pii.email"]:
        assert re.fullmatch(r"[a-z]+[._]?[a-z]+[0-9]*@[a-z.]+\.(com|in)", value) and value in data["scenario"][row]
    for row, value in details["pii.phone"]:
        number = phonenumbers.parse(value, "IN")
        assert phonenumbers.is_valid_number(number) and number.country_code == 91
        assert phonenumbers.number_type(number) in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
        assert value in data["scenario"][row]


def test_schema_plants_are_the_named_invalid_values(sample):
    data, truth = sample
    known = {label_key_str(r) for r in RISKS + ["blackmail", "extortion", "public safety threats", "revenge content", "impersonation"]}
    for problem, column, row, detail in truth.filter(pl.col("problem").str.starts_with("schema.")).select("problem", "column", "row", "detail").iter_rows():
        value = data[column][row]
        if problem == "schema.in_vocabulary":
            assert value == detail
            assert (label_key_str(value) not in known) if column == "risk_type" else (value not in SEVERITIES)
        elif problem == "schema.in_range":
            assert not 0 <= value <= 1 and float(detail) == value
        elif problem == "schema.not_nullable":
            assert value is None
        else:
            assert column == "scenario" and value.strip() == ""


def test_legal_plants_are_in_the_legal_context(sample):
    data, truth = sample
    legal = truth.filter(pl.col("problem").str.starts_with("legal.") | ((pl.col("problem") == "placeholder") & (pl.col("column") == "legal_context")))
    for problem, row, detail in legal.select("problem", "row", "detail").iter_rows():
        text = data["legal_context"][row]
        assert detail in text
        if problem == "legal.repealed":
            assert re.search(r"\b(IPC|CrPC)\b", detail)
        elif problem == "legal.struck_down":
            assert "66A" in detail
        elif problem == "legal.offence_mismatch":
            assert detail == text  # nothing else cited, so nothing cited fits
            assert not set(re.findall(r"\b(\d{2,3})\b", text)) & FITTING_SECTIONS[data["risk_type"][row]]
        elif problem == "placeholder":
            assert "XX" in detail


def test_helpline_plants_are_the_named_numbers(sample):
    data, truth = sample
    for problem, row, detail in truth.filter(pl.col("problem").str.starts_with("helpline.")).select("problem", "row", "detail").iter_rows():
        assert detail in data["recommended_action"][row]
        digits = re.sub(r"\D", "", detail)
        if problem == "helpline.unknown":
            assert phonenumbers.is_valid_number(phonenumbers.parse(detail, "IN")) and digits not in REGISTRY
        elif problem == "helpline.malformed":
            assert len(digits) in (9, 11) and not phonenumbers.is_valid_number(phonenumbers.parse(detail, "IN"))
        elif problem == "helpline.outdated":
            assert digits == "155260"
        else:
            assert digits in {"1098", "14416", "1075", "14567"}


def test_placeholders_are_where_the_truth_says(sample):
    data, truth = sample
    kinds = Counter()
    for row, column, detail in truth.filter(pl.col("problem") == "placeholder").select("row", "column", "detail").iter_rows():
        assert detail in data[column][row]
        kinds[column] += 1
        if column == "scenario":
            assert data[column][row].startswith("[") and data["language"][row] != "English"
    assert set(kinds) == {"scenario", "legal_context", "recommended_action", "reasoning"}


def test_label_sentences_state_the_rows_own_clean_label(sample):
    data, truth = sample
    planted = truth.filter(pl.col("problem") == "label.in_prompt")
    assert set(planted["column"]) == {"scenario"}
    assert set(planted["detail"].str.extract(r"^(\w+)=")) == {"risk_type", "severity"}
    replaced = rows_with(truth, "schema.in_vocabulary")
    for row, detail in planted.select("row", "detail").iter_rows():
        field, value = detail.split("=", 1)
        assert row not in replaced and data[field][row] == value  # the sentence states the label the row carries
        assert value in data["scenario"][row]
    # the public generator's two phrasings are among the sentences
    scenarios = data["scenario"].gather(planted["row"]).to_list()
    assert any("The harm caused was classified as" in s for s in scenarios) and any("stated the severity was" in s for s in scenarios)


# --- clean rows are clean ------------------------------------------------------------------------


def test_clean_legal_contexts_cite_only_fitting_sections_with_their_own_titles(sample):
    data, truth = sample
    legal_rows = {r for p, c, r in truth.select("problem", "column", "row").iter_rows() if c == "legal_context" or p == "schema.in_vocabulary"}
    for row in sorted(set(range(N)) - legal_rows):
        text, risk = data["legal_context"][row], data["risk_type"][row]
        assert not re.search(r"\b(IPC|CrPC)\b|66A|XX", text)
        for year in ("2000", "2005", "2013", "2023"):
            text = text.replace(year, "")
        cited = {m.group(1) for m in re.finditer(r"(?<![\d(])(\d{1,3}[A-E]?)(?![\d)])", text)}
        assert cited and cited <= FITTING_SECTIONS[risk], (row, risk, data["legal_context"][row])
        for section, title in re.findall(r"(\d{1,3}[A-E]?)(?:\(\w+\))?(?: BNS| IT Act)? \(([A-Za-z][^()]*)\)", data["legal_context"][row]):
            assert TITLES[section] == title, (section, title)


def test_clean_actions_give_only_registry_numbers_in_fitting_places(sample):
    data, truth = sample
    planted = set(truth.filter((pl.col("column") == "recommended_action") & ~pl.col("problem").is_in(S.MARKERS))["row"].to_list())
    west_bengal = [p for city in ("Kolkata", "Siliguri", "Durgapur") for p in (city, *S.CITIES[city])]
    delhi = ["Delhi", *S.CITIES["Delhi"]]
    checked_wb = 0
    for row in sorted(set(range(N)) - planted):
        action, scenario = data["recommended_action"][row], data["scenario"][row]
        assert set(re.findall(r"\d{3,}", action)) <= REGISTRY, action
        if any(place in scenario for place in west_bengal) and not any(place in scenario for place in delhi):
            assert not re.search(r"\b181\b", action), (scenario, action)  # 181 is not run in West Bengal
            checked_wb += 1
        if "1091" in action:
            assert any(place in scenario for place in delhi), (scenario, action)  # a Delhi Police line
        if "1930" in action:
            assert data["risk_type"][row] in ("blackmail / extortion", "financial exploitation")  # money fraud
    assert checked_wb > 10


def test_clean_scenarios_carry_no_pii_like_patterns(sample):
    data, truth = sample
    for row in clean_rows(truth, N):
        text = data["scenario"][row]
        assert not re.search(r"\d{6,}|\d{4}[ -]\d{4}[ -]\d{4}|@|\b[A-Z]{5}[0-9]{4}[A-Z]\b|\+91|\{|\[|TODO|Lorem", text), text


# --- templates ----------------------------------------------------------------------------------


def test_every_row_has_template_truth_for_both_answer_fields(sample):
    data, truth = sample
    marks = truth.filter(pl.col("problem").is_in(["template", "free_text"]))
    assert marks.group_by("row", "column").len()["len"].max() == 1
    assert marks.height == 2 * N
    templated = marks.filter(pl.col("problem") == "template")
    assert set(templated.filter(pl.col("column") == "reasoning")["detail"]) == {f"reasoning.t{i}" for i in range(1, 7)}
    assert set(templated.filter(pl.col("column") == "recommended_action")["detail"]) == {f"action.t{i}" for i in range(1, 6)}
    assert marks.filter(pl.col("problem") == "free_text")["detail"].null_count() == marks.filter(pl.col("problem") == "free_text").height


def recurring_share(texts: pl.Series, k: int, min_rows: int) -> np.ndarray:
    """Per text, the share of its word k-grams that occur in at least `min_rows` texts."""
    frame = pl.DataFrame({"row": np.arange(len(texts)), "w": texts.str.split(" ")}).explode("w")
    gram = pl.concat_str([pl.col("w").shift(-j) for j in range(k)], separator=" ")
    within = pl.col("row").shift(-(k - 1)) == pl.col("row")  # the window does not run into the next text
    grams = frame.select("row", g=gram, inside=within.fill_null(False)).filter("inside").select("row", "g").unique()
    frequent = grams.join(grams.group_by("g").len(), on="g").group_by("row").agg((pl.col("len") >= min_rows).mean().alias("s"))
    return pl.DataFrame({"row": np.arange(len(texts))}).join(frequent, on="row", how="left").sort("row")["s"].fill_null(0).to_numpy()


def test_templated_rows_share_long_spans_and_free_text_rows_do_not(large):
    """A template detector's ground truth must be separable: once slots are masked (numbers,
    places, label values), templated texts repeat long spans across many rows and free texts
    share no span of 6+ words with many others."""
    data, truth = large
    places = sorted({p for city, localities in S.CITIES.items() for p in (city, *localities)}, key=len, reverse=True)
    for field in ("reasoning", "recommended_action"):
        masked = (data[field].str.replace_many(RISKS, ["<risk>"] * len(RISKS)).str.replace_many(places, ["<place>"] * len(places))
                  .str.replace_all(r"\b(low|medium|high|critical)\b", "<severity>").str.replace_all(r"\d+", "0").str.to_lowercase())
        shares = recurring_share(masked, 6, 50)
        marks = truth.filter((pl.col("column") == field) & pl.col("problem").is_in(["template", "free_text"])).sort("row")
        free = (marks["problem"] == "free_text").to_numpy()
        assert (shares[free] >= 0.5).mean() <= 0.02, field
        assert (shares[~free] >= 0.5).mean() >= 0.98, field


# --- edges and the command line -----------------------------------------------------------------


def test_tiny_and_invalid_sizes():
    data, truth = S.synthesize(1, 0)
    assert data.height == 1 and truth.filter(~pl.col("problem").is_in(S.MARKERS)).height == 0
    data, truth = S.synthesize(40, 3)
    assert data.height == 40 and len(problem_rows(truth)) <= 40
    with pytest.raises(CurateError):
        S.synthesize(0, 0)
    with pytest.raises(CurateError):
        S.output_format("data.txt")


def test_cli_writes_data_and_truth(tmp_path, capsys):
    out = tmp_path / "sub" / "nariraksha.jsonl"
    with pytest.raises(SystemExit) as exit_:
        main(["-q", "synth", "-n", "150", "-o", str(out), "--seed", "2"])
    assert exit_.value.code == 0
    data = pl.read_ndjson(out)
    truth = pl.read_parquet(tmp_path / "sub" / "nariraksha.truth.parquet")
    expected, expected_truth = S.synthesize(150, 2)
    assert data.equals(expected) and truth.equals(expected_truth)
    assert [p.name for p in (tmp_path / "sub").iterdir() if p.name.startswith(".")] == []  # no temporary files left


@pytest.mark.parametrize("args, message", [
    (["-n", "10", "-o", "data.txt"], "cannot tell the output format"),
    (["-n", "10", "-o", "/proc/no/such/dir/data.parquet"], "cannot write"),
])
def test_cli_bad_output_is_one_sentence_and_exit_2(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["synth", *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())
