/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_PORT_H
#define IOBUF_TRAFFIC_PORT_H

#include "app.h"

/*
 * Create port @p idx: its pools and ring (constrained or stock), the vdev,
 * one RX and one TX queue, start it and record the memzones the PMD
 * reserved meanwhile. For virtio, p->socket must name a listening
 * vhost-user server. Returns 0, or -1 after one error line (what was
 * created is torn down by app_port_close).
 */
int app_port_open(struct app *a, unsigned int idx);

/* The memory chunks of a pool: count, IOVA span, bytes (zero for NULL). */
struct app_pool_span {
	unsigned int chunks;
	rte_iova_t lo, hi;
	uint64_t bytes;
};

void app_pool_span(struct rte_mempool *mp, struct app_pool_span *s);

/* Stop and remove the port, free what it holds (safe on a partial open). */
void app_port_close(struct app *a, unsigned int idx);

#endif /* IOBUF_TRAFFIC_PORT_H */
