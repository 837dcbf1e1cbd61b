#!/bin/sh
# Records the system-screen oracle capture (test/fixtures/screen/atop-2.8-load/) with this
# machine's atop: 12 one-second samples while a CPU spinner, an O_DIRECT disk writer and a
# loopback HTTP transfer run, inside private pid+mount namespaces so the log holds only the
# workload's processes (system figures stay the whole machine's). Then writes atop's own
# readings of it: -P ALL (raw values) and the text screen (derived figures, -L 250 so every
# field of every system line fits). Run as root: sh tools/capture-system-screen.sh OUTDIR
set -eu
out=$(realpath "${1:?usage: capture-system-screen.sh OUTDIR}")
mkdir -p "$out"
unshare --pid --fork --mount-proc --mount sh -c '
  set -eu
  out=$1
  mount -t tmpfs tmpfs /var/cache
  work=$(mktemp -d /tmp/atop-load.XXXXXX)
  head -c 16777216 /dev/urandom > "$work/blob"
  (cd "$work" && exec python3 -m http.server 18765 --bind 127.0.0.1 >/dev/null 2>&1) &
  server=$!
  (timeout 14 sh -c "while :; do :; done") &
  (timeout 14 sh -c "while :; do dd if=/dev/zero of=$work/dd bs=1M count=64 oflag=direct status=none; done") &
  (timeout 14 sh -c "while :; do curl -s -o /dev/null http://127.0.0.1:18765/blob; sleep 0.2; done") &
  sleep 1
  atop -w "$out/sample.raw" 1 12
  kill "$server"
  wait
  rm -rf "$work"
' capture "$out"
TZ=UTC atop -r "$out/sample.raw" -P ALL > "$out/sample.parseable.txt"
TZ=UTC atop -r "$out/sample.raw" -L 250 < /dev/null > "$out/screen.full.txt"
