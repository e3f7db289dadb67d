/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_PEER_H
#define IOBUF_TRAFFIC_PEER_H

/*
 * The vhost-user peer: stock dpdk-testpmd with one net_vhost vdev per port
 * (vhost-user server), echoing each port to itself (--port-topology=loop).
 * It runs with --no-huge and its own --file-prefix, so it leaves no
 * hugepage files; it dies with this process (PR_SET_PDEATHSIG); stop
 * reaps it and removes its sockets and runtime directory.
 */

#include <stdbool.h>
#include <sys/types.h>

#include "app.h"

struct app_peer {
	pid_t pid;                   /* 0 = not running */
	unsigned int nb_sockets;
	char socket[APP_MAX_PORTS][108];
	char prefix[64];
	char log[128];
	bool log_kept;               /* set by stop */
};

/* Start the peer with @p nb_ports vhost ports and wait until it listens.
 * Returns 0, or -1 after an error line (the peer is then stopped). */
int app_peer_start(struct app_peer *peer, const struct app_options *o,
		   unsigned int nb_ports);

/* Stop, reap and clean up. Keeps the log file if @p keep_log or if the
 * peer did not exit with status 0, else removes it. Returns
 * the peer's exit status, or -1 if it had to be killed. */
int app_peer_stop(struct app_peer *peer, bool keep_log);

#endif /* IOBUF_TRAFFIC_PEER_H */
