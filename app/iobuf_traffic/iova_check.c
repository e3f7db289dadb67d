/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <inttypes.h>
#include <stdio.h>

#include <rte_memory.h>

#include "iova_check.h"

/* Reports printed per process; the counters keep counting after. */
#define APP_IOVA_REPORTS_MAX 8

/*
 * The constraint as this file evaluates it, derived from the parsed
 * parameters by the rule of the design (section 3), not by the library:
 * the mask's trailing zero bits and the requested alignment are an
 * alignment of the start, so no byte may have a bit outside
 * mask | (align - 1); EAL raises every alignment to a cache line.
 */
struct own_rules {
	uint64_t forbid;
	uint64_t lo, hi;        /* inclusive window */
	uint64_t boundary;      /* 0 = none */
};

static void
own_rules_get(const struct rte_iobuf_params *p, struct own_rules *r)
{
	uint64_t align = p->align > RTE_CACHE_LINE_SIZE ? p->align : RTE_CACHE_LINE_SIZE;
	uint64_t low = p->iova_mask & (~p->iova_mask + 1);  /* lowest set bit */

	if (low > align)
		align = low;
	r->forbid = p->iova_mask == 0 ? 0 : ~(p->iova_mask | (align - 1));
	r->lo = p->iova_min;
	r->hi = p->iova_max == 0 ? UINT64_MAX : p->iova_max;
	r->boundary = p->boundary;
}

/* Some byte in [first, last] has bit b set. With the bit clear at both
 * ends, a value between has it iff the ends lie in different aligned
 * blocks of 2^(b+1) bytes (the upper half of the first block lies
 * between them). */
static bool
range_has_bit(uint64_t first, uint64_t last, unsigned int b)
{
	uint64_t bit = UINT64_C(1) << b;

	if ((first & bit) != 0 || (last & bit) != 0)
		return true;
	return b < 63 && (first >> (b + 1)) != (last >> (b + 1));
}

/* Rules [first, last] breaks: mask bit by bit, window. */
static uint32_t
own_piece(const struct own_rules *r, uint64_t first, uint64_t last)
{
	uint32_t bad = 0;
	unsigned int b;

	for (b = 0; b < 64; b++) {
		if ((r->forbid >> b & 1) && range_has_bit(first, last, b)) {
			bad |= RTE_IOBUF_CHECK_MASK;
			break;
		}
	}
	if (first < r->lo || last > r->hi || last < first)
		bad |= RTE_IOBUF_CHECK_WINDOW;
	return bad;
}

uint32_t
app_iova_sample(const struct app *a, const struct rte_mbuf *m, bool *eal_ok)
{
	const char *va = m->buf_addr;
	const struct rte_memseg *ms;
	struct own_rules r;
	uint64_t off = 0, len = m->buf_len, piece = 0;
	uint64_t first_iova = 0, iova = 0;
	uint32_t bad = 0;

	*eal_ok = true;
	if (len == 0)
		return RTE_IOBUF_CHECK_WINDOW;  /* an empty buffer meets no window */
	own_rules_get(&a->opt.params, &r);
	/* Page by page: EAL's IOVA of each piece must be buf_iova + offset,
	 * and the piece must meet the rules where EAL says it lies. */
	while (off < len) {
		ms = rte_mem_virt2memseg(va + off, NULL);
		if (ms == NULL || ms->iova == RTE_BAD_IOVA) {
			*eal_ok = false;
			return bad;
		}
		iova = ms->iova + (uint64_t)((uintptr_t)(va + off) - (uintptr_t)ms->addr);
		piece = (uintptr_t)ms->addr + ms->len - (uintptr_t)(va + off);
		if (piece > len - off)
			piece = len - off;
		if (iova != m->buf_iova + off)
			*eal_ok = false;
		if (off == 0)
			first_iova = iova;
		bad |= own_piece(&r, iova, iova + piece - 1);
		off += piece;
	}
	/* Boundary over the whole buffer, as EAL places it (contiguous if
	 * *eal_ok, else judged from its first and last byte). */
	if (r.boundary != 0 && first_iova / r.boundary != (iova + piece - 1) / r.boundary)
		bad |= RTE_IOBUF_CHECK_BOUNDARY;
	return bad & APP_MBUF_RULES;
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
app_iova_report_disagree(const char *stage, const struct rte_mbuf *m,
			 uint32_t own, uint32_t lib)
{
	static unsigned int reports;

	if (__atomic_fetch_add(&reports, 1, __ATOMIC_RELAXED) >=
	    APP_IOVA_REPORTS_MAX)
		return;
	fprintf(stderr, "IOVA CHECKS DISAGREE %s: mbuf %p buf_iova 0x%" PRIx64
		" len %u: the app's own rules on EAL's IOVAs say", stage,
		(const void *)m, m->buf_iova, m->buf_len);
	if (own == 0)
		fprintf(stderr, " ok");
	app_rules_print(stderr, own);
	fprintf(stderr, ", rte_iobuf_check_range says");
	if (lib == 0)
		fprintf(stderr, " ok");
	app_rules_print(stderr, lib);
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
