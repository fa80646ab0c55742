"""The header grammar of peled's readers: a column name and its unit in one cell.

Every reader splits a header cell the same way; the unit is looked up in the one unit
table :mod:`peled.io.units`.  Accepted spellings, tried in this order:

* ``name (unit)`` and ``name [unit]``: ``Voltage (V)``, ``J [mA/cm2]``, ``T (K)``;
* ``name / unit`` (spaces optional when the name is not itself a unit): ``L / cd m-2``,
  ``t/ns``, ``J/mA cm-2``;
* ``name, unit``: ``Luminance, nit``;
* a bare unit: ``V``, ``mA/cm^2``, ``cd/m2``, ``W/sr/m2``;
* ``name_unit`` (snake case, the project's own style; the unit may span up to three
  ``_``-separated parts): ``voltage_v``, ``current_density_mA_cm2``, ``temperature_K``,
  ``T_K``, ``time_ns``; a space works like ``_`` (``Voltage V``).

The quantity follows from the unit; the name only disambiguates quantities sharing a
unit (device current vs photodiode current in A; EQE vs normalised luminance in %).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peled.io.units import CANONICAL, lookup, unit_key

__all__ = ["Column", "parse_header", "split_unit_header", "unit_key"]


@dataclass(frozen=True)
class Column:
    """A recognised column: header text, name part, quantity and conversion to canonical.

    ``canonical value = value * factor + offset`` (the offset is non-zero only for
    degrees Celsius); ``dimension`` is ``"unknown"`` (factor NaN) when the unit is not in
    :mod:`peled.io.units`.
    """

    header: str
    name: str
    dimension: str
    factor: float
    unit: str
    offset: float = 0.0

    @property
    def canonical_unit(self) -> str:
        """The unit the values are in after conversion."""
        return CANONICAL.get(self.dimension, "")


_BRACKETED_UNIT = re.compile(r"^(.*?)\s*[\(\[]([^()\[\]]*)[\)\]]\s*$")


def _candidates(h: str) -> list[tuple[str, str]]:
    """(name, unit) splits of a header in the order of the module docstring."""
    out: list[tuple[str, str]] = []
    m = _BRACKETED_UNIT.match(h)
    if m:
        out.append((m.group(1), m.group(2)))
    if " / " in h:
        name, _, unit = h.partition(" / ")
        out.append((name, unit))
    if "," in h:
        name, _, unit = h.partition(",")
        out.append((name, unit))
    out.append((h, h))  # bare unit ("V", "mA/cm2")
    if "/" in h:  # name/unit without spaces ("t/ns", "J/mA cm-2")
        name, _, unit = h.partition("/")
        if name.strip() and lookup(name) is None:
            out.append((name, unit))
    parts = [q for q in re.split(r"[_\s]+", h) if q]
    for k in range(min(3, len(parts) - 1), 0, -1):  # snake-case suffix, longest first
        out.append((" ".join(parts[:-k]), "_".join(parts[-k:])))
    return out


def parse_header(header: str, dimensions: tuple[str, ...] | None = None) -> Column:
    """Split a header into name and unit and look the unit up (see the module docstring).

    Parameters
    ----------
    header : str
        A header cell such as ``'J (mA/cm2)'``, ``'L / cd m-2'``, ``'voltage_v'`` or
        ``'T_K'``.
    dimensions : tuple of str, optional
        Quantities the caller accepts (resolves ``s``/``S`` etc.; see
        :func:`peled.io.units.lookup`); other units count as unknown.

    Returns
    -------
    Column
        Name (lower case), quantity (``"unknown"`` if the unit is not recognised) and the
        factor to the canonical unit of that quantity.

    Examples
    --------
    >>> c = parse_header("J (mA/cm2)")
    >>> c.dimension, c.factor  # to A/m^2
    ('current_density', 10.0)
    >>> [parse_header(h).dimension for h in ("temperature_K", "T_K", "T (K)", "t/ns")]
    ['temperature', 'temperature', 'temperature', 'time']
    """
    h = header.strip().strip("\ufeff").strip().strip("\"'").strip()
    bracketed = _BRACKETED_UNIT.match(h) is not None
    for name, unit in _candidates(h):
        found = lookup(unit, dimensions)
        if found is not None and (unit_key(unit) or bracketed):
            return Column(h, name.strip().lower(), found.dimension, found.factor,
                          unit.strip(), found.offset)
    return Column(h, h.lower(), "unknown", float("nan"), "")


def split_unit_header(header: str) -> tuple[str, str]:
    """Split a column header into its lower-cased name and its unit text.

    Uses the grammar of :func:`parse_header`: the first split whose unit is in the unit
    table, else a bracketed or ``' / '`` unit as written, else no unit.

    Parameters
    ----------
    header : str
        A header cell such as ``'T (K)'``, ``'sigma [S/cm]'``, ``'rate / s-1'``, ``'T_K'``.

    Returns
    -------
    tuple of str
        ``(name, unit)``; the unit is empty when none is written.

    Examples
    --------
    >>> split_unit_header("T (K)"), split_unit_header("rate / s-1"), split_unit_header("D")
    (('t', 'K'), ('rate', 's-1'), ('d', ''))
    >>> split_unit_header("temperature_K")
    ('temperature', 'K')
    """
    h = header.strip().strip("\ufeff").strip()
    col = parse_header(h)
    if col.dimension != "unknown" and col.name and col.unit and col.name != h.lower():
        return col.name, col.unit
    m = _BRACKETED_UNIT.match(h)
    if m:
        return m.group(1).strip().lower(), m.group(2).strip()
    if " / " in h:
        name, _, unit = h.partition(" / ")
        return name.strip().lower(), unit.strip()
    return h.lower(), ""
