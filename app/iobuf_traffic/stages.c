/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <rte_ethdev.h>

#include "iova_check.h"
#include "packet.h"
#include "stages.h"

/* Sequence accounting of one verified frame. */
static inline void
rx_sequence(struct app_rx_counters *rx, uint64_t seq, uint64_t *ok,
	    uint64_t *gaps, uint64_t *late)
{
	if (likely(seq == rx->next_seq)) {
		rx->next_seq++;
		(*ok)++;
	} else if (seq > rx->next_seq) {
		*gaps += seq - rx->next_seq;
		rx->next_seq = seq + 1;
		(*ok)++;
	} else {
		(*late)++;   /* duplicate or reordered */
	}
}

static void
rx_verify(struct app_rx_counters *rx, struct rte_mbuf **pkts, unsigned int n)
{
	uint64_t ok = 0, gaps = 0, late = 0, corrupt = 0, seq;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (app_pkt_verify(pkts[i], &seq) == APP_PKT_OK)
			rx_sequence(rx, seq, &ok, &gaps, &late);
		else
			corrupt++;
	}
	app_add(&rx->ok, ok);
	if (unlikely(gaps | late | corrupt)) {
		app_add(&rx->gaps, gaps);
		app_add(&rx->late, late);
		app_add(&rx->corrupt, corrupt);
	}
}

void
app_rx_poll(struct app *a, struct app_port *p, bool forward)
{
	struct rte_mbuf *pkts[APP_MAX_BURST];
	unsigned int n, q = 0;

	/* Back-pressure: leave packets in the PMD while the TX stage lags,
	 * as a NIC queue would, rather than receive them only to drop. */
	if (forward && rte_ring_free_count(p->ring) < a->opt.burst)
		return;
	n = rte_eth_rx_burst(p->port_id, 0, pkts, a->opt.burst);
	if (n == 0)
		return;
	app_iova_check(a, p, "RX", &p->rx.iova, pkts, n);
	if (a->opt.kind == APP_PORT_VIRTIO)
		rx_verify(&p->rx, pkts, n);
	if (forward)
		q = rte_ring_enqueue_burst(p->ring, (void **)pkts, n, NULL);
	if (q < n) {
		rte_pktmbuf_free_bulk(pkts + q, n - q);
		if (forward)
			app_add(&p->rx.ring_drops, n - q);
	}
	app_add(&p->rx.pkts, n);
}

static void
tx_forward(struct app *a, struct app_port *p)
{
	struct rte_mbuf *pkts[APP_MAX_BURST];
	unsigned int n, s;

	n = rte_ring_dequeue_burst(p->ring, (void **)pkts, a->opt.burst, NULL);
	if (n == 0)
		return;
	app_iova_check(a, p, "TX", &p->tx.iova, pkts, n);
	s = rte_eth_tx_burst(p->port_id, 0, pkts, n);
	if (s < n) {
		rte_pktmbuf_free_bulk(pkts + s, n - s);
		app_add(&p->tx.drops, n - s);
	}
	app_add(&p->tx.pkts, s);
}

/* Stamp the next frames into p->pending, within the in-flight window. */
static void
tx_generate(struct app *a, struct app_port *p)
{
	uint64_t inflight = p->tx.pkts - app_read(&p->rx.pkts);
	uint64_t room = inflight < a->opt.window ? a->opt.window - inflight : 0;
	unsigned int want, got, i;

	if (a->opt.packets != 0)
		room = RTE_MIN(room, a->opt.packets - p->tx.next_seq);
	want = (unsigned int)RTE_MIN(room, (uint64_t)a->opt.burst);
	if (want == 0)
		return;
	got = rte_ring_dequeue_burst(p->ring, (void **)p->pending, want, NULL);
	if (got < want) {
		if (rte_pktmbuf_alloc_bulk(p->tx_pool, p->pending + got,
					   want - got) == 0)
			got = want;
		else
			app_add(&p->tx.alloc_fail, 1);
	}
	for (i = 0; i < got; i++)
		app_pkt_stamp(p->pending[i], p->tx.next_seq + i, a->opt.pkt_size,
			      &p->mac);
	app_add(&p->tx.next_seq, got);
	app_iova_check(a, p, "TX", &p->tx.iova, p->pending, got);
	p->nb_pending = got;
	p->pending_off = 0;
}

void
app_tx_poll(struct app *a, struct app_port *p)
{
	unsigned int s;

	if (a->opt.kind == APP_PORT_NULL) {
		tx_forward(a, p);
		return;
	}
	if (p->pending_off == p->nb_pending) {
		if (a->stop_tx)
			return;
		tx_generate(a, p);
		if (p->nb_pending == 0)
			return;
	}
	s = rte_eth_tx_burst(p->port_id, 0, p->pending + p->pending_off,
			     p->nb_pending - p->pending_off);
	p->pending_off += s;
	app_add(&p->tx.pkts, s);
}

int
app_rx_stage(void *arg)
{
	struct app *a = arg;

	while (!a->stop_rx)
		app_rx_poll(a, &a->ports[a->active], true);
	return 0;
}
