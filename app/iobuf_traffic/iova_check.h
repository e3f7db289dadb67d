/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_IOVA_CHECK_H
#define IOBUF_TRAFFIC_IOVA_CHECK_H

/*
 * Device-address checks of the mbufs a stage handles (a stock port gets
 * the same checks, so both do the same work, but is not judged by them): every data buffer
 * [buf_iova, buf_iova + buf_len) against the constraint (inline, a few
 * operations), and 1 mbuf in eal_sample against EAL's memseg table, so the
 * addresses are not judged by pool bookkeeping alone.
 */

#include <stdio.h>

#include "app.h"

/* True if EAL maps both ends of m's data buffer to m's buf_iova. */
bool app_eal_agrees(const struct rte_mbuf *m);

/* " name name ..." of the RTE_IOBUF_CHECK_* bits in @p bad. */
void app_rules_print(FILE *f, uint32_t bad);

/* Report one broken mbuf (the first few of a run). */
void app_iova_report(const char *stage, const struct rte_mbuf *m,
		     uint32_t bad, const char *what);

static inline void
app_iova_check(const struct app *a, const struct app_port *p,
	       const char *stage, struct app_iova_counters *c,
	       struct rte_mbuf **pkts, unsigned int n)
{
	uint64_t bad_n = 0, eal_n = 0, eal_bad = 0;
	uint32_t bad;
	unsigned int i;

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
			if (!app_eal_agrees(pkts[i])) {
				eal_bad++;
				app_iova_report(stage, pkts[i], 0, "EAL");
			}
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
