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

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, PeledError
from peled.io.columns import Column, Table, parse_header, read_table
from peled.measure.config import DeviceConfig, read_device_toml
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
    """EL spectra of one device; ``voltages_v`` is None for a single spectrum."""

    spectra: tuple[Spectrum, ...]
    voltages_v: np.ndarray | None
    source: str


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
class Responsivity:
    """Photodiode responsivity R(lambda) in A/W."""

    wavelength_nm: np.ndarray
    a_per_w: np.ndarray
    source: str


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
                table.path, f"column {key!r}: {lab!r} is not a sweep direction "
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
    """Interpret the columns of a J-V-L table (``rows`` selects a device of a wide CSV)."""
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
    """Read a ``jvl.csv`` (see :func:`jvl_from_table` for the columns understood)."""
    warnings = [] if warnings is None else warnings
    table = read_table(path, text_columns=_TEXT_COLUMNS)
    return jvl_from_table(table, config or DeviceConfig(), warnings)


# --------------------------------------------------------------------------- spectra
_VOLT_IN_TEXT = re.compile(r"([-+]?\d+(?:[.p]\d+)?)\s*v(?![a-z])", re.IGNORECASE)


def _voltage_in(text: str) -> float | None:
    m = _VOLT_IN_TEXT.search(text)
    return float(m.group(1).replace("p", ".")) if m else None


def _clean_spectrum(wl, y, name: str, path: Path, warnings: list[str]) -> Spectrum:
    wl = np.asarray(wl, float)
    y = np.asarray(y, float)
    ok = np.isfinite(wl) & np.isfinite(y)
    if not ok.all():
        warnings.append(f"{path.name}: {int((~ok).sum())} non-numeric spectrum rows skipped")
        wl, y = wl[ok], y[ok]
    order = np.argsort(wl, kind="stable")
    wl, y = wl[order], y[order]
    if y.size < 3 or not np.max(y) > 0:
        raise FileFormatError(path, f"spectrum {name!r} has no positive intensity")
    k = max(1, int(round(0.05 * y.size)))
    edge = float(np.median(np.concatenate([y[:k], y[-k:]])))
    if abs(edge) > 0.005 * float(np.max(y)):
        warnings.append(
            f"{path.name}: spectrum {name!r} has a baseline of {100 * edge / np.max(y):.1f} % "
            "of its peak at the edges; subtracted (median of the outer 5 % of points)"
        )
        y = y - edge
    try:
        return Spectrum.from_raw(wl, y, name=name)
    except PeledError as exc:
        raise FileFormatError(path, f"spectrum {name!r}: {exc}") from None


def _spectra_from_table(table: Table, warnings: list[str]) -> ELSpectra:
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
        spectra = tuple(
            _clean_spectrum(wl[volts == v], table.column(others[0])[volts == v],
                            f"{p.stem} @ {v:g} V", p, warnings)
            for v in levels
        )
        return ELSpectra(spectra, levels, p.name)
    if len(others) == 1:
        return ELSpectra(
            (_clean_spectrum(wl, table.column(others[0]), p.stem, p, warnings),), None, p.name
        )
    volts = [_voltage_in(table.headers[i]) for i in others]
    if any(v is None for v in volts):
        bad = table.headers[others[volts.index(None)]]
        raise FileFormatError(
            p, f"several intensity columns but {bad!r} names no voltage "
            "(expected headers like 'EL @ 5.0 V')",
        )
    order = np.argsort(volts)
    spectra = tuple(
        _clean_spectrum(wl, table.column(others[k]), f"{p.stem} @ {volts[k]:g} V", p, warnings)
        for k in order
    )
    return ELSpectra(spectra, np.asarray(volts, float)[order], p.name)


def read_el_spectra(folder: str | Path, warnings: list[str] | None = None) -> ELSpectra | None:
    """EL spectra of a device folder (None when there are none).

    ``el_spectrum.csv`` (one spectrum, several voltage-labelled columns, or long format
    with a voltage column) or files ``el_spectrum_<V>V.csv`` (e.g. ``el_spectrum_5.0V.csv``).
    """
    warnings = [] if warnings is None else warnings
    folder = Path(folder)
    tagged = sorted(folder.glob("el_spectrum_*.csv"))
    single = folder / "el_spectrum.csv"
    if tagged:
        volts = []
        for f in tagged:
            v = _voltage_in(f.stem[len("el_spectrum_"):])
            if v is None:
                raise FileFormatError(
                    f, "file name names no voltage (expected el_spectrum_5.0V.csv)"
                )
            volts.append(v)
        if single.exists():
            warnings.append(
                "el_spectrum.csv ignored: per-voltage el_spectrum_<V>V.csv files present"
            )
        spectra = []
        for f in tagged:
            el = _spectra_from_table(read_table(f), warnings)
            if len(el.spectra) != 1:
                raise FileFormatError(f, "a per-voltage spectrum file must hold one spectrum")
            spectra.append(el.spectra[0])
        order = np.argsort(volts)
        return ELSpectra(tuple(spectra[k] for k in order), np.asarray(volts)[order],
                         "el_spectrum_*.csv")
    if single.exists():
        return _spectra_from_table(read_table(single), warnings)
    return None


# --------------------------------------------------------------------------- angular
def read_angular(path: str | Path, warnings: list[str] | None = None) -> AngularProfile:
    """Read ``angular.csv``: ``angle (deg)`` and a relative emission column.

    The value column is the relative radiant intensity I(theta)/I(0) measured by a
    detector at fixed distance (Lambertian: cos theta); if its name contains
    *luminance* or *radiance* it is L(theta)/L(0) (Lambertian: 1) and is converted to
    intensity with I = L cos theta.  Negative angles are folded onto positive ones
    (the two halves averaged).  Values are normalised to 1 at 0 deg.
    """
    warnings = [] if warnings is None else warnings
    table = read_table(path)
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
    uniq = np.unique(ang)
    mean = np.array([val[ang == a].mean() for a in uniq])
    if cols[v_idx].name.startswith(("luminance", "radiance", "l ", "l(")) or \
            cols[v_idx].dimension in ("luminance", "radiance"):
        mean = mean * np.cos(np.radians(uniq))
    if uniq.size < 3 or uniq[0] > 10:
        raise FileFormatError(p, "need >= 3 angles starting at or near 0 deg")
    i0 = float(np.interp(0.0, uniq, mean))
    if not i0 > 0:
        raise FileFormatError(p, "relative intensity at 0 deg must be > 0")
    return AngularProfile(uniq, mean / i0, p.name)


# --------------------------------------------------------------------------- lifetime
_L0_IN_NAME = re.compile(r"(\d+(?:\.\d+)?)\s*(?:cd|nit)", re.IGNORECASE)
_RELATIVE_NAMES = ("l/l0", "relative", "normalized", "normalised", "norm", "ratio")


def read_lifetime(path: str | Path, l0_cd_m2: float | None = None,
                  warnings: list[str] | None = None) -> LifetimeTrace:
    """Read a lifetime trace: a time column with unit and one signal column.

    Signal: luminance (cd/m2; L0 = first value), L/L0 (fraction or %), or EQE (%)
    (normalised to its first value).  Rows with NaN are skipped with a warning; the
    time must increase.
    """
    warnings = [] if warnings is None else warnings
    table = read_table(path)
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


def read_responsivity(path: str | Path) -> Responsivity:
    """Photodiode responsivity file: 'wavelength (nm)' and 'responsivity (A/W)'."""
    table = read_table(path)
    p = table.path
    cols = [parse_header(h) for h in table.headers]
    w = next((i for i, c in enumerate(cols) if c.dimension == "wavelength"), None)
    r = next((i for i, c in enumerate(cols) if c.dimension == "responsivity"), None)
    if w is None or r is None:
        raise FileFormatError(p, "expected columns 'wavelength (nm)' and 'responsivity (A/W)'")
    wl = table.column(w)
    ra = table.column(r) * cols[r].factor
    ok = np.isfinite(wl) & np.isfinite(ra)
    order = np.argsort(wl[ok])
    if ok.sum() < 2 or np.any(ra[ok] < 0):
        raise FileFormatError(p, "responsivity needs >= 2 rows of non-negative values")
    return Responsivity(wl[ok][order], ra[ok][order], p.name)


# --------------------------------------------------------------------------- folders
def _config(folder: Path, warnings: list[str]) -> DeviceConfig:
    f = folder / "device.toml"
    return read_device_toml(f, warnings) if f.exists() else DeviceConfig()


def _extras(folder: Path, config: DeviceConfig, warnings: list[str]):
    el = read_el_spectra(folder, warnings)
    ang = folder / "angular.csv"
    angular = read_angular(ang, warnings) if ang.exists() else None
    files = sorted(folder.glob("lifetime*.csv"), key=lambda f: (f.name != "lifetime.csv", f.name))
    runs = tuple(
        read_lifetime(f, config.measurement.lifetime_l0_cd_m2, warnings) for f in files
    )
    if (folder / "trpl.csv").exists():
        warnings.append(f"trpl.csv is not part of the device analysis; fit it with: "
                        f"peled emitter fit-trpl {folder / 'trpl.csv'}")
    resp = None
    rf = config.measurement.photodiode_responsivity_file
    if rf:
        rp = Path(rf) if Path(rf).is_absolute() else folder / rf
        if not rp.exists():
            raise FileFormatError(config.path or folder / "device.toml",
                                  f"field 'measurement.photodiode_responsivity_file': "
                                  f"{rp} does not exist")
        resp = read_responsivity(rp)
    return el, angular, runs, resp


def load_device(path: str | Path) -> DeviceData:
    """Read a device folder (or its ``jvl.csv``) into a :class:`DeviceData`."""
    p = Path(path)
    if p.is_file():
        folder, jvl_path = p.parent, p
    else:
        folder, jvl_path = p, p / "jvl.csv"
    if not folder.exists():
        raise FileFormatError(p, "no such device folder")
    if not jvl_path.exists():
        raise FileFormatError(jvl_path, "missing: a device folder needs a jvl.csv")
    warnings: list[str] = []
    config = _config(folder, warnings)
    jvl = read_jvl(jvl_path, config, warnings)
    el, angular, runs, resp = _extras(folder, config, warnings)
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
    """
    from peled.outputs import is_peled_output

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
    folders in ``exclude``.  Returns None when ``path`` is a single device.
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
    return [(printable_name(d.name), (lambda d=d: load_device(d))) for d in subs]
