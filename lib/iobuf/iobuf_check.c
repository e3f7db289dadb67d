/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>

#include <rte_common.h>
#include <rte_errno.h>

#include "iobuf_constraint.h"
#include "rte_iobuf_check.h"

int
rte_iobuf_check_init(struct rte_iobuf_check *chk,
		     const struct rte_iobuf_params *p)
{
	struct rte_iobuf_params q;
	struct iobuf_constraint c;
	int rc;

	if (chk == NULL || p == NULL) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	q = *p;
	if (q.capacity == 0)
		q.capacity = 1;
	rc = iobuf_constraint_init(&c, &q, "check");
	if (rc < 0) {
		rte_errno = -rc;
		return rc;
	}
	iobuf_constraint_check(&c, chk);
	return 0;
}

const char *
rte_iobuf_check_rule_name(uint32_t rule)
{
	switch (rule) {
	case RTE_IOBUF_CHECK_MASK: return "mask";
	case RTE_IOBUF_CHECK_WINDOW: return "window";
	case RTE_IOBUF_CHECK_BOUNDARY: return "boundary";
	case RTE_IOBUF_CHECK_ALIGN: return "align";
	default: return "?";
	}
}
