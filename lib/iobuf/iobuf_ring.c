/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * rte_ring in constrained memory. The ring sits at the start of a buffer;
 * a tail record after the ring points back to the buffer. The ring is
 * entered in EAL's "RTE_RING" list so that rte_ring_lookup() works in
 * every process; r->memzone stays NULL, so rte_ring_free() refuses it and
 * rte_iobuf_ring_free() is the way out.
 */

#include <errno.h>
#include <string.h>

#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_ring.h>
#include <rte_tailq.h>

#include "rte_iobuf_mempool.h"
#include "iobuf_log.h"
#include "iobuf_private.h"

#define RING_TAIL_MAGIC UINT64_C(0x696f6275662d7267) /* "iobuf-rg" */

struct ring_tail {
	uint64_t magic;
	struct rte_iobuf *buf;
};

TAILQ_HEAD(ring_list, rte_tailq_entry);

static struct ring_list *
ring_list(void)
{
	struct rte_tailq_head *h = rte_eal_tailq_lookup(RTE_TAILQ_RING_NAME);

	return h == NULL ? NULL : RTE_TAILQ_CAST(h, ring_list);
}

/* Bytes of the ring itself for its real size (a power of two). */
static ssize_t
ring_bytes(unsigned int size)
{
	return rte_ring_get_memsize(size);
}

static struct ring_tail *
tail_of(const struct rte_ring *r)
{
	return (struct ring_tail *)((uintptr_t)r + ring_bytes(r->size));
}

struct rte_ring *
rte_iobuf_ring_create(const char *name, unsigned int count, int socket_id,
		      unsigned int flags, const struct rte_iobuf_params *c)
{
	struct rte_iobuf_params p;
	struct rte_tailq_entry *te;
	struct ring_list *list = ring_list();
	unsigned int size;
	struct rte_iobuf *b;
	struct rte_ring *r;
	ssize_t bytes;
	int ret;

	if (name == NULL || c == NULL || list == NULL) {
		IOBUF_LOG(ERR, "ring create: NULL name or constraint, or no ring library");
		rte_errno = EINVAL;
		return NULL;
	}
	size = flags & RING_F_EXACT_SZ ? rte_align32pow2(count + 1) : count;
	bytes = ring_bytes(size);
	if (bytes < 0) {
		IOBUF_LOG(ERR, "ring %s: count %u is not a power of two below %u (or use RING_F_EXACT_SZ)",
			  name, count, RTE_RING_SZ_MASK);
		rte_errno = -bytes;
		return NULL;
	}
	if (rte_ring_lookup(name) != NULL) {
		IOBUF_LOG(ERR, "ring %s: name already in use", name);
		rte_errno = EEXIST;
		return NULL;
	}
	p = *c;
	p.name = NULL;
	p.socket_id = socket_id;
	p.flags = (p.flags | RTE_IOBUF_CONTIG) & ~RTE_IOBUF_SHARED;
	p.capacity = bytes + sizeof(struct ring_tail);
	b = rte_iobuf_create_params(&p);
	if (b == NULL)
		return NULL;
	iobuf_desc_pin(b);  /* the ring's, whichever process dies */
	te = rte_zmalloc("IOBUF_RING_TAILQ_ENTRY", sizeof(*te), 0);
	if (te == NULL) {
		IOBUF_LOG(ERR, "ring %s: no memory for the list entry", name);
		rte_iobuf_release(b);
		rte_errno = ENOMEM;
		return NULL;
	}
	r = (struct rte_ring *)b->va;
	ret = rte_ring_init(r, name, count, flags);
	if (ret < 0) {
		IOBUF_LOG(ERR, "ring %s: rte_ring_init: %s", name, rte_strerror(-ret));
		rte_free(te);
		rte_iobuf_release(b);
		rte_errno = -ret;
		return NULL;
	}
	*tail_of(r) = (struct ring_tail){ .magic = RING_TAIL_MAGIC, .buf = b };
	te->data = r;
	rte_mcfg_tailq_write_lock();
	TAILQ_INSERT_TAIL(list, te, next);
	rte_mcfg_tailq_write_unlock();
	return r;
}

const struct rte_iobuf *
rte_iobuf_ring_buffer(const struct rte_ring *r)
{
	const struct ring_tail *t;

	if (r == NULL || r->memzone != NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	t = tail_of(r);
	if (t->magic != RING_TAIL_MAGIC) {
		rte_errno = EINVAL;
		return NULL;
	}
	return t->buf;
}

void
rte_iobuf_ring_free(struct rte_ring *r)
{
	struct ring_list *list = ring_list();
	struct rte_tailq_entry *te;
	struct rte_iobuf *b;

	if (r == NULL)
		return;
	b = (struct rte_iobuf *)(uintptr_t)rte_iobuf_ring_buffer(r);
	if (b == NULL) {
		IOBUF_LOG(ERR, "ring free %s: not created by rte_iobuf_ring_create", r->name);
		rte_errno = EINVAL;
		return;
	}
	rte_mcfg_tailq_write_lock();
	TAILQ_FOREACH(te, list, next)
		if (te->data == r)
			break;
	if (te != NULL)
		TAILQ_REMOVE(list, te, next);
	rte_mcfg_tailq_write_unlock();
	rte_free(te);
	tail_of(r)->magic = 0;
	rte_iobuf_release(b);
}
