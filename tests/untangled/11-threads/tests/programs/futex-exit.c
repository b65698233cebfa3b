/*
 * futex-exit: what the kernel does with futexes when a task exits.
 * Children that fork made stand in for threads: the robust list and
 * clear_child_tid are the same for both, except that the thread-id word
 * is cleared only while another task shares the address space.
 *   robust   a child dies holding robust locks in shared memory
 *   hostile  robust lists that are circular, too long or point at the kernel
 *   tid      CLONE_CHILD_CLEARTID and set_tid_address in a forked child
 *   exec     a child execs holding a robust lock
 *   get      get_robust_list
 */
#include "futexlib.h"
#include <stddef.h>

struct lock {
	struct robust_list entry;	/* what the robust list links */
	uint32_t word;			/* the futex: owner's tid and flags */
};

struct shared {
	struct robust_list_head head;
	struct lock locks[4];
	uint32_t tid_word, tid_word2;
};

static struct shared *sh;
static struct lock *many;	/* 3000 locks, shared with the children */

static void set_list(struct robust_list_head *head, long offset)
{
	head->list.next = &head->list;
	head->futex_offset = offset;
	head->list_op_pending = NULL;
	if (syscall(SYS_set_robust_list, head, sizeof(*head)))
		perror("set_robust_list");
}

static void link_lock(struct robust_list_head *head, struct lock *l)
{
	l->entry.next = head->list.next;
	head->list.next = &l->entry;
}

/* The child takes locks 0 and 1 (listed) and 2 (pending), leaves 3 to
 * another owner, and is killed while the parent waits on lock 0. */
static void robust(void)
{
	pid_t pid;
	uint32_t seen;
	long r;
	int status;

	memset(sh, 0, sizeof(*sh));
	sh->locks[3].word = 12345;
	pid = fork();
	if (pid == 0) {
		uint32_t me = syscall(SYS_gettid);

		set_list(&sh->head, offsetof(struct lock, word));
		for (int i = 0; i < 3; i++)
			sh->locks[i].word = me;
		link_lock(&sh->head, &sh->locks[0]);
		link_lock(&sh->head, &sh->locks[1]);
		link_lock(&sh->head, &sh->locks[3]);
		sh->head.list_op_pending = &sh->locks[2].entry;
		for (;;)
			pause();
	}
	while ((seen = __atomic_load_n(&sh->locks[0].word, __ATOMIC_SEQ_CST)) != (uint32_t)pid)
		pause_ms(5);
	while (sh->head.list_op_pending == NULL)
		pause_ms(5);
	/* As a robust mutex's lock does: mark the waiter, then sleep. */
	__atomic_compare_exchange_n(&sh->locks[0].word, &seen, seen | FUTEX_WAITERS, 0,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	if (fork() == 0) {
		wait_sleeping(getppid());
		kill(pid, SIGKILL);
		_exit(0);
	}
	r = futex(&sh->locks[0].word, FUTEX_WAIT, seen | FUTEX_WAITERS, NULL, NULL, 0);
	show("robust: the waiter on the dead owner's lock", r);
	while (wait(&status) > 0)
		;
	for (int i = 0; i < 4; i++)
		printf("robust: lock %d now %#x\n", i, sh->locks[i].word);
}

/* Lists the kernel must walk without hanging or crashing. */
static void hostile_child(int kind)
{
	struct robust_list_head *head = &sh->head;
	uint32_t me = syscall(SYS_gettid);

	set_list(head, offsetof(struct lock, word));
	switch (kind) {
	case 0:		/* a cycle that never returns to the head */
		sh->locks[0].word = me;
		sh->locks[0].entry.next = &sh->locks[1].entry;
		sh->locks[1].entry.next = &sh->locks[0].entry;
		head->list.next = &sh->locks[0].entry;
		break;
	case 1:		/* more entries than ROBUST_LIST_LIMIT, all locks held */
		for (int i = 0; i < 3000; i++) {
			many[i].word = me;
			link_lock(head, &many[i]);
		}
		break;
	case 2:		/* the list points into the kernel */
		head->list.next = (void *)0xffffffff81000000UL;
		break;
	case 3:		/* an entry whose next pointer is in the kernel */
		sh->locks[0].word = me;
		sh->locks[0].entry.next = (void *)0xffff888000000000UL;
		head->list.next = &sh->locks[0].entry;
		break;
	case 4:		/* a futex_offset that points into the kernel, pending too */
		head->futex_offset = 0x7fffffffffffffffL;
		link_lock(head, &sh->locks[0]);
		head->list_op_pending = &sh->locks[1].entry;
		break;
	case 5:		/* an unaligned futex word */
		head->futex_offset = offsetof(struct lock, word) + 1;
		link_lock(head, &sh->locks[0]);
		break;
	case 6:		/* the head itself in the kernel */
		syscall(SYS_set_robust_list, (void *)0xffffffff81000000UL, sizeof(*head));
		break;
	case 7:		/* a lock word in a read-only page */
		{
			struct lock *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			ro->word = me;
			link_lock(head, ro);
			mprotect(ro, 4096, PROT_READ);
		}
		break;
	}
	_exit(0);
}

static void hostile(void)
{
	static const char *what[] = {
		"a cycle that avoids the head", "3000 entries", "list in the kernel",
		"next pointer in the kernel", "huge futex_offset", "unaligned word",
		"head in the kernel", "read-only lock word",
	};

	for (int kind = 0; kind < 8; kind++) {
		int status;
		pid_t pid;

		memset(sh, 0, sizeof(*sh));
		pid = fork();
		if (pid == 0)
			hostile_child(kind);
		waitpid(pid, &status, 0);
		printf("hostile: %s: exit %d, lock 0 now %#x\n", what[kind],
		       WEXITSTATUS(status), sh->locks[0].word);
		if (kind == 1) {
			int marked = 0;

			for (int i = 0; i < 3000; i++)
				marked += many[i].word == FUTEX_OWNER_DIED;
			printf("hostile: %d of 3000 listed locks marked\n", marked);
		}
	}
}

/* execve lets go of the old address space: the robust list is walked
 * then, as at an exit, and forgotten. */
static void exec(void)
{
	int status;
	pid_t pid;

	memset(sh, 0, sizeof(*sh));
	pid = fork();
	if (pid == 0) {
		sh->locks[0].word = syscall(SYS_gettid);
		set_list(&sh->head, offsetof(struct lock, word));
		link_lock(&sh->head, &sh->locks[0]);
		execl("/proc/self/exe", "futex-exit", "exec-target", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("exec: the new program exited with %d; the lock is now %#x\n",
	       WEXITSTATUS(status), sh->locks[0].word);
}

/* The thread-id word: cleared at exit only if the mm is shared. */
static void tid(void)
{
	int status;
	pid_t pid;

	sh->tid_word = 1111;
	sh->tid_word2 = 2222;
	pid = syscall(SYS_clone, CLONE_CHILD_CLEARTID | SIGCHLD, NULL, NULL, &sh->tid_word, 0);
	if (pid == 0)
		syscall(SYS_exit, 0);
	waitpid(pid, &status, 0);
	printf("tid: CLONE_CHILD_CLEARTID in a forked child: word now %u\n", sh->tid_word);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_set_tid_address, &sh->tid_word2);
		syscall(SYS_exit, 0);
	}
	waitpid(pid, &status, 0);
	printf("tid: set_tid_address in a forked child: word now %u\n", sh->tid_word2);
}

static void get(void)
{
	struct robust_list_head *head = (void *)1;
	size_t len = 0;
	int status;
	pid_t pid;

	set_list(&sh->head, 8);
	show("get: pid 0", syscall(SYS_get_robust_list, 0, &head, &len));
	printf("get: the head we set: %s, len %zu\n", head == &sh->head ? "yes" : "no", len);
	show("get: pid 1", syscall(SYS_get_robust_list, 1, &head, &len));
	show("get: no such pid", syscall(SYS_get_robust_list, 99999, &head, &len));
	show("get: len in the kernel",
	     syscall(SYS_get_robust_list, 0, &head, (void *)0xffffffff81000000UL));
	show("get: head at NULL", syscall(SYS_get_robust_list, 0, NULL, &len));
	show("set: a wrong size", syscall(SYS_set_robust_list, &sh->head, 23));
	pid = syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, 0);
	if (pid == 0) {
		syscall(SYS_get_robust_list, 0, &head, &len);
		syscall(SYS_exit, head == NULL ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	printf("get: a forked child starts with no robust list: %s\n",
	       WEXITSTATUS(status) == 0 ? "yes" : "no");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "all";
	int all = !strcmp(mode, "all");

	if (!strcmp(mode, "exec-target"))	/* what "exec" runs */
		return 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	sh = shared_page();
	many = mmap(NULL, 3000 * sizeof(*many), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (all || !strcmp(mode, "robust"))
		robust();
	if (all || !strcmp(mode, "hostile"))
		hostile();
	if (all || !strcmp(mode, "exec"))
		exec();
	if (all || !strcmp(mode, "tid"))
		tid();
	if (all || !strcmp(mode, "get"))
		get();
	printf("futex-exit: done\n");
	return 0;
}
