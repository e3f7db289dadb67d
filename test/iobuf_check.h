/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_CHECK_H
#define IOBUF_CHECK_H

#include <rte_iobuf.h>

/*
 * Check a buffer against what EAL reports, with the request's rules
 * recomputed here independently of the library: at every page and at
 * sampled offsets, rte_iobuf_iova() must equal rte_mem_virt2iova() of the
 * same byte; every byte's IOVA must meet mask and window (checked bit by
 * bit over each page's range); the first IOVA must be aligned; segments
 * must be contiguous, within boundary and size limits, and few enough.
 * Prints the first violation. Returns TEST_SUCCESS or TEST_FAILED.
 */
int iobuf_check(const struct rte_iobuf *b, const struct rte_iobuf_params *req);

/* True if IOVA range [a, e] has no address with a bit outside @p allowed. */
int iobuf_check_range_in_mask(rte_iova_t a, rte_iova_t e, uint64_t allowed);

/* Page IOVAs EAL holds now (from a memseg walk), sorted; returns count. */
unsigned int iobuf_check_mapped_pages(rte_iova_t *iova, unsigned int max,
				      uint64_t *page_sz);

#endif /* IOBUF_CHECK_H */
