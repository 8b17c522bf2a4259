#!/usr/bin/env bash
# Installs (when missing) and runs Observatory's backing services on loopback, without systemd:
# PostgreSQL 15, RabbitMQ 3.10 (with the management plugin) and Redis 7.
#   scripts/services.sh up       install if needed, start, wait until each answers, print settings
#   scripts/services.sh down     stop all three
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

print_settings() {
  cat <<OUT
PostgreSQL  Host=127.0.0.1;Port=$PG_PORT;Database=$PG_DB;Username=$PG_USER;Password=$PG_PASSWORD
RabbitMQ    amqp://guest:guest@127.0.0.1:$RABBIT_PORT/   management http://127.0.0.1:$RABBIT_MGMT_PORT/ (guest/guest)
Redis       127.0.0.1:$REDIS_PORT
OUT
}

status() {
  local rc=0
  if pg_up; then echo "postgresql  up"; else echo "postgresql  down"; rc=1; fi
  if rabbit_up; then echo "rabbitmq    up"; else echo "rabbitmq    down"; rc=1; fi
  if redis_up; then echo "redis       up"; else echo "redis       down"; rc=1; fi
  return $rc
}

down() {
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
    wait "$pg_pid"
    print_settings
    ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
