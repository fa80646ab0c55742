"""PROCESS.toml parsing: schema, typo safety and one-line errors naming file, line and key."""

from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.errors import FileFormatError, ParameterError
from peled.film.process import PARAMETER_NAMES, ProcessSpec, load_process, parse_process

EXAMPLES = files("peled") / "data" / "examples" / "film"

GOOD = """material = "CsPbBr3"
temperature_k = 300
t_end_s = 10.0

[solution]
concentration_mol_l = 0.25

[drive]
evaporation_rate = 0.05
antisolvent_time_s = 4.0
"""


@pytest.mark.parametrize("name", ["antisolvent.toml", "evaporation.toml", "ripening.toml"])
def test_examples_parse(name):
    spec = load_process(EXAMPLES / name)
    assert isinstance(spec, ProcessSpec)
    assert spec.n_classes == 400


def test_values_land_in_fields_and_defaults_apply():
    spec = parse_process(GOOD, "p.toml")
    assert spec.temperature_k == 300.0 and isinstance(spec.temperature_k, float)
    assert spec.evaporation_rate == 0.05
    assert spec.antisolvent_time_s == 4.0
    assert spec.mode == "diffusion" and spec.enabled is True
    assert spec.solubility_mol_l is None  # from the material preset


def _error(text: str) -> str:
    with pytest.raises(FileFormatError) as exc:
        parse_process(text, "proc.toml")
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith("proc.toml")
    return msg


def test_negative_rate_names_file_line_and_key():
    msg = _error(GOOD.replace("evaporation_rate = 0.05", "evaporation_rate = -0.05"))
    assert msg.startswith("proc.toml:9:")
    assert "drive.evaporation_rate" in msg and ">= 0" in msg


def test_missing_material():
    msg = _error(GOOD.replace('material = "CsPbBr3"\n', ""))
    assert "missing required key material" in msg and "CsPbBr3" in msg


def test_unknown_material():
    msg = _error(GOOD.replace("CsPbBr3", "Unobtainium"))
    assert "proc.toml:1:" in msg and "Unobtainium" in msg


def test_unknown_key_typo_is_an_error_with_line():
    msg = _error(GOOD.replace("evaporation_rate", "evaporaton_rate"))
    assert msg.startswith("proc.toml:9:") and "drive.evaporaton_rate" in msg
    assert "drive.evaporation_rate" in msg  # lists the allowed keys
    assert "(did you mean 'evaporation_rate'?)" in msg  # names the closest one
    top = _error(GOOD.replace("temperature_k", "temperatur_k"))
    assert "unknown key 'temperatur_k' (did you mean 'temperature_k'?)" in top


def test_unknown_table_and_misplaced_key():
    assert "[solvent]" in _error(GOOD + "\n[solvent]\nname = 'DMF'\n")
    msg = _error("evaporation_rate = 0.1\n" + GOOD)
    assert "belongs in [drive]" in msg


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("t_end_s = 10.0", "t_end_s = 0", "t_end_s"),
        ("t_end_s = 10.0", 't_end_s = "long"', "must be a number"),
        (
            "antisolvent_time_s = 4.0",
            "antisolvent_time_s = 4.0\nantisolvent_strength = 0.5",
            "antisolvent_strength",
        ),
        ("[drive]", "[growth]\nmode = 'ballistic'\n[drive]", "growth.mode"),
        ("[drive]", "[numerics]\nn_classes = 3.5\n[drive]", "numerics.n_classes"),
        ("[drive]", "[nucleation]\nenabled = 1\n[drive]", "nucleation.enabled"),
    ],
)
def test_bad_values(old, new, fragment):
    assert fragment in _error(GOOD.replace(old, new))


def test_invalid_toml_and_missing_file(tmp_path):
    assert "invalid TOML" in _error(GOOD + "\n[drive\n")
    with pytest.raises(FileFormatError, match="file not found"):
        load_process(tmp_path / "nope.toml")


def test_r_max_must_exceed_r_min():
    assert "r_max_nm" in _error(GOOD + "\n[numerics]\nr_min_nm = 10.0\nr_max_nm = 5.0\n")


def test_with_values_validates():
    spec = parse_process(GOOD)
    assert spec.with_values(ramp_rate=0.3).ramp_rate == 0.3
    with pytest.raises(ParameterError, match="ramp_rate"):
        spec.with_values(ramp_rate=-1.0)
    with pytest.raises(ParameterError, match="unknown process parameter"):
        spec.with_values(evaporaton_rate=0.1)


@settings(max_examples=50, deadline=None)
@given(key=st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True))
def test_property_any_unknown_drive_key_is_rejected(key):
    if key in PARAMETER_NAMES:
        return
    text = GOOD.replace("[drive]", f"[drive]\n{key} = 1.0")
    with pytest.raises(FileFormatError, match=f"drive.{key}"):
        parse_process(text, "x.toml")


@settings(max_examples=50, deadline=None)
@given(rate=st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_property_rates_accepted_iff_non_negative(rate):
    text = GOOD.replace("evaporation_rate = 0.05", f"evaporation_rate = {rate!r}")
    if rate >= 0:
        assert parse_process(text).evaporation_rate == rate
    else:
        with pytest.raises(FileFormatError, match="evaporation_rate"):
            parse_process(text)


def test_first_release_seed_density_key_is_still_read():
    """``[seeds] number_density_m3`` (m^-3 spelled like a volume) is read as
    ``number_density_per_m3`` for one release; the summary JSON carries both keys."""
    old = parse_process(GOOD + "\n[seeds]\nnumber_density_m3 = 1e18\n", "proc.toml")
    new = parse_process(GOOD + "\n[seeds]\nnumber_density_per_m3 = 1e18\n", "proc.toml")
    assert old.number_density_per_m3 == new.number_density_per_m3 == 1e18
    from peled.film.processmap import parse_axis

    assert parse_axis("number_density_m3:1e15:1e17:3").name == "number_density_per_m3"
