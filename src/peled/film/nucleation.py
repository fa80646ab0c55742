"""Classical nucleation theory (CNT) for perovskite precursor solutions.

All functions are vectorised: arguments broadcast against each other (scalars or
NumPy arrays).  SI units throughout (J, m, K, m^-3, s) unless a name says otherwise.

Equations
---------
Cao et al., Chem. Sci. 2025, eqn (1)::

    Delta G(r) = 4 pi r^2 gamma + (4/3) pi r^3 Delta G_v

eqn (2), with ``V`` the molecular volume of one formula unit in the crystal (``v_m``)::

    Delta G_v = -k_B T ln S / v_m

Setting dDelta G/dr = 0 gives the critical radius and the barrier (Gibbs/Volmer-Weber;
Kashchiev, *Nucleation*, Butterworth-Heinemann 2000, ch. 3)::

    r*        = 2 gamma v_m / (k_B T ln S)
    Delta G*  = 16 pi gamma^3 v_m^2 / (3 (k_B T ln S)^2) = (4/3) pi gamma r*^2

Heterogeneous nucleation on a substrate with contact angle theta (Cao et al. (2025) sec. 3.1.1
discusses interface wettability; the spherical-cap factor is Volmer 1939, see Kashchiev
2000 ch. 6)::

    Delta G*_het = f(theta) Delta G*,   f(theta) = (2 + cos theta)(1 - cos theta)^2 / 4

Rate prefactor model (stated explicitly because it is a modelling choice): the
stationary rate is ``J = z f* C0 exp(-Delta G*/k_B T)`` (Kashchiev 2000, eq. 13.x family;
Kashchiev & van Rosmalen, Cryst. Res. Technol. 38, 555 (2003)) with

* ``C0 = C1`` the number concentration of monomers (= nucleation sites for homogeneous
  nucleation), ``C1 = S * C_e`` with ``C_e`` the solubility as a number concentration;
* ``f* = 4 pi D r* C1`` the diffusion-controlled (Smoluchowski) attachment frequency of
  monomers to the critical nucleus;
* ``z = (Delta G* / (3 pi k_B T n*^2))^(1/2)`` the Zeldovich factor (Zeldovich 1943) with
  ``n* = 4 pi r*^3 / (3 v_m)`` molecules in the critical nucleus; equivalently
  ``z = v_m / (2 pi r*^2) * sqrt(gamma / (k_B T))``.

For heterogeneous nucleation only the barrier is multiplied by ``f(theta)``; the kinetic
prefactor is kept per unit volume (an approximation: the real site density is the
substrate area density of active sites).  ``prefactor_scale`` multiplies J0 for
calibration.
"""

from __future__ import annotations

import numpy as np
from scipy.constants import k as K_B

from peled.errors import ParameterError
from peled.validation import nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "critical_cluster_size",
    "critical_radius",
    "critical_supersaturation",
    "gibbs_free_energy",
    "heterogeneous_factor",
    "nucleation_barrier",
    "nucleation_prefactor",
    "nucleation_rate",
    "volume_free_energy",
    "zeldovich_factor",
]


def _check_supersaturation(value) -> np.ndarray:
    """S as a float array; CNT needs a supersaturated solution (S > 1) everywhere."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 1.0):
        raise ParameterError(
            f"supersaturation must be > 1 (a supersaturated solution), got {value!r}"
        )
    return arr


def _contact_angle(value) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 180)):
        raise ParameterError(f"contact_angle_deg must be within [0, 180] degrees, got {value!r}")
    return arr


def volume_free_energy(supersaturation, temperature_k, molecular_volume_m3):
    """Bulk free-energy change per unit crystal volume, J/m3 (Cao et al. (2025) eqn 2).

    ``Delta G_v = -k_B T ln S / v_m``; negative for S > 1.  Here S may be any positive
    value (S < 1 gives a positive Delta G_v, i.e. an undersaturated solution).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).

    Returns
    -------
    numpy.ndarray or float
        Delta G_v, J/m^3 (negative for S > 1).

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> f"{float(volume_free_energy(np.e, 300.0, 2e-28)):.4e}"  # -k_B T / v_m
    '-2.0710e+07'
    """
    s = positive_array("supersaturation", supersaturation)
    t = positive_array("temperature_k", temperature_k)
    v = positive_array("molecular_volume_m3", molecular_volume_m3)
    return scalar_or_array(-K_B * t * np.log(s) / v)


def gibbs_free_energy(
    radius_m, supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3
):
    """Free energy of a spherical cluster of radius r, J (Cao et al. (2025) eqn 1).

    ``Delta G(r) = 4 pi r^2 gamma + (4/3) pi r^3 Delta G_v`` with Delta G_v from eqn (2).

    Parameters
    ----------
    radius_m : array_like
        Cluster radius r, m (>= 0).
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).

    Returns
    -------
    numpy.ndarray or float
        Delta G(r), J; maximal (= Delta G*) at r = r*.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> args = (3.0, 300.0, 0.02, 2e-28)  # S, T (K), gamma (J/m^2), v_m (m^3)
    >>> r = critical_radius(*args)
    >>> bool(np.isclose(gibbs_free_energy(r, *args), nucleation_barrier(*args)))
    True
    """
    r = nonnegative_array("radius_m", radius_m)
    gamma = positive_array("surface_energy_j_m2", surface_energy_j_m2)
    dgv = volume_free_energy(supersaturation, temperature_k, molecular_volume_m3)
    return scalar_or_array(4.0 * np.pi * r**2 * gamma + (4.0 / 3.0) * np.pi * r**3 * dgv)


def critical_radius(supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3):
    """Critical radius r* = 2 gamma v_m / (k_B T ln S), m (maximum of Cao et al. (2025) eqn 1).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).

    Returns
    -------
    numpy.ndarray or float
        r*, m.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> f"{float(critical_radius(3.0, 300.0, 0.02, 2e-28)):.4e}"
    '1.7581e-09'
    """
    s = _check_supersaturation(supersaturation)
    t = positive_array("temperature_k", temperature_k)
    gamma = positive_array("surface_energy_j_m2", surface_energy_j_m2)
    v = positive_array("molecular_volume_m3", molecular_volume_m3)
    return scalar_or_array(2.0 * gamma * v / (K_B * t * np.log(s)))


def critical_cluster_size(supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3):
    """Number of formula units in the critical nucleus, n* = 4 pi r*^3 / (3 v_m).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).

    Returns
    -------
    numpy.ndarray or float
        n*, formula units (dimensionless).

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> round(float(critical_cluster_size(3.0, 300.0, 0.02, 2e-28)), 1)
    113.8
    """
    r = critical_radius(supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3)
    return scalar_or_array(
        4.0 * np.pi * r**3 / (3.0 * np.asarray(molecular_volume_m3, dtype=float))
    )


def heterogeneous_factor(contact_angle_deg):
    """Spherical-cap barrier reduction f(theta) = (2 + cos t)(1 - cos t)^2 / 4.

    Volmer (1939); Kashchiev 2000 ch. 6; wettability discussion in Cao et al. (2025) sec. 3.1.1.
    f(180 deg) = 1 (homogeneous), f(90 deg) = 1/2, f(0) = 0 (complete wetting).

    Parameters
    ----------
    contact_angle_deg : array_like, optional
        Contact angle theta of the nucleus on the substrate, degrees in [0, 180];
        180 (default) is homogeneous nucleation.

    Returns
    -------
    numpy.ndarray or float
        f(theta) in [0, 1].

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> heterogeneous_factor(np.array([180.0, 90.0, 0.0])).round(6).tolist()
    [1.0, 0.5, 0.0]
    """
    theta = np.deg2rad(_contact_angle(contact_angle_deg))
    c = np.cos(theta)
    return scalar_or_array((2.0 + c) * (1.0 - c) ** 2 / 4.0)


def nucleation_barrier(
    supersaturation,
    temperature_k,
    surface_energy_j_m2,
    molecular_volume_m3,
    contact_angle_deg=180.0,
):
    """Nucleation barrier Delta G* = f(theta) 16 pi gamma^3 v_m^2 / (3 (k_B T ln S)^2), J.

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).
    contact_angle_deg : array_like, optional
        Contact angle theta of the nucleus on the substrate, degrees in [0, 180];
        180 (default) is homogeneous nucleation.

    Returns
    -------
    numpy.ndarray or float
        Delta G*, J.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> round(float(nucleation_barrier(3.0, 300.0, 0.02, 2e-28) / (1.380649e-23 * 300.0)), 2)
    62.52
    """
    s = _check_supersaturation(supersaturation)
    t = positive_array("temperature_k", temperature_k)
    gamma = positive_array("surface_energy_j_m2", surface_energy_j_m2)
    v = positive_array("molecular_volume_m3", molecular_volume_m3)
    f = heterogeneous_factor(contact_angle_deg)
    return scalar_or_array(f * 16.0 * np.pi * gamma**3 * v**2 / (3.0 * (K_B * t * np.log(s)) ** 2))


def zeldovich_factor(supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3):
    """Zeldovich factor z = v_m / (2 pi r*^2) sqrt(gamma / (k_B T)) (dimensionless).

    Equal to ``sqrt(Delta G* / (3 pi k_B T n*^2))`` (Zeldovich 1943; Kashchiev 2000 ch. 9).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).

    Returns
    -------
    numpy.ndarray or float
        z, dimensionless (0 < z < 1).

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> round(float(zeldovich_factor(3.0, 300.0, 0.02, 2e-28)), 5)
    0.02263
    """
    t = positive_array("temperature_k", temperature_k)
    gamma = positive_array("surface_energy_j_m2", surface_energy_j_m2)
    v = positive_array("molecular_volume_m3", molecular_volume_m3)
    r = critical_radius(supersaturation, t, gamma, v)
    return scalar_or_array(v / (2.0 * np.pi * r**2) * np.sqrt(gamma / (K_B * t)))


def nucleation_prefactor(
    supersaturation,
    temperature_k,
    surface_energy_j_m2,
    molecular_volume_m3,
    solubility_per_m3,
    diffusion_coefficient_m2_s,
    prefactor_scale=1.0,
):
    """Kinetic prefactor J0 = z f* C1, m^-3 s^-1 (model stated in the module docstring).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).
    solubility_per_m3 : array_like
        Equilibrium solute concentration C_e as a number density, m^-3 (> 0).
    diffusion_coefficient_m2_s : array_like
        Monomer diffusion coefficient D, m^2/s (> 0).
    prefactor_scale : float, optional
        Multiplier of the kinetic prefactor J0 (> 0; default 1), for calibration.

    Returns
    -------
    numpy.ndarray or float
        J0, m^-3 s^-1.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> f"{float(nucleation_prefactor(3.0, 300.0, 0.02, 2e-28, 6e26, 1e-9)):.3e}"
    '1.620e+36'
    """
    s = _check_supersaturation(supersaturation)
    ce = positive_array("solubility_per_m3", solubility_per_m3)
    d = positive_array("diffusion_coefficient_m2_s", diffusion_coefficient_m2_s)
    scale = nonnegative_array("prefactor_scale", prefactor_scale)
    c1 = s * ce
    r = critical_radius(s, temperature_k, surface_energy_j_m2, molecular_volume_m3)
    z = zeldovich_factor(s, temperature_k, surface_energy_j_m2, molecular_volume_m3)
    return scalar_or_array(scale * z * (4.0 * np.pi * d * r * c1) * c1)


def nucleation_rate(
    supersaturation,
    temperature_k,
    surface_energy_j_m2,
    molecular_volume_m3,
    solubility_per_m3,
    diffusion_coefficient_m2_s,
    contact_angle_deg=180.0,
    prefactor_scale=1.0,
):
    """Stationary nucleation rate J = J0 exp(-Delta G*/k_B T), m^-3 s^-1.

    ``solubility_per_m3`` is the equilibrium solute concentration as a number density
    (formula units per m^3, i.e. mol/L * 1000 * N_A).

    Parameters
    ----------
    supersaturation : array_like
        Supersaturation ratio S = C/C_e (> 0; nucleation needs S > 1).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).
    solubility_per_m3 : array_like
        Equilibrium solute concentration C_e as a number density, m^-3 (> 0).
    diffusion_coefficient_m2_s : array_like
        Monomer diffusion coefficient D, m^2/s (> 0).
    contact_angle_deg : array_like, optional
        Contact angle theta of the nucleus on the substrate, degrees in [0, 180];
        180 (default) is homogeneous nucleation.
    prefactor_scale : float, optional
        Multiplier of the kinetic prefactor J0 (> 0; default 1), for calibration.

    Returns
    -------
    numpy.ndarray or float
        J, m^-3 s^-1.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> J = nucleation_rate(np.array([2.0, 3.0]), 300.0, 0.02, 2e-28, 6e26, 1e-9)
    >>> [f"{j:.3e}" for j in J]
    ['2.831e-33', '1.145e+09']
    """
    j0 = nucleation_prefactor(
        supersaturation,
        temperature_k,
        surface_energy_j_m2,
        molecular_volume_m3,
        solubility_per_m3,
        diffusion_coefficient_m2_s,
        prefactor_scale,
    )
    w = nucleation_barrier(
        supersaturation, temperature_k, surface_energy_j_m2, molecular_volume_m3, contact_angle_deg
    )
    return scalar_or_array(j0 * np.exp(-w / (K_B * np.asarray(temperature_k, dtype=float))))


def critical_supersaturation(
    rate_m3_s,
    temperature_k,
    surface_energy_j_m2,
    molecular_volume_m3,
    solubility_per_m3,
    diffusion_coefficient_m2_s,
    contact_angle_deg=180.0,
    prefactor_scale=1.0,
):
    """Supersaturation at which J reaches ``rate_m3_s`` (the LaMer ``C_min / C_s``).

    Cao et al. (2025) sec. 2.2 (LaMer stages): nucleation starts when the monomer concentration
    reaches C_min and stops when it falls below it.  C_min is not sharp in CNT; we define
    it by a threshold rate.  Solved by bisection in ln S (J is monotonic in S); scalar
    arguments only.

    Parameters
    ----------
    rate_m3_s : float
        Threshold nucleation rate, m^-3 s^-1 (> 0).
    temperature_k : array_like
        Temperature, K (> 0).
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).
    solubility_per_m3 : array_like
        Equilibrium solute concentration C_e as a number density, m^-3 (> 0).
    diffusion_coefficient_m2_s : array_like
        Monomer diffusion coefficient D, m^2/s (> 0).
    contact_angle_deg : array_like, optional
        Contact angle theta of the nucleus on the substrate, degrees in [0, 180];
        180 (default) is homogeneous nucleation.
    prefactor_scale : float, optional
        Multiplier of the kinetic prefactor J0 (> 0; default 1), for calibration.

    Returns
    -------
    float
        S at which J(S) = ``rate_m3_s``.

    References
    ----------
    Cao et al., "Crystallization regulation of solution-processed metal halide perovskite
    LEDs", Chem. Sci. (2025), eqns (1)-(2); Kashchiev, *Nucleation* (Butterworth-Heinemann,
    2000), chs. 3, 6 and 9.

    Examples
    --------
    >>> import numpy as np
    >>> S = critical_supersaturation(1e20, 300.0, 0.02, 2e-28, 6e26, 1e-9)
    >>> round(S, 4), f"{float(nucleation_rate(S, 300.0, 0.02, 2e-28, 6e26, 1e-9)):.3e}"
    (4.0785, '1.000e+20')
    """
    target = float(positive_array("rate_m3_s", rate_m3_s))
    args = (
        temperature_k,
        surface_energy_j_m2,
        molecular_volume_m3,
        solubility_per_m3,
        diffusion_coefficient_m2_s,
        contact_angle_deg,
        prefactor_scale,
    )

    def log_rate(ln_s: float) -> float:
        with np.errstate(under="ignore"):
            j = float(nucleation_rate(np.exp(ln_s), *args))
        return np.log(j) if j > 0 else -np.inf

    lo, hi = 1e-6, 1.0
    while log_rate(hi) < np.log(target):
        hi *= 2.0
        if hi > 200.0:
            raise ParameterError(f"rate_m3_s={rate_m3_s!r} is not reachable for any S < e^200")
    if log_rate(lo) >= np.log(target):
        return float(np.exp(lo))
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if log_rate(mid) < np.log(target):
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13 * hi:
            break
    return float(np.exp(0.5 * (lo + hi)))
