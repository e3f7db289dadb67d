/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The small-buffer arenas: carved buffers meet their whole constraint on
 * the IOVAs EAL reports, never overlap, go back to DPDK when released, and
 * survive two lcores hammering one class.
 */

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define MAX_PAGES 4096
/* The library keeps one empty arena per class (IOBUF_ARENA_KEEP_EMPTY). */
#define IOBUF_KEEP_EMPTY 1

static rte_iova_t pages[MAX_PAGES];

static unsigned int
arenas_now(void)
{
	struct rte_iobuf_stats st;

	rte_iobuf_stats_get(&st);
	return st.arenas;
}

/* Stamp and check a buffer's first and (from 16 bytes on) last 8 bytes
 * with @p tag; capacities are at least 8. */
static void
stamp(struct rte_iobuf *b, uint64_t tag)
{
	memcpy(b->va, &tag, sizeof(tag));
	if (b->capacity >= 2 * sizeof(tag))
		memcpy(b->va + b->capacity - sizeof(tag), &tag, sizeof(tag));
}

static int
stamped(const struct rte_iobuf *b, uint64_t tag)
{
	uint64_t head, tail = tag;

	memcpy(&head, b->va, sizeof(head));
	if (b->capacity >= 2 * sizeof(tag))
		memcpy(&tail, b->va + b->capacity - sizeof(tail), sizeof(tail));
	return head == tag && tail == tag;
}

/* Lower bound of a window that admits about half of the mapped pages. */
static rte_iova_t
half_window(void)
{
	uint64_t page_sz;
	unsigned int n = iobuf_check_mapped_pages(pages, MAX_PAGES, &page_sz);

	return n == 0 ? 0 : pages[n / 2];
}

static int
test_arena_iova(void)
{
	static const size_t sizes[] = { 8, 64, 200, 256, 1000, 4096, 20000, 65536 };
	static const uint64_t aligns[] = { 0, 256, 4096 };
	struct rte_iobuf *b[32];
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	unsigned int s, a, w, i, checked = 0;

	for (w = 0; w < 2; w++) {
		p.iova_min = w ? half_window() : 0;
		p.iova_mask = w ? 0 : UINT64_MAX;
		for (s = 0; s < RTE_DIM(sizes); s++) {
			for (a = 0; a < RTE_DIM(aligns); a++) {
				p.capacity = sizes[s];
				p.align = aligns[a];
				p.boundary = sizes[s] <= 4096 ? 4096 : 0;
				p.flags = a == 1 ? RTE_IOBUF_CONTIG : 0;
				for (i = 0; i < RTE_DIM(b); i++) {
					b[i] = rte_iobuf_create_params(&p);
					TEST_ASSERT(b[i] != NULL, "size %zu align %" PRIu64
						    " window from 0x%" PRIx64 ": %s", sizes[s],
						    aligns[a], p.iova_min, rte_strerror(rte_errno));
					TEST_ASSERT(iobuf_check(b[i], &p) == TEST_SUCCESS,
						    "independent check");
					TEST_ASSERT(rte_iobuf_verify(b[i]) == 0, "verify");
					TEST_ASSERT(rte_iobuf_seg_count(b[i]) == 1, "one segment");
					stamp(b[i], ((uint64_t)s << 32) | (a << 16) | i);
					checked++;
				}
				TEST_ASSERT(arenas_now() > 0, "size %zu was not carved", sizes[s]);
				for (i = 0; i < RTE_DIM(b); i++) {
					TEST_ASSERT(stamped(b[i], ((uint64_t)s << 32) | (a << 16) | i),
						    "buffer %u was overwritten: overlap", i);
					rte_iobuf_release(b[i]);
				}
			}
		}
	}
	printf("    %u carved buffers checked against rte_mem_virt2iova\n", checked);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(arena_iova, test_arena_iova);

enum { RETURN_N = 256 };  /* 64 KiB each: 32 per arena, so eight arenas */

struct return_counts {
	unsigned int created;
	unsigned int arenas[2], memzones[2];  /* all live, all released */
};

/* From a non-EAL thread (no lcore cache, so every release reaches its
 * arena at once): fill eight arenas, release in random order. */
static void *
fill_and_release(void *arg)
{
	struct return_counts *rc = arg;
	struct rte_iobuf *b[RETURN_N], *t;
	unsigned int i, j;

	for (i = 0; i < RETURN_N; i++) {
		b[i] = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 65536, 0);
		if (b[i] == NULL)
			break;
	}
	rc->created = i;
	rc->arenas[0] = arenas_now();
	rc->memzones[0] = iobuf_test_memzones();
	for (j = i; j > 1; j--) {
		unsigned int k = rand() % j;

		t = b[j - 1];
		b[j - 1] = b[k];
		b[k] = t;
	}
	while (i > 0)
		rte_iobuf_release(b[--i]);
	rc->arenas[1] = arenas_now();
	rc->memzones[1] = iobuf_test_memzones();
	return NULL;
}

static int
test_arena_return(void)
{
	struct return_counts rc;
	struct rte_iobuf_stats st;
	unsigned int mz0, i, arenas;
	struct rte_iobuf *t;
	pthread_t th;

	rte_iobuf_trim();
	mz0 = iobuf_test_memzones();
	TEST_ASSERT(pthread_create(&th, NULL, fill_and_release, &rc) == 0, "thread");
	pthread_join(th, NULL);
	TEST_ASSERT(rc.created == RETURN_N, "only %u creates", rc.created);
	TEST_ASSERT(rc.arenas[0] == RETURN_N / 32, "%u buffers of 64 KiB took %u arenas",
		    RETURN_N, rc.arenas[0]);
	/* Arenas come from page-store extents of 16 MiB: 16 MiB of arenas
	 * take one or two memzones, not one per arena. */
	TEST_ASSERT(rc.memzones[0] - mz0 <= 2, "%u arenas took %u memzones", rc.arenas[0],
		    rc.memzones[0] - mz0);
	/* Every arena went back to the store as it emptied, except the one
	 * kept, and the store kept at most one empty extent besides. */
	TEST_ASSERT(rc.arenas[1] == IOBUF_KEEP_EMPTY, "after release: %u arenas", rc.arenas[1]);
	rte_iobuf_stats_get(&st);
	TEST_ASSERT(st.store_extents_empty <= 1 && st.store_extents <= 2,
		    "after release: store holds %u extents, %u empty", st.store_extents,
		    st.store_extents_empty);

	/* A create/release loop on an lcore stays in the kept arena. */
	arenas = arenas_now();
	for (i = 0; i < 10000; i++) {
		t = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 65536, 0);
		TEST_ASSERT(t != NULL, "loop create");
		rte_iobuf_release(t);
		TEST_ASSERT(arenas_now() == arenas, "arena count moved in the loop");
	}
	TEST_ASSERT(rte_iobuf_trim() >= 1, "trim freed nothing");
	TEST_ASSERT(iobuf_test_memzones() == mz0, "after trim: %u memzones, baseline %u",
		    iobuf_test_memzones(), mz0);
	printf("    arenas: %u live, %u after release; memzones: baseline %u, %u live, %u released, %u trimmed\n",
	       rc.arenas[0], rc.arenas[1], mz0, rc.memzones[0], rc.memzones[1],
	       iobuf_test_memzones());
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(arena_return, test_arena_return);

/* Mixed sizes and constraints, interleaved creates and random releases. */
static int
test_arena_mixed(void)
{
	enum { LIVE = 800, ROUNDS = 6000 };
	static struct rte_iobuf *live[LIVE];
	static struct rte_iobuf_params req[LIVE];
	rte_iova_t half = half_window();
	unsigned int i, k, n_live = 0, created = 0;
	uint64_t tag;

	for (i = 0; i < ROUNDS; i++) {
		if (n_live == LIVE || (n_live > 0 && rand() % 3 == 0)) {
			k = rand() % n_live;
			tag = (uintptr_t)live[k];
			TEST_ASSERT(stamped(live[k], tag), "buffer overwritten: overlap");
			rte_iobuf_release(live[k]);
			live[k] = live[--n_live];
			req[k] = req[n_live];
			continue;
		}
		memset(&req[n_live], 0, sizeof(req[0]));
		req[n_live].socket_id = SOCKET_ID_ANY;
		req[n_live].capacity = rand() % 5 == 0 ? 8 + rand() % 65528 :
				       8 + rand() % 4088;
		switch (rand() % 5) {
		case 0:
			req[n_live].iova_mask = UINT64_MAX;
			break;
		case 1:
			req[n_live].iova_min = half;
			break;
		case 2:
			req[n_live].align = 4096;
			break;
		case 3:
			req[n_live].boundary = 65536;
			req[n_live].flags = RTE_IOBUF_CONTIG;
			break;
		default:
			break;
		}
		live[n_live] = rte_iobuf_create_params(&req[n_live]);
		TEST_ASSERT(live[n_live] != NULL, "create %zu B: %s",
			    req[n_live].capacity, rte_strerror(rte_errno));
		/* The page-map read is slow: check one create in four fully. */
		if (created++ % 4 == 0)
			TEST_ASSERT(iobuf_check(live[n_live], &req[n_live]) == TEST_SUCCESS,
				    "independent check");
		TEST_ASSERT(rte_iobuf_verify(live[n_live]) == 0, "verify");
		stamp(live[n_live], (uintptr_t)live[n_live]);
		n_live++;
	}
	while (n_live > 0) {
		k = rand() % n_live;
		TEST_ASSERT(stamped(live[k], (uintptr_t)live[k]), "overlap at drain");
		rte_iobuf_release(live[k]);
		live[k] = live[--n_live];
	}
	printf("    %u buffers created, released in random order\n", created);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(arena_mixed, test_arena_mixed);

#define HAMMER_ROUNDS 200000
#define HAMMER_HELD 100
/* Long enough (about a second) to overlap a secondary's whole run. */
#define HAMMER_ROUNDS_TWO_PROCESSES 4000000

static volatile int hammer_go;
static unsigned int hammer_rounds = HAMMER_ROUNDS;

/*
 * Create and release 256 B buffers of one class. Each buffer gets a tag no
 * other buffer ever had (owner in the top 16 bits, a sequence below), so a
 * slot handed to two owners shows as an overwritten tag. @p arg is the
 * owner: distinct for every lcore of every process.
 */
static int
hammer(void *arg)
{
	struct rte_iobuf *held[HAMMER_HELD] = { NULL };
	uint64_t tag[HAMMER_HELD], owner = (uint64_t)(uintptr_t)arg << 48, seq = 0;
	unsigned int seed = iobuf_test_seed ^ (unsigned int)(uintptr_t)arg, i, k;
	int errors = 0;

	while (!hammer_go)
		;
	for (i = 0; i < hammer_rounds; i++) {
		k = rand_r(&seed) % HAMMER_HELD;
		if (held[k] != NULL) {
			if (!stamped(held[k], tag[k]))
				errors++;
			rte_iobuf_release(held[k]);
			held[k] = NULL;
			continue;
		}
		held[k] = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 256, UINT64_MAX);
		if (held[k] == NULL) {
			errors++;
			continue;
		}
		tag[k] = owner | ++seq;
		stamp(held[k], tag[k]);
	}
	for (k = 0; k < HAMMER_HELD; k++) {
		if (held[k] != NULL && !stamped(held[k], tag[k]))
			errors++;
		rte_iobuf_release(held[k]);
	}
	return errors;
}

/* Secondary role "arena": hammer the class on this process's lcore (the
 * same lcore id as the primary's worker) and report the error count. */
int
iobuf_test_arena_secondary(int argc, char **argv)
{
	int st_fd, errors;
	char c;

	if (argc < 3)
		return 2;
	st_fd = atoi(argv[2]);
	hammer_rounds = HAMMER_ROUNDS_TWO_PROCESSES;
	hammer_go = 1;
	c = 'r';
	if (write(st_fd, &c, 1) != 1)
		return 1;
	errors = hammer((void *)(uintptr_t)(0x5ec0 + rte_lcore_id()));
	c = errors == 0 ? 'k' : 'D';
	if (write(st_fd, &c, 1) != 1)
		errors++;
	rte_iobuf_trim();
	rte_eal_cleanup();
	return errors == 0 ? 0 : 1;
}

/*
 * Lcore ids are per process: a secondary's lcore 1 and the primary's
 * lcore 1 run at the same time on one class. Their slot caches must not
 * be one cache.
 */
static int
test_arena_two_processes(void)
{
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	int st[2] = { -1, -1 }, errors, status = 0;
	char fd[16], c = 0;
	pid_t pid;

	if (!iobuf_test_hosts_secondaries())
		TEST_SKIP("secondary processes need a hugepage primary (--no-huge cannot host them)");
	TEST_ASSERT(worker == 1, "the secondary runs on lcore 1; the primary needs it too (-l 0-1)");
	TEST_ASSERT(pipe(st) == 0, "pipe");
	snprintf(fd, sizeof(fd), "%d", st[1]);
	hammer_go = 0;
	hammer_rounds = HAMMER_ROUNDS_TWO_PROCESSES;
	rte_eal_remote_launch(hammer, (void *)(uintptr_t)0xa1, worker);
	pid = iobuf_test_spawn_secondary("arena", fd, fd);
	close(st[1]);
	/* Start when the secondary starts. */
	if (pid > 0 && read(st[0], &c, 1) != 1)
		c = 0;
	hammer_go = 1;
	errors = rte_eal_wait_lcore(worker);
	hammer_rounds = HAMMER_ROUNDS;
	if (pid < 0 || c != 'r' || read(st[0], &c, 1) != 1) {
		if (pid > 0)
			iobuf_test_secondary_report_exit(pid);
		c = 0;
	}
	close(st[0]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	TEST_ASSERT(c != 0, "the secondary sent no status");
	TEST_ASSERT(errors == 0, "primary: %d failed creates or overwritten buffers", errors);
	TEST_ASSERT(c == 'k' && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		    "secondary: failed creates or overwritten buffers (status '%c', exit %d)",
		    c, status);
	printf("    primary and secondary, both on lcore %u: %d rounds each on one class\n",
	       worker, HAMMER_ROUNDS_TWO_PROCESSES);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(arena_two_processes, test_arena_two_processes);

static int
test_arena_two_lcores(void)
{
	struct rte_iobuf_stats st;
	unsigned int lcore;
	int errors;

	if (rte_lcore_count() < 2)
		TEST_SKIP("needs two lcores (-l 0-1)");
	hammer_go = 0;
	RTE_LCORE_FOREACH_WORKER(lcore)
		rte_eal_remote_launch(hammer, (void *)(uintptr_t)(0xb0 + lcore), lcore);
	hammer_go = 1;
	errors = hammer((void *)(uintptr_t)0xa0);
	RTE_LCORE_FOREACH_WORKER(lcore)
		errors += rte_eal_wait_lcore(lcore);
	TEST_ASSERT(errors == 0, "%d failed creates or overwritten buffers", errors);
	rte_iobuf_stats_get(&st);
	TEST_ASSERT(st.arena_slots_free <= st.arena_slots, "slot accounting");
	printf("    %u lcores x %d create/release rounds on one class\n",
	       rte_lcore_count(), HAMMER_ROUNDS);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(arena_two_lcores, test_arena_two_lcores);
