#define _GNU_SOURCE
/* Prints the ABI facts weft's headers claim; built against weft's libc and
 * against glibc, the outputs must match. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <sys/auxv.h>
#include <time.h>
#include <unistd.h>

#define P(x) printf("%s = %ld\n", #x, (long)(x))
#define O(t, f) printf("offsetof(%s, %s) = %zu\n", #t, #f, offsetof(t, f))

int main(void)
{
	P(sizeof(struct stat)); O(struct stat, st_dev); O(struct stat, st_ino);
	O(struct stat, st_nlink); O(struct stat, st_mode); O(struct stat, st_uid);
	O(struct stat, st_gid); O(struct stat, st_rdev); O(struct stat, st_size);
	O(struct stat, st_blksize); O(struct stat, st_blocks); O(struct stat, st_atim);
	O(struct stat, st_mtim); O(struct stat, st_ctim);
	O(struct dirent, d_ino); O(struct dirent, d_off); O(struct dirent, d_reclen);
	O(struct dirent, d_type); O(struct dirent, d_name);
	P(sizeof(struct utsname)); P(sizeof(struct timespec)); P(sizeof(struct rlimit));
	P(sizeof(struct winsize)); P(sizeof(siginfo_t)); P(offsetof(siginfo_t, si_addr));
	P(offsetof(siginfo_t, si_pid)); P(offsetof(siginfo_t, si_status));
	P(O_RDONLY); P(O_WRONLY); P(O_RDWR); P(O_CREAT); P(O_EXCL); P(O_NOCTTY);
	P(O_TRUNC); P(O_APPEND); P(O_NONBLOCK); P(O_DIRECTORY); P(O_NOFOLLOW);
	P(O_CLOEXEC); P(AT_FDCWD); P(AT_SYMLINK_NOFOLLOW); P(AT_EMPTY_PATH);
	P(F_GETFD); P(F_SETFD); P(F_GETFL); P(F_SETFL); P(FD_CLOEXEC);
	P(PROT_READ); P(PROT_WRITE); P(PROT_EXEC); P(MAP_SHARED); P(MAP_PRIVATE);
	P(MAP_FIXED); P(MAP_ANONYMOUS); P(MAP_GROWSDOWN); P(MAP_NORESERVE);
	P(MAP_POPULATE); P(MAP_STACK); P(MAP_FIXED_NOREPLACE); P(MADV_DONTNEED);
	P(S_IFMT); P(S_IFDIR); P(S_IFREG); P(S_IFLNK); P(S_IFCHR); P(S_IFIFO);
	P(DT_DIR); P(DT_REG); P(DT_LNK); P(DT_CHR);
	P(WNOHANG); P(WUNTRACED); P(WEXITSTATUS(0x2a00)); P(WIFEXITED(0x2a00));
	P(WIFSIGNALED(0x8b)); P(WTERMSIG(0x8b)); P(WCOREDUMP(0x8b)); P(WIFSIGNALED(0x137f));
	P(WIFSTOPPED(0x137f)); P(WIFSIGNALED(0));
	P(SIGHUP); P(SIGINT); P(SIGQUIT); P(SIGILL); P(SIGTRAP); P(SIGABRT); P(SIGBUS);
	P(SIGFPE); P(SIGKILL); P(SIGUSR1); P(SIGSEGV); P(SIGUSR2); P(SIGPIPE); P(SIGALRM);
	P(SIGTERM); P(SIGCHLD); P(SIGCONT); P(SIGSTOP); P(SIGTSTP); P(SIGWINCH); P(SIGSYS);
	P(SA_SIGINFO); P(SA_RESTART); P(SA_NODEFER); P(SA_RESETHAND); P(SA_ONSTACK);
	P(SIG_BLOCK); P(SIG_UNBLOCK); P(SIG_SETMASK);
	P(RLIMIT_STACK); P(RLIMIT_AS); P(RLIMIT_NOFILE); P(RLIMIT_DATA); P(RLIM_INFINITY);
	P(TCGETS); P(TIOCGWINSZ); P(FIONREAD); P(CLOCK_REALTIME); P(CLOCK_MONOTONIC);
	P(_SC_PAGESIZE); P(_SC_CLK_TCK); P(SEEK_END);
	P(AT_PHDR); P(AT_PHNUM); P(AT_PAGESZ); P(AT_ENTRY); P(AT_RANDOM); P(AT_EXECFN);
	P(EPERM); P(ENOENT); P(EBADF); P(ECHILD); P(EAGAIN); P(ENOMEM); P(EFAULT);
	P(EINVAL); P(ENOTTY); P(ESPIPE); P(ERANGE); P(ENOSYS); P(ELOOP); P(EOVERFLOW);
	P(ENOTSUP); P(ETIMEDOUT);
	P(SYS_read); P(SYS_write); P(SYS_open); P(SYS_close); P(SYS_stat); P(SYS_fstat);
	P(SYS_lstat); P(SYS_poll); P(SYS_lseek); P(SYS_mmap); P(SYS_mprotect);
	P(SYS_munmap); P(SYS_brk); P(SYS_rt_sigaction); P(SYS_rt_sigprocmask);
	P(SYS_rt_sigreturn); P(SYS_ioctl); P(SYS_pread64); P(SYS_pwrite64); P(SYS_readv);
	P(SYS_writev); P(SYS_access); P(SYS_pipe); P(SYS_sched_yield); P(SYS_mremap);
	P(SYS_madvise); P(SYS_dup); P(SYS_dup2); P(SYS_pause); P(SYS_nanosleep);
	P(SYS_getpid); P(SYS_clone); P(SYS_fork); P(SYS_vfork); P(SYS_execve);
	P(SYS_exit); P(SYS_wait4); P(SYS_kill); P(SYS_uname); P(SYS_fcntl);
	P(SYS_getdents); P(SYS_getcwd); P(SYS_chdir); P(SYS_fchdir); P(SYS_mkdir);
	P(SYS_unlink); P(SYS_readlink); P(SYS_gettimeofday); P(SYS_getrlimit);
	P(SYS_getuid); P(SYS_getgid); P(SYS_geteuid); P(SYS_getegid); P(SYS_setpgid);
	P(SYS_getppid); P(SYS_setsid); P(SYS_arch_prctl); P(SYS_setrlimit); P(SYS_reboot);
	P(SYS_gettid); P(SYS_tkill); P(SYS_time); P(SYS_futex); P(SYS_getdents64);
	P(SYS_set_tid_address); P(SYS_clock_gettime); P(SYS_clock_nanosleep);
	P(SYS_exit_group); P(SYS_tgkill); P(SYS_openat); P(SYS_mkdirat);
	P(SYS_newfstatat); P(SYS_unlinkat); P(SYS_readlinkat); P(SYS_set_robust_list);
	P(SYS_dup3); P(SYS_pipe2); P(SYS_prlimit64); P(SYS_getrandom); P(SYS_rseq);
	P(SYS_clone3);
	return 0;
}
