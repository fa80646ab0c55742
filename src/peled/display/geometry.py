"""Display geometry: PPI, pixel pitch, the image-based PPI method, sub-pixel layouts, sidewalls.

Pixel density (Zhao et al., Commun. Mater. (2025), eqn 1)::

    PPI = sqrt(W_p^2 + H_p^2) / sqrt(W^2 + H^2)                      (1)

with W_p, H_p the pixel counts and W, H the physical width and height in inches.  For
square pixels the pitch is ``p = 25.4 mm / PPI`` (1 in = 25.4 mm exactly,
``scipy.constants.inch``).

Image-based method (Zhao et al. (2025), Table 1 footnote): ``PPI = N x 25,400 / L`` with L
the diagonal (um) of a square area and N "the number of pixel points along the
corresponding diagonal".  The pixel points met by the diagonal of a square area of a
square grid are spaced by the *diagonal* pitch ``sqrt(2) p``: a square of side s holds
``s / p`` of them along its diagonal ``L = sqrt(2) s``, so the printed formula returns
``PPI / sqrt(2)`` when N counts those points (a known error of Zhao et al. 2025).  It is
exact only when N is the *diagonal pixel count* of eqn (1), ``sqrt(N_x^2 + N_y^2)``.
:func:`ppi_from_image` makes the counting convention explicit; :func:`ppi_from_diagonal_count`
is the formula as printed.

Sidewalls (Zhao et al. (2025), Fig. 5c and caption): a panel of fixed area
tiled with square emitters of side ``a = p sqrt(f)`` (fill factor f) and emissive-layer
thickness t has ``(1/p^2)`` emitters per unit area, each with sidewall area ``4 a t``, so

    total sidewall area / panel area = 4 sqrt(f) t / p = 4 sqrt(f) t PPI / 25.4 mm

which grows linearly with PPI: x100, x1,000, x10,000 from 1 to 100, 1,000, 10,000 PPI,
the factors Zhao et al. (2025) gives for Fig. 5c.  The emitter perimeter-to-area ratio is
``4 / a``.

Pixelation loss (EQE versus pitch, dead-edge and edge-recombination models and their fits)
lives in :mod:`peled.display.pixelation` and is re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

from peled.display._checks import fill_array
from peled.display.pixelation import (
    LASER_PATTERNED_RGB_SERIES,
    DeadEdgeFit,
    EdgeFitError,
    EdgeRecombinationFit,
    eqe_dead_edge,
    eqe_edge_recombination,
)
from peled.errors import ParameterError
from peled.validation import nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "COUNTING_CONVENTIONS",
    "DeadEdgeFit",
    "EdgeFitError",
    "EdgeRecombinationFit",
    "LASER_PATTERNED_RGB_SERIES",
    "LAYOUTS",
    "SubpixelGeometry",
    "UM_PER_INCH",
    "eqe_dead_edge",
    "eqe_edge_recombination",
    "panel_size_in",
    "perimeter_to_area_per_um",
    "pitch_um_from_ppi",
    "ppi_from_diagonal_count",
    "ppi_from_image",
    "ppi_from_pitch_um",
    "ppi_from_resolution",
    "ppi_from_size",
    "relative_sidewall_area",
    "sidewall_area_ratio",
    "subpixel_layout",
]

#: Micrometres per inch (exact; scipy.constants.inch = 0.0254 m).
UM_PER_INCH: float = constants.inch * 1e6


def ppi_from_size(width_px, height_px, width_in, height_in):
    """Zhao et al. (2025) eqn (1): diagonal pixel count / physical diagonal (in); broadcasts.

    Parameters
    ----------
    width_px, height_px : array_like
        Pixel counts along the width and height (> 0).
    width_in, height_in : array_like
        Physical width and height, inches (> 0).

    Returns
    -------
    numpy.ndarray or float
        Pixels per inch.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), eqn (1).

    Examples
    --------
    >>> round(float(ppi_from_size(1920, 1080, 16 * 0.5, 9 * 0.5)), 1)
    240.0
    """
    wp, hp = positive_array("width_px", width_px), positive_array("height_px", height_px)
    w, h = positive_array("width_in", width_in), positive_array("height_in", height_in)
    return scalar_or_array(np.hypot(wp, hp) / np.hypot(w, h))


def ppi_from_resolution(width_px, height_px, diagonal_in):
    """Zhao et al. (2025) eqn (1) for a panel of given diagonal with square pixels.

    The physical aspect ratio equals the pixel-count ratio, so
    ``PPI = sqrt(W_p^2 + H_p^2) / D``.  4K (3840 x 2160) at 0.7 in: 6294.0 PPI.

    Parameters
    ----------
    width_px, height_px : array_like
        Pixel counts along the width and height (> 0).
    diagonal_in : array_like
        Panel diagonal, inches (> 0).

    Returns
    -------
    numpy.ndarray or float
        Pixels per inch.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), eqn (1).

    Examples
    --------
    >>> round(ppi_from_resolution(3840, 2160, 0.7), 1)
    6294.0
    """
    wp, hp = positive_array("width_px", width_px), positive_array("height_px", height_px)
    d = positive_array("diagonal_in", diagonal_in)
    return scalar_or_array(np.hypot(wp, hp) / d)


def panel_size_in(diagonal_in, aspect=(16.0, 9.0)) -> tuple[float, float]:
    """(width, height) in inches of a panel of diagonal ``diagonal_in`` and aspect w:h.

    Parameters
    ----------
    diagonal_in : array_like
        Panel diagonal, inches (> 0).
    aspect : tuple of float, optional
        Width:height ratio (default 16:9).

    Returns
    -------
    tuple of float
        (width, height), inches.

    Examples
    --------
    >>> [round(float(v), 3) for v in panel_size_in(0.7)]
    [0.61, 0.343]
    """
    d = float(positive_array("diagonal_in", diagonal_in))
    aw, ah = (float(v) for v in positive_array("aspect", aspect))
    k = d / np.hypot(aw, ah)
    return aw * k, ah * k


def pitch_um_from_ppi(ppi):
    """Square-pixel pitch ``p = 25,400 um / PPI``; 3,000 PPI -> 8.467 um.

    Parameters
    ----------
    ppi : array_like
        Pixel density, pixels per inch (> 0).

    Returns
    -------
    numpy.ndarray or float
        Pixel pitch, um.

    Examples
    --------
    >>> round(float(pitch_um_from_ppi(3000.0)), 3)
    8.467
    """
    return scalar_or_array(UM_PER_INCH / positive_array("ppi", ppi))


def ppi_from_pitch_um(pitch_um):
    """Inverse of :func:`pitch_um_from_ppi`: ``PPI = 25,400 um / p``.

    Parameters
    ----------
    pitch_um : array_like
        Pixel pitch, um (> 0).

    Returns
    -------
    numpy.ndarray or float
        Pixels per inch.

    Examples
    --------
    >>> round(float(ppi_from_pitch_um(8.4667)), 1)
    3000.0
    """
    return scalar_or_array(UM_PER_INCH / positive_array("pitch_um", pitch_um))


def ppi_from_diagonal_count(n_pixels, diagonal_um):
    """The image formula of Zhao et al. (2025), Table 1 footnote, as printed: ``N x 25,400 / L``.

    Correct only if N is the diagonal pixel count ``sqrt(N_x^2 + N_y^2)`` of eqn (1); with
    N = pixel points on the diagonal it is low by sqrt(2) (see module docstring).

    Parameters
    ----------
    n_pixels : array_like
        Pixel count N (> 0).
    diagonal_um : array_like
        Diagonal length L of the imaged area, um (> 0).

    Returns
    -------
    numpy.ndarray or float
        PPI = N x 25,400 / L.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Table 1 footnote.

    Examples
    --------
    >>> round(float(ppi_from_diagonal_count(10, 100.0)), 1)
    2540.0
    """
    n = positive_array("n_pixels", n_pixels)
    return scalar_or_array(n * UM_PER_INCH / positive_array("diagonal_um", diagonal_um))


#: Pixel-counting conventions accepted by :func:`ppi_from_image`.
COUNTING_CONVENTIONS = ("on_diagonal", "diagonal_count", "along_side")


def ppi_from_image(n_pixels, length_um, counting: str = "on_diagonal"):
    """PPI of a square pixel grid from a micrograph, with an explicit counting convention.

    ``counting``:

    * ``"on_diagonal"``: ``length_um`` is the diagonal L of a square area and ``n_pixels``
      the number of pixel points the diagonal passes through (what one counts on an
      image); their spacing is ``sqrt(2) p``, so ``PPI = sqrt(2) N 25,400 / L``;
    * ``"diagonal_count"``: ``n_pixels`` is eqn (1)'s diagonal count sqrt(N_x^2 + N_y^2)
      of the square area; ``PPI = N 25,400 / L`` (the Zhao et al. (2025) formula);
    * ``"along_side"``: ``length_um`` is the side of the area and ``n_pixels`` the pixels
      along it; ``PPI = N 25,400 / L``.

    N pixels along a length means N pitches (count pixel centres from the first to one
    past the last, or equivalently whole pixels across the length).

    Parameters
    ----------
    n_pixels : array_like
        Pixel count N as defined by ``counting`` (> 0).
    length_um : array_like
        Length L on the image, um (> 0).
    counting : {"on_diagonal", "diagonal_count", "along_side"}, optional
        What N and L count (see above).

    Returns
    -------
    numpy.ndarray or float
        Pixels per inch.

    Raises
    ------
    ParameterError
        For an unknown counting convention or non-positive inputs.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Table 1 footnote (the ``diagonal_count`` form).

    Examples
    --------
    10 pixel points on a 100 um diagonal are 10 diagonal spacings of sqrt(2) p:

    >>> round(float(ppi_from_image(10, 100.0)), 1)
    3592.1
    >>> round(float(ppi_from_image(10, 100.0, "along_side")), 1)
    2540.0
    """
    n = positive_array("n_pixels", n_pixels)
    length = positive_array("length_um", length_um)
    if counting == "on_diagonal":
        return scalar_or_array(np.sqrt(2.0) * n * UM_PER_INCH / length)
    if counting in ("diagonal_count", "along_side"):
        return scalar_or_array(n * UM_PER_INCH / length)
    raise ParameterError(
        f"counting must be one of {', '.join(COUNTING_CONVENTIONS)}, got {counting!r}"
    )


# --------------------------------------------------------------------------- layouts

#: Sub-pixel layouts: sub-pixels of each colour (R, G, B) per pixel and the cell shape.
#: ``stripe``: RGB stripe, three p/3 x p cells per pixel.  ``pentile``: RGBG (PenTile /
#: "diamond pixel") -- one green sub-pixel per pixel and half a red and half a blue, the red
#: and blue being shared between neighbouring pixels (the PenTile layouts of C. H. Brown
#: Elliott; summary at https://vrarwiki.com/wiki/PenTile; diamond-shaped, 45-degree
#: arrangement: DisplayMate, "Diamond Pixels", http://displaymate.com/Diamond_56N.html).
#: Modelled here as four equal square cells rotated 45 deg, area p^2/2 each, per 2-pixel
#: unit -- a simplification: commercial diamond pixels size R, G and B differently.
#: ``mono``: one emitter per pixel (single-colour arrays such as the laser-patterned
#: devices).
LAYOUTS = {
    "stripe": (1.0, 1.0, 1.0),
    "pentile": (0.5, 1.0, 0.5),
    "mono": (1.0, 0.0, 0.0),
}


@dataclass(frozen=True)
class SubpixelGeometry:
    """Emissive geometry of one pixel of a layout at a given pitch and design-rule gap.

    ``count`` sub-pixels of each colour (R, G, B) per pixel; ``area_um2`` emissive area of
    one sub-pixel of each colour; ``fill`` = count x area / p^2, the fraction of the panel
    area emitting each colour; ``aperture_ratio`` = sum of ``fill`` (emissive / total).
    For ``mono`` the single emitter is reported in the first (red) slot.
    """

    layout: str
    pitch_um: float
    gap_um: float
    count: tuple[float, float, float]
    area_um2: tuple[float, float, float]
    fill: tuple[float, float, float]
    aperture_ratio: float


def subpixel_layout(layout: str, pitch_um: float, gap_um: float = 0.0) -> SubpixelGeometry:
    """Emissive areas, fill factors and aperture ratio of ``layout`` (see :data:`LAYOUTS`).

    Each sub-pixel cell is shrunk by the design-rule gap ``gap_um`` (the minimum spacing
    between neighbouring emissive areas, g/2 on each side): stripe ``(p/3 - g)(p - g)``;
    pentile diamond ``(p/sqrt2 - g)^2``; mono ``(p - g)^2``.  A gap that leaves no
    emissive area raises :class:`ParameterError`.

    Parameters
    ----------
    layout : {"stripe", "pentile", "mono"}
        Sub-pixel arrangement (:data:`LAYOUTS`).
    pitch_um : float
        Pixel pitch, um (> 0).
    gap_um : float, optional
        Design-rule gap between emissive areas, um (>= 0).

    Returns
    -------
    SubpixelGeometry
        Counts, emissive areas (um^2), fills and aperture ratio.

    Raises
    ------
    ParameterError
        For an unknown layout or a gap that leaves no emissive area.

    Examples
    --------
    >>> g = subpixel_layout("stripe", 9.0, gap_um=1.0)
    >>> g.area_um2, round(g.aperture_ratio, 4)
    ((16.0, 16.0, 16.0), 0.5926)
    """
    if layout not in LAYOUTS:
        raise ParameterError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}")
    p = float(positive_array("pitch_um", pitch_um))
    g = float(nonnegative_array("gap_um", gap_um))
    if layout == "stripe":
        sides = (p / 3.0 - g, p - g)
    elif layout == "pentile":
        sides = (p / np.sqrt(2.0) - g,) * 2
    else:
        sides = (p - g,) * 2
    if min(sides) <= 0:
        raise ParameterError(
            f"gap_um = {g:g} um leaves no emissive area in a {layout} pixel of pitch {p:g} um"
        )
    area = sides[0] * sides[1]
    count = LAYOUTS[layout]
    areas = tuple(area if c > 0 else 0.0 for c in count)
    fill = tuple(c * area / p**2 for c in count)
    return SubpixelGeometry(layout, p, g, count, areas, fill, float(sum(fill)))


# --------------------------------------------------------------------------- sidewalls


def sidewall_area_ratio(ppi, thickness_nm, fill=1.0):
    """Total emitter sidewall area per unit panel area, ``4 sqrt(f) t / p`` (dimensionless).

    Square emitters of side ``a = p sqrt(f)`` and emissive-layer thickness ``t``
    (module docstring; Zhao et al. (2025) Fig. 5c).  Broadcasts.

    Parameters
    ----------
    ppi : array_like
        Pixel density, pixels per inch (> 0).
    thickness_nm : array_like
        Emissive-layer thickness t, nm (> 0).
    fill : array_like, optional
        Fill factor f, (0, 1].

    Returns
    -------
    numpy.ndarray or float
        Sidewall area / panel area (dimensionless).

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Fig. 5c.

    Examples
    --------
    50 nm thick emitters at 2,540 PPI (p = 10 um): 4 x 0.05 / 10 = 0.02:

    >>> round(float(sidewall_area_ratio(2540.0, 50.0)), 6)
    0.02
    """
    p_m = positive_array("ppi", ppi) ** -1 * constants.inch
    t_m = positive_array("thickness_nm", thickness_nm) * 1e-9
    return scalar_or_array(4.0 * np.sqrt(fill_array("fill", fill)) * t_m / p_m)


def relative_sidewall_area(ppi, ppi_ref=1.0, thickness_nm=50.0, fill=1.0):
    """Total sidewall area at ``ppi`` relative to ``ppi_ref`` (same panel, t and f).

    Zhao et al. (2025) Fig. 5c: 100, 1,000 and 10,000 at 100, 1,000, 10,000 PPI for ppi_ref = 1;
    independent of ``thickness_nm`` and ``fill``, which cancel.

    Parameters
    ----------
    ppi : array_like
        Pixel density, pixels per inch (> 0).
    ppi_ref : array_like, optional
        Reference pixel density (> 0).
    thickness_nm : array_like, optional
        Emissive-layer thickness, nm (> 0); cancels.
    fill : array_like, optional
        Fill factor, (0, 1]; cancels.

    Returns
    -------
    numpy.ndarray or float
        Sidewall area at ``ppi`` / sidewall area at ``ppi_ref``.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Fig. 5c.

    Examples
    --------
    >>> relative_sidewall_area([100.0, 1000.0, 10000.0]).round(6).tolist()
    [100.0, 1000.0, 10000.0]
    """
    return scalar_or_array(
        np.asarray(sidewall_area_ratio(ppi, thickness_nm, fill))
        / sidewall_area_ratio(ppi_ref, thickness_nm, fill)
    )


def perimeter_to_area_per_um(ppi, fill=1.0):
    """Emitter perimeter-to-area ratio ``4 / a`` in um^-1, ``a = (25,400 / PPI) sqrt(f)`` um.

    Parameters
    ----------
    ppi : array_like
        Pixel density, pixels per inch (> 0).
    fill : array_like, optional
        Emitting-area fill factor of the pitch cell, (0, 1].

    Returns
    -------
    numpy.ndarray or float
        4 / a, um^-1.

    References
    ----------
    Zhao et al., Commun. Mater. (2025), Fig. 5c.

    Examples
    --------
    >>> round(float(perimeter_to_area_per_um(2540.0)), 6)  # a = 10 um
    0.4
    """
    a = UM_PER_INCH / positive_array("ppi", ppi) * np.sqrt(fill_array("fill", fill))
    return scalar_or_array(4.0 / a)
