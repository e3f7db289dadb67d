/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * rte_errno on every error path of the public API: each public function,
 * given bad input, returns its documented error value AND sets rte_errno
 * to the documented errno (an int function returns the negative of it).
 * Before each call rte_errno holds a sentinel, so a path that forgets to
 * set it is caught; calls that are documented to leave rte_errno alone
 * (NULL to retain/release, iteration at the end, names of unknown values)
 * must leave the sentinel in place.
 *
 * Not here: ENOSPC from a full memzone table (test_exhaustion.c) and EFAULT
 * from rte_iobuf_verify() (needs a corrupted translation table).
 */

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include <rte_iobuf.h>
#include <rte_iobuf_check.h>
#include <rte_iobuf_mempool.h>

#include "iobuf_test.h"

/* What rte_errno holds before every call under test. */
#define SENTINEL 0x5e771e

/* An int-returning call: return value and rte_errno. */
#define EXPECT_INT(call, want_ret, want_err) do { \
	int ret_; \
	rte_errno = SENTINEL; \
	ret_ = (call); \
	TEST_ASSERT(ret_ == (want_ret) && rte_errno == (want_err), \
		    "returned %d with rte_errno %d, want %d with %d", \
		    ret_, rte_errno, (int)(want_ret), (int)(want_err)); \
} while (0)

/* A pointer-returning call that must fail with NULL. */
#define EXPECT_NULL(call, want_err) do { \
	const void *p_; \
	rte_errno = SENTINEL; \
	p_ = (call); \
	TEST_ASSERT(p_ == NULL && rte_errno == (want_err), \
		    "returned %p with rte_errno %d, want NULL with %d", \
		    p_, rte_errno, (int)(want_err)); \
} while (0)

/* A void call: only rte_errno. */
#define EXPECT_VOID(call, want_err) do { \
	rte_errno = SENTINEL; \
	call; \
	TEST_ASSERT(rte_errno == (want_err), "rte_errno %d, want %d", \
		    rte_errno, (int)(want_err)); \
} while (0)

#define P(...) { .socket_id = SOCKET_ID_ANY, __VA_ARGS__ }

static int
test_errno_create(void)
{
	static const struct {
		const char *what;
		struct rte_iobuf_params p;
		int err;
	} bad[] = {
		{ "capacity 0", P(.capacity = 0), EINVAL },
		{ "capacity above 2^46", P(.capacity = (UINT64_C(1) << 46) + 1), EINVAL },
		{ "unknown option bit", P(.capacity = 64, .flags = RTE_BIT32(20)), EINVAL },
		{ "two cache modes", P(.capacity = 64, .flags = RTE_IOBUF_CACHE_INHIBIT |
				       RTE_IOBUF_CACHE_COPYBACK), EINVAL },
		{ "alignment 3", P(.capacity = 64, .align = 3), EINVAL },
		{ "boundary 5000", P(.capacity = 64, .boundary = 5000), EINVAL },
		{ "empty window", P(.capacity = 64, .iova_min = 2, .iova_max = 1), EINVAL },
		{ "empty name", P(.capacity = 64, .name = ""), EINVAL },
		{ "space in name", P(.capacity = 64, .name = "rx ring"), EINVAL },
		{ "'%' in name", P(.capacity = 64, .name = "a%d"), EINVAL },
		{ "shared, no name", P(.capacity = 64, .flags = RTE_IOBUF_SHARED), EINVAL },
		{ "socket 4242", { .socket_id = 4242, .capacity = 64 }, EINVAL },
		{ "socket -5", { .socket_id = -5, .capacity = 64 }, EINVAL },
		{ "name of 32 characters", P(.capacity = 64,
		  .name = "0123456789abcdef0123456789abcdef"), ENAMETOOLONG },
		{ "mask below alignment", P(.capacity = 64, .iova_mask = 0xfff,
					    .align = 0x10000), ERANGE },
		{ "contiguous above boundary", P(.capacity = 8192, .boundary = 4096,
						 .flags = RTE_IOBUF_CONTIG), ERANGE },
		{ "capacity above window", P(.capacity = 8192, .iova_min = 0x100000,
					     .iova_max = 0x100fff), ERANGE },
		{ "segments cannot hold it", P(.capacity = 1 << 20, .max_segs = 2,
					       .max_seg_size = 4096), ERANGE },
		{ "4 TiB", P(.capacity = UINT64_C(1) << 42), ENOMEM },
	};
	struct rte_iobuf *b;
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		printf("    create: %s\n", bad[i].what);
		EXPECT_NULL(rte_iobuf_create_params(&bad[i].p), bad[i].err);
	}
	EXPECT_NULL(rte_iobuf_create_params(NULL), EINVAL);
	/* The one-line create takes the same paths. */
	EXPECT_NULL(rte_iobuf_create("a b", SOCKET_ID_ANY, 0, 64, 0), EINVAL);
	EXPECT_NULL(rte_iobuf_create(NULL, 4242, 0, 64, 0), EINVAL);
	EXPECT_NULL(rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 0, 0), EINVAL);
	EXPECT_NULL(rte_iobuf_create(NULL, SOCKET_ID_ANY, RTE_BIT32(31), 64, 0), EINVAL);
	EXPECT_NULL(rte_iobuf_create(NULL, SOCKET_ID_ANY, RTE_IOBUF_CONTIG, 8192, 0xfff),
		    ERANGE);
	/* A name in use. */
	b = rte_iobuf_create("errno-dup", SOCKET_ID_ANY, 0, 64, 0);
	TEST_ASSERT(b != NULL, "create: %s", rte_strerror(rte_errno));
	EXPECT_NULL(rte_iobuf_create("errno-dup", SOCKET_ID_ANY, 0, 64, 0), EEXIST);
	EXPECT_NULL(rte_iobuf_create("errno-dup", SOCKET_ID_ANY, RTE_IOBUF_SHARED,
				     1 << 20, 0), EEXIST);
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_create, test_errno_create);

static int
test_errno_lookup(void)
{
	struct rte_iobuf *b, *s;
	int status;
	pid_t pid;

	EXPECT_NULL(rte_iobuf_lookup(NULL), EINVAL);
	EXPECT_NULL(rte_iobuf_lookup(""), EINVAL);
	EXPECT_NULL(rte_iobuf_lookup("no such\n"), EINVAL);
	EXPECT_NULL(rte_iobuf_lookup("0123456789abcdef0123456789abcdef"), ENAMETOOLONG);
	EXPECT_NULL(rte_iobuf_lookup("errno-nowhere"), ENOENT);
	b = rte_iobuf_create("errno-gone", SOCKET_ID_ANY, 0, 64, 0);
	TEST_ASSERT(b != NULL, "create: %s", rte_strerror(rte_errno));
	rte_iobuf_release(b);
	EXPECT_NULL(rte_iobuf_lookup("errno-gone"), ENOENT);

	/*
	 * EACCES: a named buffer without RTE_IOBUF_SHARED, looked up by
	 * another process. A forked child is one (the library refreshes its
	 * pid at fork); it only reads the registry, and a shared buffer is
	 * its control case. Exit status: 0, or the step that failed.
	 */
	b = rte_iobuf_create("errno-private", SOCKET_ID_ANY, 0, 64, 0);
	s = rte_iobuf_create("errno-shared", SOCKET_ID_ANY, RTE_IOBUF_SHARED, 64, 0);
	TEST_ASSERT(b != NULL && s != NULL, "create: %s", rte_strerror(rte_errno));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rte_iobuf *x;

		rte_errno = SENTINEL;
		if (rte_iobuf_lookup("errno-private") != NULL)
			_exit(1);
		if (rte_errno != EACCES)
			_exit(2);
		x = rte_iobuf_lookup("errno-shared");
		if (x != s)
			_exit(3);
		rte_iobuf_release(x);
		_exit(0);
	}
	TEST_ASSERT(pid > 0, "fork: %s", strerror(errno));
	TEST_ASSERT(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	/* The creating process itself finds its private buffer. */
	rte_errno = SENTINEL;
	TEST_ASSERT(rte_iobuf_lookup("errno-private") == b, "own lookup: rte_errno %d",
		    rte_errno);
	rte_iobuf_release(b);
	rte_iobuf_release(b);
	rte_iobuf_release(s);
	TEST_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "child: %s %d (1: found a private buffer, 2: rte_errno not EACCES, 3: shared buffer not found)",
		    WIFEXITED(status) ? "exit" : "signal",
		    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_lookup, test_errno_lookup);

static int
test_errno_refcount(void)
{
	struct rte_iobuf *b;

	EXPECT_VOID(rte_iobuf_retain(NULL), SENTINEL);
	EXPECT_VOID(rte_iobuf_release(NULL), SENTINEL);
	EXPECT_INT((int)rte_iobuf_refcnt(NULL), 0, EINVAL);
	/* A carved (arena) buffer's descriptor outlives its last release:
	 * one release too many is refused there. */
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 512, 0);
	TEST_ASSERT(b != NULL, "create: %s", rte_strerror(rte_errno));
	EXPECT_VOID(rte_iobuf_retain(b), SENTINEL);
	EXPECT_VOID(rte_iobuf_release(b), SENTINEL);
	EXPECT_VOID(rte_iobuf_release(b), SENTINEL);
	EXPECT_VOID(rte_iobuf_release(b), EINVAL);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_refcount, test_errno_refcount);

/* A buffer with CPU access and a DMA-only one, both 4 KiB. */
struct pair {
	struct rte_iobuf *cpu, *dma;
};

static int
pair_make(struct pair *pr)
{
	pr->cpu = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 4096, 0);
	pr->dma = rte_iobuf_create(NULL, SOCKET_ID_ANY, RTE_IOBUF_DMA_ONLY, 4096, 0);
	if (pr->cpu != NULL && pr->dma != NULL)
		return 0;
	printf("    create: %s\n", rte_strerror(rte_errno));
	rte_iobuf_release(pr->cpu);
	rte_iobuf_release(pr->dma);
	return -1;
}

static void
pair_free(struct pair *pr)
{
	rte_iobuf_release(pr->cpu);
	rte_iobuf_release(pr->dma);
}

/* The inline fast paths (their buffer must not be NULL). */
static int
inline_errors(struct rte_iobuf *b, struct rte_iobuf *d)
{
	struct rte_iobuf_seg seg;
	size_t seg_len = 1, off;
	rte_iova_t iova;

	EXPECT_NULL(rte_iobuf_addr(d, 0, 1), EACCES);
	EXPECT_NULL(rte_iobuf_addr(b, 0, 4097), ERANGE);
	EXPECT_NULL(rte_iobuf_addr(b, 4097, 0), ERANGE);
	EXPECT_NULL(rte_iobuf_addr(b, SIZE_MAX, 2), ERANGE);
	rte_errno = SENTINEL;
	TEST_ASSERT(rte_iobuf_addr(b, 4096, 0) != NULL && rte_errno == SENTINEL,
		    "empty range at the end refused");

	rte_errno = SENTINEL;
	iova = rte_iobuf_iova(b, 4096, &seg_len);
	TEST_ASSERT(iova == RTE_BAD_IOVA && seg_len == 0 && rte_errno == ERANGE,
		    "iova at the length: 0x%" PRIx64 " seg_len %zu rte_errno %d",
		    iova, seg_len, rte_errno);
	rte_errno = SENTINEL;
	iova = rte_iobuf_iova(b, SIZE_MAX, NULL);
	TEST_ASSERT(iova == RTE_BAD_IOVA && rte_errno == ERANGE, "iova far out");
	/* DMA-only buffers have IOVAs. */
	rte_errno = SENTINEL;
	TEST_ASSERT(rte_iobuf_iova(d, 0, NULL) != RTE_BAD_IOVA && rte_errno == SENTINEL,
		    "IOVA of a DMA-only buffer refused");

	off = 4096;
	EXPECT_INT(rte_iobuf_seg_next(b, &off, &seg), 0, SENTINEL);
	TEST_ASSERT(off == 4096, "seg_next moved past the end");
	return TEST_SUCCESS;
}

static int
test_errno_inline(void)
{
	struct pair pr;
	int ret;

	if (pair_make(&pr) < 0)
		return TEST_FAILED;
	ret = inline_errors(pr.cpu, pr.dma);
	pair_free(&pr);
	return ret;
}
REGISTER_IOBUF_TEST(errno_inline, test_errno_inline);

static int
length_errors(struct rte_iobuf *b, struct rte_iobuf *d)
{
	char buf[16] = "0123456789abcde";

	EXPECT_INT((int)rte_iobuf_seg_count(NULL), 0, EINVAL);
	EXPECT_INT(rte_iobuf_set_length(NULL, 0), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_set_length(b, 4097), -ERANGE, ERANGE);
	TEST_ASSERT(rte_iobuf_length(b) == 4096, "length moved by a refused set_length");
	EXPECT_INT(rte_iobuf_set_length(b, SIZE_MAX), -ERANGE, ERANGE);

	EXPECT_INT(rte_iobuf_append(NULL, buf, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_append(b, NULL, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_append(b, NULL, 0), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_set_length(d, 0), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_append(d, buf, 1), -EACCES, EACCES);
	TEST_ASSERT(rte_iobuf_length(d) == 0, "length moved by a refused append");
	EXPECT_INT(rte_iobuf_set_length(b, 4090), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_append(b, buf, 7), -ENOSPC, ENOSPC);
	TEST_ASSERT(rte_iobuf_length(b) == 4090, "length moved by a refused append");
	EXPECT_INT(rte_iobuf_append(b, buf, SIZE_MAX), -ENOSPC, ENOSPC);
	EXPECT_INT(rte_iobuf_append(b, buf, 6), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_append(b, buf, 1), -ENOSPC, ENOSPC);
	return TEST_SUCCESS;
}

static int
test_errno_length(void)
{
	struct pair pr;
	int ret;

	if (pair_make(&pr) < 0)
		return TEST_FAILED;
	ret = length_errors(pr.cpu, pr.dma);
	pair_free(&pr);
	return ret;
}
REGISTER_IOBUF_TEST(errno_length, test_errno_length);

static int
access_errors(struct rte_iobuf *b, struct rte_iobuf *d)
{
	char buf[64];

	memset(buf, 0xa5, sizeof(buf));
	EXPECT_INT(rte_iobuf_read(NULL, 0, buf, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_read(b, 0, NULL, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_read(d, 0, buf, 1), -EACCES, EACCES);
	EXPECT_INT(rte_iobuf_read(b, 4090, buf, 7), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_read(b, 4097, buf, 0), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_read(b, SIZE_MAX, buf, 2), -ERANGE, ERANGE);

	EXPECT_INT(rte_iobuf_write(NULL, 0, buf, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_write(b, 0, NULL, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_write(d, 0, buf, 1), -EACCES, EACCES);
	EXPECT_INT(rte_iobuf_write(b, 4090, buf, 7), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_write(b, SIZE_MAX, buf, 2), -ERANGE, ERANGE);

	EXPECT_INT(rte_iobuf_fill(NULL, 0, 0, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_fill(d, 0, 0, 1), -EACCES, EACCES);
	EXPECT_INT(rte_iobuf_fill(b, 1, 0, 4096), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_fill(b, SIZE_MAX, 0, 2), -ERANGE, ERANGE);

	EXPECT_INT(rte_iobuf_copy(NULL, 0, b, 0, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_copy(b, 0, NULL, 0, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_copy(d, 0, b, 0, 1), -EACCES, EACCES);
	EXPECT_INT(rte_iobuf_copy(b, 0, d, 0, 1), -EACCES, EACCES);
	EXPECT_INT(rte_iobuf_copy(b, 0, b, 4000, 100), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_copy(b, 4000, b, 0, 100), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_copy(b, SIZE_MAX, b, 0, 2), -ERANGE, ERANGE);

	/* Nothing above wrote a byte. */
	EXPECT_INT(rte_iobuf_fill(b, 0, 0x3c, 4096), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_write(b, 4090, buf, 7), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_copy(b, 4090, b, 0, 7), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_read(b, 4032, buf, 64), 0, SENTINEL);
	TEST_ASSERT(buf[0] == 0x3c && buf[63] == 0x3c, "a refused call wrote");

	/* prepare/complete: range only; DMA-only buffers are fine. */
	EXPECT_INT(rte_iobuf_prepare(NULL, 0, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_complete(NULL, 0, 1), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_prepare(b, 4090, 7), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_prepare(b, SIZE_MAX, 2), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_complete(b, 4097, 0), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_complete(b, SIZE_MAX, 2), -ERANGE, ERANGE);
	EXPECT_INT(rte_iobuf_prepare(d, 0, 4096), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_complete(d, 0, 4096), 0, SENTINEL);
	return TEST_SUCCESS;
}

static int
test_errno_access(void)
{
	struct pair pr;
	int ret;

	if (pair_make(&pr) < 0)
		return TEST_FAILED;
	ret = access_errors(pr.cpu, pr.dma);
	pair_free(&pr);
	return ret;
}
REGISTER_IOBUF_TEST(errno_access, test_errno_access);

static int
test_errno_info(void)
{
	struct rte_iobuf_params p;
	struct rte_iobuf_stats st;
	struct rte_iobuf *b;
	const char *s;
	FILE *f;

	EXPECT_INT((int)rte_iobuf_cache_requested(NULL), 0, EINVAL);
	EXPECT_INT((int)rte_iobuf_cache_effective(NULL), 0, EINVAL);
	rte_errno = SENTINEL;
	s = rte_iobuf_cache_name(0);
	TEST_ASSERT(strcmp(s, "unknown") == 0 && rte_errno == SENTINEL, "cache_name(0)");
	s = rte_iobuf_cache_name(RTE_IOBUF_CACHE_MASK);
	TEST_ASSERT(strcmp(s, "unknown") == 0 && rte_errno == SENTINEL, "cache_name(mask)");

	EXPECT_NULL(rte_iobuf_name(NULL), EINVAL);
	EXPECT_INT(rte_iobuf_verify(NULL), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_stats_get(NULL), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_stats_get(&st), 0, SENTINEL);

	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 64, 0);
	TEST_ASSERT(b != NULL, "create: %s", rte_strerror(rte_errno));
	memset(&p, 0x5a, sizeof(p));
	EXPECT_INT(rte_iobuf_params_get(NULL, &p), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_params_get(b, NULL), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_params_get(b, &p), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_verify(b), 0, SENTINEL);
	rte_iobuf_release(b);

	f = fopen("/dev/null", "w");
	TEST_ASSERT(f != NULL, "/dev/null: %s", strerror(errno));
	EXPECT_VOID(rte_iobuf_dump(f, NULL), EINVAL);
	fclose(f);

	/* Never fails. */
	rte_errno = SENTINEL;
	TEST_ASSERT(rte_iobuf_trim() >= 0 && rte_errno == SENTINEL, "trim");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_info, test_errno_info);

static int
test_errno_params_parse(void)
{
	static const char *const bad[] = {
		"mask", "mask=", "mask=zz", "mask=-1", "mask=0x", "mask=1T",
		"mask=99999999999999999999", "align=0xffffffffffffffffK",
		"max_segs=0x100000000", "contig=2", "dma_only=yes", "cache=fast",
		"socket=99999", "socket=-1", "colour=blue",
	};
	struct rte_iobuf_params p = P(.capacity = 64);
	unsigned int i;

	EXPECT_INT(rte_iobuf_params_parse(NULL, &p), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_params_parse("mask=1", NULL), -EINVAL, EINVAL);
	for (i = 0; i < RTE_DIM(bad); i++) {
		int ret;

		rte_errno = SENTINEL;
		ret = rte_iobuf_params_parse(bad[i], &p);
		TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL,
			    "'%s': returned %d with rte_errno %d", bad[i], ret, rte_errno);
	}
	/* No key at all changes nothing and is no error. */
	EXPECT_INT(rte_iobuf_params_parse("", &p), 0, SENTINEL);
	EXPECT_INT(rte_iobuf_params_parse("mask=0xffffffff,cache=inhibit", &p), 0, SENTINEL);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_params_parse, test_errno_params_parse);

static int
test_errno_check(void)
{
	struct rte_iobuf_params p = P();
	struct rte_iobuf_check chk, copy;
	uint32_t bad;
	const char *s;

	EXPECT_INT(rte_iobuf_check_init(NULL, &p), -EINVAL, EINVAL);
	EXPECT_INT(rte_iobuf_check_init(&chk, NULL), -EINVAL, EINVAL);
	memset(&chk, 0x77, sizeof(chk));
	copy = chk;
	p.align = 3;
	EXPECT_INT(rte_iobuf_check_init(&chk, &p), -EINVAL, EINVAL);
	p.align = 0;
	p.flags = RTE_BIT32(20);
	EXPECT_INT(rte_iobuf_check_init(&chk, &p), -EINVAL, EINVAL);
	p.flags = 0;
	p.iova_min = 10;
	p.iova_max = 9;
	EXPECT_INT(rte_iobuf_check_init(&chk, &p), -EINVAL, EINVAL);
	p.iova_min = p.iova_max = 0;
	p.iova_mask = 0xfff;
	p.align = 0x10000;
	EXPECT_INT(rte_iobuf_check_init(&chk, &p), -ERANGE, ERANGE);
	TEST_ASSERT(memcmp(&chk, &copy, sizeof(chk)) == 0, "refused init wrote the check");
	p.align = 0;
	EXPECT_INT(rte_iobuf_check_init(&chk, &p), 0, SENTINEL);

	/* A broken rule is a result, not an error. */
	rte_errno = SENTINEL;
	bad = rte_iobuf_check_range(&chk, 0x1000, 64, RTE_IOBUF_CHECK_ALL);
	TEST_ASSERT(bad == RTE_IOBUF_CHECK_MASK && rte_errno == SENTINEL,
		    "range above the mask: 0x%x, rte_errno %d", bad, rte_errno);
	bad = rte_iobuf_check_range(&chk, 0x100, 0, RTE_IOBUF_CHECK_ALL);
	TEST_ASSERT(bad == RTE_IOBUF_CHECK_WINDOW && rte_errno == SENTINEL,
		    "empty range: 0x%x", bad);
	s = rte_iobuf_check_rule_name(0);
	TEST_ASSERT(strcmp(s, "?") == 0 && rte_errno == SENTINEL, "rule_name(0)");
	s = rte_iobuf_check_rule_name(RTE_IOBUF_CHECK_ALL);
	TEST_ASSERT(strcmp(s, "?") == 0 && rte_errno == SENTINEL, "rule_name(all)");
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(errno_check, test_errno_check);

static int
test_errno_mempool(void)
{
	struct rte_iobuf_params p = P(), bad = P(.align = 3);
	struct rte_mempool *mp;
	int ret = TEST_SUCCESS;

	EXPECT_INT(rte_iobuf_mempool_populate(NULL, &p), -EINVAL, EINVAL);
	EXPECT_NULL(rte_iobuf_mempool_create("errno-mp", 64, 64, 0, 0, NULL, NULL,
					     NULL, NULL, SOCKET_ID_ANY, 0, NULL), EINVAL);
	EXPECT_NULL(rte_iobuf_mempool_create("errno-mp", 64, 64, 0, 0, NULL, NULL,
					     NULL, NULL, SOCKET_ID_ANY, 0, &bad), EINVAL);
	EXPECT_NULL(rte_iobuf_pktmbuf_pool_create("errno-mbuf", 64, 0, 0, 2048,
						  SOCKET_ID_ANY, NULL), EINVAL);
	EXPECT_NULL(rte_iobuf_pktmbuf_pool_create("errno-mbuf", 64, 0, 3, 2048,
						  SOCKET_ID_ANY, &p), EINVAL);
	EXPECT_NULL(rte_mempool_lookup("errno-mp"), ENOENT);

	mp = rte_mempool_create_empty("errno-mp", 64, 64, 0, 0, SOCKET_ID_ANY, 0);
	TEST_ASSERT(mp != NULL, "empty pool: %s", rte_strerror(rte_errno));
	if (rte_mempool_set_ops_byname(mp, "ring_mp_mc", NULL) != 0) {
		rte_mempool_free(mp);
		TEST_ASSERT(0, "ring_mp_mc ops");
	}
	rte_errno = SENTINEL;
	if (rte_iobuf_mempool_populate(mp, NULL) != -EINVAL || rte_errno != EINVAL) {
		printf("    populate(mp, NULL): rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	rte_errno = SENTINEL;
	if (rte_iobuf_mempool_populate(mp, &bad) != -EINVAL || rte_errno != EINVAL) {
		printf("    populate with alignment 3: rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	/* The driver's populate op: 0 objects, rte_errno from the populate. */
	rte_errno = SENTINEL;
	if (rte_iobuf_mempool_ops_populate(mp, 64, NULL, 0, 0, NULL, NULL, NULL) != 0 ||
	    rte_errno != EINVAL) {
		printf("    ops_populate without constraint: rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	rte_mempool_free(mp);
	return ret;
}
REGISTER_IOBUF_TEST(errno_mempool, test_errno_mempool);

static int
test_errno_ring(void)
{
	struct rte_iobuf_params p = P(), unmeetable = P(.iova_mask = 0xfff, .align = 0x10000);
	struct rte_ring *stock;
	int ret = TEST_SUCCESS;

	EXPECT_NULL(rte_iobuf_ring_create(NULL, 64, SOCKET_ID_ANY, 0, &p), EINVAL);
	EXPECT_NULL(rte_iobuf_ring_create("errno-ring", 64, SOCKET_ID_ANY, 0, NULL), EINVAL);
	EXPECT_NULL(rte_iobuf_ring_create("errno-ring", 63, SOCKET_ID_ANY, 0, &p), EINVAL);
	EXPECT_NULL(rte_iobuf_ring_create("errno-ring", 64, SOCKET_ID_ANY, 0, &unmeetable),
		    ERANGE);
	EXPECT_NULL(rte_iobuf_ring_create("errno-ring", 64, 4242, 0, &p), EINVAL);
	EXPECT_NULL(rte_iobuf_ring_buffer(NULL), EINVAL);
	EXPECT_VOID(rte_iobuf_ring_free(NULL), SENTINEL);

	/* A stock ring: its name is taken, and it is not ours. */
	stock = rte_ring_create("errno-ring", 64, SOCKET_ID_ANY, 0);
	TEST_ASSERT(stock != NULL, "rte_ring_create: %s", rte_strerror(rte_errno));
	rte_errno = SENTINEL;
	if (rte_iobuf_ring_create("errno-ring", 64, SOCKET_ID_ANY, 0, &p) != NULL ||
	    rte_errno != EEXIST) {
		printf("    ring with a stock ring's name: rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	rte_errno = SENTINEL;
	if (rte_iobuf_ring_buffer(stock) != NULL || rte_errno != EINVAL) {
		printf("    ring_buffer of a stock ring: rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	rte_errno = SENTINEL;
	rte_iobuf_ring_free(stock);
	if (rte_errno != EINVAL || rte_ring_lookup("errno-ring") != stock) {
		printf("    ring_free of a stock ring: rte_errno %d\n", rte_errno);
		ret = TEST_FAILED;
	}
	rte_ring_free(stock);
	return ret;
}
REGISTER_IOBUF_TEST(errno_ring, test_errno_ring);
