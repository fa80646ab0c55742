"""Optics of a validated device stack (:class:`peled.device.stack.Stack`).

Optical model of a stack file (``docs/stack-schema.md``): the layers left to right on
a thick, incoherent substrate (``[optics] substrate``, on the left), with air beyond the
substrate and air beyond the last layer.  Optical constants per layer, in order of
precedence: ``n``/``k`` constants, a shipped material ``nk`` (:data:`MATERIALS`), an
``nk_file`` (parsed at the edge, passed in as ``nk_tables``), or, when none is given,
the shipped material of the layer's name.  The substrate uses the shipped material of
its name when there is one, else ``substrate_n``/``substrate_k``.

Assumptions (not keys of the schema): both outer media are air (``n = 1``); the
substrate is non-absorbing for the dipole model and 1 mm thick for the plane-wave
``rt`` calculation (its thickness only matters when ``substrate_k > 0``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from peled.device.optics.nk import MATERIALS, get_material
from peled.device.optics.outcoupling import (
    DEFAULT_ANGLES_DEG,
    OutcouplingResult,
    dipole_outcoupling,
)
from peled.device.optics.transfer_matrix import RTResult, rt
from peled.device.stack import Stack
from peled.errors import ParameterError
from peled.spectra import gaussian

__all__ = [
    "AIR_INDEX",
    "EmissionSpectrum",
    "SUBSTRATE_THICKNESS_NM",
    "emission_spectrum",
    "outcoupling",
    "reflectance_transmittance",
    "stack_media",
]

#: Index of the outer media on both sides (assumption: air; 1.00027 at 550 nm, Ciddor,
#: Appl. Opt. 35, 1566 (1996), is 1 within the accuracy of the layer data).
AIR_INDEX: float = 1.0
#: Substrate thickness for the incoherent plane-wave calculation (assumption: 1 mm
#: display/lab glass; irrelevant for a non-absorbing substrate).
SUBSTRATE_THICKNESS_NM: float = 1.0e6


def _layer_nk(layer, wavelength_nm, nk_tables, source):
    if layer.n is not None:
        return np.full(wavelength_nm.shape, complex(layer.n, layer.k or 0.0))
    if layer.nk_table is not None:
        return get_material(layer.nk_table).nk(wavelength_nm)
    if layer.nk_file is not None:
        table = (nk_tables or {}).get(layer.nk_file)
        if table is None:
            raise ParameterError(
                f"{source}: layer {layer.name!r}: nk_file {layer.nk_file!r} was not loaded "
                "(read it with peled.io_nk.read_nk_files)"
            )
        return table.nk(wavelength_nm)
    lookup = {key.lower(): key for key in MATERIALS}
    if layer.name.lower() in lookup:
        return MATERIALS[lookup[layer.name.lower()]].nk(wavelength_nm)
    raise ParameterError(
        f"{source}: layer {layer.name!r} has no optical constants; give n and k, "
        "nk = <shipped material> or nk_file"
    )


def stack_media(stack: Stack, wavelength_nm, nk_tables: Mapping | None = None):
    """Complex indices of substrate, layers and air for the optical calculations.

    Parameters
    ----------
    stack : peled.device.stack.Stack
        Validated stack (layers, ``[optics]``).
    wavelength_nm : array_like, shape (W,)
        Vacuum wavelengths in nm.
    nk_tables : mapping of str to TabulatedNK, optional
        Parsed ``nk_file`` tables keyed by the file name as written in the stack.

    Returns
    -------
    names : tuple of str
        ``("substrate:<name>", <layers>..., "air")``.
    n : numpy.ndarray of complex, shape (L, W)
        Complex index ``n + i k`` of each medium per wavelength.
    thickness_nm : numpy.ndarray, shape (L - 2,)
        Thicknesses of the device layers, nm.

    Raises
    ------
    peled.errors.ParameterError
        A layer without optical constants (no ``n``/``k``, ``nk``, ``nk_file`` and no
        shipped material of its name), an ``nk_file`` missing from ``nk_tables``, or a
        wavelength outside the validity range of a material's dispersion model.

    References
    ----------
    Optical constants of the shipped materials: see :data:`peled.device.optics.MATERIALS`
    (each entry carries its source).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> names, n, d = stack_media(load_stack(example_stack_path("green_cspbbr3")), [520.0])
    >>> names[0], names[-1], n.shape, d.tolist()[:2]
    ('substrate:glass', 'air', (9, 1), [150.0, 40.0])
    """
    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    opt = stack.optics
    lookup = {key.lower(): key for key in MATERIALS}
    if opt.substrate.lower() in lookup:
        substrate = MATERIALS[lookup[opt.substrate.lower()]].nk(wl)
    else:
        substrate = np.full(wl.shape, complex(opt.substrate_n, opt.substrate_k))
    rows = [substrate]
    rows += [_layer_nk(layer, wl, nk_tables, stack.source) for layer in stack.layers]
    rows.append(np.full(wl.shape, complex(AIR_INDEX)))
    names = (f"substrate:{opt.substrate}", *(layer.name for layer in stack.layers), "air")
    thickness = np.array([layer.thickness_nm for layer in stack.layers], dtype=float)
    return names, np.stack(rows), thickness


def reflectance_transmittance(
    stack: Stack,
    wavelength_nm,
    angle_deg=0.0,
    polarization: str = "unpolarized",
    nk_tables: Mapping | None = None,
) -> tuple[tuple[str, ...], RTResult]:
    """Reflectance, transmittance and absorptance per layer of a stack seen through its
    substrate (light from air, through the incoherent substrate, out into air).

    Parameters
    ----------
    stack : peled.device.stack.Stack
        Validated stack (layers, ``[optics]``).
    wavelength_nm : array_like, shape (W,)
        Vacuum wavelengths, nm.
    angle_deg : array_like, shape (A,)
        Angles of incidence in air, degrees in [0, 90).
    polarization : {"s", "p", "unpolarized"}
        ``unpolarized`` averages the s and p power fractions.
    nk_tables : mapping, optional
        Parsed ``nk_file`` tables (:func:`stack_media`).

    Returns
    -------
    names : tuple of str
        Media names ``("air:incident", "substrate:<name>", <layers>..., "air:exit")``.
    RTResult
        As :func:`peled.device.optics.rt` with the substrate incoherent.

    Raises
    ------
    peled.errors.ParameterError
        As :func:`stack_media` (missing optical constants) and
        :func:`peled.device.optics.rt` (angles outside [0, 90), unknown polarization).

    References
    ----------
    Transfer matrices: Born & Wolf, *Principles of Optics* (1999), sec. 1.6; incoherent
    substrate: Mitsas & Siapkas, Appl. Opt. 34, 1678 (1995).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> names, res = reflectance_transmittance(
    ...     load_stack(example_stack_path("green_cspbbr3")), [520.0], [0.0])
    >>> names[0], names[-1]
    ('air:incident', 'air:exit')
    >>> round(float(res.transmittance[0, 0]), 6)      # opaque 100 nm Al cathode
    0.0
    >>> round(float(res.reflectance[0, 0]), 3)
    0.665
    """
    names, n, d = stack_media(stack, wavelength_nm, nk_tables)
    n_all = np.concatenate([np.full((1, n.shape[1]), complex(AIR_INDEX)), n])
    d_all = np.concatenate([[SUBSTRATE_THICKNESS_NM], d])
    result = rt(n_all, d_all, wavelength_nm, angle_deg, polarization, incoherent_layer=1)
    return ("air:incident", *names[:-1], "air:exit"), result


def _vertical_fraction(opt) -> float:
    if opt.horizontal_dipole_fraction is not None:
        return 1.0 - float(opt.horizontal_dipole_fraction)
    return {"isotropic": 1.0 / 3.0, "horizontal": 0.0, "vertical": 1.0}[opt.dipole_orientation]


def outcoupling(
    stack: Stack,
    wavelength_nm,
    position_nm=None,
    *,
    nk_tables: Mapping | None = None,
    n_u: int = 2000,
    angle_deg=DEFAULT_ANGLES_DEG,
) -> OutcouplingResult:
    """Outcoupling efficiency, loss channels and Purcell factor of a stack's emitter.

    Bottom emission through the substrate into air: the dipole sits in
    ``[optics] emitter_layer`` at ``position_nm`` from its left (substrate-side) edge
    (default ``emitter_position_nm``, else the centre), with the orientation of
    ``dipole_orientation`` / ``horizontal_dipole_fraction``.

    Parameters
    ----------
    stack : peled.device.stack.Stack
        Validated stack (layers, ``[optics]``).
    wavelength_nm : array_like, shape (W,)
        Vacuum emission wavelengths, nm.
    position_nm : float, optional
        Overrides the stack's dipole position (strictly inside the emitter layer).
    nk_tables : mapping, optional
        Parsed ``nk_file`` tables.
    n_u : int
        Quadrature nodes in the in-plane wavevector.
    angle_deg : array_like
        Far-field angles in air, degrees.

    Returns
    -------
    OutcouplingResult
        Fractions defined in :mod:`peled.device.optics.outcoupling`.

    Raises
    ------
    peled.errors.ParameterError
        Missing optical constants (:func:`stack_media`) or a ``position_nm`` not strictly
        inside the emitter layer (:func:`peled.device.optics.dipole_outcoupling`).

    References
    ----------
    Furno et al., Phys. Rev. B 85, 115205 (2012); Neyts, J. Opt. Soc. Am. A 15, 962
    (1998).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> res = outcoupling(load_stack(example_stack_path("green_cspbbr3")), [516.0])
    >>> round(float(res.eta_out[0]), 3), round(float(res.purcell_factor[0]), 3)
    (0.194, 1.089)
    >>> round(float(res.fraction_substrate[0]), 3), round(float(res.fraction_waveguide[0]), 3)
    (0.358, 0.343)
    """
    names, n, d = stack_media(stack, wavelength_nm, nk_tables)
    emitter = stack.emitter
    index = 1 + [layer.name for layer in stack.layers].index(emitter.name)
    if position_nm is None:
        position_nm = stack.optics.emitter_position_nm
    if position_nm is None:
        position_nm = emitter.thickness_nm / 2.0
    return dipole_outcoupling(
        n,
        d,
        index,
        position_nm,
        wavelength_nm,
        outer_index=AIR_INDEX,
        vertical_fraction=_vertical_fraction(stack.optics),
        n_u=n_u,
        angle_deg=angle_deg,
        layer_names=names,
    )


@dataclass(frozen=True)
class EmissionSpectrum:
    """Microcavity-reshaped emission of a stack (bottom emission into air).

    Attributes
    ----------
    wavelength_nm : numpy.ndarray, shape (W,)
        Vacuum wavelengths (nm).
    intrinsic : numpy.ndarray, shape (W,)
        Intrinsic (bulk) emitter spectrum, unit peak height.
    into_air : numpy.ndarray, shape (W,)
        Angle-integrated spectrum leaving into air, ``s eta_out F`` (same units).
    on_axis_per_sr : numpy.ndarray, shape (W,)
        Spectrum emitted along the normal, per steradian.
    eta_out_spectral : float
        ``sum(s eta_out F) / sum(s F)``: outcoupled photons per emitted photon.
    purcell_factor_spectral : float
        ``sum(s F) / sum(s)``: decay rate relative to the bulk, spectrally averaged.
    angle_deg : numpy.ndarray, shape (A,)
        Far-field angles in air (degrees).
    angular_profile : numpy.ndarray, shape (A,)
        Spectrally integrated radiant intensity in air normalised to the normal.

    References
    ----------
    Neyts, J. Opt. Soc. Am. A 15, 962 (1998); Furno et al., Phys. Rev. B 85, 115205
    (2012).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> spec = emission_spectrum(load_stack(example_stack_path("green_cspbbr3")),
    ...                          np.arange(506.0, 527.0, 5.0), n_u=400)
    >>> d = spec.as_dict()
    >>> d["peak_intrinsic_nm"], len(d["into_air"]), float(spec.angular_profile[0])
    (516.0, 5, 1.0)
    """

    wavelength_nm: np.ndarray
    intrinsic: np.ndarray
    into_air: np.ndarray
    on_axis_per_sr: np.ndarray
    eta_out_spectral: float
    purcell_factor_spectral: float
    angle_deg: np.ndarray
    angular_profile: np.ndarray

    def as_dict(self) -> dict:
        """Plain-Python dictionary with peak wavelengths of the three spectra."""
        wl = self.wavelength_nm
        return {
            "wavelength_nm": wl.tolist(),
            "intrinsic": self.intrinsic.tolist(),
            "into_air": self.into_air.tolist(),
            "on_axis_per_sr": self.on_axis_per_sr.tolist(),
            "peak_intrinsic_nm": float(wl[np.argmax(self.intrinsic)]),
            "peak_into_air_nm": float(wl[np.argmax(self.into_air)]),
            "peak_on_axis_nm": float(wl[np.argmax(self.on_axis_per_sr)]),
            "eta_out_spectral": self.eta_out_spectral,
            "purcell_factor_spectral": self.purcell_factor_spectral,
            "angle_deg": self.angle_deg.tolist(),
            "angular_profile": self.angular_profile.tolist(),
        }


def emission_spectrum(
    stack: Stack,
    wavelength_nm=None,
    position_nm=None,
    *,
    nk_tables: Mapping | None = None,
    n_u: int = 1000,
    angle_deg=DEFAULT_ANGLES_DEG,
) -> EmissionSpectrum:
    """Outcoupled electroluminescence spectrum and angular profile of a stack.

    The intrinsic spectrum is the Gaussian of ``[optics] emission_peak_nm`` and
    ``emission_fwhm_nm`` (:func:`peled.spectra.gaussian`); at each wavelength the
    emitted power is weighted by the normalised dipole power into air, ``eta_out F``
    (Neyts, J. Opt. Soc. Am. A 15, 962 (1998); Furno et al., Phys. Rev. B 85, 115205
    (2012)).

    Parameters
    ----------
    stack : peled.device.stack.Stack
        Validated stack (layers, ``[optics]``).
    wavelength_nm : array_like, optional
        Wavelength grid, nm (default: peak +- 3 FWHM in 1 nm steps).
    position_nm : float, optional
        Dipole position (as :func:`outcoupling`).
    nk_tables : mapping, optional
        Parsed ``nk_file`` tables.
    n_u : int
        Quadrature nodes in the in-plane wavevector.
    angle_deg : array_like
        Far-field angles in air, degrees.

    Returns
    -------
    EmissionSpectrum
        Intrinsic, into-air and on-axis spectra on the grid, the spectrally averaged
        outcoupling and Purcell factor, and the angular profile.

    Raises
    ------
    peled.errors.ParameterError
        As :func:`outcoupling`.

    References
    ----------
    Neyts, J. Opt. Soc. Am. A 15, 962 (1998); Furno, Meerheim, Hofmann, Lüssem & Leo,
    Phys. Rev. B 85, 115205 (2012).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> spec = emission_spectrum(load_stack(example_stack_path("green_cspbbr3")))
    >>> round(spec.eta_out_spectral, 3), round(spec.purcell_factor_spectral, 3)
    (0.194, 1.089)
    >>> spec.as_dict()["peak_into_air_nm"]     # the 516 nm emitter peak is kept
    516.0
    """
    peak = stack.optics.emission_peak_nm
    width = stack.optics.emission_fwhm_nm
    if wavelength_nm is None:
        lo, hi = max(peak - 3 * width, 1.0), peak + 3 * width
        wavelength_nm = np.linspace(lo, hi, max(31, int(round(hi - lo)) + 1))
    wl = np.atleast_1d(np.asarray(wavelength_nm, dtype=float))
    intrinsic = gaussian(peak, width, wl)
    res = outcoupling(stack, wl, position_nm, nk_tables=nk_tables, n_u=n_u, angle_deg=angle_deg)
    spec = res.spectrum(intrinsic)
    weight = intrinsic * res.purcell_factor
    angular = (weight[:, None] * res.radiant_intensity_per_sr).sum(axis=0)
    return EmissionSpectrum(
        wavelength_nm=wl,
        intrinsic=intrinsic,
        into_air=spec["into_outer"],
        on_axis_per_sr=spec["on_axis_per_sr"],
        eta_out_spectral=spec["eta_out_spectral"],
        purcell_factor_spectral=float(weight.sum() / intrinsic.sum()),
        angle_deg=res.angle_deg,
        angular_profile=angular / angular[0],
    )
