/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

/* Random offsets checked on top of every page start and segment edge. */
#define CHECK_RANDOM_OFFSETS 64

int
iobuf_check_range_in_mask(rte_iova_t a, rte_iova_t e, uint64_t allowed)
{
	unsigned int k;
	rte_iova_t x;

	for (k = 0; k < 64; k++) {
		uint64_t bit = UINT64_C(1) << k;

		if (allowed & bit)
			continue;
		/* Smallest x >= a with bit k set. */
		if (a & bit)
			x = a;
		else
			x = (a & ~(bit - 1)) + bit;
		if (x >= a && x <= e)
			return 0;
	}
	return 1;
}

/*
 * CPU address of byte @p off (< capacity): the buffer's one range, or for
 * a buffer gathered from several extents (va == NULL) the address its
 * translation granule gives; *n = bytes from there to the end of that
 * granule (or of the buffer). The address is the library's word; every
 * check below asks EAL what IOVA it really has.
 */
static uint8_t *
cpu_at(const struct rte_iobuf *b, size_t off, size_t *n)
{
	size_t g, at;

	if (b->va != NULL) {
		*n = b->capacity - off;
		return b->va + off;
	}
	g = (size_t)1 << b->page_shift;
	at = off + b->page_off;
	*n = RTE_MIN(g - (at & (g - 1)), b->capacity - off);
	return b->pages[at >> b->page_shift].va + (at & (g - 1));
}

static uint8_t *
cpu(const struct rte_iobuf *b, size_t off)
{
	size_t n;

	return cpu_at(b, off, &n);
}

/* Offset where the page holding byte @p off ends (or the CPU stretch, or
 * @p len, whichever comes first). */
static size_t
page_end(const struct rte_iobuf *b, size_t off, size_t pg, size_t len)
{
	size_t n;
	uintptr_t va = (uintptr_t)cpu_at(b, off, &n);

	return RTE_MIN(RTE_MIN(len, off + n), off + (pg - (va & (pg - 1))));
}

static int
page_of(const struct rte_iobuf *b, size_t *pg)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(cpu(b, 0));

	if (msl == NULL)
		return -1;
	*pg = msl->page_sz;
	return 0;
}

static int
check_offset(const struct rte_iobuf *b, size_t off, uint64_t allowed,
	     rte_iova_t lo, rte_iova_t hi)
{
	rte_iova_t eal = rte_mem_virt2iova(cpu(b, off));
	rte_iova_t lib = rte_iobuf_iova(b, off, NULL);

	TEST_ASSERT(eal != RTE_BAD_IOVA, "EAL has no IOVA for offset %zu", off);
	TEST_ASSERT(eal == lib, "offset %zu: library IOVA 0x%" PRIx64
		    " but EAL says 0x%" PRIx64, off, lib, eal);
	TEST_ASSERT((eal & ~allowed) == 0, "offset %zu: IOVA 0x%" PRIx64
		    " outside mask", off, eal);
	TEST_ASSERT(eal >= lo && eal <= hi, "offset %zu: IOVA 0x%" PRIx64
		    " outside window", off, eal);
	return TEST_SUCCESS;
}

int
iobuf_check(const struct rte_iobuf *b, const struct rte_iobuf_params *req)
{
	unsigned int seed = (unsigned int)rand();

	return iobuf_check_r(b, req, &seed);
}

uint64_t
iobuf_rand64(unsigned int *seed)
{
	uint64_t v = 0;
	unsigned int i;

	/* rand_r() gives 31 bits. */
	for (i = 0; i < 3; i++)
		v = (v << 31) ^ (uint64_t)rand_r(seed);
	return v;
}

int
iobuf_check_r(const struct rte_iobuf *b, const struct rte_iobuf_params *req,
	      unsigned int *seed)
{
	uint64_t align = RTE_MAX(req->align, (uint64_t)1);
	uint64_t allowed = UINT64_MAX;
	rte_iova_t lo = req->iova_min;
	rte_iova_t hi = req->iova_max != 0 ? req->iova_max : UINT64_MAX;
	size_t len = rte_iobuf_length(b), pg, off, end;
	struct rte_iobuf_seg seg;
	unsigned int nsegs = 0, i;
	rte_iova_t first, eal;

	if (req->iova_mask != 0) {
		align = RTE_MAX(align, req->iova_mask & -req->iova_mask);
		allowed = req->iova_mask | (align - 1);
	}
	TEST_ASSERT(len > 0, "empty buffer");
	TEST_ASSERT(page_of(b, &pg) == 0, "buffer not in EAL memory");

	first = rte_mem_virt2iova(cpu(b, 0));
	TEST_ASSERT(first % align == 0, "first IOVA 0x%" PRIx64
		    " not aligned to 0x%" PRIx64, first, align);

	/* Every page: its start offset, with the range up to the page end
	 * checked bit by bit against the mask. */
	for (off = 0; off < len; off = end) {
		end = page_end(b, off, pg, len);
		if (check_offset(b, off, allowed, lo, hi) != TEST_SUCCESS)
			return TEST_FAILED;
		eal = rte_mem_virt2iova(cpu(b, off));
		TEST_ASSERT(iobuf_check_range_in_mask(eal, eal + (end - off) - 1, allowed),
			    "page at offset %zu: IOVA range 0x%" PRIx64 "+%zu has bits outside mask 0x%"
			    PRIx64, off, eal, end - off, allowed);
		TEST_ASSERT(eal + (end - off) - 1 <= hi, "page at offset %zu ends above window", off);
	}
	for (i = 0; i < CHECK_RANDOM_OFFSETS; i++) {
		off = (size_t)(iobuf_rand64(seed) % len);
		if (check_offset(b, off, allowed, lo, hi) != TEST_SUCCESS)
			return TEST_FAILED;
	}
	if (check_offset(b, len - 1, allowed, lo, hi) != TEST_SUCCESS)
		return TEST_FAILED;

	/* Segments: IOVA-contiguous by EAL at every page inside, limits met. */
	off = 0;
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		size_t at;

		nsegs++;
		TEST_ASSERT(seg.len > 0, "empty segment at %zu", seg.offset);
		for (at = seg.offset; at < seg.offset + seg.len;
		     at = page_end(b, at, pg, seg.offset + seg.len))
			TEST_ASSERT(rte_mem_virt2iova(cpu(b, at)) == seg.iova + (at - seg.offset),
				    "segment at %zu not contiguous at offset %zu", seg.offset, at);
		TEST_ASSERT(rte_mem_virt2iova(cpu(b, seg.offset + seg.len - 1)) ==
			    seg.iova + seg.len - 1, "segment at %zu: last byte not contiguous",
			    seg.offset);
		if (req->boundary != 0)
			TEST_ASSERT(seg.iova / req->boundary ==
				    (seg.iova + seg.len - 1) / req->boundary,
				    "segment 0x%" PRIx64 "+%zu crosses boundary 0x%" PRIx64,
				    seg.iova, seg.len, req->boundary);
		if (req->max_seg_size != 0)
			TEST_ASSERT(seg.len <= req->max_seg_size, "segment of %zu bytes", seg.len);
	}
	TEST_ASSERT(off == len, "segments cover %zu of %zu bytes", off, len);
	if (req->max_segs != 0)
		TEST_ASSERT(nsegs <= req->max_segs, "%u segments, limit %u", nsegs, req->max_segs);
	if (req->flags & RTE_IOBUF_CONTIG)
		TEST_ASSERT(nsegs == 1, "contiguous buffer has %u segments", nsegs);
	return TEST_SUCCESS;
}

struct pages_arg {
	rte_iova_t *iova;
	unsigned int n, max;
	uint64_t page_sz;
};

static int
page_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	void *arg)
{
	struct pages_arg *pa = arg;

	if (pa->page_sz == 0 || msl->page_sz < pa->page_sz)
		pa->page_sz = msl->page_sz;
	if (ms->iova == RTE_BAD_IOVA)
		return 0;
	if (pa->iova != NULL && pa->n < pa->max)
		pa->iova[pa->n] = ms->iova;
	pa->n++;
	return 0;
}

static int
cmp_iova(const void *a, const void *b)
{
	rte_iova_t x = *(const rte_iova_t *)a, y = *(const rte_iova_t *)b;

	return x < y ? -1 : x > y;
}

int
iobuf_check_layout_get(struct iobuf_check_layout *l)
{
	struct pages_arg pa = { .iova = NULL };

	memset(l, 0, sizeof(*l));
	/* Count, then fill: the walk is under EAL's memory lock each time,
	 * and nothing allocates between the two walks in a test. */
	rte_memseg_walk(page_cb, &pa);
	TEST_ASSERT(pa.n > 0, "EAL holds no page with an IOVA");
	pa.max = pa.n + 1024;
	pa.iova = malloc(pa.max * sizeof(*pa.iova));
	TEST_ASSERT(pa.iova != NULL, "no memory for %u page IOVAs", pa.max);
	pa.n = 0;
	pa.page_sz = 0;
	rte_memseg_walk(page_cb, &pa);
	if (pa.n > pa.max) {
		free(pa.iova);
		TEST_ASSERT(0, "EAL's memory grew during the walk");
	}
	qsort(pa.iova, pa.n, sizeof(*pa.iova), cmp_iova);
	l->page = pa.iova;
	l->n = pa.n;
	l->page_sz = pa.page_sz;
	l->lo = pa.iova[0];
	l->hi = pa.iova[pa.n - 1] + pa.page_sz - 1;
	return TEST_SUCCESS;
}

void
iobuf_check_layout_free(struct iobuf_check_layout *l)
{
	free(l->page);
	memset(l, 0, sizeof(*l));
}

void
iobuf_check_layout_window(const struct iobuf_check_layout *l,
			  unsigned int from, unsigned int to,
			  rte_iova_t *lo, rte_iova_t *hi)
{
	*lo = l->page[from];
	*hi = l->page[to - 1] + l->page_sz - 1;
}

unsigned int
iobuf_check_layout_count(const struct iobuf_check_layout *l, rte_iova_t lo,
			 rte_iova_t hi)
{
	unsigned int i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->page[i] >= lo && l->page[i] + l->page_sz - 1 <= hi;
	return n;
}

unsigned int
iobuf_check_mapped_pages(rte_iova_t *iova, unsigned int max, uint64_t *page_sz)
{
	struct iobuf_check_layout l;
	unsigned int i;

	*page_sz = 0;
	if (max == 0 || iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return 0;
	*page_sz = l.page_sz;
	if (l.n <= max) {
		memcpy(iova, l.page, l.n * sizeof(*iova));
		max = l.n;
	} else if (max == 1) {
		iova[0] = l.page[0];
	} else {
		/* Evenly spaced ranks, first and last included. */
		for (i = 0; i < max; i++)
			iova[i] = l.page[(uint64_t)i * (l.n - 1) / (max - 1)];
	}
	iobuf_check_layout_free(&l);
	return max;
}

/*
 * Owner tags. Word i (8 bytes at offset 8 * i) of a buffer tagged t holds
 * t << 32 | (i & 0xffffffff): a different owner differs in the high half,
 * a shifted copy of the same owner's data in the low half. A tail shorter
 * than a word holds the first bytes of its word.
 */
static uint64_t tag_counter;

uint64_t
iobuf_tag_next(void)
{
	return __atomic_add_fetch(&tag_counter, 1, __ATOMIC_RELAXED);
}

static inline uint64_t
tag_word(uint64_t tag, size_t i)
{
	return tag << 32 | (uint32_t)i;
}

void
iobuf_tag_write(struct rte_iobuf *b, uint64_t tag)
{
	size_t cap = b->capacity, n = cap / 8, i;
	uint64_t w;

	/* Granules are 4 KiB multiples: no word straddles two of them. */
	for (i = 0; i < n; i++) {
		w = tag_word(tag, i);
		memcpy(cpu(b, 8 * i), &w, 8);
	}
	if (cap % 8 != 0) {
		w = tag_word(tag, n);
		memcpy(cpu(b, 8 * n), &w, cap % 8);
	}
}

int
iobuf_tag_verify(const struct rte_iobuf *b, uint64_t tag)
{
	size_t cap = b->capacity, n = (cap + 7) / 8, i, k;
	const uint8_t *p;
	uint64_t w, got;

	for (i = 0; i < n; i++) {
		k = RTE_MIN((size_t)8, cap - 8 * i);
		w = tag_word(tag, i);
		p = cpu(b, 8 * i);
		if (memcmp(p, &w, k) == 0)
			continue;
		got = 0;
		memcpy(&got, p, k);
		printf("    FAIL: buffer %p (va %p, %zu bytes) of owner tag %" PRIu64
		       ": bytes at offset %zu hold 0x%016" PRIx64 " (owner tag %" PRIu64
		       ", word %" PRIu64 "), expected 0x%016" PRIx64 ": %s\n",
		       (const void *)b, (void *)b->va, cap, tag, 8 * i, got, got >> 32,
		       got & 0xffffffff, w, (got >> 32) != tag && (got >> 32) != 0 &&
		       (got >> 32) <= __atomic_load_n(&tag_counter, __ATOMIC_RELAXED) ?
		       "another owner wrote here (overlap or buffer handed out twice)" :
		       "overwritten");
		return TEST_FAILED;
	}
	return TEST_SUCCESS;
}

void
iobuf_own(struct iobuf_owned *o, struct rte_iobuf *b)
{
	o->b = b;
	o->tag = iobuf_tag_next();
	iobuf_tag_write(b, o->tag);
}

int
iobuf_disown(struct iobuf_owned *o)
{
	int ret = TEST_SUCCESS;

	if (o->b == NULL)
		return TEST_SUCCESS;
	ret = iobuf_tag_verify(o->b, o->tag);
	rte_iobuf_release(o->b);
	o->b = NULL;
	o->tag = 0;
	return ret;
}

void
iobuf_drop(struct iobuf_owned *o)
{
	rte_iobuf_release(o->b);
	o->b = NULL;
	o->tag = 0;
}

/* A CPU range of an owned buffer: the whole buffer, or one granule of a
 * gathered one. */
struct span {
	uintptr_t va;
	size_t len;
	const struct iobuf_owned *o;
};

static int
cmp_span(const void *a, const void *b)
{
	uintptr_t x = ((const struct span *)a)->va, y = ((const struct span *)b)->va;

	return x < y ? -1 : x > y;
}

int
iobuf_check_disjoint(const struct iobuf_owned *o, unsigned int n)
{
	struct span *s = NULL, *grown;
	size_t k = 0, cap = 0, off, len;
	unsigned int i;
	int ret = TEST_SUCCESS;

	for (i = 0; i < n; i++) {
		if (o[i].b == NULL)
			continue;
		for (off = 0; off < o[i].b->capacity; off += len) {
			uintptr_t va = (uintptr_t)cpu_at(o[i].b, off, &len);

			if (k == cap) {
				cap = RTE_MAX((size_t)64, 2 * cap);
				grown = realloc(s, cap * sizeof(*s));
				if (grown == NULL) {
					free(s);
					TEST_ASSERT(0, "realloc");
				}
				s = grown;
			}
			s[k++] = (struct span){ va, len, &o[i] };
		}
	}
	if (k > 1)
		qsort(s, k, sizeof(*s), cmp_span);
	for (off = 1; off < k && ret == TEST_SUCCESS; off++) {
		const struct span *a = &s[off - 1], *b = &s[off];

		if (a->va + a->len > b->va) {
			printf("    FAIL: live buffers overlap: %p [0x%" PRIxPTR ", +%zu) (tag %" PRIu64
			       ") and %p [0x%" PRIxPTR ", +%zu) (tag %" PRIu64 ")\n",
			       (const void *)a->o->b, a->va, a->len, a->o->tag,
			       (const void *)b->o->b, b->va, b->len, b->o->tag);
			ret = TEST_FAILED;
		}
	}
	free(s);
	return ret;
}

int
iobuf_log_quiet(void)
{
	int t = rte_log_register("lib.iobuf"), old;

	if (t < 0)
		return -1;
	old = rte_log_get_level(t);
	rte_log_set_level(t, RTE_LOG_CRIT);
	return old;
}

void
iobuf_log_restore(int level)
{
	int t = rte_log_register("lib.iobuf");

	if (t >= 0 && level > 0)
		rte_log_set_level(t, (uint32_t)level);
}

static int
msl_end_cb(const struct rte_memseg_list *msl, void *arg)
{
	uint64_t *end = arg;

	*end = RTE_MAX(*end, (uint64_t)(uintptr_t)msl->base_va + msl->len);
	return 0;
}

void
iobuf_check_window_beyond_memory(rte_iova_t *lo, rte_iova_t *hi)
{
	uint64_t end = 0;

	rte_memseg_list_walk(msl_end_cb, &end);
	*lo = RTE_ALIGN_CEIL(RTE_MAX(end + (UINT64_C(1) << 30), UINT64_C(1) << 46),
			     UINT64_C(1) << 30);
	*hi = *lo + (UINT64_C(1) << 30) - 1;
}

int
iobuf_check_fill(struct iobuf_check_filler *f, size_t len, int slots_only)
{
	char name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;

	while (len >= RTE_CACHE_LINE_SIZE && f->n < IOBUF_CHECK_FILL_MAX) {
		snprintf(name, sizeof(name), "t-fill-%u", f->n);
		mz = rte_memzone_reserve(name, slots_only ? RTE_CACHE_LINE_SIZE : len,
					 SOCKET_ID_ANY, 0);
		if (mz == NULL) {
			if (slots_only)
				break;
			len /= 2;
			continue;
		}
		f->mz[f->n++] = mz;
		f->bytes += mz->len;
		if (f->bytes > (UINT64_C(3) << 30))
			return -1;
	}
	return 0;
}

void
iobuf_check_unfill(struct iobuf_check_filler *f)
{
	while (f->n > 0)
		rte_memzone_free(f->mz[--f->n]);
	f->bytes = 0;
}

uint64_t
iobuf_page_frame(const void *va)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), (off_t)((uintptr_t)va / 4096 * sizeof(e))) != sizeof(e))
		e = 0;
	close(fd);
	return (e >> 63) ? e & ((UINT64_C(1) << 55) - 1) : 0;
}

#define MAPPING_EVENT_NAME "iobuf-test-mapping"
static uint64_t mapping_bytes;

/* Called by EAL with its memory hotplug lock held: counts only. */
static void
mapping_event(enum rte_mem_event ev, const void *addr __rte_unused, size_t len,
	      void *arg __rte_unused)
{
	if (ev == RTE_MEM_EVENT_ALLOC)
		__atomic_fetch_add(&mapping_bytes, len, __ATOMIC_RELAXED);
}

int
iobuf_check_mapping_start(void)
{
	__atomic_store_n(&mapping_bytes, 0, __ATOMIC_RELAXED);
	if (rte_mem_event_callback_register(MAPPING_EVENT_NAME, mapping_event, NULL) == 0)
		return 0;
	return rte_errno == ENOTSUP ? 0 : -1;
}

uint64_t
iobuf_check_mapping_bytes(void)
{
	return __atomic_load_n(&mapping_bytes, __ATOMIC_RELAXED);
}

void
iobuf_check_mapping_stop(void)
{
	int err = rte_errno;  /* the caller's, kept: unregistering none sets ENOENT */

	rte_mem_event_callback_unregister(MAPPING_EVENT_NAME, NULL);
	rte_errno = err;
}
