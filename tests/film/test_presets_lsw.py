"""Material presets (provenance) and the LSW reference functions."""

import numpy as np
import pytest
from scipy.constants import N_A
from scipy.constants import k as K_B
from scipy.integrate import quad

from peled.errors import ParameterError
from peled.film.lsw import lsw_distribution, lsw_rate_constant
from peled.film.presets import MATERIALS, get_material, stokes_einstein_diffusivity


@pytest.mark.parametrize(
    ("name", "a_angstrom"),
    [("CsPbBr3", 5.874), ("MAPbBr3", 5.901), ("FAPbBr3", 5.99), ("CsPbI3", 6.289)],
)
def test_molecular_volume_is_cubic_cell(name, a_angstrom):
    # literature lattice constants cited in peled.film.presets
    mat = get_material(name)
    assert mat.molecular_volume_m3 == pytest.approx((a_angstrom * 1e-10) ** 3, rel=1e-12)


def test_every_value_has_a_source_and_unsourced_values_are_assumptions():
    for mat in MATERIALS.values():
        assert set(mat.sources) >= {
            "lattice_constant_m",
            "surface_energy_j_m2",
            "solubility_mol_l",
            "solution_enthalpy_j_mol",
        }
        assert not mat.is_assumption("lattice_constant_m")
        assert (
            "(19" in mat.sources["lattice_constant_m"] or "(20" in mat.sources["lattice_constant_m"]
        )
        assert mat.is_assumption("surface_energy_j_m2")


def test_solubility_van_t_hoff_and_units():
    mat = get_material("mapbbr3")  # case-insensitive
    assert mat.solubility_m3(298.15) == pytest.approx(mat.solubility_mol_l * 1e3 * N_A)
    # retrograde (negative enthalpy): less soluble when hot (Saidaminov et al. 2015)
    assert mat.solubility_m3(360.0) < mat.solubility_m3(298.15)


def test_stokes_einstein():
    d = stokes_einstein_diffusivity(298.15, 0.794e-3, 0.5e-9)
    assert d == pytest.approx(K_B * 298.15 / (6 * np.pi * 0.794e-3 * 0.5e-9), rel=1e-12)
    assert 1e-10 < d < 1e-9


def test_unknown_material_error_lists_presets():
    with pytest.raises(ParameterError, match="CsPbBr3"):
        get_material("PbS")


def test_lsw_distribution_normalised_with_unit_mean_and_cutoff():
    norm = quad(lambda x: float(lsw_distribution(x)), 0, 1.5)[0]
    mean = quad(lambda x: x * float(lsw_distribution(x)), 0, 1.5)[0]
    assert norm == pytest.approx(1.0, abs=1e-9)
    assert mean == pytest.approx(1.0, abs=1e-9)
    assert lsw_distribution(np.array([1.5, 2.0, -1.0])).tolist() == [0.0, 0.0, 0.0]
    # maximum of the LSW distribution lies at rho = 1.135 (Lifshitz & Slyozov 1961)
    rho = np.linspace(0.5, 1.49, 20001)
    assert rho[np.argmax(lsw_distribution(rho))] == pytest.approx(1.135, abs=2e-3)


def test_lsw_rate_constant_equals_4_9_alpha_d_c_v():
    gamma, d, c, v, t = 0.02, 2e-10, 6e24, 2e-28, 300.0
    alpha = 2 * gamma * v / (K_B * t)
    assert lsw_rate_constant(gamma, d, c, v, t) == pytest.approx(4 / 9 * alpha * d * c * v)


def test_lsw_inputs_validated_and_scalar_float():
    with pytest.raises(ParameterError, match="surface_energy_j_m2"):
        lsw_rate_constant(-0.02, 2e-10, 6e24, 2e-28, 300.0)
    with pytest.raises(ParameterError, match="temperature_k"):
        lsw_rate_constant(0.02, 2e-10, 6e24, 2e-28, 0.0)
    with pytest.raises(ParameterError, match="rho"):
        lsw_distribution(np.nan)
    assert type(lsw_distribution(1.0)) is float
    assert lsw_distribution(1.0) == pytest.approx(
        4 / 9 * (3 / 4) ** (7 / 3) * 3 ** (11 / 3) * np.exp(-2.0), rel=1e-12
    )


def test_mapbbr3_lattice_constant_agrees_with_weber_1978():
    # independent source: Weber, Z. Naturforsch. 33b, 1443 (1978), cubic MAPbBr3
    # a = 5.92 A; the preset uses Poglitsch & Weber (1987), 5.901 A
    assert get_material("MAPbBr3").lattice_constant_m == pytest.approx(5.92e-10, rel=5e-3)
    assert "assumption" in get_material("MAPbBr3").sources["solubility_mol_l"]
    # bromide ordering of the cubic constants: Cs < MA < FA (A-cation size)
    a = [get_material(m).lattice_constant_m for m in ("CsPbBr3", "MAPbBr3", "FAPbBr3")]
    assert a == sorted(a)
