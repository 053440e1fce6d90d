"""`curate report DIR` (re-render without recomputing) and `curate diff OLD NEW`."""

from __future__ import annotations

import json
import shutil

import polars as pl
import pytest
from report_fixtures import audit_dir, nariraksha_like

from curation import cli as cli_module
from curation.audit.directory import read_report
from curation.diff import diff_reports


@pytest.fixture(autouse=True)
def commands(monkeypatch):
    """The lead registers these in curation.cli.COMMANDS; until then the tests do."""
    monkeypatch.setitem(cli_module.COMMANDS, "report", ("curation.cli.report", "report"))
    monkeypatch.setitem(cli_module.COMMANDS, "diff", ("curation.cli.diff", "diff"))


def curate(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main(list(args))
    return exit_info.value.code


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    """Two audits: 1,200 raw rows, and the same data without the rows the first audit found an error
    on (what curation does before training)."""
    import curation.audit

    root = tmp_path_factory.mktemp("audits")
    raw = audit_dir(root, n=1_200)
    data, audited = nariraksha_like(1_200), raw
    # Dropping a row can leave its slot-filled near-duplicates disagreeing among themselves: drop
    # again until the audit finds no error (twice is enough on this data; more is a failure).
    for _ in range(3):
        errors = pl.read_parquet(audited / "findings.parquet").filter(pl.col("severity") == "error")["row"].drop_nulls().unique()
        if audited != raw and errors.is_empty():
            break
        data = data.with_row_index("row").filter(~pl.col("row").is_in(errors.implode())).drop("row")
        data.write_parquet(root / "clean.parquet")
        curation.audit.run_audit(str(root / "clean.parquet"), out_dir=root / "clean.audit")
        audited = root / "clean.audit"
    return {"raw": raw, "clean": root / "clean.audit", "root": root}


def test_report_rerenders_from_json_and_findings_without_recomputing(audits, tmp_path, capsys, monkeypatch):
    work = tmp_path / "a.audit"
    shutil.copytree(audits["raw"], work)
    report_json = (work / "report.json").read_bytes()
    findings = (work / "findings.parquet").read_bytes()
    (work / "report.html").unlink()
    import curation.audit

    monkeypatch.setattr(curation.audit, "run_audit", lambda *a, **k: pytest.fail("curate report must not audit again"))
    assert curate("report", str(work)) == 0
    html = (work / "report.html").read_text(encoding="utf-8")
    assert (work / "report.json").read_bytes() == report_json and (work / "findings.parquet").read_bytes() == findings
    data = json.loads(html.split('id="data-rows">')[1].split("</script>")[0])
    assert data["rows"]  # the dataset was still there: rows are embedded
    err = capsys.readouterr().err
    assert "wrote" in err and "rows embedded" in err


def test_report_without_the_dataset_renders_and_says_so(audits, tmp_path, capsys):
    work = tmp_path / "moved.audit"
    shutil.copytree(audits["raw"], work)
    report = json.loads((work / "report.json").read_text())
    report["dataset"]["path"] = str(tmp_path / "gone.parquet")
    (work / "report.json").write_text(json.dumps(report))
    assert curate("report", str(work), "-o", str(tmp_path / "review.html")) == 0
    html = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "Row bodies are not embedded" in html and 'id="data-rows">null<' in html
    assert "could not be read" in capsys.readouterr().err
    # --data points at where the dataset is now
    assert curate("report", str(work), "--data", report_path_of(audits["raw"])) == 0
    assert 'id="data-rows">null<' not in (work / "report.html").read_text(encoding="utf-8")


def report_path_of(audit) -> str:
    return json.loads((audit / "report.json").read_text())["dataset"]["path"]


def test_report_refuses_rows_of_a_changed_dataset(audits, tmp_path, capsys):
    work = tmp_path / "changed.audit"
    shutil.copytree(audits["raw"], work)
    changed = tmp_path / "changed.parquet"
    nariraksha_like(1_200, seed=5).write_parquet(changed)
    assert curate("report", str(work), "--data", str(changed)) == 0
    assert "changed since the audit" in capsys.readouterr().err
    assert 'id="data-rows">null<' in (work / "report.html").read_text(encoding="utf-8")


def test_report_show_pii_and_bad_input(audits, tmp_path, capsys):
    work = tmp_path / "p.audit"
    shutil.copytree(audits["raw"], work)
    assert curate("report", str(work), "--show-pii", "--max-per-check", "5") == 0
    html = (work / "report.html").read_text(encoding="utf-8")
    assert "shown unmasked" in html and "5 in this page" in html and "at most 5 per check and severity" in html
    capsys.readouterr()
    assert curate("report", str(tmp_path / "nowhere")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err and err.count("\n") == 1
    (work / "report.json").write_text("{not json")
    assert curate("report", str(work)) == 2
    assert "is not valid JSON" in capsys.readouterr().err
    (tmp_path / "half.audit").mkdir()
    shutil.copy(audits["raw"] / "report.json", tmp_path / "half.audit" / "report.json")
    assert curate("report", str(tmp_path / "half.audit")) == 2
    assert "no findings.parquet" in capsys.readouterr().err
    assert not (tmp_path / "half.audit" / "report.html").exists()


def test_diff_reports_what_curation_changed(audits):
    old, new = read_report(audits["raw"]), read_report(audits["clean"])
    result = diff_reports(old, new)
    sections = {s.title: {c.name: c for c in s.changes} for s in result.sections}
    rows = sections["Dataset"]["rows"]
    assert (rows.old, rows.new) == (1_200, new.dataset.rows) and rows.delta == new.dataset.rows - 1_200 < 0
    passed = sections["Gate"]["passed"]
    assert (passed.old, passed.new) == (False, True) and passed.verdict == "better"
    errors = sections["Findings by severity"]["error"]
    assert errors.old == old.counts.by_severity["error"] > 0 and errors.new == 0 and errors.verdict == "better"
    gone = sections["Findings by check"]["schema.in_vocabulary (error): rows"]
    assert gone.old > 0 and gone.new == 0
    severe = sections["Label shares"]["severity = severe"]
    assert severe.old > 0 and severe.new == 0 and severe.share


def test_diff_cli_prints_tables_and_writes_a_self_contained_page(audits, tmp_path, capsys):
    out = tmp_path / "diff.html"
    assert curate("diff", str(audits["raw"]), str(audits["clean"]), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "Findings by severity" in err and "schema.in_vocabulary (error): rows" in err and "wrote" in err
    html = out.read_text(encoding="utf-8")
    assert "Gate" in html and "✔" in html and "<script" not in html and "http" not in html.replace(str(audits["root"]), "")
    assert curate("diff", str(audits["raw"] / "report.json"), str(audits["clean"]), "--json", "--no-html") == 0
    parsed = json.loads(capsys.readouterr().out)
    assert [s["title"] for s in parsed["sections"]][:3] == ["Dataset", "Gate", "Findings by severity"]
    assert curate("diff", str(audits["raw"]), str(tmp_path / "missing")) == 2
    assert "does not exist" in capsys.readouterr().err


def test_diff_of_an_audit_with_itself_changes_nothing(audits, capsys):
    assert curate("diff", str(audits["raw"]), str(audits["raw"]), "--no-html") == 0
    err = capsys.readouterr().err
    assert "No figure changed" in err and "same sha256" in err
