"""Issue-13 report work done once: each figure is built once and saved once per format
(SVG always, PNG only on request, rasterised from the same figure object), and the
literature is filtered once per colour class with ranks equal to compare_device."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from matplotlib.figure import Figure

from peled.cli.demo import example_path
from peled.execution import Runner
from peled.literature import color_from_peak, compare_device, load
from peled.measure import analyze_batch
from peled.report import build, svg_plot
from peled.report import device_plots as P
from peled.report.figures import CieCanvas

PLOTS = ("jvl_plot", "eqe_plot", "efficiency_plot", "el_plot", "lifetime_plot")


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """The three example devices (three colours) and a second copy of each."""
    root = tmp_path_factory.mktemp("batch")
    for d in sorted(example_path("devices").iterdir()):
        if d.is_dir():
            shutil.copytree(d, root / d.name)
            shutil.copytree(d, root / f"{d.name}-copy")
    with Runner(workers=1) as run:
        return analyze_batch(root, runner=run)


@pytest.mark.parametrize("png", [False, True])
def test_each_figure_is_built_once_and_saved_once_per_format(results, tmp_path, monkeypatch,
                                                              png):
    """Each plot is built once.  Without PNG it is written as SVG directly (no matplotlib
    draw per device: only the two batch figures and, once per process, the CIE diagram
    go through matplotlib); with PNG it becomes one Figure saved as SVG and then PNG."""
    built: Counter = Counter()
    saved: list[tuple[int, str]] = []
    written: list[str] = []
    for name in PLOTS:
        real = getattr(P, name)

        def counted(result, _real=real, _name=name):
            built[_name] += 1
            return _real(result)

        monkeypatch.setattr(P, name, counted)
    real_svg = svg_plot.plot_to_svg

    def to_svg(plot):
        written.append(plot.panels[0].title or plot.suptitle)
        return real_svg(plot)

    monkeypatch.setattr(svg_plot, "plot_to_svg", to_svg)
    real_savefig = Figure.savefig

    def savefig(self, fname, *args, **kwargs):
        saved.append((id(self), kwargs.get("format")))
        return real_savefig(self, fname, *args, **kwargs)

    canvas = CieCanvas()
    canvas.inline_background()  # the CIE diagram of the page, rendered once beforehand
    monkeypatch.setattr(build, "_CIE_CANVAS", canvas)
    monkeypatch.setattr(Figure, "savefig", savefig)
    with Runner(workers=1) as run:
        out = build.write_report(results, tmp_path / "rep", device_figures=len(results),
                                 literature=False, png=png, runner=run)
    n = out.n_with_figures
    assert n == len(results) == 6
    # every device of the examples has all five plotted figures: each built exactly once
    assert built == Counter({name: n for name in PLOTS})
    svgs = sorted((tmp_path / "rep" / "figures").glob("*.svg"))
    pngs = sorted((tmp_path / "rep" / "figures").glob("*.png"))
    assert len(svgs) == 6 * n + 2  # six per device, box plots and the overview CIE
    formats = Counter(fmt for _, fmt in saved)
    assert set(formats) <= {"svg", "png"}
    if png:  # each PNG rasterised right after the SVG of the same figure object
        assert written == []
        assert formats["svg"] == len(svgs) and formats["png"] == len(pngs)
        assert [p.stem for p in pngs] == [s.stem for s in svgs]
        pairs = [saved[i:i + 2] for i in range(0, len(saved), 2)]
        assert all(a[1] == "svg" and b[1] == "png" and a[0] == b[0] for a, b in pairs)
    else:
        assert pngs == []
        assert len(written) == 5 * n  # the five plots of each device, written directly
        # matplotlib draws only the box plots (the overview CIE diagram, like each
        # device's, is the points on the diagram rendered once beforehand)
        assert formats == Counter({"svg": 1})


def test_literature_filtered_once_per_colour_class_with_compare_device_ranks(results,
                                                                              monkeypatch):
    import peled.literature.compare as compare

    dataset = load()
    calls: list[str] = []
    real = compare.color_population

    def counted(df, color, *args, **kwargs):
        calls.append(color)
        return real(df, color, *args, **kwargs)

    monkeypatch.setattr(compare, "color_population", counted)
    cache: dict = {}
    summaries = [r.summary() for r in results]
    ranks = [build.literature_comparison(s, dataset, cache) for s in summaries]
    colours = {color_from_peak(s["peak_nm"]) for s in summaries}
    assert len(colours) == 3
    assert sorted(calls) == sorted(colours)  # one filtering per colour, six devices
    monkeypatch.setattr(compare, "color_population", real)
    assert ranks == [compare_device(s, dataset) for s in summaries]
