"""Every `peled ...` command shown in README.md runs and, with --json, prints one JSON object."""

from __future__ import annotations

import glob
import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peled.cli import app

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("peled "):
                commands.append(line)
    return commands


COMMANDS = readme_commands()


def test_readme_documents_commands():
    groups = {shlex.split(c)[1] for c in COMMANDS}
    assert {
        "color", "demo", "analyze", "lifetime", "report", "material", "emitter", "film",
        "characterize", "lit", "display",
    } <= groups


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Outputs written by earlier README commands (a later command may read them)."""
    return tmp_path_factory.mktemp("readme_outputs")


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command, outputs, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = []
    for arg in shlex.split(command)[1:]:  # expand globs as a shell would
        args.extend(sorted(glob.glob(arg)) if "*" in arg else [arg])
    # an argument naming an output of an earlier command reads that output
    args = [str(outputs / a) if (outputs / a).exists() and not Path(a).exists() else a
            for a in args]
    for i, arg in enumerate(args[:-1]):
        if arg in ("-o", "--out"):
            args[i + 1] = str(outputs / Path(args[i + 1]).name)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"{command}\n{result.output}"
    if "--json" in args:
        json.loads(result.stdout)
