"""Benchmark: start-up wall time of CLI commands against ``python -c "import numpy"``.

Every command runs in a fresh interpreter (subprocess, output discarded); the rounds
alternate the commands so that all see the same machine load, and the medians of
``--rounds`` rounds are printed with their ratio to the numpy baseline measured in the
same run: wall time (the target) and, less sensitive to other processes, the child's
user + system CPU time.  Target: ``peled color spectrum --peak 532 --fwhm 20 --json`` <= 3x
``import numpy``.  The module budget itself (which heavy packages each command imports)
is tested by ``tests/test_import_budget.py``.  The load average is printed before and
after the run: on a shared machine the ratios move with the load, so compare runs made
at similar load.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--rounds 15]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

SRC = Path(__file__).resolve().parents[1] / "src"
PELED = [sys.executable, "-c", "from peled.cli import main; main()"]
COMMANDS = {
    'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
    "peled --help": [*PELED, "--help"],
    "peled color spectrum --json": [*PELED, "color", "spectrum", "--peak", "532", "--fwhm",
                                    "20", "--json"],
    "peled lit query --json": [*PELED, "lit", "query", "--color", "green", "--min-eqe", "20",
                               "--json"],
    'python -c "import colour"': [sys.executable, "-c", "import colour"],
}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(SRC))
    times = {k: [] for k in COMMANDS}
    cpu = {k: [] for k in COMMANDS}  # user + system CPU time of the child
    load_before = os.getloadavg()
    for _ in range(args.rounds):
        for name, cmd in COMMANDS.items():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime)
    base = float(np.median(times['python -c "import numpy"']))
    base_cpu = float(np.median(cpu['python -c "import numpy"']))
    load_after = os.getloadavg()
    print(f"medians of {args.rounds} rounds ({os.cpu_count()} CPUs, load average "
          f"1/5/15 min {'/'.join(f'{x:.2f}' for x in load_before)} before, "
          f"{'/'.join(f'{x:.2f}' for x in load_after)} after)")
    print(f"  {'':32s} {'wall':>8s}      {'ratio':>5s}     {'CPU':>8s}      {'ratio':>5s}")
    for name, ts in times.items():
        med, med_cpu = float(np.median(ts)), float(np.median(cpu[name]))
        print(f"  {name:32s} {med * 1e3:8.0f} ms   {med / base:5.2f} x   {med_cpu * 1e3:8.0f} ms"
              f"   {med_cpu / base_cpu:5.2f} x import numpy")
    ratio = float(np.median(times["peled color spectrum --json"])) / base
    print(f"peled color spectrum --json / import numpy = {ratio:.2f} x  (target <= 3 x: "
          f"{'met' if ratio <= 3 else 'NOT met'})")


if __name__ == "__main__":
    main()
