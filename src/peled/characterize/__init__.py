"""Trap and ion characterisation: SCLC, admittance / C-V, Arrhenius, transient absorption, defects.

Each analysis reads its files through :mod:`peled.characterize.readers` and evaluates
the device physics of :mod:`peled.device` (Mott-Gurney and trap-filled limit in
:mod:`peled.device.space_charge`, Mott-Schottky in :mod:`peled.device.junction`,
admittance trap DOS in :mod:`peled.device.traps`, Arrhenius law in
:mod:`peled.device.ions`).  Each file-level function returns a result object whose
``as_dict()`` is the JSON of the matching ``peled characterize`` command.

This package is a sibling of :mod:`peled.measure`: neither imports the other.
"""

from peled.characterize.admittance import (
    AdmittanceResult,
    ThermalAdmittanceFit,
    TrapDOS,
    analyze,
    characteristic_frequency,
    trap_dos,
    trap_dos_walter,
)
from peled.characterize.arrhenius import ArrheniusResult, analyze_arrhenius_file
from peled.characterize.errors import AdmittanceError, SCLCError, TAError
from peled.characterize.formation import FormationResult, analyze_defects_file
from peled.characterize.mott_schottky import (
    CVResult,
    MottSchottkyFit,
    analyze_cv_file,
    depletion_width_at_bias,
)
from peled.characterize.sclc import (
    PulsedDCComparison,
    SCLCFileResult,
    SCLCFit,
    SCLCModeReport,
    SCLCReport,
    analyze_files,
    analyze_sclc,
    analyze_sclc_modes,
    compare_pulsed_dc,
)
from peled.characterize.ta_traces import TATraceResult, analyze_ta_file
from peled.characterize.transient_absorption import (
    TAMap,
    delta_absorbance,
    delta_t_over_t,
    kinetic_trace,
)

__all__ = [
    "AdmittanceError",
    "AdmittanceResult",
    "ArrheniusResult",
    "CVResult",
    "FormationResult",
    "MottSchottkyFit",
    "PulsedDCComparison",
    "SCLCError",
    "SCLCFileResult",
    "SCLCFit",
    "SCLCModeReport",
    "SCLCReport",
    "TAError",
    "TAMap",
    "TATraceResult",
    "ThermalAdmittanceFit",
    "TrapDOS",
    "analyze",
    "analyze_arrhenius_file",
    "analyze_cv_file",
    "analyze_defects_file",
    "analyze_files",
    "analyze_sclc",
    "analyze_sclc_modes",
    "analyze_ta_file",
    "characteristic_frequency",
    "compare_pulsed_dc",
    "delta_absorbance",
    "delta_t_over_t",
    "depletion_width_at_bias",
    "kinetic_trace",
    "trap_dos",
    "trap_dos_walter",
]
