"""Report figures and writer pieces, checked against known numbers."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.patches import Polygon, Rectangle

from peled.datasets import SyntheticDevice, make_device
from peled.measure import StretchedExponentialDecay, analyze_device
from peled.measure.decay import Z_95
from peled.report import figures as F
from peled.report.build import _slug, device_entry
from peled.report.device_plots import stretched_band
from peled.report.plot import decade_label, minor_label


@pytest.fixture(scope="module")
def device(tmp_path_factory):
    """Synthetic device with known EQE_max = 18 % at J* = 20 mA/cm2 and tau = 400 h."""
    dev = SyntheticDevice(name="known", eqe_max_pct=18.0, j_star_mA_cm2=20.0,
                          lifetime_tau_h=400.0, lifetime_beta=0.7, lifetime_duration_h=100.0,
                          lifetime_noise_rel=0.003, v_step=0.02)
    folder = make_device(dev, tmp_path_factory.mktemp("dev") / "known", seed=3)
    return dev, analyze_device(folder)


def test_decade_labels_are_plain_unicode():
    assert decade_label(1000.0) == "10³"
    assert decade_label(0.01) == "10⁻²"
    assert decade_label(1.0) == "10⁰"
    assert decade_label(20.0) == "" and decade_label(0.0) == ""


def test_stretched_band_width_equals_the_tx_confidence_interval():
    """At t = T_x the band's width in u = ln(-ln y), divided by beta, is the half-width of
    the delta-method CI of ln T_x (same linearisation; see stretched_band)."""
    rng = np.random.default_rng(0)
    t = np.linspace(0.0, 150.0, 301)
    y = np.exp(-((t / 500.0) ** 0.8)) * (1 + 0.004 * rng.standard_normal(t.size))
    fit = StretchedExponentialDecay().fit(t, y)
    cov = np.diag([1 / fit.tau_, 1.0]) @ fit.covariance_ @ np.diag([1 / fit.tau_, 1.0])
    for x in (0.8, 0.5, 0.3):
        t_x, lo, hi = fit.lifetime(x)
        band_lo, band_hi = stretched_band(np.array([t_x]), fit.tau_, fit.beta_, cov)
        # the fitted curve passes through x at T_x, inside the band
        assert band_lo[0] < x < band_hi[0]
        du = np.log(-np.log(band_lo[0])) - np.log(-np.log(band_hi[0]))
        assert du / (2 * Z_95 * fit.beta_) == pytest.approx(np.log(hi / t_x) / Z_95, rel=1e-9)


def test_lifetime_figure_shades_exactly_the_extrapolated_range(device):
    dev, res = device
    p = res.lifetime.primary
    assert p.duration_h == pytest.approx(100.0)
    t50 = p.t(0.5)
    assert t50.extrapolated
    assert t50.t_h == pytest.approx(dev.t_x_h(0.5), rel=0.03)  # 400 (ln 2)^(1/0.7) h
    fig = F.lifetime_figure(res)
    ax = fig.axes[0]
    spans = [a for a in ax.patches if isinstance(a, (Polygon, Rectangle))]
    xs = np.concatenate([np.asarray(a.get_xy())[:, 0] if isinstance(a, Polygon)
                         else [a.get_x(), a.get_x() + a.get_width()] for a in spans])
    assert xs.min() == pytest.approx(100.0) and xs.max() == pytest.approx(p.fit_time_h[-1])
    # the band (fill_between) is drawn beyond the measured duration only
    band = [c for c in ax.collections if c.get_label() == "95 % band (fit)"]
    assert len(band) == 1
    verts = band[0].get_paths()[0].vertices
    assert verts[:, 0].min() >= 100.0 - 1e-9


def test_eqe_figure_marks_the_known_maximum(device):
    dev, res = device
    fig = F.eqe_figure(res)
    axj = fig.axes[0]
    marker = [ln for ln in axj.lines if ln.get_label().startswith("max")][0]
    j, eqe = marker.get_xdata()[0], marker.get_ydata()[0]
    assert eqe == pytest.approx(18.0, rel=0.005)  # generating EQE_max
    assert j == pytest.approx(20.0, rel=0.1)  # J* on a 20 mV voltage grid
    assert axj.get_xscale() == "log" and fig.axes[1].get_xscale() == "log"


def test_boxplot_medians_are_the_device_medians():
    summaries = [{"eqe_max_pct": e, "luminance_max_cd_m2": l_, "v_on_v": v, "peak_nm": p}
                 for e, l_, v, p in [(10.0, 1e3, 2.5, 520.0), (20.0, 1e4, 2.7, 515.0),
                                     (15.0, 1e5, 3.1, 530.0), (None, None, None, None)]]
    fig = F.batch_boxplot_figure(summaries)
    expected = [15.0, 1e4, 2.7, 520.0]
    for ax, med in zip(fig.axes, expected, strict=True):
        lines = [ln for ln in ax.lines if len(ln.get_ydata()) == 2
                 and ln.get_ydata()[0] == ln.get_ydata()[1]]
        assert any(ln.get_ydata()[0] == pytest.approx(med) for ln in lines)
    assert fig.axes[1].get_yscale() == "log"
    # the log axis shows the data (1e3..1e5), not an empty "no data" frame
    lo, hi = fig.axes[1].get_ylim()
    assert lo <= 1e3 and hi >= 1e5
    assert not any(t.get_text() == "no data" for t in fig.axes[1].texts)


def test_svg_for_html_strips_urls_and_sizes(device):
    _, res = device
    svg, png = F.render(F.el_figure(res))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "http" not in svg and "<metadata" not in svg
    head = svg[: svg.index(">")]
    assert "viewBox" in head and " width=" not in head and " height=" not in head


def test_slugs_are_file_safe_and_unique():
    used: set[str] = set()
    assert _slug("green-CsPbBr3 (synthetic)", used) == "green-CsPbBr3_synthetic"
    assert _slug("green-CsPbBr3 (synthetic)", used) == "green-CsPbBr3_synthetic_2"
    assert _slug("../..", used) == "device"


def test_entry_lifetime_estimates_carry_the_ci(device):
    _, res = device
    entry = device_entry(res)
    t50 = [e for e in entry["lifetime_estimates"] if e["fraction"] == 0.5][0]
    est = res.lifetime.primary.t(0.5)
    assert (t50["t_h"], t50["lower_h"], t50["upper_h"]) == (est.t_h, est.lower_h, est.upper_h)
    assert t50["extrapolated"] is True
    assert t50["lower_h"] < t50["t_h"] < t50["upper_h"]


def test_html_number_format():
    from peled.report.build import _fmt

    assert _fmt(73104.29, 4) == "73,104"  # no 7.31e+04 for a luminance
    assert _fmt(22.2308, 4) == "22.23"
    assert _fmt(2.3e8, 3) == "2.30e+08"
    assert _fmt(float("nan")) == "–" and _fmt(None) == "–"
    assert _fmt(True) == "yes" and _fmt(3) == "3"


def test_minor_log_labels_only_on_short_axes():
    assert minor_label(2e4, 0.9) == "2×10⁴"
    assert minor_label(5e-2, 1.2) == "5×10⁻²"
    assert minor_label(3e4, 0.9) == ""  # only 2x and 5x
    assert minor_label(2e4, 3.0) == ""  # long axes: decades suffice


def test_jvl_figure_plots_luminance_above_the_detector_floor_only(tmp_path):
    """Detector noise 0.01 cd/m2: readings below the 3-sigma floor are not drawn, the
    floor is (dotted line), and the axis reaches below it."""
    dev = SyntheticDevice(name="noisy", detector_noise_cd_m2=0.01, v_step=0.05,
                          lifetime_duration_h=0)
    res = analyze_device(make_device(dev, tmp_path / "noisy", seed=2))
    assert res.detector_floor == pytest.approx(0.03, rel=0.3)
    fig = F.jvl_figure(res)
    ax2 = fig.axes[1]
    line = [ln for ln in ax2.lines if ln.get_label() == "L (forward)"][0]
    sw = res.forward
    keep = sw.valid & (sw.luminance_cd_m2 > 0)
    np.testing.assert_array_equal(line.get_ydata(), sw.luminance_cd_m2[keep])
    assert np.all(line.get_ydata() > res.detector_floor)
    floor = [ln for ln in ax2.lines if ln.get_label().startswith("detector floor")][0]
    assert floor.get_ydata()[0] == res.detector_floor > 0
    assert ax2.get_ylim()[0] < res.detector_floor


def test_lifetime_band_comes_from_the_stored_covariance_and_short_runs_use_minutes(
        tmp_path):
    """The report draws the band of the run's own fit covariance (no refit), and a
    40-minute run is plotted in minutes: T50 = 16.8 min (Jang et al. (2025) sky-blue row, ref. 254)
    and beta = 1 give a 40 min x axis with T50 near 16.8."""
    import math

    dev = SyntheticDevice(name="short", lifetime_tau_h=16.8 / 60 / math.log(2),
                          lifetime_beta=1.0, lifetime_duration_h=10 / 60,
                          lifetime_points=101, lifetime_noise_rel=0.002,
                          lifetime_time_unit="min", v_step=0.05)
    res = analyze_device(make_device(dev, tmp_path / "short", seed=5))
    p = res.lifetime.primary
    fig = F.lifetime_figure(res)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "time (min)"
    assert ax.get_xlim()[1] == pytest.approx(p.fit_time_h[-1] * 60)
    band = [c for c in ax.collections if c.get_label() == "95 % band (fit)"][0]
    verts = band.get_paths()[0].vertices
    tt = p.fit_time_h[p.fit_time_h >= p.duration_h]
    lo, hi = stretched_band(tt, p.stretched_tau_h, p.stretched_beta,
                              p.stretched_covariance_logtau_beta)
    # the polygon holds the upper and lower curves at the same abscissae (in minutes)
    for x, y in ((tt[len(tt) // 2] * 60, hi[len(tt) // 2]), (tt[-1] * 60, lo[-1])):
        assert np.any(np.isclose(verts[:, 0], x) & np.isclose(verts[:, 1], y))
    t50 = [t for t in ax.texts if t.get_text().startswith("T50")][0].get_text()
    assert t50.endswith(" min") and float(t50.split()[2]) == pytest.approx(16.8, rel=0.05)
