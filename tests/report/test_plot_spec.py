"""Axis limits and ticks of report plots (peled.report.plot), checked against numbers
computed by hand and against matplotlib's own autoscaling and MaxNLocator."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from peled.report.plot import Band, Line, Panel, Span, axis_ticks, panel_limits

STEPS = [1, 2, 2.5, 5, 10]


def _approx(pair, expected, rel=1e-12):
    assert pair[0] == pytest.approx(expected[0], rel=rel, abs=1e-15)
    assert pair[1] == pytest.approx(expected[1], rel=rel, abs=1e-15)


# ---------------------------------------------------------------------------- limits


def test_linear_limits_add_five_percent_of_the_range_on_each_side():
    lim = panel_limits(Panel([Line([0.0, 4.0, 10.0], [0.0, 2.0, 1.0])]))
    _approx(lim["x"], (-0.5, 10.5))  # 10 * 0.05 = 0.5
    _approx(lim["y"], (-0.1, 2.1))  # 2 * 0.05 = 0.1
    assert lim["x_data"] and lim["y_data"]
    assert lim["y2"] is None and lim["y2_data"] is False


def test_log_limits_add_five_percent_of_the_decades():
    # 1 .. 100 is two decades: 0.1 decade of margin on each side
    lim = panel_limits(Panel([Line([1.0, 100.0], [1.0, 100.0])], xlog=True, ylog=True))
    _approx(lim["x"], (10**-0.1, 10**2.1))
    _approx(lim["y"], (10**-0.1, 10**2.1))


@pytest.mark.parametrize("xlog", [False, True])
def test_limits_equal_matplotlib_autoscaling(xlog):
    """Independent path: matplotlib's own autoscale of the same data."""
    x = np.array([0.3, 2.0, 7.5, 41.0])
    y = np.array([-3.0, 0.5, 2.0, 9.0])
    fig = Figure()
    ax = fig.subplots()
    ax.plot(x, y)
    if xlog:
        ax.set_xscale("log")
    lim = panel_limits(Panel([Line(x, y)], xlog=xlog))
    _approx(lim["x"], ax.get_xlim(), rel=1e-9)
    _approx(lim["y"], ax.get_ylim(), rel=1e-9)


def test_fixed_low_end_with_autoscaled_high_end():
    lim = panel_limits(Panel([Line([0.0, 1.0], [2.0, 12.0])], ylim=(0.0, None)))
    # high end: 12 + 0.05 * (12 - 2) = 12.5; low end fixed at 0
    _approx(lim["y"], (0.0, 12.5))
    lim = panel_limits(Panel([Line([0.0, 1.0], [2.0, 12.0])], ylim=(None, 20.0)))
    _approx(lim["y"], (2.0 - 0.5, 20.0))


def test_y_floor_applies_only_inside_the_autoscaled_range():
    line = Line([0.0, 1.0], [1e-12, 1.0])
    # autoscaled: 12 decades, 0.6 decade margins -> 10^-12.6 .. 10^0.6
    auto = panel_limits(Panel([line], ylog=True))["y"]
    _approx(auto, (10**-12.6, 10**0.6), rel=1e-9)
    floored = panel_limits(Panel([line], ylog=True, y_floor=1e-9))["y"]
    _approx(floored, (1e-9, 10**0.6), rel=1e-9)
    # a floor below the autoscaled low end changes nothing
    _approx(panel_limits(Panel([line], ylog=True, y_floor=1e-15))["y"], auto, rel=1e-9)
    # a floor above the high end would empty the axis: ignored
    _approx(panel_limits(Panel([line], ylog=True, y_floor=10.0))["y"], auto, rel=1e-9)
    # a fixed low end wins over the floor
    fixed = panel_limits(Panel([line], ylog=True, y_floor=1e-9, ylim=(1e-20, None)))["y"]
    _approx(fixed, (1e-20, 10**0.6), rel=1e-9)


def test_log_axis_without_positive_data_is_flagged_and_spans_two_decades():
    lim = panel_limits(Panel([Line([1.0, 2.0, 3.0], [0.0, -1.0, np.nan])], ylog=True))
    assert lim["y"] == (0.1, 10.0)
    assert lim["y_data"] is False
    assert lim["x_data"] is True
    _approx(lim["x"], (0.9, 3.1))
    empty = panel_limits(Panel([Line([], [])], xlog=True, ylog=True))
    assert empty["x"] == (0.1, 10.0) and empty["y"] == (0.1, 10.0)
    assert not empty["x_data"] and not empty["y_data"]
    # a linear axis without data is 0..1
    assert panel_limits(Panel())["y"] == (0.0, 1.0)


def test_twin_axis_limits_are_independent_and_the_x_axis_is_shared():
    left = Panel([Line([0.0, 1.0], [0.0, 10.0])])
    left.twin = Panel([Line([0.0, 3.0], [100.0, 200.0])], ylog=True)
    lim = panel_limits(left)
    _approx(lim["y"], (-0.5, 10.5))
    # log10(100) = 2, log10(200) = 2.30103: margin 0.05 * 0.30103 decades
    d = 0.05 * math.log10(2.0)
    _approx(lim["y2"], (10 ** (2 - d), 10 ** (math.log10(200.0) + d)), rel=1e-9)
    _approx(lim["x"], (-0.15, 3.15))  # extent of both panels' x data
    assert lim["y2_data"] is True


def test_single_value_is_widened_as_matplotlib_does():
    # 5 -> 5 +- 0.25 (5 %), then 5 % margins of 0.5: 4.725 .. 5.275
    lim = panel_limits(Panel([Line([1.0], [5.0])]))
    _approx(lim["y"], (4.725, 5.275))
    _approx(lim["x"], (0.945, 1.055))
    # zero -> +-0.05, then margins: +-0.055
    _approx(panel_limits(Panel([Line([0.0, 0.0], [0.0, 0.0])]))["y"], (-0.055, 0.055))
    # on a log axis in decades: 10 -> 10^(1 +- 0.055)
    _approx(panel_limits(Panel([Line([1.0], [10.0])], ylog=True))["y"],
            (10**0.945, 10**1.055), rel=1e-9)


def test_nan_and_inf_are_ignored():
    x = [0.0, np.nan, 10.0, np.inf, -np.inf]
    y = [1.0, 5.0, np.nan, 3.0, 2.0]
    lim = panel_limits(Panel([Line(x, y)]))
    _approx(lim["x"], (-0.5, 10.5))
    _approx(lim["y"], (0.8, 5.2))


def test_band_and_span_set_the_limits_too():
    lim = panel_limits(Panel([Band([0.0, 2.0], [-1.0, 0.0], [1.0, 3.0]), Span(4.0, 6.0)]))
    _approx(lim["x"], (-0.3, 6.3))
    _approx(lim["y"], (-1.2, 3.2))


# ----------------------------------------------------------------------------- ticks


@pytest.mark.parametrize(("low", "high", "length_in", "vertical"), [
    (-0.5, 10.5, 5.13, False),
    (0.0, 21.7, 5.13, False),
    (-3.3, 0.07, 3.15, True),
    (380.0, 720.0, 2.0, False),
    (0.0, 1.05, 1.0, True),
    (1234.5, 1236.0, 4.0, False),
])
def test_linear_ticks_equal_matplotlib_max_n_locator(low, high, length_in, vertical):
    """Bins: one per three 10 pt label widths along x, one per two label heights along y,
    at most 9 (matplotlib's automatic tick spacing)."""
    bins = max(1, min(9, int(length_in * 72 / (10.0 * (2 if vertical else 3)))))
    expected = MaxNLocator(nbins=bins, steps=STEPS).tick_values(low, high)
    expected = expected[(expected >= low - 1e-9) & (expected <= high + 1e-9)]
    t = axis_ticks(low, high, False, length_in, vertical=vertical)
    np.testing.assert_allclose(t.major, expected, rtol=0, atol=1e-9 * (high - low))
    assert all(low <= v <= high for v in t.major)
    assert len(t.labels) == len(t.major) and t.minor == ()


def test_linear_labels_use_the_fewest_decimals():
    t = axis_ticks(0.0, 5.0, False, 1.0)  # 2 bins along x: 0, 2.5, 5
    assert t.major == (0.0, 2.5, 5.0)
    assert t.labels == ("0.0", "2.5", "5.0")
    t = axis_ticks(0.0, 10.0, False, 1.0)
    assert t.major == (0.0, 5.0, 10.0)
    assert t.labels == ("0", "5", "10")
    t = axis_ticks(0.0, 0.2, False, 1.0)
    assert t.labels == ("0.0", "0.1", "0.2")


def test_negative_labels_use_the_unicode_minus():
    t = axis_ticks(-10.0, 10.0, False, 1.0)
    assert t.labels == ("\u221210", "0", "10")
    assert "-" not in "".join(axis_ticks(-3.3, -0.2, False, 3.0, vertical=True).labels)


def test_log_ticks_are_decades_with_superscript_labels():
    t = axis_ticks(0.05, 2e4, True, 3.15, vertical=True)
    assert t.major == (0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0)
    assert t.labels == ("10\u207b\u00b9", "10\u2070", "10\u00b9", "10\u00b2", "10\u00b3",
                        "10\u2074")
    # minors: 2..9 x each decade inside the limits (0.05 .. 2e4): 0.05..0.09 (5), 8 per
    # full decade for 0.1 .. 1e4 (5 decades = 40), and 2e4 itself
    assert len(t.minor) == 5 + 40 + 1
    assert min(t.minor) == pytest.approx(0.05) and max(t.minor) == pytest.approx(2e4)


def test_long_log_axes_thin_the_decades_and_drop_minor_ticks():
    t = axis_ticks(1e-12, 1e12, True, 5.13)
    exps = [round(math.log10(v)) for v in t.major]
    strides = set(np.diff(exps))
    assert len(strides) == 1 and strides.pop() > 1
    assert len(t.major) <= 9
    assert t.minor == ()
    assert t.labels[0] == "10\u207b\u00b9\u00b2" and t.labels[-1] == "10\u00b9\u00b2"


def test_short_log_axis_labels_the_two_and_five_minors():
    t = axis_ticks(2e3, 9e3, True, 3.15, vertical=True)
    assert t.major == (2000.0, 5000.0)
    assert t.labels == ("2\u00d710\u00b3", "5\u00d710\u00b3")
    assert t.minor == (3000.0, 4000.0, 6000.0, 7000.0, 8000.0, 9000.0)


def test_log_axis_without_a_labelled_tick_falls_back_to_linear_labels():
    t = axis_ticks(2.1, 2.9, True, 3.15, vertical=True)
    # at most 4 bins, steps 1, 2, 2.5, 5, 10 over 2.1 .. 2.9: 0.2 apart
    assert t.major == pytest.approx((2.2, 2.4, 2.6, 2.8))
    assert t.labels == ("2.2", "2.4", "2.6", "2.8")
    assert t.minor == ()


# ----------------------------------------------------- extreme values (regressions)


def test_extreme_magnitudes_give_finite_increasing_limits():
    """Before the fix: OverflowError (10**308.3 on a log axis), (-inf, inf) on a linear
    axis spanning +-1.7e308, an inverted (0.1, 3e-306) log axis for one denormal value,
    and a zero-width axis for a single 5e-324 on a linear axis."""
    cases = [(Line([1.53e292], [1.0]), True), (Line([-1.7e308, 1.7e308], [1.0, 2.0]), False),
             (Line([5e-324], [1.0]), True), (Line([5e-324], [1.0]), False),
             (Line([1e-320, 1e-310], [1.0, 2.0]), True)]
    for line, xlog in cases:
        lo, hi = panel_limits(Panel([line], xlog=xlog))["x"]
        assert math.isfinite(lo) and math.isfinite(hi) and lo < hi, (line.x, xlog)
        if xlog:
            assert lo > 0
    # data at +-1.7e308 counts as +-1e300: 5 % margins of 2e300
    _approx(panel_limits(Panel([cases[1][0]]))["x"], (-1.1e300, 1.1e300))
    # one value too small for a 5 % pad is widened by +-0.05, as matplotlib does
    _approx(panel_limits(Panel([cases[3][0]]))["x"], (-0.055, 0.055))
    # on a log axis the data below 1e-300 count as 1e-300: 10^-300 .. 10^(-300 + 16.5)
    _approx(panel_limits(Panel([cases[2][0]], xlog=True))["x"], (1e-300, 10**-283.5),
            rel=1e-9)


@pytest.mark.parametrize(("low", "high"), [(1e6, 1.0001e6), (1234.5, 1234.5000001),
                                           (-2e-4, -1.9999e-4), (0.0, 3e6)])
def test_linear_labels_stay_distinct_and_read_back_as_the_ticks(low, high):
    """Before the fix: six '1e+06' labels on a 1e6 .. 1.0001e6 axis, and six '1234.5'
    on 1234.5 .. 1234.5000001."""
    t = axis_ticks(low, high, False, 5.13)
    assert len(t.major) >= 3
    assert len(set(t.labels)) == len(t.labels)
    step = t.major[1] - t.major[0]
    scale = _multiplier_value(t.multiplier)
    for v, s in zip(t.major, t.labels, strict=True):
        assert float(s.replace("\u2212", "-")) * scale == pytest.approx(v, rel=0,
                                                                        abs=0.01 * step)


def _multiplier_value(text: str) -> float:
    """10**n of a "×10ⁿ" multiplier (1 for none), decoded independently of plot.py."""
    if not text:
        return 1.0
    digits = text.removeprefix("×10").translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    return 10.0 ** int(digits)


def test_tiny_and_large_linear_axes_show_short_labels_and_a_multiplier():
    """0 .. 3.5e-4 (a near-dark device's power efficacy) reads 0.0 .. 3.5 with ×10⁻⁴
    instead of 0.00000 .. 0.00035 (wider than the figure margin); 0 .. 3e6 reads 0 .. 3
    with ×10⁶; ticks close together on a large offset keep plain labels."""
    t = axis_ticks(0.0, 3.6e-4, False, 3.15, vertical=True)
    assert t.multiplier == "×10⁻⁴"
    assert t.labels[:3] == ("0.0", "0.5", "1.0") and t.labels[-1] == "3.5"
    t = axis_ticks(0.0, 3.1e6, False, 5.13)
    assert t.multiplier == "×10⁶" and t.labels[-1] == "3.0"
    assert axis_ticks(1e6, 1.0001e6, False, 5.13).multiplier == ""
    assert axis_ticks(0.0, 20.0, False, 5.13).multiplier == ""


def test_log_axis_with_a_single_decade_tick_labels_the_two_and_five_minors():
    """1.57 decades (1918 .. 71260) hold one decade tick, 10^4.  Before the fix the axis
    fell back to linear ticks 2e4, 4e4, 6e4 labelled '2e+04', '4e+04', '6e+04', crowded
    on the right of the log axis (4e4 -> 6e4 is 0.18 decade, 28 pt on a 3.5 in axis,
    less than the 33 pt width of a label)."""
    t = axis_ticks(1917.79, 71260.5, True, 3.53)
    assert t.major == (2e3, 5e3, 1e4, 2e4, 5e4)
    assert t.labels == ("2\u00d710\u00b3", "5\u00d710\u00b3", "10\u2074", "2\u00d710\u2074",
                        "5\u00d710\u2074")
    assert t.minor == (3e3, 4e3, 6e3, 7e3, 8e3, 9e3, 3e4, 4e4, 6e4, 7e4)
    # the linear fallback keeps distinct labels: 20010 .. 20090 (0.002 decade)
    t = axis_ticks(20010.0, 20090.0, True, 3.53)
    assert t.major == (20020.0, 20040.0, 20060.0, 20080.0)
    assert t.labels == ("20020", "20040", "20060", "20080")


def test_a_fixed_end_beyond_the_data_never_gives_an_empty_axis():
    """Before the fix: (0, -2.9) for negative data under ylim=(0, None), (2, 2) and
    (32.8, 32.8) (zero-width) on log axes with one end fixed beyond the data, and a
    zero-width axis for equal fixed ends (NaN tick positions in the SVG)."""
    def ylim(y, **kw):
        return panel_limits(Panel([Line([1.0, 2.0], y)], **kw))["y"]

    # the free end goes one unit (two decades on a log axis) beyond the fixed one
    assert ylim([-5.0, -3.0], ylim=(0.0, None)) == (0.0, 1.0)
    assert ylim([5.0, 30.0], ylim=(None, 2.0)) == (1.0, 2.0)
    _approx(ylim([5.0, 30.0], ylog=True, ylim=(None, 2.0)), (0.02, 2.0))
    _approx(ylim([5.0, 30.0], ylog=True, ylim=(100.0, None)), (100.0, 1e4))
    # a fixed 0 cannot be a log axis end: autoscaled, 5 % of log10(6) decades below 5
    d = 0.05 * math.log10(6.0)
    _approx(ylim([5.0, 30.0], ylog=True, ylim=(0.0, None)),
            (5.0 / 10**d, 30.0 * 10**d), rel=1e-9)
    # equal fixed ends widen as one data value does: 5 %, or 0.05 around zero
    _approx(ylim([5.0, 30.0], ylim=(0.0, 0.0)), (-0.05, 0.05))
    _approx(ylim([5.0, 30.0], ylim=(4.0, 4.0)), (3.8, 4.2))
    _approx(ylim([5.0, 30.0], ylog=True, ylim=(3.0, 3.0)), (3.0 / 10**0.05, 3.0 * 10**0.05))
    # both ends fixed in reverse: an inverted axis, as asked
    assert ylim([5.0, 30.0], ylim=(10.0, 0.0)) == (10.0, 0.0)
