"""Synthetic trap and ion characterisation data: SCLC, admittance, C-V, TA, Arrhenius, defects.

Each generator evaluates a documented forward model of :mod:`peled.device` (or a
closed-form law) and adds seeded noise, so the analyses of :mod:`peled.characterize`
can be checked against known parameters.  They return arrays (or text for the defect
input); :mod:`peled.datasets.defect_examples` writes the bundled example files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from peled.device.ions import K_B_EV
from peled.device.junction import depletion_capacitance
from peled.device.space_charge import single_carrier_jv
from peled.device.traps import gaussian_trap_band, trap_band_admittance

__all__ = [
    "make_admittance_spectra",
    "make_arrhenius_series",
    "make_cv_sweep",
    "make_defect_toml",
    "make_sclc_sweeps",
    "make_ta_map",
]


def make_sclc_sweeps(sweeps, voltage_v, thickness_m: float, eps_r: float,
                     mobility_m2_vs: float, noise_rel: float = 0.0, seed: int = 0,
                     tfl_slope: float = 8.0,
                     mA_cm2: bool = False) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """Single-carrier J-V sweeps (ohmic, trap-filled limit, Mott-Gurney) with log-normal noise.

    Parameters
    ----------
    sweeps : sequence of (str, str, float, float)
        ``(label, direction, v_tfl_v, free_carrier_density_per_m3)`` per sweep, in
        measurement order; ``direction`` ``"forward"`` runs over ``voltage_v``,
        ``"reverse"`` over it backwards.
    voltage_v : array_like
        Increasing voltages of one sweep in V.
    thickness_m : float
        Layer thickness in m.
    eps_r : float
        Relative permittivity.
    mobility_m2_vs : float
        Mobility in m^2/(V s).
    noise_rel : float, optional
        Standard deviation of ln J (log-normal noise; default 0).
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`; the noise is drawn once for all
        points of all sweeps in order.
    tfl_slope : float, optional
        Log-log slope of the trap-filled-limit region (default 8).
    mA_cm2 : bool, optional
        Return the current density in mA/cm^2 instead of A/m^2 (default False).

    Returns
    -------
    list of (str, numpy.ndarray, numpy.ndarray)
        ``(label, voltage_v, current density)`` per sweep.

    References
    ----------
    M. A. Lampert, Phys. Rev. 103, 1648 (1956); Mott & Gurney (1940); see
    :func:`peled.device.space_charge.single_carrier_jv`.

    Examples
    --------
    >>> out = make_sclc_sweeps([("fwd", "forward", 0.8, 2e20)], [0.1, 1.0, 5.0],
    ...                        300e-9, 25.0, 5e-5)
    >>> [round(float(j), 2) for j in out[0][2]]  # A/m^2: ohmic, TFL, Child
    [534.06, 25465.91, 11528890.39]
    """
    v = np.asarray(voltage_v, dtype=float)
    out = []
    for label, direction, v_tfl, n0 in sweeps:
        vv = v if direction == "forward" else v[::-1]
        j = single_carrier_jv(vv, thickness_m, eps_r, mobility_m2_vs, v_tfl, n0, tfl_slope)
        out.append((label, vv, j / 10.0 if mA_cm2 else j))
    if noise_rel:
        z = np.random.default_rng(seed).normal(size=sum(o[1].size for o in out))
        k = 0
        for i, (label, vv, j) in enumerate(out):
            out[i] = (label, vv, j * np.exp(noise_rel * z[k:k + vv.size]))
            k += vv.size
    return out


def make_admittance_spectra(temperatures_k, frequency_hz, center_ev: float, sigma_ev: float,
                            total_density_per_m3: float, omega0_300k_rad_s: float,
                            v_bi_v: float, depletion_width_m: float, c_hf_f_m2: float,
                            g_dc_s_m2: float = 0.0, energy_ev=None):
    """Capacitance and conductance spectra of a Gaussian trap band at several temperatures.

    Parameters
    ----------
    temperatures_k : sequence of float
        Temperatures in K.
    frequency_hz : array_like
        Measurement frequencies f in Hz.
    center_ev, sigma_ev : float
        Centre and standard deviation of the Gaussian trap band in eV.
    total_density_per_m3 : float
        Integrated trap density in m^-3.
    omega0_300k_rad_s : float
        Attempt angular frequency at 300 K in rad/s; w0(T) = w0(300 K) (T / 300 K)^2.
    v_bi_v : float
        Built-in voltage in V.
    depletion_width_m : float
        Depletion width in m.
    c_hf_f_m2 : float
        High-frequency capacitance per area in F/m^2.
    g_dc_s_m2 : float, optional
        DC conductance per area in S/m^2.
    energy_ev : array_like, optional
        Energy grid of the band in eV (default 401 points over 0-0.7 eV).

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``(C in F/m^2, G in S/m^2)`` per temperature.

    References
    ----------
    T. Walter et al., J. Appl. Phys. 80, 4411 (1996); see
    :func:`peled.device.traps.trap_band_admittance`.

    Examples
    --------
    >>> (c, g), = make_admittance_spectra([300.0], [1.0, 1e9], 0.35, 0.04, 1e22, 2e11,
    ...                                   1.0, 2e-7, 1e-3)
    >>> round(float((c[0] - c[1]) / (1.602176634e-19 * 2e-7 * 1e22)), 3)  # q W N_t / V_bi
    1.0
    """
    e = np.linspace(0.0, 0.7, 401) if energy_ev is None else np.asarray(energy_ev, float)
    dos = gaussian_trap_band(e, center_ev, sigma_ev, total_density_per_m3)
    w = 2 * np.pi * np.asarray(frequency_hz, dtype=float)
    return [trap_band_admittance(w, e, dos, t, omega0_300k_rad_s / 300.0**2 * t**2, v_bi_v,
                                 depletion_width_m, c_hf_f_m2, g_dc_s_m2)
            for t in temperatures_k]


def make_cv_sweep(voltage_v, doping_per_m3: float, eps_r: float, v_bi_v: float,
                  area_m2: float, noise_rel: float = 0.0, seed: int = 0) -> np.ndarray:
    """Depletion capacitance of a device (F) over a bias sweep, with Gaussian noise.

    Parameters
    ----------
    voltage_v : array_like
        Forward biases in V, below V_bi.
    doping_per_m3 : float
        Doping density in m^-3.
    eps_r : float
        Relative permittivity.
    v_bi_v : float
        Built-in voltage in V.
    area_m2 : float
        Device area in m^2.
    noise_rel : float, optional
        Relative standard deviation of the Gaussian noise (default 0).
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        Capacitance in F (depletion approximation, m = 0).

    References
    ----------
    S. M. Sze & K. K. Ng, "Physics of Semiconductor Devices", 3rd ed., Wiley (2007), Ch. 2.

    Examples
    --------
    >>> c = make_cv_sweep([0.0], 6.907936702252519e22, 25.0, 1.0, 4e-6)
    >>> round(float(8.8541878128e-12 * 25.0 * 4e-6 / c[0]) * 1e9, 3)  # W at 0 V, nm
    200.0
    """
    v = np.asarray(voltage_v, dtype=float)
    c = np.asarray(depletion_capacitance(v, doping_per_m3, eps_r, v_bi_v)) * area_m2
    if noise_rel:
        c = c * (1.0 + noise_rel * np.random.default_rng(seed).normal(size=v.size))
    return c


def make_ta_map(delay, wavelength_nm, bands) -> np.ndarray:
    """Transient-absorption map of Gaussian bands with multi-exponential kinetics.

    Parameters
    ----------
    delay : array_like
        Pump-probe delays (any time unit; the same unit as the lifetimes in ``bands``);
        Delta A is zero before time zero.
    wavelength_nm : array_like
        Probe wavelengths in nm.
    bands : sequence of (float, float, float, sequence of (float, float))
        ``(center_nm, sigma_nm, amplitude, [(weight, lifetime), ...])`` per band;
        ``amplitude`` in any absorbance unit (OD, mOD), negative for a bleach.

    Returns
    -------
    numpy.ndarray
        Delta A, shape (n_delays, n_wavelengths), in the unit of the amplitudes.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), eqn (11) (the definition of Delta A).

    Examples
    --------
    >>> a = make_ta_map([-1.0, 0.0, 20.0], [515.0], [(515.0, 6.0, -20.0, [(1.0, 20.0)])])
    >>> [round(float(x), 4) for x in a[:, 0]]
    [0.0, -20.0, -7.3576]
    """
    t = np.asarray(delay, dtype=float)[:, None]
    wl = np.asarray(wavelength_nm, dtype=float)
    total = np.zeros((t.shape[0], wl.size))
    for center, sigma, amplitude, kinetics in bands:
        decay = sum(w * np.exp(-t / tau) for w, tau in kinetics)
        total = total + amplitude * np.exp(-0.5 * ((wl - center) / sigma) ** 2) * decay
    return np.where(t >= 0, total, 0.0)


def make_arrhenius_series(temperature_k, ea_ev: float, prefactor: float,
                          temperature_exponent: float = 0.0, noise_rel: float = 0.0,
                          seed: int = 0) -> np.ndarray:
    """A thermally activated quantity y(T) T^n = A exp(-E_a / k_B T) with log-normal noise.

    Parameters
    ----------
    temperature_k : array_like
        Temperatures in K.
    ea_ev : float
        Activation energy in eV.
    prefactor : float
        A, in the unit of y times K^n.
    temperature_exponent : float, optional
        n: 1 for an ionic conductivity (sigma T), 0 for a rate or diffusion coefficient.
    noise_rel : float, optional
        Standard deviation of ln y (default 0).
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    numpy.ndarray
        y in the unit of ``prefactor`` divided by K^n.

    References
    ----------
    S. Arrhenius, Z. Phys. Chem. 4, 226 (1889).

    Examples
    --------
    >>> y = make_arrhenius_series([300.0, 400.0], 0.5, 1.0)
    >>> round(float(np.log(y[1] / y[0]) * 8.617333262e-5 / (1 / 300 - 1 / 400)), 6)
    0.5
    """
    t = np.asarray(temperature_k, dtype=float)
    y = prefactor / t**temperature_exponent * np.exp(-ea_ev / (K_B_EV * t))
    if noise_rel:
        y = y * np.exp(noise_rel * np.random.default_rng(seed).normal(size=t.size))
    return y


def _toml_number(x: float, decimals: int) -> str:
    return f"{x:.{decimals}f}"


def make_defect_toml(host: Mapping, chemical_potentials: Mapping, defects: Sequence,
                     header: str = "") -> str:
    """Defect-calculation input (TOML) whose formation energies at E_F = 0 are given.

    The supercell total energies follow from the formation energy (Jiang et al.,
    Nanoscale (2024), eqn (4), atoms ADDED counted positive)::

        E(defect, q) = dH(q; E_F = 0) + E(host) + sum_i n_i (E_i + dmu_i) - q E_VBM

    Parameters
    ----------
    host : mapping
        ``energy_ev``, ``vbm_ev``, ``band_gap_ev``, ``temperature_k``, ``m_e``, ``m_h``
        (eV, K, effective-mass ratios).
    chemical_potentials : mapping
        Element -> ``(energy_ev, delta_mu_ev)``.
    defects : sequence of mapping
        ``name``, ``sites_cm3`` (sites per cm^3), ``atoms`` (element -> n_i) and
        ``formation_ev`` (charge q -> dH(q; E_F = 0) in eV), in output order.
    header : str, optional
        Comment lines put first (each starting with ``#``).

    Returns
    -------
    str
        The TOML text read by :func:`peled.characterize.readers.read_defects_toml`.

    References
    ----------
    Jiang et al., "Defects in lead halide perovskite LEDs under electric field",
    Nanoscale (2024), eqn (4).

    Examples
    --------
    >>> text = make_defect_toml({"energy_ev": -1000.0, "vbm_ev": 1.2, "band_gap_ev": 1.6,
    ...                          "temperature_k": 300.0, "m_e": 0.2, "m_h": 0.25},
    ...                         {"I": (-1.5, -0.5)},
    ...                         [{"name": "V_I", "sites_cm3": 1.2e22, "atoms": {"I": -1},
    ...                           "formation_ev": {1: 0.4}}])
    >>> "{ q = 1, energy_ev = -998.80 }" in text
    True
    """
    mu = {el: e + d for el, (e, d) in chemical_potentials.items()}
    lines = [header.rstrip("\n"), ""] if header else []
    lines += [
        "[host]",
        f"energy_ev = {_toml_number(host['energy_ev'], 1)}     # E(host): perfect supercell",
        f"vbm_ev = {_toml_number(host['vbm_ev'], 2)}           "
        "# E_VBM(host) on the same absolute energy scale",
        f"band_gap_ev = {_toml_number(host['band_gap_ev'], 2)}",
        f"temperature_k = {_toml_number(host['temperature_k'], 1)}",
        f"m_e = {_toml_number(host['m_e'], 2)}",
        f"m_h = {_toml_number(host['m_h'], 2)}",
        "",
        "[chemical_potentials]   # E_i: energy per atom of the elemental reference; dmu_i <= 0",
    ]
    lines += [f"{el} = {{ energy_ev = {_toml_number(e, 2)}, "
              f"delta_mu_ev = {_toml_number(d, 2)} }}"
              for el, (e, d) in chemical_potentials.items()]
    for d in defects:
        atoms = ", ".join(f"{el} = {n}" for el, n in d["atoms"].items())
        sites = f"{d['sites_cm3']:.1e}".replace("e+", "e")
        lines += ["", "[[defects]]", f'name = "{d["name"]}"', f"sites_cm3 = {sites}",
                  f"atoms = {{ {atoms} }}", "charge_states = ["]
        for q, dh in d["formation_ev"].items():
            e = dh + host["energy_ev"] + sum(n * mu[el] for el, n in d["atoms"].items()) \
                - q * host["vbm_ev"]
            lines.append(f"  {{ q = {q}, energy_ev = {_toml_number(e, 2)} }},")
        lines.append("]")
    return "\n".join(lines) + "\n"
