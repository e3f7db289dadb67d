/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The worked examples of the programmer's guide (constraints.rst), run on a
 * real EAL. The guide includes this program's output verbatim from
 * constraint_examples.out, and test/check_docs.sh runs it and compares, so
 * a number in the guide is a number the library computed.
 *
 * Run it as the check does (IOVA-as-VA, memory placed below 4 GiB):
 *   constraint_examples -l 0 --no-huge -m 64 --base-virtaddr=0x20000000 \
 *       --no-pci --file-prefix=iobuf_doc_examples --log-level=lib.eal:error
 * Part 1 uses only the rules (rte_iobuf_check_init, rte_iobuf_check_range
 * and the refusals of rte_iobuf_create_params); part 2 creates buffers and
 * prints what does not depend on where the heap put them.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include <rte_iobuf.h>
#include <rte_iobuf_check.h>

static const char *
errname(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOMEM: return "ENOMEM";
	default: return strerror(e);
	}
}

/* Print the normalised rules of @p p; 0 if it is accepted. */
static int
rules(const char *title, const struct rte_iobuf_params *p,
      struct rte_iobuf_check *chk)
{
	struct rte_iobuf_params q = *p;
	struct rte_iobuf *b;
	int ret;

	printf("%s\n", title);
	printf("  params: capacity=0x%zx mask=0x%016" PRIx64 " align=0x%" PRIx64
	       " window=[0x%" PRIx64 ", 0x%" PRIx64 "] boundary=0x%" PRIx64
	       " max_segs=%u max_seg_size=0x%" PRIx64 "%s\n",
	       p->capacity, p->iova_mask, p->align, p->iova_min, p->iova_max,
	       p->boundary, p->max_segs, p->max_seg_size,
	       p->flags & RTE_IOBUF_CONTIG ? " contig" : "");
	fflush(stdout);
	/* Quietly: a refusal is shown once, by the create below. */
	rte_log_set_level_pattern("lib.iobuf", RTE_LOG_EMERG);
	ret = rte_iobuf_check_init(chk, p);
	rte_log_set_level_pattern("lib.iobuf", RTE_LOG_NOTICE);
	if (ret < 0) {
		/* The same refusal from create, with its one log line. */
		q.name = NULL;
		b = rte_iobuf_create_params(&q);
		fflush(stdout);
		printf("  refused: rte_errno=%s (create returned %s)\n",
		       errname(rte_errno), b == NULL ? "NULL" : "a buffer!");
		rte_iobuf_release(b);
		return -1;
	}
	printf("  normalised: align=0x%" PRIx64 " forbidden bits=0x%016" PRIx64
	       " window=[0x%" PRIx64 ", 0x%" PRIx64 "] boundary=0x%" PRIx64 "\n",
	       chk->align, chk->forbid, chk->lo, chk->hi, chk->boundary);
	if (chk->forbid != 0)
		printf("  largest admissible IOVA-contiguous block: 0x%" PRIx64
		       " bytes (lowest forbidden bit)\n", chk->forbid & -chk->forbid);
	return 0;
}

static void
range(const struct rte_iobuf_check *chk, rte_iova_t iova, size_t len)
{
	uint32_t bad = rte_iobuf_check_range(chk, iova, len, RTE_IOBUF_CHECK_ALL);
	uint32_t r;

	printf("  [0x%09" PRIx64 ", 0x%09" PRIx64 "] %9zu bytes: ", iova,
	       iova + len - 1, len);
	if (bad == 0) {
		printf("meets every rule\n");
		return;
	}
	printf("breaks");
	for (r = 1; r <= RTE_IOBUF_CHECK_ALIGN; r <<= 1)
		if (bad & r)
			printf(" %s", rte_iobuf_check_rule_name(r));
	printf("\n");
}

static void
part1(void)
{
	struct rte_iobuf_check chk;
	struct rte_iobuf_params p;

	printf("== mask-4g\n");
	p = (struct rte_iobuf_params){ .capacity = 0x10000,
		.iova_mask = 0x00000000FFFFF000ULL, .socket_id = SOCKET_ID_ANY };
	if (rules("IOKit's classic mask: 4 KiB aligned, every byte below 4 GiB", &p, &chk) == 0) {
		range(&chk, 0xFFFF0000, 0x10000);
		range(&chk, 0xFFFF0000, 0x10001);
		range(&chk, 0x10000800, 0x1000);
	}

	printf("== mask-hole\n");
	p = (struct rte_iobuf_params){ .capacity = 0x80000000,
		.iova_mask = ~(UINT64_C(1) << 30), .socket_id = SOCKET_ID_ANY };
	if (rules("Mask with a hole at bit 30, 2 GiB scattered", &p, &chk) == 0) {
		range(&chk, 0x3FFFF000, 0x1000);
		range(&chk, 0x3FFFF000, 0x2000);
		range(&chk, 0x40000000, 0x1000);
		range(&chk, 0x80000000, 0x1000);
		/* Both end points admissible, the middle is not. */
		range(&chk, 0x3FFFF000, 0x40002000);
	}
	p.flags = RTE_IOBUF_CONTIG;
	rules("The same mask, 2 GiB contiguous", &p, &chk);
	p.capacity = 0x40000000;
	rules("The same mask, 1 GiB contiguous", &p, &chk);

	printf("== mask-hole-21\n");
	p = (struct rte_iobuf_params){ .capacity = 0x10000,
		.iova_mask = 0xffffffffffdff000ULL, .socket_id = SOCKET_ID_ANY };
	if (rules("Hole at bit 21 with 4 KiB alignment (lower 2 MiB of every 4 MiB)", &p, &chk) == 0) {
		range(&chk, 0x1FF000, 0x1000);
		range(&chk, 0x200000, 0x1000);
		range(&chk, 0x400000, 0x200000);
		range(&chk, 0x400000, 0x200001);
		range(&chk, 0x400800, 0x1000);
	}

	printf("== mask-below-align\n");
	p = (struct rte_iobuf_params){ .capacity = 0x1000, .iova_mask = 0xFFF,
		.align = 0x1000, .socket_id = SOCKET_ID_ANY };
	rules("Mask 0xfff with an explicit 4 KiB alignment", &p, &chk);

	printf("== window\n");
	p = (struct rte_iobuf_params){ .capacity = 0x100000,
		.iova_min = 0x100000000ULL, .iova_max = 0x13FFFFFFFULL,
		.socket_id = SOCKET_ID_ANY };
	if (rules("Window [4 GiB, 5 GiB - 1]", &p, &chk) == 0) {
		range(&chk, 0xFFFFF000, 0x2000);
		range(&chk, 0x100000000ULL, 0x40000000);
		range(&chk, 0x13FFFF000ULL, 0x2000);
	}
	p.capacity = 0x80000000;
	rules("The same window, 2 GiB", &p, &chk);
	p = (struct rte_iobuf_params){ .capacity = 0x1000,
		.iova_min = 0x200000000ULL, .iova_max = 0x1FFFFFFFFULL,
		.socket_id = SOCKET_ID_ANY };
	rules("An empty window", &p, &chk);

	printf("== boundary\n");
	p = (struct rte_iobuf_params){ .capacity = 0x4000, .boundary = 0x10000,
		.flags = RTE_IOBUF_CONTIG, .socket_id = SOCKET_ID_ANY };
	if (rules("Boundary 64 KiB, 16 KiB contiguous", &p, &chk) == 0) {
		range(&chk, 0x1C000, 0x4000);
		range(&chk, 0x1E000, 0x4000);
	}
	p.capacity = 0x20000;
	rules("Boundary 64 KiB, 128 KiB contiguous", &p, &chk);
	p.flags = 0;
	rules("Boundary 64 KiB, 128 KiB scattered", &p, &chk);
	p = (struct rte_iobuf_params){ .capacity = 0x1000, .boundary = 0x3000,
		.socket_id = SOCKET_ID_ANY };
	rules("Boundary 0x3000 (not a power of two)", &p, &chk);

	printf("== segments\n");
	p = (struct rte_iobuf_params){ .capacity = 0x10000, .boundary = 0x4000,
		.max_seg_size = 0x2000, .max_segs = 8, .socket_id = SOCKET_ID_ANY };
	rules("64 KiB scattered, boundary 16 KiB, segments of at most 8 KiB, at most 8", &p, &chk);
	p.max_seg_size = 0;
	p.max_segs = 4;
	rules("64 KiB scattered, boundary 16 KiB, at most 4 segments", &p, &chk);
	p.max_segs = 3;
	rules("64 KiB scattered, boundary 16 KiB, at most 3 segments", &p, &chk);
	p = (struct rte_iobuf_params){ .capacity = 0x10000, .max_seg_size = 0x2000,
		.flags = RTE_IOBUF_CONTIG, .socket_id = SOCKET_ID_ANY };
	rules("64 KiB contiguous, segments of at most 8 KiB", &p, &chk);
}

/* Segments of a real buffer: offsets and lengths, and each one checked
 * with the rules (rte_iobuf_check_range), which does not depend on where
 * the heap put the buffer. */
static void
create(const char *title, const struct rte_iobuf_params *p)
{
	struct rte_iobuf_check chk;
	struct rte_iobuf_params q;
	struct rte_iobuf_seg seg;
	struct rte_iobuf *b;
	unsigned int n = 0;
	size_t off = 0;
	uint32_t bad;

	printf("%s\n", title);
	fflush(stdout);
	b = rte_iobuf_create_params(p);
	fflush(stdout);
	if (b == NULL) {
		printf("  refused: rte_errno=%s\n", errname(rte_errno));
		return;
	}
	rte_iobuf_params_get(b, &q);
	rte_iobuf_check_init(&chk, &q);
	printf("  created: capacity=0x%zx length=0x%zx normalised align=0x%" PRIx64
	       ", %u segment(s)\n", rte_iobuf_capacity(b), rte_iobuf_length(b),
	       q.align, rte_iobuf_seg_count(b));
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		bad = rte_iobuf_check_range(&chk, seg.iova, seg.len,
			RTE_IOBUF_CHECK_MASK | RTE_IOBUF_CHECK_WINDOW |
			RTE_IOBUF_CHECK_BOUNDARY |
			(n == 0 ? RTE_IOBUF_CHECK_ALIGN : 0));
		n++;
		printf("  segment %u: offset 0x%05zx len 0x%05zx: %s\n", n,
		       seg.offset, seg.len, bad == 0 ?
		       (n == 1 ? "meets mask, window, boundary and alignment" :
			"meets mask, window and boundary") : "BREAKS A RULE");
	}
	printf("  rte_iobuf_verify (every page against EAL): %d\n",
	       rte_iobuf_verify(b));
	rte_iobuf_release(b);
}

static void
part2(void)
{
	struct rte_iobuf_params p;

	printf("== create\n");
	p = (struct rte_iobuf_params){ .capacity = 0x10000,
		.iova_mask = 0x00000000FFFFF000ULL, .flags = RTE_IOBUF_CONTIG,
		.socket_id = SOCKET_ID_ANY };
	create("64 KiB contiguous under mask 0xfffff000", &p);
	p = (struct rte_iobuf_params){ .capacity = 0x10000, .boundary = 0x4000,
		.max_seg_size = 0x2000, .max_segs = 8, .socket_id = SOCKET_ID_ANY };
	create("64 KiB scattered, boundary 16 KiB, segments of at most 8 KiB, at most 8", &p);
	p = (struct rte_iobuf_params){ .capacity = 0x30000, .boundary = 0x10000,
		.align = 0x10000, .socket_id = SOCKET_ID_ANY };
	create("192 KiB scattered, boundary 64 KiB, align 64 KiB", &p);
	printf("== end\n");
}

int
main(int argc, char **argv)
{
	if (rte_eal_init(argc, argv) < 0)
		return 1;
	/* The library's log lines go with the output, in order. */
	rte_openlog_stream(stdout);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("IOVA mode: %s\n", rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
	part1();
	part2();
	rte_eal_cleanup();
	return 0;
}
