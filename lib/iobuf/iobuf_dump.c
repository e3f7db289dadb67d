/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>

#include <rte_errno.h>

#include "iobuf_private.h"

/* Segments printed before the dump abbreviates. */
#define IOBUF_DUMP_SEGS 32

void
rte_iobuf_dump(FILE *f, const struct rte_iobuf *b)
{
	const struct iobuf_desc *d;
	struct iobuf_constraint c;
	struct rte_iobuf_seg seg;
	unsigned int n = 0, total;
	size_t off = 0;
	char cons[256];

	if (f == NULL)
		f = stdout;
	if (b == NULL) {
		fprintf(f, "iobuf <NULL>\n");
		rte_errno = EINVAL;
		return;
	}
	d = iobuf_desc_of(b);
	iobuf_desc_constraint(d, &c);
	iobuf_constraint_format(&c, cons, sizeof(cons));
	total = rte_iobuf_seg_count(b);
	fprintf(f, "iobuf '%s' at %p: length %zu capacity %zu refcnt %u socket %d\n",
		d->name, (void *)b->va, b->length, b->capacity,
		rte_iobuf_refcnt(b), d->socket_id);
	if (d->arena != NULL)
		fprintf(f, "  carved from a small-buffer arena\n");
	else
		fprintf(f, "  page store: %u piece(s)%s\n", d->n_pieces,
			b->va == NULL ? ", gathered: CPU-contiguous per piece" : "");
	fprintf(f, "  constraint: %s\n", cons);
	fprintf(f, "  options:%s%s%s%s%s\n",
		iobuf_dir_in(b->flags) ? " in" : "",
		iobuf_dir_out(b->flags) ? " out" : "",
		b->flags & RTE_IOBUF_CONTIG ? " contig" : "",
		b->flags & RTE_IOBUF_SHARED ? " shared" : "",
		b->flags & RTE_IOBUF_DMA_ONLY ? " dma-only" : "");
	fprintf(f, "  cache: requested %s, effective %s, helpers use %s\n",
		rte_iobuf_cache_name(rte_iobuf_cache_requested(b)),
		rte_iobuf_cache_name(rte_iobuf_cache_effective(b)),
		iobuf_store_pattern(rte_iobuf_cache_requested(b)));
	fprintf(f, "  segments: %u\n", total);
	while (n < IOBUF_DUMP_SEGS && rte_iobuf_seg_next(b, &off, &seg)) {
		fprintf(f, "    [%u] off %zu iova 0x%" PRIx64 "-0x%" PRIx64 " len %zu\n",
			n++, seg.offset, seg.iova, seg.iova + seg.len - 1, seg.len);
	}
	if (total > n)
		fprintf(f, "    ... %u more\n", total - n);
}
