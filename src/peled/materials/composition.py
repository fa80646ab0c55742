"""Perovskite composition parser: ABX3, mixed sites, quasi-2D Ruddlesden-Popper and Dion-Jacobson.

Grammar (whitespace is not allowed; numbers are decimal)::

    formula := group+
    group   := SPECIES [number]  |  "(" SPECIES [number] (SPECIES [number])* ")" [number]

A parenthesised group with fractional members (``(Br0.4I0.6)3``) multiplies every member
by the trailing count.  Consecutive groups of the same site add up (``Cs0.87MA0.13``,
``CsPbCl0.5Br2.5``).  Site formulas checked against:

* 3D perovskite ABX3 (Jiang et al. (2024) sec. 2.1);
* Ruddlesden-Popper ``A'2 A(n-1) Bn X(3n+1)`` with a monovalent spacer A' (Jang et al. (2025) sec.
  4);
* Dion-Jacobson ``A'' A(n-1) Bn X(3n+1)`` with a divalent spacer A'' (Mao et al.,
  J. Am. Chem. Soc. 140, 3775 (2018)).

Deviations (Jang et al. (2025) Table 3 has rows such as ``PEA2CsPb2I5`` that break X = 3n+1, and
``PDA2Cs2Pb3(Br0.77Cl0.37)10`` whose halide fractions sum to 1.14) are reported as
warnings, not errors: published formulas are nominal precursor ratios.  Text that is not a
formula raises :class:`~peled.errors.ParameterError` naming the character position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from peled.errors import ParameterError
from peled.materials.species import SITE_ORDER, SPECIES, SYMBOLS_LONGEST_FIRST

__all__ = [
    "Composition",
    "Site",
    "format_composition",
    "parse_composition",
]

_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_TOL = 1e-3


@dataclass(frozen=True)
class Site:
    """One crystallographic site: total count per formula unit and normalised fractions."""

    count: float
    fractions: dict[str, float]

    def to_dict(self) -> dict:
        return {"count": self.count, "fractions": dict(self.fractions)}


@dataclass(frozen=True)
class Composition:
    """A parsed perovskite composition.

    ``n`` is the number of octahedral layers (None for a 3D perovskite or a bare A-site
    mixture), ``structure`` is ``"perovskite"``, ``"ruddlesden-popper"``,
    ``"dion-jacobson"`` or ``"a-site mixture"``.
    """

    text: str
    sites: dict[str, Site]
    n: int | None
    structure: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def dimensionality(self) -> str:
        """``"3D"``, ``"2D"`` (n = 1), ``"quasi-2D"`` (n >= 2) or ``"A-site only"``."""
        if self.structure == "a-site mixture":
            return "A-site only"
        if self.n is None:
            return "3D"
        return "2D" if self.n == 1 else "quasi-2D"

    def fractions(self, site: str) -> dict[str, float]:
        """Normalised occupancies of ``site`` (empty dict if the site is absent)."""
        s = self.sites.get(site)
        return dict(s.fractions) if s else {}

    def to_dict(self) -> dict:
        return {
            "formula": format_composition(self),
            "sites": {k: (v.to_dict() if v else None) for k, v in self.sites.items()},
            "n": self.n,
            "dimensionality": self.dimensionality,
            "structure": self.structure,
            "warnings": list(self.warnings),
        }


def _err(text: str, pos: int, what: str) -> ParameterError:
    snippet = text[pos : pos + 8] or "<end>"
    return ParameterError(f"composition {text!r}: {what} at position {pos} ({snippet!r})")


def _read_number(text: str, pos: int) -> tuple[float | None, int]:
    m = _NUMBER.match(text, pos)
    if not m:
        return None, pos
    return float(m.group()), m.end()


def _read_species(text: str, pos: int) -> tuple[str | None, int]:
    for sym in SYMBOLS_LONGEST_FIRST:
        if text.startswith(sym, pos):
            return sym, pos + len(sym)
    return None, pos


def _tokenize(text: str) -> tuple[list[tuple[int, dict[str, float]]], list[str]]:
    """Return the groups as (position, {species: amount}) and fraction-sum warnings."""
    groups: list[tuple[int, dict[str, float]]] = []
    warnings: list[str] = []
    pos = 0
    while pos < len(text):
        start = pos
        if text[pos] == "(":
            pos += 1
            members: dict[str, float] = {}
            while pos < len(text) and text[pos] != ")":
                sym, new = _read_species(text, pos)
                if sym is None:
                    raise _err(text, pos, "unknown species")
                num, new = _read_number(text, new)
                if num is not None and num <= 0:
                    raise _err(text, pos, "non-positive amount")
                members[sym] = members.get(sym, 0.0) + (1.0 if num is None else num)
                pos = new
            if pos >= len(text):
                raise _err(text, start, "unclosed parenthesis")
            if not members:
                raise _err(text, start, "empty parenthesis")
            pos += 1
            mult, pos2 = _read_number(text, pos)
            if mult is not None and mult <= 0:
                raise _err(text, pos, "non-positive count")
            pos = pos2
            m = 1.0 if mult is None else mult
            groups.append((start, {k: v * m for k, v in members.items()}))
            total = sum(members.values())
            if len(members) > 1 and abs(total - 1) > _TOL and max(members.values()) < 1:
                warnings.append(
                    f"fractions in the group at position {start} sum to {total:.4g}, not 1"
                )
            continue
        if text[pos] == ")":
            raise _err(text, pos, "unmatched ')'")
        sym, new = _read_species(text, pos)
        if sym is None:
            raise _err(text, pos, "unknown species")
        num, new = _read_number(text, new)
        if num is not None and num <= 0:
            raise _err(text, pos, "non-positive count")
        groups.append((start, {sym: 1.0 if num is None else num}))
        pos = new
    return groups, warnings


def parse_composition(text: str) -> Composition:
    """Parse a perovskite formula into site occupancies, layer number ``n`` and warnings.

    Examples: ``Cs0.87MA0.13PbBr3``, ``CsPb(Br0.4I0.6)3``, ``FA0.7MA0.1GA0.2``,
    ``PEA2Cs4Pb5Br16``, ``(PEA)2Cs2Pb3(Br0.5Cl0.5)10``, ``BDAPbI4`` (Dion-Jacobson).

    Parameters
    ----------
    text : str
        Formula: ABX3 with mixed sites, Ruddlesden-Popper ``A'2 A(n-1) Bn X(3n+1)`` or
        Dion-Jacobson ``A'' A(n-1) Bn X(3n+1)``.

    Returns
    -------
    Composition
        Site occupancies, layer number ``n`` (None for 3D) and stoichiometry warnings.

    Raises
    ------
    ParameterError
        For an unknown species or a formula that cannot be parsed.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 4 (quasi-2D formula); Mao et al., J. Am. Chem.
    Soc. 140, 3775 (2018) (Dion-Jacobson).

    Examples
    --------
    >>> c = parse_composition("PEA2Cs4Pb5Br16")
    >>> c.n, c.warnings
    (5, ())
    """
    if not isinstance(text, str) or not text.strip():
        raise ParameterError("composition: expected a formula such as 'CsPbBr3', got empty text")
    text = text.strip()
    if " " in text:
        raise _err(text, text.index(" "), "unexpected whitespace")
    amounts: dict[str, dict[str, float]] = {s: {} for s in SITE_ORDER}
    groups, warnings = _tokenize(text)
    for pos, members in groups:
        roles = {SPECIES[s].role for s in members}
        if len(roles) > 1:
            raise _err(text, pos, f"group mixes species of different sites {sorted(roles)}")
        role = roles.pop()
        for s, v in members.items():
            amounts[role][s] = amounts[role].get(s, 0.0) + v

    totals = {k: sum(v.values()) for k, v in amounts.items()}
    sites = {
        k: (Site(totals[k], {s: a / totals[k] for s, a in v.items()}) if totals[k] > 0 else None)
        for k, v in amounts.items()
    }
    if totals["B"] == 0 and totals["X"] == 0:
        if totals["A"] == 0 or totals["spacer"] > 0:
            raise ParameterError(f"composition {text!r}: no B-site metal and no halide found")
        if abs(totals["A"] - 1.0) > _TOL:
            warnings.append(f"A-site fractions sum to {totals['A']:.4g}, not 1")
        warnings.append("no B-site metal and no halide: only the A-site mixture is defined")
        return Composition(text, sites, None, "a-site mixture", tuple(warnings))
    if totals["B"] == 0:
        raise ParameterError(f"composition {text!r}: no B-site metal (Pb, Sn, ...) found")
    if totals["X"] == 0:
        raise ParameterError(f"composition {text!r}: no halide (Cl, Br, I, F) found")

    b = totals["B"]
    if totals["spacer"] == 0:
        structure, n = "perovskite", None
        if abs(totals["A"] - b) > _TOL * b:
            warnings.append(f"A-site count {totals['A']:.4g} differs from B count {b:.4g} (ABX3)")
        if abs(totals["X"] - 3 * b) > _TOL * b:
            warnings.append(f"halide count {totals['X']:.4g} differs from 3 x B = {3 * b:.4g}")
        return Composition(text, sites, n, structure, tuple(warnings))

    charges = {SPECIES[s].charge for s in amounts["spacer"]}
    divalent = charges == {2}
    if len(charges) > 1:
        warnings.append("spacer mixes mono- and divalent cations")
    structure = "dion-jacobson" if divalent else "ruddlesden-popper"
    expected_spacer = 1.0 if divalent else 2.0
    n_float = b
    n = int(round(n_float))
    if abs(n_float - n) > _TOL or n < 1:
        warnings.append(f"B count {b:.4g} is not a whole number of octahedral layers")
        n = max(1, n)
    if abs(totals["spacer"] - expected_spacer) > _TOL:
        warnings.append(
            f"spacer count {totals['spacer']:.4g} differs from {expected_spacer:g} "
            f"expected for {structure}"
        )
    if abs(totals["A"] - (n - 1)) > _TOL:
        warnings.append(f"A-site count {totals['A']:.4g} breaks A(n-1) = {n - 1} for n = {n}")
    if abs(totals["X"] - (3 * n + 1)) > _TOL:
        warnings.append(f"halide count {totals['X']:.4g} breaks X(3n+1) = {3 * n + 1} for n = {n}")
    return Composition(text, sites, n, structure, tuple(warnings))


def _fmt_num(v: float) -> str:
    s = f"{v:.10g}"
    return s


def _fmt_site(site: Site | None) -> str:
    if site is None:
        return ""
    if len(site.fractions) == 1:
        (sym,) = site.fractions
        inner = sym
        count = site.count
        if sym[0].isdigit() or "-" in sym or len(sym) > 2 and sym not in ("NH4",):
            inner = f"({sym})"
        return inner + ("" if abs(count - 1.0) < 1e-12 else _fmt_num(count))
    members = "".join(f"{s}{_fmt_num(f)}" for s, f in site.fractions.items())
    return f"({members})" + ("" if abs(site.count - 1.0) < 1e-12 else _fmt_num(site.count))


def format_composition(comp: Composition) -> str:
    """Canonical formula: spacer, A, B, X; mixed sites as ``(Br0.5Cl0.5)10``.

    ``parse_composition(format_composition(c))`` reproduces the occupancies of ``c``.

    Parameters
    ----------
    comp : Composition
        Parsed composition (:func:`parse_composition`).

    Returns
    -------
    str
        Canonical formula: spacer, A, B, X; mixed sites as ``(Br0.5Cl0.5)10``.

    Examples
    --------
    >>> format_composition(parse_composition("PEA2Cs2Pb3(Cl0.5Br0.5)10"))
    '(PEA)2Cs2Pb3(Cl0.5Br0.5)10'
    """
    return "".join(_fmt_site(comp.sites.get(k)) for k in SITE_ORDER)
