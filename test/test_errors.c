/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Bad input: each case gets NULL, its precise rte_errno, and leaks nothing. */

#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>

#include <rte_iobuf.h>

#include "iobuf_constraint.h"
#include "iobuf_log.h"
#include "iobuf_test.h"

#define P(...) { .socket_id = SOCKET_ID_ANY, __VA_ARGS__ }

static const struct {
	const char *what;
	struct rte_iobuf_params p;
	int err;
} bad[] = {
	{ "zero capacity", P(.capacity = 0), EINVAL },
	{ "huge capacity", P(.capacity = SIZE_MAX), EINVAL },
	{ "unknown option", P(.capacity = 64, .flags = RTE_BIT32(20)), EINVAL },
	{ "two cache modes", P(.capacity = 64, .flags = RTE_IOBUF_CACHE_INHIBIT |
			       RTE_IOBUF_CACHE_WRITE_COMBINE), EINVAL },
	{ "align not power of two", P(.capacity = 64, .align = 3000), EINVAL },
	{ "boundary not power of two", P(.capacity = 64, .boundary = 5000), EINVAL },
	{ "empty window", P(.capacity = 64, .iova_min = 0x2000, .iova_max = 0x1000), EINVAL },
	{ "empty name", P(.capacity = 64, .name = ""), EINVAL },
	{ "shared without name", P(.capacity = 64, .flags = RTE_IOBUF_SHARED), EINVAL },
	{ "name too long", P(.capacity = 64, .name = "0123456789012345678901234567890123"),
	  ENAMETOOLONG },
	{ "capacity larger than window", P(.capacity = 8192, .iova_min = 0x100000,
					   .iova_max = 0x100fff), ERANGE },
	{ "mask below alignment", P(.capacity = 64, .iova_mask = 0xfff, .align = 0x10000),
	  ERANGE },
	{ "contiguous larger than boundary", P(.capacity = 8192, .boundary = 4096,
					       .flags = RTE_IOBUF_CONTIG), ERANGE },
	{ "contiguous larger than max segment", P(.capacity = 8192, .max_seg_size = 4096,
						  .flags = RTE_IOBUF_CONTIG), ERANGE },
	{ "contiguous larger than mask block", P(.capacity = 8192,
		.iova_mask = ~(UINT64_C(1) << 12), .flags = RTE_IOBUF_CONTIG), ERANGE },
	{ "too few segments", P(.capacity = 1 << 20, .max_segs = 2, .max_seg_size = 4096),
	  ERANGE },
	{ "window with no aligned start", P(.capacity = 64, .align = 0x10000,
		.iova_min = 0x10001, .iova_max = 0x1ffff), ERANGE },
	{ "mask admits nothing in window", P(.capacity = 64, .iova_mask = 0xffff,
		.iova_min = 0x10000, .iova_max = 0xfffff), ERANGE },
	{ "mask no memory meets (IOVA < 64 KiB)", P(.capacity = 4096,
		.iova_mask = 0xffff), ENOMEM },
	{ "window no memory meets", P(.capacity = 4096, .iova_min = 0x1000,
		.iova_max = 0x1ffff), ENOMEM },
	{ "more memory than exists", P(.capacity = UINT64_C(1) << 42), ENOMEM },
	/* Issue 10: a mask that admits fewer IOVAs than the capacity is met
	 * by no memory, contiguous or not: ERANGE at once, no steering. */
	{ "mask 0xfff, 8 KiB scattered", P(.capacity = 8192, .iova_mask = 0xfff), ERANGE },
	{ "mask 0xfff, 8 KiB contiguous", P(.capacity = 8192, .iova_mask = 0xfff,
					    .flags = RTE_IOBUF_CONTIG), ERANGE },
	{ "mask 0xffff, 1 MiB scattered", P(.capacity = 1 << 20, .iova_mask = 0xffff), ERANGE },
	{ "mask 0xffff, 1 MiB contiguous", P(.capacity = 1 << 20, .iova_mask = 0xffff,
					     .flags = RTE_IOBUF_CONTIG), ERANGE },
	/* bit 16 a hole: [0x40000, 0xfffff] holds 768 KiB, 384 KiB admitted */
	{ "mask hole in window, 500 KB scattered", P(.capacity = 500000,
		.iova_mask = 0xeffff, .iova_min = 0x40000, .iova_max = 0xfffff), ERANGE },
	/* Issue 10 item 5: segments split at the boundary and at max_seg_size;
	 * no start lets 3 segments hold 120 KiB (the best needs 4). */
	{ "no start fits max_segs (120K, 64K bnd, 48K seg, 3)", P(.capacity = 120 << 10,
		.boundary = 64 << 10, .max_seg_size = 48 << 10, .max_segs = 3), ERANGE },
	/* 96 KiB in 2 fits only from 16 KiB into a 64 KiB block: not 64K-aligned */
	{ "64K-aligned start fits no max_segs (96K in 2)", P(.capacity = 96 << 10,
		.boundary = 64 << 10, .max_seg_size = 48 << 10, .max_segs = 2,
		.align = 64 << 10), ERANGE },
};

static int
test_bad_inputs(void)
{
	struct iobuf_test_usage before, after;
	struct rte_iobuf *b;
	unsigned int i;
	int err;

	for (i = 0; i < RTE_DIM(bad); i++) {
		iobuf_test_usage(&before);
		rte_errno = 0;
		b = rte_iobuf_create_params(&bad[i].p);
		err = rte_errno;
		iobuf_test_usage(&after);
		TEST_ASSERT(b == NULL, "%s: created", bad[i].what);
		TEST_ASSERT(err == bad[i].err, "%s: rte_errno %d (%s), want %d",
			    bad[i].what, err, rte_strerror(err), bad[i].err);
		TEST_ASSERT(iobuf_test_usage_same(&before, &after), "%s leaked", bad[i].what);
		printf("    %-40s -> %s\n", bad[i].what, rte_strerror(bad[i].err));
	}
	b = rte_iobuf_create_params(NULL);
	TEST_ASSERT(b == NULL && rte_errno == EINVAL, "NULL params");
	/* After all that, an ordinary request works. */
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 4096, 0);
	TEST_ASSERT(b != NULL, "create after failures");
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(bad_inputs, test_bad_inputs);

/*
 * Library log lines written between log_capture_start() and
 * log_capture_end(), or -1 when this run's log level hides them.
 */
struct log_capture {
	FILE *old, *f;
	char *text;
	size_t len;
};

static int
log_capture_start(struct log_capture *lc)
{
	memset(lc, 0, sizeof(*lc));
	if (!rte_log_can_log(iobuf_logtype, RTE_LOG_ERR))
		return 0;
	lc->f = open_memstream(&lc->text, &lc->len);
	if (lc->f == NULL)
		return -1;
	lc->old = rte_log_get_stream();
	rte_openlog_stream(lc->f);
	return 0;
}

static int
log_capture_end(struct log_capture *lc)
{
	const char *p;
	int lines = 0;

	if (lc->f == NULL)
		return -1;
	rte_openlog_stream(lc->old);
	fclose(lc->f);
	for (p = lc->text; *p != '\0'; p++)
		lines += *p == '\n';
	return lines;
}

/* Check one captured line that contains @p word; echo it. */
static int
one_line_naming(struct log_capture *lc, const char *what, const char *word)
{
	int lines = log_capture_end(lc);
	int ok = 1;

	if (lines >= 0) {
		if (lines != 1 || strstr(lc->text, word) == NULL) {
			printf("    FAIL %s: %d log lines, want 1 naming '%s':\n%s", what,
			       lines, word, lc->text);
			ok = 0;
		} else {
			printf("      %s", lc->text);
		}
	}
	free(lc->text);
	return ok;
}

/* Constraint strings rte_iobuf_params_parse() must refuse: EINVAL and one
 * log line naming the key. */
static const struct {
	const char *str;
	const char *key;
} bad_strings[] = {
	/* K/M/G must not wrap past 64 bits */
	{ "mask=0xd63829887G", "mask" },
	{ "mask=0x400000000000G", "mask" },
	{ "iova_max=0x4000000001G", "iova_max" },
	{ "iova_max=0x400000000G", "iova_max" },         /* exactly 2^64 */
	{ "max_seg_size=17179869184G", "max_seg_size" }, /* 2^34 G */
	{ "boundary=18014398509481984K", "boundary" },   /* 2^54 K */
	{ "iova_min=17592186044416M", "iova_min" },      /* 2^44 M */
	{ "mask=18446744073709551616", "mask" },         /* 2^64 */
	/* no space, no sign, digits first */
	{ "mask= -1", "mask" },
	{ "mask=-1", "mask" },
	{ "mask= 5", "mask" },
	{ "mask=+5", "mask" },
	{ "mask=0x-1", "mask" },
	{ "mask=0x 5", "mask" },
	{ "mask=0x+5", "mask" },
	{ "mask=0x", "mask" },
	{ "mask=", "mask" },
	{ "mask=5 ", "mask" },
	{ "align=4KK", "align" },
	{ "align=4T", "align" },
	{ "boundary=0b100", "boundary" },
	{ "align=0o10", "align" },
	{ "socket=-1", "socket" },
	{ "socket= 0", "socket" },
	{ "socket=+0", "socket" },
	{ "socket=1K", "socket" },
	{ "socket=anyway", "socket" },
	{ "max_segs=4294967296", "max_segs" },
	{ "max_segs=-1", "max_segs" },
	{ "contig=2", "contig" },
	{ "cache=fast", "cache" },
	{ "bogus=1", "bogus" },
};

static int
test_bad_strings(void)
{
	struct rte_iobuf_params p;
	struct log_capture lc;
	char sock[32];
	unsigned int i;
	int ret;

	/* The last row: the first socket number past the build's limit. */
	snprintf(sock, sizeof(sock), "socket=%d", RTE_MAX_NUMA_NODES);
	for (i = 0; i <= RTE_DIM(bad_strings); i++) {
		const char *str = i < RTE_DIM(bad_strings) ? bad_strings[i].str : sock;
		const char *key = i < RTE_DIM(bad_strings) ? bad_strings[i].key : "socket";

		memset(&p, 0, sizeof(p));
		TEST_ASSERT(log_capture_start(&lc) == 0, "log capture");
		rte_errno = 0;
		ret = rte_iobuf_params_parse(str, &p);
		TEST_ASSERT(one_line_naming(&lc, str, key), "%s: not one log line", str);
		TEST_ASSERT(ret == -EINVAL && rte_errno == EINVAL,
			    "'%s' gave %d, rte_errno %d (mask 0x%" PRIx64 " iova_max 0x%" PRIx64
			    " align %" PRIu64 " socket %d), want -EINVAL", str, ret, rte_errno,
			    p.iova_mask, p.iova_max, p.align, p.socket_id);
	}
	printf("    %u bad strings refused\n", i);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(bad_strings, test_bad_strings);

/* What good strings parse to: numbers decimal or 0x hex, never octal. */
static int
test_good_strings(void)
{
	struct rte_iobuf_params p = { .socket_id = 3 };
	struct rte_iobuf *b;

	TEST_ASSERT(rte_iobuf_params_parse("mask=0xffffffff,align=4K,boundary=64K,contig=1,"
					   "max_seg_size=16M,iova_min=0100,iova_max=0x3ffffffffG,"
					   "max_segs=4294967295,socket=any", &p) == 0, "parse");
	TEST_ASSERT(p.iova_mask == 0xffffffff && p.align == 4096 && p.boundary == 65536 &&
		    (p.flags & RTE_IOBUF_CONTIG) && p.max_seg_size == 16u << 20 &&
		    p.iova_min == 100 && p.iova_max == UINT64_C(0xffffffffc0000000) &&
		    p.max_segs == UINT32_MAX && p.socket_id == SOCKET_ID_ANY,
		    "values: iova_min %" PRIu64 " iova_max 0x%" PRIx64, p.iova_min, p.iova_max);
	TEST_ASSERT(rte_iobuf_params_parse("mask=0XFFk,socket=0,align=010", &p) == 0 &&
		    p.iova_mask == 0xff << 10 && p.socket_id == 0 && p.align == 10,
		    "0X, k, decimal 010: mask 0x%" PRIx64 " align %" PRIu64, p.iova_mask,
		    p.align);
	/* align=0100 is one hundred, not octal 64: create refuses it. */
	memset(&p, 0, sizeof(p));
	p.socket_id = SOCKET_ID_ANY;
	p.capacity = 4096;
	TEST_ASSERT(rte_iobuf_params_parse("align=0100", &p) == 0 && p.align == 100,
		    "align=0100 parsed as %" PRIu64, p.align);
	rte_errno = 0;
	b = rte_iobuf_create_params(&p);
	TEST_ASSERT(b == NULL && rte_errno == EINVAL, "align 100 accepted");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(good_strings, test_good_strings);

static bool
socket_exists(int id)
{
	unsigned int i;

	for (i = 0; i < rte_socket_count(); i++)
		if (rte_socket_id_by_idx(i) == id)
			return true;
	return false;
}

static const int no_sockets[] = { 7, -5, -2, 1000, RTE_MAX_NUMA_NODES, INT32_MAX, INT32_MIN };

/* The rule itself: iobuf_socket_check() in lib/iobuf/iobuf_constraint.c. */
static int
test_socket_check(void)
{
	struct log_capture lc;
	unsigned int i;
	int ret;

	for (i = 0; i < rte_socket_count(); i++)
		TEST_ASSERT(iobuf_socket_check(rte_socket_id_by_idx(i), "t") == 0,
			    "socket %d refused", rte_socket_id_by_idx(i));
	TEST_ASSERT(iobuf_socket_check(SOCKET_ID_ANY, "t") == 0, "SOCKET_ID_ANY refused");
	for (i = 0; i < RTE_DIM(no_sockets); i++) {
		if (socket_exists(no_sockets[i]))
			continue;
		TEST_ASSERT(log_capture_start(&lc) == 0, "log capture");
		ret = iobuf_socket_check(no_sockets[i], "t");
		TEST_ASSERT(one_line_naming(&lc, "socket check", "does not exist"),
			    "socket %d: not one log line", no_sockets[i]);
		TEST_ASSERT(ret == -EINVAL, "socket %d: %d", no_sockets[i], ret);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(socket_check, test_socket_check);

/*
 * Creation on a socket that does not exist: EINVAL and one line saying
 * so, not ENOMEM "heap has no room"; small (arena) and large requests.
 */
static int
test_bad_sockets(void)
{
	static const size_t caps[] = { 4096, 1 << 20 };
	struct iobuf_test_usage before, after;
	struct rte_iobuf_params p;
	struct log_capture lc;
	struct rte_iobuf *b;
	unsigned int i, j;
	int err, lines_ok;

	for (i = 0; i < RTE_DIM(no_sockets); i++) {
		if (socket_exists(no_sockets[i]))
			continue;
		for (j = 0; j < RTE_DIM(caps); j++) {
			p = (struct rte_iobuf_params){ .socket_id = no_sockets[i],
						       .capacity = caps[j] };
			iobuf_test_usage(&before);
			TEST_ASSERT(log_capture_start(&lc) == 0, "log capture");
			rte_errno = 0;
			b = rte_iobuf_create_params(&p);
			err = rte_errno;
			lines_ok = one_line_naming(&lc, "bad socket", "does not exist");
			if (b != NULL)
				rte_iobuf_release(b);
			iobuf_test_usage(&after);
			TEST_ASSERT(b == NULL, "socket %d, %zu bytes: created", no_sockets[i],
				    caps[j]);
			TEST_ASSERT(lines_ok, "socket %d, %zu bytes: not one log line",
				    no_sockets[i], caps[j]);
			TEST_ASSERT(err == EINVAL, "socket %d, %zu bytes: rte_errno %d (%s), want EINVAL",
				    no_sockets[i], caps[j], err, rte_strerror(err));
			TEST_ASSERT(iobuf_test_usage_same(&before, &after), "socket %d leaked",
				    no_sockets[i]);
		}
	}
	for (i = 0; i < rte_socket_count(); i++) {
		b = rte_iobuf_create(NULL, rte_socket_id_by_idx(i), 0, 4096, 0);
		TEST_ASSERT(b != NULL, "socket %d refused", rte_socket_id_by_idx(i));
		rte_iobuf_release(b);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(bad_sockets, test_bad_sockets);

static int
test_names(void)
{
	struct rte_iobuf *a, *b, *c;

	a = rte_iobuf_create("dup", SOCKET_ID_ANY, 0, 128, 0);
	TEST_ASSERT(a != NULL, "create");
	b = rte_iobuf_create("dup", SOCKET_ID_ANY, RTE_IOBUF_SHARED, 128, 0);
	TEST_ASSERT(b == NULL && rte_errno == EEXIST, "duplicate name accepted");
	c = rte_iobuf_lookup("dup");
	TEST_ASSERT(c == a && rte_iobuf_refcnt(a) == 2,
		    "lookup in the owning process must find and retain");
	rte_iobuf_release(c);
	TEST_ASSERT(rte_iobuf_lookup("nope") == NULL && rte_errno == ENOENT, "lookup missing");
	TEST_ASSERT(rte_iobuf_lookup(NULL) == NULL && rte_errno == EINVAL, "lookup NULL");
	rte_iobuf_release(a);
	TEST_ASSERT(rte_iobuf_lookup("dup") == NULL && rte_errno == ENOENT,
		    "released buffer still found");
	a = rte_iobuf_create("dup", SOCKET_ID_ANY, 0, 128, 0);
	TEST_ASSERT(a != NULL, "name reusable after release");
	rte_iobuf_release(a);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(names_and_lookup, test_names);
