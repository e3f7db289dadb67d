/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <string.h>

#include <rte_debug.h>

#include "iobuf_lock.h"
#include "iobuf_log.h"

static uint64_t recoveries;

void
iobuf_lock_init(iobuf_lock_t *l)
{
	pthread_mutexattr_t a;

	RTE_VERIFY(pthread_mutexattr_init(&a) == 0);
	RTE_VERIFY(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0);
	RTE_VERIFY(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0);
	RTE_VERIFY(pthread_mutex_init(&l->m, &a) == 0);
	pthread_mutexattr_destroy(&a);
}

void
iobuf_lock_take(iobuf_lock_t *l, iobuf_lock_repair_t repair, void *arg)
{
	int ret = pthread_mutex_lock(&l->m);

	if (ret == 0)
		return;
	/* ENOTRECOVERABLE only follows an EOWNERDEAD whose taker unlocked
	 * without marking the mutex consistent, which this file never does;
	 * anything else is a corrupted mutex. */
	if (ret != EOWNERDEAD)
		rte_panic("iobuf: shared lock %p: %s\n", (void *)l, strerror(ret));
	if (repair != NULL)
		repair(arg);
	RTE_VERIFY(pthread_mutex_consistent(&l->m) == 0);
	__atomic_fetch_add(&recoveries, 1, __ATOMIC_RELAXED);
	IOBUF_LOG(WARNING, "a process died holding a shared lock; the state it protects was repaired");
}

uint64_t
iobuf_lock_recoveries(void)
{
	return __atomic_load_n(&recoveries, __ATOMIC_RELAXED);
}
