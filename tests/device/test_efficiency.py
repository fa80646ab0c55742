"""CE <-> EQE conversion against the closed form for a monochromatic Lambertian LED."""

import colour
import numpy as np
import pytest
from scipy import constants

from peled.device.efficiency import (
    current_efficiency_from_eqe,
    current_efficiency_per_eqe_cd_a,
    eqe_pct_from_current_efficiency,
    eqe_per_current_efficiency,
)
from peled.errors import ParameterError
from peled.literature.check import predicted_current_efficiency
from peled.spectra import DEFAULT_GRID_NM, gaussian, line_spectrum, mean_photon_energy_ev


def test_555nm_line_matches_closed_form():
    # EQE / CE = pi e lambda / (h c K_m) for a line at the peak of V (K = 683 lm/W)
    expected = np.pi * constants.e * 555e-9 / (constants.h * constants.c * 683.0)
    assert eqe_per_current_efficiency(line_spectrum(555.0, 0.2)) == pytest.approx(expected,
                                                                                  rel=1e-4)


def test_inverse_pair_and_angular_factor():
    s = line_spectrum(620.0, 25.0)
    ce = current_efficiency_from_eqe(12.0, s)
    assert eqe_pct_from_current_efficiency(ce, s) == pytest.approx(12.0, rel=1e-12)
    # twice the flux at equal on-axis luminance: half the CE for the same EQE
    assert current_efficiency_from_eqe(12.0, s, angular_factor=2.0) == pytest.approx(ce / 2)
    with pytest.raises(ParameterError):
        current_efficiency_from_eqe(-1.0, s)


def test_array_form_agrees_with_spectrum_form_and_colour_science():
    s = line_spectrum(530.0, 20.0)
    ler = colour.luminous_efficacy(s.to_sd())
    e_ev = float(mean_photon_energy_ev(gaussian(530.0, 20.0), DEFAULT_GRID_NM))
    per_eqe = float(current_efficiency_per_eqe_cd_a(ler, e_ev))
    assert per_eqe == pytest.approx(1.0 / eqe_per_current_efficiency(s), rel=1e-9)
    # the literature checker's vectorised prediction uses the same relation
    assert predicted_current_efficiency(100.0, 530.0, 20.0) == pytest.approx(per_eqe, rel=1e-9)


def test_stretched_exponential_is_the_fitted_ageing_law():
    from peled.device.lifetime import stretched_exponential
    from peled.measure.decay import StretchedExponentialDecay

    t = np.array([-1.0, 0.0, 50.0, 100.0, 400.0])
    assert np.array_equal(stretched_exponential(t, 100.0, 0.6),
                          StretchedExponentialDecay.model(t, 100.0, 0.6))
    assert stretched_exponential(100.0, 100.0, 0.6) == pytest.approx(np.exp(-1.0))
