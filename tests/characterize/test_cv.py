"""C-V: Mott-Schottky doping and V_bi (Sze & Ng 2007), depletion width at a bias, reader, CLI."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peled.characterize.errors import AdmittanceError
from peled.characterize.mott_schottky import MottSchottkyFit, depletion_width_at_bias
from peled.characterize.readers import read_cv_csv
from peled.cli import app
from peled.device.junction import depletion_capacitance, mott_schottky_doping
from peled.errors import FileFormatError, ParameterError

ADMITTANCE = ("characterize", "admittance")
CV = ("characterize", "cv")

# CODATA 2018, typed here so the tests do not share the code's constants (scipy may carry
# CODATA 2022: eps0 differs by 7e-10 relative, hence rtol 1e-8 in exact comparisons)
EPS0 = 8.8541878128e-12
QE = 1.602176634e-19
KB_EV = 8.617333262e-5
EXAMPLES = resources.files("peled") / "data/examples/defects"
CV_EXAMPLE = EXAMPLES / "cv_mott_schottky.csv"
# the example: W0 = 200 nm at 0 V, V_bi = 1 V, eps_r = 25 -> N = 2 eps V_bi / (q W0^2)
N_EXAMPLE = 2 * EPS0 * 25 * 1.0 / (QE * (200e-9) ** 2)


def _c_dep(v, n, eps_r, v_bi, offset=0.0):
    """C per area of a one-sided abrupt junction, written out independently (F/m2)."""
    return np.sqrt(QE * EPS0 * eps_r * n / (2 * (v_bi - v - offset)))


# ----------------------------------------------------------------------------- physics
def test_depletion_capacitance_forward_model():
    v = np.array([-1.0, 0.0, 0.5, 1.2])
    c = depletion_capacitance(v, 1e22, 25.0, 1.0)
    np.testing.assert_allclose(c[:3], _c_dep(v[:3], 1e22, 25.0, 1.0), rtol=1e-8)
    assert np.isnan(c[3])  # beyond V_bi the depletion approximation has no solution
    # W(0) = sqrt(2 eps V_bi / (q N)) = sqrt(4.427e-10 / 1602) = 525.7 nm (N = 1e16 cm-3)
    assert EPS0 * 25 / c[1] == pytest.approx(525.7e-9, rel=1e-3)
    # a 300 nm layer is fully depleted at 0 V: C = eps0 eps_r / L (geometric)
    sat = depletion_capacitance(v[:2], 1e22, 25.0, 1.0, thickness_m=300e-9)
    np.testing.assert_allclose(sat, EPS0 * 25 / 300e-9, rtol=1e-8)
    # Schottky (m = 1) and p-n (m = 2) offsets: C(V) = C_m=0(V + m kT/q)
    c2 = depletion_capacitance(0.0, 1e22, 25.0, 1.0, kt_terms=2, temperature_k=300.0)
    assert c2 == pytest.approx(_c_dep(0.0, 1e22, 25.0, 1.0, 2 * KB_EV * 300), rel=1e-9)


def test_mott_schottky_doping_per_area_and_absolute():
    n, eps_r, area = 1e22, 25.0, 4e-6  # 1e16 cm-3, 0.04 cm2
    slope_area = -2 / (QE * EPS0 * eps_r * n)  # d(1/C^2)/dV, C per area
    slope_abs = slope_area / area**2  # absolute C = C_area * A
    assert mott_schottky_doping(slope_area, eps_r) == pytest.approx(n, rel=1e-8)
    assert mott_schottky_doping(slope_abs, eps_r, area) == pytest.approx(n, rel=1e-8)
    assert mott_schottky_doping(-slope_area, eps_r) == pytest.approx(n, rel=1e-8)  # sign
    with pytest.raises(ParameterError, match="slope"):
        mott_schottky_doping(0.0, eps_r)
    with pytest.raises(ParameterError, match="eps_r"):
        mott_schottky_doping(slope_area, -1.0)


@pytest.mark.parametrize(("n_cm3", "v_bi", "eps_r", "seed"), [
    (1e16, 1.0, 25.0, 0), (3e17, 0.8, 30.0, 1), (5e15, 1.2, 10.0, 2), (6.9e16, 0.9, 60.0, 3),
])
def test_fit_recovers_doping_and_vbi_within_2pct(n_cm3, v_bi, eps_r, seed):
    v = np.linspace(-1.0, 0.5 * v_bi, 30)
    c = _c_dep(v, n_cm3 * 1e6, eps_r, v_bi)
    c *= 1 + np.random.default_rng(seed).normal(0, 0.003, v.size)  # 0.3 % C noise
    fit = MottSchottkyFit(eps_r).fit(v, c)
    assert fit.doping_per_m3_ == pytest.approx(n_cm3 * 1e6, rel=0.02)
    assert fit.v_bi_v_ == pytest.approx(v_bi, rel=0.02)
    assert abs(fit.doping_per_m3_ - n_cm3 * 1e6) < 4 * fit.doping_stderr_per_m3_
    assert abs(fit.v_bi_v_ - v_bi) < 4 * fit.v_bi_stderr_v_
    assert fit.bias_convention_ == "forward_positive" and fit.warnings_ == []
    assert fit.as_dict()["doping_cm3"] == pytest.approx(n_cm3, rel=0.02)


def test_kt_terms_shift_the_intercept():
    v = np.linspace(-1.0, 0.4, 15)
    c = _c_dep(v, 1e22, 25.0, 1.0, offset=2 * KB_EV * 300.0)  # p-n: V_bi - V - 2kT/q
    plain = MottSchottkyFit(25.0).fit(v, c)
    pn = MottSchottkyFit(25.0, kt_terms=2).fit(v, c)
    assert pn.v_bi_v_ == pytest.approx(1.0, abs=1e-9)
    assert plain.v_intercept_v_ == pytest.approx(1.0 - 0.051704, abs=1e-5)  # 2kT/q, 300 K
    assert plain.v_bi_v_ == plain.v_intercept_v_ == pn.v_intercept_v_
    assert pn.doping_per_m3_ == pytest.approx(1e22, rel=1e-9)
    with pytest.raises(ParameterError, match="kt_terms"):
        MottSchottkyFit(25.0, kt_terms=3).fit(v, c)


def test_reverse_bias_positive_convention():
    v = np.linspace(-0.5, 1.0, 16)  # forward bias
    c = _c_dep(v, 2e22, 25.0, 1.1)
    fwd = MottSchottkyFit(25.0).fit(v, c)
    rev = MottSchottkyFit(25.0).fit(-v, c)  # the same data with reverse bias positive
    assert rev.bias_convention_ == "reverse_positive"
    assert rev.doping_per_m3_ == pytest.approx(fwd.doping_per_m3_, rel=1e-9)
    assert rev.v_bi_v_ == pytest.approx(1.1, rel=1e-9)
    assert rev.v_intercept_v_ == pytest.approx(-1.1, rel=1e-9)
    assert any("reverse bias positive" in w for w in rev.warnings_)


def test_fully_depleted_layer_needs_a_fit_window():
    """150 nm layer, N = 1e17 cm-3, V_bi 1 V: W reaches L at V = V_bi - q N L^2 / (2 eps)
    = 1 - 0.8143 = 0.1857 V; below that C is geometric (eps0 eps_r / L)."""
    n, L = 1e23, 150e-9
    v_full = 1.0 - QE * n * L**2 / (2 * EPS0 * 25)
    assert v_full == pytest.approx(0.1857, abs=1e-4)
    v = np.linspace(-1.0, 0.8, 37)
    c = depletion_capacitance(v, n, 25.0, 1.0, thickness_m=L)
    whole = MottSchottkyFit(25.0, thickness_m=L).fit(v, c)
    assert whole.doping_per_m3_ > 1.5 * n  # the flat part biases N
    assert any("not linear" in w for w in whole.warnings_)
    assert any("fully depleted" in w for w in whole.warnings_)
    window = MottSchottkyFit(25.0, v_min_v=0.25, thickness_m=L).fit(v, c)
    assert window.doping_per_m3_ == pytest.approx(n, rel=1e-6)
    assert window.v_bi_v_ == pytest.approx(1.0, rel=1e-6)
    assert window.n_points_ == 12 and window.fit_v_min_v_ == pytest.approx(0.25)
    assert not any("fully depleted" in w for w in window.warnings_)


def test_flat_capacitance_reports_no_doping():
    v = np.linspace(-1, 1, 11)
    c = np.full(v.size, 1.1e-3) * (1 + 1e-4 * np.random.default_rng(0).normal(size=v.size))
    fit = MottSchottkyFit(25.0).fit(v, c)
    assert fit.doping_per_m3_ is None and fit.v_bi_v_ is None
    assert any("not reported" in w for w in fit.warnings_)
    assert fit.as_dict()["doping_cm3"] is None
    with pytest.raises(AdmittanceError, match="need >= 3 distinct"):
        MottSchottkyFit(25.0, v_min_v=0.9).fit(v, c)


def test_depletion_width_at_bias():
    v = np.array([-1.0, -0.5, 0.0, 0.5])
    c = np.array([1.0e-3, 1.2e-3, 1.5e-3, 2.0e-3])
    assert depletion_width_at_bias(v, c, 25.0) == pytest.approx(EPS0 * 25 / 1.5e-3, rel=1e-12)
    # linear interpolation in V: C(-0.25) = 1.35e-3
    assert depletion_width_at_bias(v, c, 25.0, -0.25) == pytest.approx(EPS0 * 25 / 1.35e-3)
    # a forward + backward sweep: repeated voltages are averaged
    w = depletion_width_at_bias(np.r_[v, v[::-1]], np.r_[c, c[::-1] * 1.1], 25.0, 0.0)
    assert w == pytest.approx(EPS0 * 25 / (1.5e-3 * 1.05), rel=1e-12)
    with pytest.raises(AdmittanceError, match=r"bias_v = 0.8 V lies outside .*\[-1, 0.5\]"):
        depletion_width_at_bias(v, c, 25.0, 0.8)


# ----------------------------------------------------------------------------- reader
def test_read_example_and_units(tmp_path):
    with resources.as_file(CV_EXAMPLE) as p:
        data = read_cv_csv(p)
    assert data.voltage_v.size == 33 and data.frequency_hz == 1e5
    # nF over the 0.04 cm2 of the '# area_cm2' line -> F/m2; C(0 V) = eps0 25 / 200 nm
    assert data.capacitance_f_m2[data.voltage_v == 0.0][0] == pytest.approx(
        EPS0 * 25 / 200e-9, rel=0.01)
    f = tmp_path / "u.csv"
    f.write_text("bias / mV\tf (Hz)\tC [F cm-2]\n-100\t1e4\t1e-7\n0\t1e4\t2e-7\n100\t1e4\t3e-7\n")
    d = read_cv_csv(f)
    np.testing.assert_allclose(d.voltage_v, [-0.1, 0.0, 0.1])
    np.testing.assert_allclose(d.capacitance_f_m2, [1e-3, 2e-3, 3e-3])
    g = tmp_path / "abs.csv"
    g.write_text("V,C (pF)\n0,100\n1,50\n2,25\n")
    np.testing.assert_allclose(read_cv_csv(g, area_cm2=0.01).capacitance_f_m2,
                               [1e-10 / 1e-6, 5e-11 / 1e-6, 2.5e-11 / 1e-6])


@pytest.mark.parametrize(("text", "match"), [
    ("# only a comment\n", r"cv.csv: file is empty"),
    ("f (Hz),C (nF/cm2)\n1,2\n2,3\n3,4\n", r"cv.csv:1: no voltage column"),
    ("V (V),G (S)\n1,2\n2,3\n3,4\n", r"cv.csv:1: no capacitance column"),
    ("V (V),C (nF)\n1,2\n2,3\n3,4\n", r"cv.csv:1: column 'C \(nF\)' is an absolute capacitance"),
    ("V (V),C (nF/cm2)\n1,2\n2,x\n3,4\n", r"cv.csv:3: column 'C \(nF/cm2\)': 'x' is not a number"),
    ("V (V),C (nF/cm2)\n1,2\n2,-3\n3,4\n", r"cv.csv:3: capacitance -3 <= 0"),
    ("V (V),C (nF/cm2)\n1,2\n2,3\n", r"cv.csv:1: need at least 3 \(V, C\) rows, got 2"),
    ("V (V),C (nF/cm2)\n1,2\n2\n3,4\n", r"cv.csv:3: 1 field, expected 2"),
    ("V (V),C (nF/cm2)\n1,2\n2,inf\n3,4\n", r"cv.csv:3: non-finite value"),
    ("# area_cm2: 0\nV (V),C (nF)\n1,2\n2,3\n3,4\n", r"cv.csv: area_cm2 must be a positive"),
])
def test_reader_errors_are_one_line(tmp_path, text, match):
    f = tmp_path / "cv.csv"
    f.write_text(text)
    with pytest.raises(FileFormatError, match=match) as info:
        read_cv_csv(f)
    assert "\n" not in str(info.value)


def test_reader_unreadable_paths(tmp_path):
    with pytest.raises(FileFormatError, match="file not found"):
        read_cv_csv(tmp_path / "missing.csv")
    b = tmp_path / "bin.csv"
    b.write_bytes(b"\xff\xfe\x00V")
    with pytest.raises(FileFormatError, match="not a UTF-8"):
        read_cv_csv(b)


_PER_AREA = {"F/m2": 1.0, "F/cm2": 1e4, "uF/cm2": 1e-2, "nF/cm2": 1e-5, "pF/cm2": 1e-8}


@settings(max_examples=50, deadline=None)
@given(volts=st.lists(st.floats(-5, 5, allow_nan=False), min_size=3, max_size=20),
       scale=st.floats(1e-3, 1e3), unit=st.sampled_from(sorted(_PER_AREA)),
       mv=st.booleans(), delim=st.sampled_from([",", ";", "\t"]))
def test_property_reader_round_trip(tmp_path_factory, volts, scale, unit, mv, delim):
    c = scale * (1.0 + np.arange(len(volts)))
    f = tmp_path_factory.mktemp("cv") / "rt.csv"
    rows = "".join(f"{v * (1e3 if mv else 1):.12g}{delim}{x:.12g}\n"
                   for v, x in zip(volts, c, strict=True))
    f.write_text(f"bias ({'mV' if mv else 'V'}){delim}C ({unit})\n{rows}")
    d = read_cv_csv(f)
    np.testing.assert_allclose(d.voltage_v, volts, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(d.capacitance_f_m2, c * _PER_AREA[unit], rtol=1e-9)


# ----------------------------------------------------------------------------- CLI
def _adm(*extra):
    paths = [str(EXAMPLES / f"admittance_{t}K.csv") for t in (260, 280, 300, 320, 340)]
    return CliRunner().invoke(app, [*ADMITTANCE, *paths, *extra, "--json"])


def test_cli_admittance_with_cv_file():
    with resources.as_file(CV_EXAMPLE) as p:
        r = _adm("--cv", str(p), "--eps-r", "25")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["depletion_width_nm"] == pytest.approx(200.0, rel=0.02)
    assert out["depletion_width_source"] == "cv"
    assert out["v_bi_v"] == pytest.approx(1.0, rel=0.02) and out["v_bi_source"] == "mott_schottky"
    assert out["cv"]["doping_cm3"] == pytest.approx(N_EXAMPLE * 1e-6, rel=0.02)
    assert N_EXAMPLE * 1e-6 == pytest.approx(6.908e16, rel=1e-3)
    assert out["cv"]["bias_v"] == 0.0
    # the admittance example files were made with W = 200 nm, V_bi = 1 V, N_t = 1e16 cm-3
    assert out["integrated_density_cm3"] == pytest.approx(1e16, rel=0.10)
    given_w = json.loads(_adm("--vbi", "1.0", "--w-nm", "200").stdout)
    assert out["integrated_density_cm3"] == pytest.approx(given_w["integrated_density_cm3"],
                                                          rel=0.02)
    assert given_w["depletion_width_source"] == "given" and given_w["cv"] is None


def test_cli_admittance_cv_at_reverse_bias():
    # W(-0.5 V) = W0 sqrt((V_bi + 0.5) / V_bi) = 200 nm * sqrt(1.5) = 244.9 nm; the DOS
    # of eqn (W) scales with V_bi / W (V_bi given as 1 V here)
    with resources.as_file(CV_EXAMPLE) as p:
        r = _adm("--cv", str(p), "--eps-r", "25", "--bias-v", "-0.5", "--vbi", "1.0")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["depletion_width_nm"] == pytest.approx(244.9, rel=0.02)
    assert out["v_bi_v"] == 1.0 and out["v_bi_source"] == "given"
    assert out["integrated_density_cm3"] == pytest.approx(1e16 * 200 / 244.9, rel=0.10)


def _one_line_error(r, *fragments):
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), r.output
    for f in fragments:
        assert f in lines[0], lines[0]


def test_cli_admittance_cv_errors(tmp_path):
    with resources.as_file(CV_EXAMPLE) as p:
        _one_line_error(_adm("--cv", str(p), "--vbi", "1"), "--cv needs --eps-r")
        _one_line_error(_adm("--cv", str(p), "--eps-r", "25", "--w-nm", "200"),
                        "either --w-nm or --cv")
        _one_line_error(_adm("--cv", str(p), "--eps-r", "25", "--bias-v", "2"),
                        "cv_mott_schottky.csv", "bias_v = 2 V lies outside")
    _one_line_error(_adm("--w-nm", "200"), "give --vbi")
    bad = tmp_path / "bad_cv.csv"
    bad.write_text("V (V),C (nF/cm2)\n0,100\n0.1,oops\n0.2,90\n")
    _one_line_error(_adm("--cv", str(bad), "--eps-r", "25"),
                    "bad_cv.csv:3: column 'C (nF/cm2)': 'oops' is not a number")
    flat = tmp_path / "flat.csv"
    flat.write_text("V (V),C (nF/cm2)\n-1,100\n0,100\n1,100\n")
    _one_line_error(_adm("--cv", str(flat), "--eps-r", "25"), "no Mott-Schottky V_bi")


def test_cli_defects_cv(tmp_path):
    png = tmp_path / "ms.png"
    with resources.as_file(CV_EXAMPLE) as p:
        r = CliRunner().invoke(app, [*CV, str(p), "--eps-r", "25", "--json",
                                     "--plot", str(png)])
        assert r.exit_code == 0, r.output
        out = json.loads(r.stdout)
        assert out["doping_cm3"] == pytest.approx(N_EXAMPLE * 1e-6, rel=0.02)
        assert out["v_bi_v"] == pytest.approx(1.0, rel=0.02)
        assert out["depletion_width_nm"] == pytest.approx(200.0, rel=0.02)
        assert out["r2"] > 0.999 and out["n_points"] == 33
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        r = CliRunner().invoke(app, [*CV, str(p), "--eps-r", "25", "--json",
                                     "--kt-terms", "1"])
        # Schottky: V_bi = intercept + kT/q = 1.0 + 0.02585 V
        assert json.loads(r.stdout)["v_bi_v"] == pytest.approx(
            out["v_bi_v"] + KB_EV * 300.0, rel=1e-9)
        r = CliRunner().invoke(app, [*CV, str(p), "--eps-r", "25", "--json",
                                     "--v-min", "0.55"])
        _one_line_error(r, "cv_mott_schottky.csv", "need >= 3 distinct voltages")
    _one_line_error(CliRunner().invoke(app, [*CV, str(tmp_path / "no.csv"),
                                             "--eps-r", "25"]), "no.csv", "file not found")
