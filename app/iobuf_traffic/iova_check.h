/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_IOVA_CHECK_H
#define IOBUF_TRAFFIC_IOVA_CHECK_H

/*
 * Device-address checks of the mbufs a stage handles (a stock port gets
 * the same checks, so both do the same work, but is not judged by them):
 *
 * - every mbuf: its data buffer [buf_iova, buf_iova + buf_len) against
 *   the constraint with the library's inline rte_iobuf_check_range() (a
 *   few operations);
 * - 1 mbuf in eal_sample, independently of the library: the IOVA of every
 *   page of the buffer from EAL's memseg table (rte_mem_virt2memseg) must
 *   equal buf_iova at that offset, and those EAL IOVAs are judged by the
 *   app's own evaluation of the constraint (a bit-by-bit mask test over
 *   the range, window, boundary; app_sample_rules()), which must agree
 *   with the library's verdict.
 *
 * Counters: a buffer that breaks the constraint by either evaluation is a
 * violation (counted once); one whose buf_iova EAL contradicts is an EAL
 * mismatch.
 */

#include <stdio.h>

#include "app.h"

/*
 * The sampled check of one mbuf. Sets *eal_ok to whether EAL maps every
 * byte of the data buffer to buf_iova + offset; returns the APP_MBUF_RULES
 * bits (RTE_IOBUF_CHECK_*) that EAL's IOVAs of the buffer break by the
 * app's own evaluation of a->opt.params (no library rule code).
 */
uint32_t app_iova_sample(const struct app *a, const struct rte_mbuf *m,
			 bool *eal_ok);

/* " name name ..." of the RTE_IOBUF_CHECK_* bits in @p bad. */
void app_rules_print(FILE *f, uint32_t bad);

/* Report an mbuf the two evaluations judge differently (the first few). */
void app_iova_report_disagree(const char *stage, const struct rte_mbuf *m,
			      uint32_t own, uint32_t lib);

/* Report one broken mbuf (the first few of a run). */
void app_iova_report(const char *stage, const struct rte_mbuf *m,
		     uint32_t bad, const char *what);

static inline void
app_iova_check(const struct app *a, const struct app_port *p,
	       const char *stage, struct app_iova_counters *c,
	       struct rte_mbuf **pkts, unsigned int n)
{
	uint64_t bad_n = 0, eal_n = 0, eal_bad = 0;
	uint32_t bad, own;
	unsigned int i;
	bool eal_ok;

	for (i = 0; i < n; i++) {
		bad = rte_iobuf_check_range(&a->chk, pkts[i]->buf_iova,
					    pkts[i]->buf_len, APP_MBUF_RULES);
		if (unlikely(bad != 0)) {
			bad_n++;
			c->bad_rules |= bad;
			if (p->constrained)
				app_iova_report(stage, pkts[i], bad, "constraint");
		}
		if (unlikely(--c->eal_countdown == 0)) {
			c->eal_countdown = a->opt.eal_sample;
			eal_n++;
			own = app_iova_sample(a, pkts[i], &eal_ok);
			if (!eal_ok) {
				eal_bad++;
				app_iova_report(stage, pkts[i], 0, "EAL");
			}
			/* The memory itself breaks the constraint, and the
			 * library's check did not say so. */
			if (own != 0 && bad == 0) {
				bad_n++;
				c->bad_rules |= own;
			}
			if (own != bad && eal_ok && p->constrained)
				app_iova_report_disagree(stage, pkts[i], own, bad);
		}
	}
	app_add(&c->checked, n);
	if (bad_n != 0)
		app_add(&c->bad, bad_n);
	if (eal_n != 0) {
		app_add(&c->eal_checked, eal_n);
		if (eal_bad != 0)
			app_add(&c->eal_bad, eal_bad);
	}
}

#endif /* IOBUF_TRAFFIC_IOVA_CHECK_H */
