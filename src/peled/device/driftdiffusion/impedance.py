"""Small-signal admittance of the drift-diffusion model (with mobile ions).

At a steady state z* (ions relaxed) at bias V the discretised system reads
``M dz/dt + F(z, V) = 0`` (M: storage of electrons, holes and ions; see
:mod:`peled.device.driftdiffusion.transient`).  A small voltage dV exp(i omega t) gives
the linear system (Laux, IEEE Trans. Electron Devices 32, 2028 (1985), eqn 5)::

    (dF/dz + i omega M) dz = -(dF/dV) dV                                            (1)

and the terminal current dJ = (dJ_c/dz) dz - i omega eps d(dpsi/dx) on the first link
(conduction plus displacement current).  The admittance Y = dJ / dV = G + i omega C
gives the capacitance C(f) and conductance G(f) per area.

With a series resistance R_s and a shunt R_sh (stack ``[contacts]``) the unknowns include
the internal voltage V_int across the stack and the circuit row
``V = V_int + R_s (J_dev + V_int / R_sh)`` (Sze & Ng, "Physics of Semiconductor
Devices", 3rd ed., Wiley 2007, ch. 13; see :mod:`peled.device.driftdiffusion.transient`)
is linearised with the device: the DC point is the steady state of the whole circuit at
the source bias V (the stack at V_int), the small signal drives the source, and the
admittance is the measured one, dJ / dV with dJ = dJ_dev + dV_int / R_sh.  For a linear
device this is the series/parallel composition of the equivalent circuit (Barsoukov &
Macdonald, "Impedance Spectroscopy", 2nd ed., Wiley 2005, sec. 1.3, simple RC circuits)::

    Y = 1 / (R_s + 1 / (Y_dev + 1 / R_sh))                                          (2)

with Y_dev the admittance of the stack at V_int.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse.linalg as spla

from peled.device.driftdiffusion.model import DeviceModel
from peled.device.driftdiffusion.steady import _assemble
from peled.device.driftdiffusion.transient import _History, _relaxed_state, _System
from peled.errors import ParameterError

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
        DC bias of the source (V).
    internal_bias_v : float, optional
        DC voltage across the stack behind the series resistance (V; None: equal to
        ``bias_v``).

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
    internal_bias_v: float | None = None

    def as_dict(self) -> dict:
        """JSON-ready: frequencies (Hz), C in nF/cm^2, G in S/cm^2, source and internal
        bias (V)."""
        return {
            "bias_v": self.bias_v,
            "internal_bias_v": (self.bias_v if self.internal_bias_v is None
                                else self.internal_bias_v),
            "frequency_hz": self.frequency_hz,
            "capacitance_nF_cm2": self.capacitance_f_m2 * 1e5,
            "conductance_S_cm2": self.conductance_s_m2 * 1e-4,
        }


def admittance(m: DeviceModel, bias_v: float, frequency_hz) -> Admittance:
    """Small-signal C(f), G(f) of the model at ``bias_v`` by eqn (1).

    Parameters
    ----------
    m : DeviceModel
        From ``build_model(stack)``; its series and shunt resistance
        (``m.rs``, ``m.rsh``) are part of the measured circuit, eqn (2).
    bias_v : float
        DC bias of the source (V); the ions are relaxed to their steady state at the
        internal bias this gives.
    frequency_hz : array_like
        Frequencies (Hz, > 0).

    Returns
    -------
    Admittance
        C(f) and G(f) per area of the circuit at ``bias_v`` (``internal_bias_v`` the
        DC voltage across the stack).

    Raises
    ------
    peled.errors.ParameterError
        A non-finite ``bias_v``, or a frequency that is not finite and > 0 (or none).
    peled.device.driftdiffusion.NewtonFailure
        The steady state with relaxed ions at ``bias_v`` does not converge.

    References
    ----------
    Laux, IEEE Trans. Electron Devices 32, 2028 (1985), eqn 5 (sinusoidal steady-state
    analysis of the linearised drift-diffusion system); Barsoukov & Macdonald,
    *Impedance Spectroscopy*, 2nd ed., Wiley (2005), sec. 1.3 (equivalent circuit (2)).

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
    >>> y = admittance(build_model(st), 0.0, [1e3])
    >>> round(float(y.capacitance_f_m2[0] / (5 * sc.epsilon_0 / 100e-9)), 6)
    1.0

    An undoped insulator between equal contacts is a parallel-plate capacitor,
    ``C = eps_r eps_0 / d`` = 0.4427 mF/m^2 (44.27 nF/cm^2) for eps_r = 5, d = 100 nm.
    Behind a series resistance of 10 Ohm cm^2 (1e-3 Ohm m^2) it is a series R-C:
    Y = 1 / (R_s + 1 / (i omega C)), so C(f) = C / (1 + (omega R_s C)^2):

    >>> from dataclasses import replace
    >>> circ = replace(st, contacts=replace(st.contacts, series_resistance_ohm_cm2=10.0))
    >>> y = admittance(build_model(circ), 0.0, [1.0 / (2 * np.pi * 4.427e-7)])
    >>> round(float(y.capacitance_f_m2[0] / (5 * sc.epsilon_0 / 100e-9)), 4)   # wRC = 1
    0.5
    """
    f = np.atleast_1d(np.asarray(frequency_hz, dtype=float))
    if not np.isfinite(bias_v):
        raise ParameterError(f"bias_v (--bias-v) must be a finite voltage in V, got {bias_v!r}")
    if f.size == 0 or not np.all(np.isfinite(f) & (f > 0)):
        raise ParameterError("frequency_hz (--freq-hz) must be finite frequencies > 0 Hz, got "
                             f"{f.tolist()[:5]}")
    # steady state at the bias, ions relaxed (a long hold at the bias)
    sys_ = _System(m)
    res_state = _relaxed_state(m, sys_, float(bias_v))
    nn = m.n_nodes
    v_hat = bias_v / m.vt_v
    stored = sys_.stored(res_state)
    with np.errstate(all="ignore"):          # mass matrix: the d/dt part of one BDF1 step
        _, jac_f, _ = sys_.residual_jacobian(res_state, _History.bdf([stored], 1e300), v_hat)
        _, jac_1, _ = sys_.residual_jacobian(res_state, _History.bdf([stored], 1.0), v_hat)
    mass = (jac_1 - jac_f).tocsc()
    jac_f = jac_f.tocsc()
    rhs = np.zeros(sys_.size)
    if sys_.circuit:
        rhs[-1] = 1.0                     # -dF/dV of the circuit row, dV = 1 (scaled)
        v_int = float(res_state[-1])
    else:
        # -dF/dV of the left contact rows (a quasi-Fermi level is pinned only with an
        # infinite surface recombination velocity)
        rhs[0:3] = [1.0, -1.0 * np.isinf(m.surface_velocity[0]),
                    -1.0 * np.isinf(m.surface_velocity[1])]
        v_int = v_hat
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
        # terminal current: device current plus the shunt current dV_int / R_sh
        y[k] = dj @ dz + disp + (dz[-1] if sys_.circuit else 1.0) / m.rsh
    y_si = y * m.current_scale_a_m2 / m.vt_v
    omega = 2 * np.pi * f
    return Admittance(frequency_hz=f, capacitance_f_m2=y_si.imag / omega,
                      conductance_s_m2=y_si.real, bias_v=float(bias_v),
                      internal_bias_v=v_int * m.vt_v)
