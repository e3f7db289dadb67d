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
};

/*
 * Validate and normalise @p p. On failure returns -errno (EINVAL for a
 * malformed request, ERANGE for one no memory can meet) after logging one
 * line that names the failed constraint; @p what names the request.
 */
int iobuf_constraint_init(struct iobuf_constraint *c,
			  const struct rte_iobuf_params *p, const char *what);

/*
 * True if every byte of [iova, iova + len) passes the mask and window.
 * Alignment and boundary are not part of this test.
 */
bool iobuf_range_admissible(const struct iobuf_constraint *c,
			    rte_iova_t iova, uint64_t len);

/*
 * Smallest IOVA s >= @p from where a buffer may start: aligned, admissible
 * under mask and window and, for a contiguous request, with
 * [s, s + capacity) inside one mask block and one boundary block and inside
 * the window. RTE_BAD_IOVA if there is none.
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
