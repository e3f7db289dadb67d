/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Mempool driver "iobuf": objects in constrained memory, stored in a
 * multi-producer/multi-consumer ring like ring_mp_mc. Load it with EAL's
 * -d librte_mempool_iobuf.so and select it with --mbuf-pool-ops-name=iobuf
 * (or rte_pktmbuf_pool_create_by_ops(..., "iobuf")). The constraint comes
 * from the environment variable IOBUF_MEMPOOL_CONSTRAINT, in the syntax of
 * rte_iobuf_params_parse(), e.g. "mask=0xffffffff,boundary=64K"; unset
 * means any IOVA (the memory is still verified against EAL).
 */

#include <stdio.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_log.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <rte_iobuf.h>
#include <rte_iobuf_mempool.h>

#define IOBUF_MEMPOOL_ENV "IOBUF_MEMPOOL_CONSTRAINT"

RTE_LOG_REGISTER(iobuf_mempool_logtype, mempool.iobuf, NOTICE);

#define MP_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, iobuf_mempool_logtype, \
		"MEMPOOL_IOBUF: " fmt "\n", ##__VA_ARGS__)

/* The constraint for @p mp, read from the environment. */
static int
pool_constraint(const struct rte_mempool *mp, struct rte_iobuf_params *p)
{
	const char *env = getenv(IOBUF_MEMPOOL_ENV);

	*p = (struct rte_iobuf_params){ .socket_id = SOCKET_ID_ANY };
	if (env != NULL && rte_iobuf_params_parse(env, p) < 0) {
		MP_LOG(ERR, "pool %s: bad %s='%s'", mp->name, IOBUF_MEMPOOL_ENV, env);
		return -EINVAL;
	}
	if (p->socket_id == SOCKET_ID_ANY)
		p->socket_id = mp->socket_id;
	return 0;
}

static int
iobuf_ops_alloc(struct rte_mempool *mp)
{
	char name[RTE_RING_NAMESIZE];
	struct rte_iobuf_params p;
	struct rte_ring *r;
	int ret;

	/* Refuse a bad constraint before anything is reserved. */
	ret = pool_constraint(mp, &p);
	if (ret < 0)
		return ret;
	ret = snprintf(name, sizeof(name), RTE_MEMPOOL_MZ_PREFIX "%s", mp->name);
	if (ret < 0 || ret >= (int)sizeof(name))
		return -ENAMETOOLONG;
	r = rte_ring_create(name, rte_align32pow2(mp->size + 1), mp->socket_id, 0);
	if (r == NULL)
		return -rte_errno;
	mp->pool_data = r;
	return 0;
}

static void
iobuf_ops_free(struct rte_mempool *mp)
{
	rte_ring_free(mp->pool_data);
}

static int
iobuf_ops_enqueue(struct rte_mempool *mp, void * const *objs, unsigned int n)
{
	return rte_ring_mp_enqueue_bulk(mp->pool_data, objs, n, NULL) == 0 ?
	       -ENOBUFS : 0;
}

static int
iobuf_ops_dequeue(struct rte_mempool *mp, void **objs, unsigned int n)
{
	return rte_ring_mc_dequeue_bulk(mp->pool_data, objs, n, NULL) == 0 ?
	       -ENOBUFS : 0;
}

static unsigned int
iobuf_ops_get_count(const struct rte_mempool *mp)
{
	return rte_ring_count(mp->pool_data);
}

/* A token amount: the mempool library's own zone stays unused, the
 * objects go into constrained buffers (see iobuf_ops_populate). */
static ssize_t
iobuf_ops_calc_mem_size(const struct rte_mempool *mp __rte_unused,
			uint32_t obj_num __rte_unused, uint32_t pg_shift __rte_unused,
			size_t *min_chunk_size, size_t *align)
{
	*min_chunk_size = RTE_CACHE_LINE_SIZE;
	*align = RTE_CACHE_LINE_SIZE;
	return RTE_CACHE_LINE_SIZE;
}

static int
iobuf_ops_populate(struct rte_mempool *mp, unsigned int max_objs, void *vaddr,
		   rte_iova_t iova, size_t len,
		   rte_mempool_populate_obj_cb_t *obj_cb, void *obj_cb_arg)
{
	struct rte_iobuf_params p;
	int n;

	if (pool_constraint(mp, &p) < 0)
		return 0;
	n = rte_iobuf_mempool_ops_populate(mp, max_objs, vaddr, iova, len,
					   obj_cb, obj_cb_arg, &p);
	if (n == 0)
		MP_LOG(ERR, "pool %s: %u objects cannot be placed under %s='%s': %s",
		       mp->name, mp->size, IOBUF_MEMPOOL_ENV,
		       getenv(IOBUF_MEMPOOL_ENV) != NULL ? getenv(IOBUF_MEMPOOL_ENV) : "",
		       rte_strerror(rte_errno));
	return n;
}

static const struct rte_mempool_ops ops_iobuf = {
	.name = "iobuf",
	.alloc = iobuf_ops_alloc,
	.free = iobuf_ops_free,
	.enqueue = iobuf_ops_enqueue,
	.dequeue = iobuf_ops_dequeue,
	.get_count = iobuf_ops_get_count,
	.calc_mem_size = iobuf_ops_calc_mem_size,
	.populate = iobuf_ops_populate,
};

RTE_MEMPOOL_REGISTER_OPS(ops_iobuf);
