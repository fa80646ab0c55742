"""Optical constants ``n + i k`` of the materials in PeLED stacks, with provenance.

Only models whose source can be cited are shipped as dispersion models: a Sellmeier fit
for glass (SCHOTT N-BK7) and LiF (Li 1976), and the Lorentz-Drude fit of Rakić et al.
(1998) for aluminium.  For the organic transport layers, ITO and the perovskites the
optical constants depend strongly on deposition and composition; they are constant
``n, k`` values marked as *assumptions* with the reason, to be replaced by the user's
ellipsometry data (``nk_file`` in a stack, parsed by :func:`parse_nk_csv`).

Every material carries ``source`` (the citation, or ``assumption: <reason>``) and a
wavelength range outside which evaluating it is an error.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass, field

import numpy as np
from scipy import constants

from peled.errors import FileFormatError, ParameterError
from peled.io.toml import closest

__all__ = [
    "ConstantNK",
    "LorentzDrudeNK",
    "MATERIALS",
    "SellmeierNK",
    "TabulatedNK",
    "get_material",
    "material_table",
    "parse_nk_csv",
]

#: h c / e in eV nm: photon energy E[eV] = HC_EV_NM / lambda[nm] (CODATA via scipy).
HC_EV_NM: float = constants.h * constants.c / constants.e * 1e9


def _check_range(name, wavelength_nm, lo, hi):
    wl = np.asarray(wavelength_nm, dtype=float)
    if not np.all(np.isfinite(wl)) or np.any(wl <= 0):
        raise ParameterError(f"{name}: wavelength_nm must be finite and > 0")
    if np.any(wl < lo) or np.any(wl > hi):
        raise ParameterError(
            f"{name}: optical constants are valid for {lo:g}-{hi:g} nm, got "
            f"{wl.min():g}-{wl.max():g} nm; give an nk_file covering the range"
        )
    return wl


@dataclass(frozen=True)
class ConstantNK:
    """Wavelength-independent ``n + i k``.

    Parameters
    ----------
    name : str
        Material name (used in messages).
    n : float
        Real refractive index, > 0.
    k : float
        Extinction coefficient, >= 0 (``n + i k``, absorption for ``k > 0``).
    source : str
        Citation of the value, or ``"assumption: <reason>"``.
    range_nm : tuple of float
        Wavelength range (nm) in which the constant may be used; default 350-1000 nm,
        the visible and near-infrared span of LED emission.

    Raises
    ------
    peled.errors.ParameterError
        ``n <= 0``, ``k < 0`` or a non-finite value; :meth:`nk` outside ``range_nm``.

    Examples
    --------
    >>> ConstantNK("TPBi", 1.7, 0.0, "assumption").nk([500.0, 600.0]).tolist()
    [(1.7+0j), (1.7+0j)]
    """

    name: str
    n: float
    k: float
    source: str
    range_nm: tuple[float, float] = (350.0, 1000.0)

    def __post_init__(self) -> None:
        if not (np.isfinite(self.n) and self.n > 0 and np.isfinite(self.k) and self.k >= 0):
            raise ParameterError(f"{self.name}: need n > 0 and k >= 0, got n={self.n}, k={self.k}")

    @property
    def is_assumption(self) -> bool:
        """True when the value is an assumption rather than a cited measurement."""
        return self.source.startswith("assumption")

    def nk(self, wavelength_nm) -> np.ndarray:
        """Complex index at ``wavelength_nm`` (nm), same shape."""
        wl = _check_range(self.name, wavelength_nm, *self.range_nm)
        return np.full(wl.shape, complex(self.n, self.k))


@dataclass(frozen=True)
class SellmeierNK:
    """Sellmeier dispersion ``n^2 = 1 + sum_i B_i L^2 / (L^2 - C_i)`` (``L`` in um).

    A transparent material: ``k = 0``.

    Parameters
    ----------
    name : str
        Material name.
    b : tuple of float
        Dimensionless oscillator strengths ``B_i``.
    c_um2 : tuple of float
        Resonance terms ``C_i`` in um^2.
    source : str
        Citation of the coefficients.
    range_nm : tuple of float
        Validity range of the fit in nm; evaluating outside raises
        :class:`peled.errors.ParameterError`.

    References
    ----------
    Sellmeier, Ann. Phys. Chem. 219, 272 (1871); coefficients of N-BK7 from the SCHOTT
    optical glass data sheet (SCHOTT AG, 2017), of LiF from Li, J. Phys. Chem. Ref.
    Data 5, 329 (1976).

    Examples
    --------
    >>> round(float(MATERIALS["glass"].nk(587.56).real), 4)   # N-BK7 n_d (SCHOTT)
    1.5168
    """

    name: str
    b: tuple[float, ...]
    c_um2: tuple[float, ...]
    source: str
    range_nm: tuple[float, float]

    is_assumption = False

    def nk(self, wavelength_nm) -> np.ndarray:
        """Complex index at ``wavelength_nm`` (nm)."""
        wl = _check_range(self.name, wavelength_nm, *self.range_nm)
        lam2 = (wl * 1e-3) ** 2
        n2 = 1.0 + sum(b * lam2 / (lam2 - c) for b, c in zip(self.b, self.c_um2, strict=True))
        return np.sqrt(n2).astype(complex)


@dataclass(frozen=True)
class LorentzDrudeNK:
    """Lorentz-Drude metal: ``eps = 1 - f0 wp^2 / (w (w + i G0)) + sum_j f_j wp^2 /
    (w_j^2 - w^2 - i w G_j)`` (energies in eV).

    The sign of the imaginary parts is for ``n + i k``, ``k > 0``.

    Parameters
    ----------
    name : str
        Material name.
    plasma_ev : float
        Plasma energy ``hbar wp`` in eV.
    f0 : float
        Drude (intraband) oscillator strength, dimensionless.
    gamma0_ev : float
        Drude damping ``hbar G0`` in eV.
    oscillators : tuple of (float, float, float)
        Lorentz (interband) terms ``(f_j, hbar G_j in eV, hbar w_j in eV)``.
    source : str
        Citation of the parameters.
    range_nm : tuple of float
        Validity range in nm.

    References
    ----------
    Rakić, Djurišić, Elazar & Majewski, Appl. Opt. 37, 5271 (1998): the Lorentz-Drude
    model and its fitted parameters for Al.

    Examples
    --------
    >>> v = MATERIALS["Al"].nk(550.0)
    >>> round(float(v.real), 2), round(float(v.imag), 2)
    (0.97, 6.46)
    """

    name: str
    plasma_ev: float
    f0: float
    gamma0_ev: float
    oscillators: tuple[tuple[float, float, float], ...]  # (f_j, gamma_j eV, omega_j eV)
    source: str
    range_nm: tuple[float, float]

    is_assumption = False

    def nk(self, wavelength_nm) -> np.ndarray:
        """Complex index at ``wavelength_nm`` (nm)."""
        wl = _check_range(self.name, wavelength_nm, *self.range_nm)
        w = HC_EV_NM / wl
        wp2 = self.plasma_ev**2
        eps = 1.0 - self.f0 * wp2 / (w * (w + 1j * self.gamma0_ev))
        for f, g, w0 in self.oscillators:
            eps = eps + f * wp2 / (w0**2 - w**2 - 1j * w * g)
        n = np.sqrt(eps)
        return np.where(n.imag < 0, -n, n)


@dataclass(frozen=True)
class TabulatedNK:
    """Measured ``n, k`` table, linearly interpolated; evaluating outside is an error.

    Parameters
    ----------
    name : str
        Material or file name.
    wavelength_nm : tuple of float
        Increasing wavelengths in nm.
    n, k : tuple of float
        Refractive index (> 0) and extinction coefficient (>= 0) at each wavelength.
    source : str
        Provenance (``"user file <name>"`` from :func:`parse_nk_csv`).
    is_assumption : bool
        Whether the table is an assumption rather than a measurement.

    Examples
    --------
    >>> t = TabulatedNK("film", (400.0, 600.0), (2.0, 1.8), (0.1, 0.0), "user file")
    >>> complex(t.nk(500.0))
    (1.9+0.05j)
    """

    name: str
    wavelength_nm: tuple[float, ...]
    n: tuple[float, ...]
    k: tuple[float, ...]
    source: str
    is_assumption: bool = field(default=False)

    @property
    def range_nm(self) -> tuple[float, float]:
        """Tabulated wavelength range (nm)."""
        return (float(min(self.wavelength_nm)), float(max(self.wavelength_nm)))

    def nk(self, wavelength_nm) -> np.ndarray:
        """Complex index at ``wavelength_nm`` (nm)."""
        wl = _check_range(self.name, wavelength_nm, *self.range_nm)
        x = np.asarray(self.wavelength_nm)
        return np.interp(wl, x, self.n) + 1j * np.interp(wl, x, self.k)


def _assume(name, n, k, reason):
    return ConstantNK(name, n, k, f"assumption: {reason}")


#: Materials of the shipped example stacks, keyed by the name used in stack files.
MATERIALS: dict = {
    "air": _assume(
        "air", 1.0, 0.0,
        "vacuum index; air is 1.00027 at 550 nm and 15 C (Ciddor, Appl. Opt. 35, 1566 "
        "(1996)), a difference below the accuracy of the other layers",
    ),
    "glass": SellmeierNK(
        "glass",
        (1.03961212, 0.231792344, 1.01046945),
        (0.00600069867, 0.0200179144, 103.560653),
        "SCHOTT N-BK7 borosilicate crown, Sellmeier coefficients of the SCHOTT optical "
        "glass data sheet (SCHOTT AG, 2017); display soda-lime glass differs by ~0.01",
        (300.0, 2500.0),
    ),
    "LiF": SellmeierNK(
        "LiF",
        (0.92549, 6.96747),
        (0.07376**2, 32.79**2),
        "Li, J. Phys. Chem. Ref. Data 5, 329 (1976), LiF dispersion formula at 20 C "
        "(bulk crystal; a 1 nm evaporated film is optically negligible)",
        (300.0, 2500.0),
    ),
    "Al": LorentzDrudeNK(
        "Al",
        14.98,
        0.523,
        0.047,
        ((0.227, 0.333, 0.162), (0.050, 0.312, 1.544), (0.166, 1.351, 1.808),
         (0.030, 3.382, 3.473)),
        "Rakić, Djurišić, Elazar & Majewski, Appl. Opt. 37, 5271 (1998), Lorentz-Drude "
        "parameters fitted for Al",
        (200.0, 2000.0),
    ),
    "ITO": _assume(
        "ITO", 1.90, 0.01,
        "sputtered ITO has n 1.8-2.1 and weak free-carrier absorption in the visible, "
        "varying with deposition and annealing; replace with the anode's ellipsometry",
    ),
    "PEDOT:PSS": _assume(
        "PEDOT:PSS", 1.50, 0.01,
        "hole-injection film, weakly absorbing in the visible; value depends on the "
        "formulation (e.g. AI 4083) and is a representative constant",
    ),
    "poly-TPD": _assume(
        "poly-TPD", 1.65, 0.0,
        "wide-gap hole transporter, transparent above its absorption edge near 400 nm; "
        "representative organic-semiconductor index",
    ),
    "TFB": _assume(
        "TFB", 1.70, 0.0,
        "wide-gap hole transporter, transparent above ~420 nm; representative "
        "organic-semiconductor index",
    ),
    "TPBi": _assume(
        "TPBi", 1.70, 0.0,
        "wide-gap electron transporter, transparent in the visible; representative "
        "organic-semiconductor index",
    ),
    "CsPbBr3": _assume(
        "CsPbBr3", 2.30, 0.02,
        "CsPbBr3 films have n ~ 2.1-2.4 near their 515-525 nm emission with a weak "
        "band-tail absorption; depends on grain size and ligands",
    ),
    "CsPbI3": _assume(
        "CsPbI3", 2.40, 0.02,
        "black-phase CsPbI3 near its 680-700 nm emission; depends on phase "
        "stabilisation and grain size",
    ),
    "quasi-2D": _assume(
        "quasi-2D", 2.10, 0.01,
        "quasi-2D (PEA/Cs) lead bromide-chloride films emitting sky blue have a lower "
        "density of inorganic octahedra and index below the 3-D perovskite",
    ),
}


def get_material(name: str):
    """The shipped material ``name`` (case-insensitive).

    Parameters
    ----------
    name : str
        Material name as listed by ``peled optics materials``.

    Returns
    -------
    ConstantNK, LorentzDrudeNK or other optical-constant model
        Object with ``nk(wavelength_nm)`` and its provenance.

    Raises
    ------
    ParameterError
        Unknown name, with the closest shipped names.

    References
    ----------
    Each material's ``source`` attribute: N-BK7 glass, SCHOTT optical glass data sheet
    (SCHOTT AG, 2017); LiF, Li, J. Phys. Chem. Ref. Data 5, 329 (1976); Al, Rakić,
    Djurišić, Elazar & Majewski, Appl. Opt. 37, 5271 (1998); the other layers are
    marked assumptions.

    Examples
    --------
    >>> get_material("ito").name
    'ITO'
    """
    lookup = {key.lower(): key for key in MATERIALS}
    key = lookup.get(str(name).strip().lower())
    if key is None:
        close = difflib.get_close_matches(str(name), list(MATERIALS), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(
            f"unknown material {name!r}{hint} (shipped: {', '.join(sorted(MATERIALS))}; "
            "or give n/k or an nk_file)"
        )
    return MATERIALS[key]


def material_table() -> list[dict]:
    """One row per shipped material: name, model, range, n and k at 520 nm, provenance.

    Returns
    -------
    list of dict
        One dictionary per material of :data:`MATERIALS`: ``name``, ``model`` (class
        name), ``range_nm``, ``n_520nm``, ``k_520nm``, ``assumption`` and ``source``.

    References
    ----------
    As :func:`get_material`.

    Examples
    --------
    >>> rows = {r["name"]: r for r in material_table()}
    >>> rows["Al"]["assumption"], rows["ITO"]["assumption"]
    (False, True)
    >>> rows["ITO"]["n_520nm"], rows["ITO"]["k_520nm"]
    (1.9, 0.01)
    >>> round(rows["glass"]["n_520nm"], 4)     # N-BK7 Sellmeier at 520 nm
    1.5202
    """
    rows = []
    for name, m in MATERIALS.items():
        v = complex(m.nk(520.0))
        rows.append(
            {
                "name": name,
                "model": type(m).__name__,
                "range_nm": list(m.range_nm),
                "n_520nm": v.real,
                "k_520nm": v.imag,
                "assumption": bool(m.is_assumption),
                "source": m.source,
            }
        )
    return rows


def parse_nk_csv(text: str, source: str = "nk file") -> TabulatedNK:
    """Parse a ``wavelength_nm, n, k`` CSV (header row required, ``#`` comments allowed).

    Parameters
    ----------
    text : str
        File contents; columns named ``wavelength_nm``, ``n``, ``k`` (any order).
    source : str
        File name used in messages and as provenance.

    Returns
    -------
    TabulatedNK
        Sorted by wavelength.

    Raises
    ------
    FileFormatError
        Missing column, non-numeric cell, fewer than 2 rows, duplicate wavelength,
        ``n <= 0`` or ``k < 0``; the message names the file and line.

    Examples
    --------
    >>> t = parse_nk_csv("wavelength_nm,n,k\\n400,2.0,0.1\\n600,1.8,0\\n", "film.csv")
    >>> t.range_nm, complex(t.nk(500.0))
    ((400.0, 600.0), (1.9+0.05j))
    """
    lines = [
        (i + 1, line) for i, line in enumerate(io.StringIO(text).read().splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise FileFormatError(source, "empty; expected a header 'wavelength_nm,n,k'")
    header_line, header = lines[0]
    cols = [c.strip().lower() for c in header.split(",")]
    index = {}
    for want in ("wavelength_nm", "n", "k"):
        if want not in cols:
            close = closest(want, cols)
            hint = f" (found {close!r})" if close else ""
            raise FileFormatError(
                source, f"missing column {want!r}{hint}; header must name wavelength_nm, n, k",
                header_line,
            )
        index[want] = cols.index(want)
    rows = []
    for lineno, line in lines[1:]:
        cells = [c.strip() for c in line.split(",")]
        try:
            rows.append([float(cells[index[c]]) for c in ("wavelength_nm", "n", "k")])
        except (ValueError, IndexError):
            raise FileFormatError(
                source, f"expected numbers in columns wavelength_nm, n, k, got {line!r}", lineno
            ) from None
        wl, n, k = rows[-1]
        if not (np.isfinite(wl) and wl > 0 and np.isfinite(n) and n > 0 and np.isfinite(k)
                and k >= 0):
            raise FileFormatError(
                source, f"need wavelength_nm > 0, n > 0, k >= 0, got {line!r}", lineno
            )
    if len(rows) < 2:
        raise FileFormatError(source, "needs at least 2 data rows")
    arr = np.array(rows)
    arr = arr[np.argsort(arr[:, 0])]
    if np.any(np.diff(arr[:, 0]) == 0):
        raise FileFormatError(source, "duplicate wavelength_nm values")
    return TabulatedNK(
        name=source,
        wavelength_nm=tuple(arr[:, 0].tolist()),
        n=tuple(arr[:, 1].tolist()),
        k=tuple(arr[:, 2].tolist()),
        source=f"user file {source}",
    )
