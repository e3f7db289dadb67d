/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal_memconfig.h>
#include <rte_malloc.h>
#include <rte_tailq.h>

#include "iobuf_private.h"

TAILQ_HEAD(iobuf_list, rte_tailq_entry);

static struct rte_tailq_elem iobuf_tailq = {
	.name = "RTE_IOBUF",
};
EAL_REGISTER_TAILQ(iobuf_tailq)

static struct iobuf_list *
registry_list(void)
{
	return RTE_TAILQ_CAST(iobuf_tailq.head, iobuf_list);
}

/* Caller holds the tailq lock. */
static struct rte_tailq_entry *
find_locked(const char *name)
{
	struct rte_tailq_entry *te;

	TAILQ_FOREACH(te, registry_list(), next) {
		const struct iobuf_desc *d = te->data;

		if (strncmp(name, d->name, RTE_IOBUF_NAMESIZE) == 0)
			return te;
	}
	return NULL;
}

bool
iobuf_registry_exists(const char *name)
{
	bool found;

	rte_mcfg_tailq_read_lock();
	found = find_locked(name) != NULL;
	rte_mcfg_tailq_read_unlock();
	return found;
}

int
iobuf_registry_add(struct iobuf_desc *d)
{
	struct rte_tailq_entry *te = rte_zmalloc("IOBUF_TAILQ_ENTRY",
						 sizeof(*te), 0);

	if (te == NULL)
		return -ENOMEM;
	te->data = d;
	rte_mcfg_tailq_write_lock();
	if (find_locked(d->name) != NULL) {
		rte_mcfg_tailq_write_unlock();
		rte_free(te);
		return -EEXIST;
	}
	TAILQ_INSERT_TAIL(registry_list(), te, next);
	d->te = te;
	rte_mcfg_tailq_write_unlock();
	return 0;
}

void
iobuf_registry_del(struct iobuf_desc *d)
{
	if (d->te == NULL)
		return;
	rte_mcfg_tailq_write_lock();
	TAILQ_REMOVE(registry_list(), d->te, next);
	rte_mcfg_tailq_write_unlock();
	rte_free(d->te);
	d->te = NULL;
}

struct iobuf_desc *
iobuf_registry_get(const char *name, int *err)
{
	struct rte_tailq_entry *te;
	struct iobuf_desc *d = NULL;
	uint32_t ref;

	*err = ENOENT;
	rte_mcfg_tailq_read_lock();
	te = find_locked(name);
	if (te != NULL) {
		d = te->data;
		if (!(d->pub.flags & RTE_IOBUF_SHARED) && d->owner != iobuf_pid()) {
			*err = EACCES;
			d = NULL;
		} else {
			/* Never revive a buffer whose last reference is gone. */
			ref = __atomic_load_n(&d->pub.refcnt, __ATOMIC_RELAXED);
			do {
				if (ref == 0) {
					d = NULL;
					break;
				}
			} while (!__atomic_compare_exchange_n(&d->pub.refcnt, &ref,
					ref + 1, false, __ATOMIC_ACQUIRE,
					__ATOMIC_RELAXED));
		}
	}
	rte_mcfg_tailq_read_unlock();
	return d;
}

void
iobuf_registry_walk(void (*cb)(const struct iobuf_desc *d, void *arg),
		    void *arg)
{
	struct rte_tailq_entry *te;

	rte_mcfg_tailq_read_lock();
	TAILQ_FOREACH(te, registry_list(), next)
		cb(te->data, arg);
	rte_mcfg_tailq_read_unlock();
}
