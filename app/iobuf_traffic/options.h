/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_OPTIONS_H
#define IOBUF_TRAFFIC_OPTIONS_H

#include "app.h"

/* Exit statuses (documented in --help). */
#define APP_EXIT_OK      0
#define APP_EXIT_CHECKS  1   /* no traffic, or a check failed */
#define APP_EXIT_USAGE   2   /* bad option or value */
#define APP_EXIT_SETUP   3   /* EAL, constraint, pool, ring, port or peer */

/* Defaults, then the application options (after EAL's "--").
 * Returns 0, 1 after printing --help, or -1 after one error line. */
int app_options_parse(struct app_options *o, int argc, char **argv);

/* True if the application arguments ask for a virtio port; read before
 * rte_eal_init to add the EAL options virtio-user needs. */
bool app_options_want_virtio(int argc, char **argv);

#endif /* IOBUF_TRAFFIC_OPTIONS_H */
