"""Malformed spectrum files: each raises a PeledError naming the file and the line."""

import re

import pytest

from peled.errors import FileFormatError, ParameterError, PeledError, UnitError
from peled.spectra import read_spectrum

HEADER = "Wavelength (nm),Intensity\n"
GOOD = "".join(f"{500 + k},{v}\n" for k, v in enumerate([0.1, 0.3, 0.7, 1.0, 0.6, 0.2, 0.05]))


def _rows(*pairs):
    return "".join(f"{a},{b}\n" for a, b in pairs)


CASES = [
    # (id, text, error type, line, message fragment)
    ("empty", "", FileFormatError, 1, "file is empty"),
    ("blank", "\n   \n\n", FileFormatError, 1, "file is empty"),
    ("header_only", HEADER, FileFormatError, 1, "no data lines found"),
    ("one_column", "Wavelength (nm)\n500\n501\n502\n", FileFormatError, 2, "only one column"),
    ("text_in_data", HEADER + _rows((500, 0.1), (501, 0.3), (502, 0.5), (503, 0.8), (504, 1.0))
     + "532, abc\n" + _rows((506, 0.5), (507, 0.2), (508, 0.1), (509, 0.05), (510, 0.01),
                            (511, 0.0)),
     FileFormatError, 7, "expected two numbers, got '532, abc'"),
    ("text_line_early", HEADER + "500,0.1\n501,0.2\nsaturated!\n" + GOOD.replace("50", "51"),
     FileFormatError, 4, "expected two numbers, got 'saturated!'"),
    ("single_row_then_text", HEADER + "500,0.1\nsaturated!\n" + GOOD.replace("50", "51"),
     FileFormatError, 3, "got 'saturated!'"),
    ("text_line_late", HEADER + GOOD + "n/a\n" + _rows((520, 1), (521, 2)),
     FileFormatError, 9, "got 'n/a'"),
    ("broken_last_row", HEADER + GOOD + "507,\n", FileFormatError, 9, "got '507,'"),
    ("blank_line_in_data", HEADER + GOOD + "\n" + _rows((520, 1), (521, 2)),
     FileFormatError, 9, "blank line inside the data"),
    ("three_columns_in_two", HEADER + GOOD + "507,0.01,3\n" + _rows((508, 0.0)),
     FileFormatError, 9, "got '507,0.01,3'"),
    ("nan_intensity", HEADER + _rows((500, 0.1), (501, "NaN"), (502, 0.3)),
     FileFormatError, 3, "non-finite value"),
    ("inf_wavelength", HEADER + _rows((500, 0.1), (501, 0.2), ("inf", 0.3)),
     FileFormatError, 4, "non-finite value"),
    ("unsorted", HEADER + _rows((500, 0.1), (501, 0.2), (503, 0.3), (502, 0.4), (504, 0.1)),
     FileFormatError, 5, "not sorted: 502 after 503"),
    ("duplicated", HEADER + _rows((500, 0.1), (501, 0.2), (501, 0.3), (502, 0.1)),
     FileFormatError, 4, "duplicated wavelength 501 (same as line 3)"),
    ("negative_wavelength", HEADER + _rows((-1, 0.1), (501, 0.2), (502, 0.3)),
     FileFormatError, 2, "wavelength must be > 0, got -1"),
    ("zero_wavelength", _rows((0, 0.1), (501, 0.2), (502, 0.3)),
     FileFormatError, 1, "wavelength must be > 0, got 0"),
    ("negative_energy", "Energy (eV),I\n-2.3,1\n2.4,2\n2.5,1\n",
     FileFormatError, 2, "axis value (eV) must be > 0"),
    ("two_points", HEADER + _rows((500, 0.1), (501, 0.2)),
     FileFormatError, 2, "only 2 data rows; a spectrum needs at least 3"),
    ("negative_intensity", HEADER + _rows((500, 0.1), (501, -0.5), (502, 1.0), (503, 0.2)),
     FileFormatError, 3, "negative intensity -0.5"),
    ("unknown_unit", "wavelength (furlongs),I\n" + GOOD, UnitError, 1, "unknown unit 'furlongs'"),
    ("unknown_unit_second_header", "Instrument: X\nWave;Counts\n[mm];[a.u.]\n500;1\n501;2\n502;1\n",
     UnitError, 3, "unknown unit 'mm'"),
    ("unknown_unit_key", "# X units: furlongs\n" + GOOD, UnitError, 1, "unknown unit 'furlongs'"),
    ("raman_shift", "Raman Shift (cm-1)\tI\n100\t1\n200\t2\n300\t1\n", UnitError, 1,
     "Raman shift axis ('Raman Shift (cm-1)') is relative to the laser line"),
    ("no_unit_out_of_range", "2.3,1\n2.4,2\n2.5,1\n", UnitError, 1,
     "no unit in the header and x value 2.3 is outside 150-2500 nm"),
    ("overflow_after_conversion", "Wavenumber (cm-1),I\n1e300,1\n2e300,2\n3e300,1\n",
     FileFormatError, 2, "out of range after conversion"),
]


@pytest.mark.parametrize(("text", "err", "line", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_malformed_file_names_file_and_line(tmp_path, text, err, line, fragment):
    p = tmp_path / "spec.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(err) as info:
        read_spectrum(p)
    msg = str(info.value)
    assert isinstance(info.value, PeledError)
    assert msg.startswith(f"{p}:{line}: "), msg
    assert fragment in msg, msg
    assert "\n" not in msg
    if isinstance(info.value, FileFormatError):
        assert info.value.line == line and info.value.path == str(p)


def test_example_message_style(tmp_path):
    p = tmp_path / "spec.csv"
    p.write_text(HEADER + _rows((500, 0.1), (501, 0.3), (502, 0.5), (503, 0.8), (504, 1.0))
                 + "532, abc\n" + _rows((506, 0.5), (507, 0.2)), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        read_spectrum(p)
    assert re.match(r".*spec\.csv:7: expected two numbers, got '532, abc'", str(info.value))


def test_missing_file_directory_and_binary(tmp_path):
    with pytest.raises(FileFormatError, match=r"nope\.csv: file not found"):
        read_spectrum(tmp_path / "nope.csv")
    with pytest.raises(FileFormatError, match="(?i)is a directory"):
        read_spectrum(tmp_path)
    b = tmp_path / "spec.spc"
    b.write_bytes(b"500,1\n501,2\n\x00\x01\x02binary")
    with pytest.raises(FileFormatError, match=r"spec\.spc:3: binary data"):
        read_spectrum(b)


def test_bad_arguments(tmp_path):
    p = tmp_path / "ok.csv"
    p.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ParameterError, match="baseline must be"):
        read_spectrum(p, baseline="median")
    with pytest.raises(ParameterError, match="column must be an int index or a column name"):
        read_spectrum(p, column=1.5)
