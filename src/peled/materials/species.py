"""Species known to the composition parser and the site each one occupies.

Site roles follow the perovskite formula ABX3 and the layered formulas of Jang et al. (2025)
(sec. 4, ``A'2 A(n-1) Bn X(3n+1)``, Ruddlesden-Popper) and the Dion-Jacobson analogue
``A'' A(n-1) Bn X(3n+1)`` with a divalent spacer (Mao et al., J. Am. Chem. Soc. 140, 3775
(2018)).  ``charge`` is the formal oxidation state used by Bartel's tau (Jiang et al. (2024) eqn 3).

Abbreviations of the organic cations are the ones used in Jang et al., Adv. Mater. (2025),
Jiang et al., Nanoscale (2024) and Yang et al., Mater. Horiz. (2023) (Tables 3-5 of Jang et
al. (2025) name the spacers PEA, BA, PBA, PPT, NMA, PDA, m-/p-FPEA, TEA).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "SITE_ORDER",
    "SPECIES",
    "SYMBOLS_LONGEST_FIRST",
    "Species",
]


@dataclass(frozen=True)
class Species:
    """One ion: symbol as written in formulas, site role and formal charge."""

    symbol: str
    role: str  # "A", "B", "X" or "spacer"
    charge: int
    name: str


_A = [
    ("Cs", 1, "caesium"),
    ("Rb", 1, "rubidium"),
    ("K", 1, "potassium"),
    ("Na", 1, "sodium"),
    ("MA", 1, "methylammonium CH3NH3+"),
    ("FA", 1, "formamidinium CH(NH2)2+"),
    ("GA", 1, "guanidinium C(NH2)3+"),
    ("EA", 1, "ethylammonium C2H5NH3+"),
    ("DMA", 1, "dimethylammonium (CH3)2NH2+"),
    ("AZ", 1, "azetidinium (CH2)3NH2+"),
    ("IM", 1, "imidazolium C3N2H5+"),
    ("HA", 1, "hydroxylammonium NH3OH+"),
    ("HY", 1, "hydrazinium NH2NH3+"),
    ("NH4", 1, "ammonium"),
]
_B = [
    ("Pb", 2, "lead(II)"),
    ("Sn", 2, "tin(II)"),
    ("Ge", 2, "germanium(II)"),
    ("Sr", 2, "strontium"),
    ("Ca", 2, "calcium"),
    ("Mn", 2, "manganese(II)"),
    ("Zn", 2, "zinc"),
    ("Cd", 2, "cadmium"),
    ("Cu", 2, "copper(II)"),
    ("Ni", 2, "nickel(II)"),
]
_X = [
    ("F", -1, "fluoride"),
    ("Cl", -1, "chloride"),
    ("Br", -1, "bromide"),
    ("I", -1, "iodide"),
]
_SPACER = [
    ("PEA", 1, "phenethylammonium"),
    ("BA", 1, "n-butylammonium"),
    ("PBA", 1, "phenylbutylammonium"),
    ("PPT", 1, "3-phenyl-2-propen-1-amine (Jang et al., Adv. Mater. (2025) Table 3)"),
    ("NMA", 1, "1-naphthylmethylammonium"),
    ("TEA", 1, "2-thiopheneethylammonium"),
    ("OA", 1, "octylammonium"),
    ("BZA", 1, "benzylammonium"),
    ("MBA", 1, "alpha-methylbenzylammonium"),
    ("p-FPEA", 1, "4-fluorophenethylammonium"),
    ("m-FPEA", 1, "3-fluorophenethylammonium"),
    ("o-FPEA", 1, "2-fluorophenethylammonium"),
    ("PhBA", 1, "phenylbutylammonium (Jang et al., Adv. Mater. (2025) Table 3 spelling)"),
    ("2-NMA", 1, "2-naphthylmethylammonium"),
    ("PDA", 2, "propane-1,3-diammonium (Dion-Jacobson)"),
    ("BDA", 2, "butane-1,4-diammonium (Dion-Jacobson)"),
    ("ODA", 2, "octane-1,8-diammonium (Dion-Jacobson)"),
    ("PDMA", 2, "1,4-phenylenedimethanammonium (Dion-Jacobson)"),
    ("3AMP", 2, "3-(aminomethyl)piperidinium (Dion-Jacobson)"),
]

SPECIES: dict[str, Species] = {}
for _role, _rows in (("A", _A), ("B", _B), ("X", _X), ("spacer", _SPACER)):
    for _sym, _q, _name in _rows:
        SPECIES[_sym] = Species(_sym, _role, _q, _name)

#: Symbols sorted longest first so the tokenizer matches greedily ("PEA" before "P"...).
SYMBOLS_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(SPECIES, key=len, reverse=True))

SITE_ORDER = ("spacer", "A", "B", "X")
