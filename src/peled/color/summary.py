"""One-call colour summary of an emission spectrum (what ``peled color spectrum|file`` prints)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from peled.color.cct import cct_duv
from peled.color.dominant import dominant_wavelength, white_point_xy
from peled.color.gamut import gamut_metrics
from peled.color.photometry import luminous_efficacy_of_radiation
from peled.color.tristimulus import xy, xy_to_uv_prime
from peled.errors import ParameterError, PeledError, SpectrumError
from peled.spectra import HC_EV_NM, Spectrum, half_max_crossings, peak_wavelength

__all__ = [
    "CCT_DUV_LIMIT",
    "GAMUT_DEFINITIONS",
    "primaries_color_report",
    "spectrum_color_summary",
]

#: One-line definitions of the gamut numbers, printed with every primaries report.
GAMUT_DEFINITIONS: dict[str, str] = {
    "area_ratio_pct": "area(device gamut) / area(standard) x 100; may exceed 100",
    "coverage_pct": "area(device gamut intersect standard) / area(standard) x 100",
    "dominant_wavelength_nm": "against the equal-energy white E (CIE 015:2018 sec. 9.1)",
}

#: abs(Duv) above which a correlated colour temperature is not reported.  CIE 015:2018
#: sec. 9.5 restricts CCT to chromaticities close to the Planckian locus; the limit
#: abs(Duv) <= 0.05 is the one used by ANSI C78.377 and Ohno, LEUKOS 10, 47 (2014).
CCT_DUV_LIMIT = 0.05


def spectrum_color_summary(
    spectrum: Spectrum, observer: str | int = "1931", white="E"
) -> dict[str, Any]:
    """Chromaticity, peak/FWHM, dominant wavelength, purity, CCT/Duv and LER of ``spectrum``.

    Keys: ``x, y, u_prime, v_prime`` (``observer``), ``peak_nm, fwhm_nm`` (interpolated,
    :func:`peled.spectra.peak_wavelength` / :func:`peled.spectra.fwhm`), ``peak_ev,
    fwhm_ev`` (photon energies of the peak and of the two half-maximum crossings),
    ``dominant_wavelength_nm, purity_pct`` against ``white`` (equal-energy E by default,
    the usual choice for emitters; ``dominant_is_complementary`` is true for purples),
    ``cct_k, duv`` (Ohno 2013 on the CIE 1931 chromaticity, as CCT is defined for the
    2 deg observer; ``cct_k`` is None when abs(Duv) > :data:`CCT_DUV_LIMIT`, where a CCT is
    meaningless, e.g. for a saturated primary) and ``ler_lm_per_w`` (luminous efficacy
    of radiation).

    A quantity that is undefined for this spectrum is None and ``notes`` says why: the
    FWHM of a spectrum that never falls below half maximum (a broad white source or a
    truncated measurement; :func:`peled.spectra.fwhm` raises instead), the dominant
    wavelength of a stimulus at the white point.

    Parameters
    ----------
    spectrum : Spectrum
        Emission spectrum (any scale).
    observer : {"1931", "1964"} or int, optional
        CIE standard observer of ``x, y, u_prime, v_prime``; default the 2 deg 1931
        observer.
    white : str or sequence of float, optional
        Reference white of the dominant wavelength: an illuminant name of
        ``colour.CCS_ILLUMINANTS`` or an (x, y) pair; default the equal-energy white E.

    Returns
    -------
    dict
        The keys listed above (floats, None when undefined) and ``notes`` (list of str).

    References
    ----------
    CIE 015:2018 "Colorimetry", 4th ed.; Ohno, "Practical use and calculation of CCT and
    Duv", LEUKOS 10, 47 (2014).

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> s = spectrum_color_summary(line_spectrum(520.0, 20.0))
    >>> round(s["x"], 4), round(s["y"], 4), round(s["dominant_wavelength_nm"], 1)
    (0.0922, 0.8004, 520.1)
    >>> s["cct_k"] is None  # a saturated green has no meaningful CCT
    True
    """
    notes: list[str] = []
    white_xy = white_point_xy(white, observer)  # a bad white point is an error, not a note
    peak = peak_wavelength(spectrum)
    try:
        lo, hi = half_max_crossings(spectrum)
        fwhm_nm, fwhm_ev = hi - lo, HC_EV_NM / lo - HC_EV_NM / hi
    except SpectrumError as exc:
        fwhm_nm = fwhm_ev = None
        notes.append(f"fwhm_nm is null: {exc}")
    method = "ASTM E308"
    try:
        p = xy(spectrum, observer)
    except SpectrumError:  # a line beyond 780 nm: the full CIE range still defines x, y
        method = "Integration"
        p = xy(spectrum, observer, method=method)
        notes.append("x, y: no intensity inside the ASTM E308 summation range 360-780 nm; "
                     "integrated over the full CIE 015:2018 range 360-830 nm")
    u, v = xy_to_uv_prime(p)
    if method == "Integration":
        # beyond ~700 nm the spectral locus is one chromaticity (the CMF ratio is constant),
        # so a dominant wavelength beyond 780 nm is not unique
        dom_nm = purity = complementary = None
        notes.append("dominant_wavelength_nm is null: the emission lies beyond 780 nm, where "
                     "the spectral locus is a single point (no unique dominant wavelength)")
    else:
        try:
            dom = dominant_wavelength(p, white=white_xy, observer=observer)
            dom_nm, purity = dom.wavelength_nm, dom.purity_pct
            complementary = dom.complementary
        except ParameterError as exc:  # the stimulus coincides with the white point
            dom_nm = purity = complementary = None
            notes.append(f"dominant_wavelength_nm is null: {exc}")
    p1931 = p if str(observer) == "1931" else xy(spectrum, "1931", method=method)
    try:
        with warnings.catch_warnings():
            # colour warns when a point lies beyond its Planckian table (saturated
            # primaries); the |Duv| limit below discards the CCT of such points.
            warnings.simplefilter("ignore")
            cct_k, duv = cct_duv(p1931, method="ohno")
    except PeledError:
        cct_k, duv = None, None
    if duv is not None and abs(duv) > CCT_DUV_LIMIT:
        cct_k = None
    return {
        "x": float(p[0]),
        "y": float(p[1]),
        "u_prime": float(u),
        "v_prime": float(v),
        "peak_nm": peak,
        "peak_ev": HC_EV_NM / peak,
        "fwhm_nm": fwhm_nm,
        "fwhm_ev": fwhm_ev,
        "dominant_wavelength_nm": dom_nm,
        "dominant_is_complementary": complementary,
        "purity_pct": purity,
        "cct_k": cct_k,
        "duv": duv,
        "ler_lm_per_w": luminous_efficacy_of_radiation(spectrum),
        "observer": str(observer),
        "notes": notes,
    }


def primaries_color_report(spectra: dict[str, Spectrum]) -> dict[str, Any]:
    """Colour report of named primary spectra: per-primary summary and gamut in xy and u'v'.

    Parameters
    ----------
    spectra : dict of str to Spectrum
        Primary emission spectra by name (e.g. red, green, blue), in gamut order.

    Returns
    -------
    dict
        ``primaries`` (name -> :func:`spectrum_color_summary`), ``primaries_xy``,
        ``gamut_xy`` and ``gamut_uv`` (:func:`peled.color.gamut.gamut_metrics`) and
        ``definitions`` (:data:`GAMUT_DEFINITIONS`).

    References
    ----------
    CIE 015:2018 *Colorimetry*, 4th ed., secs. 7.3, 8 and 9.1.

    Examples
    --------
    >>> from peled.spectra import line_spectrum
    >>> lines = {n: line_spectrum(p, 20.0) for n, p in (("r", 630), ("g", 532), ("b", 467))}
    >>> round(primaries_color_report(lines)["gamut_xy"]["coverage_pct"]["srgb"], 1)
    100.0
    """
    per = {name: spectrum_color_summary(s) for name, s in spectra.items()}
    prim = np.array([[per[n]["x"], per[n]["y"]] for n in spectra])
    return {
        "primaries": per,
        "primaries_xy": prim.tolist(),
        "gamut_xy": gamut_metrics(prim, space="xy"),
        "gamut_uv": gamut_metrics(prim, space="uv"),
        "definitions": dict(GAMUT_DEFINITIONS),
    }
