"""Band gap vs halide, A-site shift, confinement, quasi-2D n-phases and exciton binding."""

import csv
from importlib import resources

import numpy as np
import pytest

from peled.errors import ParameterError
from peled.materials import (
    bulk_emission,
    confinement_shift_ev,
    emission_estimate,
    exciton_parameters,
    halide_energy_ev,
    n_phase_bandgaps_ev,
    nanocrystal_exciton_binding_ev,
    quantum_well_exciton_binding_ev,
    quantum_well_fit,
    vegard_fit,
)
from peled.spectra import HC_EV_NM


def _rows(name):
    path = resources.files("peled.materials") / "data" / name
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_calibration_rows_have_provenance():
    for name in (
        "halide_emission_calibration.csv",
        "cspbbr3_size_series.csv",
        "exciton_parameters.csv",
        "quasi2d_bandgaps.csv",
        "a_site_shift.csv",
    ):
        assert all(r["source"] for r in _rows(name)), name


def test_vegard_endpoints_and_fit_quality():
    clbr, bri = vegard_fit("Cl-Br"), vegard_fit("Br-I")
    # seed 003 sec. 4.2: CsPbX3 gap tunable 1.8 - 3.0 eV; seed 003 Table 1 CsPbBr3 PL 514-525 nm
    assert bri.e1_ev == pytest.approx(1.8, abs=0.02)
    assert clbr.e1_ev == pytest.approx(3.0, abs=0.05)
    assert HC_EV_NM / clbr.e0_ev == pytest.approx(518.6, abs=2.0)
    assert clbr.rms_ev < 0.05 and bri.rms_ev < 0.05


def test_seed003_mixed_halide_points_reproduced():
    # seed 003 Table 1: CsPb(Br0.75Cl0.25)3 499 nm, CsPbCl0.5Br2.5 511 nm, CsPbBrI2 656 nm
    for comp, nm in (("CsPb(Br0.75Cl0.25)3", 499), ("CsPbCl0.5Br2.5", 511), ("CsPbBrI2", 656)):
        assert bulk_emission(comp).peak_nm == pytest.approx(nm, abs=12)


def test_monotonic_in_halide_fraction():
    x = np.linspace(0, 1, 11)
    e_cl = [halide_energy_ev(f_cl=v, f_br=1 - v) for v in x]
    e_i = [halide_energy_ev(f_i=v, f_br=1 - v) for v in x]
    assert np.all(np.diff(e_cl) > 0) and np.all(np.diff(e_i) < 0)


def test_cl_i_miscibility_gap_is_an_error():
    with pytest.raises(ParameterError, match="miscibility gap"):
        bulk_emission("CsPb(Cl0.5I0.5)3")
    with pytest.raises(ParameterError, match="lead perovskites only"):
        bulk_emission("CsSnI3")


def test_range_check_and_organic_shift():
    # MAPbI3 1.57 eV (Noh 2013) lies below the 1.8-3.0 eV CsPbX3 window of seed 003
    e = bulk_emission("MAPbI3")
    assert e.a_site_shift_ev == pytest.approx(-0.16)
    assert any("outside the calibrated" in w for w in e.warnings)
    assert bulk_emission("FAPbBr3").bandgap_ev == pytest.approx(
        bulk_emission("CsPbBr3").bandgap_ev - 0.13
    )
    assert bulk_emission("CsPbBr3").warnings == ()


def test_bohr_radius_close_to_protesescu():
    p = exciton_parameters({"Br": 1.0})
    # Protesescu 2015 quote a Bohr diameter of 7 nm for CsPbBr3
    assert 2 * p.bohr_radius_m * 1e9 == pytest.approx(7.0, rel=0.15)
    # seed 001 sec. 2: bulk binding energy ~30 meV; Yang 2017: 33 meV
    assert p.rydberg_ev == pytest.approx(0.033, abs=0.003)


def test_weak_confinement_analytic():
    p = exciton_parameters({"Br": 1.0})
    hbar2pi2_2m0 = 0.376  # eV nm^2 (hbar^2 pi^2 / 2 m0)
    expected = 3 * hbar2pi2_2m0 / (4 * 0.126 * 8.0**2)
    assert float(confinement_shift_ev(8.0, p)) == pytest.approx(expected, rel=2e-3)
    assert float(confinement_shift_ev(1e4, p)) < 1e-6


def test_size_series_model_error():
    """Weak-confinement model vs the published CsPbBr3 size series (data file)."""
    p = exciton_parameters({"Br": 1.0})
    e_bulk = bulk_emission("CsPbBr3").bandgap_ev
    rows = _rows("cspbbr3_size_series.csv")
    L = np.array([float(r["edge_nm"]) for r in rows])
    e_obs = np.array(
        [float(r["peak_ev"]) if r["peak_ev"] else HC_EV_NM / float(r["peak_nm"]) for r in rows]
    )
    err_weak = e_bulk + confinement_shift_ev(L, p, "weak") - e_obs
    err_brus = e_bulk + confinement_shift_ev(L, p, "brus") - e_obs
    assert np.sqrt(np.mean(err_weak**2)) < 0.08
    assert np.max(np.abs(err_weak)) < 0.1
    # peak wavelength error of the weak model below 20 nm at every point
    lam_err = HC_EV_NM / (e_obs + err_weak) - HC_EV_NM / e_obs
    assert np.max(np.abs(lam_err)) < 20
    # Brus (strong confinement, infinite barriers) overshoots at 3.5 nm
    assert err_brus[np.argmin(L)] > 0.15


def test_emission_with_size():
    e = emission_estimate("CsPb(Br0.5I0.5)3", size_nm=8)
    assert e.bandgap_ev == pytest.approx(e.bulk_ev + e.confinement_shift_ev)
    assert e.peak_nm == pytest.approx(HC_EV_NM / e.bandgap_ev)
    assert e.confinement_shift_ev > 0
    with pytest.raises(ParameterError, match="edge length"):
        emission_estimate("CsPbBr3", size_nm=-1)


def test_quasi2d_series():
    fit = quantum_well_fit("BA")
    # Stoumpos 2016/2017 (BA)2(MA)n-1PbnI3n+1 gaps reproduced within 20 meV
    gaps = n_phase_bandgaps_ev(1.52, 6)
    for n, ev in ((1, 2.43), (2, 2.17), (3, 2.03), (4, 1.91), (5, 1.83)):
        assert gaps[f"n{n}"] == pytest.approx(ev, abs=0.02)
    assert fit.rms_ev < 0.02
    assert gaps["bulk"] == 1.52 and gaps["n6"] < gaps["n5"]
    with pytest.raises(ParameterError, match="no n-series"):
        quantum_well_fit("XYZ")


def test_exciton_binding_limits():
    p = exciton_parameters({"Br": 1.0})
    ry = p.rydberg_ev
    eb = quantum_well_exciton_binding_ev(np.array([1e-6, 1e4]), p)
    assert eb[0] == pytest.approx(4 * ry, rel=1e-6)  # 2D limit of the fractional-dimension model
    assert eb[1] == pytest.approx(ry, rel=1e-6)
    # seed 001: 6.8 nm in situ PNCs -> 109 meV (ref 83); nanocrystalline 50-300 meV
    assert float(nanocrystal_exciton_binding_ev(6.8, p)) == pytest.approx(0.109, rel=0.3)
    nc = nanocrystal_exciton_binding_ev(np.array([3.5, 5.0, 8.0]), p)
    assert np.all((nc > 0.05) & (nc < 0.3))
    assert float(nanocrystal_exciton_binding_ev(100.0, p)) == pytest.approx(ry)
