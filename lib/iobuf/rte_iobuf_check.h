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
 * True if no byte of [iova, end] has a bit in @p forbid. Between two IOVAs
 * every bit up to the highest one in which they differ takes the value 1
 * somewhere, so the test is three AND operations.
 */
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
 * Validate and normalise the constraint in @p p (mask, window, alignment,
 * boundary; capacity, segment limits and flags other than the cache mode
 * are validated as for rte_iobuf_create_params(), a capacity of 0 taken
 * as 1).
 *
 * @return
 *   0, or -EINVAL / -ERANGE (rte_errno set) after one log line naming the
 *   rule that is malformed or that no memory can meet.
 */
__rte_experimental
int
rte_iobuf_check_init(struct rte_iobuf_check *chk,
		     const struct rte_iobuf_params *p);

/**
 * Test [iova, iova + len) against the rules selected in @p rules.
 *
 * @return
 *   0 if the range meets them, else the RTE_IOBUF_CHECK_* bits of the rules
 *   it breaks. A zero length or a range that wraps breaks the window rule.
 */
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
 * Name of one RTE_IOBUF_CHECK_* rule ("mask", "window", "boundary",
 * "align"), or "?" for anything else.
 */
__rte_experimental
const char *
rte_iobuf_check_rule_name(uint32_t rule);

#ifdef __cplusplus
}
#endif

#endif /* RTE_IOBUF_CHECK_H */
