/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Runner: iobuf_autotest [EAL args] -- [--list] [name ...]
 * Runs the named tests (all without names), prints one line per test and
 * a closing "N passed, N failed, N skipped" line. Exit status: 1 if any
 * failed, 77 (meson's "skipped") if none ran and some were skipped, else 0.
 * A name that is no test fails (it would otherwise run nothing and pass).
 * "--list" prints the names without starting EAL.
 * "--secondary NAME ARGS..." runs a secondary-process role (see
 * test_shared.c) instead of tests.
 *
 * A suite that cannot run fails; it is SKIPPED, with the reason, only where
 * this machine truly cannot run it. Missing hugepages are such a reason
 * only outside strict mode: with IOBUF_TEST_STRICT=1 (tools/run-tests.sh
 * as root) or CI set in the environment, they fail every test.
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
iobuf_test_hosts_secondaries(void)
{
	return rte_eal_has_hugepages();
}

/* IOBUF_TEST_STRICT=1, or CI set (and not "false" or "0"). */
static bool
strict_mode(void)
{
	const char *s = getenv("IOBUF_TEST_STRICT");
	const char *ci = getenv("CI");

	if (s != NULL && s[0] != '\0' && strcmp(s, "0") != 0)
		return true;
	return ci != NULL && ci[0] != '\0' && strcmp(ci, "0") != 0 &&
	       strcmp(ci, "false") != 0;
}

static const struct iobuf_test *
find_test(const char *name)
{
	const struct iobuf_test *t;

	for (t = tests; t != NULL; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
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

/* What the running test declared (iobuf_test_expect_heap_growth()). */
static uint64_t expected_bytes, expected_count;

void
iobuf_test_expect_heap_growth(uint64_t bytes, uint64_t count)
{
	expected_bytes += bytes;
	expected_count += count;
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
	expected_bytes = expected_count = 0;
	ret = t->fn();
	iobuf_test_usage(&after);
	before.alloc_bytes += expected_bytes;
	before.alloc_count += expected_count;
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
		return "no hugetlbfs mount (tools/run-tests.sh as root sets them up: setup_hugepages in tools/common.sh)";
	f = fopen("/proc/meminfo", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		sscanf(line, "HugePages_Free: %ld", &free_pages);
	if (f != NULL)
		fclose(f);
	if (free_pages <= 0)
		return "no free hugepages (tools/run-tests.sh as root sets them up: setup_hugepages in tools/common.sh)";
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

/* Index of the first argument after EAL's ("--"), or argc. */
static int
test_args_start(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
	return argc;
}

int
main(int argc, char **argv)
{
	const struct iobuf_test *t;
	unsigned int passed = 0, failed = 0, skipped = 0;
	const char *missing;
	bool secondary;
	int i, ret, first;

	iobuf_test_prog = argv[0];
	iobuf_test_seed = pick_seed();
	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], "--file-prefix=", 14) == 0)
			iobuf_test_file_prefix = argv[i] + 14;
	first = test_args_start(argc, argv);
	secondary = first < argc && strcmp(argv[first], "--secondary") == 0;

	if (first < argc && strcmp(argv[first], "--list") == 0) {
		for (t = tests; t != NULL; t = t->next)
			printf("%s\n", t->name);
		return 0;
	}
	/* A name that matches no test would run nothing and pass. */
	for (i = first; !secondary && i < argc; i++) {
		if (find_test(argv[i]) == NULL) {
			printf("FAILED %s: no such test (-- --list prints the names)\n",
			       argv[i]);
			failed++;
		}
	}

	missing = secondary ? NULL : hugepages_missing(argc, argv);
	if (missing != NULL) {
		bool strict = strict_mode();

		for (t = tests; t != NULL; t = t->next) {
			if (!selected(t->name, argc - first, argv + first))
				continue;
			printf("%s %s: %s%s\n", strict ? "FAILED" : "SKIPPED", t->name,
			       missing, strict ? " [strict: IOBUF_TEST_STRICT or CI set]" : "");
			if (strict)
				failed++;
			else
				skipped++;
		}
		printf("0 passed, %u failed, %u skipped\n", failed, skipped);
		return failed != 0 ? 1 : TEST_SKIPPED;
	}

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("EAL init failed: %s\n", rte_strerror(rte_errno));
		/* A secondary says so with its own status; its primary fails
		 * the test (iobuf_test_secondary_report_exit()). */
		if (secondary)
			return IOBUF_TEST_EXIT_NO_EAL;
		printf("0 passed, %u failed, 0 skipped\n", failed + 1);
		return 1;
	}
	argc -= ret + 1;
	argv += ret + 1;
	if (secondary)
		return iobuf_test_secondary_main(argc - 1, argv + 1);
	printf("seed %u (reproduce with IOBUF_TEST_SEED=%u)\n", iobuf_test_seed,
	       iobuf_test_seed);
	/* The library's fixed state (the page store's memzone) is made at
	 * first use: make it before the first test's snapshot. */
	rte_iobuf_release(rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 64, 0));
	rte_iobuf_trim();
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
