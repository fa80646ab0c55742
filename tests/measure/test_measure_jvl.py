"""J-V-L cleaning (sweeps, duplicates, NaN, detector floor) and figures of merit."""

from pathlib import Path

import numpy as np
import pytest

from peled.errors import FileFormatError
from peled.measure.jvl import Sweep, clean_sweeps, figures_of_merit, sweep_hysteresis_index
from peled.measure.readers import JVLData


def jvl(v, j, lum, sweep=None):
    v = np.asarray(v, float)
    return JVLData(
        path=Path("jvl.csv"), voltage_v=v, current_density_a_m2=np.asarray(j, float),
        emission="luminance", luminance_cd_m2=np.asarray(lum, float),
        sweep=None if sweep is None else np.asarray(sweep, float),
        line_numbers=np.arange(2, v.size + 2),
    )


def sweep_from(v, j_mA_cm2, lum, eqe_pct, valid=None):
    v = np.asarray(v, float)
    nan = np.full(v.size, np.nan)
    return Sweep(
        direction="forward", voltage_v=v, current_density_mA_cm2=np.asarray(j_mA_cm2, float),
        luminance_cd_m2=np.asarray(lum, float), radiance_w_sr_m2=nan, photon_flux_m2_s=nan,
        eqe_pct=np.asarray(eqe_pct, float), ce_cd_a=nan, pe_lm_w=nan,
        valid=np.ones(v.size, bool) if valid is None else np.asarray(valid),
    )


def test_forward_and_reverse_sweeps_are_kept_apart():
    up = np.linspace(0, 5, 11)
    down = up[::-1][1:]
    v = np.concatenate([up, down])
    j = np.concatenate([up, 1.5 * down])
    w = []
    sw = clean_sweeps(jvl(v, j, j * 10), w)
    np.testing.assert_allclose(sw["forward"].voltage_v, up)
    np.testing.assert_allclose(sw["reverse"].voltage_v, down[::-1])  # sorted ascending
    np.testing.assert_allclose(sw["reverse"].current_density_a_m2, 1.5 * down[::-1])
    assert w == []


def test_hysteresis_index_is_the_integral_ratio():
    v = np.linspace(0, 4, 41)
    fwd = sweep_from(v, v**2, v, v)
    rev = sweep_from(v, 1.2 * v**2, v, v)
    # (int 1.2 V^2 - int V^2) / int V^2 = 0.2 exactly (trapezoid of the same grid)
    assert sweep_hysteresis_index(fwd, rev, "current") == pytest.approx(0.2, rel=1e-12)
    assert sweep_hysteresis_index(fwd, rev, "luminance") == pytest.approx(0.0, abs=1e-12)


def test_extra_segments_are_reported():
    v = np.concatenate([[0, -1, -2], np.linspace(-2, 4, 7)[1:], [3, 2, 1], [2, 3, 4]])
    w = []
    sw = clean_sweeps(jvl(v, np.abs(v) + 1, np.abs(v)), w)
    np.testing.assert_allclose(sw["forward"].voltage_v, np.linspace(-2, 4, 7)[1:])
    np.testing.assert_allclose(sw["reverse"].voltage_v, [1, 2, 3])
    assert sum("extra sweep segment" in m for m in w) == 2


def test_duplicates_are_averaged_and_reported():
    v = [1, 2, 2, 3, 4]
    w = []
    sw = clean_sweeps(jvl(v, [1, 2, 4, 5, 6], [0.1, 1, 3, 10, 20]), w)
    np.testing.assert_allclose(sw["forward"].voltage_v, [1, 2, 3, 4])
    np.testing.assert_allclose(sw["forward"].current_density_a_m2, [1, 3, 5, 6])
    np.testing.assert_allclose(sw["forward"].signal, [0.1, 2, 10, 20])
    assert any("1 duplicated voltage readings (at 2 V) averaged" in m for m in w)


def test_nan_rows_are_removed_with_their_lines():
    v = [1, 2, np.nan, 3, 4, 5]
    lum = [1, 2, 3, np.nan, 5, 6]
    w = []
    sw = clean_sweeps(jvl(v, [1, 2, 3, 4, 5, 6], lum), w)
    np.testing.assert_allclose(sw["forward"].voltage_v, [1, 2, 4, 5])
    assert any("2 rows with missing/NaN values removed (lines 4, 5)" in m for m in w)


def test_sweep_column_overrides_row_order():
    v = np.array([3, 1, 2, 2.5, 1.5, 0.5])
    lab = np.array([1, 1, -1, 1, -1, -1])
    sw = clean_sweeps(jvl(v, v, v, sweep=lab), [])
    np.testing.assert_allclose(sw["forward"].voltage_v, [1, 2.5, 3])
    np.testing.assert_allclose(sw["reverse"].voltage_v, [0.5, 1.5, 2])


def test_unordered_rows_are_sorted_and_reported():
    rng = np.random.default_rng(1)
    v = rng.permutation(np.linspace(0, 5, 26))
    w = []
    sw = clean_sweeps(jvl(v, v, v), w)
    np.testing.assert_allclose(sw["forward"].voltage_v, np.linspace(0, 5, 26))
    assert any("not in sweep order" in m for m in w)


def test_too_few_rows_is_an_error():
    with pytest.raises(FileFormatError, match="only 2 complete rows"):
        clean_sweeps(jvl([1, 2, np.nan], [1, 2, 3], [1, 2, 3]), [])


def test_turn_on_is_interpolated_in_log_luminance():
    # log10 L = 2 (V - 2): L = 1 cd/m2 at exactly 2.000 V; samples at 1.9 and 2.1 V
    v = np.array([1.5, 1.7, 1.9, 2.1, 2.3, 2.5])
    lum = 10 ** (2 * (v - 2))
    fig = figures_of_merit(sweep_from(v, v, lum, np.ones(v.size)), 1.0)
    assert fig.v_on_v == pytest.approx(2.0, abs=1e-12)
    fig10 = figures_of_merit(sweep_from(v, v, lum, np.ones(v.size)), 10.0)
    assert fig10.v_on_v == pytest.approx(2.5, abs=1e-12)  # sampled exactly


def test_eqe_at_luminance_and_retention_interpolate_in_log_l():
    # EQE = 20 - 2 log10(L / 100) on the rising branch; maximum 20 % at the first point
    lum = np.array([100.0, 300.0, 3000.0, 30000.0, 20000.0])
    eqe = 20 - 2 * np.log10(lum / 100.0)
    eqe[-1] = 5.0  # after the luminance maximum (falling branch): must be ignored
    v = np.arange(5.0)
    fig = figures_of_merit(sweep_from(v + 3, v + 1, lum, eqe), 1.0)
    assert fig.eqe_at_1000_cd_m2_pct == pytest.approx(18.0, abs=1e-12)
    assert fig.eqe_at_10000_cd_m2_pct == pytest.approx(16.0, abs=1e-12)
    assert fig.eqe_at_100_cd_m2_pct is None  # first point: not bracketed
    assert fig.eqe_retention_at_1000_cd_m2 == pytest.approx(0.9)
    assert fig.luminance_max_cd_m2 == 30000.0 and fig.v_at_luminance_max_v == 6.0


def test_j50_interpolated_in_log_j_and_null_when_not_reached():
    j = np.array([0.1, 1.0, 10.0, 100.0, 1000.0])
    eqe = np.array([5.0, 10.0, 8.0, 6.0, 4.0])  # halves between 100 and 1000 mA/cm2
    fig = figures_of_merit(sweep_from(np.arange(5.0) + 2, j, j * 100, eqe), 1.0)
    assert fig.eqe_max_pct == 10.0 and fig.j_at_eqe_max_mA_cm2 == 1.0
    # 5 % lies halfway between 6 % (100) and 4 % (1000) -> 10^2.5
    assert fig.j50_mA_cm2 == pytest.approx(10**2.5, rel=1e-12)
    fig2 = figures_of_merit(sweep_from(np.arange(5.0) + 2, j, j * 100,
                                       [5.0, 10.0, 9, 8, 7]), 1.0)
    assert fig2.j50_mA_cm2 is None


def test_below_floor_points_do_not_define_turn_on():
    v = np.array([1.0, 1.5, 2.0, 2.5])
    lum = np.array([-0.01, 0.0, 5.0, 50.0])
    w = []
    fig = figures_of_merit(sweep_from(v, v, lum, np.ones(4), valid=lum > 0), 1.0, w)
    assert fig.v_on_v is None
    assert any("below the detector floor" in m for m in w)
