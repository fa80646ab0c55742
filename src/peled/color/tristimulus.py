"""CIE XYZ, xy and u'v' of emission spectra, single and batched.

All colour-matching functions (CMFs) and the photopic luminous efficiency come from
colour-science (``colour.MSDS_CMFS``, ``colour.colorimetry.SDS_LEFS_PHOTOPIC``); no CIE
table is retyped here.

Which colour-science computation is matched
--------------------------------------------
``colour.sd_to_XYZ(sd)`` (colour-science 0.4.7) defaults to ``method="ASTM E308"``.  For a
spectrum sampled at 1 nm that practice reduces to the plain rectangle sum
``XYZ = k sum_lambda S(lambda) xbar(lambda) dlambda`` over the ASTM E308-15 practice range
360-780 nm (``use_practice_range=True``), with illuminant E (all ones) for an emitter.
peled's default ``method="ASTM E308"`` is exactly that sum; ``method="Integration"`` uses
the full CIE 015:2018 CMF range 360-830 nm, which equals
``colour.sd_to_XYZ(sd, cmfs=colour.MSDS_CMFS[...], method="Integration")``.

Normalisation: peled returns *absolute* tristimulus values with ``k = K_m = 683 lm/W``
(CIE 015:2018, sec. 7.1, self-luminous objects), i.e.
``XYZ = 683 sum S(lambda) xbar(lambda) dlambda``; this equals
``colour.sd_to_XYZ(sd, k=683)``.  If ``S`` is a spectral radiance in
W sr^-1 m^-2 nm^-1, ``Y`` is the luminance in cd/m^2 (for the 1931 observer, whose
ybar is V(lambda)).  Chromaticities do not depend on ``k``.

Tabulated spectra (a uniform 5, 10 or 20 nm grid) are integrated the way CIE 015:2018
sec. 7.2 and ASTM E308-15 prescribe for such data, by colour-science's default
``colour.sd_to_XYZ`` path (5 nm: summation with the CMFs at 5 nm; 10 and 20 nm: the
ASTM E308 tables of tristimulus weighting factors, computed by colour-science from the
CMFs), not interpolated to 1 nm first.  The spectrum is padded with zeros on its own grid
out to the method's wavelength range before that computation: an emission spectrum is
zero where it was not measured, as on the 1-nm path (colour-science alone would extend
the edge values, so that a flat 540-580 nm band came out white).  The CIE tabulated
illuminants A and D65 (5 nm, 380-780 nm) then give their published
chromaticities (CIE 015:2018 Table 1: A 0.44757, 0.40745; D65 0.31272, 0.32903) to the
fourth decimal.  Because that computation is linear in the spectrum, it is evaluated once
per grid on the unit vectors and folded into the weight matrix, so batches stay one
matrix product.  Its absolute scale is set so that a flat spectrum has the same Y as a
flat 1-nm spectrum (colour-science's own scale differs between the 5-nm and the 10/20-nm
paths).

Spectra on other grids are linearly interpolated onto the integer-nm CMF grid inside
their measured range and are zero outside it (an emission spectrum ends where it was
measured).  Because interpolation is linear, it is folded into the CMF weights, so a
batch of N spectra is still one matrix product ``intensities @ weights``.  (colour-science
instead extends a short spectrum with its constant edge values and interpolates with
Sprague; both agree for spectra on the integer-nm grid that cover 360-780 nm.)

Scale: a spectrum whose product with the CMFs overflows or underflows double precision
(e.g. intensities near 1e300) is normalised to its maximum before the sum; the
chromaticity never depends on the scale.
"""

from __future__ import annotations

import itertools
import os
from functools import lru_cache

import numpy as np

from peled.errors import ParameterError, SpectrumError
from peled.spectra import DEFAULT_GRID_NM, Spectrum

__all__ = [
    "K_M_LM_PER_W",
    "METHODS",
    "OBSERVERS",
    "TABULATED_STEPS_NM",
    "XYZ_batch",
    "XYZ_to_xy",
    "cmfs",
    "observer_name",
    "photopic_efficiency",
    "spectral_locus_xy",
    "spectrum_to_XYZ",
    "tabulated_step",
    "tristimulus_weights",
    "uv_prime",
    "uv_prime_to_xy",
    "xy",
    "xy_batch",
    "xy_to_uv_prime",
]

#: Maximum luminous efficacy of photopic vision, K_m = 683 lm/W (CIE 015:2018 sec. 7.1;
#: the 540 THz definition of the candela, SI Brochure 9th ed. 2019, gives 683.002).
K_M_LM_PER_W: float = 683.0

#: peled observer keys -> colour-science dataset names.
OBSERVERS: dict[str, str] = {
    "1931": "CIE 1931 2 Degree Standard Observer",
    "1964": "CIE 1964 10 Degree Standard Observer",
}

#: Tristimulus integration methods and their wavelength ranges in nm (see module docstring).
METHODS: dict[str, tuple[int, int]] = {
    "ASTM E308": (360, 780),  # ASTM E308-15 practice range, colour.sd_to_XYZ default
    "Integration": (360, 830),  # full CIE 015:2018 CMF range
}

_CMF_START_NM = 360
_CMF_END_NM = 830


def observer_name(observer: str | int = "1931") -> str:
    """Return the colour-science name of ``observer`` ("1931" = 2 deg, "1964" = 10 deg).

    Parameters
    ----------
    observer : str or int, default "1931"
        A key of :data:`OBSERVERS` (``"1931"``, ``"1964"``, or the year as an int) or a
        colour-science observer name.

    Returns
    -------
    str
        The colour-science dataset name of the observer.

    Raises
    ------
    peled.errors.ParameterError
        If the observer is unknown.

    Examples
    --------
    >>> observer_name(1964)
    'CIE 1964 10 Degree Standard Observer'
    """
    key = str(observer).strip()
    if key in OBSERVERS:
        return OBSERVERS[key]
    if key in OBSERVERS.values():
        return key
    raise ParameterError(
        f"observer must be one of {', '.join(OBSERVERS)} (CIE 1931 2 deg, CIE 1964 10 deg), "
        f"got {observer!r}"
    )


def _observer_key(observer: str | int) -> str:
    name = observer_name(observer)
    return next(k for k, v in OBSERVERS.items() if v == name)


def _check_method(method: str) -> tuple[int, int]:
    try:
        return METHODS[method]
    except KeyError:
        raise ParameterError(
            f"method must be one of {', '.join(repr(m) for m in METHODS)}, got {method!r}"
        ) from None


@lru_cache(maxsize=8)
def _cmf_table(observer: str) -> np.ndarray:
    """(471, 3) CMF values of colour-science on the integer grid 360..830 nm.

    Read from the table generated from colour-science (:mod:`peled.color._cie`), so the
    common case needs no ``import colour``.
    """
    from peled.color._cie import cmf_table  # lazy: the CIE tables are read on first use

    return cmf_table(observer)


def cmfs(observer: str | int = "1931", wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """CIE colour-matching functions xbar, ybar, zbar at ``wavelength_nm`` -> (M, 3).

    Observer "1931" is the CIE 1931 2 deg standard observer, "1964" the CIE 1964 10 deg
    standard observer (CIE 015:2018, Tables 1-2, as tabulated in colour-science
    ``colour.MSDS_CMFS``).  Between the tabulated 1-nm values colour-science's own
    interpolator (Sprague 1880) is used; outside 360-830 nm the CMFs are zero.

    Parameters
    ----------
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    wavelength_nm : array_like, default 360..830 nm in 1-nm steps
        Finite 1-D wavelengths in nm (any order).

    Returns
    -------
    numpy.ndarray
        xbar, ybar, zbar (dimensionless), shape (M, 3).

    Raises
    ------
    peled.errors.ParameterError
        If the observer is unknown or the wavelengths are not a finite 1-D array.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    Tables 1-2.

    Examples
    --------
    >>> cmfs("1931", [555.0]).round(4).tolist()
    [[0.5121, 1.0, 0.0057]]
    """
    observer_name(observer)  # validates the observer
    wl = np.asarray(wavelength_nm, dtype=float)
    if wl.ndim != 1 or not np.all(np.isfinite(wl)):
        raise ParameterError("wavelength_nm must be a finite 1-D array")
    table = _cmf_table(_observer_key(observer))
    out = np.zeros((wl.size, 3))
    inside = (wl >= _CMF_START_NM) & (wl <= _CMF_END_NM)
    on_grid = inside & (wl == np.round(wl))
    out[on_grid] = table[(wl[on_grid] - _CMF_START_NM).astype(int)]
    off = inside & ~on_grid
    if off.any():  # colour-science's Sprague interpolation, without importing colour
        from peled.color._cie import sprague  # lazy: the CIE tables are read on first use

        out[off] = sprague(table, wl[off])
    return out


def photopic_efficiency(wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """CIE 1924 photopic luminous efficiency V(lambda) at ``wavelength_nm``.

    From colour-science ``SDS_LEFS_PHOTOPIC["CIE 1924 Photopic Standard Observer"]``
    (CIE 015:2018; CIE 018:2019); Sprague interpolation between the 1-nm values and zero
    outside 360-830 nm (the convention of ``colour.luminous_efficiency``).

    Parameters
    ----------
    wavelength_nm : array_like, default 360..830 nm in 1-nm steps
        Finite wavelengths in nm (any shape).

    Returns
    -------
    numpy.ndarray
        V(lambda) in [0, 1], same shape as ``wavelength_nm``.

    Raises
    ------
    peled.errors.ParameterError
        If a wavelength is not finite.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    sec. 6 (photopic observer, CIE 1924).

    Examples
    --------
    >>> photopic_efficiency([555.0, 510.0]).round(3).tolist()
    [1.0, 0.503]
    """
    from peled.color._cie import lef_table  # lazy: the CIE tables are read on first use

    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    if not np.all(np.isfinite(wl)):
        raise ParameterError("wavelength_nm must be finite")
    out = np.zeros(wl.shape)
    inside = (wl >= _CMF_START_NM) & (wl <= _CMF_END_NM)
    on_grid = inside & (wl == np.round(wl))
    out[on_grid] = lef_table()[(wl[on_grid] - _CMF_START_NM).astype(int)]
    off = inside & ~on_grid
    if off.any():  # colour-science's Sprague interpolation, without importing colour
        from peled.color._cie import sprague  # lazy: the CIE tables are read on first use

        out[off] = sprague(lef_table(), wl[off])
    return out.reshape(np.shape(wavelength_nm))


#: Uniform grid steps (nm) integrated by colour-science's ASTM E308 path (the intervals
#: ASTM E308-15 defines) instead of linear interpolation to 1 nm.
TABULATED_STEPS_NM: tuple[float, ...] = (5.0, 10.0, 20.0)


def tabulated_step(wavelength_nm) -> float | None:
    """The uniform step of a CIE/ASTM tabulated grid (5, 10 or 20 nm), else None.

    Parameters
    ----------
    wavelength_nm : array_like
        Increasing wavelengths in nm.

    Returns
    -------
    float or None
        The step in nm when every step equals one of :data:`TABULATED_STEPS_NM`
        (within 1e-9 nm) and the grid starts on a multiple of 5 nm, the sampling of the
        CIE 015 / ASTM E308 tables; else None (finely, irregularly or off-table sampled
        spectra, integrated by interpolation to 1 nm).

    Examples
    --------
    >>> tabulated_step(np.arange(380.0, 781.0, 5.0))
    5.0
    >>> tabulated_step(np.arange(380.0, 781.0, 1.0)) is None
    True
    >>> tabulated_step(np.arange(382.0, 781.0, 5.0)) is None  # off the 5-nm table grid
    True
    """
    wl = np.asarray(wavelength_nm, dtype=float)
    if wl.size < 3:
        return None
    d = np.diff(wl)
    step = float(d[0])
    if abs(wl[0] / 5.0 - round(wl[0] / 5.0)) > 1e-9:
        return None
    for s in TABULATED_STEPS_NM:
        if abs(step - s) < 1e-9 and np.all(np.abs(d - s) < 1e-9):
            return s
    return None


def _tabulated_weights(wl: np.ndarray, observer: str, method: str) -> np.ndarray:
    """Weights of colour-science's ``sd_to_XYZ`` for a tabulated grid (module docstring)."""
    import warnings

    import colour

    lo, hi = _check_method(method)
    cm = colour.MSDS_CMFS[OBSERVERS[observer]]
    step = float(wl[1] - wl[0])
    # zero padding on the same grid out to the method's range: an emission spectrum is
    # zero where it was not measured (colour-science would extend the edge values)
    n_lo = int(np.ceil((wl[0] - lo) / step - 1e-9)) if wl[0] > lo else 0
    n_hi = int(np.ceil((hi - wl[-1]) / step - 1e-9)) if wl[-1] < hi else 0
    full = wl[0] + step * np.arange(-n_lo, wl.size + n_hi)
    shape = colour.SpectralShape(float(full[0]), float(full[-1]), step)
    ones = colour.sd_ones(shape)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # colour notes re-alignment of 10/20-nm grids
        for e in np.eye(full.size):
            sd = colour.SpectralDistribution(e, shape.wavelengths)
            rows.append(colour.sd_to_XYZ(sd, cm, ones, k=1.0, method=method))
    weights = np.asarray(rows, dtype=float)
    # absolute scale: a flat spectrum has Y = K_m sum ybar (1 nm, the method's range)
    flat_y = K_M_LM_PER_W * float(_cmf_table(observer)[lo - _CMF_START_NM:
                                                       hi - _CMF_START_NM + 1, 1].sum())
    return weights[n_lo:n_lo + wl.size] * (flat_y / weights[:, 1].sum())


@lru_cache(maxsize=32)
def _grid_weights(wl_bytes: bytes, observer: str, method: str) -> np.ndarray:
    """(M, 3) weights W with ``XYZ = intensities @ W`` for spectra sampled at ``wl``.

    ``W = K_m * A^T cmf`` where A is the linear-interpolation matrix from the input grid to
    the integer-nm grid of the method's range (rectangle rule, dlambda = 1 nm).
    """
    wl = np.frombuffer(wl_bytes, dtype=float)
    lo, hi = _check_method(method)
    if tabulated_step(wl) is not None:
        weights = _tabulated_weights(wl, observer, method)
        weights.setflags(write=False)
        return weights
    table = _cmf_table(observer)[lo - _CMF_START_NM : hi - _CMF_START_NM + 1]
    target = np.arange(lo, hi + 1, dtype=float)
    weights = np.zeros((wl.size, 3))
    is_integer = np.all(wl == np.round(wl))
    if is_integer and wl.size > 1 and np.all(np.diff(wl) == 1.0):
        # Common case (1-nm grid): weights are the CMF rows themselves.
        sel = (wl >= lo) & (wl <= hi)
        weights[sel] = table[(wl[sel] - lo).astype(int)]
    else:
        keep = (target >= wl[0]) & (target <= wl[-1])
        g = target[keep]
        rows = table[keep]
        j = np.clip(np.searchsorted(wl, g, side="right") - 1, 0, wl.size - 2)
        t = (g - wl[j]) / (wl[j + 1] - wl[j])
        np.add.at(weights, j, (1.0 - t)[:, None] * rows)
        np.add.at(weights, j + 1, t[:, None] * rows)
    weights *= K_M_LM_PER_W
    weights.setflags(write=False)
    return weights


def _validated_grid(wavelength_nm) -> np.ndarray:
    wl = np.ascontiguousarray(wavelength_nm, dtype=float)
    if wl.ndim != 1 or wl.size < 2:
        raise ParameterError(f"wavelength_nm must be a 1-D array of >= 2 points, got {wl.shape}")
    if not np.all(np.isfinite(wl)) or np.any(np.diff(wl) <= 0):
        raise ParameterError("wavelength_nm must be finite and strictly increasing")
    return wl


def tristimulus_weights(
    wavelength_nm=DEFAULT_GRID_NM, observer: str | int = "1931", method: str = "ASTM E308"
) -> np.ndarray:
    """(M, 3) matrix W such that ``XYZ = intensities @ W`` (see the module docstring).

    Parameters
    ----------
    wavelength_nm : array_like
        Strictly increasing wavelengths in nm (at least 2 points).
        Default: 360..830 nm in 1-nm steps.
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        Read-only weights in lm/W per nm sample, shape (M, 3) (``K_m xbar dlambda`` etc.).

    Raises
    ------
    peled.errors.ParameterError
        If the grid, observer or method is invalid.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqns (7.1)-(7.3).

    Examples
    --------
    On the 1-nm grid the weights are 683 lm/W times the CMFs: ybar(555 nm) = 1.

    >>> float(tristimulus_weights()[555 - 360, 1])
    683.0
    """
    wl = _validated_grid(wavelength_nm)
    return _grid_weights(wl.tobytes(), _observer_key(observer), method)


def XYZ_batch(
    wavelength_nm,
    intensities,
    observer: str | int = "1931",
    method: str = "ASTM E308",
) -> np.ndarray:
    """Absolute CIE XYZ of N emission spectra sharing one wavelength grid -> (N, 3).

    ``XYZ = K_m sum_lambda S(lambda) [xbar, ybar, zbar](lambda) dlambda`` with K_m = 683 lm/W
    (CIE 015:2018 eq. 7.1-7.3 with k = K_m).  ``intensities`` has shape (N, M) (or (M,),
    giving (3,)).  Equal to ``colour.sd_to_XYZ(sd, k=683)`` for each row of a 1-nm spectrum
    (default ``method="ASTM E308"``, 360-780 nm); see the module docstring for other grids.
    ``intensities`` is not scanned for NaN/negative values (that would double the memory
    traffic of the batch path); validate with :class:`peled.spectra.Spectrum` if needed.
    A batch of more than 1 MiB is multiplied in ~1 MiB row blocks, read in place (no
    copy of ``intensities``), on all usable cores; the environment variables
    ``PELED_NUM_THREADS``, ``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS`` and
    ``MKL_NUM_THREADS`` cap the number of threads (the smallest wins).

    Parameters
    ----------
    wavelength_nm : array_like
        Strictly increasing wavelengths in nm (at least 2 points).
    intensities : array_like
        Spectral intensities, shape (N, M) or (M,), e.g. radiance in W sr^-1 m^-2 nm^-1.
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        X, Y, Z, shape (N, 3) (or (3,)); Y in cd/m^2 for a spectral radiance.

    Raises
    ------
    peled.errors.ParameterError
        If the grid is invalid or the shapes do not match.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    sec. 7.1, eqns (7.1)-(7.3).

    Examples
    --------
    >>> import numpy as np
    >>> wl = np.arange(360.0, 831.0)
    >>> XYZ_batch(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2)).round(2).tolist()
    [1161.31, 10073.63, 1352.25]
    """
    wl = _validated_grid(wavelength_nm)
    y = np.asarray(intensities, dtype=float)
    if y.ndim not in (1, 2) or y.shape[-1] != wl.size:
        raise ParameterError(
            f"intensities must have shape (N, {wl.size}) to match wavelength_nm, got {y.shape}"
        )
    XYZ, scale, _ = _scaled_XYZ(y, tristimulus_weights(wl, observer, method))
    if scale is not None:
        with np.errstate(over="ignore"):
            XYZ *= scale[..., None]
    return np.ascontiguousarray(XYZ)


#: Rows whose |X + Y + Z| falls below this (or is not finite) are recomputed from the
#: spectrum normalised to its maximum: their products with the weights under- or
#: overflowed, or the spectrum is zero.  3e-250 keeps > 50 decades above the subnormal
#: range (2.2e-308), where a sum of 471 products loses no digits.
_TINY_TOTAL = 3e-250


def _scaled_XYZ(
    y: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """``(XYZ of y / scale, scale, X + Y + Z)``.

    ``scale`` is None when every row is in range; else it is 1 except for rows whose sum
    over- or underflows (or is zero), which are normalised to their maximum |value|
    first.  ``X + Y + Z`` (of the returned XYZ) is computed once here, column by column
    (a reduction over a length-3 axis is ~10x slower in NumPy), and reused for xy.
    """
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        XYZ = _apply_weights(y, weights)  # a new array, owned here
        total = XYZ[..., 0] + XYZ[..., 1]
        total += XYZ[..., 2]
    mag = np.abs(total)
    # NaN compares False: it is "not in range" as well
    bad = ~((mag >= _TINY_TOTAL) & (mag <= np.finfo(float).max))
    if not np.any(bad):
        return XYZ, None, total
    scale = np.ones(XYZ.shape[:-1])
    y2 = np.atleast_2d(y)
    bad2 = np.atleast_1d(bad)
    m = np.max(np.abs(y2[bad2]), axis=-1)
    m = np.where(np.isfinite(m) & (m > 0), m, 1.0)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        fixed = _apply_weights(y2[bad2] / m[:, None], weights)
        fixed_total = fixed[:, 0] + fixed[:, 1] + fixed[:, 2]
    if XYZ.ndim == 1:
        return fixed[0], np.asarray(m[0]), np.asarray(fixed_total[0])
    XYZ[bad2] = fixed
    scale[bad2] = m
    total[bad2] = fixed_total
    return XYZ, scale, total


#: Row-block size of the batch product in bytes.  1 MiB keeps every per-block GEMM at
#: rows * M * 3 = 3 * 2**17 ~ 3.9e5 multiply-adds whatever the grid size M: below the
#: 2 * 65536 * 4 = 5.2e5 at which OpenBLAS starts its own threads inside one call
#: (SMP_THRESHOLD_MIN * GEMM_MULTITHREAD_THRESHOLD, OpenBLAS interface/gemm.c), whose
#: busy-waiting would oversubscribe the cores together with the row-block threads; and
#: half the 2 MiB L2 cache of a current x86 server core.
_BLOCK_BYTES = 1 << 20

#: NumPy releases the GIL around a matmul only when its output has more than 500
#: elements (``NPY_BEGIN_THREADS_THRESHOLDED`` in the ufunc loop); blocks of fewer rows
#: (grids of > 784 points) are multiplied on one thread, as threads would take turns.
_GIL_FREE_OUTPUTS = 500

#: Environment variables that cap the number of compute threads (set to 1 by Dask's
#: nanny in worker processes, or by a user limiting BLAS threads); the smallest wins.
_THREAD_LIMIT_ENV = ("PELED_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                     "MKL_NUM_THREADS")


def _n_threads() -> int:
    """Threads for the row-block product: usable CPUs, capped by the environment."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        n = os.cpu_count() or 1
    for var in _THREAD_LIMIT_ENV:
        value = os.environ.get(var, "").strip()
        if value.isdigit() and int(value) >= 1:
            n = min(n, int(value))
    return max(1, n)


def _apply_weights(y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``y @ weights`` restricted to the columns with non-zero weight, in row blocks.

    One (N, M) @ (M, 3) GEMM is slow in OpenBLAS for N >> M: with 3 output columns its
    kernel runs mostly empty, its packing reads many short rows at once, and above
    ~5e5 multiply-adds it spreads the call over threads that busy-wait on a loaded
    machine.  Here the rows are cut into ~1 MiB blocks and each block is multiplied
    straight from the input (a view, no copy) as ``weights.T @ block.T`` -- the
    orientation in which the long axis of the block is the GEMM's M dimension, ~20%
    faster -- into its columns of a (3, N) output.  Only a layout the BLAS cannot read
    (neither axis contiguous) is first copied block by block into a per-thread buffer.
    Blocks are handed out dynamically to up to :func:`_n_threads` threads (the caller's
    thread included); NumPy releases the GIL inside each matmul and each call stays on
    one OpenBLAS thread, so the cores read disjoint row blocks in parallel.

    Returns the (N, 3) result (a transposed view of the (3, N) output, so each of X, Y,
    Z is contiguous); extra memory is that output plus at most one block per thread.
    Every row is the same length-M dot product as in ``y @ weights`` up to rounding
    order.
    """
    nz = np.flatnonzero(np.any(weights != 0.0, axis=1))
    if nz.size == 0:
        return np.zeros((*y.shape[:-1], 3))
    lo, hi = int(nz[0]), int(nz[-1]) + 1
    if y.ndim == 1 or y.nbytes <= _BLOCK_BYTES:
        return y[..., lo:hi] @ weights[lo:hi]
    wT = np.ascontiguousarray(weights[lo:hi].T)
    n, m = y.shape
    x = y[:, lo:hi]
    item = x.itemsize
    blasable = x.strides[1] == item or x.strides[0] == item  # C- or F-like rows
    rows = max(1, _BLOCK_BYTES // (item * m))
    n_blocks = -(-n // rows)
    # threads only for >= 4 blocks per thread (starting one costs ~0.1 ms, a block ~0.1 ms)
    n_threads = min(_n_threads(), n_blocks // 4) if 3 * rows > _GIL_FREE_OUTPUTS else 1
    out = np.empty((3, n))
    next_block = itertools.count().__next__  # atomic under the GIL: dynamic scheduling

    def work() -> None:
        buf = None if blasable else np.empty((rows, hi - lo))
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):  # per thread
            while (i := next_block() * rows) < n:
                block = x[i : i + rows]
                if buf is not None:
                    block = buf[: block.shape[0]]
                    np.copyto(block, x[i : i + rows])
                np.matmul(wT, block.T, out=out[:, i : i + rows])

    if n_threads <= 1:
        work()
    else:
        # lazy: concurrent.futures imports logging (tens of ms), needed for big batches only
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(n_threads - 1, thread_name_prefix="peled-xyz") as pool:
            helpers = [pool.submit(work) for _ in range(n_threads - 1)]
            work()
            for f in helpers:
                f.result()
    return out.T


def XYZ_to_xy(XYZ) -> np.ndarray:
    """Chromaticity ``x = X / (X + Y + Z)``, ``y = Y / (X + Y + Z)``.

    Parameters
    ----------
    XYZ : array_like
        Tristimulus values, last axis of length 3 (any scale).

    Returns
    -------
    numpy.ndarray
        x, y with the leading shape of ``XYZ``; NaN where X + Y + Z = 0.

    Raises
    ------
    peled.errors.ParameterError
        If the last axis is not of length 3.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqn (7.4).

    Examples
    --------
    >>> XYZ_to_xy([1161.31, 10073.63, 1352.25]).round(4).tolist()
    [0.0923, 0.8003]
    """
    XYZ = np.asarray(XYZ, dtype=float)
    if XYZ.shape[-1:] != (3,):
        raise ParameterError(f"XYZ must have a last axis of length 3, got shape {XYZ.shape}")
    # column-wise arithmetic: a reduction over a length-3 axis is ~10x slower in NumPy
    return _xy_of(XYZ, XYZ[..., 0] + XYZ[..., 1] + XYZ[..., 2])


def _xy_of(XYZ: np.ndarray, total: np.ndarray) -> np.ndarray:
    """``(X / total, Y / total)`` stacked on a last axis of length 2 (NaN for 0 / 0)."""
    out = np.empty((*XYZ.shape[:-1], 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        np.divide(XYZ[..., 0], total, out=out[..., 0])
        np.divide(XYZ[..., 1], total, out=out[..., 1])
    return out


def xy_batch(
    wavelength_nm,
    intensities,
    observer: str | int = "1931",
    method: str = "ASTM E308",
) -> np.ndarray:
    """CIE xy chromaticities of N spectra -> (N, 2); matches colour.XYZ_to_xy(sd_to_XYZ(sd)).

    A spectrum that is zero everywhere gives NaN (its chromaticity is undefined).
    Large batches run on all usable cores without copying ``intensities`` (see
    :func:`XYZ_batch` for the thread limits).
    Chromaticities do not depend on the scale of a spectrum, also near the limits of
    double precision (see the module docstring).

    Parameters
    ----------
    wavelength_nm : array_like
        Strictly increasing wavelengths in nm (at least 2 points).
    intensities : array_like
        Spectral intensities (any unit), shape (N, M) or (M,).
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        CIE x, y, shape (N, 2) (or (2,)).

    Raises
    ------
    peled.errors.ParameterError
        If the grid is invalid or the shapes do not match.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqns (7.1)-(7.4).

    Examples
    --------
    An equal-energy spectrum sits at the white point E:

    >>> import numpy as np
    >>> wl = np.arange(360.0, 831.0)
    >>> xy_batch(wl, np.ones((2, wl.size))).round(4).tolist()
    [[0.3333, 0.3333], [0.3333, 0.3333]]
    """
    wl = _validated_grid(wavelength_nm)
    y = np.asarray(intensities, dtype=float)
    if y.ndim not in (1, 2) or y.shape[-1] != wl.size:
        raise ParameterError(
            f"intensities must have shape (N, {wl.size}) to match wavelength_nm, got {y.shape}"
        )
    XYZ, _, total = _scaled_XYZ(y, tristimulus_weights(wl, observer, method))
    return _xy_of(XYZ, total)


def _require_spectrum(spectrum) -> Spectrum:
    if not isinstance(spectrum, Spectrum):
        raise ParameterError(f"expected a peled.spectra.Spectrum, got {type(spectrum).__name__}")
    return spectrum


def spectrum_to_XYZ(
    spectrum: Spectrum, observer: str | int = "1931", method: str = "ASTM E308"
) -> np.ndarray:
    """Absolute CIE XYZ of an emission spectrum (no illuminant) -> (3,).

    Normalisation k = K_m = 683 lm/W (CIE 015:2018 sec. 7.1): if ``spectrum`` is a spectral
    radiance in W sr^-1 m^-2 nm^-1, Y is the luminance in cd/m^2 (1931 observer).  Equal to
    ``colour.sd_to_XYZ(spectrum.to_sd(), k=683)`` for a 1-nm spectrum covering 360-780 nm.

    Parameters
    ----------
    spectrum : peled.spectra.Spectrum
        The emission spectrum (e.g. spectral radiance in W sr^-1 m^-2 nm^-1).
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        X, Y, Z, shape (3,); Y in cd/m^2 for a spectral radiance.

    Raises
    ------
    peled.errors.ParameterError
        If ``spectrum`` is not a Spectrum or the observer/method is unknown.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    sec. 7.1.

    Examples
    --------
    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(360.0, 831.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2), name="green")
    >>> spectrum_to_XYZ(green).round(2).tolist()
    [1161.31, 10073.63, 1352.25]
    """
    s = _require_spectrum(spectrum)
    return XYZ_batch(s.wavelength_nm, s.intensity, observer, method)


def xy(spectrum: Spectrum, observer: str | int = "1931", method: str = "ASTM E308") -> np.ndarray:
    """CIE xy chromaticity of ``spectrum`` -> (2,) (CIE 015:2018 eq. 7.4).

    The result does not depend on the scale of the spectrum (normalised when needed).

    Parameters
    ----------
    spectrum : peled.spectra.Spectrum
        The emission spectrum (any intensity unit).
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        CIE x, y, shape (2,).

    Raises
    ------
    peled.errors.SpectrumError
        If the spectrum has no intensity inside the CMF range.
    peled.errors.ParameterError
        If ``spectrum`` is not a Spectrum or the observer/method is unknown.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqn (7.4).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(360.0, 831.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2), name="green")
    >>> xy(green).round(4).tolist()
    [0.0923, 0.8003]
    """
    s = _require_spectrum(spectrum)
    XYZ, _, total = _scaled_XYZ(s.intensity,
                                tristimulus_weights(s.wavelength_nm, observer, method))
    if not total > 0:
        raise SpectrumError(
            f"{spectrum.name}: no intensity inside the {method} summation range "
            f"{METHODS[method][0]}-{METHODS[method][1]} nm, chromaticity undefined"
            + (" (method 'Integration' sums over the full CIE range 360-830 nm)"
               if METHODS[method][1] < 830 else "")
        )
    return _xy_of(XYZ, total)


def xy_to_uv_prime(xy) -> np.ndarray:
    """CIE 1976 UCS ``u' = 4x / (-2x + 12y + 3)``, ``v' = 9y / (-2x + 12y + 3)``.

    Broadcasts over leading axes (last axis = (x, y)).

    Parameters
    ----------
    xy : array_like
        CIE 1931 (or 1964) chromaticities, last axis of length 2.

    Returns
    -------
    numpy.ndarray
        u', v', same shape as ``xy``.

    Raises
    ------
    peled.errors.ParameterError
        If the last axis is not of length 2.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqns (8.5)-(8.6).

    Examples
    --------
    >>> xy_to_uv_prime([1 / 3, 1 / 3]).round(4).tolist()  # (4/19, 9/19)
    [0.2105, 0.4737]
    """
    a = np.asarray(xy, dtype=float)
    if a.shape[-1:] != (2,):
        raise ParameterError(f"xy must have a last axis of length 2, got shape {a.shape}")
    x, y_ = a[..., 0], a[..., 1]
    d = -2.0 * x + 12.0 * y_ + 3.0
    return np.stack([4.0 * x / d, 9.0 * y_ / d], axis=-1)


def uv_prime_to_xy(uv) -> np.ndarray:
    """Inverse of :func:`xy_to_uv_prime`: ``x = 9u' / (6u' - 16v' + 12)``, ``y = 4v' / (...)``.

    Broadcasts over leading axes.

    Parameters
    ----------
    uv : array_like
        CIE 1976 u', v' chromaticities, last axis of length 2.

    Returns
    -------
    numpy.ndarray
        x, y, same shape as ``uv``.

    Raises
    ------
    peled.errors.ParameterError
        If the last axis is not of length 2.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqns (8.5)-(8.6) solved for x, y.

    Examples
    --------
    >>> uv_prime_to_xy(xy_to_uv_prime([0.3127, 0.3290])).round(4).tolist()
    [0.3127, 0.329]
    """
    a = np.asarray(uv, dtype=float)
    if a.shape[-1:] != (2,):
        raise ParameterError(f"uv must have a last axis of length 2, got shape {a.shape}")
    u, v = a[..., 0], a[..., 1]
    d = 6.0 * u - 16.0 * v + 12.0
    return np.stack([9.0 * u / d, 4.0 * v / d], axis=-1)


def uv_prime(
    spectrum: Spectrum, observer: str | int = "1931", method: str = "ASTM E308"
) -> np.ndarray:
    """CIE 1976 u'v' chromaticity of ``spectrum`` -> (2,).

    Parameters
    ----------
    spectrum : peled.spectra.Spectrum
        The emission spectrum (any intensity unit).
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.
    method : {"ASTM E308", "Integration"}, default "ASTM E308"
        Summation range 360-780 nm (ASTM E308-15) or 360-830 nm (module docstring).

    Returns
    -------
    numpy.ndarray
        u', v', shape (2,).

    Raises
    ------
    peled.errors.SpectrumError
        If the spectrum has no intensity inside the CMF range.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    eqns (8.5)-(8.6).

    Examples
    --------
    >>> import numpy as np
    >>> from peled.spectra import Spectrum
    >>> wl = np.arange(360.0, 831.0)
    >>> green = Spectrum(wl, np.exp(-0.5 * ((wl - 520.0) / 8.5) ** 2), name="green")
    >>> uv_prime(green).round(4).tolist()
    [0.0297, 0.58]
    """
    return xy_to_uv_prime(xy(spectrum, observer, method))


def spectral_locus_xy(wavelength_nm, observer: str | int = "1931") -> np.ndarray:
    """xy of monochromatic light at ``wavelength_nm`` (the spectral locus), shape (..., 2).

    ``x = xbar / (xbar + ybar + zbar)`` etc. from :func:`cmfs`.

    Parameters
    ----------
    wavelength_nm : array_like
        Wavelengths in nm, any shape (360-830 nm; outside, the CMFs are zero and the
        result is NaN).
    observer : {"1931", "1964"} or int, default "1931"
        CIE 1931 2 deg or CIE 1964 10 deg standard observer.

    Returns
    -------
    numpy.ndarray
        x, y, shape ``(*wavelength_nm.shape, 2)``.

    Raises
    ------
    peled.errors.ParameterError
        If the observer is unknown or a wavelength is not finite.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed., Commission Internationale de l'Eclairage (2018),
    sec. 7.3.

    Examples
    --------
    >>> spectral_locus_xy([520.0]).round(4).tolist()
    [[0.0743, 0.8338]]
    """
    wl = np.asarray(wavelength_nm, dtype=float)
    return XYZ_to_xy(cmfs(observer, wl.reshape(-1))).reshape(*wl.shape, 2)
