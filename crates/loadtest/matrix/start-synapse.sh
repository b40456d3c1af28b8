#!/usr/bin/env bash
# Starts a Synapse homeserver (from PyPI) on 127.0.0.1:8008 for relais-bench chat, on PostgreSQL, with
# rate limits lifted and registration by token, then prints the token and Synapse's process id:
#
#   crates/loadtest/matrix/start-synapse.sh [work-dir]
#   target/release/relais-bench chat --scenario c --homeserver http://127.0.0.1:8008 \
#       --registration-token "$(cat <work-dir>/token)" --server-pid "$(cat <work-dir>/homeserver.pid)"
#
# Needs python3 (venv, pip) and PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
set -euo pipefail
dir="${1:-/tmp/chat-bench-synapse}"
database="${SYNAPSE_DATABASE:-synapse_bench}"
mkdir -p "$dir"
cd "$dir"

if [ ! -x venv/bin/python ]; then
  python3 -m venv venv
  venv/bin/pip install -q matrix-synapse psycopg2-binary
fi
venv/bin/python -c 'import synapse; print("synapse", synapse.__version__)'

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $database"
psql -h 127.0.0.1 -U postgres -qc \
  "CREATE DATABASE $database ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"

rm -f homeserver.yaml
venv/bin/python -m synapse.app.homeserver --server-name bench.local --config-path homeserver.yaml \
  --generate-config --report-stats=no >/dev/null
# The generated file ends with its database section (SQLite); the benchmark's settings follow.
sed -i '/^database:/,/^[a-z_]*:/{/^database:/d;/^  /d}' homeserver.yaml
echo >> homeserver.yaml
cat >> homeserver.yaml <<YAML
database:
  name: psycopg2
  args:
    user: postgres
    host: 127.0.0.1
    port: 5432
    database: $database
    cp_min: 5
    cp_max: 10
enable_registration: true
registration_requires_token: true
bcrypt_rounds: 4
suppress_key_server_warning: true
presence:
  enabled: false
rc_message: {per_second: 100000, burst_count: 100000}
rc_registration: {per_second: 100000, burst_count: 100000}
rc_login:
  address: {per_second: 100000, burst_count: 100000}
  account: {per_second: 100000, burst_count: 100000}
rc_joins:
  local: {per_second: 100000, burst_count: 100000}
  remote: {per_second: 100000, burst_count: 100000}
rc_joins_per_room: {per_second: 100000, burst_count: 100000}
rc_room_creation: {per_second: 100000, burst_count: 100000}
YAML
sed -i 's/level: INFO/level: WARNING/' bench.local.log.config

venv/bin/python -m synapse.app.homeserver --config-path homeserver.yaml --daemonize
for _ in $(seq 1 60); do
  curl -sf http://127.0.0.1:8008/_matrix/client/versions >/dev/null && break
  sleep 1
done

venv/bin/register_new_matrix_user -c homeserver.yaml -u benchadmin -p bench-admin-password -a \
  http://127.0.0.1:8008 >/dev/null
access=$(curl -sf -X POST http://127.0.0.1:8008/_matrix/client/v3/login \
  -d '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"benchadmin"},"password":"bench-admin-password"}' \
  | venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -sf -X POST http://127.0.0.1:8008/_synapse/admin/v1/registration_tokens/new \
  -H "Authorization: Bearer $access" -d '{}' \
  | venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["token"])' > token
echo "synapse on http://127.0.0.1:8008, pid $(cat homeserver.pid), registration token $(cat token)"
