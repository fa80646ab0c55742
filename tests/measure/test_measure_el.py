"""EL analysis: Rec.2020 relation, shift regression; responsivity files; EQE lifetime traces."""

import math
from dataclasses import replace

import colour
import numpy as np
import pytest

from peled.datasets import SyntheticDevice, make_device
from peled.measure import analyze_device, analyze_el
from peled.measure.el import rec2020_relation
from peled.measure.readers import read_lifetime
from peled.spectra import line_spectrum

# ITU-R BT.2020 primaries from colour-science (independent of peled.color)
REC2020 = np.asarray(colour.RGB_COLOURSPACES["ITU-R BT.2020"].primaries)


def test_rec2020_primaries_and_white_are_inside():
    for name, (x, y) in zip(("red", "green", "blue"), REC2020, strict=True):
        inside, nearest, dist = rec2020_relation(x, y)
        assert inside and nearest == name and dist == pytest.approx(0.0, abs=1e-12)
    inside, _, _ = rec2020_relation(0.3127, 0.3290)  # D65 white point
    assert inside


def test_point_outside_and_distance():
    gx, gy = REC2020[1]
    inside, nearest, dist = rec2020_relation(gx - 0.03, gy + 0.04)
    assert not inside and nearest == "green" and dist == pytest.approx(0.05, rel=1e-9)


def test_peak_shift_regression_is_exact_for_linear_shift():
    volts = np.array([3.0, 4.0, 5.0, 6.0])
    spectra = [line_spectrum(620 + 0.8 * (v - 3), 30, "gaussian", np.arange(500, 750, 0.1))
               for v in volts]
    w = []
    el = analyze_el(spectra, volts, reference_voltage_v=4.9, shift_warning_nm=2.0, warnings=w)
    assert el.peak_shift_nm_per_v == pytest.approx(0.8, abs=1e-3)
    assert el.total_peak_shift_nm == pytest.approx(2.4, abs=3e-3)
    assert el.reference_index == 2 and el.peak_nm == pytest.approx(621.6, abs=1e-3)
    assert el.phase_segregation_suspected and len(w) == 1
    el2 = analyze_el(spectra, volts, shift_warning_nm=3.0)
    assert not el2.phase_segregation_suspected


def test_photodiode_responsivity_file(tmp_path):
    dev = SyntheticDevice(v_start=1.8, v_stop=4.0, v_step=0.05, lifetime_duration_h=0)
    ref = analyze_device(make_device(dev, tmp_path / "ref"))
    folder = make_device(dev, tmp_path / "pd")
    # linear responsivity 0.1 -> 0.5 A/W over 300-1100 nm; effective R of a Gaussian line
    # is R at its centroid (= peak): 0.1 + 0.4 (521 - 300) / 800
    r_eff = 0.1 + 0.4 * (dev.peak_nm - 300.0) / 800.0
    (folder / "resp.csv").write_text("Wavelength (nm),Responsivity (A/W)\n300,0.1\n1100,0.5\n")
    g = 0.02
    ler = colour.luminous_efficacy(dev.spectrum().to_sd())
    lines = (folder / "jvl.csv").read_text().splitlines()
    out = ["V,J (mA/cm2),PD current (A)"]
    for ln in lines[1:]:
        v, j, lum = (float(x) for x in ln.split(","))
        out.append(f"{v},{j},{g * r_eff * math.pi * lum / ler * dev.area_cm2 * 1e-4:.12g}")
    (folder / "jvl.csv").write_text("\n".join(out) + "\n")
    with open(folder / "device.toml", "a") as fh:
        fh.write('photodiode_responsivity_file = "resp.csv"\nphotodiode_geometry_factor = 0.02\n')
    r = analyze_device(folder)
    assert r.emission == "photocurrent"
    assert r.figures.eqe_max_pct == pytest.approx(ref.figures.eqe_max_pct, rel=1e-4)


def test_eqe_lifetime_trace_and_l0_from_toml(tmp_path):
    rows = "\n".join(f"{t},{20 * math.exp(-t / 30):.10g}" for t in range(0, 60, 2))
    f = tmp_path / "lifetime.csv"
    f.write_text(f"time (h),EQE (%)\n{rows}\n")
    tr = read_lifetime(f, l0_cd_m2=500.0)
    assert tr.kind == "eqe" and tr.l0_cd_m2 == 500.0
    np.testing.assert_allclose(tr.relative, np.exp(-np.arange(0, 60, 2) / 30), rtol=1e-9)
    dev = replace(SyntheticDevice(v_stop=4.0, lifetime_duration_h=0), name="eqe-trace")
    folder = make_device(dev, tmp_path / "d")
    (folder / "lifetime.csv").write_text(f.read_text())
    with open(folder / "device.toml", "a") as fh:
        fh.write("lifetime_l0_cd_m2 = 500.0\nlifetime_n = 2.0\n")
    s = analyze_device(folder).summary()
    assert s["t50_h"] == pytest.approx(30 * math.log(2), rel=5e-3)
    assert s["t50_at_100_cd_m2_h"] == pytest.approx(30 * math.log(2) * 25.0, rel=5e-3)
