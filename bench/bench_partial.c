/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Placement under a window that admits only part of memory: the median IOVA
 * of the pages EAL maps for a 512 MiB probe splits them in two halves, and
 * the window is the half without the pinned zone that keeps the heap warm,
 * so the heap's first offer is inadmissible and the page store must grow
 * past it.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "bench.h"

struct iova_list {
	rte_iova_t *v;
	size_t n, cap;
};

static int
collect_iova(const struct rte_memseg_list *msl __rte_unused,
	     const struct rte_memseg *ms, void *arg)
{
	struct iova_list *l = arg;

	if (ms->iova == RTE_BAD_IOVA)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = realloc(l->v, l->cap * sizeof(l->v[0]));
		if (l->v == NULL)
			return -1;
	}
	l->v[l->n++] = ms->iova;
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median IOVA of the pages mapped while a large probe zone is held. */
static rte_iova_t
median_page_iova(size_t *n_pages)
{
	const struct rte_memzone *probe = NULL;
	struct iova_list l = { 0 };
	size_t len;
	rte_iova_t med = RTE_BAD_IOVA;

	for (len = 512 << 20; probe == NULL && len >= (32 << 20); len /= 2)
		probe = rte_memzone_reserve("bench-probe", len, SOCKET_ID_ANY, 0);
	if (rte_memseg_walk(collect_iova, &l) == 0 && l.n != 0) {
		qsort(l.v, l.n, sizeof(l.v[0]), cmp_u64);
		med = l.v[l.n / 2];
	}
	*n_pages = l.n;
	free(l.v);
	rte_memzone_free(probe);
	return med;
}

static double
median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/* Median create time of 1 MiB contiguous buffers under @p p; *peak_max and
 * *peak_med are the bytes the store grew by for one create (last_growth),
 * max and median. */
static double
contig_create_median(const struct rte_iobuf_params *p, double *peak_max,
		     double *peak_med)
{
	enum { N = 101 };
	double t[N], peak[N];
	struct rte_iobuf_stats st;
	unsigned int i;

	for (i = 0; i < N; i++) {
		uint64_t t0 = rte_rdtsc_precise();
		struct rte_iobuf *b = rte_iobuf_create_params(p);

		t[i] = bench_ns(rte_rdtsc_precise() - t0, 1);
		if (b == NULL) {
			printf("1 MiB contiguous create failed: %s\n",
			       rte_strerror(rte_errno));
			return -1;
		}
		rte_iobuf_stats_get(&st);
		peak[i] = (double)st.last_growth;
		rte_iobuf_release(b);
	}
	*peak_med = median(peak, N);
	qsort(peak, N, sizeof(peak[0]), cmp_double);
	*peak_max = peak[N - 1];
	return median(t, N);
}

void
bench_partial_mask(void)
{
	static const size_t sizes[] = { 64, 256, 2048, 4096, 65536, 1 << 20 };
	struct rte_iobuf_params part = { .socket_id = SOCKET_ID_ANY };
	struct rte_iobuf_params full = { .socket_id = SOCKET_ID_ANY };
	const struct rte_memzone *pin;
	double t, t_malloc, t_full, t_part, pk_max, pk_med, dummy;
	size_t n_pages;
	char fig[96];
	unsigned int i;

	rte_iova_t med = median_page_iova(&n_pages);

	if (med == RTE_BAD_IOVA)
		return;
	pin = rte_memzone_reserve("bench-pin", 4 << 20, SOCKET_ID_ANY, 0);
	if (pin == NULL)
		return;
	if (pin->iova >= med)
		part.iova_max = med - 1;
	else
		part.iova_min = med;
	printf("-- partial admission: IOVA window [0x%" PRIx64 ", 0x%" PRIx64
	       "] (median of %zu mapped pages; the warm zone is outside)\n",
	       part.iova_min, part.iova_max, n_pages);
	for (i = 0; i < RTE_DIM(sizes); i++) {
		unsigned int n = sizes[i] >= (1 << 20) ? 100 : 2000;

		t_malloc = bench_alloc_free(&bench_malloc, sizes[i], NULL, n);
		if (!bench_try(&bench_ours, sizes[i], &part)) {
			printf("create %zu B in the window: %s\n", sizes[i],
			       rte_strerror(rte_errno));
			continue;
		}
		bench_alloc_free(&bench_ours, sizes[i], &part, 20);
		t = bench_alloc_free(&bench_ours, sizes[i], &part, n);
		snprintf(fig, sizeof(fig), "create+release %zu B, half admitted", sizes[i]);
		bench_report(fig, t, "rte_malloc+free (any IOVA)", t_malloc, "ns");
	}

	part.capacity = full.capacity = 1 << 20;
	part.flags = full.flags = RTE_IOBUF_CONTIG;
	t_full = contig_create_median(&full, &dummy, &dummy);
	t_part = contig_create_median(&part, &pk_max, &pk_med);
	if (t_full < 0 || t_part < 0) {
		rte_memzone_free(pin);
		return;
	}
	bench_report("create 1 MiB contig, half admitted, median", t_part,
		     "ours, unconstrained, median", t_full, "ns");
	bench_note("  store growth for one create / request, median", pk_med / (1 << 20), "x");
	bench_note("  store growth for one create / request, max", pk_max / (1 << 20), "x");
	rte_memzone_free(pin);
}
