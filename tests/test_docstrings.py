"""Every public function and class of peled has a numpydoc docstring.

Public means listed in its module's ``__all__``.  Checked with numpydoc's own validator
(the rules of the numpydoc docstring standard): a function documents every parameter
(PR01/PR02, each with a description PR07), has a Returns or Yields section (RT01, unless
it returns None) and an Examples section (EX01), which ``pytest --doctest-modules`` runs.
Classes need a docstring with a one-line summary.  Every module defines ``__all__``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

numpydoc_validate = pytest.importorskip("numpydoc.validate")

import peled  # noqa: E402

FUNCTION_CODES = {"GL08", "PR01", "PR02", "PR07", "RT01", "EX01", "SS01"}
CLASS_CODES = {"GL08", "SS01"}


def _modules():
    names = []
    for info in pkgutil.walk_packages(peled.__path__, "peled."):
        if info.name.startswith("peled.cli") or "._" in info.name:
            continue
        names.append(info.name)
    return sorted(names)


MODULES = _modules()


def _returns_none(func) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation in (None, "None")


# Every module of peled passes the audit strictly (no allow-list).
PARAMS = MODULES


@pytest.mark.parametrize("module_name", PARAMS)
def test_module_defines_sorted_all(module_name):
    module = importlib.import_module(module_name)
    assert hasattr(module, "__all__"), f"{module_name} has no __all__"
    assert list(module.__all__) == sorted(module.__all__), f"{module_name}.__all__ is not sorted"


@pytest.mark.parametrize("module_name", PARAMS)
def test_public_objects_have_numpydoc_docstrings(module_name):
    module = importlib.import_module(module_name)
    problems = []
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if getattr(obj, "__module__", None) != module_name:
            continue  # re-exported: checked where it is defined
        result = numpydoc_validate.validate(f"{module_name}.{obj.__qualname__}")
        codes = CLASS_CODES if inspect.isclass(obj) else FUNCTION_CODES
        if inspect.isfunction(obj) and _returns_none(obj):
            codes = codes - {"RT01"}
        errors = [f"{code} {msg}" for code, msg in result["errors"] if code in codes]
        if errors:
            problems.append(f"{name}: " + "; ".join(errors))
    assert not problems, f"{module_name}:\n" + "\n".join(problems)
