/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * CPU access helpers per cache mode, DMA-only buffers, prepare/complete.
 * What the helpers store is checked, not just their return codes: every
 * operation is mirrored in a shadow copy made by plain memmove/memset, and
 * the buffer is compared with it at the CPU address and through
 * rte_iobuf_read(), over unaligned heads and tails, on carved, own-memzone
 * and multi-page buffers. Offsets, lengths and data come from the run's
 * seed (IOBUF_TEST_SEED reproduces them).
 */

#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

static const uint32_t modes[] = {
	0, RTE_IOBUF_CACHE_COPYBACK, RTE_IOBUF_CACHE_WRITE_THRU,
	RTE_IOBUF_CACHE_WRITE_COMBINE, RTE_IOBUF_CACHE_INHIBIT,
};

/* A buffer under test and its shadow: what its bytes must be. */
struct shadowed {
	struct rte_iobuf *b;
	uint8_t *shadow;   /* capacity bytes */
	uint8_t *src;      /* 2 x capacity bytes of random data */
	uint8_t *back;     /* capacity bytes for read-backs */
	size_t cap;
	unsigned int ops[5], reads, edges;
};

static void
random_bytes(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(rand() >> 7);
}

/* Random [off, off + len) within @p limit: mostly short and unaligned,
 * sometimes long. */
static void
random_range(size_t limit, size_t *off, size_t *len)
{
	*off = rand() % (limit + 1);
	if (rand() % 4 == 0)
		*len = rand() % (limit - *off + 1);
	else
		*len = RTE_MIN((size_t)(rand() % 300), limit - *off);
}

/* Bytes at the CPU address and through rte_iobuf_read() equal the shadow
 * over [from, to) (clamped to the capacity; reads to the length). */
static int
same_as_shadow(struct shadowed *s, size_t from, size_t to, const char *after)
{
	size_t len = rte_iobuf_length(s->b), i;
	const uint8_t *va = s->b->va;

	to = RTE_MIN(to, s->cap);
	if (memcmp(va + from, s->shadow + from, to - from) != 0) {
		for (i = from; va[i] == s->shadow[i]; i++)
			;
		printf("    FAIL: after %s: byte %zu is 0x%02x at the CPU address, expected 0x%02x\n",
		       after, i, va[i], s->shadow[i]);
		return TEST_FAILED;
	}
	to = RTE_MIN(to, len);
	if (from < to) {
		TEST_ASSERT(rte_iobuf_read(s->b, from, s->back, to - from) == 0,
			    "read [%zu, %zu) after %s", from, to, after);
		TEST_ASSERT(memcmp(s->back, s->shadow + from, to - from) == 0,
			    "read [%zu, %zu) after %s differs from what was stored", from, to,
			    after);
		s->reads++;
	}
	return TEST_SUCCESS;
}

/* One random helper call mirrored in the shadow; @p other is a second
 * buffer (other cache mode) of at least the same length. */
static int
random_op(struct shadowed *s, struct rte_iobuf *other, const uint8_t *other_bytes,
	  char *what, size_t what_len)
{
	size_t limit = rte_iobuf_length(s->b), off, len, from, to;
	unsigned int op = rand() % 5;
	int c;

	random_range(limit, &off, &len);
	switch (op) {
	case 0: {
		size_t so = rand() % (s->cap + 1);

		TEST_ASSERT(rte_iobuf_write(s->b, off, s->src + so, len) == 0,
			    "write [%zu, +%zu)", off, len);
		memcpy(s->shadow + off, s->src + so, len);
		break;
	}
	case 1:
		c = rand() & 0xff;
		TEST_ASSERT(rte_iobuf_fill(s->b, off, c, len) == 0, "fill [%zu, +%zu)", off, len);
		memset(s->shadow + off, c, len);
		break;
	case 2: /* overlapping copy within the buffer, either direction */
		from = rand() % (limit - len + 1);
		TEST_ASSERT(rte_iobuf_copy(s->b, off, s->b, from, len) == 0,
			    "copy [%zu, +%zu) to %zu", from, len, off);
		memmove(s->shadow + off, s->shadow + from, len);
		break;
	case 3: /* from another buffer */
		from = rand() % (rte_iobuf_length(other) - RTE_MIN(len, rte_iobuf_length(other)) + 1);
		len = RTE_MIN(len, rte_iobuf_length(other) - from);
		TEST_ASSERT(rte_iobuf_copy(s->b, off, other, from, len) == 0,
			    "copy from other [%zu, +%zu)", from, len);
		memcpy(s->shadow + off, other_bytes + from, len);
		break;
	default: /* shorter length, then a write at its tail, then back */
		to = off + len;
		TEST_ASSERT(rte_iobuf_set_length(s->b, to) == 0, "set_length %zu", to);
		from = to - RTE_MIN(to, (size_t)(rand() % 100));
		TEST_ASSERT(rte_iobuf_write(s->b, from, s->src + off, to - from) == 0,
			    "tail write [%zu, %zu)", from, to);
		memcpy(s->shadow + from, s->src + off, to - from);
		TEST_ASSERT(rte_iobuf_write(s->b, from, s->src, to - from + 1) == -ERANGE,
			    "write past the length [%zu, %zu] not refused", from, to);
		TEST_ASSERT(rte_iobuf_fill(s->b, to, 0, 1) == -ERANGE,
			    "fill past the length not refused");
		/* Bytes beyond the length must be untouched: checked below
		 * over the whole capacity at the CPU address. */
		TEST_ASSERT(rte_iobuf_set_length(s->b, limit) == 0, "set_length back");
		off = from;
		len = to - from;
		break;
	}
	s->ops[op]++;
	snprintf(what, what_len, "%s [%zu, +%zu)",
		 (const char *const[]){ "write", "fill", "copy", "copy-other", "tail" }[op],
		 off, len);
	return TEST_SUCCESS;
}

/*
 * Unaligned heads and tails: every start phase within a 64-byte line (and
 * so every 16-byte phase of the streaming stores) with lengths around 0,
 * 16, 64 and 128 bytes, writes and fills, each checked around the range.
 */
static int
edge_sweep(struct shadowed *s)
{
	static const size_t lens[] = {
		0, 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 79, 80,
		127, 128, 129, 191, 255, 256, 257,
	};
	size_t base = RTE_ALIGN_CEIL((uintptr_t)s->b->va + rand() % (s->cap / 2 + 1), 64) -
		      (uintptr_t)s->b->va;
	unsigned int head, k, fill;
	char what[96];

	for (head = 0; head < 64; head++) {
		for (k = 0; k < RTE_DIM(lens); k++) {
			for (fill = 0; fill < 2; fill++) {
				size_t off = base + head, len = lens[k];
				int c = rand() & 0xff;

				if (off + len > s->cap)
					continue;
				if (fill) {
					TEST_ASSERT(rte_iobuf_fill(s->b, off, c, len) == 0, "fill");
					memset(s->shadow + off, c, len);
				} else {
					TEST_ASSERT(rte_iobuf_write(s->b, off, s->src + head, len) == 0,
						    "write");
					memcpy(s->shadow + off, s->src + head, len);
				}
				snprintf(what, sizeof(what), "%s at line phase %u, %zu bytes",
					 fill ? "fill" : "write", head, len);
				if (same_as_shadow(s, off - RTE_MIN(off, (size_t)64),
						   off + len + 64, what) != TEST_SUCCESS)
					return TEST_FAILED;
				s->edges++;
			}
		}
	}
	return TEST_SUCCESS;
}

static int
shadowed_init(struct shadowed *s, struct rte_iobuf *b)
{
	memset(s, 0, sizeof(*s));
	s->b = b;
	s->cap = rte_iobuf_capacity(b);
	s->shadow = malloc(s->cap);
	s->src = malloc(2 * s->cap + 1);
	s->back = malloc(s->cap);
	TEST_ASSERT(s->shadow != NULL && s->src != NULL && s->back != NULL, "malloc");
	random_bytes(s->src, 2 * s->cap + 1);
	/* Start from known bytes written behind the helpers' back. */
	random_bytes(s->shadow, s->cap);
	memcpy(b->va, s->shadow, s->cap);
	return TEST_SUCCESS;
}

static void
shadowed_fini(struct shadowed *s)
{
	free(s->shadow);
	free(s->src);
	free(s->back);
	s->shadow = s->src = s->back = NULL;
}

/* The helpers of one cache mode on one buffer. */
static int
exercise(struct shadowed *s, struct rte_iobuf *other, const uint8_t *other_bytes,
	 unsigned int steps)
{
	unsigned int i;
	size_t off, len;
	char what[96];

	if (same_as_shadow(s, 0, s->cap, "initial bytes") != TEST_SUCCESS)
		return TEST_FAILED;
	for (i = 0; i < steps; i++) {
		if (random_op(s, other, other_bytes, what, sizeof(what)) != TEST_SUCCESS)
			return TEST_FAILED;
		/* The whole capacity at the CPU address (nothing outside the
		 * range moved) and a random range read back. */
		if (memcmp(s->b->va, s->shadow, s->cap) != 0)
			return same_as_shadow(s, 0, s->cap, what);
		random_range(s->cap, &off, &len);
		if (same_as_shadow(s, off, off + len, what) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	if (edge_sweep(s) != TEST_SUCCESS)
		return TEST_FAILED;
	/* Append after a random length, to the capacity. */
	off = rand() % s->cap;
	TEST_ASSERT(rte_iobuf_set_length(s->b, off) == 0, "set_length");
	TEST_ASSERT(rte_iobuf_append(s->b, s->src + 1, s->cap - off) == 0, "append");
	memcpy(s->shadow + off, s->src + 1, s->cap - off);
	TEST_ASSERT(rte_iobuf_length(s->b) == s->cap, "append moved length to %zu",
		    rte_iobuf_length(s->b));
	TEST_ASSERT(rte_iobuf_append(s->b, s->src, 1) == -ENOSPC, "append beyond capacity");
	return same_as_shadow(s, 0, s->cap, "append");
}

/* Sizes: odd and carved; odd with its own memzone; several pages. */
static size_t
shape_size(unsigned int shape)
{
	switch (shape) {
	case 0:
		return 1 + 2 * (rand() % 2000);
	case 1:
		return 70001 + 2 * (rand() % 20000);
	default:
		return (4 << 20) + 1 + 2 * (rand() % 100000);
	}
}

static int
test_cache_modes(void)
{
	static const char *const shapes[] = { "carved", "own memzone", "multi-page" };
	unsigned int i, shape, k;
	int ret = TEST_SUCCESS;

	for (i = 0; i < RTE_DIM(modes) && ret == TEST_SUCCESS; i++) {
		uint32_t want = modes[i] != 0 ? modes[i] : RTE_IOBUF_CACHE_COPYBACK;

		for (shape = 0; shape < RTE_DIM(shapes) && ret == TEST_SUCCESS; shape++) {
			size_t cap = shape_size(shape);
			struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY, modes[i], cap, 0);
			/* The other buffer streams too when this one does not. */
			struct rte_iobuf *o = rte_iobuf_create(NULL, SOCKET_ID_ANY,
					modes[(i + 3) % RTE_DIM(modes)], cap, 0);
			struct shadowed s = { .b = NULL };
			uint8_t *other_bytes = malloc(cap);
			char *text = NULL;
			size_t text_len = 0;
			FILE *f;

			if (b == NULL || o == NULL || other_bytes == NULL) {
				printf("    FAIL: create %zu bytes: %s\n", cap, rte_strerror(rte_errno));
				ret = TEST_FAILED;
			}
			if (ret == TEST_SUCCESS &&
			    (rte_iobuf_cache_requested(b) != want ||
			     rte_iobuf_cache_effective(b) != RTE_IOBUF_CACHE_COPYBACK)) {
				printf("    FAIL: mode %s: requested %s effective %s\n",
				       rte_iobuf_cache_name(want),
				       rte_iobuf_cache_name(rte_iobuf_cache_requested(b)),
				       rte_iobuf_cache_name(rte_iobuf_cache_effective(b)));
				ret = TEST_FAILED;
			}
			if (ret == TEST_SUCCESS) {
				random_bytes(other_bytes, cap);
				ret = rte_iobuf_write(o, 0, other_bytes, cap) == 0 &&
				      memcmp(o->va, other_bytes, cap) == 0 ? TEST_SUCCESS :
				      TEST_FAILED;
				if (ret != TEST_SUCCESS)
					printf("    FAIL: whole write of the other buffer (%s) differs\n",
					       rte_iobuf_cache_name(rte_iobuf_cache_requested(o)));
			}
			if (ret == TEST_SUCCESS)
				ret = shadowed_init(&s, b);
			if (ret == TEST_SUCCESS) {
				int lvl = iobuf_log_quiet();  /* refusals are expected */

				ret = exercise(&s, o, other_bytes, shape == 2 ? 40 : 300);
				iobuf_log_restore(lvl);
			}
			if (ret == TEST_SUCCESS) {
				f = open_memstream(&text, &text_len);
				rte_iobuf_dump(f, b);
				fclose(f);
				if (strstr(text, rte_iobuf_cache_name(want)) == NULL) {
					printf("    FAIL: dump does not name mode %s\n",
					       rte_iobuf_cache_name(want));
					ret = TEST_FAILED;
				}
				free(text);
			}
			if (ret == TEST_SUCCESS) {
				printf("    %-13s %-11s %8zu B, %u segs:", rte_iobuf_cache_name(want),
				       shapes[shape], cap, rte_iobuf_seg_count(b));
				for (k = 0; k < RTE_DIM(s.ops); k++)
					printf(" %u", s.ops[k]);
				printf(" (write fill copy copy-other tail), %u edge cases, %u read-backs ok\n",
				       s.edges, s.reads);
			} else {
				printf("    failed on mode %s, %s buffer of %zu bytes\n",
				       rte_iobuf_cache_name(want), shapes[shape], cap);
			}
			shadowed_fini(&s);
			free(other_bytes);
			rte_iobuf_release(b);
			rte_iobuf_release(o);
		}
	}
	return ret;
}

REGISTER_IOBUF_TEST(cache_modes, test_cache_modes);

static int
test_dma_only(void)
{
	struct rte_iobuf_params req = {
		.socket_id = SOCKET_ID_ANY, .capacity = 8192,
		.flags = RTE_IOBUF_DMA_ONLY | RTE_IOBUF_DIR_IN,
	};
	struct rte_iobuf *b = rte_iobuf_create_params(&req);
	char x[16] = { 0 };

	TEST_ASSERT(b != NULL, "create");
	TEST_ASSERT(rte_iobuf_addr(b, 0, 1) == NULL && rte_errno == EACCES, "addr");
	TEST_ASSERT(rte_iobuf_read(b, 0, x, 1) == -EACCES, "read");
	TEST_ASSERT(rte_iobuf_write(b, 0, x, 1) == -EACCES, "write");
	TEST_ASSERT(rte_iobuf_fill(b, 0, 0, 1) == -EACCES, "fill");
	TEST_ASSERT(rte_iobuf_set_length(b, 0) == 0, "set_length");
	TEST_ASSERT(rte_iobuf_append(b, x, 1) == -EACCES, "append");
	TEST_ASSERT(rte_iobuf_set_length(b, 8192) == 0, "set_length back");
	TEST_ASSERT(iobuf_check(b, &req) == TEST_SUCCESS, "IOVAs");
	TEST_ASSERT(rte_iobuf_prepare(b, 0, 8192) == 0 && rte_iobuf_complete(b, 0, 8192) == 0,
		    "sync on DMA-only buffer");
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(dma_only, test_dma_only);

/* prepare/complete on [off, off + len) must fail with ERANGE, set
 * rte_errno, and change neither bytes nor length. */
static int
sync_refused(struct shadowed *s, size_t off, size_t len)
{
	size_t length = rte_iobuf_length(s->b);

	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_prepare(s->b, off, len) == -ERANGE && rte_errno == ERANGE,
		    "prepare [%zu, +%zu) with length %zu not refused with ERANGE", off, len,
		    length);
	rte_errno = 0;
	TEST_ASSERT(rte_iobuf_complete(s->b, off, len) == -ERANGE && rte_errno == ERANGE,
		    "complete [%zu, +%zu) with length %zu not refused with ERANGE", off, len,
		    length);
	TEST_ASSERT(rte_iobuf_length(s->b) == length, "refused sync changed the length");
	return same_as_shadow(s, 0, s->cap, "refused prepare/complete");
}

/*
 * For every direction and cache mode: the CPU writes through the helpers,
 * prepare (the device would now read: the bytes at the CPU address are what
 * was written), the "device" writes a random range behind the CPU's back
 * (DIR_IN), complete, and the CPU reads back exactly those bytes. Ranges
 * outside the length, overflowing ones included, are refused and change
 * nothing, also after the length shrank.
 */
static int
test_sync(void)
{
	static const uint32_t dirs[] = {
		RTE_IOBUF_DIR_IN, RTE_IOBUF_DIR_OUT, RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT, 0,
	};
	static const char *const dir_names[] = { "in", "out", "in+out", "none" };
	unsigned int d, m, r, syncs = 0, refused = 0;

	for (d = 0; d < RTE_DIM(dirs); d++) {
		for (m = 0; m < RTE_DIM(modes); m++) {
			size_t cap = shape_size(rand() % 3 == 0 ? 2 : rand() % 2), off, len, l2;
			struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY,
							       dirs[d] | modes[m], cap, 0);
			struct shadowed s;
			int ret, lvl;

			TEST_ASSERT(b != NULL, "create %zu bytes: %s", cap, rte_strerror(rte_errno));
			ret = shadowed_init(&s, b);
			for (r = 0; r < 20 && ret == TEST_SUCCESS; r++) {
				random_range(cap, &off, &len);
				/* CPU writes, prepares; the device sees it. */
				/* Source offset at most cap: src holds 2 x cap + 1. */
				ret = rte_iobuf_write(b, off, s.src + r % (cap + 1), len) == 0 ?
				      TEST_SUCCESS : TEST_FAILED;
				memcpy(s.shadow + off, s.src + r % (cap + 1), len);
				if (ret == TEST_SUCCESS)
					ret = rte_iobuf_prepare(b, off, len) == 0 ? TEST_SUCCESS :
					      TEST_FAILED;
				if (ret == TEST_SUCCESS &&
				    memcmp(b->va + off, s.shadow + off, len) != 0) {
					printf("    FAIL: after prepare the device would not see what was written\n");
					ret = TEST_FAILED;
				}
				/* The device writes; complete; the CPU reads it. */
				if (ret == TEST_SUCCESS && (dirs[d] & RTE_IOBUF_DIR_IN)) {
					random_bytes(s.shadow + off, len);
					memcpy(b->va + off, s.shadow + off, len);
				}
				if (ret == TEST_SUCCESS)
					ret = rte_iobuf_complete(b, off, len) == 0 ? TEST_SUCCESS :
					      TEST_FAILED;
				if (ret == TEST_SUCCESS)
					ret = same_as_shadow(&s, off, off + len, "complete");
				syncs++;
			}
			/* Refused ranges, at full and at a shorter length (the
			 * library logs each: quiet). */
			lvl = iobuf_log_quiet();
			for (r = 0; r < 2 && ret == TEST_SUCCESS; r++) {
				size_t n = rte_iobuf_length(b);

				if ((ret = sync_refused(&s, n + 1, 0)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, n, 1)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, 0, n + 1)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, n - 1, 2)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, SIZE_MAX, 2)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, 1, SIZE_MAX)) != TEST_SUCCESS ||
				    (ret = sync_refused(&s, rand() % (n + 1), n + 1 + rand() % 1000))
				    != TEST_SUCCESS)
					break;
				refused += 7;
				l2 = rand() % cap + 1;
				if (rte_iobuf_set_length(b, l2) != 0 ||
				    (r == 0 && rte_iobuf_prepare(b, 0, l2) != 0)) {
					printf("    FAIL: set_length %zu or prepare [0, %zu)\n", l2, l2);
					ret = TEST_FAILED;
				}
			}
			iobuf_log_restore(lvl);
			if (ret == TEST_SUCCESS && rte_iobuf_set_length(b, cap) != 0)
				ret = TEST_FAILED;
			if (ret == TEST_SUCCESS)
				ret = same_as_shadow(&s, 0, cap, "all syncs");
			if (ret != TEST_SUCCESS)
				printf("    failed: direction %s, mode %s, %zu bytes\n", dir_names[d],
				       rte_iobuf_cache_name(rte_iobuf_cache_requested(b)), cap);
			shadowed_fini(&s);
			rte_iobuf_release(b);
			if (ret != TEST_SUCCESS)
				return TEST_FAILED;
		}
	}
	printf("    %u directions x %u modes: %u prepare/write/complete/read-back rounds, %u refused ranges changed nothing\n",
	       (unsigned int)RTE_DIM(dirs), (unsigned int)RTE_DIM(modes), syncs, refused);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(prepare_complete, test_sync);
