/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_memory.h>

#include "iobuf_eal_check.h"
#include "iobuf_log.h"
#include "iobuf_private.h"

static int __rte_format_printf(3, 4)
verify_fail(const struct iobuf_desc *d, size_t off, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	IOBUF_LOG(ERR, "verify '%s': offset %zu: %s", d->name, off, msg);
	rte_errno = EFAULT;
	return -EFAULT;
}

/* The first rule in @p bad, for the log line. */
static const char *
rule_broken(uint32_t bad)
{
	return rte_iobuf_check_rule_name(bad & -bad);
}

/* Buffer offset where the translation entry holding offset @p at ends. */
static size_t
entry_end(const struct rte_iobuf *b, size_t at)
{
	size_t p = at + b->page_off;

	return (((p >> b->page_shift) + 1) << b->page_shift) - b->page_off;
}

int
rte_iobuf_verify(const struct rte_iobuf *b)
{
	const struct iobuf_desc *d;
	struct iobuf_constraint c;
	struct iobuf_eal_mismatch mm;
	struct rte_iobuf_seg seg;
	unsigned int n = 0;
	size_t off = 0, at, end, n_cpu;
	rte_iova_t iova;
	uint32_t bad;
	const uint8_t *va;

	if (b == NULL) {
		IOBUF_LOG(ERR, "verify: NULL buffer");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	d = iobuf_desc_of(b);
	iobuf_desc_constraint(d, &c);
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		bad = iobuf_range_breaks(&c, seg.iova, seg.len, RTE_IOBUF_CHECK_MASK |
					 RTE_IOBUF_CHECK_WINDOW |
					 RTE_IOBUF_CHECK_BOUNDARY |
					 (n == 0 ? RTE_IOBUF_CHECK_ALIGN : 0));
		if (bad != 0)
			return verify_fail(d, seg.offset, "segment 0x%" PRIx64 "+%zu breaks the %s rule",
					   seg.iova, seg.len, rule_broken(bad));
		n++;
		end = seg.offset + seg.len;
		/* Every translation-table entry of the segment (or the whole
		 * stretch of a one-run buffer), one CPU-contiguous piece at a
		 * time: the entry must continue its segment and agree with
		 * EAL's page map where this process sees the bytes. */
		for (at = seg.offset; at < end; at += n_cpu) {
			va = iobuf_cpu_at(b, at, &n_cpu);
			n_cpu = RTE_MIN(n_cpu, end - at);
			if (b->n_pages != 0)
				n_cpu = RTE_MIN(n_cpu, entry_end(b, at) - at);
			iova = rte_iobuf_iova(b, at, NULL);
			if (iova != seg.iova + (at - seg.offset))
				return verify_fail(d, at, "table IOVA 0x%" PRIx64 " breaks its segment 0x%"
						   PRIx64 "+%zu", iova, seg.iova, seg.len);
			if (!iobuf_eal_agrees(va, iova, n_cpu, &mm))
				return verify_fail(d, at + mm.off, "table IOVA 0x%" PRIx64
						   " but EAL says 0x%" PRIx64, mm.expected, mm.eal);
		}
	}
	if (c.max_segs != 0 && n > c.max_segs)
		return verify_fail(d, 0, "%u segments, limit %u", n, c.max_segs);
	return 0;
}
