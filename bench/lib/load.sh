#!/usr/bin/env bash
# The machine load recorded by the benchmark: IDLE sleeping processes under a few dozen
# service-like names with varied command lines, a multi-threaded process, BUSY spinning
# processes and a little process churn. Run as the leader of its own process group (the
# benchmark kills the whole group); every member also dies on its own after LIFETIME seconds.
set -u
bindir=$1 idle=$2 busy=$3 lifetime=$4
names=(nginx php-fpm postgres redis-server java node gunicorn sidekiq celery memcached
  haproxy rsyslogd sshd cron dockerd containerd-shim kworker-sim systemd-worker uwsgi puma
  mysqld mongod influxd telegraf prometheus grafana-server consul vault nomad envoy
  squid named chronyd dbus-daemon polkitd agetty smbd nfsd rpcbind exim4)
mkdir -p "$bindir"
for n in "${names[@]}"; do ln -sf "$(command -v sleep)" "$bindir/$n"; done
for ((i = 0; i < idle; i++)); do
  n=${names[i * ${#names[@]} / idle]}
  # argv[0] becomes a realistic command line; comm is the symlink's name
  (exec -a "/usr/sbin/$n --pool=pool-$((i % 4)) --config /etc/$n/$n.conf" "$bindir/$n" "$lifetime") &
done
# a multi-threaded process: 12 threads, one of them spinning a little
(exec -a "app-threads --threads 12" python3 -c '
import threading, time, sys
end = time.time() + float(sys.argv[1])
def idle():
    while time.time() < end: time.sleep(0.5)
def spin():
    while time.time() < end:
        t = time.time()
        while time.time() - t < 0.02: pass
        time.sleep(0.08)
ts = [threading.Thread(target=idle) for _ in range(11)] + [threading.Thread(target=spin)]
[t.start() for t in ts]; [t.join() for t in ts]
' "$lifetime") &
for ((i = 0; i < busy; i++)); do
  (exec -a "busy-loop-$i" nice -n 19 timeout "$lifetime" bash -c 'while :; do :; done') &
done
# churn: short-lived processes that exit during the intervals
(end=$((SECONDS + lifetime)); while ((SECONDS < end)); do /bin/true; sleep 0.3; done) &
wait
