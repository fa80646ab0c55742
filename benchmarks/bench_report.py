"""Benchmark: analysis and report of a batch of generated devices (issue 3).

Generates N synthetic device folders (:func:`peled.datasets.make_device_batch`,
default 500) in a temporary folder, then times

1. analysis alone (:func:`peled.measure.analyze_batch`)  -- target >= 50 devices/s;
2. analysis + report (:func:`peled.report.build.write_report`, per-device figures for
   the first ``--device-figures`` devices, default 12 as in ``peled report``);
3. analysis + report without per-device figures (table, box plots, CIE overview,
   results.json/csv only), which isolates the cost of the figures.

Prints devices/s of each, the ratios against the analysis-alone baseline measured in
the same run, and the peak resident memory of the process (``ru_maxrss``) after each
phase.  Run: ``.venv/bin/python benchmarks/bench_report.py [--n 500]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024.0 if sys.platform != "darwin" else rss / 1024.0**2


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of devices")
    parser.add_argument("--device-figures", type=int, default=12)
    args = parser.parse_args(argv)

    from peled.datasets import make_device_batch
    from peled.measure import analyze_batch
    from peled.measure.analysis import DeviceFailure
    from peled.report.build import write_report

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        make_device_batch(tmp / "batch", args.n, seed=1)
        t_gen = time.perf_counter() - t0
        print(f"generated {args.n} devices in {t_gen:.1f} s; baseline RSS "
              f"{_peak_rss_mb():.0f} MB")

        t0 = time.perf_counter()
        results = analyze_batch(tmp / "batch")
        t_an = time.perf_counter() - t0
        n_fail = sum(isinstance(r, DeviceFailure) for r in results)
        rate_an = args.n / t_an
        print(f"analysis alone:              {t_an:7.1f} s  {rate_an:7.1f} devices/s  "
              f"(target >= 50: {'met' if rate_an >= 50 else 'NOT met'}; {n_fail} failed)  "
              f"peak RSS {_peak_rss_mb():.0f} MB")

        t0 = time.perf_counter()
        out = write_report(results, tmp / "report", device_figures=args.device_figures,
                           source=str(tmp / "batch"))
        t_rep = time.perf_counter() - t0
        rate_all = args.n / (t_an + t_rep)
        size_mb = (tmp / "report" / "index.html").stat().st_size / 1e6
        print(f"analysis + report ({out.n_with_figures} with figures): "
              f"{t_an + t_rep:7.1f} s  {rate_all:7.1f} devices/s  "
              f"(report {t_rep:.1f} s; index.html {size_mb:.1f} MB)  "
              f"peak RSS {_peak_rss_mb():.0f} MB")

        t0 = time.perf_counter()
        write_report(results, tmp / "report0", device_figures=0, source=str(tmp / "batch"))
        t_rep0 = time.perf_counter() - t0
        rate_0 = args.n / (t_an + t_rep0)
        print(f"analysis + report (no per-device figures): {t_an + t_rep0:7.1f} s  "
              f"{rate_0:7.1f} devices/s  (report {t_rep0:.1f} s)  "
              f"peak RSS {_peak_rss_mb():.0f} MB")
        if out.n_with_figures:
            per_dev = (t_rep - t_rep0) / out.n_with_figures
            print(f"per-device figures (6 PNG + 6 inline SVG): {per_dev:.2f} s per device")
        print(f"ratios vs analysis alone: analysis+report {t_an / (t_an + t_rep):.2f}x "
              f"the throughput; without figures {t_an / (t_an + t_rep0):.2f}x")


if __name__ == "__main__":
    main()
