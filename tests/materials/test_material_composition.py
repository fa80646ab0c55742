"""Composition parser: seed formulas, stoichiometry warnings, round trips, garbage."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.errors import ParameterError
from peled.materials import format_composition, parse_composition


def test_mixed_a_site_3d():
    c = parse_composition("Cs0.87MA0.13PbBr3")
    assert c.n is None and c.dimensionality == "3D"
    assert c.fractions("A") == pytest.approx({"Cs": 0.87, "MA": 0.13})
    assert c.sites["X"].count == 3 and c.warnings == ()


def test_mixed_halide_group():
    c = parse_composition("CsPb(Br0.4I0.6)3")
    assert c.fractions("X") == pytest.approx({"Br": 0.4, "I": 0.6})
    assert c.sites["X"].count == pytest.approx(3.0)


def test_a_site_only_mixture():
    c = parse_composition("FA0.7MA0.1GA0.2")
    assert c.dimensionality == "A-site only"
    assert c.fractions("A") == pytest.approx({"FA": 0.7, "MA": 0.1, "GA": 0.2})


def test_ruddlesden_popper_jang_2025_rows():
    # Jang et al., Adv. Mater. (2025) Table 3, green row [244] and blue row [95]
    c = parse_composition("PEA2Cs4Pb5Br16")
    assert (c.n, c.structure, c.dimensionality, c.warnings) == (
        5,
        "ruddlesden-popper",
        "quasi-2D",
        (),
    )
    assert c.sites["spacer"].count == 2 and c.sites["A"].count == 4
    c = parse_composition("(PEA)2Cs2Pb3(Br0.5Cl0.5)10")
    assert c.n == 3 and c.fractions("X") == pytest.approx({"Br": 0.5, "Cl": 0.5})
    assert c.warnings == ()


def test_dion_jacobson_divalent_spacer():
    c = parse_composition("BDAPbI4")
    assert (c.n, c.structure, c.dimensionality) == (1, "dion-jacobson", "2D")
    assert c.warnings == ()


@pytest.mark.parametrize(
    "formula, fragment",
    [
        ("PEA2CsPb2I5", "halide count 5 breaks X(3n+1) = 7"),  # Jang et al. (2025) Table 3 [110]
        # Jang et al. (2025) Table 3 [97]
        ("PEA2(Cs0.7EA0.3)Pb2Br5", "halide count 5 breaks X(3n+1) = 7"),
        ("PDA2Cs2Pb3(Br0.77Cl0.37)10", "sum to 1.14"),  # Jang et al. (2025) Table 3 [250]
        ("PEA2Cs3Pb3Br10", "A-site count 3 breaks A(n-1) = 2"),
        ("CsPbBr2", "halide count 2 differs"),
    ],
)
def test_stoichiometry_violations_are_warnings(formula, fragment):
    c = parse_composition(formula)
    assert any(fragment in w for w in c.warnings), c.warnings


@pytest.mark.parametrize(
    "text, pos",
    [("CsPbX3", 4), ("CsPb(Br/I)3", 7), ("Cs(Pb", 2), ("CsPbBr3)", 7), ("CsPb Br3", 4)],
)
def test_garbage_rejected_with_position(text, pos):
    with pytest.raises(ParameterError, match=f"position {pos}") as err:
        parse_composition(text)
    assert "\n" not in str(err.value)


def test_group_mixing_sites_rejected():
    with pytest.raises(ParameterError, match="different sites"):
        parse_composition("(CsBr)PbBr3")


_A = st.sampled_from(["Cs", "MA", "FA", "GA", "Rb", "EA"])
_X = st.sampled_from(["Cl", "Br", "I"])
_SP = st.sampled_from(["PEA", "BA", "p-FPEA", "NMA"])


def _mixed(species, k):
    return st.lists(species, min_size=1, max_size=k, unique=True).flatmap(
        lambda names: st.lists(st.integers(1, 99), min_size=len(names), max_size=len(names)).map(
            lambda w: {s: wi / sum(w) for s, wi in zip(names, w, strict=True)}
        )
    )


def _write(fr, count):
    if len(fr) == 1:
        (s,) = fr
        body = f"({s})" if len(s) > 2 else s
    else:
        body = "(" + "".join(f"{s}{f:.6f}" for s, f in fr.items()) + ")"
    return body + ("" if count == 1 else str(count))


@settings(max_examples=50, deadline=None)
@given(a=_mixed(_A, 3), x=_mixed(_X, 2), sp=_mixed(_SP, 2), n=st.integers(0, 6))
def test_round_trip(a, x, sp, n):
    if n == 0:
        text = _write(a, 1) + "Pb" + _write(x, 3)
    else:
        text = (
            _write(sp, 2)
            + (_write(a, n - 1) if n > 1 else "")
            + _write({"Pb": 1.0}, n)
            + _write(x, 3 * n + 1)
        )
    c1 = parse_composition(text)
    c2 = parse_composition(format_composition(c1))
    assert c1.n == c2.n and c1.structure == c2.structure
    for site in ("spacer", "A", "B", "X"):
        f1, f2 = c1.fractions(site), c2.fractions(site)
        assert f1.keys() == f2.keys()
        for k in f1:
            assert f2[k] == pytest.approx(f1[k], abs=1e-9)
        if c1.sites[site]:
            assert c2.sites[site].count == pytest.approx(c1.sites[site].count, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(
    base=st.sampled_from(["CsPbBr3", "PEA2Cs4Pb5Br16", "CsPb(Br0.4I0.6)3", "FA0.7MA0.3PbI3"]),
    bad=st.sampled_from(list("#$%&*!?/=~@^[]{}<>")),
    where=st.floats(0, 1),
)
def test_garbage_character_position_reported(base, bad, where):
    pos = int(where * len(base))
    text = base[:pos] + bad + base[pos:]
    with pytest.raises(ParameterError) as err:
        parse_composition(text)
    msg = str(err.value)
    assert "\n" not in msg
    # the reported position is where the bad character sits or where the token containing it
    # starts (a symbol cut in two is reported at its first half)
    reported = int(re.search(r"at position (\d+)", msg).group(1))
    assert pos - 6 <= reported <= pos
