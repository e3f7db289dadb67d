/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The page store: buffers come from admissible memory wherever the heap
 * keeps it. Scattered buffers are gathered from many extents when no one
 * range holds them; hundreds of live buffers under a half-admissible mask
 * never fail; windows at either end of the memory are served; memory one
 * constraint rejects serves another; extents go back to DPDK. Every buffer
 * is checked by the independent oracle against EAL.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

/* Write a pattern of @p salt through the helpers, read it back, compare
 * with what the CPU sees stretch by stretch. */
static int
roundtrip(struct rte_iobuf *b, uint8_t salt)
{
	size_t cap = rte_iobuf_capacity(b), i, off, n;
	uint8_t *src = malloc(cap), *dst = malloc(cap);
	int ret = TEST_FAILED;

	if (src == NULL || dst == NULL)
		goto out;
	for (i = 0; i < cap; i++)
		src[i] = (uint8_t)(i * 7 + salt + (i >> 12));
	if (rte_iobuf_write(b, 0, src, cap) != 0 || rte_iobuf_read(b, 0, dst, cap) != 0) {
		printf("    FAIL: write/read: %s\n", rte_strerror(rte_errno));
		goto out;
	}
	if (memcmp(src, dst, cap) != 0) {
		printf("    FAIL: read back differs from what was written\n");
		goto out;
	}
	/* The CPU view, as large a range at a time as rte_iobuf_addr()
	 * answers (across stretches too where the process has a contiguous
	 * view; view_check() judges when it must). */
	for (off = 0; off < cap; off += n) {
		const uint8_t *p;

		for (n = 1; off + n < cap && rte_iobuf_addr(b, off, n + 1) != NULL; n *= 2)
			;
		n = RTE_MIN(n, cap - off);
		while (n > 1 && rte_iobuf_addr(b, off, n) == NULL)
			n /= 2;
		p = rte_iobuf_addr(b, off, n);
		if (p == NULL || memcmp(p, src + off, n) != 0) {
			printf("    FAIL: CPU view at offset %zu differs\n", off);
			goto out;
		}
	}
	ret = TEST_SUCCESS;
out:
	free(src);
	free(dst);
	return ret;
}

/* CPU address of buffer offset @p off from the buffer's table (its own
 * stretch, the same in every process); *end = where the stretch ends. */
static const uint8_t *
stretch_at(const struct rte_iobuf *b, size_t off, size_t *end)
{
	const struct rte_iobuf_page *pg;
	size_t p = off + b->page_off;

	pg = &b->pages[p >> b->page_shift];
	*end = pg->va_end;
	return pg->va + (p & (RTE_BIT64(b->page_shift) - 1));
}

/*
 * The contiguous CPU view of a gathered buffer, judged from EAL: one must
 * be given when EAL has a file for its pages (rte_memseg_get_fd()) and
 * its stretches meet at page boundaries, else the spanning address is
 * refused with EXDEV. A view given must show, page by page, the physical
 * page behind the stretch (/proc/self/pagemap) and
 * the same bytes, and a write through it must reach the buffer. *viewed
 * tells whether one was given.
 */
static int
view_check(struct rte_iobuf *b, uint8_t salt, bool *viewed)
{
	size_t cap = rte_iobuf_capacity(b), off, end, pg, o0;
	const struct rte_memseg *ms;
	const uint8_t *s0, *s;
	bool aligned = true, files;
	uint8_t *v, x, nsalt = (uint8_t)~salt;

	*viewed = false;
	if (b->va != NULL)
		return TEST_SUCCESS;  /* one range: no view needed */
	s0 = stretch_at(b, 0, &end);
	ms = rte_mem_virt2memseg(s0, NULL);
	TEST_ASSERT(ms != NULL, "byte 0 is not in EAL's memory");
	pg = rte_mem_virt2memseg_list(s0)->page_sz;
	o0 = (uintptr_t)s0 & (pg - 1);
	files = rte_memseg_get_fd(ms) >= 0;
	for (off = end; off < cap; off = end) {
		s = stretch_at(b, off, &end);
		if ((((uintptr_t)s | (off + o0)) & (pg - 1)) != 0)
			aligned = false;
	}
	rte_errno = 0;
	v = rte_iobuf_addr(b, 0, cap);
	if (v == NULL) {
		TEST_ASSERT(!(files && aligned), "no view although EAL has page files and the stretches meet at page boundaries (rte_errno %d)",
			    rte_errno);
		TEST_ASSERT(rte_errno == EXDEV, "refused with rte_errno %d, not EXDEV", rte_errno);
		return TEST_SUCCESS;
	}
	TEST_ASSERT(files && aligned, "a view of stretches that %s", files ? "do not meet at page boundaries" : "have no page files");
	*viewed = true;
	for (off = 0; off < cap; off = RTE_MIN(cap, RTE_ALIGN_FLOOR(off + 4096, 4096))) {
		uint64_t pv, ps;

		s = stretch_at(b, off, &end);
		/* Read first: an untouched page of the view has no frame in
		 * the page map yet. */
		TEST_ASSERT(memcmp(v + off, s, RTE_MIN(end, RTE_ALIGN_FLOOR(off + 4096, 4096)) - off) == 0,
			    "offset %zu: the view shows other bytes", off);
		pv = iobuf_page_frame(v + off);
		ps = iobuf_page_frame(s);
		TEST_ASSERT(pv == ps && pv != 0,
			    "offset %zu: the view maps frame 0x%" PRIx64 ", the stretch 0x%" PRIx64,
			    off, pv, ps);
	}
	/* A write through the view reaches the buffer, at both ends. */
	v[0] = salt;
	v[cap - 1] = nsalt;
	TEST_ASSERT(rte_iobuf_read(b, 0, &x, 1) == 0 && x == salt, "first byte written through the view");
	TEST_ASSERT(rte_iobuf_read(b, cap - 1, &x, 1) == 0 && x == nsalt, "last byte written through the view");
	TEST_ASSERT(rte_iobuf_addr(b, 0, cap) == v, "a second request built another view");
	return TEST_SUCCESS;
}

/* True if @p p is no longer mapped in this process. */
static bool
unmapped(const void *p)
{
	return msync(RTE_PTR_ALIGN_FLOOR((void *)(uintptr_t)p, 4096), 4096, MS_ASYNC) != 0 &&
	       errno == ENOMEM;
}

/* A forbidden bit that splits the memory EAL holds: every range longer
 * than its block has forbidden bytes. */
static int
test_store_gather(void)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY,
		.capacity = 8u << 20,
		.iova_mask = ~RTE_BIT64(21),
	};
	struct rte_iobuf_stats st0 = iobuf_test_stats();
	struct rte_iobuf *a, *b;
	bool viewed[2];
	const void *va, *view;
	size_t seg_len;
	int ret;

	a = rte_iobuf_create_params(&p);
	TEST_ASSERT(a != NULL, "8 MiB under ~bit 21: %s", rte_strerror(rte_errno));
	b = rte_iobuf_create_params(&p);
	TEST_ASSERT(b != NULL, "second 8 MiB under ~bit 21: %s", rte_strerror(rte_errno));
	ret = iobuf_check(a, &p) | iobuf_check(b, &p);
	TEST_ASSERT(ret == TEST_SUCCESS, "oracle");
	TEST_ASSERT(rte_iobuf_verify(a) == 0 && rte_iobuf_verify(b) == 0, "verify");
	/* No segment may cross a 2 MiB block: bit 21 flips there. */
	rte_iobuf_iova(a, 0, &seg_len);
	TEST_ASSERT(seg_len <= (2u << 20), "first segment of %zu bytes", seg_len);
	TEST_ASSERT(roundtrip(a, 1) == TEST_SUCCESS && roundtrip(b, 2) == TEST_SUCCESS,
		    "data through the helpers");
	/* Copy across pieces both ways, and fill. */
	TEST_ASSERT(rte_iobuf_copy(b, 4096, a, 1000, p.capacity - 8192) == 0, "copy");
	TEST_ASSERT(rte_iobuf_copy(a, 777, a, 333, p.capacity - 1000) == 0, "overlapping copy");
	TEST_ASSERT(rte_iobuf_fill(a, 5, 0x5a, p.capacity - 10) == 0, "fill");
	if (a->va == NULL)
		TEST_ASSERT(iobuf_test_stats().store_gathered > st0.store_gathered, "not counted as gathered");
	TEST_ASSERT(view_check(a, 0x3c, &viewed[0]) == TEST_SUCCESS &&
		    view_check(b, 0xc3, &viewed[1]) == TEST_SUCCESS, "contiguous view");
	va = rte_iobuf_addr(a, 0, 1);
	view = viewed[0] ? rte_iobuf_addr(a, 0, p.capacity) : NULL;
	printf("    two 8 MiB buffers under ~bit 21: %u and %u segments, %s; contiguous view: %s\n",
	       rte_iobuf_seg_count(a), rte_iobuf_seg_count(b),
	       a->va == NULL ? "gathered from several extent runs" : "one CPU range each",
	       a->va != NULL ? "not needed" : viewed[0] && viewed[1] ? "given, checked page by page" :
	       "refused with EXDEV (no page files, or stretches not page-aligned)");
	rte_iobuf_release(a);
	rte_iobuf_release(b);
	TEST_ASSERT(view == NULL || unmapped(view), "the view outlived the buffer");
	TEST_ASSERT(va != NULL, "address of byte 0");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(store_gather, test_store_gather);

/* rte_iobuf_verify() must fail with EFAULT, and log, when @p b's table is
 * wrong where it was tampered with, and pass again once it is restored. */
static int
verify_refuses(struct rte_iobuf *b, rte_iova_t *entry, rte_iova_t bad, const char *what)
{
	rte_iova_t good = *entry;
	int ret;

	*entry = bad;
	rte_errno = 0;
	ret = rte_iobuf_verify(b);
	*entry = good;
	if (ret != -EFAULT || rte_errno != EFAULT) {
		printf("    FAIL: %s: verify returned %d (rte_errno %d), not -EFAULT\n",
		       what, ret, rte_errno);
		return TEST_FAILED;
	}
	TEST_ASSERT(rte_iobuf_verify(b) == 0, "%s: verify after restoring", what);
	return TEST_SUCCESS;
}

/* The verifier is an independent check only if it can fail: every
 * translation entry is compared with EAL, and the rules with each segment. */
static int
test_store_verify_catches(void)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY,
		.capacity = 64u << 10,
		.iova_mask = ~RTE_BIT64(21),
		.flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf *a, *g;
	struct rte_iobuf_page *pg;
	unsigned int k, tampered = 0;
	int ret = TEST_SUCCESS;

	a = rte_iobuf_create_params(&p);
	TEST_ASSERT(a != NULL, "64 KiB contiguous: %s", rte_strerror(rte_errno));
	TEST_ASSERT(rte_iobuf_verify(a) == 0, "verify");
	/* One page off: admissible, but not where EAL has the bytes. */
	ret |= verify_refuses(a, (rte_iova_t *)(uintptr_t)&a->iova0, a->iova0 + 4096,
			      "contiguous buffer's IOVA moved by 4 KiB");
	/* Into the forbidden half: the mask rule fails first. */
	ret |= verify_refuses(a, (rte_iova_t *)(uintptr_t)&a->iova0, a->iova0 | RTE_BIT64(21),
			      "contiguous buffer's IOVA given bit 21");
	rte_iobuf_release(a);

	p.capacity = 8u << 20;
	p.flags = 0;
	g = rte_iobuf_create_params(&p);
	TEST_ASSERT(g != NULL, "8 MiB scattered: %s", rte_strerror(rte_errno));
	TEST_ASSERT(rte_iobuf_verify(g) == 0, "verify");
	/* Each table entry in turn, 4 MiB off (bit 22 flipped: still
	 * admissible): an entry inside a run must continue it, one that
	 * starts a segment must agree with EAL. */
	pg = (struct rte_iobuf_page *)(uintptr_t)g->pages;
	for (k = 0; k < g->n_pages && ret == TEST_SUCCESS; k += 1 + k / 4) {
		ret |= verify_refuses(g, &pg[k].iova, pg[k].iova ^ RTE_BIT64(22),
				      "table entry moved by 4 MiB");
		tampered++;
	}
	printf("    verify refused a moved IOVA and a forbidden one; %u of %u table entries of an 8 MiB %s buffer, each\n",
	       tampered, g->n_pages, g->n_pages != 0 ? "gathered" : "one-run");
	if (g->n_pages == 0)
		ret |= verify_refuses(g, (rte_iova_t *)(uintptr_t)&g->iova0, g->iova0 ^ RTE_BIT64(22),
				      "one-run buffer's IOVA moved by 4 MiB");
	rte_iobuf_release(g);
	return ret;
}
REGISTER_IOBUF_TEST(store_verify_catches, test_store_verify_catches);

struct alternation {
	uintptr_t prev_end;
	rte_iova_t prev_iova;
	unsigned int bit, pairs, differ;
};

static int
alternation_cb(const struct rte_memseg_list *msl __rte_unused,
	       const struct rte_memseg *ms, void *arg)
{
	struct alternation *a = arg;

	if ((uintptr_t)ms->addr == a->prev_end) {
		a->pairs++;
		a->differ += ((ms->iova ^ a->prev_iova) >> a->bit) & 1;
	}
	a->prev_end = (uintptr_t)ms->addr + ms->len;
	a->prev_iova = ms->iova;
	return 0;
}

/* How many VA-neighbouring pages EAL holds differ on IOVA bit @p bit:
 * about all of them right after hugepages were reserved afresh. */
static void
print_alternation(unsigned int bit)
{
	struct alternation a = { .bit = bit };

	rte_memseg_walk(alternation_cb, &a);
	printf("    layout: %u of %u VA-neighbouring page pairs differ on IOVA bit %u\n",
	       a.differ, a.pairs, bit);
}

/* How many of each size a hostile-layout run keeps live: PA suites have
 * 1 GiB of hugepages, the --no-huge one 256 MiB. */
struct live_plan {
	unsigned int chunks, contig, scattered;  /* 64 KiB, 1 MiB, 4 MiB */
};

static struct live_plan
live_plan(void)
{
	if (rte_eal_has_hugepages())
		return (struct live_plan){ 300, 100, 25 };
	return (struct live_plan){ 150, 30, 8 };
}

/* Hundreds of live buffers under one forbidden IOVA bit (half the memory
 * inadmissible), created back to back as a pool populates. */
static int
live_under_forbidden_bit(unsigned int bit)
{
	struct live_plan plan = live_plan();
	unsigned int n = plan.chunks + plan.contig + plan.scattered, i, live = 0;
	unsigned int gathered = 0, views = 0;
	struct iobuf_owned *o = calloc(n, sizeof(*o));
	bool viewed;
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY,
		.iova_mask = ~RTE_BIT64(bit),
	};
	int ret = TEST_FAILED;

	TEST_ASSERT(o != NULL, "no memory");
	print_alternation(bit);
	for (i = 0; i < n; i++) {
		p.capacity = i < plan.chunks ? 64u << 10 :
			     i < plan.chunks + plan.contig ? 1u << 20 : 4u << 20;
		p.flags = i < plan.chunks + plan.contig ? RTE_IOBUF_CONTIG : 0;
		p.boundary = i < plan.chunks ? 64u << 10 : 0;
		o[i].b = rte_iobuf_create_params(&p);
		if (o[i].b == NULL) {
			printf("    FAIL: buffer %u (%zu bytes%s) under ~bit %u: %s\n", i,
			       p.capacity, p.flags ? ", contiguous" : "", bit,
			       rte_strerror(rte_errno));
			goto out;
		}
		live++;
		if (iobuf_check(o[i].b, &p) != TEST_SUCCESS)
			goto out;
		if (o[i].b->va == NULL) {
			gathered++;
			if (view_check(o[i].b, (uint8_t)i, &viewed) != TEST_SUCCESS)
				goto out;
			views += viewed;
		}
		iobuf_own(&o[i], o[i].b);
	}
	if (iobuf_check_disjoint(o, n) != TEST_SUCCESS)
		goto out;
	printf("    ~bit %u: %u live (%u x 64 KiB, %u x 1 MiB contiguous, %u x 4 MiB scattered);"
	       " store %" PRIu64 " MiB reserved, %" PRIu64 " MiB used, %u extents;"
	       " %u gathered, %u of them with a contiguous view\n", bit, live,
	       plan.chunks, plan.contig, plan.scattered, iobuf_test_stats().store_reserved >> 20,
	       iobuf_test_stats().store_used >> 20, iobuf_test_stats().store_extents,
	       gathered, views);
	ret = TEST_SUCCESS;
out:
	for (i = 0; i < n; i++)
		if (o[i].b != NULL && iobuf_disown(&o[i]) != TEST_SUCCESS)
			ret = TEST_FAILED;
	free(o);
	return ret;
}

static int
test_store_live_bit21(void)
{
	return live_under_forbidden_bit(21);
}
REGISTER_IOBUF_TEST(store_live_forbid_bit21, test_store_live_bit21);

static int
test_store_live_bit22(void)
{
	return live_under_forbidden_bit(22);
}
REGISTER_IOBUF_TEST(store_live_forbid_bit22, test_store_live_bit22);

/* Windows in the lowest and the highest eighth of the memory EAL holds:
 * small, contiguous and scattered requests are all served. */
static int
test_store_window_eighths(void)
{
	static const struct { size_t cap; uint32_t flags; } req[] = {
		{ 2000, 0 }, { 1u << 20, RTE_IOBUF_CONTIG }, { 4u << 20, 0 },
	};
	struct iobuf_check_layout l;
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct rte_iobuf *b;
	unsigned int end, i;

	TEST_ASSERT(iobuf_check_layout_get(&l) == TEST_SUCCESS, "layout");
	for (end = 0; end < 2; end++) {
		if (end == 0)
			iobuf_check_layout_window(&l, 0, l.n / 8, &p.iova_min, &p.iova_max);
		else
			iobuf_check_layout_window(&l, l.n - l.n / 8, l.n, &p.iova_min,
						  &p.iova_max);
		for (i = 0; i < RTE_DIM(req); i++) {
			p.capacity = req[i].cap;
			p.flags = req[i].flags;
			b = rte_iobuf_create_params(&p);
			if (b == NULL) {
				printf("    FAIL: %zu bytes in the %s eighth [0x%" PRIx64 ", 0x%"
				       PRIx64 "]: %s\n", p.capacity, end ? "highest" : "lowest",
				       p.iova_min, p.iova_max, rte_strerror(rte_errno));
				iobuf_check_layout_free(&l);
				return TEST_FAILED;
			}
			if (iobuf_check(b, &p) != TEST_SUCCESS || roundtrip(b, i) != TEST_SUCCESS) {
				rte_iobuf_release(b);
				iobuf_check_layout_free(&l);
				return TEST_FAILED;
			}
			rte_iobuf_release(b);
		}
		printf("    %s eighth [0x%" PRIx64 ", 0x%" PRIx64 "] of %u pages: 2000 B, 1 MiB"
		       " contiguous, 4 MiB scattered served\n", end ? "highest" : "lowest",
		       p.iova_min, p.iova_max, l.n);
	}
	iobuf_check_layout_free(&l);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(store_window_eighths, test_store_window_eighths);

/* Memory a constraint rejected stays in the store and serves the next
 * request that can use it, without reserving more from DPDK. */
static int
test_store_rejects_serve_others(void)
{
	struct rte_iobuf_params masked = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20,
		.flags = RTE_IOBUF_CONTIG, .iova_mask = ~RTE_BIT64(21),
	};
	struct rte_iobuf_params any = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf *m[4], *u[4];
	struct rte_iobuf_stats st;
	unsigned int i;
	int ret = TEST_SUCCESS;

	for (i = 0; i < RTE_DIM(m); i++) {
		m[i] = rte_iobuf_create_params(&masked);
		TEST_ASSERT(m[i] != NULL, "masked %u: %s", i, rte_strerror(rte_errno));
	}
	st = iobuf_test_stats();
	for (i = 0; i < RTE_DIM(u); i++) {
		u[i] = rte_iobuf_create_params(&any);
		TEST_ASSERT(u[i] != NULL, "unconstrained %u: %s", i, rte_strerror(rte_errno));
		if (iobuf_check(u[i], &any) != TEST_SUCCESS)
			ret = TEST_FAILED;
	}
	if (iobuf_test_stats().store_grows != st.store_grows) {
		printf("    FAIL: unconstrained buffers grew the store (%" PRIu64 " -> %" PRIu64
		       " extents reserved) while it held %" PRIu64 " free bytes\n",
		       st.store_grows, iobuf_test_stats().store_grows, st.store_reserved - st.store_used);
		ret = TEST_FAILED;
	}
	for (i = 0; i < RTE_DIM(m); i++) {
		rte_iobuf_release(m[i]);
		rte_iobuf_release(u[i]);
	}
	st = iobuf_test_stats();
	TEST_ASSERT(st.store_extents_empty <= 1, "%u empty extents kept after release",
		    st.store_extents_empty);
	return ret;
}
REGISTER_IOBUF_TEST(store_rejects_serve_others, test_store_rejects_serve_others);

/* A request no memory can meet fails with ENOMEM and leaves the store as
 * it was; the next ordinary request works. */
static int
test_store_failure_clean(void)
{
	struct rte_iobuf_params p = {
		.socket_id = SOCKET_ID_ANY, .capacity = 1u << 20, .flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf_stats st0, st1;
	struct rte_iobuf *b;

	iobuf_check_window_beyond_memory(&p.iova_min, &p.iova_max);
	rte_iobuf_trim();
	st0 = iobuf_test_stats();
	rte_errno = 0;
	b = rte_iobuf_create_params(&p);
	if (b != NULL) {
		rte_iobuf_release(b);
		TEST_ASSERT(0, "a window beyond all memory was met");
	}
	TEST_ASSERT(rte_errno == ENOMEM, "window beyond memory: %s", rte_strerror(rte_errno));
	st1 = iobuf_test_stats();
	TEST_ASSERT(st1.store_extents == st0.store_extents &&
		    st1.store_reserved == st0.store_reserved,
		    "the failure left %u extents (%" PRIu64 " bytes), before %u", st1.store_extents,
		    st1.store_reserved, st0.store_extents);
	printf("    grew by %" PRIu64 " MiB looking, gave it all back\n", st1.last_growth >> 20);
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, RTE_IOBUF_CONTIG, 1u << 20, 0);
	TEST_ASSERT(b != NULL, "next request: %s", rte_strerror(rte_errno));
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(store_failure_clean, test_store_failure_clean);

#define SHARED_GATHER_NAME "store-shared"
#define SHARED_GATHER_CAP (8u << 20)

static struct rte_iobuf_params
shared_gather_params(void)
{
	return (struct rte_iobuf_params){
		.name = SHARED_GATHER_NAME,
		.socket_id = SOCKET_ID_ANY,
		.flags = RTE_IOBUF_SHARED,
		.capacity = SHARED_GATHER_CAP,
		.iova_mask = ~RTE_BIT64(21),
	};
}

static void
pattern(uint8_t *p, size_t n, uint8_t salt)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13 + salt + (i >> 16));
}

/* Secondary role "store": argv = { "store", cmd_fd, status_fd }. Find the
 * shared buffer, check it against this process's EAL, read the primary's
 * pattern through the helpers, write its own, and keep the reference
 * until told to release it. */
int
iobuf_test_store_secondary(int argc, char **argv)
{
	struct rte_iobuf_params p = shared_gather_params();
	uint8_t *want = malloc(SHARED_GATHER_CAP), *got = malloc(SHARED_GATHER_CAP);
	struct rte_iobuf *b = NULL;
	int cmd_fd, st_fd;
	bool viewed = false;
	const void *view;
	char c = 'x';

	if (argc < 3 || want == NULL || got == NULL)
		goto out;
	cmd_fd = atoi(argv[1]);
	st_fd = atoi(argv[2]);
	b = rte_iobuf_lookup(SHARED_GATHER_NAME);
	pattern(want, SHARED_GATHER_CAP, 0x11);
	if (b == NULL)
		c = 'L';
	else if (iobuf_check(b, &p) != TEST_SUCCESS)
		c = 'I';
	else if (rte_iobuf_read(b, 0, got, SHARED_GATHER_CAP) != 0 ||
		 memcmp(got, want, SHARED_GATHER_CAP) != 0)
		c = 'D';
	else if (view_check(b, 0x5e, &viewed) != TEST_SUCCESS)
		c = 'V';
	else {
		pattern(want, SHARED_GATHER_CAP, 0x22);
		c = rte_iobuf_write(b, 0, want, SHARED_GATHER_CAP) == 0 ? 'k' : 'W';
	}
	if (write(st_fd, &c, 1) != 1 || c != 'k')
		goto out;
	view = viewed ? rte_iobuf_addr(b, 0, SHARED_GATHER_CAP) : NULL;
	if (read(cmd_fd, &c, 1) != 1 || c != 'r')
		goto out;
	rte_iobuf_release(b);
	b = NULL;
	c = 'k';
	if (write(st_fd, &c, 1) != 1 || read(cmd_fd, &c, 1) != 1 || c != 't') {
		c = 'W';
		goto out;
	}
	/* The primary has freed it. */
	rte_iobuf_trim();
	c = view == NULL || unmapped(view) ? 'k' : 'P';
	if (write(st_fd, &c, 1) != 1)
		c = 'W';
out:
	rte_iobuf_release(b);
	free(want);
	free(got);
	rte_eal_cleanup();
	return c == 'k' ? 0 : 1;
}

/* A scattered buffer gathered from several extents, shared: a secondary
 * finds it, sees the same IOVAs (checked against its own EAL) and the same
 * bytes, and its writes reach the primary; the last release frees it. */
static int
test_store_shared_gather(void)
{
	struct rte_iobuf_params p = shared_gather_params();
	uint8_t *want = malloc(SHARED_GATHER_CAP), *got = malloc(SHARED_GATHER_CAP);
	int cmd[2] = { -1, -1 }, st[2] = { -1, -1 }, status = 0, ret = TEST_FAILED;
	char fd1[16], fd2[16], c = 0;
	struct rte_iobuf *b = NULL;
	pid_t pid = -1;

	if (!iobuf_test_hosts_secondaries()) {
		free(want);
		free(got);
		TEST_SKIP("secondary processes need a hugepage primary (--no-huge cannot host them)");
	}
	if (want == NULL || got == NULL || pipe(cmd) != 0 || pipe(st) != 0)
		goto out;
	b = rte_iobuf_create_params(&p);
	if (b == NULL || iobuf_check(b, &p) != TEST_SUCCESS) {
		printf("    FAIL: create: %s\n", b == NULL ? rte_strerror(rte_errno) : "oracle");
		goto out;
	}
	pattern(want, SHARED_GATHER_CAP, 0x11);
	if (rte_iobuf_write(b, 0, want, SHARED_GATHER_CAP) != 0)
		goto out;
	snprintf(fd1, sizeof(fd1), "%d", cmd[0]);
	snprintf(fd2, sizeof(fd2), "%d", st[1]);
	pid = iobuf_test_spawn_secondary("store", fd1, fd2);
	close(cmd[0]);
	close(st[1]);
	cmd[0] = st[1] = -1;
	if (pid < 0 || read(st[0], &c, 1) != 1) {
		if (pid > 0)
			iobuf_test_secondary_report_exit(pid);
		printf("    FAIL: the secondary sent no status\n");
		goto out;
	}
	if (c != 'k') {
		printf("    FAIL: secondary status '%c' (L lookup, I IOVAs, D data, V view, W write)\n", c);
		goto out;
	}
	pattern(want, SHARED_GATHER_CAP, 0x22);
	if (rte_iobuf_read(b, 0, got, SHARED_GATHER_CAP) != 0 ||
	    memcmp(got, want, SHARED_GATHER_CAP) != 0 || rte_iobuf_refcnt(b) != 2) {
		printf("    FAIL: the secondary's writes are not seen, or refcnt %u\n",
		       rte_iobuf_refcnt(b));
		goto out;
	}
	printf("    8 MiB under ~bit 21, %s, %u segments, shared with a secondary\n",
	       b->va == NULL ? "gathered from several extent runs" : "one CPU range",
	       rte_iobuf_seg_count(b));
	/* The secondary lets go first, then the primary frees the buffer:
	 * the secondary's view, if it built one, is now stale, and its trim
	 * must unmap it (its pages are given back only then). */
	c = 'r';
	if (write(cmd[1], &c, 1) != 1 || read(st[0], &c, 1) != 1 || c != 'k') {
		printf("    FAIL: the secondary's release\n");
		goto out;
	}
	rte_iobuf_release(b);
	b = NULL;
	c = 't';
	if (write(cmd[1], &c, 1) != 1 || read(st[0], &c, 1) != 1 || c != 'k') {
		printf("    FAIL: the secondary's trim left its view of the freed buffer mapped ('%c')\n", c);
		goto out;
	}
	if (rte_iobuf_lookup(SHARED_GATHER_NAME) != NULL || rte_errno != ENOENT) {
		printf("    FAIL: the buffer outlived its last release\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	if (cmd[1] >= 0)
		close(cmd[1]);
	if (st[0] >= 0)
		close(st[0]);
	if (cmd[0] >= 0)
		close(cmd[0]);
	if (st[1] >= 0)
		close(st[1]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (ret == TEST_SUCCESS && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		printf("    FAIL: secondary exit status %d\n", status);
		ret = TEST_FAILED;
	}
	rte_iobuf_release(b);
	free(want);
	free(got);
	return ret;
}
REGISTER_IOBUF_TEST(store_shared_gather, test_store_shared_gather);
