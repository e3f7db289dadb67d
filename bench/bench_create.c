/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Create+release against rte_memzone_reserve_aligned+free and
 * rte_malloc+free of the same size and alignment (64 B), in three heap
 * states:
 *   warm   a pinned 4 MiB zone keeps hugepages mapped for every side;
 *   empty  no mapped page has a free byte (fillers take them, then
 *          rte_iobuf_trim): a baseline allocation maps a hugepage and its
 *          free unmaps it. Hugepage mode only: --no-huge memory is mapped
 *          once at start;
 *   live   2000 small (256 B) objects of the same allocator are live.
 * Ours runs unconstrained and with a mask that admits all memory.
 */

#include <stdio.h>
#include <stdlib.h>

#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "bench.h"

enum { LIVE = 2000, LIVE_SIZE = 256 };

enum heap_state { WARM, EMPTY, LIVE_2000 };
static const char *const state_name[] = { "warm", "empty heap", "2000 live" };

static void *live_objs[LIVE];
static void *fillers[4096];
static unsigned int n_fillers;

/* Allocate every free byte of the mapped heap (see "empty" above). */
static void
heap_fill(void)
{
	struct rte_malloc_socket_stats st;
	size_t want;

	while (n_fillers < RTE_DIM(fillers)) {
		if (rte_malloc_get_socket_stats(rte_socket_id(), &st) < 0 ||
		    st.greatest_free_size < 128)
			break;
		want = st.greatest_free_size - 128;
		fillers[n_fillers] = rte_malloc("bench-filler",
						RTE_MAX(want, (size_t)64), 0);
		if (fillers[n_fillers] == NULL)
			break;
		n_fillers++;
	}
}

static void
heap_unfill(void)
{
	while (n_fillers > 0)
		rte_free(fillers[--n_fillers]);
}

static void
live_fill(const struct bench_allocator *a, const void *arg)
{
	unsigned int i;

	for (i = 0; i < LIVE; i++) {
		/* Memzones need distinct names. */
		if (a == &bench_memzone) {
			char name[RTE_MEMZONE_NAMESIZE];

			snprintf(name, sizeof(name), "bench-live-%u", i);
			live_objs[i] = (void *)(uintptr_t)rte_memzone_reserve(name,
					LIVE_SIZE, SOCKET_ID_ANY, 0);
		} else {
			live_objs[i] = a->alloc(LIVE_SIZE, arg);
		}
		if (live_objs[i] == NULL) {
			printf("%s: cannot hold %u live objects\n", a->name, LIVE);
			exit(1);
		}
	}
}

static void
live_drain(const struct bench_allocator *a)
{
	unsigned int i;

	for (i = 0; i < LIVE; i++)
		a->free(live_objs[i]);
}

/* One allocator's figure for @p size in @p state. */
static double
measure(const struct bench_allocator *a, const void *arg, size_t size,
	enum heap_state state)
{
	unsigned int n = state == WARM ? 5000 : 300;
	double t;

	if (size >= (1 << 20))
		n = state == WARM ? 300 : 100;
	if (state == LIVE_2000)
		live_fill(a, arg);
	if (state == EMPTY) {
		rte_iobuf_trim();
		heap_fill();
	}
	/* Warm-up: ours makes its class and first arena here. */
	bench_alloc_free(a, size, arg, state == EMPTY ? 1 : 20);
	t = bench_alloc_free(a, size, arg, n);
	if (state == LIVE_2000)
		live_drain(a);
	if (state == EMPTY)
		heap_unfill();
	return t;
}

void
bench_create(void)
{
	static const size_t sizes[] = { 64, 256, 2048, 4096, 65536, 1 << 20 };
	const struct rte_iobuf_params none = { .socket_id = SOCKET_ID_ANY };
	const struct rte_iobuf_params all = { .socket_id = SOCKET_ID_ANY,
					      .iova_mask = UINT64_MAX };
	const struct rte_memzone *pin = NULL;
	enum heap_state s;
	double t_mz, t_malloc, t;
	char fig[96];
	unsigned int i, m;

	printf("-- create+release (ours: unconstrained, and mask 0xffffffffffffffff)\n");
	for (s = WARM; s <= LIVE_2000; s++) {
		if (s == EMPTY && !rte_eal_has_hugepages()) {
			printf("(empty-heap figures need hugepages: --no-huge maps all memory at start)\n");
			continue;
		}
		if (s == WARM)
			pin = rte_memzone_reserve("bench-pin", 4 << 20,
						  SOCKET_ID_ANY, 0);
		for (i = 0; i < RTE_DIM(sizes); i++) {
			t_mz = measure(&bench_memzone, NULL, sizes[i], s);
			t_malloc = measure(&bench_malloc, NULL, sizes[i], s);
			for (m = 0; m < 2; m++) {
				t = measure(&bench_ours, m ? &all : &none, sizes[i], s);
				snprintf(fig, sizeof(fig), "create+release %zu B, %s, %s",
					 sizes[i], state_name[s], m ? "mask all" : "no mask");
				bench_report(fig, t, bench_memzone.name, t_mz, "ns");
				bench_report(fig, t, bench_malloc.name, t_malloc, "ns");
			}
		}
		if (pin != NULL)
			rte_memzone_free(pin);
		pin = NULL;
	}
}
