// Strict Ajv over the served OpenAPI document: every component schema must compile, and every
// recorded real response body must validate against the schema of its operation and status.
// Usage: node validate.mjs schema.json exchanges.jsonl  -> prints a JSON report, exit 1 on failure.
import fs from "node:fs";
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, exchangesPath] = process.argv.slice(2);
const doc = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
const is31 = String(doc.openapi).startsWith("3.1");
const options = { strict: true, allErrors: true, validateFormats: true };
// Ajv 8 knows OpenAPI 3.0's `nullable` (and insists on a `type` beside it).
const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
addFormats(ajv);
// OpenAPI's own annotations, not JSON Schema keywords.
for (const keyword of ["example", "discriminator", "xml", "externalDocs", "x-extensible-enum"]) {
  try {
    ajv.addKeyword(keyword);
  } catch {
    // already known to this Ajv
  }
}

const BASE = "https://contract.invalid/components/schemas/";
const rewrite = (node) => {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node && typeof node === "object") {
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")
        ? BASE + value.slice("#/components/schemas/".length)
        : rewrite(value);
    }
    return out;
  }
  return node;
};
const components = doc.components?.schemas ?? {};
for (const [name, schema] of Object.entries(components)) {
  ajv.addSchema({ ...rewrite(schema), $id: BASE + name });
}
const compileFailures = [];
for (const name of Object.keys(components)) {
  try {
    ajv.getSchema(BASE + name);
  } catch (error) {
    compileFailures.push(`${name}: ${error.message}`);
  }
}

const validators = new Map();
const responseSchema = (template, method, status, media) => {
  const operation = doc.paths?.[template]?.[method];
  const response = operation?.responses?.[String(status)] ?? operation?.responses?.default;
  return response?.content?.[media]?.schema;
};
const bodyFailures = [];
let checked = 0;
const lines = exchangesPath ? fs.readFileSync(exchangesPath, "utf8").split("\n").filter(Boolean) : [];
for (const line of lines) {
  const x = JSON.parse(line);
  const schema = responseSchema(x.template, x.method, x.status, x.media);
  if (!schema) {
    if (x.body !== null) bodyFailures.push(`${x.method.toUpperCase()} ${x.url} ${x.status} ${x.media}: not documented`);
    continue;
  }
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(rewrite(schema));
    } catch (error) {
      validate = () => false;
      validate.errors = [{ message: `does not compile: ${error.message}` }];
    }
    validators.set(key, validate);
  }
  checked += 1;
  if (!validate(x.body)) {
    const first = (validate.errors ?? []).slice(0, 2).map((e) => `${e.instancePath} ${e.message}`).join("; ");
    bodyFailures.push(`${x.method.toUpperCase()} ${x.url} ${x.status}: ${first}`);
  }
}
const report = {
  openapi: doc.openapi,
  components: Object.keys(components).length,
  compileFailures,
  responses: checked,
  bodyFailures,
};
console.log(JSON.stringify(report, null, 1));
process.exit(compileFailures.length || bodyFailures.length ? 1 : 0);
