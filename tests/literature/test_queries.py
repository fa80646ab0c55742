"""Queries, plots, device comparison and the ``peled lit`` CLI.

Reference numbers are the values printed in Jang et al., Adv. Mater. (2025) Table 3 (text
lines 298-323) and Zhao et al., Commun. Mater. (2025) Table 1 (laser-patterned rows of Ref. 22)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from typer.testing import CliRunner

from peled.cli import app
from peled.errors import ParameterError
from peled.literature import schema
from peled.literature.compare import compare_device, percentile_rank
from peled.literature.dataset import available_tables, load
from peled.literature.queries import best, query
from peled.literature.trends import ppi_points, trend_points
from peled.report.literature_figures import ppi_figure, trend_figure

# Jang et al., Adv. Mater. (2025) Table 3, green rows: EQE as printed (%).
T3_GREEN_EQE = [32.1, 30.8, 29.5, 26.2, 26.0, 25.9, 25.6, 25.1, 24.3, 23.9]


def table3():
    if "jang2025_table3" not in available_tables():
        pytest.skip("jang2025_table3.csv not shipped")
    return load(["jang2025_table3"])


def _fixture(tmp_path: Path, rows: list[dict]) -> Path:
    with (tmp_path / "fx.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(schema.COLUMNS)
        for i, r in enumerate(rows, 1):
            rec = {"source": "zhao2025", "table": "1", "row": str(i), "raw": "x",
                   "class": "PNC", **r}
            w.writerow([rec.get(c, "") for c in schema.COLUMNS])
    return tmp_path


def test_query_filters_match_jang2025_table3():
    df = table3()
    green = query(df, color="green", cls="Q2D")
    assert sorted(green["eqe_pct"], reverse=True) == T3_GREEN_EQE
    sel = query(df, color="GREEN", cls="q2d", min_eqe=25, source="jang")
    assert len(sel) == sum(e >= 25 for e in T3_GREEN_EQE) == 8
    assert query(df, source="yang2023").empty
    assert len(query(df, source="jang2025")) == 26


@pytest.mark.parametrize(("kw", "match"), [({"color": "purple"}, "color"),
                                           ({"cls": "LED"}, "class"),
                                           ({"min_eqe": float("nan")}, "min_eqe")])
def test_query_rejects_bad_filters(kw, match):
    with pytest.raises(ParameterError, match=match):
        query(table3(), **kw)


def test_best_per_colour_in_jang2025_table3():
    out = best(table3(), by=["color"], metric="eqe_pct").set_index("color")
    # by the dataset rule 700 nm is red (26.3 %, ref 107), 716 nm NIR (26.2 %, ref 240),
    # 483-488 nm "Sky-blue" rows are blue (< 490 nm) and the blue record is 21.9 % (ref 95)
    assert out.loc["green", ["eqe_pct", "ref"]].tolist() == [32.1, 244]
    assert out.loc["red", ["eqe_pct", "ref"]].tolist() == [26.3, 107]
    assert out.loc["NIR", ["eqe_pct", "ref"]].tolist() == [26.2, 240]
    assert out.loc["blue", ["eqe_pct", "ref"]].tolist() == [21.9, 95]
    assert out.loc["sky-blue", ["eqe_pct", "ref"]].tolist() == [17.08, 254]
    assert list(out.index) == ["blue", "sky-blue", "green", "red", "NIR"]
    assert out.loc["green", "n_records"] == len(T3_GREEN_EQE)
    low = best(table3(), by=["color"], metric="eqe_pct", lowest=True).set_index("color")
    assert low.loc["green", "eqe_pct"] == min(T3_GREEN_EQE)
    with pytest.raises(ParameterError, match="not a numeric column"):
        best(table3(), by=["color"], metric="material")


def test_best_reports_printed_qualifier():
    df = load(["jang2025_table1"])
    out = best(df, by=["class"], metric="luminance_cd_m2").set_index("class")
    # Table 1: QD-LED luminances include ">200 000" and the best is 614 000 (no qualifier)
    assert out.loc["QD-LED", ["luminance_cd_m2", "qualifier"]].tolist() == [614000.0, ""]
    low = best(df, by=["class"], metric="luminance_cd_m2", lowest=True).set_index("class")
    assert low.loc["QD-LED", ["luminance_cd_m2", "qualifier"]].tolist() == [50000.0, ">"]


def test_trend_points_running_record_and_figure():
    df = table3()
    pts = trend_points(df, "eqe_pct", "color")
    green = pts[pts["color"] == "green"]
    assert green["record"].max() == max(T3_GREEN_EQE)
    assert np.all(np.diff(green["record"].to_numpy()) >= 0)
    fig = trend_figure(df, "eqe_pct", "color")
    ax = fig.axes[0]
    n_plotted = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_plotted == len(pts) == int((df["year"].notna() & df["eqe_pct"].notna()).sum())
    with pytest.raises(ParameterError, match="not a numeric column"):
        trend_points(df, "material")


def test_trend_excludes_non_perovskite_comparison_rows():
    df = load(["jang2025_table1"])
    pts = trend_points(df)
    assert len(pts) == int(((df["class"] != "QD-LED") & df["year"].notna()).sum())


def test_ppi_figure_from_zhao_2025_laser_rows(tmp_path):
    # Zhao et al., Commun. Mater. (2025) Table 1, Ref. 22 (laser patterning), red CsPbBrI2 at 635 nm
    rows = [{"color": "red", "peak_nm": "635", "eqe_pct": e, "ppi": p}
            for e, p in (("17.4", "2000"), ("16", "3000"), ("9.2", "5000"))]
    rows.append({"color": "green", "peak_nm": "511", "pixel_size_um": "1"})  # no PPI
    df = load(directory=_fixture(tmp_path, rows))
    pts = ppi_points(df)
    assert pts["ppi"].tolist() == [2000, 3000, 5000]
    fig = ppi_figure(df)
    offs = np.concatenate([c.get_offsets() for c in fig.axes[0].collections])
    np.testing.assert_allclose(offs, [[2000, 17.4], [3000, 16.0], [5000, 9.2]])
    assert fig.axes[0].get_xscale() == "log"
    with pytest.raises(ParameterError, match="nothing to plot"):
        ppi_figure(df[df["ppi"].isna()])


def test_percentile_rank_matches_scipy():
    vals = np.array([1.0, 2.0, 2.0, 3.0, 5.0, 8.0, np.nan])
    for x in (0.5, 2.0, 4.0, 8.0, 9.0):
        assert percentile_rank(vals, x) == pytest.approx(
            stats.percentileofscore(vals[np.isfinite(vals)], x, kind="mean"))


def test_compare_device_percentiles(tmp_path):
    rows = [{"color": "green", "peak_nm": "520", "eqe_pct": str(e), "fwhm_nm": str(f)}
            for e, f in zip(range(1, 101), range(11, 111), strict=True)]
    rows.append({"color": "red", "peak_nm": "650", "eqe_pct": "99"})
    df = load(directory=_fixture(tmp_path, rows))
    out = compare_device({"peak_nm": 521.0, "eqe_max_pct": 50.5, "fwhm_nm": 20.0,
                          "luminance_max_cd_m2": 1e4, "voltage_on_v": 2.5}, df)
    assert out["color"] == "green" and out["n_literature_records"] == 100
    assert out["metrics"]["eqe_max_pct"]["percentile"] == 50.0  # beats 1..50
    assert out["metrics"]["eqe_max_pct"]["best"] == 100.0
    assert out["metrics"]["fwhm_nm"]["percentile"] == pytest.approx(90.5)  # narrower than 90.5
    assert out["metrics"]["luminance_max_cd_m2"]["n_records"] == 0
    assert "voltage_on_v" not in out["metrics"]
    with pytest.raises(ParameterError, match="peak_nm"):
        compare_device({"eqe_max_pct": 10.0}, df)


# --------------------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_query_json_contract():
    r = runner.invoke(app, ["lit", "query", "--color", "green", "--class", "Q2D",
                            "--min-eqe", "25", "--source", "jang2025", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert set(out) == {"count", "rows"}
    # 8 rows of Table 3 plus Table 1 row 11 (the same ref-21 device, 29.5 %)
    assert out["count"] == len(out["rows"]) == 9
    assert all(row["eqe_pct"] >= 25 and row["color"] == "green" for row in out["rows"])


def test_cli_best_json():
    r = runner.invoke(app, ["lit", "best", "--by", "color,class", "--metric", "eqe_pct",
                            "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["by"] == ["color", "class"] and out["count"] == len(out["rows"])
    green_q2d = [x for x in out["rows"] if x["color"] == "green" and x["class"] == "Q2D"]
    assert green_q2d[0]["eqe_pct"] >= 32.1


def test_cli_trend_and_ppi_write_images(tmp_path):
    target = tmp_path / "out" / "trend.png"
    r = runner.invoke(app, ["lit", "trend", "--metric", "eqe_pct", "--by", "color",
                            "-o", str(target), "--json"])
    assert r.exit_code == 0, r.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads(r.stdout)["n_points"] > 0
    bad = tmp_path / "bad.png"
    r = runner.invoke(app, ["lit", "trend", "--metric", "nonsense", "-o", str(bad)])
    assert r.exit_code == 2 and "error:" in r.output and not bad.exists()
    ppi = tmp_path / "ppi.png"
    r = runner.invoke(app, ["lit", "ppi", "-o", str(ppi)])
    if (load()["ppi"].notna() & load()["eqe_pct"].notna()).any():
        assert r.exit_code == 0 and ppi.exists()
    else:
        assert r.exit_code == 2 and "nothing to plot" in r.output and not ppi.exists()


def test_cli_errors_exit_2():
    r = runner.invoke(app, ["lit", "query", "--color", "purple"])
    assert r.exit_code == 2 and "error:" in r.output
    r = runner.invoke(app, ["lit", "best", "--metric", "material"])
    assert r.exit_code == 2 and "not a numeric column" in r.output


def test_cli_check_json():
    r = runner.invoke(app, ["lit", "check", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["count"] == len(out["findings"]) and out["unexplained"] == 0
    keys = {"check", "file", "line", "row", "field", "observed", "expected", "discrepancy"}
    assert all(keys <= set(f) for f in out["findings"])


EXAMPLE_DEVICES = Path(__file__).resolve().parents[2] / "src/peled/data/examples/devices"


@pytest.mark.skipif(not (EXAMPLE_DEVICES / "green").is_dir(), reason="example devices absent")
def test_cli_compare_example_green_device():
    from peled.measure.analysis import analyze_device

    summary = analyze_device(EXAMPLE_DEVICES / "green").summary()
    r = runner.invoke(app, ["lit", "compare", str(EXAMPLE_DEVICES / "green"), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["color"] == schema.color_from_peak(summary["peak_nm"]) == "green"
    df = load()
    excluded = df["class"].isin(["QD-LED", "OLED", "micro-LED", "CC"]).fillna(False)
    lit = df[(df["color"] == "green") & ~excluded]
    eqe = lit["eqe_pct"].dropna().to_numpy()
    assert out["metrics"]["eqe_max_pct"]["n_records"] == eqe.size
    assert out["metrics"]["eqe_max_pct"]["percentile"] == pytest.approx(
        stats.percentileofscore(eqe, summary["eqe_max_pct"], kind="mean"))
    r = runner.invoke(app, ["lit", "compare", str(EXAMPLE_DEVICES / "nope")])
    assert r.exit_code == 2 and "error:" in r.output


def test_cli_compare_keeps_scipy_optimize_warnings_off_stderr(monkeypatch):
    """A lifetime fit that cannot estimate its covariance (scipy OptimizeWarning, raised in
    peled.measure.decay) must not print on stderr: compare ranks point values only."""
    import warnings

    from scipy.optimize import OptimizeWarning

    import peled.measure.analysis as analysis

    class _Result:
        def summary(self):
            return {"name": "fake", "peak_nm": 516.0, "eqe_max_pct": 32.1}

    def fake_analyze(path):
        warnings.warn("Covariance of the parameters could not be estimated", OptimizeWarning,
                      stacklevel=2)
        return _Result()

    monkeypatch.setattr(analysis, "analyze_device", fake_analyze)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        r = runner.invoke(app, ["lit", "compare", "anywhere", "--json"])
    assert r.exit_code == 0, r.output
    assert not [w for w in seen if issubclass(w.category, OptimizeWarning)]
    assert "OptimizeWarning" not in r.output
    eqe = json.loads(r.stdout)["metrics"]["eqe_max_pct"]
    # 32.1 % is the highest green EQE of the data (Jang et al. (2025) Table 3 row 9): ties count
    # half
    assert eqe["best"] == 32.1 and eqe["percentile"] == pytest.approx(
        100.0 * (eqe["n_records"] - 0.5) / eqe["n_records"])


def test_compare_leaves_suspicious_values_out_of_the_population(tmp_path):
    rows = [
        {"color": "blue", "peak_nm": "460", "lifetime_metric": "T50", "lifetime_h": "1080",
         "lifetime_condition": "100 cd/m2", "eqe_pct": "2",
         "flags": "lifetime_suspicious=45 day at 100 cd/m2, Lmax 128 cd/m2"},
        {"color": "blue", "peak_nm": "470", "lifetime_metric": "T50", "lifetime_h": "35",
         "lifetime_condition": "100 cd/m2", "eqe_pct": "10"},
        {"color": "blue", "peak_nm": "469", "lifetime_metric": "T50", "lifetime_h": "59",
         "lifetime_condition": "100 cd/m2", "eqe_pct": "5",
         "flags": "composition_color_mismatch=CsPbI3 at 469 nm"},
    ]
    df = load(directory=_fixture(tmp_path, rows))
    out = compare_device({"peak_nm": 470.0, "t50_at_100_cd_m2_h": 40.0, "eqe_max_pct": 6.0}, df)
    # the 1080-h value is out; the self-contradictory row counts (its peak says blue)
    t50 = out["metrics"]["t50_at_100_cd_m2_h"]
    assert (t50["n_records"], t50["best"], t50["percentile"]) == (2, 59.0, 50.0)
    eqe = out["metrics"]["eqe_max_pct"]  # 2 % (lifetime doubtful, EQE kept), 10 %, 5 %
    assert (eqe["n_records"], eqe["best"]) == (3, 10.0)
    assert eqe["percentile"] == pytest.approx(100 * 2 / 3)


def test_plots_have_unit_labels_and_skip_doubtful_values(tmp_path):
    rows = [
        {"color": "blue", "peak_nm": "460", "year": "2022", "lifetime_metric": "T50",
         "lifetime_h": "1080", "lifetime_condition": "100 cd/m2", "eqe_pct": "2.01",
         "flags": "lifetime_suspicious=45 day at 100 cd/m2, Lmax 128 cd/m2"},
        {"color": "blue", "peak_nm": "470", "year": "2023", "lifetime_metric": "T50",
         "lifetime_h": "35", "lifetime_condition": "100 cd/m2", "eqe_pct": "10",
         "ppi": "2000"},
    ]
    df = load(directory=_fixture(tmp_path, rows))
    pts = trend_points(df, "lifetime_h")
    assert pts["lifetime_h"].tolist() == [35.0]  # the 45-day value is not a data point
    assert trend_points(df, "eqe_pct")["record"].tolist() == [2.01, 10.0]  # its EQE is
    ax = trend_figure(df, "eqe_pct").axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("publication year", "EQE (%)")
    ax = ppi_figure(df).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("resolution (PPI)", "EQE (%)")


def test_best_leaves_doubtful_values_out_unless_asked():
    # Yang et al. (2023) Table 2 row 16 (ref 68): T50 45 day = 1080 h, flagged lifetime_suspicious
    df = load()
    blue_pnc = df[(df["color"] == "blue") & (df["class"] == "PNC")]
    assert blue_pnc["lifetime_h"].max() == 45 * 24
    top = best(df, by=["color", "class"], metric="lifetime_h").set_index(["color", "class"])
    assert top.loc[("blue", "PNC"), "lifetime_h"] < 45 * 24
    assert top.loc[("blue", "PNC"), "row"] != "16"
    raw = best(df, by=["color", "class"], metric="lifetime_h", include_doubtful=True)
    raw = raw.set_index(["color", "class"])
    assert (raw.loc[("blue", "PNC"), "lifetime_h"], raw.loc[("blue", "PNC"), "ref"]) == (1080, 68)
    r = runner.invoke(app, ["lit", "best", "--by", "color,class", "--metric", "lifetime_h",
                            "--include-doubtful", "--json"])
    rows = json.loads(r.stdout)["rows"]
    assert [x["lifetime_h"] for x in rows if (x["color"], x["class"]) == ("blue", "PNC")] == [1080]
