"""Fitting stack parameters to a J-V curve: parameters of a known device are recovered.

The "measurement" is a simulation with known parameters times a fixed pseudo-random
log-normal error (2 % rms); the fit starts from perturbed values and must return the
true ones within a few per cent, with standard errors (Bates & Watts 1988, eqn 2.30)
that cover the deviation.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.device.fit import _simulate_j, fit_stack, get_parameter, set_parameter
from peled.device.stack import StackError
from peled.io_stack import example_stack_path, load_stack

sys.path.insert(0, str(Path(__file__).parent / "driftdiffusion"))
from dd_stacks import pin_stack  # noqa: E402

MU = "layer.HTL.mu_p_m2_vs"
NT = "layer.EML.trap.0.density_per_m3"


def _true_stack():
    stack = pin_stack({"k_rad_m3_s": 1e-16, "mu_p_m2_vs": 1e-6,
                       "trap": [{"density_per_m3": 1e22, "energy_ev": 4.5, "cn_m3_s": 1e-14,
                                 "cp_m3_s": 1e-14, "type": "neutral"}]},
                      grid={"points": 80})
    return set_parameter(stack, MU, 1e-7)


def test_fit_recovers_mobility_and_trap_density_from_a_perturbed_start():
    true = _true_stack()
    v = np.arange(0.6, 3.01, 0.2)
    rng = np.random.default_rng(7)
    j = _simulate_j((true, v, None)) * np.exp(0.02 * rng.standard_normal(v.size))
    start = set_parameter(set_parameter(true, MU, 1.6e-7), NT, 0.6e22)
    fit = fit_stack(start, v, j, [MU, NT])
    for name, truth in ((MU, 1e-7), (NT, 1e22)):
        assert fit.values[name] == pytest.approx(truth, rel=0.03)
        assert 0 < fit.stderr[name] < 0.05 * truth
        assert abs(fit.values[name] - truth) < 4 * fit.stderr[name]
    # 2 % log-normal noise is 0.0087 decades rms
    assert 0.004 < fit.rms_log10_j < 0.015
    d = fit.as_dict()
    assert {MU, MU + "_stderr", NT, NT + "_stderr", "rms_log10_j"} <= set(d)


def test_fit_uses_map_fn_for_the_independent_simulations():
    true = _true_stack()
    v = np.array([1.0, 1.5, 2.0, 2.5])
    j = _simulate_j((true, v, None))
    calls = []

    def recording_map(func, items):
        items = list(items)
        calls.append(len(items))
        return map(func, items)

    start = set_parameter(set_parameter(true, MU, 1.3e-7), NT, 1.2e22)
    fit = fit_stack(start, v, j, [MU, NT], map_fn=recording_map)
    assert fit.values[MU] == pytest.approx(1e-7, rel=1e-4)
    assert fit.values[NT] == pytest.approx(1e22, rel=1e-3)
    # a Jacobian maps its two perturbed simulations together (the base point is cached)
    assert max(calls) == 2
    assert sum(calls) == fit.simulations


def test_fit_on_the_execution_layer_equals_the_serial_fit():
    """The CLI runs the Jacobian simulations through peled.execution (Dask when asked):
    the fit is the same number for number as with the builtin map."""
    from peled.cli._execution import repeat_map
    from peled.execution import Runner

    true = _true_stack()
    v = np.array([1.0, 1.5, 2.0, 2.5])
    j = _simulate_j((true, v, None))
    start = set_parameter(true, MU, 1.3e-7)
    serial = fit_stack(start, v, j, [MU])
    with Runner(1) as run:
        layered = fit_stack(start, v, j, [MU], map_fn=repeat_map(run))
    assert layered.values[MU] == serial.values[MU]
    assert layered.stderr[MU] == serial.stderr[MU]
    assert layered.simulations == serial.simulations


def test_parameter_paths_and_errors():
    st = load_stack(example_stack_path("green_cspbbr3"))
    assert get_parameter(st, "contacts.left_work_function_ev") == 5.2
    assert get_parameter(st, "layer.CsPbBr3.thickness_nm") == st.layer("CsPbBr3").thickness_nm
    with pytest.raises(StackError, match="did you mean 'mu_n_m2_vs'"):
        get_parameter(st, "layer.CsPbBr3.mu_n_cm2_vs")
    with pytest.raises(StackError, match="no layer 'EML'"):
        get_parameter(st, "layer.EML.mu_n_m2_vs")
    with pytest.raises(StackError, match="expected layer"):
        get_parameter(st, "mobility")
    with pytest.raises(StackError, match="mu_p_m2_vs"):      # schema check on the new value
        set_parameter(st, "layer.CsPbBr3.mu_p_m2_vs", -1.0)


def test_cli_fit_json_contract_and_output(tmp_path):
    runner = CliRunner()
    stack = example_stack_path("hole_only_sclc")
    dev = tmp_path / "dev"
    r = runner.invoke(app, ["simulate", "jv", str(stack), "-o", str(dev), "--points", "60",
                            "--json"])
    assert r.exit_code == 0, r.output
    start = tmp_path / "start.toml"
    start.write_text(re.sub(r"(?m)^mu_p_m2_vs = \S+", "mu_p_m2_vs = 2e-6", stack.read_text()))
    out = tmp_path / "fit"
    r = runner.invoke(app, ["simulate", "fit", str(start), str(dev), "--params",
                            "layer.CsPbBr3.mu_p_m2_vs", "--points", "60", "-o", str(out),
                            "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["initial"]["layer.CsPbBr3.mu_p_m2_vs"] == 2e-6
    assert d["layer.CsPbBr3.mu_p_m2_vs"] == pytest.approx(1e-6, rel=1e-3)
    assert "layer.CsPbBr3.mu_p_m2_vs_stderr" in d and d["rms_log10_j"] < 1e-3
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == \
        ["fit.json", "fit.png", "fit_jv.csv"]
    bad = runner.invoke(app, ["simulate", "fit", str(start), str(dev), "--params",
                              "layer.CsPbBr3.mobility"])
    assert bad.exit_code == 2 and "error: parameter 'layer.CsPbBr3.mobility'" in bad.output


@pytest.mark.parametrize(("v_min", "v_max", "message"), [
    (float("nan"), None, r"v_min \(--v-min\) must be a finite voltage"),
    (None, float("inf"), r"v_max \(--v-max\) must be a finite voltage"),
    (5.0, 2.0, r"voltage window is empty \(--v-min 5 >= --v-max 2\)"),
])
def test_bad_voltage_window_is_named(v_min, v_max, message):
    st = load_stack(example_stack_path("hole_only_sclc"))
    v = np.array([1.0, 2.0, 4.0, 8.0])
    with pytest.raises(StackError, match=message):
        fit_stack(st, v, v**2, ["layer.CsPbBr3.mu_p_m2_vs"], v_min=v_min, v_max=v_max)
