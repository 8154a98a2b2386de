"""Shared fixtures of the Python suite: the scrisk CLI built by the same CMake build, the
source tree, and a helper that runs the CLI. ctest sets SCRISK_CLI, SCRISK_SOURCE_DIR,
SCRISK_BUILD_DIR and PYTHONPATH (bindings/python/CMakeLists.txt)."""
import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("SCRISK_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
EXAMPLES = SOURCE_DIR / "examples"
BAD_DIR = SOURCE_DIR / "tests" / "data" / "bad"
# Every model file of examples/ (new examples are picked up by the parity tests).
EXAMPLE_MODELS = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".textproto", ".json", ".pb"))


def cli_path() -> pathlib.Path:
    path = os.environ.get("SCRISK_CLI")
    if not path:
        pytest.skip("SCRISK_CLI is not set (run the suite through ctest)")
    return pathlib.Path(path)


@pytest.fixture(scope="session")
def cli():
    """Runs the scrisk CLI; returns the CompletedProcess (text mode)."""
    path = cli_path()

    def run(*args, check=True):
        done = subprocess.run([str(path), *map(str, args)], capture_output=True, text=True)
        if check and done.returncode != 0:
            raise AssertionError(f"scrisk {' '.join(map(str, args))} exited {done.returncode}: {done.stderr}")
        return done
    return run
