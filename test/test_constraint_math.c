/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The constraint rules (lib/iobuf/iobuf_constraint.c) against brute force
 * over a small address space: every admissible start and every range
 * verdict is recomputed byte by byte, for the internal rules and for the
 * public rte_iobuf_check_range().
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_iobuf_check.h>

#include "iobuf_constraint.h"
#include "iobuf_test.h"

#define SPACE 4096 /* addresses 0..SPACE-1, masks below 2^12 */
#define ROUNDS 400

static int
byte_ok(rte_iova_t a, uint64_t allowed, rte_iova_t lo, rte_iova_t hi)
{
	return (a & ~allowed) == 0 && a >= lo && a <= hi;
}

/* Brute-force smallest admissible start >= from, SPACE if none. */
static rte_iova_t
naive_start(const struct rte_iobuf_params *p, uint64_t align, uint64_t allowed,
	    rte_iova_t hi, rte_iova_t from, int contig)
{
	rte_iova_t s, x;
	uint64_t block = p->boundary;

	for (s = from; s < SPACE; s++) {
		int ok = s % align == 0 && byte_ok(s, allowed, p->iova_min, hi);

		if (ok && contig) {
			if (s + p->capacity - 1 > hi)
				ok = 0;
			for (x = s; ok && x < s + p->capacity; x++)
				ok = byte_ok(x, allowed, p->iova_min, hi);
			if (ok && block != 0 && s / block != (s + p->capacity - 1) / block)
				ok = 0;
		}
		if (ok)
			return s;
	}
	return SPACE;
}

static int
test_constraint_math(void)
{
	struct iobuf_constraint c;
	struct rte_iobuf_check chk;
	struct rte_iobuf_params p;
	uint32_t want_bad;
	unsigned int round, checked = 0;
	rte_iova_t from, got, want, a;
	uint64_t align, allowed, len;

	srand(1234);
	for (round = 0; round < ROUNDS; round++) {
		p = (struct rte_iobuf_params){
			.capacity = 1 + rand() % 300,
			.iova_mask = (uint64_t)(rand() % SPACE) & ~(uint64_t)(rand() % 64),
			.align = rand() % 3 == 0 ? 64u << (rand() % 4) : 0,
			.iova_min = rand() % 2 ? rand() % 1024 : 0,
			.iova_max = rand() % 2 ? 2048 + rand() % 2047 : SPACE - 1,
			.boundary = rand() % 2 ? 256u << (rand() % 3) : 0,
			.flags = rand() % 2 ? RTE_IOBUF_CONTIG : 0,
		};
		if (iobuf_constraint_init(&c, &p, "math") != 0)
			continue;
		TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == 0,
			    "check_init refuses what constraint_init accepts");
		align = c.align;
		allowed = p.iova_mask != 0 ? p.iova_mask | (align - 1) : UINT64_MAX;
		TEST_ASSERT(c.forbid == (~allowed), "forbidden bits wrong");
		for (from = 0; from < SPACE; from += 1 + rand() % 97) {
			got = iobuf_next_start(&c, from);
			want = naive_start(&p, align, allowed, p.iova_max, from, c.contig);
			if (got == RTE_BAD_IOVA || got >= SPACE)
				got = SPACE;
			TEST_ASSERT(got == want, "round %u from %" PRIu64 ": next_start %" PRIu64
				    " want %" PRIu64 " (mask 0x%" PRIx64 " align %" PRIu64 " window [%" PRIu64
				    ",%" PRIu64 "] boundary %" PRIu64 " cap %zu contig %d)",
				    round, from, got, want, p.iova_mask, align, p.iova_min, p.iova_max,
				    p.boundary, p.capacity, c.contig);
			checked++;
		}
		for (a = rand() % 64; a < SPACE; a += 1 + rand() % 61) {
			int naive = 1;
			rte_iova_t x;

			len = 1 + rand() % 700;
			for (x = a; x < a + len; x++)
				naive &= byte_ok(x, allowed, p.iova_min, p.iova_max);
			TEST_ASSERT(iobuf_range_admissible(&c, a, len) == !!naive,
				    "range 0x%" PRIx64 "+%" PRIu64 " verdict differs", a, len);
			naive = 1;
			for (x = a; x < a + len; x++)
				naive &= (x & ~allowed) == 0;
			want_bad = naive ? 0 : RTE_IOBUF_CHECK_MASK;
			if (a < p.iova_min || a + len - 1 > p.iova_max)
				want_bad |= RTE_IOBUF_CHECK_WINDOW;
			if (p.boundary != 0 && a / p.boundary != (a + len - 1) / p.boundary)
				want_bad |= RTE_IOBUF_CHECK_BOUNDARY;
			if (a % align != 0)
				want_bad |= RTE_IOBUF_CHECK_ALIGN;
			TEST_ASSERT(rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_ALL) == want_bad,
				    "range 0x%" PRIx64 "+%" PRIu64 ": rules broken 0x%x, want 0x%x",
				    a, len, rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_ALL),
				    want_bad);
			TEST_ASSERT(rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_WINDOW) ==
				    (want_bad & RTE_IOBUF_CHECK_WINDOW), "rule selection ignored");
			checked++;
		}
	}
	printf("    %u verdicts compared with brute force\n", checked);
	TEST_ASSERT(checked > 10000, "too few cases ran");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(constraint_math, test_constraint_math);

/* rte_iobuf_check_init refuses what creation refuses, with its errno. */
static int
test_range_check_init(void)
{
	struct rte_iobuf_check chk;
	struct rte_iobuf_params p = { .align = 3 };

	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL && rte_errno == EINVAL,
		    "alignment 3 accepted");
	p = (struct rte_iobuf_params){ .boundary = 3 * 4096 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL, "boundary 12K accepted");
	p = (struct rte_iobuf_params){ .iova_min = 0x2000, .iova_max = 0x1000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL, "empty window accepted");
	p = (struct rte_iobuf_params){ .iova_mask = 0xf000, .align = 0x10000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -ERANGE && rte_errno == ERANGE,
		    "mask below alignment accepted");
	TEST_ASSERT(rte_iobuf_check_init(NULL, &p) == -EINVAL, "NULL accepted");
	/* Capacity 0 means "ranges", not "no request". */
	p = (struct rte_iobuf_params){ .iova_mask = 0xffffffff, .boundary = 0x10000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == 0, "32-bit mask refused");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xfffff000, 0x1000, RTE_IOBUF_CHECK_ALL) == 0,
		    "last 4 KiB below 4 GiB refused");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xfffff000, 0x1001, RTE_IOBUF_CHECK_ALL) ==
		    (RTE_IOBUF_CHECK_MASK | RTE_IOBUF_CHECK_BOUNDARY),
		    "range over 4 GiB (and over a 64 KiB boundary) admitted");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xffc0, 0x80, RTE_IOBUF_CHECK_ALL) ==
		    RTE_IOBUF_CHECK_BOUNDARY, "64 KiB crossing admitted");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0x1000, 0, RTE_IOBUF_CHECK_ALL) ==
		    RTE_IOBUF_CHECK_WINDOW, "empty range admitted");
	TEST_ASSERT(strcmp(rte_iobuf_check_rule_name(RTE_IOBUF_CHECK_BOUNDARY), "boundary") == 0 &&
		    strcmp(rte_iobuf_check_rule_name(0x100), "?") == 0, "rule names");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(range_check_init, test_range_check_init);
