"""The one unit table of peled's readers: unit spellings, their quantity and factor to SI.

Every reader looks a unit up here (through :func:`lookup` or the header grammar of
:mod:`peled.io.columns`), so ``mA/cm2`` means the same in a J-V-L export, an SCLC sweep
and a C-V file.  A spelling is normalised by :func:`unit_key`: lower case, superscripts
written out (``²`` -> 2, ``⁻`` -> -, ``µ``/``μ`` -> u, ``Ω`` -> ohm), then spaces, ``_``,
``/``, ``^``, ``·``, ``*``, brackets, ``.`` and ``-`` removed; so ``mA cm-2``, ``mA/cm^2``,
``mA·cm⁻²`` and ``mA_cm2`` are one key.

Each entry gives the quantity (``dimension``) and the factor (and offset, for degrees
Celsius) to the canonical unit of that quantity listed in :data:`CANONICAL` (SI, except the
customary nm, cd/m2, cd/A, lm/W, %, eV and cm-1 of emission work).  A few keys name two
quantities: ``s``, ``ms`` and ``us`` are times, or conductances (siemens) when written with
a capital ``S`` (``mS``, ``uS``) or when the reader accepts only conductances.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CANONICAL", "UNITS", "Unit", "lookup", "unit_key"]


@dataclass(frozen=True)
class Unit:
    """A recognised unit: quantity, factor (and offset) to the canonical unit.

    ``canonical = value * factor + offset``.
    """

    dimension: str
    factor: float
    offset: float = 0.0

    @property
    def canonical(self) -> str:
        """Text of the canonical unit of :attr:`dimension`."""
        return CANONICAL[self.dimension]


def _u(dimension: str, factor: float = 1.0, offset: float = 0.0) -> tuple[Unit, ...]:
    return (Unit(dimension, factor, offset),)


_T = {"s": 1.0, "ms": 1e-3, "us": 1e-6}

#: unit key -> recognised meanings (the first is the default).
UNITS: dict[str, tuple[Unit, ...]] = {
    # voltage -> V
    "v": _u("voltage"), "volt": _u("voltage"), "volts": _u("voltage"),
    "mv": _u("voltage", 1e-3), "kv": _u("voltage", 1e3),
    # current density -> A/m2 (1 mA/cm2 = 10 A/m2)
    "am2": _u("current_density"), "acm2": _u("current_density", 1e4),
    "macm2": _u("current_density", 10.0), "uacm2": _u("current_density", 1e-2),
    "nacm2": _u("current_density", 1e-5), "mam2": _u("current_density", 1e-3),
    # current -> A
    "a": _u("current"), "amp": _u("current"), "amps": _u("current"),
    "ma": _u("current", 1e-3), "ua": _u("current", 1e-6), "na": _u("current", 1e-9),
    "pa": _u("current", 1e-12),
    # luminance -> cd/m2
    "cdm2": _u("luminance"), "nit": _u("luminance"), "nits": _u("luminance"),
    "kcdm2": _u("luminance", 1e3),
    # radiance -> W sr-1 m-2
    **{k: _u("radiance") for k in ("wsrm2", "wsr1m2", "wm2sr", "wm2sr1")},
    **{k: _u("radiance", 1e-3) for k in ("mwsrm2", "mwsr1m2", "mwm2sr1", "mwm2sr")},
    "wsrcm2": _u("radiance", 1e4), "wsr1cm2": _u("radiance", 1e4),
    "mwsrcm2": _u("radiance", 10.0), "mwsr1cm2": _u("radiance", 10.0),
    # efficiencies
    "%": _u("percent"), "percent": _u("percent"), "pct": _u("percent"),
    "cda": _u("current_efficiency"), "cda1": _u("current_efficiency"),
    "lmw": _u("power_efficacy"), "lmw1": _u("power_efficacy"),
    # time -> s (s, ms, us are also siemens: see the module docstring)
    **{k: (Unit("time", f), Unit("conductance", f)) for k, f in _T.items()},
    "sec": _u("time"), "secs": _u("time"), "second": _u("time"), "seconds": _u("time"),
    "fs": _u("time", 1e-15), "ps": _u("time", 1e-12), "ns": _u("time", 1e-9),
    "min": _u("time", 60.0), "mins": _u("time", 60.0), "minute": _u("time", 60.0),
    "minutes": _u("time", 60.0), "h": _u("time", 3600.0), "hr": _u("time", 3600.0),
    "hrs": _u("time", 3600.0), "hour": _u("time", 3600.0), "hours": _u("time", 3600.0),
    "d": _u("time", 86400.0), "day": _u("time", 86400.0), "days": _u("time", 86400.0),
    # spectral axis: wavelength -> nm, photon energy -> eV, wavenumber -> cm-1
    "nm": _u("wavelength"), "nanometer": _u("wavelength"), "nanometers": _u("wavelength"),
    "nanometre": _u("wavelength"), "nanometres": _u("wavelength"),
    **{k: _u("wavelength", 1e3) for k in ("um", "micron", "microns", "micrometer",
                                          "micrometers", "micrometre", "micrometres")},
    "angstrom": _u("wavelength", 0.1), "angstroms": _u("wavelength", 0.1),
    "å": _u("wavelength", 0.1),
    "ev": _u("energy"), "mev": _u("energy", 1e-3),
    "cm1": _u("wavenumber"), "1cm": _u("wavenumber"),
    # angle, responsivity, arbitrary intensity
    "deg": _u("angle"), "degree": _u("angle"), "degrees": _u("angle"), "°": _u("angle"),
    "aw": _u("responsivity"), "aw1": _u("responsivity"), "maw": _u("responsivity", 1e-3),
    "maw1": _u("responsivity", 1e-3),
    **{k: _u("arbitrary") for k in ("au", "arbunits", "arb", "counts", "count", "cts",
                                    "norm", "normalized", "normalised", "rel")},
    # frequency, rates
    "hz": _u("frequency"), "khz": _u("frequency", 1e3), "mhz": _u("frequency", 1e6),
    "rads": _u("angular_frequency"), "rads1": _u("angular_frequency"),
    "1s": _u("rate"), "s1": _u("rate"), "pers": _u("rate"),
    # capacitance (absolute -> F, per area -> F/m2)
    "f": _u("capacitance"), "mf": _u("capacitance", 1e-3), "uf": _u("capacitance", 1e-6),
    "nf": _u("capacitance", 1e-9), "pf": _u("capacitance", 1e-12),
    "fm2": _u("capacitance_area"), "fcm2": _u("capacitance_area", 1e4),
    "mfcm2": _u("capacitance_area", 10.0), "ufcm2": _u("capacitance_area", 1e-2),
    "nfcm2": _u("capacitance_area", 1e-5), "pfcm2": _u("capacitance_area", 1e-8),
    # conductance (absolute -> S, per area -> S/m2), impedance -> Ohm
    "sm2": _u("conductance_area"), "scm2": _u("conductance_area", 1e4),
    "mscm2": _u("conductance_area", 10.0),
    "ohm": _u("impedance"), "ohms": _u("impedance"), "kohm": _u("impedance", 1e3),
    # conductivity -> S/m, diffusion coefficient -> m2/s
    "sm": _u("conductivity"), "sm1": _u("conductivity"), "scm": _u("conductivity", 100.0),
    "scm1": _u("conductivity", 100.0), "mscm": _u("conductivity", 0.1),
    "mscm1": _u("conductivity", 0.1),
    "m2s": _u("diffusion"), "m2s1": _u("diffusion"), "cm2s": _u("diffusion", 1e-4),
    "cm2s1": _u("diffusion", 1e-4),
    # temperature -> K
    "k": _u("temperature"), "kelvin": _u("temperature"),
    **{k: _u("temperature", 1.0, 273.15) for k in ("degc", "°c", "ºc", "c", "celsius", "oc")},
    # area -> m2; number density (project style: _cm3 is cm^-3) -> m^-3
    "m2": _u("area"), "cm2": _u("area", 1e-4), "mm2": _u("area", 1e-6),
    "um2": _u("area", 1e-12),
    "cm3": _u("number_density", 1e6), "percm3": _u("number_density", 1e6),
    "m3": _u("number_density"),
    # transient absorption -> OD
    "od": _u("absorbance"), "mod": _u("absorbance", 1e-3), "uod": _u("absorbance", 1e-6),
    "": _u("none"),
}

#: Canonical unit text of every quantity (what :attr:`Unit.factor` converts to).
CANONICAL = {
    "voltage": "V", "current_density": "A/m2", "current": "A", "luminance": "cd/m2",
    "radiance": "W/sr/m2", "percent": "%", "current_efficiency": "cd/A",
    "power_efficacy": "lm/W", "time": "s", "wavelength": "nm", "energy": "eV",
    "wavenumber": "cm-1", "angle": "deg", "responsivity": "A/W", "arbitrary": "a.u.",
    "frequency": "Hz", "angular_frequency": "rad/s", "rate": "1/s", "capacitance": "F",
    "capacitance_area": "F/m2", "conductance": "S", "conductance_area": "S/m2",
    "impedance": "Ohm", "conductivity": "S/m", "diffusion": "m2/s", "temperature": "K",
    "area": "m2", "number_density": "1/m3", "absorbance": "OD", "none": "",
}

_STRIP = re.compile(r"[\s_/^·*()\[\]\-.⁻]")
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "¹": "1", "µ": "u", "μ": "u", "⁻": "-",
                               "−": "-", "Ω": "ohm"})


def unit_key(text: str) -> str:
    """Normalised lookup key of a unit spelling (see the module docstring).

    Parameters
    ----------
    text : str
        A unit as written in a header (``'mA cm-2'``, ``'mA/cm^2'``, ``'mA·cm⁻²'``).

    Returns
    -------
    str
        Lower-case key without spaces, ``_``, ``/``, ``^``, ``·``, ``*``, brackets,
        ``.`` and ``-``.

    Examples
    --------
    >>> unit_key("mA cm-2"), unit_key("mA/cm^2"), unit_key("S·cm⁻¹")
    ('macm2', 'macm2', 'scm1')
    """
    return _STRIP.sub("", text.translate(_SUPERSCRIPTS).lower())


def lookup(text: str, dimensions: tuple[str, ...] | None = None) -> Unit | None:
    """The unit spelled ``text``, or None when the table does not know it.

    Parameters
    ----------
    text : str
        The unit as written (``'mA/cm2'``, ``'nF cm-2'``, ``'°C'``).
    dimensions : tuple of str, optional
        Quantities the caller accepts (keys of :data:`CANONICAL`); a spelling with
        several meanings resolves to the first accepted one.

    Returns
    -------
    Unit or None
        Quantity, factor and offset to the canonical unit.

    Examples
    --------
    >>> lookup("mA/cm2").factor, lookup("ns").dimension, lookup("mS").dimension
    (10.0, 'time', 'conductance')
    >>> lookup("ms", dimensions=("conductance",)).factor
    0.001
    """
    found = UNITS.get(unit_key(text))
    if found is None:
        return None
    if dimensions is not None:
        found = tuple(u for u in found if u.dimension in dimensions)
        return found[0] if found else None
    if len(found) > 1 and text.strip().endswith("S"):  # capital S: siemens
        return next((u for u in found if u.dimension == "conductance"), found[0])
    return found[0]
