# weft: How a Process Uses Memory.  `make help` lists the targets.

CHAPTERS := $(sort $(wildcard chapters/[0-9][0-9]-*.nw))
NCHAPTERS := $(words $(CHAPTERS))
ALLCH	:= $(shell for i in $$(seq 1 $(NCHAPTERS)); do printf "%02d " $$i; done)
TANGLE	:= tangle/tangle.py
QEMU_BOOT := tests/qemu-boot

# CH=N picks one chapter build (default: the last chapter).
CH	?= $(NCHAPTERS)
CHNN	:= $(shell printf %02d $(CH))

# VMA=rbtree builds the address spaces of Part II on the red-black tree,
# list and vmacache of Linux 6.0 instead of the maple tree, in a build
# directory of its own (build/chNN-rbtree) so that both builds coexist.
ifeq ($(VMA),rbtree)
BSUFFIX	:= -rbtree
KCONFIG	:= -DCONFIG_VMA_RBTREE
else ifneq ($(VMA),)
$(error VMA=$(VMA): the only other index is VMA=rbtree)
endif

# SLAB=slub builds the kernel's object caches (chapter 13) with SLUB, the
# allocator Linux 6.1 uses by default, instead of SLAB, again in a build
# directory of its own (build/chNN-slub, or build/chNN-rbtree-slub).
ifeq ($(SLAB),slub)
BSUFFIX	:= $(BSUFFIX)-slub
KCONFIG	+= -DCONFIG_SLUB
else ifneq ($(filter-out slab,$(SLAB)),)
$(error SLAB=$(SLAB): the allocators are SLAB=slab (the default) and SLAB=slub)
else
KCONFIG	+= -DCONFIG_SLAB
endif

.PHONY: all deps chapters book pdf html test solutions bench soak compare qemu qemu-gdb clean help $(ALLCH:%=ch%)

all: chapters book

ifeq ($(origin CH),command line)
chapters: ch$(CHNN)
book:
else
chapters: $(ALLCH:%=ch%)
book: pdf html
endif

# Chapter NN's build is chapters 1..NN tangled together.  Tangling writes
# only files whose text changed, so the inner make rebuilds only those.
$(ALLCH:%=ch%): ch%:
	@echo "== chapter $* build (build/ch$*$(BSUFFIX))"
	@$(TANGLE) --out build/ch$*$(BSUFFIX) $(wordlist 1,$(shell expr $* + 0),$(CHAPTERS))
	@$(MAKE) --no-print-directory -C build/ch$*$(BSUFFIX) -f $(CURDIR)/tangle/chapter.mk KCONFIG="$(KCONFIG)"

-include book/book.mk

# Installs missing Debian packages (as root), or says which are missing.
deps:
	@tests/install-deps

test:
	@tests/run-tests

# The reference solutions of the exercises, built and checked (also in make test).
solutions:
	@tests/run-solutions

bench:
	@tests/run-bench

# PROG=FILE.c on weft and on Debian's Linux 6.1, side by side (tests/compare).
# ARGS are its arguments (split at spaces), CC its compiler (default gcc),
# COMPARE_MODE=maps compares /proc/PID/maps lines without device and inode.
compare: ch$(CHNN)
	$(if $(PROG),,$(error make compare needs PROG=path/to/program.c))
	@CHAPTER=$(CHNN) CC="$(if $(filter command line environment,$(origin CC)),$(CC),gcc)" \
		tests/compare $(PROG) $(ARGS)

# A million random system calls (tests/run-soak); not part of make test.
soak:
	@tests/run-soak

# BUSYBOX=1 adds Debian's busybox-static: /bin/busybox, and its applets
# as links in /busybox/bin (tests/lib/busybox-initrd says how to use them).
ifeq ($(BUSYBOX),1)
qemu: ch$(CHNN)
	tests/lib/busybox-initrd build/ch$(CHNN)$(BSUFFIX) build/ch$(CHNN)$(BSUFFIX)/busybox
	$(QEMU_BOOT) --interactive build/ch$(CHNN)$(BSUFFIX)/busybox "$(APPEND)" $(QEMUFLAGS)
else
qemu: ch$(CHNN)
	$(QEMU_BOOT) --interactive build/ch$(CHNN)$(BSUFFIX) "$(APPEND)" $(QEMUFLAGS)
endif

qemu-gdb: ch$(CHNN)
	@echo "QEMU waits for gdb on :1234; in another terminal:"
	@echo "  gdb -x build/ch$(CHNN)$(BSUFFIX)/.gdbinit"
	$(QEMU_BOOT) --interactive build/ch$(CHNN)$(BSUFFIX) "$(APPEND)" -S -gdb tcp::1234 $(QEMUFLAGS)

clean:
	rm -rf build

help:
	@echo "make deps all        install missing Debian packages (as root), then build"
	@echo "make                 build every chapter build and both books"
	@echo "make CH=N            build chapter N's build only (build/chNN/)"
	@echo "make test            run every test; ends with 'N passed, N failed'"
	@echo "make solutions       build and check the exercises' reference solutions"
	@echo "make bench           run the benchmarks and print their figures"
	@echo "make soak            a million random system calls (the fuzzer); not in make test"
	@echo "make compare PROG=F.c run F.c (built static by gcc) on weft and on Debian's Linux 6.1"
	@echo "                     in the same QEMU; both outputs side by side, differences marked"
	@echo "                     (ARGS='a b' its arguments, CC=musl-gcc, CH=N weft's build,"
	@echo "                      COMPARE_MODE=maps: /proc/PID/maps lines without dev and inode)"
	@echo "make qemu CH=N       boot chapter N's build on the serial console"
	@echo "make qemu BUSYBOX=1  the same, with Debian's busybox-static in /bin/busybox and /busybox/bin"
	@echo "                     (APPEND='test=pf' sets the kernel command line,"
	@echo "                      QEMUFLAGS='-m 512' adds QEMU options)"
	@echo "make chNN VMA=rbtree chapter NN (7 on) with Linux 6.0's rbtree, list and vmacache"
	@echo "                     for the VMAs, in build/chNN-rbtree (make qemu CH=N VMA=rbtree boots it)"
	@echo "make chNN SLAB=slub  chapter NN (13 on) with SLUB for the kernel's object caches,"
	@echo "                     in build/chNN-slub (VMA=rbtree SLAB=slub: build/chNN-rbtree-slub)"
	@echo "make qemu-gdb CH=N   the same, but QEMU waits for gdb on :1234"
	@echo "make pdf             build/book/weft.pdf"
	@echo "make html            build/book/html/index.html"
	@echo "make clean           remove build/"
