"""``peled.color`` and ``peled.spectra`` import their submodules on first access (PEP 562)
and keep their public API: every ``__all__`` name resolves, in a fresh interpreter, to the
object its defining module holds."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ["peled.color", "peled.spectra"]


def _fresh(code: str, tmp_path: Path) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object last."""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(SRC)), cwd=tmp_path, timeout=120)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.splitlines()[-1])


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_resolves_in_a_fresh_interpreter(package, tmp_path):
    code = f"""
import importlib, json
pkg = importlib.import_module({package!r})
bad = []
for name in pkg.__all__:
    ns = {{}}
    exec(f"from {package} import {{name}} as obj", ns)
    source = pkg._LAZY.get(name)
    if source is not None and ns["obj"] is not getattr(importlib.import_module(source), name):
        bad.append(name)
print(json.dumps({{"bad": bad, "n": len(pkg.__all__)}}))
"""
    out = _fresh(code, tmp_path)
    module = importlib.import_module(package)
    assert out == {"bad": [], "n": len(module.__all__)}


@pytest.mark.parametrize("package", PACKAGES)
def test_lazy_table_covers_all_and_nothing_else(package):
    module = importlib.import_module(package)
    eager = {n for n in module.__all__ if n not in module._LAZY}
    assert set(module._LAZY) <= set(module.__all__)
    assert all(n in vars(module) for n in eager), "a public name is neither lazy nor eager"
    assert set(module.__all__) <= set(dir(module))


@pytest.mark.parametrize("package", PACKAGES)
def test_unknown_names_raise_attribute_error(package):
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        module.no_such_name  # noqa: B018
    assert not hasattr(module, "no_such_name")


def test_submodules_stay_reachable_as_attributes(tmp_path):
    out = _fresh("""
import json, peled.color, peled.spectra
print(json.dumps([peled.color.white.__name__, peled.spectra.readers.__name__,
                  peled.color.gamut.gamut_metrics.__module__]))
""", tmp_path)
    assert out == ["peled.color.white", "peled.spectra.readers", "peled.color.gamut"]


def test_cri_names_the_function_even_after_its_submodule_is_imported(tmp_path):
    out = _fresh("""
import json, inspect
import peled.color.cri
import peled.color.white
from peled.color import cri
print(json.dumps([inspect.isfunction(cri), cri.__module__]))
""", tmp_path)
    assert out == [True, "peled.color.cri"]


def test_colour_path_imports_neither_readers_nor_white(tmp_path):
    out = _fresh("""
import json, sys
from peled.color.summary import spectrum_color_summary
from peled.spectra import line_spectrum
from peled.spectra.lineshapes import model_grid_nm
s = spectrum_color_summary(line_spectrum(532.0, 20.0, "gaussian", model_grid_nm(532.0, 20.0)))
print(json.dumps([m for m in ("peled.io", "peled.spectra.readers", "peled.color.white")
                  if m in sys.modules] + [round(float(s["x"]), 4)]))
""", tmp_path)
    assert out == [0.1785]  # x of a 532 nm, 20 nm Gaussian line (CIE 1931): the CLI's value


def test_the_check_is_live_reading_a_file_imports_the_readers(tmp_path):
    out = _fresh("""
import json, sys
from peled.spectra import read_spectrum
print(json.dumps(["peled.spectra.readers" in sys.modules, "peled.io" in sys.modules]))
""", tmp_path)
    assert out == [True, True]


@pytest.mark.parametrize("package", PACKAGES)
def test_type_checking_imports_match_the_lazy_table(package):
    """The ``if TYPE_CHECKING:`` imports (for type checkers and import-linter) name the same
    objects from the same modules as the table ``__getattr__`` reads."""
    import ast

    module = importlib.import_module(package)
    tree = ast.parse(Path(module.__file__).read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and getattr(node.test, "id", None) == "TYPE_CHECKING")
    static = {alias.name: node.module for node in block.body
              if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert static == module._LAZY
