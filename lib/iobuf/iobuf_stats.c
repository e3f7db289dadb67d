/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Counters: per-lcore sets summed on read, plus the arenas' totals. */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include "rte_iobuf.h"
#include "iobuf_arena.h"
#include "iobuf_log.h"
#include "iobuf_private.h"

struct iobuf_stats iobuf_lcore_stats[RTE_MAX_LCORE + 1];

int
rte_iobuf_stats_get(struct rte_iobuf_stats *st)
{
	struct iobuf_pagestore_totals pt;
	struct iobuf_arena_totals t;
	uint64_t others, others_bytes;
	unsigned int i;

	if (st == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	memset(st, 0, sizeof(*st));
	for (i = 0; i < RTE_DIM(iobuf_lcore_stats); i++) {
		const struct iobuf_stats *s = &iobuf_lcore_stats[i];

#define SUM(f) (st->f += __atomic_load_n(&s->f, __ATOMIC_RELAXED))
		SUM(created);
		SUM(freed);
		SUM(failed);
		SUM(live_bytes);
		SUM(failed_einval);
		SUM(failed_erange);
		SUM(failed_enomem);
		SUM(failed_enospc);
		SUM(failed_eexist);
		SUM(failed_other);
#undef SUM
	}
	/* Buffers of this process that other processes freed. */
	iobuf_self_freed_by_others(&others, &others_bytes);
	st->freed += others;
	st->live_bytes -= others_bytes;
	st->last_growth = __atomic_load_n(&iobuf_last_growth, __ATOMIC_RELAXED);
	iobuf_pagestore_totals(&pt);
	st->store_extents = pt.extents;
	st->store_extents_empty = pt.extents_empty;
	st->store_reserved = pt.reserved;
	st->store_used = pt.used;
	st->store_grows = pt.grows;
	st->store_grow_failed = pt.grow_failed;
	st->store_returned = pt.returned;
	st->store_gathered = pt.gathered;
	st->store_idle = pt.idle;
	st->idle_arena_bytes = pt.idle_arenas;
	st->reclaims = pt.reclaims;
	st->reclaimed_bytes = pt.reclaimed;
	iobuf_arena_totals(&t);
	st->arena_classes = t.classes;
	st->arenas = t.arenas;
	st->arenas_meta = t.arenas_meta;
	st->arena_bytes = t.bytes;
	st->arena_slots = t.slots;
	st->arena_slots_free = t.slots_free;
	st->arena_meta_bytes = t.meta_bytes;
	return 0;
}
