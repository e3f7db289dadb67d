/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_lcore.h>
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

/* Block a contiguous buffer must stay inside: boundary and mask block. */
static uint64_t
contig_block(const struct iobuf_constraint *c)
{
	return iobuf_min_nonzero(c->boundary, c->mask_block);
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
	if (c->phased) {
		size_t len = strnlen(buf, size);

		snprintf(buf + len, size - len, " start_offset=0x%" PRIx64, c->phase);
	}
}

#define REFUSE(err, fmt, ...) do { \
	IOBUF_LOG(ERR, "create %s: " fmt, what, ##__VA_ARGS__); \
	return -(err); \
} while (0)

int
iobuf_socket_check(int socket_id, const char *what)
{
	unsigned int i, n = rte_socket_count();
	char ids[64] = "";
	size_t len = 0;

	if (socket_id == SOCKET_ID_ANY)
		return 0;
	for (i = 0; i < n; i++)
		if (rte_socket_id_by_idx(i) == socket_id)
			return 0;
	for (i = 0; i < n && len < sizeof(ids); i++)
		len += snprintf(ids + len, sizeof(ids) - len, "%s%d",
				i != 0 ? "," : "", rte_socket_id_by_idx(i));
	if (what == NULL)
		what = "(anonymous)";
	REFUSE(EINVAL, "socket %d does not exist (sockets: %s; or SOCKET_ID_ANY)",
	       socket_id, ids);
}

/*
 * Segment counts. A scattered buffer of C bytes whose first byte lies x
 * bytes before the end of its boundary block (0 < x <= B), its pages one
 * IOVA run: a first piece of min(x, C) bytes, then whole blocks, then a
 * tail, each piece cut into segments of at most m bytes (m is max_seg_size,
 * or B when that is larger or unset: no piece exceeds B).
 */
static uint64_t
ceil_div(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

static uint64_t
seg_max(const struct iobuf_constraint *c)
{
	if (c->max_seg_size == 0 || c->max_seg_size > c->boundary)
		return c->boundary;
	return c->max_seg_size;
}

static uint64_t
segs_at(const struct iobuf_constraint *c, uint64_t x)
{
	uint64_t B = c->boundary, m = seg_max(c);
	uint64_t first = RTE_MIN(x, (uint64_t)c->capacity);
	uint64_t rest = c->capacity - first;

	return ceil_div(first, m) + rest / B * ceil_div(B, m) +
	       ceil_div(rest % B, m);
}

uint64_t
iobuf_segs_from(const struct iobuf_constraint *c, rte_iova_t start)
{
	if (c->boundary == 0)
		return c->max_seg_size == 0 ? 1 : ceil_div(c->capacity, c->max_seg_size);
	return segs_at(c, c->boundary - (start & (c->boundary - 1)));
}

/*
 * The x of one start form ranges on which segs_at is a base count plus 0
 * or 1. With C = Q*B + R (0 <= R < B) and k = ceil(B/m):
 *   x >= C           one piece: ceil(C/m), constant;
 *   x <= R (x < C)   first piece x, Q blocks, tail R - x:
 *                    Q*k + ceil(R/m) + e;
 *   R < x < C        first piece x, Q - 1 blocks, tail B + R - x:
 *                    (Q-1)*k + ceil((B+R)/m) + e;
 * where, the two end pieces summing to T (R or B + R),
 * e = ceil(x/m) + ceil((T-x)/m) - ceil(T/m) is 1 exactly when
 * 0 < x % m < T % m (or, T a multiple of m, when x is not). Starts
 * aligned to a (a power of two, B a multiple of it) are the x that are
 * multiples of a.
 */
struct seg_range {
	uint64_t lo, hi; /* x in [lo, hi] */
	uint64_t total;  /* T: end pieces' sum, 0 for the one-piece range */
};

static unsigned int
seg_ranges(const struct iobuf_constraint *c, struct seg_range r[3])
{
	uint64_t B = c->boundary, C = c->capacity;
	uint64_t Q = C / B, R = C % B;
	unsigned int n = 0;

	if (C <= B)
		r[n++] = (struct seg_range){ C, B, 0 };
	if (R >= 1 && RTE_MIN(R, C - 1) >= 1)
		r[n++] = (struct seg_range){ 1, RTE_MIN(R, C - 1), R };
	if (Q >= 1 && R + 1 <= RTE_MIN(B, C - 1))
		r[n++] = (struct seg_range){ R + 1, RTE_MIN(B, C - 1), B + R };
	return n;
}

/*
 * Smallest x >= 0 with l <= (a * x) % m <= r, for 0 <= a < m and
 * 1 <= l <= r < m; UINT64_MAX if there is none or it is 2^64 / a or more
 * (a product overflowed). Euclid-like: when a step of a jumps over
 * [l, r], look instead for the first lap y of m whose window
 * [l + m*y, r + m*y] holds a multiple of a, a problem modulo a.
 */
static uint64_t
first_in_window(uint64_t a, uint64_t m, uint64_t l, uint64_t r)
{
	uint64_t x, y, bo, w;

	if (a == 0)
		return UINT64_MAX;
	x = ceil_div(l, a);
	if (a * x <= r) /* a * x < l + a <= 2m: no overflow */
		return x;
	w = r - l; /* < a - 1 here */
	bo = (a - l % a) % a; /* -(l + m*y) % a = (bo + (a - m % a) * y) % a */
	y = first_in_window((a - m % a) % a, a, a - bo, a - bo + w);
	if (y == UINT64_MAX || y > (UINT64_MAX - l) / m)
		return UINT64_MAX;
	return ceil_div(l + m * y, a);
}

/*
 * First x of the multiples of a in [lo, hi] with lw <= x % m <= hw
 * (lw <= hw < m), 0 if none.
 */
static uint64_t
first_residue(uint64_t a, uint64_t m, uint64_t lo, uint64_t hi,
	      uint64_t lw, uint64_t hw)
{
	uint64_t x1 = (lo + a - 1) & ~(a - 1); /* lo, a <= 2^63 */
	uint64_t b, i;

	if (x1 < lo || x1 > hi)
		return 0;
	b = x1 % m;
	if (b >= lw && b <= hw)
		return x1;
	/* (x1 + a*i) % m in [lw, hw] <=> (a*i) % m in [lw - b, hw - b] mod m,
	 * which does not wrap: it does not hold 0 (i = 0 failed). */
	i = first_in_window(a % m, m, (lw + m - b) % m, (hw + m - b) % m);
	if (i == UINT64_MAX || i > (hi - x1) / a)
		return 0;
	return x1 + i * a;
}

/*
 * Over starts aligned to a: the most segments any needs (@p best_x NULL),
 * or the fewest any needs, with the x of one such start in *best_x,
 * preferring one whose offset has no forbidden bit.
 */
static uint64_t
segs_over(const struct iobuf_constraint *c, uint64_t a, uint64_t *best_x)
{
	uint64_t B = c->boundary, m = seg_max(c);
	uint64_t result = best_x != NULL ? UINT64_MAX : 0;
	uint64_t cand[3], sigma, x, n;
	struct seg_range r[3];
	unsigned int nr = seg_ranges(c, r), i, j;
	bool best_clean = false, clean;

	a = RTE_MIN(a, B);
	for (i = 0; i < nr; i++) {
		/* e = 1 for x % m in [1, sigma - 1]; e = 0 for 0 and from sigma. */
		sigma = r[i].total % m != 0 ? r[i].total % m : m;
		cand[0] = first_residue(a, m, r[i].lo, r[i].hi, 0, m - 1);
		if (best_x == NULL) {
			cand[1] = sigma > 1 ?
				first_residue(a, m, r[i].lo, r[i].hi, 1, sigma - 1) : 0;
			cand[2] = 0;
		} else {
			cand[1] = first_residue(a, m, r[i].lo, r[i].hi, 0, 0);
			cand[2] = sigma < m ?
				first_residue(a, m, r[i].lo, r[i].hi, sigma, m - 1) : 0;
		}
		for (j = 0; j < RTE_DIM(cand); j++) {
			x = cand[j];
			if (x == 0)
				continue;
			n = segs_at(c, x);
			if (best_x == NULL) {
				result = RTE_MAX(result, n);
				continue;
			}
			clean = (((B - x) & (B - 1)) & c->forbid) == 0;
			if (n < result || (n == result && clean && !best_clean)) {
				result = n;
				best_clean = clean;
				*best_x = x;
			}
		}
	}
	return result;
}

/*
 * A scattered request with max_segs and a boundary: raise the alignment
 * to the smallest power of two whose every start leaves the buffer within
 * max_segs (best case, one IOVA run); if none does but some start aligned
 * as requested does, pin starts to that offset of the boundary block;
 * if no start does, no memory can serve the request.
 */
static int
seg_align(struct iobuf_constraint *c, const char *what)
{
	uint64_t a, best, x;

	for (a = c->align;; a <<= 1) {
		if (segs_over(c, a, NULL) <= c->max_segs) {
			c->align = a;
			return 0;
		}
		if (a >= c->boundary)
			break;
	}
	best = segs_over(c, c->align, &x);
	if (best > c->max_segs)
		REFUSE(ERANGE, "%u segments cannot hold %zu bytes split at boundary 0x%"
		       PRIx64 " and at most %" PRIu64 " bytes each from any 0x%" PRIx64
		       "-aligned start (the best needs %" PRIu64 ")", c->max_segs,
		       c->capacity, c->boundary, seg_max(c), c->align, best);
	c->phased = true;
	c->phase = (c->boundary - x) & (c->boundary - 1);
	return 0;
}

/* Addresses y in [0, n] with (y & forbid) == 0; forbid != 0, so at most
 * 2^63 and no overflow. */
static uint64_t
admitted_upto(uint64_t forbid, uint64_t n)
{
	uint64_t count = 0, bit;
	int i;

	for (i = 63; i >= 0; i--) {
		bit = UINT64_C(1) << i;
		if ((n & bit) == 0)
			continue;
		/* n's bits above i, 0 at i, any admissible bits below. */
		count += UINT64_C(1) << __builtin_popcountll(~forbid & (bit - 1));
		if (forbid & bit)
			return count;
	}
	return count + 1; /* n itself */
}

uint64_t
iobuf_admissible_bytes(const struct iobuf_constraint *c)
{
	if (c->forbid == 0)
		return c->hi - c->lo == UINT64_MAX ? UINT64_MAX : c->hi - c->lo + 1;
	return admitted_upto(c->forbid, c->hi) -
	       (c->lo != 0 ? admitted_upto(c->forbid, c->lo - 1) : 0);
}

int
iobuf_constraint_init(struct iobuf_constraint *c,
		      const struct rte_iobuf_params *p, const char *what)
{
	uint64_t allowed, seg_limit;
	rte_iova_t s0;
	int ret;

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
	if (!is_pow2_or_zero(p->align))
		REFUSE(EINVAL, "alignment 0x%" PRIx64 " is not a power of two",
		       p->align);
	if (p->align > IOBUF_CAPACITY_MAX)
		REFUSE(EINVAL, "alignment 0x%" PRIx64 " exceeds the maximum 0x%" PRIx64,
		       p->align, IOBUF_CAPACITY_MAX);
	if (!is_pow2_or_zero(p->boundary))
		REFUSE(EINVAL, "boundary 0x%" PRIx64 " is not a power of two",
		       p->boundary);

	*c = (struct iobuf_constraint){
		.capacity = p->capacity,
		/* As given: neither direction means both (iobuf_dir_in()). */
		.flags = p->flags,
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
		/* No segment is longer than the boundary, max_seg_size, or an
		 * admissible run under the mask (its block). */
		seg_limit = iobuf_min_nonzero(iobuf_min_nonzero(c->boundary, c->max_seg_size),
					c->mask_block);
		if (seg_limit != 0 && ceil_div(c->capacity, seg_limit) > c->max_segs)
			REFUSE(ERANGE, "%u segments of at most %" PRIu64
			       " bytes cannot hold %zu bytes", c->max_segs,
			       seg_limit, c->capacity);
	}
	if (!c->contig && c->max_segs != 0 && c->boundary != 0) {
		ret = seg_align(c, what);
		if (ret < 0)
			return ret;
	}
	if (c->capacity - 1 > c->hi - c->lo)
		REFUSE(ERANGE, "capacity %zu exceeds IOVA window [0x%" PRIx64
		       ", 0x%" PRIx64 "]", c->capacity, c->lo, c->hi);
	/* Without mask and window every aligned start is admissible. */
	if (iobuf_constraint_anywhere(c))
		return 0;
	s0 = iobuf_next_start(c, c->lo);
	if (s0 == RTE_BAD_IOVA)
		REFUSE(ERANGE, "no 0x%" PRIx64 "-aligned start in window [0x%"
		       PRIx64 ", 0x%" PRIx64 "] meets mask 0x%" PRIx64
		       " for %zu bytes", c->align, c->lo, c->hi, c->mask,
		       c->capacity);
	/*
	 * Every byte needs an admissible IOVA of its own: a mask (with its
	 * holes) that admits fewer in the window than the capacity is met by
	 * no memory, however scattered. The mask block from the first start
	 * is admissible as a whole; count exactly only when it is too small.
	 */
	if (c->forbid != 0 &&
	    RTE_MIN(c->hi, s0 | (c->mask_block - 1)) - s0 < c->capacity - 1) {
		uint64_t admitted = iobuf_admissible_bytes(c);

		if (admitted < c->capacity)
			REFUSE(ERANGE, "mask 0x%" PRIx64 " admits %" PRIu64
			       " bytes of IOVA in window [0x%" PRIx64 ", 0x%" PRIx64
			       "], fewer than capacity %zu", c->mask, admitted,
			       c->lo, c->hi, c->capacity);
	}
	return 0;
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

	/* A phase with a forbidden bit: no phased start is admissible (and
	 * the loop below would walk every block to find that out). */
	if (c->phased && (c->phase & c->forbid) != 0)
		return RTE_BAD_IOVA;
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
		if (!c->contig) {
			if (c->phased && (s & (c->boundary - 1)) != c->phase) {
				/* Next start at the phase; phase is aligned. */
				rte_iova_t t = (s & ~(c->boundary - 1)) + c->phase;

				if (t < s) {
					t += c->boundary;
					if (t < c->boundary)
						return RTE_BAD_IOVA;
				}
				s = t;
				continue;
			}
			return s;
		}
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
