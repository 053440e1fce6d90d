"""The report in a real browser: headless Chromium (Debian's `chromium`, never a downloaded one)
through playwright. No console errors, nothing fetched, the key numbers visible, the filters and
the row viewer work; screenshots at 1280 px and phone width, light and dark, are saved in the
test's tmp directory (printed with -s) for a human to look at."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from report_fixtures import audit_dir

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    executable = CHROMIUM if CHROMIUM.exists() else (Path(shutil.which("chromium")) if shutil.which("chromium") else None)
    if executable is None:
        pytest.skip("no chromium at /usr/bin/chromium (CI installs Debian's: apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    """The page a real small audit wrote, every step run, against a second dataset (see report_fixtures)."""
    from curation.report.audit_dir import read_audit_dir

    out = audit_dir(tmp_path_factory.mktemp("browser"), n=800, against=True)
    audit = read_audit_dir(out)
    return {"path": out / "report.html", "report": audit.report, "findings": audit.findings}


def open_page(browser, path: Path, viewport: str = "desktop", scheme: str = "light", hash_: str = ""):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith(("file:", "data:", "about:")) else None)
    page.goto(path.as_uri() + hash_)
    page.wait_for_function("document.querySelectorAll('#findings-table tbody tr').length > 0")
    return context, page, problems


def body_checks(page) -> list[str]:
    return page.locator("#findings-table tbody tr td:nth-child(2)").all_inner_texts()


def test_opens_offline_without_errors_and_shows_the_key_numbers(browser, report_page):
    context, page, problems = open_page(browser, report_page["path"])
    report = report_page["report"]
    assert page.get_by_text(report.gate.sentence).is_visible()
    assert page.locator(".verdict-title").inner_text().startswith("Gate failed")
    for stat, value in (("rows", report.dataset.rows), ("findings", report.counts.findings),
                        ("error", report.counts.by_severity["error"]), ("warning", report.counts.by_severity["warning"])):
        locator = page.locator(f'[data-stat="{stat}"]')
        assert locator.is_visible() and locator.inner_text() == f"{value:,}"
    first = report.needs_attention[0].split(":")[0]
    assert page.locator("table.attention tbody tr").first.inner_text().find(first) >= 0
    # every chart was drawn by the inlined Chart.js, on a canvas with a size
    drawn = page.evaluate("""Array.from(document.querySelectorAll('canvas')).map(c =>
        [!!window.Chart.getChart(c), c.width > 0 && c.height > 0])""")
    assert drawn and all(ok and sized for ok, sized in drawn)
    assert problems == []
    context.close()


def test_filters_search_sort_and_pages_narrow_the_table(browser, report_page):
    context, page, problems = open_page(browser, report_page["path"])
    total = int(re.search(r"of the ([\d,]+) findings", page.locator("#f-count").inner_text()).group(1).replace(",", ""))
    assert len(body_checks(page)) == 25  # the first page

    page.select_option("#f-check", "pii.email")
    checks = body_checks(page)
    n_email = int(page.locator("#f-count").inner_text().split(" of ")[0].replace(",", ""))
    expected = report_page["findings"].filter(report_page["findings"]["check"] == "pii.email").height
    assert set(checks) == {"pii.email"} and 0 < n_email == min(expected, 200) < total

    page.select_option("#f-check", "")
    page.fill("#f-q", "498A")
    page.wait_for_function("!document.querySelector('#f-count').textContent.startsWith('%s ')" % f"{total:,}")
    assert set(body_checks(page)) == {"legal.repealed"}

    page.click("#f-reset")
    page.locator("table.attention button[data-filter-check]").first.click()
    first_check, first_sev = report_page["report"].needs_attention[0].split(":")
    assert page.locator("#f-check").input_value() == first_check and page.locator("#f-severity").input_value() == first_sev
    assert set(body_checks(page)) == {first_check}

    page.click("#f-reset")
    page.click('th[data-key="row"] button')
    rows = [int(t) for t in page.locator("#findings-table tbody td:nth-child(4)").all_inner_texts() if t.strip().isdigit()]
    assert rows == sorted(rows)
    assert page.locator('th[data-key="row"]').get_attribute("aria-sort") == "ascending"
    page.click("#p-next")
    assert page.locator("#p-info").inner_text().startswith("page 2 of")
    assert problems == []
    context.close()


def test_row_link_opens_the_whole_row_masked(browser, report_page):
    from playwright.sync_api import expect

    findings = report_page["findings"]
    row = findings.filter(findings["check"] == "pii.phone")["row"][0]
    context, page, problems = open_page(browser, report_page["path"], hash_=f"#row-{row}")
    dialog = page.locator("#row-dialog")
    expect(dialog).to_be_visible()  # waits: the page opens it after load
    text = dialog.inner_text()
    assert f"Row {row}" in text and "scenario" in text and "pii.phone" in text
    assert "9876543210" not in text and "••••••••10" in text
    page.click("#row-close")
    expect(dialog).to_be_hidden()
    page.locator("#findings-table tbody a").first.click()
    expect(dialog).to_be_visible()
    assert problems == []
    context.close()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_at_desktop_and_phone_width(browser, report_page, viewport, scheme, tmp_path):
    context, page, problems = open_page(browser, report_page["path"], viewport=viewport, scheme=scheme)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"]  # no sideways scrolling of the page itself
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(17, 18, 22)") == (scheme == "dark")  # prefers-color-scheme is honoured
    shot, top = tmp_path / f"report-{viewport}-{scheme}.png", tmp_path / f"report-{viewport}-{scheme}-top.png"
    page.screenshot(path=str(shot), full_page=True)  # the whole page
    page.screenshot(path=str(top))  # what a reader sees first: the verdict and the triage
    assert shot.stat().st_size > 20_000 and top.stat().st_size > 10_000
    print(f"screenshots: {shot} {top}")
    assert problems == []
    context.close()
