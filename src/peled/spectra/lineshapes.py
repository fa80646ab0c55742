"""Emission line shapes parameterised by peak wavelength and FWHM.

Every shape has unit height at ``peak_nm`` and its half-maximum crossings exactly
``fwhm_nm`` apart *in wavelength*, so that a spectrum made from (peak, FWHM) and
analysed by :func:`peled.spectra.peak_wavelength` / :func:`peled.spectra.fwhm` returns
the same numbers.  All functions broadcast: ``peak_nm`` and ``fwhm_nm`` of shape
``(N,)`` give an ``(N, M)`` array on an ``M``-point grid.

Physical background: perovskite PL/EL lines are close to Gaussian in photon
energy (inhomogeneous broadening; e.g. Protesescu et al., Nano Lett. 15, 3692,
2015, and the FWHM discussion of Jang et al. (2025) sec. 2), with a weak low-energy tail
from phonon sidebands / self-absorption, which :func:`asymmetric` models.
"""

from __future__ import annotations

import numpy as np

from peled import constants  # exact SI values, no scipy import
from peled.errors import ParameterError
from peled.spectra.spectrum import DEFAULT_GRID_NM, Spectrum
from peled.validation import fraction_array, positive_array

__all__ = [
    "HC_EV_NM",
    "SHAPES",
    "asymmetric",
    "gaussian",
    "gaussian_energy",
    "line_shape",
    "line_spectrum",
    "lorentzian",
    "model_grid_nm",
    "voigt",
]

#: h c / e in eV nm (CODATA via scipy.constants): E[eV] = HC_EV_NM / lambda[nm].
HC_EV_NM: float = constants.h * constants.c / constants.e * 1e9

SHAPES = ("gaussian", "gaussian-energy", "lorentzian", "voigt", "asymmetric")


def _prepare(peak_nm, fwhm_nm, wavelength_nm):
    peak = positive_array("peak_nm", peak_nm)
    width = positive_array("fwhm_nm", fwhm_nm)
    grid = np.asarray(wavelength_nm, dtype=float)
    if np.any(width >= 2 * peak):
        raise ParameterError("fwhm_nm must be smaller than 2 x peak_nm")
    peak, width = np.broadcast_arrays(peak, width)
    return peak[..., None], width[..., None], grid


def gaussian(peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """Gaussian in wavelength: ``exp(-4 ln2 (lambda - peak)^2 / FWHM^2)``.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid; shape ``broadcast(peak, fwhm).shape + grid.shape``.

    Examples
    --------
    >>> import numpy as np
    >>> gaussian(520.0, 20.0, np.array([510.0, 520.0, 530.0])).round(4).tolist()
    [0.5, 1.0, 0.5]
    """
    p, w, grid = _prepare(peak_nm, fwhm_nm, wavelength_nm)
    return np.exp(-4.0 * np.log(2.0) * ((grid - p) / w) ** 2)


def lorentzian(peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """Lorentzian in wavelength: ``1 / (1 + (2 (lambda - peak) / FWHM)^2)``.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid; shape ``broadcast(peak, fwhm).shape + grid.shape``.

    Examples
    --------
    >>> import numpy as np
    >>> lorentzian(520.0, 20.0, np.array([500.0, 510.0, 520.0])).round(4).tolist()
    [0.2, 0.5, 1.0]
    """
    p, w, grid = _prepare(peak_nm, fwhm_nm, wavelength_nm)
    return 1.0 / (1.0 + (2.0 * (grid - p) / w) ** 2)


def voigt(peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM, eta=0.5) -> np.ndarray:
    """Pseudo-Voigt ``eta L + (1 - eta) G`` with common peak and FWHM.

    Thompson, Cox & Hastings, J. Appl. Cryst. 20, 79 (1987).  Because both
    components share height and FWHM, the mixture has exactly that FWHM.
    ``eta`` in [0, 1] is the Lorentzian fraction.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).
    eta : float, optional
        Lorentzian fraction, [0, 1].

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid; shape ``broadcast(peak, fwhm).shape + grid.shape``.

    References
    ----------
    Thompson, Cox & Hastings, J. Appl. Cryst. 20, 79 (1987).

    Examples
    --------
    >>> import numpy as np
    >>> voigt(520.0, 20.0, np.array([510.0, 520.0, 540.0])).round(4).tolist()
    [0.5, 1.0, 0.1312]
    """
    eta_a = fraction_array("eta", eta)
    eta_a = eta_a[..., None] if eta_a.ndim else eta_a
    return eta_a * lorentzian(peak_nm, fwhm_nm, wavelength_nm) + (1.0 - eta_a) * gaussian(
        peak_nm, fwhm_nm, wavelength_nm
    )


def _energy_half_widths(p, w, a):
    """High-energy half width h (eV) such that the crossings are ``w`` nm apart.

    Crossings at E0 + h and E0 - a h, with E0 = hc/p, must satisfy
    hc/(E0 - a h) - hc/(E0 + h) = w, i.e. the quadratic
    ``w a h^2 + (hc (1 + a) - w E0 (1 - a)) h - w E0^2 = 0`` (positive root).
    """
    e0 = HC_EV_NM / p
    qa = w * a
    qb = HC_EV_NM * (1.0 + a) - w * e0 * (1.0 - a)
    qc = -w * e0**2
    root = np.sqrt(qb**2 - 4.0 * qa * qc)
    # the form without cancellation: -2 qc / (qb + root) when qb > 0 (a 1e-6 nm line
    # would otherwise give h = 0), the textbook form otherwise (Press et al., Numerical
    # Recipes, 3rd ed. (2007), eqn 5.6.4)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(qb > 0, -2.0 * qc / (qb + root), (-qb + root) / (2.0 * qa))
    return e0, h


def asymmetric(peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM, asymmetry=1.5) -> np.ndarray:
    """Split Gaussian in photon energy with a wider low-energy (red) side.

    ``asymmetry`` = low-energy half width / high-energy half width (>= 1 gives a
    low-energy tail; 1 is :func:`gaussian_energy`).  The two half Gaussians are
    joined at the peak (continuous, unit height); widths are solved so that the
    half-maximum crossings are ``fwhm_nm`` apart in wavelength.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).
    asymmetry : float, optional
        Low-energy / high-energy half width in energy (>= 1).

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid; shape ``broadcast(peak, fwhm).shape + grid.shape``.

    Examples
    --------
    >>> from peled.spectra import Spectrum, fwhm, peak_wavelength
    >>> import numpy as np
    >>> grid = np.arange(400.0, 700.0, 0.05)
    >>> s = Spectrum(grid, asymmetric(520.0, 20.0, grid, asymmetry=1.3))
    >>> round(peak_wavelength(s), 2), round(fwhm(s), 2)
    (520.01, 20.0)
    """
    a = np.asarray(asymmetry, dtype=float)
    if np.any(a <= 0) or not np.all(np.isfinite(a)):
        raise ParameterError(f"asymmetry must be > 0, got {asymmetry!r}")
    p, w, grid = _prepare(peak_nm, fwhm_nm, wavelength_nm)
    a = a[..., None] if a.ndim else a
    e0, h = _energy_half_widths(p, w, a)
    e = HC_EV_NM / grid
    half = np.where(e >= e0, h, a * h)
    return np.exp(-np.log(2.0) * ((e - e0) / half) ** 2)


def gaussian_energy(peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """Gaussian in photon energy E = hc/lambda, sampled on a wavelength grid.

    The energy width is chosen so that the half-maximum crossings are symmetric
    in energy and exactly ``fwhm_nm`` apart in wavelength.  Values are the
    line shape per unit energy evaluated at each wavelength (no Jacobian), so
    the peak stays at ``peak_nm``.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid; shape ``broadcast(peak, fwhm).shape + grid.shape``.

    Examples
    --------
    >>> from peled.spectra import Spectrum, fwhm
    >>> import numpy as np
    >>> grid = np.arange(400.0, 700.0, 0.05)
    >>> round(fwhm(Spectrum(grid, gaussian_energy(620.0, 30.0, grid))), 2)
    30.0
    """
    return asymmetric(peak_nm, fwhm_nm, wavelength_nm, asymmetry=1.0)


_DISPATCH = {
    "gaussian": gaussian,
    "gaussian-energy": gaussian_energy,
    "lorentzian": lorentzian,
    "voigt": voigt,
    "asymmetric": asymmetric,
}


def line_shape(shape: str, peak_nm, fwhm_nm, wavelength_nm=DEFAULT_GRID_NM, **kwargs) -> np.ndarray:
    """Evaluate the named ``shape`` (one of :data:`SHAPES`); broadcasts like the shapes.

    Parameters
    ----------
    shape : str
        One of :data:`SHAPES`.
    peak_nm : array_like
        Peak wavelength, nm (> 0).
    fwhm_nm : array_like
        Full width at half maximum, nm (> 0).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default 360-830 nm in 1 nm steps).
    **kwargs
        Shape options (``eta`` of :func:`voigt`, ``asymmetry`` of :func:`asymmetric`).

    Returns
    -------
    numpy.ndarray
        Unit-height line shape on the grid.

    Raises
    ------
    ParameterError
        For an unknown shape.

    Examples
    --------
    >>> import numpy as np
    >>> line_shape("lorentzian", 520.0, 20.0, np.array([510.0])).round(4).tolist()
    [0.5]
    """
    try:
        fn = _DISPATCH[shape]
    except KeyError:
        raise ParameterError(
            f"unknown line shape {shape!r}; expected one of {', '.join(SHAPES)}"
        ) from None
    return fn(peak_nm, fwhm_nm, wavelength_nm, **kwargs)


def model_grid_nm(peak_nm: float, fwhm_nm: float, grid_nm=DEFAULT_GRID_NM) -> np.ndarray:
    """A wavelength grid that samples a model line finely enough for its width.

    ``grid_nm`` is returned unchanged for lines at least 10 steps wide; a narrower line
    gets, in addition, 801 points spaced FWHM / 20 around its peak (+-20 FWHM, clipped to
    the grid's range), so that its peak, FWHM and colour are those of the model and not
    of the sampling.

    Parameters
    ----------
    peak_nm : float
        Peak wavelength (nm).
    fwhm_nm : float
        Full width at half maximum (nm, > 0).
    grid_nm : array_like
        The base grid (nm, increasing).

    Returns
    -------
    numpy.ndarray
        Increasing wavelengths (nm).

    Examples
    --------
    >>> g = model_grid_nm(532.0, 0.01)
    >>> bool(np.all(np.diff(g) > 0)), float(np.diff(g[(g > 531.99) & (g < 532.01)]).max())
    (True, 0.0005)
    >>> model_grid_nm(532.0, 20.0).size == DEFAULT_GRID_NM.size
    True
    """
    grid = np.asarray(grid_nm, dtype=float)
    step = float(np.max(np.diff(grid)))
    if not fwhm_nm < 10 * step:
        return grid
    fine = peak_nm + fwhm_nm / 20 * np.arange(-400, 401)
    fine = fine[(fine >= grid[0]) & (fine <= grid[-1])]
    out = np.union1d(grid, np.round(fine, 12))
    return out[np.concatenate([[True], np.diff(out) > 0])]


def line_spectrum(
    peak_nm: float,
    fwhm_nm: float,
    shape: str = "gaussian",
    wavelength_nm=DEFAULT_GRID_NM,
    name: str | None = None,
    **kwargs,
) -> Spectrum:
    """A single :class:`Spectrum` of the given shape, peak and FWHM (unit height).

    Parameters
    ----------
    peak_nm : float
        Peak wavelength, nm (> 0).
    fwhm_nm : float
        Full width at half maximum, nm (> 0).
    shape : str, optional
        One of :data:`SHAPES`.
    wavelength_nm : array_like, optional
        Wavelength grid, nm.
    name : str, optional
        Label of the spectrum.
    **kwargs
        Shape options (``eta``, ``asymmetry``).

    Returns
    -------
    Spectrum
        The line as a spectrum of unit height.

    Examples
    --------
    >>> s = line_spectrum(520.0, 20.0)
    >>> float(s.intensity.max()), float(s.wavelength_nm[s.intensity.argmax()])
    (1.0, 520.0)
    """
    y = line_shape(shape, float(peak_nm), float(fwhm_nm), wavelength_nm, **kwargs)
    return Spectrum(np.asarray(wavelength_nm, float), y.reshape(-1),
                    name=name or f"{shape} {peak_nm:g} nm / {fwhm_nm:g} nm")
