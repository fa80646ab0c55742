"""EQE budget: product rule, J -> n steady state, ABC roll-off, tandem (Jang et al. 2025 eqn 4)."""

import numpy as np
import pytest
from scipy import constants as sc

from peled.device.eqe_budget import (
    eqe,
    eqe_rolloff,
    eqe_tandem,
    generation_rate,
    steady_state_density,
)
from peled.emitter import abc_peak, plqy_abc
from peled.errors import ParameterError

# Jang et al. (2025) constants converted to SI: k2 1e-10 cm3/s = 1e-16 m3/s, k3 1e-28 cm6/s =
# 1e-40 m6/s
K1, K2, K3 = 1e6, 1e-16, 1e-40
D = 30e-9


def test_product_rule():
    assert float(eqe(0.9, 0.8, 0.25)) == pytest.approx(0.18)
    assert np.allclose(eqe(1.0, np.array([0.5, 1.0]), 0.2), [0.1, 0.2])


def test_generation_rate():
    # 10 mA/cm^2 = 100 A/m^2 into 30 nm: G = 100 / (e * 30e-9)
    assert float(generation_rate(100.0, D)) == pytest.approx(100 / (sc.e * D))
    assert float(generation_rate(100.0, D, 0.5)) == pytest.approx(50 / (sc.e * D))


def test_steady_state_density_inverts_the_rate_equation():
    n_true = np.logspace(18, 25, 15)  # m^-3
    g = K1 * n_true + K2 * n_true**2 + K3 * n_true**3
    assert np.allclose(steady_state_density(g, K1, K2, K3), n_true, rtol=1e-10)
    assert float(steady_state_density(0.0, K1, K2, K3)) == 0.0
    # only k2: n = sqrt(G/k2)
    assert float(steady_state_density(4e30, 0.0, K2, 0.0)) == pytest.approx(np.sqrt(4e30 / K2))


def test_rolloff_peaks_at_sqrt_k1_over_k3():
    n_peak = abc_peak(K1, K2, K3).n_peak  # 1e23 m^-3 = 1e17 cm^-3
    j_peak = sc.e * D * (K1 * n_peak + K2 * n_peak**2 + K3 * n_peak**3)
    j = j_peak * np.logspace(-3, 3, 601)
    e, n = eqe_rolloff(j, D, K1, K2, K3, charge_balance=1.0, outcoupling=0.2)
    assert j[np.argmax(e)] == pytest.approx(j_peak, rel=0.03)
    assert e.max() == pytest.approx(0.2 * 0.8333333, rel=1e-4)
    assert np.allclose(e, 0.2 * plqy_abc(n, K1, K2, K3))


def test_tandem_jang_2025_eqn4():
    assert eqe_tandem([0.2, 0.2], 1.0) == pytest.approx(0.4)
    assert eqe_tandem([0.2, 0.25], 0.9) == pytest.approx(0.405)
    with pytest.raises(ParameterError, match="charge_generation_efficiency"):
        eqe_tandem([0.2, 0.2], 1.2)
    with pytest.raises(ParameterError, match="at least two"):
        eqe_tandem([0.2], 1.0)


def test_errors():
    with pytest.raises(ParameterError, match="outcoupling"):
        eqe(1.0, 0.5, 1.5)
    with pytest.raises(ParameterError, match="thickness_m"):
        generation_rate(10.0, 0.0)
    with pytest.raises(ParameterError, match="current density"):
        generation_rate(-1.0, D)
    with pytest.raises(ParameterError, match="all recombination constants"):
        steady_state_density(1.0, 0.0, 0.0, 0.0)
    with pytest.raises(ParameterError, match=r"^k1 must be finite and >= 0, got -1\.0$"):
        steady_state_density(1.0, -1.0, 0.0, 1e-40)
    with pytest.raises(ParameterError, match=r"^k2 must be finite and >= 0, got nan$"):
        steady_state_density(1.0, 1e6, float("nan"), 1e-40)
