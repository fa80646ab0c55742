"""``sweep_voltages`` called directly: the grid it builds and its parameter errors."""

from __future__ import annotations

import numpy as np
import pytest

from peled.device.driftdiffusion.steady import sweep_voltages
from peled.errors import ParameterError


def test_sweep_grid_by_hand():
    # 0 -> 1 V in 0.3 V: 0, 0.3, 0.6, 0.9 and the shortened last step to 1.0
    np.testing.assert_allclose(sweep_voltages(0.0, 1.0, 0.3, "forward"),
                               [0.0, 0.3, 0.6, 0.9, 1.0], atol=1e-12)
    np.testing.assert_allclose(sweep_voltages(1.0, -1.0, 0.5, "forward"),
                               [1.0, 0.5, 0.0, -0.5, -1.0], atol=1e-12)
    np.testing.assert_allclose(sweep_voltages(0.0, 1.0, 0.5, "both"),
                               [0.0, 0.5, 1.0, 1.0, 0.5, 0.0], atol=1e-12)


@pytest.mark.parametrize("step", [0.0, -0.1, float("nan"), float("inf")])
def test_non_positive_or_non_finite_step_is_a_parameter_error(step):
    with pytest.raises(ParameterError, match=r"step_v must be a finite voltage step > 0 V"):
        sweep_voltages(0.0, 1.0, step, "forward")


@pytest.mark.parametrize("direction", ["backward", "Forward", ""])
def test_unknown_direction_is_a_parameter_error(direction):
    with pytest.raises(ParameterError,
                       match=r"direction must be 'forward', 'reverse' or 'both', got"):
        sweep_voltages(0.0, 1.0, 0.5, direction)
