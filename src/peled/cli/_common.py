"""Shared CLI plumbing: JSON output, Rich tables, error handling, atomic writes."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from peled.errors import ParameterError, PeledError
from peled.outputs import is_peled_output, mark_output, to_jsonable

console = Console()
err_console = Console(stderr=True)

#: The ``--json`` flag of every command that prints one JSON object.
JSON_OPT = typer.Option(False, "--json", help="Print exactly one JSON object.")


def parse_floats(text: str, name: str, count: int | None = None) -> list[float]:
    """Parse the option value "a,b,c" into floats (spaces ignored).

    :class:`ParameterError` naming the option ``name`` unless the value holds at least
    one number (exactly ``count`` numbers if given).
    """
    try:
        values = [float(t) for t in text.replace(" ", "").split(",") if t != ""]
    except ValueError:
        raise ParameterError(f"{name}: expected comma-separated numbers, got {text!r}") from None
    if not values or (count is not None and len(values) != count):
        n = f"{count} " if count is not None else ""
        raise ParameterError(f"{name}: expected {n}comma-separated numbers, got {text!r}")
    return values


def parse_white(text: str, name: str = "--white"):
    """A white-point option: an illuminant name (e.g. ``D65``) or an ``'x,y'`` pair."""
    return tuple(parse_floats(text, name, 2)) if "," in text else text.strip()


def warn(*messages: str) -> None:
    """Print ``warning: <message>`` on stderr for each message (stdout stays one JSON object)."""
    for message in messages:
        typer.echo(f"warning: {message}", err=True)


def dumps(obj: Any) -> str:
    """Serialise ``obj`` to strict JSON (NaN/inf become null)."""
    return json.dumps(to_jsonable(obj), allow_nan=False)


def print_json(obj: Any) -> None:
    """Print exactly one JSON object on stdout."""
    typer.echo(dumps(obj))


def fmt(value: Any, digits: int = 4) -> str:
    """Human formatting of a value for Rich tables."""
    if value is None:
        return "-"
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            return "-"
        return f"{value:.{digits}g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v, digits) for v in value)
    return str(value)


def kv_table(title: str, rows: Mapping[str, Any] | Sequence[tuple[str, Any]]) -> Table:
    """A two-column Rich table of quantity/value pairs."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    items = rows.items() if isinstance(rows, Mapping) else rows
    for k, v in items:
        table.add_row(str(k), fmt(v))
    return table


def emit(result: Mapping[str, Any], as_json: bool, title: str) -> None:
    """Print ``result`` as JSON or as a Rich key/value table."""
    if as_json:
        print_json(result)
    else:
        console.print(kv_table(title, result))


def fail(message: str) -> None:
    """Print ``error: message`` on stderr and exit 2 (used for input errors)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


class PeledGroup(typer.core.TyperGroup):
    """Root command group: input errors become one ``error: ...`` line and exit 2.

    :class:`PeledError` carries its own message; an :class:`OSError` from opening a
    path the user gave (missing file, a directory where a file was expected, no
    permission) is reported with the path and the system's reason.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PeledError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        except FileNotFoundError as exc:
            typer.echo(f"error: {exc.filename}: file not found", err=True)
            raise typer.Exit(2) from None
        except (IsADirectoryError, NotADirectoryError, PermissionError) as exc:
            typer.echo(f"error: {exc.filename}: cannot read: {exc.strerror}", err=True)
            raise typer.Exit(2) from None


@contextmanager
def atomic_path(target: os.PathLike | str):
    """Yield a temporary path beside ``target``; rename it into place on success.

    Works for files and directories: nothing is left half-written if the block
    raises.  A directory written this way carries :data:`peled.outputs.OUTPUT_MARKER`;
    an existing non-empty directory without that marker (user data) is never replaced:
    :class:`ParameterError` before any work is done.
    """
    target = Path(target)
    if target.is_dir() and any(target.iterdir()) and not is_peled_output(target):
        raise ParameterError(
            f"{target}: folder exists, is not empty and was not written by peled; "
            "choose a new or empty output folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.is_dir():
            mark_output(tmp_path)
        if target.is_dir() and tmp_path.is_dir():
            import shutil

            backup = target.with_name(f".{target.name}.old")
            if backup.exists():
                shutil.rmtree(backup)
            target.rename(backup)
            tmp_path.rename(target)
            shutil.rmtree(backup)
        else:
            os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            import shutil

            if tmp_path.is_dir():
                shutil.rmtree(tmp_path)
            else:
                tmp_path.unlink()


@contextmanager
def progress_callback(description: str):
    """Yield a ``progress(i, n, name)`` callback drawing a transient bar on stderr.

    The bar starts on the first call with ``n >= 2`` (a single item shows none and
    writes nothing), so a library function can report progress without the CLI
    counting its items first.
    """
    from rich.progress import Progress

    state: dict = {}

    def update(i: int, n: int, _name: str) -> None:
        if n < 2:
            return
        if not state:
            state["bar"] = Progress(console=err_console, transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(description, total=n)
        state["bar"].update(state["task"], completed=i)

    try:
        yield update
    finally:
        if state:
            state["bar"].stop()
