/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Constraints on real memory, with masks and windows computed from the
 * pages EAL holds now, so that part of memory is admissible and part not.
 * Every buffer is checked against rte_mem_virt2iova() by iobuf_check().
 */

#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define MAX_PAGES 65536
#define HELD 4

static rte_iova_t pages[MAX_PAGES];

/* Create, check, keep in *out (or release if out is NULL). */
static int
create_checked(const struct rte_iobuf_params *req, struct rte_iobuf **out)
{
	struct rte_iobuf *b = rte_iobuf_create_params(req);

	TEST_ASSERT(b != NULL, "create of %zu bytes (mask 0x%" PRIx64 ", window [0x%"
		    PRIx64 ", 0x%" PRIx64 "], align 0x%" PRIx64 ", boundary 0x%" PRIx64
		    ") failed: %s", req->capacity, req->iova_mask, req->iova_min,
		    req->iova_max, req->align, req->boundary, rte_strerror(rte_errno));
	if (iobuf_check(b, req) != TEST_SUCCESS) {
		rte_iobuf_dump(stdout, b);
		rte_iobuf_release(b);
		return TEST_FAILED;
	}
	if (out != NULL)
		*out = b;
	else
		rte_iobuf_release(b);
	return TEST_SUCCESS;
}

/* Create HELD buffers of each request at once (so steering must find more
 * than one admissible place), check all, release all. */
static int
create_many(const struct rte_iobuf_params *req, unsigned int n)
{
	struct rte_iobuf *held[HELD] = { NULL };
	unsigned int i;
	int ret = TEST_SUCCESS;

	for (i = 0; i < n && i < HELD && ret == TEST_SUCCESS; i++)
		ret = create_checked(req, &held[i]);
	for (i = 0; i < HELD; i++)
		rte_iobuf_release(held[i]);
	return ret;
}

/* The address bit, from @p min_bit up, that splits the mapped pages most
 * evenly. */
static int
split_bit(unsigned int n, unsigned int min_bit, unsigned int *set_count)
{
	unsigned int bit, i, best = 0, best_bal = 0, set;

	for (bit = min_bit; bit < 48; bit++) {
		for (i = 0, set = 0; i < n; i++)
			set += (pages[i] >> bit) & 1;
		if (RTE_MIN(set, n - set) > best_bal) {
			best_bal = RTE_MIN(set, n - set);
			best = bit;
			*set_count = set;
		}
	}
	return best_bal == 0 ? -1 : (int)best;
}

/*
 * Requests under a mask with one hole, at the lowest bit >= min_bit that
 * best splits the pages EAL holds. A hole at bit k caps every admissible
 * IOVA-contiguous range at 2^k bytes, so requests stay below that; a
 * scattered buffer larger than a page needs VA-adjacent pages that are all
 * admissible, hence the second, higher hole for those.
 */
static int
hole_requests(unsigned int min_bit, const size_t *caps, const uint32_t *flags,
	      unsigned int n_req)
{
	uint64_t page_sz, mask;
	unsigned int n, set = 0, i;
	int bit;

	n = iobuf_check_mapped_pages(pages, MAX_PAGES, &page_sz);
	TEST_ASSERT(n >= 2, "EAL holds %u pages", n);
	bit = split_bit(n, RTE_MAX(min_bit, (unsigned int)__builtin_ctzll(page_sz)), &set);
	TEST_ASSERT(bit >= 0, "no address bit splits the %u pages", n);
	mask = ~(UINT64_C(1) << bit);
	printf("    %u pages of %" PRIu64 " KiB, bit %d set in %u: mask 0x%" PRIx64 "\n",
	       n, page_sz >> 10, bit, set, mask);
	for (i = 0; i < n_req; i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .flags = flags[i],
			.capacity = caps[i], .iova_mask = mask,
		};

		if (create_many(&req, HELD) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

static int
test_mask_hole(void)
{
	static const size_t caps[] = { 4096, 100, 64 << 10, 1 << 20, 1536 << 10 };
	static const uint32_t flags[] = { RTE_IOBUF_CONTIG, 0, RTE_IOBUF_CONTIG,
					  RTE_IOBUF_CONTIG, 0 };
	static const size_t big_caps[] = { 3 << 20, 4 << 20 };
	static const uint32_t big_flags[] = { 0, 0 };

	if (hole_requests(21, caps, flags, RTE_DIM(caps)) != TEST_SUCCESS)
		return TEST_FAILED;
	return hole_requests(23, big_caps, big_flags, RTE_DIM(big_caps));
}

REGISTER_IOBUF_TEST(mask_hole_split, test_mask_hole);

static int
test_mask_low_bits(void)
{
	static const uint64_t masks[] = {
		0xFFFFFFFFFFFFF000ULL, 0xFFFFFFFFFFFF0000ULL, 0x0000FFFFFFFFFFC0ULL,
		0xFFFFFFFFFFE00000ULL,
	};
	static const size_t caps[] = { 100, 5000, 70000 };
	unsigned int i, j;

	for (i = 0; i < RTE_DIM(masks); i++) {
		for (j = 0; j < RTE_DIM(caps); j++) {
			struct rte_iobuf_params req = {
				.socket_id = SOCKET_ID_ANY, .capacity = caps[j],
				.iova_mask = masks[i], .flags = j % 2 ? RTE_IOBUF_CONTIG : 0,
			};

			if (create_many(&req, 2) != TEST_SUCCESS)
				return TEST_FAILED;
		}
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(mask_low_bits, test_mask_low_bits);

/*
 * A 32-bit mask: success with every IOVA below 4 GiB, or a clean ENOMEM
 * (the runner checks nothing leaked). Where EAL already holds pages below
 * 4 GiB with room (IOVA-as-VA with --base-virtaddr low), success is required.
 */
static int
test_mask_32bit(void)
{
	static const struct rte_iobuf_params reqs[] = {
		{ .name = "m32-ring", .socket_id = SOCKET_ID_ANY, .capacity = 64 << 10,
		  .flags = RTE_IOBUF_CONTIG, .iova_mask = 0x00000000FFFFF000ULL },
		{ .socket_id = SOCKET_ID_ANY, .capacity = 1 << 20,
		  .iova_mask = 0x00000000FFFFFFFFULL },
		{ .socket_id = SOCKET_ID_ANY, .capacity = 256,
		  .iova_mask = 0x00000000FFFFFFFFULL },
	};
	uint64_t page_sz;
	unsigned int n, i, low = 0, met = 0;
	struct iobuf_test_usage before, after;
	struct rte_iobuf *b;

	n = iobuf_check_mapped_pages(pages, MAX_PAGES, &page_sz);
	for (i = 0; i < n; i++)
		low += pages[i] + page_sz <= (UINT64_C(1) << 32);
	for (i = 0; i < RTE_DIM(reqs); i++) {
		iobuf_test_usage(&before);
		b = rte_iobuf_create_params(&reqs[i]);
		if (b == NULL) {
			TEST_ASSERT(rte_errno == ENOMEM, "failed with %s, not ENOMEM",
				    rte_strerror(rte_errno));
			iobuf_test_usage(&after);
			TEST_ASSERT(iobuf_test_usage_same(&before, &after),
				    "failed 32-bit create leaked");
			printf("    %zu bytes: ENOMEM (no memory below 4 GiB available), nothing leaked\n",
			       reqs[i].capacity);
			continue;
		}
		met++;
		if (iobuf_check(b, &reqs[i]) != TEST_SUCCESS) {
			rte_iobuf_release(b);
			return TEST_FAILED;
		}
		printf("    %zu bytes: met at IOVA 0x%" PRIx64 "\n", reqs[i].capacity,
		       rte_iobuf_iova(b, 0, NULL));
		rte_iobuf_release(b);
	}
	if (rte_eal_iova_mode() == RTE_IOVA_VA && low * page_sz >= (8u << 20))
		TEST_ASSERT(met == RTE_DIM(reqs),
			    "EAL holds %u pages below 4 GiB, yet a 32-bit request failed", low);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(mask_32bit, test_mask_32bit);

static int
test_window(void)
{
	uint64_t page_sz;
	unsigned int n, i;
	rte_iova_t windows[2][2];

	n = iobuf_check_mapped_pages(pages, MAX_PAGES, &page_sz);
	TEST_ASSERT(n >= 4, "EAL holds %u pages", n);
	/* Upper and lower half of the pages EAL holds. */
	windows[0][0] = pages[n / 2];
	windows[0][1] = pages[n - 1] + page_sz - 1;
	windows[1][0] = pages[0];
	windows[1][1] = pages[n / 2] - 1;
	for (i = 0; i < 2; i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 64 << 10,
			.flags = RTE_IOBUF_CONTIG,
			.iova_min = windows[i][0], .iova_max = windows[i][1],
		};

		printf("    window [0x%" PRIx64 ", 0x%" PRIx64 "]\n", req.iova_min, req.iova_max);
		if (create_many(&req, 2) != TEST_SUCCESS)
			return TEST_FAILED;
		req.capacity = 256;
		req.flags = 0;
		if (create_many(&req, HELD) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(window, test_window);

static int
test_align_boundary(void)
{
	static const uint64_t aligns[] = { 4096, 65536, 1 << 20, 2 << 20, 4 << 20 };
	unsigned int i;

	for (i = 0; i < RTE_DIM(aligns); i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 8192,
			.flags = RTE_IOBUF_CONTIG, .align = aligns[i],
		};

		if (create_many(&req, 2) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	{
		/* 48 KiB never crossing 64 KiB; several at once. */
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 48 << 10,
			.flags = RTE_IOBUF_CONTIG, .boundary = 64 << 10,
		};

		if (create_many(&req, HELD) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	{
		/* Scattered 1 MiB with 4 KiB boundary: segments split there. */
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 1 << 20,
			.boundary = 4096,
		};
		struct rte_iobuf *b;

		if (create_checked(&req, &b) != TEST_SUCCESS)
			return TEST_FAILED;
		TEST_ASSERT(rte_iobuf_seg_count(b) >= 256, "%u segments",
			    rte_iobuf_seg_count(b));
		rte_iobuf_release(b);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(align_boundary_iova, test_align_boundary);

static int
test_contig_scattered(void)
{
	struct rte_iobuf_params req = {
		.socket_id = SOCKET_ID_ANY, .capacity = 8 << 20,
	};
	struct rte_iobuf *b;
	unsigned int nsegs;

	if (create_checked(&req, &b) != TEST_SUCCESS)
		return TEST_FAILED;
	nsegs = rte_iobuf_seg_count(b);
	printf("    8 MiB scattered: %u segments\n", nsegs);
	rte_iobuf_release(b);

	req.flags = RTE_IOBUF_CONTIG;
	req.capacity = 1 << 20;
	if (create_many(&req, 2) != TEST_SUCCESS)
		return TEST_FAILED;
	req.capacity = 2 << 20;
	req.align = 2 << 20;
	if (create_many(&req, 2) != TEST_SUCCESS)
		return TEST_FAILED;

	/* Larger than a hugepage: physically contiguous pages may not exist. */
	req.capacity = 6 << 20;
	req.align = 0;
	b = rte_iobuf_create_params(&req);
	if (b == NULL) {
		TEST_ASSERT(rte_eal_iova_mode() == RTE_IOVA_PA && rte_errno == ENOMEM,
			    "6 MiB contiguous failed: %s", rte_strerror(rte_errno));
		printf("    6 MiB contiguous: ENOMEM (no 3 physically adjacent hugepages)\n");
		return TEST_SUCCESS;
	}
	if (iobuf_check(b, &req) != TEST_SUCCESS) {
		rte_iobuf_release(b);
		return TEST_FAILED;
	}
	printf("    6 MiB contiguous: met at IOVA 0x%" PRIx64 "\n", rte_iobuf_iova(b, 0, NULL));
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(contig_vs_scattered, test_contig_scattered);

static int
test_segment_limits(void)
{
	struct rte_iobuf_params req = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1 << 20,
		.max_seg_size = 64 << 10,
	};
	struct rte_iobuf *b;

	if (create_checked(&req, &b) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT(rte_iobuf_seg_count(b) >= 16, "%u segments", rte_iobuf_seg_count(b));
	rte_iobuf_release(b);

	req.capacity = 4 << 20;
	req.max_seg_size = 1 << 20;
	req.max_segs = 4;
	req.boundary = 1 << 20;
	if (create_many(&req, 2) != TEST_SUCCESS)
		return TEST_FAILED;

	/* max_segs = 1 means one contiguous segment. */
	req = (struct rte_iobuf_params){
		.socket_id = SOCKET_ID_ANY, .capacity = 300 << 10, .max_segs = 1,
	};
	if (create_checked(&req, &b) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT(rte_iobuf_seg_count(b) == 1, "max_segs 1 gave %u", rte_iobuf_seg_count(b));
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(segment_limits, test_segment_limits);
