"""kill -9 of `peled lab run` in the middle of a batch, then resume: nothing lost or doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peled.lab.loop import run_campaign, start_campaign
from peled.lab.store import Store

ROBOT = '''
import json, sys, time
from pathlib import Path
log = Path(sys.argv[1])
req = json.load(sys.stdin)
results = []
for e in req["experiments"]:
    with open(log, "a") as fh:
        fh.write(e["id"] + "\\n")
    time.sleep(0.15)
    x = e["parameters"]["x"]
    results.append({"id": e["id"], "objectives": {"plqy": 1.0 - (x - 0.3) ** 2}})
print(json.dumps({"results": results}))
'''


def campaign_file(tmp_path: Path, budget: int = 9, batch: int = 3) -> tuple[Path, Path]:
    robot = tmp_path / "robot.py"
    robot.write_text(ROBOT)
    log = tmp_path / "executions.log"
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[campaign]\nstrategy = "sobol"\n\n'
        '[[parameters]]\nname = "x"\nlow = 0.0\nhigh = 1.0\n\n'
        '[[objectives]]\nname = "plqy"\ngoal = "maximize"\n\n'
        f'[budget]\nexperiments = {budget}\nbatch_size = {batch}\n\n'
        '[instrument]\nkind = "command"\n'
        f'command = [{json.dumps(sys.executable)}, {json.dumps(str(robot))}, '
        f'{json.dumps(str(log))}]\ntimeout_s = 30\n')
    return toml, log


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from peled.cli import main; main()", *args]


def _executions(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> list[dict]:
    """Proposals of the same campaign run without interruption (the reference)."""
    tmp = tmp_path_factory.mktemp("ref")
    toml, _ = campaign_file(tmp)
    start_campaign(toml, tmp / "run")
    run_campaign(tmp / "run")
    return [e.parameters for e in Store(tmp / "run").experiments()]


@pytest.mark.parametrize("kill_after", [1, 4, 8])
def test_kill_minus_nine_then_resume(tmp_path, kill_after, uninterrupted):
    toml, log = campaign_file(tmp_path)
    folder = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[2] / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(_cli("lab", "run", str(toml), "-o", str(folder), "--json"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while len(_executions(log)) < kill_after and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = Store(folder)
    measured_before = {e.id: e.outcomes for e in before.experiments(("measured",))}
    before.close()
    assert len(measured_before) < 9  # killed before the end

    summary = run_campaign(folder)
    assert summary.state == "finished"
    assert summary.n_experiments == 9 and summary.n_measured == 9 and summary.n_failed == 0
    with sqlite3.connect(folder / "lab.sqlite") as db:
        ids = [r[0] for r in db.execute("SELECT experiment_id FROM results")]
        n_exp = db.execute("SELECT COUNT(*) FROM experiments").fetchone()[0]
    assert len(ids) == len(set(ids)) == 9 == n_exp
    after = {e.id: e.outcomes for e in Store(folder).experiments()}
    for exp_id, outcomes in measured_before.items():  # completed results kept as they were
        assert after[exp_id] == outcomes
    # every experiment of the campaign ran at least once; re-sent ones at most twice
    runs = _executions(log)
    assert set(runs) == set(after)
    print("kill after", kill_after, "executions:", len(runs), "re-sent:",
          sorted({i for i in runs if runs.count(i) > 1}))
    assert all(runs.count(i) <= 2 for i in after)
    # the proposals equal those of an uninterrupted run (deterministic with the seed)
    assert uninterrupted == [e.parameters for e in Store(folder).experiments()]
