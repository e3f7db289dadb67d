/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

/*
 * RTE_IOBUF_SHARED across two real processes. The primary creates and
 * fills a buffer; a secondary (this program, re-executed with
 * --proc-type=secondary) finds it by name, checks bytes and IOVAs against
 * its own rte_mem_virt2iova(), writes a reply and keeps its reference while
 * the primary drops its own; the memory must survive until the secondary
 * releases the last reference.
 */

#include <inttypes.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_memory.h>

#include <rte_iobuf.h>

#include "iobuf_check.h"
#include "iobuf_test.h"

#define SHARED_NAME "shared-test"
#define SHARED_CAP (3 << 20)

static uint8_t
pattern(size_t i, uint8_t salt)
{
	return (uint8_t)((i * 131) ^ salt);
}

static int
bytes_are(const struct rte_iobuf *b, uint8_t salt)
{
	const uint8_t *p = b->va;
	size_t i;

	for (i = 0; i < rte_iobuf_length(b); i++)
		if (p[i] != pattern(i, salt))
			return 0;
	return 1;
}

static void
write_pattern(struct rte_iobuf *b, uint8_t salt)
{
	uint8_t *p = rte_iobuf_addr(b, 0, rte_iobuf_length(b));
	size_t i;

	for (i = 0; i < rte_iobuf_length(b); i++)
		p[i] = pattern(i, salt);
}

/* Secondary role: argv = { "shared", cmd_fd, status_fd }. */
int
iobuf_test_secondary_main(int argc, char **argv)
{
	struct rte_iobuf_params req = { .capacity = SHARED_CAP,
					.iova_mask = 0x0000FFFFFFFFF000ULL };
	struct rte_iobuf *b;
	int cmd_fd, st_fd;
	char c = 'x';

	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} roles[] = {
		{ "mempool", iobuf_test_mempool_secondary },
		{ "arena", iobuf_test_arena_secondary },
		{ "store", iobuf_test_store_secondary },
		{ "stress", iobuf_test_stress_secondary },
		{ "kill", iobuf_test_kill_secondary },
	};
	unsigned int i;

	for (i = 0; argc >= 1 && i < RTE_DIM(roles); i++)
		if (strcmp(argv[0], roles[i].name) == 0 && roles[i].fn != NULL)
			return roles[i].fn(argc, argv);
	if (argc < 3 || strcmp(argv[0], "shared") != 0) {
		printf("    secondary: unknown role '%s'\n", argc >= 1 ? argv[0] : "");
		return 2;
	}
	cmd_fd = atoi(argv[1]);
	st_fd = atoi(argv[2]);
	b = rte_iobuf_lookup(SHARED_NAME);
	if (b == NULL) {
		printf("    secondary: lookup failed: %s\n", rte_strerror(rte_errno));
		c = 'L';
	} else if (!bytes_are(b, 0x11)) {
		c = 'D';
	} else if (iobuf_check(b, &req) != TEST_SUCCESS) {
		c = 'I';
	} else {
		write_pattern(b, 0x22);
		c = 'k';
	}
	if (write(st_fd, &c, 1) != 1 || c != 'k')
		goto out;
	/* Keep the reference until the primary has dropped its own. */
	if (read(cmd_fd, &c, 1) != 1 || c != 'r')
		goto out;
	c = bytes_are(b, 0x22) ? 'k' : 'D';
	rte_iobuf_release(b);
	b = NULL;
	if (write(st_fd, &c, 1) != 1)
		c = 'W';
out:
	rte_iobuf_release(b);
	rte_eal_cleanup();
	return c == 'k' ? 0 : 1;
}

void
iobuf_test_secondary_report_exit(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	if (waitid(P_PID, pid, &info, WEXITED | WNOWAIT) != 0) {
		printf("    secondary %d: waitid: %s\n", (int)pid, strerror(errno));
		return;
	}
	if (info.si_code == CLD_EXITED && info.si_status == IOBUF_TEST_EXIT_NO_EAL)
		printf("    secondary %d: its EAL could not attach to this primary (see its"
		       " \"EAL init failed\" line above)\n", (int)pid);
	else if (info.si_code == CLD_EXITED)
		printf("    secondary %d: exited with status %d before reporting\n",
		       (int)pid, info.si_status);
	else
		printf("    secondary %d: killed by signal %d before reporting\n",
		       (int)pid, info.si_status);
}

/* In a fork child: close every descriptor above 2 but @p a and @p b (the
 * numbers the role's arguments name; others are ignored). EAL keeps an
 * exclusive flock on the hugepage directory through a descriptor opened
 * without O_CLOEXEC while it maps pages: a child that kept it would hold
 * the lock for its whole life and block every process that maps. */
static void
close_inherited(const char *a, const char *b)
{
	long ka = strtol(a, NULL, 10), kb = strtol(b, NULL, 10), lo, hi;
	unsigned int from = 3;

	lo = RTE_MIN(ka, kb);
	hi = RTE_MAX(ka, kb);
	if (lo >= 3) {
		syscall(SYS_close_range, from, (unsigned int)lo - 1, 0u);
		from = (unsigned int)lo + 1;
	}
	if (hi >= 3 && hi >= from) {
		if ((unsigned int)hi > from)
			syscall(SYS_close_range, from, (unsigned int)hi - 1, 0u);
		from = (unsigned int)hi + 1;
	}
	syscall(SYS_close_range, from, ~0u, 0u);
}

pid_t
iobuf_test_spawn_secondary(const char *role, const char *arg1, const char *arg2)
{
	char prefix[128];
	const char *mode;
	pid_t pid;

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s", iobuf_test_file_prefix);
	/* EAL does not take the IOVA mode from the primary: a secondary left
	 * to detect it picks PA as root, and its IOVAs would not be the
	 * primary's. (--base-virtaddr is not passed: a secondary maps at the
	 * primary's addresses whatever it is given.) */
	mode = rte_eal_iova_mode() == RTE_IOVA_VA ? "--iova-mode=va" : "--iova-mode=pa";
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close_inherited(arg1, arg2);
		execl(iobuf_test_prog, iobuf_test_prog, "-l", "1", "--proc-type=secondary",
		      prefix, mode, "--no-pci", "--log-level=lib.eal:error", "--",
		      "--secondary", role, arg1, arg2, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int
test_shared(void)
{
	struct iobuf_test_usage base, mid, end;
	int cmd[2] = { -1, -1 }, st[2] = { -1, -1 }, status = 0;
	int ret = TEST_FAILED;
	char fd1[16], fd2[16];
	struct rte_iobuf *b;
	pid_t pid = -1;
	char c = 0;

	if (!iobuf_test_hosts_secondaries())
		TEST_SKIP("secondary processes need a hugepage primary (--no-huge cannot host them)");
	TEST_ASSERT(iobuf_test_file_prefix[0] != '\0',
		    "runner started without --file-prefix (secondaries need it)");
	iobuf_test_usage(&base);
	b = rte_iobuf_create(SHARED_NAME, SOCKET_ID_ANY, RTE_IOBUF_SHARED,
			     SHARED_CAP, 0x0000FFFFFFFFF000ULL);
	TEST_ASSERT(b != NULL, "create shared: %s", rte_strerror(rte_errno));
	write_pattern(b, 0x11);
	if (pipe(cmd) != 0 || pipe(st) != 0) {
		printf("    FAIL: pipe: %s\n", strerror(errno));
		goto out;
	}
	snprintf(fd1, sizeof(fd1), "%d", cmd[0]);
	snprintf(fd2, sizeof(fd2), "%d", st[1]);
	pid = iobuf_test_spawn_secondary("shared", fd1, fd2);
	close(cmd[0]);
	close(st[1]);
	if (pid < 0) {
		printf("    FAIL: fork: %s\n", strerror(errno));
		goto out;
	}

	if (read(st[0], &c, 1) != 1) {
		iobuf_test_secondary_report_exit(pid);
		printf("    FAIL: the secondary sent no status\n");
		goto out;
	}
	if (c != 'k') {
		printf("    FAIL: secondary failed its checks (status '%c')\n", c);
		goto out;
	}
	if (rte_iobuf_refcnt(b) != 2 || !bytes_are(b, 0x22)) {
		printf("    FAIL: refcnt %u (want 2, one per process) or the secondary's"
		       " writes not visible\n", rte_iobuf_refcnt(b));
		goto out;
	}
	rte_iobuf_release(b);
	iobuf_test_usage(&mid);
	if (mid.memzones != base.memzones + 1 || rte_iobuf_refcnt(b) != 1) {
		printf("    FAIL: memory freed or reference lost while the secondary holds"
		       " it (memzones %u -> %u, refcnt %u)\n", base.memzones,
		       mid.memzones, rte_iobuf_refcnt(b));
		b = NULL;  /* the secondary's reference is not ours */
		goto out;
	}
	b = NULL;

	c = 'r';
	if (write(cmd[1], &c, 1) != 1 || read(st[0], &c, 1) != 1 || c != 'k') {
		printf("    FAIL: secondary release failed\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	if (cmd[1] >= 0)
		close(cmd[1]);   /* a secondary still waiting reads EOF and exits */
	if (st[0] >= 0)
		close(st[0]);
	if (pid > 0 && (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
			WEXITSTATUS(status) != 0)) {
		if (ret == TEST_SUCCESS)
			printf("    FAIL: secondary exit status 0x%x\n", status);
		ret = TEST_FAILED;
	}
	rte_iobuf_release(b);
	if (ret != TEST_SUCCESS)
		return ret;
	iobuf_test_usage(&end);
	TEST_ASSERT(iobuf_test_usage_same(&base, &end),
		    "last release in the secondary did not free the buffer");
	TEST_ASSERT(rte_iobuf_lookup(SHARED_NAME) == NULL && rte_errno == ENOENT,
		    "freed buffer still registered");
	printf("    data, IOVAs and one reference count shared with a secondary process"
	       " (IOVA as %s)\n", rte_eal_iova_mode() == RTE_IOVA_VA ? "VA" : "PA");
	return TEST_SUCCESS;
}

REGISTER_IOBUF_TEST(shared_two_process, test_shared);
