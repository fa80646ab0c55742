"""Stack files (TOML) in, simulated device folders out: the file edge of the simulators.

The physics in :mod:`peled.device` never touches files; this module parses the stack
TOML and hands the mapping to :func:`peled.device.stack.stack_from_mapping`, and writes
a :class:`peled.device.simulation.DeviceSimulation` as a device folder that
``peled analyze`` reads like a measured one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from peled.device.simulation import DeviceSimulation
from peled.device.stack import Stack, stack_from_mapping
from peled.errors import FileFormatError
from peled.io.toml import closest

__all__ = [
    "example_stack_path",
    "load_protocol",
    "load_stack",
    "write_simulated_device",
    "write_transient",
]

_EXAMPLES = Path(__file__).resolve().parent / "data" / "examples" / "stacks"


def load_stack(path) -> Stack:
    """Read and validate a stack TOML file.

    Parameters
    ----------
    path : str or Path
        The stack file (schema in ``docs/stack-schema.md``).

    Returns
    -------
    peled.device.stack.Stack
        The validated stack; its ``source`` is ``path`` (named in later messages).

    Raises
    ------
    FileFormatError
        The file is missing or is not valid TOML (message with the line).
    peled.device.stack.StackError
        The TOML is valid but the stack is not (unknown key, non-physical value).

    Examples
    --------
    >>> stack = load_stack(example_stack_path("green_cspbbr3"))
    >>> [layer.name for layer in stack.electrical_layers]
    ['poly-TPD', 'CsPbBr3', 'TPBi']
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FileFormatError(path, f"cannot read stack file ({exc.strerror})") from None
    try:
        mapping = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(path, f"invalid TOML: {exc}") from None
    return stack_from_mapping(mapping, source=str(path))


def example_stack_path(name: str) -> Path:
    """Path of a shipped example stack.

    Parameters
    ----------
    name : str
        ``green_cspbbr3``, ``green_cspbbr3_ions`` (with mobile halide vacancies),
        ``red_cspbi3``, ``skyblue_quasi2d`` or ``hole_only_sclc``; the voltage protocols
        ``protocol_step`` and ``protocol_hold``.

    Returns
    -------
    Path
        The TOML file.

    Raises
    ------
    FileFormatError
        No such example (the message lists the shipped ones).

    Examples
    --------
    >>> example_stack_path("red_cspbi3").name
    'red_cspbi3.toml'
    >>> try:
    ...     example_stack_path("green_cspbr3")
    ... except FileFormatError as exc:
    ...     print(str(exc).split(": ", 1)[1].split(";")[0])
    no example stack 'green_cspbr3' (did you mean 'green_cspbbr3'?)
    """
    path = _EXAMPLES / f"{name}.toml"
    if not path.is_file():
        names = sorted(p.stem for p in _EXAMPLES.glob("*.toml"))
        close = closest(name, names)
        hint = f" (did you mean {close!r}?)" if close else ""
        raise FileFormatError(path, f"no example stack {name!r}{hint}; shipped: {', '.join(names)}")
    return path


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_simulated_device(sim: DeviceSimulation, folder) -> list:
    """Write ``sim`` as a device folder: ``jvl.csv``, ``el_spectrum.csv``, ``angular.csv``,
    ``device.toml`` and ``profiles.csv``.

    Parameters
    ----------
    sim : DeviceSimulation
        Result of :func:`peled.device.simulation.simulate_jv`.
    folder : str or Path
        Existing (usually temporary, see ``peled.cli._common.atomic_path``) directory.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OSError
        ``folder`` does not exist or cannot be written.

    Notes
    -----
    ``jvl.csv`` holds the converged voltages of the first sweep direction; ``angular.csv``
    is the far-field profile I(theta)/I(0) used for the luminance (computed by the optics
    model, or cos(theta) with an explicit ``[optics] outcoupling``) and
    ``el_spectrum.csv`` the spectrum leaving into air, so that ``peled analyze``
    recovers the simulated EQE; ``profiles.csv`` is long format (one
    row per voltage and grid node) with the potential, carrier densities, quasi-Fermi
    levels, recombination rates and the mobile-ion densities relaxed at that voltage
    (``anion_per_m3``, ``cation_per_m3``; zero without mobile ions).

    Examples
    --------
    >>> import tempfile
    >>> from peled.device.simulation import simulate_jv
    >>> sim = simulate_jv(load_stack(example_stack_path("green_cspbbr3")), [2.0, 3.0],
    ...                   points=60)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     sorted(p.name for p in write_simulated_device(sim, d))
    ['angular.csv', 'device.toml', 'el_spectrum.csv', 'jvl.csv', 'profiles.csv']
    """
    folder = Path(folder)
    c = sim.curve
    ok = np.flatnonzero(c.converged)
    if c.voltage_v.size > 1:       # keep the first monotonic run (forward part of "both")
        d = np.sign(np.diff(c.voltage_v))
        turn = np.flatnonzero(d != d[0])
        if turn.size:
            ok = ok[ok <= turn[0]]
    written = []
    jvl = folder / "jvl.csv"
    np.savetxt(jvl, np.column_stack([c.voltage_v[ok], c.current_density_a_m2[ok] * 0.1,
                                     sim.luminance_cd_m2[ok]]),
               delimiter=",", fmt="%.10g",
               header="Voltage (V),Current density (mA/cm2),Luminance (cd/m2)", comments="")
    written.append(jvl)
    el = folder / "el_spectrum.csv"
    np.savetxt(el, np.column_stack([sim.spectrum.wavelength_nm, sim.spectrum.intensity]),
               delimiter=",", fmt="%.10g", header="Wavelength (nm),EL intensity (a.u.)",
               comments="")
    written.append(el)
    ang = folder / "angular.csv"
    np.savetxt(ang, np.column_stack([sim.angle_deg, sim.angular_profile]), delimiter=",",
               fmt="%.10g", header="Angle (deg),Relative intensity", comments="")
    written.append(ang)
    st = sim.stack
    failed = ", ".join(f"{v:g} V" for v in c.failed_voltages_v)
    how = ("computed by the dipole model, far-field angular profile in angular.csv, "
           "outcoupled spectrum in el_spectrum.csv" if sim.outcoupling_source == "optics"
           else "[optics] outcoupling of the stack, Lambertian emission")
    notes = (f"SIMULATED by peled simulate jv (steady-state drift-diffusion, "
             f"{c.grid_points} grid points) from {st.source}; EQE = IQE x "
             f"{st.optics.radiative_efficiency:g} (radiative efficiency) x "
             f"{sim.eta_out:.4g} (outcoupling, {how})."
             + (f" Not converged (omitted): {failed}." if failed else ""))
    lines = [f"name = {_toml_string(st.title or Path(st.source).stem)}",
             f"area_cm2 = {st.area_cm2!r}",
             f"notes = {_toml_string(notes)}",
             "stack = ["]
    lines += [f"  {{ material = {_toml_string(layer.name)}, "
              f"thickness_nm = {layer.thickness_nm!r} }}," for layer in st.layers]
    lines.append("]")
    dev = folder / "device.toml"
    dev.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written.append(dev)
    prof = folder / "profiles.csv"
    rows = []
    for state in c.states:
        if state is None:
            continue
        k = state.x_m.size
        ions = [arr if arr.size == k else np.zeros(k)
                for arr in (state.anion_per_m3, state.cation_per_m3)]
        rows.append(np.column_stack([
            np.full(k, state.voltage_v), state.x_m * 1e9, state.potential_v, state.n_per_m3,
            state.p_per_m3, state.efn_ev, state.efp_ev, state.r_rad_per_m3_s,
            state.r_srh_per_m3_s, state.r_auger_per_m3_s, *ions]))
    header = ("voltage_v,x_nm,potential_v,n_per_m3,p_per_m3,efn_ev,efp_ev,"
              "r_radiative_per_m3_s,r_srh_per_m3_s,r_auger_per_m3_s,anion_per_m3,"
              "cation_per_m3")
    np.savetxt(prof, np.vstack(rows) if rows else np.empty((0, 12)), delimiter=",",
               fmt="%.8g", header=header, comments="")
    written.append(prof)
    return written


_SEGMENT_KEYS = {
    "step": ("type", "voltage_v", "duration_s"),
    "ramp": ("type", "voltage_v", "duration_s", "rate_v_s"),
    "square": ("type", "low_v", "high_v", "frequency_hz", "cycles"),
}


def load_protocol(path):
    """Read a voltage protocol TOML for ``peled simulate transient``.

    Format: ``start_v`` (V, default 0) and ``[[segment]]`` tables in order, each with
    ``type`` and its keys: ``step`` (``voltage_v``, ``duration_s``: jump and hold),
    ``ramp`` (``voltage_v`` end point and ``duration_s`` or ``rate_v_s`` > 0),
    ``square`` (``low_v``, ``high_v``, ``frequency_hz``, ``cycles``: starts high).

    Parameters
    ----------
    path : str or Path
        The protocol file.

    Returns
    -------
    peled.device.driftdiffusion.transient.VoltageProtocol
        Piecewise-linear V(t) (s, V) through the segments' corner points.

    Raises
    ------
    FileFormatError
        Unreadable or invalid TOML, unknown segment type or key (with the segment
        number), missing or non-physical values.

    Examples
    --------
    >>> p = load_protocol(example_stack_path("green_cspbbr3").with_name("protocol_step.toml"))
    >>> p.voltage_v[:2].tolist()
    [0.0, 3.0]
    >>> p.duration_s     # 1 ms at 3 V + 0.3 s ramp at 10 V/s + 5 cycles at 1 kHz
    0.306
    """
    from peled.device.driftdiffusion.transient import VoltageProtocol  # lazy import

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FileFormatError(path, f"cannot read protocol file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(path, f"invalid TOML: {exc}") from None
    unknown = set(data) - {"start_v", "segment"}
    if unknown:
        key = sorted(unknown)[0]
        close = closest(key, ["start_v", "segment"])
        hint = f" (did you mean {close!r}?)" if close else ""
        raise FileFormatError(path, f"unknown key {key!r}{hint}")
    segments = data.get("segment")
    if not isinstance(segments, list) or not segments:
        raise FileFormatError(path, "at least one [[segment]] table is required")

    def number(seg, i, key, positive=False):
        if key not in seg:
            raise FileFormatError(path, f"segment {i}: missing {key}")
        val = seg[key]
        if isinstance(val, bool) or not isinstance(val, (int, float)) or not np.isfinite(val):
            raise FileFormatError(path, f"segment {i}: {key} must be a number, got {val!r}")
        if positive and val <= 0:
            raise FileFormatError(path, f"segment {i}: {key} must be > 0, got {val!r}")
        return float(val)

    start_v = data.get("start_v", 0.0)
    if (isinstance(start_v, bool) or not isinstance(start_v, (int, float))
            or not np.isfinite(start_v)):
        raise FileFormatError(path, f"start_v must be a finite voltage in V, got {start_v!r}")
    start_v = float(start_v)
    out = []
    v_now = start_v
    for i, seg in enumerate(segments, 1):
        kind = seg.get("type")
        if kind not in _SEGMENT_KEYS:
            raise FileFormatError(path, f"segment {i}: type must be one of "
                                        f"{', '.join(_SEGMENT_KEYS)}, got {kind!r}")
        for key in seg:
            if key not in _SEGMENT_KEYS[kind]:
                close = closest(key, _SEGMENT_KEYS[kind])
                hint = f" (did you mean {close!r}?)" if close else ""
                raise FileFormatError(path, f"segment {i} ({kind}): unknown key {key!r}{hint}")
        if kind == "step":
            v_now = number(seg, i, "voltage_v")
            out.append(("step", v_now, number(seg, i, "duration_s", True)))
        elif kind == "ramp":
            end = number(seg, i, "voltage_v")
            if ("duration_s" in seg) == ("rate_v_s" in seg):
                raise FileFormatError(path, f"segment {i} (ramp): give exactly one of "
                                            "duration_s and rate_v_s")
            dur = (number(seg, i, "duration_s", True) if "duration_s" in seg
                   else abs(end - v_now) / number(seg, i, "rate_v_s", True))
            if dur <= 0:
                raise FileFormatError(path, f"segment {i} (ramp): zero duration (end voltage "
                                            "equals the start)")
            out.append(("ramp", end, dur))
            v_now = end
        else:
            cycles = number(seg, i, "cycles", True)
            if cycles != int(cycles):
                raise FileFormatError(path, f"segment {i}: cycles must be an integer")
            out.append(("square", number(seg, i, "low_v"), number(seg, i, "high_v"),
                        number(seg, i, "frequency_hz", True), int(cycles)))
            v_now = out[-1][1]
    return VoltageProtocol.from_segments(start_v, out)


def write_transient(sim, folder) -> list:
    """Write a transient simulation: ``transient.csv`` (time, source voltage V, J, J_rad,
    luminance, the voltage across the stack behind the series resistance) and
    ``ions.csv`` (long format: time, x, anion and cation densities, potential).

    Parameters
    ----------
    sim : peled.device.simulation.TransientSimulation
        Result of :func:`peled.device.simulation.simulate_transient`.
    folder : str or Path
        Existing directory.

    Returns
    -------
    list of Path
        The two files written.

    Raises
    ------
    OSError
        ``folder`` does not exist or cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> from peled.device.driftdiffusion.transient import VoltageProtocol
    >>> from peled.device.simulation import simulate_transient
    >>> sim = simulate_transient(load_stack(example_stack_path("green_cspbbr3")),
    ...                          VoltageProtocol.from_segments(0, [("step", 2.0, 1e-7)]),
    ...                          points=40)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_transient(sim, d)]
    ['transient.csv', 'ions.csv']
    """
    folder = Path(folder)
    r = sim.result
    main = folder / "transient.csv"
    np.savetxt(main, np.column_stack([r.time_s, r.voltage_v, r.current_density_a_m2 * 0.1,
                                      r.j_radiative_a_m2 * 0.1, sim.luminance_cd_m2,
                                      r.internal_voltage_v]),
               delimiter=",", fmt="%.10g", comments="",
               header="time_s,voltage_v,current_density_mA_cm2,j_radiative_mA_cm2,"
                      "luminance_cd_m2,internal_voltage_v")
    ions = folder / "ions.csv"
    rows = []
    for k, t in enumerate(r.profile_time_s):
        nx = r.x_m.size
        rows.append(np.column_stack([np.full(nx, t), r.x_m * 1e9, r.anion_per_m3[k],
                                     r.cation_per_m3[k], r.potential_v[k]]))
    np.savetxt(ions, np.vstack(rows), delimiter=",", fmt="%.8g", comments="",
               header="time_s,x_nm,anion_per_m3,cation_per_m3,potential_v")
    return [main, ions]
