"""EQE / CE / PE / photon-flux physics against analytic results and Cao et al. (2025)."""

import math

import colour
import numpy as np
import pytest
from scipy import constants
from scipy.optimize import brentq

from peled.measure.eqe import (
    angular_factor,
    current_efficiency_cd_a,
    eqe_from_luminance,
    eqe_from_photocurrent,
    eqe_from_radiance,
    eqe_per_current_efficiency,
    geometry_factor_coaxial,
    luminance_from_photocurrent,
    photon_flux_from_luminance,
    photons_per_joule,
    power_efficacy_lm_w,
    responsivity_effective,
)
from peled.spectra import Spectrum, line_spectrum

H, C, E = constants.h, constants.c, constants.e
FINE = np.arange(540.0, 570.0, 0.01)


def narrow(peak_nm: float) -> Spectrum:
    """A 0.2 nm wide line: monochromatic to 1e-5 for these integrals."""
    return line_spectrum(peak_nm, 0.2, "gaussian", FINE)


def v_lambda(wl_nm: float) -> float:
    sd = colour.colorimetry.SDS_LEFS_PHOTOPIC["CIE 1924 Photopic Standard Observer"]
    return float(sd[wl_nm])


def test_photons_per_joule_of_a_line_is_lambda_over_hc():
    assert photons_per_joule(narrow(555.0)) == pytest.approx(555e-9 / (H * C), rel=1e-6)


def test_eqe_per_ce_monochromatic_555_nm_is_analytic():
    # EQE/CE = pi e lambda / (h c K_m V(lambda)); V(555 nm) = 1 (CIE 1924 via colour-science)
    expected = math.pi * E * 555e-9 / (H * C * 683.0 * v_lambda(555.0))
    assert expected == pytest.approx(2.059e-3, rel=1e-3)
    assert eqe_per_current_efficiency(narrow(555.0)) == pytest.approx(expected, rel=2e-5)


def test_eqe_from_luminance_and_photon_flux():
    s = narrow(555.0)
    j = 10.0  # A/m2 = 1 mA/cm2
    lum = 1000.0
    flux = math.pi * lum / (683.0 * v_lambda(555.0)) * 555e-9 / (H * C)
    assert photon_flux_from_luminance(lum, s) == pytest.approx(flux, rel=2e-5)
    assert eqe_from_luminance(j, lum, s) == pytest.approx(flux * E / j, rel=2e-5)
    # broadcasting, NaN where J <= 0
    out = eqe_from_luminance(np.array([j, 0.0, -1.0]), np.array([lum, 1.0, 1.0]), s)
    assert np.isfinite(out[0]) and np.isnan(out[1:]).all()


def test_cao_2025_eqe_ce_pair_is_consistent_for_green_lambertian_emitter():
    """Cao et al., Chem. Sci. (2025), line 151: CsPbBr3 PeLEDs of Kim et al. with
    "a CE_max of 94.64 cd A-1 and an EQE_max of 22.93%".

    Under the Lambertian assumption the pair is reproduced exactly by a Gaussian EL
    spectrum peaking at 527.45 nm with FWHM 20 nm (a monochromatic line: 525.80 nm),
    i.e. by a typical green CsPbBr3 emitter; 94.64 cd/A x EQE-per-CE is within 4 % of
    22.93 % anywhere in 524-532 nm, while a 515 nm emitter would disagree by 31 %.
    """
    ce, eqe_pct = 94.64, 22.93

    def mismatch(peak, fwhm):
        return ce * eqe_per_current_efficiency(line_spectrum(peak, fwhm)) * 100 - eqe_pct

    peak20 = brentq(lambda p: mismatch(p, 20.0), 505, 545)
    assert peak20 == pytest.approx(527.45, abs=0.05)
    mono = brentq(lambda p: ce * eqe_per_current_efficiency(
        line_spectrum(p, 0.2, "gaussian", np.arange(500, 560, 0.01))) * 100 - eqe_pct, 510, 545)
    assert mono == pytest.approx(525.80, abs=0.05)
    for peak in (524.0, 527.5, 532.0):
        assert abs(mismatch(peak, 20.0) / eqe_pct) < 0.10
    assert mismatch(515.0, 20.0) / eqe_pct == pytest.approx(0.307, abs=0.01)


def test_ce_and_power_efficacy_lambertian():
    # L = 1000 cd/m2 at J = 1 mA/cm2 = 10 A/m2 and 3 V: CE = 100 cd/A, PE = pi CE / V
    assert current_efficiency_cd_a(1000.0, 10.0) == pytest.approx(100.0)
    assert power_efficacy_lm_w(1000.0, 10.0, 3.0) == pytest.approx(math.pi * 100.0 / 3.0)
    assert power_efficacy_lm_w(1000.0, 10.0, 3.0, angular_factor=1.2) == pytest.approx(
        1.2 * math.pi * 100.0 / 3.0
    )
    assert np.isnan(current_efficiency_cd_a(1.0, 0.0))


def test_eqe_from_radiance_is_photometry_free():
    s = narrow(555.0)
    rad, j = 2.0, 50.0
    expected = E * math.pi * rad * 555e-9 / (H * C) / j
    assert eqe_from_radiance(j, rad, s) == pytest.approx(expected, rel=1e-6)
    # NIR line (no visible content): radiance still gives the EQE
    nir = line_spectrum(800.0, 0.5, "gaussian", np.arange(790.0, 810.0, 0.01))
    assert eqe_from_radiance(j, rad, nir) == pytest.approx(
        E * math.pi * rad * 800e-9 / (H * C) / j, rel=1e-6
    )


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (lambda th: np.cos(th), 1.0),  # Lambertian
        (lambda th: np.ones_like(th), 2.0),  # isotropic intensity: 2 int sin = 2
        (lambda th: np.cos(th) ** 2, 2.0 / 3.0),  # 2 int cos^2 sin = 2/3
    ],
)
def test_angular_factor_analytic(profile, expected):
    ang = np.linspace(0.0, 90.0, 181)
    f = angular_factor(ang, profile(np.radians(ang)))
    assert f == pytest.approx(expected, rel=1e-4)


def test_angular_factor_truncated_profile_continues_lambertian():
    ang = np.linspace(0.0, 60.0, 61)
    assert angular_factor(ang, np.cos(np.radians(ang))) == pytest.approx(1.0, rel=1e-4)


def test_geometry_factor_coaxial_disk():
    assert geometry_factor_coaxial(10.0, 10.0) == pytest.approx(0.5)
    assert geometry_factor_coaxial(5.0, 50.0) == pytest.approx(25.0 / 2525.0)


def test_photodiode_chain_matches_luminance_chain():
    s = line_spectrum(520.0, 20.0)
    area = 4e-6  # 4 mm2
    lum, j = 500.0, 20.0
    ler = colour.luminous_efficacy(s.to_sd())  # colour-science, independent of peled.color
    power = math.pi * lum / ler * area  # Lambertian exitance x area
    g, r = geometry_factor_coaxial(5.0, 30.0), 0.25
    i_pd = g * r * power
    assert luminance_from_photocurrent(i_pd, area, s, r, g) == pytest.approx(lum, rel=1e-3)
    assert eqe_from_photocurrent(j, i_pd, area, s, r, g) == pytest.approx(
        float(eqe_from_luminance(j, lum, s)), rel=1e-3
    )


def test_responsivity_effective_weighting_and_coverage():
    s = line_spectrum(520.0, 20.0)
    wl = np.array([300.0, 1100.0])
    # linear R(lambda) -> spectrum-weighted mean of a linear function = R(centroid)
    r = np.array([0.1, 0.5])
    centroid = np.trapezoid(s.intensity * s.wavelength_nm, s.wavelength_nm) / np.trapezoid(
        s.intensity, s.wavelength_nm
    )
    expected = 0.1 + 0.4 * (centroid - 300.0) / 800.0
    assert responsivity_effective(s, wl, r) == pytest.approx(expected, rel=1e-9)
    from peled.errors import ParameterError

    with pytest.raises(ParameterError, match="does not cover"):
        responsivity_effective(s, np.array([530.0, 900.0]), np.array([0.2, 0.3]))
