/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * A window that holds the request is served even when the only memory in
 * it is a fragment of a hugepage: the part other heap elements leave of a
 * page (the heap's top page, where EAL and the library keep their zones;
 * the page a zone of 3.25 MiB ends in). Which bytes of each page are free
 * comes from DPDK's own heap dump (rte_malloc_dump_heaps(): every element,
 * FREE or BUSY), not from the store; each buffer is checked against EAL
 * (iobuf_check(): rte_mem_virt2iova per page, inside the window).
 * Hugepages only: without them extents are granule-aligned already and a
 * page is 4 KiB.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_random.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define CAP (256u << 10)
/* A free element's first and last bytes are its header and trailer, and a
 * buffer starts on a granule: this much of a free range may be unusable. */
#define SLACK (8u << 10)
#define MAX_FREE 4096
#define MAX_PAGES 8192
#define FULL_PAGES_TRIED 8

struct free_range {
	uintptr_t lo, hi;  /* [lo, hi) */
};

/* FREE elements of every heap, from DPDK's dump of them. */
static int
heap_free_ranges(struct free_range *fr, unsigned int max)
{
	char *text = NULL, *at, *len_at, *state;
	size_t size = 0;
	unsigned int n = 0;
	unsigned long long addr, len;
	FILE *f = open_memstream(&text, &size);

	if (f == NULL)
		return -1;
	rte_malloc_dump_heaps(f);
	fclose(f);
	for (at = strstr(text, "Malloc element at "); at != NULL && n < max;
	     at = strstr(at + 1, "Malloc element at ")) {
		state = strchr(at, '(');
		if (sscanf(at, "Malloc element at %llx", &addr) != 1 || state == NULL ||
		    strncmp(state, "(FREE)", 6) != 0)
			continue;
		len_at = strstr(at, "len: ");
		if (len_at == NULL || sscanf(len_at, "len: %llx", &len) != 1)
			continue;
		fr[n++] = (struct free_range){ (uintptr_t)addr, (uintptr_t)(addr + len) };
	}
	free(text);
	return (int)n;
}

struct page {
	const uint8_t *va;
	rte_iova_t iova;
	size_t len;
};

struct page_walk {
	struct page *p;
	unsigned int n;
};

static int
page_of(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	struct page_walk *w = arg;

	if (msl->external || ms->iova == RTE_BAD_IOVA || w->n == MAX_PAGES)
		return 0;
	w->p[w->n++] = (struct page){ ms->addr, ms->iova, ms->len };
	return 0;
}

/* Longest free stretch of @p pg in @p fr, less the slack at both ends. */
static size_t
free_in_page(const struct page *pg, const struct free_range *fr, int n)
{
	uintptr_t lo = (uintptr_t)pg->va, hi = lo + pg->len, a, b;
	size_t best = 0;
	int i;

	for (i = 0; i < n; i++) {
		a = RTE_MAX(fr[i].lo, lo);
		b = RTE_MIN(fr[i].hi, hi);
		if (b > a + 2 * SLACK)
			best = RTE_MAX(best, (size_t)(b - a - 2 * SLACK));
	}
	return best;
}

static int
window_served(const struct page *pg, unsigned int idx, bool fragment)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = CAP, .flags = RTE_IOBUF_CONTIG,
		.iova_min = pg->iova, .iova_max = pg->iova + pg->len - 1,
	};
	struct rte_iobuf *b = rte_iobuf_create_params(&p);
	int ret;

	if (b == NULL) {
		printf("    FAIL: page %u (%s, IOVA 0x%" PRIx64 "): %s\n", idx,
		       fragment ? "a fragment" : "free", pg->iova, rte_strerror(rte_errno));
		return TEST_FAILED;
	}
	ret = iobuf_check(b, &p);
	rte_iobuf_release(b);
	return ret;
}

static int
test_store_window_fragments(void)
{
	struct free_range *fr = calloc(MAX_FREE, sizeof(*fr));
	struct page_walk w = { .p = calloc(MAX_PAGES, sizeof(*w.p)) };
	const struct rte_memzone *mz = NULL;
	unsigned int i, frags = 0, full = 0;
	char name[RTE_MEMZONE_NAMESIZE];
	int n_free, ret = TEST_FAILED;
	size_t in_page;

	if (!rte_eal_has_hugepages()) {
		free(fr);
		free(w.p);
		TEST_SKIP("hugepages only (without them an extent is granule-aligned and a page"
			  " is 4 KiB: no fragment to reach)");
	}
	if (fr == NULL || w.p == NULL)
		goto out;
	rte_iobuf_trim();
	/* One more fragment, of the page this zone ends in (if the heap left
	 * the rest of it free). */
	snprintf(name, sizeof(name), "frag-%d-%" PRIu64, (int)getpid(), rte_rand());
	mz = rte_memzone_reserve_aligned(name, 3 * RTE_PGSIZE_2M / 2 + (256u << 10),
					 SOCKET_ID_ANY, 0, RTE_PGSIZE_2M);
	if (mz == NULL) {
		printf("    FAIL: zone to make a fragment: %s\n", rte_strerror(rte_errno));
		goto out;
	}
	rte_memseg_walk(page_of, &w);
	n_free = heap_free_ranges(fr, MAX_FREE);
	if (n_free < 0) {
		printf("    FAIL: no memory for the heap dump\n");
		goto out;
	}
	for (i = 0; i < w.n; i++) {
		bool fragment;

		in_page = free_in_page(&w.p[i], fr, n_free);
		if (in_page < CAP)
			continue;
		fragment = in_page + 2 * SLACK < w.p[i].len;
		if (!fragment && full >= FULL_PAGES_TRIED)
			continue;
		if (window_served(&w.p[i], i, fragment) != TEST_SUCCESS)
			goto out;
		frags += fragment;
		full += !fragment;
	}
	if (frags == 0) {
		printf("    FAIL: no page of the %u mapped had a fragment of %u KiB or more"
		       " (heap dump: %d free elements): nothing tested\n", w.n, CAP >> 10, n_free);
		goto out;
	}
	printf("    %u mapped pages: a window on each of the %u with a free fragment of %u KiB"
	       " or more, and on %u wholly free, served\n", w.n, frags, CAP >> 10, full);
	ret = TEST_SUCCESS;
out:
	rte_memzone_free(mz);
	free(fr);
	free(w.p);
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_window_fragments, test_store_window_fragments);
