/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * stress: two lcores and a stream of secondary processes on the library at
 * once, bounded in time.
 *
 * Each lcore of the primary does a random mix (seeded from the run's seed)
 * of create, retain, release, translate (rte_iobuf_iova(), sampled against
 * rte_mem_virt2iova()), stamp check and rewrite, and hand-over to the other
 * lcore, over several constraint classes: arena sizes (64 B .. 64 KiB) under
 * no constraint, a 4 KiB-aligned mask, a mask with a hole at a bit that
 * splits the live memseg layout, an IOVA window over the middle three quarters
 * of the layout (in IOVA-as-VA with hugepages from its first eighth to the end
 * of the memseg lists, where the store grows) and a boundary; and page-store sizes (256 KiB, 1 MiB contiguous,
 * 3 MiB scattered), shared (named) and private, with a bounded set of live
 * buffers per lcore. Every buffer carries its owner's stamp (pid, lcore,
 * sequence) at every 256th byte (every 4 KiB from 64 KiB up) and its tail;
 * the stamp is checked before each release, so two owners of one byte show.
 *
 * Meanwhile a control thread runs secondaries (role "stress") one after the
 * other: each attaches, finds the primary's published shared buffers by
 * name and checks their stamps and IOVAs against its own EAL, looks up some
 * of the lcores' live shared buffers (their names are in a shared
 * directory buffer) and checks their IOVAs, creates and releases buffers of
 * its own, then reports its figures and exits. The lcores go on until the
 * operation count (IOBUF_STRESS_OPS, default 1,000,000 over both lcores) is
 * done and at least STRESS_MIN_CYCLES secondaries have come and gone.
 *
 * At the end everything is released and trimmed: memzones, page-store use
 * and arenas are back to their values before the test, creates minus frees
 * and live bytes summed over the primary and every secondary are back to
 * zero, and no create failed, no IOVA or stamp check failed; then the
 * runner's heap check. IOBUF_STRESS_CYCLES sets the secondaries' minimum
 * (0: none). In the va suite (--no-huge) the secondary part is skipped.
 *
 * It found a real bug when it was written (library at 87405f9): a
 * secondary that exits without rte_iobuf_trim() stayed counted as a user
 * of every arena class it created in, and the primary's trim never freed
 * those classes (fixed by the reaping of dead processes, iobuf_reap.c).
 */

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_memory.h>
#include <rte_pause.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define STRESS_OPS_DEFAULT 1000000
#define STRESS_LIVE 48            /* live buffers per lcore */
#define STRESS_MAX_REFS 3         /* extra references one lcore holds */
#define STRESS_MIN_CYCLES 10      /* secondaries attached and detached */
#define STRESS_SEC_OPS 3000       /* operations of one secondary */
#define STRESS_SEC_LIVE 16
#define STRESS_MAX_CLASSES 40
#define STRESS_NPUB 4
#define STRESS_WORKERS 2
#define STRESS_DIR_NAME "stress-dir"
#define STRESS_MAGIC UINT64_C(0x5354524553534449)
/* Full oracle (iobuf_check_r: every page and 64 offsets against EAL) on
 * one create in this many; one translation in TRANSLATE_SAMPLE is compared
 * with rte_mem_virt2iova() (a page-map read in IOVA-as-PA). */
#define ORACLE_SAMPLE 256
#define TRANSLATE_SAMPLE 8

/* What the secondaries need from the primary, in a shared buffer. */
struct stress_dir {
	uint64_t magic;
	uint32_t n_classes;
	uint32_t n_small;       /* classes [0, n_small) are carved */
	struct rte_iobuf_params cls[STRESS_MAX_CLASSES];  /* name NULL */
	struct {
		char name[RTE_IOBUF_NAMESIZE];
		uint64_t tag;
		struct rte_iobuf_params p;
	} pub[STRESS_NPUB];
	/* Names of the lcores' live shared buffers ("" when none): written
	 * by their lcore, read by secondaries without a lock (a torn name is
	 * refused or not found by the lookup). */
	char live[STRESS_WORKERS][STRESS_LIVE][RTE_IOBUF_NAMESIZE];
	/* Set by the control thread while the lcores are parked: the
	 * secondary that reported may now run rte_eal_cleanup(). */
	uint32_t quiet;
};

struct stress_buf {
	struct rte_iobuf *b;
	uint64_t tag;
	uint32_t cls;
	uint32_t refs;          /* extra references held */
	int slot;               /* index in dir->live[w], -1 if not listed */
};

struct stress_counts {
	uint64_t ops, creates, releases, retains, translates, eal_checks,
		 oracles, stamps, handoffs, failed, iova_bad, stamp_bad, ref_bad;
};

/* Mailbox to the other lcore (single producer, single consumer). */
struct stress_mailbox {
	uint32_t full;
	struct stress_buf e;
} __rte_cache_aligned;

static struct stress_dir *dir;
static struct rte_iobuf *dir_buf;
static struct stress_mailbox mailbox[STRESS_WORKERS];
static struct stress_counts counts[STRESS_WORKERS];
static uint64_t ops_target;           /* per worker */
static volatile int workers_done;     /* workers finished (set by main) */
static volatile int abort_run;        /* a violation: stop early */
static volatile unsigned int cycles_done; /* secondaries completed */
static volatile int need_cycles;      /* workers wait for this many */
/* While a secondary runs rte_eal_cleanup() the lcores stand still (no
 * memory hotplug in the primary): the control thread sets quiesce and
 * waits until every worker is parked or finished. */
static volatile int quiesce;
static unsigned int parked, finished;
static double deadline_s;

/* ---- stamps ---- */

static uint64_t
stress_tag(unsigned int owner, uint64_t seq)
{
	return (uint64_t)(getpid() & 0xffffff) << 40 | (uint64_t)(owner & 0xff) << 32 |
	       (seq & 0xffffffff);
}

static size_t
stamp_stride(size_t cap)
{
	return cap <= 65536 ? 256 : 4096;
}

static void
word_put(struct rte_iobuf *b, size_t off, uint64_t w)
{
	if (b->va != NULL)
		memcpy(b->va + off, &w, sizeof(w));
	else
		rte_iobuf_write(b, off, &w, sizeof(w));
}

static uint64_t
word_get(const struct rte_iobuf *b, size_t off)
{
	uint64_t w = 0;

	if (b->va != NULL)
		memcpy(&w, b->va + off, sizeof(w));
	else
		rte_iobuf_read(b, off, &w, sizeof(w));
	return w;
}

/*
 * The last buffer each tag was written to (racy between the lcores, for
 * the overlap report only): a foreign stamp names its writer, this finds
 * it so the report can say whether the two buffers share addresses (the
 * library placed them twice) or only physical pages (an aliased mapping).
 */
#define TAG_SLOTS 16384
static struct {
	uint64_t tag;
	const struct rte_iobuf *b;
} tag_seen[TAG_SLOTS];

static void
tag_note(const struct rte_iobuf *b, uint64_t tag)
{
	unsigned int i = (unsigned int)((tag ^ (tag >> 29)) % TAG_SLOTS);

	tag_seen[i].b = b;
	tag_seen[i].tag = tag;
}

static const struct rte_iobuf *
tag_writer(uint64_t tag)
{
	unsigned int i = (unsigned int)((tag ^ (tag >> 29)) % TAG_SLOTS);

	return tag_seen[i].tag == tag ? tag_seen[i].b : NULL;
}

/* What is known of the buffer that wrote foreign stamp @p w at @p at. */
static void
overlap_report(uint64_t w, const uint8_t *at)
{
	const struct rte_iobuf *o = tag_writer(w);
	uint64_t frame = iobuf_page_frame(at);
	size_t off, n;

	printf("    overlap: the address %p is frame 0x%" PRIx64 " (/proc/self/pagemap), IOVA 0x%" PRIx64 "\n",
	       (const void *)at, frame, (uint64_t)rte_mem_virt2iova(at));
	if (o == NULL) {
		printf("    overlap: the writer of that stamp is no longer known\n");
		return;
	}
	printf("    overlap: written by buffer %p: %zu bytes, va %p, iova0 0x%" PRIx64 ", %u table entries, refcnt %u\n",
	       (const void *)o, o->capacity, (void *)o->va, (uint64_t)o->iova0, o->n_pages,
	       rte_iobuf_refcnt(o));
	/* Its stretches: which holds the address, which the same frame. */
	for (off = 0; off < o->capacity; off += n) {
		const uint8_t *s;

		if (o->va != NULL) {
			s = o->va;
			n = o->capacity;
		} else {
			const struct rte_iobuf_page *pg = &o->pages[(off + o->page_off) >> o->page_shift];

			s = pg->va + ((off + o->page_off) & (RTE_BIT64(o->page_shift) - 1));
			n = pg->va_end - off;
		}
		printf("    overlap:   stretch [%zu, %zu) at %p..%p%s\n", off, off + n, (const void *)s,
		       (const void *)(s + n), at >= s && at < s + n ? " holds the address" : "");
		for (size_t k = 0; k < n; k += 4096)
			if (frame != 0 && iobuf_page_frame(s + k) == frame)
				printf("    overlap:   its offset %zu (%p) is the same frame\n",
				       off + k, (const void *)(s + k));
	}
}

/* Capacities are at least 8 bytes. */
static void
stamp_write(struct rte_iobuf *b, uint64_t tag)
{
	size_t cap = b->capacity, st = stamp_stride(cap), off;

	tag_note(b, tag);
	/* Words that do not overlap the tail word, then the tail. */
	for (off = 0; off + 16 <= cap; off += st)
		word_put(b, off, tag);
	word_put(b, cap - 8, tag);
}

static int
stamp_check(const struct rte_iobuf *b, uint64_t tag, const char *who)
{
	size_t cap = b->capacity, st = stamp_stride(cap), off;
	uint64_t w;

	for (off = 0; off <= cap; off += st) {
		if (off + 16 > cap)
			off = cap - 8;
		w = word_get(b, off);
		if (w != tag) {
			printf("    FAIL %s: buffer %p (%zu bytes, va %p) stamp at offset %zu is"
			       " 0x%016" PRIx64 " (pid %" PRIu64 " owner 0x%" PRIx64 " seq %" PRIu64
			       "), expected 0x%016" PRIx64 ": %s\n", who, (const void *)b, cap,
			       (void *)b->va, off, w, w >> 40, (w >> 32) & 0xff, w & 0xffffffff,
			       tag, (w >> 32) == (tag >> 32) && (w & 0xffffffff) < (tag & 0xffffffff) ?
			       "an older stamp of this owner (a lost write)" :
			       (w >> 40) != 0 ? "another owner wrote here (overlap)" : "overwritten");
			if ((w >> 40) != 0 && rte_iobuf_addr(b, off, 8) != NULL)
				overlap_report(w, rte_iobuf_addr(b, off, 8));
			return -1;
		}
		if (off == cap - 8)
			break;
	}
	return 0;
}

/* ---- IOVA checks ---- */

/* Bits an IOVA of a buffer under @p p may have (see rte_iobuf.h). */
static uint64_t
allowed_bits(const struct rte_iobuf_params *p)
{
	uint64_t align = RTE_MAX(p->align, (uint64_t)1);

	if (p->iova_mask == 0)
		return UINT64_MAX;
	align = RTE_MAX(align, p->iova_mask & -p->iova_mask);
	return p->iova_mask | (align - 1);
}

/* Translate one offset; check the segment against the constraint and, when
 * @p eal, the IOVA against EAL. */
static int
translate_check(const struct rte_iobuf *b, const struct rte_iobuf_params *p,
		size_t off, int eal, const char *who)
{
	rte_iova_t hi = p->iova_max != 0 ? p->iova_max : UINT64_MAX, iova, e;
	size_t seg = 0;
	const void *va;

	iova = rte_iobuf_iova(b, off, &seg);
	if (iova == RTE_BAD_IOVA || seg == 0 || seg > b->length - off) {
		printf("    FAIL %s: iova(%zu) of a %zu-byte buffer: 0x%" PRIx64 " +%zu\n",
		       who, off, b->length, iova, seg);
		return -1;
	}
	e = iova + seg - 1;
	if (!iobuf_check_range_in_mask(iova, e, allowed_bits(p)) || iova < p->iova_min ||
	    e > hi || (p->boundary != 0 && iova / p->boundary != e / p->boundary) ||
	    (p->max_seg_size != 0 && seg > p->max_seg_size)) {
		printf("    FAIL %s: segment 0x%" PRIx64 "+%zu at offset %zu breaks mask 0x%"
		       PRIx64 " window [0x%" PRIx64 ", 0x%" PRIx64 "] boundary 0x%" PRIx64 "\n",
		       who, iova, seg, off, p->iova_mask, p->iova_min, hi, p->boundary);
		return -1;
	}
	if (!eal)
		return 0;
	va = b->va != NULL ? (const void *)(b->va + off) : rte_iobuf_addr(b, off, 1);
	if (va == NULL || rte_mem_virt2iova(va) != iova) {
		printf("    FAIL %s: offset %zu: library IOVA 0x%" PRIx64 ", EAL says 0x%" PRIx64
		       "\n", who, off, iova, va == NULL ? RTE_BAD_IOVA : rte_mem_virt2iova(va));
		return -1;
	}
	return 0;
}

/* ---- classes ---- */

/* Lowest bit from 21 up that about half of the mapped pages have set (a
 * hole there leaves 2^k blocks of both kinds); 0 if none does. */
static unsigned int
hole_bit(const struct iobuf_check_layout *l)
{
	unsigned int k, i, set;

	for (k = 21; k < 47; k++) {
		if ((UINT64_C(1) << k) < l->page_sz)
			continue;
		for (i = 0, set = 0; i < l->n; i++)
			set += (l->page[i] >> k) & 1;
		if (set * 10 >= l->n * 3 && set * 10 <= l->n * 7)
			return k;
	}
	return 0;
}

/* Raise *arg to the last VA of @p msl's reserved range. */
static int
msl_end(const struct rte_memseg_list *msl, void *arg)
{
	rte_iova_t *end = arg;

	if (!msl->external && msl->len != 0)
		*end = RTE_MAX(*end, (rte_iova_t)(uintptr_t)msl->base_va + msl->len - 1);
	return 0;
}

static int
classes_make(struct stress_dir *d, char *desc, size_t desc_len)
{
	static const size_t small[] = { 64, 200, 1024, 4096, 20000, 65536 };
	struct iobuf_check_layout l;
	struct rte_iobuf_params base = { .socket_id = SOCKET_ID_ANY }, *p;
	uint64_t top_mask, hole_mask = 0;
	rte_iova_t wlo, whi, top;
	unsigned int s, c, k, n = 0, bits;

	if (iobuf_check_layout_get(&l) != TEST_SUCCESS)
		return -1;
	iobuf_check_layout_window(&l, l.n / 8, RTE_MAX(7 * l.n / 8, l.n / 8 + 1), &wlo, &whi);
	/*
	 * In IOVA-as-VA mode with hugepages, memory the store adds lies above
	 * the pages mapped now (VAs further up the memseg lists): a window or
	 * a mask ending at today's pages could never grow, and the other 35
	 * classes' buffers, placed anywhere, starved the window class once in
	 * CI (a secondary's 3 MiB create: ENOMEM with 1.3 MiB of the window
	 * free, after growing 1.1 GiB above it). There the window and the
	 * top mask reach to the end of the memseg lists' VA space.
	 */
	top = l.hi;
	if (rte_eal_iova_mode() == RTE_IOVA_VA && rte_eal_has_hugepages()) {
		rte_memseg_list_walk(msl_end, &top);
		whi = top;
	}
	bits = 64 - __builtin_clzll(top);
	top_mask = bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
	k = hole_bit(&l);
	if (k != 0)
		hole_mask = ~(UINT64_C(1) << k);
	snprintf(desc, desc_len, "%u pages of %" PRIu64 " KiB over [0x%" PRIx64 ", 0x%" PRIx64
		 "]; masks 0x%" PRIx64 " and %s%u; window [0x%" PRIx64 ", 0x%" PRIx64 "]",
		 l.n, l.page_sz >> 10, l.lo, l.hi, top_mask & ~UINT64_C(0xfff),
		 k ? "~bit " : "(no even bit) ", k, wlo, whi);
	iobuf_check_layout_free(&l);

	for (s = 0; s < RTE_DIM(small); s++) {
		for (c = 0; c < 5; c++) {
			p = &d->cls[n++];
			*p = base;
			p->capacity = small[s];
			switch (c) {
			case 1:
				p->iova_mask = top_mask & ~UINT64_C(0xfff);
				break;
			case 2:
				p->iova_mask = hole_mask;
				break;
			case 3:
				p->iova_min = wlo;
				p->iova_max = whi;
				break;
			case 4:
				p->boundary = small[s] <= 4096 ? 4096 : 65536;
				p->flags = RTE_IOBUF_CONTIG;
				break;
			default:
				break;
			}
		}
	}
	d->n_small = n;
	/* Page-store sizes. */
	p = &d->cls[n++];
	*p = base;
	p->capacity = 256 << 10;
	p = &d->cls[n++];
	*p = base;
	p->capacity = 256 << 10;
	p->iova_mask = top_mask & ~UINT64_C(0xfff);
	p = &d->cls[n++];
	*p = base;
	p->capacity = 1 << 20;
	p->flags = RTE_IOBUF_CONTIG;
	p->iova_min = wlo;
	p->iova_max = whi;
	p = &d->cls[n++];
	*p = base;
	p->capacity = 1 << 20;
	p->flags = RTE_IOBUF_CONTIG;
	p->iova_mask = hole_mask;
	p = &d->cls[n++];
	*p = base;
	p->capacity = 3 << 20;
	p->iova_mask = hole_mask;    /* scattered: gathered across holes */
	p = &d->cls[n++];
	*p = base;
	p->capacity = 3 << 20;
	p->iova_min = wlo;
	p->iova_max = whi;
	p->boundary = 1 << 20;
	d->n_classes = n;
	RTE_VERIFY(n <= STRESS_MAX_CLASSES);
	return 0;
}

/* A class: carved nine times in ten. */
static unsigned int
class_pick(unsigned int *seed)
{
	if (rand_r(seed) % 10 != 0)
		return rand_r(seed) % dir->n_small;
	return dir->n_small + rand_r(seed) % (dir->n_classes - dir->n_small);
}

/* ---- primary lcores ---- */

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
unlist(unsigned int w, struct stress_buf *e)
{
	if (e->slot >= 0)
		__atomic_store_n(&dir->live[w][e->slot][0], '\0', __ATOMIC_RELEASE);
	e->slot = -1;
}

static void
list(unsigned int w, struct stress_buf *e, unsigned int k)
{
	char *dst = dir->live[w][k];

	if (!(e->b->flags & RTE_IOBUF_SHARED))
		return;
	/* Name first, first byte last: a reader sees "" or a whole name
	 * (or a torn one, which the lookup refuses or does not find). */
	__atomic_store_n(&dst[0], '\0', __ATOMIC_RELEASE);
	strcpy(dst + 1, rte_iobuf_name(e->b) + 1);
	__atomic_store_n(&dst[0], rte_iobuf_name(e->b)[0], __ATOMIC_RELEASE);
	e->slot = (int)k;
}

/* Last reference of an entry (after its extra ones). */
static int
drop(unsigned int w, struct stress_buf *e, struct stress_counts *c, const char *who)
{
	int ret = 0;

	unlist(w, e);
	if (rte_iobuf_refcnt(e->b) < 1 + e->refs) {
		printf("    FAIL %s: refcnt %u, this lcore holds %u\n", who,
		       rte_iobuf_refcnt(e->b), 1 + e->refs);
		c->ref_bad++;
		ret = -1;
	}
	if (stamp_check(e->b, e->tag, who) != 0) {
		c->stamp_bad++;
		ret = -1;
	}
	while (e->refs > 0) {
		rte_iobuf_release(e->b);
		e->refs--;
	}
	rte_iobuf_release(e->b);
	e->b = NULL;
	return ret;
}

static int
stress_worker(void *arg)
{
	unsigned int w = (unsigned int)(uintptr_t)arg, other = w ^ 1;
	unsigned int seed = iobuf_test_seed * 2654435761u + w * 40503u + 1;
	struct stress_counts *c = &counts[w];
	struct stress_buf live[STRESS_LIVE];
	struct stress_mailbox *in = &mailbox[w], *out = &mailbox[other];
	struct rte_iobuf_params p;
	uint64_t seq = 0;
	unsigned int n = 0, k, r, i;
	char name[RTE_IOBUF_NAMESIZE], who[32];
	int err = 0;

	snprintf(who, sizeof(who), "lcore %u", rte_lcore_id());
	memset(live, 0, sizeof(live));
	while (!abort_run && (c->ops < ops_target ||
			      cycles_done < (unsigned int)need_cycles)) {
		if ((c->ops & 0xfff) == 0 && now_s() > deadline_s) {
			printf("    FAIL %s: past the deadline after %" PRIu64 " operations"
			       " (%u secondaries done)\n", who, c->ops, cycles_done);
			err = 1;
			break;
		}
		if (err) {
			abort_run = 1;
			break;
		}
		if (unlikely(quiesce)) {
			__atomic_fetch_add(&parked, 1, __ATOMIC_ACQ_REL);
			while (quiesce && !abort_run)
				rte_pause();
			__atomic_fetch_sub(&parked, 1, __ATOMIC_ACQ_REL);
		}
		c->ops++;
		/* A buffer handed over by the other lcore: check, take it. */
		if (__atomic_load_n(&in->full, __ATOMIC_ACQUIRE) && n < STRESS_LIVE) {
			live[n] = in->e;
			__atomic_store_n(&in->full, 0, __ATOMIC_RELEASE);
			if (stamp_check(live[n].b, live[n].tag, who) != 0) {
				c->stamp_bad++;
				err = 1;
			}
			live[n].tag = stress_tag(w, ++seq);
			stamp_write(live[n].b, live[n].tag);
			list(w, &live[n], n);
			n++;
			c->handoffs++;
			continue;
		}
		r = rand_r(&seed) % 100;
		if (n == 0 || (r < 36 && n < STRESS_LIVE)) {
			/* create */
			k = class_pick(&seed);
			p = dir->cls[k];
			p.capacity -= rand_r(&seed) % (p.capacity / 4 + 1);
			r = rand_r(&seed) % 8;
			if (r < 2) {
				snprintf(name, sizeof(name), "stress-%u-%" PRIu64, w, seq + 1);
				p.name = name;
				p.flags |= RTE_IOBUF_SHARED;
			} else if (r == 2) {
				snprintf(name, sizeof(name), "stress-p%u-%" PRIu64, w, seq + 1);
				p.name = name;
			}
			c->creates++;
			live[n].b = rte_iobuf_create_params(&p);
			if (live[n].b == NULL) {
				printf("    FAIL %s: create %zu B class %u: %s\n", who, p.capacity, k,
				       rte_strerror(rte_errno));
				c->failed++;
				err = 1;
				continue;
			}
			live[n].cls = k;
			live[n].refs = 0;
			live[n].slot = -1;
			live[n].tag = stress_tag(w, ++seq);
			if (c->creates % ORACLE_SAMPLE == 1) {
				c->oracles++;
				if (iobuf_check_r(live[n].b, &p, &seed) != TEST_SUCCESS) {
					c->iova_bad++;
					err = 1;
				}
			}
			stamp_write(live[n].b, live[n].tag);
			list(w, &live[n], n);
			n++;
			continue;
		}
		i = rand_r(&seed) % n;
		if (r < 64) {
			/* release: an extra reference, or the last */
			c->releases++;
			if (live[i].refs > 0) {
				rte_iobuf_release(live[i].b);
				live[i].refs--;
				continue;
			}
			if (drop(w, &live[i], c, who) != 0)
				err = 1;
			live[i] = live[--n];
			if (live[i].slot >= 0 && i != n) {
				unlist(w, &live[i]);
				list(w, &live[i], i);
			}
		} else if (r < 72) {
			if (live[i].refs >= STRESS_MAX_REFS)
				continue;
			c->retains++;
			rte_iobuf_retain(live[i].b);
			live[i].refs++;
		} else if (r < 86) {
			int eal = rand_r(&seed) % TRANSLATE_SAMPLE == 0;

			c->translates++;
			c->eal_checks += eal;
			if (translate_check(live[i].b, &dir->cls[live[i].cls],
					    rand_r(&seed) % live[i].b->length, eal, who) != 0) {
				c->iova_bad++;
				err = 1;
			}
		} else if (r < 97) {
			c->stamps++;
			if (stamp_check(live[i].b, live[i].tag, who) != 0) {
				c->stamp_bad++;
				err = 1;
			}
			live[i].tag = stress_tag(w, ++seq);
			stamp_write(live[i].b, live[i].tag);
		} else if (!__atomic_load_n(&out->full, __ATOMIC_ACQUIRE)) {
			/* hand over to the other lcore (it releases there) */
			unlist(w, &live[i]);
			out->e = live[i];
			__atomic_store_n(&out->full, 1, __ATOMIC_RELEASE);
			live[i] = live[--n];
			if (live[i].slot >= 0 && i != n) {
				unlist(w, &live[i]);
				list(w, &live[i], i);
			}
		}
	}
	if (err)
		abort_run = 1;
	while (n > 0)
		if (drop(w, &live[--n], c, who) != 0)
			err = 1;
	__atomic_fetch_add(&finished, 1, __ATOMIC_ACQ_REL);
	return err;
}

/* ---- secondaries ---- */

struct sec_result {
	uint64_t ops, lookups, hits, created, freed, failed, iova_bad, stamp_bad;
	int64_t live_bytes;
};

static int
sec_check_buf(const struct rte_iobuf *b, const struct rte_iobuf_params *p,
	      unsigned int *seed, const char *who)
{
	return iobuf_check_r(b, p, seed) == TEST_SUCCESS &&
	       translate_check(b, p, rand_r(seed) % b->length, 1, who) == 0 ? 0 : -1;
}

/* Secondary role "stress": argv = { "stress", status_fd, seed }. */
int
iobuf_test_stress_secondary(int argc, char **argv)
{
	struct rte_iobuf_stats st0, st1;
	struct stress_buf own[STRESS_SEC_LIVE];
	struct sec_result res;
	struct rte_iobuf *b;
	struct rte_iobuf_params p;
	unsigned int seed, n = 0, i, k, lc = rte_lcore_id();
	uint64_t seq = 0;
	char name[RTE_IOBUF_NAMESIZE], who[32], line[256];
	int st_fd, ok = 1, lvl, len;

	if (argc < 3)
		return 2;
	st_fd = atoi(argv[1]);
	seed = (unsigned int)strtoul(argv[2], NULL, 0);
	/* EAL is up: the primary's lcores may go on (run_one_secondary()). */
	if (write(st_fd, "a", 1) != 1)
		return 1;
	snprintf(who, sizeof(who), "secondary %d", (int)getpid());
	memset(&res, 0, sizeof(res));
	rte_iobuf_stats_get(&st0);
	dir_buf = rte_iobuf_lookup(STRESS_DIR_NAME);
	if (dir_buf == NULL || dir_buf->va == NULL ||
	    ((struct stress_dir *)dir_buf->va)->magic != STRESS_MAGIC) {
		printf("    FAIL %s: directory %s: %s\n", who, STRESS_DIR_NAME,
		       dir_buf == NULL ? rte_strerror(rte_errno) : "bad contents");
		ok = 0;
		goto out;
	}
	dir = (struct stress_dir *)dir_buf->va;
	/* The published buffers: found, stamped, IOVAs as EAL says here. */
	for (i = 0; i < STRESS_NPUB; i++) {
		res.lookups++;
		b = rte_iobuf_lookup(dir->pub[i].name);
		if (b == NULL) {
			printf("    FAIL %s: lookup %s: %s\n", who, dir->pub[i].name,
			       rte_strerror(rte_errno));
			ok = 0;
			continue;
		}
		res.hits++;
		if (stamp_check(b, dir->pub[i].tag, who) != 0) {
			res.stamp_bad++;
			ok = 0;
		}
		if (sec_check_buf(b, &dir->pub[i].p, &seed, who) != 0) {
			res.iova_bad++;
			ok = 0;
		}
		rte_iobuf_release(b);
	}
	memset(own, 0, sizeof(own));
	for (res.ops = 0; ok && res.ops < STRESS_SEC_OPS; res.ops++) {
		unsigned int r = rand_r(&seed) % 100;

		if (r < 10) {
			/* one of the lcores' live shared buffers, if still there:
			 * its IOVAs only (its owner may be rewriting its bytes) */
			char nm[RTE_IOBUF_NAMESIZE];
			struct rte_iobuf_params q;

			memcpy(nm, dir->live[rand_r(&seed) % STRESS_WORKERS]
				     [rand_r(&seed) % STRESS_LIVE], sizeof(nm));
			nm[sizeof(nm) - 1] = '\0';
			if (nm[0] == '\0')
				continue;
			res.lookups++;
			lvl = iobuf_log_quiet();
			b = rte_iobuf_lookup(nm);
			iobuf_log_restore(lvl);
			if (b == NULL)
				continue;   /* released meanwhile, or a torn name */
			res.hits++;
			if (rte_iobuf_params_get(b, &q) != 0 ||
			    sec_check_buf(b, &q, &seed, who) != 0) {
				res.iova_bad++;
				ok = 0;
			}
			rte_iobuf_release(b);   /* may be the last reference */
		} else if (n == 0 || (r < 55 && n < STRESS_SEC_LIVE)) {
			k = class_pick(&seed);
			p = dir->cls[k];
			if (rand_r(&seed) % 4 == 0) {
				snprintf(name, sizeof(name), "stress-s%d-%" PRIu64, (int)getpid(),
					 seq + 1);
				p.name = name;
				p.flags |= RTE_IOBUF_SHARED;
			}
			own[n].b = rte_iobuf_create_params(&p);
			if (own[n].b == NULL) {
				printf("    FAIL %s: create %zu B class %u: %s\n", who, p.capacity,
				       k, rte_strerror(rte_errno));
				ok = 0;
				break;
			}
			own[n].cls = k;
			own[n].tag = stress_tag(0x80 | lc, ++seq);
			if (seq % 32 == 1 && sec_check_buf(own[n].b, &p, &seed, who) != 0) {
				res.iova_bad++;
				ok = 0;
			}
			stamp_write(own[n].b, own[n].tag);
			n++;
		} else if (r < 85) {
			i = rand_r(&seed) % n;
			if (stamp_check(own[i].b, own[i].tag, who) != 0) {
				res.stamp_bad++;
				ok = 0;
			}
			rte_iobuf_release(own[i].b);
			own[i] = own[--n];
		} else {
			i = rand_r(&seed) % n;
			if (translate_check(own[i].b, &dir->cls[own[i].cls],
					    rand_r(&seed) % own[i].b->length, 1, who) != 0) {
				res.iova_bad++;
				ok = 0;
			}
		}
	}
	while (n > 0) {
		n--;
		if (stamp_check(own[n].b, own[n].tag, who) != 0) {
			res.stamp_bad++;
			ok = 0;
		}
		rte_iobuf_release(own[n].b);
	}
out:
	rte_iobuf_stats_get(&st1);
	res.created = st1.created - st0.created;
	res.freed = st1.freed - st0.freed;
	res.failed = st1.failed - st0.failed;
	res.live_bytes = (int64_t)(st1.live_bytes - st0.live_bytes);
	len = snprintf(line, sizeof(line), "%s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64
		       " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRId64 "\n",
		       ok ? "ok" : "bad", res.ops, res.lookups, res.hits, res.created,
		       res.freed, res.failed, res.iova_bad, res.stamp_bad, res.live_bytes);
	if (write(st_fd, line, len) != len)
		ok = 0;
	/*
	 * rte_eal_cleanup() only once the primary's lcores are parked (the
	 * control thread sets dir->quiet after reading this report): in DPDK
	 * 22.11 it cancels this process's IPC thread, which may be inside a
	 * memory-hotplug sync holding the hugepage directory's flock, and
	 * then spins for the hotplug lock that the primary, growing or
	 * shrinking memory at that moment, holds while it waits for that
	 * flock: both processes wedge for good (4 of 17 runs of 20M operations,
	 * seen with /proc/locks and stacks; doc/reliability.md, "Stress").
	 * Waiting is bounded: a primary that never answers is the control
	 * thread's failure to report, not a reason to hang.
	 */
	for (i = 0; dir != NULL && i < 30000 &&
	     !__atomic_load_n(&dir->quiet, __ATOMIC_ACQUIRE); i++)
		rte_delay_us_sleep(1000);
	rte_iobuf_release(dir_buf);
	rte_eal_cleanup();
	return ok ? 0 : 1;
}

/* The control thread's figures. */
struct spawner {
	unsigned int cycles, failures;
	struct sec_result sum;
	double secs;
};

/* Park the lcores (bounded by the deadline). */
static void
workers_park(void)
{
	quiesce = 1;
	while (__atomic_load_n(&parked, __ATOMIC_ACQUIRE) +
	       __atomic_load_n(&finished, __ATOMIC_ACQUIRE) < STRESS_WORKERS &&
	       !abort_run && now_s() < deadline_s)
		rte_pause();
}

static void
workers_resume(void)
{
	__atomic_store_n(&dir->quiet, 0, __ATOMIC_RELEASE);
	quiesce = 0;
}

static int
run_one_secondary(unsigned int cycle, struct sec_result *r)
{
	char fd[16], sd[16], line[256] = "", st[8] = "";
	int pfd[2], status = 0, quiet = 0, attached = 0;
	ssize_t got, len = 0;
	pid_t pid;

	if (pipe(pfd) != 0)
		return -1;
	snprintf(fd, sizeof(fd), "%d", pfd[1]);
	snprintf(sd, sizeof(sd), "%u", iobuf_test_seed + 7919u * (cycle + 1));
	/*
	 * The lcores stand still while the secondary attaches: DPDK 22.11's
	 * EAL maps every hugepage of the primary into it with a read and a
	 * write back of the page's first 4 bytes (alloc_seg(): "read the old
	 * value, and write it back"), so a write an lcore makes there in
	 * between is lost. Seen here as a buffer whose stamp's low half went
	 * back to an older value, always at a 2 MiB page start, always on
	 * lcore 1 (the CPU the secondary shares); doc/reliability.md,
	 * "Stress". The secondary sends 'a' once its EAL is up.
	 */
	workers_park();
	pid = iobuf_test_spawn_secondary("stress", fd, sd);
	close(pfd[1]);
	if (pid < 0) {
		workers_resume();
		close(pfd[0]);
		printf("    FAIL: fork: %s\n", strerror(errno));
		return -1;
	}
	/* Bounded: a secondary that has not reported by the deadline is
	 * killed (a hang in it must not hang the run, nor keep locks). */
	for (;;) {
		struct pollfd pf = { .fd = pfd[0], .events = POLLIN };
		double left = deadline_s - now_s();

		if (len >= (ssize_t)sizeof(line) - 1)
			break;
		if (left <= 0 || poll(&pf, 1, (int)(left * 1000) + 1) == 0) {
			printf("    FAIL: secondary %u (pid %d) still running at the deadline:"
			       " killed\n", cycle, (int)pid);
			kill(pid, SIGKILL);
			break;
		}
		got = read(pfd[0], line + len, sizeof(line) - 1 - len);
		if (got <= 0)
			break;
		len += got;
		if (!attached && line[0] == 'a') {
			attached = 1;
			memmove(line, line + 1, --len);
			workers_resume();
		}
		if (attached && !quiet && memchr(line, '\n', len) != NULL) {
			workers_park();
			__atomic_store_n(&dir->quiet, 1, __ATOMIC_RELEASE);
			quiet = 1;
		}
	}
	line[len] = '\0';
	close(pfd[0]);
	memset(r, 0, sizeof(*r));
	if (len == 0)
		iobuf_test_secondary_report_exit(pid);
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	workers_resume();
	if (len == 0 || sscanf(line, "%7s %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64
			       " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNd64, st,
			       &r->ops, &r->lookups, &r->hits, &r->created, &r->freed,
			       &r->failed, &r->iova_bad, &r->stamp_bad, &r->live_bytes) != 10 ||
	    strcmp(st, "ok") != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("    FAIL: secondary %u (pid %d): report \"%.*s\", exit status 0x%x\n",
		       cycle, (int)pid, (int)strcspn(line, "\n"), line, status);
		return -1;
	}
	return 0;
}

static void *
spawner_main(void *arg)
{
	struct spawner *sp = arg;
	struct sec_result r;
	double t0 = now_s();

	while (!abort_run && (!workers_done || sp->cycles < (unsigned int)need_cycles)) {
		if (now_s() > deadline_s) {
			printf("    FAIL: secondaries past the deadline (%u done)\n", sp->cycles);
			sp->failures++;
			abort_run = 1;
			break;
		}
		if (run_one_secondary(sp->cycles, &r) != 0) {
			sp->failures++;
			abort_run = 1;
			break;
		}
		sp->cycles++;
		__atomic_store_n(&cycles_done, sp->cycles, __ATOMIC_RELEASE);
		sp->sum.ops += r.ops;
		sp->sum.lookups += r.lookups;
		sp->sum.hits += r.hits;
		sp->sum.created += r.created;
		sp->sum.freed += r.freed;
		sp->sum.failed += r.failed;
		sp->sum.iova_bad += r.iova_bad;
		sp->sum.stamp_bad += r.stamp_bad;
		sp->sum.live_bytes += r.live_bytes;
	}
	sp->secs = now_s() - t0;
	return NULL;
}

/* ---- the test ---- */

static struct rte_iobuf *pub[STRESS_NPUB];

static int
publish(char *desc, size_t desc_len)
{
	/* A carved page, a carved 64 KiB under the hole, 1 MiB contiguous in
	 * the window, 3 MiB scattered under the hole. */
	unsigned int which[STRESS_NPUB] = { 3 * 5, 5 * 5 + 2, 0, 0 };
	struct rte_iobuf_params p;
	unsigned int i;

	dir_buf = rte_iobuf_create(STRESS_DIR_NAME, SOCKET_ID_ANY, RTE_IOBUF_SHARED,
				   sizeof(*dir), 0);
	TEST_ASSERT(dir_buf != NULL && dir_buf->va != NULL, "directory: %s",
		    rte_strerror(rte_errno));
	dir = (struct stress_dir *)dir_buf->va;
	memset(dir, 0, sizeof(*dir));
	TEST_ASSERT(classes_make(dir, desc, desc_len) == 0, "memseg layout");
	which[2] = dir->n_small + 2;
	which[3] = dir->n_small + 4;
	for (i = 0; i < STRESS_NPUB; i++) {
		p = dir->cls[which[i]];
		snprintf(dir->pub[i].name, RTE_IOBUF_NAMESIZE, "stress-pub-%u", i);
		p.name = dir->pub[i].name;
		p.flags |= RTE_IOBUF_SHARED;
		pub[i] = rte_iobuf_create_params(&p);
		TEST_ASSERT(pub[i] != NULL, "publish %zu B: %s", p.capacity,
			    rte_strerror(rte_errno));
		TEST_ASSERT(iobuf_check(pub[i], &p) == TEST_SUCCESS, "published buffer %u", i);
		p.name = NULL;
		dir->pub[i].p = p;
		dir->pub[i].tag = stress_tag(0xfe, i + 1);
		stamp_write(pub[i], dir->pub[i].tag);
	}
	dir->magic = STRESS_MAGIC;
	rte_smp_wmb();
	return TEST_SUCCESS;
}

static void
unpublish(void)
{
	unsigned int i;

	for (i = 0; i < STRESS_NPUB; i++) {
		rte_iobuf_release(pub[i]);
		pub[i] = NULL;
	}
	rte_iobuf_release(dir_buf);
	dir_buf = NULL;
	dir = NULL;
}

static int
test_stress(void)
{
	const char *env = getenv("IOBUF_STRESS_OPS");
	uint64_t total = env != NULL && env[0] != '\0' ? strtoull(env, NULL, 0) :
			 STRESS_OPS_DEFAULT;
	unsigned int worker = rte_get_next_lcore(-1, 1, 0), w, mz0, mz1;
	struct rte_iobuf_stats st0, st1;
	struct stress_counts sum;
	struct spawner sp;
	pthread_t th;
	const char *cyc = getenv("IOBUF_STRESS_CYCLES");
	unsigned int min_cycles = cyc != NULL && cyc[0] != '\0' ?
				  (unsigned int)strtoul(cyc, NULL, 0) : STRESS_MIN_CYCLES;
	int secondaries = iobuf_test_hosts_secondaries() && min_cycles > 0;
	int err = 0, ret, lvl;
	int64_t d_count, d_bytes;
	double t0, secs;
	char desc[512];

	TEST_ASSERT(worker == 1 && rte_lcore_count() >= 2,
		    "needs lcores 0 and 1 (-l 0-1)");
	if (secondaries)
		TEST_ASSERT(iobuf_test_file_prefix[0] != '\0',
			    "runner started without --file-prefix (secondaries need it)");
	else if (min_cycles == 0)
		printf("    secondary part not run (IOBUF_STRESS_CYCLES=0)\n");
	else
		printf("    secondary part SKIPPED: secondary processes need a hugepage primary"
		       " (--no-huge cannot host them)\n");
	rte_iobuf_trim();
	mz0 = iobuf_test_memzones();
	st0 = iobuf_test_stats();

	memset(counts, 0, sizeof(counts));
	memset(mailbox, 0, sizeof(mailbox));
	memset(&sp, 0, sizeof(sp));
	ops_target = (total + STRESS_WORKERS - 1) / STRESS_WORKERS;
	workers_done = 0;
	abort_run = 0;
	quiesce = 0;
	parked = finished = 0;
	cycles_done = 0;
	need_cycles = secondaries ? (int)min_cycles : 0;
	/* Bounded (a hang detector, not a speed check): 300 s plus 120 s per
	 * million operations; VA-huge with secondaries takes about 110 s. */
	t0 = now_s();
	deadline_s = t0 + 300 + 120.0 * (double)total / 1e6;
	if (publish(desc, sizeof(desc)) != TEST_SUCCESS) {
		unpublish();
		return TEST_FAILED;
	}
	printf("    layout: %s\n", desc);

	if (secondaries && pthread_create(&th, NULL, spawner_main, &sp) != 0) {
		unpublish();
		TEST_ASSERT(0, "control thread");
	}
	rte_eal_remote_launch(stress_worker, (void *)(uintptr_t)1, worker);
	err |= stress_worker((void *)(uintptr_t)0);
	err |= rte_eal_wait_lcore(worker);
	secs = now_s() - t0;
	workers_done = 1;
	if (secondaries)
		pthread_join(th, NULL);

	/* Buffers left in the mailboxes. */
	memset(&sum, 0, sizeof(sum));
	for (w = 0; w < STRESS_WORKERS; w++) {
		if (mailbox[w].full) {
			mailbox[w].e.slot = -1;
			err |= drop(w, &mailbox[w].e, &sum, "mailbox") != 0;
			mailbox[w].full = 0;
		}
	}
	/* The published buffers are intact after everything. */
	for (w = 0; w < STRESS_NPUB; w++)
		err |= stamp_check(pub[w], dir->pub[w].tag, "published") != 0;
	unpublish();
	for (w = 0; w < STRESS_WORKERS; w++) {
#define ADD(f) (sum.f += counts[w].f)
		ADD(ops); ADD(creates); ADD(releases); ADD(retains); ADD(translates);
		ADD(eal_checks); ADD(oracles); ADD(stamps); ADD(handoffs); ADD(failed);
		ADD(iova_bad); ADD(stamp_bad); ADD(ref_bad);
#undef ADD
	}
	lvl = iobuf_log_quiet();
	ret = rte_iobuf_trim();
	iobuf_log_restore(lvl);
	mz1 = iobuf_test_memzones();
	st1 = iobuf_test_stats();
	d_count = (int64_t)((st1.created - st0.created) - (st1.freed - st0.freed)) +
		  (int64_t)(sp.sum.created - sp.sum.freed);
	d_bytes = (int64_t)(st1.live_bytes - st0.live_bytes) + sp.sum.live_bytes;

	printf("    lcores: %" PRIu64 " ops (%" PRIu64 " creates, %" PRIu64 " releases, %" PRIu64
	       " retains, %" PRIu64 " translations of which %" PRIu64 " against EAL, %" PRIu64
	       " stamp checks, %" PRIu64 " hand-overs, %" PRIu64 " full oracle checks)\n",
	       sum.ops, sum.creates, sum.releases, sum.retains, sum.translates, sum.eal_checks,
	       sum.stamps, sum.handoffs, sum.oracles);
	printf("    secondaries: %u cycles in %.1f s, %" PRIu64 " ops, %" PRIu64 " lookups (%"
	       PRIu64 " found), %" PRIu64 " created, %" PRIu64 " freed (last references,"
	       " theirs and the primary's)\n", sp.cycles, sp.secs, sp.sum.ops, sp.sum.lookups,
	       sp.sum.hits, sp.sum.created, sp.sum.freed);
	printf("    end: memzones %u -> %u (%d trimmed), store used %" PRIu64 " -> %" PRIu64
	       ", arenas %u -> %u, creates-frees %" PRId64 ", live bytes %" PRId64
	       " (all processes), failed creates %" PRIu64 "+%" PRIu64 "\n", mz0, mz1, ret,
	       st0.store_used, st1.store_used, st0.arenas, st1.arenas, d_count, d_bytes,
	       st1.failed - st0.failed, sp.sum.failed);
	printf("    page store: %" PRIu64 " extents reserved, %" PRIu64 " given back, %" PRIu64
	       " gathered buffers, %" PRIu64 " reclaims\n", st1.store_grows - st0.store_grows,
	       st1.store_returned - st0.store_returned, st1.store_gathered - st0.store_gathered,
	       st1.reclaims - st0.reclaims);
	printf("    stress: %" PRIu64 " ops, %u secondary cycles, %.2f s; %" PRIu64
	       " IOVA violations, %" PRIu64 " stamp violations\n",
	       sum.ops + sp.sum.ops, sp.cycles, secs, sum.iova_bad + sp.sum.iova_bad,
	       sum.stamp_bad + sp.sum.stamp_bad);

	TEST_ASSERT(sum.iova_bad == 0 && sp.sum.iova_bad == 0, "IOVA violations");
	TEST_ASSERT(sum.stamp_bad == 0 && sp.sum.stamp_bad == 0, "stamp violations");
	TEST_ASSERT(sum.ref_bad == 0, "reference count violations");
	TEST_ASSERT(sum.failed == 0 && st1.failed == st0.failed && sp.sum.failed == 0,
		    "failed creates");
	TEST_ASSERT(sp.failures == 0, "a secondary failed");
	TEST_ASSERT(err == 0 && !abort_run, "a worker failed");
	TEST_ASSERT(sum.ops >= total, "%" PRIu64 " of %" PRIu64 " operations", sum.ops, total);
	TEST_ASSERT(sp.cycles >= (unsigned int)need_cycles, "%u secondary cycles", sp.cycles);
	TEST_ASSERT(mz1 == mz0, "memzones %u, %u before", mz1, mz0);
	TEST_ASSERT(d_count == 0 && d_bytes == 0,
		    "creates minus frees %" PRId64 ", live bytes %" PRId64 " over all processes",
		    d_count, d_bytes);
	TEST_ASSERT(st1.store_used == st0.store_used && st1.arenas == st0.arenas,
		    "page store used %" PRIu64 " (before %" PRIu64 "), arenas %u (before %u)",
		    st1.store_used, st0.store_used, st1.arenas, st0.arenas);
	return TEST_SUCCESS;
}
REGISTER_IOBUF_TEST(stress, test_stress);
