/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_fbarray.h>
#include <rte_memory.h>

#include "iobuf_reach.h"

/* A start of @p c inside [a, b] (inclusive). */
static bool
holds_start(const struct iobuf_constraint *c, rte_iova_t a, rte_iova_t b)
{
	rte_iova_t s = iobuf_next_start(c, a);

	return s != RTE_BAD_IOVA && s <= b;
}

struct slot_walk {
	const struct iobuf_constraint *c;
	int socket_id;
	bool found;
};

/* Runs of unused slots of one memseg list; IOVA == VA in this mode. */
static int
unused_slots(const struct rte_memseg_list *msl, void *arg)
{
	struct slot_walk *w = arg;
	/* The search takes the array's own read lock: not const. */
	struct rte_fbarray *arr = (struct rte_fbarray *)(uintptr_t)&msl->memseg_arr;
	uintptr_t a;
	int i = 0, n;

	if (msl->external || msl->base_va == NULL ||
	    (w->socket_id != SOCKET_ID_ANY && msl->socket_id != w->socket_id))
		return 0;
	while ((i = rte_fbarray_find_next_free(arr, i)) >= 0) {
		n = rte_fbarray_find_contig_free(arr, i);
		if (n <= 0)
			break;
		a = (uintptr_t)msl->base_va + (uintptr_t)i * msl->page_sz;

		if (holds_start(w->c, a, a + (uint64_t)n * msl->page_sz - 1)) {
			w->found = true;
			return 1;
		}
		i += n;
	}
	return 0;
}

/* Pages EAL has mapped (the heap's free blocks lie in them): one page,
 * or in IOVA-as-VA mode one VA-contiguous run of pages (IOVA == VA: a
 * --no-huge heap of 131072 pages is one run). */
static int
mapped_range(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	     size_t len, void *arg)
{
	struct slot_walk *w = arg;

	if (msl->external || ms->iova == RTE_BAD_IOVA ||
	    (w->socket_id != SOCKET_ID_ANY && msl->socket_id != w->socket_id))
		return 0;
	if (holds_start(w->c, ms->iova, ms->iova + len - 1)) {
		w->found = true;
		return 1;
	}
	return 0;
}

static int
mapped_page(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	return mapped_range(msl, ms, ms->len, arg);
}

bool
iobuf_mapped_may_admit(const struct iobuf_constraint *c, int socket_id)
{
	struct slot_walk w = { .c = c, .socket_id = socket_id };

	if (rte_eal_iova_mode() == RTE_IOVA_VA)
		rte_memseg_contig_walk(mapped_range, &w);
	else
		rte_memseg_walk(mapped_page, &w);
	return w.found;
}

/* "System RAM" ranges of /proc/iomem, read once per process. */
#define RAM_RANGES_MAX 64
static struct { uint64_t lo, hi; } ram[RAM_RANGES_MAX];
static unsigned int n_ram;
static bool ram_known;
static pthread_once_t ram_once = PTHREAD_ONCE_INIT;

static void
ram_read(void)
{
	char line[256];
	uint64_t lo, hi;
	FILE *f = fopen("/proc/iomem", "r");

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL && n_ram < RAM_RANGES_MAX) {
		/* Top-level entries only (no indent). */
		if (line[0] == ' ' || strstr(line, ": System RAM") == NULL)
			continue;
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) != 2)
			continue;
		ram[n_ram].lo = lo;
		ram[n_ram].hi = hi;
		n_ram++;
		if (hi != 0)
			ram_known = true;  /* zeros: addresses hidden (not root) */
	}
	fclose(f);
}

bool
iobuf_unmapped_may_admit(const struct iobuf_constraint *c, int socket_id)
{
	struct slot_walk w = { .c = c, .socket_id = socket_id };
	unsigned int i;

	if (rte_eal_iova_mode() == RTE_IOVA_VA) {
		rte_memseg_list_walk(unused_slots, &w);
		return w.found;
	}
	pthread_once(&ram_once, ram_read);
	if (!ram_known)
		return true;
	for (i = 0; i < n_ram; i++)
		if (holds_start(c, ram[i].lo, ram[i].hi))
			return true;
	return false;
}
