"""Point series of the literature dataset: a metric against year, EQE against resolution.

* :func:`trend_points` -- (year, metric, group) points and the running record per group,
  the data of Jang et al., Adv. Mater. (2025), Figure 1B ("Development over time of the
  EQE of PeLEDs ... for red, green, and blue");
* :func:`ppi_points` -- (ppi, eqe_pct, color) of pixelated devices, the data of Zhao et al.,
  Commun. Mater. (2025), Fig. 5b ("the EQEs tend to decline as PPI increases").

The figures of these series are built by :mod:`peled.report.literature_figures`.
"""

from __future__ import annotations

import pandas as pd

from peled.errors import ParameterError
from peled.literature import schema
from peled.literature.queries import NON_PEROVSKITE_EL, device_records, without_suspicious

__all__ = [
    "group_order",
    "ppi_points",
    "trend_points",
]


def group_order(by: str, values) -> list:
    """Groups present in ``values``, colours in spectral order (schema.COLOR_RANK).

    Parameters
    ----------
    by : str
        Grouping column (``"color"`` gets spectral order, others sorted).
    values : iterable
        Group values present in the data (missing values are dropped).

    Returns
    -------
    list
        Distinct groups in plotting order.

    Examples
    --------
    >>> import pandas as pd
    >>> group_order("color", pd.Series(["red", "blue", "green", None, "blue"]))
    ['blue', 'green', 'red']
    """
    vals = [v for v in pd.unique(values) if not pd.isna(v)]
    if by == "color":
        return sorted(vals, key=lambda v: schema.COLOR_RANK.get(v, 99))
    return sorted(vals, key=str)


def trend_points(
    df: pd.DataFrame,
    metric: str = "eqe_pct",
    by: str = "color",
    exclude_classes=NON_PEROVSKITE_EL,
) -> pd.DataFrame:
    """The (year, metric, group) points of :func:`trend_figure` and the running record.

    Rows need ``year`` and ``metric``; records of ``exclude_classes`` (default the
    non-perovskite comparison rows: QD-LED, OLED, micro-LED, colour-conversion films),
    records flagged as not being device results and values flagged as doubtful
    (:data:`peled.literature.queries.SUSPICIOUS_FLAGS`) are left out, as in Jang et al.,
    Adv. Mater. (2025), Fig. 1B; ``record`` is the best value of the group up to and
    including that year.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).
    metric : str, optional
        Numeric column to follow (default ``eqe_pct``).
    by : str, optional
        Grouping column (default ``color``).
    exclude_classes : sequence of str, optional
        Device classes left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``year``, ``metric``, ``by`` and ``record`` (best value of the group up
        to and including that year), sorted by year.

    Raises
    ------
    ParameterError
        If ``metric`` or ``by`` is not a column, or ``metric`` is not numeric.

    References
    ----------
    Jang et al., Adv. Mater. (2025), Fig. 1B.

    Examples
    --------
    >>> from peled.literature import load
    >>> pts = trend_points(load(), "eqe_pct", "color")
    >>> green = pts[pts["color"] == "green"]
    >>> int(green["year"].min()), float(green["record"].max())
    (2017, 32.1)
    """
    for col in ("year", metric, by):
        if col not in df.columns:
            raise ParameterError(f"column {col!r} not in the literature frame")
    if not pd.api.types.is_numeric_dtype(df[metric]):
        raise ParameterError(f"metric {metric!r} is not a numeric column")
    pts = without_suspicious(device_records(df, exclude_classes), metric, whole_record=False)
    pts = pts[pts["year"].notna() & pts[metric].notna() & pts[by].notna()]
    pts = pts[["year", metric, by]].astype({"year": "int64"}).sort_values(["year"])
    pts["record"] = pts.groupby(by, observed=True)[metric].cummax()
    return pts.reset_index(drop=True)


def ppi_points(df: pd.DataFrame) -> pd.DataFrame:
    """(ppi, eqe_pct, color) of records giving both a resolution in PPI and an EQE.

    Records that state only a pixel size are left out: a PPI needs the pixel pitch, and
    the gap between pixels is not given (Zhao et al., Commun. Mater. (2025), Table 1
    note).  So are records that are not device results and values flagged as doubtful, as
    in :func:`trend_points`.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    pandas.DataFrame
        Columns ``ppi, eqe_pct, color, source, table, row``.

    Examples
    --------
    >>> from peled.literature import load
    >>> pts = ppi_points(load())
    >>> len(pts), pts["source"].unique().tolist()
    (23, ['zhao2025'])
    """
    pts = device_records(df)
    for col in ("ppi", "eqe_pct"):
        pts = without_suspicious(pts, col, whole_record=False)
    pts = pts[pts["ppi"].notna() & pts["eqe_pct"].notna() & (pts["ppi"] > 0)]
    return pts[["ppi", "eqe_pct", "color", "source", "table", "row"]].reset_index(drop=True)
