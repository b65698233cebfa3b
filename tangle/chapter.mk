# Builds one chapter's tangled tree.  Run in build/chNN/ by the top-level
# Makefile:  make -C build/chNN -f ../../tangle/chapter.mk
#
# Everything under kernel/ becomes vmlinux, the 64-bit ELF that QEMU boots.
# Chapters that bring a userland add rules through the tangled file
# mk/*.mk (included below when they exist).

CC	:= gcc
LD	:= ld
GCCINC	:= $(shell $(CC) -print-file-name=include)

# KCONFIG holds the -D options the top Makefile passes (VMA=rbtree:
# -DCONFIG_VMA_RBTREE).
KCFLAGS	:= -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	   -ffreestanding -nostdinc -isystem $(GCCINC) -Ikernel/include \
	   -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	   -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	   -fno-asynchronous-unwind-tables -fno-common -MMD -MP \
	   -DWEFT_BUILD=\"$(notdir $(CURDIR))\" $(KCONFIG)
KAFLAGS	:= -D__ASSEMBLER__ -g -Ikernel/include -MMD -MP

KSRCS	:= $(sort $(shell find kernel -name '*.c' -o -name '*.S'))
KOBJS	:= $(patsubst %,obj/%.o,$(KSRCS))

all: vmlinux .gdbinit

vmlinux: $(KOBJS) kernel/kernel.ld
	$(LD) -n -T kernel/kernel.ld -z max-page-size=4096 -z noexecstack -o $@ $(KOBJS)

obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c $< -o $@

obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(KAFLAGS) -c $< -o $@

# gdb must load the 64-bit ELF; QEMU's gdb stub listens on GDBPORT.
GDBPORT ?= 1234
.gdbinit: $(MAKEFILE_LIST)
	printf 'set architecture i386:x86-64\nfile %s/vmlinux\ntarget remote :%s\n' $(CURDIR) $(GDBPORT) > $@

-include $(wildcard mk/*.mk)
-include $(KOBJS:.o=.d)

.PHONY: all
