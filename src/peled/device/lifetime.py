"""Luminance acceleration of LED operational lifetime: LT2/LT1 = (L1/L2)^n.

Operational lifetimes (T50, T95, ...) are measured at a high initial luminance L1 to
finish in days, then converted to the display-relevant luminance L2 with the empirical
power law

    LT2 / LT1 = (L1 / L2)^n                                   (1)

used throughout the OLED/QLED/PeLED literature.  Jang et al., "Nanocrystalline
Perovskites for Bright and Efficient LEDs", Adv. Mater. (2025), Figure 14 caption, states
"LT2/LT1 = (L1/L2)^n with n = 1.65" and, in sec. 1, converts "T50 = 520 h at
1000 cd m-2" into "an estimated T50 of 31 858 h at 100 cd m-2".  With n = 1.65, eqn (1)
gives 23,230 h instead; 31,858 h implies n = ln(31858/520)/ln(10) = 1.787 (an
arithmetic error of the review).  peled implements eqn (1) as written and lets the user
set n; :class:`AccelerationLawFit` determines n from runs at several L0.

The luminance decay itself is described by the stretched exponential
``L(t)/L0 = exp(-(t/tau)^beta)`` (Féry et al., Appl. Phys. Lett. 87, 213502, 2005),
:func:`stretched_exponential`.

Physical background of the power law: the degradation rate scales with the injected
charge/exciton density, i.e. L0^n with 1.2 < n < 2 typically (Féry et al., Appl. Phys.
Lett. 87, 213502, 2005, for OLEDs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.errors import ParameterError
from peled.validation import positive_array

__all__ = [
    "ACCELERATION_EXPONENT_JANG2025",
    "AccelerationLawFit",
    "acceleration_factor",
    "convert_lifetime",
    "implied_acceleration_exponent",
    "stretched_exponential",
]

#: Acceleration exponent n = 1.65 stated by Jang et al., Adv. Mater. (2025), Figure 14
#: caption.
ACCELERATION_EXPONENT_JANG2025: float = 1.65


def stretched_exponential(t, tau, beta):
    """Normalised luminance ``L(t)/L0 = exp(-(t/tau)^beta)`` of an ageing LED.

    Parameters
    ----------
    t : array_like
        Operating time (any unit; negative times are clipped to 0).
    tau : float
        Characteristic time, same unit as ``t`` (> 0).
    beta : float
        Stretching exponent (0 < beta <= 1 typically; 1 is a single exponential).

    Returns
    -------
    numpy.ndarray
        Remaining luminance fraction, same shape as ``t``.

    References
    ----------
    Féry et al., "Physical mechanism responsible for the stretched exponential decay
    behavior of aging organic light-emitting diodes", Appl. Phys. Lett. 87, 213502 (2005).

    Examples
    --------
    >>> float(stretched_exponential(100.0, 100.0, 0.5)) == float(np.exp(-1.0))
    True
    """
    return np.exp(-((np.maximum(np.asarray(t, float), 0.0) / tau) ** beta))




def acceleration_factor(from_l0_cd_m2, to_l0_cd_m2, n=ACCELERATION_EXPONENT_JANG2025):
    """Lifetime ratio LT(to) / LT(from) = (L_from / L_to)^n, eqn (1) (Jang et al. 2025).

    Broadcasts over all arguments; returns a float for scalar input.

    Parameters
    ----------
    from_l0_cd_m2 : array_like
        Initial luminance of the measurement, cd/m^2 (> 0).
    to_l0_cd_m2 : array_like
        Initial luminance to convert to, cd/m^2 (> 0).
    n : array_like, optional
        Acceleration exponent (> 0); default 1.65 (Jang et al., Adv. Mater. (2025),
        Fig. 14 caption).

    Returns
    -------
    numpy.ndarray or float
        LT(to) / LT(from), dimensionless.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1 and Fig. 14 caption.

    Examples
    --------
    Ten times lower luminance, n = 1.65: 10^1.65 = 44.7 times longer:

    >>> round(acceleration_factor(1000.0, 100.0), 2)
    44.67
    """
    l1 = positive_array("from_l0_cd_m2", from_l0_cd_m2)
    l2 = positive_array("to_l0_cd_m2", to_l0_cd_m2)
    nn = positive_array("n", n)  # n > 0: a brighter start shortens the lifetime (eqn (1))
    out = (l1 / l2) ** nn
    return float(out) if np.ndim(out) == 0 else out


def convert_lifetime(t, from_l0_cd_m2, to_l0_cd_m2, n=ACCELERATION_EXPONENT_JANG2025):
    """Convert a lifetime measured at ``from_l0_cd_m2`` to ``to_l0_cd_m2`` with eqn (1).

    ``t`` may be in any time unit (the result is in the same unit); broadcasts.

    Parameters
    ----------
    t : array_like
        Lifetime measured at ``from_l0_cd_m2`` (any time unit, >= 0).
    from_l0_cd_m2 : array_like
        Initial luminance of the measurement, cd/m^2 (> 0).
    to_l0_cd_m2 : array_like
        Initial luminance to convert to, cd/m^2 (> 0).
    n : array_like, optional
        Acceleration exponent (> 0); default 1.65.

    Returns
    -------
    numpy.ndarray or float
        Lifetime at ``to_l0_cd_m2``, same unit as ``t``.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1 and Fig. 14 caption.

    Examples
    --------
    Jang et al., Adv. Mater. (2025), sec. 1 (T50 = 520 h at 1000 cd/m2, n = 1.65):

    >>> round(convert_lifetime(520.0, 1000.0, 100.0, 1.65))
    23228
    """
    tt = positive_array("t", t)
    out = tt * acceleration_factor(from_l0_cd_m2, to_l0_cd_m2, n)
    return float(out) if np.ndim(out) == 0 else out


def implied_acceleration_exponent(t1, l1_cd_m2, t2, l2_cd_m2):
    """Exponent n for which eqn (1) maps (t1 at L1) onto (t2 at L2): n = ln(t2/t1) / ln(L1/L2).

    >>> round(implied_acceleration_exponent(520.0, 1000.0, 31858.0, 100.0), 3)
    1.787

    Parameters
    ----------
    t1 : array_like
        Lifetime at ``l1_cd_m2`` (> 0, any time unit).
    l1_cd_m2 : array_like
        Initial luminance of the first measurement, cd/m^2 (> 0).
    t2 : array_like
        Lifetime at ``l2_cd_m2`` (> 0, same unit as ``t1``).
    l2_cd_m2 : array_like
        Initial luminance of the second measurement, cd/m^2 (> 0, != ``l1_cd_m2``).

    Returns
    -------
    numpy.ndarray or float
        Acceleration exponent n.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1: its 520 h -> 31,858 h example implies
    n = 1.787, not the stated 1.65.

    Examples
    --------
    >>> round(implied_acceleration_exponent(520.0, 1000.0, 31858.0, 100.0), 3)
    1.787
    """
    a1 = positive_array("t1", t1)
    a2 = positive_array("t2", t2)
    b1 = positive_array("l1_cd_m2", l1_cd_m2)
    b2 = positive_array("l2_cd_m2", l2_cd_m2)
    if np.any(b1 == b2):
        raise ParameterError("l1_cd_m2 and l2_cd_m2 must differ to determine n")
    out = np.log(a2 / a1) / np.log(b1 / b2)
    return float(out) if np.ndim(out) == 0 else out


@dataclass
class AccelerationLawFit:
    """Least-squares fit of eqn (1) to lifetimes measured at several initial luminances.

    Eqn (1) is ``LT = C L0^-n``, i.e. the straight line ``ln LT = ln C - n ln L0``; it is
    fitted by ordinary least squares in log-log space (multiplicative errors), the
    standard analysis of accelerated OLED ageing (Féry et al., Appl. Phys. Lett. 87,
    213502, 2005).  Fitted attributes: ``n_``, ``n_stderr_`` (NaN for two runs, where
    the line passes through both points), ``prefactor_`` (C, in the lifetime unit times
    (cd/m2)^n), ``n_runs_``.
    """

    n_: float = float("nan")
    n_stderr_: float = float("nan")
    prefactor_: float = float("nan")
    n_runs_: int = 0

    def fit(self, l0_cd_m2, lifetime) -> AccelerationLawFit:
        """Fit n to lifetimes ``lifetime`` (any time unit) measured at ``l0_cd_m2``."""
        l0 = positive_array("l0_cd_m2", l0_cd_m2).ravel()
        t = positive_array("lifetime", lifetime).ravel()
        if l0.size != t.size:
            raise ParameterError(
                f"l0_cd_m2 and lifetime must have equal length, got {l0.size} and {t.size}"
            )
        if np.unique(l0).size < 2:
            raise ParameterError("fitting n needs runs at >= 2 distinct initial luminances")
        x = np.log(l0)
        y = np.log(t)
        xm, ym = x.mean(), y.mean()
        sxx = float(np.sum((x - xm) ** 2))
        slope = float(np.sum((x - xm) * (y - ym)) / sxx)
        intercept = ym - slope * xm
        self.n_ = -slope
        self.prefactor_ = float(np.exp(intercept))
        self.n_runs_ = int(l0.size)
        if l0.size > 2:
            resid = y - (intercept + slope * x)
            s2 = float(np.sum(resid**2)) / (l0.size - 2)
            self.n_stderr_ = float(np.sqrt(s2 / sxx))
        else:
            self.n_stderr_ = float("nan")
        return self

    def predict(self, l0_cd_m2):
        """Lifetime at ``l0_cd_m2`` from the fitted law ``C L0^-n``."""
        if not np.isfinite(self.n_):
            raise ParameterError("AccelerationLawFit is not fitted; call fit() first")
        l0 = positive_array("l0_cd_m2", l0_cd_m2)
        out = self.prefactor_ * l0 ** (-self.n_)
        return float(out) if np.ndim(out) == 0 else out
