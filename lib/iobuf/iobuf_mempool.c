/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Mempools populated from constrained buffers, one IOVA-contiguous chunk each. */

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
#include "iobuf_log.h"

/* Largest chunk: half a 2 MiB hugepage, so a contiguous chunk rarely needs
 * two physically adjacent pages. */
#define IOBUF_POOL_CHUNK_MAX (UINT64_C(1) << 20)

/* Set while this thread hands its own chunks to rte_mempool_populate_iova,
 * so that the driver's populate op places objects in them instead of
 * recursing. */
static RTE_DEFINE_PER_LCORE(int, populating);

static void
chunk_free(struct rte_mempool_memhdr *memhdr __rte_unused, void *opaque)
{
	rte_iobuf_release(opaque);
}

/* One chunk of up to @p objs objects; returns objects added or -errno. */
static int
add_chunk(struct rte_mempool *mp, const struct rte_iobuf_params *cp,
	  size_t elt, unsigned int objs)
{
	struct rte_iobuf_params p = *cp;
	struct rte_iobuf *b;
	int ret;

	if (p.capacity == 0)
		p.capacity = RTE_MIN((uint64_t)objs * elt, IOBUF_POOL_CHUNK_MAX / elt * elt);
	b = rte_iobuf_create_params(&p);
	if (b == NULL)
		return -rte_errno;
	RTE_PER_LCORE(populating)++;
	ret = rte_mempool_populate_iova(mp, (char *)b->va, rte_iobuf_iova(b, 0, NULL),
					b->capacity, chunk_free, b);
	RTE_PER_LCORE(populating)--;
	if (ret <= 0) {
		rte_iobuf_release(b);
		return ret < 0 ? ret : -ENOBUFS;
	}
	return ret;
}

struct obj_check {
	struct iobuf_constraint c;
	size_t len;
	uint64_t pg;
	unsigned int n, bad;
};

/* One object against EAL: its recorded IOVA must be what EAL translates
 * at its first byte, at every page start inside it and at its last byte,
 * and [iova, iova + len) must meet mask, window and boundary. */
static void
check_obj(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
	  unsigned int idx __rte_unused)
{
	struct obj_check *oc = arg;
	rte_iova_t iova = rte_mempool_virt2iova(obj);
	uintptr_t va = (uintptr_t)obj, at;
	bool ok;

	oc->n++;
	ok = iova != RTE_BAD_IOVA &&
	     iobuf_range_admissible(&oc->c, iova, oc->len) &&
	     (oc->c.boundary == 0 || iova / oc->c.boundary ==
	      (iova + oc->len - 1) / oc->c.boundary);
	for (at = va; ok && at < va + oc->len;
	     at = RTE_ALIGN_FLOOR(at + oc->pg, oc->pg))
		ok = rte_mem_virt2iova((void *)at) == iova + (at - va);
	if (ok)
		ok = rte_mem_virt2iova((void *)(va + oc->len - 1)) == iova + oc->len - 1;
	if (!ok && oc->bad++ == 0)
		IOBUF_LOG(ERR, "mempool object %p: IOVA 0x%" PRIx64 "+%zu fails the constraint or EAL's translation",
			  obj, iova, oc->len);
}

/* Check every object of @p mp; returns the number that failed. */
static unsigned int
check_objects(struct rte_mempool *mp, const struct rte_iobuf_params *c)
{
	struct rte_iobuf_params p = *c;
	const struct rte_memseg_list *msl;
	struct obj_check oc = { .len = mp->elt_size };

	p.capacity = oc.len;
	p.align = 0;
	p.flags &= ~RTE_IOBUF_SHARED;
	p.name = NULL;
	if (iobuf_constraint_init(&oc.c, &p, mp->name) < 0)
		return mp->size;
	msl = rte_mem_virt2memseg_list(STAILQ_FIRST(&mp->mem_list)->addr);
	oc.pg = msl != NULL ? msl->page_sz : RTE_PGSIZE_4K;
	rte_mempool_obj_iter(mp, check_obj, &oc);
	IOBUF_LOG(INFO, "mempool %s: %u objects of %zu bytes checked against rte_mem_virt2iova and the constraint: %u violations",
		  mp->name, oc.n, oc.len, oc.bad);
	return oc.bad;
}

int
rte_iobuf_mempool_populate(struct rte_mempool *mp, const struct rte_iobuf_params *c)
{
	struct rte_iobuf_params cp;
	size_t elt;
	int added = 0, ret;

	if (mp == NULL || c == NULL) {
		IOBUF_LOG(ERR, "mempool populate: NULL argument");
		return -EINVAL;
	}
	elt = (size_t)mp->header_size + mp->elt_size + mp->trailer_size;
	cp = *c;
	cp.name = NULL;
	cp.flags = (cp.flags | RTE_IOBUF_CONTIG) & ~RTE_IOBUF_SHARED;
	cp.max_segs = 0;
	cp.max_seg_size = 0;
	cp.capacity = 0;
	if (c->boundary != 0) {
		/* A chunk is one whole boundary block: no object crosses. */
		if (c->boundary < elt) {
			IOBUF_LOG(ERR, "mempool %s: object of %zu bytes cannot fit in boundary 0x%" PRIx64,
				  mp->name, elt, c->boundary);
			return -EINVAL;
		}
		cp.capacity = c->boundary / elt * elt;
		cp.align = RTE_MAX(cp.align, c->boundary);
	}
	while (mp->populated_size < mp->size) {
		ret = add_chunk(mp, &cp, elt, mp->size - mp->populated_size);
		if (ret < 0) {
			IOBUF_LOG(ERR, "mempool %s: %u of %u objects placed; a chunk failed: %s",
				  mp->name, mp->populated_size, mp->size,
				  rte_strerror(-ret));
			return ret;
		}
		added += ret;
	}
	if (check_objects(mp, c) != 0)
		return -EFAULT;
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

	if (c == NULL) {
		IOBUF_LOG(ERR, "mempool %s: NULL constraint", name);
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

	if (c == NULL || RTE_ALIGN(priv_size, RTE_MBUF_PRIV_ALIGN) != priv_size) {
		IOBUF_LOG(ERR, "mbuf pool %s: %s", name, c == NULL ? "NULL constraint" :
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
