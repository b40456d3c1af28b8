//! The commented example printed by `relais default-config`.

pub const EXAMPLE: &str = r#"# Relais configuration. Every key is optional; the values shown are the defaults.
# Any key can also be set by an environment variable: RELAIS__SECTION__KEY,
# for example RELAIS__SESSION__IDLE_TIMEOUT_MINUTES=20 or RELAIS__LISTEN=0.0.0.0:8080.

# Address and port the web server listens on.
listen = "127.0.0.1:8080"

# The address people use to reach Relais. With https://, cookies are Secure and HSTS is sent.
# public_url = "https://relais.example.org"

# Where the SQLite database and files are kept.
data_dir = "relais-data"

# Prometheus metrics, on a separate listener that should stay on loopback.
metrics_listen = "127.0.0.1:9464"

# PostgreSQL instead of the embedded SQLite database.
# database_url = "postgres://relais:password@127.0.0.1:5432/relais"

# Several instances on one PostgreSQL share live events through NATS JetStream.
# bus = "nats://127.0.0.1:4222"
bus_stream = "relais"

[session]
# A session unused for this many minutes ends.
idle_timeout_minutes = 30
# A session ends this many hours after sign-in, however active.
absolute_lifetime_hours = 12

[limits]
# Largest request body accepted, in bytes.
max_body_bytes = 1048576
# Largest file upload (a care photo, a FHIR bundle), in bytes.
max_upload_bytes = 8388608
# Largest document file (shared documents), in bytes.
max_document_bytes = 4294967296
# Longest life of a personal API token, in days (every token expires).
max_token_days = 366
# Requests one API token may make per minute, whichever instance answers.
api_requests_per_minute = 600

[log]
# "text" or "json".
format = "text"
level = "info"

[websocket]
# Live-update connections one person may keep open, and connections from one address.
max_per_user = 10
max_per_ip = 2000

[connections]
# Connections open at once, in all and from one address (a reverse proxy listed below is exempt).
# Above them a new connection gets "503, retry soon". Also raise LimitNOFILE (docs/operations.md).
max = 10000
max_per_ip = 2500
# Seconds to send a request's headers; idle keep-alive connections close after the same time.
header_timeout_seconds = 20
tls_handshake_timeout_seconds = 10
# Reverse proxies whose X-Forwarded-For / Forwarded headers are believed (addresses or CIDRs).
trusted_proxies = []

[audit]
# Audit rows older than this are deleted (whole segments, so the chain stays verifiable).
retention_months = 12
# Every signed checkpoint is also written to the log; set a file on another volume to keep
# them there too ("relais audit verify" then checks the log against the latest one).
# anchor_file = "/var/lib/relais-anchors/audit-anchors.jsonl"

[tls]
# Serve HTTPS directly (otherwise put a reverse proxy in front and set public_url).
# cert_file = "/etc/relais/fullchain.pem"
# key_file = "/etc/relais/privkey.pem"

[jobs]
# Run background jobs (audit checkpoints, retention, purges, re-encryption) on this instance.
run = true

[planning.routing]
# An OSRM-compatible routing server for the optimiser's road travel times (docs/planner.md).
# Without one, travel is estimated from the straight line, a detour factor and average speeds.
# osrm_url = "http://127.0.0.1:5000"
profile = "driving"
timeout_seconds = 10

[encryption]
# The key-encryption key protects every encrypted column and file. Keep it apart from the database
# and its backups. By default it is generated on first start into <data_dir>/kek.key (mode 0600).
# kek_file = "/etc/relais/kek.key"
# Or give it directly, base64 (usually as RELAIS__ENCRYPTION__KEK):
# kek = "…"

[mail]
# E-mail digests of unread messages (never their content). Without smtp_url, no e-mail is sent.
# smtp_url = "smtp://relais:password@mail.example.org:587?tls=required"
from = "Relais <relais@localhost>"
# A notification still unread after this many minutes goes into the next digest.
digest_after_minutes = 15

[antivirus]
# Scan attachments with ClamAV (Debian's clamav-daemon) before they are stored.
# clamd = "unix:/run/clamav/clamd.ctl"
timeout_seconds = 30

[calls]
# Media goes from browser to browser. On a local network nothing is needed; across the internet
# give a STUN server and a TURN server sharing a secret with Relais (docs/visio.md).
# stun_urls = ["stun:turn.example.org:3478"]
# turn_urls = ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]
# turn_secret = "…"   # coturn's static-auth-secret (better as RELAIS__CALLS__TURN_SECRET)
# turn_ttl_seconds = 43200

[storage]
# Documents' files: "local" (data_dir/files/blobs) or "s3" (an S3-compatible bucket, needed
# when several instances serve one organisation). Files are encrypted before they leave Relais.
kind = "local"
# [storage.s3]
# bucket = "relais"
# endpoint = "https://s3.fr-par.scw.cloud"   # empty for AWS
# region = "fr-par"
# access_key_id = "…"
# secret_access_key = "…"   # better as RELAIS__STORAGE__S3__SECRET_ACCESS_KEY
# prefix = ""               # several installations in one bucket
# allow_http = false        # true only for a service on loopback

[surveys]
# Pulse surveys and the digital-and-work questionnaire: the shipped files unless you give your
# own copies (same format, checked at start). No result shows below min_group answers: 5 at
# least, it can only be raised.
# bank = "/etc/relais/pulse.toml"
# digital = "/etc/relais/digital.toml"
min_group = 5
"#;
