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
EQE and the spectrum by the Lambertian relation of :mod:`peled.device.efficiency`
(``EQE = CE pi e <lambda/hc> / K``; Anaya et al., "Best practices for measuring emerging
light-emitting diode technologies", Nat. Photonics 13, 818 (2019),
doi:10.1038/s41566-019-0543-y).

Drive transistor.  An active-matrix pixel needs a dedicated TFT per sub-pixel (Zhao et al.,
Commun. Mater. (2025), sec. on active-matrix driving, which describes an n-channel IGZO
drive TFT whose source is connected to
the PeNC LED).  The minimal voltage-programmed pixel is "2T1C": a switching TFT samples the
data voltage onto a storage capacitor C_st that holds the gate of the drive TFT for one
frame (AMOLED pixel operation: Brotherton, *Introduction to Thin Film Transistors*,
Springer 2013, chapter on AMLCD/AMOLED display operation; the original 2T1C polysilicon
AMOLED pixel work: Dawson et al., SID Symp. Dig. 29, 11 (1998) (citation not verified)).
In strong inversion the drive TFT in saturation delivers the square-law current (Sze & Ng,
*Physics of Semiconductor Devices*, 3rd ed., Wiley 2007, ch. 6; Brotherton 2013)::

    I = 1/2 mu C_ox (W/L) (V_GS - V_th)^2,    C_ox = eps_0 eps_r / t_ox          (S)

Near and below threshold (S) fails.  All regions are covered by the EKV interpolation
(Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995)
(citation not verified); the same curve with the weak/strong boundaries IC = 0.1 and 10
is drawn in github.com/mschweikardt/tikzlib, figs/ekv-ic-vs-vgseff.tex)::

    I = I_spec ln^2(1 + exp(V_ov / (2 n U_T))),   I_spec = 2 n mu C_ox (W/L) U_T^2   (E)

with V_ov = V_GS - V_th, U_T = kT/q and the slope factor n (subthreshold swing
SS = n U_T ln 10).  The inversion coefficient IC = I / I_spec classifies the operating
point: weak inversion (subthreshold, IC < 0.1; I = I_spec exp(V_ov / n U_T)), moderate
(0.1-10), strong (IC > 10; for n = 1, (E) -> (S)).  A microdisplay pixel draws ~1 nA
(3,000 PPI, 1,000 cd/m2, 59 cd/A: 1.2 nA); at a volt-scale overdrive (S) then asks for
W/L ~ 1e-4, a channel millimetres long.  :func:`size_drive_tft` therefore also reports
the longest channel that fits the pixel and the overdrive (E) needed there, i.e. whether
the drive TFT must run near/below threshold, and the largest design rule at which even a
minimum W = L transistor fits.

Storage capacitor: the leakage current I_leak of the switch discharges C_st during one
frame T_f by ``dV = I_leak T_f / C_st``; the drive current then changes by
``dI / I = (g_m / I) dV``.  A tolerated relative current error ``e`` needs
``C_st >= I_leak T_f (g_m / I) / e``; in strong inversion (S) gives ``g_m / I = 2 / V_ov``,
i.e. ``C_st >= 2 I_leak T_f / (e V_ov)``; from (E), ``g_m / I = (1 - exp(-sqrt IC)) /
(n U_T sqrt IC)``, which tends to ``1 / (n U_T)`` in weak inversion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import constants

from peled.device.efficiency import current_efficiency_from_eqe, eqe_pct_from_current_efficiency
from peled.display._checks import fill_array
from peled.errors import ParameterError
from peled.validation import finite_array, nonnegative_array, positive_array, scalar_or_array

__all__ = [
    "IGZO",
    "LTPS",
    "STRONG_INVERSION_IC",
    "StorageCapacitor",
    "SubpixelDrive",
    "TFTSizing",
    "TFTTechnology",
    "TFT_TECHNOLOGIES",
    "WEAK_INVERSION_IC",
    "current_efficiency_from_eqe",
    "drain_current_a",
    "eqe_pct_from_current_efficiency",
    "gm_over_id_per_v",
    "inversion_coefficient",
    "inversion_regime",
    "overdrive_for_current_v",
    "pixel_current",
    "saturation_current_a",
    "size_drive_tft",
    "specific_current_a",
    "storage_capacitor",
    "subpixel_drive",
    "thermal_voltage_v",
    "w_over_l_required",
]


def pixel_current(luminance_cd_m2, ce_cd_a, pitch_um, fill=1.0, count=1.0):
    """``(current_a, current_density_mA_cm2)`` of one sub-pixel (module docstring).

    ``luminance_cd_m2``: panel-average luminance this colour must add; ``fill``: panel-area
    fraction emitting it; ``count``: its sub-pixels per pixel.  Broadcasts.

    Parameters
    ----------
    luminance_cd_m2 : array_like
        Panel-average luminance of this colour, cd/m^2 (>= 0).
    ce_cd_a : array_like
        Current efficiency of the emitter, cd/A (> 0).
    pitch_um : array_like
        Pixel pitch, um (> 0).
    fill : array_like, optional
        Panel-area fraction emitting this colour, (0, 1].
    count : array_like, optional
        Sub-pixels of this colour per pixel (> 0).

    Returns
    -------
    tuple
        ``(current_a, current_density_mA_cm2)``: current of one sub-pixel (A) and the
        current density in its emitting area (mA/cm^2).

    References
    ----------
    Zhao et al., Commun. Mater. (2025) (AM microdisplays).

    Examples
    --------
    >>> i, j = pixel_current(1000.0, 59.0, 8.4667, fill=0.3)
    >>> f"{float(i):.3e}", round(float(j), 4)
    ('1.215e-09', 5.6497)
    """
    lum = nonnegative_array("luminance_cd_m2", luminance_cd_m2)
    ce = positive_array("ce_cd_a", ce_cd_a)
    p_m = positive_array("pitch_um", pitch_um) * 1e-6
    f = fill_array("fill", fill)
    n = positive_array("count", count)
    current = lum * p_m**2 / (n * ce)
    j_a_m2 = lum / (f * ce)
    return scalar_or_array(current), scalar_or_array(j_a_m2 * 0.1)  # 1 A/m2 = 0.1 mA/cm2


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

    Parameters
    ----------
    white_luminance_cd_m2 : float
        Full-white luminance, cd/m^2 (> 0).
    luminance_share : array_like
        Luminance fractions (R, G, B) of the white.
    ce_cd_a : array_like
        Current efficiencies (R, G, B), cd/A (> 0).
    pitch_um : float
        Pixel pitch, um (> 0).
    fill : array_like, optional
        Panel-area fraction of each colour.
    count : array_like, optional
        Sub-pixels of each colour per pixel.

    Returns
    -------
    SubpixelDrive
        Per colour: share, emitter luminance (cd/m^2), current (A), current density
        (mA/cm^2) and CE (cd/A).

    References
    ----------
    Zhao et al., Commun. Mater. (2025).

    Examples
    --------
    >>> d = subpixel_drive(1000.0, [0.25, 0.65, 0.10], [20.0, 80.0, 5.0], 8.4667)
    >>> d.emitter_luminance_cd_m2.round(1).tolist(), [f"{i:.2e}" for i in d.current_a]
    ([750.0, 1950.0, 300.0], ['8.96e-10', '5.82e-10', '1.43e-09'])
    """
    lw = float(nonnegative_array("white_luminance_cd_m2", white_luminance_cd_m2))
    share = np.asarray(luminance_share, dtype=float)
    if share.shape != (3,) or not np.all(np.isfinite(share)) or np.any(share < 0):
        raise ParameterError(f"luminance_share must be 3 numbers >= 0, got {luminance_share!r}")
    ce = positive_array("ce_cd_a", ce_cd_a) * np.ones(3)
    f = np.asarray(fill, dtype=float) * np.ones(3)
    n = np.asarray(count, dtype=float) * np.ones(3)
    current, j = pixel_current(share * lw, ce, pitch_um, f, n)
    return SubpixelDrive(share, share * lw / f, np.asarray(current), np.asarray(j), ce)


# --------------------------------------------------------------------------- TFT


@dataclass(frozen=True)
class TFTTechnology:
    """Drive-TFT parameters for eqns (S) and (E).  ``v_th_v`` is the threshold magnitude.

    ``slope_factor`` n of eqn (E): 1 is the ideal (lowest) value, SS = 60 mV/dec at 300 K;
    TFTs with trap states have larger n -- set it from a measured subthreshold swing with
    ``n = SS / (U_T ln 10)``.
    """

    name: str
    mobility_cm2_vs: float
    gate_eps_r: float
    gate_thickness_nm: float
    v_th_v: float
    source: str
    slope_factor: float = 1.0

    def __post_init__(self):
        for name in ("mobility_cm2_vs", "gate_eps_r", "gate_thickness_nm"):
            positive_array(f"{self.name} {name}", getattr(self, name))
        nonnegative_array(f"{self.name} v_th_v", self.v_th_v)
        n = float(positive_array(f"{self.name} slope_factor", self.slope_factor))
        if n < 1.0:
            raise ParameterError(f"{self.name} slope_factor must be >= 1, got {n!r}")

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

#: Low-temperature polysilicon: mu = 100 cm2/Vs, the lower bound ">100 cm2/V s" of Zhao
#: et al., Commun. Mater. (2025).  abs(V_th) = 1 V is an assumed illustrative value (it does
#: not enter the W/L at a given overdrive, only :func:`saturation_current_a` at a given V_GS).
LTPS = TFTTechnology(
    "LTPS", 100.0, 3.9, 100.0, 1.0,
    "mu: Zhao et al., Commun. Mater. (2025), TFT section (LTPS > 100 cm2/Vs); "
    "V_th = 1 V: assumption; gate: " + _GATE,
)

#: Amorphous InGaZnO: mu = 10 cm2/Vs, the lower bound ">10 cm2/V s" of Zhao et al. (2025).
#: V_th = 0.5 V is an assumed illustrative value (near-zero thresholds of a-IGZO TFTs:
#: Kamiya, Nomura & Hosono, Sci. Technol. Adv. Mater. 11, 044305 (2010) (citation not
#: verified)).
IGZO = TFTTechnology(
    "IGZO", 10.0, 3.9, 100.0, 0.5,
    "mu: Zhao et al., Commun. Mater. (2025), TFT section (IGZO > 10 cm2/Vs); "
    "V_th = 0.5 V: assumption; gate: " + _GATE,
)

TFT_TECHNOLOGIES: dict[str, TFTTechnology] = {"ltps": LTPS, "igzo": IGZO}

#: Inversion-coefficient boundaries of eqn (E): weak < 0.1 <= moderate <= 10 < strong.
WEAK_INVERSION_IC = 0.1
STRONG_INVERSION_IC = 10.0


def thermal_voltage_v(temperature_k=300.0):
    """``U_T = k T / q`` in V (scipy.constants); 300 K -> 25.85 mV.

    Parameters
    ----------
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    float
        k T / q, V.

    Examples
    --------
    >>> round(thermal_voltage_v(300.0) * 1e3, 2)
    25.85
    """
    t = positive_array("temperature_k", temperature_k)
    return scalar_or_array(constants.k * t / constants.e)


def saturation_current_a(w_over_l, tech: TFTTechnology, v_gs_v):
    """Eqn (S); zero below threshold (abs(V_GS) <= V_th).  Broadcasts.

    Parameters
    ----------
    w_over_l : array_like
        Channel width / length (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    v_gs_v : array_like
        Gate-source voltage magnitude, V.

    Returns
    -------
    numpy.ndarray or float
        Drain current, A (0 below threshold).

    References
    ----------
    Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed. (Wiley, 2007), ch. 6.

    Examples
    --------
    >>> [f"{float(saturation_current_a(1.0, LTPS, v)):.3e}" for v in (0.5, 3.0)]
    ['0.000e+00', '6.906e-06']
    """
    wl = positive_array("w_over_l", w_over_l)
    vov = np.clip(np.abs(np.asarray(v_gs_v, dtype=float)) - tech.v_th_v, 0.0, None)
    return scalar_or_array(0.5 * tech.k_a_v2 * wl * vov**2)


def w_over_l_required(current_a, tech: TFTTechnology, overdrive_v=2.0):
    """W/L delivering ``current_a`` at ``V_GS - V_th = overdrive_v``: ``2 I / (mu C_ox V_ov^2)``.

    Eqn (S), valid in strong inversion (check with :func:`inversion_coefficient`).  The
    default overdrive of 2 V is an assumption (a data-voltage swing of a few volts); set it
    for the actual driver.

    Parameters
    ----------
    current_a : array_like
        Drain current, A (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    overdrive_v : array_like, optional
        V_GS - V_th, V (> 0).

    Returns
    -------
    numpy.ndarray or float
        W/L.

    References
    ----------
    Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed. (Wiley, 2007), ch. 6.

    Examples
    --------
    >>> w = w_over_l_required(1e-6, LTPS)
    >>> round(float(w), 5), f"{float(saturation_current_a(w, LTPS, LTPS.v_th_v + 2.0)):.3e}"
    (0.1448, '1.000e-06')
    """
    i = positive_array("current_a", current_a)
    v = positive_array("overdrive_v", overdrive_v)
    return scalar_or_array(2.0 * i / (tech.k_a_v2 * v**2))


def specific_current_a(w_over_l, tech: TFTTechnology, temperature_k=300.0):
    """``I_spec = 2 n mu C_ox (W/L) U_T^2`` of eqn (E), in A.

    Parameters
    ----------
    w_over_l : array_like
        Channel width / length (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        I_spec, A.

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> f"{float(specific_current_a(1.0, LTPS)):.4e}"
    '4.6156e-09'
    """
    wl = positive_array("w_over_l", w_over_l)
    u_t = np.asarray(thermal_voltage_v(temperature_k))
    return scalar_or_array(2.0 * tech.slope_factor * tech.k_a_v2 * wl * u_t**2)


def inversion_coefficient(current_a, tech: TFTTechnology, w_over_l, temperature_k=300.0):
    """``IC = I / I_spec`` (eqn E): < 0.1 weak (subthreshold), 0.1-10 moderate, > 10 strong.

    Parameters
    ----------
    current_a : array_like
        Drain current, A (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    w_over_l : array_like
        Channel width / length (> 0).
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        IC = I / I_spec (dimensionless).

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> round(float(inversion_coefficient(1e-6, LTPS, 1.0)), 2)
    216.65
    """
    i = positive_array("current_a", current_a)
    return scalar_or_array(i / np.asarray(specific_current_a(w_over_l, tech, temperature_k)))


def inversion_regime(ic) -> str:
    """"weak", "moderate" or "strong" inversion for an inversion coefficient ``ic``.

    Parameters
    ----------
    ic : float
        Inversion coefficient (> 0).

    Returns
    -------
    str
        ``"weak"`` (IC < 0.1), ``"moderate"`` or ``"strong"`` (IC > 10).

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> inversion_regime(0.01), inversion_regime(1.0), inversion_regime(100.0)
    ('weak', 'moderate', 'strong')
    """
    ic = float(positive_array("inversion_coefficient", ic))
    if ic < WEAK_INVERSION_IC:
        return "weak"
    return "strong" if ic > STRONG_INVERSION_IC else "moderate"


def drain_current_a(w_over_l, tech: TFTTechnology, overdrive_v, temperature_k=300.0):
    """Eqn (E): saturation current in all regions at ``V_GS - V_th = overdrive_v`` (any sign).

    Parameters
    ----------
    w_over_l : array_like
        Channel width / length (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    overdrive_v : array_like
        V_GS - V_th, V (any sign).
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        Drain current, A.

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> i_sq = float(saturation_current_a(10.0, LTPS, LTPS.v_th_v + 2.0))  # square law (S)
    >>> round(float(drain_current_a(10.0, LTPS, 2.0)) / i_sq, 3)  # EKV close to it at 2 V
    1.0
    """
    v = finite_array("overdrive_v", overdrive_v)
    i_spec = np.asarray(specific_current_a(w_over_l, tech, temperature_k))
    u_t = np.asarray(thermal_voltage_v(temperature_k))
    z = v / (2.0 * tech.slope_factor * u_t)
    return scalar_or_array(i_spec * np.logaddexp(0.0, z) ** 2)


def overdrive_for_current_v(current_a, tech: TFTTechnology, w_over_l, temperature_k=300.0):
    """Inverse of eqn (E): ``V_GS - V_th`` (V, negative below threshold) giving ``current_a``.

    ``V_ov = 2 n U_T ln(exp(sqrt IC) - 1)``; strong inversion (n = 1) -> the square-law
    ``sqrt(2 I / (mu C_ox W/L))``, weak inversion -> ``n U_T ln IC``.

    Parameters
    ----------
    current_a : array_like
        Drain current, A (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    w_over_l : array_like
        Channel width / length (> 0).
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        V_GS - V_th, V.

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> v = overdrive_for_current_v(1e-6, LTPS, 1.0)
    >>> round(float(v), 4), round(float(drain_current_a(1.0, LTPS, v)) * 1e6, 6)
    (0.761, 1.0)
    """
    x = np.sqrt(np.asarray(inversion_coefficient(current_a, tech, w_over_l, temperature_k)))
    u_t = np.asarray(thermal_voltage_v(temperature_k))
    with np.errstate(over="ignore"):
        log_expm1 = np.where(x > 1.0, x + np.log1p(-np.exp(-x)), np.log(np.expm1(x)))
    return scalar_or_array(2.0 * tech.slope_factor * u_t * log_expm1)


def gm_over_id_per_v(ic, tech: TFTTechnology, temperature_k=300.0):
    """Transconductance efficiency ``g_m / I = (1 - exp(-sqrt IC)) / (n U_T sqrt IC)`` (1/V).

    From eqn (E); -> ``2 / V_ov`` in strong inversion (n = 1), ``1 / (n U_T)`` in weak.

    Parameters
    ----------
    ic : array_like
        Inversion coefficient (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    numpy.ndarray or float
        g_m / I_D, 1/V.

    References
    ----------
    Enz, Krummenacher & Vittoz, Analog Integr. Circuits Signal Process. 8, 83 (1995).

    Examples
    --------
    >>> [round(float(gm_over_id_per_v(ic, LTPS)), 3) for ic in (1e-3, 1.0, 1e3)]
    [38.077, 24.452, 1.223]
    """
    x = np.sqrt(positive_array("inversion_coefficient", ic))
    u_t = np.asarray(thermal_voltage_v(temperature_k))
    return scalar_or_array(-np.expm1(-x) / (tech.slope_factor * u_t * x))


@dataclass(frozen=True)
class TFTSizing:
    """Drive-TFT geometry at the design rule lambda, and what fits in the pixel.

    At the assumed ``overdrive_v`` (eqn S): ``w_over_l``, ``width_um`` x ``length_um`` (the
    shorter side at lambda), ``footprint_um2``; ``fits`` if it is <= ``available_um2``.
    What the pixel allows: ``min_footprint_um2`` of the smallest transistor W = L = lambda
    and ``max_design_rule_um``, the largest lambda for which it fits; ``max_length_um``, the
    longest channel at W = lambda that fits (NaN if none does) and the overdrive (eqn E)
    the current needs there -- the largest gate overdrive, i.e. the widest data-voltage
    range, this pixel allows -- with its inversion coefficient and regime; the same for the
    minimum device W = L = lambda (``min_device_*``).
    """

    technology: str
    current_a: float
    overdrive_v: float
    design_rule_um: float
    w_over_l: float
    width_um: float
    length_um: float
    footprint_um2: float
    available_um2: float
    fits: bool
    min_footprint_um2: float
    max_design_rule_um: float
    max_length_um: float
    max_length_overdrive_v: float
    max_length_inversion_coefficient: float
    max_length_regime: str | None
    min_device_overdrive_v: float
    min_device_inversion_coefficient: float
    min_device_regime: str

    def summary(self) -> str:
        """One paragraph explaining the sizing (for reports and the CLI)."""
        lam = self.design_rule_um
        text = (f"{self.technology}: {self.current_a:.3g} A at V_GS - V_th = "
                f"{self.overdrive_v:g} V needs W/L = {self.w_over_l:.3g} (W = "
                f"{self.width_um:.3g} um, L = {self.length_um:.3g} um, footprint "
                f"{self.footprint_um2:.3g} um2 vs {self.available_um2:.3g} um2 available)")
        if self.fits:
            return text + ": fits."
        text += ": does not fit."
        if np.isfinite(self.max_length_um):
            text += (f" The longest channel the area allows (W = {lam:g} um, L = "
                     f"{self.max_length_um:.3g} um) carries the current at V_GS - V_th = "
                     f"{self.max_length_overdrive_v:.3g} V (inversion coefficient "
                     f"{self.max_length_inversion_coefficient:.2g}, {self.max_length_regime}"
                     " inversion)")
            regime = self.max_length_regime
        else:
            text += (f" Even the smallest transistor W = L = {lam:g} um (footprint "
                     f"{self.min_footprint_um2:.3g} um2) does not fit: it needs a design rule "
                     f"<= {self.max_design_rule_um:.4g} um (e.g. a silicon backplane). At "
                     f"W = L = {lam:g} um the current flows at V_GS - V_th = "
                     f"{self.min_device_overdrive_v:.3g} V (inversion coefficient "
                     f"{self.min_device_inversion_coefficient:.2g}, {self.min_device_regime}"
                     " inversion)")
            regime = self.min_device_regime
        if regime == "strong":
            return text + ": a usable, if smaller, data-voltage range."
        return text + (": near or below threshold a few tens of mV set the grey level, "
                       "comparable to threshold-voltage scatter, so such pixels need "
                       "threshold compensation, a finer design rule (a longer channel in the "
                       "same area) or pulse-width (digital) driving.")


def size_drive_tft(current_a, tech: TFTTechnology, cell_area_um2, overdrive_v=2.0,
                   design_rule_um=2.0, area_fraction=0.5, temperature_k=300.0) -> TFTSizing:
    """W, L and footprint of the drive TFT for ``current_a``; what fits in the pixel.

    The shorter channel dimension is set to the design rule lambda (W/L >= 1: L = lambda;
    else W = lambda, a long -- in practice meandering -- channel).  Footprint ``(W + 2
    lambda)(L + 2 lambda)`` (source/drain contacts and spacing of one lambda on each side,
    a simple layout rule), compared with ``area_fraction`` of the sub-pixel cell area
    ``cell_area_um2`` (the rest holds the switch TFT, C_st and wiring).  Defaults lambda =
    2 um and area_fraction = 0.5 are assumptions for illustration, not a specific process.
    See :class:`TFTSizing` for the reported quantities.

    Parameters
    ----------
    current_a : array_like
        Drain current, A (> 0).
    tech : TFTTechnology
        Mobility (cm^2/Vs), gate dielectric, threshold voltage and slope factor n
        (e.g. :data:`LTPS`, :data:`IGZO`).
    cell_area_um2 : float
        Area of the sub-pixel cell, um^2 (> 0).
    overdrive_v : float, optional
        V_GS - V_th, V (> 0).
    design_rule_um : float, optional
        Minimum feature lambda, um (> 0).
    area_fraction : float, optional
        Fraction of the cell available to the drive TFT, (0, 1].
    temperature_k : float, optional
        Temperature, K (> 0).

    Returns
    -------
    TFTSizing
        W/L, W and L (um), footprint (um^2), whether it fits and the inversion regime.

    References
    ----------
    Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed. (Wiley, 2007), ch. 6.

    Examples
    --------
    >>> s = size_drive_tft(1e-7, IGZO, 8.4667**2 / 3)
    >>> round(s.w_over_l, 4), s.fits
    (0.1448, False)
    """
    i = float(positive_array("current_a", current_a))
    v_ov = float(positive_array("overdrive_v", overdrive_v))
    wl = float(w_over_l_required(i, tech, v_ov))
    lam = float(positive_array("design_rule_um", design_rule_um))
    frac = float(fill_array("area_fraction", area_fraction))
    avail = frac * float(positive_array("cell_area_um2", cell_area_um2))
    w, length = (lam * wl, lam) if wl >= 1 else (lam, lam / wl)
    foot = (w + 2 * lam) * (length + 2 * lam)
    l_max = avail / (3.0 * lam) - 2.0 * lam
    if l_max >= lam:
        wl_fit = lam / l_max
        ic_fit = float(inversion_coefficient(i, tech, wl_fit, temperature_k))
        v_fit = float(overdrive_for_current_v(i, tech, wl_fit, temperature_k))
        regime_fit = inversion_regime(ic_fit)
    else:
        l_max = ic_fit = v_fit = float("nan")
        regime_fit = None
    ic_min = float(inversion_coefficient(i, tech, 1.0, temperature_k))
    return TFTSizing(
        tech.name, i, v_ov, lam, wl, w, length, foot, avail, bool(foot <= avail),
        9.0 * lam**2, float(np.sqrt(avail / 9.0)), float(l_max), v_fit, ic_fit, regime_fit,
        float(overdrive_for_current_v(i, tech, 1.0, temperature_k)), ic_min,
        inversion_regime(ic_min),
    )


@dataclass(frozen=True)
class StorageCapacitor:
    """2T1C storage capacitor: capacitance, tolerated droop and its area on the gate dielectric."""

    capacitance_f: float
    voltage_droop_v: float
    area_um2: float


def storage_capacitor(leakage_a, frame_time_s=1 / 60, overdrive_v=2.0,
                      max_current_error=0.5 / 255, tech: TFTTechnology = LTPS,
                      gm_over_id=None) -> StorageCapacitor:
    """Smallest C_st holding the drive current within ``max_current_error`` over a frame.

    ``C_st = I_leak T_f (g_m / I) / e`` (module docstring) with ``g_m / I = 2 / V_ov``
    (strong inversion at ``overdrive_v``) unless ``gm_over_id`` (1/V, e.g. from
    :func:`gm_over_id_per_v` near threshold) is given; area ``C_st / C_ox`` on the gate
    dielectric of ``tech``.  Defaults: 60 Hz frame; e = half an 8-bit grey level at full
    scale (0.5/255).

    Parameters
    ----------
    leakage_a : float
        Leakage current discharging C_st, A (> 0).
    frame_time_s : float, optional
        Frame time, s (default 1/60 s).
    overdrive_v : float, optional
        V_GS - V_th of the drive TFT, V (> 0).
    max_current_error : float, optional
        Tolerated relative drive-current droop over a frame (default 0.5/255).
    tech : TFTTechnology, optional
        Gate dielectric of the capacitor (default :data:`LTPS`).
    gm_over_id : float, optional
        g_m / I of the drive TFT, 1/V (default 2 / ``overdrive_v``).

    Returns
    -------
    StorageCapacitor
        Capacitance (F), tolerated voltage droop (V) and area (um^2).

    References
    ----------
    Sze & Ng, *Physics of Semiconductor Devices*, 3rd ed. (Wiley, 2007), ch. 6.

    Examples
    --------
    >>> c = storage_capacitor(1e-12)
    >>> f"{c.capacitance_f:.3e}", round(c.voltage_droop_v * 1e3, 3), round(c.area_um2, 2)
    ('8.500e-12', 1.961, 24615.33)
    """
    i = float(nonnegative_array("leakage_a", leakage_a))
    t = float(positive_array("frame_time_s", frame_time_s))
    e = float(positive_array("max_current_error", max_current_error))
    if gm_over_id is None:
        gm = 2.0 / float(positive_array("overdrive_v", overdrive_v))
    else:
        gm = float(positive_array("gm_over_id", gm_over_id))
    droop = e / gm
    c = i * t / droop
    return StorageCapacitor(c, droop, c / tech.c_ox_f_m2 * 1e12)
