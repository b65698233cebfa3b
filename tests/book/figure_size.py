#!/usr/bin/python3
"""How large a figure's text comes out in the PDF book.

    tests/book/figure_size.py [--min PT] FIGURE.pdf...

For each drawn figure (book/figure.py's output) print the size of its
smallest text as the book prints it, and exit 1 if any is below --min
(default 7 pt).  tests/book/check-book.py runs the same measure on every
figure of the book.

The size is computed, not seen: the smallest font size in the figure's
own PDF (mutool trace: each text span's matrix, times the drawing's
transform), times the scale at which \\weftfigure includes it.  That scale
comes from book/weft.tex: \\weftfigure sets the figure at \\linewidth
(the geometry's textwidth) and at most a fraction of \\textheight,
keeping the aspect ratio, so it is min(width / natural width, height /
natural height).  Needs mutool (mupdf-tools) and pdfinfo (poppler-utils).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MIN_PT = 7.0
UNITS = {"pt": 1.0, "bp": 72.27 / 72, "mm": 72.27 / 25.4, "cm": 72.27 / 2.54, "in": 72.27}


def length(text):
    m = re.match(r"\s*([\d.]+)\s*(pt|bp|mm|cm|in)\s*$", text)
    if not m:
        raise ValueError("cannot read the length %r" % text)
    return float(m.group(1)) * UNITS[m.group(2)]


def page_box(weft_tex=os.path.join(ROOT, "book", "weft.tex")):
    """(width, height) in TeX points that \\weftfigure may fill."""
    with open(weft_tex) as f:
        tex = f.read()
    geometry = re.search(r"\\usepackage\[([^\]]*)\]\{geometry\}", tex)
    opts = dict(o.strip().split("=", 1) for o in geometry.group(1).split(",") if "=" in o)
    textwidth, textheight = length(opts["textwidth"]), length(opts["textheight"])
    macro = re.search(r"\\newcommand\\weftfigure.*?\\includegraphics\[([^\]]*)\]", tex, re.S)
    include = dict(o.strip().split("=", 1) for o in macro.group(1).split(",") if "=" in o)
    if include.get("width") != r"\linewidth":
        raise ValueError("\\weftfigure's width is %r, not \\linewidth" % include.get("width"))
    h = re.match(r"([\d.]*)\\textheight$", include.get("height", r"\textheight"))
    return textwidth, textheight * float(h.group(1) or 1)


def natural_size(pdf):
    """The figure's width and height, in TeX points."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Page size:\s*([\d.]+) x ([\d.]+) pts", info)
    return float(m.group(1)) * 72.27 / 72, float(m.group(2)) * 72.27 / 72


def smallest_font(pdf):
    """The smallest text in the figure, in TeX points at natural size (None: no text)."""
    trace = subprocess.run(["mutool", "trace", pdf], capture_output=True, text=True,
                           check=True).stdout
    smallest, ctm = None, (1, 0, 0, 1)
    for line in trace.splitlines():
        m = re.search(r'<(?:fill|stroke|clip|ignore)_text\b.*?transform="([^"]*)"', line)
        if m:
            ctm = [float(x) for x in m.group(1).split()][:4]
            continue
        m = re.search(r'<span\b.*?trm="([^"]*)"', line)
        if m:
            a, b, c, d = [float(x) for x in m.group(1).split()][:4]
            # the span's matrix in page space: trm x ctm; its vertical scale
            # is the font size as printed
            c2 = c * ctm[0] + d * ctm[2]
            d2 = c * ctm[1] + d * ctm[3]
            size = (c2 * c2 + d2 * d2) ** 0.5 * 72.27 / 72
            if size > 0 and (smallest is None or size < smallest):
                smallest = size
    return smallest


def printed_text_size(pdf, box=None):
    """(smallest text as printed in pt, scale) for one drawn figure."""
    width, height = box or page_box()
    w, h = natural_size(pdf)
    scale = min(width / w, height / h)
    font = smallest_font(pdf)
    return (None if font is None else font * scale), scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--min", type=float, default=MIN_PT)
    ap.add_argument("pdfs", nargs="+")
    args = ap.parse_args()
    box = page_box()
    bad = 0
    for pdf in args.pdfs:
        size, scale = printed_text_size(pdf, box)
        if size is None:
            print("%s: no text" % pdf)
            continue
        ok = size >= args.min
        bad += not ok
        print("%s: smallest text %.1f pt (scale %.2f)%s" % (pdf, size, scale,
              "" if ok else ", below %.0f pt" % args.min))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
