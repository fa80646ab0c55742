"""spectrum_color_summary: every key against colour-science or a closed form."""

import colour
import numpy as np
import pytest
from scipy import constants

from peled.color.summary import spectrum_color_summary
from peled.spectra import Spectrum, line_spectrum

HC_EV_NM = constants.h * constants.c / constants.e * 1e9  # E[eV] = 1239.84 / lambda[nm]


@pytest.mark.filterwarnings("ignore")
def test_summary_of_gaussian_line_against_colour_and_closed_forms():
    s = line_spectrum(532.0, 20.0)
    out = spectrum_color_summary(s)
    ref_xy = colour.XYZ_to_xy(colour.sd_to_XYZ(s.to_sd()))
    assert (out["x"], out["y"]) == pytest.approx(tuple(ref_xy), abs=1e-12)
    assert (out["u_prime"], out["v_prime"]) == pytest.approx(
        tuple(colour.xy_to_Luv_uv(ref_xy)), abs=1e-12
    )
    # a Gaussian in wavelength crosses half maximum at peak -+ FWHM/2 (522 and 542 nm)
    assert out["peak_nm"] == pytest.approx(532.0, abs=1e-9)
    assert out["fwhm_nm"] == pytest.approx(20.0, abs=0.01)
    assert out["peak_ev"] == pytest.approx(HC_EV_NM / 532.0, rel=1e-12)  # 2.3305 eV
    assert out["fwhm_ev"] == pytest.approx(HC_EV_NM / 522.0 - HC_EV_NM / 542.0, rel=1e-3)
    assert out["ler_lm_per_w"] == pytest.approx(colour.luminous_efficacy(s.to_sd()), rel=1e-12)
    e = np.array([1 / 3, 1 / 3])
    cmfs = colour.MSDS_CMFS["CIE 1931 2 Degree Standard Observer"]
    assert out["dominant_wavelength_nm"] == pytest.approx(
        float(colour.dominant_wavelength(ref_xy, e, cmfs)[0]), abs=0.5
    )
    assert out["purity_pct"] == pytest.approx(
        100 * colour.excitation_purity(ref_xy, e, cmfs), abs=0.05
    )
    assert out["cct_k"] is None and out["duv"] > 0.05 and out["notes"] == []


@pytest.mark.filterwarnings("ignore")
def test_flat_spectrum_has_null_fwhm_with_a_note_but_full_colorimetry():
    # An equal-energy spectrum over 360-780 nm is illuminant E: x = y = 1/3, CCT 5455 K
    # (CIE 015:2018); its intensity never falls below half maximum, so no FWHM.
    wl = np.arange(360.0, 781.0)
    flat = Spectrum(wl, np.ones_like(wl), name="flat")
    out = spectrum_color_summary(flat)
    ref_xy = colour.XYZ_to_xy(colour.sd_to_XYZ(flat.to_sd()))
    assert (out["x"], out["y"]) == pytest.approx(tuple(ref_xy), abs=1e-12)
    # E is (1/3, 1/3) over the full 360-830 nm CMF range; 360-780 nm is within 5e-5
    assert (out["x"], out["y"]) == pytest.approx((1 / 3, 1 / 3), abs=5e-5)
    assert out["cct_k"] == pytest.approx(5455.0, abs=2.0)
    assert out["fwhm_nm"] is None and out["fwhm_ev"] is None
    assert len(out["notes"]) == 1 and "flat: intensity never falls below half" in out["notes"][0]


def test_stimulus_at_the_white_point_has_null_dominant_wavelength():
    s = line_spectrum(580.0, 120.0)
    white = tuple(spectrum_color_summary(s)[k] for k in ("x", "y"))
    out = spectrum_color_summary(s, white=white)
    assert out["dominant_wavelength_nm"] is None and out["purity_pct"] is None
    assert "coincides with the white point" in out["notes"][0]
