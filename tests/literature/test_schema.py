"""Schema, parsers and loader of the literature dataset."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seedtexts import SEEDS, seed_path

from peled.errors import FileFormatError, ParameterError
from peled.literature import dataset, schema
from peled.literature.dataset import available_tables, load, load_targets, read_table

#: Source-table row counts as printed (the tables of the five reviews, counted by hand).
SOURCE_ROWS = {
    "jang2025_table1": 13,
    "jang2025_table2": 20,
    "jang2025_table3": 26,
    "jang2025_table4": 15,
    "jang2025_table5": 38,
    "jiang2024_table2": 25,
    "yang2023_table1": 25,
    "yang2023_table2": 22,
    "zhao2025_table1": 35,
}


def write_fixture(path: Path, records: list[dict], extras: tuple[str, ...] = ()) -> Path:
    """Write a device CSV with the shared header; unspecified cells are empty."""
    header = list(schema.COLUMNS) + list(extras)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for rec in records:
            base = {"source": "yang2023", "table": "2", "row": "1", "raw": "x"}
            base.update(rec)
            w.writerow([base.get(c, "") for c in header])
    return path


# --------------------------------------------------------------------------- colour rule


@pytest.mark.parametrize(
    ("peak", "color"),
    [(469.0, "blue"), (489.99, "blue"), (490.0, "sky-blue"), (499.9, "sky-blue"),
     (500.0, "green"), (569.9, "green"), (570.0, "yellow"), (599.9, "yellow"),
     (600.0, "red"), (700.0, "red"), (700.01, "NIR"), (810.0, "NIR")],
)
def test_color_from_peak_edges(peak, color):
    assert schema.color_from_peak(peak) == color


def test_color_from_peak_vectorised_and_nan():
    out = schema.color_from_peak(np.array([516.0, np.nan, 716.0]))
    assert out.tolist() == ["green", None, "NIR"]


def test_color_from_peak_rejects_nonpositive():
    with pytest.raises(ParameterError, match="peak_nm"):
        schema.color_from_peak(-5.0)


@settings(max_examples=50, deadline=None)
@given(st.floats(300, 1000), st.floats(300, 1000))
def test_color_order_is_monotonic_in_wavelength(a, b):
    lo, hi = sorted((a, b))
    order = {c: i for i, c in enumerate(schema.COLORS)}
    assert order[schema.color_from_peak(lo)] <= order[schema.color_from_peak(hi)]


# --------------------------------------------------------------------------- cell parsers


def test_parse_lifetime_condition_examples():
    assert schema.parse_lifetime_condition("1000 cd/m2") == (1000.0, "cd/m2")
    assert schema.parse_lifetime_condition("0.33 mA/cm2") == (0.33, "mA/cm2")
    assert schema.parse_lifetime_condition("4.5 V") == (4.5, "V")
    assert schema.parse_lifetime_condition("") is None
    assert schema.parse_lifetime_condition(pd.NA) is None


@pytest.mark.parametrize("bad", ["1000", "cd/m2", "1000 cd cm-2", "1000 nits", "-5 V", "0 mA"])
def test_parse_lifetime_condition_rejects(bad):
    with pytest.raises(ParameterError, match="lifetime_condition"):
        schema.parse_lifetime_condition(bad)


@settings(max_examples=50, deadline=None)
@given(st.floats(1e-3, 1e7, allow_nan=False), st.sampled_from(schema.CONDITION_UNITS))
def test_parse_lifetime_condition_roundtrip(value, unit):
    v, u = schema.parse_lifetime_condition(f"{value!r} {unit}")
    assert u == unit
    assert v == value


def test_parse_qualifiers_and_errors():
    assert schema.parse_qualifiers("eqe_pct:>;lifetime_h:~") == {"eqe_pct": ">", "lifetime_h": "~"}
    assert schema.parse_qualifiers("luminance_cd_m2:>=") == {"luminance_cd_m2": ">="}
    with pytest.raises(ParameterError, match="symbol"):
        schema.parse_qualifiers("eqe_pct:approx")
    with pytest.raises(ParameterError, match="not a column"):
        schema.parse_qualifiers("foo:>", columns=schema.COLUMNS)
    with pytest.raises(ParameterError, match="twice"):
        schema.parse_qualifiers("eqe_pct:>;eqe_pct:<")


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(schema.FLOAT_COLUMNS),
                       st.sampled_from(schema.QUALIFIER_SYMBOLS), max_size=5))
def test_parse_qualifiers_roundtrip(d):
    text = ";".join(f"{k}:{v}" for k, v in d.items())
    assert schema.parse_qualifiers(text) == d


def test_parse_flags_with_details_and_parentheses():
    got = schema.parse_flags(
        "cd_cm2_typo_fixed;several_refs=23,24;implied=1.79 (T50 520 h; stated n=1.65)"
    )
    assert got == {"cd_cm2_typo_fixed": None, "several_refs": "23,24",
                   "implied": "1.79 (T50 520 h; stated n=1.65)"}
    with pytest.raises(ParameterError, match="flag"):
        schema.parse_flags("bad code=1")


def test_metric_percent():
    assert schema.metric_percent("T95") == 95
    assert schema.metric_percent("T50,EQE") == 50
    with pytest.raises(ParameterError):
        schema.metric_percent("LT50")


# --------------------------------------------------------------------------- loader errors


def _fails(tmp_path, records, match, extras=()):
    write_fixture(tmp_path / "bad.csv", records, extras)
    with pytest.raises(FileFormatError, match=match) as exc:
        read_table(tmp_path / "bad.csv")
    return str(exc.value)


def test_loader_reports_file_and_line_for_bad_number(tmp_path):
    msg = _fails(tmp_path, [{"eqe_pct": "6.27"}, {"eqe_pct": "6,27"}], "not a plain number")
    assert msg.startswith("bad.csv:3: column 'eqe_pct'")


@pytest.mark.parametrize(
    ("record", "match"),
    [
        ({"eqe_pct": "120"}, "outside the allowed range"),
        ({"cie_x": "0.7", "cie_y": "0.5"}, "not a chromaticity"),
        ({"cie_x": "0.3"}, "both be given"),
        ({"raw": ""}, "provenance"),
        ({"source": ""}, "provenance"),
        ({"source": "seed3"}, "not a citation key"),
            ({"source": "smith2099"}, "not a citation key of sources.csv"),
        ({"class": "LED"}, "column 'class'"),
        ({"color": "purple"}, "column 'color'"),
        ({"ref": "12a"}, "not an integer"),
        ({"lifetime_condition": "100 nits"}, "unknown unit"),
        ({"lifetime_metric": "half-life"}, "lifetime_metric"),
        ({"qualifiers": "eqe:>"}, "not a column"),
    ],
)
def test_loader_rejects_bad_records(tmp_path, record, match):
    msg = _fails(tmp_path, [record], match)
    assert msg.startswith("bad.csv:2:")


def test_loader_rejects_bad_header_and_cell_count(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("source,table,row\njang2025,1,1\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="h.csv:1: header"):
        read_table(p)
    write_fixture(tmp_path / "c.csv", [{}])
    text = (tmp_path / "c.csv").read_text().rstrip("\n") + ",extra\n"
    (tmp_path / "c.csv").write_text(text)
    with pytest.raises(FileFormatError, match="c.csv:2: 28 cells, expected 27"):
        read_table(tmp_path / "c.csv")


def test_loader_line_numbers_count_multiline_cells(tmp_path):
    write_fixture(tmp_path / "m.csv", [{"raw": "two\nlines"}, {"eqe_pct": "x"}])
    with pytest.raises(FileFormatError, match=r"m.csv:4:"):
        read_table(tmp_path / "m.csv")


def test_load_unknown_table_and_fixture_directory(tmp_path):
    write_fixture(tmp_path / "fx.csv", [{"row": "1", "eqe_pct": "5.0", "ref": "12",
                                          "extra_ppi": "300", "note": "a"}],
                  extras=("extra_ppi", "note"))
    df = load(directory=tmp_path)
    assert list(df.columns[: len(schema.COLUMNS)]) == list(schema.COLUMNS)
    assert df["eqe_pct"].iloc[0] == 5.0 and df["ref"].iloc[0] == 12
    assert df["extra_ppi"].dtype == np.float64 and df["note"].dtype == "string"
    assert (df["file"].iloc[0], df["line"].iloc[0]) == ("fx.csv", 2)
    with pytest.raises(ParameterError, match="unknown literature table"):
        load(["nope"], directory=tmp_path)


# --------------------------------------------------------------------------- shipped data


def test_shipped_files_load_with_types_ranges_and_provenance():
    names = available_tables()
    assert names, "no shipped literature tables"
    df = load()
    assert set(df["file"]) == {f"{n}.csv" for n in names}
    for col, dtype in schema.DTYPES.items():
        assert str(df[col].dtype) == dtype, col
    for col in schema.REQUIRED_COLUMNS:
        assert df[col].notna().all() and (df[col].str.strip() != "").all(), col
    for col, (lo, hi) in schema.RANGES.items():
        vals = df[col].dropna().astype(float)
        assert ((vals >= lo) & (vals <= hi)).all(), col
    assert df["class"].dropna().isin(schema.CLASSES).all()
    assert df["color"].dropna().isin(schema.COLORS + schema.EXTRA_COLORS).all()
    # every record is uniquely addressed by (file, row)
    assert not df.duplicated(["file", "row"]).any()


@pytest.mark.parametrize("table", sorted(SOURCE_ROWS))
def test_row_counts_equal_source_tables(table):
    if table not in available_tables():
        pytest.skip(f"{table}.csv not shipped yet")
    df = load([table])
    base = df["row"].str.replace(r"[a-z]+$", "", regex=True)
    assert base.nunique() == SOURCE_ROWS[table]
    assert sorted(base.astype(int).unique()) == list(range(1, SOURCE_ROWS[table] + 1))


def test_commercial_targets_quote_the_seeds():
    tg = load_targets()
    assert set(tg["target"]) >= {"eqe_min", "t95_tv_mobile", "t50_mobile", "luminance_vr",
                                 "luminance_ar", "ppi_ar_vr"}
    by = tg.set_index("target")
    assert by.loc["eqe_min", "value"] == 30.0
    assert (by.loc["t95_tv_mobile", ["value", "l0_cd_m2"]].tolist() == [1e4, 1000.0])
    assert (by.loc["t50_mobile", ["value", "l0_cd_m2"]].tolist() == [1e6, 100.0])
    assert by.loc["luminance_vr", "value"] == 1e5 and by.loc["luminance_ar", "value"] == 1e6
    assert by.loc["ppi_ar_vr", "value"] == 3000.0
    if not SEEDS.is_dir():
        pytest.skip("review texts not available")
    for t in tg.itertuples():
        lines = seed_path(t.source).read_text(encoding="utf-8").split("\n")
        assert t.raw in lines[t.line - 1], t.target


def test_targets_file_errors(tmp_path):
    p = tmp_path / dataset.TARGETS_FILE
    p.write_text(",".join(dataset.TARGET_COLUMNS) + "\n"
                 "eqe,eqe_pct,>,thirty,%,,,x,jang2025,759,raw\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="commercial_targets.csv:2:"):
        load_targets(tmp_path)



def test_every_source_key_resolves_to_a_reference():
    from peled.literature.dataset import load_sources, load_targets

    sources = load_sources().set_index("key")
    used = set(load()["source"]) | set(load_targets()["source"])
    assert used == set(sources.index) == {"cao2025", "jang2025", "jiang2024", "yang2023",
                                          "zhao2025"}
    # each key is the first author's family name and the year of its reference
    for key, ref in sources.iterrows():
        family = ref["authors"].split(",")[0].split()[-1].lower()
        assert key == f"{family}{ref['year']}"
        assert ref["doi"].startswith("10.")


@pytest.mark.parametrize(
    "row, match",
    [
        ("Jang2025,A,T,J,2025,,,10.1/x", "not a citation key"),
        ("jang2025,A,T,J,25,,,10.1/x", "not a 4-digit year"),
    ],
)
def test_sources_table_rejects_bad_rows(tmp_path, row, match):
    from peled.literature.dataset import SOURCE_COLUMNS, load_sources

    (tmp_path / "sources.csv").write_text(",".join(SOURCE_COLUMNS) + "\n" + row + "\n",
                                          encoding="utf-8")
    with pytest.raises(FileFormatError, match=f"sources.csv:2: .*{match}"):
        load_sources(tmp_path)
