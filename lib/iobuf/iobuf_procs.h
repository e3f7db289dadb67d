/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_PROCS_H
#define IOBUF_PROCS_H

/*
 * The process table: every process that uses the library has a slot
 * (registered at its first create or lookup), identified by pid and start
 * time so that a reused pid is a different process, and by a registration
 * number (gen) unique for the life of the primary. References a process
 * holds on shared buffers are counted per slot in each descriptor; when a
 * process is found dead, one survivor claims its slot (LIVE -> REAPING
 * under the table lock), drops its references exactly once, frees what it
 * alone owned, and frees the slot. See doc/reliability.md, "Process death".
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "iobuf_lock.h"

#define IOBUF_MAX_PROCS 16
#define IOBUF_PROC_NONE UINT16_MAX

enum iobuf_proc_state {
	IOBUF_PROC_FREE = 0,
	IOBUF_PROC_LIVE,
	IOBUF_PROC_REAPING,
};

struct iobuf_proc {
	uint32_t state;          /* enum iobuf_proc_state */
	pid_t pid;
	uint64_t start;          /* /proc/PID/stat starttime */
	uint64_t gen;            /* registration number, never 0 */
	uint32_t placing;        /* placements it has made and not yet
				  * linked to a buffer or arena */
	pid_t reaper;            /* REAPING: the survivor doing it */
	uint64_t reaper_start;
	/* Buffers it created that other processes freed (its own counters
	 * cannot see them): rte_iobuf_stats_get() subtracts them. */
	uint64_t freed_by_others, freed_bytes_by_others;
};

struct iobuf_procs {
	iobuf_lock_t lock;
	uint64_t next_gen;
	struct iobuf_proc p[IOBUF_MAX_PROCS];
	/* A process died with placements not yet linked: their granules
	 * are found by a sweep of the store, as soon as no live process
	 * is placing (iobuf_arena_sweep()). */
	uint32_t sweep_pending;
	/* What reaping did, for telemetry and rte_iobuf_reap_stats(). */
	uint64_t reaped, refs_dropped, buffers_freed, slots_returned, swept_bytes;
};

void iobuf_procs_init(struct iobuf_procs *t);

/* This process's slot and registration number (IOBUF_PROC_NONE and 0
 * until it registered); read on every create and release. */
extern uint16_t iobuf_self_slot;
extern uint64_t iobuf_self_regno;

/* Register this process: its slot, or IOBUF_PROC_NONE after one log line
 * when the table is full or shared memory is missing (rte_errno ENOSPC,
 * ENOMEM or ENOTSUP). */
uint16_t iobuf_self_register(void);

/* This process's slot (registered at the first call). */
static inline uint16_t
iobuf_self(void)
{
	uint16_t s = iobuf_self_slot;

	return __builtin_expect(s != IOBUF_PROC_NONE, 1) ? s : iobuf_self_register();
}

/* This process's registration number (0 before it registered). */
static inline uint64_t
iobuf_self_gen(void)
{
	return iobuf_self_regno;
}

/* Pids of the registered processes (at most @p n); returns how many. */
unsigned int iobuf_procs_pids(pid_t *pid, unsigned int n);

/* Count a buffer of (@p slot, @p gen) that this process freed, @p bytes
 * of capacity, against its owner. */
void iobuf_proc_count_freed(uint16_t slot, uint64_t gen, uint64_t bytes);
/* Buffers of this process others freed: count and bytes. */
void iobuf_self_freed_by_others(uint64_t *n, uint64_t *bytes);

/*
 * Bracket a placement and the link that makes its granules reachable (a
 * descriptor on the store list, an arena in its class): between the two,
 * only this count tells a sweep that the granules are not garbage.
 */
void iobuf_placing_begin(void);
void iobuf_placing_end(void);
/* No live process is between those two (caller holds the store lock, so
 * none can start placing meanwhile). */
bool iobuf_procs_quiet(void);

/*
 * Reap every dead process: always when @p force, else at most every
 * 100 ms per process (the check reads /proc for each live slot).
 * Returns the number of processes reaped.
 */
int iobuf_procs_reap(bool force);

#endif /* IOBUF_PROCS_H */
