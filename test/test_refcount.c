/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* Reference counts: lookup racing the last release, double release. */

#include <rte_iobuf.h>

#include "iobuf_test.h"
