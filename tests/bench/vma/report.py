#!/usr/bin/env python3
"""Turn build/bench/vma.tsv into the plain table on stdout and two figure
sources for the book: a TikZ plot of ns per find_vma against N (log x), and
the table itself as a tikzpicture holding a tabular.  An implementation
measured in several rounds gets the median of its rounds' medians and the
least of their minima.
usage: report.py TSV PLOT.tex TABLE.tex"""
import math
import sys

LABELS = {  # key: (label in the book, colour, mark)
    "linux-maple": ("Linux maple tree", "blue", "*"),
    "linux-maple-rcu": ("Linux maple tree, RCU mode", "blue!60!black", "*"),
    "our-maple": ("our maple tree", "blue!50!cyan", "o"),
    "linux-rbtree": ("Linux rbtree", "red", "square*"),
    "linux-rbtree-vmacache": ("Linux rbtree + vmacache", "orange", "triangle*"),
    "our-rbtree": ("our rbtree", "red!60", "square"),
    "our-rbtree-vmacache": ("our rbtree + vmacache", "orange!60", "triangle"),
    "array": ("sorted array", "black!60", "diamond*"),
}
FIELDS = ["rand_med", "rand_min", "local_med", "local_min", "insert_med",
          "insert_min", "erase_med", "erase_min", "bytes_per_vma"]


def read(path):
    meta, skipped, rows = {}, [], {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if line.startswith("# skipped"):
            if (f[1], f[2]) not in skipped:
                skipped.append((f[1], f[2]))
        elif line.startswith("#"):
            meta[f[0][2:]] = "\t".join(f[1:])
        elif len(f) == 11:
            rows.setdefault(f[0], {}).setdefault(int(f[1]), []).append(
                dict(zip(FIELDS, map(float, f[2:]))))
    for k in rows:
        for n, rounds in rows[k].items():
            agg = {}
            for f in FIELDS:
                vals = sorted(r[f] for r in rounds)
                agg[f] = vals[0] if f.endswith("_min") else vals[len(vals) // 2]
            agg["rounds"] = len(rounds)
            rows[k][n] = agg
    return meta, skipped, rows


def order(rows):
    return [k for k in LABELS if k in rows]


def plain(meta, skipped, rows):
    print("== VMA index: find_vma, insert and erase in ns: median (min) of each"
          " round's 5 runs, median over rounds; bytes per VMA")
    for k in ("machine", "compiler", "date"):
        print("%-9s %s" % (k + ":", meta.get(k, "?")))
    print("%-24s %8s %15s %15s %15s %15s %7s" % (
        "implementation", "N", "random", "local", "insert", "erase", "B/VMA"))
    for k in order(rows):
        for n in sorted(rows[k]):
            r = rows[k][n]
            print("%-24s %8d %15s %15s %15s %15s %7.1f" % (
                LABELS[k][0], n,
                *("%.1f (%.1f)" % (r[a + "_med"], r[a + "_min"])
                  for a in ("rand", "local", "insert", "erase")),
                r["bytes_per_vma"]))
    for k, why in skipped:
        print("%-24s %s" % (LABELS.get(k, (k,))[0], why))


def tex_escape(s):
    return s.replace("_", r"\_").replace("%", r"\%").replace("#", r"\#")


# The plot shows each cell's minimum: on a shared machine the medians
# carry other people's work, the minima least of it (the table has both).
PLOTTED = "rand_min"


def plot(meta, rows, path):
    ns = sorted({n for k in rows for n in rows[k]}) or [100, 10**6]
    ys = [rows[k][n][PLOTTED] for k in rows for n in rows[k]] or [10, 1000]
    ticks = [t for t in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)]
    ylo = max(t for t in ticks if t <= min(ys))
    yhi = min(t for t in ticks if t >= max(ys))
    w, h = 9.0, 5.0
    lo, hi = math.log10(ns[0]), max(math.log10(ns[-1]), math.log10(ns[0]) + 1)

    def xy(n, y):
        return (w * (math.log10(n) - lo) / (hi - lo),
                h * (math.log10(y) - math.log10(ylo)) / (math.log10(yhi) - math.log10(ylo)))
    out = ["% Drawn by tests/bench/vma/report.py from build/bench/vma.tsv",
           "% (" + tex_escape(meta.get("machine", "?")) + ", " + meta.get("date", "?") + ").",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}[font=\small]"]
    out.append(r"\draw[->] (0,0) -- (%.2f,0);" % (w + 0.3))
    out.append(r"\node[below] at (%.2f,-0.5) {VMAs in the index, $N$ (log scale)};" % (w / 2))
    out.append(r"\draw[->] (0,0) -- (0,%.2f) node[above right]"
               r"{least ns per \texttt{find\_vma} at a random address (log scale)};" % (h + 0.3))
    for e in range(int(lo), int(hi) + 1):
        x, _ = xy(10 ** e, ylo)
        out.append(r"\draw (%.2f,0) -- (%.2f,-0.1) node[below]{$10^{%d}$};" % (x, x, e))
    for t in ticks:
        if ylo <= t <= yhi:
            _, yy = xy(ns[0], t)
            out.append(r"\draw[black!15] (0,%.2f) -- (%.2f,%.2f);" % (yy, w, yy))
            out.append(r"\node[left] at (0,%.2f) {%d};" % (yy, t))
    # RCU mode changes how a store replaces nodes, not the walk: the table
    # gives its lookups, the plot leaves out a line that would hide another
    for i, k in enumerate(k for k in order(rows) if k != "linux-maple-rcu"):
        label, colour, mark = LABELS[k]
        fill = colour if mark.endswith("*") else "white"
        shape = {"*": "circle", "o": "circle", "square*": "rectangle", "square": "rectangle",
                 "triangle*": "regular polygon,regular polygon sides=3",
                 "triangle": "regular polygon,regular polygon sides=3",
                 "diamond*": "diamond"}[mark]
        pts = [xy(n, rows[k][n][PLOTTED]) for n in sorted(rows[k])]
        out.append(r"\draw[%s,thick] %s;" % (colour, " -- ".join("(%.2f,%.2f)" % p for p in pts)))
        ly = h - 0.45 * i
        for p in pts + [(0.55, ly)]:
            out.append(r"\node[%s,%s,inner sep=1.5pt,draw,fill=%s] at (%.2f,%.2f) {};" % (
                shape, colour, fill, *p))
        out.append(r"\draw[%s,thick] (0.3,%.2f) -- (0.8,%.2f);" % (colour, ly, ly))
        out.append(r"\node[right] at (0.85,%.2f) {%s};" % (ly, label))
    out.append(r"\end{tikzpicture}")
    open(path, "w").write("\n".join(out) + "\n")


COLUMNS = [("linux-maple", "maple"), ("linux-maple-rcu", "RCU"),
           ("linux-rbtree", "rbtree"),
           ("linux-rbtree-vmacache", "+vmacache"), ("our-maple", "maple"),
           ("our-rbtree", "rbtree"), ("our-rbtree-vmacache", "+vmacache"),
           ("array", "array")]


def table(meta, skipped, rows, path):
    ns = sorted({n for k in rows for n in rows[k]})
    big = max(ns) if ns else 0

    def num(n):  # 1000000 as 1\,000\,000: no superscripts, too small in print
        return "{:,}".format(n).replace(",", r"\,")

    def cell(k, n, f):
        r = rows.get(k, {}).get(n)
        return "--" if r is None else "%.0f" % r[f]
    out = ["% Drawn by tests/bench/vma/report.py from build/bench/vma.tsv.",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}",
           r"\node[font=\small]{\begin{tabular}{l|rrrr|rrr|r}",
           r"& \multicolumn{4}{c|}{Linux 6.1} & \multicolumn{3}{c|}{this book} & sorted \\",
           " & ".join([""] + [c for _, c in COLUMNS]) + r" \\ \hline"]
    for n in ns:
        out.append(" & ".join([r"random, $N=%s$" % num(n)]
                              + [cell(k, n, "rand_med") for k, _ in COLUMNS]) + r" \\")
    out.append(r"\hline")
    # the least of all runs: what a lookup costs when no other work interferes
    for n in ns:
        out.append(" & ".join([r"random, min, $N=%s$" % num(n)]
                              + [cell(k, n, "rand_min") for k, _ in COLUMNS]) + r" \\")
    out.append(r"\hline")
    e = num(big)
    for f, what in (("local_med", "local"), ("insert_med", "insert"),
                    ("erase_med", "erase")):
        out.append(" & ".join([r"%s, $N=%s$" % (what, e)]
                              + [cell(k, big, f) for k, _ in COLUMNS]) + r" \\")
    out.append(r"\hline")
    out.append(" & ".join([r"bytes per VMA, $N=%s$" % e]
                          + [cell(k, big, "bytes_per_vma") for k, _ in COLUMNS]) + r" \\")
    out.append(r"\end{tabular}};")
    out.append(r"\end{tikzpicture}")
    open(path, "w").write("\n".join(out) + "\n")


def main():
    meta, skipped, rows = read(sys.argv[1])
    plain(meta, skipped, rows)
    if len(sys.argv) > 3:
        plot(meta, rows, sys.argv[2])
        table(meta, skipped, rows, sys.argv[3])


if __name__ == "__main__":
    main()
