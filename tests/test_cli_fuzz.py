"""Fuzz every command of the ``peled`` app: exit 0, or exit 2 with one ``error:`` line.

The commands are discovered from the Typer app, so a new command is fuzzed the day it
lands.  For each command hypothesis draws values for its parameters from their types
(numbers at the edges of the float range, NaN, text, comma lists, option words), input
files with generated content (CSV-like tables, TOML-like lines, random text or bytes,
a missing file, a folder) and output paths with any extension.  Whatever the input, the
command must exit 0, or exit 2 with exactly one ``error: ...`` line last on stderr, and
never show a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.core import TyperGroup
from typer.testing import CliRunner

from peled.cli import app

#: Commands that are not fuzzed, with the reason; every other command is.
NOT_FUZZED = {
    ("demo",): "no input at all: every run is the full 20 s demo (tests/cli/test_demo.py)",
}


def _commands() -> list[tuple[tuple[str, ...], object]]:
    root = typer.main.get_command(app)
    out, seen = [], set()

    def walk(cmd, path):
        if isinstance(cmd, TyperGroup):
            for name, sub in sorted(cmd.commands.items()):
                walk(sub, (*path, name))
        elif cmd.callback not in seen:  # hidden aliases share the callback
            seen.add(cmd.callback)
            out.append((path, cmd))

    walk(root, ())
    return out


COMMANDS = _commands()

_FLOATS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -1.0, 1e308, -1e308, 1e-308, 5e-324, 1.0, 300.0, 532.0, 1e6]),
).map(repr)
_INTS = st.one_of(st.integers(-3, 50), st.sampled_from([0, 1, 2, 10**6])).map(str)
_WORDS = st.one_of(
    st.sampled_from([
        "", "abc", "nan", "-1", "1e308", "0", "D65", "0.3127,0.3290", "1,2,3", "635,25,17",
        "520,20,21", "1,1", "stripe", "pentile", "gaussian", "lorentzian", "weak", "cube",
        "t_end_s:1:2:2", "temperature_k:290:310:3", "x:0:1:3", "=1+1", "<b>x</b>", "CsPbBr3",
        "MAPbBr3", "color", "eqe_pct", "green", "3840x2160", "16:9", "a" * 300,
    ]),
    st.text(max_size=20),
)
_NUM_TEXT = st.sampled_from(["0", "1", "-1", "1e308", "nan", "inf", "300", "0.5", "1e-12",
                             "abc", ""])


@st.composite
def _csv_text(draw) -> str:
    header = draw(st.sampled_from([
        "V (V),J (mA/cm2),L (cd/m2)", "wavelength (nm),intensity", "T (K),sigma (S/cm)",
        "V (V),C (F),f (Hz)", "t (s),counts", "device,V (V),J (mA/cm2)", "a,b", "",
    ]))
    ncol = max(1, header.count(",") + 1)
    rows = draw(st.lists(st.lists(_NUM_TEXT, min_size=ncol, max_size=ncol), max_size=12))
    return "\n".join([header, *(",".join(r) for r in rows)]) + "\n"


_TOML_LINES = st.lists(st.sampled_from([
    'material = "CsPbBr3"', "temperature_k = 300.0", "t_end_s = 1.0", "[solution]",
    "concentration_mol_l = 0.25", "concentration_mol_l = 1e30", "[drive]",
    "evaporation_rate = 1e6", "name = '=cmd'", "area_cm2 = -1", "[[layers]]",
    'x = "', "= = =", "[seeds]", "number_density_m3 = 1e300", "nan = nan",
]), max_size=10).map(lambda lines: "\n".join(lines) + "\n")

_CONTENT = st.one_of(_csv_text(), _TOML_LINES, st.text(max_size=300),
                     st.binary(max_size=200))
_SUFFIX = st.sampled_from([".csv", ".toml", ".txt", ".png", ".svg", ".pdf", ".html", ""])


def _input_path(draw, folder: Path, k: int) -> str:
    kind = draw(st.sampled_from(["file", "file", "file", "missing", "folder"]))
    p = folder / f"in{k}{draw(_SUFFIX)}"
    if kind == "missing":
        return str(p)
    if kind == "folder":
        p.mkdir(exist_ok=True)
        return str(p)
    content = draw(_CONTENT)
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8", errors="surrogateescape")
    return str(p)


def _output_path(draw, folder: Path, k: int) -> str:
    name = draw(st.sampled_from(["out", "out.png", "out.svg", "out.pdf", "out.txt",
                                 "out.html", "sub/deeper/out.png", "in0"]))
    return str(folder / name) if name != "in0" else str(folder / f"out{k}")


def _argv(draw, cmd, folder: Path) -> list[str]:
    argv: list[str] = []
    for k, p in enumerate(cmd.params):
        if p.param_type_name == "option" and p.opts and p.opts[0] == "--help":
            continue
        if not p.required and not draw(st.booleans()):
            continue
        ann = p.type_descriptor.annotation
        opt = p.opts[0] if p.param_type_name == "option" else None
        if getattr(p, "is_flag", False):
            names = [*p.opts, *p.secondary_opts]
            argv.append(draw(st.sampled_from(names)))
            continue
        is_list = getattr(ann, "__origin__", None) is list
        base = ann.__args__[0] if is_list else ann
        n = draw(st.integers(1, 2)) if (is_list or p.nargs == -1) else 1
        for _ in range(n):
            if base is Path or (isinstance(base, type) and issubclass(base, Path)):
                out = opt in ("-o", "--out", "--output", "--plot")
                value = _output_path(draw, folder, k) if out else _input_path(draw, folder, k)
            elif base is float:
                value = draw(_FLOATS)
            elif base is int:
                value = draw(_INTS)
            else:
                value = draw(_WORDS)
            argv += [opt, value] if opt else [value]
    return argv


def _check(result, argv) -> None:
    where = f"peled {' '.join(argv)!r}"[:500]
    out = (result.stdout or "") + (result.stderr or "")
    assert "Traceback" not in out, where
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{where}: uncaught {result.exception!r}") from result.exception
    assert result.exit_code in (0, 2), (where, result.exit_code, out[-1000:])
    if result.exit_code == 2:
        lines = [ln for ln in (result.stderr or "").splitlines() if ln.strip()]
        errors = [ln for ln in lines if ln.startswith("error: ")]
        assert len(errors) == 1 and lines[-1] == errors[0], (where, result.stderr[-1000:])


@pytest.mark.parametrize(("path", "cmd"), [c for c in COMMANDS if c[0] not in NOT_FUZZED],
                         ids=[" ".join(c[0]) for c in COMMANDS if c[0] not in NOT_FUZZED])
def test_fuzz_command(path, cmd):
    runner = CliRunner()

    @settings(max_examples=3, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        with tempfile.TemporaryDirectory() as d:
            argv = [*path, *_argv(data.draw, cmd, Path(d))]
            _check(runner.invoke(app, argv), argv)

    run()


def test_every_command_is_fuzzed_or_excused():
    names = {c[0] for c in COMMANDS}
    assert set(NOT_FUZZED) <= names, "an excused command no longer exists"
    assert len(names) - len(NOT_FUZZED) >= 40
