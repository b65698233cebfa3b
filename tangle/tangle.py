#!/usr/bin/python3
"""Tangle chapters 1..N of the book into one source tree.

    tangle.py --out build/ch02 chapters/01-boot.nw chapters/02-buddy.nw
    tangle.py --check chapters/*.nw        (hygiene only, writes nothing)

Reads the chapters with noweb's `markup`, applies the replacement rule
(a code chunk whose terminator line is `@ %replace` drops every earlier
definition of the same chunk), checks chunk hygiene, and extracts every
root chunk that names an output file with noweb's `nt`, adding #line
directives that point into the .nw files.  A file whose text did not
change is left alone, so its timestamp (and make's view of it) stays.

Test programs the book describes but does not print are plain files:
tests/untangled/NN-name/PATH is copied to PATH in the tree of every
build that includes chapter NN-name (--extra names another directory).
"""
import argparse
import os
import re
import subprocess
import sys

NOWEB_LIB = "/usr/lib/noweb"
# Files that get #line directives: C and assembler run through cpp.
LINE_DIRECTIVE_SUFFIXES = (".c", ".h", ".S")
LINE_FORMAT = '#line %L "%F"%N'


class TangleError(Exception):
    pass


def is_output_file(name):
    """Root chunks that are output paths look like paths: no blanks."""
    return re.fullmatch(r"[A-Za-z0-9_.+-]+(/[A-Za-z0-9_.+-]+)*", name) is not None \
        and ("." in name or "/" in name or name == "Makefile")


def run_markup(files, cwd):
    proc = subprocess.run([os.path.join(NOWEB_LIB, "markup"), "-t"] + files,
                          cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0 or "@fatal" in proc.stdout:
        msg = proc.stderr.strip() or "markup failed"
        raise TangleError(msg)
    return proc.stdout.splitlines()


class Chunk:
    """One code chunk (one definition) in the pipeline."""

    def __init__(self, name, file, line, start):
        self.name = name
        self.file = file
        self.line = line
        self.start = start      # index of its "@begin code" line
        self.end = None         # index of its "@end code" line
        self.uses = []          # (name, file, line)
        self.replaces = False


def parse(pipeline):
    """Return the list of code chunks, with positions, uses and markers."""
    chunks = []
    file, line = "?", 1
    current = None
    pending_replace_check = None
    in_docs_first_text = False
    for i, rec in enumerate(pipeline):
        if rec.startswith("@file "):
            file, line = rec[6:], 1
        elif rec in ("@nl", "@index nl"):
            line += 1
        elif rec.startswith("@begin code"):
            current = Chunk(None, file, line, i)
        elif rec.startswith("@defn ") and current is not None:
            current.name = rec[6:]
        elif rec.startswith("@use ") and current is not None:
            current.uses.append((rec[5:], file, line))
        elif rec.startswith("@end code"):
            current.end = i
            chunks.append(current)
            pending_replace_check = current
            current = None
        elif rec.startswith("@begin docs"):
            in_docs_first_text = True
        elif rec.startswith("@text ") and in_docs_first_text:
            text = rec[6:].strip()
            if text:
                in_docs_first_text = False
                if text.split()[0] == "%replace":
                    if pending_replace_check is None:
                        raise TangleError("%s:%d: '@ %%replace' does not follow a code chunk"
                                          % (file, line))
                    pending_replace_check.replaces = True
                pending_replace_check = None
        elif rec.startswith("@end docs"):
            in_docs_first_text = False
            pending_replace_check = None
    return chunks


def apply_replacements(chunks):
    """Drop each chunk definition that a later `%replace` definition replaces."""
    dropped = set()
    for idx, c in enumerate(chunks):
        if c.replaces:
            earlier = [d for d in chunks[:idx] if d.name == c.name and id(d) not in dropped]
            if not earlier:
                raise TangleError("%s:%d: chunk <<%s>> is marked %%replace but has no "
                                  "earlier definition to replace" % (c.file, c.line, c.name))
            for d in earlier:
                dropped.add(id(d))
    return [c for c in chunks if id(c) not in dropped], [c for c in chunks if id(c) in dropped]


def check_hygiene(kept, dropped):
    """Fail on uses of undefined chunks and on roots that are not output files.

    A chunk that only replaced (dropped) definitions used left the build
    together with them: that is not an error, and it is not tangled."""
    errors = []
    defined = {c.name for c in kept}
    for c in kept:
        for (name, file, line) in c.uses:
            if name not in defined:
                errors.append("%s:%d: chunk <<%s>> is used in <<%s>> but never defined"
                              % (file, line, name, c.name))
    reachable = {c.name for c in kept if is_output_file(c.name)}
    frontier = list(reachable)
    while frontier:
        name = frontier.pop()
        for c in kept:
            if c.name == name:
                for (u, _, _) in c.uses:
                    if u not in reachable:
                        reachable.add(u)
                        frontier.append(u)
    used_anywhere = {u[0] for c in kept + dropped for u in c.uses}
    reported = set()
    for c in kept:
        if c.name in reachable or c.name in reported:
            continue
        if c.name not in used_anywhere:
            errors.append("%s:%d: root chunk <<%s>> is neither an output file nor used"
                          % (c.file, c.line, c.name))
            reported.add(c.name)
    return errors


def filtered_pipeline(pipeline, dropped):
    """Rename replaced definitions so nothing reaches them; keep every @nl
    so the #line numbers of what follows stay right."""
    starts = {c.start: n for n, c in enumerate(dropped)}
    out = []
    renaming = None
    for i, rec in enumerate(pipeline):
        if i in starts:
            renaming = starts[i]
        if renaming is not None and rec.startswith("@defn "):
            rec = "@defn %s (replaced #%d)" % (rec[6:], renaming)
            renaming = None
        out.append(rec)
    return out


def run_nt(pipeline_text, root, line_directives, cwd):
    args = [os.path.join(NOWEB_LIB, "nt"), "-t", "-R" + root]
    if line_directives:
        args.insert(2, "-L" + LINE_FORMAT)
    proc = subprocess.run(args, input=pipeline_text, capture_output=True, text=True, cwd=cwd)
    if proc.returncode != 0 or proc.stderr.strip():
        raise TangleError("tangling <<%s>>: %s" % (root, proc.stderr.strip() or "nt failed"))
    return proc.stdout


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def extra_files(files, extra):
    """(path in the tree, source file) for each chapter's plain files."""
    pairs = []
    for f in files:
        top = os.path.join(extra, os.path.splitext(os.path.basename(f))[0])
        for d, _, names in sorted(os.walk(top)):
            for n in sorted(names):
                src = os.path.join(d, n)
                pairs.append((os.path.relpath(src, top), src))
    return pairs


def tangle(files, outdir, check_only, extra=None):
    cwd = outdir if outdir else "."
    if outdir:
        os.makedirs(outdir, exist_ok=True)
    rel = [os.path.relpath(os.path.abspath(f), os.path.abspath(cwd)) for f in files]
    for f in files:
        if not os.path.exists(f):
            raise TangleError("%s: no such chapter file" % f)
    pipeline = run_markup(rel, cwd)
    chunks = parse(pipeline)
    kept, dropped = apply_replacements(chunks)
    errors = check_hygiene(kept, dropped)
    if errors:
        raise TangleError("\n".join(errors))
    if check_only:
        return []
    text = "\n".join(filtered_pipeline(pipeline, dropped)) + "\n"
    roots = []
    for c in kept:
        if is_output_file(c.name) and c.name not in roots:
            roots.append(c.name)
    written = []
    for root in roots:
        out = run_nt(text, root, root.endswith(LINE_DIRECTIVE_SUFFIXES), cwd)
        path = os.path.join(outdir, root)
        if write_if_changed(path, out):
            written.append(root)
    for name, src in extra_files(files, extra) if extra else []:
        if name in roots:
            raise TangleError("%s: also a root chunk of the book" % src)
        with open(src, encoding="utf-8") as f:
            if write_if_changed(os.path.join(outdir, name), f.read()):
                written.append(name)
        roots.append(name)
    # forget files an earlier tangle wrote that no chapter defines any more
    manifest = os.path.join(outdir, ".tangled")
    old = []
    if os.path.exists(manifest):
        with open(manifest) as f:
            old = f.read().split()
    for stale in set(old) - set(roots):
        try:
            os.remove(os.path.join(outdir, stale))
        except FileNotFoundError:
            pass
    write_if_changed(manifest, "\n".join(roots) + "\n")
    return written


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", help="directory to tangle into")
    ap.add_argument("--check", action="store_true", help="hygiene check only")
    ap.add_argument("--extra", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "tests", "untangled"),
        help="plain files per chapter (default: tests/untangled)")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    if not args.out and not args.check:
        ap.error("need --out DIR or --check")
    try:
        written = tangle(args.files, args.out, args.check, args.extra)
    except TangleError as e:
        msg = str(e)
        # report chapter paths as the user gave them, not relative to --out
        if args.out:
            for f in args.files:
                rel = os.path.relpath(os.path.abspath(f), os.path.abspath(args.out))
                msg = msg.replace(rel, f)
        for line in msg.splitlines():
            print("tangle: " + line, file=sys.stderr)
        sys.exit(1)
    if args.verbose:
        for w in written:
            print("tangled " + os.path.join(args.out, w))


if __name__ == "__main__":
    main()
