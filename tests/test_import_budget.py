"""Start-up budget: each CLI command imports only what it uses (sys.modules in a fresh
interpreter, not timing).  colour-science is imported by ``import colour`` only together
with colour.plotting / matplotlib / pandas, so the colour fast path must avoid it.  The
root group builds only the CLI module of the invoked command (``peled.cli.COMMANDS``),
JSON output never imports Rich's console, and the colour path imports neither the
spectrum readers (``peled.io``) nor CRI / white mixing.  Wall-clock ratios are printed by
``benchmarks/bench_startup.py``."""

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
#: modules the start-up budget tracks beyond HEAVY (never forbidden by themselves)
TRACKED = ("rich.console", "peled.io", "peled.spectra.readers", "peled.color.white")

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
cli = sorted(m for m in sys.modules if m.startswith("peled.cli."))
print("\\nMODULES=" + json.dumps([m for m in heavy if m in sys.modules] + cli))
"""


def _imported(args: list[str], tmp_path: Path) -> list[str]:
    """The HEAVY and TRACKED modules and the ``peled.cli.*`` modules that running ``peled
    ARGS`` (or ``--import MODULE``) leaves in ``sys.modules`` of a fresh interpreter."""
    env = dict(os.environ, PYTHONPATH=str(SRC))
    env.pop("PELED_SCHEDULER", None)
    res = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(args),
                          json.dumps(HEAVY + TRACKED)],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr
    line = [s for s in res.stdout.splitlines() if s.startswith("MODULES=")][-1]
    return json.loads(line.removeprefix("MODULES="))


def _heavy_modules(args: list[str], tmp_path: Path) -> list[str]:
    return [m for m in _imported(args, tmp_path) if m in HEAVY]


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


#: command -> the CLI modules it builds besides the shared ``_common`` / ``_execution``
CLI_BUILT = [
    (["--help"], []),
    (["--version"], []),
    (["color", "spectrum", "--peak", "532", "--fwhm", "20", "--json"], ["color"]),
    (["color", "--help"], ["color"]),
    (["lifetime", "convert", "--t", "520", "--from-l0", "1000", "--to-l0", "100", "--json"],
     ["analyze"]),
    (["material", "parse", "CsPbBr3", "--json"], ["material"]),
]


@pytest.mark.parametrize(("args", "modules"), CLI_BUILT,
                         ids=[" ".join(c[0][:2]) for c in CLI_BUILT])
def test_a_command_imports_only_its_cli_module(args, modules, tmp_path):
    imported = _imported(args, tmp_path)
    cli = sorted(m.removeprefix("peled.cli.") for m in imported
                 if m.startswith("peled.cli.") and not m.startswith("peled.cli._"))
    assert cli == modules


def test_json_output_does_not_import_rich_console_or_the_readers(tmp_path):
    imported = _imported(["color", "spectrum", "--peak", "532", "--fwhm", "20", "--json"],
                         tmp_path)
    assert not {"rich.console", "peled.io", "peled.spectra.readers",
                "peled.color.white"} & set(imported)


def test_a_table_still_brings_rich(tmp_path):
    """The check is live: the Rich table of the same command imports rich.console."""
    imported = _imported(["color", "spectrum", "--peak", "532", "--fwhm", "20"], tmp_path)
    assert "rich.console" in imported
