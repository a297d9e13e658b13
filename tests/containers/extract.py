#!/usr/bin/env python3
"""Copies the examples README.md marks for test tier 8 into a directory, unchanged.

A marked example is a fenced code block right after a line `<!-- tier 8: PATH -->`; it is written
to DIR/PATH. `extract.py README DIR` prints the paths it wrote and fails when the README marks
none, marks one twice, or a marker is not followed by a code block: the tier then cannot pass
while the README shows examples it does not run.
"""
import re
import sys
from pathlib import Path

MARK = re.compile(r"^<!-- tier 8: (\S+) -->$")


def examples(text):
    lines = text.splitlines()
    found = {}
    for i, line in enumerate(lines):
        m = MARK.match(line.strip())
        if not m:
            continue
        path = m.group(1)
        if path in found:
            sys.exit(f"extract.py: README marks {path} twice")
        j = i + 1
        if j >= len(lines) or not lines[j].startswith("```"):
            sys.exit(f"extract.py: the marker for {path} (line {i + 1}) is not followed by a code block")
        body = []
        j += 1
        while j < len(lines) and not lines[j].startswith("```"):
            body.append(lines[j])
            j += 1
        if j == len(lines):
            sys.exit(f"extract.py: the code block for {path} (line {i + 1}) is not closed")
        found[path] = "\n".join(body) + "\n"
    return found


def main():
    readme, out = Path(sys.argv[1]), Path(sys.argv[2])
    found = examples(readme.read_text())
    if not found:
        sys.exit(f"extract.py: {readme} marks no example for tier 8")
    for rel, body in found.items():
        dest = out / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            sys.exit(f"extract.py: {rel} is not a path inside the test directory")
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(body)
        print(rel)


if __name__ == "__main__":
    main()
