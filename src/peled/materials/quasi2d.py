"""Quasi-2D (layered) perovskites: n-phase band gaps and exciton binding.

Formula ``A'2 A(n-1) Bn X(3n+1)`` (Jang et al. (2025) sec. 4).  Band gaps of the n = 1..5 and
n = inf members of (BA)2(MA)n-1PbnI3n+1 (Stoumpos et al., Chem. Mater. 28, 2852 (2016),
abstract: 2.43, 2.17, 2.03, 1.91, 1.50 eV; Chem 2, 427 (2017): n = 5, 1.83 eV;
``data/quasi2d_bandgaps.csv``) are fitted with the quantum-well form

    E(n) = E_3D + C / (n + n_0)^2

(infinite-well scaling with an effective extra width n_0 for the spacer/penetration;
Blancon et al., Nat. Commun. 9, 2254 (2018) discuss the 1/L^2 scaling).  The n = 6
member is an extrapolation of this fit, not a measurement.

Only the BA lead-iodide series is tabulated.  Verified n-resolved energies for PEA
iodide (PEA2MA(n-1)PbnI(3n+1)), PEA bromide (PEA2Cs/MA(n-1)PbnBr(3n+1)) and BA bromide
were searched for (Jang et al. (2025) sec. 4 gives none; Yuan et al., Nat. Nanotechnol. 2016,
Wang et al., Nat. Photon. 2016 and the other candidate papers could not be read beyond
their abstracts) and none could be verified, so :func:`quantum_well_fit` raises for any
other spacer instead of silently reusing the BA iodide numbers.  The emission estimate
of :mod:`peled.materials.emission` applies the BA iodide increments to other spacers
and halides and says so in a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from peled.errors import ParameterError
from peled.materials._data import read_table

__all__ = [
    "QuantumWellFit",
    "n_phase_bandgaps_ev",
    "perovskite_layer_thickness_m",
    "quantum_well_fit",
]


@dataclass(frozen=True)
class QuantumWellFit:
    """E(n) = e3d_ev + c_ev / (n + n0)^2 fitted to a spacer series."""

    spacer: str
    e3d_ev: float
    c_ev: float
    n0: float
    rms_ev: float

    def increment_ev(self, n):
        """Confinement increment E(n) - E_3D (eV)."""
        n = np.asarray(n, dtype=float)
        if np.any(n < 1):
            raise ParameterError(f"layer number n must be >= 1, got {n!r}")
        return self.c_ev / (n + self.n0) ** 2


@cache
def quantum_well_fit(spacer: str = "BA") -> QuantumWellFit:
    """Fit of the tabulated series of ``spacer`` (only the BA iodide series is tabulated)."""
    rows = [r for r in read_table("quasi2d_bandgaps.csv") if r["spacer"] == spacer]
    if not rows:
        have = sorted({r["spacer"] for r in read_table("quasi2d_bandgaps.csv")})
        raise ParameterError(f"quasi-2D: no n-series tabulated for spacer {spacer!r}; have {have}")
    e3d = next(float(r["bandgap_ev"]) for r in rows if r["n"] == "inf")
    pts = [(float(r["n"]), float(r["bandgap_ev"])) for r in rows if r["n"] != "inf"]
    n, e = np.array(pts).T
    from scipy.optimize import curve_fit  # on use: keeps scipy.optimize out of start-up

    (c, n0), _ = curve_fit(lambda x, c, n0: e3d + c / (x + n0) ** 2, n, e, p0=(2.0, 0.5))
    rms = float(np.sqrt(np.mean((e3d + c / (n + n0) ** 2 - e) ** 2)))
    return QuantumWellFit(spacer, e3d, float(c), float(n0), rms)


def n_phase_bandgaps_ev(bulk_ev: float, n_max: int = 6, spacer: str = "BA") -> dict[str, float]:
    """Band gaps of the n = 1..n_max phases and bulk for a 3D gap ``bulk_ev``.

    The increments E(n) - E_3D come from the tabulated series of ``spacer`` (only BA is
    tabulated; other spacers raise ParameterError rather than silently using BA).

    Parameters
    ----------
    bulk_ev : float
        Band gap of the 3D (n = inf) perovskite, eV (> 0).
    n_max : int, optional
        Largest layer number listed (>= 1).
    spacer : str, optional
        Spacer cation of the tabulated series; only ``"BA"``.

    Returns
    -------
    dict of str to float
        ``{"n=1": E1, ..., "n=<n_max>": E, "bulk": bulk_ev}`` in eV.

    Raises
    ------
    ParameterError
        For a spacer without tabulated data or a non-positive ``bulk_ev``.

    References
    ----------
    Stoumpos et al., Chem. Mater. 28, 2852 (2016).

    Examples
    --------
    >>> {k: round(v, 3) for k, v in n_phase_bandgaps_ev(1.52, n_max=3).items()}
    {'n1': 2.447, 'n2': 2.2, 'n3': 2.04, 'bulk': 1.52}
    """
    if n_max < 1:
        raise ParameterError(f"n_max must be >= 1, got {n_max}")
    fit = quantum_well_fit(spacer)
    out = {f"n{k}": float(bulk_ev + fit.increment_ev(k)) for k in range(1, n_max + 1)}
    out["bulk"] = float(bulk_ev)
    return out


def perovskite_layer_thickness_m(r_b_m: float, r_x_m: float) -> float:
    """Thickness of one corner-sharing octahedral layer, a = 2 (r_B + r_X) (ideal cubic cell).

    Parameters
    ----------
    r_b_m : float
        Ionic radius of the B cation, m (> 0).
    r_x_m : float
        Ionic radius of the X anion, m (> 0).

    Returns
    -------
    float
        Octahedral layer thickness a = 2 (r_B + r_X), m.

    Examples
    --------
    Pb2+ (1.19 A) and Br- (1.96 A):

    >>> f"{perovskite_layer_thickness_m(1.19e-10, 1.96e-10):.3e}"
    '6.300e-10'
    """
    return 2.0 * (r_b_m + r_x_m)
