"""White light by mixing: blue LED + green/red down-converters, or RGB emitters.

Photon bookkeeping of a colour-converted white LED (e.g. Yang et al. (2023), sec. 4 "white LEDs"
with CsPbX3 converters on a blue chip): per blue photon emitted by the chip, a fraction
``a_g`` is absorbed by the green converter and ``a_r`` by the red converter; the rest,
``1 - a_g - a_r``, is transmitted.  Converter ``i`` re-emits ``a_i * PLQY_i`` photons with
its own spectrum.  The radiant power of each component is its photon number times its
mean photon energy ``<E_i> = int S_i dl / int S_i (l / hc) dl``, so the green/blue power
ratio carries the Stokes factor (``~ lambda_blue / lambda_green`` for narrow lines; exactly
``peak_b / peak_g`` for Gaussians in wavelength, whose photon-weighted mean wavelength is
the peak).  Re-absorption of converter light by the other converter and scattering losses
are neglected.

Solving for a target chromaticity: the tristimulus values are *linear* in the component
radiant powers, ``XYZ = sum_i P_i XYZ_i`` (Grassmann's law; CIE 015:2018 sec. 7), so the
three powers that reproduce a target (x, y) follow from one 3x3 linear solve
``[XYZ_b XYZ_g XYZ_r] P = (x/y, 1, (1 - x - y)/y)`` up to scale.  The target is reachable
exactly when all three powers are positive, i.e. when (x, y) lies inside the triangle of
the component chromaticities; the absorbed fractions then follow from the photon numbers
and are automatically in [0, 1) with ``a_g + a_r < 1``.  (A root finder is not needed:
the solution is exact.)  A target CCT is mapped to the Planckian point (Duv = 0) at that
temperature (:func:`peled.color.cct.planckian_xy`).

Colour filters (LCD backlight use): each sub-pixel transmits the white spectrum through
its filter; the filtered chromaticities are the display primaries.  The default is ideal
box filters (transmission 1 inside, 0 outside) whose edges are at the crossing points of
the adjacent unit-peak component spectra (blue/green and green/red), i.e. each
wavelength goes to the sub-pixel whose component is the strongest there relative to its
own peak.  User filter transmissions (0-1) are accepted as :class:`Spectrum` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.color.cct import cct_duv, planckian_xy
from peled.color.cri import cri
from peled.color.gamut import gamut_metrics
from peled.color.photometry import luminous_efficacy_of_radiation
from peled.color.tristimulus import XYZ_batch, XYZ_to_xy
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, Spectrum, line_shape, mean_photon_energy_j

__all__ = [
    "COMPONENTS",
    "D65_XY",
    "WhiteMix",
    "box_filters",
    "crossing_edges_nm",
    "white_from_converters",
    "white_from_rgb",
]

#: Default target white: CIE D65, x = 0.3127, y = 0.3290 (CIE 015:2018 Table 11.3).
D65_XY = (0.3127, 0.3290)

COMPONENTS = ("blue", "green", "red")


@dataclass(frozen=True)
class WhiteMix:
    """A mixed white spectrum and its colorimetry.

    ``weights``: radiant-power fractions of the blue/green/red components in the white
    spectrum (sum 1).  ``absorbed_fraction``: fraction of the blue chip photons absorbed by
    the green/red converters (``None`` for RGB emitters).  ``radiant_efficiency``: emitted
    white radiant power per W of blue chip output (converters) or 1 (RGB).
    ``spectrum``: the white spectrum in W/nm per W of blue chip output (converters) or per W
    of total output (RGB).  ``primaries_xy`` (3, 2, rows R, G, B) and ``gamut`` (see
    :func:`peled.color.gamut.gamut_metrics`) are after the colour filters whose transmissions
    are in ``filters`` (edges in ``filter_edges_nm`` for the default box filters).
    """

    weights: dict
    absorbed_fraction: dict | None
    radiant_efficiency: float
    spectrum: Spectrum = field(repr=False)
    x: float
    y: float
    cct_k: float
    duv: float
    ra: float
    ler_lm_per_w: float
    primaries_xy: np.ndarray = field(repr=False)
    gamut: dict = field(repr=False)
    filter_edges_nm: tuple[float, float] | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict: weights, absorbed fractions, x, y, CCT, Duv, Ra, LER, gamut."""
        return {
            "weights": self.weights,
            "absorbed_fraction": self.absorbed_fraction,
            "x": self.x,
            "y": self.y,
            "cct_k": self.cct_k,
            "duv": self.duv,
            "ra": self.ra,
            "ler_lm_per_w": self.ler_lm_per_w,
            "radiant_efficiency": self.radiant_efficiency,
            "filtered_primaries": self.primaries_xy.tolist(),
            "gamut": self.gamut,
        }


def _target(target_xy, target_cct_k) -> np.ndarray:
    if target_xy is not None and target_cct_k is not None:
        raise ParameterError("give either target_xy or target_cct_k, not both")
    if target_cct_k is not None:
        t = float(target_cct_k)
        if not (1000.0 <= t <= 100000.0):
            raise ParameterError(f"target_cct_k must lie in 1000-100000 K, got {target_cct_k!r}")
        return planckian_xy(t)
    p = np.asarray(D65_XY if target_xy is None else target_xy, dtype=float)
    if p.shape != (2,) or not np.all(np.isfinite(p)) or np.any(p <= 0) or p.sum() >= 1:
        raise ParameterError(f"target_xy must be a chromaticity (x, y), got {target_xy!r}")
    return p


def _component(spec, name: str, n: int) -> tuple[float, ...]:
    try:
        vals = tuple(float(v) for v in spec)
    except TypeError:
        raise ParameterError(f"{name} must be a tuple of {n} numbers, got {spec!r}") from None
    if len(vals) != n or not all(np.isfinite(vals)):
        what = "(peak_nm, fwhm_nm, plqy)" if n == 3 else "(peak_nm, fwhm_nm)"
        raise ParameterError(f"{name} must be {what}, got {spec!r}")
    if vals[0] <= 0 or vals[1] <= 0:
        raise ParameterError(f"{name}: peak_nm and fwhm_nm must be > 0, got {spec!r}")
    if n == 3 and not 0 < vals[2] <= 1:
        raise ParameterError(f"{name}: plqy must lie in (0, 1], got {vals[2]!r}")
    return vals


def _check_order(components) -> None:
    peaks = [c[0] for c in components]
    if not peaks[0] < peaks[1] < peaks[2]:
        raise ParameterError(
            f"peaks must increase blue < green < red, got {peaks[0]:g}, {peaks[1]:g}, "
            f"{peaks[2]:g} nm"
        )


def _unit_shapes(components, shape: str, grid) -> np.ndarray:
    """(3, M) component spectra normalised to unit radiant power (rectangle rule, 1 nm)."""
    _check_order(components)
    peaks = np.array([c[0] for c in components])
    fwhms = np.array([c[1] for c in components])
    s = line_shape(shape, peaks, fwhms, grid)
    return s / s.sum(axis=1, keepdims=True)


def _solve_powers(unit: np.ndarray, target: np.ndarray, grid) -> np.ndarray:
    """Radiant powers (3,) of the unit-power components giving chromaticity ``target``."""
    M = XYZ_batch(grid, unit).T  # columns: XYZ per W of each component
    x, y = target
    rhs = np.array([x / y, 1.0, (1.0 - x - y) / y])
    try:
        p = np.linalg.solve(M, rhs)
    except np.linalg.LinAlgError:
        raise ParameterError(
            "component chromaticities are collinear; no white can be mixed"
        ) from None
    if np.any(p <= 0):
        prim = np.round(XYZ_to_xy(M.T), 4).tolist()
        raise ParameterError(
            f"target xy ({x:.4f}, {y:.4f}) is unreachable: it lies outside the triangle of the "
            f"blue/green/red component chromaticities {prim}"
        )
    return p


def crossing_edges_nm(components, shape: str = "gaussian") -> tuple[float, float]:
    """Wavelengths where adjacent unit-peak components (blue/green, green/red) are equal.

    Searched between the two peaks on a 0.01-nm grid with linear interpolation of the
    difference; used as the edges of the default ideal box filters.

    Parameters
    ----------
    components : sequence of tuple
        (peak_nm, fwhm_nm, ...) of the blue, green and red components, peaks increasing.
    shape : str, optional
        Line shape of :func:`peled.spectra.line_shape`.

    Returns
    -------
    tuple of float
        Blue/green and green/red crossing wavelengths, nm.

    Examples
    --------
    Equal-width Gaussians cross half-way between their peaks:

    >>> crossing_edges_nm([(450.0, 20.0), (530.0, 20.0), (630.0, 20.0)])
    (490.0, 580.0)
    """
    edges = []
    for lo, hi in ((components[0], components[1]), (components[1], components[2])):
        g = np.arange(lo[0], hi[0] + 0.005, 0.01)
        a = line_shape(shape, lo[0], lo[1], g).ravel()
        b = line_shape(shape, hi[0], hi[1], g).ravel()
        d = a - b
        k = int(np.argmax(d <= 0))
        edges.append(float(g[k - 1] + (g[k] - g[k - 1]) * d[k - 1] / (d[k - 1] - d[k])))
    return edges[0], edges[1]


def box_filters(edges_nm, grid=DEFAULT_GRID_NM) -> np.ndarray:
    """(3, M) ideal box transmissions (B, G, R) split at ``edges_nm`` = (b/g, g/r) edges.

    Blue: lambda < e1; green: e1 <= lambda < e2; red: lambda >= e2.

    Parameters
    ----------
    edges_nm : sequence of float
        Blue/green and green/red edges, nm (increasing).
    grid : numpy.ndarray, optional
        Wavelength grid, nm.

    Returns
    -------
    numpy.ndarray
        Transmissions (0 or 1), shape (3, len(grid)), rows blue, green, red.

    Examples
    --------
    >>> import numpy as np
    >>> f = box_filters((490.0, 580.0), np.array([450.0, 500.0, 600.0]))
    >>> f.tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    e1, e2 = (float(e) for e in edges_nm)
    if not e1 < e2:
        raise ParameterError(f"filter edges must increase, got {edges_nm!r}")
    g = np.asarray(grid, dtype=float)
    return np.stack([g < e1, (g >= e1) & (g < e2), g >= e2]).astype(float)


def _filter_matrix(filters, grid) -> np.ndarray:
    if len(filters) != 3:
        raise ParameterError("filters must be three transmission spectra (blue, green, red)")
    rows = []
    for name, f in zip(COMPONENTS, filters, strict=True):
        if not isinstance(f, Spectrum):
            raise ParameterError(f"{name} filter must be a Spectrum, got {type(f).__name__}")
        if np.max(f.intensity) > 1.0 + 1e-9:
            raise ParameterError(
                f"{name} filter {f.name!r}: transmission must lie in [0, 1], "
                f"max is {np.max(f.intensity):g} (a percentage? divide by 100)"
            )
        rows.append(f.resample(grid).intensity)
    return np.stack(rows)


def _finish(powers, grid, unit, components, shape, filters, absorbed, efficiency) -> WhiteMix:
    intensity = powers @ unit
    spectrum = Spectrum(grid, intensity, name="white mix")
    XYZ = XYZ_batch(grid, intensity)
    x, y = XYZ_to_xy(XYZ)
    cct, duv = cct_duv((x, y))
    edges = None
    if filters is None:
        edges = crossing_edges_nm(components, shape)
        trans = box_filters(edges, grid)
    else:
        trans = _filter_matrix(filters, grid)
    prim_bgr = XYZ_to_xy(XYZ_batch(grid, trans * intensity))
    if not np.all(np.isfinite(prim_bgr)):
        raise ParameterError("a colour filter transmits none of the white spectrum")
    primaries = prim_bgr[::-1].copy()  # rows R, G, B
    total = float(np.sum(powers))
    weights = {k: float(p / total) for k, p in zip(COMPONENTS, powers, strict=True)}
    return WhiteMix(
        weights=weights,
        absorbed_fraction=absorbed,
        radiant_efficiency=efficiency,
        spectrum=spectrum,
        x=float(x),
        y=float(y),
        cct_k=cct,
        duv=duv,
        ra=cri(spectrum).ra,
        ler_lm_per_w=luminous_efficacy_of_radiation(spectrum),
        primaries_xy=primaries,
        gamut=gamut_metrics(primaries),
        filter_edges_nm=edges,
    )


def white_from_converters(
    blue=(450.0, 20.0),
    green=(530.0, 20.0, 0.9),
    red=(630.0, 25.0, 0.8),
    *,
    target_xy=None,
    target_cct_k=None,
    shape: str = "gaussian",
    filters=None,
) -> WhiteMix:
    """Blue chip + green/red down-converters mixed to a target white (see module docstring).

    ``blue`` = (peak_nm, fwhm_nm); ``green``/``red`` = (peak_nm, fwhm_nm, plqy).  Give
    ``target_xy`` or ``target_cct_k`` (on the Planckian locus); default D65.  The absorbed
    fractions of the blue photons are solved; an unreachable target raises ParameterError.
    Default line shapes are from :func:`peled.spectra.line_shape` (``shape``).  The
    defaults are illustrative (blue InGaN chip; CsPbBr3 green, CsPb(Br/I)3 red converters in
    the range of Yang et al. (2023) Table 1), not a specific device.

    Parameters
    ----------
    blue : tuple of float, optional
        (peak_nm, fwhm_nm) of the blue chip.
    green, red : tuple of float, optional
        (peak_nm, fwhm_nm, plqy) of the down-converters; plqy in (0, 1].
    target_xy : array_like, optional
        Target white chromaticity (x, y).
    target_cct_k : float, optional
        Target CCT in K on the Planckian locus (instead of ``target_xy``).
    shape : str, optional
        Line shape of :func:`peled.spectra.line_shape`.
    filters : array_like, optional
        Colour-filter transmissions (3, N) for the gamut; default ideal box filters.

    Returns
    -------
    WhiteMix
        Weights, absorbed blue fractions, radiant efficiency, spectrum, x, y, CCT, Duv,
        Ra, LER (lm/W) and the filtered primaries and gamut.

    Raises
    ------
    ParameterError
        If the target cannot be reached with non-negative powers.

    References
    ----------
    Yang et al., Mater. Horiz. (2023), sec. 5 (perovskite colour-conversion backlights).

    Examples
    --------
    >>> w = white_from_converters(target_cct_k=6500)
    >>> round(w.cct_k), round(w.x, 4), round(w.y, 4)
    (6500, 0.3135, 0.3236)
    """
    comps = (_component(blue, "blue", 2), _component(green, "green", 3), _component(red, "red", 3))
    grid = DEFAULT_GRID_NM
    unit = _unit_shapes(comps, shape, grid)
    target = _target(target_xy, target_cct_k)
    p = _solve_powers(unit, target, grid)
    energy = mean_photon_energy_j(unit, grid)  # J per photon of each component
    photons = p / energy  # photon numbers, up to a common scale
    qy = np.array([1.0, comps[1][2], comps[2][2]])
    chip = photons / qy  # blue photons feeding each component (transmitted, absorbed g, r)
    chip /= chip.sum()  # per blue chip photon
    powers = chip * qy * energy / energy[0]  # W per W of blue chip output
    absorbed = {"green": float(chip[1]), "red": float(chip[2])}
    return _finish(powers, grid, unit, comps, shape, filters, absorbed, float(powers.sum()))


def white_from_rgb(
    red=(630.0, 20.0),
    green=(532.0, 20.0),
    blue=(467.0, 20.0),
    *,
    target_xy=None,
    target_cct_k=None,
    shape: str = "gaussian",
    filters=None,
) -> WhiteMix:
    """Three emitters (peak_nm, fwhm_nm) mixed to a target white; weights = radiant powers.

    The defaults are the Rec.2020 primary wavelengths 630/532/467 nm (ITU-R BT.2020; Jang
    et al., Adv. Mater. (2025) sec. 1) with a 20-nm FWHM typical of perovskite emitters
    (same section, "< 20 nm").
    The spectrum is normalised to 1 W total radiant power.

    Parameters
    ----------
    red, green, blue : tuple of float, optional
        (peak_nm, fwhm_nm) of the three emitters.
    target_xy : array_like, optional
        Target white chromaticity (x, y); default D65.
    target_cct_k : float, optional
        Target CCT in K on the Planckian locus (instead of ``target_xy``).
    shape : str, optional
        Line shape of :func:`peled.spectra.line_shape`.
    filters : array_like, optional
        Colour-filter transmissions (3, N) for the gamut; default ideal box filters.

    Returns
    -------
    WhiteMix
        Radiant power weights (sum 1 W), spectrum, x, y, CCT, Duv, Ra, LER (lm/W) and
        the gamut of the filtered primaries.

    Raises
    ------
    ParameterError
        If the target cannot be reached with non-negative powers.

    References
    ----------
    ITU-R BT.2020; Jang et al., Adv. Mater. (2025), sec. 1.

    Examples
    --------
    >>> w = white_from_rgb()
    >>> round(w.x, 4), round(w.y, 4), round(w.ler_lm_per_w, 1)
    (0.3127, 0.329, 271.6)
    """
    comps = (_component(blue, "blue", 2), _component(green, "green", 2), _component(red, "red", 2))
    grid = DEFAULT_GRID_NM
    unit = _unit_shapes(comps, shape, grid)
    p = _solve_powers(unit, _target(target_xy, target_cct_k), grid)
    powers = p / p.sum()
    return _finish(powers, grid, unit, comps, shape, filters, None, 1.0)
