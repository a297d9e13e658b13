#!/usr/bin/env python3
"""Checks that the source tree keeps the layers src/lib.rs describes.

Every file of src/ belongs to one *concern*: the first part of its module path (`fill::bulk` and
`fill::writer` are one concern, `fill`; `rng` is its own). Concerns sit in tiers, top to bottom:

    api         the SQL functions (#[pg_extern]): argument checks, one call down
    fill        what writes generated rows: one table, cascades, whole schemas
    rewrite     what rewrites rows in place: anonymization, shuffles
    introspect  what reads the database: catalog, statistics, samples, marks, settings
    the rest    the pure engine (profile, generate, dependence, privacy, mask, ...) and, beside
                it, `pg` (helpers every PostgreSQL-facing file needs: errors, names, SPI)

The check fails when
  - files of different concerns import each other in a loop (a cycle of the concern graph);
  - more than MAX_UP imports point up (from a lower tier to a higher one);
  - a file of the pure engine uses pgrx or a PostgreSQL-facing concern;
  - a source file passes MAX_LINES lines (test files aside).

An import is any path through `crate::`, `super::` or `self::`, including groups
(`use crate::{a, b::{c, d}}`), resolved to the file that defines the module it names.
Test modules (`#[cfg(test)] mod tests { ... }` and files named tests.rs / *_tests.rs) count for
loops and tiers like any other code.

Usage: scripts/layers.py [--graph]    (--graph prints every edge between concerns)
"""
import os
import re
import sys
from collections import defaultdict

MAX_UP = 5
MAX_LINES = 1000
TIERS = {"api": 3, "fill": 2, "rewrite": 2, "introspect": 1}
POSTGRES_FACING = {"api", "fill", "rewrite", "introspect", "pg"}

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")


def module_of(path):
    rel = os.path.relpath(path, ROOT)[:-3].split(os.sep)
    if rel[-1] in ("mod", "lib"):
        rel = rel[:-1]
    return tuple(rel)


def strip(text):
    """Blanks out comments, strings and char literals, keeping line breaks."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif re.match(r'b?r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'b?r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(' ""' + "\n" * text.count("\n", i, j))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^'\\])'", text[i:])
            if m:
                out.append("' '")
                i += m.end()
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand(tree):
    """`a::{b, c::{d, e}}` -> ['a::b', 'a::c::d', 'a::c::e']."""
    tree = re.sub(r"\s+", "", tree)
    if "{" not in tree:
        return [tree]
    head, rest = tree.split("{", 1)
    body, depth, parts, cur = rest[:-1], 0, [], ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    return [p for part in parts if part for p in expand(head + part)]


PATH = re.compile(r"\b(crate|super|self)((?:::(?:[A-Za-z_][A-Za-z0-9_]*|\*))*)(::\{)?")


def references(code):
    """(offset, path) for every path through crate/super/self, groups expanded."""
    for m in PATH.finditer(code):
        start = m.start()
        if start and (code[start - 1].isalnum() or code[start - 1] == "_" or code[start - 2:start] == "::"):
            continue
        text = m.group(0)
        if m.group(3):
            depth, j = 1, m.end()
            while j < len(code) and depth:
                depth += code[j] == "{"
                depth -= code[j] == "}"
                j += 1
            text = code[start:j]
        for p in expand(text):
            yield start, p.rstrip(":").split("::")


def inline_modules(code):
    """[(open offset, close offset, name)] of `mod name { ... }` blocks."""
    blocks = []
    for m in re.finditer(r"\bmod\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{", code):
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += code[j] == "{"
            depth -= code[j] == "}"
            j += 1
        blocks.append((m.end(), j, m.group(1)))
    return blocks


def main():
    files = {}
    for dirpath, _, names in os.walk(ROOT):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                files[module_of(path)] = path
    modules = set(files)

    def resolve(path):
        while path and tuple(path) not in modules:
            path = path[:-1]
        return tuple(path)

    edges = defaultdict(set)  # (from module, to module) -> {line}
    problems = []
    too_long = []
    for mod, path in sorted(files.items()):
        text = open(path, encoding="utf-8").read()
        lines = text.count("\n")
        base = os.path.basename(path)
        if lines > MAX_LINES and not (base == "tests.rs" or base.endswith("_tests.rs")):
            too_long.append((os.path.relpath(path, os.path.join(ROOT, "..")), lines))
        code = strip(text)
        blocks = inline_modules(code)
        for offset, parts in references(code):
            here = list(mod) + [name for (a, b, name) in blocks if a <= offset < b]
            if parts[0] == "crate":
                target = parts[1:]
            else:
                target = list(here)
                for p in parts:
                    if p == "super":
                        target = target[:-1]
                    elif p != "self":
                        target.append(p)
            target = resolve([p for p in target if p != "*"])
            if target and target != mod:
                line = code.count("\n", 0, offset) + 1
                edges[(mod, target)].add(line)
        if mod and mod[0] not in POSTGRES_FACING and re.search(r"\bpgrx\b", code):
            problems.append(f"{os.path.relpath(path, os.path.join(ROOT, '..'))}: the pure engine uses pgrx")

    def concern(m):
        return m[0] if m else "lib"

    def tier(c):
        return TIERS.get(c, 0)

    concern_edges = defaultdict(list)
    for (a, b), lines in edges.items():
        ca, cb = concern(a), concern(b)
        if ca != cb and ca != "lib":
            concern_edges[(ca, cb)].append((a, b, min(lines)))
            if ca not in POSTGRES_FACING and cb in POSTGRES_FACING:
                problems.append(f"{os.path.relpath(files[a], os.path.join(ROOT, '..'))}: the pure engine imports {'::'.join(b)}")

    # Loops: strongly connected components of the concern graph.
    graph = defaultdict(set)
    for (ca, cb) in concern_edges:
        graph[ca].add(cb)
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(set(graph) | {c for s in graph.values() for c in s}):
        if v not in index:
            visit(v)
    loops = [c for c in sccs if len(c) > 1]

    rel = lambda m: os.path.relpath(files[m], os.path.join(ROOT, ".."))  # noqa: E731
    up = sorted(
        (rel(a), line, "::".join(b))
        for (ca, cb), es in concern_edges.items()
        if tier(cb) > tier(ca)
        for (a, b, line) in es
    )

    if "--graph" in sys.argv:
        for (ca, cb), es in sorted(concern_edges.items()):
            print(f"{ca} -> {cb}: " + ", ".join(f"{rel(a)}:{line}" for a, b, line in sorted(es)))

    print(f"{len(files)} files, {len(concern_edges)} edges between concerns, "
          f"{len(loops)} loops, {len(up)} imports pointing up, {len(too_long)} files over {MAX_LINES} lines")
    for comp in loops:
        print("loop between concerns: " + " ".join(comp))
        for (ca, cb), es in sorted(concern_edges.items()):
            if ca in comp and cb in comp:
                for a, b, line in sorted(es):
                    print(f"    {ca} -> {cb}: {rel(a)}:{line} uses {'::'.join(b)}")
    for f, line, target in up:
        print(f"import pointing up: {f}:{line} uses {target}")
    for f, lines in too_long:
        print(f"too long: {f} has {lines} lines")
    for p in problems:
        print(p)
    failed = loops or len(up) > MAX_UP or too_long or problems
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
