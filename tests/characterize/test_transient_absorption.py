"""Transient absorption: Jiang et al., Nanoscale (2024) eqn (11), TA map reader, kinetic traces."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peled.characterize.errors import TAError
from peled.characterize.readers import read_ta_map
from peled.characterize.transient_absorption import (
    TAMap,
    delta_absorbance,
    delta_t_over_t,
    kinetic_trace,
)
from peled.cli import app
from peled.errors import FileFormatError, ParameterError

TA = ("characterize", "ta")

EXAMPLE = resources.files("peled") / "data/examples/defects/ta_map.csv"


def _example_truth(delay_ps, wl):
    """The generator of ta_map.csv (its header), in OD."""
    gsb = -np.exp(-0.5 * ((wl - 515) / 6) ** 2) * 20.0
    esa = np.exp(-0.5 * ((wl - 495) / 8) ** 2) * 5.0
    td = np.clip(delay_ps, 0, None)[:, None]
    on = (delay_ps >= 0)[:, None]
    amp = on * (0.6 * np.exp(-td / 20.0) + 0.4 * np.exp(-td / 500.0))
    return (amp * gsb[None, :] + on * np.exp(-td / 5.0) * esa[None, :]) * 1e-3


def test_beer_lambert_delta_a_with_background():
    # OD 0.5 unpumped, 0.5 - 0.012 pumped (bleach); background 30 counts on both
    i0, bg = 1e4, 30.0
    off = i0 * 10**-0.5 + bg
    on = i0 * 10 ** -(0.5 - 0.012) + bg
    assert delta_absorbance(on, bg, off, bg) == pytest.approx(-0.012, rel=1e-9)
    # without subtracting the background the result is biased
    assert abs(delta_absorbance(on, 0.0, off, 0.0) + 0.012) > 1e-5
    da = np.array([-0.05, 0.0, 0.02])
    np.testing.assert_allclose(delta_t_over_t(da), 10 ** (-da) - 1)
    assert delta_t_over_t(-0.012) == pytest.approx(10**0.012 - 1)


def test_delta_a_errors():
    with pytest.raises(TAError, match="I_pro - I_ref <= 0"):
        delta_absorbance([100.0, 5.0], [10.0, 10.0], [100.0, 100.0], [10.0, 10.0])


def test_read_example_map_and_traces():
    with resources.as_file(EXAMPLE) as p:
        ta = read_ta_map(p)
    assert ta.delta_a.shape == (40, 46)
    assert ta.delay_s[0] == pytest.approx(-1e-12) and ta.delay_s[-1] == pytest.approx(2e-9)
    truth = _example_truth(ta.delay_s * 1e12, ta.wavelength_nm)
    np.testing.assert_allclose(ta.delta_a, truth, rtol=1e-3, atol=1e-8)
    tr = kinetic_trace(ta, [516.0, 495.0])
    np.testing.assert_allclose(tr[0], truth[:, ta.wavelength_nm == 516].ravel(), rtol=1e-3,
                               atol=1e-8)
    mid = kinetic_trace(ta, 515.0)[0]  # halfway between the 514 and 516 nm columns
    j = np.searchsorted(ta.wavelength_nm, 514)
    np.testing.assert_allclose(mid, 0.5 * (ta.delta_a[:, j] + ta.delta_a[:, j + 1]))
    band = kinetic_trace(ta, 515.0, width_nm=4.0)[0]  # 514, 516 (and not 512/518)
    np.testing.assert_allclose(band, mid)
    # the GSB recovers with 0.6 exp(-t/20 ps) + 0.4 exp(-t/500 ps) after the ESA is gone
    late = ta.delay_s > 100e-12
    t_ps = ta.delay_s[late] * 1e12
    ratio = tr[0][late] / tr[0][late][0]
    model = (0.6 * np.exp(-t_ps / 20) + 0.4 * np.exp(-t_ps / 500))
    np.testing.assert_allclose(ratio, model / model[0], rtol=1e-3)
    assert ta.spectrum_at(0.2e-12)[np.argmin(np.abs(ta.wavelength_nm - 515))] < -0.015


def test_transposed_file_and_units(tmp_path):
    wl = np.array([500.0, 510.0, 520.0])
    d = np.array([0.0, 1.0, 2.0])  # ns
    a = np.arange(9.0).reshape(3, 3)
    f = tmp_path / "t.csv"
    f.write_text("wavelength (nm) \\ delay (ns)," + ",".join(f"{x:g}" for x in d) + "\n"
                 + "".join(f"{w:g}," + ",".join(f"{x:g}" for x in a[:, k]) + "\n"
                           for k, w in enumerate(wl)))
    ta = read_ta_map(f, unit="mOD")
    np.testing.assert_allclose(ta.delay_s, d * 1e-9)
    np.testing.assert_allclose(ta.delta_a, a * 1e-3)


def test_reader_errors(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("delay (ps),500,510\n0,1,2\n1,3\n")
    with pytest.raises(FileFormatError, match=r"e.csv:3"):
        read_ta_map(f)
    f.write_text("delay (ps),500,510\n0,1,x\n1,3,4\n")
    with pytest.raises(FileFormatError, match=r"e.csv:2"):
        read_ta_map(f)
    f.write_text("delay (ps),500,510\n0,1,2\n0,3,4\n")
    with pytest.raises(FileFormatError, match="repeated delay"):
        read_ta_map(f)
    f.write_text("delay (ps),500,510\n0,1,2\n1,3,4\n")
    with pytest.raises(FileFormatError, match="unknown Delta A unit"):
        read_ta_map(f, unit="furlong")
    ta = read_ta_map(f)
    assert ta.warnings == ()  # the corner names ps
    with pytest.raises(ParameterError, match="outside the probed range"):
        kinetic_trace(ta, 600.0)
    # a corner without a unit: ps assumed, said so; --delay-unit overrides
    f.write_text("delay,500,510\n0,1,2\n2,3,4\n")
    ta = read_ta_map(f)
    np.testing.assert_allclose(ta.delay_s, [0.0, 2e-12])
    assert any("names no delay unit; ps assumed" in w for w in ta.warnings)
    ta = read_ta_map(f, delay_unit="ns")
    np.testing.assert_allclose(ta.delay_s, [0.0, 2e-9])
    assert ta.warnings == ()
    with pytest.raises(ParameterError, match="delay_unit"):
        read_ta_map(f, delay_unit="fortnight")
    with pytest.raises(FileFormatError, match="cannot read"):
        read_ta_map(tmp_path)
    with pytest.raises(TAError, match="shape"):
        TAMap(np.array([0.0, 1.0]), np.array([500.0]), np.zeros((3, 1)))


@settings(max_examples=50, deadline=None)
@given(
    n_t=st.integers(2, 6),
    n_w=st.integers(2, 6),
    data=st.data(),
)
def test_property_roundtrip(tmp_path_factory, n_t, n_w, data):
    delays = np.cumsum(data.draw(st.lists(st.floats(0.01, 100.0), min_size=n_t, max_size=n_t)))
    wl = 400.0 + np.cumsum(data.draw(st.lists(st.floats(0.5, 20.0), min_size=n_w,
                                              max_size=n_w)))
    vals = np.array(data.draw(st.lists(st.floats(-1.0, 1.0), min_size=n_t * n_w,
                                       max_size=n_t * n_w))).reshape(n_t, n_w)
    f = tmp_path_factory.mktemp("ta") / "m.csv"
    f.write_text("delay (fs)," + ",".join(repr(float(w)) for w in wl) + "\n"
                 + "".join(repr(float(d)) + "," + ",".join(repr(float(x)) for x in row) + "\n"
                           for d, row in zip(delays, vals, strict=True)))
    ta = read_ta_map(f)
    np.testing.assert_allclose(ta.delay_s, delays * 1e-15, rtol=1e-12)
    np.testing.assert_allclose(ta.wavelength_nm, wl)
    np.testing.assert_allclose(ta.delta_a, vals)


def test_cli_ta():
    with resources.as_file(EXAMPLE) as p:
        r = CliRunner().invoke(app, [*TA, str(p), "--wavelength-nm", "516",
                                     "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    truth = _example_truth(np.array(out["delay_s"]) * 1e12, np.array([516.0]))[:, 0]
    np.testing.assert_allclose(out["delta_a"][0], truth, rtol=1e-3, atol=1e-8)
    assert out["extremum_delta_a"][0] == pytest.approx(truth.min(), rel=1e-3)
    assert out["warnings"] == []


def test_cli_ta_delay_unit_and_nan_cells(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("t,500,510\n0,-1e-3,\n1,-5e-4,\n2,-2.5e-4,\n")  # 510 nm column empty
    r = CliRunner().invoke(app, [*TA, str(f), "--wavelength-nm", "500",
                                 "--wavelength-nm", "510", "--delay-unit", "ns", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["delay_s"] == pytest.approx([0.0, 1e-9, 2e-9])
    assert out["extremum_delta_a"] == [pytest.approx(-1e-3), None]  # all-NaN trace -> null
    assert out["delta_a"][1] == [None, None, None]

