/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_EAL_CHECK_H
#define IOBUF_EAL_CHECK_H

/*
 * The library's one comparison of its own bookkeeping with EAL's page map
 * (rte_mem_virt2iova). rte_iobuf_verify() and the mempool populate check
 * both go through it; the rules a range must meet are asked of
 * iobuf_range_breaks() (iobuf_constraint.h).
 */

#include <stdbool.h>
#include <stddef.h>

#include <rte_memory.h>

/* What EAL said where it disagreed. */
struct iobuf_eal_mismatch {
	size_t off;          /* offset into the range */
	rte_iova_t expected; /* iova + off */
	rte_iova_t eal;      /* rte_mem_virt2iova(va + off); RTE_BAD_IOVA if
			      * the range is not DPDK memory */
};

/*
 * True if the CPU range [va, va + len), contiguous in this process, is
 * where EAL says IOVA [iova, iova + len) is: rte_mem_virt2iova() agrees
 * at the first byte and at every page start of the range's memseg list
 * (within a page the translation is linear, so these decide every byte).
 * False with @p mm filled at the first disagreement.
 */
bool iobuf_eal_agrees(const void *va, rte_iova_t iova, size_t len,
		      struct iobuf_eal_mismatch *mm);

#endif /* IOBUF_EAL_CHECK_H */
