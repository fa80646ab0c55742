"""consistency_report: the CLI's findings table from one library call."""

import json

from typer.testing import CliRunner

from peled.cli import app
from peled.literature import load, load_expected_findings
from peled.literature.check import check, consistency_report, unexplained


def test_report_matches_check_and_unexplained_and_the_cli():
    df = load()
    report = consistency_report(df, load_expected_findings())
    assert len(report.findings) == len(check(df))
    assert len(report.unexplained) == len(unexplained(check(df), df, load_expected_findings()))
    out = report.as_dict()
    assert out["count"] == len(report.findings)
    assert sum(not r["explained"] for r in out["findings"]) == out["unexplained"]
    r = CliRunner().invoke(app, ["lit", "check", "--json"])
    assert json.loads(r.stdout)["count"] == out["count"]
