"""File readers for the defect / ion-migration analyses (the I/O edge of issue 5).

The physics lives in pure modules (:mod:`peled.device.ions`,
:mod:`peled.materials.defects`); this module turns files into their inputs:

* :func:`read_arrhenius_csv`: a temperature series (T in K or degC, then a rate,
  diffusion coefficient or conductivity whose header unit decides the Arrhenius form);
* :func:`read_defects_toml`: a DFT defect-calculation input -> :class:`DefectSystem`;
* :func:`read_cv_csv`: a capacitance-voltage sweep (Mott-Schottky analysis and the
  depletion width of :mod:`peled.measure.admittance`);
* :func:`seed002_activation_energies`: seed 002 Table 1 (ion-migration activation
  energies) from the literature dataset, with printed ranges kept as min/max.

Every malformed input raises :class:`~peled.errors.FileFormatError` whose one-line
message names the file (and line or TOML key) and what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import constants

from peled.errors import FileFormatError, ParameterError
from peled.materials.defects import (
    ChargeState,
    Defect,
    DefectSystem,
    effective_density_of_states,
)
from peled.measure.columns import comments_and_rows, read_text, sniff_delimiter

__all__ = [
    "SEED002_TABLE1",
    "ArrheniusData",
    "CVData",
    "read_arrhenius_csv",
    "read_cv_csv",
    "read_defects_toml",
    "read_text",
    "seed002_activation_energies",
    "split_unit_header",
]


# ----------------------------------------------------------------------------- headers
_HEADER = re.compile(r"^(.*?)\s*[\(\[](.*)[\)\]]\s*$")


def split_unit_header(header: str) -> tuple[str, str]:
    """Split ``'T (K)'``, ``'sigma [S/cm]'``, ``'rate / s-1'`` into ``(name, unit)``.

    Without brackets or ``' / '`` the unit is empty.  The name is lower-cased.
    """
    h = header.strip().strip("\ufeff").strip()
    m = _HEADER.match(h)
    if m:
        return m.group(1).strip().lower(), m.group(2).strip()
    if " / " in h:
        name, _, unit = h.partition(" / ")
        return name.strip().lower(), unit.strip()
    return h.lower(), ""


def _unit_key(unit: str) -> str:
    u = unit.translate(str.maketrans({"²": "2", "¹": "1", "⁻": "-", "µ": "u", "μ": "u"}))
    return re.sub(r"[\s_/^·*.]", "", u).lower().replace("-1", "").replace("−1", "")


# ----------------------------------------------------------------------------- Arrhenius
_TEMPERATURE_UNITS = {"k": "K", "kelvin": "K", "degc": "degC", "°c": "degC", "c": "degC",
                      "celsius": "degC", "oc": "degC"}
# unit key -> (kind, factor to SI)
_QUANTITY_UNITS = {
    "sm": ("conductivity", 1.0), "scm": ("conductivity", 100.0), "mscm": ("conductivity", 0.1),
    "sm1": ("conductivity", 1.0), "scm1": ("conductivity", 100.0),
    "m2s": ("diffusion", 1.0), "cm2s": ("diffusion", 1e-4), "m2s1": ("diffusion", 1.0),
    "cm2s1": ("diffusion", 1e-4),
    "s": ("rate", 1.0), "1s": ("rate", 1.0), "hz": ("rate", 1.0), "khz": ("rate", 1e3),
    "mhz": ("rate", 1e6), "rads": ("rate", 1.0),
}


@dataclass(frozen=True, eq=False)
class ArrheniusData:
    """Temperature series read from a file: T in K, the quantity in SI, its kind."""

    temperature_k: np.ndarray
    value: np.ndarray
    kind: str  # "conductivity", "diffusion", "rate" or "quantity"
    unit: str  # SI unit of ``value`` ("S/m", "m2/s", "1/s") or the header's unit
    name: str

    @property
    def temperature_exponent(self) -> int:
        """1 for a conductivity (fit ln(sigma T), eqn (1) of :mod:`peled.device.ions`), else 0."""
        return 1 if self.kind == "conductivity" else 0


def read_arrhenius_csv(path: str | Path) -> ArrheniusData:
    """Read a two-column temperature series (first column T in K or degC).

    The header decides the units: ``T (K)`` / ``T (degC)``; the second column's unit
    ``S/m``, ``S/cm``, ``mS/cm`` (conductivity), ``m2/s``, ``cm2/s`` (diffusion),
    ``1/s``, ``s-1``, ``Hz`` (rate) or anything else (a generic positive quantity).
    Lines starting with ``#`` are comments.  Malformed files raise
    :class:`~peled.errors.FileFormatError` naming the file and line.
    """
    import csv

    p, text = read_text(path)
    _, lines = comments_and_rows(text)
    if not lines:
        raise FileFormatError(p, "file is empty")
    delim = sniff_delimiter(lines[0][1], "\t,;")
    head_line, head = lines[0]
    headers = [h.strip() for h in next(csv.reader([head], delimiter=delim))]
    if len(headers) < 2:
        raise FileFormatError(p, "expected 2 columns: temperature and a rate, diffusion "
                                 "coefficient or conductivity", line=head_line)
    t_name, t_unit = split_unit_header(headers[0])
    t_kind = _TEMPERATURE_UNITS.get(_unit_key(t_unit).replace("º", "°"))
    if t_kind is None:
        raise FileFormatError(
            p, f"first column {headers[0]!r}: temperature unit must be K or degC "
               "(e.g. 'T (K)' or 'T (degC)')", line=head_line,
        )
    q_name, q_unit = split_unit_header(headers[1])
    kind, factor = _QUANTITY_UNITS.get(_unit_key(q_unit), ("quantity", 1.0))
    if kind == "quantity" and any(w in q_name for w in ("sigma", "conductivity")):
        raise FileFormatError(p, f"column {headers[1]!r}: conductivity needs a unit "
                                 "S/m or S/cm", line=head_line)
    t_vals, y_vals = [], []
    for lineno, ln in lines[1:]:
        cells = next(csv.reader([ln], delimiter=delim))
        if len(cells) < 2:
            raise FileFormatError(p, f"{len(cells)} field(s), expected 2", line=lineno)
        try:
            t_vals.append(float(cells[0]))
            y_vals.append(float(cells[1]))
        except ValueError:
            raise FileFormatError(p, f"not a number in {cells[:2]!r}", line=lineno) from None
        if not (np.isfinite(t_vals[-1]) and np.isfinite(y_vals[-1])):
            raise FileFormatError(p, f"non-finite value in {cells[:2]!r}", line=lineno)
        if y_vals[-1] <= 0:
            raise FileFormatError(
                p, f"{headers[1]!r} = {cells[1].strip()} <= 0: an Arrhenius fit needs a "
                   "positive rate, diffusion coefficient or conductivity", line=lineno,
            )
    if len(t_vals) < 2:
        raise FileFormatError(p, "need at least 2 data rows", line=head_line)
    t = np.asarray(t_vals)
    if t_kind == "degC":
        t = t + constants.zero_Celsius
    if np.any(t <= 0):
        raise FileFormatError(p, f"temperature <= 0 K in column {headers[0]!r}")
    si_unit = {"conductivity": "S/m", "diffusion": "m2/s", "rate": "1/s"}.get(kind, q_unit)
    return ArrheniusData(t, np.asarray(y_vals) * factor, kind, si_unit, q_name)


# ----------------------------------------------------------------------------- C-V
# unit key -> (quantity, factor to SI: V, F or F/m^2)
_CV_UNITS = {
    "v": ("voltage", 1.0), "volt": ("voltage", 1.0), "mv": ("voltage", 1e-3),
    "f": ("capacitance", 1.0), "mf": ("capacitance", 1e-3), "uf": ("capacitance", 1e-6),
    "nf": ("capacitance", 1e-9), "pf": ("capacitance", 1e-12),
    "fm2": ("capacitance_area", 1.0), "fcm2": ("capacitance_area", 1e4),
    "mfcm2": ("capacitance_area", 10.0), "ufcm2": ("capacitance_area", 1e-2),
    "nfcm2": ("capacitance_area", 1e-5), "pfcm2": ("capacitance_area", 1e-8),
}
_CV_META = re.compile(r"^#\s*([A-Za-z][A-Za-z0-9_ ]*?)\s*[:=]\s*([-+0-9.eE]+)\s*$")


@dataclass(frozen=True, eq=False)
class CVData:
    """A C-V sweep: bias in V (file order) and capacitance per area in F/m^2."""

    voltage_v: np.ndarray
    capacitance_f_m2: np.ndarray
    name: str
    frequency_hz: float | None = None


def read_cv_csv(path: str | Path, area_cm2: float | None = None) -> CVData:
    """Read a capacitance-voltage file (one header line; ``#`` lines are comments).

    Columns, recognised by the unit in the header (``'V (V)'``, ``'C [nF/cm2]'``,
    ``'bias / mV'`` or a bare unit ``V``): a voltage (``V``, ``mV``) and a capacitance,
    either per area (``F/m2``, ``F/cm2``, ``uF/cm2``, ``nF/cm2``, ``pF/cm2``) or absolute
    (``F``, ``uF``, ``nF``, ``pF``; needs the device area: ``area_cm2`` or a comment line
    ``# area_cm2: 0.04``).  Other columns are ignored.  A comment ``# frequency_hz: 1e5``
    records the measurement frequency.  Every malformed input (no such columns, a
    non-number, a capacitance <= 0, fewer than 3 rows) raises
    :class:`~peled.errors.FileFormatError` naming the file and line.
    """
    import csv

    p, text = read_text(path)
    comments, rows = comments_and_rows(text)
    meta = {m.group(1).strip().lower().replace(" ", "_"): float(m.group(2))
            for m in map(_CV_META.match, comments) if m}
    if not rows:
        raise FileFormatError(p, "file is empty (expected a header such as 'V (V),C (nF/cm2)')")
    head_line, head = rows[0]
    delim = sniff_delimiter(head, "\t,;")
    headers = [h.strip() for h in next(csv.reader([head], delimiter=delim))]
    roles: dict[str, tuple[int, float]] = {}
    for col, h in enumerate(headers):
        name, unit = split_unit_header(h)
        key = _unit_key(unit or name).replace("-2", "2")
        qty, factor = _CV_UNITS.get(key, (None, 1.0))
        if not unit and qty != "voltage":
            qty = None  # a bare 'V' header is a voltage; a bare 'f' is not a capacitance
        if qty is not None and qty not in roles:
            roles[qty] = (col, factor)
    if "voltage" not in roles:
        raise FileFormatError(p, "no voltage column (header unit V or mV, e.g. 'V (V)')",
                              line=head_line)
    cap = roles.get("capacitance_area") or roles.get("capacitance")
    if cap is None:
        raise FileFormatError(p, "no capacitance column (header unit F, nF, pF or per area "
                                 "F/cm2, nF/cm2, F/m2)", line=head_line)
    area = area_cm2 if area_cm2 is not None else meta.get("area_cm2")
    per_area = "capacitance_area" in roles
    if not per_area:
        if area is None:
            raise FileFormatError(p, f"column {headers[cap[0]]!r} is an absolute capacitance: "
                                     "give the device area (--area-cm2 or a '# area_cm2: ...' "
                                     "line)", line=head_line)
        if not (np.isfinite(area) and area > 0):
            raise FileFormatError(p, f"area_cm2 must be a positive number, got {area!r}")
    v_col, v_fac = roles["voltage"]
    c_col, c_fac = cap
    volts, caps = [], []
    for lineno, ln in rows[1:]:
        cells = next(csv.reader([ln], delimiter=delim))
        if len(cells) != len(headers):
            raise FileFormatError(p, f"{len(cells)} field(s), expected {len(headers)}",
                                  line=lineno)
        try:
            v, c = float(cells[v_col]), float(cells[c_col])
        except ValueError:
            raise FileFormatError(p, f"not a number in {[cells[v_col], cells[c_col]]!r}",
                                  line=lineno) from None
        if not (np.isfinite(v) and np.isfinite(c)):
            raise FileFormatError(p, f"non-finite value in {[cells[v_col], cells[c_col]]!r}",
                                  line=lineno)
        if c <= 0:
            raise FileFormatError(p, f"capacitance {cells[c_col].strip()} <= 0 (an inductive "
                                     "or open-circuit artefact; remove the row)", line=lineno)
        volts.append(v * v_fac)
        caps.append(c * c_fac)
    if len(volts) < 3:
        raise FileFormatError(p, f"need at least 3 (V, C) rows, got {len(volts)}",
                              line=head_line)
    c_si = np.asarray(caps)
    if not per_area:
        c_si = c_si / (area * 1e-4)
    f = meta.get("frequency_hz")
    return CVData(np.asarray(volts), c_si, p.name, None if f is None else float(f))


# ----------------------------------------------------------------------------- defects TOML
def _num(path: Path, where: str, value, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError(path, f"{where}: expected a number, got {value!r}")
    v = float(value)
    if not np.isfinite(v) or (positive and v <= 0):
        raise FileFormatError(path, f"{where}: expected a finite{' positive' if positive else ''}"
                                    f" number, got {value!r}")
    return v


def _table(path: Path, raw: Mapping, key: str) -> Mapping:
    t = raw.get(key)
    if not isinstance(t, Mapping):
        raise FileFormatError(path, f"missing table [{key}]")
    return t


def read_defects_toml(path: str | Path) -> DefectSystem:
    """Read a defect-calculation input (see ``peled/data/examples/defects/defects.toml``).

    ``[host]``: ``energy_ev``, ``vbm_ev``, ``band_gap_ev``, ``temperature_k`` (300),
    ``nc_cm3``/``nv_cm3`` or ``m_e``/``m_h`` (effective-mass ratios; default 1);
    ``[chemical_potentials]``: ``Element = {energy_ev = E_i, delta_mu_ev = dmu_i}``;
    ``[[defects]]``: ``name``, ``sites_cm3``, ``atoms = {Element = n_i}`` (n_i < 0
    removed), optional ``degeneracy``, ``charge_states = [{q, energy_ev,
    correction_ev}]``.  The sign convention is that of
    :func:`peled.materials.defects.formation_energy` (seed 002 eqn 4, n_i = atoms added).
    """
    import tomllib

    p, text = read_text(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(p, f"invalid TOML: {exc}") from None
    host = _table(p, raw, "host")
    t = _num(p, "host.temperature_k", host.get("temperature_k", 300.0), positive=True)
    for k in ("energy_ev", "vbm_ev", "band_gap_ev"):
        if k not in host:
            raise FileFormatError(p, f"[host] needs {k}")
    eg = _num(p, "host.band_gap_ev", host["band_gap_ev"], positive=True)

    def dos(key_n: str, key_m: str) -> float:
        if key_n in host:
            return _num(p, f"host.{key_n}", host[key_n], positive=True) * 1e6
        m = _num(p, f"host.{key_m}", host.get(key_m, 1.0), positive=True)
        return effective_density_of_states(m, t)

    chem = _table(p, raw, "chemical_potentials")
    e_i, mu_i = {}, {}
    for el, v in chem.items():
        if not isinstance(v, Mapping) or "energy_ev" not in v or "delta_mu_ev" not in v:
            raise FileFormatError(p, f"chemical_potentials.{el}: expected "
                                     "{energy_ev = ..., delta_mu_ev = ...}")
        e_i[el] = _num(p, f"chemical_potentials.{el}.energy_ev", v["energy_ev"])
        mu_i[el] = _num(p, f"chemical_potentials.{el}.delta_mu_ev", v["delta_mu_ev"])
        if mu_i[el] > 0:
            raise FileFormatError(p, f"chemical_potentials.{el}.delta_mu_ev must be <= 0 "
                                     "(element-rich limit is 0)")
    items = raw.get("defects")
    if not isinstance(items, list) or not items:
        raise FileFormatError(p, "no [[defects]] entries")
    defects = []
    for k, d in enumerate(items, start=1):
        where = f"defects[{k}]"
        if not isinstance(d, Mapping):
            raise FileFormatError(p, f"{where}: expected a table")
        name = d.get("name")
        if not isinstance(name, str) or not name:
            raise FileFormatError(p, f"{where}: missing name")
        atoms = d.get("atoms", {})
        if not isinstance(atoms, Mapping):
            raise FileFormatError(p, f"{where} ({name}): atoms must be a table")
        for el, n in atoms.items():
            if el not in e_i:
                raise FileFormatError(p, f"{where} ({name}): element {el!r} has no entry in "
                                         "[chemical_potentials]")
            _num(p, f"{where}.atoms.{el}", n)
        states = d.get("charge_states")
        if not isinstance(states, list) or not states:
            raise FileFormatError(p, f"{where} ({name}): no charge_states")
        cs = []
        for j, s in enumerate(states, start=1):
            if not isinstance(s, Mapping) or "q" not in s or "energy_ev" not in s:
                raise FileFormatError(p, f"{where}.charge_states[{j}] ({name}): needs q "
                                         "and energy_ev")
            q = s["q"]
            if isinstance(q, bool) or not isinstance(q, int):
                raise FileFormatError(p, f"{where}.charge_states[{j}] ({name}): q must be "
                                         f"an integer, got {q!r}")
            cs.append(ChargeState(q, _num(p, f"{where}.charge_states[{j}].energy_ev",
                                          s["energy_ev"]),
                                  _num(p, f"{where}.charge_states[{j}].correction_ev",
                                       s.get("correction_ev", 0.0))))
        sites = _num(p, f"{where}.sites_cm3", d.get("sites_cm3"), positive=True) * 1e6
        try:
            defects.append(Defect(name, dict(atoms), tuple(cs), sites,
                                  _num(p, f"{where}.degeneracy", d.get("degeneracy", 1.0),
                                       positive=True)))
        except ParameterError as exc:
            raise FileFormatError(p, f"{where}: {exc}") from None
    return DefectSystem(
        _num(p, "host.energy_ev", host["energy_ev"]), _num(p, "host.vbm_ev", host["vbm_ev"]),
        eg, e_i, mu_i, tuple(defects), t, dos("nc_cm3", "m_e"), dos("nv_cm3", "m_h"),
    )


# ----------------------------------------------------------------------------- Table 1
#: Literature-dataset table holding seed 002 Table 1 (``peled/literature/data``).
SEED002_TABLE1 = "seed002_table1"

_TABLE1_COLUMNS = ("source", "table", "row", "ref", "year", "composition", "species",
                   "measurement", "value_kind", "ea_ev", "ea_err_ev", "ea_min_ev", "ea_max_ev",
                   "ea_alt_ev", "raw", "flags", "file", "line")


def seed002_activation_energies():
    """Seed 002 Table 1 (ion-migration activation energies) as a pandas DataFrame.

    Source: Jiang et al., Nanoscale (2024), Table 1 (``002_7966451d1f2c3349.txt``
    lines 246-260), read and validated through :func:`peled.literature.dataset.load`
    (``seed002_table1.csv``: one record per species and value, the 15 printed rows
    expanded to ``row`` = ``1a``, ``1b``, ...; ``raw`` is the verbatim printed row,
    ``file``/``line`` the record's place in the CSV).

    Every record carries an interval: ``value_kind`` is ``"value"`` for a single
    printed energy (``ea_ev``; ``ea_min_ev = ea_max_ev = ea_ev``; a printed +- goes to
    ``ea_err_ev``, a parenthesised second value to ``ea_alt_ev``) and ``"range"`` for a
    printed range such as row 3 (MA+, temperature-dependent conductivity, ref. 88:
    "0.39-0.9"), which keeps ``ea_ev`` = NaN (no midpoint is invented) and its bounds in
    ``ea_min_ev``/``ea_max_ev``.  Filter on ``ea_min_ev``/``ea_max_ev`` to include ranges.
    """
    from peled.literature.dataset import load

    frame = load(SEED002_TABLE1).copy()
    missing = {"row", "species", "ea_ev", "ea_min_ev", "ea_max_ev", "raw"} - set(frame.columns)
    if missing:
        raise FileFormatError(f"{SEED002_TABLE1}.csv", f"missing columns {sorted(missing)}")
    is_range = frame["ea_ev"].isna() & frame["ea_min_ev"].notna() & frame["ea_max_ev"].notna()
    bad = frame["ea_ev"].isna() & ~is_range
    if bad.any():
        line = int(frame.loc[bad, "line"].iloc[0])
        raise FileFormatError(f"{SEED002_TABLE1}.csv", "record has neither ea_ev nor "
                                                      "ea_min_ev/ea_max_ev", line)
    frame["value_kind"] = np.where(is_range, "range", "value")
    frame["ea_min_ev"] = frame["ea_min_ev"].where(is_range, frame["ea_ev"])
    frame["ea_max_ev"] = frame["ea_max_ev"].where(is_range, frame["ea_ev"])
    return frame[[c for c in _TABLE1_COLUMNS if c in frame.columns]].reset_index(drop=True)
