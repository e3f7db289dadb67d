/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_SHARED_H
#define IOBUF_SHARED_H

/*
 * The library's shared anchor: one memzone, made by the first process that
 * uses the library, holding the process table and the heads of the shared
 * lists, each with its robust lock (iobuf_lock.h). No EAL tailq is used:
 * EAL's tailq lock is a plain rwlock that a killed process holds forever.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>

#include "iobuf_lock.h"
#include "iobuf_procs.h"

struct iobuf_class;
struct iobuf_desc;

struct iobuf_shared {
	struct iobuf_procs procs;                    /* iobuf_procs.c */
	iobuf_lock_t classes_lock;                   /* iobuf_arena.c */
	TAILQ_HEAD(iobuf_class_list, iobuf_class) classes;
	iobuf_lock_t registry_lock;                  /* iobuf_registry.c */
	SLIST_HEAD(iobuf_name_list, iobuf_desc) registry;
	/* The shared-buffer reference change in progress under the registry
	 * lock (d != NULL): what to restore if its process dies in it. */
	struct {
		struct iobuf_desc *d;
		uint32_t refcnt;
		uint16_t proc_refs;
		uint16_t slot;
		bool registered;
	} ref_undo;
	/* Every buffer that owns store granules (not carved), so that the
	 * reap of a dead process finds its anonymous ones (iobuf_desc.c). */
	iobuf_lock_t store_bufs_lock;
	TAILQ_HEAD(iobuf_store_list, iobuf_desc) store_bufs;
};

/*
 * The state in memzone @p name (@p size bytes), made by the first process
 * that needs it when @p make: @p init sets the zeroed state up before any
 * other process can see it (they wait for that). NULL when it does not
 * exist and @p make is false, or cannot be made (rte_errno). Every shared
 * zone of the library is attached this way.
 */
void *iobuf_zone_attach(const char *name, size_t size, void (*init)(void *),
			bool make);

/* The anchor, made if no process has yet; NULL (rte_errno set) if it
 * cannot be. */
struct iobuf_shared *iobuf_shared_get(void);

/* The anchor if some process made it, else NULL (readers need not make
 * it). */
struct iobuf_shared *iobuf_shared_peek(void);

#endif /* IOBUF_SHARED_H */
