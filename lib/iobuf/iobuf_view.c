/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

#include <rte_common.h>
#include <rte_memory.h>

#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_view.h"

struct view {
	const struct iobuf_desc *d;
	uint32_t serial;     /* d->serial when built: a reused slot differs */
	uint8_t *base;       /* page-aligned start of the mapping */
	size_t map_len;
	uint8_t *byte0;      /* buffer byte 0 in the view */
	bool live;           /* scratch of iobuf_view_prune() */
};

/* Process-local: a view is an alias in this process's address space. */
static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;
static struct view *views;
static uint32_t n_views, cap_views;
/* Bumped whenever a view goes: a thread's last answer below is good while
 * the generation it saw holds (then its view is still mapped). */
static uint32_t views_gen;
static __thread struct {
	const struct iobuf_desc *d;
	uint32_t serial, gen;
	uint8_t *byte0;
} last_view;

static void
view_unmap(struct view *v)
{
	munmap(v->base, v->map_len);
}

/* Remove entry @p i; caller holds views_lock. */
static void
view_del_locked(uint32_t i)
{
	uint32_t last = n_views - 1;

	__atomic_fetch_add(&views_gen, 1, __ATOMIC_RELEASE);
	view_unmap(&views[i]);
	views[i] = views[last];
	__atomic_store_n(&n_views, last, __ATOMIC_RELAXED);
}

/* Remember @p v as this thread's last answer; caller holds views_lock. */
static uint8_t *
view_answer_locked(const struct view *v)
{
	last_view.d = v->d;
	last_view.serial = v->serial;
	last_view.gen = __atomic_load_n(&views_gen, __ATOMIC_RELAXED);
	last_view.byte0 = v->byte0;
	return v->byte0;
}

static int
view_find_locked(const struct iobuf_desc *d)
{
	uint32_t i;

	for (i = 0; i < n_views; i++)
		if (views[i].d == d)
			return (int)i;
	return -1;
}

/* Page size of the memory at @p va; 0 if it is not DPDK memory. */
static uint64_t
page_size_at(const void *va)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(va);

	return msl == NULL ? 0 : msl->page_sz;
}

/*
 * Whether the stretches of @p b can be laid side by side with pages of
 * @p pg bytes: each stretch after the first starts at a page start, and
 * there the buffer offset plus @p o0 (byte 0's offset in its page) is a
 * page multiple.
 */
static bool
stretches_page_aligned(const struct rte_iobuf *b, uint64_t pg, uint64_t o0)
{
	size_t off, n;
	uint8_t *va;

	for (off = 0; off < b->capacity; off += n) {
		va = iobuf_cpu_at(b, off, &n);
		if (page_size_at(va) != pg)
			return false;
		if (off != 0 && (((uintptr_t)va | (off + o0)) & (pg - 1)) != 0)
			return false;
	}
	return true;
}

/* Map the page holding @p page_va (page-aligned) at @p at. */
static int
map_page(uint8_t *at, const uint8_t *page_va, uint64_t pg)
{
	const struct rte_memseg *ms = rte_mem_virt2memseg(page_va, NULL);
	size_t foff;
	int fd;

	/* Thread-unsafe variants without EAL's memory lock (not robust: a
	 * process dying in it would wedge every process): the caller holds
	 * a reference to the buffer, so these pages and their file entries
	 * stay as they are. */
	if (ms == NULL)
		return -EXDEV;
	fd = rte_memseg_get_fd_thread_unsafe(ms);
	if (fd < 0 || rte_memseg_get_fd_offset_thread_unsafe(ms, &foff) < 0)
		return -EXDEV;
	foff += page_va - (const uint8_t *)ms->addr;
	if (mmap(at, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
		 (off_t)foff) == MAP_FAILED)
		return -errno;
	return 0;
}

/* Whether @p b can have a view (no system call): its page size in *pg
 * and byte 0's offset in its page in *o0; 0 or -EXDEV with *why set. */
static int
view_plan(const struct rte_iobuf *b, uint64_t *pg, uint64_t *o0, const char **why)
{
	size_t n;
	uint8_t *va0 = iobuf_cpu_at(b, 0, &n);

	*pg = page_size_at(va0);
	if (*pg == 0) {
		*why = "its memory is not in EAL's memseg lists";
		return -EXDEV;
	}
	*o0 = (uintptr_t)va0 & (*pg - 1);
	if (!stretches_page_aligned(b, *pg, *o0)) {
		*why = "its stretches do not meet at page boundaries";
		return -EXDEV;
	}
	return 0;
}

/* Build the view of @p b, planned with page size @p pg and offset @p o0,
 * into @p v; 0 or -errno with *why set. */
static int
view_build(const struct rte_iobuf *b, uint64_t pg, uint64_t o0, struct view *v,
	   const char **why)
{
	size_t n;
	uint8_t *va0 = iobuf_cpu_at(b, 0, &n), *r, *base;
	uint64_t k, n_pg;
	size_t map_len;
	int rc;

	map_len = RTE_ALIGN_CEIL(o0 + b->capacity, pg);
	n_pg = map_len / pg;
	/* A page-aligned hole of map_len bytes: reserve one page more and
	 * cut the slack off both ends. */
	r = mmap(NULL, map_len + pg, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (r == MAP_FAILED) {
		*why = "no virtual address range for it";
		return -ENOMEM;
	}
	base = RTE_PTR_ALIGN_CEIL(r, pg);
	if (base != r)
		munmap(r, base - r);
	munmap(base + map_len, r + pg - base);
	for (k = 0; k < n_pg; k++) {
		/* Page k holds buffer offsets from k * pg - o0 on: the
		 * stretch there is page-aligned (stretches_page_aligned()). */
		const uint8_t *page_va = k == 0 ? va0 - o0 :
			iobuf_cpu_at(b, k * pg - o0, &n);

		rc = map_page(base + k * pg, page_va, pg);
		if (rc < 0) {
			munmap(base, map_len);
			*why = rc == -EXDEV ? "its pages have no hugepage file (--no-huge?)" :
			       "mapping a hugepage file failed";
			return rc == -EXDEV ? -EXDEV : -ENOMEM;
		}
	}
	v->base = base;
	v->map_len = map_len;
	v->byte0 = base + o0;
	return 0;
}

static void
mark_live(const struct iobuf_desc *d, void *ctx __rte_unused)
{
	int i = view_find_locked(d);

	if (i >= 0 && views[i].serial == d->serial)
		views[i].live = true;
}

/* Caller holds views_lock. */
static unsigned int
prune_locked(void)
{
	unsigned int gone = 0;
	uint32_t i;

	if (n_views == 0)
		return 0;
	for (i = 0; i < n_views; i++)
		views[i].live = false;
	iobuf_store_bufs_walk(mark_live, NULL);
	for (i = n_views; i-- > 0;) {
		if (!views[i].live) {
			view_del_locked(i);
			gone++;
		}
	}
	return gone;
}

uint8_t *
iobuf_view_get(const struct iobuf_desc *d, int *err, const char **why)
{
	struct view v = { .d = d, .serial = d->serial };
	uint8_t *at = NULL;
	uint64_t pg, o0;
	int i, rc;

	/* This thread's last answer, while no view has gone since. */
	if (last_view.d == d && last_view.serial == d->serial &&
	    last_view.gen == __atomic_load_n(&views_gen, __ATOMIC_ACQUIRE))
		return last_view.byte0;
	pthread_mutex_lock(&views_lock);
	i = view_find_locked(d);
	if (i >= 0 && views[i].serial == d->serial) {
		at = view_answer_locked(&views[i]);
		goto out;
	}
	if (i >= 0)
		view_del_locked(i);  /* of an earlier buffer in this slot */
	/* A refusal costs no prune and no system call. */
	rc = view_plan(&d->pub, &pg, &o0, why);
	if (rc < 0) {
		*err = -rc;
		goto out;
	}
	prune_locked();
	if (n_views == cap_views) {
		uint32_t cap = cap_views == 0 ? 16 : cap_views * 2;
		struct view *nv = realloc(views, cap * sizeof(*nv));

		if (nv == NULL) {
			*err = ENOMEM;
			*why = "no memory for the view table";
			goto out;
		}
		views = nv;
		cap_views = cap;
	}
	rc = view_build(&d->pub, pg, o0, &v, why);
	if (rc < 0) {
		*err = -rc;
		goto out;
	}
	views[n_views] = v;
	__atomic_store_n(&n_views, n_views + 1, __ATOMIC_RELAXED);
	at = view_answer_locked(&v);
out:
	pthread_mutex_unlock(&views_lock);
	return at;
}

void
iobuf_view_forget(const struct iobuf_desc *d)
{
	int i;

	if (__atomic_load_n(&n_views, __ATOMIC_RELAXED) == 0)
		return;
	pthread_mutex_lock(&views_lock);
	i = view_find_locked(d);
	if (i >= 0)
		view_del_locked((uint32_t)i);
	pthread_mutex_unlock(&views_lock);
}

unsigned int
iobuf_view_prune(void)
{
	unsigned int gone;

	if (__atomic_load_n(&n_views, __ATOMIC_RELAXED) == 0)
		return 0;
	pthread_mutex_lock(&views_lock);
	gone = prune_locked();
	pthread_mutex_unlock(&views_lock);
	return gone;
}

unsigned int
iobuf_view_count(void)
{
	return __atomic_load_n(&n_views, __ATOMIC_RELAXED);
}
