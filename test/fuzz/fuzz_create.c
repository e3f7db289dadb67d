/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * fuzz_create: libFuzzer target for rte_iobuf_create_params() in a live EAL.
 *
 * EAL is initialised once (LLVMFuzzerInitialize): IOVA-as-VA, --no-huge
 * -m 256 --base-virtaddr=0x20000000 (inside AddressSanitizer's low
 * application range, below 4 GiB, so 32-bit masks can succeed), --no-pci,
 * --file-prefix=iobuf_fuzz_<pid> (IOBUF_FUZZ_PREFIX replaces "iobuf_fuzz"),
 * lib.iobuf logging at crit (IOBUF_FUZZ_VERBOSE=1: info). With
 * IOBUF_FUZZ_MODE=pa it runs on hugepages instead (IOVA-as-PA where the
 * machine allows it: -m 256 --in-memory --socket-limit=256
 * --base-virtaddr=0x200000000000).
 * The runtime directory is removed at exit.
 *
 * Input: up to 4 requests, each decoded from the bytes in turn (missing
 * bytes read as 0, so short inputs are simple requests), values chosen so
 * that the interesting ones are common: masks with holes in the bits the
 * live memory spans (taken from rte_memseg_walk at start), width masks
 * around its top bit, windows around and inside it, alignments and
 * boundaries as powers of two (sometimes not), small (arena) and large
 * capacities, segment limits, every option bit, cache modes (sometimes
 * two), sockets (sometimes absent ones), names (sometimes empty, too long,
 * with forbidden characters) and SHARED with and without one. The
 * capacities of one input's requests are capped at 64 MiB in total, except
 * requests no memory can serve (above 256 MiB) or that are malformed.
 *
 * Oracle (any violation prints the request and aborts):
 *   success:
 *   - capacity and length equal the request, flags as given;
 *   - EAL check of every page (rte_mem_virt2memseg for the page extent,
 *     rte_mem_virt2iova for its IOVA): the first IOVA is a multiple of
 *     max(align, mask & -mask, cache line); every byte's IOVA a has
 *     (a & ~(mask | (align - 1))) == 0 (tested bit by bit over each page's
 *     IOVA range, as aligned power-of-two blocks) and lies in
 *     [iova_min, iova_max] (iova_max 0 = no limit);
 *   - the segments rte_iobuf_seg_next() returns cover [0, capacity) in
 *     order, each is IOVA-contiguous per EAL at the IOVA it claims, crosses
 *     no boundary multiple, is at most max_seg_size bytes; no more than
 *     max_segs of them; exactly one for CONTIG or max_segs == 1;
 *   - rte_iobuf_verify() agrees; rte_iobuf_params_get() gives back the
 *     capacity, mask, window, boundary and segment limits asked for, with
 *     an alignment the first IOVA meets;
 *   - no two pages of an input's buffers (one buffer's own included) share
 *     a CPU address or an IOVA; a gathered buffer (va NULL) is followed
 *     through its granule table, and rte_iobuf_addr() of the whole range
 *     is refused with EXDEV or right for every byte; CPU access works:
 *     a pattern written with rte_iobuf_write() into every buffer reads back
 *     with rte_iobuf_read() (whole buffers up to 1 MiB, else a stamp per
 *     4 KiB); a DMA_ONLY buffer refuses with EACCES;
 *   - a named buffer is found by rte_iobuf_lookup() (same descriptor), and a
 *     second create with its name fails with EEXIST;
 *   failure:
 *   - rte_errno is one of EINVAL, ENAMETOOLONG, EEXIST, ERANGE, ENOMEM,
 *     ENOSPC; EINVAL/ENAMETOOLONG exactly when the request is malformed by
 *     the header's list (checked by this target's own reading of it), EEXIST
 *     only when a live buffer of the input has the name; the failure
 *     counter of that errno (rte_iobuf_stats) moves by one, no other;
 *   - ERANGE ("no memory at all can meet it") is refuted when this target
 *     finds an IOVA range that meets the whole constraint (a few candidate
 *     starts tried: window start, live memory, aligned multiples; never
 *     IOVA 0, which is no memory);
 *   - an easy request (no mask, window, boundary or segment limit, at most
 *     4 MiB, alignment at most 4 KiB) on a trimmed, otherwise empty heap
 *     must succeed;
 *   every input:
 *   - rte_iobuf_stats_get(): created/failed/freed/live_bytes move as the
 *     calls did;
 *   - nothing leaked: after rte_iobuf_trim(), the memzone count and the
 *     rte_malloc heap statistics (allocated bytes and element count over
 *     every socket) equal the values before the input.
 *
 * Known deviations of the library (reproducers in test/fuzz/crashes/, text
 * requests as print_req() writes them, which this target also reads) are
 * violations too, unless IOBUF_FUZZ_ALLOW names them (check_fuzz.sh does
 * while fuzzing).
 *
 * Build: test/fuzz/build.sh DIR; run: DIR/fuzz_create -max_len=512 CORPUS_DIR
 * (test/check_fuzz.sh does both). IOBUF_FUZZ_VERBOSE=1 prints each request
 * and the library's log lines.
 */

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <rte_iobuf.h>

#define MAX_REQ 4
#define BUDGET (UINT64_C(64) << 20)
#define CAP_MAX (UINT64_C(1) << 46)
#define FUZZ_PAGE 4096

/*
 * Known deviations of the library from its documentation, each with a
 * reproducer in test/fuzz/crashes/. Every one is a violation unless named
 * in IOBUF_FUZZ_ALLOW=name[,name] (check_fuzz.sh passes the open ones while
 * fuzzing, so that a campaign looks for new bugs; it replays the
 * reproducers without it).
 */
#define QUIRK_FLAGS_DIR RTE_BIT32(0) /* rte_iobuf_flags() fills in both
				      * directions when none was given */
#define QUIRK_ALIGN_MAX RTE_BIT32(1) /* a power-of-two alignment above 2^46
				      * refused with EINVAL */
#define QUIRK_EAL_ALIGN RTE_BIT32(2) /* IOVA-as-VA: an alignment of 1 GiB or
				      * more reaches rte_memzone_reserve_bounded
				      * (32-bit align), which crashes; allowed
				      * means such requests are not made */
#define QUIRK_GATHER_WRAP RTE_BIT32(3) /* a gathered request of 2^32
				      * blocks or more: the block count wraps;
				      * allowed means capacities of 2^38 and more
				      * are not asked for */
#define QUIRK_GATHER_ALIGN RTE_BIT32(4) /* a gathered buffer's first IOVA
				      * not aligned (blocks aligned in the
				      * extent, not in IOVA) */
static const struct { const char *name; uint32_t bit; } quirk_names[] = {
	{ "flags-dir", QUIRK_FLAGS_DIR },
	{ "align-max", QUIRK_ALIGN_MAX },
	{ "eal-align", QUIRK_EAL_ALIGN },
	{ "gather-need-wrap", QUIRK_GATHER_WRAP },
	{ "gather-align", QUIRK_GATHER_ALIGN },
};
static uint32_t quirks_allowed;
static uint64_t quirk_hits;

static bool
allowed(uint32_t quirk)
{
	if ((quirks_allowed & quirk) == 0)
		return false;
	quirk_hits++;
	return true;
}

#define DIR_BOTH (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT)

/* ---- live memory layout ---- */

static rte_iova_t mem_lo = UINT64_MAX, mem_hi; /* [mem_lo, mem_hi) */
static uint64_t mem_bytes;

static int
layout_cb(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	  void *arg)
{
	RTE_SET_USED(msl);
	RTE_SET_USED(arg);
	if (ms->iova == RTE_BAD_IOVA)
		return 0;
	mem_lo = RTE_MIN(mem_lo, ms->iova);
	mem_hi = RTE_MAX(mem_hi, ms->iova + ms->len);
	mem_bytes += ms->len;
	return 0;
}

static unsigned int
top_bit(uint64_t v)
{
	return v == 0 ? 0 : 63 - (unsigned int)__builtin_clzll(v);
}

/* ---- input decoding ---- */

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint8_t
u8(struct rd *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

static uint64_t
un(struct rd *r, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)u8(r) << (8 * i);
	return v;
}

static uint64_t
pow2(unsigned int k)
{
	return k >= 64 ? 0 : UINT64_C(1) << k;
}

static bool
is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* Not a power of two (and not 0). */
static uint64_t
not_pow2(uint64_t v)
{
	v |= 3;
	return v;
}

/* A bit the live memory's IOVAs vary in (so a hole there matters). */
static unsigned int
live_bit(struct rd *r)
{
	unsigned int lo = 12, hi = top_bit(mem_hi - 1);

	if (hi < lo)
		hi = lo;
	return lo + u8(r) % (hi - lo + 1);
}

struct req {
	struct rte_iobuf_params p;
	char name[48];
	bool named;
	bool dup;      /* try a second create with the name */
	bool lookup;   /* rte_iobuf_lookup() it */
	uint64_t pattern;
};

static uint64_t
decode_capacity(struct rd *r, bool *capped)
{
	uint8_t sel = u8(r) % 16;

	*capped = true;
	switch (sel) {
	case 0: return 1 + u8(r);
	case 1: return 1 + un(r, 2) % 4096;
	case 2: case 11: return 1 + un(r, 2);
	case 3: return pow2(u8(r) % 27);
	case 4: return pow2(u8(r) % 26) + (uint64_t)(int64_t)(int8_t)u8(r) + 128;
	case 5: case 12: return FUZZ_PAGE * (1 + u8(r) % 64);
	case 6: return 1 + un(r, 4) % BUDGET;
	case 7: return (UINT64_C(2) << 20) * (1 + u8(r) % 32);
	case 8: *capped = false; return 0;
	case 9: *capped = false;
		return u8(r) & 1 ? UINT64_MAX : CAP_MAX + 1 + u8(r);
	case 10: *capped = false; return pow2(28 + u8(r) % 19); /* > memory */
	case 13: return 64 + 64 * (uint64_t)(u8(r) % 64);
	case 14: return FUZZ_PAGE * (1 + u8(r) % 16) - u8(r) % 2;
	default: return 1 + un(r, 3);
	}
}

static uint64_t
decode_mask(struct rd *r)
{
	unsigned int w, b;
	uint64_t m;

	switch (u8(r) % 16) {
	case 0: case 1: case 2: case 3:
		return 0;
	case 4:
		return UINT64_MAX;
	case 5: /* width mask around the live memory's top bit */
		w = top_bit(mem_hi - 1) + 1 + u8(r) % 5 - 2;
		return w >= 64 ? UINT64_MAX : pow2(w) - 1;
	case 6: /* width mask with alignment bits */
		w = top_bit(mem_hi - 1) + 1 + u8(r) % 3;
		m = w >= 64 ? UINT64_MAX : pow2(w) - 1;
		return m & ~(pow2(u8(r) % 22) - 1);
	case 7: /* one hole in the live bits */
		return ~pow2(live_bit(r));
	case 8: /* width mask with a hole */
		w = top_bit(mem_hi - 1) + 1 + u8(r) % 3;
		m = w >= 64 ? UINT64_MAX : pow2(w) - 1;
		return m & ~pow2(live_bit(r));
	case 9: /* two holes */
		b = live_bit(r);
		return ~pow2(b) & ~pow2(live_bit(r));
	case 10:
		return un(r, 8);
	case 11: /* holes only in the low live bits */
		return ~(un(r, 4) & (pow2(top_bit(mem_hi - 1)) - 1) & ~(uint64_t)0xfff);
	case 12: /* small: below the alignment or tiny */
		return pow2(u8(r) % 14) - 1;
	case 13: /* exactly covers the live memory */
		return pow2(top_bit(mem_hi - 1) + 1) - 1;
	case 14: /* excludes the top live bit: the lower part only */
		return pow2(top_bit(mem_hi - 1)) - 1;
	default: /* a hole and alignment */
		return ~pow2(live_bit(r)) & ~(pow2(u8(r) % 17) - 1);
	}
}

static void
decode_window(struct rd *r, struct rte_iobuf_params *p)
{
	uint64_t x;

	switch (u8(r) % 12) {
	case 5:
		p->iova_min = mem_lo + FUZZ_PAGE * (un(r, 2) % (mem_bytes / FUZZ_PAGE + 1));
		break;
	case 6:
		p->iova_max = mem_lo + FUZZ_PAGE * (un(r, 2) % (mem_bytes / FUZZ_PAGE + 1)) -
			      (u8(r) & 1);
		break;
	case 7: /* tight around the capacity */
		p->iova_min = mem_lo + FUZZ_PAGE * (un(r, 2) % (mem_bytes / FUZZ_PAGE + 1));
		p->iova_max = p->iova_min + p->capacity - 1 + FUZZ_PAGE * (u8(r) % 8) +
			      (uint64_t)(int64_t)(int8_t)u8(r);
		break;
	case 8: /* empty */
		x = un(r, 8) | 1;
		p->iova_min = x;
		p->iova_max = x - 1 - u8(r) % 2;
		if (p->iova_max == 0)
			p->iova_max = 1, p->iova_min = 2;
		break;
	case 9:
		p->iova_min = un(r, 8);
		p->iova_max = un(r, 8);
		break;
	case 10: /* straddling the end of live memory */
		x = FUZZ_PAGE * (1 + u8(r) % 64);
		p->iova_min = mem_hi - x;
		p->iova_max = mem_hi + x;
		break;
	case 11:
		p->iova_min = un(r, 8) >> (u8(r) % 64);
		p->iova_max = UINT64_MAX;
		break;
	default:
		break;
	}
}

/* At most 64 Ki segments: boundary 1 with 64 MiB would be 2^26 of them,
 * minutes of segment walking (rte_iobuf_verify() reads the page map at
 * every segment end in IOVA-as-PA mode) and nothing new. */
static void
cap_segments(struct rte_iobuf_params *p)
{
	uint64_t unit = p->boundary;

	if (p->max_seg_size != 0 && (unit == 0 || p->max_seg_size < unit))
		unit = p->max_seg_size;
	if (unit != 0 && unit <= (1 << 20) && p->capacity / unit > 65536)
		p->capacity = unit * 65536;
}

static void
decode_req(struct rd *r, struct req *q, unsigned int idx, uint64_t *budget)
{
	struct rte_iobuf_params *p = &q->p;
	uint8_t f1 = u8(r), f2 = u8(r), sel;
	bool capped;
	uint64_t cap;
	size_t i, len;

	memset(q, 0, sizeof(*q));
	p->socket_id = SOCKET_ID_ANY;
	p->flags = f1 & (RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT | RTE_IOBUF_CONTIG |
			 RTE_IOBUF_DMA_ONLY);
	switch (f1 >> 5) {
	case 3: p->flags |= RTE_IOBUF_CACHE_INHIBIT; break;
	case 4: p->flags |= RTE_IOBUF_CACHE_WRITE_THRU; break;
	case 5: p->flags |= RTE_IOBUF_CACHE_COPYBACK; break;
	case 6: p->flags |= RTE_IOBUF_CACHE_WRITE_COMBINE; break;
	case 7:
		if (f2 & 0x80) /* two modes, or any mode bit */
			p->flags |= (uint32_t)(f2 & 0xf) << 8;
		else if (f2 & 0x40) /* an unknown bit */
			p->flags |= pow2(5 + f2 % 27);
		break;
	default:
		break;
	}

	cap = decode_capacity(r, &capped);
	if (capped) {
		if (cap > *budget)
			cap = *budget;
		*budget -= cap;
	}
	p->capacity = cap;
	p->iova_mask = decode_mask(r);
	decode_window(r, p);

	switch ((sel = u8(r)) % 8) {
	case 3: p->align = pow2(u8(r) % 22); break;
	case 4: p->align = pow2(u8(r) % 64); break;
	case 5: p->align = not_pow2(un(r, 2)); break;
	case 6: p->align = FUZZ_PAGE; break;
	case 7: p->align = pow2(12 + u8(r) % 10); break;
	default: break;
	}
	switch (u8(r) % 8) {
	case 4: p->boundary = pow2(12 + u8(r) % 18); break;
	case 5: p->boundary = pow2(u8(r) % 64); break;
	case 6: p->boundary = not_pow2(un(r, 3)); break;
	case 7: p->boundary = cap > 1 && cap <= pow2(40) ? pow2(top_bit(cap - 1) + 1) : 4096; break;
	default: break;
	}
	switch (u8(r) % 8) {
	case 4: p->max_segs = 1; break;
	case 5: p->max_segs = 1 + u8(r) % 8; break;
	case 6: p->max_segs = (uint32_t)un(r, 4); break;
	case 7: p->max_segs = 1 + u8(r) % 64; break;
	default: break;
	}
	switch (u8(r) % 8) {
	case 4: p->max_seg_size = FUZZ_PAGE * (1 + u8(r) % 16); break;
	case 5: p->max_seg_size = pow2(u8(r) % 30); break;
	case 6: p->max_seg_size = 1 + un(r, 2); break;
	case 7: p->max_seg_size = un(r, 8); break;
	default: break;
	}
	if (capped)
		cap_segments(p);
	switch (u8(r) % 8) {
	case 5: p->socket_id = 0; break;
	case 6: p->socket_id = rte_socket_id_by_idx(rte_socket_count() - 1); break;
	case 7: p->socket_id = (int8_t)u8(r); break;
	default: break;
	}

	sel = u8(r);
	switch (sel % 16) {
	case 11:
		snprintf(q->name, sizeof(q->name), "fz-%u.%u", idx, sel);
		q->named = true;
		break;
	case 12:
		q->named = true; /* empty */
		break;
	case 13: /* 31 characters: the longest allowed */
		snprintf(q->name, sizeof(q->name), "fuzz_%u_abcdefghijklmnopqrstuvwxyz", idx);
		q->name[RTE_IOBUF_NAMESIZE - 1] = '\0';
		q->named = true;
		break;
	case 14: /* 32: one too many */
		snprintf(q->name, sizeof(q->name), "fuzz_%u_abcdefghijklmnopqrstuvwxyz", idx);
		q->name[RTE_IOBUF_NAMESIZE] = '\0';
		q->named = true;
		break;
	case 15: /* bytes from the input */
		len = u8(r) % 40;
		for (i = 0; i < len; i++) {
			q->name[i] = (char)u8(r);
			if (q->name[i] == '\0')
				break;
		}
		q->name[i] = '\0';
		q->named = true;
		break;
	default:
		break;
	}
	if (q->named)
		p->name = q->name;
	if ((f1 & 0x08) && (q->named || (f2 & 1)))
		p->flags |= RTE_IOBUF_SHARED;
	q->dup = (f2 & 2) != 0;
	q->lookup = (f2 & 4) != 0;
	q->pattern = un(r, 8) | 1;
}

/*
 * Reproducers as text: lines "request: name=NULL socket=-1 flags=0x0
 * capacity=1 mask=0x0 ..." as print_req() writes them (name="..." without
 * spaces or quotes; optional dup=1 lookup=1). Returns the number of
 * requests, 0 if @p data is not in this form.
 */
static unsigned int
parse_text(const uint8_t *data, size_t size, struct req *reqs)
{
	char *text, *line, *save_line, *tok, *save_tok, *val;
	unsigned int n = 0;
	struct req *q;
	size_t len;

	if (size < 8 || memcmp(data, "request:", 8) != 0)
		return 0;
	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save_line); line != NULL && n < MAX_REQ;
	     line = strtok_r(NULL, "\n", &save_line)) {
		while (*line == ' ')
			line++;
		if (strncmp(line, "request:", 8) != 0)
			continue;
		q = &reqs[n++];
		memset(q, 0, sizeof(*q));
		q->p.socket_id = SOCKET_ID_ANY;
		q->pattern = 0x0123456789abcdefULL;
		for (tok = strtok_r(line + 8, " ", &save_tok); tok != NULL;
		     tok = strtok_r(NULL, " ", &save_tok)) {
			val = strchr(tok, '=');
			if (val == NULL)
				continue;
			*val++ = '\0';
			if (strcmp(tok, "name") == 0) {
				if (strcmp(val, "NULL") == 0)
					continue;
				len = strlen(val);
				if (len >= 2 && val[0] == '"' && val[len - 1] == '"') {
					val[len - 1] = '\0';
					val++;
				}
				snprintf(q->name, sizeof(q->name), "%s", val);
				q->named = true;
				q->p.name = q->name;
			} else if (strcmp(tok, "socket") == 0)
				q->p.socket_id = (int)strtol(val, NULL, 0);
			else if (strcmp(tok, "flags") == 0)
				q->p.flags = (uint32_t)strtoul(val, NULL, 0);
			else if (strcmp(tok, "capacity") == 0)
				q->p.capacity = strtoull(val, NULL, 0);
			else if (strcmp(tok, "mask") == 0)
				q->p.iova_mask = strtoull(val, NULL, 0);
			else if (strcmp(tok, "align") == 0)
				q->p.align = strtoull(val, NULL, 0);
			else if (strcmp(tok, "iova_min") == 0)
				q->p.iova_min = strtoull(val, NULL, 0);
			else if (strcmp(tok, "iova_max") == 0)
				q->p.iova_max = strtoull(val, NULL, 0);
			else if (strcmp(tok, "boundary") == 0)
				q->p.boundary = strtoull(val, NULL, 0);
			else if (strcmp(tok, "max_segs") == 0)
				q->p.max_segs = (uint32_t)strtoul(val, NULL, 0);
			else if (strcmp(tok, "max_seg_size") == 0)
				q->p.max_seg_size = strtoull(val, NULL, 0);
			else if (strcmp(tok, "dup") == 0)
				q->dup = strcmp(val, "1") == 0;
			else if (strcmp(tok, "lookup") == 0)
				q->lookup = strcmp(val, "1") == 0;
		}
		if (q->p.capacity <= BUDGET)
			cap_segments(&q->p);
	}
	free(text);
	return n;
}

/* ---- reporting ---- */

static void
print_req(FILE *f, const struct req *q)
{
	const struct rte_iobuf_params *p = &q->p;

	fprintf(f, "  request: name=%s%s%s socket=%d flags=0x%x capacity=%zu mask=0x%" PRIx64
		" align=0x%" PRIx64 " iova_min=0x%" PRIx64 " iova_max=0x%" PRIx64
		" boundary=0x%" PRIx64 " max_segs=%u max_seg_size=0x%" PRIx64 "\n",
		p->name ? "\"" : "", p->name ? p->name : "NULL", p->name ? "\"" : "",
		p->socket_id, p->flags, p->capacity, p->iova_mask, p->align,
		p->iova_min, p->iova_max, p->boundary, p->max_segs, p->max_seg_size);
	fprintf(f, "  live memory: IOVA [0x%" PRIx64 ", 0x%" PRIx64 "), %" PRIu64 " bytes, IOVA mode %s\n",
		mem_lo, mem_hi, mem_bytes, rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA");
}

/* rte_iobuf_verify() of the buffer being checked, for the report. */
static int cur_verify;
static bool cur_verify_valid;

static void __rte_format_printf(2, 3) __rte_noreturn
violation(const struct req *q, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_create: ORACLE VIOLATION: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (q != NULL)
		print_req(stderr, q);
	if (cur_verify_valid)
		fprintf(stderr, "  rte_iobuf_verify() on this buffer returned %d%s\n", cur_verify,
			cur_verify == 0 ? " (the library's own check misses it)" : "");
	abort();
}

/* ---- the constraint, read independently from the documentation ---- */

static uint64_t
eff_align(const struct rte_iobuf_params *p)
{
	uint64_t a = RTE_MAX(p->align, (uint64_t)RTE_CACHE_LINE_SIZE);

	return RTE_MAX(a, p->iova_mask & -p->iova_mask);
}

static uint64_t
forbidden(const struct rte_iobuf_params *p)
{
	if (p->iova_mask == 0)
		return 0;
	return ~(p->iova_mask | (eff_align(p) - 1));
}

static rte_iova_t
win_hi(const struct rte_iobuf_params *p)
{
	return p->iova_max == 0 ? UINT64_MAX : p->iova_max;
}

/*
 * Every IOVA of [a, end] (inclusive) has no forbidden bit: the range cut
 * into aligned power-of-two blocks, a block [base, base + 2^k) passes when
 * base has no forbidden bit and no forbidden bit lies below k.
 */
static bool
range_meets_mask(uint64_t forbid, uint64_t a, uint64_t end)
{
	unsigned int k;
	uint64_t low;

	if (end < a)
		return false;
	for (;;) {
		k = a == 0 ? 64 : (unsigned int)__builtin_ctzll(a);
		/* Shrink the block until it ends at or before end. */
		while (k > 0 && (k >= 64 || pow2(k) - 1 > end - a))
			k--;
		low = k >= 64 ? UINT64_MAX : pow2(k) - 1;
		if ((a & forbid) != 0 || (forbid & low) != 0)
			return false;
		if (end - a == low)
			return true;
		a += low + 1;
	}
}

static bool
socket_exists(int s)
{
	unsigned int i;

	if (s == SOCKET_ID_ANY)
		return true;
	for (i = 0; i < rte_socket_count(); i++)
		if (rte_socket_id_by_idx(i) == s)
			return true;
	return false;
}

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:@+/#"

/* Errors the header's list makes this request malformed with: bit 0
 * EINVAL, bit 1 ENAMETOOLONG; 0 if well-formed. */
static unsigned int
malformed(const struct rte_iobuf_params *p)
{
	unsigned int m = 0;
	uint32_t known = RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT | RTE_IOBUF_CONTIG |
			 RTE_IOBUF_SHARED | RTE_IOBUF_DMA_ONLY | RTE_IOBUF_CACHE_MASK;
	uint32_t cache = p->flags & RTE_IOBUF_CACHE_MASK;

	if (p->capacity == 0 || p->capacity > CAP_MAX)
		m |= 1;
	if (p->flags & ~known)
		m |= 1;
	if (cache & (cache - 1))
		m |= 1;
	if ((p->align != 0 && !is_pow2(p->align)) || p->align > CAP_MAX ||
	    (p->boundary != 0 && !is_pow2(p->boundary)))
		m |= 1;
	if (p->iova_min > win_hi(p))
		m |= 1;
	if (p->name == NULL && (p->flags & RTE_IOBUF_SHARED))
		m |= 1;
	if (p->name != NULL) {
		if (p->name[0] == '\0')
			m |= 1;
		else if (strlen(p->name) >= RTE_IOBUF_NAMESIZE)
			m |= 2;
		if (p->name[strspn(p->name, NAME_CHARS)] != '\0')
			m |= 1;
	}
	if (!socket_exists(p->socket_id))
		m |= 1;
	return m;
}

static uint64_t
ceil_div(uint64_t a, uint64_t b)
{
	return a / b + (a % b != 0);
}

/* Segments of one IOVA run of capacity bytes from @p s. */
static uint64_t
run_segs(const struct rte_iobuf_params *p, uint64_t s)
{
	uint64_t cap = p->capacity, B = p->boundary, first, rest;
	uint64_t M = p->max_seg_size != 0 ? p->max_seg_size : UINT64_MAX;

	if (B == 0)
		return ceil_div(cap, M);
	first = RTE_MIN(cap, B - (s & (B - 1)));
	rest = cap - first;
	return ceil_div(first, M) + rest / B * ceil_div(B, M) + ceil_div(rest % B, M);
}

/* Does the IOVA range [s, s + capacity) meet the whole constraint as one
 * IOVA-contiguous run? (Then ERANGE is wrong.) */
static bool
witness(const struct rte_iobuf_params *p, uint64_t s)
{
	uint64_t cap = p->capacity, end;
	bool contig = (p->flags & RTE_IOBUF_CONTIG) || p->max_segs == 1;

	/* IOVA 0 is never memory (below mmap_min_addr in VA mode, reserved by
	 * the kernel in PA mode); the header counts a mask whose only
	 * aligned start is 0 ("mask below the alignment") as ERANGE. */
	if (cap == 0 || s == 0 || s % eff_align(p) != 0 || s < p->iova_min)
		return false;
	end = s + cap - 1;
	if (end < s || end > win_hi(p))
		return false;
	if (!range_meets_mask(forbidden(p), s, end))
		return false;
	if (contig) {
		if (p->max_seg_size != 0 && cap > p->max_seg_size)
			return false;
		return p->boundary == 0 || (s & ~(p->boundary - 1)) == (end & ~(p->boundary - 1));
	}
	if (p->max_segs == 0)
		return true;
	/* Segments as rte_iobuf_seg_next() cuts one run: pieces end at
	 * boundary multiples, each piece in segments of max_seg_size bytes. */
	return run_segs(p, s) <= p->max_segs;
}

static uint64_t
align_up(uint64_t v, uint64_t a)
{
	uint64_t r = (v + a - 1) & ~(a - 1);

	return r < v ? UINT64_MAX : r;
}

/* A start that refutes ERANGE, or UINT64_MAX. */
static uint64_t
find_witness(const struct rte_iobuf_params *p)
{
	uint64_t a = eff_align(p), bases[4] = { p->iova_min, mem_lo, 0, mem_hi };
	uint64_t s;
	unsigned int i, k;

	if (!is_pow2(a))
		return UINT64_MAX;
	for (i = 0; i < RTE_DIM(bases); i++) {
		for (k = top_bit(a); k < 64; k++) {
			s = align_up(bases[i], pow2(k));
			if (s != UINT64_MAX && witness(p, s))
				return s;
			/* And the next block of the boundary. */
			if (p->boundary != 0 && s != UINT64_MAX) {
				s = align_up(s + 1, RTE_MAX(p->boundary, a));
				if (s != UINT64_MAX && witness(p, s))
					return s;
			}
		}
	}
	return UINT64_MAX;
}

/* ---- leak accounting ---- */

struct snap {
	unsigned int zones;
	uint64_t alloc_bytes, alloc_count;
	struct rte_iobuf_stats st;
};

static void
zone_count(const struct rte_memzone *mz, void *arg)
{
	RTE_SET_USED(mz);
	(*(unsigned int *)arg)++;
}

static void
take_snap(struct snap *s)
{
	struct rte_malloc_socket_stats ms;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	rte_memzone_walk(zone_count, &s->zones);
	for (i = 0; i < rte_socket_count(); i++) {
		if (rte_malloc_get_socket_stats(rte_socket_id_by_idx(i), &ms) != 0)
			continue;
		s->alloc_bytes += ms.heap_allocsz_bytes;
		s->alloc_count += ms.alloc_count;
	}
	rte_iobuf_stats_get(&s->st);
}

/* ---- checks of a buffer ---- */

struct chunk {
	size_t off, len;
	rte_iova_t iova;
	uintptr_t va;
	unsigned int owner; /* request index */
};

/*
 * CPU address of byte @p off, from the descriptor's public layout (a
 * DMA-only buffer has no accessor that gives it): va, or for a buffer
 * gathered from several extents (va NULL) the granule table. Not the
 * library's code: the layout rte_iobuf.h documents.
 */
static uint8_t *
cpu_addr(const struct rte_iobuf *b, size_t off)
{
	const struct rte_iobuf_page *pg;
	size_t at;

	if (b->va != NULL)
		return b->va + off;
	if (b->pages == NULL)
		return NULL;
	at = off + b->page_off;
	pg = &b->pages[at >> b->page_shift];
	return pg->va + (at & ((UINT64_C(1) << b->page_shift) - 1));
}

/* Checks one new buffer; returns its pages (CPU and IOVA ranges) for the
 * overlap check, *n_out of them (the caller frees). */
static struct chunk *
check_buffer(const struct req *q, unsigned int idx, struct rte_iobuf *b,
	     size_t *n_out)
{
	const struct rte_iobuf_params *p = &q->p;
	uint64_t align = eff_align(p), forbid = forbidden(p);
	rte_iova_t hi = win_hi(p);
	size_t cap = p->capacity, off, nch = 0, ci, o, at, gran;
	bool align_tolerated = false;
	rte_iova_t end;
	struct rte_iobuf_params got;
	struct rte_iobuf_seg seg;
	struct chunk *ch;
	unsigned int nseg = 0;
	const struct rte_memseg *ms;
	uint8_t *va;
	size_t sl;

	cur_verify = rte_iobuf_verify(b);
	cur_verify_valid = true;
	if (rte_iobuf_capacity(b) != cap || rte_iobuf_length(b) != cap)
		violation(q, "capacity %zu length %zu, asked %zu", rte_iobuf_capacity(b),
			  rte_iobuf_length(b), cap);
	if (rte_iobuf_flags(b) != p->flags &&
	    !(allowed(QUIRK_FLAGS_DIR) && (p->flags & DIR_BOTH) == 0 &&
	      rte_iobuf_flags(b) == (p->flags | DIR_BOTH)))
		violation(q, "rte_iobuf_flags 0x%x, asked 0x%x (\"options as given\")",
			  rte_iobuf_flags(b), p->flags);
	if (rte_iobuf_refcnt(b) != 1)
		violation(q, "new buffer has refcnt %u", rte_iobuf_refcnt(b));

	/* EAL, page by page: a chunk is one EAL page (memseg) of the buffer,
	 * cut where the buffer's CPU addresses jump (a gathered buffer). */
	ch = malloc(sizeof(*ch) * (cap / FUZZ_PAGE + 2));
	if (ch == NULL)
		abort();
	gran = b->va == NULL && b->pages != NULL ? (size_t)1 << b->page_shift : FUZZ_PAGE;
	ch = realloc(ch, sizeof(*ch) * (cap / RTE_MIN(gran, (size_t)FUZZ_PAGE) + 2));
	if (ch == NULL)
		abort();
	for (off = 0; off < cap; off += ch[nch++].len) {
		size_t n, g;

		va = cpu_addr(b, off);
		if (va == NULL)
			violation(q, "offset %zu has no CPU address (va NULL, no page table)", off);
		if (!(p->flags & RTE_IOBUF_DMA_ONLY) && rte_iobuf_addr(b, off, 1) != va)
			violation(q, "rte_iobuf_addr(%zu, 1) = %p, the descriptor says %p", off,
				  rte_iobuf_addr(b, off, 1), (void *)va);
		ms = rte_mem_virt2memseg(va, NULL);
		if (ms == NULL)
			violation(q, "offset %zu (VA %p) is not in DPDK memory", off, (void *)va);
		n = RTE_MIN(cap - off, (size_t)((uint8_t *)ms->addr + ms->len - va));
		/* Within the EAL page, as far as the CPU addresses continue:
		 * checked at every granule of the descriptor's table (a
		 * gathered buffer's pieces may be smaller than a page). */
		if (b->va == NULL)
			for (g = gran - ((off + b->page_off) & (gran - 1)); g < n; g += gran)
				if (cpu_addr(b, off + g) != va + g) {
					n = g;
					break;
				}
		ch[nch].off = off;
		ch[nch].len = n;
		ch[nch].va = (uintptr_t)va;
		ch[nch].owner = idx;
		ch[nch].iova = rte_mem_virt2iova(va);
		if (ch[nch].iova == RTE_BAD_IOVA)
			violation(q, "offset %zu: EAL has no IOVA", off);
		if (off == 0 && ch[0].iova % align != 0) {
			if (!(p->flags & RTE_IOBUF_CONTIG) && p->max_segs != 1 &&
			    allowed(QUIRK_GATHER_ALIGN))
				align_tolerated = true;
			else
				violation(q, "first IOVA 0x%" PRIx64 " not aligned to 0x%" PRIx64,
					  ch[0].iova, align);
		}
		end = ch[nch].iova + ch[nch].len - 1;
		if (ch[nch].iova < p->iova_min || end > hi || end < ch[nch].iova)
			violation(q, "offset %zu: IOVA [0x%" PRIx64 ", 0x%" PRIx64 "] outside window [0x%"
				  PRIx64 ", 0x%" PRIx64 "]", off, ch[nch].iova, end,
				  p->iova_min, hi);
		if (!range_meets_mask(forbid, ch[nch].iova, end))
			violation(q, "offset %zu: IOVA [0x%" PRIx64 ", 0x%" PRIx64 "] has a bit outside mask (forbidden 0x%"
				  PRIx64 ")", off, ch[nch].iova, end, forbid);
	}

	/* Segments against the pages. */
	off = 0;
	ci = 0;
	while (rte_iobuf_seg_next(b, &off, &seg)) {
		nseg++;
		if (seg.len == 0 || seg.offset + seg.len > cap || seg.offset != off - seg.len)
			violation(q, "segment %u: offset %zu len %zu (next %zu) out of order",
				  nseg, seg.offset, seg.len, off);
		if (p->max_seg_size != 0 && seg.len > p->max_seg_size)
			violation(q, "segment %u: %zu bytes, max_seg_size %" PRIu64, nseg, seg.len,
				  p->max_seg_size);
		if (p->boundary != 0 && (seg.iova & ~(p->boundary - 1)) !=
		    ((seg.iova + seg.len - 1) & ~(p->boundary - 1)))
			violation(q, "segment %u: IOVA 0x%" PRIx64 "+%zu crosses boundary 0x%" PRIx64,
				  nseg, seg.iova, seg.len, p->boundary);
		sl = 0;
		if (rte_iobuf_iova(b, seg.offset, &sl) != seg.iova || sl != seg.len)
			violation(q, "segment %u: rte_iobuf_iova disagrees with seg_next", nseg);
		/* Every page overlapping the segment continues its IOVA run. */
		while (ci < nch && ch[ci].off + ch[ci].len <= seg.offset)
			ci++;
		for (o = ci; o < nch && ch[o].off < seg.offset + seg.len; o++) {
			at = RTE_MAX(ch[o].off, seg.offset);
			if (ch[o].iova + (at - ch[o].off) != seg.iova + (at - seg.offset))
				violation(q, "segment %u (IOVA 0x%" PRIx64 "+%zu): offset %zu has IOVA 0x%"
					  PRIx64 " per EAL, 0x%" PRIx64 " per the segment", nseg,
					  seg.iova, seg.len, at, ch[o].iova + (at - ch[o].off),
					  seg.iova + (at - seg.offset));
		}
	}
	if (off != cap)
		violation(q, "segments end at %zu, capacity %zu", off, cap);
	if (p->max_segs != 0 && nseg > p->max_segs)
		violation(q, "%u segments, max_segs %u", nseg, p->max_segs);
	if (((p->flags & RTE_IOBUF_CONTIG) || p->max_segs == 1) && nseg != 1)
		violation(q, "contiguous buffer has %u segments", nseg);
	if (rte_iobuf_seg_count(b) != nseg)
		violation(q, "rte_iobuf_seg_count %u, seg_next gave %u", rte_iobuf_seg_count(b), nseg);
	*n_out = nch;

	if (cur_verify != 0 && !align_tolerated)
		violation(q, "rte_iobuf_verify fails where this check passed");
	cur_verify_valid = false;
	if (rte_iobuf_params_get(b, &got) != 0)
		violation(q, "rte_iobuf_params_get fails");
	if (got.capacity != cap || got.iova_mask != p->iova_mask ||
	    got.iova_min != p->iova_min || got.iova_max != hi ||
	    got.boundary != p->boundary || got.max_segs != p->max_segs ||
	    got.max_seg_size != p->max_seg_size || !is_pow2(got.align) ||
	    got.align < align ||
	    (rte_iobuf_iova(b, 0, NULL) % got.align != 0 && !align_tolerated) ||
	    (got.flags & ~(uint32_t)(RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT)) !=
	    (p->flags & ~(uint32_t)(RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT)))
		violation(q, "rte_iobuf_params_get: capacity %zu mask 0x%" PRIx64 " window [0x%"
			  PRIx64 ", 0x%" PRIx64 "] boundary 0x%" PRIx64 " max_segs %u max_seg_size 0x%"
			  PRIx64 " align 0x%" PRIx64 " flags 0x%x", got.capacity, got.iova_mask,
			  got.iova_min, got.iova_max, got.boundary, got.max_segs,
			  got.max_seg_size, got.align, got.flags);
	if (rte_iobuf_cache_requested(b) != ((p->flags & RTE_IOBUF_CACHE_MASK) != 0 ?
	    (p->flags & RTE_IOBUF_CACHE_MASK) : RTE_IOBUF_CACHE_COPYBACK))
		violation(q, "cache mode requested 0x%x", rte_iobuf_cache_requested(b));
	return ch;
}

static int
cmp_va(const void *a, const void *b)
{
	const struct chunk *x = a, *y = b;

	return x->va < y->va ? -1 : x->va > y->va;
}

static int
cmp_iova(const void *a, const void *b)
{
	const struct chunk *x = a, *y = b;

	return x->iova < y->iova ? -1 : x->iova > y->iova;
}

/* No two pages of the input's buffers (the same buffer's included) share
 * a CPU address or an IOVA. */
static void
check_overlap(struct chunk *all, size_t n, const struct req *reqs)
{
	size_t i;

	qsort(all, n, sizeof(*all), cmp_va);
	for (i = 1; i < n; i++)
		if (all[i - 1].va + all[i - 1].len > all[i].va)
			violation(&reqs[all[i].owner], "CPU range %#lx+%zu (request %u, offset %zu) overlaps %#lx+%zu (request %u, offset %zu)",
				  (unsigned long)all[i].va, all[i].len, all[i].owner, all[i].off,
				  (unsigned long)all[i - 1].va, all[i - 1].len,
				  all[i - 1].owner, all[i - 1].off);
	qsort(all, n, sizeof(*all), cmp_iova);
	for (i = 1; i < n; i++)
		if (all[i - 1].iova + all[i - 1].len > all[i].iova)
			violation(&reqs[all[i].owner], "IOVA range 0x%" PRIx64 "+%zu (request %u, offset %zu) overlaps 0x%"
				  PRIx64 "+%zu (request %u, offset %zu)", all[i].iova, all[i].len,
				  all[i].owner, all[i].off, all[i - 1].iova, all[i - 1].len,
				  all[i - 1].owner, all[i - 1].off);
}

/* CPU access: fill (or stamp) every buffer, then read all back, so that
 * two buffers sharing memory show. */
static uint8_t scratch[1 << 20];

static bool
whole(const struct req *q)
{
	return q->p.capacity <= sizeof(scratch);
}

static void
gen(const struct req *q, size_t off, uint8_t *dst, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = (uint8_t)((q->pattern >> (8 * ((off + i) % 8))) + (off + i) / 8 * 31);
}

static void
cpu_write(const struct req *q, struct rte_iobuf *b)
{
	size_t cap = q->p.capacity, off, len;
	uint8_t stamp[16];

	if (q->p.flags & RTE_IOBUF_DMA_ONLY) {
		rte_errno = 0;
		if (rte_iobuf_write(b, 0, stamp, 1) != -EACCES || rte_errno != EACCES)
			violation(q, "write to a DMA-only buffer not refused with EACCES");
		if (rte_iobuf_addr(b, 0, 1) != NULL)
			violation(q, "rte_iobuf_addr of a DMA-only buffer not NULL");
		return;
	}
	rte_errno = 0;
	if (b->va != NULL && rte_iobuf_addr(b, 0, cap) != b->va)
		violation(q, "rte_iobuf_addr(0, capacity) is not the buffer's address");
	if (b->va == NULL) {
		/* Gathered: the whole range is refused with EXDEV (no view:
		 * stretches not page-aligned, no page files) or ENOMEM, or
		 * answered in this process's contiguous view: at every table
		 * entry the view must alias the stretch (a byte flipped through
		 * the view shows there, then is put back). */
		uint8_t *whole_va = rte_iobuf_addr(b, 0, cap);

		if (whole_va == NULL && rte_errno != EXDEV && rte_errno != ENOMEM)
			violation(q, "gathered buffer: rte_iobuf_addr(0, capacity) refused with rte_errno %d, not EXDEV or ENOMEM",
				  rte_errno);
		for (off = 0; whole_va != NULL && off < cap;
		     off += ((size_t)1 << b->page_shift) - ((off + b->page_off) & (((size_t)1 << b->page_shift) - 1))) {
			volatile uint8_t *v = whole_va + off, *c = cpu_addr(b, off);
			uint8_t was = *c;

			*v = (uint8_t)~was;
			if (*c != (uint8_t)~was)
				violation(q, "gathered buffer: the view at offset %zu (%p) does not alias its stretch (%p)",
					  off, (void *)(uintptr_t)v, (void *)(uintptr_t)c);
			*c = was;
		}
	}
	if (whole(q)) {
		gen(q, 0, scratch, cap);
		if (rte_iobuf_write(b, 0, scratch, cap) != 0)
			violation(q, "rte_iobuf_write of %zu bytes failed (rte_errno %d)", cap, rte_errno);
		return;
	}
	for (off = 0; off < cap; off += FUZZ_PAGE) {
		len = RTE_MIN(sizeof(stamp), cap - off);
		gen(q, off, stamp, len);
		if (rte_iobuf_write(b, off, stamp, len) != 0)
			violation(q, "rte_iobuf_write at %zu failed (rte_errno %d)", off, rte_errno);
	}
}

static void
cpu_check(const struct req *q, struct rte_iobuf *b)
{
	size_t cap = q->p.capacity, off, len, i;
	uint8_t want[16], got[16];

	if (q->p.flags & RTE_IOBUF_DMA_ONLY)
		return;
	if (whole(q)) {
		memset(scratch, 0, cap);
		if (rte_iobuf_read(b, 0, scratch, cap) != 0)
			violation(q, "rte_iobuf_read of %zu bytes failed", cap);
		for (i = 0; i < cap; i += sizeof(want)) {
			len = RTE_MIN(sizeof(want), cap - i);
			gen(q, i, want, len);
			if (memcmp(scratch + i, want, len) != 0)
				violation(q, "bytes at offset %zu read back differ (memory shared with another buffer?)", i);
		}
		return;
	}
	for (off = 0; off < cap; off += FUZZ_PAGE) {
		len = RTE_MIN(sizeof(want), cap - off);
		gen(q, off, want, len);
		if (rte_iobuf_read(b, off, got, len) != 0 || memcmp(got, want, len) != 0)
			violation(q, "stamp at offset %zu read back differs (memory shared with another buffer?)", off);
	}
}

/* ---- the target ---- */

static bool
errno_allowed(int e)
{
	return e == EINVAL || e == ENAMETOOLONG || e == EEXIST || e == ERANGE ||
	       e == ENOMEM || e == ENOSPC;
}

/* The failure counter of @p err moved by one, the others not at all. */
static void
check_failed_counters(const struct req *q, const struct rte_iobuf_stats *a,
		      const struct rte_iobuf_stats *b, int err)
{
	const struct {
		const char *name;
		uint64_t before, after;
		bool mine;
	} c[] = {
		{ "failed_einval", a->failed_einval, b->failed_einval,
		  err == EINVAL || err == ENAMETOOLONG },
		{ "failed_erange", a->failed_erange, b->failed_erange, err == ERANGE },
		{ "failed_enomem", a->failed_enomem, b->failed_enomem, err == ENOMEM },
		{ "failed_enospc", a->failed_enospc, b->failed_enospc, err == ENOSPC },
		{ "failed_eexist", a->failed_eexist, b->failed_eexist, err == EEXIST },
		{ "failed_other", a->failed_other, b->failed_other,
		  !errno_allowed(err) || err == 0 },
	};
	size_t i;

	for (i = 0; i < RTE_DIM(c); i++)
		if (c[i].after != c[i].before + (c[i].mine ? 1 : 0))
			violation(q, "stats: %s %" PRIu64 "->%" PRIu64 " after a failure with %s",
				  c[i].name, c[i].before, c[i].after, strerror(err));
}

static bool
easy(const struct rte_iobuf_params *p)
{
	return p->iova_mask == 0 && p->iova_min <= mem_lo &&
	       (p->iova_max == 0 || p->iova_max >= mem_hi) && p->boundary == 0 &&
	       p->max_segs == 0 && p->max_seg_size == 0 && p->align <= FUZZ_PAGE &&
	       p->capacity <= (UINT64_C(4) << 20) && malformed(p) == 0;
}

static uint64_t executions, successes;
static bool verbose;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req reqs[MAX_REQ];
	struct rte_iobuf *bufs[MAX_REQ] = { NULL };
	struct chunk *chunks[MAX_REQ] = { NULL }, *all;
	size_t n_chunks[MAX_REQ] = { 0 }, total;
	struct snap before, after, s0, s1;
	struct rd r = { data, size };
	uint64_t budget = BUDGET;
	unsigned int n = 0, i, j, m;
	struct rte_iobuf *b, *b2;
	uint8_t order;
	int err;

	executions++;
	rte_iobuf_trim();
	take_snap(&before);
	n = parse_text(data, size, reqs);
	if (n != 0)
		r.n = 0; /* release in order */
	else
		do {
			decode_req(&r, &reqs[n], n, &budget);
			n++;
		} while (n < MAX_REQ && r.n != 0 && (u8(&r) & 3) != 0);

	for (i = 0; i < n; i++) {
		struct req *q = &reqs[i];

		/* A name may repeat within an input: then EEXIST is right. */
		for (j = 0; j < i; j++)
			if (bufs[j] != NULL && q->p.name != NULL && reqs[j].p.name != NULL &&
			    strcmp(q->p.name, reqs[j].p.name) == 0)
				break;
		if (verbose)
			print_req(stderr, q);
		if (rte_eal_iova_mode() == RTE_IOVA_VA && malformed(&q->p) == 0 &&
		    (eff_align(&q->p) >= (UINT64_C(1) << 30) ||
		     (q->p.max_segs != 0 && q->p.boundary >= (UINT64_C(1) << 30))) &&
		    allowed(QUIRK_EAL_ALIGN))
			continue;
		if (malformed(&q->p) == 0 && q->p.capacity >= (UINT64_C(1) << 38) &&
		    allowed(QUIRK_GATHER_WRAP))
			continue;
		take_snap(&s0);
		rte_errno = 0;
		b = rte_iobuf_create_params(&q->p);
		err = rte_errno;
		take_snap(&s1);
		m = malformed(&q->p);
		if (b == NULL) {
			if (!errno_allowed(err))
				violation(q, "create failed with rte_errno %d (%s), not a documented value",
					  err, strerror(err));
			if (s1.st.failed != s0.st.failed + 1 || s1.st.created != s0.st.created)
				violation(q, "stats: failed %" PRIu64 "->%" PRIu64 " created %" PRIu64 "->%" PRIu64,
					  s0.st.failed, s1.st.failed, s0.st.created, s1.st.created);
			check_failed_counters(q, &s0.st, &s1.st, err);
			/* Several errors may apply; the header orders none of them. */
			if (m != 0 && !(((m & 1) && err == EINVAL) || ((m & 2) && err == ENAMETOOLONG) ||
					(j != i && err == EEXIST)))
				violation(q, "malformed request (%s%s) failed with rte_errno %d (%s)",
					  m & 1 ? "EINVAL" : "", m & 2 ? " ENAMETOOLONG" : "", err,
					  strerror(err));
			if (m == 0 && err == EINVAL && q->p.align > CAP_MAX &&
			    allowed(QUIRK_ALIGN_MAX))
				continue;
			if (m == 0 && (err == EINVAL || err == ENAMETOOLONG))
				violation(q, "well-formed request refused with %s", strerror(err));
			if (err == EEXIST && j == i)
				violation(q, "EEXIST but no buffer of this input has the name");
			if (err == ERANGE) {
				uint64_t w = find_witness(&q->p);

				if (w != UINT64_MAX)
					violation(q, "ERANGE (no memory can meet it) but IOVA [0x%" PRIx64
						  ", +%zu) meets the whole constraint", w, q->p.capacity);
			}
			if (i == 0 && easy(&q->p))
				violation(q, "an easy request on an empty heap failed: %s", strerror(err));
			continue;
		}
		if (m != 0)
			violation(q, "malformed request (%s%s) succeeded", m & 1 ? "EINVAL" : "",
				  m & 2 ? " ENAMETOOLONG" : "");
		if (j != i)
			violation(q, "a second buffer with the name of a live one was created");
		if (s1.st.created != s0.st.created + 1 ||
		    s1.st.live_bytes != s0.st.live_bytes + q->p.capacity)
			violation(q, "stats: created %" PRIu64 "->%" PRIu64 " live_bytes %" PRIu64 "->%" PRIu64,
				  s0.st.created, s1.st.created, s0.st.live_bytes, s1.st.live_bytes);
		bufs[i] = b;
		successes++;
		chunks[i] = check_buffer(q, i, b, &n_chunks[i]);
		if (q->p.name != NULL) {
			if (strcmp(rte_iobuf_name(b), q->p.name) != 0)
				violation(q, "name reads back as \"%s\"", rte_iobuf_name(b));
			if (q->lookup) {
				b2 = rte_iobuf_lookup(q->p.name);
				if (b2 != b || rte_iobuf_refcnt(b) != 2)
					violation(q, "lookup gave %p (rte_errno %d), refcnt %u; created %p",
						  (void *)b2, rte_errno, rte_iobuf_refcnt(b), (void *)b);
				rte_iobuf_release(b2);
			}
			if (q->dup) {
				rte_errno = 0;
				b2 = rte_iobuf_create_params(&q->p);
				if (b2 != NULL || rte_errno != EEXIST)
					violation(q, "second create with a live name: %p, rte_errno %d",
						  (void *)b2, rte_errno);
			}
		}
	}

	/* Buffers of one input never overlap; then write all, read all. */
	total = 0;
	for (i = 0; i < n; i++)
		total += n_chunks[i];
	if (total != 0) {
		all = malloc(total * sizeof(*all));
		if (all == NULL)
			abort();
		total = 0;
		for (i = 0; i < n; i++) {
			if (n_chunks[i] != 0)
				memcpy(all + total, chunks[i], n_chunks[i] * sizeof(*all));
			total += n_chunks[i];
			free(chunks[i]);
		}
		check_overlap(all, total, reqs);
		free(all);
	}
	for (i = 0; i < n; i++)
		if (bufs[i] != NULL)
			cpu_write(&reqs[i], bufs[i]);
	for (i = 0; i < n; i++)
		if (bufs[i] != NULL)
			cpu_check(&reqs[i], bufs[i]);

	/* Release in an order the input picks. */
	order = u8(&r);
	for (i = 0; i < n; i++) {
		j = (order & 1) ? n - 1 - i : i;
		if (bufs[j] == NULL)
			continue;
		take_snap(&s0);
		rte_iobuf_release(bufs[j]);
		take_snap(&s1);
		if (s1.st.freed != s0.st.freed + 1 ||
		    s1.st.live_bytes != s0.st.live_bytes - reqs[j].p.capacity)
			violation(&reqs[j], "release stats: freed %" PRIu64 "->%" PRIu64 " live_bytes %"
				  PRIu64 "->%" PRIu64, s0.st.freed, s1.st.freed,
				  s0.st.live_bytes, s1.st.live_bytes);
		if (reqs[j].p.name != NULL && rte_iobuf_lookup(reqs[j].p.name) != NULL)
			violation(&reqs[j], "name still found after the last release");
	}

	rte_iobuf_trim();
	take_snap(&after);
	if (after.zones != before.zones || after.alloc_bytes != before.alloc_bytes ||
	    after.alloc_count != before.alloc_count ||
	    after.st.live_bytes != before.st.live_bytes) {
		fprintf(stderr, "fuzz_create: LEAK after %u request(s): memzones %u->%u, heap bytes %" PRIu64
			"->%" PRIu64 ", heap elements %" PRIu64 "->%" PRIu64 ", live_bytes %" PRIu64
			"->%" PRIu64 "\n", n, before.zones, after.zones, before.alloc_bytes,
			after.alloc_bytes, before.alloc_count, after.alloc_count,
			before.st.live_bytes, after.st.live_bytes);
		for (i = 0; i < n; i++)
			print_req(stderr, &reqs[i]);
		abort();
	}
	return 0;
}

/* ---- EAL ---- */

static char runtime_dir[PATH_MAX];

static void
at_exit(void)
{
	DIR *d;
	struct dirent *e;
	char path[PATH_MAX + 256];

	fprintf(stderr, "fuzz_create: %" PRIu64 " inputs, %" PRIu64 " buffers created and checked\n",
		executions, successes);
	if (quirk_hits != 0)
		fprintf(stderr, "fuzz_create: %" PRIu64 " checks met a known deviation allowed by IOBUF_FUZZ_ALLOW\n",
			quirk_hits);
	rte_iobuf_trim();
	rte_eal_cleanup();
	if (runtime_dir[0] == '\0')
		return;
	d = opendir(runtime_dir);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", runtime_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(runtime_dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char prefix[64], *eal[16];
	const char *pfx = getenv("IOBUF_FUZZ_PREFIX");
	const char *mode = getenv("IOBUF_FUZZ_MODE");
	const char *env_verbose = getenv("IOBUF_FUZZ_VERBOSE");
	const char *allow = getenv("IOBUF_FUZZ_ALLOW");
	bool pa = mode != NULL && strcmp(mode, "pa") == 0;
	struct rte_iobuf *b;
	int n = 0;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	for (n = 0; allow != NULL && n < (int)RTE_DIM(quirk_names); n++)
		if (strstr(allow, quirk_names[n].name) != NULL)
			quirks_allowed |= quirk_names[n].bit;
	n = 0;
	snprintf(prefix, sizeof(prefix), "--file-prefix=%s_%d",
		 pfx != NULL && pfx[0] != '\0' ? pfx : "iobuf_fuzz", (int)getpid());
	eal[n++] = (char *)"fuzz_create";
	eal[n++] = (char *)"-l";
	eal[n++] = (char *)"0";
	eal[n++] = (char *)"-m";
	eal[n++] = (char *)"256";
	if (pa) {
		eal[n++] = (char *)"--in-memory";
		/* No growth beyond -m: impossible requests would make the
		 * store map (and zero) hugepages up to its budget (1 GiB) at
		 * every input, and the machine's other users need some. */
		eal[n++] = (char *)"--socket-limit=256";
		eal[n++] = (char *)"--base-virtaddr=0x200000000000";
	} else {
		eal[n++] = (char *)"--no-huge";
		eal[n++] = (char *)"--base-virtaddr=0x20000000";
	}
	eal[n++] = (char *)"--no-pci";
	eal[n++] = (char *)"--no-telemetry";
	eal[n++] = prefix;
	eal[n++] = (char *)"--log-level=lib.eal:error";
	verbose = env_verbose != NULL && strcmp(env_verbose, "1") == 0;
	eal[n++] = verbose ?
		   (char *)"--log-level=lib.iobuf:info" : (char *)"--log-level=lib.iobuf:crit";
	eal[n] = NULL;
	if (rte_eal_init(n, eal) < 0) {
		fprintf(stderr, "fuzz_create: rte_eal_init failed: %s\n", rte_strerror(rte_errno));
		exit(1);
	}
	snprintf(runtime_dir, sizeof(runtime_dir), "%s", rte_eal_get_runtime_dir());
	atexit(at_exit);
	rte_memseg_walk(layout_cb, NULL);
	if (mem_bytes == 0) {
		fprintf(stderr, "fuzz_create: no memory seen by rte_memseg_walk\n");
		exit(1);
	}
	fprintf(stderr, "fuzz_create: IOVA mode %s, live memory IOVA [0x%" PRIx64 ", 0x%" PRIx64
		"), %" PRIu64 " MiB\n", rte_eal_iova_mode() == RTE_IOVA_PA ? "PA" : "VA",
		mem_lo, mem_hi, mem_bytes >> 20);
	/* First-use allocations (registries, classes) happen here, not in the
	 * first input's leak accounting. */
	b = rte_iobuf_create("fuzz-warmup", SOCKET_ID_ANY, RTE_IOBUF_SHARED, 256, 0);
	rte_iobuf_release(b);
	b = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, 1 << 20, 0);
	rte_iobuf_release(b);
	rte_iobuf_trim();
	return 0;
}
