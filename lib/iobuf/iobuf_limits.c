/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * Limits on the idle memory the library keeps: the defaults, the
 * IOBUF_CACHE_LIMIT environment variable ("store=32M,class=2M,total=64M,
 * idle_ms=1000", rte_kvargs syntax, read when the first process makes the
 * page store), and rte_iobuf_cache_limit_set()/get().
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_kvargs.h>

#include "iobuf_log.h"
#include "iobuf_private.h"

#define LIMIT_ENV "IOBUF_CACHE_LIMIT"

static const char *const limit_keys[] = {
	"store", "class", "total", "idle_ms", NULL,
};

static int
limit_handle(const char *key, const char *val, void *arg)
{
	struct iobuf_limits *l = arg;
	const char *why;
	uint64_t v;

	why = iobuf_parse_number(val, &v);
	if (why == NULL && strcmp(key, "idle_ms") == 0 && v > UINT32_MAX)
		why = "is too large";
	if (why != NULL) {
		IOBUF_LOG(ERR, "cache limit: %s=%s %s", key, val != NULL ? val : "", why);
		return -EINVAL;
	}
	if (strcmp(key, "store") == 0)
		l->store_idle = v;
	else if (strcmp(key, "class") == 0)
		l->class_idle = v;
	else if (strcmp(key, "total") == 0)
		l->total_idle = v;
	else
		l->idle_ms = (uint32_t)v;
	return 0;
}

/* Parse @p str over @p l (only the keys named change); 0 or -EINVAL after
 * one log line. */
static int
limits_parse(const char *str, struct iobuf_limits *l)
{
	struct iobuf_limits tmp = *l;
	struct rte_kvargs *kv = rte_kvargs_parse(str, limit_keys);
	int ret;

	if (kv == NULL) {
		IOBUF_LOG(ERR, "cache limit '%s': not key=value[,key=value...] with keys store, class, total, idle_ms",
			  str);
		return -EINVAL;
	}
	ret = rte_kvargs_process(kv, NULL, limit_handle, &tmp);
	rte_kvargs_free(kv);
	if (ret < 0)
		return -EINVAL;
	*l = tmp;
	return 0;
}

void
iobuf_limits_defaults(struct iobuf_limits *l)
{
	const char *env = getenv(LIMIT_ENV);

	*l = (struct iobuf_limits){
		.store_idle = IOBUF_STORE_IDLE_DEFAULT,
		.class_idle = IOBUF_CLASS_IDLE_DEFAULT,
		.total_idle = IOBUF_TOTAL_IDLE_DEFAULT,
		.idle_ms = IOBUF_IDLE_MS_DEFAULT,
	};
	if (env != NULL && env[0] != '\0' && limits_parse(env, l) < 0)
		IOBUF_LOG(ERR, "%s ignored: the defaults stay", LIMIT_ENV);
}

static struct iobuf_limits
from_public(const struct rte_iobuf_cache_limits *lim)
{
	return (struct iobuf_limits){
		.store_idle = lim->store_idle_bytes,
		.class_idle = lim->class_idle_bytes,
		.total_idle = lim->total_idle_bytes,
		.idle_ms = lim->idle_ms,
	};
}

static struct rte_iobuf_cache_limits
to_public(const struct iobuf_limits *l)
{
	return (struct rte_iobuf_cache_limits){
		.store_idle_bytes = l->store_idle,
		.class_idle_bytes = l->class_idle,
		.total_idle_bytes = l->total_idle,
		.idle_ms = l->idle_ms,
	};
}

int
rte_iobuf_cache_limit_set(const struct rte_iobuf_cache_limits *lim)
{
	struct iobuf_limits l;

	if (lim == NULL) {
		IOBUF_LOG(ERR, "cache limit: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	l = from_public(lim);
	if (iobuf_limits_set(&l) < 0) {
		IOBUF_LOG(ERR, "cache limit: no memory for the page store's state");
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	return 0;
}

int
rte_iobuf_cache_limit_get(struct rte_iobuf_cache_limits *lim)
{
	struct iobuf_limits l;

	if (lim == NULL) {
		IOBUF_LOG(ERR, "cache limit: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	if (iobuf_limits_get(&l) < 0) {
		IOBUF_LOG(ERR, "cache limit: no memory for the page store's state");
		rte_errno = ENOMEM;
		return -ENOMEM;
	}
	*lim = to_public(&l);
	return 0;
}

int
rte_iobuf_cache_limit_parse(const char *str, struct rte_iobuf_cache_limits *lim)
{
	struct iobuf_limits l;

	if (str == NULL || lim == NULL) {
		IOBUF_LOG(ERR, "cache limit: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	l = from_public(lim);
	if (limits_parse(str, &l) < 0) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	*lim = to_public(&l);
	return 0;
}
