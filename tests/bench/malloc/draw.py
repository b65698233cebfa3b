#!/usr/bin/env python3
"""tests/bench/malloc/draw.py TSV [--figures]: the malloc benchmark's
report from build/bench/malloc.tsv (written by tests/bench/malloc/run).
Prints the medians of each workload under each allocator, wall time and
peak RSS, their ratios to glibc and the geometric means of the ratios;
with --figures writes figures/malloc-bench-table.tex (the table) and
figures/malloc-bench.tex (time ratios to glibc, a bar per workload and
allocator, log scale).  A cell whose checksum differs from glibc's, or
whose run did not exit 0, is marked "!" in the text and in the table."""
import math, os, statistics, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../../.."))
ORDER = ["ours", "glibc", "jemalloc", "tcmalloc", "mimalloc"]
COLOURS = {"ours": "blue", "jemalloc": "red!70!black",
           "tcmalloc": "orange!85!black", "mimalloc": "green!50!black"}


def load(path):
    meta, runs = {}, {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if line.startswith("#"):
            meta[f[0][2:]] = f[1]
        elif f[0] != "workload":
            w, a, _, wall, rss, csum, st, cpu = f
            runs.setdefault((w, a), []).append(
                (float(wall), int(rss), csum, int(st), float(cpu)))
    return meta, runs


def summarize(runs):
    works, allocs = [], []
    for w, a in runs:
        if w not in works:
            works.append(w)
        if a not in allocs:
            allocs.append(a)
    allocs.sort(key=lambda a: ORDER.index(a) if a in ORDER else 99)
    med = {}
    for (w, a), rs in runs.items():
        ref = runs.get((w, "glibc"), rs)[0][2]
        bad = any(r[3] != 0 or r[2] != ref for r in rs)
        med[w, a] = (statistics.median(r[0] for r in rs),
                     statistics.median(r[1] for r in rs) / 1024.0, bad,
                     statistics.median(r[4] for r in rs))
    return works, allocs, med


def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def ratios(works, med, a, i):
    return [med[w, a][i] / med[w, "glibc"][i] for w in works
            if (w, a) in med and (w, "glibc") in med]


def text(meta, works, allocs, med):
    print("malloc-bench: %s; median of %s rounds at %s%% size"
          % (meta.get("machine", "?"), meta.get("rounds", "?"),
             meta.get("scale", "?")))
    for what, i, unit in (("wall time", 0, "s"), ("CPU time", 3, "s"),
                          ("peak RSS", 1, "MiB")):
        print("\n%-14s" % ("%s, %s" % (what, unit))
              + "".join("%16s" % a for a in allocs))
        for w in works:
            cells = []
            for a in allocs:
                if (w, a) not in med:
                    cells.append("%16s" % "-")
                    continue
                v = med[w, a]
                r = v[i] / med[w, "glibc"][i] if (w, "glibc") in med else 0
                cells.append("%9.3f %5.2fx%s" % (v[i], r, "!" if v[2] else ""))
            print("%-14s" % w + "".join("%16s" % c for c in cells))
        print("%-14s" % "geo. mean" + "".join(
            "%16s" % ("%.2fx" % geomean(ratios(works, med, a, i)))
            for a in allocs))


def tex_num(v, digits):
    return ("%%.%df" % digits) % v


def table(meta, works, allocs, med):
    cols = len(allocs)
    out = ["% Drawn by tests/bench/malloc/draw.py from build/bench/malloc.tsv",
           "% (" + meta.get("machine", "?") + ").",
           "% Edit the script, not this file.",
           "\\begin{tikzpicture}",
           "\\node[font=\\small]{\\begin{tabular}{l|%s|%s}"
           % ("r" * cols, "r" * cols),
           "& \\multicolumn{%d}{c|}{wall time, s} & \\multicolumn{%d}{c}"
           "{peak RSS, MiB} \\\\" % (cols, cols),
           " & " + " & ".join(allocs + allocs) + " \\\\ \\hline"]
    for w in works:
        cells = []
        for i, d in ((0, 2), (1, 1)):
            for a in allocs:
                v = med.get((w, a))
                cells.append("--" if v is None else
                             tex_num(v[i], d) + ("\\,!" if v[2] else ""))
        out.append(w + " & " + " & ".join(cells) + " \\\\")
    out.append("\\hline")
    cells = []
    for i in (0, 1):
        for a in allocs:
            cells.append("%.2f" % geomean(ratios(works, med, a, i)))
    # the text's CPU times are in the tsv and on make bench's output
    out.append("geo.\\ mean, $\\times$glibc & " + " & ".join(cells) + " \\\\")
    out += ["\\end{tabular}};", "\\end{tikzpicture}"]
    return "\n".join(out) + "\n"


def plot(meta, works, allocs, med):
    others = [a for a in allocs if a != "glibc"]
    groups = works + ["geo. mean"]
    val = {}
    for a in others:
        rs = []
        for w in works:
            if (w, a) in med and (w, "glibc") in med:
                val[w, a] = med[w, a][0] / med[w, "glibc"][0]
                rs.append(val[w, a])
        val["geo. mean", a] = geomean(rs)
    lo = min([0.5] + [v for v in val.values() if v > 0])
    hi = max([2.0] + list(val.values()))
    lo = 2.0 ** math.floor(math.log2(lo))
    hi = 2.0 ** math.ceil(math.log2(hi))
    height, bw = 6.0, 0.26
    gw = bw * len(others) + 0.4
    y = lambda v: height * (math.log2(v) - math.log2(lo)) / (
        math.log2(hi) - math.log2(lo))
    width = gw * len(groups)
    out = ["% Drawn by tests/bench/malloc/draw.py from build/bench/malloc.tsv",
           "% (" + meta.get("machine", "?") + ").",
           "% Edit the script, not this file.",
           "\\begin{tikzpicture}[font=\\small]"]
    t = lo
    while t <= hi * 1.001:
        lab = ("%g" % t) + "$\\times$"
        out.append("\\draw[black!15] (0,%.2f) -- (%.2f,%.2f);"
                   % (y(t), width, y(t)))
        out.append("\\node[left] at (0,%.2f) {%s};" % (y(t), lab))
        t *= 2
    out.append("\\draw[->] (0,0) -- (0,%.2f);" % (height + 0.3))
    out.append("\\node[rotate=90,anchor=south] at (-1.3,%.2f) "
               "{wall time, ratio to glibc (log scale)};" % (height / 2))
    for gi, g in enumerate(groups):
        x0 = gi * gw + 0.2
        for ai, a in enumerate(others):
            if (g, a) not in val:
                continue
            x = x0 + ai * bw
            top = y(val[g, a])
            if abs(top - y(1)) < 0.04:      # a tie still shows as a sliver
                top = y(1) + (0.04 if top >= y(1) else -0.04)
            out.append("\\fill[%s] (%.2f,%.2f) rectangle (%.2f,%.2f);"
                       % (COLOURS.get(a, "gray"), x, y(1), x + bw * 0.9, top))
        out.append("\\node[rotate=35,anchor=north east] at (%.2f,-0.05) {%s};"
                   % (x0 + bw * len(others) / 2, g))
    out.append("\\draw[thick] (0,%.2f) -- (%.2f,%.2f);" % (y(1), width, y(1)))
    for ai, a in enumerate(others):
        lx = 0.3 + ai * 2.2
        out.append("\\fill[%s] (%.2f,%.2f) rectangle (%.2f,%.2f);"
                   % (COLOURS.get(a, "gray"), lx, height + 0.8, lx + 0.3,
                      height + 1.0))
        out.append("\\node[right] at (%.2f,%.2f) {%s};"
                   % (lx + 0.3, height + 0.9, a))
    out.append("\\end{tikzpicture}")
    return "\n".join(out) + "\n"


def main():
    meta, runs = load(sys.argv[1])
    works, allocs, med = summarize(runs)
    text(meta, works, allocs, med)
    if "--figures" in sys.argv[2:]:
        for stem, fn in (("malloc-bench-table", table), ("malloc-bench", plot)):
            with open(os.path.join(ROOT, "figures", stem + ".tex"), "w") as f:
                f.write(fn(meta, works, allocs, med))
            print("malloc-bench: wrote figures/%s.tex" % stem)


if __name__ == "__main__":
    main()
