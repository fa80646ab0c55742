"""tools/make_examples.py rebuilds every generated file of peled/data/examples exactly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from peled.characterize.readers import read_defects_toml
from peled.datasets import make_defect_toml
from peled.materials.defects import transition_levels

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "src" / "peled" / "data" / "examples"
HAND_WRITTEN = {"README.txt", "antisolvent.toml", "evaporation.toml", "ripening.toml"}
#: hand-written input files: device stacks and lab campaigns (with provenance comments)
HAND_WRITTEN_DIRS = {"stacks", "lab"}


def _tool():
    spec = importlib.util.spec_from_file_location("make_examples",
                                                  ROOT / "tools" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples")
    return out, _tool().main(out)


def test_every_shipped_example_file_is_generated(regenerated):
    out, written = regenerated
    shipped = {p.relative_to(SHIPPED) for p in SHIPPED.rglob("*") if p.is_file()}
    generated = {p.relative_to(out) for p in written}
    expected = {p for p in shipped
                if p.name not in HAND_WRITTEN and p.parts[0] not in HAND_WRITTEN_DIRS}
    assert expected == generated


def test_generated_files_equal_the_shipped_ones(regenerated):
    out, written = regenerated
    for p in written:
        rel = p.relative_to(out)
        assert p.read_bytes() == (SHIPPED / rel).read_bytes(), rel


def test_defect_input_round_trips_to_the_chosen_formation_energies(tmp_path):
    """Formation energies at E_F = 0 chosen 0.40 / 1.90 eV give the level 1.50 eV (eqn 4)."""
    path = tmp_path / "d.toml"
    path.write_text(make_defect_toml(
        {"energy_ev": -1000.0, "vbm_ev": 1.2, "band_gap_ev": 1.6, "temperature_k": 300.0,
         "m_e": 0.2, "m_h": 0.25},
        {"I": (-1.5, -0.5)},
        [{"name": "V_I", "sites_cm3": 1.2e22, "atoms": {"I": -1},
          "formation_ev": {1: 0.40, 0: 1.90}}]))
    levels = transition_levels(read_defects_toml(path))
    assert [t.level_ev for t in levels] == pytest.approx([1.50], abs=1e-12)
    assert np.isfinite(levels[0].level_ev)
