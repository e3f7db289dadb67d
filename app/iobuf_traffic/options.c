/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_iobuf.h>
#include <rte_memory.h>

#include "options.h"

static const char usage_text[] =
"Usage: dpdk-iobuf-traffic [EAL options] -- [options]\n"
"\n"
"Runs traffic on one port whose RX/TX packet pools and RX->TX software ring\n"
"are allocated under a device-address constraint by dpdk-iobuf, checks every\n"
"mbuf's buf_iova range seen on RX and TX against the constraint, cross-checks\n"
"a sample against EAL's memseg table, and reports the IOVA ranges of the rings\n"
"the PMD reserved itself.\n"
"\n"
"Port:\n"
"  --port null|virtio     net_null vdev (default), or net_virtio_user over a\n"
"                         vhost-user socket; virtio packets carry a sequence\n"
"                         number and a CRC32-C of header and payload, checked on\n"
"                         return for loss, duplication, order and corruption\n"
"  --vhost-socket PATH    virtio: connect to this socket (a vhost-user server\n"
"                         that echoes, e.g. testpmd net_vhost in io mode);\n"
"                         without it the app starts that peer itself\n"
"  --peer PATH            peer program (default /usr/bin/dpdk-testpmd), run\n"
"                         with --no-huge, its own --file-prefix, stopped and\n"
"                         reaped at exit, killed if this process dies\n"
"  --peer-fwd io|macswap  peer forwarding mode (default io)\n"
"  --peer-lcores LIST     peer -l argument (default 0-1; its forwarding core is\n"
"                         the second lcore, keep the app on another one)\n"
"\n"
"Constraint:\n"
"  --constraint KV        comma-separated key=value (rte_kvargs), keys:\n"
"                           mask=M        IOKit physicalMask (0 = any)\n"
"                           iova_min=A    first admissible IOVA\n"
"                           iova_max=A    last admissible IOVA\n"
"                           align=N       power of two (pool chunks, ring)\n"
"                           boundary=N    power of two no buffer crosses\n"
"                           contig=0|1    IOVA-contiguous ring and chunks\n"
"                           max_segs=N    max_seg_size=N  dma_only=0|1\n"
"                           cache=copyback|write-through|write-combine|inhibit\n"
"                           socket=N|any\n"
"                         numbers: decimal or 0x hex, optional K/M/G suffix.\n"
"                         Example: mask=0xffffffff,align=4K,boundary=64K\n"
"\n"
"Traffic:\n"
"  --seconds S            stop after S seconds (default 5)\n"
"  --packets N            stop after N packets per port (virtio: exactly N\n"
"                         sent; net_null: at least N, checked every 64 polls)\n"
"  --pkt-size B           frame length, 64..1518 (default 64)\n"
"  --burst N              RX/TX burst, 1..64 (default 32)\n"
"  --mbufs N              mbufs per pool (default 8191)\n"
"  --desc N               RX and TX descriptors per queue (default 1024)\n"
"  --ring-size N          software ring slots, power of two (default 1024)\n"
"  --window N             virtio: packets in flight (default 512, below --desc)\n"
"  --eal-sample N         cross-check 1 mbuf in N against EAL's memseg table\n"
"                         (rte_mem_virt2memseg; default 64, 1 = every mbuf)\n"
"  --stats-period S       one stats line every S seconds (default 1, 0 = off)\n"
"  --compare-stock        add a second port on stock pools and ring and\n"
"                         alternate 250 ms windows; prints the Mpps ratio\n"
"  --require-pmd-rings    fail when a ring the PMD reserved breaks the\n"
"                         constraint (default: reported only; the PMD chooses\n"
"                         that memory, not the app)\n"
"  --help                 this text\n"
"\n"
"Every mbuf's [buf_iova, buf_iova + buf_len) is checked against mask, window and\n"
"boundary on RX and on TX (alignment applies to pool chunks, not to objects).\n"
"\n"
"Exit status: 0 traffic flowed and every check passed; 1 no traffic or a check\n"
"failed; 2 bad option; 3 setup failed (EAL, constraint, pool, ring, port, peer).\n";

enum {
	OPT_PORT = 256, OPT_VHOST_SOCKET, OPT_PEER, OPT_PEER_FWD,
	OPT_PEER_LCORES, OPT_CONSTRAINT, OPT_SECONDS, OPT_PACKETS,
	OPT_PKT_SIZE, OPT_BURST, OPT_MBUFS, OPT_DESC, OPT_RING_SIZE,
	OPT_WINDOW, OPT_EAL_SAMPLE, OPT_STATS_PERIOD, OPT_COMPARE_STOCK,
	OPT_REQUIRE_PMD_RINGS, OPT_HELP,
};

static const struct option long_options[] = {
	{ "port", required_argument, NULL, OPT_PORT },
	{ "vhost-socket", required_argument, NULL, OPT_VHOST_SOCKET },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "peer-fwd", required_argument, NULL, OPT_PEER_FWD },
	{ "peer-lcores", required_argument, NULL, OPT_PEER_LCORES },
	{ "constraint", required_argument, NULL, OPT_CONSTRAINT },
	{ "seconds", required_argument, NULL, OPT_SECONDS },
	{ "packets", required_argument, NULL, OPT_PACKETS },
	{ "pkt-size", required_argument, NULL, OPT_PKT_SIZE },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "mbufs", required_argument, NULL, OPT_MBUFS },
	{ "desc", required_argument, NULL, OPT_DESC },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "window", required_argument, NULL, OPT_WINDOW },
	{ "eal-sample", required_argument, NULL, OPT_EAL_SAMPLE },
	{ "stats-period", required_argument, NULL, OPT_STATS_PERIOD },
	{ "compare-stock", no_argument, NULL, OPT_COMPARE_STOCK },
	{ "require-pmd-rings", no_argument, NULL, OPT_REQUIRE_PMD_RINGS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static int
bad_value(const char *opt, const char *val, const char *want)
{
	fprintf(stderr, "dpdk-iobuf-traffic: --%s '%s': %s (see --help)\n",
		opt, val, want);
	return -1;
}

static int
parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi,
	  uint64_t *out)
{
	char want[80];
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	snprintf(want, sizeof(want), "expected an integer in [%" PRIu64
		 ", %" PRIu64 "]", lo, hi);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v < lo || v > hi)
		return bad_value(opt, s, want);
	*out = v;
	return 0;
}

static int
parse_uint(const char *opt, const char *s, unsigned int lo, unsigned int hi,
	   unsigned int *out)
{
	uint64_t v;

	if (parse_u64(opt, s, lo, hi, &v) < 0)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

static int
parse_seconds(const char *opt, const char *s, double lo, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo) || v > 86400)
		return bad_value(opt, s, lo > 0 ? "expected seconds > 0" :
				 "expected seconds >= 0");
	*out = v;
	return 0;
}

bool
app_options_want_virtio(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--port=virtio") == 0)
			return true;
		if (strcmp(argv[i], "--port") == 0 && i + 1 < argc &&
		    strcmp(argv[i + 1], "virtio") == 0)
			return true;
	}
	return false;
}

static void
set_defaults(struct app_options *o)
{
	*o = (struct app_options){
		.kind = APP_PORT_NULL,
		.peer_bin = "/usr/bin/dpdk-testpmd",
		.peer_fwd = "io",
		.peer_lcores = "0-1",
		.seconds = 5,
		.stats_period = 1,
		.pkt_size = 64,
		.burst = 32,
		.nb_mbufs = 8191,
		.nb_desc = 1024,
		.ring_size = 1024,
		.window = 512,
		.eal_sample = 64,
	};
	o->params.socket_id = SOCKET_ID_ANY;
	snprintf(o->constraint, sizeof(o->constraint), "(none)");
}

static int
parse_one(struct app_options *o, int opt, const char *arg)
{
	const char *name = NULL;
	int i;

	for (i = 0; long_options[i].name != NULL; i++)
		if (long_options[i].val == opt)
			name = long_options[i].name;

	switch (opt) {
	case OPT_PORT:
		if (strcmp(arg, "null") == 0)
			o->kind = APP_PORT_NULL;
		else if (strcmp(arg, "virtio") == 0)
			o->kind = APP_PORT_VIRTIO;
		else
			return bad_value(name, arg, "expected null or virtio");
		return 0;
	case OPT_VHOST_SOCKET:
		if (strlen(arg) >= sizeof(((struct app_port *)0)->socket))
			return bad_value(name, arg, "path too long");
		o->vhost_socket = arg;
		return 0;
	case OPT_PEER:
		o->peer_bin = arg;
		return 0;
	case OPT_PEER_FWD:
		if (strcmp(arg, "io") != 0 && strcmp(arg, "macswap") != 0)
			return bad_value(name, arg, "expected io or macswap");
		o->peer_fwd = arg;
		return 0;
	case OPT_PEER_LCORES:
		o->peer_lcores = arg;
		return 0;
	case OPT_CONSTRAINT:
		if (strlen(arg) >= sizeof(o->constraint))
			return bad_value(name, arg, "too long");
		if (rte_iobuf_params_parse(arg, &o->params) < 0)
			return bad_value(name, arg,
				"not a constraint (the IOBUF log line above names the key)");
		snprintf(o->constraint, sizeof(o->constraint), "%s", arg);
		return 0;
	case OPT_SECONDS:
		return parse_seconds(name, arg, 0.001, &o->seconds);
	case OPT_STATS_PERIOD:
		return parse_seconds(name, arg, 0, &o->stats_period);
	case OPT_PACKETS:
		return parse_u64(name, arg, 1, UINT64_MAX, &o->packets);
	case OPT_PKT_SIZE:
		return parse_uint(name, arg, 64, 1518, &o->pkt_size);
	case OPT_BURST:
		return parse_uint(name, arg, 1, APP_MAX_BURST, &o->burst);
	case OPT_MBUFS:
		return parse_uint(name, arg, 256, 1u << 20, &o->nb_mbufs);
	case OPT_DESC:
		return parse_uint(name, arg, 64, 4096, &o->nb_desc);
	case OPT_RING_SIZE:
		if (parse_uint(name, arg, 64, 1u << 20, &o->ring_size) < 0)
			return -1;
		if (!rte_is_power_of_2(o->ring_size))
			return bad_value(name, arg, "expected a power of two");
		return 0;
	case OPT_WINDOW:
		return parse_uint(name, arg, 1, 1u << 16, &o->window);
	case OPT_EAL_SAMPLE:
		return parse_uint(name, arg, 1, 1u << 30, &o->eal_sample);
	case OPT_COMPARE_STOCK:
		o->compare_stock = true;
		return 0;
	case OPT_REQUIRE_PMD_RINGS:
		o->require_pmd_rings = true;
		return 0;
	default:
		return -1;
	}
}

/* Limits that depend on more than one option. */
static int
check_combination(const struct app_options *o)
{
	if (o->kind == APP_PORT_VIRTIO &&
	    (o->window >= o->nb_desc || o->window > o->ring_size)) {
		fprintf(stderr, "dpdk-iobuf-traffic: --window %u must be below --desc %u and at most --ring-size %u (the peer would drop)\n",
			o->window, o->nb_desc, o->ring_size);
		return -1;
	}
	if (o->nb_mbufs < 2 * o->nb_desc + o->ring_size) {
		fprintf(stderr, "dpdk-iobuf-traffic: --mbufs %u cannot fill %u descriptors and a ring of %u\n",
			o->nb_mbufs, 2 * o->nb_desc, o->ring_size);
		return -1;
	}
	if (o->vhost_socket != NULL && o->compare_stock) {
		fprintf(stderr, "dpdk-iobuf-traffic: --compare-stock needs two peer ports; it starts its own peer (drop --vhost-socket)\n");
		return -1;
	}
	return 0;
}

int
app_options_parse(struct app_options *o, int argc, char **argv)
{
	int opt;

	set_defaults(o);
	optind = 1;
	opterr = 1;
	while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(usage_text, stdout);
			return 1;
		}
		if (opt == '?' || parse_one(o, opt, optarg) < 0) {
			if (opt == '?')
				fprintf(stderr, "dpdk-iobuf-traffic: see --help\n");
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "dpdk-iobuf-traffic: unexpected argument '%s' (see --help)\n",
			argv[optind]);
		return -1;
	}
	return check_combination(o);
}
