"""The bundled SYNTHETIC spectra: RGB electroluminescence primaries and a white LED.

``spectra/{red,green,blue}.csv`` hold an asymmetric (split-Gaussian in energy,
low-energy tail) line shape from :func:`peled.spectra.asymmetric` plus seeded Gaussian
detector noise (0.4 % of the peak) on a 0.5 nm grid, clipped at zero after dark
subtraction.  Parameters are typical of perovskite LEDs in the reviews:

- red   : 640 nm, FWHM 32 nm (CsPb(Br/I)3 pure-red nanocrystal LEDs: 630-650 nm with
          30-35 nm FWHM, Yang et al., Mater. Horiz. (2023), Table 2, and Jang et al.,
          Adv. Mater. (2025), Table 5)
- green : 518 nm, FWHM 20 nm (CsPbBr3 nanocrystal LEDs: 512-522 nm, ~20 nm, Jang et al.
          (2025), Table 5)
- blue  : 470 nm, FWHM 22 nm (pure-blue CsPb(Br/Cl)3 / quasi-2D: 465-478 nm, Jang et al.
          (2025), Tables 3 and 5)

``color/white_led.csv`` is the white spectrum of a blue InGaN chip (450 nm, FWHM 20 nm)
with CsPbBr3 green (530 nm, 20 nm, PLQY 0.9) and CsPb(Br/I)3 red (630 nm, 25 nm, PLQY 0.8)
converters mixed to 6500 K on the Planckian locus by
:func:`peled.color.white_from_converters` (converter parameters in the range of Yang et
al. (2023), Table 1), without noise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peled.color import white_from_converters
from peled.datasets._files import output_dir, write_lines
from peled.spectra import asymmetric

__all__ = [
    "EL_PRIMARIES",
    "make_el_primaries",
    "make_white_led",
]

#: name -> (peak wavelength in nm, FWHM in nm, peak counts)
EL_PRIMARIES = {
    "red": (640.0, 32.0, 2.0e4),
    "green": (518.0, 20.0, 3.5e4),
    "blue": (470.0, 22.0, 1.2e4),
}


def make_el_primaries(directory, seed: int = 20261121) -> list[Path]:
    """Write the synthetic red, green and blue EL spectra (``<name>.csv``) into ``directory``.

    Parameters
    ----------
    directory : str or Path
        Output folder (created if missing).
    seed : int, optional
        Seed of the detector noise (:func:`numpy.random.default_rng`).

    Returns
    -------
    list of Path
        The three files written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print([p.name for p in make_el_primaries(d)])
    ['red.csv', 'green.csv', 'blue.csv']
    """
    out = output_dir(directory)
    rng = np.random.default_rng(seed)
    grid = np.arange(380.0, 780.01, 0.5)
    written = []
    for name, (peak, fwhm, counts) in EL_PRIMARIES.items():
        y = counts * asymmetric(peak, fwhm, grid, asymmetry=1.3)
        y = np.clip(y + rng.normal(0.0, 0.004 * counts, grid.size), 0.0, None).round(1)
        lines = [
            f"# peled example: SYNTHETIC {name} EL spectrum (see tools/make_examples.py)",
            f"# model: asymmetric split-Gaussian in energy, peak {peak:g} nm, FWHM {fwhm:g} nm,"
            " asymmetry 1.3, 0.4 % noise",
            "wavelength (nm),intensity (counts)",
        ]
        lines += [f"{w:.1f},{v:.1f}" for w, v in zip(grid, y, strict=True)]
        written.append(write_lines(out / f"{name}.csv", lines))
    return written


def make_white_led(directory) -> Path:
    """Write the synthetic white LED spectrum (``white_led.csv``) into ``directory``.

    Parameters
    ----------
    directory : str or Path
        Output folder (created if missing).

    Returns
    -------
    Path
        The file written (W/nm per W of blue chip power, 380-780 nm).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(make_white_led(d).name)
    white_led.csv
    """
    mix = white_from_converters(
        blue=(450.0, 20.0), green=(530.0, 20.0, 0.9), red=(630.0, 25.0, 0.8), target_cct_k=6500
    )
    out = output_dir(directory)
    s = mix.spectrum
    lines = [
        "# peled example: SYNTHETIC white LED (blue chip + perovskite converters, 6500 K);"
        " see tools/make_examples.py",
        "wavelength (nm),spectral power (W/nm per W of blue)",
    ]
    lines += [f"{w:.0f},{v:.6e}" for w, v in zip(s.wavelength_nm, s.intensity, strict=True)]
    return write_lines(out / "white_led.csv", lines)
