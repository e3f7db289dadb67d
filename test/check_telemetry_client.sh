#!/usr/bin/env bash
# The /iobuf/ telemetry commands read with Debian's own client,
# dpdk-telemetry.py -f PREFIX (commands on its standard input, one JSON
# reply per line), from a live dpdk-iobuf-traffic on net_null (IOVA-as-VA,
# --no-huge) whose RX pool and RX->TX ring are constrained, while traffic
# runs. Every /iobuf/ command the process lists is asked; the replies are
# checked against what the process created, as its own output reports it:
#  - /help has a text for every /iobuf/ command;
#  - /iobuf/list: every name listed answers /iobuf/info,NAME with a
#    consistent record (the app names none of its buffers: pools and ring
#    are anonymous buffers, so the list is expected empty); /iobuf/info
#    without a name or with an unknown one answers null (an error);
#  - /iobuf/stats: created - freed = the pool's chunks + the ring's buffer,
#    failed = 0, live_bytes = what the app says its pools and ring hold,
#    and at least the pool's objects; the arena totals are consistent;
#  - the per-class counters (/iobuf/arenas, or /iobuf/classes if present):
#    one entry per class in arena_classes, summing to the arena totals,
#    each under the app's mask; and the counters the issue asks for per
#    class: live buffers, bytes, arenas (or store use), steering attempts,
#    rejects and failures by errno (fields whose names contain "live",
#    "bytes", "arenas" or "store", "attempt", "reject", "fail");
#  - /mempool/info of the app's pool (DPDK's own command) agrees.
# Usage: check_telemetry_client.sh APP_BINARY
set -u
. "$(dirname "$0")/check_lib.sh"
app=$1
client=$(command -v dpdk-telemetry.py)
if [ -z "$client" ]; then
	cannot_run telemetry_client "dpdk-telemetry.py not installed (package dpdk-dev)" 1
	finish
	exit
fi
prefix=iobuf_telemetry_client_$$
mask=0xffffffffffdfffff
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null
	rm -rf "$tmp" "$( [ "$(id -u)" -eq 0 ] && echo /var/run || echo "${XDG_RUNTIME_DIR:-/tmp}")/dpdk/$prefix"
}
trap cleanup EXIT

: > "$tmp/app.log"
timeout 120 "$app" -l 0-1 --no-pci --no-huge -m 512 --file-prefix=$prefix \
	--log-level=lib.eal:error -- --seconds 8 \
	--constraint "mask=$mask,align=4K,boundary=64K" > "$tmp/app.log" 2>&1 < /dev/null &
pid=$!
# Ask once traffic runs (the pools and ring exist from then on).
for _ in $(seq 100); do
	grep -q '^\[ *1\.0s\]' "$tmp/app.log" && break
	kill -0 $pid 2> /dev/null || break
	sleep 0.1
done
if ! grep -q '^\[ *1\.0s\]' "$tmp/app.log"; then
	out=$(cat "$tmp/app.log") verdict telemetry_client_app no "the app did not start traffic"
	finish
	exit
fi

# The app itself (timeout's child), for /iobuf/procs.
app_pid=$(pgrep -P "$pid" -n || echo 0)
python3 - "$client" "$prefix" "$mask" "$tmp" "$app_pid" > "$tmp/checks.txt" 2>&1 <<'PYEOF'
import json, re, subprocess, sys

client, prefix, mask, tmp = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), sys.argv[4]
app_pid = int(sys.argv[5])

def ask(cmds):
    """One dpdk-telemetry.py session: a JSON reply per command."""
    p = subprocess.run([client, '-f', prefix], input='\n'.join(cmds) + '\n',
                       capture_output=True, text=True, timeout=30)
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    if p.returncode != 0 or len(lines) != len(cmds):
        raise SystemExit('client failed (exit %d): %s %s' % (p.returncode, p.stdout, p.stderr))
    return [json.loads(l) for l in lines]

def reply(r, cmd):
    return r[cmd.split(',')[0]]

results = []
def check(name, ok, detail):
    results.append((name, bool(ok), detail))

first = ask(['/', '/iobuf/list', '/iobuf/stats', '/mempool/list'])
cmds = sorted(c for c in first[0]['/'] if c.startswith('/iobuf/'))
names = reply(first[1], '/iobuf/list')
check('telemetry_commands', {'/iobuf/list', '/iobuf/info', '/iobuf/stats', '/iobuf/classes',
                              '/iobuf/class', '/iobuf/store', '/iobuf/procs'} <= set(cmds),
      'commands listed: %s' % ' '.join(cmds))

# Every /iobuf/ command (with and without a name where one is taken), its
# help, and the app's pool from DPDK's own command.
pools = [n for n in reply(first[3], '/mempool/list') if n.startswith('iob_')]
asked = []
for c in cmds:
    asked.append(c)
    asked.append('/help,' + c)
asked += ['/iobuf/info,' + n for n in names]
asked += ['/iobuf/info,no-such-buffer', '/iobuf/class,999999']
asked += ['/mempool/info,' + n for n in pools]
asked += ['/iobuf/stats']
rep = dict(zip(asked, ask(asked)))

helps = {c: reply(rep['/help,' + c], '/help').get(c) for c in cmds}
check('telemetry_help', all(isinstance(h, str) and h for h in helps.values()),
      'help text for %d commands' % len(helps))
answered = [c for c in cmds if c in rep and c.split(',')[0] in rep[c]]
check('telemetry_every_command', len(answered) == len(cmds),
      'every /iobuf/ command answered through dpdk-telemetry.py: %s' % ' '.join(answered))

# The app's own account of what it created.
app = open(tmp + '/app.log').read()
m = re.search(r'RX pool (\S+)\s+(\d+) mbufs .* in (\d+) chunks', app)
ring = re.search(r'RX->TX ring (\S+)\s+\d+ slots in an iobuf', app)
held = re.search(r'pools\+ring hold ([0-9.]+) MiB', app)
if not (m and ring and held):
    raise SystemExit('app output lacks its pool/ring lines:\n' + app)
pool, n_mbufs, chunks, held_mib = m.group(1), int(m.group(2)), int(m.group(3)), float(held.group(1))

# /iobuf/list and /iobuf/info
infos = {n: reply(rep['/iobuf/info,' + n], '/iobuf/info') for n in names}
bad = [n for n, i in infos.items() if not (isinstance(i, dict) and i.get('name') == n and
       0 < i.get('length', -1) <= i.get('capacity', 0) and i.get('refcnt', 0) >= 1 and
       i.get('segments', 0) >= 1)]
check('telemetry_list_info', isinstance(names, list) and not bad,
      '%d named buffers listed%s, each with a consistent /iobuf/info%s' % (
          len(names), ' (the app names none: pools and ring are anonymous)' if not names else '',
          '; bad: %s' % bad if bad else ''))
check('telemetry_info_errors',
      reply(rep['/iobuf/info'], '/iobuf/info') is None and
      reply(rep['/iobuf/info,no-such-buffer'], '/iobuf/info') is None,
      '/iobuf/info without a name and with an unknown name answer null')

# /iobuf/stats against what the process created
st = reply(rep['/iobuf/stats'], '/iobuf/stats')
st0 = reply(first[2], '/iobuf/stats')
mp = reply(rep['/mempool/info,' + pool], '/mempool/info') if pool in pools else None
obj_bytes = mp and mp['size'] * (mp['elt_size'] + mp['header_size'] + mp['trailer_size'])
live = st['created'] - st['freed']
check('telemetry_stats_buffers',
      st['created'] >= st['freed'] and live == chunks + 1 and st['failed'] == 0 and
      (st['created'], st['freed']) == (st0['created'], st0['freed']),
      'created %d - freed %d = %d live = %d pool chunks + 1 ring buffer; failed %d; unchanged between two sessions' % (
          st['created'], st['freed'], live, chunks, st['failed']))
check('telemetry_stats_bytes',
      st['live_bytes'] > 0 and abs(st['live_bytes'] / 2**20 - held_mib) <= 0.05 and
      obj_bytes is not None and st['live_bytes'] >= obj_bytes,
      'live_bytes %d = %.3f MiB (app: pools+ring hold %.1f MiB), >= %s bytes of pool objects' % (
          st['live_bytes'], st['live_bytes'] / 2**20, held_mib, obj_bytes))
check('telemetry_mempool', mp is not None and mp['size'] == n_mbufs and mp['populated_size'] == n_mbufs,
      '/mempool/info,%s: size %s populated %s (app: %d mbufs)' % (
          pool, mp and mp['size'], mp and mp['populated_size'], n_mbufs))
check('telemetry_stats_arenas',
      st['arena_slots_free'] <= st['arena_slots'] and
      (st['arenas'] == 0) == (st['arena_slots'] == 0) and
      st['arena_bytes'] >= st['arenas'] * 2 * 2**20 and
      (st['arena_classes'] == 0) == (st['arenas'] == 0),
      'arena totals: %d classes, %d arenas, %d bytes, %d slots, %d free' % (
          st['arena_classes'], st['arenas'], st['arena_bytes'], st['arena_slots'], st['arena_slots_free']))

# Per-class counters: /iobuf/classes lists ids, /iobuf/class,ID gives one.
ids = reply(rep['/iobuf/classes'], '/iobuf/classes')
crep = ask(['/iobuf/class,%d' % i for i in ids]) if ids else []
classes = [reply(r, '/iobuf/class') for r in crep]
ok = (isinstance(ids, list) and len(ids) == st['arena_classes'] and
      all(isinstance(c, dict) for c in classes))
if ok and classes:
    sums = {k: sum(c.get(k, 0) for c in classes) for k in ('arenas', 'slots', 'slots_free')}
    ok = (sums['arenas'] == st['arenas'] and sums['slots'] == st['arena_slots'] and
          sums['slots_free'] == st['arena_slots_free'] and
          all(c.get('mask') == mask for c in classes if not c.get('metadata')) and
          sum(c.get('arenas', 0) for c in classes if c.get('metadata')) == st['arenas_meta'])
check('telemetry_classes', ok,
      '/iobuf/classes: %d ids for %d classes in /iobuf/stats; /iobuf/class,ID sums to its arena totals, each under mask 0x%x but the %d metadata classes (%d arenas)' % (
          len(ids) if isinstance(ids, list) else -1, st['arena_classes'], mask,
          sum(1 for c in classes if isinstance(c, dict) and c.get('metadata')), st.get('arenas_meta', -1)))
wanted = [('live buffers', 'live'), ('live bytes', 'live_bytes'), ('arenas', 'arenas'),
          ('store use', 'store_bytes'), ('attempts', 'attempts'), ('rejects', 'rejects'),
          ('growth failures', 'grow_failed')]
missing = {w for w, k in wanted for c in classes if k not in c} if classes else {w for w, _ in wanted}
consistent = all(c['attempts'] >= c['rejects'] and
                 c['slots'] - c['slots_free'] >= 0 and c['live_bytes'] >= c['live'] for c in classes)
check('telemetry_class_counters', not missing and consistent,
      'per-class counters%s; attempts >= rejects, live bytes >= live buffers in every class' % (
          ': missing %s' % ', '.join(w for w, _ in wanted if w in missing) if missing else
          ' (live, live_bytes, arenas, store_bytes, attempts, rejects, grow_failed) present'))
check('telemetry_class_unknown', reply(rep['/iobuf/class,999999'], '/iobuf/class') is None,
      '/iobuf/class with an unknown id answers null')

# Failures by errno add up; the store's bytes agree with /iobuf/stats.
by = ['failed_einval', 'failed_erange', 'failed_enomem', 'failed_enospc', 'failed_eexist',
      'failed_other']
store = reply(rep['/iobuf/store'], '/iobuf/store')
check('telemetry_failures_by_errno', all(k in st for k in by) and sum(st[k] for k in by) == st['failed'],
      'failed %d = sum of %s' % (st['failed'], ' + '.join(by)))
check('telemetry_store', isinstance(store, dict) and store.get('reserved') == st['store_reserved'] and
      store['used'] <= store['reserved'] and store['free'] == store['reserved'] - store['used'] and
      store['used'] >= st['live_bytes'] and
      store.get('extents_scarce', -1) <= store['extents'] and
      0 <= store.get('free_scarce', -1) <= store['free'],
      '/iobuf/store: %s; used >= live_bytes %d' % (store, st['live_bytes']))

# The process table: the app is registered, nothing died.
procs = reply(rep['/iobuf/procs'], '/iobuf/procs')
check('telemetry_procs', isinstance(procs, dict) and app_pid in procs.get('pids', []) and
      procs.get('processes') == len(procs['pids']) and procs.get('reaped') == 0,
      '/iobuf/procs: %s (app pid %d)' % (procs, app_pid))

for name, ok, detail in results:
    print('%s %s: %s' % ('PASSED' if ok else 'FAILED', name, detail))
PYEOF
rc=$?
wait $pid
app_rc=$?
pid=
while read -r word name detail; do
	case $word in
	PASSED) verdict "${name%:}" yes "$detail" ;;
	FAILED) out="" verdict "${name%:}" no "$detail" ;;
	*) echo "$word $name $detail" ;;
	esac
done < "$tmp/checks.txt"
[ $rc -eq 0 ] || { out=$(cat "$tmp/checks.txt") verdict telemetry_client_queries no "client script exit $rc"; }
out=$(tail -20 "$tmp/app.log")
ok=no; [ $app_rc -eq 0 ] && grep -q "^result: PASS" "$tmp/app.log" && ok=yes
verdict telemetry_client_app $ok "the app ran its traffic to the end while queried: exit $app_rc"
finish
