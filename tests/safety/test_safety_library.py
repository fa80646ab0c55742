"""Library pieces of the safety rules, checked against hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from peled.characterize.sclc.segments import segment_loglog, segment_loglog_decimated
from peled.errors import MAX_MESSAGE_CHARS, FileFormatError, ParameterError, one_line
from peled.outputs import csv_safe_cell, foreign_entries, mark_output, printable_name
from peled.report.decimate import display_indices


@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("-2+3", "'-2+3"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-3.5", "-3.5"), ("+4e-3", "+4e-3"), ("-inf", "-inf"), (-3.5, -3.5), (7, 7),
    ("dev-1", "dev-1"), ("", ""), (None, None),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, expected):
    assert csv_safe_cell(cell) == expected


def test_error_text_is_one_line_and_cut_in_the_middle():
    text = "a.csv:3: bad value '" + "x" * 10_000 + "'; expected a number"
    out = one_line(text)
    head, tail = MAX_MESSAGE_CHARS * 2 // 3, MAX_MESSAGE_CHARS - MAX_MESSAGE_CHARS * 2 // 3
    omitted = len(text) - head - tail
    assert out == text[:head] + f"[... {omitted} characters omitted ...]" + text[-tail:]
    assert out.endswith("'; expected a number") and out.startswith("a.csv:3:")
    assert one_line("a\nb\x1b[31mc") == "a\\nb\\x1b[31mc"  # no terminal escapes
    err = FileFormatError("f.csv", "row " + "9" * 5000, line=2)
    assert str(err).startswith("f.csv:2: row 999") and len(str(err)) < MAX_MESSAGE_CHARS + 50
    assert str(ParameterError("--x must be > 0")) == "--x must be > 0"


def test_foreign_entries_names_each_foreign_folder_once(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "a.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text("x")
    mark_output(tmp_path)
    assert foreign_entries(tmp_path) == []
    (tmp_path / "figures" / "mine.png").write_bytes(b"png")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n1.txt").write_text("1")
    (tmp_path / "notes" / "deep").mkdir()
    assert foreign_entries(tmp_path) == ["figures/mine.png", "notes/"]


def test_printable_name_escapes_undecodable_bytes_only():
    bad = b"dev\xff\xfe".decode("utf-8", "surrogateescape")
    assert printable_name(bad) == "dev\\xff\\xfe"
    assert printable_name("Grün <b>") == "Grün <b>"


def test_display_indices_spread_evenly_and_keep_the_ends():
    idx = display_indices(10_001, 101)
    assert idx.tolist() == list(range(0, 10_001, 100))
    assert display_indices(3, 101).tolist() == [0, 1, 2]


def test_decimated_segmentation_finds_the_exact_knees():
    n = 30_000
    x = np.linspace(0.0, 3.0, n)
    knee1, knee2 = 10_000, 20_000  # slopes 1, 8, 2 like ohmic / TFL / Child
    y = np.where(x < x[knee1], x, x[knee1] + 8 * (x - x[knee1]))
    y = np.where(x < x[knee2], y, y[knee2] + 2 * (x - x[knee2]))
    sse, bounds = segment_loglog_decimated(x, y, 3, 4)[2]
    step = n / 2000
    assert bounds[0] == 0 and bounds[-1] == n
    assert abs(bounds[1] - knee1) <= step and abs(bounds[2] - knee2) <= step
    # the SSE is that of line fits to every point within the found segments
    ref = 0.0
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        coef = np.polyfit(x[lo:hi], y[lo:hi], 1)
        ref += float(np.sum((y[lo:hi] - np.polyval(coef, x[lo:hi])) ** 2))
    assert sse == pytest.approx(ref, abs=1e-6)
    # short curves are segmented exactly, as before
    assert segment_loglog_decimated(x[:500], y[:500], 2, 4) == segment_loglog(
        x[:500], y[:500], 2, 4)


def test_nucleation_at_infinite_supersaturation_is_a_clean_error():
    from importlib import resources

    from peled.film.kinetics import FilmModel, SimulationError
    from peled.film.process import load_process

    path = resources.files("peled") / "data/examples/film/antisolvent.toml"
    model = FilmModel(load_process(path))
    with pytest.raises(SimulationError, match="beyond classical nucleation theory"):
        model.nucleation(1.0, 1e-320)
    j, r = model.nucleation(2.0, 1.0)
    assert j >= 0 and math.isfinite(r)
