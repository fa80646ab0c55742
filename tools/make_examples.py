"""Rebuild every generated file in ``src/peled/data/examples/`` from :mod:`peled.datasets`.

Run: ``python tools/make_examples.py [OUT]`` (deterministic; default OUT is the package's
``data/examples``).  ``tests/datasets/test_examples_reproduced.py`` regenerates into a
temporary folder and checks that the shipped files are reproduced exactly.

Generated: ``devices/<name>/`` (:func:`peled.datasets.make_example_devices`),
``emitter/*.csv`` (:func:`peled.datasets.make_trpl_series`), ``defects/*``
(:func:`peled.datasets.make_defect_examples`), ``spectra/*.csv``
(:func:`peled.datasets.make_el_primaries`), ``color/white_led.csv``
(:func:`peled.datasets.make_white_led`) and ``display/test_pattern_64x36.png``
(:func:`peled.display.image.colour_bar_pattern_rgb8`).  Hand-written inputs are not
generated: the ``README.txt`` files and the film process files ``film/*.toml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from peled.datasets import (
    make_defect_examples,
    make_el_primaries,
    make_example_devices,
    make_trpl_series,
    make_white_led,
)

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "peled" / "data" / "examples"


def write_test_pattern(directory: Path) -> Path:
    """The display test pattern PNG (see ``display/README.txt``)."""
    from PIL import Image

    from peled.display.image import colour_bar_pattern_rgb8

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "test_pattern_64x36.png"
    Image.fromarray(colour_bar_pattern_rgb8()).save(path, optimize=True)
    return path


def main(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write every generated example file under ``out``; returns the files written."""
    devices = [f for folder in make_example_devices(out / "devices")
               for f in sorted(folder.iterdir())]
    return [
        *devices,
        *make_trpl_series(out / "emitter"),
        *make_defect_examples(out / "defects"),
        *make_el_primaries(out / "spectra"),
        make_white_led(out / "color"),
        write_test_pattern(out / "display"),
    ]


if __name__ == "__main__":
    written = main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT)
    print(f"wrote {len(written)} files")
