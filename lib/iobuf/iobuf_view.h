/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_VIEW_H
#define IOBUF_VIEW_H

/*
 * One contiguous CPU range per process for a gathered buffer (IOKit's
 * view of a buffer built from scattered pages): the hugepage files of its
 * pages (rte_memseg_get_fd_thread_unsafe()) mapped side by side into one
 * reserved VA range of this process, built the first time the process asks
 * for an address range that spans two stretches.
 *
 * Possible when every page has a file (not --no-huge) and the buffer's
 * stretches meet at page boundaries (a stretch that ends inside a page
 * cannot be followed by another page's bytes in a page-granular mapping).
 * The stretches keep their own addresses, the same in every process; the
 * view is an alias, private to the process that built it.
 *
 * A view lives until the buffer is freed in this process
 * (iobuf_view_forget()), or, for a buffer freed by another process, until
 * this process next builds a view or calls rte_iobuf_trim() (it is then no
 * longer on the store's list of live buffers with its serial).
 */

#include <stdint.h>

struct iobuf_desc;

/* Address of byte 0 of @p d (gathered: d->pub.va == NULL) in this
 * process's view, built if needed. NULL with *err = EXDEV (no view can be
 * built: no page files, or stretches that do not meet at page boundaries;
 * *why says which) or ENOMEM (no VA range). */
uint8_t *iobuf_view_get(const struct iobuf_desc *d, int *err, const char **why);

/* @p d is being freed by this process: unmap its view, if any. Cheap when
 * this process has no view. */
void iobuf_view_forget(const struct iobuf_desc *d);

/* Unmap views of buffers no longer alive; returns how many. */
unsigned int iobuf_view_prune(void);

/* Views this process holds. */
unsigned int iobuf_view_count(void);

#endif /* IOBUF_VIEW_H */
