"""Shared helpers of the lab tests: campaigns written to TOML and function instruments."""

from __future__ import annotations

from pathlib import Path

from peled.lab.instruments import Instrument, Measurement
from peled.lab.loop import run_campaign, start_campaign


def write_campaign(path: Path, body: str) -> Path:
    path.write_text(body)
    return path


def box_campaign(dim: int, outputs: list[str], objectives: str, budget: int, batch: int,
                 initial: int, strategy: str = "bo", extra: str = "") -> str:
    params = "".join(
        f'[[parameters]]\nname = "x{i}"\ntype = "continuous"\nlow = 0.0\nhigh = 1.0\n\n'
        for i in range(dim))
    measures = ", ".join(f'"{o}"' for o in outputs)
    return (f'[campaign]\nstrategy = "{strategy}"\n\n{params}{objectives}\n{extra}\n'
            f'[budget]\nexperiments = {budget}\nbatch_size = {batch}\ninitial = {initial}\n\n'
            f'[instrument]\nkind = "manual"\nmeasures = [{measures}]\n')


class FunctionInstrument(Instrument):
    """Evaluates ``fn(x) -> {outcome: value}`` on x = [x0, x1, ...] (synthetic benchmarks)."""

    name = "function"

    def __init__(self, campaign, folder, seed, fn):
        super().__init__(campaign, folder, seed, None)
        self.fn = fn

    def run(self, batch, experiments):
        out = []
        for exp_id, p in experiments:
            x = [p[f"x{i}"] for i in range(len(p))]
            out.append(Measurement(exp_id, self.fn(x)))
        return out


def run_function(tmp: Path, toml: str, fn, seed: int, strategy: str):
    path = write_campaign(tmp / f"c_{strategy}_{seed}.toml", toml)
    folder = start_campaign(path, tmp / f"run_{strategy}_{seed}", seed=seed, strategy=strategy)
    from peled.lab.loop import open_campaign

    campaign, store = open_campaign(folder)
    store.close()
    return run_campaign(folder, instrument=FunctionInstrument(campaign, folder, seed, fn))
