/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Per-process state: the log type and the cached pid. */

#include <pthread.h>
#include <unistd.h>

#include "iobuf_log.h"
#include "iobuf_private.h"

RTE_LOG_REGISTER(iobuf_logtype, lib.iobuf, NOTICE);

static pid_t cached_pid;

static void
refresh_pid(void)
{
	cached_pid = getpid();
}

pid_t
iobuf_pid(void)
{
	return cached_pid;
}

RTE_INIT(iobuf_pid_init)
{
	refresh_pid();
	pthread_atfork(NULL, NULL, refresh_pid);
}
