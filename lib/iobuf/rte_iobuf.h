/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef RTE_IOBUF_H
#define RTE_IOBUF_H

/**
 * @file
 * RTE I/O buffers: DMA buffers under per-buffer device-address constraints.
 *
 * An I/O buffer is a reference-counted descriptor over memory reserved from
 * DPDK's main heap (rte_memzone). Its creation takes the constraint a device
 * puts on the addresses it can reach (an IOVA mask with IOKit's semantics,
 * an IOVA window, an alignment, a boundary no segment may cross, a segment
 * count and size limit, IOVA contiguity) and either returns memory whose every
 * page was verified against that constraint on its IOVA, or NULL with
 * rte_errno set and one log line naming the constraint that failed.
 *
 * Mask semantics (as IOKit's inTaskWithPhysicalMask): with
 * align = max(requested align, mask & -mask), the first IOVA of the buffer is
 * a multiple of align and every byte's IOVA a satisfies
 * (a & ~(mask | (align - 1))) == 0. A mask of 0 means no constraint. Unlike
 * IOKit, masks with holes are honoured exactly and every other constraint is
 * applied together with the mask.
 *
 * Every check is on the IOVA: the physical address in IOVA-as-PA mode, the
 * virtual address in IOVA-as-VA mode.
 *
 * Fields of struct rte_iobuf are read by the inline fast paths below;
 * applications must treat them as read-only and use the accessors.
 */

#include <stdint.h>
#include <stdio.h>
#include <stddef.h>

#include <rte_common.h>
#include <rte_compat.h>
#include <rte_errno.h>
#include <rte_memory.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Maximum length of a buffer name, including the terminating NUL. */
#define RTE_IOBUF_NAMESIZE 32

/**
 * @name Creation options
 * @{
 */
/** Device writes, CPU reads (kIODirectionIn). Neither direction = both. */
#define RTE_IOBUF_DIR_IN              RTE_BIT32(0)
/** CPU writes, device reads (kIODirectionOut). */
#define RTE_IOBUF_DIR_OUT             RTE_BIT32(1)
/** One IOVA-contiguous segment (kIOMemoryPhysicallyContiguous). */
#define RTE_IOBUF_CONTIG              RTE_BIT32(2)
/** Visible to secondary processes by name, one reference count for all. */
#define RTE_IOBUF_SHARED              RTE_BIT32(3)
/** Mapped in no task: IOVAs only, the CPU access helpers refuse. */
#define RTE_IOBUF_DMA_ONLY            RTE_BIT32(4)
/** Cache-mode hint: uncached access (non-temporal stores, no cache fill). */
#define RTE_IOBUF_CACHE_INHIBIT       RTE_BIT32(8)
/** Cache-mode hint: write-through (store, then write the lines back). */
#define RTE_IOBUF_CACHE_WRITE_THRU    RTE_BIT32(9)
/** Cache-mode hint: copyback, i.e. ordinary write-back caching (default). */
#define RTE_IOBUF_CACHE_COPYBACK      RTE_BIT32(10)
/** Cache-mode hint: write-combining (non-temporal streaming stores). */
#define RTE_IOBUF_CACHE_WRITE_COMBINE RTE_BIT32(11)
/** All cache-mode bits; at most one may be set. */
#define RTE_IOBUF_CACHE_MASK          (0xfu << 8)
/** @} */

/**
 * Full set of creation parameters (the constraint "tag" of a buffer).
 * Zero means "no constraint" for every numeric field.
 */
struct rte_iobuf_params {
	const char *name;      /**< NULL for an anonymous buffer. */
	int socket_id;         /**< NUMA socket or SOCKET_ID_ANY. */
	uint32_t flags;        /**< RTE_IOBUF_* options. */
	size_t capacity;       /**< Bytes; must be > 0. */
	uint64_t iova_mask;    /**< IOKit physicalMask; 0 = any IOVA. */
	uint64_t align;        /**< Power of two; 0 = none (cache line). */
	rte_iova_t iova_min;   /**< Lowest admissible IOVA (inclusive). */
	rte_iova_t iova_max;   /**< Highest admissible IOVA; 0 = no limit. */
	uint64_t boundary;     /**< Power of two no segment crosses; 0 = none. */
	uint32_t max_segs;     /**< Maximum number of segments; 0 = no limit. */
	uint64_t max_seg_size; /**< Maximum bytes in one segment; 0 = no limit. */
};

/** One granule of the translation table (internal layout, read inline). */
struct rte_iobuf_page {
	rte_iova_t iova;  /**< IOVA of the first byte of the granule. */
	size_t run_end;   /**< Buffer offset where its IOVA-contiguous run ends. */
};

/**
 * An I/O buffer descriptor. Lives in DPDK shared memory, so a shared
 * buffer's descriptor and reference count are the same object in every
 * process.
 */
struct rte_iobuf {
	uint8_t *va;           /**< CPU address of byte 0. */
	size_t length;         /**< Current length, 0..capacity. */
	size_t capacity;       /**< Capacity in bytes. */
	uint32_t flags;        /**< RTE_IOBUF_* options as created. */
	uint32_t refcnt;       /**< Atomic reference count. */
	rte_iova_t iova0;      /**< IOVA of byte 0. */
	uint64_t boundary;     /**< Segment boundary, 0 = none. */
	uint64_t max_seg_size; /**< Segment size limit, 0 = none. */
	uint32_t n_pages;      /**< 0: one IOVA run; else entries in pages[]. */
	uint32_t page_shift;   /**< log2 of the translation granule. */
	size_t page_off;       /**< Offset of byte 0 in its granule. */
	const struct rte_iobuf_page *pages; /**< Translation table or NULL. */
};

/** One IOVA segment of a buffer, as returned by rte_iobuf_seg_next(). */
struct rte_iobuf_seg {
	size_t offset;   /**< Buffer offset of the segment's first byte. */
	rte_iova_t iova; /**< IOVA of the segment's first byte. */
	size_t len;      /**< Bytes in the segment. */
};

/**
 * Create a buffer: the one-line equivalent of IOKit's
 * IOBufferMemoryDescriptor::inTaskWithPhysicalMask().
 *
 * @param name
 *   Unique name (at most RTE_IOBUF_NAMESIZE - 1 characters) or NULL.
 *   A named RTE_IOBUF_SHARED buffer can be found by rte_iobuf_lookup().
 * @param socket_id
 *   NUMA socket, or SOCKET_ID_ANY.
 * @param options
 *   RTE_IOBUF_DIR_*, RTE_IOBUF_CONTIG, RTE_IOBUF_SHARED, RTE_IOBUF_DMA_ONLY
 *   and at most one RTE_IOBUF_CACHE_* hint.
 * @param capacity
 *   Size in bytes. The new buffer's length equals its capacity.
 * @param iova_mask
 *   Bits a device address may have (see the file comment), 0 for any.
 * @return
 *   The buffer with one reference, or NULL with rte_errno set to:
 *   - EINVAL: malformed argument (zero or oversized capacity, unknown or
 *     conflicting options, alignment or boundary not a power of two, empty
 *     window, empty name, shared buffer without a name);
 *   - ENAMETOOLONG: name of RTE_IOBUF_NAMESIZE characters or more;
 *   - EEXIST: a buffer with this name exists;
 *   - ERANGE: the constraint can be met by no memory at all (capacity larger
 *     than the window, the boundary or the mask allow, mask below the
 *     alignment, segment limits too small);
 *   - ENOMEM: no available memory meets the constraint within the steering
 *     budget, or the heap is exhausted;
 *   - ENOSPC: no free memzone slot.
 */
struct rte_iobuf *
rte_iobuf_create(const char *name, int socket_id, uint32_t options,
		 size_t capacity, uint64_t iova_mask);

/**
 * Create a buffer with the full set of constraints.
 *
 * @param params
 *   Parameters; see struct rte_iobuf_params.
 * @return
 *   As rte_iobuf_create().
 */
struct rte_iobuf *
rte_iobuf_create_params(const struct rte_iobuf_params *params);

/**
 * Find a named buffer and take a reference on it. Another process finds
 * only buffers created with RTE_IOBUF_SHARED.
 *
 * @param name
 *   Buffer name.
 * @return
 *   The buffer (caller owns one reference) or NULL with rte_errno set to
 *   EINVAL (NULL name), ENOENT (no such buffer) or EACCES (the buffer is
 *   not shared and belongs to another process).
 */
__rte_experimental
struct rte_iobuf *
rte_iobuf_lookup(const char *name);

/**
 * Take one more reference.
 *
 * @param b
 *   Buffer; NULL is ignored.
 */
void
rte_iobuf_retain(struct rte_iobuf *b);

/**
 * Drop one reference; the last one, in any process, frees the memory.
 *
 * @param b
 *   Buffer; NULL is ignored.
 */
void
rte_iobuf_release(struct rte_iobuf *b);

/**
 * Current reference count (for diagnostics; it may change at any time).
 */
uint32_t
rte_iobuf_refcnt(const struct rte_iobuf *b);

/** @internal Cold path of the inline helpers: sets rte_errno and logs. */
void
__rte_iobuf_range_error(const struct rte_iobuf *b, const char *what,
			size_t off, size_t len, int err);

/** Capacity in bytes. */
static inline size_t
rte_iobuf_capacity(const struct rte_iobuf *b)
{
	return b->capacity;
}

/** Current length in bytes. */
static inline size_t
rte_iobuf_length(const struct rte_iobuf *b)
{
	return b->length;
}

/** Creation options. */
static inline uint32_t
rte_iobuf_flags(const struct rte_iobuf *b)
{
	return b->flags;
}

/**
 * CPU address of bytes [off, off + len) (IOKit getBytesNoCopy(start, len)).
 *
 * @return
 *   The address, or NULL with rte_errno set to ERANGE when off + len exceeds
 *   the current length, or EACCES for a RTE_IOBUF_DMA_ONLY buffer.
 */
static inline void *
rte_iobuf_addr(const struct rte_iobuf *b, size_t off, size_t len)
{
	if (unlikely(b->flags & RTE_IOBUF_DMA_ONLY)) {
		__rte_iobuf_range_error(b, "addr", off, len, EACCES);
		return NULL;
	}
	if (unlikely(off > b->length || len > b->length - off)) {
		__rte_iobuf_range_error(b, "addr", off, len, ERANGE);
		return NULL;
	}
	return b->va + off;
}

/**
 * Device address of byte @p off (IOKit getPhysicalSegment). A table lookup:
 * no page-map read.
 *
 * @param b
 *   Buffer.
 * @param off
 *   Offset below the current length.
 * @param[out] seg_len
 *   If not NULL, bytes from @p off that form one valid segment: IOVA
 *   contiguous, not crossing the boundary, at most max_seg_size, within the
 *   length. 0 on error.
 * @return
 *   The IOVA, or RTE_BAD_IOVA with rte_errno = ERANGE when off >= length.
 */
static inline rte_iova_t
rte_iobuf_iova(const struct rte_iobuf *b, size_t off, size_t *seg_len)
{
	rte_iova_t iova;
	size_t end;

	if (unlikely(off >= b->length)) {
		if (seg_len != NULL)
			*seg_len = 0;
		__rte_iobuf_range_error(b, "iova", off, 1, ERANGE);
		return RTE_BAD_IOVA;
	}
	if (likely(b->n_pages == 0)) {
		iova = b->iova0 + off;
		end = b->length;
	} else {
		size_t p = off + b->page_off;
		const struct rte_iobuf_page *pg = &b->pages[p >> b->page_shift];

		iova = pg->iova + (p & ((RTE_BIT64(b->page_shift)) - 1));
		end = RTE_MIN(pg->run_end, b->length);
	}
	if (seg_len != NULL) {
		uint64_t n = end - off;

		if (b->boundary != 0)
			n = RTE_MIN(n, b->boundary - (iova & (b->boundary - 1)));
		if (b->max_seg_size != 0)
			n = RTE_MIN(n, b->max_seg_size);
		*seg_len = n;
	}
	return iova;
}

/**
 * Segment iteration: fills @p seg with the segment starting at *off and
 * advances *off past it. Start with *off = 0.
 *
 * @return
 *   1 if a segment was returned, 0 at the end of the buffer.
 */
static inline int
rte_iobuf_seg_next(const struct rte_iobuf *b, size_t *off,
		   struct rte_iobuf_seg *seg)
{
	if (*off >= b->length)
		return 0;
	seg->offset = *off;
	seg->iova = rte_iobuf_iova(b, *off, &seg->len);
	*off += seg->len;
	return 1;
}

/** Number of segments of the current length. */
unsigned int
rte_iobuf_seg_count(const struct rte_iobuf *b);

/**
 * Set the length (IOKit setLength), refusing lengths beyond capacity.
 *
 * @return
 *   0, or -ERANGE if @p len > capacity (rte_errno set likewise).
 */
int
rte_iobuf_set_length(struct rte_iobuf *b, size_t len);

/**
 * Copy @p len bytes to the end of the buffer and grow its length
 * (IOKit appendBytes), honouring the cache mode.
 *
 * @return
 *   0, -ENOSPC if they do not fit (nothing is written), -EACCES for a
 *   DMA-only buffer, -EINVAL for a NULL source.
 */
int
rte_iobuf_append(struct rte_iobuf *b, const void *src, size_t len);

/**
 * Copy out of the buffer (IOKit readBytes).
 *
 * @return
 *   0, -ERANGE outside the current length, -EACCES for a DMA-only buffer,
 *   -EINVAL for a NULL destination.
 */
int
rte_iobuf_read(const struct rte_iobuf *b, size_t off, void *dst, size_t len);

/**
 * Copy into the buffer (IOKit writeBytes) with the store pattern of its
 * cache mode: non-temporal stores for write-combine and inhibit, stores
 * followed by a cache-line write-back for write-through, plain copy for
 * copyback.
 *
 * @return
 *   As rte_iobuf_read().
 */
int
rte_iobuf_write(struct rte_iobuf *b, size_t off, const void *src, size_t len);

/**
 * Fill bytes with @p c, honouring the cache mode.
 *
 * @return
 *   As rte_iobuf_read().
 */
int
rte_iobuf_fill(struct rte_iobuf *b, size_t off, int c, size_t len);

/**
 * Copy between two buffers (they may be the same; ranges may overlap),
 * honouring the destination's cache mode.
 *
 * @return
 *   As rte_iobuf_read().
 */
__rte_experimental
int
rte_iobuf_copy(struct rte_iobuf *dst, size_t dst_off,
	       const struct rte_iobuf *src, size_t src_off, size_t len);

/**
 * Before the device accesses [off, off + len) (bus_dmamap_sync PRE*):
 * for RTE_IOBUF_DIR_OUT, makes the CPU's stores (including non-temporal
 * ones) visible to the device; for RTE_IOBUF_DIR_IN, orders earlier CPU
 * accesses before the device's writes.
 *
 * @return
 *   0, or -ERANGE outside the current length.
 */
int
rte_iobuf_prepare(struct rte_iobuf *b, size_t off, size_t len);

/**
 * After the device accessed [off, off + len) (bus_dmamap_sync POST*):
 * for RTE_IOBUF_DIR_IN, makes the device's writes visible to later CPU
 * loads.
 *
 * @return
 *   0, or -ERANGE outside the current length.
 */
int
rte_iobuf_complete(struct rte_iobuf *b, size_t off, size_t len);

/** Cache mode requested at creation (one RTE_IOBUF_CACHE_* flag). */
uint32_t
rte_iobuf_cache_requested(const struct rte_iobuf *b);

/**
 * Cache mode of the mapping as it really is (one RTE_IOBUF_CACHE_* flag).
 * On x86-64 Linux user space, hugepage memory is always mapped write-back:
 * RTE_IOBUF_CACHE_COPYBACK. The requested mode changes the helpers' store
 * pattern, see rte_iobuf_write().
 */
uint32_t
rte_iobuf_cache_effective(const struct rte_iobuf *b);

/** Name of a cache-mode flag ("copyback", "write-combine", ...). */
const char *
rte_iobuf_cache_name(uint32_t mode);

/**
 * The normalised constraint the buffer was created under (alignment
 * raised to the mask's, window filled in, name and capacity).
 *
 * @return
 *   0, or -EINVAL for NULL arguments.
 */
__rte_experimental
int
rte_iobuf_params_get(const struct rte_iobuf *b, struct rte_iobuf_params *p);

/**
 * Check the buffer against EAL: at every page start and at the last byte of
 * every segment, the IOVA from rte_iobuf_iova() must equal
 * rte_mem_virt2iova() of the same byte, and every segment must meet the
 * buffer's constraint (alignment, mask, window, boundary, segment count).
 * Slow (one page-map read per page in IOVA-as-PA mode): for tests and
 * diagnostics.
 *
 * @return
 *   0, -EFAULT on the first mismatch (logged), -EINVAL for NULL.
 */
__rte_experimental
int
rte_iobuf_verify(const struct rte_iobuf *b);

/**
 * Counters. The first group counts what this process did; the arena group
 * describes the arenas of all processes (see rte_iobuf_trim()).
 */
struct rte_iobuf_stats {
	uint64_t created;          /**< Buffers created. */
	uint64_t freed;            /**< Buffers freed (last reference). */
	uint64_t failed;           /**< Failed creations. */
	uint64_t live_bytes;       /**< Capacity created minus capacity freed. */
	uint64_t steer_rejects;    /**< Candidate zones rejected by steering. */
	uint64_t steer_last_peak;  /**< Bytes the last memzone reservation held
				     *  at its peak (rejects and result). */
	uint32_t arena_classes;    /**< Constraint classes with arenas. */
	uint32_t arenas;           /**< Arenas, one memzone each. */
	uint64_t arena_bytes;      /**< Memzone bytes reserved by arenas. */
	uint64_t arena_slots;      /**< Usable slots in all arenas. */
	uint64_t arena_slots_free; /**< Slots free in arenas; slots held in
				     *  lcore caches count as used. */
	uint64_t arena_meta_bytes; /**< Heap bytes for the arenas' descriptors
				     *  and bookkeeping. */
};

/**
 * Read the counters.
 *
 * @return
 *   0, or -EINVAL for NULL.
 */
__rte_experimental
int
rte_iobuf_stats_get(struct rte_iobuf_stats *stats);

/**
 * Give DPDK back every arena with no live buffer, after emptying every
 * lcore cache; in the primary process, also free empty constraint classes.
 *
 * Small buffers (up to 64 KiB after rounding up to a power of two no
 * smaller than their alignment) are carved from 2 MiB arenas. Each class
 * keeps one empty arena so that create/release loops do not map and unmap
 * hugepages; this call returns those as well.
 *
 * Not safe while another thread or process creates or releases buffers
 * (like rte_mempool_free for a pool in use); call it at quiescent points.
 *
 * @return
 *   Number of arenas freed.
 */
__rte_experimental
int
rte_iobuf_trim(void);

/**
 * Parse a constraint written as DPDK devargs (rte_kvargs) into @p params,
 * changing only the fields named. Keys: mask, iova_min, iova_max, align,
 * boundary, max_segs, max_seg_size (numbers: decimal, 0x hex, optional
 * K/M/G suffix), contig and dma_only (0 or 1), cache (copyback,
 * write-through, write-combine, inhibit), socket (a node or "any").
 * Example: "mask=0xffffffff,align=4K,boundary=64K,contig=1".
 *
 * @return
 *   0, or -EINVAL (rte_errno set) after one log line naming the bad key.
 */
__rte_experimental
int
rte_iobuf_params_parse(const char *str, struct rte_iobuf_params *params);

/** Name of the buffer, or "" for an anonymous one. */
const char *
rte_iobuf_name(const struct rte_iobuf *b);

/** Print a buffer's constraint, segments and cache modes. */
void
rte_iobuf_dump(FILE *f, const struct rte_iobuf *b);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_H */
