#!/usr/bin/python3
"""Draw the stack and address-space figures from the data captured on
weft by figures/capture/run (figures/capture/*.txt).

    figures/capture/draw.py

Writes figures/initial-stack.tex, signal-frame.tex, syscall-frame.tex and
address-space.tex: TikZ pictures (see figures/README.md) of one column of
cells, lower addresses at the bottom, each cell's address on its left and
what it holds on its right, in type large enough to read at page width.
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIGURES = os.path.dirname(HERE)


def tex(s):
    """Escape text for LaTeX (typewriter or roman)."""
    out = []
    for c in s:
        if c in "_#$%&{}":
            out.append("\\" + c)
        elif c == "\\":
            out.append("\\textbackslash{}")
        elif c == "~":
            out.append("\\textasciitilde{}")
        elif c == "^":
            out.append("\\textasciicircum{}")
        elif c == "<":
            out.append("\\textless{}")
        elif c == ">":
            out.append("\\textgreater{}")
        else:
            out.append(c)
    return "".join(out)


def tt(s):
    return "\\texttt{%s}" % tex(s)


class Column:
    """Cells stacked upwards from y = 0.  Each cell: height (in rows), the
    address printed on its left (or None), the text inside it (LaTeX), a
    note on its right (LaTeX), and a fill colour."""

    ROW = 0.42      # cm per row
    BOX = 5.6       # width of the cells, cm

    def __init__(self, box=None):
        self.cells = []
        self.braces = []
        self.marks = []
        if box:
            self.BOX = box

    def cell(self, addr, inside, note="", rows=1.0, fill="white", dashed=False):
        self.cells.append((addr, inside, note, rows, fill, dashed))
        return len(self.cells) - 1

    def brace(self, first, last, text):
        """A brace on the right of cells first..last (indices), with a label."""
        self.braces.append((first, last, text))

    def mark(self, index, text):
        """An arrow from the left pointing at the bottom edge of a cell."""
        self.marks.append((index, text))

    def tikz(self, comment, note_width=5.0):
        y = 0.0
        ys = []
        out = ["% " + line for line in comment.strip().splitlines()]
        out.append("% Written by figures/capture/draw.py: edit that, not this.")
        out.append("\\begin{tikzpicture}[x=1cm,y=1cm,font=\\small,")
        out.append("  cellbox/.style={draw,line width=0.5pt},")
        out.append("  addr/.style={anchor=east,font=\\small\\ttfamily},")
        out.append("  note/.style={anchor=west,align=left,font=\\small}]")
        for addr, inside, note, rows, fill, dashed in self.cells:
            h = rows * self.ROW
            ys.append((y, y + h))
            style = "cellbox,fill=%s%s" % (fill, ",dashed" if dashed else "")
            out.append("\\draw[%s] (0,%.3f) rectangle (%.2f,%.3f);" % (style, y, self.BOX, y + h))
            mid = y + h / 2
            if addr:
                out.append("\\node[addr] at (-0.12,%.3f) {%s};" % (y + min(h, self.ROW) / 2, tex(addr)))
            if inside:
                if "\\hfill" in inside:
                    inside = "\\makebox[%.2fcm]{%s}" % (self.BOX - 0.4, inside)
                out.append("\\node[align=center] at (%.2f,%.3f) {%s};" % (self.BOX / 2, mid, inside))
            if note:
                out.append("\\node[note] at (%.2f,%.3f) {%s};" % (self.BOX + 0.15, mid, note))
            y += h
        bx = self.BOX + note_width + 0.35
        for first, last, text in self.braces:
            y0, y1 = ys[first][0], ys[last][1]
            out.append("\\draw[decorate,decoration={brace,amplitude=4pt}] (%.2f,%.3f) -- (%.2f,%.3f)"
                       " node[midway,right=5pt,align=left] {%s};" % (bx, y1 - 0.03, bx, y0 + 0.03, text))
        for index, text in self.marks:
            y0 = ys[index][0]
            out.append("\\draw[-{Stealth[length=5pt]},line width=0.8pt] (-3.3,%.3f) node[anchor=south west,"
                       "font=\\small\\bfseries,inner sep=1pt] {%s} -- (0,%.3f);" % (y0, text, y0))
        out.append("\\end{tikzpicture}")
        return "\n".join(out) + "\n"


def write(stem, text):
    with open(os.path.join(FIGURES, stem + ".tex"), "w") as f:
        f.write(text)


def lines(name):
    with open(os.path.join(HERE, name)) as f:
        return f.read().splitlines()


# ---------------------------------------------------------------------------
# The initial stack: figures/capture/initial-stack.txt is the loader's
# showstack=1 output for /bin/echo hi.

def initial_stack():
    words = []          # (address, what), upwards from %rsp
    for l in lines("initial-stack.txt"):
        m = re.match(r"stack: strings from (0x\w+), file name at (0x\w+), top (0x\w+)", l)
        if m:
            strings_at, filename_at, top = (int(x, 16) for x in m.groups())
            continue
        m = re.match(r"stack: (0x\w+) (.*)$", l)
        if m:
            words.append((int(m.group(1), 16), m.group(2)))
    aux = {w.split()[0]: int(w.split()[1], 16) for a, w in words if w.startswith("AT_")}
    strs = {}
    c = Column(box=5.0)
    group = []          # AT_ entries whose value is 0 and that share one cell
    first = {}

    def flush():
        if group:
            names = group[0][0] if len(group) == 1 else "%s..%s" % (group[0][0], group[-1][0])
            i = c.cell("0x%x" % group[0][1], "%s\\hfill %s" % (tt(names), tt("0")),
                       "" if len(group) == 1 else
                       "%d pairs, each 0" % len(group),
                       rows=1, fill="black!6")
            first.setdefault("auxv", i)
            first["auxv_end"] = i
            del group[:]

    for addr, w in words:
        m = re.match(r'(argv|envp)\[(\d+)\] (0x\w+) "(.*)"$', w)
        if w.startswith("AT_"):
            name, value = w.split()
            v = int(value, 16)
            if v == 0 and name not in ("AT_NULL", "AT_HWCAP2"):
                group.append((name, addr))
                continue
            flush()
            note = {"AT_RANDOM": "points at the random bytes",
                    "AT_PLATFORM": "points at \\texttt{\"x86\\_64\"}",
                    "AT_EXECFN": "points at the file name",
                    "AT_PHDR": "the program headers", "AT_ENTRY": "the entry point",
                    "AT_NULL": "ends the vector", "AT_HWCAP": "\\texttt{cpuid} leaf 1, \\%edx",
                    "AT_MINSIGSTKSZ": "a signal frame\'s size"}.get(name, "")
            if name in ("AT_PAGESZ", "AT_CLKTCK", "AT_PHNUM"):
                value = "%d" % v
            i = c.cell("0x%x" % addr, "%s\\hfill %s" % (tt(name), tt(value)), note, fill="black!6")
            first.setdefault("auxv", i)
            first["auxv_end"] = i
            continue
        flush()
        if w.startswith("argc"):
            first["argc"] = c.cell("0x%x" % addr, tt("argc = " + w.split()[1]),
                                   "$\\leftarrow$ \\%rsp at the entry point")
        elif m:
            strs[int(m.group(3), 16)] = m.group(4)
            i = c.cell("0x%x" % addr, tt(m.group(3)),
                       "%s[%s] $\\to$ %s" % (m.group(1), m.group(2), tt('"%s"' % m.group(4))))
            first.setdefault(m.group(1), i)
        elif re.match(r"(argv|envp)\[\d+\] NULL", w):
            first[w[:4] + "_end"] = c.cell("0x%x" % addr, tt("0"), w.split()[0] + ": the end")
        elif w.startswith("(padding"):
            pad_at = addr
    flush()
    rand_at, plat_at = aux["AT_RANDOM"], aux["AT_PLATFORM"]
    c.cell("0x%x" % pad_at, "", "%d bytes of padding" % (rand_at - pad_at), dashed=True)
    c.cell("0x%x" % rand_at, "16 random bytes", "for AT\\_RANDOM", fill="black!12")
    c.cell("0x%x" % plat_at, tt('"x86_64"'), "for AT\\_PLATFORM", fill="black!12")
    c.cell("0x%x" % (plat_at + 7), "", "%d bytes: rounding down to 16"
           % (strings_at - plat_at - 7), dashed=True)
    for addr in sorted(strs):
        i = c.cell("0x%x" % addr, tt('"%s"' % strs[addr]), "", fill="black!12")
        first.setdefault("strings", i)
    e = c.cell("0x%x" % filename_at, tt('"/bin/echo"'), "the file name, for AT\\_EXECFN",
               fill="black!12")
    c.cell("0x%x" % (top - 8), tt("0"), "8 zero bytes end the stack")
    c.cell("0x%x" % top, "\\textit{not mapped}", "STACK\\_TOP, the end of user space", dashed=True)
    c.brace(first["argv"], first["argv_end"], "argv")
    c.brace(first["envp"], first["envp_end"], "envp")
    c.brace(first["auxv"], first["auxv_end"], "the auxiliary\\\\vector: %d\\\\(type, value)\\\\pairs"
            % ((aux and len(aux))))
    c.brace(first["strings"], e, "strings that\\\\\\texttt{execve}\\\\copied;\\\\each ends\\\\with a\\\\zero byte")
    write("initial-stack", c.tikz(
        "The initial stack of /bin/echo hi on weft, drawn from the loader\'s\n"
        "showstack=1 output (figures/capture/initial-stack.txt).", note_width=5.0))


# ---------------------------------------------------------------------------
# The signal frame: figures/capture/signal-frame.txt is what sigframe.c's
# handler printed on weft, and nm's line for __restore_rt.

def signal_frame():
    v = {}
    for l in lines("signal-frame.txt"):
        m = re.match(r"sigframe: (\w+) (0x\w+)(?: = (0x\w+))?", l)
        if m:
            v[m.group(1)] = int(m.group(2), 16)
            if m.group(3):
                v[m.group(1) + "_value"] = int(m.group(3), 16)
        m = re.match(r"0*(\w+) t __restore_rt", l)
        if m:
            v["restore_rt"] = int(m.group(1), 16)
    sp, fp, info, uc, pret = v["interrupted_sp"], v["fpstate"], v["info"], v["uc"], v["pretcode"]
    assert v["pretcode_value"] == v["restore_rt"], "pretcode is not __restore_rt"
    c = Column(box=5.4)
    c.cell("", "\\textit{the handler's own frames}", "grow down from here", rows=1.2, dashed=True)
    h = c.cell("0x%x" % pret, "pretcode = %s" % tt("0x%x" % v["pretcode_value"]),
               "$\\leftarrow$ \\%rsp in the handler; its \\texttt{ret}\\\\goes to glibc's \\texttt{\\_\\_restore\\_rt}",
               rows=1.3, fill="black!12")
    u = c.cell("0x%x" % uc, "struct ucontext, %d bytes:\\\\uc\\_flags, uc\\_link, uc\\_stack,\\\\"
               "uc\\_mcontext: the interrupted\\\\registers (rsp = %s,\\\\rip = %s, fpstate, \\dots),\\\\"
               "uc\\_sigmask" % (info - uc, tt("0x%x" % sp), tt("0x%x" % v["rip"])),
               "\\%rdx (third argument)", rows=6.2, fill="black!6")
    i = c.cell("0x%x" % info, "struct siginfo, %d bytes" % (fp - info - 16 if fp - info > 128 else 128),
               "\\%rsi (second argument)", rows=1.6, fill="black!6")
    c.cell("0x%x" % (info + 128), "", "%d bytes: aligning the frame" % (fp - info - 128),
           rows=1.0, dashed=True)
    c.cell("0x%x" % fp, "FXSAVE image, 512 bytes,\\\\aligned to 64",
           "the vector registers;\\\\uc\\_mcontext.fpstate points here", rows=2.6, fill="black!12")
    c.cell("0x%x" % (sp - 128), "red zone, 128 bytes", "the interrupted function's; left alone",
           rows=1.6, dashed=True)
    c.cell("0x%x" % sp, "\\textit{the interrupted program's stack}", "$\\leftarrow$ \\%rsp when the signal came", rows=1.2)
    c.brace(h, i, "struct\\\\rt\\_sigframe,\\\\%d bytes" % (info + 128 - pret))
    write("signal-frame", c.tikz(
        "A signal frame on weft, drawn from what figures/capture/sigframe.c's\n"
        "SA_SIGINFO handler printed (figures/capture/signal-frame.txt).", note_width=5.0))


# ---------------------------------------------------------------------------
# The system-call frame: figures/capture/syscall-frame.txt is gdb's view of
# struct pt_regs at do_syscall_64 for echo's write(1, "hi\n", 3).

PT_REGS = ["r15", "r14", "r13", "r12", "bp", "bx", "r11", "r10", "r9", "r8", "ax", "cx",
           "dx", "si", "di", "vector", "orig_ax", "ip", "cs", "flags", "sp", "ss"]

NOTES = {
    "ss": "\\texttt{\\_\\_USER\\_DS}", "sp": "the user's \\%rsp", "flags": "from \\%r11",
    "cs": "\\texttt{\\_\\_USER\\_CS}", "ip": "from \\%rcx, the return address",
    "orig_ax": "the system call: 1, write", "vector": "$-1$: not an interrupt",
    "di": "first argument: fd 1", "si": "second: the buffer", "dx": "third: 3 bytes", "r15": "$\\leftarrow$ \\%rsp: regs, the argument",
    "cx": "as \\texttt{ip}", "ax": "$-$ENOSYS, until the handler returns",
    "r11": "as \\texttt{flags}", "r10": "fourth argument",
}


def syscall_frame():
    text = "\n".join(lines("syscall-frame.txt"))
    regs = int(re.search(r"\$1 = (0x\w+)", text).group(1), 16)
    fields = dict(re.findall(r"(\w+) = (0x\w+)", re.search(r"\$2 = \{(.*)\}", text).group(1)))
    size = int(re.search(r"\$3 = (0x\w+)", text).group(1), 16)
    assert size == 8 * len(PT_REGS)
    c = Column(box=4.2)
    cells = {}
    for k, name in enumerate(PT_REGS):
        value = fields[name]
        if value == "0xffffffffffffffda":
            value = "-38"
        elif value == "0xffffffffffffffff":
            value = "-1"
        cells[name] = c.cell("0x%x" % (regs + 8 * k), "%s\\hfill %s" % (tt(name), tt(value)),
                             NOTES.get(name, ""), rows=0.95,
                             fill="black!12" if k >= PT_REGS.index("ip") else
                             "black!6" if k >= PT_REGS.index("vector") else "white")
    top = c.cell("0x%x" % (regs + size), "\\textit{not this stack}",
                 "the stack's top, tss.sp0", rows=1.0, dashed=True)
    c.brace(cells["ip"], cells["ss"], "pushed by hand,\\\\as an interrupt\\\\from ring 3\\\\would push them")
    c.brace(cells["vector"], cells["orig_ax"], "the error-code\\\\and vector slots")
    c.brace(cells["r15"], cells["di"], "\\texttt{PUSH\\_AND\\_}\\\\\\texttt{CLEAR\\_REGS}:\\\\the general\\\\registers")
    write("syscall-frame", c.tikz(
        "struct pt_regs on weft's kernel stack, at do_syscall_64 for the write\n"
        "of /bin/echo hi, from gdb (figures/capture/syscall-frame.txt).", note_width=5.0))


# ---------------------------------------------------------------------------
# A whole address space: figures/capture/address-space.txt holds the
# program headers of the book's hello.c (readelf -lW) and the brk, mmap
# and mprotect calls weft traced (strace=1) while it ran.

def address_space():
    loads, relro, v = [], None, {}
    up = lambda x: (x + 0xfff) & ~0xfff
    down = lambda x: x & ~0xfff
    for l in lines("address-space.txt"):
        f = l.split()
        if f[0] == "LOAD":
            vaddr, filesz, memsz = int(f[2], 16), int(f[4], 16), int(f[5], 16)
            flags = "".join(f[6:-1])
            perm = "".join(p if c in flags else "-" for c, p in zip("RWE", "rwx"))
            loads.append((down(vaddr), up(vaddr + memsz), perm, up(vaddr + filesz)))
        elif f[0] == "GNU_RELRO":
            vaddr, memsz = int(f[2], 16), int(f[5], 16)
            relro = (down(vaddr), down(vaddr + memsz))
        m = re.search(r"brk\((0x\w+|0)\) = (0x\w+)", l)
        if m:
            if m.group(1) == "0":
                v.setdefault("start_brk", int(m.group(2), 16))
            v["brk"] = int(m.group(2), 16)
        m = re.search(r"mprotect\((0x\w+), (\d+), 1\) = 0", l)
        if m:
            a = int(m.group(1), 16)
            assert relro == (a, a + int(m.group(2))), "mprotect is not the RELRO range"
        m = re.search(r"mmap\(0, (0x\w+), .*\) = (0x\w+)", l)
        if m:
            v["mmap"] = (int(m.group(2), 16), int(m.group(2), 16) + int(m.group(1), 16))
    c = Column(box=4.4)

    def size(a, b):
        n = b - a
        if n >= 1 << 30:
            return "%d GiB" % (n >> 30)
        if n >= 1 << 20:
            return "%d MiB" % (n >> 20)
        return "%d KiB" % (n >> 10)

    c.cell("0x0", "\\textit{never mapped}", "a null pointer faults here", rows=1.4, dashed=True)
    names = ["ELF header, notes", "code (\\texttt{.text})", "read-only data"]
    for k, (a, b, perm, filed) in enumerate(loads):
        if k == len(loads) - 1 and relro:
            c.cell("0x%x" % relro[0], "%s\\hfill RELRO" % tt("r--"),
                   "%s: data glibc makes read-only" % size(*relro), fill="black!6")
            a = relro[1]
            c.cell("0x%x" % a, "%s\\hfill data" % tt(perm),
                   "%s: \\texttt{.data}, from the file" % size(a, filed), fill="black!6")
            c.cell("0x%x" % filed, "%s\\hfill BSS" % tt(perm),
                   "%s: \\texttt{.bss}, zeroed pages" % size(filed, b),
                   fill="black!6")
            continue
        c.cell("0x%x" % a, "%s\\hfill %s" % (tt(perm), names[k] if k < 3 else "data"),
               "%s of the file" % size(a, b), fill="black!12" if "x" in perm else "black!6")
    brk = v["brk"]
    c.cell("0x%x" % v["start_brk"], "%s\\hfill heap" % tt("rw-"),
           "%s, up to brk; grows up" % size(v["start_brk"], brk),
           fill="black!6")
    c.cell("", "\\textit{free}", "nearly 128 TiB", rows=2.0, dashed=True)
    large, mmap_base = v["mmap"]
    assert mmap_base == 0x7ffff7fff000
    c.cell("0x%x" % large, "%s\\hfill mmap area" % tt("rw-"),
           "%s: malloc(200000)" % size(large, mmap_base), fill="black!6")
    c.cell("0x%x" % mmap_base, "\\textit{gap}", "mmap\\_base: 128 MiB below the top", rows=1.2,
           dashed=True)
    stack_top = 0x7ffffffff000
    c.cell("0x%x" % (stack_top - 132 * 1024), "%s\\hfill stack" % tt("rw-"),
           "132 KiB; grows down", fill="black!6")
    user_end = c.cell("0x%x" % stack_top, "\\textit{never mapped}", "the last page of the user half",
                      dashed=True)
    c.cell("0x800000000000", "\\textit{non-canonical}", "no such addresses: a fault",
           rows=2.0, fill="black!25")
    k0 = c.cell("0xffff800000000000", "\\textit{unused here}", "", rows=1.0, dashed=True)
    c.cell("0xffff888000000000", "direct map", "all of RAM (128 MiB here)", fill="black!6")
    c.cell("0xffff888008000000", "\\textit{unused here}", "", rows=1.2, dashed=True)
    k1 = c.cell("0xffffffff80000000", "kernel image", "text, data, BSS", fill="black!12")
    c.brace(0, user_end, "user half:\\\\this process's\\\\own")
    c.brace(k0, k1, "kernel half:\\\\the same in\\\\every process")
    write("address-space", c.tikz(
        "The address space of the book's hello.c on weft, drawn from its program\n"
        "headers and weft's strace=1 (figures/capture/address-space.txt).", note_width=5.4))


if __name__ == "__main__":
    initial_stack()
    signal_frame()
    syscall_frame()
    address_space()
