"""End-to-end analysis of device folders generated from a known model."""

import math
from dataclasses import replace

import colour
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import constants
from scipy.optimize import brentq

from peled.datasets import SyntheticDevice, make_device
from peled.errors import PeledError
from peled.measure import DeviceFailure, analyze_batch, analyze_device
from peled.measure.eqe import photons_per_joule

# The first-release JSON contract of `peled analyze`, typed independently of the implementation.
CONTRACT_KEYS = [
    "name", "eqe_max_pct", "ce_max_cd_a", "pe_max_lm_w", "luminance_max_cd_m2", "v_on_v",
    "j_at_eqe_max_mA_cm2", "eqe_at_1000_cd_m2_pct", "j50_mA_cm2", "peak_nm", "fwhm_nm",
    "cie_x", "cie_y", "t50_h", "t90_h", "t95_h", "t50_at_100_cd_m2_h", "warnings",
]
# keys added after the contract (second release): anomaly flags, luminance comparison, EL bands
EXTRA_KEYS = ["flags", "luminance_comparison", "el_bands"]

DENSE = SyntheticDevice(v_start=1.5, v_stop=5.0, v_step=0.005)


@pytest.fixture(scope="module")
def dense_result(tmp_path_factory):
    folder = make_device(DENSE, tmp_path_factory.mktemp("dense") / "dev")
    return analyze_device(folder)


def colour_xy(peak, fwhm):
    wl = np.arange(360.0, 831.0)
    values = np.exp(-4 * np.log(2) * ((wl - peak) / fwhm) ** 2)
    sd = colour.SpectralDistribution(dict(zip(wl, values, strict=True)))
    return colour.XYZ_to_xy(colour.sd_to_XYZ(sd))


def test_summary_has_exactly_the_contract_keys(dense_result):
    assert list(dense_result.summary()) == CONTRACT_KEYS + EXTRA_KEYS


def test_synthetic_eqe_curve_recovered_to_half_percent(dense_result):
    sw = dense_result.forward
    j_a_m2 = sw.current_density_mA_cm2 * 10.0
    model = DENSE.eqe(j_a_m2) * 100.0
    ok = sw.valid & (model > 1e-3)
    assert ok.sum() > 300
    np.testing.assert_allclose(sw.eqe_pct[ok], model[ok], rtol=5e-3)


def test_synthetic_figures_recovered_to_half_percent(dense_result):
    d, f = DENSE, dense_result.figures
    assert f.eqe_max_pct == pytest.approx(d.eqe_max_pct, rel=5e-3)
    # J at the EQE maximum: a sampled point within half a voltage step of J* = 10 mA/cm2
    j_star = d.j_star_mA_cm2
    step = math.log(d.current_density_a_m2(2.7 + d.v_step) / d.current_density_a_m2(2.7))
    assert abs(math.log(f.j_at_eqe_max_mA_cm2 / j_star)) <= 0.5 * step + 1e-9
    # turn-on voltage: model luminance = 1 cd/m2
    v_on = brentq(lambda v: d.luminance_cd_m2(v) - 1.0, 1.5, 4.0)
    assert f.v_on_v == pytest.approx(v_on, rel=5e-3)
    # EQE at 1000 cd/m2 from the model
    v1000 = brentq(lambda v: d.luminance_cd_m2(v) - 1000.0, 1.5, 4.0)
    eqe1000 = float(d.eqe(d.current_density_a_m2(v1000))) * 100
    assert f.eqe_at_1000_cd_m2_pct == pytest.approx(eqe1000, rel=5e-3)
    # J50 from the analytic model: b x^-a + a x^b = 2 (a + b), x > 1
    a, b = d.roll_on, d.roll_off
    x50 = brentq(lambda x: b * x**-a + a * x**b - 2 * (a + b), 1.0, 1e6)
    assert f.j50_mA_cm2 == pytest.approx(x50 * j_star, rel=5e-3)
    assert f.luminance_max_cd_m2 == pytest.approx(d.luminance_cd_m2(d.v_stop), rel=5e-3)


@pytest.mark.filterwarnings("ignore:Aligning")
def test_synthetic_spectrum_and_colour_recovered(dense_result):
    el = dense_result.el
    assert el.peak_nm == pytest.approx(DENSE.peak_nm, rel=5e-3)
    assert el.fwhm_nm == pytest.approx(DENSE.fwhm_nm, rel=5e-3)
    x, y = colour_xy(DENSE.peak_nm, DENSE.fwhm_nm)
    assert (el.cie_x, el.cie_y) == pytest.approx((x, y), rel=5e-3)
    assert el.nearest_rec2020_primary == "green"
    assert el.inside_rec2020 is False  # a 521 nm / 20 nm line lies outside the triangle


def test_synthetic_lifetime_recovered(dense_result):
    d, s = DENSE, dense_result.summary()
    for key, frac in (("t50_h", 0.5), ("t90_h", 0.9), ("t95_h", 0.95)):
        assert s[key] == pytest.approx(d.t_x_h(frac), rel=5e-3)
    assert dense_result.lifetime.primary.t(0.5).extrapolated  # trace ends at 200 h < T50
    assert s["t50_at_100_cd_m2_h"] == pytest.approx(d.t_x_h(0.5) * 10**1.65, rel=5e-3)


def test_ce_pe_consistent_with_lambertian_relation(dense_result):
    sw = dense_result.forward
    ok = sw.valid & (sw.voltage_v > 0)
    np.testing.assert_allclose(sw.pe_lm_w[ok], math.pi * sw.ce_cd_a[ok] / sw.voltage_v[ok])
    j = sw.current_density_mA_cm2[ok] * 10
    np.testing.assert_allclose(sw.photon_flux_m2_s[ok], sw.eqe_pct[ok] / 100 * j / constants.e)


UNITS = ["mA/cm2", "A/m2", "mA", "A"]
SMALL = SyntheticDevice(v_start=1.8, v_stop=4.5, v_step=0.05, lifetime_duration_h=0)


def _numbers(result):
    s = result.summary()
    return {k: v for k, v in s.items() if k not in ["name", "warnings", *EXTRA_KEYS]}


@pytest.fixture(scope="module")
def small_reference(tmp_path_factory):
    return _numbers(analyze_device(make_device(SMALL, tmp_path_factory.mktemp("ref") / "d")))


@settings(max_examples=12, deadline=None)
@given(unit=st.sampled_from(UNITS), seed=st.integers(0, 2**32 - 1))
def test_property_units_and_shuffled_rows_give_the_same_results(
        tmp_path_factory, small_reference, unit, seed):
    """A vs mA, A/m2 vs mA/cm2, and randomly shuffled rows: identical figures of merit.

    The shuffle is a uniformly random permutation of the 55 rows; such a permutation
    has many direction changes, so the rows are sorted back into one sweep.
    """
    folder = make_device(SMALL, tmp_path_factory.mktemp("u") / "d", current_unit=unit)
    lines = (folder / "jvl.csv").read_text().splitlines()
    body = lines[1:]
    perm = np.random.default_rng(seed).permutation(len(body))
    (folder / "jvl.csv").write_text("\n".join([lines[0]] + [body[i] for i in perm]) + "\n")
    got = _numbers(analyze_device(folder))
    for key, ref in small_reference.items():
        if ref is None:
            assert got[key] is None, key
        else:
            assert got[key] == pytest.approx(ref, rel=1e-9), key


def test_radiance_input_for_nir_device(tmp_path):
    # 800 nm line: EQE from radiance (no photometry); radiance built from EQE = 10 %
    wl = np.arange(700.0, 900.0, 1.0)
    s = np.exp(-4 * np.log(2) * ((wl - 800.0) / 40.0) ** 2)
    (tmp_path / "el_spectrum.csv").write_text(
        "Wavelength (nm),EL (a.u.)\n" + "\n".join(f"{a:g},{b:.10g}" for a, b in zip(wl, s,
                                                                                strict=True)))
    from peled.spectra import Spectrum

    ppj = photons_per_joule(Spectrum(wl, s))
    v = np.linspace(1.5, 3.0, 16)
    j = 10 * np.exp((v - 1.5) * 3)  # A/m2
    rad = 0.10 * j / constants.e / (math.pi * ppj)
    (tmp_path / "jvl.csv").write_text(
        "V,J (A/m2),Radiance (W sr-1 m-2)\n"
        + "\n".join(f"{a:.6g},{b:.10g},{c:.10g}" for a, b, c in zip(v, j, rad, strict=True)))
    (tmp_path / "device.toml").write_text('color_class = "nir"\n')
    r = analyze_device(tmp_path)
    assert r.emission == "radiance"
    np.testing.assert_allclose(r.forward.eqe_pct, 10.0, rtol=1e-8)
    assert r.summary()["eqe_max_pct"] == pytest.approx(10.0, rel=1e-8)
    assert r.el.peak_nm == pytest.approx(800.0, abs=0.01)


def test_photodiode_input(tmp_path):
    dev = replace(SMALL, name="pd")
    make_device(dev, tmp_path)
    ref = analyze_device(tmp_path)
    # replace luminance by the photocurrent of a coaxial photodiode (r = 5 mm, d = 50 mm,
    # R = 0.25 A/W, written in the photoconductive sign convention: negative)
    lines = (tmp_path / "jvl.csv").read_text().splitlines()
    g = 25.0 / (25.0 + 2500.0)
    spec = dev.spectrum()
    ler = colour.luminous_efficacy(spec.to_sd())
    area = dev.area_cm2 * 1e-4
    out = ["V,J (mA/cm2),Photodiode current (A)"]
    for ln in lines[1:]:
        v, jj, lum = (float(x) for x in ln.split(","))
        power = math.pi * lum / ler * area
        out.append(f"{v},{jj},{-g * 0.25 * power:.12g}")
    (tmp_path / "jvl.csv").write_text("\n".join(out) + "\n")
    toml = (tmp_path / "device.toml").read_text()
    (tmp_path / "device.toml").write_text(
        toml + "photodiode_responsivity_a_w = 0.25\nphotodiode_radius_mm = 5.0\n"
        "photodiode_distance_mm = 50.0\n")
    r = analyze_device(tmp_path)
    assert r.emission == "photocurrent"
    assert any("photoconductive sign convention" in w for w in r.warnings)
    assert r.figures.eqe_max_pct == pytest.approx(ref.figures.eqe_max_pct, rel=1e-6)
    assert r.figures.luminance_max_cd_m2 == pytest.approx(ref.figures.luminance_max_cd_m2,
                                                          rel=1e-6)
    # the same data without the geometry in device.toml: a clear error naming the field
    (tmp_path / "device.toml").write_text(toml + "photodiode_responsivity_a_w = 0.25\n")
    from peled.errors import FileFormatError

    with pytest.raises(FileFormatError, match="photodiode_geometry_factor"):
        analyze_device(tmp_path)


def test_angular_profile_scales_eqe(tmp_path):
    make_device(SMALL, tmp_path)
    lam = analyze_device(tmp_path)
    ang = np.arange(0, 91, 5)
    (tmp_path / "angular.csv").write_text(
        "angle (deg),relative intensity\n"
        + "\n".join(f"{a},{np.cos(np.radians(a)) ** 2:.10f}" for a in ang))
    r = analyze_device(tmp_path)
    # F = 2 int cos^2 sin = 2/3; 5-degree samples interpolated linearly: 0.13 % high
    assert r.angular_factor == pytest.approx(2 / 3, rel=2e-3) and not r.lambertian
    f = r.angular_factor
    assert r.figures.eqe_max_pct == pytest.approx(lam.figures.eqe_max_pct * f, rel=1e-12)
    assert r.figures.pe_max_lm_w == pytest.approx(lam.figures.pe_max_lm_w * f, rel=1e-12)
    assert r.figures.ce_max_cd_a == pytest.approx(lam.figures.ce_max_cd_a, rel=1e-12)


def test_spectral_shift_with_voltage_flags_phase_segregation(tmp_path):
    dev = replace(SMALL, peak_nm=488.0, fwhm_nm=25.0, color_class="sky-blue",
                  peak_shift_nm_per_v=1.5, spectrum_voltages_v=(3.0, 3.5, 4.0, 4.5))
    r = analyze_device(make_device(dev, tmp_path))
    el = r.el
    assert el.peak_shift_nm_per_v == pytest.approx(1.5, abs=0.05)
    assert el.total_peak_shift_nm == pytest.approx(2.25, abs=0.1)
    assert el.phase_segregation_suspected
    cite = "phase segregation (Jiang et al., Nanoscale (2024), sec. 3.1.3)"
    assert any(cite in w for w in r.warnings)
    # the voltage-dependent spectrum is used per point: EQE still recovered
    sw = r.forward
    model = dev.eqe(sw.current_density_mA_cm2 * 10) * 100
    ok = sw.valid & (sw.voltage_v >= 3.0) & (sw.voltage_v <= 4.5)
    np.testing.assert_allclose(sw.eqe_pct[ok], model[ok], rtol=2e-3)


def test_consistency_check_flags_eqe_ce_columns_that_disagree(tmp_path):
    make_device(SMALL, tmp_path)
    r0 = analyze_device(tmp_path)
    sw = r0.forward
    lines = (tmp_path / "jvl.csv").read_text().splitlines()
    for factor, expect_warning in ((1.0, False), (3.0, True)):
        out = [lines[0] + ",EQE (%),CE (cd/A)"]
        for ln, e, c in zip(lines[1:], sw.eqe_pct, sw.ce_cd_a, strict=True):
            out.append(f"{ln},{e:.10g},{c * factor:.10g}")
        (tmp_path / "jvl.csv").write_text("\n".join(out) + "\n")
        r = analyze_device(tmp_path)
        flagged = any("EQE and CE columns disagree" in w for w in r.warnings)
        assert flagged is expect_warning
        assert r.consistency.consistent is (not expect_warning)
        if expect_warning:  # a 3x mismatch as in Yang et al. (2023): median deviation 2/3
            assert r.consistency.file_eqe_vs_ce == pytest.approx(2 / 3, rel=1e-6)


def test_noise_floor_and_hysteresis_are_reported(tmp_path):
    # detector noise sigma = 0.02 cd/m2 from -1 V; reverse sweep carries 1.3x J and L
    dev = replace(SMALL, v_start=-1.0, detector_noise_cd_m2=0.02, reverse_sweep=True,
                  reverse_current_factor=1.3)
    folder = make_device(dev, tmp_path, seed=4)
    r = analyze_device(folder)
    floor = r.detector_floor
    assert floor == pytest.approx(3 * 0.02, rel=0.2)  # limit of detection 3 sigma
    # exactly 3 x RMS of the dark readings (V <= 0, and negative readings) of the file
    rows = np.loadtxt(folder / "jvl.csv", delimiter=",", skiprows=1)
    dark = rows[(rows[:, 0] <= 0) | (rows[:, 2] < 0), 2]
    assert floor == pytest.approx(3 * np.sqrt(np.mean(dark**2)), rel=1e-9)
    n_fwd = int((r.forward.luminance_cd_m2 <= floor).sum())
    n_rev = int((r.reverse.luminance_cd_m2 <= floor).sum())
    msg = (f"{n_fwd} of {r.forward.voltage_v.size} forward and {n_rev} of "
           f"{r.reverse.voltage_v.size} reverse readings (all before emission onset) at or "
           "below the detector floor "
           f"({floor:.2g} cd/m2, 3 sigma of {dark.size} dark readings) excluded from EQE/CE/PE")
    assert msg in r.warnings
    assert r.detector_floor_source == f"estimated from {dark.size} dark readings"
    assert r.reverse is not None and r.other_figures is not None
    assert r.hysteresis_index_current == pytest.approx(0.3, rel=1e-3)
    assert sum("hysteresis" in w for w in r.warnings) == 2  # current and luminance
    # noise-free reference: the model EQE maximum over the sampled voltages
    v = np.arange(dev.v_start, dev.v_stop + 1e-9, dev.v_step)
    sampled_max = 100 * dev.eqe(dev.current_density_a_m2(v)).max()
    assert r.figures.eqe_max_pct == pytest.approx(sampled_max, rel=5e-3)
    assert r.other_figures.eqe_max_pct == pytest.approx(sampled_max, rel=5e-3)
    # readings below the floor never enter the EQE
    below = r.forward.luminance_cd_m2 <= floor
    assert below.sum() > 10 and np.all(np.isnan(r.forward.eqe_pct[below]))


def test_batch_continues_past_a_bad_device(tmp_path):
    for i in range(3):
        make_device(replace(SMALL, name=f"g{i}"), tmp_path / f"d{i}", seed=i)
    bad = tmp_path / "d9"
    make_device(SMALL, bad, current_unit="mA")
    (bad / "device.toml").write_text('name = "bad"\n')  # area_cm2 removed
    (tmp_path / "empty").mkdir()
    res = analyze_batch(tmp_path)
    names = [r.name for r in res]
    assert names == ["g0", "g1", "g2", "d9", "empty"]
    assert isinstance(res[3], DeviceFailure) and "field 'area_cm2' is required" in res[3].error
    assert isinstance(res[4], DeviceFailure) and "needs a jvl.csv" in res[4].error
    v = np.arange(SMALL.v_start, SMALL.v_stop + 1e-9, SMALL.v_step)
    sampled_max = 100 * SMALL.eqe(SMALL.current_density_a_m2(v)).max()
    assert res[0].summary()["eqe_max_pct"] == pytest.approx(sampled_max, rel=1e-6)


def test_wide_csv_batch_with_device_column(tmp_path):
    src = make_device(SMALL, tmp_path / "one")
    ref = _numbers(analyze_device(src))
    body = (src / "jvl.csv").read_text().splitlines()
    wide = [body[0] + ",device"]
    for name in ("A", "B"):
        wide += [f"{ln},{name}" for ln in body[1:]]
    (tmp_path / "one" / "batch.csv").write_text("\n".join(wide) + "\n")
    res = analyze_batch(tmp_path / "one" / "batch.csv")
    assert [r.name for r in res] == ["A", "B"]
    for r in res:
        got = _numbers(r)
        assert got["eqe_max_pct"] == pytest.approx(ref["eqe_max_pct"], rel=1e-12)
        assert got["peak_nm"] == pytest.approx(ref["peak_nm"], rel=1e-12)


def test_floor_from_device_toml_and_trpl_pointer_are_one_line_warnings(tmp_path):
    """A floor set in device.toml is used as is (its count from the file), a trpl.csv
    points to the command that fits it, and every warning is a single line."""
    dev = replace(SMALL, extra_measurement={"detector_floor_cd_m2": 0.5})
    folder = make_device(dev, tmp_path / "d")
    (folder / "trpl.csv").write_text("time_ns,counts\n0,100\n1,50\n2,25\n")
    r = analyze_device(folder)
    assert (r.detector_floor, r.detector_floor_source) == (0.5, "device.toml")
    rows = np.loadtxt(folder / "jvl.csv", delimiter=",", skiprows=1)
    n = int((rows[:, 2] <= 0.5).sum())
    assert n > 0
    assert (f"{n} of {rows.shape[0]} forward readings (all before emission onset) at or "
            "below the detector floor (0.5 cd/m2, set in device.toml) excluded from "
            "EQE/CE/PE") in r.warnings
    assert ("trpl.csv is not part of the device analysis; fit it with: peled emitter "
            f"fit-trpl {folder / 'trpl.csv'}") in r.warnings
    assert all("\n" not in w for w in r.warnings)
    assert np.all(np.isnan(r.forward.eqe_pct[r.forward.luminance_cd_m2 <= 0.5]))


def test_readings_below_the_floor_after_onset_are_counted_as_anomalies(tmp_path):
    """Two dropouts (L = 0) at high voltage are below the floor after the emission
    onset: the warning counts them apart from the expected pre-onset readings."""
    folder = make_device(replace(SMALL, extra_measurement={"detector_floor_cd_m2": 0.5}),
                          tmp_path / "d")
    lines = (folder / "jvl.csv").read_text().splitlines()
    for k in (-3, -8):
        v, j, _ = lines[k].split(",")
        lines[k] = f"{v},{j},0"
    (folder / "jvl.csv").write_text("\n".join(lines) + "\n")
    r = analyze_device(folder)
    rows = np.loadtxt(folder / "jvl.csv", delimiter=",", skiprows=1)
    n = int((rows[:, 2] <= 0.5).sum())
    assert (f"{n} of {rows.shape[0]} forward readings (2 after emission onset) at or below "
            "the detector floor (0.5 cd/m2, set in device.toml) excluded from "
            "EQE/CE/PE") in r.warnings


def _nir_folder(folder, peak_nm=900.0, eqe=0.12, luminance_header=False):
    """A 900 nm device (no content inside 360-830 nm) with radiance for EQE = 12 %:
    R = EQE (J/e) / (pi <lambda/hc>) for a Lambertian emitter (Anaya et al. 2019)."""
    folder.mkdir(parents=True, exist_ok=True)
    wl = np.arange(850.0, 951.0)
    s = np.exp(-4 * np.log(2) * ((wl - peak_nm) / 15.0) ** 2)
    (folder / "el_spectrum.csv").write_text(
        "Wavelength (nm),EL (a.u.)\n"
        + "\n".join(f"{a:g},{b:.8g}" for a, b in zip(wl, s, strict=True)))
    ppj = float(np.sum(0.5 * ((s * wl)[1:] + (s * wl)[:-1])) * 1e-9
                / (constants.h * constants.c * np.sum(0.5 * (s[1:] + s[:-1]))))
    v = np.linspace(1.2, 2.5, 14)
    j = 10 * np.exp((v - 1.2) * 3)  # A/m2
    rad = eqe * j / constants.e / (math.pi * ppj)
    head = "Luminance (cd/m2)" if luminance_header else "Radiance (W/sr/m2)"
    (folder / "jvl.csv").write_text(f"V (V),J (A/m2),{head}\n" + "\n".join(
        f"{a:.6g},{b:.10g},{c:.10g}" for a, b, c in zip(v, j, rad, strict=True)))
    return folder


def test_nir_device_beyond_the_cmf_range(tmp_path):
    """900 nm: EQE from radiance is exact, while luminance, CE, PE, V_on and CIE xy are
    null (nothing visible) with one warning each, instead of zeros or a failure."""
    r = analyze_device(_nir_folder(tmp_path / "nir"))
    s = r.summary()
    assert s["eqe_max_pct"] == pytest.approx(12.0, rel=1e-6)
    assert s["peak_nm"] == pytest.approx(900.0, abs=0.01)
    for key in ("ce_max_cd_a", "pe_max_lm_w", "luminance_max_cd_m2", "v_on_v", "cie_x",
                "cie_y", "eqe_at_1000_cd_m2_pct"):
        assert s[key] is None, key
    assert r.el.inside_rec2020 is None
    assert any(w.startswith("NIR emission (nothing visible)") for w in s["warnings"])
    assert any(w.startswith("EL: no emission within the 360-830 nm") for w in s["warnings"])


def test_luminance_with_an_invisible_spectrum_is_a_clear_error(tmp_path):
    folder = _nir_folder(tmp_path / "bad", luminance_header=True)
    with pytest.raises(PeledError, match=r"el_spectrum.csv: EL spectrum has no visible "
                                         r"content .* give radiance \(W/sr/m2\)"):
        analyze_device(folder)
