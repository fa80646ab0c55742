"""The ``peled`` command-line interface (Typer + Rich).

Every module ``peled/cli/<name>.py`` (not starting with ``_``) defines
``register(app: typer.Typer) -> None`` that adds its sub-app (``peled color ...``)
or top-level commands (``peled report ...``).  The root group loads them lazily
(Click's "lazily loading subcommands" pattern): :data:`COMMANDS` names every top-level
command, the module that registers it and its one-line help, so ``peled --help`` is
rendered from the table and ``peled color spectrum`` imports and builds only
``peled.cli.color``.  A new CLI module is added to :data:`COMMANDS`;
``tests/cli/test_lazy_commands.py`` fails until the table matches what the modules
register (names, order, help, hidden).  Keep heavy imports (colour, matplotlib,
scipy.optimize) inside command bodies so start-up stays fast.

Conventions (ARCHITECTURE.md, "The CLI rule"): commands that compute something take
``--json`` and then print exactly one JSON object; input errors print ``error: <message>`` on stderr
and exit with status 2 (see :class:`peled.cli._common.PeledGroup`).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any, NamedTuple

import typer
import typer.core
import typer.main

from peled import __version__
from peled.cli._common import PeledGroup


class CommandEntry(NamedTuple):
    """A top-level command of the root group: where it lives and how ``--help`` lists it."""

    module: str
    """The module ``peled.cli.<module>`` whose ``register(app)`` adds the command."""
    help: str
    """The first paragraph of the command's help, as ``peled --help`` shows it."""
    hidden: bool = False
    """Hidden from ``peled --help`` (deprecated spellings)."""


#: Every top-level command in the order of ``peled --help`` (the order in which
#: registering the modules alphabetically adds them: commands first, then sub-apps).
COMMANDS: dict[str, CommandEntry] = {
    "analyze": CommandEntry(
        "analyze",
        "Figures of merit of a device or a batch: EQE, CE, PE, L, V_on, roll-off, EL, lifetime."),
    "sclc": CommandEntry(
        "characterize",
        "SCLC analysis: regions, V_TFL (+- stderr), N_t (Jiang et al. 2024 eqn 13), mobility.",
        hidden=True),
    "admittance": CommandEntry(
        "characterize",
        "Trap DOS N_t(E_w) (Walter et al. 1996) and thermal-admittance E_a, w0.", hidden=True),
    "arrhenius": CommandEntry(
        "characterize", "Arrhenius fit with standard errors and the valid temperature range.",
        hidden=True),
    "demo": CommandEntry(
        "demo", "Run peled on the bundled example data and write OUT/ (replaced atomically)."),
    "report": CommandEntry(
        "report",
        "Analyse a device or a batch and write OUT/index.html, results.json, results.csv, "
        "figures/."),
    "lifetime": CommandEntry(
        "analyze",
        "Operational lifetime: convert between initial luminances with LT2/LT1 = (L1/L2)^n."),
    "characterize": CommandEntry(
        "characterize",
        "Trap and ion characterisation: SCLC, admittance, C-V, Arrhenius, TA, defect formation "
        "energies."),
    "defects": CommandEntry("characterize", "Deprecated: use 'peled characterize'.",
                            hidden=True),
    "color": CommandEntry(
        "color",
        "Colorimetry of emission spectra: CIE xy/u'v', gamut, CCT/Duv, CRI, white mixing."),
    "display": CommandEntry(
        "display",
        "Pixels and displays: PPI/pitch, sidewalls, pixelation loss, drive, panel colour/power."),
    "emitter": CommandEntry(
        "emitter", "Recombination kinetics: PLQY(n) of the ABC model and TrPL fits."),
    "film": CommandEntry(
        "film",
        "Crystallization of perovskite films: CNT nucleation, LaMer burst, growth, Ostwald "
        "ripening, process maps."),
    "lab": CommandEntry(
        "lab",
        "Closed-loop optimisation of syntheses: propose -> run -> measure, against the digital "
        "twin, a person (manual) or your robot (command)."),
    "lit": CommandEntry(
        "lit", "Literature dataset of five PeLED reviews: queries, records, plots, gap, checks."),
    "material": CommandEntry(
        "material",
        "Perovskite compositions: parse formulas, tolerance factors, emission colour."),
    "optics": CommandEntry(
        "optics",
        "Thin-film optics of a device stack: transfer-matrix R/T/A per layer, dipole outcoupling "
        "(air, substrate, waveguide, plasmon, absorption), Purcell factor."),
    "simulate": CommandEntry(
        "simulate",
        "Device simulation of a stack file (schema: docs/stack-schema.md): steady-state "
        "drift-diffusion J-V with the current split, IQE, EQE and luminance."),
}

#: module name -> the Typer app its ``register`` filled (each module registers once).
_REGISTERED: dict[str, typer.Typer] = {}


def _registered(module: str) -> typer.Typer:
    """The Typer app holding what ``peled.cli.<module>.register`` adds (imported once)."""
    if module not in _REGISTERED:
        holder = typer.Typer(rich_markup_mode=app.rich_markup_mode,
                             pretty_exceptions_short=app.pretty_exceptions_short,
                             suggest_commands=app.suggest_commands)
        importlib.import_module(f"{__name__}.{module}").register(holder)
        _REGISTERED[module] = holder
    return _REGISTERED[module]


def _build(module: str) -> dict[str, Any]:
    """The Click commands (name -> command) of one CLI module, built from its Typer app."""
    return dict(typer.main.get_group(_registered(module)).commands)


class _LazyCommands(MutableMapping):
    """The root group's ``commands``: names from :data:`COMMANDS`; a command is built (its
    module imported, its parameters converted by Typer) when it is first looked up."""

    def __init__(self, table: dict[str, CommandEntry]) -> None:
        self._table = table
        self._names = list(table)
        self._built: dict[str, Any] = {}

    def _load(self, name: str) -> None:
        module = self._table[name].module
        for sub_name, command in _build(module).items():
            entry = self._table.get(sub_name)
            if entry is not None and entry.module == module:
                self._built.setdefault(sub_name, command)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built and name in self._table:
            self._load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def listed(self, name: str) -> Any:
        """The command as ``peled --help`` lists it: built if it already is, else a
        stand-in carrying the name, help and hidden flag of :data:`COMMANDS`."""
        if name in self._built or name not in self._table:
            return self._built.get(name)
        entry = self._table[name]
        return typer.core.TyperCommand(name, help=entry.help, hidden=entry.hidden)


class RootGroup(PeledGroup):
    """The ``peled`` group: :class:`PeledGroup` whose sub-commands are loaded on first use.

    ``peled --help`` lists the commands from :data:`COMMANDS` without importing their
    modules; looking a command up (to run it, or its own ``--help``) imports and builds
    only the module that registers it.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        lazy = _LazyCommands(COMMANDS)
        for name, command in self.commands.items():  # commands given to the app itself
            lazy[name] = command
        self.commands = lazy
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: D102
        return list(self.commands)  # the names only: Typer's version builds every command

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # noqa: D102
        if self._listing:
            return self.commands.listed(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:  # noqa: D102
        self._listing = True
        try:
            return super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    cls=RootGroup,
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


def _discover() -> dict[str, CommandEntry]:
    """Every top-level command of every CLI module, found by importing them all.

    What :data:`COMMANDS` must equal (``tests/cli/test_lazy_commands.py``): the modules
    are registered alphabetically and the root group lists commands before sub-apps, as
    one Typer app holding them all would.
    """
    import inspect
    import pkgutil

    commands, groups = {}, {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if getattr(module, "register", None) is None:
            continue
        for name, command in _build(info.name).items():
            text = inspect.cleandoc(command.short_help or command.help or "")
            entry = CommandEntry(info.name, text.split("\n\n")[0].strip(), command.hidden)
            (groups if isinstance(command, typer.core.TyperGroup) else commands)[name] = entry
    return commands | groups


def main() -> None:
    """Console-script entry point."""
    app()
