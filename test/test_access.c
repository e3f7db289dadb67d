/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* CPU access helpers per cache mode, DMA-only buffers, prepare/complete. */

#include <inttypes.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define CAP 70001 /* odd, so that edges are unaligned */

static const uint32_t modes[] = {
	0, RTE_IOBUF_CACHE_COPYBACK, RTE_IOBUF_CACHE_WRITE_THRU,
	RTE_IOBUF_CACHE_WRITE_COMBINE, RTE_IOBUF_CACHE_INHIBIT,
};

/* Write, fill, copy (also overlapping) and append; compare with a shadow
 * copy made by plain memcpy/memset. */
static int
exercise(struct rte_iobuf *b, struct rte_iobuf *other, uint8_t *shadow)
{
	static uint8_t src[CAP];
	unsigned int i;
	size_t off, len;

	for (i = 0; i < CAP; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(shadow, 0, CAP);
	TEST_ASSERT(rte_iobuf_fill(b, 0, 0, CAP) == 0, "fill all");
	for (i = 0; i < 200; i++) {
		off = rand() % CAP;
		len = rand() % (CAP - off + 1);
		switch (i % 4) {
		case 0:
			TEST_ASSERT(rte_iobuf_write(b, off, src + (CAP - len), len) == 0, "write");
			memcpy(shadow + off, src + (CAP - len), len);
			break;
		case 1:
			TEST_ASSERT(rte_iobuf_fill(b, off, i, len) == 0, "fill");
			memset(shadow + off, i, len);
			break;
		case 2: {
			size_t to = rand() % (CAP - len + 1);

			TEST_ASSERT(rte_iobuf_copy(b, to, b, off, len) == 0, "overlapping copy");
			memmove(shadow + to, shadow + off, len);
			break;
		}
		default:
			TEST_ASSERT(rte_iobuf_write(other, 0, src, CAP) == 0, "write other");
			TEST_ASSERT(rte_iobuf_copy(b, off, other, CAP - len, len) == 0, "copy");
			memcpy(shadow + off, src + CAP - len, len);
			break;
		}
		TEST_ASSERT(memcmp(rte_iobuf_addr(b, 0, CAP), shadow, CAP) == 0,
			    "bytes differ after step %u", i);
	}
	TEST_ASSERT(rte_iobuf_set_length(b, 13) == 0, "set_length");
	TEST_ASSERT(rte_iobuf_append(b, src + 1, CAP - 13) == 0, "append");
	memcpy(shadow + 13, src + 1, CAP - 13);
	{
		uint8_t *back = malloc(CAP);
		int same;

		TEST_ASSERT(back != NULL, "malloc");
		same = rte_iobuf_read(b, 0, back, CAP) == 0 && memcmp(back, shadow, CAP) == 0;
		free(back);
		TEST_ASSERT(same, "read back after append differs");
	}
	return TEST_SUCCESS;
}

static int
test_cache_modes(void)
{
	static uint8_t shadow[CAP];
	unsigned int i;
	int ret = TEST_SUCCESS;

	srand(42);
	for (i = 0; i < RTE_DIM(modes) && ret == TEST_SUCCESS; i++) {
		struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY, modes[i], CAP, 0);
		struct rte_iobuf *o = rte_iobuf_create(NULL, SOCKET_ID_ANY, 0, CAP, 0);
		uint32_t want = modes[i] != 0 ? modes[i] : RTE_IOBUF_CACHE_COPYBACK;
		char *text = NULL;
		size_t text_len = 0;
		FILE *f;

		TEST_ASSERT(b != NULL && o != NULL, "create");
		if (rte_iobuf_cache_requested(b) != want ||
		    rte_iobuf_cache_effective(b) != RTE_IOBUF_CACHE_COPYBACK) {
			printf("    FAIL: mode %s: requested %s effective %s\n",
			       rte_iobuf_cache_name(want),
			       rte_iobuf_cache_name(rte_iobuf_cache_requested(b)),
			       rte_iobuf_cache_name(rte_iobuf_cache_effective(b)));
			ret = TEST_FAILED;
		}
		if (ret == TEST_SUCCESS)
			ret = exercise(b, o, shadow);
		f = open_memstream(&text, &text_len);
		rte_iobuf_dump(f, b);
		fclose(f);
		if (ret == TEST_SUCCESS && strstr(text, rte_iobuf_cache_name(want)) == NULL) {
			printf("    FAIL: dump does not name mode %s\n", rte_iobuf_cache_name(want));
			ret = TEST_FAILED;
		}
		if (ret == TEST_SUCCESS) {
			char *line = strstr(text, "  cache:") + 2;

			*strchr(line, '\n') = '\0';
			printf("    %-13s ok: %s\n", rte_iobuf_cache_name(want), line);
		}
		free(text);
		rte_iobuf_release(b);
		rte_iobuf_release(o);
	}
	return ret;
}

REGISTER_IOBUF_TEST(cache_modes, test_cache_modes);

static int
test_dma_only(void)
{
	struct rte_iobuf_params req = {
		.socket_id = SOCKET_ID_ANY, .capacity = 8192,
		.flags = RTE_IOBUF_DMA_ONLY | RTE_IOBUF_DIR_IN,
	};
	struct rte_iobuf *b = rte_iobuf_create_params(&req);
	char x[16] = { 0 };

	TEST_ASSERT(b != NULL, "create");
	TEST_ASSERT(rte_iobuf_addr(b, 0, 1) == NULL && rte_errno == EACCES, "addr");
	TEST_ASSERT(rte_iobuf_read(b, 0, x, 1) == -EACCES, "read");
	TEST_ASSERT(rte_iobuf_write(b, 0, x, 1) == -EACCES, "write");
	TEST_ASSERT(rte_iobuf_fill(b, 0, 0, 1) == -EACCES, "fill");
	TEST_ASSERT(rte_iobuf_set_length(b, 0) == 0, "set_length");
	TEST_ASSERT(rte_iobuf_append(b, x, 1) == -EACCES, "append");
	TEST_ASSERT(rte_iobuf_set_length(b, 8192) == 0, "set_length back");
	TEST_ASSERT(iobuf_check(b, &req) == TEST_SUCCESS, "IOVAs");
	TEST_ASSERT(rte_iobuf_prepare(b, 0, 8192) == 0 && rte_iobuf_complete(b, 0, 8192) == 0,
		    "sync on DMA-only buffer");
	rte_iobuf_release(b);
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(dma_only, test_dma_only);

static int
test_sync(void)
{
	static const uint32_t dirs[] = {
		RTE_IOBUF_DIR_IN, RTE_IOBUF_DIR_OUT, RTE_IOBUF_DIR_IN | RTE_IOBUF_DIR_OUT,
	};
	unsigned int i;

	for (i = 0; i < RTE_DIM(dirs); i++) {
		struct rte_iobuf *b = rte_iobuf_create(NULL, SOCKET_ID_ANY,
				dirs[i] | RTE_IOBUF_CACHE_WRITE_COMBINE, 4096, 0);

		TEST_ASSERT(b != NULL, "create");
		TEST_ASSERT(rte_iobuf_fill(b, 0, 0xab, 4096) == 0, "fill");
		TEST_ASSERT(rte_iobuf_prepare(b, 0, 4096) == 0, "prepare");
		TEST_ASSERT(rte_iobuf_complete(b, 0, 4096) == 0, "complete");
		TEST_ASSERT(rte_iobuf_prepare(b, 4000, 97) == -ERANGE && rte_errno == ERANGE,
			    "prepare beyond length");
		TEST_ASSERT(rte_iobuf_complete(b, 4097, 0) == -ERANGE, "complete beyond length");
		TEST_ASSERT(((uint8_t *)rte_iobuf_addr(b, 0, 4096))[4095] == 0xab, "data");
		rte_iobuf_release(b);
	}
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(prepare_complete, test_sync);
