"""Hypothesis fuzz of every reader: random preambles, separators, decimal commas, line ends,
trailing separators, encodings and truncation.  A well-formed file must give the right
numbers; a truncated or broken one a PeledError with a one-line message, never another
exception."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peled.characterize.readers import (
    read_admittance_csv,
    read_arrhenius_csv,
    read_cv_csv,
    read_defects_toml,
    read_sclc_csv,
    read_sclc_measurement,
    read_ta_map,
)
from peled.errors import PeledError
from peled.io.instruments import read_decay, read_plqy, read_responsivity
from peled.io.table import read_table
from peled.measure.config import read_device_toml
from peled.measure.readers import read_angular, read_jvl, read_lifetime, read_spectrum_file
from peled.spectra import read_spectrum

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

WORDS = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ -_()%°", min_size=1, max_size=24).filter(
    lambda s: s.strip() and s.strip()[0].isalpha())
PREAMBLE_LINE = st.one_of(
    WORDS,
    st.builds(lambda k, v: f"{k}: {v}", WORDS, WORDS),
    st.builds(lambda k, v: f"{k} = {v}", WORDS, st.floats(0.1, 1e3).map(lambda x: f"{x:.3f}")),
    st.builds(lambda d: f"Date: 2026-12-{d:02d} 14:22:05", st.integers(1, 28)),
    st.builds(lambda w: f"# {w}", WORDS),
    st.just("Area (mm2) : 10.00"),
    st.just(""),
)


@st.composite
def layout(draw):
    sep = draw(st.sampled_from([",", ";", "\t", " "]))
    decimal = draw(st.sampled_from([".", ","])) if sep != "," else "."
    return {
        "sep": sep,
        "decimal": decimal,
        "preamble": draw(st.lists(PREAMBLE_LINE, max_size=5)),
        "eol": draw(st.sampled_from(["\n", "\r\n"])),
        "trailing": draw(st.booleans()) and sep != " ",
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"])),
        "cut": draw(st.none() | st.floats(0.0, 1.0)),
    }


def render(tmp, lay, header, rows, name="f.csv"):
    """Write header and rows in the layout; returns the path (maybe truncated)."""
    sep, dec = lay["sep"], lay["decimal"]

    def cell(v):
        return v if isinstance(v, str) else repr(float(v)).replace(".", dec)

    trail = sep if lay["trailing"] else ""
    out = list(lay["preamble"])
    if header is not None:
        out.append(sep.join(header) + trail)
    out += [sep.join(cell(v) for v in row) + trail for row in rows]
    raw = lay["eol"].join(out) + lay["eol"]
    data = raw.encode(lay["encoding"])
    if lay["cut"] is not None:
        data = data[: int(lay["cut"] * len(data))]
    p = tmp / name
    p.write_bytes(data)
    return p


def attempt(fn, *args, **kwargs):
    """The reader's result, or None after checking the error is a one-line PeledError."""
    try:
        return fn(*args, **kwargs)
    except PeledError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc), str(exc)
        assert len(str(exc)) < 600, str(exc)
        return None


def finite(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


def increasing(lo, hi, n_min=3, n_max=12):
    return st.lists(finite(lo, hi), min_size=n_min, max_size=n_max, unique=True).map(sorted)


@FUZZ
@given(lay=layout(), rows=st.lists(st.tuples(finite(-1e6, 1e6), finite(-1e6, 1e6),
                                             finite(-1e6, 1e6)), min_size=1, max_size=10))
def test_fuzz_read_table(tmp_path, lay, rows):
    p = render(tmp_path, lay, ["V (V)", "J (mA/cm2)", "L (cd/m2)"], rows)
    t = attempt(read_table, p)
    if lay["cut"] is None:
        assert t is not None
        np.testing.assert_array_equal(t.values, np.array(rows, dtype=float))
        assert t.headers == ("V (V)", "J (mA/cm2)", "L (cd/m2)")


@FUZZ
@given(lay=layout(), v=increasing(0.0, 10.0), data=st.data())
def test_fuzz_read_jvl(tmp_path, lay, v, data):
    j = data.draw(st.lists(finite(0.0, 1e3), min_size=len(v), max_size=len(v)))
    lum = data.draw(st.lists(finite(0.0, 1e5), min_size=len(v), max_size=len(v)))
    p = render(tmp_path, lay, ["voltage_V", "J (mA/cm2)", "L [cd/m2]"], zip(v, j, lum, strict=True))
    jvl = attempt(read_jvl, p)
    if lay["cut"] is None:
        assert jvl is not None
        np.testing.assert_array_equal(jvl.voltage_v, v)
        np.testing.assert_allclose(jvl.current_density_a_m2, np.array(j) * 10.0, rtol=1e-15)
        np.testing.assert_array_equal(jvl.luminance_cd_m2, lum)


@FUZZ
@given(lay=layout(), wl=increasing(150.0, 2500.0, 2), data=st.data(), swap=st.booleans())
def test_fuzz_read_responsivity_headerless_either_order(tmp_path, lay, wl, data, swap):
    r = data.draw(st.lists(finite(0.0, 1.9), min_size=len(wl), max_size=len(wl)))
    rows = [(b, a) if swap else (a, b) for a, b in zip(wl, r, strict=True)]
    res = attempt(read_responsivity, render(tmp_path, lay, None, rows))
    if lay["cut"] is None:
        assert res is not None
        np.testing.assert_array_equal(res.wavelength_nm, wl)
        np.testing.assert_array_equal(res.a_per_w, r)


@FUZZ
@given(lay=layout(), t=st.lists(st.integers(0, 10**6), min_size=5, max_size=15,
                                unique=True).map(lambda k: [x / 8 for x in sorted(k)]),
       data=st.data(), headerless=st.booleans(), unit=st.sampled_from(["ps", "ns", "us"]))
def test_fuzz_read_decay(tmp_path, lay, t, data, headerless, unit):
    counts = data.draw(st.lists(st.integers(0, 10**6), min_size=len(t), max_size=len(t)))
    other = [c // 2 for c in counts]
    header = None if headerless else [f"time_{unit}", "counts", "IRF"]
    p = render(tmp_path, lay, header, zip(t, counts, other, strict=True))
    d = attempt(read_decay, p, time_unit=unit if headerless else None, column=1)
    if lay["cut"] is None:
        assert d is not None
        scale = {"ps": 1e-12, "ns": 1e-9, "us": 1e-6}[unit]
        np.testing.assert_allclose(d.time_s, np.array(t) * scale, rtol=1e-15)
        np.testing.assert_array_equal(d.counts, counts)


@FUZZ
@given(lay=layout(), n_rep=st.integers(1, 4), data=st.data())
def test_fuzz_read_angular(tmp_path, lay, n_rep, data):
    angles = list(range(0, 90, 15))
    vals = data.draw(st.lists(finite(1.0, 1e3), min_size=len(angles), max_size=len(angles)))
    rows = [(a, v) for a, v in zip(angles, vals, strict=True) for _ in range(n_rep)]
    prof = attempt(read_angular, render(tmp_path, lay, ["angle (deg)", "I (nA)"], rows))
    if lay["cut"] is None:
        assert prof is not None
        np.testing.assert_allclose(prof.relative_intensity, np.array(vals) / vals[0], rtol=1e-12)
        np.testing.assert_array_equal(prof.readings, [n_rep] * len(angles))


@FUZZ
@given(lay=layout(), t=increasing(0.0, 1e3, 4), data=st.data())
def test_fuzz_read_lifetime(tmp_path, lay, t, data):
    lum = data.draw(st.lists(finite(1.0, 1e4), min_size=len(t), max_size=len(t)))
    rows = list(zip(t, lum, strict=True))
    tr = attempt(read_lifetime, render(tmp_path, lay, ["time (h)", "L (cd/m2)"], rows))
    if lay["cut"] is None:
        assert tr is not None
        np.testing.assert_allclose(tr.time_s, (np.array(t) - t[0]) * 3600.0, rtol=1e-12,
                                   atol=1e-9)
        np.testing.assert_allclose(tr.relative, np.array(lum) / lum[0], rtol=1e-15)


@FUZZ
@given(lay=layout(), temps=increasing(200.0, 400.0, 2), data=st.data(),
       header=st.sampled_from(["T_K", "temperature_K", "T (K)", "T [K]"]))
def test_fuzz_read_arrhenius(tmp_path, lay, temps, data, header):
    k = data.draw(st.lists(finite(1e-3, 1e9), min_size=len(temps), max_size=len(temps)))
    d = attempt(read_arrhenius_csv, render(tmp_path, lay, [header, "rate (1/s)"],
                                           zip(temps, k, strict=True)))
    if lay["cut"] is None:
        assert d is not None
        np.testing.assert_array_equal(d.temperature_k, temps)
        np.testing.assert_array_equal(d.value, k)


@FUZZ
@given(lay=layout(), v=increasing(-2.0, 2.0), data=st.data())
def test_fuzz_read_cv_and_sclc(tmp_path, lay, v, data):
    c = data.draw(st.lists(finite(1.0, 1e3), min_size=len(v), max_size=len(v)))
    rows = list(zip(v, c, strict=True))
    cv = attempt(read_cv_csv, render(tmp_path, lay, ["V (V)", "C (nF/cm2)"], rows))
    sc = attempt(read_sclc_csv, render(tmp_path, lay, ["V (V)", "J (mA/cm2)"], rows,
                                       name="j.csv"))
    if lay["cut"] is None:
        assert cv is not None and sc is not None
        np.testing.assert_allclose(cv.capacitance_f_m2, np.array(c) * 1e-5, rtol=1e-15)
        np.testing.assert_allclose(sc[1], np.array(c) * 10.0, rtol=1e-15)


@FUZZ
@given(lay=layout(), n=increasing(1e10, 1e22, 2), data=st.data())
def test_fuzz_read_plqy(tmp_path, lay, n, data):
    q = data.draw(st.lists(finite(0.0, 1.0), min_size=len(n), max_size=len(n)))
    d = attempt(read_plqy, render(tmp_path, lay, ["density_cm3", "plqy"], zip(n, q, strict=True)))
    if lay["cut"] is None:
        assert d is not None
        np.testing.assert_array_equal(d.density_cm3, n)
        np.testing.assert_array_equal(d.plqy, q)


@FUZZ
@given(lay=layout(), wl=increasing(380.0, 780.0, 5, 15), data=st.data(),
       header=st.booleans())
def test_fuzz_spectrum_readers(tmp_path, lay, wl, data, header):
    y = data.draw(st.lists(finite(0.0, 1e4), min_size=len(wl), max_size=len(wl)))
    y[len(y) // 2] = 2e4  # a positive peak
    y[0] = y[-1] = 0.0  # dark edges: the EL reader subtracts an edge baseline
    head = ["Wavelength (nm)", "Intensity (a.u.)"] if header else None
    p = render(tmp_path, lay, head, zip(wl, y, strict=True))
    s = attempt(read_spectrum, p)
    el = attempt(read_spectrum_file, p)
    if lay["cut"] is None:
        assert s is not None and el is not None
        np.testing.assert_array_equal(s.wavelength_nm, wl)
        np.testing.assert_array_equal(s.intensity, y)
        np.testing.assert_array_equal(el.spectra[0].wavelength_nm, wl)


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(max_size=300))
def test_fuzz_random_bytes_never_crash(tmp_path_factory, raw):
    p = tmp_path_factory.mktemp("b") / "x.csv"
    p.write_bytes(raw)
    for fn in (read_table, read_jvl, read_responsivity, read_spectrum, read_arrhenius_csv,
               read_cv_csv, read_sclc_measurement, read_plqy, read_lifetime, read_angular,
               read_spectrum_file, read_ta_map, read_defects_toml, read_device_toml):
        attempt(fn, p)
    attempt(read_decay, p, time_unit="ns")
    attempt(read_admittance_csv, p, area_cm2=0.04, temperature_k=300.0)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.sampled_from(list("0123456789.,;\t -+eE#:=()[]/\nabcVJLnmKs%\r")),
                    max_size=300))
def test_fuzz_table_like_text_never_crashes(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("t") / "x.csv"
    p.write_text(text)
    for fn in (read_table, read_jvl, read_responsivity, read_spectrum, read_arrhenius_csv,
               read_cv_csv, read_sclc_measurement, read_plqy, read_lifetime, read_angular,
               read_spectrum_file, read_ta_map):
        attempt(fn, p)
    attempt(read_decay, p, time_unit="ns")
    attempt(read_admittance_csv, p, area_cm2=0.04, temperature_k=300.0)


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "latin-1", "utf-16"])
def test_each_encoding_is_reported(tmp_path, enc):
    p = tmp_path / "e.csv"
    p.write_bytes("T (°C),x\n1,2\n".encode(enc))
    t = read_table(p)
    assert t.headers == ("T (°C)", "x")
    assert t.encoding == ("latin-1" if enc == "latin-1" else enc)
