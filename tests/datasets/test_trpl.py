"""Bundled synthetic TrPL/PLQY examples: reproducible, and the README fit recovers them.

The generating constants are those documented in peled.datasets.trpl (Jang et al. (2025) sec. 2
ABC constants; excitonic constants inside the Yang et al. (2023) line 72 ranges).  "Within stated
errors" means |fit - true| < 3 x the reported standard error.
"""

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.datasets.trpl import (
    ABC_EXAMPLE,
    EXCITONIC_EXAMPLE,
    emitter_examples_dir,
    make_trpl_series,
)
from peled.emitter import GlobalRecombinationFit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = "src/peled/data/examples/emitter"
#: The command shown in the README (run from the repository root).
README_ABC = f"peled emitter fit-trpl {EXAMPLES}/abc_n0_*.csv --model abc --json"
UNIT_KEYS = {
    "k1": "k1_per_s",
    "k2": "k2_cm3_per_s",
    "k3": "k3_cm6_per_s",
    "k_ex": "k_ex_per_s",
    "k_trap": "k_trap_per_s",
    "k_aug": "k_aug_cm3_per_s",
}


def _within_stated_errors(out, rates, max_rel_stderr):
    for name, true in rates.items():
        key = UNIT_KEYS[name]
        value, err = out[key], out[f"{key}_stderr"]
        assert value is not None and err is not None and err > 0, name
        assert abs(value - true) < 3 * err, (name, value, err, true)
        assert err / true < max_rel_stderr, (name, err / true)


def test_shipped_files_are_reproduced_by_the_generator(tmp_path):
    written = make_trpl_series(tmp_path)
    shipped = sorted(p.name for p in emitter_examples_dir().glob("*.csv"))
    assert shipped == sorted(p.name for p in written)
    for p in written:
        assert p.read_text() == (emitter_examples_dir() / p.name).read_text(), p.name


def test_shipped_files_state_their_parameters():
    for n0 in ABC_EXAMPLE.n0_cm3:
        name = f"abc_n0_{n0:.0e}".replace("e+", "e") + ".csv"
        text = (emitter_examples_dir() / name).read_text()
        assert "SYNTHETIC" in text and f"# n0_cm3: {n0:g}" in text
        assert "k1 = 1e+06 s^-1, k2 = 1e-10 cm^3/s, k3 = 1e-28 cm^6/s" in text


def test_readme_abc_example_recovers_jang_2025_constants():
    """Runs the README command exactly (shell glob, console script, repository root)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    r = subprocess.run(
        README_ABC, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["n_files"] == 5 and out["unconstrained"] == []
    # Jang et al., Adv. Mater. (2025) sec. 2: k1 = 1e6 s^-1, k2 = 1e-10 cm^3/s, k3 = 1e-28 cm^6/s
    _within_stated_errors(out, ABC_EXAMPLE.rates, max_rel_stderr=0.05)
    assert 0.7 < out["chi2_reduced"] < 1.3


def test_excitonic_example_needs_the_plqy_table():
    files = [str(p) for p in sorted(emitter_examples_dir().glob("excitonic_n0_*.csv"))]
    runner = CliRunner()
    base = ["emitter", "fit-trpl", *files, "--model", "excitonic", "--json"]
    alone = json.loads(runner.invoke(app, base).stdout)
    assert alone["k_ex_per_s"] is None and alone["k_trap_per_s"] is None
    assert alone["k_total_per_s"] == pytest.approx(6.25e7, abs=3 * alone["k_total_per_s_stderr"])
    plqy = str(emitter_examples_dir() / "excitonic_plqy.csv")
    r = runner.invoke(app, [*base, "--plqy", plqy])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["unconstrained"] == [] and out["n_plqy_points"] == 10
    _within_stated_errors(out, EXCITONIC_EXAMPLE.rates, max_rel_stderr=0.1)


def _z_scores(example, seeds):
    z = []
    for seed in seeds:
        ex = dataclasses.replace(example, seed=seed)
        f = GlobalRecombinationFit(example.model).fit(
            ex.time_ns * 1e-9, ex.counts(), np.array(ex.n0_cm3), sigma="poisson"
        )
        z.append([(f.params_[k] - v) / f.stderr_[k] for k, v in ex.rates.items()])
    return np.array(z)


def test_stated_errors_are_calibrated():
    """Over 12 Poisson realisations the standardised errors have mean ~0 and spread ~1."""
    z = _z_scores(ABC_EXAMPLE, range(100, 112))
    assert np.all(np.abs(z.mean(axis=0)) < 0.9)
    assert np.all((z.std(axis=0) > 0.5) & (z.std(axis=0) < 1.6))


def test_excitonic_poisson_refit_without_plqy_stays_in_bounds():
    # regression: with TrPL only, logit(PLQY_0) runs to its +-30 bound; the Poisson
    # re-weighting pass used to restart outside the bounds (scipy ValueError)
    ex = dataclasses.replace(EXCITONIC_EXAMPLE, seed=0)
    f = GlobalRecombinationFit("excitonic").fit(
        ex.time_ns * 1e-9, ex.counts(), np.array(ex.n0_cm3), sigma="poisson"
    )
    assert set(f.unconstrained_) == {"k_ex", "k_trap"}
    assert abs(f.k_total_ - 6.25e7) < 3 * f.k_total_stderr_
