/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * pool_probe: an independent judge of a running application's mempool.
 * Runs as a DPDK secondary process of the application, looks its pool up by
 * name and checks every object, without asking the library that built the
 * pool: EAL is the source of truth (rte_mem_virt2memseg and
 * rte_mem_virt2iova at every page, the two compared), and the constraint's
 * rules are those written out in test/iobuf_check.c (the library is used
 * only to parse the constraint string).
 *
 * For every object: [obj, obj + elt_size) at the IOVA the mempool recorded,
 * and for an mbuf also [buf_iova, buf_iova + buf_len): each page known to
 * EAL, each page's IOVA equal to the recorded IOVA plus offset (one
 * segment), every byte inside the mask (bit by bit) and the window, no
 * boundary crossed, at most max_seg_size bytes. For every memory chunk that
 * holds objects: the same over the whole chunk, and its first IOVA aligned
 * to max(align, mask & -mask). Chunks without objects (a driver's unused
 * placeholder) are counted, not judged. Chunks that are the mempool
 * library's own memzones ("MP_<pool>_<n>", what rte_mempool_populate_default
 * reserves) are counted too: --not-stock makes any of them a failure, so a
 * pool the driver did not populate cannot pass by luck. (The pool's ops name
 * cannot be told: ops indexes are per process and a secondary registers
 * them in its own link order.)
 *
 * Usage: pool_probe EAL-ARGS --proc-type=secondary --file-prefix=PREFIX --
 *            --pool NAME [--constraint KV] [--expect N] [--mbufs] [--not-stock]
 * Prints one line per finding (first ones only), a summary line and
 * "result: PASS" or "result: FAIL". Exit status: 0 every check passed;
 * 1 a violation or a count, kind or origin mismatch; 2 bad usage or
 * constraint; 3 could not attach (EAL init failed or not a secondary) or
 * no such pool.
 */

#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_mempool.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"

#define MAX_REPORTS 5
#define MAX_CHUNKS 65536

struct chunk {
	uintptr_t va;
	rte_iova_t iova;
	size_t len;
	unsigned int objs;
};

struct probe {
	/* the rule */
	uint64_t allowed, align, boundary, max_seg_size;
	rte_iova_t lo, hi;
	/* the pool */
	struct rte_mempool *mp;
	bool mbufs;
	struct chunk *chunks;
	unsigned int n_chunks;
	char zone_prefix[RTE_MEMZONE_NAMESIZE];
	/* findings */
	unsigned int objs, bad_objs, bad_bufs, bad_chunks, stock_chunks, reports;
	uint64_t eal_calls;
	rte_iova_t min_iova, max_iova;
};

static void
usage(const char *prog)
{
	fprintf(stderr, "usage: %s EAL-ARGS --proc-type=secondary --file-prefix=P -- "
		"--pool NAME [--constraint KV] [--expect N] [--mbufs] [--not-stock]\n", prog);
}

/* Print one finding (the first MAX_REPORTS only); returns false. */
static bool
finding(struct probe *pr, const char *kind, const void *va, rte_iova_t iova,
	size_t len, const char *why)
{
	if (pr->reports++ < MAX_REPORTS)
		printf("violation: %s %p IOVA 0x%" PRIx64 "+%zu: %s\n", kind, va, iova, len, why);
	return false;
}

/*
 * [va, va + len) recorded at @p iova against EAL and the rule. Every page:
 * a memseg, whose IOVA (when it has one) agrees with rte_mem_virt2iova,
 * which must equal iova + offset; then the last byte.
 */
static bool
range_ok(struct probe *pr, const char *kind, const void *va, rte_iova_t iova,
	 size_t len)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(va);
	const struct rte_memseg *ms;
	uintptr_t a = (uintptr_t)va, at;
	rte_iova_t eal, end = iova + len - 1;
	char why[160];
	uint64_t pg;

	if (len == 0 || iova == RTE_BAD_IOVA)
		return finding(pr, kind, va, iova, len, "no IOVA recorded");
	if (msl == NULL)
		return finding(pr, kind, va, iova, len, "not in EAL's memory");
	pg = msl->page_sz;
	for (at = a; at < a + len; at = RTE_ALIGN_FLOOR(at + pg, pg)) {
		ms = rte_mem_virt2memseg((void *)at, msl);
		if (ms == NULL) {
			snprintf(why, sizeof(why), "no memseg at offset %zu", (size_t)(at - a));
			return finding(pr, kind, va, iova, len, why);
		}
		eal = rte_mem_virt2iova((void *)at);
		pr->eal_calls++;
		if (eal != iova + (at - a) ||
		    (ms->iova != RTE_BAD_IOVA &&
		     ms->iova + (at - (uintptr_t)ms->addr) != eal)) {
			snprintf(why, sizeof(why), "at offset %zu EAL says 0x%" PRIx64
				 " (memseg 0x%" PRIx64 "+%zu)", (size_t)(at - a), eal,
				 ms->iova, (size_t)(at - (uintptr_t)ms->addr));
			return finding(pr, kind, va, iova, len, why);
		}
	}
	eal = rte_mem_virt2iova((const char *)va + len - 1);
	pr->eal_calls++;
	if (eal != end) {
		snprintf(why, sizeof(why), "last byte: EAL says 0x%" PRIx64, eal);
		return finding(pr, kind, va, iova, len, why);
	}
	if (!iobuf_check_range_in_mask(iova, end, pr->allowed)) {
		snprintf(why, sizeof(why), "has IOVA bits outside 0x%" PRIx64, pr->allowed);
		return finding(pr, kind, va, iova, len, why);
	}
	if (iova < pr->lo || end > pr->hi) {
		snprintf(why, sizeof(why), "outside window [0x%" PRIx64 ", 0x%" PRIx64 "]",
			 pr->lo, pr->hi);
		return finding(pr, kind, va, iova, len, why);
	}
	if (pr->boundary != 0 && iova / pr->boundary != end / pr->boundary) {
		snprintf(why, sizeof(why), "crosses boundary 0x%" PRIx64, pr->boundary);
		return finding(pr, kind, va, iova, len, why);
	}
	return true;
}

static void
chunk_cb(struct rte_mempool *mp __rte_unused, void *arg,
	 struct rte_mempool_memhdr *memhdr, unsigned int idx __rte_unused)
{
	struct probe *pr = arg;

	if (pr->n_chunks < MAX_CHUNKS)
		pr->chunks[pr->n_chunks++] = (struct chunk){
			.va = (uintptr_t)memhdr->addr, .iova = memhdr->iova,
			.len = memhdr->len,
		};
}

static void
obj_cb(struct rte_mempool *mp, void *arg, void *obj, unsigned int idx __rte_unused)
{
	struct probe *pr = arg;
	rte_iova_t iova = rte_mempool_virt2iova(obj);
	uintptr_t va = (uintptr_t)obj;
	unsigned int i;
	bool ok;

	pr->objs++;
	for (i = 0; i < pr->n_chunks; i++)
		if (va >= pr->chunks[i].va && va + mp->elt_size <= pr->chunks[i].va + pr->chunks[i].len) {
			pr->chunks[i].objs++;
			break;
		}
	ok = range_ok(pr, "object", obj, iova, mp->elt_size);
	if (ok && pr->max_seg_size != 0 && mp->elt_size > pr->max_seg_size)
		ok = finding(pr, "object", obj, iova, mp->elt_size,
			     "one segment above max_seg_size");
	if (i == pr->n_chunks)
		ok = finding(pr, "object", obj, iova, mp->elt_size, "in no memory chunk of the pool");
	if (!ok)
		pr->bad_objs++;
	if (iova != RTE_BAD_IOVA) {
		pr->min_iova = RTE_MIN(pr->min_iova, iova);
		pr->max_iova = RTE_MAX(pr->max_iova, iova + mp->elt_size - 1);
	}
	if (pr->mbufs) {
		struct rte_mbuf *m = obj;

		if (m->pool != mp)
			ok = finding(pr, "mbuf", obj, iova, mp->elt_size,
				     "its pool pointer is not this pool");
		else
			ok = range_ok(pr, "mbuf data", m->buf_addr, m->buf_iova, m->buf_len);
		if (ok && pr->max_seg_size != 0 && m->buf_len > pr->max_seg_size)
			ok = finding(pr, "mbuf data", m->buf_addr, m->buf_iova, m->buf_len,
				     "one segment above max_seg_size");
		if (!ok)
			pr->bad_bufs++;
	}
}

/* A chunk inside one of the mempool library's own zones for this pool. */
static void
zone_cb(const struct rte_memzone *mz, void *arg)
{
	struct probe *pr = arg;
	unsigned int i;

	if (strncmp(mz->name, pr->zone_prefix, strlen(pr->zone_prefix)) != 0)
		return;
	for (i = 0; i < pr->n_chunks; i++)
		if (pr->chunks[i].objs != 0 && pr->chunks[i].va >= (uintptr_t)mz->addr &&
		    pr->chunks[i].va < (uintptr_t)mz->addr + mz->len)
			pr->stock_chunks++;
}

/* Chunks that hold objects: EAL-contiguous, inside the rule, aligned. */
static unsigned int
check_chunks(struct probe *pr, unsigned int *unused)
{
	unsigned int i;
	char why[96];

	*unused = 0;
	for (i = 0; i < pr->n_chunks; i++) {
		const struct chunk *c = &pr->chunks[i];

		if (c->objs == 0) {
			(*unused)++;
			continue;
		}
		if (!range_ok(pr, "chunk", (void *)c->va, c->iova, c->len)) {
			pr->bad_chunks++;
		} else if (c->iova % pr->align != 0) {
			snprintf(why, sizeof(why), "not aligned to 0x%" PRIx64, pr->align);
			finding(pr, "chunk", (void *)c->va, c->iova, c->len, why);
			pr->bad_chunks++;
		}
	}
	return pr->bad_chunks;
}

/* An mbuf pool: private area of an mbuf pool, and objects large enough. */
static bool
is_mbuf_pool(const struct rte_mempool *mp)
{
	const struct rte_pktmbuf_pool_private *priv;

	if (mp->private_data_size < sizeof(*priv))
		return false;
	priv = rte_mempool_get_priv((struct rte_mempool *)(uintptr_t)mp);
	return mp->elt_size >= sizeof(struct rte_mbuf) + priv->mbuf_priv_size +
			       priv->mbuf_data_room_size;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pool", required_argument, NULL, 'p' },
		{ "constraint", required_argument, NULL, 'c' },
		{ "expect", required_argument, NULL, 'e' },
		{ "mbufs", no_argument, NULL, 'm' },
		{ "not-stock", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	const char *pool = NULL, *constraint = "";
	struct probe pr = { .min_iova = UINT64_MAX };
	long expect = -1;
	unsigned int unused;
	bool fail = false, want_mbufs = false, not_stock = false;
	int ret, c;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		printf("pool_probe: cannot attach: EAL init failed: %s\nresult: FAIL\n",
		       rte_errno != 0 ? rte_strerror(rte_errno) :
		       "see EAL's messages (no primary with this --file-prefix?)");
		return 3;
	}
	if (rte_eal_process_type() != RTE_PROC_SECONDARY) {
		printf("pool_probe: not a secondary process (give --proc-type=secondary and the primary's --file-prefix)\nresult: FAIL\n");
		rte_eal_cleanup();
		return 3;
	}
	argc -= ret;
	argv += ret;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pool = optarg; break;
		case 'c': constraint = optarg; break;
		case 'e': expect = strtol(optarg, NULL, 0); break;
		case 'm': want_mbufs = true; break;
		case 's': not_stock = true; break;
		default:
			usage(argv[0]);
			rte_eal_cleanup();
			return 2;
		}
	}
	if (pool == NULL || optind != argc) {
		usage(argv[0]);
		rte_eal_cleanup();
		return 2;
	}
	if (constraint[0] != '\0' && rte_iobuf_params_parse(constraint, &p) < 0) {
		printf("pool_probe: bad constraint '%s'\nresult: FAIL\n", constraint);
		rte_eal_cleanup();
		return 2;
	}

	/* The rule of DESIGN.md section 3, as test/iobuf_check.c writes it. */
	pr.align = RTE_MAX(p.align, (uint64_t)1);
	pr.allowed = UINT64_MAX;
	if (p.iova_mask != 0) {
		pr.align = RTE_MAX(pr.align, p.iova_mask & -p.iova_mask);
		pr.allowed = p.iova_mask | (pr.align - 1);
	}
	pr.lo = p.iova_min;
	pr.hi = p.iova_max != 0 ? p.iova_max : UINT64_MAX;
	pr.boundary = p.boundary;
	pr.max_seg_size = p.max_seg_size;

	pr.mp = rte_mempool_lookup(pool);
	if (pr.mp == NULL) {
		printf("pool_probe: no mempool '%s' in the primary\nresult: FAIL\n", pool);
		rte_eal_cleanup();
		return 3;
	}
	pr.mbufs = is_mbuf_pool(pr.mp);
	pr.chunks = calloc(MAX_CHUNKS, sizeof(*pr.chunks));
	if (pr.chunks == NULL) {
		printf("pool_probe: out of memory\nresult: FAIL\n");
		rte_eal_cleanup();
		return 2;
	}
	printf("pool_probe: IOVA as %s, pool %s: %u of %u objects populated, %s, %u chunks; rule allowed=0x%" PRIx64
	       " window=[0x%" PRIx64 ",0x%" PRIx64 "] boundary=0x%" PRIx64 " chunk align=0x%" PRIx64
	       " max_seg_size=%" PRIu64 "\n",
	       rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA", pool,
	       pr.mp->populated_size, pr.mp->size, pr.mbufs ? "mbuf pool" : "generic pool",
	       pr.mp->nb_mem_chunks, pr.allowed, pr.lo, pr.hi, pr.boundary, pr.align,
	       pr.max_seg_size);

	rte_mempool_mem_iter(pr.mp, chunk_cb, &pr);
	rte_mempool_obj_iter(pr.mp, obj_cb, &pr);
	check_chunks(&pr, &unused);
	snprintf(pr.zone_prefix, sizeof(pr.zone_prefix), RTE_MEMPOOL_MZ_PREFIX "%s_", pool);
	rte_memzone_walk(zone_cb, &pr);

	printf("pool_probe: %u objects checked (%u bad), %u mbuf data buffers (%u bad), %u chunks with objects (%u bad, %u in %s* zones), %u without; IOVA [0x%" PRIx64
	       ", 0x%" PRIx64 "], %" PRIu64 " EAL translations\n",
	       pr.objs, pr.bad_objs, pr.mbufs ? pr.objs : 0, pr.bad_bufs,
	       pr.n_chunks - unused, pr.bad_chunks, pr.stock_chunks, pr.zone_prefix, unused,
	       pr.objs != 0 ? pr.min_iova : 0, pr.objs != 0 ? pr.max_iova : 0, pr.eal_calls);
	if (pr.bad_objs != 0 || pr.bad_bufs != 0 || pr.bad_chunks != 0)
		fail = true;
	if (pr.n_chunks == MAX_CHUNKS) {
		printf("pool_probe: more than %u chunks, not all judged\n", MAX_CHUNKS);
		fail = true;
	}
	if (pr.objs == 0 || pr.objs != pr.mp->size || pr.mp->populated_size != pr.mp->size) {
		printf("pool_probe: %u objects walked, pool size %u, populated %u\n", pr.objs,
		       pr.mp->size, pr.mp->populated_size);
		fail = true;
	}
	if (expect >= 0 && pr.objs != (unsigned long)expect) {
		printf("pool_probe: %u objects, expected %ld\n", pr.objs, expect);
		fail = true;
	}
	if (not_stock && pr.stock_chunks != 0) {
		printf("pool_probe: %u chunks are the mempool library's own zones: not populated by the driver\n",
		       pr.stock_chunks);
		fail = true;
	}
	if (want_mbufs && !pr.mbufs) {
		printf("pool_probe: not an mbuf pool\n");
		fail = true;
	}
	printf("result: %s\n", fail ? "FAIL" : "PASS");
	free(pr.chunks);
	rte_eal_cleanup();
	return fail ? 1 : 0;
}
