# shellcheck shell=bash
# kernel_failure_line LOG: print the first line of a serial log that shows
# the kernel failing, and return 0; return 1 if there is none.  Used by
# boot_check (tests/lib/checks.sh) and tests/boot-with, and tested by
# tests/harness/run.  A failure is any of:
#   oops          a word, in any case ("weft: oops: exception 14 ...")
#   BUG:          "BUG: Bad page state ...", as Linux prints its bugs
#   Kernel panic  "Kernel panic - not syncing: ..."
#   unexpected interrupt
#                 an interrupt vector nobody registered a handler for
#   the register dump's first line, "RIP: 0010:<16 hex> RSP: 0018:<16 hex>"
#                 (show_regs in chapter 1); a program's "prog[7]: segfault
#                 at 0 ip ... sp ..." line is the kernel doing its job and
#                 does not count
# The kernel's echo of its command line ("weft: command line: ...") is
# skipped, so that a program's arguments cannot look like a failure.
kernel_failure_line() {
	grep -v '^weft: command line: ' "$1" | grep -m1 -E \
		-e '\b[Oo][Oo][Pp][Ss]\b' \
		-e '\bBUG:' \
		-e 'Kernel panic' \
		-e 'unexpected interrupt' \
		-e 'RIP: [0-9a-f]{4}:[0-9a-f]{16} RSP: [0-9a-f]{4}:[0-9a-f]{16}'
}
