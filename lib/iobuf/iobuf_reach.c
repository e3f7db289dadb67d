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

/* Free hugepages of @p page_sz in the kernel's pool; UINT64_MAX if
 * unknown (not a hugepage size, no sysfs). */
static uint64_t
free_hugepages(uint64_t page_sz)
{
	char path[96];
	uint64_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/hugepages/hugepages-%" PRIu64
		 "kB/free_hugepages", page_sz >> 10);
	f = fopen(path, "r");
	if (f == NULL)
		return UINT64_MAX;
	if (fscanf(f, "%" SCNu64, &n) != 1)
		n = UINT64_MAX;
	fclose(f);
	return n;
}

#define PAGE_SIZES_MAX 4
struct slot_walk {
	const struct iobuf_constraint *c;
	int socket_id;
	bool found;
	/* Free slots EAL can still fill, per page size: it fills the lists
	 * in walk order, each from its lowest free slot. */
	struct { uint64_t page_sz, left; } pool[PAGE_SIZES_MAX];
};

/* Slots of @p page_sz EAL can still fill (the free pool, less the free
 * slots below); NULL if the walk tracks too many sizes. */
static uint64_t *
pool_left(struct slot_walk *w, uint64_t page_sz)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZES_MAX; i++) {
		if (w->pool[i].page_sz == page_sz)
			return &w->pool[i].left;
		if (w->pool[i].page_sz == 0) {
			w->pool[i].page_sz = page_sz;
			w->pool[i].left = free_hugepages(page_sz);
			return &w->pool[i].left;
		}
	}
	return NULL;
}

/* Runs of unused slots of one memseg list that EAL can still fill with
 * the free hugepages; IOVA == VA in this mode. */
static int
unused_slots(const struct rte_memseg_list *msl, void *arg)
{
	struct slot_walk *w = arg;
	/* The search takes the array's own read lock: not const. */
	struct rte_fbarray *arr = (struct rte_fbarray *)(uintptr_t)&msl->memseg_arr;
	uint64_t *left, take;
	uintptr_t a;
	int i = 0, n;

	if (msl->external || msl->base_va == NULL ||
	    (w->socket_id != SOCKET_ID_ANY && msl->socket_id != w->socket_id))
		return 0;
	left = pool_left(w, msl->page_sz);
	while ((i = rte_fbarray_find_next_free(arr, i)) >= 0 && (left == NULL || *left > 0)) {
		n = rte_fbarray_find_contig_free(arr, i);
		if (n <= 0)
			break;
		take = left == NULL ? (uint64_t)n : RTE_MIN((uint64_t)n, *left);
		a = (uintptr_t)msl->base_va + (uintptr_t)i * msl->page_sz;
		if (holds_start(w->c, a, a + take * msl->page_sz - 1)) {
			w->found = true;
			return 1;
		}
		if (left != NULL)
			*left -= take;
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
#define RAM_RANGES_MAX 256
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
		/* Nested entries too ("System RAM (kmem)" under a device). */
		if (strstr(line, ": System RAM") == NULL)
			continue;
		if (sscanf(line, " %" SCNx64 "-%" SCNx64, &lo, &hi) != 2)
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
