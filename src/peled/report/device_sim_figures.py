"""Figures of the device simulator (fitted J-V overlaid on the measurement).

Functions return a :class:`matplotlib.figure.Figure` on the Agg canvas (no pyplot, no
global state); the caller saves it.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["stack_fit_figure"]


def stack_fit_figure(fit) -> Figure:
    """Measured J-V (points) and the J-V simulated with the fitted parameters (line).

    Parameters
    ----------
    fit : peled.device.fit.StackFit
        Result of :func:`peled.device.fit.fit_stack`.

    Returns
    -------
    matplotlib.figure.Figure
        J in mA/cm^2 on a log axis vs V; the title lists the fitted values.

    Raises
    ------
    AttributeError
        ``fit`` lacks one of the :class:`~peled.device.fit.StackFit` attributes used
        (``voltage_v``, ``j_measured_a_m2``, ``j_fit_a_m2``, ``names``, ``values``,
        ``stderr``, ``rms_log10_j``).

    Examples
    --------
    >>> import numpy as np
    >>> from types import SimpleNamespace
    >>> v = np.array([1.0, 2.0, 3.0])
    >>> fit = SimpleNamespace(voltage_v=v, j_measured_a_m2=v**2, j_fit_a_m2=1.01 * v**2,
    ...                       names=("layer.X.mu_p_m2_vs",),
    ...                       values={"layer.X.mu_p_m2_vs": 1e-6},
    ...                       stderr={"layer.X.mu_p_m2_vs": 1e-8}, rms_log10_j=0.004)
    >>> ax = stack_fit_figure(fit).axes[0]
    >>> ax.get_yscale(), ax.get_title()
    ('log', 'layer.X.mu_p_m2_vs = 1e-06 ± 1e-08')
    >>> ax.lines[0].get_ydata().tolist()      # 1, 4, 9 A/m^2 drawn in mA/cm^2
    [0.1, 0.4, 0.9]
    """
    fig = Figure(figsize=(5.5, 4.2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.semilogy(fit.voltage_v, fit.j_measured_a_m2 * 0.1, "o", ms=4, mfc="none",
                color="0.3", label="measured")
    ax.semilogy(fit.voltage_v, fit.j_fit_a_m2 * 0.1, "-", lw=1.6, color="C3",
                label=f"fit (rms {fit.rms_log10_j:.3f} decades)")
    ax.set_xlabel("voltage (V)")
    ax.set_ylabel("J (mA/cm$^2$)")
    lines = [f"{n} = {fit.values[n]:.4g} ± {fit.stderr[n]:.2g}" for n in fit.names]
    ax.set_title("\n".join(lines), fontsize=7)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
