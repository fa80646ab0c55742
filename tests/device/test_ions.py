"""Arrhenius fits, ion-migration helpers and seed 002 Table 1 activation energies."""

from __future__ import annotations

import json
import math
import re
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peled.cli import app
from peled.device.ions import (
    SEED002_JOULE_HEATING_T_K,
    ArrheniusError,
    ArrheniusFit,
    conductivity_from_diffusion,
    diffusion_from_conductivity,
    ion_mobility,
    ion_transit_time,
    seed002_activation_energies,
    speedup_factor,
)
from peled.errors import FileFormatError, ParameterError
from peled.measure.defect_readers import read_arrhenius_csv, split_unit_header

KB = 1.380649e-23
QE = 1.602176634e-19
KB_EV = KB / QE
EXAMPLE = resources.files("peled") / "data/examples/defects/arrhenius_conductivity.csv"
SEED002 = "/work/shared/seeds/002_7966451d1f2c3349.txt"


def test_seed002_joule_heating_speedup():
    # 0.58 eV barrier (Table 1 row 8), 300 K -> 343 K (~70 degC at 6 V): 16.7x
    assert round(speedup_factor(0.58, 300.0, 343.0), 1) == 16.7
    hand = math.exp(0.58 / KB_EV * (1 / 300.0 - 1 / 343.0))
    assert speedup_factor(0.58, 300.0, 343.0) == pytest.approx(hand, rel=1e-9)
    assert SEED002_JOULE_HEATING_T_K == pytest.approx(343.15)
    assert speedup_factor(0.58, 343.0, 300.0) == pytest.approx(1 / hand, rel=1e-9)
    np.testing.assert_allclose(speedup_factor([0.0, 0.58], 300.0, 343.0), [1.0, hand])


@pytest.mark.parametrize("exponent", [0, 1, -2])
def test_arrhenius_fit_recovers_known_ea(exponent):
    t = np.linspace(250.0, 350.0, 11)
    y = 3e4 * np.exp(-0.45 / (KB_EV * t)) / t**exponent
    fit = ArrheniusFit(temperature_exponent=exponent).fit(t, y)
    assert fit.ea_ev_ == pytest.approx(0.45, rel=1e-9)
    assert fit.prefactor_ == pytest.approx(3e4, rel=1e-7)
    assert (fit.t_min_k_, fit.t_max_k_) == (250.0, 350.0)
    np.testing.assert_allclose(fit.predict(t), y, rtol=1e-8)


def test_arrhenius_stderr_matches_ols_formula():
    rng = np.random.default_rng(11)
    t = np.linspace(280.0, 360.0, 9)
    noise = rng.normal(0.0, 0.05, t.size)
    y = 1e6 * np.exp(-0.30 / (KB_EV * t)) * np.exp(noise)
    fit = ArrheniusFit().fit(t, y)
    x = 1 / (KB_EV * t)
    slope, intercept = np.polyfit(-x, np.log(y), 1)
    s = np.sqrt(np.sum((np.log(y) - (intercept - slope * x)) ** 2) / (t.size - 2))
    assert fit.ea_ev_ == pytest.approx(slope, rel=1e-9)
    assert fit.ea_stderr_ev_ == pytest.approx(s / np.sqrt(np.sum((x - x.mean()) ** 2)), rel=1e-9)
    assert abs(fit.ea_ev_ - 0.30) < 4 * fit.ea_stderr_ev_


def test_arrhenius_errors_and_warnings():
    with pytest.raises(ArrheniusError, match="<= 0"):
        ArrheniusFit().fit([300, 310, 320], [1.0, -1.0, 2.0])
    with pytest.raises(ArrheniusError, match="2 distinct temperatures"):
        ArrheniusFit().fit([300, 300], [1.0, 2.0])
    with pytest.raises(ArrheniusError, match="differ in length"):
        ArrheniusFit().fit([300, 310], [1.0])
    with pytest.raises(ArrheniusError, match="> 0 K"):
        ArrheniusFit().fit([-10, 20], [1.0, 2.0])
    two = ArrheniusFit().fit([300, 350], [1.0, 2.0])
    assert math.isnan(two.ea_stderr_ev_) and any("2 temperatures" in w for w in two.warnings_)
    dec = ArrheniusFit().fit([300, 320, 340], [3.0, 2.0, 1.0])
    assert dec.ea_ev_ < 0 and any("negative activation energy" in w for w in dec.warnings_)
    zig = ArrheniusFit().fit([300, 310, 320, 330, 340], [1.0, 5.0, 1.0, 5.0, 1.0])
    assert any("poor Arrhenius linearity" in w for w in zig.warnings_)


def test_nernst_einstein_numbers():
    # D = 1e-12 cm2/s, n = 1e17 cm-3, T = 300 K: sigma = n q^2 D / (k T)
    sigma = conductivity_from_diffusion(1e-16, 1e23, 300.0)
    assert sigma == pytest.approx(1e23 * QE**2 * 1e-16 / (KB * 300.0), rel=1e-6)
    assert sigma == pytest.approx(6.197e-11, rel=1e-3)
    assert diffusion_from_conductivity(sigma, 1e23, 300.0) == pytest.approx(1e-16, rel=1e-12)
    # divalent ions: 4x the conductivity
    assert conductivity_from_diffusion(1e-16, 1e23, 300.0, 2) == pytest.approx(4 * sigma)
    # Einstein: D / mu = k T / q = 25.85 mV at 300 K
    assert 1e-16 / ion_mobility(1e-16, 300.0) == pytest.approx(0.025852, rel=1e-4)
    with pytest.raises(ParameterError):
        conductivity_from_diffusion(-1.0, 1e23, 300.0)
    with pytest.raises(ParameterError, match="charge_number"):
        conductivity_from_diffusion(1e-16, 1e23, 300.0, 0)
    with pytest.raises(ParameterError, match="charge_number"):
        ion_mobility(1e-16, 300.0, 1.5)  # not an integer charge
    with pytest.raises(ParameterError, match="ea_ev must be finite"):
        speedup_factor(float("nan"), 300.0, 343.0)
    with pytest.raises(ParameterError, match="t2_k"):
        speedup_factor(0.58, 300.0, -343.0)


def test_ion_transit_time():
    # L = 100 nm, V = 3 V, D = 1e-12 cm2/s at 300 K: t = L^2 / (mu V)
    mu = QE * 1e-16 / (KB * 300.0)
    t = ion_transit_time(100e-9, 3.0, 1e-16, 300.0)
    assert t == pytest.approx((100e-9) ** 2 / (mu * 3.0), rel=1e-6)
    assert t == pytest.approx(0.862, rel=1e-3)  # seconds
    # Joule heating to 343 K with E_a = 0.58 eV: D x 16.7 -> transit shorter by 16.7 * 300/343
    d_hot = 1e-16 * speedup_factor(0.58, 300.0, 343.0)
    ratio = ion_transit_time(100e-9, 3.0, 1e-16, 300.0) / ion_transit_time(100e-9, 3.0, d_hot,
                                                                          343.0)
    assert ratio == pytest.approx(16.65 * 300.0 / 343.0, rel=1e-3)
    with pytest.raises(ParameterError, match="voltage_v"):
        ion_transit_time(100e-9, 0.0, 1e-16, 300.0)


# ----------------------------------------------------------------------------- Table 1
def test_seed002_table1_records():
    df = seed002_activation_energies()
    printed_rows = df["row"].str.extract(r"^(\d+)")[0].astype(int)
    assert sorted(printed_rows.unique()) == list(range(1, 16))  # 15 printed rows
    text = open(SEED002, encoding="utf-8").read()
    for raw, ea in zip(df["raw"], df["ea_ev"], strict=True):
        assert raw.split(" | ")[0] in text
        if not math.isnan(ea):
            assert re.search(rf"(?<![\d.]){re.escape(f'{ea:g}')}", raw), (raw, ea)
    ma = df[(df["species"] == "MA+") & (df["ea_ev"] == 0.58)]
    assert len(ma) == 1 and ma.iloc[0]["ref"] == 92  # impedance, ref. 92
    assert round(speedup_factor(ma.iloc[0]["ea_ev"], 300.0, 343.0), 1) == 16.7
    # seed 002 (line 239): A- and X-site barriers are lower than B-site (Pb) barriers
    dft = df[df["measurement"] == "DFT"]
    for ref, grp in dft.groupby("ref"):
        pb = grp[grp["species"] == "V_Pb"]["ea_ev"]
        vi = grp[grp["species"] == "V_I"]["ea_ev"]
        if len(pb) and len(vi):
            assert pb.min() > vi.max(), ref


def test_seed002_table1_range_row_kept_with_bounds():
    """Row 3 (MA+, conductivity vs T, ref. 88) prints a range "0.39–0.9": not dropped."""
    df = seed002_activation_energies()
    assert len(df) == 28  # 15 printed rows -> 28 species/value records
    rng = df[df["value_kind"] == "range"]
    assert rng["row"].tolist() == ["3"]
    r = rng.iloc[0]
    assert (r["species"], r["ref"], r["ea_min_ev"], r["ea_max_ev"]) == ("MA+", 88, 0.39, 0.9)
    assert math.isnan(r["ea_ev"])  # no invented midpoint
    assert "0.39–0.9" in r["raw"] and "Temperature dependence of the conductivity" in r["raw"]
    # single values: a degenerate interval, so min/max filters see every record
    val = df[df["value_kind"] == "value"]
    assert (val["ea_min_ev"] == val["ea_ev"]).all() and (val["ea_max_ev"] == val["ea_ev"]).all()
    # all MA+ barriers: 0.58 (impedance, ref. 92) and the 0.39-0.9 range (ref. 88)
    ma = df[df["species"] == "MA+"].sort_values("ea_min_ev")
    assert list(zip(ma["ea_min_ev"], ma["ea_max_ev"], strict=True)) == [(0.39, 0.9), (0.58, 0.58)]
    # the +- of row 2b and the parenthesised values of row 15 are kept separately
    assert df.set_index("row").loc["2b", "ea_err_ev"] == 0.06
    assert df.set_index("row").loc["15b", "ea_alt_ev"] == 1.16
    # provenance: the CSV line of each record, and the package-level forwarder agrees
    assert df["file"].eq("seed002_table1.csv").all() and df["line"].tolist() == list(range(2, 30))
    from peled.device import seed002_activation_energies as via_package
    from peled.measure.defect_readers import seed002_activation_energies as at_edge

    assert via_package().equals(at_edge())


# ----------------------------------------------------------------------------- reader & CLI
def test_split_unit_header():
    assert split_unit_header("T (K)") == ("t", "K")
    assert split_unit_header("sigma [S/cm]") == ("sigma", "S/cm")
    assert split_unit_header("rate / s-1") == ("rate", "s-1")
    assert split_unit_header("D") == ("d", "")


def test_reader_units(tmp_path):
    t = np.array([280.0, 300.0, 320.0, 340.0])
    sig = 1e3 / t * np.exp(-0.5 / (KB_EV * t))
    k = tmp_path / "k.csv"
    k.write_text("T (K),sigma (S/cm)\n" + "".join(f"{a},{b:.12g}\n" for a, b in zip(t, sig,
                                                                                    strict=True)))
    c = tmp_path / "c.csv"
    c.write_text("# comment\nT (degC),sigma (S/m)\n"
                 + "".join(f"{a - 273.15:.2f},{b * 100:.12g}\n" for a, b in zip(t, sig,
                                                                              strict=True)))
    dk, dc = read_arrhenius_csv(k), read_arrhenius_csv(c)
    assert dk.kind == dc.kind == "conductivity" and dk.temperature_exponent == 1
    np.testing.assert_allclose(dk.temperature_k, dc.temperature_k, rtol=1e-9)
    np.testing.assert_allclose(dk.value, dc.value, rtol=1e-9)  # both S/m
    d = tmp_path / "d.csv"
    d.write_text("T (K),D (cm2/s)\n300,1e-12\n320,2e-12\n")
    dd = read_arrhenius_csv(d)
    assert dd.kind == "diffusion" and dd.value[0] == pytest.approx(1e-16)
    r = tmp_path / "r.csv"
    r.write_text("T (K),rate (1/s)\n300,1\n320,2\n")
    assert read_arrhenius_csv(r).kind == "rate"


def test_reader_errors(tmp_path):
    f = tmp_path / "e.csv"
    f.write_text("T,sigma (S/cm)\n300,1\n320,2\n")
    with pytest.raises(FileFormatError, match="temperature unit"):
        read_arrhenius_csv(f)
    f.write_text("T (K),sigma (S/cm)\n300,1\n320,oops\n")
    with pytest.raises(FileFormatError, match=r"e.csv:3"):
        read_arrhenius_csv(f)
    f.write_text("T (K),sigma\n300,1\n320,2\n")
    with pytest.raises(FileFormatError, match="S/m or S/cm"):
        read_arrhenius_csv(f)
    f.write_text("T (K)\n300\n")
    with pytest.raises(FileFormatError, match="2 columns"):
        read_arrhenius_csv(f)
    f.write_text("T (K),D (cm2/s)\n300,1e-12\n320,0\n")
    with pytest.raises(FileFormatError, match=r"e.csv:3: 'D \(cm2/s\)' = 0 <= 0"):
        read_arrhenius_csv(f)
    with pytest.raises(FileFormatError, match="cannot read"):
        read_arrhenius_csv(tmp_path)


@settings(max_examples=50, deadline=None)
@given(
    ea=st.floats(0.05, 1.5),
    exponent=st.sampled_from([-2, 0, 1]),
    t_lo=st.floats(150.0, 300.0),
    span=st.floats(20.0, 200.0),
    log_a=st.floats(-10.0, 15.0),
)
def test_property_exact_recovery(ea, exponent, t_lo, span, log_a):
    t = np.linspace(t_lo, t_lo + span, 7)
    y = 10.0**log_a * np.exp(-ea / (KB_EV * t)) / t**exponent
    fit = ArrheniusFit(exponent).fit(t, y)
    assert fit.ea_ev_ == pytest.approx(ea, rel=1e-6, abs=1e-9)


def test_cli_arrhenius_example(tmp_path):
    with resources.as_file(EXAMPLE) as p:
        r = CliRunner().invoke(app, ["arrhenius", str(p), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for key in ("ea_ev", "ea_stderr_ev", "prefactor"):
        assert key in out
    # file header: sigma T = 5e3 S K/cm exp(-0.58 eV/kT), 3 % noise
    assert out["ea_ev"] == pytest.approx(0.58, abs=max(0.02, 3 * out["ea_stderr_ev"]))
    assert 0 < out["ea_stderr_ev"] < 0.02
    assert out["quantity"] == "conductivity" and out["fitted"] == "ln(y*T)"
    assert math.log(out["prefactor"] / 5e5) == pytest.approx(0, abs=3 * out["ln_prefactor_stderr"])
    assert (out["t_min_k"], out["t_max_k"]) == (280.0, 360.0)


def test_cli_arrhenius_errors(tmp_path):
    f = tmp_path / "neg.csv"
    f.write_text("T (K),sigma (S/cm)\n300,1e-8\n320,-2e-8\n340,3e-8\n")
    r = CliRunner().invoke(app, ["arrhenius", str(f), "--json"])
    assert r.exit_code == 2 and "error:" in r.output and "<= 0" in r.output
    assert "neg.csv:3:" in r.output  # the offending line
    r = CliRunner().invoke(app, ["arrhenius", str(tmp_path / "none.csv")])
    assert r.exit_code == 2 and "error:" in r.output and "none.csv: file not found" in r.output
    one = tmp_path / "one_t.csv"
    one.write_text("T (K),rate (1/s)\n300,1\n300,2\n")
    r = CliRunner().invoke(app, ["arrhenius", str(one)])
    assert r.exit_code == 2 and "one_t.csv: need at least 2 distinct temperatures" in r.output
