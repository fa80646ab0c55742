"""White mixing: target chromaticity, photon/energy bookkeeping, colour filters."""

import colour
import numpy as np
import pytest

import peled.color as pc
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, Spectrum, gaussian

BLUE, GREEN, RED = (450.0, 20.0), (530.0, 20.0, 0.9), (630.0, 25.0, 0.8)


def test_converter_white_hits_target_xy_and_d65_default():
    w = pc.white_from_converters(BLUE, GREEN, RED, target_xy=(0.3127, 0.3290))
    assert w.x == pytest.approx(0.3127, abs=1e-4)
    assert w.y == pytest.approx(0.3290, abs=1e-4)
    np.testing.assert_allclose(pc.xy(w.spectrum), [w.x, w.y], atol=1e-12)
    d = pc.white_from_converters(BLUE, GREEN, RED)
    assert (d.x, d.y) == pytest.approx((w.x, w.y), abs=1e-12)
    assert sum(w.weights.values()) == pytest.approx(1.0, abs=1e-12)
    assert w.ler_lm_per_w == pytest.approx(pc.luminous_efficacy_of_radiation(w.spectrum))
    assert w.ra == pytest.approx(pc.cri(w.spectrum).ra)


def test_converter_white_on_planckian_locus():
    w = pc.white_from_converters(BLUE, GREEN, RED, target_cct_k=6500.0)
    assert w.cct_k == pytest.approx(6500.0, abs=0.5)
    assert abs(w.duv) < 1e-5
    np.testing.assert_allclose([w.x, w.y], pc.planckian_xy(6500.0), atol=1e-4)


def test_photon_bookkeeping_stokes_factor():
    # Gaussians in wavelength centred on grid points have photon-weighted mean wavelength
    # equal to the peak, so each converter photon carries hc/peak:
    #   P_g / P_b = a_g PLQY_g / (1 - a_g - a_r) * lambda_b / lambda_g
    #   output power per W of blue = (1 - a_g - a_r) + sum_i a_i PLQY_i lambda_b / lambda_i
    w = pc.white_from_converters(BLUE, GREEN, RED, target_cct_k=5000.0)
    a_g, a_r = w.absorbed_fraction["green"], w.absorbed_fraction["red"]
    t = 1.0 - a_g - a_r
    assert 0 < a_g < 1 and 0 < a_r < 1 and t > 0
    p = w.weights
    assert p["green"] / p["blue"] == pytest.approx(a_g * 0.9 / t * 450.0 / 530.0, rel=1e-10)
    assert p["red"] / p["blue"] == pytest.approx(a_r * 0.8 / t * 450.0 / 630.0, rel=1e-10)
    eff = t + a_g * 0.9 * 450.0 / 530.0 + a_r * 0.8 * 450.0 / 630.0
    assert w.radiant_efficiency == pytest.approx(eff, rel=1e-10)
    assert np.sum(w.spectrum.intensity) == pytest.approx(eff, rel=1e-10)  # 1-nm rectangle rule
    e = pc.mean_photon_energy_j(gaussian(530.0, 20.0))
    assert e == pytest.approx(6.62607015e-34 * 299792458.0 / 530e-9, rel=1e-12)


def test_emitted_photon_ratios_do_not_depend_on_plqy():
    hi = pc.white_from_converters(BLUE, GREEN, RED, target_cct_k=6500.0)
    lo = pc.white_from_converters(BLUE, (530.0, 20.0, 0.45), RED, target_cct_k=6500.0)

    def green_per_blue(w, qy):
        a = w.absorbed_fraction
        return a["green"] * qy / (1.0 - a["green"] - a["red"])

    assert green_per_blue(lo, 0.45) == pytest.approx(green_per_blue(hi, 0.9), rel=1e-10)
    assert lo.absorbed_fraction["green"] > hi.absorbed_fraction["green"]
    assert lo.weights == pytest.approx(hi.weights, rel=1e-10)  # same white spectrum shape


@pytest.mark.filterwarnings("ignore::colour.utilities.ColourRuntimeWarning")
def test_rgb_white_weights_against_colour_tristimulus():
    w = pc.white_from_rgb((630.0, 20.0), (532.0, 20.0), (467.0, 20.0), target_xy=(0.3127, 0.3290))
    assert (w.x, w.y) == pytest.approx((0.3127, 0.3290), abs=1e-4)
    assert w.absorbed_fraction is None
    # independent check: sum_i weight_i * XYZ_i(unit power) from colour.sd_to_XYZ is D65
    total = np.zeros(3)
    for name, peak in (("red", 630.0), ("green", 532.0), ("blue", 467.0)):
        y = gaussian(peak, 20.0)
        sd = Spectrum(DEFAULT_GRID_NM, y / y.sum()).to_sd()
        total += w.weights[name] * colour.sd_to_XYZ(sd, k=683)
    np.testing.assert_allclose(colour.XYZ_to_xy(total), [0.3127, 0.3290], atol=1e-9)


def test_default_box_filters_and_user_filters_agree():
    w = pc.white_from_rgb(target_xy=(0.3127, 0.3290))
    assert w.filter_edges_nm == pytest.approx((499.5, 581.0), abs=0.01)  # midpoints, equal FWHM
    boxes = pc.box_filters(w.filter_edges_nm)
    filters = [Spectrum(DEFAULT_GRID_NM, t, name=n) for n, t in zip("bgr", boxes, strict=True)]
    u = pc.white_from_rgb(target_xy=(0.3127, 0.3290), filters=filters)
    np.testing.assert_allclose(u.primaries_xy, w.primaries_xy, atol=1e-12)
    assert u.gamut["coverage_pct"]["rec2020"] == pytest.approx(w.gamut["coverage_pct"]["rec2020"])
    # filtered primaries are slightly desaturated versus the pure 630/532/467 nm lines
    assert 90.0 < w.gamut["coverage_pct"]["rec2020"] < 99.85


def test_white_errors():
    with pytest.raises(ParameterError, match="unreachable"):
        pc.white_from_converters(BLUE, GREEN, RED, target_xy=(0.08, 0.50))
    with pytest.raises(ParameterError, match="not both"):
        pc.white_from_rgb(target_xy=(0.31, 0.33), target_cct_k=6500.0)
    with pytest.raises(ParameterError, match="plqy"):
        pc.white_from_converters(BLUE, (530.0, 20.0, 1.2), RED)
    with pytest.raises(ParameterError, match="target_cct_k"):
        pc.white_from_converters(target_cct_k=500.0)
    with pytest.raises(ParameterError, match=r"green must be \(peak_nm, fwhm_nm, plqy\)"):
        pc.white_from_converters(BLUE, (530.0, 20.0), RED)
    too_bright = Spectrum(DEFAULT_GRID_NM, np.full(471, 1.5), name="f")
    with pytest.raises(ParameterError, match="transmission must lie in"):
        pc.white_from_rgb(filters=[too_bright] * 3)


def test_component_order_is_checked():
    with pytest.raises(ParameterError, match="blue < green < red"):
        pc.white_from_rgb(red=(530.0, 20.0), green=(630.0, 20.0))
