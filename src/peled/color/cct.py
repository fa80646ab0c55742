"""Correlated colour temperature (CCT), Duv and the Planckian locus.

Methods (all evaluated by colour-science ``colour.temperature``):

* ``"ohno"`` (default) -- Ohno, "Practical use and calculation of CCT and Duv",
  LEUKOS 10:47-55 (2014) (the "Ohno 2013" method of colour-science: cascade expansion of
  a Planckian table in CIE 1960 uv plus triangular/parabolic solution);
* ``"robertson"`` -- Robertson, "Computation of correlated color temperature and
  distribution temperature", J. Opt. Soc. Am. 58:1528-1535 (1968) (isotemperature lines);
* ``"mccamy"`` -- McCamy, "Correlated color temperature as an explicit function of
  chromaticity coordinates", Color Res. Appl. 17:142-144 (1992):
  ``n = (x - 0.3320) / (0.1858 - y)``, ``CCT = 449 n^3 + 3525 n^2 + 6823.3 n + 5520.33``;
* ``"hernandez"`` -- Hernandez-Andres et al., Appl. Opt. 38:5703 (1999);
* ``"kang"`` -- Kang et al., J. Korean Phys. Soc. 41:865 (2002) (inverse of their
  CCT -> xy polynomial);
* ``"krystek"`` -- Krystek, Color Res. Appl. 10:38 (1985) (rational approximation of the
  Planckian locus in uv, solved numerically).

Duv (CIE 015:2018 sec. 9.5; ANSI C78.377) is the signed distance in the CIE 1960 uv
diagram from the Planckian locus, positive above it (greenish) and negative below
(pinkish).  Ohno and Robertson return their own Duv.  The explicit-formula methods
(McCamy, Hernandez, Kang) and Krystek give only a CCT; for them peled defines
``Duv = sign(v - v_P) * |uv - uv_P(CCT)|`` with ``uv_P(CCT)`` the Planckian point at that
CCT (Planck's law integrated with the CIE 1931 CMFs, ``colour`` "Planck 1900").  Because
that CCT is not the exact foot of the perpendicular, this Duv includes the method's CCT
error along the locus; it agrees with Ohno's Duv only near the locus.

CIE 015:2018 sec. 9.5 recommends quoting a CCT only for abs(Duv) <= 0.05.
"""

from __future__ import annotations

import numpy as np

from peled.errors import ParameterError
from peled.validation import positive_array

__all__ = [
    "CCT_METHODS",
    "cct_duv",
    "duv_from_cct",
    "planckian_uv",
    "planckian_xy",
    "xy_to_uv_1960",
]

CCT_METHODS = ("ohno", "robertson", "mccamy", "hernandez", "kang", "krystek")

_XY_METHODS = {"mccamy": "McCamy 1992", "hernandez": "Hernandez 1999", "kang": "Kang 2002"}


def _xy_point(xy) -> np.ndarray:
    p = np.asarray(xy, dtype=float)
    if p.shape != (2,) or not np.all(np.isfinite(p)) or np.any(p <= 0) or p.sum() >= 1:
        raise ParameterError(
            f"xy must be a chromaticity (x, y) with x, y > 0, x + y < 1, got {xy!r}"
        )
    return p


def planckian_uv(cct_k) -> np.ndarray:
    """CIE 1960 uv of a Planckian radiator at ``cct_k`` (broadcasts; shape (..., 2)).

    Planck's law integrated with the CIE 1931 2 deg CMFs (``colour.temperature.
    CCT_to_uv_Planck1900``; CIE 015:2018 sec. 9.5).

    Parameters
    ----------
    cct_k : array_like
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray
        CIE 1960 (u, v), shape ``(..., 2)``.

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 9.5.

    Examples
    --------
    >>> planckian_uv(6500.0).round(4).tolist()
    [0.2004, 0.3104]
    """
    from colour.temperature import CCT_to_uv_Planck1900

    return np.asarray(CCT_to_uv_Planck1900(positive_array("cct_k", cct_k)), dtype=float)


def planckian_xy(cct_k) -> np.ndarray:
    """CIE 1931 xy of the Planckian locus at ``cct_k`` (for plotting); shape (..., 2).

    From :func:`planckian_uv` with ``x = 3u / (2u - 8v + 4)``, ``y = 2v / (2u - 8v + 4)``
    (CIE 015:2018 eq. 8.3-8.4 inverted).

    Parameters
    ----------
    cct_k : array_like
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray
        CIE 1931 (x, y), shape ``(..., 2)``.

    References
    ----------
    CIE 015:2018 "Colorimetry", eqs. 8.3-8.4.

    Examples
    --------
    >>> planckian_xy(2856.0).round(4).tolist()  # CIE illuminant A: (0.4476, 0.4074)
    [0.4475, 0.4074]
    """
    uv = planckian_uv(cct_k)
    u, v = uv[..., 0], uv[..., 1]
    d = 2.0 * u - 8.0 * v + 4.0
    return np.stack([3.0 * u / d, 2.0 * v / d], axis=-1)


def xy_to_uv_1960(xy) -> np.ndarray:
    """CIE 1960 UCS ``u = 4x / (-2x + 12y + 3)``, ``v = 6y / (-2x + 12y + 3)`` (CIE 015:2018).

    Parameters
    ----------
    xy : array_like
        CIE 1931 chromaticity, shape ``(..., 2)``.

    Returns
    -------
    numpy.ndarray
        CIE 1960 (u, v), same shape.

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 8.2.

    Examples
    --------
    >>> xy_to_uv_1960([1 / 3, 1 / 3]).round(4).tolist()
    [0.2105, 0.3158]
    """
    a = np.asarray(xy, dtype=float)
    x, y = a[..., 0], a[..., 1]
    d = -2.0 * x + 12.0 * y + 3.0
    return np.stack([4.0 * x / d, 6.0 * y / d], axis=-1)


def duv_from_cct(xy, cct_k: float) -> float:
    """Signed uv distance of ``xy`` from the Planckian point at ``cct_k`` (see module doc).

    Parameters
    ----------
    xy : array_like
        CIE 1931 chromaticity (x, y).
    cct_k : float
        Temperature of the Planckian reference point, K (> 0).

    Returns
    -------
    float
        Signed uv distance (CIE 1960), positive above the Planckian locus.

    References
    ----------
    Ohno, LEUKOS 10, 47 (2014).

    Examples
    --------
    >>> round(duv_from_cct(planckian_xy(3000.0), 3000.0), 8)
    0.0
    """
    uv = xy_to_uv_1960(_xy_point(xy))
    up = planckian_uv(cct_k)
    d = uv - up
    return float(np.copysign(np.hypot(d[0], d[1]), d[1]))


def cct_duv(xy, method: str = "ohno") -> tuple[float, float]:
    """CCT in K and Duv of chromaticity ``xy`` by ``method`` (see the module docstring).

    Parameters
    ----------
    xy : array_like
        CIE 1931 chromaticity (x, y).
    method : {"ohno", "robertson", "mccamy", "hernandez", "kang", "krystek"}, optional
        CCT algorithm (see the module docstring); default Ohno (2014).

    Returns
    -------
    tuple of float
        ``(cct_k, duv)``: correlated colour temperature in K and the signed distance from
        the Planckian locus in CIE 1960 uv (positive above the locus).

    Raises
    ------
    ParameterError
        For an unknown method or a chromaticity outside the domain of the method.

    References
    ----------
    Ohno, "Practical use and calculation of CCT and Duv", LEUKOS 10, 47 (2014); CIE
    015:2018 sec. 9.5.

    Examples
    --------
    >>> cct, duv = cct_duv((0.3127, 0.3290))  # D65
    >>> round(cct), round(duv, 4)
    (6504, 0.0032)
    """
    p = _xy_point(xy)
    if method not in CCT_METHODS:
        raise ParameterError(f"method must be one of {', '.join(CCT_METHODS)}, got {method!r}")
    uv = xy_to_uv_1960(p)
    if method == "ohno":  # colour.temperature.uv_to_CCT_Ohno2013 on the cached table
        from peled.color._cie import uv_to_cct_ohno2013  # lazy import

        return uv_to_cct_ohno2013(uv)
    import colour
    from colour import temperature

    if method == "robertson":
        cct, duv = temperature.uv_to_CCT_Robertson1968(uv)
        return float(cct), float(duv)
    if method == "krystek":
        cct = float(temperature.uv_to_CCT_Krystek1985(uv))
    else:
        cct = float(colour.xy_to_CCT(p, _XY_METHODS[method]))
    if not (np.isfinite(cct) and cct > 0):
        raise ParameterError(f"{method}: no CCT for xy {tuple(p)} (formula out of its domain)")
    return cct, duv_from_cct(p, cct)
