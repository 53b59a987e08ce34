#!/usr/bin/env bash
# What anonymous calendar questions cost a server: its memory before and after
# 150 `GET /api/v1/calendar/due` with distinct office hours, and `/healthz`
# latency alone and while four clients keep asking the calendar with other
# hours (issue 12's "anonymous memory sink"). Needs wrk and curl.
#
#   scripts/bench-tools/calendar.sh [PATH/TO/motcua]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
motcua="${1:-}"
if [[ -z "$motcua" ]]; then
  cargo build --release --locked -p motcua_server --quiet
  motcua="$PWD/target/release/motcua"
fi
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
MOTCUA_BIND="127.0.0.1:$port" MOTCUA_DATABASE_URL="sqlite://$work/db.sqlite3" \
MOTCUA_FILES_DIR="$work/files" MOTCUA_MAIL_DIR="$work/mail" MOTCUA_LOG=warn \
MOTCUA_CALENDAR_RATE_PER_MINUTE=100000000 MOTCUA_JWT_SECRET=0123456789abcdef0123456789abcdef \
  "$motcua" serve >"$work/log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do curl -fs "localhost:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

rss() { awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$server/status"; }
due() { echo "localhost:$port/api/v1/calendar/due?from=2026-02-13T16:30:00%2B07:00&$1&office_hours=$2"; }
echo "RSS at start: $(rss)"
for n in $(seq 0 149); do
  curl -fs "$(due working_days=3 "$(printf '07:%02d-11:30,13:%02d-17:%02d' $((n % 60)) $((n % 60)) $((n / 60)))")" >/dev/null
done
echo "RSS after 150 distinct office hours: $(rss)"
healthz() { wrk -t1 -c1 -d5s --latency "http://127.0.0.1:$port/healthz" | awk -v label="$1" '/ 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2} END {print "healthz " label ": p50 " p50 ", p99 " p99 ", " rps " req/s"}'; }
healthz alone
clients=()
for c in 1 2 3 4; do
  (end=$((SECONDS + 7)); n=0
   while [[ $SECONDS -lt $end ]]; do
     n=$((n + 1))
     curl -s -o /dev/null "$(due working_hours=8000 "$(printf '0%d:%02d-11:30' $((c + 5)) $((n % 60)))")"
   done) &
  clients+=($!)
done
sleep 1
healthz "with 4 calendar clients"
wait "${clients[@]}"
echo "RSS at the end: $(rss)"
