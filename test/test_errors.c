/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Bad input: each case gets NULL, its precise rte_errno, and leaks nothing. */

#include <inttypes.h>
#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include <rte_iobuf.h>

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
