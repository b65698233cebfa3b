#!/usr/bin/python3
"""Draw the copy-on-write figure from figures/capture/cow.txt.

    figures/capture/draw_cow.py

cow.tex: two panels, "after fork" and "after the child's write": the
parent's and the child's PTEs for four pages of a private mapping, the
frames they point at (real frame numbers from pagemap), the PTE's
writable bit and pagemap's exclusive bit.  A note under the second
panel says what the parent's own write then did (the "reuse" lines).
Edit this script, not the .tex file.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIG = os.path.dirname(HERE)
LINE = re.compile(r"cow: (\w+) (parent|child) page (\d+) addr (0x[0-9a-f]+) "
                  r"pte (0x[0-9a-f]+) frame (0x[0-9a-f]+) present (\d) rw (\d) "
                  r"dirty (\d) exclusive (\d)")


def read():
    data, source = {}, ""
    with open(os.path.join(HERE, "cow.txt")) as f:
        for line in f:
            if line.startswith("# "):
                source = line[2:].strip()
            m = LINE.match(line)
            if m:
                stage, who, page = m.group(1), m.group(2), int(m.group(3))
                data[(stage, who, page)] = {
                    "addr": int(m.group(4), 16), "frame": int(m.group(6), 16),
                    "present": int(m.group(7)), "rw": int(m.group(8)),
                    "excl": int(m.group(10))}
    return data, source


def pte_label(e, page):
    rw = "RW" if e["rw"] else "RO"
    ex = ", excl." if e["excl"] else ""
    return r"page %d: \textbf{%s}%s" % (page, rw, ex)


def panel(out, data, stage, y0, title, npages, name):
    """One panel at height y0 (its top); returns the y below it."""
    xp, xf, xc, dy = 0.0, 4.6, 9.2, 0.62
    out.append(r"\node[title] at (%.2f,%.2f) {%s};" % (xf, y0, title))
    out.append(r"\node[lab] at (%.2f,%.2f) {parent's PTEs};" % (xp, y0 - 0.5))
    out.append(r"\node[lab] at (%.2f,%.2f) {frames};" % (xf, y0 - 0.5))
    out.append(r"\node[lab] at (%.2f,%.2f) {child's PTEs};" % (xc, y0 - 0.5))
    frames = []
    for who in ("parent", "child"):     # the parent's frames first, copies below
        for p in range(npages):
            fr = data[(stage, who, p)]["frame"]
            if fr not in frames:
                frames.append(fr)
    rows = {}
    for i, fr in enumerate(frames):
        y = y0 - 1.05 - i * dy
        new = all(data[(stage, "parent", p)]["frame"] != fr for p in range(npages))
        style = "newfr" if new else "fr"
        out.append(r"\node[%s] (%sf%d) at (%.2f,%.2f) {\texttt{%#x}%s};"
                   % (style, name, i, xf, y, fr, r" \emph{copy}" if new else ""))
        rows[fr] = i
    for p in range(npages):
        y = y0 - 1.05 - p * dy
        for who, x, side, other in (("parent", xp, "p", "west"), ("child", xc, "c", "east")):
            e = data[(stage, who, p)]
            style = "rw" if e["rw"] else "ro"
            out.append(r"\node[%s] (%s%s%d) at (%.2f,%.2f) {%s};"
                       % (style, name, side, p, x, y, pte_label(e, p)))
            out.append(r"\draw[arr] (%s%s%d.%s) -- (%sf%d.%s);"
                       % (name, side, p, "east" if who == "parent" else "west",
                          name, rows[e["frame"]], other))
    return y0 - 1.05 - len(frames) * dy


def main():
    data, source = read()
    npages = 1 + max(k[2] for k in data)
    addr = data[("fork", "parent", 0)]["addr"]
    out = ["% Drawn by figures/capture/draw_cow.py from",
           "% figures/capture/cow.txt (" + source + ").",
           "% Edit the script, not this file.",
           r"\begin{tikzpicture}[font=\small,",
           r"  ro/.style={draw,fill=blue!6,minimum width=3.3cm,minimum height=0.5cm,inner sep=2pt},",
           r"  rw/.style={draw,fill=orange!22,minimum width=3.3cm,minimum height=0.5cm,inner sep=2pt},",
           r"  fr/.style={draw,minimum width=2.2cm,minimum height=0.5cm,inner sep=2pt},",
           r"  newfr/.style={draw,thick,fill=orange!22,minimum width=2.2cm,minimum height=0.5cm,inner sep=2pt},",
           r"  lab/.style={font=\small\itshape},",
           r"  title/.style={font=\small\bfseries},",
           r"  arr/.style={-{Stealth[length=4pt]}}]"]
    y = panel(out, data, "fork", 0.0, "after fork", npages, "a")
    y = panel(out, data, "write", y - 0.35, "after the child writes page 1", npages, "b")
    before = data[("write", "parent", 1)]
    after = data[("reuse", "parent", 1)]
    same = "the same frame" if before["frame"] == after["frame"] else "a new frame"
    out.append(r"\node[lab,anchor=north,align=center] at (4.60,%.2f) "
               r"{the parent's next write to page 1: %s, \texttt{%#x}, made writable in place"
               r"\\(\texttt{do\_wp\_page} $\to$ \texttt{wp\_page\_reuse}); "
               r"the mapping starts at \texttt{%#x}};"
               % (y + 0.1, same, after["frame"], addr))
    out.append(r"\end{tikzpicture}")
    with open(os.path.join(FIG, "cow.tex"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
