"""Transfer-matrix optics of planar multilayers (both polarisations, vectorised).

A stack is a list of ``L >= 2`` media: a semi-infinite, non-absorbing *ambient*
(index 0, the medium the light comes from), ``L - 2`` finite layers and a
semi-infinite *exit* medium (index ``L - 1``, the substrate).  Complex refractive
indices use the convention ``n + i k`` with ``k >= 0`` for absorption (time factor
``exp(-i omega t)``), as in Born & Wolf, *Principles of Optics*, 7th ed. (1999), ch. 1.6.

The formulation works with the tangential field (``E_y`` for s, ``H_y`` for p) and the
wave admittance ``q = k_z`` (s) or ``q = k_z / n^2`` (p), for which the interface
Fresnel coefficients take one form, ``r_ij = (q_i - q_j) / (q_i + q_j)`` and
``t_ij = 1 + r_ij`` (Fresnel formulae, Born & Wolf, 1999, sec. 1.5.2, in the admittance form of
Macleod, *Thin-Film Optical Filters*, 4th ed. (2010), ch. 2).  Instead of products of
2x2 matrices, which overflow in thick absorbing or evanescent layers, the stack is
solved with the equivalent, numerically stable Airy/Parratt recursion of the
reflection coefficient from the exit side, ``rho_j = (r_j + rho_{j+1} e^{2 i delta}) /
(1 + r_j rho_{j+1} e^{2 i delta})`` (Parratt, Phys. Rev. 95, 359 (1954); Heavens,
*Optical Properties of Thin Solid Films* (1955), ch. 4), and the forward amplitudes are
propagated back with ``|exp(i delta)| <= 1`` only.  The Poynting flux in a layer with
forward/backward amplitudes ``A, B`` is proportional to ``Re[conj(q) (A + B)
conj(A - B)]``; the absorptance of a layer is the flux entering it minus the flux
leaving it.

All arrays broadcast: the recursion loops in Python over the (few) layers only, never
over wavelengths, angles or in-plane wavevectors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from peled.errors import ParameterError

__all__ = [
    "RTResult",
    "layer_fluxes",
    "normal_index",
    "rt",
    "stack_reflection",
    "wave_admittance",
]

_POLARIZATIONS = ("s", "p", "unpolarized")


def normal_index(n, n_eff) -> np.ndarray:
    """Normalised normal wavevector ``k_z / k_0 = sqrt(n^2 - n_eff^2)`` on the physical branch.

    Parameters
    ----------
    n : array_like of complex
        Complex refractive index ``n + i k`` (``k >= 0``).
    n_eff : array_like
        In-plane effective index ``k_par / k_0`` (real or complex), broadcast with ``n``.

    Returns
    -------
    numpy.ndarray of complex
        ``k_z / k_0`` with ``Im >= 0`` (decaying or lossless); for ``Im == 0`` the root with
        ``Re >= 0`` (forward propagating).  Born & Wolf (1999), sec. 1.5.4.

    References
    ----------
    Born & Wolf, *Principles of Optics*, 7th ed., Cambridge University Press (1999),
    sec. 1.5.4 (the branch of the square root in absorbing and evanescent media).

    Examples
    --------
    >>> complex(normal_index(1.5, 0.0))
    (1.5+0j)
    >>> complex(normal_index(1.0, 1.5)).imag > 0
    True
    """
    kz = np.sqrt(np.asarray(n, dtype=complex) ** 2 - np.asarray(n_eff, dtype=complex) ** 2)
    return np.where(kz.imag < 0, -kz, kz)


def wave_admittance(n, kz, polarization: str) -> np.ndarray:
    """Wave admittance ``q`` of a medium for the tangential-field formulation.

    Parameters
    ----------
    n : array_like of complex
        Complex refractive index.
    kz : array_like of complex
        Normal wavevector (any consistent unit), e.g. from :func:`normal_index`.
    polarization : {"s", "p"}
        ``s`` (TE): ``q = k_z``; ``p`` (TM): ``q = k_z / n^2``.

    Returns
    -------
    numpy.ndarray of complex
        ``q`` such that ``r_ij = (q_i - q_j) / (q_i + q_j)``
        (Macleod, *Thin-Film Optical Filters*, 2010, ch. 2).

    Raises
    ------
    peled.errors.ParameterError
        ``polarization`` is neither ``"s"`` nor ``"p"``.

    References
    ----------
    Macleod, *Thin-Film Optical Filters*, 4th ed., CRC Press (2010), ch. 2 (tilted
    admittances); Born & Wolf, *Principles of Optics*, 7th ed. (1999), sec. 1.5.2.

    Examples
    --------
    >>> q1 = wave_admittance(1.0, 1.0, "p"); q2 = wave_admittance(1.5, 1.5, "p")
    >>> round(float(((q1 - q2) / (q1 + q2)).real), 6)   # normal incidence, H-field r_p
    0.2
    """
    if polarization == "s":
        return np.asarray(kz, dtype=complex)
    if polarization == "p":
        return np.asarray(kz, dtype=complex) / np.asarray(n, dtype=complex) ** 2
    raise ParameterError(f"polarization must be 's' or 'p', got {polarization!r}")


def _flux(q, amplitude, gamma):
    """Poynting flux ``|A|^2 Re[conj(q) (1 + G) conj(1 - G)]`` (Macleod 2010, ch. 2),
    expanded in real arithmetic: ``|A|^2 [Re q (1 - |G|^2) + 2 Im q Im G]``."""
    amp2 = amplitude.real**2 + amplitude.imag**2 if np.iscomplexobj(amplitude) else amplitude**2
    if np.ndim(gamma) == 0 and gamma == 0:
        return amp2 * q.real
    g2 = gamma.real**2 + gamma.imag**2
    return amp2 * (q.real * (1.0 - g2) + 2.0 * q.imag * gamma.imag)


def stack_reflection(q, phase):
    """Reflection coefficient at interface 0|1 only (backward recursion of :func:`layer_fluxes`).

    The Airy/Parratt recursion of :func:`layer_fluxes` without the forward pass, for
    callers that need ``r`` alone (the dipole model's half-stack responses).

    Parameters
    ----------
    q : array_like of complex, shape (L, ...)
        Wave admittances (:func:`wave_admittance`).
    phase : array_like of complex, shape (L - 2, ...)
        Phase thicknesses of the finite layers.

    Returns
    -------
    numpy.ndarray of complex, shape (...)
        Reflection coefficient of the tangential field at interface 0|1 (``|r|^2`` is
        the reflectance for a non-absorbing medium 0).

    References
    ----------
    Parratt, Phys. Rev. 95, 359 (1954); Heavens, *Optical Properties of Thin Solid
    Films*, Butterworths (1955), ch. 4.

    Examples
    --------
    >>> round(abs(complex(stack_reflection(np.array([1.0, 1.5]), np.zeros((0,))))) ** 2, 6)
    0.04
    """
    q = np.asarray(q, dtype=complex)
    phase = np.asarray(phase, dtype=complex)
    r_int = (q[:-1] - q[1:]) / (q[:-1] + q[1:])
    rho = r_int[-1]
    for j in range(q.shape[0] - 3, -1, -1):
        e2 = np.exp(2j * phase[j])
        rho = (r_int[j] + rho * e2) / (1 + r_int[j] * rho * e2)
    return rho


def layer_fluxes(q, phase):
    """Reflection coefficient and the flux entering and leaving every medium of a stack.

    The incident wave has unit tangential amplitude in medium 0 at the interface 0|1;
    it may be propagating or evanescent (complex ``q``), which the dipole model uses.

    Parameters
    ----------
    q : array_like of complex, shape (L, ...)
        Wave admittance of each medium (:func:`wave_admittance`), ``L >= 2``.
    phase : array_like of complex, shape (L - 2, ...)
        Phase thickness ``delta_j = k_z,j d_j`` of the finite layers 1 .. L-2
        (``Im >= 0``).

    Returns
    -------
    r : numpy.ndarray of complex, shape (...)
        Reflection coefficient of the tangential field at interface 0|1.
    flux_in, flux_out : numpy.ndarray, shape (L, ...)
        Flux (arbitrary common unit, positive towards the exit) at the entrance and the
        exit face of each medium.  Medium 0 holds the net flux at interface 0|1 in both;
        the exit medium holds the transmitted flux in both.

    Raises
    ------
    peled.errors.ParameterError
        ``q`` has fewer than 2 media.

    References
    ----------
    Parratt, Phys. Rev. 95, 359 (1954); Macleod, *Thin-Film Optical Filters*,
    4th ed. (2010), ch. 2.

    Examples
    --------
    >>> q = np.array([1.0, 1.5 + 0j])           # air | glass, s, normal incidence
    >>> r, fin, fout = layer_fluxes(q, np.zeros((0,)))
    >>> round(float(abs(r) ** 2), 6), round(float(fin[1]), 6)
    (0.04, 0.96)
    """
    q = np.asarray(q, dtype=complex)
    n_media = q.shape[0]
    if n_media < 2:
        raise ParameterError("a stack needs at least an ambient and an exit medium")
    phase = np.asarray(phase, dtype=complex)
    shape = np.broadcast_shapes(q.shape[1:], phase.shape[1:])
    q = np.broadcast_to(q, (n_media, *shape))
    phase = np.broadcast_to(phase, (n_media - 2, *shape))
    r_int = (q[:-1] - q[1:]) / (q[:-1] + q[1:])
    e1 = np.exp(1j * phase)  # one-pass propagation factors, |e1| <= 1
    e2 = e1 * e1
    # rho[j]: reflection coefficient at interface j|j+1 seen from medium j.
    rho = np.empty((n_media - 1, *shape), dtype=complex)
    rho[-1] = r_int[-1]
    for j in range(n_media - 3, -1, -1):
        g = rho[j + 1] * e2[j]
        rho[j] = (r_int[j] + g) / (1 + r_int[j] * g)
    flux_in = np.empty((n_media, *shape))
    flux_out = np.empty((n_media, *shape))
    flux_in[0] = flux_out[0] = _flux(q[0], 1.0, rho[0])
    amp = np.ones(shape, dtype=complex)  # forward amplitude at the exit face of medium j
    for j in range(n_media - 1):
        last = j + 1 == n_media - 1
        gamma_in = 0.0 if last else rho[j + 1] * e2[j]
        amp_in = (1 + r_int[j]) * amp / (1 + r_int[j] * gamma_in)
        flux_in[j + 1] = _flux(q[j + 1], amp_in, gamma_in)
        if last:
            flux_out[j + 1] = flux_in[j + 1]
        else:
            amp = amp_in * e1[j]
            flux_out[j + 1] = _flux(q[j + 1], amp, rho[j + 1])
    return rho[0], flux_in, flux_out


@dataclass(frozen=True)
class RTResult:
    """Reflectance, transmittance and per-layer absorptance of a stack.

    Attributes
    ----------
    wavelength_nm : numpy.ndarray, shape (W,)
        Vacuum wavelengths (nm).
    angle_deg : numpy.ndarray, shape (A,)
        Angle of incidence in the ambient.
    polarization : str
        ``s``, ``p`` or ``unpolarized`` (mean of s and p).
    reflectance, transmittance : numpy.ndarray, shape (W, A)
        Power fractions; ``transmittance`` is the flux into the exit medium.
    absorptance : numpy.ndarray, shape (L, W, A)
        Power fraction absorbed in each medium (zero for ambient and exit medium).

    Examples
    --------
    >>> res = rt([1.0, 1.38, 1.52], [500 / 4 / 1.38], [450.0, 550.0], [0.0, 30.0])
    >>> res.reflectance.shape, res.absorptance.shape
    ((2, 2), (3, 2, 2))
    >>> bool(np.allclose(res.reflectance + res.transmittance + res.absorptance.sum(0), 1))
    True
    """

    wavelength_nm: np.ndarray
    angle_deg: np.ndarray
    polarization: str
    reflectance: np.ndarray
    transmittance: np.ndarray
    absorptance: np.ndarray

    def as_dict(self, layer_names=None) -> dict:
        """Plain-Python dictionary: lists indexed ``[wavelength][angle]``, or
        ``[wavelength]`` when there is a single angle.  Absorptance per named medium."""
        names = (
            list(layer_names)
            if layer_names is not None
            else [f"layer_{i}" for i in range(self.absorptance.shape[0])]
        )
        single = self.angle_deg.size == 1

        def out(a):
            return (a[..., 0] if single else a).tolist()

        return {
            "wavelength_nm": self.wavelength_nm.tolist(),
            "angle_deg": float(self.angle_deg[0]) if single else self.angle_deg.tolist(),
            "polarization": self.polarization,
            "reflectance": out(self.reflectance),
            "transmittance": out(self.transmittance),
            "absorptance": {
                name: out(a) for name, a in zip(names, self.absorptance, strict=True)
            },
        }


def _coherent(n, d_nm, k0, n_eff, polarization):
    """Normalised R, T, A of a coherent stack; ``n`` has shape (L, ...)."""
    kz_rel = normal_index(n, n_eff)
    q = wave_admittance(n, kz_rel, polarization)
    phase = k0 * kz_rel[1:-1] * d_nm.reshape((-1,) + (1,) * (kz_rel.ndim - 1))
    r, flux_in, flux_out = layer_fluxes(q, phase)
    incident = np.real(q[0])
    absorbed = (flux_in - flux_out) / incident
    absorbed[0] = 0.0
    absorbed[-1] = 0.0
    return np.abs(r) ** 2, flux_in[-1] / incident, absorbed, kz_rel


def _incoherent(n, d_nm, k0, n_eff, polarization, i):
    """One thick incoherent layer ``i`` between two coherent stacks (intensity series).

    Mitsas & Siapkas, Appl. Opt. 34, 1678 (1995); Centurioni, Appl. Opt. 44,
    7532 (2005): the two coherent parts are combined through intensities, with
    the single-pass attenuation ``a = exp(-2 Im(k_z) d)`` of the thick layer.
    """
    front = slice(0, i + 1)
    r_f, t_f, a_f, kz = _coherent(n[front], d_nm[: i - 1], k0, n_eff, polarization)
    rev = n[front][::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        # Light incident from inside the thick layer: undefined (0/0) where the wave is
        # evanescent there; then att = 0 and these terms drop out.
        r_b, t_b, a_b, _ = _coherent(rev, d_nm[: i - 1][::-1], k0, n_eff, polarization)
        r_2, t_2, a_2, _ = _coherent(n[i:], d_nm[i:], k0, n_eff, polarization)
    r_b, t_b, a_b, r_2, t_2, a_2 = (np.nan_to_num(x) for x in (r_b, t_b, a_b, r_2, t_2, a_2))
    att = np.exp(-2.0 * k0 * kz[-1].imag * d_nm[i - 1])
    forward = t_f / (1.0 - r_b * r_2 * att**2)  # flux going forward at the front face
    backward = att**2 * r_2 * forward  # flux arriving back at the front stack
    reflectance = r_f + t_b * backward
    transmittance = t_2 * att * forward
    absorbed = np.zeros((n.shape[0], *reflectance.shape))
    absorbed[: i + 1] = a_f + a_b[::-1] * backward
    absorbed[i:] += a_2 * att * forward
    # The thick layer absorbs forward * (1 - a) * (1 + a R_2) in the intensity picture;
    # for an absorbing incident medium |r|^2 and the interface flux differ at order k, so
    # the remainder is used, which conserves energy exactly (as `tmm.inc_tmm` does).
    absorbed[i] = 0.0
    absorbed[i] = 1.0 - reflectance - transmittance - absorbed.sum(axis=0)
    return reflectance, transmittance, absorbed


def rt(
    n,
    thickness_nm,
    wavelength_nm,
    angle_deg=0.0,
    polarization: str = "unpolarized",
    incoherent_layer: int | None = None,
) -> RTResult:
    """Reflectance, transmittance and absorptance per layer of a planar multilayer.

    Parameters
    ----------
    n : array_like of complex, shape (L,) or (L, W)
        Complex refractive index ``n + i k`` of each medium, ambient first and exit
        medium last, constant or one value per wavelength.  The ambient must be
        non-absorbing (``k = 0``); ``k >= 0`` elsewhere.
    thickness_nm : array_like, shape (L - 2,)
        Thickness of the finite layers in nm (> 0).
    wavelength_nm : array_like, shape (W,)
        Vacuum wavelengths in nm (> 0).
    angle_deg : array_like, shape (A,)
        Angles of incidence in the ambient, degrees in [0, 90).
    polarization : {"s", "p", "unpolarized"}
        ``unpolarized`` averages the s and p power fractions.
    incoherent_layer : int, optional
        Index (1 .. L-2) of one thick layer (e.g. a glass substrate) treated
        incoherently; all other layers are coherent.

    Returns
    -------
    RTResult
        Arrays of shape (W, A) and per-layer absorptance (L, W, A);
        ``R + T + sum(A) = 1``.

    Raises
    ------
    peled.errors.ParameterError
        Unknown ``polarization``; wavelengths not 1-D, finite and > 0; angles outside
        [0, 90); ``n`` of the wrong shape, with fewer than 2 media, non-finite, with
        ``Re n <= 0`` or ``k < 0``, or an absorbing ambient; ``thickness_nm`` without one
        finite value > 0 per finite layer; ``incoherent_layer`` outside 1 .. L-2.

    References
    ----------
    Born & Wolf, *Principles of Optics*, 7th ed. (1999), sec. 1.6; Parratt, Phys. Rev. 95,
    359 (1954); Mitsas & Siapkas, Appl. Opt. 34, 1678 (1995) for the incoherent layer.

    Examples
    --------
    >>> res = rt([1.0, 1.5], [], [500.0], [0.0], "s")     # bare air|glass interface
    >>> round(float(res.reflectance[0, 0]), 6)
    0.04
    >>> quarter = rt([1.0, 1.38, 1.52], [500 / 4 / 1.38], [500.0], [0.0], "s")
    >>> round(float(quarter.reflectance[0, 0]), 5)   # ((1*1.52-1.38**2)/(1.52+1.38**2))**2
    0.0126
    """
    if polarization not in _POLARIZATIONS:
        raise ParameterError(
            f"polarization must be one of {', '.join(_POLARIZATIONS)}, got {polarization!r}"
        )
    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    ang = np.atleast_1d(np.asarray(angle_deg, dtype=float))
    if wl.ndim != 1 or not np.all(np.isfinite(wl)) or np.any(wl <= 0):
        raise ParameterError(
            f"wavelength_nm must be a 1-D array of values > 0, got {wavelength_nm!r}"
        )
    if ang.ndim != 1 or not np.all(np.isfinite(ang)) or np.any((ang < 0) | (ang >= 90)):
        raise ParameterError(f"angle_deg must lie in [0, 90), got {angle_deg!r}")
    n_arr = np.asarray(n, dtype=complex)
    if n_arr.ndim == 1:
        n_arr = np.broadcast_to(n_arr[:, None], (n_arr.shape[0], wl.size))
    if n_arr.ndim != 2 or n_arr.shape[1] != wl.size or n_arr.shape[0] < 2:
        raise ParameterError(
            f"n must have shape (layers,) or (layers, {wl.size}) with >= 2 media, "
            f"got {np.shape(n)}"
        )
    if not np.all(np.isfinite(n_arr)) or np.any(n_arr.imag < 0) or np.any(n_arr.real <= 0):
        raise ParameterError("n must be finite with real part > 0 and k >= 0")
    if np.any(n_arr[0].imag != 0):
        raise ParameterError("the ambient (first medium) must be non-absorbing (k = 0)")
    d = np.atleast_1d(np.asarray(thickness_nm, dtype=float)).reshape(-1)
    if d.size != n_arr.shape[0] - 2:
        raise ParameterError(
            f"thickness_nm needs {n_arr.shape[0] - 2} values (one per finite layer), got {d.size}"
        )
    if not np.all(np.isfinite(d)) or np.any(d <= 0):
        raise ParameterError(f"thickness_nm must be finite and > 0, got {thickness_nm!r}")
    if incoherent_layer is not None and not 1 <= incoherent_layer <= n_arr.shape[0] - 2:
        raise ParameterError(
            f"incoherent_layer must be a finite layer index in 1..{n_arr.shape[0] - 2}, "
            f"got {incoherent_layer}"
        )
    nn = n_arr[:, :, None]
    k0 = (2.0 * np.pi / wl)[:, None]
    n_eff = n_arr[0].real[:, None] * np.sin(np.deg2rad(ang))[None, :]
    pols = ("s", "p") if polarization == "unpolarized" else (polarization,)
    parts = []
    for pol in pols:
        if incoherent_layer is None:
            r_, t_, a_, _ = _coherent(nn, d, k0, n_eff, pol)
        else:
            r_, t_, a_ = _incoherent(nn, d, k0, n_eff, pol, incoherent_layer)
        parts.append((r_, t_, a_))
    refl = np.mean([p[0] for p in parts], axis=0)
    trans = np.mean([p[1] for p in parts], axis=0)
    absorb = np.mean([p[2] for p in parts], axis=0)
    return RTResult(wl, ang, polarization, refl, trans, absorb)
