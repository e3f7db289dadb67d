/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <inttypes.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

/* Random offsets checked on top of every page start and segment edge. */
#define CHECK_RANDOM_OFFSETS 64

int
iobuf_check_range_in_mask(rte_iova_t a, rte_iova_t e, uint64_t allowed)
{
	unsigned int k;
	rte_iova_t x;

	for (k = 0; k < 64; k++) {
		uint64_t bit = UINT64_C(1) << k;

		if (allowed & bit)
			continue;
		/* Smallest x >= a with bit k set. */
		if (a & bit)
			x = a;
		else
			x = (a & ~(bit - 1)) + bit;
		if (x >= a && x <= e)
			return 0;
	}
	return 1;
}

static int
page_of(const struct rte_iobuf *b, size_t *pg)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(b->va);

	if (msl == NULL)
		return -1;
	*pg = msl->page_sz;
	return 0;
}

static int
check_offset(const struct rte_iobuf *b, size_t off, uint64_t allowed,
	     rte_iova_t lo, rte_iova_t hi)
{
	rte_iova_t eal = rte_mem_virt2iova(b->va + off);
	rte_iova_t lib = rte_iobuf_iova(b, off, NULL);

	TEST_ASSERT(eal != RTE_BAD_IOVA, "EAL has no IOVA for offset %zu", off);
	TEST_ASSERT(eal == lib, "offset %zu: library IOVA 0x%" PRIx64
		    " but EAL says 0x%" PRIx64, off, lib, eal);
	TEST_ASSERT((eal & ~allowed) == 0, "offset %zu: IOVA 0x%" PRIx64
		    " outside mask", off, eal);
	TEST_ASSERT(eal >= lo && eal <= hi, "offset %zu: IOVA 0x%" PRIx64
		    " outside window", off, eal);
	return TEST_SUCCESS;
}

int
iobuf_check(const struct rte_iobuf *b, const struct rte_iobuf_params *req)
{
	uint64_t align = RTE_MAX(req->align, (uint64_t)1);
	uint64_t allowed = UINT64_MAX;
	rte_iova_t lo = req->iova_min;
	rte_iova_t hi = req->iova_max != 0 ? req->iova_max : UINT64_MAX;
	size_t len = rte_iobuf_length(b), pg, off, end;
	struct rte_iobuf_seg seg;
	unsigned int nsegs = 0, i;
	rte_iova_t first, eal;

	if (req->iova_mask != 0) {
		align = RTE_MAX(align, req->iova_mask & -req->iova_mask);
		allowed = req->iova_mask | (align - 1);
	}
	TEST_ASSERT(len > 0, "empty buffer");
	TEST_ASSERT(page_of(b, &pg) == 0, "buffer not in EAL memory");

	first = rte_mem_virt2iova(b->va);
	TEST_ASSERT(first % align == 0, "first IOVA 0x%" PRIx64
		    " not aligned to 0x%" PRIx64, first, align);

	/* Every page: its start offset, with the range up to the page end
	 * checked bit by bit against the mask. */
	for (off = 0; off < len; off = end) {
		end = RTE_MIN(len, RTE_ALIGN_FLOOR((uintptr_t)b->va + off + pg, pg) -
			      (uintptr_t)b->va);
		if (check_offset(b, off, allowed, lo, hi) != TEST_SUCCESS)
			return TEST_FAILED;
		eal = rte_mem_virt2iova(b->va + off);
		TEST_ASSERT(iobuf_check_range_in_mask(eal, eal + (end - off) - 1, allowed),
			    "page at offset %zu: IOVA range 0x%" PRIx64 "+%zu has bits outside mask 0x%"
			    PRIx64, off, eal, end - off, allowed);
		TEST_ASSERT(eal + (end - off) - 1 <= hi, "page at offset %zu ends above window", off);
	}
	for (i = 0; i < CHECK_RANDOM_OFFSETS; i++) {
		off = (size_t)(((uint64_t)rand() << 31 ^ (uint64_t)rand()) % len);
		if (check_offset(b, off, allowed, lo, hi) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	if (check_offset(b, len - 1, allowed, lo, hi) != TEST_SUCCESS)
		return TEST_FAILED;

	/* Segments: IOVA-contiguous by EAL at every page inside, limits met. */
	off = 0;
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		size_t at;

		nsegs++;
		TEST_ASSERT(seg.len > 0, "empty segment at %zu", seg.offset);
		for (at = seg.offset; at < seg.offset + seg.len;
		     at = RTE_ALIGN_FLOOR((uintptr_t)b->va + at + pg, pg) -
			  (uintptr_t)b->va)
			TEST_ASSERT(rte_mem_virt2iova(b->va + at) == seg.iova + (at - seg.offset),
				    "segment at %zu not contiguous at offset %zu", seg.offset, at);
		TEST_ASSERT(rte_mem_virt2iova(b->va + seg.offset + seg.len - 1) ==
			    seg.iova + seg.len - 1, "segment at %zu: last byte not contiguous",
			    seg.offset);
		if (req->boundary != 0)
			TEST_ASSERT(seg.iova / req->boundary ==
				    (seg.iova + seg.len - 1) / req->boundary,
				    "segment 0x%" PRIx64 "+%zu crosses boundary 0x%" PRIx64,
				    seg.iova, seg.len, req->boundary);
		if (req->max_seg_size != 0)
			TEST_ASSERT(seg.len <= req->max_seg_size, "segment of %zu bytes", seg.len);
	}
	TEST_ASSERT(off == len, "segments cover %zu of %zu bytes", off, len);
	if (req->max_segs != 0)
		TEST_ASSERT(nsegs <= req->max_segs, "%u segments, limit %u", nsegs, req->max_segs);
	if (req->flags & RTE_IOBUF_CONTIG)
		TEST_ASSERT(nsegs == 1, "contiguous buffer has %u segments", nsegs);
	return TEST_SUCCESS;
}

struct pages_arg {
	rte_iova_t *iova;
	unsigned int n, max;
	uint64_t page_sz;
};

static int
page_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	void *arg)
{
	struct pages_arg *pa = arg;

	pa->page_sz = msl->page_sz;
	if (pa->n < pa->max && ms->iova != RTE_BAD_IOVA)
		pa->iova[pa->n++] = ms->iova;
	return 0;
}

static int
cmp_iova(const void *a, const void *b)
{
	rte_iova_t x = *(const rte_iova_t *)a, y = *(const rte_iova_t *)b;

	return x < y ? -1 : x > y;
}

unsigned int
iobuf_check_mapped_pages(rte_iova_t *iova, unsigned int max, uint64_t *page_sz)
{
	struct pages_arg pa = { .iova = iova, .max = max };

	rte_memseg_walk(page_cb, &pa);
	qsort(iova, pa.n, sizeof(*iova), cmp_iova);
	*page_sz = pa.page_sz;
	return pa.n;
}
