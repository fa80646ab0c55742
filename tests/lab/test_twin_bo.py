"""On the digital twin, BO reaches the target in fewer experiments than Sobol and random.

Campaign: hit a 500 nm PL peak (deviation <= 1 nm counts as reached, about the twin's
run-to-run scatter of the peak) by tuning growth time and ligand dose of zwitterion-capped
CsPbBr3 NCs.  Median over fixed seeds; the raw
numbers are printed.
"""

from __future__ import annotations

import statistics

from peled.lab.benchmarking import benchmark

CAMPAIGN = """
[campaign]
seed = 0

[[parameters]]
name = "growth_time_s"
low = 20.0
high = 600.0
log = true

[[parameters]]
name = "ligand_mm"
low = 1.0
high = 100.0
log = true

[[objectives]]
name = "peak_nm"
goal = "target"
target = 500.0
tolerance = 1.0

[optimization]
target = 1.0

[budget]
experiments = 12
batch_size = 3
initial = 3

[instrument]
kind = "twin"

[instrument.options]
ligand = "zwitterion"
"""


def test_bo_beats_sobol_and_random_on_twin(tmp_path):
    path = tmp_path / "twin.toml"
    path.write_text(CAMPAIGN)
    res = benchmark(path, ["bo", "sobol", "random"], 3).as_dict()["strategies"]
    for name, r in res.items():
        print(name, "experiments to |peak - 500| <= 1 nm:", r["raw_experiments_to_target"],
              "best deviation after 12:", [round(v, 3) for v in r["raw_best_after_budget"]])
    budget_plus = 13  # never reached counts as more than the budget
    med = {k: statistics.median(x if x is not None else budget_plus
                                for x in r["raw_experiments_to_target"])
           for k, r in res.items()}
    assert med["bo"] < med["sobol"] and med["bo"] < med["random"]
    # below ~1 nm the best deviation is set by the measurement scatter, not the strategy:
    # BO ends within it for every seed
    assert max(res["bo"]["raw_best_after_budget"]) < 1.0
