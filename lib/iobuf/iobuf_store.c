/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <string.h>

#include <rte_atomic.h>
#include <rte_common.h>
#include <rte_memcpy.h>

#include "rte_iobuf.h"
#include "iobuf_private.h"
#include "iobuf_store.h"

#ifdef RTE_ARCH_X86
#include <cpuid.h>
#include <emmintrin.h>

enum line_op { LINE_CLFLUSH, LINE_CLFLUSHOPT, LINE_CLWB };

/* Best instruction this CPU has, per CPUID leaf 7 (EBX bit 23, 24). */
static enum line_op
best_line_op(bool writeback)
{
	static int ebx7 = -1;
	unsigned int a, b, c, d;

	if (ebx7 < 0)
		ebx7 = __get_cpuid_count(7, 0, &a, &b, &c, &d) ? (int)b : 0;
	if (writeback && (ebx7 & (1 << 24)))
		return LINE_CLWB;
	if (ebx7 & (1 << 23))
		return LINE_CLFLUSHOPT;
	return LINE_CLFLUSH;
}

/* Write back (and, but for clwb, evict) every line of [p, p + len). */
static void
lines_out(const void *p, size_t len, bool writeback)
{
	enum line_op op = best_line_op(writeback);
	uintptr_t a = RTE_ALIGN_FLOOR((uintptr_t)p, RTE_CACHE_LINE_SIZE);
	uintptr_t end = (uintptr_t)p + len;

	for (; a < end; a += RTE_CACHE_LINE_SIZE) {
		volatile char *l = (volatile char *)a;

		if (op == LINE_CLWB)
			asm volatile("clwb %0" : "+m" (*l));
		else if (op == LINE_CLFLUSHOPT)
			asm volatile("clflushopt %0" : "+m" (*l));
		else
			asm volatile("clflush %0" : "+m" (*l));
	}
}

/* Ordinary stores for the unaligned edges, non-temporal for the rest. */
static void
nt_store(uint8_t *d, const uint8_t *s, int c, size_t n)
{
	size_t edge = RTE_MIN((size_t)(-(uintptr_t)d & 15), n);
	__m128i v = _mm_set1_epi8((char)c);

	if (s != NULL)
		memcpy(d, s, edge);
	else
		memset(d, c, edge);
	lines_out(d, edge, false);
	d += edge;
	n -= edge;
	if (s != NULL)
		s += edge;
	for (; n >= 16; n -= 16, d += 16) {
		if (s != NULL) {
			v = _mm_loadu_si128((const __m128i *)s);
			s += 16;
		}
		_mm_stream_si128((__m128i *)d, v);
	}
	if (s != NULL)
		memcpy(d, s, n);
	else
		memset(d, c, n);
	lines_out(d, n, false);
	_mm_sfence();
}

static void
store(uint32_t mode, void *dst, const void *src, int c, size_t len)
{
	bool overlap = src != NULL && (const uint8_t *)src < (uint8_t *)dst + len &&
		       (uint8_t *)dst < (const uint8_t *)src + len;

	if (mode == RTE_IOBUF_CACHE_WRITE_COMBINE ||
	    mode == RTE_IOBUF_CACHE_INHIBIT) {
		if (!overlap) {
			nt_store(dst, src, c, len);
			return;
		}
		/* A forward streaming copy would read bytes it already
		 * overwrote: move through the cache, then evict the lines. */
		memmove(dst, src, len);
		lines_out(dst, len, false);
		_mm_sfence();
		return;
	}
	if (src != NULL)
		memmove(dst, src, len);
	else
		memset(dst, c, len);
	if (mode == RTE_IOBUF_CACHE_WRITE_THRU) {
		lines_out(dst, len, true);
		_mm_sfence();
	}
}

const char *
iobuf_store_pattern(uint32_t mode)
{
	switch (mode) {
	case RTE_IOBUF_CACHE_WRITE_COMBINE:
	case RTE_IOBUF_CACHE_INHIBIT:
		return "non-temporal stores + sfence";
	case RTE_IOBUF_CACHE_WRITE_THRU:
		return best_line_op(true) == LINE_CLWB ? "stores + clwb + sfence" :
		       best_line_op(true) == LINE_CLFLUSHOPT ?
		       "stores + clflushopt + sfence" : "stores + clflush + sfence";
	default:
		return "cached stores";
	}
}

#else /* !RTE_ARCH_X86: no user-space cache control is used */

static void
store(uint32_t mode, void *dst, const void *src, int c, size_t len)
{
	RTE_SET_USED(mode);
	if (src != NULL)
		memmove(dst, src, len);
	else
		memset(dst, c, len);
	rte_wmb();
}

const char *
iobuf_store_pattern(uint32_t mode)
{
	RTE_SET_USED(mode);
	return "cached stores + barrier";
}
#endif

void
iobuf_store_copy(uint32_t mode, void *dst, const void *src, size_t len)
{
	store(mode, dst, src, 0, len);
}

void
iobuf_store_fill(uint32_t mode, void *dst, int c, size_t len)
{
	store(mode, dst, NULL, c, len);
}
