/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_CONSTRAINT_H
#define IOBUF_CONSTRAINT_H

/*
 * The one place that knows the constraint rules. A request is normalised
 * once into struct iobuf_constraint; every later question ("may a buffer
 * start here?", "is this IOVA range admissible?") is answered from it.
 */

#include <stdbool.h>
#include <stdint.h>

#include "rte_iobuf.h"
#include "rte_iobuf_check.h"

struct iobuf_constraint {
	size_t capacity;
	uint32_t flags;
	bool contig;          /* one segment: CONTIG flag or max_segs == 1 */
	uint64_t mask;        /* as requested, 0 = none */
	uint64_t align;       /* max(requested, mask & -mask, cache line) */
	uint64_t forbid;      /* IOVA bits no byte may have */
	uint64_t mask_block;  /* 2^(lowest forbidden bit), 0 if forbid == 0 */
	rte_iova_t lo, hi;    /* inclusive IOVA window */
	uint64_t boundary;    /* 0 = none */
	uint32_t max_segs;    /* 0 = none */
	uint64_t max_seg_size;/* 0 = none */
	/*
	 * A scattered request with max_segs and a boundary that no alignment
	 * serves (every start aligned to any power of two would cost too many
	 * segments somewhere) but that some start does: every start then lies
	 * at offset @p phase (a multiple of align) of its boundary block.
	 */
	bool phased;
	uint64_t phase;
};

/* Smallest non-zero of a and b (0 if both are 0): limits where 0 means
 * none. */
static inline uint64_t
iobuf_min_nonzero(uint64_t a, uint64_t b)
{
	if (a == 0)
		return b;
	if (b == 0)
		return a;
	return a < b ? a : b;
}

/*
 * Validate and normalise @p p. On failure returns -errno (EINVAL for a
 * malformed request, ERANGE for one no memory can meet) after logging one
 * line that names the failed constraint; @p what names the request.
 */
int iobuf_constraint_init(struct iobuf_constraint *c,
			  const struct rte_iobuf_params *p, const char *what);

/*
 * 0 if @p socket_id is SOCKET_ID_ANY or a socket EAL knows (the id of
 * rte_socket_id_by_idx(i) for some i < rte_socket_count()); else -EINVAL
 * after one log line saying the socket does not exist. @p what names the
 * request. For the create path: a socket with no heap is a malformed
 * request, not a heap with no room.
 */
int iobuf_socket_check(int socket_id, const char *what);

/*
 * Fewest segments a scattered buffer of c->capacity bytes starting at IOVA
 * @p start can have when its pages form one IOVA-contiguous run (the best
 * case): segments end at every multiple of c->boundary and hold at most
 * c->max_seg_size bytes. 1 if neither limit is set.
 */
uint64_t iobuf_segs_from(const struct iobuf_constraint *c, rte_iova_t start);

/*
 * IOVAs in the window [lo, hi] that no forbidden bit excludes (every byte
 * of a buffer needs one of its own); UINT64_MAX for the whole 2^64 space.
 */
uint64_t iobuf_admissible_bytes(const struct iobuf_constraint *c);

/* True if @p c says nothing about where its IOVAs lie: no forbidden mask
 * bit, the whole window. */
static inline bool
iobuf_constraint_anywhere(const struct iobuf_constraint *c)
{
	return c->forbid == 0 && c->lo == 0 && c->hi == UINT64_MAX;
}

/* The constraint as the public range check sees it (rte_iobuf_check.h). */
static inline void
iobuf_constraint_check(const struct iobuf_constraint *c,
		       struct rte_iobuf_check *chk)
{
	*chk = (struct rte_iobuf_check){
		.forbid = c->forbid,
		.lo = c->lo,
		.hi = c->hi,
		.align = c->align,
		.boundary = c->boundary,
	};
}

/*
 * The RTE_IOBUF_CHECK_* rules among @p rules that [iova, iova + len)
 * breaks: the one statement of mask, window, boundary and alignment
 * (rte_iobuf_check_range()); 0 if it meets them all. Inline: the store's
 * placement asks it for every run it looks at.
 */
static inline uint32_t
iobuf_range_breaks(const struct iobuf_constraint *c, rte_iova_t iova,
		   uint64_t len, uint32_t rules)
{
	struct rte_iobuf_check chk;

	iobuf_constraint_check(c, &chk);
	return rte_iobuf_check_range(&chk, iova, len, rules);
}

/*
 * True if every byte of [iova, iova + len) passes the mask and window.
 * Alignment and boundary are not part of this test.
 */
static inline bool
iobuf_range_admissible(const struct iobuf_constraint *c, rte_iova_t iova,
		       uint64_t len)
{
	return iobuf_range_breaks(c, iova, len, RTE_IOBUF_CHECK_MASK |
				  RTE_IOBUF_CHECK_WINDOW) == 0;
}

/*
 * Smallest IOVA s >= @p from where a buffer may start: aligned, admissible
 * under mask and window and, for a contiguous request, with
 * [s, s + capacity) inside one mask block and one boundary block and inside
 * the window; for a phased request, at offset phase of its boundary block.
 * RTE_BAD_IOVA if there is none.
 */
rte_iova_t iobuf_next_start(const struct iobuf_constraint *c, rte_iova_t from);

/* Length of the admissible piece starting at @p iova, bounded by @p len:
 * the distance to the end of its mask block (and window). */
uint64_t iobuf_block_room(const struct iobuf_constraint *c, rte_iova_t iova,
			  uint64_t len);

/* Human-readable summary "mask=0x.. align=.. window=[..] ..." into buf. */
void iobuf_constraint_format(const struct iobuf_constraint *c, char *buf,
			     size_t size);

#endif /* IOBUF_CONSTRAINT_H */
