"""Property tests: any valid file written in any supported layout reads back exactly;
garbage never raises anything but a PeledError; analysis invariants."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peled.errors import PeledError
from peled.spectra import (
    HC_EV_NM,
    Spectrum,
    fwhm_batch,
    line_shape,
    peak_wavelength,
    peak_wavelength_batch,
    read_spectrum,
)

SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

DIALECTS = [(",", "."), (", ", "."), (";", "."), (";", ","), ("\t", "."), ("\t", ","),
            (" ", "."), ("   ", ","), (" ; ", ",")]
HEADERS = [
    [],
    ["wavelength_nm{sep}intensity"],
    ["Wavelength (nm){sep}Counts"],
    ["# Wavelength [nm]{sep}PL [a.u.]"],
    ["Spectrometer: USB4C01234", "Integration Time (sec): 1.000000E-1",
     ">>>>>Begin Spectral Data<<<<<"],
    ["#Acq. time (s)=\t10", "#Accumulations=\t2"],
]
FOOTERS = ["", ">>>>>End Spectral Data<<<<<\n", "\n\n"]


@st.composite
def spectra_data(draw, lo=150.0, hi=2500.0):
    n = draw(st.integers(3, 40))
    xs = draw(st.lists(st.floats(lo, hi), min_size=n, max_size=n, unique=True))
    ys = draw(st.lists(st.floats(0.0, 1e9), min_size=n, max_size=n))
    return np.array(sorted(xs)), np.array(ys)


def _fmt(v: float, decimal: str) -> str:
    return repr(float(v)).replace(".", decimal)


#: One folder for every file this module writes (hypothesis examples cannot use the
#: function-scoped tmp_path), created on the first write (not at import: collecting the
#: tests writes nothing) and removed after the module by the fixture below.
_FILES: list[tempfile.TemporaryDirectory] = []


@pytest.fixture(scope="module", autouse=True)
def _remove_written_files():
    yield
    while _FILES:
        _FILES.pop().cleanup()


def _write(text: str | bytes, name: str = "prop.csv") -> Path:
    if not _FILES:
        _FILES.append(tempfile.TemporaryDirectory(prefix="peled-prop-"))
    d = Path(tempfile.mkdtemp(dir=_FILES[0].name))
    p = d / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8", newline="")
    return p


@SETTINGS
@given(data=spectra_data(), dialect=st.sampled_from(DIALECTS),
       header=st.sampled_from(HEADERS), footer=st.sampled_from(FOOTERS),
       descending=st.booleans(), eol=st.sampled_from(["\n", "\r\n"]))
def test_valid_files_read_back_equal(data, dialect, header, footer, descending, eol):
    x, y = data
    sep, dec = dialect
    order = slice(None, None, -1) if descending else slice(None)
    lines = [h.format(sep=sep) for h in header]
    lines += [f"{_fmt(a, dec)}{sep}{_fmt(b, dec)}" for a, b in zip(x[order], y[order],
                                                                    strict=True)]
    p = _write(eol.join(lines) + eol + footer)
    s = read_spectrum(p)
    np.testing.assert_array_equal(s.wavelength_nm, x)
    np.testing.assert_array_equal(s.intensity, y)


@SETTINGS
@given(data=spectra_data(lo=0.5, hi=6.0), dialect=st.sampled_from(DIALECTS))
def test_energy_files_convert_exactly(data, dialect):
    e, y = data
    sep, dec = dialect
    text = f"Energy (eV){sep}PL\n" + "".join(
        f"{_fmt(a, dec)}{sep}{_fmt(b, dec)}\n" for a, b in zip(e, y, strict=True)
    )
    p = _write(text)
    raw = read_spectrum(p, jacobian=False)
    np.testing.assert_allclose(raw.wavelength_nm, (HC_EV_NM / e)[::-1], rtol=1e-14)
    np.testing.assert_array_equal(raw.intensity, y[::-1])
    per_nm = read_spectrum(p)
    np.testing.assert_allclose(per_nm.intensity, (y * e**2 / HC_EV_NM)[::-1], rtol=1e-14,
                               atol=1e-300)  # subnormal intensities round differently


GARBAGE_ALPHABET = st.sampled_from(
    list("0123456789.,;\t -+eE:=#()[]/\\abnmVcu\"'\r") + ["nan", "inf", "\n", "\n", "\n",
                                                        "µ", "Å", "\x00", "1e400"]
)


@SETTINGS
@given(st.lists(GARBAGE_ALPHABET, max_size=200).map("".join))
def test_garbage_text_only_raises_peled_error(text):
    p = _write(text)
    try:
        s = read_spectrum(p)
    except PeledError as exc:
        assert str(p) in str(exc)
    else:
        assert isinstance(s, Spectrum)
        assert np.all(np.diff(s.wavelength_nm) > 0) and np.all(s.intensity >= 0)


@SETTINGS
@given(data=spectra_data(), junk=st.text(max_size=30), where=st.floats(0.0, 1.0))
def test_valid_file_with_a_junk_line_reads_or_raises_peled_error(data, junk, where):
    x, y = data
    rows = [f"{a!r},{b!r}" for a, b in zip(x, y, strict=True)]
    rows.insert(int(where * len(rows)), junk.replace("\n", " "))
    p = _write("\n".join(rows) + "\n")
    try:
        s = read_spectrum(p)
    except PeledError as exc:
        assert str(p) in str(exc)
    else:
        # The junk line was taken as a header/footer or blank: the data are intact
        # or the block is the longest intact run.
        assert set(s.wavelength_nm.tolist()) <= set(x.tolist())


@SETTINGS
@given(st.binary(max_size=300))
def test_garbage_bytes_only_raise_peled_error(raw):
    p = _write(raw, "prop.bin")
    try:
        read_spectrum(p)
    except PeledError:
        pass


@SETTINGS
@given(peaks=st.lists(st.floats(420.0, 760.0), min_size=1, max_size=8),
       width=st.floats(6.0, 80.0), scale=st.floats(1e-3, 1e6),
       shape=st.sampled_from(["gaussian", "gaussian-energy", "lorentzian", "voigt",
                              "asymmetric"]))
def test_batch_equals_single_and_scale_invariance(peaks, width, scale, shape):
    grid = np.arange(360.0, 831.0)
    y = line_shape(shape, np.array(peaks), width, grid)
    pb = peak_wavelength_batch(grid, y)
    for k, row in enumerate(y):
        assert pb[k] == peak_wavelength(Spectrum(grid, row, name="r"))
    np.testing.assert_allclose(peak_wavelength_batch(grid, scale * y), pb, rtol=1e-12)
    np.testing.assert_allclose(fwhm_batch(grid, scale * y), fwhm_batch(grid, y), rtol=1e-9)
