"""Start-up budget: each CLI command imports only what it uses (sys.modules in a fresh
interpreter, not timing).  colour-science is imported by ``import colour`` only together
with colour.plotting / matplotlib / pandas, so the colour fast path must avoid it."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import peled.cli

SRC = Path(__file__).resolve().parents[1] / "src"
EXAMPLES = SRC / "peled" / "data" / "examples"
HEAVY = ("matplotlib", "torch", "scipy.optimize", "colour", "pandas", "distributed")

DRIVER = """
import json, sys
args = json.loads(sys.argv[1])
if args and args[0] == "--import":
    import importlib
    importlib.import_module(args[1])
else:
    from peled.cli import app
    try:
        app(args, prog_name="peled", standalone_mode=False)
    except SystemExit:
        pass
heavy = json.loads(sys.argv[2])
print("\\nMODULES=" + json.dumps([m for m in heavy if m in sys.modules]))
"""


def _heavy_modules(args: list[str], tmp_path: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("PELED_SCHEDULER", None)
    res = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(args), json.dumps(HEAVY)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr
    line = [s for s in res.stdout.splitlines() if s.startswith("MODULES=")][-1]
    return json.loads(line.removeprefix("MODULES="))


CLI_MODULES = sorted(m.name for m in pkgutil.iter_modules(peled.cli.__path__))


@pytest.mark.parametrize("module", CLI_MODULES)
def test_importing_a_cli_module_pulls_nothing_heavy(module, tmp_path):
    assert _heavy_modules(["--import", f"peled.cli.{module}"], tmp_path) == []


#: command -> heavy modules it may import (everything else of HEAVY is forbidden)
COMMANDS = [
    (["--help"], ()),
    (["color", "spectrum", "--peak", "532", "--fwhm", "20", "--json"], ()),
    (["color", "file", str(EXAMPLES / "spectra" / "green.csv"), "--json"], ()),
    (["color", "cct", "--xy", "0.3127,0.3290", "--method", "ohno", "--json"], ()),
    (["color", "gamut", "--peaks", "630,532,467", "--fwhm", "20", "--json"], ()),
    (["lit", "query", "--color", "green", "--class", "PNC", "--min-eqe", "20", "--json"],
     ("pandas",)),
    (["lifetime", "convert", "--t", "520", "--from-l0", "1000", "--to-l0", "100", "--json"],
     ()),
    (["film", "simulate", str(EXAMPLES / "film" / "antisolvent.toml"), "--json"],
     ("scipy.optimize",)),
    (["analyze", str(EXAMPLES / "devices"), "--json"], ("scipy.optimize",)),
]


@pytest.mark.parametrize(("args", "allowed"), COMMANDS, ids=[" ".join(c[0][:2])
                                                             for c in COMMANDS])
def test_command_imports_only_what_it_uses(args, allowed, tmp_path):
    pulled = _heavy_modules(args, tmp_path)
    assert sorted(set(pulled) - set(allowed)) == [], args


def test_a_figure_still_brings_matplotlib(tmp_path):
    """The check is live: writing a figure imports matplotlib (and nothing of torch)."""
    pulled = _heavy_modules(["film", "simulate", str(EXAMPLES / "film" / "antisolvent.toml"),
                             "-o", str(tmp_path / "run"), "--json"], tmp_path)
    assert "matplotlib" in pulled and "torch" not in pulled
