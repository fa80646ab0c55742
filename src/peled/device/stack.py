"""Device stack description for the drift-diffusion and optics simulators.

A stack is the TOML-shaped mapping documented in ``docs/stack-schema.md``; this module
validates it and returns frozen dataclasses.  It does no file I/O: the loader
:func:`peled.io_stack.load_stack` reads the TOML file and calls
:func:`stack_from_mapping`.

Conventions
-----------
* Every key carries its unit in its name.  Densities are per cubic metre
  (``*_per_m3``), interface densities per square metre (``*_per_m2``), mobilities in
  m^2/(V s) (``*_m2_vs``), velocities in m/s (``*_m_s``), capture and radiative
  coefficients in m^3/s (``*_m3_s``), Auger coefficients in m^6/s (``*_m6_s``).
* Energies (``*_ev``) are measured downward from the local vacuum level: the
  conduction-band edge is at ``-electron_affinity_ev``, the valence-band edge at
  ``-ionisation_energy_ev``, a trap at ``-energy_ev``, a contact Fermi level at
  ``-work_function_ev``.
* Layers are listed left to right.  The applied voltage is the potential of the left
  contact relative to the right one (forward bias when the left contact is the anode).
* ``electrical = false`` marks a passive optical layer (electrode, substrate-side
  coating, capping layer); such layers carry only ``name``, ``thickness_nm`` and optical
  constants and must sit outside the electrically active layers.

Unknown keys raise :class:`StackError` naming the key and the closest valid one
(:func:`peled.io.toml.closest`); non-physical values raise :class:`StackError`
naming the source, the layer and the key.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from peled.errors import ParameterError
from peled.io.toml import closest

__all__ = [
    "Contacts",
    "Grid",
    "Interface",
    "Layer",
    "OpticsSettings",
    "Stack",
    "StackError",
    "Sweep",
    "Trap",
    "stack_from_mapping",
]


class StackError(ParameterError):
    """An invalid stack description (unknown key, missing key, non-physical value).

    A :class:`peled.errors.ParameterError`: the CLI prints its one-line message (which
    names the stack source, the layer and the key) and exits with code 2.

    Examples
    --------
    >>> try:
    ...     stack_from_mapping({"layer": []}, "dev.toml")
    ... except StackError as exc:
    ...     print(type(exc).__name__, isinstance(exc, ParameterError))
    StackError True
    """


TRAP_TYPES = ("acceptor", "donor", "neutral")
DIPOLE_ORIENTATIONS = ("isotropic", "horizontal", "vertical")
SWEEP_DIRECTIONS = ("forward", "reverse", "both")


@dataclass(frozen=True)
class Trap:
    """A single-level bulk (or interface) trap.

    Attributes
    ----------
    density_per_m3 : float
        Trap density N_t (m^-3), >= 0.
    energy_ev : float
        Trap level below vacuum (eV); must lie inside the gap of its layer.
    cn_m3_s, cp_m3_s : float
        Electron and hole capture coefficients (m^3/s), >= 0.
    type : str
        ``"acceptor"`` (negative when filled by an electron), ``"donor"`` (positive when
        empty) or ``"neutral"`` (no charge; recombination only).

    References
    ----------
    Shockley & Read, Phys. Rev. 87, 835 (1952); Hall, Phys. Rev. 87, 387 (1952)
    (single-level recombination through the capture coefficients c_n, c_p).

    Examples
    --------
    >>> Trap(1e22, 4.7, 1e-16, 1e-16, "acceptor").type
    'acceptor'
    """

    density_per_m3: float
    energy_ev: float
    cn_m3_s: float
    cp_m3_s: float
    type: str = "neutral"


@dataclass(frozen=True)
class Layer:
    """One layer of the stack (see the module docstring for conventions).

    Electrical attributes are ``None`` for a passive (``electrical = false``) layer.
    Optical constants: either ``n``/``k`` constants, a shipped table name ``nk_table``
    (TOML key ``nk``) or a file ``nk_file``; at most one of the three forms.

    Attributes
    ----------
    name : str
        Unique layer name.
    thickness_nm : float
        Thickness (nm, > 0).
    electrical : bool
        False for a passive optical layer.
    eps_r : float
        Relative static permittivity (> 0).
    electron_affinity_ev, ionisation_energy_ev : float
        Conduction- and valence-band edges below vacuum (eV); their difference is the
        transport gap.
    nc_per_m3, nv_per_m3 : float
        Effective densities of states of the bands (m^-3).
    mu_n_m2_vs, mu_p_m2_vs : float
        Electron and hole mobilities (m^2/(V s)).
    pf_gamma_n_sqrt_m_v, pf_gamma_p_sqrt_m_v : float
        Poole-Frenkel field-enhancement coefficients, ``mu = mu_0 exp(gamma sqrt(F))``
        ((m/V)^1/2; 0: constant mobility).
    donor_per_m3, acceptor_per_m3 : float
        Ionised dopant densities (m^-3).
    traps : tuple of Trap
        Bulk traps.
    k_rad_m3_s : float
        Bimolecular radiative coefficient (m^3/s).
    auger_n_m6_s, auger_p_m6_s : float
        Auger coefficients (m^6/s).
    anion_per_m3, cation_per_m3 : float
        Mean mobile-ion densities (m^-3), each on a static compensating background of
        the same density in this layer.
    mu_anion_m2_vs, mu_cation_m2_vs : float
        Ion mobilities (m^2/(V s)); > 0 with zero density: ions of a neighbouring layer
        with ``ions_confined = false`` may enter this one (0 blocks them).
    ions_confined : bool
        True: the layer's ions stay in it (blocking boundaries).  False: they may cross
        into neighbouring layers with a non-zero mobility for them (Calado et al.,
        J. Comput. Electron. 21, 960 (2022)); the number of ions is conserved over the layers they
        can reach.
    n, k : float or None
        Constant optical constants ``n + i k``.
    nk_table : str or None
        Name of a shipped material (:data:`peled.device.optics.MATERIALS`).
    nk_file : str or None
        Name of a ``wavelength_nm,n,k`` file beside the stack.

    Examples
    --------
    >>> layer = Layer("CsPbBr3", 40.0, electron_affinity_ev=3.6, ionisation_energy_ev=5.9)
    >>> round(layer.thickness_m * 1e9, 9), round(layer.bandgap_ev, 9)
    (40.0, 2.3)
    """

    name: str
    thickness_nm: float
    electrical: bool = True
    eps_r: float | None = None
    electron_affinity_ev: float | None = None
    ionisation_energy_ev: float | None = None
    nc_per_m3: float | None = None
    nv_per_m3: float | None = None
    mu_n_m2_vs: float | None = None
    mu_p_m2_vs: float | None = None
    pf_gamma_n_sqrt_m_v: float = 0.0
    pf_gamma_p_sqrt_m_v: float = 0.0
    donor_per_m3: float = 0.0
    acceptor_per_m3: float = 0.0
    traps: tuple[Trap, ...] = ()
    k_rad_m3_s: float = 0.0
    auger_n_m6_s: float = 0.0
    auger_p_m6_s: float = 0.0
    anion_per_m3: float = 0.0
    cation_per_m3: float = 0.0
    mu_anion_m2_vs: float = 0.0
    mu_cation_m2_vs: float = 0.0
    ions_confined: bool = True
    n: float | None = None
    k: float | None = None
    nk_table: str | None = None
    nk_file: str | None = None

    @property
    def thickness_m(self) -> float:
        """Thickness in metres."""
        return self.thickness_nm * 1e-9

    @property
    def bandgap_ev(self) -> float | None:
        """Transport gap ``ionisation_energy_ev - electron_affinity_ev`` (eV)."""
        if self.electron_affinity_ev is None or self.ionisation_energy_ev is None:
            return None
        return self.ionisation_energy_ev - self.electron_affinity_ev


@dataclass(frozen=True)
class Interface:
    """The interface between two adjacent electrical layers ``left`` | ``right``.

    ``vn_m_s``/``vp_m_s`` are the interface transfer velocities of electrons and
    holes (``None``: no extra transfer limitation).  The interface trap (density per
    m^2, level below vacuum, capture coefficients) recombines electrons from the side
    with the lower conduction band with holes from the side with the higher valence band.

    Attributes
    ----------
    left, right : str
        Names of the two adjacent electrical layers.
    vn_m_s, vp_m_s : float or None
        Interface transfer velocities of electrons and holes (m/s).
    trap_per_m2 : float
        Interface trap density (m^-2).
    trap_energy_ev : float or None
        Interface trap level below vacuum (eV), inside the interface gap.
    trap_cn_m3_s, trap_cp_m3_s : float
        Capture coefficients of the interface trap (m^3/s).

    References
    ----------
    Shockley & Read, Phys. Rev. 87, 835 (1952) (the interface trap recombines with the
    single-level rate, per unit area).

    Examples
    --------
    >>> itf = Interface("HTL", "EML", trap_per_m2=1e16, trap_energy_ev=4.5,
    ...                 trap_cn_m3_s=1e-16, trap_cp_m3_s=1e-16)
    >>> itf.left, itf.right, itf.vn_m_s is None
    ('HTL', 'EML', True)
    """

    left: str
    right: str
    vn_m_s: float | None = None
    vp_m_s: float | None = None
    trap_per_m2: float = 0.0
    trap_energy_ev: float | None = None
    trap_cn_m3_s: float = 0.0
    trap_cp_m3_s: float = 0.0


@dataclass(frozen=True)
class Contacts:
    """Left and right contacts, parasitic resistances.

    Surface recombination velocities ``None`` mean infinite (carrier densities fixed at
    their thermionic-equilibrium values).  ``series_resistance_ohm_cm2`` >= 0;
    ``shunt_resistance_ohm_cm2`` ``None`` means no shunt.

    Attributes
    ----------
    left_work_function_ev, right_work_function_ev : float
        Contact Fermi levels below vacuum (eV).
    left_sn_m_s, left_sp_m_s, right_sn_m_s, right_sp_m_s : float or None
        Surface recombination velocities of electrons and holes at each contact (m/s).
    series_resistance_ohm_cm2 : float
        Series resistance times area (ohm cm^2).
    shunt_resistance_ohm_cm2 : float or None
        Shunt resistance times area (ohm cm^2).

    Examples
    --------
    >>> c = Contacts(5.0, 2.9)
    >>> c.left_sn_m_s is None, c.series_resistance_ohm_cm2, c.shunt_resistance_ohm_cm2
    (True, 0.0, None)

    References
    ----------
    Selberherr, *Analysis and Simulation of Semiconductor Devices*, Springer (1984),
    sec. 5.1 (contact boundary conditions with a finite recombination velocity).
    """

    left_work_function_ev: float
    right_work_function_ev: float
    left_sn_m_s: float | None = None
    left_sp_m_s: float | None = None
    right_sn_m_s: float | None = None
    right_sp_m_s: float | None = None
    series_resistance_ohm_cm2: float = 0.0
    shunt_resistance_ohm_cm2: float | None = None


@dataclass(frozen=True)
class Grid:
    """Spatial grid: total node count and clustering of nodes towards layer boundaries.

    ``interface_refinement`` in [0, 0.99]: 0 gives uniform spacing in each layer; r > 0
    shrinks the spacing next to each layer boundary by the factor (1 - r).

    Attributes
    ----------
    points : int
        Total node count including the two contacts (default 250: the default J-V of
        the shipped example stacks converges on it within a fraction of a second per
        voltage).
    interface_refinement : float
        Refinement r (default 0.9: a tenth of the mean spacing at each boundary,
        where the densities vary fastest).

    Examples
    --------
    >>> Grid()
    Grid(points=250, interface_refinement=0.9)
    """

    points: int = 250
    interface_refinement: float = 0.9


@dataclass(frozen=True)
class Sweep:
    """Voltage sweep: ``start_v`` to ``stop_v`` in steps of ``step_v`` (> 0).

    ``direction``: ``forward`` (start to stop), ``reverse`` (stop to start) or ``both``;
    ``scan_rate_v_s`` is used by transient sweeps only.

    Attributes
    ----------
    start_v, stop_v : float
        End points (V); defaults 0 and 3 V, the range of a visible perovskite LED's
        J-V-L measurement.
    step_v : float
        Step (V, > 0; default 0.05 V).
    direction : str
        ``forward``, ``reverse`` or ``both``.
    scan_rate_v_s : float or None
        Scan rate of a transient sweep (V/s).

    Examples
    --------
    >>> from peled.device.driftdiffusion import sweep_voltages
    >>> s = Sweep(stop_v=0.2)
    >>> sweep_voltages(s.start_v, s.stop_v, s.step_v, s.direction).tolist()
    [0.0, 0.05, 0.1, 0.15, 0.2]
    """

    start_v: float = 0.0
    stop_v: float = 3.0
    step_v: float = 0.05
    direction: str = "forward"
    scan_rate_v_s: float | None = None


@dataclass(frozen=True)
class OpticsSettings:
    """The ``[optics]`` table.

    Attributes
    ----------
    substrate : str
        Name of the (incoherent, thick) substrate on the left side, e.g. ``"glass"``.
    substrate_n, substrate_k : float
        Its optical constants (used when no table of that name is shipped; defaults
        1.52 and 0: transparent display glass, cf. SCHOTT N-BK7 n_d = 1.5168).
    emitter_layer : str or None
        Name of the emitting layer (default: the electrical layer with the largest
        ``k_rad_m3_s``).
    emitter_position_nm : float or None
        Dipole position measured from the left edge of the emitter layer (default centre).
    dipole_orientation : str
        ``isotropic``, ``horizontal`` or ``vertical``.
    horizontal_dipole_fraction : float or None
        Fraction of horizontal dipoles (overrides ``dipole_orientation``; 2/3 is isotropic).
    outcoupling : float or None
        Explicit outcoupling efficiency for EQE = IQE x radiative_efficiency x
        outcoupling; ``None`` (default): computed by the dipole model of
        :mod:`peled.device.optics`.
    radiative_efficiency : float
        Fraction of radiative recombination events that emit a photon (quenching not
        described by the drift-diffusion rates); 1 by default.
    emission_peak_nm, emission_fwhm_nm : float
        Gaussian intrinsic emission spectrum (for luminance and ``el_spectrum.csv``);
        defaults 520 nm and 20 nm, a green CsPbBr3 emitter.

    Examples
    --------
    >>> o = OpticsSettings()
    >>> o.substrate, o.substrate_n, o.outcoupling, o.dipole_orientation
    ('glass', 1.52, None, 'isotropic')
    """

    substrate: str = "glass"
    substrate_n: float = 1.52
    substrate_k: float = 0.0
    emitter_layer: str | None = None
    emitter_position_nm: float | None = None
    dipole_orientation: str = "isotropic"
    horizontal_dipole_fraction: float | None = None
    outcoupling: float | None = None
    radiative_efficiency: float = 1.0
    emission_peak_nm: float = 520.0
    emission_fwhm_nm: float = 20.0


@dataclass(frozen=True)
class Stack:
    """A validated device stack (layers left to right).

    Built by :func:`stack_from_mapping` (or :func:`peled.io_stack.load_stack`).

    Attributes
    ----------
    layers : tuple of Layer
        All layers, left to right.
    contacts : Contacts
        Contacts and parasitic resistances.
    interfaces : tuple of Interface
        Interfaces with transfer velocities or traps.
    grid, sweep, optics : Grid, Sweep, OpticsSettings
        The ``[grid]``, ``[sweep]`` and ``[optics]`` tables.
    temperature_k : float
        Device temperature (K; default 300 K, room temperature).
    area_cm2 : float
        Pixel area (cm^2; default 0.04 cm^2, a 2 mm x 2 mm laboratory pixel).
    title : str
        Free text.
    source : str
        File name used in messages.

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> stack = load_stack(example_stack_path("green_cspbbr3"))
    >>> [layer.name for layer in stack.electrical_layers]   # ITO, PEDOT:PSS, LiF, Al passive
    ['poly-TPD', 'CsPbBr3', 'TPBi']
    >>> stack.emitter.name, stack.temperature_k
    ('CsPbBr3', 300.0)
    """

    layers: tuple[Layer, ...]
    contacts: Contacts
    interfaces: tuple[Interface, ...] = ()
    grid: Grid = field(default_factory=Grid)
    sweep: Sweep = field(default_factory=Sweep)
    optics: OpticsSettings = field(default_factory=OpticsSettings)
    temperature_k: float = 300.0
    area_cm2: float = 0.04
    title: str = ""
    source: str = "<stack>"

    @property
    def electrical_layers(self) -> tuple[Layer, ...]:
        """The electrically active layers (contiguous, left to right)."""
        return tuple(layer for layer in self.layers if layer.electrical)

    def layer(self, name: str) -> Layer:
        """The layer called ``name`` (:class:`StackError` if absent)."""
        for candidate in self.layers:
            if candidate.name == name:
                return candidate
        names = [layer.name for layer in self.layers]
        raise StackError(f"{self.source}: no layer named {name!r}{_hint(name, names)}")

    def interface(self, left: str, right: str) -> Interface | None:
        """The :class:`Interface` between ``left`` and ``right`` or ``None``."""
        for itf in self.interfaces:
            if itf.left == left and itf.right == right:
                return itf
        return None

    @property
    def emitter(self) -> Layer:
        """The emitter layer (``[optics] emitter_layer`` or largest ``k_rad_m3_s``)."""
        if self.optics.emitter_layer is not None:
            return self.layer(self.optics.emitter_layer)
        return max(self.electrical_layers, key=lambda layer: layer.k_rad_m3_s)


# ----------------------------------------------------------------------------- keys

_LAYER_REQUIRED_ELECTRICAL = (
    "eps_r", "electron_affinity_ev", "ionisation_energy_ev", "nc_per_m3", "nv_per_m3",
    "mu_n_m2_vs", "mu_p_m2_vs",
)
_LAYER_OPTIONAL_ELECTRICAL = (
    "pf_gamma_n_sqrt_m_v", "pf_gamma_p_sqrt_m_v", "donor_per_m3", "acceptor_per_m3",
    "trap", "k_rad_m3_s", "auger_n_m6_s", "auger_p_m6_s", "anion_per_m3", "cation_per_m3",
    "mu_anion_m2_vs", "mu_cation_m2_vs", "ions_confined",
)
_LAYER_COMMON = ("name", "thickness_nm", "electrical", "n", "k", "nk", "nk_file")
_LAYER_KEYS = _LAYER_COMMON + _LAYER_REQUIRED_ELECTRICAL + _LAYER_OPTIONAL_ELECTRICAL
_TRAP_KEYS = ("density_per_m3", "energy_ev", "cn_m3_s", "cp_m3_s", "type")
_INTERFACE_KEYS = ("left", "right", "vn_m_s", "vp_m_s", "trap_per_m2", "trap_energy_ev",
                   "trap_cn_m3_s", "trap_cp_m3_s")
_CONTACT_KEYS = ("left_work_function_ev", "right_work_function_ev", "left_sn_m_s",
                 "left_sp_m_s", "right_sn_m_s", "right_sp_m_s",
                 "series_resistance_ohm_cm2", "shunt_resistance_ohm_cm2")
_GRID_KEYS = ("points", "interface_refinement")
_SWEEP_KEYS = ("start_v", "stop_v", "step_v", "direction", "scan_rate_v_s")
_OPTICS_KEYS = ("substrate", "substrate_n", "substrate_k", "emitter_layer",
                "emitter_position_nm", "dipole_orientation", "horizontal_dipole_fraction",
                "outcoupling", "radiative_efficiency", "emission_peak_nm", "emission_fwhm_nm")
_TOP_KEYS = ("title", "temperature_k", "area_cm2", "layer", "interface", "contacts", "grid",
             "sweep", "optics")


def _hint(key: str, valid) -> str:
    close = closest(key, valid)
    return f" (did you mean {close!r}?)" if close else ""


class _Reader:
    """Pops keys from one table with unit-aware checks; errors name source and place."""

    def __init__(self, table, where: str, valid: tuple[str, ...], source: str) -> None:
        if not isinstance(table, Mapping):
            raise StackError(f"{source}: {where} must be a table, got {type(table).__name__}")
        self.table = dict(table)
        self.where = where
        self.source = source
        for key in self.table:
            if key not in valid:
                raise StackError(f"{source}: {where}: unknown key {key!r}{_hint(key, valid)}")

    def err(self, key: str, message: str) -> StackError:
        return StackError(f"{self.source}: {self.where}: {key} {message}")

    def has(self, key: str) -> bool:
        return key in self.table

    def number(self, key: str, default=None, *, required: bool = False, minimum=None,
               strict: bool = False, maximum=None):
        if key not in self.table:
            if required:
                raise self.err(key, "is required")
            return default
        value = self.table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.err(key, f"must be a number, got {value!r}")
        value = float(value)
        if not math.isfinite(value):
            raise self.err(key, f"must be finite, got {value!r}")
        if minimum is not None and (value < minimum or (strict and value == minimum)):
            raise self.err(key, f"must be {'>' if strict else '>='} {minimum:g}, got {value:g}")
        if maximum is not None and value > maximum:
            raise self.err(key, f"must be <= {maximum:g}, got {value:g}")
        return value

    def text(self, key: str, default=None, *, required: bool = False, choices=None):
        if key not in self.table:
            if required:
                raise self.err(key, "is required")
            return default
        value = self.table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.err(key, f"must be a non-empty string, got {value!r}")
        if choices is not None and value not in choices:
            raise self.err(key, f"must be one of {', '.join(choices)}, got {value!r}"
                           f"{_hint(value, choices)}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        if key not in self.table:
            return default
        value = self.table[key]
        if not isinstance(value, bool):
            raise self.err(key, f"must be true or false, got {value!r}")
        return value


def _read_trap(table, where: str, source: str, layer_ea: float, layer_ie: float) -> Trap:
    r = _Reader(table, where, _TRAP_KEYS, source)
    energy = r.number("energy_ev", required=True)
    if not layer_ea < energy < layer_ie:
        raise r.err("energy_ev", f"must lie inside the gap ({layer_ea:g} < energy_ev < "
                                 f"{layer_ie:g} eV below vacuum), got {energy:g}")
    trap = Trap(
        density_per_m3=r.number("density_per_m3", required=True, minimum=0.0),
        energy_ev=energy,
        cn_m3_s=r.number("cn_m3_s", required=True, minimum=0.0),
        cp_m3_s=r.number("cp_m3_s", required=True, minimum=0.0),
        type=r.text("type", "neutral", choices=TRAP_TYPES),
    )
    if trap.cn_m3_s == 0 and trap.cp_m3_s == 0:
        raise r.err("cn_m3_s", "and cp_m3_s are both 0: the trap exchanges no carriers and its "
                               "occupation is undefined; give at least one capture coefficient")
    return trap


def _read_layer(table, index: int, source: str) -> Layer:
    name = table.get("name") if isinstance(table, Mapping) else None
    where = f"layer {name!r}" if isinstance(name, str) else f"layer #{index + 1}"
    r = _Reader(table, where, _LAYER_KEYS, source)
    name = r.text("name", required=True)
    electrical = r.flag("electrical", True)
    optical = {
        "n": r.number("n", minimum=0.0, strict=True),
        "k": r.number("k", minimum=0.0),
        "nk_table": r.text("nk"),
        "nk_file": r.text("nk_file"),
    }
    forms = [optical["n"] is not None or optical["k"] is not None,
             optical["nk_table"] is not None, optical["nk_file"] is not None]
    if sum(forms) > 1:
        raise r.err("n", "/k, nk and nk_file are alternatives; give only one of them")
    if optical["k"] is not None and optical["n"] is None:
        raise r.err("k", "needs n as well")
    common = {"name": name, "thickness_nm": r.number("thickness_nm", required=True,
                                                     minimum=0.0, strict=True)}
    if not electrical:
        for key in _LAYER_REQUIRED_ELECTRICAL + _LAYER_OPTIONAL_ELECTRICAL:
            if r.has(key):
                raise r.err(key, "applies only to electrical layers (this layer has "
                                 "electrical = false); remove it")
        return Layer(electrical=False, **common, **optical)
    ea = r.number("electron_affinity_ev", required=True, minimum=0.0, strict=True)
    ie = r.number("ionisation_energy_ev", required=True, minimum=0.0, strict=True)
    if ie <= ea:
        raise r.err("ionisation_energy_ev", f"must exceed electron_affinity_ev ({ea:g} eV), "
                                            f"got {ie:g}")
    traps_raw = table.get("trap", [])
    if isinstance(traps_raw, Mapping):
        traps_raw = [traps_raw]
    if not isinstance(traps_raw, list):
        raise r.err("trap", "must be an array of tables ([[layer.trap]])")
    traps = tuple(_read_trap(t, f"{where} trap #{i + 1}", source, ea, ie)
                  for i, t in enumerate(traps_raw))
    values = dict(
        eps_r=r.number("eps_r", required=True, minimum=0.0, strict=True),
        electron_affinity_ev=ea,
        ionisation_energy_ev=ie,
        nc_per_m3=r.number("nc_per_m3", required=True, minimum=0.0, strict=True),
        nv_per_m3=r.number("nv_per_m3", required=True, minimum=0.0, strict=True),
        mu_n_m2_vs=r.number("mu_n_m2_vs", required=True, minimum=0.0, strict=True),
        mu_p_m2_vs=r.number("mu_p_m2_vs", required=True, minimum=0.0, strict=True),
        pf_gamma_n_sqrt_m_v=r.number("pf_gamma_n_sqrt_m_v", 0.0, minimum=0.0),
        pf_gamma_p_sqrt_m_v=r.number("pf_gamma_p_sqrt_m_v", 0.0, minimum=0.0),
        donor_per_m3=r.number("donor_per_m3", 0.0, minimum=0.0),
        acceptor_per_m3=r.number("acceptor_per_m3", 0.0, minimum=0.0),
        traps=traps,
        k_rad_m3_s=r.number("k_rad_m3_s", 0.0, minimum=0.0),
        auger_n_m6_s=r.number("auger_n_m6_s", 0.0, minimum=0.0),
        auger_p_m6_s=r.number("auger_p_m6_s", 0.0, minimum=0.0),
        anion_per_m3=r.number("anion_per_m3", 0.0, minimum=0.0),
        cation_per_m3=r.number("cation_per_m3", 0.0, minimum=0.0),
        mu_anion_m2_vs=r.number("mu_anion_m2_vs", 0.0, minimum=0.0),
        mu_cation_m2_vs=r.number("mu_cation_m2_vs", 0.0, minimum=0.0),
        ions_confined=r.flag("ions_confined", True),
    )
    for species in ("anion", "cation"):
        if values[f"{species}_per_m3"] > 0 and values[f"mu_{species}_m2_vs"] <= 0:
            raise r.err(f"mu_{species}_m2_vs", f"must be > 0 when {species}_per_m3 > 0")
    if not values["ions_confined"] and not (values["anion_per_m3"] or values["cation_per_m3"]):
        raise r.err("ions_confined", "= false applies to a layer that holds mobile ions "
                    "(anion_per_m3 or cation_per_m3 > 0); a layer that ions may enter "
                    "needs only mu_anion_m2_vs / mu_cation_m2_vs > 0")
    return Layer(electrical=True, **common, **values, **optical)


def _check_layer_order(layers: tuple[Layer, ...], source: str) -> None:
    flags = [layer.electrical for layer in layers]
    if not any(flags):
        raise StackError(f"{source}: no electrical layer; at least one [[layer]] must have "
                         "eps_r, band energies, densities of states and mobilities")
    first = flags.index(True)
    last = len(flags) - 1 - flags[::-1].index(True)
    if not all(flags[first:last + 1]):
        gap = next(layers[i].name for i in range(first, last + 1) if not flags[i])
        raise StackError(f"{source}: layer {gap!r} has electrical = false but sits between "
                         "electrical layers; passive layers must be outside them")
    names = [layer.name for layer in layers]
    for name in names:
        if names.count(name) > 1:
            raise StackError(f"{source}: layer name {name!r} is used twice; names must be unique")
    _check_ion_crossing(layers[first:last + 1], source)


def _accepts(layer: Layer, species: str) -> bool:
    """Whether ``layer`` lets ions of ``species`` from a neighbour in (non-zero mobility,
    and not itself holding confined ions of that species)."""
    return getattr(layer, f"mu_{species}_m2_vs") > 0 and not (
        getattr(layer, f"{species}_per_m3") > 0 and layer.ions_confined)


def _check_ion_crossing(electrical: tuple[Layer, ...], source: str) -> None:
    """``ions_confined = false`` needs a neighbour that accepts one of the layer's ions."""
    for i, layer in enumerate(electrical):
        if layer.ions_confined:
            continue
        held = [sp for sp in ("anion", "cation") if getattr(layer, f"{sp}_per_m3") > 0]
        nbrs = [electrical[j] for j in (i - 1, i + 1) if 0 <= j < len(electrical)]
        if not any(_accepts(nb, sp) for nb in nbrs for sp in held):
            keys = " or ".join(f"mu_{sp}_m2_vs" for sp in held)
            names = " or ".join(repr(nb.name) for nb in nbrs) or "(none)"
            raise StackError(
                f"{source}: layer {layer.name!r}: ions_confined = false, but no neighbouring "
                f"layer accepts its ions; give {names} {keys} > 0 (with no confined ions "
                "of that species), or remove ions_confined")


def _read_interface(table, index: int, layers: tuple[Layer, ...], source: str) -> Interface:
    r = _Reader(table, f"interface #{index + 1}", _INTERFACE_KEYS, source)
    left = r.text("left", required=True)
    right = r.text("right", required=True)
    electrical = [layer.name for layer in layers if layer.electrical]
    for key, name in (("left", left), ("right", right)):
        if name not in electrical:
            raise r.err(key, f"names no electrical layer: {name!r}{_hint(name, electrical)}")
    if electrical.index(right) != electrical.index(left) + 1:
        raise r.err("right", f"layer {right!r} must directly follow {left!r}")
    r.where = f"interface {left!r}|{right!r}"
    trap_per_m2 = r.number("trap_per_m2", 0.0, minimum=0.0)
    energy = r.number("trap_energy_ev")
    if trap_per_m2 > 0 and energy is None:
        raise r.err("trap_energy_ev", "is required when trap_per_m2 > 0")
    return Interface(
        left=left, right=right,
        vn_m_s=r.number("vn_m_s", minimum=0.0, strict=True),
        vp_m_s=r.number("vp_m_s", minimum=0.0, strict=True),
        trap_per_m2=trap_per_m2, trap_energy_ev=energy,
        trap_cn_m3_s=r.number("trap_cn_m3_s", 0.0, minimum=0.0),
        trap_cp_m3_s=r.number("trap_cp_m3_s", 0.0, minimum=0.0),
    )


def stack_from_mapping(mapping: Mapping, source: str = "<stack>") -> Stack:
    """Validate a TOML-shaped mapping and return a :class:`Stack`.

    Parameters
    ----------
    mapping : Mapping
        The parsed TOML document (schema in ``docs/stack-schema.md``).
    source : str
        Name used in error messages (usually the file path).

    Returns
    -------
    Stack
        Frozen, validated stack with the schema's defaults filled in.

    Raises
    ------
    StackError
        Unknown key (naming the closest valid key), missing required key, non-physical
        value (naming the layer/table and key).

    Examples
    --------
    >>> s = stack_from_mapping({
    ...     "layer": [{"name": "HTL", "thickness_nm": 50, "eps_r": 3.0,
    ...                "electron_affinity_ev": 2.3, "ionisation_energy_ev": 5.3,
    ...                "nc_per_m3": 1e26, "nv_per_m3": 1e26,
    ...                "mu_n_m2_vs": 1e-9, "mu_p_m2_vs": 1e-8}],
    ...     "contacts": {"left_work_function_ev": 5.3, "right_work_function_ev": 5.3}})
    >>> s.layers[0].thickness_nm, s.layers[0].bandgap_ev
    (50.0, 3.0)
    >>> try:
    ...     stack_from_mapping({"temprature_k": 300})
    ... except StackError as exc:
    ...     print(exc)
    <stack>: top level: unknown key 'temprature_k' (did you mean 'temperature_k'?)
    """
    top = _Reader(mapping, "top level", _TOP_KEYS, source)
    raw_layers = mapping.get("layer")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise StackError(f"{source}: at least one [[layer]] table is required")
    layers = tuple(_read_layer(t, i, source) for i, t in enumerate(raw_layers))
    _check_layer_order(layers, source)

    raw_itf = mapping.get("interface", [])
    if not isinstance(raw_itf, list):
        raise StackError(f"{source}: interface must be an array of tables ([[interface]])")
    interfaces = tuple(_read_interface(t, i, layers, source) for i, t in enumerate(raw_itf))
    seen = set()
    for itf in interfaces:
        if (itf.left, itf.right) in seen:
            raise StackError(f"{source}: interface {itf.left!r}|{itf.right!r} given twice")
        seen.add((itf.left, itf.right))

    if "contacts" not in mapping:
        raise StackError(f"{source}: a [contacts] table with left_work_function_ev and "
                         "right_work_function_ev is required")
    c = _Reader(mapping["contacts"], "contacts", _CONTACT_KEYS, source)
    contacts = Contacts(
        left_work_function_ev=c.number("left_work_function_ev", required=True, minimum=0.0,
                                       strict=True),
        right_work_function_ev=c.number("right_work_function_ev", required=True, minimum=0.0,
                                        strict=True),
        left_sn_m_s=c.number("left_sn_m_s", minimum=0.0),
        left_sp_m_s=c.number("left_sp_m_s", minimum=0.0),
        right_sn_m_s=c.number("right_sn_m_s", minimum=0.0),
        right_sp_m_s=c.number("right_sp_m_s", minimum=0.0),
        series_resistance_ohm_cm2=c.number("series_resistance_ohm_cm2", 0.0, minimum=0.0),
        shunt_resistance_ohm_cm2=c.number("shunt_resistance_ohm_cm2", minimum=0.0, strict=True),
    )

    g = _Reader(mapping.get("grid", {}), "grid", _GRID_KEYS, source)
    points = g.number("points", 250.0, minimum=10.0)
    if points != int(points):
        raise g.err("points", f"must be an integer, got {points:g}")
    n_electrical = sum(layer.electrical for layer in layers)
    if points < 2 + 5 * n_electrical:
        raise g.err("points", f"must be >= {2 + 5 * n_electrical} (5 per electrical layer "
                              f"+ 2 contacts), got {int(points)}")
    grid = Grid(points=int(points),
                interface_refinement=g.number("interface_refinement", 0.9, minimum=0.0,
                                              maximum=0.99))

    s = _Reader(mapping.get("sweep", {}), "sweep", _SWEEP_KEYS, source)
    sweep = Sweep(
        start_v=s.number("start_v", 0.0),
        stop_v=s.number("stop_v", 3.0),
        step_v=s.number("step_v", 0.05, minimum=0.0, strict=True),
        direction=s.text("direction", "forward", choices=SWEEP_DIRECTIONS),
        scan_rate_v_s=s.number("scan_rate_v_s", minimum=0.0, strict=True),
    )
    if sweep.stop_v == sweep.start_v:
        raise s.err("stop_v", f"must differ from start_v ({sweep.start_v:g} V)")

    o = _Reader(mapping.get("optics", {}), "optics", _OPTICS_KEYS, source)
    emitter = o.text("emitter_layer")
    electrical_names = [layer.name for layer in layers if layer.electrical]
    if emitter is not None and emitter not in electrical_names:
        raise o.err("emitter_layer", f"names no electrical layer: {emitter!r}"
                                     f"{_hint(emitter, electrical_names)}")
    optics = OpticsSettings(
        substrate=o.text("substrate", "glass"),
        substrate_n=o.number("substrate_n", 1.52, minimum=0.0, strict=True),
        substrate_k=o.number("substrate_k", 0.0, minimum=0.0),
        emitter_layer=emitter,
        emitter_position_nm=o.number("emitter_position_nm", minimum=0.0),
        dipole_orientation=o.text("dipole_orientation", "isotropic",
                                  choices=DIPOLE_ORIENTATIONS),
        horizontal_dipole_fraction=o.number("horizontal_dipole_fraction", minimum=0.0,
                                            maximum=1.0),
        outcoupling=o.number("outcoupling", minimum=0.0, maximum=1.0),
        radiative_efficiency=o.number("radiative_efficiency", 1.0, minimum=0.0, maximum=1.0),
        emission_peak_nm=o.number("emission_peak_nm", 520.0, minimum=0.0, strict=True),
        emission_fwhm_nm=o.number("emission_fwhm_nm", 20.0, minimum=0.0, strict=True),
    )
    if emitter is not None and optics.emitter_position_nm is not None:
        thickness = next(layer.thickness_nm for layer in layers if layer.name == emitter)
        if optics.emitter_position_nm > thickness:
            raise o.err("emitter_position_nm", f"must be <= the emitter thickness "
                                               f"({thickness:g} nm)")

    return Stack(
        layers=layers, contacts=contacts, interfaces=interfaces, grid=grid, sweep=sweep,
        optics=optics,
        temperature_k=top.number("temperature_k", 300.0, minimum=0.0, strict=True),
        area_cm2=top.number("area_cm2", 0.04, minimum=0.0, strict=True),
        title=top.text("title", "") if "title" in mapping else "",
        source=source,
    )
