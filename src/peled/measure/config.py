"""``device.toml``: device metadata and measurement settings of one device folder.

Example (every field optional; a field is required only by the computation that
needs it, e.g. ``area_cm2`` when the J-V-L file gives a current in A or mA)::

    name = "G-07"
    area_cm2 = 0.04
    color_class = "green"            # red | green | sky-blue | blue | nir | white
    notes = "antisolvent: toluene/IPA"
    stack = [ { material = "ITO", thickness_nm = 150 },
              { material = "CsPbBr3", thickness_nm = 40 } ]

    [measurement]
    turn_on_luminance_cd_m2 = 1.0    # luminance defining the turn-on voltage
    detector_floor_cd_m2 = 0.05      # readings <= floor are below the detection limit
                                     # (default: estimated, 3 sigma of the dark readings)
    photocurrent_floor_a = 2e-11     # the same for photodiode-current data (A)
    lifetime_n = 1.65                # acceleration exponent of LT2/LT1 = (L1/L2)^n
    lifetime_l0_cd_m2 = 1000         # initial luminance of a normalised lifetime trace
    spectral_shift_warning_nm = 2.0  # EL peak shift flagged as possible phase segregation
    hysteresis_warning = 0.10        # |hysteresis index| flagged
    sweep = "forward"                # sweep analysed: forward | reverse
    photodiode_responsivity_a_w = 0.30        # or photodiode_responsivity_file = "r.csv"
    photodiode_geometry_factor = 0.012        # or photodiode_radius_mm + photodiode_distance_mm

Defaults and their provenance are documented on :class:`MeasurementSettings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from peled.errors import FileFormatError
from peled.io.toml import check_keys, read_toml

__all__ = ["DeviceConfig", "Layer", "MeasurementSettings", "read_device_toml"]

COLOR_CLASSES = ("red", "green", "sky-blue", "blue", "nir", "white", "other")


@dataclass(frozen=True)
class Layer:
    """One layer of the device stack."""

    material: str
    thickness_nm: float | None = None


@dataclass(frozen=True)
class MeasurementSettings:
    """Analysis settings from ``[measurement]``.

    * ``turn_on_luminance_cd_m2 = 1.0``: the usual PeLED/OLED turn-on criterion
      (V at 1 cd/m2; e.g. the definition used in the device tables of Jang et al.,
      Adv. Mater. (2025)).
    * ``detector_floor_cd_m2 = None``: readings at or below the floor are "below
      detection" (kept for plots, excluded from EQE/CE/PE).  When not set, the floor is
      the limit of detection 3 sigma of the dark readings (IUPAC definition; Long &
      Winefordner, Anal. Chem. 55, 712A, 1983): sigma is the RMS of the readings at
      V <= 0 and of the negative readings (pure noise for a zero-mean detector), if
      there are at least 5; else median + 3 x 1.4826 MAD of the pre-onset readings
      (resolution/sqrt(12) instead of the MAD when they are all identical,
      :func:`peled.measure.analysis.pre_onset_floor`); else 0 (only zero/negative
      readings rejected).  It applies to the emission signal in its own unit.  The
      efficiency figures of merit use readings above 10/3 x the floor (limit of
      quantification, :mod:`peled.measure.jvl`).
    * ``photocurrent_floor_a = None``: the detection limit of photodiode-current data
      in A (same rules; ``detector_floor_cd_m2`` applies to luminance data only).
    * ``lifetime_n = None``: use the n fitted from several lifetime runs if available,
      else n = 1.65 (Jang et al., Adv. Mater. (2025), Figure 14 caption).
    * ``spectral_shift_warning_nm = 2.0``: peled's choice, twice the ~1 nm resolution
      of the compact fibre spectrometers used for EL; shifts above it are resolvable.
    * ``hysteresis_warning = 0.10``: an absolute hysteresis index above 10 % is flagged
      (peled's choice; the index is defined in :func:`peled.measure.jvl.sweep_hysteresis_index`).
    """

    turn_on_luminance_cd_m2: float = 1.0
    detector_floor_cd_m2: float | None = None
    photocurrent_floor_a: float | None = None
    lifetime_n: float | None = None
    lifetime_l0_cd_m2: float | None = None
    spectral_shift_warning_nm: float = 2.0
    hysteresis_warning: float = 0.10
    sweep: str = "forward"
    photodiode_responsivity_a_w: float | None = None
    photodiode_responsivity_file: str | None = None
    photodiode_geometry_factor: float | None = None
    photodiode_radius_mm: float | None = None
    photodiode_distance_mm: float | None = None


@dataclass(frozen=True)
class DeviceConfig:
    """Metadata of one device (all optional)."""

    name: str | None = None
    area_cm2: float | None = None
    color_class: str | None = None
    notes: str = ""
    stack: tuple[Layer, ...] = ()
    measurement: MeasurementSettings = field(default_factory=MeasurementSettings)
    path: Path | None = None


_TOP_KEYS = ("name", "area_cm2", "color_class", "notes", "stack", "measurement")
_NUMERIC = {
    "turn_on_luminance_cd_m2", "detector_floor_cd_m2", "lifetime_n", "lifetime_l0_cd_m2",
    "photocurrent_floor_a",
    "spectral_shift_warning_nm", "hysteresis_warning", "photodiode_responsivity_a_w",
    "photodiode_geometry_factor", "photodiode_radius_mm", "photodiode_distance_mm",
}
_POSITIVE = _NUMERIC - {"detector_floor_cd_m2", "photocurrent_floor_a"}


def _number(path: Path, key: str, value, positive: bool) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError(path, f"field {key!r} must be a number, got {value!r}")
    v = float(value)
    if v != v or v in (float("inf"), float("-inf")) or (positive and v <= 0) or v < 0:
        bound = "> 0" if positive else ">= 0"
        raise FileFormatError(path, f"field {key!r} must be finite and {bound}, got {value!r}")
    return v


def _settings(path: Path, raw: dict, warnings: list[str]) -> MeasurementSettings:
    known = [f.name for f in fields(MeasurementSettings)]
    check_keys(path, raw, known, "[measurement]")
    kwargs = {}
    for key, value in raw.items():
        if key in _NUMERIC:
            kwargs[key] = _number(path, f"measurement.{key}", value, key in _POSITIVE)
        elif key == "sweep":
            if value not in ("forward", "reverse"):
                raise FileFormatError(
                    path, f"field 'measurement.sweep' must be 'forward' or 'reverse', got {value!r}"
                )
            kwargs[key] = value
        else:
            if not isinstance(value, str):
                raise FileFormatError(path, f"field 'measurement.{key}' must be a string")
            kwargs[key] = value
    return MeasurementSettings(**kwargs)


def _stack(path: Path, raw) -> tuple[Layer, ...]:
    if not isinstance(raw, list):
        raise FileFormatError(path, "field 'stack' must be a list of {material, thickness_nm}")
    layers = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("material"), str):
            raise FileFormatError(path, f"field 'stack[{i}]' needs a string 'material'")
        check_keys(path, item, ("material", "thickness_nm"), f"stack[{i}]")
        t = item.get("thickness_nm")
        thick = None if t is None else _number(path, f"stack[{i}].thickness_nm", t, True)
        layers.append(Layer(item["material"], thick))
    return tuple(layers)


def read_device_toml(path: str | Path, warnings: list[str] | None = None) -> DeviceConfig:
    """Parse ``device.toml``; type errors name the file and the field.

    Unknown keys are errors naming the closest valid key (``arae_cm2`` -> ``area_cm2``;
    :func:`peled.io.toml.check_keys`).

    Parameters
    ----------
    path : str or pathlib.Path
        The ``device.toml`` file.
    warnings : list of str, optional
        Receives notes about the file (appended to; kept for callers).

    Returns
    -------
    DeviceConfig
        Name, active area (cm^2), colour class, stack and ``[measurement]`` settings.

    Raises
    ------
    peled.errors.FileFormatError
        If the file is not valid TOML, has an unknown key or a value of the wrong type or
        range (the message names the file and the field).

    Examples
    --------
    >>> from peled.datasets import example_devices_dir
    >>> green = example_devices_dir() / "green"
    >>> cfg = read_device_toml(green / "device.toml")
    >>> cfg.area_cm2, cfg.color_class, cfg.measurement.turn_on_luminance_cd_m2
    (0.04, 'green', 1.0)
    """
    warnings = [] if warnings is None else warnings
    p, raw = read_toml(path)
    check_keys(p, raw, _TOP_KEYS)
    kwargs: dict = {"path": p}
    for key, value in raw.items():
        if key == "name":
            kwargs["name"] = str(value)
        elif key == "area_cm2":
            kwargs["area_cm2"] = _number(p, "area_cm2", value, True)
        elif key == "color_class":
            cc = str(value).lower().replace("_", "-").replace(" ", "-")
            if cc not in COLOR_CLASSES:
                raise FileFormatError(
                    p, f"field 'color_class' must be one of {', '.join(COLOR_CLASSES)}, "
                    f"got {value!r}"
                )
            kwargs["color_class"] = cc
        elif key == "notes":
            kwargs["notes"] = str(value)
        elif key == "stack":
            kwargs["stack"] = _stack(p, value)
        elif key == "measurement":
            if not isinstance(value, dict):
                raise FileFormatError(p, "field 'measurement' must be a table")
            kwargs["measurement"] = _settings(p, value, warnings)
    return DeviceConfig(**kwargs)
