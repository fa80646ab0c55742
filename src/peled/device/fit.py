"""Least-squares fit of stack parameters to a measured J-V curve.

Selected numeric stack parameters p (named by dotted paths, see :func:`set_parameter`)
are adjusted so that the simulated steady-state current density matches a measurement
on a logarithmic scale::

    r_i(p) = log10 J_sim(V_i; p) - log10 J_meas(V_i)                               (1)
    min_p  sum_i r_i(p)^2

(nonlinear least squares, trust-region reflective algorithm of scipy.optimize.least_squares;
Branch, Coleman & Li, SIAM J. Sci. Comput. 21, 1 (1999)).  Positive quantities
(mobilities, densities, coefficients) are fitted as q = ln p so that they stay positive
and a step is a relative change; energies (``*_ev`` keys) are fitted as they are.  The
Jacobian is a forward difference whose p + 1 simulations are independent and run through
one ``map_fn`` (default: the builtin :func:`map`; a parallel map can be passed in).

Standard errors come from the linearised covariance at the optimum (Bates & Watts,
"Nonlinear Regression Analysis and Its Applications", Wiley 1988, eqn 2.30)::

    Cov(q) = s^2 (J^T J)^-1,   s^2 = sum r_i^2 / (m - k)                           (2)

with m data points and k parameters; for a log-parameter, se(p) = p se(q) (delta method).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from peled.device.driftdiffusion import build_model, solve_jv
from peled.device.stack import Stack, StackError, stack_from_mapping
from peled.io.toml import closest
from peled.sweeps import split_sweeps

__all__ = ["StackFit", "fit_stack", "get_parameter", "set_parameter"]

#: Residual (decades) of a voltage at which the simulation did not converge during the
#: search; a large finite value steers the optimiser away from that region of parameter
#: space.  A fit whose optimum still has such points is reported as failed.
_FAILED_RESIDUAL = 10.0


def _split(name: str):
    parts = name.split(".")
    if parts[0] == "contacts" and len(parts) == 2:
        return ("contacts", None, None, parts[1])
    if parts[0] == "layer" and len(parts) == 3:
        return ("layer", parts[1], None, parts[2])
    if parts[0] == "layer" and len(parts) == 5 and parts[2] == "trap" and parts[3].isdigit():
        return ("trap", parts[1], int(parts[3]), parts[4])
    if parts[0] == "interface" and len(parts) == 3 and "|" in parts[1]:
        return ("interface", parts[1], None, parts[2])
    raise StackError(f"parameter {name!r}: expected layer.<name>.<key>, "
                     "layer.<name>.trap.<index>.<key>, interface.<left>|<right>.<key> or "
                     "contacts.<key>")


def _locate(stack: Stack, name: str):
    """(object holding the value, attribute, rebuild(new_object) -> Stack)."""
    kind, owner, index, key = _split(name)
    if kind == "contacts":
        obj = stack.contacts
        return obj, key, lambda new: dataclasses.replace(stack, contacts=new)
    if kind == "interface":
        left, right = owner.split("|", 1)
        idx = [i for i, itf in enumerate(stack.interfaces)
               if (itf.left, itf.right) == (left, right)]
        if not idx:
            raise StackError(f"parameter {name!r}: the stack has no [[interface]] "
                             f"{left}|{right}")
        i = idx[0]

        def rebuild_itf(new):
            items = list(stack.interfaces)
            items[i] = new
            return dataclasses.replace(stack, interfaces=tuple(items))
        return stack.interfaces[i], key, rebuild_itf
    names = [layer.name for layer in stack.layers]
    if owner not in names:
        raise StackError(f"parameter {name!r}: no layer {owner!r} (layers: {', '.join(names)})")
    li = names.index(owner)
    layer = stack.layers[li]

    def rebuild_layer(new_layer):
        items = list(stack.layers)
        items[li] = new_layer
        return dataclasses.replace(stack, layers=tuple(items))
    if kind == "layer":
        return layer, key, rebuild_layer
    if index >= len(layer.traps):
        raise StackError(f"parameter {name!r}: layer {owner!r} has {len(layer.traps)} "
                         f"trap(s) (indices from 0)")

    def rebuild_trap(new_trap):
        traps = list(layer.traps)
        traps[index] = new_trap
        return rebuild_layer(dataclasses.replace(layer, traps=tuple(traps)))
    return layer.traps[index], key, rebuild_trap


def get_parameter(stack: Stack, name: str) -> float:
    """Value of the numeric stack parameter ``name`` (units as in its key).

    Parameters
    ----------
    stack : Stack
        A validated stack.
    name : str
        Dotted path: ``layer.<name>.<key>``, ``layer.<name>.trap.<index>.<key>`` (index
        from 0 in file order), ``interface.<left>|<right>.<key>`` or ``contacts.<key>``,
        with the keys of the stack schema (e.g. ``layer.CsPbBr3.mu_n_m2_vs``).

    Returns
    -------
    float
        The value in the unit of its key (e.g. m^2/(V s) for ``mu_p_m2_vs``).

    Raises
    ------
    StackError
        Unknown path or key, or a parameter that is not a number.

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> st = load_stack(example_stack_path("hole_only_sclc"))
    >>> get_parameter(st, "layer.CsPbBr3.trap.0.density_per_m3")
    1e+22
    """
    obj, key, _ = _locate(stack, name)
    fields = [f.name for f in dataclasses.fields(obj)]
    if key not in fields:
        close = closest(key, fields)
        hint = f" (did you mean {close!r}?)" if close else ""
        raise StackError(f"parameter {name!r}: unknown key {key!r}{hint}")
    value = getattr(obj, key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise StackError(f"parameter {name!r} is {value!r}, not a number that can be fitted")
    return float(value)


def set_parameter(stack: Stack, name: str, value: float) -> Stack:
    """A copy of ``stack`` with the parameter ``name`` set to ``value`` and re-validated.

    Parameters
    ----------
    stack : Stack
        A validated stack.
    name : str
        Dotted path as in :func:`get_parameter`.
    value : float
        New value (unit of the key).

    Returns
    -------
    Stack
        A new validated stack; ``stack`` itself is unchanged.

    Raises
    ------
    StackError
        Unknown path, or a value the schema rejects (named as in the stack file).

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> st = load_stack(example_stack_path("hole_only_sclc"))
    >>> st2 = set_parameter(st, "layer.CsPbBr3.mu_p_m2_vs", 2e-6)
    >>> st2.layer("CsPbBr3").mu_p_m2_vs, st.layer("CsPbBr3").mu_p_m2_vs
    (2e-06, 1e-06)
    """
    get_parameter(stack, name)
    obj, key, rebuild = _locate(stack, name)
    new = rebuild(dataclasses.replace(obj, **{key: float(value)}))
    _revalidate(new)
    return new


def _revalidate(stack: Stack) -> None:
    """Run the schema's physical checks on a modified stack (raises StackError)."""
    stack_from_mapping(_to_mapping(stack), source=stack.source)


def _to_mapping(stack: Stack) -> dict:
    def clean(d):
        return {k: v for k, v in d.items() if v is not None}

    layers = []
    for layer in stack.layers:
        d = clean(dataclasses.asdict(layer))
        d.pop("traps", None)
        if "nk_table" in d:
            d["nk"] = d.pop("nk_table")
        if not layer.electrical:
            d = {k: v for k, v in d.items()
                 if k in ("name", "thickness_nm", "electrical", "n", "k", "nk", "nk_file")}
        elif layer.traps:
            d["trap"] = [clean(dataclasses.asdict(t)) for t in layer.traps]
        layers.append(d)
    out = {"temperature_k": stack.temperature_k,
           "area_cm2": stack.area_cm2, "layer": layers,
           "contacts": clean(dataclasses.asdict(stack.contacts)),
           "grid": dataclasses.asdict(stack.grid),
           "sweep": clean(dataclasses.asdict(stack.sweep)),
           "optics": clean(dataclasses.asdict(stack.optics))}
    if stack.title:
        out["title"] = stack.title
    if stack.interfaces:
        out["interface"] = [clean(dataclasses.asdict(i)) for i in stack.interfaces]
    return out


def _is_log(name: str) -> bool:
    return not name.endswith("_ev")


@dataclass(frozen=True)
class StackFit:
    """Result of :func:`fit_stack`.

    ``values`` and ``stderr`` map each parameter name to its fitted value and standard
    error (unit of its key); ``voltage_v``, ``j_measured_a_m2`` and ``j_fit_a_m2`` are
    the points used in the fit and the simulated J at the optimum.

    Attributes
    ----------
    names : tuple of str
        Fitted parameter paths (:func:`get_parameter`).
    values, stderr, initial : dict
        Fitted value, standard error and starting value per parameter (unit of its key).
    rms_log10_j : float
        Root-mean-square residual of log10 J at the optimum (decades).
    voltage_v, j_measured_a_m2, j_fit_a_m2 : numpy.ndarray
        Fitted points (V) with the measured and simulated current density (A/m^2).
    simulations : int
        Drift-diffusion J-V simulations run.
    stack : Stack or None
        The stack with the fitted values.

    References
    ----------
    Bates & Watts, *Nonlinear Regression Analysis and Its Applications*, Wiley (1988),
    eqn 2.30 (standard errors from the Jacobian at the optimum).

    Examples
    --------
    >>> fit = StackFit(("layer.X.mu_p_m2_vs",), {"layer.X.mu_p_m2_vs": 1e-6},
    ...                {"layer.X.mu_p_m2_vs": 2e-8}, {"layer.X.mu_p_m2_vs": 1.5e-6}, 0.004,
    ...                np.array([1.0, 2.0]), np.array([10.0, 40.0]), np.array([10.1, 39.9]), 7)
    >>> d = fit.as_dict()
    >>> d["layer.X.mu_p_m2_vs_stderr"], d["points"], d["current_density_mA_cm2"].tolist()
    (2e-08, 2, [1.0, 4.0])
    """

    names: tuple[str, ...]
    values: dict
    stderr: dict
    initial: dict
    rms_log10_j: float
    voltage_v: np.ndarray = field(repr=False)
    j_measured_a_m2: np.ndarray = field(repr=False)
    j_fit_a_m2: np.ndarray = field(repr=False)
    simulations: int = 0
    stack: Stack | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        """JSON-ready: every parameter with its ``_stderr`` sibling, ``rms_log10_j``,
        the initial values, the number of simulations and the fitted curve (mA/cm^2)."""
        out: dict = {}
        for name in self.names:
            out[name] = self.values[name]
            out[name + "_stderr"] = self.stderr[name]
        out["rms_log10_j"] = self.rms_log10_j
        out["initial"] = dict(self.initial)
        out["points"] = int(self.voltage_v.size)
        out["simulations"] = self.simulations
        out["voltage_v"] = self.voltage_v
        out["current_density_mA_cm2"] = self.j_measured_a_m2 * 0.1
        out["fit_current_density_mA_cm2"] = self.j_fit_a_m2 * 0.1
        return out


def _simulate_j(args):
    """J (A/m^2) of one stack at the given voltages, NaN where not converged (picklable
    task for a parallel ``map_fn``)."""
    stack, voltage_v, points = args
    curve = solve_jv(build_model(stack, points=points), voltage_v, keep_states=False)
    return np.where(curve.converged, curve.current_density_a_m2, np.nan)


def fit_stack(stack: Stack, voltage_v, current_density_a_m2, params, *,
              points: int | None = None, v_min: float | None = None,
              v_max: float | None = None, map_fn=map, progress=None,
              max_nfev: int = 30, rel_step: float = 1e-3) -> StackFit:
    """Fit stack parameters to a measured J-V curve by least squares on log10 J (1).

    Parameters
    ----------
    stack : Stack
        Starting stack; its values of ``params`` are the initial guess.
    voltage_v, current_density_a_m2 : array_like
        Measured curve (V, A/m^2) in measurement order.  The points of the first
        forward sweep (:func:`peled.sweeps.split_sweeps`) with V > 0 and J > 0 are used.
    params : sequence of str
        Parameter paths (:func:`get_parameter`), e.g. ``layer.CsPbBr3.mu_p_m2_vs``.
    points : int, optional
        Grid points of the simulation (default: the stack's ``[grid]``).
    v_min, v_max : float, optional
        Fit window (V): only points with v_min <= V <= v_max are used.
    map_fn : callable
        ``map_fn(func, iterable)`` used for the independent simulations of one Jacobian
        (default builtin :func:`map`; a process pool's or Dask's map can be passed).
    progress : callable, optional
        ``progress(done_iterations, max_iterations)`` after every Jacobian evaluation.
    max_nfev : int
        Maximum number of residual evaluations (Jacobians count separately).
    rel_step : float
        Forward-difference step (relative for log parameters; in eV for energies).

    Returns
    -------
    StackFit
        Fitted values with standard errors, residual and the fitted curve.

    Raises
    ------
    StackError
        Unknown parameter, a non-finite or empty voltage window, fewer usable points
        than parameters + 1, or no converged simulation at the optimum.

    References
    ----------
    Branch, Coleman & Li, SIAM J. Sci. Comput. 21, 1 (1999); Bates & Watts, "Nonlinear
    Regression Analysis and Its Applications", Wiley (1988), eqn 2.30.

    Examples
    --------
    >>> from peled.io_stack import example_stack_path, load_stack
    >>> st = load_stack(example_stack_path("hole_only_sclc"))
    >>> v = np.array([2.0, 4.0, 8.0])
    >>> j = _simulate_j((st, v, 60))
    >>> start = set_parameter(st, "layer.CsPbBr3.mu_p_m2_vs", 1.5e-6)
    >>> fit = fit_stack(start, v, j, ["layer.CsPbBr3.mu_p_m2_vs"], points=60)
    >>> round(fit.values["layer.CsPbBr3.mu_p_m2_vs"] / 1e-6, 3)
    1.0
    """
    from scipy.optimize import least_squares

    names = tuple(params)
    if not names:
        raise StackError("fit: give at least one parameter (--params)")
    if len(set(names)) != len(names):
        raise StackError(f"fit: parameter listed twice in {', '.join(names)}")
    p0 = np.array([get_parameter(stack, n) for n in names])
    logs = np.array([_is_log(n) for n in names])
    for n, v, lg in zip(names, p0, logs, strict=True):
        if lg and v <= 0:
            raise StackError(f"fit: {n} starts at {v:g}; a positive starting value is needed "
                             "(it is fitted on a log scale)")
    v = np.asarray(voltage_v, dtype=float)
    j = np.asarray(current_density_a_m2, dtype=float)
    if v.shape != j.shape or v.ndim != 1:
        raise StackError(f"fit: voltage and current density must be 1-D arrays of one length, "
                         f"got shapes {v.shape} and {j.shape}")
    forward = [idx for direction, idx in split_sweeps(v) if direction == "forward"]
    if forward:
        v, j = v[forward[0]], j[forward[0]]
    for opt, val in (("v_min (--v-min)", v_min), ("v_max (--v-max)", v_max)):
        if val is not None and not np.isfinite(val):
            raise StackError(f"fit: {opt} must be a finite voltage, got {val!r}")
    if v_min is not None and v_max is not None and v_min >= v_max:
        raise StackError(f"fit: the voltage window is empty (--v-min {v_min:g} >= --v-max "
                         f"{v_max:g}); give --v-min below --v-max")
    use = np.isfinite(v) & np.isfinite(j) & (v > 0) & (j > 0)
    if v_min is not None:
        use &= v >= v_min
    if v_max is not None:
        use &= v <= v_max
    v, j = v[use], j[use]
    order = np.argsort(v, kind="stable")
    v, j = v[order], j[order]
    if v.size < len(names) + 1:
        raise StackError(f"fit: {v.size} usable points (V > 0, J > 0, inside the voltage "
                         f"window) for {len(names)} "
                         "parameter(s); need at least one more point than parameters")
    log_j = np.log10(j)

    def to_values(q):
        return np.where(logs, np.exp(q), q)

    def stack_at(q):
        s = stack
        for n, val in zip(names, to_values(q), strict=True):
            s = set_parameter(s, n, val)
        return s

    def residual_from(jsim):
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.log10(jsim) - log_j
        return np.where(np.isfinite(r), r, _FAILED_RESIDUAL)

    count = {"sims": 0, "jac": 0}
    cache: dict = {}

    def run(qs):
        tasks, keys = [], []
        for q in qs:
            key = tuple(np.round(q, 15))
            keys.append(key)
            if key not in cache:
                tasks.append((key, (stack_at(q), v, points)))
        results = list(map_fn(_simulate_j, [t[1] for t in tasks]))
        count["sims"] += len(tasks)
        for (key, _), res in zip(tasks, results, strict=True):
            cache[key] = np.asarray(res, dtype=float)
        return [cache[k] for k in keys]

    def fun(q):
        return residual_from(run([q])[0])

    def jac(q):
        steps = np.full(q.size, rel_step)
        qs = [q] + [q + steps[i] * np.eye(q.size)[i] for i in range(q.size)]
        res = [residual_from(s) for s in run(qs)]
        count["jac"] += 1
        if progress is not None:
            progress(count["jac"], max_nfev)
        return np.column_stack([(res[i + 1] - res[0]) / steps[i] for i in range(q.size)])

    q0 = np.where(logs, np.log(np.where(logs, p0, 1.0)), p0)
    sol = least_squares(fun, q0, jac=jac, method="trf", x_scale=1.0, max_nfev=max_nfev,
                        xtol=1e-10, ftol=1e-12, gtol=1e-10)
    j_fit = run([sol.x])[0]
    if not np.all(np.isfinite(j_fit)):
        bad = ", ".join(f"{x:g} V" for x in v[~np.isfinite(j_fit)])
        raise StackError(f"fit: the simulation at the fitted parameters does not converge at "
                         f"{bad}")
    r = np.log10(j_fit) - log_j
    jm = jac(sol.x)
    dof = max(v.size - len(names), 1)
    s2 = float(r @ r) / dof
    cov = s2 * np.linalg.pinv(jm.T @ jm)
    se_q = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    values = to_values(sol.x)
    se = np.where(logs, values * se_q, se_q)
    return StackFit(
        names=names, values={n: float(x) for n, x in zip(names, values, strict=True)},
        stderr={n: float(x) for n, x in zip(names, se, strict=True)},
        initial={n: float(x) for n, x in zip(names, p0, strict=True)},
        rms_log10_j=float(np.sqrt(np.mean(r**2))), voltage_v=v, j_measured_a_m2=j,
        j_fit_a_m2=j_fit, simulations=count["sims"], stack=stack_at(sol.x))
