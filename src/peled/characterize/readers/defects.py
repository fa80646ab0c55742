"""Reader of defect-calculation inputs (TOML) for formation energies and transition levels."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from peled.errors import FileFormatError, ParameterError
from peled.io.toml import check_keys, read_toml
from peled.materials.defects import (
    ChargeState,
    Defect,
    DefectSystem,
    effective_density_of_states,
)

__all__ = ["read_defects_toml"]

_TOP_KEYS = ("host", "chemical_potentials", "defects")
_HOST_KEYS = ("energy_ev", "vbm_ev", "band_gap_ev", "temperature_k", "nc_cm3", "nv_cm3",
              "m_e", "m_h")
_DEFECT_KEYS = ("name", "sites_cm3", "atoms", "degeneracy", "charge_states")


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
    """Read a defect-calculation input (TOML) into a :class:`~peled.materials.defects.DefectSystem`.

    ``[host]``: ``energy_ev``, ``vbm_ev``, ``band_gap_ev``, ``temperature_k`` (300),
    ``nc_cm3``/``nv_cm3`` or ``m_e``/``m_h`` (effective-mass ratios; default 1);
    ``[chemical_potentials]``: ``Element = {energy_ev = E_i, delta_mu_ev = dmu_i}``;
    ``[[defects]]``: ``name``, ``sites_cm3``, ``atoms = {Element = n_i}`` (n_i < 0
    removed), optional ``degeneracy``, ``charge_states = [{q, energy_ev, correction_ev}]``.
    The sign convention is that of :func:`peled.materials.defects.formation_energy`
    (Jiang et al., Nanoscale (2024), eqn (4), n_i = atoms added).

    Parameters
    ----------
    path : str or Path
        The TOML input.

    Returns
    -------
    DefectSystem
        Host, chemical potentials and defects with their charge states.

    Raises
    ------
    FileFormatError
        Invalid TOML, a missing table or key, an unknown key (the message names the
        closest valid key: ``me`` -> ``m_e``), or a non-physical value (the message names
        the file and the TOML key).

    Examples
    --------
    >>> from importlib import resources
    >>> s = read_defects_toml(resources.files("peled") / "data/examples/defects/defects.toml")
    >>> [d.name for d in s.defects], s.band_gap_ev
    (['V_I', 'V_Pb', 'I_i'], 1.6)
    """
    p, raw = read_toml(path)
    check_keys(p, raw, _TOP_KEYS)
    host = _table(p, raw, "host")
    check_keys(p, host, _HOST_KEYS, "[host]")
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
        check_keys(p, v, ("energy_ev", "delta_mu_ev"), f"chemical_potentials.{el}")
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
        check_keys(p, d, _DEFECT_KEYS, where)
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
            check_keys(p, s, ("q", "energy_ev", "correction_ev"),
                       f"{where}.charge_states[{j}]")
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


