"""CIE 1995 colour rendering index: general index Ra and special indices R1-R14.

CIE 13.3-1995, "Method of measuring and specifying colour rendering properties of light
sources": the 14 test-colour samples (TCS01-TCS14) are rendered by the test source and by
a reference illuminant of the same CCT (Planckian radiator below 5000 K, CIE daylight
above), compared in CIE 1964 U*V*W* after a von Kries adaptation in CIE 1960 uv;
``R_i = 100 - 4.6 Delta E_i`` and ``Ra`` is the mean of R1-R8.  Computed by
``colour.colour_rendering_index(sd, additional_data=True)`` (colour-science, method
"CIE 1995"), which works on 360-780 nm at 1 nm and finds the CCT with Robertson (1968).

The CRI is defined for sources close to the Planckian locus; CIE 13.3 and CIE 015:2018
sec. 9.5 give it no meaning for strongly coloured light.  :class:`CRIResult` carries
the source's CCT and Duv (Ohno 2013, :func:`peled.color.cct.cct_duv`); ``valid`` is
False (and ``cct_k`` None) when abs(Duv) > :data:`CRI_DUV_LIMIT`.  The CRI numbers are
still returned (they are what the CIE 13.3 procedure gives) so a caller can show them
with a warning.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from peled.color.cct import cct_duv
from peled.color.tristimulus import XYZ_to_xy, _require_spectrum, spectrum_to_XYZ
from peled.errors import PeledError, SpectrumError
from peled.spectra import Spectrum

__all__ = [
    "CRIResult",
    "CRI_DUV_LIMIT",
    "cri",
]

#: Largest abs(Duv) for which a CRI is meaningful: 0.05, the limit within which CIE 015:2018
#: sec. 9.5 and ANSI C78.377 allow a correlated colour temperature (CRI compares with a
#: reference illuminant *of the same CCT*).
CRI_DUV_LIMIT = 0.05

#: The 1-nm grid of colour-science's CRI (``colour.SPECTRAL_SHAPE_DEFAULT``, 360-780 nm).
_CRI_GRID_NM = np.arange(360.0, 781.0)


@dataclass(frozen=True)
class CRIResult:
    """CIE 13.3-1995 ``ra`` and ``ri`` (R1..R14), with the CCT/Duv of the source.

    ``valid`` is False when |``duv``| > :data:`CRI_DUV_LIMIT` (CRI not meaningful; then
    ``cct_k`` is None); ``duv`` is None only if no Duv can be computed at all.
    """

    ra: float
    ri: tuple[float, ...]
    cct_k: float | None = None
    duv: float | None = None
    valid: bool = True


def cri(spectrum: Spectrum) -> CRIResult:
    """CIE 13.3-1995 Ra and R1..R14 of ``spectrum`` (see module docstring).

    The spectrum is linearly interpolated onto 360-780 nm at 1 nm and is zero outside
    its measured range -- the same convention as :func:`peled.color.spectrum_to_XYZ`, so
    the CCT behind the CRI is the CCT peled reports for the spectrum.  (colour-science
    would instead extend a partial spectrum with its constant edge values, which turns a
    spectrum measured from, e.g., 450 nm with a non-zero edge into a different source.)
    For CIE F2 this gives Ra = 64.23 (CIE 13.3 tabulates 64).

    Parameters
    ----------
    spectrum : Spectrum
        Spectral power distribution of the test source (any scale), sampled inside
        360-780 nm.

    Returns
    -------
    CRIResult
        ``ra`` (general index Ra, 0-100), ``ri`` (special indices R1..R14), the CCT
        ``cct_k`` (K) and ``duv`` used to choose the reference illuminant, and ``valid``
        (False when abs(Duv) > :data:`CRI_DUV_LIMIT`, where no CCT and so no reference
        illuminant is defined).

    Raises
    ------
    SpectrumError
        If the spectrum has no visible content.

    References
    ----------
    CIE 13.3-1995, "Method of measuring and specifying colour rendering properties of
    light sources".

    Examples
    --------
    A Planckian radiator is its own reference illuminant, so every index is 100:

    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(360.0, 781.0)
    >>> planck = 1.0 / (wl**5 * (np.exp(1.4388e7 / (wl * 3000.0)) - 1.0))
    >>> r = cri(Spectrum(wl, planck))
    >>> round(r.ra, 1), round(r.cct_k), r.valid
    (100.0, 3000, True)
    """
    import colour

    s = _require_spectrum(spectrum)
    on_grid = s.resample(_CRI_GRID_NM)
    if not np.max(on_grid.intensity) > 0:
        raise SpectrumError(
            f"{s.name}: no intensity within 360-780 nm (measured "
            f"{s.wavelength_nm[0]:g}-{s.wavelength_nm[-1]:g} nm); CRI undefined"
        )
    with warnings.catch_warnings():
        # colour warns when the CCT is outside the range of its daylight formula; the
        # CCT/Duv validity below is the meaningful check.
        warnings.simplefilter("ignore")
        spec = colour.colour_rendering_index(
            on_grid.to_sd(), additional_data=True, method="CIE 1995"
        )
        try:
            cct_k, duv = cct_duv(XYZ_to_xy(spectrum_to_XYZ(on_grid)), method="ohno")
        except PeledError:
            cct_k, duv = None, None
    ri = tuple(float(spec.Q_as[i].Q_a) for i in range(1, 15))
    valid = duv is not None and abs(duv) <= CRI_DUV_LIMIT
    if not valid:
        cct_k = None  # no meaningful CCT off the Planckian locus (as in spectrum_color_summary)
    return CRIResult(ra=float(spec.Q_a), ri=ri, cct_k=cct_k, duv=duv, valid=valid)
