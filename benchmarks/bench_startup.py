"""Benchmark: start-up wall time of CLI commands against ``python -c "import numpy"``.

Every command runs in a fresh interpreter (subprocess, output discarded); the rounds
alternate the commands so that all see the same machine load, and the medians of
``--rounds`` rounds are printed with their ratio to the numpy baseline measured in the
same run.  Target: ``peled color spectrum --peak 532 --fwhm 20 --json`` <= 3x
``import numpy``.  The module budget itself (which heavy packages each command imports)
is tested by ``tests/test_import_budget.py``.  The load average is printed before and
after the run: on a shared machine the ratios move with the load, so compare runs made
at similar load.

By default the children run as an installed package does: with cached bytecode (compiled
in one untimed warm-up round into a temporary ``PYTHONPYCACHEPREFIX``, so the source tree
stays clean; numpy's and Typer's bytecode is cached the same way).  With
``--no-bytecode-cache`` they inherit the caller's environment: under
``PYTHONDONTWRITEBYTECODE=1`` every run compiles peled's modules from source again, which
adds to peled's time and not to ``import numpy``'s.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--rounds 15] [--no-bytecode-cache]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
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
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="run as the caller's environment says (with PYTHONDONTWRITEBYTECODE=1 "
                         "every run compiles peled's sources again)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peled-bench-pyc-") as cache:
        env = dict(os.environ, PYTHONPATH=str(SRC))
        if args.no_bytecode_cache:
            mode = ("caller's environment, PYTHONDONTWRITEBYTECODE="
                    f"{os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}")
        else:  # as installed: compiled once (into a temporary cache, the tree stays clean)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
            mode = "bytecode cached after one untimed warm-up round"
            for cmd in COMMANDS.values():
                subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
        _run(args.rounds, env, mode)


def _run(rounds: int, env: dict, mode: str) -> None:
    """Time ``rounds`` alternating rounds of COMMANDS and print the medians and ratios."""
    times = {k: [] for k in COMMANDS}
    load_before = os.getloadavg()
    for _ in range(rounds):
        for name, cmd in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - t0)
    base = float(np.median(times['python -c "import numpy"']))
    load_after = os.getloadavg()
    print(f"medians of {rounds} rounds ({os.cpu_count()} CPUs, load average "
          f"1/5/15 min {'/'.join(f'{x:.2f}' for x in load_before)} before, "
          f"{'/'.join(f'{x:.2f}' for x in load_after)} after; {mode})")
    for name, ts in times.items():
        med = float(np.median(ts))
        print(f"  {name:32s} {med * 1e3:8.0f} ms   {med / base:5.2f} x import numpy")
    ratio = float(np.median(times["peled color spectrum --json"])) / base
    print(f"peled color spectrum --json / import numpy = {ratio:.2f} x  (target <= 3 x: "
          f"{'met' if ratio <= 3 else 'NOT met'})")


if __name__ == "__main__":
    main()
