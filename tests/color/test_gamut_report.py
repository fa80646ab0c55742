"""gamut_report and the vectorised luminous efficacy against colour-science."""

import colour
import numpy as np
import pytest

from peled.color import STANDARD_PRIMARIES, gamut_report, luminous_efficacy
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, gaussian, line_spectrum


def test_standard_primaries_cover_themselves():
    out = gamut_report(STANDARD_PRIMARIES["dci_p3"]).as_dict()
    assert out["area_ratio_pct"]["dci_p3"] == pytest.approx(100.0, rel=1e-12)
    assert out["coverage_pct"]["dci_p3"] == pytest.approx(100.0, rel=1e-12)
    with pytest.raises(ParameterError, match="exactly one"):
        gamut_report()


def test_lines_and_spectra_give_the_same_primaries():
    peaks = [630.0, 532.0, 467.0]
    by_lines = gamut_report(line_peaks_nm=peaks, line_fwhm_nm=[20.0]).primaries_xy
    by_spectra = gamut_report(spectra=[line_spectrum(p, 20.0) for p in peaks]).primaries_xy
    assert np.allclose(by_lines, by_spectra, atol=1e-9)


def test_batch_luminous_efficacy_equals_colour_science():
    lines = gaussian(np.array([460.0, 530.0, 620.0]), np.array([20.0, 25.0, 30.0]),
                     DEFAULT_GRID_NM)
    got = luminous_efficacy(lines, DEFAULT_GRID_NM)
    for row, value in zip(lines, got, strict=True):
        sd = colour.SpectralDistribution(dict(zip(DEFAULT_GRID_NM, row, strict=True)))
        assert value == pytest.approx(colour.luminous_efficacy(sd), rel=1e-9)
