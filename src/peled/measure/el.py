"""Electroluminescence spectra: peak, FWHM, CIE xy, Rec.2020 position, shift with voltage.

Peak and FWHM come from :mod:`peled.spectra.analysis` (parabolic peak, linearly
interpolated half-maximum crossings); CIE 1931 xy from :func:`peled.color.xy`
(colour-science CMFs); the Rec.2020 primaries (ITU-R BT.2020) from
:data:`peled.color.gamut.STANDARD_PRIMARIES`.

Spectral shift with voltage: when spectra at several voltages are given, the peak is
regressed linearly on voltage (slope in nm/V) and the total shift is
peak(V_max) - peak(V_min).  A total shift or FWHM change of at least
``shift_warning_nm`` (default 2 nm) raises a warning of possible field-driven halide
phase segregation: seed 002 (Jiang et al., Nanoscale 2024), sec. 3.1.3 "Electric-field
induced ion migration effects on device performance", paragraph "Spectral impurity"
(line 291 of 002_7966451d1f2c3349.txt), reports red-shifting and splitting of the EL
peak of mixed-halide CsPbBr(3-x)I(x) LEDs under bias (Vashishtha et al.), and sec. 4.3
(line 591) Cl/Br segregation of blue CsPbBr(x)Cl(3-x) LEDs under DC bias (Tang et al.).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.color import xy as cie_xy
from peled.color.gamut import STANDARD_PRIMARIES
from peled.errors import SpectrumError
from peled.spectra import Spectrum
from peled.spectra.analysis import fwhm, peak_wavelength

__all__ = ["ELResult", "analyze_el", "rec2020_relation"]

_PRIMARY_NAMES = ("red", "green", "blue")


@dataclass(frozen=True, eq=False)
class ELResult:
    """EL analysis of one device.

    Per-spectrum arrays (``peaks_nm``, ``fwhms_nm``, ``cie_xy``) follow ``spectra``
    (sorted by voltage when ``voltages_v`` is given).  The headline numbers
    (``peak_nm``, ``fwhm_nm``, ``cie_x``, ``cie_y``) are those of the reference
    spectrum ``spectra[reference_index]`` (the one nearest the voltage of maximum EQE).
    A spectrum without content in the 360-830 nm colour-matching range (NIR) has NaN
    CIE xy and None Rec.2020 fields.
    """

    spectra: tuple[Spectrum, ...]
    voltages_v: np.ndarray | None
    peaks_nm: np.ndarray
    fwhms_nm: np.ndarray
    cie_xy: np.ndarray
    reference_index: int
    peak_nm: float
    fwhm_nm: float
    cie_x: float
    cie_y: float
    inside_rec2020: bool | None
    nearest_rec2020_primary: str | None
    distance_to_rec2020_primary: float | None
    peak_shift_nm_per_v: float | None
    total_peak_shift_nm: float | None
    fwhm_change_nm: float | None
    phase_segregation_suspected: bool


def rec2020_relation(x: float, y: float) -> tuple[bool, str, float]:
    """``(inside, nearest primary, xy distance)`` of a chromaticity vs the Rec.2020 triangle.

    Inside means inside or on the triangle (sign test of the three edge cross products).
    """
    tri = np.asarray(STANDARD_PRIMARIES["rec2020"], float)
    p = np.array([x, y])
    signs = []
    for i in range(3):
        a, b = tri[i], tri[(i + 1) % 3]
        signs.append((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]))
    signs = np.asarray(signs)
    inside = bool(np.all(signs >= -1e-12) or np.all(signs <= 1e-12))
    d = np.hypot(*(tri - p).T)
    k = int(np.argmin(d))
    return inside, _PRIMARY_NAMES[k], float(d[k])


def _xy_or_nan(spectrum: Spectrum) -> tuple[float, float]:
    """CIE 1931 xy, or NaN for a spectrum without content in the CMF range (NIR)."""
    try:
        return cie_xy(spectrum)
    except SpectrumError:
        return float("nan"), float("nan")


def analyze_el(spectra, voltages_v=None, reference_voltage_v: float | None = None,
               shift_warning_nm: float = 2.0, warnings: list[str] | None = None) -> ELResult:
    """Analyse one or several EL spectra (see module docstring)."""
    warnings = [] if warnings is None else warnings
    spectra = tuple(spectra)
    peaks = np.array([peak_wavelength(s) for s in spectra])
    widths = np.array([fwhm(s) for s in spectra])
    xys = np.array([_xy_or_nan(s) for s in spectra], dtype=float).reshape(-1, 2)
    if np.isnan(xys).any():
        warnings.append("EL: no emission within the 360-830 nm colour-matching range "
                        "(NIR); CIE xy and Rec.2020 position are null")
    volts = None if voltages_v is None else np.asarray(voltages_v, float)
    ref = 0
    if volts is not None and reference_voltage_v is not None:
        ref = int(np.argmin(np.abs(volts - reference_voltage_v)))
    slope = total = dfwhm = None
    suspected = False
    if volts is not None and volts.size >= 2 and np.ptp(volts) > 0:
        slope = float(np.polyfit(volts, peaks, 1)[0])
        total = float(peaks[-1] - peaks[0])
        dfwhm = float(widths[-1] - widths[0])
        if abs(total) >= shift_warning_nm or abs(dfwhm) >= shift_warning_nm:
            suspected = True
            warnings.append(
                f"EL peak shifts {total:+.1f} nm (FWHM {dfwhm:+.1f} nm) from {volts[0]:g} to "
                f"{volts[-1]:g} V: possible halide phase segregation (seed 002, sec. 3.1.3)"
            )
    if np.isfinite(xys[ref]).all():
        inside, prim, dist = rec2020_relation(xys[ref, 0], xys[ref, 1])
    else:
        inside, prim, dist = None, None, None
    return ELResult(
        spectra=spectra,
        voltages_v=volts,
        peaks_nm=peaks,
        fwhms_nm=widths,
        cie_xy=xys,
        reference_index=ref,
        peak_nm=float(peaks[ref]),
        fwhm_nm=float(widths[ref]),
        cie_x=float(xys[ref, 0]),
        cie_y=float(xys[ref, 1]),
        inside_rec2020=inside,
        nearest_rec2020_primary=prim,
        distance_to_rec2020_primary=dist,
        peak_shift_nm_per_v=slope,
        total_peak_shift_nm=total,
        fwhm_change_nm=dfwhm,
        phase_segregation_suspected=suspected,
    )
