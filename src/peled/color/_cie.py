"""CIE tables exported from colour-science, and two colour-science algorithms on them.

``peled color ...`` must answer without ``import colour``: colour-science's package
``__init__`` imports ``colour.plotting`` (matplotlib) and pandas unconditionally, about
1.2 s for a computation of microseconds.  The data peled's colour fast path needs is
therefore stored in ``data/cie_tables.npz``, GENERATED from the installed colour-science
by ``tools/make_cie_tables.py`` (never retyped); ``tests/color/test_cie_tables.py``
regenerates it and checks every array is identical, and checks the two ported
algorithms below against colour-science on many inputs:

* :func:`dominant_wavelength` -- ``colour.dominant_wavelength`` /
  ``colour.excitation_purity`` (CIE 015:2018 sec. 9.1) on the cached spectral locus;
* :func:`uv_to_cct_ohno2013` -- ``colour.temperature.uv_to_CCT_Ohno2013`` (Ohno,
  LEUKOS 10, 47 (2014), the triangular and parabolic solutions, eqns 2-9) on the cached
  Planckian table.

* :func:`sprague` -- colour-science's ``SpragueInterpolator`` (Sprague 1880), with
  which colour-science interpolates the 1-nm CMF and V(lambda) tables between samples.

The other CCT methods, CRI and the Planckian locus still use colour-science, imported
only then.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = [
    "cmf_table",
    "dominant_wavelength",
    "illuminant_xy",
    "lef_table",
    "locus",
    "primaries",
    "sprague",
    "uv_to_cct_ohno2013",
]


@lru_cache(maxsize=1)
def _tables() -> dict[str, np.ndarray]:
    path = resources.files("peled.color").joinpath("data", "cie_tables.npz")
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        out = {k: npz[k] for k in npz.files}
    for v in out.values():
        v.setflags(write=False)
    return out


def cmf_table(observer_key: str) -> np.ndarray:
    """(471, 3) CMFs of observer ``"1931"`` or ``"1964"`` on the 1-nm grid 360..830 nm.

    Examples
    --------
    >>> cmf_table("1931")[555 - 360].round(4).tolist()
    [0.5121, 1.0, 0.0057]
    """
    return _tables()[f"cmf_{observer_key}"]


def lef_table() -> np.ndarray:
    """(471,) CIE 1924 photopic luminous efficiency V(lambda) on 360..830 nm (1 nm).

    Examples
    --------
    >>> float(lef_table()[555 - 360])
    1.0
    """
    return _tables()["lef_photopic"]


def locus(observer_key: str) -> tuple[np.ndarray, np.ndarray]:
    """Spectral locus ``(wavelength_nm, xy)`` on 360..780 nm in 0.1-nm steps.

    Examples
    --------
    >>> wl, xy = locus("1931")
    >>> wl.size, xy.shape
    (4201, (4201, 2))
    """
    t = _tables()
    return t[f"locus_wavelength_{observer_key}"], t[f"locus_xy_{observer_key}"]


def illuminant_xy(observer_key: str) -> dict[str, np.ndarray]:
    """Illuminant name -> xy chromaticity (``colour.CCS_ILLUMINANTS`` of the observer).

    Examples
    --------
    >>> illuminant_xy("1931")["D65"].round(4).tolist()
    [0.3127, 0.329]
    """
    t = _tables()
    return dict(zip(t[f"illuminant_names_{observer_key}"].tolist(),
                    t[f"illuminant_xy_{observer_key}"], strict=True))


def primaries() -> dict[str, np.ndarray]:
    """Key (``rec2020``, ``dci_p3``, ``ntsc``, ``srgb``, ``adobe_rgb``) -> (3, 2) xy primaries.

    Examples
    --------
    >>> primaries()["srgb"].tolist()
    [[0.64, 0.33], [0.3, 0.6], [0.15, 0.06]]
    """
    t = _tables()
    return dict(zip(t["colourspace_keys"].tolist(), t["colourspace_primaries"], strict=True))


_SPRAGUE_C = np.array([[884, -1960, 3033, -2648, 1080, -180],
                       [508, -540, 488, -367, 144, -24],
                       [-24, 144, -367, 488, -540, 508],
                       [-180, 1080, -2648, 3033, -1960, 884]])
_SPRAGUE_W = np.array([(2, -16, 0, 16, -2, 0), (-1, 16, -30, 16, -1, 0),
                       (-9, 39, -70, 66, -33, 7), (13, -64, 126, -124, 61, -12),
                       (-5, 25, -50, 50, -25, 5)])


def sprague(table: np.ndarray, wavelength_nm) -> np.ndarray:
    """Sprague (1880) interpolation of a 1-nm table on 360..830 nm at ``wavelength_nm``.

    The fifth-order polynomial through six neighbouring samples, with two extrapolated
    samples at each end (the coefficients / 209), exactly as colour-science's
    ``SpragueInterpolator`` -- the interpolator of its uniformly sampled spectral data
    (CIE 167:2005 recommendation).

    Parameters
    ----------
    table : numpy.ndarray
        (471,) or (471, K) values on the integer grid 360..830 nm.
    wavelength_nm : array_like
        (M,) wavelengths inside 360..830 nm.

    Returns
    -------
    numpy.ndarray
        (M,) or (M, K) interpolated values.

    References
    ----------
    Sprague, T. B., Explanation of a new formula for interpolation, J. Inst. Actuaries
    22, 270 (1880); Westland, Ripamonti & Cheung, Computational Colour Science using
    MATLAB, 2nd ed., Wiley (2012), sec. 7.5.

    Examples
    --------
    >>> v = sprague(lef_table(), [554.5, 555.5])
    >>> [round(float(e), 6) for e in v]
    [0.999923, 0.999979]
    """
    x = np.asarray(wavelength_nm, dtype=float)
    values = np.asarray(table, dtype=float)
    if values.ndim == 2:
        return np.stack([sprague(values[:, k], x) for k in range(values.shape[1])], axis=-1)
    grid = np.arange(360.0, 831.0)
    xp = np.concatenate([[grid[0] - 2.0, grid[0] - 1.0], grid, [grid[-1] + 1.0, grid[-1] + 2.0]])
    ends = np.sum(_SPRAGUE_C * np.asarray((values[0:6], values[0:6], values[-6:], values[-6:])),
                  axis=1) / 209
    r = np.concatenate([ends[:2], values, ends[2:]])
    i = np.searchsorted(xp, x) - 1
    frac = (x - xp[i]) / (xp[i + 1] - xp[i])
    r_s = np.asarray((r[i - 2], r[i - 1], r[i], r[i + 1], r[i + 2], r[i + 3]))
    a = np.dot(_SPRAGUE_W, r_s) / 24
    return r[i] + (a.reshape(5, -1) * frac ** np.arange(1, 6).reshape(-1, 1)).sum(axis=0)


def _extend(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Point one unit beyond ``b`` on the line from ``a`` through ``b``."""
    d = np.linalg.norm(a - b, axis=-1)
    return b + (b - a) / d


def _intersections(seg: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Intersection points (nan where none) of segment ``seg`` (4,) with ``lines`` (K, 4)."""
    x1, y1, x2, y2 = seg
    x3, y3, x4, y4 = lines.T
    with np.errstate(divide="ignore", invalid="ignore"):
        den = (y4 - y3) * (x2 - x1) - (x4 - x3) * (y2 - y1)
        ua = ((x4 - x3) * (y1 - y3) - (y4 - y3) * (x1 - x3)) / den
        ub = ((x2 - x1) * (y1 - y3) - (y2 - y1) * (x1 - x3)) / den
    hit = (ua >= 0) & (ua <= 1) & (ub >= 0) & (ub <= 1)
    xy = np.stack([x1 + (x2 - x1) * ua, y1 + (y2 - y1) * ua], axis=-1)
    xy[~hit] = np.nan
    return xy, hit


def _closest_locus_point(xy, xy_n, xy_s, inverse: bool) -> tuple[int, np.ndarray]:
    end = _extend(xy, xy_n) if inverse else _extend(xy_n, xy)
    closed = np.vstack([xy_s, xy_s[:1]])
    segments = np.hstack([closed, np.roll(closed, 1, axis=0)])
    hits, _ = _intersections(np.concatenate([xy_n, end]), segments)
    first = np.sort(hits, axis=0)[0]  # colour-science: first intersection, per coordinate
    i = int(np.argmin(np.sqrt(((first[None, :] - closed) ** 2).sum(axis=-1))))
    return i, first


def dominant_wavelength(xy, xy_n, observer_key: str = "1931") -> tuple[float, float]:
    """Signed dominant wavelength (nm; negative = complementary) and excitation purity.

    The construction of ``colour.dominant_wavelength`` and ``colour.excitation_purity``
    (CIE 015:2018 sec. 9.1): the line from the white point ``xy_n`` through ``xy`` meets
    the spectral locus (:func:`locus`) at the dominant wavelength; if it meets the purple
    line instead, the complementary wavelength (opposite direction) is returned negative.
    Purity is ``|xy - xy_n| / |xy_d - xy_n|`` with ``xy_d`` the locus (or purple-line)
    intersection.

    Parameters
    ----------
    xy, xy_n : array_like
        (x, y) of the stimulus and of the white point.
    observer_key : str
        ``"1931"`` or ``"1964"``.

    Returns
    -------
    tuple of float
        ``(wavelength_nm, purity)``, purity as a fraction.

    References
    ----------
    CIE 015:2018 *Colorimetry*, 4th ed., sec. 9.1.

    Examples
    --------
    >>> wl, purity = dominant_wavelength([0.17, 0.78], [1 / 3, 1 / 3])
    >>> round(wl, 1), round(purity, 3)
    (531.0, 0.954)
    """
    p = np.asarray(xy, dtype=float)
    w = np.asarray(xy_n, dtype=float)
    wl_s, xy_s = locus(observer_key)
    i, xy_wl = _closest_locus_point(p, w, xy_s, False)
    wl = float(wl_s[i % wl_s.size])
    end = _extend(w, p)
    _, purple = _intersections(np.concatenate([w, end]),
                               np.concatenate([xy_s[0], xy_s[-1]])[None, :])
    if purple[0]:
        i_r, _ = _closest_locus_point(p, w, xy_s, True)
        wl = -float(wl_s[i_r % wl_s.size])
    purity = float(np.linalg.norm(w - p) / np.linalg.norm(w - xy_wl))
    return wl, purity


def uv_to_cct_ohno2013(uv) -> tuple[float, float]:
    """CCT (K) and Duv of CIE 1960 ``uv`` by Ohno (2013) on the cached Planckian table.

    The three table points around the closest one give the triangular solution (used
    when ``|Duv| < 0.002``) and the parabolic one (otherwise), as in
    ``colour.temperature.uv_to_CCT_Ohno2013`` with its default table (1,000-100,000 K,
    spacing 1.001, CIE 1931 2 deg CMFs).

    Parameters
    ----------
    uv : array_like
        (u, v) CIE 1960 UCS chromaticity.

    Returns
    -------
    tuple of float
        ``(cct_k, duv)``.

    References
    ----------
    Ohno, Y., Practical use and calculation of CCT and Duv, LEUKOS 10, 47-55 (2014),
    eqns (2)-(9).

    Examples
    --------
    >>> cct, duv = uv_to_cct_ohno2013([0.1978, 0.3122])
    >>> round(cct), round(duv, 5)
    (6507, 0.00322)
    """
    uv = np.asarray(uv, dtype=float)
    table = _tables()["planckian_table_ohno2013"]
    dists = np.linalg.norm(table[:, 1:] - uv, axis=-1)
    index = int(np.argmin(dists))
    index = min(max(index, 1), len(table) - 2)
    (tp, up, vp), (ti, _, _), (tn, un, vn) = table[index - 1: index + 2]
    dp, di, dn = dists[index - 1: index + 2]
    length = np.hypot(un - up, vn - vp)
    x = (dp**2 - dn**2 + length**2) / (2 * length)
    t_t = tp + (tn - tp) * (x / length)
    vtx = vp + (vn - vp) * (x / length)
    sign = np.sign(uv[1] - vtx)
    duv_t = (dp**2 - x**2) ** (1 / 2) * sign
    big_x = (tn - ti) * (tp - tn) * (ti - tp)
    a = (tp * (dn - di) + ti * (dp - dn) + tn * (di - dp)) * big_x**-1
    b = -(tp**2 * (dn - di) + ti**2 * (dp - dn) + tn**2 * (di - dp)) * big_x**-1
    c = -(dp * (tn - ti) * ti * tn + di * (tp - tn) * tp * tn
          + dn * (ti - tp) * tp * ti) * big_x**-1
    t_p = -b / (2 * a)
    duv_p = (a * t_p**2 + b * t_p + c) * sign
    if abs(duv_t) >= 0.002:
        return float(t_p), float(duv_p)
    return float(t_t), float(duv_t)
