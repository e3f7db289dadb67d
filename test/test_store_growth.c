/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * How far the store grows for a request it cannot serve from what it
 * holds: to the whole heap, but never into pages that cannot meet the
 * request. EAL's memory events count what it maps while one create runs
 * (not the library's own figures).
 *  - A window beyond all memory: no page EAL holds or could map lies in
 *    it, so the failing create maps nothing and grows the store by nothing
 *    (it used to take the heap's free blocks and map up to 1 GiB).
 *  - IOVA-as-VA: a window over a run of memseg slots EAL has all mapped.
 *    A request larger than the free memory in it fails after taking the
 *    heap's free blocks, and maps no new page (new pages can only land in
 *    unused slots, all outside the window); a smaller one is served there.
 *  - (store_growth_beyond_pool) IOVA-as-VA with hugepages: a window over
 *    unused slots that lie beyond what the kernel's free hugepages can fill
 *    (EAL fills a list from its lowest unused slot): nothing mapped.
 *  - The heap's last free block, smaller than the headroom growth keeps
 *    for rte_malloc: a request it holds is served (with --no-huge no new
 *    page can come, and growth once gave up there).
 *  - (store_growth_churn) A request no memory can serve (a window over a
 *    buffer held) while another lcore creates and releases 1 MiB buffers:
 *    those releases give the extents the request grows back to DPDK, so
 *    the heap offers them again; the request must still fail, long before
 *    the other lcore stops (it once grew until then: 998 GB in 40 s, found
 *    by a reviewer).
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_fbarray.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

/* Create with @p p expecting ENOMEM; *mapped = bytes EAL mapped meanwhile
 * (the store gives them back before the create returns). */
static int
fails_mapping(const struct rte_iobuf_params *p, uint64_t *mapped, const char *what)
{
	uint64_t t0, grows0 = iobuf_test_stats().store_grows, grows;
	struct rte_iobuf *b;

	TEST_ASSERT(iobuf_check_mapping_start() == 0, "memory event callback: %s",
		    rte_strerror(rte_errno));
	t0 = rte_rdtsc();
	rte_errno = 0;
	b = rte_iobuf_create_params(p);
	*mapped = iobuf_check_mapping_bytes();
	iobuf_check_mapping_stop();
	if (b != NULL) {
		rte_iobuf_release(b);
		TEST_ASSERT(0, "%s: served", what);
	}
	TEST_ASSERT(rte_errno == ENOMEM, "%s: rte_errno %d (%s), expected ENOMEM", what,
		    rte_errno, rte_strerror(rte_errno));
	grows = iobuf_test_stats().store_grows - grows0;
	printf("    %s: ENOMEM after %.1f ms; EAL mapped %" PRIu64 " MiB meanwhile, the store"
	       " grew %" PRIu64 " MiB in %" PRIu64 " extents\n", what,
	       (double)(rte_rdtsc() - t0) * 1e3 / (double)rte_get_tsc_hz(), *mapped >> 20,
	       iobuf_test_stats().last_growth >> 20, grows);
	/* Steps double from 16 MiB and the heap's last block is taken once:
	 * a few dozen extents at most (granule-sized ones once made 421). */
	TEST_ASSERT(grows <= 64, "%s: %" PRIu64 " extents grown", what, grows);
	return TEST_SUCCESS;
}

struct used_run {
	uintptr_t lo, hi;   /* inclusive */
	uint64_t page_sz;
};

/* The longest run of used slots in any memseg list (not external). */
static int
longest_used(const struct rte_memseg_list *msl, void *arg)
{
	struct used_run *u = arg;
	struct rte_fbarray *arr = (struct rte_fbarray *)(uintptr_t)&msl->memseg_arr;
	int i = 0, n;

	if (msl->external || msl->base_va == NULL)
		return 0;
	while ((i = rte_fbarray_find_next_used(arr, i)) >= 0) {
		n = rte_fbarray_find_contig_used(arr, i);
		if (n <= 0)
			break;
		if ((uint64_t)n * msl->page_sz > u->hi - u->lo + 1 || u->hi == 0) {
			u->lo = (uintptr_t)msl->base_va + (uintptr_t)i * msl->page_sz;
			u->hi = u->lo + (uint64_t)n * msl->page_sz - 1;
			u->page_sz = msl->page_sz;
		}
		i += n;
	}
	return 0;
}

struct beyond_pool {
	uint64_t page_sz, skip;  /* slots the free pool fills first */
	uintptr_t lo;            /* first slot beyond them; 0 if none */
	uint64_t room;           /* bytes from lo to the list's end */
};

/* The first list of @p b->page_sz pages with an unused slot beyond the
 * first b->skip unused ones. */
static int
slot_beyond_pool(const struct rte_memseg_list *msl, void *arg)
{
	struct beyond_pool *b = arg;
	struct rte_fbarray *arr = (struct rte_fbarray *)(uintptr_t)&msl->memseg_arr;
	int i = 0, n;

	if (msl->external || msl->base_va == NULL || msl->page_sz != b->page_sz)
		return 0;
	while ((i = rte_fbarray_find_next_free(arr, i)) >= 0) {
		n = rte_fbarray_find_contig_free(arr, i);
		if (n <= 0)
			break;
		if ((uint64_t)n > b->skip) {
			b->lo = (uintptr_t)msl->base_va + (i + b->skip) * msl->page_sz;
			b->room = (n - b->skip) * msl->page_sz;
			return 1;
		}
		b->skip -= n;
		i += n;
	}
	return 0;
}

static uint64_t
free_hugepages_2m(void)
{
	FILE *f = fopen("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", "r");
	uint64_t n = 0;

	if (f != NULL) {
		if (fscanf(f, "%" SCNu64, &n) != 1)
			n = 0;
		fclose(f);
	}
	return n;
}

/* With every heap byte taken but one 4 MiB zone, freed again: 1 MiB
 * contiguous is served. */
static int
heap_last_block(void)
{
	static struct iobuf_check_filler f;
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf *b;
	unsigned int i;
	int ret = TEST_SUCCESS;

	rte_iobuf_trim();
	if (iobuf_check_fill(&f, 4u << 20, 0) < 0) {
		iobuf_check_unfill(&f);
		TEST_ASSERT(0, "the heap has no limit");
	}
	for (i = 0; i < f.n && f.mz[i]->len != (4u << 20); i++)
		;
	if (i == f.n) {
		iobuf_check_unfill(&f);
		TEST_ASSERT(0, "no 4 MiB zone in the fill");
	}
	rte_memzone_free(f.mz[i]);
	f.mz[i] = f.mz[--f.n];
	b = rte_iobuf_create_params(&p);
	if (b == NULL)
		ret = TEST_FAILED, printf("    FAIL: 1 MiB contiguous with the heap full but a"
					  " 4 MiB block: %s\n", rte_strerror(rte_errno));
	else if (iobuf_check(b, &p) != TEST_SUCCESS)
		ret = TEST_FAILED;
	rte_iobuf_release(b);
	iobuf_check_unfill(&f);
	rte_iobuf_trim();
	if (ret == TEST_SUCCESS)
		printf("    heap full but a 4 MiB block: 1 MiB contiguous served\n");
	return ret;
}

#define CHURN_MAX_S 15
static volatile int churn_stop;
static volatile int churn_ended;

/* Create and release 1 MiB contiguous until told to stop (at most
 * CHURN_MAX_S seconds). */
static int
churn(void *arg __rte_unused)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	uint64_t end = rte_rdtsc() + CHURN_MAX_S * rte_get_tsc_hz();
	struct rte_iobuf *b;

	while (!churn_stop && rte_rdtsc() < end) {
		b = rte_iobuf_create_params(&p);
		rte_iobuf_release(b);
	}
	churn_ended = 1;
	return 0;
}

static int
hopeless_while_churning(void)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	unsigned int lc = rte_get_next_lcore(-1, 1, 0);
	struct rte_iobuf *held, *b;
	uint64_t t0, mapped;
	double s;
	size_t seg;
	int err, ended;

	if (lc >= RTE_MAX_LCORE)
		TEST_SKIP("needs a second lcore to create and release meanwhile (-l 0-1)");
	held = rte_iobuf_create_params(&p);
	TEST_ASSERT(held != NULL, "1 MiB: %s", rte_strerror(rte_errno));
	p.iova_min = rte_iobuf_iova(held, 0, &seg);
	p.iova_max = p.iova_min + (1u << 20) - 1;
	/* Alone first: a small scattered request once grew granule-sized
	 * extents from every fragment of a --no-huge heap (421 of them). */
	p.capacity = 3000;
	p.flags = 0;
	if (fails_mapping(&p, &mapped, "3000 B over a held buffer") != TEST_SUCCESS) {
		rte_iobuf_release(held);
		return TEST_FAILED;
	}
	p.capacity = 64u << 10;
	p.flags = RTE_IOBUF_CONTIG;
	churn_stop = churn_ended = 0;
	rte_eal_remote_launch(churn, NULL, lc);
	rte_delay_ms(10);
	t0 = rte_rdtsc();
	b = rte_iobuf_create_params(&p);
	err = rte_errno;
	s = (double)(rte_rdtsc() - t0) / (double)rte_get_tsc_hz();
	ended = churn_ended;
	churn_stop = 1;
	rte_eal_wait_lcore(lc);
	rte_iobuf_release(b);
	rte_iobuf_release(held);
	TEST_ASSERT(b == NULL && err == ENOMEM, "a window over a held buffer: %s",
		    b != NULL ? "served" : rte_strerror(err));
	TEST_ASSERT(!ended && s < CHURN_MAX_S / 2,
		    "the request took %.1f s and returned %s the other lcore stopped", s,
		    ended ? "after" : "before");
	printf("    window over a held buffer, another lcore releasing: ENOMEM after %.2f s\n",
	       s);
	return TEST_SUCCESS;
}

static int
test_store_growth_reach(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct used_run u = { 0 };
	struct rte_iobuf *b;
	uint64_t mapped;
	int ret;

	rte_iobuf_trim();

	/* 1. A window beyond all memory, contiguous and scattered. */
	iobuf_check_window_beyond_memory(&p.iova_min, &p.iova_max);
	p.capacity = 1u << 20;
	p.flags = RTE_IOBUF_CONTIG;
	ret = fails_mapping(&p, &mapped, "1 MiB contiguous beyond memory");
	if (ret == TEST_SUCCESS && (mapped != 0 || iobuf_test_stats().last_growth != 0))
		ret = TEST_FAILED, printf("    FAIL: pages mapped or the store grown for it\n");
	p.capacity = 4u << 20;
	p.flags = 0;
	if (ret == TEST_SUCCESS)
		ret = fails_mapping(&p, &mapped, "4 MiB scattered beyond memory");
	if (ret == TEST_SUCCESS && (mapped != 0 || iobuf_test_stats().last_growth != 0))
		ret = TEST_FAILED, printf("    FAIL: pages mapped or the store grown for it\n");

	/* 2. IOVA-as-VA: a window of slots all mapped. */
	if (ret == TEST_SUCCESS && rte_eal_iova_mode() == RTE_IOVA_VA) {
		rte_memseg_list_walk(longest_used, &u);
		TEST_ASSERT(u.hi > u.lo, "no memseg list has a used slot");
		p.iova_min = u.lo;
		p.iova_max = u.hi;
		p.capacity = u.hi - u.lo + 1;  /* EAL's own data lives there too */
		ret = fails_mapping(&p, &mapped, "the whole of a mapped run, scattered");
		if (ret == TEST_SUCCESS && mapped != 0)
			ret = TEST_FAILED, printf("    FAIL: EAL mapped %" PRIu64 " bytes outside"
						  " the window for it\n", mapped);
		if (ret == TEST_SUCCESS) {
			p.capacity = 64u << 10;
			p.flags = RTE_IOBUF_CONTIG;
			b = rte_iobuf_create_params(&p);
			if (b == NULL)
				ret = TEST_FAILED, printf("    FAIL: 64 KiB in the run [0x%" PRIxPTR
							  ", 0x%" PRIxPTR "]: %s\n", u.lo, u.hi,
							  rte_strerror(rte_errno));
			else if (iobuf_check(b, &p) != TEST_SUCCESS)
				ret = TEST_FAILED;
			rte_iobuf_release(b);
		}
		if (ret == TEST_SUCCESS)
			printf("    run [0x%" PRIxPTR ", 0x%" PRIxPTR "] of %" PRIu64
			       " KiB pages: 64 KiB contiguous served in it\n", u.lo, u.hi,
			       u.page_sz >> 10);
	} else if (ret == TEST_SUCCESS) {
		printf("    IOVA-as-PA: where a new page lies is the kernel's choice; only"
		       " the window beyond memory applies\n");
	}

	/* 3. The heap's last free block. */
	if (ret == TEST_SUCCESS)
		ret = heap_last_block();
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_growth_reach, test_store_growth_reach);

/* IOVA-as-VA with hugepages: a window over memseg slots the free hugepage
 * pool cannot reach fails with nothing mapped. */
static int
test_store_growth_beyond_pool(void)
{
	struct beyond_pool bp = { .page_sz = RTE_PGSIZE_2M };
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	uint64_t mapped;
	int ret;

	if (rte_eal_iova_mode() != RTE_IOVA_VA || !rte_eal_has_hugepages())
		TEST_SKIP("IOVA-as-VA with hugepages only (elsewhere no slot is out of the"
			  " pool's reach by address)");
	bp.skip = free_hugepages_2m() + 8;
	rte_memseg_list_walk(slot_beyond_pool, &bp);
	if (bp.lo == 0 || bp.room < (64u << 20))
		TEST_SKIP("no 64 MiB of 2 MiB slots beyond the %" PRIu64 " the free pool reaches",
			  bp.skip);
	rte_iobuf_trim();
	p.iova_min = bp.lo;
	p.iova_max = bp.lo + (64u << 20) - 1;
	ret = fails_mapping(&p, &mapped, "slots beyond the free hugepages");
	if (ret == TEST_SUCCESS && mapped != 0)
		ret = TEST_FAILED, printf("    FAIL: EAL mapped %" PRIu64 " MiB\n", mapped >> 20);
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_growth_beyond_pool, test_store_growth_beyond_pool);

/* A hopeless request while another lcore's releases give memory back. */
static int
test_store_growth_churn(void)
{
	int ret;

	rte_iobuf_trim();
	ret = hopeless_while_churning();
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_growth_churn, test_store_growth_churn);
