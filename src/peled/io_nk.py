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
        ``{nk_file: TabulatedNK}`` (empty when no layer names a file); wavelengths in
        nm, ``n + i k`` dimensionless.

    Raises
    ------
    FileFormatError
        A file is missing, unreadable or malformed (message with file and line).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> read_nk_files(load_stack(example_stack_path("green_cspbbr3")))
    {}

    A passive ITO layer with its ellipsometry table beside the stack file:

    >>> import tempfile
    >>> from peled.device.stack import stack_from_mapping
    >>> with tempfile.TemporaryDirectory() as d:
    ...     table = "wavelength_nm,n,k\\n400,2.0,0.02\\n600,1.8,0\\n"
    ...     _ = (Path(d) / "ito.csv").write_text(table)
    ...     st = stack_from_mapping({
    ...         "layer": [{"name": "ITO", "thickness_nm": 100, "electrical": False,
    ...                    "nk_file": "ito.csv"},
    ...                   {"name": "HTL", "thickness_nm": 50, "eps_r": 3.0,
    ...                    "electron_affinity_ev": 2.3, "ionisation_energy_ev": 5.3,
    ...                    "nc_per_m3": 1e26, "nv_per_m3": 1e26,
    ...                    "mu_n_m2_vs": 1e-9, "mu_p_m2_vs": 1e-8}],
    ...         "contacts": {"left_work_function_ev": 5.3, "right_work_function_ev": 5.3}},
    ...         str(Path(d) / "stack.toml"))
    ...     tables = read_nk_files(st)
    >>> list(tables), complex(tables["ito.csv"].nk(500.0))     # linear interpolation
    (['ito.csv'], (1.9+0.01j))
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
