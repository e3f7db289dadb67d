/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_atomic.h>
#include <rte_errno.h>

#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_store.h"
#include "iobuf_view.h"

/* Cache mode the helpers follow: the requested one, copyback if none. */
uint32_t
rte_iobuf_cache_requested(const struct rte_iobuf *b)
{
	uint32_t m;

	if (b == NULL) {
		iobuf_null_buffer("cache_requested");
		return 0;
	}
	m = b->flags & RTE_IOBUF_CACHE_MASK;

	return m != 0 ? m : RTE_IOBUF_CACHE_COPYBACK;
}

uint32_t
rte_iobuf_cache_effective(const struct rte_iobuf *b)
{
	if (b == NULL) {
		iobuf_null_buffer("cache_effective");
		return 0;
	}
	/* DPDK maps hugepage and anonymous memory write-back; user space has
	 * no way to change the memory type (no PAT/MTRR access). */
	return RTE_IOBUF_CACHE_COPYBACK;
}

const char *
rte_iobuf_cache_name(uint32_t mode)
{
	switch (mode) {
	case RTE_IOBUF_CACHE_INHIBIT:
		return "inhibit";
	case RTE_IOBUF_CACHE_WRITE_THRU:
		return "write-through";
	case RTE_IOBUF_CACHE_COPYBACK:
		return "copyback";
	case RTE_IOBUF_CACHE_WRITE_COMBINE:
		return "write-combine";
	default:
		return "unknown";
	}
}

/* [off, off + len) within @p limit, else -err (logged). */
static int
check_range(const struct rte_iobuf *b, const char *what, size_t off,
	    size_t len, size_t limit, int err)
{
	if (off > limit || len > limit - off) {
		__rte_iobuf_range_error(b, what, off, len, err);
		return -err;
	}
	return 0;
}

/*
 * A CPU access to [off, off + len): non-NULL arguments, a buffer with CPU
 * access, and the range within @p limit (the length, or the capacity for
 * append, which reports -ENOSPC). Returns 0 or -errno.
 */
static int
check_cpu_range(const struct rte_iobuf *b, const char *what, size_t off,
		size_t len, size_t limit, const void *ptr, int range_err)
{
	if (b == NULL || ptr == NULL) {
		IOBUF_LOG(ERR, "%s: NULL %s", what, b == NULL ? "buffer" : "data pointer");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (b->flags & RTE_IOBUF_DMA_ONLY) {
		__rte_iobuf_range_error(b, what, off, len, EACCES);
		return -EACCES;
	}
	return check_range(b, what, off, len, limit, range_err);
}

/*
 * CPU address of buffer offset @p off (< capacity) and, in *n, how many
 * bytes from there are CPU-contiguous. A gathered buffer (va == NULL) is
 * contiguous per stretch of adjacent blocks.
 */
uint8_t *
iobuf_cpu_at(const struct rte_iobuf *b, size_t off, size_t *n)
{
	const struct rte_iobuf_page *pg;

	if (likely(b->va != NULL)) {
		*n = b->capacity - off;
		return b->va + off;
	}
	pg = &b->pages[off >> b->page_shift];
	*n = pg->va_end - off;
	return pg->va + (off & (RTE_BIT64(b->page_shift) - 1));
}

void *
__rte_iobuf_addr_gathered(const struct rte_iobuf *b, size_t off, size_t len)
{
	const char *why = "";
	size_t n;
	uint8_t *p;
	int err;

	if (off == b->capacity)  /* an empty range at the very end */
		return off == 0 ? NULL : iobuf_cpu_at(b, off - 1, &n) + 1;
	p = iobuf_cpu_at(b, off, &n);
	if (len <= n)
		return p;
	/* Across stretches: this process's contiguous view, if it can have
	 * one (iobuf_view.h). */
	p = iobuf_view_get(iobuf_desc_of(b), &err, &why);
	if (p != NULL)
		return p + off;
	IOBUF_LOG(ERR, "addr: bytes [%zu, %zu) of a gathered buffer span %s: %s",
		  off, off + len, err == EXDEV ? "CPU stretches and no contiguous view can be built" :
		  "CPU stretches and building a contiguous view failed", why);
	rte_errno = err;
	return NULL;
}

/* Copy @p len bytes between buffer stretches and plain memory (@p mem),
 * towards the buffer if @p to_buf, with the store pattern of @p mode. */
static void
copy_stretches(const struct rte_iobuf *b, size_t off, uint8_t *mem, size_t len,
	       bool to_buf, uint32_t mode)
{
	size_t done = 0, n;
	uint8_t *p;

	while (done < len) {
		p = iobuf_cpu_at(b, off + done, &n);
		n = RTE_MIN(n, len - done);
		if (to_buf)
			iobuf_store_copy(mode, p, mem + done, n);
		else
			memcpy(mem + done, p, n);
		done += n;
	}
}

int
rte_iobuf_read(const struct rte_iobuf *b, size_t off, void *dst, size_t len)
{
	int ret = check_cpu_range(b, "read", off, len,
				  b != NULL ? b->length : 0, dst, ERANGE);

	if (ret == 0)
		copy_stretches(b, off, dst, len, false, 0);
	return ret;
}

int
rte_iobuf_write(struct rte_iobuf *b, size_t off, const void *src, size_t len)
{
	int ret = check_cpu_range(b, "write", off, len,
				  b != NULL ? b->length : 0, src, ERANGE);

	if (ret == 0)
		copy_stretches(b, off, (uint8_t *)(uintptr_t)src, len, true,
			       rte_iobuf_cache_requested(b));
	return ret;
}

int
rte_iobuf_fill(struct rte_iobuf *b, size_t off, int c, size_t len)
{
	int ret = check_cpu_range(b, "fill", off, len,
				  b != NULL ? b->length : 0, b, ERANGE);
	size_t done = 0, n;
	uint8_t *p;

	while (ret == 0 && done < len) {
		p = iobuf_cpu_at(b, off + done, &n);
		n = RTE_MIN(n, len - done);
		iobuf_store_fill(rte_iobuf_cache_requested(b), p, c, n);
		done += n;
	}
	return ret;
}

int
rte_iobuf_copy(struct rte_iobuf *dst, size_t dst_off,
	       const struct rte_iobuf *src, size_t src_off, size_t len)
{
	int ret = check_cpu_range(src, "copy source", src_off, len,
				  src != NULL ? src->length : 0, src, ERANGE);
	uint32_t mode;
	size_t done = 0, ns, nd, n;
	uint8_t *s, *d, *bounce;

	if (ret == 0)
		ret = check_cpu_range(dst, "copy destination", dst_off, len,
				      dst != NULL ? dst->length : 0, dst, ERANGE);
	if (ret != 0 || len == 0)
		return ret;
	mode = rte_iobuf_cache_requested(dst);
	if (src->va != NULL && dst->va != NULL) {
		/* One range each: the store copy handles overlap. */
		iobuf_store_copy(mode, dst->va + dst_off, src->va + src_off, len);
		return 0;
	}
	if (src == dst && src_off < dst_off + len && dst_off < src_off + len) {
		/* Overlap inside a gathered buffer: stretches of source and
		 * destination do not line up, so go through a copy. */
		bounce = malloc(len);
		if (bounce == NULL) {
			IOBUF_LOG(ERR, "copy: no memory for an overlapping copy of %zu bytes", len);
			rte_errno = ENOMEM;
			return -ENOMEM;
		}
		copy_stretches(src, src_off, bounce, len, false, 0);
		copy_stretches(dst, dst_off, bounce, len, true, mode);
		free(bounce);
		return 0;
	}
	while (done < len) {
		s = iobuf_cpu_at(src, src_off + done, &ns);
		d = iobuf_cpu_at(dst, dst_off + done, &nd);
		n = RTE_MIN(RTE_MIN(ns, nd), len - done);
		iobuf_store_copy(mode, d, s, n);
		done += n;
	}
	return 0;
}

int
rte_iobuf_append(struct rte_iobuf *b, const void *src, size_t len)
{
	int ret = check_cpu_range(b, "append", b != NULL ? b->length : 0, len,
				  b != NULL ? b->capacity : 0, src, ENOSPC);

	if (ret == 0) {
		copy_stretches(b, b->length, (uint8_t *)(uintptr_t)src, len, true,
			       rte_iobuf_cache_requested(b));
		b->length += len;
	}
	return ret;
}

/*
 * x86 DMA is cache-coherent: no line needs to be cleaned or invalidated for
 * the device; what remains is ordering. PREWRITE needs a store fence (it also
 * drains non-temporal stores the application made through rte_iobuf_addr()),
 * PREREAD a full fence, POSTREAD a load fence.
 */
int
rte_iobuf_prepare(struct rte_iobuf *b, size_t off, size_t len)
{
	int ret;

	if (b == NULL)
		return iobuf_null_buffer("prepare");
	ret = check_range(b, "prepare", off, len, b->length, ERANGE);

	if (ret != 0)
		return ret;
	if (iobuf_dir_in(b->flags))
		rte_mb();
	else
		rte_wmb();
	return 0;
}

int
rte_iobuf_complete(struct rte_iobuf *b, size_t off, size_t len)
{
	int ret;

	if (b == NULL)
		return iobuf_null_buffer("complete");
	ret = check_range(b, "complete", off, len, b->length, ERANGE);

	if (ret != 0)
		return ret;
	if (iobuf_dir_in(b->flags))
		rte_rmb();
	else
		rte_compiler_barrier();
	return 0;
}
