/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_PRIVATE_H
#define IOBUF_PRIVATE_H

#include <sys/types.h>

#include <rte_memzone.h>
#include <rte_tailq.h>

#include "rte_iobuf.h"
#include "iobuf_constraint.h"

/*
 * A descriptor and its translation table, in one rte_malloc allocation so
 * that every process sees it at the same address. The memzone holds only
 * the data. Invariant: pub.refcnt > 0 while the descriptor is reachable
 * through the registry.
 */
struct iobuf_desc {
	struct rte_iobuf pub;
	const struct rte_memzone *mz;
	struct iobuf_constraint c;
	char name[RTE_IOBUF_NAMESIZE];
	pid_t owner;                 /* creating process */
	struct rte_tailq_entry *te;  /* registry entry of a named buffer */
	struct rte_iobuf_page pages[];
};

static inline struct iobuf_desc *
iobuf_desc_of(const struct rte_iobuf *b)
{
	return container_of(b, struct iobuf_desc, pub);
}

/* Process-local counters, read by telemetry. */
struct iobuf_stats {
	uint64_t created;
	uint64_t freed;
	uint64_t failed;
	uint64_t live_bytes;
	uint64_t steer_rejects;
};
extern struct iobuf_stats iobuf_stats;

#define IOBUF_STAT_ADD(field, n) \
	__atomic_fetch_add(&iobuf_stats.field, (n), __ATOMIC_RELAXED)

/* Registry of named buffers: a shared EAL tailq, one for all processes. */
int iobuf_registry_add(struct iobuf_desc *d);
void iobuf_registry_del(struct iobuf_desc *d);
bool iobuf_registry_exists(const char *name);
/* Find by name and take a reference; NULL with *err = ENOENT or EACCES. */
struct iobuf_desc *iobuf_registry_get(const char *name, int *err);
/* Call @p cb for each named buffer under the registry's read lock. */
void iobuf_registry_walk(void (*cb)(const struct iobuf_desc *d, void *arg),
			 void *arg);

/* This process's pid, cached (getpid() is a system call; a fork child
 * refreshes it). */
pid_t iobuf_pid(void);

/* Store pattern the helpers use for a cache mode, for dump and telemetry. */
const char *iobuf_store_pattern(uint32_t cache_mode);

#endif /* IOBUF_PRIVATE_H */
