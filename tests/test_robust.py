"""The robust noise scale shared by measure and characterize (1.4826 MAD)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import median_abs_deviation, norm

from peled.robust import MAD_TO_SIGMA, mad_sigma


def test_factor_is_the_gaussian_consistency_constant():
    """1 / Phi^-1(3/4) = 1.482602..., rounded to 1.4826 as Rousseeuw & Croux (1993) write it."""
    assert MAD_TO_SIGMA == pytest.approx(1.0 / norm.ppf(0.75), rel=2e-6)


def test_equals_scipy_normal_scaled_mad_and_recovers_sigma():
    rng = np.random.default_rng(4)
    x = 2.5 + 0.7 * rng.standard_normal(20001)
    ref = median_abs_deviation(x, scale="normal")  # an independent implementation
    assert mad_sigma(x) == pytest.approx(ref, rel=2e-6)
    assert mad_sigma(x) == pytest.approx(0.7, rel=0.03)
    # 5 % gross outliers barely move it (the sample standard deviation triples)
    y = x.copy()
    y[:1000] = 1e3
    assert mad_sigma(y) == pytest.approx(0.7, rel=0.1) and np.std(y) > 100


def test_center_and_degenerate_input():
    assert mad_sigma([1.0, -1.0, 3.0], center=0.0) == pytest.approx(1.4826)
    assert np.isnan(mad_sigma([])) and np.isnan(mad_sigma([1.0, np.nan, 2.0]))
    assert mad_sigma([2.0, 2.0, 2.0]) == 0.0
