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
 *      mask;
 *   3. only when neither finds memory, the store grows by a new extent and
 *      tries again; extents that did not help stay in the store (they serve
 *      other requests) until the growth budget is spent.
 *
 * Memory one constraint rejects stays free for the next request. Extents
 * with no used granule are given back to DPDK beyond IOBUF_STORE_KEEP_EMPTY
 * (hysteresis) and all of them by iobuf_pagestore_trim(). The store lives in
 * shared memory: any process allocates and frees; one spinlock guards it
 * (not held while DPDK reserves memory).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_memory.h>

#include "iobuf_constraint.h"

/* Unit of ownership: the smallest page size DPDK uses. */
#define IOBUF_GRANULE UINT64_C(4096)
/* First extent size, and the most one growth step reserves (steps double
 * while growth finds nothing admissible). 16 MiB is 8 hugepages: a whole
 * 8 GiB machine in 512 memzones, a fifth of RTE_MAX_MEMZONE. */
#define IOBUF_EXTENT_MIN (UINT64_C(16) << 20)
#define IOBUF_EXTENT_MAX (UINT64_C(256) << 20)
/* Empty extents kept when buffers are released (create/release loops then
 * never map and unmap hugepages). */
#define IOBUF_STORE_KEEP_EMPTY 1
/* Bytes one request may add to the store without finding what it needs:
 * the larger of these. With --no-huge the heap is one region handed out
 * from the top, so reaching a window at its bottom needs most of it. */
#define IOBUF_GROW_BUDGET_MIN (UINT64_C(1) << 30)
#define IOBUF_GROW_BUDGET_FACTOR 16

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
	struct iobuf_piece *pieces;
	int socket_id;
};

/*
 * Place a buffer meeting @p c on @p socket_id (or any). With
 * @p va_contig the buffer must be one VA-contiguous piece (arenas, and
 * callers that need one CPU range). Returns 0, or -ENOMEM / -ENOSPC after
 * one log line at @p log_level that says what memory was seen.
 */
int iobuf_pagestore_place(const struct iobuf_constraint *c, int socket_id,
			  bool va_contig, struct iobuf_placement *pl,
			  const char *what, uint32_t log_level);

void iobuf_placement_fini(struct iobuf_placement *pl);

/* Give granules back; an extent left empty beyond the hysteresis goes
 * back to DPDK. */
void iobuf_pagestore_free(const struct iobuf_piece *p, uint32_t n);

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
};
void iobuf_pagestore_totals(struct iobuf_pagestore_totals *t);

/* A number no other call in any process returned (the library's shared
 * serial: class ids). */
uint32_t iobuf_shared_serial(void);

/* Bytes the store grew by for this process's last placement. */
extern uint64_t iobuf_last_growth;

#endif /* IOBUF_PAGESTORE_H */
