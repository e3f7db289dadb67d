/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_RUN_H
#define IOBUF_TRAFFIC_RUN_H

#include <signal.h>

#include "app.h"

/* Set by SIGINT/SIGTERM: end the run early, still drain and report. */
extern volatile sig_atomic_t app_interrupted;

/*
 * Run traffic on the open ports until --seconds, --packets or a signal,
 * printing a stats line every --stats-period; with --compare-stock the
 * ports take turns in 250 ms windows. Then stop generating, flush, stop
 * the RX stage and (virtio) collect every frame still in flight. Returns
 * the elapsed seconds; each port's active_s says how long it carried
 * traffic.
 */
double app_run(struct app *a);

#endif /* IOBUF_TRAFFIC_RUN_H */
