"""Benchmark: scaling of the execution layer with 1, 2 and 4 local workers.

Two workloads, each run with ``--workers 1`` (in-process), 2 and 4 (a local Dask
process cluster started for the run, start-up included, as a user sees it):

1. ``film map``: an N x N process map of examples/film/antisolvent.toml
   (:func:`peled.film.processmap.run_map`), default 8 x 8;
2. a ``report`` of 1,000 generated devices (analysis of every device and the figure set
   of every device through one :class:`peled.execution.Runner`, as ``peled report
   --device-figures 1000`` does).

Prints median wall times over ``--repeat`` runs, speed-up against 1 worker and speed-up
per worker, with the number of CPUs and the load average (a speed-up above the number
of idle cores is impossible; on a loaded machine expect less).  Results are checked
identical across worker counts.

Run: ``.venv/bin/python benchmarks/bench_scaling.py [--map 8] [--devices 1000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from importlib.resources import files
from pathlib import Path

WORKERS = (1, 2, 4)


def _report(batch: Path, out: Path, workers: int) -> str:
    from peled.execution import Runner
    from peled.measure import analyze_batch
    from peled.report.build import write_report

    with Runner(workers=workers) as run:
        results = analyze_batch(batch, runner=run)
        write_report(results, out, runner=run, device_figures=len(results))
    return (out / "results.json").read_text()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--map", type=int, default=8, help="N of the N x N film map")
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per worker count (median)")
    args = ap.parse_args(argv)

    from peled.datasets import make_device_batch
    from peled.film.process import load_process
    from peled.film.processmap import parse_axis, run_map

    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}")
    spec = load_process(files("peled") / "data" / "examples" / "film" / "antisolvent.toml")
    x = parse_axis(f"antisolvent_time_s:2:20:{args.map}")
    y = parse_axis(f"evaporation_rate:0.0:0.1:{args.map}", "--y")
    base = None
    ref = None
    print(f"film map {args.map} x {args.map} (medians of {args.repeat} runs)")
    for w in WORKERS:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            pmap = run_map(spec, x, y, workers=w)
            times.append(time.perf_counter() - t0)
        dt = statistics.median(times)
        doc = json.dumps(pmap.to_dict(), default=list)
        ref = ref or doc
        base = base or dt
        print(f"  {w} worker(s): {dt:7.1f} s  speed-up {base / dt:4.2f}x  per worker "
              f"{base / dt / w:4.2f}  identical {doc == ref}  load {os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_device_batch(tmp / "batch", args.devices, seed=1)
        base = None
        ref = None
        print(f"report of {args.devices} devices (analysis + a figure set per device + "
              "overview)")
        for w in WORKERS:
            times = []
            for i in range(args.repeat):
                t0 = time.perf_counter()
                doc = _report(tmp / "batch", tmp / f"rep{w}_{i}", w)
                times.append(time.perf_counter() - t0)
            dt = statistics.median(times)
            ref = ref or doc
            base = base or dt
            print(f"  {w} worker(s): {dt:7.1f} s  {args.devices / dt:6.1f} devices/s  "
                  f"speed-up {base / dt:4.2f}x  per worker {base / dt / w:4.2f}  "
                  f"identical {doc == ref}  load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
