#!/usr/bin/python3
"""Draw chapter 12's heap figures from the dumps run-heap captured.

    figures/capture/draw_heap.py

heap-bins.tex: the main arena's chunks after the three dumps of
"heapdump m100x9 f0-6 f7 d t d m200 d" (heap-bins.txt), one column per
dump, lower addresses at the bottom; each cell gives the chunk's size
and where it is (in use, tcache[i], fastbin[i], unsorted, smallbin[i],
top); the chunk that travels is shaded.
heap-arena.tex: the thread arena of "heapdump m10 T m100x3 m5000 f1 d"
(heap-arena.txt): heap_info, the malloc_state, the chunks, the top and
the PROT_NONE rest of the 64 MiB, with their offsets in the heap.
Edit this script, not the .tex files.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIG = os.path.dirname(HERE)
CHUNK = re.compile(r"^  (0x[0-9a-f]+) +(0x[0-9a-f]+) ([-A][-M][-P]) (.*)$")
ARENA = re.compile(r"^arena (\d+) at (0x[0-9a-f]+): system_mem (0x[0-9a-f]+), "
                   r"top (0x[0-9a-f]+) size (0x[0-9a-f]+)$")
HEAP = re.compile(r"^ heap (0x[0-9a-f]+) size (0x[0-9a-f]+) mprotect_size (0x[0-9a-f]+)$")
SLOT = re.compile(r"^m\S+: slot (\d+) = (0x[0-9a-f]+)$")


def read(name):
    """The dumps of one capture: a list of {arena number: [chunks]}, the
    slots, the heaps seen, the arenas' header lines, and the source line."""
    dumps, slots, heaps, arenas, source, arena = [], {}, {}, {}, "", None
    with open(os.path.join(HERE, name)) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# "):
                source = line[2:]
            elif line == "d: dump":
                dumps.append({})
            elif SLOT.match(line):
                m = SLOT.match(line)
                slots[int(m.group(1))] = int(m.group(2), 16)
            elif ARENA.match(line):
                m = ARENA.match(line)
                arena = int(m.group(1))
                arenas[arena] = [int(m.group(i), 16) for i in (2, 3, 4, 5)]
                dumps[-1][arena] = []
            elif HEAP.match(line):
                m = HEAP.match(line)
                heaps[arena] = [int(m.group(i), 16) for i in (1, 2, 3)]
            elif CHUNK.match(line):
                m = CHUNK.match(line)
                dumps[-1][arena].append((int(m.group(1), 16), int(m.group(2), 16),
                                         m.group(3), m.group(4)))
    return dumps, slots, heaps, arenas, source


def bins_figure():
    dumps, slots, _, _, source = read("heap-bins.txt")
    titles = ["after [[f7]]", "after [[malloc\\_trim]]", "after [[m200]]"]
    titles = [t.replace("[[", "\\texttt{").replace("]]", "}") for t in titles]
    traveller = slots[7] - 16
    rows = sorted({c[0] for d in dumps for c in d[0]})
    dy, xw, x0 = 0.42, 3.0, 2.1
    out = ["%% Drawn by figures/capture/draw_heap.py from heap-bins.txt:",
           "%% " + source,
           r"\begin{tikzpicture}[font=\footnotesize,",
           r"  cell/.style={draw,minimum width=%.1fcm,minimum height=%.2fcm,inner sep=1pt}," % (xw, dy),
           r"  moved/.style={cell,fill=orange!30},",
           r"  addr/.style={font=\footnotesize\ttfamily,anchor=east},",
           r"  title/.style={font=\small\bfseries,align=center}]"]
    for r, a in enumerate(rows):
        out.append(r"\node[addr] at (%.2f,%.2f) {%x};" % (x0 - 0.15, r * dy, a))
    for col, dump in enumerate(dumps[:3]):
        x = x0 + xw / 2 + col * (xw + 0.3)
        out.append(r"\node[title] at (%.2f,%.2f) {%s};" % (x, len(rows) * dy + 0.1, titles[col]))
        chunks = {c[0]: c for c in dump[0]}
        for r, a in enumerate(rows):
            c = chunks.get(a)
            if c is None:
                continue
            style = "moved" if a == traveller else "cell"
            place = c[3].replace("_", r"\_")
            out.append(r"\node[%s] at (%.2f,%.2f) {\texttt{%x} %s};" % (style, x, r * dy, c[1], place))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out) + "\n"


def arena_figure():
    dumps, _, heaps, arenas, source = read("heap-arena.txt")
    base, size, mprot = heaps[1]
    chunks = dumps[-1][1]
    state = arenas[1][0]
    rows = [("reserved, \\texttt{PROT\\_NONE}", 64 << 20, "rest", 1.3),
            ]
    parts = [(0, state - base, "\\texttt{heap\\_info}", "info")]
    parts.append((state - base, chunks[0][0] - state, "\\texttt{struct malloc\\_state}", "state"))
    for a, sz, flags, place in chunks:
        what = "top" if place == "top" else place
        label = "chunk \\texttt{%x}, %s (\\texttt{%s})" % (sz, what.replace("_", r"\_"), flags)
        parts.append((a - base, sz, label, "top" if place == "top" else "chunk"))
    parts.append((size, (64 << 20) - size, "reserved, \\texttt{PROT\\_NONE}", "rest"))
    height = {"info": 0.45, "state": 0.8, "chunk": 0.45, "top": 0.9, "rest": 1.4}
    fill = {"info": "blue!12", "state": "blue!22", "chunk": "orange!22",
            "top": "green!12", "rest": "gray!10"}
    out = ["%% Drawn by figures/capture/draw_heap.py from heap-arena.txt:",
           "%% " + source,
           r"\begin{tikzpicture}[font=\small,",
           r"  part/.style={draw,minimum width=7.2cm,inner sep=1pt,anchor=south},",
           r"  addr/.style={font=\footnotesize\ttfamily,anchor=east}]"]
    y = 0.0
    for off, sz, label, kind in parts:
        h = height[kind]
        out.append(r"\node[part,fill=%s,minimum height=%.2fcm] at (0,%.2f) {%s};"
                   % (fill[kind], h, y, label))
        out.append(r"\node[addr] at (-3.75,%.2f) {+%x};" % (y, off))
        y += h
    out.append(r"\node[addr] at (-3.75,%.2f) {+4000000};" % y)
    out.append(r"\node[font=\footnotesize,anchor=west] at (3.75,0) {heap at \texttt{%x}};" % base)
    out.append(r"\node[font=\footnotesize,anchor=west] at (3.75,%.2f) {\texttt{size} = \texttt{%x}};"
               % (y - height["rest"], size))
    out.append(r"\end{tikzpicture}")
    return "\n".join(out) + "\n"


def main():
    for name, text in (("heap-bins.tex", bins_figure()), ("heap-arena.tex", arena_figure())):
        with open(os.path.join(FIG, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
