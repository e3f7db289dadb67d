/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* The seed call, reference counting, length and capacity, and many live
 * buffers of random kinds at once (owner tags, EAL checks). */

#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A random request every machine meets (no window, a 48-bit mask at
 * most): sizes from a few bytes (carved) to several pages (own memzone,
 * scattered), options, cache modes, alignments and boundaries mixed. */
static void
random_request(struct rte_iobuf_params *p, char *name, size_t name_len,
	       unsigned int serial)
{
	/*
	 * Each (slot size, mask, window, cache mode) is an arena class that
	 * holds at least one 2 MiB arena while it has a live buffer: a few
	 * masks and modes only, so that the classes (up to 11 x 2 x 3) fit
	 * in a 256 MiB heap beside the large buffers.
	 */
	static const uint64_t masks[] = { 0, 0x0000FFFFFFFFF000ULL };
	static const uint32_t caches[] = {
		0, RTE_IOBUF_CACHE_WRITE_THRU, RTE_IOBUF_CACHE_WRITE_COMBINE,
	};
	unsigned int r = rand() % 100;

	memset(p, 0, sizeof(*p));
	p->socket_id = SOCKET_ID_ANY;
	if (r < 60)
		p->capacity = 1 + rand() % 4096;
	else if (r < 85)
		p->capacity = 4097 + rand() % (60 << 10);
	else if (r < 95)
		p->capacity = (64 << 10) + 1 + rand() % (1 << 20);
	else
		p->capacity = (1 << 20) + rand() % (4 << 20);
	p->iova_mask = masks[rand() % RTE_DIM(masks)];
	p->flags = caches[rand() % RTE_DIM(caches)] | (rand() % 4) /* DIR_IN/OUT bits */;
	if (p->capacity <= (1 << 20) && rand() % 3 == 0)
		p->flags |= RTE_IOBUF_CONTIG;
	if (rand() % 4 == 0)
		p->align = UINT64_C(64) << (rand() % 7);
	if (rand() % 5 == 0) {
		/* Contiguous: a boundary the buffer fits under; scattered:
		 * a small one that splits it into segments. */
		p->boundary = p->flags & RTE_IOBUF_CONTIG ?
			rte_align64pow2(RTE_MAX(p->capacity, p->align)) << (rand() % 2) :
			UINT64_C(4096) << (rand() % 3);
		/* Boundaries below a cache line: see small_boundary. */
		p->boundary = RTE_MAX(p->boundary, (uint64_t)RTE_CACHE_LINE_SIZE);
	}
	if (rand() % 8 == 0) {
		snprintf(name, name_len, "many-%u", serial);
		p->name = name;
	}
}

/*
 * Many live buffers at once, of random kinds (from the run's seed),
 * created and released in random order: each is checked against EAL on
 * creation, holds its owner tag over all its bytes until it is released,
 * and the live set is disjoint throughout. A slot or zone handed to two
 * owners, or overlapping buffers, break a tag.
 */
static int
test_many_live(void)
{
	enum { LIVE = 300, ROUNDS = 2500 };
	static struct iobuf_owned live[LIVE];
	static struct rte_iobuf_params req[LIVE];
	static char names[LIVE][RTE_IOBUF_NAMESIZE];
	unsigned int i, k, n_live = 0, created = 0, released = 0, peak = 0;
	unsigned int contig = 0, named = 0, big = 0;
	struct rte_iobuf *b;
	int ret = TEST_SUCCESS;

	for (i = 0; i < ROUNDS && ret == TEST_SUCCESS; i++) {
		if (n_live == LIVE || (n_live > 0 && rand() % 5 < 2)) {
			k = rand() % n_live;
			if (iobuf_disown(&live[k]) != TEST_SUCCESS) {
				printf("    round %u: buffer of %zu bytes (created as #%u) lost its tag\n",
				       i, req[k].capacity, k);
				ret = TEST_FAILED;
			}
			released++;
			n_live--;
			live[k] = live[n_live];
			req[k] = req[n_live];
			memcpy(names[k], names[n_live], sizeof(names[k]));
			if (req[k].name != NULL)
				req[k].name = names[k];
			continue;
		}
		random_request(&req[n_live], names[n_live], sizeof(names[n_live]), created);
		b = rte_iobuf_create_params(&req[n_live]);
		if (b == NULL) {
			printf("    round %u: create %zu bytes flags 0x%x mask 0x%" PRIx64
			       " align %" PRIu64 " boundary %" PRIu64 " failed: %s\n", i,
			       req[n_live].capacity, req[n_live].flags, req[n_live].iova_mask,
			       req[n_live].align, req[n_live].boundary, rte_strerror(rte_errno));
			{
				struct rte_iobuf_stats st;

				if (rte_iobuf_stats_get(&st) == 0)
					printf("    %u live; arenas: %u classes, %u arenas (%" PRIu64
					       " MiB), %" PRIu64 " of %" PRIu64 " slots free\n", n_live,
					       st.arena_classes, st.arenas, st.arena_bytes >> 20,
					       st.arena_slots_free, st.arena_slots);
			}
			ret = TEST_FAILED;
			break;
		}
		created++;
		contig += (req[n_live].flags & RTE_IOBUF_CONTIG) != 0;
		named += req[n_live].name != NULL;
		big += req[n_live].capacity > (64 << 10);
		if (iobuf_check(b, &req[n_live]) != TEST_SUCCESS) {
			rte_iobuf_dump(stdout, b);
			rte_iobuf_release(b);
			ret = TEST_FAILED;
			break;
		}
		iobuf_own(&live[n_live++], b);
		peak = RTE_MAX(peak, n_live);
		if (created % 64 == 0 && iobuf_check_disjoint(live, n_live) != TEST_SUCCESS)
			ret = TEST_FAILED;
	}
	if (ret == TEST_SUCCESS)
		ret = iobuf_check_disjoint(live, n_live);
	/* Drain in random order. */
	while (n_live > 0) {
		k = rand() % n_live;
		if (ret == TEST_SUCCESS) {
			if (iobuf_disown(&live[k]) != TEST_SUCCESS)
				ret = TEST_FAILED;
		} else {
			iobuf_drop(&live[k]);
		}
		released++;
		live[k] = live[--n_live];
	}
	printf("    %u created (%u contiguous, %u named, %u above 64 KiB), %u released, up to %u live at once\n",
	       created, contig, named, big, released, peak);
	return ret;
}

REGISTER_IOBUF_TEST(many_live, test_many_live);

/*
 * Boundaries below a cache line are legal powers of two: a contiguous
 * buffer that fits under one starts on a cache line (the floor of every
 * alignment) and so lies inside one boundary block; a scattered one is
 * split into segments at every block. Each must be met, and checked.
 */
static int
test_small_boundary(void)
{
	static const uint64_t bounds[] = { 8, 16, 32, 64, 128 };
	unsigned int i, c, contig, n_ok = 0;
	struct iobuf_owned o;
	int ret = TEST_SUCCESS;

	for (i = 0; i < RTE_DIM(bounds); i++) {
		for (contig = 0; contig < 2; contig++) {
			for (c = 0; c < 3; c++) {
				struct rte_iobuf_params req = {
					.socket_id = SOCKET_ID_ANY,
					.flags = contig ? RTE_IOBUF_CONTIG : 0,
					.boundary = bounds[i],
				};
				struct rte_iobuf *b;

				/* Contiguous: the block, one byte, a random size
				 * under it; scattered: up to 40 blocks. */
				req.capacity = contig ? (c == 0 ? bounds[i] : c == 1 ? 1 :
							 1 + rand() % bounds[i]) :
					       1 + rand() % (40 * bounds[i]);
				b = rte_iobuf_create_params(&req);
				if (b == NULL) {
					printf("    FAIL: %zu bytes%s under boundary %" PRIu64 ": %s\n",
					       req.capacity, contig ? " contig" : "", bounds[i],
					       rte_strerror(rte_errno));
					ret = TEST_FAILED;
					continue;
				}
				if (iobuf_check(b, &req) != TEST_SUCCESS) {
					rte_iobuf_dump(stdout, b);
					rte_iobuf_release(b);
					ret = TEST_FAILED;
					continue;
				}
				iobuf_own(&o, b);
				if (iobuf_disown(&o) != TEST_SUCCESS)
					ret = TEST_FAILED;
				else
					n_ok++;
			}
		}
	}
	printf("    %u of %u requests met\n", n_ok, (unsigned int)(RTE_DIM(bounds) * 6));
	return ret;
}

REGISTER_IOBUF_TEST(small_boundary, test_small_boundary);
