"""Test-session set-up shared by the tests and the doctests of src/.

Every temporary file of a test session lives in one fresh folder (``TMPDIR`` and
:data:`tempfile.tempdir` point there, for subprocesses too).  At the end of the session
that folder must hold nothing but pytest's own ``pytest-of-*`` folder: anything else was
left behind by a test, a doctest or peled itself, and fails the run with the names.
The folder is then removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

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
