#!/usr/bin/env bash
# Installs (when missing) and runs Observatory's backing services on loopback, without systemd:
# PostgreSQL 15, RabbitMQ 3.10 (with the management plugin), Redis 7, and Prometheus with
# Alertmanager (Debian's prometheus and prometheus-alertmanager, configured from observability/ for
# the local silo and gateway of scripts/up.sh).
#   scripts/services.sh up       install if needed, start, wait until each answers, print settings
#   scripts/services.sh down     stop them all
#   scripts/services.sh status   show which ones answer
# Idempotent: a service that already answers is left alone.
set -euo pipefail

PG_DB=${PG_DB:-observatory}
PG_USER=${PG_USER:-observatory}
PG_PASSWORD=${PG_PASSWORD:-observatory}
PG_PORT=5432
RABBIT_PORT=5672
RABBIT_MGMT_PORT=15672
REDIS_PORT=6379
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-9093}
# What Prometheus scrapes and where Alertmanager delivers: the processes scripts/up.sh starts.
SILO_TARGETS=${OBSERVATORY_SILO_TARGETS:-127.0.0.1:5081}
GATEWAY_TARGETS=${OBSERVATORY_GATEWAY_TARGETS:-127.0.0.1:5080}
GATEWAY_URL=${OBSERVATORY_GATEWAY_URL:-http://127.0.0.1:5080}
root=$(cd "$(dirname "$0")/.." && pwd)
monitoring_dir="$root/.run/monitoring"

log() { printf '[services] %s\n' "$*" >&2; }

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }
rabbit_amqp_up() { (exec 3<>"/dev/tcp/127.0.0.1/$RABBIT_PORT") 2>/dev/null; }
rabbit_up() {
  rabbit_amqp_up && curl -sf -o /dev/null -u guest:guest "http://127.0.0.1:$RABBIT_MGMT_PORT/api/overview"
}

wait_for() { # name seconds check-function
  local name=$1 seconds=$2 check=$3 i
  for ((i = 0; i < seconds * 5; i++)); do
    if $check; then return 0; fi
    sleep 0.2
  done
  log "$name did not answer within ${seconds}s"
  return 1
}

install_missing() {
  local missing=()
  dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql-15 postgresql-client-15)
  dpkg -s redis-server >/dev/null 2>&1 || missing+=(redis-server)
  dpkg -s rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  dpkg -s prometheus >/dev/null 2>&1 || missing+=(prometheus)
  dpkg -s prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  # Debian's Chromium, driven headless by the dashboard's Playwright browser tests.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq
    # policy-rc.d refuses to start daemons during install; we start them ourselves below.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  if pg_up; then log "postgresql already running"; else
    pg_lsclusters -h 2>/dev/null | grep -q '^15 *main' || pg_createcluster 15 main >/dev/null
    local attempt
    for attempt in 1 2 3 4 5 6; do
      # Right after a kill -9 the old postmaster may not be reaped yet and its lock file blocks a start.
      if pg_ctlcluster 15 main start 2>/dev/null; then break; fi
      pg_up && break
      log "postgresql start attempt $attempt failed; retrying"
      sleep 2
    done
    wait_for postgresql 30 pg_up
  fi
  su postgres -c "psql -q -v ON_ERROR_STOP=1" <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB')\gexec
SQL
}

start_redis() {
  if redis_up; then log "redis already running"; return; fi
  install -d -o redis -g redis -m 2775 /run/redis
  su -s /bin/sh redis -c 'redis-server /etc/redis/redis.conf'
  wait_for redis 15 redis_up
}

configure_rabbit() {
  local conf=/etc/rabbitmq/rabbitmq.conf env=/etc/rabbitmq/rabbitmq-env.conf
  if ! grep -q 'observatory' "$conf" 2>/dev/null; then
    cat >"$conf" <<CONF
# written by observatory scripts/services.sh: loopback only
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
loopback_users.guest = true
CONF
  fi
  if ! grep -q 'ERL_EPMD_ADDRESS' "$env" 2>/dev/null; then
    printf '%s\n' 'ERL_EPMD_ADDRESS=127.0.0.1' \
      'SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"' >>"$env"
  fi
  local plugins=/etc/rabbitmq/enabled_plugins
  if ! grep -q rabbitmq_management "$plugins" 2>/dev/null || ! grep -q rabbitmq_consistent_hash_exchange "$plugins" 2>/dev/null; then
    rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_consistent_hash_exchange >/dev/null
  fi
}

start_rabbit() {
  if rabbit_up; then
    log "rabbitmq already running"
    # A broker started before the stream provider needed the consistent-hash exchange: enable it live.
    if ! grep -q rabbitmq_consistent_hash_exchange /etc/rabbitmq/enabled_plugins 2>/dev/null; then
      rabbitmq-plugins enable rabbitmq_consistent_hash_exchange >/dev/null
    fi
    return
  fi
  configure_rabbit
  if ! rabbit_amqp_up; then
    mkdir -p /var/log/rabbitmq
    nohup setsid rabbitmq-server >/var/log/rabbitmq/observatory-services.out 2>&1 </dev/null &
  fi
  # Erlang boots in 6-13 s; the AMQP listener opens last, then the management API.
  wait_for rabbitmq 90 rabbit_up
}

prometheus_up() { curl -sf -o /dev/null "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"; }
alertmanager_up() { curl -sf -o /dev/null "http://127.0.0.1:$ALERTMANAGER_PORT/-/ready"; }

quoted_list() { # "a,b" -> "a", "b"
  local IFS=, item out=()
  for item in $1; do out+=("\"$item\""); done
  (IFS=,; printf '%s' "${out[*]}" | sed 's/,/, /g')
}

# Renders the observability/ templates into .run/monitoring: the webhook token lives only in
# .run/alert-webhook-token (created once, mode 600), which the gateway reads too (scripts/up.sh).
render_monitoring() {
  mkdir -p "$monitoring_dir"
  local token="$root/.run/alert-webhook-token"
  if [ ! -s "$token" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$token")
  fi
  sed -e "s|@SCRAPE_INTERVAL@|5s|" -e "s|@EVALUATION_INTERVAL@|5s|" \
    -e "s|@RULES_FILE@|$root/observability/prometheus/rules.yml|" \
    -e "s|@ALERTMANAGER_TARGETS@|\"127.0.0.1:$ALERTMANAGER_PORT\"|" \
    -e "s|@SILO_TARGETS@|$(quoted_list "$SILO_TARGETS")|" \
    -e "s|@GATEWAY_TARGETS@|$(quoted_list "$GATEWAY_TARGETS")|" \
    "$root/observability/prometheus/prometheus.yml" >"$monitoring_dir/prometheus.yml"
  sed -e "s|@GROUP_WAIT@|10s|" -e "s|@GROUP_INTERVAL@|1m|" \
    -e "s|@GATEWAY_URL@|$GATEWAY_URL|" -e "s|@WEBHOOK_TOKEN_FILE@|$token|" \
    "$root/observability/alertmanager/alertmanager.yml" >"$monitoring_dir/alertmanager.yml"
}

start_daemon() { # name check-function command...
  local name=$1 check=$2 pid_file="$monitoring_dir/$1.pid"
  shift 2
  if $check; then
    # Running: make it read the freshly rendered configuration.
    [ -f "$pid_file" ] && kill -HUP "$(cat "$pid_file")" 2>/dev/null
    log "$name already running"
    return
  fi
  nohup setsid "$@" >"$monitoring_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  wait_for "$name" 30 "$check"
}

start_monitoring() {
  render_monitoring
  start_daemon alertmanager alertmanager_up prometheus-alertmanager \
    --config.file="$monitoring_dir/alertmanager.yml" --storage.path="$monitoring_dir/alertmanager-data" \
    --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --cluster.listen-address=
  start_daemon prometheus prometheus_up prometheus \
    --config.file="$monitoring_dir/prometheus.yml" --storage.tsdb.path="$monitoring_dir/prometheus-data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT"
}

stop_daemon() { # name
  local pid_file="$monitoring_dir/$1.pid"
  [ -f "$pid_file" ] || return 0
  kill -TERM "$(cat "$pid_file")" 2>/dev/null || true
  rm -f "$pid_file"
}

print_settings() {
  cat <<OUT
PostgreSQL  Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD
RabbitMQ    amqp://guest:guest@127.0.0.1:$RABBIT_PORT/   management http://127.0.0.1:$RABBIT_MGMT_PORT/ (guest/guest)
Redis       127.0.0.1:$REDIS_PORT
Prometheus  http://127.0.0.1:$PROMETHEUS_PORT/   (scrapes silo $SILO_TARGETS, gateway $GATEWAY_TARGETS)
Alertmanager http://127.0.0.1:$ALERTMANAGER_PORT/ (delivers to $GATEWAY_URL/api/v1/alerts/webhook)
OUT
}

status() {
  local rc=0
  if pg_up; then echo "postgresql  up"; else echo "postgresql  down"; rc=1; fi
  if rabbit_up; then echo "rabbitmq    up"; else echo "rabbitmq    down"; rc=1; fi
  if redis_up; then echo "redis       up"; else echo "redis       down"; rc=1; fi
  if prometheus_up; then echo "prometheus  up"; else echo "prometheus  down"; rc=1; fi
  if alertmanager_up; then echo "alertmanager up"; else echo "alertmanager down"; rc=1; fi
  return $rc
}

down() {
  stop_daemon prometheus
  stop_daemon alertmanager
  if redis_up; then redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  if rabbit_amqp_up; then rabbitmqctl stop >/dev/null 2>&1 || true; fi
  if pg_up; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
  log "stopped"
}

case "${1:-up}" in
  up)
    install_missing
    start_postgres &
    pg_pid=$!
    start_redis
    start_rabbit
    start_monitoring
    wait "$pg_pid"
    print_settings
    ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
