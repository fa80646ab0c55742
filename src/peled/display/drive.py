"""Pixel drive: sub-pixel currents for a target luminance, drive-TFT sizing, storage capacitor.

Current of a sub-pixel (photometric definition of current efficiency, CE = L / J in
cd/A; Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003)): a colour that must add
the panel-average luminance ``L_i`` and covers the panel-area fraction ``f_i`` (its fill
factor, :func:`peled.display.geometry.subpixel_layout`) emits ``L_i / f_i`` from its
emitting area, so

    J_i = L_i / (f_i CE_i),      I_i = J_i A_i = L_i p^2 / (n_i CE_i)

with ``A_i = f_i p^2 / n_i`` the emitting area of one of the ``n_i`` sub-pixels of that
colour per pixel of pitch p.  The current does not depend on the fill factor; the
current density (and hence efficiency roll-off and ageing) does.  CE follows from the
EQE and the spectrum by the Lambertian relation of :mod:`peled.measure.eqe`
(``EQE = CE pi e <lambda/hc> / K``; Anaya et al., Nat. Photonics 13, 818 (2019)).

Drive transistor (2T1C active-matrix pixel: switching TFT, drive TFT and storage capacitor;
Dawson et al., "Design of an improved pixel for a polysilicon active-matrix organic LED
display", SID Symp. Dig. 29, 11 (1998)).  The drive TFT in saturation delivers the
square-law current (Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed., Wiley 2007,
ch. 6, MOSFET saturation region; the standard TFT model, Brotherton, *Introduction to
Thin Film Transistors*, Springer 2013)::

    I = 1/2 mu C_ox (W/L) (V_GS - V_th)^2,    C_ox = eps_0 eps_r / t_ox          (S)

Storage capacitor: the leakage current I_leak of the switch discharges C_st during one
frame T_f by ``dV = I_leak T_f / C_st``; from (S), ``dI / I = 2 dV / (V_GS - V_th)``, so a
tolerated relative current error ``e`` needs ``C_st >= 2 I_leak T_f / (e (V_GS - V_th))``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

from peled.errors import ParameterError
from peled.spectra import Spectrum

__all__ = [
    "IGZO",
    "LTPS",
    "TFT_TECHNOLOGIES",
    "StorageCapacitor",
    "SubpixelDrive",
    "TFTSizing",
    "TFTTechnology",
    "current_efficiency_from_eqe",
    "eqe_pct_from_current_efficiency",
    "pixel_current",
    "saturation_current_a",
    "size_drive_tft",
    "storage_capacitor",
    "subpixel_drive",
    "w_over_l_required",
]


def _pos(name: str, value) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ParameterError(f"{name} must be finite and > 0, got {value!r}")
    return a


def _nonneg(name: str, value) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ParameterError(f"{name} must be finite and >= 0, got {value!r}")
    return a


def _out(a):
    return float(a) if np.ndim(a) == 0 else a


def current_efficiency_from_eqe(eqe_pct, spectrum: Spectrum, angular_factor: float = 1.0):
    """CE (cd/A) of an emitter with EQE ``eqe_pct`` (%) and spectrum shape ``spectrum``.

    Inverse of :func:`peled.measure.eqe.eqe_per_current_efficiency` (Lambertian for
    ``angular_factor = 1``).  Negative EQE raises :class:`ParameterError`.
    """
    from peled.measure.eqe import eqe_per_current_efficiency

    e = _nonneg("eqe_pct", eqe_pct)
    return _out(e / 100.0 / eqe_per_current_efficiency(spectrum, angular_factor))


def eqe_pct_from_current_efficiency(ce_cd_a, spectrum: Spectrum, angular_factor: float = 1.0):
    """EQE (%) from CE (cd/A) and spectrum; inverse of :func:`current_efficiency_from_eqe`."""
    from peled.measure.eqe import eqe_per_current_efficiency

    ce = _nonneg("ce_cd_a", ce_cd_a)
    return _out(100.0 * ce * eqe_per_current_efficiency(spectrum, angular_factor))


def pixel_current(luminance_cd_m2, ce_cd_a, pitch_um, fill=1.0, count=1.0):
    """``(current_a, current_density_mA_cm2)`` of one sub-pixel (module docstring).

    ``luminance_cd_m2``: panel-average luminance this colour must add; ``fill``: panel-area
    fraction emitting it; ``count``: its sub-pixels per pixel.  Broadcasts.
    """
    lum = _nonneg("luminance_cd_m2", luminance_cd_m2)
    ce = _pos("ce_cd_a", ce_cd_a)
    p_m = _pos("pitch_um", pitch_um) * 1e-6
    f = np.asarray(fill, dtype=float)
    if not np.all(np.isfinite(f)) or np.any(f <= 0) or np.any(f > 1):
        raise ParameterError(f"fill must lie in (0, 1], got {fill!r}")
    n = _pos("count", count)
    current = lum * p_m**2 / (n * ce)
    j_a_m2 = lum / (f * ce)
    return _out(current), _out(j_a_m2 * 0.1)  # 1 A/m2 = 0.1 mA/cm2


@dataclass(frozen=True)
class SubpixelDrive:
    """Per-colour (R, G, B) drive of a white pixel: arrays of shape (3,)."""

    luminance_share: np.ndarray
    emitter_luminance_cd_m2: np.ndarray
    current_a: np.ndarray
    current_density_mA_cm2: np.ndarray
    ce_cd_a: np.ndarray


def subpixel_drive(white_luminance_cd_m2, luminance_share, ce_cd_a, pitch_um,
                   fill=(1 / 3, 1 / 3, 1 / 3), count=(1.0, 1.0, 1.0)) -> SubpixelDrive:
    """Currents of the R, G, B sub-pixels of a pixel showing white at ``white_luminance_cd_m2``.

    ``luminance_share`` from :func:`peled.display.panel.luminance_shares`; ``ce_cd_a`` of
    each primary (:func:`current_efficiency_from_eqe` from an EQE and spectrum);
    ``fill``/``count`` from :func:`peled.display.geometry.subpixel_layout` (default: RGB
    stripe without gaps).
    """
    lw = float(_nonneg("white_luminance_cd_m2", white_luminance_cd_m2))
    share = np.asarray(luminance_share, dtype=float)
    if share.shape != (3,) or not np.all(np.isfinite(share)) or np.any(share < 0):
        raise ParameterError(f"luminance_share must be 3 numbers >= 0, got {luminance_share!r}")
    ce = _pos("ce_cd_a", ce_cd_a) * np.ones(3)
    f = np.asarray(fill, dtype=float) * np.ones(3)
    n = np.asarray(count, dtype=float) * np.ones(3)
    current, j = pixel_current(share * lw, ce, pitch_um, f, n)
    return SubpixelDrive(share, share * lw / f, np.asarray(current), np.asarray(j), ce)


# --------------------------------------------------------------------------- TFT


@dataclass(frozen=True)
class TFTTechnology:
    """Drive-TFT parameters for eqn (S).  ``v_th_v`` is the threshold magnitude."""

    name: str
    mobility_cm2_vs: float
    gate_eps_r: float
    gate_thickness_nm: float
    v_th_v: float
    source: str

    @property
    def c_ox_f_m2(self) -> float:
        """Gate capacitance per area ``eps_0 eps_r / t_ox`` in F/m2."""
        return constants.epsilon_0 * self.gate_eps_r / (self.gate_thickness_nm * 1e-9)

    @property
    def k_a_v2(self) -> float:
        """Process transconductance ``mu C_ox`` in A/V^2."""
        return self.mobility_cm2_vs * 1e-4 * self.c_ox_f_m2


_GATE = (
    "100 nm SiO2 gate insulator, eps_r = 3.9 (Sze & Ng 2007, appendix 'Properties of SiO2 "
    "and Si3N4'); 100 nm is an assumed typical display-TFT gate-insulator thickness"
)

#: Low-temperature polysilicon: mu = 100 cm2/Vs, the lower bound ">100 cm2/V s" of seed 004
#: (line 241); |V_th| = 1 V (poly-Si TFT thresholds of ~1-2 V, Brotherton 2013).
LTPS = TFTTechnology(
    "LTPS", 100.0, 3.9, 100.0, 1.0,
    "mu: seed 004 line 241 (>100 cm2/Vs); V_th: Brotherton, Introduction to Thin Film "
    "Transistors (Springer 2013); gate: " + _GATE,
)

#: Amorphous InGaZnO: mu = 10 cm2/Vs, the lower bound ">10 cm2/V s" of seed 004 (line 241;
#: ~10 cm2/Vs in Kamiya, Nomura & Hosono, Sci. Technol. Adv. Mater. 11, 044305 (2010));
#: V_th = 0.5 V (near-zero thresholds of a-IGZO TFTs, Kamiya et al. 2010).
IGZO = TFTTechnology(
    "IGZO", 10.0, 3.9, 100.0, 0.5,
    "mu: seed 004 line 241 (>10 cm2/Vs), Kamiya et al., Sci. Technol. Adv. Mater. 11, "
    "044305 (2010); V_th: Kamiya et al. 2010; gate: " + _GATE,
)

TFT_TECHNOLOGIES: dict[str, TFTTechnology] = {"ltps": LTPS, "igzo": IGZO}


def saturation_current_a(w_over_l, tech: TFTTechnology, v_gs_v):
    """Eqn (S); zero below threshold (|V_GS| <= V_th).  Broadcasts."""
    wl = _pos("w_over_l", w_over_l)
    vov = np.clip(np.abs(np.asarray(v_gs_v, dtype=float)) - tech.v_th_v, 0.0, None)
    return _out(0.5 * tech.k_a_v2 * wl * vov**2)


def w_over_l_required(current_a, tech: TFTTechnology, overdrive_v=2.0):
    """W/L delivering ``current_a`` at ``V_GS - V_th = overdrive_v``: ``2 I / (mu C_ox V_ov^2)``.

    The default overdrive of 2 V is an assumption (a data-voltage swing of a few volts as
    in AMOLED pixel circuits); set it for the actual driver.
    """
    i = _pos("current_a", current_a)
    v = _pos("overdrive_v", overdrive_v)
    return _out(2.0 * i / (tech.k_a_v2 * v**2))


@dataclass(frozen=True)
class TFTSizing:
    """Drive-TFT geometry at the design rule and whether it fits its area budget."""

    technology: str
    w_over_l: float
    width_um: float
    length_um: float
    footprint_um2: float
    available_um2: float
    fits: bool


def size_drive_tft(current_a, tech: TFTTechnology, cell_area_um2, overdrive_v=2.0,
                   design_rule_um=2.0, area_fraction=0.5) -> TFTSizing:
    """W, L and footprint of the drive TFT for ``current_a``; does it fit the pixel?

    The shorter channel dimension is set to the design rule lambda (W/L >= 1: L = lambda;
    else W = lambda, a long channel).  Footprint ``(W + 2 lambda)(L + 2 lambda)`` (source/
    drain contacts and spacing of one lambda on each side, a simple layout rule), compared
    with ``area_fraction`` of the sub-pixel cell area ``cell_area_um2`` (the rest holds the
    switch TFT, C_st and wiring).  Defaults lambda = 2 um and area_fraction = 0.5 are
    assumptions for illustration, not a specific process.
    """
    wl = float(w_over_l_required(current_a, tech, overdrive_v))
    lam = float(_pos("design_rule_um", design_rule_um))
    frac = float(_pos("area_fraction", area_fraction))
    if frac > 1:
        raise ParameterError(f"area_fraction must lie in (0, 1], got {area_fraction!r}")
    w, length = (lam * wl, lam) if wl >= 1 else (lam, lam / wl)
    foot = (w + 2 * lam) * (length + 2 * lam)
    avail = frac * float(_pos("cell_area_um2", cell_area_um2))
    return TFTSizing(tech.name, wl, w, length, foot, avail, bool(foot <= avail))


@dataclass(frozen=True)
class StorageCapacitor:
    """2T1C storage capacitor: capacitance, tolerated droop and its area on the gate dielectric."""

    capacitance_f: float
    voltage_droop_v: float
    area_um2: float


def storage_capacitor(leakage_a, frame_time_s=1 / 60, overdrive_v=2.0,
                      max_current_error=0.5 / 255, tech: TFTTechnology = LTPS
                      ) -> StorageCapacitor:
    """Smallest C_st holding the drive current within ``max_current_error`` over a frame.

    ``C_st = 2 I_leak T_f / (e V_ov)`` (module docstring); area ``C_st / C_ox`` on the gate
    dielectric of ``tech``.  Defaults: 60 Hz frame; e = half an 8-bit grey level at full
    scale (0.5/255).
    """
    i = _nonneg("leakage_a", leakage_a)
    t = _pos("frame_time_s", frame_time_s)
    v = _pos("overdrive_v", overdrive_v)
    e = _pos("max_current_error", max_current_error)
    droop = e * v / 2.0
    c = i * t / droop
    return StorageCapacitor(float(c), float(droop), float(c / tech.c_ox_f_m2 * 1e12))
