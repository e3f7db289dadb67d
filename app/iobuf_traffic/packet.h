/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#ifndef IOBUF_TRAFFIC_PACKET_H
#define IOBUF_TRAFFIC_PACKET_H

/*
 * The virtio test frame: Ethernet header (the peer may swap the MACs),
 * then a header with magic, sequence number and payload length, a payload
 * derived from the sequence number, and a CRC32-C over header fields and
 * payload. Integrity is judged from the bytes after the Ethernet header.
 */

#include <stdint.h>

#include <rte_ether.h>
#include <rte_mbuf.h>

#define APP_PKT_MAGIC 0x494f4246u  /* "IOBF" */
#define APP_PKT_ETHER_TYPE 0x88b5  /* IEEE local experimental */

struct app_pkt_hdr {
	uint32_t magic;
	uint32_t crc;     /* over seq, len and payload */
	uint64_t seq;
	uint16_t len;     /* payload bytes */
} __rte_packed;

#define APP_PKT_HDR_LEN (sizeof(struct rte_ether_hdr) + \
			 sizeof(struct app_pkt_hdr))

/* Reset @p m and write frame number @p seq of @p frame_len bytes. */
void app_pkt_stamp(struct rte_mbuf *m, uint64_t seq, unsigned int frame_len,
		   const struct rte_ether_addr *src);

enum app_pkt_verdict { APP_PKT_OK, APP_PKT_CORRUPT };

/* Check magic, length and CRC; on success *seq is the frame's number. */
enum app_pkt_verdict app_pkt_verify(const struct rte_mbuf *m, uint64_t *seq);

#endif /* IOBUF_TRAFFIC_PACKET_H */
