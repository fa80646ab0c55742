"""peled.execution: same results in the same order on 1 worker, 2 local workers and a
Dask cluster reached through its scheduler address; per-item failures; a worker killed
mid-batch loses no item; `peled film map` killed with SIGKILL leaves no worker alive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import psutil
import pytest
from typer.testing import CliRunner

from peled.cli import app
from peled.cli.demo import example_path
from peled.execution import SCHEDULER_ENV, Runner, TaskFailure
from peled.film.process import load_process
from peled.film.processmap import parse_axis, run_map
from peled.measure.analysis import DeviceFailure, analyze_batch

SRC = Path(__file__).resolve().parents[2] / "src"
FILM = example_path("film") / "antisolvent.toml"
cli = CliRunner()


def _inverse(v: float) -> float:
    if v == 0:
        raise ZeroDivisionError("zero has no inverse")
    return 1.0 / v


def _slow_square(v: int) -> int:
    time.sleep(0.15)
    return v * v


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import dask
    from distributed import LocalCluster

    scratch = str(tmp_path_factory.mktemp("dask"))
    with warnings.catch_warnings(), dask.config.set({"temporary-directory": scratch}):
        warnings.simplefilter("ignore", UserWarning)  # "Port 8787 is already in use"
        c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                         dashboard_address=None, scheduler_port=0, silence_logs=40,
                         local_directory=scratch)
    with c:
        yield c


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """The three example devices, a copy of one and a broken device, as one batch."""
    import shutil

    root = tmp_path_factory.mktemp("batch")
    for d in sorted(example_path("devices").iterdir()):
        if d.is_dir():
            shutil.copytree(d, root / d.name)
    first = sorted(p for p in root.iterdir())[0]
    shutil.copytree(first, root / "zz-copy")
    (root / "zz-broken").mkdir()
    (root / "zz-broken" / "jvl.csv").write_text("voltage_V,current_density_mA_cm2\nabc,1\n")
    return root


def _analysis_json(results) -> str:
    return json.dumps([r.summary() if not isinstance(r, DeviceFailure)
                       else {"failed": r.name, "error": r.error} for r in results],
                      sort_keys=True, default=str)


def test_failures_are_per_item_and_order_is_kept_in_process():
    out = Runner(workers=1).map(_inverse, [2.0, 0.0, 4.0], labels=["a", "b", "c"])
    assert out[0] == 0.5 and out[2] == 0.25
    assert out[1] == TaskFailure(1, "b", "ZeroDivisionError: zero has no inverse")


def test_plan_small_work_in_process_large_work_on_a_local_cluster(monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    monkeypatch.setattr("peled.execution.cpu_count", lambda: 2)
    from peled.execution import AUTO_LOCAL_SECONDS

    assert Runner().plan(10, 0.01) == "in-process"      # 0.1 s of work
    assert Runner().plan(1000, AUTO_LOCAL_SECONDS / 999) == "local"
    assert Runner().plan(1000, AUTO_LOCAL_SECONDS / 1001) == "in-process"
    assert Runner(workers=1).plan(1000, 1.0) == "in-process"
    assert Runner(workers=2).plan(3, 0.0) == "local"
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:1")
    assert Runner().plan(2, 0.0) == "cluster"           # PELED_SCHEDULER sends every batch


def test_same_batch_identical_on_1_and_2_workers_and_a_cluster(batch, cluster, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with Runner(workers=1) as r:
        one = analyze_batch(batch, runner=r)
    with Runner(workers=2) as r:
        two = analyze_batch(batch, runner=r)
        assert r.mode == "local"
    with Runner(scheduler=cluster.scheduler_address) as r:
        remote = analyze_batch(batch, runner=r)
        assert r.mode == "cluster"
    failed = [x for x in one if isinstance(x, DeviceFailure)]
    assert len(one) == 5 and len(failed) == 1  # the batch went on past the bad device
    assert failed[0].name == "zz-broken" and "abc" in failed[0].error
    assert _analysis_json(one) == _analysis_json(two) == _analysis_json(remote)


def test_report_json_identical_in_process_and_on_a_cluster(batch, cluster, tmp_path):
    outs = []
    for extra in (["--workers", "1"], ["--scheduler", cluster.scheduler_address]):
        out = tmp_path / f"rep{len(outs)}"
        res = cli.invoke(app, ["report", str(batch), "-o", str(out), "--device-figures", "1",
                               *extra])
        assert res.exit_code == 0, res.output
        outs.append((out / "results.json").read_text())
    assert outs[0] == outs[1]


def test_film_map_identical_on_1_and_2_workers(cluster):
    spec = load_process(FILM)
    x, y = parse_axis("antisolvent_time_s:2:20:3"), parse_axis("evaporation_rate:0:0.1:2")
    serial = run_map(spec, x, y, workers=1)
    remote = run_map(spec, x, y, scheduler=cluster.scheduler_address)
    assert json.dumps(serial.to_dict(), default=list) == json.dumps(remote.to_dict(),
                                                                    default=list)
    assert np.all(np.isfinite(serial.mean_radius_nm)) and serial.failures == ()


def test_worker_killed_mid_batch_loses_no_item(cluster):
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
    killed = []

    def progress(done, total, label):
        if done == 2 and not killed:  # two tasks finished, the others queued or running
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    with Runner(scheduler=cluster.scheduler_address) as r:
        out = r.map(_slow_square, range(16), progress=progress)
    assert killed
    assert out == [v * v for v in range(16)]
    cluster.wait_for_workers(2, timeout=30)  # the nanny restarted the worker


def test_film_map_refuses_a_huge_grid_without_yes():
    res = cli.invoke(app, ["film", "map", str(FILM), "--x", "antisolvent_time_s:2:20:30",
                           "--y", "evaporation_rate:0:0.1:30", "--workers", "1"])
    assert res.exit_code == 2
    assert "900 simulations, estimated" in res.output
    assert "error: --x/--y: 900 grid points exceed 400; pass --yes" in res.output


def test_sigkill_of_film_map_leaves_no_child_alive(tmp_path):
    # the killed command cannot remove its workers' scratch folder: keep it in tmp_path
    env = dict(os.environ, PYTHONPATH=str(SRC), TMPDIR=str(tmp_path))
    env.pop(SCHEDULER_ENV, None)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from peled.cli import main; main()", "film", "map", str(FILM),
         "--x", "antisolvent_time_s:2:20:20", "--y", "evaporation_rate:0:0.1:20",
         "--workers", "2", "--json"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    children: list[psutil.Process] = []
    while time.monotonic() < deadline:  # wait for the two worker processes
        children = parent.children(recursive=True)
        if len([c for c in children if "python" in c.name()]) >= 2:
            break
        time.sleep(0.2)
    time.sleep(1.0)
    children = parent.children(recursive=True)
    assert len(children) >= 2, "the local cluster never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(children, timeout=20)
    alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    for p in alive:  # do not leak them into the rest of the test run
        p.kill()
    assert alive == []


def test_unreachable_scheduler_is_a_one_line_error(tmp_path):
    res = cli.invoke(app, ["analyze", str(example_path("devices")), "--json",
                           "--scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2
    assert res.output.startswith("error: --scheduler tcp://127.0.0.1:9: no Dask scheduler")
    assert "Traceback" not in res.output


@pytest.mark.parametrize("address", ["foo", "tcp://127.0.0.1"])
def test_malformed_scheduler_address_is_a_one_line_error(address, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    res = cli.invoke(app, ["analyze", str(example_path("devices")), "--json",
                           "--scheduler", address])
    assert res.exit_code == 2
    assert res.output.startswith(f"error: --scheduler {address}: not a Dask scheduler address")
    assert "missing port number" in res.output
    assert len(res.output.strip().splitlines()) == 1


def test_workers_must_be_positive():
    res = cli.invoke(app, ["analyze", str(example_path("devices")), "--workers", "0"])
    assert res.exit_code == 2


def test_lab_benchmark_repeats_identical_in_process_and_on_a_cluster(cluster, monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    campaign = example_path("lab") / "peak_target.toml"
    outs = []
    for extra in (["--workers", "1"], ["--scheduler", cluster.scheduler_address]):
        res = cli.invoke(app, ["lab", "benchmark", str(campaign), "--strategies",
                               "sobol,random", "--repeats", "3", "--seed", "2", "--json",
                               *extra])
        assert res.exit_code == 0, res.output
        outs.append(json.loads(res.stdout))
    assert outs[0] == outs[1]
    assert outs[0]["repeats"] == 3
    assert all(len(s["raw_best_after_budget"]) == 3 for s in outs[0]["strategies"].values())


def test_stack_fit_identical_in_process_and_on_a_cluster(cluster):
    """The Jacobian simulations of `peled simulate fit` through the runner (the CLI's
    repeat_map): the same fit in-process and on a cluster."""
    from peled.cli._execution import repeat_map
    from peled.device.fit import _simulate_j, fit_stack, set_parameter
    from peled.io_stack import example_stack_path, load_stack

    true = load_stack(example_stack_path("hole_only_sclc"))
    v = np.linspace(0.5, 5.0, 10)
    j = _simulate_j((true, v, 60))
    start = set_parameter(true, "layer.CsPbBr3.mu_p_m2_vs", 2e-6)
    fits = []
    for runner in (Runner(workers=1), Runner(scheduler=cluster.scheduler_address)):
        with runner as r:
            fits.append(fit_stack(start, v, j, ["layer.CsPbBr3.mu_p_m2_vs"], points=60,
                                  map_fn=repeat_map(r), max_nfev=6))
            assert r.mode == ("in-process" if r.workers == 1 else "cluster")
    assert json.dumps(fits[0].as_dict(), default=list) == json.dumps(fits[1].as_dict(),
                                                                     default=list)
    assert fits[0].simulations == fits[1].simulations > 2
    assert fits[0].values["layer.CsPbBr3.mu_p_m2_vs"] == pytest.approx(1e-6, rel=1e-2)


def test_scheduler_address_from_the_environment_is_named_as_such(monkeypatch):
    monkeypatch.setenv(SCHEDULER_ENV, "foo")
    res = cli.invoke(app, ["analyze", str(example_path("devices")), "--json"])
    assert res.exit_code == 2
    assert res.output.startswith(f"error: {SCHEDULER_ENV}=foo: not a Dask scheduler address")
    assert len(res.output.strip().splitlines()) == 1
