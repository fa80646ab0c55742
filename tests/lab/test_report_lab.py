"""The numbers behind the campaign report: best so far, hypervolume, Pareto front,
partial dependence and importance; and the HTML report itself."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.lab.campaign import parse_campaign
from peled.lab.insights import campaign_insights, importance, partial_dependence
from peled.lab.instruments import Instrument, Measurement
from peled.lab.loop import open_campaign, run_campaign, start_campaign
from peled.report import lab_figures as LF

TWIN = ('[campaign]\nstrategy = "sobol"\nseed = 3\n\n'
        '[[parameters]]\nname = "growth_time_s"\nlow = 20.0\nhigh = 600.0\nlog = true\n\n'
        '[[parameters]]\nname = "ligand"\ntype = "categorical"\n'
        'levels = ["OA/OAm", "DDAB", "zwitterion"]\n\n'
        '[[objectives]]\nname = "plqy"\n\n[budget]\nexperiments = 10\nbatch_size = 5\n\n'
        '[instrument]\nkind = "twin"\nfailure_probability = 0.2\n')


@pytest.fixture(scope="module")
def twin_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("twin")
    (tmp / "c.toml").write_text(TWIN)
    folder = start_campaign(tmp / "c.toml", tmp / "run")
    run_campaign(folder)
    return folder


def test_best_so_far_is_running_max_of_stored_results(twin_run):
    with sqlite3.connect(twin_run / "lab.sqlite") as db:
        rows = db.execute("SELECT e.state, r.outcomes FROM experiments e LEFT JOIN results r "
                          "ON r.experiment_id = e.id ORDER BY e.seq").fetchall()
    plqy = [json.loads(o)["plqy"] if s == "measured" else -np.inf for s, o in rows]
    assert any(s == "failed" for s, _ in rows)  # the run has failures to skip
    expected = np.maximum.accumulate(plqy)
    ins = campaign_insights(twin_run, model=False)
    got = np.array([-np.inf if v is None else v for v in ins.best_so_far["plqy"]])
    np.testing.assert_array_equal(got, expected)
    assert ins.summary["best"]["objectives"]["plqy"] == expected[-1]
    fig = LF.best_so_far_figure(ins)
    line = fig.axes[0].lines[0].get_ydata()
    np.testing.assert_array_equal(line, expected[np.isfinite(expected)])


class Listed(Instrument):
    """Returns the outcomes of a fixed list, in the order of the experiments."""

    name = "listed"
    values = [{"a": 1.0, "c": 1.0}, {"a": 2.0, "c": 2.0}, {"a": 3.0, "c": 3.0},
              {"a": 1.0, "c": 3.0}]

    def run(self, batch, experiments):
        return [Measurement(i, self.values[int(i.split("-")[1]) - 1 + 4 * (batch - 1)])
                for i, _ in experiments]


def test_hypervolume_curve_and_pareto_front_by_hand(tmp_path):
    # maximise a (reference 0), minimise c (reference 4): heights above the reference
    # 3, 2, 1 at a = 1, 2, 3; the staircase areas are 3, 3 + 2 = 5, 3 + 2 + 1 = 6, and the
    # fourth point (1, 3) is dominated by (1, 1): 6 again.
    toml = tmp_path / "p.toml"
    toml.write_text(
        '[campaign]\nstrategy = "random"\n\n'
        '[[parameters]]\nname = "x"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[objectives]]\nname = "a"\ngoal = "maximize"\nreference = 0.0\n\n'
        '[[objectives]]\nname = "c"\ngoal = "minimize"\nreference = 4.0\n\n'
        '[optimization]\nmode = "pareto"\n\n[budget]\nexperiments = 4\nbatch_size = 4\n\n'
        '[instrument]\nkind = "manual"\nmeasures = ["a", "c"]\n')
    folder = start_campaign(toml, tmp_path / "run")
    campaign, store = open_campaign(folder)
    store.close()
    run_campaign(folder, instrument=Listed(campaign, folder, 0))
    ins = campaign_insights(folder, model=False)
    assert ins.hypervolume == [3.0, 5.0, 6.0, 6.0]
    assert ins.pareto_points == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [1.0, 3.0]]
    assert ins.pareto_mask == [True, True, True, False]
    assert ins.best_so_far == {"a": [1.0, 2.0, 3.0, 3.0], "c": [1.0, 1.0, 1.0, 1.0]}
    assert LF.hypervolume_figure(ins).axes[0].lines[0].get_ydata().tolist() == [3, 5, 6, 6]
    front = LF.pareto_figure(ins).axes[0].lines[1].get_xydata().tolist()
    assert front == [[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]
    html, titles = LF.campaign_report_html(ins)
    assert titles[:3] == ["Best so far", "Hypervolume", "Pareto front"]
    assert "Hypervolume 6 with 3 Pareto point(s)" in html


def test_partial_dependence_and_importance_of_a_known_model():
    c = parse_campaign({
        "parameters": [{"name": "a", "low": 0, "high": 1}, {"name": "b", "low": 0, "high": 1},
                       {"name": "s", "type": "categorical", "levels": ["p", "q", "r"]}],
        "objectives": [{"name": "plqy"}], "budget": {"experiments": 4}})
    X = np.array([[0.2, 0.0, 0.0], [0.4, 0.5, 1.0], [0.9, 1.0, 2.0]])

    def model(R):  # 3 a + b^2 + 2 s
        return (3 * R[:, 0] + R[:, 1] ** 2 + 2 * R[:, 2])[:, None]

    pd = partial_dependence(c, X, model, ["y"])
    # PD_a(v) = 3 v + mean(b^2) + 2 mean(s) = 3 v + 1.25 / 3 + 2
    np.testing.assert_allclose(pd[0].values["y"], 3 * np.linspace(0, 1, 25) + 1.25 / 3 + 2)
    # std (ddof 1) of 25 even points on [0, 1] is sqrt(25 * 26 / 12) / 24 = 0.306658
    assert pd[0].importance["y"] == pytest.approx(3 * np.sqrt(25 * 26 / 12) / 24, rel=1e-12)
    # categorical: PD_s = 2 s + const at s = 0, 1, 2 -> range 4, importance 4 / 4
    assert pd[2].grid == ["p", "q", "r"] and pd[2].importance["y"] == pytest.approx(1.0)
    assert importance("continuous", [5.0]) == 0.0


def test_gp_importance_finds_the_parameter_that_matters(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[campaign]\nstrategy = "sobol"\n\n'
        '[[parameters]]\nname = "x0"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[parameters]]\nname = "x1"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[parameters]]\nname = "s"\ntype = "categorical"\nlevels = ["p", "q"]\n\n'
        '[[objectives]]\nname = "plqy"\n\n[budget]\nexperiments = 12\nbatch_size = 6\n\n'
        '[instrument]\nkind = "manual"\nmeasures = ["plqy"]\n')

    class Linear(Instrument):
        def run(self, batch, experiments):
            return [Measurement(i, {"plqy": p["x0"]}) for i, p in experiments]

    folder = start_campaign(toml, tmp_path / "run")
    campaign, store = open_campaign(folder)
    store.close()
    run_campaign(folder, instrument=Linear(campaign, folder, 0))
    ins = campaign_insights(folder)
    imp = {p.parameter: p.importance["plqy"] for p in ins.partial_dependence}
    print("importance", imp)
    # y = x0: PD_x0 is the line itself, std over the grid 0.3067; the others are flat
    assert imp["x0"] == pytest.approx(0.306658, rel=0.05)
    assert imp["x1"] < 0.02 and imp["s"] < 0.02
    curve = ins.partial_dependence[0].values["plqy"]
    assert curve[0] == pytest.approx(0.0, abs=0.03) and curve[-1] == pytest.approx(1.0, abs=0.03)
    fig = LF.partial_dependence_figure(ins)
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), curve)
    bars = [float(p.get_width()) for p in LF.importance_figure(ins).axes[0].patches]
    assert bars == pytest.approx([imp["x0"], imp["x1"], imp["s"]])


def test_report_command_writes_self_contained_svg_html(twin_run, tmp_path):
    out = tmp_path / "r.html"
    r = CliRunner().invoke(app, ["lab", "report", str(twin_run), "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["figures"] == ["Best so far", "Parameter importance", "Partial dependence"]
    text = out.read_text()
    assert res["bytes"] == len(text.encode())
    assert text.count("<svg") == 3 and "data:image/png" not in text
    assert "http://" not in text and "https://" not in text and "<script" not in text
    assert "b001-1" in text and "b002-5" in text
    bad = CliRunner().invoke(app, ["lab", "report", str(tmp_path / "nope"), "-o",
                                   str(tmp_path / "x.html")])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: ")
    assert not (tmp_path / "x.html").exists()
