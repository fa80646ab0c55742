"""Where the tests find the plain-text copies of the five reviews of the literature dataset.

The dataset cites each review by a citation key (``jang2025``, resolved by
``peled/literature/data/sources.csv``); the tests that check transcribed cells against the
review text need the local plain-text file of that review.  The copies are not part of the
repository: tests that need them skip when the directory is absent.
"""

from __future__ import annotations

from pathlib import Path

_REPO = Path(__file__).resolve().parents[2]

#: Directory of the plain-text copies (next to the checkout, else the shared location).
SEEDS = next(
    (d for d in (_REPO.parent / "shared" / "seeds", Path("/work/shared/seeds")) if d.is_dir()),
    _REPO.parent / "shared" / "seeds",
)

#: Citation key -> stem of its plain-text copy (listed in the copies' INDEX.md).
SEED_FILES = {
    "cao2025": "000_50066883e743d89f",
    "jang2025": "001_38d1c55193db8ee2",
    "jiang2024": "002_7966451d1f2c3349",
    "yang2023": "003_50d79242e55fad6a",
    "zhao2025": "004_14c04ac14b733638",
}


def seed_path(key: str) -> Path:
    """Plain-text copy of the review cited as ``key``."""
    return SEEDS / f"{SEED_FILES[key]}.txt"
