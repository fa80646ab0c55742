"""SCLC analysis of measurement files: one file, or a DC file plus a pulsed-voltage file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from peled.characterize.readers.sclc import SCLCData, read_sclc_measurement
from peled.characterize.sclc.fit import SCLCError
from peled.characterize.sclc.pulsed import SCLCModeReport, analyze_sclc_modes
from peled.errors import FileFormatError

__all__ = [
    "SCLCFileResult",
    "analyze_files",
]


@dataclass(frozen=True, eq=False)
class SCLCFileResult:
    """SCLC analysis of the files of one device.

    Attributes
    ----------
    data : tuple of SCLCData
        The files as read (the DC file first, then the pulsed one if given).
    report : SCLCModeReport
        Analysis per measurement mode, with the pulsed-vs-DC comparison.
    voltage_v, current_density_a_m2 : numpy.ndarray
        All points of all files (V, A/m^2), in file order.

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_files(ex / "sclc_hole_only.csv", 300e-9, 25.0)
    >>> len(r.data), r.report.primary, r.voltage_v.size == r.current_density_a_m2.size
    (1, 'dc', True)
    """

    data: tuple[SCLCData, ...]
    report: SCLCModeReport
    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray

    def as_dict(self) -> dict:
        """JSON of ``peled characterize sclc``: :meth:`SCLCModeReport.as_dict` with the
        readers' warnings first."""
        out = self.report.as_dict()
        out["warnings"] = [w for d in self.data for w in d.warnings] + out["warnings"]
        return out


def analyze_files(path: str | Path, thickness_m: float, eps_r: float, v_bi_v: float = 0.0,
                  area_cm2: float | None = None,
                  pulsed_path: str | Path | None = None,
                  trap_depth_ev: float | None = None) -> SCLCFileResult:
    """Read a dark J-V file (and optionally a pulsed-voltage file) and analyse every mode.

    Parameters
    ----------
    path : str or Path
        Dark single-carrier J-V file; rows without a mode label are DC measurements
        (:func:`peled.characterize.readers.read_sclc_measurement`).
    thickness_m : float
        Layer thickness L in m.
    eps_r : float
        Relative permittivity of the layer.
    v_bi_v : float, optional
        Built-in voltage in V subtracted in the Mott-Gurney law (default 0).
    area_cm2 : float, optional
        Device area in cm^2 when a file holds a current instead of a current density.
    pulsed_path : str or Path, optional
        Pulsed-voltage J-V file of the same device: its rows default to the pulsed mode
        and none may be labelled DC.
    trap_depth_ev : float, optional
        Depth of the trap level below the contact Fermi level in eV: N_t is then
        computed from V_TFL corrected for the layer the contacts fill at zero bias,
        V_TFL = (V_TFL,app^(1/2) + (dE/q)^(1/2))^2 (eqn (C) of
        :mod:`peled.characterize.sclc.fit`; needed for thin films, where q V_TFL is not
        >> dE).

    Returns
    -------
    SCLCFileResult
        Both files merged into one analysis per mode (:func:`analyze_sclc_modes`).

    Raises
    ------
    FileFormatError
        Malformed files, a DC row in the pulsed file, or data the analysis cannot use
        (the message names the file(s)).

    References
    ----------
    Duijnstee, Ball, Le Corre, Koster, Snaith & Lim, ACS Energy Lett. 5, 376 (2020);
    Jiang et al., Nanoscale (2024), eqn (13) (trap density); Mott & Gurney, *Electronic
    Processes in Ionic Crystals*, Oxford University Press (1940) (mobility).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_files(ex / "sclc_hole_only.csv", 300e-9, 25.0)
    >>> round(r.as_dict()["trap_density_cm3"] / 1e16, 1)
    3.0
    """
    data = [read_sclc_measurement(path, area_cm2, "dc")]
    if pulsed_path is not None:
        extra = read_sclc_measurement(pulsed_path, area_cm2, "pulsed")
        if (extra.modes != "pulsed").any():
            k = int(np.flatnonzero(extra.modes != "pulsed")[0])
            raise FileFormatError(pulsed_path, "row labelled as a DC measurement in the file "
                                               "given with --pulsed",
                                  line=int(extra.line_numbers[k]))
        data.append(extra)
    v = np.concatenate([d.voltage_v for d in data])
    j = np.concatenate([d.current_density_a_m2 for d in data])
    modes = np.concatenate([d.modes for d in data])
    dirs = None
    if any(d.directions is not None for d in data):
        dirs = np.concatenate([d.directions if d.directions is not None
                               else np.full(d.voltage_v.size, "") for d in data])
    try:
        report = analyze_sclc_modes(v, j, modes, thickness_m, eps_r, v_bi_v, dirs,
                                    trap_depth_ev=trap_depth_ev)
    except SCLCError as exc:  # name the file in the one-line error
        names = path if pulsed_path is None else f"{path} + {pulsed_path}"
        raise FileFormatError(names, str(exc)) from None
    return SCLCFileResult(tuple(data), report, v, j)
