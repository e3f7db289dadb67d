/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef RTE_IOBUF_CHECK_H
#define RTE_IOBUF_CHECK_H

/**
 * @file
 * Check device addresses the library did not hand out itself (mbufs seen on
 * a port, rings a PMD reserved) against a constraint, with the same rules
 * rte_iobuf_create_params() applies.
 *
 * rte_iobuf_check_init() validates and normalises the constraint once;
 * rte_iobuf_check_range() is an inline test of one IOVA range, cheap enough
 * for every packet of a fast path.
 *
 * A struct rte_iobuf_check is plain data, read-only after its
 * initialisation: any number of threads may test ranges against it at the
 * same time, and a copy in shared memory works in every process.
 *
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice; as with
 * rte_iobuf.h, define ALLOW_EXPERIMENTAL_API before including it.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <rte_bitops.h>
#include <rte_compat.h>
#include <rte_memory.h>

#include "rte_iobuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Rule: every byte's IOVA passes the mask. */
#define RTE_IOBUF_CHECK_MASK     RTE_BIT32(0)
/** Rule: the range lies inside the IOVA window. */
#define RTE_IOBUF_CHECK_WINDOW   RTE_BIT32(1)
/** Rule: the range does not cross a boundary multiple. */
#define RTE_IOBUF_CHECK_BOUNDARY RTE_BIT32(2)
/** Rule: the first IOVA is a multiple of the (normalised) alignment. */
#define RTE_IOBUF_CHECK_ALIGN    RTE_BIT32(3)
/** All rules. */
#define RTE_IOBUF_CHECK_ALL      (RTE_IOBUF_CHECK_MASK | \
		RTE_IOBUF_CHECK_WINDOW | RTE_IOBUF_CHECK_BOUNDARY | \
		RTE_IOBUF_CHECK_ALIGN)

/** A constraint normalised for range checks. Read-only after init. */
struct rte_iobuf_check {
	uint64_t forbid;   /**< IOVA bits no byte may have (from the mask). */
	rte_iova_t lo;     /**< First IOVA of the window. */
	rte_iova_t hi;     /**< Last IOVA of the window. */
	uint64_t align;    /**< max(align, mask & -mask, cache line). */
	uint64_t boundary; /**< Power of two no range crosses; 0 = none. */
};

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * True if no byte of [iova, end] has a bit in @p forbid. Between two IOVAs
 * every bit up to the highest one in which they differ takes the value 1
 * somewhere, so the test is three AND operations.
 *
 * @param forbid
 *   IOVA bits no byte may have (struct rte_iobuf_check forbid).
 * @param iova
 *   First IOVA of the range.
 * @param end
 *   Last IOVA of the range (inclusive), at least @p iova.
 * @return
 *   true if every IOVA in [iova, end] is free of the bits in @p forbid.
 */
__rte_experimental
static inline bool
rte_iobuf_mask_admits(uint64_t forbid, rte_iova_t iova, rte_iova_t end)
{
	if (((iova | end) & forbid) != 0)
		return false;
	if (iova == end)
		return true;
	return (forbid & (UINT64_MAX >> __builtin_clzll(iova ^ end))) == 0;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Validate and normalise the constraint in @p p (mask, window, alignment,
 * boundary) with the rules of rte_iobuf_create_params(): capacity, segment
 * limits and option bits are validated as there, a capacity of 0 is taken
 * as 1; the name and the socket are ignored. The alignment is raised to the
 * mask's and to a cache line, as for a buffer.
 *
 * Thread-safe (no shared state).
 *
 * @param[out] chk
 *   Filled on success; left unchanged on error.
 * @param p
 *   The constraint; not kept after the call.
 * @return
 *   0 on success, or a negative errno with rte_errno set to the same value:
 *   - -EINVAL: @p chk or @p p is NULL (no log line), or, after one log line
 *     naming the rule, a malformed constraint: capacity above 2^46, unknown
 *     option bits, more than one cache mode, alignment or boundary not a
 *     power of two, empty window;
 *   - -ERANGE: after one log line naming the rule, a constraint no memory
 *     can meet (see rte_iobuf_create(): mask below the alignment, capacity
 *     larger than the window, no admissible start, segment limits too
 *     small).
 */
__rte_experimental
int
rte_iobuf_check_init(struct rte_iobuf_check *chk,
		     const struct rte_iobuf_params *p);

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Test [iova, iova + len) against the rules selected in @p rules.
 * Inline, branch-light, lock-free; sets no rte_errno (a broken rule is a
 * result, not an error).
 *
 * @param chk
 *   Constraint from rte_iobuf_check_init(); not NULL (not checked).
 * @param iova
 *   First IOVA of the range.
 * @param len
 *   Bytes in the range.
 * @param rules
 *   RTE_IOBUF_CHECK_* bits of the rules to apply (RTE_IOBUF_CHECK_ALL for
 *   all of them).
 * @return
 *   0 if the range meets them, else the RTE_IOBUF_CHECK_* bits of the rules
 *   it breaks. A zero length or a range that wraps breaks the window rule
 *   only (so it passes when @p rules leaves RTE_IOBUF_CHECK_WINDOW out).
 */
__rte_experimental
static inline uint32_t
rte_iobuf_check_range(const struct rte_iobuf_check *chk, rte_iova_t iova,
		      size_t len, uint32_t rules)
{
	rte_iova_t end = iova + len - 1;
	uint32_t bad = 0;

	if (len == 0 || end < iova)
		return RTE_IOBUF_CHECK_WINDOW & rules;
	if ((rules & RTE_IOBUF_CHECK_MASK) &&
	    !rte_iobuf_mask_admits(chk->forbid, iova, end))
		bad |= RTE_IOBUF_CHECK_MASK;
	if ((rules & RTE_IOBUF_CHECK_WINDOW) && (iova < chk->lo || end > chk->hi))
		bad |= RTE_IOBUF_CHECK_WINDOW;
	if ((rules & RTE_IOBUF_CHECK_BOUNDARY) && chk->boundary != 0 &&
	    ((iova ^ end) & ~(chk->boundary - 1)) != 0)
		bad |= RTE_IOBUF_CHECK_BOUNDARY;
	if ((rules & RTE_IOBUF_CHECK_ALIGN) && (iova & (chk->align - 1)) != 0)
		bad |= RTE_IOBUF_CHECK_ALIGN;
	return bad;
}

/**
 * @warning
 * @b EXPERIMENTAL: this API may change without prior notice.
 *
 * Name of one rule, for messages.
 *
 * @param rule
 *   One RTE_IOBUF_CHECK_* bit.
 * @return
 *   "mask", "window", "boundary" or "align" (static strings), or "?" for
 *   any other value (not an error: rte_errno unchanged).
 */
__rte_experimental
const char *
rte_iobuf_check_rule_name(uint32_t rule);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_CHECK_H */
