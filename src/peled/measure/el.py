"""Electroluminescence spectra: peak, FWHM, CIE xy, Rec.2020 position, shift with voltage.

Peak and FWHM come from :mod:`peled.spectra.analysis` (parabolic peak, linearly
interpolated half-maximum crossings); CIE 1931 xy from :func:`peled.color.xy`
(colour-science CMFs); the Rec.2020 primaries (ITU-R BT.2020) from
:data:`peled.color.gamut.STANDARD_PRIMARIES`.

Spectral shift with voltage: when spectra at several voltages are given, the peak is
regressed linearly on voltage (slope in nm/V) and the total shift is
peak(V_max) - peak(V_min).  A total shift or FWHM change of at least
``shift_warning_nm`` (default 2 nm) raises a warning of possible field-driven halide
phase segregation: Jiang et al., Nanoscale (2024), sec. 3.1.3 "Electric-field induced
ion migration effects on device performance", paragraph "Spectral impurity", reports
red-shifting and splitting of the EL peak of mixed-halide CsPbBr(3-x)I(x) LEDs under
bias (Vashishtha et al.), and sec. 4.3 Cl/Br segregation of blue CsPbBr(x)Cl(3-x) LEDs
under DC bias (Tang et al.).  The comparison follows *the same band* across voltages
(:func:`find_bands`, bands matched by nearest peak), so in a multi-band spectrum (blue
pump plus phosphor, two emitters) a change of which band is highest is not a shift.

Baseline and noise model of measured spectra (:func:`baseline_correct`): the dark level
is estimated from the out-of-band edges (outer 5 % of the points on each side):
``"edges"`` subtracts their median (when it exceeds 0.5 % of the peak; smaller offsets are
below the resolution of the colour computation and left alone), ``"linear"`` a straight
line through the medians of the two edges (a tilted dark level), ``"none"`` nothing.  The
noise sigma is 1.4826 x the median absolute deviation of the edge residuals (Rousseeuw &
Croux, J. Am. Stat. Assoc. 88, 1273 (1993)).  Values are clipped at zero only after the
baseline correction.  A column whose corrected peak is below 10 sigma (the limit of
quantification, ACS Committee on Environmental Improvement, Anal. Chem. 52, 2242 (1980))
is dark (all noise) and skipped with a warning.

Colour of noisy spectra: CIE, peak and FWHM come from the baseline-corrected spectrum.
CIE xy is integrated from the corrected intensity *before* clipping at zero: zero-mean
noise then adds nothing to the tristimulus values on average, while its clipped positive
half would add a white-ish bias (3 % noise moves a green 515 nm line by du'v' ~ 0.02).
The noise outside the emission bands (points below 3 sigma, beyond two samples of any
point above it) still adds colour; when removing it moves the colour point by more than
:data:`COLOUR_JND_DUV` in u'v', a warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.color import xy as cie_xy
from peled.color import xy_to_uv_prime
from peled.color.gamut import STANDARD_PRIMARIES
from peled.color.tristimulus import XYZ_batch, XYZ_to_xy
from peled.errors import ParameterError, SpectrumError
from peled.robust import mad_sigma
from peled.spectra import Spectrum
from peled.spectra.analysis import fwhm, peak_wavelength

__all__ = [
    "COLOUR_JND_DUV",
    "ELBand",
    "ELBaseline",
    "ELResult",
    "EL_BASELINES",
    "analyze_el",
    "baseline_correct",
    "colour_noise_duv",
    "el_spectrum_from_column",
    "find_bands",
    "prepare_el_spectra",
    "rec2020_relation",
]

_PRIMARY_NAMES = ("red", "green", "blue")

#: Baseline models of :func:`baseline_correct` (the ``--el-baseline`` choices).
EL_BASELINES: tuple[str, ...] = ("edges", "linear", "none")

#: Fraction of the points on each side taken as out-of-band edges (the dark-level window
#: of :data:`peled.spectra.spectrum.DARK_LEVELS`).
EDGE_FRACTION: float = 0.05

#: An edge offset below this fraction of the peak is not subtracted by ``"edges"`` (the
#: behaviour of peled's spectrum readers since the first release).
EDGE_OFFSET_MIN: float = 0.005

#: A column whose corrected peak is below this many noise sigma is dark (limit of
#: quantification 10 sigma, ACS Committee on Environmental Improvement, Anal. Chem. 52,
#: 2242 (1980)).
DARK_PEAK_SIGMA: float = 10.0

#: Just-noticeable colour difference used for the noise warning: du'v' = 0.0013, about
#: the size of a 1-step MacAdam ellipse (MacAdam, J. Opt. Soc. Am. 32, 247 (1942))
#: expressed as a circle in CIE 1976 u'v' (roughly 0.001-0.0013 depending on the colour
#: region; peled takes the upper value so that only noticeable shifts are flagged).
COLOUR_JND_DUV: float = 0.0013

#: A local maximum is a band when its prominence is at least this fraction of the
#: spectrum maximum (and at least 10 noise sigma); peled's choice, above the few-percent
#: noise of dark-subtracted spectra.
BAND_PROMINENCE: float = 0.05


@dataclass(frozen=True)
class ELBaseline:
    """Outcome of :func:`baseline_correct` for one spectrum.

    ``method``: the baseline model; ``offset``: the baseline value subtracted at the
    peak (intensity units); ``noise_sigma``: 1.4826 MAD of the edge residuals;
    ``peak``: maximum of the corrected spectrum; ``dark``: peak < 10 sigma;
    ``signed_intensity``: the corrected intensity before clipping.
    """

    method: str
    offset: float
    noise_sigma: float
    peak: float
    dark: bool
    #: The baseline-corrected intensity before clipping at zero (same grid as the input):
    #: the colour is integrated from it, so that clipped noise does not bias it.
    signed_intensity: np.ndarray | None = field(default=None, repr=False, compare=False)


def baseline_correct(wavelength_nm, intensity, method: str = "edges"):
    """Baseline-correct a measured spectrum and estimate its noise (module docstring).

    Parameters
    ----------
    wavelength_nm : array_like
        Increasing wavelengths (nm).
    intensity : array_like
        Raw (possibly dark-subtracted, negative) intensity.
    method : {"edges", "linear", "none"}
        Baseline model.

    Returns
    -------
    tuple
        ``(corrected, ELBaseline)``: the corrected intensity clipped at zero.

    Examples
    --------
    >>> wl = np.arange(400.0, 700.0)
    >>> y = 5.0 + 100.0 * np.exp(-0.5 * ((wl - 550.0) / 10.0) ** 2)
    >>> corr, info = baseline_correct(wl, y)
    >>> round(info.offset, 6), round(float(corr.max()), 3)
    (5.0, 100.0)
    """
    if method not in EL_BASELINES:
        raise ParameterError(f"EL baseline must be one of {', '.join(EL_BASELINES)}, "
                             f"got {method!r}")
    wl = np.asarray(wavelength_nm, float)
    y = np.asarray(intensity, float)
    k = max(1, int(round(EDGE_FRACTION * y.size)))
    lo, hi = y[:k], y[-k:]
    peak_raw = float(np.max(y))
    if method == "edges":
        med = float(np.median(np.concatenate([lo, hi])))
        base = np.full(y.shape, med if abs(med) > EDGE_OFFSET_MIN * abs(peak_raw) else 0.0)
    elif method == "linear":
        w1, w2 = float(np.mean(wl[:k])), float(np.mean(wl[-k:]))
        m1, m2 = float(np.median(lo)), float(np.median(hi))
        base = m1 + (m2 - m1) * (wl - w1) / (w2 - w1) if w2 > w1 else np.full(y.shape, m1)
    else:
        base = np.zeros(y.shape)
    r = y - base
    edges = np.concatenate([r[:k], r[-k:]])
    sigma = mad_sigma(edges)
    i = int(np.argmax(r))
    peak = float(r[i])
    dark = not peak > 0 or (sigma > 0 and peak < DARK_PEAK_SIGMA * sigma)
    return np.clip(r, 0.0, None), ELBaseline(method, float(base[i]), sigma, peak, bool(dark), r)


def el_spectrum_from_column(wavelength_nm, intensity, name: str, method: str = "edges",
                            warnings: list[str] | None = None, source: str = ""):
    """One measured EL column -> ``(Spectrum or None, ELBaseline or None)``.

    Non-finite rows are dropped, the rows sorted by wavelength and the baseline model of
    :func:`baseline_correct` applied.  None when nothing positive is left.  A subtracted
    edge offset larger than 0.5 % of the peak is reported in ``warnings``.

    Parameters
    ----------
    wavelength_nm, intensity : array_like
        The column as read (nm; any intensity unit, negative noise allowed).
    name : str
        Spectrum name (messages).
    method : {"edges", "linear", "none"}
        Baseline model.
    warnings : list of str, optional
        Receives the baseline and skipped-row messages.
    source : str
        File name for the messages.

    Returns
    -------
    tuple
        ``(Spectrum or None, ELBaseline or None)``.

    Examples
    --------
    >>> wl = np.arange(400.0, 700.0)
    >>> s, info = el_spectrum_from_column(wl, np.exp(-0.5 * ((wl - 520) / 9) ** 2), "g")
    >>> round(float(s.intensity.max()), 3), info.dark
    (1.0, False)
    """
    warnings = [] if warnings is None else warnings
    wl = np.asarray(wavelength_nm, float)
    y = np.asarray(intensity, float)
    ok = np.isfinite(wl) & np.isfinite(y)
    if not ok.all():
        warnings.append(f"{source}: {int((~ok).sum())} non-numeric spectrum rows skipped")
        wl, y = wl[ok], y[ok]
    order = np.argsort(wl, kind="stable")
    wl, y = wl[order], y[order]
    if y.size < 3:
        return None, None
    corrected, info = baseline_correct(wl, y, method)
    if not np.max(corrected) > 0:
        return None, info
    if info.offset != 0.0 and abs(info.offset) > EDGE_OFFSET_MIN * abs(info.peak + info.offset):
        what = ("median of the outer 5 % of points" if method == "edges"
                else "line through the medians of the outer 5 % of points")
        warnings.append(
            f"{source}: spectrum {name!r} has a baseline of "
            f"{100 * info.offset / max(info.peak + info.offset, 1e-300):.1f} % "
            f"of its peak at the edges; subtracted ({what})")
    try:
        return Spectrum(wl, corrected, name=name), info
    except SpectrumError:
        return None, info


def prepare_el_spectra(columns, names, voltages_v=None, method: str = "edges",
                       warnings: list[str] | None = None, source: str = ""):
    """Measured EL columns -> spectra with dark (all-noise) columns skipped.

    Parameters
    ----------
    columns : sequence of tuple of array_like
        Raw columns as pairs (wavelength in nm, intensity in any unit); negative noise
        allowed.
    names : sequence of str
        Names of the columns (used in warnings and as spectrum names).
    voltages_v : array_like, optional
        Voltage of each column.
    method : str
        Baseline model (:data:`EL_BASELINES`).
    warnings : list of str, optional
        Receives one line per skipped column and subtracted baseline.
    source : str
        File name for the messages.

    Returns
    -------
    tuple
        ``(spectra, voltages or None, baselines)`` of the kept columns.

    Examples
    --------
    >>> wl = np.arange(400.0, 700.0)
    >>> rng = np.random.default_rng(0)
    >>> lit = np.exp(-0.5 * ((wl - 520) / 9) ** 2) + rng.normal(0, 0.01, wl.size)
    >>> dark = rng.normal(0, 0.01, wl.size)
    >>> w = []
    >>> sp, v, _ = prepare_el_spectra([(wl, dark), (wl, lit)], ["0 V", "4 V"], [0.0, 4.0],
    ...                               warnings=w)
    >>> len(sp), v.tolist(), "dark" in w[0]
    (1, [4.0], True)
    """
    warnings = [] if warnings is None else warnings
    kept, volts, infos = [], [], []
    for i, ((wl, y), name) in enumerate(zip(columns, names, strict=True)):
        notes: list[str] = []
        s, info = el_spectrum_from_column(wl, y, name, method, notes, source)
        if s is None or (info is not None and info.dark):
            why = ("fewer than 3 numeric rows" if info is None else
                   "no positive intensity" if not info.peak > 0 else
                   f"peak {info.peak:.3g} below {DARK_PEAK_SIGMA:g} x the noise sigma "
                   f"{info.noise_sigma:.3g} of its out-of-band edges")
            warnings.append(f"{source}: EL column {name!r} is dark ({why}); skipped")
            continue
        warnings.extend(notes)
        kept.append(s)
        infos.append(info)
        if voltages_v is not None:
            volts.append(float(np.asarray(voltages_v, float)[i]))
    v = None if voltages_v is None else np.asarray(volts, float)
    return tuple(kept), v, tuple(infos)


@dataclass(frozen=True)
class ELBand:
    """One emission band: interpolated peak (nm), FWHM (nm, None if its half maximum is
    not crossed inside the band) and its fraction of the integrated spectrum."""

    peak_nm: float
    fwhm_nm: float | None
    area_fraction: float
    lo_index: int = field(default=0, repr=False)
    hi_index: int = field(default=0, repr=False)


def _parabolic(wl, y, i):
    if i <= 0 or i >= y.size - 1:
        return float(wl[i])
    x0, x1, x2 = wl[i - 1], wl[i], wl[i + 1]
    y0, y1, y2 = y[i - 1], y[i], y[i + 1]
    num = (x1 - x0) ** 2 * (y1 - y2) - (x1 - x2) ** 2 * (y1 - y0)
    den = (x1 - x0) * (y1 - y2) - (x1 - x2) * (y1 - y0)
    return float(x1 - 0.5 * num / den) if den != 0 else float(x1)


def find_bands(spectrum: Spectrum, noise_sigma: float = 0.0) -> tuple[ELBand, ...]:
    """Every emission band of a spectrum, in order of wavelength.

    A band is a local maximum whose topographic prominence is at least
    :data:`BAND_PROMINENCE` of the maximum and 10 ``noise_sigma``
    (``scipy.signal.find_peaks``).  Bands are separated at the minimum between
    neighbouring peaks; the peak is the three-point parabolic vertex (as
    :func:`peled.spectra.peak_wavelength`), the FWHM the distance between the
    linearly interpolated crossings of half the band's peak inside the band, and the
    area fraction the band's trapezoid integral over the whole one.  A single-band
    spectrum gives exactly :func:`peled.spectra.peak_wavelength` and
    :func:`peled.spectra.fwhm`.

    Parameters
    ----------
    spectrum : Spectrum
        A baseline-corrected spectrum.
    noise_sigma : float
        Noise sigma in the intensity unit (0: threshold from the maximum only).

    Returns
    -------
    tuple of ELBand
        The bands in order of wavelength (empty for an all-zero spectrum).

    Examples
    --------
    >>> wl = np.arange(380.0, 781.0)
    >>> y = np.exp(-0.5 * ((wl - 450) / 8) ** 2) + 0.5 * np.exp(-0.5 * ((wl - 600) / 20) ** 2)
    >>> [round(b.peak_nm, 1) for b in find_bands(Spectrum(wl, y))]
    [450.0, 600.0]
    """
    from scipy.signal import find_peaks

    wl, y = spectrum.wavelength_nm, spectrum.intensity
    ymax = float(np.max(y))
    if not ymax > 0:
        return ()
    thr = max(BAND_PROMINENCE * ymax, DARK_PEAK_SIGMA * noise_sigma)
    padded = np.concatenate([[0.0], y, [0.0]])  # a maximum at an end counts as a band
    idx, _ = find_peaks(padded, prominence=thr)
    idx = idx - 1
    if idx.size == 0:
        idx = np.array([int(np.argmax(y))])
    bounds = [0]
    for a, b in zip(idx[:-1], idx[1:], strict=True):
        bounds.append(int(a + np.argmin(y[a:b + 1])))
    bounds.append(y.size - 1)
    total = float(np.trapezoid(y, wl))
    bands = []
    for n, i in enumerate(idx):
        lo, hi = bounds[n], bounds[n + 1]
        half = 0.5 * y[i]
        seg = np.arange(lo, hi + 1)
        left = seg[(seg < i) & (y[seg] < half)]
        right = seg[(seg > i) & (y[seg] < half)]
        width = None
        if left.size and right.size:
            a, b = int(left.max()), int(right.min())
            x_lo = wl[a] + (half - y[a]) * (wl[a + 1] - wl[a]) / (y[a + 1] - y[a])
            x_hi = wl[b - 1] + (y[b - 1] - half) * (wl[b] - wl[b - 1]) / (y[b - 1] - y[b])
            width = float(x_hi - x_lo)
        area = float(np.trapezoid(y[lo:hi + 1], wl[lo:hi + 1]))
        bands.append(ELBand(_parabolic(wl, y, int(i)), width,
                            area / total if total > 0 else float("nan"), lo, hi))
    return tuple(bands)


def _uv_of(wl, y) -> np.ndarray:
    try:
        return xy_to_uv_prime(cie_xy(Spectrum(wl, y)))
    except SpectrumError:
        return np.array([np.nan, np.nan])


def colour_noise_duv(spectrum: Spectrum, noise_sigma: float) -> float:
    """u'v' distance between the spectrum and its in-band part (module docstring).

    In band: points above 3 ``noise_sigma`` (limit of detection) and two samples either
    side of them; the rest is set to zero.  Chromaticities from
    :func:`peled.color.xy` and CIE 015:2018 eqns 8.5-8.6.

    Parameters
    ----------
    spectrum : Spectrum
        Baseline-corrected spectrum.
    noise_sigma : float
        Noise sigma in the intensity unit (0 gives 0).

    Returns
    -------
    float
        du'v' (dimensionless); compare with :data:`COLOUR_JND_DUV`.

    Examples
    --------
    >>> wl = np.arange(400.0, 701.0)
    >>> y = np.exp(-0.5 * ((wl - 520) / 9) ** 2) + 0.02
    >>> colour_noise_duv(Spectrum(wl, y), 0.01) > COLOUR_JND_DUV
    True
    """
    if not noise_sigma > 0:
        return 0.0
    y = spectrum.intensity
    inband = y > 3.0 * noise_sigma
    for _ in range(2):
        inband = inband | np.roll(inband, 1) | np.roll(inband, -1)
    if inband.all() or not inband.any():
        return 0.0
    full = _uv_of(spectrum.wavelength_nm, y)
    clean = _uv_of(spectrum.wavelength_nm, np.where(inband, y, 0.0))
    d = float(np.hypot(*(full - clean)))
    return d if np.isfinite(d) else 0.0


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
    bands: tuple[ELBand, ...] = ()
    band_shifts_nm: tuple[float | None, ...] = ()
    colour_noise_duv: float | None = None
    flags: tuple[str, ...] = ()

    def bands_dict(self) -> list[dict]:
        """Every band of the reference spectrum: ``peak_nm``, ``fwhm_nm``,
        ``area_fraction`` and ``shift_nm`` (peak at the highest minus the lowest voltage,
        the same band followed across voltages; None for a single spectrum)."""
        shifts = self.band_shifts_nm or (None,) * len(self.bands)
        return [{"peak_nm": b.peak_nm, "fwhm_nm": b.fwhm_nm, "area_fraction": b.area_fraction,
                 "shift_nm": sh} for b, sh in zip(self.bands, shifts, strict=True)]


def rec2020_relation(x: float, y: float) -> tuple[bool, str, float]:
    """``(inside, nearest primary, xy distance)`` of a chromaticity vs the Rec.2020 triangle.

    Inside means inside or on the triangle (sign test of the three edge cross products).

    Parameters
    ----------
    x : float
        CIE 1931 chromaticity x, in [0, 1].
    y : float
        CIE 1931 chromaticity y, in [0, 1].

    Returns
    -------
    inside : bool
        True inside or on the Rec.2020 triangle.
    nearest : str
        The nearest primary: ``"red"``, ``"green"`` or ``"blue"``.
    distance : float
        Euclidean xy distance to that primary.

    References
    ----------
    ITU-R Recommendation BT.2020-2 (2015), Table 3 (primaries).

    Examples
    --------
    >>> rec2020_relation(0.170, 0.797)  # the Rec.2020 green primary itself
    (True, 'green', 0.0)
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


def _xy_or_nan(spectrum: Spectrum, signed=None) -> tuple[float, float]:
    """CIE 1931 xy, or NaN for a spectrum without content in the CMF range (NIR).

    With ``signed`` (the unclipped corrected intensity on the spectrum's grid) the
    tristimulus values are integrated from it, by the same weights as
    :func:`peled.color.xy`; the clipped spectrum is the fallback when its Y is not
    positive.
    """
    try:
        xy_clipped = cie_xy(spectrum)
    except SpectrumError:
        return float("nan"), float("nan")
    y = None if signed is None else np.asarray(signed, float)
    if y is None or y.shape != spectrum.intensity.shape:
        return xy_clipped
    XYZ = XYZ_batch(spectrum.wavelength_nm, y / np.max(np.abs(y)))
    if not (np.isfinite(XYZ).all() and XYZ[1] > 0 and XYZ.sum() > 0):
        return xy_clipped
    return tuple(float(v) for v in XYZ_to_xy(XYZ))


def _track(bands_per_spectrum, ref_bands):
    """Peak and FWHM of each reference band in every spectrum (nearest peak; NaN when a
    spectrum has no band within half the distance to the neighbouring reference band)."""
    ref = np.array([b.peak_nm for b in ref_bands])
    gaps = np.diff(ref)
    reach = np.full(ref.size, np.inf)
    if ref.size > 1:
        reach = 0.5 * np.minimum(np.concatenate([[np.inf], gaps]), np.concatenate([gaps, [np.inf]]))
    peaks = np.full((len(bands_per_spectrum), ref.size), np.nan)
    widths = np.full_like(peaks, np.nan)
    for k, bands in enumerate(bands_per_spectrum):
        if not bands:
            continue
        p = np.array([b.peak_nm for b in bands])
        for m, r in enumerate(ref):
            j = int(np.argmin(np.abs(p - r)))
            if abs(p[j] - r) <= reach[m]:
                peaks[k, m] = p[j]
                widths[k, m] = np.nan if bands[j].fwhm_nm is None else bands[j].fwhm_nm
    return peaks, widths


def analyze_el(spectra, voltages_v=None, reference_voltage_v: float | None = None,
               shift_warning_nm: float = 2.0, warnings: list[str] | None = None,
               noise_sigma=None, signed_intensities=None) -> ELResult:
    """Analyse one or several EL spectra (see module docstring).

    Parameters
    ----------
    spectra : sequence of peled.spectra.Spectrum
        EL spectra (wavelength in nm, any intensity unit).
    voltages_v : array_like, optional
        Drive voltage of each spectrum in V; enables the peak-shift analysis.
    reference_voltage_v : float, optional
        Voltage (V) whose nearest spectrum gives the headline numbers (default: the
        first spectrum).
    shift_warning_nm : float, default 2.0
        Peak shift in nm above which phase segregation is suspected (> 0).
    warnings : list of str, optional
        Receives notes (appended to).
    noise_sigma : array_like, optional
        Noise sigma of each spectrum (from :func:`baseline_correct`), in its intensity
        unit: enables the band threshold in noise units and the colour-noise check.
    signed_intensities : sequence of array_like or None, optional
        The baseline-corrected intensity of each spectrum before clipping at zero
        (:attr:`ELBaseline.signed_intensity`, on the spectrum's grid); CIE xy is
        integrated from it so that clipped noise does not bias the colour.

    Returns
    -------
    ELResult
        Peak (nm), FWHM (nm), CIE 1931 xy, Rec.2020 relation, bands and peak shifts.

    References
    ----------
    Jiang et al., Nanoscale (2024), sec. 3.1.3 (halide phase segregation shifts the EL
    peak with bias).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(400.0, 701.0)
    >>> spectra = [Spectrum(wl, np.exp(-0.5 * ((wl - p) / 8.5) ** 2)) for p in (520, 523)]
    >>> r = analyze_el(spectra, voltages_v=[3.0, 5.0], reference_voltage_v=3.0)
    >>> r.peak_nm, round(r.fwhm_nm, 2), r.total_peak_shift_nm, r.phase_segregation_suspected
    (520.0, 20.02, 3.0, True)
    """
    warnings = [] if warnings is None else warnings
    spectra = tuple(spectra)
    peaks = np.array([peak_wavelength(s) for s in spectra])
    widths = np.array([_fwhm_or_nan(s) for s in spectra])
    signed = [None] * len(spectra) if signed_intensities is None else list(signed_intensities)
    xys = np.array([_xy_or_nan(s, y) for s, y in zip(spectra, signed, strict=True)],
                   dtype=float).reshape(-1, 2)
    if np.isnan(xys).any():
        warnings.append("EL: no emission within the 360-830 nm colour-matching range "
                        "(NIR); CIE xy and Rec.2020 position are null")
    sig = (np.zeros(len(spectra)) if noise_sigma is None
           else np.asarray(noise_sigma, float).reshape(-1))
    all_bands = [find_bands(s, float(n)) for s, n in zip(spectra, sig, strict=True)]
    volts = None if voltages_v is None else np.asarray(voltages_v, float)
    ref = 0
    if volts is not None and reference_voltage_v is not None:
        ref = int(np.argmin(np.abs(volts - reference_voltage_v)))
    ref_bands = all_bands[ref]
    main = int(np.argmax([b.area_fraction for b in ref_bands])) if ref_bands else 0
    slope = total = dfwhm = None
    suspected = False
    shifts: tuple = ()
    if volts is not None and volts.size >= 2 and np.ptp(volts) > 0 and ref_bands:
        tp, tw = _track(all_bands, ref_bands)
        if len(ref_bands) == 1:  # one band: the interpolated peak/FWHM of each spectrum
            tp[:, 0], tw[:, 0] = peaks, widths
        band_shift = []
        for m in range(len(ref_bands)):
            ok = np.isfinite(tp[:, m])
            if ok.sum() < 2:
                band_shift.append(None)
                continue
            first, last = np.flatnonzero(ok)[[0, -1]]
            band_shift.append(float(tp[last, m] - tp[first, m]))
            dw = float(tw[last, m] - tw[first, m])
            big = abs(band_shift[-1]) >= shift_warning_nm or (
                np.isfinite(dw) and abs(dw) >= shift_warning_nm)
            if m == main:
                slope = float(np.polyfit(volts[ok], tp[ok, m], 1)[0])
                total = band_shift[-1]
                dfwhm = dw if np.isfinite(dw) else None
            if big:
                suspected = True
                which = "" if len(ref_bands) == 1 else f" (band at {ref_bands[m].peak_nm:.0f} nm)"
                fw = f"{dw:+.1f} nm" if np.isfinite(dw) else "n/a"
                warnings.append(
                    f"EL peak{which} shifts {band_shift[-1]:+.1f} nm (FWHM {fw}) from "
                    f"{volts[first]:g} to {volts[last]:g} V: possible halide phase "
                    "segregation (Jiang et al., Nanoscale (2024), sec. 3.1.3)"
                )
        shifts = tuple(band_shift)
    flags = []
    duv = None
    if noise_sigma is not None and np.isfinite(xys[ref]).all():
        duv = colour_noise_duv(spectra[ref], float(sig[ref]))
        if duv > COLOUR_JND_DUV:
            warnings.append(
                f"EL: out-of-band noise moves the colour point by du'v' = {duv:.4f} "
                f"(> {COLOUR_JND_DUV} just-noticeable difference, 1-step MacAdam ellipse); "
                "CIE from the baseline-corrected spectrum -- check the dark subtraction "
                "(--el-baseline) or integrate longer")
            flags.append("el_noise_moves_colour")
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
        bands=ref_bands,
        band_shifts_nm=shifts,
        colour_noise_duv=duv,
        flags=tuple(flags),
    )


def _fwhm_or_nan(spectrum: Spectrum) -> float:
    try:
        return fwhm(spectrum)
    except SpectrumError:
        return float("nan")
