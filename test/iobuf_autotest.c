/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Runner: iobuf_autotest [EAL args] -- [--list] [name ...]
 * Runs the named tests (all without names), prints one line per test and
 * a closing "N passed, N failed, N skipped" line. Exit status: 1 if any
 * failed, 77 (meson's "skipped") if none ran and some were skipped, else 0.
 * "--secondary NAME ARGS..." runs a secondary-process role (see
 * test_shared.c) instead of tests.
 */

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_test.h"

static struct iobuf_test *tests;
const char *iobuf_test_prog;
const char *iobuf_test_file_prefix = "";
unsigned int iobuf_test_seed;

int iobuf_test_secondary_main(int argc, char **argv);

void
iobuf_test_register(struct iobuf_test *t)
{
	struct iobuf_test **p = &tests;

	/* Keep registration order (link order), for a stable report. */
	while (*p != NULL)
		p = &(*p)->next;
	t->next = NULL;
	*p = t;
}

static void
count_mz(const struct rte_memzone *mz __rte_unused, void *arg)
{
	(*(unsigned int *)arg)++;
}

unsigned int
iobuf_test_memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(count_mz, &n);
	return n;
}

void
iobuf_test_usage(struct iobuf_test_usage *u)
{
	struct rte_malloc_socket_stats st;
	int s;

	/* What the library keeps on purpose (lcore caches, one empty arena
	 * per class) is not a leak: give it back before counting. */
	rte_iobuf_trim();
	memset(u, 0, sizeof(*u));
	u->memzones = iobuf_test_memzones();
	for (s = 0; s < RTE_MAX_NUMA_NODES; s++) {
		if (rte_malloc_get_socket_stats(s, &st) < 0)
			continue;
		u->alloc_bytes += st.heap_allocsz_bytes;
		u->alloc_count += st.alloc_count;
	}
}

int
iobuf_test_usage_same(const struct iobuf_test_usage *a,
		      const struct iobuf_test_usage *b)
{
	if (a->memzones == b->memzones && a->alloc_bytes == b->alloc_bytes &&
	    a->alloc_count == b->alloc_count)
		return 1;
	printf("    usage changed: memzones %u -> %u, heap bytes %" PRIu64
	       " -> %" PRIu64 ", allocations %" PRIu64 " -> %" PRIu64 "\n",
	       a->memzones, b->memzones, a->alloc_bytes, b->alloc_bytes,
	       a->alloc_count, b->alloc_count);
	return 0;
}

int
iobuf_test_pa_mode(void)
{
	return rte_eal_iova_mode() == RTE_IOVA_PA && rte_eal_has_hugepages();
}

static int
selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc == 0)
		return 1;
	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

static int
run_test(const struct iobuf_test *t)
{
	struct iobuf_test_usage before, after;
	int ret;

	printf("--- %s\n", t->name);
	fflush(stdout);
	iobuf_test_usage(&before);
	srand(iobuf_test_seed);
	ret = t->fn();
	iobuf_test_usage(&after);
	if (ret == TEST_SUCCESS && !iobuf_test_usage_same(&before, &after)) {
		printf("    FAIL: test leaked memory or memzones\n");
		ret = TEST_FAILED;
	}
	printf("%s %s\n", ret == TEST_SUCCESS ? "PASSED" :
	       ret == TEST_SKIPPED ? "SKIPPED" : "FAILED", t->name);
	fflush(stdout);
	return ret;
}

/* Hugepages are needed unless EAL runs with --no-huge. */
static const char *
hugepages_missing(int argc, char **argv)
{
	char line[256];
	FILE *f;
	long free_pages = 0;
	int i, mounted = 0;

	for (i = 0; i < argc; i++)
		if (strcmp(argv[i], "--no-huge") == 0)
			return NULL;
	f = fopen("/proc/mounts", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		mounted |= strstr(line, " hugetlbfs ") != NULL;
	if (f != NULL)
		fclose(f);
	if (!mounted)
		return "no hugetlbfs mount (run tools/setup-hugepages.sh as root)";
	f = fopen("/proc/meminfo", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "HugePages_Free: %ld", &free_pages);
	if (f != NULL)
		fclose(f);
	if (free_pages <= 0)
		return "no free hugepages (run tools/setup-hugepages.sh as root)";
	return NULL;
}

static unsigned int
pick_seed(void)
{
	const char *env = getenv("IOBUF_TEST_SEED");
	struct timespec ts;

	if (env != NULL && env[0] != '\0')
		return (unsigned int)strtoul(env, NULL, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (unsigned int)(ts.tv_nsec ^ ts.tv_sec ^ ((unsigned int)getpid() << 16));
}

static bool
is_secondary_launch(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--proc-type=secondary") == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	const struct iobuf_test *t;
	unsigned int passed = 0, failed = 0, skipped = 0;
	const char *missing;
	int i, ret;

	iobuf_test_prog = argv[0];
	iobuf_test_seed = pick_seed();
	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--file-prefix=", 14) == 0)
			iobuf_test_file_prefix = argv[i] + 14;

	missing = hugepages_missing(argc, argv);
	if (missing != NULL) {
		for (t = tests; t != NULL; t = t->next, skipped++)
			printf("SKIPPED %s: %s\n", t->name, missing);
		printf("0 passed, 0 failed, %u skipped\n", skipped);
		return TEST_SKIPPED;
	}

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("EAL init failed: %s\n", rte_strerror(rte_errno));
		/* A secondary that cannot map the primary's memory at the same
		 * addresses (they may be taken in this process, e.g. by a
		 * sanitizer) tells its primary so, which then skips. */
		if (is_secondary_launch(argc, argv))
			return TEST_SKIPPED;
		printf("0 passed, 1 failed, 0 skipped\n");
		return 1;
	}
	argc -= ret + 1;
	argv += ret + 1;
	if (argc > 0 && strcmp(argv[0], "--secondary") == 0)
		return iobuf_test_secondary_main(argc - 1, argv + 1);
	if (argc > 0 && strcmp(argv[0], "--list") == 0) {
		for (t = tests; t != NULL; t = t->next)
			printf("%s\n", t->name);
		rte_eal_cleanup();
		return 0;
	}
	printf("seed %u (reproduce with IOBUF_TEST_SEED=%u)\n", iobuf_test_seed,
	       iobuf_test_seed);
	printf("IOVA mode %s, %s\n", rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA",
	       rte_eal_has_hugepages() ? "hugepages" : "no hugepages");
	for (t = tests; t != NULL; t = t->next) {
		if (!selected(t->name, argc, argv))
			continue;
		ret = run_test(t);
		passed += ret == TEST_SUCCESS;
		skipped += ret == TEST_SKIPPED;
		failed += ret != TEST_SUCCESS && ret != TEST_SKIPPED;
	}
	printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
	rte_eal_cleanup();
	if (failed != 0)
		return 1;
	return passed == 0 && skipped != 0 ? TEST_SKIPPED : 0;
}
