/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Mempools populated from IOVA-contiguous chunks of constrained buffers. */

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_memory.h>
#include <rte_mempool.h>

#include "rte_iobuf_mempool.h"
#include "iobuf_constraint.h"
#include "iobuf_eal_check.h"
#include "iobuf_log.h"
#include "iobuf_private.h"

/* Chunk size: half a 2 MiB hugepage, so that a chunk fits one page; a chunk
 * is larger only to hold one object that is. */
#define IOBUF_POOL_CHUNK_MAX (UINT64_C(1) << 20)

/* Set while this thread hands its own chunks to rte_mempool_populate_iova,
 * so that the driver's populate op places objects in them instead of
 * recursing. */
static RTE_DEFINE_PER_LCORE(int, populating);

/*
 * How a pool is laid out under a constraint. Invariants:
 * - every memory chunk of the pool is an IOVA-contiguous piece that meets
 *   chunk (the caller's mask, window, alignment and boundary, CONTIG, no
 *   segment limits): a buffer created under it;
 * - no chunk is larger than chunk_max, which is at least one object and at
 *   most the contiguity the constraint allows (boundary, mask block,
 *   window): so the whole chunk, hence every object in it, meets the mask
 *   and window and crosses no boundary;
 * - objects of at most pg bytes do not cross a pg page (the mempool
 *   library's rule, rte_mempool_op_populate_helper): a chunk is kept inside
 *   one page when chunk_max <= pg, else aligned to pg, so its object count
 *   is known before it is created and never 0;
 * - obj is what every object meets: one segment of elt_size bytes under the
 *   mask, window, boundary and max_seg_size; the final check uses it.
 */
struct pool_plan {
	struct rte_iobuf_params chunk;
	struct iobuf_constraint obj;
	size_t elt;        /* header + object + trailer */
	size_t pg;         /* page rule for objects, 0 = none */
	size_t chunk_max;  /* bytes */
};

static void
chunk_free(struct rte_mempool_memhdr *memhdr __rte_unused, void *opaque)
{
	rte_iobuf_release(opaque);
}

static int
pool_fail(int err)
{
	rte_errno = err;
	return -err;
}

/* Objects a chunk of @p len bytes holds (chunk pg-aligned or inside one page). */
static unsigned int
chunk_objs(const struct pool_plan *pl, size_t len)
{
	if (pl->pg == 0 || pl->chunk_max <= pl->pg)
		return len / pl->elt;
	return len / pl->pg * (pl->pg / pl->elt) + len % pl->pg / pl->elt;
}

/* Bytes a chunk needs for @p n objects (n <= chunk_objs(chunk_max)). */
static size_t
chunk_bytes(const struct pool_plan *pl, unsigned int n)
{
	size_t per_pg;

	if (pl->pg == 0 || pl->chunk_max <= pl->pg)
		return (size_t)n * pl->elt;
	per_pg = pl->pg / pl->elt;
	return n / per_pg * pl->pg + n % per_pg * pl->elt;
}

/* Validate @p c for the objects of @p mp and lay the pool out; -errno
 * (rte_errno set) after one log line if no chunk could hold an object. */
static int
plan_pool(struct rte_mempool *mp, const struct rte_iobuf_params *c,
	  struct pool_plan *pl)
{
	struct rte_iobuf_params op = *c;
	struct iobuf_constraint cc;
	uint64_t block, window;
	const char *what = NULL;
	size_t pg;
	int ret;

	memset(pl, 0, sizeof(*pl));
	pl->elt = (size_t)mp->header_size + mp->elt_size + mp->trailer_size;
	/* The constraint itself (as for a one-byte buffer): malformed -> EINVAL,
	 * unmeetable by any memory -> ERANGE. */
	pl->chunk = *c;
	pl->chunk.name = NULL;
	pl->chunk.flags = (c->flags | RTE_IOBUF_CONTIG) & ~RTE_IOBUF_SHARED;
	pl->chunk.max_segs = 0;
	pl->chunk.max_seg_size = 0;
	pl->chunk.capacity = 1;
	ret = iobuf_constraint_init(&cc, &pl->chunk, mp->name);
	if (ret < 0)
		return pool_fail(-ret);

	/* An object is one segment: it and its header must fit the largest
	 * contiguous piece the constraint allows. */
	block = iobuf_min_nonzero(cc.boundary, cc.mask_block);
	window = cc.hi - cc.lo == UINT64_MAX ? UINT64_MAX : cc.hi - cc.lo + 1;
	if (block != 0 && pl->elt > block)
		what = cc.boundary == block ? "boundary" : "mask block";
	else if (pl->elt > window)
		what = "IOVA window";
	if (what != NULL) {
		IOBUF_LOG(ERR, "mempool %s: object of %zu bytes (with header) cannot fit in the %s of 0x%" PRIx64 " bytes",
			  mp->name, pl->elt, what, block != 0 && pl->elt > block ? block : window);
		return pool_fail(EINVAL);
	}
	if (c->max_seg_size != 0 && mp->elt_size > c->max_seg_size) {
		IOBUF_LOG(ERR, "mempool %s: object of %u bytes is one segment, above max_seg_size %" PRIu64,
			  mp->name, mp->elt_size, c->max_seg_size);
		return pool_fail(EINVAL);
	}
	op.name = NULL;
	op.flags = pl->chunk.flags;
	op.capacity = mp->elt_size;
	op.max_segs = 0;
	ret = iobuf_constraint_init(&pl->obj, &op, mp->name);
	if (ret < 0)
		return pool_fail(-ret);

	pl->chunk_max = RTE_MAX(IOBUF_POOL_CHUNK_MAX, pl->elt);
	if (block != 0)
		pl->chunk_max = RTE_MIN(pl->chunk_max, block);
	pl->chunk_max = RTE_MIN(pl->chunk_max, window);

	ret = rte_mempool_get_page_size(mp, &pg);
	if (ret < 0)
		return pool_fail(-ret);
	if (pg != 0 && pl->elt <= pg) {
		pl->pg = pg;
		if (pl->chunk_max <= pg)
			pl->chunk.boundary = iobuf_min_nonzero(pl->chunk.boundary, pg);
		else
			pl->chunk.align = RTE_MAX(pl->chunk.align, (uint64_t)pg);
	}
	return 0;
}

/* Hand [va, va + len) at @p iova, part of buffer @p b, to the mempool;
 * the memory chunk holds one reference on @p b. Objects added or -errno. */
static int
populate_piece(struct rte_mempool *mp, struct rte_iobuf *b, void *va,
	       rte_iova_t iova, size_t len)
{
	int ret;

	rte_iobuf_retain(b);
	RTE_PER_LCORE(populating)++;
	ret = rte_mempool_populate_iova(mp, va, iova, len, chunk_free, b);
	RTE_PER_LCORE(populating)--;
	if (ret <= 0) {
		rte_iobuf_release(b);
		return ret < 0 ? ret : -ENOBUFS;
	}
	return ret;
}

/* One chunk for up to @p objs objects; returns objects added or -errno.
 * The page store keeps what the chunk did not take for the next chunk. */
static int
add_chunk(struct rte_mempool *mp, const struct pool_plan *pl, unsigned int objs)
{
	struct rte_iobuf_params p = pl->chunk;
	struct rte_iobuf *b;
	int ret;

	p.capacity = chunk_bytes(pl, RTE_MIN(objs, chunk_objs(pl, pl->chunk_max)));
	b = rte_iobuf_create_params(&p);
	if (b == NULL)
		return -rte_errno;
	iobuf_desc_pin(b);  /* the pool's, whichever process dies */
	ret = populate_piece(mp, b, b->va, rte_iobuf_iova(b, 0, NULL), b->capacity);
	rte_iobuf_release(b);
	return ret;
}

struct obj_check {
	const struct iobuf_constraint *c;
	size_t len;
	unsigned int n, bad;
};

/* One object against EAL (iobuf_eal_agrees(): the IOVA the mempool
 * recorded is where EAL says the object is, page by page) and against
 * the object rules: mask, window, boundary and max_seg_size. */
static void
check_obj(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
	  unsigned int idx __rte_unused)
{
	struct obj_check *oc = arg;
	const struct iobuf_constraint *c = oc->c;
	rte_iova_t iova = rte_mempool_virt2iova(obj);
	struct iobuf_eal_mismatch mm;
	uint32_t bad;

	oc->n++;
	if (iova == RTE_BAD_IOVA) {
		bad = RTE_IOBUF_CHECK_WINDOW;  /* an object with no IOVA */
	} else {
		bad = iobuf_range_breaks(c, iova, oc->len, RTE_IOBUF_CHECK_MASK |
					 RTE_IOBUF_CHECK_WINDOW | RTE_IOBUF_CHECK_BOUNDARY);
	}
	if (c->max_seg_size != 0 && oc->len > c->max_seg_size) {
		if (oc->bad++ == 0)
			IOBUF_LOG(ERR, "mempool object %p: %zu bytes, max_seg_size %" PRIu64,
				  obj, oc->len, c->max_seg_size);
	} else if (bad != 0) {
		if (oc->bad++ == 0)
			IOBUF_LOG(ERR, "mempool object %p: IOVA 0x%" PRIx64 "+%zu breaks the %s rule",
				  obj, iova, oc->len, rte_iobuf_check_rule_name(bad & -bad));
	} else if (!iobuf_eal_agrees(obj, iova, oc->len, &mm)) {
		if (oc->bad++ == 0)
			IOBUF_LOG(ERR, "mempool object %p: recorded IOVA 0x%" PRIx64 " at offset %zu but EAL says 0x%" PRIx64,
				  obj, mm.expected, mm.off, mm.eal);
	}
}

/* Check every object of @p mp; returns the number that failed. */
static unsigned int
check_objects(struct rte_mempool *mp, const struct pool_plan *pl)
{
	struct obj_check oc = { .c = &pl->obj, .len = mp->elt_size };

	rte_mempool_obj_iter(mp, check_obj, &oc);
	IOBUF_LOG(INFO, "mempool %s: %u objects of %zu bytes checked against rte_mem_virt2iova and the constraint: %u violations",
		  mp->name, oc.n, oc.len, oc.bad);
	return oc.bad;
}

int
rte_iobuf_mempool_populate(struct rte_mempool *mp, const struct rte_iobuf_params *c)
{
	struct pool_plan pl;
	int added = 0, ret;

	if (mp == NULL || c == NULL) {
		IOBUF_LOG(ERR, "mempool populate: NULL argument");
		return pool_fail(EINVAL);
	}
	ret = plan_pool(mp, c, &pl);
	if (ret < 0)
		return ret;
	while (mp->populated_size < mp->size) {
		ret = add_chunk(mp, &pl, mp->size - mp->populated_size);
		if (ret < 0) {
			IOBUF_LOG(ERR, "mempool %s: %u of %u objects placed; a chunk failed: %s",
				  mp->name, mp->populated_size, mp->size,
				  rte_strerror(-ret));
			return pool_fail(-ret);
		}
		added += ret;
	}
	if (check_objects(mp, &pl) != 0)
		return pool_fail(EFAULT);
	return added;
}

int
rte_iobuf_mempool_ops_populate(struct rte_mempool *mp, unsigned int max_objs,
			       void *vaddr, rte_iova_t iova, size_t len,
			       rte_mempool_populate_obj_cb_t *obj_cb,
			       void *obj_cb_arg, const struct rte_iobuf_params *c)
{
	unsigned int before = mp->populated_size;
	int ret;

	if (RTE_PER_LCORE(populating))
		return rte_mempool_op_populate_helper(mp, 0, max_objs, vaddr,
						      iova, len, obj_cb, obj_cb_arg);
	ret = rte_iobuf_mempool_populate(mp, c);
	return ret < 0 ? 0 : (int)(mp->populated_size - before);
}

struct rte_mempool *
rte_iobuf_mempool_create(const char *name, unsigned int n,
			 unsigned int elt_size, unsigned int cache_size,
			 unsigned int private_data_size,
			 rte_mempool_ctor_t *mp_init, void *mp_init_arg,
			 rte_mempool_obj_cb_t *obj_init, void *obj_init_arg,
			 int socket_id, unsigned int flags,
			 const struct rte_iobuf_params *c)
{
	struct rte_mempool *mp;
	const char *ops;
	int ret;

	if (name == NULL || c == NULL) {
		IOBUF_LOG(ERR, "mempool create: NULL %s", name == NULL ? "name" : "constraint");
		rte_errno = EINVAL;
		return NULL;
	}
	mp = rte_mempool_create_empty(name, n, elt_size, cache_size,
				      private_data_size, socket_id, flags);
	if (mp == NULL)
		return NULL;
	if ((flags & RTE_MEMPOOL_F_SP_PUT) && (flags & RTE_MEMPOOL_F_SC_GET))
		ops = "ring_sp_sc";
	else if (flags & RTE_MEMPOOL_F_SP_PUT)
		ops = "ring_sp_mc";
	else if (flags & RTE_MEMPOOL_F_SC_GET)
		ops = "ring_mp_sc";
	else
		ops = "ring_mp_mc";
	ret = rte_mempool_set_ops_byname(mp, ops, NULL);
	if (ret == 0) {
		if (mp_init != NULL)
			mp_init(mp, mp_init_arg);
		ret = rte_iobuf_mempool_populate(mp, c);
	}
	if (ret < 0) {
		rte_mempool_free(mp);
		rte_errno = -ret;
		return NULL;
	}
	if (obj_init != NULL)
		rte_mempool_obj_iter(mp, obj_init, obj_init_arg);
	return mp;
}

struct rte_mempool *
rte_iobuf_pktmbuf_pool_create(const char *name, unsigned int n,
			      unsigned int cache_size, uint16_t priv_size,
			      uint16_t data_room_size, int socket_id,
			      const struct rte_iobuf_params *c)
{
	struct rte_pktmbuf_pool_private mbp_priv = {
		.mbuf_data_room_size = data_room_size,
		.mbuf_priv_size = priv_size,
	};
	struct rte_mempool *mp;
	int ret;

	if (name == NULL || c == NULL ||
	    RTE_ALIGN(priv_size, RTE_MBUF_PRIV_ALIGN) != priv_size) {
		IOBUF_LOG(ERR, "mbuf pool %s: %s", name != NULL ? name : "(NULL name)",
			  name == NULL ? "NULL name" : c == NULL ? "NULL constraint" :
			  "private size not a multiple of RTE_MBUF_PRIV_ALIGN");
		rte_errno = EINVAL;
		return NULL;
	}
	mp = rte_mempool_create_empty(name, n, sizeof(struct rte_mbuf) + priv_size +
				      data_room_size, cache_size,
				      sizeof(struct rte_pktmbuf_pool_private),
				      socket_id, 0);
	if (mp == NULL)
		return NULL;
	ret = rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL);
	if (ret == 0) {
		rte_pktmbuf_pool_init(mp, &mbp_priv);
		ret = rte_iobuf_mempool_populate(mp, c);
	}
	if (ret < 0) {
		rte_mempool_free(mp);
		rte_errno = -ret;
		return NULL;
	}
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
}
