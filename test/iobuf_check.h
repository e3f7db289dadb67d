/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_CHECK_H
#define IOBUF_CHECK_H

#include <rte_iobuf.h>

/*
 * The independent oracle of the tests. Nothing here calls into the
 * library's rules: they are recomputed from the request and checked
 * against what EAL reports.
 */

/*
 * Check a buffer against what EAL reports, with the request's rules
 * recomputed here independently of the library: at every page and at
 * sampled offsets, rte_iobuf_iova() must equal rte_mem_virt2iova() of the
 * same byte; every byte's IOVA must meet mask and window (checked bit by
 * bit over each page's range); the first IOVA must be aligned; segments
 * must be contiguous, within boundary and size limits, and few enough.
 * Prints the first violation. Returns TEST_SUCCESS or TEST_FAILED.
 * The sampled offsets come from rand().
 */
int iobuf_check(const struct rte_iobuf *b, const struct rte_iobuf_params *req);

/* The same, with the sampled offsets drawn by rand_r(@p seed) (for
 * threads). */
int iobuf_check_r(const struct rte_iobuf *b, const struct rte_iobuf_params *req,
		  unsigned int *seed);

/* True if IOVA range [a, e] has no address with a bit outside @p allowed. */
int iobuf_check_range_in_mask(rte_iova_t a, rte_iova_t e, uint64_t allowed);

/*
 * Page IOVAs EAL holds now (from a walk of every memseg), sorted. With
 * more pages than @p max, an evenly spaced sample of the sorted list that
 * includes the lowest and the highest page, so that quantiles taken from
 * it (pages[n / 2], pages[n - 1]) describe the whole layout. Returns the
 * number of entries filled.
 */
unsigned int iobuf_check_mapped_pages(rte_iova_t *iova, unsigned int max,
				      uint64_t *page_sz);

/*
 * The whole memory layout EAL holds now: every page (rte_memseg_walk, no
 * truncation), its IOVA sorted, and the span. malloc()ed (not from the
 * DPDK heap, so a test's heap statistics do not move).
 */
struct iobuf_check_layout {
	rte_iova_t *page;    /**< IOVA of each page, ascending */
	unsigned int n;      /**< pages */
	uint64_t page_sz;    /**< bytes per page (smallest list's size) */
	rte_iova_t lo, hi;   /**< first and last byte of the span */
};

/* Fill @p l; TEST_SUCCESS or TEST_FAILED (no memory, no pages). */
int iobuf_check_layout_get(struct iobuf_check_layout *l);
void iobuf_check_layout_free(struct iobuf_check_layout *l);

/* IOVA window [*lo, *hi] covering exactly the pages of rank [from, to) in
 * the sorted list (0 <= from < to <= n): the first byte of page[from] to
 * the last byte of page[to - 1]. */
void iobuf_check_layout_window(const struct iobuf_check_layout *l,
			       unsigned int from, unsigned int to,
			       rte_iova_t *lo, rte_iova_t *hi);

/* Pages of the layout whose whole range lies inside [lo, hi]. */
unsigned int iobuf_check_layout_count(const struct iobuf_check_layout *l,
				      rte_iova_t lo, rte_iova_t hi);

/*
 * A 1 GiB IOVA window no memory can ever have: above every virtual range
 * EAL reserved for memory (IOVA-as-VA) and above 2^46 (physical memory on
 * these machines ends far below; IOVA-as-PA). A request for it must fail
 * with ENOMEM however far the library grows.
 */
void iobuf_check_window_beyond_memory(rte_iova_t *lo, rte_iova_t *hi);

/*
 * Memory taken from DPDK directly, to make it run out: memzones of @p len
 * bytes (halving to a cache line when refused) until none is left, or
 * with @p slots_only cache-line zones until the memzone table is full.
 * Returns 0, or -1 when more than 3 GiB went (the heap is not bounded:
 * the suite must give EAL a limit). iobuf_check_unfill() frees them all.
 */
#define IOBUF_CHECK_FILL_MAX 4096
struct iobuf_check_filler {
	const struct rte_memzone *mz[IOBUF_CHECK_FILL_MAX];
	unsigned int n;
	uint64_t bytes;
};
int iobuf_check_fill(struct iobuf_check_filler *f, size_t len, int slots_only);
void iobuf_check_unfill(struct iobuf_check_filler *f);

/*
 * Owner tags: a buffer's owner fills the whole capacity with a pattern of
 * a tag no other owner in this process ever gets (a global counter, not
 * the descriptor's address: the same descriptor handed to two owners gets
 * two tags) mixed with the offset, and checks it, over every byte, before
 * it lets go. Another owner's write anywhere in the buffer, including the
 * same memory handed out twice, breaks the check. Thread-safe.
 */
struct iobuf_owned {
	struct rte_iobuf *b;
	uint64_t tag;
};

/* A fresh tag (never 0, never repeated in this process). */
uint64_t iobuf_tag_next(void);
/* Fill [0, capacity) of @p b with @p tag's pattern (through b->va, not the
 * library's helpers). */
void iobuf_tag_write(struct rte_iobuf *b, uint64_t tag);
/* Check the pattern over [0, capacity); prints the first mismatch
 * (offset, what was found, whose tag it is if recognisable). */
int iobuf_tag_verify(const struct rte_iobuf *b, uint64_t tag);

/* Take ownership of a new buffer: a fresh tag, written. */
void iobuf_own(struct iobuf_owned *o, struct rte_iobuf *b);
/* Verify the tag, then release (always, also on mismatch) and clear @p o.
 * A cleared @p o (b == NULL) passes. Returns TEST_SUCCESS or TEST_FAILED. */
int iobuf_disown(struct iobuf_owned *o);
/* Release without verifying (cleanup after a failure). */
void iobuf_drop(struct iobuf_owned *o);

/* No two of @p n owned buffers (NULL entries skipped) share a byte of CPU
 * address over their capacities (prints the pair). */
int iobuf_check_disjoint(const struct iobuf_owned *o, unsigned int n);

/* Silence the library's log (lib.iobuf) below CRIT while a test makes
 * calls it expects to be refused (each refusal logs a line); returns the
 * level to give back to iobuf_log_restore(). */
int iobuf_log_quiet(void);
void iobuf_log_restore(int level);

/* A 64-bit value from rand_r(@p seed). */
uint64_t iobuf_rand64(unsigned int *seed);

/* Page frame behind @p va from /proc/self/pagemap (bits 0-54 when bit 63,
 * present, is set; root sees the frame numbers); 0 if unknown or not
 * faulted in. Read directly: EAL's rte_mem_virt2phy() answers nothing with
 * --no-huge. */
uint64_t iobuf_page_frame(const void *va);

/*
 * Bytes EAL maps from iobuf_check_mapping_start() on (its memory events,
 * RTE_MEM_EVENT_ALLOC, in this process): what growth made EAL map, counted
 * by EAL and not by the library. start() returns 0, or -1 with rte_errno
 * when EAL refuses the callback; where EAL has no memory events because it
 * maps nothing after start (legacy memory, --no-huge: ENOTSUP) the count
 * stays 0, which is then the truth. stop() unregisters it.
 */
int iobuf_check_mapping_start(void);
uint64_t iobuf_check_mapping_bytes(void);
void iobuf_check_mapping_stop(void);

#endif /* IOBUF_CHECK_H */
