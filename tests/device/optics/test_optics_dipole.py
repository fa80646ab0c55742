"""Dipole emission: bulk rate, image-dipole mirror limit, ray-optics escape cone, balance."""

from __future__ import annotations

import numpy as np
import pytest
import tmm
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.device.optics import (
    dipole_outcoupling,
    dipole_power,
    isotropic_escape_cone,
    mirror_image_purcell,
    u_quadrature,
)
from peled.errors import ParameterError

FRACTIONS = (
    "eta_out",
    "fraction_substrate",
    "fraction_waveguide",
    "fraction_spp",
    "fraction_absorbed",
    "fraction_far_side",
)

# A green PeLED-like stack: glass | ITO | PEDOT:PSS | poly-TPD | CsPbBr3 | TPBi | LiF | Al | air
PELED_N = [1.52, 1.85 + 0.01j, 1.50 + 0.005j, 1.65, 2.30 + 0.03j, 1.70, 1.39, 0.96 + 6.69j, 1.0]
PELED_D = [150.0, 40.0, 30.0, 40.0, 40.0, 1.0, 100.0]


def test_homogeneous_medium_gives_bulk_rate_for_every_orientation():
    """Infinite medium: K_v = 3/2 u^3/w, K_h = 3/4 u (w + 1/w), int K du = 1 (CPS 1978)."""
    u, wt = u_quadrature([[0.0, 0.4, 1.0, 2.5]], 300)
    p = dipole_power([1.7, 1.7, 1.7], [120.0], 1, 37.0, [600.0], u)
    w = np.sqrt(1 - u[0, u[0] < 1] ** 2)
    inside = u[0] < 1
    np.testing.assert_allclose(p.total[0, 0, inside], 1.5 * u[0, inside] ** 3 / w, rtol=1e-12)
    np.testing.assert_allclose(
        p.total[1, 0, inside] + p.total[2, 0, inside],
        0.75 * u[0, inside] * (w + 1 / w),
        rtol=1e-12,
    )
    assert np.all(np.abs(p.total[:, 0, ~inside]) < 1e-12)
    rates = (p.total * wt).sum(axis=-1)[:, 0]
    np.testing.assert_allclose([rates[0], rates[1] + rates[2]], 1.0, rtol=1e-12)
    res = dipole_outcoupling([1.7, 1.7, 1.7], [120.0], 1, 37.0, [600.0], n_u=300)
    assert res.purcell_factor[0] == pytest.approx(1.0, abs=1e-12)
    assert res.eta_out[0] == pytest.approx(0.5, abs=1e-12)
    assert res.fraction_far_side[0] == pytest.approx(0.5, abs=1e-12)


@pytest.mark.parametrize("distance_nm", [40.0, 125.0, 250.0, 400.0])
def test_perfect_mirror_matches_image_dipole_theory(distance_nm):
    """Near-perfect conductor (n = 1e4 i): Morawitz (1969) / CPS (1978) image-dipole rates."""
    wl = 1000.0
    u, wt = u_quadrature([[0.0, 1.0, 1.2, 8.0]], 3000)
    p = dipole_power([1e-3 + 1e4j, 1.0, 1.0], [2000.0], 1, distance_nm, [wl], u)
    rates = (p.total * wt).sum(axis=-1)[:, 0]
    f_perp, f_par = mirror_image_purcell(distance_nm, wl)
    assert rates[0] == pytest.approx(f_perp, rel=2e-3)
    assert rates[1] + rates[2] == pytest.approx(f_par, rel=2e-3)


def test_image_dipole_formula_limits():
    """At contact the vertical rate doubles and the horizontal one vanishes."""
    f_perp, f_par = mirror_image_purcell(1e-3, 500.0)
    assert f_perp == pytest.approx(2.0, abs=1e-6)
    assert f_par == pytest.approx(0.0, abs=1e-6)


def test_far_dipole_reaches_ray_optics_escape_cone():
    """Dipole 20 um below a flat n = 1.8 / air face, no cavity: the wave result equals the
    ray-optics integral of the unpolarised Fresnel transmittance over the escape cone."""
    ne = 1.8
    res = dipole_outcoupling([1.0, ne, ne], [40000.0], 1, 20000.0, [500.0], n_u=4000)
    expected = isotropic_escape_cone(ne)
    assert res.eta_out[0] == pytest.approx(expected, rel=1e-5)
    assert res.purcell_factor[0] == pytest.approx(1.0, abs=1e-5)
    # Classic approximations it refines: (1 - cos theta_c)/2 without Fresnel loss.
    assert isotropic_escape_cone(ne, fresnel=False) == pytest.approx(
        (1 - np.sqrt(1 - 1 / ne**2)) / 2, rel=1e-12
    )
    assert 0.8 / (4 * ne**2) < expected < 1 / (4 * ne**2) * 1.1


def test_escape_cone_through_thick_glass():
    """Glass substrate treated incoherently: a dipole far inside index-matched glass sees
    only the glass/air face, so eta_out equals the same ray-optics escape cone."""
    res = dipole_outcoupling(
        [1.5, 1.5, 1.5], [40000.0], 1, 20000.0, [500.0], outer_index=1.0, n_u=4000
    )
    # Half of the power goes into the far half-space; the other half hits glass/air.
    assert res.fraction_far_side[0] == pytest.approx(0.5, abs=1e-9)
    # Reflected cone power returns into the (transparent) device, not back: no recycling.
    assert res.eta_out[0] == pytest.approx(isotropic_escape_cone(1.5), rel=1e-5)
    assert res.fraction_substrate[0] == pytest.approx(
        0.5 - (1 - np.sqrt(1 - 1 / 1.5**2)) / 2, rel=1e-5
    )


@st.composite
def lossy_stacks(draw):
    n_layers = draw(st.integers(1, 4))
    emitter = draw(st.integers(1, n_layers))
    n = [complex(draw(st.floats(1.0, 1.6)))]
    for i in range(1, n_layers + 1):
        k = 0.0 if i == emitter else draw(st.floats(0.005, 3.0))
        n.append(complex(draw(st.floats(0.5, 2.6)), k))
    n.append(complex(draw(st.floats(1.0, 2.0)), draw(st.floats(0.0, 5.0))))
    d = [draw(st.floats(10.0, 200.0)) for _ in range(n_layers)]
    pos = draw(st.floats(0.1, 0.9)) * d[emitter - 1]
    return n, d, emitter, pos


@settings(max_examples=40, deadline=None)
@given(lossy_stacks(), st.floats(400.0, 800.0))
def test_power_balance_pointwise_in_u(stack, wavelength_nm):
    """Reflection-coefficient total K equals flux into both outer media plus absorption
    in every layer, for propagating and evanescent u (two independent formulas)."""
    n, d, emitter, pos = stack
    u = np.concatenate([np.linspace(0.01, 0.99, 40), np.linspace(1.01, 6.0, 60)])
    p = dipole_power(n, d, emitter, pos, [wavelength_nm], u)
    balance = p.to_first + p.to_last + p.absorbed.sum(axis=0)
    scale = np.abs(p.total).max() + 1.0
    np.testing.assert_allclose(balance, p.total, atol=1e-9 * scale)


@settings(max_examples=15, deadline=None)
@given(lossy_stacks(), st.floats(0.0, 1.0))
def test_fractions_sum_to_one(stack, vertical_fraction):
    n, d, emitter, pos = stack
    n[0] = complex(max(n[0].real, 1.2))
    res = dipole_outcoupling(
        n, d, emitter, pos, [520.0], outer_index=1.0, vertical_fraction=vertical_fraction,
        n_u=600,
    )
    total = sum(getattr(res, k)[0] for k in FRACTIONS)
    assert total == pytest.approx(1.0, abs=1e-9)
    assert all(getattr(res, k)[0] >= -1e-9 for k in FRACTIONS)  # the sum's tolerance


def test_peled_stack_fractions_and_angular_integral():
    """Typical bottom-emitting PeLED: 10-25 % out, Purcell near 1; the far field
    integrates to eta_out (2 pi int I sin dtheta)."""
    angles = np.linspace(0.0, 89.9, 900)
    res = dipole_outcoupling(
        PELED_N, PELED_D, 4, 20.0, [520.0], outer_index=1.0, n_u=3000, angle_deg=angles
    )
    assert 0.10 < res.eta_out[0] < 0.25
    total = sum(getattr(res, k)[0] for k in FRACTIONS)
    assert total == pytest.approx(1.0, abs=1e-9)
    th = np.deg2rad(angles)
    integral = np.trapezoid(2 * np.pi * np.sin(th) * res.radiant_intensity_per_sr[0], th)
    assert integral == pytest.approx(res.eta_out[0], rel=2e-3)
    # Same numbers with a coarser grid: the quadrature has converged.
    coarse = dipole_outcoupling(PELED_N, PELED_D, 4, 20.0, [520.0], outer_index=1.0, n_u=1500)
    assert coarse.eta_out[0] == pytest.approx(res.eta_out[0], rel=1e-3)


def test_spectrum_reshaping_is_identity_without_cavity():
    """Without interfaces every wavelength has F = 1 and the same eta: the outcoupled
    spectrum is the intrinsic one times 1/2."""
    wl = np.linspace(480.0, 560.0, 9)
    res = dipole_outcoupling([1.6, 1.6, 1.6], [100.0], 1, 50.0, wl, n_u=200)
    s = np.exp(-0.5 * ((wl - 520.0) / 10.0) ** 2)
    spec = res.spectrum(s)
    np.testing.assert_allclose(spec["into_outer"], 0.5 * s, rtol=1e-12)
    assert spec["eta_out_spectral"] == pytest.approx(0.5, abs=1e-12)


def test_bad_position_and_orientation():
    with pytest.raises(ParameterError, match="position_nm"):
        dipole_outcoupling(PELED_N, PELED_D, 4, 40.0, [520.0])
    with pytest.raises(ParameterError, match="vertical_fraction"):
        dipole_outcoupling(PELED_N, PELED_D, 4, 20.0, [520.0], vertical_fraction=1.5)
    with pytest.raises(ParameterError, match="outer_index"):
        dipole_outcoupling(PELED_N, PELED_D, 4, 20.0, [520.0], outer_index=1.7)


def test_position_scan_equals_single_positions():
    """A vectorised scan over dipole positions reproduces one call per position and
    shows the image-dipole oscillation of the rate near the Al cathode."""
    positions = np.array([5.0, 12.0, 20.0, 28.0, 35.0])
    scan = dipole_outcoupling(PELED_N, PELED_D, 4, positions, [520.0], outer_index=1.0,
                              n_u=1500)
    assert scan.eta_out.shape == (5, 1)
    for i in (0, 2, 4):
        # same quadrature: the u range follows the closest approach of the whole scan
        one = dipole_outcoupling(PELED_N, PELED_D, 4, positions[i], [520.0],
                                 outer_index=1.0, n_u=1500)
        assert one.eta_out[0] == pytest.approx(scan.eta_out[i, 0], rel=3e-3)
        assert one.purcell_factor[0] == pytest.approx(scan.purcell_factor[i, 0], rel=3e-3)
    totals = sum(getattr(scan, k) for k in FRACTIONS)
    np.testing.assert_allclose(totals, 1.0, atol=1e-9)
    data = scan.as_dict()
    assert data["position_nm"] == positions.tolist()
    assert len(data["eta_out"]) == 5 and len(data["angular_profile"]) == 5
    # Closer to the cathode (larger position) couples more to the metal (SPP/absorption).
    assert scan.fraction_spp[-1, 0] > scan.fraction_spp[0, 0]


@settings(max_examples=12, deadline=None)
@given(lossy_stacks(), st.floats(0.0, 1.0), st.floats(420.0, 750.0))
def test_far_field_obeys_reciprocity_with_tmm_plane_wave_fields(stack, a, wavelength_nm):
    """Lorentz reciprocity: the power per solid angle radiated into medium 0 by a unit
    dipole p, relative to its total power in the bulk emitter medium (F I(theta)), equals
    (3 / 8 pi) (n_0 / n_e) |p . E(z_0)|^2, where E is the field at the dipole of a unit
    plane wave incident from medium 0 at that angle, here computed
    by the `tmm` package (``position_resolved``); azimuthal averaging gives
    ``(1 - a)/2 (|E_y^s|^2 + |E_x^p|^2) + a |E_z^p|^2`` (Novotny & Hecht, *Principles
    of Nano-Optics*, 2nd ed. (2012), sec. on the reciprocity theorem)."""
    n, d, emitter, pos = stack
    n[0] = complex(n[0].real)
    angles = np.array([1.0, 20.0, 45.0, 70.0])
    res = dipole_outcoupling(n, d, emitter, pos, [wavelength_nm], vertical_fraction=a,
                             n_u=300, angle_deg=angles)
    lhs = res.radiant_intensity_per_sr[0] * res.purcell_factor[0]
    d_list = [np.inf, *d, np.inf]
    depth = sum(d[: emitter - 1]) + pos
    layer, z = tmm.find_in_structure_with_inf(d_list, depth)
    rhs = []
    for th in np.deg2rad(angles):
        fs = tmm.position_resolved(layer, z, tmm.coh_tmm("s", n, d_list, th, wavelength_nm))
        fp = tmm.position_resolved(layer, z, tmm.coh_tmm("p", n, d_list, th, wavelength_nm))
        s_term = (1 - a) / 2 * (abs(fs["Ey"]) ** 2 + abs(fp["Ex"]) ** 2) + a * abs(fp["Ez"]) ** 2
        rhs.append(3 / (8 * np.pi) * n[0].real / n[emitter].real * s_term)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-8, atol=1e-14)
