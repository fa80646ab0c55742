"""Materials: composition parsing, ionic radii, tolerance factors, band gaps, defects."""

from peled.materials.bandgap import (
    CALIBRATED_WINDOW_EV,
    EmissionEstimate,
    VegardFit,
    a_site_shift_ev,
    bulk_emission,
    halide_energy_ev,
    vegard_fit,
)
from peled.materials.composition import Composition, Site, format_composition, parse_composition
from peled.materials.confinement import (
    ExcitonParameters,
    confinement_shift_ev,
    exciton_parameters,
    nanocrystal_exciton_binding_ev,
    quantum_well_exciton_binding_ev,
)
from peled.materials.defects import (
    DefectSystem,
    equilibrium_fermi_level,
    formation_energy,
    nc_defect_pair_formation_energy,
    transition_levels,
)
from peled.materials.emission import Emission, emission_estimate
from peled.materials.quasi2d import (
    QuantumWellFit,
    n_phase_bandgaps_ev,
    perovskite_layer_thickness_m,
    quantum_well_fit,
)
from peled.materials.radii import Radius, SiteRadii, ionic_radius, radii_table, site_radii
from peled.materials.tolerance import (
    MU_WINDOW,
    TAU_THRESHOLD,
    ToleranceResult,
    bartel_tau,
    goldschmidt_misprinted,
    goldschmidt_t,
    octahedral_factor,
    tolerance_factors,
)

__all__ = [
    "CALIBRATED_WINDOW_EV",
    "Composition",
    "DefectSystem",
    "Emission",
    "EmissionEstimate",
    "ExcitonParameters",
    "MU_WINDOW",
    "QuantumWellFit",
    "Radius",
    "Site",
    "SiteRadii",
    "TAU_THRESHOLD",
    "ToleranceResult",
    "VegardFit",
    "a_site_shift_ev",
    "bartel_tau",
    "bulk_emission",
    "confinement_shift_ev",
    "emission_estimate",
    "equilibrium_fermi_level",
    "exciton_parameters",
    "format_composition",
    "formation_energy",
    "goldschmidt_misprinted",
    "goldschmidt_t",
    "halide_energy_ev",
    "ionic_radius",
    "n_phase_bandgaps_ev",
    "nanocrystal_exciton_binding_ev",
    "nc_defect_pair_formation_energy",
    "octahedral_factor",
    "parse_composition",
    "perovskite_layer_thickness_m",
    "quantum_well_exciton_binding_ev",
    "quantum_well_fit",
    "radii_table",
    "site_radii",
    "tolerance_factors",
    "transition_levels",
    "vegard_fit",
]
