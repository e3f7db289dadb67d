/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * 1,000,000 live 256-byte buffers against 1,000,000 rte_malloc'd ones
 * (memzones cannot: RTE_MAX_MEMZONE is 2560): memory reserved per byte
 * requested, memzones used, and whether creation slows down as the
 * population grows (last 10% against first 10%).
 */

#include <stdio.h>
#include <stdlib.h>

#include <rte_malloc.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "bench.h"

enum { N = 1000000, SIZE = 256, TENTH = N / 10 };

static void
count_mz(const struct rte_memzone *mz __rte_unused, void *arg)
{
	(*(unsigned int *)arg)++;
}

static unsigned int
memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(count_mz, &n);
	return n;
}

static uint64_t
heap_bytes(void)
{
	struct rte_malloc_socket_stats st;
	uint64_t sum = 0;
	int s;

	for (s = 0; s < RTE_MAX_NUMA_NODES; s++)
		if (rte_malloc_get_socket_stats(s, &st) == 0)
			sum += st.heap_allocsz_bytes;
	return sum;
}

/* Fill @p objs; returns last-10% / first-10% creation time, or 0 if the
 * allocator ran out. */
static double
fill(const struct bench_allocator *a, void **objs)
{
	uint64_t first = 0, last = 0, t0 = 0;
	unsigned int i;

	for (i = 0; i < N; i++) {
		if (i == 0 || i == N - TENTH)
			t0 = rte_rdtsc();
		objs[i] = a->alloc(SIZE, NULL);
		if (objs[i] == NULL) {
			printf("%s: only %u live %u-byte objects\n", a->name, i, SIZE);
			while (i-- > 0)
				a->free(objs[i]);
			return 0;
		}
		if (i == TENTH - 1)
			first = rte_rdtsc() - t0;
		else if (i == N - 1)
			last = rte_rdtsc() - t0;
	}
	return (double)last / (double)first;
}

static void
drain(const struct bench_allocator *a, void **objs)
{
	unsigned int i;

	for (i = 0; i < N; i++)
		a->free(objs[i]);
}

void
bench_scale(void)
{
	void **objs = malloc(N * sizeof(*objs));
	struct rte_iobuf_stats st;
	double slow_ours, slow_malloc, over_malloc, over_ours;
	uint64_t heap0, requested = (uint64_t)N * SIZE;
	unsigned int mz0, mz_used;

	printf("-- 1,000,000 live 256 B buffers\n");
	rte_iobuf_trim();
	heap0 = heap_bytes();
	slow_malloc = fill(&bench_malloc, objs);
	over_malloc = (double)(heap_bytes() - heap0) / requested;
	if (slow_malloc != 0)
		drain(&bench_malloc, objs);

	mz0 = memzones();
	slow_ours = fill(&bench_ours, objs);
	if (slow_ours == 0 || slow_malloc == 0) {
		free(objs);
		return;
	}
	mz_used = memzones() - mz0;
	rte_iobuf_stats_get(&st);
	over_ours = (double)st.arena_bytes / requested;
	bench_report("1M x 256 B: reserved / requested", over_ours,
		     "rte_malloc heap bytes / requested", over_malloc, "x");
	bench_note("1M x 256 B: memzones used", mz_used, "zones");
	bench_note("1M x 256 B: memzone limit (requested / 2 MiB + 16)",
		   (double)(requested >> 21) + 16, "zones");
	bench_note("1M x 256 B: descriptor and arena metadata / buffer",
		   (double)st.arena_meta_bytes / N, "bytes");
	bench_report("1M x 256 B: create time last 10% / first 10%", slow_ours,
		     "rte_malloc, same", slow_malloc, "x");
	drain(&bench_ours, objs);
	rte_iobuf_trim();
	free(objs);
}
