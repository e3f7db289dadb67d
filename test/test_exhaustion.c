/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Running out: heap memory and memzone slots. A failed create leaves
 * nothing behind (checked without rte_iobuf_trim), a transient exhaustion
 * is forgotten once memory is back, and a full memzone table is reported
 * as ENOSPC however much steering held.
 */

#include <inttypes.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

/* Heap bytes and memzones in use, as DPDK counts them: no trim first, so
 * that what a failure leaves behind shows. */
struct raw_usage {
	unsigned int memzones;
	uint64_t bytes, count;
};

static void
raw_usage(struct raw_usage *u)
{
	struct rte_malloc_socket_stats st;
	int s;

	u->memzones = iobuf_test_memzones();
	u->bytes = u->count = 0;
	for (s = 0; s < RTE_MAX_NUMA_NODES; s++) {
		if (rte_malloc_get_socket_stats(s, &st) < 0)
			continue;
		u->bytes += st.heap_allocsz_bytes;
		u->count += st.alloc_count;
	}
}

/* Every failing request, small (carved) or not, leaves heap and memzone
 * table as it found them. */
static int
test_failed_create_leaves_nothing(void)
{
	static const size_t sizes[] = { 512, 64 * 1024, 300 * 1024 };
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct raw_usage before, after;
	unsigned int i, r;

	iobuf_check_window_beyond_memory(&p.iova_min, &p.iova_max);
	raw_usage(&before);
	for (r = 0; r < 3; r++) {
		for (i = 0; i < RTE_DIM(sizes); i++) {
			p.capacity = sizes[i];
			struct rte_iobuf *b;

			rte_errno = 0;
			b = rte_iobuf_create_params(&p);
			if (b != NULL) {
				rte_iobuf_release(b);
				TEST_ASSERT(0, "a window beyond all memory was met");
			}
			TEST_ASSERT(rte_errno == ENOMEM, "%zu bytes: rte_errno %d", sizes[i],
				    rte_errno);
		}
	}
	raw_usage(&after);
	TEST_ASSERT(after.memzones == before.memzones && after.bytes == before.bytes &&
		    after.count == before.count,
		    "failures left memzones %u -> %u, heap bytes %" PRIu64 " -> %" PRIu64
		    ", allocations %" PRIu64 " -> %" PRIu64, before.memzones,
		    after.memzones, before.bytes, after.bytes, before.count, after.count);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(failed_create_leaves_nothing, test_failed_create_leaves_nothing);

/*
 * A class whose growth failed once is not disabled: it still serves its
 * free slots while memory is short, and grows one arena (not one memzone
 * per buffer) when memory is back.
 */
static int
test_growth_failure_forgotten(void)
{
	static struct iobuf_check_filler f;
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY,
		.flags = RTE_IOBUF_CACHE_WRITE_THRU,  /* a class of its own */
		.capacity = 64 * 1024,
	};
	struct rte_iobuf *held[64], *more[10], *b;
	struct rte_iobuf_stats st;
	unsigned int n, i, mz;
	int ret = TEST_FAILED;

	held[0] = rte_iobuf_create_params(&p);
	TEST_ASSERT(held[0] != NULL, "create: %s", rte_strerror(rte_errno));
	rte_iobuf_stats_get(&st);
	TEST_ASSERT(st.arenas == 1 && st.arena_slots <= RTE_DIM(held),
		    "%u arenas, %" PRIu64 " slots", st.arenas, st.arena_slots);
	/* Take every slot of the one arena. */
	for (n = 1; n < st.arena_slots; n++) {
		held[n] = rte_iobuf_create_params(&p);
		TEST_ASSERT(held[n] != NULL, "create %u: %s", n, rte_strerror(rte_errno));
	}
	rte_iobuf_stats_get(&st);
	TEST_ASSERT(st.arenas == 1, "%u arenas for %u slots", st.arenas, n);

	f.n = 0;
	f.bytes = 0;
	if (iobuf_check_fill(&f, 256u << 20, 0) < 0) {
		iobuf_check_unfill(&f);
		printf("    heap grew past 3 GiB: give EAL a memory limit\n");
		goto out;
	}
	printf("    heap filled with %u memzones, %" PRIu64 " MiB\n", f.n, f.bytes >> 20);
	rte_errno = 0;
	b = rte_iobuf_create_params(&p);
	if (b != NULL || rte_errno != ENOMEM) {
		printf("    FAIL: create on a full heap: %p, rte_errno %d\n", (void *)b, rte_errno);
		rte_iobuf_release(b);
		iobuf_check_unfill(&f);
		goto out;
	}
	/* A slot comes free while the heap is still full: it must be used. */
	rte_iobuf_release(held[--n]);
	mz = iobuf_test_memzones();
	held[n] = rte_iobuf_create_params(&p);
	if (held[n] == NULL || iobuf_test_memzones() != mz) {
		printf("    FAIL: the free slot was not reused after a failed growth (%s)\n",
		       held[n] == NULL ? rte_strerror(rte_errno) : "a memzone was taken");
		rte_iobuf_release(held[n]);
		iobuf_check_unfill(&f);
		goto out;
	}
	n++;
	iobuf_check_unfill(&f);

	/* Memory is back: ten more buffers take one new arena. */
	mz = iobuf_test_memzones();
	for (i = 0; i < RTE_DIM(more); i++) {
		more[i] = rte_iobuf_create_params(&p);
		if (more[i] == NULL)
			break;
	}
	if (i == RTE_DIM(more) && iobuf_test_memzones() <= mz + 1)
		ret = TEST_SUCCESS;
	else
		printf("    FAIL: after the heap came back: %u of %u created, memzones %u -> %u\n",
		       i, (unsigned int)RTE_DIM(more), mz, iobuf_test_memzones());
	while (i > 0)
		rte_iobuf_release(more[--i]);
out:
	while (n > 0)
		rte_iobuf_release(held[--n]);
	return ret;
}
REGISTER_IOBUF_TEST(growth_failure_forgotten, test_growth_failure_forgotten);

/* With the memzone table full, a request that needs a new page-store
 * extent (more than the store has free after a trim) gets ENOSPC, not
 * ENOMEM, and nothing of its attempt stays. (A request no memory could
 * meet gets ENOMEM before any growth: test store_growth_reach.) */
static int
test_memzone_table_full(void)
{
	static const struct rte_memzone *mz[RTE_MAX_MEMZONE];
	char name[RTE_MEMZONE_NAMESIZE];
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct rte_iobuf_stats st;
	struct rte_iobuf *b;
	unsigned int n = 0, left, used, after;
	int fill_err, err;

	rte_iobuf_trim();
	st = iobuf_test_stats();
	p.capacity = RTE_ALIGN_CEIL(st.store_reserved - st.store_used + (1u << 20), 1u << 20);
	for (;;) {
		snprintf(name, sizeof(name), "t-mz-%u", n);
		mz[n] = rte_memzone_reserve(name, 64, SOCKET_ID_ANY, 0);
		if (mz[n] == NULL)
			break;
		n++;
	}
	fill_err = rte_errno;
	left = 0;  /* a slot left would serve this request */
	used = iobuf_test_memzones();
	rte_errno = 0;
	b = rte_iobuf_create_params(&p);
	err = b == NULL ? rte_errno : 0;
	rte_iobuf_release(b);
	after = iobuf_test_memzones();
	while (n > 0)
		rte_memzone_free(mz[--n]);
	TEST_ASSERT(fill_err == ENOSPC, "the memzone fill stopped with %s, not a full table",
		    rte_strerror(fill_err));
	TEST_ASSERT(after == used, "the failed create left memzones: %u -> %u", used, after);
	TEST_ASSERT(b == NULL && err == ENOSPC, "table full with %u slots left, %zu bytes: %s",
		    left, p.capacity, b != NULL ? "created" : rte_strerror(err));
	/* The next ordinary request works. */
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 4096, 0);
	TEST_ASSERT(b != NULL, "after the table emptied: %s", rte_strerror(rte_errno));
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(memzone_table_full_enospc, test_memzone_table_full);
