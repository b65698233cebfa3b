#!/usr/bin/python3
"""Check the woven books, after `make pdf html`.

    tests/book/check-book.py [--out build/book]

Prints one line per check, `PASS: name` or `FAIL: name — reason`, and
exits non-zero if any failed.  Checks the built book in --out (LaTeX log,
PDF bookmarks, HTML links, highlighting, indexes; the page: code and prose
inside the margins, chunks that hold together across pages, no blank
front-matter page; navigation: a two-column identifier index, the
bibliography and its citations, the subject index, A-Z bars in HTML),
then weaves fixtures of
its own: tests/tangle/fixture/01-first.nw + 02-second.nw, whose chapter 2
replaces a chunk of chapter 1 (the notes must appear in the PDF and the
HTML), followed by tests/book/chapref/03-refs.nw + 04-more.nw, which name
chapters by label (\chapref, \Chapref, \chapnum: chapters of the book and
chapters only planned), and broken chapters, which must fail with
`file:line:`.
Needs only Debian packages: poppler-utils (pdftotext), mupdf-tools (mutool,
for the PDF outline; without it the check reads hyperref's .out file).
"""
import argparse
import glob
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
WEAVE = os.path.join(ROOT, "book", "weave.py")
PYTHON = "/usr/bin/python3"
failures = 0


def report(name, ok, reason=""):
    global failures
    if ok:
        print("PASS: book: " + name)
    else:
        failures += 1
        print("FAIL: book: %s — %s" % (name, reason))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


# ---------------------------------------------------------------------------
# The PDF

def check_latex_log(out):
    log_path = os.path.join(out, "weft.log")
    if not os.path.exists(log_path):
        report("LaTeX log", False, "%s missing: run make pdf" % log_path)
        return
    log = read(log_path)
    problems = []
    errors = [l for l in log.splitlines() if l.startswith("!") or re.match(r"^\S+:\d+: ", l)]
    if errors:
        problems.append("errors: " + "; ".join(errors[:3]))
    undefined = re.findall(r"(?:Reference|Citation) `([^']*)' on page \d+ undefined", log)
    if undefined or "There were undefined references" in log:
        problems.append("undefined references: " + ", ".join(sorted(set(undefined))[:5]))
    multiply = re.findall(r"Label `([^']*)' multiply defined", log)
    if multiply or "multiply-defined labels" in log:
        problems.append("multiply-defined labels: " + ", ".join(sorted(set(multiply))[:5]))
    if "Label(s) may have changed" in log:
        problems.append("labels had not settled at the last run")
    report("LaTeX log has no errors, undefined references or multiply-defined labels",
           not problems, "; ".join(problems))


def chapter_numbers(out):
    """Chapters of the book and their titles, from the woven LaTeX."""
    tex = read(os.path.join(out, "chapters.tex"))
    return [int(n) for n in re.findall(r"\\label\{chapter:(\d+)\}", tex)]


def pdf_outline(pdf):
    """(level, title) pairs of the PDF's bookmarks."""
    if shutil.which("mutool"):
        proc = subprocess.run(["mutool", "show", pdf, "outline"], capture_output=True,
                              text=True)
        entries = []
        for line in proc.stdout.splitlines():
            m = re.match(r"^[|+-]((?:\t)*)\t\"(.*)\"\t", line)
            if m:
                entries.append((len(m.group(1)), m.group(2)))
        return entries
    # hyperref writes the outline it puts in the PDF to weft.out as well
    out = read(os.path.splitext(pdf)[0] + ".out")
    return [(0, t) for t in re.findall(r"\\BOOKMARK \[\d\]\[[^]]*\]\{[^}]*\}\{([^}]*)\}", out)]


def check_pdf(out):
    pdf = os.path.join(out, "weft.pdf")
    if not os.path.exists(pdf):
        report("PDF exists", False, "%s missing" % pdf)
        return
    report("PDF exists", True)
    nums = chapter_numbers(out)
    outline = pdf_outline(pdf)
    titles = [t for _, t in outline]
    missing = [n for n in nums if not any(re.match(r"%d\s" % n, t) for t in titles)]
    chapter_marks = [t for t in titles if re.match(r"\d+\s+\S", t) and "." not in t.split()[0]]
    report("PDF has one bookmark per chapter (%d)" % len(nums),
           nums and not missing and len(chapter_marks) == len(nums),
           "chapters %s have no bookmark; chapter bookmarks: %s" % (missing, chapter_marks))
    report("PDF has bookmarks for both indexes",
           "Index of chunks" in titles and "Index of identifiers" in titles,
           "bookmarks: %s" % titles[-3:])
    indexes = read(os.path.join(out, "indexes.tex"))
    parts = indexes.split("Index of identifiers")
    report("LaTeX chunk and identifier indexes are non-empty",
           len(parts) == 2 and "\\item" in parts[0] and "\\item" in parts[1],
           "an index has no entries")


# ---------------------------------------------------------------------------
# The page: code that fits, prose without overfull lines, chunks that hold
# together, no blank front-matter pages

PROSE_OVERFULL_PT = 3.0     # an overfull prose line this much too wide fails


def weftcode_lines(tex):
    """Line numbers of chapters.tex inside a WeftCode environment."""
    inside = set()
    start = None
    for n, line in enumerate(tex.splitlines(), 1):
        if line.startswith("\\begin{WeftCode}"):
            start = n
        elif line.startswith("\\end{WeftCode}") and start:
            inside.update(range(start, n + 1))
            start = None
    return inside


def overfull_boxes(log):
    """(points, first line, last line, in chapters.tex?, page, excerpt) for
    every overfull \\hbox in the LaTeX log.  The page is the one being
    filled when LaTeX noticed (the last shipped page + 1)."""
    opened = re.search(r"\((?:\S*/)?chapters\.tex", log)
    closed = re.search(r"\((?:\S*/)?indexes\.tex", log)
    span = (opened.end() if opened else len(log), closed.start() if closed else len(log))
    boxes = []
    for m in re.finditer(r"^Overfull \\hbox \(([\d.]+)pt too wide\) "
                         r"(?:in paragraph at lines (\d+)--(\d+)|detected at line (\d+)|"
                         r"in alignment at lines (\d+)--(\d+))", log, re.M):
        first = int(m.group(2) or m.group(4) or m.group(5))
        last = int(m.group(3) or m.group(4) or m.group(6))
        shipped = re.findall(r"\[(\d+)(?=[\]\s<{])", log[:m.start()])
        page = int(shipped[-1]) + 1 if shipped else 1
        excerpt = " ".join(log[m.end():m.end() + 160].split("\n\n")[0].split())
        boxes.append((float(m.group(1)), first, last, span[0] <= m.start() < span[1],
                      page, excerpt))
    return boxes


def check_overfull(out):
    log_path = os.path.join(out, "weft.log")
    tex_path = os.path.join(out, "chapters.tex")
    if not (os.path.exists(log_path) and os.path.exists(tex_path)):
        report("LaTeX log: no code line overflows", False, "run make pdf")
        return
    code = weftcode_lines(read(tex_path))
    code_boxes, prose_boxes = [], []
    for pts, first, last, in_chapters, page, excerpt in overfull_boxes(read(log_path)):
        if in_chapters and first in code and last in code:
            code_boxes.append("p. ~%d, chapters.tex:%d, %.1fpt: %s" % (page, first, pts,
                                                                       excerpt[:70]))
        elif pts > PROSE_OVERFULL_PT:
            prose_boxes.append("p. ~%d, %s:%d, %.1fpt: %s" % (
                page, "chapters.tex" if in_chapters else "front or back matter", first, pts,
                excerpt[:70]))
    report("LaTeX log: no code line overflows (no overfull box from a code chunk)",
           not code_boxes, "%d: %s" % (len(code_boxes), "; ".join(code_boxes[:4])))
    report("LaTeX log: no overfull prose box over %gpt" % PROSE_OVERFULL_PT,
           not prose_boxes, "%d: %s" % (len(prose_boxes), "; ".join(prose_boxes[:6])))


def page_labels(pdf):
    """Physical page index (0-based) -> printed page label, from the PDF's
    /PageLabels (roman front matter, then arabic)."""
    proc = subprocess.run(["mutool", "show", pdf, "trailer/Root/PageLabels"],
                          capture_output=True, text=True)
    ranges = []
    for m in re.finditer(r"(\d+)\s*<<(.*?)>>", proc.stdout, re.S):
        style = re.search(r"/S\s*/(\w)", m.group(2))
        start = re.search(r"/St\s+(\d+)", m.group(2))
        ranges.append((int(m.group(1)), style.group(1) if style else "D",
                       int(start.group(1)) if start else 1))
    return ranges


def roman(n):
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                           (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def label_of(ranges, index):
    """(label text, number, style) of the page at 0-based `index`."""
    current = (0, "D", 1)
    for r in ranges:
        if r[0] <= index:
            current = r
    number = index - current[0] + current[2]
    return (roman(number) if current[1] == "r" else str(number)), number, current[1]


def pdf_pages(pdf):
    """Every page's text lines, [(xMin, yMin, xMax, yMax, text)], from
    pdftotext -bbox-layout, sorted top to bottom."""
    proc = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True,
                          text=True)
    pages = []
    for page in proc.stdout.split("<page ")[1:]:
        lines = []
        for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">(.*?)</line>', page, re.S):
            words = re.findall(r">([^<]*)</word>", m.group(5))
            lines.append((float(m.group(1)), float(m.group(2)), float(m.group(3)),
                          float(m.group(4)), html_unescape(" ".join(words))))
        lines.sort(key=lambda l: (round(l[1]), l[0]))
        pages.append(lines)
    return pages


def html_unescape(s):
    import html
    return html.unescape(s)


def body_lines(lines, label):
    """A page's lines without its running head (top line holding the page
    number) and its foot (a bottom line that is the page number)."""
    rows = []
    for l in lines:
        if rows and abs(rows[-1][0][1] - l[1]) < 3:
            rows[-1].append(l)
        else:
            rows.append([l])
    texts = [" ".join(x[4] for x in row).strip() for row in rows]
    if texts and re.search(r"(^%s\s)|(\s%s$)" % (label, label), texts[0]):
        texts = texts[1:]
    if texts and texts[-1] == label:
        texts = texts[:-1]
    return [t for t in texts if t]


def check_pages(out):
    pdf = os.path.join(out, "weft.pdf")
    if not os.path.exists(pdf):
        report("PDF pages", False, "%s missing" % pdf)
        return
    ranges = page_labels(pdf)
    pages = pdf_pages(pdf)
    labels = [label_of(ranges, i) for i in range(len(pages))]
    # The right edge of the text block, on odd and even pages: justified
    # prose ends there, so it is the commonest right end of a long line.
    ends = {0: {}, 1: {}}
    for lines, (_, number, _) in zip(pages, labels):
        for l in lines:
            if l[2] - l[0] > 300:
                key = round(l[2] * 2) / 2
                ends[number % 2][key] = ends[number % 2].get(key, 0) + 1
    edge = {p: max(c, key=c.get) if c else 1e9 for p, c in ends.items()}
    wide = []
    for lines, (label, number, _) in zip(pages, labels):
        for l in lines:
            if l[2] > edge[number % 2] + PROSE_OVERFULL_PT:
                wide.append("p. %s: %.0fpt past the margin: %s" % (
                    label, l[2] - edge[number % 2], l[4][-50:]))
    report("PDF: no line runs into the right margin (%d pages)" % len(pages), not wide,
           "%d lines, e.g. %s" % (len(wide), "; ".join(wide[:5])))
    lone, stranded, blank = [], [], []
    footer = re.compile(r"^(Used in|Root chunk:|Not used in any|Continued in|Continues|"
                        r"Defines|Replaces|Replaced in)\b")
    for i, (lines, (label, number, style)) in enumerate(zip(pages, labels)):
        body = body_lines(lines, label)
        if body and re.search(r"⟩\s*\+?≡$", body[-1]):
            lone.append("p. %s: %s" % (label, body[-1][:50]))
        if body and footer.match(body[0]):
            stranded.append("p. %s: %s" % (label, body[0][:50]))
        # The contents' last page, the last one numbered in roman, may
        # hold only a few entries, each ending in its page number: that is
        # how a table of contents ends, not a page left blank.
        toc_tail = (i + 1 < len(labels) and labels[i + 1][2] != "r" and body and
                    all(re.search(r"\d$", l.strip()) for l in body))
        if style == "r" and i > 0 and len(" ".join(body).split()) < 20 and not toc_tail:
            blank.append("p. %s (%d words)" % (label, len(" ".join(body).split())))
    report("PDF: no page ends with a lone chunk header", not lone,
           "%d pages, e.g. %s" % (len(lone), "; ".join(lone[:4])))
    report("PDF: no page begins with a chunk's stranded notes (Used in, Defines...)",
           not stranded, "%d pages, e.g. %s" % (len(stranded), "; ".join(stranded[:4])))
    report("PDF: no blank or near-blank front-matter page", not blank, "; ".join(blank))
    check_two_columns(out, pages)


# ---------------------------------------------------------------------------
# Navigation: two-column identifier index, bibliography, subject index, A-Z

def outline_pages(pdf):
    """Bookmark title -> 1-based page, from mutool."""
    proc = subprocess.run(["mutool", "show", pdf, "outline"], capture_output=True, text=True)
    return {m.group(1): int(m.group(2)) for m in
            re.finditer(r'"([^"]*)"\t#page=(\d+)', proc.stdout)}


def check_two_columns(out, pages):
    pdf = os.path.join(out, "weft.pdf")
    start = outline_pages(pdf).get("Index of identifiers")
    if not start or start >= len(pages):
        report("PDF: the index of identifiers is in two columns", False,
               "no 'Index of identifiers' bookmark")
        return
    lines = pages[start]            # the index's second page (0-based start)
    left = min(l[0] for l in lines)
    right = max(l[2] for l in lines)
    middle = (left + right) / 2
    in_right = [l for l in lines if l[0] > middle - 5]
    in_left = [l for l in lines if l[2] < middle + 5]
    report("PDF: the index of identifiers is in two columns",
           len(in_right) > 10 and len(in_left) > 10,
           "page %d: %d lines start in the right half, %d end in the left half" % (
               start + 1, len(in_right), len(in_left)))


def reference_keys():
    text = read(os.path.join(ROOT, "book", "references.txt"))
    return re.findall(r"^key:\s*(\S+)", text, re.M)


def check_bibliography(out):
    keys = reference_keys()
    aux_path = os.path.join(out, "weft.aux")
    aux = read(aux_path) if os.path.exists(aux_path) else ""
    # weft.tex \input's chapters.tex; their \citation lines are in weft.aux
    listed = set(re.findall(r"\\bibcite\{([^}]*)\}", aux))
    cited = set(k.strip() for c in re.findall(r"\\citation\{([^}]*)\}", aux)
                for k in c.split(","))
    report("PDF bibliography has every entry of book/references.txt (%d)" % len(keys),
           keys and set(keys) <= listed, "missing: %s" % sorted(set(keys) - listed))
    report("PDF: every bibliography entry is cited in the text",
           keys and set(keys) <= cited, "never cited: %s" % sorted(set(keys) - cited))
    html_dir = os.path.join(out, "html")
    bib_path = os.path.join(html_dir, "bibliography.html")
    bib = read(bib_path) if os.path.exists(bib_path) else ""
    report("HTML bibliography has every entry",
           keys and all('id="bib-%s"' % k in bib for k in keys),
           "bibliography.html lacks %s" % [k for k in keys if 'id="bib-%s"' % k not in bib])
    text = "".join(read(p) for p in glob.glob(os.path.join(html_dir, "*.html"))
                   if not p.endswith("bibliography.html"))
    report("HTML: every bibliography entry is cited (a link to it)",
           keys and all("bibliography.html#bib-%s" % k in text for k in keys),
           "never cited: %s" % [k for k in keys if "bibliography.html#bib-%s" % k not in text])
    report("HTML bibliography: the article's Chinese title", "进程如何使用内存" in bib,
           "no 进程如何使用内存 in bibliography.html")


def check_subject_index(out):
    ind_path = os.path.join(out, "weft.ind")
    ind = read(ind_path) if os.path.exists(ind_path) else ""
    items = re.findall(r"\\item (.*?), \\hyperpage", ind)
    pdf = os.path.join(out, "weft.pdf")
    report("PDF subject index: at least 40 terms, with page links, in the outline",
           len(items) >= 40 and "Index of subjects" in outline_pages(pdf),
           "%d terms in weft.ind" % len(items))
    html_dir = os.path.join(out, "html")
    path = os.path.join(html_dir, "subjects.html")
    page = read(path) if os.path.exists(path) else ""
    entries = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page)
    bad = []
    for term, dd in entries:
        links = re.findall(r'href="([^"#]+)#(subj-\d+)"', dd)
        if not links:
            bad.append(term + " (no link)")
        for target, anchor in links:
            t = os.path.join(html_dir, target)
            if not os.path.exists(t) or 'id="%s"' % anchor not in read(t):
                bad.append("%s -> %s#%s" % (term, target, anchor))
    report("HTML subject index: at least 40 terms, every link lands on its term",
           len(entries) >= 40 and not bad, "%d terms; bad: %s" % (len(entries), bad[:4]))


def check_az_bars(out):
    html_dir = os.path.join(out, "html")
    for name in ("identifiers.html", "chunks.html", "subjects.html"):
        path = os.path.join(html_dir, name)
        page = read(path) if os.path.exists(path) else ""
        bar = re.search(r'<nav class="az">(.*?)</nav>', page, re.S)
        letters = re.findall(r'href="#(letter-[^"]+)"', bar.group(1)) if bar else []
        missing = [l for l in letters if 'id="%s"' % l not in page]
        report("HTML %s has an A-Z bar whose letters land" % name,
               len(letters) >= (15 if name == "identifiers.html" else 5) and not missing,
               "%d letters, %d without a target" % (len(letters), len(missing)))


# ---------------------------------------------------------------------------
# The HTML

class Page(HTMLParser):
    """Collects ids, links, and what is inside <pre class="code">."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.hrefs = []
        self.stack = []
        self.in_code = 0
        self.uses = 0               # <a class="use"> inside code
        self.bare_uses = []         # chunk brackets in code that are no link
        self.spans = 0              # highlight spans inside code
        self.chunks = 0
        self.in_link = 0
        self.dt = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        cls = (a.get("class") or "").split()
        if tag == "pre" and "code" in cls:
            self.in_code += 1
            self.chunks += 1
        if tag == "dt":
            self.dt += 1
        if self.in_code:
            if tag == "a":
                self.in_link += 1
                if "use" in cls:
                    self.uses += 1
            if tag == "span" and cls and cls[0] in ("kw", "ty", "cm", "st", "pp", "nu",
                                                     "fn", "lb", "bi"):
                self.spans += 1
        if tag not in ("br", "img", "meta", "link", "hr", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "pre" and self.in_code:
            self.in_code -= 1
        if tag == "a" and self.in_link:
            self.in_link -= 1
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_code and not self.in_link and "⟨" in data:
            self.bare_uses.append(data.strip()[:60])


def parse_pages(html_dir):
    pages = {}
    for path in sorted(glob.glob(os.path.join(html_dir, "*.html"))):
        p = Page()
        p.feed(read(path))
        pages[os.path.basename(path)] = p
    return pages


def dangling_links(pages, html_dir):
    bad = []
    for name, page in pages.items():
        for href in page.hrefs:
            if re.match(r"^[a-z]+:", href):
                continue            # http:, mailto:, file:
            target, _, frag = href.partition("#")
            target = target or name
            if target.endswith(".html"):
                if target not in pages:
                    bad.append("%s: %s (no page)" % (name, href))
                elif frag and frag not in pages[target].ids:
                    bad.append("%s: %s (no id)" % (name, href))
            elif not os.path.exists(os.path.join(html_dir, target)):
                bad.append("%s: %s (no file)" % (name, href))
    return bad


def check_html(out, latex_dir):
    html_dir = os.path.join(out, "html")
    if not os.path.exists(os.path.join(html_dir, "index.html")):
        report("HTML index exists", False, "%s/index.html missing: run make html" % html_dir)
        return
    pages = parse_pages(html_dir)
    report("HTML index exists", True)
    bad = dangling_links(pages, html_dir)
    report("HTML has no dangling links (%d pages)" % len(pages), not bad,
           "%d dangling, e.g. %s" % (len(bad), "; ".join(bad[:4])))
    chapters = {n: p for n, p in pages.items() if re.match(r"ch\d+\.html$", n)}
    report("HTML has a page per chapter", len(chapters) == len(chapter_numbers(latex_dir)),
           "%d pages, %d chapters" % (len(chapters), len(chapter_numbers(latex_dir))))
    bare = [u for p in chapters.values() for u in p.bare_uses]
    html_uses = sum(p.uses for p in chapters.values())
    tex_uses = read(os.path.join(latex_dir, "chapters.tex")).count("\\WU{")
    report("every chunk use in HTML code is a link",
           not bare and html_uses == tex_uses,
           "unlinked: %s; %d linked uses in HTML, %d in LaTeX" % (bare[:3], html_uses, tex_uses))
    plain = [n for n, p in chapters.items() if p.chunks and not p.spans]
    report("HTML code is highlighted", chapters and not plain,
           "no highlight spans in %s" % plain)
    tex = read(os.path.join(latex_dir, "chapters.tex"))
    report("LaTeX code is highlighted", re.search(r"\\W(kw|ty|cm|pp)\{", tex) is not None,
           "no colour macros in chapters.tex")
    for page, what in (("chunks.html", "chunk"), ("identifiers.html", "identifier")):
        p = pages.get(page)
        report("HTML %s index is non-empty" % what, p is not None and p.dt > 0,
               "%s missing or empty" % page)
    ident_links = sum(read(os.path.join(html_dir, n)).count('class="id"') for n in chapters)
    report("HTML code links identifiers to their definitions", ident_links > 0,
           "no identifier links in code")
    counts = {"buf": 0, "page": 0}
    check_links(html_dir, latex_dir, counts=counts)
    print("book: links to buf: %d, to page: %d" % (counts["buf"], counts["page"]))
    check_leaks(html_dir, os.path.join(out, "weft.pdf"),
                read(os.path.join(latex_dir, "chapters.tex")))


# ---------------------------------------------------------------------------
# Links: by scope, to definitions, from code font only

CHUNK_RE = re.compile(r'<div class="chunk[^"]*" id="chunk-(\d+)">\s*<div class="chunk-head">'
                      r'.*?<span class="lang">([^<]*)</span>.*?<pre class="code"><code>(.*?)'
                      r'</code></pre>\s*<div class="chunk-info">(.*?)</div>\s*</div>', re.S)
ID_LINK_RE = re.compile(r'<a class="id" href="[^"#]*#chunk-(\d+)">([^<]*)</a>')
HEADER_FILE_RE = re.compile(r"\.h$")


def plain(html_text):
    return html.unescape(re.sub(r"<[^>]*>", "", html_text))


class WovenChunk:
    def __init__(self, cid, code, info):
        self.id = cid
        self.lines = code.split("\n")
        self.text = [plain(l) for l in self.lines]
        self.defs = {}              # word -> [line index]
        for i, l in enumerate(self.lines):
            for w in re.findall(r'<span class="def">([^<]*)</span>', l):
                self.defs.setdefault(w.rstrip(":").lstrip("$"), []).append(i)
            for w in re.findall(r"SYSCALL_DEFINE\d\(\s*(\w+)", self.text[i]):
                self.defs.setdefault("sys_" + w, []).append(i)
        listed = re.search(r"Defines (.*?)\.\s*$", info)
        for w in re.findall(r"<code>([^<]*)</code>", listed.group(1) if listed else ""):
            self.defs.setdefault(html.unescape(w), [])
        cont = re.search(r'Continues <a class="cref" href="[^"#]*#chunk-(\d+)"', info)
        self.continues = int(cont.group(1)) if cont else None
        root = re.search(r"Root chunk: tangled into the file <code>([^<]*)</code>", info)
        self.root = html.unescape(root.group(1)) if root else None
        self.parents = [int(n) for n in re.findall(
            r'(?:Used in|Continues)((?: ?<a class="cref" href="[^"#]*#chunk-\d+">[^<]*</a>,?)+)',
            info) for n in re.findall(r"#chunk-(\d+)", n)]


def woven_chunks(pages):
    """chunk id -> WovenChunk, and per page the chunks and prose in order."""
    chunks, order = {}, {}
    for name, text in pages.items():
        order[name] = []
        pos = 0
        for m in CHUNK_RE.finditer(text):
            order[name].append(("prose", text[pos:m.start()]))
            c = WovenChunk(int(m.group(1)), m.group(3), m.group(4))
            c.lang = m.group(2)
            chunks[c.id] = c
            order[name].append(("code", c))
            pos = m.end()
        order[name].append(("prose", text[pos:]))
    files = {}

    def files_of(cid, seen=()):
        if cid not in files:
            c = chunks[cid]
            out = {c.root} if c.root else set()
            for p in c.parents:
                if p in chunks and p not in seen:
                    out |= files_of(p, seen + (cid,))
            files[cid] = out
        return files[cid]
    for cid, c in chunks.items():
        c.files = files_of(cid) or {"chunk-%d" % cid}
    mark_block_chunks(chunks)
    return chunks, order


def mark_block_chunks(chunks):
    """c.block: the chunk's text lands inside a function or a struct (not
    an enum), where what it declares is a local or a field."""
    inside = {}
    for c in chunks.values():
        stack, stmt = [], ""
        for line, text in zip(c.lines, c.text if c.lang == "c" else ()):
            for n in re.findall(r'class="use" href="[^"#]*#chunk-(\d+)"', line):
                inside.setdefault(int(n), []).append((c.id, bool(stack) and stack[-1] != "enum"))
            text = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|/\*.*?\*/|//.*', "", text)
            if text.lstrip().startswith("#"):
                continue
            for ch in text:
                if ch == "{":
                    stack.append("enum" if re.search(r"\benum\b", stmt) else "block")
                    stmt = ""
                elif ch == "}":
                    stack = stack[:-1]
                    stmt = ""
                elif ch == ";":
                    stmt = ""
                else:
                    stmt += ch
    for c in chunks.values():
        c.block = None
    changed = True
    while changed:
        changed = False
        for c in chunks.values():
            first = c.continues if c.continues in chunks else c.id
            block = any(b or chunks[p].block for p, b in inside.get(first, ()) if p in chunks)
            if block and not c.block:
                c.block = True
                changed = True


def program_of(path):
    top = path.split("/", 1)[0]
    return top if top in ("kernel", "libc") else path


def is_declaration(line, word):
    w = re.escape(word)
    return re.match(r"^\s*(?:typedef\s+)?(?:struct|union|enum)\s+%s\s*;" % w, line) or \
        (re.search(r"^\S.*(?<![\w.])%s\s*\(.*\)\s*;" % w, line) and "{" not in line and
         not line.startswith(("#", "return")) and "=" not in line.split(word)[0]) or \
        re.match(r"^\s*extern\b", line)


def file_local(chunk, line_no, word):
    """A definition seen from its own file only: a static, or a macro,
    type or enum constant, of a .c or .S file."""
    if all(HEADER_FILE_RE.search(f) for f in chunk.files):
        return False
    line = chunk.text[line_no]
    before = chunk.text[line_no - 1] if line_no else ""
    return re.match(r"^\s*(?:static\b|#\s*define\b|typedef\b)", line) or \
        re.match(r"^(?:enum)(?:\s+\w+)?\s*\{?\s*$", line) or \
        re.match(r"^\s+[A-Za-z_]\w*\s*(?:=[^,;]*)?,?\s*(?:/\*.*)?$", line) or \
        before.startswith("static")


def link_problem(chunks, user_files, target_id, word, defined_at):
    """Why a link from code or prose in `user_files` to `word` in chunk
    `target_id` is wrong, or None."""
    t = chunks.get(target_id)
    if t is None:
        return "no chunk %d" % target_id
    name = word.rstrip(":").lstrip("$")
    if name not in t.defs:
        return "chunk %d does not define it" % target_id
    if not t.defs[name]:
        return None             # made by a macro (PAGEFLAG), or a type pygments knows
    line_no = min(t.defs[name], key=lambda i: (
        bool(is_declaration(t.text[i], name)), t.text[i][:1].isspace() or
        "=" in t.text[i].split(name)[0], i))
    if t.block and not re.match(r"^\s*(?:#\s*define\b|[A-Za-z_]\w*\s*(?:=[^,;]*)?,)",
                                t.text[line_no]):
        return "a local or a field (%r, in a chunk used inside braces)" % (
            t.text[line_no].strip())
    if is_declaration(t.text[line_no], name):
        real = [(cid, i) for cid, i in defined_at.get(name, ())
                if not is_declaration(chunks[cid].text[i], name)]
        if real:
            return "a declaration (%r) although chunk %d defines it" % (
                t.text[line_no].strip(), real[0][0])
    if user_files is None:
        return None
    if not (t.files & user_files):
        if file_local(t, line_no, name):
            return "a static, local or file-scope name of %s (%r)" % (
                "/".join(sorted(t.files)), t.text[line_no].strip())
        theirs = {program_of(f) for f in t.files}
        ours = {program_of(f) for f in user_files}
        if not (theirs & ours) and not ("libc" in theirs and
                                        any(f.startswith("user/") for f in user_files)):
            return "a name of another program (%s)" % "/".join(sorted(t.files))
    return None


def link_findings(html_dir):
    """Every identifier link of the woven HTML, in code and in prose, and
    those that are wrong (bad) or sit in plain prose (plain_words)."""
    pages = {os.path.basename(p): read(p) for p in glob.glob(os.path.join(html_dir, "ch*.html"))}
    chunks, order = woven_chunks(pages)
    defined_at = {}
    for c in chunks.values():
        for w, lines in c.defs.items():
            defined_at.setdefault(w, []).extend((c.id, i) for i in lines)
    bad, plain_words = [], []
    html_code, html_prose = [], []
    for page, items in order.items():
        # A \section starts in a prose piece: split the pieces there, and
        # let prose see the files of its section's code too.
        sections, section_files = [], {}
        n = 0
        for kind, item in items:
            first = n
            if kind == "prose":
                n += len(re.findall(r'<section id="[^"]*" class="level2"', item))
            else:
                section_files[n] = section_files.get(n, set()) | item.files
            sections.append(range(first, n + 1))
        for k, (kind, item) in enumerate(items):
            if kind == "code":
                for i, line in enumerate(item.lines):
                    for m in ID_LINK_RE.finditer(line):
                        html_code.append((item.id, int(m.group(1)), html.unescape(m.group(2))))
                        why = link_problem(chunks, item.files, int(m.group(1)),
                                           html.unescape(m.group(2)), defined_at)
                        if why:
                            bad.append("%s: %s in chunk %d → %s" % (page, m.group(2), item.id, why))
                continue
            near = set().union(*[section_files.get(n, ()) for n in sections[k]])
            for j in (k - 1, k + 1):
                if 0 <= j < len(items) and items[j][0] == "code":
                    near |= items[j][1].files
            # Prose with no program's code near it (a section of only
            # checks or prose) has no scope: any definition is visible.
            if not any(re.search(r"\.[chS]$", f) for f in near):
                near = None
            for m in ID_LINK_RE.finditer(item):
                opened = item.rfind('<code class="quote">', 0, m.start())
                if opened < 0 or item.rfind("</code>", opened, m.start()) >= 0:
                    plain_words.append("%s: %s" % (page, m.group(2)))
                    continue
                html_prose.append((int(m.group(1)), html.unescape(m.group(2))))
                why = link_problem(chunks, near, int(m.group(1)), html.unescape(m.group(2)),
                                   defined_at)
                if why:
                    bad.append("%s: prose %s → %s" % (page, m.group(2), why))
    return bad, plain_words, html_code, html_prose


def check_links(html_dir, latex_dir=None, label="", counts=None):
    """Every identifier link in the woven HTML (and the same links in the
    LaTeX of the PDF): from code or from code font in prose, to the chunk
    that defines the name (not one that declares it), visible from where it
    is used (a static or local of another file is not; nor is a name of
    another program)."""
    bad, plain_words, html_code, html_prose = link_findings(html_dir)
    if counts is not None:
        for w in counts:
            counts[w] = sum(1 for _, _, x in html_code if x == w) + \
                sum(1 for _, x in html_prose if x == w)
    report("%slinks go to a visible definition (%d in code, %d in prose)" % (
        label, len(html_code), len(html_prose)), html_code and not bad,
        "%d bad, e.g. %s" % (len(bad), "; ".join(bad[:int(os.environ.get("SHOW_BAD", 4))])))
    report("%slinks from prose are in code font only" % label, not plain_words,
           "%d plain words linked, e.g. %s" % (len(plain_words), "; ".join(plain_words[:4])))
    if latex_dir:
        tex_code, tex_prose = latex_links(read(os.path.join(latex_dir, "chapters.tex")))
        diff = sorted(set(Counter(html_code).items()) ^ set(Counter(tex_code).items()))[:3]
        pdiff = sorted(set(Counter(html_prose).items()) ^ set(Counter(tex_prose).items()))[:3]
        report("%sthe PDF links the same names to the same chunks as the HTML" % label,
               not diff and not pdiff, "differ: %s %s" % (diff, pdiff))


def latex_links(tex):
    """(user chunk, target chunk, word) for \\WI links in code and (target,
    word) for \\hyperref links in \\weftcode, from the woven LaTeX."""
    code, prose = [], []
    parts = re.split(r"\\weftchunk\{(\d+)\}", tex)
    for n, part in enumerate(parts):
        if n % 2:
            continue
        body, _, rest = part.partition("\\end{WeftCode}") if n else ("", "", part)
        for m in re.finditer(r"\\WI\{(\d+)\}\{([^{}]*)\}", body):
            code.append((int(parts[n - 1]), int(m.group(1)), m.group(2)))
        # the weaver lets code in prose break after an underscore (\WBk)
        rest = re.sub(r"\\WBk\{\d+\}", "", rest)
        for m in re.finditer(r"\\hyperref\[chunk:(\d+)\]\{((?:[A-Za-z]|\\_)(?:\w|\\_)*)\}", rest):
            prose.append((int(m.group(1)), m.group(2).replace("\\_", "_")))
    return code, prose


# ---------------------------------------------------------------------------
# Leaks: what only the weaver or the authors should ever see

# Documents of the project that are not in the repository a reader has.
PRIVATE_DOCS_RE = re.compile(r"\b(?:DESIGN|FACTS|STYLE)(?:\.md|['’]s\b|\b)")
TESTS_PATH_RE = re.compile(r"(?<![\w./-])(?:build/ch\d+/)?(tests/[\w.*/-]*[\w*])")


def leaks(text, roots):
    """Placeholders, empty chunk names, paths under tests/ that name
    nothing, and private documents, in a woven text."""
    found = []
    for m in re.finditer(r"WEFT[A-Z]+\d+Z", text):
        found.append("placeholder %s" % m.group(0))
    for m in re.finditer(r"⟨\s*⟩|\w, , \w", text):
        found.append("empty chunk name in %r" % text[max(0, m.start() - 30):m.end() + 10])
    for m in PRIVATE_DOCS_RE.finditer(text):
        found.append("private document %r" % text[max(0, m.start() - 20):m.end() + 10])
    for m in TESTS_PATH_RE.finditer(text):
        path = m.group(1).rstrip(".")
        if "*" in path or os.path.exists(os.path.join(ROOT, path)) or path in roots or \
                any(r.startswith(path.rstrip("/") + "/") for r in roots) or \
                glob.glob(os.path.join(ROOT, "tests/untangled/*", path)):
            continue	# a tangled root, or an untangled file a build copies to PATH
        found.append("path %s (not in the repository)" % path)
    return found


def check_leaks(html_dir, pdf, tex, label=""):
    roots = set()
    pages = {}
    for p in glob.glob(os.path.join(html_dir, "*.html")):
        page = read(p)
        roots.update(html.unescape(r) for r in re.findall(
            r"Root chunk: tangled into the file <code>([^<]*)</code>", page))
        page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
        pages[os.path.basename(p)] = page
    found = []
    for name, page in sorted(pages.items()):
        found += ["%s: %s" % (name, f) for f in leaks(plain(page), roots)]
        if re.search(r'<code class="quote">\s*</code>', page):
            found.append("%s: an empty [[quote]]" % name)
    if tex is not None:
        found += ["LaTeX: an empty [[quote]]"] * ("\\weftcode{}" in tex)
    if pdf and os.path.exists(pdf):
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        found += ["PDF: %s" % f for f in leaks(re.sub(r"[ \t]+", " ", text), roots)]
    report("%sno placeholders, empty chunk names, missing tests/ paths or private "
           "documents in the PDF and HTML" % label, not found,
           "%d, e.g. %s" % (len(found), "; ".join(found[:4])))


# ---------------------------------------------------------------------------
# Fixtures: replacement notes, and broken chapters

def weave(args, cwd=ROOT):
    return subprocess.run([PYTHON, WEAVE] + args, capture_output=True, text=True, cwd=cwd)


def check_replacement_fixture(tmp):
    files = [os.path.join("tests", "tangle", "fixture", f)
             for f in ("01-first.nw", "02-second.nw")] + \
        [os.path.join("tests", "book", "chapref", f) for f in ("03-refs.nw", "04-more.nw")] + \
        [os.path.join("tests", "book", "links", f) for f in ("05-kernel.nw", "06-uses.nw")]
    out = os.path.join(tmp, "fixture")
    os.makedirs(out)
    proc = weave(["--figures", os.path.join(tmp, "nofigures"), "--latex", out,
                  "--html", os.path.join(out, "html")] + files)
    if proc.returncode != 0:
        report("fixture weaves", False, proc.stderr.strip())
        return
    report("fixture weaves", True)
    env = dict(os.environ, TEXINPUTS=os.path.join(ROOT, "book") + ":")
    latex = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                            os.path.join(ROOT, "book", "weft.tex")],
                           cwd=out, env=env, capture_output=True, text=True)
    pdf = os.path.join(out, "weft.pdf")
    if latex.returncode != 0 or not os.path.exists(pdf):
        report("fixture PDF builds", False, (latex.stdout + latex.stderr)[-400:])
        text = ""
    else:
        report("fixture PDF builds", True)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                              text=True).stdout
    text = re.sub(r"\s+", " ", text)
    log = os.path.join(out, "weft.log")
    code = weftcode_lines(read(os.path.join(out, "chapters.tex")))
    boxes = [b for b in overfull_boxes(read(log) if os.path.exists(log) else "")
             if b[3] and b[1] in code]
    report("fixture PDF: an unbreakable code line is found as an overfull code box",
           len(boxes) == 1, "%d overfull code boxes in the fixture's log" % len(boxes))
    report("fixture PDF: the old chunk says it is replaced",
           re.search(r"Replaced in chapter 2 by 2\.1", text) is not None,
           "no 'Replaced in chapter 2 by 2.1' in the PDF text")
    report("fixture PDF: the new chunk says what it replaces",
           re.search(r"Replaces ⟨hello\.c: greeting⟩ from chapter 1, p\. ?\d+", text)
           is not None, "no 'Replaces <hello.c: greeting> from chapter 1, p. N' in the PDF")
    ch1 = read(os.path.join(out, "html", "ch01.html"))
    ch2 = read(os.path.join(out, "html", "ch02.html"))
    report("fixture HTML: the old chunk says it is replaced",
           re.search(r'Replaced in chapter 2 by <a class="cref" href="ch02\.html#chunk-\d+">2\.1'
                     r'</a>', ch1) is not None, "no replacement note in ch01.html")
    report("fixture HTML: the new chunk says what it replaces",
           re.search(r'Replaces <a href="ch01\.html#chunk-\d+">⟨hello\.c: greeting 1\.2⟩</a> '
                     r'from chapter 1', ch2) is not None, "no 'Replaces' note in ch02.html")
    pages = parse_pages(os.path.join(out, "html"))
    bad = dangling_links(pages, os.path.join(out, "html"))
    report("fixture HTML has no dangling links", not bad, "; ".join(bad[:3]))
    check_chapref_fixture(out, text, pages)
    check_links_fixture(out, pdf)


def check_links_fixture(out, pdf):
    """tests/book/links/: a static buffer and a static function of one
    file, a local of another, a forward declaration and a prototype in a
    later chapter than the definitions, names of the C library and the
    shell in the kernel's prose, a [[quote]] in $math$ and a [[<<chunk>>]]
    in a quote.  The old weaver got every one of them wrong."""
    html_dir = os.path.join(out, "html")
    check_links(html_dir, out, "fixture: ")
    check_leaks(html_dir, pdf, read(os.path.join(out, "chapters.tex")), "fixture: ")
    ch6 = read(os.path.join(html_dir, "ch06.html"))
    counts = Counter(m.group(2) for m in ID_LINK_RE.finditer(ch6))
    report("fixture: chapter 6 links page and kfree to their definitions, and not buf, "
           "line, echo, libc's syscall or the shell's APPEND",
           counts["page"] >= 3 and counts["kfree"] >= 2 and not any(
               counts[w] for w in ("buf", "line", "echo", "syscall", "APPEND")),
           "links: %s" % dict(counts))
    report("fixture: a [[<<chunk>>]] in prose names and links the chunk",
           re.search(r'come from a chunk, <a class="use" href="ch06\.html#chunk-\d+">'
                     r'⟨sys\.c: the locals', ch6)
           is not None, "no link to <sys.c: the locals> in ch06.html")
    report("fixture: $-[[EFAULT]]$ shows the name",
           re.search(r"−\s*(?:</span>)?\s*<code class=\"quote\"><a [^>]*>EFAULT</a>", ch6)
           is not None, "no '−EFAULT' in ch06.html")
    # The checks themselves catch what no fixture may contain.
    found = leaks("As DESIGN's rule and FACTS.md, item 1 say; compile tests/no/such.c, "
                  "not tests/boot-with; WEFTQ3Z; one chunk, , which", {"tests/x.c"})
    report("the leak check finds private documents, missing tests/ paths, placeholders "
           "and empty names", len(found) == 5 and not any(f.startswith("path tests/boot-with")
                                                        for f in found),
           "found %s" % found)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "ch01.html"), "w") as f:
            f.write('<p>the <a class="id" href="ch01.html#chunk-0">syscall</a> '
                    'instruction</p>\n<div class="chunk" id="chunk-0">\n<div class="chunk-head">'
                    '<span class="lang">c</span></div>\n<pre class="code"><code>long '
                    '<span class="def">syscall</span>(long n);</code></pre>\n'
                    '<div class="chunk-info">Root chunk: tangled into the file <code>a.c'
                    '</code>.</div>\n</div>\n')
        plain_words = link_findings(tmp)[1]
    report("the link check finds a link from a plain word of prose", plain_words != [],
           "a plain 'syscall' link went unnoticed")


def check_chapref_fixture(out, text, pages):
    """tests/book/chapref/03-refs.nw is chapter 3; 04-more.nw (ch:more) is
    chapter 4; heap and slab are chapters 12 and 13 of the plan only."""
    report("fixture PDF: \\Chapref to a chapter of the book prints its number",
           "Chapter 4 is a chapter of this book" in text,
           "no 'Chapter 4 is a chapter of this book' in the PDF text")
    report("fixture PDF: \\chapref to a planned chapter prints the plan's number",
           "chapter 13 is only planned, and so is chapter 12" in text,
           "no 'chapter 13 is only planned, and so is chapter 12' in the PDF text")
    report("fixture PDF: \\chapnum prints bare numbers",
           re.search(r"chapters 3[–-]+4, and chapters 12 and 13", text) is not None,
           "no 'chapters 3–4, and chapters 12 and 13' in the PDF text")
    report("fixture PDF: \\chapref back to an earlier chapter", "Back to chapter 3." in text,
           "no 'Back to chapter 3.' in the PDF text")
    nums_tex = os.path.join(out, "chapnums.tex")
    nums = read(nums_tex) if os.path.exists(nums_tex) else ""
    report("fixture PDF: \\chapref links a present chapter, not a planned one",
           "\\weftchapkey{more}{4}{ch:more}" in nums and "\\weftchapkey{slab}{13}{}" in nums,
           "chapnums.tex: %r" % nums[:300])
    ch3 = read(os.path.join(out, "html", "ch03.html"))
    ch4 = read(os.path.join(out, "html", "ch04.html"))
    nb = "\u00a0"
    link = re.search(r'<a class="chapref" href="([^"]*)"[^>]*>Chapter%s4</a> is a chapter' % nb,
                     ch3)
    report("fixture HTML: \\Chapref links to the chapter's page",
           link is not None and link.group(1) == "ch04.html" and "ch04.html" in pages,
           "no <a class=\"chapref\" href=\"ch04.html\">Chapter 4</a> in ch03.html")
    report("fixture HTML: \\chapref to a planned chapter is its number, no link",
           re.search(r'<span class="chapref planned" title="13\. The SLAB allocator '
                     r'\(to come\)">chapter%s13</span>' % nb, ch3) is not None,
           "no planned 'chapter 13' span in ch03.html")
    report("fixture HTML: \\chapnum ranges",
           re.search(r'chapters[ %s]<a class="chapref" href="ch03\.html"[^>]*>3</a>–'
                     r'<a class="chapref" href="ch04\.html"[^>]*>4</a>, and chapters[ %s]'
                     r'<span[^>]*>12</span> and[ %s]<span[^>]*>13</span>' % (nb, nb, nb),
                     ch3) is not None, "no linked 3–4 and planned 12 and 13 in ch03.html")
    report("fixture HTML: \\chapref back to an earlier chapter",
           re.search(r'Back to <a class="chapref" href="ch03\.html"[^>]*>chapter%s3</a>'
                     % nb, ch4) is not None, "no link back to chapter 3 in ch04.html")


BROKEN = {
    "unescaped << in prose": ("Text.\n\nShifting by a << b is fine in C.\n"
                              "<<a.c>>=\nint x;\n@\n", 3),
    "chunk left open at the end of the file": ("Text.\n<<a.c>>=\nint x;\n", 2),
    "unterminated chunk use": ("Text.\n<<a.c>>=\nint x;\n<<a.c: more\n@\n", 4),
    "use of an undefined chunk": ("Text.\n<<a.c>>=\n<<a.c: nowhere>>\n@\n", 2),
    "\\chunkref to no chunk": ("Text \\chunkref{no such chunk}.\n<<a.c>>=\nint x;\n@\n", 1),
    "\\weftfigure without a source": ("\\weftfigure{nothing}{Nothing.}\n<<a.c>>=\nint x;\n@\n",
                                      1),
    "\\chapref to no chapter": ("Text.\n\nAs \\Chapref{nosuch} shows.\n<<a.c>>=\nint x;\n@\n", 3),
}


def check_broken_chapters(tmp):
    for what, (text, line) in BROKEN.items():
        path = os.path.join(tmp, "07-broken.nw")
        with open(path, "w") as f:
            f.write("\\chapter{Broken}\n" + text)
        proc = weave(["--check", "--figures", tmp, path])
        want = "%s:%d:" % (path, line + 1)
        report("a broken chapter fails with file:line (%s)" % what,
               proc.returncode != 0 and want in proc.stderr,
               "exit %d, stderr %r (wanted %r)" % (proc.returncode, proc.stderr.strip(), want))


def check_figure_text(out):
    """Every figure's smallest text, as the PDF prints it, is at least
    figure_size.MIN_PT (tests/book/figure_size.py says how it is measured)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import figure_size
    stems = sorted({os.path.splitext(f)[0] for f in os.listdir(os.path.join(ROOT, "figures"))
                    if os.path.splitext(f)[1] in (".dot", ".svg", ".tex")})
    small, missing = [], []
    try:
        box = figure_size.page_box()
    except (ValueError, AttributeError, KeyError) as e:
        report("figure text at least %g pt" % figure_size.MIN_PT, False,
               "cannot read the page size from book/weft.tex: %s" % e)
        return
    for stem in stems:
        pdf = os.path.join(out, "fig", stem + ".pdf")
        if not os.path.exists(pdf):
            missing.append(stem)
            continue
        size, scale = figure_size.printed_text_size(pdf, box)
        if size is not None and size < figure_size.MIN_PT:
            small.append("%s: %.1f pt (scale %.2f)" % (stem, size, scale))
    report("figure text at least %g pt" % figure_size.MIN_PT, not small and not missing,
           "; ".join(small + ["%s: not drawn (run make pdf)" % m for m in missing]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "book"))
    ap.add_argument("--no-fixtures", action="store_true")
    args = ap.parse_args()
    os.chdir(ROOT)
    check_latex_log(args.out)
    check_pdf(args.out)
    check_overfull(args.out)
    check_pages(args.out)
    check_html(args.out, args.out)
    check_figure_text(args.out)
    check_bibliography(args.out)
    check_subject_index(args.out)
    check_az_bars(args.out)
    if not args.no_fixtures:
        with tempfile.TemporaryDirectory() as tmp:
            check_replacement_fixture(tmp)
            check_broken_chapters(tmp)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
