/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_ARENA_H
#define IOBUF_ARENA_H

/*
 * Small buffers are carved from arenas: VA-contiguous pieces of
 * IOBUF_ARENA_SIZE bytes taken from the page store under the class's mask
 * and window, so that every byte of an arena meets them. An arena is cut
 * into equal slots (a power of two, naturally aligned on the IOVA, inside
 * one IOVA run), so a slot meets alignment, boundary and contiguity by
 * construction; each slot has its own preallocated descriptor.
 *
 * A class is every request with the same slot size, mask, window, socket,
 * cache mode and sharing. Classes, arenas and descriptors live in DPDK
 * shared memory, so a buffer can be released from any process. The
 * primary process keeps, per lcore, a cache of free slots per class
 * (process-local memory: lcore ids of different processes may be equal);
 * secondaries (which may exit without giving cached slots back) and
 * non-EAL threads use the class lock.
 */

#include "iobuf_private.h"

/* Largest slot: at least 64 KiB is required, and a 2 MiB arena still
 * holds 32 of them. Larger buffers take page-store granules directly. */
#define IOBUF_ARENA_SLOT_MAX (UINT64_C(64) * 1024)
/* Bytes of one arena: one 2 MiB hugepage (it is 2 MiB-aligned on the
 * IOVA, so in IOVA-as-PA mode it is exactly one page). */
#define IOBUF_ARENA_SIZE (UINT64_C(2) * 1024 * 1024)
/* Slots an lcore cache moves to or from its class at once; the cache holds
 * up to twice this. */
#define IOBUF_ARENA_CACHE_BULK 32

/* Class flag (iobuf_arena_class_info.flags): a class of the library's own
 * metadata (iobuf_arena_meta_alloc()), apart from the buffers' classes. */
#define IOBUF_CLASS_META RTE_BIT32(31)

/* Slot size that serves @p c, or 0 if the request takes store granules
 * directly. */
uint64_t iobuf_arena_slot(const struct iobuf_constraint *c);

/*
 * A descriptor (one reference, fields of @p c filled in) for a slot of
 * size @p slot, or NULL when the arenas cannot serve the request: the
 * caller then takes the store path. When the store had no room for a new
 * arena (it grew and reclaimed to no avail), pe->err and pe->msg say why:
 * the store path then only searches what the store holds.
 */
struct iobuf_desc *iobuf_arena_get(const struct iobuf_constraint *c,
				   uint64_t slot, int socket_id,
				   const char *name, unsigned int lcore,
				   struct iobuf_place_err *pe);

/* Return a carved buffer's slot (its last reference is gone); @p lcore is
 * rte_lcore_id() of the caller. */
void iobuf_arena_put(struct iobuf_desc *d, unsigned int lcore);

/*
 * @p size bytes (zeroed, at most IOBUF_ARENA_SLOT_MAX) of shared memory for
 * library metadata, carved from an arena of an internal class: no EAL heap
 * lock on the way (a process killed holding it wedges DPDK's heap for
 * every process). *carrier is the slot's descriptor, for
 * iobuf_arena_meta_free(). NULL when the arenas cannot serve it.
 */
void *iobuf_arena_meta_alloc(size_t size, int socket_id, struct iobuf_desc **carrier);
void iobuf_arena_meta_free(struct iobuf_desc *carrier);

/*
 * After a process died with a placement not yet linked: give back every
 * store granule that no buffer and no arena holds. Runs only when no live
 * process is placing; returns the bytes freed, or -1 (try again later).
 */
int64_t iobuf_arena_sweep(void);

struct iobuf_reap_list;
/* For the reap of dead process (@p slot, @p gen): every class forgets it
 * as a user, slots it was moving go back to their arenas (returned: how
 * many), and carved buffers holding something of it are listed in @p l. */
uint64_t iobuf_arena_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l);

/* At most every 100 ms: classes unused for the idle_ms limit give back
 * this process's cached slots and their empty arenas. Called on the slow
 * paths of create. */
void iobuf_arena_age(void);

/* Rebuild the normalised constraint of a carved buffer. */
void iobuf_arena_constraint(const struct iobuf_desc *d,
			    struct iobuf_constraint *c);

/* Totals over every class of every process, for rte_iobuf_stats_get(). */
struct iobuf_arena_totals {
	uint32_t classes;
	uint32_t arenas;
	uint32_t arenas_meta; /* of which, of the metadata classes */
	uint64_t bytes;       /* page-store bytes held by arenas */
	uint64_t slots;       /* usable slots */
	uint64_t slots_free;  /* slots in arena free lists (not cached) */
	uint64_t meta_bytes;  /* heap bytes of descriptors and bookkeeping */
};
void iobuf_arena_totals(struct iobuf_arena_totals *t);

/* One class, as telemetry shows it. */
struct iobuf_arena_class_info {
	uint32_t id;
	uint64_t slot, mask, iova_min, iova_max;
	int socket_id;
	uint32_t flags;
	uint32_t arenas;
	uint64_t bytes, slots, slots_free;
	uint64_t grow_failed;              /* all processes */
	uint64_t attempts, rejects, live, live_bytes;  /* this process */
};
void iobuf_arena_walk(void (*cb)(const struct iobuf_arena_class_info *ci,
				 void *arg), void *arg);

#endif /* IOBUF_ARENA_H */
