"""A file whose header is optional: a preamble line of words above comma data is not a
header (hypothesis found 'A A', two 'columns in amperes', above headerless responsivity
data), while a header written with another separator that names quantities with units
is kept."""

from __future__ import annotations

import numpy as np

from peled.io.instruments import read_responsivity
from peled.io.table import read_table


def test_preamble_words_above_headerless_comma_data_are_not_a_header(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("A A\n150.0,0.0\n151.0,0.25\n", encoding="utf-8")
    r = read_responsivity(f)
    np.testing.assert_array_equal(r.wavelength_nm, [150.0, 151.0])
    np.testing.assert_array_equal(r.a_per_w, [0.0, 0.25])
    assert not read_table(f, header="optional").has_header


def test_space_separated_header_over_comma_data_is_kept(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("wavelength (nm) responsivity (A/W)\n450,0.25\n550,0.30\n",
                 encoding="utf-8")
    t = read_table(f, header="optional")
    assert t.headers == ("wavelength (nm)", "responsivity (A/W)")
    assert read_responsivity(f).a_per_w.tolist() == [0.25, 0.30]


def test_bare_unit_header_over_whitespace_data_is_kept(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("nm counts\n500 10\n501 12\n", encoding="utf-8")
    assert read_table(f, header="optional").headers == ("nm", "counts")
