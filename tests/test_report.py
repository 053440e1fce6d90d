"""The HTML audit report: rendering, the size budget, masking, self-containment, every section drawn
from what the audit writes (every page here renders a real audit's report.json)."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import polars as pl
import pytest
from html_scripts import HOSTILE, scripts, template_scripts
from markupsafe import escape
from report_fixtures import audit_dir, nariraksha_like, pii_findings

from curation import findings as F
from curation.artifacts.report import ReportJson
from curation.audit import STEPS
from curation.audit.pipeline import AuditConfig
from curation.report import render_html, render_report
from curation.report.audit_dir import dataset_rows, read_audit_dir
from curation.report.describe import describe, fmt
from curation.report.embed import embed, inline_script, script_json
from curation.report.mask import Masker, mask_value, masked
from curation.report.sections import strata, word_diff
from curation.verify import check_patterns

report_embed = importlib.import_module("curation.report.embed")  # the module (the package exports its `embed` function)
EXTERNAL = re.compile(r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A real audit, every step, of 600 NariRaksha-shaped rows against a second dataset that shares
    some of their prompts; its findings and the prepared data."""
    out = audit_dir(tmp_path_factory.mktemp("audit"), n=600, against=True)
    audit = read_audit_dir(out)
    data, note = dataset_rows(audit.report)
    assert note is None
    return {"dir": out, "report": audit.report, "findings": audit.findings, "data": data}


@pytest.fixture(scope="module")
def page(small):
    return render_html(small["report"], small["findings"], small["data"])


def embedded(html: str, name: str):
    block = re.search(rf'<script type="application/json" id="data-{name}">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


# -- the page ---------------------------------------------------------------------------------------


def test_triage_comes_first_with_verdict_counts_and_attention_by_share(small, page):
    report = small["report"]
    triage_at, overview_at = page.index('id="triage"'), page.index('id="overview"')
    assert triage_at < overview_at < page.index('id="findings"')
    head = page[triage_at:overview_at]
    assert "Gate failed" in head and escape(report.gate.sentence) in head
    by_sev = report.counts.by_severity
    assert f'data-stat="error">{by_sev["error"]:,}<' in head
    assert f'data-stat="findings">{report.counts.findings:,}<' in head
    # the needs-attention list is in report.json's order: largest share of rows first
    listed = re.findall(r'data-filter-check="([^"]+)" data-filter-severity="([^"]+)">', head.split("Informational checks")[0])
    expected = [tuple(k.split(":")) for k in report.needs_attention]
    assert listed == expected and len(listed) >= 8
    shares = {f"{c.check}:{c.severity}": c.share for c in report.by_check}
    assert [shares[k] for k in report.needs_attention] == sorted(shares[k] for k in report.needs_attention)[::-1]


def test_overview_names_path_sha_profile_tool_and_parameters(small, page):
    ds = small["report"].dataset
    section = page[page.index('id="overview"'):page.index('id="labels"')]
    for value in (ds.path, ds.sha256, ds.profile, f"curate {small['report'].tool.version}", "near_threshold", "fail_on"):
        assert value in section


def test_strata_grid_marks_rare_cells(small, page):
    grid = strata(small["report"])
    assert grid["kind"] == "pivot"
    assert grid["col_values"][:4] == ["low", "medium", "high", "critical"]  # ordinal, the stray 'severe' after
    rare = [(r, c) for r, cells, _ in grid["pivot"] for c, cell in zip(grid["col_values"], cells) if cell["rare"]]
    expected = [(c.values[0], c.values[1]) for c in small["report"].strata.cells if c.count < 10]
    assert sorted(rare) == sorted(expected) and rare
    assert page.count('class="num rare"') == len(rare)


def test_sections_draw_every_step(small, page):
    found, report = small["findings"], small["report"]

    def first(check: str) -> dict:
        return found.filter(pl.col("check") == check).sort("row").row(0, named=True)

    # legal: the act table, the repealed citation with the rule pack's replacement, the placeholder
    assert "Per act and verdict" in page and "IPC" in report.checks.legal.metrics.by_act
    repealed = first("legal.repealed")
    assert repealed["evidence"] == "IPC Section 498A" and escape(repealed["suggestion"]) in page
    assert "BNS Section XX" in page
    # helplines: 1098 (a child line) given as a women's line
    wrong = first("helpline.wrong_purpose")
    assert "1098" in wrong["evidence"] and escape(wrong["suggestion"]) in page
    # duplicates: every cluster the exact and near steps list, the differing words of a near copy marked
    drawn = len(report.checks.exact.metrics.largest_clusters[:10]) + len(report.checks.near.metrics.largest_clusters[:10])
    assert page.count('class="cluster"') == drawn >= 12
    near = report.checks.near.metrics.largest_clusters[0]
    _, right = word_diff(near.representative.text, near.members[0].text)
    assert [f'<mark class="diff">{escape(w)}</mark>' in page for w, changed in right if changed] == [True] * sum(c for _, c in right)
    # templates: the field's stock patterns with their slots marked
    top = report.fields["reasoning"].top[0]
    assert "{risk_type}" in top.pattern and '<span class="slot">{risk_type}</span>' in page
    # leakage against the second dataset: the copies, and those carrying other labels
    section = page[page.index('id="leakage"'):page.index('id="findings"')]
    assert f"Compared against: <code>{report.parameters.against[0]}</code>" in section
    assert "leak.exact" in section and "label.conflict.against" in section
    charts = embedded(page, "charts")
    assert {c["kind"] for c in charts} >= {"hbar", "bar", "line"} and len(charts) <= 20


def test_missing_and_skipped_steps_say_so(tmp_path):
    """A generic profile names no fact fields (legal and helplines skip, saying why); --skip near
    leaves the step out; no --against: leakage is not checked."""
    out = audit_dir(tmp_path, n=200, config=AuditConfig(skip=("near",)), profile="generic",
                    text_columns=("scenario", "reasoning"), label_columns=("severity",))
    audit = read_audit_dir(out)
    html = render_html(audit.report, audit.findings, None)
    assert "The near step did not run in this audit (it was left out with --skip)." in html
    assert "The legal step was skipped: the profile names no fact fields (text holding legal citations)." in html
    assert "Not checked: the audit was run without <code>--against</code>" in html
    assert audit.report.checks.near is None and audit.report.checks.legal.metrics is None


def test_a_bare_report_still_renders(tmp_path):
    """An audit that ran no step at all: no metrics, no findings, no data."""
    out = audit_dir(tmp_path, n=50, config=AuditConfig(skip=STEPS))
    audit = read_audit_dir(out)
    assert audit.report.checks.model_dump(exclude_unset=True) == {} and audit.findings.height == 0
    html = render_html(audit.report, audit.findings, None)
    assert "No errors or warnings." in html
    assert "Row bodies are not embedded" in html
    assert embedded(html, "findings")["rows"] == [] and embedded(html, "rows") is None
    for name in ("templates", "exact", "near", "labels", "label_in_prompt", "legal", "helplines", "patterns"):  # the sections with a step note
        assert f"The {name} step did not run in this audit" in html


def test_findings_link_to_embedded_rows_with_every_column(small, page):
    found, rows = embedded(page, "findings"), embedded(page, "rows")
    columns = found["columns"]
    assert columns == list(F.FINDINGS_SCHEMA)
    linked = {r[columns.index("row")] for r in found["rows"]} - {None}
    assert linked == {int(k) for k in rows["rows"]}  # every linked row is embedded, and only those
    assert rows["columns"] == [c for c in small["data"].columns if c != "row"]
    row = next(iter(linked))
    original = small["data"].filter(pl.col("row") == row).to_dicts()[0]
    body = dict(zip(rows["columns"], rows["rows"][str(row)]))
    assert body["risk_type"] == original["risk_type"] and body["language"] == original["language"]


# -- nothing is fetched ------------------------------------------------------------------------------


def test_page_is_self_contained(page):
    assert not EXTERNAL.search(page)
    assert "<link" not in page and not re.search(r"<script[^>]*\bsrc=", page)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page)
    assert "sourceMappingURL" not in page
    assert "Chart.js v4.6.1" in page and "Released under the MIT License" in page  # the library, inline, with its notice


def test_data_and_vendored_code_cannot_close_the_script_blocks(small, tmp_path, monkeypatch):
    chart = tmp_path / "chart.js"  # a Chart.js build that carries the markup in a string
    chart.write_text(f"var vendoredChart = '{HOSTILE}';", encoding="utf-8")
    monkeypatch.setattr(report_embed, "CHARTJS", chart)
    hostile = F.findings([0], "placeholder", column="scenario", message=HOSTILE, evidence=HOSTILE)
    data = small["data"].with_columns(pl.when(pl.col("row") == 0).then(pl.lit(HOSTILE)).otherwise(pl.col("scenario")).alias("scenario"))
    html = render_html(small["report"], F.concat([small["findings"], hostile]), data)
    found = scripts(html)
    assert len(found) == template_scripts(Path(report_embed.__file__).parent / "report.html.j2")  # none opened by the data
    for _, text in found:
        assert "</script" not in text.lower() and "<!--" not in text  # what could end an element early, or hide its end
    assert [text for _, text in found if "vendoredChart" in text] == [inline_script(chart.read_text(encoding="utf-8"))]
    shown = embedded(html, "findings")
    assert HOSTILE in (r[shown["columns"].index("evidence")] for r in shown["rows"])  # the data itself arrives whole
    assert embedded(html, "rows")["rows"]["0"][0] == HOSTILE


# -- masking -----------------------------------------------------------------------------------------


def test_mask_value_keeps_shape_and_last_two():
    assert mask_value("9876543210") == "••••••••10"
    assert mask_value("2345 6789 0124") == "•••• •••• ••24"
    assert mask_value("priya.sharma@example.com") == "•••••.••••••@•••••••.•om"
    assert mask_value("+91 98765-43210") == "+•• •••••-•••10"
    assert mask_value("ab12") == "••••"  # short values are hidden whole
    assert masked(pl.Series(["x" * 5, None])).to_list() == ["•••••", None]


def test_masker_replaces_known_values_and_pii_shapes_only():
    masker = Masker(["9876543210"])
    texts = pl.Series(["call 9876543210 or 181", "mail me at a.b@x.org, PAN ABCPE1234F", "helpline 7827170170", None])
    assert masker.series(texts).to_list() == [
        "call ••••••••10 or 181", "mail me at •.•@•.•••, PAN ••••••••4F", "helpline 7827170170", None]
    assert Masker(["9876543210"], enabled=False).series(texts).equals(texts)
    assert masker.deep({"a": ["x 9876543210", {"b": 1}]}) == {"a": ["x ••••••••10", {"b": 1}]}


# Real-looking PII beside look-alikes the rule pack (rules/patterns.yaml) does not call PII, with the
# values it does, checked by hand: a PAN's 4th letter is a holder type (P person, C company, T trust).
PII_TEXTS = {
    "Her PAN card (ABCPE1234F) was used to take a loan in her name.": ["ABCPE1234F"],
    "The firm's PAN is AAACT1234C and the trust's is AAATR5678K.": ["AAACT1234C", "AAATR5678K"],
    "Form ABCDE1234F and code ABCKE1234F are not PANs; nor are abcpe1234f, XABCPE9876FY or ABCP1234F.": [],
    "Her Aadhaar 4991 1866 5246 was shared; 8765 4321 0987 fails the check digit, 8765-4321-0988 passes.": ["4991 1866 5246", "8765-4321-0988"],
    "Write to priya.sharma@example.com, or to the commission at complaints@ncw.nic.in (official, not personal).": ["priya.sharma@example.com"],
}


def test_the_masker_masks_exactly_what_the_audits_pii_patterns_find():
    texts = pl.Series([*PII_TEXTS, None])
    found = check_patterns(texts).filter(pl.col("check").is_in(["pii.pan", "pii.aadhaar", "pii.email"]))
    assert sorted(found["evidence"]) == sorted(v for values in PII_TEXTS.values() for v in values)
    expected = []
    for text, values in PII_TEXTS.items():
        for value in values:
            text = text.replace(value, mask_value(value))
        expected.append(text)
    assert Masker().series(texts).to_list() == [*expected, None]


def test_every_pii_value_the_audit_finds_is_masked_in_its_report(tmp_path):
    import curation.audit

    data = nariraksha_like(300, seed=1)
    extra = pl.Series(list(PII_TEXTS))[(pl.int_range(data.height, eager=True) // 10) % len(PII_TEXTS)]  # one text per 10 rows, in turn
    data = data.with_columns(pl.when(pl.int_range(pl.len()) % 10 == 4).then(pl.col("scenario") + " " + extra).otherwise(pl.col("scenario")).alias("scenario"))
    data.write_parquet(tmp_path / "pii.parquet")
    curation.audit.run_audit(str(tmp_path / "pii.parquet"), out_dir=tmp_path / "pii.audit")
    audit = read_audit_dir(tmp_path / "pii.audit")
    rows, _ = dataset_rows(audit.report)
    page = render_html(audit.report, audit.findings, rows)
    values = audit.findings.filter(pl.col("check").str.starts_with("pii."))["evidence"].unique().sort().to_list()
    assert {"ABCPE1234F", "AAACT1234C", "4991 1866 5246", "priya.sharma@example.com", "9876543210"} <= set(values)
    for value in values:
        assert value not in page and mask_value(value) in page, value


def test_pii_is_masked_by_default_and_shown_on_request(small, page):
    raw = ("9876543210", "priya.sharma@example.com", "2345 6789 0124")
    assert not any(value in page for value in raw)
    assert "••••••••10" in page and "•••• •••• ••24" in page
    rows = embedded(page, "rows")["rows"]
    assert any("••••••••10" in (v or "") for body in rows.values() for v in body if isinstance(v, str))
    shown = render_html(small["report"], small["findings"], small["data"], mask_pii=False)
    assert all(value in shown for value in raw) and "shown unmasked" in shown


# -- the size budget ---------------------------------------------------------------------------------


def many_findings(data: pl.DataFrame, checks=("duplicate.near", "template", "legal.repealed", "pii.email")) -> pl.DataFrame:
    frames = [F.findings(data["row"], c, column="scenario", message=f"{c} here", evidence=data["scenario"].str.slice(0, 40)) for c in checks]
    return F.concat(frames)


def test_cap_per_check_counts_what_is_left_out():
    data = nariraksha_like(3_000).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    found = many_findings(data)
    result = embed(found, data, Masker(), max_per_check=50)
    assert result.cap == 50 and result.findings_shown == 4 * 50
    assert result.left_out("template", "info") == 3_000 - 50
    assert result.findings_left_out == 4 * 3_000 - 200
    assert result.rows_embedded == 50  # the same first 50 rows of each check
    rows = json.loads(result.rows_json)["rows"]
    assert sorted(map(int, rows)) == list(range(50))


def test_budget_halves_the_cap_until_the_page_fits():
    data = nariraksha_like(3_000).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    found = many_findings(data)
    roomy = embed(found, data, Masker(), max_per_check=400, budget_bytes=10_000_000)
    tight = embed(found, data, Masker(), max_per_check=400, budget_bytes=150_000)
    assert roomy.cap == 400 and roomy.size_bytes > 150_000
    assert tight.cap in (200, 100, 50, 25, 12, 6, 3, 1) and tight.size_bytes <= 150_000
    assert embed(found, data, Masker(), max_per_check=tight.cap * 2, budget_bytes=10_000_000).size_bytes > 150_000  # the first cap that fits
    assert tight.findings_shown == 4 * tight.cap and tight.total == roomy.total


def test_long_text_is_cut_in_the_page_not_in_the_data():
    data = pl.DataFrame({"row": [0], "scenario": ["word " * 1000]})
    found = F.findings([0], "text.length", column="scenario", message="long", evidence="x" * 2000)
    result = embed(found, data, Masker())
    body = json.loads(result.rows_json)["rows"]["0"][0]
    assert body == ("word " * 1000)[:1500] + " … [3500 more characters]"
    evidence = json.loads(result.findings_json)["rows"][0][6]
    assert evidence == "x" * 500 + " … [1500 more characters]"
    assert data["scenario"][0] == "word " * 1000


def test_nested_and_non_finite_values_embed_as_text():
    data = pl.DataFrame({
        "row": [0, 1],
        "messages": [[{"role": "user", "content": "mail a.b@x.org"}], [{"role": "user", "content": "hi"}]],
        "confidence": [float("nan"), 0.5],
    })
    found = F.findings([0, 1], "schema.in_range", column="confidence", message="bad")
    rows = json.loads(embed(found, data, Masker()).rows_json)
    assert rows["columns"] == ["messages", "confidence"]
    assert rows["rows"]["0"][0] == '[{"role": "user", "content": "mail •.•@•.•••"}]'  # nested JSON, masked
    assert rows["rows"]["0"][1] == "NaN" and rows["rows"]["1"][1] == "0.5"


def test_a_100k_row_audit_page_stays_under_5_mb(small, tmp_path):
    """A real audit's sections, with 100K rows and 900K findings to embed."""
    data = nariraksha_like(100_000).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    found = F.concat([many_findings(data, ("duplicate.near", "duplicate.exact", "template", "legal.repealed", "legal.title_mismatch",
                                           "helpline.unknown", "placeholder", "pii.email", "label.conflict")), pii_findings(data)])
    rendered = render_report(small["report"], found, data, tmp_path / "report.html")
    assert found.height > 900_000
    assert rendered.size_bytes <= 5_000_000 and (tmp_path / "report.html").stat().st_size == rendered.size_bytes
    assert rendered.rows_embedded < 5_000 and rendered.findings_shown < 5_000


# -- small pieces ------------------------------------------------------------------------------------


def test_word_diff_marks_only_the_changed_words():
    left, right = word_diff("A 45-year-old woman in Jaipur reports abuse.", "A 45-year-old girl in Jaipur reports abuse")
    assert [t for t, changed in left if changed] == ["woman"]
    assert [t for t, changed in right if changed] == ["girl"]
    assert " ".join(t for t, _ in right) == "A 45-year-old girl in Jaipur reports abuse"


def test_describe_handles_any_metrics_shape():
    node = describe({"by_act": {"BNS": {"verified": 3, "repealed": 1}, "IPC": {"repealed": 2}}, "total": 6})
    table = node["children"][0][1]
    assert node["scalars"] == [("total", "6")]
    assert table["kind"] == "table" and table["columns"] == ["", "verified", "repealed"]
    assert table["rows"] == [["BNS", "3", "1"], ["IPC", "—", "2"]]
    assert describe([1, 2.5, None])["shown"] == ["1", "2.5", "—"]
    assert describe([{"a": [1, 2]}])["rows"] == [["[1, 2]"]]
    assert fmt(0.000012) == "1.20e-05" and fmt(1234567) == "1,234,567" and fmt(True) == "yes"


def test_script_json_escapes_markup():
    assert script_json({"x": "</script>"}) == '{"x":"\\u003c/script>"}'


def test_inline_script_escapes_what_ends_or_hides_the_end_of_a_script():
    source = "a = '</script>'; b = /<\\/SCRIPT>|<!--/; // </Script <!--\n//# sourceMappingURL=chart.umd.min.js.map\nc = 1;"
    assert inline_script(source) == "a = '<\\/script>'; b = /<\\/SCRIPT>|\\x3C!--/; // <\\/Script \\x3C!--\n\nc = 1;"


def test_render_report_writes_atomically(small, tmp_path):
    target = tmp_path / "out" / "report.html"
    rendered = render_report(small["report"], small["findings"], small["data"], target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert rendered.path == target and [p.name for p in target.parent.iterdir()] == ["report.html"]
    assert rendered.findings_total == small["findings"].height


def test_the_audit_writes_the_page_with_every_step_present(small):
    """The page `curate audit` wrote itself: every step's section drawn, every check filterable."""
    html = (small["dir"] / "report.html").read_text(encoding="utf-8")
    report = ReportJson.read(small["dir"] / "report.json")
    assert "curate audit report" in html and not EXTERNAL.search(html)
    assert set(report.checks.model_dump(exclude_unset=True)) == {"text" if s == "text_quality" else s for s in STEPS}
    assert "step did not run in this audit" not in html and "step was skipped" not in html
    for check in report.by_check:
        assert f'data-filter-check="{check.check}"' in html


def test_an_unenforced_gate_says_so(small, tmp_path):
    """--fail-on never over errors is not shown as passed; over warnings alone it passes."""
    assert small["report"].counts.by_severity["error"] > 0
    never = AuditConfig(fail_on="never")
    out = audit_dir(tmp_path, n=200, config=never)
    audit = read_audit_dir(out)
    head = render_html(audit.report, audit.findings, None).split('id="overview"')[0]
    assert 'class="verdict unenforced"' in head and "Gate not enforced" in head
    assert "Gate passed" not in head and "✔" not in head
    # only the steps that find warnings (exact copies, text quality): no errors, the gate passes
    (tmp_path / "warnings").mkdir()
    out = audit_dir(tmp_path / "warnings", n=200, config=AuditConfig(fail_on="never", skip=tuple(s for s in STEPS if s not in ("exact", "text_quality"))))
    audit = read_audit_dir(out)
    assert audit.report.counts.by_severity["error"] == 0 < audit.report.counts.by_severity["warning"]
    head = render_html(audit.report, audit.findings, None).split('id="overview"')[0]
    assert 'class="verdict pass"' in head and "Gate passed" in head
