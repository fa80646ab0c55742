"""Structural factors: Goldschmidt t, octahedral factor mu and Bartel's tau.

* Goldschmidt, Naturwissenschaften 14, 477 (1926):
  ``t = (r_A + r_X) / (sqrt(2) (r_B + r_X))``.  Jiang et al., Nanoscale (2024), eqn (1)
  prints ``(R_A + R_B)/(sqrt2 (R_B + R_X))``, a typo; the printed form is kept only as
  :func:`goldschmidt_misprinted` so tests can show it is wrong.
* Octahedral factor ``mu = r_B / r_X`` (Jiang et al. (2024) eqn 2).
* Bartel et al., Sci. Adv. 5, eaav0693 (2019) (Jiang et al. (2024) eqn 3):
  ``tau = r_X/r_B - n_A (n_A - (r_A/r_B) / ln(r_A/r_B))`` with r_A > r_B by definition;
  ``tau < 4.18`` predicts a perovskite (92 % accuracy, Jiang et al. (2024)).

Stability windows quoted in Jiang et al. (2024) sec. 2.1: cubic for 0.9 <= t <= 1, orthorhombic for
0.71 <= t < 0.9; stable [BX6] octahedra for 0.442 <= mu <= 0.895.

Radii in any consistent unit (the functions are ratios); arrays broadcast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.errors import ParameterError
from peled.materials.composition import Composition, parse_composition
from peled.materials.radii import site_radii

__all__ = [
    "MU_WINDOW",
    "TAU_THRESHOLD",
    "T_CUBIC",
    "T_ORTHORHOMBIC",
    "ToleranceResult",
    "bartel_tau",
    "goldschmidt_misprinted",
    "goldschmidt_t",
    "octahedral_factor",
    "t_window",
    "tolerance_factors",
]

TAU_THRESHOLD = 4.18  # Bartel et al. 2019; Jiang et al. (2024) text after eqn (3)
T_CUBIC = (0.9, 1.0)  # Jiang et al. (2024) sec. 2.1
T_ORTHORHOMBIC = (0.71, 0.9)  # Jiang et al. (2024) sec. 2.1
MU_WINDOW = (0.442, 0.895)  # Jiang et al. (2024) sec. 2.1


def goldschmidt_t(r_a, r_b, r_x):
    """Goldschmidt tolerance factor (correct form; Jiang et al. (2024) eqn 1 corrected).

    Parameters
    ----------
    r_a, r_b, r_x : array_like
        Ionic radii of the A, B and X sites (any common unit).

    Returns
    -------
    numpy.ndarray or float
        t = (r_A + r_X) / (sqrt2 (r_B + r_X)).

    References
    ----------
    Goldschmidt, Naturwissenschaften 14, 477 (1926); Jiang et al., Nanoscale (2024),
    eqn (1) (misprinted there).

    Examples
    --------
    >>> round(float(goldschmidt_t(1.88, 1.19, 1.96)), 3)  # CsPbBr3
    0.862
    """
    r_a, r_b, r_x = (np.asarray(v, dtype=float) for v in (r_a, r_b, r_x))
    return (r_a + r_x) / (np.sqrt(2.0) * (r_b + r_x))


def goldschmidt_misprinted(r_a, r_b, r_x):
    """The misprinted tolerance factor ``(R_A + R_B)/(sqrt2 (R_B + R_X))``.  WRONG; see module.

    Jiang et al., "Defects in lead halide perovskite LEDs under electric field", Nanoscale
    (2024), eqn (1) as printed; the correct form is :func:`goldschmidt_t`.

    Parameters
    ----------
    r_a, r_b, r_x : array_like
        Ionic radii of the A, B and X sites (any common unit).

    Returns
    -------
    numpy.ndarray or float
        The value of the misprinted formula (not a tolerance factor).

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (1) as printed.

    Examples
    --------
    >>> round(float(goldschmidt_misprinted(1.88, 1.19, 1.96)), 3)  # CsPbBr3 < 0.71
    0.689
    """
    r_a, r_b, r_x = (np.asarray(v, dtype=float) for v in (r_a, r_b, r_x))
    return (r_a + r_b) / (np.sqrt(2.0) * (r_b + r_x))



def octahedral_factor(r_b, r_x):
    """Octahedral factor mu = r_B / r_X (Jiang et al. (2024) eqn 2).

    Parameters
    ----------
    r_b, r_x : array_like
        Ionic radii of the B and X sites (same unit).

    Returns
    -------
    numpy.ndarray or float
        mu = r_B / r_X.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (2).

    Examples
    --------
    >>> round(float(octahedral_factor(1.19, 1.96)), 3)
    0.607
    """
    return np.asarray(r_b, dtype=float) / np.asarray(r_x, dtype=float)


def bartel_tau(r_a, r_b, r_x, n_a=1.0):
    """Bartel tau (Sci. Adv. 5, eaav0693 (2019); Jiang et al. (2024) eqn 3).

    Requires r_A > r_B (Bartel's convention: A is the larger cation); raises
    ParameterError otherwise.  ``n_a`` is the oxidation state of A.

    Parameters
    ----------
    r_a, r_b, r_x : array_like
        Ionic radii of the A, B and X sites (any common unit, r_A > r_B).
    n_a : array_like, optional
        Oxidation state of the A cation (default 1).

    Returns
    -------
    numpy.ndarray or float
        tau; tau < 4.18 predicts a perovskite.

    Raises
    ------
    ParameterError
        If r_A <= r_B.

    References
    ----------
    Bartel et al., Sci. Adv. 5, eaav0693 (2019); Jiang et al., Nanoscale (2024), eqn (3).

    Examples
    --------
    CsPbBr3 with Shannon radii (A):

    >>> round(float(bartel_tau(1.88, 1.19, 1.96)), 3)
    4.102
    """
    r_a, r_b, r_x, n_a = (np.asarray(v, dtype=float) for v in (r_a, r_b, r_x, n_a))
    if np.any(r_a <= r_b):
        raise ParameterError("bartel_tau: r_A must exceed r_B (Bartel 2019 convention)")
    ratio = r_a / r_b
    return r_x / r_b - n_a * (n_a - ratio / np.log(ratio))


def t_window(t: float) -> str:
    """Name of the Jiang et al., Nanoscale (2024) window containing ``t``.

    Parameters
    ----------
    t : float
        Goldschmidt tolerance factor.

    Returns
    -------
    str
        Name of the structural window of t.

    References
    ----------
    Jiang et al., Nanoscale (2024), sec. 2.

    Examples
    --------
    >>> t_window(0.86), t_window(1.1)
    ('orthorhombic', 'non-perovskite (t > 1)')
    """
    if T_CUBIC[0] <= t <= T_CUBIC[1]:
        return "cubic"
    if T_ORTHORHOMBIC[0] <= t < T_ORTHORHOMBIC[1]:
        return "orthorhombic"
    return "non-perovskite (t < 0.71)" if t < T_ORTHORHOMBIC[0] else "non-perovskite (t > 1)"


@dataclass(frozen=True)
class ToleranceResult:
    """Structural factors of one composition with the radii sources used."""

    t: float
    mu: float
    tau: float
    perovskite_predicted: bool
    t_window: str
    mu_in_window: bool
    r_a_pm: float
    r_b_pm: float
    r_x_pm: float
    radii_source: dict[str, str]
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def tolerance_factors(composition: str | Composition) -> ToleranceResult:
    """t, mu and tau of the cage of ``composition`` with fraction-weighted radii.

    Site fractions are normalised, so a formula that breaks the stoichiometry (e.g.
    ``Cs0.1PbI3``) still gets factors; the parser's warnings are carried in ``warnings``.

    Parameters
    ----------
    composition : str or Composition
        Perovskite formula (spacers are ignored).

    Returns
    -------
    ToleranceResult
        t, mu, tau, the perovskite prediction, the t window, the radii (pm) used and
        their sources, and the parser's warnings.

    References
    ----------
    Jiang et al., Nanoscale (2024), eqns (1)-(3) (eqn (1) corrected); Bartel et al., Sci.
    Adv. 5, eaav0693 (2019).

    Examples
    --------
    >>> r = tolerance_factors("CsPbBr3")
    >>> round(r.t, 3), round(r.mu, 3), round(r.tau, 3), r.perovskite_predicted
    (0.862, 0.607, 4.102, True)
    """
    comp = parse_composition(composition) if isinstance(composition, str) else composition
    r = site_radii(comp)
    t = float(goldschmidt_t(r.r_a, r.r_b, r.r_x))
    mu = float(octahedral_factor(r.r_b, r.r_x))
    tau = float(bartel_tau(r.r_a, r.r_b, r.r_x, r.charge_a))
    return ToleranceResult(
        t=t,
        mu=mu,
        tau=tau,
        perovskite_predicted=bool(tau < TAU_THRESHOLD),
        t_window=t_window(t),
        mu_in_window=bool(MU_WINDOW[0] <= mu <= MU_WINDOW[1]),
        r_a_pm=r.r_a * 1e12,
        r_b_pm=r.r_b * 1e12,
        r_x_pm=r.r_x * 1e12,
        radii_source=r.sources,
        warnings=comp.warnings,
    )
