"""Readers and analysis of device measurements (J-V-L, EL, angular, lifetime).

Trap and ion characterisation (SCLC, admittance, C-V, Arrhenius, TA) is the sibling
package :mod:`peled.characterize`.
"""

from peled.measure.analysis import (
    SUMMARY_KEYS,
    ConsistencyCheck,
    DeviceFailure,
    DeviceResult,
    analyze_batch,
    analyze_data,
    analyze_device,
    analyze_path,
)
from peled.measure.config import DeviceConfig, Layer, MeasurementSettings, read_device_toml
from peled.measure.decay import BiExponentialDecay, FitError, StretchedExponentialDecay
from peled.measure.el import ELResult, analyze_el, rec2020_relation
from peled.measure.eqe import (
    angular_factor,
    current_efficiency_cd_a,
    eqe_from_luminance,
    eqe_from_photocurrent,
    eqe_from_radiance,
    eqe_per_current_efficiency,
    geometry_factor_coaxial,
    luminance_from_photocurrent,
    photon_flux_from_luminance,
    photons_per_joule,
    power_efficacy_lm_w,
)
from peled.measure.jvl import JVLFigures, Sweep, figures_of_merit, sweep_hysteresis_index
from peled.measure.lifetime import (
    T50_TARGET_AT_100_CD_M2_H,
    T95_TARGET_AT_1000_CD_M2_H,
    LifetimeEstimate,
    LifetimeResult,
    LifetimeRun,
    analyze_lifetime,
)
from peled.measure.readers import (
    DeviceData,
    load_device,
    read_angular,
    read_el_spectra,
    read_jvl,
    read_lifetime,
)

__all__ = [
    "BiExponentialDecay",
    "ConsistencyCheck",
    "DeviceConfig",
    "DeviceData",
    "DeviceFailure",
    "DeviceResult",
    "ELResult",
    "FitError",
    "JVLFigures",
    "Layer",
    "LifetimeEstimate",
    "LifetimeResult",
    "LifetimeRun",
    "MeasurementSettings",
    "SUMMARY_KEYS",
    "StretchedExponentialDecay",
    "Sweep",
    "T50_TARGET_AT_100_CD_M2_H",
    "T95_TARGET_AT_1000_CD_M2_H",
    "analyze_batch",
    "analyze_data",
    "analyze_device",
    "analyze_el",
    "analyze_lifetime",
    "analyze_path",
    "angular_factor",
    "current_efficiency_cd_a",
    "eqe_from_luminance",
    "eqe_from_photocurrent",
    "eqe_from_radiance",
    "eqe_per_current_efficiency",
    "figures_of_merit",
    "geometry_factor_coaxial",
    "load_device",
    "luminance_from_photocurrent",
    "photon_flux_from_luminance",
    "photons_per_joule",
    "power_efficacy_lm_w",
    "read_angular",
    "read_device_toml",
    "read_el_spectra",
    "read_jvl",
    "read_lifetime",
    "rec2020_relation",
    "sweep_hysteresis_index",
]
