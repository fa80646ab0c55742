"""CLI plumbing: strict JSON and atomic writes."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from peled.cli._common import atomic_path, dumps


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
