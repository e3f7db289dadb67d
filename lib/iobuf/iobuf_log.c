/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include "iobuf_log.h"

RTE_LOG_REGISTER(iobuf_logtype, lib.iobuf, NOTICE);
