"""The :class:`Spectrum` type: an immutable, validated emission spectrum."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.errors import SpectrumError

__all__ = [
    "DARK_LEVELS",
    "DEFAULT_GRID_NM",
    "Spectrum",
]

#: Default wavelength grid of peled: 360-830 nm at 1 nm, the CIE 015:2018 range
#: of the colour-matching functions used for colorimetry.
DEFAULT_GRID_NM: np.ndarray = np.arange(360.0, 831.0, 1.0)
DEFAULT_GRID_NM.setflags(write=False)


def _edges_dark_level(y: np.ndarray) -> float:
    """Median of the outer 5 % of points (at least one) on both ends of ``y``."""
    k = max(1, int(round(0.05 * y.size)))
    return float(np.median(np.concatenate([y[:k], y[-k:]])))


#: Dark-level estimators of the ``baseline=`` names of :meth:`Spectrum.from_raw` and
#: :func:`peled.spectra.read_spectrum`: the minimum, or the median of the two edges
#: (the usual dark-level estimate of a spectrometer trace).
DARK_LEVELS = {"min": lambda y: float(np.min(y)), "edges": _edges_dark_level}


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, eq=False)
class Spectrum:
    """A spectral power distribution sampled at increasing wavelengths.

    Parameters
    ----------
    wavelength_nm
        Strictly increasing, finite, positive wavelengths in nm (at least 3 points).
    intensity
        Finite, non-negative spectral intensity (arbitrary units per nm unless the
        caller states otherwise).  Negative values must be removed first with
        :meth:`Spectrum.from_raw` (baseline removal) or are an error.
    name
        Label used in messages and reports (usually the file name).

    The arrays are copied and made read-only, so a Spectrum never changes.
    """

    wavelength_nm: np.ndarray
    intensity: np.ndarray
    name: str = field(default="spectrum")

    def __post_init__(self) -> None:
        wl = np.asarray(self.wavelength_nm, dtype=float)
        y = np.asarray(self.intensity, dtype=float)
        who = self.name or "spectrum"
        if wl.ndim != 1 or y.ndim != 1 or wl.shape != y.shape:
            raise SpectrumError(
                f"{who}: wavelength and intensity must be 1-D arrays of equal length, "
                f"got shapes {wl.shape} and {y.shape}"
            )
        if wl.size < 3:
            raise SpectrumError(f"{who}: a spectrum needs at least 3 points, got {wl.size}")
        bad = ~np.isfinite(wl) | ~np.isfinite(y)
        if bad.any():
            i = int(np.argmax(bad))
            raise SpectrumError(f"{who}: non-finite value at point {i + 1}")
        if wl[0] <= 0:
            raise SpectrumError(f"{who}: wavelengths must be positive, got {wl[0]:g} nm")
        steps = np.diff(wl)
        if (steps <= 0).any():
            i = int(np.argmax(steps <= 0))
            raise SpectrumError(
                f"{who}: wavelengths must be strictly increasing "
                f"(point {i + 2}: {wl[i + 1]:g} nm after {wl[i]:g} nm)"
            )
        if (y < 0).any():
            i = int(np.argmax(y < 0))
            raise SpectrumError(
                f"{who}: negative intensity {y[i]:g} at {wl[i]:g} nm; "
                "remove the baseline first (Spectrum.from_raw(..., baseline=...))"
            )
        object.__setattr__(self, "wavelength_nm", _frozen(wl))
        object.__setattr__(self, "intensity", _frozen(y))

    @classmethod
    def from_raw(
        cls,
        wavelength_nm: np.ndarray,
        intensity: np.ndarray,
        *,
        name: str = "spectrum",
        baseline: str | float | None = None,
        clip_tolerance: float = 0.02,
    ) -> Spectrum:
        """Build a spectrum from raw detector counts with optional baseline removal.

        ``baseline`` is ``None`` (no removal), a number (subtracted), ``"min"``
        (the minimum is subtracted) or ``"edges"`` (the median of the outer 5 % of
        points on both ends is subtracted, the usual dark-level estimate of a
        spectrometer trace).  After subtraction, residual negative noise whose
        magnitude is below ``clip_tolerance`` x maximum is clipped to zero; larger
        negative values are an error because they indicate a wrong baseline.
        """
        wl = np.asarray(wavelength_nm, dtype=float)
        y = np.asarray(intensity, dtype=float)
        if baseline is not None and y.size:
            if isinstance(baseline, str):
                if baseline not in DARK_LEVELS:
                    raise SpectrumError(
                        f"{name}: unknown baseline {baseline!r} "
                        "(expected a number, 'min' or 'edges')"
                    )
                offset = DARK_LEVELS[baseline](y)
            else:
                offset = float(baseline)
            y = y - offset
        if y.size and np.isfinite(y).all():
            peak = float(np.max(y)) if y.size else 0.0
            small = (y < 0) & (y >= -clip_tolerance * max(peak, 0.0))
            y = np.where(small, 0.0, y)
        return cls(wl, y, name=name)

    # ------------------------------------------------------------------ derived
    def __len__(self) -> int:
        return int(self.wavelength_nm.size)

    def resample(self, grid_nm: np.ndarray = DEFAULT_GRID_NM) -> Spectrum:
        """Linearly interpolate onto ``grid_nm``; zero outside the measured range."""
        grid = np.asarray(grid_nm, dtype=float)
        y = np.interp(grid, self.wavelength_nm, self.intensity, left=0.0, right=0.0)
        return Spectrum(grid, y, name=self.name)

    def normalized(self) -> Spectrum:
        """Scale to unit maximum."""
        m = float(np.max(self.intensity))
        if m <= 0:
            raise SpectrumError(f"{self.name}: spectrum is zero everywhere")
        return Spectrum(self.wavelength_nm, self.intensity / m, name=self.name)

    def scaled(self, factor: float) -> Spectrum:
        """Multiply the intensity by a non-negative ``factor``."""
        return Spectrum(self.wavelength_nm, self.intensity * float(factor), name=self.name)

    def to_sd(self):
        """Return a :class:`colour.SpectralDistribution` with the same samples."""
        import colour

        return colour.SpectralDistribution(
            dict(zip(self.wavelength_nm.tolist(), self.intensity.tolist(), strict=True)),
            name=self.name,
        )
