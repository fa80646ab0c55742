"""One-call panel assessments: colour, power, content and sub-pixel drive; white-point ageing.

These combine the models of :mod:`peled.display.panel`, :mod:`peled.display.drive` and
:mod:`peled.display.geometry` (where the physics and its references live) into result
objects with an ``as_dict()`` for JSON and tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.display.drive import SubpixelDrive, subpixel_drive
from peled.display.geometry import SubpixelGeometry, pitch_um_from_ppi, subpixel_layout
from peled.display.panel import (
    COLOURS,
    PanelDesign,
    PanelResult,
    apl_power_w,
    content_luminances,
    content_power_w,
    luminance_shares,
    panel_performance,
    time_to_white_shift_h,
    white_point_drift,
)

__all__ = [
    "AGEING_HOURS",
    "PanelAssessment",
    "WhitePointAgeing",
    "assess_panel",
    "white_point_ageing",
]

#: Operating times (h) at which :func:`white_point_ageing` reports the drift.
AGEING_HOURS: tuple[float, ...] = (100.0, 1000.0, 10000.0)


def _per_colour(values) -> dict:
    return dict(zip(COLOURS, values, strict=True))


@dataclass(frozen=True)
class PanelAssessment:
    """Full-white performance of a panel, optional content power and sub-pixel drive."""

    result: PanelResult
    diagonal_in: float
    aspect: tuple[float, float]
    content: dict | None = None
    apl_power_w: float | None = None
    pitch_um: float | None = None
    layout: str | None = None
    geometry: SubpixelGeometry | None = None
    drive: SubpixelDrive | None = None

    def as_dict(self) -> dict:
        """JSON-ready dict (snake_case keys with units; per-colour dicts R, G, B)."""
        res = self.result
        out = {
            "gamut": res.gamut,
            "luminance_share": _per_colour(res.luminance_share),
            "power_w": res.power_w,
            "panel_diagonal_in": self.diagonal_in,
            "panel_aspect": list(self.aspect),
            "panel_area_m2": res.area_m2,
            "white_luminance_cd_m2": res.white_luminance_cd_m2,
            "white_xy": res.white_xy,
            "primaries_xy": _per_colour(res.primaries_xy),
            "ce_cd_a": _per_colour(res.ce_cd_a),
            "current_density_panel_mA_cm2": _per_colour(0.1 * res.current_density_panel_a_m2),
            "white_efficacy_cd_a": res.efficacy_cd_a_white,
        }
        if self.content is not None:
            out.update(self.content)
        if self.apl_power_w is not None:
            out["apl_power_w"] = self.apl_power_w
        if self.drive is not None:
            geom, drive = self.geometry, self.drive
            out.update({
                "pitch_um": self.pitch_um,
                "layout": self.layout,
                "aperture_ratio": geom.aperture_ratio,
                "subpixel_fill": _per_colour(geom.fill),
                "subpixel_current_a": _per_colour(drive.current_a),
                "subpixel_current_density_mA_cm2": _per_colour(drive.current_density_mA_cm2),
                "subpixel_emitter_luminance_cd_m2": _per_colour(drive.emitter_luminance_cd_m2),
            })
        return out


def assess_panel(design: PanelDesign, white="D65", luminance_cd_m2=500.0, diagonal_in=0.7,
                 aspect=(16.0, 9.0), content_rgb=None, content_label=None,
                 content_mode="native", apl=None, ppi=None, layout="stripe",
                 gap_um=0.0) -> PanelAssessment:
    """Colour, white balance and power of a panel; content power and sub-pixel drive.

    Parameters
    ----------
    design : PanelDesign
        R, G, B spectra, EQEs (%) and drive voltages (V).
    white : str or array_like
        White point (illuminant name or CIE 1931 xy).
    luminance_cd_m2 : float
        Full-white panel luminance, cd/m2.
    diagonal_in : float
        Panel diagonal, inches.
    aspect : tuple of float
        Aspect ratio (W, H).
    content_rgb : numpy.ndarray, optional
        Linear RGB image (H, W, 3) in [0, 1]; adds content drive and power.
    content_label : str, optional
        Name of the content (e.g. its file name) reported as ``content_image``.
    content_mode : {"native", "managed"}
        How content RGB drives the panel primaries (:func:`peled.display.panel.content_luminances`).
    apl : float, optional
        Average picture level (0-1); adds ``apl_power_w``.
    ppi : float, optional
        Pixel density; adds the per-sub-pixel currents at full white.
    layout : {"stripe", "pentile"}
        Sub-pixel layout for ``ppi``.
    gap_um : float
        Design-rule gap between emitters, um.

    Returns
    -------
    PanelAssessment

    References
    ----------
    See :mod:`peled.display.panel` and :mod:`peled.display.drive`.

    Examples
    --------
    >>> d = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> a = assess_panel(d)
    >>> round(a.as_dict()["white_luminance_cd_m2"])
    500
    """
    res = panel_performance(design, white, luminance_cd_m2, diagonal_in, aspect)
    content = None
    if content_rgb is not None:
        drive = content_luminances(content_rgb, res.primaries_xy, content_mode)
        content = {
            "content_image": content_label,
            "content_mode": content_mode,
            "content_mean_drive": _per_colour(drive),
            "content_apl": float(drive @ res.luminance_share),
            "content_power_w": content_power_w(design, content_rgb, white, luminance_cd_m2,
                                               diagonal_in, aspect, content_mode),
        }
    apl_w = None if apl is None else apl_power_w(design, apl, white, luminance_cd_m2,
                                                 diagonal_in, aspect)
    if ppi is None:
        return PanelAssessment(res, diagonal_in, tuple(aspect), content, apl_w)
    pitch = pitch_um_from_ppi(ppi)
    geom = subpixel_layout(layout, pitch, gap_um)
    drive = subpixel_drive(luminance_cd_m2, res.luminance_share, res.ce_cd_a, pitch, geom.fill,
                           geom.count)
    return PanelAssessment(res, diagonal_in, tuple(aspect), content, apl_w, pitch, layout, geom,
                           drive)


@dataclass(frozen=True)
class WhitePointAgeing:
    """White-point drift of a panel whose primaries age at different rates."""

    time_to_jnd_h: float
    jnd_delta_uv: float
    hours: np.ndarray
    delta_uv: np.ndarray
    emitter_luminance_cd_m2: np.ndarray
    luminance_share: np.ndarray

    def as_dict(self) -> dict:
        """JSON-ready dict (per-colour dicts R, G, B)."""
        return {
            "time_to_jnd_h": self.time_to_jnd_h,
            "jnd_delta_uv": self.jnd_delta_uv,
            "hours": self.hours,
            "delta_uv": self.delta_uv,
            "emitter_luminance_cd_m2": _per_colour(self.emitter_luminance_cd_m2),
            "luminance_share": _per_colour(self.luminance_share),
        }


def white_point_ageing(design: PanelDesign, lifetimes, white="D65", luminance_cd_m2=500.0,
                       fill=1 / 3, jnd=0.005) -> WhitePointAgeing:
    """White-point drift after 100, 1,000 and 10,000 h and the time until it reaches ``jnd``.

    Parameters
    ----------
    design : PanelDesign
        R, G, B spectra (their chromaticities set the white balance).
    lifetimes : sequence of PrimaryLifetime
        T50, reference luminance and acceleration exponent of R, G, B.
    white : str or array_like
        White point (illuminant name or CIE 1931 xy).
    luminance_cd_m2 : float
        White luminance, cd/m2.
    fill : float
        Panel-area fraction of each colour, (0, 1].
    jnd : float
        Delta u'v' threshold (0.005: a just-noticeable difference).

    Returns
    -------
    WhitePointAgeing

    References
    ----------
    Féry et al., Appl. Phys. Lett. 87, 213502 (2005) (stretched-exponential ageing);
    CIE 015:2018 (u'v').

    Examples
    --------
    >>> d = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))
    >>> from peled.display.panel import PrimaryLifetime
    >>> lives = [PrimaryLifetime(t) for t in (1000.0, 2000.0, 200.0)]
    >>> white_point_ageing(d, lives).time_to_jnd_h > 0
    True
    """
    prim = design.primaries_xy
    shares = luminance_shares(prim, white)
    lives = tuple(lifetimes)
    hours = np.array(AGEING_HOURS)
    return WhitePointAgeing(
        time_to_white_shift_h(prim, shares, lives, luminance_cd_m2, jnd, fill), jnd, hours,
        white_point_drift(prim, shares, lives, luminance_cd_m2, hours, fill),
        shares * luminance_cd_m2 / fill, shares,
    )
