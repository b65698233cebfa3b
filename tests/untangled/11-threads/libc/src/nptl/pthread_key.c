/* Thread-specific data: keys, their values and destructors (weft, chapter 11:
 * threads).  Not printed in the book; the chapter describes it in prose. */
#include <errno.h>
#include <stdlib.h>
#include "pthreadP.h"

static struct {
	uintptr_t seq;
	void (*destr)(void *);
} keys[PTHREAD_KEYS_MAX];

int pthread_key_create(pthread_key_t *key, void (*destr)(void *))
{
	unsigned i;

	for (i = 0; i < PTHREAD_KEYS_MAX; i++) {
		uintptr_t seq = __atomic_load_n(&keys[i].seq, __ATOMIC_RELAXED);

		if (!(seq & 1) && seq + 2 > seq &&
		    __atomic_compare_exchange_n(&keys[i].seq, &seq, seq + 1, 0,
						__ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
			keys[i].destr = destr;
			*key = i;
			return 0;
		}
	}
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	uintptr_t seq;

	if (key >= PTHREAD_KEYS_MAX)
		return EINVAL;
	seq = __atomic_load_n(&keys[key].seq, __ATOMIC_RELAXED);
	if (!(seq & 1) || !__atomic_compare_exchange_n(&keys[key].seq, &seq,
			seq + 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return EINVAL;
	return 0;
}
int pthread_setspecific(pthread_key_t key, const void *value)
{
	struct pthread *pd = THREAD_SELF();
	struct pthread_key_data *block;

	if (key >= PTHREAD_KEYS_MAX || !(keys[key].seq & 1))
		return EINVAL;
	block = pd->specific[key / KEY_2NDLEVEL_SIZE];
	if (!block) {
		if (!value)
			return 0;
		block = calloc(KEY_2NDLEVEL_SIZE, sizeof(*block));
		if (!block)
			return ENOMEM;
		pd->specific[key / KEY_2NDLEVEL_SIZE] = block;
	}
	block[key % KEY_2NDLEVEL_SIZE].seq = keys[key].seq;
	block[key % KEY_2NDLEVEL_SIZE].data = (void *)value;
	pd->specific_used = 1;
	return 0;
}
void *pthread_getspecific(pthread_key_t key)
{
	struct pthread_key_data *block, *d;

	if (key >= PTHREAD_KEYS_MAX)
		return 0;
	block = THREAD_SELF()->specific[key / KEY_2NDLEVEL_SIZE];
	if (!block)
		return 0;
	d = &block[key % KEY_2NDLEVEL_SIZE];
	if (d->data && d->seq != keys[key].seq)
		d->data = 0;		/* set under a deleted key */
	return d->data;
}
void __nptl_deallocate_tsd(void)
{
	struct pthread *pd = THREAD_SELF();
	int round, i, j;

	for (round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS && pd->specific_used;
	     round++) {
		pd->specific_used = 0;
		for (i = 0; i < KEY_1STLEVEL_SIZE; i++)
			for (j = 0; pd->specific[i] && j < KEY_2NDLEVEL_SIZE; j++) {
				struct pthread_key_data *d = &pd->specific[i][j];
				unsigned key = i * KEY_2NDLEVEL_SIZE + j;
				void *data = d->data;

				d->data = 0;
				if (data && d->seq == keys[key].seq && keys[key].destr)
					keys[key].destr(data);
			}
	}
	for (i = 1; i < KEY_1STLEVEL_SIZE; i++) {
		free(pd->specific[i]);
		pd->specific[i] = 0;
	}
}
