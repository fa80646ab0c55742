"""Dipole emission in a planar multilayer: power spectrum over in-plane wavevector.

An oscillating electric dipole sits in a non-absorbing emitter layer ``e`` of a stack of
media ``0 .. L-1`` (both ends semi-infinite).  Its emitted power is expanded in plane
waves of normalised in-plane wavevector ``u = k_par / k_e`` (``k_e = 2 pi n_e / lambda``).
With ``w = sqrt(1 - u^2)`` (``Im w >= 0``) and the reflection coefficients ``r_0``, ``r_1``
of the two half-stacks seen from the emitter layer (tangential-field convention, see
:mod:`peled.device.optics.transfer_matrix`), ``a_i = r_i exp(2 i k_e w z_i)`` with ``z_i``
the distance of the dipole to face ``i``, the power per unit ``u`` normalised to the same
dipole in the infinite emitter medium is

* vertical dipole (TM):         ``K_v   = 3/2 Re[u^3 / w (1 + a_0)(1 + a_1) / (1 - a_0 a_1)]``
* horizontal dipole, TE part:   ``K_hTE = 3/4 Re[u / w   (1 + a_0)(1 + a_1) / (1 - a_0 a_1)]``
* horizontal dipole, TM part:   ``K_hTM = 3/4 Re[u w     (1 - a_0)(1 - a_1) / (1 - a_0 a_1)]``

(Chance, Prock & Silbey, Adv. Chem. Phys. 37, 1 (1978), the single-interface rates
generalised to reflection on both sides; Neyts, J. Opt. Soc. Am. A 15, 962 (1998); Furno
et al., Phys. Rev. B 85, 115205 (2012), the power-dissipation spectra K_TMv, K_TMh,
K_TEh).  The total normalised decay rate (Purcell factor, for unit intrinsic radiative
efficiency) is ``F = int K du``; an infinite
homogeneous medium gives ``K_v = 3/2 u^3/w``, ``K_h = 3/4 u (w + 1/w)`` and ``F = 1``.

Where the power goes is computed independently from the Poynting flux of the upward and
downward plane waves leaving the emitter layer (amplitudes from the multiple-reflection
series ``U_1 = (1 + s a_0) / (1 - a_0 a_1)``, ``U_0 = (s + a_1) / (1 - a_0 a_1)`` with source
parity ``s = +1`` for the vertical and TE-horizontal and ``s = -1`` for the TM-horizontal
dipole in the ``E_y``/``H_y`` variables), propagated through each half-stack with
:func:`peled.device.optics.layer_fluxes`: into each outer medium and absorbed in every
layer.  Energy conservation ``K = P_0 + P_{L-1} + sum_j A_j`` holds point by point in ``u``.

The emitter layer is treated as non-absorbing (its ``k`` is set to 0): a point dipole in
an absorbing medium has a divergent near-field loss (Furno et al. 2012), and
re-absorption by the emitter layer (photon recycling) is outside this model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import roots_legendre

from peled.device.optics.transfer_matrix import layer_fluxes, normal_index, wave_admittance
from peled.errors import ParameterError

__all__ = [
    "COMPONENTS",
    "DipolePower",
    "dipole_power",
    "mirror_image_purcell",
    "u_quadrature",
]

#: The three independent emission channels: (name, polarisation, source parity).
COMPONENTS: tuple[tuple[str, str, int], ...] = (
    ("vertical", "p", +1),
    ("horizontal_te", "s", +1),
    ("horizontal_tm", "p", -1),
)


@dataclass(frozen=True)
class DipolePower:
    """Power spectrum of a dipole over normalised in-plane wavevector ``u``.

    All arrays of components have a leading axis over :data:`COMPONENTS`
    (vertical, horizontal TE, horizontal TM); power is per unit ``u`` and normalised to
    the total power of the same dipole in the infinite (lossless) emitter medium.

    Attributes
    ----------
    wavelength_nm : numpy.ndarray, shape (W,)
        Vacuum wavelengths (nm).
    u : numpy.ndarray, shape (W, U)
        ``k_par / k_e``.
    n_emitter : numpy.ndarray, shape (W,)
        Real index of the emitter layer used for ``k_e``.
    total : numpy.ndarray, shape (3, W, U) or (3, P, W, U)
        ``K`` from the reflection-coefficient formulas (Chance, Prock & Silbey 1978).
    to_first, to_last : numpy.ndarray, shape (3, W, U) or (3, P, W, U)
        Power carried into the semi-infinite media 0 and L-1 (Poynting flux).
    absorbed : numpy.ndarray, shape (L, 3, W, U) or (L, 3, P, W, U)
        Power absorbed in each medium (zero for the outer media and the emitter layer).
        The position axis ``P`` is present when ``position_nm`` is an array.

    References
    ----------
    Chance, Prock & Silbey, Adv. Chem. Phys. 37, 1 (1978); Furno et al., Phys. Rev. B
    85, 115205 (2012) (the component split and the anisotropy factor).

    Examples
    --------
    >>> p = dipole_power([1.5, 1.5, 1.5], [100.0], 1, 50.0, [500.0], [0.3])
    >>> p.total.shape, p.absorbed.shape      # (component, W, U), (medium, component, W, U)
    ((3, 1, 1), (3, 3, 1, 1))
    """

    wavelength_nm: np.ndarray
    u: np.ndarray
    n_emitter: np.ndarray
    total: np.ndarray
    to_first: np.ndarray
    to_last: np.ndarray
    absorbed: np.ndarray

    def oriented(self, name: str, vertical_fraction: float) -> np.ndarray:
        """Combine components for an ensemble with ``vertical_fraction`` of vertical dipoles.

        ``P = a P_v + (1 - a) (P_hTE + P_hTM)``; ``a = 1/3`` is isotropic
        (Furno et al., Phys. Rev. B 85, 115205 (2012), the anisotropy factor a).  ``name`` is one of
        ``total``, ``to_first``, ``to_last``, ``absorbed``.
        """
        arr = getattr(self, name)
        a = float(vertical_fraction)
        axis = 1 if name == "absorbed" else 0
        v = np.take(arr, 0, axis=axis)
        h = np.take(arr, 1, axis=axis) + np.take(arr, 2, axis=axis)
        return a * v + (1.0 - a) * h


def _chance_factor(u, w, name):
    """Homogeneous-medium weight of each component (Chance, Prock & Silbey 1978)."""
    if name == "vertical":
        return 1.5 * u**3 / w
    if name == "horizontal_te":
        return 0.75 * u / w
    return 0.75 * u * w


def _flux_factor(u, w, name):
    """Converts unit-source Poynting flux into power per unit u (same normalisation)."""
    if name == "vertical":
        return 0.75 * u**3 / np.abs(w) ** 2
    if name == "horizontal_te":
        return 0.375 * u / np.abs(w) ** 2
    return 0.375 * u


def dipole_power(n, thickness_nm, emitter_layer: int, position_nm, wavelength_nm, u) -> DipolePower:
    """Power dissipated by vertical and horizontal dipoles versus in-plane wavevector.

    Parameters
    ----------
    n : array_like of complex, shape (L,) or (L, W)
        Complex index ``n + i k`` of every medium, media 0 and L-1 semi-infinite.
    thickness_nm : array_like, shape (L - 2,)
        Thicknesses of the finite layers 1 .. L-2 in nm.
    emitter_layer : int
        Index (1 .. L-2) of the layer holding the dipole; its ``k`` is ignored.
    position_nm : float or array_like of shape (P,)
        Distance of the dipole from the face of the emitter layer towards medium 0,
        in nm, strictly inside the layer.  An array adds a position axis after the
        component axis of every output (the half-stack responses are computed once).
    wavelength_nm : array_like, shape (W,)
        Vacuum wavelengths in nm.
    u : array_like, shape (U,) or (W, U)
        Normalised in-plane wavevectors ``k_par / k_e`` (>= 0, avoid exactly 1).

    Returns
    -------
    DipolePower
        Normalised power per unit ``u`` of the vertical, horizontal-TE and horizontal-TM
        dipole components (``total``, ``to_first``, ``to_last``, ``absorbed``); in a
        homogeneous lossless medium the horizontal-TE ``total`` is
        ``3/4 u / sqrt(1 - u^2)`` at ``u < 1``.

    Raises
    ------
    peled.errors.ParameterError
        ``n`` has fewer than 3 media or a shape that does not match ``wavelength_nm``;
        ``thickness_nm`` has not L - 2 finite values > 0; ``emitter_layer`` is outside
        1 .. L-2; ``position_nm`` is not strictly inside the emitter layer or not 0-D/1-D;
        ``u`` is negative or not finite.

    References
    ----------
    Chance, Prock & Silbey, Adv. Chem. Phys. 37, 1 (1978); Neyts, J. Opt. Soc. Am. A 15,
    962 (1998); Furno et al., Phys. Rev. B 85, 115205 (2012).

    Examples
    --------
    >>> p = dipole_power([1.5, 1.5, 1.5], [100.0], 1, 50.0, [500.0], [0.3])
    >>> round(float(p.total[1, 0, 0]), 6)    # 3/4 u / sqrt(1 - u^2), homogeneous
    0.235864
    """
    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    n_arr = np.asarray(n, dtype=complex)
    if n_arr.ndim == 1:
        n_arr = np.broadcast_to(n_arr[:, None], (n_arr.shape[0], wl.size))
    n_media = n_arr.shape[0]
    if n_arr.ndim != 2 or n_arr.shape[1] != wl.size or n_media < 3:
        raise ParameterError(
            f"n must have shape (layers,) or (layers, {wl.size}) with >= 3 media, "
            f"got {np.shape(n)}"
        )
    d = np.atleast_1d(np.asarray(thickness_nm, dtype=float)).reshape(-1)
    if d.size != n_media - 2 or not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ParameterError(f"thickness_nm needs {n_media - 2} finite values > 0, got {d}")
    e = int(emitter_layer)
    if not 1 <= e <= n_media - 2:
        raise ParameterError(f"emitter_layer must be in 1..{n_media - 2}, got {emitter_layer}")
    pos = np.asarray(position_nm, dtype=float)
    if pos.ndim > 1:
        raise ParameterError(f"position_nm must be a number or a 1-D array, got {position_nm!r}")
    z0 = pos.reshape(-1, 1, 1)  # (P, 1, 1): positions broadcast as a leading axis
    z1 = d[e - 1] - z0
    if not (np.all(z0 > 0) and np.all(z1 > 0)):
        raise ParameterError(
            f"position_nm must lie strictly inside the emitter layer (0, {d[e - 1]:g}) nm, "
            f"got {position_nm}"
        )
    u_arr = np.asarray(u, dtype=float)
    u_arr = np.broadcast_to(np.atleast_2d(u_arr), (wl.size, u_arr.shape[-1]))
    if not np.all(np.isfinite(u_arr)) or np.any(u_arr < 0):
        raise ParameterError("u must be finite and >= 0")
    nn = n_arr.copy()
    n_e = nn[e].real.copy()
    nn[e] = n_e
    nn = nn[:, :, None]
    k0 = (2.0 * np.pi / wl)[:, None]
    ke = k0 * n_e[:, None]
    n_eff = u_arr * n_e[:, None]
    w = normal_index(1.0, u_arr)
    # u = 1 exactly only occurs at zero-weight nodes of empty quadrature segments.
    w = np.where(np.abs(w) < 1e-12, 1e-12 + 0j, w)
    kz = normal_index(nn, n_eff)  # k_z / k_0, shape (L, W, U)
    phase = k0 * kz[1:-1] * d[:, None, None]
    prop0 = np.exp(1j * ke * w * z0)
    prop1 = np.exp(1j * ke * w * z1)
    shape = (len(COMPONENTS), z0.shape[0], wl.size, u_arr.shape[1])
    total = np.empty(shape)
    to_first = np.empty(shape)
    to_last = np.empty(shape)
    absorbed = np.zeros((n_media, *shape))
    cache = {}
    for pol in ("s", "p"):
        scale = n_e[:, None] if pol == "s" else 1.0 / n_e[:, None]
        q = wave_admittance(nn, kz, pol) / scale  # q_e = w in both polarisations
        side0 = layer_fluxes(q[e::-1], phase[: e - 1][::-1])
        side1 = layer_fluxes(q[e:], phase[e:])
        cache[pol] = side0, side1
    for c, (name, pol, parity) in enumerate(COMPONENTS):
        (r0, fin0, fout0), (r1, fin1, fout1) = cache[pol]
        a0 = r0 * prop0**2
        a1 = r1 * prop1**2
        den = 1.0 - a0 * a1
        total[c] = np.real(
            _chance_factor(u_arr, w, name) * (1 + parity * a0) * (1 + parity * a1) / den
        )
        factor = _flux_factor(u_arr, w, name)
        amp1 = factor * np.abs((1 + parity * a0) / den * prop1) ** 2
        amp0 = factor * np.abs((parity + a1) / den * prop0) ** 2
        to_first[c] = amp0 * fin0[-1]
        to_last[c] = amp1 * fin1[-1]
        absorbed[1:e, c] = (amp0[None] * (fin0 - fout0)[:, None])[1:-1][::-1]
        absorbed[e + 1 : -1, c] = (amp1[None] * (fin1 - fout1)[:, None])[1:-1]
    if pos.ndim == 0:
        total, to_first, to_last = total[:, 0], to_first[:, 0], to_last[:, 0]
        absorbed = absorbed[:, :, 0]
    return DipolePower(wl, u_arr.copy(), n_e, total, to_first, to_last, absorbed)


def _s_of_u(u):
    """Integration variable: ``arcsin u`` below 1, ``pi/2 + arccosh u`` above."""
    u = np.asarray(u, dtype=float)
    below = np.arcsin(np.minimum(u, 1.0))
    return np.where(u <= 1, below, np.pi / 2 + np.arccosh(np.maximum(u, 1.0)))


@lru_cache(maxsize=64)
def _gauss_legendre(m: int):
    """Gauss-Legendre nodes/weights on [-1, 1] (cached; scipy's O(m) algorithm)."""
    return roots_legendre(m)


def u_quadrature(breakpoints, n_points: int):
    """Gauss-Legendre nodes and weights in ``u`` over segments between breakpoints.

    The variable ``s = arcsin u`` (``u < 1``) or ``s = pi/2 + arccosh u`` (``u > 1``)
    removes the ``1/sqrt(1 - u^2)`` singularity of the integrand at ``u = 1``
    (``du = w ds``), and nodes never fall on a breakpoint, so sums over nodes below or
    above a breakpoint are exact partitions (Press et al., *Numerical Recipes*, 3rd ed.
    (2007), sec. 4.6).

    Parameters
    ----------
    breakpoints : array_like, shape (W, B)
        Per wavelength, the segment ends in ``u``, starting with 0 and ending with
        ``u_max``; 1 must be among them if ``u_max > 1``.  Sorted internally.
    n_points : int
        Total number of nodes per wavelength (>= 8 per segment is enforced).

    Returns
    -------
    u, weights : numpy.ndarray, shape (W, U)
        Nodes (dimensionless, >= 0) and weights such that ``sum(weights * f(u))``
        approximates ``int_0^u_max f(u) du``.

    Raises
    ------
    peled.errors.ParameterError
        ``n_points`` < 8.

    References
    ----------
    Press, Teukolsky, Vetterling & Flannery, *Numerical Recipes*, 3rd ed., Cambridge
    University Press (2007), sec. 4.6 (Gauss-Legendre quadrature); Furno et al., Phys.
    Rev. B 85, 115205 (2012), sec. II (the substitution at u = 1).

    Examples
    --------
    >>> u, wt = u_quadrature([[0.0, 0.5, 1.0]], 40)
    >>> round(float((wt * u / np.sqrt(1 - u**2)).sum()), 10)   # int_0^1 u/w du = 1
    1.0
    """
    b = np.sort(np.atleast_2d(np.asarray(breakpoints, dtype=float)), axis=1)
    if int(n_points) < 8:
        raise ParameterError(f"n_points must be >= 8, got {n_points}")
    s = _s_of_u(b)
    lengths = np.diff(s, axis=1)
    mean = lengths.mean(axis=0)
    counts = np.maximum(8, np.round(n_points * mean / max(mean.sum(), 1e-300)).astype(int))
    nodes, weights = [], []
    for k, m in enumerate(counts):
        if mean[k] == 0.0:
            continue
        x, wg = _gauss_legendre(int(m))
        lo, hi = s[:, k : k + 1], s[:, k + 1 : k + 2]
        sk = lo + (hi - lo) * (x + 1) / 2
        wk = (hi - lo) / 2 * wg
        below = sk <= np.pi / 2
        s_lo = np.minimum(sk, np.pi / 2)
        s_hi = np.maximum(sk - np.pi / 2, 0.0)
        uk = np.where(below, np.sin(s_lo), np.cosh(s_hi))
        dudsk = np.where(below, np.cos(s_lo), np.sinh(s_hi))
        nodes.append(uk)
        weights.append(wk * dudsk)
    return np.concatenate(nodes, axis=1), np.concatenate(weights, axis=1)


def mirror_image_purcell(distance_nm, wavelength_nm, n_medium: float = 1.0):
    """Decay rate of a dipole at distance ``d`` from a perfect mirror (image-dipole theory).

    With ``x = 2 k d`` (``k = 2 pi n / lambda``):
    ``F_perp = 1 + 3 (sin x / x^3 - cos x / x^2)`` and
    ``F_par = 1 - 3/2 (sin x / x + cos x / x^2 - sin x / x^3)``
    (Morawitz, Phys. Rev. 187, 1792 (1969); Chance, Prock & Silbey, Adv. Chem. Phys. 37,
    1 (1978), sec. II; Drexhage, Prog. Opt. 12, 163 (1974)).

    Parameters
    ----------
    distance_nm, wavelength_nm : array_like
        Dipole-mirror distance and vacuum wavelength in nm (> 0), broadcast.
    n_medium : float
        Index of the medium holding the dipole.

    Returns
    -------
    (F_perp, F_par) : tuple of numpy.ndarray
        Normalised rates of the vertical and horizontal dipole.

    References
    ----------
    Morawitz, Phys. Rev. 187, 1792 (1969); Chance, Prock & Silbey, Adv. Chem. Phys. 37, 1
    (1978), sec. II; Drexhage, Prog. Opt. 12, 163 (1974).

    Examples
    --------
    >>> fv, fh = mirror_image_purcell(250.0, 1000.0)    # x = 2 k d = pi
    >>> round(float(fv), 6), round(float(fh), 6)
    (1.303964, 1.151982)
    """
    x = 4.0 * np.pi * float(n_medium) * np.asarray(distance_nm, float) / np.asarray(
        wavelength_nm, float
    )
    f_perp = 1.0 + 3.0 * (np.sin(x) / x**3 - np.cos(x) / x**2)
    f_par = 1.0 - 1.5 * (np.sin(x) / x + np.cos(x) / x**2 - np.sin(x) / x**3)
    return f_perp, f_par
