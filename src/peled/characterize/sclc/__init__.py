"""Space-charge-limited current (SCLC) analysis of single-carrier (dark) J-V curves.

A single-carrier device (hole-only or electron-only) shows, in a log-log plot of J vs V,
an **ohmic** region (slope ~1), a **trap-filled-limit** region where the current rises
steeply at V_TFL once the injected charge fills the traps (M. A. Lampert, Phys. Rev.
103, 1648, 1956), and a trap-free **Child** region following the Mott-Gurney law
(:mod:`peled.device.space_charge`).  The trap density follows from V_TFL (Jiang et al.,
Nanoscale (2024), eqn (13)).

Modules: :mod:`~peled.characterize.sclc.segments` (log-log segmentation),
:mod:`~peled.characterize.sclc.fit` (one sweep), :mod:`~peled.characterize.sclc.report`
(all sweeps and hysteresis), :mod:`~peled.characterize.sclc.pulsed` (DC vs pulsed modes)
and :mod:`~peled.characterize.sclc.files` (files to result, the CLI's one call).
"""

from peled.characterize.sclc.files import SCLCFileResult, analyze_files
from peled.characterize.sclc.fit import SCLCError, SCLCFit, SCLCSweepResult
from peled.characterize.sclc.pulsed import (
    PulsedDCComparison,
    SCLCModeReport,
    analyze_sclc_modes,
    compare_pulsed_dc,
)
from peled.characterize.sclc.report import SCLCReport, analyze_sclc, labelled_sweeps
from peled.characterize.sclc.segments import Region, local_slope

__all__ = [
    "PulsedDCComparison",
    "Region",
    "SCLCError",
    "SCLCFileResult",
    "SCLCFit",
    "SCLCModeReport",
    "SCLCReport",
    "SCLCSweepResult",
    "analyze_files",
    "analyze_sclc",
    "analyze_sclc_modes",
    "compare_pulsed_dc",
    "labelled_sweeps",
    "local_slope",
]
