/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_REPORT_H
#define IOBUF_TRAFFIC_REPORT_H

#include "app.h"

/* What the periodic line needs from the previous one. */
struct app_report_state {
	double t;
	uint64_t pkts[APP_MAX_PORTS];
};

/* The constraint, each port's pools and ring with their IOVA ranges, and
 * the memzones the PMD reserved with their verdict. */
void app_report_setup(const struct app *a);

void app_report_begin(const struct app *a, struct app_report_state *rs);

/* One line per port: packets, Mpps since the last line, drops, IOVA
 * checks, integrity errors, memory held. */
void app_report_line(const struct app *a, struct app_report_state *rs,
		     double t);

/* The final table and the verdict; true if traffic flowed and every
 * check passed. */
bool app_report_summary(const struct app *a, double elapsed);

#endif /* IOBUF_TRAFFIC_REPORT_H */
