"""The table reader skips dialects that cannot win (speed); the chosen dialect, start and
length of the data run are exactly those of trying every dialect."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from peled.io.table import _best_run

_TOKENS = st.sampled_from([
    "1", "2.5", "-3,25", "1e-3", "4,0E+2", "NaN", "nan", "inf", "", "V (V)", "J",
    '"1,5"', "'7'", "abc", "0.000", "12", "—", "L (cd/m2)", "1.000,5",
])
_SEPS = st.sampled_from([",", ";", "\t", " ", "  ", ", ", "; "])


@st.composite
def _lines(draw):
    sep = draw(_SEPS)
    rows = draw(st.lists(st.lists(_TOKENS, min_size=1, max_size=5), min_size=1, max_size=12))
    lines = [sep.join(r).strip() for r in rows]
    if draw(st.booleans()):  # a preamble line in another style
        lines.insert(0, draw(_SEPS).join(draw(st.lists(_TOKENS, max_size=3))).strip())
    return [ln for ln in lines if ln]


@settings(max_examples=300, deadline=None)
@given(_lines())
def test_pruned_search_equals_the_full_search(lines):
    assert _best_run(lines) == _best_run(lines, prune=False)


def test_typical_instrument_exports_pick_the_expected_dialect():
    csv = ["V (V),J (mA/cm2),L (cd/m2)", "0.0,1e-5,0", "0.1,2e-5,0.01"]
    semi = ["Spannung;Strom", "2,5;1,0E-1", "3;2"]
    tab = ["V\tJ", "1\t2", "3\t4"]
    spaced = ["V J", "1 2", "3 4"]
    for lines, sep, dec in ((csv, ",", "."), (semi, ";", ","), (tab, "\t", "."),
                            (spaced, None, ".")):
        dialect, start, length = _best_run(lines)
        assert (dialect.sep, dialect.decimal, start, length) == (sep, dec, 1, 2)
