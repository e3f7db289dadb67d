/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <stdlib.h>

#include "iobuf_arena.h"
#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_reap.h"

void
iobuf_reap_consider(struct iobuf_reap_list *l, struct iobuf_desc *d,
		    uint16_t slot, uint64_t gen)
{
	struct iobuf_desc **grown;
	bool holds;

	/* It made the last release and died before the free was done
	 * (iobuf_desc_reap() finishes it), whoever created it. */
	if (__atomic_load_n(&d->pub.refcnt, __ATOMIC_ACQUIRE) == 0)
		holds = d->holder == slot;
	else if (d->pub.flags & RTE_IOBUF_SHARED)
		holds = __atomic_load_n(&d->proc_refs[slot], __ATOMIC_RELAXED) != 0;
	else  /* pinned: the memory of a pool or ring, freed with it */
		holds = !d->pinned && d->proc == slot &&
			__atomic_load_n(&d->gen, __ATOMIC_RELAXED) == gen;
	if (!holds)
		return;
	if (l->n == l->cap) {
		grown = realloc(l->d, (l->cap * 2 + 64) * sizeof(l->d[0]));
		if (grown == NULL) {
			IOBUF_LOG(ERR, "reap: no memory to list what a dead process held; some of it stays held");
			return;
		}
		l->d = grown;
		l->cap = l->cap * 2 + 64;
	}
	l->d[l->n++] = d;
}

static int
ptr_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(struct iobuf_desc *const *)a;
	uintptr_t y = (uintptr_t)*(struct iobuf_desc *const *)b;

	return x < y ? -1 : x > y;
}

/* Drop what the listed descriptors hold of (slot, gen), each once. */
static void
drop_listed(struct iobuf_reap_list *l, uint16_t slot, uint64_t gen,
	    struct iobuf_reap_counts *n)
{
	bool freed;
	size_t i;

	/* A named store-path buffer is listed twice; the first drop may
	 * free it, so the second must not touch it. */
	if (l->n > 1)
		qsort(l->d, l->n, sizeof(l->d[0]), ptr_cmp);
	for (i = 0; i < l->n; i++) {
		if (i > 0 && l->d[i] == l->d[i - 1])
			continue;
		n->refs += iobuf_desc_reap(l->d[i], slot, gen, &freed);
		n->buffers += freed;
	}
	l->n = 0;
}

void
iobuf_reap_process(uint16_t slot, uint64_t gen, struct iobuf_reap_counts *n)
{
	struct iobuf_reap_list l = { .d = NULL };

	/* Named and store-path buffers first: one the dead process was
	 * freeing leaves the registry before the arenas' reap can hand its
	 * slot to anyone else. */
	iobuf_registry_reap(slot, gen, &l);
	iobuf_store_bufs_reap(slot, gen, &l);
	drop_listed(&l, slot, gen, n);
	n->slots += iobuf_arena_reap(slot, gen, &l);
	drop_listed(&l, slot, gen, n);
	free(l.d);
}
