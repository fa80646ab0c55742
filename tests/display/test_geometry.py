"""PPI, pitch, the Zhao et al. (2025) image method, sub-pixel layouts and sidewall scaling."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.display.geometry import (
    panel_size_in,
    perimeter_to_area_per_um,
    pitch_um_from_ppi,
    ppi_from_diagonal_count,
    ppi_from_image,
    ppi_from_pitch_um,
    ppi_from_resolution,
    ppi_from_size,
    relative_sidewall_area,
    sidewall_area_ratio,
    subpixel_layout,
)
from peled.errors import ParameterError


def test_4k_at_0p7_inch():
    # hand calculation: sqrt(3840^2 + 2160^2) = sqrt(19,411,200) = 4405.814 px; / 0.7 in
    assert ppi_from_resolution(3840, 2160, 0.7) == pytest.approx(6294.02, abs=0.01)
    assert pitch_um_from_ppi(6294.02) == pytest.approx(4.0356, abs=1e-4)


def test_8k_and_4k_consumer_panels():
    # widely quoted pixel densities: 65-in 8K TV 135.6 PPI, 27-in 4K monitor 163.2 PPI
    assert ppi_from_resolution(7680, 4320, 65.0) == pytest.approx(135.56, abs=0.01)
    assert ppi_from_resolution(3840, 2160, 27.0) == pytest.approx(163.18, abs=0.01)
    # 8K microdisplay at 0.7 in: sqrt(7680^2 + 4320^2) = 8811.63 px / 0.7 in = 12,588.04 PPI
    assert ppi_from_resolution(7680, 4320, 0.7) == pytest.approx(12588.04, abs=0.01)
    assert pitch_um_from_ppi(12588.04) == pytest.approx(2.0178, abs=1e-4)
    # 8K is 2x the 4K density at the same diagonal
    assert ppi_from_resolution(7680, 4320, 1.0) == pytest.approx(
        2 * ppi_from_resolution(3840, 2160, 1.0))


def test_ppi_from_physical_size_matches_diagonal_form():
    w, h = panel_size_in(0.7, (16, 9))
    assert math.hypot(w, h) == pytest.approx(0.7)
    assert w / h == pytest.approx(16 / 9)
    assert ppi_from_size(3840, 2160, w, h) == pytest.approx(ppi_from_resolution(3840, 2160, 0.7))
    # non-square pixels: eqn (1) as printed, hand value sqrt(1000^2+1000^2)/sqrt(1^2+2^2)
    assert ppi_from_size(1000, 1000, 1.0, 2.0) == pytest.approx(math.sqrt(2e6) / math.sqrt(5))


def test_pitch_at_3000_ppi():
    assert pitch_um_from_ppi(3000) == pytest.approx(8.47, abs=0.005)
    assert pitch_um_from_ppi(3000) == pytest.approx(25400 / 3000)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1.0, max_value=1e5))
def test_pitch_ppi_round_trip(ppi):
    assert ppi_from_pitch_um(pitch_um_from_ppi(ppi)) == pytest.approx(ppi, rel=1e-12)


def _count_on_diagonal(pitch_um: float, n_side: int) -> tuple[int, float]:
    """Synthetic micrograph: pixel centres of a square grid; count those on the diagonal."""
    i, j = np.meshgrid(np.arange(n_side), np.arange(n_side))
    cx, cy = (i + 0.5) * pitch_um, (j + 0.5) * pitch_um
    on_diag = np.abs(cx - cy) < 1e-9 * pitch_um
    side = n_side * pitch_um
    return int(on_diag.sum()), side * math.sqrt(2.0)


def test_image_method_sqrt2_pitfall():
    pitch = pitch_um_from_ppi(3000.0)
    n, diag = _count_on_diagonal(pitch, 100)
    assert n == 100
    # the Zhao et al. (2025) formula with N = pixel points on the diagonal is low by sqrt(2)
    literal = ppi_from_diagonal_count(n, diag)
    assert literal == pytest.approx(3000.0 / math.sqrt(2.0), rel=1e-12)
    assert 3000.0 / literal == pytest.approx(math.sqrt(2.0))
    # the explicit conventions recover the true density
    assert ppi_from_image(n, diag, "on_diagonal") == pytest.approx(3000.0, rel=1e-12)
    assert ppi_from_image(math.hypot(n, n), diag, "diagonal_count") == pytest.approx(3000.0)
    assert ppi_from_image(n, diag / math.sqrt(2.0), "along_side") == pytest.approx(3000.0)
    # eqn (1) on the same square area agrees with the diagonal-count convention
    assert ppi_from_size(100, 100, diag / math.sqrt(2) / 25400, diag / math.sqrt(2) / 25400) \
        == pytest.approx(3000.0)
    with pytest.raises(ParameterError, match="counting"):
        ppi_from_image(n, diag, "corners")


def test_sidewall_scaling_reproduces_zhao_2025_fig5c():
    rel = relative_sidewall_area([1, 100, 1000, 10000], ppi_ref=1, thickness_nm=50)
    np.testing.assert_allclose(rel, [1, 100, 1000, 10000], rtol=1e-12)
    # thickness and fill cancel in the ratio
    np.testing.assert_allclose(
        relative_sidewall_area([100, 10000], thickness_nm=20, fill=0.3), [100, 10000], rtol=1e-12)


def test_sidewall_absolute_and_perimeter_to_area_hand_values():
    # 1000 PPI: pitch 25.4 um; 4 t / p = 4 * 0.05 / 25.4
    assert sidewall_area_ratio(1000, 50) == pytest.approx(4 * 0.05 / 25.4)
    # fill 0.25: side p/2 -> sidewall 4 (p/2) t per p^2 = 2 t / p
    assert sidewall_area_ratio(1000, 50, 0.25) == pytest.approx(2 * 0.05 / 25.4)
    assert perimeter_to_area_per_um(1000) == pytest.approx(4 / 25.4)
    assert perimeter_to_area_per_um(1000, 0.25) == pytest.approx(4 / 12.7)


def test_subpixel_layouts_fill_and_aperture():
    s = subpixel_layout("stripe", 30.0)
    np.testing.assert_allclose(s.fill, [1 / 3] * 3)
    assert s.aperture_ratio == pytest.approx(1.0)
    g = subpixel_layout("stripe", 30.0, 2.0)
    assert g.area_um2[1] == pytest.approx(8.0 * 28.0)
    assert g.aperture_ratio == pytest.approx(3 * 224 / 900)
    p = subpixel_layout("pentile", 30.0)
    np.testing.assert_allclose(p.fill, [0.25, 0.5, 0.25])
    assert p.area_um2[0] == pytest.approx(450.0)
    pg = subpixel_layout("pentile", 30.0, 2.0)
    assert pg.aperture_ratio == pytest.approx((1 - math.sqrt(2) * 2 / 30) ** 2)
    m = subpixel_layout("mono", 10.0, 1.0)
    assert m.fill[0] == pytest.approx(0.81)
    # PenTile keeps more aperture than stripe at the same pitch and gap
    assert pg.aperture_ratio > g.aperture_ratio


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ppi_from_resolution(3840, 2160, 0.0), "diagonal_in"),
        (lambda: ppi_from_resolution(3840, -1, 0.7), "height_px"),
        (lambda: pitch_um_from_ppi(0), "ppi"),
        (lambda: subpixel_layout("stripe", 8.0, 3.0), "no emissive area"),
        (lambda: subpixel_layout("delta", 8.0), "layout"),
        (lambda: sidewall_area_ratio(100, 50, fill=1.5), "fill"),
        (lambda: relative_sidewall_area(100, thickness_nm=0), "thickness_nm"),
    ],
)
def test_bad_geometry_inputs(call, match):
    with pytest.raises(ParameterError, match=match):
        call()
