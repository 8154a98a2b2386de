#!/usr/bin/env python3
"""Doc test: every command output shown in README.md and docs/*.md is a golden's.

A fenced block preceded by `<!-- golden: CASE N -->` shows what command N (1-based) of
tests/regression/CASE/cmd prints: its lines must appear, in order and each one whole, in
that command's part of CASE/expected.txt (standard output and standard error together); a
line `...` (indented or not) stands for any number of lines. A first line `$ COMMAND` must be
the command itself. So a figure in the docs cannot go stale: change the output and the
golden changes (with a reason in the commit), and this test shows which docs to regenerate.

    tests/regression/check_docs.py
"""
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MARKER = re.compile(r"<!-- golden: (\S+) (\d+) -->\n```[^\n]*\n(.*?)```", re.DOTALL)


def command_outputs(case):
    """[(command, output lines)] of a case's golden transcript."""
    commands = []
    for line in (HERE / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif line.startswith("--- file "):
            break  # the files the commands wrote follow the last command
        elif commands and line != "[stderr]" and not re.fullmatch(r"\[exit \d+\]", line):
            commands[-1][1].append(line)
    return commands


def matches(shown, output):
    """Whether `shown` (with `...` lines) appears in `output` in order, line for line."""
    position = 0
    skipping = False
    for line in shown:
        if line.strip() == "...":
            skipping = True
            continue
        if skipping:
            while position < len(output) and output[position] != line:
                position += 1
        if position >= len(output) or output[position] != line:
            return False
        position += 1
        skipping = False
    return True


def check(document):
    problems = []
    text = document.read_text(encoding="utf-8")
    for match in MARKER.finditer(text):
        case, number, block = match.group(1), int(match.group(2)), match.group(3).splitlines()
        where = f"{document.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
        if not (HERE / case / "expected.txt").is_file():
            problems.append(f"{where}: no golden case {case}")
            continue
        commands = command_outputs(case)
        if not 1 <= number <= len(commands):
            problems.append(f"{where}: {case} has {len(commands)} commands, not {number}")
            continue
        command, output = commands[number - 1]
        if block and block[0].startswith("$ "):
            if block[0][2:] != command:
                problems.append(f"{where}: the block shows `{block[0][2:]}`, {case}'s command {number} is `{command}`")
            block = block[1:]
        if not matches(block, output):
            problems.append(f"{where}: the block is not what `{command}` prints ({case}/expected.txt); "
                            "regenerate it from the golden")
    return problems


def main():
    documents = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    problems = [p for d in documents for p in check(d)]
    shown = sum(len(MARKER.findall(d.read_text(encoding="utf-8"))) for d in documents)
    for problem in problems:
        print(problem)
    print(f"check_docs: {shown - len(problems)} of {shown} command outputs in the docs are their goldens'")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
