/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The page store under partial admission: IOVA bit 21 forbidden (half of
 * memory inadmissible, and on a freshly reserved hugepage pool every other
 * VA-neighbouring page). Live buffers created back to back, as a pool
 * populates: time per create and bytes the store holds, beside the same
 * requests unconstrained. Then warm create+release of large buffers beside
 * rte_memzone_reserve_aligned+free, and the idle memory a burst of
 * classes leaves, before and after the idle sweep.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_cycles.h>
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

/* Create @p n buffers back to back, of @p p (every other one of @p alt
 * when that is not NULL), then release them all. */
static int
live_run(const struct rte_iobuf_params *p, const struct rte_iobuf_params *alt,
	 unsigned int n, struct live_run *r)
{
	struct rte_iobuf **b = calloc(n, sizeof(*b));
	struct rte_iobuf_stats st;
	unsigned int i, made = 0;
	uint64_t t0;

	if (b == NULL)
		return -1;
	rte_iobuf_trim();
	t0 = rte_rdtsc_precise();
	r->requested = 0;
	for (i = 0; i < n; i++) {
		const struct rte_iobuf_params *q = alt != NULL && (i & 1) ? alt : p;

		b[i] = rte_iobuf_create_params(q);
		if (b[i] == NULL)
			break;
		made++;
		r->requested += q->capacity;
	}
	r->ns_per_create = bench_ns(rte_rdtsc_precise() - t0, n);
	rte_iobuf_stats_get(&st);
	r->held = st.store_reserved;
	r->grows = st.store_grows;
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
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY }, q;
	struct live_run masked, plain, mixed;
	char fig[128];
	unsigned int i;

	printf("-- page store, IOVA bit 21 forbidden, buffers kept live (as a pool populates)\n");
	for (i = 0; i < RTE_DIM(req); i++) {
		p.capacity = req[i].cap;
		p.flags = req[i].flags;
		p.boundary = req[i].boundary;
		p.iova_mask = 0;
		if (live_run(&p, NULL, req[i].n, &plain) < 0)
			continue;
		q = p;
		p.iova_mask = FORBID_BIT21;
		if (live_run(&p, NULL, req[i].n, &masked) < 0)
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
		/* What the mask rejects serves unconstrained buffers (the
		 * scarce maps): twice as many, every other one unconstrained. */
		if (live_run(&p, &q, 2 * req[i].n, &mixed) < 0 ||
		    live_run(&q, NULL, 2 * req[i].n, &plain) < 0)
			continue;
		snprintf(fig, sizeof(fig), "  store held / requested, %s, half ~bit 21 half not",
			 req[i].what);
		bench_report(fig, (double)mixed.held / (double)mixed.requested,
			     "ours, all unconstrained", (double)plain.held / (double)plain.requested,
			     "x");
	}
}

/*
 * rte_iobuf_addr() of a whole gathered buffer (4 MiB under ~bit 21: its
 * stretches lie apart, the answer is this process's contiguous view, built
 * on the first call) beside the same call for bytes inside one stretch
 * (the inline path), per call.
 */
static void
view_address(void)
{
	enum { N = 200000 };
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 4u << 20, .iova_mask = FORBID_BIT21,
	};
	struct rte_iobuf *b = rte_iobuf_create_params(&p);
	volatile uintptr_t sink = 0;
	double t_view = 1e30, t_one = 1e30;
	unsigned int i, loop;
	uint64_t t0;

	if (b == NULL || b->va != NULL || rte_iobuf_addr(b, 0, p.capacity) == NULL) {
		printf("-- view: no gathered buffer with a view here (%s)\n",
		       b == NULL ? rte_strerror(rte_errno) :
		       b->va != NULL ? "placed in one piece" : "no view");
		rte_iobuf_release(b);
		return;
	}
	printf("-- contiguous view of a gathered buffer\n");
	for (loop = 0; loop < 5; loop++) {
		t0 = rte_rdtsc_precise();
		for (i = 0; i < N; i++)
			sink += (uintptr_t)rte_iobuf_addr(b, 0, p.capacity);
		t_view = RTE_MIN(t_view, bench_ns(rte_rdtsc_precise() - t0, N));
		t0 = rte_rdtsc_precise();
		for (i = 0; i < N; i++)
			sink += (uintptr_t)rte_iobuf_addr(b, 0, 64);
		t_one = RTE_MIN(t_one, bench_ns(rte_rdtsc_precise() - t0, N));
	}
	bench_report("rte_iobuf_addr, 4 MiB across stretches (view)", t_view,
		     "same, 64 B in one stretch", t_one, "ns");
	RTE_SET_USED(sink);
	rte_iobuf_release(b);
}

/*
 * Warm large buffers: the store already holds memory, so a create is a
 * bitmap search and a descriptor. 256 KiB, 1 MiB and 4 MiB, contiguous and
 * scattered, with and without a forbidden bit 21, beside
 * rte_memzone_reserve_aligned+free of the same size in the same run.
 */
static void
warm_large(void)
{
	static const size_t sizes[] = { 256 << 10, 1 << 20, 4 << 20 };
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	unsigned int i, contig, masked;
	double t_mz, t;
	char fig[128];

	printf("-- warm create+release of large buffers\n");
	for (i = 0; i < RTE_DIM(sizes); i++) {
		bench_alloc_free(&bench_memzone, sizes[i], NULL, 20);
		t_mz = bench_alloc_free(&bench_memzone, sizes[i], NULL, 1000);
		for (contig = 0; contig < 2; contig++) {
			for (masked = 0; masked < 2; masked++) {
				p.flags = contig ? RTE_IOBUF_CONTIG : 0;
				/* 4 MiB cannot be contiguous under ~bit 21. */
				p.iova_mask = masked ? FORBID_BIT21 : 0;
				if (contig && masked && sizes[i] > (2u << 20))
					continue;
				if (!bench_try(&bench_ours, sizes[i], &p)) {
					printf("  %zu B%s%s: %s\n", sizes[i], contig ? " contig" : "",
					       masked ? " ~bit 21" : "", rte_strerror(rte_errno));
					continue;
				}
				bench_alloc_free(&bench_ours, sizes[i], &p, 20);
				t = bench_alloc_free(&bench_ours, sizes[i], &p, 1000);
				snprintf(fig, sizeof(fig), "warm %zu KiB %s create+release%s",
					 sizes[i] >> 10, contig ? "contig" : "scattered",
					 masked ? ", ~bit 21" : "");
				bench_report(fig, t, "memzone reserve_aligned+free", t_mz, "ns");
			}
		}
	}
}

/*
 * Idle memory after a burst of 300 constraint classes used once each
 * (512 B, windows 4 KiB apart): held at once (lcore caches keep the
 * arenas), then after the classes were idle for idle_ms (100 ms here) and
 * a create ran the sweep. The baseline is what the same burst of
 * rte_malloc+free leaves held: nothing.
 */
static void
class_burst_idle(void)
{
	struct rte_iobuf_cache_limits saved, lim;
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .capacity = 512 };
	struct rte_iobuf_stats st;
	struct rte_iobuf *b;
	uint64_t held_burst;
	unsigned int i;

	if (rte_iobuf_cache_limit_get(&saved) != 0)
		return;
	lim = saved;
	lim.idle_ms = 100;
	rte_iobuf_cache_limit_set(&lim);
	rte_iobuf_trim();
	printf("-- idle memory after 300 classes used once (idle_ms 100)\n");
	for (i = 0; i < 300; i++) {
		p.iova_max = UINT64_MAX - 4096 * (uint64_t)(i + 1);
		b = rte_iobuf_create_params(&p);
		if (b == NULL) {
			printf("  class %u: %s\n", i, rte_strerror(rte_errno));
			break;
		}
		rte_iobuf_release(b);
	}
	rte_iobuf_stats_get(&st);
	held_burst = st.store_reserved;
	bench_note("store held after the burst (MiB)", (double)held_burst / (1 << 20), "MiB");
	bench_note("  arenas after the burst", st.arenas, "arenas");
	rte_delay_us_sleep(250 * 1000);
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 256 << 10, 0);  /* runs the sweep */
	rte_iobuf_release(b);
	rte_iobuf_stats_get(&st);
	bench_note("store held 250 ms later, after the sweep (MiB)",
		   (double)st.store_reserved / (1 << 20), "MiB");
	bench_note("  arenas after the sweep", st.arenas, "arenas");
	rte_iobuf_cache_limit_set(&saved);
	rte_iobuf_trim();
}

void
bench_store(void)
{
	partial_admission();
	warm_large();
	view_address();
	class_burst_idle();
	rte_iobuf_trim();
}
