/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * fuzz_params_parse: libFuzzer target for rte_iobuf_params_parse().
 *
 * Input: arbitrary bytes, copied and NUL-terminated (the string ends at the
 * first NUL byte, as a C caller's would). No EAL: the parser and rte_kvargs
 * need none; the library's log lines go to /dev/null (still formatted, so a
 * bad format argument is caught), or to stderr with IOBUF_FUZZ_VERBOSE=1.
 *
 * Oracle (any violation aborts, and libFuzzer records the input):
 *   - no crash and no AddressSanitizer/UBSan report;
 *   - the verdict (success or EINVAL) equals the one of the reference parser
 *     below, written from the documentation (rte_iobuf.h, DESIGN.md) and
 *     independent of lib/iobuf/iobuf_params_parse.c;
 *   - on success every field of struct rte_iobuf_params equals the
 *     reference's, starting from two different initial structs (one all
 *     zero, one with every field and flag set), so "fields not named are
 *     left as they are" is checked too;
 *   - on failure the return value is -EINVAL, rte_errno is EINVAL, and each
 *     field is either as it was or as the reference had set it before the
 *     first bad pair (the header: "fields named before the bad key may have
 *     been set"); never anything else.
 *
 * The reference syntax:
 *   - pairs split as rte_kvargs (DPDK 22.11) splits them: ',' ends a pair
 *     except inside '[' ... ']', '=' ends a key (so in "a=b=c" the key is
 *     "b"), empty pairs are dropped, a key without '=' has no value, at most
 *     RTE_KVARGS_MAX (32) pairs; every key must be one of the 11 below;
 *     pairs apply in order (a duplicate key: the last one wins);
 *   - mask, iova_min, iova_max, align, boundary, max_seg_size: decimal
 *     ("0100" is one hundred: no octal) or "0x"/"0X" and hex digits, then at
 *     most one K, M or G (x 2^10, 2^20, 2^30; lower case accepted, see
 *     below), nothing else: no space, no sign, no second "0x"; the value
 *     and the value times its multiplier must fit in 64 bits;
 *   - max_segs: the same, and at most UINT32_MAX (the field is 32 bits);
 *   - contig, dma_only: exactly "0" (clear the flag) or "1" (set it);
 *   - cache: exactly copyback, write-through, write-combine or inhibit; it
 *     replaces whatever cache-mode bits were set (at most one may be);
 *   - socket: "any" (SOCKET_ID_ANY) or a number as above below
 *     RTE_MAX_NUMA_NODES.
 * Interpretations where the documentation is silent: lower-case k/m/g are
 * accepted as K/M/G (the implementation accepts them, DPDK's own size
 * parsers do); socket takes the number syntax of the other keys.
 *
 * Known deviations of the library (reproducers in test/fuzz/crashes/) are
 * violations too, unless IOBUF_FUZZ_ALLOW names them (check_fuzz.sh does
 * while fuzzing): then the reference follows the library there, and the
 * number of inputs that needed it is printed at exit.
 *
 * Build: test/fuzz/build.sh DIR; run: DIR/fuzz_params_parse
 * -dict=test/fuzz/params.dict CORPUS_DIR (test/check_fuzz.sh does both).
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_kvargs.h>
#include <rte_log.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

/* ---- reference parser ---- */

/*
 * Known deviations of the library from the documented syntax, each with a
 * reproducer in test/fuzz/crashes/. Off by default: every one is a
 * violation. IOBUF_FUZZ_ALLOW=name[,name] (check_fuzz.sh passes the open
 * ones while fuzzing, so that a campaign looks for new bugs; it replays the
 * reproducers without it) lets the reference follow the library there.
 */
#define QUIRK_HEX_0X0X RTE_BIT32(0) /* "0x0x10" taken as 0x10 (strtoull's own
				     * optional prefix after ours) */
static const struct { const char *name; uint32_t bit; } quirk_names[] = {
	{ "hex-0x0x", QUIRK_HEX_0X0X },
};
static uint32_t quirks;       /* applied by the reference right now */
static uint32_t quirks_allowed;
static uint64_t quirk_hits;

struct ref_pair {
	const char *key;
	const char *val; /* NULL: key without '=' */
};

/*
 * Split @p s (modified in place) into pairs the way rte_kvargs does.
 * Returns the number of pairs, or -1 where rte_kvargs_parse fails (too many
 * pairs).
 */
static int
ref_split(char *s, struct ref_pair *pairs)
{
	char *tok = s, *p = s;
	const char *key = NULL;
	bool have_key = false, list = false;
	int n = 0;

	for (;; p++) {
		char ch = *p;
		bool pair_end;

		if (ch == '[') {
			list = true;
			continue;
		}
		if (ch == ']') {
			list = false;
			continue;
		}
		if (ch != '=' && ch != '\0' && !(ch == ',' && !list))
			continue;
		/* A token ends here: a key ('='), or a key or value (',', NUL). */
		if (n >= RTE_KVARGS_MAX)
			return -1;
		pair_end = ch != '=';
		*p = '\0';
		if (!pair_end) {
			key = tok;         /* '=' always (re)starts the value */
			have_key = true;
		} else if (have_key) {
			pairs[n].key = key;
			pairs[n].val = tok;
			n++;
		} else if (*tok != '\0') {
			pairs[n].key = tok;  /* key alone */
			pairs[n].val = NULL;
			n++;
		}
		if (pair_end) {
			have_key = false;
			key = NULL;
		}
		if (ch == '\0')
			return n;
		tok = p + 1;
	}
}

static int
digit_value(char c, unsigned int base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
ref_number(const char *s, uint64_t *out)
{
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	size_t n = 0;
	int d;

	if (s == NULL)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		/* Known deviation: the library also takes a second "0x". */
		if ((quirks & QUIRK_HEX_0X0X) && s[0] == '0' &&
		    (s[1] == 'x' || s[1] == 'X') && digit_value(s[2], 16) >= 0)
			s += 2;
	}
	for (; (d = digit_value(*s, base)) >= 0; s++, n++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	if (n == 0)
		return false;
	switch (*s) {
	case 'K': case 'k': shift = 10; break;
	case 'M': case 'm': shift = 20; break;
	case 'G': case 'g': shift = 30; break;
	default: break;
	}
	if (shift != 0) {
		if ((v >> (64 - shift)) != 0)
			return false;
		v <<= shift;
		s++;
	}
	if (*s != '\0')
		return false;
	*out = v;
	return true;
}

static bool
ref_flag(uint32_t *flags, uint32_t bit, const char *val)
{
	if (val != NULL && strcmp(val, "1") == 0)
		*flags |= bit;
	else if (val != NULL && strcmp(val, "0") == 0)
		*flags &= ~bit;
	else
		return false;
	return true;
}

static bool
ref_apply(struct rte_iobuf_params *p, const char *key, const char *val)
{
	static const struct { const char *name; uint32_t mode; } caches[] = {
		{ "copyback", RTE_IOBUF_CACHE_COPYBACK },
		{ "write-through", RTE_IOBUF_CACHE_WRITE_THRU },
		{ "write-combine", RTE_IOBUF_CACHE_WRITE_COMBINE },
		{ "inhibit", RTE_IOBUF_CACHE_INHIBIT },
	};
	uint64_t v;
	size_t i;

	if (strcmp(key, "contig") == 0)
		return ref_flag(&p->flags, RTE_IOBUF_CONTIG, val);
	if (strcmp(key, "dma_only") == 0)
		return ref_flag(&p->flags, RTE_IOBUF_DMA_ONLY, val);
	if (strcmp(key, "cache") == 0) {
		for (i = 0; val != NULL && i < RTE_DIM(caches); i++)
			if (strcmp(val, caches[i].name) == 0) {
				p->flags = (p->flags & ~RTE_IOBUF_CACHE_MASK) |
					   caches[i].mode;
				return true;
			}
		return false;
	}
	if (strcmp(key, "socket") == 0) {
		if (val != NULL && strcmp(val, "any") == 0) {
			p->socket_id = SOCKET_ID_ANY;
			return true;
		}
		if (!ref_number(val, &v) || v >= RTE_MAX_NUMA_NODES)
			return false;
		p->socket_id = (int)v;
		return true;
	}
	if (!ref_number(val, &v))
		return false;
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
	else if (strcmp(key, "max_segs") == 0) {
		if (v > UINT32_MAX)
			return false;
		p->max_segs = (uint32_t)v;
	} else
		return false;
	return true;
}

static bool
ref_key_known(const char *key)
{
	static const char *const known[] = {
		"mask", "iova_min", "iova_max", "align", "boundary", "max_segs",
		"max_seg_size", "contig", "dma_only", "cache", "socket",
	};
	size_t i;

	for (i = 0; i < RTE_DIM(known); i++)
		if (strcmp(key, known[i]) == 0)
			return true;
	return false;
}

/* Parse @p str into @p p as documented; on failure @p p holds what the
 * pairs before the bad one set. */
static bool
ref_parse(const char *str, struct rte_iobuf_params *p)
{
	struct ref_pair pairs[RTE_KVARGS_MAX];
	char *copy = strdup(str);
	bool ok = true;
	int n, i;

	if (copy == NULL)
		abort();
	n = ref_split(copy, pairs);
	if (n < 0)
		ok = false;
	for (i = 0; ok && i < n; i++)
		if (!ref_key_known(pairs[i].key))
			ok = false;
	for (i = 0; ok && i < n; i++)
		if (!ref_apply(p, pairs[i].key, pairs[i].val))
			ok = false;
	free(copy);
	return ok;
}

/* ---- oracle ---- */

static const char *cur_input;
static char why[512];

/* Record the first difference in why[]; false if there is one. */
static bool
differ(const char *what, const char *field, uint64_t got, uint64_t want)
{
	if (field != NULL)
		snprintf(why, sizeof(why), "%s: field %s: library 0x%llx, reference 0x%llx",
			 what, field, (unsigned long long)got, (unsigned long long)want);
	else
		snprintf(why, sizeof(why), "%s", what);
	return false;
}

/* Field by field: each must equal @p want, or (@p alt not NULL) @p alt. */
#define FIELD(f) do { \
	uint64_t g_ = (uint64_t)got->f, w_ = (uint64_t)want->f; \
	if (g_ != w_ && (alt == NULL || g_ != (uint64_t)alt->f)) \
		return differ(what, #f, g_, w_); \
} while (0)
#define FLAGS(name, bits) do { \
	uint64_t g_ = got->flags & (bits), w_ = want->flags & (bits); \
	if (g_ != w_ && (alt == NULL || g_ != (alt->flags & (bits)))) \
		return differ(what, name, g_, w_); \
} while (0)

static bool
same(const char *what, const struct rte_iobuf_params *got,
     const struct rte_iobuf_params *want, const struct rte_iobuf_params *alt)
{
	if (got->name != want->name && (alt == NULL || got->name != alt->name))
		return differ(what, "name (pointer)", (uintptr_t)got->name,
			      (uintptr_t)want->name);
	FIELD(socket_id);
	FIELD(capacity);
	FIELD(iova_mask);
	FIELD(align);
	FIELD(iova_min);
	FIELD(iova_max);
	FIELD(boundary);
	FIELD(max_segs);
	FIELD(max_seg_size);
	FLAGS("flags.contig", RTE_IOBUF_CONTIG);
	FLAGS("flags.dma_only", RTE_IOBUF_DMA_ONLY);
	FLAGS("flags.cache", RTE_IOBUF_CACHE_MASK);
	FLAGS("flags.other", ~(uint32_t)(RTE_IOBUF_CONTIG | RTE_IOBUF_DMA_ONLY |
					 RTE_IOBUF_CACHE_MASK));
	return true;
}

/* The library's result (@p ret, rte_errno @p err, @p got) against the
 * reference's on @p str from @p init; false with why[] set if they differ. */
static bool
agrees(const char *str, const struct rte_iobuf_params *init, int ret, int err,
       const struct rte_iobuf_params *got)
{
	struct rte_iobuf_params want = *init;
	bool ok = ref_parse(str, &want);

	if (ret == 0 && !ok)
		return differ("library accepts what the documented syntax refuses", NULL, 0, 0);
	if (ret != 0 && ok)
		return differ("library refuses what the documented syntax accepts", NULL, 0, 0);
	if (ret == 0)
		return same("parsed value differs", got, &want, NULL);
	if (ret != -EINVAL)
		return differ("failure return is not -EINVAL", "ret", (uint64_t)ret,
			      (uint64_t)-EINVAL);
	if (err != EINVAL)
		return differ("failure rte_errno is not EINVAL", "rte_errno",
			      (uint64_t)err, EINVAL);
	return same("failed parse changed a field beyond the pairs before the bad one",
		    got, &want, init);
}

static void
check_one(const char *str, const struct rte_iobuf_params *init)
{
	struct rte_iobuf_params got = *init;
	int ret, err;

	rte_errno = 0;
	ret = rte_iobuf_params_parse(str, &got);
	err = rte_errno;
	quirks = 0;
	if (agrees(str, init, ret, err, &got))
		return;
	if (quirks_allowed != 0) {
		char first[sizeof(why)];

		memcpy(first, why, sizeof(first));
		quirks = quirks_allowed;
		if (agrees(str, init, ret, err, &got)) {
			quirks = 0;
			quirk_hits++;
			return;
		}
		quirks = 0;
		memcpy(why, first, sizeof(why));
	}
	fprintf(stderr, "fuzz_params_parse: ORACLE VIOLATION on \"%s\": %s\n",
		cur_input, why);
	abort();
}

static void
report_quirks(void)
{
	if (quirk_hits != 0)
		fprintf(stderr, "fuzz_params_parse: %llu inputs hit a known deviation allowed by IOBUF_FUZZ_ALLOW\n",
			(unsigned long long)quirk_hits);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct rte_iobuf_params p;
	const char *v = getenv("IOBUF_FUZZ_VERBOSE");
	const char *allow = getenv("IOBUF_FUZZ_ALLOW");
	FILE *devnull;
	size_t i;

	RTE_SET_USED(argc);
	RTE_SET_USED(argv);
	if (v == NULL || strcmp(v, "1") != 0) {
		devnull = fopen("/dev/null", "w");
		if (devnull != NULL)
			rte_openlog_stream(devnull);
	}
	for (i = 0; allow != NULL && i < RTE_DIM(quirk_names); i++)
		if (strstr(allow, quirk_names[i].name) != NULL)
			quirks_allowed |= quirk_names[i].bit;
	atexit(report_quirks);
	/* The NULL arguments, once. */
	rte_errno = 0;
	if (rte_iobuf_params_parse(NULL, &p) != -EINVAL || rte_errno != EINVAL) {
		fprintf(stderr, "fuzz_params_parse: ORACLE VIOLATION: NULL string not refused with EINVAL\n");
		abort();
	}
	rte_errno = 0;
	if (rte_iobuf_params_parse("mask=1", NULL) != -EINVAL || rte_errno != EINVAL) {
		fprintf(stderr, "fuzz_params_parse: ORACLE VIOLATION: NULL params not refused with EINVAL\n");
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char name_a[] = "a", name_b[] = "b";
	/* Two starting points: nothing set, and everything set. */
	const struct rte_iobuf_params zero = { .name = name_a };
	const struct rte_iobuf_params full = {
		.name = name_b, .socket_id = 7,
		.flags = RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT | RTE_IOBUF_CONTIG |
			 RTE_IOBUF_SHARED | RTE_IOBUF_DMA_ONLY |
			 RTE_IOBUF_CACHE_INHIBIT | RTE_BIT32(30),
		.capacity = 12345, .iova_mask = 0x5555555555555555ULL,
		.align = 0x1111, .iova_min = 0x2222, .iova_max = 0x3333,
		.boundary = 0x4444, .max_segs = 0x5555, .max_seg_size = 0x6666,
	};
	char *str = malloc(size + 1);

	if (str == NULL)
		abort();
	memcpy(str, data, size);
	str[size] = '\0';
	cur_input = str;
	check_one(str, &zero);
	check_one(str, &full);
	cur_input = NULL;
	free(str);
	return 0;
}
