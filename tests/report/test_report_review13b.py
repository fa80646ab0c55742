"""Review of the issue-13 report path with unusual inputs: figures identical whatever
the process, names with markup, CJK and control characters, NaN rows in jvl.csv, NIR
spectra beyond the visible range and noise-free data spanning 90 decades."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from peled.datasets import SyntheticDevice, make_device
from peled.io.table import read_table
from peled.measure import analyze_batch, analyze_device
from peled.report import build
from peled.report import device_plots as P
from peled.report.figures import CieCanvas, _figure, render_formats
from peled.report.plot import panel_limits

_NUMBERS = re.compile(r'\s(?:d|points|x|y|x1|x2|y1|y2|width|height|cx|cy|r|transform|viewBox)'
                      r'="([^"]*)"')


def _well_formed(svg: str) -> None:
    """The SVG parses as XML and no coordinate attribute holds nan or inf."""
    ET.fromstring(svg.encode("utf-8"))
    for m in _NUMBERS.finditer(svg):
        assert not re.search(r"nan|inf", m.group(1), re.I), m.group(0)[:80]


def test_matplotlib_svg_ids_do_not_follow_numpy_print_mode():
    """colour-science sets NumPy's legacy print mode on import; matplotlib hashes the
    repr of the clip rectangle into the clip-path id, so a figure drawn before and one
    drawn after ``import colour`` differed (--workers 1 vs 2 gave different files)."""
    def svg_of_one_figure():
        fig, ax = _figure()
        ax.plot([0.0, 1.0], [0.0, 2.0])
        return render_formats(fig)[0]

    default = svg_of_one_figure()
    with np.printoptions(legacy="1.13"):
        legacy = svg_of_one_figure()
    ids = re.findall(r'<clipPath id="([^"]+)"', default)
    assert ids and ids == re.findall(r'<clipPath id="([^"]+)"', legacy)
    assert default == legacy


@pytest.fixture(scope="module")
def odd_batch(tmp_path_factory):
    """Devices a user may well have: markup, quotes, CJK and a control character in the
    name, NaN rows in jvl.csv, no EL / no lifetime file, an 800 nm and a 900 nm NIR
    device, detector noise; and one device with a single J-V-L row (unusable)."""
    root = tmp_path_factory.mktemp("odd")
    make_device(SyntheticDevice(name="weird"), root / "weird")
    toml = root / "weird" / "device.toml"
    lines = toml.read_text(encoding="utf-8").splitlines()
    lines[0] = 'name = "a<b>&\\"q\' \u00fcn\u00ef \u53d1\u5149 \\u0001x"'
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    d = make_device(SyntheticDevice(name="nanrows"), root / "nanrows")
    rows = (d / "jvl.csv").read_text().splitlines()
    rows[1] = "nan,nan,nan"  # right below the header
    rows[40] = "NaN,NaN,NaN"
    (d / "jvl.csv").write_text("\n".join(rows) + "\n")
    (make_device(SyntheticDevice(name="noel"), root / "noel") / "el_spectrum.csv").unlink()
    make_device(SyntheticDevice(name="nolt"), root / "nolt", write_lifetime=False)
    make_device(SyntheticDevice(name="nir", peak_nm=800, color_class="nir"), root / "nir")
    d = make_device(SyntheticDevice(name="nir900", peak_nm=900, color_class="nir"),
                    root / "nir900")
    wl = np.arange(700.0, 1101.0, 1.0)  # a NIR spectrometer: 700-1100 nm
    (d / "el_spectrum.csv").write_text("Wavelength (nm),EL intensity (a.u.)\n" + "".join(
        f"{w:g},{np.exp(-0.5 * ((w - 900.0) / 17.0) ** 2):.6g}\n" for w in wl))
    make_device(SyntheticDevice(name="noisy", detector_noise_cd_m2=0.01), root / "noisy",
                seed=3)
    make_device(SyntheticDevice(name="onepoint", v_start=2.4, v_stop=2.4), root / "onepoint")
    return root


@pytest.fixture(scope="module")
def odd_report(odd_batch, tmp_path_factory):
    from peled.execution import Runner

    out = tmp_path_factory.mktemp("odd_report")
    results = analyze_batch(odd_batch)
    with Runner(workers=1) as run:
        build.write_report(results, out, literature=False, runner=run)
    return results, out


def test_odd_devices_report_writes_valid_svg_for_every_figure(odd_report):
    results, out = odd_report
    by_name = {r.name: r for r in results}
    failed = [r.name for r in results if not hasattr(r, "summary")]
    assert failed == ["onepoint"]
    assert "only 1 complete row;" in by_name["onepoint"].error
    svgs = sorted((out / "figures").glob("*.svg"))
    kinds: dict[str, set] = {}
    for f in svgs:
        _well_formed(f.read_text(encoding="utf-8"))
        stem, kind = f.stem.rsplit("_", 1)
        kinds.setdefault(stem, set()).add(kind)
    six = {"jvl", "efficiency", "eqe", "el", "cie", "lifetime"}
    assert kinds["nanrows"] == kinds["noisy"] == kinds["nir"] == six
    assert kinds["noel"] == six - {"el", "cie"}
    assert kinds["nolt"] == six - {"lifetime"}
    weird = next(k for k in kinds if k.startswith("a_b_q"))
    assert kinds[weird] == six
    assert kinds["overview"] == {"boxplots", "cie"}


def test_names_with_markup_cjk_and_control_characters(odd_report):
    """The name is escaped in the page and the figures; its CJK characters (not in
    DejaVu Sans) no longer crash the text measure of the SVG writer; U+0001 (legal in a
    TOML string, illegal in XML) becomes U+FFFD in the SVG files and the page."""
    results, out = odd_report
    name = next(r.name for r in results if r.name.startswith("a<b>"))
    assert "\x01" in name
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "\x01" not in page
    assert "a&lt;b&gt;&amp;&#34;q&#39; \u00fcn\u00ef \u53d1\u5149 \ufffdx" in page
    weird = next((out / "figures").glob("a_b_q*_jvl.svg")).read_text(encoding="utf-8")
    assert "a&lt;b&gt;&amp;" in weird and "\u53d1\u5149 \ufffdx" in weird


def test_nan_word_rows_in_jvl_are_dropped_not_taken_for_the_header(odd_batch):
    t = read_table(odd_batch / "nanrows" / "jvl.csv")
    assert t.headers == ("Voltage (V)", "Current density (mA/cm2)", "Luminance (cd/m2)")
    full = read_table(odd_batch / "noisy" / "jvl.csv").values.shape[0]
    assert t.values.shape == (full, 3)
    assert np.isnan(t.values[0]).all() and np.isnan(t.values[39]).all()
    res = analyze_device(odd_batch / "nanrows")
    assert any("2 rows with missing/NaN values removed (lines 2, 41)" in w
               for w in res.warnings)
    assert res.sweep.voltage_v.size == full - 2


def test_el_axis_follows_the_measured_range_of_nir_spectra(odd_batch, tmp_path):
    """A 900 nm spectrum measured over 700-1100 nm: the axis is the peak +- 4 FWHM
    (was clamped to the visible 360-830 nm, leaving the curve off-axis).  A spectrum
    cut at its rising edge (no FWHM): the measured range (was NaN limits)."""
    res = analyze_device(odd_batch / "nir900")
    p = P.el_plot(res).panels[0]
    fwhm = res.el.fwhm_nm  # Gaussian sigma 17 nm: FWHM = 2 sqrt(2 ln 2) 17 = 40.03 nm
    assert fwhm == pytest.approx(2 * np.sqrt(2 * np.log(2)) * 17.0, rel=1e-3)
    assert p.xlim == pytest.approx((900.0 - 4 * fwhm, 900.0 + 4 * fwhm), rel=1e-6)
    d = make_device(SyntheticDevice(name="cut", peak_nm=900, color_class="nir"), tmp_path)
    cut = analyze_device(d)  # synthetic spectra stop at 830 nm
    assert not np.isfinite(cut.el.fwhm_nm)
    p = P.el_plot(cut).panels[0]
    assert p.xlim == (360.0, 830.0)
    assert any(getattr(it, "text", "").endswith("FWHM not measurable") for it in p.items)


def test_log_x_axes_span_nine_decades_below_the_largest_value(odd_batch):
    """Noise-free synthetic data reach 1e-87 cd/m2 at 0 V: the EQE and CE/PE x axes
    start 9 decades below the largest value (as the J axis of J-V-L) and end 5 % of
    those 9 decades above it; data with a detector floor are not affected."""
    res = analyze_device(odd_batch / "nolt")
    lum = res.sweep.luminance_cd_m2[res.sweep.valid]
    assert lum[lum > 0].min() < 1e-80
    axj, axl = P.eqe_plot(res).panels
    ce = P.efficiency_plot(res).panels[0]
    jmax = np.nanmax(res.sweep.current_density_mA_cm2[res.sweep.valid])
    lmax = np.nanmax(lum)
    assert panel_limits(axj)["x"] == pytest.approx((jmax * 1e-9, jmax * 10**0.45))
    assert panel_limits(axl)["x"] == pytest.approx((lmax * 1e-9, lmax * 10**0.45))
    assert panel_limits(ce)["x"] == pytest.approx((lmax * 1e-9, lmax * 10**0.45))
    noisy = analyze_device(odd_batch / "noisy")
    assert all(p.xlim == (None, None) for p in P.eqe_plot(noisy).panels)


def test_missing_glyph_warning_only_when_a_png_draws_the_glyphs():
    """SVG keeps text as text (the browser takes CJK from another font): no warning;
    a PNG draws DejaVu Sans boxes for them, and the user is told."""
    import warnings

    fig, ax = _figure()
    ax.set_title("\u53d1\u5149 device")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg, _ = render_formats(fig)
    assert "\u53d1\u5149 device" in svg
    assert not [w for w in caught if "Glyph" in str(w.message)]
    with pytest.warns(UserWarning, match=r"Glyph (21457|20809) .*missing from font"):
        render_formats(fig, png=True)


def test_slugs_are_short_and_unique_ignoring_case():
    used = {"overview"}
    slugs = [build._slug(n, used) for n in ("Dev", "dev", "DEV", "L" * 300, "L" * 301,
                                            "Overview", "\u53d1\u5149", "\u53d1")]
    assert slugs == ["Dev", "dev_2", "DEV_3", "L" * 120, "L" * 120 + "_2", "Overview_2",
                     "device", "device_2"]


def test_long_and_case_differing_names_get_their_own_files(tmp_path):
    """A 300-character device name made the whole report fail ('File name too long');
    'Dev' and 'dev' wrote the same files on a case-insensitive file system."""
    from peled.execution import Runner

    for folder, name in (("a", "L" * 300), ("b", "Dev"), ("c", "dev")):
        make_device(SyntheticDevice(name=name, lifetime_duration_h=0.0), tmp_path / "in" / folder)
    results = analyze_batch(tmp_path / "in")
    with Runner(workers=1) as run:
        out = build.write_report(results, tmp_path / "out", literature=False, runner=run)
    figs = sorted(f for f in out.files if f.startswith("figures/") and f.endswith("_jvl.svg"))
    assert figs == ["figures/Dev_jvl.svg", "figures/" + "L" * 120 + "_jvl.svg",
                    "figures/dev_2_jvl.svg"]
    assert len({f.lower() for f in out.files}) == len(out.files) == 3 + 2 + 3 * 5


def test_page_ids_are_unique_and_every_reference_resolves(tmp_path):
    """matplotlib hashes the axes box into its clip-path ids, so with --png every
    device's J-V-L figure had the same ids; the browser does not render an off-screen
    section (content-visibility), and the later devices' figures drew unclipped.  Two
    devices with the same name and data gave the same ids in the SVG writer too."""
    from peled.execution import Runner

    d = make_device(SyntheticDevice(name="same", lifetime_duration_h=0.0), tmp_path / "in")
    results = [analyze_device(d), analyze_device(d)]
    for png in (False, True):
        with Runner(workers=1) as run:
            build.write_report(results, tmp_path / f"out{png}", literature=False, png=png,
                               runner=run)
        page = (tmp_path / f"out{png}" / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids))
        refs = set(re.findall(r'(?:url\(#|href="#)([^")]+)', page))
        assert refs and refs <= set(ids)
        # each device's CIE figure is a <use> of the one diagram of the page, and so is
        # the overview without --png (with --png it is matplotlib's own drawing)
        assert page.count(f'<use href="#{CieCanvas.BACKGROUND_ID}"/>') == 2 + (not png)
    # the files keep matplotlib's own ids (standalone documents)
    jvl = (tmp_path / "outTrue" / "figures" / "same_jvl.svg").read_text(encoding="utf-8")
    assert re.search(r'<clipPath id="p[0-9a-f]{10}"', jvl)
