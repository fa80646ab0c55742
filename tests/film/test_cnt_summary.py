"""nucleation_summary against the closed-form CNT critical radius and barrier."""

import numpy as np
import pytest
from scipy.constants import e, k

from peled.film import get_material, nucleation_summary


def test_critical_radius_and_barrier_closed_form():
    mat = get_material("CsPbBr3")
    g, v, t, s = mat.surface_energy_j_m2, mat.molecular_volume_m3, 300.0, 2.0
    r = 2 * g * v / (k * t * np.log(s))  # Kashchiev 2000, ch. 3
    out = nucleation_summary("CsPbBr3", s, t).as_dict()
    assert out["r_crit_nm"] == pytest.approx(r * 1e9, rel=1e-12)
    assert out["barrier_ev"] == pytest.approx(4 / 3 * np.pi * g * r**2 / e, rel=1e-12)
    assert out["hetero_factor"] == 1.0


def test_wetting_substrate_lowers_barrier_by_spherical_cap_factor():
    homo = nucleation_summary("CsPbBr3", 2.0)
    het = nucleation_summary("CsPbBr3", 2.0, contact_angle_deg=90.0)
    assert het.heterogeneous_factor == pytest.approx(0.5)  # (2 + 0)(1 - 0)^2 / 4
    assert het.barrier_j == pytest.approx(0.5 * homo.barrier_j, rel=1e-12)
