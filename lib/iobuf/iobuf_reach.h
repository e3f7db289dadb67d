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
 *    into an unused slot of one of its memseg lists, filling the lists in
 *    order, each from its lowest unused slot; true if one of the unused
 *    slots (not external memory) that the kernel's free hugepages of that
 *    size (sysfs free_hugepages, one pool for all nodes) can still fill
 *    holds a start.
 *  - IOVA-as-PA: the kernel chooses the frame; true if some "System RAM"
 *    range of /proc/iomem holds one, and true when those ranges cannot be
 *    read (not root: the file shows zeros). Where in RAM the next free
 *    hugepage lies is unknown until it is mapped: the store bounds this
 *    growth by bytes instead.
 */
bool iobuf_unmapped_may_admit(const struct iobuf_constraint *c, int socket_id);

#endif /* IOBUF_REACH_H */
