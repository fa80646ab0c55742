"""Reading spectra: formats round-trip, spectrometer exports, unit conversion, Jacobian."""

import numpy as np
import pytest

from peled.errors import FileFormatError, ParameterError
from peled.spectra import read_spectra, read_spectrum

WL = np.array([520.0, 525.5, 530.0, 532.0, 534.25, 540.0, 550.0])
Y = np.array([0.01, 0.2, 0.8, 1.0, 0.85, 0.3, 0.02])


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def _rows(fmt, sep):
    return "".join(f"{fmt(a)}{sep}{fmt(b)}\n" for a, b in zip(WL, Y, strict=True))


def _assert_same(s, wl=WL, y=Y):
    np.testing.assert_array_equal(s.wavelength_nm, wl)
    np.testing.assert_array_equal(s.intensity, y)


@pytest.mark.parametrize(
    ("name", "header", "sep", "decimal"),
    [
        ("plain.csv", "", ",", "."),
        ("header.csv", "wavelength_nm,intensity\n", ",", "."),
        ("spaced.csv", "Wavelength (nm), Intensity (a.u.)\n", ", ", "."),
        ("tabs.tsv", "Wavelength (nm)\tIntensity (a.u.)\n", "\t", "."),
        ("tabs_comma.txt", "Wellenlänge [nm]\tIntensität\n", "\t", ","),
        ("semi.csv", "Wavelength;Counts\n", ";", "."),
        ("euro.csv", "Wellenlänge [nm];Intensität [a.u.]\n", ";", ","),
        ("spaces.txt", "Wavelength (nm) Intensity (a.u.)\n", "   ", "."),
        ("spaces_comma.txt", "", " ", ","),
        ("commented.txt", "# wavelength (nm)\tcounts\n", "\t", "."),
        ("quoted.csv", '"Wavelength (nm)","Intensity"\n', ",", "."),
    ],
)
def test_round_trip_formats(tmp_path, name, header, sep, decimal):
    def fmt(v):
        return repr(float(v)).replace(".", decimal)

    p = _write(tmp_path, name, header + _rows(fmt, sep))
    s = read_spectrum(p)
    _assert_same(s)
    assert s.name == name


def test_european_semicolon_comma_decimal_latin1(tmp_path):
    # "532,5;0,87" as written by European-locale spectrometer software (Latin-1 header).
    text = "Wellenlänge [nm];Intensität\n530,0;0,40\n531,25;0,71\n532,5;0,87\n533,75;0,5\n"
    s = read_spectrum(_write(tmp_path, "euro.csv", text, encoding="latin-1"))
    _assert_same(s, [530.0, 531.25, 532.5, 533.75], [0.40, 0.71, 0.87, 0.5])


def test_crlf_bom_and_trailing_separator(tmp_path):
    text = "\ufeffnm;counts;\r\n500.0;1.0;\r\n501.0;2.0;\r\n502.0;1.5;\r\n"
    s = read_spectrum(_write(tmp_path, "win.csv", text))
    _assert_same(s, [500.0, 501.0, 502.0], [1.0, 2.0, 1.5])


OCEANVIEW = """Data from PL_CsPbBr3_USB4C01234__0__14-22-31-123.txt Node

Date: Tue Mar 05 14:22:31 CET 2024
User: lab
Spectrometer: USB4C01234
Trigger mode: 0
Integration Time (sec): 1.000000E-1
Scans to average: 3
Electric dark correction enabled: true
Nonlinearity correction enabled: false
Boxcar width: 2
XAxis mode: Wavelengths
Number of Pixels in Spectrum: {n}
>>>>>Begin Spectral Data<<<<<
{rows}>>>>>End Spectral Data<<<<<
"""


@pytest.mark.parametrize("decimal", [".", ","])
def test_oceanview_export(tmp_path, decimal):
    wl = np.round(np.linspace(339.24, 1028.13, 700), 2)
    counts = np.round(1500.0 + 30000.0 * np.exp(-4 * np.log(2) * ((wl - 516.0) / 21.0) ** 2), 2)
    rows = "".join(f"{a:.2f}\t{b:.2f}\n".replace(".", decimal) for a, b in zip(wl, counts,
                                                                           strict=True))
    p = _write(tmp_path, "oceanview.txt", OCEANVIEW.format(n=wl.size, rows=rows))
    s = read_spectrum(p)
    _assert_same(s, wl, counts)
    dark = read_spectrum(p, baseline="edges")
    # The outer 5 % (35 points each side) sit at the 1500-count dark level exactly.
    np.testing.assert_allclose(dark.intensity, counts - 1500.0, atol=1e-9)


def test_oceanview_pixel_axis_is_a_unit_error(tmp_path):
    text = OCEANVIEW.replace("Wavelengths", "Pixels").format(n=3, rows="0\t1\n1\t2\n2\t1\n")
    with pytest.raises(Exception, match=r"oceanview\.txt:12: unknown unit 'Pixels'"):
        read_spectrum(_write(tmp_path, "oceanview.txt", text))


AVANTES = """Integration time [ms]: 100.000
Averaging Nr. [scans]: 10
Smoothing Nr. [pixels]: 0
Data measured with spectrometer name: 1511185U1
Wave   ;Sample   ;Dark     ;Reference;Scope
[nm]   ;[counts] ;[counts] ;[counts] ;[counts]

 500.12;  1100.000;   100.000;  5000.000;  1000.000
 500.71;  2100.000;   100.000;  5000.000;  2000.000
 501.30;  1600.000;   100.000;  5000.000;  1500.000
 501.89;   600.000;   100.000;  5000.000;   500.000
"""


def test_avantes_export_columns(tmp_path):
    p = _write(tmp_path, "avantes.ttt", AVANTES)
    wl = [500.12, 500.71, 501.30, 501.89]
    _assert_same(read_spectrum(p), wl, [1000.0, 2000.0, 1500.0, 500.0])  # last column
    _assert_same(read_spectrum(p, column="Sample"), wl, [1100.0, 2100.0, 1600.0, 600.0])
    _assert_same(read_spectrum(p, column=1, baseline=100.0), wl, [1000.0, 2000.0, 1500.0, 500.0])
    _assert_same(read_spectrum(p, column=-2), wl, [5000.0] * 4)
    with pytest.raises(FileFormatError, match=r"avantes\.ttt:8: column 5 requested"):
        read_spectrum(p, column=5)
    with pytest.raises(FileFormatError, match=r"avantes\.ttt:8: no intensity column named"):
        read_spectrum(p, column="Transmission")
    with pytest.raises(ParameterError, match="column 0 is the wavelength axis"):
        read_spectrum(p, column=0)


LABSPEC = """#Acq. time (s)=\t10
#Accumulations=\t2
#Range (nm)=\t480.123...580.456
#Grating=\t600 (500nm)
#Detector=\tSynapse CCD
#Laser=\t405 nm
#Date=\t05.03.2024 14:22
550.000\t12.0
540.000\t300.0
530.000\t1200.0
520.000\t250.0
510.000\t8.0
"""


def test_labspec_export_descending_wavelengths(tmp_path):
    s = read_spectrum(_write(tmp_path, "labspec.txt", LABSPEC))
    _assert_same(s, [510.0, 520.0, 530.0, 540.0, 550.0], [8.0, 250.0, 1200.0, 300.0, 12.0])


def test_key_value_header_and_x_units_key(tmp_path):
    text = "Sample: CsPbBr3 film\nOperator: A. B.\nX units: eV\n2.3305,1.0\n2.4,0.5\n2.5,0.1\n"
    s = read_spectrum(_write(tmp_path, "kv.csv", text))
    assert s.wavelength_nm[-1] == pytest.approx(532.0, abs=0.01)


def test_ev_conversion_and_jacobian_by_hand(tmp_path):
    text = "Energy (eV),PL (counts/eV)\n2.2,0.5\n2.3305,1.0\n2.5,0.25\n"
    p = _write(tmp_path, "ev.csv", text)
    s = read_spectrum(p)
    # 1239.841984 / 2.5 = 495.9368, / 2.3305 = 532.0068... ~ 532.0, / 2.2 = 563.5645
    np.testing.assert_allclose(s.wavelength_nm, [495.93679, 532.00686, 563.56454], atol=1e-5)
    # I_lambda = I_E E^2 / hc (Mooney & Kambhampati 2013): 0.25*6.25/1239.84 = 1.26025e-3, ...
    np.testing.assert_allclose(s.intensity, [1.260242e-3, 4.380583e-3, 1.951862e-3], rtol=1e-6)
    raw = read_spectrum(p, jacobian=False)
    np.testing.assert_array_equal(raw.intensity, [0.25, 1.0, 0.5])
    mev = read_spectrum(_write(tmp_path, "mev.csv", text.replace("(eV)", "(meV)")
                               .replace("2.2,", "2200,").replace("2.3305,", "2330.5,")
                               .replace("2.5,", "2500,")))
    np.testing.assert_allclose(mev.wavelength_nm, s.wavelength_nm, rtol=1e-12)
    # the same numbers per meV are 1000 x more per eV, hence 1000 x more per nm
    np.testing.assert_allclose(mev.intensity, s.intensity * 1000.0, rtol=1e-12)


@pytest.mark.parametrize("unit", ["cm-1", "1/cm", "cm^-1", "cm⁻¹"])
def test_wavenumber_conversion_and_jacobian_by_hand(tmp_path, unit):
    text = f"Wavenumber ({unit})\tI\n20000\t0.2\n18797\t1.0\n18000\t0.3\n"
    s = read_spectrum(_write(tmp_path, "wn.txt", text))
    # 1e7 / 20000 = 500, 1e7 / 18797 = 531.99979, 1e7 / 18000 = 555.5556
    np.testing.assert_allclose(s.wavelength_nm, [500.0, 531.999787, 555.555556], atol=1e-6)
    # I_lambda = I_nu nu^2 / 1e7: 0.2*40 = 8, 18797^2/1e7 = 35.33272, 0.3*32.4 = 9.72
    np.testing.assert_allclose(s.intensity, [8.0, 35.332721, 9.72], rtol=1e-7)


@pytest.mark.parametrize(
    ("header", "values"),
    [
        ("Wavelength (um)", [0.500, 0.532, 0.560]),
        ("Wavelength [µm]", [0.500, 0.532, 0.560]),
        ("lambda / Angstrom", [5000.0, 5320.0, 5600.0]),
        ("Wavelength (Å)", [5000.0, 5320.0, 5600.0]),
        ("wavelength in nm", [500.0, 532.0, 560.0]),
        ("Wavelength", [500.0, 532.0, 560.0]),
    ],
)
def test_length_units(tmp_path, header, values):
    text = f"{header},Intensity\n" + "".join(f"{v!r},{i}\n" for v, i in zip(values, [1, 3, 2],
                                                                          strict=True))
    s = read_spectrum(_write(tmp_path, "len.csv", text))
    np.testing.assert_allclose(s.wavelength_nm, [500.0, 532.0, 560.0], rtol=1e-12)
    np.testing.assert_array_equal(s.intensity, [1.0, 3.0, 2.0])  # no Jacobian for lengths


def test_wavelength_header_without_unit_skips_range_check(tmp_path):
    s = read_spectrum(_write(tmp_path, "vuv.csv", "wavelength,I\n120,1\n121,2\n122,1\n"))
    np.testing.assert_array_equal(s.wavelength_nm, [120.0, 121.0, 122.0])


def test_small_negative_noise_clipped_large_is_error(tmp_path):
    text = "500,0.0\n501,-0.01\n502,1.0\n503,0.3\n"
    s = read_spectrum(_write(tmp_path, "noise.csv", text))
    np.testing.assert_array_equal(s.intensity, [0.0, 0.0, 1.0, 0.3])
    s = read_spectrum(_write(tmp_path, "dark.csv", "500,100\n501,98\n502,300\n503,101\n"),
                      baseline="min")
    np.testing.assert_array_equal(s.intensity, [2.0, 0.0, 202.0, 3.0])


def test_read_spectra_names_in_order(tmp_path):
    a = _write(tmp_path, "a.csv", "500,1\n501,2\n502,1\n")
    b = _write(tmp_path, "b.csv", "600;1\n601;3\n602;1\n")
    out = read_spectra([a, str(b)])
    assert [s.name for s in out] == ["a.csv", "b.csv"]
    np.testing.assert_array_equal(out[1].intensity, [1.0, 3.0, 1.0])
