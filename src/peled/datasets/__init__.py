"""Synthetic data generators (after ``sklearn.datasets``): devices, TrPL, characterisation.

Every generator evaluates a documented model of the physics layers with seeded noise,
so analyses can be tested against known parameters; the ``make_*_examples`` /
``make_example_devices`` writers rebuild the bundled files of ``peled/data/examples``
(``tools/make_examples.py`` runs them all).  This package is a sibling of
:mod:`peled.measure` and :mod:`peled.characterize` and imports neither.
"""

from peled.datasets.characterization import (
    make_admittance_spectra,
    make_arrhenius_series,
    make_cv_sweep,
    make_defect_toml,
    make_sclc_sweeps,
    make_ta_map,
)
from peled.datasets.defect_examples import make_defect_examples
from peled.datasets.device_examples import (
    EXAMPLE_DEVICES,
    example_devices_dir,
    make_example_devices,
)
from peled.datasets.devices import SyntheticDevice, make_device, make_device_batch
from peled.datasets.spectra_examples import make_el_primaries, make_white_led
from peled.datasets.trpl import (
    ABC_EXAMPLE,
    EXCITONIC_EXAMPLE,
    TrplExample,
    emitter_examples_dir,
    excitonic_plqy_table,
    make_trpl_series,
)

__all__ = [
    "ABC_EXAMPLE",
    "EXAMPLE_DEVICES",
    "EXCITONIC_EXAMPLE",
    "SyntheticDevice",
    "TrplExample",
    "emitter_examples_dir",
    "example_devices_dir",
    "excitonic_plqy_table",
    "make_admittance_spectra",
    "make_arrhenius_series",
    "make_cv_sweep",
    "make_defect_examples",
    "make_defect_toml",
    "make_device",
    "make_device_batch",
    "make_el_primaries",
    "make_example_devices",
    "make_sclc_sweeps",
    "make_ta_map",
    "make_trpl_series",
    "make_white_led",
]
