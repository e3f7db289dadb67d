/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Constraints on real memory, with masks and windows computed from the
 * whole layout EAL holds now (every memseg), so that part of memory is
 * admissible and part not. Every buffer is checked against
 * rte_mem_virt2iova() by iobuf_check(), and every buffer held while others
 * are created carries an owner tag over all its bytes, checked before it
 * is released: overlapping buffers, or one handed out twice, fail.
 * Random choices (window edges, sizes, release order, sampled offsets)
 * come from the run's seed (IOBUF_TEST_SEED reproduces them).
 */

#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define MAX_HELD 40

static void
print_req(const char *what, const struct rte_iobuf_params *req)
{
	printf("    %s: %zu bytes%s mask 0x%" PRIx64 " window [0x%" PRIx64 ", 0x%" PRIx64
	       "] align 0x%" PRIx64 " boundary 0x%" PRIx64 "\n", what, req->capacity,
	       req->flags & RTE_IOBUF_CONTIG ? " contig" : "", req->iova_mask,
	       req->iova_min, req->iova_max, req->align, req->boundary);
}

/* Create, check against EAL, take ownership (owner tag written). With
 * @p enomem_ok, an ENOMEM is no failure: TEST_SKIPPED, nothing held. */
static int
create_owned_maybe(const struct rte_iobuf_params *req, struct iobuf_owned *o,
		   int enomem_ok)
{
	struct rte_iobuf *b = rte_iobuf_create_params(req);

	o->b = NULL;
	if (b == NULL && enomem_ok && rte_errno == ENOMEM)
		return TEST_SKIPPED;
	if (b == NULL) {
		print_req("create failed", req);
		TEST_ASSERT(0, "create failed: %s", rte_strerror(rte_errno));
	}
	if (iobuf_check(b, req) != TEST_SUCCESS) {
		print_req("violated", req);
		rte_iobuf_dump(stdout, b);
		rte_iobuf_release(b);
		return TEST_FAILED;
	}
	iobuf_own(o, b);
	return TEST_SUCCESS;
}

static int
create_owned(const struct rte_iobuf_params *req, struct iobuf_owned *o)
{
	return create_owned_maybe(req, o, 0);
}

/* Release every held buffer in random order, verifying owner tags. */
static int
disown_all(struct iobuf_owned *held, unsigned int n)
{
	unsigned int i, k;
	int ret = TEST_SUCCESS;
	struct iobuf_owned t;

	for (i = n; i > 1; i--) {
		k = rand() % i;
		t = held[i - 1];
		held[i - 1] = held[k];
		held[k] = t;
	}
	for (i = 0; i < n; i++)
		if (iobuf_disown(&held[i]) != TEST_SUCCESS)
			ret = TEST_FAILED;
	return ret;
}

/* Hold @p n buffers of one request at once (so steering must find more
 * than one admissible place), all checked, disjoint, tagged; release them
 * in random order checking the tags. Records the highest IOVA end seen.
 * With @p got (not NULL), ENOMEM ends the series without failing and
 * *got says how many were placed. */
static int
create_many_max(const struct rte_iobuf_params *req, unsigned int n, rte_iova_t *top,
		unsigned int *got_out)
{
	struct iobuf_owned held[MAX_HELD] = { { NULL, 0 } };
	unsigned int i, got = 0;
	struct rte_iobuf_seg seg;
	int ret = TEST_SUCCESS;
	size_t off;

	RTE_VERIFY(n <= MAX_HELD);
	for (i = 0; i < n && ret == TEST_SUCCESS; i++) {
		ret = create_owned_maybe(req, &held[i], got_out != NULL);
		got += ret == TEST_SUCCESS;
	}
	if (ret == TEST_SKIPPED)
		ret = TEST_SUCCESS;
	if (ret == TEST_SUCCESS)
		ret = iobuf_check_disjoint(held, got);
	for (i = 0; top != NULL && i < got; i++)
		for (off = 0; rte_iobuf_seg_next(held[i].b, &off, &seg);)
			*top = RTE_MAX(*top, seg.iova + seg.len - 1);
	if (disown_all(held, got) != TEST_SUCCESS)
		ret = TEST_FAILED;
	if (got_out != NULL)
		*got_out = got;
	return ret;
}

static int
create_many(const struct rte_iobuf_params *req, unsigned int n)
{
	return create_many_max(req, n, NULL, NULL);
}

/* The address bit, from @p min_bit up, that splits the mapped pages most
 * evenly. */
static int
split_bit(const struct iobuf_check_layout *l, unsigned int min_bit,
	  unsigned int *set_count)
{
	unsigned int bit, i, best = 0, best_bal = 0, set;

	for (bit = min_bit; bit < 48; bit++) {
		for (i = 0, set = 0; i < l->n; i++)
			set += (l->page[i] >> bit) & 1;
		if (RTE_MIN(set, l->n - set) > best_bal) {
			best_bal = RTE_MIN(set, l->n - set);
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
	struct iobuf_check_layout l;
	unsigned int set = 0, i;
	uint64_t mask;
	int bit, ret = TEST_SUCCESS;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	bit = split_bit(&l, RTE_MAX(min_bit, (unsigned int)__builtin_ctzll(l.page_sz)), &set);
	if (bit < 0)
		iobuf_check_layout_free(&l);
	TEST_ASSERT(bit >= 0, "no address bit splits the pages");
	mask = ~(UINT64_C(1) << bit);
	printf("    %u pages of %" PRIu64 " KiB, bit %d set in %u: mask 0x%" PRIx64 "\n",
	       l.n, l.page_sz >> 10, bit, set, mask);
	for (i = 0; i < n_req && ret == TEST_SUCCESS; i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .flags = flags[i],
			.capacity = caps[i], .iova_mask = mask,
		};

		ret = create_many(&req, 4);
	}
	iobuf_check_layout_free(&l);
	return ret;
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

/*
 * Exact fits: a contiguous buffer exactly as large as the block it must
 * stay inside (a mask hole's block, a boundary) fits only at the block's
 * start and ends on the block's last byte. Off-by-one errors in the block
 * rule refuse these (or accept a crossing neighbour).
 */
static int
test_exact_fit(void)
{
	struct iobuf_check_layout l;
	unsigned int b_lo, i, k, clear, failed = 0, cases = 0;
	uint64_t block;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	/* Holes at the page bit and at the 128 KiB bit (if not above a
	 * page's): pages with the bit clear hold whole admissible blocks. */
	b_lo = __builtin_ctzll(l.page_sz);
	for (k = 0; k < 2; k++) {
		unsigned int bit = k == 0 ? b_lo : RTE_MAX(b_lo, 16u) + 1;
		/* The window over the whole layout bounds create's own search
		 * for a first start. */
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .flags = RTE_IOBUF_CONTIG,
			.iova_mask = ~(UINT64_C(1) << bit),
			.iova_min = l.lo, .iova_max = l.hi,
		};

		block = UINT64_C(1) << bit;
		for (i = 0, clear = 0; i < l.n; i++)
			clear += !((l.page[i] >> bit) & 1);
		if (block > l.page_sz && rte_eal_iova_mode() == RTE_IOVA_PA) {
			printf("    hole at bit %u: a %" PRIu64 " KiB block spans several hugepages, not required here\n",
			       bit, block >> 10);
			continue;
		}
		if (clear < l.n / 8) {
			printf("    hole at bit %u: only %u of %u pages have it clear, skipped\n",
			       bit, clear, l.n);
			continue;
		}
		req.capacity = block;
		printf("    mask hole at bit %u (%u of %u pages clear): contig %" PRIu64 " KiB = one block\n",
		       bit, clear, l.n, block >> 10);
		failed += create_many(&req, 3) != TEST_SUCCESS;
		/* A line less: a start one line into the block works too. */
		req.capacity = block - 64;
		failed += create_many(&req, 3) != TEST_SUCCESS;
		cases += 2;
	}
	/* Boundaries, with a window over the whole layout (a window makes
	 * create check that a start exists at all, and bounds that search:
	 * without one, a block rule that refuses every start searches the
	 * whole 64-bit space). */
	for (k = 0; k < 3; k++) {
		static const uint64_t bounds[] = { 128 << 10, 1 << 20, 2 << 20 };
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .flags = RTE_IOBUF_CONTIG,
			.capacity = bounds[k], .boundary = bounds[k],
			.iova_min = l.lo, .iova_max = l.hi,
		};

		if (bounds[k] > l.page_sz && rte_eal_iova_mode() == RTE_IOVA_PA)
			continue;
		printf("    contig %" PRIu64 " KiB with boundary %" PRIu64 " KiB in window [0x%"
		       PRIx64 ", 0x%" PRIx64 "]\n", bounds[k] >> 10, bounds[k] >> 10, l.lo, l.hi);
		failed += create_many(&req, 2) != TEST_SUCCESS;
		/* Aligned to a quarter: the start 3/4 into a block ends
		 * exactly on the block's last byte. */
		req.capacity = bounds[k] / 4;
		req.align = bounds[k] / 4;
		failed += create_many(&req, 8) != TEST_SUCCESS;
		cases += 2;
	}
	iobuf_check_layout_free(&l);
	TEST_ASSERT(failed == 0, "%u of %u exact-fit requests failed", failed, cases);
	printf("    %u exact-fit requests met\n", cases);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(exact_fit, test_exact_fit);

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

			if (create_many(&req, 3) != TEST_SUCCESS)
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
	struct iobuf_check_layout l;
	unsigned int i, low, met = 0;
	struct iobuf_test_usage before, after;
	struct iobuf_owned o;
	struct rte_iobuf *b;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	low = iobuf_check_layout_count(&l, 0, UINT32_MAX);
	printf("    %u of %u pages of %" PRIu64 " KiB lie below 4 GiB\n", low, l.n,
	       l.page_sz >> 10);
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
			iobuf_check_layout_free(&l);
			return TEST_FAILED;
		}
		printf("    %zu bytes: met at IOVA 0x%" PRIx64 "\n", reqs[i].capacity,
		       rte_iobuf_iova(b, 0, NULL));
		iobuf_own(&o, b);
		if (iobuf_disown(&o) != TEST_SUCCESS) {
			iobuf_check_layout_free(&l);
			return TEST_FAILED;
		}
	}
	iobuf_check_layout_free(&l);
	if (rte_eal_iova_mode() == RTE_IOVA_VA && (uint64_t)low * l.page_sz >= (8u << 20))
		TEST_ASSERT(met == RTE_DIM(reqs),
			    "EAL holds %u pages below 4 GiB, yet a 32-bit request failed", low);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(mask_32bit, test_mask_32bit);

/* A window admits exactly the pages it was cut for (not, say, most of
 * memory because the page list was truncated). */
static int
window_sane(const struct iobuf_check_layout *l, const char *what,
	    rte_iova_t lo, rte_iova_t hi, unsigned int expect_min,
	    unsigned int expect_max)
{
	unsigned int in = iobuf_check_layout_count(l, lo, hi);

	printf("    window %-15s [0x%" PRIx64 ", 0x%" PRIx64 "]: %u of %u pages (%.1f%%)\n",
	       what, lo, hi, in, l->n, 100.0 * in / l->n);
	TEST_ASSERT(in >= expect_min && in <= expect_max,
		    "window %s admits %u pages, expected %u..%u", what, in,
		    expect_min, expect_max);
	return TEST_SUCCESS;
}

/* Multi-page scattered sizes: two and three pages and a bit (the bit from
 * the seed), so that pages beyond the first must meet the window too. */
static size_t
scattered_size(const struct iobuf_check_layout *l, unsigned int pages)
{
	size_t pg = l->page_sz;
	size_t cap = pages * pg + 64 * (1 + rand() % (pg / 64 - 1));

	/* IOVA-as-VA pages are small: go past the arena sizes. */
	if (cap <= (64 << 10))
		cap = (64 << 10) * pages + 64 * (1 + rand() % 1000);
	return cap;
}

/*
 * One window of pages of rank [from, to), edges moved inside the edge
 * pages if @p inside: contiguous (carved and memzone-path), small carved
 * and multi-page scattered buffers, several held at once; the oracle
 * checks every page's whole range against both bounds.
 *
 * A scattered buffer may be gathered from pages anywhere (the page store
 * does not need them VA-adjacent): every request must be met.
 */
static int
window_requests(const struct iobuf_check_layout *l, const char *name,
		unsigned int from, unsigned int to, int inside,
		unsigned int *multi_ok)
{
	rte_iova_t lo, hi, top = 0;
	unsigned int i, exp_min, exp_max;
	int ret;

	iobuf_check_layout_window(l, from, to, &lo, &hi);
	exp_min = exp_max = to - from;
	if (inside) {
		/* Edges inside the edge pages, on cache lines. */
		lo += 64 * (rand() % (l->page_sz / 64));
		hi -= 64 * (rand() % (l->page_sz / 64));
		exp_min -= 2;
	}
	ret = window_sane(l, name, lo, hi, exp_min, exp_max);
	for (i = 0; i < 5 && ret == TEST_SUCCESS; i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY,
			.iova_min = lo, .iova_max = hi,
		};
		unsigned int held, got = 0;
		int multi = 0;

		switch (i) {
		case 0: /* carved */
			req.capacity = 64 << 10;
			req.flags = RTE_IOBUF_CONTIG;
			held = 4;
			break;
		case 1: /* own memzone, contiguous */
			req.capacity = (128 << 10) + 64 * (rand() % 1024);
			req.flags = RTE_IOBUF_CONTIG;
			held = 3;
			break;
		case 2: /* carved, small */
			req.capacity = 64 + rand() % 2000;
			held = 16;
			break;
		default: /* scattered over two, then three pages */
			req.capacity = scattered_size(l, i - 2);
			held = i == 3 ? 3 : 2;
			multi = 1;
			break;
		}
		ret = create_many_max(&req, held, &top, NULL);
		if (ret != TEST_SUCCESS)
			break;
		got = held;
		if (multi)
			*multi_ok += got;
		printf("      %2u x %8zu bytes%s ok\n", got, req.capacity,
		       req.flags & RTE_IOBUF_CONTIG ? " contig   " : " scattered");
	}
	if (ret == TEST_SUCCESS)
		printf("      highest IOVA used 0x%" PRIx64 " (window end - 0x%" PRIx64 ")\n",
		       top, hi - top);
	return ret;
}

/*
 * Windows cut from the whole layout (by IOVA rank of every page EAL
 * holds): in @p upper, the highest eighth, the upper half and a random
 * quarter of the upper half with edges inside pages; else the same in the
 * lower half.
 */
static int
windows(int upper)
{
	struct iobuf_check_layout l;
	unsigned int n, h, q, r, ok = 0;
	int ret = TEST_SUCCESS;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	n = l.n;
	if (n < 32) {
		iobuf_check_layout_free(&l);
		TEST_ASSERT(0, "EAL holds %u pages", n);
	}
	printf("    layout: %u pages of %" PRIu64 " KiB, IOVA span [0x%" PRIx64 ", 0x%" PRIx64 "]\n",
	       n, l.page_sz >> 10, l.lo, l.hi);
	h = n / 2;
	q = n / 4;
	r = rand() % (h - q + 1);
	if (upper) {
		ret = window_requests(&l, "highest eighth", n - n / 8, n, 0, &ok);
		if (ret == TEST_SUCCESS)
			ret = window_requests(&l, "upper half", h, n, 0, &ok);
		if (ret == TEST_SUCCESS)
			ret = window_requests(&l, "random quarter", n - h + r, n - h + r + q, 1,
					      &ok);
	} else {
		ret = window_requests(&l, "lowest eighth", 0, n / 8, 0, &ok);
		if (ret == TEST_SUCCESS)
			ret = window_requests(&l, "lower half", 0, h, 0, &ok);
		if (ret == TEST_SUCCESS)
			ret = window_requests(&l, "random quarter", r, r + q, 1, &ok);
	}
	iobuf_check_layout_free(&l);
	if (ret == TEST_SUCCESS) {
		printf("    %u multi-page scattered buffers placed and checked\n", ok);
	}
	return ret;
}

static int
test_window(void)
{
	return windows(1);
}

/* Apart from "window" because IOVA-as-VA memory at the low end lies
 * below everything DPDK's heap hands out first. */
static int
test_window_low(void)
{
	return windows(0);
}

REGISTER_IOBUF_TEST(window, test_window);
REGISTER_IOBUF_TEST(window_low, test_window_low);

/*
 * Many small buffers held at once in one window: the slice of pages just
 * below the highest eighth (an eighth of memory). 2 x 8 buffers of about
 * 256 KiB take a few MiB of it; each must be placed (and checked), however
 * large the candidates the library tried on the way.
 */
static int
test_window_many_held(void)
{
	struct iobuf_check_layout l;
	struct iobuf_owned held[16] = { { NULL, 0 } };
	rte_iova_t lo, hi;
	unsigned int i, n_held = 0;
	int ret = TEST_SUCCESS;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	if (l.n < 32) {
		iobuf_check_layout_free(&l);
		TEST_ASSERT(0, "EAL holds %u pages", l.n);
	}
	iobuf_check_layout_window(&l, l.n - l.n / 4, l.n - l.n / 8, &lo, &hi);
	ret = window_sane(&l, "second eighth", lo, hi, l.n / 4 - l.n / 8, l.n / 4 - l.n / 8);
	for (i = 0; i < RTE_DIM(held) && ret == TEST_SUCCESS; i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .iova_min = lo, .iova_max = hi,
			.capacity = (256 << 10) + 64 * (rand() % 64),
			.flags = i % 2 ? RTE_IOBUF_CONTIG : 0,
		};

		ret = create_owned(&req, &held[i]);
		if (ret != TEST_SUCCESS)
			printf("    buffer %u of %u failed (%u held)\n", i + 1,
			       (unsigned int)RTE_DIM(held), n_held);
		else
			n_held++;
	}
	if (ret == TEST_SUCCESS)
		ret = iobuf_check_disjoint(held, n_held);
	if (disown_all(held, n_held) != TEST_SUCCESS)
		ret = TEST_FAILED;
	if (ret == TEST_SUCCESS)
		printf("    %u buffers of about 256 KiB held at once in the window\n", n_held);
	iobuf_check_layout_free(&l);
	return ret;
}

REGISTER_IOBUF_TEST(window_many_held, test_window_many_held);

/*
 * Windows whose upper bound cuts through a page: the page at a random rank
 * of the layout, cut at a random cache line inside it. Scattered buffers of
 * several pages and carved ones, held at once, must all lie below the cut:
 * a placement that checks only where a buffer starts (not where each of
 * its pieces ends) is caught by the oracle.
 */
static int
test_window_upper_edge(void)
{
	struct iobuf_check_layout l;
	unsigned int k, placed = 0, rank, below;
	int ret = TEST_SUCCESS;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return TEST_FAILED;
	for (k = 0; k < 5 && ret == TEST_SUCCESS; k++) {
		struct rte_iobuf_params req = { .socket_id = SOCKET_ID_ANY };
		unsigned int held;

		if (k < 3) {
			req.capacity = scattered_size(&l, k + 1);
			held = 2;
		} else {
			req.capacity = k == 3 ? 64 << 10 : (32 << 10) + 64 * (rand() % 256);
			held = 32;
		}
		/* Enough whole pages below the cut for what is held, with
		 * room to spare: from a third of the layout up. */
		rank = l.n / 3 + rand() % (l.n - l.n / 3);
		req.iova_min = l.lo;
		req.iova_max = l.page[rank] + 64 * (1 + rand() % (l.page_sz / 64 - 1)) - 1;
		below = iobuf_check_layout_count(&l, req.iova_min, req.iova_max);
		printf("    cut inside page %u of %u: window [0x%" PRIx64 ", 0x%" PRIx64
		       "] (%u whole pages)\n", rank, l.n, req.iova_min, req.iova_max, below);
		ret = create_many(&req, held);
		placed += ret == TEST_SUCCESS ? held : 0;
		if (ret == TEST_SUCCESS)
			printf("      %2u x %zu bytes below the cut ok\n", held, req.capacity);
	}
	iobuf_check_layout_free(&l);
	if (ret == TEST_SUCCESS)
		printf("    %u buffers placed below cuts through pages\n", placed);
	return ret;
}

REGISTER_IOBUF_TEST(window_upper_edge, test_window_upper_edge);

static int
test_align_boundary(void)
{
	static const uint64_t aligns[] = { 4096, 65536, 1 << 20, 2 << 20, 4 << 20 };
	struct iobuf_owned o;
	unsigned int i;

	for (i = 0; i < RTE_DIM(aligns); i++) {
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 8192,
			.flags = RTE_IOBUF_CONTIG, .align = aligns[i],
		};

		if (create_many(&req, 3) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	{
		/* 48 KiB never crossing 64 KiB; several at once. */
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 48 << 10,
			.flags = RTE_IOBUF_CONTIG, .boundary = 64 << 10,
		};

		if (create_many(&req, 8) != TEST_SUCCESS)
			return TEST_FAILED;
		/* Own memzones: larger than any arena slot. */
		req.capacity = (96 << 10) + 64 * (rand() % 512);
		req.boundary = 128 << 10;
		if (create_many(&req, 4) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	{
		/* Scattered 1 MiB with 4 KiB boundary: segments split there. */
		struct rte_iobuf_params req = {
			.socket_id = SOCKET_ID_ANY, .capacity = 1 << 20,
			.boundary = 4096,
		};

		unsigned int nsegs;

		if (create_owned(&req, &o) != TEST_SUCCESS)
			return TEST_FAILED;
		nsegs = rte_iobuf_seg_count(o.b);
		if (iobuf_disown(&o) != TEST_SUCCESS)
			return TEST_FAILED;
		TEST_ASSERT(nsegs >= 256, "%u segments", nsegs);
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
	struct iobuf_owned o;
	struct rte_iobuf *b;
	unsigned int nsegs;

	if (create_owned(&req, &o) != TEST_SUCCESS)
		return TEST_FAILED;
	nsegs = rte_iobuf_seg_count(o.b);
	printf("    8 MiB scattered: %u segments\n", nsegs);
	if (iobuf_disown(&o) != TEST_SUCCESS)
		return TEST_FAILED;

	req.flags = RTE_IOBUF_CONTIG;
	req.capacity = 1 << 20;
	if (create_many(&req, 3) != TEST_SUCCESS)
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
	iobuf_own(&o, b);
	return iobuf_disown(&o);
}

REGISTER_IOBUF_TEST(contig_vs_scattered, test_contig_scattered);

static int
test_segment_limits(void)
{
	struct rte_iobuf_params req = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1 << 20,
		.max_seg_size = 64 << 10,
	};
	struct iobuf_owned o;
	unsigned int nsegs;

	if (create_owned(&req, &o) != TEST_SUCCESS)
		return TEST_FAILED;
	nsegs = rte_iobuf_seg_count(o.b);
	if (iobuf_disown(&o) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT(nsegs >= 16, "%u segments", nsegs);

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
	if (create_owned(&req, &o) != TEST_SUCCESS)
		return TEST_FAILED;
	nsegs = rte_iobuf_seg_count(o.b);
	if (iobuf_disown(&o) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT(nsegs == 1, "max_segs 1 gave %u", nsegs);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(segment_limits, test_segment_limits);
