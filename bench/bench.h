/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_BENCH_H
#define IOBUF_BENCH_H

/*
 * Shared parts of dpdk-iobuf-bench: reporting (stdout and CSV) and the
 * allocators every create/release figure is measured with.
 *
 * Every figure is reported as ours, the DPDK baseline measured in the same
 * run, and ratio = baseline / ours for lower-is-better quantities (time,
 * overhead): above 1 means we are better.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_cycles.h>

/* Print and record one figure. unit: "ns", "x", "bytes", ... */
void bench_report(const char *figure, double ours, const char *base_name,
		  double base, const char *unit);
/* A figure with no DPDK counterpart (printed and recorded, no ratio). */
void bench_note(const char *figure, double value, const char *unit);

static inline double
bench_ns(uint64_t cycles, uint64_t n)
{
	return (double)cycles * 1e9 / (double)rte_get_tsc_hz() / (double)n;
}

/* An allocator under test: allocate @p size bytes (arg: ours takes it as
 * an IOVA mask or constraint), free. */
struct bench_allocator {
	const char *name;
	void *(*alloc)(size_t size, const void *arg);
	void (*free)(void *obj);
};
extern const struct bench_allocator bench_ours;     /* arg: rte_iobuf_params */
extern const struct bench_allocator bench_memzone;  /* rte_memzone_reserve_aligned */
extern const struct bench_allocator bench_malloc;   /* rte_malloc */

/* Loops per figure; each side reports its fastest loop. */
#define BENCH_REPEAT 5

/* ns per allocate+free over @p n rounds (the fastest of BENCH_REPEAT
 * loops); exits on an allocation failure. */
double bench_alloc_free(const struct bench_allocator *a, size_t size,
			const void *arg, unsigned int n);

/* One allocate+free; false (rte_errno set) if the allocation failed. */
bool bench_try(const struct bench_allocator *a, size_t size, const void *arg);

/* The parts of the run. */
void bench_create(void);
void bench_partial_mask(void);
void bench_store(void);
void bench_translation(void);
void bench_scale(void);
void bench_mempool(void);

#endif /* IOBUF_BENCH_H */
