"""The reference robot + spectrometer driver of the docs, driven by fake hardware.

The fake spectrometer emits a Gaussian PL band whose peak, FWHM and photon yield are set
by the recipe, so peled's analysis of the raw spectrum (peak, FWHM, PLQY = emitted /
absorbed photons with the absorbed fraction 1 - 10^-A) is checked against known values.
"""

from __future__ import annotations

import importlib.util
import math
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from peled.lab.loop import open_campaign, run_campaign, start_campaign
from peled.lab.store import Store

ROOT = Path(__file__).resolve().parents[2]
DRIVER = ROOT / "src/peled/data/examples/lab/robot_spectrometer.py"


def _load_driver():
    spec = importlib.util.spec_from_file_location("robot_spectrometer", DRIVER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def truth(recipe):
    """Hidden sample properties: peak 518 + 120 x nm, FWHM 20 nm, PLQY 0.9 (1 - x)."""
    x = recipe["iodide_fraction"]
    return 518.0 + 120.0 * x, 20.0, 0.9 * (1.0 - x)


class FakeRobot:
    def __init__(self, **options):
        self.vials: dict[str, dict] = {}
        self.syntheses: list[str] = []
        self.loaded = None

    def find(self, sample_id):
        return sample_id if sample_id in self.vials else None

    def synthesize(self, sample_id, recipe):
        self.syntheses.append(sample_id)
        if recipe["iodide_fraction"] > 0.8:
            raise RuntimeError("precursor precipitated in the syringe")
        self.vials[sample_id] = dict(recipe)
        return sample_id

    def load_cuvette(self, vial):
        self.loaded = self.vials[vial]


class FakeSpectrometer:
    absorbance_a = 0.5
    photons = 4.0e4

    def __init__(self, robot=None, **options):
        self.robot = robot

    def excitation_photons(self):
        return self.photons

    def pl_spectrum(self):
        peak, fwhm, plqy = truth(self.robot.loaded)
        wl = np.arange(400.0, 750.0, 0.25)
        absorbed = self.photons * (1.0 - 10.0 ** -self.absorbance_a)
        area = plqy * absorbed  # emitted photons
        sigma = fwhm / (2.0 * math.sqrt(2.0 * math.log(2.0)))
        counts = area * np.exp(-0.5 * ((wl - peak) / sigma) ** 2) / (sigma * math.sqrt(2 * np.pi))
        return wl.tolist(), counts.tolist()

    def absorbance(self, wavelength_nm):
        assert wavelength_nm == 405.0
        return self.absorbance_a


CAMPAIGN = '''
[campaign]
strategy = "sobol"

[[parameters]]
name = "iodide_fraction"
low = 0.0
high = 1.0

[[objectives]]
name = "peak_nm"
goal = "target"
target = 560.0
tolerance = 3.0

[[outcome_constraints]]
name = "plqy"
lower = 0.2

[budget]
experiments = 6
batch_size = 3

[instrument]
kind = "robot-spectrometer"
measures = ["peak_nm", "fwhm_nm", "plqy"]

[instrument.options]
robot = "fake_lab:FakeRobot"
spectrometer = "fake_lab:FakeSpectrometer"
excitation_nm = 405.0
'''


@pytest.fixture
def driver(monkeypatch):
    module = _load_driver()
    fake = types.ModuleType("fake_lab")
    fake.FakeRobot, fake.FakeSpectrometer = FakeRobot, FakeSpectrometer
    monkeypatch.setitem(sys.modules, "fake_lab", fake)
    from peled.lab import instruments as inst_mod

    ep = types.SimpleNamespace(name="robot-spectrometer", load=lambda: module.RobotSpectrometer)
    monkeypatch.setattr(inst_mod, "entry_points",
                        lambda group: [ep] if group == "peled.instruments" else [])
    return module


def test_driver_from_options_measures_peak_fwhm_plqy(tmp_path, driver):
    (tmp_path / "c.toml").write_text(CAMPAIGN)
    folder = start_campaign(tmp_path / "c.toml", tmp_path / "run")
    campaign, store = open_campaign(folder)
    store.close()
    inst = driver.RobotSpectrometer(campaign, folder, 0)  # hardware built from the options
    assert isinstance(inst.robot, FakeRobot) and isinstance(inst.spectrometer, FakeSpectrometer)
    inst.spectrometer.robot = inst.robot
    summary = run_campaign(folder, instrument=inst)
    assert summary.state == "finished" and summary.n_experiments == 6
    exps = Store(folder).experiments()
    measured = [e for e in exps if e.state == "measured"]
    failed = [e for e in exps if e.state == "failed"]
    assert measured and failed == [e for e in exps if e.parameters["iodide_fraction"] > 0.8]
    assert all(e.error == "synthesis failed: precursor precipitated in the syringe"
               for e in failed)
    for e in measured:
        peak, fwhm, plqy = truth(e.parameters)
        assert e.outcomes["peak_nm"] == pytest.approx(peak, abs=0.01)
        assert e.outcomes["fwhm_nm"] == pytest.approx(fwhm, abs=0.01)
        assert e.outcomes["plqy"] == pytest.approx(plqy, rel=1e-3)
        assert (folder / e.raw_file).is_file()


def test_driver_after_a_crash_measures_samples_without_remaking_them(tmp_path, driver):
    (tmp_path / "c.toml").write_text(CAMPAIGN.replace("experiments = 6", "experiments = 3"))
    folder = start_campaign(tmp_path / "c.toml", tmp_path / "run")
    campaign, store = open_campaign(folder)
    store.close()
    robot = FakeRobot()
    spectrometer = FakeSpectrometer(robot)

    class Crashing(driver.RobotSpectrometer):
        def run(self, batch, experiments):  # the robot makes the batch, then peled dies
            for exp_id, recipe in experiments:
                try:
                    self.robot.synthesize(exp_id, recipe)
                except RuntimeError:
                    pass
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_campaign(folder, instrument=Crashing(campaign, folder, 0, robot=robot,
                                                 spectrometer=spectrometer))
    made = list(robot.syntheses)
    inst = driver.RobotSpectrometer(campaign, folder, 0, robot=robot, spectrometer=spectrometer)
    summary = run_campaign(folder, instrument=inst)
    assert summary.state == "finished" and summary.n_experiments == 3
    # made samples are found and measured; only the failed synthesis is tried again
    again = robot.syntheses[len(made):]
    assert all(i not in robot.vials or i not in again for i in made)
    assert summary.n_measured == len(robot.vials)


def test_docs_page_includes_the_driver():
    page = (ROOT / "docs/guide/lab.rst").read_text()
    assert "literalinclude:: ../../src/peled/data/examples/lab/robot_spectrometer.py" in page
