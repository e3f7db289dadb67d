/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "report.h"
#include "run.h"
#include "stages.h"

#define APP_WINDOW_S 0.25
#define APP_FLUSH_S 0.05
#define APP_DRAIN_S 0.5
#define APP_CLOCK_EVERY 64   /* polls between clock reads */

volatile sig_atomic_t app_interrupted;

static bool
port_done(const struct app *a, const struct app_port *p)
{
	if (a->opt.packets == 0)
		return false;
	if (a->opt.kind == APP_PORT_NULL)
		return p->tx.pkts >= a->opt.packets;
	return p->tx.next_seq >= a->opt.packets &&
	       p->pending_off == p->nb_pending;
}

static bool
all_done(const struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nb_ports; i++)
		if (!port_done(a, &a->ports[i]))
			return false;
	return true;
}

static bool
all_returned(const struct app *a)
{
	unsigned int i;

	for (i = 0; i < a->nb_ports; i++)
		if (a->ports[i].rx.pkts < a->ports[i].tx.pkts)
			return false;
	return true;
}

/* Poll every port's stages for @p s seconds or until @p enough. */
static void
poll_all(struct app *a, double s, bool rx, bool tx,
	 bool (*enough)(const struct app *))
{
	uint64_t end = rte_rdtsc() + (uint64_t)(s * rte_get_tsc_hz());
	unsigned int i;

	while (rte_rdtsc() < end && !(enough != NULL && enough(a))) {
		for (i = 0; i < a->nb_ports; i++) {
			if (rx)
				app_rx_poll(a, &a->ports[i], false);
			if (tx)
				app_tx_poll(a, &a->ports[i]);
		}
	}
}

double
app_run(struct app *a)
{
	const uint64_t hz = rte_get_tsc_hz();
	const bool own_rx = a->rx_lcore != rte_get_main_lcore();
	const uint64_t stats_cyc = (uint64_t)(a->opt.stats_period * hz);
	const uint64_t window_cyc = (uint64_t)(APP_WINDOW_S * hz);
	uint64_t start, now, end, next_stats, next_window, window_start;
	uint64_t window_pkts = 0;
	struct app_report_state rs;
	unsigned int polls = 0;

	app_report_begin(a, &rs);
	start = rte_rdtsc();
	end = start + (uint64_t)(a->opt.seconds * hz);
	next_stats = stats_cyc != 0 ? start + stats_cyc : UINT64_MAX;
	next_window = a->nb_ports > 1 ? start + window_cyc : UINT64_MAX;
	window_start = start;
	a->active = 0;
	if (own_rx)
		rte_eal_remote_launch(app_rx_stage, a, a->rx_lcore);

	for (;;) {
		struct app_port *p = &a->ports[a->active];

		if (!own_rx)
			app_rx_poll(a, p, true);
		app_tx_poll(a, p);
		if (++polls % APP_CLOCK_EVERY != 0)
			continue;
		now = rte_rdtsc();
		if (now >= next_window) {
			double dt = (double)(now - window_start) / hz;

			p->active_s += dt;
			if (p->nb_windows < APP_MAX_WINDOWS)
				p->window_mpps[p->nb_windows++] =
					(p->tx.pkts - window_pkts) / dt / 1e6;
			window_start = now;
			a->active = (a->active + 1) % a->nb_ports;
			window_pkts = a->ports[a->active].tx.pkts;
			next_window = now + window_cyc;
		}
		if (now >= next_stats) {
			app_report_line(a, &rs, (double)(now - start) / hz);
			next_stats += stats_cyc;
		}
		if (now >= end || app_interrupted || all_done(a))
			break;
	}
	now = rte_rdtsc();
	a->ports[a->active].active_s += (double)(now - window_start) / hz;

	/* Stop generating; send what is stamped; collect what returns. */
	a->stop_tx = true;
	poll_all(a, APP_FLUSH_S, !own_rx, true, NULL);
	a->stop_rx = true;
	if (own_rx)
		rte_eal_wait_lcore(a->rx_lcore);
	if (a->opt.kind == APP_PORT_VIRTIO)
		poll_all(a, APP_DRAIN_S, true, false, all_returned);
	return (double)(now - start) / hz;
}
