/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_STAGES_H
#define IOBUF_TRAFFIC_STAGES_H

/*
 * The two stages, one burst per call.
 *
 * RX: rx_burst, check every mbuf's device address, on virtio verify each
 * frame (checksum, sequence), then hand the mbufs to the TX stage through
 * the port's software ring (or free them when @p forward is false).
 *
 * TX on net_null: take mbufs from the ring and transmit them (forwarding).
 * TX on virtio: restamp mbufs from the ring (topped up from the TX pool)
 * with the next sequence numbers, at most window packets in flight, and
 * transmit; what the PMD does not take is retried, in order.
 */

#include "app.h"

void app_rx_poll(struct app *a, struct app_port *p, bool forward);
void app_tx_poll(struct app *a, struct app_port *p);

/* lcore function of the RX stage when it has its own lcore. */
int app_rx_stage(void *arg);

#endif /* IOBUF_TRAFFIC_STAGES_H */
