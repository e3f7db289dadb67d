/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Two lcores creating, retaining and releasing at once lose nothing: every
 * buffer created is checked against EAL (iobuf_check) and carries its
 * owner's tag over all its bytes until it is released, so two owners
 * handed the same memory (or overlapping memory) fail; a common buffer's
 * reference count, hammered from both lcores, ends where it began and its
 * bytes are untouched. The operations each lcore does come from the run's
 * seed (IOBUF_TEST_SEED reproduces them; the interleaving is the
 * machine's).
 */

#include <inttypes.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define ITERATIONS 3000
#define SLOTS 8

static struct iobuf_owned common;
static volatile int go;

struct worker_stats {
	unsigned int seed;
	unsigned int creates, releases, contig, failed_creates;
	unsigned int bad_iova, bad_tags;
	int first_error;  /* iteration of the first failure, -1 if none */
};

static struct worker_stats stats[RTE_MAX_LCORE];

static int
worker(void *arg)
{
	struct worker_stats *st = arg;
	unsigned int seed = st->seed, i, s;
	struct iobuf_owned slot[SLOTS] = { { NULL, 0 } };
	struct rte_iobuf_params req[SLOTS];
	static const uint64_t masks[2] = { 0, 0x0000FFFFFFFFFFC0ULL };
	struct rte_iobuf *b;

	st->first_error = -1;
	while (!go)
		;
	/* Stop at the first failure: the library's state is suspect then. */
	for (i = 0; i < ITERATIONS && st->first_error < 0; i++) {
		s = rand_r(&seed) % SLOTS;
		if (slot[s].b == NULL) {
			req[s] = (struct rte_iobuf_params){
				.socket_id = SOCKET_ID_ANY,
				.flags = rand_r(&seed) % 2 ? RTE_IOBUF_CONTIG : 0,
				.capacity = 64 + rand_r(&seed) % 65536,
				.iova_mask = masks[rand_r(&seed) % 2],
			};
			b = rte_iobuf_create_params(&req[s]);
			if (b == NULL) {
				printf("    lcore %u iteration %u: create of %zu bytes failed: %s\n",
				       rte_lcore_id(), i, req[s].capacity, rte_strerror(rte_errno));
				st->failed_creates++;
				if (st->first_error < 0)
					st->first_error = i;
				continue;
			}
			st->creates++;
			st->contig += (req[s].flags & RTE_IOBUF_CONTIG) != 0;
			if (iobuf_check_r(b, &req[s], &seed) != TEST_SUCCESS) {
				printf("    lcore %u iteration %u: buffer of %zu bytes fails the oracle\n",
				       rte_lcore_id(), i, req[s].capacity);
				st->bad_iova++;
				if (st->first_error < 0)
					st->first_error = i;
			}
			iobuf_own(&slot[s], b);
		} else {
			if (iobuf_disown(&slot[s]) != TEST_SUCCESS) {
				printf("    lcore %u iteration %u: slot %u's owner tag was overwritten\n",
				       rte_lcore_id(), i, s);
				st->bad_tags++;
				if (st->first_error < 0)
					st->first_error = i;
			}
			st->releases++;
		}
		/* Hammer the common buffer's reference count. */
		rte_iobuf_retain(common.b);
		rte_iobuf_retain(common.b);
		rte_iobuf_release(common.b);
		rte_iobuf_release(common.b);
	}
	for (s = 0; s < SLOTS; s++) {
		if (slot[s].b == NULL)
			continue;
		if (iobuf_disown(&slot[s]) != TEST_SUCCESS) {
			st->bad_tags++;
			if (st->first_error < 0)
				st->first_error = ITERATIONS;
		}
		st->releases++;
	}
	return st->failed_creates + st->bad_iova + st->bad_tags;
}

static int
test_concurrency(void)
{
	unsigned int lcore, main_lcore = rte_lcore_id(), n = 0;
	int errors = 0;

	if (rte_lcore_count() < 2)
		TEST_SKIP("needs two lcores (-l 0-1)");
	common.b = rte_iobuf_create("common", SOCKET_ID_ANY, RTE_IOBUF_SHARED, 4096, 0);
	TEST_ASSERT(common.b != NULL, "create common");
	iobuf_own(&common, common.b);
	go = 0;
	RTE_LCORE_FOREACH(lcore)
		stats[lcore] = (struct worker_stats){ .seed = iobuf_test_seed ^ (lcore * 7919u) };
	RTE_LCORE_FOREACH_WORKER(lcore) {
		rte_eal_remote_launch(worker, &stats[lcore], lcore);
		n++;
	}
	go = 1;
	errors = worker(&stats[main_lcore]);
	RTE_LCORE_FOREACH_WORKER(lcore)
		errors += rte_eal_wait_lcore(lcore);
	RTE_LCORE_FOREACH(lcore) {
		const struct worker_stats *st = &stats[lcore];

		printf("    lcore %u (rand_r seed %u): %u creates (%u contiguous), %u releases, "
		       "%u failed creates, %u oracle failures, %u overwritten tags%s",
		       lcore, st->seed, st->creates, st->contig, st->releases,
		       st->failed_creates, st->bad_iova, st->bad_tags,
		       st->first_error >= 0 ? ", first failure at iteration " : "\n");
		if (st->first_error >= 0)
			printf("%d\n", st->first_error);
	}
	if (rte_iobuf_refcnt(common.b) != 1 || errors != 0) {
		printf("    FAIL: %d failures, common refcnt %u\n", errors,
		       rte_iobuf_refcnt(common.b));
		iobuf_disown(&common);
		return TEST_FAILED;
	}
	TEST_ASSERT(iobuf_disown(&common) == TEST_SUCCESS, "common buffer overwritten");
	printf("    %u lcores x %d iterations, every buffer checked against EAL and its owner tag\n",
	       n + 1, ITERATIONS);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(two_lcores, test_concurrency);
