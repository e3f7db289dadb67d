/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef RTE_IOBUF_MEMPOOL_H
#define RTE_IOBUF_MEMPOOL_H

/**
 * @file
 * Mempools, mbuf pools and rings in constrained memory.
 *
 * A pool's objects live in I/O buffers created under the constraint: each
 * buffer is one IOVA-contiguous chunk handed to rte_mempool_populate_iova().
 * So every object (for an mbuf pool, every byte from buf_iova to
 * buf_iova + buf_len) meets the mask and window; once populated, every
 * object's IOVA range is checked against rte_mem_virt2iova(); with a boundary, every chunk is one boundary block, so no object
 * crosses it. The alignment applies to each chunk; objects inside are
 * aligned as in any mempool (RTE_MEMPOOL_ALIGN). rte_mempool_free()
 * releases every chunk. Pools and rings are found from secondary processes
 * like any DPDK pool or ring.
 */

#include <rte_compat.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "rte_iobuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Populate the unpopulated part of an empty mempool (see
 * rte_mempool_create_empty()) from buffers meeting @p c. The capacity and
 * name of @p c are ignored; RTE_IOBUF_SHARED is implied by the mempool.
 *
 * @return
 *   Number of objects added, or -errno (the buffer creation's error, e.g.
 *   -ENOMEM or -ERANGE, -EINVAL for an object larger than the boundary, or
 *   -EFAULT when an object fails the check against EAL) after one log line. Chunks added before an error stay attached to the
 *   pool and go with rte_mempool_free().
 */
__rte_experimental
int
rte_iobuf_mempool_populate(struct rte_mempool *mp,
			   const struct rte_iobuf_params *c);

/**
 * rte_mempool_create() with a constraint: same parameters (ring-based
 * object store chosen from @p flags) plus @p c.
 *
 * @return
 *   The pool, or NULL with rte_errno set (as rte_mempool_create(), or as
 *   rte_iobuf_mempool_populate() when the constraint cannot be met).
 */
__rte_experimental
struct rte_mempool *
rte_iobuf_mempool_create(const char *name, unsigned int n,
			 unsigned int elt_size, unsigned int cache_size,
			 unsigned int private_data_size,
			 rte_mempool_ctor_t *mp_init, void *mp_init_arg,
			 rte_mempool_obj_cb_t *obj_init, void *obj_init_arg,
			 int socket_id, unsigned int flags,
			 const struct rte_iobuf_params *c);

/**
 * rte_pktmbuf_pool_create() with a constraint. The pool uses the platform's
 * best mempool ops (rte_mbuf_best_mempool_ops()).
 *
 * @return
 *   The pool, or NULL with rte_errno set.
 */
__rte_experimental
struct rte_mempool *
rte_iobuf_pktmbuf_pool_create(const char *name, unsigned int n,
			      unsigned int cache_size, uint16_t priv_size,
			      uint16_t data_room_size, int socket_id,
			      const struct rte_iobuf_params *c);

/**
 * The populate operation of a mempool driver that serves constrained
 * memory (drivers/mempool/iobuf). Called by rte_mempool_populate_iova() with
 * memory the mempool library reserved: that memory is left unused (the
 * driver's calc_mem_size asks for a token amount) and the pool is populated
 * by rte_iobuf_mempool_populate() instead; called again for those chunks,
 * it places objects in them.
 *
 * @return
 *   Number of objects added; 0 on failure (logged), which makes the
 *   mempool library fail the population cleanly.
 */
__rte_experimental
int
rte_iobuf_mempool_ops_populate(struct rte_mempool *mp, unsigned int max_objs,
			       void *vaddr, rte_iova_t iova, size_t len,
			       rte_mempool_populate_obj_cb_t *obj_cb,
			       void *obj_cb_arg, const struct rte_iobuf_params *c);

/**
 * rte_ring_create() in constrained memory (for rings a device or a peer
 * reads). The ring is registered like any ring, so rte_ring_lookup() finds
 * it in every process, but it must be freed with rte_iobuf_ring_free().
 *
 * @return
 *   The ring, or NULL with rte_errno set: EINVAL (bad count or flags, NULL
 *   constraint), EEXIST (name in use), or the buffer creation's error.
 */
__rte_experimental
struct rte_ring *
rte_iobuf_ring_create(const char *name, unsigned int count, int socket_id,
		      unsigned int flags, const struct rte_iobuf_params *c);

/** The buffer holding a ring made by rte_iobuf_ring_create(), or NULL. */
__rte_experimental
const struct rte_iobuf *
rte_iobuf_ring_buffer(const struct rte_ring *r);

/** Free a ring made by rte_iobuf_ring_create(); NULL is ignored. */
__rte_experimental
void
rte_iobuf_ring_free(struct rte_ring *r);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_MEMPOOL_H */
