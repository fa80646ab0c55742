"""Panel colour and power: primaries, white balance, gamut, colour conversion, power, ageing.

White balance: additive mixing is linear in CIE XYZ (Grassmann's laws; CIE 015:2018 sec.
7), so the luminances Y_R, Y_G, Y_B of three primaries (x_i, y_i) that mix to a white
(x_w, y_w) of unit luminance solve ``sum_i Y_i (x_i/y_i, 1, z_i/y_i) = (x_w/y_w, 1,
z_w/y_w)``: the middle row of the normalised primary matrix of SMPTE RP 177-1993, computed
with ``colour.normalised_primary_matrix``.  For the ITU-R BT.709 primaries and D65 it
gives the luma coefficients 0.2126, 0.7152, 0.0722 of ITU-R BT.709-6 (item 3.2).

Power: a primary with current efficiency CE_i (cd/A) that adds the panel-average luminance
``L_i`` draws the current density ``L_i / CE_i`` per unit *panel* area whatever the fill
factor (see :mod:`peled.display.drive`), so a panel of area A at drive voltage V_i uses
``P = A sum_i V_i L_i / CE_i``.  Content: an sRGB image is decoded to linear RGB with the
IEC 61966-2-1 transfer function (``colour.cctf_decoding(..., function="sRGB")``); each
linear channel value scales its primary's white-balanced luminance (``native``: the
panel shows the code values on its own primaries), or the linear sRGB colour is
re-expressed on the panel primaries through XYZ (``managed``; out-of-gamut values clipped
to [0, 1]).  Average picture level (APL) here is the mean linear luminance relative to
full white.

Colour conversion (Yang et al., Mater. Horiz. (2023), sec. on micro-LED colour
conversion): a blue sub-pixel source under a perovskite film of thickness d with absorption
coefficient alpha at the blue wavelength transmits ``T = exp(-alpha d)`` of the blue light
(Beer-Lambert, natural-log absorption coefficient as used for semiconductor films) -- the
blue leakage -- and converts ``(1 - T) PLQY`` of the blue photons into converter photons.
Per W of blue, the converted radiant power is ``(1 - T) PLQY <E_c>/<E_b>`` (mean photon
energies, :func:`peled.color.mean_photon_energy_j`).  Re-absorption, scattering and
backward emission are neglected (upper bound; scale with ``outcoupling``).  Optional colour
filters (ideal box filters at the component crossing points, :func:`peled.color.box_filters`,
or user transmissions) remove the leaked blue.

Ageing: each primary's luminance decays under constant current as
``exp(-(t/tau)^beta)`` (stretched exponential, Féry et al., Appl. Phys. Lett. 87, 213502
(2005); :class:`peled.measure.decay.StretchedExponentialDecay`), with
``tau = T50 / (ln 2)^(1/beta)`` and T50 scaled from its reference luminance to the
sub-pixel's emitting luminance by ``LT2/LT1 = (L1/L2)^n``
(:func:`peled.device.lifetime.convert_lifetime`; Jang et al. (2025)).  The white point drifts as the
primaries age at different rates; Delta u'v' (CIE 1976 UCS) is compared with a
just-noticeable difference of 0.005 (the threshold the peled issue on displays sets; change
it with ``threshold``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.color import (
    XYZ_batch,
    box_filters,
    crossing_edges_nm,
    gamut_metrics,
    mean_photon_energy_j,
    white_point_xy,
    xy_to_uv_prime,
)
from peled.device.efficiency import current_efficiency_from_eqe
from peled.device.lifetime import convert_lifetime, stretched_exponential
from peled.display._checks import fill_array
from peled.display.geometry import panel_size_in
from peled.errors import ParameterError
from peled.spectra import DEFAULT_GRID_NM, Spectrum, line_shape
from peled.validation import (
    fraction_array,
    nonnegative_array,
    positive_array,
    scalar_or_array,
)

__all__ = [
    "COLOURS",
    "ConversionPanel",
    "ConverterFilm",
    "PanelDesign",
    "PanelResult",
    "PrimaryLifetime",
    "apl_power_w",
    "compare_designs",
    "content_luminances",
    "content_power_w",
    "conversion_panel",
    "luminance_shares",
    "panel_area_m2",
    "panel_performance",
    "time_to_white_shift_h",
    "white_point_drift",
]

COLOURS = ("red", "green", "blue")


def _primaries(primaries_xy) -> np.ndarray:
    p = np.asarray(primaries_xy, dtype=float)
    if p.shape != (3, 2) or not np.all(np.isfinite(p)) or np.any(p <= 0) or np.any(
        p.sum(axis=1) > 1 + 1e-12
    ):
        raise ParameterError(
            "primaries_xy must be 3 chromaticities (x, y) with x, y > 0 and x + y <= 1, "
            f"got {np.asarray(primaries_xy).tolist()!r}"
        )
    return p


def luminance_shares(primaries_xy, white="D65") -> np.ndarray:
    """Luminance fractions (R, G, B) of ``primaries_xy`` (3, 2) mixing to ``white``.

    ``white``: an illuminant name (``colour.CCS_ILLUMINANTS``, e.g. "D65", "D50") or (x, y).
    Raises :class:`ParameterError` for an unknown white or one outside the primaries'
    triangle (a negative share).

    Parameters
    ----------
    primaries_xy : array_like
        Chromaticities (x, y) of R, G, B, shape (3, 2).
    white : str or array_like, optional
        White point; default D65.

    Returns
    -------
    numpy.ndarray
        Luminance fractions (R, G, B), summing to 1.

    Raises
    ------
    ParameterError
        For an unknown white or a white outside the primaries' triangle.

    References
    ----------
    SMPTE RP 177-1993 (derivation of the RGB-to-XYZ matrix).

    Examples
    --------
    Rec.709 primaries and D65 give the familiar luma weights:

    >>> luminance_shares([(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)]).round(4).tolist()
    [0.2126, 0.7152, 0.0722]
    """
    import colour

    p = _primaries(primaries_xy)
    w = white_point_xy(white)
    with np.errstate(all="ignore"):
        shares = np.asarray(colour.normalised_primary_matrix(p, w), dtype=float)[1]
    if not np.all(np.isfinite(shares)):
        raise ParameterError("primaries are collinear; no white balance exists")
    if np.any(shares <= 0):
        raise ParameterError(
            f"white ({w[0]:.4f}, {w[1]:.4f}) lies outside the triangle of the primaries "
            f"{np.round(p, 4).tolist()}; it cannot be mixed"
        )
    return shares


def _xyz_per_unit_y(primaries_xy) -> np.ndarray:
    """(3, 3) rows: XYZ of each primary at Y = 1 (``colour.xyY_to_XYZ``)."""
    import colour

    p = _primaries(primaries_xy)
    return np.asarray(colour.xyY_to_XYZ(np.column_stack([p, np.ones(3)])), dtype=float)


def panel_area_m2(diagonal_in, aspect=(16.0, 9.0)) -> float:
    """Area of a panel of diagonal ``diagonal_in`` (inches) and aspect w:h, in m2.

    Parameters
    ----------
    diagonal_in : float
        Panel diagonal, inches (> 0).
    aspect : tuple of float, optional
        Width:height.

    Returns
    -------
    float
        Area, m^2.

    Examples
    --------
    >>> f"{panel_area_m2(0.7):.4e}"
    '1.3508e-04'
    """
    w, h = panel_size_in(diagonal_in, aspect)
    return w * h * 0.0254**2


# --------------------------------------------------------------------------- designs


def _unit_power(shape: str, peak_nm: float, fwhm_nm: float, grid) -> np.ndarray:
    s = line_shape(shape, float(peak_nm), float(fwhm_nm), grid).ravel()
    return s / s.sum()


@dataclass(frozen=True)
class PanelDesign:
    """Three emissive primaries (R, G, B): spectra, EQE (%) and drive voltage (V).

    ``eqe_pct`` counts photons leaving the panel per electron (for a colour-converted
    sub-pixel: blue EQE x converted photon yield; :func:`conversion_panel`).
    """

    spectra: tuple[Spectrum, Spectrum, Spectrum]
    eqe_pct: tuple[float, float, float]
    drive_voltage_v: tuple[float, float, float] = (5.0, 5.0, 5.0)
    name: str = "panel"

    def __post_init__(self):
        if len(self.spectra) != 3 or not all(isinstance(s, Spectrum) for s in self.spectra):
            raise ParameterError("spectra must be three Spectrum objects (R, G, B)")
        for c, e in zip(COLOURS, self.eqe_pct, strict=True):
            positive_array(f"{c} eqe_pct", e)
            if e > 100:
                raise ParameterError(f"{c} eqe_pct must be <= 100 % (photons per electron), "
                                     f"got {e!r}")
        for c, v in zip(COLOURS, self.drive_voltage_v, strict=True):
            positive_array(f"{c} drive_voltage_v", v)
        xy_ = self.primaries_xy
        (x1, y1), (x2, y2), (x3, y3) = xy_
        area = abs((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1)) / 2
        if not area > 1e-6:
            raise ParameterError(
                "primaries are degenerate: the R, G, B chromaticities "
                f"{np.round(xy_, 4).tolist()} are identical or collinear, so they span no "
                "gamut and no white can be mixed; give three different primaries")

    @classmethod
    def from_lines(cls, red, green, blue, shape: str = "gaussian",
                   drive_voltage_v=(5.0, 5.0, 5.0), name: str = "panel") -> PanelDesign:
        """Design from ``(peak_nm, fwhm_nm, eqe_pct)`` triples and a line shape.

        The default 5 V drive (supply across TFT + LED) is an assumption; set it.
        """
        spectra, eqe = [], []
        for c, t in zip(COLOURS, (red, green, blue), strict=True):
            try:
                peak, fwhm, e = (float(v) for v in t)
            except (TypeError, ValueError):
                raise ParameterError(
                    f"{c} must be (peak_nm, fwhm_nm, eqe_pct), got {t!r}"
                ) from None
            if not (np.isfinite(peak) and peak > 0 and np.isfinite(fwhm) and fwhm > 0):
                raise ParameterError(f"{c}: peak_nm and fwhm_nm must be > 0, got {t!r}")
            positive_array(f"{c} eqe_pct", e)
            grid = DEFAULT_GRID_NM
            spectra.append(Spectrum(grid, _unit_power(shape, peak, fwhm, grid),
                                    name=f"{c} {peak:g} nm"))
            eqe.append(e)
        volts = tuple(float(v) for v in np.broadcast_to(np.asarray(drive_voltage_v, float), 3))
        return cls(tuple(spectra), tuple(eqe), volts, name)

    @property
    def primaries_xy(self) -> np.ndarray:
        """(3, 2) CIE 1931 xy of the R, G, B spectra (:func:`peled.color.XYZ_batch`)."""
        grid = DEFAULT_GRID_NM
        rows = np.stack([s.resample(grid).intensity for s in self.spectra])
        xyz = XYZ_batch(grid, rows)
        return xyz[:, :2] / xyz.sum(axis=1, keepdims=True)

    @property
    def ce_cd_a(self) -> np.ndarray:
        """(3,) current efficiencies from EQE and spectrum (Lambertian)."""
        return np.array([current_efficiency_from_eqe(e, s)
                         for e, s in zip(self.eqe_pct, self.spectra, strict=True)])


@dataclass(frozen=True)
class PanelResult:
    """Colour and full-white power of a panel design (arrays ordered R, G, B)."""

    primaries_xy: np.ndarray
    gamut: dict
    white_xy: np.ndarray
    luminance_share: np.ndarray
    white_luminance_cd_m2: float
    ce_cd_a: np.ndarray
    current_density_panel_a_m2: np.ndarray
    area_m2: float
    power_w: float
    efficacy_cd_a_white: float = field(default=float("nan"))


def panel_performance(design: PanelDesign, white="D65", luminance_cd_m2=500.0,
                      diagonal_in=0.7, aspect=(16.0, 9.0)) -> PanelResult:
    """Primaries, gamut (:func:`peled.color.gamut_metrics`), white balance and white power.

    ``luminance_cd_m2``: full-white panel luminance.  Defaults: D65, 500 cd/m2, a 0.7-in
    16:9 microdisplay (the AR/VR class of Zhao et al. (2025)).

    Parameters
    ----------
    design : PanelDesign
        The three primaries.
    white : str or array_like, optional
        White point; default D65.
    luminance_cd_m2 : float, optional
        Full-white luminance, cd/m^2 (> 0).
    diagonal_in : float, optional
        Panel diagonal, inches (> 0).
    aspect : tuple of float, optional
        Width:height.

    Returns
    -------
    PanelResult
        Primaries (x, y), gamut metrics, white point, luminance shares, CE (cd/A), panel
        current densities (A/m^2), area (m^2), full-white power (W) and white efficacy.

    References
    ----------
    Zhao et al., Commun. Mater. (2025) (AR/VR microdisplays).

    Examples
    --------
    >>> d = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> r = panel_performance(d)
    >>> r.luminance_share.round(4).tolist(), round(r.power_w, 6)
    ([0.3005, 0.622, 0.0775], 0.016743)
    """
    lum = float(nonnegative_array("luminance_cd_m2", luminance_cd_m2))
    prim = design.primaries_xy
    shares = luminance_shares(prim, white)
    ce = design.ce_cd_a
    j = shares * lum / ce
    area = panel_area_m2(diagonal_in, aspect)
    power = float(area * np.sum(j * np.asarray(design.drive_voltage_v)))
    eff = float(lum / j.sum()) if lum > 0 else float(np.sum(shares * ce))
    return PanelResult(prim, gamut_metrics(prim), white_point_xy(white), shares, lum, ce, j,
                       area, power, eff)


# --------------------------------------------------------------------------- content


def content_luminances(linear_rgb, primaries_xy=None, mode: str = "native") -> np.ndarray:
    """Mean drive fractions (R, G, B) of the panel primaries for linear RGB content.

    ``linear_rgb``: (..., 3) linear values in [0, 1].  ``native``: the values drive the
    primaries directly.  ``managed``: linear sRGB -> XYZ (sRGB/BT.709 primaries, D65) ->
    panel RGB with the panel's D65-balanced primary matrix; clipped to [0, 1].

    Parameters
    ----------
    linear_rgb : array_like
        Content, (..., 3) linear values in [0, 1].
    primaries_xy : array_like, optional
        Panel primaries (3, 2); needed for ``mode="managed"``.
    mode : {"native", "managed"}, optional
        Direct drive or colour-managed sRGB content.

    Returns
    -------
    numpy.ndarray
        Mean drive fractions (R, G, B), shape (3,).

    Raises
    ------
    ParameterError
        For an unknown mode or values outside [0, 1].

    References
    ----------
    IEC 61966-2-1:1999 (sRGB primaries and D65 white).

    Examples
    --------
    >>> import numpy as np
    >>> img = np.zeros((2, 2, 3)); img[0, :, 0] = 1.0  # top row red
    >>> content_luminances(img).tolist()
    [0.5, 0.0, 0.0]
    """
    rgb = np.asarray(linear_rgb, dtype=float)
    if rgb.shape[-1:] != (3,) or not np.all(np.isfinite(rgb)):
        raise ParameterError(f"linear_rgb must have a last axis of 3 finite values, got "
                             f"shape {rgb.shape}")
    if np.any(rgb < 0) or np.any(rgb > 1):
        raise ParameterError("linear_rgb values must lie in [0, 1]")
    rgb = rgb.reshape(-1, 3)
    if mode == "native":
        return rgb.mean(axis=0)
    if mode != "managed":
        raise ParameterError(f"mode must be 'native' or 'managed', got {mode!r}")
    if primaries_xy is None:
        raise ParameterError("mode 'managed' needs the panel primaries_xy")
    import colour

    d65 = white_point_xy("D65")
    m_srgb = colour.normalised_primary_matrix(colour.RGB_COLOURSPACES["sRGB"].primaries, d65)
    m_panel = colour.normalised_primary_matrix(_primaries(primaries_xy), d65)
    panel = rgb @ (np.linalg.inv(m_panel) @ m_srgb).T
    return np.clip(panel, 0.0, 1.0).mean(axis=0)


def content_power_w(design: PanelDesign, linear_rgb, white="D65", peak_luminance_cd_m2=500.0,
                    diagonal_in=0.7, aspect=(16.0, 9.0), mode: str = "native") -> float:
    """Average power (W) showing ``linear_rgb`` (..., 3), full white = ``peak_luminance_cd_m2``.

    ``P = A sum_i V_i m_i s_i L_peak / CE_i`` with m_i the mean drive of primary i
    (:func:`content_luminances`) and s_i the white-balance shares.

    Parameters
    ----------
    design : PanelDesign
        The three primaries.
    linear_rgb : array_like
        Content, (..., 3) linear values in [0, 1].
    white : str or array_like, optional
        White point; default D65.
    peak_luminance_cd_m2 : float, optional
        Full-white luminance, cd/m^2 (> 0).
    diagonal_in : float, optional
        Panel diagonal, inches (> 0).
    aspect : tuple of float, optional
        Width:height.
    mode : {"native", "managed"}, optional
        How the content drives the primaries.

    Returns
    -------
    float
        Average electrical power, W.

    Examples
    --------
    Full white costs the white power of :func:`panel_performance`:

    >>> import numpy as np
    >>> d = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> p = content_power_w(d, np.ones((4, 4, 3)))
    >>> bool(np.isclose(p, panel_performance(d).power_w)), round(p, 6)
    (True, 0.016743)
    """
    res = panel_performance(design, white, peak_luminance_cd_m2, diagonal_in, aspect)
    m = content_luminances(linear_rgb, res.primaries_xy, mode)
    return float(res.area_m2 * np.sum(m * res.current_density_panel_a_m2
                                      * np.asarray(design.drive_voltage_v)))


def apl_power_w(design: PanelDesign, apl, white="D65", peak_luminance_cd_m2=500.0,
                diagonal_in=0.7, aspect=(16.0, 9.0)):
    """Power (W) at average picture level ``apl`` (mean linear luminance / full white).

    Parameters
    ----------
    design : PanelDesign
        The three primaries.
    apl : array_like
        Average picture level, mean linear luminance / full white, [0, 1].
    white : str or array_like, optional
        White point (illuminant name or (x, y)); default D65.
    peak_luminance_cd_m2 : float, optional
        Full-white luminance, cd/m^2 (> 0).
    diagonal_in : float, optional
        Panel diagonal, inches (> 0).
    aspect : tuple of float, optional
        Width:height.

    Returns
    -------
    numpy.ndarray or float
        Average power, W (proportional to ``apl``).

    Examples
    --------
    >>> d = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> [round(float(apl_power_w(d, a)), 6) for a in (0.25, 1.0)]
    [0.004186, 0.016743]
    """
    a = fraction_array("apl", apl)
    full = panel_performance(design, white, peak_luminance_cd_m2, diagonal_in, aspect).power_w
    return scalar_or_array(a * full)


def compare_designs(design_a: PanelDesign, design_b: PanelDesign, linear_rgb=None, white="D65",
                    peak_luminance_cd_m2=500.0, diagonal_in=0.7, aspect=(16.0, 9.0),
                    mode: str = "native") -> dict:
    """Power of two designs for the same content (full white if ``linear_rgb`` is None).

    Returns ``power_a_w``, ``power_b_w``, ``power_ratio_b_over_a`` and the Rec.2020
    coverage (%) of each design.

    Parameters
    ----------
    design_a, design_b : PanelDesign
        The two designs.
    linear_rgb : array_like, optional
        Content, (..., 3) linear RGB in [0, 1]; default full white.
    white : str or array_like, optional
        White point; default D65.
    peak_luminance_cd_m2 : float, optional
        Full-white luminance, cd/m^2.
    diagonal_in : float, optional
        Panel diagonal, inches.
    aspect : tuple of float, optional
        Width:height.
    mode : {"native", "managed"}, optional
        How the content drives the primaries (:func:`content_luminances`).

    Returns
    -------
    dict
        ``power_a_w``, ``power_b_w``, ``power_ratio_b_over_a`` and the Rec.2020 coverage
        of each design (``rec2020_coverage_a_pct``, ``rec2020_coverage_b_pct``).

    Examples
    --------
    >>> a = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> b = PanelDesign.from_lines((635, 25, 17), (520, 20, 10.5), (470, 20, 6))
    >>> r = compare_designs(a, b)
    >>> round(r["power_ratio_b_over_a"], 4)
    1.1665
    """
    out = {}
    for key, d in (("a", design_a), ("b", design_b)):
        res = panel_performance(d, white, peak_luminance_cd_m2, diagonal_in, aspect)
        out[f"power_{key}_w"] = res.power_w if linear_rgb is None else content_power_w(
            d, linear_rgb, white, peak_luminance_cd_m2, diagonal_in, aspect, mode)
        out[f"rec2020_coverage_{key}_pct"] = res.gamut["coverage_pct"]["rec2020"]
    out["power_ratio_b_over_a"] = out["power_b_w"] / out["power_a_w"]
    return out


# --------------------------------------------------------------------------- conversion


@dataclass(frozen=True)
class ConverterFilm:
    """A perovskite colour-converter film (emission line, PLQY, absorption at the blue).

    ``absorption_per_cm``: natural-log absorption coefficient alpha at the blue source
    wavelength (user-given; CsPbBr3 NC films are of order 1e4-1e5 cm^-1 near 450 nm);
    ``thickness_um``: film thickness; ``outcoupling``: fraction of converted light leaving
    forward (1 = ideal upper bound).
    """

    peak_nm: float
    fwhm_nm: float
    plqy: float
    absorption_per_cm: float
    thickness_um: float
    outcoupling: float = 1.0

    def __post_init__(self):
        for name in ("peak_nm", "fwhm_nm", "absorption_per_cm", "thickness_um"):
            positive_array(f"converter {name}", getattr(self, name))
        for name in ("plqy", "outcoupling"):
            fill_array(f"converter {name}", getattr(self, name))

    @property
    def blue_transmission(self) -> float:
        """Beer-Lambert blue leakage ``exp(-alpha d)``."""
        return float(np.exp(-self.absorption_per_cm * self.thickness_um * 1e-4))


@dataclass(frozen=True)
class ConversionPanel:
    """Colour-converted panel: the emissive design it is equivalent to, plus bookkeeping.

    ``blue_leakage``: (red, green) fraction of blue transmitted by the films (before
    filters); ``photon_yield``: output photons per blue photon of each sub-pixel (R, G, B)
    after filters; ``design``: a :class:`PanelDesign` with the output spectra and
    ``EQE = blue EQE x photon_yield``.
    """

    design: PanelDesign
    blue_leakage: tuple[float, float]
    photon_yield: tuple[float, float, float]
    filter_edges_nm: tuple[float, float] | None


def conversion_panel(blue=(450.0, 20.0, 20.0), green: ConverterFilm | None = None,
                     red: ConverterFilm | None = None, filters=None, shape: str = "gaussian",
                     drive_voltage_v=(5.0, 5.0, 5.0), name: str = "colour conversion"
                     ) -> ConversionPanel:
    """Blue micro-LED / backlight + green and red converter films -> panel primaries.

    ``blue`` = (peak_nm, fwhm_nm, eqe_pct) of the blue source; ``green``/``red`` are
    :class:`ConverterFilm`; ``filters``: None (no filters), ``"box"`` (ideal box filters
    split at the crossing points of the unit-peak lines, :func:`peled.color.box_filters`)
    or three transmission :class:`Spectrum` objects (R, G, B).

    Parameters
    ----------
    blue : tuple of float, optional
        (peak_nm, fwhm_nm, eqe_pct) of the blue source.
    green, red : ConverterFilm
        Converter films (both required; None raises :class:`ParameterError`).
    filters : None, "box" or sequence of Spectrum, optional
        Colour filters on top of the films.
    shape : str, optional
        Line shape of :func:`peled.spectra.line_shape`.
    drive_voltage_v : tuple of float, optional
        Drive voltage of each sub-pixel, V (> 0).
    name : str, optional
        Label of the design.

    Returns
    -------
    ConversionPanel
        The equivalent emissive design, blue leakage and photon yields.

    References
    ----------
    Yang et al., Mater. Horiz. (2023), sec. 5; Zhao et al., Commun. Mater. (2025).

    Examples
    --------
    >>> green = ConverterFilm(520.0, 20.0, 0.9, 5e4, 5.0)  # peak, FWHM, PLQY, alpha, um
    >>> red = ConverterFilm(630.0, 25.0, 0.8, 5e4, 5.0)
    >>> cp = conversion_panel(green=green, red=red, filters="box")
    >>> [round(v, 4) for v in cp.photon_yield], [round(v, 4) for v in cp.blue_leakage]
    ([0.8, 0.9, 1.0], [0.0, 0.0])
    """
    if green is None or red is None:
        raise ParameterError("conversion_panel needs both green and red ConverterFilm")
    try:
        bp, bw, be = (float(v) for v in blue)
    except (TypeError, ValueError):
        raise ParameterError(f"blue must be (peak_nm, fwhm_nm, eqe_pct), got {blue!r}") from None
    if not (bp > 0 and bw > 0 and np.isfinite(be) and be > 0):
        raise ParameterError(f"blue peak_nm, fwhm_nm and eqe_pct must be > 0, got {blue!r}")
    grid = DEFAULT_GRID_NM
    ub = _unit_power(shape, bp, bw, grid)
    eb = float(mean_photon_energy_j(ub, grid))
    sub = []
    for film in (red, green):
        uc = _unit_power(shape, film.peak_nm, film.fwhm_nm, grid)
        t = film.blue_transmission
        conv = (1 - t) * film.plqy * film.outcoupling * float(mean_photon_energy_j(uc, grid)) / eb
        sub.append(t * ub + conv * uc)  # W per W of blue
    sub.append(ub)
    sub = np.stack(sub)  # R, G, B
    edges = None
    if filters is not None:
        if isinstance(filters, str):
            if filters != "box":
                raise ParameterError(f"filters must be None, 'box' or 3 spectra, got {filters!r}")
            comps = ((bp, bw), (green.peak_nm, green.fwhm_nm), (red.peak_nm, red.fwhm_nm))
            edges = crossing_edges_nm(comps, shape)
            trans = box_filters(edges, grid)[::-1]  # B, G, R -> R, G, B
        else:
            if len(filters) != 3 or not all(isinstance(f, Spectrum) for f in filters):
                raise ParameterError("filters must be three transmission Spectrum objects")
            trans = np.stack([f.resample(grid).intensity for f in filters])
            if np.any(trans < 0) or np.any(trans > 1 + 1e-9):
                raise ParameterError("filter transmissions must lie in [0, 1]")
        sub = sub * trans
    if np.any(sub.sum(axis=1) <= 0):
        raise ParameterError("a sub-pixel emits nothing after its colour filter")
    # photons out per blue photon = (P_out / <E_out>) / (1 W / <E_b>)
    yield_ = sub.sum(axis=1) / mean_photon_energy_j(sub, grid) * eb
    spectra = tuple(Spectrum(grid, s, name=f"{c} sub-pixel") for c, s in zip(COLOURS, sub,
                                                                            strict=True))
    design = PanelDesign(spectra, tuple(float(be * y) for y in yield_),
                         tuple(float(v) for v in np.broadcast_to(drive_voltage_v, 3)), name)
    return ConversionPanel(design, (red.blue_transmission, green.blue_transmission),
                           tuple(float(y) for y in yield_), edges)


# --------------------------------------------------------------------------- ageing


@dataclass(frozen=True)
class PrimaryLifetime:
    """Ageing law of one primary: T50 (h) at a reference luminance, exponent n, beta.

    Default n = 1.65 (Jang et al., Adv. Mater. (2025), Figure 14 caption; see
    :mod:`peled.device.lifetime` for the review's inconsistency) and beta = 1 (exponential
    decay).
    """

    t50_h: float
    reference_luminance_cd_m2: float = 1000.0
    n: float = 1.65
    beta: float = 1.0

    def __post_init__(self):
        for name in ("t50_h", "reference_luminance_cd_m2", "n", "beta"):
            positive_array(f"lifetime {name}", getattr(self, name))


def _remaining(lifetimes, emitter_luminance, hours) -> np.ndarray:
    """(T, 3) remaining luminance fractions of each primary at ``hours``."""
    if len(lifetimes) != 3 or not all(isinstance(x, PrimaryLifetime) for x in lifetimes):
        raise ParameterError("lifetimes must be three PrimaryLifetime objects (R, G, B)")
    t = nonnegative_array("hours", hours).reshape(-1)
    cols = []
    for life, lum in zip(lifetimes, emitter_luminance, strict=True):
        t50 = convert_lifetime(life.t50_h, life.reference_luminance_cd_m2, lum, life.n)
        tau = t50 / np.log(2.0) ** (1.0 / life.beta)
        cols.append(stretched_exponential(t, tau, life.beta))
    return np.stack(cols, axis=-1)


def white_point_drift(primaries_xy, luminance_share, lifetimes, white_luminance_cd_m2, hours,
                      fill=(1 / 3, 1 / 3, 1 / 3)) -> np.ndarray:
    """Delta u'v' of the white point after ``hours`` of showing white (constant current).

    Each primary runs at its emitting luminance ``share_i L_w / fill_i`` (the luminance its
    lifetime law refers to); its contribution to XYZ decays by its remaining fraction.

    Parameters
    ----------
    primaries_xy : array_like
        Chromaticities of R, G, B, shape (3, 2).
    luminance_share : array_like
        Luminance fractions of the white (R, G, B).
    lifetimes : sequence of PrimaryLifetime
        Ageing law of each primary.
    white_luminance_cd_m2 : float
        Full-white luminance, cd/m^2 (> 0).
    hours : array_like
        Operating times, h (>= 0).
    fill : tuple of float, optional
        Emitting-area fraction of each primary, (0, 1].

    Returns
    -------
    numpy.ndarray
        Delta u'v' (CIE 1976) of the white point, same shape as ``hours``.

    References
    ----------
    Jang et al., Adv. Mater. (2025), Fig. 14 caption (lifetime scaling).

    Examples
    --------
    >>> xy = [(0.70, 0.30), (0.17, 0.78), (0.14, 0.05)]
    >>> lt = [PrimaryLifetime(1000.0), PrimaryLifetime(1000.0), PrimaryLifetime(100.0)]
    >>> white_point_drift(xy, luminance_shares(xy), lt, 500.0, [0.0, 10.0]).round(4).tolist()
    [0.0, 0.0005]
    """
    xyz1 = _xyz_per_unit_y(primaries_xy)
    share = np.asarray(luminance_share, dtype=float)
    if share.shape != (3,) or np.any(~np.isfinite(share)) or np.any(share <= 0):
        raise ParameterError(f"luminance_share must be 3 numbers > 0, got {luminance_share!r}")
    f = fill_array("fill", fill) * np.ones(3)
    lw = float(positive_array("white_luminance_cd_m2", white_luminance_cd_m2))
    rem = _remaining(lifetimes, share * lw / f, hours)
    xyz = (rem * share) @ xyz1
    xyz0 = share @ xyz1
    with np.errstate(invalid="ignore", divide="ignore"):  # all primaries fully decayed -> NaN
        uv = xy_to_uv_prime(xyz[:, :2] / xyz.sum(axis=1, keepdims=True))
    uv0 = xy_to_uv_prime(xyz0[:2] / xyz0.sum())
    d = np.hypot(*(uv - uv0).T)
    return float(d[0]) if np.ndim(hours) == 0 else d.reshape(np.shape(hours))


def time_to_white_shift_h(primaries_xy, luminance_share, lifetimes, white_luminance_cd_m2,
                          threshold=0.005, fill=(1 / 3, 1 / 3, 1 / 3),
                          max_hours=1e7) -> float:
    """First time (h) at which Delta u'v' reaches ``threshold`` (JND 0.005); inf if never.

    Scans a logarithmic grid (1e-3 h .. ``max_hours``, 50 points per decade) for the first
    crossing and refines it with Brent's method.

    Parameters
    ----------
    primaries_xy : array_like
        Chromaticities of R, G, B, shape (3, 2).
    luminance_share : array_like
        Luminance fractions of the white (R, G, B).
    lifetimes : sequence of PrimaryLifetime
        Ageing law of each primary.
    white_luminance_cd_m2 : float
        Full-white luminance, cd/m^2 (> 0).
    threshold : float, optional
        Delta u'v' threshold (default 0.005, a just-noticeable difference).
    fill : tuple of float, optional
        Emitting-area fraction of each primary, (0, 1].
    max_hours : float, optional
        End of the search, h.

    Returns
    -------
    float
        Hours until the white shifts by ``threshold``; inf if not within ``max_hours``.

    Examples
    --------
    Equal T50 still age the primaries unevenly, because each runs at its own emitting
    luminance (share / fill); with beta = 1 the drift depends on t / T50 only, so ten times
    longer lifetimes give ten times the time:

    >>> xy = [(0.70, 0.30), (0.17, 0.78), (0.14, 0.05)]
    >>> share = luminance_shares(xy)
    >>> t1 = time_to_white_shift_h(xy, share, [PrimaryLifetime(1000.0)] * 3, 500.0)
    >>> t10 = time_to_white_shift_h(xy, share, [PrimaryLifetime(10000.0)] * 3, 500.0)
    >>> round(t1, 2), round(t10 / t1, 4)
    (83.93, 10.0)
    """
    from scipy.optimize import brentq

    positive_array("threshold", threshold)
    grid = np.concatenate([[0.0], np.logspace(-3, np.log10(max_hours), 50 * 10 + 1)])
    d = white_point_drift(primaries_xy, luminance_share, lifetimes, white_luminance_cd_m2,
                          grid, fill)
    above = np.nonzero(d >= threshold)[0]
    if above.size == 0:
        return float("inf")
    k = int(above[0])

    def g(t):
        return white_point_drift(primaries_xy, luminance_share, lifetimes,
                                 white_luminance_cd_m2, t, fill) - threshold

    return float(brentq(g, grid[k - 1], grid[k], xtol=1e-10, rtol=1e-12))
