#!/usr/bin/python3
"""Draw the page-table figures from figures/capture/page-tables.txt.

    figures/capture/draw_page_tables.py

address-split.tex: how two real addresses (the stack and the heap of
vaddr.c on weft) split into four 9-bit indexes and a 12-bit offset.
page-tables-fresh.tex: the four levels that map that process's VMAs
(its /proc/self/maps): which PGD, PUD, PMD and PTE pages exist, and
which of their entries are used.  Edit this script, not the .tex files.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIG = os.path.dirname(HERE)
LEVELS = [("PGD", 39), ("PUD", 30), ("PMD", 21), ("PTE", 12)]


def read():
    addrs, vmas, source = {}, [], ""
    with open(os.path.join(HERE, "page-tables.txt")) as f:
        for line in f:
            if line.startswith("# "):
                source = line[2:].strip()
            m = re.match(r"vaddr: (\w+) 0x([0-9a-f]+)", line)
            if m:
                addrs[m.group(1)] = int(m.group(2), 16)
            m = re.match(r"maps: ([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+ *(.*)", line)
            if m:
                vmas.append((int(m.group(1), 16), int(m.group(2), 16),
                             m.group(3), m.group(4).strip()))
    return addrs, vmas, source


def split(a):
    return [(a >> s) & 511 for _, s in LEVELS] + [a & 0xfff]


def bits(v, n):
    return format(v, "0%db" % n)


def address_split(addrs, source):
    # columns: sign extension, four indexes, offset; x in cm
    cols = [("63--48", "sign", 1.3), ("47--39", "PGD index", 2.1),
            ("38--30", "PUD index", 2.1), ("29--21", "PMD index", 2.1),
            ("20--12", "PTE index", 2.1), ("11--0", "offset", 2.7)]
    out = ["% Drawn by figures/capture/draw_page_tables.py from",
           "% figures/capture/page-tables.txt (" + source + ").",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}[font=\small,",
           r"  field/.style={draw,minimum height=0.62cm,inner sep=1pt,font=\small\ttfamily},",
           r"  lab/.style={font=\footnotesize}]"]
    x0 = 2.9
    xs = []
    x = x0
    for _, _, w in cols:
        xs.append(x)
        x += w
    for (bitr, name, w), x in zip(cols, xs):
        out.append(r"\node[lab,align=center] at (%.2f,1.05) {%s\\bits %s};" % (x + w / 2, name, bitr))
    rows = [("stack", addrs["stack"]), ("heap", addrs["heap"])]
    for r, (name, a) in enumerate(rows):
        y = -r * 1.55
        idx = split(a)
        out.append(r"\node[anchor=east,align=right] at (%.2f,%.2f) {%s\\\texttt{0x%012x}};"
                   % (x0 - 0.15, y, name, a))
        sign = "1" if a >> 47 else "0"
        texts = [sign + r"\,\ldots\," + sign] + [bits(v, 9) for v in idx[:4]] + [bits(idx[4], 12)]
        vals = ["%s" % ("0xffff" if a >> 47 else "0")] + ["%d" % v for v in idx[:4]] + ["0x%03x" % idx[4]]
        for (bitr, _, w), x, t, v in zip(cols, xs, texts, vals):
            fill = "gray!20" if bitr == "63--48" else ("orange!15" if bitr == "11--0" else "blue!10")
            out.append(r"\node[field,fill=%s,minimum width=%.2fcm,anchor=west] at (%.2f,%.2f) {%s};"
                       % (fill, w, x, y, t))
            out.append(r"\node[lab] at (%.2f,%.2f) {%s};" % (x + w / 2, y - 0.52, v))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out) + "\n"


def tables(vmas):
    """The page-table pages that map every page of the VMAs, and which of
    their entries are used: {level: {table key: set(entries)}}."""
    used = [dict() for _ in LEVELS]
    npages = 0
    for start, end, _, _ in vmas:
        for a in range(start, end, 4096):
            npages += 1
            idx = split(a)
            for lvl in range(4):
                key = tuple(idx[:lvl])
                used[lvl].setdefault(key, set()).add(idx[lvl])
    return used, npages


def runs(entries):
    """Sorted entries as ranges: [(first, last)]."""
    out = []
    for e in sorted(entries):
        if out and out[-1][1] == e - 1:
            out[-1][1] = e
        else:
            out.append([e, e])
    return out


def word(lines):
    return "entry" if len(lines) == 1 and "--" not in lines[0] else "entries"


def vma_name(vmas, key):
    """Names of the VMAs one PTE page maps."""
    names = []
    for start, end, _, name in vmas:
        idx = split(start)
        if tuple(idx[:3]) == key:
            n = name.lstrip("/") if name else "mmap"
            if n not in names:
                names.append(n)
    return ", ".join(names)


def page_tables(vmas, source):
    used, npages = tables(vmas)
    out = ["% Drawn by figures/capture/draw_page_tables.py from",
           "% figures/capture/page-tables.txt (" + source + ").",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}[font=\small,",
           r"  tbl/.style={draw,fill=blue!6,minimum width=2.5cm,inner sep=2pt,align=left,font=\footnotesize},",
           r"  first/.style={draw,fill=orange!18,minimum width=2.5cm,inner sep=2pt,align=left,font=\footnotesize},",
           r"  lab/.style={font=\footnotesize,align=center},",
           r"  arr/.style={-{Stealth[length=4pt]}}]"]
    colx = [0, 3.9, 7.8, 11.7]
    for lvl, (name, _) in enumerate(LEVELS):
        n = len(used[lvl])
        out.append(r"\node[lab] at (%.2f,1.0) {\textbf{%s} pages: %d};" % (colx[lvl], name, n))
    # one node per table, top to bottom in address order
    ypos = {}
    keys3 = sorted(used[3])
    for i, k in enumerate(keys3):
        ypos[(3, k)] = -i * 1.9
    for lvl in (2, 1, 0):
        for k in sorted(used[lvl]):
            kids = [v for (l, c), v in list(ypos.items()) if l == lvl + 1 and c[:lvl] == k]
            ypos[(lvl, k)] = sum(kids) / len(kids)
    names = {}
    for lvl in range(4):
        for j, k in enumerate(sorted(used[lvl])):
            node = "t%d%d" % (lvl, j)
            names[(lvl, k)] = node
            lines = []
            for a, b in runs(used[lvl][k]):
                lines.append("%d" % a if a == b else "%d--%d" % (a, b))
            if lvl == 3:
                body = r"%s %s\\{\itshape %s}" % (word(lines), ", ".join(lines), vma_name(vmas, k))
            else:
                body = r"%s %s" % (word(lines), ", ".join(lines))
            if lvl == 0:
                body += r"\\256--511: kernel half"
            style = "first" if lvl == 0 else "tbl"
            out.append(r"\node[%s] (%s) at (%.2f,%.2f) {%s};" % (style, node, colx[lvl], ypos[(lvl, k)], body))
    for lvl in range(1, 4):
        for k in used[lvl]:
            out.append(r"\draw[arr] (%s.east) -- (%s.west);" % (names[(lvl - 1, k[:-1])], names[(lvl, k)]))
    bottom = min(ypos.values()) - 1.1
    out.append(r"\node[lab,anchor=north] at (%.2f,%.2f) {from \texttt{pgd\_alloc}:\\kernel half copied};"
               % (colx[0], bottom + 0.6))
    out.append(r"\node[lab,anchor=north] at (%.2f,%.2f) {added on the first fault in their range (\texttt{pud\_alloc}, \texttt{pmd\_alloc}, \texttt{pte\_alloc}):\\"
               r" %d pages of tables map this process's %d pages};"
               % ((colx[1] + colx[3]) / 2, bottom - 0.2, sum(len(u) for u in used), npages))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out) + "\n"


def main():
    addrs, vmas, source = read()
    with open(os.path.join(FIG, "address-split.tex"), "w") as f:
        f.write(address_split(addrs, source))
    with open(os.path.join(FIG, "page-tables-fresh.tex"), "w") as f:
        f.write(page_tables(vmas, source))


if __name__ == "__main__":
    main()
