/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Constrained mempools, mbuf pools and rings. Every mbuf's data buffer
 * [buf_iova, buf_iova + buf_len) is checked here against EAL
 * (rte_mem_virt2iova at its first byte, each page start and its last byte)
 * and against the window and boundary, with rules written out in the test.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

struct range_check {
	rte_iova_t lo, hi;    /* inclusive window */
	uint64_t boundary;    /* 0 = none */
	uint64_t page_sz;
	unsigned int n, bad;
};

/* [va, va + len) at IOVA iova: EAL agrees, window and boundary hold. */
static int
range_ok(const struct range_check *rc, const void *va, rte_iova_t iova, size_t len)
{
	uintptr_t a = (uintptr_t)va, at;

	if (iova < rc->lo || iova + len - 1 > rc->hi)
		return 0;
	if (rc->boundary != 0 && iova / rc->boundary != (iova + len - 1) / rc->boundary)
		return 0;
	for (at = a; at < a + len; at = RTE_ALIGN_FLOOR(at + rc->page_sz, rc->page_sz))
		if (rte_mem_virt2iova((void *)at) != iova + (at - a))
			return 0;
	return rte_mem_virt2iova((const char *)va + len - 1) == iova + len - 1;
}

static void
check_mbuf(struct rte_mempool *mp __rte_unused, void *arg, void *obj,
	   unsigned int idx __rte_unused)
{
	struct range_check *rc = arg;
	struct rte_mbuf *m = obj;

	rc->n++;
	if (!range_ok(rc, m->buf_addr, m->buf_iova, m->buf_len) ||
	    !range_ok(rc, m, rte_mempool_virt2iova(m), sizeof(*m)))
		rc->bad++;
}

/* Memzones in use once the library's cached arenas are given back. */
static unsigned int
memzones_now(void)
{
	rte_iobuf_trim();
	return iobuf_test_memzones();
}

/* A window admitting the upper half of the mapped pages. */
static void
half_window(struct range_check *rc, struct rte_iobuf_params *p)
{
	unsigned int n = iobuf_check_mapped_pages(pages, MAX_PAGES, &rc->page_sz);

	p->iova_min = n != 0 ? pages[n / 2] : 0;
	rc->lo = p->iova_min;
	rc->hi = UINT64_MAX;
	if (rc->page_sz == 0)
		rc->page_sz = 4096;
}

static int
test_mbuf_pool(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 65536 };
	struct range_check rc = { .boundary = 65536 };
	struct rte_mbuf *m[64];
	struct rte_mempool *mp;
	unsigned int mz0 = memzones_now(), i;

	half_window(&rc, &p);
	mp = rte_iobuf_pktmbuf_pool_create("iob-mbufs", POOL_N, 32, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp != NULL, "pool under window from 0x%" PRIx64 ": %s",
		    p.iova_min, rte_strerror(rte_errno));
	rte_mempool_obj_iter(mp, check_mbuf, &rc);
	TEST_ASSERT(rc.n == POOL_N, "%u objects, expected %u", rc.n, POOL_N);
	TEST_ASSERT(rc.bad == 0, "%u of %u mbufs fail the constraint or EAL", rc.bad, rc.n);
	/* And in use: allocated mbufs carry the same guarantee. */
	TEST_ASSERT(rte_pktmbuf_alloc_bulk(mp, m, RTE_DIM(m)) == 0, "alloc");
	for (i = 0; i < RTE_DIM(m); i++) {
		TEST_ASSERT(range_ok(&rc, m[i]->buf_addr, m[i]->buf_iova, m[i]->buf_len),
			    "allocated mbuf %u", i);
		memset(rte_pktmbuf_mtod(m[i], void *), 0x5a, 1000);
	}
	rte_pktmbuf_free_bulk(m, RTE_DIM(m));
	rte_mempool_free(mp);
	TEST_ASSERT(memzones_now() == mz0, "memzones %u after free, %u before",
		    memzones_now(), mz0);
	printf("    %u mbufs, buf_iova ranges checked against rte_mem_virt2iova (window from 0x%" PRIx64 ", boundary 64K)\n",
	       rc.n, p.iova_min);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_mbuf_pool, test_mbuf_pool);

static int
test_pool_impossible(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	struct range_check rc;
	unsigned int n = iobuf_check_mapped_pages(pages, MAX_PAGES, &rc.page_sz);
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
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_impossible, test_pool_impossible);

static void
check_obj(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx __rte_unused)
{
	struct range_check *rc = arg;

	rc->n++;
	if (!range_ok(rc, obj, rte_mempool_virt2iova(obj), mp->elt_size))
		rc->bad++;
}

static int
test_generic_pool_and_ring(void)
{
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY, .boundary = 4096 };
	struct range_check rc = { .boundary = 4096 };
	const struct rte_iobuf *rb;
	struct rte_mempool *mp;
	struct rte_ring *r;
	void *objs[100];
	unsigned int i;

	half_window(&rc, &p);
	mp = rte_iobuf_mempool_create("iob-generic", 2000, 200, 0, 0, NULL, NULL,
				      NULL, NULL, SOCKET_ID_ANY, 0, &p);
	TEST_ASSERT(mp != NULL, "generic pool: %s", rte_strerror(rte_errno));
	rte_mempool_obj_iter(mp, check_obj, &rc);
	TEST_ASSERT(rc.n == 2000 && rc.bad == 0, "%u of %u objects bad", rc.bad, rc.n);

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
	printf("    %u pool objects (4K boundary) and a 1024-slot ring checked\n", rc.n);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_generic_and_ring, test_generic_pool_and_ring);

/* Secondary role: argv = { "mempool", status_fd, window_low }. Allocates
 * from the primary's pool, checks and writes every mbuf, frees them. */
int
iobuf_test_mempool_secondary(int argc, char **argv)
{
	struct range_check rc = { .boundary = 65536, .hi = UINT64_MAX };
	struct rte_mbuf *m[256];
	struct rte_mempool *mp;
	char c = 'k';
	unsigned int i;
	int fd;

	if (argc < 3)
		return 2;
	fd = atoi(argv[1]);
	rc.lo = strtoull(argv[2], NULL, 0);
	iobuf_check_mapped_pages(pages, 1, &rc.page_sz);
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
	struct range_check rc = { .boundary = 65536 };
	struct rte_mempool *mp;
	int st[2], status = 0;
	char fd[16], lo[32];
	char c = 0;
	pid_t pid;

	if (!iobuf_test_pa_mode())
		TEST_SKIP("secondary processes need a hugepage primary (--no-huge cannot host them)");
	if (iobuf_test_file_prefix[0] == '\0')
		TEST_SKIP("runner started without --file-prefix");
	half_window(&rc, &p);
	/* No per-lcore cache: the secondary runs on lcore 1, like a worker. */
	mp = rte_iobuf_pktmbuf_pool_create(SHARED_POOL, 1023, 0, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &p);
	TEST_ASSERT(mp != NULL, "shared pool: %s", rte_strerror(rte_errno));
	TEST_ASSERT(pipe(st) == 0, "pipe");
	snprintf(fd, sizeof(fd), "%d", st[1]);
	snprintf(lo, sizeof(lo), "0x%" PRIx64, p.iova_min);
	pid = iobuf_test_spawn_secondary("mempool", fd, lo);
	close(st[1]);
	TEST_ASSERT(pid > 0, "fork");
	if (read(st[0], &c, 1) != 1 && iobuf_test_secondary_could_not_attach(pid)) {
		close(st[0]);
		rte_mempool_free(mp);
		TEST_SKIP("the secondary process could not attach to this primary's memory");
	}
	waitpid(pid, &status, 0);
	close(st[0]);
	TEST_ASSERT(c == 'k' && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "secondary status '%c', exit %d", c, status);
	TEST_ASSERT(rte_mempool_avail_count(mp) == 1023, "secondary's mbufs not returned (%u)",
		    rte_mempool_avail_count(mp));
	rte_mempool_free(mp);
	printf("    a secondary process allocated, checked and freed 256 mbufs of a constrained pool\n");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(mempool_shared_secondary, test_pool_secondary);
