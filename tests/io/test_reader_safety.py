"""Reader-side safety, through the installed command in a subprocess: files named by a
device folder stay inside it, symbolic links leaving it and symlinked device folders are
refused without quoting the target, non-regular files and oversized inputs are refused."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from peled.errors import FileFormatError
from peled.io import files
from peled.io.files import read_text_file
from peled.io.table import read_table

SRC = Path(__file__).resolve().parents[2] / "src"
SECRET = "TOP-SECRET-CONTENT"
JVL = "V (V),J (mA/cm2),L (cd/m2)\n2,0.05,1.5\n2.5,0.5,40\n3,5,900\n3.5,20,3000\n"


def peled(*args, cwd=None, timeout=60):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = "import sys; from peled.cli import main; sys.argv[0] = 'peled'; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def assert_refused(r, *fragments):
    assert r.returncode == 2, r.stdout + r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for f in fragments:
        assert f in lines[0], lines[0]
    assert SECRET not in r.stdout + r.stderr


@pytest.fixture
def secret(tmp_path):
    f = tmp_path / "outside" / "secret.csv"
    f.parent.mkdir()
    f.write_text(f"{SECRET},1,2\n{SECRET},3,4\n")
    return f


def device(folder: Path, toml: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jvl.csv").write_text(JVL)
    if toml:
        (folder / "device.toml").write_text(toml)
    return folder


@pytest.mark.parametrize("name", ["../../outside/secret.csv", "ABSOLUTE"])
def test_responsivity_file_outside_the_device_folder(tmp_path, secret, name):
    name = str(secret) if name == "ABSOLUTE" else name
    d = device(tmp_path / "batch" / "dev",
               f'[measurement]\nphotodiode_responsivity_file = "{name}"\n')
    r = peled("analyze", d, "--json")
    assert_refused(r, "device.toml", "resolves outside the device folder")


def test_jvl_symlink_leaving_the_folder(tmp_path, secret):
    d = tmp_path / "dev"
    d.mkdir()
    (d / "jvl.csv").symlink_to(secret)
    r = peled("analyze", d, "--json")
    assert_refused(r, "jvl.csv", "symbolic link leaving it")


def test_el_spectrum_symlink_leaving_the_folder(tmp_path, secret):
    d = device(tmp_path / "dev")
    (d / "el_spectrum.csv").symlink_to(secret)
    assert_refused(peled("analyze", d, "--json"), "el_spectrum.csv", "resolves outside")


def test_symlinked_device_folder_in_a_batch_is_a_failed_device(tmp_path, secret):
    batch = tmp_path / "batch"
    device(batch / "good")
    evil = device(tmp_path / "elsewhere" / "evil")
    (evil / "jvl.csv").write_text(f"{SECRET}\n" + JVL)
    (batch / "evil").symlink_to(evil, target_is_directory=True)
    r = peled("analyze", batch, "--json")
    assert r.returncode == 0, r.stderr
    assert [row["name"] for row in json.loads(r.stdout)] == ["good"]
    assert "device evil failed" in r.stderr and "outside the batch folder" in r.stderr
    assert SECRET not in r.stdout + r.stderr


def test_symlink_inside_the_folder_is_fine(tmp_path):
    d = device(tmp_path / "dev")
    (d / "raw").mkdir()
    (d / "jvl.csv").rename(d / "raw" / "jvl.csv")
    (d / "jvl.csv").symlink_to(d / "raw" / "jvl.csv")
    r = peled("analyze", d, "--json")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("args", [
    ("color", "file", "/dev/zero"),
    ("characterize", "sclc", "/dev/zero", "--thickness-nm", "100", "--eps-r", "25"),
    ("characterize", "formation", "/dev/zero"),
    ("emitter", "fit-trpl", "/dev/zero"),
])
def test_dev_zero_is_refused(args):
    r = peled(*args, timeout=30)
    assert_refused(r, "/dev/zero", "character device", "regular text files only")


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    r = peled("color", "file", fifo, timeout=30)
    assert_refused(r, "pipe.csv", "named pipe")


def test_size_and_line_limits(tmp_path, monkeypatch):
    f = tmp_path / "big.csv"
    f.write_text("V (V),L (cd/m2)\n" + "1,2\n" * 100)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 200)
    with pytest.raises(FileFormatError, match=r"over peled's limit of 0 MiB.*MAX_FILE_BYTES"):
        read_table(f)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(files, "MAX_LINE_CHARS", 10)
    f.write_text("V (V),L (cd/m2)\n1,2\n")
    with pytest.raises(FileFormatError, match=r"big\.csv:1: line of 15 characters, over"):
        read_text_file(f)


def test_binary_file_is_refused_with_line(tmp_path):
    f = tmp_path / "b.csv"
    f.write_bytes(b"V,L\n1,2\n\x00\x01\x02")
    with pytest.raises(FileFormatError, match=r"b\.csv:3: binary data"):
        read_table(f)
