/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_REACH_H
#define IOBUF_REACH_H

/*
 * Where memory the store does not hold yet could still come from: the
 * tests that end a growth that cannot help a request (growth_len() in
 * iobuf_pagestore.c). A start is an IOVA where iobuf_next_start() would
 * let the request begin.
 */

#include <stdbool.h>

#include "iobuf_constraint.h"

/*
 * Whether a page EAL has mapped now (where the heap's free blocks lie)
 * holds a start of @p c on @p socket_id (or any socket).
 */
bool iobuf_mapped_may_admit(const struct iobuf_constraint *c, int socket_id);

/*
 * Whether a page DPDK has not mapped yet could hold a start of @p c on
 * @p socket_id (or any socket).
 *  - IOVA-as-VA: a page's IOVA is its address, and EAL maps a new page only
 *    into an unused slot of one of its memseg lists, each allocation into
 *    the first run of unused slots long enough; true if the first slots of
 *    some run of unused slots (not external memory), as many as the kernel
 *    can still give pages of that size (sysfs free_hugepages plus what
 *    overcommit allows, one pool for all nodes), hold a start.
 *  - IOVA-as-PA: the kernel chooses the frame; false if every IOVA of the
 *    window is a page EAL has mapped already (a frame is mapped once);
 *    else true if some "System RAM"
 *    range of /proc/iomem holds one, and true when those ranges cannot be
 *    read (not root: the file shows zeros). Where in RAM the next free
 *    hugepage lies is unknown until it is mapped: the store bounds this
 *    growth by bytes instead.
 */
bool iobuf_unmapped_may_admit(const struct iobuf_constraint *c, int socket_id);

/* Bytes of 2 MiB and 1 GiB hugepages the kernel can still give (free pool
 * and overcommit): how much new memory growth could ever map. */
uint64_t iobuf_unmapped_pool_bytes(void);

#endif /* IOBUF_REACH_H */
