"""Consistency checker: photometry against colour-science and analytic values, seed cases,
and the reviewed list of findings on the shipped data."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from scipy import constants

from peled.color import luminous_efficacy_of_radiation, xy
from peled.literature import check as chk
from peled.literature import schema
from peled.literature.dataset import available_tables, load, load_expected_findings
from peled.spectra import line_spectrum

S3 = "yang2023"

# Yang et al., Mater. Horiz. (2023) Table 2 rows (yang2023.txt lines 283-304), values as printed.
SEED003_T2 = [
    # row, ref, material, peak, fwhm, eqe, ce, cie
    ("1", 12, "CsPbBr3", 512, 20, 6.27, 13.3, None),
    ("3", 46, "CsPbBr3/MABr quasi-core/shell structure", 525, 20, 20.3, 78, (0.18, 0.75)),
    ("4", 48, "CsxFA1-xPbBr3", 483, 26, 9.5, 12, (0.094, 0.184)),
    ("6", 17, "CsPbBr3", 520, 18, 21.63, 81.4, (0.17, 0.74)),
    ("10", 151, "A-CsPbBr3@SiO2", 515, 20, 0.12, 5.3, None),
    ("13", 27, "CsPbI3", 650, 32, 7.3, 10.3, (0.71, 0.29)),
    ("15", 66, "CsPbBr3", 517, 18, 8.54, 7.7, (0.09, 0.74)),
    ("16", 68, "CsPbBr3", 460, 17, 2.01, 1.13, (0.138, 0.046)),
    ("21", 213, "CsPbI3", 469, 27, 5.0, None, (0.13, 0.11)),
]


def yang_2023_fixture(tmp_path: Path) -> Path:
    with (tmp_path / "yang2023_table2.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(schema.COLUMNS)
        for row, ref, mat, peak, fwhm, eqe, ce, cie in SEED003_T2:
            rec = {"source": S3, "table": "2", "row": row, "ref": ref, "year": 2022,
                   "material": mat, "class": "PNC", "color": schema.color_from_peak(peak),
                   "peak_nm": peak, "fwhm_nm": fwhm, "eqe_pct": eqe,
                   "ce_cd_a": "" if ce is None else ce,
                   "cie_x": "" if cie is None else cie[0], "cie_y": "" if cie is None else cie[1],
                   "raw": f"{mat} | {peak}/{fwhm}"}
            w.writerow([rec.get(c, "") for c in schema.COLUMNS])
    return tmp_path


# --------------------------------------------------------------------------- photometry


def test_current_efficiency_of_monochromatic_555nm_lambertian():
    # CE = EQE K_m (hc/lambda e) / pi; 683 lm/W x 2.2339 V / pi = 485.7 cd/A at 100 %.
    e_ph_v = constants.h * constants.c / (555e-9 * constants.e)
    analytic = 683.0 * 1.0 * e_ph_v / np.pi  # V(555) = 1.0000 (CIE 1924)
    got = chk.predicted_current_efficiency(100.0, 555.0, 0.5)
    assert got == pytest.approx(analytic, rel=2e-4)


def test_luminous_efficacy_and_xy_match_colour_science_single_spectrum():
    peaks = np.array([460.0, 517.0, 650.0])
    fwhms = np.array([17.0, 18.0, 32.0])
    ler = chk.luminous_efficacy_gaussian(peaks, fwhms)
    cie = chk.gaussian_xy(peaks, fwhms)
    for i, (p, w) in enumerate(zip(peaks, fwhms, strict=True)):
        s = line_spectrum(p, w)
        assert ler[i] == pytest.approx(luminous_efficacy_of_radiation(s), rel=1e-12)
        np.testing.assert_allclose(cie[i], xy(s), atol=1e-12)


def test_mean_photon_energy_of_narrow_line():
    assert chk.mean_photon_energy_ev(620.0, 0.2) == pytest.approx(
        constants.h * constants.c / (620e-9 * constants.e), rel=1e-5)


def test_ntsc_rec2020_area_ratio_is_0_7467_not_0_74():
    # Shoelace areas of the primaries (FCC 1953; ITU-R BT.2020).
    def area(p):
        (x1, y1), (x2, y2), (x3, y3) = p
        return abs(x1 * (y2 - y3) + x2 * (y3 - y1) + x3 * (y1 - y2)) / 2

    ntsc = [(0.67, 0.33), (0.21, 0.71), (0.14, 0.08)]
    rec2020 = [(0.708, 0.292), (0.170, 0.797), (0.131, 0.046)]
    assert chk.ntsc_to_rec2020_area_ratio() == pytest.approx(area(ntsc) / area(rec2020), rel=1e-9)
    assert chk.ntsc_to_rec2020_area_ratio() == pytest.approx(0.7467, abs=5e-5)


# --------------------------------------------------------------------------- seed cases


def test_checker_finds_yang2023_table2_ce_outliers_and_cspbi3_at_469(tmp_path):
    df = load(directory=yang_2023_fixture(tmp_path))
    findings = chk.check(df)
    ce = {f.ref: f for f in findings if f.check == "ce_eqe"}
    assert set(ce) == {151, 66, 27}
    # 151: 5.3 cd/A printed for EQE 0.12 % at 515 nm -> ~0.38 cd/A expected (x14)
    assert ce[151].discrepancy == pytest.approx(14.0, rel=0.05)
    assert ce[66].discrepancy == pytest.approx(0.27, rel=0.05)  # 7.7 vs ~28.5 cd/A
    assert ce[27].discrepancy == pytest.approx(2.7, rel=0.05)
    assert (ce[151].file, ce[151].line, ce[151].row) == ("yang2023_table2.csv", 6, "10")
    comp = [f for f in findings if f.check == "composition_color"]
    assert [(f.ref, f.row) for f in comp] == [(213, "21")]
    assert comp[0].discrepancy == pytest.approx(469 - 550)  # below the iodide window
    cie = [f for f in findings if f.check == "cie_peak"]
    assert [f.ref for f in cie] == [213]  # (0.13, 0.11) is greener than a 469-nm line


def test_checker_tolerances_are_parameters(tmp_path):
    df = load(directory=yang_2023_fixture(tmp_path))
    # with a factor-1.2 tolerance the consistent-looking refs 48 and 68 are flagged too
    refs = {f.ref for f in chk.check_ce_eqe(df, tolerance=1.2)}
    assert {48, 68, 151, 66, 27} <= refs


def test_halide_set_reads_formulas_and_ocr_artefacts():
    assert chk.halide_set("CsPbI3") == {"I"}
    assert chk.halide_set("CsPbBrl ₂") == {"Br", "I"}  # Zhao et al. (2025) Table 1 OCR 'l'
    assert chk.halide_set("CsPbl ₃") == {"I"}
    assert chk.halide_set("CsFA0.15PbBrxCl3-x") == {"Br", "Cl"}
    assert chk.halide_set("CsPb(Br/Cl)3") == {"Br", "Cl"}
    assert chk.halide_set("CsPbBr3@glass@PDMS") == {"Br"}
    assert chk.halide_set("PeLED") is None


def test_q2d_stoichiometry_uses_3n_plus_1(tmp_path):
    p = tmp_path / "q.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(schema.COLUMNS)
        for row, mat in [("1", "PEA2Cs4Pb5Br16"), ("2", "PEA2CsPb2I5"),
                         ("3", "PDA2Cs2Pb3(Br0.77Cl0.37)10")]:
            rec = {"source": "jang2025", "table": "3", "row": row, "material": mat,
                   "class": "Q2D", "raw": mat}
            w.writerow([rec.get(c, "") for c in schema.COLUMNS])
    found = {f.row: f for f in chk.check_q2d_stoichiometry(load(directory=tmp_path))}
    assert set(found) == {"2", "3"}
    assert found["2"].discrepancy == -2.0  # X5 printed, 3n+1 = 7 for n = 2
    assert found["3"].discrepancy == pytest.approx(1.4)  # 10 x 1.14 = 11.4 halides
    assert "1.14" in found["3"].message


def test_unknown_check_is_an_error():
    from peled.errors import ParameterError

    with pytest.raises(ParameterError, match="unknown check"):
        chk.check(load(), checks=("ce_eqe", "magic"))


# --------------------------------------------------------------------------- shipped data


def test_every_finding_on_shipped_data_is_reviewed_or_flagged():
    df = load()
    findings = chk.check(df)
    expected = load_expected_findings()
    open_ = chk.unexplained(findings, df, expected)
    assert not open_, "unreviewed checker findings:\n" + "\n".join(
        f"{f.check},{f.file},{f.row},{f.field}: {f.message}" for f in open_)


def test_expected_findings_are_still_raised():
    """A reviewed entry that the checker no longer raises is stale (data fixed / renamed)."""
    df = load()
    raised = {(f.check, f.file, f.row, f.field) for f in chk.check(df)}
    present = set(df["file"])
    stale = [
        r for r in load_expected_findings().itertuples(index=False)
        if r.file in present and (r.check, r.file, str(r.row), r.field) not in raised
    ]
    assert not stale, f"stale expected findings: {stale}"


def test_seed_inconsistencies_are_found_in_shipped_data():
    df = load()
    findings = chk.check(df)
    q2d = {(f.file, f.row) for f in findings if f.check == "q2d_stoichiometry"}
    # Jang et al. (2025) Table 3 rows 7 (PEA2CsPb2I5), 20 (fractions 1.14), 26
    # (PEA2(Cs0.7EA0.3)Pb2Br5)
    assert {("jang2025_table3.csv", "7"), ("jang2025_table3.csv", "20"),
            ("jang2025_table3.csv", "26")} <= q2d
    if "yang2023_table2" not in available_tables():
        pytest.skip("yang2023_table2.csv not shipped yet")
    t2 = [f for f in findings if f.file == "yang2023_table2.csv"]
    assert {151, 66, 27} <= {f.ref for f in t2 if f.check == "ce_eqe"}
    assert 213 in {f.ref for f in t2 if f.check == "composition_color"}


def test_rec2020_at_0_74_ntsc_and_over_100(tmp_path):
    # Yang et al. (2023) Table 1 rows 1 and 2 ("~76 ^a", "~108 ^a"; footnote a: "Rec.2020 is
    # calculated at 0.74 NTSC") and row 6 (100.4, no footnote)
    header = list(schema.COLUMNS) + ["rec2020_pct"]
    rows = [("1", "Mesoporous-CsPbBr3/SDDA | ~76 ^a", "76"),
            ("2", "CsPb(Br0.75,Cl0.25)3 | ~108 ^a", "108"),
            ("6", "CsPbCl0.5Br2.5 | 100.4", "100.4")]
    with (tmp_path / "t1.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for row, raw, r in rows:
            rec = {"source": S3, "table": "1", "row": row, "class": "CC", "raw": raw,
                   "rec2020_pct": r}
            w.writerow([rec.get(c, "") for c in header])
    df = load(directory=tmp_path)
    ratio = chk.ntsc_to_rec2020_area_ratio()
    factor = {f.row: f for f in chk.check_ntsc_rec2020(df)}
    assert set(factor) == {"1", "2"}
    assert factor["1"].discrepancy == pytest.approx(76 - 76 / 0.74 * ratio)  # -0.69 points
    assert factor["2"].discrepancy == pytest.approx(108 - 108 / 0.74 * ratio)
    over = {f.row: f.discrepancy for f in chk.check_rec2020_over_100(df)}
    assert over == pytest.approx({"2": 8.0, "6": 0.4})
