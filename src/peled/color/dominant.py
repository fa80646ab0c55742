"""Dominant / complementary wavelength and excitation purity (CIE 015:2018 sec. 9.1).

The dominant wavelength of a colour stimulus is the wavelength of the monochromatic
stimulus that, mixed additively with a specified white, matches it; for stimuli in the
purple region (between the white point and the line of purples) the *complementary*
wavelength is given instead.  Excitation purity is ``p_e = |xy - xy_n| / |xy_b - xy_n|``
with ``xy_b`` the intersection of the ray white -> stimulus with the spectral locus (or with
the line of purples for purple stimuli).  Computed with ``colour.dominant_wavelength`` and
``colour.excitation_purity`` on a 0.1-nm spectral locus (colour's Sprague interpolation of
the CIE CMFs, 360-780 nm, the range colour-science uses by default), so the wavelength is
resolved to 0.1 nm.

White point: equal-energy E by default (the natural reference for emitters; colour's
documentation and CIE 015:2018 sec. 9.1 leave the white to the user), D65 or any
illuminant of ``colour.CCS_ILLUMINANTS`` selectable by name, or an explicit (x, y).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.color.tristimulus import _observer_key
from peled.errors import ParameterError

__all__ = [
    "DominantWavelength",
    "LOCUS_STEP_NM",
    "dominant_wavelength",
    "white_point_xy",
]

#: Wavelength resolution of the spectral locus used for the dominant wavelength, in nm.
LOCUS_STEP_NM = 0.1


@dataclass(frozen=True)
class DominantWavelength:
    """Dominant (or complementary, if ``complementary``) wavelength and excitation purity."""

    wavelength_nm: float
    purity_pct: float
    complementary: bool


def white_point_xy(white="E", observer: str | int = "1931") -> np.ndarray:
    """xy of ``white``: an illuminant name of ``colour.CCS_ILLUMINANTS`` or an (x, y) pair.

    Chromaticities are those of colour-science for the chosen observer (e.g. D65 1931:
    (0.3127, 0.3290), CIE 015:2018 Table 11.3; E: (1/3, 1/3)).

    Parameters
    ----------
    white : str or sequence of float, optional
        Illuminant name (``"E"``, ``"D65"``, ...) or an (x, y) pair.
    observer : {"1931", "1964"} or int, optional
        CIE standard observer.

    Returns
    -------
    numpy.ndarray
        The white point (x, y).

    Raises
    ------
    ParameterError
        For an unknown illuminant name or an (x, y) pair outside the chromaticity domain.

    Examples
    --------
    >>> white_point_xy("D65").round(4).tolist()
    [0.3127, 0.329]
    """
    from peled.color._cie import illuminant_xy  # lazy: the CIE tables are read on first use

    if isinstance(white, str):
        table = illuminant_xy(_observer_key(observer))  # colour.CCS_ILLUMINANTS
        if white not in table:
            raise ParameterError(
                f"unknown white point {white!r}; expected e.g. 'E', 'D65' or an (x, y) pair"
            )
        return np.asarray(table[white], dtype=float)
    w = np.asarray(white, dtype=float)
    if w.shape != (2,) or not np.all(np.isfinite(w)) or np.any(w <= 0) or w.sum() >= 1:
        raise ParameterError(f"white must be an illuminant name or a valid (x, y), got {white!r}")
    return w


def dominant_wavelength(xy, white="E", observer: str | int = "1931") -> DominantWavelength:
    """Dominant wavelength (complementary for purples) and excitation purity of ``xy``.

    CIE 015:2018 sec. 9.1, via ``colour.dominant_wavelength`` / ``colour.excitation_purity``
    (see the module docstring for the locus resolution and the white point).  A stimulus
    at the white point has no dominant wavelength and raises :class:`ParameterError`.

    Parameters
    ----------
    xy : array_like
        CIE chromaticity (x, y) of the stimulus.
    white : str or sequence of float, optional
        Reference white: illuminant name or (x, y); default the equal-energy white E.
    observer : {"1931", "1964"} or int, optional
        CIE standard observer of the spectral locus.

    Returns
    -------
    DominantWavelength
        ``wavelength_nm`` (nm; the complementary wavelength for purples),
        ``purity_pct`` (excitation purity, 0-100) and ``complementary``.

    Raises
    ------
    ParameterError
        If ``xy`` coincides with the white point.

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 9.1.

    Examples
    --------
    >>> d = dominant_wavelength((0.17, 0.70))
    >>> round(d.wavelength_nm, 1), round(d.purity_pct, 1), d.complementary
    (524.9, 74.4, False)
    """
    from peled.color import _cie  # lazy: the CIE tables are read on first use

    p = np.asarray(xy, dtype=float)
    if p.shape != (2,) or not np.all(np.isfinite(p)):
        raise ParameterError(f"xy must be a finite (x, y) pair, got {xy!r}")
    w = white_point_xy(white, observer)
    if np.hypot(*(p - w)) < 1e-9:
        raise ParameterError(
            f"xy {tuple(p)} coincides with the white point; no dominant wavelength"
        )
    # colour.dominant_wavelength / excitation_purity on the cached 0.1-nm locus
    wl, purity = _cie.dominant_wavelength(p, w, _observer_key(observer))
    return DominantWavelength(
        wavelength_nm=round(abs(wl), 1), purity_pct=100.0 * float(purity), complementary=wl < 0
    )
