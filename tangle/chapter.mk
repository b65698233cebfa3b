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

# The vDSO (the address-space chapter) is user code the kernel carries:
# its C files are kept out of vmlinux, compiled for user space, linked
# into a shared object, checked, and included by vdso-image.S.
VDSO_DIR	:= kernel/arch/x86/entry/vdso
VDSO_SRCS	:= $(filter $(VDSO_DIR)/vclock_gettime.c $(VDSO_DIR)/vgetcpu.c,$(KSRCS))
VDSO_OBJS	:= $(patsubst %,obj/%.o,$(VDSO_SRCS))
VDSO_CFLAGS	:= -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdinc \
		   -isystem $(GCCINC) -Ikernel/include -fPIC -fno-stack-protector \
		   -fno-asynchronous-unwind-tables -fno-common -fcf-protection=none -MMD -MP
VDSO_LDFLAGS	:= -shared -nostdlib -soname=linux-vdso.so.1 --hash-style=both \
		   --build-id=none --no-undefined -z max-page-size=4096 -z noexecstack \
		   -L $(VDSO_DIR) -T $(VDSO_DIR)/vdso.lds
KSRCS	:= $(filter-out $(VDSO_SRCS),$(KSRCS))
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

$(VDSO_OBJS): obj/%.c.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(VDSO_CFLAGS) -c $< -o $@

obj/$(VDSO_DIR)/vdso64.so: $(VDSO_OBJS) $(VDSO_DIR)/vdso.lds $(VDSO_DIR)/vdso-layout.lds \
			   $(VDSO_DIR)/checkvdso.sh
	$(LD) $(VDSO_LDFLAGS) -o $@.tmp $(VDSO_OBJS)
	sh $(VDSO_DIR)/checkvdso.sh $@.tmp
	mv $@.tmp $@

obj/$(VDSO_DIR)/vdso-image.S.o: obj/$(VDSO_DIR)/vdso64.so

# gdb must load the 64-bit ELF; QEMU's gdb stub listens on GDBPORT.
GDBPORT ?= 1234
.gdbinit: $(MAKEFILE_LIST)
	printf 'set architecture i386:x86-64\nfile %s/vmlinux\ntarget remote :%s\n' $(CURDIR) $(GDBPORT) > $@

-include $(wildcard mk/*.mk)
-include $(KOBJS:.o=.d) $(VDSO_OBJS:.o=.d)

.PHONY: all
