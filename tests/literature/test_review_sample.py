"""Independent review of the literature dataset (acceptance review).

1. Forty records, three from every device CSV and one commercial target, drawn with
   ``random.Random(20260606)`` (per file, in sorted file order, ``rng.sample(range(n), 3)``)
   and checked by hand, field by field, against the review texts in ``../shared/seeds``.
   The expected values below are the reviewer's own reading of the printed rows (the
   seed line is named with every record), not a copy of the CSV: every shared numeric
   column is asserted, and columns not listed must be empty.  Unit conversions follow
   literature_schema.md (min/60, s/3600, day x 24 -> h).  The review found no error in
   the 40 records.
2. Row counts of every source table, counted here on the review text (Jang et al. (2025) Tables 1-5
   and the Section 7 milestone paragraphs; seeds 002-004 are counted from the text in
   test_review_tables_data.py).
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from seedtexts import seed_path

from peled.literature.dataset import load, load_targets

S001 = "jang2025"

NUMERIC = ("ref", "year", "peak_nm", "fwhm_nm", "eqe_pct", "plqy_pct", "luminance_cd_m2",
           "radiance_w_sr_m2", "ce_cd_a", "cie_x", "cie_y", "lifetime_h", "ppi",
           "pixel_size_um")
TEXT = ("material", "class", "color", "lifetime_metric", "lifetime_condition")

# (file, row): (seed line where the row is printed, fragment of that line, expected fields)
SAMPLE: dict[tuple[str, str], tuple[int, str, dict]] = {
    # Jang et al. (2025) "Early PeLEDs reported in 2014 had a maximum EQE ... of only 0.1%.^[13]"
    ("headline_records.csv", "7"): (52, "of only 0.1%.^[13]",
                                    {"ref": 13, "year": 2014, "eqe_pct": 0.1}),
    # Yang et al. (2023) "In 2021, the EQE efficiency of CsSnI3 PeLEDs was only recorded as
    # 5.4%.218"
    ("headline_records.csv", "29"): (236, "was only recorded as 5.4%.²¹⁸",
                                     {"ref": 218, "year": 2021, "material": "CsSnI3",
                                      "eqe_pct": 5.4}),
    # Zhao et al. (2025) Ma et al. (ref 22): "record-high EQEs of 17.2%, 21.0%, and 6.6% ... R/G/B"
    ("headline_records.csv", "37"): (114, "EQEs of 17.2%, 21.0%, and 6.6%",
                                     {"ref": 22, "year": 2025, "class": "PNC",
                                      "color": "green", "eqe_pct": 21.0}),
    # Cao et al., Chem. Sci. (2025) Hu et al. (ref 52): "EQE of 18.8% in sky blue PeLEDs.52"
    ("cao2025_prose.csv", "11"): (132, "EQE of 18.8% in sky blue PeLEDs.52",
                                  {"ref": 52, "year": 2024, "class": "Q2D",
                                   "color": "sky-blue", "eqe_pct": 18.8}),
    # Cao et al., Chem. Sci. (2025) ref 49: "color-stable blue emission (477 nm) with 88% PLQY"
    ("cao2025_prose.csv", "16"): (138, "blue emission (477 nm) with 88% PLQY",
                                  {"ref": 49, "year": 2018, "class": "Q2D", "color": "blue",
                                   "peak_nm": 477, "plqy_pct": 88}),
    # Cao et al. (2025) Xiao et al. (ref 66): "(524 nm vs. 531 nm)" -- 531 nm is the control
    ("cao2025_prose.csv", "25"): (168, "compared to the control (524 nm vs. 531 nm)",
                                  {"ref": 66, "year": 2023, "class": "PNC",
                                   "color": "green", "peak_nm": 531}),
    # Jang et al. (2025) Section 7, PC Phase 1: "a high EQE of 8.53% was reported ...^[10]"
    ("jang2025_milestones.csv", "2"): (720, "a high EQE of 8.53% was reported",
                                      {"ref": 10, "year": 2015, "class": "PC",
                                       "eqe_pct": 8.53}),
    # Q2D Phase 0: "The first reported Q2D-PeLEDs using PEA as a spacer cation ...^[11]"
    ("jang2025_milestones.csv", "5"): (737, "using PEA as a spacer cation",
                                      {"ref": 11, "year": 2016, "class": "Q2D"}),
    # PNC Phase 3: "CMMs ... achieving an EQE of 26.1%. ...^[6]"
    ("jang2025_milestones.csv", "12b"): (755, "achieving an EQE of 26.1%",
                                        {"ref": 6, "year": 2024, "class": "PNC",
                                         "eqe_pct": 26.1}),
    # Table 1 (header: lifetime T50 @ 100 cd m-2)
    ("jang2025_table1.csv", "9"): (69, "540 nm\t–\t28.9%\t473 990 cd m ⁻²\t31 858 h\t[14]",
                                  {"ref": 14, "year": 2022, "material": "PeLED",
                                   "class": "PC", "color": "green", "peak_nm": 540,
                                   "eqe_pct": 28.9, "luminance_cd_m2": 473990,
                                   "lifetime_metric": "T50", "lifetime_h": 31858,
                                   "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table1.csv", "11"): (71, "531 nm\t22.1 nm\t29.5%\t147 872.8 cd m ⁻²\t50 317 h",
                                   {"ref": 21, "year": 2024, "material": "PeLED",
                                    "class": "Q2D", "color": "green", "peak_nm": 531,
                                    "fwhm_nm": 22.1, "eqe_pct": 29.5,
                                    "luminance_cd_m2": 147872.8, "lifetime_metric": "T50",
                                    "lifetime_h": 50317, "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table1.csv", "12"): (72, "470 nm\t–\t21.3%\t635 cd m ⁻²\t–\t[147]",
                                   {"ref": 147, "year": 2024, "material": "PeLED",
                                    "class": "PNC", "color": "blue", "peak_nm": 470,
                                    "eqe_pct": 21.3, "luminance_cd_m2": 635}),
    # Table 2 row 11 holds two devices of ref 80
    ("jang2025_table2.csv", "11a"): (162, "T _{50,Lum} ≈ 126 min @ 100 cd m ⁻²",
                                    {"ref": 80, "year": 2022, "material": "CsPbBr3",
                                     "class": "PC", "color": "blue", "peak_nm": 480,
                                     "fwhm_nm": 21, "eqe_pct": 17.9, "luminance_cd_m2": 2910,
                                     "lifetime_metric": "T50", "lifetime_h": 126 / 60,
                                     "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table2.csv", "11b"): (162, "T _{50,Lum} ≈ 18 min @ 100 cd m ⁻²",
                                    {"ref": 80, "year": 2022, "material": "CsPbBr3",
                                     "class": "PC", "color": "blue", "peak_nm": 465,
                                     "fwhm_nm": 23, "eqe_pct": 10.3, "luminance_cd_m2": 576,
                                     "lifetime_metric": "T50", "lifetime_h": 18 / 60,
                                     "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table2.csv", "13a"): (164, "478 nm (18 nm) 487 nm (18 nm)\t8136 cd m ⁻²",
                                    {"ref": 235, "year": 2023,
                                     "material": "FA0.2Cs1.2Rb0.1PbBrxCl3-x", "class": "PC",
                                     "color": "blue", "peak_nm": 478, "fwhm_nm": 18,
                                     "eqe_pct": 10.3, "luminance_cd_m2": 8136}),
    # Table 3
    ("jang2025_table3.csv", "7"): (305, "656 nm\t6483 cd m ⁻²\t20.7%\tT _{50,Lum} ≈ 71 min @ 10",
                                  {"ref": 110, "year": 2023, "material": "PEA2CsPb2I5",
                                   "class": "Q2D", "color": "red", "peak_nm": 656,
                                   "eqe_pct": 20.7, "luminance_cd_m2": 6483,
                                   "lifetime_metric": "T50", "lifetime_h": 71 / 60,
                                   "lifetime_condition": "10 mA/cm2"}),
    ("jang2025_table3.csv", "10"): (308, "524 nm (30 nm)\t39 393 cd m ⁻²\t30.8%",
                                   {"ref": 245, "year": 2023, "material": "PEA2FA2Pb3Br10",
                                    "class": "Q2D", "color": "green", "peak_nm": 524,
                                    "fwhm_nm": 30, "eqe_pct": 30.8, "luminance_cd_m2": 39393,
                                    "lifetime_metric": "T50", "lifetime_h": 100.6 / 60,
                                    "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table3.csv", "14"): (312, "530 nm (24 nm)\t288 798 cd m ⁻²\t25.9%",
                                   {"ref": 117, "year": 2023, "material": "PEA2FA2Pb3Br10",
                                    "class": "Q2D", "color": "green", "peak_nm": 530,
                                    "fwhm_nm": 24, "eqe_pct": 25.9, "luminance_cd_m2": 288798,
                                    "lifetime_metric": "T50", "lifetime_h": 91.1 / 60,
                                    "lifetime_condition": "100 cd/m2"}),
    # Table 4 (lifetime metric not printed)
    ("jang2025_table4.csv", "6"): (513, "95%\t490 nm (19 nm)\t14.6%\t12 min @ 134 cd m ⁻²",
                                  {"ref": 257, "year": 2022, "material": "CsPb(Br/Cl)3",
                                   "class": "PNC", "color": "sky-blue", "peak_nm": 490,
                                   "fwhm_nm": 19, "eqe_pct": 14.6, "plqy_pct": 95,
                                   "lifetime_h": 12 / 60, "lifetime_condition": "134 cd/m2"}),
    ("jang2025_table4.csv", "7"): (514, ">90%\t534 nm (22 nm)\t29.4%\t111.8 min @ 100",
                                  {"ref": 150, "year": 2024, "material": "FAPbBr3",
                                   "class": "PNC", "color": "green", "peak_nm": 534,
                                   "fwhm_nm": 22, "eqe_pct": 29.4, "plqy_pct": 90,
                                   "lifetime_h": 111.8 / 60,
                                   "lifetime_condition": "100 cd/m2"}),
    ("jang2025_table4.csv", "11"): (518, "99.8%\t687 nm\t17.1%\t40 min @ 100 cd m ⁻²",
                                   {"ref": 155, "year": 2021, "material": "CsPbI3",
                                    "class": "PNC", "color": "red", "peak_nm": 687,
                                    "eqe_pct": 17.1, "plqy_pct": 99.8, "lifetime_h": 40 / 60,
                                    "lifetime_condition": "100 cd/m2"}),
    # Table 5 (continued part: row 20 is CsTFA, so S-TBP is row 27)
    ("jang2025_table5.csv", "27"): (597, "S-TBP\tCs(Co/Pb)Br ₃\tGreen\t96%\t516 nm (16.7 nm)",
                                   {"ref": 256, "year": 2023, "material": "Cs(Co/Pb)Br3",
                                    "class": "PNC", "color": "green", "peak_nm": 516,
                                    "fwhm_nm": 16.7, "eqe_pct": 21.8, "plqy_pct": 96,
                                    "luminance_cd_m2": 60000, "lifetime_h": 300 / 3600,
                                    "lifetime_condition": "40 mA/cm2"}),
    ("jang2025_table5.csv", "30"): (600, "TSPO1\tCsPbBr ₃\tGreen\t85±3%\t516 nm (20 nm)",
                                   {"ref": 179, "year": 2020, "material": "CsPbBr3",
                                    "class": "PNC", "color": "green", "peak_nm": 516,
                                    "fwhm_nm": 20, "eqe_pct": 18.7, "plqy_pct": 85,
                                    "luminance_cd_m2": 21000, "lifetime_h": 0.5,
                                    "lifetime_condition": "1000 cd/m2"}),
    ("jang2025_table5.csv", "37"): (607, "10 908 cd m ⁻²\t26.1%\t5 h @ 100 cd m ⁻²\t[6]",
                                   {"ref": 6, "year": 2024, "material": "(FA0.9CA0.1)PbBr3",
                                    "class": "PNC", "color": "green", "peak_nm": 531,
                                    "fwhm_nm": 20, "eqe_pct": 26.1, "plqy_pct": 100,
                                    "luminance_cd_m2": 10908, "lifetime_h": 5,
                                    "lifetime_condition": "100 cd/m2"}),
    # Jiang et al., Nanoscale (2024) Table 1: species and E_a paired by position
    ("jiang2024_table1.csv", "9a"): (254, "V _i V _{MA} V _{Pb}\tDFT\t0.08 0.46 0.8\t93",
                                   {"ref": 93, "year": 2015, "material": "MAPbI3",
                                    "class": "other", "species": "V_i", "ea_ev": 0.08}),
    ("jiang2024_table1.csv", "9b"): (254, "V _i V _{MA} V _{Pb}\tDFT\t0.08 0.46 0.8\t93",
                                   {"ref": 93, "year": 2015, "material": "MAPbI3",
                                    "class": "other", "species": "V_MA", "ea_ev": 0.46}),
    ("jiang2024_table1.csv", "13a"): (258, "FAPbI ₃\tV _I V _{MA}\tDFT\t0.55 0.61\t97",
                                    {"ref": 97, "year": 2017, "material": "FAPbI3",
                                     "class": "other", "species": "V_I", "ea_ev": 0.55}),
    # Jiang et al., Nanoscale (2024) Table 2: PLQY a/b (before/after), EQE c/d (before/after)
    ("jiang2024_table2.csv", "6"): (396, "Post-treatment\t34/74.1\t0.6/2.04\t156",
                                  {"ref": 156, "year": 2019, "material": "CsPbBr3",
                                   "class": "PNC", "plqy_pct": 74.1, "eqe_pct": 2.04,
                                   "plqy_before_pct": 34, "plqy_after_pct": 74.1,
                                   "eqe_before_pct": 0.6, "eqe_after_pct": 2.04}),
    ("jiang2024_table2.csv", "9"): (399, "Thiols\tPost-treatment\t52/93\t—/—\t171",
                                  {"ref": 171, "year": 2017, "material": "CsPbI3",
                                   "class": "PNC", "plqy_pct": 93, "plqy_before_pct": 52,
                                   "plqy_after_pct": 93}),
    ("jiang2024_table2.csv", "20"): (414, "80 ± 5/95 ± 2\t2.26/5.02\t196",
                                   {"ref": 196, "year": 2019, "material": "CsPbI3",
                                    "class": "PNC", "plqy_pct": 95, "eqe_pct": 5.02,
                                    "plqy_before_pct": 80, "plqy_after_pct": 95,
                                    "eqe_before_pct": 2.26, "eqe_after_pct": 5.02}),
    # Yang et al., Mater. Horiz. (2023) Table 1 (colour-conversion films)
    ("yang2023_table1.csv", "5"): (245, "641/32\t34.2\t90.3\t3897.9\t—",
                                  {"ref": 188, "year": 2017, "material": "EC-CsPb(BrI)3",
                                   "class": "CC", "color": "red", "peak_nm": 641,
                                   "fwhm_nm": 32, "plqy_pct": 34.2, "cri": 90.3,
                                   "cct_k": 3897.9}),
    ("yang2023_table1.csv", "6"): (246, "511/20.4\t61\t—\t—\t100.4\t85%PL (7 day",
                                  {"ref": 23, "year": 2018, "material": "CsPbCl0.5Br2.5",
                                   "class": "CC", "color": "green", "peak_nm": 511,
                                   "fwhm_nm": 20.4, "plqy_pct": 61, "rec2020_pct": 100.4}),
    ("yang2023_table1.csv", "19"): (260, "Microfluidic method\t517/17.3\t90\t—\t—\t~98 ^a",
                                   {"ref": 204, "year": 2021, "material": "CsPbBr3",
                                    "class": "CC", "color": "green", "peak_nm": 517,
                                    "fwhm_nm": 17.3, "plqy_pct": 90, "rec2020_pct": 98}),
    # Yang et al., Mater. Horiz. (2023) Table 2 (EL devices)
    ("yang2023_table2.csv", "1"): (283, "512/20\t6.27\t15 185\t13.3\t—\t—\t2017\t12",
                                  {"ref": 12, "year": 2017, "material": "CsPbBr3",
                                   "class": "PNC", "color": "green", "peak_nm": 512,
                                   "fwhm_nm": 20, "eqe_pct": 6.27, "luminance_cd_m2": 15185,
                                   "ce_cd_a": 13.3}),
    ("yang2023_table2.csv", "5"): (287, "520/18\t8.2\t980\t25.7\t—\t—\t2019\t82",
                                  {"ref": 82, "year": 2019, "material": "CsPbBr3",
                                   "class": "PNC", "color": "green", "peak_nm": 520,
                                   "fwhm_nm": 18, "eqe_pct": 8.2, "luminance_cd_m2": 980,
                                   "ce_cd_a": 25.7}),
    # printed year 2020; ref 17 of the reference list is 2021 (flagged year_table_differs)
    ("yang2023_table2.csv", "6"): (288, "21.63\t4064\t81.4\t(0.17, 0.74)\tT_{50} (180.1 h",
                                  {"ref": 17, "year": 2021, "material": "CsPbBr3",
                                   "class": "PNC", "color": "green", "peak_nm": 520,
                                   "fwhm_nm": 18, "eqe_pct": 21.63, "luminance_cd_m2": 4064,
                                   "ce_cd_a": 81.4, "cie_x": 0.17, "cie_y": 0.74,
                                   "lifetime_metric": "T50", "lifetime_h": 180.1,
                                   "lifetime_condition": "100 cd/m2"}),
    # Zhao et al. (2025) Table 1: material, EL peak, method, luminance, CE, EQE, resolution, ref
    ("zhao2025_table1.csv", "10"): (208, "513\tTransfer printing\t4159.3\t50.5\t14.8\t1696.3",
                                   {"ref": 21, "year": 2022, "material": "CsPbBr3",
                                    "class": "PNC", "color": "green", "peak_nm": 513,
                                    "luminance_cd_m2": 4159.3, "ce_cd_a": 50.5,
                                    "eqe_pct": 14.8, "ppi": 1696.3}),
    ("zhao2025_table1.csv", "26"): (224, "455\tDirect Photopatterning\t\t\t\t1 μm*\tRef. 69",
                                   {"ref": 69, "year": 2025, "material": "CsPbBrxCl3-x",
                                    "class": "PNC", "color": "blue", "peak_nm": 455,
                                    "pixel_size_um": 1}),
    ("zhao2025_table1.csv", "27"): (225, "635\tLaser patterning\t8777\t-\t17.4\t2000\tRef. 22",
                                   {"ref": 22, "year": 2025, "material": "CsPbBrI2",
                                    "class": "PNC", "color": "red", "peak_nm": 635,
                                    "luminance_cd_m2": 8777, "eqe_pct": 17.4, "ppi": 2000}),
}


def _lines(source: str) -> list[str]:
    path = seed_path(source)
    if not path.exists():
        pytest.skip("review texts not available")
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def data():
    return load()


def test_sample_spans_every_shipped_file(data):
    files = {f for f, _ in SAMPLE}
    assert files == set(data["file"])
    assert len(SAMPLE) == 39  # + 1 commercial target below = 40
    assert all(sum(f == g for g, _ in SAMPLE) == 3 for f in files)


@pytest.mark.parametrize("key", sorted(SAMPLE), ids=lambda k: f"{k[0]}:{k[1]}")
def test_hand_verified_record(key, data):
    fname, row = key
    line_no, fragment, expected = SAMPLE[key]
    rec = data[(data["file"] == fname) & (data["row"] == row)]
    assert len(rec) == 1, key
    rec = rec.iloc[0]
    # a table file is named after the citation key of its review; headlines mix reviews
    source = rec["source"] if fname.startswith("headline") else fname.split("_")[0]
    assert rec["source"] == source
    assert fragment in _lines(source)[line_no - 1], f"{key}: not printed on line {line_no}"
    for col in NUMERIC + TEXT + tuple(k for k in expected if k not in NUMERIC + TEXT):
        got, want = rec[col], expected.get(col)
        if want is None:
            assert pd.isna(got), f"{key} {col}: expected empty, got {got!r}"
        elif isinstance(want, str):
            assert got == want, f"{key} {col}"
        else:
            assert not pd.isna(got) and math.isclose(float(got), want, rel_tol=1e-5), \
                f"{key} {col}: {got!r} != {want!r}"


def test_hand_verified_commercial_target():
    t = load_targets().set_index("target").loc["t50_mobile"]
    line = _lines(S001)[79 - 1]
    assert "a T_{50} of at least 10^6 h at $L_0 = 100$ cd m² is required" in line
    assert (t["quantity"], t["relation"], t["value"], t["lifetime_metric"], t["l0_cd_m2"],
            t["source"], t["line"]) == ("lifetime_h", ">=", 1e6, "T50", 100.0, S001, 79)


# ------------------------------------------------------------- row counts from the review text


def _block(lines: list[str], header_start: str, occurrence: int = 0) -> list[str]:
    idx = [i for i, ln in enumerate(lines) if ln.startswith(header_start)][occurrence]
    out = []
    for ln in lines[idx + 1:]:
        if not ln.strip():
            break
        out.append(ln)
    return out


def test_jang_2025_row_counts_counted_on_the_text(data):
    lines = _lines(S001)
    counted = {
        "jang2025_table1.csv": len(_block(lines, "Type\tEL Peak\tFWHM")),
        "jang2025_table2.csv": len(_block(lines, "Color\tPerovskite Composition\tEL Peak")),
        "jang2025_table3.csv": len(_block(lines, "Color\tPerovskite composition\tEL peak")),
        "jang2025_table4.csv": len(_block(lines, "Cation type\tCation\t")),
        # Table 5 is printed in two parts, "Table 5. (Continued)" repeats the header
        "jang2025_table5.csv": sum(len(_block(lines, "Surface Management Type", k))
                                  for k in (0, 1)),
        # Section 7: one "(Phase N)" paragraph per class (PC, Q2D, PNC) and phase 0-3
        "jang2025_milestones.csv": sum(bool(re.match(r"\(Phase [0-3]\) ", ln))
                                      for ln in lines),
    }
    assert counted == {"jang2025_table1.csv": 13, "jang2025_table2.csv": 20,
                       "jang2025_table3.csv": 26, "jang2025_table4.csv": 15,
                       "jang2025_table5.csv": 38, "jang2025_milestones.csv": 12}
    for fname, n in counted.items():
        rows = data.loc[data["file"] == fname, "row"].str.extract(r"^(\d+)")[0].astype(int)
        assert sorted(set(rows)) == list(range(1, n + 1)), fname
