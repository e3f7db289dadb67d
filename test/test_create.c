/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* The seed call, reference counting, length and capacity. */

#include <inttypes.h>
#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

static int
test_seed_call(void)
{
	const uint32_t opts = RTE_IOBUF_DIR_IN | RTE_IOBUF_CONTIG |
			      RTE_IOBUF_CACHE_WRITE_COMBINE;
	struct rte_iobuf_params req = {
		.flags = opts, .capacity = 64 * 1024,
		.iova_mask = 0x0000FFFFFFFFF000ULL,
	};
	struct rte_iobuf *b;
	size_t seg_len;
	rte_iova_t iova;
	void *va;

	/* The one-liner, with a 48-bit mask every machine meets. */
	b = rte_iobuf_create("rx-ring", SOCKET_ID_ANY, opts, 64 * 1024,
			     0x0000FFFFFFFFF000ULL);
	TEST_ASSERT(b != NULL, "create failed: %s", rte_strerror(rte_errno));
	iova = rte_iobuf_iova(b, 0, &seg_len);
	TEST_ASSERT(iova == rte_mem_virt2iova(b->va), "IOVA differs from EAL");
	TEST_ASSERT(seg_len == 64 * 1024, "contiguous buffer seg_len %zu", seg_len);
	TEST_ASSERT(iova % 4096 == 0, "mask's alignment not applied");
	va = rte_iobuf_addr(b, 0, 64 * 1024);
	TEST_ASSERT(va == b->va, "addr(0, capacity) wrong");
	TEST_ASSERT(rte_iobuf_addr(b, 1, 64 * 1024) == NULL && rte_errno == ERANGE,
		    "addr beyond length not refused");
	TEST_ASSERT(strcmp(rte_iobuf_name(b), "rx-ring") == 0, "name");
	TEST_ASSERT(iobuf_check(b, &req) == TEST_SUCCESS, "check failed");

	rte_iobuf_retain(b);
	TEST_ASSERT(rte_iobuf_refcnt(b) == 2, "refcnt after retain");
	rte_iobuf_release(b);
	TEST_ASSERT(rte_iobuf_refcnt(b) == 1, "refcnt after release");
	TEST_ASSERT(rte_iobuf_fill(b, 0, 0x5a, 64 * 1024) == 0, "fill");
	TEST_ASSERT(((volatile uint8_t *)va)[0] == 0x5a &&
		    ((volatile uint8_t *)va)[64 * 1024 - 1] == 0x5a,
		    "write-combine fill not visible at the CPU address");
	rte_iobuf_release(b);
	rte_iobuf_release(NULL);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(seed_call, test_seed_call);

static int
test_length(void)
{
	static const char msg[] = "hello, device";
	struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 100, 0);
	char back[sizeof(msg)];
	size_t seg_len;

	TEST_ASSERT(b != NULL, "create failed");
	TEST_ASSERT(rte_iobuf_length(b) == 100 && rte_iobuf_capacity(b) == 100,
		    "new buffer's length must equal its capacity");
	TEST_ASSERT(rte_iobuf_set_length(b, 0) == 0, "set_length 0");
	TEST_ASSERT(rte_iobuf_iova(b, 0, &seg_len) == RTE_BAD_IOVA && seg_len == 0,
		    "iova beyond length not refused");
	TEST_ASSERT(rte_iobuf_append(b, msg, sizeof(msg)) == 0, "append");
	TEST_ASSERT(rte_iobuf_length(b) == sizeof(msg), "append moved length");
	TEST_ASSERT(rte_iobuf_read(b, 0, back, sizeof(msg)) == 0 &&
		    memcmp(back, msg, sizeof(msg)) == 0, "appended bytes read back");
	TEST_ASSERT(rte_iobuf_set_length(b, 101) == -ERANGE && rte_errno == ERANGE,
		    "set_length beyond capacity not refused");
	TEST_ASSERT(rte_iobuf_length(b) == sizeof(msg), "refused set_length changed length");
	TEST_ASSERT(rte_iobuf_set_length(b, 95) == 0, "set_length 95");
	TEST_ASSERT(rte_iobuf_append(b, msg, sizeof(msg)) == -ENOSPC &&
		    rte_errno == ENOSPC, "append that does not fit not refused");
	TEST_ASSERT(rte_iobuf_length(b) == 95, "refused append changed length");
	TEST_ASSERT(rte_iobuf_read(b, 90, back, 6) == -ERANGE, "read beyond length");
	TEST_ASSERT(rte_iobuf_set_length(b, 100) == 0, "set_length capacity");
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(length_and_append, test_length);
