/*
 * Host test of lib/rbtree.c: random insertions and erasures of keys
 * 0..NKEYS-1 against a presence array, with an augmented value (the
 * largest weight in each subtree) kept through the library's callbacks.
 * Every few operations the whole tree is checked: a black root, no red
 * node under a red one, equal black heights, parent pointers that match,
 * keys in order, every augmented value exact, rb_first/rb_next and
 * rb_last/rb_prev in step with the model.
 *
 *   rbtree_test SEED OPS
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/rbtree_augmented.h>

#define NKEYS	4096

struct item {
	struct rb_node rb;
	unsigned long key;
	unsigned long weight;
	unsigned long subtree_max;	/* the augmented value */
};

static struct item items[NKEYS];
static bool present[NKEYS];
static int count;
static struct rb_root root = RB_ROOT;
static unsigned long long rng;
static unsigned long seed;

static unsigned long rnd(unsigned long n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(rng >> 33) % n;
}

static void fail(const char *what, unsigned long key)
{
	printf("FAIL: rbtree: %s (key %lu) -- seed %lu\n", what, key, seed);
	exit(1);
}

#define item_of(node)	rb_entry(node, struct item, rb)

static unsigned long compute_max(struct item *it)
{
	unsigned long m = it->weight;

	if (it->rb.rb_left && item_of(it->rb.rb_left)->subtree_max > m)
		m = item_of(it->rb.rb_left)->subtree_max;
	if (it->rb.rb_right && item_of(it->rb.rb_right)->subtree_max > m)
		m = item_of(it->rb.rb_right)->subtree_max;
	return m;
}

static void aug_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop) {
		struct item *it = item_of(rb);
		unsigned long m = compute_max(it);

		if (it->subtree_max == m)
			break;
		it->subtree_max = m;
		rb = rb_parent(rb);
	}
}

static void aug_copy(struct rb_node *old, struct rb_node *new)
{
	item_of(new)->subtree_max = item_of(old)->subtree_max;
}

static void aug_rotate(struct rb_node *old, struct rb_node *new)
{
	item_of(new)->subtree_max = item_of(old)->subtree_max;
	item_of(old)->subtree_max = compute_max(item_of(old));
}

static const struct rb_augment_callbacks aug = {
	aug_propagate, aug_copy, aug_rotate
};

static void insert(unsigned long key, bool augmented)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;
	struct item *it = &items[key];

	it->key = key;
	it->weight = rnd(1000000);
	while (*link) {
		struct item *here = item_of(*link);

		parent = *link;
		if (augmented && here->subtree_max < it->weight)
			here->subtree_max = it->weight;
		if (key < here->key)
			link = &parent->rb_left;
		else if (key > here->key)
			link = &parent->rb_right;
		else
			fail("insert found the key already there", key);
	}
	rb_link_node(&it->rb, parent, link);
	it->subtree_max = it->weight;
	if (augmented)
		rb_insert_augmented(&it->rb, &root, &aug);
	else
		rb_insert_color(&it->rb, &root);
	present[key] = true;
	count++;
}

static void erase(unsigned long key, bool augmented)
{
	if (augmented)
		rb_erase_augmented(&items[key].rb, &root, &aug);
	else
		rb_erase(&items[key].rb, &root);
	RB_CLEAR_NODE(&items[key].rb);
	present[key] = false;
	count--;
}

/* Returns the black height of the subtree; checks everything below. */
static int check_node(struct rb_node *n, struct rb_node *parent,
		      long lo, long hi, bool augmented, int *nodes)
{
	int lh, rh;
	struct item *it;

	if (!n)
		return 1;
	it = item_of(n);
	(*nodes)++;
	if (rb_parent(n) != parent)
		fail("parent pointer wrong", it->key);
	if ((long)it->key <= lo || (long)it->key >= hi)
		fail("keys out of order", it->key);
	if (!present[it->key])
		fail("erased key still in the tree", it->key);
	if (rb_is_red(n) && parent && rb_is_red(parent))
		fail("red node under a red node", it->key);
	lh = check_node(n->rb_left, n, lo, (long)it->key, augmented, nodes);
	rh = check_node(n->rb_right, n, (long)it->key, hi, augmented, nodes);
	if (lh != rh)
		fail("black heights differ", it->key);
	if (augmented && it->subtree_max != compute_max(it))
		fail("augmented value wrong", it->key);
	return lh + rb_is_black(n);
}

static void check_tree(bool augmented)
{
	struct rb_node *n;
	int nodes = 0;
	long k;

	if (root.rb_node && !rb_is_black(root.rb_node))
		fail("red root", item_of(root.rb_node)->key);
	check_node(root.rb_node, NULL, -1, NKEYS, augmented, &nodes);
	if (nodes != count)
		fail("node count differs from the model", (unsigned long)nodes);
	n = rb_first(&root);
	for (k = 0; k < NKEYS; k++) {
		if (!present[k])
			continue;
		if (!n || item_of(n)->key != (unsigned long)k)
			fail("rb_first/rb_next skipped a key", (unsigned long)k);
		n = rb_next(n);
	}
	if (n)
		fail("rb_next went past the last key", item_of(n)->key);
	n = rb_last(&root);
	for (k = NKEYS - 1; k >= 0; k--) {
		if (!present[k])
			continue;
		if (!n || item_of(n)->key != (unsigned long)k)
			fail("rb_last/rb_prev skipped a key", (unsigned long)k);
		n = rb_prev(n);
	}
}

static void recompute(struct rb_node *n)
{
	if (!n)
		return;
	recompute(n->rb_left);
	recompute(n->rb_right);
	item_of(n)->subtree_max = compute_max(item_of(n));
}

int main(int argc, char **argv)
{
	long ops = argc > 2 ? strtol(argv[2], NULL, 0) : 1000000;
	long checks = 0;
	int target = 0;

	seed = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	rng = seed;
	for (long i = 0; i < ops; i++) {
		/* every 20000 operations a new size to drift towards: empty, full, between */
		if (i % 20000 == 0)
			target = (int)rnd(NKEYS + 1);
		bool augmented = (i / 100000) % 2 == 0;
		bool grow = count == 0 || (count < NKEYS && rnd(100) < (count < target ? 65 : 35));
		unsigned long key = rnd(NKEYS);

		if (grow) {
			while (present[key])
				key = (key + 1) % NKEYS;
			insert(key, augmented);
		} else {
			while (!present[key])
				key = (key + 1) % NKEYS;
			erase(key, augmented);
		}
		/* plain and augmented phases alternate; a new augmented phase recomputes */
		if ((i + 1) % 100000 == 0)
			recompute(root.rb_node);
		if (i < 20000 || i % 97 == 0 || count < 16) {
			check_tree(augmented);
			checks++;
		}
	}
	check_tree((ops / 100000) % 2 == 0);
	printf("PASS: rbtree: seed %lu: %ld operations, %ld full checks, %d nodes at the end\n",
	       seed, ops, checks, count);
	return 0;
}
