"""The layer contract of ARCHITECTURE.md holds, and it catches a backward import.

The contract lives in pyproject.toml (``[tool.importlinter]``) and ``make test`` runs
``lint-imports``.  These tests run import-linter on the real tree and on a copy of the
package with one backward import added (``peled.spectra`` importing ``peled.cli``), which
must break the contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")


def _lint(src: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT), "--config", str(config), "--no-cache"],
        capture_output=True, text=True, env=env, cwd=config.parent, timeout=300,
    )


def test_layer_contract_is_kept():
    result = _lint(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "backward"),
    [("spectra/__init__.py", "peled.cli"), ("device/__init__.py", "peled.measure")],
)
def test_backward_import_breaks_contract(tmp_path, module, backward):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "peled", src / "peled",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    target = src / "peled" / module
    # a function-local import counts as well: import-linter reads every import statement
    target.write_text(
        target.read_text() + f"\n\ndef _backward():\n    import {backward}  # noqa\n"
    )
    config = tmp_path / "pyproject.toml"
    shutil.copy(ROOT / "pyproject.toml", config)
    result = _lint(src, config)
    assert result.returncode != 0
    layer = module.split("/")[0]
    assert f"peled.{layer} is not allowed to import {backward}" in result.stdout
