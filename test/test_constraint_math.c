/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The constraint rules (lib/iobuf/iobuf_constraint.c) against brute force
 * over a small address space: every admissible start and every range
 * verdict is recomputed byte by byte.
 */

#include <inttypes.h>
#include <stdlib.h>

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
	struct rte_iobuf_params p;
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
			checked++;
		}
	}
	printf("    %u verdicts compared with brute force\n", checked);
	TEST_ASSERT(checked > 10000, "too few cases ran");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(constraint_math, test_constraint_math);
