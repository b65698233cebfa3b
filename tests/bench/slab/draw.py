#!/usr/bin/python3
"""tests/bench/slab/draw.py TSV OUT.tex: the slab benchmark's table from
build/bench/slab.tsv (written by tests/bench/slab/run): for each size,
the ns per hot, batch and kmalloc pair and the bytes of overhead per
object, for each allocator measured."""
import sys

ORDER = ["stand-in", "SLAB", "SLUB"]
KINDS = [("hot", "hot", "%.1f"), ("batch", "batch", "%.1f"),
         ("kmalloc", "kmalloc", "%.1f"), ("overhead", "overhead, B", "%.0f")]


def main():
    tsv, out = sys.argv[1], sys.argv[2]
    head, val = "", {}
    for line in open(tsv):
        f = line.rstrip("\n").split("\t")
        if line.startswith("# host: "):
            head = line[8:].strip()
        elif len(f) == 4 and f[0] != "allocator":
            val[f[0], int(f[1]), f[2]] = float(f[3])
    allocs = [a for a in ORDER if any(k[0] == a for k in val)]
    sizes = sorted({k[1] for k in val})
    lines = ["% Drawn by tests/bench/slab/draw.py from build/bench/slab.tsv",
             "%% (%s)." % head,
             "% Edit the script, not this file.",
             "\\begin{tikzpicture}",
             "\\node[font=\\small]{\\begin{tabular}{ll|rrr|r}",
             " & & \\multicolumn{3}{c|}{ns per alloc+free pair} & \\\\",
             "size & allocator & " + " & ".join(k[1] for k in KINDS) + " \\\\ \\hline"]
    for s in sizes:
        for i, a in enumerate(allocs):
            cells = [(fmt % val[a, s, k]) if (a, s, k) in val else "--"
                     for k, _, fmt in KINDS]
            lines.append("%s & %s & %s \\\\" % (s if i == 0 else "", a, " & ".join(cells)))
        lines.append("\\hline")
    lines += ["\\end{tabular}};", "\\end{tikzpicture}"]
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("slab-bench: wrote " + out)


if __name__ == "__main__":
    main()
