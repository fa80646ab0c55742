"""Readers: unit-carrying headers, device.toml, spectra layouts, lifetime and angular files."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.errors import FileFormatError
from peled.io.columns import parse_header
from peled.io.table import comments_and_rows, read_table, sniff_delimiter
from peled.measure.config import read_device_toml
from peled.measure.readers import (
    load_device,
    read_angular,
    read_el_spectra,
    read_jvl,
    read_lifetime,
)


@pytest.mark.parametrize(
    ("header", "dimension", "factor"),
    [
        ("Voltage (V)", "voltage", 1.0),
        ("V", "voltage", 1.0),
        ("voltage_v", "voltage", 1.0),
        ("J (mA/cm2)", "current_density", 10.0),  # 1 mA/cm2 = 10 A/m2
        ("J [mA/cm^2]", "current_density", 10.0),
        ("Current density (mA cm-2)", "current_density", 10.0),
        ("current_density_mA_cm2", "current_density", 10.0),
        ("J (mA·cm⁻²)", "current_density", 10.0),
        ("J (A/m2)", "current_density", 1.0),
        ("J / A m-2", "current_density", 1.0),
        ("I (mA)", "current", 1e-3),
        ("Current (A)", "current", 1.0),
        ("I (uA)", "current", 1e-6),
        ("Luminance (cd/m2)", "luminance", 1.0),
        ("L (cd m-2)", "luminance", 1.0),
        ("L (cd/m²)", "luminance", 1.0),
        ("Luminance, nit", "luminance", 1.0),
        ("luminance_cd_m2", "luminance", 1.0),
        ("Radiance (W/sr/m2)", "radiance", 1.0),
        ("Radiance (W sr-1 m-2)", "radiance", 1.0),
        ("Radiance (mW sr-1 cm-2)", "radiance", 10.0),
        ("EQE (%)", "percent", 1.0),
        ("CE (cd/A)", "current_efficiency", 1.0),
        ("PE (lm/W)", "power_efficacy", 1.0),
        ("Time (min)", "time", 60.0),
        ("t [h]", "time", 3600.0),
        ("Wavelength (nm)", "wavelength", 1.0),
    ],
)
def test_header_spellings(header, dimension, factor):
    col = parse_header(header)
    assert col.dimension == dimension
    assert col.factor == pytest.approx(factor)


def write(path, text):
    path.write_text(text)
    return path


def test_current_in_ma_is_converted_with_area(tmp_path):
    write(tmp_path / "device.toml", "area_cm2 = 0.04\n")
    write(tmp_path / "jvl.csv", "V,I (mA),L (cd/m2)\n3,0.4,100\n3.5,1.2,400\n4,4,900\n")
    data = load_device(tmp_path)
    # 0.4 mA / 0.04 cm2 = 10 mA/cm2 = 100 A/m2
    np.testing.assert_allclose(data.jvl.current_density_a_m2, [100.0, 300.0, 1000.0])


def test_missing_area_names_device_toml_and_field(tmp_path):
    write(tmp_path / "jvl.csv", "V,I (mA),L (cd/m2)\n3,0.4,100\n3.5,1.2,400\n4,4,900\n")
    with pytest.raises(FileFormatError, match=r"device\.toml: field 'area_cm2' is required"):
        load_device(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("V,J (mA/cm2),L (cd/m2)\n1,2,abc\n", r"jvl\.csv:2: column 'L \(cd/m2\)': 'abc' is not"),
        ("V,J (mA/cm2),L (cd/m2)\n1,2\n", r"jvl\.csv:2: 2 fields, expected 3"),
        ("1,2,3\n4,5,6\n", "no header line"),
        ("", "file is empty"),
        ("V,L (cd/m2)\n1,2\n2,3\n3,4\n", "no current column"),
        ("J (mA/cm2),L (cd/m2)\n1,2\n", "no voltage column"),
        ("V,J (mA/cm2)\n1,2\n2,3\n3,4\n", "no emission column"),
        ("V,J,L (cd/m2)\n1,2,3\n", "column 'J' has no unit"),
        ("V,J (mA/cm2),J2 (A/m2),L (cd/m2)\n1,2,3,4\n", "both give j"),
        ("V,J (mA/cm2),L (cd/m2)\n", "no data rows"),
    ],
)
def test_malformed_jvl_gives_clear_error(tmp_path, text, message):
    f = write(tmp_path / "jvl.csv", text)
    with pytest.raises(FileFormatError, match=message):
        read_jvl(f)


def test_comment_lines_semicolons_and_unknown_columns(tmp_path):
    f = write(
        tmp_path / "jvl.csv",
        "# exported by LabView\nVoltage (V);J (A/m2);L (cd/m2);T (C)\n# c\n2;10;5;25\n3;20;50;25\n",
    )
    warnings = []
    jvl = read_jvl(f, warnings=warnings)
    np.testing.assert_allclose(jvl.voltage_v, [2, 3])
    np.testing.assert_array_equal(jvl.line_numbers, [4, 5])
    assert any("'T (C)' not recognised" in w for w in warnings)


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.floats(1e-6, 1e6, allow_nan=False), min_size=1, max_size=8),
    unit=st.sampled_from([("mA/cm2", 0.1), ("A/m2", 1.0), ("A/cm2", 1e-4), ("uA/cm2", 100.0)]),
)
def test_property_unit_scaled_current_density_reads_identically(tmp_path_factory, values, unit):
    name, scale = unit  # value in that unit = value_A_m2 * scale
    d = tmp_path_factory.mktemp("u")
    rows = "\n".join(f"{i},{repr(v * scale)},1" for i, v in enumerate(values))
    f = write(d / "jvl.csv", f"V,J ({name}),L (cd/m2)\n{rows}\n")
    np.testing.assert_allclose(read_jvl(f).current_density_a_m2, values, rtol=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    cells=st.lists(
        st.one_of(st.floats(allow_nan=False, allow_infinity=False, width=32),
                  st.text("abcxyz!?", min_size=1, max_size=4), st.just("")),
        min_size=3, max_size=3,
    )
)
def test_property_any_row_is_parsed_or_rejected_with_line(tmp_path_factory, cells):
    d = tmp_path_factory.mktemp("p")
    f = write(d / "t.csv", "a (V),b (V),c (V)\n" + ",".join(map(str, cells)) + "\n")
    try:
        t = read_table(f)
    except FileFormatError as exc:
        assert str(exc).startswith(f"{f}:2: ")
    else:
        for got, cell in zip(t.values[0], cells, strict=True):
            assert (np.isnan(got) and cell == "") or got == pytest.approx(float(cell))


def test_read_table_unreadable_files_raise_file_format_error(tmp_path):
    # the messages of the shared opener peled.io.files.read_text_file
    with pytest.raises(FileFormatError, match=r"missing\.csv: file not found$"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(FileFormatError, match=r": cannot read: Is a directory$"):
        read_table(tmp_path)
    # one encoding policy: not UTF-8 -> Latin-1, said in the table's notes
    (tmp_path / "latin.csv").write_bytes(b"V (V),T (\xb0C)\n1,2\n")
    t = read_table(tmp_path / "latin.csv")
    assert t.encoding == "latin-1" and t.headers == ("V (V)", "T (°C)")
    assert "decoded as Latin-1" in t.notes[0]


@settings(max_examples=50, deadline=None)
@given(lines=st.lists(st.text(" \t#,;ab1", max_size=6), max_size=8))
def test_property_comments_and_rows_partition_the_lines(lines):
    comments, rows = comments_and_rows("\n".join(lines))
    assert comments == [ln.strip() for ln in lines if ln.strip().startswith("#")]
    assert rows == [(k, ln) for k, ln in enumerate(lines, start=1)
                    if ln.strip() and not ln.strip().startswith("#")]


@pytest.mark.parametrize(("line", "csv_order", "comma_first"), [
    ("a\tb;c,d", "\t", "\t"), ("a;b,c", ";", ","), ("a,b", ",", ","), ("a;b", ";", ";"),
    ("ab", ",", ";"),
])
def test_sniff_delimiter_orders(line, csv_order, comma_first):
    assert sniff_delimiter(line) == csv_order  # read_table: tab, ';', ',' (default ',')
    assert sniff_delimiter(line, "\t,;") == comma_first  # defect/TA/admittance readers


def test_device_toml_fields_and_errors(tmp_path):
    f = write(
        tmp_path / "device.toml",
        'name = "G1"\narea_cm2 = 0.04\ncolor_class = "Sky Blue"\nnotes = "x"\n'
        'stack = [{material = "ITO", thickness_nm = 150}]\n'
        "[measurement]\nturn_on_luminance_cd_m2 = 10\nlifetime_n = 1.7\n",
    )
    w = []
    cfg = read_device_toml(f, w)
    assert (cfg.name, cfg.area_cm2, cfg.color_class) == ("G1", 0.04, "sky-blue")
    assert cfg.stack[0].material == "ITO" and cfg.stack[0].thickness_nm == 150
    assert cfg.measurement.turn_on_luminance_cd_m2 == 10 and cfg.measurement.lifetime_n == 1.7
    assert w == []
    for text, msg in [
        ("area_cm2 = -1\n", "field 'area_cm2' must be finite and > 0"),
        ('area_cm2 = "big"\n', "field 'area_cm2' must be a number"),
        ("area_cm2 = \n", "invalid TOML"),
        ('color_class = "purple"\n', "field 'color_class' must be one of"),
        ("stack = [{thickness_nm = 3}]\n", r"field 'stack\[0\]' needs a string 'material'"),
        ('[measurement]\nsweep = "sideways"\n', "'measurement.sweep' must be"),
        # unknown keys are errors naming the closest valid key (issue: silently ignored)
        ("arae_cm2 = 0.04\n", r"unknown key 'arae_cm2'; did you mean 'area_cm2'\?"),
        ("[measurement]\nlifetime_l0 = 1000\n",
         r"unknown key 'lifetime_l0' in \[measurement\]; did you mean 'lifetime_l0_cd_m2'\?"),
        ('stack = [{material = "ITO", thickness = 3}]\n',
         r"unknown key 'thickness' in stack\[0\]; did you mean 'thickness_nm'\?"),
    ]:
        write(f, text)
        with pytest.raises(FileFormatError, match=msg):
            read_device_toml(f)


def gauss(wl, peak, fwhm=20.0):
    return np.exp(-4 * np.log(2) * ((wl - peak) / fwhm) ** 2)


WL = np.arange(400.0, 700.0, 1.0)


def test_spectra_layouts_agree(tmp_path):
    volts = [3.0, 4.0, 5.0]
    peaks = [480.0, 482.0, 484.0]
    # 1) several columns with voltages in the headers
    a = tmp_path / "a"
    a.mkdir()
    head = "Wavelength (nm)," + ",".join(f"EL @ {v:g} V" for v in volts)
    rows = [f"{w:g}," + ",".join(f"{gauss(w, p):.8g}" for p in peaks) for w in WL]
    write(a / "el_spectrum.csv", head + "\n" + "\n".join(rows) + "\n")
    # 2) long format with a voltage column
    b = tmp_path / "b"
    b.mkdir()
    rows = [f"{v:g},{w:g},{gauss(w, p):.8g}" for v, p in zip(volts, peaks, strict=True)
            for w in WL]
    write(b / "el_spectrum.csv", "Voltage (V),Wavelength (nm),Intensity (a.u.)\n"
          + "\n".join(rows) + "\n")
    # 3) one file per voltage
    c = tmp_path / "c"
    c.mkdir()
    for v, p in zip(volts, peaks, strict=True):
        write(c / f"el_spectrum_{v:.1f}V.csv", "Wavelength (nm),Counts\n"
              + "\n".join(f"{w:g},{gauss(w, p):.8g}" for w in WL) + "\n")
    for folder in (a, b, c):
        el = read_el_spectra(folder)
        np.testing.assert_allclose(el.voltages_v, volts)
        got = [s.wavelength_nm[np.argmax(s.intensity)] for s in el.spectra]
        np.testing.assert_allclose(got, peaks)


def test_spectrum_errors_and_baseline_warning(tmp_path):
    f = write(tmp_path / "el_spectrum.csv",
              "Wavelength (nm),EL 1,EL 2\n500,1,2\n501,2,3\n502,1,1\n")
    with pytest.raises(FileFormatError, match="names no voltage"):
        read_el_spectra(tmp_path)
    write(f, "Wavelength (nm),I\n" + "\n".join(f"{w:g},{gauss(w, 520) + 0.05:.6g}" for w in WL))
    w = []
    el = read_el_spectra(tmp_path, w)
    assert any("baseline of 4.8 %" in m for m in w)  # 0.05 / 1.05
    assert el.spectra[0].intensity.min() == pytest.approx(0.0, abs=1e-6)


@pytest.mark.parametrize(("unit", "factor"),
                         [("s", 3600.0), ("min", 60.0), ("h", 1.0), ("days", 1 / 24)])
def test_lifetime_time_units(tmp_path, unit, factor):
    t_h = np.linspace(0, 10, 11)
    rows = "\n".join(f"{t * factor:.10g},{1000 * np.exp(-t / 20):.10g}" for t in t_h)
    f = write(tmp_path / "lifetime.csv", f"Time ({unit}),Luminance (cd/m2)\n{rows}\n")
    tr = read_lifetime(f)
    np.testing.assert_allclose(tr.time_s / 3600.0, t_h, atol=1e-9)
    assert tr.kind == "luminance" and tr.l0_cd_m2 == pytest.approx(1000.0)
    np.testing.assert_allclose(tr.relative, np.exp(-t_h / 20), rtol=1e-9)


def test_lifetime_normalised_percent_and_l0_from_name(tmp_path):
    rows = "\n".join(f"{t},{100 * np.exp(-t / 50):.8g}" for t in range(10))
    f = write(tmp_path / "lifetime_500cdm2.csv", f"t (h),L/L0 (%)\n{rows}\n")
    tr = read_lifetime(f)
    assert tr.kind == "relative" and tr.l0_cd_m2 == 500.0
    assert tr.relative[1] == pytest.approx(np.exp(-1 / 50), rel=1e-7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("time,L (cd/m2)\n0,1\n1,0.9\n2,0.8\n3,0.7\n",
         "time column 'time': unit missing or not recognised"),
        ("Time (weeks),L (cd/m2)\n0,1\n1,0.9\n2,0.8\n3,0.7\n",
         r"'Time \(weeks\)': unit missing or not recognised; write e.g. 'time \(h\)'"),
        ("t (h),foo (V)\n0,1\n1,0.9\n2,0.8\n3,0.7\n", "no signal column"),
        ("t (h),L (cd/m2)\n0,1\n2,0.9\n1,0.8\n3,0.7\n", "time must increase"),
        ("t (h),L (cd/m2)\n0,1\n1,0.9\n", "needs >= 4"),
        ("t (h),L (cd/m2)\n0,0\n1,0.9\n2,0.8\n3,0.7\n", "first signal value must be > 0"),
    ],
)
def test_lifetime_errors(tmp_path, text, message):
    with pytest.raises(FileFormatError, match=message):
        read_lifetime(write(tmp_path / "lifetime.csv", text))


def test_angular_file_folding_and_luminance_profile(tmp_path):
    ang = np.arange(-80, 81, 10)
    f = write(tmp_path / "angular.csv", "Angle (deg),Relative intensity\n"
              + "\n".join(f"{a},{np.cos(np.radians(a)):.8f}" for a in ang) + "\n")
    prof = read_angular(f)
    np.testing.assert_allclose(prof.angle_deg, np.arange(0, 81, 10))
    np.testing.assert_allclose(prof.relative_intensity, np.cos(np.radians(prof.angle_deg)),
                               atol=1e-7)
    # a luminance profile L(theta)/L0 = 1 is Lambertian: converted to I = cos(theta)
    g = write(tmp_path / "angular.csv", "angle (deg),Luminance (rel)\n0,1\n30,1\n60,1\n")
    np.testing.assert_allclose(read_angular(g).relative_intensity,
                               np.cos(np.radians([0, 30, 60])))
    write(g, "angle (deg),I\n0,1\n100,0.1\n50,0.5\n")
    with pytest.raises(FileFormatError, match="within -90..90"):
        read_angular(g)


def test_european_export_with_decimal_comma_and_trailing_delimiter(tmp_path):
    f = write(tmp_path / "jvl.csv",
              "Voltage (V);J (mA/cm2);L (cd/m2);\n2,5;0,1;1,5;\n3;1;20;\n3,5;4;200;\n")
    jvl = read_jvl(f)
    np.testing.assert_allclose(jvl.voltage_v, [2.5, 3.0, 3.5])
    np.testing.assert_allclose(jvl.current_density_a_m2, [1.0, 10.0, 40.0])
    np.testing.assert_allclose(jvl.luminance_cd_m2, [1.5, 20.0, 200.0])
