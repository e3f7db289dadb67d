/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* rte_iobuf_iova at random offsets vs rte_mem_virt2iova vs an array load. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_memory.h>

#include <rte_iobuf.h>

#include "bench.h"

void
bench_translation(void)
{
	enum { LOOKUPS = 1 << 20, SLOW_LOOKUPS = 2000 };
	const size_t size = 64 << 20;
	struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, size, 0);
	rte_iova_t *table, sum = 0;
	uint32_t *offs;
	unsigned int i, pages;
	uint64_t t0;
	double t_ours, slow, array;

	printf("-- translation of random offsets in a 64 MiB buffer\n");
	if (b == NULL) {
		printf("no 64 MiB buffer: translation figures skipped\n");
		return;
	}
	pages = size / 4096;
	table = malloc(pages * sizeof(*table));
	offs = malloc(LOOKUPS * sizeof(*offs));
	for (i = 0; i < pages; i++)
		table[i] = rte_iobuf_iova(b, (size_t)i * 4096, NULL);
	for (i = 0; i < LOOKUPS; i++)
		offs[i] = (uint32_t)(((uint64_t)rand() * 65599 + rand()) % size);

	t0 = rte_rdtsc_precise();
	for (i = 0; i < LOOKUPS; i++)
		sum += rte_iobuf_iova(b, offs[i], NULL);
	t_ours = bench_ns(rte_rdtsc_precise() - t0, LOOKUPS);
	t0 = rte_rdtsc_precise();
	for (i = 0; i < LOOKUPS; i++)
		sum += table[offs[i] >> 12] + (offs[i] & 4095);
	array = bench_ns(rte_rdtsc_precise() - t0, LOOKUPS);
	t0 = rte_rdtsc_precise();
	for (i = 0; i < SLOW_LOOKUPS; i++)
		sum += rte_mem_virt2iova(b->va + offs[i]);
	slow = bench_ns(rte_rdtsc_precise() - t0, SLOW_LOOKUPS);
	printf("(checksum %" PRIx64 ", %u segments)\n", sum, rte_iobuf_seg_count(b));
	bench_report("rte_iobuf_iova, random offsets", t_ours,
		     "rte_mem_virt2iova", slow, "ns");
	bench_report("rte_iobuf_iova, random offsets", t_ours,
		     "plain array load", array, "ns");
	free(table);
	free(offs);
	rte_iobuf_release(b);
}
