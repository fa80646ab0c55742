"""Optical-constant models against catalogue values; the user nk-file parser."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.device.optics.nk import MATERIALS, get_material, material_table, parse_nk_csv
from peled.errors import FileFormatError, ParameterError


def test_bk7_sellmeier_matches_schott_catalogue_indices():
    """SCHOTT N-BK7 catalogue: n_F = 1.52238, n_d = 1.51680, n_C = 1.51432 (Abbe 64.17)."""
    n = MATERIALS["glass"].nk([486.13, 587.56, 656.27]).real
    np.testing.assert_allclose(n, [1.52238, 1.51680, 1.51432], atol=2e-5)
    abbe = (n[1] - 1) / (n[0] - n[2])
    assert abbe == pytest.approx(64.17, abs=0.05)


def test_lif_index_at_sodium_d_line():
    """LiF n_D = 1.392 at 589.3 nm (Weber, Handbook of Optical Materials, CRC (2003),
    Table 1.3.1, isotropic crystals)."""
    assert MATERIALS["LiF"].nk(589.3).real == pytest.approx(1.392, abs=1e-3)


def test_aluminium_lorentz_drude_near_handbook_value():
    """Al at 550 nm: n = 0.96, k = 6.69 (Palik, Handbook of Optical Constants of Solids,
    1985); Rakić et al. (1998) report their LD fit within a few per cent in the visible."""
    v = complex(MATERIALS["Al"].nk(550.0))
    assert v.real == pytest.approx(0.96, abs=0.05)
    assert v.imag == pytest.approx(6.69, rel=0.05)
    # A Drude metal below its plasma frequency: eps' strongly negative.
    assert (v**2).real < -35


def test_every_material_has_provenance_and_assumptions_are_flagged():
    rows = material_table()
    names = {r["name"] for r in rows}
    for required in ("ITO", "PEDOT:PSS", "poly-TPD", "TFB", "CsPbBr3", "CsPbI3",
                     "quasi-2D", "TPBi", "LiF", "Al", "glass", "air"):
        assert required in names
    for r in rows:
        assert len(r["source"]) > 20
        assert r["assumption"] == r["source"].startswith("assumption")
    cited = {r["name"] for r in rows if not r["assumption"]}
    assert cited == {"glass", "LiF", "Al"}


def test_unknown_material_names_closest():
    with pytest.raises(ParameterError, match="did you mean CsPbBr3"):
        get_material("CsPbBr")
    assert get_material("pedot:pss").name == "PEDOT:PSS"


def test_out_of_range_wavelength_is_an_error():
    with pytest.raises(ParameterError, match="valid for 300-2500 nm"):
        MATERIALS["glass"].nk(3000.0)


def test_parse_nk_csv_interpolates_and_reports_line():
    text = "# ellipsometry\nwavelength_nm, n, k\n600,1.8,0.0\n400,2.0,0.1\n"
    t = parse_nk_csv(text, "film.csv")
    assert complex(t.nk(450.0)) == pytest.approx(1.95 + 0.075j, abs=1e-12)
    with pytest.raises(FileFormatError, match=r"film.csv:3: expected numbers"):
        parse_nk_csv("wavelength_nm,n,k\n400,2,0\n500,x,0\n", "film.csv")
    with pytest.raises(FileFormatError, match="missing column 'k'"):
        parse_nk_csv("wavelength_nm,n,kappa\n400,2,0\n", "film.csv")
    with pytest.raises(FileFormatError, match="k >= 0"):
        parse_nk_csv("wavelength_nm,n,k\n400,2,-1\n500,2,0\n", "film.csv")
    with pytest.raises(ParameterError, match="valid for 400-600 nm"):
        t.nk(700.0)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(200, 2000), st.floats(0.5, 4), st.floats(0, 5)),
                min_size=2, max_size=20, unique_by=lambda r: round(r[0], 6)))
def test_parse_nk_csv_round_trip(rows):
    text = "wavelength_nm,n,k\n" + "\n".join(f"{w!r},{n!r},{k!r}" for w, n, k in rows)
    t = parse_nk_csv(text)
    for w, n, k in rows:
        assert complex(t.nk(w)) == pytest.approx(complex(n, k), abs=1e-12)
