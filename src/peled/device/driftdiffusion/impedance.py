"""Small-signal admittance of the drift-diffusion model (with mobile ions).

At a steady state z* (ions relaxed) at bias V the discretised system reads
``M dz/dt + F(z, V) = 0`` (M: storage of electrons, holes and ions; see
:mod:`peled.device.driftdiffusion.transient`).  A small voltage dV exp(i omega t) gives
the linear system (Laux, IEEE Trans. Electron Devices 32, 2028 (1985), eqn 5)::

    (dF/dz + i omega M) dz = -(dF/dV) dV                                            (1)

and the terminal current dJ = (dJ_c/dz) dz - i omega eps d(dpsi/dx) on the first link
(conduction plus displacement current).  The admittance Y = dJ / dV = G + i omega C
gives the capacitance C(f) and conductance G(f) per area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse.linalg as spla

from peled.device.driftdiffusion.model import DeviceModel
from peled.device.driftdiffusion.steady import _assemble
from peled.device.driftdiffusion.transient import _relaxed_state, _System

__all__ = ["Admittance", "admittance"]


@dataclass(frozen=True)
class Admittance:
    """C(f) and G(f) per area at one bias (SI: F/m^2, S/m^2).

    Attributes
    ----------
    frequency_hz : numpy.ndarray, shape (F,)
        Frequencies (Hz).
    capacitance_f_m2 : numpy.ndarray, shape (F,)
        Capacitance per area, ``Im Y / omega`` (F/m^2).
    conductance_s_m2 : numpy.ndarray, shape (F,)
        Conductance per area, ``Re Y`` (S/m^2).
    bias_v : float
        DC bias (V).

    References
    ----------
    Laux, IEEE Trans. Electron Devices 32, 2028 (1985), eqn 5.

    Examples
    --------
    >>> y = Admittance(np.array([1e3]), np.array([4.427e-4]), np.array([1e-2]), 0.0)
    >>> d = y.as_dict()      # 1 F/m^2 = 1e5 nF/cm^2, 1 S/m^2 = 1e-4 S/cm^2
    >>> round(float(d["capacitance_nF_cm2"][0]), 2), float(d["conductance_S_cm2"][0])
    (44.27, 1e-06)
    """

    frequency_hz: np.ndarray
    capacitance_f_m2: np.ndarray
    conductance_s_m2: np.ndarray
    bias_v: float

    def as_dict(self) -> dict:
        """JSON-ready: frequencies (Hz), C in nF/cm^2, G in S/cm^2, bias (V)."""
        return {
            "bias_v": self.bias_v,
            "frequency_hz": self.frequency_hz,
            "capacitance_nF_cm2": self.capacitance_f_m2 * 1e5,
            "conductance_S_cm2": self.conductance_s_m2 * 1e-4,
        }


def admittance(m: DeviceModel, bias_v: float, frequency_hz) -> Admittance:
    """Small-signal C(f), G(f) of the model at ``bias_v`` by eqn (1).

    Parameters
    ----------
    m : DeviceModel
        From ``build_model(stack, allow_ions=True)`` (no series/shunt resistance).
    bias_v : float
        DC bias (V); the ions are relaxed to their steady state at this bias.
    frequency_hz : array_like
        Frequencies (Hz, > 0).

    Returns
    -------
    Admittance
        C(f) and G(f) per area at ``bias_v``.

    Raises
    ------
    peled.device.driftdiffusion.NewtonFailure
        The steady state with relaxed ions at ``bias_v`` does not converge.

    References
    ----------
    Laux, IEEE Trans. Electron Devices 32, 2028 (1985), eqn 5 (sinusoidal steady-state
    analysis of the linearised drift-diffusion system).

    Examples
    --------
    >>> import scipy.constants as sc
    >>> from peled.device.driftdiffusion.model import build_model
    >>> from peled.device.stack import stack_from_mapping
    >>> st = stack_from_mapping({"layer": [{"name": "I", "thickness_nm": 100,
    ...     "eps_r": 5.0, "electron_affinity_ev": 2.0, "ionisation_energy_ev": 6.0,
    ...     "nc_per_m3": 1e25, "nv_per_m3": 1e25, "mu_n_m2_vs": 1e-4, "mu_p_m2_vs": 1e-4}],
    ...     "contacts": {"left_work_function_ev": 4.0, "right_work_function_ev": 4.0},
    ...     "grid": {"points": 30}})
    >>> y = admittance(build_model(st, allow_ions=True), 0.0, [1e3])
    >>> round(float(y.capacitance_f_m2[0] / (5 * sc.epsilon_0 / 100e-9)), 6)
    1.0

    An undoped insulator between equal contacts is a parallel-plate capacitor,
    ``C = eps_r eps_0 / d`` = 0.4427 mF/m^2 (44.27 nF/cm^2) for eps_r = 5, d = 100 nm.
    """
    f = np.atleast_1d(np.asarray(frequency_hz, dtype=float))
    # steady state at the bias, ions relaxed (a long hold at the bias)
    sys_ = _System(m)
    res_state = _relaxed_state(m, sys_, float(bias_v))
    nn = m.n_nodes
    v_hat = bias_v / m.vt_v
    with np.errstate(all="ignore"):
        _, jac_f, _ = sys_.residual_jacobian(res_state, res_state, 1e300, v_hat)
        _, jac_1, _ = sys_.residual_jacobian(res_state, res_state, 1.0, v_hat)
    mass = (jac_1 - jac_f).tocsc()
    jac_f = jac_f.tocsc()
    rhs = np.zeros(sys_.size)
    rhs[0:3] = [1.0, -1.0, -1.0]          # -dF/dV for dV = 1 (scaled)
    lk = _assemble(m, res_state[:3 * nn], v_hat, False)[3]["links"]
    dj = np.zeros(sys_.size, dtype=complex)
    # d(Gamma_p - Gamma_n)/dz on link 0 (nodes 0 and 1)
    dj[[0, 3]] = [lk["p_psi0"][0] - lk["n_psi0"][0], lk["p_psi1"][0] - lk["n_psi1"][0]]
    dj[[1, 4]] = [-lk["n_phi0"][0], -lk["n_phi1"][0]]
    dj[[2, 5]] = [lk["p_phi0"][0], lk["p_phi1"][0]]
    y = np.empty(f.size, dtype=complex)
    for k, freq in enumerate(f):
        w_hat = 2 * np.pi * freq * m.time_scale_s
        dz = spla.spsolve((jac_f + 1j * w_hat * mass).tocsc(), rhs.astype(complex))
        disp = -(m.eps_link[0] / m.poisson_k) * 1j * w_hat * (dz[3] - dz[0]) / m.h[0]
        y[k] = dj @ dz + disp
    y_si = y * m.current_scale_a_m2 / m.vt_v
    omega = 2 * np.pi * f
    return Admittance(frequency_hz=f, capacitance_f_m2=y_si.imag / omega,
                      conductance_s_m2=y_si.real, bias_v=float(bias_v))
