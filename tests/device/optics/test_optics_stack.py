"""Optics of stack files: agreement with `tmm`, nk_file tables, mode fractions."""

from __future__ import annotations

import numpy as np
import pytest
import tmm

from peled.device.optics import (
    SUBSTRATE_THICKNESS_NM,
    dipole_outcoupling,
    dipole_power,
    emission_spectrum,
    outcoupling,
    reflectance_transmittance,
    stack_media,
)
from peled.errors import ParameterError
from peled.io_nk import read_nk_files
from peled.io_stack import example_stack_path, load_stack
from peled.spectra import gaussian

FRACTIONS = ("eta_out", "fraction_substrate", "fraction_waveguide", "fraction_spp",
             "fraction_absorbed", "fraction_far_side")


@pytest.fixture(scope="module")
def green():
    return load_stack(example_stack_path("green_cspbbr3"))


@pytest.mark.parametrize("pol", ["s", "p"])
def test_stack_rt_agrees_with_tmm_incoherent_substrate(green, pol):
    """Air | thick glass (incoherent) | coherent stack | air, against `tmm.inc_tmm`."""
    wl = np.array([450.0, 520.0, 650.0])
    names, res = reflectance_transmittance(green, wl, [0.0, 35.0], pol)
    _, n, d = stack_media(green, wl)
    for i, w in enumerate(wl):
        for j, ang in enumerate([0.0, 35.0]):
            n_list = [1.0, *n[:, i]]
            d_list = [np.inf, SUBSTRATE_THICKNESS_NM, *d, np.inf]
            c_list = ["i", "i"] + ["c"] * len(d) + ["i"]
            ref = tmm.inc_tmm(pol, n_list, d_list, c_list, np.deg2rad(ang), w)
            assert res.reflectance[i, j] == pytest.approx(ref["R"], abs=1e-9)
            assert res.transmittance[i, j] == pytest.approx(ref["T"], abs=1e-9)
            absorbed = tmm.inc_absorp_in_each_layer(ref)
            np.testing.assert_allclose(res.absorptance[1:-1, i, j], absorbed[1:-1], atol=1e-9)
    assert names[0] == "air:incident" and names[-1] == "air:exit"
    assert names[2:-1] == tuple(layer.name for layer in green.layers)


def test_example_stacks_outcoupling_is_physical():
    """Planar bottom-emitting PeLEDs: eta_out between 10 and 35 % (the 20-30 % cap of
    planar devices discussed by Jang et al., Adv. Mater. (2025), and Zhao et al.,
    Commun. Mater. (2025)); fractions sum to 1; almost nothing crosses 100 nm Al."""
    for name in ("green_cspbbr3", "red_cspbi3", "skyblue_quasi2d"):
        stack = load_stack(example_stack_path(name))
        res = outcoupling(stack, [stack.optics.emission_peak_nm])
        assert 0.10 < res.eta_out[0] < 0.35, name
        assert sum(getattr(res, k)[0] for k in FRACTIONS) == pytest.approx(1.0, abs=1e-9)
        assert res.fraction_far_side[0] < 1e-6
        assert 0.5 < res.purcell_factor[0] < 2.0


def test_adapter_builds_the_documented_media(green):
    names, n, d = stack_media(green, [520.0])
    direct = dipole_outcoupling(n, d, 4, 12.5, [520.0], outer_index=1.0, n_u=800)
    via = outcoupling(green, [520.0], 12.5, n_u=800)
    assert via.eta_out[0] == direct.eta_out[0]
    assert names[4] == "CsPbBr3"
    # stack gives constants for ITO; the shipped glass is the N-BK7 Sellmeier fit
    assert n[1, 0] == complex(1.9, 0.01)
    assert n[0, 0].real == pytest.approx(1.5202, abs=1e-4)


def _write_stack(tmp_path, text):
    path = tmp_path / "stack.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_nk_file_and_shipped_table(tmp_path, green):
    text = example_stack_path("green_cspbbr3").read_text(encoding="utf-8")
    (tmp_path / "tpbi.csv").write_text(
        "wavelength_nm,n,k\n400,1.7,0\n800,1.7,0\n", encoding="utf-8"
    )
    marker = 'name = "TPBi"'
    start = text.index(marker)
    block_end = text.index("[[layer]]", start)
    block = text[start:block_end]
    new_block = block.replace("n = 1.7 ", 'nk_file = "tpbi.csv" #').replace("k = 0.0 ", "#")
    edited = text.replace(block, new_block)
    edited = edited.replace("n = 0.96                       # assumption: Al near 520 nm, "
                            "n about 0.9-1.0", 'nk = "Al"').replace(
        "k = 6.3                        # assumption: Al near 520 nm, k about 6.2-6.4", "")
    stack = load_stack(_write_stack(tmp_path, edited))
    tables = read_nk_files(stack)
    assert list(tables) == ["tpbi.csv"]
    _, n, _ = stack_media(stack, [520.0], tables)
    _, n_ref, _ = stack_media(green, [520.0])
    assert n[5, 0] == n_ref[5, 0]  # TPBi from the file equals the constant
    assert n[7, 0] == pytest.approx(complex(0.84, 6.13), abs=0.01)  # Rakic Al at 520 nm
    with pytest.raises(ParameterError, match="nk_file 'tpbi.csv' was not loaded"):
        stack_media(stack, [520.0])
    with pytest.raises(ParameterError, match="valid for 400-800 nm"):
        stack_media(stack, [900.0], tables)


def test_emission_spectrum_weights_and_batch_consistency(green):
    """The spectrally averaged eta is sum(s eta F)/sum(s F) with s the stack's Gaussian;
    the wavelength batch equals single-wavelength runs (exactly for the power spectrum on
    the same nodes; to the quadrature accuracy for the integrals, whose node allocation
    per segment follows the batch-mean segment lengths)."""
    wl = np.linspace(496.0, 536.0, 9)
    spec = emission_spectrum(green, wl, n_u=800)
    _, n, d = stack_media(green, wl)
    u = np.linspace(0.01, 4.0, 300)
    batch_power = dipole_power(n, d, 4, 20.0, wl, u)
    for i in (0, 4, 8):
        one = dipole_power(n[:, i : i + 1], d, 4, 20.0, wl[i : i + 1], u)
        np.testing.assert_allclose(one.total[:, 0], batch_power.total[:, i], rtol=1e-12)
        np.testing.assert_allclose(one.absorbed[:, :, 0], batch_power.absorbed[:, :, i],
                                   rtol=1e-12, atol=1e-15)
    batch = outcoupling(green, wl, n_u=800)
    for i in (0, 4, 8):
        res = outcoupling(green, [wl[i]], n_u=800)
        assert res.eta_out[0] == pytest.approx(batch.eta_out[i], rel=2e-3)
        assert res.purcell_factor[0] == pytest.approx(batch.purcell_factor[i], rel=2e-3)
    s = gaussian(green.optics.emission_peak_nm, green.optics.emission_fwhm_nm, wl)
    f = batch.purcell_factor
    assert spec.eta_out_spectral == pytest.approx(
        np.sum(s * batch.eta_out * f) / np.sum(s * f), rel=1e-12
    )
    np.testing.assert_allclose(spec.intrinsic, s)


def test_bottom_emitter_on_glass_is_close_to_lambertian(green):
    """A planar bottom emitter through thick glass radiates close to a Lambertian
    (cos theta) profile; the weak microcavity of a ~100 nm organic/perovskite stack bends
    it by a few per cent (Brütting et al., Phys. Status Solidi A 210, 44 (2013), sec. 4)."""
    spec = emission_spectrum(green, n_u=800)
    theta = np.deg2rad(spec.angle_deg)
    upto60 = spec.angle_deg <= 60
    np.testing.assert_allclose(spec.angular_profile[upto60], np.cos(theta[upto60]), atol=0.05)
