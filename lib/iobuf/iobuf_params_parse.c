/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* A constraint written as DPDK devargs: "mask=0xffffffff,align=4K,contig=1". */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>
#include <rte_memory.h>

#include "rte_iobuf.h"
#include "iobuf_log.h"
#include "iobuf_private.h"

static const char *const keys[] = {
	"mask", "iova_min", "iova_max", "align", "boundary", "max_segs",
	"max_seg_size", "contig", "cache", "socket", "dma_only", NULL,
};

/*
 * Unsigned number: decimal or 0x hex digits from the first character (no
 * space, sign or octal: "0100" is one hundred), then an optional K/M/G
 * suffix that must not carry the value past 64 bits. NULL if @p val is one,
 * else what is wrong with it (the caller logs it once, naming the key).
 */
const char *
iobuf_parse_number(const char *val, uint64_t *out)
{
	static const char bad[] = "is not an unsigned number (decimal or 0x hex, optional K/M/G)";
	const char *digits = val;
	unsigned int shift = 0;
	int base = 10;
	char *end;
	uint64_t v;

	if (val == NULL || !isdigit((unsigned char)val[0]))
		return bad;
	if (val[0] == '0' && (val[1] == 'x' || val[1] == 'X')) {
		digits = val + 2;
		base = 16;
		/* strtoull() would take a second "0x" of its own. */
		if (!isxdigit((unsigned char)digits[0]) ||
		    (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')))
			return bad;
	}
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno == ERANGE)
		return "does not fit in 64 bits";
	if (errno != 0 || end == digits)
		return bad;
	switch (*end) {
	case 'K': case 'k':
		shift = 10;
		break;
	case 'M': case 'm':
		shift = 20;
		break;
	case 'G': case 'g':
		shift = 30;
		break;
	default:
		break;
	}
	if (shift != 0) {
		if (v > UINT64_MAX >> shift)
			return "does not fit in 64 bits with its K/M/G multiplier";
		v <<= shift;
		end++;
	}
	if (*end != '\0')
		return bad;
	*out = v;
	return NULL;
}

static int
parse_u64(const char *key, const char *val, uint64_t *out)
{
	const char *why = iobuf_parse_number(val, out);

	if (why == NULL)
		return 0;
	IOBUF_LOG(ERR, "constraint: %s=%s %s", key, val != NULL ? val : "", why);
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
		/* One line whatever is wrong: the parser does not log. */
		if (iobuf_parse_number(val, &v) != NULL || v >= RTE_MAX_NUMA_NODES) {
			IOBUF_LOG(ERR, "constraint: socket=%s is not a NUMA node number below %d or 'any'",
				  val != NULL ? val : "", RTE_MAX_NUMA_NODES);
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

/* First key of @p str (before '=' or ',') that is not one of keys[], or "". */
static void
unknown_key(const char *str, char *buf, size_t size)
{
	const char *k = str;
	size_t len;
	unsigned int i;

	buf[0] = '\0';
	while (*k != '\0') {
		len = strcspn(k, "=,");
		for (i = 0; keys[i] != NULL; i++)
			if (strlen(keys[i]) == len && strncmp(keys[i], k, len) == 0)
				break;
		if (keys[i] == NULL && len != 0) {
			snprintf(buf, size, "%.*s", (int)len, k);
			return;
		}
		k += strcspn(k, ",");
		if (*k == ',')
			k++;
	}
}

int
rte_iobuf_params_parse(const char *str, struct rte_iobuf_params *p)
{
	char bad_key[32];
	struct rte_kvargs *kv;
	int ret;

	if (str == NULL || p == NULL) {
		IOBUF_LOG(ERR, "constraint: NULL argument");
		rte_errno = EINVAL;
		return -EINVAL;
	}
	kv = rte_kvargs_parse(str, keys);
	if (kv == NULL) {
		unknown_key(str, bad_key, sizeof(bad_key));
		IOBUF_LOG(ERR, "constraint '%s': %s%s%snot key=value[,key=value...] with keys mask, iova_min, iova_max, align, boundary, max_segs, max_seg_size, contig, cache, socket, dma_only",
			  str, bad_key[0] != '\0' ? "key '" : "", bad_key,
			  bad_key[0] != '\0' ? "' unknown; " : "");
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
