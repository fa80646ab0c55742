"""Instruments: the propose -> run -> measure protocol and the three built-in drivers.

Protocol
--------
The loop (:mod:`peled.lab.loop`) proposes a batch, records it as *sent* and calls
:meth:`Instrument.run` once with the batch number and its experiments ``[(id,
parameters), ...]``.  The instrument makes the samples, measures them and returns one
:class:`Measurement` per experiment it has finished: outcome numbers, or a raw PL spectrum
(plus absorbance and excitation photon count for the PLQY) that peled analyses with
:func:`analyze_raw`, or a failure with its reason.

* ``run`` may be called again for the same experiments after a crash (``peled lab
  resume``): it must re-run or recover them; the store records each result once.
* An instrument whose results arrive later (``waits = True``, e.g. a person) returns
  only the finished experiments; the loop then stops with state ``waiting`` and
  ``resume`` calls ``run`` again.  Any other instrument that leaves an experiment out
  gets it recorded as failed.

Plug-ins: a package registers ``name = "module:Class"`` in the entry-point group
``peled.instruments``; the class subclasses :class:`Instrument` and is chosen with
``[instrument] kind = "name"`` (settings under ``[instrument.options]``).

Built-ins: ``twin`` (:mod:`peled.lab.twin`), ``manual`` (CSV files in the campaign
folder), ``command`` (a user's executable speaking JSON on stdin/stdout).
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
import signal
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from peled.errors import PeledError
from peled.lab.campaign import Campaign, CampaignError, InstrumentSpec
from peled.lab.twin import simulate_batch
from peled.spectra import fwhm_batch, peak_wavelength_batch

__all__ = [
    "CommandInstrument",
    "ENTRY_POINT_GROUP",
    "Instrument",
    "ManualInstrument",
    "Measurement",
    "TwinInstrument",
    "analyze_raw",
    "instrument_class",
    "make_instrument",
]

#: Entry-point group of instrument plug-ins.
ENTRY_POINT_GROUP = "peled.instruments"


@dataclass(frozen=True)
class Measurement:
    """Result of one experiment: outcomes or a failure, plus the raw payload to archive."""

    id: str
    outcomes: Mapping[str, float] | None = None
    error: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.outcomes is None

    @classmethod
    def from_raw(cls, exp_id: str, raw: Mapping[str, Any], needs: Sequence[str]
                 ) -> Measurement:
        """A measurement from a raw payload analysed with :func:`analyze_raw`.

        Parameters
        ----------
        exp_id : str
            Experiment id.
        raw : mapping
            Numbers and/or a PL spectrum with absorbance (see :func:`analyze_raw`).
        needs : sequence of str
            Outcomes the campaign models; a payload lacking one, or one peled cannot
            analyse, gives a failed measurement with the reason.

        Returns
        -------
        Measurement

        Examples
        --------
        >>> Measurement.from_raw("e1", {"objectives": {"plqy": 0.5}}, ["plqy"]).outcomes
        {'plqy': 0.5}
        >>> Measurement.from_raw("e1", {"objectives": {"plqy": 0.5}}, ["fwhm_nm"]).error
        'measurement lacks fwhm_nm'
        """
        return _measure(exp_id, raw, needs)


def analyze_raw(raw: Mapping[str, Any]) -> dict[str, float]:
    """Outcomes from a raw measurement: numbers as given, the rest from the spectrum.

    Parameters
    ----------
    raw : mapping
        ``objectives`` (or ``outcomes``): ``{name: number}`` taken as measured;
        ``spectrum``: ``{"wavelength_nm": [...], "counts": [...]}`` (``intensity`` is
        accepted for ``counts``; photon counts per nm) gives ``peak_nm`` (parabolic
        peak) and ``fwhm_nm`` (half-maximum crossings) with :mod:`peled.spectra`, and the
        CIE 1931 chromaticity ``cie_x``, ``cie_y`` (CIE 015:2018 eqs. 7.1-7.4, with
        :func:`peled.color.xy_batch`, of the power spectrum counts / wavelength); with
        ``absorbance`` (at the
        excitation) and ``excitation_photons`` (in the spectrum's count units) also
        ``plqy`` = emitted / absorbed photons, the absolute-PLQY definition of de Mello,
        Wittmann & Friend, Adv. Mater. 9, 230 (1997), with the absorbed fraction
        ``1 - 10^-A`` (Beer-Lambert).

    Returns
    -------
    dict
        Outcome name -> value; numbers given explicitly win over derived ones.

    Raises
    ------
    PeledError
        For a malformed spectrum or non-numeric outcome.

    Examples
    --------
    >>> wl = np.linspace(450, 550, 1001)
    >>> counts = 100 * np.exp(-4 * np.log(2) * ((wl - 500) / 20) ** 2)
    >>> out = analyze_raw({"spectrum": {"wavelength_nm": wl, "counts": counts},
    ...                    "absorbance": 1.0, "excitation_photons": 2.5e3})
    >>> round(out["peak_nm"], 3), round(out["fwhm_nm"], 3), round(out["plqy"], 3)
    (500.0, 20.0, 0.946)
    >>> round(out["cie_x"], 3), round(out["cie_y"], 3)
    (0.026, 0.516)
    """
    out: dict[str, float] = {}
    spec = raw.get("spectrum")
    if spec is not None:
        if not isinstance(spec, Mapping):
            raise PeledError("spectrum: expected {\"wavelength_nm\": [...], \"counts\": [...]}")
        try:
            wl = np.asarray(spec["wavelength_nm"], float)
            y = np.asarray(spec["counts"] if "counts" in spec else spec["intensity"], float)
        except (KeyError, TypeError, ValueError):
            raise PeledError("spectrum: needs numeric wavelength_nm and counts arrays") from None
        if wl.ndim != 1 or wl.shape != y.shape or wl.size < 3 or not np.all(np.diff(wl) > 0):
            raise PeledError("spectrum: wavelength_nm must increase and match counts in length")
        out["peak_nm"] = float(peak_wavelength_batch(wl, y)[0])
        out["fwhm_nm"] = float(fwhm_batch(wl, y)[0])
        # colour-science loads on the first spectrum only (peled.lab imports stay light)
        from peled.color import xy_batch  # lazy: colour only for spectra-returning instruments

        # photon counts -> spectral power (E = hc / lambda per photon) for the CIE 1931 xy
        cie = xy_batch(wl, y / wl)
        if np.all(np.isfinite(cie)):
            out["cie_x"], out["cie_y"] = float(cie[0]), float(cie[1])
        a, n_exc = raw.get("absorbance"), raw.get("excitation_photons")
        if a is not None and n_exc is not None:
            absorbed = float(n_exc) * (1.0 - 10.0 ** (-float(a)))
            if absorbed > 0:
                out["plqy"] = float(np.trapezoid(y, wl) / absorbed)
    given = raw.get("objectives", raw.get("outcomes", {}))
    if not isinstance(given, Mapping):
        raise PeledError("objectives: expected {name: number}")
    for k, v in given.items():
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise PeledError(f"objectives.{k}: expected a number, got {v!r}")
        out[str(k)] = float(v)
    return out


def _measure(exp_id: str, raw: Mapping[str, Any], needs: Sequence[str]) -> Measurement:
    """Turn a raw payload into a Measurement (failed when outcomes are missing)."""
    try:
        outcomes = analyze_raw(raw)
    except PeledError as exc:
        return Measurement(exp_id, None, f"unusable measurement: {exc}", dict(raw))
    missing = [n for n in needs if n not in outcomes or not math.isfinite(outcomes[n])]
    if missing:
        return Measurement(exp_id, None, f"measurement lacks {', '.join(missing)}", dict(raw))
    return Measurement(exp_id, outcomes, "", dict(raw))


class Instrument(ABC):
    """Base class of instrument drivers (see the module docstring for the protocol).

    Parameters
    ----------
    campaign : Campaign
        The campaign (its ``instrument`` spec holds the driver's settings).
    folder : Path
        Campaign folder (drivers may write files there).
    seed : int
        Campaign seed (for simulated instruments).
    workdir : Path, optional
        Folder the campaign was started from (relative paths of a command resolve
        there); default ``folder``.

    Examples
    --------
    A plug-in for a robot that measures PLQY only::

        class MyRobot(Instrument):
            name = "my-robot"

            def run(self, batch, experiments):
                return [Measurement(i, {"plqy": robot.make(p)}) for i, p in experiments]
    """

    name: ClassVar[str] = "instrument"
    waits: ClassVar[bool] = False

    def __init__(self, campaign: Campaign, folder: Path, seed: int,
                 workdir: Path | None = None) -> None:
        self.campaign = campaign
        self.spec: InstrumentSpec = campaign.instrument
        self.folder = Path(folder)
        self.seed = seed
        self.workdir = Path(workdir) if workdir is not None else self.folder

    @property
    def needs(self) -> tuple[str, ...]:
        """Outcomes every successful measurement must contain."""
        return self.campaign.outcome_names

    @abstractmethod
    def run(self, batch: int, experiments: Sequence[tuple[str, Mapping[str, Any]]]
            ) -> list[Measurement]:
        """Make and measure ``experiments``; return the finished ones."""


class TwinInstrument(Instrument):
    """The digital twin (:func:`peled.lab.twin.simulate_batch`) as an instrument.

    ``[instrument.options]`` fixes twin inputs the campaign does not optimise (e.g.
    ``ligand = "zwitterion"``); campaign parameters override them.
    """

    name = "twin"

    def run(self, batch, experiments):
        ids = [i for i, _ in experiments]
        fixed = dict(self.spec.options)
        runs = simulate_batch([{**fixed, **p} for _, p in experiments], seed=self.seed,
                              keys=ids,
                              noise=self.spec.noise,
                              failure_probability=self.spec.failure_probability)
        out = []
        for exp_id, r in zip(ids, runs, strict=True):
            if r.failed:
                out.append(Measurement(exp_id, None, r.error, r.raw()))
            else:
                out.append(_measure(exp_id, r.raw(), self.needs))
        return out


_TRUE = {"1", "true", "yes", "y", "failed", "x"}


class ManualInstrument(Instrument):
    """A person runs the batch: ``batch_NNN.csv`` out, ``batch_NNN_results.csv`` in.

    peled writes both files (the results file with empty outcome columns, a ``failed``
    and an ``error`` column); the person fills in one row per experiment (numbers, or
    ``failed = yes`` and a reason) and runs ``peled lab resume``.  Rows still empty keep
    the campaign waiting.  Existing files are never overwritten.
    """

    name = "manual"
    waits = True

    def paths(self, batch: int) -> tuple[Path, Path]:
        return (self.folder / f"batch_{batch:03d}.csv",
                self.folder / f"batch_{batch:03d}_results.csv")

    def run(self, batch, experiments):
        plan, results = self.paths(batch)
        names = list(self.campaign.parameter_names)
        outs = list(self.spec.measures)
        if not plan.exists():
            _write_csv(plan, ["id", *names], [[i, *(p[n] for n in names)]
                                              for i, p in experiments])
        if not results.exists():
            _write_csv(results, ["id", *names, *outs, "failed", "error"],
                       [[i, *(p[n] for n in names), *([""] * len(outs)), "", ""]
                        for i, p in experiments])
            return []
        wanted = {i for i, _ in experiments}
        out = []
        with open(results, newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                exp_id = (row.get("id") or "").strip()
                if exp_id not in wanted:
                    continue
                if (row.get("failed") or "").strip().lower() in _TRUE:
                    reason = (row.get("error") or "").strip() or "marked failed by the operator"
                    out.append(Measurement(exp_id, None, reason, {"row": row}))
                    continue
                cells = {k: (row.get(k) or "").strip() for k in outs}
                if not all(cells.values()):
                    continue  # not filled in yet
                try:
                    values = {k: float(v) for k, v in cells.items()}
                except ValueError:
                    raise PeledError(f"{results}:{line}: outcome columns must be numbers, "
                                     f"got {cells}") from None
                out.append(_measure(exp_id, {"objectives": values, "row": row}, self.needs))
        return out


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


class CommandInstrument(Instrument):
    """Runs the user's executable once per batch, JSON on stdin and stdout.

    stdin: ``{"batch": N, "experiments": [{"id": ..., "parameters": {...}}, ...]}``;
    stdout: ``{"results": [{"id": ..., "objectives": {...}}, {"id": ..., "failed": true,
    "error": "..."}, ...]}`` where a result may give ``spectrum`` / ``absorbance`` /
    ``excitation_photons`` instead of (or besides) ``objectives`` (see
    :func:`analyze_raw`).  A non-zero exit, output that is not this JSON, or a run
    longer than ``timeout_s`` fails every experiment of the batch with the reason; the
    campaign goes on.  The command runs in the folder ``peled lab run`` was started from
    (so ``command = ["python3", "robot.py"]`` finds ``robot.py`` there), also on resume.
    """

    name = "command"

    def run(self, batch, experiments):
        ids = [i for i, _ in experiments]
        payload = {"batch": batch,
                   "experiments": [{"id": i, "parameters": dict(p)} for i, p in experiments]}

        def fail_all(reason: str, raw: Mapping[str, Any]) -> list[Measurement]:
            return [Measurement(i, None, reason, dict(raw)) for i in ids]

        try:
            # own process group: on a timeout the command and its children are killed
            proc = subprocess.Popen(list(self.spec.command), stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, cwd=self.workdir, start_new_session=True)
        except OSError as exc:
            return fail_all(f"command could not start: {exc.strerror or exc}", {})
        try:
            stdout, stderr = proc.communicate(json.dumps(payload), timeout=self.spec.timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            return fail_all(f"command timed out after {self.spec.timeout_s:g} s",
                            {"stdout": _text(stdout)[-20000:], "stderr": _text(stderr)[-20000:]})
        proc = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
        raw = {"returncode": proc.returncode, "stdout": proc.stdout[-20000:],
               "stderr": proc.stderr[-20000:]}
        if proc.returncode != 0:
            tail = (proc.stderr.strip().splitlines() or [""])[-1][:200]
            return fail_all(f"command exited with status {proc.returncode}: {tail}", raw)
        try:
            doc = json.loads(proc.stdout)
            results = doc["results"]
            if not isinstance(results, list):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            head = proc.stdout.strip()[:80]
            return fail_all(f"command output is not {{\"results\": [...]}} JSON: {head!r}",
                            raw)
        by_id: dict[str, Mapping[str, Any]] = {}
        for item in results:
            if isinstance(item, Mapping) and str(item.get("id")) in ids:
                by_id[str(item["id"])] = item
        out = []
        for i in ids:
            item = by_id.get(i)
            if item is None:
                out.append(Measurement(i, None, "command gave no result for this experiment",
                                       raw))
            elif item.get("failed"):
                out.append(Measurement(i, None, str(item.get("error") or "failed (no reason "
                                                    "given)"), dict(item)))
            else:
                out.append(_measure(i, item, self.needs))
        return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


_BUILTIN: dict[str, type[Instrument]] = {
    "command": CommandInstrument,
    "manual": ManualInstrument,
    "twin": TwinInstrument,
}


def instrument_class(kind: str) -> type[Instrument]:
    """The driver class of ``kind``: a built-in or a ``peled.instruments`` plug-in.

    Parameters
    ----------
    kind : str
        ``twin``, ``manual``, ``command`` or the name of an installed plug-in.

    Returns
    -------
    type
        An :class:`Instrument` subclass.

    Raises
    ------
    CampaignError
        For an unknown name (listing the available ones) or a plug-in that is not an
        Instrument subclass.

    Examples
    --------
    >>> instrument_class("twin").__name__
    'TwinInstrument'
    """
    if kind in _BUILTIN:
        return _BUILTIN[kind]
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == kind]
    if not found:
        names = sorted(set(_BUILTIN) | {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})
        raise CampaignError(f"instrument.kind: unknown instrument {kind!r}; available: "
                            f"{', '.join(names)}")
    cls = found[0].load()
    if not (isinstance(cls, type) and issubclass(cls, Instrument)):
        raise CampaignError(f"instrument.kind: plug-in {kind!r} is not an Instrument subclass")
    return cls


def make_instrument(campaign: Campaign, folder: Path, seed: int,
                    workdir: Path | None = None) -> Instrument:
    """Instantiate the campaign's instrument.

    Parameters
    ----------
    campaign : Campaign
        Its ``instrument.kind`` selects the driver.
    folder : Path
        Campaign folder.
    seed : int
        Campaign seed.
    workdir : Path, optional
        Folder the campaign was started from (commands run there).

    Returns
    -------
    Instrument

    Examples
    --------
    >>> from peled.lab.campaign import parse_campaign
    >>> c = parse_campaign({"parameters": [{"name": "growth_time_s", "low": 20.0,
    ...                                     "high": 600.0}],
    ...                     "objectives": [{"name": "plqy"}], "budget": {"experiments": 2}})
    >>> inst = make_instrument(c, Path("."), 0)
    >>> inst.name, inst.needs
    ('twin', ('plqy',))
    """
    return instrument_class(campaign.instrument.kind)(campaign, folder, seed, workdir)
