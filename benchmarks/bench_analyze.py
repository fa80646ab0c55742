"""Benchmark: analysis of 500 generated device folders against a target rate.

Generates 500 synthetic device folders (``peled.datasets.make_device_batch``: 101-point
J-V-L sweep, a 471-point EL spectrum, a 201-point lifetime trace and device.toml each,
with noise) in a temporary directory, then times in the same process:

1. baseline: reading every folder (``load_device``: CSV/TOML parsing only);
2. analysis: ``analyze_batch`` on the whole folder (reading + sweeps + EQE/CE/PE +
   EL + colour + stretched/bi-exponential lifetime fits with CIs).

Prints devices/s of both, their ratio, and the peak traced memory (tracemalloc) of the
analysis.  Target: >= 50 devices/s for the analysis on a 2-core machine.

Run: ``.venv/bin/python benchmarks/bench_analyze.py [N]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TARGET_DEVICES_PER_S = 50.0


def main(n: int = 500) -> None:
    from peled.datasets import make_device_batch
    from peled.measure import DeviceFailure, analyze_batch, load_device

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folders = make_device_batch(Path(tmp), n, seed=1)
        t_gen = time.perf_counter() - t0
        analyze_batch(folders[0])  # warm-up: imports, colour-science tables, caches

        t0 = time.perf_counter()
        for f in folders:
            load_device(f)
        t_read = time.perf_counter() - t0

        tracemalloc.start()
        t0 = time.perf_counter()
        results = analyze_batch(Path(tmp))
        t_an = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        # timing without tracemalloc overhead
        t0 = time.perf_counter()
        analyze_batch(Path(tmp))
        t_an_plain = time.perf_counter() - t0

    failed = sum(isinstance(r, DeviceFailure) for r in results)
    rate = n / t_an_plain
    print(f"devices                 : {n} ({failed} failed), generated in {t_gen:.1f} s")
    print(f"baseline (read only)    : {n / t_read:8.1f} devices/s")
    print(f"analysis                : {rate:8.1f} devices/s  ({1e3 / rate:.1f} ms/device)")
    print(f"analysis / read time    : {t_an_plain / t_read:8.2f} x")
    print(f"analysis under tracemalloc: {n / t_an:8.1f} devices/s")
    print(f"peak traced memory      : {peak / 2**20:8.1f} MiB for {n} devices")
    verdict = "PASS" if rate >= TARGET_DEVICES_PER_S else "FAIL"
    print(f"target >= {TARGET_DEVICES_PER_S:.0f} devices/s: {verdict} "
          f"(ratio {rate / TARGET_DEVICES_PER_S:.2f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
