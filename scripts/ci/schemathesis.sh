#!/usr/bin/env bash
# Runs schemathesis against a real server with the demo data, once as the
# admin and once as the clerk, with every request checked against
# openapi.yaml. Fails on any 5xx and on any response that breaks the document.
#
#   scripts/ci/schemathesis.sh PATH/TO/schemathesis
set -euo pipefail
cd "$(dirname "$0")/../.."
schemathesis="${1:?path to the schemathesis executable}"

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
cargo build --locked -p motcua_server --quiet
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
MOTCUA_BIND="127.0.0.1:$port" \
MOTCUA_DATABASE_URL="sqlite://$work/motcua.sqlite3" \
MOTCUA_JWT_SECRET="schemathesis-run-secret-at-least-32-bytes-long" \
MOTCUA_ACCESS_TOKEN_TTL_SECONDS=7200 MOTCUA_REFRESH_TOKEN_TTL_SECONDS=7200 \
MOTCUA_LOGIN_RATE_PER_MINUTE=1000000 MOTCUA_LOGIN_ACCOUNT_RATE_PER_MINUTE=1000000 \
MOTCUA_LOOKUP_RATE_PER_MINUTE=1000000 MOTCUA_CALENDAR_RATE_PER_MINUTE=1000000 MOTCUA_LOG=warn \
  "$target_dir/debug/motcua" serve --demo >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT

ready=""
for _ in $(seq 1 150); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && { ready=yes; break; }
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

token() {
  curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"demo\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

for user in admin clerk; do
  printf '\n== schemathesis as %s\n' "$user"
  bearer="$(token "$user")"
  "$schemathesis" run openapi.yaml --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $bearer" \
    --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
    --max-examples 50 --seed 1 --generation-database none --no-color
done
