"""Ion-migration activation energies of Jiang et al., Nanoscale (2024), Table 1.

Every record is checked against the printed table text (plain-text copy of the review).
"""

from __future__ import annotations

import math
import re

from seedtexts import seed_path

from peled.device.ions import speedup_factor
from peled.literature.ion_migration import ion_migration_activation_energies

SEED002 = seed_path("jiang2024")


def test_jiang2024_table1_records():
    df = ion_migration_activation_energies()
    printed_rows = df["row"].str.extract(r"^(\d+)")[0].astype(int)
    assert sorted(printed_rows.unique()) == list(range(1, 16))  # 15 printed rows
    text = open(SEED002, encoding="utf-8").read()
    for raw, ea in zip(df["raw"], df["ea_ev"], strict=True):
        assert raw.split(" | ")[0] in text
        if not math.isnan(ea):
            assert re.search(rf"(?<![\d.]){re.escape(f'{ea:g}')}", raw), (raw, ea)
    ma = df[(df["species"] == "MA+") & (df["ea_ev"] == 0.58)]
    assert len(ma) == 1 and ma.iloc[0]["ref"] == 92  # impedance, ref. 92
    assert round(speedup_factor(ma.iloc[0]["ea_ev"], 300.0, 343.0), 1) == 16.7
    # Jiang et al. (2024) (line 239): A- and X-site barriers are lower than B-site (Pb) barriers
    dft = df[df["measurement"] == "DFT"]
    for ref, grp in dft.groupby("ref"):
        pb = grp[grp["species"] == "V_Pb"]["ea_ev"]
        vi = grp[grp["species"] == "V_I"]["ea_ev"]
        if len(pb) and len(vi):
            assert pb.min() > vi.max(), ref


def test_jiang2024_table1_range_row_kept_with_bounds():
    """Row 3 (MA+, conductivity vs T, ref. 88) prints a range "0.39–0.9": not dropped."""
    df = ion_migration_activation_energies()
    assert len(df) == 28  # 15 printed rows -> 28 species/value records
    rng = df[df["value_kind"] == "range"]
    assert rng["row"].tolist() == ["3"]
    r = rng.iloc[0]
    assert (r["species"], r["ref"], r["ea_min_ev"], r["ea_max_ev"]) == ("MA+", 88, 0.39, 0.9)
    assert math.isnan(r["ea_ev"])  # no invented midpoint
    assert "0.39–0.9" in r["raw"] and "Temperature dependence of the conductivity" in r["raw"]
    # single values: a degenerate interval, so min/max filters see every record
    val = df[df["value_kind"] == "value"]
    assert (val["ea_min_ev"] == val["ea_ev"]).all() and (val["ea_max_ev"] == val["ea_ev"]).all()
    # all MA+ barriers: 0.58 (impedance, ref. 92) and the 0.39-0.9 range (ref. 88)
    ma = df[df["species"] == "MA+"].sort_values("ea_min_ev")
    assert list(zip(ma["ea_min_ev"], ma["ea_max_ev"], strict=True)) == [(0.39, 0.9), (0.58, 0.58)]
    # the +- of row 2b and the parenthesised values of row 15 are kept separately
    assert df.set_index("row").loc["2b", "ea_err_ev"] == 0.06
    assert df.set_index("row").loc["15b", "ea_alt_ev"] == 1.16
    # provenance: the CSV line of each record
    assert df["file"].eq("jiang2024_table1.csv").all() and df["line"].tolist() == list(range(2, 30))
