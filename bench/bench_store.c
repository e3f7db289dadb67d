/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The page store under partial admission: IOVA bit 21 forbidden (half of
 * memory inadmissible, and on a freshly reserved hugepage pool every other
 * VA-neighbouring page). Live buffers created back to back, as a pool
 * populates: time per create and bytes the store holds, beside the same
 * requests unconstrained. Then warm create+release of 1 MiB contiguous
 * buffers beside rte_memzone_reserve_aligned+free.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_errno.h>

#include <rte_iobuf.h>

#include "bench.h"

#define FORBID_BIT21 (~(UINT64_C(1) << 21))

struct live_run {
	double ns_per_create;
	uint64_t held;      /* store bytes while all are live */
	uint64_t requested;
	uint64_t grows;     /* extents reserved so far (a running count) */
};

/* Create @p n buffers of @p p back to back, then release them all. */
static int
live_run(const struct rte_iobuf_params *p, unsigned int n, struct live_run *r)
{
	struct rte_iobuf **b = calloc(n, sizeof(*b));
	struct rte_iobuf_stats st;
	unsigned int i, made = 0;
	uint64_t t0;

	if (b == NULL)
		return -1;
	rte_iobuf_trim();
	t0 = rte_rdtsc_precise();
	for (i = 0; i < n; i++) {
		b[i] = rte_iobuf_create_params(p);
		if (b[i] == NULL)
			break;
		made++;
	}
	r->ns_per_create = bench_ns(rte_rdtsc_precise() - t0, n);
	rte_iobuf_stats_get(&st);
	r->held = st.store_reserved;
	r->grows = st.store_grows;
	r->requested = (uint64_t)n * p->capacity;
	if (made < n)
		printf("  %zu B x %u%s: buffer %u failed: %s\n", p->capacity, n,
		       p->iova_mask ? " under ~bit 21" : "", made, rte_strerror(rte_errno));
	for (i = 0; i < made; i++)
		rte_iobuf_release(b[i]);
	free(b);
	rte_iobuf_trim();
	return made == n ? 0 : -1;
}

static void
partial_admission(void)
{
	static const struct {
		const char *what;
		size_t cap;
		uint32_t flags;
		uint64_t boundary;
		unsigned int n;
	} req[] = {
		{ "64 KiB chunks (boundary 64 KiB)", 64 << 10, RTE_IOBUF_CONTIG, 64 << 10, 400 },
		{ "1 MiB contiguous", 1 << 20, RTE_IOBUF_CONTIG, 0, 100 },
		{ "4 MiB scattered", 4 << 20, 0, 0, 25 },
	};
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct live_run masked, plain;
	char fig[128];
	unsigned int i;

	printf("-- page store, IOVA bit 21 forbidden, buffers kept live (as a pool populates)\n");
	for (i = 0; i < RTE_DIM(req); i++) {
		p.capacity = req[i].cap;
		p.flags = req[i].flags;
		p.boundary = req[i].boundary;
		p.iova_mask = 0;
		if (live_run(&p, req[i].n, &plain) < 0)
			continue;
		p.iova_mask = FORBID_BIT21;
		if (live_run(&p, req[i].n, &masked) < 0)
			continue;
		printf("  %s: %" PRIu64 " MiB held unconstrained, %" PRIu64 " MiB under ~bit 21\n",
		       req[i].what, plain.held >> 20, masked.held >> 20);
		snprintf(fig, sizeof(fig), "create %s x %u live, ~bit 21", req[i].what, req[i].n);
		bench_report(fig, masked.ns_per_create, "ours, unconstrained",
			     plain.ns_per_create, "ns");
		snprintf(fig, sizeof(fig), "  store held / requested, %s, ~bit 21", req[i].what);
		bench_report(fig, (double)masked.held / (double)masked.requested,
			     "ours, unconstrained", (double)plain.held / (double)plain.requested,
			     "x");
	}
}

/* Warm: the store already holds memory, so a create is a bitmap search. */
static void
warm_contig(void)
{
	struct rte_iobuf_params any = {
		.socket_id = SOCKET_ID_ANY, .flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf_params masked = any;
	double t_mz, t_any, t_masked;

	masked.iova_mask = FORBID_BIT21;
	printf("-- warm create+release, 1 MiB contiguous\n");
	bench_alloc_free(&bench_memzone, 1 << 20, NULL, 20);
	t_mz = bench_alloc_free(&bench_memzone, 1 << 20, NULL, 2000);
	bench_alloc_free(&bench_ours, 1 << 20, &any, 20);
	t_any = bench_alloc_free(&bench_ours, 1 << 20, &any, 2000);
	bench_alloc_free(&bench_ours, 1 << 20, &masked, 20);
	t_masked = bench_alloc_free(&bench_ours, 1 << 20, &masked, 2000);
	bench_report("warm 1 MiB contig create+release, unconstrained", t_any,
		     "memzone reserve_aligned+free", t_mz, "ns");
	bench_report("warm 1 MiB contig create+release, ~bit 21", t_masked,
		     "memzone reserve_aligned+free", t_mz, "ns");
}

void
bench_store(void)
{
	partial_admission();
	warm_contig();
	rte_iobuf_trim();
}
