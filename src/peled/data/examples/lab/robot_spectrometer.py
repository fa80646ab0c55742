"""Reference driver: a synthesis robot and a PL spectrometer as a peled instrument plug-in.

Copy this file into your lab's package, give ``[instrument.options]`` the classes that
talk to your hardware, and register the driver in your package's ``pyproject.toml``::

    [project.entry-points."peled.instruments"]
    robot-spectrometer = "my_lab.robot_spectrometer:RobotSpectrometer"

A campaign then selects it with::

    [instrument]
    kind = "robot-spectrometer"
    measures = ["peak_nm", "fwhm_nm", "plqy"]

    [instrument.options]
    robot = "my_lab.hardware:SynthesisRobot"      # module:Class, built with the options
    spectrometer = "my_lab.hardware:Spectrometer"
    excitation_nm = 405.0

The two hardware classes need only the methods of :class:`SynthesisRobot` and
:class:`Spectrometer` below.  The driver returns the raw PL spectrum, the absorbance at
the excitation wavelength and the excitation photon count; peled turns them into the
emission peak, FWHM and PLQY (:func:`peled.lab.analyze_raw`) and archives the raw data in
the campaign folder.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from peled.errors import PeledError
from peled.lab import Instrument, Measurement


class SynthesisRobot(Protocol):
    """What the driver asks of the synthesis robot."""

    def find(self, sample_id: str) -> str | None:
        """The vial of a sample made earlier (after a crash and ``peled lab resume``),
        or None."""

    def synthesize(self, sample_id: str, recipe: Mapping[str, Any]) -> str:
        """Make one sample (dispense, inject, stir, quench) and return its vial; raise
        an exception with the reason when the synthesis fails."""

    def load_cuvette(self, vial: str) -> None:
        """Move (a dilution of) the sample into the spectrometer's cuvette."""


class Spectrometer(Protocol):
    """What the driver asks of the spectrometer."""

    def excitation_photons(self) -> float:
        """Photons of the excitation beam per acquisition (blank), in the count units
        of the PL spectrum."""

    def pl_spectrum(self) -> tuple[Sequence[float], Sequence[float]]:
        """PL spectrum of the loaded sample: wavelength (nm, increasing) and photon
        counts per nm."""

    def absorbance(self, wavelength_nm: float) -> float:
        """Absorbance (base 10) of the loaded sample at ``wavelength_nm``."""


def load_object(spec: str, options: Mapping[str, Any]) -> Any:
    """Build ``module:Class`` with the instrument options as keyword arguments."""
    module, _, name = str(spec).partition(":")
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError):
        raise PeledError(f"instrument.options: cannot import {spec!r} (expected "
                         "'package.module:Class')") from None
    return cls(**{k: v for k, v in options.items()
                  if k not in ("robot", "spectrometer", "excitation_nm")})


class RobotSpectrometer(Instrument):
    """Synthesis robot + PL spectrometer: makes a batch, then measures every sample.

    Parameters
    ----------
    campaign, folder, seed, workdir
        As for :class:`peled.lab.Instrument`.
    robot, spectrometer : optional
        Hardware objects; default: built from ``[instrument.options]`` ``robot`` and
        ``spectrometer`` (``"module:Class"``).
    """

    name = "robot-spectrometer"

    def __init__(self, campaign, folder, seed, workdir=None, *, robot=None,
                 spectrometer=None) -> None:
        super().__init__(campaign, folder, seed, workdir)
        options = dict(self.spec.options)
        self.excitation_nm = float(options.get("excitation_nm", 405.0))
        self.robot = robot if robot is not None else load_object(options["robot"], options)
        self.spectrometer = (spectrometer if spectrometer is not None
                             else load_object(options["spectrometer"], options))

    def run(self, batch, experiments):
        results, vials = [], {}
        for exp_id, recipe in experiments:  # 1. synthesis (parallel reactors)
            try:  # a sample made before a crash is measured, not made again
                vials[exp_id] = self.robot.find(exp_id) or self.robot.synthesize(exp_id, recipe)
            except Exception as exc:  # noqa: BLE001  (any hardware error fails this sample)
                results.append(Measurement(exp_id, None, f"synthesis failed: {exc}"))
        photons = self.spectrometer.excitation_photons()  # 2. blank
        for exp_id, vial in vials.items():  # 3. characterisation
            try:
                self.robot.load_cuvette(vial)
                wavelength_nm, counts = self.spectrometer.pl_spectrum()
                absorbance = self.spectrometer.absorbance(self.excitation_nm)
            except Exception as exc:  # noqa: BLE001
                results.append(Measurement(exp_id, None, f"measurement failed: {exc}"))
                continue
            raw = {"spectrum": {"wavelength_nm": list(wavelength_nm), "counts": list(counts)},
                   "absorbance": absorbance, "excitation_photons": photons, "vial": vial}
            results.append(Measurement.from_raw(exp_id, raw, self.needs))  # peak, FWHM, PLQY
        return results
