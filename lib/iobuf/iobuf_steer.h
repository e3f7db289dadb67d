/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_STEER_H
#define IOBUF_STEER_H

/*
 * The allocation engine: reserves memzones and steers them into memory that
 * meets a constraint. DPDK's heap takes no address hint, so steering is
 * reject-and-retry: a candidate that fails verification is held (the heap
 * must then hand out other memory) while the next one is tried, with larger
 * candidates so that an admissible window can be carved out of them. All
 * held rejects are freed when the search ends, successful or not. The
 * search is bounded in attempts and in bytes held.
 */

#include <rte_memzone.h>

#include "iobuf_constraint.h"
#include "iobuf_runs.h"

#define IOBUF_STEER_MAX_ATTEMPTS 256

struct iobuf_steer {
	const struct iobuf_constraint *c;
	const char *what;
	uint32_t log_level;      /* of the one failure line */
	int socket_id;
	unsigned int mz_flags;
	uint64_t va_align;       /* alignment DPDK can give on the VA */
	uint64_t va_bound;       /* bound DPDK can give on the VA, 0 = none */
	uint64_t page;           /* page size in IOVA-as-PA mode, else 0 */
	size_t base_len, cur_len, max_len;
	uint64_t budget, held_bytes;
	uint64_t peak_bytes;     /* most bytes held at once, candidate included */
	unsigned int attempts, n_held;
	int why;                 /* OR of enum iobuf_reject over all candidates */
	rte_iova_t seen_lo, seen_hi;
	const struct rte_memzone *held[IOBUF_STEER_MAX_ATTEMPTS];

	/* The current candidate; the caller takes it by clearing mz. */
	const struct rte_memzone *mz;
	struct iobuf_runs runs;
	size_t off;              /* buffer start within mz */
};

void iobuf_steer_init(struct iobuf_steer *st, const struct iobuf_constraint *c,
		      int socket_id, const char *what, uint32_t log_level);

/*
 * Find the next candidate that meets alignment, mask, window and
 * contiguity. Returns 0 with st->mz, st->runs and st->off set, or -errno
 * (ENOMEM, ENOSPC) after logging one line with what was seen.
 */
int iobuf_steer_next(struct iobuf_steer *st);

/* The caller refuses the current candidate (reason @p why): hold it. */
void iobuf_steer_reject(struct iobuf_steer *st, int why);

/* Free every held reject and any candidate the caller did not take. */
void iobuf_steer_fini(struct iobuf_steer *st);

/* Name a new memzone uniquely across processes. */
void iobuf_mz_name(char *buf, size_t size);

#endif /* IOBUF_STEER_H */
