/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * dpdk-iobuf-bench: our figures beside DPDK's baselines, measured in the
 * same run. Every line: figure, ours (ns/op), baseline (ns/op), and the
 * ratio baseline/ours (> 1 means we are faster).
 *
 *   dpdk-iobuf-bench [EAL args] -- [--csv FILE]
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

static FILE *csv;
static const char *mode_name;

static double
ns_per(uint64_t cycles, unsigned int n)
{
	return (double)cycles * 1e9 / (double)rte_get_tsc_hz() / n;
}

static void
report(const char *figure, double ours, const char *base_name, double base)
{
	printf("%-44s %10.1f ns  %-26s %10.1f ns  ratio %7.2f\n",
	       figure, ours, base_name, base, base / ours);
	if (csv != NULL)
		fprintf(csv, "%s,%s,%.1f,%s,%.1f,%.3f\n", mode_name, figure, ours,
			base_name, base, base / ours);
}

/* One allocator under test: allocate @p size bytes (arg: e.g. a mask), free. */
struct allocator {
	void *(*alloc)(size_t size, uint64_t arg);
	void (*free)(void *obj);
};

static void *
iobuf_alloc(size_t size, uint64_t mask)
{
	return rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, size, mask);
}

static void
iobuf_free(void *b)
{
	rte_iobuf_release(b);
}

static void *
memzone_alloc(size_t size, uint64_t arg __rte_unused)
{
	return (void *)(uintptr_t)rte_memzone_reserve_aligned("bench-mz", size,
			SOCKET_ID_ANY, 0, RTE_CACHE_LINE_SIZE);
}

static void
memzone_free(void *mz)
{
	rte_memzone_free(mz);
}

static void *
malloc_alloc(size_t size, uint64_t arg __rte_unused)
{
	return rte_malloc("bench", size, RTE_CACHE_LINE_SIZE);
}

static const struct allocator ours = { iobuf_alloc, iobuf_free };
static const struct allocator memzone = { memzone_alloc, memzone_free };
static const struct allocator dpdk_malloc = { malloc_alloc, rte_free };

/* ns per allocate+free, the same loop for every allocator. */
static double
time_alloc(const struct allocator *a, size_t size, uint64_t arg, unsigned int n)
{
	uint64_t t0 = rte_rdtsc_precise();
	unsigned int i;

	for (i = 0; i < n; i++) {
		void *obj = a->alloc(size, arg);

		if (obj == NULL) {
			printf("allocation of %zu bytes failed: %s\n", size,
			       rte_strerror(rte_errno));
			exit(1);
		}
		a->free(obj);
	}
	return ns_per(rte_rdtsc_precise() - t0, n);
}

static void
bench_create(void)
{
	static const size_t sizes[] = { 64, 256, 2048, 4096, 65536, 1 << 20 };
	/* A pinned zone keeps a hugepage mapped: a warm heap for both sides. */
	const struct rte_memzone *pin = rte_memzone_reserve("bench-pin", 4 << 20,
							    SOCKET_ID_ANY, 0);
	char fig[64];
	unsigned int i, n;

	for (i = 0; i < RTE_DIM(sizes); i++) {
		n = sizes[i] >= 65536 ? 500 : 2000;
		time_alloc(&ours, sizes[i], 0, 50); /* warm-up */
		snprintf(fig, sizeof(fig), "create+release %zu B, warm", sizes[i]);
		report(fig, time_alloc(&ours, sizes[i], 0, n), "memzone reserve+free",
		       time_alloc(&memzone, sizes[i], 0, n));
		snprintf(fig, sizeof(fig), "create+release %zu B, mask all, warm", sizes[i]);
		report(fig, time_alloc(&ours, sizes[i], UINT64_MAX, n), "rte_malloc+free",
		       time_alloc(&dpdk_malloc, sizes[i], 0, n));
	}
	rte_memzone_free(pin);
}

static void
bench_many_live(void)
{
	enum { LIVE = 2000, N = 500 };
	static struct rte_iobuf *live[LIVE];
	static const struct rte_memzone *zones[LIVE];
	char name[RTE_MEMZONE_NAMESIZE];
	double t_ours, base;
	unsigned int i;

	for (i = 0; i < LIVE; i++) {
		live[i] = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 256, 0);
		if (live[i] == NULL)
			break;
	}
	t_ours = time_alloc(&ours, 256, 0, N);
	for (i = 0; i < LIVE; i++)
		rte_iobuf_release(live[i]);
	for (i = 0; i < LIVE; i++) {
		snprintf(name, sizeof(name), "bench-live-%u", i);
		zones[i] = rte_memzone_reserve(name, 256, SOCKET_ID_ANY, 0);
	}
	base = time_alloc(&memzone, 256, 0, N);
	for (i = 0; i < LIVE; i++)
		rte_memzone_free(zones[i]);
	report("create+release 256 B, 2000 live", t_ours,
	       "memzone, 2000 live", base);
}

static void
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

	if (b == NULL)
		return;
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
	t_ours = ns_per(rte_rdtsc_precise() - t0, LOOKUPS);
	t0 = rte_rdtsc_precise();
	for (i = 0; i < LOOKUPS; i++)
		sum += table[offs[i] >> 12] + (offs[i] & 4095);
	array = ns_per(rte_rdtsc_precise() - t0, LOOKUPS);
	t0 = rte_rdtsc_precise();
	for (i = 0; i < SLOW_LOOKUPS; i++)
		sum += rte_mem_virt2iova(b->va + offs[i]);
	slow = ns_per(rte_rdtsc_precise() - t0, SLOW_LOOKUPS);
	printf("(checksum %" PRIx64 ", %u segments in the 64 MiB buffer)\n", sum,
	       rte_iobuf_seg_count(b));
	report("rte_iobuf_iova, random offsets", t_ours, "rte_mem_virt2iova", slow);
	report("rte_iobuf_iova, random offsets", t_ours, "plain array load", array);
	free(table);
	free(offs);
	rte_iobuf_release(b);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	int ret, opt;

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		return 1;
	argc -= ret;
	argv += ret;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt != 'c') {
			fprintf(stderr, "usage: dpdk-iobuf-bench [EAL args] -- [--csv FILE]\n");
			return 2;
		}
		csv = fopen(optarg, "a");
		if (csv == NULL) {
			perror(optarg);
			return 2;
		}
	}
	mode_name = rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA";
	printf("IOVA mode %s, TSC %" PRIu64 " Hz\n", mode_name, rte_get_tsc_hz());
	bench_create();
	bench_many_live();
	bench_translation();
	if (csv != NULL)
		fclose(csv);
	rte_eal_cleanup();
	return 0;
}
