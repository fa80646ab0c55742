"""pytest configuration shared by the test suite and the doctests of src/.

Temporary files: every temporary file of a test session lives in one fresh folder
(``TMPDIR`` and :data:`tempfile.tempdir` point there, for subprocesses too).  At the end
of the session that folder must hold nothing but pytest's own ``pytest-of-*`` folder:
anything else was left behind by a test, a doctest or peled itself, and fails the run
with the names.  The folder is then removed.

NumPy print mode: importing colour-science switches NumPy to its 1.13 legacy print mode
(``0.35`` instead of ``np.float64(0.35)``, ``array([ 0.1,  0.2])``), so without a fixed
mode a doctest's expected output would depend on whether another module imported colour
first.  Every doctest therefore runs in NumPy's default print mode, the one a user sees.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from _pytest.doctest import DoctestItem

_SESSION_TMP: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _SESSION_TMP
    _SESSION_TMP = Path(tempfile.mkdtemp(prefix="peled-tests-"))
    os.environ["TMPDIR"] = str(_SESSION_TMP)
    tempfile.tempdir = str(_SESSION_TMP)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SESSION_TMP is None or not _SESSION_TMP.exists():
        return
    left = sorted(p.name for p in _SESSION_TMP.iterdir() if not p.name.startswith("pytest-of-"))
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        msg = (f"the test session left {len(left)} temporary file(s) behind: "
               + ", ".join(left[:20]))
        if reporter is not None:
            reporter.write_line(f"ERROR: {msg}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _numpy_default_print_mode(request):
    """Run each doctest with NumPy's default print options (restored afterwards)."""
    if not isinstance(request.node, DoctestItem):
        yield
        return
    saved = np.get_printoptions()
    np.set_printoptions(legacy=False)
    try:
        yield
    finally:
        np.set_printoptions(**saved)
