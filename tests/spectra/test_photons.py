"""Photon counting of spectra against closed-form results (Planck-Einstein relation)."""

import numpy as np
import pytest
from scipy import constants

from peled.errors import SpectrumError
from peled.spectra import Spectrum, mean_photon_energy_ev, mean_photon_energy_j, photons_per_joule

HC = constants.h * constants.c


def test_flat_band_photons_per_joule_is_mean_wavelength_over_hc():
    # S = 1 on [500, 600] nm: int S l / (hc int S) = 550 nm / (h c) exactly (linear integrand)
    wl = np.linspace(500.0, 600.0, 101)
    s = Spectrum(wl, np.ones_like(wl))
    assert photons_per_joule(s) == pytest.approx(550e-9 / HC, rel=1e-12)


def test_mean_photon_energy_is_inverse_of_photons_per_joule_and_broadcasts():
    wl = np.linspace(400.0, 700.0, 301)
    spectra = np.stack([np.exp(-0.5 * ((wl - p) / 10.0) ** 2) for p in (450.0, 530.0, 630.0)])
    e_j = mean_photon_energy_j(spectra, wl)
    assert e_j.shape == (3,)
    for row, e in zip(spectra, e_j, strict=True):
        assert e * photons_per_joule(Spectrum(wl, row)) == pytest.approx(1.0, rel=1e-12)
    assert mean_photon_energy_ev(spectra, wl) == pytest.approx(e_j / constants.e, rel=1e-9)


def test_zero_spectrum_is_rejected():
    wl = np.linspace(400.0, 700.0, 31)
    with pytest.raises(SpectrumError, match="zero everywhere"):
        photons_per_joule(Spectrum(wl, np.zeros_like(wl), name="dark"))
