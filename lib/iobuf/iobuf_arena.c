/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_per_lcore.h>
#include <rte_spinlock.h>
#include <rte_string_fns.h>

#include "rte_iobuf.h"
#include "iobuf_arena.h"
#include "iobuf_log.h"
#include "iobuf_reap.h"
#include "iobuf_shared.h"
#include "iobuf_view.h"

/* What makes two requests share arenas. Built with memset so that memcmp
 * compares it. */
struct iobuf_class_key {
	uint64_t slot;
	uint64_t mask;
	rte_iova_t lo, hi;
	int32_t socket_id;
	uint32_t flags;          /* RTE_IOBUF_SHARED | RTE_IOBUF_CACHE_* */
};

#define KEY_META IOBUF_CLASS_META
#define KEY_FLAGS (RTE_IOBUF_SHARED | RTE_IOBUF_CACHE_MASK | KEY_META)

/* What one lcore of one process did in a class. Written by that lcore only
 * (plain updates; readers load relaxed); live and live_bytes may wrap per
 * lcore when another lcore releases, their sums are right. */
struct iobuf_class_counts {
	uint64_t attempts;    /* requests the class was asked for */
	uint64_t rejects;     /* of those, not served (no slot, growth failed) */
	uint64_t live;        /* slots handed out minus slots given back */
	uint64_t live_bytes;  /* their capacities */
};

struct iobuf_lcore_cache {
	uint32_t busy;        /* 1 while its lcore or a drainer uses it */
	uint32_t len;
	struct iobuf_desc *objs[2 * IOBUF_ARENA_CACHE_BULK];
	struct iobuf_class_counts n;
} __rte_cache_aligned;

struct iobuf_arena {
	TAILQ_ENTRY(iobuf_arena) next;
	struct iobuf_class *cls;
	struct iobuf_piece piece;    /* its granules of the page store */
	uint8_t *va;                 /* first byte */
	int socket_id;
	uint8_t *descs;              /* slot descriptors, DESC_STRIDE apart */
	uint32_t n_slots;            /* usable slots */
	uint32_t n_free;             /* entries in free[] */
	bool idle_charged;           /* empty, counted in the idle total */
	struct iobuf_desc *free[];   /* stack; top = free[n_free - 1] */
};

/*
 * A class, in shared memory. Invariants, under lock: arenas with free
 * slots precede full ones in arenas; n_empty counts arenas whose every
 * usable slot is in their free stack (slots in lcore caches are not free
 * for this count, so an arena is never freed under a cached slot). A class
 * exists only with an arena or a user: it is inserted together with its
 * first arena, and freed (under the classes lock) when it has neither
 * arenas nor users. A slot a process takes off a free stack carries that
 * process's slot number (holder) until it is handed out, so that a reaper
 * can put back what a dead process was moving.
 */
struct iobuf_class {
	TAILQ_ENTRY(iobuf_class) next;
	struct iobuf_class_key key;
	iobuf_lock_t lock;
	TAILQ_HEAD(iobuf_arena_list, iobuf_arena) arenas;
	uint32_t n_arenas, n_empty;
	uint32_t users;              /* bit i: process slot i has a
				      * class_local for it */
	uint32_t id;                 /* stable, for telemetry */
	uint64_t grow_failed;        /* arenas the page store could not give */
	uint64_t last_use;           /* timer cycles of the last take or give */
};

#define DESC_STRIDE IOBUF_SLOT_DESC_SIZE

/*
 * This process's view of a class: its lcores' slot caches. Caches are per
 * process because lcore ids are: a secondary's lcore 0 is not the
 * primary's. Entries are only added (at the head, published with a
 * release store) until rte_iobuf_trim() frees them at a quiescent point.
 */
struct class_local {
	struct class_local *next;
	struct iobuf_class *cls;
	struct iobuf_lcore_cache cache[RTE_MAX_LCORE];
	struct iobuf_class_counts other;  /* non-EAL threads: atomic adds */
	uint64_t seen_attempts;           /* at the last aging sweep */
	uint64_t active;                  /* timer cycles it last changed */
};
static struct class_local *locals;
static rte_spinlock_t locals_lock = RTE_SPINLOCK_INITIALIZER;
/* Bumped by rte_iobuf_trim() when it frees locals: hints die with it. */
static uint32_t locals_epoch = 1;

/* Per-thread hint: the class_local of the last request. */
struct class_hint {
	struct class_local *loc;
	uint32_t epoch;
};
static RTE_DEFINE_PER_LCORE(struct class_hint, hint);

/* After a holder of the classes lock died: the list relinked. */
static void
classes_repair(void *arg)
{
	struct iobuf_shared *s = arg;

	IOBUF_TAILQ_RELINK(&s->classes, iobuf_class, next);
}

/* The shared anchor with the classes lock held, or NULL when no process
 * made the anchor yet (then there are no classes). */
static struct iobuf_shared *
classes_take(void)
{
	struct iobuf_shared *s = iobuf_shared_peek();

	if (s != NULL)
		iobuf_lock_take(&s->classes_lock, classes_repair, s);
	return s;
}

static void
classes_give(struct iobuf_shared *s)
{
	iobuf_lock_give(&s->classes_lock);
}

/* After a holder of @p cls's lock died: the arena list relinked, arenas
 * with free slots first again, the counts recomputed. A slot whose push
 * or pop was cut short is off every free stack: the reap of the dead
 * process puts it back (its holder says whose it was). */
static void
class_repair(void *arg)
{
	struct iobuf_class *cls = arg;
	struct iobuf_arena_list full = TAILQ_HEAD_INITIALIZER(full);
	struct iobuf_arena *a, *next;

	IOBUF_TAILQ_RELINK(&cls->arenas, iobuf_arena, next);
	cls->n_arenas = cls->n_empty = 0;
	for (a = TAILQ_FIRST(&cls->arenas); a != NULL; a = next) {
		next = TAILQ_NEXT(a, next);
		cls->n_arenas++;
		if (a->n_free == a->n_slots)
			cls->n_empty++;
		if (a->n_free == 0) {
			TAILQ_REMOVE(&cls->arenas, a, next);
			TAILQ_INSERT_TAIL(&full, a, next);
		}
	}
	TAILQ_CONCAT(&cls->arenas, &full, next);
}

static inline void
class_lock(struct iobuf_class *cls)
{
	iobuf_lock_take(&cls->lock, class_repair, cls);
}

static inline void
class_unlock(struct iobuf_class *cls)
{
	iobuf_lock_give(&cls->lock);
}

uint64_t
iobuf_arena_slot(const struct iobuf_constraint *c)
{
	uint64_t slot = rte_align64pow2(RTE_MAX((uint64_t)c->capacity, c->align));

	if (slot > IOBUF_ARENA_SLOT_MAX)
		return 0;
	/* A naturally aligned slot stays inside any boundary block at least
	 * as large; smaller boundaries split buffers into segments. */
	if (c->boundary != 0 && c->boundary < slot)
		return 0;
	if (c->max_seg_size != 0 && c->max_seg_size < c->capacity)
		return 0;
	/* The arena itself must be able to exist under mask and window. */
	if (c->mask_block != 0 && c->mask_block < IOBUF_ARENA_SIZE)
		return 0;
	if (c->hi - c->lo < IOBUF_ARENA_SIZE - 1)
		return 0;
	return slot;
}

static struct iobuf_desc *
slot_desc(const struct iobuf_arena *a, uint32_t i)
{
	return (struct iobuf_desc *)(a->descs + (size_t)i * DESC_STRIDE);
}

static void
arena_free(struct iobuf_arena *a)
{
	iobuf_pagestore_free(&a->piece, 1);
	rte_free(a->descs);
	rte_free(a);
}

/*
 * A new arena for class key @p k, every usable slot free, not linked to a
 * class yet (a->cls is NULL). The store may grow and reclaim for it, so
 * the caller holds no lock. When the store has no room, *pe says why.
 */
static struct iobuf_arena *
arena_new(const struct iobuf_class_key *k, struct iobuf_place_err *pe)
{
	struct rte_iobuf_params p = {
		.socket_id = k->socket_id,
		.flags = k->flags & RTE_IOBUF_CACHE_MASK,
		.capacity = IOBUF_ARENA_SIZE,
		.iova_mask = k->mask,
		.align = IOBUF_ARENA_SIZE,  /* a whole 2 MiB page in PA mode */
		.iova_min = k->lo,
		.iova_max = k->hi,
	};
	uint32_t n = IOBUF_ARENA_SIZE / k->slot, i;
	struct iobuf_placement pl;
	struct iobuf_constraint c;
	struct iobuf_arena *a;
	uint64_t off, run;
	rte_iova_t iova;

	if (iobuf_constraint_init(&c, &p, "(arena)") < 0)
		return NULL;
	/* One VA-contiguous piece: slots are addressed from its start. */
	if (iobuf_pagestore_place(&c, k->socket_id, IOBUF_PLACE_VA_CONTIG |
				  IOBUF_PLACE_GROW | IOBUF_PLACE_RECLAIM, &pl,
				  "(arena)", RTE_LOG_DEBUG, pe) < 0)
		return NULL;
	a = rte_zmalloc_socket("IOBUF_ARENA", sizeof(*a) + n * sizeof(a->free[0]),
			       RTE_CACHE_LINE_SIZE, pl.socket_id);
	if (a == NULL)
		goto fail;
	a->descs = rte_zmalloc_socket("IOBUF_ARENA_DESC", n * DESC_STRIDE,
				      RTE_CACHE_LINE_SIZE, pl.socket_id);
	if (a->descs == NULL)
		goto fail;
	a->piece = pl.pieces[0];
	a->va = pl.va;
	a->socket_id = pl.socket_id;
	/* Push from the top so that slots go out in address order. */
	for (i = n; i-- > 0;) {
		struct iobuf_desc *s = slot_desc(a, i);

		off = (uint64_t)i * k->slot;
		iova = iobuf_extent_iova(pl.ext, pl.va + off, &run);
		if (run < k->slot || (iova & (k->slot - 1)) != 0)
			continue;  /* crosses an IOVA run end: not usable */
		s->arena = a;
		s->socket_id = pl.socket_id;
		s->pub.va = pl.va + off;
		s->pub.iova0 = iova;
		a->free[a->n_slots++] = s;
	}
	if (a->n_slots == 0)
		goto fail;
	a->n_free = a->n_slots;
	iobuf_placement_fini(&pl);
	return a;
fail:
	if (a != NULL)
		rte_free(a->descs);
	rte_free(a);
	iobuf_pagestore_free(pl.pieces, pl.n_pieces);
	iobuf_placement_fini(&pl);
	return NULL;
}

/*
 * Only the primary process caches slots per lcore: a secondary may exit
 * (or die) without a trim, and its process-local caches would keep their
 * arenas from ever emptying. Secondaries take and give slots under the
 * class lock.
 */
static inline bool
caches_on(void)
{
	static int primary = -1;

	if (unlikely(primary < 0))
		primary = rte_eal_process_type() == RTE_PROC_PRIMARY;
	return primary;
}

/*
 * An lcore cache is used by its lcore and, to give idle memory back, by
 * any thread of the process: whoever sets busy owns it. The lcore never
 * waits (a busy cache sends it to the class lock); a drainer skips a
 * cache its lcore is using.
 */
static inline bool
cache_enter(struct iobuf_lcore_cache *cache)
{
	return __atomic_exchange_n(&cache->busy, 1, __ATOMIC_ACQUIRE) == 0;
}

static inline void
cache_leave(struct iobuf_lcore_cache *cache)
{
	__atomic_store_n(&cache->busy, 0, __ATOMIC_RELEASE);
}

static bool
cache_try_drain_enter(struct iobuf_lcore_cache *cache)
{
	uint32_t idle = 0;

	return __atomic_compare_exchange_n(&cache->busy, &idle, 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Empty arenas a class may keep (class_idle limit). */
static uint32_t
class_keep(void)
{
	return (uint32_t)RTE_MIN(iobuf_limits_class_idle() / IOBUF_ARENA_SIZE,
				 (uint64_t)UINT32_MAX);
}

/* An arena leaves the empty state (taken from, or freed). */
static void
arena_not_idle(struct iobuf_arena *a)
{
	if (a->idle_charged) {
		iobuf_idle_arena_charge(-(int64_t)IOBUF_ARENA_SIZE);
		a->idle_charged = false;
	}
}

/* Link a new arena into its class; caller holds the class lock. */
static void
class_link_locked(struct iobuf_class *cls, struct iobuf_arena *a)
{
	a->cls = cls;
	TAILQ_INSERT_HEAD(&cls->arenas, a, next);
	cls->n_arenas++;
	cls->n_empty++;
}

/* Count into this lcore's set, or atomically into the shared one. */
#define CLASS_COUNT(loc, lcore, field, v) do { \
	if (likely((lcore) < RTE_MAX_LCORE)) { \
		uint64_t *f_ = &(loc)->cache[lcore].n.field; \
		__atomic_store_n(f_, *f_ + (uint64_t)(v), __ATOMIC_RELAXED); \
	} else { \
		__atomic_fetch_add(&(loc)->other.field, (uint64_t)(v), \
				   __ATOMIC_RELAXED); \
	} \
} while (0)

/* Move up to @p n free slots into @p objs; caller holds the lock.
 * Returns the number moved (0: no arena has a free slot). */
static uint32_t
class_take_locked(struct iobuf_class *cls, struct iobuf_desc **objs,
		  uint32_t n)
{
	uint16_t self = iobuf_self();
	struct iobuf_arena *a;
	uint32_t got = 0, k, i;

	while (got < n) {
		a = TAILQ_FIRST(&cls->arenas);
		if (a == NULL || a->n_free == 0)
			break;
		if (a->n_free == a->n_slots) {
			cls->n_empty--;
			arena_not_idle(a);
		}
		k = RTE_MIN(n - got, a->n_free);
		for (i = a->n_free - k; i < a->n_free; i++)
			a->free[i]->holder = self;
		/* Marked before they leave the stack: a death in between
		 * loses no slot (iobuf_arena_reap()). */
		rte_compiler_barrier();
		a->n_free -= k;
		memcpy(&objs[got], &a->free[a->n_free], k * sizeof(objs[0]));
		got += k;
		if (a->n_free == 0) {
			TAILQ_REMOVE(&cls->arenas, a, next);
			TAILQ_INSERT_TAIL(&cls->arenas, a, next);
		}
	}
	cls->last_use = rte_get_timer_cycles();
	return got;
}

/*
 * Up to @p n free slots of @p cls into @p objs, a new arena made (outside
 * the lock: the store may reserve memory for it) when none is free. A
 * failed growth is never remembered: the next request tries again.
 */
static uint32_t
class_take(struct iobuf_class *cls, struct iobuf_desc **objs, uint32_t n,
	   struct iobuf_place_err *pe)
{
	struct iobuf_arena *a;
	uint32_t got;

	class_lock(cls);
	got = class_take_locked(cls, objs, n);
	class_unlock(cls);
	if (got != 0)
		return got;
	iobuf_placing_begin();
	a = arena_new(&cls->key, pe);
	if (a == NULL) {
		iobuf_placing_end();
		__atomic_fetch_add(&cls->grow_failed, 1, __ATOMIC_RELAXED);
		return 0;
	}
	class_lock(cls);
	class_link_locked(cls, a);
	got = class_take_locked(cls, objs, n);
	class_unlock(cls);
	iobuf_placing_end();
	return got;
}

/* Return @p n slots to their arenas; caller holds the lock. Arenas that
 * become empty beyond the hysteresis are unlinked into @p dead (at most n),
 * for the caller to free after unlocking. Returns the number unlinked. */
static uint32_t
class_give_locked(struct iobuf_class *cls, struct iobuf_desc *const *objs,
		  uint32_t n, uint32_t keep, struct iobuf_arena **dead)
{
	uint32_t i, n_dead = 0;

	for (i = 0; i < n; i++) {
		struct iobuf_arena *a = objs[i]->arena;

		if (a->n_free == 0) {
			TAILQ_REMOVE(&cls->arenas, a, next);
			TAILQ_INSERT_HEAD(&cls->arenas, a, next);
		}
		a->free[a->n_free] = objs[i];
		rte_compiler_barrier();
		a->n_free++;
		if (a->n_free < a->n_slots)
			continue;
		/* Empty: kept within the class's and the total idle limits
		 * (keep == UINT32_MAX: kept uncharged, the caller frees it). */
		if (keep == UINT32_MAX ||
		    (cls->n_empty < keep &&
		     iobuf_idle_arena_charge(IOBUF_ARENA_SIZE))) {
			a->idle_charged = keep != UINT32_MAX;
			cls->n_empty++;
			continue;
		}
		TAILQ_REMOVE(&cls->arenas, a, next);
		cls->n_arenas--;
		dead[n_dead++] = a;
	}
	cls->last_use = rte_get_timer_cycles();
	return n_dead;
}

static void
class_give(struct iobuf_class *cls, struct iobuf_desc *const *objs, uint32_t n)
{
	struct iobuf_arena *dead[2 * IOBUF_ARENA_CACHE_BULK];
	uint32_t n_dead, i;

	/* An arena unlinked here is freed after the unlock: its granules are
	 * in transit, which a sweep must see (iobuf_placing_begin()). */
	iobuf_placing_begin();
	class_lock(cls);
	n_dead = class_give_locked(cls, objs, n, class_keep(), dead);
	class_unlock(cls);
	for (i = 0; i < n_dead; i++)
		arena_free(dead[i]);
	iobuf_placing_end();
}

/* Caller holds the classes lock. */
static struct iobuf_class *
class_find_locked(struct iobuf_shared *s, const struct iobuf_class_key *key)
{
	struct iobuf_class *cls;

	TAILQ_FOREACH(cls, &s->classes, next)
		if (memcmp(&cls->key, key, sizeof(*key)) == 0)
			return cls;
	return NULL;
}

/* Publish a class_local for @p cls (the caller counted itself a user). */
static struct class_local *
local_publish(struct class_local *loc, struct iobuf_class *cls)
{
	loc->cls = cls;
	rte_spinlock_lock(&locals_lock);
	loc->next = locals;
	__atomic_store_n(&locals, loc, __ATOMIC_RELEASE);
	rte_spinlock_unlock(&locals_lock);
	return loc;
}

/*
 * The shared class for @p key, found or made, with this process counted
 * as a user, and its class_local. A new class is made together with its
 * first arena, so a request that cannot get memory leaves nothing behind.
 * Memory is placed and allocated outside the classes lock (a process
 * killed inside DPDK's heap must not hold ours as well). NULL when the
 * class cannot be had.
 */
static struct class_local *
local_attach(const struct iobuf_class_key *key, struct iobuf_place_err *pe)
{
	struct class_local *loc = calloc(1, sizeof(*loc));
	uint16_t self = iobuf_self();
	struct iobuf_class *cls, *made = NULL;
	struct iobuf_arena *a = NULL;
	struct iobuf_shared *s = iobuf_shared_peek();
	bool placing = false;
	uint32_t me;

	if (loc == NULL || s == NULL || self == IOBUF_PROC_NONE)
		goto fail;
	me = UINT32_C(1) << self;
	iobuf_lock_take(&s->classes_lock, classes_repair, s);
	cls = class_find_locked(s, key);
	if (cls != NULL)
		__atomic_fetch_or(&cls->users, me, __ATOMIC_RELAXED);
	classes_give(s);
	if (cls != NULL)
		return local_publish(loc, cls);

	iobuf_placing_begin();
	placing = true;
	a = arena_new(key, pe);
	if (a == NULL)
		goto fail;
	made = rte_zmalloc_socket("IOBUF_ARENA_CLASS", sizeof(*made),
				  RTE_CACHE_LINE_SIZE, a->socket_id);
	if (made == NULL)
		goto fail;
	made->key = *key;
	iobuf_lock_init(&made->lock);
	TAILQ_INIT(&made->arenas);
	iobuf_lock_take(&s->classes_lock, classes_repair, s);
	cls = class_find_locked(s, key);
	if (cls == NULL) {
		cls = made;
		made = NULL;
		cls->id = iobuf_shared_serial();
		TAILQ_INSERT_TAIL(&s->classes, cls, next);
	}
	class_lock(cls);
	class_link_locked(cls, a);
	class_unlock(cls);
	__atomic_fetch_or(&cls->users, me, __ATOMIC_RELAXED);
	classes_give(s);
	iobuf_placing_end();
	rte_free(made);  /* another process made the class meanwhile */
	return local_publish(loc, cls);
fail:
	if (a != NULL)
		arena_free(a);
	if (placing)
		iobuf_placing_end();
	free(loc);
	return NULL;
}

/* This process's class_local for @p key, or NULL if it has none. */
static struct class_local *
local_find_key(const struct iobuf_class_key *key)
{
	struct class_local *loc;

	for (loc = __atomic_load_n(&locals, __ATOMIC_ACQUIRE); loc != NULL;
	     loc = loc->next)
		if (memcmp(&loc->cls->key, key, sizeof(*key)) == 0)
			return loc;
	return NULL;
}

/* This process's class_local for @p cls, or NULL if it has none. */
static struct class_local *
local_find_class(const struct iobuf_class *cls)
{
	struct class_hint *h = &RTE_PER_LCORE(hint);
	struct class_local *loc = h->loc;

	/* The epoch first: a hint older than the last trim points at a
	 * freed class_local. */
	if (loc != NULL &&
	    h->epoch == __atomic_load_n(&locals_epoch, __ATOMIC_ACQUIRE) &&
	    loc->cls == cls)
		return loc;
	for (loc = __atomic_load_n(&locals, __ATOMIC_ACQUIRE); loc != NULL;
	     loc = loc->next)
		if (loc->cls == cls)
			return loc;
	return NULL;
}

static struct class_local *
local_get(const struct iobuf_class_key *key, struct iobuf_place_err *pe)
{
	struct class_hint *h = &RTE_PER_LCORE(hint);
	uint32_t epoch = __atomic_load_n(&locals_epoch, __ATOMIC_ACQUIRE);
	struct class_local *loc = h->loc;

	if (likely(loc != NULL && h->epoch == epoch &&
		   memcmp(&loc->cls->key, key, sizeof(*key)) == 0))
		return loc;
	loc = local_find_key(key);
	if (loc == NULL)
		loc = local_attach(key, pe);
	if (loc != NULL) {
		h->loc = loc;
		h->epoch = epoch;
	}
	return loc;
}

struct iobuf_desc *
iobuf_arena_get(const struct iobuf_constraint *c, uint64_t slot,
		int socket_id, const char *name, unsigned int lcore,
		struct iobuf_place_err *pe)
{
	struct iobuf_class_key key;
	struct iobuf_lcore_cache *cache;
	struct class_local *loc;
	struct iobuf_class *cls;
	struct iobuf_desc *d;

	memset(&key, 0, sizeof(key));
	key.slot = slot;
	key.mask = c->mask;
	key.lo = c->lo;
	key.hi = c->hi;
	key.socket_id = socket_id;
	key.flags = c->flags & KEY_FLAGS;
	pe->err = 0;
	loc = local_get(&key, pe);
	if (unlikely(loc == NULL))
		return NULL;
	cls = loc->cls;
	CLASS_COUNT(loc, lcore, attempts, 1);

	cache = likely(lcore < RTE_MAX_LCORE && caches_on()) ? &loc->cache[lcore] : NULL;
	if (likely(cache != NULL && cache_enter(cache))) {
		if (unlikely(cache->len == 0)) {
			iobuf_arena_age();
			cache->len = class_take(cls, cache->objs,
						IOBUF_ARENA_CACHE_BULK, pe);
			if (cache->len == 0) {
				cache_leave(cache);
				goto reject;
			}
		}
		d = cache->objs[--cache->len];
		cache_leave(cache);
	} else {
		/* Non-EAL thread, or a drainer holds the cache. */
		if (class_take(cls, &d, 1, pe) == 0)
			goto reject;
	}
	CLASS_COUNT(loc, lcore, live, 1);
	CLASS_COUNT(loc, lcore, live_bytes, c->capacity);

	d->pub.length = c->capacity;
	d->pub.capacity = c->capacity;
	d->pub.flags = c->flags;
	d->pub.boundary = c->boundary;
	d->pub.max_seg_size = c->max_seg_size;
	d->align = c->align;
	d->max_segs = c->max_segs;
	if (name != NULL)
		strlcpy(d->name, name, sizeof(d->name));
	else
		d->name[0] = '\0';
	iobuf_desc_own(d);
	return d;
reject:
	CLASS_COUNT(loc, lcore, rejects, 1);
	return NULL;
}

void *
iobuf_arena_meta_alloc(size_t size, int socket_id, struct iobuf_desc **carrier)
{
	struct rte_iobuf_params p = {
		.capacity = size,
		.iova_mask = UINT64_MAX,
	};
	struct iobuf_place_err pe;
	struct iobuf_constraint c;
	struct iobuf_desc *d;
	uint64_t slot;

	*carrier = NULL;
	if (iobuf_constraint_init(&c, &p, "(descriptor)") < 0)
		return NULL;
	c.flags |= KEY_META;
	slot = iobuf_arena_slot(&c);
	if (slot == 0)
		return NULL;
	d = iobuf_arena_get(&c, slot, socket_id, NULL, rte_lcore_id(), &pe);
	if (d == NULL)
		return NULL;
	/* Zeroed first: once pinned, only meta_orphan() can give it back,
	 * and nothing of an earlier descriptor may show in it meanwhile. */
	memset(d->pub.va, 0, size);
	rte_compiler_barrier();
	d->pinned = true;
	*carrier = d;
	return d->pub.va;
}

void
iobuf_arena_meta_free(struct iobuf_desc *carrier)
{
	carrier->holder = iobuf_self();
	__atomic_store_n(&carrier->pub.refcnt, 0, __ATOMIC_RELEASE);
	iobuf_arena_put(carrier, rte_lcore_id());
}

void
iobuf_arena_constraint(const struct iobuf_desc *d, struct iobuf_constraint *c)
{
	const struct iobuf_class_key *k = &d->arena->cls->key;
	const struct rte_iobuf_params p = {
		.flags = d->pub.flags,
		.capacity = d->pub.capacity,
		.iova_mask = k->mask,
		.align = d->align,
		.iova_min = k->lo,
		.iova_max = k->hi,
		.boundary = d->pub.boundary,
		.max_segs = d->max_segs,
		.max_seg_size = d->pub.max_seg_size,
	};

	/* It was accepted once; the same input normalises the same way. */
	RTE_VERIFY(iobuf_constraint_init(c, &p, "(carved)") == 0);
}

void
iobuf_arena_put(struct iobuf_desc *d, unsigned int lcore)
{
	struct iobuf_class *cls = d->arena->cls;
	struct iobuf_lcore_cache *cache;
	struct class_local *loc;

	/* Processes that never created in this class (a shared buffer
	 * released elsewhere) count nothing and give back directly, as do
	 * non-EAL threads. */
	loc = local_find_class(cls);
	if (loc != NULL) {
		CLASS_COUNT(loc, lcore, live, -1);
		CLASS_COUNT(loc, lcore, live_bytes, -(uint64_t)d->pub.capacity);
	}
	cache = likely(loc != NULL && lcore < RTE_MAX_LCORE && caches_on()) ?
		&loc->cache[lcore] : NULL;
	if (unlikely(cache == NULL || !cache_enter(cache))) {
		class_give(cls, &d, 1);
		return;
	}
	if (unlikely(cache->len == RTE_DIM(cache->objs))) {
		cache->len -= IOBUF_ARENA_CACHE_BULK;
		class_give(cls, &cache->objs[cache->len], IOBUF_ARENA_CACHE_BULK);
	}
	cache->objs[cache->len++] = d;
	cache_leave(cache);
}

/*
 * Give this process's cached slots of @p loc back to their class (caches
 * their lcores are using this instant are skipped), with @p keep empty
 * arenas kept (0 when reclaiming); frees arenas left empty beyond it.
 * Returns the bytes of arenas freed.
 */
static uint64_t
local_drain(struct class_local *loc, uint32_t keep)
{
	struct iobuf_arena *dead[2 * IOBUF_ARENA_CACHE_BULK];
	struct iobuf_class *cls = loc->cls;
	uint64_t bytes = 0;
	unsigned int lcore;
	uint32_t n_dead, i;

	for (lcore = 0; lcore < RTE_MAX_LCORE; lcore++) {
		struct iobuf_lcore_cache *cache = &loc->cache[lcore];

		if (__atomic_load_n(&cache->len, __ATOMIC_RELAXED) == 0 ||
		    !cache_try_drain_enter(cache))
			continue;
		class_lock(cls);
		n_dead = class_give_locked(cls, cache->objs, cache->len, keep, dead);
		class_unlock(cls);
		cache->len = 0;
		cache_leave(cache);
		for (i = 0; i < n_dead; i++) {
			arena_free(dead[i]);
			bytes += IOBUF_ARENA_SIZE;
		}
	}
	return bytes;
}

/* Free a class's empty arenas beyond @p keep; returns the bytes freed.
 * Caller holds the classes lock. */
static uint64_t
class_free_empty(struct iobuf_class *cls, uint32_t keep)
{
	TAILQ_HEAD(, iobuf_arena) dead = TAILQ_HEAD_INITIALIZER(dead);
	struct iobuf_arena *a, *next;
	uint64_t bytes = 0;
	uint32_t kept = 0;

	class_lock(cls);
	for (a = TAILQ_FIRST(&cls->arenas); a != NULL; a = next) {
		next = TAILQ_NEXT(a, next);
		if (a->n_free != a->n_slots)
			continue;
		if (kept < keep) {
			kept++;
			continue;
		}
		TAILQ_REMOVE(&cls->arenas, a, next);
		cls->n_arenas--;
		cls->n_empty--;
		arena_not_idle(a);
		TAILQ_INSERT_TAIL(&dead, a, next);
	}
	class_unlock(cls);
	while ((a = TAILQ_FIRST(&dead)) != NULL) {
		TAILQ_REMOVE(&dead, a, next);
		arena_free(a);
		bytes += IOBUF_ARENA_SIZE;
	}
	return bytes;
}

/* The page store's reclaim hook: this process's lcore caches drained,
 * every empty arena of every class freed. */
static uint64_t
arena_reclaim(void)
{
	struct class_local *loc;
	struct iobuf_class *cls;
	uint64_t bytes = 0;

	struct iobuf_shared *s;

	/* A dead process's slots and arenas count as idle memory too, and
	 * so do the pages this process's stale views still hold. */
	iobuf_procs_reap(true);
	iobuf_view_prune();
	s = classes_take();
	if (s == NULL)
		return 0;
	for (loc = __atomic_load_n(&locals, __ATOMIC_ACQUIRE); loc != NULL;
	     loc = loc->next)
		bytes += local_drain(loc, 0);
	TAILQ_FOREACH(cls, &s->classes, next)
		bytes += class_free_empty(cls, 0);
	classes_give(s);
	return bytes;
}

/* A metadata slot of dead process (@p slot, @p gen) whose descriptor is not
 * on the store list (it died creating or destroying it, perhaps inside the
 * list's insert or removal): garbage. One on the list is freed with its
 * buffer. Membership is asked of the list itself (lock order: a class,
 * then the store list). */
static bool
meta_orphan(const struct iobuf_desc *d, uint16_t slot, uint64_t gen)
{
	const struct iobuf_desc *outer = (const struct iobuf_desc *)d->pub.va;

	return (d->pub.flags & KEY_META) && d->proc == slot && d->gen == gen &&
	       !iobuf_store_bufs_linked(outer);
}

/*
 * Reap dead process @p slot in one arena (class lock held): slots off the
 * free stack with no reference that it was moving go back; carved buffers
 * holding something of it are listed. Returns the slots put back.
 */
static uint64_t
arena_reap_locked(struct iobuf_class *cls, struct iobuf_arena *a, uint16_t slot,
		  uint64_t gen, struct iobuf_reap_list *l)
{
	uint32_t n_total = IOBUF_ARENA_SIZE / cls->key.slot, i, dead_n;
	uint64_t stacked[IOBUF_ARENA_SIZE / RTE_CACHE_LINE_SIZE / 64] = { 0 };
	struct iobuf_arena *dead[1];
	uint64_t returned = 0;

	for (i = 0; i < a->n_free; i++) {
		uint32_t k = ((uint8_t *)a->free[i] - a->descs) / DESC_STRIDE;

		stacked[k / 64] |= UINT64_C(1) << (k % 64);
	}
	for (i = 0; i < n_total; i++) {
		struct iobuf_desc *d = slot_desc(a, i);

		if (d->arena != a || (stacked[i / 64] & (UINT64_C(1) << (i % 64))))
			continue;
		/* Acquire: the owner fields were stored before the count. */
		if (__atomic_load_n(&d->pub.refcnt, __ATOMIC_ACQUIRE) != 0) {
			if (meta_orphan(d, slot, gen)) {
				d->pub.refcnt = 0;
				dead_n = class_give_locked(cls, &d, 1, UINT32_MAX, dead);
				RTE_VERIFY(dead_n == 0);
				returned++;
			} else {
				iobuf_reap_consider(l, d, slot, gen);
			}
		} else if (d->holder == slot) {
			/* Kept (uncharged) if empty: aging and trim free it. */
			dead_n = class_give_locked(cls, &d, 1, UINT32_MAX, dead);
			RTE_VERIFY(dead_n == 0);
			returned++;
		}
	}
	return returned;
}

/* Every arena's piece, for a store sweep (classes lock held). */
static void
mark_arenas(iobuf_sweep_mark_t mark, void *ctx)
{
	struct iobuf_shared *s = iobuf_shared_peek();
	struct iobuf_class *cls;
	struct iobuf_arena *a;

	TAILQ_FOREACH(cls, &s->classes, next) {
		class_lock(cls);
		TAILQ_FOREACH(a, &cls->arenas, next)
			mark(&a->piece, 1, ctx);
		class_unlock(cls);
	}
	iobuf_store_bufs_mark(mark, ctx);
}

int64_t
iobuf_arena_sweep(void)
{
	struct iobuf_shared *s = classes_take();
	int64_t freed;

	if (s == NULL)
		return 0;
	/* Lock order: classes, store, a class, the store list. */
	freed = iobuf_pagestore_sweep(iobuf_procs_quiet, mark_arenas);
	classes_give(s);
	return freed;
}

uint64_t
iobuf_arena_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l)
{
	struct iobuf_shared *s = classes_take();
	struct iobuf_class *cls;
	struct iobuf_arena *a, *next;
	uint64_t returned = 0;

	if (s == NULL)
		return 0;
	TAILQ_FOREACH(cls, &s->classes, next) {
		__atomic_fetch_and(&cls->users, ~(UINT32_C(1) << slot), __ATOMIC_RELAXED);
		class_lock(cls);
		/* A slot put back may move its arena to the head: walk a
		 * snapshot of the order. */
		for (a = TAILQ_FIRST(&cls->arenas); a != NULL; a = next) {
			next = TAILQ_NEXT(a, next);
			returned += arena_reap_locked(cls, a, slot, gen, l);
		}
		class_unlock(cls);
	}
	classes_give(s);
	return returned;
}

RTE_INIT(iobuf_arena_init)
{
	iobuf_pagestore_set_reclaim(arena_reclaim);
}

/* Sum of this process's attempts in a class. */
static uint64_t
local_attempts(const struct class_local *loc)
{
	uint64_t n = __atomic_load_n(&loc->other.attempts, __ATOMIC_RELAXED);
	unsigned int i;

	for (i = 0; i < RTE_MAX_LCORE; i++)
		n += __atomic_load_n(&loc->cache[i].n.attempts, __ATOMIC_RELAXED);
	return n;
}

/* Times of this process's aging sweeps: the next due, the last done. */
static uint64_t next_sweep, prev_sweep;

void
iobuf_arena_age(void)
{
	uint64_t now = rte_get_timer_cycles(), hz = rte_get_timer_hz(), idle, seen;
	uint64_t last_sweep;
	uint64_t next = __atomic_load_n(&next_sweep, __ATOMIC_RELAXED);
	struct iobuf_limits l;
	struct class_local *loc;
	struct iobuf_class *cls;
	struct iobuf_shared *s;

	if (now < next || !__atomic_compare_exchange_n(&next_sweep, &next, now + hz / 10,
						       false, __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED))
		return;
	if (iobuf_limits_get(&l) < 0)
		return;
	idle = (uint64_t)l.idle_ms * hz / 1000;
	last_sweep = prev_sweep;
	prev_sweep = now;
	s = classes_take();
	if (s == NULL)
		return;
	TAILQ_FOREACH(cls, &s->classes, next) {
		if (cls->n_arenas == 0)
			continue;
		loc = local_find_class(cls);
		if (loc != NULL) {
			/* Its lcores create from their caches without the
			 * class lock: activity shows in the attempts. */
			/* A change since the last sweep happened after it
			 * (or at the class's last refill or flush). */
			seen = local_attempts(loc);
			if (seen != loc->seen_attempts) {
				loc->seen_attempts = seen;
				loc->active = RTE_MAX(last_sweep,
					__atomic_load_n(&cls->last_use, __ATOMIC_RELAXED));
			}
			if (now - loc->active < idle)
				continue;
			local_drain(loc, 0);
		} else if (now - __atomic_load_n(&cls->last_use, __ATOMIC_RELAXED) < idle) {
			continue;
		}
		class_free_empty(cls, 0);
	}
	classes_give(s);
}

/* Empty this process's caches into their classes and drop its locals
 * (not counting it as a user any more). Caller holds the classes lock. */
static void
locals_drop_locked(void)
{
	struct iobuf_arena *dead[2 * IOBUF_ARENA_CACHE_BULK];
	struct class_local *loc, *next;
	unsigned int lcore;
	uint32_t n_dead;

	rte_spinlock_lock(&locals_lock);
	loc = locals;
	__atomic_store_n(&locals, NULL, __ATOMIC_RELEASE);
	__atomic_fetch_add(&locals_epoch, 1, __ATOMIC_RELEASE);
	rte_spinlock_unlock(&locals_lock);
	for (; loc != NULL; loc = next) {
		struct iobuf_class *cls = loc->cls;

		next = loc->next;
		class_lock(cls);
		for (lcore = 0; lcore < RTE_MAX_LCORE; lcore++) {
			struct iobuf_lcore_cache *cache = &loc->cache[lcore];

			/* keep = all: giving back frees nothing here. */
			n_dead = class_give_locked(cls, cache->objs, cache->len,
						   UINT32_MAX, dead);
			RTE_VERIFY(n_dead == 0);
		}
		class_unlock(cls);
		__atomic_fetch_and(&cls->users, ~(UINT32_C(1) << iobuf_self()),
				   __ATOMIC_RELAXED);
		free(loc);
	}
}

int
rte_iobuf_trim(void)
{
	struct iobuf_class *cls, *cnext;
	struct iobuf_shared *s;
	int freed = 0;

	iobuf_procs_reap(true);
	iobuf_view_prune();
	s = classes_take();
	if (s == NULL)
		return iobuf_pagestore_trim();
	locals_drop_locked();
	for (cls = TAILQ_FIRST(&s->classes); cls != NULL; cls = cnext) {
		cnext = TAILQ_NEXT(cls, next);
		freed += class_free_empty(cls, 0) / IOBUF_ARENA_SIZE;
		if (cls->n_arenas == 0 &&
		    __atomic_load_n(&cls->users, __ATOMIC_RELAXED) == 0) {
			TAILQ_REMOVE(&s->classes, cls, next);
			rte_free(cls);
		}
	}
	classes_give(s);
	return freed + iobuf_pagestore_trim();
}

/* Sum this process's counts in a class. */
static void
local_counts(const struct class_local *loc, struct iobuf_arena_class_info *ci)
{
	const struct iobuf_class_counts *n;
	unsigned int i;

	for (i = 0; i <= RTE_MAX_LCORE; i++) {
		n = i < RTE_MAX_LCORE ? &loc->cache[i].n : &loc->other;
		ci->attempts += __atomic_load_n(&n->attempts, __ATOMIC_RELAXED);
		ci->rejects += __atomic_load_n(&n->rejects, __ATOMIC_RELAXED);
		ci->live += __atomic_load_n(&n->live, __ATOMIC_RELAXED);
		ci->live_bytes += __atomic_load_n(&n->live_bytes, __ATOMIC_RELAXED);
	}
}

void
iobuf_arena_walk(void (*cb)(const struct iobuf_arena_class_info *ci,
			    void *arg), void *arg)
{
	struct iobuf_arena_class_info ci;
	struct class_local *loc;
	struct iobuf_class *cls;
	struct iobuf_arena *a;
	struct iobuf_shared *s = classes_take();

	if (s == NULL)
		return;
	TAILQ_FOREACH(cls, &s->classes, next) {
		memset(&ci, 0, sizeof(ci));
		ci.slot = cls->key.slot;
		ci.mask = cls->key.mask;
		ci.iova_min = cls->key.lo;
		ci.iova_max = cls->key.hi;
		ci.socket_id = cls->key.socket_id;
		ci.flags = cls->key.flags;
		ci.id = cls->id;
		ci.grow_failed = cls->grow_failed;
		loc = local_find_class(cls);
		if (loc != NULL)
			local_counts(loc, &ci);
		class_lock(cls);
		ci.arenas = cls->n_arenas;
		TAILQ_FOREACH(a, &cls->arenas, next) {
			ci.bytes += (uint64_t)a->piece.ng * IOBUF_GRANULE;
			ci.slots += a->n_slots;
			ci.slots_free += a->n_free;
		}
		class_unlock(cls);
		cb(&ci, arg);
	}
	classes_give(s);
}

static void
add_totals(const struct iobuf_arena_class_info *ci, void *arg)
{
	struct iobuf_arena_totals *t = arg;
	uint64_t n_total = IOBUF_ARENA_SIZE / ci->slot;

	t->classes++;
	t->arenas += ci->arenas;
	if (ci->flags & KEY_META)
		t->arenas_meta += ci->arenas;
	t->bytes += ci->bytes;
	t->slots += ci->slots;
	t->slots_free += ci->slots_free;
	t->meta_bytes += sizeof(struct iobuf_class) + ci->arenas *
		(sizeof(struct iobuf_arena) + n_total *
		 (sizeof(struct iobuf_desc *) + DESC_STRIDE));
}

void
iobuf_arena_totals(struct iobuf_arena_totals *t)
{
	memset(t, 0, sizeof(*t));
	iobuf_arena_walk(add_totals, t);
}
