"""`pip install --no-build-isolation` into a fresh virtual environment that sees Debian's
packages, offline; the installed package imports from outside the source tree and runs a
model with the CLI's numbers.

To stay fast the module is built against the scrisk library of this build, installed into
a scratch prefix (setup.py's SCRISK_PREFIX mode), so only the module compiles (at -O1). Set
SCRISK_FULL_INSTALL_TEST=1 to build the library too (setup.py's default, a few minutes)."""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES, SOURCE_DIR, cli_path

IGNORED = shutil.ignore_patterns("build", ".git", ".venv", "__pycache__", "*.egg-info", "tests", "bench", "docs")


def test_pip_install_into_a_fresh_venv(tmp_path):
    build_dir = os.environ.get("SCRISK_BUILD_DIR")
    full = os.environ.get("SCRISK_FULL_INSTALL_TEST") == "1"
    if not build_dir and not full:
        pytest.skip("SCRISK_BUILD_DIR is not set (run the suite through ctest)")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRISK_PREFIX", "PIP_INDEX_URL")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", CMAKE_BUILD_PARALLEL_LEVEL="2")
    if not full:
        prefix = tmp_path / "prefix"
        subprocess.run(["cmake", "--install", build_dir, "--prefix", str(prefix)], check=True,
                       capture_output=True)
        env["SCRISK_PREFIX"] = str(prefix)
        # This test checks the packaging, not the optimizer: -O1 compiles the module in
        # about half the time of Release's -O3.
        env["SCRISK_CMAKE_ARGS"] = "-DCMAKE_CXX_FLAGS_RELEASE=-O1"

    # A copy of the sources (pip builds in the tree it is given; keep ours clean).
    source = tmp_path / "src"
    shutil.copytree(SOURCE_DIR, source, ignore=IGNORED)
    (source / "docs").mkdir()
    shutil.copy2(SOURCE_DIR / "docs" / "python.md", source / "docs" / "python.md")

    venv = tmp_path / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-index", str(source)],
                             env=env, capture_output=True, text=True, cwd=tmp_path)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = (
        "import scrisk, sys\n"
        "assert 'site-packages' in scrisk.__file__, scrisk.__file__\n"
        f"m = scrisk.load({str(EXAMPLES / 'minimal.textproto')!r})\n"
        "sys.stdout.write(scrisk.run(m, trials=3000, seed=4).to_json())\n")
    done = subprocess.run([str(python), "-c", code], env=env, cwd=outside, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    cli = subprocess.run([str(cli_path()), "run", str(EXAMPLES / "minimal.textproto"), "-f", "json", "-q", "-n", "3000",
                          "-s", "4"], capture_output=True, text=True, check=True)
    assert done.stdout == cli.stdout
