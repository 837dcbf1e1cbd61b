#!/bin/bash
# PID 1 of the namespaces record.sh makes. /var/cache is a private tmpfs so atop's process
# accounting file (/var/cache/atop.d/atop.acct) is not another atop's; /srv holds the
# workload's programs under neutral names. Writes WORK/sample.raw and WORK/events.txt (what
# happened, with the pids the kernel handed out).
set -euo pipefail
work=$1
mount -t tmpfs -o size=16m,mode=0755 cache /var/cache
mount -t tmpfs -o size=16m,mode=0755 srv /srv
mkdir -p /srv/bin
cp /bin/sleep /srv/bin/pidreuser
printf '#!/bin/sh\n/bin/sleep 0.6\nexit 3\n' > /srv/bin/restartme
chmod 0755 /srv/bin/restartme
hostname reuse
cd /
ev() { echo "$(date +%s.%N) $*" >> "$work/events.txt"; }

atop -w "$work/sample.raw" 1 14 &
atop=$!
sleep 1.5

# process A gets pid 400 and is killed by SIGTERM after 2.5 s
echo 399 > /proc/sys/kernel/ns_last_pid
/srv/bin/pidreuser 100 &
a=$!
ev "A pidreuser pid $a started"

# the restart loop: restartme runs six times, each exiting with code 3 after 0.6 s
for i in 1 2 3 4 5 6; do
  /srv/bin/restartme &
  p=$!
  ev "restartme run $i pid $p started"
  wait $p || ev "restartme run $i pid $p exited $?"
done &
loop=$!

sleep 2.5
kill -TERM "$a"
wait "$a" || ev "A pid $a exited $?"
wait "$loop"
sleep 1

# process B gets the same pid 400
echo 399 > /proc/sys/kernel/ns_last_pid
/srv/bin/pidreuser 100 &
b=$!
ev "B pidreuser pid $b started"
[ "$a" = "$b" ] || { echo "pid not reused: A $a, B $b" >&2; exit 1; }

wait "$atop"
kill -TERM "$b"
wait "$b" || true
