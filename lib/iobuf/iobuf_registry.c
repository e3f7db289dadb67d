/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The registry of named buffers: a singly linked list in the shared
 * anchor, through the descriptors, under a robust lock (an insert or a
 * remove is one store, so a process killed in one leaves a whole list).
 * The same lock orders every reference change of a shared buffer.
 */

#include <errno.h>
#include <string.h>

#include <rte_atomic.h>

#include "iobuf_private.h"
#include "iobuf_reap.h"
#include "iobuf_shared.h"

/*
 * After a holder died: a shared buffer's reference change it was making
 * undone whole (count, its process's count, and its place in the list),
 * so the reap of the dead process finds the references as they were
 * before it. The list itself needs no repair: it is singly linked, and an
 * insert or a remove becomes visible with one store.
 */
static void
registry_repair(void *arg)
{
	struct iobuf_shared *s = arg;
	struct iobuf_desc *d = s->ref_undo.d, *e;

	if (d == NULL)
		return;
	__atomic_store_n(&d->pub.refcnt, s->ref_undo.refcnt, __ATOMIC_RELAXED);
	__atomic_store_n(&d->proc_refs[s->ref_undo.slot], s->ref_undo.proc_refs,
			 __ATOMIC_RELAXED);
	if (s->ref_undo.registered) {
		SLIST_FOREACH(e, &s->registry, reg)
			if (e == d)
				break;
		d->registered = true;
		if (e == NULL)
			SLIST_INSERT_HEAD(&s->registry, d, reg);
	}
	s->ref_undo.d = NULL;
}

/*
 * Take @p d off the list if it is there (registry lock held). A set flag
 * is not trusted: a process that died between unlinking and clearing it
 * left it set on a descriptor the list no longer holds. (A clear flag is:
 * the flag is set before linking.)
 */
static void
registry_unlink_locked(struct iobuf_shared *s, struct iobuf_desc *d)
{
	struct iobuf_desc **pp = &SLIST_FIRST(&s->registry);

	while (*pp != NULL && *pp != d)
		pp = &SLIST_NEXT(*pp, reg);
	if (*pp != NULL)
		*pp = SLIST_NEXT(d, reg);
	d->registered = false;
}

/* Open and close the undo record of a change to shared buffer @p d's
 * references by process @p slot (registry lock held). */
static void
undo_open(struct iobuf_shared *s, struct iobuf_desc *d, uint16_t slot)
{
	s->ref_undo.refcnt = d->pub.refcnt;
	s->ref_undo.proc_refs = d->proc_refs[slot];
	s->ref_undo.slot = slot;
	s->ref_undo.registered = d->registered;
	rte_compiler_barrier();
	s->ref_undo.d = d;
	rte_compiler_barrier();
}

static void
undo_close(struct iobuf_shared *s)
{
	rte_compiler_barrier();
	s->ref_undo.d = NULL;
}

static struct iobuf_shared *
registry_lock(bool make)
{
	struct iobuf_shared *s = make ? iobuf_shared_get() : iobuf_shared_peek();

	if (s != NULL)
		iobuf_lock_take(&s->registry_lock, registry_repair, s);
	return s;
}

static uint32_t shared_ref_locked(struct iobuf_shared *s, struct iobuf_desc *d,
				  uint16_t slot, int64_t delta);

/* Caller holds the lock. */
static struct iobuf_desc *
find_locked(struct iobuf_shared *s, const char *name)
{
	struct iobuf_desc *d;

	SLIST_FOREACH(d, &s->registry, reg)
		if (strncmp(name, d->name, RTE_IOBUF_NAMESIZE) == 0)
			return d;
	return NULL;
}

bool
iobuf_registry_exists(const char *name)
{
	struct iobuf_shared *s = registry_lock(false);
	bool found;

	if (s == NULL)
		return false;
	found = find_locked(s, name) != NULL;
	iobuf_lock_give(&s->registry_lock);
	return found;
}

int
iobuf_registry_add(struct iobuf_desc *d)
{
	struct iobuf_shared *s = registry_lock(true);

	if (s == NULL)
		return -ENOMEM;
	if (find_locked(s, d->name) != NULL) {
		iobuf_lock_give(&s->registry_lock);
		return -EEXIST;
	}
	/* Flag first: linked implies flagged even if this process dies
	 * here, so iobuf_registry_del() may trust a clear flag. */
	d->registered = true;
	rte_compiler_barrier();
	SLIST_INSERT_HEAD(&s->registry, d, reg);
	iobuf_lock_give(&s->registry_lock);
	return 0;
}

/*
 * Add @p delta (may be negative) to shared buffer @p d's references, all
 * of process @p slot's count, never below 0; registry lock held. At 0 the
 * buffer leaves the list. Returns the count after.
 */
static uint32_t
shared_ref_locked(struct iobuf_shared *s, struct iobuf_desc *d, uint16_t slot,
		  int64_t delta)
{
	uint32_t n = d->pub.refcnt;
	int64_t own = (int64_t)d->proc_refs[slot] + delta;

	if (delta < 0 && (uint64_t)-delta > n)
		delta = -(int64_t)n;
	undo_open(s, d, slot);
	/* Beyond the per-process count's range, or below what this process
	 * holds (passed on by pointer): the total changes alone, so a reap
	 * can leak such a reference but never drops one twice. */
	if (own >= 0 && own <= IOBUF_PROC_REFS_MAX)
		__atomic_store_n(&d->proc_refs[slot], (uint16_t)own, __ATOMIC_RELAXED);
	n += (uint32_t)delta;
	if (n == 0)
		d->holder = iobuf_self();  /* this process frees it */
	__atomic_store_n(&d->pub.refcnt, n, __ATOMIC_RELEASE);
	if (n == 0 && d->registered)
		registry_unlink_locked(s, d);
	undo_close(s);
	return n;
}

int
iobuf_registry_shared_ref(struct iobuf_desc *d, int64_t delta, uint32_t *after)
{
	/* Registration may reap, which takes this lock: first. */
	uint16_t self = iobuf_self();
	struct iobuf_shared *s;

	if (self == IOBUF_PROC_NONE)
		return -ENOENT;
	s = registry_lock(false);
	if (s == NULL)
		return -ENOENT;
	if (delta < 0 && d->pub.refcnt == 0) {
		iobuf_lock_give(&s->registry_lock);
		return -EINVAL;
	}
	*after = shared_ref_locked(s, d, self, delta);
	iobuf_lock_give(&s->registry_lock);
	return 0;
}

uint32_t
iobuf_registry_shared_reap(struct iobuf_desc *d, uint16_t slot, bool *last)
{
	struct iobuf_shared *s = registry_lock(false);
	uint32_t n;

	*last = false;
	if (s == NULL)
		return 0;
	n = RTE_MIN(d->proc_refs[slot], d->pub.refcnt);
	/* Already at 0: another process is freeing it (its last reference
	 * was not counted to a slot): not ours to free. */
	if (d->proc_refs[slot] != 0 && d->pub.refcnt != 0) {
		*last = shared_ref_locked(s, d, slot, -(int64_t)d->proc_refs[slot]) == 0;
		/* Whatever it passed on by pointer is not its own any more. */
		d->proc_refs[slot] = 0;
	}
	iobuf_lock_give(&s->registry_lock);
	return n;
}

void
iobuf_registry_del(struct iobuf_desc *d)
{
	struct iobuf_shared *s;

	if (!d->registered)
		return;  /* not on the list (the flag is set before linking) */
	s = registry_lock(false);
	if (s != NULL) {
		registry_unlink_locked(s, d);
		iobuf_lock_give(&s->registry_lock);
	}
}

struct iobuf_desc *
iobuf_registry_get(const char *name, int *err)
{
	struct iobuf_shared *s = registry_lock(false);
	struct iobuf_desc *d;
	uint32_t ref;

	*err = ENOENT;
	if (s == NULL)
		return NULL;
	d = find_locked(s, name);
	if (d != NULL) {
		if (!(d->pub.flags & RTE_IOBUF_SHARED) && d->gen != iobuf_self_gen()) {
			*err = EACCES;
			d = NULL;
		} else if (d->pub.flags & RTE_IOBUF_SHARED) {
			/* Its count changes under this lock only; a buffer
			 * whose last reference is gone is never listed. */
			shared_ref_locked(s, d, iobuf_self(), 1);
		} else {
			/* Never revive a buffer whose last reference is gone. */
			ref = __atomic_load_n(&d->pub.refcnt, __ATOMIC_RELAXED);
			do {
				if (ref == 0) {
					d = NULL;
					break;
				}
			} while (!__atomic_compare_exchange_n(&d->pub.refcnt, &ref,
					ref + 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED));
		}
	}
	iobuf_lock_give(&s->registry_lock);
	return d;
}

void
iobuf_registry_walk(void (*cb)(const struct iobuf_desc *d, void *arg),
		    void *arg)
{
	struct iobuf_shared *s = registry_lock(false);
	struct iobuf_desc *d;

	if (s == NULL)
		return;
	SLIST_FOREACH(d, &s->registry, reg)
		cb(d, arg);
	iobuf_lock_give(&s->registry_lock);
}

void
iobuf_registry_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l)
{
	struct iobuf_shared *s = registry_lock(false);
	struct iobuf_desc *d;

	if (s == NULL)
		return;
	SLIST_FOREACH(d, &s->registry, reg)
		iobuf_reap_consider(l, d, slot, gen);
	iobuf_lock_give(&s->registry_lock);
}
