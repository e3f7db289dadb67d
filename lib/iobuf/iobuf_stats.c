/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Counters: per-lcore sets summed on read, plus the arenas' totals. */

#include <errno.h>
#include <string.h>

#include <rte_errno.h>

#include "rte_iobuf.h"
#include "iobuf_arena.h"
#include "iobuf_private.h"

struct iobuf_stats iobuf_lcore_stats[RTE_MAX_LCORE + 1];
uint64_t iobuf_steer_last_peak;

int
rte_iobuf_stats_get(struct rte_iobuf_stats *st)
{
	struct iobuf_arena_totals t;
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
		SUM(steer_rejects);
#undef SUM
	}
	st->steer_last_peak = __atomic_load_n(&iobuf_steer_last_peak,
					      __ATOMIC_RELAXED);
	iobuf_arena_totals(&t);
	st->arena_classes = t.classes;
	st->arenas = t.arenas;
	st->arena_bytes = t.bytes;
	st->arena_slots = t.slots;
	st->arena_slots_free = t.slots_free;
	st->arena_meta_bytes = t.meta_bytes;
	return 0;
}
