#!/usr/bin/python3
"""Weave the chapters of weft into a LaTeX book and an HTML book.

    weave.py --latex build/book chapters/*.nw
    weave.py --html build/book/html chapters/*.nw
    weave.py --check chapters/*.nw          (parse and cross-reference only)

Both outputs come from one model of the book, built from noweb's `markup`
pipeline: chapters made of documentation chunks (LaTeX prose) and code
chunks.  On top of what noweave offers, this weaver knows

  * replacements: a code chunk ended by `@ %replace` starts a new version
    of its chunk; the book shows both versions, each pointing at the other;
  * identifiers: C, assembler and linker-script definitions are found in
    the code itself (plus `@ %def` lines), and every use links to the
    definition C's scopes make it mean (see "Scopes" below): locals and
    fields are no identifiers, statics are seen from their own file only,
    declarations give way to definitions;
  * the book's own prose macros: \\begin{aside}{Title}, \\weftfigure{stem}
    {caption}, \\chunkref{chunk name};
  * chapters by label: \\chapref{files} is "chapter 4", \\Chapref{files}
    "Chapter 4" and \\chapnum{files} "4", from the chapter labelled ch:files
    (a link) or, for a chapter not yet written, from PLAN below.

LaTeX: writes chapters.tex, indexes.tex, plan.tex and chapnums.tex (the
numbers \\chapref prints) into the given
directory, for book/weft.tex to \\input.  Files whose text did not change
keep their timestamps, so latexmk and make see nothing new.

HTML: prose goes through pandoc (one run per chapter) with code chunks,
quoted code and the book's macros replaced by placeholders; the code is
highlighted with pygments and spliced back in with its links.

A malformed chapter (unescaped << in prose, a chunk left open at the end
of a file, a use of a chunk nobody defines, a \\chunkref, \\weftfigure or
\\chapref that names nothing) stops the weave with `file:line: message`.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import sys

from pygments.lexers import (BashLexer, CLexer, GasLexer, MakefileLexer,
                             PythonLexer, TextLexer)
from pygments.token import Token

# Writing only changed files is the tangler's rule too: share its helper.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tangle"))
from tangle import write_if_changed  # noqa: E402

NOWEB_LIB = "/usr/lib/noweb"
BOOK_DIR = os.path.dirname(os.path.abspath(__file__))
FIGURE_SUFFIXES = (".dot", ".svg", ".tex")

# The plan of the book, from docs/DESIGN.md, and the ONE table of chapter
# numbers: (number, key, title, summary) in each part.  The key is the
# chapter's label without its `ch:` (a chapter file starts
# `\chapter{Title}` and `\label{ch:KEY}`); \chapref{KEY}, \Chapref{KEY} and
# \chapnum{KEY} print the chapter's number.  A chapter whose file exists gets
# its number from the file name (chapters/NN-*.nw), which wins over the
# number here; the plan's number serves the chapters not yet written.  The
# table also drives the \part headings and the front matter's plan.
PLAN = [
    ("I", "A machine to stand on", [
        (1, "boot", "Booting", "PVH entry, the trampoline into long mode, serial "
         "console, GDT and IDT, exceptions with a register dump, the memory map."),
        (2, "buddy", "Physical pages: the buddy system", "free_area[MAX_ORDER], "
         "splitting and merging, the kernel's direct map in its own four-level "
         "tables, /proc/buddyinfo."),
        (3, "processes", "Processes and system calls", "ring 3, SYSCALL/SYSRET with "
         "Linux's numbers, task_struct, a preemptive scheduler, signals, fork, exit "
         "and wait, address spaces the simple way, a first program in ring 3."),
        (4, "files", "Files", "an initrd unpacked into tmpfs, path lookup, the page "
         "cache, file descriptors, mounts, pipes, poll and select, the time of day."),
        (5, "programs", "Programs, the console and /proc", "the tty and its line "
         "discipline, syslog, procfs, System V shared memory, the clocks, execve and "
         "the ELF loader, static "
         "binaries built for Linux, a fuzzer and a leak check."),
        (6, "libc", "A C library and the first programs", "start-up, system call "
         "wrappers, stdio, a first malloc, init, a shell and its tools."),
    ]),
    ("II", "How a process uses memory", [
        (7, "vma", "Address spaces: VMAs and the maple tree", "mm_struct, "
         "vm_area_struct, the rbtree-and-list design before Linux 6.1 and the maple "
         "tree after it, find_vma, /proc/PID/maps."),
        (8, "faults", "Page faults and four-level page tables", "from "
         "do_user_addr_fault to do_anonymous_page, the zero page, copy-on-write, "
         "file-backed faults."),
        (9, "address-space", "How a process uses virtual memory", "exec, mmap, "
         "munmap, mprotect, brk, /proc/PID/status, and what top calls VIRT and RES."),
        (10, "stack", "The process stack", "growth on demand (expand_stack, "
         "acct_stack_growth), the guard gap, resource limits and the shell's "
         "ulimit, where mmap starts, SIGSEGV on overflow and sigaltstack."),
        (11, "threads", "Threads and their stacks", "clone, futex, TLS, "
         "pthread_create and allocate_stack: guard page, stack cache, struct "
         "pthread on top."),
        (12, "heap", "The heap: ptmalloc", "arenas, chunks, the bins, the top chunk, "
         "sysmalloc through brk and mmap, the mmap threshold."),
        (13, "slab", "The SLAB allocator", "kmem_cache_create, alloc and free, the "
         "three slab lists, colouring, per-CPU arrays, the reaper, /proc/slabinfo, "
         "slabtop, slub_debug; SLUB beside it as a build option."),
    ]),
    ("III", "Several CPUs (planned)", [
        (None, None, "More CPUs, and why the maple tree is built for lock-free reads",
         "planned for a later edition."),
    ]),
]


def planned_chapters():
    """key -> (number, title) from PLAN, checking that keys and numbers are
    unique (a typo here would give two chapters one number)."""
    out = {}
    numbers = set()
    for _, _, plan in PLAN:
        for n, key, title, _ in plan:
            if key is None:
                continue
            if key in out or n in numbers:
                raise WeaveError("book/weave.py: PLAN has chapter %s (%s) twice" % (n, key))
            out[key] = (n, title)
            numbers.add(n)
    return out


class WeaveError(Exception):
    pass


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------

class Chapter:
    def __init__(self, path, number):
        self.path = path
        self.number = number
        self.title = None
        self.items = []         # Docs and Code, in order
        self.page = "ch%02d.html" % number
        self.codes = []
        self.key = None         # from its \label{ch:KEY}


class Docs:
    def __init__(self, file, line):
        self.file = file
        self.line = line
        self.parts = []         # ("text", s) or ("quote", s)
        self.scope = None       # where its [[quotes]] are read (ProseScope)


class Code:
    def __init__(self, id, file, line):
        self.id = id            # global, dense, in book order
        self.file = file
        self.line = line
        self.name = None
        self.lines = []         # each a list of ("text", s) / ("use", name)
        self.defs = []          # names from `@ %def`
        self.replaces = False
        self.chapter = None
        self.seq = 0            # number within its chapter
        self.version = None     # the Version it belongs to
        self.lang = "c"
        self.defines = []       # identifiers this chunk defines, in order
        self.rendered = None    # highlighted lines (see highlight())
        self.uses = []          # chunk names it uses, in order

    @property
    def num(self):
        return "%d.%d" % (self.chapter.number, self.seq)

    def where(self):
        return "%s:%d" % (self.file, self.line)


class Version:
    """The definitions of a chunk name between two replacements."""

    def __init__(self, name, index):
        self.name = name
        self.index = index
        self.defs = []
        self.replaced_by = None     # the Version that replaces this one
        self.replaces = None        # the Version this one replaces

    @property
    def first(self):
        return self.defs[0]

    def alive(self):
        """Chapters whose builds contain this version: [start, end)."""
        start = self.first.chapter.number
        end = self.replaced_by.first.chapter.number if self.replaced_by else 10 ** 9
        return start, (end if end > start else start + 0.5)


def is_output_file(name):
    """Root chunks that name output files look like paths (as in tangle.py)."""
    return re.fullmatch(r"[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*", name) is not None \
        and ("." in name or "/" in name or name == "Makefile")


# ---------------------------------------------------------------------------
# Reading the chapters
# ---------------------------------------------------------------------------

def run_markup(files):
    # -t: keep the tabs, so that display_lines() sets the indentation.
    proc = subprocess.run([os.path.join(NOWEB_LIB, "markup"), "-t"] + files,
                          capture_output=True, text=True)
    if proc.returncode != 0 or "\n@fatal" in "\n" + proc.stdout:
        raise WeaveError(proc.stderr.strip() or "markup failed on " + " ".join(files))
    return proc.stdout.splitlines()


def chapter_number(path, position):
    m = re.match(r"(\d+)", os.path.basename(path))
    return int(m.group(1)) if m else position


def read_book(files):
    """Parse markup's pipeline into chapters of docs and code chunks."""
    for f in files:
        if not os.path.exists(f):
            raise WeaveError("%s: no such chapter file" % f)
    pipeline = run_markup(files)
    chapters = []
    chapter = None
    item = None
    code_line = None
    quote = None
    line = 1
    next_id = 0
    first_docs_text = False     # waiting for the first text of a docs chunk
    for rec in pipeline:
        kw, _, arg = rec.partition(" ")
        if kw == "@file":
            check_file_end(chapter)
            chapter = Chapter(arg, chapter_number(arg, len(chapters) + 1))
            chapters.append(chapter)
            line = 1
        elif kw in ("@nl",) or rec == "@index nl":
            if isinstance(item, Code):
                if code_line is None:
                    code_line = []          # the header line has ended
                else:
                    check_chunk_reference(item, code_line, line)
                    item.lines.append(code_line)
                    code_line = []
            elif quote is not None:
                quote.append("\n")     # a [[quote]] broken across lines
            elif isinstance(item, Docs):
                item.parts.append(("text", "\n"))
            line += 1
        elif kw == "@begin":
            if arg.startswith("code"):
                item = Code(next_id, chapter.path, line)
                next_id += 1
                item.chapter = chapter
                chapter.codes.append(item)
                item.seq = len(chapter.codes)
                code_line = None
            else:
                item = Docs(chapter.path, line)
                first_docs_text = True
            chapter.items.append(item)
        elif kw == "@end":
            if isinstance(item, Code) and code_line:
                item.lines.append(code_line)
            item = None
        elif kw == "@defn":
            item.name = arg
        elif kw == "@use":
            if isinstance(item, Code):
                code_line.append(("use", arg))
                item.uses.append(arg)
            elif quote is not None:
                quote.append(QUOTED_USE % arg)
        elif kw == "@quote":
            quote = []
        elif kw == "@endquote":
            item.parts.extend(quote_parts("".join(quote)))
            quote = None
        elif kw == "@text":
            if quote is not None:
                quote.append(arg)
            elif isinstance(item, Code):
                code_line.append(("text", arg))
            else:
                if first_docs_text and arg.strip():
                    first_docs_text = False
                    arg = mark_replacement(chapter, arg, line)
                item.parts.append(("text", arg))
        elif rec.startswith("@index defn "):
            if isinstance(item, Code):
                item.defs.append(rec[len("@index defn "):].strip())
    check_file_end(chapter)
    numbers = [ch.number for ch in chapters]
    for ch in chapters:
        if numbers.count(ch.number) > 1:
            raise WeaveError("%s: another chapter file also has number %d"
                             % (ch.path, ch.number))
    return chapters


QUOTED_USE = "\x01%s\x01"


def quote_parts(text):
    """A [[quote]] of prose.  A chunk named in it, [[<<name>>]], is a
    reference to that chunk: it becomes a \\chunkref, so the name is
    printed (and linked) instead of vanishing."""
    parts = []
    for n, piece in enumerate(text.split("\x01")):
        if n % 2:
            parts.append(("text", "\\chunkref{%s}" % piece))
        elif piece.strip() or n == 0 and "\x01" not in text:
            parts.append(("quote", piece))
    return parts


def check_chunk_reference(code, pieces, line):
    """markup leaves a `<<name` with no `>>` as plain code text; C's shift
    operator never starts a line, so a line that does is a broken use."""
    stripped = "".join(s for k, s in pieces if k == "text").lstrip()
    if stripped.startswith("<<") and ">>" not in stripped:
        raise WeaveError("%s:%d: unterminated chunk use '%s' in <<%s>>"
                         % (code.file, line, stripped.strip(), code.name))


def mark_replacement(chapter, text, line):
    """`@ %replace` ends a code chunk; markup hands us the `%replace` as the
    first text of the following docs chunk."""
    words = text.split(None, 1)
    if words and words[0] == "%replace":
        prev = chapter.items[-2] if len(chapter.items) >= 2 else None
        if not isinstance(prev, Code):
            raise WeaveError("%s:%d: '@ %%replace' does not follow a code chunk"
                             % (chapter.path, line))
        prev.replaces = True
        return text[text.index("%replace") + len("%replace"):]
    return text


def check_file_end(chapter):
    """noweb closes a code chunk at the end of a file silently; in this book
    that always means a forgotten `@`."""
    if chapter and chapter.items and isinstance(chapter.items[-1], Code):
        c = chapter.items[-1]
        raise WeaveError("%s:%d: the file ends inside code chunk <<%s>> (missing '@')"
                         % (c.file, c.line, c.name))


def docs_text(docs):
    return "".join(s for k, s in docs.parts if k == "text")


def find_chapter_titles(chapters):
    for ch in chapters:
        for item in ch.items:
            if isinstance(item, Docs):
                m = re.search(r"\\chapter\*?\s*\{", docs_text(item))
                if m:
                    ch.title = balanced(docs_text(item), m.end() - 1)[0]
                    break
        if ch.title is None:
            # A fixture without a \chapter: give it one, named after the file.
            stem = re.sub(r"^\d+-", "", os.path.splitext(os.path.basename(ch.path))[0])
            ch.title = stem.replace("-", " ").capitalize()
            d = Docs(ch.path, 1)
            d.parts.append(("text", "\\chapter{%s}\n" % ch.title))
            ch.items.insert(0, d)
            print("weave: %s: no \\chapter{...}; calling it \"%s\"" % (ch.path, ch.title),
                  file=sys.stderr)


CHAPTER_LABEL_RE = re.compile(r"\\label\{ch:([^{}\s]+)\}")


def find_chapter_keys(chapters):
    """key -> Chapter, from the first \\label{ch:KEY} of each chapter."""
    keys = {}
    for ch in chapters:
        for item in ch.items:
            m = CHAPTER_LABEL_RE.search(docs_text(item)) if isinstance(item, Docs) else None
            if m:
                ch.key = m.group(1)
                if ch.key in keys:
                    raise WeaveError("%s:%d: \\label{ch:%s}: %s has that label too" % (
                        ch.path, line_of(item, docs_text(item), m.start()), ch.key,
                        keys[ch.key].path))
                keys[ch.key] = ch
                break
    return keys


def balanced(text, open_pos):
    """Return (content, end) of the brace group starting at text[open_pos]."""
    depth = 0
    for i in range(open_pos, len(text)):
        if text[i] == "{" and text[i - 1:i] != "\\":
            depth += 1
        elif text[i] == "}" and text[i - 1:i] != "\\":
            depth -= 1
            if depth == 0:
                return text[open_pos + 1:i], i + 1
    raise WeaveError("unbalanced braces")


# ---------------------------------------------------------------------------
# Chunks: versions, uses, languages
# ---------------------------------------------------------------------------

class Book:
    def __init__(self, chapters, figures_dir):
        self.chapters = chapters
        self.figures_dir = figures_dir
        self.codes = [c for ch in chapters for c in ch.codes]
        self.versions = {}          # name -> [Version]
        self.idents = {}            # name -> [Code] defining it
        self.ident_users = {}       # name -> [Code] using it
        self.ident_ids = {}         # name -> small integer for labels
        self.warned = set()         # \chapref keys whose plan is out of date
        find_chapter_titles(chapters)
        self.planned = planned_chapters()
        self.keys = find_chapter_keys(chapters)
        self.build_versions()
        self.check_uses()
        self.assign_languages()
        assign_files(self)
        assign_contexts(self)
        for c in self.codes:
            find_definitions(c)
        place_listed_definitions(self)
        assign_shadows(self)
        collect_definitions(self)
        assign_prose_scopes(self)
        self.collect_idents()
        for c in self.codes:
            highlight(self, c)

    def build_versions(self):
        for c in self.codes:
            vs = self.versions.setdefault(c.name, [])
            if c.replaces:
                if not vs:
                    raise WeaveError("%s: chunk <<%s>> is marked %%replace but has no "
                                     "earlier definition to replace" % (c.where(), c.name))
                v = Version(c.name, len(vs))
                v.replaces = vs[-1]
                vs[-1].replaced_by = v
                vs.append(v)
            elif not vs:
                vs.append(Version(c.name, 0))
            vs[-1].defs.append(c)
            c.version = vs[-1]

    def check_uses(self):
        for c in self.codes:
            for name in c.uses:
                if name not in self.versions:
                    raise WeaveError("%s: chunk <<%s>> uses <<%s>>, which no chapter defines"
                                     % (c.where(), c.name, name))

    def target(self, name, user_chapter):
        """The definition a use of `name` from chapter `user_chapter` links to:
        the newest version a reader of that chapter has met, or the first."""
        vs = self.versions[name]
        met = [v for v in vs if v.first.chapter.number <= user_chapter]
        return (met[-1] if met else vs[0]).first

    def users(self, version):
        """Definitions using this version's name while this version is the
        one in the build (their lifetimes overlap, chapter-wise)."""
        start, end = version.alive()
        out = []
        for c in self.codes:
            if version.name in c.uses and c not in out:
                cs, ce = c.version.alive()
                if cs < end and start < ce:
                    out.append(c)
        return out

    def assign_languages(self):
        """A chunk is in the language of the output file it ends up in: walk
        from every root; otherwise use the `file.c: ...` prefix convention."""
        graph = {}
        for c in self.codes:
            graph.setdefault(c.name, set()).update(c.uses)
        lang_of_name = {}
        for root in graph:
            if not is_output_file(root):
                continue
            lang = language_for(root)
            if lang == "c" and self.is_assembler_header(root):
                lang = "asm"
            stack = [root]
            while stack:
                n = stack.pop()
                if n in lang_of_name:
                    continue
                lang_of_name[n] = lang
                stack.extend(graph.get(n, ()))
        for c in self.codes:
            if c.name in lang_of_name:
                c.lang = lang_of_name[c.name]
            else:
                m = re.match(r"([\w.+/-]+):", c.name)
                c.lang = language_for(m.group(1)) if m else "c"

    def is_assembler_header(self, root):
        """A header of assembler macros (Linux's entry/calling.h), included
        only by .S files: its own chunks define a .macro."""
        return any(ln and ln[0][0] == "text" and re.match(r"\s*\.macro\b", ln[0][1])
                   for c in self.codes if c.name == root
                   for ln in c.lines)

    def collect_idents(self):
        for c in self.codes:
            for name in c.defines:
                defs = self.idents.setdefault(name, [])
                if c not in defs:
                    defs.append(c)
        for i, name in enumerate(sorted(self.idents, key=sort_key)):
            self.ident_ids[name] = i

    def chapter(self, macro, key, where):
        """(number, Chapter or None) of the chapter \\chapref{key} names:
        the chapter labelled ch:key if it is in the book, else the plan's."""
        if key in self.keys:
            ch = self.keys[key]
            return ch.number, ch
        if key not in self.planned:
            raise WeaveError("%s: \\%s{%s}: no chapter is labelled ch:%s and PLAN in "
                             "book/weave.py has no chapter %s" % (where, macro, key, key, key))
        n, _ = self.planned[key]
        other = [ch for ch in self.chapters if ch.number == n and ch.key]
        if other and key not in self.warned:
            self.warned.add(key)
            print("weave: %s: \\%s{%s}: PLAN says chapter %d, but %s (ch:%s) is chapter "
                  "%d now; update PLAN in book/weave.py" % (
                      where, macro, key, n, other[0].path, other[0].key, n), file=sys.stderr)
        return n, None

    def figure_source(self, stem):
        found = [stem + s for s in FIGURE_SUFFIXES
                 if os.path.exists(os.path.join(self.figures_dir, stem + s))]
        return found


def sort_key(name):
    return (name.lstrip("_").lower(), name)


def language_for(path):
    base = os.path.basename(path)
    ext = os.path.splitext(base)[1]
    if ext in (".c", ".h"):
        return "c"
    if ext in (".S", ".s", ".asm"):
        return "asm"
    if ext in (".ld", ".lds"):
        return "ld"
    if base in ("Makefile", "GNUmakefile") or ext == ".mk":
        return "make"
    if ext == ".sh" or base.startswith("boot-with"):
        return "sh"
    if ext == ".py":
        return "py"
    return "text"


# ---------------------------------------------------------------------------
# Finding identifier definitions
# ---------------------------------------------------------------------------

C_KEYWORDS = set("""auto break case char const continue default do double else enum
extern float for goto if inline int long register restrict return short signed sizeof
static struct switch typedef union unsigned void volatile while _Bool asm __asm__
typeof __typeof__ __attribute__ _Static_assert static_assert""".split())

FUNC_RE = re.compile(r"^(?:[A-Za-z_][^;=()]*?[\s*])?([A-Za-z_]\w*)\s*\(")
VAR_RE = re.compile(r"^[A-Za-z_][\w \t*]*?[ \t*]\**([A-Za-z_]\w*)\s*"
                    r"(?:\[[^\]]*\]\s*)*(?:=|;|,|__attribute__|__aligned|__section|__used)")
TAG_RE = re.compile(r"^(?:typedef\s+)?(?:struct|union|enum)\s+([A-Za-z_]\w*)\s*\{?\s*$")
ENUM_CONST_RE = re.compile(r"^\s+([A-Za-z_]\w*)\s*(?:=[^,]*)?,?\s*(?:/\*.*)?$")


def code_text_lines(code):
    """The chunk's lines as plain text, each use replaced by a blank."""
    return ["".join(s if k == "text" else "" for k, s in ln) for ln in code.lines]


def strip_c_noise(line, in_comment):
    """Remove comments and string/char literals, so braces count right."""
    out = []
    i = 0
    while i < len(line):
        if in_comment:
            j = line.find("*/", i)
            if j < 0:
                return "".join(out), True
            i = j + 2
            in_comment = False
        elif line.startswith("/*", i):
            in_comment = True
            i += 2
        elif line.startswith("//", i):
            break
        elif line[i] in "\"'":
            q = line[i]
            i += 1
            while i < len(line) and line[i] != q:
                i += 2 if line[i] == "\\" else 1
            i += 1
            out.append(q + q)
        else:
            out.append(line[i])
            i += 1
    return "".join(out), in_comment


def is_include_guard(name):
    """_ASM_DESC_H and friends: defined in every header, linked from nowhere."""
    return re.fullmatch(r"_*[A-Z0-9_]+_H_*", name) is not None


def find_c_definitions(lines):
    names = []
    depth = 0
    in_comment = False
    typedef_block = False
    enum_block = False
    clean = []
    for raw in lines:
        text, in_comment = strip_c_noise(raw, in_comment)
        clean.append(text)
    for i, text in enumerate(clean):
        m = re.match(r"^\s*#\s*define\s+([A-Za-z_]\w*)", text)
        if m:
            if not is_include_guard(m.group(1)):
                names.append(m.group(1))
        elif depth == 0 and text[:1] not in ("", " ", "\t", "#", "}", "{"):
            names.extend(c_line_definitions(text, clean, i))
            if text.startswith("typedef") and "{" in text:
                typedef_block = True
            if re.match(r"^(?:typedef\s+)?enum\b", text):
                enum_block = "{" in text or (i + 1 < len(clean) and clean[i + 1].startswith("{"))
        elif depth == 1 and enum_block:
            m = ENUM_CONST_RE.match(text)
            if m:
                names.append(m.group(1))
        depth += text.count("{") - text.count("}")
        if depth <= 0:
            depth = 0
            if typedef_block and text.startswith("}"):
                m = re.match(r"^}\s*([A-Za-z_]\w*(?:\s*,\s*\**[A-Za-z_]\w*)*)\s*;", text)
                if m:
                    names.extend(n.strip(" *") for n in m.group(1).split(","))
                typedef_block = False
            if text.startswith("}"):
                enum_block = False
    return names


def c_line_definitions(text, clean, i):
    """Definitions on a line at column 0 and file scope."""
    m = TAG_RE.match(text)
    if m:
        if "{" in text or (i + 1 < len(clean) and clean[i + 1].startswith("{")):
            return [m.group(1)]
        return []
    if text.startswith("typedef"):
        if ";" in text and "{" not in text:
            m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(", text) or \
                re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*;", text)
            return [m.group(1)] if m else []
        return []
    first = re.match(r"[A-Za-z_]\w*", text).group(0)
    if first in ("return", "goto", "extern", "else", "case", "default", "if", "while",
                 "for", "switch", "do", "asm", "__asm__"):
        return []
    m = re.match(r"^SYSCALL_DEFINE\d\(\s*(\w+)", text)
    if m:
        return ["sys_" + m.group(1)]
    line = strip_attributes(text)
    m = FUNC_RE.match(line)
    if m and m.group(1) not in C_KEYWORDS and is_function_definition(clean, i):
        return [m.group(1)]
    m = VAR_RE.match(line)
    if m and m.group(1) not in C_KEYWORDS and "(" not in line[:m.start(1)]:
        return [m.group(1)]
    return []


def strip_attributes(text):
    """Drop __attribute__((...)), whose parentheses would look like a call."""
    while True:
        m = re.search(r"__attribute__\s*\(", text)
        if not m:
            return text
        depth, i = 0, m.end() - 1
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
            if depth == 0:
                break
        text = text[:m.start()] + text[i:]


def is_function_definition(clean, i):
    """After the parameter list closes, a `{` means a definition, `;` a prototype."""
    depth = 0
    seen = False
    for text in clean[i:i + 12]:
        for ch in text:
            if ch == "(":
                depth += 1
                seen = True
            elif ch == ")":
                depth -= 1
            elif seen and depth == 0:
                if ch == "{":
                    return True
                if ch in ";=,":
                    return False
    return False


def find_asm_definitions(lines):
    names = []
    globals_ = set()
    for text in lines:
        m = re.match(r"^\s*\.globa?l\s+([\w.$]+(?:\s*,\s*[\w.$]+)*)", text)
        if m:
            globals_.update(n.strip() for n in m.group(1).split(","))
    for text in lines:
        m = re.match(r"^(?:ENTRY|GLOBAL|SYM_\w*START\w*|SYM_DATA\w*)\(\s*([\w.$]+)", text) or \
            re.match(r"^\s*#\s*define\s+([A-Za-z_]\w*)", text) or \
            re.match(r"^\.macro\s+([A-Za-z_]\w*)", text)
        if m:
            if not is_include_guard(m.group(1)):
                names.append(m.group(1))
            continue
        # Labels and .set symbols are local unless .globl makes them global
        # (a .set counter in a .rept loop is no definition worth a link).
        m = re.match(r"^([A-Za-z_.$][\w.$]*):", text) or \
            re.match(r"^\s*\.(?:set|equ)\s+([A-Za-z_]\w*)\s*,", text)
        if m and m.group(1) in globals_:
            names.append(m.group(1))
    return names


def find_ld_definitions(lines):
    names = []
    for text in lines:
        m = re.match(r"^\s*(?:PROVIDE(?:_HIDDEN)?\s*\(\s*)?([A-Za-z_]\w*)\s*=[^=]", text)
        if m:
            names.append(m.group(1))
    return names


def find_definitions(code):
    lines = code_text_lines(code)
    finder = {"c": find_c_definitions, "asm": find_asm_definitions,
              "ld": find_ld_definitions}.get(code.lang)
    if code.lang == "c" and code.context:
        found = block_definitions(lines, code.context)
    else:
        found = finder(lines) if finder else []
    for name in found:
        if name not in code.defines:
            code.defines.append(name)


def place_listed_definitions(book):
    """`@ %def name` lists what a chunk defines, but after a continuation
    or a chunk that uses others it may name what a neighbour writes: the
    definition belongs to the nearest chunk of the same file and chapter
    that writes the name, unless one already defines it."""
    by_file = {}
    for c in book.codes:
        for f in c.files:
            by_file.setdefault(f, []).append(c)
    for code in book.codes:
        if not code.defs:
            continue
        near = sorted({c.id: c for f in code.files for c in by_file[f]
                       if c.chapter is code.chapter}.values(),
                      key=lambda c: (abs(c.id - code.id), c.id))
        for name in code.defs:
            owner = listed_owner(code, name, near)
            if owner and name not in owner.defines:
                owner.defines.append(name)


def listed_owner(code, name, near):
    word = re.compile(r"(?<![\w$])%s(?!\w)" % re.escape(name))
    syscall = name.startswith("sys_") and re.compile(
        r"SYSCALL_DEFINE\d\(\s*%s\b" % re.escape(name[4:]))

    def written_in(c):
        return any(word.search(ln) or (syscall and syscall.search(ln))
                   for ln in (clean_lines(c) if c.lang == "c" else code_text_lines(c)))
    if any(name in c.defines for c in near):
        return None
    for c in near:
        if written_in(c):
            return c
    return code


# ---------------------------------------------------------------------------
# Scopes: which definition a name refers to
# ---------------------------------------------------------------------------
#
# A link goes where the compiler would go.  A local variable or parameter is
# no identifier of the book: its declaration is a few lines up in the same
# function, and the `buf` of the next function is another variable.  A
# static, and a macro, type or enum constant of a .c file, is seen from that
# file only; the rest (what a header defines, non-static functions and
# variables, .globl symbols, linker-script symbols) from every file of the
# same program: the kernel, or libc together with a program that links it.
# A use goes to a definition before a declaration (`struct page;`, a
# prototype), and to its own file's before another file's.

OUTER = -1                  # the function a chunk used inside a function is part of


class Def:
    """One definition (or declaration) of a name by a chunk."""

    def __init__(self, code, ns, kind, linkage):
        self.code = code
        self.ns = ns            # "tag" for struct/union/enum tags, else "ord"
        self.kind = kind        # "def", or "decl" for `struct x;` and prototypes
        self.linkage = linkage  # "file" (seen from its own file) or "program"


def assign_files(book):
    """code.files: the output files a chunk is tangled into (its own name
    for a chunk no root reaches)."""
    graph = {}
    for c in book.codes:
        graph.setdefault(c.name, set()).update(c.uses)
    files = {}
    for root in graph:
        if not is_output_file(root):
            continue
        stack, seen = [root], set()
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                files.setdefault(n, set()).add(root)
                stack.extend(graph.get(n, ()))
    for c in book.codes:
        c.files = frozenset(files.get(c.name) or {c.name})


def program_of(path):
    """Files of one program see each other's global names."""
    top = path.split("/", 1)[0]
    return top if top in ("kernel", "libc") else path


def file_sees(user_file, def_file, linkage):
    if user_file == def_file:
        return True
    if linkage == "file":
        return False
    theirs = program_of(def_file)
    return program_of(user_file) == theirs or \
        (theirs == "libc" and user_file.startswith("user/"))


def is_header_chunk(code):
    return all(f.endswith(".h") for f in code.files)


def block_kind(stmt, stack):
    """What a `{` opens, from the statement before it."""
    stmt = strip_attributes(stmt)
    if re.search(r"=\s*$", stmt):
        return "init"
    if "(" not in stmt and re.search(r"\benum\b", stmt):
        return "enum"
    if "(" not in stmt and re.search(r"\b(?:struct|union)\b", stmt):
        return "struct"
    if not stack and ")" in stmt:
        return "func"
    return "block"


def in_function(stack):
    return any(k == "func" for k, _ in stack)


class CWalk:
    """A C chunk read with the blocks open at each point: `context` is the
    stack of block kinds its use sits in (empty at file scope)."""

    def __init__(self, code, context):
        self.line_stacks = []       # the stack at the start of each line
        self.uses = []              # (chunk name, stack at the use)
        self.locals = {}            # region -> names declared in that function
        self.header_lines = {}      # line -> region, for a function's header
        stack = [(k, OUTER) for k in context]
        stmt, stmt_line = [], None
        in_comment = cpp = False
        regions = 0
        for i, ln in enumerate(code.lines):
            self.line_stacks.append(tuple(stack))
            first = "".join(s for k, s in ln if k == "text")
            cpp = cpp or re.match(r"\s*#", first) is not None
            for kind, s in ln:
                if kind == "use":
                    self.uses.append((s, tuple(stack)))
                    continue
                text, in_comment = strip_c_noise(s, in_comment)
                if cpp:
                    continue
                for ch in text:
                    if ch == "{":
                        st = "".join(stmt)
                        k = block_kind(st, stack)
                        if k == "func":
                            rid = regions
                            regions += 1
                            self.locals[rid] = set(parameter_names(st))
                            for j in range(stmt_line if stmt_line is not None else i, i + 1):
                                self.header_lines[j] = rid
                        else:
                            rid = stack[-1][1] if stack else None
                        stack.append((k, rid))
                        stmt, stmt_line = [], None
                    elif ch in "};":
                        if ch == "}" and stack:
                            stack.pop()
                        elif ch == ";" and in_function(stack):
                            self.locals.setdefault(stack[-1][1], set()).update(
                                local_names("".join(stmt)))
                        stmt, stmt_line = [], None
                    else:
                        if stmt_line is None and not ch.isspace():
                            stmt_line = i
                        stmt.append(ch)
            stmt.append(" ")
            cpp = cpp and first.rstrip().endswith("\\")


NOT_A_TYPE = set("return goto case else do sizeof if while for switch break continue "
                 "default typeof __typeof__ asm __asm__".split())
LOCAL_RE = re.compile(r"^\s*(?:(?:const|static|volatile|register|unsigned|signed|long|short|"
                      r"struct|union|enum)\s+)*([A-Za-z_]\w*)[\s*]+(?:const\s+)?\**\s*"
                      r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:=|,|$)")


def top_level_split(text, sep=","):
    out, depth, cur = [], 0, []
    for ch in text:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if ch == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def local_names(stmt):
    """Names a statement inside a function declares: `struct page *page =
    ...`, `int i, n;`, `for (int i = 0`."""
    m = re.match(r"^\s*for\s*\((.*)", stmt, re.S)
    if m:
        stmt = m.group(1)
    m = LOCAL_RE.match(stmt)
    if not m or m.group(1) in NOT_A_TYPE or m.group(2) in C_KEYWORDS:
        return []
    names = [m.group(2)]
    for more in top_level_split(stmt[m.end(2):])[1:]:
        m = re.match(r"\s*\**\s*([A-Za-z_]\w*)\s*(?:\[|=|$)", more)
        if m:
            names.append(m.group(1))
    return names


def parameter_names(header):
    """The parameters of a function whose header is `header`."""
    header = strip_attributes(header)
    m = re.search(r"\bSYSCALL_DEFINE\d\s*\((.*)\)", header, re.S)
    if m:
        return [p.strip() for p in top_level_split(m.group(1))[2::2]]
    start = header.find("(")
    if start < 0:
        return []
    depth = 0
    for end in range(start, len(header)):
        depth += {"(": 1, ")": -1}.get(header[end], 0)
        if depth == 0:
            break
    names = []
    for p in top_level_split(header[start + 1:end]):
        m = re.search(r"\(\s*\*\s*([A-Za-z_]\w*)\s*\)", p) or \
            re.search(r"([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$", p)
        if m and len(re.findall(r"[A-Za-z_]\w*", p)) > 1 and m.group(1) not in C_KEYWORDS:
            names.append(m.group(1))
    return names


def assign_contexts(book):
    """code.context: the block kinds a chunk's text lands in, from the
    roots down (a chunk used inside a function holds statements, one used
    inside a struct holds fields, and neither defines anything but
    macros); code.walk: the chunk read in that context."""
    by_name = {}
    for c in book.codes:
        by_name.setdefault(c.name, []).append(c)
    context = {name: () for name in by_name if is_output_file(name)}
    queue = list(context)
    while queue:
        name = queue.pop()
        for c in by_name.get(name, ()):
            if c.lang != "c":
                continue
            for used, stack in CWalk(c, context[name]).uses:
                kinds = tuple(k for k, _ in stack)
                if used not in context or (context[used] and not kinds):
                    context[used] = kinds
                    queue.append(used)
    for c in book.codes:
        c.context = context.get(c.name, ())
        c.walk = CWalk(c, c.context) if c.lang == "c" else None


def assign_shadows(book):
    """code.shadow[i]: the names line i of a chunk declares or inherits as
    locals and parameters; there they are not the book's identifiers."""
    by_name = {}
    users = {}
    for c in book.codes:
        by_name.setdefault(c.name, []).append(c)
        if c.walk:
            for used, stack in c.walk.uses:
                if in_function(stack):
                    users.setdefault(used, []).append((c, stack[-1][1]))
    up_memo, down_memo = {}, {}

    def region(c, rid):
        names = set(c.walk.locals.get(rid, ()))
        for used, stack in c.walk.uses:
            if in_function(stack) and stack[-1][1] == rid:
                names |= up(used)
        return names

    def up(name):
        """Locals declared by a chunk used inside a function, and by the
        chunks it uses: they belong to that function."""
        if name not in up_memo:
            up_memo[name] = set()
            up_memo[name] = set().union(*[region(c, OUTER) for c in by_name.get(name, ())
                                          if c.walk])
        return up_memo[name]

    def down(name):
        """Locals of the functions a chunk is used inside."""
        if name not in down_memo:
            down_memo[name] = set()
            out = set()
            for p, rid in users.get(name, ()):
                out |= (up(p.name) | down(p.name)) if rid == OUTER else region(p, rid)
            down_memo[name] = out
        return down_memo[name]

    for c in book.codes:
        c.shadow = []
        if not c.walk:
            continue
        cache = {}
        for i, stack in enumerate(c.walk.line_stacks):
            rid = stack[-1][1] if in_function(stack) else c.walk.header_lines.get(i)
            if rid is None:
                c.shadow.append(frozenset())
                continue
            if rid not in cache:
                cache[rid] = frozenset((up(c.name) | down(c.name)) if rid == OUTER
                                       else region(c, rid))
            c.shadow.append(cache[rid])


def block_definitions(lines, context):
    """Definitions of a chunk used inside a block: the constants of an enum
    whose body it is, and macros; anything else there is a local or a field."""
    names = []
    depth = 0
    in_comment = False
    for raw in lines:
        text, in_comment = strip_c_noise(raw, in_comment)
        m = re.match(r"^\s*#\s*define\s+([A-Za-z_]\w*)", text)
        if m:
            names.append(m.group(1))
        elif depth == 0 and context == ("enum",):
            m = ENUM_CONST_RE.match(text) or re.match(r"^([A-Za-z_]\w*)\s*(?:=[^,]*)?,?\s*$",
                                                      text)
            if m:
                names.append(m.group(1))
        depth = max(0, depth + text.count("{") - text.count("}"))
    return names


def clean_lines(code):
    """The chunk's lines without comments and literals (computed once)."""
    if getattr(code, "clean", None) is None:
        code.clean, in_comment = [], False
        for raw in code_text_lines(code):
            text, in_comment = strip_c_noise(raw, in_comment)
            code.clean.append(text)
    return code.clean


def classify_definitions(code, name):
    """How this chunk defines `name`: [(ns, kind, linkage)], its
    declarations first if it declares the name before defining it."""
    program = "program" if is_header_chunk(code) else None
    clean = clean_lines(code)
    esc_name = re.escape(name)
    macro = re.compile(r"^\s*(?:#\s*define|\.macro)\s+%s\b" % esc_name)
    if code.lang != "c" or code.context:
        local = code.lang != "ld" and any(macro.match(t) for t in clean)
        return [("ord", "def", program or ("file" if local or code.context else "program"))]
    word = re.compile(r"(?<![\w.>])%s\b" % esc_name)
    out = []
    depth = 0
    enum_block = False
    for i, text in enumerate(clean):
        at = depth
        depth = max(0, depth + text.count("{") - text.count("}"))
        if at == 0:
            enum_block = re.match(r"^(?:typedef\s+)?enum\b", text) is not None
        found = c_definition_kind(name, text, clean, i, at, depth, enum_block, word, macro)
        if found:
            ns, kind, static = found
            out.append((ns, kind, program or ("file" if static else "program")))
            if kind == "def":
                break
    return out or [("ord", "def", program or "program")]


def c_definition_kind(name, text, clean, i, at, depth, enum_block, word, macro):
    """(ns, kind, seen from its file only) if line i of a C chunk defines
    or declares `name`, else None."""
    if macro.match(text):
        return "ord", "def", True
    if not word.search(text):
        return None
    if at == 1 and depth == 0 and text.startswith("}"):
        return "ord", "def", True                   # } name; of a typedef
    if at > 0:
        m = ENUM_CONST_RE.match(text)
        return ("ord", "def", True) if enum_block and m and m.group(1) == name else None
    line = strip_attributes(text)
    static = re.match(r"^(?:\w+\s+)*static\b", line) is not None or \
        (i > 0 and clean[i - 1].startswith("static"))
    tag = re.match(r"^(?:typedef\s+)?(?:struct|union|enum)\s+%s\b\s*(;?)" % re.escape(name),
                   text)
    if tag and tag.group(1):
        return "tag", "decl", False
    m = TAG_RE.match(text)
    if tag and m and m.group(1) == name:
        return "tag", "def", False      # an opaque type's one definition
    if text.startswith("typedef") or enum_block:
        return "ord", "def", True
    m = re.match(r"^SYSCALL_DEFINE\d\(\s*(\w+)", text)
    if m and "sys_" + m.group(1) == name:
        return "ord", "def", False
    m = FUNC_RE.match(line)
    if m and m.group(1) == name:
        return "ord", ("def" if is_function_definition(clean, i) else "decl"), static
    if text.startswith("extern"):
        return "ord", "decl", False
    m = VAR_RE.match(line)
    if m and m.group(1) == name:
        return "ord", "def", static
    return None


def collect_definitions(book):
    """book.defs: name -> [Def]; each chunk's `defines` loses a name it only
    declares when a definition exists: there the name links to it."""
    book.defs = {}
    for c in book.codes:
        for name in c.defines:
            for ns, kind, linkage in classify_definitions(c, name):
                book.defs.setdefault(name, []).append(Def(c, ns, kind, linkage))
    for name, defs in book.defs.items():
        for d in defs:
            # only a definition the declaring file can see replaces it: libc's
            # `struct rusage;` stays the target of libc's uses although the
            # kernel defines its own struct rusage
            seen = any(e.kind == "def" and e.ns == d.ns and (
                e.code.files & d.code.files or
                any(file_sees(u, f, e.linkage) for u in d.code.files for f in e.code.files))
                for e in defs)
            if d.kind == "decl" and seen and \
                    not any(e.code is d.code and e.kind == "def" for e in defs):
                if name in d.code.defines:
                    d.code.defines.remove(name)


def resolve(book, name, ns, user, files, shadow=()):
    """The chunk a use of `name` in namespace `ns`, from a chunk or prose
    tangled into `files`, links to; None if it names nothing of the book."""
    if ns == "ord" and name in shadow:
        return None
    tiers = ([], [], [], [])
    for d in book.defs.get(name, ()):
        if d.ns != ns:
            continue
        same = bool(d.code.files & files)
        if not same and not any(file_sees(u, f, d.linkage)
                                for u in files for f in d.code.files):
            continue
        tiers[(0 if d.kind == "def" else 2) + (0 if same else 1)].append(d.code)
    for tier in tiers:
        if tier:
            met = [c for c in tier if c.chapter.number <= user.chapter.number]
            return met[-1] if met else tier[0]
    return None


class ProseScope:
    """Where a docs chunk's [[quotes]] are read: in the files of the code
    chunks around it, then in those of its section, in its chapter."""

    def __init__(self, files, section_files, chapter):
        self.files = files
        self.section_files = section_files
        self.chapter = chapter


def assign_prose_scopes(book):
    for ch in book.chapters:
        sections, n = [], 0
        for item in ch.items:
            if isinstance(item, Docs) and re.search(r"\\section\*?\s*[\[{]", docs_text(item)):
                n += 1
            sections.append(n)
        section_files = {}
        for item, sec in zip(ch.items, sections):
            if isinstance(item, Code):
                section_files[sec] = section_files.get(sec, frozenset()) | item.files
        for k, item in enumerate(ch.items):
            if isinstance(item, Docs):
                near = [c for c in ch.items[max(k - 1, 0):k] + ch.items[k + 1:k + 2]
                        if isinstance(c, Code)]
                item.scope = ProseScope(frozenset().union(*[c.files for c in near]),
                                        section_files.get(sections[k], frozenset()), ch)


COMMAND_QUOTE_RE = re.compile(r"^\s*(?:make|gcc|musl-gcc|qemu\S*|tests/|\./|cd|cc)\b")
FILE_QUOTE_RE = re.compile(r"^[\w./-]+\.(?:c|h|S|s|nw|ld|lds|mk|sh|py|txt|o|cpio|checks)$")


def quote_links(book, text, scope):
    """[[quote]] in prose as (piece, chunk to link or None): only names in
    code, resolved like a use in the code around the prose (the chunks
    before and after it, then the rest of its section); never in a
    command line, a path or a file name, a member after . or ->, or a
    make variable (APPEND=...)."""
    parts = re.split(r"([A-Za-z_]\w*)", text)
    if scope is None or COMMAND_QUOTE_RE.match(text) or FILE_QUOTE_RE.match(text.strip()):
        return [(w, None) for w in parts]
    out = []
    for n, w in enumerate(parts):
        target = None
        if n % 2:
            before, after = parts[n - 1], parts[n + 1] if n + 1 < len(parts) else ""
            if not (before.endswith(("/", ".", "->")) or after.startswith("/") or
                    re.search(r"\w-$", before) or re.match(r"=(?!=)", after)):
                ns = "tag" if re.search(r"\b(?:struct|union|enum)\s+$", before) else "ord"
                for files in (scope.files, scope.section_files):
                    target = resolve(book, w, ns, scope, files) or \
                        (resolve(book, w, "tag", scope, files) if ns == "ord" else None)
                    if target:
                        break
        out.append((w, target))
    return out


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------

LEXERS = {"c": CLexer, "asm": GasLexer, "ld": CLexer, "make": MakefileLexer,
          "sh": BashLexer, "py": PythonLexer, "text": TextLexer}
USE_MARK = "weftuse%dq"
USE_RE = re.compile(r"weftuse(\d+)q")


def category(ttype, lang):
    """Reduce pygments' token types to the few colours the book uses."""
    if ttype in Token.Comment.PreprocFile or ttype in Token.Comment.Preproc:
        return "pp"
    if ttype in Token.Comment:
        return "cm"
    if ttype in Token.Keyword.Type:
        return "ty"
    if ttype in Token.Keyword:
        return "kw"
    if ttype in Token.Literal.String:
        return "st"
    if ttype in Token.Literal.Number:
        return "nu"
    if lang == "asm":
        if ttype in Token.Name.Function:
            return "kw"         # GasLexer calls mnemonics functions
        if ttype in Token.Name.Attribute:
            return "pp"         # and directives attributes
        if ttype in Token.Name.Variable:
            return "ty"         # registers
    if ttype in Token.Name.Function:
        return "fn"
    if ttype in Token.Name.Label:
        return "lb"
    if ttype in Token.Name.Builtin:
        return "bi"
    return ""


CPP_LINE_RE = re.compile(r"^[ \t]*#[ \t]*(?:include|define|undef|if|ifdef|ifndef|elif|else|"
                         r"endif|error|pragma)\b")


def lex(lang, text):
    """pygments tokens for a chunk.  Assembler chunks go through cpp (.S),
    but GasLexer takes `#` for a comment: give cpp's lines to CLexer."""
    if lang != "asm":
        return LEXERS[lang](stripnl=False, ensurenl=False).get_tokens(text)
    tokens = []
    run, run_is_cpp = [], None
    for line in text.splitlines(keepends=True) + [None]:
        is_cpp = line is not None and CPP_LINE_RE.match(line) is not None
        if run and (line is None or is_cpp != run_is_cpp):
            lexer = CLexer if run_is_cpp else GasLexer
            tokens.extend(lexer(stripnl=False, ensurenl=False).get_tokens("".join(run)))
            run = []
        if line is not None:
            run.append(line)
            run_is_cpp = is_cpp
    return tokens


# The kernel's tab is 8 columns; the book's page holds about 90.  A tab
# that indents a line takes TAB_INDENT columns in the book; tabs after the
# first word keep their 8-column stops, measured from the indentation, so
# that aligned comments and #define values stay aligned.
TAB_INDENT = 4


def display_lines(lines):
    """A chunk's lines with every tab expanded for the page.  A line
    indented by tabs and then spaces continues the statement above (Linux
    aligns it under an open parenthesis): it moves left as far as that
    statement's first line did."""
    out = []
    shift = 0
    for ln in lines:
        col = 0
        pieces = []
        for k, s in ln:
            if k != "text":
                pieces.append((k, s))
                col += 1
                continue
            text = []
            for ch in s:
                if ch == "\t":
                    n = 8 - col % 8
                    text.append(" " * n)
                    col += n
                else:
                    text.append(ch)
                    col += 1
            pieces.append((k, "".join(text)))
        first = ln[0][1] if ln and ln[0][0] == "text" else ""
        tabs = len(first) - len(first.lstrip("\t"))
        rest = first[tabs:]
        if not rest.startswith(" "):
            shift = tabs * (8 - TAB_INDENT)
        if pieces and pieces[0][0] == "text":
            lead = len(pieces[0][1]) - len(pieces[0][1].lstrip(" "))
            cut = min(shift, lead)
            pieces[0] = ("text", pieces[0][1][cut:])
        out.append(pieces)
    return out


def highlight(book, code):
    """Lex a chunk and split it into lines of pieces:
       ("t", category, text)             plain token text
       ("i", category, text, Code)       identifier use, links to its definition
       ("d", category, text)             identifier defined by this chunk
       ("u", name, Code)                 chunk use, links to the definition"""
    uses = []
    parts = []
    for ln in display_lines(code.lines):
        for k, s in ln:
            if k == "text":
                parts.append(s)
            else:
                parts.append(USE_MARK % len(uses))
                uses.append(s)
        parts.append("\n")
    text = "".join(parts)
    lines = [[]]
    before = TokensBefore()
    for ttype, value in lex(code.lang, text):
        pieces = USE_RE.split(value)
        for n, piece in enumerate(pieces):
            if n % 2 == 1:
                name = uses[int(piece)]
                lines[-1].append(("u", name, book.target(name, code.chapter.number)))
                before.note(";")
                continue
            for j, chunk in enumerate(piece.split("\n")):
                if j:
                    lines.append([])
                if chunk:
                    lines[-1].extend(token_pieces(book, code, ttype, chunk, before,
                                                  len(lines) - 1))
    if lines and not lines[-1]:
        lines.pop()
    code.rendered = lines


class TokensBefore:
    """What came just before a token, which decides what a name in C is:
    after `struct` a tag, after `.` or `->` a member (no identifier of the
    book)."""

    def __init__(self):
        self.tail = ""
        self.word = None

    def note(self, text):
        text = text.strip()
        if text:
            self.tail = (self.tail + text)[-8:]
            self.word = text if re.fullmatch(r"[A-Za-z_]\w*", text) else None

    def namespace(self, lang):
        if lang != "c":
            return "ord"
        if self.word in ("struct", "union", "enum"):
            return "tag"
        if self.tail.endswith("->") or (self.tail.endswith(".") and
                                        not self.tail.endswith("...")):
            return None
        return "ord"


def token_pieces(book, code, ttype, text, before=None, line=0):
    before = before or TokensBefore()
    cat = category(ttype, code.lang)
    if code.lang == "asm" and any(ttype in t for t in (Token.Name.Function, Token.Name.Variable,
                                                       Token.Name.Attribute)) and \
            not is_asm_macro(book, text):
        return [("t", cat, text)]      # mnemonics, registers and directives
    if ttype in Token.Name or (ttype in Token.Keyword.Type and text in book.defs):
        # (pygments calls pid_t, ssize_t and FILE types; the book defines them)
        out = [ident_piece(book, code, cat, text, before, line)]
        before.note(text)
        return out
    if ttype in Token.Comment.Preproc and ttype not in Token.Comment.PreprocFile:
        # Macro bodies and #if conditions name identifiers too.
        out = []
        for n, w in enumerate(re.split(r"(?<!\w)([A-Za-z_]\w*)", text)):
            if n % 2 and w not in ("define", "undef", "ifdef", "ifndef", "if", "elif",
                                   "defined", "include", "endif", "else"):
                out.append(ident_piece(book, code, cat, w, before, line))
            elif w:
                out.append(("t", cat, w))
            before.note(w)
        return out
    if ttype not in Token.Comment:
        before.note(text)
    return [("t", cat, text)]


def is_asm_macro(book, text):
    """An assembler macro of the book (PUSH_AND_CLEAR_REGS) stands where a
    mnemonic does."""
    return any(d.code.lang == "asm" for d in book.defs.get(text, ()))


def ident_piece(book, code, cat, text, before=None, line=0):
    name = text.rstrip(":").lstrip("$")      # assembler labels and immediates
    if name not in book.defs:
        return ("t", cat, text)
    if name in code.defines:
        return ("d", cat, text)
    ns = (before or TokensBefore()).namespace(code.lang)
    shadow = code.shadow[line] if line < len(code.shadow) else ()
    target = resolve(book, name, ns, code, code.files, shadow) if ns else None
    if target is None:
        return ("t", cat, text)
    users = book.ident_users.setdefault(name, [])
    if code not in users:
        users.append(code)
    return ("i", cat, text, target)


# ---------------------------------------------------------------------------
# Prose: the book's macros
# ---------------------------------------------------------------------------

QUOTE_MARK = "\x00Q%d\x00"
QUOTE_RE = re.compile("\x00Q(\\d+)\x00")


def prose_pieces(book, docs):
    """The docs chunk's text with [[quotes]] as markers, and its quotes."""
    quotes = []
    out = []
    for k, s in docs.parts:
        if k == "quote":
            out.append(QUOTE_MARK % len(quotes))
            quotes.append(s)
        else:
            out.append(s)
    return "".join(out), quotes


def unquote(text, quotes):
    return QUOTE_RE.sub(lambda m: "[[%s]]" % quotes[int(m.group(1))], text)


def line_of(docs, text, pos):
    return docs.line + text.count("\n", 0, pos)


MACRO_RE = re.compile(r"\\(chunkref|weftfigure|chapref|Chapref|chapnum)\s*\{|"
                      r"\\begin\{aside\}\s*\{|\\end\{aside\}")
CHAPREF_RE = re.compile(r"\\(chapref|Chapref|chapnum)\s*\{")
CHAPREF_WORD = {"chapref": "chapter", "Chapref": "Chapter", "chapnum": ""}


def scan_macros(book, docs, text, quotes, on_chunkref, on_figure, on_aside_begin,
                on_aside_end, on_chapref):
    """Replace the book's macros in `text` by what the callbacks return,
    checking that every chunk, figure and chapter they name exists."""
    out = []
    pos = 0
    for m in MACRO_RE.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        where = "%s:%d" % (docs.file, line_of(docs, text, m.start()))
        try:
            if m.group(0).startswith("\\end"):
                out.append(on_aside_end())
                pos = m.end()
                continue
            arg, end = balanced(text, m.end() - 1)
        except WeaveError:
            raise WeaveError("%s: unbalanced braces after %s" % (where, m.group(0)))
        if m.group(1) == "chunkref":
            name = unquote(arg, quotes).strip()
            name = re.sub(r"\s+", " ", name)
            if name not in book.versions:
                raise WeaveError("%s: \\chunkref{%s}: no such chunk" % (where, name))
            out.append(on_chunkref(book.versions[name][0].first, name))
            pos = end
        elif m.group(1) == "weftfigure":
            if text[end:end + 1] != "{":
                raise WeaveError("%s: \\weftfigure{%s} needs a caption argument"
                                 % (where, arg))
            caption, end = balanced(text, end)
            found = book.figure_source(arg)
            if not found:
                raise WeaveError("%s: \\weftfigure{%s}: no figures/%s{.dot,.svg,.tex}"
                                 % (where, arg, arg))
            if len(found) > 1:
                raise WeaveError("%s: \\weftfigure{%s}: several sources: %s"
                                 % (where, arg, ", ".join(found)))
            out.append(on_figure(arg, caption))
            pos = end
        elif m.group(1) in CHAPREF_WORD:
            key = unquote(arg, quotes).strip()
            number, chapter = book.chapter(m.group(1), key, where)
            out.append(on_chapref(m.group(1), key, number, chapter))
            pos = end
        else:
            out.append(on_aside_begin(arg))
            pos = end
    out.append(text[pos:])
    return "".join(out)


def scan_chaprefs(book, path, text, on_chapref):
    """\\chapref and friends in a file that is not a chapter (the front
    matter): the same checks, the rest of the text left alone."""
    def repl(m):
        where = "%s:%d" % (path, text.count("\n", 0, m.start()) + 1)
        try:
            arg, end = balanced(text, m.end() - 1)
        except WeaveError:
            raise WeaveError("%s: unbalanced braces after %s" % (where, m.group(0)))
        number, chapter = book.chapter(m.group(1), arg.strip(), where)
        return on_chapref(m.group(1), arg.strip(), number, chapter), end

    out = []
    pos = 0
    for m in CHAPREF_RE.finditer(text):
        if m.start() < pos:
            continue
        out.append(text[pos:m.start()])
        s, pos = repl(m)
        out.append(s)
    out.append(text[pos:])
    return "".join(out)


def frontmatter_path():
    path = os.path.join(BOOK_DIR, "frontmatter.tex")
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else path


# ---------------------------------------------------------------------------
# LaTeX
# ---------------------------------------------------------------------------

TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_",
               "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$",
               "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
               "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}
UNICODE_TEX = {"→": r"\ensuremath{\rightarrow}", "←": r"\ensuremath{\leftarrow}",
               "≤": r"\ensuremath{\le}", "≥": r"\ensuremath{\ge}",
               "≠": r"\ensuremath{\ne}", "×": r"\ensuremath{\times}",
               "…": r"\ldots{}", "—": "---", "–": "--", "“": "``", "”": "''",
               "‘": "`", "’": "'", "·": r"\ensuremath{\cdot}"}


def tex_escape(s):
    return "".join(TEX_SPECIAL.get(ch) or tex_unicode(ch) for ch in s)


def tex_unicode(ch):
    if ord(ch) < 128:
        return ch
    return UNICODE_TEX.get(ch, "?")


def verb_escape(s):
    """Text inside the Verbatim environment: only \\ { } are special there."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append(r"\WBS{}")
        elif ch == "{":
            out.append(r"\WOB{}")
        elif ch == "}":
            out.append(r"\WCB{}")
        else:
            out.append(tex_unicode(ch))
    return "".join(out)


def tex_chunk_name(name, verb=False):
    """A chunk name, with [[code]] in typewriter."""
    parts = re.split(r"\[\[(.*?)\]\]", name)
    esc = verb_escape if verb else tex_escape
    return "".join(esc(p) if n % 2 == 0 else r"\texttt{%s}" % esc(p)
                   for n, p in enumerate(parts))


def tex_ref(code):
    return r"\weftref{%d}{%s}" % (code.id, code.num)


def tex_refs(codes):
    return ", ".join(tex_ref(c) for c in codes)


def tex_code_line(pieces):
    out = []
    for p in pieces:
        if p[0] == "u":
            out.append(r"\WU{%d}{%s}{%s}" % (p[2].id, tex_chunk_name(p[1], True), p[2].num))
            continue
        text = verb_escape(p[2])
        if p[0] == "i":
            text = r"\WI{%d}{%s}" % (p[3].id, text)
        elif p[0] == "d":
            text = r"\WD{%s}" % text
        out.append(r"\W%s{%s}" % (p[1], text) if p[1] else text)
    return "".join(out)


def tex_chunk(book, code):
    v = code.version
    head = r"\weftchunk{%d}{%s}{%s}{%s}" % (
        code.id, code.num, tex_chunk_name(code.name),
        r"\equiv" if code is v.first else r"\mathrel{+}\equiv")
    body = "\n".join(tex_code_line(ln) for ln in code.rendered)
    return "%s\n\\begin{WeftCode}\n%s\n\\end{WeftCode}\n\\weftchunkinfo{%s}\n" % (
        head, body, " ".join(chunk_notes(book, code, TexNotes)))


class TexNotes:
    """How chunk_notes() spells its sentences in LaTeX."""
    ref = staticmethod(tex_ref)
    refs = staticmethod(tex_refs)

    @staticmethod
    def name(code):
        return r"\hyperref[chunk:%d]{$\langle$%s$\rangle$}" % (code.id, tex_chunk_name(code.name))

    @staticmethod
    def page(code):
        return r"p.\,\pageref*{chunk:%d}" % code.id

    @staticmethod
    def ident(book, name):
        return r"\hyperref[ident:%d]{\texttt{%s}}" % (book.ident_ids[name], tex_escape(name))


def chunk_notes(book, code, fmt):
    """The sentences under a chunk: where it continues, who uses it, what it
    replaces or is replaced by, what it defines."""
    v = code.version
    notes = []
    if code is v.first and len(v.defs) > 1:
        notes.append("Continued in %s." % fmt.refs(v.defs[1:]))
    elif code is not v.first:
        notes.append("Continues %s." % fmt.ref(v.first))
    users = book.users(v)
    if users:
        notes.append("Used in %s." % fmt.refs(users))
    elif is_output_file(code.name):
        notes.append("Root chunk: tangled into the file %s." % fmt_file(fmt, code.name))
    else:
        notes.append("Not used in any chapter's build.")
    if v.replaces and code is v.first:
        old = v.replaces.first
        notes.append("Replaces %s from chapter %d, %s." % (fmt.name(old), old.chapter.number,
                                                          fmt.page(old)))
    if v.replaced_by:
        new = v.replaced_by.first
        notes.append("Replaced in chapter %d by %s." % (new.chapter.number, fmt.ref(new)))
    if code.defines:
        notes.append("Defines %s." % ", ".join(fmt.ident(book, n) for n in code.defines))
    return notes


def fmt_file(fmt, name):
    return r"\texttt{%s}" % tex_escape(name) if fmt is TexNotes else \
        "<code>%s</code>" % html.escape(name)


def tex_quote(book, text, scope=None):
    """[[code]] in prose: typewriter, with known identifiers linked."""
    out = []
    for w, target in quote_links(book, text, scope):
        if target:
            out.append(r"\hyperref[chunk:%d]{%s}" % (target.id, tex_escape(w)))
        else:
            out.append(tex_escape(w))
    return r"\weftcode{%s}" % "".join(out)


def part_before(chapter, chapters):
    """The \\part a chapter opens, if it is the first present one of its part."""
    for numeral, title, plan in PLAN:
        nums = [n for n, _, _, _ in plan if n is not None]
        present = [ch for ch in chapters if ch.number in nums]
        if present and present[0] is chapter:
            return numeral, title
    return None


def latex_chapters(book):
    out = ["% Generated by book/weave.py from " + ", ".join(ch.path for ch in book.chapters)
           + ". Do not edit.\n"]
    for ch in book.chapters:
        part = part_before(ch, book.chapters)
        if part:
            out.append("\\setcounter{part}{%d}\\addtocounter{part}{-1}\n\\part{%s}\n"
                       % (roman_value(part[0]), tex_escape(part[1])))
        out.append("\\setcounter{chapter}{%d}\n" % (ch.number - 1))
        for item in ch.items:
            if isinstance(item, Code):
                out.append("\n" + tex_chunk(book, item) + "\n")
            else:
                out.append(latex_docs(book, item))
    return "".join(out)


def roman_value(numeral):
    return {"I": 1, "II": 2, "III": 3, "IV": 4}[numeral]


def latex_docs(book, docs):
    text, quotes = prose_pieces(book, docs)
    text = insert_subject_marks(book, docs, text, latex_index_mark)
    text = scan_cites(book, (docs.file, docs.line), text,
                      lambda es: r"\cite{%s}" % ",".join(e["key"] for e in es))
    text = scan_macros(
        book, docs, text, quotes,
        on_chunkref=lambda c, name: r"\weftchunkref{%d}{%s}{%s}" % (
            c.id, tex_chunk_name(name), c.num),
        on_figure=lambda stem, cap: r"\weftfigure{%s}{%s}" % (stem, cap),
        on_aside_begin=lambda title: r"\begin{aside}{%s}" % title,
        on_aside_end=lambda: r"\end{aside}",
        on_chapref=lambda macro, key, number, chapter: "\\%s{%s}" % (macro, key))
    return QUOTE_RE.sub(lambda m: tex_breakable(tex_quote(book, quotes[int(m.group(1))],
                                                         docs.scope)),
                        text)


def tex_breakable(tex):
    """Code in prose may break after a slash (paths), after a comma or an
    open parenthesis, and, as a last resort, after an underscore, so that
    a long path or call never sticks out into the margin."""
    tex = re.sub(r"(?<!\\)/(?!\})", r"/\\WBk{0}", tex)  # not after a final slash
    tex = re.sub(r"(?<=[,(])", r"\\WBk{500}", tex)
    return tex.replace(r"\_", r"\_\WBk{2000}")


def chunk_index_entries(book):
    """(name, definitions, users) for every chunk, in index order: the
    definitions of all its versions, and every chunk that uses any of them."""
    for name in sorted(book.versions, key=sort_key):
        vs = book.versions[name]
        defs = [c for v in vs for c in v.defs]
        users = []
        for v in vs:
            users += [u for u in book.users(v) if u not in users]
        yield name, defs, users


def latex_indexes(book):
    out = ["% Generated by book/weave.py. Do not edit.\n",
           "\\weftindexchapter{Index of chunks}\n\\begin{weftindex}\n"]
    for name, defs, users in chunk_index_entries(book):
        line = r"\item $\langle$%s$\rangle$: %s" % (tex_chunk_name(name), tex_refs(defs))
        if users:
            line += r"; used in %s" % tex_refs(users)
        out.append(line + ".\n")
    out.append("\\end{weftindex}\n\n\\weftindexchapter{Index of identifiers}\n")
    out.append("\\begin{multicols}{2}\n\\begin{weftindex}\n")
    for name in sorted(book.idents, key=sort_key):
        users = book.ident_users.get(name, [])
        line = r"\item \phantomsection\label{ident:%d}\texttt{%s}: defined in %s" % (
            book.ident_ids[name], tex_escape(name), tex_refs(book.idents[name]))
        if users:
            line += r"; used in %s" % tex_refs(users)
        out.append(line + ".\n")
    out.append("\\end{weftindex}\n\\end{multicols}\n")
    return "".join(out)


def latex_plan(book):
    present = {ch.number: ch for ch in book.chapters}
    out = ["% Generated by book/weave.py. Do not edit.\n\\begin{description}\n"]
    for numeral, title, plan in PLAN:
        out.append("\\item[Part %s: %s]\\leavevmode\n\\begin{description}\n"
                   % (numeral, tex_escape(title)))
        for n, _, t, summary in plan:
            label = "Chapter %d" % n if n else "Later"
            if n in present:
                status = r" \emph{(in this edition, p.\,\pageref*{chapter:%d})}" % n
            else:
                status = r" \emph{(not yet written)}" if n else ""
            out.append("\\item[%s] \\textbf{%s.} %s%s\n" % (
                label, tex_escape(t), tex_escape(summary).replace(r"\_", r"\_\WBk{0}"),
                status))
        out.append("\\end{description}\n")
    out.append("\\end{description}\n")
    return "".join(out)


def latex_chapnums(book):
    """What weft.tex's \\chapref reads: \\weftchapkey{key}{number}{label}
    for every chapter in the book (label ch:key, a link) or in the plan
    (no label).  Checks the front matter's \\chapref keys first, since
    LaTeX reads that file itself."""
    path = frontmatter_path()
    with open(path, encoding="utf-8") as f:
        text = f.read()
        scan_chaprefs(book, path, text, lambda *args: "")
        scan_cites(book, (path, 1), text, lambda es: "")
    nums = {key: (n, "") for key, (n, _) in book.planned.items()}
    nums.update((key, (ch.number, "ch:" + key)) for key, ch in book.keys.items())
    out = ["% Generated by book/weave.py. Do not edit.\n"]
    for key, (n, label) in sorted(nums.items(), key=lambda kv: (kv[1][0], kv[0])):
        out.append("\\weftchapkey{%s}{%d}{%s}\n" % (key, n, label))
    return "".join(out)


def weave_latex(book, outdir):
    text = latex_chapters(book)
    write_if_changed(os.path.join(outdir, "chapnums.tex"), latex_chapnums(book))
    write_if_changed(os.path.join(outdir, "chapters.tex"), add_chapter_labels(book, text))
    write_if_changed(os.path.join(outdir, "indexes.tex"), latex_indexes(book))
    write_if_changed(os.path.join(outdir, "plan.tex"), latex_plan(book))
    write_if_changed(os.path.join(outdir, "bibliography.tex"), latex_bibliography(book))


def add_chapter_labels(book, text):
    """Put \\label{chapter:N} right after each chapter's \\chapter{...}."""
    out = []
    pos = 0
    for ch in book.chapters:
        marker = "\\setcounter{chapter}{%d}\n" % (ch.number - 1)
        start = text.index(marker, pos)
        m = re.compile(r"\\chapter\*?\s*\{").search(text, start)
        _, end = balanced(text, m.end() - 1)
        out.append(text[pos:end] + "\\label{chapter:%d}" % ch.number)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

def esc(s):
    return html.escape(s, quote=True)


def html_chunk_name(name):
    parts = re.split(r"\[\[(.*?)\]\]", name)
    return "".join(esc(p) if n % 2 == 0 else "<code>%s</code>" % esc(p)
                   for n, p in enumerate(parts))


def chunk_href(code):
    return "%s#chunk-%d" % (code.chapter.page, code.id)


def html_ref(code):
    return '<a class="cref" href="%s">%s</a>' % (chunk_href(code), code.num)


class HtmlNotes:
    ref = staticmethod(html_ref)

    @staticmethod
    def refs(codes):
        return ", ".join(html_ref(c) for c in codes)

    @staticmethod
    def name(code):
        return '<a href="%s">⟨%s %s⟩</a>' % (chunk_href(code), html_chunk_name(code.name),
                                              code.num)

    @staticmethod
    def page(code):
        return '“<a href="%s">%s</a>”' % (chunk_href(code), esc(code.chapter.title))

    @staticmethod
    def ident(book, name):
        return '<a class="ident" href="identifiers.html#ident-%d"><code>%s</code></a>' % (
            book.ident_ids[name], esc(name))


def html_code_line(pieces):
    out = []
    for p in pieces:
        if p[0] == "u":
            out.append('<a class="use" href="%s">⟨%s <span class="num">%s</span>⟩</a>' % (
                chunk_href(p[2]), html_chunk_name(p[1]), p[2].num))
            continue
        text = esc(p[2])
        if p[0] == "i":
            text = '<a class="id" href="%s">%s</a>' % (chunk_href(p[3]), text)
        elif p[0] == "d":
            text = '<span class="def">%s</span>' % text
        out.append('<span class="%s">%s</span>' % (p[1], text) if p[1] else text)
    return "".join(out)


def html_chunk(book, code):
    v = code.version
    sign = "≡" if code is v.first else "+≡"
    body = "\n".join(html_code_line(ln) for ln in code.rendered)
    classes = "chunk" + (" replaced" if v.replaced_by else "") + \
        (" replacement" if v.replaces else "")
    notes = chunk_notes(book, code, HtmlNotes)
    return ('<div class="%s" id="chunk-%d">\n'
            '<div class="chunk-head"><a class="num" href="#chunk-%d">%s</a> '
            '<span class="name">⟨%s⟩</span><span class="eq">%s</span>'
            '<span class="lang">%s</span></div>\n'
            '<pre class="code"><code>%s</code></pre>\n'
            '<div class="chunk-info">%s</div>\n</div>\n') % (
        classes, code.id, code.id, code.num, html_chunk_name(code.name), sign,
        esc(code.lang if code.lang != "text" else ""), body, " ".join(notes))


def html_chapref(book, macro, key, number, chapter):
    """\\chapref{key}: a link to the chapter, or for a chapter still to be
    written its number alone, with the plan's title in a tooltip."""
    word = CHAPREF_WORD[macro]
    text = "%s\u00a0%d" % (word, number) if word else str(number)
    if chapter:
        return '<a class="chapref" href="%s" title="%s">%s</a>' % (
            chapter.page, esc("%d. %s" % (number, plain_title(chapter.title))), text)
    return '<span class="chapref planned" title="%s">%s</span>' % (
        esc("%d. %s (to come)" % (number, book.planned[key][1])), text)


def plain_title(title):
    """A chapter title without its LaTeX, for a tooltip."""
    title = re.sub(r"\\[A-Za-z]+\*?\{([^{}]*)\}", r"\1", title)
    return re.sub(r"[\\{}]", "", title).replace("~", " ")


def html_quote(book, text, scope=None):
    out = []
    for w, target in quote_links(book, text, scope):
        if target:
            out.append('<a class="id" href="%s">%s</a>' % (chunk_href(target), esc(w)))
        else:
            out.append(esc(w))
    return '<code class="quote">%s</code>' % "".join(out)


class Placeholders:
    """Words pandoc passes through untouched, and what they stand for."""

    def __init__(self):
        self.items = []

    def add(self, kind, html_text):
        self.items.append(html_text)
        return "WEFT%s%dZ" % (kind, len(self.items) - 1)


def pandoc(latex, number_offset=None, what="pandoc"):
    args = ["pandoc", "-f", "latex", "-t", "html5", "--wrap=none", "--section-divs",
            "--top-level-division=chapter"]
    if number_offset is not None:
        args += ["--number-sections", "--number-offset=%d" % number_offset]
    proc = subprocess.run(args, input=latex, capture_output=True, text=True)
    if proc.returncode != 0:
        raise WeaveError("%s: pandoc failed: %s" % (what, proc.stderr.strip()))
    for w in proc.stderr.strip().splitlines():
        print("weave: %s: pandoc: %s" % (what, w), file=sys.stderr)
    return proc.stdout


def html_chapter_body(book, ch, figures):
    ph = Placeholders()
    src = []
    for item in ch.items:
        if isinstance(item, Code):
            src.append("\n\n%s\n\n" % ph.add("C", html_chunk(book, item)))
            continue
        text, quotes = prose_pieces(book, item)
        text = insert_subject_marks(book, item, text, lambda term, n: ph.add(
            "R", '<span class="subject" id="subj-%d" data-term="%s"></span>' % (n, esc(term))))
        text = scan_cites(book, (item.file, item.line), text,
                          lambda es: ph.add("R", html_cite(es)))

        def figure(stem, caption):
            figures.append(stem)
            n = len(figures)
            return "\n\n%s\n\n%s\n\n%s\n\n" % (
                ph.add("FB", "%s|%d.%d" % (stem, ch.number, n)), caption, ph.add("FE", ""))

        text = scan_macros(
            book, item, text, quotes,
            on_chunkref=lambda c, name: ph.add(
                "R", '<a class="use" href="%s">⟨%s <span class="num">%s</span>⟩</a>' % (
                    chunk_href(c), html_chunk_name(name), c.num)),
            on_figure=figure,
            on_aside_begin=lambda title: "\n\n%s\n\n%s\n\n%s\n\n" % (
                ph.add("AB", ""), title, ph.add("AT", "")),
            on_aside_end=lambda: "\n\n%s\n\n" % ph.add("AE", ""),
            on_chapref=lambda *args: ph.add("R", html_chapref(book, *args)))
        text = quotes_out_of_math(text)
        text = QUOTE_RE.sub(lambda m: ph.add("Q", html_quote(book, quotes[int(m.group(1))],
                                                             item.scope)), text)
        src.append(text)
    out = pandoc("".join(src), ch.number - 1, ch.path)
    try:
        return splice(out, ph)
    except WeaveError as e:
        raise WeaveError("%s: %s" % (ch.path, e))


INLINE_MATH_RE = re.compile(r"(?<![\\$])\$([^$]+?)(?<!\\)\$")


def quotes_out_of_math(text):
    """pandoc turns a placeholder inside $...$ into math italics, where
    splice() can no longer find it: end the math before a [[quote]] and
    start it again after ($-[[EFAULT]]$ becomes $-$[[EFAULT]]).  In
    \\mbox{[[...]]} it is text already and pandoc leaves it alone."""
    bare = re.compile("((?<!\\{)\x00Q\\d+\x00)")

    def split(m):
        if not bare.search(m.group(1)):
            return m.group(0)
        pieces = bare.split(m.group(1))
        return "".join(p if n % 2 else ("$%s$" % p if p.strip() else p)
                       for n, p in enumerate(pieces))
    # A verbatim block is not math, whatever dollars it holds (a shell's
    # $? and $HOME): leave those blocks alone.
    parts = VERBATIM_RE.split(text)
    return "".join(p if n % 2 else INLINE_MATH_RE.sub(split, p)
                   for n, p in enumerate(parts))


VERBATIM_RE = re.compile(r"(\\begin\{verbatim\}.*?\\end\{verbatim\})", re.S)


def splice(out, ph):
    """Put back what the placeholders stand for."""
    def block(kind, repl):
        return re.sub(r"(?:<p>)?WEFT%s(\d+)Z(?:</p>)?" % kind, repl, out)

    out = block("C", lambda m: ph.items[int(m.group(1))])
    out = re.sub(r"(?:<p>)?WEFTAB\d+Z(?:</p>)?\s*(?:<p>)?(.*?)(?:</p>)?\s*"
                 r"(?:<p>)?WEFTAT\d+Z(?:</p>)?",
                 lambda m: '<aside class="aside"><div class="aside-title">%s</div>'
                 % m.group(1), out, flags=re.S)
    out = block("AE", "</aside>")

    def figure(m):
        stem, num = ph.items[int(m.group(1))].split("|")
        caption = re.sub(r"</?p>", "", m.group(2)).strip()
        return ('<figure class="figure" id="fig:%s" data-number="%s">'
                '<img src="fig/%s.svg" alt="Figure %s">'
                '<figcaption><span class="fignum">Figure %s:</span> %s</figcaption>'
                '</figure>') % (stem, num, stem, num, num, caption)

    out = re.sub(r"(?:<p>)?WEFTFB(\d+)Z(?:</p>)?\s*(.*?)\s*(?:<p>)?WEFTFE\d+Z(?:</p>)?",
                 figure, out, flags=re.S)
    out = re.sub(r"WEFT[QR](\d+)Z", lambda m: ph.items[int(m.group(1))], out)
    check_no_placeholder(out)
    return out


def check_no_placeholder(out):
    """A placeholder pandoc mangled (into math, a link, a heading) would
    reach the reader: stop instead."""
    m = re.search(r"WEFT[A-Z]+\d+Z", re.sub(r"<[^>]*>", "", out))
    if m:
        raise WeaveError("a placeholder survived pandoc: %s (near %r)" % (
            m.group(0), out[max(0, out.find(m.group(0)) - 80):][:160]))


def html_page(title, body, nav, book_title="How a Process Uses Memory"):
    return """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%s</title>
<link rel="stylesheet" href="weft.css">
</head>
<body>
<nav class="top">%s</nav>
<main>
%s
</main>
<nav class="bottom">%s</nav>
<footer>%s — woven from the weft sources by book/weave.py</footer>
</body>
</html>
""" % (esc(title), nav, body, nav, esc(book_title))


def nav_bar(book, index):
    """Links to the previous and next page and to the indexes."""
    pages = [("index.html", "Contents")] + \
        [(ch.page, "%d. %s" % (ch.number, ch.title)) for ch in book.chapters] + \
        [("bibliography.html", "Bibliography"), ("chunks.html", "Chunks"),
         ("identifiers.html", "Identifiers"), ("subjects.html", "Subjects")]
    prev = '<a class="prev" href="%s">← %s</a>' % (pages[index - 1][0], esc(pages[index - 1][1])) \
        if index > 0 else "<span></span>"
    nxt = '<a class="next" href="%s">%s →</a>' % (pages[index + 1][0], esc(pages[index + 1][1])) \
        if index + 1 < len(pages) else "<span></span>"
    mid = ('<span class="mid"><a href="index.html">Contents</a> · '
           '<a href="bibliography.html">Bibliography</a> · <a href="chunks.html">Chunks</a> · '
           '<a href="identifiers.html">Identifiers</a> · <a href="subjects.html">Subjects</a>'
           '</span>')
    return prev + mid + nxt


def resolve_references(pages):
    """pandoc leaves \\ref and \\pageref as links to '#label' on the same
    page; point them at the right page and show the right number."""
    targets = {}
    for name, text in pages.items():
        for m in re.finditer(r'<section id="([^"]+)"[^>]*>\s*<h\d[^>]*data-number="([^"]+)"',
                             text):
            targets[m.group(1)] = (name, m.group(2))
        for m in re.finditer(r'<figure class="figure" id="([^"]+)" data-number="([^"]+)"', text):
            targets[m.group(1)] = (name, m.group(2))
        for m in re.finditer(r'<section id="([^"]+)"', text):
            targets.setdefault(m.group(1), (name, ""))
    out = {}
    for name, text in pages.items():
        def fix(m):
            label = html.unescape(m.group(1))
            if label not in targets:
                raise WeaveError("%s: \\ref{%s}: no such label" % (name, label))
            page, number = targets[label]
            return '<a href="%s#%s" class="ref">%s</a>' % (page, esc(label), number or "↗")
        out[name] = re.sub(r'<a href="#[^"]*" data-reference-type="[^"]*"\s+'
                           r'data-reference="([^"]*)">.*?</a>', fix, text, flags=re.S)
    return out


def html_indexes(book):
    """chunks.html and identifiers.html, each a list per initial under an
    A-Z bar."""
    chunks = []
    for name, defs, users in chunk_index_entries(book):
        chunks.append((name, '>⟨%s⟩' % html_chunk_name(name), 'defined in %s%s' % (
            HtmlNotes.refs(defs), "; used in " + HtmlNotes.refs(users) if users else "")))
    idents = []
    for name in sorted(book.idents, key=sort_key):
        users = book.ident_users.get(name, [])
        idents.append((name, ' id="ident-%d"><code>%s</code>' % (book.ident_ids[name], esc(name)),
                       'defined in %s%s' % (HtmlNotes.refs(book.idents[name]),
                                            "; used in " + HtmlNotes.refs(users) if users else "")))
    return (az_sections(chunks, '<h1>Index of chunks</h1>\n<p class="lead">Every chunk name, '
                        'where it is defined (in book order, versions included) and where it '
                        'is used.</p>'),
            az_sections(idents, '<h1>Index of identifiers</h1>\n<p class="lead">Every '
                        'identifier the code defines, where it is defined and where it is '
                        'used.</p>'))


def html_plan(book):
    present = {ch.number: ch for ch in book.chapters}
    out = ['<div class="plan">']
    for numeral, title, plan in PLAN:
        out.append('<h3>Part %s: %s</h3>\n<ul>' % (numeral, esc(title)))
        for n, _, t, summary in plan:
            if n in present:
                head = '<a href="%s">Chapter %d. %s</a> <span class="present">in this ' \
                       'edition</span>' % (present[n].page, n, esc(t))
            elif n:
                head = 'Chapter %d. %s <span class="absent">not yet written</span>' % (
                    n, esc(t))
            else:
                head = esc(t)
            out.append("<li>%s<br><span class=\"summary\">%s</span></li>" % (head, esc(summary)))
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


def html_toc(book, pages):
    out = ['<nav class="toc"><h1 id="contents">Contents</h1>']
    for ch in book.chapters:
        part = part_before(ch, book.chapters)
        if part:
            out.append('<h2 class="part">Part %s: %s</h2>' % (part[0], esc(part[1])))
        out.append('<div class="toc-chapter"><a href="%s">%d. %s</a>' % (
            ch.page, ch.number, esc(ch.title)))
        secs = re.findall(r'<section id="([^"]+)"[^>]*>\s*<h2[^>]*data-number="([^"]+)"[^>]*>'
                          r'(.*?)</h2>', pages[ch.page], flags=re.S)
        if secs:
            out.append("<ul>")
            for sid, num, title in secs:
                title = re.sub(r'<span class="header-section-number">.*?</span>\s*', "", title)
                title = re.sub(r"<a [^>]*>|</a>", "", title)
                out.append('<li><a href="%s#%s">%s %s</a></li>' % (ch.page, sid, num, title))
            out.append("</ul>")
        out.append("</div>")
    out.append('<div class="toc-chapter"><a href="bibliography.html">Bibliography</a></div>')
    out.append('<div class="toc-chapter"><a href="chunks.html">Index of chunks</a></div>')
    out.append('<div class="toc-chapter"><a href="identifiers.html">Index of identifiers'
               '</a></div>')
    out.append('<div class="toc-chapter"><a href="subjects.html">Index of subjects</a></div>'
               '</nav>')
    return "\n".join(out)


def html_front_matter(book):
    with open(os.path.join(BOOK_DIR, "frontmatter.tex"), encoding="utf-8") as f:
        tex = f.read()
    ph = Placeholders()
    tex = scan_chaprefs(book, frontmatter_path(), tex,
                        lambda *args: ph.add("R", html_chapref(book, *args)))
    tex = scan_cites(book, (frontmatter_path(), 1), tex, lambda es: ph.add("R", html_cite(es)))
    tex = re.sub(r"^\\input\{plan\}", lambda m: "\n\n%s\n\n" % ph.add("C", html_plan(book)),
                 tex, flags=re.M)
    # LaTeX-only lines (page layout, bookmarks) are marked %latex-only.
    tex = "\n".join(l for l in tex.splitlines() if "%latex-only" not in l)
    return splice(pandoc(tex, None, "book/frontmatter.tex"), ph)


def weave_html(book, outdir, figdir):
    os.makedirs(outdir, exist_ok=True)
    pages = {}
    for ch in book.chapters:
        figures = []
        pages[ch.page] = html_chapter_body(book, ch, figures)
        for stem in figures:
            src = os.path.join(figdir, stem + ".svg")
            if not os.path.exists(src):
                raise WeaveError("%s: figure %s has not been drawn (run make html)" % (
                    ch.path, src))
            os.makedirs(os.path.join(outdir, "fig"), exist_ok=True)
            shutil.copyfile(src, os.path.join(outdir, "fig", stem + ".svg"))
    pages = resolve_references(pages)
    chunks, idents = html_indexes(book)
    title = ('<header class="title-page"><p class="book-kicker">weft</p>'
             '<h1 class="book-title">How a Process Uses Memory</h1>'
             '<p class="book-subtitle">weft: a literate x86-64 kernel, its C library, '
             'and the book that is both</p></header>')
    front = html_front_matter(book)
    n = len(book.chapters)
    write_if_changed(os.path.join(outdir, "index.html"), html_page(
        "How a Process Uses Memory", title + html_toc(book, pages) + front,
        nav_bar(book, 0)))
    for i, ch in enumerate(book.chapters):
        write_if_changed(os.path.join(outdir, ch.page), html_page(
            "%d. %s — How a Process Uses Memory" % (ch.number, ch.title),
            pages[ch.page], nav_bar(book, i + 1)))
    write_if_changed(os.path.join(outdir, "bibliography.html"),
                     html_page("Bibliography", html_bibliography(book), nav_bar(book, n + 1)))
    write_if_changed(os.path.join(outdir, "chunks.html"),
                     html_page("Index of chunks", chunks, nav_bar(book, n + 2)))
    write_if_changed(os.path.join(outdir, "identifiers.html"),
                     html_page("Index of identifiers", idents, nav_bar(book, n + 3)))
    write_if_changed(os.path.join(outdir, "subjects.html"),
                     html_page("Index of subjects", html_subject_index(book, pages),
                               nav_bar(book, n + 4)))
    with open(os.path.join(BOOK_DIR, "weft.css"), encoding="utf-8") as f:
        write_if_changed(os.path.join(outdir, "weft.css"), f.read())


# ---------------------------------------------------------------------------
# Navigation: the bibliography (\cite), the subject index, A-Z bars
# ---------------------------------------------------------------------------

REFERENCES = os.path.join(BOOK_DIR, "references.txt")
SUBJECT_TERMS = os.path.join(BOOK_DIR, "subject-terms.txt")
CITE_RE = re.compile(r"\\cite\s*\{([^{}]*)\}")


def read_references():
    """[{key, title, ...}] from book/references.txt, in the book's order."""
    entries = []
    with open(REFERENCES, encoding="utf-8") as f:
        text = "\n".join(l for l in f.read().splitlines() if not l.startswith("#"))
    for n, para in enumerate(p for p in re.split(r"\n\s*\n", text) if p.strip()):
        e = {}
        for line in para.strip().splitlines():
            name, _, value = line.partition(":")
            e[name.strip()] = value.strip()
        if "key" not in e or "title" not in e:
            raise WeaveError("book/references.txt: entry %d has no key or title" % (n + 1))
        e["number"] = len(entries) + 1
        entries.append(e)
    return entries


def book_references(book):
    if not hasattr(book, "references"):
        book.references = {e["key"]: e for e in read_references()}
    return book.references


def scan_cites(book, where, text, render):
    """\\cite{key,key} in prose: checks every key against book/references.txt
    and replaces the macro by render([entries])."""
    refs = book_references(book)

    def repl(m):
        keys = [k.strip() for k in m.group(1).split(",")]
        for k in keys:
            if k not in refs:
                raise WeaveError("%s:%d: \\cite{%s}: no such entry in book/references.txt"
                                 % (where[0], where[1] + text.count("\n", 0, m.start()), k))
        return render([refs[k] for k in keys])
    return CITE_RE.sub(repl, text)


def bib_tex(s):
    """Text of a bibliography entry in LaTeX: accented letters as accents
    (Hubi\\v{c}ka), which the prose's tex_escape does not know."""
    import unicodedata
    accents = {"\u030c": "v", "\u0301": "'", "\u0300": "`", "\u0308": '"', "\u0303": "~"}
    out = []
    for ch in s:
        base = unicodedata.normalize("NFD", ch)
        if ord(ch) > 127 and ch not in UNICODE_TEX and len(base) == 2 and base[1] in accents:
            out.append("\\%s{%s}" % (accents[base[1]], base[0]))
        else:
            out.append(tex_escape(ch))
    return "".join(out).replace(r"\textasciitilde{}", "~")


def latex_bibliography(book):
    out = ["% Generated by book/weave.py from book/references.txt. Do not edit.\n",
           "\\begin{weftbibliography}{9}\n"]
    for e in book_references(book).values():
        parts = []
        if e.get("author"):
            parts.append(bib_tex(e["author"]) + ".")
        title = r"\emph{%s}" % bib_tex(e["title"])
        if e.get("title-zh"):
            title = r"\weftzhtitle{} (%s)" % title
        parts.append(title + ".")
        where = ", ".join(bib_tex(e[k]) for k in ("where", "year") if e.get(k))
        if where:
            parts.append(where + ".")
        if e.get("url"):
            parts.append(r"\url{%s}" % e["url"])
        out.append("\\bibitem{%s} %s\n" % (e["key"], " ".join(parts)))
    out.append("\\end{weftbibliography}\n")
    return "".join(out)


def html_cite(entries):
    return "[%s]" % ", ".join(
        '<a class="cite" href="bibliography.html#bib-%s" title="%s">%d</a>' % (
            esc(e["key"]), esc(e["title"]), e["number"]) for e in entries)


def html_bibliography(book):
    out = ['<h1 id="bibliography">Bibliography</h1>\n<p class="lead">The works the book '
           'cites, numbered as in the text.</p>\n<dl class="bibliography">']
    for e in book_references(book).values():
        parts = []
        if e.get("author"):
            parts.append(esc(html_dashes(e["author"])) + ".")
        title = "<em>%s</em>" % esc(html_dashes(e["title"]))
        if e.get("title-zh"):
            title = '<span lang="zh">%s</span> (%s)' % (esc(e["title-zh"]), title)
        parts.append(title + ".")
        where = ", ".join(esc(html_dashes(e[k])) for k in ("where", "year") if e.get(k))
        if where:
            parts.append(where + ".")
        if e.get("url"):
            parts.append('<a href="%s">%s</a>' % (esc(e["url"]), esc(e["url"])))
        out.append('<dt id="bib-%s">[%d]</dt><dd>%s</dd>' % (esc(e["key"]), e["number"],
                                                              " ".join(parts)))
    out.append("</dl>")
    return "\n".join(out)


def html_dashes(s):
    return s.replace("---", "\u2014").replace("--", "\u2013")


def read_subject_terms():
    """[(term, compiled pattern)] from book/subject-terms.txt."""
    terms = []
    with open(SUBJECT_TERMS, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            term, _, pattern = (x.strip() for x in line.partition("|"))
            if re.search(r'[!@|"]', term):
                raise WeaveError("book/subject-terms.txt:%d: %r: makeindex would take "
                                 "! @ | or \" as commands" % (n, term))
            pattern = pattern or re.escape(term) + "s?"
            try:
                terms.append((term, re.compile(r"(?<![\\\w])(?:%s)(?![\w])" % pattern,
                                               re.I)))
            except re.error as e:
                raise WeaveError("book/subject-terms.txt:%d: %s" % (n, e))
    return terms


# Arguments that are no place for an index mark: headings, labels, captions,
# chapter and chunk references, code and the like.
NO_INDEX_ARGS = re.compile(
    r"\\(?:chapter|section|subsection|subsubsection|paragraph|label|ref|pageref|"
    r"chapref|Chapref|chapnum|chunkref|weftfigure|caption|begin|end|url|path|texttt|"
    r"emph|textit|textbf|cite|index|href|hyperref|item|footnote)\*?\s*(?:\[[^\]]*\]\s*)?\{")
NO_INDEX_ENVS = re.compile(r"\\begin\{(verbatim|Verbatim|tabular|aside)\}.*?\\end\{\1\}|"
                           r"\$[^$]*\$|(?<!\\)%[^\n]*", re.S)


def forbidden_spans(text):
    spans = [m.span() for m in NO_INDEX_ENVS.finditer(text)]
    for m in NO_INDEX_ARGS.finditer(text):
        end = m.end() - 1
        try:
            for _ in range(2 if "weftfigure" in m.group(0) else 1):
                _, end = balanced(text, end)
                while end < len(text) and text[end] in " \n":
                    end += 1
                if text[end:end + 1] != "{":
                    break
        except WeaveError:
            continue
        spans.append((m.start(), end))
    return spans


def subject_marks(book):
    """id(Docs) -> [(position in its prose text, term, number)]: the first
    match of each term in each section, in book order.  Both books insert
    their marks at the same places."""
    if hasattr(book, "subjects"):
        return book.subjects
    terms = read_subject_terms()
    book.subjects = {}
    book.subject_terms = [t for t, _ in terms]
    book.subject_count = 0
    seen = set()
    section = 0
    for ch in book.chapters:
        for item in ch.items:
            if not isinstance(item, Docs):
                continue
            text, _ = prose_pieces(book, item)
            bad = forbidden_spans(text)
            heads = [m.start() for m in re.finditer(r"\\(?:chapter|section)\*?\s*[\[{]", text)]
            marks = []
            for term, pattern in terms:
                for m in pattern.finditer(text):
                    if any(a <= m.start() < b for a, b in bad):
                        continue
                    sec = section + sum(1 for h in heads if h < m.start())
                    if (term, sec) not in seen:
                        seen.add((term, sec))
                        marks.append((m.end(), term))
            section += len(heads)
            marks.sort()
            out = []
            for pos, term in marks:
                out.append((pos, term, book.subject_count))
                book.subject_count += 1
            book.subjects[id(item)] = out
    return book.subjects


def insert_subject_marks(book, docs, text, render):
    """The prose text with render(term, number) after each indexed match."""
    for pos, term, n in reversed(subject_marks(book).get(id(docs), [])):
        text = text[:pos] + render(term, n) + text[pos:]
    return text


def latex_index_mark(term, n):
    key = re.sub(r"[^a-z0-9 ]", "", term.lower()).strip() or term
    return r"\index{%s@%s}" % (key, tex_escape(term).replace("!", ""))


def az_letter(name):
    first = name.lstrip("_/.").lower()[:1]
    return first.upper() if first.isalpha() else "#"


def az_bar(letters):
    return '<nav class="az">%s</nav>' % " ".join(
        '<a href="#letter-%s">%s</a>' % ("sym" if l == "#" else l, esc(l)) for l in letters)


def az_sections(entries, prologue):
    """entries: [(name, dt html, dd html)], sorted.  A dl per letter under an
    A-Z bar; returns the HTML."""
    groups = []
    for name, dt, dd in entries:
        letter = az_letter(name)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append("<dt%s</dt><dd>%s</dd>" % (dt, dd))
    out = [prologue, az_bar([g[0] for g in groups])]
    for letter, items in groups:
        out.append('<h2 class="letter" id="letter-%s">%s</h2>\n<dl class="index">\n%s\n</dl>'
                   % ("sym" if letter == "#" else letter, esc(letter), "\n".join(items)))
    return "\n".join(out)


def html_subject_index(book, pages):
    """subjects.html: each term with links to the sections where it is
    discussed, found from the anchors in the woven chapter pages."""
    places = {}
    for page, text in pages.items():
        heads = [(m.start(), m.group(1), m.group(2)) for m in re.finditer(
            r'<section id="([^"]+)"[^>]*>\s*<h\d[^>]*data-number="([^"]+)"', text)]
        for m in re.finditer(r'<span class="subject" id="subj-(\d+)" data-term="([^"]*)">',
                             text):
            head = [h for h in heads if h[0] < m.start()]
            label = head[-1][2] if head else page
            term = html.unescape(m.group(2))
            places.setdefault(term, [])
            if label not in [p[1] for p in places[term]]:
                places[term].append(("%s#subj-%s" % (page, m.group(1)), label))
    entries = []
    for term in sorted(places, key=lambda t: (t.lstrip("/").lower(), t)):
        entries.append((term, ">%s" % esc(term), ", ".join(
            '<a href="%s">%s</a>' % (href, esc(label)) for href, label in places[term])))
    return az_sections(entries, '<h1>Index of subjects</h1>\n<p class="lead">The book\'s '
                       'terms, each with the sections that discuss it.</p>')


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--latex", metavar="DIR", help="write chapters.tex, indexes.tex, plan.tex")
    ap.add_argument("--html", metavar="DIR", help="write the HTML book")
    ap.add_argument("--check", action="store_true", help="parse and cross-reference only")
    ap.add_argument("--figures", default="figures", help="figure sources (default figures/)")
    ap.add_argument("--drawn", default="build/book/fig",
                    help="where the figures were drawn as .pdf/.svg (default build/book/fig)")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    if not (args.latex or args.html or args.check):
        ap.error("need --latex DIR, --html DIR or --check")
    try:
        book = Book(read_book(args.files), args.figures)
        if args.check:
            latex_chapters(book)    # checks every \chunkref, \weftfigure, \chapref
            latex_chapnums(book)    # and the front matter's \chapref
        if args.latex:
            weave_latex(book, args.latex)
        if args.html:
            weave_html(book, args.html, args.drawn)
    except WeaveError as e:
        for line in str(e).splitlines():
            print("weave: " + line, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
