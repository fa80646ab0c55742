"""Pixelation loss models and the dead-edge fit to the laser-patterned series (Zhao et al. 2025)."""

import numpy as np
import pytest

from peled.display.geometry import pitch_um_from_ppi
from peled.display.pixelation import (
    LASER_PATTERNED_RGB_SERIES,
    DeadEdgeFit,
    EdgeFitError,
    EdgeRecombinationFit,
    eqe_dead_edge,
    eqe_edge_recombination,
)
from peled.errors import ParameterError


def _zhao_2025():
    p, y, g = [], [], []
    for colour, row in LASER_PATTERNED_RGB_SERIES.items():
        p += [pitch_um_from_ppi(q) for q in row["ppi"]]
        y += list(row["eqe_pct"])
        g += [colour] * 3
    return np.array(p), np.array(y), g


def test_zhao_2025_series_transcribed():
    # Zhao et al. (2025) text: EQE falls from ~21 % at 2,000 PPI to ~11 % at 5,000 PPI (green)
    green = LASER_PATTERNED_RGB_SERIES["green"]
    assert green["ppi"] == (2000.0, 3000.0, 5000.0)
    assert green["eqe_pct"][0] == 21.0 and green["eqe_pct"][-1] == 11.0
    assert LASER_PATTERNED_RGB_SERIES["red"]["eqe_pct"] == (17.4, 16.0, 9.2)
    assert LASER_PATTERNED_RGB_SERIES["blue"]["eqe_pct"] == (6.6, 6.2, 3.2)


def test_dead_edge_model_hand_values():
    # a = 10 um, delta = 1 um: (1 - 0.2)^2 = 0.64
    assert eqe_dead_edge(10.0, 20.0, 1.0) == pytest.approx(12.8)
    # fill 0.25 halves the side: a = 5 -> (1 - 0.4)^2
    assert eqe_dead_edge(10.0, 20.0, 1.0, fill=0.25) == pytest.approx(20 * 0.36)
    assert eqe_dead_edge(1.5, 20.0, 1.0) == 0.0
    np.testing.assert_allclose(eqe_dead_edge([10, 20], 1.0, 0.0), [1, 1])


def test_edge_recombination_hand_values():
    # S = 1e3 cm/s, tau = 100 ns -> S tau = 1e-4 cm = 1 um; a = 4 um -> 1/(1 + 1)
    assert eqe_edge_recombination(4.0, 20.0, s_cm_s=1e3, tau_ns=100) == pytest.approx(10.0)
    assert eqe_edge_recombination(4.0, 20.0, 1.0) == pytest.approx(10.0)
    with pytest.raises(ParameterError, match="s_tau_um"):
        eqe_edge_recombination(4.0, 20.0)


def test_dead_edge_fit_recovers_synthetic_parameters():
    pitch = np.array([20.0, 12.7, 8.0, 5.08, 4.0])
    rng = np.random.default_rng(1)
    y = eqe_dead_edge(pitch, 25.0, 0.8) * (1 + 0.005 * rng.standard_normal(pitch.size))
    fit = DeadEdgeFit().fit(pitch, y)
    assert fit.delta_um_ == pytest.approx(0.8, abs=3 * fit.delta_stderr_um_ + 1e-3)
    assert fit.eqe_intrinsic_pct_[0] == pytest.approx(25.0, rel=0.02)
    exact = DeadEdgeFit().fit(pitch, eqe_dead_edge(pitch, 25.0, 0.8))
    assert exact.delta_um_ == pytest.approx(0.8, rel=1e-6)
    assert exact.delta_stderr_um_ < 1e-6


def test_recombination_fit_recovers_synthetic_parameters():
    pitch = np.array([20.0, 12.7, 8.0, 5.08, 4.0])
    fit = EdgeRecombinationFit().fit(pitch, eqe_edge_recombination(pitch, 30.0, 1.5))
    assert fit.s_tau_um_ == pytest.approx(1.5, rel=1e-6)
    assert fit.eqe_intrinsic_pct_[0] == pytest.approx(30.0, rel=1e-6)


def test_zhao_2025_laser_series_colour_independent_delta_of_about_1um():
    p, y, g = _zhao_2025()
    joint = DeadEdgeFit().fit(p, y, g)
    assert joint.groups_ == ("red", "green", "blue")
    assert 0.8 < joint.delta_um_ < 1.3
    assert joint.delta_stderr_um_ < 0.2
    per = {}
    for colour in joint.groups_:
        sel = np.array([lab == colour for lab in g])
        f = DeadEdgeFit().fit(p[sel], y[sel])
        per[colour] = (f.delta_um_, f.delta_stderr_um_)
        assert 0.8 < f.delta_um_ < 1.3
        # each colour agrees with the shared delta within 2 standard errors
        assert abs(f.delta_um_ - joint.delta_um_) < 2 * f.delta_stderr_um_
    # intrinsic (unpatterned) EQE above every measured pixelated value
    for k, colour in enumerate(joint.groups_):
        assert joint.eqe_intrinsic_pct_[k] > max(LASER_PATTERNED_RGB_SERIES[colour]["eqe_pct"])
    # the relative loss 2,000 -> 5,000 PPI is reproduced within 10 % for each colour
    for colour in joint.groups_:
        e = LASER_PATTERNED_RGB_SERIES[colour]["eqe_pct"]
        model = joint.predict([p[0], p[2]], colour)
        assert model[1] / model[0] == pytest.approx(e[2] / e[0], rel=0.1)


def test_dead_edge_describes_zhao_2025_better_than_edge_recombination():
    p, y, g = _zhao_2025()
    de = DeadEdgeFit().fit(p, y, g)
    er = EdgeRecombinationFit().fit(p, y, g)
    assert de.residual_rms_rel_ < er.residual_rms_rel_


def test_prediction_with_delta_method_uncertainty():
    p, y, g = _zhao_2025()
    fit = DeadEdgeFit().fit(p, y, g)
    value, err = fit.predict_ppi(4000.0, "green")
    assert value == pytest.approx(fit.predict(pitch_um_from_ppi(4000.0), "green"))
    assert 11.0 < value < 19.4  # between the 3,000 and 5,000 PPI measurements
    # delta method vs a finite-difference gradient of the same model
    theta = fit._theta.copy()
    a = pitch_um_from_ppi(4000.0)
    h = 1e-6
    g_d = (eqe_dead_edge(a, theta[2], theta[0] + h) - eqe_dead_edge(a, theta[2], theta[0] - h)) / (
        2 * h)
    g_e = (eqe_dead_edge(a, theta[2] + h, theta[0]) - eqe_dead_edge(a, theta[2] - h, theta[0])) / (
        2 * h)
    grad = np.array([g_d, g_e])
    cov = fit.covariance_[np.ix_([0, 2], [0, 2])]
    assert err == pytest.approx(float(np.sqrt(grad @ cov @ grad)), rel=1e-5)
    assert err > 0


@pytest.mark.parametrize(
    "pitch, eqe, group, err, match",
    [
        ([10, 5], [20, 10], None, EdgeFitError, "cannot determine"),
        ([10, 10, 10], [20, 19, 18], None, EdgeFitError, "distinct pitches"),
        ([10, 5, 3], [20, -1, 10], None, ParameterError, "eqe_pct"),
        ([10, 5, 3], [20, 10], None, EdgeFitError, "equal length"),
        ([10, 5, 3], [20, 10, 5], ["a", "b"], EdgeFitError, "labels"),
    ],
)
def test_fit_errors(pitch, eqe, group, err, match):
    with pytest.raises(err, match=match):
        DeadEdgeFit().fit(pitch, eqe, group)


def test_predict_before_fit_and_unknown_group():
    with pytest.raises(EdgeFitError, match="not fitted"):
        DeadEdgeFit().predict(5.0)
    p, y, g = _zhao_2025()
    fit = DeadEdgeFit().fit(p, y, g)
    with pytest.raises(ParameterError, match="unknown group"):
        fit.predict(5.0, "yellow")
