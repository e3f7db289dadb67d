/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * dpdk-iobuf-traffic: see app.h for the shape, --help for the options.
 */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>

#include "options.h"
#include "peer.h"
#include "port.h"
#include "report.h"
#include "run.h"

static void
on_signal(int sig)
{
	RTE_SET_USED(sig);
	app_interrupted = 1;
}

/*
 * virtio-user sends its memory to the vhost back end as at most 8
 * regions: one file per memseg list (--single-file-segments) keeps it
 * within that. Added unless given.
 */
static char **
eal_argv_for(int argc, char **argv, int *eal_argc)
{
	char **v = calloc(argc + 2, sizeof(*v));
	int i, n = 0;
	bool have = false;

	if (v == NULL)
		return NULL;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		have |= strcmp(argv[i], "--single-file-segments") == 0;
	v[n++] = argv[0];
	if (!have && app_options_want_virtio(argc, argv))
		v[n++] = (char *)(uintptr_t)"--single-file-segments";
	for (i = 1; i < argc; i++)
		v[n++] = argv[i];
	*eal_argc = n;
	return v;
}

static void
ports_init(struct app *a)
{
	unsigned int i;

	a->nb_ports = a->opt.compare_stock ? 2 : 1;
	for (i = 0; i < a->nb_ports; i++) {
		struct app_port *p = &a->ports[i];

		p->constrained = i == 0;
		p->label = p->constrained ? "constrained" : "stock";
		p->rx.iova.eal_countdown = a->opt.eal_sample;
		p->tx.iova.eal_countdown = a->opt.eal_sample;
	}
}

/* Open every port (and the peer); APP_EXIT_OK or APP_EXIT_SETUP. */
static int
setup(struct app *a, struct app_peer *peer)
{
	unsigned int i;

	if (a->opt.kind == APP_PORT_VIRTIO) {
		if (a->opt.vhost_socket != NULL) {
			snprintf(a->ports[0].socket, sizeof(a->ports[0].socket),
				 "%s", a->opt.vhost_socket);
		} else {
			if (app_peer_start(peer, &a->opt, a->nb_ports) < 0)
				return APP_EXIT_SETUP;
			printf("peer: %s pid %d, --file-prefix=%s, %s forwarding, log %s\n",
			       a->opt.peer_bin, (int)peer->pid, peer->prefix,
			       a->opt.peer_fwd, peer->log);
			for (i = 0; i < a->nb_ports; i++)
				snprintf(a->ports[i].socket, sizeof(a->ports[i].socket),
					 "%s", peer->socket[i]);
		}
	}
	for (i = 0; i < a->nb_ports; i++) {
		if (app_port_open(a, i) < 0)
			return APP_EXIT_SETUP;
		rte_eth_macaddr_get(a->ports[i].port_id, &a->ports[i].mac);
	}
	return APP_EXIT_OK;
}

static void
teardown(struct app *a, struct app_peer *peer, bool keep_peer_log)
{
	unsigned int i;
	int rc;

	for (i = 0; i < APP_MAX_PORTS; i++)
		app_port_close(a, i);
	if (peer->pid > 0) {
		rc = app_peer_stop(peer, keep_peer_log);
		printf("peer: stopped, exit status %d, log %s%s\n", rc,
		       peer->log_kept ? "kept: " : "removed",
		       peer->log_kept ? peer->log : "");
	}
}

int
main(int argc, char **argv)
{
	static struct app a;
	struct app_peer peer = { 0 };
	char **eal_argv;
	int eal_argc, n, rc;
	bool pass = false;

	eal_argv = eal_argv_for(argc, argv, &eal_argc);
	if (eal_argv == NULL)
		return APP_EXIT_SETUP;
	n = rte_eal_init(eal_argc, eal_argv);
	if (n < 0) {
		fprintf(stderr, "dpdk-iobuf-traffic: EAL init failed: %s\n",
			rte_strerror(rte_errno));
		free(eal_argv);
		return APP_EXIT_SETUP;
	}
	eal_argv[n] = eal_argv[0];
	rc = app_options_parse(&a.opt, eal_argc - n, eal_argv + n);
	if (rc != 0) {
		rc = rc > 0 ? APP_EXIT_OK : APP_EXIT_USAGE;
		goto out;
	}
	if (rte_iobuf_check_init(&a.chk, &a.opt.params) < 0) {
		fprintf(stderr, "dpdk-iobuf-traffic: --constraint '%s': %s (the IOBUF log line above names the rule)\n",
			a.opt.constraint, rte_strerror(rte_errno));
		rc = rte_errno == EINVAL ? APP_EXIT_USAGE : APP_EXIT_SETUP;
		goto out;
	}
	ports_init(&a);
	a.rx_lcore = rte_get_next_lcore(-1, 1, 0);
	if (a.rx_lcore >= RTE_MAX_LCORE)
		a.rx_lcore = rte_get_main_lcore();
	printf("dpdk-iobuf-traffic: %s port, IOVA as %s, RX stage on lcore %u, TX stage on lcore %u\n",
	       a.opt.kind == APP_PORT_NULL ? "net_null" : "net_virtio",
	       rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA", a.rx_lcore,
	       rte_get_main_lcore());
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	rc = setup(&a, &peer);
	if (rc == APP_EXIT_OK) {
		double elapsed;

		app_report_setup(&a);
		elapsed = app_run(&a);
		pass = app_report_summary(&a, elapsed);
		rc = pass ? APP_EXIT_OK : APP_EXIT_CHECKS;
	}
	/* A failed check may be the peer's doing; a failed setup is ours. */
	teardown(&a, &peer, rc == APP_EXIT_CHECKS);
out:
	rte_eal_cleanup();
	free(eal_argv);
	return rc;
}
