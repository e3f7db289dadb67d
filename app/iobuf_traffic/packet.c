/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <string.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_hash_crc.h>

#include "packet.h"

/* Payload word i of frame seq: distinct per frame and per position. */
static inline uint64_t
payload_word(uint64_t seq, unsigned int i)
{
	return (seq + 1) * UINT64_C(0x9e3779b97f4a7c15) ^ ((uint64_t)i << 48);
}

static uint32_t
frame_crc(const struct app_pkt_hdr *h, const uint8_t *payload)
{
	uint32_t crc;

	crc = rte_hash_crc_8byte(h->seq, 0xffffffff);
	crc = rte_hash_crc_2byte(h->len, crc);
	return rte_hash_crc(payload, h->len, crc);
}

void
app_pkt_stamp(struct rte_mbuf *m, uint64_t seq, unsigned int frame_len,
	      const struct rte_ether_addr *src)
{
	struct rte_ether_hdr *eth;
	struct app_pkt_hdr *h;
	uint8_t *payload;
	unsigned int i, plen = frame_len - APP_PKT_HDR_LEN;
	uint64_t w;

	rte_pktmbuf_reset(m);
	eth = (struct rte_ether_hdr *)rte_pktmbuf_append(m, frame_len);
	memset(&eth->dst_addr, 0xff, RTE_ETHER_ADDR_LEN);
	rte_ether_addr_copy(src, &eth->src_addr);
	eth->ether_type = rte_cpu_to_be_16(APP_PKT_ETHER_TYPE);
	h = (struct app_pkt_hdr *)(eth + 1);
	payload = (uint8_t *)(h + 1);
	h->magic = APP_PKT_MAGIC;
	h->seq = seq;
	h->len = (uint16_t)plen;
	for (i = 0; i + 8 <= plen; i += 8) {
		w = payload_word(seq, i);
		memcpy(payload + i, &w, 8);
	}
	w = payload_word(seq, i);
	memcpy(payload + i, &w, plen - i);
	h->crc = frame_crc(h, payload);
}

enum app_pkt_verdict
app_pkt_verify(const struct rte_mbuf *m, uint64_t *seq)
{
	const struct rte_ether_hdr *eth;
	const struct app_pkt_hdr *h;

	if (m->nb_segs != 1 || m->data_len < APP_PKT_HDR_LEN)
		return APP_PKT_CORRUPT;
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	h = (const struct app_pkt_hdr *)(eth + 1);
	if (eth->ether_type != rte_cpu_to_be_16(APP_PKT_ETHER_TYPE) ||
	    h->magic != APP_PKT_MAGIC ||
	    (unsigned int)h->len + APP_PKT_HDR_LEN != m->data_len ||
	    frame_crc(h, (const uint8_t *)(h + 1)) != h->crc)
		return APP_PKT_CORRUPT;
	*seq = h->seq;
	return APP_PKT_OK;
}
