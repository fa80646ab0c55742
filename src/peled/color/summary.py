"""One-call colour summary of an emission spectrum (what ``peled color spectrum|file`` prints)."""

from __future__ import annotations

import warnings
from typing import Any

from peled.color.cct import cct_duv
from peled.color.dominant import dominant_wavelength
from peled.color.photometry import luminous_efficacy_of_radiation
from peled.color.tristimulus import xy, xy_to_uv_prime
from peled.errors import PeledError
from peled.spectra import Spectrum, analyze

#: |Duv| above which a correlated colour temperature is not reported.  CIE 015:2018
#: sec. 9.5 restricts CCT to chromaticities close to the Planckian locus; the limit
#: |Duv| <= 0.05 is the one used by ANSI C78.377 and Ohno, LEUKOS 10, 47 (2014).
CCT_DUV_LIMIT = 0.05


def spectrum_color_summary(
    spectrum: Spectrum, observer: str | int = "1931", white: str = "E"
) -> dict[str, Any]:
    """Chromaticity, peak/FWHM, dominant wavelength, purity, CCT/Duv and LER of ``spectrum``.

    Keys: ``x, y, u_prime, v_prime`` (``observer``), ``peak_nm, fwhm_nm`` (interpolated,
    :func:`peled.spectra.analyze`), ``dominant_wavelength_nm, purity_pct`` against
    ``white`` (equal-energy E by default, the usual choice for emitters;
    ``dominant_is_complementary`` is true for purples), ``cct_k, duv`` (Ohno 2013 on
    the CIE 1931 chromaticity, as CCT is defined for the 2 deg observer; ``cct_k`` is
    None when |Duv| > :data:`CCT_DUV_LIMIT`, where a CCT is meaningless, e.g. for a
    saturated primary) and ``ler_lm_per_w`` (luminous efficacy of radiation).
    """
    metrics = analyze(spectrum)
    p = xy(spectrum, observer)
    u, v = xy_to_uv_prime(p)
    dom = dominant_wavelength(p, white=white, observer=observer)
    p1931 = p if str(observer) == "1931" else xy(spectrum, "1931")
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
        "peak_nm": metrics.peak_nm,
        "fwhm_nm": metrics.fwhm_nm,
        "dominant_wavelength_nm": dom.wavelength_nm,
        "dominant_is_complementary": dom.complementary,
        "purity_pct": dom.purity_pct,
        "cct_k": cct_k,
        "duv": duv,
        "ler_lm_per_w": luminous_efficacy_of_radiation(spectrum),
        "observer": str(observer),
    }
