"""The `peled lab` examples of README.md run in order, as a user would type them."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

from typer.testing import CliRunner

from peled.cli import app

ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index("### Closed-loop lab")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def test_robot_example_is_the_readme_script():
    block = re.search(r"```python\n(.*?)```", _section(), re.S).group(1)
    script = (ROOT / "src/peled/data/examples/lab/robot_example.py").read_text()
    assert block == script
    assert len(block.strip().splitlines()) == 11  # ten lines of logic and one print


def test_readme_lab_commands_run_in_sequence(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "src").symlink_to(ROOT / "src")
    runner = CliRunner()
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", _section(), re.S):
        commands += [ln.strip() for ln in block.splitlines() if ln.strip()]
    assert {shlex.split(c)[2] for c in commands if c.startswith("peled ")} == {
        "run", "status", "import", "resume", "report", "benchmark"}
    for command in commands:
        args = shlex.split(command)
        if args[0] == "cp":
            shutil.copyfile(args[1], args[2])
            continue
        result = runner.invoke(app, args[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
        if "--json" in args:
            out = json.loads(result.stdout)
            if args[2] == "run":
                assert out["n_experiments"] == out["budget"] or out["state"] == "waiting"
    status = json.loads(runner.invoke(app, ["lab", "status", "lab-run", "--json"]).stdout)
    assert status["n_imported"] == 4 and status["state"] == "finished"
    cmd = json.loads(runner.invoke(app, ["lab", "status", "command-run", "--json"]).stdout)
    # the example robot: peak = 518 + 120 x, so 560 nm needs x = 0.35
    best = cmd["best"]
    assert abs(best["outcomes"]["peak_nm"] - (518 + 120 * best["parameters"]
                                             ["iodide_fraction"])) < 0.05
    assert abs(best["outcomes"]["fwhm_nm"] - 20.0) < 0.05
    assert (tmp_path / "lab-report.html").stat().st_size > 10_000
