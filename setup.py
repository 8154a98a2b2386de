"""Builds the scrisk Python package: the pure-Python files of bindings/python/scrisk plus the
extension module scrisk._core, which CMake builds (Debian's pybind11, no downloads).

    /usr/bin/python3 -m venv --system-site-packages VENV
    VENV/bin/pip install --no-build-isolation .

By default CMake configures this whole project (library and module, tests and benchmarks
off) and builds only the module's target. With SCRISK_PREFIX=<dir> it instead builds the
module alone against a scrisk already installed there (`cmake --install build/release
--prefix <dir>`), which takes a fraction of the time. CMAKE_BUILD_PARALLEL_LEVEL sets the
jobs (default 2); SCRISK_CMAKE_ARGS adds arguments to the CMake configure step.
"""
import os
import pathlib
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        build_dir = pathlib.Path(self.build_temp).resolve() / "cmake"
        prefix = os.environ.get("SCRISK_PREFIX")
        args = ["-G", "Ninja" if shutil.which("ninja") else "Unix Makefiles",
                "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}"]
        if prefix:
            source = ROOT / "bindings" / "python"
            module_dir = build_dir / "scrisk"
            args.append(f"-DCMAKE_PREFIX_PATH={pathlib.Path(prefix).resolve()}")
        else:
            source = ROOT
            module_dir = build_dir / "bindings" / "python" / "scrisk"
            args += ["-DSCRISK_BUILD_TESTS=OFF", "-DSCRISK_BUILD_BENCH=OFF", "-DSCRISK_BUILD_PYTHON=ON"]
        args += shlex.split(os.environ.get("SCRISK_CMAKE_ARGS", ""))
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "-S", str(source), "-B", str(build_dir), *args], check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "scrisk_python", "-j", jobs], check=True)
        built = sorted(module_dir.glob("_core*" + (".so" if os.name != "nt" else ".pyd")))
        if not built:
            raise RuntimeError(f"CMake built no scrisk._core in {module_dir}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)


setup(
    packages=["scrisk"],
    package_dir={"": "bindings/python"},
    package_data={"scrisk": ["*.pyi", "py.typed"]},
    ext_modules=[CMakeExtension("scrisk._core")],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
