/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_cycles.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_iobuf_mempool.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "port.h"

#define APP_POOL_CACHE 256
#define APP_LINK_WAIT_MS 3000

static int
fail(const struct app_port *p, const char *what, int err)
{
	fprintf(stderr, "dpdk-iobuf-traffic: %s port: %s: %s\n", p->label, what,
		rte_strerror(err));
	return -1;
}

static struct rte_mempool *
pool_create(struct app *a, const struct app_port *p, const char *role)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	snprintf(name, sizeof(name), "%s_%s_%u", p->constrained ? "iob" : "stk",
		 role, p->port_id);
	if (p->constrained)
		return rte_iobuf_pktmbuf_pool_create(name, a->opt.nb_mbufs,
				APP_POOL_CACHE, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
				a->opt.params.socket_id, &a->opt.params);
	return rte_pktmbuf_pool_create(name, a->opt.nb_mbufs, APP_POOL_CACHE, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       a->opt.params.socket_id);
}

static struct rte_ring *
ring_create(struct app *a, const struct app_port *p)
{
	char name[RTE_RING_NAMESIZE];
	const unsigned int flags = RING_F_SP_ENQ | RING_F_SC_DEQ;

	snprintf(name, sizeof(name), "%s_fwd_%u", p->constrained ? "iob" : "stk",
		 p->port_id);
	if (p->constrained)
		return rte_iobuf_ring_create(name, a->opt.ring_size,
					     a->opt.params.socket_id, flags,
					     &a->opt.params);
	return rte_ring_create(name, a->opt.ring_size, a->opt.params.socket_id,
			       flags);
}

static void
span_chunk(struct rte_mempool *mp, void *opaque,
	   struct rte_mempool_memhdr *m, unsigned int idx)
{
	struct app_pool_span *s = opaque;

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	if (s->chunks++ == 0 || m->iova < s->lo)
		s->lo = m->iova;
	if (m->iova + m->len - 1 > s->hi)
		s->hi = m->iova + m->len - 1;
	s->bytes += m->len;
}

void
app_pool_span(struct rte_mempool *mp, struct app_pool_span *s)
{
	memset(s, 0, sizeof(*s));
	if (mp != NULL)
		rte_mempool_mem_iter(mp, span_chunk, s);
}

/* Names of the memzones that exist now. */
struct zone_names {
	unsigned int n;
	char (*name)[RTE_MEMZONE_NAMESIZE];
};

static void
note_zone(const struct rte_memzone *mz, void *arg)
{
	struct zone_names *z = arg;

	if (z->n < RTE_MAX_MEMZONE)
		snprintf(z->name[z->n++], RTE_MEMZONE_NAMESIZE, "%s", mz->name);
}

static bool
zone_known(const struct zone_names *z, const char *name)
{
	unsigned int i;

	for (i = 0; i < z->n; i++)
		if (strcmp(z->name[i], name) == 0)
			return true;
	return false;
}

/* Walk @p mz page by page through rte_mem_virt2iova and test each
 * IOVA-contiguous run against the constraint. */
static void
zone_judge(const struct app *a, const struct rte_memzone *mz,
	   struct app_zone *z)
{
	const char *va = mz->addr, *end = va + mz->len;
	uint64_t pg = mz->hugepage_sz != 0 ? mz->hugepage_sz : 4096;
	rte_iova_t run_start = RTE_BAD_IOVA, run_end = 0, iova;
	const char *next;

	memset(z, 0, sizeof(*z));
	snprintf(z->name, sizeof(z->name), "%s", mz->name);
	z->len = mz->len;
	for (; va < end; va = next) {
		next = (const char *)RTE_ALIGN_FLOOR((uintptr_t)va, pg) + pg;
		if (next > end)
			next = end;
		iova = rte_mem_virt2iova(va);
		if (iova == RTE_BAD_IOVA) {
			z->eal_mismatch = 1;
			return;
		}
		if (run_start != RTE_BAD_IOVA && iova == run_end + 1) {
			run_end += next - va;
			continue;
		}
		if (run_start != RTE_BAD_IOVA) {
			z->bad_rules |= rte_iobuf_check_range(&a->chk, run_start,
					run_end - run_start + 1, APP_MBUF_RULES);
		} else {
			z->first_iova = iova;
			z->eal_mismatch = iova != mz->iova;
		}
		z->runs++;
		run_start = iova;
		run_end = iova + (next - va) - 1;
	}
	z->bad_rules |= rte_iobuf_check_range(&a->chk, run_start,
			run_end - run_start + 1, APP_MBUF_RULES);
	z->bad_rules |= rte_iobuf_check_range(&a->chk, z->first_iova, 1,
					      RTE_IOBUF_CHECK_ALIGN);
	z->last_iova = run_end;
}

struct judge_ctx {
	const struct app *a;
	struct app_port *p;
	const struct zone_names *before;
};

static void
judge_new_zone(const struct rte_memzone *mz, void *arg)
{
	struct judge_ctx *j = arg;

	if (zone_known(j->before, mz->name) || j->p->nb_zones == APP_MAX_ZONES)
		return;
	zone_judge(j->a, mz, &j->p->zones[j->p->nb_zones++]);
}

static int
vdev_add(struct app *a, struct app_port *p, unsigned int idx)
{
	char args[256];
	int rc;

	if (a->opt.kind == APP_PORT_NULL) {
		snprintf(p->vdev, sizeof(p->vdev), "net_null%u", idx);
		snprintf(args, sizeof(args), "size=%u,copy=0", a->opt.pkt_size);
	} else {
		snprintf(p->vdev, sizeof(p->vdev), "net_virtio_user%u", idx);
		snprintf(args, sizeof(args), "path=%s,queues=1,queue_size=%u",
			 p->socket, a->opt.nb_desc);
	}
	rc = rte_eal_hotplug_add("vdev", p->vdev, args);
	if (rc < 0) {
		p->vdev[0] = '\0';
		return fail(p, "vdev probe (rte_eal_hotplug_add)", -rc);
	}
	rc = rte_eth_dev_get_port_by_name(p->vdev, &p->port_id);
	if (rc < 0)
		return fail(p, "no ethdev after probe", -rc);
	return 0;
}

static int
link_wait(const struct app_port *p)
{
	struct rte_eth_link link;
	unsigned int ms;

	for (ms = 0; ms < APP_LINK_WAIT_MS; ms += 10) {
		if (rte_eth_link_get_nowait(p->port_id, &link) == 0 &&
		    link.link_status == RTE_ETH_LINK_UP)
			return 0;
		rte_delay_ms(10);
	}
	fprintf(stderr, "dpdk-iobuf-traffic: %s port %s: link not up after %u ms\n",
		p->label, p->vdev, APP_LINK_WAIT_MS);
	return -1;
}

static int
queues_start(struct app *a, struct app_port *p)
{
	struct rte_eth_conf conf;
	int socket = a->opt.params.socket_id;
	int rc;

	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_configure(p->port_id, 1, 1, &conf);
	if (rc < 0)
		return fail(p, "rte_eth_dev_configure", -rc);
	rc = rte_eth_rx_queue_setup(p->port_id, 0, a->opt.nb_desc, socket,
				    NULL, p->rx_pool);
	if (rc < 0)
		return fail(p, "rte_eth_rx_queue_setup", -rc);
	rc = rte_eth_tx_queue_setup(p->port_id, 0, a->opt.nb_desc, socket, NULL);
	if (rc < 0)
		return fail(p, "rte_eth_tx_queue_setup", -rc);
	rc = rte_eth_dev_start(p->port_id);
	if (rc < 0)
		return fail(p, "rte_eth_dev_start", -rc);
	return link_wait(p);
}

int
app_port_open(struct app *a, unsigned int idx)
{
	struct app_port *p = &a->ports[idx];
	struct zone_names before = { 0, NULL };
	struct app_pool_span rx_span, tx_span;
	int rc = -1;

	p->port_id = (uint16_t)idx;   /* provisional, for the pool names */
	p->rx_pool = pool_create(a, p, "rx");
	if (p->rx_pool == NULL)
		return fail(p, "RX mbuf pool", rte_errno);
	if (a->opt.kind == APP_PORT_VIRTIO) {
		p->tx_pool = pool_create(a, p, "tx");
		if (p->tx_pool == NULL)
			return fail(p, "TX mbuf pool", rte_errno);
	}
	p->ring = ring_create(a, p);
	if (p->ring == NULL)
		return fail(p, "RX->TX ring", rte_errno);
	app_pool_span(p->rx_pool, &rx_span);
	app_pool_span(p->tx_pool, &tx_span);
	p->held_bytes = rx_span.bytes + tx_span.bytes +
			rte_ring_get_memsize(a->opt.ring_size);

	before.name = calloc(RTE_MAX_MEMZONE, sizeof(*before.name));
	if (before.name == NULL)
		return fail(p, "memzone snapshot", ENOMEM);
	rte_memzone_walk(note_zone, &before);
	if (vdev_add(a, p, idx) == 0 && queues_start(a, p) == 0) {
		struct judge_ctx j = { a, p, &before };

		rte_memzone_walk(judge_new_zone, &j);
		rc = 0;
	}
	free(before.name);
	return rc;
}

static void
free_held_mbufs(struct app_port *p)
{
	struct rte_mbuf *m;

	while (p->ring != NULL && rte_ring_dequeue(p->ring, (void **)&m) == 0)
		rte_pktmbuf_free(m);
	while (p->pending_off < p->nb_pending)
		rte_pktmbuf_free(p->pending[p->pending_off++]);
	p->nb_pending = p->pending_off = 0;
}

void
app_port_close(struct app *a, unsigned int idx)
{
	struct app_port *p = &a->ports[idx];

	if (p->vdev[0] != '\0') {
		rte_eth_dev_stop(p->port_id);
		rte_eth_dev_close(p->port_id);
		rte_eal_hotplug_remove("vdev", p->vdev);
		p->vdev[0] = '\0';
	}
	free_held_mbufs(p);
	if (p->constrained)
		rte_iobuf_ring_free(p->ring);
	else
		rte_ring_free(p->ring);
	p->ring = NULL;
	rte_mempool_free(p->rx_pool);
	rte_mempool_free(p->tx_pool);
	p->rx_pool = p->tx_pool = NULL;
}
