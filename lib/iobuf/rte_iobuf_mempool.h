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
 * is a chunk, taken from the page store. A chunk holds up to 1 MiB of objects
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
 *
 * Threads and processes: creating and populating a pool or ring follows
 * the rules of the DPDK calls they extend (rte_mempool_create_empty(),
 * rte_mempool_populate_iova(), rte_ring_init()): one thread sets a pool up
 * before others use it; the objects then go through the pool's ops as in
 * any mempool.
 *
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice; as with
 * rte_iobuf.h, define ALLOW_EXPERIMENTAL_API before including it.
 */

#include <rte_compat.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "rte_iobuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Populate the unpopulated part of an empty mempool (see
 * rte_mempool_create_empty()) from buffers meeting @p c. The capacity and
 * name of @p c are ignored; RTE_IOBUF_SHARED is implied by the mempool.
 *
 * Not thread-safe on one pool (as rte_mempool_populate_iova()): call it
 * while no other thread uses @p mp.
 *
 * @param mp
 *   The pool, created empty, with its ops set (rte_mempool_set_ops_byname())
 *   and not yet fully populated.
 * @param c
 *   The constraint every object meets; not kept after the call.
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
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * rte_mempool_create() with a constraint: same parameters (ring-based
 * object store chosen from @p flags) plus @p c. The pool is created empty,
 * its ops set, @p mp_init called, then populated by
 * rte_iobuf_mempool_populate(), then @p obj_init called on every object.
 * Free it with rte_mempool_free().
 *
 * @param name
 *   Pool name (as for rte_mempool_create()); not NULL.
 * @param n
 *   Number of objects.
 * @param elt_size
 *   Size of an object in bytes.
 * @param cache_size
 *   Per-lcore cache size, as for rte_mempool_create().
 * @param private_data_size
 *   Bytes of private data after the pool header.
 * @param mp_init
 *   Called once on the pool before it is populated, or NULL.
 * @param mp_init_arg
 *   Argument of @p mp_init.
 * @param obj_init
 *   Called on every object once the pool is populated, or NULL.
 * @param obj_init_arg
 *   Argument of @p obj_init.
 * @param socket_id
 *   NUMA socket of the pool and its objects, or SOCKET_ID_ANY.
 * @param flags
 *   RTE_MEMPOOL_F_* flags; RTE_MEMPOOL_F_SP_PUT and RTE_MEMPOOL_F_SC_GET
 *   choose the ring ops (ring_sp_sc, ring_sp_mc, ring_mp_sc or ring_mp_mc).
 * @param c
 *   The constraint every object meets; not kept after the call.
 * @return
 *   The pool, or NULL with rte_errno set (nothing is left behind):
 *   - EINVAL: NULL @p name or @p c (one log line);
 *   - the errors of rte_mempool_create_empty() (e.g. EEXIST, ENAMETOOLONG,
 *     ENOSPC, ENOMEM, EINVAL) and of rte_mempool_set_ops_byname();
 *   - the errors of rte_iobuf_mempool_populate() (EINVAL, ERANGE, ENOMEM,
 *     ENOSPC, EFAULT) when the constraint cannot be met.
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
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * rte_pktmbuf_pool_create() with a constraint. The pool uses the platform's
 * best mempool ops (rte_mbuf_best_mempool_ops()); every mbuf's buffer
 * (buf_iova to buf_iova + buf_len) meets @p c. Free it with
 * rte_mempool_free().
 *
 * @param name
 *   Pool name; not NULL.
 * @param n
 *   Number of mbufs.
 * @param cache_size
 *   Per-lcore cache size, as for rte_pktmbuf_pool_create().
 * @param priv_size
 *   Application private area of each mbuf; a multiple of
 *   RTE_MBUF_PRIV_ALIGN.
 * @param data_room_size
 *   Data buffer size of each mbuf, headroom included.
 * @param socket_id
 *   NUMA socket of the pool and its mbufs, or SOCKET_ID_ANY.
 * @param c
 *   The constraint every mbuf meets; not kept after the call.
 * @return
 *   The pool, or NULL with rte_errno set (nothing is left behind):
 *   - EINVAL: NULL @p name or @p c, or @p priv_size not a multiple of
 *     RTE_MBUF_PRIV_ALIGN (one log line);
 *   - the errors of rte_mempool_create_empty() (e.g. EEXIST, ENAMETOOLONG,
 *     ENOSPC, ENOMEM, EINVAL) and of rte_mempool_set_ops_byname();
 *   - the errors of rte_iobuf_mempool_populate() (EINVAL, ERANGE, ENOMEM,
 *     ENOSPC, EFAULT) when the constraint cannot be met.
 */
__rte_experimental
struct rte_mempool *
rte_iobuf_pktmbuf_pool_create(const char *name, unsigned int n,
			      unsigned int cache_size, uint16_t priv_size,
			      uint16_t data_room_size, int socket_id,
			      const struct rte_iobuf_params *c);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * The populate operation of a mempool driver that serves constrained
 * memory (drivers/mempool/iobuf). Called by rte_mempool_populate_iova() with
 * memory the mempool library reserved: that memory is left unused (the
 * driver's calc_mem_size asks for a token amount) and the pool is populated
 * by rte_iobuf_mempool_populate() instead; called again for those chunks,
 * it places objects in them. For mempool drivers only.
 *
 * @param mp
 *   The pool being populated; not NULL (not checked).
 * @param max_objs
 *   Most objects to place in [vaddr, vaddr + len) (the mempool library's
 *   argument, used for the chunks this library adds).
 * @param vaddr
 *   Memory the mempool library offers (left unused).
 * @param iova
 *   IOVA of @p vaddr.
 * @param len
 *   Bytes at @p vaddr.
 * @param obj_cb
 *   The mempool library's per-object callback.
 * @param obj_cb_arg
 *   Argument of @p obj_cb.
 * @param c
 *   The constraint every object meets.
 * @return
 *   Number of objects added; 0 on failure, with rte_errno set by
 *   rte_iobuf_mempool_populate() (all its values) after one log line,
 *   which makes the mempool library fail the population cleanly.
 */
__rte_experimental
int
rte_iobuf_mempool_ops_populate(struct rte_mempool *mp, unsigned int max_objs,
			       void *vaddr, rte_iova_t iova, size_t len,
			       rte_mempool_populate_obj_cb_t *obj_cb,
			       void *obj_cb_arg, const struct rte_iobuf_params *c);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * rte_ring_create() in constrained memory (for rings a device or a peer
 * reads). The ring lives at the start of one IOVA-contiguous buffer
 * created under @p c. The ring is registered like any ring, so
 * rte_ring_lookup() finds it in every process, but it must be freed with
 * rte_iobuf_ring_free() (rte_ring_free() refuses it).
 *
 * Thread-safe and multi-process safe as rte_ring_create(); the ring itself
 * is used with the rte_ring API.
 *
 * @param name
 *   Ring name (as for rte_ring_create()); not NULL.
 * @param count
 *   Ring size: a power of two, or any count with RING_F_EXACT_SZ.
 * @param socket_id
 *   NUMA socket of the ring's memory, or SOCKET_ID_ANY.
 * @param flags
 *   RING_F_* flags, as for rte_ring_create().
 * @param c
 *   The constraint the ring's memory meets (capacity, name and
 *   RTE_IOBUF_SHARED ignored; RTE_IOBUF_CONTIG implied); not NULL.
 * @return
 *   The ring, or NULL with rte_errno set (nothing is left behind):
 *   - EINVAL: NULL @p name or @p c, @p count not a power of two (without
 *     RING_F_EXACT_SZ) or too large, bad @p flags;
 *   - EEXIST: a ring with this name exists;
 *   - ENAMETOOLONG: name too long for a ring (rte_ring_init());
 *   - ENOMEM: no heap memory for the ring list entry;
 *   - the errors of rte_iobuf_create_params() for the ring's buffer
 *     (EINVAL, ERANGE, ENOMEM, ENOSPC).
 */
__rte_experimental
struct rte_ring *
rte_iobuf_ring_create(const char *name, unsigned int count, int socket_id,
		      unsigned int flags, const struct rte_iobuf_params *c);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * The buffer holding a ring made by rte_iobuf_ring_create() (for its IOVA:
 * rte_iobuf_iova()). Read-only; no log line.
 *
 * @param r
 *   The ring.
 * @return
 *   The buffer (owned by the ring: valid until rte_iobuf_ring_free()), or
 *   NULL with rte_errno set to EINVAL when @p r is NULL or was not made by
 *   rte_iobuf_ring_create().
 */
__rte_experimental
const struct rte_iobuf *
rte_iobuf_ring_buffer(const struct rte_ring *r);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Free a ring made by rte_iobuf_ring_create(): unregister it and release
 * its buffer. As with rte_ring_free(), no thread of any process may use the
 * ring any more.
 *
 * @param r
 *   The ring; NULL is ignored (rte_errno unchanged). A ring not made by
 *   rte_iobuf_ring_create() is left alone with one log line and rte_errno
 *   set to EINVAL.
 */
__rte_experimental
void
rte_iobuf_ring_free(struct rte_ring *r);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_MEMPOOL_H */
