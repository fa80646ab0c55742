"""Writes the noise-case fixtures of this folder (run once; the files are committed).

Every file is written by the project to mimic what instruments export (no third-party
data).  The expected numbers are recomputed by hand in tests/measure/test_noise_cases.py
from the values in the files, not from this script.

    python tests/data/real/noise/make_fixtures.py
"""

from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
E = 1.602176634e-19
H, C = 6.62607015e-34, 299792458.0
WL = np.arange(400.0, 701.0, 1.0)


def gauss(wl, peak, fwhm):
    return np.exp(-4 * np.log(2) * ((wl - peak) / fwhm) ** 2)


def ppj(wl, s):
    return np.trapezoid(s * wl * 1e-9 / (H * C), wl) / np.trapezoid(s, wl)


def write(folder, name, text):
    d = HERE / folder
    d.mkdir(exist_ok=True)
    (d / name).write_text(text)


def spectrum_csv(s):
    return "Wavelength (nm),Intensity (counts)\n" + "\n".join(
        f"{w:g},{v:.6f}" for w, v in zip(WL, s, strict=True)) + "\n"


def photodiode_floor():
    """Photodiode current with a floor set in device.toml, a reading a few counts above
    the floor at 1e-7 mA/cm2, then real emission (EQE 4..10 %)."""
    s = gauss(WL, 520.0, 20.0)
    area, resp, g = 0.04e-4, 0.25, 0.01
    k = ppj(WL, s)
    rng = np.random.default_rng(12)
    rows = ["Voltage (V),Current density (mA/cm2),Photodiode current (A)"]
    for v in np.arange(0.5, 2.01, 0.1):  # pre-onset: photodiode noise around 0
        rows.append(f"{v:.2f},{1e-9 * v:.4e},{rng.normal(0, 2e-11):.4e}")
    rows.append("2.10,1.0e-07,2.5e-10")  # few counts above the 1e-10 A floor, tiny J
    for v, j_ma, eqe in ((2.2, 0.01, 0.04), (2.4, 0.1, 0.07), (2.6, 1.0, 0.10),
                         (2.8, 10.0, 0.09), (3.0, 50.0, 0.06), (3.2, 150.0, 0.04)):
        i_pd = eqe * (j_ma * 10.0) * area * resp * g / (E * k)
        rows.append(f"{v:.2f},{j_ma:g},{i_pd:.6e}")
    toml = ('name = "pd-floor"\narea_cm2 = 0.04\n\n[measurement]\n'
            'photodiode_responsivity_a_w = 0.25\nphotodiode_geometry_factor = 0.01\n'
            'photocurrent_floor_a = 1e-10\n')
    write("photodiode_floor", "jvl.csv", "\n".join(rows) + "\n")
    write("photodiode_floor", "device.toml", toml)
    write("photodiode_floor", "el_spectrum.csv", spectrum_csv(s))


def eqe_over_100():
    """Luminance 50x too high (a wrong unit): EQE far above 100 %."""
    rows = ["Voltage (V),Current density (mA/cm2),Luminance (cd/m2)"]
    for v, j, lum in ((-0.4, -4e-6, 0.005), (-0.3, -3e-6, -0.01), (-0.2, -2e-6, 0.015),
                      (-0.1, -1e-6, -0.02), (0.0, 0.0, 0.01),
                      (2.5, 0.1, 3000.0), (3.0, 1.0, 40000.0), (3.5, 10.0, 300000.0)):
        rows.append(f"{v:g},{j:g},{lum:g}")
    write("eqe_over_100", "jvl.csv", "\n".join(rows) + "\n")
    write("eqe_over_100", "device.toml", 'name = "eqe-over-100"\narea_cm2 = 0.04\n')
    write("eqe_over_100", "el_spectrum.csv", spectrum_csv(gauss(WL, 520.0, 20.0)))


def luminance_vs_photodiode():
    """A luminance-meter column and a photodiode column whose luminance is 20 % higher."""
    s = gauss(WL, 520.0, 20.0)
    area, resp, g = 0.04e-4, 0.25, 0.01
    from colour import SpectralDistribution, luminous_efficacy
    ler = luminous_efficacy(SpectralDistribution(dict(zip(WL, s, strict=True))))
    rows = ["Voltage (V),Current density (mA/cm2),Luminance (cd/m2),Photodiode current (A)"]
    for v, j, lum in ((-0.4, -4e-6, 0.001), (-0.3, -3e-6, -0.004), (-0.2, -2e-6, 0.002),
                      (-0.1, -1e-6, -0.003), (0.0, 0.0, 0.004),
                      (2.5, 0.1, 30.0), (3.0, 1.0, 400.0), (3.5, 10.0, 3000.0),
                      (4.0, 50.0, 9000.0)):
        # on-axis radiance L/K; detector power pi L_e A g (Lambertian), x 1.2
        i_pd = 1.2 * np.pi * (lum / ler) * area * g * resp
        rows.append(f"{v:g},{j:g},{lum:g},{i_pd:.6e}")
    write("luminance_vs_photodiode", "jvl.csv", "\n".join(rows) + "\n")
    write("luminance_vs_photodiode", "device.toml",
          'name = "lum-vs-pd"\narea_cm2 = 0.04\n\n[measurement]\n'
          'photodiode_responsivity_a_w = 0.25\nphotodiode_geometry_factor = 0.01\n')
    write("luminance_vs_photodiode", "el_spectrum.csv", spectrum_csv(s))


def el_dark_negative():
    """EL columns per voltage: a dark (all-noise) column at 2 V, then spectra with
    dark-subtracted noise of 3 % of the peak (negative values)."""
    rng = np.random.default_rng(7)
    cols = {"EL @ 2.0 V": rng.normal(0, 30.0, WL.size)}
    for v, amp in ((3.0, 1000.0), (3.5, 2000.0), (4.0, 3000.0)):
        cols[f"EL @ {v} V"] = amp * gauss(WL, 515.0, 22.0) + rng.normal(0, 0.03 * amp, WL.size)
    head = "Wavelength (nm)," + ",".join(cols)
    body = "\n".join(f"{w:g}," + ",".join(f"{c[i]:.3f}" for c in cols.values())
                     for i, w in enumerate(WL))
    write("el_dark_negative", "el_spectrum.csv", head + "\n" + body + "\n")
    rows = ["Voltage (V),Current density (mA/cm2),Luminance (cd/m2)"]
    for v, j, lum in ((-0.4, -4e-6, 0.001), (-0.3, -3e-6, -0.004), (-0.2, -2e-6, 0.002),
                      (-0.1, -1e-6, -0.003), (0.0, 0.0, 0.004), (2.0, 0.001, 0.003),
                      (2.5, 0.1, 30.0), (3.0, 1.0, 400.0), (3.5, 10.0, 3000.0),
                      (4.0, 50.0, 9000.0)):
        rows.append(f"{v:g},{j:g},{lum:g}")
    write("el_dark_negative", "jvl.csv", "\n".join(rows) + "\n")
    write("el_dark_negative", "device.toml", 'name = "el-dark"\narea_cm2 = 0.04\n')


def multiband():
    """Blue pump (450 nm) + phosphor (600 nm): the pump grows with voltage and becomes the
    highest band, neither band moves."""
    cols = {}
    for v, pump in ((3.0, 0.5), (3.5, 0.8), (4.0, 2.0)):
        cols[f"EL @ {v} V"] = pump * gauss(WL, 450.0, 20.0) + 1.0 * gauss(WL, 600.0, 60.0)
    head = "Wavelength (nm)," + ",".join(cols)
    body = "\n".join(f"{w:g}," + ",".join(f"{c[i]:.6f}" for c in cols.values())
                     for i, w in enumerate(WL))
    write("multiband", "el_spectrum.csv", head + "\n" + body + "\n")
    rows = ["Voltage (V),Current density (mA/cm2),Luminance (cd/m2)"]
    for v, j, lum in ((-0.4, -4e-6, 0.001), (-0.3, -3e-6, -0.004), (-0.2, -2e-6, 0.002),
                      (-0.1, -1e-6, -0.003), (0.0, 0.0, 0.004),
                      (3.0, 1.0, 400.0), (3.5, 10.0, 3000.0), (4.0, 50.0, 9000.0)):
        rows.append(f"{v:g},{j:g},{lum:g}")
    write("multiband", "jvl.csv", "\n".join(rows) + "\n")
    write("multiband", "device.toml", 'name = "pump-phosphor"\narea_cm2 = 0.04\n')


if __name__ == "__main__":
    photodiode_floor()
    eqe_over_100()
    luminance_vs_photodiode()
    el_dark_negative()
    multiband()
