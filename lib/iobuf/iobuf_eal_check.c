/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <rte_common.h>

#include "iobuf_eal_check.h"

static bool
agrees_at(uintptr_t start, rte_iova_t iova, uintptr_t at,
	  struct iobuf_eal_mismatch *mm)
{
	rte_iova_t eal = rte_mem_virt2iova((const void *)at);

	if (eal != RTE_BAD_IOVA && eal == iova + (at - start))
		return true;
	mm->off = at - start;
	mm->expected = iova + mm->off;
	mm->eal = eal;
	return false;
}

bool
iobuf_eal_agrees(const void *va, rte_iova_t iova, size_t len,
		 struct iobuf_eal_mismatch *mm)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(va);
	uintptr_t start = (uintptr_t)va, at;

	if (len == 0)
		return true;
	if (msl == NULL) {
		*mm = (struct iobuf_eal_mismatch){
			.off = 0, .expected = iova, .eal = RTE_BAD_IOVA,
		};
		return false;
	}
	/* Within a page EAL's translation is linear, so the first byte of
	 * the range in each page (a page map read each in IOVA-as-PA)
	 * decides for the rest of it, the last byte included. */
	for (at = start; at < start + len;
	     at = RTE_ALIGN_FLOOR(at + msl->page_sz, msl->page_sz))
		if (!agrees_at(start, iova, at, mm))
			return false;
	return true;
}
