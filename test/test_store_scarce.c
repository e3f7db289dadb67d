/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Memory a constrained request grew the store for stays for it: a request
 * that may lie anywhere takes what the mask rejected first. Checked with
 * EAL's translations (rte_mem_virt2iova), not the store's bookkeeping:
 *  1. 1 MiB contiguous buffers under a forbidden IOVA bit 21 until the
 *     store's extents (memzones "iobuf-ext-*") hold 16 MiB of IOVAs with
 *     bit 21 set, that no such buffer can use;
 *  2. the first half of them released: holes of admissible memory that a
 *     first-fit search meets before the rejected memory;
 *  3. unconstrained 1 MiB contiguous buffers: not one byte of them may have
 *     IOVA bit 21 clear;
 *  4. the masked buffers again: served from the holes, EAL maps nothing.
 * And (store_rejects_gathered) after step 1, unconstrained scattered 4 MiB
 * buffers are served from the rejected memory, gathered where it lies in
 * 2 MiB pieces between the masked buffers (IOVA-as-VA): the store does
 * not grow, EAL maps nothing, and no byte of them has bit 21 clear; once
 * they are released, an 8 MiB one limited to 2 segments is still made
 * (the rejects would give it 4: it must not be gathered from them and
 * then refused).
 */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define BIT21 (UINT64_C(1) << 21)
#define MB (1u << 20)
#define MAX_MASKED 256
#define N_ANY 8
/* Bytes of the store's extents whose IOVA has bit 21 set, per EAL. */
static void
rejected_in_extent(const struct rte_memzone *mz, void *arg)
{
	uint64_t *bytes = arg;
	size_t off;

	if (strncmp(mz->name, "iobuf-ext-", 10) != 0)
		return;
	for (off = 0; off + 4096 <= mz->len; off += 4096) {
		rte_iova_t iova = rte_mem_virt2iova((const uint8_t *)mz->addr + off);

		if (iova != RTE_BAD_IOVA && (iova & BIT21) != 0)
			*bytes += 4096;
	}
}

/* Bytes of @p b whose IOVA (per EAL, every 4 KiB: a gathered buffer's
 * pieces are asked one at a time) has bit 21 clear. */
static uint64_t
admissible_bytes_of(const struct rte_iobuf *b)
{
	uint64_t n = 0;
	size_t off;

	for (off = 0; off < rte_iobuf_capacity(b); off += 4096)
		if ((rte_mem_virt2iova(rte_iobuf_addr(b, off, 4096)) & BIT21) == 0)
			n += 4096;
	return n;
}

/* Step 1: 1 MiB contiguous buffers under ~bit 21 into @p m until the
 * store holds 16 MiB with bit 21 set (*rejected); their count in *n. */
static int
fill_masked(struct rte_iobuf **m, const struct rte_iobuf_params *masked,
	    unsigned int *n, uint64_t *rejected)
{
	*n = 0;
	*rejected = 0;
	while (*n < MAX_MASKED && (*n < 16 || *rejected < 16 * MB)) {
		m[*n] = rte_iobuf_create_params(masked);
		if (m[*n] == NULL) {
			printf("    FAIL: masked buffer %u: %s\n", *n, rte_strerror(rte_errno));
			return TEST_FAILED;
		}
		(*n)++;  /* released by the caller from here on */
		if (iobuf_check(m[*n - 1], masked) != TEST_SUCCESS)
			return TEST_FAILED;
		*rejected = 0;
		rte_memzone_walk(rejected_in_extent, rejected);
	}
	if (*rejected < 16 * MB) {
		printf("    FAIL: %u masked buffers left only %" PRIu64 " MiB with bit 21 set in"
		       " the store\n", *n, *rejected >> 20);
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

/* Create @p n buffers of @p p into @p b (each checked against EAL),
 * counting what EAL maps meanwhile (*mapped) and how often the store grows
 * (*grew). Buffers made stay in @p b for the caller to release. */
static int
create_watched(struct rte_iobuf **b, unsigned int n, const struct rte_iobuf_params *p,
	       const char *what, uint64_t *mapped, uint64_t *grew)
{
	uint64_t grows0;
	unsigned int i;

	if (iobuf_check_mapping_start() < 0) {
		printf("    FAIL: memory event callback: %s\n", rte_strerror(rte_errno));
		return TEST_FAILED;
	}
	grows0 = iobuf_test_stats().store_grows;
	for (i = 0; i < n; i++) {
		b[i] = rte_iobuf_create_params(p);
		if (b[i] == NULL || iobuf_check(b[i], p) != TEST_SUCCESS) {
			printf("    FAIL: %s %u: %s\n", what, i,
			       b[i] == NULL ? rte_strerror(rte_errno) : "check");
			break;
		}
	}
	*mapped = iobuf_check_mapping_bytes();
	iobuf_check_mapping_stop();
	*grew = iobuf_test_stats().store_grows - grows0;
	return i == n ? TEST_SUCCESS : TEST_FAILED;
}

static int
test_store_scarce_kept(void)
{
	struct rte_iobuf_params masked = {
		.socket_id = SOCKET_ID_ANY, .capacity = MB, .flags = RTE_IOBUF_CONTIG,
		.iova_mask = ~BIT21,
	};
	struct rte_iobuf_params any = {
		.socket_id = SOCKET_ID_ANY, .capacity = MB, .flags = RTE_IOBUF_CONTIG,
	};
	struct rte_iobuf *m[MAX_MASKED] = { NULL }, *a[N_ANY] = { NULL };
	uint64_t rejected = 0, bad = 0, grew, mapped;
	unsigned int n = 0, half, i;
	int ret = TEST_FAILED;

	rte_iobuf_trim();
	if (fill_masked(m, &masked, &n, &rejected) != TEST_SUCCESS)
		goto out;
	half = n / 2;
	for (i = 0; i < half; i++) {
		rte_iobuf_release(m[i]);
		m[i] = NULL;
	}
	for (i = 0; i < N_ANY; i++) {
		a[i] = rte_iobuf_create_params(&any);
		if (a[i] == NULL) {
			printf("    FAIL: unconstrained buffer %u: %s\n", i, rte_strerror(rte_errno));
			goto out;
		}
		if (iobuf_check(a[i], &any) != TEST_SUCCESS)
			goto out;
		bad += admissible_bytes_of(a[i]);
	}
	if (bad != 0) {
		printf("    FAIL: %u unconstrained MiB took %" PRIu64 " KiB the mask admits, with %"
		       PRIu64 " MiB it rejects in the store\n", N_ANY, bad >> 10, rejected >> 20);
		goto out;
	}
	/* The holes are still there for the masked class. */
	if (create_watched(m, half, &masked, "masked buffer again", &mapped, &grew) !=
	    TEST_SUCCESS)
		goto out;
	if (mapped != 0 || grew != 0) {
		printf("    FAIL: %u masked buffers again: EAL mapped %" PRIu64 " KiB, the store"
		       " grew %" PRIu64 " times\n", half, mapped >> 10, grew);
		goto out;
	}
	printf("    %u masked MiB (store: %" PRIu64 " MiB with bit 21 set), %u released;"
	       " %u unconstrained MiB all on bit 21 set; %u masked MiB again from the holes,"
	       " nothing mapped\n", n, rejected >> 20, half, N_ANY, half);
	ret = TEST_SUCCESS;
out:
	for (i = 0; i < N_ANY; i++)
		rte_iobuf_release(a[i]);
	for (i = 0; i < n; i++)
		rte_iobuf_release(m[i]);
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_scarce_kept, test_store_scarce_kept);

#define N_SCATTERED 2

static int
test_store_rejects_gathered(void)
{
	struct rte_iobuf_params masked = {
		.socket_id = SOCKET_ID_ANY, .capacity = MB, .flags = RTE_IOBUF_CONTIG,
		.iova_mask = ~BIT21,
	};
	struct rte_iobuf_params any = { .socket_id = SOCKET_ID_ANY, .capacity = 4 * MB };
	struct rte_iobuf_params two_segs = {
		.socket_id = SOCKET_ID_ANY, .capacity = 8 * MB, .max_segs = 2,
	};
	struct rte_iobuf *m[MAX_MASKED] = { NULL }, *a[N_SCATTERED] = { NULL };
	struct rte_iobuf *seg_limited = NULL;
	uint64_t rejected, bad = 0, grew, mapped;
	unsigned int n = 0, i, gathered = 0;
	int ret = TEST_FAILED;

	rte_iobuf_trim();
	if (fill_masked(m, &masked, &n, &rejected) != TEST_SUCCESS ||
	    create_watched(a, N_SCATTERED, &any, "unconstrained 4 MiB buffer", &mapped,
			   &grew) != TEST_SUCCESS)
		goto out;
	for (i = 0; i < N_SCATTERED; i++) {
		bad += admissible_bytes_of(a[i]);
		gathered += a[i]->va == NULL;
	}
	if (mapped != 0 || grew != 0 || bad != 0) {
		printf("    FAIL: %u unconstrained 4 MiB buffers beside %" PRIu64 " MiB the mask"
		       " rejected: EAL mapped %" PRIu64 " KiB, the store grew %" PRIu64
		       " times, %" PRIu64 " KiB the mask admits taken\n", N_SCATTERED,
		       rejected >> 20, mapped >> 10, grew, bad >> 10);
		goto out;
	}
	/* Their rejects free again: enough to gather the next one from. */
	for (i = 0; i < N_SCATTERED; i++) {
		rte_iobuf_release(a[i]);
		a[i] = NULL;
	}
	seg_limited = rte_iobuf_create_params(&two_segs);
	if (seg_limited == NULL || iobuf_check(seg_limited, &two_segs) != TEST_SUCCESS) {
		printf("    FAIL: unconstrained 8 MiB in 2 segments at most, beside the rejects:"
		       " %s\n",
		       seg_limited == NULL ? rte_strerror(rte_errno) : "check");
		goto out;
	}
	printf("    %u masked MiB left %" PRIu64 " MiB with bit 21 set; %u unconstrained"
	       " 4 MiB buffers (%u gathered) from it, nothing grown or mapped; then 8 MiB in"
	       " 2 segments at most made\n", n, rejected >> 20, N_SCATTERED, gathered);
	ret = TEST_SUCCESS;
out:
	rte_iobuf_release(seg_limited);
	for (i = 0; i < N_SCATTERED; i++)
		rte_iobuf_release(a[i]);
	for (i = 0; i < n; i++)
		rte_iobuf_release(m[i]);
	rte_iobuf_trim();
	return ret;
}
REGISTER_IOBUF_TEST(store_rejects_gathered, test_store_rejects_gathered);
