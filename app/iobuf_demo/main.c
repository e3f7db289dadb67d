/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * dpdk-iobuf-demo: allocate IOVA-constrained buffers, print their segments
 * and check every segment against EAL's own IOVA of the same bytes.
 * Without constraint options it runs a fixed set of typical requests.
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

static void
usage(const char *prog)
{
	printf("Usage: %s [EAL options] -- [options]\n"
	       "  --size BYTES        capacity (suffix K, M, G allowed)\n"
	       "  --mask HEX          IOVA mask (IOKit physicalMask)\n"
	       "  --align BYTES       alignment of the first IOVA\n"
	       "  --window MIN:MAX    admissible IOVA window (inclusive)\n"
	       "  --boundary BYTES    boundary no segment crosses\n"
	       "  --max-segs N        maximum number of segments\n"
	       "  --max-seg-size B    maximum bytes per segment\n"
	       "  --contig            one IOVA-contiguous segment\n"
	       "  --dma-only          no CPU access (IOKit task = NULL)\n"
	       "  --cache MODE        copyback|write-thru|write-combine|inhibit\n"
	       "  --count N           buffers to create (default 1)\n"
	       "  --help              this text\n"
	       "Without --size, a fixed set of typical requests is run.\n",
	       prog);
}

/* Parse a size with optional K/M/G suffix; -1 on error. */
static int
parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno != 0 || end == s)
		return -1;
	switch (*end) {
	case 'K': case 'k': *v <<= 10; end++; break;
	case 'M': case 'm': *v <<= 20; end++; break;
	case 'G': case 'g': *v <<= 30; end++; break;
	default: break;
	}
	return *end == '\0' ? 0 : -1;
}

static int
parse_cache(const char *s, uint32_t *flag)
{
	static const struct { const char *name; uint32_t flag; } modes[] = {
		{ "copyback", RTE_IOBUF_CACHE_COPYBACK },
		{ "write-thru", RTE_IOBUF_CACHE_WRITE_THRU },
		{ "write-combine", RTE_IOBUF_CACHE_WRITE_COMBINE },
		{ "inhibit", RTE_IOBUF_CACHE_INHIBIT },
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(modes); i++) {
		if (strcmp(s, modes[i].name) == 0) {
			*flag = modes[i].flag;
			return 0;
		}
	}
	return -1;
}

/* Create, show and check one request. Returns 0, 1 on failure, 2 if the
 * machine's memory cannot meet it (a clean ENOMEM). */
static int
run_one(const char *title, const struct rte_iobuf_params *p)
{
	struct rte_iobuf *b = rte_iobuf_create_params(p);
	int ret;

	printf("== %s\n", title);
	if (b == NULL) {
		printf("   not created: %s\n", rte_strerror(rte_errno));
		return rte_errno == ENOMEM ? 2 : 1;
	}
	rte_iobuf_dump(stdout, b);
	ret = rte_iobuf_verify(b);
	printf("   check against rte_mem_virt2iova: %s\n", ret == 0 ? "ok" : "FAILED");
	rte_iobuf_release(b);
	return ret == 0 ? 0 : 1;
}

static int
run_demo_set(void)
{
	static const struct {
		const char *title;
		struct rte_iobuf_params p;
	} set[] = {
		{ "64 KiB rx ring below 4 GiB, 4 KiB aligned, contiguous, write-combine",
		  { .name = "rx-ring", .socket_id = SOCKET_ID_ANY,
		    .flags = RTE_IOBUF_DIR_IN | RTE_IOBUF_CONTIG |
			     RTE_IOBUF_CACHE_WRITE_COMBINE,
		    .capacity = 64 << 10, .iova_mask = 0x00000000FFFFF000ULL } },
		{ "4 MiB scattered, segments of at most 1 MiB never crossing 1 MiB",
		  { .name = "tx-data", .socket_id = SOCKET_ID_ANY,
		    .flags = RTE_IOBUF_DIR_OUT, .capacity = 4 << 20,
		    .boundary = 1 << 20, .max_seg_size = 1 << 20 } },
		{ "256 B command block, 4 KiB aligned, within one 64 KiB block",
		  { .name = "cmd", .socket_id = SOCKET_ID_ANY,
		    .flags = RTE_IOBUF_DIR_OUT | RTE_IOBUF_CACHE_WRITE_THRU,
		    .capacity = 256, .align = 4096, .boundary = 64 << 10 } },
		{ "2 MiB DMA-only, 48-bit mask, 2 MiB aligned",
		  { .name = "dma-only", .socket_id = SOCKET_ID_ANY,
		    .flags = RTE_IOBUF_DMA_ONLY | RTE_IOBUF_CONTIG,
		    .capacity = 2 << 20, .iova_mask = 0x0000FFFFFFE00000ULL } },
	};
	unsigned int i, failed = 0, unmet = 0;
	int r;

	for (i = 0; i < RTE_DIM(set); i++) {
		r = run_one(set[i].title, &set[i].p);
		failed += r == 1;
		unmet += r == 2;
	}
	printf("demo: %u requests, %u met and checked, %u not met by this machine's memory, %u failed\n",
	       i, i - failed - unmet, unmet, failed);
	return failed == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "mask", required_argument, NULL, 'm' },
		{ "align", required_argument, NULL, 'a' },
		{ "window", required_argument, NULL, 'w' },
		{ "boundary", required_argument, NULL, 'b' },
		{ "max-segs", required_argument, NULL, 'n' },
		{ "max-seg-size", required_argument, NULL, 'z' },
		{ "contig", no_argument, NULL, 'c' },
		{ "dma-only", no_argument, NULL, 'd' },
		{ "cache", required_argument, NULL, 'C' },
		{ "count", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rte_iobuf_params p = { .socket_id = SOCKET_ID_ANY };
	uint64_t v, count = 1, i;
	uint32_t cache;
	char *colon;
	int opt, ret, r;

	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		fprintf(stderr, "EAL init failed: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	argc -= ret;
	argv += ret;
	ret = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's': if (parse_u64(optarg, &v) < 0) goto bad; p.capacity = v; break;
		case 'm': if (parse_u64(optarg, &p.iova_mask) < 0) goto bad; break;
		case 'a': if (parse_u64(optarg, &p.align) < 0) goto bad; break;
		case 'b': if (parse_u64(optarg, &p.boundary) < 0) goto bad; break;
		case 'z': if (parse_u64(optarg, &p.max_seg_size) < 0) goto bad; break;
		case 'n':
			if (parse_u64(optarg, &v) < 0 || v > UINT32_MAX)
				goto bad;
			p.max_segs = v;
			break;
		case 'w':
			colon = strchr(optarg, ':');
			if (colon == NULL)
				goto bad;
			*colon = '\0';
			if (parse_u64(optarg, &p.iova_min) < 0 ||
			    parse_u64(colon + 1, &p.iova_max) < 0)
				goto bad;
			break;
		case 'c': p.flags |= RTE_IOBUF_CONTIG; break;
		case 'd': p.flags |= RTE_IOBUF_DMA_ONLY; break;
		case 'C':
			if (parse_cache(optarg, &cache) < 0)
				goto bad;
			p.flags |= cache;
			break;
		case 'N': if (parse_u64(optarg, &count) < 0) goto bad; break;
		case 'h': usage(argv[0]); rte_eal_cleanup(); return 0;
		default: goto bad;
		}
	}
	printf("IOVA mode: %s\n", rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA");
	if (p.capacity == 0) {
		ret = run_demo_set();
	} else {
		for (i = 0; i < count && ret == 0; i++) {
			r = run_one("request", &p);
			ret = r;
		}
	}
	rte_eal_cleanup();
	return ret;
bad:
	fprintf(stderr, "invalid value for option %s\n", argv[optind - 1]);
	usage(argv[0]);
	rte_eal_cleanup();
	return 2;
}
