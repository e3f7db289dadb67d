/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_LOG_H
#define IOBUF_LOG_H

#include <rte_log.h>

extern int iobuf_logtype;

/* One line per event, prefixed with the library name. */
#define IOBUF_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, iobuf_logtype, "IOBUF: " fmt "\n", \
		##__VA_ARGS__)

/* The same at a level chosen at run time (RTE_LOG_*). */
#define IOBUF_LOG_AT(level, fmt, ...) \
	rte_log((level), iobuf_logtype, "IOBUF: " fmt "\n", ##__VA_ARGS__)

#endif /* IOBUF_LOG_H */
