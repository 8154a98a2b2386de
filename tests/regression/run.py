#!/usr/bin/env python3
"""Golden regressions: each folder here is a case, holding its inputs, the exact command
lines (`cmd`) and the expected transcript (`expected.txt`), compared byte for byte.

    tests/regression/run.py --scrisk build/release/scrisk [--python-path DIR] [--update] [CASE...]

A case's `cmd` holds one command per line ('#' starts a comment line). A command's first
word is `scrisk` (the binary under test) or `python3` (the Python that runs the bindings,
given --python-path; cases with Python commands are skipped without it). Commands run, in
order, in a scratch copy of the case folder where `examples/` and `tests/` point into the
source tree, so an example is used where it lives and a change to it shows here. The
transcript holds, per command, its line, its standard output, its standard error (when
any), its exit code (when not 0), then every file the commands wrote (text as is, other
files as their size and SHA-256).

--update rewrites expected.txt; a commit that changes a golden says why in its message.
"""
import argparse
import difflib
import hashlib
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SOURCE_DIR = HERE.parent.parent
EXPECTED = "expected.txt"
TIMEOUT_SECONDS = 600


def case_dirs(names):
    cases = sorted(p for p in HERE.iterdir() if (p / "cmd").is_file())
    if names:
        wanted = set(names)
        unknown = wanted - {c.name for c in cases}
        if unknown:
            sys.exit(f"run.py: no such case: {', '.join(sorted(unknown))}")
        cases = [c for c in cases if c.name in wanted]
    return cases


def commands_of(case):
    lines = (case / "cmd").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def snapshot(directory):
    return {p.relative_to(directory): p.stat().st_mtime_ns for p in directory.rglob("*")
            if p.is_file() and not p.is_symlink()}


def describe_file(path):
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
        if "\0" not in text:
            return text if text.endswith("\n") or not text else text + "\n[no newline at end]\n"
    except UnicodeDecodeError:
        pass
    return f"[binary: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}]\n"


def decoded(data):
    return data.decode("utf-8", errors="backslashreplace")


def run_case(case, scrisk, python_path):
    """The case's transcript, or None when it needs Python and none was given."""
    commands = commands_of(case)
    if any(shlex.split(c)[0] == "python3" for c in commands) and python_path is None:
        return None
    with tempfile.TemporaryDirectory(prefix=f"scrisk-regress-{case.name}-") as scratch:
        work = pathlib.Path(scratch) / case.name
        shutil.copytree(case, work, ignore=shutil.ignore_patterns(EXPECTED))
        for name in ("examples", "tests"):
            (work / name).symlink_to(SOURCE_DIR / name)
        before = snapshot(work)
        env = dict(os.environ, LC_ALL="C", PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
        env.pop("SCRISK_ISA", None)
        if python_path is not None:
            env["PYTHONPATH"] = str(python_path.resolve())
        transcript = []
        for line in commands:
            words = shlex.split(line)
            program = {"scrisk": scrisk, "python3": "/usr/bin/python3"}.get(words[0])
            if program is None:
                sys.exit(f"run.py: {case.name}/cmd: a command starts with scrisk or python3, not {words[0]!r}")
            done = subprocess.run([str(program)] + words[1:], cwd=work, env=env, capture_output=True,
                                  stdin=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS)
            transcript.append(f"$ {line}\n")
            transcript.append(decoded(done.stdout))
            if done.stderr:
                transcript.append("[stderr]\n" + decoded(done.stderr))
            if done.returncode != 0:
                transcript.append(f"[exit {done.returncode}]\n")
        after = snapshot(work)
        for name in sorted(set(after) - set(before)):
            transcript.append(f"--- file {name} ---\n")
            transcript.append(describe_file(work / name))
        return "".join(transcript)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scrisk", required=True, type=pathlib.Path, help="the scrisk binary under test")
    parser.add_argument("--python-path", type=pathlib.Path, help="PYTHONPATH of the scrisk Python package")
    parser.add_argument("--update", action="store_true", help="rewrite expected.txt of each case")
    parser.add_argument("cases", nargs="*", help="case folder names (default: all)")
    args = parser.parse_args()
    scrisk = args.scrisk.resolve()
    if not scrisk.is_file():
        sys.exit(f"run.py: {scrisk} is not built")

    failed, skipped, cases = [], [], case_dirs(args.cases)
    for case in cases:
        got = run_case(case, scrisk, args.python_path)
        if got is None:
            skipped.append(case.name)
            continue
        expected_path = case / EXPECTED
        if args.update:
            if not expected_path.exists() or expected_path.read_text(encoding="utf-8") != got:
                expected_path.write_text(got, encoding="utf-8")
                print(f"updated {case.name}")
            continue
        expected = expected_path.read_text(encoding="utf-8") if expected_path.exists() else ""
        if got != expected:
            failed.append(case.name)
            diff = difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                        f"{case.name}/{EXPECTED}", f"{case.name} (this build)", n=2)
            sys.stdout.writelines(list(diff)[:80])
            print(f"FAIL {case.name}")
        else:
            print(f"ok   {case.name}")
    ran = len(cases) - len(skipped)
    if skipped:
        print(f"skipped (need --python-path): {', '.join(skipped)}")
    if args.update:
        return 0
    print(f"{ran - len(failed)} of {ran} golden cases identical")
    if failed:
        print("a deliberate change: `make regress-update`, and say why in the commit message")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
