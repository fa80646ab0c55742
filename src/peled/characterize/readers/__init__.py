"""Readers of characterisation files: SCLC J-V, admittance, C-V, TA maps, Arrhenius, defects.

Every malformed input raises :class:`~peled.errors.FileFormatError` whose one-line
message names the file (and line or TOML key) and what was expected.  Headers follow the
unit grammar of :mod:`peled.io.columns`.
"""

from peled.characterize.readers.admittance import (
    AdmittanceSpectrum,
    capacitance_from_impedance,
    read_admittance_csv,
)
from peled.characterize.readers.arrhenius import ArrheniusData, read_arrhenius_csv
from peled.characterize.readers.cv import CVData, read_cv_csv
from peled.characterize.readers.defects import read_defects_toml
from peled.characterize.readers.sclc import (
    DIRECTION_WORDS,
    LABEL_COLUMNS,
    MODE_WORDS,
    SCLCData,
    parse_mode_label,
    read_sclc_csv,
    read_sclc_measurement,
)
from peled.characterize.readers.transient_absorption import read_ta_map

__all__ = [
    "AdmittanceSpectrum",
    "ArrheniusData",
    "CVData",
    "DIRECTION_WORDS",
    "LABEL_COLUMNS",
    "MODE_WORDS",
    "SCLCData",
    "capacitance_from_impedance",
    "parse_mode_label",
    "read_admittance_csv",
    "read_arrhenius_csv",
    "read_cv_csv",
    "read_defects_toml",
    "read_sclc_csv",
    "read_sclc_measurement",
    "read_ta_map",
]
