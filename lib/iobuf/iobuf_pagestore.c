/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_debug.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include "iobuf_lock.h"
#include "iobuf_log.h"
#include "iobuf_pagestore.h"
#include "iobuf_reach.h"
#include "iobuf_runs.h"
#include "iobuf_shared.h"

/*
 * An extent: one memzone, granule-aligned; page_iova[i] is the IOVA of the
 * i-th page it touches (the first may begin lead bytes before it), and
 * run_last[i] the last page of its IOVA-contiguous run (runs are walked a
 * run, not a page, at a time: 4 KiB pages make long runs). Bit g
 * of map is set when granule g is free. Invariant (under the store lock):
 * n_free is the number of set bits; the store's n_empty counts extents with
 * n_free == n_gran. An extent grown for a request with a mask or a window
 * has a scarce map (set once, never changed): bit g set when granule g
 * meets that request's mask and window. Requests that may lie anywhere
 * take granules outside it first (place_locked()); n_plain counts
 * the free granules outside it (n_free when there is none), plain_run
 * bounds the longest free run outside it (the map never changes).
 * scarce_for keeps the mask and window the map was drawn for: a request
 * with the same ones finds at most n_free - n_plain free granules it can
 * use whole (free_usable()).
 */
struct iobuf_extent {
	TAILQ_ENTRY(iobuf_extent) next;
	const struct rte_memzone *mz;
	uint8_t *va;
	uint64_t len;
	uint64_t page_sz;        /* translation granule: the page size, or in
				  * IOVA-as-VA mode (one IOVA run, IOVA == VA)
				  * a power of two at least len */
	uint64_t lead;           /* va's offset in its granule (4 KiB multiple) */
	uint32_t page_shift;
	uint32_t n_pages, n_gran, n_free, n_plain;
	uint32_t plain_run;      /* longest run of granules outside the scarce map */
	int socket_id;
	uint32_t grown_by;       /* the placement that reserved it */
	rte_iova_t *page_iova;
	uint32_t *run_last;      /* last page of the IOVA run holding page i */
	uint64_t *map;
	uint64_t *scarce;        /* NULL: grown for a request that may lie anywhere */
	struct {
		uint64_t forbid;
		rte_iova_t lo, hi;
	} scarce_for;
};

/* The store's shared state, in a memzone of its own. */
struct iobuf_store_state {
	iobuf_lock_t lock;
	uint32_t seq;                /* extent memzone names */
	uint32_t serial;             /* iobuf_shared_serial() */
	TAILQ_HEAD(, iobuf_extent) extents;
	uint32_t n_extents, n_empty;
	uint32_t n_scarce;           /* extents with a scarce map */
	uint64_t reserved, used;
	uint64_t empty_bytes;        /* of extents with nothing used */
	uint64_t idle_arenas;        /* iobuf_idle_arena_charge() */
	uint64_t grows, grow_failed, returned, gathered, reclaims, reclaimed;
	struct iobuf_limits limits;
};

#define STORE_MZ_NAME "IOBUF_PAGESTORE"
#define GRAN_SHIFT 12

static struct iobuf_store_state *store;
uint64_t iobuf_last_growth;
static uint64_t (*reclaim_hook)(void);

void
iobuf_pagestore_set_reclaim(uint64_t (*fn)(void))
{
	reclaim_hook = fn;
}

static void
store_init(void *arg)
{
	struct iobuf_store_state *s = arg;

	iobuf_lock_init(&s->lock);
	TAILQ_INIT(&s->extents);
	iobuf_limits_defaults(&s->limits);
}

/* The state, made by the first process that needs it if @p make. */
static struct iobuf_store_state *
store_attach(bool make)
{
	struct iobuf_store_state *s = __atomic_load_n(&store, __ATOMIC_ACQUIRE);

	if (likely(s != NULL))
		return s;
	s = iobuf_zone_attach(STORE_MZ_NAME, sizeof(*s), store_init, make);
	if (s != NULL)
		__atomic_store_n(&store, s, __ATOMIC_RELEASE);
	return s;
}

/* The state if some process made it (no creation: readers need not). */
static struct iobuf_store_state *
store_peek(void)
{
	return store_attach(false);
}

static struct iobuf_store_state *
store_get(void)
{
	return store_attach(true);
}

/* ---- the lock ---- */

static uint32_t map_count(const struct iobuf_extent *e);
static uint32_t plain_free(const struct iobuf_extent *e);

/*
 * After a holder died: the extent list relinked and every count
 * recomputed from the bitmaps, which are the truth. Granules a cut-short
 * placement or free left marked used stay used (lost until the primary
 * exits); nothing free is ever marked used twice.
 */
static void
store_repair(void *arg)
{
	struct iobuf_store_state *s = arg;
	struct iobuf_extent *e;

	IOBUF_TAILQ_RELINK(&s->extents, iobuf_extent, next);
	s->n_extents = s->n_empty = s->n_scarce = 0;
	s->reserved = s->used = s->empty_bytes = 0;
	TAILQ_FOREACH(e, &s->extents, next) {
		e->n_free = map_count(e);
		e->n_plain = plain_free(e);
		s->n_extents++;
		s->n_scarce += e->scarce != NULL;
		s->reserved += e->len;
		s->used += (uint64_t)(e->n_gran - e->n_free) * IOBUF_GRANULE;
		if (e->n_free == e->n_gran) {
			s->n_empty++;
			s->empty_bytes += e->len;
		}
	}
}

static inline void
store_lock(struct iobuf_store_state *s)
{
	iobuf_lock_take(&s->lock, store_repair, s);
}

static inline void
store_unlock(struct iobuf_store_state *s)
{
	iobuf_lock_give(&s->lock);
}

/* ---- bitmap ---- */

/* First granule >= g whose free bit equals @p free, or n_gran; with
 * @p avoid, a granule set there counts as used. */
static uint32_t
map_next_avoiding(const struct iobuf_extent *e, uint32_t g, bool free,
		  const uint64_t *avoid)
{
	uint64_t w;

	while (g < e->n_gran) {
		w = e->map[g >> 6];
		if (avoid != NULL)
			w &= ~avoid[g >> 6];
		if (!free)
			w = ~w;
		w &= ~UINT64_C(0) << (g & 63);
		if (w != 0)
			return RTE_MIN((g & ~63u) + (uint32_t)__builtin_ctzll(w), e->n_gran);
		g = (g & ~63u) + 64;
	}
	return e->n_gran;
}

static uint32_t
map_next(const struct iobuf_extent *e, uint32_t g, bool free)
{
	return map_next_avoiding(e, g, free, NULL);
}

/* Bits [g, g + n) of @p words set to @p on. */
static void
bits_set(uint64_t *words, uint32_t g, uint32_t n, bool on)
{
	uint64_t bits;
	uint32_t k;

	while (n > 0) {
		k = RTE_MIN(n, 64 - (g & 63));
		bits = (k == 64 ? ~UINT64_C(0) : (UINT64_C(1) << k) - 1) << (g & 63);
		if (on)
			words[g >> 6] |= bits;
		else
			words[g >> 6] &= ~bits;
		g += k;
		n -= k;
	}
}

/* Set bits among [g, g + n) of @p words. */
static uint32_t
bits_count(const uint64_t *words, uint32_t g, uint32_t n)
{
	uint32_t k, c = 0;

	while (n > 0) {
		k = RTE_MIN(n, 64 - (g & 63));
		c += __builtin_popcountll((words[g >> 6] >> (g & 63)) &
					  (k == 64 ? ~UINT64_C(0) : (UINT64_C(1) << k) - 1));
		g += k;
		n -= k;
	}
	return c;
}

/* Free granules of @p e, counted from its bitmap. */
static uint32_t
map_count(const struct iobuf_extent *e)
{
	return bits_count(e->map, 0, e->n_gran);
}

/* Free granules of @p e outside its scarce map (n_free without one),
 * counted from the bitmaps: for a new extent and a repair; map_set()
 * keeps n_plain from then on. */
static uint32_t
plain_free(const struct iobuf_extent *e)
{
	uint32_t n = e->n_free, w;

	if (e->scarce != NULL)
		for (w = 0; w < (e->n_gran + 63) / 64; w++)
			n -= __builtin_popcountll(e->map[w] & e->scarce[w]);
	return n;
}

/* Free bits and n_plain change here only; n_free is the caller's. */
static void
map_set(struct iobuf_extent *e, uint32_t g, uint32_t n, bool free)
{
	uint32_t plain = e->scarce == NULL ? n : n - bits_count(e->scarce, g, n);

	bits_set(e->map, g, n, free);
	if (free)
		e->n_plain += plain;
	else
		e->n_plain -= plain;
}

/* ---- extents ---- */

/* IOVA of the byte at offset @p off of extent @p e. */
static rte_iova_t
block_iova(const struct iobuf_extent *e, uint64_t off)
{
	return e->page_iova[(off + e->lead) >> e->page_shift] +
	       ((off + e->lead) & (e->page_sz - 1));
}

/* Extent offset where the IOVA run holding offset @p off ends (may pass
 * the extent's end by its last page's tail). */
static uint64_t
run_end(const struct iobuf_extent *e, uint64_t off)
{
	uint32_t pg = (off + e->lead) >> e->page_shift;

	return ((uint64_t)(e->run_last[pg] + 1) << e->page_shift) - e->lead;
}

rte_iova_t
iobuf_extent_iova(const struct iobuf_extent *e, const uint8_t *va, uint64_t *run)
{
	uint64_t off = va - e->va, at = off + e->lead, pg = at >> e->page_shift;
	uint64_t n = ((uint64_t)(e->run_last[pg] + 1) << e->page_shift) - at;

	/* Not past the extent's end. */
	*run = RTE_MIN(n, e->len - off);
	return block_iova(e, off);
}

uint64_t
iobuf_extent_page_size(const struct iobuf_extent *e)
{
	return e->page_sz;
}

/* Alignment of an extent: a 2 MiB hugepage when there are hugepages (so
 * that with 2 MiB pages an extent is whole pages), else a granule. Larger
 * pages (1 GiB) hold an extent inside one page. */
static uint64_t
extent_align(void)
{
	return rte_eal_has_hugepages() ? RTE_PGSIZE_2M : IOBUF_GRANULE;
}

/* Alignment of an extent grown for @p c. In IOVA-as-VA mode the VA is the
 * IOVA: a zone aligned to the mask's block (up to 2 MiB) holds whole
 * admissible blocks (a 16 MiB extent under ~bit 21 holds four, where one
 * at a 4 KiB boundary under --no-huge held three). */
static uint64_t
zone_align(const struct iobuf_constraint *c)
{
	uint64_t a = extent_align();

	if (rte_eal_iova_mode() == RTE_IOVA_VA && c->mask_block > a)
		a = RTE_MIN(c->mask_block, RTE_PGSIZE_2M);
	return a;
}

/* DPDK's heap on @p socket_id (or all): the largest free block it has
 * now, without mapping more memory, and the bytes of all its memory. */
static void
heap_sizes(int socket_id, uint64_t *largest_free, uint64_t *total)
{
	struct rte_malloc_socket_stats st;
	int i;

	*largest_free = *total = 0;
	for (i = 0; i < RTE_MAX_NUMA_NODES; i++) {
		if (socket_id != SOCKET_ID_ANY && i != socket_id)
			continue;
		if (rte_malloc_get_socket_stats(i, &st) != 0)
			continue;
		*largest_free = RTE_MAX(*largest_free, (uint64_t)st.greatest_free_size);
		*total += st.heap_totalsz_bytes;
	}
}

/* Bytes from @p iova (inadmissible under @p c) to the next IOVA that may
 * be admissible, at most @p left. */
static uint64_t
inadmissible_span(const struct iobuf_constraint *c, rte_iova_t iova, uint64_t left)
{
	uint64_t bad = iova & c->forbid, step;
	unsigned int h;

	if (iova < c->lo)
		return RTE_MIN(c->lo - iova, left);
	if (iova > c->hi)
		return left;
	if (bad == 0)
		return RTE_MIN(IOBUF_GRANULE, left);  /* an edge inside the granule */
	/* Every IOVA keeping the highest forbidden bit set is out. */
	h = 63 - __builtin_clzll(bad);
	if (h == 63)
		return left;
	step = RTE_ALIGN_CEIL(iova + 1, RTE_BIT64(h + 1)) - iova;
	return RTE_MIN(step, left);
}

/* Longest run of clear bits among the first @p n of @p w. */
static uint32_t
longest_clear_run(const uint64_t *w, uint32_t n)
{
	uint32_t g = 0, best = 0, start;
	bool set;

	while (g < n) {
		start = g;
		set = (w[g >> 6] >> (g & 63)) & 1;
		while (g < n && (((w[g >> 6] >> (g & 63)) & 1) != 0) == set) {
			if ((g & 63) == 0 && g + 64 <= n && w[g >> 6] == (set ? ~UINT64_C(0) : 0))
				g += 64;
			else
				g++;
		}
		if (!set)
			best = RTE_MAX(best, g - start);
	}
	return best;
}

/* Granules of @p e that meet @p c's mask and window, an IOVA run and a
 * mask block at a time. */
static void
scarce_fill(struct iobuf_extent *e, const struct iobuf_constraint *c)
{
	uint64_t off = 0, end, n;
	rte_iova_t iova;

	while (off < e->len) {
		end = RTE_MIN(run_end(e, off), e->len);
		iova = block_iova(e, off);
		if (iobuf_range_admissible(c, iova, IOBUF_GRANULE)) {
			n = RTE_ALIGN_FLOOR(iobuf_block_room(c, iova, end - off), IOBUF_GRANULE);
			n = RTE_MAX(n, IOBUF_GRANULE);
			bits_set(e->scarce, off >> GRAN_SHIFT, n >> GRAN_SHIFT, true);
		} else {
			n = RTE_MAX(RTE_ALIGN_FLOOR(inadmissible_span(c, iova, end - off),
						    IOBUF_GRANULE), IOBUF_GRANULE);
		}
		off += n;
	}
	e->plain_run = longest_clear_run(e->scarce, e->n_gran);
}

/* Reserve @p len bytes as a new extent (not linked) for a request of
 * @p c, aligned to zone_align(), or to a granule when @p whole_block (a
 * free block of the heap taken whole: it may begin inside a page other
 * elements use); NULL with *err set. */
static struct iobuf_extent *
extent_new(struct iobuf_store_state *s, uint64_t len, int socket_id,
	   uint32_t grown_by, const struct iobuf_constraint *c, bool whole_block,
	   int *err)
{
	bool tag = !iobuf_constraint_anywhere(c);
	bool va_mode = rte_eal_iova_mode() == RTE_IOVA_VA;
	char name[RTE_MEMZONE_NAMESIZE];
	const struct rte_memseg_list *msl;
	const struct rte_memzone *mz;
	const struct rte_memseg *ms;
	struct iobuf_extent *e;
	uint32_t n_pages, n_gran, words, i;
	uint64_t lead, tsz;

	snprintf(name, sizeof(name), "iobuf-ext-%u",
		 __atomic_fetch_add(&s->seq, 1, __ATOMIC_RELAXED));
	mz = rte_memzone_reserve_aligned(name, len, socket_id, 0,
					 whole_block ? IOBUF_GRANULE : zone_align(c));
	if (mz == NULL) {
		*err = rte_errno;
		return NULL;
	}
	msl = rte_mem_virt2memseg_list(mz->addr);
	if (msl == NULL || ((uintptr_t)mz->addr & (IOBUF_GRANULE - 1)) != 0) {
		rte_memzone_free(mz);
		*err = EFAULT;
		return NULL;
	}
	/* In IOVA-as-VA mode the zone is one IOVA run: two table entries at
	 * most instead of one per page (a --no-huge zone has 4 KiB pages). */
	tsz = va_mode ? RTE_MAX(msl->page_sz, rte_align64pow2(mz->len)) : msl->page_sz;
	lead = (uintptr_t)mz->addr & (tsz - 1);
	n_gran = mz->len / IOBUF_GRANULE;
	n_pages = (lead + (uint64_t)n_gran * IOBUF_GRANULE + tsz - 1) / tsz;
	words = (n_gran + 63) / 64;
	e = rte_zmalloc_socket("IOBUF_EXTENT", sizeof(*e) +
			       n_pages * (sizeof(rte_iova_t) + sizeof(uint32_t)) +
			       (tag ? 2 : 1) * words * sizeof(uint64_t) + sizeof(uint64_t),
			       RTE_CACHE_LINE_SIZE, mz->socket_id);
	if (e == NULL) {
		rte_memzone_free(mz);
		*err = ENOMEM;
		return NULL;
	}
	e->mz = mz;
	e->va = mz->addr;
	e->page_sz = tsz;
	e->page_shift = __builtin_ctzll(tsz);
	e->lead = lead;
	e->len = (uint64_t)n_gran * IOBUF_GRANULE;
	e->n_pages = n_pages;
	e->n_gran = n_gran;
	e->n_free = n_gran;
	e->socket_id = mz->socket_id;
	e->grown_by = grown_by;
	e->page_iova = (rte_iova_t *)(e + 1);
	e->run_last = (uint32_t *)(e->page_iova + n_pages);
	e->map = (uint64_t *)RTE_PTR_ALIGN_CEIL(e->run_last + n_pages, sizeof(uint64_t));
	e->scarce = tag ? e->map + words : NULL;
	/* A memzone lies in one memseg list, whose segments are one array
	 * in VA order: the zone's pages are consecutive elements (each
	 * checked against its address). In IOVA-as-VA mode an IOVA is its
	 * address. */
	ms = va_mode ? NULL : rte_mem_virt2memseg(e->va - lead, msl);
	for (i = 0; i < n_pages; i++) {
		const uint8_t *at = e->va - lead + ((uint64_t)i << e->page_shift);

		if (va_mode) {
			e->page_iova[i] = (uintptr_t)at;
			continue;
		}
		if (ms == NULL || ms[i].addr != at || ms[i].iova == RTE_BAD_IOVA) {
			rte_free(e);
			rte_memzone_free(mz);
			*err = EFAULT;
			return NULL;
		}
		e->page_iova[i] = ms[i].iova;
	}
	for (i = n_pages; i-- > 0;)
		e->run_last[i] = i + 1 < n_pages &&
			e->page_iova[i + 1] == e->page_iova[i] + e->page_sz ?
			e->run_last[i + 1] : i;
	bits_set(e->map, 0, n_gran, true);
	if (tag) {
		scarce_fill(e, c);
		e->scarce_for.forbid = c->forbid;
		e->scarce_for.lo = c->lo;
		e->scarce_for.hi = c->hi;
	}
	e->n_plain = plain_free(e);
	return e;
}

static void
extent_destroy(struct iobuf_extent *e)
{
	const struct rte_memzone *mz = e->mz;

	rte_free(e);
	rte_memzone_free(mz);
}

/* Take an empty extent out of the store; caller holds the lock. */
static struct iobuf_extent *
unlink_locked(struct iobuf_store_state *s, struct iobuf_extent *e)
{
	TAILQ_REMOVE(&s->extents, e, next);
	s->n_scarce -= e->scarce != NULL;
	s->n_empty--;
	s->empty_bytes -= e->len;
	s->n_extents--;
	s->reserved -= e->len;
	s->returned++;
	return e;
}

/* Unlink empty extents beyond @p keep bytes of them into @p dead (at most
 * max), sparing @p hot (the one a release just emptied: giving it back
 * would make a create/release loop on a large buffer reserve and free a
 * memzone each time); caller holds the lock and destroys them after
 * unlocking. */
static uint32_t
unlink_empty_locked(struct iobuf_store_state *s, uint64_t keep,
		    struct iobuf_extent **dead, uint32_t max,
		    const struct iobuf_extent *hot)
{
	struct iobuf_extent *e, *next;
	uint64_t kept = hot != NULL ? hot->len : 0;  /* the hot one counts first */
	uint32_t n = 0;

	for (e = TAILQ_FIRST(&s->extents); e != NULL && s->empty_bytes > keep &&
	     n < max; e = next) {
		next = TAILQ_NEXT(e, next);
		if (e->n_free != e->n_gran || e == hot)
			continue;
		if (kept + e->len <= keep) {
			kept += e->len;
			continue;
		}
		dead[n++] = unlink_locked(s, e);
	}
	return n;
}

#define DEAD_BATCH 64

/* Give empty extents beyond @p keep bytes of them back to DPDK. Returns
 * the bytes given back. */
static uint64_t
release_empty(struct iobuf_store_state *s, uint64_t keep)
{
	struct iobuf_extent *dead[DEAD_BATCH];
	uint64_t bytes = 0;
	uint32_t n, i;

	do {
		store_lock(s);
		n = unlink_empty_locked(s, keep, dead, DEAD_BATCH, NULL);
		store_unlock(s);
		for (i = 0; i < n; i++) {
			bytes += dead[i]->len;
			extent_destroy(dead[i]);
		}
	} while (n == DEAD_BATCH);
	return bytes;
}

/* Give back the empty extents placement @p id reserved (a failed
 * placement leaves the store as it found it). */
static void
release_grown(struct iobuf_store_state *s, uint32_t id)
{
	struct iobuf_extent *dead[DEAD_BATCH], *e, *next;
	uint32_t n, i;

	do {
		n = 0;
		store_lock(s);
		for (e = TAILQ_FIRST(&s->extents); e != NULL && n < DEAD_BATCH; e = next) {
			next = TAILQ_NEXT(e, next);
			if (e->grown_by == id && e->n_free == e->n_gran)
				dead[n++] = unlink_locked(s, e);
		}
		store_unlock(s);
		for (i = 0; i < n; i++)
			extent_destroy(dead[i]);
	} while (n == DEAD_BATCH);
}

/* Mark granules used; caller holds the lock. */
static void
take_locked(struct iobuf_store_state *s, struct iobuf_extent *e, uint32_t g,
	    uint32_t n)
{
	if (e->n_free == e->n_gran) {
		s->n_empty--;
		s->empty_bytes -= e->len;
	}
	map_set(e, g, n, false);
	e->n_free -= n;
	s->used += (uint64_t)n * IOBUF_GRANULE;
}

void
iobuf_pagestore_free(const struct iobuf_piece *p, uint32_t n)
{
	/* Granules exist, so the state does: this only caches its address
	 * (a process may release a buffer it never created). */
	struct iobuf_store_state *s = store_get();
	struct iobuf_extent *dead[4], *hot = NULL;
	uint32_t i, n_dead = 0;

	store_lock(s);
	for (i = 0; i < n; i++) {
		struct iobuf_extent *e = p[i].ext;

		map_set(e, p[i].g0, p[i].ng, true);
		e->n_free += p[i].ng;
		s->used -= (uint64_t)p[i].ng * IOBUF_GRANULE;
		if (e->n_free == e->n_gran) {
			s->n_empty++;
			s->empty_bytes += e->len;
			hot = e;
		}
	}
	if (s->empty_bytes > s->limits.store_idle)
		n_dead = unlink_empty_locked(s, s->limits.store_idle, dead,
					     RTE_DIM(dead), hot);
	store_unlock(s);
	for (i = 0; i < n_dead; i++)
		extent_destroy(dead[i]);
}

/* ---- sweep ---- */

struct sweep_marks {
	uint32_t n;
	struct iobuf_extent **ext;
	uint64_t **held;            /* per extent: bit g set when held */
};

static void
sweep_mark(const struct iobuf_piece *p, uint32_t n, void *ctx)
{
	struct sweep_marks *m = ctx;
	uint32_t i, k, g;

	for (i = 0; i < n; i++) {
		for (k = 0; k < m->n && m->ext[k] != p[i].ext; k++)
			;
		if (k == m->n)
			continue;  /* not an extent of the store: nothing to keep */
		for (g = p[i].g0; g < p[i].g0 + p[i].ng; g++)
			m->held[k][g / 64] |= UINT64_C(1) << (g % 64);
	}
}

int64_t
iobuf_pagestore_sweep(bool (*quiet)(void),
		      void (*mark_all)(iobuf_sweep_mark_t mark, void *ctx))
{
	struct iobuf_store_state *s = store_peek();
	struct sweep_marks m = { .n = 0 };
	struct iobuf_extent *e;
	int64_t freed = -1;
	uint32_t k, g;

	if (s == NULL)
		return 0;
	store_lock(s);
	if (!quiet())
		goto out;
	m.ext = calloc(s->n_extents + 1, sizeof(*m.ext));
	m.held = calloc(s->n_extents + 1, sizeof(*m.held));
	if (m.ext == NULL || m.held == NULL)
		goto out;
	TAILQ_FOREACH(e, &s->extents, next) {
		m.held[m.n] = calloc((e->n_gran + 63) / 64, sizeof(uint64_t));
		if (m.held[m.n] == NULL)
			goto out;
		m.ext[m.n++] = e;
	}
	mark_all(sweep_mark, &m);
	freed = 0;
	for (k = 0; k < m.n; k++) {
		e = m.ext[k];
		for (g = 0; g < e->n_gran; g++) {
			if (map_next(e, g, false) != g ||
			    (m.held[k][g / 64] & (UINT64_C(1) << (g % 64))))
				continue;
			/* Used, held by nothing: a dead process's placement. */
			map_set(e, g, 1, true);
			e->n_free++;
			s->used -= IOBUF_GRANULE;
			freed += IOBUF_GRANULE;
			if (e->n_free == e->n_gran) {
				s->n_empty++;
				s->empty_bytes += e->len;
			}
		}
	}
out:
	store_unlock(s);
	for (k = 0; k < m.n; k++)
		free(m.held[k]);
	free(m.held);
	free(m.ext);
	return freed;
}

/* ---- placement ---- */

static bool
socket_ok(const struct iobuf_extent *e, int socket_id)
{
	return socket_id == SOCKET_ID_ANY || e->socket_id == socket_id;
}

/*
 * Bytes of @p e's free memory that @p c could use: when the scarce map was
 * drawn for c's mask and window it marks exactly the free granules that
 * meet them whole, and only the two granules at the ends of a piece, or
 * at the window's edges, can add part of one; else all of it. A store
 * full of extents a mask grew is then passed over without a walk.
 */
static uint64_t
free_usable(const struct iobuf_extent *e, const struct iobuf_constraint *c)
{
	if (e->scarce == NULL || e->scarce_for.forbid != c->forbid ||
	    e->scarce_for.lo != c->lo || e->scarce_for.hi != c->hi ||
	    (c->forbid & (IOBUF_GRANULE - 1)) != 0)
		return (uint64_t)e->n_free * IOBUF_GRANULE;
	return RTE_MIN((uint64_t)(e->n_free - e->n_plain) + 2, (uint64_t)e->n_free) *
	       IOBUF_GRANULE;
}

/* IOVA runs of extent bytes [from, to), as offsets from @p from. */
static void
runs_of(const struct iobuf_extent *e, uint64_t from, uint64_t to,
	struct iobuf_runs *r)
{
	uint64_t at = from, end;
	rte_iova_t iova;

	r->n = 0;
	while (at < to) {
		end = RTE_MIN(run_end(e, at), to);
		iova = block_iova(e, at);
		if (r->n > 0 && r->run[r->n - 1].iova + r->run[r->n - 1].len == iova)
			r->run[r->n - 1].len += end - at;
		else
			r->run[r->n++] = (struct iobuf_run){
				.off = at - from, .iova = iova, .len = end - at,
			};
		at = end;
	}
}

/* Segments of [off, off + len) of @p r: split where IOVA jumps, at the
 * boundary and at max_seg_size (as rte_iobuf_iova() reports them). */
static uint32_t
segments_of(const struct iobuf_constraint *c, const struct iobuf_runs *r,
	    size_t off, size_t len)
{
	size_t at = off, run_end, n;
	uint32_t segs = 0;
	rte_iova_t iova;

	while (at < off + len) {
		iova = iobuf_runs_iova(r, at, &run_end);
		n = __rte_iobuf_seg_clip(iova, RTE_MIN(run_end, off + len) - at,
					 c->boundary, c->max_seg_size);
		at += n;
		segs++;
	}
	return segs;
}

/* Which free granules a search of place_piece_how() looks at. */
enum piece_search {
	SEARCH_ALL,
	SEARCH_NOT_SCARCE,   /* outside every scarce map */
	SEARCH_SCARCE_EXTENTS, /* all of the extents that have one */
};

/* One VA-contiguous piece: the first carve that fits in any free run of
 * the granules @p how says. 1 if placed, 0 if not, -EAGAIN if an extent
 * added since the scratch was sized needs a larger one. */
static int
place_piece_how(struct iobuf_store_state *s, const struct iobuf_constraint *c,
		int socket_id, struct iobuf_runs *r, struct iobuf_placement *pl,
		enum piece_search how)
{
	const uint64_t *avoid;
	struct iobuf_extent *e;
	uint32_t g, g1, gs, ge;
	size_t off;

	TAILQ_FOREACH(e, &s->extents, next) {
		if (!socket_ok(e, socket_id) ||
		    (how == SEARCH_NOT_SCARCE ? (uint64_t)e->n_plain * IOBUF_GRANULE :
		     free_usable(e, c)) < c->capacity ||
		    (how == SEARCH_NOT_SCARCE && e->scarce != NULL &&
		     (uint64_t)e->plain_run * IOBUF_GRANULE < c->capacity) ||
		    (how == SEARCH_SCARCE_EXTENTS && e->scarce == NULL))
			continue;
		if (e->n_pages + 2 > r->cap)
			return -EAGAIN;
		avoid = how == SEARCH_NOT_SCARCE ? e->scarce : NULL;
		for (g = map_next_avoiding(e, 0, true, avoid); g < e->n_gran;
		     g = map_next_avoiding(e, g1, true, avoid)) {
			g1 = map_next_avoiding(e, g, false, avoid);
			if ((uint64_t)(g1 - g) * IOBUF_GRANULE < c->capacity)
				continue;
			runs_of(e, (uint64_t)g << GRAN_SHIFT, (uint64_t)g1 << GRAN_SHIFT, r);
			if (iobuf_carve(c, r, (size_t)(g1 - g) << GRAN_SHIFT, &off) != 0)
				continue;
			if (c->max_segs != 0 &&
			    segments_of(c, r, off, c->capacity) > c->max_segs)
				continue;
			off += (uint64_t)g << GRAN_SHIFT;
			gs = off >> GRAN_SHIFT;
			ge = (off + c->capacity + IOBUF_GRANULE - 1) >> GRAN_SHIFT;
			take_locked(s, e, gs, ge - gs);
			pl->one = (struct iobuf_piece){ e, gs, ge - gs };
			pl->pieces = &pl->one;
			pl->n_pieces = 1;
			pl->va = e->va + off;
			pl->ext = e;
			pl->socket_id = e->socket_id;
			return 1;
		}
	}
	return 0;
}

/* Admissible blocks that are VA- and IOVA-adjacent in one extent. */
struct grun {
	struct iobuf_extent *e;
	uint64_t off;      /* extent offset of the first block */
	rte_iova_t iova;
	uint32_t n;        /* blocks */
};

struct gather {
	const struct iobuf_constraint *c;
	bool plain;        /* only granules outside every scarce map */
	uint64_t unit;
	uint32_t need;     /* blocks */
	struct grun *run;
	uint32_t n_runs, cap_runs;
	uint64_t blocks;   /* admissible free blocks seen */
};

static int
gather_add(struct gather *g, struct iobuf_extent *e, uint64_t off, rte_iova_t iova)
{
	struct grun *last = g->n_runs != 0 ? &g->run[g->n_runs - 1] : NULL;
	struct grun *grown;

	g->blocks++;
	if (last != NULL && last->e == e && g->unit >= IOBUF_GRANULE &&
	    last->off + last->n * g->unit == off &&
	    last->iova + last->n * g->unit == iova) {
		last->n++;
		return 0;
	}
	if (g->n_runs == g->cap_runs) {
		g->cap_runs = RTE_MAX(64u, 2 * g->cap_runs);
		grown = realloc(g->run, g->cap_runs * sizeof(*g->run));
		if (grown == NULL)
			return -ENOMEM;
		g->run = grown;
	}
	g->run[g->n_runs++] = (struct grun){ e, off, iova, 1 };
	return 0;
}

/* Collect admissible free blocks; stop early once @p enough are seen.
 * Blocks smaller than a granule: one per free granule (the granule is the
 * unit of ownership). */
static int
gather_collect(struct iobuf_store_state *s, struct gather *g, int socket_id,
	       uint64_t enough)
{
	const struct iobuf_constraint *c = g->c;
	struct iobuf_extent *e;
	const uint64_t *avoid;
	uint32_t gr, g1;
	uint64_t off, end, skip;
	rte_iova_t iova;

	TAILQ_FOREACH(e, &s->extents, next) {
		if (!socket_ok(e, socket_id) ||
		    (g->plain ? (uint64_t)e->n_plain * IOBUF_GRANULE : free_usable(e, c)) <
		    RTE_MAX(g->unit, (uint64_t)IOBUF_GRANULE))
			continue;
		avoid = g->plain ? e->scarce : NULL;
		for (gr = map_next_avoiding(e, 0, true, avoid); gr < e->n_gran;
		     gr = map_next_avoiding(e, g1, true, avoid)) {
			g1 = map_next_avoiding(e, gr, false, avoid);
			/* Blocks aligned on the VA, which agrees with the
			 * IOVA below the page size (and is it in IOVA-as-VA
			 * mode): so aligned on the IOVA. */
			off = RTE_ALIGN_CEIL((uintptr_t)e->va + ((uint64_t)gr << GRAN_SHIFT),
					     g->unit) - (uintptr_t)e->va;
			end = (uint64_t)g1 << GRAN_SHIFT;
			while (off + g->unit <= end) {
				iova = block_iova(e, off);
				if (!iobuf_range_admissible(c, iova, g->unit)) {
					/* No block starting before the next IOVA
					 * that may be admissible is (within the
					 * IOVA run): a failing search costs the
					 * admissible blocks, not every block. */
					skip = inadmissible_span(c, iova,
								 RTE_MIN(run_end(e, off), end) - off);
					off += RTE_MAX(g->unit, RTE_ALIGN_CEIL(skip, g->unit));
					continue;
				}
				if (gather_add(g, e, off, iova) < 0)
					return -ENOMEM;
				if (g->blocks >= enough)
					return 0;
				if (g->unit < IOBUF_GRANULE)
					off = RTE_ALIGN_FLOOR(off, IOBUF_GRANULE) + IOBUF_GRANULE;
				else
					off += g->unit;
			}
		}
	}
	return 0;
}

static int
grun_by_len_desc(const void *a, const void *b)
{
	const struct grun *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

static int
grun_by_iova(const void *a, const void *b)
{
	const struct grun *x = a, *y = b;

	return x->iova < y->iova ? -1 : x->iova > y->iova;
}

/* Give the first run an aligned first block (align > unit): the run with
 * the most blocks from its first aligned one; cut what lies before. */
static bool
gather_align_first(struct gather *g)
{
	uint64_t a = g->c->align, k;
	uint32_t i, best = UINT32_MAX, best_n = 0;
	struct grun t;

	for (i = 0; i < g->n_runs; i++) {
		/* Blocks to skip to an aligned IOVA (64-bit: a may be huge). */
		k = (RTE_ALIGN_CEIL(g->run[i].iova, a) - g->run[i].iova) / g->unit;
		if (k < g->run[i].n && g->run[i].n - k > best_n) {
			best = i;
			best_n = g->run[i].n - k;
		}
	}
	if (best == UINT32_MAX)
		return false;
	k = g->run[best].n - best_n;
	g->run[best].off += k * g->unit;
	g->run[best].iova += k * g->unit;
	g->run[best].n = best_n;
	t = g->run[0];
	g->run[0] = g->run[best];
	g->run[best] = t;
	return true;
}

/* Granules a gathered buffer owns, merged per extent where adjacent. */
static int
gather_pieces(const struct gather *g, uint32_t n_runs, uint64_t capacity,
	      struct iobuf_placement *pl)
{
	uint64_t left = capacity, bytes, first, last;
	uint32_t i, k, n = 0;
	struct iobuf_piece *p;

	p = malloc((g->unit < IOBUF_GRANULE ? g->need : n_runs) * sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	for (i = 0; i < n_runs && left != 0; i++) {
		const struct grun *r = &g->run[i];

		for (k = 0; k < (g->unit < IOBUF_GRANULE ? r->n : 1) && left != 0; k++) {
			bytes = RTE_MIN(left, g->unit < IOBUF_GRANULE ? g->unit :
					(uint64_t)r->n * g->unit);
			first = (r->off + k * g->unit) >> GRAN_SHIFT;
			last = (r->off + k * g->unit + bytes - 1) >> GRAN_SHIFT;
			p[n++] = (struct iobuf_piece){ r->e, first, last - first + 1 };
			left -= bytes;
		}
	}
	pl->pieces = p;
	pl->n_pieces = n;
	return 0;
}

/* Build a scattered buffer from admissible blocks anywhere. */
static int
place_gather_locked(struct iobuf_store_state *s, const struct iobuf_constraint *c,
		    int socket_id, uint64_t unit, bool plain, struct iobuf_placement *pl,
		    uint64_t *adm_bytes)
{
	struct gather g = { .c = c, .plain = plain, .unit = unit };
	bool pick = c->max_segs != 0 || c->align > unit;
	uint32_t i, k, n_runs, b = 0;
	uint64_t taken = 0;
	int ret = -ENOMEM;

	/* A table entry per block: more than fit a 32-bit count is more
	 * than any store holds. */
	if ((c->capacity + unit - 1) / unit > UINT32_MAX)
		goto out;
	g.need = (c->capacity + unit - 1) / unit;
	if (gather_collect(s, &g, socket_id, pick ? UINT64_MAX : g.need) < 0)
		goto out;
	*adm_bytes = g.blocks * unit;
	if (g.blocks < g.need)
		goto out;
	if (c->max_segs != 0)  /* fewest segments: longest runs first */
		qsort(g.run, g.n_runs, sizeof(g.run[0]), grun_by_len_desc);
	if (c->align > unit && !gather_align_first(&g))
		goto out;
	for (n_runs = 0; n_runs < g.n_runs && taken < g.need; n_runs++)
		taken += g.run[n_runs].n;
	if (taken < g.need)
		goto out;
	/* IOVA order after the (aligned) first run: neighbours merge. */
	if (n_runs > 2)
		qsort(&g.run[1], n_runs - 1, sizeof(g.run[0]), grun_by_iova);
	pl->blocks = malloc(g.need * sizeof(*pl->blocks));
	if (pl->blocks == NULL || gather_pieces(&g, n_runs, c->capacity, pl) < 0)
		goto out;
	for (i = 0; i < n_runs && b < g.need; i++)
		for (k = 0; k < g.run[i].n && b < g.need; k++, b++)
			pl->blocks[b] = (struct iobuf_block){
				g.run[i].e->va + g.run[i].off + k * unit,
				g.run[i].iova + k * unit,
			};
	for (i = 0; i < pl->n_pieces; i++)
		take_locked(s, pl->pieces[i].ext, pl->pieces[i].g0, pl->pieces[i].ng);
	pl->unit = unit;
	pl->n_blocks = g.need;
	pl->socket_id = g.run[0].e->socket_id;
	s->gathered++;
	ret = 0;
out:
	free(g.run);
	return ret;
}

/*
 * Largest block a gathered buffer may be built from: whole under the mask
 * (at most its lowest forbidden bit's block) and IOVA-contiguous (inside
 * one page in IOVA-as-PA mode; in IOVA-as-VA mode an extent is contiguous
 * throughout). 2 MiB at most: a block must fit in free runs. Smaller
 * blocks use more of the free memory but make larger tables.
 */
static uint64_t
gather_unit_max(const struct iobuf_constraint *c)
{
	uint64_t unit = RTE_PGSIZE_2M;
	struct iobuf_extent *e;

	if (rte_eal_iova_mode() != RTE_IOVA_VA)
		TAILQ_FOREACH(e, &store->extents, next)
			unit = RTE_MIN(unit, e->page_sz);
	if (c->mask_block != 0)
		unit = RTE_MIN(unit, c->mask_block);
	return unit;
}

/* Whether the free blocks of @p unit admissible for @p c hold its
 * capacity; *adm_bytes as far as the count went. */
static bool
gather_enough(struct iobuf_store_state *s, const struct iobuf_constraint *c,
	      int socket_id, uint64_t unit, bool plain, uint64_t *adm_bytes)
{
	struct gather g = { .c = c, .plain = plain, .unit = unit };
	bool enough;

	g.need = (c->capacity + unit - 1) / unit;
	enough = gather_collect(s, &g, socket_id, g.need) == 0 && g.blocks >= g.need;
	*adm_bytes = g.blocks * unit;
	free(g.run);
	return enough;
}

/* Smallest block gathered from what masks and windows rejected: 2 MiB,
 * so only requests larger than that gather them (a smaller one that
 * found no piece would find no such block), never in pieces of less than
 * a hugepage (a fine mask rejects small ones: ~bit 13 leaves 8 KiB, 512
 * segments for 4 MiB, and a view with as many maps); otherwise the request
 * takes admissible memory in one piece, or grows the store. */
#define PLAIN_UNIT_MIN RTE_PGSIZE_2M

/*
 * Gather with the largest block size that finds enough memory (@p plain:
 * only granules outside every scarce map). A smaller block finds every
 * byte a larger one does: when the largest fails, one count at the
 * smallest says whether any size can succeed (a request that must grow
 * the store pays two walks of it, not one per size).
 */
static int
gather_locked(struct iobuf_store_state *s, const struct iobuf_constraint *c,
	      int socket_id, bool plain, struct iobuf_placement *pl, uint64_t *adm_bytes)
{
	uint64_t top = gather_unit_max(c), unit = top;
	uint64_t least = RTE_MIN(unit, plain ? PLAIN_UNIT_MIN : IOBUF_GRANULE);
	int ret;

	for (;;) {
		ret = place_gather_locked(s, c, socket_id, unit, plain, pl, adm_bytes);
		if (ret == 0 || unit <= least)
			return ret;
		if (unit == top &&
		    !gather_enough(s, c, socket_id, least, plain, adm_bytes))
			return ret;
		unit /= 2;
	}
}

/*
 * What the store holds before it grows. A request that may lie anywhere
 * first takes granules outside those that constrained requests grew the
 * store for (what a mask or window rejected serves it; what they need
 * stays free for them): one piece, then, when it may be scattered and has
 * no segment limit, blocks gathered from them; only then one piece
 * anywhere (the issue-11 rule: memory one constraint rejects serves others
 * instead of being held idle, and the store does not grow while it holds
 * enough of it). Others look for one piece everywhere. 1 if placed, 0 if
 * not, -EAGAIN (scratch).
 */
static int
place_locked(struct iobuf_store_state *s, const struct iobuf_constraint *c,
	     int socket_id, bool may_gather, struct iobuf_runs *r,
	     struct iobuf_placement *pl, uint64_t *adm_bytes)
{
	int ret;

	if (s->n_scarce == 0 || !iobuf_constraint_anywhere(c))
		return place_piece_how(s, c, socket_id, r, pl, SEARCH_ALL);
	ret = place_piece_how(s, c, socket_id, r, pl, SEARCH_NOT_SCARCE);
	if (ret != 0)
		return ret;
	/* Not with a segment limit: a gather is judged against it only once
	 * the descriptor is built, and failing there would skip the piece
	 * and the growth below (a buffer the store could make). */
	if (may_gather && c->max_segs == 0 &&
	    gather_locked(s, c, socket_id, true, pl, adm_bytes) == 0)
		return 1;
	return place_piece_how(s, c, socket_id, r, pl, SEARCH_SCARCE_EXTENTS);
}

/*
 * One try under the lock: one piece (or, anywhere, the rejects gathered:
 * place_locked()), else (@p gather) blocks from everywhere. Returns 0,
 * -ENOMEM or -EAGAIN (scratch too small).
 */
static int
try_place(struct iobuf_store_state *s, const struct iobuf_constraint *c,
	  int socket_id, bool may_gather, bool gather, struct iobuf_placement *pl,
	  struct iobuf_runs *r, uint64_t *adm_bytes)
{
	int ret;

	store_lock(s);
	ret = place_locked(s, c, socket_id, may_gather, r, pl, adm_bytes);
	if (ret != 0) {
		ret = ret > 0 ? 0 : ret;
	} else if (gather) {
		ret = gather_locked(s, c, socket_id, false, pl, adm_bytes);
	} else {
		ret = -ENOMEM;
	}
	store_unlock(s);
	return ret;
}

/* For a failure's log line: the free bytes admissible for @p c, had it not
 * needed one piece (asked only once a request fails: it walks the store). */
static uint64_t
admissible_free(struct iobuf_store_state *s, const struct iobuf_constraint *c,
		int socket_id)
{
	struct gather g = { .c = c };
	uint64_t bytes = 0;

	store_lock(s);
	g.unit = RTE_MIN(gather_unit_max(c), IOBUF_GRANULE);
	if (gather_collect(s, &g, socket_id, UINT64_MAX) == 0)
		bytes = g.blocks * g.unit;
	store_unlock(s);
	free(g.run);
	return bytes;
}

void
iobuf_placement_fini(struct iobuf_placement *pl)
{
	free(pl->blocks);
	if (pl->pieces != &pl->one)
		free(pl->pieces);
	pl->blocks = NULL;
	pl->pieces = NULL;
}

/* Widen [*lo, *hi] by the IOVAs of extent @p e's bytes. */
static void
span_add(const struct iobuf_extent *e, rte_iova_t *lo, rte_iova_t *hi)
{
	uint64_t off;

	for (off = 0; off < e->len; off = run_end(e, off)) {
		*lo = RTE_MIN(*lo, block_iova(e, off));
		*hi = RTE_MAX(*hi, block_iova(e, RTE_MIN(run_end(e, off), e->len) - 1));
	}
}

/* Widen [*lo, *hi] by every extent of the store. */
static void
store_span(struct iobuf_store_state *s, rte_iova_t *lo, rte_iova_t *hi)
{
	const struct iobuf_extent *e;

	store_lock(s);
	TAILQ_FOREACH(e, &s->extents, next)
		span_add(e, lo, hi);
	store_unlock(s);
}

/* The one log line of a failed placement: what was asked, what the store
 * holds and how much of it was admissible, how far it grew. */
static int
place_fail(struct iobuf_store_state *s, const struct iobuf_constraint *c,
	   const char *what, uint32_t log_level, struct iobuf_place_err *pe,
	   int err, const char *cause, uint64_t grown, uint64_t adm_bytes,
	   rte_iova_t lo, rte_iova_t hi)
{
	struct iobuf_place_err local;
	char desc[256];

	if (pe == NULL)
		pe = &local;
	if (lo == RTE_BAD_IOVA)
		lo = hi = 0;   /* no memory seen at all */
	iobuf_constraint_format(c, desc, sizeof(desc));
	store_lock(s);
	snprintf(pe->msg, sizeof(pe->msg),
		 "no memory meets the constraint (%s): %s; store: %u extents, %"
		 PRIu64 " bytes reserved, %" PRIu64 " free, %" PRIu64
		 " free and admissible%s, IOVA seen [0x%" PRIx64 ", 0x%" PRIx64
		 "]; grew %" PRIu64 " bytes for this request",
		 cause, desc, s->n_extents, s->reserved,
		 s->reserved - s->used, adm_bytes,
		 c->contig && adm_bytes != 0 ? " (not in one IOVA-contiguous range)" : "",
		 lo, hi, grown);
	store_unlock(s);
	pe->err = err;
	if (pe == &local)
		IOBUF_LOG_AT(log_level, "create %s: %s", what, pe->msg);
	return -err;
}

/* Per-thread scratch for a free run's IOVA runs (one per page, plus
 * one), grown to the largest extent; freed when the thread exits. */
struct scratch {
	uint64_t n;
	struct iobuf_run run[];
};
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void
scratch_key_make(void)
{
	if (pthread_key_create(&scratch_key, free) != 0)
		rte_panic("iobuf: no thread-specific key\n");
}

static int
scratch_fit(struct iobuf_store_state *s, struct iobuf_runs *r)
{
	struct scratch *sc, *grown;
	struct iobuf_extent *e;
	uint64_t most = 0, n;

	pthread_once(&scratch_once, scratch_key_make);
	sc = pthread_getspecific(scratch_key);
	store_lock(s);
	TAILQ_FOREACH(e, &s->extents, next)
		most = RTE_MAX(most, (uint64_t)e->n_pages);
	store_unlock(s);
	n = most + 2;
	if (sc == NULL || n > sc->n) {
		grown = realloc(sc, sizeof(*sc) + n * sizeof(sc->run[0]));
		if (grown == NULL)
			return -ENOMEM;
		grown->n = n;
		sc = grown;
		pthread_setspecific(scratch_key, sc);
	}
	r->run = sc->run;
	r->cap = sc->n;
	return 0;
}

/* A buffer may be gathered from blocks: scattered, not asked for one
 * piece, and (a phased start, for segment limits, is for one piece only)
 * not phased. */
static bool
place_may_gather(const struct iobuf_constraint *c, unsigned int flags)
{
	return !c->contig && !(flags & IOBUF_PLACE_VA_CONTIG) && !c->phased;
}

uint64_t
iobuf_placement_max_entries(const struct iobuf_constraint *c, unsigned int flags)
{
	uint64_t unit = extent_align();

	/* A gathered buffer has an entry per block (the smallest block is a
	 * granule, or a mask block below it); a piece one per page. */
	if (place_may_gather(c, flags))
		unit = c->mask_block != 0 ? RTE_MIN(IOBUF_GRANULE, c->mask_block) :
		       IOBUF_GRANULE;
	return c->capacity / unit + 2;
}

/*
 * Before a placement fails: give back what this request grew, every empty
 * extent, and what the reclaim hook frees (empty arenas, lcore caches).
 * Returns the bytes that came back (to DPDK or to the store's free
 * granules).
 */
static uint64_t
reclaim(struct iobuf_store_state *s, uint32_t id)
{
	uint64_t freed;

	/* The extents this request grew are empty too: giving them back is
	 * no news, so they do not count. */
	release_grown(s, id);
	freed = release_empty(s, 0);
	if (reclaim_hook != NULL)
		freed += reclaim_hook();
	freed += release_empty(s, 0);
	__atomic_fetch_add(&s->reclaims, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->reclaimed, freed, __ATOMIC_RELAXED);
	return freed;
}

/* One request's growth: what it needs and how far it got. */
struct growth {
	uint64_t page;       /* extent alignment: every length is a multiple */
	uint64_t need;       /* one piece: capacity plus alignment slack */
	uint64_t least;      /* smallest extent that can help */
	uint64_t headroom;   /* heap left to rte_malloc while new pages come */
	uint64_t step;       /* next step (doubles while growth finds nothing) */
	uint64_t new_bytes;  /* extents that made DPDK map new pages */
	uint64_t new_budget; /* how many may: IOVA-as-PA only (below) */
	uint64_t base;       /* growth before the reclaim (the bound counts after) */
	uint64_t need_exact; /* need, in granules instead of pages */
	int mapped_adm;      /* a page mapped now holds a start: -1 unknown */
	uint32_t last_left;  /* blocks the last resort may still take whole */
	bool no_new_pages;   /* DPDK refused to map pages for a step */
	const char *stop;    /* why growth cannot help; NULL while it can */
	bool new_pages;      /* the step decided last maps new pages */
	bool whole_block;    /* it takes a free block whole (the last resort) */
};

/*
 * Length of the next extent, or 0 with g->stop set when nothing growth
 * could reach meets @p c (iobuf_reach.h). In order: a block of the heap's
 * free memory that holds the request beyond the headroom (fragments too
 * for a request that may gather: a step larger than any of them would make
 * DPDK map new pages and skip them); new pages, while some page DPDK could
 * still map may hold a start; once, the heap's largest free block whole,
 * headroom or not.
 * In IOVA-as-PA mode a new page's IOVA is the kernel's choice, known only
 * once it is mapped, so new pages are bounded by g->new_budget: a request
 * that cannot be served must not hold every hugepage of the host meanwhile.
 */
static uint64_t
growth_len(struct growth *g, const struct iobuf_constraint *c, int socket_id,
	   bool may_gather, uint64_t grown)
{
	uint64_t raw, avail, total;

	/*
	 * Other threads' releases give empty extents back to DPDK, those this
	 * request grew and could not use included, so the heap can offer the
	 * same memory again and again: beyond what the heap holds and the
	 * kernel could still give (plus the budget), growth has seen it all.
	 * The kernel's pool is read only past the heap's part (sysfs).
	 */
	heap_sizes(socket_id, &raw, &total);
	if (grown - g->base >= total + IOBUF_GATHER_AFTER_MIN &&
	    grown - g->base >= total + iobuf_unmapped_pool_bytes() + IOBUF_GATHER_AFTER_MIN) {
		g->stop = "grew by more than the heap holds and the kernel can give (the memory"
			  " came back while it grew)";
		return 0;
	}

	avail = raw > 2 * g->page + g->headroom ?
		RTE_ALIGN_FLOOR(raw - g->headroom, g->page) - g->page : 0;
	if (raw > g->page && g->mapped_adm < 0)
		g->mapped_adm = iobuf_mapped_may_admit(c, socket_id);
	if (g->mapped_adm == 0)
		raw = avail = 0;
	g->new_pages = g->whole_block = false;
	if (avail >= g->need)
		return RTE_MAX(g->need, RTE_MIN(g->step, avail));
	if (may_gather && avail >= g->page)
		return avail;
	if (!g->no_new_pages && g->new_bytes < g->new_budget &&
	    iobuf_unmapped_may_admit(c, socket_id)) {
		g->new_pages = true;
		return RTE_MAX(g->step, g->need);
	}
	/* Last resort: the largest free block whole, headroom or not, cut
	 * to granules and granule-aligned (an extent need not be whole pages:
	 * a free block of two pages less a header still gives one of a page
	 * less a granule; a window may lie in a fragment, the part of a
	 * hugepage other elements leave), then the next largest while it
	 * holds the request by itself (smaller ones stay to rte_malloc: a
	 * failing request holds them until it ends). */
	if (g->last_left != 0 && raw > IOBUF_GRANULE) {
		avail = RTE_ALIGN_FLOOR(raw - IOBUF_GRANULE, IOBUF_GRANULE);
		if (avail >= (may_gather && g->last_left == IOBUF_LAST_RESORT_BLOCKS ?
			      IOBUF_GRANULE : g->need_exact)) {
			g->last_left--;
			g->whole_block = true;
			return avail;
		}
		g->last_left = 0;
	}
	g->stop = g->no_new_pages ?
		  "DPDK maps no more pages and no free block of its heap met it" :
		  g->new_bytes >= g->new_budget ?
		  "IOVA-as-PA: new hugepages up to the growth budget met nothing, and where "
		  "the next one lies is known only once it is mapped" :
		  "no page DPDK has not mapped yet could meet it";
	return 0;
}

int
iobuf_pagestore_place(const struct iobuf_constraint *c, int socket_id,
		      unsigned int flags, struct iobuf_placement *pl,
		      const char *what, uint32_t log_level,
		      struct iobuf_place_err *pe)
{
	struct iobuf_store_state *s = store_get();
	uint64_t grown = 0, adm = 0, len;
	struct growth g = {
		.page = extent_align(), .step = IOBUF_EXTENT_MIN, .mapped_adm = -1,
		.last_left = IOBUF_LAST_RESORT_BLOCKS,
	};
	rte_iova_t seen_lo = RTE_BAD_IOVA, seen_hi = 0;  /* IOVAs the search saw */
	bool spanned = false;
	uint64_t gather_after0 = RTE_MAX(IOBUF_GATHER_AFTER_MIN,
					 IOBUF_GATHER_AFTER_FACTOR * (uint64_t)c->capacity);
	uint64_t gather_after = gather_after0;
	struct iobuf_runs r = { 0 };
	struct iobuf_extent *e;
	bool reclaimed = !(flags & IOBUF_PLACE_RECLAIM);
	bool may_gather, gather_first, gather_now;
	uint32_t id;
	const char *cause;
	int ret, err = 0;

	memset(pl, 0, sizeof(*pl));
	if (s == NULL) {
		if (pe != NULL) {
			pe->err = ENOMEM;
			snprintf(pe->msg, sizeof(pe->msg), "no memory for the page store's state");
		} else {
			IOBUF_LOG_AT(log_level, "create %s: no memory for the page store's state",
				     what);
		}
		return -ENOMEM;
	}
	id = iobuf_shared_serial();  /* marks the extents this request grows */
	/*
	 * A scattered buffer is gathered from blocks at once when the mask
	 * splits it (no one range of that size can be admissible in IOVA-as-VA
	 * mode, and in IOVA-as-PA mode only by the luck of the layout); else
	 * one CPU-contiguous piece is preferred, and blocks are gathered only
	 * when the store can no longer grow.
	 */
	may_gather = place_may_gather(c, flags);
	gather_first = may_gather && c->mask_block != 0 &&
		       c->mask_block < c->capacity + c->align;
	gather_now = gather_first;
	/* Room for the buffer in one piece: capacity plus alignment slack;
	 * a buffer that may gather can use any extent, however small. */
	g.need = RTE_ALIGN_CEIL(c->capacity + (c->align > g.page ? c->align : 0), g.page);
	g.need_exact = RTE_ALIGN_CEIL(c->capacity + (c->align > g.page ? c->align : 0),
				      IOBUF_GRANULE);
	g.least = may_gather ? g.page : g.need;
	/* A gathered buffer's table takes up to 1/128 of its capacity. */
	g.headroom = IOBUF_HEAP_HEADROOM + (may_gather ? c->capacity / 64 : 0);
	g.new_budget = rte_eal_iova_mode() == RTE_IOVA_PA ? gather_after0 : UINT64_MAX;
	for (;;) {
		if (scratch_fit(s, &r) < 0) {
			ret = place_fail(s, c, what, log_level, pe, ENOMEM,
					 "no memory for the IOVA run table", grown, adm,
					 seen_lo, seen_hi);
			break;
		}
		ret = try_place(s, c, socket_id, may_gather, gather_now, pl, &r, &adm);
		if (ret == 0)
			break;
		if (ret == -EAGAIN)
			continue;  /* another thread added a larger extent */
		e = NULL;
		err = 0;
		if (may_gather && !gather_now && grown >= gather_after) {
			/* This much growth found no one piece: blocks of what
			 * the store holds before any more growth. */
			gather_now = true;
			continue;
		}
		if ((flags & IOBUF_PLACE_GROW) && g.stop == NULL) {
			/* Grow; halve down to what the request needs when
			 * DPDK refuses. */
			len = growth_len(&g, c, socket_id, may_gather, grown);
			while (len != 0) {
				e = extent_new(s, len, socket_id, id, c, g.whole_block, &err);
				if (e != NULL || err == ENOSPC || len <= g.least)
					break;
				__atomic_fetch_add(&s->grow_failed, 1, __ATOMIC_RELAXED);
				len = RTE_MAX(g.least, RTE_ALIGN_FLOOR(len / 2, g.page));
			}
			if (e == NULL && len != 0) {
				__atomic_fetch_add(&s->grow_failed, 1, __ATOMIC_RELAXED);
				if (g.new_pages && err != ENOSPC) {
					/* DPDK maps no more (a socket limit, the
					 * pool): the blocks the heap holds remain. */
					g.no_new_pages = true;
					continue;
				}
			}
		}
		if (e != NULL) {
			store_lock(s);
			TAILQ_INSERT_TAIL(&s->extents, e, next);
			s->n_extents++;
			s->n_scarce += e->scarce != NULL;
			s->n_empty++;
			s->empty_bytes += e->len;
			s->reserved += e->len;
			s->grows++;
			len = e->len;  /* e may be freed by others once unlocked */
			span_add(e, &seen_lo, &seen_hi);
			store_unlock(s);
			grown += len;
			if (g.new_pages)
				g.new_bytes += len;
			g.step = RTE_MIN(g.step * 2, IOBUF_EXTENT_MAX);
			continue;
		}
		/* The store cannot grow (heap out, memzone table full, no
		 * page DPDK could map would do): pieces as a last resort,
		 * then one reclaim. */
		if (may_gather && !gather_now) {
			gather_now = true;
			continue;
		}
		/* What the store held before this request counts as seen
		 * (taken now: only a failing request needs it). */
		if (!spanned) {
			store_span(s, &seen_lo, &seen_hi);
			spanned = true;
		}
		if (!reclaimed) {
			reclaimed = true;
			if (reclaim(s, id) != 0) {
				gather_after = grown + gather_after0;
				/* What came back went to the heap or, as
				 * whole pages, to the kernel: both may serve
				 * again. */
				g.stop = NULL;
				g.mapped_adm = -1;
				g.new_bytes = 0;
				g.base = grown;
				g.last_left = IOBUF_LAST_RESORT_BLOCKS;
				g.no_new_pages = false;
				g.step = IOBUF_EXTENT_MIN;
				gather_now = gather_first;
				continue;
			}
		}
		if (!gather_now)
			adm = admissible_free(s, c, socket_id);
		cause = !(flags & IOBUF_PLACE_GROW) ? "the store holds none and may not grow" :
			g.stop != NULL ? g.stop :
			err == ENOSPC ? "memzone table full" :
			grown == 0 ? "the heap has no room to grow the store" :
			"the heap ran out while the store grew";
		ret = place_fail(s, c, what, log_level, pe,
				 err == ENOSPC && g.stop == NULL && (flags & IOBUF_PLACE_GROW) ?
				 ENOSPC : ENOMEM,
				 cause, grown, adm, seen_lo, seen_hi);
		break;
	}
	__atomic_store_n(&iobuf_last_growth, grown, __ATOMIC_RELAXED);
	/* What growth added and nobody used goes back: all of it after a
	 * failure (a failed create leaves the store as it found it), beyond
	 * the idle limit after a success. */
	if (grown != 0) {
		if (ret == 0)
			release_empty(s, s->limits.store_idle);
		else
			release_grown(s, id);
	}
	return ret;
}

uint32_t
iobuf_shared_serial(void)
{
	struct iobuf_store_state *s = store_get();

	return s == NULL ? 0 : __atomic_add_fetch(&s->serial, 1, __ATOMIC_RELAXED);
}

uint64_t
iobuf_pagestore_reclaim(void)
{
	struct iobuf_store_state *s = store_peek();

	/* No placement grew anything: id 0 marks no extent. */
	return s != NULL ? reclaim(s, 0) : 0;
}

int
iobuf_pagestore_trim(void)
{
	struct iobuf_store_state *s = store_peek();

	uint64_t before;
	int n;

	if (s == NULL)
		return 0;
	before = __atomic_load_n(&s->returned, __ATOMIC_RELAXED);
	release_empty(s, 0);
	n = (int)(__atomic_load_n(&s->returned, __ATOMIC_RELAXED) - before);
	return n;
}

void
iobuf_pagestore_totals(struct iobuf_pagestore_totals *t)
{
	struct iobuf_store_state *s = store_peek();
	const struct iobuf_extent *e;

	memset(t, 0, sizeof(*t));
	if (s == NULL)
		return;
	store_lock(s);
	TAILQ_FOREACH(e, &s->extents, next)
		if (e->scarce != NULL)
			t->free_scarce += (uint64_t)(e->n_free - e->n_plain) * IOBUF_GRANULE;
	t->extents_scarce = s->n_scarce;
	t->extents = s->n_extents;
	t->extents_empty = s->n_empty;
	t->reserved = s->reserved;
	t->used = s->used;
	t->grows = s->grows;
	t->grow_failed = s->grow_failed;
	t->returned = s->returned;
	t->gathered = s->gathered;
	t->idle = s->empty_bytes;
	t->idle_arenas = s->idle_arenas;
	t->reclaims = s->reclaims;
	t->reclaimed = s->reclaimed;
	store_unlock(s);
}

/* ---- idle-memory limits ---- */

bool
iobuf_idle_arena_charge(int64_t bytes)
{
	struct iobuf_store_state *s = store_get();
	uint64_t cur;

	if (s == NULL)
		return bytes < 0;
	if (bytes < 0) {
		__atomic_fetch_sub(&s->idle_arenas, (uint64_t)-bytes, __ATOMIC_RELAXED);
		return true;
	}
	cur = __atomic_load_n(&s->idle_arenas, __ATOMIC_RELAXED);
	do {
		if (cur + (uint64_t)bytes > s->limits.total_idle)
			return false;
	} while (!__atomic_compare_exchange_n(&s->idle_arenas, &cur, cur + bytes,
					      false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return true;
}

int
iobuf_limits_get(struct iobuf_limits *l)
{
	struct iobuf_store_state *s = store_get();

	if (s == NULL)
		return -ENOMEM;
	store_lock(s);
	*l = s->limits;
	store_unlock(s);
	return 0;
}

/* One word, read without the lock: released objects go back to their class
 * often, and a limit changed meanwhile is seen by the next give. */
uint64_t
iobuf_limits_class_idle(void)
{
	struct iobuf_store_state *s = store_peek();

	return s == NULL ? 0 : __atomic_load_n(&s->limits.class_idle, __ATOMIC_RELAXED);
}

int
iobuf_limits_set(const struct iobuf_limits *l)
{
	struct iobuf_store_state *s = store_get();

	if (s == NULL)
		return -ENOMEM;
	store_lock(s);
	s->limits = *l;
	store_unlock(s);
	/* Lower limits take effect now for the store's own idle memory. */
	release_empty(s, l->store_idle);
	return 0;
}
