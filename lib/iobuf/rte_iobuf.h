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
 *
 * @warning
 * @b EXPERIMENTAL: the whole API is experimental and may change without
 * prior notice; every function is declared __rte_experimental and exported
 * in the EXPERIMENTAL section of the library's version map. Including this
 * header (whose inline fast paths call experimental functions) requires
 * ALLOW_EXPERIMENTAL_API to be defined before the first DPDK header, or the
 * compiler warns about every use (-Wdeprecated-declarations).
 *
 * Errors: a function that fails sets rte_errno and (unless noted) writes
 * one log line (log type lib.iobuf); a function returning an int error
 * code returns the negative of the same value. NULL handling: the non-inline functions
 * taking a buffer refuse a NULL buffer with rte_errno set to EINVAL (except
 * rte_iobuf_retain() and rte_iobuf_release(), which ignore it); the inline
 * fast paths (rte_iobuf_capacity(), rte_iobuf_length(),
 * rte_iobuf_flags(), rte_iobuf_addr(), rte_iobuf_iova(),
 * rte_iobuf_seg_next()) do not check: their buffer must not be NULL.
 *
 * Threads and processes: all functions may be called once rte_eal_init()
 * has succeeded, from EAL threads and from other threads, in the primary
 * and in secondary processes. Descriptors and buffer memory live in DPDK
 * shared memory, so a descriptor has the same address in every process of
 * the group. Creation, lookup, retain and release are thread-safe and
 * multi-process safe; the other calls on one buffer follow the rules given
 * with each of them (briefly: reading is always safe, changing a buffer's
 * length or contents must be coordinated by the caller, as with any
 * memory). rte_iobuf_trim() is for quiescent points only.
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
	uint8_t *va;      /**< CPU address of the granule's first byte. */
	size_t va_end;    /**< Buffer offset where its CPU-contiguous stretch ends. */
};

/**
 * An I/O buffer descriptor. Lives in DPDK shared memory, so a shared
 * buffer's descriptor and reference count are the same object in every
 * process.
 */
struct rte_iobuf {
	uint8_t *va;           /**< CPU address of byte 0; NULL when the buffer
				 *  is not CPU-contiguous (gathered from
				 *  several extents): see rte_iobuf_addr(). */
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
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Create a buffer: the one-line equivalent of IOKit's
 * IOBufferMemoryDescriptor::inTaskWithPhysicalMask(task, options,
 * capacity, physicalMask). Same as rte_iobuf_create_params() with these
 * fields set and every other constraint left at "none".
 *
 * The memory comes from the library's page store, which holds DPDK
 * main-heap memory (rte_memzone extents) and knows every page's IOVA from
 * EAL's memseg table: the request is served from free memory whose IOVAs
 * meet the constraint, wherever it lies; a scattered buffer may be
 * gathered from several extents. The store reserves more from DPDK only
 * when nothing it holds fits. Buffers up to 64 KiB are carved from 2 MiB
 * arenas shared by all buffers of the same constraint class.
 *
 * Thread-safe and multi-process safe. Every failure path releases what it
 * reserved.
 *
 * @param name
 *   NULL for an anonymous buffer, or a name unique among the buffers of
 *   all processes: 1 to RTE_IOBUF_NAMESIZE - 1 characters, letters, digits
 *   and the characters <tt>_ - . : \@ + / \#</tt> only. A named
 *   RTE_IOBUF_SHARED buffer can be found by rte_iobuf_lookup() from any
 *   process, a named buffer without it only from the creating process.
 * @param socket_id
 *   NUMA socket the memory comes from (a socket EAL knows), or
 *   SOCKET_ID_ANY.
 * @param options
 *   RTE_IOBUF_DIR_IN and/or RTE_IOBUF_DIR_OUT (neither means both),
 *   RTE_IOBUF_CONTIG, RTE_IOBUF_SHARED, RTE_IOBUF_DMA_ONLY and at most one
 *   RTE_IOBUF_CACHE_* hint; no other bit.
 * @param capacity
 *   Size in bytes, 1 to 2^46. The new buffer's length equals its capacity.
 * @param iova_mask
 *   Bits a device address may have, with IOKit's semantics (see the file
 *   comment: its trailing zero bits are an alignment of the start), or 0
 *   for any IOVA.
 * @return
 *   The buffer, holding one reference for the caller, or NULL with
 *   rte_errno set to:
 *   - EINVAL: malformed argument: capacity 0 or above 2^46, unknown option
 *     bits, more than one cache mode, alignment or boundary not a power of
 *     two, alignment above 2^46, empty IOVA window (iova_min > iova_max), empty name, a name with
 *     a character outside the set above, RTE_IOBUF_SHARED without a name,
 *     a socket that does not exist, NULL @p params
 *     (rte_iobuf_create_params());
 *   - ENAMETOOLONG: name of RTE_IOBUF_NAMESIZE characters or more;
 *   - EEXIST: a buffer with this name exists (in any process);
 *   - ERANGE: the constraint can be met by no memory at all: capacity
 *     larger than the window, than the boundary, than max_seg_size or than
 *     the mask's largest contiguous block for a contiguous buffer; mask
 *     below the alignment; no aligned start in the window meets the mask;
 *     the mask admits fewer IOVAs in the window than the capacity; the
 *     segment limits cannot hold the capacity;
 *   - ENOMEM: no free memory meets the constraint (the store's own and
 *     what it could still reserve from DPDK's heap: its free memory, and
 *     new pages while they can help, in IOVA-as-PA mode at most 1 GiB or
 *     16 times the capacity of them), the heap is exhausted, or no heap
 *     memory is left for the descriptor or the name registry; the log line says how much
 *     admissible free memory was seen;
 *   - ENOSPC: the memzone table (RTE_MAX_MEMZONE) is full.
 */
__rte_experimental
struct rte_iobuf *
rte_iobuf_create(const char *name, int socket_id, uint32_t options,
		 size_t capacity, uint64_t iova_mask);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Create a buffer with the full set of constraints: mask, IOVA window,
 * alignment, boundary, segment count and size limits, contiguity (IOKit's
 * inTaskWithPhysicalMask() and inTaskWithOptions() in one call, with
 * FreeBSD bus_dma's window, boundary and segment limits).
 *
 * Thread-safe and multi-process safe, as rte_iobuf_create().
 *
 * @param params
 *   Parameters, see struct rte_iobuf_params; not kept after the call.
 *   Must not be NULL (EINVAL).
 * @return
 *   The buffer with one reference, or NULL with rte_errno set as for
 *   rte_iobuf_create() (all values listed there).
 */
__rte_experimental
struct rte_iobuf *
rte_iobuf_create_params(const struct rte_iobuf_params *params);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Find a named buffer and take a reference on it (a shared buffer's
 * equivalent of IOKit's kIOMemoryKernelUserShared mapping in another task).
 * Another process finds only buffers created with RTE_IOBUF_SHARED; the
 * descriptor has the same address, CPU address and IOVAs in every process
 * and one reference count for all. A buffer whose last reference is being
 * released is never revived: the lookup fails with ENOENT.
 *
 * Thread-safe and multi-process safe; a linear scan of the named buffers
 * under EAL's tailq lock (not for fast paths).
 *
 * @param name
 *   Buffer name.
 * @return
 *   The buffer (the caller owns one reference, to give back with
 *   rte_iobuf_release()) or NULL with rte_errno set to:
 *   - EINVAL: NULL or empty name, or a character not allowed in names;
 *   - ENAMETOOLONG: name of RTE_IOBUF_NAMESIZE characters or more;
 *   - ENOENT: no such buffer (or its last reference is gone);
 *   - EACCES: the buffer is not shared and belongs to another process.
 */
__rte_experimental
struct rte_iobuf *
rte_iobuf_lookup(const char *name);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Take one more reference (IOKit retain()). Each reference is given back
 * with rte_iobuf_release().
 *
 * Thread-safe and multi-process safe: an atomic increment for a private
 * buffer; for a shared one, an increment of the count and of this
 * process's own count under the library's registry lock (a process that
 * dies holding references has them dropped by rte_iobuf_reap()). The
 * caller must already hold a reference: retaining a buffer whose last
 * reference is gone is undefined (use rte_iobuf_lookup() to find one by
 * name).
 *
 * @param b
 *   Buffer; NULL is ignored (rte_errno unchanged).
 */
__rte_experimental
void
rte_iobuf_retain(struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Drop one reference (IOKit release()); the last one, in any process,
 * frees the buffer: its name is unregistered, a carved buffer's slot goes
 * back to its arena (see rte_iobuf_trim()), any other buffer's granules go
 * back to the page store. The descriptor must not be used after the caller's last reference
 * is dropped.
 *
 * Thread-safe and multi-process safe: only the release that takes the
 * count from 1 to 0 frees. A shared buffer's count (and this process's
 * own count of it) changes under the library's registry lock, as in
 * rte_iobuf_retain().
 *
 * @param b
 *   Buffer; NULL is ignored (rte_errno unchanged). A buffer whose count is
 *   already 0 (released more often than retained, as far as the descriptor
 *   still exists) is left alone with one log line and rte_errno set to
 *   EINVAL.
 */
__rte_experimental
void
rte_iobuf_release(struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Current reference count, over all processes (for diagnostics: other
 * threads and processes may change it at any time).
 *
 * @param b
 *   Buffer.
 * @return
 *   The count, or 0 with rte_errno set to EINVAL for a NULL @p b.
 */
__rte_experimental
uint32_t
rte_iobuf_refcnt(const struct rte_iobuf *b);

/** @cond INTERNAL */
/**
 * @internal
 * Cold path of the inline helpers, exported for them only: logs one line
 * and sets rte_errno. Not for applications.
 *
 * @param b
 *   Buffer (not NULL).
 * @param what
 *   Name of the refused operation, for the log line.
 * @param off
 *   Offset of the refused range.
 * @param len
 *   Length of the refused range.
 * @param err
 *   Value for rte_errno: EACCES (DMA-only buffer) or a range error.
 */
__rte_experimental
void
__rte_iobuf_range_error(const struct rte_iobuf *b, const char *what,
			size_t off, size_t len, int err);

/**
 * @internal Cold path of rte_iobuf_addr() for a buffer gathered from
 * several extents.
 *
 * @param b
 *   Buffer whose va is NULL.
 * @param off
 *   Offset of the first byte (within the length).
 * @param len
 *   Bytes the caller will access.
 * @return
 *   The address in the buffer's own stretch if [off, off + len) lies in
 *   one, else in this process's contiguous view (built on first use);
 *   NULL with rte_errno = EXDEV when no view can be built, ENOMEM when
 *   building it failed (one log line each).
 */
__rte_experimental
void *
__rte_iobuf_addr_gathered(const struct rte_iobuf *b, size_t off, size_t len);
/** @endcond */

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Capacity in bytes (IOKit getCapacity()), fixed at creation.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @return
 *   The capacity.
 */
__rte_experimental
static inline size_t
rte_iobuf_capacity(const struct rte_iobuf *b)
{
	return b->capacity;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Current length in bytes (IOKit getLength()), 0..capacity; a new buffer's
 * length is its capacity. Moved by rte_iobuf_set_length() and
 * rte_iobuf_append(): a plain read, not ordered with those calls in other
 * threads.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @return
 *   The length.
 */
__rte_experimental
static inline size_t
rte_iobuf_length(const struct rte_iobuf *b)
{
	return b->length;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Creation options as given (RTE_IOBUF_* bits); see rte_iobuf_params_get()
 * for the normalised constraint.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @return
 *   The options.
 */
__rte_experimental
static inline uint32_t
rte_iobuf_flags(const struct rte_iobuf *b)
{
	return b->flags;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * CPU address of bytes [off, off + len) (IOKit getBytesNoCopy(start,
 * len)). Accesses through the pointer bypass the cache-mode
 * helpers: see rte_iobuf_prepare() for making them visible to a device.
 *
 * Inline fast path, lock-free, for every buffer with a CPU address (va not
 * NULL) and for a range inside one stretch of a gathered one; no effect on
 * the buffer.
 *
 * Most buffers are one CPU-contiguous range. A scattered buffer that the
 * page store gathered from several extents (va NULL) is made of stretches,
 * each at the same address in every process: a range inside one stretch
 * is answered there. A range across stretches is answered in this
 * process's contiguous view of the buffer (IOKit's single range): the
 * pages' hugepage (or --no-huge memfd) files mapped side by side into one
 * VA range, built on the first such call (slow path: one mmap per page)
 * and kept until the buffer is freed (slow path: a process-local lock and
 * table lookup on every such call). The view's address is private to the
 * calling process (do not hand it to another process or store it in shared
 * memory) and is not DPDK memory (translate offsets with rte_iobuf_iova(),
 * not rte_mem_virt2iova()); a byte then has two addresses, its stretch's
 * and the view's, both reaching the same memory. The view needs the
 * stretches to meet at page boundaries; when they do not, or the pages
 * have no file, the range is refused with EXDEV (each time). The
 * read/write/fill/copy helpers work across stretches in every case.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @param off
 *   Offset of the first byte.
 * @param len
 *   Number of bytes the caller will access; off + len must not exceed the
 *   current length (0 bytes at off == length is allowed).
 * @return
 *   The address, or NULL with rte_errno set (and one log line) to:
 *   - EACCES: the buffer is RTE_IOBUF_DMA_ONLY (checked first);
 *   - ERANGE: off + len exceeds the current length;
 *   - EXDEV: the range spans stretches of a gathered buffer and no
 *     contiguous view can be built (stretches not page-aligned, no page
 *     files);
 *   - ENOMEM: building that view failed (no VA range, mmap failed).
 */
__rte_experimental
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
	if (likely(b->va != NULL))
		return b->va + off;
	return __rte_iobuf_addr_gathered(b, off, len);
}

/**
 * @internal
 * Bytes of an IOVA-contiguous stretch of @p n bytes at @p iova that form
 * one segment: the stretch ends at the next multiple of @p boundary and
 * holds at most @p max_seg_size bytes (each 0 = no limit). The one
 * statement of where a segment ends, used by rte_iobuf_iova() and by the
 * page store when it counts segments.
 */
static inline uint64_t
__rte_iobuf_seg_clip(rte_iova_t iova, uint64_t n, uint64_t boundary,
		     uint64_t max_seg_size)
{
	if (boundary != 0)
		n = RTE_MIN(n, boundary - (iova & (boundary - 1)));
	if (max_seg_size != 0)
		n = RTE_MIN(n, max_seg_size);
	return n;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Device address of byte @p off (IOKit getPhysicalSegment(offset,
 * &length)). A table lookup in the descriptor: no page-map read, no lock.
 * Works on RTE_IOBUF_DMA_ONLY buffers too.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @param off
 *   Offset below the current length.
 * @param[out] seg_len
 *   If not NULL, set to the number of bytes from @p off that form one valid
 *   segment: IOVA-contiguous, not crossing the boundary, at most
 *   max_seg_size, within the current length. Set to 0 on error.
 * @return
 *   The IOVA, or RTE_BAD_IOVA with rte_errno set to ERANGE (and one log
 *   line) when @p off is not below the current length.
 */
__rte_experimental
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
	if (seg_len != NULL)
		*seg_len = __rte_iobuf_seg_clip(iova, end - off, b->boundary,
						b->max_seg_size);
	return iova;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Segment iteration: fills @p seg with the segment starting at *off and
 * advances *off past it. Start with *off = 0; the segments returned are
 * those rte_iobuf_iova() describes, and cover [0, length) in order.
 *
 * @code
 * struct rte_iobuf_seg seg;
 * size_t off = 0;
 *
 * while (rte_iobuf_seg_next(b, &off, &seg))
 *         post(seg.iova, seg.len);
 * @endcode
 *
 * Inline fast path; lock-free.
 *
 * @param b
 *   Buffer, not NULL (not checked).
 * @param[in,out] off
 *   Offset of the next segment; advanced past the segment returned. Not
 *   NULL.
 * @param[out] seg
 *   Filled with the segment when 1 is returned. Not NULL.
 * @return
 *   1 if a segment was returned, 0 at the end of the buffer (*off at or
 *   beyond the current length; not an error, rte_errno unchanged).
 */
__rte_experimental
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

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Number of segments (as rte_iobuf_seg_next() returns them) of the
 * current length. Walks the segments: O(segments).
 *
 * @param b
 *   Buffer.
 * @return
 *   The number of segments (0 for a buffer of length 0), or 0 with
 *   rte_errno set to EINVAL for a NULL @p b.
 */
__rte_experimental
unsigned int
rte_iobuf_seg_count(const struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Set the length (IOKit setLength()). Unlike IOKit, which clamps, a length
 * beyond the capacity is refused. The contents are not changed.
 *
 * Not atomic with respect to other threads using the same buffer: the
 * caller coordinates length changes with readers of the buffer (the length
 * is one field of the shared descriptor, seen by every process).
 *
 * @param b
 *   Buffer.
 * @param len
 *   New length, 0..capacity.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line):
 *   - -EINVAL: @p b is NULL;
 *   - -ERANGE: @p len exceeds the capacity (the length is unchanged).
 */
__rte_experimental
int
rte_iobuf_set_length(struct rte_iobuf *b, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Copy @p len bytes to the end of the buffer and grow its length by @p len
 * (IOKit appendBytes()), with the store pattern of the buffer's cache mode
 * (see rte_iobuf_write()). Unlike IOKit, which appends what fits, bytes
 * that do not all fit are refused.
 *
 * Not thread-safe on one buffer (it reads and moves the length): the
 * caller serialises appends and length changes of the same buffer.
 *
 * @param b
 *   Buffer.
 * @param src
 *   Bytes to copy; not NULL (even for @p len 0).
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line); nothing is written on error:
 *   - -EINVAL: @p b or @p src is NULL;
 *   - -EACCES: the buffer is RTE_IOBUF_DMA_ONLY;
 *   - -ENOSPC: length + @p len exceeds the capacity.
 */
__rte_experimental
int
rte_iobuf_append(struct rte_iobuf *b, const void *src, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Copy bytes [off, off + len) out of the buffer (IOKit readBytes()). Unlike
 * IOKit, which copies what lies inside the length, a range that does not
 * fit is refused.
 *
 * No lock: concurrent writers of the same range must be coordinated by the
 * caller, as with any memory. After a device wrote the bytes, call
 * rte_iobuf_complete() first.
 *
 * @param b
 *   Buffer.
 * @param off
 *   Offset of the first byte.
 * @param dst
 *   Destination of @p len bytes; not NULL (even for @p len 0).
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line); nothing is copied on error:
 *   - -EINVAL: @p b or @p dst is NULL;
 *   - -EACCES: the buffer is RTE_IOBUF_DMA_ONLY;
 *   - -ERANGE: off + len exceeds the current length.
 */
__rte_experimental
int
rte_iobuf_read(const struct rte_iobuf *b, size_t off, void *dst, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Copy bytes into [off, off + len) of the buffer (IOKit writeBytes()) with
 * the store pattern of its requested cache mode: non-temporal stores
 * followed by a store fence for write-combine and inhibit, stores followed
 * by a cache-line write-back and a store fence for write-through, a plain
 * copy for copyback (on architectures other than x86, a plain copy for
 * every mode). The source may overlap the destination.
 *
 * No lock: concurrent accesses to the same range must be coordinated by
 * the caller. Before a device reads the bytes, call rte_iobuf_prepare().
 *
 * @param b
 *   Buffer.
 * @param off
 *   Offset of the first byte.
 * @param src
 *   @p len bytes to copy; not NULL (even for @p len 0).
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line); nothing is written on error:
 *   - -EINVAL: @p b or @p src is NULL;
 *   - -EACCES: the buffer is RTE_IOBUF_DMA_ONLY;
 *   - -ERANGE: off + len exceeds the current length.
 */
__rte_experimental
int
rte_iobuf_write(struct rte_iobuf *b, size_t off, const void *src, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Set bytes [off, off + len) to @p c, with the store pattern of the
 * buffer's cache mode (see rte_iobuf_write()).
 *
 * No lock, as rte_iobuf_write().
 *
 * @param b
 *   Buffer.
 * @param off
 *   Offset of the first byte.
 * @param c
 *   Byte value (converted to unsigned char, as for memset()).
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line); nothing is written on error:
 *   - -EINVAL: @p b is NULL;
 *   - -EACCES: the buffer is RTE_IOBUF_DMA_ONLY;
 *   - -ERANGE: off + len exceeds the current length.
 */
__rte_experimental
int
rte_iobuf_fill(struct rte_iobuf *b, size_t off, int c, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Copy @p len bytes from one buffer to another (they may be the same
 * buffer, and the ranges may overlap), with the store pattern of the
 * destination's cache mode (see rte_iobuf_write()).
 *
 * No lock, as rte_iobuf_write().
 *
 * @param dst
 *   Destination buffer.
 * @param dst_off
 *   Offset of the first destination byte.
 * @param src
 *   Source buffer.
 * @param src_off
 *   Offset of the first source byte.
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value
 *   (and one log line); the source is checked before the destination, and
 *   nothing is written on error:
 *   - -EINVAL: @p src or @p dst is NULL;
 *   - -EACCES: either buffer is RTE_IOBUF_DMA_ONLY;
 *   - -ERANGE: a range exceeds its buffer's current length.
 */
__rte_experimental
int
rte_iobuf_copy(struct rte_iobuf *dst, size_t dst_off,
	       const struct rte_iobuf *src, size_t src_off, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Before the device accesses [off, off + len) (IOKit prepare(),
 * bus_dmamap_sync() PREREAD/PREWRITE): for RTE_IOBUF_DIR_OUT, makes the
 * CPU's stores (including non-temporal ones made through rte_iobuf_addr())
 * visible to the device; for RTE_IOBUF_DIR_IN, orders earlier CPU accesses
 * before the device's writes. On x86 DMA is cache-coherent: this is a
 * memory fence, no cache maintenance. Allowed on RTE_IOBUF_DMA_ONLY
 * buffers.
 *
 * Orders the calling thread's accesses only.
 *
 * @param b
 *   Buffer (NULL: -EINVAL).
 * @param off
 *   Offset of the first byte the device will access.
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, -EINVAL for a NULL buffer, or -ERANGE with rte_errno set to ERANGE (and one log
 *   line) when off + len exceeds the current length.
 */
__rte_experimental
int
rte_iobuf_prepare(struct rte_iobuf *b, size_t off, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * After the device accessed [off, off + len) (IOKit complete(),
 * bus_dmamap_sync() POSTREAD/POSTWRITE): for RTE_IOBUF_DIR_IN, makes the
 * device's writes visible to later CPU loads (a load fence on x86). Allowed
 * on RTE_IOBUF_DMA_ONLY buffers.
 *
 * Orders the calling thread's accesses only.
 *
 * @param b
 *   Buffer (NULL: -EINVAL).
 * @param off
 *   Offset of the first byte the device accessed.
 * @param len
 *   Number of bytes.
 * @return
 *   0 on success, -EINVAL for a NULL buffer, or -ERANGE with rte_errno set to ERANGE (and one log
 *   line) when off + len exceeds the current length.
 */
__rte_experimental
int
rte_iobuf_complete(struct rte_iobuf *b, size_t off, size_t len);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Cache mode requested at creation; the mode the data-movement helpers
 * follow.
 *
 * @param b
 *   Buffer.
 * @return
 *   One RTE_IOBUF_CACHE_* flag (RTE_IOBUF_CACHE_COPYBACK if none was
 *   requested), or 0 with rte_errno set to EINVAL for a NULL @p b.
 */
__rte_experimental
uint32_t
rte_iobuf_cache_requested(const struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Cache mode of the mapping as it really is. DPDK maps hugepage and
 * anonymous memory write-back and user space cannot change the memory type,
 * so this is always RTE_IOBUF_CACHE_COPYBACK today; the requested mode
 * changes the helpers' store pattern instead, see rte_iobuf_write().
 *
 * @param b
 *   Buffer.
 * @return
 *   One RTE_IOBUF_CACHE_* flag, or 0 with rte_errno set to EINVAL for a
 *   NULL @p b.
 */
__rte_experimental
uint32_t
rte_iobuf_cache_effective(const struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Name of a cache-mode flag, as rte_iobuf_params_parse() accepts it.
 *
 * @param mode
 *   One RTE_IOBUF_CACHE_* flag.
 * @return
 *   "inhibit", "write-through", "copyback" or "write-combine" (static
 *   strings), or "unknown" for any other value (not an error: rte_errno
 *   unchanged).
 */
__rte_experimental
const char *
rte_iobuf_cache_name(uint32_t mode);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * The normalised constraint the buffer was created under: alignment raised
 * to the mask's and to a cache line, window filled in (iova_max
 * UINT64_MAX when unlimited), direction bits filled in (both when none was
 * given), the socket the memory is on, name and capacity. Passing it to
 * rte_iobuf_create_params() (with another name) asks for the same
 * constraint.
 *
 * @param b
 *   Buffer.
 * @param[out] p
 *   Filled on success. Its name points into the descriptor (NULL for an
 *   anonymous buffer): valid while the caller holds a reference.
 * @return
 *   0 on success, or -EINVAL with rte_errno set to EINVAL (and one log
 *   line) when @p b or @p p is NULL.
 */
__rte_experimental
int
rte_iobuf_params_get(const struct rte_iobuf *b, struct rte_iobuf_params *p);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Check the buffer against EAL: at every page start and at the last byte of
 * every segment, the IOVA from rte_iobuf_iova() must equal
 * rte_mem_virt2iova() of the same byte, and every segment must meet the
 * buffer's constraint (alignment, mask, window, boundary, segment count).
 * Slow (one page-map read per page in IOVA-as-PA mode): for tests and
 * diagnostics.
 *
 * Read-only; safe beside other readers, in any process. The length must
 * not change during the call.
 *
 * @param b
 *   Buffer.
 * @return
 *   0 if every check passed, or a negative errno with rte_errno set to the
 *   same value:
 *   - -EINVAL: @p b is NULL (no log line);
 *   - -EFAULT: a check failed; one log line names the offset and the check
 *     (the first failure only).
 */
__rte_experimental
int
rte_iobuf_verify(const struct rte_iobuf *b);

/**
 * Counters, as rte_iobuf_stats_get() reads them. The first group counts
 * what this process did; the store and arena groups describe the page
 * store and the arenas of all processes (see rte_iobuf_trim()).
 */
struct rte_iobuf_stats {
	uint64_t created;          /**< Buffers created. */
	uint64_t freed;            /**< Of those, buffers freed (last
				     *  reference), by this process or by
				     *  another (a release, or the reap of a
				     *  dead holder). */
	uint64_t failed;           /**< Failed creations, of which: */
	uint64_t failed_einval;    /**< ... with EINVAL or ENAMETOOLONG... */
	uint64_t failed_erange;    /**< ... ERANGE (no memory could ever). */
	uint64_t failed_enomem;    /**< ... ENOMEM. */
	uint64_t failed_enospc;    /**< ... ENOSPC (memzone table full). */
	uint64_t failed_eexist;    /**< ... EEXIST (name in use). */
	uint64_t failed_other;     /**< ... another errno. */
	uint64_t live_bytes;       /**< Capacity created minus capacity freed
				     *  (this process's buffers, whoever freed
				     *  them). */
	uint64_t last_growth;      /**< Bytes the page store reserved from
				     *  DPDK for this process's last create. */
	uint32_t store_extents;    /**< Page store: memzones it holds. */
	uint32_t store_extents_empty; /**< Of those, extents with nothing used. */
	uint64_t store_reserved;   /**< Page store: bytes it holds. */
	uint64_t store_used;       /**< Page store: bytes in use (buffers and
				     *  arenas, whole 4 KiB granules). */
	uint64_t store_grows;      /**< Extents reserved from DPDK so far. */
	uint64_t store_grow_failed;/**< Reservations DPDK refused. */
	uint64_t store_returned;   /**< Extents given back to DPDK. */
	uint64_t store_gathered;   /**< Buffers built from several runs. */
	uint64_t store_idle;       /**< Bytes of extents with nothing used. */
	uint64_t idle_arena_bytes; /**< Bytes of empty arenas classes keep. */
	uint64_t reclaims;         /**< Creates that would have failed for lack
				     *  of memory or memzones and first gave
				     *  back idle memory (tried again when
				     *  any came back). */
	uint64_t reclaimed_bytes;  /**< Bytes those reclaims gave back. */
	uint32_t arena_classes;    /**< Constraint classes with arenas. */
	uint32_t arenas;           /**< Arenas (2 MiB of the page store each). */
	uint32_t arenas_meta;      /**< Of those, arenas of the library's own
				     *  metadata classes (descriptors of buffers
				     *  that take store granules). */
	uint64_t arena_bytes;      /**< Page-store bytes held by arenas. */
	uint64_t arena_slots;      /**< Usable slots in all arenas. */
	uint64_t arena_slots_free; /**< Slots free in arenas; slots held in
				     *  lcore caches count as used. */
	uint64_t arena_meta_bytes; /**< Heap bytes for the arenas' descriptors
				     *  and bookkeeping. */
};

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Read the counters: this process's creations, releases and failures
 * summed over all lcores, and the arena totals of all processes.
 *
 * Thread-safe; each counter is read atomically, but the set is not one
 * consistent snapshot while other threads create or release buffers.
 *
 * @param[out] stats
 *   Filled on success.
 * @return
 *   0 on success, or -EINVAL with rte_errno set to EINVAL (no log line)
 *   when @p stats is NULL.
 */
__rte_experimental
int
rte_iobuf_stats_get(struct rte_iobuf_stats *stats);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Give DPDK back every arena with no live buffer, after emptying this
 * process's lcore caches (constraint classes left with no arena and no user
 * are freed), then every page-store extent with nothing in use.
 *
 * Small buffers (up to 64 KiB after rounding up to a power of two no
 * smaller than their alignment) are carved from 2 MiB arenas; larger ones
 * take granules of the page store, which holds memory in extents of 16 MiB
 * and more. Classes keep empty arenas and the store empty extents within
 * the idle limits (see rte_iobuf_cache_limit_set()) so that create/release
 * loops do not map and unmap hugepages; this call returns those as well.
 *
 * Not safe while another thread or process creates or releases buffers
 * (like rte_mempool_free() for a pool in use); call it at quiescent points.
 *
 * @return
 *   Number of arenas and extents given back (0 or more). Never fails;
 *   rte_errno unchanged.
 */
__rte_experimental
int
rte_iobuf_trim(void);

/**
 * What the library knows of the processes that use it: see
 * rte_iobuf_reap_stats().
 */
struct rte_iobuf_reap_stats {
	uint32_t processes;      /**< Processes registered now (live, or dead
				   *  and not reaped yet). */
	uint64_t reaped;         /**< Dead processes reaped so far (all
				   *  processes). */
	uint64_t refs_dropped;   /**< References of dead processes dropped. */
	uint64_t buffers_freed;  /**< Of the buffers those references held,
				   *  the ones freed (no live process held
				   *  one). */
	uint64_t slots_returned; /**< Arena slots a dead process was taking or
				   *  giving back, put back in their arena. */
	uint64_t swept_bytes;    /**< Page-store bytes a dead process had
				   *  placed and not yet made part of a buffer
				   *  or arena, found by a sweep and freed. */
	uint64_t locks_recovered;/**< Shared locks this process took over
				   *  from a holder that died, after repairing
				   *  what they protect. */
};

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Reclaim what dead processes held. Each process that uses the library is
 * registered (pid and start time, so a reused pid is another process) at
 * its first create or lookup. A process found dead (gone, or a zombie) is
 * reaped once, by one survivor: the references it held on shared buffers
 * are dropped (a buffer no live process holds is freed), the private
 * buffers it created are freed (except the memory of mempools and rings:
 * those live until the pool or ring is freed), arena slots it was moving
 * go back to their arenas, and it stops counting as a user of arena
 * classes. A live process's memory is never freed under it.
 *
 * Survivors also reap on their own: at registration, at most every 100 ms
 * on lookups and named creates, in rte_iobuf_trim(), and before a create
 * fails for lack of memory.
 *
 * Thread-safe and multi-process safe.
 *
 * @return
 *   Number of dead processes reaped (0 or more), or a negative errno
 *   (-ENOMEM or -ENOSPC: this process could not register; rte_errno set).
 */
__rte_experimental
int
rte_iobuf_reap(void);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Read the process-table and reaping counters.
 *
 * @param[out] st
 *   Filled on success.
 * @return
 *   0, or -EINVAL (rte_errno EINVAL, one log line) when @p st is NULL.
 */
__rte_experimental
int
rte_iobuf_reap_stats(struct rte_iobuf_reap_stats *st);

/**
 * Limits on the memory the library keeps idle (all processes share one
 * set). The defaults suit a process of about 1 GiB.
 */
struct rte_iobuf_cache_limits {
	uint64_t store_idle_bytes; /**< Page-store extents with nothing used
				     *  kept for reuse (default 32 MiB). */
	uint64_t class_idle_bytes; /**< Empty arenas one constraint class keeps
				     *  (default 2 MiB: one arena). */
	uint64_t total_idle_bytes; /**< Empty arenas all classes keep together
				     *  (default 64 MiB). */
	uint32_t idle_ms;          /**< A class unused this long gives back its
				     *  empty arenas and this process's cached
				     *  slots at the next create (default 1000;
				     *  0: at once). */
};

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Set the idle-memory limits. Lower limits give back the page store's
 * idle extents at once, empty arenas as classes are next used. Whatever
 * the limits, a create that would fail for lack of memory or of memzones
 * first gives back all idle memory (empty extents, empty arenas, this
 * process's lcore caches) and tries again.
 *
 * The first process to use the library takes its defaults from the
 * environment variable IOBUF_CACHE_LIMIT, in the syntax of
 * rte_iobuf_cache_limit_parse().
 *
 * Thread-safe; affects all processes.
 *
 * @param limits
 *   The new limits.
 * @return
 *   0, or a negative errno with rte_errno set (one log line): -EINVAL for
 *   NULL, -ENOMEM if the library's shared state cannot be made.
 */
__rte_experimental
int
rte_iobuf_cache_limit_set(const struct rte_iobuf_cache_limits *limits);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Read the idle-memory limits in force.
 *
 * @param[out] limits
 *   Filled on success.
 * @return
 *   0, or a negative errno with rte_errno set (one log line): -EINVAL for
 *   NULL, -ENOMEM if the library's shared state cannot be made.
 */
__rte_experimental
int
rte_iobuf_cache_limit_get(struct rte_iobuf_cache_limits *limits);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Parse limits written as DPDK devargs (rte_kvargs) into @p limits,
 * changing only the keys named: store, class, total (bytes: decimal or 0x
 * hex, optional K/M/G) and idle_ms. Example: "store=16M,class=0,idle_ms=200".
 *
 * @param str
 *   The string.
 * @param[in,out] limits
 *   Limits to change.
 * @return
 *   0, or -EINVAL with rte_errno set after one log line naming the bad key
 *   (nothing changed).
 */
__rte_experimental
int
rte_iobuf_cache_limit_parse(const char *str, struct rte_iobuf_cache_limits *limits);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Parse a constraint written as DPDK devargs (rte_kvargs) into @p params,
 * changing only the fields named. Keys: mask, iova_min, iova_max, align,
 * boundary, max_segs, max_seg_size (numbers: decimal, 0x hex, optional
 * K/M/G suffix), contig and dma_only (0 or 1), cache (copyback,
 * write-through, write-combine, inhibit), socket (a node number below
 * RTE_MAX_NUMA_NODES, or "any").
 * Example: "mask=0xffffffff,align=4K,boundary=64K,contig=1".
 * Only the syntax is checked here; rte_iobuf_create_params() judges the
 * constraint.
 *
 * Thread-safe (no shared state).
 *
 * @param str
 *   The string.
 * @param[in,out] params
 *   Fields named in @p str are set, the others left as they are. On error,
 *   fields named before the bad key may have been set.
 * @return
 *   0 on success, or -EINVAL with rte_errno set to EINVAL after one log
 *   line naming the bad key or value: NULL argument, unknown key, not
 *   key=value syntax, a number that is malformed or does not fit, a flag
 *   other than 0 or 1, an unknown cache mode, a bad socket.
 */
__rte_experimental
int
rte_iobuf_params_parse(const char *str, struct rte_iobuf_params *params);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Name of the buffer.
 *
 * @param b
 *   Buffer.
 * @return
 *   The name, or "" for an anonymous buffer (a string in the descriptor,
 *   valid while the caller holds a reference), or NULL with rte_errno set
 *   to EINVAL for a NULL @p b.
 */
__rte_experimental
const char *
rte_iobuf_name(const struct rte_iobuf *b);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Print a buffer's length, capacity, reference count, zone, normalised
 * constraint, options, cache modes (requested, effective, and the store
 * pattern the helpers use) and its segments (the first 32, then a count).
 *
 * Read-only; safe beside other readers, in any process.
 *
 * @param f
 *   Output stream; NULL for stdout.
 * @param b
 *   Buffer; for NULL, prints "iobuf <NULL>" and sets rte_errno to EINVAL.
 */
__rte_experimental
void
rte_iobuf_dump(FILE *f, const struct rte_iobuf *b);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_H */
