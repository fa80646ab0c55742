"""Reading stack files (TOML) for the device simulators.

The physics in :mod:`peled.device` never touches files; this edge module parses the
TOML text and hands the mapping to :func:`peled.device.stack.stack_from_mapping`.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path

from peled.device.stack import Stack, stack_from_mapping
from peled.errors import FileFormatError

__all__ = ["example_stack_path", "load_stack"]

_EXAMPLES = Path(__file__).resolve().parent / "data" / "examples" / "stacks"


def load_stack(path) -> Stack:
    """Read and validate a stack TOML file.

    Parameters
    ----------
    path : str or Path
        The stack file (schema in ``docs/stack-schema.md``).

    Returns
    -------
    peled.device.stack.Stack

    Raises
    ------
    FileFormatError
        The file is missing or is not valid TOML (message with the line).
    peled.device.stack.StackError
        The TOML is valid but the stack is not (unknown key, non-physical value).

    Examples
    --------
    >>> stack = load_stack(example_stack_path("green_cspbbr3"))
    >>> [layer.name for layer in stack.electrical_layers]
    ['poly-TPD', 'CsPbBr3', 'TPBi']
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileFormatError(path, f"cannot read stack file ({exc.strerror})") from None
    try:
        mapping = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(path, f"invalid TOML: {exc}") from None
    return stack_from_mapping(mapping, source=str(path))


def example_stack_path(name: str) -> Path:
    """Path of a shipped example stack (``green_cspbbr3``, ``red_cspbi3``,
    ``skyblue_quasi2d``, ``hole_only_sclc``).

    Examples
    --------
    >>> example_stack_path("red_cspbi3").name
    'red_cspbi3.toml'
    """
    path = _EXAMPLES / f"{name}.toml"
    if not path.is_file():
        names = sorted(p.stem for p in _EXAMPLES.glob("*.toml"))
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise FileFormatError(path, f"no example stack {name!r}{hint}; shipped: {', '.join(names)}")
    return path
