/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Reference counts: a lookup racing the last release must never get a
 * buffer that is being freed, and a release without a reference must not
 * free twice.
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <rte_iobuf.h>

#include "iobuf_test.h"

#define RACE_NAME "rc-race"
#define RACE_GENERATIONS 20000
#define RACE_SECONDS 2

static volatile int race_stop;
/* Generation the creator made last, published after tagging it. */
static volatile uint64_t race_gen;
/* Set by the creator from before a create until its buffer is tagged and
 * published (or the create failed): a buffer found meanwhile may still
 * carry the tag of the generation whose memory it reuses. */
static volatile int race_busy;

/* Head and tail of a buffer both carry its generation. */
static void
tag_write(struct rte_iobuf *b, uint64_t gen)
{
	memcpy(b->va, &gen, sizeof(gen));
	memcpy(b->va + b->capacity - sizeof(gen), &gen, sizeof(gen));
}

static int
tag_read(const struct rte_iobuf *b, uint64_t *gen)
{
	uint64_t head, tail;

	memcpy(&head, b->va, sizeof(head));
	memcpy(&tail, b->va + b->capacity - sizeof(tail), sizeof(tail));
	*gen = head;
	return head == tail;
}

struct looker_result {
	uint64_t found, bad;
};

/*
 * Look the buffer up again and again. While a reference is held the
 * creator cannot make the next generation (its create gets EEXIST), so
 * once the creator has tagged the held buffer and published that
 * generation, tag and published generation must stay put until the
 * release. A buffer freed under the looker lets the creator move on.
 */
static int
looker(void *arg)
{
	struct looker_result *r = arg;
	struct rte_iobuf *b;
	uint64_t g, seen = 0, deadline;
	unsigned int spin;

	while (!race_stop) {
		b = rte_iobuf_lookup(RACE_NAME);
		if (b == NULL)
			continue;
		r->found++;
		/* Wait for the creator to tag and publish this buffer (it may
		 * have been found between create and tag, with the stale tag
		 * of the memory's last owner). */
		deadline = rte_get_timer_cycles() + rte_get_timer_hz();
		for (;;) {
			rte_smp_rmb();
			if (!race_busy && tag_read(b, &seen) && seen == race_gen)
				break;
			if (rte_get_timer_cycles() > deadline) {
				seen = UINT64_MAX;  /* never published: bad */
				break;
			}
			rte_pause();
		}
		for (spin = 0; spin < 500; spin++)
			rte_pause();
		/* Held: no new generation can be made, so its memory keeps
		 * the tag it was published with. */
		if (rte_iobuf_refcnt(b) < 1 || !tag_read(b, &g) || g != seen ||
		    strcmp(rte_iobuf_name(b), RACE_NAME) != 0)
			r->bad++;
		rte_iobuf_release(b);
	}
	return 0;
}

static int
race(size_t capacity)
{
	struct looker_result res = { 0, 0 };
	uint64_t gen, eexist = 0, end;
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);
	struct rte_iobuf *b;
	unsigned int spin;
	int err = 0;

	if (rte_lcore_count() < 2)
		TEST_SKIP("needs two lcores (-l 0-1)");
	rte_log_set_level_pattern("lib.iobuf", RTE_LOG_CRIT);  /* EEXIST, ENOENT */
	race_stop = 0;
	race_gen = 0;
	rte_eal_remote_launch(looker, &res, worker);
	end = rte_get_timer_cycles() + RACE_SECONDS * rte_get_timer_hz();
	for (gen = 1; gen <= RACE_GENERATIONS && rte_get_timer_cycles() < end;) {
		race_busy = 1;
		rte_smp_mb();
		b = rte_iobuf_create(RACE_NAME, SOCKET_ID_ANY, RTE_IOBUF_SHARED,
				     capacity, 0);
		if (b == NULL) {
			race_busy = 0;
			/* Let a looker waiting for a quiet moment see one. */
			for (spin = 0; spin < 200; spin++)
				rte_pause();
			/* The looker still holds the previous generation. */
			if (rte_errno != EEXIST) {
				err = rte_errno;
				break;
			}
			eexist++;
			continue;
		}
		tag_write(b, gen);
		rte_smp_wmb();
		race_gen = gen;
		rte_smp_wmb();
		race_busy = 0;
		/* Hold it a random while, so that lookups overlap both
		 * the life and the last release. */
		for (spin = rand() % 2000; spin > 0; spin--)
			rte_pause();
		rte_iobuf_release(b);
		gen++;
	}
	race_stop = 1;
	rte_eal_wait_lcore(worker);
	rte_log_set_level_pattern("lib.iobuf", RTE_LOG_NOTICE);
	printf("    %zu bytes: %" PRIu64 " generations, %" PRIu64 " lookups held, %" PRIu64
	       " creates refused while held, %" PRIu64 " bad\n", capacity, gen - 1,
	       res.found, eexist, res.bad);
	TEST_ASSERT(err == 0, "create failed: %s", rte_strerror(err));
	TEST_ASSERT(res.bad == 0, "a looked-up buffer was freed or re-created while held");
	TEST_ASSERT(res.found > 0, "the looker never found the buffer");
	TEST_ASSERT(rte_iobuf_lookup(RACE_NAME) == NULL && rte_errno == ENOENT,
		    "the name outlived its last release");
	return TEST_SUCCESS;
}

/* Large buffers own their memzone; small ones are carved from arenas. */
static int
test_lookup_race_zone(void)
{
	return race(128 * 1024);
}
REGISTER_IOBUF_TEST(lookup_race_last_release_zone, test_lookup_race_zone);

static int
test_lookup_race_carved(void)
{
	return race(256);
}
REGISTER_IOBUF_TEST(lookup_race_last_release_carved, test_lookup_race_carved);

/* A second release of a carved buffer is refused, so its slot is not
 * handed to two owners. */
static int
test_double_release(void)
{
	struct rte_iobuf_stats before, after;
	struct rte_iobuf *a, *b, *c;

	a = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 512, 0);
	TEST_ASSERT(a != NULL, "create: %s", rte_strerror(rte_errno));
	rte_iobuf_stats_get(&before);
	rte_iobuf_release(a);
	rte_errno = 0;
	rte_iobuf_release(a);
	TEST_ASSERT(rte_errno == EINVAL, "second release not reported (rte_errno %d)",
		    rte_errno);
	TEST_ASSERT(rte_iobuf_refcnt(a) == 0, "count %u after the last release",
		    rte_iobuf_refcnt(a));
	rte_iobuf_stats_get(&after);
	TEST_ASSERT(after.freed == before.freed + 1, "freed %" PRIu64 " times",
		    after.freed - before.freed);
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 512, 0);
	c = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 512, 0);
	TEST_ASSERT(b != NULL && c != NULL, "create: %s", rte_strerror(rte_errno));
	TEST_ASSERT(b != c && b->va != c->va, "one slot handed to two owners");
	rte_iobuf_release(b);
	rte_iobuf_release(c);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(double_release_refused, test_double_release);

/* Accessors refuse NULL with EINVAL instead of crashing. */
static int
test_null_accessors(void)
{
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_refcnt(NULL) == 0 && rte_errno == EINVAL, "refcnt");
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_name(NULL) == NULL && rte_errno == EINVAL, "name");
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_seg_count(NULL) == 0 && rte_errno == EINVAL, "seg_count");
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_set_length(NULL, 1) == -EINVAL && rte_errno == EINVAL,
		    "set_length");
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_cache_requested(NULL) == 0 && rte_errno == EINVAL,
		    "cache_requested");
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_cache_effective(NULL) == 0 && rte_errno == EINVAL,
		    "cache_effective");
	rte_iobuf_retain(NULL);
	rte_iobuf_release(NULL);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(null_accessors, test_null_accessors);

/* Names reach log lines and telemetry: control characters, '%' and spaces
 * are refused at create and at lookup. */
static int
test_name_characters(void)
{
	static const char *const bad[] = { "a\nb", "%s%s%n", "rx ring", "x\x1b[2J",
					   "caf\xc3\xa9", "tab\t" };
	static const char *const good[] = { "rx-ring.0", "port0:q1@2+x/y#z_" };
	struct rte_iobuf *b;
	unsigned int i;

	for (i = 0; i < RTE_DIM(bad); i++) {
		rte_errno = 0;
		b = rte_iobuf_create(bad[i], SOCKET_ID_ANY, 0, 64, 0);
		TEST_ASSERT(b == NULL && rte_errno == EINVAL, "create name %u accepted", i);
		rte_errno = 0;
		TEST_ASSERT(rte_iobuf_lookup(bad[i]) == NULL && rte_errno == EINVAL,
			    "lookup name %u: rte_errno %d", i, rte_errno);
	}
	for (i = 0; i < RTE_DIM(good); i++) {
		b = rte_iobuf_create(good[i], SOCKET_ID_ANY, 0, 64, 0);
		TEST_ASSERT(b != NULL, "create '%s': %s", good[i], rte_strerror(rte_errno));
		rte_iobuf_release(b);
	}
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(name_characters, test_name_characters);
