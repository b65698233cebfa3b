# book/book.mk: weave the book.  Included by the top-level Makefile.
#
#   make pdf          build/book/weft.pdf
#   make html         build/book/html/index.html (+ one page per chapter, indexes)
#   make check-book   both, then tests/book/check-book.py
#
# Everything lands in $(BOOK_OUT).  Each step rewrites only files whose text
# changed (weave.py) or that are out of date (figures, latexmk's own
# bookkeeping), so a second `make pdf html` does nothing, and `pdf` and
# `html` share no output file, so `make -j2 pdf html` is safe.

BOOK_OUT      ?= build/book
BOOK_CHAPTERS ?= $(sort $(wildcard chapters/[0-9]*.nw))
BOOK_PYTHON   ?= /usr/bin/python3
BOOK_FIGDIR   ?= figures
BOOK_FIGSRC   := $(wildcard $(BOOK_FIGDIR)/*.dot $(BOOK_FIGDIR)/*.svg $(BOOK_FIGDIR)/*.tex)
BOOK_FIGSTEMS := $(sort $(basename $(notdir $(BOOK_FIGSRC))))
BOOK_FIG_PDF  := $(BOOK_FIGSTEMS:%=$(BOOK_OUT)/fig/%.pdf)
BOOK_FIG_SVG  := $(BOOK_FIGSTEMS:%=$(BOOK_OUT)/fig/%.svg)
BOOK_WEAVE     = $(BOOK_PYTHON) book/weave.py --figures $(BOOK_FIGDIR) --drawn $(BOOK_OUT)/fig
BOOK_LATEXMK   = latexmk -pdf -interaction=nonstopmode -halt-on-error -file-line-error -silent

.PHONY: pdf html check-book
pdf: $(BOOK_OUT)/weft.pdf
html: $(BOOK_OUT)/html/index.html

check-book: pdf html
	$(BOOK_PYTHON) tests/book/check-book.py --out $(BOOK_OUT)

# Figures: one source in figures/, drawn once for each book.
$(BOOK_OUT)/fig/%.pdf: $(BOOK_FIGDIR)/%.dot book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@
$(BOOK_OUT)/fig/%.pdf: $(BOOK_FIGDIR)/%.svg book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@
$(BOOK_OUT)/fig/%.pdf: $(BOOK_FIGDIR)/%.tex book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@
$(BOOK_OUT)/fig/%.svg: $(BOOK_FIGDIR)/%.dot book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@
$(BOOK_OUT)/fig/%.svg: $(BOOK_FIGDIR)/%.svg book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@
$(BOOK_OUT)/fig/%.svg: $(BOOK_FIGDIR)/%.tex book/figure.py
	$(BOOK_PYTHON) book/figure.py $< $@

# The LaTeX side: weave.py writes chapters.tex, indexes.tex, plan.tex and
# chapnums.tex only when their text changes; the stamp records that it ran.
# It also checks the front matter's \chapref keys, hence that dependency.
BOOK_NAV      := book/references.txt book/subject-terms.txt

$(BOOK_OUT)/latex.stamp: $(BOOK_CHAPTERS) book/weave.py book/frontmatter.tex $(BOOK_FIGSRC) \
		$(BOOK_NAV)
	@mkdir -p $(BOOK_OUT)
	$(BOOK_WEAVE) --latex $(BOOK_OUT) $(BOOK_CHAPTERS)
	@touch $@

# latexmk runs in $(BOOK_OUT), so \input{chapters} and fig/ are found there
# and book/ (weft.tex's \input{frontmatter}) through TEXINPUTS.  It reruns
# LaTeX until the page references settle, and does nothing when no input
# changed; the touch tells make the PDF is current either way.
# The article's Chinese title, drawn for the PDF's bibliography.
$(BOOK_OUT)/article-title.pdf: book/article-title.svg
	@mkdir -p $(BOOK_OUT)
	rsvg-convert -f pdf -o $@ $<

$(BOOK_OUT)/weft.pdf: $(BOOK_OUT)/latex.stamp book/weft.tex book/frontmatter.tex $(BOOK_FIG_PDF) \
		$(BOOK_OUT)/article-title.pdf
	cd $(BOOK_OUT) && TEXINPUTS=$(CURDIR)/book: $(BOOK_LATEXMK) $(CURDIR)/book/weft.tex \
	  || { grep -A4 -e '^!' -e ':[0-9]*: ' weft.log | head -40; exit 1; }
	@touch $@

$(BOOK_OUT)/html/index.html: $(BOOK_CHAPTERS) book/weave.py book/weft.css book/frontmatter.tex \
		$(BOOK_FIGSRC) $(BOOK_FIG_SVG) $(BOOK_NAV)
	$(BOOK_WEAVE) --html $(BOOK_OUT)/html $(BOOK_CHAPTERS)
	@touch $@
