# The functions exercise checks are written with.  tests/run-tests sources
# this file, sets BUILD (build/chNN) and CHECKS_FROM (the chapter the
# .checks file came from), then sources each tangled tests/*.checks file.
#
#   boot_check NAME "COMMAND LINE" poweroff|failure PATTERN...
#       boot $BUILD with that kernel command line; pass if QEMU exits the
#       expected way and every PATTERN (grep -E) matches the serial log.
#       Nothing fails silently: a poweroff check also fails when the log
#       shows the kernel failing (an oops, "BUG:", "Kernel panic", an
#       "unexpected interrupt" or a register dump; kernel_failure_line in
#       tests/lib/kernel-failure.sh), even if its patterns match.  A check
#       that provokes a kernel failure on purpose says so by expecting
#       "failure", and its patterns then say which failure it wants.
#   boot_check_qemu_flags "FLAGS"
#       extra QEMU options for the boot_checks that follow ("" resets).
#   boot_check_timeout SECONDS
#       time limit for the boot_checks that follow (default 120).
#   gdb_check NAME SYMBOL PATTERN [EXPRESSION]
#       boot with QEMU waiting for gdb, break at SYMBOL with a hardware
#       breakpoint, print the frame (and EXPRESSION, if given, with gdb's
#       print); pass if gdb's output matches PATTERN.
#   cmd_check NAME COMMAND [ARGS...]
#       pass if the command (run from the top of the tree) exits 0.

. "$(dirname "${BASH_SOURCE[0]}")/kernel-failure.sh"

QEMU_CHECK_FLAGS=
BOOT_TIMEOUT=120

boot_check_qemu_flags() { QEMU_CHECK_FLAGS=$1; }
boot_check_timeout() { BOOT_TIMEOUT=$1; }

# report NAME OK LOG [WHY]: one line per check, the log's tail on failure
report() {
	local name="$(basename "$BUILD"): $1 ($CHECKS_FROM)"
	if [ "$2" = 0 ]; then
		echo "PASS: $name"
		PASSED=$((PASSED + 1))
	else
		echo "FAIL: $name${4:+ -- $4}"
		if [ -n "$3" ] && [ -f "$3" ]; then
			echo "  --- last lines of $3:"
			tail -n 15 "$3" | sed 's/^/  | /'
		fi
		FAILED=$((FAILED + 1))
	fi
}

boot_check() {
	local name=$1 append=$2 expect=$3 want status pat bad
	shift 3
	local log="$BUILD/logs/$name.log"
	case $expect in
	poweroff) want=33 ;;
	failure) want=35 ;;
	*) report "$name" 1 "" "bad expected exit '$expect'"; return ;;
	esac
	# shellcheck disable=SC2086
	tests/qemu-boot --log "$log" --timeout "$BOOT_TIMEOUT" "$BUILD" "$append" $QEMU_CHECK_FLAGS
	status=$?
	if [ "$expect" = poweroff ] && bad=$(kernel_failure_line "$log"); then
		report "$name" 1 "$log" "the kernel reported a failure: $bad"
		return
	fi
	if [ $status != $want ]; then
		local why="QEMU exit status $status, expected $want ($expect)"
		[ $status = 124 ] && why="timed out after ${BOOT_TIMEOUT}s"
		[ $status = 0 ] && why="triple fault (QEMU exit status 0)"
		report "$name" 1 "$log" "$why"
		return
	fi
	for pat in "$@"; do
		if ! grep -qE -- "$pat" "$log"; then
			report "$name" 1 "$log" "no line matches: $pat"
			return
		fi
	done
	report "$name" 0 "$log"
}

gdb_check() {
	local name=$1 symbol=$2 pattern=$3 extra=()
	local log="$BUILD/logs/$name.log" port qpid
	[ -n "$4" ] && extra=(-ex "print $4")
	mkdir -p "$BUILD/logs"
	port=$((20000 + RANDOM % 20000))
	tests/qemu-boot --log "$BUILD/logs/$name.qemu.log" --timeout 120 "$BUILD" "" \
		-S -gdb tcp:127.0.0.1:$port &
	qpid=$!
	sleep 0.5
	timeout 120 gdb -nx -batch \
		-ex 'set architecture i386:x86-64' \
		-ex "file $BUILD/vmlinux" \
		-ex "target remote 127.0.0.1:$port" \
		-ex "hbreak $symbol" \
		-ex continue \
		-ex frame \
		-ex 'info registers rip' \
		"${extra[@]}" \
		-ex kill >"$log" 2>&1
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	if grep -qE -- "$pattern" "$log"; then
		report "$name" 0 "$log"
	else
		report "$name" 1 "$log" "gdb output does not match: $pattern"
	fi
}

cmd_check() {
	local name=$1 log="$BUILD/logs/$1.log"
	shift
	mkdir -p "$BUILD/logs"
	"$@" >"$log" 2>&1
	report "$name" $? "$log"
}
