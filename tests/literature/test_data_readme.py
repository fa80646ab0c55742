"""``peled/literature/data/README.md`` documents the shipped data: every flag code used in
the CSVs has a meaning there, and its file table gives the record counts of the files."""

from __future__ import annotations

import re

import pytest

from peled.literature import parse_flags
from peled.literature.dataset import (
    data_dir,
    load,
    load_expected_findings,
    load_sources,
    load_targets,
)
from peled.literature.queries import NOT_A_DEVICE_FLAGS, SUSPICIOUS_FLAGS


def readme() -> str:
    path = data_dir() / "README.md"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    return path.read_text(encoding="utf-8")


def documented_codes(text: str) -> dict[str, str]:
    """Code -> meaning from the table of the "Flag vocabulary" section."""
    section = text.split("## Flag vocabulary", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, flags=re.M)
    return dict(rows)


def test_every_flag_code_is_documented():
    codes = documented_codes(readme())
    used = {code for f in load()["flags"] for code in parse_flags(f)}
    assert len(used) > 50  # the vocabulary is large: the parser must have found the table
    missing = sorted(used - set(codes))
    assert not missing, f"flag codes used in the data but not in data/README.md: {missing}"
    # the codes that change an analysis are documented even before they are used
    assert set(SUSPICIOUS_FLAGS) | set(NOT_A_DEVICE_FLAGS) <= set(codes)
    assert all(len(meaning.strip()) > 10 for meaning in codes.values())


def test_documented_codes_are_used_or_act_on_the_analysis():
    """No stale entries: a documented code is in the data or has an effect in the code."""
    codes = set(documented_codes(readme()))
    used = {code for f in load()["flags"] for code in parse_flags(f)}
    assert codes <= used | set(SUSPICIOUS_FLAGS) | set(NOT_A_DEVICE_FLAGS)


def test_file_table_gives_the_record_counts():
    text = readme()
    table = re.findall(r"^\| `([\w.]+\.csv)` \| .*? \| ([\d-]+) \| (\d+) \|$", text, flags=re.M)
    counts = load()["file"].value_counts().to_dict()
    counts["commercial_targets.csv"] = len(load_targets())
    counts["expected_findings.csv"] = len(load_expected_findings())
    counts["sources.csv"] = len(load_sources())
    assert {f: int(n) for f, _, n in table} == counts
