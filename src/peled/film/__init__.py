"""Film formation: classical nucleation theory, LaMer burst, growth and Ostwald ripening.

Public API
----------
- :mod:`peled.film.nucleation`: CNT of Cao et al. (2025) eqns (1)-(2): ``gibbs_free_energy``,
  ``volume_free_energy``, ``critical_radius``, ``nucleation_barrier``,
  ``heterogeneous_factor``, ``zeldovich_factor``, ``nucleation_rate``,
  ``critical_supersaturation``.
- :mod:`peled.film.presets`: ``MATERIALS`` / ``get_material`` (CsPbBr3, MAPbBr3, FAPbBr3,
  CsPbI3) with per-value provenance.
- :mod:`peled.film.lsw`: Lifshitz-Slyozov-Wagner rate constant and size distribution.
- :mod:`peled.film.process`: ``ProcessSpec`` and the PROCESS.toml reader.
- :mod:`peled.film.kinetics`: ``simulate(spec) -> FilmResult`` (population balance +
  solute mass balance).
- :mod:`peled.film.processmap`: ``run_map`` (parallel two-parameter sweeps).
"""

from peled.film.cnt import NucleationSummary, nucleation_summary
from peled.film.kinetics import FilmResult, SimulationError, SizeGrid, simulate
from peled.film.lsw import lsw_distribution, lsw_rate_constant
from peled.film.nucleation import (
    critical_radius,
    critical_supersaturation,
    gibbs_free_energy,
    heterogeneous_factor,
    nucleation_barrier,
    nucleation_rate,
    volume_free_energy,
    zeldovich_factor,
)
from peled.film.presets import MATERIALS, FilmMaterial, get_material
from peled.film.process import ProcessSpec, load_process, parse_process
from peled.film.processmap import Axis, ProcessMap, parse_axis, run_map

__all__ = [
    "Axis",
    "FilmMaterial",
    "FilmResult",
    "MATERIALS",
    "NucleationSummary",
    "ProcessMap",
    "ProcessSpec",
    "SimulationError",
    "SizeGrid",
    "critical_radius",
    "critical_supersaturation",
    "get_material",
    "gibbs_free_energy",
    "heterogeneous_factor",
    "load_process",
    "lsw_distribution",
    "lsw_rate_constant",
    "nucleation_barrier",
    "nucleation_rate",
    "nucleation_summary",
    "parse_axis",
    "parse_process",
    "run_map",
    "simulate",
    "volume_free_energy",
    "zeldovich_factor",
]
