"""Outcoupling of a planar emitter: mode fractions, Purcell factor, angular emission.

The dipole power spectrum of :func:`peled.device.optics.dipole_power` is integrated
over the normalised in-plane wavevector ``u = k_par / k_e`` and split by the in-plane
effective index ``n_eff = u n_e`` (Furno et al., Phys. Rev. B 85, 115205 (2012),
mode classification by in-plane wavevector; Brütting, Frischeisen, Schmidt, Scholz &
Mayr, Phys. Status Solidi A 210, 44 (2013)):

* medium 0 is the viewing side.  If ``outer_index`` is given, medium 0 is a thick,
  non-absorbing substrate (e.g. glass) that is treated incoherently, and light escapes
  through its far face into an outer medium (air) of index ``n_out``:

  - ``eta_out``: power reaching the outer medium, ``n_eff < n_out``, including the
    Fresnel loss at the substrate/air face and the incoherent multiple reflections
    between that face and the device: escape factor ``T_out / (1 - R_out R_dev)``
    per polarisation (incoherent intensity series; Mitsas & Siapkas, Appl. Opt. 34, 1678 (1995));
  - ``fraction_substrate``: power entering the substrate with ``n_out <= n_eff < n_0``,
    trapped by total internal reflection;
  - the part of the escape cone reflected back into the device and not returning is
    counted in ``fraction_absorbed`` (it is absorbed by the device, or leaves through
    the far side for a semi-transparent device);

  without ``outer_index`` the power entering medium 0 is ``eta_out`` and
  ``fraction_substrate`` is 0.
* ``fraction_far_side``: power leaving into the last medium (top emission through a
  thin electrode; about 0 behind a thick metal).
* ``fraction_waveguide``: power with ``n_0 <= n_eff < n_wg``, ``n_wg`` being the largest
  real index of the dielectric layers (``Re n > Im n``), the guided modes.
* ``fraction_spp``: power with ``n_eff >= n_wg``: surface-plasmon polaritons and
  near-field (lossy-wave) coupling to absorbing layers.  A plasmon with
  ``n_eff < n_wg`` (possible when the emitter has the highest index) is counted as
  waveguided; the split follows the wavevector ranges above, not a mode analysis.
* ``fraction_absorbed``: power absorbed in the layers at ``n_eff < n_0`` (radiation
  absorbed on its way out), plus the lost part of the escape cone.

The fractions are relative to the total dipole power ``F`` (unit intrinsic radiative
efficiency) and sum to 1; ``purcell_factor = F`` is the decay rate relative to the same
dipole in the bulk emitter medium.  The radiant intensity in the outer medium per solid
angle is ``I(theta) = P(u) n_out^2 cos(theta) / (2 pi n_e^2 u)`` with ``u = n_out
sin(theta) / n_e`` (change of variables ``du = n_out cos(theta) / n_e dtheta``, ``dOmega =
2 pi sin(theta) dtheta``; Neyts 1998).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import quad

from peled.device.optics.dipole import COMPONENTS, dipole_power, u_quadrature
from peled.device.optics.transfer_matrix import normal_index, stack_reflection, wave_admittance
from peled.errors import ParameterError
from peled.validation import fraction_array

__all__ = [
    "OutcouplingResult",
    "dipole_outcoupling",
    "isotropic_escape_cone",
]

#: Default angles (degrees in the outer medium) of the far-field profile.
DEFAULT_ANGLES_DEG = np.arange(0.0, 90.0, 1.0)


@dataclass(frozen=True)
class OutcouplingResult:
    """Mode fractions, Purcell factor and far field per wavelength.

    Arrays have shape (W,) (or (P, W) for a position scan, ``position_nm`` an array of
    P positions; a leading P axis is added to every per-wavelength array below).

    Attributes
    ----------
    wavelength_nm : numpy.ndarray, shape (W,)
        Vacuum wavelengths (nm).
    position_nm : float or numpy.ndarray of shape (P,)
        Dipole position inside the emitter layer (from its face towards medium 0).
    vertical_fraction : float
        Share of vertical dipoles (1/3 isotropic).
    eta_out, fraction_substrate, fraction_waveguide : numpy.ndarray, shape (W,)
        Fractions of the dipole power leaving into the outer medium, trapped in the
        substrate and guided in the thin films (defined in the module docstring).
    fraction_spp, fraction_absorbed, fraction_far_side : numpy.ndarray, shape (W,)
        Fractions lost to surface plasmons and near-field coupling, absorbed in the
        layers, and emitted into the far-side medium; all six fractions sum to 1.
    purcell_factor : numpy.ndarray, shape (W,)
        Total decay rate over the bulk rate in the emitter medium.
    absorbed_by_layer : numpy.ndarray, shape (L, W) or (L, P, W)
        Fraction absorbed in each medium over all ``u`` (radiation and guided modes).
    angle_deg : numpy.ndarray, shape (A,)
        Angles in the outer medium.
    radiant_intensity_per_sr : numpy.ndarray, shape (W, A) or (P, W, A)
        Fraction of the dipole power per steradian; ``2 pi int I sin(theta) dtheta =
        eta_out``.
    layer_names : tuple of str
        Names of the media (for :meth:`as_dict`).

    References
    ----------
    Furno, Meerheim, Hofmann, Lüssem & Leo, Phys. Rev. B 85, 115205 (2012) (the loss
    channels); Neyts, J. Opt. Soc. Am. A 15, 962 (1998).

    Examples
    --------
    In a homogeneous medium half the power goes each way and nothing is trapped:

    >>> r = dipole_outcoupling([1.5, 1.5, 1.5], [200.0], 1, 100.0, [500.0], n_u=200)
    >>> round(float(r.eta_out[0]), 9), round(float(r.fraction_far_side[0]), 9)
    (0.5, 0.5)
    >>> r.radiant_intensity_per_sr.shape, float(r.angular_profile[0, 45])   # isotropic
    ((1, 90), 1.0)
    """

    wavelength_nm: np.ndarray
    position_nm: float | np.ndarray
    vertical_fraction: float
    eta_out: np.ndarray
    fraction_substrate: np.ndarray
    fraction_waveguide: np.ndarray
    fraction_spp: np.ndarray
    fraction_absorbed: np.ndarray
    fraction_far_side: np.ndarray
    purcell_factor: np.ndarray
    absorbed_by_layer: np.ndarray
    angle_deg: np.ndarray
    radiant_intensity_per_sr: np.ndarray
    layer_names: tuple = ()

    @property
    def angular_profile(self) -> np.ndarray:
        """Radiant intensity normalised to its value at the smallest angle."""
        ref = self.radiant_intensity_per_sr[..., :1]
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(ref > 0, self.radiant_intensity_per_sr / ref, np.nan)

    def spectrum(self, intrinsic) -> dict:
        """Microcavity-reshaped emission from an intrinsic (bulk) emitter spectrum.

        The power emitted at wavelength ``lambda`` into a channel is the intrinsic
        spectral density times the channel's normalised power ``P(lambda)`` (Neyts 1998;
        Furno et al. 2012): ``S_air = s eta_out F``, on axis
        ``S_0 = s I(0) F``, and the spectrally averaged outcoupling is
        ``sum(s eta_out F) / sum(s F)``.

        Parameters
        ----------
        intrinsic : array_like, shape (W,)
            Intrinsic spectral density on :attr:`wavelength_nm` (e.g. a Gaussian from
            :func:`peled.spectra.gaussian`), >= 0, not all zero.

        Returns
        -------
        dict
            ``intrinsic``, ``into_outer`` (angle integrated), ``on_axis_per_sr`` (both in
            the units of ``intrinsic``), and ``eta_out_spectral`` (float).
        """
        if np.ndim(self.position_nm):
            raise ParameterError("spectrum() needs a single dipole position, not a scan")
        s = np.asarray(intrinsic, dtype=float)
        if s.shape != self.wavelength_nm.shape or np.any(s < 0) or not np.any(s > 0):
            raise ParameterError(
                f"intrinsic spectrum must be >= 0 on the {self.wavelength_nm.size} "
                "result wavelengths and not all zero"
            )
        f = self.purcell_factor
        into = s * self.eta_out * f
        return {
            "intrinsic": s,
            "into_outer": into,
            "on_axis_per_sr": s * self.radiant_intensity_per_sr[:, 0] * f,
            "eta_out_spectral": float(into.sum() / (s * f).sum()),
        }

    def as_dict(self) -> dict:
        """Plain-Python dictionary: per-wavelength lists (``[position][wavelength]`` for a
        scan); the wavelength axis is dropped when W == 1."""
        single = self.wavelength_nm.size == 1

        def out(a):
            a = np.asarray(a)
            if single:
                a = a[..., 0]
            return float(a) if a.ndim == 0 else a.tolist()

        names = self.layer_names or tuple(
            f"layer_{i}" for i in range(self.absorbed_by_layer.shape[0])
        )
        intensity = self.radiant_intensity_per_sr
        profile = self.angular_profile
        if single:
            intensity, profile = intensity[..., 0, :], profile[..., 0, :]
        position = self.position_nm
        return {
            "wavelength_nm": out(self.wavelength_nm),
            "position_nm": position.tolist() if np.ndim(position) else position,
            "vertical_fraction": self.vertical_fraction,
            "eta_out": out(self.eta_out),
            "fraction_substrate": out(self.fraction_substrate),
            "fraction_waveguide": out(self.fraction_waveguide),
            "fraction_spp": out(self.fraction_spp),
            "fraction_absorbed": out(self.fraction_absorbed),
            "fraction_far_side": out(self.fraction_far_side),
            "purcell_factor": out(self.purcell_factor),
            "absorbed_by_layer": {
                name: out(a) for name, a in zip(names, self.absorbed_by_layer, strict=True)
            },
            "angle_deg": self.angle_deg.tolist(),
            "radiant_intensity_per_sr": intensity.tolist(),
            "angular_profile": profile.tolist(),
        }


def isotropic_escape_cone(n_emitter: float, n_outer: float = 1.0, fresnel: bool = True) -> float:
    """Ray-optics fraction of an isotropic point source escaping through one flat face.

    ``eta = int_0^theta_c (1/2) sin(theta) Tbar(theta) dtheta`` with ``theta_c =
    arcsin(n_out / n_e)`` and ``Tbar = (T_s + T_p) / 2`` the unpolarised Fresnel
    transmittance (Born & Wolf 1999, sec. 1.5.3); without Fresnel loss this is
    ``(1 - cos theta_c) / 2 ~ 1 / (4 n^2)``, and the classic ``1 / (2 n^2)`` (Greenham,
    Friend & Bradley, Adv. Mater. 6, 491 (1994)) assumes a perfect back mirror.

    Parameters
    ----------
    n_emitter, n_outer : float
        Real indices, ``n_emitter > n_outer > 0``.
    fresnel : bool
        Include the interface transmittance.

    Returns
    -------
    float
        Fraction (0 .. 1/2) of the emitted power that leaves through the face.

    Raises
    ------
    peled.errors.ParameterError
        Unless ``n_emitter > n_outer > 0``.

    References
    ----------
    Born & Wolf, *Principles of Optics*, 7th ed., Cambridge University Press (1999),
    sec. 1.5.3 (Fresnel transmittance); Greenham, Friend & Bradley, Adv. Mater. 6, 491
    (1994) (the ``1 / (2 n^2)`` estimate).

    Examples
    --------
    >>> round(isotropic_escape_cone(1.5, fresnel=False), 6)
    0.127322
    """
    ne, no = float(n_emitter), float(n_outer)
    if not ne > no > 0:
        raise ParameterError(f"need n_emitter > n_outer > 0, got {ne}, {no}")
    theta_c = np.arcsin(no / ne)
    if not fresnel:
        return float((1 - np.cos(theta_c)) / 2)

    def integrand(t):
        ci = np.cos(t)
        ct = np.sqrt(1 - (ne / no * np.sin(t)) ** 2)
        rs = (ne * ci - no * ct) / (ne * ci + no * ct)
        rp = (no * ci - ne * ct) / (no * ci + ne * ct)
        return 0.5 * np.sin(t) * (1 - (rs**2 + rp**2) / 2)

    return float(quad(integrand, 0.0, theta_c, epsabs=1e-13, epsrel=1e-12)[0])


def _escape(n0, n_out, n_full, d, k0, n_eff, where):
    """Escape factor ``T_out / (1 - R_out R_dev)`` per polarisation, shape (2, W, U).

    Evaluated only at the nodes ``where`` (the escape cone); 0 elsewhere.
    """
    rows, cols = np.nonzero(where)
    n_sel = n_full[:, rows]  # (L, K)
    ne = n_eff[rows, cols]
    n0_sel = n0[rows]
    no_sel = n_out[rows]
    k0_sel = k0[rows]
    kz = normal_index(n_sel, ne)
    kz0 = normal_index(n0_sel, ne)
    kzo = normal_index(no_sel, ne)
    out = np.zeros((2, *where.shape))
    for i, pol in enumerate(("s", "p")):
        q0 = wave_admittance(n0_sel, kz0, pol)
        qo = wave_admittance(no_sel, kzo, pol)
        r_out = np.abs((q0 - qo) / (q0 + qo)) ** 2
        q = wave_admittance(n_sel, kz, pol)
        r_dev = np.abs(stack_reflection(q, k0_sel * kz[1:-1] * d[:, None])) ** 2
        t_out = np.where(np.real(kzo) > 0, 1.0 - r_out, 0.0)
        den = 1.0 - r_out * r_dev
        out[i, rows, cols] = np.divide(t_out, den, out=np.zeros_like(t_out), where=t_out > 0)
    return out


def dipole_outcoupling(
    n,
    thickness_nm,
    emitter_layer: int,
    position_nm,
    wavelength_nm,
    *,
    outer_index=None,
    vertical_fraction: float = 1.0 / 3.0,
    n_u: int = 2000,
    angle_deg=DEFAULT_ANGLES_DEG,
    layer_names=(),
) -> OutcouplingResult:
    """Outcoupling efficiency and loss channels of dipoles in a planar multilayer.

    Parameters
    ----------
    n : array_like of complex, shape (L,) or (L, W)
        Complex index of each medium; medium 0 (viewing side: the substrate if
        ``outer_index`` is given) and medium L-1 are semi-infinite; medium 0 is taken
        as non-absorbing (its ``k`` is ignored).
    thickness_nm : array_like, shape (L - 2,)
        Finite-layer thicknesses in nm.
    emitter_layer : int
        Index of the emitting layer (1 .. L-2).
    position_nm : float or array_like of shape (P,)
        Dipole distance from the emitter layer's face towards medium 0, nm; an array
        scans positions in one vectorised call (results gain a leading P axis).
    wavelength_nm : array_like, shape (W,)
        Vacuum wavelengths in nm.
    outer_index : float or array_like of shape (W,), optional
        Index of the medium beyond a thick incoherent substrate (1.0 for air).
    vertical_fraction : float
        Fraction of vertical dipoles in [0, 1]; 1/3 is isotropic.
    n_u : int
        Gauss-Legendre nodes in ``u`` per wavelength (sharp guided modes need more).
    angle_deg : array_like
        Angles in the outer medium for the far field, degrees in [0, 90).
    layer_names : sequence of str
        Names of the media for :meth:`OutcouplingResult.as_dict`.

    Returns
    -------
    OutcouplingResult
        Purcell factor, outcoupled fraction ``eta_out`` and the loss channels
        (substrate, waveguided, surface plasmon, absorbed per layer) per wavelength
        (and position), with the far-field angular distribution.

    Raises
    ------
    peled.errors.ParameterError
        Non-positive or non-finite wavelengths; ``n`` of the wrong shape or with fewer
        than 3 media; ``angle_deg`` outside [0, 90); ``emitter_layer`` outside 1 .. L-2
        or ``thickness_nm`` without L - 2 values; ``position_nm`` not strictly inside the
        emitter layer; ``outer_index`` <= 0 or above the substrate index;
        ``vertical_fraction`` outside [0, 1].

    References
    ----------
    Furno, Meerheim, Hofmann, Lüssem & Leo, Phys. Rev. B 85, 115205 (2012); Neyts,
    J. Opt. Soc. Am. A 15, 962 (1998); Chance, Prock & Silbey, Adv. Chem. Phys. 37, 1
    (1978).

    Examples
    --------
    >>> r = dipole_outcoupling([1.5, 1.5, 1.5], [200.0], 1, 100.0, [500.0], n_u=200)
    >>> round(float(r.purcell_factor[0]), 9), round(float(r.eta_out[0]), 9)
    (1.0, 0.5)
    """
    a = float(fraction_array("vertical_fraction", vertical_fraction))
    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    if wl.ndim != 1 or not np.all(np.isfinite(wl)) or np.any(wl <= 0):
        raise ParameterError(f"wavelength_nm must be values > 0, got {wavelength_nm!r}")
    n_arr = np.asarray(n, dtype=complex)
    if n_arr.ndim == 1:
        n_arr = np.broadcast_to(n_arr[:, None], (n_arr.shape[0], wl.size)).copy()
    if n_arr.ndim != 2 or n_arr.shape[1] != wl.size or n_arr.shape[0] < 3:
        raise ParameterError(
            f"n must have shape (layers,) or (layers, {wl.size}) with >= 3 media, "
            f"got {np.shape(n)}"
        )
    n_arr = n_arr.copy()
    n_arr[0] = n_arr[0].real
    d = np.atleast_1d(np.asarray(thickness_nm, dtype=float)).reshape(-1)
    ang = np.atleast_1d(np.asarray(angle_deg, dtype=float))
    if not np.all(np.isfinite(ang)) or np.any((ang < 0) | (ang >= 90)):
        raise ParameterError(f"angle_deg must lie in [0, 90), got {angle_deg!r}")
    e = int(emitter_layer)
    if not 1 <= e <= n_arr.shape[0] - 2 or d.size != n_arr.shape[0] - 2:
        raise ParameterError(
            f"emitter_layer must be in 1..{n_arr.shape[0] - 2} and thickness_nm needs "
            f"{n_arr.shape[0] - 2} values"
        )
    pos = np.asarray(position_nm, dtype=float)
    if pos.ndim > 1 or pos.size == 0 or not np.all((pos > 0) & (pos < d[e - 1])):
        raise ParameterError(
            f"position_nm must lie strictly inside the emitter layer (0, {d[e - 1]:g}) nm, "
            f"got {position_nm}"
        )
    scan = pos.ndim == 1
    n_e = n_arr[e].real
    n0 = n_arr[0].real
    finite = n_arr[1:-1]
    dielectric = finite.real > finite.imag
    n_wg = np.max(np.where(dielectric, finite.real, 0.0), axis=0)
    n_wg = np.maximum(n_wg, n_e)
    if outer_index is not None:
        n_out = np.broadcast_to(np.asarray(outer_index, dtype=float), wl.shape)
        if not np.all(np.isfinite(n_out)) or np.any(n_out <= 0) or np.any(n_out > n0):
            raise ParameterError(
                f"outer_index must be > 0 and <= the substrate index, got {outer_index!r}"
            )
    else:
        n_out = n0
    z_min = float(min(pos.min(), d[e - 1] - pos.max()))
    k_e = 2 * np.pi * n_e / wl
    # |a_i| <= exp(-2 k_e |w| z_min): the integrand is below e^-24 beyond this u.
    tail = np.sqrt(1.0 + (12.0 / (k_e * z_min)) ** 2)
    u_sub, u_wg, u_out = n0 / n_e, n_wg / n_e, n_out / n_e
    u_last = n_arr[-1].real / n_e
    u_max = np.maximum(tail, 1.2 * np.maximum.reduce([u_sub, u_wg, u_last, np.ones_like(u_sub)]))
    breaks = np.stack(
        [np.zeros_like(u_sub), u_out, u_sub, u_last, u_wg, np.minimum(1.0, u_max), u_max], axis=1
    )
    u, weights = u_quadrature(breaks, n_u)
    power = dipole_power(n_arr, d, e, position_nm, wl, u)
    total = power.oriented("total", a)
    purcell = (total * weights).sum(axis=-1)
    to_first = power.to_first  # (3, W, U)
    to_last = power.oriented("to_last", a)
    absorbed = power.oriented("absorbed", a)  # (L, W, U)
    radiative = u < u_sub[:, None]
    cone = u < u_out[:, None]
    wg = (~radiative) & (u < u_wg[:, None])
    spp = (~radiative) & (u >= u_wg[:, None])
    k0 = (2 * np.pi / wl)[:, None]
    n_eff = u * n_e[:, None]
    if outer_index is not None:
        esc = _escape(n0, n_out, n_arr, d, k0[:, 0], n_eff, cone)
        esc_c = np.stack([esc[0 if pol == "s" else 1] for _, pol, _ in COMPONENTS])
    else:
        esc_c = np.ones((3, *u.shape))
    if scan:
        esc_c = esc_c[:, None]
    orient = np.array([a, 1 - a, 1 - a]).reshape((3,) + (1,) * (to_first.ndim - 1))
    into_first = (orient * to_first).sum(axis=0)
    escaped = (orient * to_first * esc_c).sum(axis=0)

    def integral(x, mask=None):
        x = x if mask is None else np.where(mask, x, 0.0)
        return (x * weights).sum(axis=-1) / purcell

    eta = integral(escaped, cone)
    lost = integral(into_first - escaped, cone)
    substrate = integral(into_first, radiative & ~cone)
    far = integral(to_last)
    guided_rest = total - to_last
    result = OutcouplingResult(
        wavelength_nm=wl,
        position_nm=pos.copy() if scan else float(pos),
        vertical_fraction=a,
        eta_out=eta,
        fraction_substrate=substrate,
        fraction_waveguide=integral(guided_rest, wg),
        fraction_spp=integral(guided_rest, spp),
        fraction_absorbed=integral(absorbed.sum(axis=0), radiative) + lost,
        fraction_far_side=far,
        purcell_factor=purcell,
        absorbed_by_layer=integral(absorbed),
        angle_deg=ang,
        radiant_intensity_per_sr=_far_field(
            n_arr, d, e, pos, wl, ang, n_out, n0, a, outer_index is not None, purcell
        ),
        layer_names=tuple(layer_names),
    )
    return result


def _far_field(n_arr, d, e, position_nm, wl, ang, n_out, n0, a, incoherent, purcell):
    """Radiant intensity per steradian in the outer medium, shape (W, A)."""
    theta = np.deg2rad(np.maximum(ang, 1e-3))
    n_e = n_arr[e].real
    u = n_out[:, None] * np.sin(theta)[None, :] / n_e[:, None]
    power = dipole_power(n_arr, d, e, position_nm, wl, u)
    if incoherent:
        k0 = (2 * np.pi / wl)[:, None]
        n_eff = u * n_e[:, None]
        esc = _escape(n0, n_out, n_arr, d, k0[:, 0], n_eff, np.ones(u.shape, bool))
        esc_c = np.stack([esc[0 if pol == "s" else 1] for _, pol, _ in COMPONENTS])
        if np.ndim(position_nm) == 1:
            esc_c = esc_c[:, None]
    else:
        esc_c = 1.0
    orient = np.array([a, 1 - a, 1 - a]).reshape((3,) + (1,) * (power.to_first.ndim - 1))
    p = (orient * power.to_first * esc_c).sum(axis=0)
    jac = n_out[:, None] ** 2 * np.cos(theta)[None, :] / (2 * np.pi * n_e[:, None] ** 2 * u)
    return p * jac / purcell[..., None]
