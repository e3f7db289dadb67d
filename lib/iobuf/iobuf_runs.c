/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "iobuf_runs.h"

int
iobuf_runs_collect(const struct rte_memzone *mz, struct iobuf_runs *r)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(mz->addr);
	uintptr_t start = (uintptr_t)mz->addr, end = start + mz->len, va, next;
	const struct rte_memseg *ms;
	struct iobuf_run *run;
	rte_iova_t iova;
	size_t max_runs;

	r->run = NULL;
	r->n = 0;
	if (msl == NULL)
		return -IOBUF_REJ_NO_IOVA;
	r->page_sz = msl->page_sz;
	max_runs = (mz->len + msl->page_sz - 1) / msl->page_sz + 1;
	r->run = malloc(max_runs * sizeof(*r->run));
	if (r->run == NULL)
		return -ENOMEM;

	for (va = start; va < end; va = next) {
		ms = rte_mem_virt2memseg((void *)va, msl);
		if (ms == NULL || ms->iova == RTE_BAD_IOVA) {
			iobuf_runs_free(r);
			return -IOBUF_REJ_NO_IOVA;
		}
		iova = ms->iova + (va - (uintptr_t)ms->addr);
		next = RTE_MIN(RTE_ALIGN_FLOOR(va, msl->page_sz) + msl->page_sz,
			       end);
		if (r->n > 0) {
			run = &r->run[r->n - 1];
			if (run->iova + run->len == iova) {
				run->len += next - va;
				continue;
			}
		}
		r->run[r->n++] = (struct iobuf_run){
			.off = va - start, .iova = iova, .len = next - va,
		};
	}
	return 0;
}

void
iobuf_runs_free(struct iobuf_runs *r)
{
	free(r->run);
	r->run = NULL;
	r->n = 0;
}

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
