"""Transient absorption (pump-probe): Delta A, TA maps and kinetic traces.

Differential absorbance from probe intensities with and without the pump (Jiang et al.,
"Defects in lead halide perovskite LEDs under electric field", Nanoscale (2024), eqn (11))::

    Delta A = -log10( [I_pro - I_ref]_pump / [I_pro - I_ref]_unpump )          (11)

I_pro is the probe intensity transmitted by the sample and I_ref the reference
(background) signal subtracted from it; the logarithm is decadic because absorbance is
(Beer-Lambert).  Delta A > 0 is photo-induced absorption (ESA), Delta A < 0 bleaching
(GSB) or stimulated emission.  The relative transmission change follows as
Delta T / T = 10^(-Delta A) - 1 (Jiang et al. 2024).

A TA map is Delta A(delay, wavelength); :func:`peled.characterize.readers.read_ta_map`
reads the common matrix export.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.characterize.errors import TAError
from peled.errors import ParameterError

__all__ = [
    "TAMap",
    "delta_absorbance",
    "delta_t_over_t",
    "kinetic_trace",
]


def delta_absorbance(probe_pump, reference_pump, probe_unpump, reference_unpump):
    """Differential absorbance of eqn (11) from background-subtracted probe intensities.

    Parameters
    ----------
    probe_pump, reference_pump : array_like
        Probe and reference (background) intensities with the pump on (any unit).
    probe_unpump, reference_unpump : array_like
        The same without the pump.

    Returns
    -------
    float or numpy.ndarray
        Delta A = -log10((I_pro - I_ref)_pump / (I_pro - I_ref)_unpump) in OD.

    Raises
    ------
    TAError
        Where a background-subtracted intensity is <= 0.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), eqn (11).

    Examples
    --------
    >>> round(delta_absorbance(110.0, 10.0, 1010.0, 10.0), 6)  # 10 % transmitted -> 1 OD
    1.0
    """
    on = np.asarray(probe_pump, dtype=float) - np.asarray(reference_pump, dtype=float)
    off = np.asarray(probe_unpump, dtype=float) - np.asarray(reference_unpump, dtype=float)
    bad = ~(on > 0) | ~(off > 0)
    if np.any(bad):
        raise TAError(
            f"{int(np.sum(bad))} point(s) with I_pro - I_ref <= 0 (pump or unpumped): "
            "eqn (11) needs the probe above the reference/background"
        )
    out = -np.log10(on / off)
    return float(out) if out.ndim == 0 else out


def delta_t_over_t(delta_a):
    """Relative transmission change Delta T / T = 10^(-Delta A) - 1.

    Parameters
    ----------
    delta_a : float or array_like
        Differential absorbance in OD.

    Returns
    -------
    float or numpy.ndarray
        Delta T / T (dimensionless).

    References
    ----------
    Jiang et al., Nanoscale (2024), eqn (11) (Beer-Lambert).

    Examples
    --------
    >>> round(delta_t_over_t(-0.30103), 5)  # a bleach of -0.301 OD doubles T
    1.0
    """
    out = 10.0 ** (-np.asarray(delta_a, dtype=float)) - 1.0
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class TAMap:
    """Delta A(delay, wavelength): ``delta_a`` has shape (n_delays, n_wavelengths)."""

    delay_s: np.ndarray
    wavelength_nm: np.ndarray
    delta_a: np.ndarray
    name: str = ""
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        d = np.asarray(self.delay_s, float)
        w = np.asarray(self.wavelength_nm, float)
        a = np.asarray(self.delta_a, float)
        if a.shape != (d.size, w.size):
            raise TAError(f"delta_a shape {a.shape} != (delays {d.size}, wavelengths {w.size})")
        if np.any(np.diff(d) <= 0):
            raise TAError("delays must be strictly increasing")
        if np.any(np.diff(w) == 0):
            raise TAError("repeated wavelength")
        object.__setattr__(self, "delay_s", d)
        object.__setattr__(self, "wavelength_nm", w)
        object.__setattr__(self, "delta_a", a)

    def spectrum_at(self, delay_s: float) -> np.ndarray:
        """Delta A(wavelength) at the delay nearest to ``delay_s``."""
        return self.delta_a[int(np.argmin(np.abs(self.delay_s - delay_s)))]


def kinetic_trace(ta: TAMap, wavelength_nm, width_nm: float = 0.0) -> np.ndarray:
    """Delta A(delay) at each requested probe wavelength.

    Parameters
    ----------
    ta : TAMap
        The TA map.
    wavelength_nm : float or array_like
        Probe wavelength(s) in nm inside the probed range.
    width_nm : float, optional
        0 (default): linear interpolation between the two nearest probe wavelengths;
        otherwise the mean over the wavelengths within +-width_nm/2 (at least one).

    Returns
    -------
    numpy.ndarray
        Delta A, shape (n_wavelengths, n_delays).

    Raises
    ------
    ParameterError
        A wavelength outside the probed range.

    Examples
    --------
    >>> import numpy as np
    >>> ta = TAMap(np.array([0.0, 1e-12]), np.array([500.0, 510.0]),
    ...            np.array([[0.0, 1.0], [2.0, 3.0]]))
    >>> kinetic_trace(ta, 505.0).tolist()
    [[0.5, 2.5]]
    """
    targets = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    w = ta.wavelength_nm
    order = np.argsort(w)
    ws, a = w[order], ta.delta_a[:, order]
    out = np.empty((targets.size, ta.delay_s.size))
    for k, t in enumerate(targets):
        if not ws[0] <= t <= ws[-1]:
            raise ParameterError(
                f"wavelength {t:g} nm outside the probed range {ws[0]:g}-{ws[-1]:g} nm"
            )
        if width_nm > 0:
            sel = np.abs(ws - t) <= width_nm / 2
            if not sel.any():
                sel = np.abs(ws - t) == np.min(np.abs(ws - t))
            out[k] = a[:, sel].mean(axis=1)
        else:
            i = int(np.clip(np.searchsorted(ws, t), 1, ws.size - 1))
            f = (t - ws[i - 1]) / (ws[i] - ws[i - 1])
            # on a probe wavelength take that column itself (a NaN neighbour stays out)
            out[k] = (a[:, i - 1] if f == 0 else a[:, i] if f == 1
                      else (1 - f) * a[:, i - 1] + f * a[:, i])
    return out
