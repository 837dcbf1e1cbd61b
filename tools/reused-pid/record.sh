#!/bin/bash
# Records test/fixtures/recorded/reused-pid: a log of this machine's atop in which one pid
# belongs to two processes (the kernel is told which pid to hand out next through
# /proc/sys/kernel/ns_last_pid of a private pid namespace) and one program is started six
# times in a row (a restart loop). Needs root and atop (`atop -w`, `atop -r -P ALL`).
# Usage (as root): tools/reused-pid/record.sh OUTDIR
set -euo pipefail
out=$(realpath -m "$1")
here=$(dirname "$(realpath "$0")")
work=$(mktemp -d /var/tmp/atopview-reuse.XXXXXX)
trap 'rm -rf "$work"' EXIT
unshare --pid --fork --kill-child --mount-proc --mount --uts --ipc -- "$here/inner.sh" "$work"
mkdir -p "$out"
cp "$work/sample.raw" "$out/sample.raw"
TZ=UTC atop -r "$out/sample.raw" -P ALL > "$out/sample.parseable.txt"
cp "$work/events.txt" "$out/events.txt"
atop -V | head -1 > "$out/atop-version.txt"
