/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_REACH_H
#define IOBUF_REACH_H

/*
 * Where memory the store does not hold yet could still come from: the
 * test that ends a growth that cannot help a request (growth is otherwise
 * bounded only by what DPDK agrees to map).
 */

#include <stdbool.h>

#include "iobuf_constraint.h"

/*
 * Whether a page DPDK has not mapped yet could hold a start of @p c on
 * @p socket_id (or any socket).
 *  - IOVA-as-VA: a page's IOVA is its address, and EAL maps a new page only
 *    into an unused slot of one of its memseg lists; true if some unused
 *    slot (not external memory) holds an admissible start.
 *  - IOVA-as-PA: the kernel chooses the frame; true if some "System RAM"
 *    range of /proc/iomem holds one, and true when those ranges cannot be
 *    read (not root: the file shows zeros).
 */
/*
 * Whether a page EAL has mapped now (where the heap's free blocks lie)
 * holds a start of @p c on @p socket_id (or any socket).
 */
bool iobuf_mapped_may_admit(const struct iobuf_constraint *c, int socket_id);

bool iobuf_unmapped_may_admit(const struct iobuf_constraint *c, int socket_id);

#endif /* IOBUF_REACH_H */
