/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>

#include "peer.h"

#define PEER_LISTEN_WAIT_MS 15000
#define PEER_STOP_WAIT_MS 5000
#define PEER_MAX_ARGS 32

/* In the child: never returns. */
static void
peer_exec(const struct app_peer *peer, char **argv, pid_t parent)
{
	int fd;

	/* Bounded lifetime: the peer dies with the app, however it ends. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(127);
	fd = open(peer->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	/* Our hugepage and socket descriptors are not the peer's business. */
	close_range(3, ~0u, 0);
	execvp(argv[0], argv);
	fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void
print_log_tail(const struct app_peer *peer)
{
	char line[512];
	FILE *f = fopen(peer->log, "r");
	long pos;

	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	pos = ftell(f);
	fseek(f, pos > 2048 ? pos - 2048 : 0, SEEK_SET);
	fprintf(stderr, "--- end of peer log %s ---\n", peer->log);
	while (fgets(line, sizeof(line), f) != NULL)
		fputs(line, stderr);
	fclose(f);
}

static bool
all_listening(const struct app_peer *peer)
{
	struct stat st;
	unsigned int i;

	for (i = 0; i < peer->nb_sockets; i++)
		if (stat(peer->socket[i], &st) != 0 || !S_ISSOCK(st.st_mode))
			return false;
	return true;
}

int
app_peer_start(struct app_peer *peer, const struct app_options *o,
	       unsigned int nb_ports)
{
	char vdev[APP_MAX_PORTS][160], lcores[64], prefix_opt[96], fwd[48];
	char *argv[PEER_MAX_ARGS];
	pid_t self = getpid();
	unsigned int i, ms;
	int argc = 0, status;

	memset(peer, 0, sizeof(*peer));
	snprintf(peer->prefix, sizeof(peer->prefix), "iobuf_peer_%d", (int)self);
	snprintf(peer->log, sizeof(peer->log), "/tmp/dpdk-iobuf-%d-peer.log",
		 (int)self);
	peer->nb_sockets = nb_ports;
	snprintf(lcores, sizeof(lcores), "%s", o->peer_lcores);
	snprintf(prefix_opt, sizeof(prefix_opt), "--file-prefix=%s", peer->prefix);
	snprintf(fwd, sizeof(fwd), "--forward-mode=%s", o->peer_fwd);

	argv[argc++] = (char *)(uintptr_t)o->peer_bin;
	argv[argc++] = (char *)(uintptr_t)"-l";
	argv[argc++] = lcores;
	argv[argc++] = (char *)(uintptr_t)"--no-pci";
	argv[argc++] = (char *)(uintptr_t)"--no-huge";
	argv[argc++] = (char *)(uintptr_t)"-m";
	argv[argc++] = (char *)(uintptr_t)"512";
	argv[argc++] = prefix_opt;
	for (i = 0; i < nb_ports; i++) {
		snprintf(peer->socket[i], sizeof(peer->socket[i]),
			 "/tmp/dpdk-iobuf-%d-vhost%u.sock", (int)self, i);
		unlink(peer->socket[i]);
		snprintf(vdev[i], sizeof(vdev[i]), "--vdev=net_vhost%u,iface=%s,queues=1",
			 i, peer->socket[i]);
		argv[argc++] = vdev[i];
	}
	argv[argc++] = (char *)(uintptr_t)"--";
	argv[argc++] = fwd;
	argv[argc++] = (char *)(uintptr_t)"--port-topology=loop";
	argv[argc++] = (char *)(uintptr_t)"--nb-cores=1";
	argv[argc++] = (char *)(uintptr_t)"--total-num-mbufs=16384";
	argv[argc++] = (char *)(uintptr_t)"--stats-period=1";
	argv[argc] = NULL;

	fflush(NULL);
	peer->pid = fork();
	if (peer->pid < 0) {
		fprintf(stderr, "dpdk-iobuf-traffic: fork: %s\n", strerror(errno));
		peer->pid = 0;
		return -1;
	}
	if (peer->pid == 0)
		peer_exec(peer, argv, self);

	for (ms = 0; ms < PEER_LISTEN_WAIT_MS; ms += 20) {
		if (all_listening(peer))
			return 0;
		if (waitpid(peer->pid, &status, WNOHANG) == peer->pid) {
			fprintf(stderr, "dpdk-iobuf-traffic: peer %s exited (status %d) before listening\n",
				o->peer_bin, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
			peer->pid = 0;
			break;
		}
		rte_delay_us_sleep(20 * 1000);
	}
	if (peer->pid != 0)
		fprintf(stderr, "dpdk-iobuf-traffic: peer did not listen on %s within %u ms\n",
			peer->socket[0], PEER_LISTEN_WAIT_MS);
	print_log_tail(peer);
	app_peer_stop(peer, true);
	return -1;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
	     struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* EAL's runtime directory of the peer's --file-prefix: a sibling of ours
 * (EAL picks the parent by user: /var/run/dpdk or $XDG_RUNTIME_DIR/dpdk). */
static void
remove_runtime_dir(const struct app_peer *peer)
{
	char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", rte_eal_get_runtime_dir());
	slash = strrchr(dir, '/');
	if (slash == NULL)
		return;
	snprintf(slash + 1, sizeof(dir) - (slash + 1 - dir), "%s", peer->prefix);
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int
app_peer_stop(struct app_peer *peer, bool keep_log)
{
	int status = 0, rc = 0;
	unsigned int i, ms;

	if (peer->pid > 0) {
		kill(peer->pid, SIGINT);
		for (ms = 0; ms < PEER_STOP_WAIT_MS; ms += 10) {
			if (waitpid(peer->pid, &status, WNOHANG) == peer->pid)
				break;
			rte_delay_us_sleep(10 * 1000);
		}
		if (ms >= PEER_STOP_WAIT_MS) {
			fprintf(stderr, "dpdk-iobuf-traffic: peer %d ignored SIGINT for %u ms, killing it\n",
				(int)peer->pid, PEER_STOP_WAIT_MS);
			kill(peer->pid, SIGKILL);
			waitpid(peer->pid, &status, 0);
			rc = -1;
		} else {
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		peer->pid = 0;
	}
	for (i = 0; i < peer->nb_sockets; i++)
		unlink(peer->socket[i]);
	remove_runtime_dir(peer);
	peer->log_kept = keep_log || rc != 0;
	if (!peer->log_kept && peer->log[0] != '\0')
		unlink(peer->log);
	return rc;
}
