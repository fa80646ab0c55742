"""Colour gamut: polygon area, area ratio and coverage against standard primaries.

Two different numbers are reported in the literature under the name "gamut" and they are
often confused (see Yang et al., Mater. Horiz. (2023), Table 1 footnote a: "Rec.2020 is
calculated at 0.74 NTSC"):

* **area ratio** = area(device gamut) / area(standard gamut) -- can exceed 100 %;
* **coverage** = area(device gamut intersect standard gamut) / area(standard gamut)
  -- at most 100 %.

A display mixing K primaries additively reproduces the convex hull of their
chromaticities (Grassmann's laws; CIE 015:2018 sec. 7.3), so every polygon here is the
convex hull of the given vertices, in CIE 1931 xy or, after converting each vertex, in
CIE 1976 u'v' (CIE 015:2018 eq. 8.5-8.6; a projective map, so straight gamut edges stay
straight and converting the vertices is exact).  Intersections use shapely.

Standard primaries are taken from colour-science ``colour.RGB_COLOURSPACES``:
ITU-R BT.2020 (Rec.2020), DCI-P3 (SMPTE RP 431-2), NTSC (1953) (FCC 1953),
sRGB (IEC 61966-2-1, = ITU-R BT.709 primaries) and Adobe RGB (1998).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.color.tristimulus import xy, xy_batch, xy_to_uv_prime
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, line_shape

__all__ = [
    "GamutReport",
    "SPACES",
    "STANDARD_PRIMARIES",
    "gamut_area_ratio",
    "gamut_coverage",
    "gamut_metrics",
    "gamut_report",
    "polygon_area",
]

_COLOURSPACE_NAMES = {
    "rec2020": "ITU-R BT.2020",
    "dci_p3": "DCI-P3",
    "ntsc": "NTSC (1953)",
    "srgb": "sRGB",
    "adobe_rgb": "Adobe RGB (1998)",
}

SPACES = ("xy", "uv")


def _standard_primaries() -> dict[str, np.ndarray]:
    # colour.RGB_COLOURSPACES[name].primaries, exported by tools/make_cie_tables.py
    from peled.color._cie import primaries  # lazy: the CIE tables are read on first use

    table = primaries()
    return {key: table[key] for key in _COLOURSPACE_NAMES}


#: (3, 2) CIE 1931 xy primaries (R, G, B) of the standard colour spaces, from colour-science.
STANDARD_PRIMARIES: dict[str, np.ndarray] = _standard_primaries()


def _vertices(xy, name: str) -> np.ndarray:
    v = np.asarray(xy, dtype=float)
    if v.ndim != 2 or v.shape[1] != 2 or v.shape[0] < 3:
        raise ParameterError(f"{name} must be an array of >= 3 (x, y) points, got shape {v.shape}")
    if not np.all(np.isfinite(v)) or np.any(v < 0) or np.any(v.sum(axis=1) > 1 + 1e-12):
        raise ParameterError(f"{name} must contain chromaticities with x, y >= 0 and x + y <= 1")
    return v


def _resolve(standard) -> np.ndarray:
    if isinstance(standard, str):
        try:
            return STANDARD_PRIMARIES[standard]
        except KeyError:
            raise ParameterError(
                f"unknown standard {standard!r}; expected one of {', '.join(STANDARD_PRIMARIES)}"
            ) from None
    return _vertices(standard, "standard")


def _hull(xy, space: str, name: str):
    from shapely.geometry import MultiPoint

    if space not in SPACES:
        raise ParameterError(f"space must be 'xy' or 'uv', got {space!r}")
    v = _vertices(xy, name) if not isinstance(xy, str) else _resolve(xy)
    if space == "uv":
        v = xy_to_uv_prime(v)
    return MultiPoint([tuple(p) for p in v]).convex_hull


def polygon_area(xy, space: str = "xy") -> float:
    """Area of the convex hull of the chromaticity points ``xy`` (K, 2) in xy or u'v'.

    Shoelace formula on the hull (Meister 1769 / Gauss); for a triangle it equals
    ``|x1 (y2 - y3) + x2 (y3 - y1) + x3 (y1 - y2)| / 2``.

    Parameters
    ----------
    xy : array_like
        Points, shape (K, 2), K >= 3.
    space : {"xy", "uv"}, optional
        Space of the points; ``"uv"`` converts CIE 1931 xy to CIE 1976 u'v' first.

    Returns
    -------
    float
        Area of the convex hull.

    Examples
    --------
    >>> polygon_area([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)])
    0.5
    """
    return float(_hull(xy, space, "xy").area)


def gamut_area_ratio(primaries, standard="rec2020", space: str = "xy") -> float:
    """area(primaries) / area(standard) as a fraction (may exceed 1); see module docstring.

    Parameters
    ----------
    primaries : array_like
        Device primaries, shape (K, 2), in the chromaticity space ``space``.
    standard : str or array_like, optional
        Name of a standard (``"rec2020"``, ``"dci_p3"``, ``"ntsc"``, ``"srgb"``,
        ``"adobe_rgb"``) or its primaries; default Rec.2020.
    space : {"xy", "uv"}, optional
        CIE 1931 xy or CIE 1976 u'v'.

    Returns
    -------
    float
        Area ratio as a fraction (may exceed 1).

    References
    ----------
    Yang et al., Mater. Horiz. (2023), Table 1 footnote a (area ratios vs coverage).

    Examples
    --------
    >>> ntsc = [(0.67, 0.33), (0.21, 0.71), (0.14, 0.08)]
    >>> round(gamut_area_ratio(ntsc, "rec2020"), 4)  # the "0.74" of Rec.2020 vs NTSC
    0.7467
    """
    ref = _hull(_resolve(standard), space, "standard")
    return float(_hull(primaries, space, "primaries").area / ref.area)


def gamut_coverage(primaries, standard="rec2020", space: str = "xy") -> float:
    """area(primaries intersect standard) / area(standard) as a fraction in [0, 1].

    Clipped at 1 to remove the ~1e-15 round-off of the polygon intersection.

    Parameters
    ----------
    primaries : array_like
        Device primaries, shape (K, 2), in the chromaticity space ``space``.
    standard : str or array_like, optional
        Name of a standard or its primaries; default Rec.2020.
    space : {"xy", "uv"}, optional
        CIE 1931 xy or CIE 1976 u'v'.

    Returns
    -------
    float
        Covered fraction of the standard's area, in [0, 1].

    Examples
    --------
    >>> srgb = [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)]
    >>> round(gamut_coverage(srgb, "rec2020"), 4), gamut_coverage(srgb, "srgb")
    (0.5289, 1.0)
    """
    ref = _hull(_resolve(standard), space, "standard")
    dev = _hull(primaries, space, "primaries")
    return min(1.0, float(dev.intersection(ref).area / ref.area))


def gamut_metrics(primaries_xy, space: str = "xy") -> dict[str, dict[str, float]]:
    """Area ratio and coverage (percent, 0-100; area ratio may exceed 100) vs all standards.

    Returns ``{"area_ratio_pct": {rec2020, dci_p3, ntsc, srgb, adobe_rgb},
    "coverage_pct": {...}}``.

    Parameters
    ----------
    primaries_xy : array_like
        Device primaries (x, y), shape (K, 2).
    space : {"xy", "uv"}, optional
        Space in which the areas are compared.

    Returns
    -------
    dict
        ``{"area_ratio_pct": {standard: float}, "coverage_pct": {standard: float}}``
        for rec2020, dci_p3, ntsc, srgb and adobe_rgb.

    Examples
    --------
    >>> m = gamut_metrics([(0.708, 0.292), (0.170, 0.797), (0.131, 0.046)])
    >>> round(m["coverage_pct"]["rec2020"], 2), round(m["area_ratio_pct"]["srgb"], 1)
    (100.0, 189.1)
    """
    dev = _hull(primaries_xy, space, "primaries")
    ratio, cover = {}, {}
    for key, std in STANDARD_PRIMARIES.items():
        ref = _hull(std, space, key)
        ratio[key] = 100.0 * float(dev.area / ref.area)
        cover[key] = 100.0 * min(1.0, float(dev.intersection(ref).area / ref.area))
    return {"area_ratio_pct": ratio, "coverage_pct": cover}


@dataclass(frozen=True)
class GamutReport:
    """Primaries (CIE 1931 xy, one row each) and their gamut metrics in ``space``."""

    primaries_xy: np.ndarray
    space: str
    metrics: dict

    def as_dict(self) -> dict:
        """``{"primaries": [[x, y], ...], "space", "area_ratio_pct", "coverage_pct"}``."""
        return {"primaries": self.primaries_xy.tolist(), "space": self.space, **self.metrics}


def gamut_report(primaries_xy=None, line_peaks_nm=None, line_fwhm_nm=20.0, spectra=None,
                 shape: str = "gaussian", space: str = "xy") -> GamutReport:
    """Gamut metrics of primaries given as chromaticities, model lines or spectra.

    Parameters
    ----------
    primaries_xy : array_like, shape (K, 2), optional
        CIE 1931 xy of K >= 3 primaries.
    line_peaks_nm, line_fwhm_nm : array_like, optional
        Or peaks (nm) and FWHM (nm; one value or one per peak) of model emission lines.
    spectra : sequence of Spectrum, optional
        Or measured emission spectra of the primaries.
    shape : str
        Line shape of the model lines (:func:`peled.spectra.line_shape`).
    space : {"xy", "uv"}
        Chromaticity diagram of the areas: CIE 1931 xy or CIE 1976 u'v'.

    Returns
    -------
    GamutReport

    References
    ----------
    CIE 015:2018 *Colorimetry*, 4th ed., sec. 7.3 (additive mixing) and eqs. 8.5-8.6 (u'v').

    Examples
    --------
    >>> r = gamut_report(STANDARD_PRIMARIES["rec2020"])
    >>> round(r.as_dict()["coverage_pct"]["rec2020"], 6)
    100.0
    """
    given = [primaries_xy is not None, line_peaks_nm is not None, spectra is not None]
    if sum(given) != 1:
        raise ParameterError("give exactly one of primaries_xy, line_peaks_nm or spectra")
    if line_peaks_nm is not None:
        prim = xy_batch(DEFAULT_GRID_NM, line_shape(shape, np.asarray(line_peaks_nm, float),
                                                    np.asarray(line_fwhm_nm, float)))
    elif spectra is not None:
        prim = np.array([xy(s) for s in spectra])
    else:
        prim = np.asarray(primaries_xy, dtype=float)
    return GamutReport(prim, space, gamut_metrics(prim, space=space))
