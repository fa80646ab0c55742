"""CIE 1931 chromaticity diagram with device points, standard gamuts and the Planckian locus."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

__all__ = ["GAMUT_STYLES", "cie1931_figure"]

#: Colours and line styles of the reference gamuts drawn on diagrams.
GAMUT_STYLES = {
    "rec2020": ("Rec.2020", "black", "-"),
    "dci_p3": ("DCI-P3", "tab:purple", "--"),
    "srgb": ("sRGB / Rec.709", "tab:gray", ":"),
    "ntsc": ("NTSC 1953", "tab:olive", "-."),
    "adobe_rgb": ("Adobe RGB", "tab:cyan", "--"),
}


def cie1931_figure(
    points: Mapping[str, Sequence[float]],
    *,
    gamuts: Sequence[str] = ("rec2020", "dci_p3", "srgb"),
    polygon: Sequence[Sequence[float]] | None = None,
    planckian: bool = True,
    title: str = "CIE 1931 chromaticity",
):
    """Return a matplotlib Figure of the CIE 1931 chromaticity diagram.

    The spectral locus comes from colour-science (CIE 1931 2 deg colour-matching
    functions); the Planckian locus from :func:`peled.color.planckian_xy` for
    1,500-20,000 K, with 2000, 3000, 4000, 6500 and 10000 K marked.

    Parameters
    ----------
    points : mapping of str to sequence of float
        Label -> CIE 1931 chromaticity (x, y), each in [0, 1], drawn as labelled dots.
    gamuts : sequence of str, default ("rec2020", "dci_p3", "srgb")
        Reference gamut triangles to draw: keys of :data:`GAMUT_STYLES` (and of
        :data:`peled.color.STANDARD_PRIMARIES`).
    polygon : sequence of sequence of float, optional
        Vertices (x, y) of a measured gamut drawn as a closed polygon (3 or more).
    planckian : bool, default True
        Draw the Planckian (black-body) locus.
    title : str, default "CIE 1931 chromaticity"
        Title of the axes.

    Returns
    -------
    matplotlib.figure.Figure
        The diagram (6.0 x 6.4 in at 110 dpi), not yet saved.

    References
    ----------
    CIE 015:2018, Colorimetry, 4th ed. (CIE 1931 standard colorimetric observer).

    Examples
    --------
    >>> fig = cie1931_figure({"green": (0.17, 0.75)}, gamuts=("rec2020",))
    >>> fig.axes[0].get_xlabel()
    'CIE x'
    """
    import matplotlib

    matplotlib.use("Agg")
    import colour.plotting as cplot
    import matplotlib.pyplot as plt

    from peled.color import STANDARD_PRIMARIES, planckian_xy  # lazy import

    fig, ax = plt.subplots(figsize=(6.0, 6.4), dpi=110)
    cplot.plot_chromaticity_diagram_CIE1931(axes=ax, show=False, title=title)
    for key in gamuts:
        label, colour_, style = GAMUT_STYLES[key]
        tri = np.vstack([STANDARD_PRIMARIES[key], STANDARD_PRIMARIES[key][:1]])
        ax.plot(tri[:, 0], tri[:, 1], style, color=colour_, lw=1.3, label=label)
    if planckian:
        cct = np.geomspace(1500.0, 20000.0, 80)
        loc = planckian_xy(cct)
        ax.plot(loc[:, 0], loc[:, 1], color="tab:orange", lw=1.2, label="Planckian locus")
        for t in (2000, 3000, 4000, 6500, 10000):
            px, py = planckian_xy(float(t))
            ax.plot(px, py, "o", ms=2.5, color="tab:orange")
            ax.annotate(f"{t} K", (px, py), textcoords="offset points", xytext=(-4, 6), fontsize=7)
    if polygon is not None and len(polygon) >= 3:
        poly = np.vstack([np.asarray(polygon, float), np.asarray(polygon[0], float)[None, :]])
        ax.plot(poly[:, 0], poly[:, 1], "-", color="white", lw=2.2)
        ax.plot(poly[:, 0], poly[:, 1], "-", color="tab:red", lw=1.2, label="measured gamut")
    for label, (x, y) in points.items():
        ax.plot(x, y, "o", ms=7, mfc="white", mec="black", mew=1.4)
        ax.annotate(label, (x, y), textcoords="offset points", xytext=(7, 4), fontsize=9)
    ax.set_xlim(-0.05, 0.8)
    ax.set_ylim(-0.05, 0.9)
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    fig.tight_layout()
    return fig
