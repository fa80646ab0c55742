"""Closed-loop lab: campaigns, digital twin, store, optimiser, instruments and the loop.

The synthesis - characterization - optimization loop of Xu et al., Nat. Commun. 16, 7841
(2025), reviewed by Cao et al., Chem. Sci. (2025), sec. 4.5, as software a lab runs
against its robots (``command`` instrument or a ``peled.instruments`` plug-in), against a
person with a spreadsheet (``manual``) or against peled's own physics (``twin``).
"""

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
from peled.lab.twin import LIGANDS, TWIN_PARAMETERS, TwinRun, TwinSettings, simulate_batch

__all__ = [
    "BUILTIN_INSTRUMENTS",
    "Campaign",
    "CampaignError",
    "InstrumentSpec",
    "LIGANDS",
    "LinearConstraint",
    "Objective",
    "OutcomeConstraint",
    "Parameter",
    "SPECTRUM_OUTCOMES",
    "STRATEGIES",
    "TWIN_PARAMETERS",
    "TwinRun",
    "TwinSettings",
    "load_campaign",
    "parse_campaign",
    "simulate_batch",
]
