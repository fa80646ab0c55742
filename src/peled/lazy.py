"""Lazy package exports (PEP 562): a package imports a submodule on first use of a name.

``peled.color`` and ``peled.spectra`` export many names from many submodules; importing
them all eagerly costs start-up time for commands that use one (the start-up budget of
the CLI).  :func:`lazy_exports` builds the module-level ``__getattr__`` and ``__dir__``
of such a package from a table name -> defining submodule.

References
----------
Levkivskyi, "PEP 562 -- Module __getattr__ and __dir__", Python Enhancement Proposals
(2017).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, str],
                 public: Sequence[str]) -> tuple[Callable, Callable]:
    """Module ``__getattr__`` and ``__dir__`` that import each public name on first access.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    table : Mapping[str, str]
        Public name -> fully qualified name of the submodule that defines it.
    public : Sequence[str]
        The package's ``__all__`` (listed by ``dir()`` before any import).

    Returns
    -------
    tuple of callable
        ``(__getattr__, __dir__)`` to assign at module level.  ``__getattr__`` caches the
        value in the package namespace, returns a submodule named in ``table`` as an
        attribute (as after an eager import) and raises ``AttributeError`` otherwise.

    Examples
    --------
    >>> import types
    >>> pkg = types.ModuleType("demo_pkg")
    >>> sys.modules["demo_pkg"] = pkg
    >>> pkg.__getattr__, pkg.__dir__ = lazy_exports("demo_pkg", {"sqrt": "math"}, ["sqrt"])
    >>> pkg.sqrt(9.0), "sqrt" in vars(pkg)
    (3.0, True)
    >>> del sys.modules["demo_pkg"]
    """
    submodules = set(table.values())

    def __getattr__(name: str):
        module = table.get(name)
        if module is None:
            if f"{package}.{name}" in submodules:  # a submodule, as after an eager import
                return importlib.import_module(f"{package}.{name}")
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(public))

    return __getattr__, __dir__
