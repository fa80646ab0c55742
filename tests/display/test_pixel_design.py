"""design_pixel, assess_panel, white_point_ageing and fit_pixelation_loss (library API)."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.display.drive import IGZO, size_drive_tft
from peled.display.panel import PanelDesign, PrimaryLifetime, luminance_shares
from peled.display.panel_report import assess_panel, white_point_ageing
from peled.display.pixel_design import design_pixel
from peled.display.pixelation import eqe_dead_edge, fit_pixelation_loss, laser_series_points
from peled.errors import ParameterError

DESIGN = PanelDesign.from_lines((635, 25, 17), (520, 20, 21), (470, 20, 6))


def test_pixel_current_is_luminance_times_area_over_ce():
    d = design_pixel(3000, 1000.0, ce_cd_a=59.0, fill=0.3)
    pitch_m = 0.0254 / 3000
    assert d.current_a == pytest.approx(1000.0 * pitch_m**2 / 59.0, rel=1e-12)
    assert d.emitter_luminance_cd_m2 == pytest.approx(1000.0 / 0.3)
    ref = size_drive_tft(d.current_a, IGZO, d.pitch_um**2)
    assert d.sizing["igzo"].w_over_l == ref.w_over_l
    assert d.sizing["igzo"].min_device_overdrive_v == ref.min_device_overdrive_v
    with pytest.raises(ParameterError, match="exactly one"):
        design_pixel(3000, 1000.0)


def test_pixel_as_dict_is_the_cli_json():
    d = design_pixel(3000, 1000.0, ce_cd_a=59.0, fill=0.3)
    r = CliRunner().invoke(app, ["display", "pixel", "--ppi", "3000", "--luminance", "1000",
                                 "--ce", "59", "--fill", "0.3", "--json"])
    out = json.loads(r.stdout)
    ref = d.as_dict()
    assert list(out) == list(ref)
    assert out["current_a"] == ref["current_a"] and out["tft_note"] == ref["tft_note"]
    assert out["tft_w_over_l"] == ref["tft_w_over_l"]


def test_panel_power_is_area_times_sum_j_v():
    a = assess_panel(DESIGN, luminance_cd_m2=500.0, ppi=3000)
    out = a.as_dict()
    j = a.result.current_density_panel_a_m2
    assert out["power_w"] == pytest.approx(a.result.area_m2 * np.sum(j * 5.0), rel=1e-12)
    # every colour adds share x 500 cd/m2: sub-pixel current = share L p^2 / (n CE)
    share = a.result.luminance_share
    pitch_m = 0.0254 / 3000
    expected = share * 500.0 * pitch_m**2 / a.result.ce_cd_a
    got = [out["subpixel_current_a"][c] for c in ("red", "green", "blue")]
    assert got == pytest.approx(expected, rel=1e-12)


def test_white_point_does_not_drift_when_primaries_age_alike():
    # equal T50 at each primary's own emitting luminance (share x L / fill): equal decay
    shares = luminance_shares(DESIGN.primaries_xy, "D65")
    lives = [PrimaryLifetime(1000.0, float(s * 500.0 * 3)) for s in shares]
    ageing = white_point_ageing(DESIGN, lives, luminance_cd_m2=500.0, fill=1 / 3)
    assert np.allclose(ageing.delta_uv, 0.0, atol=1e-12)
    assert ageing.time_to_jnd_h == float("inf")


def test_pixelation_fit_recovers_exact_dead_edge():
    pitch = np.array([20.0, 12.7, 8.0, 5.08])
    eqe = eqe_dead_edge(pitch, 20.0, 0.8)
    out = fit_pixelation_loss(pitch, eqe, predict_ppi=4000).as_dict()
    assert out["delta_um"] == pytest.approx(0.8, rel=1e-6)
    assert out["eqe_intrinsic_pct"] == pytest.approx(20.0, rel=1e-6)
    assert out["predicted_eqe_pct"] == pytest.approx(eqe_dead_edge(6.35, 20.0, 0.8), rel=1e-6)


def test_laser_series_points_are_the_tabulated_series():
    pitches, eqes, labels = laser_series_points()
    assert len(pitches) == len(eqes) == len(labels) == 9
    assert pitches[:3] == pytest.approx([12.7, 25400 / 3000, 5.08])
    assert eqes[3:6] == [21.0, 19.4, 11.0] and labels[3] == "green"
