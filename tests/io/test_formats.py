"""One test per instrument format of tests/data/real/ (files written by peled's authors to
mimic each export); every expected number is computed by hand in the test."""

import shutil
from pathlib import Path

import numpy as np
import pytest

from peled.characterize.readers import read_admittance_csv, read_arrhenius_csv
from peled.errors import FileFormatError, ParameterError
from peled.io.columns import parse_header
from peled.io.instruments import read_decay, read_responsivity
from peled.io.table import read_table
from peled.measure.readers import load_device, read_angular, read_el_spectra, read_jvl

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
SHAPE = np.array([0.0, 1.0, 3.0, 4.0, 3.0, 1.0, 0.0])
WL = np.arange(500.0, 531.0, 5.0)


# ----------------------------------------------------------------------------- header grammar
@pytest.mark.parametrize(("header", "dimension", "factor", "offset"), [
    ("temperature_K", "temperature", 1.0, 0.0),
    ("T_K", "temperature", 1.0, 0.0),
    ("T (K)", "temperature", 1.0, 0.0),
    ("T [K]", "temperature", 1.0, 0.0),
    ("T/K", "temperature", 1.0, 0.0),
    ("T (degC)", "temperature", 1.0, 273.15),
    ("time_ns", "time", 1e-9, 0.0),
    ("t/ns", "time", 1e-9, 0.0),
    ("Time [ps]", "time", 1e-12, 0.0),
    ("J/mA cm-2", "current_density", 10.0, 0.0),
    ("J / mA cm-2", "current_density", 10.0, 0.0),
    ("current_density_mA_cm2", "current_density", 10.0, 0.0),
    ("luminance_cd_m2", "luminance", 1.0, 0.0),
    ("Area (mm2)", "area", 1e-6, 0.0),
    ("G (mS)", "conductance", 1e-3, 0.0),
    ("C [nF/cm2]", "capacitance_area", 1e-5, 0.0),
])
def test_one_header_grammar(header, dimension, factor, offset):
    c = parse_header(header)
    assert (c.dimension, c.offset) == (dimension, offset)
    assert c.factor == pytest.approx(factor)


# ----------------------------------------------------------------------------- J-V-L exports
def test_labview_preamble_crlf_semicolon_decimal_comma_inf_nan():
    t = read_table(REAL / "jvl_labview_preamble.csv")
    assert t.headers == ("Voltage (V)", "Current (mA)", "Luminance (cd/m2)")
    assert t.dialect == "semicolon-separated, comma decimal"
    np.testing.assert_array_equal(t.line_numbers, [9, 10, 11, 12, 13])
    np.testing.assert_array_equal(t.column(0), [0.0, 1.0, 2.0, 3.0, 3.5])
    np.testing.assert_array_equal(t.column(1), [1e-4, 2.5e-3, 0.1, 1.0, 4.0])
    lum = t.column(2)
    assert np.isnan(lum[0]) and np.isinf(lum[4]) and lum[3] == 500.0
    assert t.metadata["Area (mm2)"] == "10.00" and t.metadata_lines["Area (mm2)"] == 5
    assert t.metadata["Sample"] == "G-07 (CsPbBr3, PEA 20 %)"
    assert t.metadata_quantity(("area",), "area") == (pytest.approx(1e-5), "Area (mm2)", 5)


def test_preamble_area_used_when_device_toml_has_none(tmp_path):
    shutil.copy(REAL / "jvl_labview_preamble.csv", tmp_path / "jvl.csv")
    data = load_device(tmp_path)
    assert data.config.area_cm2 == pytest.approx(0.1)  # 10 mm2 = 0.1 cm2
    # 1e-4 mA / 0.1 cm2 = 1e-3 mA/cm2 = 1e-2 A/m2; 4 mA / 0.1 cm2 = 40 mA/cm2 = 400 A/m2
    np.testing.assert_allclose(data.jvl.current_density_a_m2, [1e-2, 0.25, 10.0, 100.0, 400.0])
    assert any("device.toml gives no area_cm2; using 'Area (mm2)'" in w and "line 5" in w
               for w in data.warnings)
    (tmp_path / "device.toml").write_text("area_cm2 = 0.04\n")  # the toml wins, silently
    data = load_device(tmp_path)
    assert data.config.area_cm2 == 0.04 and not any("Area (mm2)" in w for w in data.warnings)


@pytest.mark.parametrize("name", ["jvl_tab_latin1.txt", "jvl_whitespace.dat", "jvl_savetxt.csv"])
def test_tab_whitespace_and_savetxt_exports(name):
    jvl = read_jvl(REAL / name)
    np.testing.assert_array_equal(jvl.voltage_v, [2.0, 2.5, 3.0])
    # 0.05, 0.5, 5 mA/cm2 -> x10 A/m2
    np.testing.assert_allclose(jvl.current_density_a_m2, [0.5, 5.0, 50.0], rtol=1e-15)
    np.testing.assert_array_equal(jvl.luminance_cd_m2, [1.5, 40.0, 900.0])


def test_latin1_file_says_its_encoding():
    t = read_table(REAL / "jvl_tab_latin1.txt")
    assert t.encoding == "latin-1" and "decoded as Latin-1" in t.notes[0]
    assert t.headers[1] == "J (mA/cm²)" and t.metadata["Temperatur"] == "25 °C"


def test_savetxt_header_and_footer_match_numpy(tmp_path):
    data = np.array([[2.0, 0.05, 1.5], [2.5, 0.5, 40.0], [3.0, 5.0, 900.0]])
    for delim in (",", " ", "\t", ";"):
        f = tmp_path / "s.txt"
        np.savetxt(f, data, delimiter=delim, header=delim.join(["V (V)", "J (mA/cm2)",
                                                                  "L (cd/m2)"]),
                   footer="end")
        t = read_table(f)
        assert t.headers == ("V (V)", "J (mA/cm2)", "L (cd/m2)") and t.header_line == 1
        np.testing.assert_array_equal(t.values, data)


# ----------------------------------------------------------------------------- EL spectra
def test_el_columns_named_by_float_voltages():
    el = read_el_spectra_file(REAL / "el_savetxt_voltages.txt")
    np.testing.assert_array_equal(el.voltages_v, [0.30000000000000004, 0.5, 0.7000000000000001])
    for k, s in zip((1.0, 2.0, 4.0), el.spectra, strict=True):
        np.testing.assert_array_equal(s.wavelength_nm, WL)
        np.testing.assert_array_equal(s.intensity, SHAPE * k)


def read_el_spectra_file(path):
    from peled.measure.readers import read_spectrum_file

    return read_spectrum_file(path)


@pytest.mark.parametrize(("name", "scale"), [
    ("stellarnet_el.IRR", 0.25), ("oceanview_el.txt", 1000.0), ("avantes_el.ttt", 500.0),
    ("el_savetxt_voltages.txt", None),
])
def test_spectrometer_files_as_el_spectrum_in_a_device_folder(tmp_path, name, scale):
    shutil.copy(REAL / "jvl_savetxt.csv", tmp_path / "jvl.csv")
    shutil.copy(REAL / name, tmp_path / f"el_spectrum{Path(name).suffix}")
    data = load_device(tmp_path)
    if scale is None:
        assert data.el.voltages_v.size == 3
        return
    assert data.el.voltages_v is None and len(data.el.spectra) == 1
    np.testing.assert_array_equal(data.el.spectra[0].wavelength_nm, WL)
    np.testing.assert_allclose(data.el.spectra[0].intensity, SHAPE * scale)


def test_per_voltage_spectrometer_files(tmp_path):
    for v in ("3.0", "4.5"):
        shutil.copy(REAL / "stellarnet_el.IRR", tmp_path / f"el_spectrum_{v}V.IRR")
    el = read_el_spectra(tmp_path)
    np.testing.assert_array_equal(el.voltages_v, [3.0, 4.5])
    (tmp_path / "el_spectrum.csv~").write_text("editor backup, never read")
    assert read_el_spectra(tmp_path).source == "el_spectrum_*"


def test_two_el_spectrum_files_are_an_error(tmp_path):
    shutil.copy(REAL / "stellarnet_el.IRR", tmp_path / "el_spectrum.IRR")
    shutil.copy(REAL / "oceanview_el.txt", tmp_path / "el_spectrum.txt")
    with pytest.raises(FileFormatError, match="several EL spectrum files.*keep one"):
        read_el_spectra(tmp_path)


# ----------------------------------------------------------------------------- photodiode
@pytest.mark.parametrize("name", ["responsivity_nm_aw.txt", "responsivity_aw_nm.txt",
                                  "qe_system_export.txt"])
def test_responsivity_formats(name):
    r = read_responsivity(REAL / name)
    np.testing.assert_array_equal(r.wavelength_nm, [400.0, 500.0, 600.0, 700.0])
    np.testing.assert_array_equal(r.a_per_w, [0.2, 0.28, 0.36, 0.42])


def test_qe_export_header_block_is_metadata():
    r = read_responsivity(REAL / "qe_system_export.txt")
    assert r.metadata["Instrument"] == "QE-R3011"
    assert r.metadata["Reference detector"] == "S1337-1010BR"


def test_headerless_responsivity_that_cannot_be_told_apart(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("0.2 0.3\n0.4 0.5\n")
    with pytest.raises(FileFormatError, match=r"r\.txt:1: cannot tell .* add a header line "
                                              r"'wavelength \(nm\),responsivity \(A/W\)'"):
        read_responsivity(f)


def test_angle_resolved_trace_averages_repeated_readings():
    w = []
    a = read_angular(REAL / "angular_photodiode.csv", w)
    # readings c-1, c, c+1 (nA) with c = 100 cos(theta): mean = c, normalised by c(0) = 100
    np.testing.assert_array_equal(a.angle_deg, np.arange(0.0, 90.0, 10.0))
    np.testing.assert_allclose(a.relative_intensity, np.cos(np.radians(a.angle_deg)),
                               rtol=0, atol=1e-8)
    np.testing.assert_array_equal(a.readings, [3] * 9)
    assert w == ["angular_photodiode.csv: 3 readings per angle averaged "
                 "(27 readings at 9 angles)"]


# ----------------------------------------------------------------------------- TrPL
def test_headerless_trpl_with_time_unit():
    d = read_decay(REAL / "trpl_headerless.dat", time_unit="ns")
    np.testing.assert_allclose(d.time_s, np.arange(10) * 1e-9)
    np.testing.assert_array_equal(d.counts, [round(1000 * np.exp(-k / 4.0)) for k in range(10)])
    us = read_decay(REAL / "trpl_headerless.dat", time_unit="us")
    np.testing.assert_allclose(us.time_s, np.arange(10) * 1e-6)


def test_headerless_trpl_without_time_unit_says_which_option():
    with pytest.raises(FileFormatError, match=r"trpl_headerless\.dat:1: .*--time-unit"):
        read_decay(REAL / "trpl_headerless.dat")
    with pytest.raises(ParameterError, match="--time-unit must be one of"):
        read_decay(REAL / "trpl_headerless.dat", time_unit="fortnight")


@pytest.mark.parametrize("column", ["Decay 2 (470 nm)", "decay 2", 2, "2"])
def test_tcspc_export_column_by_name_or_index(column):
    d = read_decay(REAL / "tcspc_export.txt", column=column)
    np.testing.assert_allclose(d.time_s, np.arange(0.0, 4.0, 0.5) * 1e-9)
    np.testing.assert_array_equal(
        d.counts, [round(500 * np.exp(-t / 5)) for t in np.arange(0.0, 4.0, 0.5)])
    assert d.n0_cm3 == 1e17 and d.metadata["Resolution [ns]"] == "0.5"


def test_tcspc_export_without_column_names_the_choices():
    with pytest.raises(FileFormatError, match=r"tcspc_export\.txt:8: 3 transients .*--column"):
        read_decay(REAL / "tcspc_export.txt")
    with pytest.raises(ParameterError, match="--column 0: not a transient column"):
        read_decay(REAL / "tcspc_export.txt", column=0)


# ----------------------------------------------------------------------------- temperature
def test_temperature_columns_in_project_style():
    a = read_arrhenius_csv(REAL / "arrhenius_T_K.csv")
    np.testing.assert_array_equal(a.temperature_k, [300.0, 320.0, 340.0])
    np.testing.assert_array_equal(a.value, [1.5e3, 4.5e3, 1.2e4])
    assert a.kind == "rate"
    c = read_arrhenius_csv(REAL / "arrhenius_temperature_degC.csv")
    np.testing.assert_allclose(c.temperature_k, [300.0, 320.0])  # 26,85 degC + 273,15
    np.testing.assert_allclose(c.value, [1e-4, 4e-4])  # 1e-6 S/cm = 1e-4 S/m
    assert c.kind == "conductivity"


def test_admittance_temperature_column_K(tmp_path):
    f = tmp_path / "cf.csv"
    f.write_text("f (Hz),C (nF/cm2),temperature_K\n100,10,250\n1000,9,250\n10000,8,250\n")
    s = read_admittance_csv(f)
    assert s.temperature_k == 250.0
    np.testing.assert_allclose(s.capacitance_f_m2, [1e-4, 9e-5, 8e-5])  # nF/cm2 -> x1e-5


# ----------------------------------------------------------------------------- fix hints
@pytest.mark.parametrize(("text", "match"), [
    ("1,2,3\n4,5,6\n", r"t\.csv:1: no header line; expected column names with units"),
    ("V,J (mA/cm2),L (cd/m2)\n1,2,x\n", r"t\.csv:2: column 'L \(cd/m2\)': 'x' is not"),
    ("V;J (mA/cm2);L (cd/m2)\n1,5;2;x,y\n", r"t\.csv:2: .*comma as decimal mark, so use ';'"),
    ("Sample: A\n", r"t\.csv:1: no data rows"),
])
def test_unreadable_tables_say_what_fixes_them(tmp_path, text, match):
    f = tmp_path / "t.csv"
    f.write_text(text)
    with pytest.raises(FileFormatError, match=match) as info:
        read_table(f)
    assert "\n" not in str(info.value)


def test_error_quotes_at_most_80_characters(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("V,J (mA/cm2),L (cd/m2)\n1,2," + "A" * 5000 + "\n")
    with pytest.raises(FileFormatError) as info:
        read_table(f)
    assert "A" * 80 in str(info.value) and "A" * 81 not in str(info.value)
    assert len(str(info.value)) < 80 + 200 + len(str(f))


def test_long_header_cell_is_refused_with_a_short_quote(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("V (V)," + "J" * 5000 + "\n1,2\n")
    with pytest.raises(FileFormatError, match=r"t\.csv:1: column name of 5000 characters") as e:
        read_table(f)
    assert "J" * 41 not in str(e.value)


# ----------------------------------------------------------------------------- CLI options
def _cli(*args):
    from typer.testing import CliRunner

    from peled.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def test_fit_trpl_time_unit_and_column_options():
    import json

    r = _cli("emitter", "fit-trpl", REAL / "trpl_headerless.dat", "--time-unit", "ns",
             "--components", "1", "--json")
    assert r.exit_code == 0, r.output
    # counts = round(1000 exp(-t / 4 ns)): one exponential with tau = 4 ns
    assert json.loads(r.output)["files"][0]["tau1_ns"] == pytest.approx(4.0, rel=0.02)
    r = _cli("emitter", "fit-trpl", REAL / "tcspc_export.txt", "--column", "Decay 2",
             "--components", "1", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["files"][0]["tau1_ns"] == pytest.approx(5.0, rel=0.02)


@pytest.mark.parametrize(("name", "fix"), [("trpl_headerless.dat", "--time-unit"),
                                           ("tcspc_export.txt", "--column")])
def test_fit_trpl_without_the_option_says_which_one(name, fix):
    r = _cli("emitter", "fit-trpl", REAL / name, "--json")
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fix in lines[0]
    assert f"{name}:" in lines[0]
