/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Every buffer that owns page-store granules (not carved from an arena),
 * on one shared list under a robust lock: the reap of a dead process finds
 * the anonymous ones it created there (named ones are in the registry,
 * carved ones in their arenas).
 */

#include "iobuf_private.h"
#include "iobuf_reap.h"
#include "iobuf_shared.h"

static void
store_bufs_repair(void *arg)
{
	struct iobuf_shared *s = arg;

	IOBUF_TAILQ_RELINK(&s->store_bufs, iobuf_desc, store_link);
}

static struct iobuf_shared *
store_bufs_lock(void)
{
	struct iobuf_shared *s = iobuf_shared_peek();

	if (s != NULL)
		iobuf_lock_take(&s->store_bufs_lock, store_bufs_repair, s);
	return s;
}

void
iobuf_store_bufs_add(struct iobuf_desc *d)
{
	struct iobuf_shared *s = store_bufs_lock();

	/* A process that creates has registered: the anchor exists. */
	TAILQ_INSERT_TAIL(&s->store_bufs, d, store_link);
	iobuf_lock_give(&s->store_bufs_lock);
}

void
iobuf_store_bufs_del(struct iobuf_desc *d)
{
	struct iobuf_shared *s = store_bufs_lock();

	TAILQ_REMOVE(&s->store_bufs, d, store_link);
	d->store_link.tqe_prev = NULL;  /* off the list (for readers; the
					 * reap asks iobuf_store_bufs_linked()) */
	iobuf_lock_give(&s->store_bufs_lock);
}

void
iobuf_store_bufs_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l)
{
	struct iobuf_shared *s = store_bufs_lock();
	struct iobuf_desc *d;

	if (s == NULL)
		return;
	TAILQ_FOREACH(d, &s->store_bufs, store_link)
		iobuf_reap_consider(l, d, slot, gen);
	iobuf_lock_give(&s->store_bufs_lock);
}

void
iobuf_store_bufs_walk(void (*fn)(const struct iobuf_desc *d, void *ctx),
		      void *ctx)
{
	struct iobuf_shared *s = store_bufs_lock();
	struct iobuf_desc *d;

	if (s == NULL)
		return;
	TAILQ_FOREACH(d, &s->store_bufs, store_link)
		fn(d, ctx);
	iobuf_lock_give(&s->store_bufs_lock);
}

struct find_ctx {
	const struct iobuf_desc *d;
	bool found;
};

static void
find_desc(const struct iobuf_desc *e, void *arg)
{
	struct find_ctx *f = arg;

	f->found |= e == f->d;
}

bool
iobuf_store_bufs_linked(const struct iobuf_desc *d)
{
	struct find_ctx f = { .d = d, .found = false };

	iobuf_store_bufs_walk(find_desc, &f);
	return f.found;
}

struct mark_ctx {
	iobuf_sweep_mark_t mark;
	void *ctx;
};

static void
mark_pieces(const struct iobuf_desc *d, void *arg)
{
	const struct mark_ctx *m = arg;

	m->mark(d->pieces, d->n_pieces, m->ctx);
}

void
iobuf_store_bufs_mark(iobuf_sweep_mark_t mark, void *ctx)
{
	struct mark_ctx m = { .mark = mark, .ctx = ctx };

	iobuf_store_bufs_walk(mark_pieces, &m);
}
