"""Where a measured device ranks against the literature for its colour.

:func:`compare_device` takes the summary of a measured device (a dict such as
``peled.measure`` produces: ``eqe_max_pct``, ``luminance_max_cd_m2``, ``peak_nm``, ...)
and returns, for every metric it shares with the dataset, the percentile rank of the
device among the literature records of the same colour class.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peled.errors import ParameterError
from peled.literature import schema
from peled.literature.queries import (
    NON_PEROVSKITE_EL,
    _prefer_stated,
    device_records,
    normalised_lifetimes,
    without_suspicious,
)

__all__ = [
    "ColorPopulation",
    "LIFETIME_KEYS",
    "SUMMARY_TO_COLUMN",
    "color_population",
    "compare_device",
    "percentile_rank",
]

#: Device summary key -> (dataset column, True if larger is better).
SUMMARY_TO_COLUMN: dict[str, tuple[str, bool]] = {
    "eqe_max_pct": ("eqe_pct", True),
    "eqe_pct": ("eqe_pct", True),
    "luminance_max_cd_m2": ("luminance_cd_m2", True),
    "luminance_cd_m2": ("luminance_cd_m2", True),
    "ce_max_cd_a": ("ce_cd_a", True),
    "ce_cd_a": ("ce_cd_a", True),
    "radiance_max_w_sr_m2": ("radiance_w_sr_m2", True),
    "fwhm_nm": ("fwhm_nm", False),
    "plqy_pct": ("plqy_pct", True),
}


#: Device summary key -> (lifetime metric, L0 in cd/m2): ranked against the literature
#: lifetimes normalised to that L0 (Jang et al. (2025) eqn LT2/LT1 = (L1/L2)^n, n = 1.65).
LIFETIME_KEYS: dict[str, tuple[str, float]] = {
    "t50_at_100_cd_m2_h": ("T50", 100.0),
}


def percentile_rank(values, x: float) -> float:
    """Percentage of ``values`` that ``x`` equals or exceeds, counting ties half.

    ``100 (count(v < x) + 0.5 count(v == x)) / N`` -- the "mean" definition of
    :func:`scipy.stats.percentileofscore` (tested against it).

    Parameters
    ----------
    values : array_like of float
        The reference population (non-finite values are ignored).
    x : float
        The value to rank, in the unit of ``values``.

    Returns
    -------
    float
        Percentile rank in [0, 100], or NaN for an empty (all non-finite) population.

    Examples
    --------
    >>> percentile_rank([5.0, 10.0, 20.0, 30.0], 20.0)  # (2 + 0.5) / 4
    62.5
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return math.nan
    return float(100.0 * (np.sum(v < x) + 0.5 * np.sum(v == x)) / v.size)


@dataclass(frozen=True)
class ColorPopulation:
    """The literature reference population of one colour class, filtered once.

    ``values`` maps each dataset column of :data:`SUMMARY_TO_COLUMN` (and each
    ``lifetime_h (T50 at 100 cd/m2)`` column of :data:`LIFETIME_KEYS`) to the sorted
    finite values of the records of ``color`` (doubtful values left out), so that ranking
    a device is a binary search per metric (:meth:`rank`), not a pass over the dataset.
    """

    color: str
    n_records: int
    values: dict[str, np.ndarray]

    def rank(self, summary: Mapping) -> dict:
        """:func:`compare_device` ``(summary, df, color)`` from the precomputed population.

        Parameters
        ----------
        summary : mapping
            Device summary (keys of :data:`SUMMARY_TO_COLUMN` / :data:`LIFETIME_KEYS`).

        Returns
        -------
        dict
            ``color``, ``n_literature_records`` and ``metrics`` exactly as
            :func:`compare_device` returns them.

        Examples
        --------
        >>> import numpy as np
        >>> pop = ColorPopulation("green", 4, {"eqe_pct": np.array([5.0, 10.0, 20.0, 30.0])})
        >>> pop.rank({"eqe_max_pct": 20.0})["metrics"]["eqe_max_pct"]["percentile"]
        62.5
        """
        metrics = {}
        for key, value in summary.items():
            if (key not in SUMMARY_TO_COLUMN and key not in LIFETIME_KEYS) or value is None:
                continue
            x = float(value)
            if not np.isfinite(x):
                continue
            if key in LIFETIME_KEYS:
                metric, l0 = LIFETIME_KEYS[key]
                col, higher_better = f"lifetime_h ({metric} at {l0:g} cd/m2)", True
            else:
                col, higher_better = SUMMARY_TO_COLUMN[key]
            vals = self.values.get(col, _EMPTY)
            if vals.size == 0:
                metrics[key] = {"column": col, "value": x, "n_records": 0, "percentile": None,
                                "best": None, "median": None}
                continue
            below = int(np.searchsorted(vals, x, "left"))
            equal = int(np.searchsorted(vals, x, "right")) - below
            pr = float(100.0 * (below + 0.5 * equal) / vals.size)  # = percentile_rank(vals, x)
            metrics[key] = {
                "column": col,
                "value": x,
                "n_records": int(vals.size),
                "percentile": pr if higher_better else 100.0 - pr,
                "best": float(vals[-1] if higher_better else vals[0]),
                "median": float(np.median(vals)),
            }
        return {"color": self.color, "n_literature_records": self.n_records,
                "metrics": metrics}


_EMPTY = np.array([])


def color_population(df: pd.DataFrame, color: str,
                     exclude_classes=NON_PEROVSKITE_EL) -> ColorPopulation:
    """Filter the literature once for ``color``: the populations :func:`compare_device` uses.

    Parameters
    ----------
    df : pandas.DataFrame
        The literature dataset (:func:`peled.literature.load`).
    color : str
        Colour class (:data:`peled.literature.schema.COLORS`).
    exclude_classes : sequence of str
        Device classes left out (default non-perovskite comparison rows).

    Returns
    -------
    ColorPopulation
        Sorted values per metric column; rank devices with :meth:`ColorPopulation.rank`.

    Examples
    --------
    >>> from peled.literature import load
    >>> df = load()
    >>> summary = {"peak_nm": 520.0, "eqe_max_pct": 20.0}
    >>> color_population(df, "green").rank(summary) == compare_device(summary, df)
    True
    """
    if color not in schema.COLORS + schema.EXTRA_COLORS:
        raise ParameterError(f"color {color!r}: expected one of {', '.join(schema.COLORS)}")
    lit = device_records(df, exclude_classes)
    lit = lit[lit["color"] == color]
    values: dict[str, np.ndarray] = {}
    for col in {c for c, _ in SUMMARY_TO_COLUMN.values()}:
        if col in lit.columns:
            v = without_suspicious(lit, col, False)[col].dropna().to_numpy(float)
            values[col] = np.sort(v[np.isfinite(v)])
    for metric, l0 in LIFETIME_KEYS.values():
        norm = _prefer_stated(
            normalised_lifetimes(without_suspicious(lit, "lifetime_h", False), l0, metric))
        v = norm["lifetime_at_l0_h"].to_numpy(float) if len(norm) else _EMPTY
        values[f"lifetime_h ({metric} at {l0:g} cd/m2)"] = np.sort(v[np.isfinite(v)])
    return ColorPopulation(color, int(len(lit)), values)


def compare_device(
    summary: Mapping,
    df: pd.DataFrame,
    color: str | None = None,
    exclude_classes=NON_PEROVSKITE_EL,
) -> dict:
    """Percentile ranks of a measured device against the literature of its colour.

    ``summary`` needs ``peak_nm`` (the colour class follows
    :func:`peled.literature.schema.color_from_peak`) unless ``color`` is given; every
    recognised metric key (:data:`SUMMARY_TO_COLUMN`) with a finite value is ranked
    against the records of that colour having the metric; ``t50_at_100_cd_m2_h`` is ranked
    against the literature T50 values normalised to 100 cd/m2
    (:func:`peled.literature.queries.normalised_lifetimes`).  ``percentile`` is the share of
    records the device beats (for ``fwhm_nm`` a narrower line beats a wider one); also
    reported: ``n_records``, the literature ``best`` and ``median``.  Records of
    ``exclude_classes`` (non-perovskite comparison rows, colour-conversion films) and
    records that are not device results (benchmarks, typical values) are left out: the
    reference population is perovskite LEDs.  Values flagged as doubtful
    (:data:`peled.literature.queries.SUSPICIOUS_FLAGS`, e.g. ``lifetime_suspicious``) are
    left out of the population of that metric; whole-record codes (a composition that
    contradicts the printed colour) are not: the printed peak decides the colour.

    Parameters
    ----------
    summary : mapping
        Figures of merit of the device (the keys of
        :meth:`peled.measure.DeviceResult.summary`, e.g. ``eqe_max_pct`` in %,
        ``peak_nm`` in nm); None or non-finite values are skipped.
    df : pandas.DataFrame
        The literature dataset (:func:`peled.literature.load`).
    color : str, optional
        Colour class (one of :data:`peled.literature.schema.COLORS`); default: from
        ``summary["peak_nm"]``.
    exclude_classes : collection of str, optional
        Emitter classes left out of the population (default: non-perovskite
        electroluminescence rows and colour-conversion films).

    Returns
    -------
    dict
        ``color``, ``n_literature_records`` and ``metrics``: per ranked key its
        ``column``, ``value``, ``n_records``, ``percentile`` (0-100, None without
        records), literature ``best`` and ``median``.

    Raises
    ------
    peled.errors.ParameterError
        If neither ``color`` nor a finite ``summary["peak_nm"]`` is given, or ``color``
        is unknown.

    Examples
    --------
    >>> from peled.literature import load
    >>> r = compare_device({"peak_nm": 520.0, "eqe_max_pct": 20.0}, load())
    >>> r["color"], r["metrics"]["eqe_max_pct"]["best"]
    ('green', 32.1)
    """
    if color is None:
        peak = summary.get("peak_nm")
        if peak is None or not np.isfinite(float(peak)):
            raise ParameterError("compare_device: summary needs 'peak_nm' (or pass color=)")
        color = schema.color_from_peak(float(peak))
    elif color not in schema.COLORS + schema.EXTRA_COLORS:
        raise ParameterError(f"color {color!r}: expected one of {', '.join(schema.COLORS)}")
    lit = device_records(df, exclude_classes)
    lit = lit[lit["color"] == color]
    metrics = {}
    for key, value in summary.items():
        if (key not in SUMMARY_TO_COLUMN and key not in LIFETIME_KEYS) or value is None:
            continue
        x = float(value)
        if not np.isfinite(x):
            continue
        if key in LIFETIME_KEYS:
            metric, l0 = LIFETIME_KEYS[key]
            col, higher_better = f"lifetime_h ({metric} at {l0:g} cd/m2)", True
            norm = _prefer_stated(
                normalised_lifetimes(without_suspicious(lit, "lifetime_h", False), l0, metric)
            )
            vals = norm["lifetime_at_l0_h"].to_numpy(float) if len(norm) else np.array([])
        else:
            col, higher_better = SUMMARY_TO_COLUMN[key]
            vals = (without_suspicious(lit, col, False)[col].dropna().to_numpy(float)
                    if col in lit.columns else np.array([]))
        if vals.size == 0:
            metrics[key] = {"column": col, "value": x, "n_records": 0, "percentile": None,
                            "best": None, "median": None}
            continue
        pr = percentile_rank(vals, x) if higher_better else 100.0 - percentile_rank(vals, x)
        metrics[key] = {
            "column": col,
            "value": x,
            "n_records": int(vals.size),
            "percentile": pr,
            "best": float(vals.max() if higher_better else vals.min()),
            "median": float(np.median(vals)),
        }
    return {"color": color, "n_literature_records": int(len(lit)), "metrics": metrics}
