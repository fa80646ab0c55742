"""Consistency checker of the literature dataset.

Every record is tested against physics that ties its columns together; a failed test is
a :class:`Finding` naming the file, CSV line, source row, the field and the size of the
discrepancy.  The checks (all vectorised over the frame):

``ce_eqe``
    Current efficiency vs EQE vs peak for a Lambertian emitter with a Gaussian line:
    ``CE = EQE x LER x <E_ph>/e / pi`` (see :func:`predicted_current_efficiency`).
    Finding if printed / predicted is outside ``[1/CE_TOLERANCE, CE_TOLERANCE]``.
``cie_peak``
    Printed CIE 1931 (x, y) vs the chromaticity of a Gaussian line of the printed peak
    and FWHM (colour-science through :mod:`peled.color`); finding if the CIE 1976 u'v'
    distance exceeds :data:`CIE_TOLERANCE_UV`.
``composition_color``
    Halide content of the printed composition vs the emission peak (windows in
    :data:`HALIDE_WINDOWS_NM`); e.g. Yang et al. (2023) Table 2 "CsPbI3" at 469 nm.
``ntsc_rec2020``
    Rec.2020 values computed as 0.74 x NTSC (Yang et al. (2023) Table 1 footnote a) vs the true
    area ratio area(NTSC 1953)/area(Rec.2020) = 0.7467 (colour-science primaries via
    :func:`peled.color.gamut.gamut_area_ratio`).
``rec2020_over_100``
    Rec.2020 values above 100 %: area ratios, not coverages.
``q2d_stoichiometry``
    Quasi-2D formulas against ``A'2 A(n-1) Bn X(3n+1)`` (Jang et al. (2025) sec. 4) with
    :func:`peled.materials.composition.parse_composition`.
``color_label``
    The ``color`` column against :func:`peled.literature.schema.color_from_peak`.

A finding is *explained* when the record's ``flags`` carry one of the codes of
:data:`EXPLAINING_FLAGS` for its check, or when it is listed in the reviewed
``expected_findings.csv`` (:func:`unexplained`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from peled.color import luminous_efficacy, xy_batch, xy_to_uv_prime
from peled.color.gamut import gamut_area_ratio
from peled.device.efficiency import current_efficiency_per_eqe_cd_a
from peled.errors import ParameterError
from peled.literature import schema
from peled.materials.composition import parse_composition
from peled.spectra import DEFAULT_GRID_NM, gaussian
from peled.spectra import mean_photon_energy_ev as _lines_mean_photon_energy_ev

__all__ = [
    "CE_TOLERANCE",
    "CHECKS",
    "CIE_TOLERANCE_UV",
    "ConsistencyReport",
    "DEFAULT_FWHM_NM",
    "EMISSIVE_DOPANTS",
    "EXPLAINING_FLAGS",
    "Finding",
    "HALIDE_WINDOWS_NM",
    "NTSC_TO_REC2020_AS_PRINTED",
    "PEROVSKITE_CLASSES",
    "check",
    "check_ce_eqe",
    "check_cie_peak",
    "check_color_label",
    "check_composition_color",
    "check_ntsc_rec2020",
    "check_q2d_stoichiometry",
    "check_rec2020_over_100",
    "consistency_report",
    "gaussian_xy",
    "halide_set",
    "is_explained_by_flags",
    "luminous_efficacy_gaussian",
    "mean_photon_energy_ev",
    "normalise_formula",
    "ntsc_to_rec2020_area_ratio",
    "predicted_current_efficiency",
    "unexplained",
]

#: FWHM (nm) assumed when a record gives none: perovskite emitters have FWHM < 20 nm
#: (Jang et al. (2025) sec. 1: "narrow full-width at half maximum (FWHM) of perovskite
#: emission spectra (< 20 nm)"; Yang et al. (2023) sec. 1: "narrow FWHM, <20 nm").
DEFAULT_FWHM_NM: float = 20.0

#: Allowed factor between printed and predicted current efficiency.  A Lambertian pattern
#: is an approximation (micro-cavity devices deviate by tens of %), CE_max and EQE_max are
#: often quoted at slightly different currents and line shapes are not exactly Gaussian;
#: a factor 2 is outside all of these and catches transcription or unit errors.
CE_TOLERANCE: float = 2.0

#: Allowed CIE 1976 u'v' distance between printed CIE and a Gaussian line of the printed
#: peak/FWHM.  Measured perovskite EL lines have low-energy tails and weak parasitic
#: emission; printed CIE of consistent devices (Yang et al. (2023) Table 2 refs 17, 46, 48, 66, 68)
#: lie 0.01-0.04 from the Gaussian model, so 0.05 (~ 12 MacAdam-ellipse radii) flags
#: only real contradictions.
CIE_TOLERANCE_UV: float = 0.05

#: Emission windows (nm) by the set of halides present.  Lead-halide perovskites emit at
#: ~ 410 nm (Cl), ~ 510-530 nm (Br), ~ 690-800 nm (I) in the weak-confinement limit and
#: are tuned continuously by halide mixing (Protesescu et al., Nano Lett. 15, 3692, 2015:
#: CsPbX3 NCs 410-700 nm; Yang et al. (2023) sec. 2: "X- anion is a tunable site ... for desired
#: colors", emission over 400-700 nm).  Quantum confinement (nanoplatelets, low-n phases)
#: blue-shifts by up to ~ 80 nm, so the windows are generous: a finding means the formula
#: cannot produce the printed colour, not a mild mismatch.
HALIDE_WINDOWS_NM: dict[frozenset, tuple[float, float]] = {
    frozenset({"Cl"}): (380.0, 440.0),
    frozenset({"Br"}): (430.0, 560.0),
    frozenset({"I"}): (550.0, 830.0),
    frozenset({"Br", "Cl"}): (390.0, 530.0),
    frozenset({"Br", "I"}): (490.0, 830.0),
}

#: Dopants with their own (d-d or f-f) emission: the halide window does not apply.
EMISSIVE_DOPANTS: tuple[str, ...] = ("Mn", "Yb", "Er", "Eu", "Sm", "Nd", "Ce", "Tb")

#: Area ratio factor printed by Yang et al. (2023) Table 1 footnote a ("Rec.2020 is calculated at
#: 0.74 NTSC").
NTSC_TO_REC2020_AS_PRINTED: float = 0.74

#: Flag codes (in the data's ``flags`` column) that explain a finding of each check.
EXPLAINING_FLAGS: dict[str, tuple[str, ...]] = {
    "ce_eqe": ("ce_eqe_inconsistent", "ce_outlier", "value_conflict_ce"),
    "cie_peak": ("cie_peak_inconsistent", "cie_outlier"),
    "composition_color": ("composition_color_mismatch", "composition_emission_mismatch"),
    "ntsc_rec2020": ("rec2020_is_0.74_ntsc", "rec2020_from_0.74_ntsc", "rec2020_0.74_ntsc"),
    "rec2020_over_100": ("rec2020_over_100", "rec2020_area_ratio"),
    "q2d_stoichiometry": ("stoich_3n+1_violation", "stoichiometry_violation"),
    "color_label": ("color_printed_differs", "color_from_text"),
}

CHECKS: tuple[str, ...] = tuple(EXPLAINING_FLAGS)

#: Classes made of metal-halide perovskite (composition/stoichiometry checks apply).
PEROVSKITE_CLASSES: tuple[str, ...] = ("PC", "Q2D", "PNC", "CC")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: where it is, what was printed, what physics expects, how far off."""

    check: str
    file: str
    line: int
    source: str
    table: str
    row: str
    ref: int | None
    material: str | None
    field: str
    observed: str
    expected: str
    discrepancy: float
    discrepancy_unit: str
    message: str

    def to_dict(self) -> dict:
        return asdict(self)


def _finding(rec: pd.Series, check: str, field: str, observed: str, expected: str,
             discrepancy: float, unit: str, message: str) -> Finding:
    ref = rec.get("ref")
    return Finding(
        check=check,
        file=str(rec["file"]),
        line=int(rec["line"]),
        source=str(rec["source"]),
        table=str(rec["table"]),
        row=str(rec["row"]),
        ref=None if ref is None or pd.isna(ref) else int(ref),
        material=None if pd.isna(rec["material"]) else str(rec["material"]),
        field=field,
        observed=observed,
        expected=expected,
        discrepancy=float(discrepancy),
        discrepancy_unit=unit,
        message=message,
    )


# --------------------------------------------------------------------------- photometry


def _gaussian_lines(peak_nm, fwhm_nm):
    """(grid, lines): Gaussian lines on the 360-830 nm grid, shape peak.shape + (M,)."""
    grid = np.asarray(DEFAULT_GRID_NM, dtype=float)
    peak, fwhm = np.broadcast_arrays(np.asarray(peak_nm, float), np.asarray(fwhm_nm, float))
    s = gaussian(peak.ravel(), fwhm.ravel(), grid)
    return grid, s.reshape(peak.shape + (grid.size,))


def luminous_efficacy_gaussian(peak_nm, fwhm_nm=DEFAULT_FWHM_NM) -> np.ndarray:
    """Luminous efficacy of radiation (lm/W) of Gaussian lines; broadcasts.

    ``LER = K_m int V S dl / int S dl`` (CIE 015:2018 sec. 7.1), V(lambda) from
    colour-science via :func:`peled.color.photopic_efficiency`, lines from
    :func:`peled.spectra.gaussian` on the 360-830 nm grid; identical to
    :func:`peled.color.luminous_efficacy_of_radiation` of
    ``peled.spectra.line_spectrum(peak_nm, fwhm_nm)`` (tested), but one matrix product
    for N records.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelengths, nm (> 0).
    fwhm_nm : array_like, optional
        FWHM, nm (> 0).

    Returns
    -------
    numpy.ndarray
        Luminous efficacy of radiation, lm/W.

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 7.1.

    Examples
    --------
    >>> luminous_efficacy_gaussian([555.0, 520.0], 20.0).round(1).tolist()
    [672.8, 472.8]
    """
    return luminous_efficacy(*_gaussian_lines(peak_nm, fwhm_nm)[::-1])


def mean_photon_energy_ev(peak_nm, fwhm_nm=DEFAULT_FWHM_NM) -> np.ndarray:
    """Mean photon energy (eV) of Gaussian lines (power spectra): ``hc int S / int S lambda``.

    :func:`peled.spectra.mean_photon_energy_ev` of the lines; broadcasts.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelengths, nm (> 0).
    fwhm_nm : array_like, optional
        FWHM, nm (> 0).

    Returns
    -------
    numpy.ndarray
        Mean photon energy, eV.

    Examples
    --------
    >>> mean_photon_energy_ev([620.0], 2.0).round(4).tolist()
    [1.9997]
    """
    return _lines_mean_photon_energy_ev(*_gaussian_lines(peak_nm, fwhm_nm)[::-1])


def predicted_current_efficiency(eqe_pct, peak_nm, fwhm_nm=DEFAULT_FWHM_NM) -> np.ndarray:
    """Current efficiency (cd/A) of a Lambertian LED with the given EQE and Gaussian line.

    ``CE = EQE x LER x <E_ph>/e / pi`` (Forrest, Bradley & Thompson, Adv. Mater. 15,
    1043, 2003; :func:`peled.device.efficiency.current_efficiency_per_eqe_cd_a`), with
    LER and <E_ph> of the Gaussian lines.

    Example: 100 % EQE at 555 nm (narrow line) gives 683 x 2.234 / pi = 486 cd/A.

    Parameters
    ----------
    eqe_pct : array_like
        External quantum efficiency, % (>= 0).
    peak_nm : array_like
        EL peak, nm (> 0).
    fwhm_nm : array_like, optional
        EL FWHM, nm (> 0); default 20 nm.

    Returns
    -------
    numpy.ndarray
        Current efficiency, cd/A.

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> predicted_current_efficiency([100.0], [555.0], 0.5).round(0).tolist()
    [486.0]
    """
    wl_grid, lines = _gaussian_lines(peak_nm, fwhm_nm)
    per_eqe = current_efficiency_per_eqe_cd_a(luminous_efficacy(lines, wl_grid),
                                              _lines_mean_photon_energy_ev(lines, wl_grid))
    return np.asarray(eqe_pct, float) / 100.0 * per_eqe


def gaussian_xy(peak_nm, fwhm_nm=DEFAULT_FWHM_NM) -> np.ndarray:
    """CIE 1931 xy of Gaussian lines -> (..., 2), via :func:`peled.color.xy_batch`.

    Parameters
    ----------
    peak_nm : array_like
        Peak wavelengths, nm (> 0).
    fwhm_nm : array_like, optional
        FWHM, nm (> 0); default 20 nm.

    Returns
    -------
    numpy.ndarray
        CIE 1931 (x, y), shape ``(..., 2)``.

    Examples
    --------
    >>> gaussian_xy(520.0).round(4).tolist()
    [0.0922, 0.8004]
    """
    grid, s = _gaussian_lines(peak_nm, fwhm_nm)
    return xy_batch(grid, s.reshape(-1, grid.size)).reshape(s.shape[:-1] + (2,))


def ntsc_to_rec2020_area_ratio() -> float:
    """area(NTSC 1953 primaries) / area(Rec.2020 primaries) in CIE 1931 xy = 0.7467.

    Primaries from colour-science (``NTSC (1953)``, ``ITU-R BT.2020``) through
    :func:`peled.color.gamut.gamut_area_ratio`.

    Returns
    -------
    float
        area(NTSC) / area(Rec.2020) in CIE 1931 xy.

    References
    ----------
    Yang et al., Mater. Horiz. (2023), Table 1 footnote a (uses 0.74).

    Examples
    --------
    >>> round(ntsc_to_rec2020_area_ratio(), 4)
    0.7467
    """
    return gamut_area_ratio("ntsc", "rec2020")


# --------------------------------------------------------------------------- checks


def _fwhm_or_default(df: pd.DataFrame) -> np.ndarray:
    f = df["fwhm_nm"].to_numpy(float)
    return np.where(np.isfinite(f) & (f > 0), f, DEFAULT_FWHM_NM)


def check_ce_eqe(df: pd.DataFrame, tolerance: float = CE_TOLERANCE) -> list[Finding]:
    """Printed CE vs :func:`predicted_current_efficiency` (EQE, peak, FWHM or 20 nm).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).
    tolerance : float, optional
        Factor by which printed and predicted CE may differ (> 1).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    Forrest, Bradley & Thompson, Adv. Mater. 15, 1043 (2003).

    Examples
    --------
    >>> from peled.literature import load
    >>> f = [x for x in check_ce_eqe(load(["yang2023_table2"])) if x.row == "11"][0]
    >>> f.field, f.observed, f.discrepancy_unit
    ('ce_cd_a', '1.2 cd/A', 'ratio printed/predicted')
    """
    sel = df[df["ce_cd_a"].notna() & df["eqe_pct"].notna() & df["peak_nm"].notna()]
    sel = sel[(sel["eqe_pct"] > 0) & (sel["ce_cd_a"] > 0) & (sel["peak_nm"] < 830)]
    if sel.empty:
        return []
    fwhm = _fwhm_or_default(sel)
    pred = predicted_current_efficiency(sel["eqe_pct"].to_numpy(float),
                                        sel["peak_nm"].to_numpy(float), fwhm)
    with np.errstate(divide="ignore"):
        ratio = sel["ce_cd_a"].to_numpy(float) / pred
    bad = (ratio > tolerance) | (ratio < 1.0 / tolerance)
    out = []
    for (_, rec), p, r, w in zip(sel[bad].iterrows(), pred[bad], ratio[bad], fwhm[bad],
                                 strict=True):
        out.append(_finding(
            rec, "ce_eqe", "ce_cd_a", f"{rec['ce_cd_a']:g} cd/A",
            f"{p:.3g} cd/A (Lambertian, EQE {rec['eqe_pct']:g} %, "
            f"{rec['peak_nm']:g} nm, FWHM {w:g} nm)",
            r, "ratio printed/predicted",
            f"current efficiency {rec['ce_cd_a']:g} cd/A is {r:.2f} x the {p:.3g} cd/A "
            f"implied by EQE {rec['eqe_pct']:g} % at {rec['peak_nm']:g} nm",
        ))
    return out


def check_cie_peak(df: pd.DataFrame, tolerance_uv: float = CIE_TOLERANCE_UV) -> list[Finding]:
    """Printed CIE (x, y) vs a Gaussian line of the printed peak and FWHM (u'v' distance).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).
    tolerance_uv : float, optional
        Largest accepted u'v' distance.

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    CIE 015:2018 "Colorimetry", sec. 8.

    Examples
    --------
    >>> from peled.literature import load
    >>> f = [x for x in check_cie_peak(load(["yang2023_table2"])) if x.row == "21"][0]
    >>> f.field, round(f.discrepancy, 3)
    ('cie_x,cie_y', 0.085)
    """
    sel = df[df["cie_x"].notna() & df["cie_y"].notna() & df["peak_nm"].notna()]
    sel = sel[(sel["peak_nm"] > 360) & (sel["peak_nm"] < 780)]
    if sel.empty:
        return []
    fwhm = _fwhm_or_default(sel)
    pred = gaussian_xy(sel["peak_nm"].to_numpy(float), fwhm)
    printed = sel[["cie_x", "cie_y"]].to_numpy(float)
    d_uv = np.linalg.norm(xy_to_uv_prime(printed) - xy_to_uv_prime(pred), axis=-1)
    bad = d_uv > tolerance_uv
    out = []
    for (_, rec), p, d, w in zip(sel[bad].iterrows(), pred[bad], d_uv[bad], fwhm[bad],
                                 strict=True):
        out.append(_finding(
            rec, "cie_peak", "cie_x,cie_y", f"({rec['cie_x']:g}, {rec['cie_y']:g})",
            f"({p[0]:.3f}, {p[1]:.3f}) for a Gaussian {rec['peak_nm']:g} nm / {w:g} nm line",
            d, "delta u'v'",
            f"CIE ({rec['cie_x']:g}, {rec['cie_y']:g}) is {d:.3f} in u'v' from a "
            f"{rec['peak_nm']:g} nm line ({p[0]:.3f}, {p[1]:.3f})",
        ))
    return out


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₊", "0123456789-+")
_OCR_IODINE = re.compile(r"(?:(?<=Pb)|(?<=Br)|(?<=Sn)|(?<=[0-9x)/,]))l(?![a-wyz])")


def normalise_formula(text: str) -> str:
    """Formula text without markup: whitespace, ``_{}``, ``<i>``, ``$``, unicode subscripts
    removed, and the OCR artefact lower-case ``l`` for iodine (``CsPbBrl2``, ``CsPbl3``,
    Zhao et al. (2025) Table 1) read as ``I`` where it follows Pb, Br, Sn, a digit, x, ``)``,
    ``/``.

    Parameters
    ----------
    text : str
        Formula as transcribed.

    Returns
    -------
    str
        The cleaned formula.

    Examples
    --------
    >>> normalise_formula("CsPbBrl ₂"), normalise_formula("Cs_{0.9}PbBr_{3}")
    ('CsPbBrI2', 'Cs0.9PbBr3')
    """
    s = re.sub(r"</?i>", "", str(text))
    s = s.translate(_SUBSCRIPTS)
    s = re.sub(r"[\s_{}$\\]", "", s)
    return _OCR_IODINE.sub("I", s)


def halide_set(material: str) -> frozenset[str] | None:
    """Halides (``Cl``, ``Br``, ``I``) in a composition; None if none can be identified.

    Uses :func:`peled.materials.composition.parse_composition` (X-site fractions > 1 %);
    formulas it cannot parse (``CsPbBrxCl3-x``, ``CsPb(Br/Cl)3``, core/shell or
    additive notation) fall back to a regular expression over element symbols.

    Parameters
    ----------
    material : str
        Composition as printed.

    Returns
    -------
    frozenset of str or None
        The halides, None when none is found.

    Examples
    --------
    >>> sorted(halide_set("CsPb(Br0.5Cl0.5)3")), halide_set("PbS")
    (['Br', 'Cl'], None)
    """
    s = normalise_formula(material)
    try:
        comp = parse_composition(s)
        found = {h for h, f in comp.fractions("X").items() if h in ("Cl", "Br", "I") and f > 0.01}
        return frozenset(found) or None
    except ParameterError:
        pass
    found = set()
    # an element symbol is not followed by a lower-case letter, except the variable x
    if re.search(r"Cl(?![a-wyz])", s):
        found.add("Cl")
    if re.search(r"Br(?![a-wyz])", s):
        found.add("Br")
    if re.search(r"I(?![a-wyz])", s):
        found.add("I")
    return frozenset(found) or None


def check_composition_color(df: pd.DataFrame) -> list[Finding]:
    """Emission peak outside the window of the composition's halides (:data:`HALIDE_WINDOWS_NM`).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    Yang et al., Mater. Horiz. (2023), sec. 4.2.

    Examples
    --------
    >>> from peled.literature import load
    >>> [(f.row, f.material) for f in check_composition_color(load(["yang2023_table2"]))]
    [('21', 'CsPbI3')]
    """
    sel = df[df["peak_nm"].notna() & df["material"].notna()]
    sel = sel[sel["class"].isin(PEROVSKITE_CLASSES).fillna(False)]
    out = []
    for _, rec in sel.iterrows():
        mat = str(rec["material"])
        if not re.search(r"Pb|Sn", normalise_formula(mat)):
            continue
        if any(re.search(rf"{d}(?![a-z])", mat) for d in EMISSIVE_DOPANTS):
            continue
        hal = halide_set(mat)
        if hal is None or hal not in HALIDE_WINDOWS_NM:
            continue
        lo, hi = HALIDE_WINDOWS_NM[hal]
        peak = float(rec["peak_nm"])
        if lo <= peak <= hi:
            continue
        delta = peak - lo if peak < lo else peak - hi
        names = "/".join(sorted(hal))
        out.append(_finding(
            rec, "composition_color", "material,peak_nm", f"{mat} at {peak:g} nm",
            f"{lo:g}-{hi:g} nm for {names} halides", delta, "nm outside window",
            f"{mat} ({names} halide) cannot emit at {peak:g} nm: {abs(delta):g} nm "
            f"{'below' if delta < 0 else 'above'} its {lo:g}-{hi:g} nm window",
        ))
    return out


def _footnoted_074(rec: pd.Series) -> bool:
    """Rec.2020 value marked with Yang et al. (2023) Table 1 footnote a ("calculated at 0.74
    NTSC")."""
    flags = schema.parse_flags(rec.get("flags"))
    if any(code in flags for code in EXPLAINING_FLAGS["ntsc_rec2020"]):
        return True
    raw = "" if pd.isna(rec["raw"]) else str(rec["raw"])
    return bool(re.search(r"~\s*\d+(?:\.\d+)?\s*(?:\^\{?a\}?|ᵃ)", raw))


def _rec2020_values(df: pd.DataFrame) -> pd.DataFrame:
    if "rec2020_pct" not in df.columns:
        return df.iloc[0:0]
    return df[pd.to_numeric(df["rec2020_pct"], errors="coerce").notna()]


def check_rec2020_over_100(df: pd.DataFrame) -> list[Finding]:
    """Rec.2020 values above 100 %: an area ratio, not a coverage (which is <= 100 %);
    Yang et al. (2023) Table 1.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    Yang et al., Mater. Horiz. (2023), Table 1.

    Examples
    --------
    >>> from peled.literature import load
    >>> [f.row for f in check_rec2020_over_100(load(["yang2023_table1"]))][:3]
    ['2', '6', '9']
    """
    out = []
    for _, rec in _rec2020_values(df).iterrows():
        r = float(rec["rec2020_pct"])
        if r > 100.0:
            out.append(_finding(
                rec, "rec2020_over_100", "rec2020_pct", f"{r:g} %", "<= 100 % for a coverage",
                r - 100.0, "percentage points above 100",
                f"Rec.2020 value {r:g} % exceeds 100 %: an area ratio, not a gamut coverage",
            ))
    return out


def check_ntsc_rec2020(df: pd.DataFrame) -> list[Finding]:
    """Rec.2020 area ratios computed with the factor 0.74 instead of 0.7467.

    For a value R printed as 0.74 x NTSC (Yang et al. (2023) Table 1 footnote a) the implied NTSC
    area ratio is R / 0.74 and the correct Rec.2020 area ratio is (R / 0.74) x 0.7467;
    the finding reports the difference in percentage points.  With ``ntsc_pct`` given,
    ``rec2020_pct`` is compared with ``ntsc_pct x 0.7467`` directly.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    Yang et al., Mater. Horiz. (2023), Table 1 footnote a.

    Examples
    --------
    >>> from peled.literature import load
    >>> found = check_ntsc_rec2020(load(["yang2023_table1"]))
    >>> len(found), round(max(f.discrepancy for f in found), 2)
    (9, -0.69)
    """
    sel = _rec2020_values(df)
    if sel.empty:
        return []
    true_ratio = ntsc_to_rec2020_area_ratio()
    out = []
    for _, rec in sel.iterrows():
        r = float(rec["rec2020_pct"])
        ntsc = rec.get("ntsc_pct")
        if ntsc is not None and not pd.isna(ntsc):
            correct = float(ntsc) * true_ratio
            basis = f"NTSC {float(ntsc):g} % x {true_ratio:.4f}"
        elif _footnoted_074(rec):
            correct = r / NTSC_TO_REC2020_AS_PRINTED * true_ratio
            basis = f"NTSC {r / NTSC_TO_REC2020_AS_PRINTED:.4g} % (= {r:g}/0.74) x {true_ratio:.4f}"
        else:
            correct = None
        if correct is not None and abs(correct - r) > 0.05:
            out.append(_finding(
                rec, "ntsc_rec2020", "rec2020_pct", f"{r:g} %", f"{correct:.2f} % ({basis})",
                r - correct, "percentage points",
                f"Rec.2020 area ratio {r:g} % uses the factor 0.74; the NTSC(1953)/Rec.2020 "
                f"area ratio is {true_ratio:.4f}, giving {correct:.2f} %",
            ))
    return out


def check_q2d_stoichiometry(df: pd.DataFrame) -> list[Finding]:
    """Quasi-2D formulas vs ``A'2 A(n-1) Bn X(3n+1)`` (Jang et al. (2025) sec. 4; Dion-Jacobson
    with a
    divalent spacer ``A'' A(n-1) Bn X(3n+1)``) using
    :func:`peled.materials.composition.parse_composition`; the discrepancy is the halide
    count minus 3n+1 (0 when only the spacer, A-site or fraction sums are off).

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    References
    ----------
    Jang et al., Adv. Mater. (2025), sec. 4.

    Examples
    --------
    >>> from peled.literature import load
    >>> len(check_q2d_stoichiometry(load(["jang2025_table3"])))
    3
    """
    sel = df[df["class"].eq("Q2D").fillna(False) & df["material"].notna()]
    out = []
    for _, rec in sel.iterrows():
        try:
            comp = parse_composition(normalise_formula(str(rec["material"])))
        except ParameterError:
            continue
        if comp.n is None or not comp.warnings:
            continue
        x = comp.sites["X"].count if comp.sites.get("X") else float("nan")
        a = comp.sites["A"].count if comp.sites.get("A") else 0.0
        n = comp.n
        out.append(_finding(
            rec, "q2d_stoichiometry", "material",
            f"n={n}, A={a:g}, X={x:g}", f"A={n - 1}, X={3 * n + 1} ({comp.structure})",
            x - (3 * n + 1), "halides per formula",
            f"{rec['material']}: " + "; ".join(comp.warnings),
        ))
    return out


#: Lower edge (nm) of each colour class as reported by ``color_label`` findings: the edges
#: of :data:`peled.literature.schema.COLOR_EDGES_NM`, 0 for blue and 700 nm for NIR.
_CLASS_EDGE_NM: dict[str, float] = dict(
    zip(schema.COLORS, (0.0, *schema.COLOR_EDGES_NM[1:], 700.0), strict=True)
)


def check_color_label(df: pd.DataFrame) -> list[Finding]:
    """``color`` differs from :func:`peled.literature.schema.color_from_peak` of ``peak_nm``.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    Examples
    --------
    >>> from peled.literature import load
    >>> len(check_color_label(load(["jang2025_table2"])))
    0
    """
    sel = df[df["peak_nm"].notna() & df["color"].notna()]
    if sel.empty:
        return []
    expected = schema.color_from_peak(sel["peak_nm"].to_numpy(float))
    bad = sel["color"].to_numpy(object) != expected
    out = []
    for (_, rec), e in zip(sel[bad].iterrows(), expected[bad], strict=True):
        out.append(_finding(
            rec, "color_label", "color", str(rec["color"]), str(e),
            float(rec["peak_nm"]) - _CLASS_EDGE_NM.get(str(e), 0.0), "nm above the class edge",
            f"colour {rec['color']!r} but {rec['peak_nm']:g} nm is {e!r} by the dataset rule",
        ))
    return out


_CHECK_FUNCS = {
    "ce_eqe": check_ce_eqe,
    "cie_peak": check_cie_peak,
    "composition_color": check_composition_color,
    "ntsc_rec2020": check_ntsc_rec2020,
    "rec2020_over_100": check_rec2020_over_100,
    "q2d_stoichiometry": check_q2d_stoichiometry,
    "color_label": check_color_label,
}


def check(df: pd.DataFrame, checks=CHECKS) -> list[Finding]:
    """Run the named checks (default all of :data:`CHECKS`) over every record.

    Parameters
    ----------
    df : pandas.DataFrame
        Literature records (:func:`peled.literature.load`).
    checks : sequence of str, optional
        Names of :data:`CHECKS` to run.

    Returns
    -------
    list of Finding
        One finding per inconsistent record (file, line, field, observed, expected,
        discrepancy and message).

    Examples
    --------
    >>> from peled.literature import load
    >>> found = check(load())
    >>> len(found), sorted({f.check for f in found})[:3]
    (21, ['ce_eqe', 'cie_peak', 'composition_color'])
    """
    unknown = [c for c in checks if c not in _CHECK_FUNCS]
    if unknown:
        raise ParameterError(f"unknown check(s) {unknown}; expected {', '.join(CHECKS)}")
    out: list[Finding] = []
    for name in checks:
        out.extend(_CHECK_FUNCS[name](df))
    return out


def is_explained_by_flags(finding: Finding, flags: str | None) -> bool:
    """True if the record's ``flags`` carry a code that explains ``finding``.

    Parameters
    ----------
    finding : Finding
        A checker finding.
    flags : str or None
        The record's ``flags`` cell.

    Returns
    -------
    bool
        True if a flag of :data:`EXPLAINING_FLAGS` for the finding's check is present.

    Examples
    --------
    >>> from peled.literature import load
    >>> df = load(["yang2023_table2"])
    >>> f = [x for x in check_composition_color(df) if x.row == "21"][0]
    >>> flags = df[df["row"] == "21"]["flags"].iloc[0]
    >>> is_explained_by_flags(f, flags), is_explained_by_flags(f, "")
    (True, False)
    """
    codes = schema.parse_flags(flags)
    return any(code in codes for code in EXPLAINING_FLAGS[finding.check])


def unexplained(
    findings: list[Finding], df: pd.DataFrame, expected: pd.DataFrame | None
) -> list[Finding]:
    """Findings neither explained by the record's ``flags`` nor listed in ``expected``
    (``expected_findings.csv``: check, file, row, field, explanation).

    Parameters
    ----------
    findings : list of Finding
        Output of :func:`check`.
    df : pandas.DataFrame
        The records the findings refer to.
    expected : pandas.DataFrame or None
        Reviewed findings (:func:`peled.literature.load_expected_findings`).

    Returns
    -------
    list of Finding
        Findings that still need an explanation.

    Examples
    --------
    Every finding on the shipped data is explained:

    >>> from peled.literature import load, load_expected_findings
    >>> df = load()
    >>> unexplained(check(df), df, load_expected_findings())
    []
    """
    listed = set() if expected is None else {
        (r.check, r.file, str(r.row), r.field) for r in expected.itertuples(index=False)}
    flags = {(str(f), int(line)): fl for f, line, fl in zip(df["file"], df["line"], df["flags"],
                                                           strict=True)}
    out = []
    for f in findings:
        if (f.check, f.file, f.row, f.field) in listed:
            continue
        if is_explained_by_flags(f, flags.get((f.file, f.line))):
            continue
        out.append(f)
    return out


@dataclass(frozen=True)
class ConsistencyReport:
    """All findings of :func:`check` and which of them are explained."""

    findings: tuple[Finding, ...]
    unexplained: tuple[Finding, ...]

    def rows(self) -> list[dict]:
        """One dict per finding (:meth:`Finding.to_dict`) with an ``explained`` flag."""
        open_keys = {id(f) for f in self.unexplained}
        return [{**f.to_dict(), "explained": id(f) not in open_keys} for f in self.findings]

    def as_dict(self) -> dict:
        """``{"count", "unexplained", "findings": rows()}``."""
        return {"count": len(self.findings), "unexplained": len(self.unexplained),
                "findings": self.rows()}


def consistency_report(df: pd.DataFrame, expected: pd.DataFrame | None = None,
                       checks=CHECKS) -> ConsistencyReport:
    """Run every check over ``df`` and mark the findings explained by flags or review.

    Parameters
    ----------
    df : pandas.DataFrame
        The literature frame (:func:`peled.literature.load`).
    expected : pandas.DataFrame, optional
        Reviewed findings (:func:`peled.literature.load_expected_findings`).
    checks : sequence
        The checks to run (default: all of :data:`CHECKS`).

    Returns
    -------
    ConsistencyReport

    References
    ----------
    See the module docstring for the physics of each check.

    Examples
    --------
    >>> from peled.literature import load, load_expected_findings
    >>> report = consistency_report(load(), load_expected_findings())
    >>> report.as_dict()["count"] >= report.as_dict()["unexplained"]
    True
    """
    findings = check(df, checks)
    return ConsistencyReport(tuple(findings), tuple(unexplained(findings, df, expected)))
