"""Readers of a device folder: ``jvl.csv``, EL spectra, ``angular.csv``, lifetime traces.

A device folder holds::

    jvl.csv            voltage, current density (or current + area_cm2), luminance
                       (or radiance for NIR, or photodiode current + responsivity)
    el_spectrum.csv    one spectrum; or several columns/rows at different voltages
    el_spectrum_5.0V.csv ...   one file per voltage (voltage in the name)
    angular.csv        optional: angle (deg) and relative emission (see read_angular)
    lifetime.csv       optional: time (s/min/h) and luminance / L/L0 / EQE
    lifetime_*.csv     optional further runs (e.g. at other initial luminances)
    device.toml        optional metadata (see peled.measure.config)

Every reader returns plain arrays in canonical units (V, A/m2, cd/m2, W/sr/m2, A, s)
and never drops data silently: anomalies are returned as ``warnings`` (a list of
one-line messages) and malformed files raise :class:`~peled.errors.FileFormatError`
naming the file, line and column.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError
from peled.io.columns import Column, parse_header
from peled.io.files import excerpt, inside, resolve_inside
from peled.io.instruments import Responsivity, read_responsivity
from peled.io.table import Table, read_table
from peled.measure.config import DeviceConfig, read_device_toml
from peled.measure.el import prepare_el_spectra
from peled.outputs import printable_name
from peled.spectra import Spectrum

__all__ = [
    "AngularProfile",
    "DeviceData",
    "ELSpectra",
    "JVLData",
    "LifetimeTrace",
    "Responsivity",
    "discover_batch",
    "is_report_folder",
    "jvl_from_table",
    "load_device",
    "read_angular",
    "read_el_spectra",
    "read_jvl",
    "read_lifetime",
    "read_responsivity",
    "read_spectrum_file",
]

_PHOTO_WORDS = ("photo", "pd", "diode", "detector", "si ")
_TEXT_COLUMNS = ("device", "sweep", "direction")
_FORWARD = {"forward", "fwd", "f", "up", "+", "1", "+1"}
_REVERSE = {"reverse", "rev", "r", "down", "-", "-1", "back", "backward"}
_NO_UNIT_NAMES = {
    "v": "V", "voltage": "V", "bias": "V", "j": "mA/cm2, A/m2", "current density": "mA/cm2, A/m2",
    "i": "A, mA", "current": "A, mA", "l": "cd/m2", "luminance": "cd/m2",
    "eqe": "%", "ce": "cd/A", "radiance": "W/sr/m2",
}


@dataclass(frozen=True, eq=False)
class JVLData:
    """One J-V-L measurement in canonical units (rows in file order).

    Exactly one emission signal is used for the analysis, named by ``emission``:
    ``"luminance"``, ``"radiance"`` or ``"photocurrent"``.  Optional columns the lab
    software already computed (``eqe_pct_file``, ``ce_cd_a_file``) are kept for the
    consistency check.  ``sweep`` holds +1 (forward) / -1 (reverse) per row when the file
    has a ``sweep``/``direction`` column, else None.
    """

    path: Path
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    emission: str
    luminance_cd_m2: np.ndarray | None = None
    radiance_w_sr_m2: np.ndarray | None = None
    photocurrent_a: np.ndarray | None = None
    eqe_pct_file: np.ndarray | None = None
    ce_cd_a_file: np.ndarray | None = None
    sweep: np.ndarray | None = None
    line_numbers: np.ndarray = field(default_factory=lambda: np.zeros(0, int))
    area_cm2: float | None = None


@dataclass(frozen=True, eq=False)
class ELSpectra:
    """EL spectra of one device; ``voltages_v`` is None for a single spectrum.

    ``raw`` keeps every column as read, ``(wavelength_nm, intensity, name, voltage)``, so
    that the analysis can apply another baseline model (:mod:`peled.measure.el`).
    """

    spectra: tuple[Spectrum, ...]
    voltages_v: np.ndarray | None
    source: str
    raw: tuple = ()


@dataclass(frozen=True, eq=False)
class AngularProfile:
    """Relative radiant intensity I(theta)/I(0) of the device vs emission angle.

    ``relative_intensity`` is the radiant intensity (W/sr, i.e. what a detector at a
    fixed distance records) normalised at 0 deg; a Lambertian emitter gives cos(theta).
    Files whose value column is named *luminance* or *radiance* hold L(theta)/L(0)
    instead (Lambertian: 1) and are converted with I = L cos(theta).
    """

    angle_deg: np.ndarray
    relative_intensity: np.ndarray
    source: str
    readings: np.ndarray | None = None  # number of readings averaged at each angle


@dataclass(frozen=True, eq=False)
class LifetimeTrace:
    """One ageing run: time (s) and the signal normalised to its first point.

    ``kind`` is ``"luminance"``, ``"relative"`` (L/L0 given) or ``"eqe"``;
    ``l0_cd_m2`` is the initial luminance when known (first luminance value, the
    ``<number>cd``/``<number>nit`` tag in the file name, or ``lifetime_l0_cd_m2``).
    """

    time_s: np.ndarray
    relative: np.ndarray
    kind: str
    l0_cd_m2: float | None
    source: str
    voltage_v: np.ndarray | None = None


@dataclass(frozen=True, eq=False)
class DeviceData:
    """Everything read from one device folder (inputs of the analysis)."""

    name: str
    folder: Path | None
    config: DeviceConfig
    jvl: JVLData
    el: ELSpectra | None = None
    angular: AngularProfile | None = None
    lifetime: tuple[LifetimeTrace, ...] = ()
    responsivity: Responsivity | None = None
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------- J-V-L
def _classify(table: Table, warnings: list[str]) -> dict[str, tuple[int, Column]]:
    found: dict[str, tuple[int, Column]] = {}
    for j, header in enumerate(table.headers):
        if header.lower() in _TEXT_COLUMNS or header.lower().startswith("area"):
            continue
        col = parse_header(header)
        name = col.name
        if col.dimension == "current_density":
            role = "j"
        elif col.dimension == "current":
            role = "photocurrent" if any(w in f"{name} " for w in _PHOTO_WORDS) else "i"
        elif col.dimension == "percent":
            role = "eqe" if "eqe" in name or "quantum" in name else None
        elif col.dimension in ("voltage", "luminance", "radiance"):
            role = col.dimension
        elif col.dimension == "current_efficiency":
            role = "ce"
        elif col.dimension == "power_efficacy":
            role = "pe"
        else:
            role = None
            if col.dimension in ("unknown", "none") and name.strip() in _NO_UNIT_NAMES:
                raise FileFormatError(
                    table.path, f"column {header!r} has no unit; write e.g. "
                    f"'{header} ({_NO_UNIT_NAMES[name.strip()].split(',')[0]})' "
                    f"(accepted: {_NO_UNIT_NAMES[name.strip()]})", line=None,
                )
        if role is None:
            warnings.append(f"{table.path.name}: column {header!r} not recognised; ignored")
            continue
        if role in found:
            raise FileFormatError(
                table.path, f"columns {table.headers[found[role][0]]!r} and {header!r} "
                f"both give {role}; keep one",
            )
        found[role] = (j, col)
    return found


def _sweep_labels(table: Table, rows: np.ndarray) -> np.ndarray | None:
    key = next((h for h in table.text_columns if h.lower() in ("sweep", "direction")), None)
    if key is None:
        return None
    labels = np.asarray(table.text_columns[key], dtype=object)[rows]
    out = np.zeros(labels.size)
    for i, lab in enumerate(labels):
        s = str(lab).strip().lower()
        if s in _FORWARD:
            out[i] = 1.0
        elif s in _REVERSE:
            out[i] = -1.0
        else:
            raise FileFormatError(
                table.path, f"column {key!r}: {excerpt(str(lab), 40)} is not a sweep direction "
                "(expected forward/reverse, up/down, fwd/rev)",
                line=int(table.line_numbers[rows[i]]),
            )
    return out


def jvl_from_table(
    table: Table,
    config: DeviceConfig,
    warnings: list[str],
    rows: np.ndarray | None = None,
    area_cm2: float | None = None,
) -> JVLData:
    """Interpret the columns of a J-V-L table in canonical units.

    Column roles come from the headers and their units (voltage in V, current density
    or current with the device area, luminance, radiance or photodiode current).

    Parameters
    ----------
    table : peled.io.table.Table
        The table read from the file (:func:`peled.io.table.read_table`).
    config : DeviceConfig
        The device's settings (area in cm^2 when the file has currents).
    warnings : list of str
        Receives notes on the columns (appended to).
    rows : numpy.ndarray, optional
        Row indices of one device of a wide CSV (default: every row).
    area_cm2 : float, optional
        Active area in cm^2 (> 0), overriding ``config.area_cm2``.

    Returns
    -------
    JVLData
        Voltage (V), current density (A/m^2) and the emission signal, in file order.

    Raises
    ------
    peled.errors.FileFormatError
        If there is no voltage, current or emission column, or a current needs an area
        that is not given (the message names the file and what would fix it).

    Examples
    --------
    >>> from peled.io.table import read_table
    >>> from peled.measure.config import read_device_toml
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> jvl = jvl_from_table(read_table(green / "jvl.csv"),
    ...                      read_device_toml(green / "device.toml"), [])
    >>> jvl.emission, jvl.voltage_v.size, float(jvl.voltage_v[1])
    ('luminance', 251, 0.02)
    """
    rows = np.arange(table.values.shape[0]) if rows is None else np.asarray(rows)
    roles = _classify(table, warnings)
    p = table.path

    def get(role: str) -> np.ndarray | None:
        if role not in roles:
            return None
        j, col = roles[role]
        return table.values[rows, j] * col.factor

    if "voltage" not in roles:
        raise FileFormatError(p, "no voltage column; expected a header such as 'Voltage (V)'")
    area = area_cm2 if area_cm2 is not None else config.area_cm2
    toml = config.path or (p.parent / "device.toml")
    j = get("j")
    current = get("i")
    if j is None:
        if current is None:
            raise FileFormatError(
                p, "no current column; expected current density ('J (mA/cm2)', 'A/m2') "
                "or current ('I (mA)', 'A') with area_cm2 in device.toml",
            )
        if area is None:
            raise FileFormatError(
                toml, f"field 'area_cm2' is required: {p.name} gives a current "
                f"({table.headers[roles['i'][0]]!r}), not a current density",
            )
        j = current / (area * 1e-4)
    elif current is not None:
        warnings.append(
            f"{p.name}: both current and current density given; current density used"
        )
    lum, rad, pd = get("luminance"), get("radiance"), get("photocurrent")
    nir = config.color_class == "nir"
    if rad is not None and (lum is None or nir):
        emission = "radiance"
    elif lum is not None:
        emission = "luminance"
        if rad is not None:
            warnings.append(f"{p.name}: luminance and radiance given; luminance used")
    elif pd is not None:
        emission = "photocurrent"
    else:
        raise FileFormatError(
            p, "no emission column; expected luminance ('L (cd/m2)'), radiance "
            "('W/sr/m2', NIR) or photodiode current ('Photocurrent (A)')",
        )
    eqe = get("eqe")
    return JVLData(
        path=p,
        voltage_v=get("voltage"),
        current_density_a_m2=j,
        emission=emission,
        luminance_cd_m2=lum,
        radiance_w_sr_m2=rad,
        photocurrent_a=pd,
        eqe_pct_file=eqe,
        ce_cd_a_file=get("ce"),
        sweep=_sweep_labels(table, rows),
        line_numbers=table.line_numbers[rows],
        area_cm2=area,
    )


def read_jvl(path: str | Path, config: DeviceConfig | None = None,
             warnings: list[str] | None = None) -> JVLData:
    """Read a ``jvl.csv`` (see :func:`jvl_from_table` for the columns understood).

    Parameters
    ----------
    path : str or Path
        The J-V-L table (any layout of :func:`peled.io.table.read_table`).
    config : DeviceConfig, optional
        Device metadata (area for a current column, colour class).
    warnings : list of str, optional
        Receives one-line notes (ignored columns, encoding).

    Returns
    -------
    JVLData
        Voltage (V), current density (A/m^2) and the emission signal, in file order.

    Raises
    ------
    FileFormatError
        A missing column, a column without unit, a current without an area.

    Examples
    --------
    >>> from importlib import resources
    >>> green = resources.files("peled") / "data/examples/devices/green"
    >>> jvl = read_jvl(green / "jvl.csv")
    >>> jvl.emission, jvl.voltage_v[:2].tolist()
    ('luminance', [0.0, 0.02])
    """
    warnings = [] if warnings is None else warnings
    table = read_table(path, text_columns=_TEXT_COLUMNS)
    warnings.extend(table.notes)
    return jvl_from_table(table, config or DeviceConfig(), warnings)


# --------------------------------------------------------------------------- spectra
_VOLT_IN_TEXT = re.compile(r"([-+]?\d+(?:[.p]\d+)?)\s*v(?![a-z])", re.IGNORECASE)


def _voltage_in(text: str) -> float | None:
    m = _VOLT_IN_TEXT.search(text)
    return float(m.group(1).replace("p", ".")) if m else None


def _columns_to_el(p: Path, cols, names, volts, warnings: list[str]) -> ELSpectra | None:
    """Baseline-correct the columns (default model) and skip dark ones (peled.measure.el);
    None when every column is dark."""
    spectra, v, _ = prepare_el_spectra(cols, names, volts, "edges", warnings, p.name)
    if not spectra:
        return None
    raw = tuple((wl, y, n, None if volts is None else float(vv))
                for (wl, y), n, vv in zip(cols, names,
                                          [None] * len(cols) if volts is None else volts,
                                          strict=True))
    return ELSpectra(spectra, v, p.name, raw)


def _spectra_from_table(table: Table, warnings: list[str]) -> ELSpectra | None:
    p = table.path
    cols = [parse_header(h) for h in table.headers]
    wl_idx = next(
        (i for i, c in enumerate(cols)
         if c.dimension == "wavelength" or c.name.startswith(("wavelength", "lambda", "wl"))),
        None,
    )
    if wl_idx is None:
        raise FileFormatError(p, "no wavelength column; expected 'Wavelength (nm)'")
    if cols[wl_idx].dimension not in ("wavelength", "unknown", "none"):
        raise FileFormatError(p, f"wavelength column {table.headers[wl_idx]!r} must be in nm")
    wl = table.column(wl_idx)
    v_idx = next((i for i, c in enumerate(cols) if c.dimension == "voltage"
                  and c.name.strip() in ("voltage", "v", "bias", "u", "applied voltage")), None)
    others = [i for i in range(len(cols)) if i not in (wl_idx, v_idx)]
    if not others:
        raise FileFormatError(p, "no intensity column next to the wavelength column")
    if v_idx is not None:  # long format: voltage, wavelength, intensity
        if len(others) != 1:
            raise FileFormatError(p, "long-format spectra need exactly one intensity column")
        volts = table.column(v_idx) * cols[v_idx].factor
        levels = np.unique(volts[np.isfinite(volts)])
        y = table.column(others[0])
        return _columns_to_el(p, [(wl[volts == v], y[volts == v]) for v in levels],
                              [f"{p.stem} @ {v:g} V" for v in levels], levels, warnings)
    if len(others) == 1:
        return _columns_to_el(p, [(wl, table.column(others[0]))], [p.stem], None, warnings)
    volts = [_voltage_in(table.headers[i]) for i in others]
    if any(v is None for v in volts):
        bad = table.headers[others[volts.index(None)]]
        raise FileFormatError(
            p, f"several intensity columns but {bad!r} names no voltage "
            "(expected headers like 'EL @ 5.0 V')",
        )
    order = np.argsort(volts)
    return _columns_to_el(p, [(wl, table.column(others[k])) for k in order],
                          [f"{p.stem} @ {volts[k]:g} V" for k in order],
                          np.asarray(volts, float)[order], warnings)


#: File-name endings that are never spectra (editor backups, temporary copies).
_NOT_DATA = ("~", ".bak", ".tmp", ".swp", ".orig", ".toml", ".json", ".html", ".png", ".svg",
             ".pdf")


def _spectrum_files(folder: Path, pattern: str) -> list[Path]:
    return sorted(f for f in folder.glob(pattern)
                  if not f.name.lower().endswith(_NOT_DATA) and not f.is_dir())


def read_spectrum_file(path: str | Path, warnings: list[str] | None = None,
                       root: str | Path | None = None) -> ELSpectra | None:
    """EL spectra of one file: a column table or any spectrometer export.

    A table with a wavelength column (one spectrum, voltage-labelled columns such as
    ``5.0V`` or ``0.30000000000000004V``, or long format with a voltage column) is read
    with :func:`peled.io.table.read_table`; any other file in a format ``peled color file``
    reads (StellarNet ``.IRR``, OceanView, Avantes, LabSpec, headerless two-column text)
    with :func:`peled.spectra.read_spectrum`.

    Parameters
    ----------
    path : str or Path
        The spectrum file.
    warnings : list of str, optional
        Receives one-line notes (baseline subtracted, rows skipped).
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    ELSpectra or None
        The baseline-corrected spectra and their voltages (None for a single spectrum);
        None when every spectrum is dark (skipped with a warning).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "el_spectrum.IRR"
    >>> _ = f.write_text('"SpectraWiz"\\n500 0\\n505 1\\n510 4\\n515 1\\n520 0\\n')
    >>> el = read_spectrum_file(f)
    >>> el.voltages_v, el.spectra[0].intensity.tolist()
    (None, [0.0, 1.0, 4.0, 1.0, 0.0])
    >>> f.unlink(); d.rmdir()
    """
    from peled.spectra import read_spectrum  # measure > spectra; only here

    warnings = [] if warnings is None else warnings
    p = Path(path)
    try:
        table = read_table(p, header="optional", root=root)
    except FileFormatError:
        table = None
    if table is not None and table.has_header:
        cols = [parse_header(h) for h in table.headers]
        if any(c.dimension == "wavelength" or c.name.startswith(("wavelength", "lambda", "wl"))
               for c in cols):
            warnings.extend(table.notes)
            if table.header_rows < 2:
                return _spectra_from_table(table, warnings)
            try:  # a spectrometer export with a name row and a unit row (Avantes)
                return _spectra_from_table(table, warnings)
            except FileFormatError:
                warnings.append(f"{p.name}: spectrometer export; its last column "
                                f"{table.headers[-1]!r} read as the spectrum")
    spec = read_spectrum(p)
    return _columns_to_el(p, [(spec.wavelength_nm, spec.intensity)], [p.stem], None, warnings)


def read_el_spectra(folder: str | Path, warnings: list[str] | None = None,
                    root: str | Path | None = None) -> ELSpectra | None:
    """EL spectra of a device folder (None when there are none).

    ``el_spectrum.<ext>`` (one spectrum, several voltage-labelled columns, long format with
    a voltage column, or any spectrometer export of :func:`read_spectrum_file`) or files
    ``el_spectrum_<V>V.<ext>`` (e.g. ``el_spectrum_5.0V.csv``, ``el_spectrum_5V.IRR``).
    Every file must resolve inside ``folder`` (or ``root``).

    Parameters
    ----------
    folder : str or Path
        The device folder.
    warnings : list of str, optional
        Receives one-line notes.
    root : str or Path, optional
        The batch folder, a second place the files may resolve into.

    Returns
    -------
    ELSpectra or None
        The spectra and their voltages.

    Raises
    ------
    FileFormatError
        Unreadable spectra, two ``el_spectrum`` files, a file leaving the folder.

    Examples
    --------
    >>> from importlib import resources
    >>> green = resources.files("peled") / "data/examples/devices/green"
    >>> el = read_el_spectra(green)
    >>> len(el.spectra), el.source
    (1, 'el_spectrum.csv')
    """
    warnings = [] if warnings is None else warnings
    folder = Path(folder)
    tagged = _spectrum_files(folder, "el_spectrum_*")
    singles = _spectrum_files(folder, "el_spectrum.*")
    for f in (*tagged, *singles):
        resolve_inside(folder, f.name, root, what=f"spectrum file {f.name}")
    if tagged:
        volts = []
        for f in tagged:
            v = _voltage_in(f.stem[len("el_spectrum_"):])
            if v is None:
                raise FileFormatError(
                    f, "file name names no voltage (expected el_spectrum_5.0V.csv)"
                )
            volts.append(v)
        if singles:
            warnings.append(
                f"{singles[0].name} ignored: per-voltage el_spectrum_<V>V files present"
            )
        spectra, raw, lit = [], [], []
        for f, v in zip(tagged, volts, strict=True):
            el = read_spectrum_file(f, warnings)
            if el is None:  # dark: skipped with a warning
                continue
            if len(el.spectra) != 1:
                raise FileFormatError(f, "a per-voltage spectrum file must hold one spectrum")
            spectra.append(el.spectra[0])
            raw.append((*el.raw[0][:3], v))
            lit.append(v)
        if not spectra:
            return None
        order = np.argsort(lit)
        source = ("el_spectrum_*.csv" if all(f.suffix == ".csv" for f in tagged)
                  else "el_spectrum_*")
        return ELSpectra(tuple(spectra[k] for k in order), np.asarray(lit)[order],
                         source, tuple(raw[k] for k in order))
    if len(singles) > 1:
        raise FileFormatError(
            folder, f"several EL spectrum files ({', '.join(f.name for f in singles[:4])}); "
                    "keep one el_spectrum file per device folder",
        )
    if singles:
        return read_spectrum_file(singles[0], warnings)
    return None


# --------------------------------------------------------------------------- angular
def read_angular(path: str | Path, warnings: list[str] | None = None,
                 root: str | Path | None = None) -> AngularProfile:
    """Read ``angular.csv``: ``angle (deg)`` and a relative emission column.

    The value column is the relative radiant intensity I(theta)/I(0) measured by a
    detector at fixed distance (Lambertian: cos theta); if its name contains
    *luminance* or *radiance* it is L(theta)/L(0) (Lambertian: 1) and is converted to
    intensity with I = L cos theta.  Negative angles are folded onto positive ones
    (the two halves averaged), and repeated readings at one angle (a photodiode trace
    logging several readings per angle) are averaged; :attr:`AngularProfile.readings`
    holds their count and a warning reports it.  Values are normalised to 1 at 0 deg.

    Parameters
    ----------
    path : str or Path
        The angular file.
    warnings : list of str, optional
        Receives one-line notes (rows skipped, readings averaged).
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    AngularProfile
        Angles (deg), I(theta)/I(0) and the number of readings per angle.

    Raises
    ------
    FileFormatError
        No angle column, angles beyond 90 deg, negative values, fewer than 3 angles.

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); f = d / "angular.csv"
    >>> _ = f.write_text("angle (deg),I (nA)\\n0,10\\n0,12\\n30,9\\n60,5.5\\n60,5.5\\n")
    >>> a = read_angular(f)
    >>> a.relative_intensity.tolist(), a.readings.tolist()
    ([1.0, 0.8181818181818182, 0.5], [2, 1, 2])
    >>> f.unlink(); d.rmdir()
    """
    warnings = [] if warnings is None else warnings
    table = read_table(path, root=root)
    warnings.extend(table.notes)
    p = table.path
    cols = [parse_header(h) for h in table.headers]
    a_idx = next((i for i, c in enumerate(cols) if c.dimension == "angle"
                  or c.name.startswith(("angle", "theta"))), None)
    if a_idx is None or len(cols) < 2:
        raise FileFormatError(p, "expected columns 'angle (deg)' and a relative intensity")
    v_idx = next(i for i in range(len(cols)) if i != a_idx)
    ang = table.column(a_idx)
    val = table.column(v_idx)
    ok = np.isfinite(ang) & np.isfinite(val)
    if (~ok).any():
        warnings.append(f"{p.name}: {int((~ok).sum())} incomplete rows skipped")
    ang, val = np.abs(ang[ok]), val[ok]
    if np.any(ang > 90):
        raise FileFormatError(p, "angles must lie within -90..90 deg (forward hemisphere)")
    if np.any(val < 0):
        raise FileFormatError(p, "relative intensity must be >= 0")
    uniq, inverse, counts = np.unique(ang, return_inverse=True, return_counts=True)
    mean = np.bincount(inverse, weights=val) / counts
    if counts.max() > 1:
        span = (f"{counts.min()}-{counts.max()}" if counts.min() != counts.max()
                else f"{counts.max()}")
        warnings.append(f"{p.name}: {span} readings per angle averaged "
                        f"({int(counts.sum())} readings at {uniq.size} angles)")
    if cols[v_idx].name.startswith(("luminance", "radiance", "l ", "l(")) or \
            cols[v_idx].dimension in ("luminance", "radiance"):
        mean = mean * np.cos(np.radians(uniq))
    if uniq.size < 3 or uniq[0] > 10:
        raise FileFormatError(p, "need >= 3 angles starting at or near 0 deg")
    i0 = float(np.interp(0.0, uniq, mean))
    if not i0 > 0:
        raise FileFormatError(p, "relative intensity at 0 deg must be > 0")
    return AngularProfile(uniq, mean / i0, p.name, counts)


# --------------------------------------------------------------------------- lifetime
_L0_IN_NAME = re.compile(r"(\d+(?:\.\d+)?)\s*(?:cd|nit)", re.IGNORECASE)
_RELATIVE_NAMES = ("l/l0", "relative", "normalized", "normalised", "norm", "ratio")


def read_lifetime(path: str | Path, l0_cd_m2: float | None = None,
                  warnings: list[str] | None = None,
                  root: str | Path | None = None) -> LifetimeTrace:
    """Read a lifetime trace: a time column with unit and one signal column.

    Signal: luminance (cd/m2; L0 = first value), L/L0 (fraction or %), or EQE (%)
    (normalised to its first value).  Rows with NaN are skipped with a warning; the
    time must increase.

    Parameters
    ----------
    path : str or Path
        The lifetime file.
    l0_cd_m2 : float, optional
        Initial luminance (cd/m^2) of a normalised trace without one in its file name.
    warnings : list of str, optional
        Receives one-line notes.
    root : str or Path, optional
        Folder the file must resolve inside.

    Returns
    -------
    LifetimeTrace
        Time (s) from the first point and the signal relative to it.

    Raises
    ------
    FileFormatError
        No time unit, no signal column, fewer than 4 rows, time not increasing.

    Examples
    --------
    >>> from importlib import resources
    >>> green = resources.files("peled") / "data/examples/devices/green"
    >>> t = read_lifetime(green / "lifetime.csv")
    >>> t.kind, t.l0_cd_m2, float(t.relative[0])
    ('luminance', 1000.0, 1.0)
    """
    warnings = [] if warnings is None else warnings
    table = read_table(path, root=root)
    warnings.extend(table.notes)
    p = table.path
    cols = [parse_header(h) for h in table.headers]
    t_idx = next((i for i, c in enumerate(cols) if c.dimension == "time"), None)
    if t_idx is None:
        named = next((h for h, c in zip(table.headers, cols, strict=True)
                      if c.name.startswith(("time", "t"))), None)
        if named is not None:
            raise FileFormatError(p, f"time column {named!r}: unit missing or not recognised; "
                                     "write e.g. 'time (h)' (accepted: s, min, h, d)")
        raise FileFormatError(p, "no time column; expected 'time (h)'")
    sig = None
    kind = None
    volt = None
    for i, c in enumerate(cols):
        if i == t_idx:
            continue
        if c.dimension == "voltage":
            volt = table.column(i)
            continue
        if c.dimension == "luminance":
            sig, kind, scale = i, "luminance", 1.0
        elif c.dimension == "percent" and ("eqe" in c.name or "quantum" in c.name):
            sig, kind, scale = i, "eqe", 1.0
        elif c.dimension == "percent" or (
            c.dimension in ("unknown", "none", "arbitrary")
            and c.name.replace(" ", "").startswith(_RELATIVE_NAMES)
        ):
            sig, kind, scale = i, "relative", 0.01 if c.dimension == "percent" else 1.0
        else:
            warnings.append(f"{p.name}: column {table.headers[i]!r} not recognised; ignored")
            continue
        break
    if sig is None:
        raise FileFormatError(
            p, "no signal column; expected 'luminance (cd/m2)', 'L/L0' or 'EQE (%)'"
        )
    t = table.column(t_idx) * cols[t_idx].factor
    y = table.column(sig) * scale
    ok = np.isfinite(t) & np.isfinite(y)
    if (~ok).any():
        lines = table.line_numbers[~ok][:5].tolist()
        warnings.append(f"{p.name}: {int((~ok).sum())} rows with missing values skipped "
                        f"(lines {lines})")
    t, y = t[ok], y[ok]
    volt = volt[ok] if volt is not None else None
    if t.size < 4:
        raise FileFormatError(p, f"only {t.size} valid rows; a lifetime trace needs >= 4")
    if np.any(np.diff(t) <= 0):
        k = int(np.argmax(np.diff(t) <= 0)) + 1
        raise FileFormatError(p, "time must increase strictly",
                              line=int(table.line_numbers[ok][k]))
    if not y[0] > 0:
        raise FileFormatError(p, "the first signal value must be > 0 (it defines L0)")
    l0 = None
    if kind == "luminance":
        l0 = float(y[0])
    else:
        m = _L0_IN_NAME.search(p.stem)
        l0 = float(m.group(1)) if m else l0_cd_m2
    return LifetimeTrace(t - t[0], y / y[0], kind, l0, p.name, volt)


# --------------------------------------------------------------------------- folders
def _config(folder: Path, warnings: list[str], root: Path | None = None) -> DeviceConfig:
    f = folder / "device.toml"
    if not f.exists() and not f.is_symlink():
        return DeviceConfig()
    resolve_inside(folder, f.name, root, what="device.toml")
    return read_device_toml(f, warnings)


def _extras(folder: Path, config: DeviceConfig, warnings: list[str],
            root: Path | None = None):
    el = read_el_spectra(folder, warnings, root)
    ang = folder / "angular.csv"
    angular = None
    if ang.exists() or ang.is_symlink():
        resolve_inside(folder, ang.name, root, what="angular.csv")
        angular = read_angular(ang, warnings)
    files = sorted(folder.glob("lifetime*.csv"), key=lambda f: (f.name != "lifetime.csv", f.name))
    for f in files:
        resolve_inside(folder, f.name, root, what=f.name)
    runs = tuple(
        read_lifetime(f, config.measurement.lifetime_l0_cd_m2, warnings) for f in files
    )
    if (folder / "trpl.csv").exists():
        warnings.append(f"trpl.csv is not part of the device analysis; fit it with: "
                        f"peled emitter fit-trpl {folder / 'trpl.csv'}")
    resp = None
    rf = config.measurement.photodiode_responsivity_file
    if rf:
        toml = config.path or folder / "device.toml"
        rp = resolve_inside(folder, rf, root,
                            what="field 'measurement.photodiode_responsivity_file' =",
                            source=toml)
        if not rp.exists():
            raise FileFormatError(toml, f"field 'measurement.photodiode_responsivity_file': "
                                        f"{excerpt(str(rf))} does not exist in the device folder")
        resp = read_responsivity(rp)
    return el, angular, runs, resp


def _preamble_area(table: Table, config: DeviceConfig, warnings: list[str]) -> DeviceConfig:
    """``config`` with the area of the J-V-L preamble (``Area (mm2) : 10.00``) when
    device.toml gives none; the warning says so."""
    if config.area_cm2 is not None:
        return config
    found = table.metadata_quantity(("area", "device area", "active area", "pixel area"),
                                    "area")
    if found is None or not found[0] > 0:
        return config
    area_cm2 = found[0] * 1e4
    warnings.append(
        f"device.toml gives no area_cm2; using {found[1]!r} = "
        f"{excerpt(table.metadata[found[1]], 20)} from {table.path.name} line {found[2]} "
        f"({area_cm2:g} cm2)"
    )
    return dataclasses.replace(config, area_cm2=area_cm2)


def load_device(path: str | Path, root: str | Path | None = None) -> DeviceData:
    """Read a device folder (or its ``jvl.csv``) into a :class:`DeviceData`.

    Every file the folder names (``jvl.csv``, ``device.toml``, ``el_spectrum*``,
    ``angular.csv``, ``lifetime*.csv``, the responsivity file of device.toml) must resolve
    inside the folder (or inside ``root``, the batch folder): ``..`` paths, absolute paths
    elsewhere and symbolic links leaving it are refused without reading the target.  A
    device folder of a batch must itself lie inside ``root``.  When device.toml gives no
    ``area_cm2``, an area in the J-V-L file's preamble is used and a warning says so.

    Parameters
    ----------
    path : str or Path
        The device folder or its J-V-L file.
    root : str or Path, optional
        The batch folder holding the device folder.

    Returns
    -------
    DeviceData
        Everything the analysis needs, with the warnings collected while reading.

    Raises
    ------
    FileFormatError
        A missing ``jvl.csv``, an unreadable file, a file or folder leaving its place.

    Examples
    --------
    >>> from importlib import resources
    >>> green = resources.files("peled") / "data/examples/devices/green"
    >>> d = load_device(green)
    >>> d.name, d.jvl.voltage_v.size, len(d.lifetime)
    ('green-CsPbBr3 (synthetic)', 251, 1)
    """
    p = Path(path)
    if p.is_file():
        folder, jvl_path = p.parent, p
    else:
        folder, jvl_path = p, p / "jvl.csv"
    if not folder.exists():
        raise FileFormatError(p, "no such device folder")
    if root is not None and not inside(folder, root):
        raise FileFormatError(
            folder, "symbolic link to a folder outside the batch folder; refused (copy the "
                    "device folder into the batch instead of linking it)",
        )
    if not jvl_path.exists() and not jvl_path.is_symlink():
        raise FileFormatError(jvl_path, "missing: a device folder needs a jvl.csv")
    if not p.is_file():
        resolve_inside(folder, jvl_path.name, root, what="jvl.csv")
    warnings: list[str] = []
    config = _config(folder, warnings, root)
    table = read_table(jvl_path, text_columns=_TEXT_COLUMNS)
    warnings.extend(table.notes)
    config = _preamble_area(table, config, warnings)
    jvl = jvl_from_table(table, config, warnings)
    el, angular, runs, resp = _extras(folder, config, warnings, root)
    return DeviceData(
        name=config.name or printable_name(folder.name),
        folder=folder,
        config=config,
        jvl=jvl,
        el=el,
        angular=angular,
        lifetime=runs,
        responsivity=resp,
        warnings=tuple(warnings),
    )


def _wide_csv_devices(path: Path):
    """Loaders of the devices of a wide CSV with a ``device`` column.

    Shared metadata may sit beside the CSV: ``device.toml`` (area, settings) and
    ``el_spectrum.csv``; a per-device ``area_cm2`` column overrides the area.
    """
    warnings: list[str] = []
    table = read_table(path, text_columns=_TEXT_COLUMNS)
    key = next(h for h in table.text_columns if h.lower() == "device")
    names = np.asarray(table.text_columns[key], dtype=object)
    blank = [i for i, n in enumerate(names.tolist()) if not str(n).strip()]
    if blank:
        raise FileFormatError(path, f"column {key!r} is blank in data row {blank[0] + 1}: "
                                    "every row needs a device name")
    folder = path.parent
    area_idx = next((j for j, h in enumerate(table.headers)
                     if h.lower().replace(" ", "_") in ("area_cm2", "area_(cm2)", "area_[cm2]")),
                    None)
    order = list(dict.fromkeys(names.tolist()))

    def make(name: str):
        def load() -> DeviceData:
            w = list(warnings)
            config = _config(folder, w)
            rows = np.flatnonzero(names == name)
            area = None
            if area_idx is not None:
                vals = table.values[rows, area_idx]
                vals = vals[np.isfinite(vals)]
                if vals.size and np.ptp(vals) > 0:
                    raise FileFormatError(path, f"device {name!r}: area_cm2 differs between rows")
                area = float(vals[0]) if vals.size else None
            jvl = jvl_from_table(table, config, w, rows=rows, area_cm2=area)
            el = read_el_spectra(folder, w)
            return DeviceData(name=str(name), folder=None, config=config, jvl=jvl, el=el,
                              warnings=tuple(dict.fromkeys(w)))
        return load

    return [(str(n) if n else "(unnamed)", make(n)) for n in order]


def is_report_folder(folder: str | Path) -> bool:
    """True for a folder written by ``peled report`` / ``peled demo`` (not a device).

    Recognised by the peled output marker (:func:`peled.outputs.is_peled_output`) or by
    the report's ``results.json`` and ``index.html`` with no ``jvl.csv``.

    Parameters
    ----------
    folder : str or pathlib.Path
        The folder to test (need not exist).

    Returns
    -------
    bool
        True for a peled report folder.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> is_report_folder(green)
    False
    """
    from peled.outputs import is_peled_output  # lazy: only for batch discovery

    f = Path(folder)
    return is_peled_output(f) or (
        (f / "results.json").is_file() and (f / "index.html").is_file()
        and not (f / "jvl.csv").exists()
    )


def _skipped_folder(d: Path) -> bool:
    """Hidden, private or temporary folders (``.x``, ``_x``, ``~x``, ``x~``, ``x.tmp``)
    and peled report folders are not devices of a batch."""
    n = d.name
    return (n.startswith((".", "_", "~")) or n.endswith(("~", ".tmp", ".temp"))
            or is_report_folder(d))


def discover_batch(path: str | Path, exclude=()):
    """List ``(name, loader)`` pairs of the devices in a batch (loaders may raise).

    A batch is a folder whose sub-folders are device folders (at least one holding a
    ``jvl.csv``; every other sub-folder counts as a device too, so a folder lacking its
    ``jvl.csv`` becomes a failed device), or a CSV with a ``device`` column.  Not
    devices: hidden, private and temporary folders and peled report folders
    (:func:`is_report_folder`; e.g. ``peled report batch -o batch/report``), and the
    folders in ``exclude``.

    Parameters
    ----------
    path : str or pathlib.Path
        A folder of device folders, a wide CSV with a ``device`` column, or a single
        device (folder or file).
    exclude : iterable of path-like, optional
        Sub-folders that are not devices (e.g. a report's output folder).

    Returns
    -------
    list of (str, callable) or None
        ``(name, loader)`` per device in name order, ``loader()`` returning its
        :class:`DeviceData`; None when ``path`` is a single device.

    Raises
    ------
    peled.errors.FileFormatError
        If ``path`` does not exist.

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> [name for name, _ in discover_batch(example_devices_dir())]
    ['green', 'red', 'sky-blue']
    >>> discover_batch(example_devices_dir() / "green") is None
    True
    """
    p = Path(path)
    if p.is_file():
        try:
            header = read_table(p, text_columns=_TEXT_COLUMNS)
        except FileFormatError:
            return None
        if any(h.lower() == "device" for h in header.headers):
            return _wide_csv_devices(p)
        return None
    if not p.is_dir():
        raise FileFormatError(p, "no such file or folder")
    if (p / "jvl.csv").exists():
        return None
    skip = {Path(e).resolve() for e in exclude}
    subs = sorted(d for d in p.iterdir()
                  if d.is_dir() and not _skipped_folder(d) and d.resolve() not in skip)
    if not any((d / "jvl.csv").exists() for d in subs):
        wide = sorted(f for f in p.glob("*.csv"))
        for f in wide:
            found = discover_batch(f)
            if found is not None:
                return found
        raise FileFormatError(p, "neither a device folder (no jvl.csv) nor a batch "
                                 "(no sub-folder with a jvl.csv, no CSV with a 'device' column)")
    return [(printable_name(d.name), (lambda d=d: load_device(d, root=p))) for d in subs]
