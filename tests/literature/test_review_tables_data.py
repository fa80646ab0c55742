"""The transcribed literature data of seeds 000, 002, 003, 004 and the headline records.

Checked against the review texts only (pandas/csv + the text files; no peled code):

* row counts equal the source tables, counted again from the table blocks of the texts;
* every ``raw`` cell (split on `` | ``) occurs verbatim in the review text;
* ``source`` is the seed file stem; every numeric column parses and lies in a physical range;
* ``year`` equals the year of the reference in the review's own reference list;
* the colour classes follow the peak-wavelength rule of the schema;
* 12 hand-picked records, field by field, with the expected values read from the texts.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from seedtexts import SEEDS, seed_path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "peled" / "literature" / "data"

S000 = "cao2025"
S001 = "jang2025"
S002 = "jiang2024"
S003 = "yang2023"
S004 = "zhao2025"

#: file -> (seed, number of source rows as printed)
TABLES = {
    "jiang2024_table1.csv": (S002, 15),
    "jiang2024_table2.csv": (S002, 25),
    "yang2023_table1.csv": (S003, 25),
    "yang2023_table2.csv": (S003, 22),
    "zhao2025_table1.csv": (S004, 35),
}
PROSE_FILES = ("cao2025_prose.csv", "headline_records.csv")
ALL_FILES = tuple(TABLES) + PROSE_FILES

SHARED = [
    "source",
    "table",
    "row",
    "ref",
    "year",
    "material",
    "class",
    "color",
    "peak_nm",
    "fwhm_nm",
    "eqe_pct",
    "plqy_pct",
    "luminance_cd_m2",
    "radiance_w_sr_m2",
    "ce_cd_a",
    "cie_x",
    "cie_y",
    "lifetime_metric",
    "lifetime_h",
    "lifetime_condition",
    "ppi",
    "pixel_size_um",
    "method",
    "strategy",
    "qualifiers",
    "raw",
    "flags",
]

#: Physical ranges of every numeric column used in these files.
RANGES = {
    "ref": (1, 300),
    "year": (1990, 2026),
    "peak_nm": (380, 1000),
    "fwhm_nm": (5, 150),
    "eqe_pct": (0, 45),
    "plqy_pct": (0, 100),
    "luminance_cd_m2": (0, 1e6),
    "radiance_w_sr_m2": (0, 1e4),
    "ce_cd_a": (0, 200),
    "cie_x": (0, 0.8),
    "cie_y": (0, 0.9),
    "lifetime_h": (0, 1e6),
    "ppi": (10, 20000),
    "pixel_size_um": (0.1, 1000),
    # Jiang et al., Nanoscale (2024) Table 1
    "ea_ev": (0, 3),
    "ea_err_ev": (0, 0.5),
    "ea_min_ev": (0, 3),
    "ea_max_ev": (0, 3),
    "ea_alt_ev": (0, 3),
    # Jiang et al., Nanoscale (2024) Table 2
    "plqy_before_pct": (0, 100),
    "plqy_after_pct": (0, 100),
    "eqe_before_pct": (0, 45),
    "eqe_after_pct": (0, 45),
    # Yang et al. (2023) Table 1 ("Rec.2020" = 0.74 x NTSC area ratio, may exceed 100 %)
    "ntsc_pct": (50, 200),
    "rec2020_pct": (50, 150),
    "cct_k": (1500, 20000),
    "cct_min_k": (1500, 20000),
    "cct_max_k": (1500, 20000),
    "cri": (0, 100),
    "cri_min": (0, 100),
    "cri_max": (0, 100),
    "le_lm_w": (0, 300),
    "stability_retained_pct": (0, 100),
    "stability_duration_h": (0, 1e4),
    "year_printed": (1990, 2026),
    # Cao et al., Chem. Sci. (2025) prose
    "grain_size_nm": (1, 1000),
    "trap_density_cm3": (1e14, 1e20),
    "active_area_cm2": (0, 100),
    "improvement_factor": (1, 100),
}
CLASSES = {"PC", "Q2D", "PNC", "QD-LED", "OLED", "micro-LED", "CC", "other"}
COLORS = {"blue", "sky-blue", "green", "yellow", "red", "NIR", "white"}


def need_seeds():
    if not SEEDS.is_dir():
        pytest.skip("review texts not available")


@cache
def seed_text(stem: str) -> str:
    return seed_path(stem).read_text(encoding="utf-8")


@cache
def frame(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


# ------------------------------------------------------------------ independent row counts


def _table_block(stem: str, first: str, occurrence: int = 0) -> list[str]:
    """Lines after the (occurrence-th) header line starting with ``first`` up to the first
    blank line."""
    lines = seed_text(stem).split("\n")
    i = [k for k, ln in enumerate(lines) if ln.startswith(first)][occurrence]
    out = []
    for ln in lines[i + 1 :]:
        if not ln.strip():
            break
        out.append(ln)
    return out


def source_row_counts() -> dict[str, int]:
    """Row counts read off the review texts (not from the CSVs)."""
    t21 = _table_block(S002, "Material type\tMobile species")
    # Table 2 is printed in two parts ("Table 2 (Contd.)" repeats the header)
    t22 = _table_block(S002, "Perovskite\tLigands\tStructure", 0) + _table_block(
        S002, "Perovskite\tLigands\tStructure", 1
    )
    t31 = [
        ln
        for ln in _table_block(S003, "Material\tMethod\tPL/ FWHM")
        if any(c.strip() for c in ln.split("\t")[1:])
    ]  # the material-only line 257
    t32 = _table_block(S003, "Material\tMethod\tEL/FWHM")
    # Zhao et al. (2025): the garbled header line carries row 1's material and peak; each later line
    # (including the PPI-series continuation lines) is one printed row
    t4 = _table_block(S004, "FA _{0.3} Cs _{0.7} PbBr")
    return {
        "jiang2024_table1.csv": len(t21),
        "jiang2024_table2.csv": len(t22),
        "yang2023_table1.csv": len(t31),
        "yang2023_table2.csv": len(t32),
        "zhao2025_table1.csv": len(t4),
    }


def test_source_tables_have_the_issue_row_counts():
    need_seeds()
    assert source_row_counts() == {k: v[1] for k, v in TABLES.items()}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_row_counts_equal_source_tables(name):
    df = frame(name)
    assert df["row"].str.fullmatch(r"\d+[a-z]?").all()
    base = df["row"].str.extract(r"^(\d+)([a-z]?)$")
    numbers = sorted(set(base[0].astype(int)))
    assert numbers == list(range(1, TABLES[name][1] + 1))
    # expanded cells carry consecutive suffixes a, b, c ... and never a lone suffix
    for n, grp in base.groupby(0):
        sfx = sorted(grp[1])
        assert sfx == [""] or sfx == [chr(ord("a") + k) for k in range(len(sfx))], (n, sfx)
    assert not df["row"].duplicated().any()


@pytest.mark.parametrize("name", PROSE_FILES)
def test_prose_rows_are_a_running_number(name):
    df = frame(name)
    assert df["row"].astype(int).tolist() == list(range(1, len(df) + 1))
    assert set(df["table"]) == {"prose" if name.startswith("cao2025") else "headline"}
    assert len(df) >= 30


def test_expanded_records_of_jiang2024_table1():
    df = frame("jiang2024_table1.csv")
    # one record per species/value: 28 records from 15 printed rows
    assert len(df) == 28
    assert df[df["row"].str.startswith("15")]["species"].tolist() == ["V_I", "V_Cs", "V_Pb"]


# ------------------------------------------------------------------ provenance and verbatim raw


@pytest.mark.parametrize("name", ALL_FILES)
def test_header_source_and_table(name):
    df = frame(name)
    assert list(df.columns[: len(SHARED)]) == SHARED
    stems = {S000, S001, S002, S003, S004}
    assert set(df["source"]) <= stems
    if name in TABLES:
        assert set(df["source"]) == {TABLES[name][0]}
        assert set(df["table"]) == {re.search(r"table(\d)", name).group(1)}
    elif name == "cao2025_prose.csv":
        assert set(df["source"]) == {S000}
    else:
        assert set(df["source"]) == stems  # headlines from all five reviews
    assert (df["raw"] != "").all()


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_raw_cell_occurs_verbatim_in_the_seed(name):
    need_seeds()
    df = frame(name)
    missing = []
    for rec in df.itertuples(index=False):
        text = seed_text(rec.source)
        for cell in rec.raw.split(" | "):
            if cell.strip() and cell not in text:
                missing.append((rec.row, cell))
    assert not missing, missing[:10]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_raw_is_the_printed_line(name):
    """Table rows: raw is the tab-separated text line with tabs shown as ' | '."""
    need_seeds()
    df = frame(name)
    lines = seed_text(TABLES[name][0]).split("\n")
    # reassembled rows: Yang et al. (2023) Table 1 row 16 (+ material line 257), Zhao et al.
    # (2025) row 1
    # (garbled header line 198 + line 199)
    special = {("yang2023_table1.csv", "16"), ("zhao2025_table1.csv", "1")}
    for rec in df.itertuples(index=False):
        used = [int(x) for x in str(rec.text_line).split(",")]
        if (name, rec.row) in special:
            for ln in used:
                printed = [c for c in lines[ln - 1].split("\t") if c.strip()]
                assert printed[0] in rec.raw.split(" | "), rec.row
        else:
            assert rec.raw == lines[used[0] - 1].replace("\t", " | "), rec.row


# ------------------------------------------------------------------ types and ranges


@pytest.mark.parametrize("name", ALL_FILES)
def test_numeric_columns_parse_and_lie_in_physical_ranges(name):
    df = frame(name)
    checked = 0
    for col, (lo, hi) in RANGES.items():
        if col not in df.columns:
            continue
        for cell in df[col]:
            if cell == "":
                continue
            v = float(cell)  # raises on anything that is not a plain number
            assert math.isfinite(v) and lo <= v <= hi, (name, col, v)
            if col in ("ref", "year", "year_printed"):
                assert re.fullmatch(r"\d+", cell), (col, cell)
            checked += 1
    assert checked > 0
    cx, cy = df["cie_x"] != "", df["cie_y"] != ""
    assert (cx == cy).all()
    assert set(df["class"]) - {""} <= CLASSES
    assert set(df["color"]) - {""} <= COLORS
    for cond in df["lifetime_condition"]:
        assert cond == "" or re.fullmatch(r"\d+(\.\d+)? (cd/m2|mA/cm2|V|mA|W/sr/m2)", cond)
    for metric in df["lifetime_metric"]:
        assert metric == "" or re.fullmatch(r"T\d{2}", metric)
    for flags in df["flags"]:  # a plain ';' list: no ';' inside a detail
        for item in filter(None, flags.split(";")):
            assert re.fullmatch(r"[A-Za-z0-9_.+\-]+(=.+)?", item), item
    for q in df["qualifiers"]:
        for item in filter(None, q.split(";")):
            col, sym = item.rsplit(":", 1)
            assert col in df.columns and sym in {"~", ">", "<", ">=", "<="}, item


def test_colour_follows_the_peak_rule():
    for name in ALL_FILES:
        df = frame(name)
        for rec in df.itertuples(index=False):
            if rec.peak_nm == "":
                continue
            p = float(rec.peak_nm)
            want = (
                "blue"
                if p < 490
                else "sky-blue"
                if p < 500
                else "green"
                if p < 570
                else "yellow"
                if p < 600
                else "red"
                if p <= 700
                else "NIR"
            )
            assert rec.color == want, (name, rec.row, p, rec.color)
    # white records have no single peak (Yang et al. (2023) Table 1 row 10 "White", Cao et al.
    # (2025) prose)
    t31 = frame("yang2023_table1.csv").set_index("row")
    assert t31.loc["10", "color"] == "white" and t31.loc["10", "peak_nm"] == ""


# ------------------------------------------------------------------ years from the reference lists


def reference_years(stem: str) -> dict[int, int]:
    """Reference number -> year, parsed from the review's own reference list."""
    text = seed_text(stem)
    out: dict[int, int] = {}
    if stem == S004:  # Nature style; numbering mostly dropped: count the '- ' items
        body = text.split("\nReferences\n", 1)[1]
        items = [ln for ln in body.split("\n") if ln.startswith("- ")]
        for k, ln in enumerate(items, start=1):
            m = re.match(r"- (\d+)\. ", ln)
            assert not m or int(m.group(1)) == k
            years = re.findall(r"\(((?:19|20)\d\d)\)", ln)
            if years:
                out[k] = int(years[-1])
        return out
    if stem == S001:
        for m in re.finditer(r"^- \[(\d+)\] .*?\*\*((?:19|20)\d\d)\*\*", text, re.M):
            out[int(m.group(1))] = int(m.group(2))
        return out
    head = "Notes and references" if stem == S000 else "References"
    body = text.split(f"\n{head}\n", 1)[1]
    for ln in body.split("\n"):
        m = re.match(r"^(?:- )?(\d{1,3}) (.*)$", ln)
        if m:
            y = re.search(r",\s*((?:19|20)\d\d)\s*,", m.group(2))
            if y:
                out[int(m.group(1))] = int(y.group(1))
    return out


@pytest.mark.parametrize("name", ALL_FILES)
def test_year_is_the_reference_list_year(name):
    need_seeds()
    df = frame(name)
    years = {s: reference_years(s) for s in set(df["source"])}
    n = 0
    for rec in df.itertuples(index=False):
        if rec.ref == "":
            assert rec.year == ""
            continue
        expected = years[rec.source].get(int(rec.ref))
        assert (int(rec.year) if rec.year else None) == expected, (name, rec.row, rec.ref)
        n += 1
    assert n > 0


def test_yang_2023_printed_years_differ_from_the_reference_list_only_where_flagged():
    for name in ("yang2023_table1.csv", "yang2023_table2.csv"):
        df = frame(name)
        differs = df[df["year"] != df["year_printed"]]
        assert differs["flags"].str.contains("year_table_differs").all()
        flagged = df[df["flags"].str.contains("year_table_differs")]
        assert len(flagged) == len(differs)
    t2 = frame("yang2023_table2.csv").set_index("row")
    # Table 2 prints 2020 for ref 17 (Sci. Bull. 2021) and 2022 for ref 28 (Chem. Eng. J. 2023)
    assert t2.loc["6", ["year", "year_printed"]].tolist() == ["2021", "2020"]
    assert t2.loc["14", ["year", "year_printed"]].tolist() == ["2023", "2022"]


# ------------------------------------------------------------------ hand-picked records

#: (file, row, {column: expected}) -- expected values read from the review texts.
HAND_PICKED = [
    # Jiang et al. (2024) Table 1, "CsPbI3 | V_I V_Cs V_Pb | DFT | 0.36 (0.29) 0.59 (1.16) 0.81
    # (0.99) | 99"
    (
        "jiang2024_table1.csv",
        "15b",
        {
            "material": "CsPbI3",
            "species": "V_Cs",
            "ea_ev": 0.59,
            "ea_alt_ev": 1.16,
            "measurement": "DFT",
            "ref": 99,
            "year": 2017,
        },
    ),
    # Jiang et al. (2024) Table 2, "FAPbBr3 | 2-Naphthalenesulfonic acid (NSA) | ... | 46/93 |
    # <15/19.2 | 178"
    (
        "jiang2024_table2.csv",
        "13",
        {
            "material": "FAPbBr3",
            "plqy_before_pct": 46.0,
            "plqy_after_pct": 93.0,
            "eqe_before_pct": 15.0,
            "eqe_after_pct": 19.2,
            "eqe_pct": 19.2,
            "plqy_pct": 93.0,
            "qualifiers": "eqe_before_pct:<",
            "ref": 178,
            "year": 2020,
            "ligand_type": "X",
            "treatment": "Post-treatment",
        },
    ),
    # Yang et al. (2023) Table 1, "CsPb(Cl0.5/Br0.5)3 | Hot-injection | 460/22 | 9.7 | 84.7 | 4825 |
    # 98.56 | 76.2%PL (25 day, water) | 2020 | 63" + the continuation line "PNCs@SiO2/PMMA"
    (
        "yang2023_table1.csv",
        "16",
        {
            "material": "CsPb(Cl0.5/Br0.5)3 PNCs@SiO2/PMMA",
            "peak_nm": 460.0,
            "fwhm_nm": 22.0,
            "color": "blue",
            "plqy_pct": 9.7,
            "cri": 84.7,
            "cct_k": 4825.0,
            "rec2020_pct": 98.56,
            "ntsc_pct": None,
            "stability_retained_pct": 76.2,
            "stability_duration_h": 600.0,
            "ref": 63,
            "year": 2020,
            "class": "CC",
        },
    ),
    # Yang et al. (2023) Table 1, "CsPb(Br0.75,Cl0.25)3 | Hot-injection | 499/18 | 63 | 96 | 6500 |
    # ~108 ^a | — | 2016 | 29"; footnote a: Rec.2020 = 0.74 NTSC -> NTSC = 108/0.74
    (
        "yang2023_table1.csv",
        "2",
        {
            "peak_nm": 499.0,
            "color": "sky-blue",
            "plqy_pct": 63.0,
            "cri": 96.0,
            "cct_k": 6500.0,
            "rec2020_pct": 108.0,
            "ntsc_pct": 145.9,
            "qualifiers": "rec2020_pct:~;ntsc_pct:~",
            "ref": 29,
            "year": 2016,
        },
    ),
    # Yang et al. (2023) Table 2, "CsPbBr3-MnBr2 | ... | 520/— | 15.6 | 100 080 | 60.6 | — |
    # T50 (136 min, 0.6 mA cm-2) | 2018 | 19"
    (
        "yang2023_table2.csv",
        "2",
        {
            "material": "CsPbBr3-MnBr2",
            "peak_nm": 520.0,
            "fwhm_nm": None,
            "eqe_pct": 15.6,
            "luminance_cd_m2": 100080.0,
            "ce_cd_a": 60.6,
            "lifetime_metric": "T50",
            "lifetime_h": 136 / 60,
            "lifetime_condition": "0.6 mA/cm2",
            "ref": 19,
            "year": 2018,
            "class": "PNC",
        },
    ),
    # Yang et al. (2023) Table 2, "CsPbI3 | Hot-injection | 469/27 | 5.0 | 10 410 | — | (0.13,
    # 0.11) |
    # T50 (59 h, 100 cd m-2) | 2022 | 213": iodide printed with a blue peak
    (
        "yang2023_table2.csv",
        "21",
        {
            "material": "CsPbI3",
            "peak_nm": 469.0,
            "fwhm_nm": 27.0,
            "color": "blue",
            "eqe_pct": 5.0,
            "luminance_cd_m2": 10410.0,
            "cie_x": 0.13,
            "cie_y": 0.11,
            "lifetime_h": 59.0,
            "lifetime_condition": "100 cd/m2",
            "ref": 213,
        },
    ),
    # Zhao et al. (2025) Table 1 row 1 (garbled header line + next line): FA0.3Cs0.7PbBr3, 520 nm,
    # inkjet printing, 1233 cd/m2, 10.3 cd/A, 2.8 %, 239.5 PPI, Ref. 48
    (
        "zhao2025_table1.csv",
        "1",
        {
            "material": "FA0.3Cs0.7PbBr3",
            "peak_nm": 520.0,
            "method": "Inkjet printing",
            "luminance_cd_m2": 1233.0,
            "ce_cd_a": 10.3,
            "eqe_pct": 2.8,
            "ppi": 239.5,
            "pixel_size_um": None,
            "ref": 48,
            "year": 2020,
        },
    ),
    # Zhao et al. (2025) Table 1, "CsPbBr3 | 514 | Direct Photopatterning | 25400 | | 14.7 | 1 µm* |
    # Ref. 69": a pixel size computed from the image, not converted to PPI
    (
        "zhao2025_table1.csv",
        "24",
        {
            "peak_nm": 514.0,
            "luminance_cd_m2": 25400.0,
            "ce_cd_a": None,
            "eqe_pct": 14.7,
            "pixel_size_um": 1.0,
            "ppi": None,
            "ref": 69,
            "year": 2025,
        },
    ),
    # Zhao et al. (2025) Table 1, continuation line "| | | 8176 | - | 6.2 | 3000 |" of the CsPbClBr2
    # 475-nm laser-patterned group (ref 22 from the text, line 114)
    (
        "zhao2025_table1.csv",
        "34",
        {
            "material": "CsPbClBr2",
            "peak_nm": 475.0,
            "color": "blue",
            "method": "Laser patterning",
            "luminance_cd_m2": 8176.0,
            "ce_cd_a": None,
            "eqe_pct": 6.2,
            "ppi": 3000.0,
            "ref": 22,
            "year": 2025,
        },
    ),
    # Cao et al. (2025): "pure-red PeLEDs ... EQE (increasing from 15.68% to 21.23%) and extended
    # operational lifetime (from 242 to 506 minutes).68"
    (
        "cao2025_prose.csv",
        "23",
        {
            "color": "red",
            "eqe_pct": 21.23,
            "lifetime_h": 506 / 60,
            "lifetime_metric": None,
            "ref": 68,
            "year": 2025,
            "class": "Q2D",
            "device_role": "treated",
        },
    ),
    # Cao et al. (2025): "extended T50 of 185 600 hours at an initial luminance of 100 cd m-2 ...
    # 12"
    (
        "cao2025_prose.csv",
        "34",
        {
            "eqe_pct": 20.0,
            "qualifiers": "eqe_pct:>",
            "lifetime_metric": "T50",
            "lifetime_h": 185600.0,
            "lifetime_condition": "100 cd/m2",
            "ref": 12,
            "year": 2025,
        },
    ),
    # Zhao et al. (2025) line 173: "reaching 28.5% for red23, 30.2% for green24, and 26.4% for
    # blue25"
    (
        "headline_records.csv",
        "42",
        {
            "source": S004,
            "color": "green",
            "eqe_pct": 30.2,
            "ref": 24,
            "year": 2024,
            "class": "PNC",
        },
    ),
    # Jang et al. (2025) line 79: "T50 = 31 808 h in green PC-PeLEDs" (tables: 31 858 h, flagged)
    (
        "headline_records.csv",
        "12",
        {
            "source": S001,
            "color": "green",
            "lifetime_h": 31808.0,
            "lifetime_metric": "T50",
            "lifetime_condition": "100 cd/m2",
            "ref": 14,
            "year": 2022,
            "class": "PC",
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "row", "expected"), HAND_PICKED, ids=[f"{n}:{r}" for n, r, _ in HAND_PICKED]
)
def test_hand_picked_records(name, row, expected):
    rec = frame(name).set_index("row").loc[row]
    for col, want in expected.items():
        got = rec[col]
        if want is None:
            assert got == "", (col, got)
        elif isinstance(want, float):
            assert got != "" and float(got) == pytest.approx(want, rel=1e-6), (col, got)
        elif isinstance(want, int):
            assert got == str(want), (col, got)
        else:
            assert got == want, (col, got)


def test_flags_record_the_seed_inconsistencies():
    t32 = frame("yang2023_table2.csv").set_index("row")
    assert "composition_color_mismatch" in t32.loc["21", "flags"]
    for row, ref in (("10", "151"), ("13", "27"), ("15", "66")):
        assert t32.loc[row, "ref"] == ref and "ce_eqe_inconsistent" in t32.loc[row, "flags"]
    # the same device (Wei et al.) is printed with CE 7.7 (Yang et al. (2023)) and 31.15 cd/A
    # (Zhao et al. (2025))
    t4 = frame("zhao2025_table1.csv").set_index("row")
    assert (t32.loc["15", "ce_cd_a"], t4.loc["6", "ce_cd_a"]) == ("7.7", "31.15")
    assert t32.loc["15", "luminance_cd_m2"] == t4.loc["6", "luminance_cd_m2"] == "43883.39"
    assert "value_conflict_other_seed" in t4.loc["6", "flags"]
    # Yang et al. (2023) Rec.2020 values are 0.74 x NTSC area ratios; above 100 % they are flagged
    t31 = frame("yang2023_table1.csv")
    over = t31[t31["rec2020_pct"].replace("", "0").astype(float) > 100]
    assert len(over) == 3 and over["flags"].str.contains("rec2020_over_100").all()
    foot = t31[t31["ntsc_pct"] != ""]
    ratio = foot["rec2020_pct"].astype(float) / foot["ntsc_pct"].astype(float)
    assert ratio.between(0.7395, 0.7405).all()
