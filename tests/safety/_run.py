"""Run the ``peled`` command line in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
EXAMPLES = SRC / "peled" / "data" / "examples"


def env() -> dict:
    """The environment of a peled subprocess: this checkout's sources first."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC) + os.pathsep + e.get("PYTHONPATH", "")
    e["COLUMNS"] = "200"
    return e


#: argv prefix that runs the ``peled`` console script of this checkout.
PELED = [sys.executable, "-c",
         "import sys; sys.argv[0] = 'peled'; from peled.cli import main; main()"]


def peled(*args, cwd=None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``peled ARGS`` in a subprocess with text output captured."""
    return subprocess.run([*PELED, *map(str, args)], cwd=cwd,
                          env=env(), capture_output=True, text=True, timeout=timeout,
                          errors="backslashreplace")


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit status 2, nothing on stdout, exactly one ``error: ...`` line on stderr."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], proc.stderr[-2000:]
    for f in fragments:
        assert f in errors[0], (f, errors[0])
    return errors[0]
