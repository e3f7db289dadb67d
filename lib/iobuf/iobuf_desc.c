/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_string_fns.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "iobuf_arena.h"
#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_view.h"

/* Point the descriptor's table and piece list at its own storage. */
static void
desc_link(struct iobuf_desc *d)
{
	d->pub.pages = d->pub.n_pages != 0 ? d->pages : NULL;
	d->pieces = (struct iobuf_piece *)&d->pages[d->pub.n_pages];
}

/*
 * Translation table of a VA-contiguous buffer: none if it is one IOVA run,
 * else one entry per page of its extent (the first may start before it).
 */
static uint32_t
piece_entries(const struct iobuf_placement *pl, size_t cap, rte_iova_t *iova0)
{
	uint64_t run, pg = iobuf_extent_page_size(pl->ext);
	size_t page_off = (uintptr_t)pl->va & (pg - 1);

	*iova0 = iobuf_extent_iova(pl->ext, pl->va, &run);
	if (run >= cap)
		return 0;
	return (page_off + cap - 1) / pg + 1;
}

static void
piece_table_fill(struct iobuf_desc *d, const struct iobuf_placement *pl)
{
	struct rte_iobuf *b = &d->pub;
	uint64_t pg = iobuf_extent_page_size(pl->ext), run;
	const uint8_t *at;
	uint32_t i;

	b->page_shift = __builtin_ctzll(pg);
	b->page_off = (uintptr_t)b->va & (pg - 1);
	for (i = 0; i < b->n_pages; i++) {
		/* Granule i starts at this page; the first is entered at the
		 * buffer's start (its page may begin before the extent's
		 * first granule owned here, never before the extent). */
		at = b->va - b->page_off + ((size_t)i << b->page_shift);
		d->pages[i].iova = iobuf_extent_iova(pl->ext, at, &run);
		d->pages[i].run_end = RTE_MIN((size_t)(at + run - b->va), b->capacity);
		d->pages[i].va = (uint8_t *)(uintptr_t)at;
		d->pages[i].va_end = b->capacity;
	}
}

/* Table of a gathered buffer: one entry per block; IOVA runs and CPU
 * stretches end where neighbours stop being adjacent. */
static void
block_table_fill(struct iobuf_desc *d, const struct iobuf_placement *pl)
{
	struct rte_iobuf *b = &d->pub;
	uint64_t u = pl->unit;
	uint32_t i;

	b->page_shift = __builtin_ctzll(u);
	b->page_off = 0;
	for (i = b->n_pages; i-- > 0;) {
		const struct iobuf_block *k = &pl->blocks[i];
		bool last = i + 1 == b->n_pages;

		d->pages[i].iova = k->iova;
		d->pages[i].va = k->va;
		d->pages[i].run_end = !last && pl->blocks[i + 1].iova == k->iova + u ?
			d->pages[i + 1].run_end : RTE_MIN((size_t)(i + 1) * u, b->capacity);
		d->pages[i].va_end = !last && pl->blocks[i + 1].va == k->va + u ?
			d->pages[i + 1].va_end : RTE_MIN((size_t)(i + 1) * u, b->capacity);
	}
}

/* Bytes of a descriptor with @p n table entries and @p n_pieces pieces. */
static size_t
desc_size(uint64_t n, uint64_t n_pieces)
{
	return sizeof(struct iobuf_desc) + n * sizeof(struct rte_iobuf_page) +
	       n_pieces * sizeof(struct iobuf_piece);
}

/* Table entries placement @p pl needs. */
static uint32_t
placement_entries(const struct iobuf_placement *pl, const struct iobuf_constraint *c)
{
	rte_iova_t iova0;

	return pl->unit == 0 ? piece_entries(pl, c->capacity, &iova0) : pl->n_blocks;
}

/* Fill descriptor @p d (zeroed, large enough) for placement @p pl. */
static void
desc_fill(struct iobuf_desc *d, const struct iobuf_placement *pl,
	  const struct iobuf_constraint *c, const char *name)
{
	uint32_t n;
	rte_iova_t iova0;

	if (pl->unit == 0)
		n = piece_entries(pl, c->capacity, &iova0);
	else
		n = pl->n_blocks, iova0 = pl->blocks[0].iova;
	d->pub.va = pl->va;   /* NULL when gathered: not CPU-contiguous */
	d->pub.length = c->capacity;
	d->pub.capacity = c->capacity;
	d->pub.flags = c->flags;
	d->pub.iova0 = iova0;
	d->pub.boundary = c->boundary;
	d->pub.max_seg_size = c->max_seg_size;
	d->pub.n_pages = n;
	if (pl->unit != 0) {
		block_table_fill(d, pl);
		d->serial = iobuf_shared_serial();
	} else if (n != 0) {
		piece_table_fill(d, pl);
	}
	d->n_pieces = pl->n_pieces;
	desc_link(d);
	memcpy(d->pieces, pl->pieces, pl->n_pieces * sizeof(d->pieces[0]));
	d->c = *c;
	d->align = c->align;
	d->max_segs = c->max_segs;
	d->socket_id = pl->socket_id;
	iobuf_desc_own(d);
	if (name != NULL)
		strlcpy(d->name, name, sizeof(d->name));
}

/*
 * Memory for a descriptor of @p size bytes, zeroed: a slot of the metadata
 * arenas (no EAL heap lock on the create and release paths), else DPDK's
 * heap (tables larger than a slot, or no arena to be had).
 */
static struct iobuf_desc *
desc_alloc(size_t size, int socket_id)
{
	struct iobuf_desc *carrier, *d;

	d = iobuf_arena_meta_alloc(size, socket_id, &carrier);
	if (d != NULL) {
		d->meta = carrier;
		return d;
	}
	d = rte_zmalloc_socket("IOBUF_DESC", size, RTE_CACHE_LINE_SIZE, socket_id);
	if (d == NULL && socket_id != SOCKET_ID_ANY)
		d = rte_zmalloc("IOBUF_DESC", size, RTE_CACHE_LINE_SIZE);
	return d;
}

static void
desc_release(struct iobuf_desc *d)
{
	if (d != NULL && d->meta != NULL)
		iobuf_arena_meta_free(d->meta);
	else
		rte_free(d);
}

static struct iobuf_desc *
desc_place(const struct iobuf_constraint *c, int socket_id,
	   bool va_contig, bool grow, const char *name, const char *what,
	   uint32_t log_level, int *err)
{
	unsigned int flags = (va_contig ? IOBUF_PLACE_VA_CONTIG : 0) |
		(grow ? IOBUF_PLACE_GROW | IOBUF_PLACE_RECLAIM : 0);
	struct iobuf_placement pl;
	struct iobuf_desc *d = NULL;
	uint64_t max = 0;
	int ret;

	iobuf_arena_age();
	for (;;) {
		/* Without growth a reclaim would only give memory back to
		 * DPDK that this search could not take again. */
		ret = iobuf_pagestore_place(c, socket_id, flags, &pl, what, log_level, NULL);
		if (ret < 0) {
			desc_release(d);
			*err = -ret;
			return NULL;
		}
		if (d == NULL)
			d = desc_alloc(desc_size(placement_entries(&pl, c), pl.n_pieces),
				       pl.socket_id);
		if (d != NULL)
			break;
		/*
		 * Growth left the heap no room for the descriptor: give the
		 * memory back, take a descriptor for the largest table the
		 * placement can need first, then place again.
		 */
		iobuf_pagestore_free(pl.pieces, pl.n_pieces);
		iobuf_placement_fini(&pl);
		if (max != 0) {
			IOBUF_LOG_AT(log_level, "create %s: no heap memory for the descriptor", what);
			*err = ENOMEM;
			return NULL;
		}
		max = iobuf_placement_max_entries(c, flags);
		d = desc_alloc(desc_size(max, max), socket_id);
		/* Idle memory may hold the heap: give it back first. */
		if (d == NULL && grow && iobuf_pagestore_reclaim() != 0)
			d = desc_alloc(desc_size(max, max), socket_id);
		if (d == NULL) {
			IOBUF_LOG_AT(log_level, "create %s: no heap memory for a descriptor of %zu bytes",
				     what, desc_size(max, max));
			*err = ENOMEM;
			return NULL;
		}
	}
	desc_fill(d, &pl, c, name);
	if (c->max_segs != 0 && rte_iobuf_seg_count(&d->pub) > c->max_segs) {
		IOBUF_LOG_AT(log_level, "create %s: the admissible memory found splits into %u segments, limit %u",
			     what, rte_iobuf_seg_count(&d->pub), c->max_segs);
		iobuf_pagestore_free(pl.pieces, pl.n_pieces);
		iobuf_placement_fini(&pl);
		desc_release(d);
		*err = ENOMEM;
		return NULL;
	}
	iobuf_placement_fini(&pl);
	iobuf_store_bufs_add(d);
	return d;
}

/* Granules in transit between the store and the store list are this
 * process's placement (iobuf_placing_begin()): a sweep leaves them be while
 * it lives and frees them if it dies there. */
struct iobuf_desc *
iobuf_desc_place(const struct iobuf_constraint *c, int socket_id,
		 bool va_contig, bool grow, const char *name, const char *what,
		 uint32_t log_level, int *err)
{
	struct iobuf_desc *d;

	iobuf_placing_begin();
	d = desc_place(c, socket_id, va_contig, grow, name, what, log_level, err);
	iobuf_placing_end();
	return d;
}

void
iobuf_desc_destroy(struct iobuf_desc *d)
{
	iobuf_placing_begin();
	/* From here the descriptor's slot is this process's to give back:
	 * if it dies before, the slot is its orphan (meta_orphan()), not
	 * the creator's. */
	if (d->meta != NULL) {
		d->meta->proc = iobuf_self();
		d->meta->gen = iobuf_self_gen();
	}
	if (d->pub.va == NULL)
		iobuf_view_forget(d);  /* before its pages can serve others */
	iobuf_store_bufs_del(d);
	iobuf_pagestore_free(d->pieces, d->n_pieces);
	desc_release(d);
	iobuf_placing_end();
}

/* Give a descriptor's memory back, whichever path it came from; @p lcore
 * is the caller's rte_lcore_id(). */
static void
desc_free(struct iobuf_desc *d, unsigned int lcore)
{
	if (d->arena != NULL)
		iobuf_arena_put(d, lcore);
	else
		iobuf_desc_destroy(d);
}

void
iobuf_desc_pin(struct rte_iobuf *b)
{
	iobuf_desc_of(b)->pinned = true;
}

/* The last reference of @p d is gone: unregister, count, free. */
static void
desc_last_ref(struct iobuf_desc *d)
{
	unsigned int lcore = rte_lcore_id();

	iobuf_registry_del(d);
	if (d->proc == iobuf_self() && d->gen == iobuf_self_gen()) {
		IOBUF_STAT_ADD_ON(lcore, freed, 1);
		IOBUF_STAT_ADD_ON(lcore, live_bytes, -(uint64_t)d->pub.capacity);
	} else {
		/* Another process's buffer: counted against its creator. */
		iobuf_proc_count_freed(d->proc, d->gen, d->pub.capacity);
	}
	desc_free(d, lcore);
}

/* A dead process died freeing @p d (no reference left, its holder): finish.
 * A carved slot goes back with the arenas' reap (its holder is the dead
 * process); a store-path buffer is still on the store list (that is how it
 * was found), so its granules are too. */
static void
desc_finish_free(struct iobuf_desc *d, bool *freed)
{
	iobuf_registry_del(d);
	if (d->arena == NULL)
		iobuf_desc_destroy(d);
	*freed = true;
}

uint32_t
iobuf_desc_reap(struct iobuf_desc *d, uint16_t slot, uint64_t gen, bool *freed)
{
	uint32_t n, old;

	*freed = false;
	/* No reference left: the dead process was freeing it if its last
	 * release marked it the holder (finish that, whoever created it); a
	 * live holder is freeing it still. */
	if (__atomic_load_n(&d->pub.refcnt, __ATOMIC_ACQUIRE) == 0) {
		if (d->holder == slot)
			desc_finish_free(d, freed);
		return 0;
	}
	if (d->pub.flags & RTE_IOBUF_SHARED) {
		n = iobuf_registry_shared_reap(d, slot, freed);
		if (*freed)
			desc_last_ref(d);
		return n;
	}
	/* Every reference of a private buffer is the dead creator's: claim
	 * it once. */
	if (!__atomic_compare_exchange_n(&d->gen, &gen, 0, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return 0;
	n = __atomic_load_n(&d->pub.refcnt, __ATOMIC_ACQUIRE);
	old = n;
	do {
		if (n > old)
			n = old;
		if (n == 0)
			return 0;
		if (n == old)
			d->holder = iobuf_self();
	} while (!__atomic_compare_exchange_n(&d->pub.refcnt, &old, old - n, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	if (old == n) {
		desc_last_ref(d);
		*freed = true;
	}
	return n;
}

static struct rte_iobuf *
create_fail(int err)
{
	IOBUF_STAT_ADD(failed, 1);
	switch (err) {
	case EINVAL:
	case ENAMETOOLONG:
		IOBUF_STAT_ADD(failed_einval, 1);
		break;
	case ERANGE:
		IOBUF_STAT_ADD(failed_erange, 1);
		break;
	case ENOMEM:
		IOBUF_STAT_ADD(failed_enomem, 1);
		break;
	case ENOSPC:
		IOBUF_STAT_ADD(failed_enospc, 1);
		break;
	case EEXIST:
		IOBUF_STAT_ADD(failed_eexist, 1);
		break;
	default:
		IOBUF_STAT_ADD(failed_other, 1);
		break;
	}
	rte_errno = err;
	return NULL;
}

/* What a buffer name may contain: names reach log lines and telemetry
 * JSON, so they stay plain. */
#define IOBUF_NAME_PUNCT "_-.:@+/#"
#define IOBUF_NAME_CHARS "abcdefghijklmnopqrstuvwxyz" \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" IOBUF_NAME_PUNCT

/* A name's form (not its use); 0 or a positive errno after one log line
 * that does not echo the name. */
static int
name_form(const char *name, const char *op)
{
	size_t bad;

	if (name[0] == '\0') {
		IOBUF_LOG(ERR, "%s: empty name", op);
		return EINVAL;
	}
	if (strnlen(name, RTE_IOBUF_NAMESIZE) == RTE_IOBUF_NAMESIZE) {
		IOBUF_LOG(ERR, "%s: name longer than %d characters", op,
			  RTE_IOBUF_NAMESIZE - 1);
		return ENAMETOOLONG;
	}
	bad = strspn(name, IOBUF_NAME_CHARS);
	if (name[bad] != '\0') {
		IOBUF_LOG(ERR, "%s: name has character 0x%02x at offset %zu; names use letters, digits and \"%s\"",
			  op, (unsigned char)name[bad], bad, IOBUF_NAME_PUNCT);
		return EINVAL;
	}
	return 0;
}

/* Name checks of a create; 0 or a positive errno after one log line. */
static int
check_name(const struct rte_iobuf_params *p, const char *what)
{
	int ret;

	if (p->name == NULL) {
		if (p->flags & RTE_IOBUF_SHARED) {
			IOBUF_LOG(ERR, "create: a shared buffer needs a name");
			return EINVAL;
		}
		return 0;
	}
	ret = name_form(p->name, "create");
	if (ret != 0)
		return ret;
	/* Early, so a duplicate costs no placement; the insert at the end
	 * checks again under the lock (races). */
	if (iobuf_registry_exists(p->name)) {
		IOBUF_LOG(ERR, "create %s: name already in use", what);
		return EEXIST;
	}
	return 0;
}

struct rte_iobuf *
rte_iobuf_create_params(const struct rte_iobuf_params *p)
{
	struct iobuf_constraint c;
	struct iobuf_desc *d = NULL;
	unsigned int lcore = rte_lcore_id();
	const char *what;
	struct iobuf_place_err pe = { .err = 0 };
	uint64_t slot;
	int ret;

	if (p == NULL) {
		IOBUF_LOG(ERR, "create: NULL parameters");
		return create_fail(EINVAL);
	}
	what = p->name != NULL ? p->name : "(anonymous)";
	if (unlikely(iobuf_self() == IOBUF_PROC_NONE))
		return create_fail(rte_errno);
	if (p->name != NULL)
		iobuf_procs_reap(false);
	ret = check_name(p, what);
	if (ret != 0)
		return create_fail(ret);
	ret = iobuf_socket_check(p->socket_id, what);
	if (ret < 0)
		return create_fail(-ret);
	ret = iobuf_constraint_init(&c, p, what);
	if (ret < 0)
		return create_fail(-ret);

	slot = iobuf_arena_slot(&c);
	if (slot != 0)
		d = iobuf_arena_get(&c, slot, p->socket_id, p->name, lcore, &pe);
	if (d == NULL) {
		/* After the store had no room for an arena (it grew and
		 * reclaimed already), only what it holds is searched, and a
		 * failure is the arena's, reported once. */
		d = iobuf_desc_place(&c, p->socket_id, false, pe.err == 0, p->name, what,
				     pe.err == 0 ? RTE_LOG_ERR : RTE_LOG_DEBUG, &ret);
		if (d == NULL && pe.err != 0) {
			IOBUF_LOG(ERR, "create %s (an arena of its class): %s", what, pe.msg);
			ret = pe.err;
		}
		if (d == NULL)
			return create_fail(ret);
	}

	if (p->name != NULL) {
		ret = iobuf_registry_add(d);
		if (ret < 0) {
			IOBUF_LOG(ERR, "create %s: %s", what, ret == -EEXIST ?
				  "name already in use" : "no memory for registry entry");
			/* Never published: no reference to drop. */
			__atomic_store_n(&d->pub.refcnt, 0, __ATOMIC_RELAXED);
			d->holder = iobuf_self();
			desc_free(d, lcore);
			return create_fail(-ret);
		}
	}
	IOBUF_STAT_ADD_ON(lcore, created, 1);
	IOBUF_STAT_ADD_ON(lcore, live_bytes, c.capacity);
	return &d->pub;
}

struct rte_iobuf *
rte_iobuf_create(const char *name, int socket_id, uint32_t options,
		 size_t capacity, uint64_t iova_mask)
{
	struct rte_iobuf_params p = {
		.name = name,
		.socket_id = socket_id,
		.flags = options,
		.capacity = capacity,
		.iova_mask = iova_mask,
	};

	return rte_iobuf_create_params(&p);
}

struct rte_iobuf *
rte_iobuf_lookup(const char *name)
{
	struct iobuf_desc *d;
	int err;

	if (name == NULL) {
		IOBUF_LOG(ERR, "lookup: NULL name");
		rte_errno = EINVAL;
		return NULL;
	}
	err = name_form(name, "lookup");
	if (err != 0) {
		rte_errno = err;
		return NULL;
	}
	if (iobuf_self() == IOBUF_PROC_NONE)
		return NULL;
	iobuf_procs_reap(false);
	d = iobuf_registry_get(name, &err);
	if (d == NULL) {
		IOBUF_LOG(ERR, "lookup %s: %s", name, err == EACCES ?
			  "buffer is not shared and belongs to another process" :
			  "no such buffer");
		rte_errno = err;
		return NULL;
	}
	return &d->pub;
}

void
rte_iobuf_retain(struct rte_iobuf *b)
{
	uint32_t after;

	if (b == NULL)
		return;
	/* A shared buffer's references are counted per process too. */
	if (unlikely(b->flags & RTE_IOBUF_SHARED) &&
	    iobuf_registry_shared_ref(iobuf_desc_of(b), 1, &after) == 0)
		return;
	__atomic_fetch_add(&b->refcnt, 1, __ATOMIC_RELAXED);
}

void
rte_iobuf_release(struct rte_iobuf *b)
{
	struct iobuf_desc *d;
	uint32_t old;
	int ret;

	if (b == NULL)
		return;
	d = iobuf_desc_of(b);
	if (unlikely(b->flags & RTE_IOBUF_SHARED)) {
		ret = iobuf_registry_shared_ref(d, -1, &old);
		if (ret == -EINVAL)
			goto twice;
		if (ret == 0) {
			if (old == 0)
				desc_last_ref(d);
			return;
		}
	}
	/*
	 * Always a real decrement, even from 1: a named buffer is reachable
	 * through the registry, where rte_iobuf_lookup() takes a reference
	 * with a compare-and-swap that refuses 0. Only the thread whose
	 * decrement reaches 0 frees, and after that no lookup can succeed.
	 * The count never goes below 0.
	 */
	old = __atomic_load_n(&b->refcnt, __ATOMIC_RELAXED);
	do {
		if (unlikely(old == 0))
			goto twice;
		/* The last one: a reaper finding the slot off its free stack
		 * with no reference knows who was moving it. */
		if (old == 1)
			d->holder = iobuf_self();
	} while (!__atomic_compare_exchange_n(&b->refcnt, &old, old - 1, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	if (likely(old > 1))
		return;
	desc_last_ref(d);
	return;
twice:
	/* Released more often than retained. A carved buffer's descriptor
	 * outlives its release, so this is seen there: refuse rather than
	 * hand the slot out twice. */
	IOBUF_LOG(ERR, "release of buffer '%s' that has no reference left (released twice?); ignored",
		  d->name);
	rte_errno = EINVAL;
}

void
iobuf_desc_constraint(const struct iobuf_desc *d, struct iobuf_constraint *c)
{
	if (d->arena != NULL)
		iobuf_arena_constraint(d, c);
	else
		*c = d->c;
}

/* A NULL buffer passed to a non-inline accessor: one line, EINVAL. */
int
iobuf_null_buffer(const char *what)
{
	IOBUF_LOG(ERR, "%s: NULL buffer", what);
	rte_errno = EINVAL;
	return -EINVAL;
}

uint32_t
rte_iobuf_refcnt(const struct rte_iobuf *b)
{
	if (b == NULL) {
		iobuf_null_buffer("refcnt");
		return 0;
	}
	return __atomic_load_n(&b->refcnt, __ATOMIC_RELAXED);
}

int
rte_iobuf_set_length(struct rte_iobuf *b, size_t len)
{
	if (b == NULL)
		return iobuf_null_buffer("set_length");
	if (len > b->capacity) {
		__rte_iobuf_range_error(b, "set_length", 0, len, ERANGE);
		return -ERANGE;
	}
	b->length = len;
	return 0;
}

unsigned int
rte_iobuf_seg_count(const struct rte_iobuf *b)
{
	struct rte_iobuf_seg seg;
	unsigned int n = 0;
	size_t off = 0;

	if (b == NULL) {
		iobuf_null_buffer("seg_count");
		return 0;
	}
	while (rte_iobuf_seg_next(b, &off, &seg))
		n++;
	return n;
}

const char *
rte_iobuf_name(const struct rte_iobuf *b)
{
	if (b == NULL) {
		iobuf_null_buffer("name");
		return NULL;
	}
	return iobuf_desc_of(b)->name;
}

int
rte_iobuf_params_get(const struct rte_iobuf *b, struct rte_iobuf_params *p)
{
	const struct iobuf_desc *d;
	struct iobuf_constraint c;

	if (b == NULL || p == NULL) {
		IOBUF_LOG(ERR, "params_get: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	d = iobuf_desc_of(b);
	iobuf_desc_constraint(d, &c);
	*p = (struct rte_iobuf_params){
		.name = d->name[0] != '\0' ? d->name : NULL,
		.socket_id = d->socket_id,
		.flags = c.flags,
		.capacity = c.capacity,
		.iova_mask = c.mask,
		.align = c.align,
		.iova_min = c.lo,
		.iova_max = c.hi,
		.boundary = c.boundary,
		.max_segs = c.max_segs,
		.max_seg_size = c.max_seg_size,
	};
	return 0;
}

void
__rte_iobuf_range_error(const struct rte_iobuf *b, const char *what,
			size_t off, size_t len, int err)
{
	const char *name = iobuf_desc_of(b)->name;

	if (err == EACCES)
		IOBUF_LOG(ERR, "%s on buffer '%s': DMA-only buffer has no CPU access",
			  what, name);
	else if (err == EXDEV)
		IOBUF_LOG(ERR, "%s on buffer '%s': range [%zu, +%zu) spans pieces of a gathered buffer (not CPU-contiguous; the copy helpers work across pieces)",
			  what, name, off, len);
	else
		IOBUF_LOG(ERR, "%s on buffer '%s': range [%zu, +%zu) is outside the buffer (length %zu, capacity %zu)",
			  what, name, off, len, b->length, b->capacity);
	rte_errno = err;
}
