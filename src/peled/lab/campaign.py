"""Campaign schema of the closed loop: parameter space, objectives, budget and instrument.

A campaign is the plan of a closed-loop optimisation in the sense of the
"synthesis - characterization - optimization" loop of Xu et al., Nat. Commun. 16, 7841
(2025), reviewed by Cao et al., "Crystallization regulation of solution-processed metal
halide perovskite LEDs", Chem. Sci. (2025), sec. 4.5.  It is pure data: this module parses
a mapping (the TOML file is read at the edge by :func:`load_campaign`) and checks it.

Schema (every table and key; unknown keys are errors naming the closest valid key)::

    [campaign]            name, description, seed (int, default 0),
                          strategy ("bo" | "sobol" | "random" | "lhs" | "grid", default "bo")
    [[parameters]]        name, type ("continuous" | "integer" | "categorical"),
                          low, high (continuous/integer), unit (text), log (bool, continuous),
                          levels (list of >= 2 labels, categorical)
    [[constraints]]       coefficients = {name = c, ...}, lower and/or upper:
                          lower <= sum c_i x_i <= upper (continuous/integer, linear scale)
    [[objectives]]        name (a measured outcome), goal ("maximize" | "minimize" |
                          "target"), target and tolerance (goal "target": the objective is
                          |y - target|, minimised; within tolerance counts as on target),
                          weight (mode "weighted"), reference (mode "pareto")
    [[outcome_constraints]] name, lower and/or upper (on a measured outcome)
    [optimization]        mode ("single" | "weighted" | "pareto"; default "single" for one
                          objective), target (value of the scalar objective, or of the
                          hypervolume for "pareto", that counts as reached)
    [budget]              experiments (total runs), batch_size (runs per batch, i.e.
                          parallel reactors), initial (space-filling runs before the model)
    [instrument]          kind ("twin" | "manual" | "command" | a plug-in name), measures
                          (outcome names the instrument produces), command (list of
                          strings), timeout_s, noise (bool), failure_probability, options

Like Ax, linear constraints are inequalities only: fractions that sum to one are written
as free fractions whose sum is at most one, the last fraction being the remainder.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from peled.errors import PeledError
from peled.io.toml import closest

__all__ = [
    "BUILTIN_INSTRUMENTS",
    "Campaign",
    "CampaignError",
    "InstrumentSpec",
    "LinearConstraint",
    "Objective",
    "OutcomeConstraint",
    "Parameter",
    "SPECTRUM_OUTCOMES",
    "STRATEGIES",
    "load_campaign",
    "parse_campaign",
]

#: Optimisation strategies selectable by name: Bayesian optimisation and four baselines.
STRATEGIES = ("bo", "sobol", "random", "lhs", "grid")
#: Outcomes peled derives from a measured PL spectrum (and absorbance) of any instrument.
SPECTRUM_OUTCOMES = ("fwhm_nm", "peak_nm", "plqy")
#: Instruments that ship with peled; plug-ins add names through ``peled.instruments``.
BUILTIN_INSTRUMENTS = ("command", "manual", "twin")

_MODES = ("pareto", "single", "weighted")
_GOALS = ("maximize", "minimize", "target")
_KINDS = ("categorical", "continuous", "integer")


class CampaignError(PeledError, ValueError):
    """An invalid campaign: the message names the file and the key."""


@dataclass(frozen=True)
class Parameter:
    """One dimension of the search space.

    Parameters
    ----------
    name : str
        Identifier used in proposals, CSV columns and instrument messages.
    kind : {"continuous", "integer", "categorical"}
    low, high : float
        Inclusive bounds (continuous, integer), in ``unit``; ``low < high``.
    unit : str
        Display unit of the value (e.g. ``"mol/L"``); empty when dimensionless.
    log : bool
        Continuous only: the optimiser works on ``log(x)`` (needs ``low > 0``).
    levels : tuple of str
        Categorical only: at least two labels.

    Examples
    --------
    >>> p = Parameter("t", "continuous", 1.0, 100.0, "s", log=True)
    >>> round(p.to_unit(10.0), 3)
    0.5
    >>> round(p.from_unit(0.5), 9)
    10.0
    """

    name: str
    kind: str
    low: float = math.nan
    high: float = math.nan
    unit: str = ""
    log: bool = False
    levels: tuple[str, ...] = ()

    def to_unit(self, value: Any) -> float:
        """Map a value to [0, 1] (log scale for ``log``; level index / (k - 1) if categorical)."""
        if self.kind == "categorical":
            return self.levels.index(str(value)) / (len(self.levels) - 1)
        if self.log:
            return (math.log(float(value)) - math.log(self.low)) / (
                math.log(self.high) - math.log(self.low)
            )
        return (float(value) - self.low) / (self.high - self.low)

    def from_unit(self, u: float) -> Any:
        """Inverse of :meth:`to_unit`: integers are rounded, categoricals take the level."""
        u = min(max(float(u), 0.0), 1.0)
        if self.kind == "categorical":
            return self.levels[min(int(round(u * (len(self.levels) - 1))), len(self.levels) - 1)]
        if self.log:
            value = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
            return float(min(max(value, self.low), self.high))
        value = self.low + u * (self.high - self.low)
        if self.kind == "integer":
            return int(min(max(round(value), self.low), self.high))
        return float(value)

    def coerce(self, value: Any, where: str) -> Any:
        """Check a value given for this parameter (CSV import, instruments); return it typed."""
        if self.kind == "categorical":
            if str(value) not in self.levels:
                raise CampaignError(
                    f"{where}: {self.name} = {value!r} is not one of {list(self.levels)}"
                )
            return str(value)
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise CampaignError(f"{where}: {self.name} = {value!r} is not a number") from None
        if not (self.low - 1e-9 * abs(self.low) <= x <= self.high + 1e-9 * abs(self.high)):
            raise CampaignError(
                f"{where}: {self.name} = {x:g} is outside [{self.low:g}, {self.high:g}]"
            )
        return int(round(x)) if self.kind == "integer" else x

    def as_dict(self) -> dict:
        d: dict[str, Any] = {"name": self.name, "type": self.kind}
        if self.kind == "categorical":
            d["levels"] = list(self.levels)
        else:
            d.update(low=self.low, high=self.high, unit=self.unit, log=self.log)
        return d


@dataclass(frozen=True)
class LinearConstraint:
    """``lower <= sum_i c_i x_i <= upper`` over continuous/integer parameters.

    Examples
    --------
    >>> c = LinearConstraint({"a": 1.0, "b": 1.0}, upper=1.0)
    >>> c.satisfied({"a": 0.3, "b": 0.6}), c.satisfied({"a": 0.5, "b": 0.6})
    (True, False)
    """

    coefficients: Mapping[str, float]
    lower: float = -math.inf
    upper: float = math.inf

    def value(self, params: Mapping[str, Any]) -> float:
        return float(sum(c * float(params[n]) for n, c in self.coefficients.items()))

    def satisfied(self, params: Mapping[str, Any], tol: float = 1e-9) -> bool:
        v = self.value(params)
        return self.lower - tol <= v <= self.upper + tol

    def as_dict(self) -> dict:
        return {
            "coefficients": dict(self.coefficients),
            "lower": self.lower if math.isfinite(self.lower) else None,
            "upper": self.upper if math.isfinite(self.upper) else None,
        }


@dataclass(frozen=True)
class Objective:
    """One objective on a measured outcome.

    ``goal="maximize"`` / ``"minimize"`` optimise the outcome itself; ``goal="target"``
    minimises the deviation ``|y - target|`` (same unit as the outcome), and a deviation
    within ``tolerance`` counts as on target.  :meth:`utility` is the larger-is-better
    form used by the optimiser (``+y``, ``-y`` or ``-|y - target|``).

    Examples
    --------
    >>> o = Objective("peak_nm", "target", target=515.0, tolerance=3.0)
    >>> o.value(518.0), o.utility(518.0), o.on_target(518.0), o.key
    (3.0, -3.0, True, 'peak_nm_deviation')
    """

    name: str
    goal: str
    target: float = math.nan
    tolerance: float = 0.0
    weight: float = 1.0
    reference: float = math.nan

    @property
    def sign(self) -> float:
        """+1 when larger values are better, -1 otherwise."""
        return 1.0 if self.goal == "maximize" else -1.0

    def value(self, y):
        """The objective's value in the outcome's unit (deviation for ``target``)."""
        return abs(y - self.target) if self.goal == "target" else y

    def utility(self, y):
        """Larger-is-better form of :meth:`value` (works on floats, NumPy and torch)."""
        return self.sign * self.value(y)

    def on_target(self, y: float) -> bool:
        return self.goal == "target" and abs(y - self.target) <= self.tolerance

    @property
    def key(self) -> str:
        """JSON key of the objective's value: the outcome name, ``<name>_deviation`` for
        a target."""
        return f"{self.name}_deviation" if self.goal == "target" else self.name

    @property
    def label(self) -> str:
        if self.goal == "target":
            return f"|{self.name} - {self.target:g}|"
        return self.name

    def as_dict(self) -> dict:
        d: dict[str, Any] = {"name": self.name, "goal": self.goal, "weight": self.weight}
        if self.goal == "target":
            d.update(target=self.target, tolerance=self.tolerance)
        if math.isfinite(self.reference):
            d["reference"] = self.reference
        return d


@dataclass(frozen=True)
class OutcomeConstraint:
    """``lower <= y <= upper`` on a measured outcome (a feasibility condition).

    Examples
    --------
    >>> OutcomeConstraint("fwhm_nm", upper=25.0).satisfied(22.0)
    True
    """

    name: str
    lower: float = -math.inf
    upper: float = math.inf

    def satisfied(self, y: float) -> bool:
        return self.lower <= y <= self.upper

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "lower": self.lower if math.isfinite(self.lower) else None,
            "upper": self.upper if math.isfinite(self.upper) else None,
        }


@dataclass(frozen=True)
class InstrumentSpec:
    """Which instrument runs the experiments, and its settings."""

    kind: str = "twin"
    measures: tuple[str, ...] = SPECTRUM_OUTCOMES
    command: tuple[str, ...] = ()
    timeout_s: float = 600.0
    noise: bool = True
    failure_probability: float = 0.03
    options: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "measures": list(self.measures),
            "command": list(self.command),
            "timeout_s": self.timeout_s,
            "noise": self.noise,
            "failure_probability": self.failure_probability,
            "options": dict(self.options),
        }


@dataclass(frozen=True)
class Campaign:
    """A checked campaign (see the module docstring for the schema).

    Examples
    --------
    >>> c = parse_campaign({
    ...     "parameters": [{"name": "x", "type": "continuous", "low": 0, "high": 1}],
    ...     "objectives": [{"name": "plqy", "goal": "maximize"}],
    ...     "budget": {"experiments": 8, "batch_size": 2},
    ... })
    >>> c.mode, c.initial, c.outcome_names
    ('single', 4, ('plqy',))
    """

    parameters: tuple[Parameter, ...]
    objectives: tuple[Objective, ...]
    experiments: int
    batch_size: int
    initial: int
    name: str = "campaign"
    description: str = ""
    seed: int = 0
    strategy: str = "bo"
    mode: str = "single"
    target: float = math.nan
    constraints: tuple[LinearConstraint, ...] = ()
    outcome_constraints: tuple[OutcomeConstraint, ...] = ()
    instrument: InstrumentSpec = InstrumentSpec()
    source: str = "<campaign>"

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters)

    @property
    def outcome_names(self) -> tuple[str, ...]:
        """Outcomes the optimiser models: objectives then constrained outcomes (no repeats)."""
        names: list[str] = []
        for n in [o.name for o in self.objectives] + [c.name for c in self.outcome_constraints]:
            if n not in names:
                names.append(n)
        return tuple(names)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise KeyError(name)

    def utilities(self, outcomes: Mapping[str, Any]) -> list:
        """Larger-is-better objective values (one per objective) from outcome columns."""
        return [o.utility(outcomes[o.name]) for o in self.objectives]

    def scalar(self, outcomes: Mapping[str, Any]):
        """The scalar objective (larger is better) of modes "single" and "weighted"."""
        u = self.utilities(outcomes)
        if self.mode == "single":
            return u[0]
        return sum(o.weight * ui for o, ui in zip(self.objectives, u, strict=True))

    def feasible(self, outcomes: Mapping[str, float]) -> bool:
        return all(c.satisfied(outcomes[c.name]) for c in self.outcome_constraints)

    def reference_point(self) -> list[float]:
        """Pareto reference point in utility space (larger is better)."""
        return [o.utility(o.reference) if o.goal != "target" else -o.reference
                for o in self.objectives]

    def replace(self, **changes: Any) -> Campaign:
        """A copy with some fields changed (``seed``, ``strategy``, ``instrument``, ...)."""
        from dataclasses import replace as _replace

        return _replace(self, **changes)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "seed": self.seed,
            "strategy": self.strategy,
            "mode": self.mode,
            "target": self.target if math.isfinite(self.target) else None,
            "experiments": self.experiments,
            "batch_size": self.batch_size,
            "initial": self.initial,
            "parameters": [p.as_dict() for p in self.parameters],
            "constraints": [c.as_dict() for c in self.constraints],
            "objectives": [o.as_dict() for o in self.objectives],
            "outcome_constraints": [c.as_dict() for c in self.outcome_constraints],
            "instrument": self.instrument.as_dict(),
        }


# ----------------------------------------------------------------------------- parsing

_TOP = ("budget", "campaign", "constraints", "instrument", "objectives", "optimization",
        "outcome_constraints", "parameters")
_KEYS = {
    "campaign": ("description", "name", "seed", "strategy"),
    "parameters": ("high", "levels", "log", "low", "name", "type", "unit"),
    "constraints": ("coefficients", "lower", "upper"),
    "objectives": ("goal", "name", "reference", "target", "tolerance", "weight"),
    "outcome_constraints": ("lower", "name", "upper"),
    "optimization": ("mode", "target"),
    "budget": ("batch_size", "experiments", "initial"),
    "instrument": ("command", "failure_probability", "kind", "measures", "noise", "options",
                   "timeout_s"),
}


class _Ctx:
    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str) -> CampaignError:
        return CampaignError(f"{self.source}: {key}: {message}")

    def check_keys(self, table: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
        if not isinstance(table, Mapping):
            raise self.fail(where, f"expected a table, got {type(table).__name__}")
        for key in table:
            if key not in allowed:
                close = closest(str(key), allowed)
                hint = f"; did you mean {close!r}?" if close else (
                    f"; valid keys: {', '.join(allowed)}")
                raise self.fail(f"{where}.{key}" if where else str(key), f"unknown key{hint}")

    def number(self, table, key, where, default=None, integer=False):
        if key not in table:
            if default is None:
                raise self.fail(f"{where}.{key}", "missing (a number is required)")
            return default
        v = table[key]
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise self.fail(f"{where}.{key}", f"expected a finite number, got {v!r}")
        if integer:
            if float(v) != int(v):
                raise self.fail(f"{where}.{key}", f"expected an integer, got {v!r}")
            return int(v)
        return float(v)

    def text(self, table, key, where, default=None, choices=None):
        if key not in table:
            if default is None:
                raise self.fail(f"{where}.{key}", "missing (a string is required)")
            return default
        v = table[key]
        if not isinstance(v, str) or not v.strip():
            raise self.fail(f"{where}.{key}", f"expected a non-empty string, got {v!r}")
        if choices is not None and v not in choices:
            close = closest(v, choices)
            hint = f" (did you mean {close!r}?)" if close else ""
            raise self.fail(f"{where}.{key}", f"{v!r} is not one of {', '.join(choices)}{hint}")
        return v

    def array_of_tables(self, data, key) -> list[Mapping[str, Any]]:
        v = data.get(key, [])
        if not isinstance(v, list) or not all(isinstance(t, Mapping) for t in v):
            raise self.fail(key, f"expected an array of tables ([[{key}]])")
        return v


def _parse_parameter(ctx: _Ctx, t: Mapping[str, Any], where: str) -> Parameter:
    ctx.check_keys(t, _KEYS["parameters"], where)
    name = ctx.text(t, "name", where)
    where = f"parameters.{name}"
    kind = ctx.text(t, "type", where, "continuous", _KINDS)
    if kind == "categorical":
        for k in ("low", "high", "log", "unit"):
            if k in t:
                raise ctx.fail(f"{where}.{k}", "not used by a categorical parameter (give levels)")
        levels = t.get("levels")
        if not isinstance(levels, list) or not all(isinstance(x, (str, int, float))
                                                   for x in levels):
            raise ctx.fail(f"{where}.levels", "expected a list of labels")
        levels_t = tuple(str(x) for x in levels)
        if len(set(levels_t)) != len(levels_t):
            raise ctx.fail(f"{where}.levels", f"repeated level in {list(levels_t)}")
        if len(levels_t) < 2:
            raise ctx.fail(
                f"{where}.levels",
                f"a categorical parameter needs at least 2 levels, got {list(levels_t)}; "
                "a single level is a constant: leave the parameter out",
            )
        return Parameter(name, kind, levels=levels_t)
    if "levels" in t:
        raise ctx.fail(f"{where}.levels", f"only categorical parameters have levels ({kind})")
    low = ctx.number(t, "low", where)
    high = ctx.number(t, "high", where)
    if not low < high:
        what = "empty" if low == high else "inverted"
        raise ctx.fail(f"{where}.low", f"{what} bounds: low = {low:g} must be < high = {high:g}")
    log = t.get("log", False)
    if not isinstance(log, bool):
        raise ctx.fail(f"{where}.log", f"expected true or false, got {log!r}")
    if log and kind != "continuous":
        raise ctx.fail(f"{where}.log", "log scale applies to continuous parameters only")
    if log and low <= 0:
        raise ctx.fail(f"{where}.low", f"a log-scaled parameter needs low > 0, got {low:g}")
    if kind == "integer":
        if low != int(low) or high != int(high):
            raise ctx.fail(f"{where}.low", "integer parameters need integer bounds")
    unit = t.get("unit", "")
    if not isinstance(unit, str):
        raise ctx.fail(f"{where}.unit", f"expected a string, got {unit!r}")
    return Parameter(name, kind, low, high, unit, log)


def _check_feasible(ctx: _Ctx, params: tuple[Parameter, ...],
                    constraints: tuple[LinearConstraint, ...]) -> None:
    """Linear programme: is there a point in the box that meets every constraint?"""
    if not constraints:
        return
    from scipy.optimize import linprog  # scipy at the parsing edge; campaigns are few

    names = [p.name for p in params if p.kind != "categorical"]
    bounds = [(p.low, p.high) for p in params if p.kind != "categorical"]
    a_ub, b_ub = [], []
    for c in constraints:
        row = [c.coefficients.get(n, 0.0) for n in names]
        if math.isfinite(c.upper):
            a_ub.append(row)
            b_ub.append(c.upper)
        if math.isfinite(c.lower):
            a_ub.append([-x for x in row])
            b_ub.append(-c.lower)
    res = linprog([0.0] * len(names), A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if res.status == 2:
        # find the first constraint that is infeasible on its own, else blame the set
        for i, c in enumerate(constraints):
            lo = sum(min(co * p.low, co * p.high) for n, co in c.coefficients.items()
                     for p in params if p.name == n)
            hi = sum(max(co * p.low, co * p.high) for n, co in c.coefficients.items()
                     for p in params if p.name == n)
            if c.lower > hi or c.upper < lo:
                raise ctx.fail(
                    f"constraints[{i}]",
                    f"infeasible: sum of coefficients x parameters lies in [{lo:g}, {hi:g}] "
                    f"within the bounds, but the constraint asks for "
                    f"[{c.lower:g}, {c.upper:g}]",
                )
        raise ctx.fail("constraints", "infeasible: no point within the parameter bounds meets "
                       "all linear constraints together")


def parse_campaign(data: Mapping[str, Any], source: str = "<campaign>") -> Campaign:
    """Check a campaign mapping (the parsed TOML) and return a :class:`Campaign`.

    Parameters
    ----------
    data : mapping
        Tables as described in the module docstring.
    source : str
        Name of the file, used in error messages.

    Returns
    -------
    Campaign

    Raises
    ------
    CampaignError
        With a one-line message ``<source>: <key>: <problem>`` for unknown keys (naming
        the closest valid key), empty or inverted bounds, a categorical with one level,
        infeasible linear constraints, an objective the instrument does not measure, a
        budget smaller than one batch, and every other malformed value.

    Examples
    --------
    >>> parse_campaign({"parameters": [], "objectives": []}, "c.toml")
    Traceback (most recent call last):
    ...
    peled.lab.campaign.CampaignError: c.toml: parameters: at least one parameter is required
    """
    ctx = _Ctx(source)
    ctx.check_keys(data, _TOP, "")
    head = data.get("campaign", {})
    ctx.check_keys(head, _KEYS["campaign"], "campaign")
    name = ctx.text(head, "name", "campaign", Path(source).stem or "campaign")
    description = head.get("description", "")
    if not isinstance(description, str):
        raise ctx.fail("campaign.description", "expected a string")
    seed = ctx.number(head, "seed", "campaign", 0, integer=True)
    strategy = ctx.text(head, "strategy", "campaign", "bo", STRATEGIES)

    params: list[Parameter] = []
    for i, t in enumerate(ctx.array_of_tables(data, "parameters")):
        p = _parse_parameter(ctx, t, f"parameters[{i}]")
        if p.name in {q.name for q in params}:
            raise ctx.fail(f"parameters.{p.name}", "defined twice")
        params.append(p)
    if not params:
        raise ctx.fail("parameters", "at least one parameter is required")
    params_t = tuple(params)
    by_name = {p.name: p for p in params_t}

    constraints: list[LinearConstraint] = []
    for i, t in enumerate(ctx.array_of_tables(data, "constraints")):
        where = f"constraints[{i}]"
        ctx.check_keys(t, _KEYS["constraints"], where)
        coef = t.get("coefficients")
        if not isinstance(coef, Mapping) or not coef:
            raise ctx.fail(f"{where}.coefficients", "expected a table {parameter = coefficient}")
        for n, c in coef.items():
            if n not in by_name:
                close = closest(n, list(by_name))
                hint = f"; did you mean {close!r}?" if close else ""
                raise ctx.fail(f"{where}.coefficients.{n}", f"not a parameter{hint}")
            p = by_name[n]
            if p.kind == "categorical" or p.log:
                raise ctx.fail(f"{where}.coefficients.{n}",
                               "linear constraints take linear-scale continuous or integer "
                               "parameters only")
            if isinstance(c, bool) or not isinstance(c, (int, float)) or not math.isfinite(c):
                raise ctx.fail(f"{where}.coefficients.{n}", f"expected a number, got {c!r}")
        if "lower" not in t and "upper" not in t:
            raise ctx.fail(where, "give lower and/or upper (equalities: see the docs; write "
                           "the remainder fraction as free and constrain the others' sum)")
        lo = ctx.number(t, "lower", where, -math.inf)
        hi = ctx.number(t, "upper", where, math.inf)
        if lo > hi:
            raise ctx.fail(f"{where}.lower", f"inverted: lower = {lo:g} > upper = {hi:g}")
        if lo == hi:
            raise ctx.fail(where, f"an equality (lower = upper = {lo:g}) leaves no volume to "
                           "sample; leave one term out as the remainder (e.g. x_c = 1 - x_a - "
                           "x_b) and constrain the sum of the others with upper")
        constraints.append(LinearConstraint({n: float(c) for n, c in coef.items()}, lo, hi))
    constraints_t = tuple(constraints)
    _check_feasible(ctx, params_t, constraints_t)

    inst = data.get("instrument", {})
    ctx.check_keys(inst, _KEYS["instrument"], "instrument")
    kind = ctx.text(inst, "kind", "instrument", "twin")
    measures = inst.get("measures", list(SPECTRUM_OUTCOMES))
    if not isinstance(measures, list) or not measures or not all(
            isinstance(m, str) and m for m in measures):
        raise ctx.fail("instrument.measures", "expected a non-empty list of outcome names")
    if kind == "twin" and "measures" in inst:
        raise ctx.fail("instrument.measures", "the twin measures "
                       f"{', '.join(SPECTRUM_OUTCOMES)}; leave measures out")
    command = inst.get("command", [])
    if isinstance(command, str):
        command = [command]
    if not isinstance(command, list) or not all(isinstance(c, str) for c in command):
        raise ctx.fail("instrument.command", "expected a list of strings (program, arguments)")
    if kind == "command" and not command:
        raise ctx.fail("instrument.command", "the command instrument needs command = [...]")
    timeout = ctx.number(inst, "timeout_s", "instrument", 600.0)
    if timeout <= 0:
        raise ctx.fail("instrument.timeout_s", f"must be > 0, got {timeout:g}")
    noise = inst.get("noise", True)
    if not isinstance(noise, bool):
        raise ctx.fail("instrument.noise", f"expected true or false, got {noise!r}")
    pfail = ctx.number(inst, "failure_probability", "instrument", 0.03)
    if not 0.0 <= pfail < 1.0:
        raise ctx.fail("instrument.failure_probability", f"must be in [0, 1), got {pfail:g}")
    options = inst.get("options", {})
    if not isinstance(options, Mapping):
        raise ctx.fail("instrument.options", "expected a table")
    instrument = InstrumentSpec(kind, tuple(measures), tuple(command), timeout, noise, pfail,
                                dict(options))

    objectives: list[Objective] = []
    for i, t in enumerate(ctx.array_of_tables(data, "objectives")):
        where = f"objectives[{i}]"
        ctx.check_keys(t, _KEYS["objectives"], where)
        oname = ctx.text(t, "name", where)
        where = f"objectives.{oname}"
        if oname not in instrument.measures:
            close = closest(oname, instrument.measures)
            hint = f"; did you mean {close!r}?" if close else ""
            raise ctx.fail(f"{where}.name", f"no measurement of instrument {kind!r} produces "
                           f"{oname!r} (it measures {', '.join(instrument.measures)}){hint}")
        goal = ctx.text(t, "goal", where, "maximize", _GOALS)
        target = ctx.number(t, "target", where, math.nan if goal != "target" else None)
        if goal != "target" and "target" in t:
            raise ctx.fail(f"{where}.target", "only goal = \"target\" takes a target")
        tol = ctx.number(t, "tolerance", where, 0.0)
        if tol < 0:
            raise ctx.fail(f"{where}.tolerance", f"must be >= 0, got {tol:g}")
        weight = ctx.number(t, "weight", where, 1.0)
        ref = ctx.number(t, "reference", where, math.nan)
        if oname in {o.name for o in objectives}:
            raise ctx.fail(where, "objective defined twice")
        objectives.append(Objective(oname, goal, target, tol, weight, ref))
    if not objectives:
        raise ctx.fail("objectives", "at least one objective is required")

    opt = data.get("optimization", {})
    ctx.check_keys(opt, _KEYS["optimization"], "optimization")
    default_mode = "single" if len(objectives) == 1 else None
    if "mode" not in opt and default_mode is None:
        raise ctx.fail("optimization.mode", "several objectives: choose \"weighted\" or "
                       "\"pareto\"")
    mode = ctx.text(opt, "mode", "optimization", default_mode, _MODES)
    if mode == "single" and len(objectives) != 1:
        raise ctx.fail("optimization.mode", f"\"single\" takes one objective, got "
                       f"{len(objectives)}")
    if mode == "pareto":
        if len(objectives) < 2:
            raise ctx.fail("optimization.mode", "\"pareto\" needs at least two objectives")
        for o in objectives:
            if not math.isfinite(o.reference):
                raise ctx.fail(f"objectives.{o.name}.reference",
                               "mode \"pareto\" needs a reference value per objective (the "
                               "worst value still worth having, for the hypervolume)")
    target = ctx.number(opt, "target", "optimization", math.nan)

    out_cons: list[OutcomeConstraint] = []
    for i, t in enumerate(ctx.array_of_tables(data, "outcome_constraints")):
        where = f"outcome_constraints[{i}]"
        ctx.check_keys(t, _KEYS["outcome_constraints"], where)
        cname = ctx.text(t, "name", where)
        if cname not in instrument.measures:
            raise ctx.fail(f"{where}.name", f"no measurement of instrument {kind!r} produces "
                           f"{cname!r} (it measures {', '.join(instrument.measures)})")
        if "lower" not in t and "upper" not in t:
            raise ctx.fail(where, "give lower and/or upper")
        lo = ctx.number(t, "lower", where, -math.inf)
        hi = ctx.number(t, "upper", where, math.inf)
        if lo >= hi:
            raise ctx.fail(f"{where}.lower", f"empty range: lower = {lo:g} >= upper = {hi:g}")
        out_cons.append(OutcomeConstraint(cname, lo, hi))

    budget = data.get("budget", {})
    ctx.check_keys(budget, _KEYS["budget"], "budget")
    experiments = ctx.number(budget, "experiments", "budget", None, integer=True)
    batch = ctx.number(budget, "batch_size", "budget", 1, integer=True)
    if batch < 1:
        raise ctx.fail("budget.batch_size", f"must be >= 1, got {batch}")
    if experiments < batch:
        raise ctx.fail("budget.experiments", f"must be >= batch_size = {batch}, got "
                       f"{experiments}")
    initial = ctx.number(budget, "initial", "budget", max(2, min(experiments // 2, 2 * batch)),
                         integer=True)
    if not 0 <= initial <= experiments:
        raise ctx.fail("budget.initial", f"must be within [0, experiments = {experiments}], "
                       f"got {initial}")
    if strategy == "bo" and initial < 2 and experiments > initial:
        raise ctx.fail("budget.initial", "Bayesian optimisation needs at least 2 initial runs")

    return Campaign(
        parameters=params_t,
        objectives=tuple(objectives),
        experiments=experiments,
        batch_size=batch,
        initial=initial,
        name=name,
        description=description,
        seed=seed,
        strategy=strategy,
        mode=mode,
        target=target,
        constraints=constraints_t,
        outcome_constraints=tuple(out_cons),
        instrument=instrument,
        source=source,
    )


def load_campaign(path: str | Path) -> Campaign:
    """Read and check a campaign TOML file (the I/O edge of :func:`parse_campaign`).

    Parameters
    ----------
    path : path
        The campaign file.

    Returns
    -------
    Campaign

    Examples
    --------
    >>> from importlib import resources
    >>> path = resources.files("peled") / "data/examples/lab/pareto_blue.toml"
    >>> c = load_campaign(path)
    >>> c.mode, [o.name for o in c.objectives]
    ('pareto', ['plqy', 'fwhm_nm'])

    Raises
    ------
    CampaignError
        For a file that is not valid TOML (with the line) and every schema error.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CampaignError(f"{path}: not valid TOML: {exc}") from None
    return parse_campaign(data, str(path))
