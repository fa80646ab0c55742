"""Read emission spectra from two-column text files and spectrometer exports.

Supported layouts (detected automatically, see :mod:`peled.spectra._numeric_block`):

* CSV, TSV, semicolon- and whitespace-separated text, with or without a header;
  dot or comma decimal mark (``532,5;0,87`` from European-locale software);
* exports with metadata headers: Ocean Optics OceanView
  (``>>>>>Begin Spectral Data<<<<<``), Avantes (``Wave;Sample;...`` plus a
  ``[nm];[counts]`` unit line), Horiba LabSpec (``#key=value`` lines), generic
  ``key: value`` lines, JCAMP-DX style ``##XUNITS=`` keys.

The data are the longest run of consecutive lines holding the same number (>= 2)
of numbers.  The first column is the spectral axis and, unless ``column=`` says
otherwise, the last column is the intensity.  The axis unit comes from the header
of the first column (nm, um, Angstrom, eV, meV, cm-1); without a unit the values
must lie in 150-2500 nm.  The axis must be positive and strictly monotonic in file
order (ascending or descending); the spectrum is returned sorted ascending.  Energy
and wavenumber axes are converted to wavelength and the intensity is multiplied by
the Jacobian ``|dx/dlambda|`` so it is per nm (Mooney & Kambhampati, J. Phys. Chem.
Lett. 4, 3316, 2013).  Every problem raises :class:`~peled.errors.FileFormatError`
or :class:`~peled.errors.UnitError` whose message starts with ``file:line:``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, ParameterError, SpectrumError, UnitError
from peled.io.numeric_block import NumericBlock, find_numeric_block, read_lines
from peled.io.spectral_axis import NM, SUPPORTED, AxisUnit, detect_unit, header_fields
from peled.spectra.spectrum import DARK_LEVELS, Spectrum

__all__ = [
    "read_spectra",
    "read_spectrum",
]

#: Wavelength range (nm) accepted for an axis without a stated unit: the UV-C edge of
#: common CCD spectrometers (~150 nm) to the InGaAs NIR limit (~2500 nm).
NO_UNIT_RANGE_NM = (150.0, 2500.0)


def read_spectrum(
    path: str | Path,
    *,
    baseline: str | float | None = None,
    column: int | str | None = None,
    jacobian: bool = True,
    clip_tolerance: float = 0.02,
) -> Spectrum:
    """Read one spectrum from a text file; the spectrum is named after the file.

    Parameters
    ----------
    path : str or pathlib.Path
        Text file (see the module docstring for the layouts understood).
    baseline : {None, "min", "edges"} or float, optional
        Dark level removed from the raw intensity column before any unit
        conversion: ``None`` (nothing), a number, ``"min"`` or ``"edges"`` (median of
        the outer 5 % of points, as in :meth:`Spectrum.from_raw`).
    column : int or str, optional
        Intensity column: 0-based index into the numeric columns (negative counts
        from the end; default: the last column) or a column name from the header
        (case-insensitive, with or without its unit).
    jacobian : bool, default True
        Convert per-energy / per-wavenumber intensities to per-nm.
    clip_tolerance : float, default 0.02
        Negative intensities (after the baseline) down to ``-clip_tolerance x max``
        (a fraction >= 0) are noise and clipped to zero; more negative values are an
        error.

    Returns
    -------
    Spectrum
        Wavelength axis in nm (ascending) and the intensity per nm, named after the file.

    Raises
    ------
    peled.errors.FileFormatError
        If the file has no numeric block, a non-finite value, a non-positive or
        non-monotonic axis, a missing column or a strongly negative intensity (the
        message names the file and line).
    peled.errors.ParameterError
        If ``column`` or ``baseline`` is not understood.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = folder / "green.csv"
    >>> _ = path.write_text("wavelength (nm),counts\\n530,0.25\\n520,1.0\\n510,0.5\\n")
    >>> s = read_spectrum(path)
    >>> s.name, s.wavelength_nm.tolist(), s.intensity.tolist()
    ('green.csv', [510.0, 520.0, 530.0], [0.5, 1.0, 0.25])
    >>> import shutil; shutil.rmtree(folder)
    """
    p = Path(path)
    block = find_numeric_block(p, read_lines(p))
    ycol = _intensity_column(p, block, column)
    raw = block.values
    lines = block.line_numbers
    x, y = raw[:, 0], raw[:, ycol]
    bad = ~(np.isfinite(x) & np.isfinite(y))
    if bad.any():
        k = int(np.argmax(bad))
        raise FileFormatError(
            p, f"non-finite value (x={x[k]:g}, intensity={y[k]:g}); expected finite numbers",
            line=int(lines[k]),
        )
    if x.size < 3:
        raise FileFormatError(
            p, f"only {x.size} data rows; a spectrum needs at least 3", line=int(lines[0])
        )
    unit, _ = detect_unit(p, block.dialect, block.header)
    _check_axis(p, x, lines, unit)
    unit = unit or _default_unit(p, x, lines)
    y = _remove_baseline(p, y, lines, baseline, clip_tolerance)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        wl = unit.to_nm(x)
        if jacobian and unit.kind != "length":
            y = y * unit.jacobian(x)
    bad = ~(np.isfinite(wl) & np.isfinite(y)) | (wl <= 0)
    if bad.any():
        k = int(np.argmax(bad))
        raise FileFormatError(
            p, f"value {x[k]:g} {unit.name} is out of range after conversion to nm",
            line=int(lines[k]),
        )
    order = np.argsort(wl, kind="stable")
    try:
        return Spectrum(wl[order], y[order], name=p.name)
    except SpectrumError as exc:
        raise FileFormatError(p, f"{exc} after conversion from {unit.name}") from None


def read_spectra(paths: Iterable[str | Path], **kwargs) -> list[Spectrum]:
    """Read several files with :func:`read_spectrum` (same keyword arguments).

    Parameters
    ----------
    paths : iterable of str or pathlib.Path
        The text files, read in order.
    **kwargs
        Keyword arguments of :func:`read_spectrum` (``baseline``, ``column``,
        ``jacobian``, ``clip_tolerance``), applied to every file.

    Returns
    -------
    list of Spectrum
        One spectrum per file, in the order of ``paths``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name, peak in (("a.csv", 520), ("b.csv", 530)):
    ...     _ = (folder / name).write_text(f"nm,I\\n{peak - 5},0.2\\n{peak},1\\n{peak + 5},0.2\\n")
    >>> spectra = read_spectra(sorted(folder.iterdir()))
    >>> [float(s.wavelength_nm[s.intensity.argmax()]) for s in spectra]
    [520.0, 530.0]
    >>> import shutil; shutil.rmtree(folder)
    """
    return [read_spectrum(p, **kwargs) for p in paths]


def _intensity_column(p: Path, block: NumericBlock, column: int | str | None) -> int:
    ncols = block.values.shape[1]
    first = int(block.line_numbers[0])
    if column is None:
        return ncols - 1
    if isinstance(column, str):
        want = column.strip().lower()
        for _, line in reversed(block.header[-2:]):
            names = [f.lower() for f in header_fields(block.dialect, line)]
            bare = [n.split("(")[0].split("[")[0].strip() for n in names]
            for k, (n, b) in enumerate(zip(names, bare, strict=True)):
                if want in (n, b) and 0 < k < ncols:
                    return k
        raise FileFormatError(p, f"no intensity column named {column!r} in the header", line=first)
    if isinstance(column, bool) or not isinstance(column, int | np.integer):
        raise ParameterError(f"column must be an int index or a column name, got {column!r}")
    if not -ncols <= column < ncols:
        raise FileFormatError(
            p, f"column {column} requested but the data have {ncols} columns", line=first
        )
    k = int(column) % ncols
    if k == 0:
        raise ParameterError("column must not be 0: column 0 is the wavelength axis")
    return k


def _check_axis(p: Path, x: np.ndarray, lines: np.ndarray, unit: AxisUnit | None) -> None:
    """x must be positive and strictly monotonic (either direction) in file order."""
    what = "wavelength" if unit is None or unit.kind == "length" else f"axis value ({unit.name})"
    nonpos = x <= 0
    if nonpos.any():
        k = int(np.argmax(nonpos))
        raise FileFormatError(p, f"{what} must be > 0, got {x[k]:g}", line=int(lines[k]))
    d = np.diff(x)
    direction = 1.0 if d[0] >= 0 else -1.0
    bad = d * direction <= 0
    if bad.any():
        k = int(np.argmax(bad)) + 1
        if d[k - 1] == 0:
            msg = f"duplicated {what} {x[k]:g} (same as line {int(lines[k - 1])})"
        else:
            order = "increasing" if direction > 0 else "decreasing"
            msg = (
                f"{what}s are not sorted: {x[k]:g} after {x[k - 1]:g}; "
                f"expected strictly {order} values"
            )
        raise FileFormatError(p, msg, line=int(lines[k]))


def _default_unit(p: Path, x: np.ndarray, lines: np.ndarray) -> AxisUnit:
    lo, hi = NO_UNIT_RANGE_NM
    outside = (x < lo) | (x > hi)
    if outside.any():
        k = int(np.argmax(outside))
        raise UnitError(
            f"{p}:{int(lines[k])}: no unit in the header and x value {x[k]:g} is outside "
            f"{lo:g}-{hi:g} nm; state the unit in the first column header ({SUPPORTED})"
        )
    return NM


def _remove_baseline(p, y, lines, baseline, clip_tolerance) -> np.ndarray:
    if baseline is None:
        offset = 0.0
    elif isinstance(baseline, str):
        if baseline not in DARK_LEVELS:
            raise ParameterError(
                f"baseline must be None, a number, 'min' or 'edges', got {baseline!r}"
            )
        offset = DARK_LEVELS[baseline](y)
    else:
        offset = float(baseline)
    y = y - offset
    floor = -float(clip_tolerance) * max(float(np.max(y)), 0.0)
    neg = y < floor
    if neg.any():
        k = int(np.argmax(neg))
        raise FileFormatError(
            p,
            f"negative intensity {y[k]:g} (after baseline {offset:g}) is below the noise "
            f"tolerance {floor:g} ({clip_tolerance:g} x maximum); "
            "remove the dark level with baseline=",
            line=int(lines[k]),
        )
    return np.where(y < 0, 0.0, y)
