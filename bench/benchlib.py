# SPDX-License-Identifier: Apache-2.0
"""What the benchmark scripts share: reading /usr/bin/time -v, numbered runs, a table.

bench/run.sh, bench/national.sh and bench/compare.sh import it (`sys.path` gets bench/).
"""
import os
import re
import statistics

_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)")
_CPU = re.compile(r"(?:User|System) time \(seconds\): ([\d.]+)")
_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


class Timed:
    """One command as /usr/bin/time -v saw it. `ok` is false when the script appended
    "exit N" to the file (the command failed); `size` is the bytes in PATH.size, if any."""

    def __init__(self, wall, cpu, rss_mib, size, ok):
        self.wall, self.cpu, self.rss_mib, self.size, self.ok = wall, cpu, rss_mib, size, ok


def timed(path):
    """The run /usr/bin/time -v wrote to `path`, or None when there is none."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    m = _WALL.search(text)
    if not m:
        return None
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    cpu = sum(float(x) for x in _CPU.findall(text))
    rss = _RSS.search(text)
    size = 0
    if os.path.exists(path + ".size"):
        with open(path + ".size") as f:
            size = int(f.read())
    return Timed(wall, cpu, int(rss.group(1)) / 1024 if rss else 0.0, size, "exit" not in text)


def series(work, name):
    """Every numbered run of `name` in `work` (name.1, name.2, ...), in order."""
    out, k = [], 1
    while (t := timed(os.path.join(work, f"{name}.{k}"))) is not None:
        out.append(t)
        k += 1
    return out


def median(values):
    return statistics.median(values)


def print_table(head, rows):
    """A Markdown table, columns padded to their widest cell."""
    widths = [max(len(str(r[k])) for r in list(rows) + [head]) for k in range(len(head))]

    def line(r):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"

    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
