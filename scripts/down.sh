#!/usr/bin/env bash
# Stops the dashboard, gateway and silo that scripts/up.sh started (graceful first, then forced);
# with --services also stops PostgreSQL, RabbitMQ, Redis, Prometheus and Alertmanager.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run_dir="$root/.run"

stop() {
  local name=$1 pid i
  [ -f "$run_dir/$name.pid" ] || return 0
  pid=$(cat "$run_dir/$name.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    # A silo leaves the cluster and hands its queues over on SIGTERM; give it time to.
    for ((i = 0; i < 120; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$run_dir/$name.pid"
}

stop dashboard
stop gateway
stop silo
if [ "${1:-}" = "--services" ]; then
  bash "$root/scripts/services.sh" down
fi
