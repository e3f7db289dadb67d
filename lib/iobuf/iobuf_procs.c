/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* The process table: registration, liveness, and who reaps whom. */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "iobuf_arena.h"
#include "iobuf_log.h"
#include "iobuf_private.h"
#include "iobuf_reap.h"
#include "iobuf_shared.h"

uint16_t iobuf_self_slot = IOBUF_PROC_NONE;
uint64_t iobuf_self_regno;
static uint64_t self_start;
static uint64_t next_check;   /* timer cycles: the next rate-limited reap */

void
iobuf_procs_init(struct iobuf_procs *t)
{
	iobuf_lock_init(&t->lock);
	t->next_gen = 1;
}

/* proc_start(): the process is gone; its state could not be read. */
#define START_GONE 0
#define START_UNKNOWN UINT64_MAX

/*
 * Start time of process @p pid (field 22 of /proc/PID/stat, clock ticks
 * after boot); START_GONE when there is no such process or it is a zombie
 * (a zombie has exited: its mappings and robust locks are released);
 * START_UNKNOWN when /proc cannot tell (out of descriptors, hidepid,
 * another pid namespace): never taken for a death.
 */
static uint64_t
proc_start(pid_t pid)
{
	char path[32], buf[512], state;
	unsigned long long start;
	const char *p;
	ssize_t n;
	int fd, i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ESRCH ? START_GONE : START_UNKNOWN;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n == 0 || errno == ESRCH ? START_GONE : START_UNKNOWN;
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields count
	 * from the last ')'. Field 3 is the state, field 22 the start. */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 1, " %c", &state) != 1)
		return START_UNKNOWN;
	if (state == 'Z' || state == 'X')
		return START_GONE;
	for (i = 3; i <= 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %llu", &start) != 1 || start == START_GONE ||
	    start == START_UNKNOWN)
		return START_UNKNOWN;
	return start;
}

/* Dead: gone, a zombie, or its pid now names a process started later. */
static bool
proc_alive(pid_t pid, uint64_t start)
{
	uint64_t now = proc_start(pid);

	return now == START_UNKNOWN || now == start;
}

static void
forget_self(void)
{
	iobuf_self_slot = IOBUF_PROC_NONE;
	iobuf_self_regno = 0;
	self_start = 0;
	next_check = 0;
}

static struct iobuf_procs *
table(void)
{
	struct iobuf_shared *s = iobuf_shared_peek();

	return s != NULL ? &s->procs : NULL;
}

/* Take a free slot for this process; false when none is free. */
static bool
take_slot(struct iobuf_procs *t)
{
	uint16_t i;

	iobuf_lock_take(&t->lock, NULL, NULL);
	for (i = 0; i < IOBUF_MAX_PROCS; i++) {
		struct iobuf_proc *p = &t->p[i];

		if (p->state != IOBUF_PROC_FREE)
			continue;
		memset(p, 0, sizeof(*p));
		p->pid = iobuf_pid();
		p->start = self_start;
		p->gen = t->next_gen++;
		iobuf_self_regno = p->gen;
		__atomic_store_n(&iobuf_self_slot, i, __ATOMIC_RELEASE);
		__atomic_store_n(&p->state, IOBUF_PROC_LIVE, __ATOMIC_RELEASE);
		break;
	}
	iobuf_lock_give(&t->lock);
	return iobuf_self_slot != IOBUF_PROC_NONE;
}

static pthread_mutex_t register_lock = PTHREAD_MUTEX_INITIALIZER;
/* Set while this thread registers: the reap it runs may release buffers,
 * whose paths ask for the slot again. */
static __thread bool registering;

static uint16_t register_locked(void);

uint16_t
iobuf_self_register(void)
{
	if (iobuf_self_slot != IOBUF_PROC_NONE || registering)
		return iobuf_self_slot;
	registering = true;
	pthread_mutex_lock(&register_lock);
	if (iobuf_self_slot == IOBUF_PROC_NONE)
		register_locked();
	pthread_mutex_unlock(&register_lock);
	registering = false;
	return iobuf_self_slot;
}

/* One thread of this process registers it (caller holds register_lock). */
static uint16_t
register_locked(void)
{
	struct iobuf_shared *s;

	s = iobuf_shared_get();
	if (s == NULL) {
		IOBUF_LOG(ERR, "no memory for the library's shared state");
		rte_errno = ENOMEM;
		return IOBUF_PROC_NONE;
	}
	self_start = proc_start(iobuf_pid());
	if (self_start == START_GONE || self_start == START_UNKNOWN) {
		self_start = 0;
		/* Without it a reused pid could pass for this process. */
		IOBUF_LOG(ERR, "cannot read this process's start time from /proc/%d/stat",
			  (int)iobuf_pid());
		rte_errno = ENOTSUP;
		return IOBUF_PROC_NONE;
	}
	/* A full table may hold dead processes: reap, then try again. */
	if (!take_slot(&s->procs) &&
	    (iobuf_procs_reap(true) == 0 || !take_slot(&s->procs))) {
		IOBUF_LOG(ERR, "process table full: %d live processes use the library",
			  IOBUF_MAX_PROCS);
		rte_errno = ENOSPC;
		return IOBUF_PROC_NONE;
	}
	iobuf_procs_reap(true);
	return iobuf_self_slot;
}

void
iobuf_placing_begin(void)
{
	struct iobuf_procs *t = table();

	if (t != NULL && iobuf_self_slot != IOBUF_PROC_NONE)
		__atomic_fetch_add(&t->p[iobuf_self_slot].placing, 1, __ATOMIC_SEQ_CST);
}

void
iobuf_placing_end(void)
{
	struct iobuf_procs *t = table();

	if (t != NULL && iobuf_self_slot != IOBUF_PROC_NONE)
		__atomic_fetch_sub(&t->p[iobuf_self_slot].placing, 1, __ATOMIC_SEQ_CST);
}

bool
iobuf_procs_quiet(void)
{
	struct iobuf_procs *t = table();
	uint16_t i;

	for (i = 0; t != NULL && i < IOBUF_MAX_PROCS; i++)
		if (__atomic_load_n(&t->p[i].state, __ATOMIC_SEQ_CST) == IOBUF_PROC_LIVE &&
		    __atomic_load_n(&t->p[i].placing, __ATOMIC_SEQ_CST) != 0)
			return false;
	return true;
}

unsigned int
iobuf_procs_pids(pid_t *pid, unsigned int n)
{
	struct iobuf_procs *t = table();
	unsigned int k = 0;
	uint16_t i;

	for (i = 0; t != NULL && i < IOBUF_MAX_PROCS && k < n; i++)
		if (__atomic_load_n(&t->p[i].state, __ATOMIC_ACQUIRE) != IOBUF_PROC_FREE)
			pid[k++] = t->p[i].pid;
	return k;
}

void
iobuf_proc_count_freed(uint16_t slot, uint64_t gen, uint64_t bytes)
{
	struct iobuf_procs *t = table();
	struct iobuf_proc *p;

	if (t == NULL || slot >= IOBUF_MAX_PROCS)
		return;
	p = &t->p[slot];
	/* A slot reused by a later process counts nothing of the old one. */
	if (__atomic_load_n(&p->gen, __ATOMIC_ACQUIRE) != gen)
		return;
	__atomic_fetch_add(&p->freed_by_others, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&p->freed_bytes_by_others, bytes, __ATOMIC_RELAXED);
}

void
iobuf_self_freed_by_others(uint64_t *n, uint64_t *bytes)
{
	struct iobuf_procs *t = table();

	*n = *bytes = 0;
	if (t == NULL || iobuf_self_slot == IOBUF_PROC_NONE)
		return;
	*n = __atomic_load_n(&t->p[iobuf_self_slot].freed_by_others, __ATOMIC_RELAXED);
	*bytes = __atomic_load_n(&t->p[iobuf_self_slot].freed_bytes_by_others, __ATOMIC_RELAXED);
}

/*
 * Claim slot @p i if its process is dead (or its reaper died): its gen,
 * or 0. Under the table lock, so one survivor claims each death.
 */
static uint64_t
claim_dead(struct iobuf_procs *t, uint16_t i)
{
	struct iobuf_proc *p = &t->p[i];
	uint64_t gen = 0;

	iobuf_lock_take(&t->lock, NULL, NULL);
	if ((p->state == IOBUF_PROC_LIVE && !proc_alive(p->pid, p->start)) ||
	    (p->state == IOBUF_PROC_REAPING && !proc_alive(p->reaper, p->reaper_start))) {
		p->state = IOBUF_PROC_REAPING;
		p->reaper = iobuf_pid();
		p->reaper_start = self_start;
		gen = p->gen;
	}
	iobuf_lock_give(&t->lock);
	return gen;
}

static void
free_slot(struct iobuf_procs *t, uint16_t i)
{
	iobuf_lock_take(&t->lock, NULL, NULL);
	memset(&t->p[i], 0, sizeof(t->p[i]));  /* state FREE, gen 0 */
	t->reaped++;
	iobuf_lock_give(&t->lock);
}

int
iobuf_procs_reap(bool force)
{
	struct iobuf_procs *t = table();
	struct iobuf_reap_counts n;
	uint64_t now, gen;
	int reaped = 0;
	uint16_t i;

	/* Without a slot too: a full table is freed by whoever reaps. */
	if (t == NULL || self_start == 0)
		return 0;
	if (!force) {
		now = rte_get_timer_cycles();
		if (now < __atomic_load_n(&next_check, __ATOMIC_RELAXED))
			return 0;
		__atomic_store_n(&next_check, now + rte_get_timer_hz() / 10,
				 __ATOMIC_RELAXED);
	}
	for (i = 0; i < IOBUF_MAX_PROCS; i++) {
		if (i == iobuf_self_slot ||
		    __atomic_load_n(&t->p[i].state, __ATOMIC_ACQUIRE) == IOBUF_PROC_FREE)
			continue;
		gen = claim_dead(t, i);
		if (gen == 0)
			continue;
		memset(&n, 0, sizeof(n));
		if (__atomic_load_n(&t->p[i].placing, __ATOMIC_SEQ_CST) != 0)
			__atomic_store_n(&t->sweep_pending, 1, __ATOMIC_RELAXED);
		iobuf_reap_process(i, gen, &n);
		__atomic_fetch_add(&t->refs_dropped, n.refs, __ATOMIC_RELAXED);
		__atomic_fetch_add(&t->buffers_freed, n.buffers, __ATOMIC_RELAXED);
		__atomic_fetch_add(&t->slots_returned, n.slots, __ATOMIC_RELAXED);
		IOBUF_LOG(NOTICE, "reaped dead process %d: %" PRIu64 " references dropped, %" PRIu64 " buffers freed, %" PRIu64 " slots returned",
			  (int)t->p[i].pid, n.refs, n.buffers, n.slots);
		free_slot(t, i);
		reaped++;
	}
	if (__atomic_load_n(&t->sweep_pending, __ATOMIC_RELAXED)) {
		int64_t swept = iobuf_arena_sweep();

		if (swept >= 0) {
			__atomic_store_n(&t->sweep_pending, 0, __ATOMIC_RELAXED);
			__atomic_fetch_add(&t->swept_bytes, (uint64_t)swept, __ATOMIC_RELAXED);
			if (swept != 0)
				IOBUF_LOG(NOTICE, "swept %" PRId64 " bytes a dead process had placed and not yet linked",
					  swept);
		}
	}
	return reaped;
}

int
rte_iobuf_reap(void)
{
	if (iobuf_self() == IOBUF_PROC_NONE)
		return -rte_errno;
	return iobuf_procs_reap(true);
}

int
rte_iobuf_reap_stats(struct rte_iobuf_reap_stats *st)
{
	struct iobuf_procs *t = table();
	uint16_t i;

	if (st == NULL) {
		IOBUF_LOG(ERR, "reap_stats: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	memset(st, 0, sizeof(*st));
	st->locks_recovered = iobuf_lock_recoveries();
	if (t == NULL)
		return 0;
	for (i = 0; i < IOBUF_MAX_PROCS; i++)
		if (__atomic_load_n(&t->p[i].state, __ATOMIC_ACQUIRE) != IOBUF_PROC_FREE)
			st->processes++;
	st->reaped = __atomic_load_n(&t->reaped, __ATOMIC_RELAXED);
	st->refs_dropped = __atomic_load_n(&t->refs_dropped, __ATOMIC_RELAXED);
	st->buffers_freed = __atomic_load_n(&t->buffers_freed, __ATOMIC_RELAXED);
	st->slots_returned = __atomic_load_n(&t->slots_returned, __ATOMIC_RELAXED);
	st->swept_bytes = __atomic_load_n(&t->swept_bytes, __ATOMIC_RELAXED);
	return 0;
}

RTE_INIT(iobuf_procs_atfork)
{
	/* A fork child is a new process: it registers on its own. */
	pthread_atfork(NULL, NULL, forget_self);
}
