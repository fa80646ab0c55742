"""CLI plumbing: strict JSON, error handling (exit 2, one line) and atomic writes."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peled.cli._common import (
    PeledGroup,
    atomic_path,
    dumps,
    emit,
    fmt,
    parse_floats,
    parse_white,
    warn,
)
from peled.errors import FileFormatError, ParameterError
from peled.outputs import OUTPUT_MARKER, is_peled_output


def test_dumps_is_strict_json_with_null_for_non_finite():
    text = dumps({"a": np.float64(1.5), "b": float("nan"), "c": np.arange(3), "d": [math.inf]})
    assert json.loads(text) == {"a": 1.5, "b": None, "c": [0, 1, 2], "d": [None]}


def test_atomic_path_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.json"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_atomic_path_replaces_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_atomic_path_replaces_an_earlier_output_directory_whole(tmp_path):
    target = tmp_path / "out"
    with atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "stale.txt").write_text("old")
    assert is_peled_output(target)
    with atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "new.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == [OUTPUT_MARKER, "new.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temp or backup left


def test_atomic_path_never_replaces_a_user_folder(tmp_path):
    target = tmp_path / "thesis"
    target.mkdir()
    (target / "chapter1.tex").write_text("precious")
    with pytest.raises(ParameterError, match="was not written by peled"), atomic_path(target):
        raise AssertionError("the block must not run")
    assert (target / "chapter1.tex").read_text() == "precious"
    assert [p.name for p in tmp_path.iterdir()] == ["thesis"]


def test_atomic_path_keeps_old_directory_on_error(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("old")
    with pytest.raises(ValueError), atomic_path(target) as tmp:
        tmp.mkdir()
        (tmp / "half.txt").write_text("half")
        raise ValueError("boom")
    assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def _app_raising(exc: Exception) -> typer.Typer:
    app = typer.Typer(cls=PeledGroup)

    @app.command("boom")
    def boom() -> None:
        raise exc

    @app.command("other")
    def other() -> None:  # a second command keeps "boom" a sub-command of the group
        typer.echo("ok")

    return app


@pytest.mark.parametrize(
    "exc, message",
    [
        (ParameterError("--peak must be > 0, got -5"), "error: --peak must be > 0, got -5\n"),
        (FileFormatError("a.csv", "expected two numbers", line=7),
         "error: a.csv:7: expected two numbers\n"),
        (FileNotFoundError(2, "No such file", "missing.csv"),
         "error: missing.csv: file not found\n"),
    ],
)
def test_peled_errors_become_one_line_and_exit_2(exc, message):
    result = CliRunner().invoke(_app_raising(exc), ["boom"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.output == message  # one line on stderr, no traceback


def test_other_exceptions_are_not_swallowed():
    result = CliRunner().invoke(_app_raising(RuntimeError("bug")), ["boom"])
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)


def test_emit_json_is_exactly_one_object_and_fmt_hides_non_finite(capsys):
    emit({"cct_k": np.float64(6504.3), "duv": float("nan")}, True, "CCT")
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert json.loads(out) == {"cct_k": 6504.3, "duv": None}
    assert fmt(float("nan")) == "-" and fmt(None) == "-"
    assert fmt(6504.31484) == "6504" and fmt([0.5, 0.25]) == "0.5, 0.25"


def test_os_errors_from_user_paths_are_one_line_exit_2(tmp_path):
    from typer.testing import CliRunner

    from peled.cli import app

    result = CliRunner().invoke(app, ["film", "simulate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path}: cannot read: Is a directory\n"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=6))
def test_parse_floats_round_trips_any_list_of_numbers(values):
    text = ", ".join(repr(v) for v in values)
    assert parse_floats(text, "--x") == values
    assert parse_floats(text, "--x", len(values)) == values


@pytest.mark.parametrize(
    ("text", "count", "message"),
    [
        ("1,a", None, "--x: expected comma-separated numbers, got '1,a'"),
        ("", None, "--x: expected comma-separated numbers, got ''"),
        (" , ", None, "--x: expected comma-separated numbers, got ' , '"),
        ("1,2,3", 2, "--x: expected 2 comma-separated numbers, got '1,2,3'"),
    ],
)
def test_parse_floats_errors_name_the_option(text, count, message):
    with pytest.raises(ParameterError) as info:
        parse_floats(text, "--x", count)
    assert str(info.value) == message


def test_parse_white_name_or_xy_pair():
    assert parse_white(" D65 ") == "D65"
    assert parse_white("0.3127, 0.3290") == (0.3127, 0.3290)
    with pytest.raises(ParameterError, match="--white: expected 2 comma-separated"):
        parse_white("0.3,0.3,0.4")


def test_warn_prints_one_stderr_line_per_message(capsys):
    warn("first", "second")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "warning: first\nwarning: second\n"


def test_table_output_warnings_keep_bracketed_text(capsys):
    from peled.cli._common import print_warning

    print_warning("set [optics] emitter_layer and [[layer]] n, k")
    out = capsys.readouterr().out
    assert "warning: set [optics] emitter_layer and [[layer]] n, k" in out
