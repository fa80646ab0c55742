"""Arrhenius analysis of a measured temperature series (rate, diffusion coefficient, conductivity).

The law and its least-squares fit are device physics (:class:`peled.device.ions.ArrheniusFit`,
S. Arrhenius, Z. Phys. Chem. 4, 226, 1889); this module turns a file into that fit and
the JSON of ``peled characterize arrhenius``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from peled.characterize.readers.arrhenius import ArrheniusData, read_arrhenius_csv
from peled.device.ions import ArrheniusError, ArrheniusFit
from peled.errors import FileFormatError

__all__ = [
    "ArrheniusResult",
    "analyze_arrhenius_file",
]


@dataclass(frozen=True, eq=False)
class ArrheniusResult:
    """A temperature series and its Arrhenius fit.

    Attributes
    ----------
    data : ArrheniusData
        The series as read (T in K, the quantity in SI, its kind).
    fit : ArrheniusFit
        ln(y T^n) = ln A - E_a / (k_B T) with n = 1 for a conductivity, else 0.
    """

    data: ArrheniusData
    fit: ArrheniusFit

    def as_dict(self) -> dict:
        """JSON: ``ea_ev``, its standard error, the prefactor and its unit, the valid range."""
        data, fit = self.data, self.fit
        n = data.temperature_exponent
        return {
            "ea_ev": fit.ea_ev_,
            "ea_stderr_ev": fit.ea_stderr_ev_,
            "prefactor": fit.prefactor_,
            "prefactor_unit": f"{data.unit}*K" if n == 1 else data.unit,
            "ln_prefactor_stderr": fit.ln_prefactor_stderr_,
            "quantity": data.kind,
            "fitted": "ln(y*T)" if n == 1 else "ln(y)",
            "t_min_k": fit.t_min_k_,
            "t_max_k": fit.t_max_k_,
            "n_points": int(data.temperature_k.size),
            "r2": fit.r2_ if math.isfinite(fit.r2_) else None,
            "warnings": fit.warnings_,
        }


def analyze_arrhenius_file(path: str | Path) -> ArrheniusResult:
    """Read a temperature series and fit the Arrhenius law to it.

    Parameters
    ----------
    path : str or Path
        Two-column file (see :func:`peled.characterize.readers.read_arrhenius_csv`): a
        conductivity (S/m, S/cm) is fitted as ln(sigma T), anything else as ln y.

    Returns
    -------
    ArrheniusResult
        Its :meth:`ArrheniusResult.as_dict` is the JSON of ``peled characterize arrhenius``.

    Raises
    ------
    FileFormatError
        Malformed file, or data no Arrhenius law describes (the message names the file).

    References
    ----------
    S. Arrhenius, Z. Phys. Chem. 4, 226 (1889).

    Examples
    --------
    >>> from importlib import resources
    >>> ex = resources.files("peled") / "data/examples/defects"
    >>> r = analyze_arrhenius_file(ex / "arrhenius_conductivity.csv")
    >>> round(r.fit.ea_ev_, 2), r.as_dict()["fitted"]
    (0.58, 'ln(y*T)')
    """
    data = read_arrhenius_csv(path)
    try:
        fit = ArrheniusFit(temperature_exponent=data.temperature_exponent).fit(
            data.temperature_k, data.value)
    except ArrheniusError as exc:  # name the file in the one-line error
        raise FileFormatError(path, str(exc)) from None
    return ArrheniusResult(data, fit)
