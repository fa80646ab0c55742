"""Campaign schema: every shipped example loads; each kind of mistake names its key;
property tests of the unit-cube map and of arbitrary bad values (always a CampaignError)."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peled.lab.campaign import CampaignError, Parameter, load_campaign, parse_campaign

EXAMPLES = Path(__file__).resolve().parents[2] / "src/peled/data/examples/lab"

BASE = {
    "parameters": [
        {"name": "a", "type": "continuous", "low": 0.0, "high": 1.0},
        {"name": "b", "type": "continuous", "low": 0.0, "high": 1.0},
        {"name": "t", "type": "continuous", "low": 1.0, "high": 100.0, "log": True},
        {"name": "n", "type": "integer", "low": 1, "high": 5},
        {"name": "lig", "type": "categorical", "levels": ["x", "y"]},
    ],
    "objectives": [{"name": "plqy", "goal": "maximize"}],
    "budget": {"experiments": 8, "batch_size": 2},
}


def variant(**patch):
    data = copy.deepcopy(BASE)
    for path, value in patch.items():
        node = data
        keys = path.split("__")
        for k in keys[:-1]:
            node = node[int(k)] if k.isdigit() else node[k]
        last = keys[-1]
        if value is None:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return data


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_examples_load(path):
    c = load_campaign(path)
    assert c.experiments >= c.batch_size >= 1
    assert set(c.outcome_names) <= set(c.instrument.measures)


def test_defaults_and_maps():
    c = parse_campaign(BASE, "c.toml")
    assert c.mode == "single" and c.strategy == "bo" and c.initial == 4
    t = c.parameter("t")
    assert t.to_unit(10.0) == pytest.approx(0.5)  # log10(10) is half way from 1 to 100
    assert c.parameter("n").from_unit(0.5) == 3
    assert c.parameter("lig").from_unit(1.0) == "y"


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"budgte": {}}, "budgte: unknown key; did you mean 'budget'?"),
        ({"parameters__0__hihg": 2.0}, "parameters[0].hihg: unknown key; did you mean 'high'?"),
        ({"parameters__0__low": 1.0}, "parameters.a.low: empty bounds"),
        ({"parameters__0__low": 2.0}, "parameters.a.low: inverted bounds"),
        ({"parameters__4__levels": ["x"]}, "parameters.lig.levels: a categorical parameter "
         "needs at least 2 levels"),
        ({"parameters__2__low": 0.0}, "parameters.t.low: a log-scaled parameter needs low > 0"),
        ({"objectives__0__name": "plqyy"}, "objectives.plqyy.name: no measurement of "
         "instrument 'twin' produces 'plqyy'"),
        ({"objectives__0__goal": "maximise"}, "did you mean 'maximize'"),
        ({"constraints": [{"coefficients": {"a": 1.0, "b": 1.0}, "lower": 2.5}]},
         "constraints[0]: infeasible"),
        ({"constraints": [{"coefficients": {"a": 1.0, "b": 1.0}, "lower": 1.0, "upper": 1.0}]},
         "constraints[0]: an equality (lower = upper = 1) leaves no volume to sample; leave "
         "one term out as the remainder"),
        ({"constraints": [{"coefficients": {"a": 1.0, "c": 1.0}, "upper": 1.0}]},
         "constraints[0].coefficients.c: not a parameter"),
        ({"budget__experiments": 1}, "budget.experiments: must be >= batch_size"),
        ({"instrument": {"kind": "command"}}, "instrument.command: the command instrument"),
    ],
)
def test_errors_name_the_key(patch, message):
    with pytest.raises(CampaignError) as exc:
        parse_campaign(variant(**patch), "c.toml")
    text = str(exc.value)
    assert text.startswith("c.toml: ") and "\n" not in text
    assert message in text


def test_two_constraints_infeasible_together():
    data = variant(constraints=[
        {"coefficients": {"a": 1.0, "b": 1.0}, "upper": 0.5},
        {"coefficients": {"a": 1.0, "b": -1.0}, "lower": 0.8},
    ])
    with pytest.raises(CampaignError, match="constraints: infeasible"):
        parse_campaign(data, "c.toml")


def test_pareto_needs_reference_and_reference_point():
    data = variant(objectives=[{"name": "plqy", "goal": "maximize", "reference": 0.2},
                               {"name": "fwhm_nm", "goal": "minimize"}],
                   optimization={"mode": "pareto"})
    with pytest.raises(CampaignError, match="objectives.fwhm_nm.reference"):
        parse_campaign(data)
    data["objectives"][1]["reference"] = 40.0
    c = parse_campaign(data)
    assert c.reference_point() == [0.2, -40.0]
    u = c.utilities({"plqy": 0.7, "fwhm_nm": 20.0})
    assert u == [0.7, -20.0]


def test_target_objective_is_a_deviation():
    data = variant(objectives=[{"name": "peak_nm", "goal": "target", "target": 490.0,
                                "tolerance": 3.0}])
    c = parse_campaign(data)
    assert c.scalar({"peak_nm": 493.5}) == pytest.approx(-3.5)
    assert math.isnan(c.target)


def test_invalid_toml_names_file(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text("[campaign\nname = 1\n")
    with pytest.raises(CampaignError, match="bad.toml: not valid TOML"):
        load_campaign(p)


@given(st.floats(1e-3, 1e3), st.floats(1.001, 1e3), st.floats(0.0, 1.0), st.booleans())
def test_unit_map_round_trip(low, factor, u, log):
    p = Parameter("x", "continuous", low, low * factor, log=log)
    x = p.from_unit(u)
    assert p.low <= x <= p.high
    assert p.to_unit(x) == pytest.approx(u, abs=1e-9)


_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True),
                    st.text(max_size=5), st.lists(st.integers(), max_size=2))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["parameters__0__low", "parameters__0__high", "parameters__2__log",
                        "parameters__4__levels", "objectives__0__goal", "budget__experiments",
                        "budget__batch_size", "budget__initial", "objectives__0__weight"]),
       _VALUES)
def test_any_bad_value_is_a_campaign_error(path, value):
    try:
        parse_campaign(variant(**{path: value}) if value is not None else variant(**{path: 0}),
                       "c.toml")
    except CampaignError as exc:
        assert str(exc).startswith("c.toml: ") and "\n" not in str(exc)
