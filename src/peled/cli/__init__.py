"""The ``peled`` command-line interface (Typer + Rich).

Every module ``peled/cli/<name>.py`` (not starting with ``_``) defines
``register(app: typer.Typer) -> None`` that adds its sub-app (``peled color ...``)
or top-level commands (``peled report ...``).  Modules are discovered at start-up,
so packages add CLI commands without editing this file.  Keep heavy imports
(colour, matplotlib, scipy.optimize) inside command bodies so ``peled --help``
stays fast.

Conventions (ARCHITECTURE.md, "The CLI rule"): commands that compute something take
``--json`` and then print exactly one JSON object; input errors print ``error: <message>`` on stderr
and exit with status 2 (see :class:`peled.cli._common.PeledGroup`).
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

from peled import __version__
from peled.cli._common import PeledGroup

app = typer.Typer(
    cls=PeledGroup,
    name="peled",
    help=(
        "Perovskite LED research and display engineering.\n\n"
        "Example: peled demo  (then e.g. peled color spectrum --peak 532 --fwhm 20 --json)"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"peled {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """peled: from perovskite material to display, with the colour science in between."""


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main() -> None:
    """Console-script entry point."""
    app()
