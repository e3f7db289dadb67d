/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * An out-of-tree consumer of the installed library, built only with
 * `pkg-config --cflags --libs libiobuf` (or `pkg-config --static ...` for
 * the static library) and -Werror. The whole API is experimental
 * (__rte_experimental): like any DPDK program using experimental API, the
 * consumer opts in with ALLOW_EXPERIMENTAL_API before the first DPDK
 * header; libiobuf.pc does not define it for it.
 */

#define ALLOW_EXPERIMENTAL_API

#include <inttypes.h>
#include <stdio.h>

#include <rte_eal.h>
#include <rte_iobuf.h>
#include <rte_iobuf_check.h>   /* every installed header compiles in a consumer */
#include <rte_iobuf_mempool.h>

int
main(int argc, char **argv)
{
	struct rte_iobuf *b;
	size_t seg_len;
	rte_iova_t iova;

	if (rte_eal_init(argc, argv) < 0)
		return 1;
	b = rte_iobuf_create("consumer", SOCKET_ID_ANY,
			     RTE_IOBUF_DIR_IN | RTE_IOBUF_CONTIG |
			     RTE_IOBUF_CACHE_WRITE_COMBINE,
			     64 * 1024, 0x0000FFFFFFFFF000ULL);
	if (b == NULL)
		return 1;
	iova = rte_iobuf_iova(b, 0, &seg_len);
	printf("consumer: iova 0x%" PRIx64 " seg_len %zu va %p\n", iova, seg_len,
	       rte_iobuf_addr(b, 0, 64 * 1024));
	rte_iobuf_retain(b);
	rte_iobuf_release(b);
	rte_iobuf_release(b);
	rte_eal_cleanup();
	return seg_len == 64 * 1024 && iova != RTE_BAD_IOVA ? 0 : 1;
}
