// Converts a multi-document YAML file (e.g. `helm template` output) into one JSON array of its
// non-empty documents on stdout, for tools without a YAML parser (the deployment tests).
// Usage: node manifests-to-json.mjs rendered.yaml   (from .tools/node, see scripts/chart-tools.sh)
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const documents = parseAllDocuments(readFileSync(process.argv[2], "utf8"));
const broken = documents.filter((d) => d.errors.length > 0);
if (broken.length > 0) {
  console.error(broken.flatMap((d) => d.errors.map((e) => e.message)).join("\n"));
  process.exit(1);
}
console.log(JSON.stringify(documents.map((d) => d.toJS()).filter((o) => o !== null && o !== undefined)));
