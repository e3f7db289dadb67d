/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TEST_H
#define IOBUF_TEST_H

/*
 * A small autotest runner in the style of DPDK's app/test (whose test.h is
 * not installed): tests register by name, run by name, and every test runs
 * between two snapshots of memzones and heap statistics, so a test that
 * leaks fails even if its own assertions passed.
 */

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include <rte_common.h>
#include <rte_memory.h>

#define TEST_SUCCESS 0
#define TEST_FAILED  (-1)
#define TEST_SKIPPED 77

struct iobuf_test {
	const char *name;
	int (*fn)(void);
	struct iobuf_test *next;
};

void iobuf_test_register(struct iobuf_test *t);

#define REGISTER_IOBUF_TEST(nm, func) \
	static struct iobuf_test iobuf_test_ ## nm = { \
		.name = RTE_STR(nm), .fn = func, \
	}; \
	RTE_INIT(iobuf_test_init_ ## nm) \
	{ \
		iobuf_test_register(&iobuf_test_ ## nm); \
	}

#define TEST_ASSERT(cond, fmt, ...) do { \
	if (!(cond)) { \
		printf("    FAIL %s:%d: %s: " fmt "\n", __FILE__, __LINE__, \
		       #cond, ##__VA_ARGS__); \
		return TEST_FAILED; \
	} \
} while (0)

#define TEST_SKIP(fmt, ...) do { \
	printf("    SKIPPED: " fmt "\n", ##__VA_ARGS__); \
	return TEST_SKIPPED; \
} while (0)

/*
 * Seed of this run: IOBUF_TEST_SEED from the environment, else drawn from
 * the clock and pid, printed at start. The runner calls srand() with it
 * before every test, so a failing test reproduces alone from the seed;
 * threads derive their rand_r() seeds from it.
 */
extern unsigned int iobuf_test_seed;

/* argv[0] of the runner and its EAL file prefix, for spawning secondaries. */
extern const char *iobuf_test_prog;
extern const char *iobuf_test_file_prefix;

/* Exit status of a secondary whose rte_eal_init() failed (it could not
 * attach to the primary). */
#define IOBUF_TEST_EXIT_NO_EAL 3

/* Run this program as a secondary process in role @p role with two
 * arguments, in the primary's IOVA mode; returns the child's pid (-1 on
 * fork failure). */
pid_t iobuf_test_spawn_secondary(const char *role, const char *arg1,
				 const char *arg2);
/*
 * After a secondary sent no status: wait until it has exited (it stays
 * reapable: waitpid() still works) and print why it ended (EAL could not
 * attach, exit status, signal). A secondary that cannot attach is a
 * failure of the test, never a skip: callers go on to their failing check.
 */
void iobuf_test_secondary_report_exit(pid_t pid);
/* Secondary roles, argv[0] = role name, dispatched by test_shared.c.
 * Weak: a role whose test file is not linked is refused at run time. */
int iobuf_test_mempool_secondary(int argc, char **argv) __attribute__((weak));
int iobuf_test_arena_secondary(int argc, char **argv) __attribute__((weak));
int iobuf_test_store_secondary(int argc, char **argv) __attribute__((weak));
int iobuf_test_stress_secondary(int argc, char **argv) __attribute__((weak));
int iobuf_test_kill_secondary(int argc, char **argv) __attribute__((weak));

/* Memzones and heap allocations in use now (all sockets). */
struct iobuf_test_usage {
	unsigned int memzones;
	uint64_t alloc_bytes;
	uint64_t alloc_count;
};
void iobuf_test_usage(struct iobuf_test_usage *u);
/* Memzones in use now (no trim: what the library keeps counts). */
unsigned int iobuf_test_memzones(void);

/* The library's counters now (a value, for before/after comparisons). */
static inline struct rte_iobuf_stats
iobuf_test_stats(void)
{
	struct rte_iobuf_stats st;

	rte_iobuf_stats_get(&st);
	return st;
}
int iobuf_test_usage_same(const struct iobuf_test_usage *a,
			  const struct iobuf_test_usage *b);
/* The running test knows that the heap grows by @p bytes in @p count
 * allocations that are not the library's (measured, e.g. what EAL leaves
 * of a killed secondary): the leak check allows exactly that much more. */
void iobuf_test_expect_heap_growth(uint64_t bytes, uint64_t count);

/* The primary can host secondary processes: it runs on hugepages, in
 * IOVA-as-PA or (--iova-mode=va) IOVA-as-VA. A --no-huge primary cannot. */
int iobuf_test_hosts_secondaries(void);
/* Former name (it never meant more than the above), kept for callers. */
#define iobuf_test_pa_mode() iobuf_test_hosts_secondaries()

#endif /* IOBUF_TEST_H */
