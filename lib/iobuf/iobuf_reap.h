/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_REAP_H
#define IOBUF_REAP_H

/*
 * Reaping one dead process (slot, gen), claimed by this survivor
 * (iobuf_procs.c): the registry and the arenas are walked under their
 * locks for descriptors that hold something of it; what was found is
 * dropped after the locks are given back (freeing takes them again).
 *
 * Exactly once: a shared buffer's references of the slot are taken with
 * one atomic exchange of its per-slot count; a private buffer is claimed
 * with a compare-and-swap of its owner's gen to 0. A descriptor found
 * twice (named and carved) is dropped once.
 */

#include <stddef.h>
#include <stdint.h>

struct iobuf_desc;

struct iobuf_reap_counts {
	uint64_t refs;      /* references dropped */
	uint64_t buffers;   /* buffers freed by that */
	uint64_t slots;     /* arena slots put back */
};

struct iobuf_reap_list {
	struct iobuf_desc **d;
	size_t n, cap;
};

/* Add @p d to @p l if it holds something of (@p slot, @p gen): a
 * reference on a shared buffer, or a private buffer it created. Called
 * under the lock that keeps @p d alive. */
void iobuf_reap_consider(struct iobuf_reap_list *l, struct iobuf_desc *d,
			 uint16_t slot, uint64_t gen);

/* Reap (@p slot, @p gen); @p n counts what was done. */
void iobuf_reap_process(uint16_t slot, uint64_t gen,
			struct iobuf_reap_counts *n);

#endif /* IOBUF_REAP_H */
