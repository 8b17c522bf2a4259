#!/usr/bin/env bash
# Brings the whole Observatory up on this machine: backing services, a Release build, database
# migrations (applied by the silo at start), one silo, the gateway and the dashboard. Prints the URLs when the
# system is ready to accept tasks. Safe to run again: what already runs is left alone.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_dir="$root/.run"
mkdir -p "$run_dir"

GATEWAY_URL=${OBSERVATORY_GATEWAY_URL:-http://127.0.0.1:5080}
SILO_URL=${OBSERVATORY_SILO_URL:-http://127.0.0.1:5081}
DASHBOARD_URL=${OBSERVATORY_DASHBOARD_URL:-http://127.0.0.1:5082}

log() { printf '[up] %s\n' "$*" >&2; }

alive() { [ -f "$run_dir/$1.pid" ] && kill -0 "$(cat "$run_dir/$1.pid")" 2>/dev/null; }

wait_ready() { # name url seconds
  local name=$1 url=$2 seconds=$3 i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -sf -o /dev/null "$url/readyz"; then return 0; fi
    if ! alive "$name"; then
      log "$name exited; last lines of $run_dir/$name.log:"
      tail -n 30 "$run_dir/$name.log" >&2
      return 1
    fi
    sleep 0.25
  done
  log "$name not ready after ${seconds}s; see $run_dir/$name.log"
  return 1
}

# A local API key for everything that changes state, made once and kept in .run/api-key; the
# gateway is given only its hash, as a deployment would configure it.
api_key_file="$run_dir/api-key"
if [ ! -s "$api_key_file" ]; then
  (umask 077 && printf 'obs_%s' "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" >"$api_key_file")
fi
API_KEY=$(cat "$api_key_file")
export Observatory__Api__Keys__0__Name=local Observatory__Api__Keys__0__Scopes__0=read Observatory__Api__Keys__0__Scopes__1=write
export Observatory__Api__Keys__0__Sha256
Observatory__Api__Keys__0__Sha256=$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)

start() { # name project-dir dll url
  local name=$1 dir=$2 dll=$3 url=$4
  if alive "$name"; then
    log "$name already running (pid $(cat "$run_dir/$name.pid"))"
    return
  fi
  log "starting $name on $url"
  # exec: the recorded pid is the application itself, and nothing here keeps our stdout open.
  # The webhook token scripts/services.sh created for Alertmanager; only the gateway reads it.
  (cd "$dir/bin/Release/net10.0" && ASPNETCORE_URLS="$url" DOTNET_ENVIRONMENT=Production \
    Observatory__Alerts__WebhookToken="$(cat "$run_dir/alert-webhook-token")" \
    exec setsid dotnet "$dll" >"$run_dir/$name.log" 2>&1 </dev/null) &
  echo $! >"$run_dir/$name.pid"
}

bash scripts/services.sh up >/dev/null

log "building (Release)"
dotnet build Observatory.sln -c Release -nologo -clp:ErrorsOnly -v:q

start silo silo Observatory.Silo.dll "$SILO_URL"
wait_ready silo "$SILO_URL" 120
start gateway gateway Observatory.Gateway.dll "$GATEWAY_URL"
wait_ready gateway "$GATEWAY_URL" 120

# The dashboard's user: a password made once and kept in .run/dashboard-password; the dashboard is
# given only its PBKDF2 hash, made by the dashboard itself.
dashboard_password_file="$run_dir/dashboard-password"
if [ ! -s "$dashboard_password_file" ]; then
  (umask 077 && od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$dashboard_password_file")
fi
DASHBOARD_PASSWORD=$(cat "$dashboard_password_file")
export Observatory__Dashboard__User__Name=admin Observatory__Dashboard__User__PasswordHash
# The launcher's links to this machine's services (a deployment configures its own; none is built in).
export Observatory__Dashboard__Links__0__Name="API reference" Observatory__Dashboard__Links__0__Url="$GATEWAY_URL/api/reference" \
  Observatory__Dashboard__Links__1__Name="RabbitMQ management" Observatory__Dashboard__Links__1__Url="http://127.0.0.1:15672/" \
  Observatory__Dashboard__Links__2__Name="Prometheus" Observatory__Dashboard__Links__2__Url="http://127.0.0.1:${PROMETHEUS_PORT:-9090}/" \
  Observatory__Dashboard__Links__3__Name="Alertmanager" Observatory__Dashboard__Links__3__Url="http://127.0.0.1:${ALERTMANAGER_PORT:-9093}/"
Observatory__Dashboard__User__PasswordHash=$(printf '%s\n' "$DASHBOARD_PASSWORD" | dotnet dashboard/bin/Release/net10.0/Observatory.Dashboard.dll hash-password)
start dashboard dashboard Observatory.Dashboard.dll "$DASHBOARD_URL"
wait_ready dashboard "$DASHBOARD_URL" 120

cat <<OUT

Observatory is up.
  Dashboard        $DASHBOARD_URL/   (sign in as admin / $DASHBOARD_PASSWORD, also in $dashboard_password_file)
  Orleans          $DASHBOARD_URL/orleans/   (after signing in to the dashboard)
  Gateway API      $GATEWAY_URL/api/v1/tasks   (API key: $API_KEY, also in $api_key_file)
  Gateway health   $GATEWAY_URL/healthz  $GATEWAY_URL/readyz  $GATEWAY_URL/metrics
  Silo health      $SILO_URL/healthz  $SILO_URL/readyz  $SILO_URL/metrics
  RabbitMQ UI      http://127.0.0.1:15672/  (guest / guest)
  Prometheus       http://127.0.0.1:${PROMETHEUS_PORT:-9090}/   (alerts: /alerts; rules: observability/prometheus/rules.yml)
  Alertmanager     http://127.0.0.1:${ALERTMANAGER_PORT:-9093}/   (delivers to $GATEWAY_URL/api/v1/alerts/webhook)
  Active alerts    $GATEWAY_URL/api/v1/alerts
  Grafana          import observability/grafana/dashboards/observatory.json (datasource uid observatory-prometheus)
  PostgreSQL       Host=127.0.0.1;Port=5432;Database=observatory;Username=observatory;Password=observatory
  Logs             $run_dir/silo.log  $run_dir/gateway.log  $run_dir/dashboard.log
  Stop             scripts/down.sh   (add --services to stop PostgreSQL, RabbitMQ, Redis, Prometheus and Alertmanager too)

Try it:
  curl -si -X POST $GATEWAY_URL/api/v1/tasks -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' -d '{"type":"sleep","payload":{"durationMs":500}}'
OUT
