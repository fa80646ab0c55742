"""SCLC fit of one sweep: regions, trap-filled-limit voltage, trap density and mobility.

Analysis (:class:`SCLCFit`):

1. the curve is reduced to points with V > 0 and J > 0 (negative-polarity sweeps are
   mirrored, with a warning), x = ln V, y = ln J;
2. the local slope d lnJ / d lnV is computed by a moving local linear regression
   (window of ``slope_window`` points) for display;
3. the curve is segmented (:func:`peled.characterize.sclc.segments.segment_loglog`; a
   sweep longer than 2000 points on group means, ``segment_loglog_decimated``)
   into 1 to ``max_segments`` straight lines in log-log (each at least ``min_points``
   points); the number of segments minimises the Bayesian information criterion
   (G. Schwarz, Ann. Stat. 6, 461, 1978), with the residual variance floored at
   ``noise_floor``^2 so noise-free data are not over-segmented; neighbouring segments
   of the same kind are merged;
4. **V_TFL is the intersection of the line fitted to the segment below the first TFL
   segment (normally the ohmic one) with the TFL line** (the "tangent" construction of
   the literature, made reproducible).  Its standard error combines the delta-method
   error of the intersection (covariances of both line fits) with the sampling
   resolution at the kink (gap between the last point below and the first point of
   the TFL segment, divided by sqrt(12)).  When the TFL region was merged from several
   segments (a discrete trap level gives a near-vertical step between shallower
   shoulders), the tangent is drawn to the steepest of them and intersected with the
   segment just below it, so V_TFL is the foot of the step (Lampert & Mark, *Current
   Injection in Solids*, Academic Press (1970): the trap-filled limit is the
   near-vertical rise); the merged line would average the step with its shoulders.
   When the TFL segment is the first one or no TFL segment exists, V_TFL is ``None``;
5. the trap density follows from V_TFL by Jiang et al., Nanoscale (2024), eqn (13)
   (:func:`peled.device.space_charge.trap_density_tfl`), the mobility is the geometric
   mean of the Mott-Gurney law solved for mu over the last Child segment
   (:func:`peled.device.space_charge.mobility_mott_gurney`).

Thin films: the contact-filled layer (``trap_depth_ev``)
-------------------------------------------------------
Lampert's V_TFL = q N_t L^2 / (2 eps) (Phys. Rev. 103, 1648 (1956)) is a drift-only
result for traps that are all empty at zero bias.  Carriers that diffuse in from ohmic
contacts are what breaks the drift-only laws in thin films (Röhr, Moia, Haque, Kirchartz
& Nelson, J. Phys.: Condens. Matter 30 (2018), doi:10.1088/1361-648X/aaabad, for the
trap-free Mott-Gurney law; no published closed form for the trap-filled limit was
found, hence eqn (C) below).  With an ohmic contact (its Fermi level at the transport
band edge) carriers diffuse in at zero bias and fill a trap level of depth dE below the
contact Fermi level within

    w = (2 eps dE / (q^2 N_t))^(1/2)                                        (W)

of the contact: across that layer the band bends by dE / q under the uniform trapped
charge q N_t (the depletion approximation of the one-sided abrupt junction, Sze & Ng,
*Physics of Semiconductor Devices*, 3rd ed., Wiley (2007), ch. 2, with the trapped
instead of the ionised-dopant charge).  The filled layer at the injecting contact acts
as part of the electrode, so the step is Lampert's limit of the remaining L - w:

    V_TFL,app = q N_t (L - w)^2 / (2 eps),  i.e.
    V_TFL = (V_TFL,app^(1/2) + (dE / q)^(1/2))^2                            (C)

(by (W), q N_t w^2 / (2 eps) = dE / q; the correction depends on neither L nor eps).
The uncorrected N_t is low by (1 - w/L)^2 = (1 - (dE / q V_TFL)^(1/2))^2, so the error
is small only when q V_TFL >> dE: 8 % for a 1 mm crystal (V_TFL = 446 V, dE = 0.8 eV)
but a factor 0.36 for a 500 nm film with N_t = 1e16 cm^-3 and dE = 0.5 eV (V_TFL
= 3.1 V, w/L = 0.40; the analysis of the simulated curve gives 0.34).  A warning is
added when (dE / q V_TFL,corrected)^(1/2) = w/L exceeds 0.5.  Eqn (C) is derived here
(not a published correction) and checked against the drift-diffusion simulator of
:mod:`peled.device` (one discrete trap level, ohmic contacts): with the trap depth given
it recovers N_t within 4 % from w/L = 0.04 to 0.48 (the SCLC round-trip tests).  dE can
come from admittance spectroscopy (:mod:`peled.characterize.admittance`) or thermal
activation.  Mobile
ions, injection barriers and a trap distribution shift V_TFL further (Le Corre,
Duijnstee, El Tambouli, Ball, Snaith, Lim & Koster, ACS Energy Lett. 6, 1087 (2021));
without ``trap_depth_ev``, N_t from V_TFL of a thin film is a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from peled.characterize.errors import SCLCError
from peled.characterize.sclc.segments import (
    Region,
    fit_regions,
    local_slope,
    segment_loglog_decimated,
)
from peled.device.space_charge import mobility_mott_gurney, trap_density_tfl
from peled.errors import ParameterError, require_positive
from peled.robust import mad_sigma

__all__ = [
    "SCLCError",
    "SCLCFit",
    "SCLCSweepResult",
]


@dataclass(frozen=True)
class SCLCSweepResult:
    """Result of one sweep (see :class:`SCLCFit` for the meaning of each field).

    Attributes
    ----------
    direction : str
        ``"forward"`` or ``"reverse"`` (or the label of the sweep).
    regions : tuple of Region
        The log-log segments.
    v_tfl_v, v_tfl_stderr_v : float or None
        Trap-filled-limit voltage and its standard error (V).
    trap_density_per_m3, trap_density_stderr_per_m3 : float or None
        Trap density from V_TFL (from ``v_tfl_corrected_v`` when a trap depth was
        given) and its standard error (m^-3).
    mobility_m2_vs, mobility_stderr_m2_vs : float or None
        Mott-Gurney mobility and its standard error (m^2/(V s)).
    child_slope : float or None
        Log-log slope of the Child region (2 for the ideal law).
    warnings : tuple of str
        Why a value is missing or uncertain.
    residual_rms : float or None
        rms scatter of ln J about the segment fits.
    voltage_v, current_density_a_m2 : numpy.ndarray or None
        The analysed points (V, A/m^2).
    v_tfl_corrected_v : float or None
        V_TFL corrected for the contact-filled layer, eqn (C) of
        :mod:`peled.characterize.sclc.fit` (V; ``None`` without a trap depth).
    trap_depth_ev : float or None
        The trap depth used for the correction (eV).

    References
    ----------
    Lampert, Phys. Rev. 103, 1648 (1956); Jiang et al., Nanoscale (2024), eqn (13)
    (trap density); Mott & Gurney, *Electronic Processes in Ionic Crystals*, Oxford
    University Press (1940) (mobility).

    Examples
    --------
    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> j = single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20)
    >>> d = SCLCFit(3e-7, 25.0).fit(v, j).result().as_dict()
    >>> round(d["v_tfl_v"], 6), f"{d['trap_density_cm3']:.4e}", round(d["mobility_cm2_vs"], 6)
    (0.8, '2.4562e+16', 0.5)
    """

    direction: str
    regions: tuple[Region, ...]
    v_tfl_v: float | None
    v_tfl_stderr_v: float | None
    trap_density_per_m3: float | None
    trap_density_stderr_per_m3: float | None
    mobility_m2_vs: float | None
    mobility_stderr_m2_vs: float | None
    child_slope: float | None
    warnings: tuple[str, ...]
    #: rms scatter of ln J about the segment fits (the per-point noise of this sweep)
    residual_rms: float | None = None
    #: the analysed points (V > 0, J > 0, sorted by V), kept for sweep/mode comparisons
    voltage_v: np.ndarray | None = field(default=None, repr=False, compare=False)
    current_density_a_m2: np.ndarray | None = field(default=None, repr=False, compare=False)
    #: V_TFL corrected for the contact-filled layer (eqn (C)); None without a trap depth
    v_tfl_corrected_v: float | None = None
    trap_depth_ev: float | None = None

    def as_dict(self) -> dict:
        """Display units: V, cm^-3, cm^2/(V s); ``regions`` as a list of dicts."""
        def cm3(x):
            return None if x is None else x * 1e-6

        def cm2(x):
            return None if x is None else x * 1e4

        return {
            "v_tfl_v": self.v_tfl_v, "v_tfl_stderr_v": self.v_tfl_stderr_v,
            "v_tfl_corrected_v": self.v_tfl_corrected_v, "trap_depth_ev": self.trap_depth_ev,
            "trap_density_cm3": cm3(self.trap_density_per_m3),
            "trap_density_stderr_cm3": cm3(self.trap_density_stderr_per_m3),
            "mobility_cm2_vs": cm2(self.mobility_m2_vs),
            "mobility_stderr_cm2_vs": cm2(self.mobility_stderr_m2_vs),
            "regions": [r.as_dict() for r in self.regions],
            "direction": self.direction,
            "warnings": list(self.warnings),
        }



@dataclass
class SCLCFit:
    """Segment one J-V sweep, locate V_TFL, and evaluate eqns (13) and (MG).

    ``fit(voltage_v, current_density_a_m2)`` (V, A/m^2) sets the fitted attributes and
    returns the estimator; :meth:`result` freezes them into a :class:`SCLCSweepResult`.

    Parameters
    ----------
    thickness_m : float
        Layer thickness L (m, > 0).
    eps_r : float
        Relative permittivity (> 0).
    v_bi_v : float
        Built-in voltage subtracted in the Mott-Gurney law (V; default 0, symmetric
        contacts of a single-carrier device).
    min_points : int
        Points per segment (>= 3; default 4: a slope and its standard error need at
        least two degrees of freedom).
    max_segments : int
        Largest number of log-log segments (default 5: ohmic, trap-limited, TFL,
        Child and one spare).
    noise_floor : float
        Relative current noise assumed at least, for the BIC (default 0.01: scatter of
        ln J below 1 % is not resolved into extra segments, so noise-free data are not
        over-segmented).
    slope_window : int
        Points of the local-slope regression (default 7).
    trap_depth_ev : float or None
        Depth dE of the trap level below the contact Fermi level (eV, >= 0; e.g. from
        admittance spectroscopy).  When given, N_t is computed from V_TFL corrected for
        the layer the contacts fill at zero bias, eqn (C) of the module docstring
        (default ``None``: Lampert's V_TFL uncorrected, a lower bound for thin films).

    Attributes
    ----------
    regions_ : tuple of Region
        The log-log segments.
    slope_ : numpy.ndarray
        Local slope d lnJ / d lnV per point.
    v_tfl_v_, v_tfl_stderr_v_ : float or None
        Trap-filled-limit voltage and its standard error (V).
    trap_density_per_m3_, trap_density_stderr_per_m3_ : float or None
        Trap density N_t = 2 eps_0 eps_r V_TFL / (q L^2) and its standard error (m^-3)
        (with ``v_tfl_corrected_v_`` when ``trap_depth_ev`` is given).
    v_tfl_corrected_v_ : float or None
        (V_TFL^(1/2) + (dE/q)^(1/2))^2, eqn (C) (V; ``None`` without ``trap_depth_ev``).
    mobility_m2_vs_, mobility_stderr_m2_vs_ : float or None
        Mott-Gurney mobility (geometric mean over the Child region) and its standard
        error (m^2/(V s)).
    child_slope_ : float or None
        Slope of the Child region.
    residual_rms_ : float
        rms scatter of ln J about the segment fits.
    warnings_ : list of str
        Why a value is ``None`` or uncertain.

    Raises
    ------
    peled.errors.ParameterError
        From ``fit``: ``thickness_m`` or ``eps_r`` not > 0, a non-finite ``v_bi_v``,
        ``min_points`` < 3 or a negative or non-finite ``trap_depth_ev``.
    SCLCError
        From ``fit``: fewer than ``2 * min_points`` points with V > 0 and J > 0.

    References
    ----------
    Lampert, Phys. Rev. 103, 1648 (1956) (trap-filled limit); Jiang et al., Nanoscale
    (2024), eqn (13) (trap density); Mott & Gurney, *Electronic Processes in Ionic
    Crystals*, Oxford University Press (1940) (Child law, eqn (MG)); Schwarz, Ann. Stat.
    6, 461 (1978) (BIC); Bellman, Commun. ACM 4, 284 (1961) (segmentation); Sze & Ng,
    *Physics of Semiconductor Devices*, 3rd ed., Wiley (2007) (depletion approximation,
    contact-filled layer (W)); Le Corre et al., ACS Energy Lett. 6, 1087 (2021) (SCLC
    pitfalls in perovskites).

    Examples
    --------
    A hole-only layer (300 nm, eps_r 25, mu 0.5 cm^2/(V s), V_TFL 0.8 V); by eqn (13)
    N_t = 2 x 8.854e-12 x 25 x 0.8 / (1.602e-19 x (3e-7)^2) = 2.456e22 m^-3:

    >>> from peled.device.space_charge import single_carrier_jv
    >>> v = np.geomspace(0.01, 10, 60)
    >>> fit = SCLCFit(3e-7, 25.0).fit(v, single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20))
    >>> [r.kind for r in fit.regions_]
    ['ohmic', 'tfl', 'child']
    >>> round(fit.v_tfl_v_, 6), f"{fit.trap_density_per_m3_:.4g}", f"{fit.mobility_m2_vs_:.4g}"
    (0.8, '2.456e+22', '5e-05')

    A trap 0.5 eV below the contact Fermi level: eqn (C) gives
    (0.8^(1/2) + 0.5^(1/2))^2 = 2.565 V:

    >>> fit = SCLCFit(3e-7, 25.0, trap_depth_ev=0.5).fit(
    ...     v, single_carrier_jv(v, 3e-7, 25.0, 5e-5, 0.8, 2e20))
    >>> round(fit.v_tfl_corrected_v_, 3), f"{fit.trap_density_per_m3_:.4g}"
    (2.565, '7.875e+22')
    """

    thickness_m: float
    eps_r: float
    v_bi_v: float = 0.0
    min_points: int = 4
    max_segments: int = 5
    noise_floor: float = 0.01
    slope_window: int = 7
    trap_depth_ev: float | None = None

    def fit(self, voltage_v, current_density_a_m2) -> SCLCFit:
        """Fit one sweep: ``voltage_v`` (V) and ``current_density_a_m2`` (A/m^2); returns self."""
        L = require_positive("thickness_m", self.thickness_m)
        eps = require_positive("eps_r", self.eps_r)
        if not np.isfinite(self.v_bi_v):
            raise ParameterError(f"v_bi_v (--vbi) must be a finite voltage, got {self.v_bi_v!r}")
        if self.min_points < 3:
            raise ParameterError(f"min_points must be >= 3, got {self.min_points}")
        if self.trap_depth_ev is not None and not (np.isfinite(self.trap_depth_ev)
                                                   and self.trap_depth_ev >= 0):
            raise ParameterError(
                "trap_depth_ev (--trap-depth-ev) must be a finite trap depth >= 0 eV below "
                f"the contact Fermi level, got {self.trap_depth_ev!r}")
        v, j, warnings = _clean(voltage_v, current_density_a_m2)
        n = v.size
        if n < 2 * self.min_points:
            raise SCLCError(
                f"only {n} usable points (V > 0, J > 0); need at least {2 * self.min_points}"
            )
        x, y = np.log(v), np.log(j)
        best = None
        k_max = min(self.max_segments, n // self.min_points)
        splits = segment_loglog_decimated(x, y, k_max, self.min_points)
        for k, (total, bounds) in enumerate(splits, 1):
            var = max(total / n, self.noise_floor**2)
            bic = n * np.log(var) + (3 * k - 1) * np.log(n)
            if best is None or bic < best[0] - 1e-9:
                best = (bic, bounds)
        bounds = best[1]
        regions = fit_regions(v, x, y, bounds)
        raw_bounds, raw_regions = bounds, regions
        # merge neighbours of the same kind and refit
        merged = [bounds[0]]
        for r_prev, r_next, b in zip(regions[:-1], regions[1:], bounds[1:-1], strict=True):
            if r_prev.kind != r_next.kind:
                merged.append(b)
        merged.append(bounds[-1])
        if len(merged) != len(bounds):
            bounds = merged
            regions = fit_regions(v, x, y, bounds)
        resid = np.concatenate([
            y[lo:hi] - (r.intercept + r.slope * x[lo:hi])
            for r, lo, hi in zip(regions, bounds[:-1], bounds[1:], strict=True)
        ])
        rms = float(np.sqrt(np.mean(resid**2)))
        # the noise criterion is the point-to-point scatter, not the scatter about the
        # segment fits: a merged TFL region (a curved step between shoulders) fits its
        # straight line poorly on a noise-free curve (rms ~0.3 for a simulated thin film)
        scatter = _point_scatter(x, y)
        if scatter > 0.1:
            warnings.append(
                f"noisy curve: point-to-point scatter of ln J is {scatter:.2f} "
                f"(~{100 * (np.exp(scatter) - 1):.0f} %); regions and V_TFL are uncertain"
            )
        self.regions_ = tuple(regions)
        self.slope_ = local_slope(v, j, self.slope_window)
        self.voltage_ = v
        self.current_density_ = j
        self.residual_rms_ = rms
        self._locate_tfl(x, bounds, raw_bounds, raw_regions, L, eps, warnings)
        self._mobility(v, j, bounds, L, eps, warnings)
        self.warnings_ = warnings
        return self

    def _locate_tfl(self, x, bounds, raw_bounds, raw_regions, L, eps, warnings) -> None:
        self.v_tfl_v_ = self.v_tfl_stderr_v_ = self.v_tfl_corrected_v_ = None
        self.trap_density_per_m3_ = self.trap_density_stderr_per_m3_ = None
        kinds = [r.kind for r in self.regions_]
        if "tfl" not in kinds:
            warnings.append(
                "no trap-filled-limit region (no segment with slope significantly > 3): "
                "V_TFL and N_t are not reported"
            )
            return
        k = kinds.index("tfl")
        if k == 0:
            warnings.append(
                "the curve starts in the trap-filled-limit region: V_TFL lies at or below "
                f"the lowest voltage measured ({np.exp(x[0]):.3g} V) and is not reported"
            )
            return
        lo, tfl, b = self.regions_[k - 1], self.regions_[k], bounds[k]
        # the segments the TFL region was merged from: the tangent is drawn to the
        # steepest one (a discrete trap level gives a near-vertical step between
        # shallower segments; the merged line would average the step with its shoulders)
        inside = [i for i in range(len(raw_regions))
                  if bounds[k] <= raw_bounds[i] and raw_bounds[i + 1] <= bounds[k + 1]]
        steep = max(inside, key=lambda i: raw_regions[i].slope)
        if len(inside) > 1:
            tfl = raw_regions[steep]
            if steep != inside[0]:
                lo, b = raw_regions[steep - 1], raw_bounds[steep]
            warnings.append(
                f"the TFL region steepens to slope {tfl.slope:.1f} from "
                f"{tfl.v_start:.4g} V: V_TFL is the foot of this steepest part (its "
                f"intersection with the segment below, slope {lo.slope:.2f})"
            )
        elif lo.kind != "ohmic":
            warnings.append(
                f"the region below the TFL region is {lo.kind!r} (slope {lo.slope:.2f}), "
                "not ohmic; V_TFL is its intersection with the TFL line"
            )
        db = tfl.slope - lo.slope
        x_star = (lo.intercept - tfl.intercept) / db
        x_lo, x_hi = x[b - 1], x[b]
        if not (np.log(lo.v_start) <= x_star <= np.log(tfl.v_end)):
            warnings.append("tangent intersection outside the two regions; V_TFL taken as "
                            "the first point of the TFL region")
            x_star = x_hi
        grad_lo = np.array([1.0, x_star]) / db
        grad_hi = -np.array([1.0, x_star]) / db
        var = float(grad_lo @ np.array(lo.cov) @ grad_lo + grad_hi @ np.array(tfl.cov) @ grad_hi)
        var += (x_hi - x_lo) ** 2 / 12.0
        v_tfl = float(np.exp(x_star))
        se = v_tfl * float(np.sqrt(max(var, 0.0)))
        self.v_tfl_v_, self.v_tfl_stderr_v_ = v_tfl, se
        v_nt, se_nt = v_tfl, se
        if self.trap_depth_ev is not None:     # eqn (C): the contact-filled layer
            root = np.sqrt(self.trap_depth_ev)
            v_nt = float((np.sqrt(v_tfl) + root) ** 2)
            se_nt = se * (1.0 + root / np.sqrt(v_tfl))       # dV_C / dV_TFL
            self.v_tfl_corrected_v_ = v_nt
            w_over_l = root / np.sqrt(v_nt)       # (W) over L: (dE / q V_TFL)^(1/2)
            if w_over_l > 0.5:
                warnings.append(
                    f"the contact-filled layer is w/L = {w_over_l:.2f} of the film for a "
                    f"{self.trap_depth_ev:g} eV trap depth: eqn (C) was checked only up to "
                    "w/L = 0.48, so N_t is uncertain (check the trap depth)")
        self.trap_density_per_m3_ = trap_density_tfl(v_nt, eps, L)
        self.trap_density_stderr_per_m3_ = self.trap_density_per_m3_ * se_nt / v_nt

    def _mobility(self, v, j, bounds, L, eps, warnings) -> None:
        self.mobility_m2_vs_ = self.mobility_stderr_m2_vs_ = self.child_slope_ = None
        idx = [i for i, r in enumerate(self.regions_) if r.kind == "child"]
        if not idx:
            warnings.append("no Child (slope ~2) region: mobility is not reported")
            return
        k = idx[-1]
        lo, hi = bounds[k], bounds[k + 1]
        vv, jj = v[lo:hi], j[lo:hi]
        keep = vv > self.v_bi_v
        if keep.sum() < 2:
            warnings.append("Child region lies below v_bi_v: mobility is not reported")
            return
        mu = mobility_mott_gurney(vv[keep], jj[keep], eps, L, self.v_bi_v)
        ln_mu = np.log(mu)
        self.mobility_m2_vs_ = float(np.exp(ln_mu.mean()))
        rel_se = float(ln_mu.std(ddof=1) / np.sqrt(ln_mu.size))
        self.mobility_stderr_m2_vs_ = self.mobility_m2_vs_ * rel_se
        self.child_slope_ = self.regions_[k].slope
        if abs(self.child_slope_ - 2.0) > 0.3:
            warnings.append(
                f"Child region slope {self.child_slope_:.2f} deviates from 2: the "
                "Mott-Gurney mobility is approximate (injection barrier, field-dependent "
                "mobility or trap-limited SCLC)"
            )

    def result(self, direction: str = "forward") -> SCLCSweepResult:
        """The fitted values as a frozen :class:`SCLCSweepResult`."""
        return SCLCSweepResult(
            direction, self.regions_, self.v_tfl_v_, self.v_tfl_stderr_v_,
            self.trap_density_per_m3_,
            self.trap_density_stderr_per_m3_, self.mobility_m2_vs_, self.mobility_stderr_m2_vs_,
            self.child_slope_, tuple(self.warnings_), self.residual_rms_,
            self.voltage_, self.current_density_, self.v_tfl_corrected_v_,
            self.trap_depth_ev,
        )



def _point_scatter(x: np.ndarray, y: np.ndarray) -> float:
    """Robust per-point scatter of ``y`` (ln J) against its neighbours on ``x`` (ln V).

    Each interior point is compared with the straight line through its two neighbours,
    r_i = y_i - (a_i y_(i-1) + b_i y_(i+1)) with a_i + b_i = 1; for independent noise of
    standard deviation sigma, var(r_i) = sigma^2 (1 + a_i^2 + b_i^2).  sigma is the
    normalised median absolute value 1.4826 median(|r_i| / (1 + a_i^2 + b_i^2)^(1/2))
    (Rousseeuw & Croux, J. Am. Stat. Assoc. 88, 1273 (1993)), so a few kink points
    (the trap-filled step) and the smooth curvature of a noise-free curve do not count
    as noise.  Returns 0 for fewer than three distinct voltages.
    """
    keep = np.concatenate([[True], np.diff(x) > 0])     # repeated voltages: first only
    x, y = x[keep], y[keep]
    if x.size < 3:
        return 0.0
    h1, h2 = np.diff(x)[:-1], np.diff(x)[1:]
    a, b = h2 / (h1 + h2), h1 / (h1 + h2)
    r = (y[1:-1] - (a * y[:-2] + b * y[2:])) / np.sqrt(1.0 + a**2 + b**2)
    return mad_sigma(r, center=0.0)


def _clean(voltage_v, current) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Finite points with V > 0 and J > 0, sorted by V (negative polarity mirrored)."""
    v = np.asarray(voltage_v, dtype=float).ravel()
    j = np.asarray(current, dtype=float).ravel()
    if v.shape != j.shape:
        raise SCLCError(f"voltage and current differ in length ({v.size} vs {j.size})")
    warnings: list[str] = []
    ok = np.isfinite(v) & np.isfinite(j)
    if (~ok).any():
        warnings.append(f"{int((~ok).sum())} non-finite point(s) ignored")
    v, j = v[ok], j[ok]
    if v.size and np.sum(v < 0) > np.sum(v > 0):
        warnings.append("negative-polarity sweep: analysed as |V|, |J|")
        v, j = -v, -j
    elif np.any(v < 0):
        warnings.append(f"{int(np.sum(v < 0))} point(s) of the opposite polarity ignored")
    pos = v > 0
    v, j = v[pos], j[pos]
    bad = j <= 0
    if v.size == 0 or bad.all():
        raise SCLCError("no point with V > 0 and J > 0 (all currents <= 0 at V > 0: wrong "
                        "sign convention?); expected a single-carrier J-V curve")
    if bad.any():
        frac = bad.mean()
        if frac > 0.2:
            raise SCLCError(
                f"{int(bad.sum())} of {v.size} points have J <= 0 at V > 0 "
                "(wrong sign convention or offset?); expected positive current"
            )
        warnings.append(f"{int(bad.sum())} point(s) with J <= 0 at V > 0 ignored "
                        "(noise floor or offset)")
        v, j = v[~bad], j[~bad]
    order = np.argsort(v, kind="stable")
    v, j = v[order], j[order]
    drops = int(np.sum(np.diff(j) < 0))
    if drops > 0.05 * max(v.size - 1, 1):
        warnings.append(
            f"current decreases with increasing voltage at {drops} of {v.size - 1} steps "
            "(noise, negative differential resistance or ionic transients)"
        )
    _, uniq = np.unique(v, return_index=True)
    if uniq.size < v.size:
        warnings.append(f"{v.size - uniq.size} repeated voltage(s): all points kept")
    return v, j, warnings


