#!/usr/bin/python3
"""Draw figures/altstack.tex from figures/capture/altstack.txt, which
figures/capture/run-altstack captured on weft: a stack overflow caught by
a SIGSEGV handler on the alternate stack."""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def values():
    v = {}
    for line in open(os.path.join(HERE, "altstack.txt")):
        m = re.match(r"altstack: (\w+) (.*)$", line.strip())
        if m:
            v[m.group(1)] = m.group(2).split()
    return v


def tt(n):
    return r"\texttt{%#x}" % n


def draw():
    v = values()
    n = {k: int(x[0], 16) for k, x in v.items() if x[0].startswith("0x")}
    size = int(v["ss_sp"][2])
    top = n["ss_sp"] + size
    out = [
        "% A stack overflow caught on the alternate stack, drawn from what",
        "% figures/capture/altstack.c's handler printed on weft",
        "% (figures/capture/altstack.txt).",
        "% Written by figures/capture/draw_altstack.py: edit that, not this.",
        r"\begin{tikzpicture}[x=1cm,y=1cm,font=\small,",
        r"  cellbox/.style={draw,line width=0.5pt},",
        r"  addr/.style={anchor=east,font=\small\ttfamily},",
        r"  raddr/.style={anchor=west,font=\small\ttfamily}]",
    ]

    def box(x, y0, y1, text, fill="white", dashed=False, width=4.4):
        style = "cellbox,fill=%s%s" % (fill, ",dashed" if dashed else "")
        out.append(r"\draw[%s] (%.2f,%.2f) rectangle (%.2f,%.2f);" % (style, x, y0, x + width, y1))
        out.append(r"\node[align=center] at (%.2f,%.2f) {%s};" % (x + width / 2, (y0 + y1) / 2, text))

    # The program's stack, on the left.
    box(0, 0.0, 0.6, r"\textit{no page: the stack's limit}", dashed=True)
    out.append(r"\node[addr] at (-0.1,0.3) {%s};" % ("%#x" % n["si_addr"]))
    box(0, 0.6, 1.3, r"the deepest frame", fill="black!12")
    box(0, 1.3, 4.6, r"\texttt{recurse}'s frames,\\a kilobyte each,\\%d~KiB in all" %
        ((n["main_frame"] - n["rsp"]) >> 10), fill="black!6")
    box(0, 4.6, 5.3, r"\texttt{main}'s frame")
    out.append(r"\node[addr] at (-0.1,4.95) {%s};" % ("%#x" % n["main_frame"]))
    out.append(r"\node[anchor=south] at (2.2,5.4) {the program's stack};")
    out.append(r"\node[anchor=north,align=center] at (2.2,-0.1) "
               r"{si\_addr $=$ \%%rsp $=$ %s:\\SEGV\_MAPERR};" % tt(n["si_addr"]))

    # The alternate stack, on the right.
    x = 6.2
    box(x, 0.0, 1.4, r"\textit{free, down to}\\\textit{ss\_sp} $=$ %s" % tt(n["ss_sp"]), dashed=True)
    box(x, 1.4, 2.0, r"the handler's frames", fill="black!12")
    out.append(r"\node[raddr] at (%.2f,1.7) {%#x};" % (x + 4.5, n["handler_frame"]))
    box(x, 2.0, 2.5, r"pretcode", fill="black!12")
    out.append(r"\node[raddr] at (%.2f,2.25) {%#x};" % (x + 4.5, n["pretcode"]))
    box(x, 2.5, 4.0, r"ucontext: uc\_stack $=$\\\{%s, 0, %d\},\\uc\_mcontext: rsp, rip, \dots" %
        (tt(int(v["uc_stack"][0], 16)), int(v["uc_stack"][2])), fill="black!6")
    out.append(r"\node[raddr] at (%.2f,3.25) {%#x};" % (x + 4.5, n["ucontext"]))
    box(x, 4.0, 4.6, r"siginfo, 128 bytes", fill="black!6")
    out.append(r"\node[raddr] at (%.2f,4.3) {%#x};" % (x + 4.5, n["siginfo"]))
    box(x, 4.6, 5.3, r"FXSAVE image, 512 bytes", fill="black!12")
    out.append(r"\node[raddr] at (%.2f,4.95) {%#x};" % (x + 4.5, n["fpstate"]))
    out.append(r"\node[raddr] at (%.2f,5.3) {%#x};" % (x + 4.5, top))
    out.append(r"\node[anchor=south,align=center] at (%.2f,5.4) "
               r"{the alternate stack,\\%d~KiB of \texttt{.bss}};" % (x + 2.2, size >> 10))
    out.append(r"\draw[-{Stealth},thick] (%.2f,3.0) -- (4.5,0.95);" % (x - 0.1))
    out.append(r"\end{tikzpicture}")
    with open(os.path.join(HERE, "..", "altstack.tex"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    draw()
