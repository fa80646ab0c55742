"""Reading user n,k files named by a stack (``nk_file`` keys) at the I/O edge.

The optics in :mod:`peled.device.optics` never open files; this module reads each
``nk_file`` (CSV with columns ``wavelength_nm, n, k``; relative paths are relative to
the stack file) and parses it with :func:`peled.device.optics.parse_nk_csv`.
"""

from __future__ import annotations

from pathlib import Path

from peled.device.optics.nk import TabulatedNK, parse_nk_csv
from peled.device.stack import Stack
from peled.errors import FileFormatError

__all__ = ["read_nk_files"]


def read_nk_files(stack: Stack) -> dict[str, TabulatedNK]:
    """Parsed n,k tables of every layer with an ``nk_file``, keyed as written.

    Parameters
    ----------
    stack : peled.device.stack.Stack
        A stack whose ``source`` is the path of its file.

    Returns
    -------
    dict
        ``{nk_file: TabulatedNK}`` (empty when no layer names a file).

    Raises
    ------
    FileFormatError
        A file is missing, unreadable or malformed (message with file and line).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> read_nk_files(load_stack(example_stack_path("green_cspbbr3")))
    {}
    """
    base = Path(stack.source).parent
    tables = {}
    for layer in stack.layers:
        if layer.nk_file is None or layer.nk_file in tables:
            continue
        path = Path(layer.nk_file)
        path = path if path.is_absolute() else base / path
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise FileFormatError(
                path, f"cannot read nk_file of layer {layer.name!r} ({exc.strerror})"
            ) from None
        tables[layer.nk_file] = parse_nk_csv(text, str(path))
    return tables
