"""Design of one single-colour active-matrix pixel: current, drive TFT and storage capacitor.

Combines :func:`peled.display.drive.pixel_current`, :func:`peled.display.drive.size_drive_tft`
(square-law and EKV all-region drive TFT) and :func:`peled.display.drive.storage_capacitor`
for every technology of :data:`peled.display.drive.TFT_TECHNOLOGIES`; the physics and its
references are in :mod:`peled.display.drive`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from peled.device.efficiency import current_efficiency_from_eqe
from peled.display.drive import (
    TFT_TECHNOLOGIES,
    StorageCapacitor,
    TFTSizing,
    pixel_current,
    size_drive_tft,
    storage_capacitor,
)
from peled.display.geometry import pitch_um_from_ppi
from peled.errors import ParameterError
from peled.spectra import line_spectrum
from peled.validation import positive_array

__all__ = [
    "PixelDesign",
    "design_pixel",
]


@dataclass(frozen=True)
class PixelDesign:
    """A designed pixel: its drive current and, per TFT technology, sizing and C_st.

    Attributes
    ----------
    pitch_um, ce_cd_a, current_a, current_density_mA_cm2, emitter_luminance_cd_m2 : float
        Pixel pitch (um), current efficiency (cd/A), drive current (A), current density
        (mA/cm2) and luminance of the emitting area (cd/m2).
    overdrive_v, leakage_a, frame_time_s : float
        Assumed V_GS - V_th (V), switch leakage (A) and frame time (s).
    sizing : dict[str, TFTSizing]
        Drive-TFT sizing per technology key (``ltps``, ``igzo``).
    capacitors : dict[str, StorageCapacitor]
        Storage capacitor per technology key.
    """

    pitch_um: float
    ce_cd_a: float
    current_a: float
    current_density_mA_cm2: float
    emitter_luminance_cd_m2: float
    overdrive_v: float
    leakage_a: float
    frame_time_s: float
    sizing: dict[str, TFTSizing]
    capacitors: dict[str, StorageCapacitor]

    def storage_capacitor_note(self) -> str:
        """One sentence on the LTPS storage capacitor and whether it fits the pixel."""
        c0 = self.capacitors["ltps"]
        ratio = c0.area_um2 / self.pitch_um**2
        return (
            f"C_st = {c0.capacitance_f:.3g} F holds the gate within {c0.voltage_droop_v:.3g} V "
            f"(half an 8-bit grey level at V_GS - V_th = {self.overdrive_v:g} V) against "
            f"{self.leakage_a:g} A leakage for {1e3 * self.frame_time_s:.3g} ms; on the gate "
            f"dielectric it takes {c0.area_um2:.3g} um2, {ratio:.3g}x the pixel area"
            + (": it does not fit; lower the switch leakage, refresh faster, or use a thinner "
               "or high-k dielectric. Near threshold (smaller overdrive) it grows further."
               if ratio > 1 else ".")
        )

    def notes(self) -> list[str]:
        """The explanatory paragraphs: one per TFT technology, then the C_st note."""
        return [s.summary() for s in self.sizing.values()] + [self.storage_capacitor_note()]

    def as_dict(self) -> dict:
        """JSON-ready dict (snake_case keys with units; per-technology dicts)."""
        sz, cs, area = self.sizing, self.capacitors, self.pitch_um**2
        first = sz["ltps"]

        def per(attr):
            return {k: getattr(s, attr) for k, s in sz.items()}

        return {
            "pitch_um": self.pitch_um,
            "ce_cd_a": self.ce_cd_a,
            "current_a": self.current_a,
            "current_density_mA_cm2": self.current_density_mA_cm2,
            "emitter_luminance_cd_m2": self.emitter_luminance_cd_m2,
            "tft_overdrive_v": self.overdrive_v,
            "tft_w_over_l": per("w_over_l"),
            "tft_width_um": per("width_um"),
            "tft_length_um": per("length_um"),
            "tft_footprint_um2": per("footprint_um2"),
            "tft_available_um2": first.available_um2,
            "tft_fits": per("fits"),
            "tft_min_footprint_um2": first.min_footprint_um2,
            "tft_max_design_rule_um": first.max_design_rule_um,
            "tft_max_length_um": first.max_length_um,
            "tft_max_length_overdrive_v": per("max_length_overdrive_v"),
            "tft_max_length_inversion_coefficient": per("max_length_inversion_coefficient"),
            "tft_max_length_regime": per("max_length_regime"),
            "tft_min_device_overdrive_v": per("min_device_overdrive_v"),
            "tft_min_device_inversion_coefficient": per("min_device_inversion_coefficient"),
            "tft_min_device_regime": per("min_device_regime"),
            "storage_capacitor_f": cs["ltps"].capacitance_f,
            "storage_capacitor_area_um2": {k: c.area_um2 for k, c in cs.items()},
            "storage_capacitor_area_over_pixel": {k: c.area_um2 / area for k, c in cs.items()},
            "tft_note": {k: s.summary() for k, s in sz.items()},
            "storage_capacitor_note": self.storage_capacitor_note(),
        }


def _current_efficiency(ce_cd_a, eqe_pct, peak_nm, fwhm_nm) -> float:
    if (ce_cd_a is None) == (eqe_pct is None):
        raise ParameterError("give exactly one of ce_cd_a (cd/A) or eqe_pct (%, with peak_nm)")
    if eqe_pct is None:
        return ce_cd_a
    if peak_nm is None:
        raise ParameterError("eqe_pct needs peak_nm (and optionally fwhm_nm)")
    if not eqe_pct > 0:
        raise ParameterError(f"eqe_pct must be > 0 %, got {eqe_pct!r}")
    return current_efficiency_from_eqe(eqe_pct, line_spectrum(peak_nm, fwhm_nm))


def design_pixel(ppi, luminance_cd_m2, ce_cd_a=None, eqe_pct=None, peak_nm=None, fwhm_nm=20.0,
                 fill=1.0, overdrive_v=2.0, design_rule_um=2.0, area_fraction=0.5,
                 slope_factor=1.0, leakage_a=1e-12, frame_hz=60.0) -> PixelDesign:
    """Current, drive TFT (each technology) and storage capacitor of a single-colour pixel.

    Parameters
    ----------
    ppi : float
        Pixel density, pixels per inch (square pixels).
    luminance_cd_m2 : float
        Target panel luminance, cd/m2 (> 0).
    ce_cd_a : float, optional
        Current efficiency, cd/A.  Give this or ``eqe_pct``.
    eqe_pct, peak_nm, fwhm_nm : float, optional
        EQE (%) with a Gaussian line of peak and FWHM (nm); CE by
        :func:`peled.device.efficiency.current_efficiency_from_eqe` (Lambertian).
    fill : float
        Emitting fraction of the pixel, (0, 1].
    overdrive_v, design_rule_um, area_fraction : float
        Assumed V_GS - V_th (V), minimum feature (um) and pixel-area fraction for the TFT.
        Illustrative defaults, not a specific process.
    slope_factor : float
        TFT subthreshold slope factor n >= 1 (SS = n x 60 mV/dec at 300 K).
    leakage_a, frame_hz : float
        Switch-TFT leakage (A) and frame rate (Hz) for C_st.

    Returns
    -------
    PixelDesign

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003) (CE); Sze & Ng, *Physics of
    Semiconductor Devices*, 3rd ed. (2007), ch. 6 (square law); Enz, Krummenacher & Vittoz,
    Analog Integr. Circuits Signal Process. 8, 83 (1995) (EKV model).

    Examples
    --------
    >>> d = design_pixel(3000, 1000.0, ce_cd_a=59.0, fill=0.3)
    >>> f"{d.current_a:.3g}"
    '1.21e-09'
    """
    ce = _current_efficiency(ce_cd_a, eqe_pct, peak_nm, fwhm_nm)
    frame_time_s = 1.0 / float(positive_array("frame_hz", frame_hz))
    if not (slope_factor >= 1.0 and slope_factor < float("inf")):
        raise ParameterError(f"slope_factor must be a finite number >= 1, got {slope_factor!r}")
    pitch = pitch_um_from_ppi(ppi)
    current, j = pixel_current(luminance_cd_m2, ce, pitch, fill)
    if current <= 0:
        raise ParameterError(f"luminance must be > 0 to size the TFT, got {luminance_cd_m2!r}")
    techs = {k: replace(t, slope_factor=slope_factor) for k, t in TFT_TECHNOLOGIES.items()}
    sizing = {k: size_drive_tft(current, t, pitch**2, overdrive_v, design_rule_um, area_fraction)
              for k, t in techs.items()}
    cst = {k: storage_capacitor(leakage_a, frame_time_s, overdrive_v, tech=t)
           for k, t in techs.items()}
    return PixelDesign(pitch, ce, current, j, luminance_cd_m2 / fill, overdrive_v, leakage_a,
                       frame_time_s, sizing, cst)
