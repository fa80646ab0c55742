"""Admittance spectroscopy: Walter et al. (1996) trap DOS, thermal admittance, readers, CLI."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.characterize.admittance import ThermalAdmittanceFit, trap_dos, trap_dos_walter
from peled.characterize.errors import AdmittanceError
from peled.characterize.readers import (
    AdmittanceSpectrum,
    capacitance_from_impedance,
    read_admittance_csv,
)
from peled.cli import app
from peled.device.junction import depletion_width
from peled.device.traps import gaussian_trap_band, trap_band_admittance, trap_band_capacitance
from peled.errors import FileFormatError

ADMITTANCE = ("characterize", "admittance")

EPS0 = 8.8541878128e-12
QE = 1.602176634e-19
KB_EV = 8.617333262e-5
EXAMPLES = resources.files("peled") / "data/examples/defects"

# the synthetic band: E_t = 0.35 eV, sigma 0.04 eV, 1e16 cm-3; w0(T) = xi0 T^2
E0, SIGMA, N_TOTAL = 0.35, 0.04, 1e22
XI0 = 2e11 / 300.0**2
VBI, W, CHF = 1.0, 200e-9, 1.1e-3
E_GRID = np.linspace(0.0, 0.8, 1601)
FREQ = np.geomspace(100, 1e6, 61)


def _spectrum(t_k, center=E0):
    band = gaussian_trap_band(E_GRID, center, SIGMA, N_TOTAL)
    c = trap_band_capacitance(2 * np.pi * FREQ, E_GRID, band, t_k, XI0 * t_k**2, VBI, W, CHF)
    return AdmittanceSpectrum(FREQ, c, float(t_k))


def test_walter_formula_on_logarithmic_capacitance():
    # C = a - b ln w  ->  dC/dw * w = -b  ->  N_t = V_bi b / (q W k T) (constant)
    w = np.geomspace(1e3, 1e7, 30)
    b = 2e-5  # F/m2 per e-fold
    e, n = trap_dos_walter(w, 1e-3 - b * np.log(w), 0.8, 150e-9, 250.0, 1e12)
    np.testing.assert_allclose(n, 0.8 * b / (QE * 150e-9 * KB_EV * 250.0), rtol=1e-6)
    np.testing.assert_allclose(e, KB_EV * 250.0 * np.log(1e12 / w), rtol=1e-6)


def test_gaussian_band_single_temperature_known_w0():
    s = _spectrum(300.0, center=0.38)
    e, n = trap_dos_walter(s.omega_rad_s, s.capacitance_f_m2, VBI, W, 300.0, XI0 * 300.0**2)
    order = np.argsort(e)
    e, n = e[order], n[order]
    assert e[np.argmax(n)] == pytest.approx(0.38, abs=0.02)
    assert np.trapezoid(n, e) == pytest.approx(N_TOTAL, rel=0.10)


def test_thermal_admittance_and_merged_dos():
    spectra = [_spectrum(t) for t in (260, 280, 300, 320, 340)]
    th = ThermalAdmittanceFit().fit(spectra)
    assert th.ea_ev_ == pytest.approx(E0, abs=0.02)
    assert th.xi0_ == pytest.approx(XI0, rel=0.10)
    # the characteristic frequency of the band centre: w0(T) exp(-E0/kT)
    for t, wc in zip(th.temperatures_k_, th.omega_c_, strict=True):
        assert wc == pytest.approx(XI0 * t**2 * np.exp(-E0 / (KB_EV * t)), rel=0.05)
    dos = trap_dos(spectra, VBI, W)
    assert dos.peak_energy_ev == pytest.approx(E0, abs=0.02)
    assert dos.integrated_density_per_m3() == pytest.approx(N_TOTAL, rel=0.10)
    assert dos.ea_ev == pytest.approx(E0, abs=0.02)
    assert dos.omega0_reference_t_k == pytest.approx(300.0)
    assert dos.omega0_rad_s == pytest.approx(2e11, rel=0.10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_thermal_admittance_with_0p1pct_capacitance_noise(seed):
    # lab-grade C(f): 0.1 % scatter; the half-maximum Gaussian peak keeps E_a and the DOS
    rng = np.random.default_rng(seed)
    spectra = []
    for t in (260, 280, 300, 320, 340):
        s = _spectrum(t)
        noisy = s.capacitance_f_m2 * (1 + rng.normal(0, 1e-3, FREQ.size))
        spectra.append(AdmittanceSpectrum(FREQ, noisy, float(t)))
    dos = trap_dos(spectra, VBI, W, smooth=5)
    assert dos.ea_ev == pytest.approx(E0, abs=0.02)
    assert abs(dos.ea_ev - E0) < 4 * dos.ea_stderr_ev + 0.005
    assert dos.peak_energy_ev == pytest.approx(E0, abs=0.02)
    assert dos.integrated_density_per_m3() == pytest.approx(N_TOTAL, rel=0.10)


@pytest.mark.parametrize("smooth", [0, 3, 5])
def test_cli_example_peak_fit_is_unbiased_with_smoothing(smooth):
    # peak frequencies of the example files vs the truth w0(T) exp(-E0/kT) / (2 pi)
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "1.0", "--w-nm",
                                 "200", "--smooth", str(smooth), "--json"])
    out = json.loads(r.stdout)
    t = np.array(out["temperatures_k"])
    truth = XI0 * t**2 * np.exp(-E0 / (KB_EV * t)) / (2 * np.pi)
    np.testing.assert_allclose(out["peak_frequency_hz"], truth, rtol=0.01)
    assert out["ea_ev"] == pytest.approx(E0, abs=0.002)
    assert out["w0_hz"] == pytest.approx(2e11, rel=0.02)


def test_jiang_2024_eqn12_as_printed_is_not_a_density():
    """Jiang et al., Nanoscale (2024) eqn (12) divides by q*w0 (w0 called "the depletion width").

    The printed form equals the correct Walter form times W / w0: its value depends on
    the arbitrary attempt frequency and has units m^-2 s eV^-1, not m^-3 eV^-1.  Only
    the Walter form integrates to the synthesised trap density.
    """
    s = _spectrum(300.0, center=0.38)
    w0 = XI0 * 300.0**2
    w, c = s.omega_rad_s, s.capacitance_f_m2
    dc_dw = np.gradient(c, w)
    kt = KB_EV * 300.0
    printed = -(VBI / (QE * w0)) * dc_dw * w / kt  # eqn (12) as printed
    e, correct = trap_dos_walter(w, c, VBI, W, 300.0, w0)
    mid = slice(5, -5)
    np.testing.assert_allclose(printed[mid] * w0 / W, correct[mid], rtol=0.05)
    printed_10 = -(VBI / (QE * 10 * w0)) * dc_dw * w / kt
    np.testing.assert_allclose(printed_10, printed / 10)  # depends on the choice of w0
    o = np.argsort(e)
    assert np.trapezoid(correct[o], e[o]) == pytest.approx(N_TOTAL, rel=0.10)
    assert np.trapezoid(printed[o], e[o]) / N_TOTAL == pytest.approx(W / w0, rel=0.10)


def test_depletion_width_and_impedance_inversion():
    assert depletion_width(1.1e-3, 25.0) == pytest.approx(EPS0 * 25.0 / 1.1e-3, rel=1e-8)
    f = np.geomspace(10, 1e6, 20)
    c_true, g_true = 5e-9, 2e-6  # parallel RC
    z = 1 / (g_true + 1j * 2 * np.pi * f * c_true)
    c, g = capacitance_from_impedance(f, z.real, z.imag)
    np.testing.assert_allclose(c, c_true, rtol=1e-10)
    np.testing.assert_allclose(g, g_true, rtol=1e-8)


def test_forward_model_conductance_peak_at_emission_rate():
    # a single level (narrow band): G/w has its maximum at w = w_e = w0 exp(-E/kT)
    e = np.linspace(0.29, 0.31, 401)
    band = gaussian_trap_band(e, 0.30, 0.001, 1e21)
    w = np.geomspace(1e2, 1e8, 601)
    _, g = trap_band_admittance(w, e, band, 300.0, 1e11, 1.0, W, CHF)
    assert w[np.argmax(g / w)] == pytest.approx(1e11 * np.exp(-0.30 / (KB_EV * 300.0)), rel=0.05)


def test_no_peak_and_single_temperature_errors():
    flat = AdmittanceSpectrum(FREQ, np.full(FREQ.size, 1e-3), 300.0)
    flat2 = AdmittanceSpectrum(FREQ, np.full(FREQ.size, 1e-3), 320.0)
    with pytest.raises(AdmittanceError, match="need >= 2"):
        ThermalAdmittanceFit().fit([flat, flat2])
    with pytest.raises(AdmittanceError, match="single temperature"):
        trap_dos([_spectrum(300.0)], VBI, W)
    with pytest.raises(AdmittanceError, match="strictly increasing"):
        trap_dos_walter(FREQ[::-1], np.ones(FREQ.size), VBI, W, 300.0, 1e11)
    noisy = _spectrum(300.0)
    c = noisy.capacitance_f_m2 * (1 + np.random.default_rng(0).normal(0, 0.01, FREQ.size))
    dos = trap_dos([AdmittanceSpectrum(FREQ, c, 300.0)], VBI, W, omega0_rad_s=1e11)
    assert any("negative DOS" in w for w in dos.warnings)


# ----------------------------------------------------------------------------- files
def test_read_examples_and_temperature_sources(tmp_path):
    with resources.as_file(EXAMPLES / "admittance_300K.csv") as p:
        s = read_admittance_csv(p)
    assert s.temperature_k == 300.0 and s.frequency_hz.size == 41
    assert s.capacitance_f_m2[-1] == pytest.approx(1e-5 * 117.0, rel=0.1)  # nF/cm2 -> F/m2
    assert s.conductance_s_m2 is not None
    f = tmp_path / "sample_250K.csv"
    f.write_text("f (kHz),C (pF)\n1,100\n2,90\n4,80\n")
    with pytest.raises(FileFormatError, match="area"):
        read_admittance_csv(f)
    s = read_admittance_csv(f, area_cm2=0.01)
    assert s.temperature_k == 250.0
    np.testing.assert_allclose(s.frequency_hz, [1e3, 2e3, 4e3])
    np.testing.assert_allclose(s.capacitance_f_m2, [100e-12 / 1e-6, 90e-12 / 1e-6, 80e-12 / 1e-6])
    g = tmp_path / "no_temperature.csv"
    g.write_text("f (Hz),C (F/cm2)\n1,1e-7\n2,1e-7\n3,1e-7\n")
    with pytest.raises(FileFormatError, match="temperature unknown"):
        read_admittance_csv(g)
    assert read_admittance_csv(g, temperature_k=310.0).temperature_k == 310.0


def test_read_impedance_columns(tmp_path):
    fr = np.geomspace(100, 1e5, 10)
    z = 1 / (1e-6 + 1j * 2 * np.pi * fr * 2e-9)  # absolute Ohm, area 0.04 cm2
    f = tmp_path / "z.csv"
    f.write_text("# temperature_k: 290\n# area_cm2: 0.04\nf (Hz),Z' (Ohm),-Z'' (Ohm)\n"
                 + "".join(f"{a:.10g},{b.real:.10g},{-b.imag:.10g}\n"
                           for a, b in zip(fr, z, strict=True)))
    s = read_admittance_csv(f)
    assert s.temperature_k == 290.0
    np.testing.assert_allclose(s.capacitance_f_m2, 2e-9 / 4e-6, rtol=1e-6)
    np.testing.assert_allclose(s.conductance_s_m2, 1e-6 / 4e-6, rtol=1e-6)


def test_reader_errors(tmp_path):
    f = tmp_path / "a_300K.csv"
    f.write_text("f (Hz),C (nF/cm2)\n1,100\n2,x\n3,90\n")
    with pytest.raises(FileFormatError, match=r"a_300K.csv:3"):
        read_admittance_csv(f)
    f.write_text("V (V),C (nF/cm2)\n1,100\n2,95\n3,90\n")
    with pytest.raises(FileFormatError, match="no frequency column"):
        read_admittance_csv(f)
    f.write_text("f (Hz),C (nF/cm2)\n3,90\n1,100\n2,95\n")
    s = read_admittance_csv(f)
    np.testing.assert_allclose(s.frequency_hz, [1, 2, 3])
    assert any("not monotonic" in w for w in s.warnings)
    f.write_text("f (Hz),C (nF/cm2)\n1,100\n2,-95\n3,90\n")
    assert any("<= 0" in w for w in read_admittance_csv(f).warnings)


# ----------------------------------------------------------------------------- CLI
def _example_paths():
    return [str(EXAMPLES / f"admittance_{t}K.csv") for t in (260, 280, 300, 320, 340)]


def test_cli_admittance_examples():
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "1.0", "--w-nm",
                                 "200", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    for key in ("energy_ev", "dos_cm3_ev", "ea_ev", "w0_hz"):
        assert key in out
    assert len(out["energy_ev"]) == len(out["dos_cm3_ev"]) > 50
    # file headers: E_t = 0.35 eV, 1e16 cm-3, w0(300 K) = 2e11 1/s
    assert out["ea_ev"] == pytest.approx(0.35, abs=0.02)
    assert out["w0_hz"] == pytest.approx(2e11, rel=0.10)
    assert out["peak_energy_ev"] == pytest.approx(0.35, abs=0.02)
    assert out["integrated_density_cm3"] == pytest.approx(1e16, rel=0.10)
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "1.0", "--w-nm",
                                 "200", "--w0", "1e11", "--json"])
    out = json.loads(r.stdout)
    assert out["w0_hz"] == 1e11 and out["ea_ev"] == pytest.approx(0.35, abs=0.02)
    # w0_hz carries the angular w0 of E_w = kT ln(w0 / w) (same as --w0 and w0_rad_s):
    # with w0 = 1e11 instead of the true 2e11 the band appears kT ln 2 = 17.9 meV shallower
    assert out["w0_rad_s"] == out["w0_hz"]
    assert out["peak_energy_ev"] == pytest.approx(0.35 - KB_EV * 300.0 * np.log(2.0), abs=0.005)


def test_cli_admittance_errors(tmp_path):
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "1.0"])
    assert r.exit_code == 2 and "--w-nm" in r.output
    r = CliRunner().invoke(app, [*ADMITTANCE, _example_paths()[0], "--vbi", "1.0",
                                 "--w-nm", "200"])
    assert r.exit_code == 2 and "single temperature" in r.output
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "-1",
                                 "--w-nm", "200"])
    assert r.exit_code == 2 and "v_bi_v" in r.output
    r = CliRunner().invoke(app, [*ADMITTANCE, str(tmp_path), str(tmp_path), "--vbi", "1",
                                 "--w-nm", "200"])
    assert r.exit_code == 2 and "cannot read" in r.output and str(tmp_path) in r.output


def test_cli_admittance_plot(tmp_path):
    png = tmp_path / "adm.png"
    r = CliRunner().invoke(app, [*ADMITTANCE, *_example_paths(), "--vbi", "1.0", "--w-nm",
                                 "200", "--plot", str(png), "--json"])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
