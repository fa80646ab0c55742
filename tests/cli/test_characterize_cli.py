"""``peled characterize``: one command tree; the old spellings are hidden deprecated aliases."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from typer.testing import CliRunner

from peled.cli import app

DEFECTS = resources.files("peled") / "data/examples/defects"


def _example(name: str) -> str:
    return str(DEFECTS / name)


CASES = [
    (["sclc"], ["sclc"], [_example("sclc_hole_only.csv"), "--thickness-nm", "300",
                          "--eps-r", "25"]),
    (["admittance"], ["admittance"],
     [_example(f"admittance_{t}K.csv") for t in (260, 280, 300, 320, 340)]
     + ["--vbi", "1.0", "--w-nm", "200"]),
    (["arrhenius"], ["arrhenius"], [_example("arrhenius_conductivity.csv")]),
    (["defects", "cv"], ["cv"], [_example("cv_mott_schottky.csv"), "--eps-r", "25"]),
    (["defects", "formation"], ["formation"], [_example("defects.toml")]),
    (["defects", "ta"], ["ta"], [_example("ta_map.csv"), "--wavelength-nm", "515"]),
]


@pytest.mark.parametrize(("old", "new", "args"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_old_spelling_is_a_deprecated_alias(old, new, args):
    r_new = CliRunner().invoke(app, ["characterize", *new, *args, "--json"])
    r_old = CliRunner().invoke(app, [*old, *args, "--json"])
    assert r_new.exit_code == 0 and r_old.exit_code == 0, r_old.output
    assert json.loads(r_old.stdout) == json.loads(r_new.stdout)
    note = (f"note: 'peled {' '.join(old)}' is deprecated, "
            f"use 'peled characterize {' '.join(new)}'")
    assert r_old.stderr.strip() == note
    assert r_new.stderr == ""


def test_old_spellings_are_hidden_from_help():
    r = CliRunner().invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "characterize" in r.stdout
    for old in ("sclc", "admittance", "arrhenius", "defects"):
        assert f" {old} " not in r.stdout


def test_admittance_w0_rad_s_equals_deprecated_w0_hz():
    """``w0_hz`` carries rad/s (kept one release); ``w0_rad_s`` is the same number."""
    args = CASES[1][2]
    out = json.loads(CliRunner().invoke(app, ["characterize", "admittance", *args,
                                              "--json"]).stdout)
    assert out["w0_rad_s"] == out["w0_hz"]
    # w0 = xi0 T^2 at the mean temperature (300 K of 260..340 K)
    assert out["w0_reference_t_k"] == pytest.approx(300.0)
    assert out["w0_rad_s"] == pytest.approx(out["xi0_hz_k2"] * 300.0**2, rel=1e-12)
