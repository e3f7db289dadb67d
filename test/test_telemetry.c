/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/* The /iobuf/ telemetry commands, asked over EAL's real telemetry socket
 * as dpdk-telemetry.py does. A missing socket fails the test. */

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>

#include <rte_iobuf.h>

#include "iobuf_test.h"

static int
ask(int fd, const char *cmd, char *reply, size_t size)
{
	ssize_t n;

	if (write(fd, cmd, strlen(cmd)) < 0)
		return -1;
	n = read(fd, reply, size - 1);
	if (n <= 0)
		return -1;
	reply[n] = '\0';
	return 0;
}

static int
test_telemetry(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char reply[4096];
	struct rte_iobuf *b;
	int fd, ret = TEST_FAILED;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		 rte_eal_get_runtime_dir());
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	TEST_ASSERT(fd >= 0, "socket");
	/* EAL starts telemetry unless told not to: no socket is a failure. */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		printf("    FAIL: telemetry socket %s not available: %s\n", sun.sun_path,
		       strerror(errno));
		close(fd);
		return TEST_FAILED;
	}
	b = rte_iobuf_create("tel-buf", SOCKET_ID_ANY, RTE_IOBUF_CACHE_WRITE_THRU, 4096, 0);
	if (b == NULL)
		goto out;
	/* The server greets with its info on connect. */
	if (read(fd, reply, sizeof(reply)) <= 0)
		goto out;
	if (ask(fd, "/iobuf/list", reply, sizeof(reply)) < 0 ||
	    strstr(reply, "\"tel-buf\"") == NULL) {
		printf("    FAIL: /iobuf/list: %s\n", reply);
		goto out;
	}
	if (ask(fd, "/iobuf/info,tel-buf", reply, sizeof(reply)) < 0 ||
	    strstr(reply, "\"capacity\":4096") == NULL ||
	    strstr(reply, "\"cache_requested\":\"write-through\"") == NULL ||
	    strstr(reply, "\"cache_effective\":\"copyback\"") == NULL) {
		printf("    FAIL: /iobuf/info: %s\n", reply);
		goto out;
	}
	printf("    %s\n", reply);
	if (ask(fd, "/iobuf/stats", reply, sizeof(reply)) < 0 ||
	    strstr(reply, "\"created\":") == NULL) {
		printf("    FAIL: /iobuf/stats: %s\n", reply);
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	rte_iobuf_release(b);
	close(fd);
	return ret;
}

REGISTER_IOBUF_TEST(telemetry, test_telemetry);
