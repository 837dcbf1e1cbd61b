#!/bin/bash
# record.sh: records public/samples/atopview-demo.raw, the demo log of atopview, with this
# machine's own `atop -w`, and refreshes the generated part of STORY.md.
#
# What it records: 15 minutes (3 s x 300 intervals, plus atop's since-boot first sample = 301
# samples) of a small made-up server whose processes tell a story (STORY.md):
#   cpu-hog        a cron job that keeps one core busy for 60 s every 3 minutes
#   leaky-cache    grows by 1 MiB/s until its supervisor SIGKILLs it at 320 MiB, twice
#   backup-writer  dumps 384 MiB to disk with fdatasync at 16 MiB/s, three times
#   flaky-daemon   fine until a bad config deploy at 5:00, then exits with status 1 after
#                  ~18 s and is restarted 2 s later (a new pid each time) until the rollback
#                  at 12:00
#   log-shipper    sends 512 MiB over TCP to log-sink once (at 9:15), through eth0 (a veth
#                  pair to log-sink's own network namespace, "another host")
#   api-server     the steady, well-behaved neighbour; supervisor, mini-cron, demo-init (PID 1)
# The workload runs in private pid/mount/uts/ipc/net namespaces (inner.sh sets them up), so
# the log holds only these processes and not the machine's others; system-wide figures (CPU,
# memory, disk) are still the whole machine's. atop's process accounting is on (its own,
# private to the namespace), so processes that ended show as exited, with exit codes.
#
# Needs: root (namespaces, mounts, process accounting), atop (made with Debian's 2.8.1),
# unshare and ip (util-linux, iproute2), /usr/bin/python3, ~1 GiB of free memory (leaky-cache
# peaks at 320 MiB) and ~1 GiB of free disk under /var/tmp (each backup is 384 MiB, deleted).
# Takes: 15 minutes and a few seconds. Be kind to a shared machine: the CPU hog takes one
# core, the disk writer is capped at 16 MiB/s. Record on a quiet machine: the CPU chart shows
# the whole machine's CPU, so other work blurs cpu-hog's plateaus.
#
# Output (overwritten; the script can run again any time):
#   public/samples/atopview-demo.raw   the raw log (~650 KB)
#   tools/sample-log/STORY.md          the events section between the "events" markers,
#                                      regenerated from the new log by summarize.py
# The workload's own logs (supervisor, mini-cron) are copied to $KEEP if it is set.
#
# Environment: INTERVAL (default 3) and SAMPLES (default 301) change the recording; the
# story's times shrink or stretch with the length ((SAMPLES-1) x INTERVAL / 900), so
# `INTERVAL=1 SAMPLES=121 OUT=/tmp/try.raw NO_STORY=1 tools/sample-log/record.sh` is a
# 2-minute trial run. OUT changes the output file; NO_STORY=1 leaves STORY.md alone.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
interval=${INTERVAL:-3}
samples=${SAMPLES:-301}
out=${OUT:-$repo/public/samples/atopview-demo.raw}

die() {
  echo "record.sh: $*" >&2
  exit 1
}
[[ $EUID -eq 0 ]] || die "must run as root (namespaces, mounts, process accounting)"
for tool in atop unshare ip awk; do
  command -v "$tool" > /dev/null || die "needs $tool"
done
[[ -x /usr/bin/python3 ]] || die "needs /usr/bin/python3"
atop_version=$(atop -V | awk '/^Version/ { print $2 }')
[[ $atop_version == 2.8.* ]] || echo "record.sh: note: atop $atop_version, the bundled log was made with 2.8.1" >&2
avail_kib=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
((avail_kib > 1024 * 1024)) || die "less than 1 GiB of memory available"
free_kib=$(df -Pk /var/tmp | awk 'NR == 2 { print $4 }')
((free_kib > 1024 * 1024)) || die "less than 1 GiB free under /var/tmp"

read -r load1 _ < /proc/loadavg
if awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "record.sh: note: load average $load1 on $(nproc) CPUs: the log's system-wide CPU figures" \
    "will show that other work, and cpu-hog's plateaus on the CPU chart blur into it" >&2
fi

work=$(mktemp -d /var/tmp/atopview-sample-log.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/log" "$work/backup"

echo "record.sh: recording $samples samples every $interval s ($(((samples - 1) * interval)) s) in $work" >&2
started=$(date +%s)
# --kill-child: if this script is killed, PID 1 of the namespace dies and takes all with it.
unshare --pid --fork --kill-child --mount-proc --mount --uts --ipc --net \
  "$here/inner.sh" "$here" "$work" "$interval" "$samples"
echo "record.sh: recorded in $(($(date +%s) - started)) s" >&2

raws=("$work"/log/atop_*)
((${#raws[@]} == 1)) && [[ -s ${raws[0]} ]] || die "atop wrote no log (${raws[*]})"
raw=${raws[0]}

# The log must read cleanly with the atop that wrote it, every sample.
TZ=UTC atop -r "$raw" -P ALL > "$work/parseable.txt" 2> "$work/atop-r.err" || die "atop -r failed: $(cat "$work/atop-r.err")"
[[ ! -s $work/atop-r.err ]] || die "atop -r complained: $(cat "$work/atop-r.err")"
got=$(grep -c '^CPU ' "$work/parseable.txt") # one CPU line per sample
((got == samples)) || die "atop -r read $got samples, expected $samples"

mkdir -p "$(dirname "$out")"
cp "$raw" "$out.tmp"
mv "$out.tmp" "$out"
echo "record.sh: wrote $out ($(stat -c %s "$out") bytes, $got samples)" >&2

if [[ -n ${KEEP:-} ]]; then
  mkdir -p "$KEEP"
  cp "$work"/log/*.log "$work/log/t0" "$work/parseable.txt" "$KEEP/"
fi
if [[ -z ${NO_STORY:-} ]]; then
  /usr/bin/python3 "$here/summarize.py" "$work/parseable.txt" "$here/STORY.md"
  echo "record.sh: updated $here/STORY.md" >&2
else
  /usr/bin/python3 "$here/summarize.py" "$work/parseable.txt"
fi
