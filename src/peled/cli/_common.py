"""Shared CLI plumbing: JSON output, Rich tables, error handling, atomic writes."""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import typer
from typer._click import exceptions as _click_exceptions

from peled.errors import OutputError, ParameterError, PeledError, one_line
from peled.outputs import is_peled_output, mark_output, to_jsonable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class _LazyConsole:
    """A Rich :class:`~rich.console.Console` created on first use.

    Importing Rich's console costs about 20-30 ms of start-up; a command that prints JSON
    never renders with Rich, so it never pays for it.  Attribute access is forwarded to
    the console (``console.print(...)``, ``err_console.is_terminal``); :attr:`real` is the
    console itself, for APIs that take one (``Progress(console=...)``).
    """

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def real(self) -> Console:
        """The Rich console (created by the first access)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> Console:  # ``with console:`` (Rich's Live does this)
        return self.real.__enter__()

    def __exit__(self, *exc: Any) -> None:
        self.real.__exit__(*exc)


console = _LazyConsole()
err_console = _LazyConsole(stderr=True)

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


def devices(n: int) -> str:
    """``"1 device"`` / ``"3 devices"``."""
    return f"{n} device" if n == 1 else f"{n} devices"


def all_devices(n: int) -> str:
    """``"the device"`` / ``"all 3 devices"`` (subject of "failed")."""
    return "the device" if n == 1 else f"all {n} devices"


def print_warning(message: str) -> None:
    """Print ``warning: <message>`` (yellow) on the Rich console of a table output; the
    message is escaped, so bracketed text such as ``[optics]`` is printed as written."""
    from rich.markup import escape

    console.print(f"[yellow]warning:[/yellow] {escape(message)}")


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
    from rich.table import Table

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
    typer.echo(f"error: {one_line(message)}", err=True)
    raise typer.Exit(2)


#: The ``--overwrite`` flag of every command that writes an output folder.
OVERWRITE_OPT = typer.Option(
    False, "--overwrite",
    help="Replace the output folder even if it now holds files peled did not write there "
         "(they are deleted).")


def _one_line_warning(numeric: list, message, category, filename, lineno, file=None,
                      line=None) -> None:
    """``warnings.showwarning`` of the CLI: one ``warning: ...`` line, no source line.

    NumPy's floating-point RuntimeWarnings ("overflow encountered in multiply") are
    collected in ``numeric`` and reported once per command by :func:`_numeric_summary`.
    """
    text = str(message)
    if issubclass(category, RuntimeWarning) and "encountered in" in text:
        if text not in numeric:
            numeric.append(text)
        return
    typer.echo(f"warning: {one_line(text)}", err=True)


def _numeric_summary(numeric: list) -> None:
    """One ``warning:`` line for all floating-point problems of a command."""
    if numeric:
        kinds = "; ".join(numeric[:3]) + ("; ..." if len(numeric) > 3 else "")
        typer.echo(f"warning: {one_line(f'numerical overflow or invalid values ({kinds})')}: "
                   "an input is outside the range the model handles, so some results are "
                   "null or inaccurate; check the values", err=True)


def _usage_error(exc: Any) -> typer.Exit:
    """Print a Click/Typer usage error (bad option value, unknown option, unreadable file)
    as one ``error: ...`` line and return the exit-2 exception."""
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    typer.echo(f"error: {one_line(exc.format_message())}{where}", err=True)
    return typer.Exit(2)


class PeledGroup(typer.core.TyperGroup):
    """Root command group: every input error becomes one ``error: ...`` line and exit 2.

    :class:`PeledError` carries its own message; usage errors of the command line (a bad
    option value such as ``--peak abc``, an unknown option or command, a missing argument,
    an unreadable file) are printed in the same one-line format instead of Typer's box; an
    :class:`OSError` from opening a path the user gave (missing file, a directory where a
    file was expected, no permission) is reported with the path and the system's reason.
    Warnings (NumPy's RuntimeWarnings included) are printed as one ``warning: ...`` line,
    never with a source line.
    """

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: D102
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except _click_exceptions.NoArgsIsHelpError:
            raise
        except _click_exceptions.ClickException as exc:
            raise _usage_error(exc) from None

    def invoke(self, ctx: Any) -> Any:  # noqa: D102
        import functools
        import warnings

        numeric: list[str] = []
        with warnings.catch_warnings():
            warnings.showwarning = functools.partial(_one_line_warning, numeric)
            try:
                try:
                    return super().invoke(ctx)
                finally:
                    _numeric_summary(numeric)  # before any error line, which comes last
            except PeledError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(2) from None
            except _click_exceptions.NoArgsIsHelpError:
                raise
            except _click_exceptions.ClickException as exc:
                raise _usage_error(exc) from None
            except FileNotFoundError as exc:
                typer.echo(f"error: {_name(exc.filename)}: file not found", err=True)
                raise typer.Exit(2) from None
            except (IsADirectoryError, NotADirectoryError, PermissionError) as exc:
                typer.echo(f"error: {_name(exc.filename)}: cannot read: {exc.strerror}",
                           err=True)
                raise typer.Exit(2) from None
            except OSError as exc:
                if exc.filename is None:
                    raise
                typer.echo(f"error: {_name(exc.filename)}: {exc.strerror}", err=True)
                raise typer.Exit(2) from None
            except UnicodeDecodeError as exc:  # a reader that did not name its file
                typer.echo(f"error: an input file is not UTF-8 text (byte "
                           f"0x{exc.object[exc.start]:02x} at offset {exc.start}); save it "
                           "as UTF-8", err=True)
                raise typer.Exit(2) from None
            except Exception as exc:
                # a csv.Error of a reader that did not name its file; only a command that
                # imported csv can raise one, so the others never import it
                csv = sys.modules.get("csv")
                if csv is None or not isinstance(exc, csv.Error):
                    raise
                typer.echo(f"error: malformed CSV input: {one_line(str(exc))}", err=True)
                raise typer.Exit(2) from None


def _name(path: Any) -> str:
    """A path from an exception as printable text."""
    return one_line(os.fsdecode(path) if isinstance(path, bytes) else str(path))


def _remove(path: Path) -> None:
    """Remove a file, a link or a folder tree that peled created."""
    import shutil

    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def check_output(target: os.PathLike | str, overwrite: bool = False) -> None:
    """Refuse an output path whose replacement would destroy data peled did not write.

    Called by :func:`atomic_path` and, before long work, by commands that write a folder.

    Parameters
    ----------
    target : path-like
        The output file or folder.
    overwrite : bool
        Replace a marked folder even if it holds entries peled did not write.

    Raises
    ------
    ParameterError
        ``target`` is a symbolic link; a non-empty folder without the peled marker; a
        marked folder holding foreign entries (named) without ``overwrite``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "notes.txt").write_text("mine")
    ...     try:
    ...         check_output(d)
    ...     except ParameterError as e:
    ...         print(str(e).split(": ", 1)[1])
    folder exists, is not empty and was not written by peled; choose a new or empty output folder
    """
    from peled.outputs import foreign_entries

    target = Path(target)
    if target.is_symlink():
        raise ParameterError(
            f"{target}: is a symbolic link; peled does not replace links, give the real path "
            "or a new name")
    if not target.is_dir():
        return
    try:
        empty = not any(target.iterdir())
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    if empty:
        return
    if not is_peled_output(target):
        raise ParameterError(
            f"{target}: folder exists, is not empty and was not written by peled; "
            "choose a new or empty output folder")
    if overwrite:
        return
    foreign = foreign_entries(target)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more"
                                          if len(foreign) > 5 else "")
        raise ParameterError(
            f"{target}: holds files peled did not write there ({shown}); move them away "
            "or pass --overwrite to delete them")


@contextmanager
def atomic_path(target: os.PathLike | str, overwrite: bool = False):
    """Yield a temporary path beside ``target``; rename it into place on success.

    Works for files and directories: nothing is left half-written if the block raises.
    A directory written this way carries :data:`peled.outputs.OUTPUT_MARKER`, which lists
    what peled wrote.  peled removes only what it wrote (:func:`check_output`): an
    existing non-empty directory without the marker is never replaced, a marked one
    holding foreign entries only with ``overwrite``; a symbolic link is never replaced.
    Temporary and backup names are unique (:func:`peled.outputs.temporary_name`); the
    leftovers of a killed earlier run into the same place are removed first.  A failure
    to write is an :class:`OutputError` naming ``target`` (never the temporary).
    """
    from peled.outputs import stale_temporaries, temporary_name

    target = Path(target)
    check_output(target, overwrite)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in stale_temporaries(target):
            _remove(stale)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    tmp_path = temporary_name(target, "tmp")
    try:
        try:
            yield tmp_path
        except OSError as exc:
            if isinstance(exc, PeledError) or not _inside(exc.filename, tmp_path):
                raise
            raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
        try:
            if tmp_path.is_dir():
                mark_output(tmp_path)
            if target.is_dir() and tmp_path.is_dir():
                check_output(target, overwrite)  # nothing foreign arrived meanwhile
                backup = temporary_name(target, "old")
                target.rename(backup)
                try:
                    tmp_path.rename(target)
                except OSError:
                    backup.rename(target)
                    raise
                _remove(backup)
            else:
                os.replace(tmp_path, target)
        except OSError as exc:
            if isinstance(exc, PeledError):
                raise
            raise OutputError(f"{target}: cannot write: {exc.strerror}") from None
    finally:
        if os.path.lexists(tmp_path):
            _remove(tmp_path)


def _inside(filename: Any, folder: Path) -> bool:
    """Whether an exception's ``filename`` is ``folder`` or below it."""
    if filename is None:
        return False
    name = os.fsdecode(filename) if isinstance(filename, bytes) else str(filename)
    return name == str(folder) or name.startswith(str(folder) + os.sep)


#: Figure formats written by ``-o``/``--plot`` options, by file extension.
FIGURE_FORMATS = ("png", "svg", "pdf")


def figure_format(path: os.PathLike | str, option: str = "-o") -> str:
    """The figure format named by the extension of ``path`` (PNG, SVG or PDF).

    Parameters
    ----------
    path : path-like
        The figure file a user asked for.
    option : str
        The option that named it (for the error message).

    Returns
    -------
    str
        ``'png'``, ``'svg'`` or ``'pdf'``.

    Raises
    ------
    ParameterError
        Any other extension (peled never writes PNG bytes into ``t.txt`` or ``m.svg``).

    Examples
    --------
    >>> figure_format("map.SVG"), figure_format("trend.pdf")
    ('svg', 'pdf')
    """
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix not in FIGURE_FORMATS:
        raise ParameterError(
            f"{option} {one_line(str(path))}: cannot write a figure as "
            f"'{suffix or '(no extension)'}'; end the file name in .png, .svg or .pdf")
    return suffix


def save_figure(fig: Any, path: os.PathLike | str, option: str = "-o", dpi: int = 120) -> None:
    """Write a Matplotlib figure atomically in the format its extension names.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : path-like
        Target file ending in .png, .svg or .pdf (:func:`figure_format`).
    option : str
        The option that named ``path`` (for error messages).
    dpi : int
        Resolution of a PNG.
    """
    fmt_ = figure_format(path, option)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt_, dpi=dpi)


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
            state["bar"] = Progress(console=err_console.real, transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(description, total=n)
        state["bar"].update(state["task"], completed=i)

    try:
        yield update
    finally:
        if state:
            state["bar"].stop()
