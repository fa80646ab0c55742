"""Steady-state drift-diffusion: Poisson + electron/hole continuity, fully coupled Newton.

Equations (SI; x across the stack, psi electrostatic potential, n and p the electron and
hole densities, Gamma particle fluxes, Boltzmann statistics)::

    d/dx (eps dpsi/dx) = -q (p - n + N_D - N_A + rho_trap / q)                    (1)
    dGamma_n/dx = -R,   dGamma_p/dx = -R,   J = q (Gamma_p - Gamma_n)              (2)
    n = N_c exp((E_Fn - E_c)/kT),  p = N_v exp((E_v - E_Fp)/kT),  D = mu kT/q      (3)

with E_c = -chi - q psi and E_v = -I - q psi (Selberherr, "Analysis and Simulation of
Semiconductor Devices", Springer 1984, eqns 2.1-2.3 and 3.2; heterojunction band edges
as in Lundstrom & Schuelke, IEEE Trans. Electron Devices 30, 1151 (1983)).  Recombination
R = R_rad + R_SRH + R_Auger::

    R_rad   = k_rad (n p - n_i^2)                                                    (4)
    R_SRH   = sum_t N_t c_n c_p (n p - n_i^2) / (c_n (n + n_1) + c_p (p + p_1))      (5)
    R_Auger = (C_n n + C_p p)(n p - n_i^2)                                          (6)

(5) is Shockley & Read, Phys. Rev. 87, 835 (1952) and Hall, Phys. Rev. 87, 387 (1952),
with n_1 = N_c exp(-(E_c - E_t)/kT), p_1 = N_v exp(-(E_t - E_v)/kT) and the steady-state
trap occupation f = (c_n n + c_p p_1) / (c_n (n + n_1) + c_p (p + p_1)), which sets the
trapped charge (acceptor: -q N_t f; donor: +q N_t (1 - f)).  Interface traps recombine
per unit area with the same form, electrons from the side of lower E_c and holes from the
side of higher E_v.

Discretisation: box method with Scharfetter-Gummel fluxes (Scharfetter & Gummel, IEEE
Trans. Electron Devices 16, 64 (1969), eqn 6) written with the band-edge energies
including the density of states, eps_n = (E_c - kT ln N_c)/kT::

    Gamma_{i+1/2} = (D/h) [B(d) n_i - B(-d) n_{i+1}],   d = eps_{i+1} - eps_i       (7)

Unknowns per node are (psi / V_t, E_Fn / kT, E_Fp / kT): densities stay positive over the
40 orders of magnitude of a wide-gap stack and small fluxes are evaluated without
cancellation.  The Jacobian is analytic and block-tridiagonal (3x3 blocks), bordered by
one row/column for the internal voltage when a series resistance is present; it is
row-equilibrated and solved by LAPACK's banded LU (the border by block elimination).
Contacts are ohmic/Schottky in thermionic equilibrium (Dirichlet values of psi and of
both quasi-Fermi levels from the work function and the applied voltage); with a finite
surface recombination velocity S the carrier flux into the contact is S (n - n_eq)
(Selberherr 1984, sec. 5.1), n_eq the thermionic-equilibrium density.  Bias
continuation uses a secant predictor and halves the step on failure; Newton updates are
damped componentwise (see ``_damp``).

Mobile ions (steady state = ions relaxed at each bias): zero ion flux on every link, the
number of ions of each species conserved in each connected region of layers it can
reach (:mod:`peled.device.driftdiffusion.model`).  Zero Scharfetter-Gummel flux gives
the discrete Boltzmann distribution exactly, so the ions are a closed function of the
potential (Courtier et al., Energy Environ. Sci. 12, 396 (2019), sec. 2)::

    a_i = N_r exp(-s psi_i) / sum_{j in r} w_j exp(-s psi_j)                     (8)

(s = -1 anions, +1 cations, w the control-volume widths, N_r the region's ions per
area) and Poisson's equation gains +K s (a - a_0), a_0 the static background of the
ions' home layer.  The Jacobian of (8) is diagonal plus one dense rank-one block per
region, solved with the banded LU through the Woodbury identity (``_solve``).  This is
the long-time limit of :mod:`peled.device.driftdiffusion.transient` at fixed bias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy.linalg import solve_banded

from peled.device.driftdiffusion.bernoulli import bernoulli
from peled.device.driftdiffusion.model import N0_PER_M3, DeviceModel
from peled.errors import PeledError

__all__ = [
    "ConvergenceError",
    "JVCurve",
    "NewtonFailure",
    "SteadyState",
    "equilibrium",
    "solve_jv",
    "solve_steady_state",
    "sweep_voltages",
]


class ConvergenceError(PeledError):
    """No voltage of a sweep converged (the message names the stack and the first failure).

    A :class:`peled.errors.PeledError`: the CLI prints the message and exits with code 2.

    Examples
    --------
    >>> isinstance(ConvergenceError("stack.toml: no voltage converged"), PeledError)
    True
    """


class NewtonFailure(RuntimeError):
    """Newton's method did not converge at ``voltage_v`` (internal to the continuation).

    Parameters
    ----------
    voltage_v : float
        Applied voltage of the failed step (V).
    reason : str
        Why (iteration limit, singular Jacobian, non-finite update).

    Examples
    --------
    >>> str(NewtonFailure(2.5, "singular Jacobian"))
    'no convergence at 2.5 V: singular Jacobian'
    """

    def __init__(self, voltage_v: float, reason: str) -> None:
        self.voltage_v = voltage_v
        self.reason = reason
        super().__init__(f"no convergence at {voltage_v:.4g} V: {reason}")


@dataclass(frozen=True)
class SteadyState:
    """Converged solution at one applied voltage (SI units).

    ``j_leak_a_m2`` is the current of carriers leaving at the wrong contact (electrons at
    the left, holes at the right) plus the shunt current; by construction
    ``current_density_a_m2 = j_radiative + j_srh + j_auger + j_interface + j_leak``.

    Attributes
    ----------
    voltage_v, internal_voltage_v : float
        Applied voltage and the voltage across the stack after the series resistance (V).
    z : numpy.ndarray
        Scaled state vector (psi/V_t, E_Fn/kT, E_Fp/kT per node).
    x_m : numpy.ndarray, shape (N,)
        Node positions (m).
    potential_v : numpy.ndarray, shape (N,)
        Electrostatic potential (V).
    n_per_m3, p_per_m3 : numpy.ndarray, shape (N,)
        Electron and hole densities (m^-3).
    efn_ev, efp_ev : numpy.ndarray, shape (N,)
        Quasi-Fermi levels (eV, zero at the right contact's Fermi level).
    r_rad_per_m3_s, r_srh_per_m3_s, r_auger_per_m3_s : numpy.ndarray, shape (N,)
        Radiative, Shockley-Read-Hall and Auger recombination rates (m^-3 s^-1),
        eqns (4)-(6) of the module docstring.
    current_density_a_m2 : float
        Terminal current density (A/m^2, positive in forward bias).
    j_radiative_a_m2, j_srh_a_m2, j_auger_a_m2, j_interface_a_m2, j_leak_a_m2 : float
        Its split by recombination channel and leakage (A/m^2).
    newton_iterations : int
        Newton iterations of the last continuation step.
    anion_per_m3, cation_per_m3 : numpy.ndarray, shape (N,)
        Mobile-ion densities relaxed at this bias (m^-3; zeros without mobile ions),
        eqn (8) of the module docstring.

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion import build_model
    >>> m = build_model(load_stack(example_stack_path("hole_only_sclc")), points=40)
    >>> st = solve_steady_state(m, 1.0)
    >>> parts = (st.j_radiative_a_m2 + st.j_srh_a_m2 + st.j_auger_a_m2
    ...          + st.j_interface_a_m2 + st.j_leak_a_m2)
    >>> round(st.current_density_a_m2, 5), abs(parts - st.current_density_a_m2) < 1e-12
    (0.08068, True)
    """

    voltage_v: float
    internal_voltage_v: float
    z: np.ndarray = field(repr=False)
    x_m: np.ndarray = field(repr=False)
    potential_v: np.ndarray = field(repr=False)
    n_per_m3: np.ndarray = field(repr=False)
    p_per_m3: np.ndarray = field(repr=False)
    efn_ev: np.ndarray = field(repr=False)
    efp_ev: np.ndarray = field(repr=False)
    r_rad_per_m3_s: np.ndarray = field(repr=False)
    r_srh_per_m3_s: np.ndarray = field(repr=False)
    r_auger_per_m3_s: np.ndarray = field(repr=False)
    current_density_a_m2: float = 0.0
    j_radiative_a_m2: float = 0.0
    j_srh_a_m2: float = 0.0
    j_auger_a_m2: float = 0.0
    j_interface_a_m2: float = 0.0
    j_leak_a_m2: float = 0.0
    newton_iterations: int = 0
    anion_per_m3: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    cation_per_m3: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))


@dataclass(frozen=True)
class JVCurve:
    """Steady-state J-V sweep with the current split (A/m^2) and convergence flags.

    Values at voltages that did not converge are NaN and ``converged`` is False there;
    :attr:`failed_voltages_v` lists them.

    Attributes
    ----------
    voltage_v : numpy.ndarray, shape (V,)
        Applied voltages in sweep order (V).
    current_density_a_m2 : numpy.ndarray, shape (V,)
        Terminal current density (A/m^2).
    j_radiative_a_m2, j_srh_a_m2, j_auger_a_m2, j_interface_a_m2, j_leak_a_m2 : numpy.ndarray
        Current split by channel, as in :class:`SteadyState` (A/m^2).
    converged : numpy.ndarray of bool, shape (V,)
        Whether each voltage converged.
    newton_iterations : numpy.ndarray of int, shape (V,)
        Newton iterations per voltage.
    grid_points : int
        Nodes of the grid.
    states : tuple of SteadyState or None
        Full solutions (None where not kept or not converged).
    messages : tuple of str
        One message per failed voltage.

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion import build_model
    >>> m = build_model(load_stack(example_stack_path("hole_only_sclc")), points=40)
    >>> curve = solve_jv(m, [0.5, 1.0])
    >>> curve.converged.tolist(), curve.failed_voltages_v
    ([True, True], [])
    >>> np.round(curve.current_density_a_m2, 5).tolist()     # A/m^2
    [0.00744, 0.08068]
    """

    voltage_v: np.ndarray
    current_density_a_m2: np.ndarray
    j_radiative_a_m2: np.ndarray
    j_srh_a_m2: np.ndarray
    j_auger_a_m2: np.ndarray
    j_interface_a_m2: np.ndarray
    j_leak_a_m2: np.ndarray
    converged: np.ndarray
    newton_iterations: np.ndarray
    grid_points: int
    states: tuple = field(repr=False, default=())
    messages: tuple = ()

    @property
    def iqe(self) -> np.ndarray:
        """Internal quantum efficiency J_rad / J (fraction; NaN where J <= 0)."""
        j = self.current_density_a_m2
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(j > 0, self.j_radiative_a_m2 / np.where(j > 0, j, 1.0), np.nan)

    @property
    def failed_voltages_v(self) -> list[float]:
        """Applied voltages at which Newton did not converge."""
        return [float(v) for v in self.voltage_v[~self.converged]]


# ------------------------------------------------------------------ discrete operators

def _bernoulli_pair(d):
    """B(d), B(-d), B'(d), B'(-d) from one evaluation (B'(x) = B(x)(1 - B(-x))/x)."""
    both = bernoulli(np.concatenate([d, -d]))
    b, bm = both[:d.size], both[d.size:]
    small = np.abs(d) < 1e-2
    ds = np.where(small, 1.0, d)
    db = np.where(small, -0.5 + d / 6.0 - d**3 / 180.0, b * (1.0 - bm) / ds)
    dbm = np.where(small, -0.5 - d / 6.0 + d**3 / 180.0, bm * (1.0 - b) / -ds)
    return b, bm, db, dbm


def _links(m: DeviceModel, psi, phin, phip, n, p):
    """Scharfetter-Gummel fluxes (7) and their derivatives on every link.

    With phi = E_F/kT, (7) equals Gamma_n = -(D/h) n_i B(d) expm1(phi_n,i+1 - phi_n,i)
    and Gamma_p = -(D/h) p_i B(d) expm1(phi_p,i - phi_p,i+1).  Where the quasi-Fermi
    level changes by less than kT across a link this form is used: a flat quasi-Fermi
    level gives exactly zero flux, so small currents through highly conducting regions
    are not lost in the cancellation of the two terms of (7); elsewhere (7) itself is
    evaluated (no overflow).  Derivatives are those of (7).
    """
    en = -m.chi - m.ln_nc - psi
    ep = m.ie - m.ln_nv + psi
    dn = en[1:] - en[:-1]
    dp = ep[1:] - ep[:-1]
    bn, bnm, dbn, dbnm = _bernoulli_pair(dn)
    bp, bpm, dbp, dbpm = _bernoulli_pair(dp)
    cn, cp = m.dn_link / m.h, m.dp_link / m.h
    an, bn1 = cn * bn * n[:-1], cn * bnm * n[1:]
    ap, bp1 = cp * bp * p[:-1], cp * bpm * p[1:]
    dphin = np.diff(phin)
    dphip = -np.diff(phip)
    small_n, small_p = np.abs(dphin) < 1.0, np.abs(dphip) < 1.0
    gn = np.where(small_n, -an * np.expm1(np.where(small_n, dphin, 0.0)), an - bn1)
    gp = np.where(small_p, -ap * np.expm1(np.where(small_p, dphip, 0.0)), ap - bp1)
    sn = cn * (dbn * n[:-1] + dbnm * n[1:])      # d Gamma_n / d d
    sp_ = cp * (dbp * p[:-1] + dbpm * p[1:])     # d Gamma_p / d d
    if m.pf_n_link.size and (np.any(m.pf_n_link) or np.any(m.pf_p_link)):
        out = _poole_frenkel(m, psi, an, bn1, ap, bp1, gn, gp, sn, sp_)
        return _transfer(m, out, dn, dp, n, p)
    return _transfer(m, {
        # link conductances: the current is read where they (and so the rounding error of
        # the quasi-Fermi-level differences) are smallest
        "gn": gn, "gp": gp, "size": an + ap,
        # electrons: derivatives wrt psi_i, psi_{i+1}, phin_i, phin_{i+1}
        "n_psi0": an + sn, "n_psi1": -bn1 - sn, "n_phi0": an, "n_phi1": -bn1,
        # holes: derivatives wrt psi_i, psi_{i+1}, phip_i, phip_{i+1}
        "p_psi0": -ap - sp_, "p_psi1": bp1 + sp_, "p_phi0": -ap, "p_phi1": bp1,
    }, dn, dp, n, p)


def _transfer(m: DeviceModel, out, dn, dp, n, p):
    """Replace the flux on links that straddle an interface with a finite transfer
    velocity v by the thermionic-emission form (Horio & Yanai, IEEE Trans. Electron
    Devices 37, 1093 (1990); Schroeder, "Modelling of Interface Carrier Transport for
    Device Simulation", Springer 1994, ch. 3)::

        Gamma = v [n_a exp(-max(d, 0)) - n_b exp(-max(-d, 0))],  d = eps_b - eps_a

    (eps the band-edge energy with the density of states, in kT), which vanishes in
    equilibrium and limits the flux over the band offset to v times the density on the
    side below the barrier top."""
    if not m.vn_link.size:
        return out
    for car, vel, d, dens, sgn in (("n", m.vn_link, dn, n, 1.0), ("p", m.vp_link, dp, p, -1.0)):
        sel = np.flatnonzero(np.isfinite(vel))
        if sel.size == 0:
            continue
        v, dd = vel[sel], d[sel]
        a0, b1 = dens[sel], dens[sel + 1]
        big_a = np.exp(-np.maximum(dd, 0.0))
        big_b = np.exp(-np.maximum(-dd, 0.0))
        flux = v * (a0 * big_a - b1 * big_b)
        dflux_dd = v * (np.where(dd > 0, -a0 * big_a, 0.0) - np.where(dd < 0, b1 * big_b, 0.0))
        # d(dens)/d(psi) = sgn dens, d(dens)/d(phi) = sgn dens; dd/dpsi_b = -sgn = -dd/dpsi_a
        for key, val in ((f"g{car}", flux),
                         (f"{car}_psi0", sgn * v * big_a * a0 + sgn * dflux_dd),
                         (f"{car}_psi1", -sgn * v * big_b * b1 - sgn * dflux_dd),
                         (f"{car}_phi0", sgn * v * big_a * a0),
                         (f"{car}_phi1", -sgn * v * big_b * b1)):
            arr = np.array(out[key], dtype=float, copy=True)
            arr[sel] = val
            out[key] = arr
    return out


#: Regularisation of |E| in the Poole-Frenkel factor (scaled field, ~1e-2 V_t / L): keeps
#: d sqrt|E| / dE finite at E = 0; changes mu by < 1e-3 gamma sqrt(V_t / L).
_PF_FIELD_FLOOR = 1e-2


def _poole_frenkel(m: DeviceModel, psi, an, bn1, ap, bp1, gn, gp, sn, sp_):
    """Link fluxes and derivatives with the Poole-Frenkel mobility
    mu = mu_0 exp(gamma sqrt|E|) (Frenkel, Phys. Rev. 54, 647 (1938); as used for organic
    semiconductors by Murgatroyd, J. Phys. D 3, 151 (1970)), the factor evaluated with
    the link field E = -dpsi/h."""
    e = np.diff(psi) / m.h
    r = (e * e + _PF_FIELD_FLOOR**2) ** 0.25
    out = {}
    for car, gamma, a0, b1, g, s_ in (("n", m.pf_n_link, an, bn1, gn, sn),
                                      ("p", m.pf_p_link, ap, bp1, gp, sp_)):
        fac = np.exp(gamma * r)
        dfac = fac * gamma * e / (2.0 * m.h * r**3)     # d fac / d(psi_{i+1} - psi_i)
        sign = 1.0 if car == "n" else -1.0
        # Gamma = fac * Gamma_0; Gamma_0 derivatives as in _links
        d_psi0 = (a0 + s_) if car == "n" else (-a0 - s_)
        d_psi1 = (-b1 - s_) if car == "n" else (b1 + s_)
        out["g" + car] = fac * g
        out[car + "_psi0"] = fac * d_psi0 - g * dfac
        out[car + "_psi1"] = fac * d_psi1 + g * dfac
        out[car + "_phi0"] = sign * fac * a0
        out[car + "_phi1"] = -sign * fac * b1
        out["size_" + car] = fac * a0
    return {"gn": out["gn"], "gp": out["gp"], "size": out["size_n"] + out["size_p"],
            "n_psi0": out["n_psi0"], "n_psi1": out["n_psi1"], "n_phi0": out["n_phi0"],
            "n_phi1": out["n_phi1"], "p_psi0": out["p_psi0"], "p_psi1": out["p_psi1"],
            "p_phi0": out["p_phi0"], "p_phi1": out["p_phi1"]}


def _recombination(m: DeviceModel, n, p):
    """Rates (4)-(6), trapped charge and their n- and p-derivatives at every node."""
    excess = n * p - m.ni2
    r_rad = m.k_rad * excess
    aug = m.c_aug_n * n + m.c_aug_p * p
    r_aug = aug * excess
    dr_dn = m.k_rad * p + m.c_aug_n * excess + aug * p
    dr_dp = m.k_rad * n + m.c_aug_p * excess + aug * n
    r_srh = np.zeros_like(n)
    rho = np.zeros_like(n)
    drho_dn = np.zeros_like(n)
    drho_dp = np.zeros_like(n)
    for nt, c_n, c_p, n1, p1, q in zip(m.trap_nt, m.trap_cn, m.trap_cp, m.trap_n1,
                                       m.trap_p1, m.trap_charge, strict=True):
        den = c_n * (n + n1) + c_p * (p + p1)
        safe = np.where(den > 0, den, 1.0)
        active = nt > 0
        r = np.where(active, nt * c_n * c_p * excess / safe, 0.0)
        r_srh += r
        dr_dn += np.where(active, nt * c_n * c_p * (p * den - excess * c_n) / safe**2, 0.0)
        dr_dp += np.where(active, nt * c_n * c_p * (n * den - excess * c_p) / safe**2, 0.0)
        f = np.where(active, (c_n * n + c_p * p1) / safe, 0.0)
        df_dn = np.where(active, c_n * (c_n * n1 + c_p * p) / safe**2, 0.0)
        df_dp = np.where(active, -(c_n * n + c_p * p1) * c_p / safe**2, 0.0)
        rho += np.where(q > 0, nt, 0.0) - np.abs(q) * nt * f
        drho_dn -= np.abs(q) * nt * df_dn
        drho_dp -= np.abs(q) * nt * df_dp
    return r_rad, r_srh, r_aug, dr_dn, dr_dp, rho, drho_dn, drho_dp


def _interface(m: DeviceModel, n, p):
    """Interface SRH rate per area and its derivatives (electron node, hole node)."""
    ne, ph = n[m.itf_e], p[m.itf_h]
    den = m.itf_cn * (ne + m.itf_n1) + m.itf_cp * (ph + m.itf_p1)
    excess = ne * ph - m.itf_ni2
    pre = m.itf_nt * m.itf_cn * m.itf_cp
    r = pre * excess / den
    dr_dn = pre * (ph * den - excess * m.itf_cn) / den**2
    dr_dp = pre * (ne * den - excess * m.itf_cp) / den**2
    return r, dr_dn, dr_dp


def _densities(m: DeviceModel, psi, phin, phip):
    """n = N_c exp((E_Fn - E_c)/kT), p = N_v exp((E_v - E_Fp)/kT) in units of N_0."""
    return np.exp(phin + m.chi + m.ln_nc + psi), np.exp(m.ln_nv - m.ie - psi - phip)


def _assemble(m: DeviceModel, z, v_applied_hat: float, circuit: bool):
    """Residual F(z) and the analytic Jacobian as triplets (+ border when circuit)."""
    nn = m.n_nodes
    psi, phin, phip = z[0:3 * nn:3], z[1:3 * nn:3], z[2:3 * nn:3]
    n, p = _densities(m, psi, phin, phip)
    lk = _links(m, psi, phin, phip, n, p)
    r_rad, r_srh, r_aug, dr_dn, dr_dp, rho_t, drho_dn, drho_dp = _recombination(m, n, p)
    r_tot = r_rad + r_srh + r_aug
    size = 3 * nn + (1 if circuit else 0)
    f = np.zeros(size)
    i = np.arange(1, nn - 1)
    il, ir = i - 1, i            # link indices left and right of node i
    w = m.w[i]
    e = m.eps_link
    flux_psi = e * np.diff(psi) / m.h
    rho = p - n + m.doping + rho_t
    f[3 * i] = flux_psi[ir] - flux_psi[il] + m.poisson_k * w * rho[i]
    f[3 * i + 1] = lk["gn"][ir] - lk["gn"][il] + w * r_tot[i]
    f[3 * i + 2] = lk["gp"][ir] - lk["gp"][il] + w * r_tot[i]
    v_int = z[-1] if circuit else v_applied_hat
    # contacts: psi from the work function, both quasi-Fermi levels at the contact's E_F
    f[0] = psi[0] - (v_int + m.psi_left_offset)
    f[1] = phin[0] + v_int          # replaced below for a finite surface velocity
    f[2] = phip[0] + v_int
    f[3 * nn - 3] = psi[-1] - m.psi_right
    f[3 * nn - 2] = phin[-1]
    f[3 * nn - 1] = phip[-1]

    rows, cols, vals = [], [], []

    def add(r, c, x):
        rows.append(r)
        cols.append(np.broadcast_to(c, np.shape(r)))
        vals.append(np.broadcast_to(x, np.shape(r)))

    # chain rule: dn/dpsi = n, dn/dphin = n, dp/dpsi = -p, dp/dphip = -p
    ni, pi_ = n[i], p[i]
    drho_n = (-1.0 + drho_dn[i]) * ni
    drho_p = -(1.0 + drho_dp[i]) * pi_
    dr_n = dr_dn[i] * ni
    dr_p = -dr_dp[i] * pi_
    P, U, V = 3 * i, 3 * i + 1, 3 * i + 2
    kw = m.poisson_k * w
    add(P, P - 3, e[il] / m.h[il])
    add(P, P, -(e[ir] / m.h[ir] + e[il] / m.h[il]) + kw * (drho_n + drho_p))
    add(P, P + 3, e[ir] / m.h[ir])
    add(P, U, kw * drho_n)
    add(P, V, kw * drho_p)
    for row, g, rec in ((U, "n", dr_n), (V, "p", dr_p)):
        add(row, P - 3, -lk[g + "_psi0"][il])
        add(row, P, lk[g + "_psi0"][ir] - lk[g + "_psi1"][il] + w * (dr_n + dr_p))
        add(row, P + 3, lk[g + "_psi1"][ir])
        add(row, row - 3, -lk[g + "_phi0"][il])
        add(row, row, lk[g + "_phi0"][ir] - lk[g + "_phi1"][il] + w * rec)
        add(row, row + 3, lk[g + "_phi1"][ir])
    add(U, V, w * dr_p)
    add(V, U, w * dr_n)
    ends = [0, 3 * nn - 3]
    # contacts: quasi-Fermi levels pinned (infinite surface recombination velocity) or
    # the flux into the contact equal to S (density - its equilibrium value)
    eq = {1: np.exp(m.u_left), 2: np.exp(m.v_left), 3 * nn - 2: np.exp(m.u_right),
          3 * nn - 1: np.exp(m.v_right)}
    for row, s_vel in zip((1, 2, 3 * nn - 2, 3 * nn - 1), m.surface_velocity, strict=True):
        if not np.isfinite(s_vel):
            ends.append(row)
            continue
        carrier = "n" if row in (1, 3 * nn - 2) else "p"
        left = row < 3
        link = 0 if left else -1
        dens = (n if carrier == "n" else p)[0 if left else -1]
        sgn_d = 1.0 if carrier == "n" else -1.0       # d dens / d(psi, phi) = +-dens
        side = 1.0 if left else -1.0                   # + Gamma on the left, - on the right
        g = lk["g" + carrier][link]
        f[row] = side * g + s_vel * (dens - eq[row])
        p0 = 0 if left else 3 * nn - 6                 # psi column of the link's left node
        q = 1 if carrier == "n" else 2
        add(np.array([row] * 4), np.array([p0, p0 + 3, p0 + q, p0 + q + 3]),
            side * np.array([lk[carrier + "_psi0"][link], lk[carrier + "_psi1"][link],
                             lk[carrier + "_phi0"][link], lk[carrier + "_phi1"][link]]))
        node_psi = 0 if left else 3 * nn - 3
        add(np.array([row, row]), np.array([node_psi, row]),
            np.array([sgn_d * s_vel * dens, sgn_d * s_vel * dens]))
    ends = np.array(ends)
    add(ends, ends, 1.0)
    r_itf = np.zeros(0)
    if m.itf_e.size:
        r_itf, di_dn, di_dp = _interface(m, n, p)
        ne, ph = n[m.itf_e], p[m.itf_h]
        pe, uh = 3 * m.itf_e, 3 * m.itf_h
        for row in (3 * m.itf_e + 1, 3 * m.itf_h + 2):
            np.add.at(f, row, r_itf)
            add(row, pe + 1, di_dn * ne)
            add(row, pe, di_dn * ne)
            add(row, uh + 2, -di_dp * ph)
            add(row, uh, -di_dp * ph)
    border = None
    if circuit:
        j_hat = lk["gp"][0] - lk["gn"][0]
        f[-1] = v_int - v_applied_hat + m.rs * (j_hat + v_int / m.rsh)
        # border column: d f[0:3] / d V_int = (-1, 1, 1); border row: dJ/dz on link 0
        border = (np.array([0, 3, 1, 4, 2, 5]), m.rs * np.array([
            lk["p_psi0"][0] - lk["n_psi0"][0], lk["p_psi1"][0] - lk["n_psi1"][0],
            -lk["n_phi0"][0], -lk["n_phi1"][0], lk["p_phi0"][0], lk["p_phi1"][0]]),
            1.0 + m.rs / m.rsh,
            np.array([-1.0, 1.0 if 1 in ends else 0.0, 1.0 if 2 in ends else 0.0]))
    trip = (np.concatenate(rows), np.concatenate(cols), np.concatenate(vals))
    parts = {"links": lk, "r_rad": r_rad, "r_srh": r_srh, "r_aug": r_aug, "r_itf": r_itf,
             "n": n, "p": p, "psi": psi, "phin": phin, "phip": phip, "v_int": v_int}
    return f, trip, border, parts


_LOWER = _UPPER = 5      # bandwidth of the interleaved (psi, phi_n, phi_p) ordering


def _solve(trip, border, rhs, nmain: int, lowrank=None):
    """Solve J dz = rhs with J banded (main block) plus an optional bordering row/column
    and optional low-rank terms ``U V^T`` (dense columns, the relaxed-ion closure).

    Rows are equilibrated (divided by their absolute row sums of the banded part) before
    LAPACK's banded LU with partial pivoting; the border and the low-rank terms are
    eliminated by block Gaussian elimination (the Woodbury identity: one banded solve
    with the extra columns as right-hand sides and a small dense system; Golub & Van
    Loan, "Matrix Computations", 4th ed., Johns Hopkins 2013, sec. 2.1.4).
    """
    rows, cols, vals = trip
    rsum = np.bincount(rows, weights=np.abs(vals), minlength=nmain)
    rsum[rsum == 0] = 1.0
    ab = np.bincount((_UPPER + rows - cols) * nmain + cols, weights=vals / rsum[rows],
                     minlength=(_LOWER + _UPPER + 1) * nmain).reshape(_LOWER + _UPPER + 1, nmain)
    main = rhs[:nmain] / rsum
    if border is None and lowrank is None:
        return solve_banded((_LOWER, _UPPER), ab, main, overwrite_ab=True,
                            check_finite=False)
    extra = [main[:, None]]
    k = 0
    if lowrank is not None:
        u, v = lowrank
        k = u.shape[1]
        extra.append(u / rsum[:, None])
    if border is not None:
        bcols, bvals, corner, colv = border
        col = np.zeros(nmain)
        col[:3] = colv / rsum[:3]
        extra.append(col[:, None])
    x = solve_banded((_LOWER, _UPPER), ab, np.hstack(extra), overwrite_ab=True,
                     check_finite=False)
    x0, xu = x[:, 0], x[:, 1:1 + k]
    # unknowns y = V^T dz (k values) and the border value t:
    # dz = x0 - xu y - xc t,  (I + V^T xu) y + V^T xc t = V^T x0,
    # (b^T xu) y + (b^T xc - corner) t = b^T x0 - rhs_last
    size = k + (border is not None)
    small = np.eye(size)
    g = np.zeros(size)
    if k:
        small[:k, :k] += v.T @ xu
        g[:k] = v.T @ x0
    if border is None:
        y = np.linalg.solve(small, g)
        return x0 - xu @ y
    xc = x[:, -1]
    if k:
        small[:k, k] = v.T @ xc
        small[k, :k] = bvals @ xu[bcols]
    small[k, k] = bvals @ xc[bcols] - corner
    g[k] = bvals @ x0[bcols] - rhs[-1]
    y = np.linalg.solve(small, g)
    return np.append(x0 - xu @ y[:k] - xc * y[k], y[k])


def _relaxed_ions(m: DeviceModel, psi):
    """Mobile ions relaxed at the potential ``psi``: zero ion flux on every link.

    Zero Scharfetter-Gummel flux on a link means a_{i+1} / a_i = exp(-s (psi_{i+1} -
    psi_i)) exactly, so in each connected region a = A exp(-s psi) (Boltzmann), with A
    fixed by the conserved number of ions N = sum_i w_i a_i of the region (the
    steady state of the ion continuity equations with blocking boundaries; Courtier et
    al., Energy Environ. Sci. 12, 396 (2019), sec. 2).  Returns the densities (2, N)
    and per region (species, nodes, densities there, N).
    """
    out = np.zeros((2, m.n_nodes))
    blocks = []
    for s in range(2):
        reg = m.ion_region[s]
        q = m.ion_charge[s]
        for r in range(int(reg.max(initial=-1)) + 1):
            idx = np.flatnonzero(reg == r)
            total = float(np.sum(m.w[idx] * m.ion_init[s, idx]))
            e = -q * psi[idx]
            e = np.exp(e - e.max())
            a = total * e / np.sum(m.w[idx] * e)
            out[s, idx] = a
            blocks.append((s, idx, a, total))
    return out, blocks


def _add_ions(m: DeviceModel, f, trip, psi):
    """Add the relaxed-ion charge to Poisson's rows of ``f`` (in place) and its Jacobian:
    the local part to the triplets, the rank-one part per region as ``U V^T``.

    With a_i = N exp(-s psi_i) / sum_j w_j exp(-s psi_j)::

        d a_i / d psi_j = -s a_i delta_ij + s a_i w_j a_j / N

    so the Poisson row i (+ K w_i s (a_i - a0_i)) gains -K s^2 w_i a_i on the diagonal
    and K s^2 (w_i a_i)(w_j a_j) / N: u = K s^2 w a, v = w a / N.
    """
    ions, blocks = _relaxed_ions(m, psi)
    nmain = 3 * m.n_nodes
    u, v = np.zeros((nmain, len(blocks))), np.zeros((nmain, len(blocks)))
    rows, cols, vals = [trip[0]], [trip[1]], [trip[2]]
    kp = m.poisson_k
    for b, (s, idx, a, total) in enumerate(blocks):
        q = m.ion_charge[s]
        wa = m.w[idx] * a
        f[3 * idx] += kp * q * (wa - m.w[idx] * m.ion_mean[s, idx])
        rows.append(3 * idx)
        cols.append(3 * idx)
        vals.append(-kp * q * q * wa)
        u[3 * idx, b] = kp * q * q * wa
        v[3 * idx, b] = wa / total
    trip = (np.concatenate(rows), np.concatenate(cols), np.concatenate(vals))
    return trip, (u, v), ions


#: Densities far below this (scaled: 1e4 m^-3) carry no charge or current of consequence;
#: their quasi-Fermi-level updates are weighted down in the convergence test.
_DENSITY_FLOOR = 1e-20


def _update_norm(m: DeviceModel, dz, z) -> float:
    """max |d psi| and density-weighted max |d phi_n|, |d phi_p| (units of kT)."""
    nn = m.n_nodes
    out = float(np.max(np.abs(dz[0:3 * nn:3])))
    n, p = _densities(m, z[0:3 * nn:3], z[1:3 * nn:3], z[2:3 * nn:3])
    for k, dens in ((1, n), (2, p)):
        out = max(out, float(np.max(np.abs(dz[k:3 * nn:3]) * dens / (dens + _DENSITY_FLOOR))))
    if dz.size > 3 * nn:
        out = max(out, abs(float(dz[-1])))
    return out


def _damp(dz, max_step: float):
    """Componentwise damping: potential updates beyond 1 kT/q are compressed
    logarithmically (sign(d) (1 + ln|d|)), quasi-Fermi-level updates are clipped to
    +-max_step kT (cf. the potential damping of Selberherr 1984, sec. 7.3)."""
    out = np.clip(dz, -max_step, max_step)
    psi = dz[0::3]
    big = np.abs(psi) > 1.0
    out[0::3] = np.where(big, np.sign(psi) * (1.0 + np.log(np.where(big, np.abs(psi), 1.0))),
                         psi)
    return out


def _newton(m: DeviceModel, z0, voltage_v: float, circuit: bool, *, tol: float = 1e-7,
            max_iter: int = 40, max_step: float = 4.0):
    """Damped Newton iteration; returns (z, parts, iterations) or raises NewtonFailure."""
    z = z0.copy()
    v_hat = voltage_v / m.vt_v
    ions = m.has_ions
    for it in range(1, max_iter + 1):
        f, trip, border, parts = _assemble(m, z, v_hat, circuit)
        lowrank = None
        try:
            with np.errstate(all="ignore"):
                if ions:
                    trip, lowrank, _ = _add_ions(m, f, trip, parts["psi"])
                dz = _solve(trip, border, -f, 3 * m.n_nodes, lowrank)
        except (np.linalg.LinAlgError, ValueError):
            raise NewtonFailure(voltage_v, "singular Jacobian") from None
        if not np.all(np.isfinite(dz)):
            raise NewtonFailure(voltage_v, "singular or non-finite Newton update")
        big = float(np.max(np.abs(dz)))
        z = z + _damp(dz, max_step)
        if big <= max_step and _update_norm(m, dz, z) < tol:
            parts = _assemble(m, z, v_hat, circuit)[3]
            if ions:
                parts["ions"] = _relaxed_ions(m, parts["psi"])[0]
            return z, parts, it
    raise NewtonFailure(voltage_v, f"{max_iter} Newton iterations without reaching |dz| < {tol:g}"
                                   f" (last |dz| = {big:.2g})")


def equilibrium(m: DeviceModel, *, max_iter: int = 200, tol: float = 1e-10,
                ions: bool = False):
    """Thermal-equilibrium state vector at zero bias (flat Fermi level at E_F = 0).

    Solves Poisson's equation alone with both quasi-Fermi levels at the Fermi level of
    the right contact (the energy zero), by damped Newton from a linear potential.

    Parameters
    ----------
    m : DeviceModel
        From :func:`peled.device.driftdiffusion.build_model`.
    max_iter : int
        Maximum Poisson iterations.
    tol : float
        Convergence threshold of the potential update (units of kT/q).
    ions : bool
        Include the mobile ions relaxed in the potential (Boltzmann in each connected
        region with its number of ions; see ``_relaxed_ions``); otherwise they are
        taken as equal to their compensating background (no net ionic charge).

    Returns
    -------
    ndarray
        State vector (psi/V_t, E_Fn/kT, E_Fp/kT interleaved; plus the internal voltage 0
        when the model has a series resistance).

    Raises
    ------
    NewtonFailure
        If the Poisson iteration does not converge.

    References
    ----------
    Selberherr, *Analysis and Simulation of Semiconductor Devices*, Springer (1984),
    eqn 2.1 (Poisson) with the Boltzmann densities of eqn 3.2; Markowich, *The
    Stationary Semiconductor Device Equations*, Springer (1986), ch. 2 (scaling).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion import build_model
    >>> m = build_model(load_stack(example_stack_path("hole_only_sclc")), points=40)
    >>> z = equilibrium(m)
    >>> float(abs(z[1::3]).max())       # flat electron quasi-Fermi level at E_F = 0
    0.0
    """
    nn = m.n_nodes
    circuit = m.rs > 0
    psi = np.linspace(m.psi_left_offset, m.psi_right, nn)
    ions = ions and m.has_ions
    for _ in range(max_iter):
        z = _equilibrium_vector(m, psi, circuit)
        f, trip, _, _ = _assemble(m, z, 0.0, False)
        if ions:
            trip, (u, v), _ = _add_ions(m, f, trip, psi)
        rows, cols, vals = trip
        keep = (rows % 3 == 0) & (cols % 3 == 0)
        jp = sp.csr_matrix((vals[keep], (rows[keep] // 3, cols[keep] // 3)), shape=(nn, nn))
        with np.errstate(all="ignore"):
            if ions:       # Woodbury: (J + U V^T)^-1 with one sparse LU
                try:
                    lu = spla.splu(jp.tocsc())
                except RuntimeError:
                    raise NewtonFailure(0.0, "singular equilibrium Poisson matrix") from None
                x = lu.solve(np.column_stack([-f[0:3 * nn:3], u[0::3]]))
                small = np.eye(u.shape[1]) + v[0::3].T @ x[:, 1:]
                d = x[:, 0] - x[:, 1:] @ np.linalg.solve(small, v[0::3].T @ x[:, 0])
            else:
                d = spla.spsolve(jp.tocsc(), -f[0:3 * nn:3])
        if not np.all(np.isfinite(d)):
            raise NewtonFailure(0.0, "equilibrium Poisson iteration broke down")
        big = float(np.max(np.abs(d)))
        psi = psi + d * min(1.0, 2.0 / big if big > 0 else 1.0)
        if big < tol:
            return _equilibrium_vector(m, psi, circuit)
    raise NewtonFailure(0.0, f"equilibrium Poisson iteration: {max_iter} iterations")


def _equilibrium_vector(m: DeviceModel, psi, circuit: bool):
    z = np.zeros(3 * m.n_nodes + (1 if circuit else 0))
    z[0:3 * m.n_nodes:3] = psi
    return z


def _state(m: DeviceModel, voltage_v: float, z, parts, iterations: int) -> SteadyState:
    lk = parts["links"]
    jscale = m.current_scale_a_m2
    rate = m.rate_scale_per_m3_s
    i = slice(1, m.n_nodes - 1)
    w = m.w[i]
    v_int = float(parts["v_int"]) * m.vt_v
    best = int(np.argmin(lk["size"]))        # least rounding error, see _links
    j_dd = (lk["gp"][best] - lk["gn"][best]) * jscale
    j_shunt = (v_int / m.vt_v) / m.rsh * jscale if np.isfinite(m.rsh) else 0.0
    psi_v = parts["psi"] * m.vt_v
    n, p = parts["n"], parts["p"]
    ions = parts.get("ions", np.zeros((2, m.n_nodes))) * N0_PER_M3
    return SteadyState(
        voltage_v=float(voltage_v), internal_voltage_v=v_int, z=z, x_m=m.x_m,
        potential_v=psi_v, n_per_m3=n * N0_PER_M3, p_per_m3=p * N0_PER_M3,
        efn_ev=parts["phin"] * m.vt_v, efp_ev=parts["phip"] * m.vt_v,
        r_rad_per_m3_s=parts["r_rad"] * rate, r_srh_per_m3_s=parts["r_srh"] * rate,
        r_auger_per_m3_s=parts["r_aug"] * rate,
        current_density_a_m2=float(j_dd + j_shunt),
        j_radiative_a_m2=float(np.sum(w * parts["r_rad"][i]) * jscale),
        j_srh_a_m2=float(np.sum(w * parts["r_srh"][i]) * jscale),
        j_auger_a_m2=float(np.sum(w * parts["r_aug"][i]) * jscale),
        j_interface_a_m2=float(np.sum(parts["r_itf"]) * jscale),
        j_leak_a_m2=float((lk["gp"][-1] - lk["gn"][0]) * jscale + j_shunt),
        newton_iterations=iterations, anion_per_m3=ions[0], cation_per_m3=ions[1],
    )


def _predict(m: DeviceModel, z, v_from: float, v_to: float, secant=None):
    """Initial guess at ``v_to``: secant extrapolation from two converged states when
    given (``secant = (z_older, v_older)``), otherwise the converged state with the bias
    change spread linearly over the potential (the contact boundary value moves)."""
    if secant is not None and secant[1] != v_from:
        z_old, v_old = secant
        return z + (z - z_old) * ((v_to - v_from) / (v_from - v_old))
    guess = z.copy()
    nn = m.n_nodes
    ramp = (v_to - v_from) / m.vt_v * (1.0 - m.x_m / m.length_m)
    guess[0:3 * nn:3] += ramp
    guess[1:3 * nn:3] -= ramp
    guess[2:3 * nn:3] -= ramp
    if m.rs > 0:
        guess[-1] += (v_to - v_from) / m.vt_v
    return guess


def solve_steady_state(m: DeviceModel, voltage_v: float, z0=None, *,
                       from_voltage_v: float = 0.0, secant=None, max_halvings: int = 10,
                       max_iter: int = 40):
    """Steady state at ``voltage_v`` by continuation from ``z0`` (solved at ``from_voltage_v``).

    Parameters
    ----------
    m : DeviceModel
        From :func:`peled.device.driftdiffusion.build_model`.
    voltage_v : float
        Applied voltage of the left contact with respect to the right (V).
    z0 : ndarray, optional
        Converged state at ``from_voltage_v`` (default: equilibrium at 0 V).
    from_voltage_v : float
        Voltage of ``z0``.
    secant : (ndarray, float), optional
        An earlier converged state and its voltage, for a secant predictor.
    max_halvings : int
        Step halvings allowed before giving up.
    max_iter : int
        Newton iterations allowed per continuation step.

    Returns
    -------
    SteadyState
        Converged profiles and the current split at ``voltage_v``.

    Raises
    ------
    NewtonFailure
        Naming the voltage that failed.

    References
    ----------
    Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969), eqn 6 (fluxes);
    Selberherr, *Analysis and Simulation of Semiconductor Devices*, Springer (1984),
    eqns 2.1-2.3 (the equations solved) and sec. 5.1 (contacts); Shockley & Read, Phys.
    Rev. 87, 835 (1952) and Hall, Phys. Rev. 87, 387 (1952) (trap recombination).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion import build_model
    >>> m = build_model(load_stack(example_stack_path("hole_only_sclc")))
    >>> st = solve_steady_state(m, 0.0)
    >>> abs(st.current_density_a_m2) < 1e-12
    True
    >>> round(solve_steady_state(m, 1.0).current_density_a_m2, 4)   # A/m^2 at 1 V
    0.0778
    """
    circuit = m.rs > 0
    if z0 is None:
        z0, from_voltage_v = equilibrium(m, ions=True), 0.0
    z, v_done, total = z0, from_voltage_v, 0
    step = voltage_v - from_voltage_v
    halvings = 0
    parts = None
    if step == 0:
        z, parts, total = _newton(m, z, voltage_v, circuit, max_iter=max_iter)
        return _state(m, voltage_v, z, parts, total)
    while v_done != voltage_v:
        target = voltage_v if abs(voltage_v - v_done) <= abs(step) * (1 + 1e-12) \
            else v_done + step
        guess = _predict(m, z, v_done, target, secant if halvings == 0 else None)
        try:
            z_new, parts, it = _newton(m, guess, target, circuit, max_iter=max_iter)
        except NewtonFailure as exc:
            halvings += 1
            if halvings > max_halvings:
                raise NewtonFailure(voltage_v, exc.reason) from None
            step /= 2.0
            continue
        total += it
        secant = (z, v_done)
        z, v_done = z_new, target
    return _state(m, voltage_v, z, parts, total)


def sweep_voltages(start_v: float, stop_v: float, step_v: float, direction: str) -> np.ndarray:
    """Voltages of a sweep (``forward``: start to stop; ``reverse``; ``both``: there and back).

    Parameters
    ----------
    start_v, stop_v : float
        End points (V).
    step_v : float
        Step (V, > 0); the last step is shortened to end at ``stop_v``.
    direction : str
        ``forward``, ``reverse`` or ``both`` (the values of the stack schema,
        :class:`peled.device.stack.Sweep`).

    Returns
    -------
    ndarray
        Voltages in sweep order.

    Raises
    ------
    peled.errors.ParameterError
        ``step_v`` not a finite number > 0, or an unknown ``direction``.

    Examples
    --------
    >>> sweep_voltages(0, 1, 0.5, "both").tolist()
    [0.0, 0.5, 1.0, 1.0, 0.5, 0.0]
    >>> sweep_voltages(0, 1, 0.4, "reverse").tolist()     # last step shortened
    [1.0, 0.8, 0.4, 0.0]
    """
    from peled.errors import ParameterError

    if not (np.isfinite(step_v) and step_v > 0):
        raise ParameterError(f"sweep step_v must be a finite voltage step > 0 V, got {step_v!r}")
    if direction not in ("forward", "reverse", "both"):
        raise ParameterError(
            f"sweep direction must be 'forward', 'reverse' or 'both', got {direction!r}")
    count = int(np.floor(abs(stop_v - start_v) / step_v + 1e-9)) + 1
    v = np.round(start_v + np.sign(stop_v - start_v) * step_v * np.arange(count), 12)
    if not np.isclose(v[-1], stop_v):
        v = np.append(v, stop_v)
    if direction == "reverse":
        return v[::-1].copy()
    if direction == "both":
        return np.concatenate([v, v[::-1]])
    return v


def solve_jv(m: DeviceModel, voltage_v=None, *, keep_states: bool = True,
             max_iter: int = 40, max_halvings: int = 10, progress=None) -> JVCurve:
    """Steady-state J-V curve with the current split and per-voltage convergence flags.

    Parameters
    ----------
    m : DeviceModel
        From :func:`peled.device.driftdiffusion.build_model`.
    voltage_v : array_like, optional
        Applied voltages in sweep order (default: the stack's ``[sweep]``).
    keep_states : bool
        Keep the full :class:`SteadyState` of every voltage (profiles).
    max_iter, max_halvings : int
        Newton iterations per continuation step and step halvings per voltage.
    progress : callable, optional
        Called as ``progress(done, total)`` after every voltage.

    Returns
    -------
    JVCurve
        Failed voltages carry NaN and ``converged = False``; the continuation restarts
        from the last converged state.

    Raises
    ------
    NewtonFailure
        Only if the zero-bias equilibrium (:func:`equilibrium`) does not converge; a
        failure at a sweep voltage is recorded in ``messages`` instead.

    References
    ----------
    Scharfetter & Gummel, IEEE Trans. Electron Devices 16, 64 (1969); Selberherr,
    *Analysis and Simulation of Semiconductor Devices*, Springer (1984) (the coupled
    Newton solution of the discretised equations).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> from peled.device.driftdiffusion import build_model
    >>> curve = solve_jv(build_model(load_stack(example_stack_path("green_cspbbr3"))),
    ...                  [0.0, 1.0, 2.0, 3.0])
    >>> bool(curve.converged.all()), f"{curve.current_density_a_m2[-1]:.4g}"   # A/m^2 at 3 V
    (True, '1.325')
    >>> round(float(curve.iqe[-1]), 3)      # J_rad / J at 3 V
    0.357
    """
    s = m.stack.sweep
    volts = (sweep_voltages(s.start_v, s.stop_v, s.step_v, s.direction)
             if voltage_v is None else np.atleast_1d(np.asarray(voltage_v, dtype=float)))
    keys = ("current_density_a_m2", "j_radiative_a_m2", "j_srh_a_m2", "j_auger_a_m2",
            "j_interface_a_m2", "j_leak_a_m2")
    out = {k: np.full(volts.size, np.nan) for k in keys}
    conv = np.zeros(volts.size, dtype=bool)
    iters = np.zeros(volts.size, dtype=int)
    states, messages = [], []
    z, v_prev = equilibrium(m, ions=True), 0.0
    secant = None
    for idx, volt in enumerate(volts):
        try:
            st = solve_steady_state(m, float(volt), z, from_voltage_v=v_prev, secant=secant,
                                    max_iter=max_iter, max_halvings=max_halvings)
        except NewtonFailure as exc:
            messages.append(str(exc))
            states.append(None)
            if progress is not None:
                progress(idx + 1, volts.size)
            continue
        if float(volt) != v_prev:
            secant = (z, v_prev)
        z, v_prev = st.z, float(volt)
        conv[idx] = True
        iters[idx] = st.newton_iterations
        for k in keys:
            out[k][idx] = getattr(st, k)
        states.append(st if keep_states else None)
        if progress is not None:
            progress(idx + 1, volts.size)
    return JVCurve(voltage_v=volts, converged=conv, newton_iterations=iters,
                   grid_points=m.n_nodes, states=tuple(states), messages=tuple(messages),
                   **out)
