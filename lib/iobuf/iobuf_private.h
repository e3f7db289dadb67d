/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_PRIVATE_H
#define IOBUF_PRIVATE_H

#include <string.h>
#include <sys/types.h>

#include <rte_lcore.h>
#include <rte_memzone.h>
#include <rte_tailq.h>

#include "rte_iobuf.h"
#include "iobuf_constraint.h"
#include "iobuf_pagestore.h"
#include "iobuf_procs.h"

struct iobuf_arena;

/*
 * A descriptor and its translation table, in rte_malloc memory so that
 * every process sees it at the same address. A buffer either owns granules
 * of the page store (arena == NULL; descriptor, table and piece list are
 * one allocation) or is a slot carved from an arena (the descriptor is the
 * slot's, preallocated by the arena). Invariant: pub.refcnt > 0 while the
 * descriptor is reachable through the registry.
 */
struct iobuf_desc {
	struct rte_iobuf pub;
	struct iobuf_arena *arena;   /* NULL: the buffer owns store granules */
	SLIST_ENTRY(iobuf_desc) reg; /* registry link of a named buffer */
	bool registered;
	bool pinned;                 /* a pool's or ring's memory: lives until
				      * the pool or ring is freed, whoever
				      * created it (never reaped) */
	uint16_t proc;               /* creator's process slot */
	uint16_t holder;             /* refcnt 0 and off the free stack: the
				      * slot of the process moving it */
	uint64_t gen;                /* creator's registration; a reap of a
				      * private buffer claims it (-> 0) */
	/* Shared buffers: the references each process slot holds (their sum
	 * is refcnt unless a process passed one on by pointer, or held more
	 * than IOBUF_PROC_REFS_MAX: those are not its own to drop). */
	uint16_t proc_refs[IOBUF_MAX_PROCS];
	int socket_id;               /* of its memory */
	uint32_t max_segs;           /* as normalised (with align: enough to */
	uint64_t align;              /* rebuild a carved buffer's constraint) */
	char name[RTE_IOBUF_NAMESIZE];
	/* Store path only: a carved slot's descriptor ends here. */
	struct iobuf_constraint c;
	TAILQ_ENTRY(iobuf_desc) store_link;  /* iobuf_shared.h: store_bufs */
	struct iobuf_desc *meta;     /* the arena slot this descriptor lives
				      * in, NULL: in DPDK's heap */
	uint32_t n_pieces;
	uint32_t serial;             /* gathered: iobuf_shared_serial() at
				      * creation (iobuf_view.c) */
	struct iobuf_piece *pieces;  /* after the table */
	struct rte_iobuf_page pages[];
};

#define IOBUF_PROC_REFS_MAX UINT16_MAX

/* Bytes of a carved slot's descriptor. */
#define IOBUF_SLOT_DESC_SIZE RTE_ALIGN_CEIL(offsetof(struct iobuf_desc, c), 32)

/* The normalised constraint of a buffer, whichever path made it. */
void iobuf_desc_constraint(const struct iobuf_desc *d,
			   struct iobuf_constraint *c);

static inline struct iobuf_desc *
iobuf_desc_of(const struct rte_iobuf *b)
{
	return container_of(b, struct iobuf_desc, pub);
}

/*
 * Process-local counters, one set per lcore so that the fast path needs no
 * atomic instruction; the last set serves non-EAL threads atomically.
 * Summed by rte_iobuf_stats_get().
 */
struct iobuf_stats {
	uint64_t created;
	uint64_t freed;
	uint64_t failed;
	uint64_t live_bytes;   /* may wrap per lcore; the sum is right */
	uint64_t failed_einval;
	uint64_t failed_erange;
	uint64_t failed_enomem;
	uint64_t failed_enospc;
	uint64_t failed_eexist;
	uint64_t failed_other;
} __rte_cache_aligned;
extern struct iobuf_stats iobuf_lcore_stats[RTE_MAX_LCORE + 1];

/* Count on lcore @p id (rte_lcore_id() of the caller). An lcore's set has
 * one writer: a plain read-modify-write, published with a relaxed store
 * for the readers; the shared last set takes an atomic add. */
#define IOBUF_STAT_ADD_ON(id, field, n) do { \
	unsigned int id_ = (id); \
	uint64_t n_ = (uint64_t)(n); \
	if (likely(id_ < RTE_MAX_LCORE)) { \
		uint64_t *f_ = &iobuf_lcore_stats[id_].field; \
		__atomic_store_n(f_, *f_ + n_, __ATOMIC_RELAXED); \
	} else { \
		__atomic_fetch_add(&iobuf_lcore_stats[RTE_MAX_LCORE].field, n_, \
				   __ATOMIC_RELAXED); \
	} \
} while (0)
#define IOBUF_STAT_ADD(field, n) IOBUF_STAT_ADD_ON(rte_lcore_id(), field, n)

/*
 * The store path: place a buffer meeting @p c (one VA-contiguous piece if
 * @p va_contig; reserving more from DPDK only if @p grow) and build its
 * descriptor (not registered, not counted). On failure returns NULL, sets
 * *err to a positive errno and logs one line at @p log_level.
 */
struct iobuf_desc *iobuf_desc_place(const struct iobuf_constraint *c,
				    int socket_id, bool va_contig, bool grow,
				    const char *name, const char *what,
				    uint32_t log_level, int *err);
/* Free a descriptor of the store path and give its granules back. */
void iobuf_desc_destroy(struct iobuf_desc *d);

/* Registry of named buffers: one shared list for all processes, under a
 * robust lock (iobuf_shared.h). */
int iobuf_registry_add(struct iobuf_desc *d);
void iobuf_registry_del(struct iobuf_desc *d);
bool iobuf_registry_exists(const char *name);
/* Find by name and take a reference; NULL with *err = ENOENT or EACCES. */
struct iobuf_desc *iobuf_registry_get(const char *name, int *err);
/* Call @p cb for each named buffer under the registry's lock. */
void iobuf_registry_walk(void (*cb)(const struct iobuf_desc *d, void *arg),
			 void *arg);

/*
 * A shared buffer's references change under the registry lock only (with
 * an undo record, so a process killed in the middle leaves the count and
 * its own count consistent). Add @p delta for this process; *after is the
 * count after (0: the buffer left the registry, the caller frees it).
 * -EINVAL when a release finds no reference left.
 */
int iobuf_registry_shared_ref(struct iobuf_desc *d, int64_t delta, uint32_t *after);
/* Drop dead process @p slot's references on shared buffer @p d; returns
 * how many; *last when that was the last of all. */
uint32_t iobuf_registry_shared_reap(struct iobuf_desc *d, uint16_t slot, bool *last);

struct iobuf_reap_list;
/* List the named buffers holding something of dead process (slot, gen). */
void iobuf_registry_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l);

/* The shared list of buffers that own store granules (iobuf_storebufs.c). */
void iobuf_store_bufs_add(struct iobuf_desc *d);
void iobuf_store_bufs_del(struct iobuf_desc *d);
/* True if @p d can be reached on the list. Its own link fields cannot say
 * so: a process that died inside an insert or a removal leaves them set on
 * a descriptor the list (relinked by the lock's repair) no longer holds. */
bool iobuf_store_bufs_linked(const struct iobuf_desc *d);
/* List those holding something of dead process (slot, gen). */
void iobuf_store_bufs_reap(uint16_t slot, uint64_t gen, struct iobuf_reap_list *l);
/* Mark every piece they hold (a store sweep). */
void iobuf_store_bufs_mark(iobuf_sweep_mark_t mark, void *ctx);
/* Call @p fn on every store-path descriptor alive, under the list's lock. */
void iobuf_store_bufs_walk(void (*fn)(const struct iobuf_desc *d, void *ctx),
			   void *ctx);
/* Drop what dead process (slot, gen) held on @p d: its references on a
 * shared buffer, every reference of a private one it created. Returns the
 * references dropped; *freed tells whether that freed the buffer. */
uint32_t iobuf_desc_reap(struct iobuf_desc *d, uint16_t slot, uint64_t gen,
			 bool *freed);
/* Stamp @p d (not yet published) as created by this process, with one
 * reference. Inline here so that the arena, which hands out descriptors,
 * depends on no descriptor code: the flow is desc -> arena -> store. */
static inline void
iobuf_desc_own(struct iobuf_desc *d)
{
	uint16_t self = iobuf_self();

	d->proc = self;
	d->pinned = false;
	d->gen = iobuf_self_gen();
	if (d->pub.flags & RTE_IOBUF_SHARED) {
		memset(d->proc_refs, 0, sizeof(d->proc_refs));
		d->proc_refs[self] = 1;
	}
	/* Last, with release: a reaper that sees the reference sees whose
	 * it is (iobuf_arena_reap() reads a slot's fields this way). */
	__atomic_store_n(&d->pub.refcnt, 1, __ATOMIC_RELEASE);
}
/* Mark @p b the memory of a DPDK object other processes use (a mempool's
 * chunk, a ring): the reap of its creator leaves it alone; it is freed
 * with that object. */
void iobuf_desc_pin(struct rte_iobuf *b);

/* CPU address of buffer offset @p off (< capacity), whatever the access
 * rights; *n = bytes from there that are CPU-contiguous. */
uint8_t *iobuf_cpu_at(const struct rte_iobuf *b, size_t off, size_t *n);

/* An unsigned number as constraint strings write it (decimal or 0x hex,
 * optional K/M/G that must not overflow): NULL and *out set, or what is
 * wrong with it. */
const char *iobuf_parse_number(const char *val, uint64_t *out);

/* The device writes the buffer: RTE_IOBUF_DIR_IN, or no direction given
 * (both, as for a bidirectional mapping). */
static inline bool
iobuf_dir_in(uint32_t flags)
{
	return (flags & RTE_IOBUF_DIR_IN) ||
	       !(flags & (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT));
}

static inline bool
iobuf_dir_out(uint32_t flags)
{
	return (flags & RTE_IOBUF_DIR_OUT) ||
	       !(flags & (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT));
}

/* Log "WHAT: NULL buffer", set rte_errno = EINVAL; returns -EINVAL. */
int iobuf_null_buffer(const char *what);

/* This process's pid, cached (getpid() is a system call; a fork child
 * refreshes it). */
pid_t iobuf_pid(void);

/* Store pattern the helpers use for a cache mode, for dump and telemetry. */
const char *iobuf_store_pattern(uint32_t cache_mode);

#endif /* IOBUF_PRIVATE_H */
