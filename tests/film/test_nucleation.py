"""Classical nucleation theory (Cao et al., Chem. Sci. (2025) eqns 1-2) against analytic results."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.constants import k as K_B
from scipy.optimize import minimize_scalar

from peled.errors import ParameterError
from peled.film.nucleation import (
    critical_cluster_size,
    critical_radius,
    critical_supersaturation,
    gibbs_free_energy,
    heterogeneous_factor,
    nucleation_barrier,
    nucleation_prefactor,
    nucleation_rate,
    volume_free_energy,
    zeldovich_factor,
)

V_M = (5.874e-10) ** 3  # CsPbBr3 cubic cell (Stoumpos 2013)


def _argmax_dg(s, t, gamma, v):
    """Numerical maximiser of Delta G(r) (independent of the closed form)."""
    r_guess = 2 * gamma * v / (K_B * t * np.log(s))
    res = minimize_scalar(
        lambda r: -gibbs_free_energy(r, s, t, gamma, v),
        bounds=(1e-3 * r_guess, 10 * r_guess),
        method="bounded",
        options={"xatol": 1e-8 * r_guess},
    )
    return res.x, -res.fun


def test_volume_free_energy_is_eqn2():
    # Delta G_v = -kT ln S / V: at S = e it is exactly -kT / V
    assert volume_free_energy(np.e, 300.0, V_M) == pytest.approx(-K_B * 300.0 / V_M, rel=1e-12)
    assert volume_free_energy(1.0, 300.0, V_M) == 0.0


def test_gibbs_free_energy_is_eqn1_sum_of_surface_and_volume_terms():
    r, s, t, g = 2e-9, 3.0, 300.0, 0.05
    expected = 4 * np.pi * r**2 * g + 4 / 3 * np.pi * r**3 * (-K_B * t * np.log(s) / V_M)
    assert gibbs_free_energy(r, s, t, g, V_M) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("s", "t", "gamma"), [(1.5, 300.0, 0.02), (2.0, 300.0, 0.1), (10.0, 350.0, 0.05)]
)
def test_critical_radius_is_maximum_of_delta_g_and_barrier_formula(s, t, gamma):
    r_num, dg_max = _argmax_dg(s, t, gamma, V_M)
    assert critical_radius(s, t, gamma, V_M) == pytest.approx(r_num, rel=1e-6)
    barrier = 16 * np.pi * gamma**3 * V_M**2 / (3 * (K_B * t * np.log(s)) ** 2)
    assert nucleation_barrier(s, t, gamma, V_M) == pytest.approx(barrier, rel=1e-12)
    assert dg_max == pytest.approx(barrier, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    s=st.floats(1.05, 100.0),
    t=st.floats(250.0, 450.0),
    gamma=st.floats(0.005, 0.3),
)
def test_property_r_star_maximises_delta_g(s, t, gamma):
    r = critical_radius(s, t, gamma, V_M)
    dg = gibbs_free_energy(r * np.array([0.99, 1.0, 1.01]), s, t, gamma, V_M)
    assert dg[1] > dg[0] and dg[1] > dg[2]
    assert dg[1] == pytest.approx(nucleation_barrier(s, t, gamma, V_M), rel=1e-10)


def test_vectorised_over_s_t_gamma():
    s = np.array([1.5, 2.0, 4.0])[:, None, None]
    t = np.array([280.0, 320.0])[None, :, None]
    g = np.array([0.02, 0.05])[None, None, :]
    r = critical_radius(s, t, g, V_M)
    w = nucleation_barrier(s, t, g, V_M)
    assert r.shape == w.shape == (3, 2, 2)
    assert r[1, 0, 1] == pytest.approx(critical_radius(2.0, 280.0, 0.05, V_M))
    j = nucleation_rate(s, t, g, V_M, 1e26, 5e-10)
    assert j.shape == (3, 2, 2)


@pytest.mark.parametrize(
    ("theta", "expected"), [(180.0, 1.0), (90.0, 0.5), (0.0, 0.0), (60.0, 0.15625)]
)
def test_heterogeneous_factor_spherical_cap(theta, expected):
    # (2 + cos)(1 - cos)^2 / 4: 60 deg -> 2.5 * 0.25 / 4 = 0.15625
    assert heterogeneous_factor(theta) == pytest.approx(expected, abs=1e-15)


def test_heterogeneous_barrier_scales_by_f():
    w_hom = nucleation_barrier(3.0, 300.0, 0.03, V_M)
    w_het = nucleation_barrier(3.0, 300.0, 0.03, V_M, contact_angle_deg=90.0)
    assert w_het == pytest.approx(0.5 * w_hom, rel=1e-12)


def test_zeldovich_factor_equals_curvature_of_delta_g_in_cluster_size():
    # z = sqrt(-d2 DG/dn2 / (2 pi kT)) at n*, with DG(n) from eqn (1) and r = (3 n v / 4 pi)^(1/3)
    s, t, g = 3.0, 300.0, 0.03
    n_star = critical_cluster_size(s, t, g, V_M)

    def dg_n(n):
        return gibbs_free_energy((3 * n * V_M / (4 * np.pi)) ** (1 / 3), s, t, g, V_M)

    h = 1e-3 * n_star
    d2 = (dg_n(n_star + h) - 2 * dg_n(n_star) + dg_n(n_star - h)) / h**2
    z_num = np.sqrt(-d2 / (2 * np.pi * K_B * t))
    assert zeldovich_factor(s, t, g, V_M) == pytest.approx(z_num, rel=1e-5)


def test_rate_is_prefactor_times_boltzmann_factor_of_barrier():
    s, t, g, ce, d = 4.0, 300.0, 0.02, 1.8e26, 2e-10
    j = nucleation_rate(s, t, g, V_M, ce, d)
    j0 = nucleation_prefactor(s, t, g, V_M, ce, d)
    assert j == pytest.approx(j0 * np.exp(-nucleation_barrier(s, t, g, V_M) / (K_B * t)))
    # J0 = z * 4 pi D r* C1 * C1 with C1 = S c_e (module docstring)
    c1 = s * ce
    expected_j0 = zeldovich_factor(s, t, g, V_M) * 4 * np.pi * d * critical_radius(s, t, g, V_M)
    assert j0 == pytest.approx(expected_j0 * c1 * c1, rel=1e-12)


def test_critical_supersaturation_inverts_the_rate():
    args = (300.0, 0.02, V_M, 1.8e26, 2e-10)
    s_c = critical_supersaturation(1e15, *args)
    assert nucleation_rate(s_c, *args) == pytest.approx(1e15, rel=1e-8)
    assert critical_supersaturation(1e18, *args) > s_c


@pytest.mark.parametrize("bad_s", [1.0, 0.5, -2.0, np.nan])
def test_supersaturation_not_above_one_is_an_error(bad_s):
    with pytest.raises(ParameterError, match="supersaturation"):
        critical_radius(bad_s, 300.0, 0.02, V_M)


def test_bad_parameters_name_the_parameter():
    with pytest.raises(ParameterError, match="surface_energy_j_m2"):
        nucleation_barrier(2.0, 300.0, -0.1, V_M)
    with pytest.raises(ParameterError, match="temperature_k"):
        critical_radius(2.0, 0.0, 0.02, V_M)
    with pytest.raises(ParameterError, match="contact_angle_deg"):
        heterogeneous_factor(200.0)


def test_shared_validators_messages_and_scalar_returns():
    # peled.validation messages: "<name> must be finite and > 0, got <value>"
    with pytest.raises(ParameterError, match=r"^surface_energy_j_m2 must be finite and > 0, got"):
        critical_radius(2.0, 300.0, np.array([0.02, -0.1]), V_M)
    with pytest.raises(ParameterError, match="radius_m must be finite and >= 0"):
        gibbs_free_energy(np.nan, 2.0, 300.0, 0.02, V_M)
    with pytest.raises(ParameterError, match="prefactor_scale"):
        nucleation_rate(2.0, 300.0, 0.02, V_M, 1e26, 5e-10, prefactor_scale=-1.0)
    # scalar in -> Python float out (peled broadcasting convention)
    assert type(critical_radius(2.0, 300.0, 0.02, V_M)) is float
    assert type(nucleation_barrier(2.0, 300.0, 0.02, V_M)) is float
    assert type(heterogeneous_factor(90.0)) is float
