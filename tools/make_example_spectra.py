"""Regenerate the bundled example RGB electroluminescence spectra.

The files in ``src/peled/data/examples/spectra/`` are SYNTHETIC: an asymmetric
(split-Gaussian in energy, low-energy tail) line shape from
:func:`peled.spectra.asymmetric` plus seeded Gaussian detector noise (0.4 % of the
peak) on a 0.5 nm grid, stored as integer-like counts, clipped at zero after dark
subtraction.  Parameters are typical of perovskite LEDs in the seed tables:

- red   : 640 nm, FWHM 32 nm (CsPb(Br/I)3 pure-red PNC-LEDs, seed 003 Table 2 and
          seed 001 Table 5 report 630-650 nm with 30-35 nm FWHM)
- green : 518 nm, FWHM 20 nm (CsPbBr3 PNC-LEDs, seed 001 Table 5: 512-522 nm, ~20 nm)
- blue  : 470 nm, FWHM 22 nm (pure-blue CsPb(Br/Cl)3 / Q2D, seed 001 Tables 3/5: 465-478 nm)

``color/white_led.csv`` is the white spectrum of a blue InGaN chip (450 nm, FWHM 20 nm)
with CsPbBr3 green (530 nm, 20 nm, PLQY 0.9) and CsPb(Br/I)3 red (630 nm, 25 nm, PLQY 0.8)
converters mixed to 6500 K on the Planckian locus by
:func:`peled.color.white_from_converters` (converter parameters in the range of seed 003
Table 1), without noise.

Run: ``python tools/make_example_spectra.py`` (deterministic).
"""

from pathlib import Path

import numpy as np

from peled.spectra import asymmetric

OUT = Path(__file__).resolve().parents[1] / "src" / "peled" / "data" / "examples" / "spectra"
PRIMARIES = {
    "red": (640.0, 32.0, 2.0e4),
    "green": (518.0, 20.0, 3.5e4),
    "blue": (470.0, 22.0, 1.2e4),
}


def main() -> None:
    rng = np.random.default_rng(20261121)
    grid = np.arange(380.0, 780.01, 0.5)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (peak, fwhm, counts) in PRIMARIES.items():
        y = counts * asymmetric(peak, fwhm, grid, asymmetry=1.3)
        y = np.clip(y + rng.normal(0.0, 0.004 * counts, grid.size), 0.0, None).round(1)
        lines = [
            f"# peled example: SYNTHETIC {name} EL spectrum (see tools/make_example_spectra.py)",
            f"# model: asymmetric split-Gaussian in energy, peak {peak:g} nm, FWHM {fwhm:g} nm,"
            " asymmetry 1.3, 0.4 % noise",
            "wavelength (nm),intensity (counts)",
        ]
        lines += [f"{w:.1f},{v:.1f}" for w, v in zip(grid, y, strict=True)]
        (OUT / f"{name}.csv").write_text("\n".join(lines) + "\n")
    write_white_led()


def write_white_led() -> None:
    from peled.color import white_from_converters

    mix = white_from_converters(
        blue=(450.0, 20.0), green=(530.0, 20.0, 0.9), red=(630.0, 25.0, 0.8), target_cct_k=6500
    )
    out = OUT.parent / "color"
    out.mkdir(parents=True, exist_ok=True)
    s = mix.spectrum
    lines = [
        "# peled example: SYNTHETIC white LED (blue chip + perovskite converters, 6500 K);"
        " see tools/make_example_spectra.py",
        "wavelength (nm),spectral power (W/nm per W of blue)",
    ]
    lines += [f"{w:.0f},{v:.6e}" for w, v in zip(s.wavelength_nm, s.intensity, strict=True)]
    (out / "white_led.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
