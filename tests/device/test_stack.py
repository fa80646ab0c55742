"""Stack file validation: schema, unknown keys, non-physical values, shipped examples."""

from __future__ import annotations

import copy

import pytest
import scipy.constants as sc

from peled.device.stack import StackError, stack_from_mapping
from peled.errors import FileFormatError
from peled.io_stack import example_stack_path, load_stack

EXAMPLES = ("green_cspbbr3", "red_cspbi3", "skyblue_quasi2d", "hole_only_sclc")


def _base():
    return {
        "layer": [
            {"name": "ITO", "electrical": False, "thickness_nm": 150, "n": 1.9, "k": 0.01},
            {"name": "HTL", "thickness_nm": 30, "eps_r": 3.0, "electron_affinity_ev": 2.4,
             "ionisation_energy_ev": 5.2, "nc_per_m3": 1e26, "nv_per_m3": 1e26,
             "mu_n_m2_vs": 1e-10, "mu_p_m2_vs": 1e-8, "nk": "poly-TPD"},
            {"name": "EML", "thickness_nm": 40, "eps_r": 7.3, "electron_affinity_ev": 3.4,
             "ionisation_energy_ev": 5.8, "nc_per_m3": 3e24, "nv_per_m3": 3e24,
             "mu_n_m2_vs": 1e-6, "mu_p_m2_vs": 1e-6, "k_rad_m3_s": 1e-16,
             "trap": [{"density_per_m3": 1e20, "energy_ev": 4.6, "cn_m3_s": 1e-14,
                       "cp_m3_s": 1e-14, "type": "acceptor"}]},
        ],
        "interface": [{"left": "HTL", "right": "EML", "trap_per_m2": 1e14,
                       "trap_energy_ev": 4.5, "trap_cn_m3_s": 1e-15, "trap_cp_m3_s": 1e-15}],
        "contacts": {"left_work_function_ev": 5.2, "right_work_function_ev": 3.5},
        "optics": {"emitter_layer": "EML", "outcoupling": 0.25},
    }


def test_valid_mapping_round_trip():
    s = stack_from_mapping(_base(), source="x.toml")
    assert [layer.name for layer in s.electrical_layers] == ["HTL", "EML"]
    assert s.layers[0].electrical is False and s.layers[0].n == 1.9
    assert s.layers[1].nk_table == "poly-TPD"
    assert s.layers[2].traps[0].type == "acceptor"
    assert s.interface("HTL", "EML").trap_per_m2 == 1e14
    assert s.emitter.name == "EML" and s.optics.outcoupling == 0.25
    assert s.layers[2].bandgap_ev == pytest.approx(2.4)
    assert s.grid.points == 250 and s.sweep.direction == "forward"


@pytest.mark.parametrize(
    ("path", "key", "closest"),
    [
        ((), "temprature_k", "temperature_k"),
        (("layer", 1), "thickness_mn", "thickness_nm"),
        (("layer", 2), "k_rad_m3s", "k_rad_m3_s"),
        (("contacts",), "left_work_function", "left_work_function_ev"),
        (("layer", 2, "trap", 0), "density_per_cm3", "density_per_m3"),
    ],
)
def test_unknown_key_names_closest(path, key, closest):
    m = _base()
    table = m
    for p in path:
        table = table[p]
    table[key] = 1.0
    with pytest.raises(StackError, match=rf"unknown key '{key}' \(did you mean '{closest}'\?\)"):
        stack_from_mapping(m, source="x.toml")


@pytest.mark.parametrize(
    ("layer", "key", "value", "message"),
    [
        (1, "thickness_nm", -3.0, "layer 'HTL': thickness_nm must be > 0"),
        (2, "eps_r", 0.0, "layer 'EML': eps_r must be > 0"),
        (2, "ionisation_energy_ev", 3.0, "layer 'EML': ionisation_energy_ev must exceed"),
        (2, "mu_p_m2_vs", -1e-6, "layer 'EML': mu_p_m2_vs must be > 0"),
        (2, "anion_per_m3", 1e24, "layer 'EML': mu_anion_m2_vs must be > 0"),
        (2, "nc_per_m3", "many", "layer 'EML': nc_per_m3 must be a number"),
    ],
)
def test_non_physical_values_name_layer_and_key(layer, key, value, message):
    m = _base()
    m["layer"][layer][key] = value
    with pytest.raises(StackError, match=message):
        stack_from_mapping(m, source="x.toml")


def test_trap_outside_gap_is_rejected():
    m = _base()
    m["layer"][2]["trap"][0]["energy_ev"] = 6.0
    with pytest.raises(StackError, match="layer 'EML' trap #1: energy_ev must lie inside the gap"):
        stack_from_mapping(m)


def test_missing_required_and_structure_errors():
    m = _base()
    del m["layer"][2]["mu_n_m2_vs"]
    with pytest.raises(StackError, match="layer 'EML': mu_n_m2_vs is required"):
        stack_from_mapping(m)
    m = _base()
    m["layer"][0]["eps_r"] = 4.0
    with pytest.raises(StackError, match="eps_r applies only to electrical layers"):
        stack_from_mapping(m)
    m = _base()
    m["layer"].append(copy.deepcopy(m["layer"][0]) | {"name": "X"})
    m["layer"].append(copy.deepcopy(m["layer"][2]) | {"name": "EML2"})
    with pytest.raises(StackError, match="'X' has electrical = false but sits between"):
        stack_from_mapping(m)
    m = _base()
    m["interface"][0]["right"] = "ITO"
    with pytest.raises(StackError, match="right names no electrical layer"):
        stack_from_mapping(m)
    m = _base()
    m["layer"][1]["k"] = 0.1
    with pytest.raises(StackError, match="alternatives"):
        stack_from_mapping(m)
    m = _base()
    m["sweep"] = {"direction": "fwd"}
    with pytest.raises(StackError, match="did you mean 'forward'"):
        stack_from_mapping(m)
    m = _base()
    m["optics"]["outcoupling"] = 1.5
    with pytest.raises(StackError, match="optics: outcoupling must be <= 1"):
        stack_from_mapping(m)


@pytest.mark.parametrize("name", EXAMPLES)
def test_shipped_examples_load_and_have_provenance(name):
    path = example_stack_path(name)
    stack = load_stack(path)
    assert stack.electrical_layers
    # every numeric assignment line carries a provenance comment
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        stripped = line.split("#")[0].strip()
        if "=" in stripped and stripped.split("=")[1].strip()[:1] in "-0123456789":
            assert "#" in line or stripped.startswith(("start_v", "stop_v", "step_v")), \
                f"{name}.toml:{lineno} has no provenance comment"


def test_effective_density_of_states_matches_effective_mass():
    # nc_per_m3 of the CsPbBr3 examples is derived from mu = 0.126 m0 with m = 2 mu
    m = 2 * 0.126 * sc.m_e
    nc = 2 * (2 * sc.pi * m * sc.k * 300.0 / sc.h**2) ** 1.5
    layer = load_stack(example_stack_path("green_cspbbr3")).layer("CsPbBr3")
    assert layer.nc_per_m3 == pytest.approx(nc, rel=0.02)


def test_loader_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[layer]\nname = 1\n")
    with pytest.raises(FileFormatError, match="bad.toml: invalid TOML"):
        load_stack(bad)
    with pytest.raises(FileFormatError, match="cannot read"):
        load_stack(tmp_path / "missing.toml")
    with pytest.raises(FileFormatError, match="did you mean 'red_cspbi3'"):
        example_stack_path("red_cspbi")
