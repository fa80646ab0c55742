"""Queries over the literature dataset: filter, best per group, gap to commercial targets.

All functions take the frame returned by :func:`peled.literature.dataset.load` (or any
subset of it) and return new frames / plain data; nothing is read or written here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peled.device.lifetime import ACCELERATION_EXPONENT_JANG2025, convert_lifetime
from peled.errors import ParameterError
from peled.literature import schema
from peled.literature.dataset import load_targets

__all__ = [
    "GapReport",
    "LIFETIME_LAW",
    "NON_PEROVSKITE_EL",
    "NOT_A_DEVICE_FLAGS",
    "PROVENANCE",
    "SUSPICIOUS_FLAGS",
    "best",
    "device_records",
    "gap",
    "longest_lifetimes",
    "normalised_lifetimes",
    "query",
    "suspicious_for",
    "suspicious_records",
    "without_suspicious",
]

#: Columns identifying where a record comes from (reported with every query result).
PROVENANCE: tuple[str, ...] = ("source", "table", "row", "ref", "year", "material", "file", "line")

#: Classes that are not perovskite emitters; left out of the gap report by default
#: (they are the comparison rows of Jang et al. (2025) Table 1 and colour-conversion films).
NON_PEROVSKITE_EL: tuple[str, ...] = ("QD-LED", "OLED", "micro-LED", "CC")

#: Statement of the lifetime law used by :func:`gap` (Jang et al. (2025), Figure 14 caption).
LIFETIME_LAW = (
    "LT2/LT1 = (L1/L2)^n (Jang et al., Adv. Mater. (2025), Fig. 14 caption; "
    "peled.device.lifetime)"
)


#: Flag codes marking records that are not device results (a benchmark quoted as a
#: lifetime, a "typical value" sentence); left out of gap, comparison and trend.
NOT_A_DEVICE_FLAGS: tuple[str, ...] = ("benchmark_not_device", "typical_value_not_record")


#: Flag codes marking a printed value the curators judged physically doubtful, and the
#: dataset columns each one disqualifies (``src/peled/literature/data/README.md``, "Flag
#: vocabulary").  Such records stay in the data and in :func:`query`, but never provide a
#: best value of :func:`gap` (nor of its ``longest_lifetimes``) or :func:`best` and are
#: not part of the reference population of :func:`peled.literature.compare_device`; the
#: gap report lists them as excluded with the flag's reason.  ``"*"`` disqualifies every
#: value of the record as a best value (a record claimed as the state of the art must be
#: self-consistent); its values still count in percentile populations and trend points,
#: where its printed peak decides the colour.  Examples: Yang et al. (2023) Table 2 row 16 (ref 68)
#: prints T50 = 45 day at 100 cd/m2 for a blue device of EQE 2.01 % and maximum
#: luminance 128 cd/m2, 30x the longest blue T50 that Jang et al. (2025) reports (~35 h);
#: row 21 (ref 213) prints "CsPbI3" with an EL peak at 469 nm: a pure iodide cannot emit
#: blue, so the row contradicts itself and cannot stand as a record; rows whose CE
#: contradicts their EQE (checker ``ce_eqe``) keep their EQE but not their CE.
SUSPICIOUS_FLAGS: dict[str, tuple[str, ...]] = {
    "lifetime_suspicious": ("lifetime_h",),
    "eqe_suspicious": ("eqe_pct",),
    "luminance_suspicious": ("luminance_cd_m2",),
    "ppi_suspicious": ("ppi",),
    "ce_eqe_inconsistent": ("ce_cd_a",),
    "composition_color_mismatch": ("*",),
}


def _has_flag(df: pd.DataFrame, codes: Sequence[str]) -> pd.Series:
    """Boolean mask: the record's ``flags`` carry any of ``codes``."""
    return df["flags"].map(
        lambda f: any(code in schema.parse_flags(f) for code in codes)
    ).astype(bool)


def suspicious_for(df: pd.DataFrame, column: str, whole_record: bool = True) -> pd.Series:
    """Boolean mask: the record's ``flags`` carry a :data:`SUSPICIOUS_FLAGS` code that
    disqualifies ``column`` (with ``whole_record=False`` the whole-record codes ``"*"``
    are ignored).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    column : str
        Column whose value is judged.
    whole_record : bool, optional
        Also count the whole-record codes.

    Returns
    -------
    pandas.Series
        Boolean mask aligned with ``df``.

    Examples
    --------
    >>> from peled.literature import load
    >>> int(suspicious_for(load(), "lifetime_h").sum())
    2
    """
    codes = [c for c, cols in SUSPICIOUS_FLAGS.items()
             if column in cols or (whole_record and "*" in cols)]
    if not codes or df.empty:
        return pd.Series(False, index=df.index, dtype=bool)
    return _has_flag(df, codes)


def without_suspicious(df: pd.DataFrame, column: str, whole_record: bool = True) -> pd.DataFrame:
    """``df`` without the records whose ``column`` is flagged as doubtful (see
    :func:`suspicious_for`).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    column : str
        Column whose doubtful values are removed.
    whole_record : bool, optional
        Also remove records with whole-record codes.

    Returns
    -------
    pandas.DataFrame
        ``df`` without those records.

    Examples
    --------
    >>> from peled.literature import load
    >>> df = load()
    >>> len(df) - len(without_suspicious(df, "lifetime_h"))
    2
    """
    return df[~suspicious_for(df, column, whole_record)]


def suspicious_records(df: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (record, disqualified column) of the records carrying a
    :data:`SUSPICIOUS_FLAGS` code: the ``by`` columns, ``quantity`` (``"all"`` for a
    whole-record code), the printed ``value`` (and ``lifetime_metric`` /
    ``lifetime_condition`` for lifetimes), ``flag``, ``reason`` (the flag's detail) and the
    :data:`PROVENANCE` columns.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    by : sequence of str, optional
        Grouping columns to include.

    Returns
    -------
    pandas.DataFrame
        One row per (record, disqualified column).

    Examples
    --------
    >>> from peled.literature import load
    >>> s = suspicious_records(load())
    >>> sorted(s["flag"].unique())[:2]
    ['ce_eqe_inconsistent', 'composition_color_mismatch']
    """
    out = []
    for _, rec in df.iterrows():
        flags = schema.parse_flags(rec["flags"])
        for code, cols in SUSPICIOUS_FLAGS.items():
            if code not in flags:
                continue
            for col in cols:
                row = {c: _plain(rec[c]) for c in by}
                whole = col == "*"
                row.update(quantity="all" if whole else col,
                           value=None if whole or col not in rec else _plain(rec[col]))
                if col == "lifetime_h":
                    row.update(lifetime_metric=_plain(rec["lifetime_metric"]),
                               lifetime_condition=_plain(rec["lifetime_condition"]))
                row.update(flag=code, reason=flags[code] or code)
                row.update({c: _plain(rec[c]) for c in PROVENANCE if c not in by})
                row["class"] = _plain(rec["class"])
                out.append(row)
    return pd.DataFrame(out)


def device_records(df: pd.DataFrame, exclude_classes: Sequence[str] = ()) -> pd.DataFrame:
    """Records that are device results: without :data:`NOT_A_DEVICE_FLAGS` and not of
    ``exclude_classes``.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    exclude_classes : sequence of str, optional
        Device classes to leave out.

    Returns
    -------
    pandas.DataFrame
        The device-result rows of ``df``.

    Examples
    --------
    >>> from peled.literature import load
    >>> df = load()
    >>> len(df), len(device_records(df)), len(device_records(df, ["CC"]))
    (359, 356, 331)
    """
    not_device = _has_flag(df, NOT_A_DEVICE_FLAGS)
    excluded = df["class"].isin(list(exclude_classes)).fillna(False).astype(bool)
    return df[~not_device & ~excluded]


def _require_columns(df: pd.DataFrame, cols: Sequence[str]) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ParameterError(f"column(s) {missing} not in the literature frame")


def _numeric_column(df: pd.DataFrame, metric: str) -> None:
    _require_columns(df, [metric])
    if not pd.api.types.is_numeric_dtype(df[metric]):
        raise ParameterError(f"metric {metric!r} is not a numeric column")


def query(
    df: pd.DataFrame,
    color: str | None = None,
    cls: str | None = None,
    min_eqe: float | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Records matching all given filters (None = no filter).

    ``color`` and ``cls`` match the ``color`` / ``class`` columns case-insensitively;
    ``min_eqe`` keeps rows with ``eqe_pct >= min_eqe`` (rows without an EQE are dropped);
    ``source`` matches the citation key (``"jang2025"``) or its family-name prefix
    (``"jang"``).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    color : str, optional
        Colour class.
    cls : str, optional
        Device class.
    min_eqe : float, optional
        Minimum EQE, %.
    source : str, optional
        Citation key or its prefix.

    Returns
    -------
    pandas.DataFrame
        The matching rows.

    Raises
    ------
    ParameterError
        For an unknown colour or class or a non-finite ``min_eqe``.

    Examples
    --------
    >>> from peled.literature import load
    >>> sel = query(load(), color="green", cls="Q2D", min_eqe=25, source="jang")
    >>> len(sel), float(sel["eqe_pct"].max())
    (9, 32.1)
    """
    mask = pd.Series(True, index=df.index)
    if color is not None:
        if color.lower() not in {c.lower() for c in schema.COLORS + schema.EXTRA_COLORS}:
            raise ParameterError(
                f"color {color!r}: expected one of {', '.join(schema.COLORS + schema.EXTRA_COLORS)}"
            )
        mask &= df["color"].str.lower().eq(color.lower()).fillna(False)
    if cls is not None:
        if cls.lower() not in {c.lower() for c in schema.CLASSES}:
            raise ParameterError(f"class {cls!r}: expected one of {', '.join(schema.CLASSES)}")
        mask &= df["class"].str.lower().eq(cls.lower()).fillna(False)
    if min_eqe is not None:
        if not np.isfinite(min_eqe):
            raise ParameterError(f"min_eqe must be finite, got {min_eqe!r}")
        mask &= (df["eqe_pct"] >= float(min_eqe)).fillna(False)
    if source is not None:
        s = str(source)
        mask &= df["source"].str.startswith(s).fillna(False)
    return df[mask.astype(bool)]


def best(
    df: pd.DataFrame,
    by: Sequence[str] = ("color", "class"),
    metric: str = "eqe_pct",
    lowest: bool = False,
    include_doubtful: bool = False,
) -> pd.DataFrame:
    """The record with the highest (``lowest=True``: lowest) ``metric`` in each group.

    Returns one row per group: the ``by`` columns, ``metric``, its printed qualifier
    (``qualifier``, e.g. ``>``), ``n_records`` (records in the group with a value) and
    the :data:`PROVENANCE` columns of the winning record.  Groups are sorted by the
    ``by`` columns; rows whose ``metric`` is missing are ignored; groups whose key is
    missing are dropped.  Values flagged as doubtful (:data:`SUSPICIOUS_FLAGS`) are left
    out unless ``include_doubtful``.  The metric is compared as printed: lifetimes of
    different metrics and test conditions are not normalised here (see :func:`gap`).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).
    by : sequence of str, optional
        Grouping columns.
    metric : str, optional
        Numeric column to maximise (default ``eqe_pct``).
    lowest : bool, optional
        Take the lowest instead of the highest value.
    include_doubtful : bool, optional
        Keep values flagged as doubtful.

    Returns
    -------
    pandas.DataFrame
        One row per group (see above).

    Raises
    ------
    ParameterError
        If a column is missing or ``metric`` is not numeric.

    Examples
    --------
    >>> from peled.literature import load
    >>> b = best(load(), by=["color"], metric="eqe_pct").set_index("color")
    >>> float(b.loc["green", "eqe_pct"]), b.loc["green", "source"]
    (32.1, 'jang2025')
    """
    by = list(by)
    if not by:
        raise ParameterError("best: 'by' needs at least one column")
    _require_columns(df, by)
    _numeric_column(df, metric)
    have = df if include_doubtful else without_suspicious(df, metric)
    have = have[have[metric].notna()]
    for col in by:
        have = have[have[col].notna()]
    if have.empty:
        return pd.DataFrame(columns=by + [metric, "qualifier", "n_records", *PROVENANCE])
    idx = (
        have.groupby(by, sort=True, observed=True)[metric].idxmin()
        if lowest
        else have.groupby(by, sort=True, observed=True)[metric].idxmax()
    )
    counts = have.groupby(by, sort=True, observed=True)[metric].count()
    out = have.loc[idx.to_numpy(), by + [metric] + [c for c in PROVENANCE if c not in by]].copy()
    out["qualifier"] = [
        schema.parse_qualifiers(q).get(metric, "") for q in have.loc[idx.to_numpy(), "qualifiers"]
    ]
    out["n_records"] = counts.to_numpy()
    out = out[by + [metric, "qualifier", "n_records"] + [c for c in PROVENANCE if c not in by]]
    if "color" in by:
        out = out.sort_values(
            by, key=lambda s: s.map(schema.COLOR_RANK) if s.name == "color" else s, kind="stable"
        )
    return out.reset_index(drop=True)


def normalised_lifetimes(
    df: pd.DataFrame,
    l0_cd_m2: float,
    metric: str = "T50",
    n: float = ACCELERATION_EXPONENT_JANG2025,
) -> pd.DataFrame:
    """Lifetimes of ``metric`` (e.g. T50) converted to the common initial luminance ``l0_cd_m2``.

    Uses eqn (1) of Jang et al. (2025), ``LT2/LT1 = (L1/L2)^n`` (Figure 14 caption, n = 1.65), via
    :func:`peled.device.lifetime.convert_lifetime`.  Only records whose
    ``lifetime_condition`` is a luminance (``cd/m2``) can be converted; records measured
    at a current density or voltage are left out (their luminance is not given).
    Adds the columns ``l1_cd_m2`` (measured L0), ``lifetime_at_l0_h`` and ``stated_at_l0``
    (the printed condition equals ``l0_cd_m2``, no extrapolation).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    l0_cd_m2 : float
        Common initial luminance, cd/m^2 (> 0).
    metric : str, optional
        Lifetime metric to keep (``T50``, ``T90``, ...).
    n : float, optional
        Acceleration exponent (> 0).

    Returns
    -------
    pandas.DataFrame
        The convertible records of ``metric`` with ``l1_cd_m2``, ``lifetime_at_l0_h`` and
        ``stated_at_l0``.

    References
    ----------
    Jang et al., Adv. Mater. (2025), Fig. 14 caption.

    Examples
    --------
    >>> from peled.literature import load
    >>> t = normalised_lifetimes(load(["jang2025_table1"]), 100.0)
    >>> t[["lifetime_h", "l1_cd_m2", "lifetime_at_l0_h"]].iloc[0].round(1).tolist()
    [1600000.0, 100.0, 1600000.0]
    """
    percent = schema.metric_percent(metric)
    have = df[df["lifetime_h"].notna() & df["lifetime_metric"].notna()]
    if have.empty:
        return have.assign(l1_cd_m2=[], lifetime_at_l0_h=[], stated_at_l0=[])
    pct = have["lifetime_metric"].map(schema.metric_percent)
    conds = have["lifetime_condition"].map(
        lambda c: schema.parse_lifetime_condition(None if pd.isna(c) else c)
    )
    lum = conds.map(lambda c: c is not None and c[1] == "cd/m2")
    sel = have[(pct == percent) & lum].copy()
    if sel.empty:
        return sel.assign(l1_cd_m2=[], lifetime_at_l0_h=[], stated_at_l0=[])
    l1 = conds[sel.index].map(lambda c: c[0]).astype(float).to_numpy()
    sel["l1_cd_m2"] = l1
    sel["lifetime_at_l0_h"] = convert_lifetime(
        sel["lifetime_h"].to_numpy(float), l1, float(l0_cd_m2), n
    )
    sel["stated_at_l0"] = np.isclose(l1, float(l0_cd_m2))
    return sel


def _prefer_stated(sel: pd.DataFrame) -> pd.DataFrame:
    """Drop extrapolated values of a device (same source + ref) also stated at L0."""
    if sel.empty:
        return sel
    key = sel["source"].astype(str) + "#" + sel["ref"].astype("string").fillna(
        pd.Series(["row" + str(i) for i in sel.index], index=sel.index, dtype="string")
    )
    has_stated = sel["stated_at_l0"].groupby(key).transform("any")
    return sel[sel["stated_at_l0"] | ~has_stated]


@dataclass(frozen=True)
class GapReport:
    """Best reported values per group against the commercial targets.

    ``rows`` has one row per (group, target) with ``best_value``, ``target_value``,
    ``relation``, ``met`` and ``ratio_to_target`` (best / target), plus the provenance
    of the best record; lifetimes are normalised to the target's L0 with exponent
    ``acceleration_exponent``.  ``excluded`` lists the records left out of the best
    values because a flag marks their value as doubtful (:data:`SUSPICIOUS_FLAGS`),
    with the flag and its reason.
    """

    acceleration_exponent: float
    group_by: tuple[str, ...]
    excluded_classes: tuple[str, ...]
    rows: pd.DataFrame = field(repr=False)
    common_l0_cd_m2: float = 100.0
    longest_lifetimes: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    excluded: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def to_dict(self) -> dict:
        """JSON-ready dict (used by ``peled lit gap --json``)."""
        return {
            "acceleration_exponent": self.acceleration_exponent,
            "lifetime_law": LIFETIME_LAW,
            "group_by": list(self.group_by),
            "excluded_classes": list(self.excluded_classes),
            "common_l0_cd_m2": self.common_l0_cd_m2,
            "rows": _records(self.rows),
            "longest_lifetimes": _records(self.longest_lifetimes),
            "excluded_records": _records(self.excluded),
        }


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def longest_lifetimes(
    df: pd.DataFrame,
    l0_cd_m2: float = 100.0,
    n: float = ACCELERATION_EXPONENT_JANG2025,
    by: Sequence[str] = ("color",),
) -> pd.DataFrame:
    """Longest lifetime of every printed metric (T50, T90, ...) per group at a common L0.

    Each record's lifetime is normalised to ``l0_cd_m2`` with :func:`normalised_lifetimes`
    (Jang et al. (2025) eqn LT2/LT1 = (L1/L2)^n), values quoted directly at ``l0_cd_m2`` taking
    precedence over extrapolations of the same device.  One row per (group, metric) with
    ``lifetime_at_l0_h``, the measured ``lifetime_h`` and ``lifetime_condition``,
    ``extrapolated`` and the provenance of the record.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    l0_cd_m2 : float, optional
        Common initial luminance, cd/m^2 (> 0).
    n : float, optional
        Acceleration exponent (> 0).
    by : sequence of str, optional
        Grouping columns.

    Returns
    -------
    pandas.DataFrame
        One row per (group, metric), see above.

    References
    ----------
    Jang et al., Adv. Mater. (2025), Fig. 14 caption.

    Examples
    --------
    >>> from peled.literature import load
    >>> t = longest_lifetimes(load()).set_index(["color", "lifetime_metric"])
    >>> round(float(t.loc[("green", "T50"), "lifetime_at_l0_h"]))
    2570000
    """
    by = list(by)
    have = df[df["lifetime_metric"].notna() & df["lifetime_h"].notna()]
    metrics = sorted({f"T{schema.metric_percent(m)}" for m in have["lifetime_metric"]},
                     key=lambda m: int(m[1:]))
    out = []
    for metric in metrics:
        sel = _prefer_stated(normalised_lifetimes(have, l0_cd_m2, metric, n))
        for col in by:
            sel = sel[sel[col].notna()]
        if sel.empty:
            continue
        for key, sub in sel.groupby(by, observed=True, sort=False):
            key = key if isinstance(key, tuple) else (key,)
            top = sub.loc[sub["lifetime_at_l0_h"].idxmax()]
            rec = dict(zip(by, key, strict=True))
            rec.update(
                lifetime_metric=metric,
                lifetime_at_l0_h=float(top["lifetime_at_l0_h"]),
                lifetime_h=float(top["lifetime_h"]),
                lifetime_condition=str(top["lifetime_condition"]),
                extrapolated=not bool(top["stated_at_l0"]),
                n_records=int(len(sub)),
                **{"class": _plain(top["class"])},
                **{c: _plain(top[c]) for c in PROVENANCE if c not in by},
            )
            out.append(rec)
    frame = pd.DataFrame(out)
    if frame.empty:
        return frame
    keys = [frame[c] for c in by]
    order = sorted(range(len(frame)), key=lambda i: (
        _group_order(tuple(k.iloc[i] for k in keys), tuple(by)),
        int(frame["lifetime_metric"].iloc[i][1:]),
    ))
    return frame.iloc[order].reset_index(drop=True)


def _met(best_value: float, relation: str, target: float) -> bool:
    if not np.isfinite(best_value):
        return False
    return bool(best_value > target if relation == ">" else best_value >= target)


def gap(
    df: pd.DataFrame,
    n: float = ACCELERATION_EXPONENT_JANG2025,
    targets: pd.DataFrame | None = None,
    by: Sequence[str] = ("color",),
    exclude_classes: Sequence[str] = NON_PEROVSKITE_EL,
    common_l0_cd_m2: float = 100.0,
) -> GapReport:
    """Best reported values per colour (or other grouping) against the commercial targets.

    For every target of ``commercial_targets.csv`` (EQE > 30 %; T95 ~ 10^4 h at 1000 cd/m2;
    T50 >= 10^6 h at 100 cd/m2; luminance 10^5 (VR) / 10^6 (AR) cd/m2; >= 3000 PPI; see
    :func:`peled.literature.dataset.load_targets`) and every group, the best record is
    reported.  Lifetimes are first normalised to the target's initial luminance with
    ``LT2/LT1 = (L1/L2)^n`` (Jang et al. (2025) Fig. 14 caption, n = 1.65 by default; see
    :func:`normalised_lifetimes`); when a device (same source and ref) is also quoted
    directly at that luminance, the quoted value is used instead of its extrapolation.
    Lifetime metrics are not converted into each other (a T90 is not a T50).
    ``longest_lifetimes`` of the report lists, per group and printed metric, the longest
    lifetime normalised to ``common_l0_cd_m2`` (default 100 cd/m2, the L0 of Jang et al. (2025)
    Fig. 1D); see :func:`longest_lifetimes`.  Records flagged as not being device
    results (:data:`NOT_A_DEVICE_FLAGS`) are left out; records whose value of a target's
    quantity is flagged as doubtful (:data:`SUSPICIOUS_FLAGS`, e.g. ``lifetime_suspicious``)
    never give a best value and are listed in the report's ``excluded`` with their reason.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records.
    n : float, optional
        Acceleration exponent of the lifetime normalisation (> 0).
    targets : pandas.DataFrame, optional
        Targets (default :func:`peled.literature.load_targets`).
    by : sequence of str, optional
        Grouping columns (default colour).
    exclude_classes : sequence of str, optional
        Device classes left out (default the non-perovskite comparison rows).
    common_l0_cd_m2 : float, optional
        Initial luminance of the ``longest_lifetimes`` table, cd/m^2.

    Returns
    -------
    GapReport
        Best values against every target, the longest lifetimes and the excluded records.

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 1, sec. 7, Figs. 1D and 14; Zhao et al., Commun.
    Mater. (2025), conclusion.

    Examples
    --------
    >>> from peled.literature import load
    >>> rows = gap(load()).rows.set_index(["color", "target"])
    >>> green = rows.loc[("green", "eqe_min")]
    >>> float(green["best_value"]), bool(green["met"])
    (32.1, True)
    """
    n = float(n)
    if not np.isfinite(n) or n <= 0:
        raise ParameterError(f"acceleration exponent n must be finite and > 0, got {n!r}")
    by = tuple(by)
    _require_columns(df, by)
    tg = load_targets() if targets is None else targets
    data = device_records(df, exclude_classes)
    for col in by:
        data = data[data[col].notna()]
    excluded = suspicious_records(data, by)
    if not excluded.empty:  # only exclusions that concern a target quantity
        excluded = excluded[excluded["quantity"].isin([*tg["quantity"], "all"])]
        excluded = excluded.reset_index(drop=True)
    groups = sorted(
        data[list(by)].drop_duplicates().itertuples(index=False, name=None),
        key=lambda k: _group_order(k, by),
    )
    out = []
    for key in groups:
        sub = data
        for col, val in zip(by, key, strict=True):
            sub = sub[sub[col] == val]
        for t in tg.itertuples(index=False):
            rec = dict(zip(by, key, strict=True))
            rec.update(
                target=t.target, quantity=t.quantity, relation=t.relation,
                target_value=float(t.value), unit=t.unit,
                lifetime_metric=t.lifetime_metric or None,
                l0_cd_m2=float(t.l0_cd_m2) if np.isfinite(t.l0_cd_m2) else None,
            )
            _numeric_column(sub, t.quantity)
            trusted = without_suspicious(sub, t.quantity)
            if t.quantity == "lifetime_h":
                cand = _prefer_stated(
                    normalised_lifetimes(trusted, t.l0_cd_m2, t.lifetime_metric, n)
                )
                value_col = "lifetime_at_l0_h"
            else:
                cand = trusted[trusted[t.quantity].notna()]
                value_col = t.quantity
            rec["n_records"] = int(len(cand))
            if cand.empty:
                rec.update(best_value=None, met=False, ratio_to_target=None)
            else:
                top = cand.loc[cand[value_col].idxmax()]
                bv = float(top[value_col])
                rec.update(
                    best_value=bv,
                    met=_met(bv, t.relation, float(t.value)),
                    ratio_to_target=bv / float(t.value),
                )
                if t.quantity == "lifetime_h":
                    rec.update(
                        measured_lifetime_h=float(top["lifetime_h"]),
                        measured_condition=str(top["lifetime_condition"]),
                        extrapolated=not bool(top["stated_at_l0"]),
                    )
                rec.update({c: _plain(top[c]) for c in PROVENANCE})
                rec["class"] = _plain(top["class"])
            out.append(rec)
    rows = pd.DataFrame(out)
    longest = longest_lifetimes(without_suspicious(data, "lifetime_h"), common_l0_cd_m2, n, by)
    return GapReport(n, by, tuple(exclude_classes), rows, float(common_l0_cd_m2), longest,
                     excluded)


def _plain(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v


def _group_order(key: tuple, by: tuple[str, ...]):
    return tuple(
        (schema.COLOR_RANK.get(v, 99), str(v)) if col == "color" else (0, str(v))
        for col, v in zip(by, key, strict=True)
    )
