// Validates every object of a multi-document YAML file (e.g. `helm template` output) against the
// Kubernetes OpenAPI schemas shipped in the npm package kubernetes-models, with no cluster.
// Usage: node validate-manifests.mjs rendered.yaml   (run from a folder whose node_modules has
// kubernetes-models and yaml: scripts/chart-check.sh copies it into .tools/node/).
// Prints "ok Kind/name" or "FAIL Kind/name: reason" per object; exits 1 if any failed.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-manifests.mjs <rendered.yaml>");
  process.exit(2);
}

let failed = 0;
let checked = 0;
for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
  if (document.errors.length > 0) {
    console.log(`FAIL YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    failed++;
    continue;
  }
  const object = document.toJS();
  if (object === null || object === undefined) continue;
  const id = `${object.kind}/${object.metadata?.name}`;
  checked++;
  try {
    // "v1" is the core group; "apps/v1" lives at kubernetes-models/apps/v1; the Prometheus
    // Operator's kinds come in their own package.
    const models = object.apiVersion.startsWith("monitoring.coreos.com/") ? "@kubernetes-models/prometheus-operator" : "kubernetes-models";
    const module = await import(`${models}/${object.apiVersion}`);
    const Model = module[object.kind];
    if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
    console.log(`ok ${id}`);
  } catch (error) {
    console.log(`FAIL ${id}: ${error.message}`);
    failed++;
  }
}

console.log(`${checked} objects checked, ${failed} failed`);
if (checked === 0) {
  console.log("FAIL nothing to validate");
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
