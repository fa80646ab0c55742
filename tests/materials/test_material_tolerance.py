"""Tolerance factors against hand calculations from the shipped Shannon/Kieslich radii."""

import math

import pytest

from peled.errors import ParameterError
from peled.materials import (
    bartel_tau,
    goldschmidt_misprinted,
    goldschmidt_t,
    ionic_radius,
    radii_table,
    tolerance_factors,
)

# Radii in Angstrom typed from the papers (independent of the CSV): Shannon 1976
# Cs+ XII 1.88, Pb2+ VI 1.19, Br- VI 1.96, I- VI 2.20; Kieslich 2014 MA 2.17, FA 2.53.
CS, PB, BR, I_, MA, FA = 1.88, 1.19, 1.96, 2.20, 2.17, 2.53


def _t(ra, rb, rx):
    return (ra + rx) / (math.sqrt(2) * (rb + rx))


def _tau(ra, rb, rx):
    return rx / rb - 1 * (1 - (ra / rb) / math.log(ra / rb))


@pytest.mark.parametrize(
    "formula, ra, rx",
    [("CsPbBr3", CS, BR), ("CsPbI3", CS, I_), ("MAPbI3", MA, I_), ("FAPbI3", FA, I_)],
)
def test_factors_match_hand_calculation(formula, ra, rx):
    r = tolerance_factors(formula)
    assert r.t == pytest.approx(_t(ra, PB, rx), rel=1e-12)
    assert r.mu == pytest.approx(PB / rx, rel=1e-12)
    assert r.tau == pytest.approx(_tau(ra, PB, rx), rel=1e-12)


def test_hand_numbers():
    # worked by hand: CsPbBr3 t = 3.84/(1.41421*3.15) = 0.8620; CsPbI3 4.08/(1.41421*3.39)
    assert tolerance_factors("CsPbBr3").t == pytest.approx(0.8620, abs=5e-4)
    assert tolerance_factors("CsPbI3").t == pytest.approx(0.8510, abs=5e-4)
    assert tolerance_factors("MAPbI3").t == pytest.approx(0.9115, abs=5e-4)
    assert tolerance_factors("FAPbI3").t == pytest.approx(0.9866, abs=5e-4)


def test_tau_classifies_cspbi3_unstable_cspbbr3_stable():
    br, i = tolerance_factors("CsPbBr3"), tolerance_factors("CsPbI3")
    assert br.tau == pytest.approx(4.1016, abs=5e-4) and br.perovskite_predicted
    assert i.tau == pytest.approx(4.3033, abs=5e-4) and not i.perovskite_predicted
    assert tolerance_factors("MAPbI3").perovskite_predicted
    assert tolerance_factors("FAPbI3").perovskite_predicted


def test_jiang_2024_printed_goldschmidt_is_wrong():
    # Jiang et al. (2024) eqn (1) prints (R_A + R_B)/(sqrt2 (R_B + R_X)): for CsPbBr3 that gives
    # 0.689,
    # below the 0.71 perovskite bound, although CsPbBr3 is a perovskite; the correct form 0.862.
    printed = float(goldschmidt_misprinted(CS, PB, BR))
    correct = float(goldschmidt_t(CS, PB, BR))
    assert printed == pytest.approx(3.07 / (math.sqrt(2) * 3.15), rel=1e-12)
    assert printed < 0.71 < correct
    assert correct - printed == pytest.approx(0.173, abs=1e-3)


def test_mixed_site_uses_fraction_weighted_radius():
    r = tolerance_factors("Cs0.5FA0.5PbI3")
    assert r.r_a_pm == pytest.approx(0.5 * 188 + 0.5 * 253)
    assert r.t == pytest.approx(_t(0.5 * CS + 0.5 * FA, PB, I_))


def test_every_radius_has_a_source_and_assumptions_are_marked():
    for row in radii_table().values():
        assert row.source
    assert "ASSUMPTION" in ionic_radius("PEA").source
    assert "Shannon" in ionic_radius("Cs").source and ionic_radius("Cs").coordination == "XII"
    assert "Kieslich" in ionic_radius("GA").source and ionic_radius(
        "GA"
    ).radius_pm == pytest.approx(278)


def test_quasi2d_uses_cage_cation_not_spacer():
    assert tolerance_factors("PEA2Cs4Pb5Br16").t == pytest.approx(tolerance_factors("CsPbBr3").t)


def test_errors():
    with pytest.raises(ParameterError, match="site"):
        tolerance_factors("PEA2PbBr4")  # n = 1: no cage cation
    with pytest.raises(ParameterError, match="r_A must exceed r_B"):
        bartel_tau(1.0, 1.19, 1.96)
    with pytest.raises(ParameterError, match="no radius"):
        ionic_radius("Xx")
