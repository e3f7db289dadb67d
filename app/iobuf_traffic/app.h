/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_APP_H
#define IOBUF_TRAFFIC_APP_H

/*
 * dpdk-iobuf-traffic: one port (net_null or net_virtio_user) whose packet
 * pools and RX->TX software ring live in constrained memory, real traffic,
 * and a check of every device address seen. With --compare-stock a second,
 * identical port runs on stock pools and ring, in alternating windows.
 *
 * Threads: the RX stage runs on the first worker lcore when there is one,
 * else on the main lcore; the TX stage and the stats clock on the main
 * lcore. Each counter block is written by one stage only.
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_iobuf.h>
#include <rte_iobuf_check.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#define APP_MAX_PORTS 2
#define APP_MAX_BURST 64
#define APP_MAX_ZONES 16
#define APP_MAX_WINDOWS 1024   /* --compare-stock windows recorded */

/* Rules an mbuf data buffer must meet: pool chunks are aligned, objects
 * in them only to RTE_MEMPOOL_ALIGN, so the alignment is not checked. */
#define APP_MBUF_RULES (RTE_IOBUF_CHECK_MASK | RTE_IOBUF_CHECK_WINDOW | \
			RTE_IOBUF_CHECK_BOUNDARY)

enum app_port_kind { APP_PORT_NULL, APP_PORT_VIRTIO };

struct app_options {
	enum app_port_kind kind;
	struct rte_iobuf_params params;  /* the constraint (capacity unused) */
	char constraint[256];            /* as given, for the report */
	const char *vhost_socket;        /* virtio: connect here, no peer */
	const char *peer_bin;            /* virtio: testpmd to start */
	const char *peer_fwd;            /* io | macswap */
	const char *peer_lcores;
	uint64_t packets;                /* stop after this many; 0 = none */
	double seconds;                  /* stop after this long */
	double stats_period;             /* 0 = no periodic line */
	unsigned int pkt_size;
	unsigned int burst;
	unsigned int nb_mbufs;
	unsigned int nb_desc;
	unsigned int ring_size;
	unsigned int window;             /* virtio: packets in flight */
	unsigned int eal_sample;         /* EAL cross-check 1 mbuf in N */
	bool compare_stock;
	bool require_pmd_rings;
};

/* Device-address checks of one stage. */
struct app_iova_counters {
	uint64_t checked;         /* mbufs checked against the constraint */
	uint64_t bad;             /* ... that broke it */
	uint64_t eal_checked;     /* mbufs cross-checked against EAL */
	uint64_t eal_bad;         /* ... whose buf_iova EAL contradicts */
	uint32_t bad_rules;       /* RTE_IOBUF_CHECK_* seen broken */
	uint32_t eal_countdown;   /* mbufs until the next EAL sample */
};

/* Written by the RX stage only. */
struct app_rx_counters {
	uint64_t pkts;
	uint64_t ring_drops;      /* ring full: freed */
	uint64_t ok;              /* virtio: passed integrity */
	uint64_t corrupt;         /* bad magic, length or checksum */
	uint64_t gaps;            /* packets skipped in sequence */
	uint64_t late;            /* sequence below expected: dup/reorder */
	uint64_t next_seq;        /* expected */
	struct app_iova_counters iova;
} __rte_cache_aligned;

/* Written by the TX stage only. */
struct app_tx_counters {
	uint64_t pkts;
	uint64_t drops;           /* null: not taken by tx_burst, freed */
	uint64_t alloc_fail;
	uint64_t next_seq;        /* virtio: next sequence to stamp */
	struct app_iova_counters iova;
} __rte_cache_aligned;

/* A memzone the PMD or ethdev reserved while the port was set up. */
struct app_zone {
	char name[RTE_MEMZONE_NAMESIZE];
	size_t len;
	unsigned int runs;        /* IOVA-contiguous runs */
	rte_iova_t first_iova, last_iova;
	uint32_t bad_rules;       /* RTE_IOBUF_CHECK_* broken by some run */
	int eal_mismatch;         /* memzone iova != rte_mem_virt2iova */
};

struct app_port {
	const char *label;        /* "constrained" or "stock" */
	bool constrained;
	uint16_t port_id;
	struct rte_ether_addr mac;
	char vdev[32];
	char socket[108];         /* virtio: vhost-user socket */
	struct rte_mempool *rx_pool, *tx_pool;
	struct rte_ring *ring;
	uint64_t held_bytes;      /* pools + ring memory */
	unsigned int nb_zones;
	struct app_zone zones[APP_MAX_ZONES];
	double active_s;          /* time it carried traffic */
	unsigned int nb_windows;  /* --compare-stock: Mpps of each window */
	double window_mpps[APP_MAX_WINDOWS];

	struct app_rx_counters rx;
	struct app_tx_counters tx;
	/* TX stage state: stamped but not yet taken by the PMD. */
	struct rte_mbuf *pending[APP_MAX_BURST];
	unsigned int nb_pending, pending_off;
};

struct app {
	struct app_options opt;
	struct rte_iobuf_check chk;
	unsigned int nb_ports;
	struct app_port ports[APP_MAX_PORTS];
	unsigned int rx_lcore;            /* lcore of the RX stage */
	volatile unsigned int active;     /* index of the port with traffic */
	volatile bool stop_tx;            /* no new packets */
	volatile bool stop_rx;            /* RX stage returns */
};

static inline uint64_t
app_read(const uint64_t *v)
{
	return __atomic_load_n(v, __ATOMIC_RELAXED);
}

static inline void
app_add(uint64_t *v, uint64_t n)
{
	/* Single writer: a plain store other lcores read whole. */
	__atomic_store_n(v, *v + n, __ATOMIC_RELAXED);
}

#endif /* IOBUF_TRAFFIC_APP_H */
