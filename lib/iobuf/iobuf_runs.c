/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "iobuf_runs.h"

static const struct iobuf_run *
run_at(const struct iobuf_runs *r, size_t off)
{
	unsigned int lo = 0, hi = r->n;

	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if (r->run[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &r->run[lo];
}

rte_iova_t
iobuf_runs_iova(const struct iobuf_runs *r, size_t off, size_t *run_end)
{
	const struct iobuf_run *run = run_at(r, off);

	*run_end = run->off + run->len;
	return run->iova + (off - run->off);
}

/*
 * First place after a bad piece in [pos, pos + len), or 0 if all bytes
 * pass mask and window. Pieces are split at mask blocks so that each one
 * is admissible as a whole or not at all.
 */
static size_t
skip_past_bad_piece(const struct iobuf_constraint *c,
		    const struct iobuf_runs *r, size_t pos, size_t len)
{
	size_t end = pos + len, run_end, piece;
	rte_iova_t iova;

	while (pos < end) {
		iova = iobuf_runs_iova(r, pos, &run_end);
		if (iova > c->hi)
			return SIZE_MAX;
		piece = iobuf_block_room(c, iova, RTE_MIN(run_end, end) - pos);
		if (!iobuf_range_admissible(c, iova, piece))
			return pos + piece;
		pos += piece;
	}
	return 0;
}

int
iobuf_carve(const struct iobuf_constraint *c, const struct iobuf_runs *r,
	    size_t zone_len, size_t *off)
{
	size_t pos = 0, run_end, skip;
	int why = IOBUF_REJ_MASK;
	rte_iova_t a, s;

	while (pos + c->capacity <= zone_len) {
		a = iobuf_runs_iova(r, pos, &run_end);
		s = iobuf_next_start(c, a);
		if (s == RTE_BAD_IOVA || s - a >= run_end - pos) {
			pos = run_end;
			continue;
		}
		pos += s - a;
		if (pos + c->capacity > zone_len)
			break;
		if (c->contig) {
			if (pos + c->capacity <= run_end) {
				*off = pos;
				return 0;
			}
			why = IOBUF_REJ_CONTIG;
			pos = run_end;
			continue;
		}
		skip = skip_past_bad_piece(c, r, pos, c->capacity);
		if (skip == 0) {
			*off = pos;
			return 0;
		}
		if (skip == SIZE_MAX)
			break;
		pos = skip;
	}
	return why;
}
