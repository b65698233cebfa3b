#!/usr/bin/env python3
"""Turn build/bench/vma.tsv into the plain table on stdout and two figure
sources for the book: a TikZ plot of ns per find_vma against N (log x), and
the table itself as a tikzpicture holding a tabular.
usage: report.py TSV PLOT.tex TABLE.tex"""
import math
import sys

LABELS = {  # key: (label in the book, colour, mark)
    "linux-maple": ("Linux maple tree", "blue", "*"),
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
            skipped.append((f[1], f[2]))
        elif line.startswith("#"):
            meta[f[0][2:]] = "\t".join(f[1:])
        elif len(f) == 11:
            rows.setdefault(f[0], {})[int(f[1])] = dict(zip(FIELDS, map(float, f[2:])))
    return meta, skipped, rows


def order(rows):
    return [k for k in LABELS if k in rows]


def plain(meta, skipped, rows):
    print("== VMA index: find_vma, insert and erase in ns (median of 5, min), bytes per VMA")
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


def plot(meta, rows, path):
    ns = sorted({n for k in rows for n in rows[k]})
    ymax = max([rows[k][n]["rand_med"] for k in rows for n in rows[k]] + [1])
    step = next(s for s in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000)
                if ymax / s <= 8)
    top = step * math.ceil(ymax / step)
    w, h = 9.0, 6.0
    lo, hi = math.log10(min(ns or [100])), math.log10(max(ns or [10**6]))
    hi = max(hi, lo + 1)

    def xy(n, y):
        return (w * (math.log10(n) - lo) / (hi - lo), h * y / top)
    out = ["% Drawn by tests/bench/vma/report.py from build/bench/vma.tsv",
           "% (" + tex_escape(meta.get("machine", "?")) + ", " + meta.get("date", "?") + ").",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}[font=\small]"]
    out.append(r"\draw[->] (0,0) -- (%.2f,0) node[below left=12pt and 0pt,anchor=north east]"
               r"{VMAs in the index, $N$ (log scale)};" % (w + 0.3))
    out.append(r"\draw[->] (0,0) -- (0,%.2f) node[above right]{ns per \texttt{find\_vma}, random addresses};" % (h + 0.3))
    for e in range(int(lo), int(hi) + 1):
        x, _ = xy(10 ** e, 0)
        out.append(r"\draw (%.2f,0) -- (%.2f,-0.1) node[below]{$10^{%d}$};" % (x, x, e))
    y = 0
    while y <= top:
        _, yy = xy(10 ** lo, y)
        out.append(r"\draw[black!15] (0,%.2f) -- (%.2f,%.2f);" % (yy, w, yy))
        out.append(r"\node[left] at (0,%.2f) {%d};" % (yy, y))
        y += step
    for i, k in enumerate(order(rows)):
        label, colour, mark = LABELS[k]
        pts = [xy(n, rows[k][n]["rand_med"]) for n in sorted(rows[k])]
        out.append(r"\draw[%s,thick] %s;" % (colour, " -- ".join("(%.2f,%.2f)" % p for p in pts)))
        for p in pts:
            out.append(r"\node[%s,inner sep=1.6pt,draw,fill=%s] at (%.2f,%.2f) {};" % (
                colour, colour if mark.endswith("*") else "white", *p))
        ly = h - 0.45 * i
        out.append(r"\draw[%s,thick] (0.3,%.2f) -- (0.8,%.2f);" % (colour, ly, ly))
        out.append(r"\node[%s,inner sep=1.6pt,draw,fill=%s] at (0.55,%.2f) {};" % (
            colour, colour if mark.endswith("*") else "white", ly))
        out.append(r"\node[right] at (0.85,%.2f) {%s};" % (ly, label))
    out.append(r"\end{tikzpicture}")
    open(path, "w").write("\n".join(out) + "\n")


def table(meta, skipped, rows, path):
    ns = sorted({n for k in rows for n in rows[k]})
    big = max(ns) if ns else 0
    out = ["% Drawn by tests/bench/vma/report.py from build/bench/vma.tsv.",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}",
           r"\node[font=\small]{\begin{tabular}{l" + "r" * len(ns) + "|rrrr}",
           r"& \multicolumn{%d}{c|}{\texttt{find\_vma}, random addresses, ns} "
           r"& \multicolumn{4}{c}{at $N=10^{%d}$} \\" % (len(ns), round(math.log10(big or 1))),
           r"$N$ & " + " & ".join(r"$10^{%d}$" % round(math.log10(n)) for n in ns)
           + r" & local & insert & erase & B/VMA \\ \hline"]
    for k in order(rows):
        r = rows[k]
        cells = ["%.0f" % r[n]["rand_med"] if n in r else "--" for n in ns]
        b = r.get(big)
        cells += ["%.0f" % b[f] if b else "--" for f in ("local_med", "insert_med", "erase_med")]
        cells.append("%.0f" % b["bytes_per_vma"] if b else "--")
        out.append(LABELS[k][0] + " & " + " & ".join(cells) + r" \\")
    for k, why in skipped:
        out.append(r"%s & \multicolumn{%d}{l}{\emph{%s}} \\" % (
            LABELS.get(k, (k,))[0], len(ns) + 4,
            "not measured yet" if "yet" in why else "not built"))
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
