/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_PAGESTORE_H
#define IOBUF_PAGESTORE_H

/*
 * The page store: the one place that takes memory from DPDK. It reserves
 * large memzones ("extents") from DPDK's main heap, learns every page's
 * IOVA from EAL's memseg table once, and owns the extents at granule
 * (4 KiB) granularity with a free bitmap each. A request is served from
 * whatever free granules meet its constraint, in any extent:
 *
 *   1. one VA-contiguous piece of one extent (IOVA-contiguous if the
 *      request is contiguous) found by carving each free run;
 *   2. for a scattered request, blocks gathered from every extent: each
 *      block is whole under the mask (it never straddles a forbidden
 *      range), so a buffer is built from admissible blocks wherever the
 *      heap put them, as IOKit builds one from pages that each meet the
 *      mask. Gathered at once when the mask splits the request (no one
 *      range could hold it in IOVA-as-VA mode); otherwise only when the
 *      store can no longer grow;
 *   3. when nothing fits, the store grows by a new extent (sized to the
 *      heap's largest free block while one fits, else by doubling steps)
 *      and tries again, until DPDK refuses or nothing growth could reach
 *      would meet the constraint (growth_len());
 *   4. before failing, it gives back idle memory (reclaim) and tries once
 *      more.
 *
 * Memory one constraint rejects stays free for the next request. Extents
 * with no used granule are given back to DPDK beyond the store_idle limit
 * (hysteresis) and all of them by iobuf_pagestore_trim(); before a request
 * fails, all of them and whatever the reclaim hook frees. The store lives in
 * shared memory: any process allocates and frees; one spinlock guards it
 * (not held while DPDK reserves memory).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_bitops.h>
#include <rte_memory.h>

#include "iobuf_constraint.h"

/* Unit of ownership: the smallest page size DPDK uses. */
#define IOBUF_GRANULE UINT64_C(4096)
/* First growth step, and the most one step reserves (steps double while
 * growth finds nothing admissible; a step is smaller when it is sized to
 * the heap's largest free block). 16 MiB is 8 hugepages: a whole
 * 8 GiB machine in 512 memzones, a fifth of RTE_MAX_MEMZONE. */
#define IOBUF_EXTENT_MIN (UINT64_C(16) << 20)
#define IOBUF_EXTENT_MAX (UINT64_C(256) << 20)
/* Idle memory the library keeps (create/release loops then never map and
 * unmap hugepages), and how long an unused class keeps its own. Defaults
 * for a process of about 1 GiB; rte_iobuf_cache_limit_set() and the
 * IOBUF_CACHE_LIMIT environment variable change them. */
#define IOBUF_STORE_IDLE_DEFAULT (UINT64_C(32) << 20)   /* empty extents */
#define IOBUF_CLASS_IDLE_DEFAULT (UINT64_C(2) << 20)    /* empty arenas, one class */
#define IOBUF_TOTAL_IDLE_DEFAULT (UINT64_C(64) << 20)   /* empty arenas, all classes */
#define IOBUF_IDLE_MS_DEFAULT 1000

/* The limits, one set for all processes (in the store's state). */
struct iobuf_limits {
	uint64_t store_idle;
	uint64_t class_idle;
	uint64_t total_idle;
	uint32_t idle_ms;
};
/* The defaults, with IOBUF_CACHE_LIMIT applied (iobuf_limits.c). */
void iobuf_limits_defaults(struct iobuf_limits *l);
/* 0, or -ENOMEM if the store's state cannot be had. */
int iobuf_limits_get(struct iobuf_limits *l);
/* The class_idle limit, read without the store lock (0 with no store). */
uint64_t iobuf_limits_class_idle(void);
int iobuf_limits_set(const struct iobuf_limits *l);

/*
 * Empty arenas are idle memory too: a class may keep one only while all
 * classes' empty arenas stay within total_idle. Charge @p bytes (true if
 * within the limit, nothing charged otherwise); discharge with a negative
 * @p bytes (always true).
 */
bool iobuf_idle_arena_charge(int64_t bytes);

/*
 * Before a placement fails for lack of memory or of memzones, the store
 * gives back its empty extents and calls this hook (the arenas': drain the
 * lcore caches, free empty arenas), then tries once more. Returns bytes
 * given back to the store.
 */
void iobuf_pagestore_set_reclaim(uint64_t (*fn)(void));
/* Heap bytes growth from the heap's free blocks leaves to rte_malloc
 * (descriptors, bookkeeping): a small --no-huge heap is not all extents. */
#define IOBUF_HEAP_HEADROOM (UINT64_C(4) << 20)
/* Free blocks of the heap a request's growth takes whole, largest first,
 * once nothing else can help (a window in a fragment); each but the first
 * holds the request by itself, and each is a memzone held until the
 * request ends. */
#define IOBUF_LAST_RESORT_BLOCKS 64
/* A scattered request that has grown the store by the larger of these
 * without finding one piece gathers blocks from what the store holds
 * before it grows any further; and in IOVA-as-PA mode, where a new page's
 * IOVA is known only once it is mapped, new pages for one request stop
 * there. Otherwise growth goes on until DPDK refuses or nothing growth
 * could reach meets the request (iobuf_reach.h). */
#define IOBUF_GATHER_AFTER_MIN (UINT64_C(1) << 30)
#define IOBUF_GATHER_AFTER_FACTOR 16

struct iobuf_extent;

/* Granules [g0, g0 + ng) of one extent, owned by one buffer. */
struct iobuf_piece {
	struct iobuf_extent *ext;
	uint32_t g0, ng;
};

/* A gathered block: CPU address and IOVA of its first byte. */
struct iobuf_block {
	uint8_t *va;
	rte_iova_t iova;
};

/* Where a new buffer lies. Arrays are malloc'd; iobuf_placement_fini()
 * frees them (not the memory they describe). */
struct iobuf_placement {
	uint8_t *va;             /* byte 0 if the buffer is VA-contiguous */
	struct iobuf_extent *ext;/* its extent (VA-contiguous buffers) */
	uint64_t unit;           /* gathered: bytes per block; 0 otherwise */
	uint32_t n_blocks;
	struct iobuf_block *blocks;
	uint32_t n_pieces;
	struct iobuf_piece *pieces; /* &one for a single piece, else malloc'ed */
	struct iobuf_piece one;     /* no allocation under the store lock */
	int socket_id;
};

/* How a placement may go about it. */
#define IOBUF_PLACE_VA_CONTIG RTE_BIT32(0) /* one VA-contiguous piece (arenas) */
#define IOBUF_PLACE_GROW      RTE_BIT32(1) /* may reserve more from DPDK */
#define IOBUF_PLACE_RECLAIM   RTE_BIT32(2) /* may run the reclaim hook: the
					      * caller holds no class lock */

/* A failed placement, kept for a caller that decides later whether to
 * report it: its errno and the log line it would have written (after the
 * "create NAME: " it would have begun with). */
struct iobuf_place_err {
	int err;             /* 0: nothing failed */
	char msg[1024];
};

/*
 * Place a buffer meeting @p c on @p socket_id (or any), as @p flags allow.
 * Returns 0, or -ENOMEM / -ENOSPC with one line that says what memory was
 * seen: logged at @p log_level, or kept in @p pe if it is not NULL.
 */
int iobuf_pagestore_place(const struct iobuf_constraint *c, int socket_id,
			  unsigned int flags, struct iobuf_placement *pl,
			  const char *what, uint32_t log_level,
			  struct iobuf_place_err *pe);

void iobuf_placement_fini(struct iobuf_placement *pl);

/* Most translation-table entries (and pieces) a placement of @p c with
 * @p flags can produce: what a descriptor must be ready for. */
uint64_t iobuf_placement_max_entries(const struct iobuf_constraint *c,
				     unsigned int flags);

/* Give granules back; an extent left empty beyond the hysteresis goes
 * back to DPDK. */
void iobuf_pagestore_free(const struct iobuf_piece *p, uint32_t n);

/* Give back idle memory (empty extents, and through the reclaim hook empty
 * arenas and this process's lcore caches) before a failure for lack of
 * heap memory; counted as a reclaim. Returns the bytes given back. */
uint64_t iobuf_pagestore_reclaim(void);

/* Called by a sweep's marker for every piece something holds. */
typedef void (*iobuf_sweep_mark_t)(const struct iobuf_piece *p, uint32_t n,
				   void *ctx);
/*
 * Free every used granule that @p mark_all does not mark, under the store
 * lock, if @p quiet() says (under that lock) that no placement is between
 * the store and its holder. Returns the bytes freed, or -1 when not quiet
 * (or out of process memory for the marks).
 */
int64_t iobuf_pagestore_sweep(bool (*quiet)(void),
			      void (*mark_all)(iobuf_sweep_mark_t mark, void *ctx));

/*
 * IOVA of @p va inside extent @p e; *run is the number of bytes from va to
 * the end of its IOVA-contiguous run within the extent.
 */
rte_iova_t iobuf_extent_iova(const struct iobuf_extent *e, const uint8_t *va,
			     uint64_t *run);

/* Page size of an extent. */
uint64_t iobuf_extent_page_size(const struct iobuf_extent *e);

/* Give every empty extent back to DPDK; returns how many. */
int iobuf_pagestore_trim(void);

struct iobuf_pagestore_totals {
	uint32_t extents;
	uint32_t extents_empty;
	uint64_t reserved;     /* bytes of all extents */
	uint64_t used;         /* bytes of used granules */
	uint64_t grows;        /* extents added */
	uint64_t grow_failed;  /* reservations DPDK refused */
	uint64_t returned;     /* extents given back */
	uint64_t gathered;     /* buffers built from blocks of several runs */
	uint64_t idle;         /* bytes of empty extents */
	uint64_t idle_arenas;  /* bytes of empty arenas kept by classes */
	uint64_t reclaims;     /* failures turned into a reclaim and a retry */
	uint64_t reclaimed;    /* bytes those reclaims gave back */
	uint32_t extents_scarce; /* extents grown for a mask or window */
	uint64_t free_scarce;  /* their free bytes that meet it: what requests
				* with no mask and no window take last */
};
void iobuf_pagestore_totals(struct iobuf_pagestore_totals *t);

/* A number no other call in any process returned (the library's shared
 * serial: class ids). */
uint32_t iobuf_shared_serial(void);

/* Bytes the store grew by for this process's last placement. */
extern uint64_t iobuf_last_growth;

#endif /* IOBUF_PAGESTORE_H */
