"""``peled material`` CLI contract (exact JSON keys) and error exits."""

import json
import math

import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.spectra import HC_EV_NM

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_parse_contract():
    out = _json(["material", "parse", "PEA2Cs4Pb5Br16", "--json"])
    assert {"sites", "n", "dimensionality", "warnings"} <= out.keys()
    assert out["n"] == 5 and out["dimensionality"] == "quasi-2D" and out["warnings"] == []
    assert out["sites"]["spacer"] == {"count": 2.0, "fractions": {"PEA": 1.0}}
    assert out["sites"]["A"]["count"] == 4.0 and out["sites"]["X"]["count"] == 16.0


def test_parse_warns_on_seed_row():
    out = _json(["material", "parse", "PEA2CsPb2I5", "--json"])
    assert any("3n+1" in w for w in out["warnings"])


def test_tolerance_contract():
    out = _json(["material", "tolerance", "CsPbI3", "--json"])
    assert {"t", "mu", "tau", "perovskite_predicted", "radii_source"} <= out.keys()
    assert out["perovskite_predicted"] is False
    assert out["tau"] == pytest.approx(
        2.20 / 1.19 - (1 - (1.88 / 1.19) / math.log(1.88 / 1.19)), rel=1e-9
    )
    assert "Shannon" in out["radii_source"]["Cs"]
    assert out["warnings"] == []


def test_tolerance_passes_stoichiometry_warnings():
    out = _json(["material", "tolerance", "Cs0.1PbI3", "--json"])
    # fractions are normalised (same t as CsPbI3: 4.08 / (sqrt2 x 3.39) = 0.8510) ...
    assert out["t"] == pytest.approx(4.08 / (math.sqrt(2) * 3.39), rel=1e-12)
    # ... but the broken A count is reported
    assert any("A-site count 0.1 differs" in w for w in out["warnings"])


def test_emission_contract():
    bulk = _json(["material", "emission", "CsPb(Br0.5I0.5)3", "--json"])
    small = _json(["material", "emission", "CsPb(Br0.5I0.5)3", "--size-nm", "8", "--json"])
    assert {"bandgap_ev", "peak_nm"} <= bulk.keys()
    assert bulk["peak_nm"] == pytest.approx(HC_EV_NM / bulk["bandgap_ev"])
    assert small["bandgap_ev"] > bulk["bandgap_ev"]
    # weak confinement of an 8 nm cube, mu = fraction-weighted (0.126 + 0.114)/2 m0:
    # 3 x 0.376 eV nm^2 / (4 mu 64 nm^2) = 0.0367 eV
    assert small["confinement_shift_ev"] == pytest.approx(3 * 0.376 / (4 * 0.12 * 64), rel=3e-3)
    assert small["bandgap_ev"] - bulk["bandgap_ev"] == pytest.approx(
        small["confinement_shift_ev"], rel=1e-12
    )


def test_emission_quasi2d_reports_n_phase_ladder():
    out = _json(["material", "emission", "PEA2Cs4Pb5Br16", "--json"])
    assert out["peak_nm"] == pytest.approx(518.6, abs=0.1)  # Jang et al. (2025) Table 3 EL 516 nm
    assert set(out["n_phase_bandgaps_ev"]) == {"n1", "n2", "n3", "n4", "n5", "n6", "bulk"}
    assert out["nominal_n_bandgap_ev"] == pytest.approx(out["n_phase_bandgaps_ev"]["n5"])


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["material", "parse", "CsPbX3", "--json"], "position 4"),
        (["material", "emission", "CsPb(Cl0.5I0.5)3", "--json"], "miscibility"),
        (["material", "tolerance", "PEA2PbBr4", "--json"], "site"),
        (["material", "emission", "CsPbBr3", "--size-nm", "0", "--json"],
         "size_nm (--size-nm) must be within 2-10000 nm"),
    ],
)
def test_errors_exit_2(args, fragment):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert "error:" in r.output and fragment in r.output
    assert r.stdout.strip() == "" or not r.stdout.strip().startswith("{")


def test_emission_shape_option_matches_library():
    from peled.materials.emission import emission_estimate

    out = json.loads(CliRunner().invoke(
        app, ["material", "emission", "MAPbBr3", "--size-nm", "5", "--shape", "sphere", "--json"]
    ).stdout)
    expected = emission_estimate("MAPbBr3", size_nm=5.0, shape="sphere")
    assert out["peak_nm"] == pytest.approx(expected.peak_nm, rel=1e-12)
    assert out["shape"] == "sphere"
    # a sphere of diameter D is more confined than a cube of edge D: bluer peak
    cube = emission_estimate("MAPbBr3", size_nm=5.0, shape="cube")
    assert out["peak_nm"] < cube.peak_nm
    bad = CliRunner().invoke(app, ["material", "emission", "MAPbBr3", "--size-nm", "5",
                                   "--shape", "disc"])
    assert bad.exit_code == 2 and "shape" in bad.output
