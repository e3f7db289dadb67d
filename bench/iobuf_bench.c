/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * dpdk-iobuf-bench: our figures beside DPDK's baselines, measured in the
 * same run.
 *
 *   dpdk-iobuf-bench [EAL args] -- [--csv FILE] [--skip-scale] [--only PART]
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "bench.h"

static FILE *csv;
static const char *mode_name;

void
bench_report(const char *figure, double ours, const char *base_name,
	     double base, const char *unit)
{
	double ratio = ours != 0 ? base / ours : 0;

	printf("%-50s %11.1f %-5s | %-30s %11.1f %-5s | ratio %8.2f\n",
	       figure, ours, unit, base_name, base, unit, ratio);
	if (csv != NULL)
		fprintf(csv, "%s,%s,%.3f,%s,%.3f,%s,%.3f\n", mode_name, figure,
			ours, base_name, base, unit, ratio);
}

void
bench_note(const char *figure, double value, const char *unit)
{
	printf("%-50s %11.2f %-5s\n", figure, value, unit);
	if (csv != NULL)
		fprintf(csv, "%s,%s,%.3f,,,%s,\n", mode_name, figure, value, unit);
}

static void *
ours_alloc(size_t size, const void *arg)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };

	if (arg != NULL)
		p = *(const struct rte_iobuf_params *)arg;
	p.capacity = size;
	return rte_iobuf_create_params(&p);
}

static void
ours_free(void *b)
{
	rte_iobuf_release(b);
}

static void *
memzone_alloc(size_t size, const void *arg __rte_unused)
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
malloc_alloc(size_t size, const void *arg __rte_unused)
{
	return rte_malloc("bench", size, RTE_CACHE_LINE_SIZE);
}

const struct bench_allocator bench_ours = { "ours", ours_alloc, ours_free };
const struct bench_allocator bench_memzone = { "memzone reserve+free",
	memzone_alloc, memzone_free };
const struct bench_allocator bench_malloc = { "rte_malloc+free",
	malloc_alloc, rte_free };

bool
bench_try(const struct bench_allocator *a, size_t size, const void *arg)
{
	void *obj = a->alloc(size, arg);

	if (obj == NULL)
		return false;
	a->free(obj);
	return true;
}

/* One timed loop of @p n rounds. */
static uint64_t
alloc_free_loop(const struct bench_allocator *a, size_t size, const void *arg,
		unsigned int n)
{
	uint64_t t0 = rte_rdtsc_precise();
	unsigned int i;

	for (i = 0; i < n; i++) {
		void *obj = a->alloc(size, arg);

		if (obj == NULL) {
			printf("%s: allocation of %zu bytes failed: %s\n", a->name,
			       size, rte_strerror(rte_errno));
			exit(1);
		}
		a->free(obj);
	}
	return rte_rdtsc_precise() - t0;
}

double
bench_alloc_free(const struct bench_allocator *a, size_t size,
		 const void *arg, unsigned int n)
{
	uint64_t best = UINT64_MAX;
	unsigned int r;

	/* This VM's neighbours add noise: the fastest of a few loops. */
	for (r = 0; r < BENCH_REPEAT; r++)
		best = RTE_MIN(best, alloc_free_loop(a, size, arg, n));
	return bench_ns(best, n);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", required_argument, NULL, 'c' },
		{ "skip-scale", no_argument, NULL, 's' },
		{ "only", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		void (*run)(void);
	} parts[] = {
		{ "create", bench_create },
		{ "partial", bench_partial_mask },
		{ "store", bench_store },
		{ "translation", bench_translation },
		{ "scale", bench_scale },
		{ "mempool", bench_mempool },
	};
	const char *only = NULL;
	bool scale = true;
	unsigned int i;
	int ret, opt;

	ret = rte_eal_init(argc, argv);
	if (ret < 0)
		return 1;
	argc -= ret;
	argv += ret;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			csv = fopen(optarg, "a");
			if (csv == NULL) {
				perror(optarg);
				return 2;
			}
			break;
		case 's':
			scale = false;
			break;
		case 'o':
			only = optarg;
			break;
		default:
			fprintf(stderr, "usage: dpdk-iobuf-bench [EAL args] -- [--csv FILE] [--skip-scale] [--only PART]\n"
				"  --csv FILE     append every figure to FILE\n"
				"  --skip-scale   leave out the 1,000,000-buffer run\n"
				"  --only PART    run one part: create, partial, store, translation, scale, mempool\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	mode_name = rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA";
	printf("IOVA mode %s, TSC %" PRIu64 " Hz; ratio = baseline / ours (> 1: ours better)\n",
	       mode_name, rte_get_tsc_hz());
	for (i = 0; i < RTE_DIM(parts); i++) {
		if (only != NULL ? strcmp(only, parts[i].name) != 0 :
		    !scale && parts[i].run == bench_scale)
			continue;
		parts[i].run();
	}
	if (csv != NULL)
		fclose(csv);
	rte_eal_cleanup();
	return 0;
}
