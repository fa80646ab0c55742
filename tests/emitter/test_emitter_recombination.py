"""ABC and excitonic PLQY models: the constants of Jang et al. (2025) and analytic limits."""

import numpy as np
import pytest

from peled.emitter import (
    abc_peak,
    abc_rolloff_onset,
    channel_fractions,
    excitonic_rolloff_onset,
    plqy_abc,
    plqy_abc_excitonic,
    plqy_excitonic,
)
from peled.errors import ParameterError

K = dict(k1=1e6, k2=1e-10, k3=1e-28)  # Jang et al. (2025) sec. 2: typical bulk 3D constants


def test_jang_2025_abc_numbers():
    pk = abc_peak(**K)
    assert pk.n_peak == pytest.approx(np.sqrt(1e6 / 1e-28)) == pytest.approx(1e17)
    assert pk.plqy_max == pytest.approx(0.8333, abs=5e-5)
    assert float(plqy_abc(1e16, **K)) == pytest.approx(0.4975, abs=5e-5)
    pk7 = abc_peak(1e7, 1e-10, 1e-28)
    assert pk7.n_peak == pytest.approx(3.16e17, rel=1e-3)
    assert pk7.plqy_max == pytest.approx(0.6126, abs=5e-5)


def test_peak_is_the_numerical_maximum():
    n = np.logspace(14, 20, 200001)
    q = plqy_abc(n, **K)
    assert n[np.argmax(q)] == pytest.approx(1e17, rel=1e-3)
    assert q.max() == pytest.approx(abc_peak(**K).plqy_max, rel=1e-9)


def test_channel_fractions_sum_and_values():
    fr = channel_fractions(np.array([1e15, 1e16, 1e17]), **K)
    assert np.allclose(fr.mono + fr.bi + fr.auger, 1.0)
    # at n = 1e16: rates 1e22 : 1e22 : 1e20 -> 1/2.01, 1/2.01, 0.01/2.01
    assert fr.mono[1] == pytest.approx(1 / 2.01) and fr.auger[1] == pytest.approx(0.01 / 2.01)
    # the bimolecular fraction equals the ABC PLQY (only k2 is radiative, Jang et al. (2025) eqn 2)
    assert np.allclose(fr.bi, plqy_abc(np.array([1e15, 1e16, 1e17]), **K))


def test_excitonic_low_density_limit():
    # Jiang et al. (2024) eqn 8: PLQY -> k_ex/(k_ex + k_trap) when k_aug n << k_ex + k_trap
    assert float(plqy_excitonic(1e8, 2e7, 5e6, 1e-9)) == pytest.approx(0.8, rel=1e-8)
    n = np.logspace(10, 20, 11)
    q = plqy_excitonic(n, 2e7, 5e6, 1e-9)
    assert np.all(np.diff(q) <= 0)
    onset = excitonic_rolloff_onset(2e7, 5e6, 1e-9, drop=0.1)
    assert float(plqy_excitonic(onset, 2e7, 5e6, 1e-9)) == pytest.approx(0.9 * 0.8)


def test_jang_2025_eqn3_reduces_to_eqn2_and_excitonic():
    n = np.logspace(14, 19, 7)
    assert np.allclose(plqy_abc_excitonic(n, 0.0, 1e6, 1e-10, 1e-28), plqy_abc(n, **K))
    # k2 = 0, k3 n^2 -> excitonic with k_aug n: same expression
    assert np.allclose(
        plqy_abc_excitonic(n, 2e7, 5e6, 0.0, 1e-9 / n), plqy_excitonic(n, 2e7, 5e6, 1e-9)
    )


def test_abc_rolloff_onset():
    onset = abc_rolloff_onset(**K, drop=0.1)
    assert onset > 1e17
    assert float(plqy_abc(onset, **K)) == pytest.approx(0.9 * 0.8333333333, rel=1e-9)
    # worked by hand: q = 0.75 -> 0.75e-28 n^2 - 0.25e-10 n + 0.75e6 = 0 -> n = 3e17
    assert onset == pytest.approx(3e17, rel=1e-9)


def test_errors():
    with pytest.raises(ParameterError, match="k1"):
        plqy_abc(1e16, -1, 1e-10, 1e-28)
    with pytest.raises(ParameterError, match="must all be > 0"):
        abc_peak(1e6, 1e-10, 0.0)
    with pytest.raises(ParameterError, match="drop"):
        abc_rolloff_onset(**K, drop=1.5)
    with pytest.raises(ParameterError, match="total rate"):
        channel_fractions(0.0, **K)
