"""SCLC measurement modes: pulsed vs DC sweeps kept apart and compared (mobile ions).

Reference: E. A. Duijnstee et al., ACS Energy Lett. 5, 376 (2020): millisecond voltage
pulses leave mobile ions in place, DC sweeps let them redistribute.  The synthetic DC
curves below are phenomenological: ions compensate part of the trapped charge (lower
apparent V_TFL) and add low-field conductance (higher ohmic current).
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from typer.testing import CliRunner

from peled.characterize.readers import (
    DIRECTION_WORDS,
    MODE_WORDS,
    parse_mode_label,
    read_sclc_measurement,
)
from peled.characterize.sclc import SCLCError, analyze_sclc, analyze_sclc_modes, labelled_sweeps
from peled.cli import app
from peled.device.space_charge import single_carrier_jv
from peled.errors import FileFormatError, ParameterError

SCLC = ("characterize", "sclc")

# CODATA 2018, typed here so the tests do not share the code's constants
EPS0 = 8.8541878128e-12
QE = 1.602176634e-19
EXAMPLE = resources.files("peled") / "data/examples/defects/sclc_pulsed_dc.csv"
L, EPS_R, MU = 300e-9, 25.0, 1e-4
V = np.geomspace(0.01, 15, 120)


def _n0(v_tfl, ratio=100.0):
    """Free-carrier density giving Child/ohmic = ratio at v_tfl."""
    return 9 / 8 * EPS0 * EPS_R * MU * v_tfl**2 / L**3 / ratio / (QE * MU * v_tfl / L)


N0 = _n0(0.8)


def j_pulsed(v):
    return single_carrier_jv(v, L, EPS_R, MU, 0.8, N0)


def j_dc(v):
    # ions: V_TFL 0.8 -> 0.6 V (25 % of the trapped charge compensated), ohmic x 1.5
    return single_carrier_jv(v, L, EPS_R, MU, 0.6, 1.5 * N0)


def _nt(v_tfl):
    return 2 * EPS0 * EPS_R * v_tfl / (QE * L**2)


def _reference_log_ratio(jd, jp, lo, hi, kinks):
    """mean over ln V of ln(J_dc / J_pulsed) by adaptive quadrature of the models."""
    val, _ = integrate.quad(lambda t: np.log(jd(np.exp(t)) / jp(np.exp(t))), np.log(lo),
                            np.log(hi), points=[np.log(k) for k in kinks], limit=400)
    return val / (np.log(hi) - np.log(lo))


def _noisy(j, seed, sigma=0.02):
    return j * np.exp(np.random.default_rng(seed).normal(0.0, sigma, j.size))


# ----------------------------------------------------------------------------- labels
@pytest.mark.parametrize(("label", "expected"), [
    ("dc", ("dc", None)), ("DC", ("dc", None)), ("steady-state", ("dc", None)),
    ("Steady State", ("dc", None)), ("cw", ("dc", None)), ("pulsed", ("pulsed", None)),
    ("Pulse", ("pulsed", None)), ("forward", (None, "forward")), ("fwd", (None, "forward")),
    ("up", (None, "forward")), ("rev", (None, "reverse")), ("Backward", (None, "reverse")),
    ("pulsed-forward", ("pulsed", "forward")), ("DC rev", ("dc", "reverse")),
    ("steady-state_reverse", ("dc", "reverse")), ("pulse/f", ("pulsed", "forward")),
])
def test_parse_mode_label_spellings(label, expected):
    assert parse_mode_label(label) == expected


@pytest.mark.parametrize(("label", "match"), [
    ("", "empty"), ("fast", "unknown mode/sweep label"), ("dc-pulsed", "two measurement"),
    ("forward reverse", "two sweep directions"),
])
def test_parse_mode_label_errors(label, match):
    with pytest.raises(ParameterError, match=match):
        parse_mode_label(label)


@settings(max_examples=50, deadline=None)
@given(mode=st.sampled_from(sorted(w for ws in MODE_WORDS.values() for w in ws)),
       direction=st.sampled_from(sorted(w for ws in DIRECTION_WORDS.values() for w in ws)),
       sep=st.sampled_from(["-", "_", " ", "/", "+", " - "]), swap=st.booleans(),
       upper=st.booleans())
def test_property_any_spelling_combination_parses(mode, direction, sep, swap, upper):
    text = sep.join([direction, mode] if swap else [mode, direction])
    expected = (next(k for k, ws in MODE_WORDS.items() if mode in ws),
                next(k for k, ws in DIRECTION_WORDS.items() if direction in ws))
    assert parse_mode_label(text.upper() if upper else text) == expected


# ----------------------------------------------------------------------------- analysis
def test_uniform_ionic_enhancement_is_measured_exactly():
    """DC = 1.25 x pulsed everywhere: a constant factor shifts every log-log line by
    ln 1.25, so V_TFL and N_t are identical and every current measure is exactly 0.25."""
    jp = j_pulsed(V)
    rep = analyze_sclc_modes(np.r_[V, V], np.r_[1.25 * jp, jp], ["dc"] * V.size
                             + ["pulsed"] * V.size, L, EPS_R)
    c = rep.comparison
    assert c.current_difference_rel == pytest.approx(0.25, rel=1e-9)
    assert c.log_current_ratio_mean == pytest.approx(np.log(1.25), rel=1e-9)
    assert c.current_difference_area_rel == pytest.approx(0.25, rel=1e-9)
    assert c.current_difference_max_rel == pytest.approx(0.25, rel=1e-9)
    assert c.v_tfl_shift_v == pytest.approx(0.0, abs=1e-9)
    assert c.trap_density_ratio == pytest.approx(1.0, rel=1e-9)
    assert c.v_tfl_pulsed_v == pytest.approx(0.8, rel=0.01)
    # noise-free: the per-curve noise floor 0.01 sets the threshold 3 * sqrt(2) * 0.01
    assert c.noise_ln_j == pytest.approx(np.sqrt(2) * 0.01, rel=1e-9)
    assert c.ions_indicated is True


def test_pulsed_known_vtfl_and_dc_with_ionic_contribution():
    rep = analyze_sclc_modes(np.r_[V, V], np.r_[_noisy(j_dc(V), 1), _noisy(j_pulsed(V), 2)],
                             ["dc"] * V.size + ["pulsed"] * V.size, L, EPS_R)
    assert [m for m, _ in rep.modes] == ["dc", "pulsed"] and rep.primary == "dc"
    pulsed, dc = rep.report("pulsed").main, rep.report("dc").main
    assert pulsed.v_tfl_v == pytest.approx(0.8, rel=0.05)
    assert pulsed.trap_density_per_m3 == pytest.approx(_nt(0.8), rel=0.05)
    assert dc.v_tfl_v == pytest.approx(0.6, rel=0.05)
    assert dc.trap_density_per_m3 == pytest.approx(_nt(0.6), rel=0.05)
    assert rep.main is dc  # contract keys: the DC forward sweep
    for s in (pulsed, dc):  # the Child region is ion-free in this model
        assert s.mobility_m2_vs == pytest.approx(MU, rel=0.05)
    c = rep.comparison
    assert c.trap_density_ratio == pytest.approx(0.75, rel=0.07)
    assert c.v_tfl_shift_v == pytest.approx(-0.2, abs=0.04)
    assert abs(c.v_tfl_shift_v) > 2 * c.v_tfl_shift_stderr_v
    ref = _reference_log_ratio(j_dc, j_pulsed, V[0], V[-1], [0.6, 0.8])
    # by hand, piecewise in t = ln V (ohmic | DC TFL/ohmic | both TFL | Child/TFL | Child):
    # [ln 1.5 * ln 60 + 0.4063 + 2.4192 * 0.3643 + 0.4877] / ln 1500 = 3.4355 / 7.3132
    assert ref == pytest.approx(0.4698, abs=1e-3)
    assert c.log_current_ratio_mean == pytest.approx(ref, abs=0.01)
    assert c.current_difference_rel == pytest.approx(np.expm1(ref), rel=0.02)
    assert c.ions_indicated is True
    assert any("mobile ions" in w for w in rep.warnings)
    d = rep.as_dict()
    assert d["v_tfl_v"] == dc.v_tfl_v and d["measurement_mode"] == "dc"
    assert d["modes"]["pulsed"]["trap_density_cm3"] == pytest.approx(_nt(0.8) * 1e-6, rel=0.05)
    assert d["pulsed_vs_dc"]["trap_density_pulsed_cm3"] == pytest.approx(_nt(0.8) * 1e-6,
                                                                         rel=0.05)


def test_same_device_without_ions_is_not_flagged():
    rep = analyze_sclc_modes(np.r_[V, V],
                             np.r_[_noisy(j_pulsed(V), 3), _noisy(j_pulsed(V), 4)],
                             ["dc"] * V.size + ["pulsed"] * V.size, L, EPS_R)
    c = rep.comparison
    assert abs(c.v_tfl_shift_v) < 2 * c.v_tfl_shift_stderr_v
    assert abs(c.log_current_ratio_mean) < 3 * c.noise_ln_j
    assert c.noise_ln_j == pytest.approx(np.sqrt(2) * 0.02, rel=0.25)  # 2 % noise each
    assert c.ions_indicated is False
    assert c.trap_density_ratio == pytest.approx(1.0, rel=0.05)


def test_pulsed_only_and_mode_errors():
    rep = analyze_sclc_modes(V, _noisy(j_pulsed(V), 5), ["pulsed"] * V.size, L, EPS_R)
    assert rep.primary == "pulsed" and rep.comparison is None
    assert rep.main.v_tfl_v == pytest.approx(0.8, rel=0.05)
    assert any("no DC measurement" in w for w in rep.warnings)
    with pytest.raises(SCLCError, match="'dc' or 'pulsed'"):
        analyze_sclc_modes(V, j_pulsed(V), ["ac"] * V.size, L, EPS_R)
    with pytest.raises(SCLCError, match="pulsed measurement: only 3 usable points"):
        analyze_sclc_modes(np.r_[V, V[:3]], np.r_[j_pulsed(V), j_pulsed(V[:3])],
                           ["dc"] * V.size + ["pulsed"] * 3, L, EPS_R)
    dirs = ["forward"] * V.size + [""] * V.size
    with pytest.raises(SCLCError, match="label all or none"):
        analyze_sclc_modes(np.r_[V, V], np.r_[j_pulsed(V), j_pulsed(V)],
                           ["dc"] * (2 * V.size), L, EPS_R, directions=dirs)


def test_labelled_sweeps_follow_the_labels():
    d = ["forward"] * 3 + ["reverse"] * 2 + ["forward"] * 4
    assert [(k, i.tolist()) for k, i in labelled_sweeps(d)] == [
        ("forward", [0, 1, 2]), ("reverse", [3, 4]), ("forward", [5, 6, 7, 8])]
    with pytest.raises(SCLCError, match="'forward' or 'reverse'"):
        labelled_sweeps(["forward", "sideways"])
    # labels win over the voltage direction; a disagreement is reported
    jf = _noisy(j_pulsed(V), 6)
    rep = analyze_sclc(np.r_[V, V], np.r_[jf, jf], L, EPS_R,
                       directions=["forward"] * V.size + ["reverse"] * V.size)
    assert [s.direction for s in rep.sweeps] == ["forward", "reverse"]
    assert rep.hysteresis_index == pytest.approx(0.0, abs=1e-12)  # the same points
    assert any("labelled reverse but |V| goes from 0.01 to 15" in w for w in rep.warnings)


# ----------------------------------------------------------------------------- files & CLI
def test_reader_labels_two_columns_and_defaults(tmp_path):
    f = tmp_path / "two.csv"
    f.write_text("V,J (A/m2),Mode,Sweep\n0.1,1,DC,up\n0.2,2,dc,down\n0.1,3,pulse,fwd\n")
    data = read_sclc_measurement(f)
    assert data.modes.tolist() == ["dc", "dc", "pulsed"]
    assert data.directions.tolist() == ["forward", "reverse", "forward"]
    np.testing.assert_allclose(data.current_density_a_m2, [1, 2, 3])
    g = tmp_path / "plain.csv"
    g.write_text("V,J (mA/cm2)\n0.1,1\n0.2,2\n")
    assert read_sclc_measurement(g).modes.tolist() == ["dc", "dc"]
    assert read_sclc_measurement(g, default_mode="pulsed").modes.tolist() == ["pulsed"] * 2
    assert read_sclc_measurement(g).directions is None
    h = tmp_path / "empty_row.csv"
    h.write_text("V,J (mA/cm2),mode\n0.1,1,pulsed\n0.2,,dc\n0.3,3,dc\n")
    data = read_sclc_measurement(h)
    assert data.modes.tolist() == ["pulsed", "dc"] and data.line_numbers.tolist() == [2, 4]


@pytest.mark.parametrize(("body", "match"), [
    ("0.1,1,dc\n0.2,2,fast\n", r"bad.csv:3: column 'mode': unknown mode/sweep label 'fast'"),
    ("0.1,1,dc\n0.2,2,\n", r"bad.csv:3: column 'mode': empty mode/sweep label"),
    ("0.1,1,dc-forward\n0.2,2,dc\n", r"bad.csv:3: no sweep direction"),
])
def test_reader_label_errors(tmp_path, body, match):
    f = tmp_path / "bad.csv"
    f.write_text("V,J (mA/cm2),mode\n" + body)
    with pytest.raises(FileFormatError, match=match):
        read_sclc_measurement(f)


def test_reader_conflicting_columns(tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("V,J (mA/cm2),mode,protocol\n0.1,1,dc,pulsed\n")
    with pytest.raises(FileFormatError, match=r"c.csv:2: conflicting mode labels"):
        read_sclc_measurement(f)


def _example_truth():
    """The example header: L 300 nm, eps_r 25, mu 0.5 cm2/Vs, n0 2e14 cm-3 (pulsed),
    N_t 3.0e16 (pulsed), 2.25e16 (DC forward) and 2.0e16 cm-3 (DC reverse)."""
    mu, n0 = 0.5e-4, 2e20
    vt = {k: QE * n * 1e6 * L**2 / (2 * EPS0 * EPS_R)
          for k, n in (("pulsed", 3.0e16), ("dc", 2.25e16), ("dc_rev", 2.0e16))}

    def jp(v):
        return single_carrier_jv(v, L, EPS_R, mu, vt["pulsed"], n0)

    def jd(v):
        return single_carrier_jv(v, L, EPS_R, mu, vt["dc"], 1.5 * n0)

    return vt, _reference_log_ratio(jd, jp, 0.01, 10.0, [vt["dc"], vt["pulsed"]])


def _run(*args):
    return CliRunner().invoke(app, [*SCLC, *args, "--thickness-nm", "300", "--eps-r", "25",
                                    "--json"])


def test_cli_example_pulsed_and_dc():
    vt, ref = _example_truth()
    assert vt["pulsed"] == pytest.approx(0.9771, abs=1e-4)
    assert vt["dc"] == pytest.approx(0.7329, abs=1e-4)
    with resources.as_file(EXAMPLE) as p:
        r = _run(str(p))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    # contract keys: the DC forward sweep
    assert out["measurement_mode"] == "dc"
    assert out["v_tfl_v"] == pytest.approx(vt["dc"], rel=0.05)
    assert out["trap_density_cm3"] == pytest.approx(2.25e16, rel=0.05)
    assert out["mobility_cm2_vs"] == pytest.approx(0.5, rel=0.05)
    assert [x["kind"] for x in out["regions"]] == ["ohmic", "tfl", "child"]
    assert out["v_tfl_stderr_v"] > 0
    # DC hysteresis (labelled sweeps): reverse minus forward V_TFL = 0.6514 - 0.7329 V
    assert out["v_tfl_shift_v"] == pytest.approx(vt["dc_rev"] - vt["dc"], abs=0.03)
    pulsed = out["modes"]["pulsed"]
    assert pulsed["v_tfl_v"] == pytest.approx(vt["pulsed"], rel=0.05)
    assert pulsed["trap_density_cm3"] == pytest.approx(3.0e16, rel=0.05)
    cmp = out["pulsed_vs_dc"]
    assert cmp["trap_density_dc_cm3"] == out["trap_density_cm3"]
    assert cmp["trap_density_ratio"] == pytest.approx(0.75, rel=0.07)
    assert cmp["log_current_ratio_mean"] == pytest.approx(ref, abs=0.015)
    assert cmp["current_difference_rel"] == pytest.approx(np.expm1(ref), rel=0.03)
    assert cmp["ions_indicated"] is True


def test_cli_pulsed_second_file_gives_the_same_numbers(tmp_path):
    with resources.as_file(EXAMPLE) as p:
        lines = [ln for ln in p.read_text().splitlines() if not ln.startswith("#")]
        one = json.loads(_run(str(p)).stdout)
    rows = [ln.split(",") for ln in lines[1:]]
    dc = tmp_path / "dc.csv"
    dc.write_text("V,J (mA/cm2),sweep\n" + "".join(
        f"{a},{b},{c.split('-')[1]}\n" for a, b, c in rows if c.startswith("dc")))
    pulsed = tmp_path / "pulsed.csv"
    pulsed.write_text("V,J (mA/cm2)\n" + "".join(
        f"{a},{b}\n" for a, b, c in rows if c.startswith("pulsed")))
    r = _run(str(dc), "--pulsed", str(pulsed))
    assert r.exit_code == 0, r.output
    two = json.loads(r.stdout)
    for key in ("v_tfl_v", "trap_density_cm3", "mobility_cm2_vs", "v_tfl_shift_v"):
        assert two[key] == pytest.approx(one[key], rel=1e-12)
    for key in ("v_tfl_pulsed_v", "log_current_ratio_mean", "current_difference_rel"):
        assert two["pulsed_vs_dc"][key] == pytest.approx(one["pulsed_vs_dc"][key], rel=1e-12)


def test_cli_unlabelled_file_keeps_its_output():
    ex = resources.files("peled") / "data/examples/defects/sclc_hole_only.csv"
    with resources.as_file(ex) as p:
        out = json.loads(_run(str(p)).stdout)
    assert out["measurement_mode"] == "dc" and out["pulsed_vs_dc"] is None
    assert "modes" not in out
    assert out["trap_density_cm3"] == pytest.approx(3.0e16, rel=0.05)


def test_cli_pulsed_errors(tmp_path):
    with resources.as_file(EXAMPLE) as p:
        r = _run(str(p), "--pulsed", str(p))  # the example holds DC rows
        assert r.exit_code == 2 and "error:" in r.output
        assert "sclc_pulsed_dc.csv:8: row labelled as a DC measurement" in r.output
    bad = tmp_path / "bad.csv"
    bad.write_text("V,J (mA/cm2),mode\n0.1,1,dc\n0.2,2,ac\n")
    r = _run(str(bad))
    assert r.exit_code == 2 and "bad.csv:3:" in r.output and "unknown mode/sweep" in r.output
    short = tmp_path / "short.csv"
    short.write_text("V,J (mA/cm2)\n0.1,1\n0.2,2\n0.3,3\n")
    with resources.as_file(EXAMPLE) as p:
        lines = p.read_text().splitlines()
        dc_only = tmp_path / "dc_only.csv"
        dc_only.write_text("\n".join(ln for ln in lines if "pulsed" not in ln) + "\n")
    r = _run(str(dc_only), "--pulsed", str(short))
    assert r.exit_code == 2 and "pulsed measurement: only 3 usable points" in r.output
    assert "dc_only.csv + " in r.output and "short.csv" in r.output
    r = _run(str(dc_only), "--pulsed", str(tmp_path / "missing.csv"))
    assert r.exit_code == 2 and "missing.csv" in r.output and "file not found" in r.output


def test_cli_plot_with_modes(tmp_path):
    png = tmp_path / "modes.png"
    with resources.as_file(EXAMPLE) as p:
        r = _run(str(p), "--plot", str(png))
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["modes"]["pulsed"]["trap_density_cm3"] == pytest.approx(
        3.0e16, rel=0.05)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
