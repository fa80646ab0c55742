"""peled removes only what it wrote: output folders, temporaries, backups, links.

Every scenario runs the real command line in a subprocess, as a user would.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time

import pytest
from _run import EXAMPLES, PELED, assert_one_line_error, env, peled

from peled.outputs import OUTPUT_MARKER, foreign_entries, recorded_entries

GREEN = EXAMPLES / "devices" / "green"


def _report(out, *extra):
    return peled("report", GREEN, "-o", out, "--no-literature", "--device-figures", "0",
                 *extra)


def test_marker_lists_what_peled_wrote(tmp_path):
    out = tmp_path / "rep"
    proc = _report(out)
    assert proc.returncode == 0, proc.stderr
    written = {p.relative_to(out).as_posix() + ("/" if p.is_dir() else "")
               for p in out.rglob("*") if p.name != OUTPUT_MARKER}
    assert recorded_entries(out) == written
    assert {"index.html", "results.json", "results.csv"} <= written
    assert foreign_entries(out) == []


def test_rerun_refuses_foreign_files_then_overwrite_replaces(tmp_path):
    out = tmp_path / "rep"
    assert _report(out).returncode == 0
    (out / "notes.txt").write_text("my notes")
    (out / "analysis").mkdir()
    (out / "analysis" / "fit.py").write_text("print(1)")

    proc = _report(out)
    assert_one_line_error(proc, str(out), "analysis/", "notes.txt", "--overwrite")
    assert (out / "notes.txt").read_text() == "my notes"  # nothing touched
    assert (out / "analysis" / "fit.py").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]

    proc = _report(out, "--overwrite")
    assert proc.returncode == 0, proc.stderr
    assert not (out / "notes.txt").exists() and not (out / "analysis").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]  # no temp, no backup


def test_rerun_into_unchanged_output_needs_no_overwrite(tmp_path):
    out = tmp_path / "rep"
    assert _report(out).returncode == 0
    first = (out / "results.json").read_text()
    proc = _report(out)
    assert proc.returncode == 0, proc.stderr
    assert (out / "results.json").read_text() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_user_folder_named_like_the_old_backup_survives(tmp_path):
    out = tmp_path / "rep"
    user = tmp_path / ".rep.old"
    user.mkdir()
    (user / "thesis.tex").write_text("precious")
    for _ in range(2):  # the second run replaces the first output
        proc = _report(out)
        assert proc.returncode == 0, proc.stderr
    assert (user / "thesis.tex").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".rep.old", "rep"]


def test_film_simulate_output_also_refuses_foreign_files(tmp_path):
    out = tmp_path / "film"
    process = EXAMPLES / "film" / "ripening.toml"
    assert peled("film", "simulate", process, "-o", out).returncode == 0
    (out / "notes.txt").write_text("mine")
    assert_one_line_error(peled("film", "simulate", process, "-o", out), "notes.txt")
    assert (out / "notes.txt").exists()
    assert peled("film", "simulate", process, "-o", out, "--overwrite").returncode == 0
    assert not (out / "notes.txt").exists()


def test_output_onto_a_symlink_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "data.txt").write_text("keep")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    assert_one_line_error(_report(link), "symbolic link")
    assert link.is_symlink() and (real / "data.txt").read_text() == "keep"
    # also a link to an earlier peled output, and a dangling link
    assert _report(tmp_path / "out").returncode == 0
    link2 = tmp_path / "link2"
    link2.symlink_to(tmp_path / "out", target_is_directory=True)
    assert_one_line_error(_report(link2, "--overwrite"), "symbolic link")
    assert (tmp_path / "out" / "index.html").exists()
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    assert_one_line_error(_report(dangling), "symbolic link")


def test_kill_9_inside_the_writer_leaves_a_temporary_that_the_next_run_removes(tmp_path):
    out = tmp_path / "rep"
    code = (
        "import os, signal\n"
        "from peled.cli._common import atomic_path\n"
        f"with atomic_path({str(out)!r}) as tmp:\n"
        "    tmp.mkdir()\n"
        "    (tmp / 'index.html').write_text('half')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env(), timeout=120)
    assert proc.returncode == -signal.SIGKILL
    stale = [p.name for p in tmp_path.iterdir()]
    assert len(stale) == 1 and stale[0].startswith(".rep.peled-tmp-")
    proc = _report(out)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]


def test_kill_9_of_peled_report_then_next_run_cleans_up(tmp_path):
    batch = tmp_path / "batch"
    for name in ("green", "red", "sky-blue"):
        shutil.copytree(EXAMPLES / "devices" / name, batch / name)
    out = tmp_path / "rep"
    cmd = [*PELED, "report", str(batch), "-o", str(out),
           "--no-literature"]
    proc = subprocess.Popen(cmd, env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if any(p.name.startswith(".rep.peled-tmp-") for p in tmp_path.iterdir()):
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None and time.monotonic() >= deadline:
            proc.kill()
        proc.wait(timeout=60)
    killed = proc.returncode == -signal.SIGKILL
    if killed:
        assert any(p.name.startswith(".rep.peled-tmp-") for p in tmp_path.iterdir())
    again = peled("report", batch, "-o", out, "--no-literature", "--overwrite")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch", "rep"]
    if not killed:
        pytest.skip("the report finished before its temporary folder could be seen")


def test_temporary_of_a_running_process_is_left_alone(tmp_path):
    from peled.outputs import stale_temporaries, temporary_name

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".rep.peled-tmp-{sleeper.pid}-0123abcd"
        running.mkdir()
        dead = temporary_name(tmp_path / "rep")
        dead = dead.with_name(f".rep.peled-tmp-{2**22 + 12345}-0123abcd")
        dead.mkdir()
        user = tmp_path / ".rep.peled-tmp-notes"  # not the pattern: never touched
        user.mkdir()
        assert stale_temporaries(tmp_path / "rep") == [dead]
    finally:
        sleeper.kill()
        sleeper.wait()


def test_write_failure_names_the_target_not_a_temporary(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a folder is needed")
    target = blocker / "t.png"
    line = assert_one_line_error(peled("lit", "trend", "-o", target), "cannot write",
                                 str(target))
    assert "peled-tmp" not in line and "cannot read" not in line
    assert blocker.read_text() == "a file where a folder is needed"
