/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_steer.h"

/* Bytes that may be held in rejects: the larger of these. */
#define IOBUF_STEER_BUDGET_MIN (256ull << 20)
#define IOBUF_STEER_BUDGET_FACTOR 16

void
iobuf_mz_name(char *buf, size_t size)
{
	static uint32_t seq;

	snprintf(buf, size, "iob-%d-%u", (int)iobuf_pid(),
		 __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
}

static int
min_page_cb(const struct rte_memseg_list *msl, void *arg)
{
	uint64_t *min = arg;

	if (msl->memseg_arr.len != 0 && msl->page_sz < *min)
		*min = msl->page_sz;
	return 0;
}

/*
 * Largest alignment (and bound) on the VA that DPDK's own align/bound
 * carry over to the IOVA: any in IOVA-as-VA mode; in IOVA-as-PA mode up to
 * the smallest page size, because a page's VA and IOVA agree below it.
 */
static uint64_t
va_carries_to_iova(void)
{
	static uint64_t cached;
	uint64_t min = UINT64_MAX;

	if (rte_eal_iova_mode() == RTE_IOVA_VA)
		return UINT64_MAX;
	if (cached == 0) {
		rte_memseg_list_walk(min_page_cb, &min);
		cached = min == UINT64_MAX ? RTE_PGSIZE_4K : min;
	}
	return cached;
}

void
iobuf_steer_init(struct iobuf_steer *st, const struct iobuf_constraint *c,
		 int socket_id, const char *what, uint32_t log_level)
{
	uint64_t carry = va_carries_to_iova();
	uint64_t block = 0;

	memset(st, 0, sizeof(*st));
	st->c = c;
	st->what = what;
	st->log_level = log_level;
	st->socket_id = socket_id;
	st->mz_flags = c->contig ? RTE_MEMZONE_IOVA_CONTIG : 0;
	st->va_align = RTE_MIN(c->align, carry);
	if (c->contig) {
		block = c->boundary;
		if (c->mask_block != 0 && (block == 0 || c->mask_block < block))
			block = c->mask_block;
	}
	st->va_bound = block <= carry ? block : 0;
	/* Slack to carve an alignment the VA cannot carry. */
	st->base_len = c->capacity + (c->align - st->va_align);
	st->cur_len = st->base_len;
	st->budget = RTE_MAX(IOBUF_STEER_BUDGET_MIN,
			     IOBUF_STEER_BUDGET_FACTOR * (uint64_t)st->base_len);
	/*
	 * Candidates double after each reject. In IOVA-as-PA mode they stop at
	 * one page: a rejected page is then held whole, and each page-sized
	 * candidate is a new page. In IOVA-as-VA mode the heap hands out
	 * neighbouring addresses, so equal candidates would all meet the mask
	 * at the same phase; growth to a quarter of the budget lets one
	 * candidate span whole admissible blocks.
	 */
	st->page = carry != UINT64_MAX ? carry : 0;
	st->max_len = RTE_MAX(st->base_len, st->page != 0 ? (size_t)st->page :
			      (size_t)(st->budget / 4));
	st->seen_lo = RTE_BAD_IOVA;
	st->seen_hi = 0;
}

static void
note_seen(struct iobuf_steer *st)
{
	const struct iobuf_run *run = &st->runs.run[0];
	unsigned int i;

	for (i = 0; i < st->runs.n; i++, run++) {
		st->seen_lo = RTE_MIN(st->seen_lo, run->iova);
		st->seen_hi = RTE_MAX(st->seen_hi, run->iova + run->len - 1);
	}
}

static int
steer_fail(struct iobuf_steer *st, int err, const char *cause)
{
	char desc[256];

	iobuf_constraint_format(st->c, desc, sizeof(desc));
	IOBUF_LOG_AT(st->log_level, "create %s: %s: %s; %u candidates, %" PRIu64
		  " bytes held, IOVA seen [0x%" PRIx64 ", 0x%" PRIx64 "]%s%s%s%s",
		  st->what, cause, desc, st->attempts, st->held_bytes,
		  st->seen_lo == RTE_BAD_IOVA ? 0 : st->seen_lo, st->seen_hi,
		  st->why & IOBUF_REJ_MASK ? ", rejected by mask/window" : "",
		  st->why & IOBUF_REJ_CONTIG ? ", rejected for contiguity" : "",
		  st->why & IOBUF_REJ_SEGS ? ", rejected for segment limits" : "",
		  st->why & IOBUF_REJ_NO_IOVA ? ", pages without IOVA" : "");
	return -err;
}

int
iobuf_steer_next(struct iobuf_steer *st)
{
	char name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	uint64_t bound, align;
	int ret;

	for (;;) {
		if (st->attempts >= IOBUF_STEER_MAX_ATTEMPTS ||
		    st->held_bytes >= st->budget)
			return steer_fail(st, ENOMEM,
					  "no memory meets the constraint within the steering budget");
		iobuf_mz_name(name, sizeof(name));
		bound = st->va_bound >= st->cur_len ? st->va_bound : 0;
		align = st->page != 0 && st->cur_len >= st->page ?
			RTE_MAX(st->va_align, st->page) : st->va_align;
		mz = rte_memzone_reserve_bounded(name, st->cur_len, st->socket_id,
						 st->mz_flags, align, bound);
		st->attempts++;
		if (mz == NULL) {
			/* The memzone table is full: that, not memory, is what
			 * ran out, however much was held. */
			if (rte_errno == ENOSPC)
				return steer_fail(st, ENOSPC, st->n_held == 0 ?
						  "no free memzone" :
						  "memzone table full while steering");
			if (st->mz_flags & RTE_MEMZONE_IOVA_CONTIG) {
				/* The heap looks for contiguity over its element
				 * header too; a zone inside one page is contiguous
				 * anyway, and the carve checks the rest. */
				st->mz_flags &= ~RTE_MEMZONE_IOVA_CONTIG;
				continue;
			}
			if (st->cur_len > st->base_len) {
				/* Larger candidates are not to be had: stop growing. */
				st->cur_len = st->max_len = st->base_len;
				continue;
			}
			return steer_fail(st, ENOMEM, st->n_held == 0 ?
					  "heap has no room for the request" :
					  "memory ran out while steering");
		}
		st->mz = mz;
		st->peak_bytes = RTE_MAX(st->peak_bytes, st->held_bytes + mz->len);
		ret = iobuf_runs_collect(mz, &st->runs);
		if (ret == -ENOMEM) {
			rte_memzone_free(mz);
			st->mz = NULL;
			return steer_fail(st, ENOMEM, "no memory for the IOVA run table");
		}
		if (ret != 0) {
			iobuf_steer_reject(st, -ret);
			continue;
		}
		note_seen(st);
		ret = iobuf_carve(st->c, &st->runs, mz->len, &st->off);
		if (ret == 0)
			return 0;
		iobuf_steer_reject(st, ret);
	}
}

void
iobuf_steer_reject(struct iobuf_steer *st, int why)
{
	st->why |= why;
	st->held[st->n_held++] = st->mz;
	st->held_bytes += st->mz->len;
	st->mz = NULL;
	iobuf_runs_free(&st->runs);
	st->cur_len = RTE_MIN(st->cur_len * 2, st->max_len);
}

void
iobuf_steer_fini(struct iobuf_steer *st)
{
	unsigned int i;

	for (i = 0; i < st->n_held; i++)
		rte_memzone_free(st->held[i]);
	st->n_held = 0;
	if (st->mz != NULL)
		rte_memzone_free(st->mz);
	st->mz = NULL;
	iobuf_runs_free(&st->runs);
}
