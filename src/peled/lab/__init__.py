"""Closed-loop lab: campaigns, digital twin, store, optimiser, instruments and the loop.

The synthesis - characterization - optimization loop of Xu et al., Nat. Commun. 16, 7841
(2025), reviewed by Cao et al., Chem. Sci. (2025), sec. 4.5, as software a lab runs
against its robots (``command`` instrument or a ``peled.instruments`` plug-in), against a
person with a spreadsheet (``manual``) or against peled's own physics (``twin``).
"""

from peled.lab.benchmarking import (  # noqa: I001  (after loop, which it imports)
    BRANIN,
    HARTMANN6,
    ZDT1,
    BenchmarkResult,
    SyntheticProblem,
    benchmark,
    compare_on_function,
    run_repeat,
    twin_optimum,
)
from peled.lab.campaign import (
    BUILTIN_INSTRUMENTS,
    SPECTRUM_OUTCOMES,
    STRATEGIES,
    Campaign,
    CampaignError,
    InstrumentSpec,
    LinearConstraint,
    Objective,
    OutcomeConstraint,
    Parameter,
    load_campaign,
    parse_campaign,
)
from peled.lab.instruments import (
    ENTRY_POINT_GROUP,
    CommandInstrument,
    Instrument,
    ManualInstrument,
    Measurement,
    TwinInstrument,
    analyze_raw,
    instrument_class,
    make_instrument,
)
from peled.lab.loop import (
    CampaignSummary,
    import_csv,
    open_campaign,
    run_campaign,
    start_campaign,
    summarize,
)
from peled.lab.optimizer import hypervolume, pareto_mask, propose
from peled.lab.store import Experiment, Store, StoreError
from peled.lab.twin import LIGANDS, TWIN_PARAMETERS, TwinRun, TwinSettings, simulate_batch

__all__ = [
    "BRANIN",
    "BUILTIN_INSTRUMENTS",
    "BenchmarkResult",
    "Campaign",
    "CampaignError",
    "CampaignSummary",
    "CommandInstrument",
    "ENTRY_POINT_GROUP",
    "Experiment",
    "HARTMANN6",
    "Instrument",
    "InstrumentSpec",
    "LIGANDS",
    "LinearConstraint",
    "ManualInstrument",
    "Measurement",
    "Objective",
    "OutcomeConstraint",
    "Parameter",
    "SPECTRUM_OUTCOMES",
    "STRATEGIES",
    "Store",
    "StoreError",
    "SyntheticProblem",
    "TWIN_PARAMETERS",
    "TwinInstrument",
    "TwinRun",
    "TwinSettings",
    "ZDT1",
    "analyze_raw",
    "benchmark",
    "compare_on_function",
    "hypervolume",
    "import_csv",
    "instrument_class",
    "load_campaign",
    "make_instrument",
    "open_campaign",
    "pareto_mask",
    "parse_campaign",
    "propose",
    "run_campaign",
    "run_repeat",
    "simulate_batch",
    "start_campaign",
    "summarize",
    "twin_optimum",
]
