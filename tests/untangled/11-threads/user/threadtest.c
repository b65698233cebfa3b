/* threadtest: the thread library's tests, one per argument (or "all").
 * Built against weft's libc into /bin/threadtest, and natively by
 * tests/host/nptl/run.  Every test prints lines "NAME: ..."; the checks
 * grep them.  Nothing here depends on timing. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static char *self_path;

/* Every pthread_create but the hostile test's must succeed. */
static int xcreate(pthread_t *t, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	int e = (pthread_create)(t, a, fn, arg);

	if (e) {
		printf("threadtest: pthread_create: %s\n", strerror(e));
		exit(1);
	}
	return 0;
}
#define pthread_create(t, a, fn, arg) xcreate(t, a, fn, arg)


static void *ret_arg(void *arg)
{
	return arg;
}

static void t_create(void)
{
	pthread_t t[4];
	long i, sum = 0;
	void *r;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, ret_arg, (void *)(i * 10));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("create: joined 4 threads, results sum %ld\n", sum);
}

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *inc(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < 100000; i++) {
		pthread_mutex_lock(&mutex);
		counter++;
		pthread_mutex_unlock(&mutex);
	}
	return 0;
}

static void *unlock_other(void *m)
{
	return (void *)(long)pthread_mutex_unlock(m);
}

static void t_mutex(void)
{
	pthread_t t[8];
	pthread_mutex_t m;
	pthread_mutexattr_t a;
	void *r;
	int i, e1, e2, e3;

	for (i = 0; i < 8; i++)
		pthread_create(&t[i], 0, inc, 0);
	for (i = 0; i < 8; i++)
		pthread_join(t[i], 0);
	printf("mutex: 8 threads x 100000 increments: %ld\n", counter);
	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	e1 = pthread_mutex_lock(&m);
	e2 = pthread_mutex_lock(&m);
	e3 = pthread_mutex_trylock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	pthread_mutex_unlock(&m);
	printf("mutex: recursive: lock %d, again %d, trylock %d, then free: %s\n", e1, e2,
	       e3, pthread_mutex_trylock(&m) == 0 ? "yes" : "no");
	pthread_mutex_unlock(&m);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &a);
	pthread_mutex_lock(&m);
	e1 = pthread_mutex_lock(&m);
	pthread_create(&t[0], 0, unlock_other, &m);
	pthread_join(t[0], &r);
	printf("mutex: errorcheck: relock %s, unlock by another thread %s\n",
	       e1 == EDEADLK ? "EDEADLK" : "?", (long)r == EPERM ? "EPERM" : "?");
	pthread_mutex_unlock(&m);
}

#define ITEMS 10000
static pthread_cond_t notempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t notfull = PTHREAD_COND_INITIALIZER;
static int queue[8], qhead, qlen;
static long consumed, consumed_sum;

static void *producer(void *arg)
{
	int i;

	(void)arg;
	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&mutex);
		while (qlen == 8)
			pthread_cond_wait(&notfull, &mutex);
		queue[(qhead + qlen++) % 8] = i;
		pthread_cond_signal(&notempty);
		pthread_mutex_unlock(&mutex);
	}
	return 0;
}

static void *consumer(void *arg)
{
	int v;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mutex);
		while (qlen == 0)
			pthread_cond_wait(&notempty, &mutex);
		v = queue[qhead];
		qhead = (qhead + 1) % 8;
		qlen--;
		pthread_cond_signal(&notfull);
		if (v > 0) {
			consumed++;
			consumed_sum += v;
		}
		pthread_mutex_unlock(&mutex);
		if (v == 0)
			return 0;
	}
}

static void t_cond(void)
{
	pthread_t p[2], c[2];
	pthread_condattr_t ca;
	pthread_cond_t mono;
	struct timespec ts;
	int i, e;

	for (i = 0; i < 2; i++) {
		pthread_create(&p[i], 0, producer, 0);
		pthread_create(&c[i], 0, consumer, 0);
	}
	for (i = 0; i < 2; i++)
		pthread_join(p[i], 0);
	for (i = 0; i < 2; i++) {		/* one 0 per consumer: stop */
		pthread_mutex_lock(&mutex);
		while (qlen == 8)
			pthread_cond_wait(&notfull, &mutex);
		queue[(qhead + qlen++) % 8] = 0;
		pthread_cond_broadcast(&notempty);
		pthread_mutex_unlock(&mutex);
	}
	for (i = 0; i < 2; i++)
		pthread_join(c[i], 0);
	printf("cond: 2 producers, 2 consumers: %ld items, sum %ld\n", consumed,
	       consumed_sum);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&mono, &ca);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&mutex);
	e = pthread_cond_timedwait(&mono, &mutex, &ts);
	pthread_mutex_unlock(&mutex);
	printf("cond: timedwait on CLOCK_MONOTONIC, 20 ms: %s\n",
	       e == ETIMEDOUT ? "ETIMEDOUT" : strerror(e));
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b, torn;

static void *reader(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		pthread_rwlock_rdlock(&rw);
		if (shared_a != shared_b)
			__atomic_add_fetch(&torn, 1, __ATOMIC_RELAXED);
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void *writer(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 20000; i++) {
		pthread_rwlock_wrlock(&rw);
		shared_a++;
		shared_b++;
		pthread_rwlock_unlock(&rw);
	}
	return 0;
}

static void t_rwlock(void)
{
	pthread_t t[6];
	int i, e1, e2;

	for (i = 0; i < 6; i++)
		pthread_create(&t[i], 0, i < 4 ? reader : writer, 0);
	for (i = 0; i < 6; i++)
		pthread_join(t[i], 0);
	printf("rwlock: 4 readers, 2 writers: %ld writes, %ld torn reads\n", shared_a, torn);
	pthread_rwlock_rdlock(&rw);
	e1 = pthread_rwlock_trywrlock(&rw);
	e2 = pthread_rwlock_tryrdlock(&rw);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	printf("rwlock: read-locked: trywrlock %s, tryrdlock %d\n",
	       e1 == EBUSY ? "EBUSY" : "?", e2);
}

static pthread_barrier_t barrier;
static int serial, round_count[4], barrier_bad;

static void *barrier_thread(void *arg)
{
	long id = (long)arg;
	int r, i;

	for (r = 0; r < 100; r++) {
		round_count[id] = r;
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			__atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED);
		for (i = 0; i < 4; i++)
			if (round_count[i] < r)
				__atomic_add_fetch(&barrier_bad, 1, __ATOMIC_RELAXED);
		pthread_barrier_wait(&barrier);
	}
	return 0;
}

static void t_barrier(void)
{
	pthread_t t[4];
	long i;

	pthread_barrier_init(&barrier, 0, 4);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, barrier_thread, (void *)i);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	printf("barrier: 4 threads, 100 rounds: %d serial, %d early\n", serial, barrier_bad);
}

static sem_t items, done;

static void *sem_worker(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 1000; i++)
		sem_wait(&items);
	sem_post(&done);
	return 0;
}

static void t_sem(void)
{
	pthread_t t[4];
	struct timespec ts = { 0, 0 };
	int i, v, e;

	sem_init(&items, 0, 0);
	sem_init(&done, 0, 0);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, sem_worker, 0);
	for (i = 0; i < 4000; i++)
		sem_post(&items);
	for (i = 0; i < 4; i++)
		sem_wait(&done);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	sem_getvalue(&items, &v);
	e = sem_trywait(&items) < 0 ? errno : 0;
	printf("sem: 4000 posts, 4 waiters: value %d, trywait %s\n", v,
	       e == EAGAIN ? "EAGAIN" : "?");
	e = sem_timedwait(&items, &ts) < 0 ? errno : 0;
	printf("sem: timedwait in the past: %s\n", e == ETIMEDOUT ? "ETIMEDOUT" : "?");
}

static pthread_key_t key;
static int destructed, destructor_rounds;

static void destr(void *p)
{
	__atomic_add_fetch(&destructed, 1, __ATOMIC_RELAXED);
	if ((long)p == 99 && ++destructor_rounds < 10)
		pthread_setspecific(key, p);	/* again: at most 4 rounds */
}

static void *key_thread(void *arg)
{
	pthread_setspecific(key, arg);
	return pthread_getspecific(key) == arg ? arg : 0;
}

static void t_keys(void)
{
	pthread_t t[4];
	long i, ok = 0;
	void *r;

	pthread_key_create(&key, destr);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, key_thread, (void *)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		ok += r == (void *)(i + 1);
	}
	printf("keys: 4 threads saw their own value: %ld, destructors ran: %d\n", ok,
	       destructed);
	destructed = 0;
	pthread_create(&t[0], 0, key_thread, (void *)99);
	pthread_join(t[0], 0);
	printf("keys: a destructor that sets the value again ran %d times\n", destructed);
	pthread_key_delete(key);
	printf("keys: getspecific after delete: %p\n", pthread_getspecific(key));
}

static __thread long tls_value = 42;
static __thread char tls_zero[100];

static void *tls_thread(void *arg)
{
	long start = tls_value, i;

	for (i = 0; i < 100; i++)
		if (tls_zero[i])
			start = -1;
	tls_value = (long)arg;
	sched_yield();
	return (void *)(tls_value == (long)arg && start == 42 ? 1L : 0L);
}

static void t_tlsmain(void)
{
	void *tp, *tcb_self;
	unsigned long canary;

	__asm__("movq %%fs:0, %0" : "=r"(tcb_self));
	__asm__("movq %%fs:0x28, %0" : "=r"(canary));
	tp = (void *)pthread_self();
	errno = 0;
	errno = close(-1) < 0 ? errno : 0;
	printf("tlsmain: __thread long %ld, zeroed array %s, errno %s\n", tls_value,
	       tls_zero[0] || tls_zero[99] ? "no" : "yes", errno == EBADF ? "EBADF" : "?");
	printf("tlsmain: %%fs:0 is the thread pointer: %s; &errno below it: %s\n",
	       tcb_self == tp ? "yes" : "no", (void *)&errno < tp ? "yes" : "no");
	printf("tlsmain: canary at %%fs:0x28: low byte %lu, set %s\n", canary & 0xff,
	       canary ? "yes" : "no");
}

static void t_tls(void)
{
	pthread_t t[4];
	long i, ok = 0;
	void *r;

	errno = 7;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, tls_thread, (void *)(i + 100));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		ok += (long)r;
	}
	printf("tls: 4 threads started with 42 and kept their own value: %ld\n", ok);
	printf("tls: main still has %ld, errno %d\n", tls_value, errno);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void once_fn(void)
{
	once_runs++;
}

static void *once_thread(void *arg)
{
	(void)arg;
	pthread_once(&once, once_fn);
	return 0;
}

static void t_once(void)
{
	pthread_t t[4];
	int i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, once_thread, 0);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	printf("once: 4 threads, the function ran %d time(s)\n", once_runs);
}

static sem_t detached_done;

static void *detached_thread(void *arg)
{
	(void)arg;
	sem_post(&detached_done);
	return 0;
}

static void t_detach(void)
{
	pthread_attr_t a;
	pthread_t t;
	int i, e;

	sem_init(&detached_done, 0, 0);
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < 100; i++)
		pthread_create(&t, &a, detached_thread, 0);
	for (i = 0; i < 100; i++)
		sem_wait(&detached_done);
	pthread_create(&t, 0, detached_thread, 0);
	e = pthread_detach(t);
	sem_wait(&detached_done);
	printf("detach: 100 detached threads ran; pthread_detach %d, again %s\n", e,
	       pthread_detach(t) == EINVAL ? "EINVAL" : "?");
}

static int cleaned;

static void cleanup(void *arg)
{
	cleaned = (int)(long)arg;
}

static sem_t cancel_ready;

static void *cancel_thread(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, (void *)7);
	sem_post(&cancel_ready);
	for (;;)
		pthread_testcancel();
	pthread_cleanup_pop(0);
	return 0;
}

static void t_cancel(void)
{
	pthread_t t;
	void *r;

	sem_init(&cancel_ready, 0, 0);
	pthread_create(&t, 0, cancel_thread, 0);
	sem_wait(&cancel_ready);
	pthread_cancel(t);
	pthread_join(t, &r);
	printf("cancel: result %s, cleanup handler got %d\n",
	       r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "?", cleaned);
}

static void *stack_of(void *arg)
{
	pthread_attr_t a;
	void *addr;
	size_t size, guard;

	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &addr, &size);
	pthread_attr_getguardsize(&a, &guard);
	if (arg)
		printf("stacksize: thread stack %zu KiB, guard %zu KiB\n", size / 1024,
		       guard / 1024);
	return addr;
}

static void t_cache(void)
{
	pthread_t t;
	void *a1, *a2, *a3;
	pthread_attr_t a;

	pthread_create(&t, 0, stack_of, 0);
	pthread_join(t, &a1);
	pthread_create(&t, 0, stack_of, 0);
	pthread_join(t, &a2);
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	pthread_create(&t, &a, stack_of, 0);
	pthread_join(t, &a3);
	printf("cache: the second thread reused the first one's stack: %s\n",
	       a1 == a2 ? "yes" : "no");
	printf("cache: a 64 KiB thread got a stack of its own: %s\n", a3 != a1 ? "yes" : "no");
}

static void t_stacksize(void)
{
	static const struct { rlim_t lim; const char *name; } lims[] = {
		{ 8 << 20, "8 MiB" }, { 1 << 20, "1 MiB" },
		{ RLIM_INFINITY, "unlimited" }, { 32 << 20, "32 MiB" } };
	unsigned i;
	int status;

	for (i = 0; i < sizeof(lims) / sizeof(lims[0]); i++) {
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			struct rlimit r = { lims[i].lim, RLIM_INFINITY };
			char *argv[] = { self_path, "stacksize-child", (char *)lims[i].name, 0 };

			setrlimit(RLIMIT_STACK, &r);
			execv(self_path, argv);
			_exit(127);
		}
		waitpid(pid, &status, 0);
	}
}

static void t_stacksize_child(const char *name)
{
	pthread_t t;
	pthread_attr_t a;
	size_t size;

	pthread_attr_init(&a);
	pthread_attr_getstacksize(&a, &size);
	printf("stacksize: RLIMIT_STACK %s: default %zu KiB\n", name, size / 1024);
	pthread_create(&t, 0, stack_of, (void *)1);
	pthread_join(t, 0);
}

static void *below_stack(void *arg)
{
	pthread_attr_t a;
	void *addr;
	size_t size;

	(void)arg;
	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &addr, &size);
	((volatile char *)addr)[-1] = 1;	/* the guard page */
	return 0;
}

static void t_guard(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, 0, below_stack, 0);
		pthread_join(t, 0);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("guard: a write below the thread's stack: killed by signal %d\n",
		       WTERMSIG(status));
	else
		printf("guard: a write below the thread's stack: exit %d\n",
		       WEXITSTATUS(status));
}

static void t_many(void)
{
	pthread_t t;
	long i, ok = 0;
	void *r;

	for (i = 0; i < 1000; i++) {
		pthread_create(&t, 0, ret_arg, (void *)i);
		pthread_join(t, &r);
		ok += (long)r == i;
	}
	printf("many: %ld create/join rounds\n", ok);
}

static FILE *out;

static void *printer(void *arg)
{
	int i;

	for (i = 0; i < 2000; i++)
		fprintf(out, "thread %ld line %d of the stdio test\n", (long)arg, i);
	return 0;
}

static void *allocator(void *arg)
{
	long i, bad = 0;
	unsigned char *p[16];
	int j;

	for (i = 0; i < 20000; i++) {
		j = i % 16;
		if (i >= 16) {
			if (p[j][0] != (unsigned char)(long)arg || p[j][99] != (unsigned char)(long)arg)
				bad++;
			free(p[j]);
		}
		p[j] = malloc(100 + (i % 7) * 50);
		memset(p[j], (int)(long)arg, 100);
	}
	for (j = 0; j < 16; j++)
		free(p[j]);
	return (void *)bad;
}

static void t_stdio_malloc(void)
{
	pthread_t t[4];
	char line[100];
	long i, good = 0, lines = 0, bad = 0;
	void *r;
	char path[64];

	snprintf(path, sizeof(path), "/tmp/threadtest.%d", getpid());
	out = fopen(path, "w");
	if (!out) {
		snprintf(path, sizeof(path), "threadtest.%d", getpid());
		out = fopen(path, "w");
	}
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, printer, (void *)i);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], 0);
	fclose(out);
	out = fopen(path, "r");
	while (out && fgets(line, sizeof(line), out)) {
		long th, n;
		char *e;

		lines++;
		if (strncmp(line, "thread ", 7))
			continue;
		th = strtol(line + 7, &e, 10);
		if (strncmp(e, " line ", 6))
			continue;
		n = strtol(e + 6, &e, 10);
		if (th >= 0 && th < 4 && n >= 0 && n < 2000 &&
		    !strcmp(e, " of the stdio test\n"))
			good++;
	}
	if (out)
		fclose(out);
	unlink(path);
	printf("stdio: 4 threads x 2000 fprintf lines: %ld lines, %ld intact\n", lines, good);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], 0, allocator, (void *)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	printf("malloc: 4 threads x 20000 malloc/free: %ld bad blocks\n", bad);
}

static void mainexit_atexit(void)
{
	printf("mainexit: atexit handler ran, in the last thread to end\n");
}

static void *mainexit_thread(void *arg)
{
	int i;

	for (i = 0; i < 3; i++)
		sched_yield();
	printf("mainexit: the thread runs on after main's pthread_exit\n");
	return arg;
}

static void t_mainexit(void)
{
	char *argv[] = { self_path, "mainexit-child", 0 };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv(self_path, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("mainexit: the process exited with status %d\n",
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static void t_mainstack(void)
{
	unsigned long from = 0, to = 0, top;
	pthread_attr_t a;
	struct rlimit r;
	void *addr;
	size_t size;
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]")) {
			from = strtoul(line, 0, 16);
			to = strtoul(strchr(line, '-') + 1, 0, 16);
		}
	if (f)
		fclose(f);
	getrlimit(RLIMIT_STACK, &r);
	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &addr, &size);
	top = (unsigned long)addr + size;
	printf("mainstack: the top is in [stack]: %s\n", top > from && top <= to ? "yes" : "no");
	printf("mainstack: size plus what is above the top is RLIMIT_STACK: %s\n",
	       ((r.rlim_cur - (to - top)) & ~4095UL) == size ? "yes" : "no");
}

static void *nothing(void *arg)
{
	return arg;
}

static void t_hostile(void)
{
	pthread_attr_t a;
	pthread_t t;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_barrier_t b;
	struct timespec bad_ts = { 0, 2000000000 };
	sem_t s;
	static char small[8192];
	int e;

	pthread_attr_init(&a);
	printf("hostile: setstacksize 100: %s\n",
	       pthread_attr_setstacksize(&a, 100) == EINVAL ? "EINVAL" : "?");
	printf("hostile: setstack of 8 KiB: %s\n",
	       pthread_attr_setstack(&a, small, sizeof(small)) == EINVAL ? "EINVAL" : "?");
	pthread_attr_setguardsize(&a, (size_t)-1);
	printf("hostile: guard size 2^64-1: %s\n",
	       (pthread_create)(&t, &a, nothing, 0) == EINVAL ? "EINVAL" : "?");
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, (size_t)1 << 50);
	e = (pthread_create)(&t, &a, nothing, 0);
	printf("hostile: a 2^50-byte stack: %s\n", e == EAGAIN ? "EAGAIN" : strerror(e));
	printf("hostile: setdetachstate 7: %s\n",
	       pthread_attr_setdetachstate(&a, 7) == EINVAL ? "EINVAL" : "?");
	printf("hostile: join self: %s\n",
	       pthread_join(pthread_self(), 0) == EDEADLK ? "EDEADLK" : "?");
	printf("hostile: key 5000: delete %s, setspecific %s, get %p\n",
	       pthread_key_delete(5000) == EINVAL ? "EINVAL" : "?",
	       pthread_setspecific(5000, &a) == EINVAL ? "EINVAL" : "?",
	       pthread_getspecific(5000));
	pthread_mutex_lock(&m);
	e = pthread_cond_timedwait(&c, &m, &bad_ts);
	pthread_mutex_unlock(&m);
	printf("hostile: timedwait with tv_nsec 2e9: %s\n", e == EINVAL ? "EINVAL" : "?");
	printf("hostile: barrier of 0: %s\n",
	       pthread_barrier_init(&b, 0, 0) == EINVAL ? "EINVAL" : "?");
	e = sem_init(&s, 0, 0x80000000u) < 0 ? errno : 0;
	printf("hostile: sem_init 2^31: %s\n", e == EINVAL ? "EINVAL" : "?");
	sem_init(&s, 0, SEM_VALUE_MAX);
	e = sem_post(&s) < 0 ? errno : 0;
	printf("hostile: sem_post at SEM_VALUE_MAX: %s\n", e == EOVERFLOW ? "EOVERFLOW" : "?");
}


/* fork in a threaded program: handlers, locks, tid, stacks, count. */
static char atfork_log[64];
static void log_c(const char *s) { strcat(atfork_log, s); }
static void prep_a(void) { log_c("A"); }
static void prep_b(void) { log_c("B"); }
static void prep_c(void) { log_c("C"); }
static void after_a(void) { log_c("a"); }
static void after_b(void) { log_c("b"); }
static void after_c(void) { log_c("c"); }
static volatile int fork_stop;

static void *fork_allocator(void *arg)
{
	while (!fork_stop)
		free(malloc(64 + (long)arg));
	return 0;
}

static void *fork_printer(void *arg)
{
	FILE *f = fopen("/dev/null", "w");

	while (f && !fork_stop)
		fprintf(f, "%p\n", arg);
	if (f)
		fclose(f);
	return 0;
}

static void *holder_stacks[2];
static int holders;

static void *fork_stack_holder(void *arg)
{
	holder_stacks[__atomic_fetch_add(&holders, 1, __ATOMIC_RELAXED)] = stack_of(0);
	pthread_barrier_wait(arg);	/* started */
	pthread_barrier_wait(arg);	/* the parent has forked */
	return stack_of(0);
}

static void fork_child_atexit(void)
{
	printf("fork: child's atexit handler ran after its pthread_exit\n");
}

/* Wait for a child; 1 if it exited with 0. */
static int child_ok(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

/* A thread (not main) forks; its child makes a thread and joins it. */
static void *fork_from_thread(void *arg)
{
	pthread_t t;
	void *r = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_create(&t, 0, ret_arg, arg);
		pthread_join(t, &r);
		exit(r == arg ? 0 : 1);
	}
	return (void *)(long)child_ok(pid);
}

static void t_fork(void)
{
	pthread_t t[2];
	pthread_attr_t a;
	pthread_barrier_t b;
	pthread_mutexattr_t ma;
	pthread_mutex_t held, mine;
	void *stacks[2], *got;
	char *p;
	int i, ok = 0, e1, e2, e3;
	pid_t pid;

	/* Handlers: prepare in reverse order, parent and child in order. */
	pthread_atfork(prep_a, after_a, after_a);
	pthread_atfork(prep_b, after_b, after_b);
	pthread_atfork(prep_c, after_c, after_c);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("fork: child handlers: %s\n", atfork_log);
		exit(0);
	}
	child_ok(pid);
	printf("fork: parent handlers: %s\n", atfork_log);

	/* Forks while other threads malloc and fprintf in loops. */
	pthread_create(&t[0], 0, fork_allocator, (void *)1);
	pthread_create(&t[1], 0, fork_printer, 0);
	for (i = 0; i < 20; i++) {
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			p = malloc(100000 + i);
			fprintf(stderr, "%s", "");
			fflush(0);
			_exit(p ? 0 : 1);
		}
		ok += child_ok(pid);
	}
	fork_stop = 1;
	pthread_join(t[0], 0);
	pthread_join(t[1], 0);
	printf("fork: 20 children malloc'd while threads were in malloc and fprintf: %d exited 0\n", ok);

	/* The child is a thread of its own: error-checking mutexes. */
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&held, &ma);
	pthread_mutex_init(&mine, &ma);
	pthread_mutex_lock(&held);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		e1 = pthread_mutex_unlock(&held);
		e2 = pthread_mutex_lock(&mine);
		e3 = pthread_mutex_lock(&mine);
		printf("fork: child unlocks the parent's mutex: %s; own lock %d, again %s, unlock %d\n",
		       e1 == EPERM ? "EPERM" : e1 ? "?" : "0", e2,
		       e3 == EDEADLK ? "EDEADLK" : e3 ? "?" : "0", pthread_mutex_unlock(&mine));
		exit(0);
	}
	child_ok(pid);
	pthread_mutex_unlock(&held);

	/* Stacks of threads the child does not have are its to reuse. */
	pthread_barrier_init(&b, 0, 3);
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 256 * 1024);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], &a, fork_stack_holder, &b);
	pthread_barrier_wait(&b);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_create(&t[0], &a, stack_of, 0);
		pthread_join(t[0], &got);
		printf("fork: child's thread ran on a stack of a thread it does not have: %s\n",
		       got == holder_stacks[0] || got == holder_stacks[1] ? "yes" : "no");
		exit(0);
	}
	child_ok(pid);
	pthread_barrier_wait(&b);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], &stacks[i]);

	pthread_create(&t[0], 0, fork_from_thread, &b);
	pthread_join(t[0], &got);
	printf("fork: a thread's child created and joined a thread: %s\n", got ? "yes" : "no");

	/* One thread in the child: its pthread_exit ends the process. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		atexit(fork_child_atexit);
		pthread_exit(0);
	}
	printf("fork: the child exited with status 0: %s\n", child_ok(pid) ? "yes" : "no");
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "create", t_create }, { "mutex", t_mutex }, { "cond", t_cond },
	{ "rwlock", t_rwlock }, { "barrier", t_barrier }, { "sem", t_sem },
	{ "keys", t_keys }, { "tlsmain", t_tlsmain }, { "tls", t_tls }, { "once", t_once },
	{ "detach", t_detach }, { "cancel", t_cancel }, { "cache", t_cache },
	{ "stacksize", t_stacksize }, { "guard", t_guard }, { "many", t_many },
	{ "stdio", t_stdio_malloc }, { "mainexit", t_mainexit }, { "mainstack", t_mainstack }, { "hostile", t_hostile },
	{ "fork", t_fork },
};

int main(int argc, char **argv)
{
	unsigned i;
	int a, found;

	self_path = argv[0];
	setvbuf(stdout, 0, _IOLBF, 0);
	if (argc == 2 && !strcmp(argv[1], "mainexit-child")) {
		pthread_t t;

		atexit(mainexit_atexit);
		pthread_create(&t, 0, mainexit_thread, 0);
		pthread_exit(0);
	}
	if (argc == 3 && !strcmp(argv[1], "stacksize-child")) {
		t_stacksize_child(argv[2]);
		return 0;
	}
	for (a = 1; a < argc; a++) {
		found = 0;
		for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
			if (!strcmp(argv[a], "all") || !strcmp(argv[a], tests[i].name)) {
				tests[i].fn();
				found = 1;
			}
		if (!found)
			printf("threadtest: no test %s\n", argv[a]);
	}
	printf("threadtest: done\n");
	return 0;
}
