#!/bin/bash
# Runs as PID 1 of the fresh namespaces record.sh makes (pid, mount, uts, ipc, net), and
# turns them into the demo machine before handing over to bin/demo-init:
#   /srv                tmpfs: the workload's programs (/srv/demo/bin) and config (/srv/demo/etc),
#                       so command lines show neutral paths, not this repository's
#   /srv/backup         bind of WORK/backup (on disk: backup-writer's bytes must reach a disk)
#   /var/log/atop       bind of WORK/log: atop's output and the workload's logs
#   /var/cache          tmpfs: atop creates its private process-accounting file
#                       /var/cache/atop.d/atop.acct here, not beside another atop's on the host
#   hostname            atopview-demo
#   network             lo, and eth0 (10.0.0.1/24): one end of a veth pair whose other end
#                       (10.0.0.2) is in the network namespace of log-sink, the log collector
#                       "on another host"; so log-shipper's transfer shows on eth0 (atop and
#                       the page leave loopback out of their network totals)
# Usage (from record.sh): inner.sh HERE WORK INTERVAL SAMPLES
set -euo pipefail
here=$1 work=$2 interval=$3 samples=$4
mount -t tmpfs -o size=16m,mode=0755 demo /srv
mkdir -p /srv/demo/bin /srv/demo/etc /srv/backup
cp "$here"/bin/* /srv/demo/bin/
chmod 0755 /srv/demo/bin/*
mount --bind "$work/backup" /srv/backup
mount -t tmpfs -o size=16m,mode=0755 cache /var/cache
mkdir -p /var/log/atop
mount --bind "$work/log" /var/log/atop
hostname atopview-demo
ip link set lo up
unshare --net /srv/demo/bin/log-sink > /var/log/atop/log-sink.log 2>&1 &
sink=$!
while [[ $(readlink /proc/$sink/ns/net) == $(readlink /proc/self/ns/net) ]]; do :; done
ip link add eth0 type veth peer name eth0 netns "$sink"
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
nsenter --net=/proc/$sink/ns/net sh -c 'ip link set lo up && ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up'
/srv/demo/bin/deploy-config good
cd /
# log-sink stays a child of this process, which becomes demo-init
exec /srv/demo/bin/demo-init "$interval" "$samples"
