/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_iobuf_mempool.h>
#include <rte_memzone.h>

#include "iova_check.h"
#include "port.h"
#include "report.h"

/* Packets the port carried: transmitted (forwarded on net_null, sent
 * on virtio). */
static uint64_t
port_pkts(const struct app_port *p)
{
	return app_read(&p->tx.pkts);
}

static uint64_t
iova_bad(const struct app_port *p)
{
	return app_read(&p->rx.iova.bad) + app_read(&p->tx.iova.bad);
}

static uint64_t
eal_bad(const struct app_port *p)
{
	return app_read(&p->rx.iova.eal_bad) + app_read(&p->tx.iova.eal_bad);
}

static uint64_t
integrity_errors(const struct app_port *p)
{
	return app_read(&p->rx.corrupt) + app_read(&p->rx.gaps) +
	       app_read(&p->rx.late);
}

/* Count with a K/M/G suffix into buf. */
static const char *
human(char *buf, size_t size, double v)
{
	if (v >= 1e9)
		snprintf(buf, size, "%.2fG", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, size, "%.2fM", v / 1e6);
	else if (v >= 1e4)
		snprintf(buf, size, "%.1fK", v / 1e3);
	else
		snprintf(buf, size, "%.0f", v);
	return buf;
}

static void
report_pool(const char *role, struct rte_mempool *mp)
{
	struct app_pool_span s;

	if (mp == NULL)
		return;
	app_pool_span(mp, &s);
	printf("  %s pool %-14s %u mbufs (%u B data room) in %u chunks, IOVA [0x%" PRIx64
	       ", 0x%" PRIx64 "], ops %s\n", role, mp->name, mp->size,
	       rte_pktmbuf_data_room_size(mp), s.chunks, s.lo, s.hi,
	       rte_mempool_get_ops(mp->ops_index)->name);
}

static void
report_ring(const struct app_port *p)
{
	const struct rte_iobuf *b = NULL;
	rte_iova_t iova;
	size_t len;

	if (p->constrained)
		b = rte_iobuf_ring_buffer(p->ring);
	if (b != NULL) {
		iova = rte_iobuf_iova(b, 0, &len);
		printf("  RX->TX ring %-12s %u slots in an iobuf, IOVA [0x%" PRIx64
		       ", 0x%" PRIx64 "], %u segment(s)\n", p->ring->name,
		       rte_ring_get_capacity(p->ring), iova,
		       iova + rte_iobuf_capacity(b) - 1, rte_iobuf_seg_count(b));
	} else {
		printf("  RX->TX ring %-12s %u slots in memzone, IOVA 0x%" PRIx64 "\n",
		       p->ring->name, rte_ring_get_capacity(p->ring),
		       p->ring->memzone->iova);
	}
}

static void
report_zones(const struct app *a, const struct app_port *p)
{
	const struct app_zone *z;
	unsigned int i;

	if (p->nb_zones == 0) {
		printf("  PMD rings: %s reserved no memzone (its queues live in ordinary heap memory)\n",
		       p->vdev);
		return;
	}
	printf("  PMD rings: memzones reserved while %s was set up (PMD and ethdev choose this memory):\n",
	       p->vdev);
	for (i = 0; i < p->nb_zones; i++) {
		z = &p->zones[i];
		printf("    %-24s %8zu B  IOVA [0x%" PRIx64 ", 0x%" PRIx64 "] %u run(s)  %s",
		       z->name, z->len, z->first_iova, z->last_iova, z->runs,
		       z->eal_mismatch ? "EAL MISMATCH" :
		       !p->constrained ? "(stock port: not judged)" :
		       z->bad_rules == 0 ? "meets the constraint" : "BREAKS");
		if (p->constrained)
			app_rules_print(stdout, z->bad_rules);
		if (z->bad_rules != 0 && p->constrained && !a->opt.require_pmd_rings)
			printf(" (reported, not failed: see --require-pmd-rings)");
		printf("\n");
	}
}

void
app_report_setup(const struct app *a)
{
	const struct rte_iobuf_check *c = &a->chk;
	const struct app_port *p;
	unsigned int i;

	printf("constraint: %s\n", a->opt.constraint);
	printf("  normalised: forbidden IOVA bits 0x%" PRIx64 ", window [0x%" PRIx64
	       ", 0x%" PRIx64 "], align 0x%" PRIx64 ", boundary 0x%" PRIx64 "\n",
	       c->forbid, c->lo, c->hi, c->align, c->boundary);
	printf("  mbuf checks: every [buf_iova, +buf_len) on RX and TX against mask, window, boundary;"
	       " 1 in %u cross-checked against EAL's memseg table\n",
	       a->opt.eal_sample);
	for (i = 0; i < a->nb_ports; i++) {
		p = &a->ports[i];
		printf("port %u (%s): %s, MAC " RTE_ETHER_ADDR_PRT_FMT ", pools+ring hold %.1f MiB\n",
		       p->port_id, p->label, p->vdev, RTE_ETHER_ADDR_BYTES(&p->mac),
		       p->held_bytes / 1048576.0);
		if (p->socket[0] != '\0')
			printf("  vhost-user socket %s\n", p->socket);
		report_pool("RX", p->rx_pool);
		report_pool("TX", p->tx_pool);
		report_ring(p);
		report_zones(a, p);
	}
	fflush(stdout);
}

void
app_report_begin(const struct app *a, struct app_report_state *rs)
{
	unsigned int i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < a->nb_ports; i++)
		rs->pkts[i] = port_pkts(&a->ports[i]);
}

void
app_report_line(const struct app *a, struct app_report_state *rs, double t)
{
	char b1[16], b2[16], b3[16], b4[16];
	const struct app_port *p;
	uint64_t pkts;
	unsigned int i;

	for (i = 0; i < a->nb_ports; i++) {
		p = &a->ports[i];
		pkts = port_pkts(p);
		printf("[%6.1fs] %-11s %s pkts %6.2f Mpps | rx %s tx %s drops %" PRIu64
		       " | iova %s checked %" PRIu64 " bad, eal %" PRIu64 " sampled %" PRIu64
		       " bad | integrity errors %" PRIu64 " | held %.1f MiB\n",
		       t, p->label, human(b1, sizeof(b1), pkts),
		       (pkts - rs->pkts[i]) / (t - rs->t) / 1e6,
		       human(b2, sizeof(b2), app_read(&p->rx.pkts)),
		       human(b3, sizeof(b3), app_read(&p->tx.pkts)),
		       app_read(&p->rx.ring_drops) + app_read(&p->tx.drops),
		       human(b4, sizeof(b4), app_read(&p->rx.iova.checked) +
			     app_read(&p->tx.iova.checked)),
		       iova_bad(p), app_read(&p->rx.iova.eal_checked) +
		       app_read(&p->tx.iova.eal_checked), eal_bad(p),
		       integrity_errors(p), p->held_bytes / 1048576.0);
		rs->pkts[i] = pkts;
	}
	rs->t = t;
	fflush(stdout);
}

static double
port_mpps(const struct app_port *p)
{
	return p->active_s > 0 ? port_pkts(p) / p->active_s / 1e6 : 0;
}

static int
cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static double
median(double *v, unsigned int n)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(v[0]), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median Mpps of the port's windows. */
static double
port_median_mpps(const struct app_port *p)
{
	double w[APP_MAX_WINDOWS];

	memcpy(w, p->window_mpps, p->nb_windows * sizeof(w[0]));
	return median(w, p->nb_windows);
}

/* Median over adjacent window pairs of constrained/stock Mpps: a pair is
 * 0.5 s apart, so the VM's slow swings (2x between runs here) cancel. */
static double
pair_ratio(const struct app *a, unsigned int *pairs)
{
	const struct app_port *c = &a->ports[0], *s = &a->ports[1];
	double r[APP_MAX_WINDOWS];
	unsigned int i, n = 0;

	for (i = 0; i < c->nb_windows && i < s->nb_windows; i++)
		if (s->window_mpps[i] > 0)
			r[n++] = c->window_mpps[i] / s->window_mpps[i];
	*pairs = n;
	return median(r, n);
}

#define ROW(label, fmt, expr) do { \
	printf("  %-28s", label); \
	for (i = 0; i < a->nb_ports; i++) { \
		p = &a->ports[i]; \
		printf(" %18" fmt, expr); \
	} \
	printf("\n"); \
} while (0)

static void
print_table(const struct app *a, double elapsed)
{
	const struct app_port *p;
	unsigned int i;
	char samp[40];

	printf("\nsummary (%.2f s):\n", elapsed);
	ROW("", "s", p->label);
	ROW("port", "s", p->vdev);
	ROW("active seconds", ".2f", p->active_s);
	ROW("RX packets", PRIu64, p->rx.pkts);
	ROW("TX packets", PRIu64, p->tx.pkts);
	ROW("Mpps", ".3f", port_mpps(p));
	ROW("ring drops (ring full)", PRIu64, p->rx.ring_drops);
	ROW("TX drops (not taken)", PRIu64, p->tx.drops);
	ROW("mbuf IOVA checks", PRIu64, p->rx.iova.checked + p->tx.iova.checked);
	ROW("mbuf IOVA violations", PRIu64, iova_bad(p));
	snprintf(samp, sizeof(samp), "EAL cross-checks (1 in %u)", a->opt.eal_sample);
	ROW(samp, PRIu64, p->rx.iova.eal_checked + p->tx.iova.eal_checked);
	ROW("EAL mismatches", PRIu64, eal_bad(p));
	if (a->opt.kind == APP_PORT_VIRTIO) {
		ROW("frames verified in order", PRIu64, p->rx.ok);
		ROW("missing (sent, not back)", PRIu64,
		    p->tx.pkts > p->rx.pkts ? p->tx.pkts - p->rx.pkts : 0);
		ROW("sequence gaps", PRIu64, p->rx.gaps);
		ROW("duplicate/reordered", PRIu64, p->rx.late);
		ROW("corrupt (magic/len/CRC)", PRIu64, p->rx.corrupt);
		ROW("TX pool exhausted", PRIu64, p->tx.alloc_fail);
	}
	ROW("held, pools + ring (MiB)", ".1f", p->held_bytes / 1048576.0);
	if (a->nb_ports > 1) {
		ROW("windows of 250 ms", "u", p->nb_windows);
		ROW("median window Mpps", ".3f", port_median_mpps(p));
	}
	if (a->nb_ports > 1) {
		unsigned int pairs;
		double r = pair_ratio(a, &pairs);

		printf("  ratio constrained/stock Mpps: %.3f (median of %u adjacent window pairs; of the means %.3f)\n",
		       r, pairs, port_mpps(&a->ports[1]) > 0 ?
		       port_mpps(&a->ports[0]) / port_mpps(&a->ports[1]) : 0);
	}
}

/* Print each failed check; return the number. */
static unsigned int
verdict(const struct app *a)
{
	const struct app_port *p;
	unsigned int i, z, failed = 0;

#define FAILED(fmt, ...) do { \
	printf("  FAIL %s: " fmt "\n", p->label, ##__VA_ARGS__); \
	failed++; \
} while (0)
	for (i = 0; i < a->nb_ports; i++) {
		p = &a->ports[i];
		if (p->rx.pkts == 0 || p->tx.pkts == 0)
			FAILED("no traffic (rx %" PRIu64 ", tx %" PRIu64 ")",
			       p->rx.pkts, p->tx.pkts);
		if (p->constrained && iova_bad(p) != 0) {
			FAILED("%" PRIu64 " mbufs break the constraint:", iova_bad(p));
			app_rules_print(stdout, p->rx.iova.bad_rules | p->tx.iova.bad_rules);
			printf("\n");
		}
		if (eal_bad(p) != 0)
			FAILED("%" PRIu64 " mbufs whose buf_iova EAL contradicts", eal_bad(p));
		if (integrity_errors(p) != 0)
			FAILED("%" PRIu64 " integrity errors", integrity_errors(p));
		if (a->opt.kind == APP_PORT_VIRTIO && p->tx.pkts != p->rx.pkts)
			FAILED("%" PRIu64 " frames sent, %" PRIu64 " came back",
			       p->tx.pkts, p->rx.pkts);
		for (z = 0; z < p->nb_zones; z++) {
			if (p->zones[z].eal_mismatch)
				FAILED("memzone %s: its IOVA disagrees with rte_mem_virt2iova",
				       p->zones[z].name);
			if (p->constrained && a->opt.require_pmd_rings &&
			    p->zones[z].bad_rules != 0)
				FAILED("PMD memzone %s breaks the constraint (--require-pmd-rings)",
				       p->zones[z].name);
		}
	}
#undef FAILED
	return failed;
}

bool
app_report_summary(const struct app *a, double elapsed)
{
	unsigned int failed;

	print_table(a, elapsed);
	if (a->nb_ports > 1)
		printf("  (the stock port's mbufs are checked too, for equal work, but not judged)\n");
	failed = verdict(a);
	printf("result: %s\n", failed == 0 ? "PASS (traffic flowed, every check passed)" :
	       "FAIL");
	fflush(stdout);
	return failed == 0;
}
