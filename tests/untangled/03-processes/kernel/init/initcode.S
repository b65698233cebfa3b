/*
 * initcode: the first process of chapter 3's build, carried in the kernel's
 * image (chapters/03-processes.nw, "A first program in the kernel's image";
 * run_initcode copies it to 0x400000).  Position-independent ring-3 code:
 * hello, getpid == 1, a child that exits 7, a child killed by SIGSEGV, a
 * SIGUSR1 handler and rt_sigreturn; each step prints a line the check
 * "initcode" expects.  System calls take Linux's numbers and registers.
 */
#define NR_write	1
#define NR_rt_sigaction	13
#define NR_rt_sigreturn	15
#define NR_getpid	39
#define NR_fork		57
#define NR_wait4	61
#define NR_kill		62
#define NR_exit_group	231
#define SIGUSR1		10
#define SA_RESTORER	0x04000000

	.macro say msg
	mov	$NR_write, %eax
	mov	$1, %edi
	lea	\msg(%rip), %rsi
	mov	$\msg\()_len, %edx
	syscall
	.endm

	.section .rodata, "a"
	.balign 16
	.globl initcode_start, initcode_end
initcode_start:
	say	msg_hello
	mov	$NR_getpid, %eax
	syscall
	cmp	$1, %rax
	jne	failed
	say	msg_pid
	sub	$64, %rsp			/* (%rsp): wait4's status; then a sigaction */
	mov	$NR_fork, %eax
	syscall
	test	%rax, %rax
	jnz	1f
	mov	$NR_exit_group, %eax
	mov	$7, %edi
	syscall
1:	call	wait_child
	cmpl	$(7 << 8), (%rsp)		/* exited, status 7 */
	jne	failed
	say	msg_exit7
	mov	$NR_fork, %eax
	syscall
	test	%rax, %rax
	jnz	2f
	mov	0, %rax			/* a read of address 0: SIGSEGV */
2:	call	wait_child
	mov	(%rsp), %eax
	and	$0x7f, %eax			/* the signal that killed it */
	cmp	$11, %eax
	jne	failed
	say	msg_segv
	/* struct sigaction: handler, flags, restorer, mask */
	lea	handler(%rip), %rax
	mov	%rax, 0(%rsp)
	movq	$SA_RESTORER, 8(%rsp)
	lea	restorer(%rip), %rax
	mov	%rax, 16(%rsp)
	movq	$0, 24(%rsp)
	mov	$NR_rt_sigaction, %eax
	mov	$SIGUSR1, %edi
	mov	%rsp, %rsi
	xor	%edx, %edx
	mov	$8, %r10d
	syscall
	test	%rax, %rax
	jnz	failed
	mov	$NR_getpid, %eax
	syscall
	mov	%rax, %rdi
	mov	$NR_kill, %eax		/* delivered on the way out of kill itself */
	mov	$SIGUSR1, %esi
	syscall
	say	msg_back
	mov	$NR_exit_group, %eax
	xor	%edi, %edi
	syscall
failed:
	say	msg_failed
	mov	$NR_exit_group, %eax
	mov	$1, %edi
	syscall
wait_child:
	mov	$NR_wait4, %eax
	mov	$-1, %rdi
	lea	8(%rsp), %rsi		/* the caller's (%rsp), past our return address */
	xor	%edx, %edx
	xor	%r10d, %r10d
	syscall
	test	%rax, %rax
	jle	failed
	ret
handler:
	say	msg_handler
	ret
restorer:
	mov	$NR_rt_sigreturn, %eax
	syscall
	.macro message name, text
\name:	.ascii	"\text\n"
	.set	\name\()_len, . - \name
	.endm
	message	msg_hello, "initcode: hello from ring 3"
	message	msg_pid, "initcode: I am process 1"
	message	msg_exit7, "initcode: a child exited with status 7"
	message	msg_segv, "initcode: a child was killed by signal 11"
	message	msg_handler, "initcode: the SIGUSR1 handler runs"
	message	msg_back, "initcode: back from the handler"
	message	msg_failed, "initcode: FAILED"
initcode_end:
