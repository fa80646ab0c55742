"""Checks of the Jang et al. (2025) literature CSVs against the review text itself.

Source: Jang et al., "Nanocrystalline Perovskites for Bright and Efficient LEDs",
Adv. Mater. (2025), plain text (``seedtexts.seed_path('jang2025')``): Tables 1-5 and the
Section 7 phase milestones. Every expected value below was read from that text by hand;
the tests use only ``csv``/``re`` and the seed file, not the ``peled.literature`` code.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
from seedtexts import seed_path

SOURCE = "jang2025"
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "peled" / "literature" / "data"
SEED_FILE = seed_path(SOURCE)

SHARED_COLUMNS = [
    "source", "table", "row", "ref", "year", "material", "class", "color", "peak_nm",
    "fwhm_nm", "eqe_pct", "plqy_pct", "luminance_cd_m2", "radiance_w_sr_m2", "ce_cd_a",
    "cie_x", "cie_y", "lifetime_metric", "lifetime_h", "lifetime_condition", "ppi",
    "pixel_size_um", "method", "strategy", "qualifiers", "raw", "flags",
]
FILES = {
    "1": "jang2025_table1.csv",
    "2": "jang2025_table2.csv",
    "3": "jang2025_table3.csv",
    "4": "jang2025_table4.csv",
    "5": "jang2025_table5.csv",
    "milestones": "jang2025_milestones.csv",
}
# (source rows printed in the review, records after expanding multi-device cells)
COUNTS = {
    "1": (13, 13),
    "2": (20, 25),  # rows 11 (x2), 12 (x4), 13 (x2)
    "3": (26, 26),
    "4": (15, 20),  # rows 2 (GA/FA), 4 (five Rb+ devices)
    "5": (38, 41),  # rows 6 (x2), 10 (B/G/R)
    "milestones": (12, 14),  # 3 film types x 4 phases; PNC phases 1 and 3 cite two devices
}
# physical ranges (inclusive) for every numeric column that may appear
RANGES = {
    "ref": (1, 272),  # the reference list of Jang et al., Adv. Mater. (2025) has 272 entries
    "year": (2010, 2025),
    "peak_nm": (300, 1100),
    "fwhm_nm": (1, 200),
    "eqe_pct": (0, 100),
    "plqy_pct": (0, 100),
    "luminance_cd_m2": (0, 1e7),
    "radiance_w_sr_m2": (0, 1e4),
    "ce_cd_a": (0, 1000),
    "cie_x": (0, 1),
    "cie_y": (0, 1),
    "lifetime_h": (0, 1e8),
    "ppi": (1, 1e5),
    "pixel_size_um": (0.01, 1e4),
    "n_layers": (1, 20),
    "phase": (0, 3),
    "eqe_before_pct": (0, 100),
    "plqy_before_pct": (0, 100),
    "lifetime_before_h": (0, 1e8),
}
CLASSES = {"PC", "Q2D", "PNC", "QD-LED", "OLED", "micro-LED", "CC", "other"}
COLORS = {"blue", "sky-blue", "green", "yellow", "red", "NIR"}
CONDITION_RE = re.compile(r"\d+(\.\d+)? (cd/m2|mA/cm2|V|mA|W/sr/m2)")


def _load(key: str) -> list[dict[str, str]]:
    with open(DATA / FILES[key], newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _header(key: str) -> list[str]:
    with open(DATA / FILES[key], newline="", encoding="utf-8") as fh:
        return next(csv.reader(fh))


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED_FILE.exists():
        pytest.skip(f"review text not found at {SEED_FILE}")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tables() -> dict[str, list[dict[str, str]]]:
    return {key: _load(key) for key in FILES}


def _base(row: str) -> str:
    return re.fullmatch(r"(\d+)[a-e]?", row).group(1)


def _color_rule(peak: float) -> str:
    # literature_schema.md: blue < 490, sky-blue 490-<500, green 500-<570,
    # yellow 570-<600, red 600-700, NIR > 700
    if peak < 490:
        return "blue"
    if peak < 500:
        return "sky-blue"
    if peak < 570:
        return "green"
    if peak < 600:
        return "yellow"
    if peak <= 700:
        return "red"
    return "NIR"


@pytest.mark.parametrize("key", list(FILES))
def test_header_starts_with_shared_columns(key):
    assert _header(key)[: len(SHARED_COLUMNS)] == SHARED_COLUMNS


@pytest.mark.parametrize("key", list(FILES))
def test_row_counts_match_source_tables(key, tables):
    rows = tables[key]
    n_source, n_records = COUNTS[key]
    bases = [_base(r["row"]) for r in rows]
    assert len(set(bases)) == n_source
    assert sorted({int(b) for b in bases}) == list(range(1, n_source + 1))
    assert len(rows) == n_records
    assert len({r["row"] for r in rows}) == len(rows)  # row ids unique


@pytest.mark.parametrize("key", list(FILES))
def test_source_and_table_columns(key, tables):
    for r in tables[key]:
        assert r["source"] == SOURCE
        assert r["table"] == key


@pytest.mark.parametrize("key", list(FILES))
def test_raw_cells_occur_verbatim_in_seed(key, tables, seed_text):
    for r in tables[key]:
        cells = r["raw"].split(" | ")
        assert any(cells), r["row"]
        for cell in cells:
            assert cell in seed_text, (key, r["row"], cell)
        if key != "milestones":
            # a table row is one tab-separated line of the text file
            assert "\t".join(cells) in seed_text, (key, r["row"])
            assert cells[-1] == f"[{r['ref']}]", (key, r["row"])


@pytest.mark.parametrize("key", list(FILES))
def test_numeric_columns_parse_and_lie_in_physical_ranges(key, tables):
    header = _header(key)
    for r in tables[key]:
        for col, (lo, hi) in RANGES.items():
            if col not in header or r[col] == "":
                continue
            value = float(r[col])
            assert math.isfinite(value), (key, r["row"], col)
            assert lo <= value <= hi, (key, r["row"], col, value)
            if col in ("ref", "year", "n_layers", "phase"):
                assert r[col] == str(int(value)), (key, r["row"], col)


@pytest.mark.parametrize("key", list(FILES))
def test_categorical_columns(key, tables):
    header = _header(key)
    for r in tables[key]:
        assert r["class"] in CLASSES
        assert r["color"] in COLORS or (r["color"] == "" and r["peak_nm"] == "")
        if r["peak_nm"]:
            assert r["color"] == _color_rule(float(r["peak_nm"])), (key, r["row"])
        if r["lifetime_condition"]:
            assert CONDITION_RE.fullmatch(r["lifetime_condition"]), r["lifetime_condition"]
            assert r["lifetime_h"]
        if r["lifetime_metric"]:
            assert re.fullmatch(r"T\d{2}", r["lifetime_metric"])
        for q in filter(None, r["qualifiers"].split(";")):
            col, sym = q.split(":")
            assert col in header and r[col] != "", (key, r["row"], q)
            assert sym in {"~", ">", "<", ">="}
        for flag in filter(None, r["flags"].split(";")):
            assert re.fullmatch(r"[A-Za-z0-9_+]+", flag.split("=")[0]), flag


def test_years_match_reference_list(tables, seed_text):
    refs = {}
    for m in re.finditer(r"^- \[(\d+)\] (.*)$", seed_text, flags=re.M):
        refs[int(m.group(1))] = m.group(2)
    assert len(refs) == 272
    for key, rows in tables.items():
        for r in rows:
            if not r["ref"]:
                assert r["year"] == ""
                continue
            entry = refs[int(r["ref"])]
            bold = re.findall(r"\*\*(\d{4})\*\*", entry)
            # ref 143 prints "**1979** **2024**" (journal founding year artefact)
            expected = bold[-1] if bold else re.search(r"(\d{4})\.?$", entry).group(1)
            assert r["year"] == expected, (key, r["row"], r["ref"])


def test_quasi_2d_stoichiometry_flags(tables):
    """A'2 A(n-1) Bn X(3n+1): rows 7 (PEA2CsPb2I5), 26 (PEA2(Cs0.7EA0.3)Pb2Br5) print X5
    for n = 2 (needs X7); row 20 PDA2Cs2Pb3(Br0.77Cl0.37)10 has halide fractions summing
    to 1.14. All other Table 3 formulas obey 3n+1 (checked by hand)."""
    flagged = {r["row"] for r in tables["3"] if "stoich_3n+1_violation" in r["flags"]}
    assert flagged == {"7", "20", "26"}
    by_row = {r["row"]: r for r in tables["3"]}
    assert by_row["7"]["material"] == "PEA2CsPb2I5"
    assert by_row["26"]["material"] == "PEA2(Cs0.7EA0.3)Pb2Br5"
    assert by_row["20"]["material"] == "PDA2Cs2Pb3(Br0.77Cl0.37)10"
    assert {r["n_layers"] for r in tables["3"] if r["row"] in flagged} == {"2", "3"}


def test_same_device_cross_references_agree(tables):
    """Devices printed in two places of Jang et al. (2025) carry the same EQE and peak; links
    between two tables are recorded on both sides."""
    index = {(key, r["row"]): r for key, rows in tables.items() for r in rows}
    n_links = 0
    links = set()
    for key, rows in tables.items():
        for r in rows:
            for flag in r["flags"].split(";"):
                if not flag.startswith("same_device="):
                    continue
                t, row = flag.split("=")[1].split(":")
                other = index[(t.replace("table", ""), row)]
                assert other["ref"] == r["ref"]
                for col in ("eqe_pct", "peak_nm"):
                    if r[col] and other[col]:
                        assert float(r[col]) == float(other[col]), (key, r["row"], col)
                n_links += 1
                links.add(((key, r["row"]), (t.replace("table", ""), row)))
    # 8 table<->table pairs (both directions) + 5 milestone -> table links
    assert n_links == 21
    for a, b in links:
        if a[0] != "milestones":
            assert (b, a) in links, (a, b)


def _row(tables, key, row):
    (match,) = [r for r in tables[key] if r["row"] == row]
    return match


# Ten+ rows checked field by field; expected values typed from the review text.
HAND_PICKED = [
    # Table 1 line "\t540 nm\t–\t28.9%\t473 990 cd m ⁻²\t31 858 h\t[14]"
    ("1", "9", dict(ref="14", year="2022", material="PeLED", color="green", peak_nm=540,
                    fwhm_nm="", eqe_pct=28.9, luminance_cd_m2=473990, lifetime_metric="T50",
                    lifetime_h=31858, lifetime_condition="100 cd/m2", qualifiers="")),
    # Table 1 "PeLED\t636 nm\t28 nm\t22%\t7000 cd m ⁻²\t780 (T_{90} @ 100 cd m ⁻²)\t[22]"
    ("1", "8", dict(ref="22", year="2024", peak_nm=636, fwhm_nm=28, eqe_pct=22,
                    luminance_cd_m2=7000, lifetime_metric="T90", lifetime_h=780,
                    lifetime_condition="100 cd/m2")),
    # Table 2 row 12, fourth device: 496 nm (17 nm), 18 480 cd m-2, 24.4%, 173s @ 1861 cd cm-2
    ("2", "12d", {"ref": "82", "year": "2024", "class": "PC", "color": "sky-blue",
                  "material": "CsFA0.15PbBrxCl3-x", "peak_nm": 496, "fwhm_nm": 17,
                  "eqe_pct": 24.4, "luminance_cd_m2": 18480, "lifetime_metric": "T50",
                  "lifetime_h": 173 / 3600, "lifetime_condition": "1861 cd/m2",
                  "qualifiers": "lifetime_h:~"}),
    # Table 2 NIR row 16: 793 nm (37 nm), 110 W sr-1 m-2, 24.3%, T50 ≈ 1,125 h @ 5 mA cm-2
    ("2", "16", dict(ref="237", color="NIR", peak_nm=793, fwhm_nm=37, radiance_w_sr_m2=110,
                     luminance_cd_m2="", eqe_pct=24.3, lifetime_h=1125,
                     lifetime_condition="5 mA/cm2", material="Cs0.15FA1.8PbI3")),
    # Table 3 row 1: (PPT)2FA2Pb3I10, 700 nm, 42 000 mW sr-1 m-2, 26.3%, T50 ≈ 2.8 h @ 12 mA
    ("3", "1", dict(ref="107", year="2023", color="red", peak_nm=700, radiance_w_sr_m2=42,
                    eqe_pct=26.3, lifetime_metric="T50", lifetime_h=2.8,
                    lifetime_condition="12 mA/cm2", material="(PPT)2FA2Pb3I10",
                    n_layers=3)),
    # Table 3 row 7: PEA2CsPb2I5, 656 nm, 6483 cd m-2, 20.7%, T50 ≈ 71 min @ 10 mA cm-2
    ("3", "7", {"ref": "110", "class": "Q2D", "peak_nm": 656, "fwhm_nm": "",
                "luminance_cd_m2": 6483, "eqe_pct": 20.7, "lifetime_h": 71 / 60,
                "lifetime_condition": "10 mA/cm2", "n_layers": 2}),
    # Table 4 row 2, GA device: 32% (GA), 490.5 nm (GA), 3.02% (GA), 1.55 min @ 74 cd m-2
    ("4", "2a", dict(ref="190", year="2021", cation="GA+", cation_type="A-site",
                     material="CsPb(Br/Cl)3", plqy_pct=32, peak_nm=490.5, eqe_pct=3.02,
                     lifetime_h=1.55 / 60, lifetime_condition="74 cd/m2",
                     lifetime_metric="", color="sky-blue")),
    # Table 4 row 4, fifth device: 80% (480 nm), 480 nm, 26.4% (480 nm), lifetime "–"
    ("4", "4e", dict(ref="147", cation="Rb+", plqy_pct=80, peak_nm=480, eqe_pct=26.4,
                     lifetime_h="", color="blue")),
    # Table 5 row 10, green device of the TBABF4 B/G/R set: 80% (Green), 520 nm (19 nm)
    ("5", "10b", dict(ref="261", year="2024", material="CsPbBr3", color="green",
                      plqy_pct=80, peak_nm=520, fwhm_nm=19, luminance_cd_m2=5000,
                      eqe_pct=26.2, lifetime_h="", strategy="TBABF4",
                      method="Post-treatment")),
    # Table 5 row 16: 86%, 636 nm (28 nm), 7000, 22%, T90 ~ 780 h (L0 = 100 cd m-2, r = 1.95)
    ("5", "16", dict(ref="22", plqy_pct=86, peak_nm=636, fwhm_nm=28, luminance_cd_m2=7000,
                     eqe_pct=22, lifetime_metric="T90", lifetime_h=780,
                     lifetime_condition="100 cd/m2", qualifiers="lifetime_h:~",
                     material="CsPb(Br/I)3", ligand_type=(
                         "Halogenated organic molecule Alkyl ammonium salts"))),
    # Table 5 row 35: 76%, 518 nm (18 nm), 76 940, 16.48%, 136 min @ 0.6 mA/cm ⁻²
    ("5", "35", dict(ref="272", year="2018", plqy_pct=76, peak_nm=518, fwhm_nm=18,
                     luminance_cd_m2=76940, eqe_pct=16.48, lifetime_h=136 / 60,
                     lifetime_condition="0.6 mA/cm2", strategy="ZnBr2")),
    # Section 7.1 Phase 3: EQE 28.9%, 31 808 h (T50, at L0 = 100 cd m-2), ref 14
    ("milestones", "4", {"ref": "14", "class": "PC", "phase": 3, "eqe_pct": 28.9,
                         "lifetime_metric": "T50", "lifetime_h": 31808,
                         "lifetime_condition": "100 cd/m2"}),
]


@pytest.mark.parametrize(("key", "row", "expected"), HAND_PICKED,
                         ids=[f"{k}-{r}" for k, r, _ in HAND_PICKED])
def test_hand_picked_rows_field_by_field(key, row, expected, tables):
    r = _row(tables, key, row)
    assert r["source"] == SOURCE
    for col, want in expected.items():
        if isinstance(want, str):
            assert r[col] == want, (col, r[col])
        else:
            assert r[col] != "", col
            assert float(r[col]) == pytest.approx(want, rel=1e-5), col


def test_unit_normalisation_flags(tables):
    """The "cd cm ⁻²" typo (Table 2 rows 12a-d, 14, 15) is fixed to cd/m2 and flagged; the two
    "mW sr ⁻¹ m ⁻²" radiances of Table 3 (rows 1, 2) are converted to W and flagged."""
    typo = {r["row"] for r in tables["2"] if "cd_cm2_typo_fixed" in r["flags"]}
    assert typo == {"12a", "12b", "12c", "12d", "14", "15"}
    mw = {r["row"] for r in tables["3"] if "unit_mW_converted" in r["flags"]}
    assert mw == {"1", "2"}
    assert _row(tables, "3", "2")["radiance_w_sr_m2"] == "33"
    for rows in tables.values():
        for r in rows:
            assert "cd m ⁻²" not in r["lifetime_condition"]


def test_known_text_conflicts_are_flagged(tables):
    """31 858 h (Tables 1-2, line 246) vs 31 808 h (lines 79, 733) for ref 14; the
    line-246 pair T50 = 520 h at 1000 cd/m2 -> 31 858 h at 100 cd/m2 implies
    n = log10(31858/520) = 1.787, not the stated 1.65 (seeds INDEX known error)."""
    assert math.log10(31858 / 520) == pytest.approx(1.787, abs=1e-3)
    for key, row in (("1", "9"), ("2", "2"), ("milestones", "4")):
        assert "value_conflict_text=" in _row(tables, key, row)["flags"]
    # ref 21: 18.67 h at 12 000 cd/m2 (Table 3) and 50 317 h at 100 cd/m2 (Table 1) are
    # consistent with the review's own n = 1.65
    n = math.log(50317 / 18.67) / math.log(12000 / 100)
    assert n == pytest.approx(1.65, abs=0.01)
