"""Lifshitz-Slyozov-Wagner (LSW) theory of diffusion-limited Ostwald ripening.

References: I. M. Lifshitz & V. V. Slyozov, J. Phys. Chem. Solids 19, 35 (1961);
C. Wagner, Z. Elektrochem. 65, 581 (1961).  Ostwald ripening as the coarsening of
perovskite grains: Cao et al. (2025) Fig. 1c and sec. 2.2.

For a dilute dispersion with diffusion-limited growth and linearised Gibbs-Thomson
solubility ``c(r) = c_e (1 + alpha / r)``, ``alpha = 2 gamma v_m / (k_B T)``, the
asymptotic state has

* mean radius = critical radius, ``<r>^3 - <r0>^3 = K t`` with
  ``K = 8 gamma D c_e v_m^2 / (9 k_B T) = (4/9) alpha D c_e v_m``
  (``c_e`` in formula units per m^3, ``v_m`` the molecular volume);
* a time-invariant distribution of ``rho = r / <r>`` with support ``[0, 3/2)``::

      P(rho) = (4/9) rho^2 (3 / (3 + rho))^(7/3) (3 / (3 - 2 rho))^(11/3)
               * exp(-2 rho / (3 - 2 rho))

  normalised to 1 with mean 1 (Lifshitz & Slyozov 1961, eq. 3.19 in their notation
  ``u = rho``).
"""

from __future__ import annotations

import numpy as np
from scipy.constants import k as K_B

from peled.validation import finite_array, positive_array, scalar_or_array

__all__ = [
    "lsw_distribution",
    "lsw_rate_constant",
]


def lsw_rate_constant(
    surface_energy_j_m2,
    diffusion_coefficient_m2_s,
    solubility_per_m3,
    molecular_volume_m3,
    temperature_k,
):
    """LSW coarsening constant K = 8 gamma D c_e v_m^2 / (9 k_B T), m^3/s.

    Parameters
    ----------
    surface_energy_j_m2 : array_like
        Crystal-solution interfacial energy gamma, J/m^2 (> 0).
    diffusion_coefficient_m2_s : array_like
        Solute diffusion coefficient D, m^2/s (> 0).
    solubility_per_m3 : array_like
        Equilibrium solute concentration c_e, molecules per m^3 (> 0).
    molecular_volume_m3 : array_like
        Volume of one formula unit in the crystal v_m, m^3 (> 0).
    temperature_k : array_like
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        K in m^3/s: ``<r>^3 - <r0>^3 = K t`` in the LSW regime.

    References
    ----------
    Lifshitz & Slyozov, J. Phys. Chem. Solids 19, 35 (1961); Wagner, Z. Elektrochem. 65,
    581 (1961); Cao et al., Chem. Sci. (2025), Fig. 1c (Ostwald ripening).

    Examples
    --------
    >>> f"{float(lsw_rate_constant(0.1, 1e-9, 6e26, 2e-28, 300.0)):.3e}"
    '5.151e-19'
    """
    gamma = positive_array("surface_energy_j_m2", surface_energy_j_m2)
    d = positive_array("diffusion_coefficient_m2_s", diffusion_coefficient_m2_s)
    c_e = positive_array("solubility_per_m3", solubility_per_m3)
    v = positive_array("molecular_volume_m3", molecular_volume_m3)
    t = positive_array("temperature_k", temperature_k)
    return scalar_or_array(8.0 * gamma * d * c_e * v**2 / (9.0 * K_B * t))


def lsw_distribution(rho):
    """LSW probability density of the scaled radius rho = r/<r> (zero for rho >= 3/2).

    Parameters
    ----------
    rho : array_like
        Scaled radius r/<r> (>= 0).

    Returns
    -------
    numpy.ndarray
        Probability density h(rho), normalised to 1 over [0, 3/2); 0 for rho >= 3/2.

    References
    ----------
    Lifshitz & Slyozov, J. Phys. Chem. Solids 19, 35 (1961); Wagner, Z. Elektrochem. 65,
    581 (1961).

    Examples
    --------
    >>> import numpy as np
    >>> rho = np.linspace(0.0, 1.5, 30001)
    >>> round(float(np.trapezoid(lsw_distribution(rho), rho)), 4), float(lsw_distribution(1.6))
    (1.0, 0.0)
    """
    rho = finite_array("rho", rho)
    out = np.zeros_like(rho)
    m = (rho > 0) & (rho < 1.5)
    x = rho[m]
    out[m] = (
        (4.0 / 9.0)
        * x**2
        * (3.0 / (3.0 + x)) ** (7.0 / 3.0)
        * (3.0 / (3.0 - 2.0 * x)) ** (11.0 / 3.0)
        * np.exp(-2.0 * x / (3.0 - 2.0 * x))
    )
    return scalar_or_array(out)
