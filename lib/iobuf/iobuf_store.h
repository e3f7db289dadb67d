/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_STORE_H
#define IOBUF_STORE_H

/*
 * Store patterns per cache mode. User space cannot change the memory type
 * of hugepage mappings (always write-back on x86-64), so a cache mode is
 * honoured by how the helpers store:
 *   copyback      plain cached copy;
 *   write-through cached copy, then each line written back (clwb, else
 *                 clflushopt, else clflush), then sfence;
 *   write-combine and inhibit
 *                 non-temporal 16-byte stores that bypass the cache; the
 *                 unaligned head and tail (< 16 bytes each) are stored
 *                 normally and flushed; then sfence. Overlapping copies
 *                 go through the cache and are flushed afterwards.
 */

#include <stddef.h>
#include <stdint.h>

void iobuf_store_copy(uint32_t cache_mode, void *dst, const void *src,
		      size_t len);
void iobuf_store_fill(uint32_t cache_mode, void *dst, int c, size_t len);

#endif /* IOBUF_STORE_H */
