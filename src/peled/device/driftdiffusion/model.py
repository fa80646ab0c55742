"""Discretised, non-dimensional device model built from a :class:`~peled.device.stack.Stack`.

Grid
----
Nodes ``x_0 = 0`` and ``x_{N-1} = L`` sit on the two contacts; the ``N - 2`` interior
nodes are shared between the electrical layers in proportion to their thickness (at least
five each).  Inside a layer of thickness d with m nodes the positions are
``a + d g((j + 1/2)/m)`` with ``g(t) = t - r sin(2 pi t) / (2 pi)``, so every layer
boundary lies between two nodes and the spacing next to it is (1 - r) times the mean
spacing (``[grid] interface_refinement = r``).  The control volume of a node is bounded
by the link midpoints, except at a layer boundary, which bounds it exactly, so that each
control volume lies in one material (box / finite-volume method, Selberherr,
"Analysis and Simulation of Semiconductor Devices", Springer 1984, sec. 6.1).

Scaling
-------
Potentials in units of the thermal voltage V_t = k_B T / q, lengths in units of the
electrical thickness L, densities in units of N_0 = 1e24 m^-3, mobilities in units of
mu_0 (the largest carrier mobility), time in units of t_0 = L^2 / (mu_0 V_t); particle
fluxes then scale with N_0 mu_0 V_t / L and Poisson's equation reads
``d/dx(eps_r d psi/dx) = -K rho`` with K = q N_0 L^2 / (eps_0 V_t) (the inverse squared
scaled Debye length; Markowich, "The Stationary Semiconductor Device Equations",
Springer 1986, ch. 2).

Mobile ions
-----------
Each layer's anions and cations sit on a static compensating background of the same
mean density in that layer (Courtier et al., Energy Environ. Sci. 12, 396 (2019)).
With ``ions_confined = false`` they may cross into neighbouring layers that give the
species a non-zero mobility (several ion-conducting layers as in Driftfusion: Calado et
al., J. Comput. Electron. 21, 960 (2022)); see ``_mobile_ions`` for the rule, the link
mobility and the conserved regions.  The contacts block ions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.constants as sc

from peled.device.stack import Stack, StackError

__all__ = [
    "DeviceModel",
    "N0_PER_M3",
    "build_model",
    "make_grid",
]

#: Density unit of the scaled equations (m^-3).
N0_PER_M3 = 1e24


def make_grid(thickness_m, points: int, refinement: float):
    """Node positions (m) and the layer index of each node.

    Parameters
    ----------
    thickness_m : sequence of float
        Electrical layer thicknesses (m), left to right.
    points : int
        Total number of nodes including the two contact nodes.
    refinement : float
        Interface refinement r in [0, 1): spacing next to a boundary is (1 - r) x mean.

    Returns
    -------
    x_m : ndarray, shape (points,)
        Node positions from the left contact (m), increasing, first 0 and last the
        total thickness.
    layer_index : ndarray of int, shape (points,)
        Index of the layer of each node (the contact nodes belong to the outer layers).

    References
    ----------
    Selberherr, *Analysis and Simulation of Semiconductor Devices*, Springer (1984),
    sec. 6.1 (box discretisation with the layer boundaries on control-volume faces).

    Examples
    --------
    >>> x, k = make_grid([50e-9, 50e-9], 12, 0.0)
    >>> float(x[0]), round(float(x[-1]) * 1e9, 9), k.tolist()
    (0.0, 100.0, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    >>> (np.round(x[1:6] * 1e9, 6)).tolist()    # uniform: 5 nodes at (j + 1/2) 10 nm
    [5.0, 15.0, 25.0, 35.0, 45.0]
    """
    d = np.asarray(thickness_m, dtype=float)
    interior = points - 2
    m = np.maximum(5, np.floor(interior * d / d.sum()).astype(int))
    while m.sum() > interior:
        m[np.argmax(m)] -= 1
    while m.sum() < interior:
        m[np.argmax(d / m)] += 1
    edges = np.concatenate([[0.0], np.cumsum(d)])
    xs, ks = [[0.0]], [[0]]
    for i, (mi, di) in enumerate(zip(m, d, strict=True)):
        t = (np.arange(mi) + 0.5) / mi
        g = t - refinement * np.sin(2 * np.pi * t) / (2 * np.pi)
        xs.append(edges[i] + di * g)
        ks.append(np.full(mi, i))
    xs.append([edges[-1]])
    ks.append([len(d) - 1])
    return np.concatenate(xs), np.concatenate(ks).astype(int)


@dataclass(frozen=True)
class DeviceModel:
    """Scaled node and link arrays of one stack (see the module docstring).

    Node arrays have length N, link arrays length N - 1.  ``eps_n``/``eps_p`` are the
    band-edge energies of electrons and holes in units of kT including the density of
    states, e.g. ``eps_n = -chi/V_t - ln(N_c/N_0)``, so the electrostatic potential enters
    the Scharfetter-Gummel argument as ``eps_n - psi`` and ``eps_p + psi``.

    Built by :func:`build_model`; the field comments in the source give each array's
    meaning and scaling (lengths / L, densities / N_0, potentials / V_t, time / t_0).

    References
    ----------
    Markowich, *The Stationary Semiconductor Device Equations*, Springer (1986), ch. 2
    (scaling); Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> m = build_model(load_stack(example_stack_path("hole_only_sclc")), points=40)
    >>> m.n_nodes, m.h.size, round(float(m.w.sum()), 12)    # control volumes fill [0, 1]
    (40, 39, 1.0)
    """

    stack: Stack
    x_m: np.ndarray
    layer_index: np.ndarray
    vt_v: float
    length_m: float
    mu0_m2_vs: float
    # scaled geometry
    h: np.ndarray          # link lengths
    w: np.ndarray          # control-volume widths
    # node properties (scaled)
    chi: np.ndarray        # electron affinity / V_t
    ie: np.ndarray         # ionisation energy / V_t
    ln_nc: np.ndarray      # ln(Nc / N0)
    ln_nv: np.ndarray
    doping: np.ndarray     # (Nd - Na) / N0
    k_rad: np.ndarray
    c_aug_n: np.ndarray
    c_aug_p: np.ndarray
    ni2: np.ndarray        # Nc Nv exp(-Eg/kT) / N0^2
    # traps: arrays of shape (n_traps, N)
    trap_nt: np.ndarray
    trap_cn: np.ndarray
    trap_cp: np.ndarray
    trap_n1: np.ndarray
    trap_p1: np.ndarray
    trap_charge: np.ndarray   # -1 acceptor, +1 donor, 0 neutral (per trap row)
    # link properties
    eps_link: np.ndarray
    dn_link: np.ndarray    # electron mobility / mu0 (Einstein: D/(mu0 Vt))
    dp_link: np.ndarray
    # interfaces: arrays over interfaces
    itf_e: np.ndarray      # node index of the electrons
    itf_h: np.ndarray      # node index of the holes
    itf_nt: np.ndarray
    itf_cn: np.ndarray
    itf_cp: np.ndarray
    itf_n1: np.ndarray
    itf_p1: np.ndarray
    itf_ni2: np.ndarray
    # contacts and circuit
    poisson_k: float
    psi_left_offset: float     # psi_0 = V/Vt + psi_left_offset
    psi_right: float
    u_left: float
    v_left: float
    u_right: float
    v_right: float
    rs: float                  # scaled series resistance
    rsh: float                 # scaled shunt resistance (inf: none)
    # mobile ions: species rows (anion, cation), charge sign per row; ion_mean is the
    # static compensating background (home layer only)
    # contact surface recombination velocities (scaled by mu0 V_t / L; inf: Dirichlet),
    # order: left electrons, left holes, right electrons, right holes
    surface_velocity: np.ndarray = field(default_factory=lambda: np.full(4, np.inf))
    # interface transfer velocities on the links (scaled by mu0 V_t / L; inf: none)
    vn_link: np.ndarray = field(default_factory=lambda: np.zeros(0))
    vp_link: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # Poole-Frenkel coefficients on the links, scaled: gamma sqrt(V_t / L)
    pf_n_link: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pf_p_link: np.ndarray = field(default_factory=lambda: np.zeros(0))
    ion_charge: np.ndarray = field(default_factory=lambda: np.array([-1.0, 1.0]))
    ion_mean: np.ndarray = field(default_factory=lambda: np.zeros((2, 0)))   # (2, N)
    ion_d_link: np.ndarray = field(default_factory=lambda: np.zeros((2, 0)))  # (2, N-1)
    # initial mobile-ion densities (2, N): the home layer's density, a seed of
    # ION_SEED_FRACTION in reachable empty layers (taken from the home layer), 0 elsewhere
    ion_init: np.ndarray = field(default_factory=lambda: np.zeros((2, 0)))
    # connected ion region of each node per species (-1: the species cannot be there)
    ion_region: np.ndarray = field(default_factory=lambda: np.zeros((2, 0), dtype=int))
    time_scale_s: float = 1.0

    @property
    def has_ions(self) -> bool:
        """Whether any layer holds mobile ions."""
        return bool(self.ion_mean.size and np.any(self.ion_mean > 0))

    @property
    def n_nodes(self) -> int:
        """Number of grid nodes."""
        return self.x_m.size

    @property
    def flux_scale_per_m2_s(self) -> float:
        """Particle flux of one scaled unit (m^-2 s^-1)."""
        return N0_PER_M3 * self.mu0_m2_vs * self.vt_v / self.length_m

    @property
    def current_scale_a_m2(self) -> float:
        """Current density of one scaled unit (A/m^2)."""
        return sc.e * self.flux_scale_per_m2_s

    @property
    def rate_scale_per_m3_s(self) -> float:
        """Volume rate of one scaled unit (m^-3 s^-1)."""
        return self.flux_scale_per_m2_s / self.length_m


def build_model(stack: Stack, points: int | None = None) -> DeviceModel:
    """Discretise and non-dimensionalise ``stack`` (see the module docstring).

    Parameters
    ----------
    stack : Stack
        Validated stack.
    points : int, optional
        Override ``stack.grid.points``.

    Returns
    -------
    DeviceModel
        Scaled node and link arrays, contact values and the scales to SI units.

    Raises
    ------
    StackError
        Too few grid points, or an interface trap level outside the interface gap.

    References
    ----------
    Selberherr, *Analysis and Simulation of Semiconductor Devices*, Springer (1984),
    sec. 6.1 (box method); Markowich, *The Stationary Semiconductor Device Equations*,
    Springer (1986), ch. 2 (scaling); Shockley & Read, Phys. Rev. 87, 835 (1952) (the
    trap parameters n_1, p_1); Calado et al., J. Comput. Electron. 21, 960 (2022)
    (mobile ions allowed to enter the transport layers).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> m = build_model(load_stack(example_stack_path("green_cspbbr3")))
    >>> m.n_nodes, round(m.length_m * 1e9, 6)
    (250, 110.0)

    Anions of a 60 nm layer that may enter a 40 nm neighbour with an anion mobility:
    one region over both layers, seeded with 1e-12 of the density in the neighbour.

    >>> from peled.device.stack import stack_from_mapping
    >>> lay = {"eps_r": 10, "electron_affinity_ev": 3.0, "ionisation_energy_ev": 6.0,
    ...        "nc_per_m3": 1e25, "nv_per_m3": 1e25, "mu_n_m2_vs": 1e-4, "mu_p_m2_vs": 1e-4}
    >>> st = stack_from_mapping({"layer": [
    ...     {"name": "A", "thickness_nm": 60, "anion_per_m3": 1e23, "mu_anion_m2_vs": 1e-12,
    ...      "ions_confined": False, **lay},
    ...     {"name": "B", "thickness_nm": 40, "mu_anion_m2_vs": 1e-13, **lay}],
    ...     "contacts": {"left_work_function_ev": 4.5, "right_work_function_ev": 4.5},
    ...     "grid": {"points": 22}})
    >>> m = build_model(st)
    >>> sorted(set(m.ion_region[0].tolist())), float(m.ion_init[0, -2] / m.ion_init[0, 1])
    ([-1, 0], 1e-12)
    >>> total = float(np.sum(m.w * m.ion_init[0]) * N0_PER_M3 * m.length_m)   # m^-2
    >>> bool(abs(total / (1e23 * np.sum(m.w[m.layer_index == 0][1:]) * m.length_m) - 1)
    ...      < 1e-14)
    True
    """
    layers = stack.electrical_layers
    points = stack.grid.points if points is None else int(points)
    if points < 2 + 5 * len(layers):
        raise StackError(f"{stack.source}: grid points must be >= {2 + 5 * len(layers)}")
    thick = np.array([layer.thickness_m for layer in layers])
    x_m, k = make_grid(thick, points, stack.grid.interface_refinement)
    length = float(thick.sum())
    vt = sc.k * stack.temperature_k / sc.e
    mu0 = max(max(layer.mu_n_m2_vs, layer.mu_p_m2_vs) for layer in layers)
    t0 = length**2 / (mu0 * vt)

    def per_layer(attr):
        return np.array([float(getattr(layer, attr)) for layer in layers])

    x = x_m / length
    h = np.diff(x)
    edges = np.concatenate([[0.0], np.cumsum(thick)]) / length
    # control-volume faces: link midpoints, or the layer boundary for straddling links
    straddle = k[1:] != k[:-1]
    faces = 0.5 * (x[1:] + x[:-1])
    faces[straddle] = edges[k[1:][straddle]]
    w = np.diff(np.concatenate([[x[0]], faces, [x[-1]]]))

    chi_ev, ie_ev = per_layer("electron_affinity_ev")[k], per_layer("ionisation_energy_ev")[k]
    nc, nv = per_layer("nc_per_m3")[k], per_layer("nv_per_m3")[k]
    ni2 = (nc / N0_PER_M3) * (nv / N0_PER_M3) * np.exp(-(ie_ev - chi_ev) / vt)

    # link averages: harmonic means weighted by the length on each side of a boundary
    xb = np.where(straddle, faces, x[1:])
    frac_left = (xb - x[:-1]) / h

    def link(attr):
        vals = per_layer(attr)
        return _harmonic_link(vals[k[:-1]], vals[k[1:]], frac_left)

    n_traps = max((len(layer.traps) for layer in layers), default=0)
    shape = (n_traps, points)
    trap = {key: np.zeros(shape) for key in ("nt", "cn", "cp", "n1", "p1", "q")}
    for li, layer in enumerate(layers):
        sel = k == li
        for ti, t in enumerate(layer.traps):
            trap["nt"][ti, sel] = t.density_per_m3 / N0_PER_M3
            trap["cn"][ti, sel] = t.cn_m3_s * N0_PER_M3 * t0
            trap["cp"][ti, sel] = t.cp_m3_s * N0_PER_M3 * t0
            trap["n1"][ti, sel] = (layer.nc_per_m3 / N0_PER_M3) * np.exp(
                -(t.energy_ev - layer.electron_affinity_ev) / vt)
            trap["p1"][ti, sel] = (layer.nv_per_m3 / N0_PER_M3) * np.exp(
                -(layer.ionisation_energy_ev - t.energy_ev) / vt)
            trap["q"][ti, sel] = {"acceptor": -1.0, "donor": 1.0, "neutral": 0.0}[t.type]
    # node trap charge sign is per node; store the node-resolved sign in trap_charge
    itf = {key: [] for key in ("e", "h", "nt", "cn", "cp", "n1", "p1", "ni2")}
    names = [layer.name for layer in layers]
    for li in range(len(layers) - 1):
        spec = stack.interface(names[li], names[li + 1])
        if spec is None or spec.trap_per_m2 == 0:
            continue
        a = int(np.flatnonzero(k == li)[-1])
        b = a + 1
        la, lb = layers[li], layers[li + 1]
        e_layer, e = (la, a) if la.electron_affinity_ev >= lb.electron_affinity_ev else (lb, b)
        h_layer, hn = (la, a) if la.ionisation_energy_ev <= lb.ionisation_energy_ev else (lb, b)
        et = spec.trap_energy_ev
        if not e_layer.electron_affinity_ev < et < h_layer.ionisation_energy_ev:
            raise StackError(
                f"{stack.source}: interface {spec.left!r}|{spec.right!r}: trap_energy_ev must "
                f"lie inside the interface gap ({e_layer.electron_affinity_ev:g} < E < "
                f"{h_layer.ionisation_energy_ev:g} eV), got {et:g}")
        itf["e"].append(e)
        itf["h"].append(hn)
        itf["nt"].append(spec.trap_per_m2 / (N0_PER_M3 * length))
        itf["cn"].append(spec.trap_cn_m3_s * N0_PER_M3 * t0)
        itf["cp"].append(spec.trap_cp_m3_s * N0_PER_M3 * t0)
        itf["n1"].append(e_layer.nc_per_m3 / N0_PER_M3
                         * np.exp(-(et - e_layer.electron_affinity_ev) / vt))
        itf["p1"].append(h_layer.nv_per_m3 / N0_PER_M3
                         * np.exp(-(h_layer.ionisation_energy_ev - et) / vt))
        itf["ni2"].append(e_layer.nc_per_m3 * h_layer.nv_per_m3 / N0_PER_M3**2 * np.exp(
            -(h_layer.ionisation_energy_ev - e_layer.electron_affinity_ev) / vt))

    c = stack.contacts
    first, last = layers[0], layers[-1]
    wf_l, wf_r = c.left_work_function_ev, c.right_work_function_ev
    rs_si = c.series_resistance_ohm_cm2 * 1e-4
    rsh_si = np.inf if c.shunt_resistance_ohm_cm2 is None else c.shunt_resistance_ohm_cm2 * 1e-4
    g_scale = sc.e * N0_PER_M3 * mu0 / length      # A/(m^2 V) per scaled unit
    ion_bg, ion_init, ion_d, ion_region = _mobile_ions(layers, k, w, straddle, frac_left)
    return DeviceModel(
        stack=stack, x_m=x_m, layer_index=k, vt_v=vt, length_m=length, mu0_m2_vs=mu0,
        h=h, w=w, chi=chi_ev / vt, ie=ie_ev / vt,
        ln_nc=np.log(nc / N0_PER_M3), ln_nv=np.log(nv / N0_PER_M3),
        doping=(per_layer("donor_per_m3") - per_layer("acceptor_per_m3"))[k] / N0_PER_M3,
        k_rad=per_layer("k_rad_m3_s")[k] * N0_PER_M3 * t0,
        c_aug_n=per_layer("auger_n_m6_s")[k] * N0_PER_M3**2 * t0,
        c_aug_p=per_layer("auger_p_m6_s")[k] * N0_PER_M3**2 * t0,
        ni2=ni2,
        trap_nt=trap["nt"], trap_cn=trap["cn"], trap_cp=trap["cp"], trap_n1=trap["n1"],
        trap_p1=trap["p1"], trap_charge=trap["q"],
        eps_link=link("eps_r"), dn_link=link("mu_n_m2_vs") / mu0,
        dp_link=link("mu_p_m2_vs") / mu0,
        itf_e=np.array(itf["e"], dtype=int), itf_h=np.array(itf["h"], dtype=int),
        itf_nt=np.array(itf["nt"]), itf_cn=np.array(itf["cn"]), itf_cp=np.array(itf["cp"]),
        itf_n1=np.array(itf["n1"]), itf_p1=np.array(itf["p1"]), itf_ni2=np.array(itf["ni2"]),
        poisson_k=sc.e * N0_PER_M3 * length**2 / (sc.epsilon_0 * vt),
        psi_left_offset=-wf_l / vt, psi_right=-wf_r / vt,
        u_left=np.log(first.nc_per_m3 / N0_PER_M3) - (wf_l - first.electron_affinity_ev) / vt,
        v_left=np.log(first.nv_per_m3 / N0_PER_M3) - (first.ionisation_energy_ev - wf_l) / vt,
        u_right=np.log(last.nc_per_m3 / N0_PER_M3) - (wf_r - last.electron_affinity_ev) / vt,
        v_right=np.log(last.nv_per_m3 / N0_PER_M3) - (last.ionisation_energy_ev - wf_r) / vt,
        rs=rs_si * g_scale, rsh=rsh_si * g_scale,
        ion_mean=ion_bg, ion_d_link=ion_d / mu0, ion_init=ion_init, ion_region=ion_region,
        time_scale_s=t0,
        vn_link=_transfer_link(stack, layers, k, "vn_m_s", mu0 * vt / length),
        vp_link=_transfer_link(stack, layers, k, "vp_m_s", mu0 * vt / length),
        surface_velocity=np.array([
            np.inf if getattr(c, key) is None else getattr(c, key) / (mu0 * vt / length)
            for key in ("left_sn_m_s", "left_sp_m_s", "right_sn_m_s", "right_sp_m_s")]),
        pf_n_link=_pf_link(per_layer("pf_gamma_n_sqrt_m_v"), k, straddle, vt, length),
        pf_p_link=_pf_link(per_layer("pf_gamma_p_sqrt_m_v"), k, straddle, vt, length),
    )


#: Initial density of a species in a layer that its ions can reach but that holds none,
#: relative to the largest initial density of the connected region.  Only a starting
#: value for the logarithmic ion variables of the transient model (positive everywhere
#: the species can go); it is taken from the home layer, so the number of ions of the
#: region is exactly the stated one, and the relaxed (steady) ion distribution does not
#: depend on it.
ION_SEED_FRACTION = 1e-12


def _harmonic_link(left, right, frac_left):
    """Link value of a quantity that is ``left`` on the part ``frac_left`` of the link and
    ``right`` on the rest: the length-weighted harmonic mean (series resistances, as in
    the box method; Selberherr 1984, sec. 6.1); 0 where either side is 0."""
    ok = (left > 0) & (right > 0)
    return np.where(ok, 1.0 / (frac_left / np.where(ok, left, 1.0)
                               + (1.0 - frac_left) / np.where(ok, right, 1.0)), 0.0)


def _mobile_ions(layers, k, w, straddle, frac_left):
    """Mobile-ion arrays (scaled densities, mobilities in m^2/(V s)) per species.

    A layer boundary is open to a species when both layers have a non-zero mobility for
    it and no layer on either side that holds that species has ``ions_confined = true``
    (the layer with ``ions_confined = false`` lets its ions cross; a neighbour with zero
    ion density and non-zero mobility accepts them; zero mobility blocks).  The link
    across an open boundary carries the Scharfetter-Gummel ion flux with the harmonic
    mean of the two mobilities weighted by the length on each side, as the carriers.
    Contacts block (no ions on the contact nodes).  Layers joined by open boundaries
    form a region whose number of ions of the species is conserved; the static
    compensating background stays in the home layer (ions in transport layers:
    Calado et al., J. Comput. Electron. 21, 960 (2022), the Driftfusion model of
    several mixed ionic-electronic layers).

    Returns (background, initial, link mobility, region index), shapes (2, N),
    (2, N), (2, N - 1), (2, N).
    """
    nn = k.size
    bg, init = np.zeros((2, nn)), np.zeros((2, nn))
    d_link, region = np.zeros((2, nn - 1)), np.full((2, nn), -1)
    for s, species in enumerate(("anion", "cation")):
        dens = np.array([getattr(lay, f"{species}_per_m3") for lay in layers]) / N0_PER_M3
        mu = np.array([getattr(lay, f"mu_{species}_m2_vs") for lay in layers])
        locked = np.array([lay.ions_confined for lay in layers]) & (dens > 0)
        open_b = (mu[:-1] > 0) & (mu[1:] > 0) & ~locked[:-1] & ~locked[1:]
        group = np.concatenate([[0], np.cumsum(~open_b)])
        held = np.isin(group, group[dens > 0])
        on = held[k]
        on[0] = on[-1] = False
        bg[s] = dens[k]
        # link mobilities: the layer's own, or the weighted harmonic mean across an
        # open boundary (frac_left of the link on the left side)
        ml = mu[k[:-1]]
        harm = _harmonic_link(ml, mu[k[1:]], frac_left)
        crosses_open = np.zeros(nn - 1, dtype=bool)
        crosses_open[straddle] = open_b[k[:-1][straddle]]
        link_on = on[:-1] & on[1:] & (~straddle | crosses_open)
        d_link[s] = np.where(link_on, np.where(straddle, harm, ml), 0.0)
        # regions: runs of ion nodes joined by open links
        starts = on & ~np.concatenate([[False], link_on])
        reg = np.cumsum(starts) - 1
        region[s] = np.where(on, reg, -1)
        a = np.where(on, dens[k], 0.0)
        for r in range(int(starts.sum())):
            sel = region[s] == r
            home, empty = sel & (a > 0), sel & (a == 0)
            if empty.any():
                seed = ION_SEED_FRACTION * a[sel].max()
                a[empty] = seed
                a[home] -= seed * w[empty].sum() / w[home].sum()
        init[s] = a
    return bg, init, d_link, region


def _transfer_link(stack, layers, k, key, v_scale):
    """Scaled interface transfer velocity on the link that straddles each interface
    (infinite elsewhere and where the interface does not set ``key``)."""
    out = np.full(k.size - 1, np.inf)
    names = [layer.name for layer in layers]
    for li in range(len(layers) - 1):
        spec = stack.interface(names[li], names[li + 1])
        if spec is not None and getattr(spec, key) is not None:
            out[int(np.flatnonzero(k == li)[-1])] = getattr(spec, key) / v_scale
    return out


def _pf_link(gamma, k, straddle, vt, length):
    """Scaled Poole-Frenkel coefficient per link (the left node's layer; the smaller of
    the two layers' values on a link that crosses a boundary)."""
    g = np.minimum(gamma[k[:-1]], gamma[k[1:]])
    g = np.where(straddle, g, gamma[k[:-1]])
    return g * np.sqrt(vt / length)
