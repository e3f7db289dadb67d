/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_RUNS_H
#define IOBUF_RUNS_H

/*
 * IOVA runs of a VA range (from the page store's page table), and the
 * search for an admissible window inside them ("carving").
 */

#include <rte_memory.h>

#include "iobuf_constraint.h"

/* Range bytes [off, off + len) are IOVA-contiguous starting at iova. */
struct iobuf_run {
	size_t off;
	rte_iova_t iova;
	size_t len;
};

struct iobuf_runs {
	struct iobuf_run *run;  /* ordered by off, covering the range */
	unsigned int n;
	uint64_t cap;           /* entries run[] has room for */
};

/* Why a range could not hold the buffer (bit set). */
enum iobuf_reject {
	IOBUF_REJ_MASK = 1 << 0,    /* no admissible start, or bytes outside mask/window */
	IOBUF_REJ_CONTIG = 1 << 1,  /* admissible starts, but no run long enough */
};

/* IOVA of range offset @p off; *run_end is the range offset where its run ends. */
rte_iova_t iobuf_runs_iova(const struct iobuf_runs *r, size_t off,
			   size_t *run_end);

/*
 * Lowest range offset where [off, off + capacity) meets the constraint
 * (alignment, mask, window, contiguity, boundary for contiguous buffers).
 * Returns 0 and sets *off, or returns a non-zero enum iobuf_reject mask.
 */
int iobuf_carve(const struct iobuf_constraint *c, const struct iobuf_runs *r,
		size_t zone_len, size_t *off);

#endif /* IOBUF_RUNS_H */
