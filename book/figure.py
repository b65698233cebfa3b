#!/usr/bin/python3
"""Draw one figure of the book.

    figure.py figures/STEM.{dot,svg,tex} build/book/fig/STEM.{pdf,svg}

The PDF book includes STEM.pdf, the HTML book STEM.svg.  Sources:
  .dot  Graphviz, drawn by dot;
  .svg  used as is for HTML, converted to PDF by rsvg-convert;
  .tex  the body of a TikZ picture (\\begin{tikzpicture}...\\end{tikzpicture}),
        set in a standalone document by pdflatex; its SVG is that PDF
        converted by pdftocairo.
See figures/README.md.
"""
import os
import shutil
import subprocess
import sys
import tempfile

STANDALONE = r"""\documentclass[tikz,border=4pt]{standalone}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usetikzlibrary{arrows.meta,positioning,calc,fit,shapes,decorations.pathreplacing}
\begin{document}
\input{%s}
\end{document}
"""


def run(args, what):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit("figure: %s: %s failed:\n%s%s" % (what, args[0], proc.stdout[-3000:],
                                                 proc.stderr))


def tikz_pdf(src, out):
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "fig.tex"), "w") as f:
            f.write(STANDALONE % os.path.abspath(src).replace("\\", "/"))
        run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
             "-output-directory", tmp, os.path.join(tmp, "fig.tex")], src)
        shutil.copyfile(os.path.join(tmp, "fig.pdf"), out)


def draw(src, out):
    kind, target = os.path.splitext(src)[1], os.path.splitext(out)[1]
    tmp_out = out + ".tmp" + target
    if kind == ".dot":
        run(["dot", "-T" + target[1:], "-o", tmp_out, src], src)
    elif kind == ".svg" and target == ".svg":
        shutil.copyfile(src, tmp_out)
    elif kind == ".svg":
        run(["rsvg-convert", "-f", "pdf", "-o", tmp_out, src], src)
    elif kind == ".tex" and target == ".pdf":
        tikz_pdf(src, tmp_out)
    elif kind == ".tex":
        pdf = tmp_out + ".pdf"
        tikz_pdf(src, pdf)
        run(["pdftocairo", "-svg", pdf, tmp_out], src)
        os.remove(pdf)
    else:
        sys.exit("figure: %s: cannot draw a %s from a %s" % (src, target, kind))
    os.replace(tmp_out, out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    os.makedirs(os.path.dirname(sys.argv[2]) or ".", exist_ok=True)
    draw(sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    main()
