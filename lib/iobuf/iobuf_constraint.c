/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "iobuf_constraint.h"
#include "rte_iobuf_check.h"
#include "iobuf_log.h"

#define IOBUF_KNOWN_FLAGS (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT | \
	RTE_IOBUF_CONTIG | RTE_IOBUF_SHARED | RTE_IOBUF_DMA_ONLY | \
	RTE_IOBUF_CACHE_MASK)

/* Above any memory DPDK can reserve; larger sizes are malformed. */
#define IOBUF_CAPACITY_MAX (UINT64_C(1) << 46)

static bool
is_pow2_or_zero(uint64_t v)
{
	return (v & (v - 1)) == 0;
}

/* Smallest non-zero of a and b (0 if both are 0). */
static uint64_t
min_nonzero(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return RTE_MIN(a, b);
}

/* Block a contiguous buffer must stay inside: boundary and mask block. */
static uint64_t
contig_block(const struct iobuf_constraint *c)
{
	return min_nonzero(c->boundary, c->mask_block);
}

void
iobuf_constraint_format(const struct iobuf_constraint *c, char *buf,
			size_t size)
{
	snprintf(buf, size,
		 "capacity=%zu mask=0x%" PRIx64 " align=0x%" PRIx64
		 " window=[0x%" PRIx64 ",0x%" PRIx64 "] boundary=0x%" PRIx64
		 " max_segs=%u max_seg_size=0x%" PRIx64 "%s",
		 c->capacity, c->mask, c->align, c->lo, c->hi, c->boundary,
		 c->max_segs, c->max_seg_size, c->contig ? " contig" : "");
}

#define REFUSE(err, fmt, ...) do { \
	IOBUF_LOG(ERR, "create %s: " fmt, what, ##__VA_ARGS__); \
	return -(err); \
} while (0)

int
iobuf_constraint_init(struct iobuf_constraint *c,
		      const struct rte_iobuf_params *p, const char *what)
{
	uint64_t allowed, seg_limit;

	if (p->capacity == 0)
		REFUSE(EINVAL, "capacity is 0");
	if (p->capacity > IOBUF_CAPACITY_MAX)
		REFUSE(EINVAL, "capacity %zu exceeds the maximum 0x%" PRIx64,
		       p->capacity, IOBUF_CAPACITY_MAX);
	if (p->flags & ~IOBUF_KNOWN_FLAGS)
		REFUSE(EINVAL, "unknown option bits 0x%x",
		       p->flags & ~IOBUF_KNOWN_FLAGS);
	if (!is_pow2_or_zero(p->flags & RTE_IOBUF_CACHE_MASK))
		REFUSE(EINVAL, "more than one cache mode in options 0x%x",
		       p->flags);
	if (!is_pow2_or_zero(p->align) || p->align > IOBUF_CAPACITY_MAX)
		REFUSE(EINVAL, "alignment 0x%" PRIx64 " is not a power of two",
		       p->align);
	if (!is_pow2_or_zero(p->boundary))
		REFUSE(EINVAL, "boundary 0x%" PRIx64 " is not a power of two",
		       p->boundary);

	*c = (struct iobuf_constraint){
		.capacity = p->capacity,
		/* No direction given means both, as for a bidirectional map. */
		.flags = p->flags & (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT) ?
			 p->flags : p->flags | RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT,
		.contig = (p->flags & RTE_IOBUF_CONTIG) || p->max_segs == 1,
		.mask = p->iova_mask,
		.lo = p->iova_min,
		.hi = p->iova_max == 0 ? UINT64_MAX : p->iova_max,
		.boundary = p->boundary,
		.max_segs = p->max_segs,
		.max_seg_size = p->max_seg_size,
	};
	if (c->lo > c->hi)
		REFUSE(EINVAL, "IOVA window [0x%" PRIx64 ", 0x%" PRIx64
		       "] is empty", c->lo, c->hi);

	/* IOKit: the mask's trailing zero bits are an alignment. */
	c->align = RTE_MAX(RTE_MAX(p->align, (uint64_t)RTE_CACHE_LINE_SIZE),
			   p->iova_mask & -p->iova_mask);
	if (p->iova_mask != 0) {
		allowed = p->iova_mask | (c->align - 1);
		if (allowed < c->align)
			REFUSE(ERANGE, "mask 0x%" PRIx64 " lies below alignment 0x%"
			       PRIx64, p->iova_mask, c->align);
		c->forbid = ~allowed;
		if (c->forbid != 0)
			c->mask_block = c->forbid & -c->forbid;
	}

	if (c->contig) {
		if (c->boundary != 0 && c->capacity > c->boundary)
			REFUSE(ERANGE, "contiguous capacity %zu exceeds boundary 0x%"
			       PRIx64, c->capacity, c->boundary);
		if (c->max_seg_size != 0 && c->capacity > c->max_seg_size)
			REFUSE(ERANGE, "contiguous capacity %zu exceeds max segment size %"
			       PRIu64, c->capacity, c->max_seg_size);
		if (c->mask_block != 0 && c->capacity > c->mask_block)
			REFUSE(ERANGE, "mask 0x%" PRIx64 " admits no contiguous range of %zu bytes (largest 0x%"
			       PRIx64 ")", c->mask, c->capacity, c->mask_block);
	} else if (c->max_segs != 0) {
		seg_limit = min_nonzero(c->boundary, c->max_seg_size);
		if (seg_limit != 0 && c->capacity / seg_limit +
		    (c->capacity % seg_limit != 0) > c->max_segs)
			REFUSE(ERANGE, "%u segments of at most %" PRIu64
			       " bytes cannot hold %zu bytes", c->max_segs,
			       seg_limit, c->capacity);
	}
	if (!c->contig && c->max_segs != 0 && c->boundary != 0) {
		/* Segments split at the boundary: a start late in a boundary
		 * block costs one more segment. Raise the alignment until even
		 * the worst start leaves enough segments. */
		while (c->align < c->boundary &&
		       (c->boundary - c->align + c->capacity + c->boundary - 1) /
		       c->boundary > c->max_segs)
			c->align <<= 1;
	}
	if (c->capacity - 1 > c->hi - c->lo)
		REFUSE(ERANGE, "capacity %zu exceeds IOVA window [0x%" PRIx64
		       ", 0x%" PRIx64 "]", c->capacity, c->lo, c->hi);
	/* Without mask and window every aligned start is admissible. */
	if ((c->forbid != 0 || c->lo != 0 || c->hi != UINT64_MAX) &&
	    iobuf_next_start(c, c->lo) == RTE_BAD_IOVA)
		REFUSE(ERANGE, "no 0x%" PRIx64 "-aligned start in window [0x%"
		       PRIx64 ", 0x%" PRIx64 "] meets mask 0x%" PRIx64
		       " for %zu bytes", c->align, c->lo, c->hi, c->mask,
		       c->capacity);
	return 0;
}

bool
iobuf_range_admissible(const struct iobuf_constraint *c, rte_iova_t iova,
		       uint64_t len)
{
	rte_iova_t end = iova + len - 1;

	if (len == 0 || end < iova || iova < c->lo || end > c->hi)
		return false;
	return rte_iobuf_mask_admits(c->forbid, iova, end);
}

uint64_t
iobuf_block_room(const struct iobuf_constraint *c, rte_iova_t iova,
		 uint64_t len)
{
	uint64_t room = len;

	if (c->mask_block != 0)
		room = RTE_MIN(room, c->mask_block - (iova & (c->mask_block - 1)));
	if (c->hi - iova < room)
		room = c->hi - iova + 1;
	return room;
}

/* Round v up to a multiple of the power of two a; RTE_BAD_IOVA on overflow. */
static rte_iova_t
align_up(rte_iova_t v, uint64_t a)
{
	rte_iova_t r = (v + a - 1) & ~(a - 1);

	return r < v ? RTE_BAD_IOVA : r;
}

rte_iova_t
iobuf_next_start(const struct iobuf_constraint *c, rte_iova_t from)
{
	uint64_t block = contig_block(c);
	rte_iova_t s = RTE_MAX(from, c->lo);
	uint64_t bad;
	unsigned int h;

	for (;;) {
		s = align_up(s, c->align);
		if (s == RTE_BAD_IOVA || s > c->hi)
			return RTE_BAD_IOVA;
		bad = s & c->forbid;
		if (bad != 0) {
			/* Skip every address that keeps the highest forbidden
			 * bit set: go to the next multiple of 2^(h+1). */
			h = 63 - __builtin_clzll(bad);
			if (h == 63)
				return RTE_BAD_IOVA;
			s = align_up(s + 1, RTE_BIT64(h + 1));
			continue;
		}
		if (!c->contig)
			return s;
		if (s + c->capacity - 1 < s || s + c->capacity - 1 > c->hi)
			return RTE_BAD_IOVA;
		if (block != 0 && (s & ~(block - 1)) !=
		    ((s + c->capacity - 1) & ~(block - 1))) {
			s = align_up(s + 1, block);
			continue;
		}
		return s;
	}
}
