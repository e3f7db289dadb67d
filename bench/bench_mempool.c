/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Data-path cost of constrained memory:
 *   - mempool get/put bulk (32, no per-lcore cache, so the ops are what is
 *     timed) with the iobuf driver's ops against ring_mp_mc;
 *   - net_null io forwarding on one core (two ports, RX of one to TX of
 *     the other) with constrained mbuf pools against a stock
 *     rte_pktmbuf_pool_create pool.
 * The driver must be loaded: dpdk-iobuf-bench -d librte_mempool_iobuf.so.
 */

#include <stdio.h>

#include <rte_dev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <rte_iobuf.h>
#include <rte_iobuf_mempool.h>

#include "bench.h"

enum { POOL_N = 8191, BULK = 32, ROUNDS = 400000, BURST = 32 };

static struct rte_mempool *
ops_pool(const char *name, const char *ops)
{
	struct rte_mempool *mp = rte_mempool_create_empty(name, POOL_N, 2048, 0, 0,
							  SOCKET_ID_ANY, 0);

	if (mp == NULL)
		return NULL;
	if (rte_mempool_set_ops_byname(mp, ops, NULL) != 0 ||
	    rte_mempool_populate_default(mp) < 0) {
		rte_mempool_free(mp);
		return NULL;
	}
	return mp;
}

static double
get_put(struct rte_mempool *mp)
{
	void *objs[BULK];
	uint64_t best = UINT64_MAX, t0;
	unsigned int r, i;

	for (r = 0; r < BENCH_REPEAT; r++) {
		t0 = rte_rdtsc_precise();
		for (i = 0; i < ROUNDS; i++) {
			if (rte_mempool_get_bulk(mp, objs, BULK) != 0)
				return -1;
			rte_mempool_put_bulk(mp, objs, BULK);
		}
		best = RTE_MIN(best, rte_rdtsc_precise() - t0);
	}
	return bench_ns(best, ROUNDS);
}

struct port_pair {
	char name[2][32];
	uint16_t port[2];
};

/* Two started net_null ports whose RX queues allocate from @p mp. */
static int
pair_start(struct port_pair *pp, struct rte_mempool *mp, unsigned int tag)
{
	struct rte_eth_conf conf = { 0 };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		snprintf(pp->name[i], sizeof(pp->name[i]), "net_null_b%u_%u", tag, i);
		if (rte_eal_hotplug_add("vdev", pp->name[i], "") != 0 ||
		    rte_eth_dev_get_port_by_name(pp->name[i], &pp->port[i]) != 0 ||
		    rte_eth_dev_configure(pp->port[i], 1, 1, &conf) != 0 ||
		    rte_eth_rx_queue_setup(pp->port[i], 0, 512, SOCKET_ID_ANY, NULL, mp) != 0 ||
		    rte_eth_tx_queue_setup(pp->port[i], 0, 512, SOCKET_ID_ANY, NULL) != 0 ||
		    rte_eth_dev_start(pp->port[i]) != 0)
			return -1;
	}
	return 0;
}

static void
pair_stop(struct port_pair *pp)
{
	unsigned int i;

	for (i = 0; i < 2; i++) {
		rte_eth_dev_stop(pp->port[i]);
		rte_eth_dev_close(pp->port[i]);
		rte_eal_hotplug_remove("vdev", pp->name[i]);
	}
}

/* ns per packet forwarded both ways for 0.2 s, io mode. */
static double
forward_window(const struct port_pair *pp)
{
	struct rte_mbuf *pkts[BURST];
	uint64_t fwd = 0, t0 = rte_rdtsc_precise(), end;
	unsigned int i;
	uint16_t n, s;

	end = t0 + rte_get_tsc_hz() / 5;
	while (rte_rdtsc() < end) {
		for (i = 0; i < 2; i++) {
			n = rte_eth_rx_burst(pp->port[i], 0, pkts, BURST);
			s = rte_eth_tx_burst(pp->port[i ^ 1], 0, pkts, n);
			if (s < n)
				rte_pktmbuf_free_bulk(&pkts[s], n - s);
			fwd += s;
		}
	}
	return bench_ns(rte_rdtsc_precise() - t0, fwd);
}

/* The pools' figures, windows interleaved so that drift hits all alike;
 * each keeps its fastest window. */
static void
forward_compare(struct rte_mempool **pools, unsigned int n, double *best)
{
	struct port_pair pp[3];
	unsigned int i, r;

	for (i = 0; i < n; i++) {
		best[i] = -1;
		if (pair_start(&pp[i], pools[i], i) != 0) {
			printf("net_null ports for pool %s: cannot start\n", pools[i]->name);
			n = i;
			break;
		}
	}
	for (r = 0; r < BENCH_REPEAT; r++)
		for (i = 0; i < n; i++) {
			double t = forward_window(&pp[i]);

			if (best[i] < 0 || t < best[i])
				best[i] = t;
		}
	for (i = 0; i < n; i++)
		pair_stop(&pp[i]);
}

void
bench_mempool(void)
{
	const struct rte_iobuf_params all = { .socket_id = SOCKET_ID_ANY,
					      .iova_mask = UINT64_MAX,
					      .boundary = 65536 };
	struct rte_mempool *ring, *ours, *pools[3];
	double t_ring, t_ours, best[3];

	printf("-- mempool ops and net_null forwarding\n");
	ring = ops_pool("bench-ring", "ring_mp_mc");
	ours = ops_pool("bench-iobuf", "iobuf");
	if (ring == NULL || ours == NULL) {
		printf("no pool with the iobuf ops: load the driver with -d librte_mempool_iobuf.so\n");
		rte_mempool_free(ring);
		rte_mempool_free(ours);
		return;
	}
	t_ring = get_put(ring);
	t_ours = get_put(ours);
	bench_report("mempool get+put bulk 32, iobuf ops", t_ours, "ring_mp_mc ops",
		     t_ring, "ns");
	rte_mempool_free(ring);
	rte_mempool_free(ours);

	pools[0] = rte_pktmbuf_pool_create("bench-stock", POOL_N, 256, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	pools[1] = rte_iobuf_pktmbuf_pool_create("bench-lib", POOL_N, 256, 0,
						 RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, &all);
	pools[2] = rte_pktmbuf_pool_create_by_ops("bench-drv", POOL_N, 256, 0,
						  RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY,
						  "iobuf");
	if (pools[0] == NULL || pools[1] == NULL || pools[2] == NULL) {
		printf("mbuf pools: %s\n", rte_strerror(rte_errno));
	} else {
		forward_compare(pools, 3, best);
		bench_report("net_null io fwd, rte_iobuf_pktmbuf_pool_create", best[1],
			     "stock rte_pktmbuf_pool_create", best[0], "ns/pkt");
		bench_report("net_null io fwd, driver pool (by_ops iobuf)", best[2],
			     "stock rte_pktmbuf_pool_create", best[0], "ns/pkt");
	}
	rte_mempool_free(pools[0]);
	rte_mempool_free(pools[1]);
	rte_mempool_free(pools[2]);
}
