/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_LOCK_H
#define IOBUF_LOCK_H

/*
 * The lock of every structure the library shares between processes: a
 * process-shared robust mutex (PTHREAD_PROCESS_SHARED, PTHREAD_MUTEX_ROBUST)
 * in shared memory. A process that dies holding it (SIGKILL, a crash) does
 * not wedge the others: the next locker gets it with EOWNERDEAD, runs the
 * structure's repair function, which makes the protected state consistent
 * again, and marks the mutex consistent. Nothing the library shares is
 * protected by an EAL lock (tailq, spinlock) on its own paths.
 */

#include <pthread.h>
#include <stdint.h>
#include <sys/queue.h>

typedef struct iobuf_lock {
	pthread_mutex_t m;
} iobuf_lock_t;

/* Makes the state a dead holder may have left half-updated consistent
 * again; called with the lock held. */
typedef void (*iobuf_lock_repair_t)(void *arg);

/* Initialise @p l (shared memory, not in use). */
void iobuf_lock_init(iobuf_lock_t *l);

/* Take @p l; after a holder's death, @p repair (if not NULL) runs first. */
void iobuf_lock_take(iobuf_lock_t *l, iobuf_lock_repair_t repair, void *arg);

static inline void
iobuf_lock_give(iobuf_lock_t *l)
{
	pthread_mutex_unlock(&l->m);
}

/* For repair functions. */
/*
 * Relink the back pointers of a TAILQ from its forward links: the repair
 * of a list whose insert or remove a dead lock holder cut short (every
 * element the forward links reach stays in the list).
 */
#define IOBUF_TAILQ_RELINK(head, type, field) do { \
	struct type *e_, **prev_ = &TAILQ_FIRST(head); \
	for (e_ = TAILQ_FIRST(head); e_ != NULL; e_ = TAILQ_NEXT(e_, field)) { \
		e_->field.tqe_prev = prev_; \
		prev_ = &TAILQ_NEXT(e_, field); \
	} \
	(head)->tqh_last = prev_; \
} while (0)

/* Locks this process took over from a dead holder (and repaired). */
uint64_t iobuf_lock_recoveries(void);

#endif /* IOBUF_LOCK_H */
