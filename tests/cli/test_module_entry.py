"""``python -m peled`` runs the same CLI as the ``peled`` script."""

from __future__ import annotations

import json
import subprocess
import sys

import peled


def test_python_dash_m_peled_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "peled", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == f"peled {peled.__version__}"
    out = subprocess.run([sys.executable, "-m", "peled", "color", "spectrum", "--peak", "532",
                          "--fwhm", "20", "--json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["peak_nm"] == 532.0
    bad = subprocess.run([sys.executable, "-m", "peled", "color", "spectrum", "--peak", "-5"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")
