"""CIE 1995 colour rendering index: general index Ra and special indices R1-R14.

CIE 13.3-1995, "Method of measuring and specifying colour rendering properties of light
sources": the 14 test-colour samples (TCS01-TCS14) are rendered by the test source and by
a reference illuminant of the same CCT (Planckian radiator below 5000 K, CIE daylight
above), compared in CIE 1964 U*V*W* after a von Kries adaptation in CIE 1960 uv;
``R_i = 100 - 4.6 Delta E_i`` and ``Ra`` is the mean of R1-R8.  Computed by
``colour.colour_rendering_index(sd, additional_data=True)`` (colour-science, method
"CIE 1995").

The CRI is defined for sources close to the Planckian locus; CIE 13.3 and CIE 015:2018
sec. 9.5 give it no meaning for strongly coloured light (|Duv| > 0.05 is a common
practical limit), which peled does not enforce but callers should respect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.color.tristimulus import _require_spectrum
from peled.errors import SpectrumError
from peled.spectra import Spectrum


@dataclass(frozen=True)
class CRIResult:
    """CIE 13.3-1995 general colour rendering index ``ra`` and special indices ``ri`` (R1..R14)."""

    ra: float
    ri: tuple[float, ...]


def _one_nm_spectrum(s: Spectrum) -> Spectrum:
    """``s`` linearly interpolated onto integer nanometres inside its measured range."""
    grid = np.arange(np.ceil(s.wavelength_nm[0]), np.floor(s.wavelength_nm[-1]) + 1.0)
    if grid.size < 3:
        raise SpectrumError(f"{s.name}: spectrum spans less than 3 nm, cannot compute CRI")
    return s.resample(grid)


def cri(spectrum: Spectrum) -> CRIResult:
    """CIE 13.3-1995 Ra and R1..R14 of ``spectrum`` (see module docstring).

    The spectrum is first linearly interpolated onto integer nanometres inside its
    measured range (peled's interpolation convention; colour-science would otherwise
    apply Sprague interpolation to a coarse generic spectrum).  For line spectra such as
    CIE F2 this reproduces colour-science's own result, which uses linear interpolation
    for the fluorescent illuminants.
    """
    import colour

    s = _one_nm_spectrum(_require_spectrum(spectrum))
    if not np.max(s.intensity) > 0:
        raise SpectrumError(f"{s.name}: spectrum is zero everywhere, CRI undefined")
    spec = colour.colour_rendering_index(s.to_sd(), additional_data=True, method="CIE 1995")
    ri = tuple(float(spec.Q_as[i].Q_a) for i in range(1, 15))
    return CRIResult(ra=float(spec.Q_a), ri=ri)
