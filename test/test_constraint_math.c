/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * The constraint rules (lib/iobuf/iobuf_constraint.c) against brute force
 * over a small address space: every admissible start and every range
 * verdict is recomputed byte by byte, for the internal rules and for the
 * public rte_iobuf_check_range().
 */

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_iobuf_check.h>
#include <rte_log.h>

#include "iobuf_constraint.h"
#include "iobuf_test.h"

#define SPACE 4096 /* addresses 0..SPACE-1, masks below 2^12 */
#define ROUNDS 400

/* Library log lines go nowhere while a loop provokes refusals by the
 * hundred; a failing assertion says what it needs. */
static FILE *quiet_old, *quiet_f;

static void
quiet_logs(bool on)
{
	if (on && quiet_f == NULL) {
		quiet_f = fopen("/dev/null", "w");
		if (quiet_f == NULL)
			return;
		quiet_old = rte_log_get_stream();
		rte_openlog_stream(quiet_f);
	} else if (!on && quiet_f != NULL) {
		rte_openlog_stream(quiet_old);
		fclose(quiet_f);
		quiet_f = NULL;
	}
}

static int
byte_ok(rte_iova_t a, uint64_t allowed, rte_iova_t lo, rte_iova_t hi)
{
	return (a & ~allowed) == 0 && a >= lo && a <= hi;
}

/*
 * Brute force over [0, SPACE): start_ok[s] says whether a buffer may start
 * at s (aligned; every byte admissible for a contiguous request and the
 * whole range in one boundary block, only the first for a scattered one);
 * next[s] is the smallest such start >= s, SPACE if none. Returns the
 * number of admissible bytes in the window.
 */
static unsigned int
naive_starts(const struct rte_iobuf_params *p, uint64_t align, uint64_t allowed,
	     int contig, rte_iova_t next[SPACE + 1])
{
	static unsigned int bad_before[SPACE + 1];
	uint64_t block = p->boundary, cap = p->capacity;
	unsigned int admitted = 0;
	rte_iova_t s, last;
	int ok;

	bad_before[0] = 0;
	for (s = 0; s < SPACE; s++) {
		ok = byte_ok(s, allowed, p->iova_min, p->iova_max);
		admitted += ok;
		bad_before[s + 1] = bad_before[s] + !ok;
	}
	next[SPACE] = SPACE;
	for (s = SPACE; s-- > 0;) {
		ok = s % align == 0 && byte_ok(s, allowed, p->iova_min, p->iova_max);
		if (ok && contig) {
			last = s + cap - 1;
			if (last >= SPACE || last > p->iova_max)
				ok = 0;
			else if (bad_before[last + 1] - bad_before[s] != 0)
				ok = 0;
			else if (block != 0 && s / block != last / block)
				ok = 0;
		}
		next[s] = ok ? s : next[s + 1];
	}
	return admitted;
}

/* Values at the edges more often than chance gives them: buffers that end
 * exactly at a block's or the window's last byte. */
static uint64_t
pick_capacity(uint64_t boundary)
{
	switch (rand() % 5) {
	case 0: return 64 * (1 + rand() % 8);
	case 1: return boundary != 0 ? boundary >> (rand() % 3) : 256;
	case 2: return 1u << (rand() % 10);
	case 3: return 1 + rand() % 1500;
	default: return 1 + rand() % 300;
	}
}

static uint64_t
pick_iova_max(void)
{
	switch (rand() % 4) {
	case 0: return SPACE - 1;
	case 1: return 2048 + rand() % 2047;
	case 2: return 64 * (33 + rand() % 31) - 1;
	default: return 256 * (9 + rand() % 7) - 1;
	}
}

static uint64_t
pick_iova_min(void)
{
	switch (rand() % 3) {
	case 0: return 0;
	case 1: return rand() % 1024;
	default: return 64 * (rand() % 16);
	}
}

static int
test_constraint_math(void)
{
	static rte_iova_t next[SPACE + 1];
	struct iobuf_constraint c;
	struct rte_iobuf_check chk;
	struct rte_iobuf_params p;
	uint32_t want_bad;
	unsigned int round, admitted, accepted = 0, refused = 0;
	unsigned long starts = 0, ranges = 0;
	rte_iova_t from, got, want, a;
	uint64_t align, allowed, len;
	int ret, impossible;

	/* The runner seeded rand() with this run's seed. */
	quiet_logs(true);
	for (round = 0; round < ROUNDS; round++) {
		p = (struct rte_iobuf_params){
			.iova_mask = rand() % 5 == 0 ? 0 :
				     (uint64_t)(rand() % SPACE) & ~(uint64_t)(rand() % 64),
			.align = rand() % 3 == 0 ? 64u << (rand() % 4) : 0,
			.iova_min = pick_iova_min(),
			.iova_max = pick_iova_max(),
			.boundary = rand() % 2 ? 256u << (rand() % 3) : 0,
			.flags = rand() % 2 ? RTE_IOBUF_CONTIG : 0,
		};
		p.capacity = pick_capacity(p.boundary);
		align = RTE_MAX(RTE_MAX(p.align, (uint64_t)RTE_CACHE_LINE_SIZE),
				p.iova_mask & -p.iova_mask);
		allowed = p.iova_mask != 0 ? p.iova_mask | (align - 1) : UINT64_MAX;
		admitted = naive_starts(&p, align, allowed, !!(p.flags & RTE_IOBUF_CONTIG), next);
		/* Impossible: no start, or (scattered) fewer admissible bytes than
		 * the capacity; a mask below the alignment is refused as a rule. */
		impossible = next[0] == SPACE || admitted < p.capacity ||
			     (p.iova_mask != 0 && (p.iova_mask | (align - 1)) < align);
		ret = iobuf_constraint_init(&c, &p, "math");
		TEST_ASSERT(ret == (impossible ? -ERANGE : 0),
			    "round %u: init %d, brute force says %s (mask 0x%" PRIx64 " align %" PRIu64
			    " window [%" PRIu64 ",%" PRIu64 "] boundary %" PRIu64 " cap %zu contig %d:"
			    " first start %" PRIu64 ", %u bytes admitted)", round, ret,
			    impossible ? "impossible" : "possible", p.iova_mask, align, p.iova_min,
			    p.iova_max, p.boundary, p.capacity, !!(p.flags & RTE_IOBUF_CONTIG),
			    next[0], admitted);
		if (ret != 0) {
			refused++;
			continue;
		}
		accepted++;
		TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == 0,
			    "check_init refuses what constraint_init accepts");
		TEST_ASSERT(c.align == align, "align %" PRIu64 ", want %" PRIu64, c.align, align);
		TEST_ASSERT(c.forbid == ~allowed, "forbidden bits wrong");
		TEST_ASSERT(iobuf_admissible_bytes(&c) == admitted,
			    "round %u: %" PRIu64 " admissible bytes, brute force %u", round,
			    iobuf_admissible_bytes(&c), admitted);
		/* Every from: the start each one finds. */
		for (from = 0; from < SPACE; from++) {
			got = iobuf_next_start(&c, from);
			want = next[from];
			if (got == RTE_BAD_IOVA || got >= SPACE)
				got = SPACE;
			TEST_ASSERT(got == want, "round %u from %" PRIu64 ": next_start %" PRIu64
				    " want %" PRIu64 " (mask 0x%" PRIx64 " align %" PRIu64 " window [%" PRIu64
				    ",%" PRIu64 "] boundary %" PRIu64 " cap %zu contig %d)",
				    round, from, got, want, p.iova_mask, align, p.iova_min, p.iova_max,
				    p.boundary, p.capacity, c.contig);
			starts++;
		}
		for (a = rand() % 64; a < SPACE; a += 1 + rand() % 61) {
			int naive = 1;
			rte_iova_t x;

			len = rand() % 4 == 0 ? p.iova_max + 1 - a : (uint64_t)(1 + rand() % 700);
			if (len == 0 || len > SPACE)
				len = 1;
			for (x = a; x < a + len; x++)
				naive &= byte_ok(x, allowed, p.iova_min, p.iova_max);
			TEST_ASSERT(iobuf_range_admissible(&c, a, len) == !!naive,
				    "range 0x%" PRIx64 "+%" PRIu64 " verdict differs", a, len);
			naive = 1;
			for (x = a; x < a + len; x++)
				naive &= (x & ~allowed) == 0;
			want_bad = naive ? 0 : RTE_IOBUF_CHECK_MASK;
			if (a < p.iova_min || a + len - 1 > p.iova_max)
				want_bad |= RTE_IOBUF_CHECK_WINDOW;
			if (p.boundary != 0 && a / p.boundary != (a + len - 1) / p.boundary)
				want_bad |= RTE_IOBUF_CHECK_BOUNDARY;
			if (a % align != 0)
				want_bad |= RTE_IOBUF_CHECK_ALIGN;
			TEST_ASSERT(rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_ALL) == want_bad,
				    "range 0x%" PRIx64 "+%" PRIu64 ": rules broken 0x%x, want 0x%x",
				    a, len, rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_ALL),
				    want_bad);
			TEST_ASSERT(rte_iobuf_check_range(&chk, a, len, RTE_IOBUF_CHECK_WINDOW) ==
				    (want_bad & RTE_IOBUF_CHECK_WINDOW), "rule selection ignored");
			ranges++;
		}
	}
	quiet_logs(false);
	printf("    %u constraints (%u accepted, %u refused as impossible), %lu next_start and"
	       " %lu range verdicts compared with brute force\n", ROUNDS, accepted, refused,
	       starts, ranges);
	TEST_ASSERT(accepted > ROUNDS / 4 && refused > ROUNDS / 20, "too few cases of a kind");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(constraint_math, test_constraint_math);

/* Segments from start s, walked one segment at a time: each ends at the
 * buffer's end, the next boundary multiple or after max_seg_size bytes. */
static uint64_t
naive_segs(uint64_t s, uint64_t cap, uint64_t boundary, uint64_t max_seg)
{
	uint64_t pos = s, end = s + cap, seg_end, n = 0;

	while (pos < end) {
		seg_end = RTE_MIN(end, (pos / boundary + 1) * boundary);
		if (max_seg != 0)
			seg_end = RTE_MIN(seg_end, pos + max_seg);
		pos = seg_end;
		n++;
	}
	return n;
}

#define SEG_ROUNDS 3000
#define SEG_BLOCK_MAX 4096

/*
 * Scattered requests with max_segs, a boundary and max_seg_size (issue 10
 * item 5), against a walk of every start in a boundary block: the
 * alignment must be the smallest power of two whose every start fits
 * max_segs; if there is none, starts are pinned to an offset that fits
 * (as few segments as any start); if no start fits, ERANGE.
 */
static int
test_seg_math(void)
{
	static uint64_t cnt[SEG_BLOCK_MAX / 64];
	struct rte_iobuf_params p;
	struct iobuf_constraint c;
	unsigned int round, raised = 0, phased = 0, refused = 0, plain = 0;
	unsigned long verdicts = 0;
	uint64_t B, m, a, a0, worst, best, lb, s, n, want_align, from, got, want;
	int ret;

	quiet_logs(true);
	for (round = 0; round < SEG_ROUNDS; round++) {
		B = 128u << (rand() % 6);
		switch (rand() % 4) {
		case 0: m = 0; break;
		case 1: m = 64 * (1 + rand() % (2 * B / 64)); break;
		default: m = 1 + rand() % (2 * B); break;
		}
		p = (struct rte_iobuf_params){
			.socket_id = SOCKET_ID_ANY,
			.capacity = rand() % 2 ? 64 * (1 + rand() % (4 * B / 64)) :
				    1 + rand() % (4 * B),
			.boundary = B,
			.max_seg_size = m,
			.align = rand() % 3 == 0 ? 64u << (rand() % 7) : 0,
		};
		lb = (p.capacity + RTE_MIN(B, m != 0 ? m : B) - 1) / RTE_MIN(B, m != 0 ? m : B);
		p.max_segs = RTE_MAX((uint64_t)2, lb + rand() % 4 - 1);
		a0 = RTE_MAX(p.align, (uint64_t)RTE_CACHE_LINE_SIZE);
		for (s = 0; s < B; s += 64)
			cnt[s / 64] = naive_segs(s, p.capacity, B, m);
		/* Smallest alignment whose every start fits; best start. */
		want_align = 0;
		for (a = a0;; a <<= 1) {
			worst = 0;
			for (s = 0; s < B; s += RTE_MAX(a, (uint64_t)64))
				worst = RTE_MAX(worst, cnt[s / 64]);
			if (worst <= p.max_segs) {
				want_align = a;
				break;
			}
			if (a >= B)
				break;
		}
		best = UINT64_MAX;
		for (s = 0; s < B; s += RTE_MIN(a0, B))
			best = RTE_MIN(best, cnt[s / 64]);

		ret = iobuf_constraint_init(&c, &p, "seg");
		if (best > p.max_segs) {
			TEST_ASSERT(ret == -ERANGE, "round %u: init %d, but no start fits: boundary %"
				    PRIu64 " max_seg_size %" PRIu64 " capacity %zu max_segs %u align %"
				    PRIu64 " (best %" PRIu64 ")", round, ret, B, m, p.capacity,
				    p.max_segs, a0, best);
			refused++;
			verdicts++;
			continue;
		}
		TEST_ASSERT(ret == 0, "round %u: init %d, but a start fits: boundary %" PRIu64
			    " max_seg_size %" PRIu64 " capacity %zu max_segs %u align %" PRIu64
			    " (best %" PRIu64 ")", round, ret, B, m, p.capacity, p.max_segs, a0, best);
		if (want_align != 0) {
			TEST_ASSERT(!c.phased && c.align == want_align,
				    "round %u: align %" PRIu64 "%s, want %" PRIu64 " (boundary %" PRIu64
				    " max_seg_size %" PRIu64 " capacity %zu max_segs %u align %" PRIu64 ")",
				    round, c.align, c.phased ? " phased" : "", want_align, B, m,
				    p.capacity, p.max_segs, a0);
			if (want_align > a0)
				raised++;
			else
				plain++;
		} else {
			TEST_ASSERT(c.phased && c.align == a0 && c.phase % a0 == 0 && c.phase < B &&
				    cnt[c.phase / 64] == best,
				    "round %u: %s align %" PRIu64 " phase %" PRIu64 " (%" PRIu64
				    " segments), want align %" PRIu64 " and a phase with %" PRIu64
				    " (boundary %" PRIu64 " max_seg_size %" PRIu64 " capacity %zu max_segs %u)",
				    round, c.phased ? "phased" : "not phased", c.align, c.phase,
				    c.phase < B ? cnt[c.phase / 64] : 0, a0, best, B, m, p.capacity,
				    p.max_segs);
			phased++;
		}
		verdicts++;
		/* The count itself, at every start of two blocks. */
		for (s = 0; s < 2 * B; s += 64) {
			n = iobuf_segs_from(&c, s + 5 * B);
			TEST_ASSERT(n == cnt[(s % B) / 64], "segs_from %" PRIu64 ": %" PRIu64
				    ", walk %" PRIu64, s, n, cnt[(s % B) / 64]);
			verdicts++;
		}
		/* Where starts may be: aligned and, phased, at the phase. */
		for (from = rand() % 64; from < 3 * B; from += 1 + rand() % 97) {
			got = iobuf_next_start(&c, from);
			want = (from + c.align - 1) & ~(c.align - 1);
			if (c.phased)
				while (want % B != c.phase)
					want += c.align;
			TEST_ASSERT(got == want, "next_start %" PRIu64 ": %" PRIu64 ", want %" PRIu64,
				    from, got, want);
			verdicts++;
		}
	}
	quiet_logs(false);
	printf("    %u requests: %u at the requested alignment, %u raised, %u phased, %u refused;"
	       " %lu verdicts compared with a segment walk\n", SEG_ROUNDS, plain, raised,
	       phased, refused, verdicts);
	TEST_ASSERT(plain > 0 && raised > 0 && phased > 0 && refused > 0, "a kind never ran");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(seg_math, test_seg_math);

/*
 * The same rules at sizes no walk covers: 1 TiB boundary, odd segment
 * sizes. Every start the chosen alignment allows must fit; sampled.
 */
static int
test_seg_math_large(void)
{
	struct rte_iobuf_params p;
	struct iobuf_constraint c;
	unsigned int round, checked = 0;
	uint64_t B, s, n, i;
	int ret;

	quiet_logs(true);
	for (round = 0; round < 2000; round++) {
		B = UINT64_C(1) << (20 + rand() % 24);
		p = (struct rte_iobuf_params){
			.capacity = 1 + (((uint64_t)rand() << 20) ^ (uint64_t)rand()) % (4 * B),
			.boundary = B,
			.max_seg_size = 1 + (((uint64_t)rand() << 31) ^ (uint64_t)rand()) % (2 * B),
			.align = rand() % 2 ? UINT64_C(1) << (rand() % 44) : 0,
		};
		if (p.capacity > (UINT64_C(1) << 46))
			continue;
		n = naive_segs(0, p.capacity, B, p.max_seg_size);
		p.max_segs = RTE_MAX((uint64_t)2, n + rand() % 3 - 1);
		ret = iobuf_constraint_init(&c, &p, "seg");
		if (ret != 0) {
			TEST_ASSERT(ret == -ERANGE, "init %d", ret);
			/* Refused: then no start aligned as asked may fit. */
			for (i = 0; i < 64; i++) {
				s = (((uint64_t)rand() << 31) ^ (uint64_t)rand()) % B;
				s &= ~(RTE_MAX(p.align, (uint64_t)64) - 1);
				TEST_ASSERT(naive_segs(s, p.capacity, B, p.max_seg_size) > p.max_segs,
					    "refused, but start %" PRIu64 " fits", s);
			}
			continue;
		}
		for (i = 0; i < 64; i++) {
			s = (((uint64_t)rand() << 31) ^ (uint64_t)rand()) % B;
			s = c.phased ? c.phase : s & ~(c.align - 1);
			if (i < 3)
				s = c.phased ? c.phase : (B - (i + 1) * RTE_MIN(c.align, B)) % B;
			n = naive_segs(s, p.capacity, B, p.max_seg_size);
			TEST_ASSERT(n <= p.max_segs && n == iobuf_segs_from(&c, s),
				    "boundary 0x%" PRIx64 " max_seg_size %" PRIu64 " capacity %zu max_segs %u"
				    ": start 0x%" PRIx64 " (align 0x%" PRIx64 "%s) has %" PRIu64
				    " segments, segs_from says %" PRIu64, B, p.max_seg_size, p.capacity,
				    p.max_segs, s, c.align, c.phased ? ", phased" : "", n,
				    iobuf_segs_from(&c, s));
			checked++;
		}
	}
	quiet_logs(false);
	printf("    %u starts of large constraints walked\n", checked);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(seg_math_large, test_seg_math_large);

/*
 * Issue 10 item 5 end to end: 96 KiB in 2 segments of at most 48 KiB under
 * a 64 KiB boundary fits only from 16 KiB into a block; it used to fail
 * ENOMEM after holding 300 MiB of candidates. Two more of the kind.
 */
static int
test_seg_phase_create(void)
{
	static const struct {
		size_t cap;
		uint64_t seg;
		uint32_t n;
	} cases[] = {
		{ 96 << 10, 48 << 10, 2 },  /* fits from 16 KiB */
		{ 80 << 10, 40 << 10, 2 },  /* fits from 24 KiB */
		{ 120 << 10, 20 << 10, 6 }, /* fits from 4 KiB */
	};
	struct rte_iobuf_stats st;
	struct rte_iobuf *b;
	unsigned int i, segs;
	uint64_t t0, us;
	int ret;

	for (i = 0; i < RTE_DIM(cases); i++) {
		struct rte_iobuf_params p = {
			.socket_id = SOCKET_ID_ANY, .capacity = cases[i].cap,
			.boundary = 64 << 10, .max_seg_size = cases[i].seg,
			.max_segs = cases[i].n,
		};

		t0 = rte_get_timer_cycles();
		b = rte_iobuf_create_params(&p);
		us = (rte_get_timer_cycles() - t0) * 1000000 / rte_get_timer_hz();
		TEST_ASSERT(b != NULL, "%zu bytes in %u segments of %" PRIu64 ": %s",
			    cases[i].cap, cases[i].n, cases[i].seg, rte_strerror(rte_errno));
		segs = rte_iobuf_seg_count(b);
		rte_iobuf_stats_get(&st);
		printf("    %3zu KiB in <= %u segments of <= %2" PRIu64 " KiB: %u segments from IOVA"
		       " 0x%" PRIx64 " (0x%" PRIx64 " into its block), %" PRIu64 " us, %" PRIu64
		       " KiB the store grew by\n", cases[i].cap >> 10, cases[i].n,
		       cases[i].seg >> 10, segs, rte_iobuf_iova(b, 0, NULL),
		       rte_iobuf_iova(b, 0, NULL) & 0xffff, us, st.last_growth >> 10);
		ret = rte_iobuf_verify(b);
		rte_iobuf_release(b);
		TEST_ASSERT(segs <= cases[i].n && ret == 0, "%u segments, verify %d", segs, ret);
		TEST_ASSERT(st.last_growth <= 16u << 20, "the store grew by %" PRIu64 " bytes",
			    st.last_growth);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(seg_phase_create, test_seg_phase_create);

/* Admissible IOVA counts beyond brute force's reach. */
static int
test_mask_space(void)
{
	static const struct {
		uint64_t mask, lo, hi, want;
	} cases[] = {
		{ ~(UINT64_C(1) << 30), 0, 0, UINT64_C(1) << 63 },
		{ 0xffffffff, 0, 0, UINT64_C(1) << 32 },
		{ 0xfffff000, 0, 0, UINT64_C(1) << 32 },      /* align bits admit too */
		{ 0xffffffff, 0x1000, 0x1fff, 0x1000 },
		{ 0xffffffff, 0xfffff000, 0x1ffffffff, 0x1000 },
		{ 0xffffffffffdfffff, 0, 0xffffffff, UINT64_C(1) << 31 }, /* bit 21 */
		{ 0xffffffffffdfffff, 0x200000, 0x3fffff, 0 },
		{ 0xffffffffffdfffff, 0x1fffff, 0x400000, 2 },
		{ 0xf0f0f0f0f0f0f0ff, 0, 0, UINT64_C(1) << 36 },
	};
	struct rte_iobuf_params p;
	struct iobuf_constraint c;
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(cases); i++) {
		p = (struct rte_iobuf_params){ .capacity = 1, .iova_mask = cases[i].mask,
					       .iova_min = cases[i].lo, .iova_max = cases[i].hi };
		quiet_logs(true);
		ret = iobuf_constraint_init(&c, &p, "space");
		quiet_logs(false);
		if (cases[i].want == 0) {
			TEST_ASSERT(ret == -ERANGE, "mask 0x%" PRIx64 " [0x%" PRIx64 ", 0x%" PRIx64
				    "] admits nothing, init %d", cases[i].mask, cases[i].lo,
				    cases[i].hi, ret);
			continue;
		}
		TEST_ASSERT(ret == 0, "init %d", ret);
		TEST_ASSERT(iobuf_admissible_bytes(&c) == cases[i].want,
			    "mask 0x%" PRIx64 " [0x%" PRIx64 ", 0x%" PRIx64 "]: %" PRIu64
			    " admissible, want %" PRIu64, cases[i].mask, cases[i].lo, cases[i].hi,
			    iobuf_admissible_bytes(&c), cases[i].want);
		/* One byte more than admitted: refused at once, one less: not. */
		p.capacity = cases[i].want + 1;
		quiet_logs(true);
		ret = iobuf_constraint_init(&c, &p, "space");
		quiet_logs(false);
		TEST_ASSERT(p.capacity > (UINT64_C(1) << 46) || ret == -ERANGE,
			    "capacity one over the admissible space: init %d", ret);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(mask_space, test_mask_space);

/* rte_iobuf_check_init refuses what creation refuses, with its errno. */
static int
test_range_check_init(void)
{
	struct rte_iobuf_check chk;
	struct rte_iobuf_params p = { .align = 3 };

	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL && rte_errno == EINVAL,
		    "alignment 3 accepted");
	p = (struct rte_iobuf_params){ .boundary = 3 * 4096 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL, "boundary 12K accepted");
	p = (struct rte_iobuf_params){ .iova_min = 0x2000, .iova_max = 0x1000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -EINVAL, "empty window accepted");
	p = (struct rte_iobuf_params){ .iova_mask = 0xf000, .align = 0x10000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == -ERANGE && rte_errno == ERANGE,
		    "mask below alignment accepted");
	TEST_ASSERT(rte_iobuf_check_init(NULL, &p) == -EINVAL, "NULL accepted");
	/* Capacity 0 means "ranges", not "no request". */
	p = (struct rte_iobuf_params){ .iova_mask = 0xffffffff, .boundary = 0x10000 };
	TEST_ASSERT(rte_iobuf_check_init(&chk, &p) == 0, "32-bit mask refused");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xfffff000, 0x1000, RTE_IOBUF_CHECK_ALL) == 0,
		    "last 4 KiB below 4 GiB refused");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xfffff000, 0x1001, RTE_IOBUF_CHECK_ALL) ==
		    (RTE_IOBUF_CHECK_MASK | RTE_IOBUF_CHECK_BOUNDARY),
		    "range over 4 GiB (and over a 64 KiB boundary) admitted");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0xffc0, 0x80, RTE_IOBUF_CHECK_ALL) ==
		    RTE_IOBUF_CHECK_BOUNDARY, "64 KiB crossing admitted");
	TEST_ASSERT(rte_iobuf_check_range(&chk, 0x1000, 0, RTE_IOBUF_CHECK_ALL) ==
		    RTE_IOBUF_CHECK_WINDOW, "empty range admitted");
	TEST_ASSERT(strcmp(rte_iobuf_check_rule_name(RTE_IOBUF_CHECK_BOUNDARY), "boundary") == 0 &&
		    strcmp(rte_iobuf_check_rule_name(0x100), "?") == 0, "rule names");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(range_check_init, test_range_check_init);
