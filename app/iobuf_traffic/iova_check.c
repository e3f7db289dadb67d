/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_memory.h>

#include "iova_check.h"

/* Reports printed per process; the counters keep counting after. */
#define APP_IOVA_REPORTS_MAX 8

static bool
eal_maps(const void *va, rte_iova_t want)
{
	const struct rte_memseg *ms = rte_mem_virt2memseg(va, NULL);

	return ms != NULL && ms->iova != RTE_BAD_IOVA &&
	       ms->iova + ((uintptr_t)va - (uintptr_t)ms->addr) == want;
}

bool
app_eal_agrees(const struct rte_mbuf *m)
{
	const char *va = m->buf_addr;

	return eal_maps(va, m->buf_iova) &&
	       eal_maps(va + m->buf_len - 1, m->buf_iova + m->buf_len - 1);
}

void
app_iova_report(const char *stage, const struct rte_mbuf *m, uint32_t bad,
		const char *what)
{
	static unsigned int reports;

	if (__atomic_fetch_add(&reports, 1, __ATOMIC_RELAXED) >=
	    APP_IOVA_REPORTS_MAX)
		return;
	fprintf(stderr, "IOVA VIOLATION (%s) %s: mbuf %p buf_addr %p buf_iova 0x%"
		PRIx64 " len %u:", what, stage, (const void *)m, m->buf_addr,
		m->buf_iova, m->buf_len);
	if (bad == 0)
		fprintf(stderr, " EAL's memseg table gives another IOVA");
	else
		fprintf(stderr, " breaks");
	app_rules_print(stderr, bad);
	fputc('\n', stderr);
}

void
app_rules_print(FILE *f, uint32_t bad)
{
	uint32_t rule;

	for (rule = 1; rule <= RTE_IOBUF_CHECK_ALIGN; rule <<= 1)
		if (bad & rule)
			fprintf(f, " %s", rte_iobuf_check_rule_name(rule));
}
