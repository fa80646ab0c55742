"""`peled lab ...`: one-line errors with exit 2 and nothing created; determinism; commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peled.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "src/peled/data/examples/lab"

SOBOL = ('[campaign]\nstrategy = "sobol"\nseed = 5\n\n'
         '[[parameters]]\nname = "growth_time_s"\nlow = 20.0\nhigh = 300.0\nlog = true\n\n'
         '[[parameters]]\nname = "ligand"\ntype = "categorical"\n'
         'levels = ["OA/OAm", "DDAB", "zwitterion"]\n\n'
         '[[objectives]]\nname = "plqy"\n\n[budget]\nexperiments = 6\nbatch_size = 3\n')


@pytest.mark.parametrize(("body", "message"), [
    (SOBOL.replace("low = 20.0", "low = 400.0"),
     "parameters.growth_time_s.low: inverted bounds"),
    (SOBOL.replace('name = "plqy"', 'name = "eqe"'),
     "objectives.eqe.name: no measurement of instrument 'twin' produces 'eqe'"),
    (SOBOL.replace("[budget]", "[budgte]"), "budgte: unknown key; did you mean 'budget'?"),
    (SOBOL.replace('levels = ["OA/OAm", "DDAB", "zwitterion"]', 'levels = ["DDAB"]'),
     "parameters.ligand.levels: a categorical parameter needs at least 2 levels"),
    ("[campaign\n", "not valid TOML"),
])
def test_invalid_campaign_one_line_exit_2_nothing_created(tmp_path, body, message):
    toml = tmp_path / "bad.toml"
    toml.write_text(body)
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["lab", "run", str(toml), "-o", str(out), "--json"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert result.stdout == ""
    assert not out.exists()


def test_unknown_instrument_and_existing_campaign(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text(SOBOL)
    r = CliRunner().invoke(app, ["lab", "run", str(toml), "-o", str(tmp_path / "x"),
                                 "--instrument", "robotx"])
    assert r.exit_code == 2 and "unknown instrument 'robotx'" in r.stderr
    assert not (tmp_path / "x").exists()
    assert CliRunner().invoke(app, ["lab", "run", str(toml), "-o", str(tmp_path / "a")]
                              ).exit_code == 0
    r = CliRunner().invoke(app, ["lab", "run", str(toml), "-o", str(tmp_path / "a")])
    assert r.exit_code == 2 and "already a campaign folder" in r.stderr


def test_run_status_import_report_and_seed_determinism(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text(SOBOL)
    runner = CliRunner()
    outs = []
    for name, seed in (("a", "1"), ("b", "1"), ("c", "2")):
        r = runner.invoke(app, ["lab", "run", str(toml), "-o", str(tmp_path / name),
                                "--seed", seed, "--json"])
        assert r.exit_code == 0, r.output
        outs.append(json.loads(r.stdout))
    a, b, c = outs
    assert a["n_experiments"] == 6 and a["state"] == "finished"
    assert a["best"] == b["best"] and a["best_so_far"] == b["best_so_far"]
    assert a["best"]["parameters"] != c["best"]["parameters"]
    r = runner.invoke(app, ["lab", "status", str(tmp_path / "a"), "--json"])
    assert json.loads(r.stdout)["best"] == a["best"]
    csv_file = tmp_path / "earlier.csv"
    csv_file.write_text("growth_time_s,ligand,plqy,notes\n50,DDAB,0.99,old batch\n")
    r = runner.invoke(app, ["lab", "import", str(tmp_path / "a"), str(csv_file), "--json"])
    assert json.loads(r.stdout) == {"campaign_dir": str(tmp_path / "a"), "n_imported": 1}
    st = json.loads(runner.invoke(app, ["lab", "status", str(tmp_path / "a"), "--json"]).stdout)
    assert st["n_imported"] == 1 and st["best"]["outcomes"]["plqy"] == 0.99
    assert st["n_experiments"] == 6  # imports do not use the budget
    bad = tmp_path / "bad.csv"
    bad.write_text("growth_time_s,ligand,plqy\n5,DDAB,0.5\n")
    r = runner.invoke(app, ["lab", "import", str(tmp_path / "a"), str(bad)])
    assert r.exit_code == 2 and "bad.csv:2: growth_time_s = 5 is outside [20, 300]" in r.stderr
    report = tmp_path / "r.html"
    r = runner.invoke(app, ["lab", "report", str(tmp_path / "a"), "-o", str(report)])
    assert r.exit_code == 0
    html = report.read_text()
    assert html.count("<svg") == 3 and "b002-3" in html  # best so far, importance, PD


def test_bo_proposals_repeat_with_seed(tmp_path):
    toml = tmp_path / "c.toml"
    toml.write_text(SOBOL.replace('strategy = "sobol"', 'strategy = "bo"')
                    .replace("experiments = 6", "experiments = 9")
                    .replace("batch_size = 3", "batch_size = 3\ninitial = 6"))
    runs = []
    for name in ("a", "b"):
        r = CliRunner().invoke(app, ["lab", "run", str(toml), "-o", str(tmp_path / name),
                                     "--json"])
        assert r.exit_code == 0, r.output
        runs.append(json.loads(r.stdout)["best_so_far"])
    from peled.lab.store import Store

    pa = [e.parameters for e in Store(tmp_path / "a").experiments()]
    pb = [e.parameters for e in Store(tmp_path / "b").experiments()]
    assert len(pa) == 9 and pa == pb


def test_help_does_not_import_torch():
    code = ("import sys\nfrom peled.cli import app\n"
            "from typer.testing import CliRunner\n"
            "CliRunner().invoke(app, ['--help'])\n"
            "CliRunner().invoke(app, ['lab', '--help'])\n"
            "CliRunner().invoke(app, ['lab', 'run', '--help'])\n"
            "print('torch' in sys.modules, 'botorch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


ROBOT = '''
import json, sys
req = json.load(sys.stdin)
out = []
for e in req["experiments"]:
    x = e["parameters"]["x"]
    if x > 0.9:
        out.append({"id": e["id"], "failed": True, "error": "vial broke"})
    else:
        out.append({"id": e["id"], "objectives": {"plqy": x}})
print(json.dumps({"results": out}))
'''


def test_benchmark_json_with_a_command_instrument(tmp_path):
    from peled.lab.campaign import load_campaign
    from peled.lab.optimizer import propose

    (tmp_path / "robot.py").write_text(ROBOT)
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[[parameters]]\nname = "x"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[objectives]]\nname = "plqy"\n\n[optimization]\ntarget = 0.7\n\n'
        '[budget]\nexperiments = 6\nbatch_size = 3\n\n'
        f'[instrument]\nkind = "command"\ncommand = ["{sys.executable}", '
        f'"{tmp_path / "robot.py"}"]\nmeasures = ["plqy"]\n')
    r = CliRunner().invoke(app, ["lab", "benchmark", str(toml), "--strategies", "sobol,random",
                                 "--repeats", "3", "--seed", "4", "--json"])
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    assert res["target"] == 0.7 and res["budget"] == 6 and res["repeats"] == 3
    c = load_campaign(toml)
    for strategy, out in res["strategies"].items():
        assert set(out["experiments_to_target"]) == {"median", "q1", "q3", "iqr"}
        # independent replay: the baselines' proposals, the robot's rule, the first hit
        expected_hit, expected_best = [], []
        for seed in (4, 5, 6):
            xs = [p["x"] for b in (1, 2) for p in propose(
                c, [], 3, n_sent=3 * (b - 1), batch=b, strategy=strategy, seed=seed)]
            ok = [x for x in xs if x <= 0.9]
            expected_hit.append(next((i + 1 for i, x in enumerate(xs) if 0.7 <= x <= 0.9),
                                     None))
            expected_best.append(max(ok) if ok else None)
        assert out["raw_experiments_to_target"] == expected_hit
        assert out["raw_best_after_budget"] == pytest.approx(expected_best)
        hits = sorted(6 + 1 if h is None else h for h in expected_hit)
        if hits[1] <= 6:
            assert out["experiments_to_target"]["median"] == hits[1]
        print(strategy, expected_hit, out["experiments_to_target"])
