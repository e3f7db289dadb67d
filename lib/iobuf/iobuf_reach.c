/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/*
 * One number of a hugepage size's sysfs folder; -1 if unreadable. The
 * files stay open (close-on-exec): a pread() at offset 0 makes sysfs show
 * the number afresh in under a microsecond, where open+read+close took
 * about 8 us, and growth asks on every step that maps new pages.
 */
static const char *const pool_files[] = {
	"free_hugepages", "nr_overcommit_hugepages", "surplus_hugepages",
};
enum pool_file { POOL_FREE, POOL_OVERCOMMIT, POOL_SURPLUS };

#define POOL_SIZES_MAX 4
static struct {
	uint64_t page_sz;
	int fd[RTE_DIM(pool_files)];
} pool_fd[POOL_SIZES_MAX];
static pthread_mutex_t pool_fd_lock = PTHREAD_MUTEX_INITIALIZER;

static int
pool_file_fd(uint64_t page_sz, enum pool_file what)
{
	char path[128];
	unsigned int i, k;
	int fd = -1;

	pthread_mutex_lock(&pool_fd_lock);
	for (i = 0; i < POOL_SIZES_MAX && pool_fd[i].page_sz != 0 &&
	     pool_fd[i].page_sz != page_sz; i++)
		;
	if (i < POOL_SIZES_MAX && pool_fd[i].page_sz == 0) {
		pool_fd[i].page_sz = page_sz;
		for (k = 0; k < RTE_DIM(pool_files); k++)
			pool_fd[i].fd[k] = -1;
	}
	if (i < POOL_SIZES_MAX) {
		/* A failed open (EMFILE, say) is tried again next time; a
		 * missing file (not a hugepage size: -2) is not. */
		if (pool_fd[i].fd[what] == -1) {
			snprintf(path, sizeof(path),
				 "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/%s",
				 page_sz >> 10, pool_files[what]);
			pool_fd[i].fd[what] = open(path, O_RDONLY | O_CLOEXEC);
			if (pool_fd[i].fd[what] < 0 && errno == ENOENT)
				pool_fd[i].fd[what] = -2;
		}
		fd = pool_fd[i].fd[what];
	}
	pthread_mutex_unlock(&pool_fd_lock);
	return fd;
}

static int64_t
hugepage_count(uint64_t page_sz, enum pool_file what)
{
	int fd = pool_file_fd(page_sz, what);
	char buf[32], *end;
	uint64_t n;
	ssize_t got;

	if (fd < 0)
		return -1;
	got = pread(fd, buf, sizeof(buf) - 1, 0);
	if (got <= 0)
		return -1;
	buf[got] = '\0';
	errno = 0;
	n = strtoull(buf, &end, 10);
	if (errno != 0 || end == buf || n > INT64_MAX)
		return -1;
	return (int64_t)n;
}

/* Pages of @p page_sz the kernel can still give: its free pool plus what
 * overcommit allows beyond it; UINT64_MAX if unknown (not a hugepage
 * size, no sysfs). */
static uint64_t
pool_pages(uint64_t page_sz)
{
	int64_t free_pages = hugepage_count(page_sz, POOL_FREE);
	int64_t over = hugepage_count(page_sz, POOL_OVERCOMMIT);
	int64_t surplus = hugepage_count(page_sz, POOL_SURPLUS);

	if (free_pages < 0)
		return UINT64_MAX;
	if (over > 0 && surplus >= 0 && over > surplus)
		free_pages += over - surplus;
	return (uint64_t)free_pages;
}

struct slot_walk {
	const struct iobuf_constraint *c;
	int socket_id;
	bool found;
	uint64_t pool_sz, pool;  /* pool_pages(pool_sz), read once per size */
};

/*
 * Runs of unused slots of one memseg list that EAL could still fill;
 * IOVA == VA in this mode. EAL puts an allocation of n pages in the first
 * run of n unused slots, so a run is reached from its start: only its
 * first pool_pages() slots count. (Runs below it are not charged against
 * the pool: EAL skips those too short for an allocation, so charging them
 * could hide a reachable slot; growth stays bounded by the store's growth
 * ceiling.)
 */
static int
unused_slots(const struct rte_memseg_list *msl, void *arg)
{
	struct slot_walk *w = arg;
	/* The search takes the array's own read lock: not const. */
	struct rte_fbarray *arr = (struct rte_fbarray *)(uintptr_t)&msl->memseg_arr;
	uint64_t pool, take;
	uintptr_t a;
	int i = 0, n;

	if (msl->external || msl->base_va == NULL ||
	    (w->socket_id != SOCKET_ID_ANY && msl->socket_id != w->socket_id))
		return 0;
	if (w->pool_sz != msl->page_sz) {
		w->pool_sz = msl->page_sz;
		w->pool = pool_pages(msl->page_sz);
	}
	pool = w->pool;
	if (pool == 0)
		return 0;
	while ((i = rte_fbarray_find_next_free(arr, i)) >= 0) {
		n = rte_fbarray_find_contig_free(arr, i);
		if (n <= 0)
			break;
		take = RTE_MIN((uint64_t)n, pool);
		a = (uintptr_t)msl->base_va + (uintptr_t)i * msl->page_sz;
		if (holds_start(w->c, a, a + take * msl->page_sz - 1)) {
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

struct window_walk {
	rte_iova_t lo, hi;
	uint64_t covered;
};

static int
window_page(const struct rte_memseg_list *msl, const struct rte_memseg *ms, void *arg)
{
	struct window_walk *w = arg;
	rte_iova_t a, b;

	if (msl->external || ms->iova == RTE_BAD_IOVA)
		return 0;
	a = RTE_MAX(ms->iova, w->lo);
	b = RTE_MIN(ms->iova + ms->len - 1, w->hi);
	if (a <= b)
		w->covered += b - a + 1;
	return 0;
}

/* IOVA-as-PA: every IOVA of @p c's window is a page EAL has mapped (on
 * any socket), so a new page cannot have one: a frame is mapped once. */
static bool
window_all_mapped(const struct iobuf_constraint *c)
{
	struct window_walk w = { .lo = c->lo, .hi = c->hi };

	if (c->hi == UINT64_MAX)
		return false;  /* open above: no finite set of pages covers it */
	rte_memseg_walk(window_page, &w);
	return w.covered > c->hi - c->lo;
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

uint64_t
iobuf_unmapped_pool_bytes(void)
{
	static const uint64_t sizes[] = { RTE_PGSIZE_2M, RTE_PGSIZE_1G };
	uint64_t bytes = 0, n;
	unsigned int i;

	for (i = 0; i < RTE_DIM(sizes); i++) {
		n = pool_pages(sizes[i]);
		if (n != UINT64_MAX)
			bytes += n * sizes[i];
	}
	return bytes;
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
	if (window_all_mapped(c))
		return false;
	pthread_once(&ram_once, ram_read);
	if (!ram_known)
		return true;
	for (i = 0; i < n_ram; i++)
		if (holds_start(c, ram[i].lo, ram[i].hi))
			return true;
	return false;
}
