/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <string.h>

#include <rte_errno.h>
#include <rte_memzone.h>
#include <rte_pause.h>

#include "iobuf_shared.h"

#define SHARED_MZ_NAME "IOBUF_SHARED"

static struct iobuf_shared *shared;

/* Cache the anchor at @p mz once its maker has set it up. */
static struct iobuf_shared *
adopt(const struct rte_memzone *mz)
{
	struct iobuf_shared *s = mz->addr;

	while (!__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE))
		rte_pause();
	__atomic_store_n(&shared, s, __ATOMIC_RELEASE);
	return s;
}

struct iobuf_shared *
iobuf_shared_peek(void)
{
	struct iobuf_shared *s = __atomic_load_n(&shared, __ATOMIC_ACQUIRE);
	const struct rte_memzone *mz;

	if (likely(s != NULL))
		return s;
	mz = rte_memzone_lookup(SHARED_MZ_NAME);
	return mz != NULL ? adopt(mz) : NULL;
}

struct iobuf_shared *
iobuf_shared_get(void)
{
	struct iobuf_shared *s = iobuf_shared_peek();
	const struct rte_memzone *mz;

	if (likely(s != NULL))
		return s;
	mz = rte_memzone_reserve(SHARED_MZ_NAME, sizeof(*s), SOCKET_ID_ANY, 0);
	if (mz != NULL) {
		s = mz->addr;
		memset(s, 0, sizeof(*s));
		iobuf_procs_init(&s->procs);
		iobuf_lock_init(&s->classes_lock);
		TAILQ_INIT(&s->classes);
		iobuf_lock_init(&s->registry_lock);
		SLIST_INIT(&s->registry);
		iobuf_lock_init(&s->store_bufs_lock);
		TAILQ_INIT(&s->store_bufs);
		__atomic_store_n(&s->ready, 1, __ATOMIC_RELEASE);
	} else if (rte_errno == EEXIST) {
		mz = rte_memzone_lookup(SHARED_MZ_NAME);  /* lost a race */
	}
	return mz != NULL ? adopt(mz) : NULL;
}
