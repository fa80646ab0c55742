"""Transient drift-diffusion with mobile ions against independent expectations.

* Conservation: BDF1/BDF2 with blocking boundaries keep the number of ions of each
  species constant, and the total (conduction + displacement) current is the same at both
  contacts (Gauss's law + continuity; no trapped charge).
* A carrier-free insulator under a voltage ramp carries the displacement current
  J = (eps / L) dV/dt (parallel-plate capacitor).
* Hysteresis between forward and reverse sweeps vanishes when the scan is slow (ions in
  steady state at every voltage) and when it is fast (ions frozen), and peaks in between
  (Tress et al., Energy Environ. Sci. 8, 995 (2015); Courtier et al., Energy Environ.
  Sci. 12, 396 (2019)).
* The variable-step BDF2 formula differentiates quadratics exactly and its error
  constants match a direct computation on a cubic (Hairer & Wanner, Solving ODEs II,
  2nd ed., Springer (1996), sec. III.5).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.constants as sc
from dd_stacks import layer, make_stack, pin_stack

from peled.device.driftdiffusion.model import build_model
from peled.device.driftdiffusion.transient import VoltageProtocol, solve_transient

IONS = {"anion_per_m3": 1e24, "mu_anion_m2_vs": 1e-16, "cation_per_m3": 1e24,
        "mu_cation_m2_vs": 1e-17}


#: mid-gap neutral SRH centres: carrier lifetime 1 / (c N_t) = 10 ns, so electrons and
#: holes follow the voltage quasi-statically on the time scales of the ions
FAST_SRH = [{"density_per_m3": 1e22, "energy_ev": 4.5, "cn_m3_s": 1e-14, "cp_m3_s": 1e-14,
             "type": "neutral"}]


def _ionic_pin(points=40):
    return build_model(pin_stack({"k_rad_m3_s": 1e-16, **IONS}, grid={"points": points}))


def _ionic_diode(points=40):
    """One 100 nm emitter between selective contacts (no heterointerfaces that store
    charge), fast SRH: the only slow process is ion migration."""
    return build_model(make_stack(
        [layer("EML", 100, 3.5, 5.5, k_rad_m3_s=1e-16, trap=FAST_SRH, **IONS)], 5.3, 3.7,
        grid={"points": points}))


def test_ion_number_and_current_conservation_through_a_voltage_step():
    m = _ionic_pin()
    res = solve_transient(m, VoltageProtocol.from_segments(
        0.0, [("step", 1.8, 1e-2), ("step", 0.5, 1e-2)]))
    totals = res.ions_total_per_m2
    assert np.all(np.abs(totals / totals[0] - 1) < 1e-10)
    # 1e24 m^-3 in the 50 nm emitter (interior nodes): 5e16 m^-2
    assert totals[0] == pytest.approx([5e16, 5e16], rel=0.05)
    j_l, j_r = res.current_density_a_m2[1:], res.current_density_right_a_m2[1:]
    assert np.max(np.abs(j_l - j_r)) < 1e-8 * np.max(np.abs(j_l))
    # ions pile up at the interfaces under bias: the anion profile is no longer uniform
    a_end = res.anion_per_m3[-1]
    inside = a_end[a_end > 0]
    assert inside.max() / inside.min() > 10


def test_displacement_current_of_an_insulator_equals_eps_over_l_dv_dt():
    # 100 nm, gap 4 eV, contacts 2 eV from both bands: no carriers, a pure capacitor
    m = build_model(make_stack([layer("I", 100, 2.0, 6.0, eps_r=5.0)], 4.0, 4.0,
                               grid={"points": 40}))
    rate = 1e3
    res = solve_transient(m, VoltageProtocol(np.array([0.0, 1e-3]), np.array([0.0, 1.0])))
    c_geo = 5.0 * sc.epsilon_0 / 100e-9
    assert res.current_density_a_m2[1:] == pytest.approx(c_geo * rate, rel=1e-6)


def _hysteresis_area(m, rate, vmax=2.0, step=0.1):
    up = np.linspace(0.0, vmax, int(round(vmax / step)) + 1)
    volts = np.round(np.concatenate([up, up[::-1][1:]]), 12)
    times = np.concatenate([[0.0], np.cumsum(np.abs(np.diff(volts))) / rate])
    res = solve_transient(m, VoltageProtocol(times, volts))
    at = [int(np.argmin(np.abs(res.time_s - t))) for t in times]
    # radiative (EL) current: free of the capacitive current C dV/dt that dominates the
    # terminal current of fast scans at low current
    j = res.j_radiative_a_m2[at[1:]]
    n = up.size
    fwd, rev = np.concatenate([[np.nan], j[:n - 1]]), j[n - 2:][::-1]
    sel = (up >= 0.8 - 1e-9) & (up <= 1.5 + 1e-9)
    return np.trapezoid(np.abs(np.log10(fwd[sel]) - np.log10(rev[sel])), up[sel])


def test_hysteresis_vanishes_for_slow_and_fast_scans_and_peaks_between():
    m = _ionic_diode()
    # ion relaxation ~ eps / (q mu_ion N_ion) ~ 0.5-5 s; electrons and holes ~ 10 ns
    area = {rate: _hysteresis_area(m, rate) for rate in (1e-7, 1e-3, 1e4)}
    assert area[1e-3] > 0.2                      # decades x volts
    assert area[1e-7] < 0.02 * area[1e-3]
    assert area[1e4] < 0.02 * area[1e-3]


def test_impedance_geometric_capacitance_and_ionic_rise_at_low_frequency():
    from peled.device.driftdiffusion.impedance import admittance

    f = np.array([1e-4, 1e7])
    c_geo = 10.0 * sc.epsilon_0 / 100e-9
    plain = build_model(make_stack([layer("EML", 100, 3.5, 5.5, k_rad_m3_s=1e-16)], 5.3, 3.7,
                                   grid={"points": 40}))
    y0 = admittance(plain, 0.0, f)
    # depleted undoped layer without ions: eps A / L at every frequency
    assert y0.capacitance_f_m2 == pytest.approx([c_geo, c_geo], rel=1e-3)
    y = admittance(_ionic_diode(), 0.0, f)
    assert y.capacitance_f_m2[1] == pytest.approx(c_geo, rel=1e-3)     # ions frozen
    assert y.capacitance_f_m2[0] > 1.05 * c_geo                         # ionic double layers


def test_luminance_overshoots_and_drifts_under_constant_bias_only_with_ions():
    # after a step to 1.6 V the electronic response settles within ~1 us (10 ns carrier
    # lifetime); the ions then redistribute over ~1-10 s and the EL current decays to a
    # lower steady state: an overshoot.  Without ions the EL stays constant.
    protocol = VoltageProtocol.from_segments(0.0, [("step", 1.6, 100.0)])
    ratios = {}
    for name, ions in (("ions", IONS), ("none", {})):
        m = build_model(make_stack(
            [layer("EML", 100, 3.5, 5.5, k_rad_m3_s=1e-16, trap=FAST_SRH, **ions)], 5.3, 3.7,
            grid={"points": 40}))
        res = solve_transient(m, protocol)
        j_rad = res.j_radiative_a_m2
        early = j_rad[np.searchsorted(res.time_s, 1e-5)]
        ratios[name] = (np.nanmax(j_rad[res.time_s > 1e-5]) / early, early / j_rad[-1])
    assert ratios["ions"][0] == pytest.approx(1.0, abs=0.01)    # the peak is the early value
    assert ratios["ions"][1] > 5                                   # ... and decays > 5x
    assert ratios["none"][1] == pytest.approx(1.0, rel=1e-3)


@pytest.mark.parametrize("hold_s", [1e6, 1e9])
def test_a_voltage_step_held_for_any_duration_ends_at_the_relaxed_steady_state(hold_s):
    """The smallest time step is bounded by the device time unit, not by the hold: a
    step to 2 V held 1e9 s (it failed at t = 1.5e-7 s when the smallest step was
    1e-14 of the hold) ends at the steady state with relaxed ions."""
    from peled.device.driftdiffusion.steady import solve_steady_state

    m = _ionic_pin()
    res = solve_transient(m, VoltageProtocol.from_segments(0.0, [("step", 2.0, hold_s)]))
    st = solve_steady_state(m, 2.0)
    assert res.current_density_a_m2[-1] == pytest.approx(st.current_density_a_m2, rel=1e-6)


def test_sweep_protocol_directions_and_errors():
    from peled.errors import ParameterError

    # 2.5 V at 5 V/s: 0.5 s per ramp
    fwd = VoltageProtocol.from_sweep(-0.5, 2.0, 5.0, "forward")
    assert fwd.time_s.tolist() == [0.0, 0.5] and fwd.voltage_v.tolist() == [-0.5, 2.0]
    rev = VoltageProtocol.from_sweep(-0.5, 2.0, 5.0, "reverse")
    assert rev.voltage_v.tolist() == [2.0, -0.5] and rev.duration_s == pytest.approx(0.5)
    both = VoltageProtocol.from_sweep(-0.5, 2.0, 5.0, "both")
    assert float(both(0.75)) == pytest.approx(0.75)      # halfway down: 2 - 0.25 s x 5 V/s
    for args in [(0.0, 1.0, 0.0), (0.0, 1.0, np.nan), (1.0, 1.0, 1.0),
                 (0.0, 1.0, 1.0, "sideways")]:
        with pytest.raises(ParameterError):
            VoltageProtocol.from_sweep(*args)


def test_variable_step_bdf2_is_exact_for_quadratics_and_has_the_textbook_error_constants():
    from peled.device.driftdiffusion.transient import (
        _error_constants,
        _extrapolate,
        _History,
        _Stored,
    )

    # y = 2 + 3 t - 5 t^2 at t = 0.2, 0.5 and the new time 1.3 (step ratio w = 8/3):
    # the BDF2 derivative c0 y(1.3) + (known part) is y'(1.3) = 3 - 10 * 1.3 exactly
    def y(t):
        return np.array([2 + 3 * t - 5 * t * t])

    def pt(t):
        return _Stored(y(t), y(t), (y(t), y(t)), y(t))

    hist = _History.bdf([pt(0.5), pt(0.2)], 0.8, 0.3)
    assert float(hist.c0 * y(1.3)[0] + hist.n[0]) == pytest.approx(3 - 13.0, rel=1e-12)
    # alpha_0 = (1 + 2w)/(1 + w) with w = 8/3; the alpha sum to zero (ion conservation)
    w = 0.8 / 0.3
    assert hist.c0 * 0.8 == pytest.approx((1 + 2 * w) / (1 + w), rel=1e-12)
    ones = _History.bdf([_Stored(*[np.ones(1)] * 2, (np.ones(1),) * 2, np.ones(1))] * 2,
                        0.8, 0.3)
    assert float(ones.c0 + ones.n[0]) == pytest.approx(0.0, abs=1e-12)
    # BDF1 (backward Euler): (y_new - y_old) / h
    h1 = _History.bdf([pt(0.5)], 0.8)
    assert float(h1.c0 * y(1.3)[0] + h1.n[0]) == pytest.approx(
        float((y(1.3) - y(0.5))[0]) / 0.8, rel=1e-12)
    # the quadratic predictor reproduces a quadratic
    assert float(_extrapolate([0.5, 0.2, 0.0], [y(0.5), y(0.2), y(0.0)], 1.3)[0]) == \
        pytest.approx(float(y(1.3)[0]), rel=1e-12)
    # constant steps h: BDF2 local error -2/9 h^3 y''' and quadratic extrapolation h^3 y'''
    # (Milne's device: LE = 2/11 of the corrector - predictor difference); BDF1 -h^2/2 y'',
    # linear extrapolation h^2 y''
    h = 0.1
    c_c, c_p = _error_constants([0.3, 0.2, 0.1, 0.0])
    assert (c_c, c_p) == pytest.approx((-2 / 9 * h ** 3, h ** 3), rel=1e-9)
    assert abs(c_c / (c_p - c_c)) == pytest.approx(2 / 11, rel=1e-9)
    assert _error_constants([0.2, 0.1, 0.0]) == pytest.approx((-h * h / 2, h * h), rel=1e-9)
    # variable steps, y = t^3 (y''' = 6), y' = f(t) = 3 t^2: the one-step errors of the
    # BDF2 corrector with exact history and of the quadratic predictor are 6 c_c, 6 c_p
    tt = [1.3, 0.5, 0.2, 0.05]
    c_c, c_p = _error_constants(tt)
    hh, w = 0.8, 0.8 / 0.3
    a0, a1, a2 = (1 + 2 * w) / (1 + w), -(1 + w), w * w / (1 + w)
    y_bdf = (hh * 3 * 1.3 ** 2 - a1 * 0.5 ** 3 - a2 * 0.2 ** 3) / a0
    assert 1.3 ** 3 - y_bdf == pytest.approx(6 * c_c, rel=1e-12)
    y_ext = _extrapolate(tt[1:], [t ** 3 for t in tt[1:]], 1.3)
    assert 1.3 ** 3 - y_ext == pytest.approx(6 * c_p, rel=1e-12)


def test_first_row_is_the_initial_state_at_the_start_voltage():
    """A protocol that opens with a step: row 0 is the relaxed state at start_v (its
    current is not defined: NaN), the following rows are at the stepped voltage."""
    res = solve_transient(_ionic_pin(), VoltageProtocol.from_segments(0.0, [("step", 2.0, 1e-6)]))
    assert res.voltage_v[0] == 0.0 and np.isnan(res.current_density_a_m2[0])
    assert np.all(res.voltage_v[1:] == 2.0)
