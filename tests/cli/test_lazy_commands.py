"""The root group loads sub-commands lazily and behaves as if they were all registered.

``peled.cli.COMMANDS`` is a static table (name -> module, help, hidden) so that
``peled --help`` needs no CLI module and ``peled color ...`` imports only
``peled.cli.color``.  These tests keep the table honest against what the modules
register, and check that help, typo suggestions and command lookup are unchanged.
"""

from __future__ import annotations

import pkgutil

import pytest
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

import peled.cli
from peled.cli import COMMANDS, CommandEntry, _discover, app

runner = CliRunner()


def test_table_matches_the_registered_commands():
    """Adding, renaming or re-documenting a command without updating COMMANDS fails here."""
    found = _discover()
    assert list(found) == list(COMMANDS), "order or names differ; COMMANDS should be:\n" + \
        "\n".join(f"{k!r}: {v!r}," for k, v in found.items())
    for name, entry in found.items():
        assert COMMANDS[name] == entry, f"COMMANDS[{name!r}] should be {entry!r}"


def test_every_cli_module_is_in_the_table():
    modules = {m.name for m in pkgutil.iter_modules(peled.cli.__path__)
               if not m.name.startswith("_")}
    assert modules == {entry.module for entry in COMMANDS.values()}


def test_a_module_missing_from_the_table_would_be_found():
    """The check is live: a command registered by a module but absent from the table is
    reported by the discovery the table test compares with."""
    table = dict(COMMANDS)
    del table["material"]
    assert _discover() != table
    assert _discover()["material"] == CommandEntry(
        "material", "Perovskite compositions: parse formulas, tolerance factors, emission "
        "colour.")


def _help() -> str:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0
    return result.output


def test_root_help_lists_the_table_as_the_real_commands_would(monkeypatch):
    lazy = _help()
    group = typer.main.get_command(app)
    real = dict(group.commands.items())  # builds every module
    assert all(isinstance(c, TyperGroup) or c.callback is not None for c in real.values())
    # render the listing from the real commands: the stand-ins are bypassed
    monkeypatch.setattr(peled.cli._LazyCommands, "listed",
                        lambda self, name: real.get(name))
    eager = _help()
    assert lazy == eager
    shown = [n for n, e in COMMANDS.items() if not e.hidden]
    assert all(f" {name} " in lazy for name in shown)
    assert not any(f" {name} " in lazy for name in ("sclc", "defects"))


def test_lookup_builds_only_the_module_of_the_command():
    group = typer.main.get_command(app)
    color = group.commands["color"]
    assert isinstance(color, TyperGroup) and "spectrum" in color.commands
    built = group.commands._built
    assert set(built) == {n for n, e in COMMANDS.items() if e.module == "color"}
    assert "sclc" not in built and "characterize" not in built
    assert group.commands.get("no-such-command") is None
    assert "no-such-command" not in group.commands


def test_a_module_with_several_commands_is_built_together():
    group = typer.main.get_command(app)
    sclc = group.commands["sclc"]
    assert sclc.hidden and isinstance(sclc, TyperCommand)
    assert {"sclc", "admittance", "arrhenius", "characterize", "defects"} <= set(
        group.commands._built)


@pytest.mark.parametrize(("args", "expected"), [
    (["colr"], "error: No such command 'colr'. Did you mean 'color'? (see 'peled --help')"),
    (["characterise"], "Did you mean 'characterize'?"),
])
def test_typo_suggestions_use_every_name(args, expected):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.output


def test_commands_run_through_the_lazy_group():
    result = runner.invoke(app, ["lifetime", "convert", "--t", "520", "--from-l0", "1000",
                                 "--to-l0", "100", "--json"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("{")
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("peled ")


def test_csv_errors_stay_one_line_although_csv_is_imported_only_when_used():
    """PeledGroup reports a csv.Error without importing csv itself (start-up)."""
    import csv

    from peled.cli._common import PeledGroup

    sub = typer.Typer(cls=PeledGroup)

    @sub.command("boom")
    def boom() -> None:
        raise csv.Error("field larger than field limit (131072)")

    @sub.command("bug")
    def bug() -> None:
        raise LookupError("not a csv error")

    result = runner.invoke(sub, ["boom"])
    assert result.exit_code == 2
    assert result.output == "error: malformed CSV input: field larger than field limit " \
        "(131072)\n"
    result = runner.invoke(sub, ["bug"])
    assert result.exit_code == 1 and isinstance(result.exception, LookupError)


def test_the_lazy_mapping_behaves_as_a_dict():
    group = typer.main.get_command(app)
    commands = group.commands
    assert len(commands) == len(COMMANDS) and list(commands) == list(COMMANDS)
    extra = TyperCommand("extra", callback=lambda: None, help="An added command.")
    group.add_command(extra)
    assert commands["extra"] is extra and list(commands)[-1] == "extra"
    del commands["extra"]
    assert "extra" not in commands and len(commands) == len(COMMANDS)
    with pytest.raises(KeyError):
        del commands["extra"]
    with pytest.raises(KeyError):
        commands["no-such-command"]  # noqa: B018
