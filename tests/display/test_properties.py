"""Hypothesis invariants: sidewall linearity, pixelation monotonicity, white balance, parser."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.cli.display import _resolution
from peled.color import STANDARD_PRIMARIES
from peled.display.geometry import relative_sidewall_area
from peled.display.panel import luminance_shares
from peled.display.pixelation import eqe_dead_edge, eqe_edge_recombination

PPI = st.floats(min_value=1.0, max_value=2e4)


@settings(max_examples=50, deadline=None)
@given(PPI, PPI, st.floats(1.0, 500.0), st.floats(0.05, 1.0))
def test_sidewall_ratio_is_ppi_ratio(a, b, t, f):
    assert relative_sidewall_area(a, b, t, f) == pytest.approx(a / b, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.5, 50.0), st.floats(0.5, 50.0), st.floats(0.0, 3.0))
def test_pixelation_loss_grows_as_pixels_shrink(p1, p2, d):
    small, large = sorted((p1, p2))
    assert eqe_dead_edge(small, 20.0, d) <= eqe_dead_edge(large, 20.0, d) <= 20.0
    assert eqe_edge_recombination(small, 20.0, d) <= eqe_edge_recombination(large, 20.0, d)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 0.95), st.floats(0.05, 0.95), st.floats(0.05, 0.95))
def test_white_inside_gamut_has_positive_shares_summing_to_one(a, b, c):
    # a barycentric white inside the Rec.2020 triangle (in XYZ it is a positive mix)
    p = STANDARD_PRIMARIES["rec2020"]
    w = np.array([a, b, c]) / (a + b + c)
    xyz = sum(k * np.array([x / y, 1.0, (1 - x - y) / y]) for k, (x, y) in zip(w, p,
                                                                                 strict=True))
    white = xyz[:2] / xyz.sum()
    s = luminance_shares(p, tuple(white))
    assert np.all(s > 0)
    assert s.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(s, w / w.sum(), rtol=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 100000), st.integers(1, 100000))
def test_resolution_parser_round_trip(w, h):
    assert _resolution(f"{w}x{h}") == (w, h)
    assert _resolution(f"{w} X {h}") == (w, h)
