/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Two lcores creating, retaining and releasing at once lose nothing. */

#include <inttypes.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <rte_iobuf.h>

#include "iobuf_test.h"

#define ITERATIONS 3000
#define SLOTS 8

static struct rte_iobuf *common;
static volatile int go;

static int
worker(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg, i, s, errors = 0;
	struct rte_iobuf *slot[SLOTS] = { NULL };
	uint64_t masks[2] = { 0, 0x0000FFFFFFFFFFC0ULL };

	while (!go)
		;
	for (i = 0; i < ITERATIONS; i++) {
		s = rand_r(&seed) % SLOTS;
		if (slot[s] == NULL) {
			slot[s] = rte_iobuf_create(NULL, SOCKET_ID_ANY,
					rand_r(&seed) % 2 ? RTE_IOBUF_CONTIG : 0,
					64 + rand_r(&seed) % 65536, masks[rand_r(&seed) % 2]);
			errors += slot[s] == NULL;
		} else {
			rte_iobuf_release(slot[s]);
			slot[s] = NULL;
		}
		/* Hammer the common buffer's reference count. */
		rte_iobuf_retain(common);
		rte_iobuf_retain(common);
		rte_iobuf_release(common);
		rte_iobuf_release(common);
	}
	for (s = 0; s < SLOTS; s++)
		rte_iobuf_release(slot[s]);
	return errors;
}

static int
test_concurrency(void)
{
	unsigned int lcore, n = 0;
	int errors = 0;

	if (rte_lcore_count() < 2)
		TEST_SKIP("needs two lcores (-l 0-1)");
	common = rte_iobuf_create("common", SOCKET_ID_ANY, RTE_IOBUF_SHARED, 4096, 0);
	TEST_ASSERT(common != NULL, "create common");
	go = 0;
	RTE_LCORE_FOREACH_WORKER(lcore) {
		rte_eal_remote_launch(worker, (void *)(uintptr_t)(lcore * 7919), lcore);
		n++;
	}
	go = 1;
	errors = worker((void *)(uintptr_t)1);
	RTE_LCORE_FOREACH_WORKER(lcore)
		errors += rte_eal_wait_lcore(lcore);
	TEST_ASSERT(errors == 0, "%d creates failed", errors);
	TEST_ASSERT(rte_iobuf_refcnt(common) == 1, "common refcnt %u", rte_iobuf_refcnt(common));
	rte_iobuf_release(common);
	printf("    %u lcores x %d iterations\n", n + 1, ITERATIONS);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(two_lcores, test_concurrency);
