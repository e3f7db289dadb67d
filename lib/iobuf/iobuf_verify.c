/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include <rte_errno.h>
#include <rte_memory.h>

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

/* Compare one offset with what EAL's page map says. */
static int
verify_offset(const struct iobuf_desc *d, const struct rte_iobuf_seg *seg,
	      size_t off, const uint8_t *va)
{
	rte_iova_t eal = rte_mem_virt2iova(va);
	rte_iova_t table = seg->iova + (off - seg->offset);

	if (eal != table)
		return verify_fail(d, off, "table IOVA 0x%" PRIx64 " but EAL says 0x%"
				   PRIx64, table, eal);
	return 0;
}

int
rte_iobuf_verify(const struct rte_iobuf *b)
{
	const struct iobuf_desc *d;
	struct iobuf_constraint c;
	struct rte_iobuf_seg seg;
	unsigned int n = 0;
	size_t off = 0, pg, at, n_cpu;
	const uint8_t *va;
	int ret;

	if (b == NULL) {
		IOBUF_LOG(ERR, "verify: NULL buffer");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	d = iobuf_desc_of(b);
	iobuf_desc_constraint(d, &c);
	/* Pages are at least this small; checking more often is harmless. */
	pg = RTE_PGSIZE_4K;
	if (b->length != 0 && (rte_iobuf_iova(b, 0, NULL) & (c.align - 1)) != 0)
		return verify_fail(d, 0, "first IOVA 0x%" PRIx64 " not aligned to 0x%"
				   PRIx64, rte_iobuf_iova(b, 0, NULL), c.align);
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		n++;
		if (!iobuf_range_admissible(&c, seg.iova, seg.len))
			return verify_fail(d, seg.offset, "segment 0x%" PRIx64
					   "+%zu outside mask/window", seg.iova, seg.len);
		if (c.boundary != 0 && (seg.iova / c.boundary) !=
		    ((seg.iova + seg.len - 1) / c.boundary))
			return verify_fail(d, seg.offset, "segment 0x%" PRIx64
					   "+%zu crosses boundary 0x%" PRIx64, seg.iova,
					   seg.len, c.boundary);
		/* Every 4 KiB page start in the segment, and its last byte;
		 * the CPU address comes from the buffer's own view. */
		for (at = seg.offset; at < seg.offset + seg.len;
		     at += pg - ((uintptr_t)va & (pg - 1))) {
			va = iobuf_cpu_at(b, at, &n_cpu);
			ret = verify_offset(d, &seg, at, va);
			if (ret != 0)
				return ret;
		}
		at = seg.offset + seg.len - 1;
		va = iobuf_cpu_at(b, at, &n_cpu);
		ret = verify_offset(d, &seg, at, va);
		if (ret != 0)
			return ret;
	}
	if (c.max_segs != 0 && n > c.max_segs)
		return verify_fail(d, 0, "%u segments, limit %u", n, c.max_segs);
	return 0;
}
