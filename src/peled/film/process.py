"""Process description for the film-formation simulator and its TOML file format.

PROCESS.toml schema (unknown tables or keys are errors, so typos cannot pass silently;
every key below is also a field of :class:`ProcessSpec` and can be swept by
``peled film map`` by its bare name, e.g. ``antisolvent_time_s``)::

    material = "CsPbBr3"          # required: CsPbBr3 | MAPbBr3 | FAPbBr3 | CsPbI3
    temperature_k = 300.0         # required, K (solubility via van 't Hoff, kT in CNT)
    t_end_s = 30.0                # required, simulated time, s
    surface_energy_j_m2 = 0.02    # optional, overrides the material preset

    [solution]
    concentration_mol_l = 0.25    # required, initial solute concentration, mol/L
    solubility_mol_l = 0.3        # optional, overrides the preset at temperature_k
    wet_thickness_um = 5.0        # wet film thickness: areal density and coverage

    [drive]                       # supersaturation drivers; they can be combined
    evaporation_rate = 0.05       # 1/s; solution volume V/V0 = exp(-rate t)
    antisolvent_time_s = 10.0     # optional drip time t_d; absent = no antisolvent
    antisolvent_strength = 20.0   # solubility drops by this factor (>= 1)
    antisolvent_mix_time_s = 0.2  # exponential mixing time of the solubility drop
    ramp_rate = 0.0               # 1/s; solubility c_e / (1 + ramp_rate t)

    [growth]
    mode = "diffusion"            # diffusion | interface | mixed
    diffusion_coefficient = 5e-10 # m2/s; default Stokes-Einstein from the preset
    interface_rate_constant = 1e-3  # m/s, kinetic constant for interface/mixed

    [nucleation]
    enabled = true
    contact_angle_deg = 180.0     # heterogeneous factor f(theta); 180 = homogeneous
    prefactor_scale = 1.0         # multiplies the CNT prefactor J0

    [additive]                    # additives / ligands (Cao et al. (2025) secs. 3.1.2, 3.2.1)
    surface_energy_factor = 1.0   # gamma -> factor * gamma (nucleation and Gibbs-Thomson)
    growth_rate_factor = 1.0      # growth rate G -> factor * G

    [seeds]                       # optional pre-existing crystals (log-normal)
    number_density_per_m3 = 1e20
    mean_radius_nm = 20.0
    relative_std = 0.2

    [numerics]
    n_classes = 400               # finite-volume size classes (log-spaced in radius)
    r_min_nm = 0.3
    r_max_nm = 5000.0
    rtol = 0.05                   # step-size control tolerance

Bad files raise :class:`peled.errors.FileFormatError` naming the file, the line of the
offending key (where it can be found) and the table.key that is wrong.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from peled.errors import FileFormatError, ParameterError
from peled.film.presets import MATERIALS, get_material
from peled.io.files import read_text
from peled.io.toml import closest

__all__ = [
    "PARAMETER_NAMES",
    "ProcessSpec",
    "load_process",
    "parse_process",
]

_GROWTH_MODES = ("diffusion", "interface", "mixed")


@dataclass(frozen=True)
class ProcessSpec:
    """All inputs of one film-formation simulation (SI unless the name carries a unit)."""

    material: str
    temperature_k: float
    t_end_s: float
    concentration_mol_l: float
    surface_energy_j_m2: float | None = None
    solubility_mol_l: float | None = None
    wet_thickness_um: float = 5.0
    evaporation_rate: float = 0.0
    antisolvent_time_s: float | None = None
    antisolvent_strength: float = 10.0
    antisolvent_mix_time_s: float = 0.1
    ramp_rate: float = 0.0
    mode: str = "diffusion"
    diffusion_coefficient: float | None = None
    interface_rate_constant: float = 1e-3
    enabled: bool = True
    contact_angle_deg: float = 180.0
    prefactor_scale: float = 1.0
    surface_energy_factor: float = 1.0
    growth_rate_factor: float = 1.0
    number_density_per_m3: float = 0.0
    mean_radius_nm: float = 20.0
    relative_std: float = 0.2
    n_classes: int = 400
    r_min_nm: float = 0.3
    r_max_nm: float = 5000.0
    rtol: float = 0.05

    def __post_init__(self) -> None:
        for f in fields(self):
            _check_value(f.name, getattr(self, f.name))
        seed_fraction = (self.number_density_per_m3 * 4 / 3 * math.pi
                         * (self.mean_radius_nm * 1e-9) ** 3)
        if seed_fraction > 1:
            raise ParameterError(
                f"seeds: number_density_per_m3 = {self.number_density_per_m3:g} crystals of "
                f"mean_radius_nm = {self.mean_radius_nm:g} fill {seed_fraction:.3g} times the "
                "solution volume; lower number_density_per_m3 or mean_radius_nm")

    def with_values(self, **changes: Any) -> ProcessSpec:
        """A copy with some fields replaced (validated)."""
        unknown = sorted(set(changes) - set(PARAMETER_NAMES))
        if unknown:
            raise ParameterError(
                f"unknown process parameter {unknown[0]!r}; expected one of "
                f"{', '.join(PARAMETER_NAMES)}"
            )
        return replace(self, **changes)


# table -> key -> field name (identical) ; "" is the top level
_SCHEMA: dict[str, tuple[str, ...]] = {
    "": ("material", "temperature_k", "t_end_s", "surface_energy_j_m2"),
    "solution": ("concentration_mol_l", "solubility_mol_l", "wet_thickness_um"),
    "drive": (
        "evaporation_rate",
        "antisolvent_time_s",
        "antisolvent_strength",
        "antisolvent_mix_time_s",
        "ramp_rate",
    ),
    "growth": ("mode", "diffusion_coefficient", "interface_rate_constant"),
    "nucleation": ("enabled", "contact_angle_deg", "prefactor_scale"),
    "additive": ("surface_energy_factor", "growth_rate_factor"),
    "seeds": ("number_density_per_m3", "mean_radius_nm", "relative_std"),
    "numerics": ("n_classes", "r_min_nm", "r_max_nm", "rtol"),
}
_REQUIRED = {
    "": ("material", "temperature_k", "t_end_s"),
    "solution": ("concentration_mol_l",),
}
PARAMETER_NAMES: tuple[str, ...] = tuple(f.name for f in fields(ProcessSpec))
_TABLE_OF = {key: table for table, keys in _SCHEMA.items() for key in keys}

# constraints: (kind, lower, lower_inclusive, upper)
_POSITIVE = {
    "temperature_k",
    "t_end_s",
    "concentration_mol_l",
    "surface_energy_j_m2",
    "solubility_mol_l",
    "wet_thickness_um",
    "antisolvent_mix_time_s",
    "diffusion_coefficient",
    "interface_rate_constant",
    "surface_energy_factor",
    "growth_rate_factor",
    "mean_radius_nm",
    "r_min_nm",
    "r_max_nm",
    "rtol",
}
_NON_NEGATIVE = {
    "evaporation_rate",
    "antisolvent_time_s",
    "ramp_rate",
    "prefactor_scale",
    "number_density_per_m3",
    "relative_std",
}


# Upper limits of physical meaning.  A solution cannot hold more solute per litre than
# the solid perovskite itself: one formula unit per cubic cell of CsPbBr3, a = 5.874 A
# (Moller, Nature (1958), cubic lattice constant), is 1 / (N_A a^3) = 8.2 mol/L, so
# 10 mol/L bounds every preset.  Seeds: their volume fraction N (4/3) pi r^3 cannot
# exceed 1 (checked in ProcessSpec); the number density of atoms in a solid, ~1e29 m^-3,
# bounds N outright.
_UPPER = {"concentration_mol_l": 10.0, "solubility_mol_l": 10.0, "number_density_per_m3": 1e29,
          "temperature_k": 1000.0}
_UPPER_WHY = {
    "concentration_mol_l": "denser than the solid perovskite",
    "solubility_mol_l": "denser than the solid perovskite",
    "number_density_per_m3": "more seeds than atoms in a solid",
    "temperature_k": "perovskite precursors decompose far below",
}


def _check_value(name: str, value: Any) -> None:
    """Raise ParameterError (message names the parameter) if ``value`` is not allowed."""
    if name == "material":
        if not isinstance(value, str):
            raise ParameterError(f"material must be a string, got {value!r}")
        get_material(value)
        return
    if name == "mode":
        if value not in _GROWTH_MODES:
            raise ParameterError(f"mode must be one of {', '.join(_GROWTH_MODES)}, got {value!r}")
        return
    if name == "enabled":
        if not isinstance(value, bool):
            raise ParameterError(f"enabled must be true or false, got {value!r}")
        return
    if value is None:
        if name in (
            "surface_energy_j_m2",
            "solubility_mol_l",
            "antisolvent_time_s",
            "diffusion_coefficient",
        ):
            return
        raise ParameterError(f"{name} is required")
    if name == "n_classes":
        if isinstance(value, bool) or not isinstance(value, int) or not 8 <= value <= 20000:
            raise ParameterError(f"n_classes must be an integer in [8, 20000], got {value!r}")
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    if name in _POSITIVE and v <= 0:
        raise ParameterError(f"{name} must be > 0, got {value!r}")
    if name in _NON_NEGATIVE and v < 0:
        raise ParameterError(f"{name} must be >= 0, got {value!r}")
    if name == "antisolvent_strength" and v < 1:
        raise ParameterError(
            f"antisolvent_strength must be >= 1 (a solubility drop), got {value!r}"
        )
    if name == "contact_angle_deg" and not 0 < v <= 180:
        raise ParameterError(f"contact_angle_deg must be in (0, 180], got {value!r}")
    if name == "relative_std" and v >= 1:
        raise ParameterError(f"relative_std must be < 1, got {value!r}")
    if name in _UPPER and v > _UPPER[name]:
        raise ParameterError(f"{name} must be <= {_UPPER[name]:g} ({_UPPER_WHY[name]}), "
                             f"got {value!r}")


def _line_of(text: str, table: str, key: str | None) -> int | None:
    """1-based line of ``key`` inside ``[table]`` (or of the table header), if found."""
    current = ""
    header = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]\s*(#.*)?$")
    for i, line in enumerate(text.splitlines(), start=1):
        m = header.match(line)
        if m:
            current = m.group(1)
            if key is None and current == table:
                return i
            continue
        if key is not None and current == table and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return i
    return None


def parse_process(text: str, path: str | Path = "<string>") -> ProcessSpec:
    """Parse PROCESS.toml text into a validated :class:`ProcessSpec`.

    Errors are :class:`FileFormatError` whose message names ``path``, the line and the
    ``table.key``.

    Parameters
    ----------
    text : str
        TOML text with the tables ``[solution]``, ``[drive]``, ``[growth]``,
        ``[additive]``, ``[seeds]``, ``[numerics]`` (all optional but the material).
    path : str or pathlib.Path, optional
        Name used in error messages.

    Returns
    -------
    ProcessSpec
        The validated process description.

    Raises
    ------
    FileFormatError
        For a TOML syntax error, an unknown key or a non-physical value.

    Examples
    --------
    >>> from importlib.resources import files
    >>> text = (files("peled") / "data/examples/film/evaporation.toml").read_text()
    >>> spec = parse_process(text, "evaporation.toml")
    >>> spec.material, spec.evaporation_rate
    ('MAPbBr3', 0.05)
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise FileFormatError(
            path, f"invalid TOML: {exc}", int(m.group(1)) if m else None
        ) from None

    seeds = data.get("seeds")
    if isinstance(seeds, dict) and "number_density_m3" in seeds \
            and "number_density_per_m3" not in seeds:
        # the first release's spelling (m^-3 written like a volume), read for one release
        seeds["number_density_per_m3"] = seeds.pop("number_density_m3")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            if key not in _SCHEMA or key == "":
                raise FileFormatError(
                    path,
                    f"unknown table [{key}]; expected one of "
                    + ", ".join(f"[{t}]" for t in _SCHEMA if t),
                    _line_of(text, key, None),
                )
            for sub, subval in value.items():
                if sub not in _SCHEMA[key]:
                    raise FileFormatError(
                        path,
                        f"unknown key {key}.{sub}{_closest(sub, _SCHEMA[key])}; expected one of "
                        + ", ".join(f"{key}.{k}" for k in _SCHEMA[key]),
                        _line_of(text, key, sub),
                    )
                values[sub] = (key, subval)
        else:
            if key not in _SCHEMA[""]:
                hint = (f" (it belongs in [{_TABLE_OF[key]}])" if key in _TABLE_OF
                        else _closest(key, list(_SCHEMA[""]) + list(_TABLE_OF)))
                raise FileFormatError(
                    path,
                    f"unknown key {key!r}{hint}; expected one of "
                    + ", ".join(_SCHEMA[""])
                    + " or a table",
                    _line_of(text, "", key),
                )
            values[key] = ("", value)

    for table, keys in _REQUIRED.items():
        for key in keys:
            if key not in values:
                where = f"{table}.{key}" if table else key
                extra = f" (one of {', '.join(MATERIALS)})" if key == "material" else ""
                raise FileFormatError(path, f"missing required key {where}{extra}")

    kwargs: dict[str, Any] = {}
    for key, (table, value) in values.items():
        where = f"{table}.{key}" if table else key
        if key in _POSITIVE | _NON_NEGATIVE:
            if isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
        try:
            _check_value(key, value)
        except ParameterError as exc:
            msg = str(exc)
            if msg.startswith(key):
                msg = msg[len(key) :].lstrip()
            raise FileFormatError(path, f"{where}: {msg}", _line_of(text, table, key)) from None
        kwargs[key] = value
    spec = ProcessSpec(**kwargs)
    if spec.r_min_nm >= spec.r_max_nm:
        raise FileFormatError(path, "numerics.r_max_nm must be larger than numerics.r_min_nm")
    return spec


def _closest(key: str, valid) -> str:
    """``" (did you mean 'x'?)"`` for the closest valid key (:func:`peled.io.toml.closest`),
    else ``""``."""
    near = closest(key, valid)
    return f" (did you mean {near!r}?)" if near else ""


def load_process(path: str | Path) -> ProcessSpec:
    """Read and validate a PROCESS.toml file.

    Parameters
    ----------
    path : str or pathlib.Path
        PROCESS.toml file (format: :func:`parse_process`).

    Returns
    -------
    ProcessSpec
        The validated process description.

    Raises
    ------
    FileFormatError
        If the file cannot be read or is invalid (file, line and key named).

    Examples
    --------
    >>> from importlib.resources import files
    >>> spec = load_process(files("peled") / "data/examples/film/evaporation.toml")
    >>> spec.material, spec.temperature_k, spec.t_end_s
    ('MAPbBr3', 300.0, 60.0)
    """
    p, text = read_text(path)  # regular files only, size and line limits
    return parse_process(text, p)
