#!/usr/bin/python3
"""Rewrite chapter numbers typed in the book's prose into \\chapref labels.

    book/chapref-convert.py --map 1=boot,2=buddy,3=processes,... [--dry-run] [FILE...]

The map says which chapter each OLD number meant when the text was written
(keys are chapter labels without `ch:`, as in PLAN in book/weave.py).  The
files default to chapters/*.nw and book/frontmatter.tex.  In the prose
(never in code chunks) it rewrites

    chapter~4            ->  \\chapref{vma}          (Chapter~4 -> \\Chapref{vma})
    chapter~4's          ->  \\chapref{vma}'s
    chapters~5--7        ->  chapters~\\chapnum{faults}--\\chapnum{stack}
    chapters~3 and~4     ->  chapters~\\chapnum{processes} and~\\chapnum{vma}
    chapters~3, 4 and 5  ->  chapters~\\chapnum{processes}, \\chapnum{vma} and ...
    (also "or", "to", and a list broken across lines)
    chapter~\\ref{ch:vma}  ->  \\chapref{vma}           (any other \\ref{ch:vma} -> \\chapnum{vma})

and prints every change as `file:line: old -> new`.  Whatever still names a
chapter by number afterwards (a number the map lacks, `chapter 3` with a
plain space, a section number like `chapter~3.2`, numbers in code chunks,
which are C and cannot hold a macro) is listed under "not converted".
With --dry-run nothing is written.  Exits 1 if something was not converted.
"""
import argparse
import glob
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# A chapter number: not part of a longer number, a word or a section number.
NUM = r"\d+(?!\w)(?!\.\d)"
# `chapters~` and then a number, a range, or a list ending in and/or/to.
PLURAL_RE = re.compile(
    r"(?P<word>[Cc]hapters)~(?P<nums>%s(?:\s*--\s*%s"
    r"|(?:,(?:\s+|~)%s)*,?(?:\s+|~)(?:and|or|to)(?:\s+|~)%s)?)" % (NUM, NUM, NUM, NUM))
SINGULAR_RE = re.compile(r"(?P<word>[Cc]hapter)~(?P<nums>%s)" % NUM)
# \ref to a chapter label: the number LaTeX prints, but none for a chapter
# still to be written.
REF_RE = re.compile(r"(?:(?P<word>[Cc]hapter)~)?\\ref\{ch:(?P<key>[^{}\s]+)\}")
# What still looks like a typed chapter number after the rewrite.
LEFT_RE = re.compile(r"[Cc]hapters?(?:~|[ \t]+|[ \t]*\n[ \t]*)\d")


def parse_map(text):
    out = {}
    for item in text.split(","):
        old, sep, key = item.partition("=")
        if not sep or not old.strip().isdigit() or not re.fullmatch(r"[\w-]+", key.strip()):
            raise SystemExit("chapref-convert: bad --map item %r (want NUMBER=KEY)" % item)
        out[int(old)] = key.strip()
    return out


def prose_mask(path, text):
    """For each character, whether it is prose (True) or code (False): in a
    .nw file, code runs from a `<<name>>=` line to the next line starting
    with `@`; [[quoted code]] in prose counts as code too."""
    mask = [True] * len(text)
    pos = 0
    in_code = False
    for line in text.splitlines(keepends=True):
        if path.endswith(".nw"):
            if re.match(r"<<.*>>=\s*$", line):
                in_code = True
            elif in_code and (line.startswith("@ ") or line.rstrip("\n") == "@"
                              or line.startswith("@%")):
                in_code = False
                pos += len(line)
                continue
        if in_code:
            mask[pos:pos + len(line)] = [False] * len(line)
        pos += len(line)
    for m in re.finditer(r"\[\[.*?\]\]", text, flags=re.S):
        mask[m.start():m.end()] = [False] * (m.end() - m.start())
    return mask


def line_at(text, pos):
    return text.count("\n", 0, pos) + 1


def show(s):
    return s.replace("\n", "\\n")


def convert(path, text, mapping, changes, problems):
    mask = prose_mask(path, text)
    edits = []          # (start, end, new)

    def taken(start, end):
        return any(s < end and start < e for s, e, _ in edits)

    def rewrite(m, plural):
        if not all(mask[m.start():m.end()]) or taken(m.start(), m.end()):
            return
        nums = [int(n) for n in re.findall(r"\d+", m.group("nums"))]
        if any(n not in mapping for n in nums):
            return                  # reported below, with the rest
        if not plural and len(nums) == 1:
            macro = "Chapref" if m.group("word")[0] == "C" else "chapref"
            new = "\\%s{%s}" % (macro, mapping[nums[0]])
        else:
            new = m.group("word") + "~" + re.sub(
                r"\d+", lambda d: "\\chapnum{%s}" % mapping[int(d.group(0))], m.group("nums"))
        edits.append((m.start(), m.end(), new))

    for m in REF_RE.finditer(text):
        if all(mask[m.start():m.end()]):
            macro = {None: "chapnum", "chapter": "chapref", "Chapter": "Chapref"}[m.group("word")]
            edits.append((m.start(), m.end(), "\\%s{%s}" % (macro, m.group("key"))))
    for m in PLURAL_RE.finditer(text):
        rewrite(m, True)
    for m in SINGULAR_RE.finditer(text):
        rewrite(m, False)
    edits.sort()
    out = []
    pos = 0
    for start, end, new in edits:
        out.append(text[pos:start])
        out.append(new)
        changes.append("%s:%d: %s -> %s" % (path, line_at(text, start),
                                             show(text[start:end]), show(new)))
        pos = end
    out.append(text[pos:])
    new_text = "".join(out)

    # What is left: report it, once per place, saying why it stayed.
    new_mask = prose_mask(path, new_text)
    for m in LEFT_RE.finditer(new_text):
        line = line_at(new_text, m.start())
        eol = new_text.find("\n", m.end())
        context = new_text[m.start():eol if eol >= 0 else len(new_text)][:50].strip()
        whole = PLURAL_RE.match(new_text, m.start()) or SINGULAR_RE.match(new_text, m.start())
        nums = [int(n) for n in re.findall(r"\d+", whole.group("nums"))] if whole else []
        if not new_mask[m.start()]:
            why = "in code (C or [[quoted]] code cannot hold a macro)"
        elif "~" not in m.group(0):
            why = "a plain space, not ~, before the number"
        elif re.match(r"\d+\.\d", new_text[m.end() - 1:]):
            why = "a section number"
        elif any(n not in mapping for n in nums):
            why = "no --map entry for %s" % ", ".join(
                str(n) for n in nums if n not in mapping)
        else:
            why = "a form this script does not know"
        problems.append("%s:%d: %s: %s" % (path, line, context, why))
    return new_text


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--map", required=True,
                    help="OLD=KEY,...: the chapter each typed number meant, "
                    "e.g. 1=boot,2=buddy,3=processes")
    ap.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    ap.add_argument("files", nargs="*", help="default: chapters/*.nw book/frontmatter.tex")
    args = ap.parse_args()
    mapping = parse_map(args.map)
    files = args.files or (sorted(glob.glob(os.path.join(ROOT, "chapters", "[0-9]*.nw")))
                           + [os.path.join(ROOT, "book", "frontmatter.tex")])
    changes, problems = [], []
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        shown = os.path.relpath(path)
        n = len(changes)
        new_text = convert(shown, text, mapping, changes, problems)
        for c in changes[n:]:
            print(c)
        if new_text != text and not args.dry_run:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new_text)
    print("%d change%s%s" % (len(changes), "" if len(changes) == 1 else "s",
                             " (dry run: nothing written)" if args.dry_run else ""))
    if problems:
        print("not converted (%d):" % len(problems))
        for p in problems:
            print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
