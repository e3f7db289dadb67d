/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef RTE_IOBUF_MEMPOOL_H
#define RTE_IOBUF_MEMPOOL_H

/**
 * @file
 * Mempools, mbuf pools and rings in constrained memory.
 *
 * A pool's objects live in I/O buffers created under the constraint, in
 * IOVA-contiguous chunks handed to rte_mempool_populate_iova(): each buffer
 * is a chunk, and so is every other piece of the memzone the buffer was
 * carved from that meets the same constraint (the steering may have kept a
 * memzone much larger than one chunk). A chunk holds up to 1 MiB of objects
 * (at least one object, however large)
 * and never more than the constraint lets one contiguous piece be: one
 * boundary block, one block of the mask (a mask with a hole at bit k admits
 * contiguous pieces of at most 2^k bytes), the window. So the whole chunk,
 * and every object in it, meets mask and window and crosses no boundary.
 * The alignment applies to each chunk; objects inside are aligned as in any
 * mempool (RTE_MEMPOOL_ALIGN). Segment limits apply per object: every
 * object is one IOVA segment, so max_segs >= 1 always holds and
 * max_seg_size must be at least the object size. Once populated, every
 * object's IOVA range is checked against rte_mem_virt2iova() at every page.
 * rte_mempool_free() releases every chunk. Pools and rings are found from
 * secondary processes like any DPDK pool or ring.
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
 *   Number of objects added, or -errno with rte_errno set to the same value,
 *   after one log line:
 *   - EINVAL: NULL argument, malformed constraint, or an object that no
 *     chunk can hold: object (with its mempool header) larger than the
 *     boundary, than the mask's largest contiguous block or than the
 *     window, or object larger than max_seg_size;
 *   - ERANGE: a constraint no memory can meet (e.g. mask below alignment);
 *   - ENOMEM, ENOSPC: a chunk could not be created (see rte_iobuf_create());
 *   - EFAULT: an object fails the check against EAL.
 *   Chunks added before an error stay attached to the pool and go with
 *   rte_mempool_free(); the errors checked up front add nothing.
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
