#!/usr/bin/python3
"""Draw the figures of "The address space after exec" from layout.txt.

    figures/capture/draw_layout.py      (figures/capture/run-layout runs it)

exec-layout.tex: every line of /proc/self/maps of a static program just
started on weft, lowest address at the bottom, one box per VMA and a
dashed box per hole, each with what it holds and the kernel function
that made it.  exec-mm-fields.tex: the boundaries execve records in the
mm_struct (the fields 26-28 and 45-51 of /proc/self/stat, and brk) as
ticks on one column, with what lies between two of them.  Neither is
drawn to scale: the addresses are the real ones.  Edit this script, not
the .tex files.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIG = os.path.dirname(HERE)
W = 4.6      # box width, cm (exec-layout)
W2 = 5.6     # box width, cm (exec-mm-fields)
H = 0.5      # box height, cm
SEG = 0.7    # height of a stretch between two fields, cm


def read():
    vmas, mm, source = [], {}, ""
    with open(os.path.join(HERE, "layout.txt")) as f:
        for line in f:
            if line.startswith("# "):
                source = line[2:].strip()
            m = re.match(r"maps: ([0-9a-f]+)-([0-9a-f]+) (\S+) ([0-9a-f]+) \S+ \S+ *(.*)", line)
            if m:
                vmas.append((int(m.group(1), 16), int(m.group(2), 16), m.group(3)[:3],
                             int(m.group(4), 16), m.group(5).strip()))
            m = re.match(r"mm: (\w+) +0x([0-9a-f]+)", line)
            if m:
                mm[m.group(1)] = int(m.group(2), 16)
    return vmas, mm, source


def size(n):
    for unit, shift in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            v = n / (1 << shift)
            return ("%d %s" if v == int(v) or v >= 100 else "%.1f %s") % (v, unit)
    return "%d bytes" % n


def tex(s):
    return s.replace("_", r"\_").replace("&", r"\&")


def roles(vmas, mm):
    """(what the VMA holds, the function that made it) for each VMA."""
    prog = vmas[0][4] if vmas else ""
    out, seen_code, ro_after_code = [], False, 0
    for start, end, perms, off, name in vmas:
        if name == prog and prog:
            if perms == "r-x":
                seen_code = True
                what = "code (\\texttt{.text})"
            elif perms == "r--" and not seen_code:
                what = "ELF header, notes"
            elif perms == "r--":
                ro_after_code += 1
                what = "read-only data" if ro_after_code == 1 else "RELRO"
            else:
                what = "data (\\texttt{.data})"
            who = "elf\\_map" + (", then mprotect" if what == "RELRO" else "")
        elif name == "[heap]":
            sb = mm.get("start_brk", start)
            if end <= sb:
                what, who = "BSS", "set\\_brk"
            elif start < sb:
                what, who = "BSS and heap", "set\\_brk, then brk"
            else:
                what, who = "heap", "brk, from glibc's start-up"
        elif name == "[stack]":
            what, who = "stack", "setup\\_arg\\_pages"
        elif name in ("[vvar]", "[vdso]"):
            what = "vDSO data" if name == "[vvar]" else "vDSO code"
            who = "arch\\_setup\\_additional\\_pages"
        else:
            what, who = tex(name) or "anonymous", "mmap"
        out.append((what, who))
    return out


def header(source, what):
    return ["% " + what + ", drawn by figures/capture/draw_layout.py from",
            "% figures/capture/layout.txt (" + source + ").",
            "% Edit the script, not this file.",
            r"\begin{tikzpicture}[x=1cm,y=1cm,font=\small,",
            r"  cellbox/.style={draw,line width=0.5pt},",
            r"  addr/.style={anchor=east,font=\small\ttfamily},",
            r"  note/.style={anchor=west,align=left,font=\small}]"]


def exec_layout(vmas, mm, source):
    out = header(source, "The address space of self-layout just after exec")
    y = 0.0
    prev_end = None
    for (start, end, perms, off, name), (what, who) in zip(vmas, roles(vmas, mm)):
        if prev_end is not None and start > prev_end:
            out.append(r"\draw[cellbox,dashed] (0,%.3f) rectangle (%.2f,%.3f);" % (y, W, y + H))
            out.append(r"\node[addr] at (-0.12,%.3f) {%#x};" % (y + 0.12, prev_end))
            out.append(r"\node at (%.2f,%.3f) {\textit{free}};" % (W / 2, y + H / 2))
            out.append(r"\node[note] at (%.2f,%.3f) {%s};" % (W + 0.15, y + H / 2, size(start - prev_end)))
            y += H
        shade = "black!12" if "x" in perms else "black!6"
        out.append(r"\draw[cellbox,fill=%s] (0,%.3f) rectangle (%.2f,%.3f);" % (shade, y, W, y + H))
        out.append(r"\node[addr] at (-0.12,%.3f) {%#x};" % (y + 0.12, start))
        out.append(r"\node at (%.2f,%.3f) {\makebox[%.2fcm]{\texttt{%s}\hfill %s}};" %
                   (W / 2, y + H / 2, W - 0.3, perms.replace("-", "{-}"), what))
        out.append(r"\node[note] at (%.2f,%.3f) {%s, \texttt{%s}};" %
                   (W + 0.15, y + H / 2, size(end - start), who))
        y += H
        prev_end = end
    if prev_end is not None:
        out.append(r"\node[addr] at (-0.12,%.3f) {%#x};" % (y + 0.12, prev_end))
    out.append(r"\node[font=\small\itshape] at (%.2f,%.3f) {VMA};" % (W / 2, y + 0.3))
    out.append(r"\node[anchor=east,font=\small\itshape] at (-0.12,%.3f) {start};" % (y + 0.55))
    out.append(r"\node[note,font=\small\itshape] at (%.2f,%.3f) {size, made by};" % (W + 0.15, y + 0.3))
    out.append(r"\end{tikzpicture}")
    return out


# What lies between a field and the next one up.
BETWEEN = {
    "start_code": "code", "end_code": "read-only data, RELRO",
    "start_data": "data", "end_data": "BSS", "start_brk": "heap",
    "brk": None, "start_stack": "argc, argv[], envp[], auxv",
    "arg_start": "argument strings", "arg_end": "environment strings",
    "env_start": "environment strings", "env_end": "the program's path",
}
ORDER = ["start_code", "end_code", "start_data", "end_data", "start_brk", "brk",
         "start_stack", "arg_start", "arg_end", "env_start", "env_end"]


def exec_mm_fields(vmas, mm, source):
    stack_end = max((e for s, e, p, o, n in vmas if n == "[stack]"), default=None)
    ticks = {}
    for f in ORDER:
        if f in mm:
            ticks.setdefault(mm[f], []).append(f)
    if stack_end is not None:
        ticks.setdefault(stack_end, []).append("end of the stack")
    out = header(source, "The boundaries in the mm_struct of self-layout")
    values = sorted(ticks)
    y = 0.0
    for i, v in enumerate(values):
        names = ticks[v]
        label = " = ".join(r"\texttt{%s}" % tex(n) if n in mm else n for n in names)
        out.append(r"\draw[thick] (-0.15,%.3f) -- (%.2f,%.3f);" % (y, W2 + 0.15, y))
        out.append(r"\node[addr] at (-0.2,%.3f) {%#x};" % (y, v))
        out.append(r"\node[note] at (%.2f,%.3f) {%s};" % (W2 + 0.2, y, label))
        if i + 1 == len(values):
            break
        what = BETWEEN.get(names[-1], "")
        gap = values[i + 1] - v
        if what is None or gap > 1 << 30:
            out.append(r"\draw[cellbox,dashed] (0,%.3f) rectangle (%.2f,%.3f);" % (y, W2, y + SEG))
            out.append(r"\node at (%.2f,%.3f) {\textit{free, %s}};" % (W2 / 2, y + SEG / 2, size(gap)))
            y += SEG
            continue
        out.append(r"\draw[cellbox,fill=black!6] (0,%.3f) rectangle (%.2f,%.3f);" % (y, W2, y + SEG))
        out.append(r"\node at (%.2f,%.3f) {%s \textit{(%s)}};" % (W2 / 2, y + SEG / 2, what, size(gap)))
        y += SEG
    out.append(r"\end{tikzpicture}")
    return out


def main():
    vmas, mm, source = read()
    for stem, lines in (("exec-layout", exec_layout(vmas, mm, source)),
                        ("exec-mm-fields", exec_mm_fields(vmas, mm, source))):
        with open(os.path.join(FIG, stem + ".tex"), "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
