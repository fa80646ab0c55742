"""Generate ``src/peled/color/data/cie_tables.npz`` from colour-science (never retyped).

The CIE data peled's colour fast path needs, exported from the installed colour-science
so that ``peled color ...`` answers without ``import colour`` (which imports
``colour.plotting``, matplotlib and pandas: about 1.2 s).  ``tests/color/
test_cie_tables.py`` regenerates every array with :func:`tables` and checks the stored
file is identical, so the cache cannot drift from colour-science.

Run: ``python tools/make_cie_tables.py`` (after upgrading colour-science).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "src" / "peled" / "color" / "data" / "cie_tables.npz"

OBSERVER_NAMES = {"1931": "CIE 1931 2 Degree Standard Observer",
                  "1964": "CIE 1964 10 Degree Standard Observer"}
COLOURSPACES = {"rec2020": "ITU-R BT.2020", "dci_p3": "DCI-P3", "ntsc": "NTSC (1953)",
                "srgb": "sRGB", "adobe_rgb": "Adobe RGB (1998)"}
LOCUS_STEP_NM = 0.1  # peled.color.dominant.LOCUS_STEP_NM


def tables() -> dict[str, np.ndarray]:
    """Every cached array, computed by colour-science now."""
    import colour
    from colour.colorimetry import SDS_LEFS_PHOTOPIC
    from colour.colorimetry.tristimulus_values import handle_spectral_arguments
    from colour.temperature import ohno2013

    out: dict[str, np.ndarray] = {}
    for key, name in OBSERVER_NAMES.items():
        msds = colour.MSDS_CMFS[name]
        out[f"cmf_wavelength_{key}"] = np.asarray(msds.wavelengths, dtype=float)
        out[f"cmf_{key}"] = np.asarray(msds.values, dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", colour.utilities.ColourRuntimeWarning)
            fine = msds.copy().align(colour.SpectralShape(360, 780, LOCUS_STEP_NM))
        out[f"locus_wavelength_{key}"] = np.asarray(fine.wavelengths, dtype=float)
        out[f"locus_xy_{key}"] = np.asarray(colour.XYZ_to_xy(fine.values), dtype=float)
        ills = colour.CCS_ILLUMINANTS[name]
        names = sorted(ills)
        out[f"illuminant_names_{key}"] = np.array(names, dtype=str)
        out[f"illuminant_xy_{key}"] = np.array([ills[n] for n in names], dtype=float)
    lef = SDS_LEFS_PHOTOPIC["CIE 1924 Photopic Standard Observer"]
    out["lef_wavelength"] = np.asarray(lef.wavelengths, dtype=float)
    out["lef_photopic"] = np.asarray(lef.values, dtype=float)
    out["colourspace_keys"] = np.array(list(COLOURSPACES), dtype=str)
    out["colourspace_primaries"] = np.array(
        [colour.RGB_COLOURSPACES[n].primaries for n in COLOURSPACES.values()], dtype=float)
    cmfs, _ = handle_spectral_arguments(None)  # the default CMFs of uv_to_CCT_Ohno2013
    out["planckian_table_ohno2013"] = np.asarray(ohno2013.planckian_table(
        cmfs, ohno2013.CCT_MINIMAL_OHNO2013, ohno2013.CCT_MAXIMAL_OHNO2013,
        ohno2013.CCT_DEFAULT_SPACING_OHNO2013), dtype=float)
    out["colour_science_version"] = np.array(colour.__version__, dtype=str)
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, **tables())
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
