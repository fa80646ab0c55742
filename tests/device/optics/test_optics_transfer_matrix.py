"""Transfer-matrix R, T, A: energy conservation, Fresnel limits, agreement with `tmm`."""

from __future__ import annotations

import numpy as np
import pytest
import tmm
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from peled.device.optics import layer_fluxes, rt
from peled.errors import ParameterError

index = st.floats(1.0, 3.5)
extinction = st.one_of(st.just(0.0), st.floats(0.0, 2.0))


@st.composite
def stacks(draw, lossy=True):
    n_layers = draw(st.integers(0, 5))
    ambient = draw(index)
    inner = [
        complex(draw(index), draw(extinction) if lossy else 0.0) for _ in range(n_layers)
    ]
    exit_medium = complex(draw(index), draw(extinction) if lossy else 0.0)
    thickness = [draw(st.floats(1.0, 400.0)) for _ in range(n_layers)]
    return [complex(ambient)] + inner + [exit_medium], thickness


@settings(max_examples=120, deadline=None)
@given(stacks(), st.floats(300.0, 1000.0), st.floats(0.0, 89.0), st.sampled_from("sp"))
def test_agrees_with_tmm_package(stack, wavelength_nm, angle_deg, pol):
    """R, T and every layer's absorptance equal the `tmm` package (Byrnes) to 1e-9."""
    n, d = stack
    res = rt(n, d, [wavelength_nm], [angle_deg], pol)
    ref = tmm.coh_tmm(pol, n, [np.inf, *d, np.inf], np.deg2rad(angle_deg), wavelength_nm)
    absorbed = tmm.absorp_in_each_layer(ref)  # [R, A_1 .. A_{L-2}, T]
    assert res.reflectance[0, 0] == pytest.approx(ref["R"], abs=1e-9)
    assert res.transmittance[0, 0] == pytest.approx(ref["T"], abs=1e-9)
    np.testing.assert_allclose(res.absorptance[1:-1, 0, 0], absorbed[1:-1], atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(stacks(), st.floats(0.0, 89.0))
def test_energy_conservation_lossy_and_lossless(stack, angle_deg):
    n, d = stack
    res = rt(n, d, [450.0, 700.0], [angle_deg], "unpolarized")
    total = res.reflectance + res.transmittance + res.absorptance.sum(axis=0)
    np.testing.assert_allclose(total, 1.0, atol=1e-10)
    lossless = [complex(x.real) for x in n]
    res0 = rt(lossless, d, [450.0, 700.0], [angle_deg], "unpolarized")
    np.testing.assert_allclose(res0.reflectance + res0.transmittance, 1.0, atol=1e-10)
    np.testing.assert_allclose(res0.absorptance, 0.0, atol=1e-12)


def test_fresnel_single_interface_both_polarisations():
    """Born & Wolf (1999) sec. 1.5.2 eq. 21: r_s, r_p of air|glass; Brewster angle."""
    n1, n2 = 1.0, 1.5
    theta = np.deg2rad(np.array([0.0, 30.0, 60.0, np.rad2deg(np.arctan(1.5))]))
    cos_t = np.sqrt(1 - (n1 / n2 * np.sin(theta)) ** 2)
    rs = (n1 * np.cos(theta) - n2 * cos_t) / (n1 * np.cos(theta) + n2 * cos_t)
    rp = (n2 * np.cos(theta) - n1 * cos_t) / (n2 * np.cos(theta) + n1 * cos_t)
    deg = np.rad2deg(theta)
    s = rt([n1, n2], [], [600.0], deg, "s")
    p = rt([n1, n2], [], [600.0], deg, "p")
    np.testing.assert_allclose(s.reflectance[0], rs**2, atol=1e-14)
    np.testing.assert_allclose(p.reflectance[0], rp**2, atol=1e-14)
    assert p.reflectance[0, -1] == pytest.approx(0.0, abs=1e-15)  # Brewster
    assert s.reflectance[0, 0] == pytest.approx(0.04, abs=1e-15)


def test_total_internal_reflection_and_quarter_wave():
    res = rt([1.5, 1.0], [], [600.0], [45.0, 60.0], "unpolarized")  # beyond 41.8 deg
    np.testing.assert_allclose(res.reflectance, 1.0, atol=1e-14)
    # Quarter-wave antireflection: R = ((n0 ns - n1^2) / (n0 ns + n1^2))^2 (Macleod 2010).
    n1 = np.sqrt(1.52)
    ar = rt([1.0, n1, 1.52], [550.0 / 4 / n1], [550.0], [0.0], "s")
    assert ar.reflectance[0, 0] == pytest.approx(0.0, abs=1e-15)
    # Half-wave layer is absent: R equals the bare substrate.
    hw = rt([1.0, 2.0, 1.52], [550.0 / 2 / 2.0], [550.0], [0.0], "s")
    assert hw.reflectance[0, 0] == pytest.approx(((1 - 1.52) / 2.52) ** 2, abs=1e-14)


def test_thick_metal_is_opaque_and_beer_lambert_in_weak_absorber():
    res = rt([1.0, 0.96 + 6.69j, 1.0], [200.0], [550.0], [0.0], "s")
    assert res.transmittance[0, 0] < 1e-12
    # Index-matched weak absorber: T = exp(-4 pi k d / lambda) up to the interface
    # reflections |r|^2 ~ (k / 2n)^2 ~ 1e-5.
    k, d, wl = 0.01, 800.0, 500.0
    ba = rt([1.5, 1.5 + 1j * k, 1.5], [d], [wl], [0.0], "p")
    assert ba.transmittance[0, 0] == pytest.approx(np.exp(-4 * np.pi * k * d / wl), rel=1e-4)


@settings(max_examples=30, deadline=None)
@given(stacks(), st.floats(1.5, 3.0), st.floats(0.0, 1e-3), st.floats(0.0, 80.0),
       st.sampled_from("sp"))
def test_incoherent_substrate_agrees_with_tmm_inc(stack, n_sub, k_sub, angle_deg, pol):
    """A thick incoherent layer after the coherent stack: `tmm.inc_tmm` to 1e-9."""
    n, d = stack
    # layers: ambient | coherent ... | (former exit, finite 100 nm) | thick | air
    n_all = [*n[:-1], complex(n[-1].real, n[-1].imag), complex(n_sub, k_sub), 1.0]
    d_all = [*d, 100.0, 5.0e5]
    idx = len(n_all) - 2
    res = rt(n_all, d_all, [550.0], [angle_deg], pol, incoherent_layer=idx)
    total = res.reflectance + res.transmittance + res.absorptance.sum(axis=0)
    np.testing.assert_allclose(total, 1.0, atol=1e-10)
    c_list = ["i"] + ["c"] * (len(n_all) - 3) + ["i", "i"]
    with np.errstate(all="ignore"):
        ref = tmm.inc_tmm(pol, n_all, [np.inf, *d_all, np.inf], c_list,
                          np.deg2rad(angle_deg), 550.0)
    assume(np.isfinite(ref["R"]))  # tmm returns NaN when the thick layer is evanescent
    absorbed = tmm.inc_absorp_in_each_layer(ref)
    # the reference itself must conserve energy to 1e-10: behind frustrated total internal
    # reflection through several evanescent layers tmm's rounding reaches ~1e-9 (seen:
    # R = 1 + 1.1e-9 at 79 deg from n = 2)
    assume(abs(ref["R"] + ref["T"] + float(np.sum(absorbed[1:-1])) - 1.0) < 1e-10)
    assert res.reflectance[0, 0] == pytest.approx(ref["R"], abs=1e-9)
    assert res.transmittance[0, 0] == pytest.approx(ref["T"], abs=1e-9)
    np.testing.assert_allclose(res.absorptance[1:-1, 0, 0], absorbed[1:-1], atol=1e-9)


def test_incoherent_layer_beyond_its_critical_angle_is_opaque():
    """n = 2 ambient at 49 deg: evanescent in air and in the n = 1.5 thick layer, so R = 1."""
    res = rt([2.0, 1.0, 1.5, 1.0], [100.0, 5e5], [550.0], [49.0], "s", incoherent_layer=2)
    assert np.isfinite(res.reflectance[0, 0])
    assert res.reflectance[0, 0] == pytest.approx(1.0, abs=1e-6)


def test_vectorised_shapes_and_dispersive_index():
    wl = np.linspace(400, 800, 7)
    n = np.stack([np.ones(7), 1.5 + 0.01 * wl / 800, 2.0 + 0.0j * wl, np.full(7, 1.52)])
    res = rt(n, [100.0, 50.0], wl, np.arange(0, 90, 10.0), "unpolarized")
    assert res.reflectance.shape == (7, 9)
    assert res.absorptance.shape == (4, 7, 9)
    one = rt(n[:, 3], [100.0, 50.0], [wl[3]], [40.0], "unpolarized")
    assert one.reflectance[0, 0] == pytest.approx(res.reflectance[3, 4], abs=1e-15)


def test_evanescent_incidence_flux_is_finite():
    """An evanescent wave on a lossless half-space carries no net flux (frustrated TIR off)."""
    q = np.array([1j * 0.3, 1j * 0.5])
    r, fin, _ = layer_fluxes(q, np.zeros((0,)))
    assert fin[0] == pytest.approx(0.0, abs=1e-15)
    assert fin[1] == pytest.approx(0.0, abs=1e-15)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n=[1.0 + 0.1j, 1.5], thickness_nm=[], angle_deg=[0.0]), "ambient"),
        (dict(n=[1.0, 1.5], thickness_nm=[10.0], angle_deg=[0.0]), "thickness_nm needs 0"),
        (dict(n=[1.0, 1.5, 1.5], thickness_nm=[-1.0], angle_deg=[0.0]), "thickness_nm"),
        (dict(n=[1.0, 1.5], thickness_nm=[], angle_deg=[90.0]), "angle_deg"),
        (dict(n=[1.0, 1.5 - 0.1j], thickness_nm=[], angle_deg=[0.0]), "k >= 0"),
    ],
)
def test_bad_input_raises(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        rt(wavelength_nm=[500.0], **kwargs)
