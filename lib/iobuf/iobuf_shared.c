/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "iobuf_shared.h"

#define SHARED_MZ_NAME "IOBUF_SHARED"

/* A zone: its ready flag, then the state (cache-line aligned). */
struct zone_hdr {
	uint32_t ready;
} __rte_cache_aligned;

void *
iobuf_zone_attach(const char *name, size_t size, void (*init)(void *), bool make)
{
	const struct rte_memzone *mz = rte_memzone_lookup(name);
	struct zone_hdr *h;

	if (mz == NULL && make) {
		mz = rte_memzone_reserve(name, sizeof(*h) + size, SOCKET_ID_ANY, 0);
		if (mz != NULL) {
			h = mz->addr;
			memset(h, 0, sizeof(*h) + size);
			init(h + 1);
			__atomic_store_n(&h->ready, 1, __ATOMIC_RELEASE);
		} else if (rte_errno == EEXIST) {
			mz = rte_memzone_lookup(name);  /* lost a race */
		}
	}
	if (mz == NULL)
		return NULL;
	h = mz->addr;
	while (!__atomic_load_n(&h->ready, __ATOMIC_ACQUIRE))
		rte_pause();
	return h + 1;
}

static struct iobuf_shared *shared;

static void
shared_init(void *arg)
{
	struct iobuf_shared *s = arg;

	iobuf_procs_init(&s->procs);
	iobuf_lock_init(&s->classes_lock);
	TAILQ_INIT(&s->classes);
	iobuf_lock_init(&s->registry_lock);
	SLIST_INIT(&s->registry);
	iobuf_lock_init(&s->store_bufs_lock);
	TAILQ_INIT(&s->store_bufs);
}

static struct iobuf_shared *
shared_attach(bool make)
{
	struct iobuf_shared *s = __atomic_load_n(&shared, __ATOMIC_ACQUIRE);

	if (likely(s != NULL))
		return s;
	s = iobuf_zone_attach(SHARED_MZ_NAME, sizeof(*s), shared_init, make);
	if (s != NULL)
		__atomic_store_n(&shared, s, __ATOMIC_RELEASE);
	return s;
}

struct iobuf_shared *
iobuf_shared_peek(void)
{
	return shared_attach(false);
}

struct iobuf_shared *
iobuf_shared_get(void)
{
	return shared_attach(true);
}
