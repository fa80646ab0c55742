"""Figures of merit that survive noise: the fixtures of tests/data/real/noise, checked
against hand calculations (numpy on the file values) and colour-science."""

import json
import math
import shutil
from dataclasses import replace
from pathlib import Path

import colour
import numpy as np
import pytest
from scipy import constants
from typer.testing import CliRunner

from peled.cli import app
from peled.datasets import SyntheticDevice, make_device
from peled.measure import analyze_device
from peled.measure.el import COLOUR_JND_DUV, baseline_correct, prepare_el_spectra

NOISE = Path(__file__).resolve().parents[1] / "data" / "real" / "noise"
H, C, E = constants.h, constants.c, constants.e


def _table(path):
    lines = path.read_text().splitlines()
    return lines[0].split(","), np.array([[float(x) for x in ln.split(",")] for ln in lines[1:]])


def _ppj(wl, s):  # photons per joule of a spectrum, by hand (trapezoid rule)
    return np.trapezoid(s * wl * 1e-9 / (H * C), wl) / np.trapezoid(s, wl)


def _colour_xy_zero_outside(wl, y):
    """colour-science xy of a spectrum that is zero outside its measured range."""
    grid = np.arange(360.0, 781.0)
    vals = np.interp(grid, wl, y, left=0.0, right=0.0)
    sd = colour.SpectralDistribution(dict(zip(grid, vals, strict=True)))
    return colour.XYZ_to_xy(colour.sd_to_XYZ(sd, k=683))


def _copy(name, tmp_path):
    dst = tmp_path / name
    shutil.copytree(NOISE / name, dst, ignore=shutil.ignore_patterns("*.py"))
    return dst


# ------------------------------------------------------------------ photodiode floor
def test_photodiode_floor_from_device_toml_keeps_spike_out_of_eqe_max():
    folder = NOISE / "photodiode_floor"
    _, t = _table(folder / "jvl.csv")
    v, j_ma, i_pd = t.T
    _, st = _table(folder / "el_spectrum.csv")
    k = _ppj(st[:, 0], st[:, 1])
    # EQE by hand for an on-axis detector (g = 0.01, R = 0.25 A/W, A = 4e-6 m2, F = 1):
    # L_e = I/(R g pi A); photon flux F pi L_e <lambda/hc>; EQE = e flux / J
    eqe = E * i_pd / (0.25 * 0.01 * 4e-6) * k / (j_ma * 10.0) * 100.0
    spike = int(np.flatnonzero(np.isclose(j_ma, 1e-7))[0])
    assert eqe[spike] > 1e4  # the reading 1.5e-10 A above the 1e-10 A floor
    real = j_ma >= 0.1
    r = analyze_device(folder)
    assert r.detector_floor == 1e-10 and r.detector_floor_source == "device.toml"
    assert r.quantification_limit == pytest.approx(1e-10 * 10 / 3)
    assert r.figures.eqe_max_pct == pytest.approx(eqe[real].max(), rel=1e-9)
    assert r.figures.eqe_max_pct == pytest.approx(10.0, rel=1e-4)
    assert r.figures.j_at_eqe_max_mA_cm2 == pytest.approx(1.0)
    assert "eqe_above_100_pct" not in r.flags


def test_photodiode_floor_estimated_from_pre_onset_noise(tmp_path):
    folder = _copy("photodiode_floor", tmp_path)
    toml = folder / "device.toml"
    toml.write_text(toml.read_text().replace("photocurrent_floor_a = 1e-10\n", ""))
    head, t = _table(folder / "jvl.csv")
    pre = t[:, 0] <= 2.0
    t[pre, 2] += 1e-10  # a photodiode dark current: no negative readings, no V <= 0
    (folder / "jvl.csv").write_text(",".join(head) + "\n" + "\n".join(
        ",".join(f"{x:.6e}" for x in row) for row in t) + "\n")
    noise = t[pre, 2]
    med = np.median(noise)
    sigma = 1.4826 * np.median(np.abs(noise - med))  # Rousseeuw & Croux (1993)
    r = analyze_device(folder)
    assert "pre-onset" in r.detector_floor_source
    assert r.detector_floor == pytest.approx(med + 3 * sigma, rel=1e-9)
    assert r.quantification_limit == pytest.approx(med + 10 * sigma, rel=1e-9)
    assert r.figures.eqe_max_pct == pytest.approx(10.0, rel=1e-2)
    assert r.figures.j_at_eqe_max_mA_cm2 == pytest.approx(1.0)


def test_photocurrent_floor_key_is_validated(tmp_path):
    folder = _copy("photodiode_floor", tmp_path)
    toml = folder / "device.toml"
    toml.write_text(toml.read_text().replace("1e-10", '"low"'))
    r = CliRunner().invoke(app, ["analyze", str(folder)])
    assert r.exit_code == 2
    assert "photocurrent_floor_a" in r.output and "must be a number" in r.output


# ------------------------------------------------------------------ EQE above 100 %
def test_eqe_above_100_pct_is_flagged():
    folder = NOISE / "eqe_over_100"
    _, t = _table(folder / "jvl.csv")
    _, st = _table(folder / "el_spectrum.csv")
    wl, s = st.T
    ler = colour.luminous_efficacy(colour.SpectralDistribution(dict(zip(wl, s, strict=True))))
    # EQE = e pi (L/K) <lambda/hc> / J (Lambertian) at J = 1 mA/cm2, L = 40000 cd/m2
    by_hand = E * math.pi * 40000.0 / ler * _ppj(wl, s) / 10.0 * 100.0
    r = CliRunner().invoke(app, ["analyze", str(folder), "--json"])
    out = json.loads(r.stdout)
    assert out["eqe_max_pct"] == pytest.approx(by_hand, rel=1e-3) and by_hand > 100
    assert "eqe_above_100_pct" in out["flags"]
    assert any(w.startswith("EQE above 100 %") for w in out["warnings"])


# ------------------------------------------------------------------ luminance vs photodiode
def test_luminance_column_and_photodiode_disagreement_reports_both():
    folder = NOISE / "luminance_vs_photodiode"
    _, t = _table(folder / "jvl.csv")
    v, j, lum, i_pd = t.T
    _, st = _table(folder / "el_spectrum.csv")
    wl, s = st.T
    ler = colour.luminous_efficacy(colour.SpectralDistribution(dict(zip(wl, s, strict=True))))
    l_pd = i_pd / (0.25 * 0.01 * math.pi * 4e-6) * ler  # L = K I / (R g pi A)
    on = lum > 1
    r = analyze_device(folder)
    cmp = r.luminance_comparison
    assert cmp["used"] == "luminance column"
    assert cmp["median_deviation_pct"] == pytest.approx(
        100 * (np.median(l_pd[on] / lum[on]) - 1), rel=1e-4)
    assert cmp["median_deviation_pct"] == pytest.approx(20.0, rel=1e-4)
    assert cmp["luminance_max_photodiode_cd_m2"] == pytest.approx(l_pd.max(), rel=1e-4)
    assert cmp["luminance_max_column_cd_m2"] == 9000.0
    assert r.figures.luminance_max_cd_m2 == 9000.0  # the column is the one used
    assert "luminance_disagreement" in r.flags
    assert any("the luminance column is used" in w for w in r.warnings)


# ------------------------------------------------------------------ EL noise
def test_el_dark_column_skipped_and_negative_noise_handled():
    folder = NOISE / "el_dark_negative"
    head, t = _table(folder / "el_spectrum.csv")
    wl = t[:, 0]
    r = analyze_device(folder)
    assert r.el.voltages_v.tolist() == [3.0, 3.5, 4.0]  # the 2 V column is dark
    assert any("'el_spectrum @ 2 V' is dark" in w for w in r.warnings)
    assert (t[:, 1:] < 0).any()  # the file holds negative noise
    # reference spectrum (3 V, nearest the EQE maximum): baseline = median of the outer
    # 5 % of points on both sides (15 points each); the colour is integrated from the
    # corrected spectrum before clipping (the clipped one only for peak and FWHM)
    y = t[:, head.index("EL @ 3.0 V")]
    base = np.median(np.concatenate([y[:15], y[-15:]]))
    base = base if abs(base) > 0.005 * y.max() else 0.0
    ref_xy = _colour_xy_zero_outside(wl, y - base)
    assert [r.el.cie_x, r.el.cie_y] == pytest.approx(ref_xy, abs=1e-9)
    # closer to the noise-free colour than the clipped spectrum at every voltage
    truth = _colour_xy_zero_outside(wl, np.exp(-4 * np.log(2) * ((wl - 515.0) / 22.0) ** 2))
    for k, col in enumerate(("EL @ 3.0 V", "EL @ 3.5 V", "EL @ 4.0 V")):
        yk = t[:, head.index(col)]
        clipped = _colour_xy_zero_outside(wl, np.clip(yk, 0, None))
        assert np.hypot(*(r.el.cie_xy[k] - truth)) < np.hypot(*(clipped - truth))
    # the noise outside the band moves the colour point by more than the JND: warned
    assert r.el.colour_noise_duv > COLOUR_JND_DUV
    assert "el_noise_moves_colour" in r.flags


def test_colour_noise_duv_against_hand_masking():
    wl = np.arange(400.0, 701.0)
    rng = np.random.default_rng(1)
    y = 1000 * np.exp(-4 * np.log(2) * ((wl - 515) / 22) ** 2) + rng.normal(0, 30, wl.size)
    corr, info = baseline_correct(wl, y, "edges")
    resid = np.concatenate([(y - info.offset)[:15], (y - info.offset)[-15:]])
    assert info.noise_sigma == pytest.approx(
        1.4826 * np.median(np.abs(resid - np.median(resid))), rel=1e-12)
    inband = corr > 3 * info.noise_sigma
    for _ in range(2):
        inband = inband | np.roll(inband, 1) | np.roll(inband, -1)

    def uv(v):
        return colour.xy_to_Luv_uv(_colour_xy_zero_outside(wl, v))

    from peled.measure.el import colour_noise_duv
    from peled.spectra import Spectrum

    by_hand = np.hypot(*(uv(corr) - uv(np.where(inband, corr, 0.0))))
    assert colour_noise_duv(Spectrum(wl, corr), info.noise_sigma) == pytest.approx(
        by_hand, rel=1e-6)


def test_el_baseline_option_on_analyze_and_report(tmp_path):
    folder = NOISE / "el_dark_negative"
    runner = CliRunner()
    outs = {}
    for b in ("edges", "linear", "none"):
        r = runner.invoke(app, ["analyze", str(folder), "--el-baseline", b, "--json"])
        assert r.exit_code == 0, r.output
        outs[b] = json.loads(r.stdout)
    assert outs["none"]["cie_x"] != outs["linear"]["cie_x"]
    bad = runner.invoke(app, ["analyze", str(folder), "--el-baseline", "poly"])
    assert bad.exit_code == 2 and "--el-baseline must be one of edges, linear, none" in bad.output
    rep = runner.invoke(app, ["report", str(folder), "-o", str(tmp_path / "rep"),
                              "--el-baseline", "linear", "--no-literature", "--json"])
    assert rep.exit_code == 0, rep.output
    entry = json.loads((tmp_path / "rep" / "results.json").read_text())[0]
    assert entry["cie_x"] == pytest.approx(outs["linear"]["cie_x"], rel=1e-12)


# ------------------------------------------------------------------ multi-band
def test_multiband_reports_every_band_and_no_false_segregation():
    r = analyze_device(NOISE / "multiband")
    # the highest band changes from 600 nm (3 V) to 450 nm (4 V): not a shift
    assert r.el.peaks_nm[0] == pytest.approx(600.0) and r.el.peaks_nm[-1] == pytest.approx(450.0)
    assert not r.el.phase_segregation_suspected
    assert not any("phase segregation" in w for w in r.warnings)
    bands = r.summary()["el_bands"]
    assert [b["peak_nm"] for b in bands] == pytest.approx([450.0, 600.0], abs=1e-6)
    assert [b["fwhm_nm"] for b in bands] == pytest.approx([20.0, 60.0], abs=0.05)
    # reference spectrum (3 V): areas 0.5 x 20 and 1 x 60 (Gaussian area ~ height x FWHM)
    assert [b["area_fraction"] for b in bands] == pytest.approx([10 / 70, 60 / 70], abs=1e-4)
    assert [b["shift_nm"] for b in bands] == pytest.approx([0.0, 0.0], abs=1e-9)


def test_multiband_shift_of_one_band_is_followed(tmp_path):
    folder = _copy("multiband", tmp_path)
    wl = np.arange(400.0, 701.0)

    def g(p, w):
        return np.exp(-4 * np.log(2) * ((wl - p) / w) ** 2)

    cols = [0.5 * g(450, 20) + g(600, 60), 0.8 * g(450, 20) + g(603, 60),
            2.0 * g(450, 20) + g(606, 60)]
    body = "\n".join(f"{w:g}," + ",".join(f"{c[i]:.6f}" for c in cols)
                     for i, w in enumerate(wl))
    (folder / "el_spectrum.csv").write_text(
        "Wavelength (nm),EL @ 3.0 V,EL @ 3.5 V,EL @ 4.0 V\n" + body + "\n")
    r = analyze_device(folder)
    shifts = [b["shift_nm"] for b in r.summary()["el_bands"]]
    assert shifts == pytest.approx([0.0, 6.0], abs=0.05)
    assert r.el.phase_segregation_suspected
    assert any("band at 600 nm" in w and "+6.0 nm" in w for w in r.warnings)


# ------------------------------------------------------------------ angular + photodiode
def _photodiode_device(tmp_path, angular_rows=None):
    dev = replace(SyntheticDevice(v_start=2.0, v_stop=4.5, v_step=0.1), name="pd")
    make_device(dev, tmp_path)
    lines = (tmp_path / "jvl.csv").read_text().splitlines()
    out = ["V,J (mA/cm2),Photodiode current (A)"]
    for ln in lines[1:]:
        v, jj, lum = (float(x) for x in ln.split(","))
        out.append(f"{v},{jj},{lum * 1e-9:.12g}")  # proportional to L
    (tmp_path / "jvl.csv").write_text("\n".join(out) + "\n")
    toml = (tmp_path / "device.toml").read_text()
    (tmp_path / "device.toml").write_text(
        toml + "photodiode_responsivity_a_w = 0.25\nphotodiode_radius_mm = 5.0\n"
        "photodiode_distance_mm = 50.0\n")
    if angular_rows is not None:
        (tmp_path / "angular.csv").write_text("angle (deg),relative intensity\n" + angular_rows)
    return analyze_device(tmp_path)


def test_on_axis_photodiode_eqe_scales_with_angular_factor(tmp_path):
    lam = _photodiode_device(tmp_path / "lam")
    ang = np.arange(0, 91, 1)
    rows = "\n".join(f"{a},{np.cos(np.radians(a)) ** 2:.12f}" for a in ang)
    prof = _photodiode_device(tmp_path / "cos2", rows)
    # Hand calculation.  Profile I/I0 = cos^2: F = 2 int_0^90 cos^2 sin = 2/3.
    # Detector (r = 5 mm, d = 50 mm): sin^2 a = 25/2525; it collects
    # P = 2 pi I0 int_0^a f sin = pi I0 sin^2 a x q with q = 1 (Lambertian) or
    # q = 2 (1 - cos^3 a) / (3 sin^2 a) (cos^2), so I0 (on-axis radiance) = P/(pi sin^2 a q)
    # and the total flux F pi I0: EQE_profile / EQE_Lambertian = F / q.
    s2 = 25.0 / 2525.0
    ca = math.sqrt(1 - s2)
    q = 2 * (1 - ca**3) / (3 * s2)
    assert prof.angular_factor == pytest.approx(2 / 3, rel=1e-4)
    ratio = prof.figures.eqe_max_pct / lam.figures.eqe_max_pct
    # (1-degree samples interpolated linearly: q and F within 1e-4 of the analytic values)
    assert ratio == pytest.approx(prof.angular_factor / q, rel=1e-4)
    assert ratio == pytest.approx((2 / 3) / q, rel=2e-4)
    # the on-axis luminance is fixed by the detector: only the aperture term q differs
    assert prof.figures.luminance_max_cd_m2 == pytest.approx(
        lam.figures.luminance_max_cd_m2 / q, rel=1e-4)
    # today's error (F cancelling) would have given ratio 1
    assert abs(ratio - 1) > 0.3


# ------------------------------------------------------------------ bad data, device name
def test_negated_current_says_what_is_wrong(tmp_path):
    folder = make_device(SyntheticDevice(v_start=2.0, v_stop=4.5, v_step=0.1), tmp_path / "d")
    lines = (folder / "jvl.csv").read_text().splitlines()
    out = [lines[0]]
    for ln in lines[1:]:
        v, jj, lum = ln.split(",")
        out.append(f"{v},{-float(jj)!r},{lum}")
    (folder / "jvl.csv").write_text("\n".join(out) + "\n")
    r = analyze_device(folder)
    assert r.figures.eqe_max_pct is None
    assert "negative_current" in r.flags
    assert any("current column looks negated" in w for w in r.warnings)


def test_luminance_scaled_by_1e300_says_what_is_wrong(tmp_path):
    folder = make_device(SyntheticDevice(v_start=2.0, v_stop=4.5, v_step=0.1), tmp_path / "d")
    lines = (folder / "jvl.csv").read_text().splitlines()
    out = [lines[0]]
    for ln in lines[1:]:
        v, jj, lum = ln.split(",")
        out.append(f"{v},{jj},{float(lum) * 1e300!r}")
    (folder / "jvl.csv").write_text("\n".join(out) + "\n")
    r = analyze_device(folder)
    assert "implausible_luminance" in r.flags
    assert any("check the unit or scale of the luminance column" in w for w in r.warnings)
    assert not any("no emission" in w for w in r.warnings)  # not a detector-floor story
    assert r.figures.eqe_max_pct is None  # the conversion overflows: no number invented


def test_device_name_is_the_real_folder_name_for_dot(tmp_path, monkeypatch):
    folder = make_device(SyntheticDevice(v_start=2.0, v_stop=4.5, v_step=0.1), tmp_path / "G-07")
    toml = folder / "device.toml"
    toml.write_text("\n".join(ln for ln in toml.read_text().splitlines()
                              if not ln.startswith("name")) + "\n")
    monkeypatch.chdir(folder)
    r = CliRunner().invoke(app, ["analyze", ".", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["name"] == "G-07"


def test_el_column_too_short_or_all_nan_is_named_as_such():
    # a 2-row column was reported as having "no positive intensity" although both
    # readings are positive
    w: list[str] = []
    wl = np.arange(400.0, 700.0)
    lit = np.exp(-0.5 * ((wl - 520.0) / 9.0) ** 2)
    sp, v, _ = prepare_el_spectra(
        [(np.array([500.0, 510.0]), np.array([1.0, 2.0])),
         (wl, np.full(wl.size, np.nan)), (wl, lit)],
        ["two", "nan", "lit"], [2.0, 3.0, 4.0], warnings=w)
    assert v.tolist() == [4.0] and len(sp) == 1
    assert any("'two' is dark (fewer than 3 numeric rows)" in x for x in w)
    assert any("'nan' is dark (fewer than 3 numeric rows)" in x for x in w)


def test_quantised_pre_onset_readings_use_the_display_resolution(tmp_path):
    # a meter that prints 0.00 cd/m2 before the onset (resolution q = 0.01) hides its
    # noise: MAD = 0 gave a floor of 0, and one count (0.01 cd/m2) at 1e-6 mA/cm2 became
    # the EQE maximum (283 %, CE 1000 cd/A).  sigma = q/sqrt(12) (GUM F.2.2.1):
    # LOD = 3 q/sqrt(12) = 0.00866, LOQ = 10 q/sqrt(12) = 0.0289 cd/m2
    wl = np.arange(400.0, 701.0)
    (tmp_path / "el_spectrum.csv").write_text("wavelength (nm),I\n" + "".join(
        f"{w:g},{math.exp(-0.5 * ((w - 520) / 10) ** 2):.8f}\n" for w in wl))
    (tmp_path / "device.toml").write_text('name = "quant"\narea_cm2 = 0.04\n')
    rows = ["V,J (mA/cm2),L (cd/m2)"]
    rows += [f"{0.5 + 0.1 * i:.2f},{1e-7 * (i + 1):.3g},0.00" for i in range(16)]
    rows += ["2.10,1e-6,0.01", "2.20,2e-6,0.01", "2.30,5e-6,0.02"]
    rows += [f"{v},{j},{30 * j:.4g}" for v, j in ((2.5, 0.01), (2.8, 0.1), (3.0, 1), (3.3, 10))]
    (tmp_path / "jvl.csv").write_text("\n".join(rows) + "\n")
    r = analyze_device(tmp_path)
    assert "eqe_above_100_pct" not in r.flags
    assert r.figures.j_at_eqe_max_mA_cm2 >= 0.01
    assert r.figures.ce_max_cd_a == pytest.approx(3.0, rel=1e-9)  # 30 cd/m2 / 10 A/m2
    assert any(f"detector floor ({3 * 0.01 / math.sqrt(12):.2g} cd/m2" in w for w in r.warnings)


def test_el_colour_from_unclipped_spectrum_is_unbiased():
    """Zero-mean noise of 3 % of the peak: over 200 noise draws the mean colour of peled's
    EL analysis is the noise-free colour (no bias), while integrating the spectrum clipped
    at zero shifts x by ~ +0.04 towards white."""
    from peled.measure.el import analyze_el, prepare_el_spectra

    wl = np.arange(400.0, 701.0)
    clean = 1000.0 * np.exp(-4 * np.log(2) * ((wl - 515.0) / 22.0) ** 2)
    truth = _colour_xy_zero_outside(wl, clean)
    rng = np.random.default_rng(11)
    ours, clipped = [], []
    for _ in range(200):
        y = clean + rng.normal(0.0, 30.0, wl.size)
        sp, _, infos = prepare_el_spectra([(wl, y)], ["el"], method="none")
        el = analyze_el(sp, signed_intensities=[infos[0].signed_intensity])
        ours.append(el.cie_xy[0])
        clipped.append(analyze_el(sp).cie_xy[0])
    bias_ours = np.mean(ours, axis=0) - truth
    bias_clipped = np.mean(clipped, axis=0) - truth
    # standard error of the mean of 200 draws: ~0.02 / sqrt(200) = 0.0015 per coordinate
    assert np.all(np.abs(bias_ours) < 0.005), bias_ours
    assert bias_clipped[0] > 0.02, bias_clipped


def _exact_noise_run(s, n0):
    """The reading-by-reading definition of the pre-onset noise run (reference)."""
    k = n0
    while k < s.size:
        med = np.median(s[:k])
        sig = 1.4826 * np.median(np.abs(s[:k] - med))
        if not (sig > 0 or s[k] == med) or abs(s[k] - med) > 5.0 * sig:
            break
        k += 1
    return k


def test_noise_run_equals_the_reading_by_reading_definition():
    from peled.measure.analysis import _noise_run_length

    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(6, 240))
        s = np.concatenate([rng.normal(0, 1, n), 10.0 ** np.arange(1, 6)])
        if rng.random() < 0.3:
            s[: n // 2] = 0.0  # a meter that prints 0.00 before turn-on
        assert _noise_run_length(s, 5) == _exact_noise_run(s, 5)


def test_long_flat_pre_onset_is_analysed_in_seconds(tmp_path):
    """300,000 readings, the first 40 % an identical 0.00: the noise run is found in
    O(n log n) (the reading-by-reading median took minutes on such a sweep)."""
    import subprocess
    import sys

    n = 300_000
    v = np.linspace(0.0, 6.0, n)
    lum = np.where(v > 2.5, 100.0 * (v - 2.5) ** 3, 0.0)
    dev = tmp_path / "dense"
    dev.mkdir()
    np.savetxt(dev / "jvl.csv", np.column_stack([v, 1e-3 * np.expm1(v / 0.3), lum]),
               delimiter=",", header="Voltage (V),Current density (mA/cm2),Luminance (cd/m2)",
               comments="", fmt="%.6g")
    (dev / "device.toml").write_text('name = "dense"\narea_cm2 = 0.04\n')
    code = ("from peled.measure.analysis import analyze_device; "
            f"print(analyze_device({str(dev)!r}).summary()['luminance_max_cd_m2'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert float(out.stdout) == pytest.approx(100.0 * 3.5 ** 3, rel=1e-4)
