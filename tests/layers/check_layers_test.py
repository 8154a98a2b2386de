#!/usr/bin/env python3
"""scripts/check-layers must be able to fail: on a copy of the tree it passes, then fails
once for each way the layer rule can be broken (an upward include in src/, one in a public
header, a layer's CMake target linking a layer the document does not name), each time
naming the file and the layers."""
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check-layers"


def copy_tree(target):
    for folder in ("src", "include", "bindings"):
        shutil.copytree(ROOT / folder, target / folder,
                        ignore=shutil.ignore_patterns("*.py", "*.typed", "__pycache__"))
    (target / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "architecture.md", target / "docs")
    shutil.copy(ROOT / "CMakeLists.txt", target)


def check(root):
    done = subprocess.run([sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def expect(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def main():
    with tempfile.TemporaryDirectory() as scratch:
        base = pathlib.Path(scratch) / "base"
        copy_tree(base)
        code, output = check(base)
        expect(code == 0, f"the unchanged tree fails check-layers:\n{output}")

        breaks = [
            ("src/engine/run.cpp", '#include "scrisk/assess/assessment.hpp"\n', ["src/engine/run.cpp", "assess"]),
            ("include/scrisk/model/model.hpp", '#include "scrisk/engine/results.hpp"\n',
             ["include/scrisk/model/model.hpp", "engine"]),
            ("src/core/exact_sum.cpp", '#include "analysis/network/flow_graph.hpp"\n', ["src/core/exact_sum.cpp", "analysis"]),
        ]
        for index, (file, line, words) in enumerate(breaks):
            tree = pathlib.Path(scratch) / f"break{index}"
            shutil.copytree(base, tree)
            path = tree / file
            path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
            code, output = check(tree)
            expect(code != 0, f"an upward include in {file} passed check-layers")
            for word in words:
                expect(word in output, f"check-layers' complaint about {file} does not name {word!r}:\n{output}")

        tree = pathlib.Path(scratch) / "cmake"
        shutil.copytree(base, tree)
        cmake = tree / "CMakeLists.txt"
        text = cmake.read_text(encoding="utf-8")
        drifted = text.replace("scrisk_layer(model DEPENDS core", "scrisk_layer(model DEPENDS core engine", 1)
        expect(drifted != text, "CMakeLists.txt has no scrisk_layer(model DEPENDS core ...): update this test")
        cmake.write_text(drifted, encoding="utf-8")
        code, output = check(tree)
        expect(code != 0 and "scrisk_layer(model)" in output, f"a CMake target linking upward passed:\n{output}")
    print("check-layers: passes on the tree, fails on 3 upward includes and 1 upward CMake link")


if __name__ == "__main__":
    main()
