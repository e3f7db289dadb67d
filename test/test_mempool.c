/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Constrained mempools, mbuf pools and rings. Every object (and, for mbuf
 * pools, every mbuf's data buffer [buf_iova, buf_iova + buf_len)) is
 * checked here against EAL (rte_mem_virt2memseg and rte_mem_virt2iova at
 * every page it touches and at its last byte) and against the constraint,
 * with the rules written out in the test: the mask bit by bit through
 * iobuf_check.c's iobuf_check_range_in_mask(), the window, the boundary and
 * the segment size limit (an object is one segment).
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <rte_iobuf.h>
#include <rte_iobuf_mempool.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define MAX_PAGES 4096
#define POOL_N 4095
#define SHARED_POOL "iob-test-pool"

static rte_iova_t pages[MAX_PAGES];

/* What every object must meet, derived from the request here. */
struct range_check {
	uint64_t allowed;      /* IOVA bits a byte may have */
	rte_iova_t lo, hi;     /* inclusive window */
	uint64_t boundary;     /* 0 = none */
	uint64_t max_seg_size; /* 0 = none; an object is one segment */
	unsigned int n, bad;
	uint64_t eal_calls;    /* rte_mem_virt2iova look-ups made */
	char why[160];         /* first violation */
};

/* The rule of DESIGN.md section 3 for request @p p. Objects need no
 * alignment (it applies to chunks), but the alignment still widens the
 * admissible low bits: align = max(requested, mask & -mask). */
static void
rule_init(struct range_check *rc, const struct rte_iobuf_params *p)
{
	uint64_t align = RTE_MAX(p->align, (uint64_t)1);

	memset(rc, 0, sizeof(*rc));
	rc->allowed = UINT64_MAX;
	if (p->iova_mask != 0) {
		align = RTE_MAX(align, p->iova_mask & -p->iova_mask);
		rc->allowed = p->iova_mask | (align - 1);
	}
	rc->lo = p->iova_min;
	rc->hi = p->iova_max != 0 ? p->iova_max : UINT64_MAX;
	rc->boundary = p->boundary;
	rc->max_seg_size = p->max_seg_size;
}

#define RANGE_FAIL(fmt, ...) do { \
	if (rc->bad == 0 && rc->why[0] == '\0') \
		snprintf(rc->why, sizeof(rc->why), "%p 0x%" PRIx64 "+%zu: " fmt, \
			 va, iova, len, ##__VA_ARGS__); \
	return 0; \
} while (0)

/* [va, va + len) recorded at IOVA iova: EAL knows every page of it and
 * translates each to the recorded IOVA plus offset, and the IOVA range
 * meets mask, window, boundary and segment size. */
static int
range_ok(struct range_check *rc, const void *va, rte_iova_t iova, size_t len)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(va);
	uintptr_t a = (uintptr_t)va, at;
	rte_iova_t eal, end = iova + len - 1;
	uint64_t pg;

	if (len == 0 || iova == RTE_BAD_IOVA)
		RANGE_FAIL("no IOVA recorded");
	if (msl == NULL)
		RANGE_FAIL("not in EAL memory");
	pg = msl->page_sz;
	for (at = a; at < a + len; at = RTE_ALIGN_FLOOR(at + pg, pg)) {
		if (rte_mem_virt2memseg((void *)at, msl) == NULL)
			RANGE_FAIL("no memseg at %p", (void *)at);
		eal = rte_mem_virt2iova((void *)at);
		rc->eal_calls++;
		if (eal != iova + (at - a))
			RANGE_FAIL("EAL says 0x%" PRIx64 " at offset %zu", eal, (size_t)(at - a));
	}
	eal = rte_mem_virt2iova((const char *)va + len - 1);
	rc->eal_calls++;
	if (eal != end)
		RANGE_FAIL("EAL says 0x%" PRIx64 " at the last byte", eal);
	if (!iobuf_check_range_in_mask(iova, end, rc->allowed))
		RANGE_FAIL("bits outside 0x%" PRIx64, rc->allowed);
	if (iova < rc->lo || end > rc->hi)
		RANGE_FAIL("outside window [0x%" PRIx64 ", 0x%" PRIx64 "]", rc->lo, rc->hi);
	if (rc->boundary != 0 && iova / rc->boundary != end / rc->boundary)
		RANGE_FAIL("crosses boundary 0x%" PRIx64, rc->boundary);
	if (rc->max_seg_size != 0 && len > rc->max_seg_size)
		RANGE_FAIL("one segment above max_seg_size %" PRIu64, rc->max_seg_size);
	return 1;
}

/* rte_mempool_obj_iter callbacks: a generic object is its elt_size bytes;
 * an mbuf is its header (the object) and its data buffer. */
static void
check_obj(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx __rte_unused)
{
	struct range_check *rc = arg;

	rc->n++;
	if (!range_ok(rc, obj, rte_mempool_virt2iova(obj), mp->elt_size))
		rc->bad++;
}

static void
check_mbuf(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx __rte_unused)
{
	struct range_check *rc = arg;
	struct rte_mbuf *m = obj;

	rc->n++;
	if (!range_ok(rc, obj, rte_mempool_virt2iova(obj), mp->elt_size) ||
	    !range_ok(rc, m->buf_addr, m->buf_iova, m->buf_len))
		rc->bad++;
}

/* Every object of @p mp against EAL and @p p; prints a summary line. */
static int
check_pool(struct rte_mempool *mp, const struct rte_iobuf_params *p, bool mbufs,
	   const char *what)
{
	struct range_check rc;

	rule_init(&rc, p);
	rte_mempool_obj_iter(mp, mbufs ? check_mbuf : check_obj, &rc);
	TEST_ASSERT(rc.n == mp->size, "%s: %u objects, pool size %u", what, rc.n, mp->size);
	TEST_ASSERT(rc.bad == 0, "%s: %u of %u objects fail; first: %s", what, rc.bad,
		    rc.n, rc.why);
	printf("    %s: %u %s of %u bytes in %u chunks, %" PRIu64 " EAL translations, 0 violations\n",
	       what, rc.n, mbufs ? "mbufs" : "objects", mp->elt_size, mp->nb_mem_chunks,
	       rc.eal_calls);
	return TEST_SUCCESS;
}

/* Memzones in use once the library's cached arenas are given back. */
static unsigned int
memzones_now(void)
{
	rte_iobuf_trim();
	return iobuf_test_memzones();
}

/* IOVAs of the mapped pages (sorted) and their size. */
static unsigned int
mapped_pages(uint64_t *page_sz)
{
	unsigned int n = iobuf_check_mapped_pages(pages, MAX_PAGES, page_sz);

	if (*page_sz == 0)
		*page_sz = 4096;
	return n;
}

/* A window admitting the upper half of the mapped pages. */
static void
half_window(struct rte_iobuf_params *p)
{
	uint64_t pg;
	unsigned int n = mapped_pages(&pg);

	p->iova_min = n != 0 ? pages[n / 2] : 0;
}

static int
test_mbuf_pool(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 65536 };
	struct range_check rc;
	struct rte_mbuf *m[64];
	struct rte_mempool *mp;
	unsigned int mz0 = memzones_now(), i;

	half_window(&p);
	rule_init(&rc, &p);
	mp = rte_iobuf_pktmbuf_pool_create("iob-mbufs", POOL_N, 32, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp != NULL, "pool under window from 0x%" PRIx64 ": %s",
		    p.iova_min, rte_strerror(rte_errno));
	if (check_pool(mp, &p, true, "window from upper half, boundary 64K") != TEST_SUCCESS) {
		rte_mempool_free(mp);
		return TEST_FAILED;
	}
	/* And in use: allocated mbufs carry the same guarantee. */
	TEST_ASSERT(rte_pktmbuf_alloc_bulk(mp, m, RTE_DIM(m)) == 0, "alloc");
	for (i = 0; i < RTE_DIM(m); i++) {
		TEST_ASSERT(range_ok(&rc, m[i]->buf_addr, m[i]->buf_iova, m[i]->buf_len),
			    "allocated mbuf %u: %s", i, rc.why);
		memset(rte_pktmbuf_mtod(m[i], void *), 0x5a, 1000);
	}
	rte_pktmbuf_free_bulk(m, RTE_DIM(m));
	rte_mempool_free(mp);
	TEST_ASSERT(memzones_now() == mz0, "memzones %u after free, %u before",
		    memzones_now(), mz0);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_mbuf_pool, test_mbuf_pool);

static int
test_pool_impossible(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	uint64_t pg;
	unsigned int n = mapped_pages(&pg);
	unsigned int mz0 = memzones_now();
	struct rte_mempool *mp;

	/* A window above every page EAL has. */
	p.iova_min = n != 0 ? pages[n - 1] + (UINT64_C(1) << 32) : UINT64_C(1) << 50;
	mp = rte_iobuf_pktmbuf_pool_create("iob-impossible", 1024, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp == NULL, "pool created where no memory qualifies");
	TEST_ASSERT(rte_errno == ENOMEM, "rte_errno %d (%s)", rte_errno, rte_strerror(rte_errno));
	TEST_ASSERT(rte_mempool_lookup("iob-impossible") == NULL, "pool left behind");
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");
	/* An object larger than the boundary cannot be placed at all. */
	p.iova_min = 0;
	p.boundary = 1024;
	mp = rte_iobuf_pktmbuf_pool_create("iob-impossible", 1024, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp == NULL && rte_errno == EINVAL, "boundary below object size");
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");
	/* Nor one larger than the contiguity a mask with a hole at bit 11
	 * allows (2 KiB blocks). */
	p.boundary = 0;
	p.iova_mask = ~(UINT64_C(1) << 11);
	mp = rte_iobuf_pktmbuf_pool_create("iob-impossible", 1024, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp == NULL && rte_errno == EINVAL, "mask block below object size: %s",
		    mp == NULL ? rte_strerror(rte_errno) : "created");
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_impossible, test_pool_impossible);

static int
test_generic_pool_and_ring(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 4096 };
	const struct rte_iobuf *rb;
	struct rte_mempool *mp;
	struct rte_ring *r;
	void *objs[100];
	unsigned int i;

	half_window(&p);
	mp = rte_iobuf_mempool_create("iob-generic", 2000, 200, 0, 0, NULL, NULL,
				      NULL, NULL, SOCKET_ID_ANY, 0, &p);
	TEST_ASSERT(mp != NULL, "generic pool: %s", rte_strerror(rte_errno));
	if (check_pool(mp, &p, false, "window, boundary 4K") != TEST_SUCCESS) {
		rte_mempool_free(mp);
		return TEST_FAILED;
	}

	p.boundary = 65536;  /* the ring (8 KiB of slots) must fit one block */
	r = rte_iobuf_ring_create("iob-ring", 1024, SOCKET_ID_ANY, RING_F_SP_ENQ, &p);
	TEST_ASSERT(r != NULL, "ring: %s", rte_strerror(rte_errno));
	TEST_ASSERT(rte_ring_lookup("iob-ring") == r, "ring not found by name");
	rb = rte_iobuf_ring_buffer(r);
	TEST_ASSERT(rb != NULL && (void *)rb->va == (void *)r, "ring's buffer");
	TEST_ASSERT(iobuf_check(rb, &(struct rte_iobuf_params){ .capacity = rb->capacity,
		    .iova_min = p.iova_min, .boundary = p.boundary,
		    .flags = RTE_IOBUF_CONTIG }) == TEST_SUCCESS,
		    "ring memory against EAL");
	TEST_ASSERT(rte_iobuf_ring_create("iob-ring", 64, SOCKET_ID_ANY, 0, &p) == NULL &&
		    rte_errno == EEXIST, "duplicate ring name");
	TEST_ASSERT(rte_iobuf_ring_create("iob-ring3", 1000, SOCKET_ID_ANY, 0, &p) == NULL &&
		    rte_errno == EINVAL, "count not a power of two");
	TEST_ASSERT(rte_mempool_get_bulk(mp, objs, RTE_DIM(objs)) == 0, "get");
	TEST_ASSERT(rte_ring_enqueue_bulk(r, objs, RTE_DIM(objs), NULL) == RTE_DIM(objs), "enqueue");
	memset(objs, 0, sizeof(objs));
	TEST_ASSERT(rte_ring_dequeue_bulk(r, objs, RTE_DIM(objs), NULL) == RTE_DIM(objs), "dequeue");
	for (i = 0; i < RTE_DIM(objs); i++)
		TEST_ASSERT(rte_mempool_from_obj(objs[i]) == mp, "object %u came back wrong", i);
	rte_mempool_put_bulk(mp, objs, RTE_DIM(objs));
	rte_iobuf_ring_free(r);
	TEST_ASSERT(rte_ring_lookup("iob-ring") == NULL, "ring still listed");
	rte_mempool_free(mp);
	printf("    and a 1024-slot ring checked\n");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_generic_and_ring, test_generic_pool_and_ring);

/* Create an mbuf pool (or a generic pool of @p elt bytes when elt != 0)
 * under @p p, check every object, free it; memzones must come back. */
static int
pool_round(const char *what, unsigned int n, unsigned int elt,
	   const struct rte_iobuf_params *p)
{
	unsigned int mz0 = memzones_now();
	struct rte_mempool *mp;
	uint64_t t0 = rte_get_timer_cycles();
	int ret;

	if (elt == 0)
		mp = rte_iobuf_pktmbuf_pool_create("iob-round", n, 0, 0,
						   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, p);
	else
		mp = rte_iobuf_mempool_create("iob-round", n, elt, 0, 0, NULL, NULL,
					      NULL, NULL, SOCKET_ID_ANY, 0, p);
	TEST_ASSERT(mp != NULL, "%s: %u objects: %s", what, n, rte_strerror(rte_errno));
	printf("    %s: created in %.1f ms\n", what,
	       (double)(rte_get_timer_cycles() - t0) * 1e3 / rte_get_timer_hz());
	ret = check_pool(mp, p, elt == 0, what);
	rte_mempool_free(mp);
	TEST_ASSERT(memzones_now() == mz0, "%s: memzones %u after free, %u before", what,
		    memzones_now(), mz0);
	return ret;
}

/*
 * Masks with holes. A hole at bit k leaves IOVA-contiguous admissible
 * blocks of 2^k bytes: chunks must stay inside one, objects must not
 * straddle the forbidden ranges. Bit 16 (64 KiB blocks), a random low bit
 * (4 KiB to 512 KiB blocks, below the 1 MiB chunk size), and bit 16 with
 * the highest and a random bit that splits the pages EAL holds now into
 * admissible and not (an eighth to three eighths of the memory admissible,
 * in 64 KiB pieces).
 */
static int
test_pool_mask_holes(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	unsigned int n = 0, k, cand[64], nc = 0, i, admitted;
	uint64_t pg, bit;
	char what[96];

	p.iova_mask = ~(UINT64_C(1) << 16);
	if (pool_round("mask ~(1<<16), 1023 mbufs", 1023, 0, &p) != TEST_SUCCESS)
		return TEST_FAILED;
	if (pool_round("mask ~(1<<16), 15 mbufs", 15, 0, &p) != TEST_SUCCESS)
		return TEST_FAILED;

	k = 12 + rand() % 8;
	p.iova_mask = ~(UINT64_C(1) << k);
	snprintf(what, sizeof(what), "mask ~(1<<%u), 700 objects of 1000 bytes", k);
	if (pool_round(what, 700, 1000, &p) != TEST_SUCCESS)
		return TEST_FAILED;

	/* Bits above the page size that split the mapped pages into a quarter
	 * to three quarters admissible: a bit that leaves a sliver (the top of
	 * a heap that just crosses 2^k) may admit less than the pool needs. */
	n = mapped_pages(&pg);
	for (k = rte_bsf64(pg); k < 48 && n > 0; k++) {
		bit = UINT64_C(1) << k;
		for (i = 0, admitted = 0; i < n; i++)
			admitted += (pages[i] & bit) == 0;
		if (4 * admitted >= n && 4 * admitted <= 3 * n)
			cand[nc++] = k;
	}
	if (nc == 0) {
		printf("    no bit splits the %u mapped pages evenly; live-layout hole not tried\n", n);
		return TEST_SUCCESS;
	}
	/* The highest such bit leaves the largest inadmissible regions (the
	 * steering must get past them); then a random one. */
	for (i = 0; i < 2; i++) {
		k = i == 0 ? cand[nc - 1] : cand[rand() % nc];
		p.iova_mask = ~(UINT64_C(1) << k) & ~(UINT64_C(1) << 16);
		snprintf(what, sizeof(what),
			 "mask ~(1<<%u | 1<<16) (bit %u splits the %u pages), 2047 mbufs", k, k, n);
		if (pool_round(what, 2047, 0, &p) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_mask_holes, test_pool_mask_holes);

/* Smallest page size EAL uses (IOVA runs are whole pages). */
static uint64_t
l_page_size(void)
{
	struct iobuf_check_layout l;
	uint64_t pg = RTE_PGSIZE_4K;

	if (iobuf_check_layout_get(&l) == TEST_SUCCESS) {
		pg = l.page_sz;
		iobuf_check_layout_free(&l);
	}
	return pg;
}

/* Objects above the 1 MiB chunk size: a chunk holds at least one, still
 * IOVA-contiguous. Whatever stock rte_mempool_create() can place, a
 * constrained pool with a loose constraint must place too. */
static int
test_pool_big_objects(void)
{
	static const struct {
		unsigned int lo, span, n;
	} sz[] = {
		{ (1u << 20) + 64, (1u << 20) - 128 * 1024, 5 },  /* (1 MiB, 2 MiB) */
		{ (2u << 20) + 64, 1u << 20, 2 },                 /* above 2 MiB */
	};
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct rte_mempool *stock, *mp;
	unsigned int i, elt, mz0 = memzones_now();
	int stock_ok, stock_err, ret;
	char what[96];

	for (i = 0; i < RTE_DIM(sz); i++) {
		elt = RTE_ALIGN_FLOOR(sz[i].lo + (unsigned int)rand() % sz[i].span, 64u);
		stock = rte_mempool_create("iob-stock-big", sz[i].n, elt, 0, 0, NULL, NULL,
					   NULL, NULL, SOCKET_ID_ANY, 0);
		stock_ok = stock != NULL;
		stock_err = rte_errno;
		rte_mempool_free(stock);
		/* Above a page, IOVA contiguity needs physically adjacent
		 * pages, which a window may not hold where stock found them:
		 * compare with no window there. */
		if (elt < l_page_size())
			half_window(&p);
		else
			p.iova_min = p.iova_max = 0;
		p.align = i == 0 ? 4096 : 0;
		snprintf(what, sizeof(what), "%u objects of %u bytes, window from 0x%" PRIx64 "%s",
			 sz[i].n, elt, p.iova_min, p.align ? ", align 4K" : "");
		if (stock_ok) {
			if (pool_round(what, sz[i].n, elt, &p) != TEST_SUCCESS)
				return TEST_FAILED;
			continue;
		}
		/* Stock cannot place them (no IOVA-contiguous memory that large):
		 * ours is tried, but may fail the same way. */
		mp = rte_iobuf_mempool_create("iob-round", sz[i].n, elt, 0, 0, NULL, NULL,
					      NULL, NULL, SOCKET_ID_ANY, 0, &p);
		printf("    %s: stock rte_mempool_create fails (%s), constrained pool %s\n",
		       what, rte_strerror(stock_err), mp != NULL ? "created" : rte_strerror(rte_errno));
		if (mp != NULL) {
			ret = check_pool(mp, &p, false, what);
			rte_mempool_free(mp);
			if (ret != TEST_SUCCESS)
				return ret;
		}
	}
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_big_objects, test_pool_big_objects);

/* A boundary far above the chunk size (4 GiB): chunks are sized by what
 * the pool needs and only kept inside one boundary block. Then a random
 * boundary from 8 KiB to 4 GiB. */
static int
test_pool_boundary(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = UINT64_C(1) << 32 };
	char what[96];

	if (pool_round("boundary 4G, 63 mbufs", 63, 0, &p) != TEST_SUCCESS)
		return TEST_FAILED;
	if (pool_round("boundary 4G, 4095 mbufs", 4095, 0, &p) != TEST_SUCCESS)
		return TEST_FAILED;
	p.boundary = UINT64_C(1) << (13 + rand() % 20);
	p.iova_mask = ~(UINT64_C(1) << 17);
	snprintf(what, sizeof(what), "boundary 0x%" PRIx64 ", mask ~(1<<17), 1023 mbufs",
		 p.boundary);
	return pool_round(what, 1023, 0, &p);
}
REGISTER_IOBUF_TEST(mempool_boundary, test_pool_boundary);

/*
 * Segment limits mean, for a pool: every object is one IOVA segment of at
 * most max_seg_size bytes. An object larger than that is refused before
 * anything is reserved; otherwise the limit holds for every object.
 */
static int
test_pool_segment_limits(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .max_segs = 1,
				      .max_seg_size = 1024 };
	unsigned int mz0 = memzones_now(), elt;
	struct rte_mempool *mp;
	size_t mbuf_elt = sizeof(struct rte_mbuf) + RTE_MBUF_DEFAULT_BUF_SIZE;
	char what[96];

	rte_errno = 0;
	mp = rte_iobuf_pktmbuf_pool_create("iob-segs", 1023, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp == NULL && rte_errno == EINVAL,
		    "mbufs of %zu bytes with max_seg_size 1024: %s", mbuf_elt,
		    mp == NULL ? rte_strerror(rte_errno) : "created");
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");

	elt = 64 + (unsigned int)rand() % (1024 - 64 + 1);
	snprintf(what, sizeof(what), "max_segs 1, max_seg_size 1024, 3000 objects of %u bytes",
		 elt);
	if (pool_round(what, 3000, elt, &p) != TEST_SUCCESS)
		return TEST_FAILED;

	/* An mbuf exactly at the limit fits; one byte less does not. */
	p.max_seg_size = mbuf_elt;
	p.max_segs = 1 + rand() % 4;
	snprintf(what, sizeof(what), "max_segs %u, max_seg_size %zu (one mbuf), 1023 mbufs",
		 p.max_segs, mbuf_elt);
	if (pool_round(what, 1023, 0, &p) != TEST_SUCCESS)
		return TEST_FAILED;
	p.max_seg_size = mbuf_elt - 1;
	mp = rte_iobuf_pktmbuf_pool_create("iob-segs", 1023, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp == NULL && rte_errno == EINVAL, "max_seg_size one below the mbuf");
	TEST_ASSERT(memzones_now() == mz0, "memzones leaked");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_segment_limits, test_pool_segment_limits);

/* Every error of rte_iobuf_mempool_populate() sets rte_errno to the errno
 * it returns. */
static int
test_populate_errno(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct rte_mempool *mp;
	uint64_t pg;
	unsigned int n = mapped_pages(&pg);
	int ret;

	rte_errno = 0;
	ret = rte_iobuf_mempool_populate(NULL, &p);
	TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL, "NULL pool: %d, rte_errno %d",
		    ret, rte_errno);
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_mempool_create(NULL, 64, 64, 0, 0, NULL, NULL, NULL, NULL,
					     SOCKET_ID_ANY, 0, &p) == NULL && rte_errno == EINVAL,
		    "NULL name: rte_errno %d", rte_errno);
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_pktmbuf_pool_create(NULL, 64, 0, 0, 2048, SOCKET_ID_ANY, &p) == NULL &&
		    rte_errno == EINVAL, "NULL mbuf pool name: rte_errno %d", rte_errno);
	mp = rte_mempool_create_empty("iob-errno", 256, 512, 0, 0, SOCKET_ID_ANY, 0);
	TEST_ASSERT(mp != NULL, "empty pool: %s", rte_strerror(rte_errno));
	TEST_ASSERT(rte_mempool_set_ops_byname(mp, "ring_mp_mc", NULL) == 0, "ops");
	rte_errno = 0;
	ret = rte_iobuf_mempool_populate(mp, NULL);
	TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL, "NULL constraint: %d, rte_errno %d",
		    ret, rte_errno);
	p.boundary = 256;
	rte_errno = 0;
	ret = rte_iobuf_mempool_populate(mp, &p);
	TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL, "object above boundary: %d, rte_errno %d",
		    ret, rte_errno);
	p.boundary = 0;
	p.align = 3;
	rte_errno = 0;
	ret = rte_iobuf_mempool_populate(mp, &p);
	TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL, "bad alignment: %d, rte_errno %d",
		    ret, rte_errno);
	p.align = 0;
	p.iova_min = n != 0 ? pages[n - 1] + (UINT64_C(1) << 32) : UINT64_C(1) << 50;
	rte_errno = 0;
	ret = rte_iobuf_mempool_populate(mp, &p);
	TEST_ASSERT(ret == -ENOMEM && rte_errno == ENOMEM, "no memory: %d, rte_errno %d",
		    ret, rte_errno);
	TEST_ASSERT(mp->populated_size == 0, "objects placed on failure");
	p.iova_min = 0;
	ret = rte_iobuf_mempool_populate(mp, &p);
	TEST_ASSERT(ret == 256, "populate after failures: %d (%s)", ret, rte_strerror(-ret));
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_populate_errno, test_populate_errno);

/* Secondary role: argv = { "mempool", status_fd, window_low }. Allocates
 * from the primary's pool, checks and writes every mbuf, frees them. */
int
iobuf_test_mempool_secondary(int argc, char **argv)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 65536 };
	struct range_check rc;
	struct rte_mbuf *m[256];
	struct rte_mempool *mp;
	char c = 'k';
	unsigned int i;
	int fd;

	if (argc < 3)
		return 2;
	fd = atoi(argv[1]);
	p.iova_min = strtoull(argv[2], NULL, 0);
	rule_init(&rc, &p);
	mp = rte_mempool_lookup(SHARED_POOL);
	if (mp == NULL)
		c = 'L';
	else if (rte_pktmbuf_alloc_bulk(mp, m, RTE_DIM(m)) != 0)
		c = 'A';
	for (i = 0; c == 'k' && i < RTE_DIM(m); i++) {
		if (!range_ok(&rc, m[i]->buf_addr, m[i]->buf_iova, m[i]->buf_len))
			c = 'I';
		memset(m[i]->buf_addr, 0x77, m[i]->buf_len);
	}
	if (c != 'L' && c != 'A')
		rte_pktmbuf_free_bulk(m, RTE_DIM(m));
	if (write(fd, &c, 1) != 1)
		c = 'W';
	rte_eal_cleanup();
	return c == 'k' ? 0 : 1;
}

static int
test_pool_secondary(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 65536 };
	struct rte_mempool *mp;
	int st[2], status = 0;
	char fd[16], lo[32];
	char c = 0;
	pid_t pid;

	if (!iobuf_test_pa_mode())
		TEST_SKIP("secondary processes need a hugepage primary (--no-huge cannot host them)");
	TEST_ASSERT(iobuf_test_file_prefix[0] != '\0',
		    "runner started without --file-prefix (secondaries need it)");
	half_window(&p);
	/* No per-lcore cache: the secondary runs on lcore 1, like a worker. */
	mp = rte_iobuf_pktmbuf_pool_create(SHARED_POOL, 1023, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp != NULL, "shared pool: %s", rte_strerror(rte_errno));
	TEST_ASSERT(pipe(st) == 0, "pipe");
	snprintf(fd, sizeof(fd), "%d", st[1]);
	snprintf(lo, sizeof(lo), "0x%" PRIx64, p.iova_min);
	pid = iobuf_test_spawn_secondary("mempool", fd, lo);
	close(st[1]);
	if (pid > 0 && read(st[0], &c, 1) != 1) {
		iobuf_test_secondary_report_exit(pid);
		c = 0;
	}
	close(st[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (pid <= 0 || c != 'k' || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    rte_mempool_avail_count(mp) != 1023) {
		printf("    FAIL: secondary pid %d status '%c', exit %d; %u of 1023 mbufs"
		       " in the pool\n", (int)pid, c, status, rte_mempool_avail_count(mp));
		rte_mempool_free(mp);
		return TEST_FAILED;
	}
	rte_mempool_free(mp);
	printf("    a secondary process allocated, checked and freed 256 mbufs of a constrained pool\n");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_shared_secondary, test_pool_secondary);
