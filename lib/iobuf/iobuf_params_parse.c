/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* A constraint written as DPDK devargs: "mask=0xffffffff,align=4K,contig=1". */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>
#include <rte_memory.h>

#include "rte_iobuf.h"
#include "iobuf_log.h"

static const char *const keys[] = {
	"mask", "iova_min", "iova_max", "align", "boundary", "max_segs",
	"max_seg_size", "contig", "cache", "socket", "dma_only", NULL,
};

/* Unsigned number: decimal, 0x hex or 0 octal, optional K/M/G suffix. */
static int
parse_u64(const char *key, const char *val, uint64_t *out)
{
	char *end;
	uint64_t v;

	if (val == NULL || val[0] == '\0' || val[0] == '-')
		goto bad;
	errno = 0;
	v = strtoull(val, &end, 0);
	if (errno != 0 || end == val)
		goto bad;
	switch (*end) {
	case 'G': case 'g':
		v <<= 10; /* fall through */
	case 'M': case 'm':
		v <<= 10; /* fall through */
	case 'K': case 'k':
		v <<= 10;
		end++;
		break;
	default:
		break;
	}
	if (*end != '\0')
		goto bad;
	*out = v;
	return 0;
bad:
	IOBUF_LOG(ERR, "constraint: %s=%s is not an unsigned number", key,
		  val != NULL ? val : "");
	return -EINVAL;
}

static int
set_flag(struct rte_iobuf_params *p, uint32_t flag, const char *key,
	 const char *val)
{
	if (val != NULL && strcmp(val, "1") == 0)
		p->flags |= flag;
	else if (val != NULL && strcmp(val, "0") == 0)
		p->flags &= ~flag;
	else {
		IOBUF_LOG(ERR, "constraint: %s=%s must be 0 or 1", key,
			  val != NULL ? val : "");
		return -EINVAL;
	}
	return 0;
}

static int
handle(const char *key, const char *val, void *arg)
{
	static const uint32_t modes[] = {
		RTE_IOBUF_CACHE_COPYBACK, RTE_IOBUF_CACHE_WRITE_THRU,
		RTE_IOBUF_CACHE_WRITE_COMBINE, RTE_IOBUF_CACHE_INHIBIT,
	};
	struct rte_iobuf_params *p = arg;
	uint64_t v = 0;
	unsigned int i;

	if (strcmp(key, "contig") == 0)
		return set_flag(p, RTE_IOBUF_CONTIG, key, val);
	if (strcmp(key, "dma_only") == 0)
		return set_flag(p, RTE_IOBUF_DMA_ONLY, key, val);
	if (strcmp(key, "cache") == 0) {
		for (i = 0; i < RTE_DIM(modes); i++) {
			if (val != NULL && strcmp(val, rte_iobuf_cache_name(modes[i])) == 0) {
				p->flags = (p->flags & ~RTE_IOBUF_CACHE_MASK) | modes[i];
				return 0;
			}
		}
		IOBUF_LOG(ERR, "constraint: cache=%s is not copyback, write-through, write-combine or inhibit",
			  val != NULL ? val : "");
		return -EINVAL;
	}
	if (strcmp(key, "socket") == 0) {
		if (val != NULL && strcmp(val, "any") == 0) {
			p->socket_id = SOCKET_ID_ANY;
			return 0;
		}
		if (parse_u64(key, val, &v) < 0 || v >= RTE_MAX_NUMA_NODES) {
			IOBUF_LOG(ERR, "constraint: socket=%s is not a NUMA node or 'any'",
				  val != NULL ? val : "");
			return -EINVAL;
		}
		p->socket_id = (int)v;
		return 0;
	}
	if (parse_u64(key, val, &v) < 0)
		return -EINVAL;
	if (strcmp(key, "mask") == 0)
		p->iova_mask = v;
	else if (strcmp(key, "iova_min") == 0)
		p->iova_min = v;
	else if (strcmp(key, "iova_max") == 0)
		p->iova_max = v;
	else if (strcmp(key, "align") == 0)
		p->align = v;
	else if (strcmp(key, "boundary") == 0)
		p->boundary = v;
	else if (strcmp(key, "max_seg_size") == 0)
		p->max_seg_size = v;
	else if (v > UINT32_MAX) {
		IOBUF_LOG(ERR, "constraint: max_segs=%s is too large", val);
		return -EINVAL;
	} else {
		p->max_segs = (uint32_t)v;
	}
	return 0;
}

int
rte_iobuf_params_parse(const char *str, struct rte_iobuf_params *p)
{
	struct rte_kvargs *kv;
	int ret;

	if (str == NULL || p == NULL) {
		IOBUF_LOG(ERR, "constraint: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	kv = rte_kvargs_parse(str, keys);
	if (kv == NULL) {
		IOBUF_LOG(ERR, "constraint '%s': not key=value[,key=value...] with keys mask, iova_min, iova_max, align, boundary, max_segs, max_seg_size, contig, cache, socket, dma_only",
			  str);
		rte_errno = EINVAL;
		return -EINVAL;
	}
	ret = rte_kvargs_process(kv, NULL, handle, p);
	rte_kvargs_free(kv);
	if (ret < 0) {
		rte_errno = EINVAL;
		return -EINVAL;
	}
	return 0;
}
